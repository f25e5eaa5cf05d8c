"""kpi — will the plan's targets be met?

Target registry, historical data with provenance, calibrated projections,
reachability verdicts, scenarios and bilingual briefing outputs for the Yancheng
Economic and Technological Development Zone's 2025 targets (盐开发〔2022〕4号).

Public API (imported lazily, so ``import kpi`` is fast)::

    kpi.load_targets()        the target registry (validated DataFrame)
    kpi.load_indicators()     the indicator registry
    kpi.load_history()        tidy history: indicator, region, year, value, unit, status, source, vintage, note…
    kpi.load_facts()          published facts with URLs and reliability
    kpi.project(y, until=…)   calibrated trend projection with 80/95 % intervals
    kpi.assess()              one row per target: progress scores, probability, verdict
    kpi.targets_overview()    targets by area and year
    kpi.write_history_workbook(path)  the blank template for adding official figures

Examples
--------
>>> import kpi
>>> kpi.load_targets().loc["gdp_2025", "value"]
np.float64(800.0)
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_API = {
    "load_targets": "kpi.targets",
    "targets_overview": "kpi.targets",
    "load_indicators": "kpi.registry",
    "load_regions": "kpi.registry",
    "load_history": "kpi.history",
    "load_facts": "kpi.facts",
    "project": "kpi.projection",
    "TrendModel": "kpi.projection",
    "assess": "kpi.assess",
    "analyse": "kpi.assess",
    "write_history_workbook": "kpi.template",
    "load_scenario": "kpi.scenarios",
    "load_scenarios": "kpi.scenarios",
    "Report": "kpi.errors",
    "DataValidationError": "kpi.errors",
    "UnusableInputError": "kpi.errors",
}

__all__ = sorted(_API)


def __getattr__(name: str) -> Any:
    if name in _API:
        return getattr(import_module(_API[name]), name)
    raise AttributeError(f"module 'kpi' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(list(globals()) + list(_API))
