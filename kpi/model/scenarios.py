"""Scenarios as files: assumptions written out, checked before anything runs.

A scenario file (``scenarios/<name>.yaml``) adjusts the baseline trend paths::

    name: low                      # must match the file name
    title_zh: 低增长情景
    title_en: Low growth
    type: low                      # baseline | high | low | stress | plan
    description: >-
      Growth two points below trend for every level indicator.
    description_zh: 各总量指标年增速比趋势低 2 个百分点。   # optional; the English text is shown where it is missing
    adjustments:                   # per indicator id, or 'default' for all others
      default: {growth_pp: -2.0}   # levels: percentage points added to yearly growth
      share_nonfossil_energy: {increment: -0.5}   # shares: pp per year; counts: units per year
    shocks:                        # one-year shocks; the level stays lower afterwards
      - {indicator: all, year: 2023, change_pct: -6.0}
    capacity:                      # capacity coming on line: a permanent step from a year on
      - {indicator: share_nonfossil_energy, year: 2024, add: 3.0, note: offshore wind farm}

``type: plan`` needs no adjustments: every indicator with a target follows the path the target requires
(the same uncertainty around it). Every problem is reported with the file, the key and the allowed values,
before any notebook runs.

Examples
--------
>>> sc = load_scenario("baseline")
>>> sc.type, sc.adjustment("gdp")
('baseline', {})
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from kpi.core import labels, paths, yamlsafe
from kpi.inputs import registry
from kpi.core.errors import DataValidationError, Report

TYPES = tuple(labels.SCENARIO_TYPES)
TOP_KEYS = {"name": True, "title_zh": True, "title_en": True, "type": True, "description": True,
            "description_zh": False,
            "adjustments": False, "shocks": False, "capacity": False}
ADJ_KEYS = ("growth_pp", "increment")
SHOCK_KEYS = {"indicator": True, "year": True, "change_pct": True, "note": False}
CAPACITY_KEYS = {"indicator": True, "year": True, "add": True, "note": False}
GROWTH_PP_LIMIT = 20.0


@dataclass(frozen=True)
class Scenario:
    """A validated scenario."""

    name: str
    title_zh: str
    title_en: str
    type: str
    description: str
    adjustments: dict[str, dict[str, float]] = field(default_factory=dict)
    shocks: tuple[dict[str, Any], ...] = ()
    capacity: tuple[dict[str, Any], ...] = ()
    path: Path | None = None
    description_zh: str = ""

    def adjustment(self, indicator: str) -> dict[str, float]:
        """The adjustment for ``indicator`` (its own entry, else ``default``, else none)."""
        return dict(self.adjustments.get(indicator, self.adjustments.get("default", {})))

    def title(self, lang: str = "zh") -> str:
        return self.title_zh if lang == "zh" else self.title_en

    def describe(self, lang: str = "zh") -> str:
        """The description in ``lang`` (the English one where the file has no ``description_zh``)."""
        return self.description_zh if lang == "zh" and self.description_zh else self.description

    def yearly_change(self, indicator: str, measure: str) -> float:
        """The yearly change this scenario adds to ``indicator``'s paths: percentage points of growth for a level,
        points a year for a share (``increment``, else ``growth_pp``), units a year for a count (``increment``).

        Examples
        --------
        >>> sc = Scenario(name="x", title_zh="x", title_en="x", type="high", description="",
        ...               adjustments={"default": {"growth_pp": 2.0}, "hightech_firms": {"increment": 10}})
        >>> sc.yearly_change("gdp", "level"), sc.yearly_change("rd_share_gdp", "share"), sc.yearly_change("hightech_firms", "count")
        (2.0, 2.0, 10)
        """
        adj = self.adjustment(indicator)
        if measure == "level":
            return adj.get("growth_pp", 0.0)
        return adj.get("increment", adj.get("growth_pp", 0.0) if measure == "share" else 0.0)

    def shocks_for(self, indicator: str) -> tuple[dict[str, Any], ...]:
        """The one-year shocks that hit ``indicator`` (its own and those for ``all``)."""
        return tuple(s for s in self.shocks if s["indicator"] in ("all", indicator))

    def apply(self, paths_frame: pd.DataFrame, *, indicator: str, measure: str, last_year: int) -> pd.DataFrame:
        """Adjust simulated paths (years × paths, in the indicator's unit) for this scenario.

        Levels: growth adjustments compound, shocks scale the level from their year on, capacity adds.
        Shares stay within 0–100, counts and levels non-negative.
        """
        v = paths_frame.to_numpy(dtype=float, copy=True)  # numpy: the same arithmetic, without pandas overhead
        years = paths_frame.index.to_numpy()
        h = (years - last_year).astype(float)
        change = self.yearly_change(indicator, measure)
        if measure == "level":
            g = change / 100.0
            v *= ((1.0 + g) ** h)[:, None]
        else:
            v += (change * h)[:, None]
        for s in self.shocks_for(indicator):
            v *= np.where(years >= s["year"], 1.0 + s["change_pct"] / 100.0, 1.0)[:, None]
        for c in self.capacity:
            if c["indicator"] == indicator:
                v += np.where(years >= c["year"], float(c["add"]), 0.0)[:, None]
        np.maximum(v, 0.0, out=v)
        if measure == "share":
            np.minimum(v, 100.0, out=v)
        out = pd.DataFrame(v, index=paths_frame.index, columns=paths_frame.columns)
        return out


def _suggest(word: str, allowed) -> str:
    close = difflib.get_close_matches(str(word), [str(a) for a in allowed], n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _number(report: Report, path: Path, key: str, value: Any, *, lo: float | None = None,
            hi: float | None = None, what: str = "a number") -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        report.add(path, f"{key} is not a number", value=value, expected=what)
        return None
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        report.add(path, f"{key} out of range", value=value, expected=what)
        return None
    return float(value)


def validate_scenario(path: Path, report: Report) -> Scenario | None:
    """Check one scenario file into ``report``; return the scenario if it has no errors."""
    path = Path(path)
    n0 = len(report.errors)
    try:
        data = yamlsafe.load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        report.add(path, "scenario file not found", expected="a file under scenarios/")
        return None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        report.add(path, f"not valid YAML ({getattr(exc, 'problem', exc)})", row=(mark.line + 1) if mark else None)
        return None
    if not isinstance(data, dict):
        report.add(path, "scenario is not a mapping of keys", expected=", ".join(TOP_KEYS))
        return None
    for key in data:
        if key not in TOP_KEYS:
            report.add(path, f"unknown key {key!r}{_suggest(key, TOP_KEYS)}", key=str(key),
                       expected="one of " + ", ".join(TOP_KEYS))
    for key, required in TOP_KEYS.items():
        if required and not data.get(key):
            report.add(path, f"missing parameter {key!r}", key=key, expected=f"a value for {key}")
    if data.get("name") and data["name"] != path.stem:
        report.add(path, "name differs from the file name", key="name", value=data["name"], expected=path.stem)
    stype = data.get("type")
    if stype and stype not in TYPES:
        report.add(path, f"unknown type{_suggest(stype, TYPES)}", key="type", value=stype,
                   expected=" | ".join(TYPES))
    known = set(registry.load_indicators().index)
    allowed_ind = sorted(known) + ["default"]

    adjustments: dict[str, dict[str, float]] = {}
    raw_adj = data.get("adjustments") or {}
    if not isinstance(raw_adj, dict):
        report.add(path, "adjustments is not a mapping", key="adjustments", expected="indicator: {growth_pp: …}")
        raw_adj = {}
    for ind, spec in raw_adj.items():
        key = f"adjustments.{ind}"
        if ind not in known and ind != "default":
            report.add(path, f"unknown indicator {ind!r}{_suggest(ind, allowed_ind)}", key=key,
                       expected="an id from data/raw/indicators.yaml or 'default'")
            continue
        if not isinstance(spec, dict):
            report.add(path, f"{key} is not a mapping", key=key, expected="{growth_pp: …} or {increment: …}")
            continue
        clean = {}
        for k, v in spec.items():
            if k not in ADJ_KEYS:
                report.add(path, f"unknown key {k!r}{_suggest(k, ADJ_KEYS)}", key=f"{key}.{k}",
                           expected=" | ".join(ADJ_KEYS))
                continue
            num = _number(report, path, f"{key}.{k}", v, lo=-GROWTH_PP_LIMIT, hi=GROWTH_PP_LIMIT,
                          what=f"a number between {-GROWTH_PP_LIMIT:g} and {GROWTH_PP_LIMIT:g}")
            if num is None:
                continue
            if stype == "high" and num < 0:
                report.add(path, "negative adjustment in a 'high' scenario", key=f"{key}.{k}", value=v,
                           expected="a value ≥ 0 (use type: low or stress for lower growth)")
            if stype == "low" and num > 0:
                report.add(path, "positive adjustment in a 'low' scenario", key=f"{key}.{k}", value=v,
                           expected="a value ≤ 0 (use type: high for higher growth)")
            clean[k] = num
        adjustments[ind] = clean

    def _events(name: str, keys: dict[str, bool], check) -> list[dict]:
        out = []
        items = data.get(name) or []
        if not isinstance(items, list):
            report.add(path, f"{name} is not a list", key=name, expected=f"a list of {{{', '.join(keys)}}}")
            return out
        for i, ev in enumerate(items):
            key = f"{name}[{i}]"
            if not isinstance(ev, dict):
                report.add(path, f"{key} is not a mapping", key=key, expected=", ".join(keys))
                continue
            for k in ev:
                if k not in keys:
                    report.add(path, f"unknown key {k!r}{_suggest(k, keys)}", key=f"{key}.{k}",
                               expected=" | ".join(keys))
            for k, req in keys.items():
                if req and k not in ev:
                    report.add(path, f"missing parameter {k!r}", key=f"{key}.{k}", expected=f"a value for {k}")
            ind = ev.get("indicator")
            if ind is not None and ind not in known and not (ind == "all" and name == "shocks"):
                report.add(path, f"unknown indicator {ind!r}{_suggest(ind, allowed_ind)}", key=f"{key}.indicator",
                           expected="an id from data/raw/indicators.yaml" + (" or 'all'" if name == "shocks" else ""))
            year = ev.get("year")
            if year is not None and (isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100):
                report.add(path, "year is not a whole year", key=f"{key}.year", value=year,
                           expected="a year such as 2023")
            if check(key, ev):
                out.append(dict(ev))
        return out

    shocks = _events("shocks", SHOCK_KEYS, lambda key, ev: _number(
        report, path, f"{key}.change_pct", ev.get("change_pct"), lo=-99.0, hi=100.0,
        what="a percent change between -99 and 100") is not None if "change_pct" in ev else False)
    capacity = _events("capacity", CAPACITY_KEYS, lambda key, ev: _number(
        report, path, f"{key}.add", ev.get("add"), lo=0.0,
        what="a non-negative amount in the indicator's unit (capacity only comes on line)") is not None
        if "add" in ev else False)
    if len(report.errors) > n0:
        return None
    return Scenario(name=data["name"], title_zh=str(data["title_zh"]), title_en=str(data["title_en"]),
                    type=stype, description=str(data["description"]).strip(),
                    description_zh=str(data.get("description_zh") or "").strip(), adjustments=adjustments,
                    shocks=tuple(shocks), capacity=tuple(capacity), path=path)


def scenario_files(folder: Path | None = None) -> list[Path]:
    """The scenario files under ``scenarios/``, sorted by name."""
    return sorted(Path(folder or paths.SCENARIOS).glob("*.yaml"))


def load_scenario(name_or_path: str | Path) -> Scenario:
    """Load and validate one scenario by name (``'low'``) or path.

    Raises
    ------
    DataValidationError
        Listing every problem with the file, key and allowed values.
    """
    p = Path(name_or_path)
    if p.suffix != ".yaml":
        p = paths.SCENARIOS / f"{name_or_path}.yaml"
        if not p.exists():
            names = [f.stem for f in scenario_files()]
            raise ValueError(f"unknown scenario {str(name_or_path)!r}{_suggest(name_or_path, names)}; "
                             f"available: {', '.join(names)}")
    report = Report()
    sc = validate_scenario(p, report)
    report.raise_if_errors(f"scenario {p.name}")
    assert sc is not None
    return sc


def load_scenarios(folder: Path | None = None) -> dict[str, Scenario]:
    """Load and validate every scenario file; all problems of all files are reported together."""
    report = Report()
    out = {}
    for p in scenario_files(folder):
        sc = validate_scenario(p, report)
        if sc is not None:
            out[sc.name] = sc
    report.raise_if_errors("scenarios")
    if not out:
        raise DataValidationError(_empty(folder), what="scenarios")
    return out


def _empty(folder: Path | None) -> Report:
    r = Report()
    r.add(Path(folder or paths.SCENARIOS), "no scenario files", expected="at least scenarios/baseline.yaml")
    return r
