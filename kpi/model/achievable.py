"""Target setting from calibrated odds: the level a trend reaches with a stated probability, and the odds of a draft.

For the next plan's targets an evaluator asks two questions the scorecard answers the other way round:

* **Which level has a 70 % chance?** :func:`achievable` inverts the scorecard's probability. For a ``>=`` target
  the level at probability *p* is the value that a share *p* of the simulated paths reach or exceed in the year
  asked — the paths of :class:`kpi.model.assessment._Engine` under the scenario
  (:func:`kpi.model.assessment.scenario_paths`), judged by :func:`kpi.model.assessment.meets`, the one rule
  behind every probability. Assessing a target set at that level gives *p* back (within one path in
  ``n_paths``; ``tests/test_achievable.py`` checks it against :func:`kpi.assess`).
* **What are the odds of this draft?** :func:`draft_target` assesses a draft target with the scorecard itself
  (:func:`kpi.model.assessment.analyse`): its probability and verdict, the growth it requires against history,
  and the official measures (Eurostat's ratio, UNSD's share, UN ESCAP, the Chinese mid-term τ/ρ;
  :mod:`kpi.model.progress`).

A level below the latest observation counts as reached already for the scorecard (a ``>=`` target met before its
year, column ``already_reached``); the table says so rather than pretending it is a forecast.

Examples
--------
>>> t = achievable("gdp", year=2030, n_paths=400)
>>> t["probability"].tolist()
[0.9, 0.7, 0.5, 0.3, 0.1]
>>> bool(t["level"].is_monotonic_increasing)
True
"""

from __future__ import annotations

import math
from typing import Iterable

import numpy as np
import pandas as pd

from kpi.core import settings
from kpi.model import assessment as A
from kpi.model import progress
from kpi.model.scenarios import Scenario

#: The probabilities of the next-plan table (90 / 70 / 50 / 30 / 10 %).
PROBABILITIES = (0.9, 0.7, 0.5, 0.3, 0.1)
#: Directions a level can be inverted for.
DIRECTIONS = (">=", "<=", "~")
#: Columns of :func:`achievable`; the first three are the contract.
COLUMNS = ["probability", "level", "required_growth", "rate_unit", "indicator", "region", "year", "scenario",
           "direction", "unit", "latest_year", "latest_value", "hist_rate_3y", "hist_rate_5y", "base_year",
           "base_value", "growth_from_base", "already_reached", "data_basis", "method", "n_paths"]


def _check_probabilities(probabilities: Iterable[float]) -> tuple[float, ...]:
    ps = tuple(float(p) for p in probabilities)
    if not ps:
        raise ValueError("probabilities: expected at least one probability strictly between 0 and 1, got none")
    bad = [p for p in ps if not (0 < p < 1)]
    if bad:
        raise ValueError(f"probabilities: {bad} outside (0, 1); expected probabilities strictly between 0 and 1 "
                         "(0 and 1 have no level: the paths are unbounded)")
    return ps


def level_at(values: np.ndarray, p: float, direction: str) -> float:
    """The level that a share ``p`` of ``values`` meets (:func:`kpi.model.assessment.meets`).

    For ``>=`` the k-th largest value with k = ⌈p·n⌉, so that exactly k of the n values reach it (ties aside):
    the forward probability is p rounded up to the next 1/n. ``<=`` mirrors it; ``~`` (左右) returns the value
    whose :func:`~kpi.model.assessment.reach_threshold` is that level.

    Raises
    ------
    ValueError
        For a direction other than ``>=``, ``<=`` or ``~``, or no values.

    Examples
    --------
    >>> v = np.arange(1.0, 11.0)
    >>> level_at(v, 0.7, ">="), level_at(v, 0.7, "<=")
    (4.0, 7.0)
    >>> A.probability(v, level_at(v, 0.7, ">="), ">=")
    0.7
    """
    if direction not in DIRECTIONS:
        raise ValueError(f"direction {direction!r}: expected one of {', '.join(DIRECTIONS)}")
    v = np.sort(np.asarray(values, dtype=float))
    v = v[np.isfinite(v)]
    if v.size == 0:
        raise ValueError("no simulated values to take a level from")
    k = max(1, math.ceil(round(p * v.size, 9)))
    if direction == "<=":
        return float(v[k - 1])
    level = float(v[v.size - k])
    return level / (1 - settings.ABOUT_TOLERANCE) if direction == "~" else level


