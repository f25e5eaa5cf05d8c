"""Reachability assessment: one row per target, with data basis, progress scores and a verdict.

For every target of the registry :func:`assess` reports the value the verdict rests on and its year, the data
basis, the growth the target requires against what history shows, the official progress measures side by side
(:mod:`kpi.model.progress`: Eurostat, UNSD, UN ESCAP, the Chinese mid-term review), the calibrated projection for
the target year with its 80 % band, the **probability of reaching the target**, and a verdict in Chinese and
English with the reason in words. No target is dropped: a target without data gets a row saying why.

Verdicts (:data:`kpi.core.labels.VERDICTS`)
-----------------------------------------
Observed outcomes: ``reached`` 已实现 and ``missed`` 未实现, whenever the target year has data
(:func:`outcome`: the value of that year; the sum or yearly average of the flows; every year's rate), or a
``>=`` target is already met before its year. Conditions that must hold over the period, checked on the years
observed so far: ``holding`` 迄今达到 / ``lagging`` 迄今未达到 (relative targets, growth every year).
Probabilities of a future event: ``on_track`` 有望实现 (p ≥ 0.7), ``at_risk`` 存在风险 (0.3 ≤ p < 0.7),
``off_track`` 难以实现 (p < 0.3). Unscored: ``insufficient`` 数据不足, ``no_data`` 无数据 (including a target year
that is past but not observed), ``watch`` 需关注 (a goal without a number whose indicator moves against it),
``qualitative`` 定性目标. Thresholds are the disclosed settings :data:`kpi.core.settings.PROB_ON_TRACK` /
:data:`~kpi.core.settings.PROB_OFF_TRACK`.

Rules, following the official ones
----------------------------------
* **One base-year convention** (:data:`kpi.core.settings.PLAN_BASE_YEAR`, 2020, the 十四五 base): τ, ρ and the
  growth since the base are measured from it, or from the year before a target's own start year; flows are
  summed from the year after. No progress class without time progress, and none from a base value that was not
  observed in the base year.
* A **past target year** is judged on that year's value and shown with it (``basis_value``, ``basis_year``);
  one that has no data gets ``no_data``, never a projection.
* **Cumulative** targets (五年内新增50个) are completed by the sum of the flows since their start; **yearly
  averages** (年均新增30家, kind ``average``) by the same sum against value × years.
* **Growth-rate** targets are met year by year and never scored by CAGR; shares and counts use increments
  (percentage points, units a year), not compound growth.
* **Relative** targets compare the zone's average growth over the plan period so far with each comparator
  (:func:`kpi.model.relative.score_relative`): real where both sides publish it, nominal otherwise, labelled.
* ``~`` (左右) counts as reached from 95 % of the value (:func:`reach_threshold`); the plan scenario follows the
  path to that threshold, so its probabilities sit near 0.5 for every kind.
* A **bound** (≥1000) is never a point of a series: it decides an outcome only when it lies wholly on one side.
* When the official measures and the probability disagree, ``explanation`` says why in words.

Examples
--------
>>> card = assess()
>>> r = card.loc["gdp_2025"]
>>> float(r.target_value), r.unit, r.direction
(800.0, '亿元', '>=')
>>> bool(0 <= r.probability <= 1)
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable

import numpy as np
import pandas as pd

from kpi.core import settings
from kpi.core import labels
from kpi.core.labels import VERDICTS
from kpi.inputs import registry
from kpi.model import progress
from kpi.model.projection import PROJECTED_MEASURE
from kpi.model.scenarios import Scenario, load_scenario, load_scenarios


def projection_args(indicators: pd.DataFrame, indicator: str) -> dict | None:
    """The keywords of :func:`kpi.model.projection.project` for an indicator of the registry: its ``measure``,
    ``calibration`` panel, the ``censuses`` that re-base it and the ``indicator`` itself (``None``: not projected,
    e.g. growth rates and ranks). Passing them all spares the projection a second read of the registry.

    Examples
    --------
    >>> from kpi.inputs.registry import load_indicators
    >>> projection_args(load_indicators(), "gdp")
    {'measure': 'level', 'calibration': 'cn_regional', 'censuses': ('economic',), 'indicator': 'gdp'}
    """
    if indicator not in indicators.index:
        return None
    measure = PROJECTED_MEASURE.get(str(indicators.loc[indicator, "measure"]))
    if measure is None:
        return None
    panel = indicators.loc[indicator, "calibration"] if "calibration" in indicators.columns else "all"
    censuses = tuple(indicators.loc[indicator, "censuses"]) if "censuses" in indicators.columns else ("economic",)
    return {"measure": measure, "calibration": str(panel), "censuses": censuses, "indicator": indicator}


#: The scorecard's columns. The first block is the public contract (each keeps its meaning); the rest were added
#: by the completion table and the verdicts an evaluator can sign (issue #11).
COLUMNS = [
    "clause", "area", "name_zh", "name_en", "indicator", "unit", "kind", "direction", "target_value",
    "stretch_value", "start_year", "target_year", "scenario", "latest_year", "latest_value", "data_basis", "n_obs",
    "base_year", "base_value", "required_rate", "hist_rate_3y", "hist_rate_5y", "rate_unit",
    "eurostat_ratio", "eurostat_class", "unsd_share", "unsd_class", "escap_current", "escap_anticipated",
    "escap_class", "tau", "rho", "midterm_class", "cagr_extrapolation", "proj_median", "proj_lower_80",
    "proj_upper_80", "probability", "stretch_probability", "verdict", "verdict_zh", "verdict_en", "reason",
    "method",
    # added: what the verdict rests on, and how far from the target it is
    "reach_threshold", "basis_year", "basis_value", "basis_measure", "basis_status", "margin", "margin_pct",
    "required_total", "rate_since_base", "rate_required_from_base", "keeps_pace",
    # added: relative targets
    "comparison_basis", "comparators",
    # added: the registry's structure and the words
    "component_of", "responsible", "related", "reason_zh", "explanation", "explanation_zh",
]


@dataclass
class _Fitted:
    series: pd.Series
    measure: str
    paths: pd.DataFrame | None
    method: str
    error: str | None


def reach_threshold(value: float, direction: str) -> float:
    """The least value that counts as reaching ``value``: the value itself, or for ≈ (左右) the share
    :data:`kpi.core.settings.ABOUT_TOLERANCE` below it.

    >>> reach_threshold(800, ">="), round(reach_threshold(3, "~"), 4)
    (800.0, 2.85)
    """
    return float(value) * (1 - settings.ABOUT_TOLERANCE) if direction == "~" else float(value)


def meets(value, target: float, direction: str):
    """Whether ``value`` — a number or an array of simulated outcomes — reaches ``target``.

    The one rule behind every probability (the scorecard's and the explorer's): ``>=`` at least the target,
    ``<=`` at most, ``>`` more than (快于), ``~`` (左右, about) at least :func:`reach_threshold` of it.

    Raises
    ------
    ValueError
        For a direction other than ``>=``, ``<=``, ``>`` or ``~``.

    Examples
    --------
    >>> bool(meets(2.9, 3.0, "~")), bool(meets(2.8, 3.0, "~")), bool(meets(2.9, 3.0, ">="))
    (True, False, False)
    >>> meets(np.array([7.0, 9.0]), 8.0, "<=").tolist()
    [True, False]
    """
    if direction not in (">=", "<=", ">", "~"):
        raise ValueError(f"unknown target direction {direction!r}; expected one of >=, <=, >, ~")
    thr = reach_threshold(target, direction)
    if direction == "<=":
        return value <= thr
    if direction == ">":
        return value > thr
    return value >= thr


def probability(values, target: float, direction: str) -> float:
    """The share of simulated ``values`` that reach ``target`` (:func:`meets`).

    >>> probability(np.array([2.8, 2.9, 3.1, 3.3]), 3.0, "~")
    0.75
    """
    return float(np.mean(meets(np.asarray(values, dtype=float), target, direction)))


def plan_base_year(base_year: int | None = None) -> int:
    """A plan's base year: ``base_year`` when given, else :data:`kpi.core.settings.PLAN_BASE_YEAR` (the 2022
    plan's, 2020)."""
    return settings.PLAN_BASE_YEAR if base_year is None else int(base_year)


def _first_year(start_year, base_year: int | None = None) -> int:
    """The first year a cumulative or yearly-average target counts (the year after the plan's base by default)."""
    return int(start_year) if start_year is not None and pd.notna(start_year) else plan_base_year(base_year) + 1


