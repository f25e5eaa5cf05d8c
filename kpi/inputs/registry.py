"""The indicator and region registries (``data/raw/indicators.yaml``, ``regions.yaml``).

Indicators are the series the project measures; regions the places they are
measured for. Loaders map the names they find in workbooks ("地区生产总值",
"生 产 总 值", "GDP") to registry ids through the aliases, after
:func:`kpi.inputs.cells.fold_name`.

Examples
--------
>>> ind = load_indicators()
>>> ind.loc["gdp", "unit"], ind.loc["gdp", "kind"]
('亿元', 'level')
>>> match_indicator("地区生产总值"), match_indicator("生产总值"), match_indicator("ＧＤＰ")
('gdp', 'gdp', 'gdp')
>>> match_region("盐 城")
'yancheng'
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

from kpi.core import paths, yamlsafe
from kpi.inputs import units
from kpi.inputs.cells import fold_name
from kpi.core.errors import DataValidationError, Report

INDICATOR_KINDS = ("level", "share", "count", "rate", "rank", "intensity")
AREAS = ("aggregates", "industry", "innovation", "energy", "environment", "opening", "livelihood",
         "agriculture", "social")


def _read_yaml(path: Path, key: str, report: Report) -> dict:
    try:
        with open(path, encoding="utf-8") as fh:
            data = yamlsafe.load(fh)
    except FileNotFoundError:
        report.add(path, "registry file not found")
        return {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        report.add(path, f"not valid YAML ({getattr(exc, 'problem', exc)})",
                   row=(mark.line + 1) if mark else None)
        return {}
    if not isinstance(data, dict) or not isinstance(data.get(key), dict):
        report.add(path, f"registry has no '{key}:' mapping", expected=f"a top-level '{key}:' mapping of ids")
        return {}
    return data[key]


@lru_cache(maxsize=4)
def _indicators(path: Path) -> tuple[pd.DataFrame, dict[str, str]]:
    """The registry frame and its folded alias → id map (kept out of ``frame.attrs``: pandas deep-copies
    attrs on every access)."""
    from kpi.model.projection import calibration_panels

    report = Report()
    panels = calibration_panels()
    raw = _read_yaml(path, "indicators", report)
    rows, seen_alias = [], {}
    for iid, spec in raw.items():
        if not isinstance(spec, dict):
            report.add(path, "indicator entry is not a mapping", column=str(iid))
            continue
        for field in ("name_zh", "name_en", "unit", "kind", "area"):
            if not spec.get(field):
                report.add(path, f"indicator {iid!r} lacks '{field}'")
        if spec.get("unit") and not units.is_known(spec["unit"]):
            report.add(path, f"indicator {iid!r} has an undeclared unit", value=spec["unit"],
                       expected="a unit declared in kpi/inputs/units.py")
        if spec.get("kind") and spec["kind"] not in INDICATOR_KINDS:
            report.add(path, f"indicator {iid!r} has an unknown kind", value=spec["kind"],
                       expected=" | ".join(INDICATOR_KINDS))
        if spec.get("area") and spec["area"] not in AREAS:
            report.add(path, f"indicator {iid!r} has an unknown area", value=spec["area"], expected=" | ".join(AREAS))
        panel = spec.get("calibration", "all")
        if panel not in panels:
            report.add(path, f"indicator {iid!r} names an unknown calibration panel", value=panel,
                       expected=" | ".join(panels))
        aliases = [str(a) for a in spec.get("aliases") or []]
        for name in {fold_name(a) for a in [*aliases, iid, spec.get("name_zh", ""), spec.get("name_en", "")] if a}:
            other = seen_alias.setdefault(name, iid)
            if other != iid:
                report.add(path, f"alias {name!r} is claimed by two indicators", value=f"{other}, {iid}",
                           expected="each alias to name one indicator")
        rows.append({"id": iid, "name_zh": spec.get("name_zh"), "name_en": spec.get("name_en"),
                     "unit": units.canonical(spec["unit"]) if units.is_known(spec.get("unit") or "") else spec.get("unit"),
                     "kind": spec.get("kind"), "area": spec.get("area"), "per_year": bool(spec.get("per_year", False)),
                     "calibration": panel, "aliases": aliases})
    report.raise_if_errors("indicator registry")
    return pd.DataFrame(rows).set_index("id"), seen_alias


def load_indicators(path: Path | None = None) -> pd.DataFrame:
    """The indicator registry as a DataFrame indexed by indicator id.

    Columns: ``name_zh, name_en, unit, kind, area, per_year, calibration, aliases`` (``calibration`` is the
    reference panel of :func:`kpi.model.projection.load_calibration` whose errors set the indicator's intervals,
    ``"all"`` unless the YAML says otherwise). The targets each
    indicator measures come from :func:`kpi.load_targets` (column ``indicator``).

    Raises
    ------
    DataValidationError
        If the YAML is malformed, a unit is undeclared or an alias names two indicators.
    """
    return _indicators(Path(path or paths.INDICATORS_YAML))[0].copy()


@lru_cache(maxsize=4)
def _regions(path: Path) -> tuple[pd.DataFrame, dict[str, str]]:
    report = Report()
    raw = _read_yaml(path, "regions", report)
    rows, seen = [], {}
    for rid, spec in raw.items():
        aliases = [str(a) for a in (spec or {}).get("aliases") or []]
        for name in {fold_name(a) for a in [*aliases, rid, (spec or {}).get("name_zh", "")] if a}:
            if seen.setdefault(name, rid) != rid:
                report.add(path, f"alias {name!r} is claimed by two regions", value=f"{seen[name]}, {rid}")
        rows.append({"id": rid, "name_zh": spec.get("name_zh"), "name_en": spec.get("name_en"),
                     "level": spec.get("level"), "aliases": aliases})
    report.raise_if_errors("region registry")
    return pd.DataFrame(rows).set_index("id"), seen


def load_regions(path: Path | None = None) -> pd.DataFrame:
    """The region registry as a DataFrame indexed by region id (``zone``, ``yancheng``, ``jiangsu``…)."""
    return _regions(Path(path or paths.REGIONS_YAML))[0].copy()


def match_indicator(name: object, *, path: Path | None = None) -> str | None:
    """The indicator id whose id, name or alias matches ``name`` after folding, else None."""
    return _indicators(Path(path or paths.INDICATORS_YAML))[1].get(fold_name(name))


def match_region(name: object, *, path: Path | None = None) -> str | None:
    """The region id whose id, name or alias matches ``name`` after folding, else None."""
    return _regions(Path(path or paths.REGIONS_YAML))[1].get(fold_name(name))


def indicator_unit(indicator: str) -> str:
    """Canonical unit of a registered indicator (``ValueError`` if unknown)."""
    ind = _indicators(Path(paths.INDICATORS_YAML))[0]
    if indicator not in ind.index:
        raise ValueError(f"unknown indicator {indicator!r}; known: {', '.join(sorted(ind.index))}")
    return str(ind.loc[indicator, "unit"])
