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

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import numpy as np
import pandas as pd

from kpi.core import labels, paths
from kpi.inputs import registry
from kpi.core.errors import DataValidationError, Report

TYPES = tuple(labels.SCENARIO_TYPES)


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

    def adjustment(self, indicator: str, *, flow_of: str | None = None) -> dict[str, float]:
        """The adjustment for ``indicator``: its own entry; else, for the yearly flow of a stock (``flow_of``, e.g.
        new high-tech firms of the high-tech firm stock), the stock's ``increment`` — units a year more (or fewer)
        than trend are the same units in the stock and in its flow; else ``default``; else none."""
        if indicator in self.adjustments:
            return dict(self.adjustments[indicator])
        if flow_of and "increment" in self.adjustments.get(flow_of, {}):
            return {"increment": float(self.adjustments[flow_of]["increment"])}
        return dict(self.adjustments.get("default", {}))

    def title(self, lang: str = "zh") -> str:
        return self.title_zh if lang == "zh" else self.title_en

    def describe(self, lang: str = "zh") -> str:
        """The description in ``lang`` (the English one where the file has no ``description_zh``)."""
        return self.description_zh if lang == "zh" and self.description_zh else self.description

    def yearly_change(self, indicator: str, measure: str, *, flow_of: str | None = None) -> float:
        """The yearly change this scenario adds to ``indicator``'s paths: percentage points of growth for a level,
        points a year for a share (``increment``, else ``growth_pp``), units a year for a count (``increment``).

        Examples
        --------
        >>> sc = Scenario(name="x", title_zh="x", title_en="x", type="high", description="",
        ...               adjustments={"default": {"growth_pp": 2.0}, "hightech_firms": {"increment": 10}})
        >>> sc.yearly_change("gdp", "level"), sc.yearly_change("rd_share_gdp", "share"), sc.yearly_change("hightech_firms", "count")
        (2.0, 2.0, 10)
        """
        adj = self.adjustment(indicator, flow_of=flow_of)
        if measure == "level":
            return adj.get("growth_pp", 0.0)
        return adj.get("increment", adj.get("growth_pp", 0.0) if measure == "share" else 0.0)

    def shocks_for(self, indicator: str) -> tuple[dict[str, Any], ...]:
        """The one-year shocks that hit ``indicator`` (its own and those for ``all``)."""
        return tuple(s for s in self.shocks if s["indicator"] in ("all", indicator))

    def apply(self, paths_frame: pd.DataFrame, *, indicator: str, measure: str, last_year: int,
              per_year: bool = False, flow_of: str | None = None) -> pd.DataFrame:
        """Adjust simulated paths (years × paths, in the indicator's unit) for this scenario.

        Levels: growth adjustments compound, shocks scale the level from their year on, capacity adds.
        Shares and stocks: increments accumulate (+10 a year is +10, +20, … above trend). A yearly flow
        (``per_year``, e.g. new firms a year) takes its increment once a year (+10 in every year), and follows its
        stock's increment when it has none of its own (``flow_of``). Shares stay within 0–100, counts and levels
        non-negative.
        """
        v = paths_frame.to_numpy(dtype=float, copy=True)  # numpy: the same arithmetic, without pandas overhead
        years = paths_frame.index.to_numpy()
        h = (years - last_year).astype(float)
        change = self.yearly_change(indicator, measure, flow_of=flow_of)
        if measure == "level":
            g = change / 100.0
            v *= ((1.0 + g) ** h)[:, None]
        else:
            v += (change * (np.ones_like(h) if per_year else h))[:, None]
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
    from kpi.inputs.yamlcheck import suggest

    return suggest(word, allowed)


def validate_scenario(path: Path, report: Report, *, indicators: Iterable[str] | None = None) -> Scenario | None:
    """Check one scenario file into ``report``; return the scenario if it has no errors.

    ``indicators`` are the known indicator ids (read from the registry when not given; :func:`load_scenarios` reads
    it once for all files).

    The keys and their types and ranges are checked against :class:`kpi.model.scenario_schema.ScenarioFile`
    (:mod:`kpi.inputs.yamlcheck`:
    an unknown key suggests the closest, each problem names the key, line, value and what was expected); then
    what the schema cannot know: indicator ids, the name against the file name, the sign of an adjustment
    against the scenario's type.
    """
    from kpi.inputs import yamlcheck
    from kpi.model.scenario_schema import ScenarioFile

    path = Path(path)
    n0 = len(report.errors)
    loaded = yamlcheck.load(path, report, what="scenario file")
    if loaded is None:
        return None
    data, lines = loaded
    if not isinstance(data, dict):
        report.add(path, "scenario is not a mapping of keys", expected=", ".join(ScenarioFile.model_fields))
        return None
    data = {k: v for k, v in data.items() if not (v is None and k in ("adjustments", "shocks", "capacity"))}
    model = yamlcheck.check(data, ScenarioFile, file=path, report=report, lines=lines)
    if model is None:
        return None

    def bad(key: tuple, message: str, value: Any = None, expected: str | None = None) -> None:
        report.add(path, message, key=yamlcheck.key_path(key), value=value, expected=expected,
                   row=yamlcheck.line_of(lines, key))

    if model.name != path.stem:
        bad(("name",), "name differs from the file name", model.name, path.stem)
    known = set(registry.load_indicators().index if indicators is None else indicators)
    allowed_ind = sorted(known) + ["default"]
    adjustments: dict[str, dict[str, float]] = {}
    for ind, adj in model.adjustments.items():
        if ind not in known and ind != "default":
            bad(("adjustments", ind), f"unknown indicator {ind!r}{_suggest(ind, allowed_ind)}",
                expected="an id from data/raw/indicators.yaml or 'default'")
            continue
        clean = {k: float(v) for k, v in adj.model_dump(exclude_none=True).items()}
        for k, num in clean.items():
            if model.type == "high" and num < 0:
                bad(("adjustments", ind, k), "negative adjustment in a 'high' scenario", num,
                    "a value ≥ 0 (use type: low or stress for lower growth)")
            if model.type == "low" and num > 0:
                bad(("adjustments", ind, k), "positive adjustment in a 'low' scenario", num,
                    "a value ≤ 0 (use type: high for higher growth)")
        adjustments[ind] = clean
    for name, events, allow_all in (("shocks", model.shocks, True), ("capacity", model.capacity, False)):
        for i, ev in enumerate(events):
            if ev.indicator not in known and not (allow_all and ev.indicator == "all"):
                bad((name, i, "indicator"), f"unknown indicator {ev.indicator!r}{_suggest(ev.indicator, allowed_ind)}",
                    expected="an id from data/raw/indicators.yaml" + (" or 'all'" if allow_all else ""))
    if len(report.errors) > n0:
        return None
    events = lambda items: tuple({k: v for k, v in e.model_dump().items() if v is not None} for e in items)  # noqa: E731
    return Scenario(name=model.name, title_zh=model.title_zh, title_en=model.title_en, type=model.type,
                    description=model.description.strip(), description_zh=(model.description_zh or "").strip(),
                    adjustments=adjustments, shocks=events(model.shocks), capacity=events(model.capacity), path=path)


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
    known = list(registry.load_indicators().index)
    for p in scenario_files(folder):
        sc = validate_scenario(p, report, indicators=known)
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
