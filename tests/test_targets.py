"""The target registry: shipped content, reproducible build, and located messages for broken copies."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
import yaml

import kpi
from kpi.core import paths
from kpi.inputs import provenance, targets
from kpi.core.errors import DataValidationError, Report

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "build_targets_workbook.py"
SOURCE = ROOT / "scripts" / "targets_source.yaml"


@pytest.fixture(scope="module")
def tg():
    return kpi.load_targets()


@pytest.fixture(scope="module")
def policy_text() -> str:
    return re.sub(r"\s+", "", paths.POLICY_TEXT.read_text(encoding="utf-8"))


def test_registry_loads_with_enough_rows(tg):
    assert len(tg) >= 80
    assert tg.index.is_unique
    assert list(tg.columns) == [c for c in targets.COLUMNS if c != "id"]


@pytest.mark.parametrize("tid, value, unit, direction, year", [
    ("gdp_2025", 800, "亿元", ">=", 2025),
    ("va_industry_above_scale_2025", 400, "亿元", ">=", 2025),
    ("va_services_2025", 120, "亿元", ">=", 2025),
    ("fixed_asset_investment_2025", 500, "亿元", ">=", 2025),
    ("budget_revenue_2025", 50, "亿元", ">=", 2025),
    ("fdi_paid_in_2025", 8, "亿美元", ">=", 2025),
    ("trade_total_2025", 50, "亿美元", ">=", 2025),
    ("hightech_firms_2025", 220, "家", ">=", 2025),
    ("share_nonfossil_energy_2025", 35, "%", ">=", 2025),
    ("rd_share_gdp_2025", 3, "%", "~", 2025),
    ("sales_leading_industries_2025", 2000, "亿元", ">=", 2025),
    ("sales_industry_above_scale_2025", 2000, "亿元", ">=", 2025),
    ("major_projects_new_2021_2025", 50, "个", ">=", 2025),
    ("pm25_2022", 30, "μg/m3", "<=", 2022),
    ("etdz_rank_2023", 60, "位", "<=", 2023),
])
def test_headline_values(tg, tid, value, unit, direction, year):
    row = tg.loc[tid]
    assert (float(row["value"]), row["unit"], row["direction"], int(row["target_year"])) == \
        (value, unit, direction, year)


def test_stretch_cumulative_and_typo_notes(tg):
    assert tg.loc["tax_per_mu_industrial_land_2025", ["value", "stretch_value"]].tolist() == [12, 15]
    assert tg.loc["major_projects_new_2021_2025", "kind"] == "cumulative"
    assert int(tg.loc["major_projects_new_2021_2025", "start_year"]) == 2021
    assert "非化工能源" in tg.loc["share_nonfossil_energy_2025", "quote"]
    assert "非化石能源" in tg.loc["share_nonfossil_energy_2025", "notes"]
    assert tg.loc["kia_output_2022", "level"] == "company"


def test_relative_and_qualitative_rows_have_no_value(tg):
    soft = tg[tg["kind"].isin(targets.VALUELESS_KINDS)]
    assert len(soft) >= 5
    assert soft["value"].isna().all()
    assert tg.loc["gdp_growth_relative_2025", "kind"] == "relative"
    assert tg.loc["energy_intensity_2025", "kind"] == "qualitative"


def test_every_quote_is_in_the_policy_document(tg, policy_text):
    missing = [i for i, q in tg["quote"].items() if re.sub(r"\s+", "", q) not in policy_text]
    assert not missing
    assert (tg["quote"].str.len() <= targets.MAX_QUOTE).all()


def test_codes_are_valid(tg):
    assert tg["clause"].map(lambda c: bool(targets.CLAUSE_PATTERN.match(c))).all()
    assert set(tg["kind"]) <= set(targets.KINDS)
    assert set(tg["direction"].dropna()) <= set(targets.DIRECTIONS)
    assert set(tg["area"]) <= set(targets.AREAS)
    assert set(tg["level"]) <= set(targets.LEVELS)
    assert tg["target_year"].between(targets.FIRST_YEAR, targets.LAST_YEAR).all()


def test_indicators_are_registered(tg):
    from kpi.inputs import registry

    used = set(tg["indicator"].dropna())
    assert used <= set(registry.load_indicators().index)
    assert {"gdp", "hightech_firms", "share_nonfossil_energy"} <= used


def test_shipped_workbook_has_valid_provenance():
    meta = provenance.verify(paths.TARGETS_XLSX)
    assert paths.POLICY_TEXT.name in meta["obtained_from"]
    assert provenance.verify(paths.POLICY_TEXT)["sha256"]
    assert paths.TARGETS_XLSX.parent == paths.POLICY_TEXT.parent == paths.PLANS_DIR / paths.DEFAULT_PLAN


def test_overview_counts_every_target_once_and_components_apart(tg):
    parts = tg["component_of"].notna()
    assert parts.sum() >= 12  # 8 PV projects, 4 battery projects, 3 PV sales segments
    for lang, total, comp in (("zh", "合计", "组成项（不计入）"), ("en", "Total", "components (not counted)")):
        ov = targets.overview(tg, lang=lang)
        assert int(ov.loc[total, total]) == int((~parts).sum())
        assert int(ov.loc[total, comp]) == int(parts.sum())
        assert int(ov.loc[total, total]) + int(ov.loc[total, comp]) == len(tg)
    with pytest.raises(ValueError, match="lang must be"):
        targets.overview(tg, lang="fr")


def _build(out: Path) -> bytes:
    subprocess.run([sys.executable, str(SCRIPT), str(out), "--no-sidecar"], check=True, cwd=ROOT,
                   capture_output=True)
    return out.read_bytes()


def test_build_is_byte_reproducible(tmp_path):
    a = _build(tmp_path / "a.xlsx")
    b = _build(tmp_path / "b.xlsx")
    assert a == b
    assert a == paths.TARGETS_XLSX.read_bytes(), "data/raw/targets.xlsx is stale: rerun the build script"
    wb = openpyxl.load_workbook(tmp_path / "a.xlsx")
    assert wb.sheetnames == ["plan", "targets", "说明 README", "lists"]
    assert wb["targets"].freeze_panes == "B2"
    assert len(wb["targets"].data_validations.dataValidation) >= 4


def test_source_yaml_matches_workbook(tg):
    rows = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))["targets"]
    assert [r["id"] for r in rows] == list(tg.index)


# ── broken copies ─────────────────────────────────────────────────────────────────────────────

def _rows() -> list[dict]:
    rows = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))["targets"]
    by_id = {r["id"]: dict(r) for r in rows}
    return [by_id[i] for i in ("gdp_2025", "hightech_firms_2025", "share_nonfossil_energy_2025",
                               "gdp_growth_relative_2025")]


def _write(path: Path, rows: list[dict], *, columns=targets.COLUMNS, sheet: str = "targets") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(list(columns))
    for r in rows:
        ws.append([r.get(c) for c in columns])
    wb.save(path)
    return path


def _set(rows, i, **kw):
    rows[i].update(kw)
    return rows


BROKEN = {
    "missing_column": (lambda p: _write(p, _rows(), columns=[c for c in targets.COLUMNS if c != "unit"]),
                       r"sheet 'targets', row 1: required column 'unit' is missing.*expected the header names id, "),
    "renamed_column": (lambda p: _write(p, _rows(), columns=[("target" if c == "value" else c)
                                                              for c in targets.COLUMNS]),
                       r"required column 'value' is missing"),
    "text_in_value": (lambda p: _write(p, _set(_rows(), 0, value="约500")),
                      r"sheet 'targets', cell F2: approximate or bounded value in a number cell: got '约500', "
                      r"expected a plain number"),
    "bad_direction": (lambda p: _write(p, _set(_rows(), 1, direction="大于")),
                      r"sheet 'targets', cell I3: unknown direction: got '大于', expected >= \| <= \| ~"),
    "duplicate_id": (lambda p: _write(p, _set(_rows(), 1, id="gdp_2025")),
                     r"cell A3: duplicate id \(first used in cell A2\): got 'gdp_2025'"),
    "share_120": (lambda p: _write(p, _set(_rows(), 2, value=120)),
                  r"cell F4: share out of range: got 120.*between 0 and 100"),
    "unknown_indicator": (lambda p: _write(p, _set(_rows(), 0, indicator="gdp_typo")),
                          r"cell M2: unknown indicator: got 'gdp_typo', expected an id of data/raw/indicators.yaml"),
    "missing_sheet": (lambda p: _write(p, _rows(), sheet="Sheet1"),
                      r"no sheet named 'targets': got 'Sheet1'"),
    "bad_clause": (lambda p: _write(p, _set(_rows(), 0, clause="第二条")),
                   r"cell C2: clause is not a section reference: got '第二条'"),
    "year_out_of_range": (lambda p: _write(p, _set(_rows(), 0, target_year=2050)),
                          r"cell L2: year out of range.*between 2021 and 2035"),
    "start_after_target": (lambda p: _write(p, _set(_rows(), 0, start_year=2026)),
                           r"cell K2: start year after the target year 2025"),
    "stretch_wrong_side": (lambda p: _write(p, _set(_rows(), 0, stretch_value=700)),
                           r"cell H2: stretch value below the value 800 for direction >="),
    "missing_value": (lambda p: _write(p, _set(_rows(), 1, value=None)),
                      r"cell F3: missing value for a count target"),
    "unknown_unit": (lambda p: _write(p, _set(_rows(), 0, unit="亿元人名币")),
                     r"cell G2: unknown unit: got '亿元人名币'"),
    "long_quote": (lambda p: _write(p, _set(_rows(), 0, quote="到2025年，全区地区生产总值超800亿元，规上工业增加值达400亿元")),
                   r"cell O2: quote longer than 30 characters"),
    "bad_area": (lambda p: _write(p, _set(_rows(), 0, area="总量")),
                 r"cell B2: unknown area: got '总量'"),
}


def test_good_copy_loads(tmp_path):
    tg = targets.load_targets(_write(tmp_path / "targets_ok.xlsx", _rows()))
    assert len(tg) == 4 and float(tg.loc["gdp_2025", "value"]) == 800


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_copy_gives_located_message(tmp_path, case):
    make, pattern = BROKEN[case]
    path = make(tmp_path / f"targets_{case}.xlsx")
    with pytest.raises(DataValidationError, match=pattern) as info:
        targets.load_targets(path)
    assert f"targets_{case}.xlsx" in str(info.value)


def test_validate_collects_every_problem(tmp_path):
    rows = _set(_set(_rows(), 0, value="约500"), 2, value=120)
    report = Report()
    frame = targets.validate_targets(_write(tmp_path / "targets_two.xlsx", rows), report)
    assert len(report.errors) == 2
    assert {p.cell for p in report.errors} == {"F2", "F4"}
    assert list(frame.index) == ["hightech_firms_2025", "gdp_growth_relative_2025"]


def test_changed_workbook_is_refused_by_its_sidecar(tmp_path):
    path = _write(tmp_path / "targets.xlsx", _rows())
    provenance.write_sidecar(path, title="t", producer="p", obtained_from="o", obtained_on="2026-11-25", notes="n")
    targets.load_targets(path)
    _write(path, _rows()[:2])
    with pytest.raises(DataValidationError, match="does not match the checksum"):
        targets.load_targets(path)


def test_a_hidden_sheet_of_targets_is_an_error_not_ignored(tmp_path):
    import openpyxl

    from kpi.core.errors import Report
    from kpi.inputs import targets as targets_module

    wb = openpyxl.load_workbook(paths.TARGETS_XLSX)
    extra = wb.copy_worksheet(wb["targets"])
    extra.title = "targets (2)"
    extra.sheet_state = "hidden"
    out = tmp_path / "targets_copy.xlsx"
    wb.save(out)
    report = Report()
    targets_module.validate_targets(out, report)
    (err,) = report.errors
    assert err.sheet == "targets (2)" and "hidden sheet 'targets (2)' looks like data" in err.message