def outcomes(paths: pd.DataFrame, series: pd.Series, *, kind: str, target_year: int,
             start_year: int | None = None, base_year: int | None = None) -> np.ndarray:
    """The simulated values a target is judged on: the value in the target year; for a ``cumulative`` target the
    flows observed from the start year plus the projected ones up to the target year; for an ``average`` target
    that sum divided by the years counted (from ``start_year``, else the year after the plan's ``base_year``).

    Examples
    --------
    >>> s = pd.Series([10.0, 12.0], index=[2021, 2022])
    >>> paths = pd.DataFrame([[5.0, 7.0], [6.0, 8.0]], index=[2023, 2024])
    >>> outcomes(paths, s, kind="level", target_year=2024).tolist()
    [6.0, 8.0]
    >>> outcomes(paths, s, kind="cumulative", target_year=2024, start_year=2021).tolist()
    [33.0, 37.0]
    """
    T = int(target_year)
    if kind not in ("cumulative", "average"):
        return paths.loc[T].to_numpy()
    start = _first_year(start_year, base_year)
    observed = series[(series.index >= start) & (series.index <= T)]
    sums = float(observed.sum()) + paths.loc[int(series.index.max()) + 1:T].sum(axis=0).to_numpy()
    return sums if kind == "cumulative" else sums / (T - start + 1)


def target_plan(kind: str, *, target: float, direction: str, target_year: int, series: pd.Series,
                start_year: int | None = None, base_year: int | None = None) -> tuple:
    """What the plan scenario makes a target's paths follow: ``("level", threshold, T)`` — the least value that
    counts as reached in year T — or, for cumulative and yearly-average targets, ``("flow", need, T)`` — the flow
    still required each remaining year (:func:`plan_paths`)."""
    T = int(target_year)
    if kind not in ("cumulative", "average"):
        return ("level", reach_threshold(target, direction), T)
    start = _first_year(start_year, base_year)
    total = target if kind == "cumulative" else target * (T - start + 1)
    last = int(series.index.max())
    done = float(series[(series.index >= start) & (series.index <= min(T, last))].sum())
    return ("flow", max(total - done, 0.0) / max(T - last, 1), T)


def scenario_paths(paths: pd.DataFrame, series: pd.Series, *, measure: str, scenario: Scenario,
                   plan: tuple | None = None, per_year: bool = False, flow_of: str | None = None) -> pd.DataFrame:
    """The simulated ``paths`` of ``series`` (years × paths) under ``scenario``, as the scorecard uses them.

    A ``plan`` scenario follows ``plan`` (:func:`target_plan`: the path the target requires) with the baseline's
    spread around it (:func:`plan_paths`); every other scenario applies its adjustments, shocks and capacity
    (:meth:`kpi.model.scenarios.Scenario.apply`; ``per_year`` and ``flow_of`` from the indicator registry).
    """
    if scenario.type == "plan":
        if plan is None:
            raise ValueError("the plan scenario follows a target's path: pass plan=target_plan(...)")
        return plan_paths(paths, series, measure=measure, plan=plan)
    return scenario.apply(paths, indicator=series.name, measure=measure, last_year=int(series.index.max()),
                          per_year=per_year, flow_of=flow_of)


@dataclass(frozen=True)
class Outcome:
    """An observed outcome: a target whose year has data, reached or missed, by how much, on which basis.

    ``value`` is what the outcome rests on (the value in the target year; the sum or the average of the flows
    for cumulative and yearly-average targets; the worst year's rate for a growth rate to be met every year);
    ``margin`` is ``value − target`` (``target − value`` for a ceiling), so a positive margin is better, and
    ``margin_pct`` the same in % of the target. ``exact`` is False when the outcome rests on a bound: a published
    bound in the target year, or the sum of the flows observed when some years are missing (a lower bound).
    """

    reached: bool
    value: float
    year: int
    target: float
    threshold: float
    margin: float
    margin_pct: float
    measured_as: str
    measured_as_zh: str
    status: str
    exact: bool = True

    def text(self, lang: str = "en") -> str:
        """One line: the value, how it was measured, and the margin."""
        sign = "+" if self.margin >= 0 else "−"
        pct = "" if math.isnan(self.margin_pct) else f", {sign}{abs(self.margin_pct):.1f}%"
        if lang == "zh":
            return f"{self.measured_as_zh}：{fmt(self.value)}，{'达到' if self.reached else '未达到'}目标 " \
                   f"{fmt(self.target)}（差额 {sign}{fmt(abs(self.margin))}{pct}；{_status_zh(self.status)}）"
        return (f"{self.measured_as}: {fmt(self.value)}, {'reached' if self.reached else 'missed'} the target "
                f"{fmt(self.target)} by {sign}{fmt(abs(self.margin))}{pct} ({self.status} data)")