def _engine_and_paths(indicator: str, *, year: int, scenario, region: str, history, as_of, seed: int,
                      n_paths: int | None):
    hist = A._as_of_history(history, as_of)
    eng = A._Engine(hist, region=region, until=int(year), seed=seed, n_paths=n_paths or settings.N_PATHS)
    if indicator not in eng.info:
        raise ValueError(f"indicator {indicator!r} is not in the indicator registry (data/raw/indicators.yaml)")
    sc = A._scenarios(scenario)
    if len(sc) != 1:
        raise ValueError(f"scenario: expected one scenario, got {len(sc)}")
    sc = sc[0]
    if sc.type == "plan":
        raise ValueError(f"scenario {sc.name!r} is a plan scenario: it follows a target's path, so it cannot say "
                         "which level is achievable; use baseline, high, low or stress")
    s = eng.series(indicator)
    if not s.empty and int(year) <= int(s.index.max()):
        raise ValueError(f"{indicator}/{region}: year {year} is not after the latest observation "
                         f"({int(s.index.max())}); expected a future year")
    f = eng.fitted(indicator)
    if f.paths is None:
        raise ValueError(f"{indicator}/{region}: cannot project to {year}: {f.error or 'no projection'}")
    paths = A._scenario_paths(f, eng, sc, plan=())
    return eng, f, sc, paths


def achievable(indicator: str, *, year: int, probabilities: Iterable[float] = PROBABILITIES,
               scenario: str | Scenario = "baseline", region: str = "zone", direction: str = ">=",
               base_year: int | None = None, history: pd.DataFrame | None = None, as_of: int | None = None,
               seed: int = 0, n_paths: int | None = None) -> pd.DataFrame:
    """The level of ``indicator`` in ``year`` reached with each probability, under the scorecard's projection.

    Parameters
    ----------
    indicator : str
        An indicator id of the registry with a projected measure (level, share, count; not rates or ranks).
    year : int
        The year of the level (2030 for the next plan); after the latest observation.
    probabilities : iterable of float
        Each strictly between 0 and 1 (default 90 / 70 / 50 / 30 / 10 %).
    scenario : str or Scenario
        One scenario (not a ``plan`` scenario, which follows a target by construction).
    region : str
        The region whose series is projected.
    direction : {">=", "<=", "~"}
        ``>=``: ``probability`` is P(value ≥ level); ``<=``: P(value ≤ level) (a ceiling such as PM2.5);
        ``~``: P(value ≥ 95 % of level).
    base_year : int, optional
        The year growth from the base is measured from (default ``year − 5``, a five-year plan's base).
    history, as_of, seed, n_paths
        As for :func:`kpi.assess` (the same defaults, so the same paths as the scorecard's).

    Returns
    -------
    DataFrame
        One row per probability, in the order given: :data:`COLUMNS`. ``required_growth`` is the compound growth
        (% a year) from the latest value to the level (``rate_unit`` ``%/yr``); for shares and counts the
        increment a year (``pp/yr``, unit/yr), as the scorecard's ``required_rate``. ``hist_rate_3y`` and
        ``hist_rate_5y`` are the same measure over the last three and five observed years, for comparison.

    Raises
    ------
    ValueError
        For a probability outside (0, 1), an unknown indicator or direction, a plan scenario, a year not after
        the latest observation, or a series that cannot be projected (the reason is named).
    """
    ps = _check_probabilities(probabilities)
    if direction not in DIRECTIONS:
        raise ValueError(f"direction {direction!r}: expected one of {', '.join(DIRECTIONS)}")
    eng, f, sc, paths = _engine_and_paths(indicator, year=year, scenario=scenario, region=region, history=history,
                                          as_of=as_of, seed=seed, n_paths=n_paths)
    out = _levels(eng, f, paths, year=int(year), probabilities=ps, direction=direction, base_year=base_year,
                  scenario=sc.name)
    out.attrs.update(seed=seed, as_of=as_of, scenario=sc.name)
    return out


def _levels(eng: A._Engine, f: A._Fitted, paths: pd.DataFrame, *, year: int, probabilities: tuple[float, ...],
            direction: str, base_year: int | None, scenario: str) -> pd.DataFrame:
    """The rows of :func:`achievable` from an engine's fitted series and its paths under one scenario."""
    s = f.series
    indicator = str(s.name)
    values = A.outcomes(paths, s, kind="level", target_year=int(year))
    info = eng.info[indicator]
    additive = f.measure in ("share", "count")
    latest_year, latest = int(s.index.max()), float(s.iloc[-1])
    base = int(year) - 5 if base_year is None else int(base_year)
    ahead = int(year) - latest_year
    rows = []
    for p in probabilities:
        level = level_at(values, p, direction)
        rows.append({"probability": p, "level": level,
                     "required_growth": _growth(latest, level, ahead, additive),
                     "growth_from_base": (_growth(float(s[base]), level, int(year) - base, additive)
                                          if base in s.index and int(year) > base else math.nan),
                     "already_reached": bool(A.meets(latest, level, direction)) and direction != "<="
                     and not bool(info.get("per_year"))})
    out = pd.DataFrame(rows)
    out["rate_unit"] = {"share": "pp/yr", "count": f"{info['unit']}/yr"}.get(f.measure, "%/yr")
    out["hist_rate_3y"], out["hist_rate_5y"] = A._rate(s, 3, additive), A._rate(s, 5, additive)
    out = out.assign(indicator=indicator, region=eng.region, year=int(year), scenario=scenario, direction=direction,
                     unit=str(info["unit"]), latest_year=latest_year, latest_value=latest,
                     base_year=base, base_value=float(s[base]) if base in s.index else math.nan,
                     data_basis=A._basis(s.attrs["status"].values()), method=f.method, n_paths=eng.n_paths)
    return out[COLUMNS]


