"""The indicator and region registries (``data/raw/indicators.yaml``, ``regions.yaml``).

Indicators are the series the project measures; regions the places they are
measured for. Loaders map the names they find in workbooks ("地区生产总值",
"生 产 总 值", "GDP") to registry ids through the aliases, after
:func:`kpi.inputs.cells.fold_name`.

Examples
--------
>>> ind = load_indicators()
>>> ind.loc["gdp", "unit"], ind.loc["gdp", "measure"]
('亿元', 'level')
>>> reg = load_registry()
>>> reg.match_indicator("地区生产总值"), reg.match_indicator("生产总值"), reg.match_indicator("ＧＤＰ")
('gdp', 'gdp', 'gdp')
>>> reg.match_region("盐 城")
'yancheng'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from kpi.core import paths, yamlsafe
from kpi.inputs import units
from kpi.inputs.calibration import calibration_panels
from kpi.inputs.cells import fold_name
from kpi.core.errors import Report
from kpi.core import labels
from kpi.core.labels import AREAS, CENSUS_KINDS, MEASURES



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


def _parse_indicators(path: Path, report: Report) -> tuple[pd.DataFrame, dict[str, str]]:
    """The indicator frame and its folded alias → id map, every problem into ``report``."""
    panels = calibration_panels()
    raw = _read_yaml(path, "indicators", report)
    rows, seen_alias = [], {}
    for iid, spec in raw.items():
        if not isinstance(spec, dict):
            report.add(path, "indicator entry is not a mapping", column=str(iid))
            continue
        for field in ("name_zh", "name_en", "unit", "measure", "area"):
            if not spec.get(field):
                report.add(path, f"indicator {iid!r} lacks '{field}'")
        if spec.get("unit") and not units.is_known(spec["unit"]):
            report.add(path, f"indicator {iid!r} has an undeclared unit", value=spec["unit"],
                       expected="a unit declared in kpi/inputs/units.py")
        if spec.get("measure") and spec["measure"] not in MEASURES:
            report.add(path, f"indicator {iid!r} has an unknown measure", value=spec["measure"],
                       expected=" | ".join(MEASURES))
        if spec.get("area") and spec["area"] not in AREAS:
            report.add(path, f"indicator {iid!r} has an unknown area", value=spec["area"], expected=" | ".join(AREAS))
        panel = spec.get("calibration", "all")
        if panel not in panels:
            report.add(path, f"indicator {iid!r} names an unknown calibration panel", value=panel,
                       expected=" | ".join(panels))
        censuses = spec.get("censuses", ["economic"])
        if not isinstance(censuses, list) or any(c not in CENSUS_KINDS for c in censuses):
            report.add(path, f"indicator {iid!r} names an unknown census", value=censuses,
                       expected="a list of " + " | ".join(CENSUS_KINDS))
            censuses = ["economic"]
        aliases = [str(a) for a in spec.get("aliases") or []]
        for name in {fold_name(a) for a in [*aliases, iid, spec.get("name_zh", ""), spec.get("name_en", "")] if a}:
            other = seen_alias.setdefault(name, iid)
            if other != iid:
                report.add(path, f"alias {name!r} is claimed by two indicators", value=f"{other}, {iid}",
                           expected="each alias to name one indicator")
        rows.append({"id": iid, "name_zh": spec.get("name_zh"), "name_en": spec.get("name_en"),
                     "unit": units.canonical(spec["unit"]) if units.is_known(spec.get("unit") or "") else spec.get("unit"),
                     "measure": spec.get("measure"), "area": spec.get("area"), "per_year": bool(spec.get("per_year", False)),
                     "calibration": panel, "censuses": tuple(censuses), "aliases": aliases})
    return pd.DataFrame(rows).set_index("id"), seen_alias


def _parse_regions(path: Path, report: Report) -> tuple[pd.DataFrame, dict[str, str]]:
    raw = _read_yaml(path, "regions", report)
    rows, seen = [], {}
    for rid, spec in raw.items():
        aliases = [str(a) for a in (spec or {}).get("aliases") or []]
        for name in {fold_name(a) for a in [*aliases, rid, (spec or {}).get("name_zh", "")] if a}:
            if seen.setdefault(name, rid) != rid:
                report.add(path, f"alias {name!r} is claimed by two regions", value=f"{seen[name]}, {rid}")
        rows.append({"id": rid, "name_zh": spec.get("name_zh"), "name_en": spec.get("name_en"),
                     "short_zh": spec.get("short_zh") or spec.get("name_zh"),
                     "short_en": spec.get("short_en") or spec.get("name_en"),
                     "level": spec.get("level"), "area": spec.get("area") or "", "aliases": aliases})
    frame = pd.DataFrame(rows).set_index("id")
    for rid, area in frame["area"].items():
        if area and area not in frame.index:
            report.add(path, f"region {rid!r} names an unknown area", value=area, expected="a region id such as sunan")
    return frame, seen


@dataclass(frozen=True)
class Registry:
    """The indicator and region registries, read once and passed to every loader that matches names.

    Loaders take a ``registry`` and read the YAML files only when none is given, so a change to a registry
    file is seen by the next call (nothing is kept between calls).
    """

    indicators: pd.DataFrame
    regions: pd.DataFrame
    indicator_aliases: dict[str, str] = field(repr=False)
    region_aliases: dict[str, str] = field(repr=False)

    def match_indicator(self, name: object) -> str | None:
        """The indicator id whose id, name or alias matches ``name`` after folding, else None."""
        return self.indicator_aliases.get(fold_name(name))

    def match_region(self, name: object) -> str | None:
        """The region id whose id, name or alias matches ``name`` after folding, else None."""
        return self.region_aliases.get(fold_name(name))

    def region_label(self, region: str, lang: str = "zh") -> str:
        """The short name charts and tables use for ``region`` (its id when it is not registered)."""
        col = ("short_zh", "short_en")[labels.check_lang(lang)]
        return str(self.regions.at[region, col]) if region in self.regions.index else str(region)

    def area_members(self) -> dict[str, tuple[str, ...]]:
        """Each area (苏南 / 苏中 / 苏北) with the regions in it, the area's own row included.

        >>> load_registry().area_members()["suzhong"]
        ('nantong', 'yangzhou', 'taizhou', 'suzhong')
        """
        out: dict[str, list[str]] = {}
        for rid, area in self.regions["area"].items():
            if area:
                out.setdefault(str(area), []).append(str(rid))
        return {a: tuple(m) for a, m in out.items()}

    def indicator_unit(self, indicator: str) -> str:
        """Canonical unit of a registered indicator (``ValueError`` if unknown)."""
        if indicator not in self.indicators.index:
            raise ValueError(f"unknown indicator {indicator!r}; known: {', '.join(sorted(self.indicators.index))}")
        return str(self.indicators.at[indicator, "unit"])


def load_registry(*, indicators: Path | None = None, regions: Path | None = None) -> Registry:
    """Read and check both registries (``data/raw/indicators.yaml`` and ``regions.yaml`` by default).

    Raises
    ------
    DataValidationError
        If a YAML file is malformed, a unit is undeclared, a calibration panel unknown or an alias claimed twice.
    """
    report = Report()
    ind, ind_alias = _parse_indicators(Path(indicators or paths.INDICATORS_YAML), report)
    reg, reg_alias = _parse_regions(Path(regions or paths.REGIONS_YAML), report)
    report.raise_if_errors("registry")
    return Registry(ind, reg, ind_alias, reg_alias)


def load_indicators(path: Path | None = None) -> pd.DataFrame:
    """The indicator registry as a DataFrame indexed by indicator id.

    Columns: ``name_zh, name_en, unit, measure, area, per_year, calibration, censuses, aliases`` (``calibration``
    is the reference panel of :func:`kpi.inputs.calibration.load_calibration` whose errors set the indicator's
    intervals, ``"all"`` unless the YAML says otherwise; ``censuses`` the censuses that re-base the indicator's
    published levels, ``("economic",)`` unless the YAML says otherwise). The targets each indicator measures come from
    :func:`kpi.load_targets` (column ``indicator``).

    Raises
    ------
    DataValidationError
        If the YAML is malformed, a unit is undeclared or an alias names two indicators.
    """
    report = Report()
    frame, _ = _parse_indicators(Path(path or paths.INDICATORS_YAML), report)
    report.raise_if_errors("indicator registry")
    return frame


def load_regions(path: Path | None = None) -> pd.DataFrame:
    """The region registry as a DataFrame indexed by region id (``zone``, ``yancheng``, ``jiangsu``…)."""
    report = Report()
    frame, _ = _parse_regions(Path(path or paths.REGIONS_YAML), report)
    report.raise_if_errors("region registry")
    return frame
