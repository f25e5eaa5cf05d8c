"""Every path the project uses, defined once.

The project root is the folder that holds ``pyproject.toml`` next to the ``kpi``
package. Set ``KPI_PROJECT_ROOT`` to point the library at another checkout
(tests use it to work in a temporary copy).

Examples
--------
>>> from kpi.core import paths
>>> paths.RAW.name
'raw'
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parents[1]  # kpi/


def project_root() -> Path:
    """Return the project root (``KPI_PROJECT_ROOT`` or the checkout holding ``kpi/``)."""
    env = os.environ.get("KPI_PROJECT_ROOT")
    return Path(env).resolve() if env else _PACKAGE_DIR.parent


ROOT = project_root()
DATA = ROOT / "data"
RAW = DATA / "raw"
PROCESSED = DATA / "processed"
TEMPLATES = DATA / "templates"
FIGURES = ROOT / "figures"
REPORTS = ROOT / "reports"
NOTEBOOKS = ROOT / "notebooks"
SCENARIOS = ROOT / "scenarios"
CACHE = ROOT / ".kpi-cache"  # the parsed-input cache and the record of the last build

INDICATORS_YAML = RAW / "indicators.yaml"
REGIONS_YAML = RAW / "regions.yaml"
#: Plans, one folder each (its targets workbook, its text if any, their sidecars): kpi.inputs.plans.
PLANS_DIR = RAW / "plans"
#: The plan evaluated when none is named: 盐开发〔2022〕4号, the zone's March-2022 plan.
DEFAULT_PLAN = "yancheng-etdz-2022-4"
#: The name of a plan folder's targets workbook.
PLAN_TARGETS = "targets.xlsx"
TARGETS_XLSX = PLANS_DIR / DEFAULT_PLAN / PLAN_TARGETS
POLICY_TEXT = PLANS_DIR / DEFAULT_PLAN / "yancheng-etdz-2022-no4-implementation-opinions.txt"
YEARBOOK_DIR = RAW / "yearbooks"
FACTS_DIR = RAW / "facts"
ZONE_DIR = RAW / "zone"
OFFICIAL_DIR = RAW / "official"  # hand-filled tidy workbooks with official figures go here

#: The processed tables the build writes under data/processed, by the name notebooks use for them.
PROCESSED_TABLES = {"history": "history.csv", "all_vintages": "history_all_vintages.csv", "targets": "targets.csv",
                    "card": "scorecard.csv", "projections": "projections.csv", "relative": "relative.csv",
                    "coherence": "coherence.csv", "validation": "validation_report.csv",
                    # every plan folder (kpi.model.plan_evaluation): one row a plan; the further plans' scorecards
                    "plans": "plans.csv", "plans_card": "plans_scorecard.csv"}
#: Processed tables read only by the steps that show them (not by every notebook through ``views.load``): the
#: final evaluation (kpi.model.final), the next plan's levels (kpi.model.achievable), the track record.
PROCESSED_SHOWN_APART = {"final_evaluation": "final_evaluation.csv", "next_plan": "next_plan.csv",
                         "track_record": "track_record.csv"}
#: Where each further plan's own tables go: data/processed/plans/<plan id>/{scorecard,completion}.csv.
PROCESSED_PLANS = PROCESSED / "plans"


def inside_project(path: str | os.PathLike[str], *, root: Path | None = None) -> Path:
    """Resolve ``path`` (relative to the project root) and refuse anything outside it.

    Parameters
    ----------
    path : str or path-like
        A path from a configuration or scenario file.
    root : Path, optional
        The folder the path must stay inside; the project root by default.

    Returns
    -------
    Path
        The resolved absolute path.

    Raises
    ------
    ValueError
        If the path resolves outside ``root`` (``..`` tricks, absolute paths, symlinks).

    Examples
    --------
    >>> inside_project("data/raw").name
    'raw'
    """
    base = (root or ROOT).resolve()
    p = Path(path)
    resolved = (p if p.is_absolute() else base / p).resolve()
    if resolved != base and base not in resolved.parents:
        raise ValueError(f"path {str(path)!r} points outside the project folder {base}; "
                         "expected a path inside the project")
    return resolved


def shown(path: str | os.PathLike[str]) -> str:
    """How messages and tables name a file: relative to the project root (with ``/``) when inside it, else as given.

    >>> shown(RAW / "regions.yaml")
    'data/raw/regions.yaml'
    >>> shown("/elsewhere/x.xlsx")
    '/elsewhere/x.xlsx'
    """
    try:
        return Path(path).resolve().relative_to(ROOT).as_posix()
    except (ValueError, OSError):
        return str(path)