def _growth(start: float, end: float, years: int, additive: bool) -> float:
    """Compound growth (% a year), or the increment a year for shares and counts or non-positive values."""
    if additive or start <= 0 or end <= 0:
        return progress.required_increment(start, end, years)
    return 100.0 * progress.required_growth(start, end, years)


#: Columns of :func:`next_plan_table` beyond :data:`COLUMNS`.
NEXT_PLAN_EXTRA = ["name_zh", "name_en", "plan_target", "plan_target_year", "history_level", "history_probability"]


def next_plan_table(*, targets: pd.DataFrame | None = None, history: pd.DataFrame | None = None, year: int = 2030,
                    probabilities: Iterable[float] = PROBABILITIES, scenarios: Iterable[str] | str = "all",
                    region: str = "zone", seed: int = 0, n_paths: int | None = None) -> pd.DataFrame:
    """The next-plan table: for every projectable indicator of the plan, the levels of every year up to ``year``
    at each probability, per scenario (:func:`achievable` on one engine).

    The indicators are those of the plan's level, share and count targets whose series can be projected (the
    direction is their latest target's). Rows of the years before ``year`` draw the fan to it: the 90 % and 10 %
    levels bound the 80 % band, 50 % is the median. ``history_level`` is the level of ``year`` reached if the
    last five years' growth continued (a draft an evaluator might propose) and ``history_probability`` its
    probability; ``plan_target``/``plan_target_year`` the current plan's target of the indicator, for comparison.
    Plan scenarios are left out (they follow a target by construction).

    Returns
    -------
    DataFrame
        :data:`COLUMNS` + :data:`NEXT_PLAN_EXTRA`, ordered by indicator, scenario, year and probability as given.
    """
    from kpi.inputs.raw import load_targets

    ps = _check_probabilities(probabilities)
    tg = load_targets() if targets is None else targets
    hist = A._as_of_history(history, None)
    eng = A._Engine(hist, region=region, until=int(year), seed=seed, n_paths=n_paths or settings.N_PATHS)
    scs = [sc for sc in A._scenarios(scenarios) if sc.type != "plan"]
    chosen = tg[tg["kind"].isin(["level", "share", "count"]) & tg["value"].notna() & tg["indicator"].notna()
                & tg["direction"].isin(DIRECTIONS)].sort_values("target_year", kind="mergesort")
    rows = []
    for ind, t in chosen.groupby("indicator", sort=True):
        if ind not in eng.info or A.projection_args(eng.ind, ind) is None:
            continue
        f = eng.fitted(ind)
        if f.paths is None:
            continue
        last = t.iloc[-1]
        direction = str(last["direction"])
        target = float(last["value"])
        if str(last.get("unit")) != str(eng.info[ind]["unit"]):
            from kpi.inputs import units
            try:
                target = units.convert(target, str(last["unit"]), str(eng.info[ind]["unit"]))
            except ValueError:
                target = math.nan
        s = f.series
        additive = f.measure in ("share", "count")
        r5 = A._rate(s, 5, additive)
        for sc in scs:
            paths = A._scenario_paths(f, eng, sc, plan=())
            for y in range(int(s.index.max()) + 1, int(year) + 1):
                part = _levels(eng, f, paths, year=y, probabilities=ps, direction=direction, base_year=None,
                               scenario=sc.name)
                h = y - int(s.index.max())
                hl = math.nan if math.isnan(r5) else (float(s.iloc[-1]) + r5 * h if additive or float(s.iloc[-1]) <= 0
                                                      else float(s.iloc[-1]) * (1 + r5 / 100) ** h)
                if f.measure == "share" and not math.isnan(hl):
                    hl = min(max(hl, 0.0), 100.0)  # a share carried on stays a share
                at_y = A.outcomes(paths, s, kind="level", target_year=y)
                rows.append(part.assign(name_zh=str(eng.info[ind]["name_zh"]), name_en=str(eng.info[ind]["name_en"]),
                                        plan_target=target, plan_target_year=int(last["target_year"]),
                                        history_level=hl, history_probability=(
                                            math.nan if math.isnan(hl) else A.probability(at_y, hl, direction))))
    if not rows:
        return pd.DataFrame(columns=COLUMNS + NEXT_PLAN_EXTRA)
    out = pd.concat(rows, ignore_index=True)[COLUMNS + NEXT_PLAN_EXTRA]
    out.attrs.update(seed=seed, year=int(year))
    return out


