"""Reachability assessment: one row per target, with data basis, progress scores and a verdict.

For every target of the registry :func:`assess` reports the latest value and its
data basis, the growth the target requires against what history shows, the
official progress measures side by side (:mod:`kpi.model.progress`: Eurostat, UNSD,
UN ESCAP, the Chinese mid-term review), the calibrated projection for the target
year with its 80 % band, the **probability of reaching the target**, and a verdict
in Chinese and English. No target is dropped: a target without data gets a row
saying why.

Verdicts
--------
``reached`` 已实现 (observed at or before the target year), ``missed`` 未实现 (the
target year is observed and short), ``on_track`` 有望实现 (p ≥ 0.7), ``at_risk``
存在风险 (0.3 ≤ p < 0.7), ``off_track`` 难以实现 (p < 0.3), ``insufficient`` 数据不足
(fewer than 3 observations), ``no_data`` 无数据 (no series measures it),
``qualitative`` 定性目标 (not a number). Thresholds are the disclosed settings
:data:`kpi.core.settings.PROB_ON_TRACK` / :data:`~kpi.core.settings.PROB_OFF_TRACK`.

Edge cases, following the official rules: growth-rate targets (kind ``growth``)
are compared with observed growth rates and never scored by CAGR; shares and
counts use increments (percentage points, units a year), not compound growth;
``~`` (左右) counts as reached at 95 % of the value; cumulative targets add
projected yearly flows to what was observed since the start year.

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
COLUMNS = [
    "clause", "area", "name_zh", "name_en", "indicator", "unit", "kind", "direction", "target_value",
    "stretch_value", "start_year", "target_year", "scenario", "latest_year", "latest_value", "data_basis", "n_obs",
    "base_year", "base_value", "required_rate", "hist_rate_3y", "hist_rate_5y", "rate_unit",
    "eurostat_ratio", "eurostat_class", "unsd_share", "unsd_class", "escap_current", "escap_anticipated",
    "escap_class", "tau", "rho", "midterm_class", "cagr_extrapolation", "proj_median", "proj_lower_80",
    "proj_upper_80", "probability", "stretch_probability", "verdict", "verdict_zh", "verdict_en", "reason",
    "method",
]


@dataclass
class _Fitted:
    series: pd.Series
    measure: str
    paths: pd.DataFrame | None
    method: str
    error: str | None


def _meets(value, target: float, direction: str):
    if direction == "<=":
        return value <= target
    if direction == "~":
        return value >= target * (1 - settings.ABOUT_TOLERANCE)
    return value >= target


def _rate(series: pd.Series, years: int, additive: bool) -> float:
    """Average yearly growth (compound, %) or increment over the last ``years`` years; nan if not observed."""
    if series.empty:
        return math.nan
    last = int(series.index.max())
    if last - years not in series.index:
        return math.nan
    a, b = float(series[last - years]), float(series[last])
    if additive:
        return (b - a) / years
    if a <= 0 or b <= 0:
        return math.nan
    return 100.0 * progress.required_growth(a, b, years)


class _Engine:
    """Fits each indicator series once and reuses its simulated paths across targets and scenarios."""

    def __init__(self, history: pd.DataFrame, *, region: str, until: int, seed: int, n_paths: int) -> None:
        self.history, self.region, self.until, self.seed, self.n_paths = history, region, until, seed, n_paths
        self.ind = registry.load_indicators()
        self.info: dict[str, dict] = self.ind.to_dict("index")  # plain lookups: 700 rows × several fields
        self.cache: dict[str, _Fitted] = {}
        self.scenario_memo: dict[tuple, pd.DataFrame] = {}  # the scorecard and projection table share paths
        mine = history[history["region"] == region]  # split once: 700 rows ask for some 35 series
        self.rows = {str(k): g for k, g in mine.groupby("indicator", sort=False)}

    def series(self, indicator: str) -> pd.Series:
        sub = self.rows.get(indicator, self.history.iloc[:0])
        s = sub.set_index("year")["value"].sort_index()
        s.index = s.index.astype("int64")
        s.name = indicator
        s.attrs["status"] = dict(zip(sub["year"].astype(int), sub["status"]))
        return s

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


def _row(t: dict, eng: _Engine, sc: Scenario, targets: pd.DataFrame) -> dict:
    ind = t.get("indicator") or ""
    row = {c: t.get(c) for c in ("clause", "area", "name_zh", "name_en", "unit", "kind", "direction",
                                 "stretch_value", "start_year", "target_year")}
    row.update(indicator=ind, target_value=t.get("value"), scenario=sc.name, data_basis="none", n_obs=0,
               method="", reason="")
    tkind = str(t.get("kind") or "")
    if tkind == "qualitative" or pd.isna(t.get("value")):
        return _verdict(row, "qualitative", "qualitative goal: reported, not scored")
    if tkind == "relative":
        return _verdict(row, "no_data", "relative target: see the relative-growth table (kpi.model.relative)")
    if not ind:
        return _verdict(row, "no_data", "no indicator series measures this target")
    f = eng.fitted(ind)
    s = f.series
    target, direction, T = float(t["value"]), str(t["direction"]), int(t["target_year"])
    if ind in eng.info and str(eng.info[ind]["unit"]) != str(t.get("unit")):
        from kpi.inputs import units
        try:
            target = units.convert(target, str(t["unit"]), str(eng.info[ind]["unit"]))
            row["unit"] = str(eng.info[ind]["unit"])
            row["target_value"] = target
        except ValueError:
            return _verdict(row, "no_data", f"target unit {t['unit']} does not fit indicator {ind} "
                            f"({eng.info[ind]['unit']})")
    if s.empty:
        return _verdict(row, "no_data", f"no data for {ind} in region {eng.region}")
    row.update(latest_year=int(s.index.max()), latest_value=float(s.iloc[-1]), n_obs=int(len(s)),
               data_basis=_basis(s.attrs["status"].values()))
    additive = f.measure in ("share", "count") or str(eng.info[ind]["measure"]) == "rate"
    row["rate_unit"] = {"share": "pp/yr", "count": f"{row['unit']}/yr"}.get(f.measure, "%/yr")
    if tkind == "growth" or str(eng.info[ind]["measure"]) == "rate":
        return _growth_row(row, s, target, direction, T)
    if tkind == "cumulative":
        return _cumulative_row(row, t, f, eng, sc, target, direction, T)

    latest_year, latest = row["latest_year"], row["latest_value"]
    row["hist_rate_3y"], row["hist_rate_5y"] = _rate(s, 3, additive), _rate(s, 5, additive)
    if T in s.index and T <= latest_year:
        ok = bool(_meets(float(s[T]), target, direction))
        row["probability"] = 1.0 if ok else 0.0
        return _verdict(row, "reached" if ok else "missed", f"observed in {T}: {float(s[T]):g}")
    if T < latest_year:
        return _verdict(row, "no_data", f"target year {T} is past but not observed (data end {latest_year})")
    _progress_scores(row, s, target, T, additive)
    if f.paths is None or f.error:
        code = "insufficient"
        if f.error and "at least 3" not in f.error and "not projected" not in f.error:
            code = "insufficient"
        return _verdict(row, code, f.error or "no projection")
    paths = _scenario_paths(f, eng, sc, target, T)
    at_T = paths.loc[T].to_numpy()
    row["proj_median"] = float(np.median(at_T))
    row["proj_lower_80"], row["proj_upper_80"] = (float(v) for v in np.quantile(at_T, [0.1, 0.9]))
    row["probability"] = float(np.mean(_meets(at_T, target, direction)))
    if pd.notna(t.get("stretch_value")):
        row["stretch_probability"] = float(np.mean(_meets(at_T, float(t["stretch_value"]), direction)))
    row["method"] = f.method
    per_year = bool(eng.info[ind]["per_year"]) if ind in eng.info else False
    if _meets(latest, target, direction) and direction != "<=" and not per_year:
        return _verdict(row, "reached", f"already {latest:g} in {latest_year} (target {target:g} by {T})")
    return _verdict(row, _by_probability(row["probability"]), "")


def _scenario_paths(f: _Fitted, eng: _Engine, sc: Scenario, target: float, T: int) -> pd.DataFrame:
    key = (str(f.series.name), sc.name, sc.type, float(target) if sc.type == "plan" else 0.0, int(T) if sc.type == "plan" else 0)
    if key not in eng.scenario_memo:
        eng.scenario_memo[key] = _scenario_paths_uncached(f, sc, target, T)
    return eng.scenario_memo[key]


def _scenario_paths_uncached(f: _Fitted, sc: Scenario, target: float, T: int) -> pd.DataFrame:
    paths = f.paths
    last = int(f.series.index.max())
    if sc.type == "plan":
        med = paths.median(axis=1)
        latest = float(f.series.iloc[-1])
        h = (paths.index.to_numpy() - last).astype(float)
        if f.measure == "level" and latest > 0 and target > 0:
            plan = latest * (target / latest) ** (h / (T - last))
            return paths.mul(plan / med.to_numpy(), axis=0)
        plan = latest + (target - latest) * h / (T - last)
        return paths.add(plan - med.to_numpy(), axis=0).clip(lower=0, upper=100 if f.measure == "share" else None)
    return sc.apply(paths, indicator=f.series.name, measure=f.measure, last_year=last)


def _progress_scores(row: dict, s: pd.Series, target: float, T: int, additive: bool) -> None:
    base_year = int(row["start_year"]) - 1 if pd.notna(row.get("start_year")) else settings.PLAN_BASE_YEAR
    earlier = [y for y in s.index if y <= base_year]
    if not earlier:
        row["reason"] = f"no observation at or before the base year {base_year}"
        return
    b = int(max(earlier))
    base, cur, t_last = float(s[b]), row["latest_value"], row["latest_year"]
    row["base_year"], row["base_value"] = b, base
    total, elapsed, ahead = T - b, t_last - b, T - t_last
    if not additive and (base <= 0 or target <= 0 or cur <= 0):
        additive = True
    if not additive:
        row["required_rate"] = 100.0 * progress.required_growth(cur, target, ahead) if ahead > 0 else math.nan
    else:
        row["required_rate"] = progress.required_increment(cur, target, ahead) if ahead > 0 else math.nan
    row["tau"] = elapsed / total if total > 0 else math.nan
    row["rho"] = progress.distance_share(base=base, value=cur, target=target)
    row["midterm_class"] = progress.midterm_class(rho=row["rho"], tau=row["tau"])
    if elapsed > 0:
        row["eurostat_ratio"] = progress.eurostat_ratio(base=base, current=cur, target=target, years_elapsed=elapsed,
                                                        years_total=total, additive=additive)
        row["eurostat_class"] = progress.eurostat_class(row["eurostat_ratio"])
        proj = progress.extrapolate(base=base, current=cur, years_elapsed=elapsed, years_ahead=ahead,
                                    additive=additive)
        row["cagr_extrapolation"] = proj
        row["unsd_share"] = progress.distance_share(base=base, value=proj, target=target)
        row["unsd_class"] = progress.unsd_class(row["unsd_share"])
        row["escap_current"] = row["rho"]
        row["escap_anticipated"] = row["unsd_share"]
        row["escap_class"] = progress.escap_class(row["unsd_share"])


def _growth_row(row: dict, s: pd.Series, target: float, direction: str, T: int) -> dict:
    row["rate_unit"] = "%"
    if str(row.get("unit")) != "%":
        rates = 100 * s.pct_change().dropna()
        what = "yearly growth of the level series"
    else:
        rates, what = s, "observed growth rates"
    if rates.empty:
        return _verdict(row, "insufficient", "growth-rate target: no growth rate can be computed yet")
    recent = rates[rates.index >= settings.PLAN_BASE_YEAR + 1] if (rates.index > settings.PLAN_BASE_YEAR).any() else rates
    row["hist_rate_3y"] = float(rates.tail(3).mean())
    row["hist_rate_5y"] = float(rates.tail(5).mean())
    share_met = float(np.mean(_meets(recent.to_numpy(), target, direction)))
    row["probability"] = math.nan
    note = (f"growth-rate target, not scored by CAGR: {what} met the target in {share_met:.0%} of the plan years "
            f"observed ({', '.join(f'{y}: {v:.1f}%' for y, v in recent.items())})")
    if T <= int(rates.index.max()):
        return _verdict(row, "reached" if share_met == 1 else "missed", note)
    return _verdict(row, "on_track" if share_met == 1 else ("at_risk" if share_met >= 0.5 else "off_track"), note)


def _cumulative_row(row: dict, t: dict, f: _Fitted, eng: _Engine, sc: Scenario, target: float,
                    direction: str, T: int) -> dict:
    s = f.series
    start = int(t["start_year"]) if pd.notna(t.get("start_year")) else settings.PLAN_BASE_YEAR + 1
    done = float(s[(s.index >= start) & (s.index <= T)].sum())
    row["base_year"], row["base_value"] = start - 1, 0.0
    row["latest_value"] = done
    latest_year = int(s.index.max())
    ahead = T - latest_year
    row["required_rate"] = (target - done) / ahead if ahead > 0 else math.nan
    row["rate_unit"] = f"{row['unit']}/yr"
    row["hist_rate_3y"] = float(s.tail(3).mean())
    row["hist_rate_5y"] = float(s.tail(5).mean())
    if ahead <= 0:
        ok = bool(_meets(done, target, direction))
        row["probability"] = 1.0 if ok else 0.0
        return _verdict(row, "reached" if ok else "missed", f"{done:g} accumulated {start}–{T}")
    tau = (latest_year - start + 1) / (T - start + 1)
    row["tau"], row["rho"] = tau, done / target if target else math.nan
    row["midterm_class"] = progress.midterm_class(rho=row["rho"], tau=tau)
    if f.paths is None:
        return _verdict(row, "insufficient", f.error or "no projection")
    paths = _scenario_paths(f, eng, sc, target, T)
    total = done + paths.loc[latest_year + 1:T].sum(axis=0).to_numpy()
    row["proj_median"] = float(np.median(total))
    row["proj_lower_80"], row["proj_upper_80"] = (float(v) for v in np.quantile(total, [0.1, 0.9]))
    row["probability"] = float(np.mean(_meets(total, target, direction)))
    row["method"] = f.method + " (yearly flows summed)"
    if _meets(done, target, direction):
        return _verdict(row, "reached", f"{done:g} accumulated {start}–{latest_year}")
    return _verdict(row, _by_probability(row["probability"]), f"{done:g} accumulated {start}–{latest_year}")


def _by_probability(p: float) -> str:
    if p >= settings.PROB_ON_TRACK:
        return "on_track"
    if p >= settings.PROB_OFF_TRACK:
        return "at_risk"
    return "off_track"


def _verdict(row: dict, code: str, reason: str) -> dict:
    row["verdict"] = code
    row["verdict_zh"], row["verdict_en"] = VERDICTS[code]
    row["reason"] = "; ".join(r for r in (row.get("reason"), reason) if r)
    return row


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


def assess(*, targets: pd.DataFrame | None = None, history: pd.DataFrame | None = None, as_of: int | None = None,
           scenario: str | Scenario | Iterable[str] = "baseline", seed: int = 0, region: str = "zone",
           n_paths: int | None = None) -> pd.DataFrame:
    """Assess every target: one row per target (and scenario), indexed by target id.

    Parameters
    ----------
    targets : DataFrame, optional
        The registry (default :func:`kpi.load_targets`).
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
    region : str
        The region whose series measure the targets (the zone).

    Returns
    -------
    DataFrame
        Columns listed in :data:`COLUMNS`; see the module docstring for verdicts.
    """
    return analyse(targets=targets, history=history, as_of=as_of, scenario=scenario, seed=seed, region=region,
                   n_paths=n_paths)["card"]


def analyse(*, targets: pd.DataFrame | None = None, history: pd.DataFrame | None = None, as_of: int | None = None,
            scenario: str | Scenario | Iterable[str] = "all", seed: int = 0, region: str = "zone",
            n_paths: int | None = None, levels: tuple[float, ...] = (0.8, 0.95)) -> dict[str, pd.DataFrame]:
    """The scorecard and the projection quantiles from the same simulated paths.

    Returns ``{"card": <assess table>, "projections": <indicator, scenario, year, median, lower_80, …>}``,
    so that every fan chart shows exactly the distribution its probability comes from.
    """
    from kpi.inputs.raw import load_targets

    tg = load_targets() if targets is None else targets
    hist = _as_of_history(history, as_of)
    scs = _scenarios(scenario)
    horizon = int(max(tg["target_year"].dropna().max(), (as_of or 0) + 1))
    eng = _Engine(hist, region=region, until=horizon, seed=seed, n_paths=n_paths or settings.N_PATHS)
    rows = []
    records = list(zip(tg.index, tg.to_dict("records")))
    for sc in scs:
        for tid, t in records:
            r = _row(t, eng, sc, tg)
            r["id"] = tid
            rows.append(r)
    card = pd.DataFrame(rows).set_index("id")
    for c in COLUMNS:
        if c not in card:
            card[c] = np.nan
    card = card[COLUMNS]
    card["start_year"] = card["start_year"].astype("Int64")  # a year, or <NA> for targets without a start
    card.attrs.update(as_of=as_of, seed=seed, region=region, scenarios=[s.name for s in scs],
                      n_paths=eng.n_paths, plan_base_year=settings.PLAN_BASE_YEAR)
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
                last = main.sort_values("target_year").iloc[-1]
                target = float(last["value"])
                if ind in eng.ind.index and str(eng.ind.loc[ind, "unit"]) != str(last.get("unit")):
                    from kpi.inputs import units
                    try:
                        target = units.convert(target, str(last["unit"]), str(eng.ind.loc[ind, "unit"]))
                    except ValueError:
                        continue
                paths = _scenario_paths(f, eng, sc, target, int(last["target_year"]))
            else:
                paths = _scenario_paths(f, eng, sc, 0.0, eng.until)
            arr = paths.to_numpy()
            for k, year in enumerate(paths.index):
                r = {"indicator": ind, "scenario": sc.name, "year": int(year), "median": float(np.median(arr[k])),
                     "mean": float(arr[k].mean())}
                for lvl in levels:
                    lo, hi = np.quantile(arr[k], [(1 - lvl) / 2, 1 - (1 - lvl) / 2])
                    r[f"lower_{round(lvl * 100)}"], r[f"upper_{round(lvl * 100)}"] = float(lo), float(hi)
                rows.append(r)
    return pd.DataFrame(rows)


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