def fmt(value: float) -> str:
    """A number as people read it: thousands separated above 1000, four significant digits below.

    >>> fmt(62082.0), fmt(5.105727), fmt(0.97), fmt(30.0)
    ('62,082', '5.106', '0.97', '30')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"


def _status_zh(status: str) -> str:
    from kpi.core.labels import STATUSES

    return STATUSES.get(str(status), (str(status), ""))[0] + "数据"


def _margin(value: float, target: float, direction: str) -> tuple[float, float]:
    m = (target - value) if direction == "<=" else (value - target)
    return m, (100.0 * m / abs(target)) if target else math.nan


def outcome(points: pd.Series, *, target: float, direction: str, target_year: int, kind: str = "level",
            start_year: int | None = None, bounds: pd.DataFrame | None = None,
            base_year: int | None = None) -> Outcome | None:
    """The observed outcome of a target whose year has data, or ``None`` while it has not.

    Parameters
    ----------
    points : Series
        Observed values by integer year (no bounds), with ``attrs['status']`` ``{year: status}`` if known.
    target, direction, target_year : float, str, int
        The target (``>=``, ``<=``, ``~`` or ``>``) and its year.
    kind : str
        ``level``/``share``/``count``: the value in the target year. ``cumulative``: the sum of the yearly flows
        from ``start_year`` to the target year. ``average``: their yearly average (年均新增). ``growth``: a rate
        (the series holds rates) to be met in every year from ``start_year`` (default the target year).
    start_year : int, optional
        First year of a cumulative, average or every-year target (default: the plan's base year + 1).
    base_year : int, optional
        The plan's base year (default :data:`kpi.core.settings.PLAN_BASE_YEAR`).
    bounds : DataFrame, optional
        Published bounds (columns ``year, value, qualifier, status``): a bound in the target year decides when it
        lies wholly on one side of the target (≥1000 reaches ≥800).

    Examples
    --------
    >>> flows = pd.Series([23.0, 36, 31, 32, 29], index=range(2021, 2026))
    >>> oc = outcome(flows, target=30, direction=">=", target_year=2025, kind="average", start_year=2021)
    >>> oc.reached, oc.value, oc.margin
    (True, 30.2, 0.1999999999999993)
    >>> outcome(flows.loc[:2024], target=30, direction=">=", target_year=2025, kind="average", start_year=2021) is None
    True
    """
    T = int(target_year)
    status = dict(points.attrs.get("status", {}))
    thr = reach_threshold(target, direction)

    def weakest(years) -> str:
        from kpi.inputs.schema import weakest_status

        return weakest_status([status.get(int(y), "") for y in years]) or "unknown"

    if kind in ("cumulative", "average"):
        start = _first_year(start_year, base_year)
        years = list(range(start, T + 1))
        seen = [y for y in years if y in points.index]
        if not seen:
            return None
        total = float(points.loc[seen].sum())
        n = len(years)
        value = total if kind == "cumulative" else total / n
        zh = f"{start}–{T}年累计" if kind == "cumulative" else f"{start}–{T}年年均"
        en = f"sum {start}–{T}" if kind == "cumulative" else f"yearly average {start}–{T}"
        if len(seen) == n:
            m, mp = _margin(value, float(target), direction)
            return Outcome(bool(meets(value, target, direction)), value, T, float(target), thr, m, mp, en, zh,
                           weakest(seen))
        if direction in (">=", ">", "~") and meets(value, target, direction):  # flows are ≥ 0: a lower bound
            m, mp = _margin(value, float(target), direction)
            return Outcome(True, value, max(seen), float(target), thr, m, mp,
                           f"at least ({en}, years {', '.join(map(str, seen))} observed)",
                           f"至少（{zh}，仅有{'、'.join(map(str, seen))}年数据）", weakest(seen), exact=False)
        return None
    if kind == "growth":
        start = int(start_year) if start_year is not None and not pd.isna(start_year) else T
        years = list(range(start, T + 1))
        seen = [y for y in years if y in points.index]
        failed = [y for y in seen if not meets(round(float(points[y]), settings.GROWTH_DECIMALS), target, direction)]
        if failed:
            worst = min(failed, key=lambda y: float(points[y])) if direction != "<=" else \
                max(failed, key=lambda y: float(points[y]))
            m, mp = _margin(float(points[worst]), float(target), direction)
            return Outcome(False, float(points[worst]), int(worst), float(target), thr, m, mp,
                           f"growth in {worst} (every year {start}–{T})", f"{worst}年增速（{start}–{T}年逐年）",
                           weakest([worst]))
        if len(seen) == len(years):
            worst = min(seen, key=lambda y: float(points[y])) if direction != "<=" else \
                max(seen, key=lambda y: float(points[y]))
            m, mp = _margin(float(points[worst]), float(target), direction)
            return Outcome(True, float(points[worst]), T, float(target), thr, m, mp,
                           f"lowest yearly growth {start}–{T}", f"{start}–{T}年最低增速", weakest(seen))
        return None
    if T in points.index:
        value = float(points[T])
        m, mp = _margin(value, float(target), direction)
        return Outcome(bool(meets(value, target, direction)), value, T, float(target), thr, m, mp,
                       f"value in {T}", f"{T}年值", weakest([T]))
    if bounds is not None and not bounds.empty:
        for b in bounds[bounds["year"] == T].to_dict("records"):
            lo = b["qualifier"] == ">="
            bound = float(b["value"])
            decided = None
            if direction == "<=":
                decided = True if (not lo and bound <= thr) else (False if (lo and bound > thr) else None)
            else:
                decided = True if (lo and meets(bound, target, direction)) else (
                    False if (not lo and not meets(bound, target, direction) and bound < thr) else None)
            if decided is not None:
                m, mp = _margin(bound, float(target), direction)
                sym = "≥" if lo else "≤"
                return Outcome(decided, bound, T, float(target), thr, m, mp, f"published bound {sym}{bound:g} in {T}",
                               f"{T}年公开数据 {sym}{bound:g}", str(b.get("status", "")), exact=False)
    return None


def _rate(series: pd.Series, years: int, additive: bool) -> float:
    """Average yearly growth (compound, %) or increment over the last ``years`` years; nan if not observed."""
    if series.empty:
        return math.nan
    last = int(series.index.max())
    return _rate_between(series, last - years, last, additive)


def _rate_between(series: pd.Series, y0: int, y1: int, additive: bool) -> float:
    """Average yearly growth (compound, %) or increment from ``y0`` to ``y1``; nan if either is not observed."""
    if y0 not in series.index or y1 not in series.index or y1 <= y0:
        return math.nan
    a, b = float(series[y0]), float(series[y1])
    if additive:
        return (b - a) / (y1 - y0)
    if a <= 0 or b <= 0:
        return math.nan
    return 100.0 * progress.required_growth(a, b, y1 - y0)


class _Engine:
    """Fits each indicator series once and reuses its simulated paths across targets and scenarios."""

    def __init__(self, history: pd.DataFrame, *, region: str, until: int, seed: int, n_paths: int,
                 base_year: int | None = None) -> None:
        from kpi.inputs.schema import BOUNDS

        self.region, self.until, self.seed, self.n_paths = region, until, seed, n_paths
        self.base_year = plan_base_year(base_year)
        self.history = history
        qualifier = history["qualifier"].fillna("") if "qualifier" in history.columns else pd.Series("", history.index)
        is_bound = qualifier.isin(BOUNDS)
        self.points, self.bound_rows = history[~is_bound], history[is_bound]
        self.ind = registry.load_indicators()
        self.regions = registry.load_regions()
        self.info: dict[str, dict] = self.ind.to_dict("index")  # plain lookups: 700 rows × several fields
        self.series_memo: dict[tuple[str, str], pd.Series] = {}
        self.relative_memo: dict[tuple, object] = {}  # comparisons are the same in every scenario
        self.bounds_memo: dict[str, pd.DataFrame] = {}
        self.cache: dict[str, _Fitted] = {}
        self.scenario_memo: dict[tuple, pd.DataFrame] = {}  # the scorecard and projection table share paths
        own = self.points[self.points["region"] == region]
        #: the last year any of the region's series reaches: a target year before it is past (an outcome, never a
        #: projection)
        self.data_end = int(own["year"].max()) if not own.empty else -1

    def series(self, indicator: str, region: str | None = None) -> pd.Series:
        key = (indicator, region or self.region)
        if key not in self.series_memo:
            self.series_memo[key] = self._series(*key)
        s = self.series_memo[key].copy()
        s.attrs = {k: dict(v) for k, v in self.series_memo[key].attrs.items()}
        return s

    def _series(self, indicator: str, region: str) -> pd.Series:
        h = self.points
        sub = h[(h["indicator"] == indicator) & (h["region"] == region)]
        s = sub.set_index("year")["value"].sort_index().astype(float)
        s.index = s.index.astype("int64")
        s.name = indicator
        s.attrs["status"] = dict(zip(sub["year"].astype(int), sub["status"]))
        s.attrs["wording"] = {int(y): w for y, w in zip(sub["year"], sub.get("wording", pd.Series("", sub.index)))
                              if isinstance(w, str) and w}
        return s

    def bounds(self, indicator: str) -> pd.DataFrame:
        if indicator not in self.bounds_memo:
            b = self.bound_rows
            self.bounds_memo[indicator] = b[(b["indicator"] == indicator) & (b["region"] == self.region)]
        return self.bounds_memo[indicator]

    def fitted(self, indicator: str) -> _Fitted:
        if indicator in self.cache:
            return self.cache[indicator]
        from kpi.model.projection import TrendModel

        s = self.series(indicator)
        args = projection_args(self.ind, indicator)
        measure = args["measure"] if args else None
        paths, method, error = None, "", None
        if measure is None:
            error = f"indicator measure {self.ind.loc[indicator, 'measure']!r} is not projected"
        elif len(s) < 3:
            error = f"{len(s)} observation{'s' if len(s) != 1 else ''} (at least 3 needed to project)"
        elif int(s.index.max()) < self.until:
            try:
                res = TrendModel(s, name=f"{indicator}/{self.region}", region=self.region, **args).fit()
                paths = res.simulate(until=self.until, n_paths=self.n_paths, seed=self.seed)
                method = str(getattr(res, "method", "")) or "kpi.model.projection"
            except ValueError as exc:
                error = str(exc)
        self.cache[indicator] = _Fitted(s, measure or "", paths, method, error)
        return self.cache[indicator]


def _basis(statuses: Iterable[str]) -> str:
    from kpi.inputs.schema import weakest_status

    st = set(statuses)
    weakest = weakest_status(st)
    if weakest is None:
        return "none"
    return weakest if len(st) == 1 else f"mixed ({weakest} weakest)"


def _say(row: dict, en: str, zh: str) -> None:
    """Add a sentence to the row's reason, in English and Chinese."""
    row["reason"] = "; ".join(r for r in (row.get("reason"), en) if r)
    row["reason_zh"] = "；".join(r for r in (row.get("reason_zh"), zh) if r)


def _row(t: dict, eng: _Engine, sc: Scenario) -> dict:
    ind = t.get("indicator") or ""
    row = {c: t.get(c) for c in ("clause", "area", "name_zh", "name_en", "unit", "kind", "direction",
                                 "stretch_value", "start_year", "target_year", "component_of", "responsible")}
    row.update(indicator=ind, target_value=t.get("value"), scenario=sc.name, data_basis="none", n_obs=0,
               method="", reason="", reason_zh="", explanation="", explanation_zh="")
    tkind = str(t.get("kind") or "")
    if tkind == "relative":  # no projection: the same row in every scenario
        key = ("row", tuple(sorted((k, str(v)) for k, v in t.items())))
        if key not in eng.relative_memo:
            eng.relative_memo[key] = _relative_row(dict(row), t, eng)
        return {**eng.relative_memo[key], "scenario": sc.name}
    if tkind == "qualitative" or pd.isna(t.get("value")):
        if ind and str(t.get("direction") or "") in ("<=", ">=") and ind in eng.info:
            return _trend_row(row, t, eng)
        return _verdict(row, "qualitative", "qualitative goal: reported, not scored", "定性目标：列出，不评分")
    if not ind:
        return _verdict(row, "no_data", "no indicator series measures this target", "无衡量该目标的指标序列")
    f = eng.fitted(ind)
    s = f.series
    target, direction, T = float(t["value"]), str(t["direction"]), int(t["target_year"])
    if ind in eng.info and str(eng.info[ind]["unit"]) != str(t.get("unit")):
        from kpi.inputs import units
        try:
            factor = units.convert(1.0, str(t["unit"]), str(eng.info[ind]["unit"]))
        except ValueError:
            return _verdict(row, "no_data", f"target unit {t['unit']} does not fit indicator {ind} "
                            f"({eng.info[ind]['unit']})", f"目标单位 {t['unit']} 与指标 {ind} 的单位不符")
        target *= factor
        row["unit"] = str(eng.info[ind]["unit"])
        row["target_value"] = target
        if pd.notna(row.get("stretch_value")):
            row["stretch_value"] = float(row["stretch_value"]) * factor
    row["reach_threshold"] = reach_threshold(target, direction)
    if direction == "~":
        _say(row, f"≈{target:g} counts as reached from {row['reach_threshold']:g} "
                  f"({100 * (1 - settings.ABOUT_TOLERANCE):.0f}% of the value)",
             f"“左右”目标：达到 {row['reach_threshold']:g}（目标值的{100 * (1 - settings.ABOUT_TOLERANCE):.0f}%）即视为实现")
    bounds = eng.bounds(ind)
    if tkind == "growth" or str(eng.info.get(ind, {}).get("measure")) == "rate":
        return _growth_row(row, t, eng, target, direction, T)
    if s.empty and bounds.empty:
        return _verdict(row, "no_data", f"no data for {ind} in region {eng.region}", f"{ind} 无本区数据")
    if not s.empty:
        row.update(latest_year=int(s.index.max()), latest_value=float(s.iloc[-1]), n_obs=int(len(s)),
                   data_basis=_basis(s.attrs["status"].values()))
        wordings = s.attrs.get("wording", {})
        if wordings:
            _say(row, "data worded differently from the target: " + "; ".join(
                     f"{y} '{w.split(': ', 1)[-1]}' ({w.split(':')[0]} match)" for y, w in sorted(wordings.items())),
                 "数据表述与目标不完全一致：" + "；".join(
                     f"{y}年“{w.split(': ', 1)[-1]}”（{labels.label(labels.WORDINGS, w.split(':')[0], 'zh')}）"
                     for y, w in sorted(wordings.items())))
    else:
        row["data_basis"] = _basis(bounds["status"])
    if tkind in ("cumulative", "average"):
        return _cumulative_row(row, t, f, eng, sc, target, direction, T)
    return _level_row(row, t, f, eng, sc, target, direction, T, bounds)


def _past(row: dict, eng: _Engine, T: int, s: pd.Series, bounds: pd.DataFrame) -> dict | None:
    """A target year before the end of the zone's data with no outcome: say what is known instead."""
    if T >= eng.data_end:
        return None
    latest = f"latest {row['latest_value']:g} ({row['latest_year']})" if not s.empty else "no observation"
    latest_zh = f"最新 {row['latest_value']:g}（{row['latest_year']}年）" if not s.empty else "无观测值"
    b = bounds[bounds["year"] == T]
    extra, extra_zh = "", ""
    if not b.empty:
        r = b.iloc[0]
        extra = (f"; a published bound {r['qualifier']}{r['value']:g} ({r['status']}"
                 + (f", {r['wording']}" if str(r.get('wording') or '') else "") + ") does not decide it")
        extra_zh = f"；公开数据 {r['qualifier']}{r['value']:g}（{_status_zh(r['status'])}）不足以判断"
    return _verdict(row, "no_data", f"target year {T} is past (the zone's data reach {eng.data_end}) but not "
                    f"observed; {latest}{extra}", f"目标年份{T}年已过（本区数据至{eng.data_end}年），但无该年数据；"
                    f"{latest_zh}{extra_zh}")


def _set_outcome(row: dict, oc: Outcome) -> None:
    row.update(basis_year=oc.year, basis_value=oc.value, basis_measure=oc.measured_as, basis_status=oc.status,
               margin=oc.margin, margin_pct=oc.margin_pct, probability=1.0 if oc.reached else 0.0)


def _level_row(row: dict, t: dict, f: _Fitted, eng: _Engine, sc: Scenario, target: float, direction: str, T: int,
               bounds: pd.DataFrame) -> dict:
    s = f.series
    ind = row["indicator"]
    additive = f.measure in ("share", "count") or str(eng.info[ind]["measure"]) == "rate"
    row["rate_unit"] = {"share": "pp/yr", "count": f"{row['unit']}/yr"}.get(f.measure, "%/yr")
    row["hist_rate_3y"], row["hist_rate_5y"] = _rate(s, 3, additive), _rate(s, 5, additive)
    oc = outcome(s, target=target, direction=direction, target_year=T, kind=str(t.get("kind")), bounds=bounds)
    if oc is not None:
        _set_outcome(row, oc)
        if oc.exact and oc.year == T:
            _final_progress(row, s, target, T, additive, _base_year(t))
        return _verdict(row, "reached" if oc.reached else "missed", oc.text("en"), oc.text("zh"))
    past = _past(row, eng, T, s, bounds)
    if past is not None:
        return past
    if s.empty:
        b = bounds.sort_values("year").iloc[-1]
        wording = str(b.get("wording") or "")
        return _verdict(row, "insufficient", f"only a published bound: {b['qualifier']}{b['value']:g} in "
                        f"{int(b['year'])} ({b['status']}{', ' + wording if wording else ''}), which does not decide "
                        f"{direction}{target:g}; a bound constrains, it is never a point of the series",
                        f"仅有公开的界限值：{int(b['year'])}年 {b['qualifier']}{b['value']:g}"
                        f"{'（' + wording + '）' if wording else ''}，不足以判断 {direction}{target:g}；界限值不作为序列中的点")
    base_year = _base_year(t, eng.base_year)
    if row["latest_year"] <= base_year:
        return _verdict(row, "insufficient", f"not current: the latest observation ({row['latest_value']:g} in "
                        f"{row['latest_year']}) predates the plan period (base {base_year}); no progress class, "
                        "no projection", f"数据不是当前的：最新观测值（{row['latest_year']}年 {row['latest_value']:g}）"
                        f"早于规划期（基期{base_year}年），不作进度判断和预测")
    _progress_scores(row, s, target, T, additive, base_year)
    row["basis_year"], row["basis_value"] = row["latest_year"], row["latest_value"]
    row["basis_measure"], row["basis_status"] = f"latest value ({row['latest_year']})", \
        s.attrs["status"].get(row["latest_year"], "")
    if f.paths is None or f.error:
        return _verdict(row, "insufficient", f.error or "no projection", _zh_error(f.error))
    plan = target_plan(str(t.get("kind")), target=target, direction=direction, target_year=T, series=s,
                       base_year=eng.base_year)
    at_T = outcomes(_scenario_paths(f, eng, sc, plan=plan), s, kind=str(t.get("kind")), target_year=T,
                    base_year=eng.base_year)
    row["proj_median"] = float(np.median(at_T))
    row["proj_lower_80"], row["proj_upper_80"] = (float(v) for v in np.quantile(at_T, [0.1, 0.9]))
    row["probability"] = probability(at_T, target, direction)
    if pd.notna(row.get("stretch_value")):
        row["stretch_probability"] = probability(at_T, float(row["stretch_value"]), direction)
    row["method"] = f.method
    latest = row["latest_value"]
    per_year = bool(eng.info[ind]["per_year"]) if ind in eng.info else False
    row["margin"], row["margin_pct"] = _margin(latest, target, direction)
    if meets(latest, target, direction) and direction not in ("<=",) and not per_year:
        row["probability"] = 1.0
        return _verdict(row, "reached", f"already {latest:g} in {row['latest_year']} (target {target:g} by {T})",
                        f"{row['latest_year']}年已达 {latest:g}（目标{T}年 {target:g}）")
    code = _by_probability(row["probability"])
    _explain(row, target, direction, T)
    return _verdict(row, code, "", "")


def _base_year(t: dict, base_year: int | None = None) -> int:
    """The base year of a target: the year before its stated start, else the plan's base year (one convention)."""
    start = t.get("start_year")
    return int(start) - 1 if start is not None and pd.notna(start) else plan_base_year(base_year)


def _zh_error(error: str | None) -> str:
    if not error:
        return "无预测"
    if "at least 3" in error:
        return f"观测值不足（{error.split(' ')[0]}个，预测至少需要3个）"
    if "not projected" in error:
        return "该类指标（如位次、增速）不作趋势预测"
    return f"无法预测：{error}"


def _trend_row(row: dict, t: dict, eng: _Engine) -> dict:
    """A goal without a number whose indicator has data (单位GDP能耗完成市下达目标): show the trend and flag a
    trend against the goal's direction."""
    ind, direction = row["indicator"], str(t["direction"])
    s = eng.series(ind)
    if s.empty:
        return _verdict(row, "qualitative", "goal without a number; no data for its indicator",
                        "目标未给出数值；其指标无数据")
    b = _base_year(t, eng.base_year)
    row.update(latest_year=int(s.index.max()), latest_value=float(s.iloc[-1]), n_obs=int(len(s)),
               data_basis=_basis(s.attrs["status"].values()), basis_year=int(s.index.max()),
               basis_value=float(s.iloc[-1]), basis_measure="latest value",
               basis_status=s.attrs["status"].get(int(s.index.max()), ""), rate_unit="%/yr")
    row["hist_rate_3y"], row["hist_rate_5y"] = _rate(s, 3, False), _rate(s, 5, False)
    if b not in s.index or row["latest_year"] <= b:
        return _verdict(row, "qualitative", f"goal without a number (set by others); no observation in the base "
                        f"year {b} to compare with", f"目标未给出数值；基期{b}年无数据，无法比较")
    row["base_year"], row["base_value"] = b, float(s[b])
    row["rate_since_base"] = _rate_between(s, b, row["latest_year"], False)
    change = 100 * (row["latest_value"] / row["base_value"] - 1)
    against = (direction == "<=" and change > 0) or (direction == ">=" and change < 0)
    en = (f"the number is not in the document (set by the city); {ind} moved {change:+.1f}% from {b} to "
          f"{row['latest_year']} ({row['base_value']:g} → {row['latest_value']:g}), "
          + ("against the goal's direction: flagged" if against else "in the goal's direction"))
    zh = (f"文件未给出数值（由市下达）；{b}–{row['latest_year']}年 {row['base_value']:g} → {row['latest_value']:g}"
          f"（{change:+.1f}%），" + ("与目标方向相反，需关注" if against else "与目标方向一致"))
    return _verdict(row, "watch" if against else "qualitative", en, zh)


def _scenario_paths(f: _Fitted, eng: _Engine, sc: Scenario, *, plan: tuple) -> pd.DataFrame:
    """The paths of ``f`` under ``sc`` (:func:`scenario_paths`), once per indicator, scenario and plan."""
    key = (str(f.series.name), sc.name, sc.type, plan if sc.type == "plan" else None)
    if key not in eng.scenario_memo:
        info = eng.info.get(str(f.series.name), {})
        eng.scenario_memo[key] = scenario_paths(f.paths, f.series, measure=f.measure, scenario=sc, plan=plan,
                                                per_year=bool(info.get("per_year", False)),
                                                flow_of=str(info.get("flow_of") or "") or None)
    return eng.scenario_memo[key]


def plan_paths(paths: pd.DataFrame, series: pd.Series, *, measure: str, plan: tuple) -> pd.DataFrame:
    """The plan scenario: the baseline's uncertainty around the path the target requires.

    ``("level", threshold, T)``: the median path goes from the latest value to the least value that counts as
    reached in year T (compound for levels, linear for shares and counts). ``("flow", need, T)``: every year up to
    T the median flow is ``need``, the yearly flow still required for a cumulative or yearly-average target. Either
    way the probability of reaching the target sits near 0.5 by construction.
    """
    last = int(series.index.max())
    med = paths.median(axis=1).to_numpy()
    years = paths.index.to_numpy()
    what, value, T = plan
    upper = 100 if measure == "share" else None
    if what == "flow":
        required = np.where(years <= T, float(value), med)
        return paths.add(required - med, axis=0).clip(lower=0, upper=upper)
    latest = float(series.iloc[-1])
    h = (years - last).astype(float)
    if measure == "level" and latest > 0 and value > 0:
        path = latest * (value / latest) ** (h / (T - last))
        return paths.mul(path / med, axis=0)
    path = latest + (value - latest) * h / (T - last)
    return paths.add(path - med, axis=0).clip(lower=0, upper=upper)


def _progress_scores(row: dict, s: pd.Series, target: float, T: int, additive: bool, base_year: int) -> None:
    """τ, ρ and the official measures from the base year (one convention: :func:`_base_year`)."""
    cur, t_last = row["latest_value"], row["latest_year"]
    ahead = T - t_last
    if not additive and (target <= 0 or cur <= 0 or (base_year in s.index and float(s[base_year]) <= 0)):
        additive = True
    if ahead > 0:
        row["required_rate"] = (progress.required_increment(cur, target, ahead) if additive else
                                100.0 * progress.required_growth(cur, target, ahead))
    if base_year not in s.index:
        before = [y for y in s.index if y < base_year]
        _say(row, f"no observation in the base year {base_year}" + (f" (the last before it is {max(before)})"
                                                                     if before else "") + ": no progress measures",
             f"基期{base_year}年无数据" + (f"（此前最近为{max(before)}年）" if before else "") + "，不计算进度指标")
        return
    base = float(s[base_year])
    total, elapsed = T - base_year, t_last - base_year
    row["base_year"], row["base_value"] = base_year, base
    row["tau"] = elapsed / total if total > 0 else math.nan
    row["rho"] = progress.distance_share(base=base, value=cur, target=target)
    row["midterm_class"] = progress.midterm_class(rho=row["rho"], tau=row["tau"])
    row["keeps_pace"] = progress.keeps_pace(rho=row["rho"], tau=row["tau"])
    row["rate_since_base"] = _rate_between(s, base_year, t_last, additive)
    if total > 0:
        row["rate_required_from_base"] = (progress.required_increment(base, target, total) if additive else
                                          100.0 * progress.required_growth(base, target, total))
    row["escap_current"] = row["rho"]
    row["escap_anticipated"] = progress.escap_ratio(base=base, current=cur, target=target, years_elapsed=elapsed,
                                                    years_total=total, additive=additive)
    row["escap_class"] = progress.escap_class(row["escap_anticipated"])
    proj = progress.extrapolate(base=base, current=cur, years_elapsed=elapsed, years_ahead=ahead, additive=additive)
    row["cagr_extrapolation"] = proj
    row["unsd_share"] = progress.distance_share(base=base, value=proj, target=target)
    row["unsd_class"] = progress.unsd_class(row["unsd_share"])
    window = [y for y in s.index if t_last - EUROSTAT_WINDOW <= y <= t_last - 3]
    if window:
        w0 = int(min(window))
        w_base = float(s[w0])
        row["eurostat_ratio"] = progress.eurostat_ratio(base=w_base, current=cur, target=target,
                                                        years_elapsed=t_last - w0, years_total=T - w0,
                                                        additive=additive or w_base <= 0)
        row["eurostat_class"] = progress.eurostat_class(row["eurostat_ratio"])


def _final_progress(row: dict, s: pd.Series, target: float, T: int, additive: bool, base_year: int) -> None:
    """The 总结评估's completion measures of a target whose year is observed: τ = 1, ρ from the base year to the
    target year's value, the growth achieved since the base against the growth required from it (the forward-looking
    measures have nothing left to say)."""
    if base_year not in s.index or T not in s.index or T <= base_year:
        return
    base, value = float(s[base_year]), float(s[T])
    if not additive and (target <= 0 or value <= 0 or base <= 0):
        additive = True
    row["base_year"], row["base_value"], row["tau"] = base_year, base, 1.0
    row["rho"] = progress.distance_share(base=base, value=value, target=target)
    row["keeps_pace"] = progress.keeps_pace(rho=row["rho"], tau=1.0)
    row["rate_since_base"] = _rate_between(s, base_year, T, additive)
    row["rate_required_from_base"] = (progress.required_increment(base, target, T - base_year) if additive else
                                      100.0 * progress.required_growth(base, target, T - base_year))


#: Eurostat's short-term window: the most recent five years (at least three).
EUROSTAT_WINDOW = 5


def _on_schedule_votes(row: dict) -> tuple[int, int]:
    """How many of the four official measures say "on schedule", and how many could be computed."""
    votes = [(row.get("eurostat_class"), ("significant progress",)),
             (row.get("unsd_class"), ("substantial progress",)),
             (row.get("escap_class"), ("maintain",)),
             (row.get("midterm_class"), ("提前实现", "快于预期", "基本符合预期"))]
    known = [(v, ok) for v, ok in votes if isinstance(v, str) and v not in ("", "n/a")]
    return sum(v in ok for v, ok in known), len(known)


def _explain(row: dict, target: float, direction: str, T: int) -> None:
    """When the official measures and the probability disagree, say why in words (English and Chinese)."""
    yes, known = _on_schedule_votes(row)
    p = row.get("probability")
    if known == 0 or p is None or math.isnan(p):
        return
    says_yes = yes * 2 > known
    if says_yes == (p >= settings.PROB_ON_TRACK) or (not says_yes and p >= settings.PROB_OFF_TRACK and yes * 2 == known):
        return
    extr, med = row.get("cagr_extrapolation", math.nan), row["proj_median"]
    lo, hi = row["proj_lower_80"], row["proj_upper_80"]
    unit = row.get("unit") or ""
    r3, rb = row.get("hist_rate_3y", math.nan), row.get("rate_since_base", math.nan)
    ru = row.get("rate_unit") or ""
    en = [f"{yes} of {known} official measures say on schedule, the probability is {p:.0%}:",
          f"the measures extrapolate the average pace since {row.get('base_year')} to {extr:.4g}{unit} in {T}"
          if not math.isnan(extr) else "the measures compare average paces"]
    zh = [f"{known}项官方进度指标中{yes}项认为进度正常，而实现概率为{p:.0%}：",
          f"进度指标按{row.get('base_year')}年以来的平均速度外推，{T}年约为 {extr:.4g}{unit}"
          if not math.isnan(extr) else "进度指标比较的是平均速度"]
    thr = reach_threshold(target, direction)
    if says_yes:
        if not math.isnan(extr) and abs(extr - thr) <= 0.05 * abs(thr):
            en.append(f"that lands only just {'past' if meets(extr, target, direction) else 'short of'} the target "
                      f"({thr:g}), so even a forecast centred there reaches it only about half the time")
            zh.append(f"仅略{'高于' if meets(extr, target, direction) else '低于'}目标（{thr:g}），即便预测中心在此，"
                      "实现的可能也只有一半左右")
        if not (math.isnan(r3) or math.isnan(rb)) and ((r3 < rb) if direction != "<=" else (r3 > rb)):
            en.append(f"the last three years ran slower ({r3:.3g} {ru}) than the average since the base ({rb:.3g} {ru}), "
                      "and the projection weights recent years")
            zh.append(f"近三年速度（{r3:.3g} {ru}）慢于基期以来的平均速度（{rb:.3g} {ru}），而预测更重视近年")
        en.append(f"the projection's median is {med:.4g}{unit} (80% band {lo:.4g}–{hi:.4g}): the probability counts "
                  "the uncertainty the measures ignore")
        zh.append(f"预测中位数 {med:.4g}{unit}（80%区间 {lo:.4g}–{hi:.4g}）：概率计入了进度指标没有考虑的不确定性")
    else:
        en.append(f"the projection's median is {med:.4g}{unit} (80% band {lo:.4g}–{hi:.4g}): recent years ran faster "
                  "than the average since the base" if not math.isnan(r3) and not math.isnan(rb) and r3 > rb else
                  f"the projection's median is {med:.4g}{unit} (80% band {lo:.4g}–{hi:.4g})")
        zh.append(f"预测中位数 {med:.4g}{unit}（80%区间 {lo:.4g}–{hi:.4g}）" +
                  ("：近年速度快于基期以来的平均速度" if not math.isnan(r3) and not math.isnan(rb) and r3 > rb else ""))
    row["explanation"] = " ".join(en[:1]) + " " + "; ".join(en[1:])
    row["explanation_zh"] = zh[0] + "；".join(zh[1:])


def _growth_row(row: dict, t: dict, eng: _Engine, target: float, direction: str, T: int) -> dict:
    """A growth rate to be met in every year from the start year to the target year (never scored by CAGR)."""
    from kpi.model.relative import MEASURED_BY

    row["rate_unit"] = "%"
    ind = row["indicator"]
    parts = MEASURED_BY.get(ind, (ind,)) if eng.series(ind).empty else (ind,)
    rates_by_part = {}
    for part in parts:
        s = eng.series(part)
        if str(eng.info.get(part, {}).get("unit")) == "%" and str(eng.info.get(part, {}).get("measure")) == "rate":
            r = s
        else:
            consecutive = s.index.to_series().diff() == 1
            r = (100 * s.pct_change())[consecutive.to_numpy()]
            r.attrs["status"] = s.attrs["status"]
        rates_by_part[part] = r.dropna()
    common = sorted(set.intersection(*(set(r.index) for r in rates_by_part.values()))) if rates_by_part else []
    if not common:
        return _verdict(row, "insufficient", "growth-rate target: no growth rate can be computed yet",
                        "增速目标：尚无可计算的增速")
    worst = pd.Series({y: (min if direction != "<=" else max)(float(r[y]) for r in rates_by_part.values())
                       for y in common}).sort_index()
    statuses = {y: min((rates_by_part[p].attrs.get("status", {}).get(y, "") for p in parts), key=len) for y in common}
    worst.attrs["status"] = statuses
    start = int(t["start_year"]) if pd.notna(t.get("start_year")) else T
    row["data_basis"] = _basis(st for st in statuses.values() if st)
    row["n_obs"] = int(len(worst))
    row["hist_rate_3y"] = float(worst.tail(3).mean())
    row["hist_rate_5y"] = float(worst.tail(5).mean())
    row["latest_year"], row["latest_value"] = int(worst.index.max()), float(worst.iloc[-1])
    row["probability"] = math.nan
    part_note = ("" if parts == (ind,) else
                 f"measured by {' and '.join(parts)} (the zone publishes no combined figure); the slower decides; ")
    part_zh = ("" if parts == (ind,) else
               f"以{'、'.join(str(eng.info.get(p, {}).get('name_zh', p)) for p in parts)}分别衡量（本区无合计数据），取较低者；")
    in_period = [y for y in range(start, T + 1) if y in worst.index]
    listing = ", ".join(f"{y}: {worst[y]:.1f}%" for y in in_period) or "none observed yet"
    listing_zh = "，".join(f"{y}年 {worst[y]:.1f}%" for y in in_period) or "尚无观测"
    oc = outcome(worst, target=target, direction=direction, target_year=T, kind="growth", start_year=start)
    if oc is not None:
        _set_outcome(row, oc)
        row["probability"] = math.nan
        return _verdict(row, "reached" if oc.reached else "missed",
                        f"growth-rate target {start}–{T}, every year, not scored by CAGR: {part_note}{listing}; "
                        + oc.text("en"), f"增速目标（{start}–{T}年逐年，不按年均增速评分）：{part_zh}{listing_zh}；"
                        + oc.text("zh"))
    if in_period:
        row["basis_year"], row["basis_value"] = in_period[-1], float(worst[in_period[-1]])
        row["basis_measure"] = f"yearly growth {in_period[0]}–{in_period[-1]}"
        return _verdict(row, "holding", f"growth-rate target {start}–{T}, every year: met in every year observed so "
                        f"far ({part_note}{listing})", f"增速目标（{start}–{T}年逐年）：迄今各年均达到（{part_zh}{listing_zh}）")
    past = T < eng.data_end
    return _verdict(row, "no_data" if past else "insufficient",
                    f"growth-rate target {start}–{T}: no year of the period observed yet; recent growth "
                    + ", ".join(f"{y}: {v:.1f}%" for y, v in worst.tail(3).items()),
                    f"增速目标（{start}–{T}年）：期内尚无观测；近年增速 "
                    + "，".join(f"{y}年 {v:.1f}%" for y, v in worst.tail(3).items()))


def _cumulative_row(row: dict, t: dict, f: _Fitted, eng: _Engine, sc: Scenario, target: float,
                    direction: str, T: int) -> dict:
    """A sum of yearly flows (cumulative) or their yearly average (年均): completed by the flows since the start."""
    s = f.series
    kind = str(t["kind"])
    start = _first_year(t.get("start_year"), eng.base_year)
    n = T - start + 1
    total = target if kind == "cumulative" else target * n
    row["required_total"] = total
    row["base_year"], row["base_value"] = start - 1, 0.0
    row["rate_unit"] = f"{row['unit']}/yr"
    row["rate_required_from_base"] = total / n
    if not s.empty:
        row["hist_rate_3y"] = float(s.tail(3).mean())
        row["hist_rate_5y"] = float(s.tail(5).mean())
    oc = outcome(s, target=target, direction=direction, target_year=T, kind=kind, start_year=start)
    if oc is not None:
        _set_outcome(row, oc)
        what = "" if kind == "cumulative" else f" ({oc.value * n:g} of {total:g} over {n} years)"
        what_zh = "" if kind == "cumulative" else f"（{n}年合计 {oc.value * n:g}，需 {total:g}）"
        return _verdict(row, "reached" if oc.reached else "missed", oc.text("en") + what, oc.text("zh") + what_zh)
    if s.empty:
        return _verdict(row, "no_data", f"no yearly flows of {row['indicator']} observed", "无逐年数据")
    latest_year = int(s.index.max())
    counted = [y for y in range(start, min(T, latest_year) + 1)]
    missing = [y for y in counted if y not in s.index]
    done = float(s[[y for y in counted if y in s.index]].sum())
    past = _past(row, eng, T, s, pd.DataFrame(columns=["year"]))
    if past is not None:
        return past
    if latest_year < start:
        return _verdict(row, "insufficient", f"no flow observed since the start year {start}",
                        f"起始年{start}年以来无数据")
    if missing:
        return _verdict(row, "insufficient", f"at least {done:g} accumulated since {start}; the flows of "
                        f"{', '.join(map(str, missing))} are not observed", f"{start}年以来至少累计 {done:g}；"
                        f"{'、'.join(map(str, missing))}年数据缺失")
    years_done = latest_year - start + 1
    row["latest_value"] = done
    row["basis_year"], row["basis_value"] = latest_year, done
    row["basis_measure"] = f"sum {start}–{latest_year}"
    row["basis_status"] = _basis(s.attrs["status"].get(y, "") for y in counted)
    row["rate_since_base"] = done / years_done
    ahead = T - latest_year
    row["required_rate"] = (total - done) / ahead
    tau = years_done / n
    row["tau"], row["rho"] = tau, done / total if total else math.nan
    row["midterm_class"] = progress.midterm_class(rho=row["rho"], tau=tau)
    row["keeps_pace"] = progress.keeps_pace(rho=row["rho"], tau=tau)
    row["margin"], row["margin_pct"] = _margin(done, total, direction)
    so_far = (f"{done:g} of {total:g} accumulated {start}–{latest_year} ({done / years_done:.3g} a year); "
              f"{max(total - done, 0):g} needed in {T - latest_year} year{'s' if ahead > 1 else ''} "
              f"({max(total - done, 0) / ahead:.3g} a year)")
    so_far_zh = (f"{start}–{latest_year}年累计 {done:g}，需 {total:g}（年均 {done / years_done:.3g}）；"
                 f"其余{ahead}年还需 {max(total - done, 0):g}（每年 {max(total - done, 0) / ahead:.3g}）")
    if f.paths is None:
        return _verdict(row, "insufficient", f"{so_far}; {f.error or 'no projection'}", f"{so_far_zh}；{_zh_error(f.error)}")
    plan = target_plan(kind, target=target, direction=direction, target_year=T, series=s, start_year=start,
                       base_year=eng.base_year)
    value = outcomes(_scenario_paths(f, eng, sc, plan=plan), s, kind=kind, target_year=T, start_year=start,
                     base_year=eng.base_year)
    row["proj_median"] = float(np.median(value))
    row["proj_lower_80"], row["proj_upper_80"] = (float(v) for v in np.quantile(value, [0.1, 0.9]))
    row["probability"] = probability(value, target, direction)
    row["method"] = f.method + " (yearly flows summed)"
    return _verdict(row, _by_probability(row["probability"]), so_far, so_far_zh)


def _relative_row(row: dict, t: dict, eng: _Engine) -> dict:
    """A relative target: the zone's growth over the plan period so far against each comparator it names."""
    from kpi.model import relative

    ind, direction, T = row["indicator"], str(t.get("direction") or ">="), int(t["target_year"])
    comparators = t.get("compare_with")
    if not ind or not comparators or (isinstance(comparators, float) and math.isnan(comparators)):
        return _verdict(row, "no_data", "relative target without an indicator or comparators (compare_with)",
                        "相对目标缺少指标或比较对象")
    key = (ind, str(comparators), direction, str(t.get("start_year")))
    if key not in eng.relative_memo:
        eng.relative_memo[key] = relative.score_relative(
            indicator=ind, compare_with=comparators, direction=">" if direction == ">" else ">=",
            start_year=_first_year(t.get("start_year"), eng.base_year), history=eng.points)
    comp = eng.relative_memo[key]
    deciding = comp[comp["growth_basis"] != "rank"]
    known = deciding[deciding["zone_faster"].notna()]
    lacking = deciding[deciding["zone_faster"].isna()]
    names = eng.regions

    def region_name(r: str, lang: str) -> str:
        return str(names.loc[r, "short_zh" if lang == "zh" else "short_en"]) if r in names.index else r

    def indicator_name(i: str, lang: str) -> str:
        return str(eng.info[i]["name_zh" if lang == "zh" else "name_en"]) if i in eng.info else i

    def describe(c, lang: str) -> str:
        if c["growth_basis"] == "rank":
            return (f"{region_name(c['region'], lang)}：{c['years']}年增速全市第一" if lang == "zh" else
                    f"{region_name(c['region'], lang)}: first in the city in {c['years']}")
        if pd.isna(c["zone_faster"]):
            return f"{region_name(c['region'], lang)}：无数据" if lang == "zh" else f"{region_name(c['region'], lang)}: no data"
        basis = labels.label(labels.GROWTH_BASES, c["growth_basis"], lang)
        other = indicator_name(c["comparator_indicator"], lang) if c["comparator_indicator"] != ind else ""
        if lang == "zh":
            return (f"{region_name(c['region'], lang)}{('（' + other + '）') if other else ''}：本区 "
                    f"{c['zone_avg_growth_pct']:.1f}% 对 {c['avg_growth_pct']:.1f}%（{c['years']}，{basis}）"
                    f"{'达到' if c['zone_faster'] else '未达到'}")
        return (f"{region_name(c['region'], lang)}{(' (' + other + ')') if other else ''}: zone "
                f"{c['zone_avg_growth_pct']:.1f}% vs {c['avg_growth_pct']:.1f}% a year ({c['years']}, {basis}) — "
                f"{'met' if c['zone_faster'] else 'not met'}")

    row["comparators"] = "; ".join(describe(c, "en") for c in comp.to_dict("records"))
    row["comparison_basis"] = ", ".join(sorted(set(known["growth_basis"]))) or "none"
    row["rate_unit"] = "%/yr"
    row["probability"] = math.nan
    details = [f"{c['region']}: {c['note']}" for c in comp.to_dict("records") if c["note"]]
    if known.empty:
        row["reason"] = row["comparators"]
        row["reason_zh"] = "；".join(describe(c, "zh") for c in comp.to_dict("records"))
        return _verdict(row, "no_data", "no comparator has data (" + "; ".join(details) + ")",
                        "所有比较对象均无数据")
    row["data_basis"] = _basis(known["basis"])
    row["basis_year"] = int(known["end_year"].max())
    worst = known.loc[known["gap_pp"].astype(float).idxmin()]
    row["basis_value"] = float(worst["zone_avg_growth_pct"])
    row["basis_measure"] = f"zone's average yearly growth {worst['years']}"
    row["basis_status"] = str(worst["basis"])
    row["margin"] = float(worst["gap_pp"])
    row["latest_year"], row["latest_value"] = row["basis_year"], row["basis_value"]
    met = bool(known["zone_faster"].astype(bool).all())
    complete = lacking.empty and int(known["end_year"].min()) >= T
    code = ("reached" if met else "missed") if complete else ("holding" if met else "lagging")
    coverage = (f"checked against {len(known)} of {len(deciding)} comparators" +
                (f" ({', '.join(region_name(r, 'en') for r in lacking['region'])}: no data, not guessed)"
                 if not lacking.empty else ""))
    coverage_zh = (f"已比较{len(deciding)}个对象中的{len(known)}个" +
                   (f"（{'、'.join(region_name(r, 'zh') for r in lacking['region'])}无数据，不作推测）"
                    if not lacking.empty else ""))
    _say(row, f"{coverage}: {row['comparators']}; " + "; ".join(details),
         f"{coverage_zh}：" + "；".join(describe(c, "zh") for c in comp.to_dict("records")))
    return _verdict(row, code, "", "")


def _by_probability(p: float) -> str:
    if p >= settings.PROB_ON_TRACK:
        return "on_track"
    if p >= settings.PROB_OFF_TRACK:
        return "at_risk"
    return "off_track"


def _verdict(row: dict, code: str, reason: str, reason_zh: str = "") -> dict:
    row["verdict"] = code
    row["verdict_zh"], row["verdict_en"] = VERDICTS[code]
    _say(row, reason, reason_zh)
    return row


def relations(targets: pd.DataFrame, *, base_year: int | None = None) -> dict[str, tuple[str, str]]:
    """How targets relate, in words (English, Chinese), by target id: components and their total, and a yearly task
    that is one year of a multi-year total or yearly average on the same series (one number, two claims).

    Examples
    --------
    >>> tg = pd.DataFrame({"indicator": ["f", "f"], "kind": ["average", "count"], "value": [30.0, 30.0],
    ...                    "start_year": [2021, pd.NA], "target_year": [2025, 2022], "name_zh": ["年均新增", "新增"],
    ...                    "name_en": ["yearly average", "new"]}, index=["avg", "y2022"])
    >>> relations(tg)["y2022"][0]
    'the 2022 year of avg (yearly average: 30 a year over 2021–2025, 150 in all); scored on its own year here'
    """
    out: dict[str, list[tuple[str, str]]] = {}
    recs = targets.to_dict("index")

    def add(tid: str, en: str, zh: str) -> None:
        out.setdefault(tid, []).append((en, zh))

    if "component_of" in targets.columns:
        for tid, r in recs.items():
            parent = r.get("component_of")
            if isinstance(parent, str) and parent:
                pname = recs.get(parent, {})
                add(tid, f"a component of {parent} ({pname.get('name_en', '')}): not counted on its own",
                    f"为 {pname.get('name_zh', parent)} 的组成部分，不单独计数")
        children = {}
        for tid, r in recs.items():
            if isinstance(r.get("component_of"), str) and r.get("component_of"):
                children.setdefault(r["component_of"], []).append(tid)
        for parent, kids in children.items():
            if parent in recs:
                add(parent, f"made up of {len(kids)} component rows ({', '.join(kids)})",
                    f"由{len(kids)}个组成项构成")
    for tid, r in recs.items():
        if r.get("kind") not in ("average", "cumulative") or not isinstance(r.get("indicator"), str):
            continue
        start = _first_year(r.get("start_year"), base_year)
        T = int(r["target_year"])
        n = T - start + 1
        for oid, o in recs.items():
            if oid == tid or o.get("indicator") != r["indicator"] or o.get("kind") in ("average", "cumulative"):
                continue
            y = int(o["target_year"])
            if start <= y <= T and (pd.isna(o.get("start_year")) or int(o["start_year"]) == y):
                total = float(r["value"]) * (n if r["kind"] == "average" else 1)
                desc = (f"{r['value']:g} a year over {start}–{T}, {total:g} in all" if r["kind"] == "average" else
                        f"{total:g} over {start}–{T}")
                desc_zh = (f"{start}–{T}年年均 {r['value']:g}，合计 {total:g}" if r["kind"] == "average" else
                           f"{start}–{T}年累计 {total:g}")
                add(oid, f"the {y} year of {tid} ({r['name_en']}: {desc}); scored on its own year here",
                    f"为“{r['name_zh']}”（{desc_zh}）中{y}年的任务；此处按当年单独评价")
                add(tid, f"its {y} year is also a yearly task ({oid}, {o['value']:g}); the two are one series, "
                         "judged over the period here and for the year there",
                    f"其中{y}年另有年度任务（{o['name_zh']} {o['value']:g}）；同一序列，此处按全期评价")
    return {k: ("; ".join(e for e, _ in v), "；".join(z for _, z in v)) for k, v in out.items()}


def _as_of_history(history: pd.DataFrame | None, as_of: int | None) -> pd.DataFrame:
    from kpi.inputs.history import select
    from kpi.inputs.raw import load_all_vintages

    frame = load_all_vintages() if history is None else history
    dup = frame.duplicated(["indicator", "region", "year"]).any()
    if as_of is None:
        return select(frame) if dup else frame
    selected = select(frame, vintage=str(int(as_of) + 1)) if dup else frame
    return selected[selected["year"] <= int(as_of)]


def _scenarios(scenario) -> list[Scenario]:
    if isinstance(scenario, str) and scenario == "all":
        return list(load_scenarios().values())
    if isinstance(scenario, Scenario):
        return [scenario]
    if isinstance(scenario, str):
        return [load_scenario(scenario)]
    return [s if isinstance(s, Scenario) else load_scenario(s) for s in scenario]


def assess(*, plan: str | object | None = None, targets: pd.DataFrame | None = None,
           history: pd.DataFrame | None = None, as_of: int | None = None,
           scenario: str | Scenario | Iterable[str] = "baseline", seed: int = 0, region: str | None = None,
           n_paths: int | None = None) -> pd.DataFrame:
    """Assess every target of a plan: one row per target (and scenario), indexed by target id.

    Parameters
    ----------
    plan : str, Path or Plan, optional
        The plan (a folder under ``data/raw/plans``, a plan folder elsewhere, or a
        :class:`~kpi.inputs.plans.Plan`); default :data:`kpi.core.paths.DEFAULT_PLAN`, 盐开发〔2022〕4号. Its base
        year is the base of τ, ρ and the growth since the base; its region measures the targets.
    targets : DataFrame, optional
        The registry (default :func:`kpi.load_targets` of ``plan``); its ``attrs['plan']`` gives the base year
        and region when ``plan`` is not given (a frame without one is measured from
        :data:`kpi.core.settings.PLAN_BASE_YEAR`).
    history : DataFrame, optional
        History rows (default: every source, latest vintage). All vintages may be passed: with ``as_of``
        the vintage published the year after is used.
    as_of : int, optional
        Use only data up to this year (``as_of=2021`` reproduces what could be said when the plan was written).
    scenario : str, Scenario or list of str
        A scenario name (``'baseline'``, ``'high'``…), a :class:`~kpi.model.scenarios.Scenario`, a list of names,
        or ``'all'`` for every scenario file (rows repeated per scenario, column ``scenario``).
    seed : int
        Seed of the simulated paths; the same seed gives the same probabilities.
    region : str, optional
        The region whose series measure the targets (default: the plan's, the zone).

    Returns
    -------
    DataFrame
        Columns listed in :data:`COLUMNS`; see the module docstring for verdicts. ``attrs``: the plan's id and base
        year, ``as_of``, seed, region, scenarios, paths.
    """
    return analyse(plan=plan, targets=targets, history=history, as_of=as_of, scenario=scenario, seed=seed,
                   region=region, n_paths=n_paths)["card"]


def _plan_and_targets(plan, targets: pd.DataFrame | None):
    """The plan (or None for a registry frame without one) and its targets."""
    from kpi.inputs.plans import Plan
    from kpi.inputs.raw import load_targets

    if isinstance(plan, Plan):
        from kpi.core import paths

        where = paths.ROOT / plan.folder if plan.folder and (paths.ROOT / plan.folder).is_dir() else plan.id
        return plan, (load_targets(plan=where) if targets is None else targets)
    if targets is None:
        tg = load_targets(plan=plan)
        return tg.attrs.get("plan"), tg
    if plan is not None:
        return load_targets(plan=plan).attrs.get("plan"), targets
    return targets.attrs.get("plan"), targets


def analyse(*, plan: str | object | None = None, targets: pd.DataFrame | None = None,
            history: pd.DataFrame | None = None, as_of: int | None = None,
            scenario: str | Scenario | Iterable[str] = "baseline", seed: int = 0, region: str | None = None,
            n_paths: int | None = None, levels: tuple[float, ...] = (0.8, 0.95)) -> dict[str, pd.DataFrame]:
    """The scorecard and the projection quantiles from the same simulated paths (parameters as :func:`assess`).

    Returns ``{"card": <assess table>, "projections": <indicator, scenario, year, median, lower_80, …>}``,
    so that every fan chart shows exactly the distribution its probability comes from.
    """
    the_plan, tg = _plan_and_targets(plan, targets)
    base_year = the_plan.base_year if the_plan is not None else None
    region = region or (the_plan.region if the_plan is not None else "zone")
    hist = _as_of_history(history, as_of)
    scs = _scenarios(scenario)
    horizon = int(max(tg["target_year"].dropna().max(), (as_of or 0) + 1))
    eng = _Engine(hist, region=region, until=horizon, seed=seed, n_paths=n_paths or settings.N_PATHS,
                  base_year=base_year)
    rows = []
    records = list(zip(tg.index, tg.to_dict("records")))
    related = relations(tg, base_year=base_year)
    for sc in scs:
        for tid, t in records:
            r = _row(t, eng, sc)
            r["id"] = tid
            r["related"] = related.get(tid, ("", ""))[0]
            rows.append(r)
    card = pd.DataFrame(rows).set_index("id")
    for c in COLUMNS:
        if c not in card:
            card[c] = np.nan
    card = card[COLUMNS]
    card["start_year"] = card["start_year"].astype("Int64")  # a year, or <NA> for targets without a start
    card.attrs.update(as_of=as_of, seed=seed, region=region, scenarios=[s.name for s in scs],
                      n_paths=eng.n_paths, plan_base_year=eng.base_year,
                      plan=the_plan.id if the_plan is not None else None)
    return {"card": card, "projections": _projection_table(eng, scs, tg, levels)}


def _projection_table(eng: _Engine, scs: list[Scenario], tg: pd.DataFrame, levels) -> pd.DataFrame:
    rows = []
    for ind in sorted(eng.cache):
        f = eng.cache[ind]
        if f.paths is None:
            continue
        main = tg[(tg["indicator"] == ind) & tg["value"].notna()]
        for sc in scs:
            if main.empty and sc.type == "plan":
                continue
            if sc.type == "plan":
                plan = _plan_for(eng, f, main.sort_values("target_year").iloc[-1])
                if plan is None:
                    continue
                paths = _scenario_paths(f, eng, sc, plan=plan)
            else:
                paths = _scenario_paths(f, eng, sc, plan=())
            arr = paths.to_numpy()
            for k, year in enumerate(paths.index):
                r = {"indicator": ind, "scenario": sc.name, "year": int(year), "median": float(np.median(arr[k])),
                     "mean": float(arr[k].mean())}
                for lvl in levels:
                    lo, hi = np.quantile(arr[k], [(1 - lvl) / 2, 1 - (1 - lvl) / 2])
                    r[f"lower_{round(lvl * 100)}"], r[f"upper_{round(lvl * 100)}"] = float(lo), float(hi)
                rows.append(r)
    # the columns stay when no year is left to project (every target year observed): an empty table, not a blank file
    columns = ["indicator", "scenario", "year", "median", "mean"] + [
        f"{side}_{round(lvl * 100)}" for lvl in levels for side in ("lower", "upper")]
    return pd.DataFrame(rows, columns=columns)


def _plan_for(eng: _Engine, f: _Fitted, t: pd.Series) -> tuple | None:
    """What the plan scenario of an indicator follows: its latest target's path (a flow's yearly need for a
    cumulative or yearly-average target), in the indicator's unit; None if the target's unit does not fit."""
    ind = str(f.series.name)
    target = float(t["value"])
    if ind in eng.ind.index and str(eng.ind.loc[ind, "unit"]) != str(t.get("unit")):
        from kpi.inputs import units
        try:
            target = units.convert(target, str(t["unit"]), str(eng.ind.loc[ind, "unit"]))
        except ValueError:
            return None
    T, kind = int(t["target_year"]), str(t.get("kind"))
    if kind in ("cumulative", "average") and int(f.series.index.max()) >= T:
        return None
    return target_plan(kind, target=target, direction=str(t.get("direction") or ">="), target_year=T,
                       series=f.series, start_year=t.get("start_year"), base_year=eng.base_year)


def probability_by_scenario(card: pd.DataFrame, *, verdicts: Iterable[str] | None = None,
                            name: str | None = None) -> pd.DataFrame:
    """The probability of reaching each scored target under each scenario: targets (index ``id``) × scenarios.

    Parameters
    ----------
    card : DataFrame
        A scorecard of several scenarios (:func:`assess` with ``scenario="all"``).
    verdicts : iterable of str, optional
        Keep only targets whose verdict is one of these (in any scenario).
    name : str, optional
        A column of the card (``name_zh`` or ``name_en``) to put first, under the same name.

    Examples
    --------
    >>> card = pd.DataFrame({"scenario": ["baseline", "high"], "probability": [0.4, 0.7], "verdict": "at_risk",
    ...                      "name_zh": "地区生产总值"}, index=pd.Index(["gdp_2025"] * 2, name="id"))
    >>> probability_by_scenario(card, name="name_zh").values.tolist()
    [['地区生产总值', 0.4, 0.7]]
    """
    sub = card[card["probability"].notna()]
    if verdicts is not None:
        sub = sub[sub["verdict"].isin(list(verdicts))]
    wide = sub.pivot_table(index=sub.index, columns="scenario", values="probability", aggfunc="first")
    wide.index.name = "id"
    wide.columns.name = "scenario"
    if name is not None:
        wide.insert(0, name, sub.groupby(level=0)[name].first().reindex(wide.index))
    return wide