#: Columns of :func:`draft_target`.
DRAFT_COLUMNS = ["indicator", "region", "year", "target_value", "direction", "unit", "scenario", "probability",
                 "verdict", "verdict_zh", "verdict_en", "proj_median", "proj_lower_80", "proj_upper_80",
                 "latest_year", "latest_value", "required_rate", "hist_rate_3y", "hist_rate_5y", "rate_unit",
                 "base_year", "base_value", "rate_required_from_base", "eurostat_ratio", "eurostat_class",
                 "unsd_share", "unsd_class", "escap_anticipated", "escap_class", "tau", "rho", "midterm_class",
                 "data_basis", "reason", "reason_zh"]


def draft_target(indicator: str, *, year: int, value: float, direction: str = ">=",
                 scenario: str | Scenario | Iterable[str] = "baseline", region: str = "zone",
                 base_year: int | None = None, unit: str | None = None, history: pd.DataFrame | None = None,
                 as_of: int | None = None, seed: int = 0, n_paths: int | None = None) -> pd.DataFrame:
    """A draft target assessed by the scorecard itself: its probability, verdict and the official measures.

    The draft is one row of a target registry (kind ``level``, or ``share``/``count`` by the indicator's measure)
    handed to :func:`kpi.model.assessment.analyse`, so its probability is the scorecard's and its Eurostat ratio,
    UNSD share, UN ESCAP ratio and mid-term τ/ρ come from :mod:`kpi.model.progress` on the same rules.

    Parameters
    ----------
    indicator, year, value, direction : str, int, float, str
        The draft: e.g. ``"gdp", year=2030, value=1000, direction=">="``.
    scenario : str, Scenario or list of str
        As for :func:`kpi.assess` (``"all"``: one row per scenario).
    base_year : int, optional
        The base year UNSD, UN ESCAP and τ/ρ are measured from. Default: the draft plan's base ``year − 5`` when
        it is observed and before the latest observation; until then the current plan's base
        (:data:`kpi.core.settings.PLAN_BASE_YEAR`), so that the measures compare the growth since then with the
        growth the draft requires from then (the scorecard gives no progress measure from a base not observed).
    unit : str, optional
        The draft's unit (default the indicator's; converted like any target).
    history, as_of, seed, n_paths, region
        As for :func:`kpi.assess`.

    Returns
    -------
    DataFrame
        One row per scenario: :data:`DRAFT_COLUMNS`.

    Raises
    ------
    ValueError
        For an indicator not in the registry, a value that is not a finite number, or an unknown direction.
    """
    from kpi.inputs import registry

    ind = registry.load_indicators()
    if indicator not in ind.index:
        raise ValueError(f"indicator {indicator!r} is not in the indicator registry (data/raw/indicators.yaml)")
    if direction not in (">=", "<=", "~", ">"):
        raise ValueError(f"direction {direction!r}: expected one of >=, <=, ~, >")
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"draft value {value!r}: expected a number") from None
    if not math.isfinite(v):
        raise ValueError(f"draft value {value!r}: expected a finite number")
    measure = str(ind.loc[indicator, "measure"])
    base = int(year) - 5 if base_year is None else int(base_year)
    if base_year is None:
        hist = A._as_of_history(history, as_of)
        own = hist[(hist["indicator"] == indicator) & (hist["region"] == region)]["year"]
        if own.empty or base not in set(own.astype(int)) or base >= int(own.max()):
            base = settings.PLAN_BASE_YEAR
    targets = pd.DataFrame([{
        "id": "draft", "clause": "", "area": "", "name_zh": "草案目标", "name_en": "draft target",
        "unit": unit or str(ind.loc[indicator, "unit"]), "kind": measure if measure in ("share", "count") else "level",
        "direction": direction, "stretch_value": np.nan, "start_year": base + 1, "target_year": int(year),
        "value": v, "indicator": indicator, "quote": "", "notes": ""}]).set_index("id")
    card = A.assess(targets=targets, history=history, as_of=as_of, scenario=scenario, seed=seed, region=region,
                    n_paths=n_paths)
    out = card.reset_index(drop=True).rename(columns={"target_year": "year"})
    out["region"] = region
    return out[DRAFT_COLUMNS]
