"""A further plan folder for the tests: tests/fixtures/plans/<id>.yaml written as data/raw/plans/<id>/ (its
targets workbook by :func:`kpi.inputs.plan_workbook.write_plan_workbook`, and a provenance sidecar)."""

from __future__ import annotations

from pathlib import Path

import yaml

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "plans"
CITY_PLAN = "yancheng-city-135-example"


def fixture_source(name: str = CITY_PLAN) -> dict:
    """The fixture's plan fields and target rows."""
    return yaml.safe_load((FIXTURES / f"{name}.yaml").read_text(encoding="utf-8"))


def install_plan(raw: Path, name: str = CITY_PLAN, *, plan: dict | None = None) -> Path:
    """Write the fixture plan ``name`` as ``raw/plans/<id>/targets.xlsx`` with its sidecar; return the workbook.
    ``plan`` overrides plan-sheet fields (e.g. a bad value)."""
    from kpi.inputs.plan_workbook import write_plan_workbook
    from kpi.inputs.provenance import write_sidecar

    src = fixture_source(name)
    fields = {**src["plan"], **(plan or {})}
    out = write_plan_workbook(Path(raw) / "plans" / src["plan"]["id"] / "targets.xlsx", plan=fields,
                              rows=src["targets"], title=f"{fields['title_zh']} {fields['title_en']}")
    write_sidecar(out, title=fields["title_en"], producer="kpi tests", obtained_from=f"tests/fixtures/plans/{name}.yaml",
                  obtained_on="2026-12-01", notes="test fixture: illustrative, no one's targets")
    return out
