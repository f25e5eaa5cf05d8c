"""The tool's own track record: what it would have said at each earlier ``as_of``, against what happened.

"Why should we trust your 2030 numbers?" The honest answer is the record of the tool's past calls. For every
target with an outcome (its target year has data; the outcome is the assessment's own,
:func:`kpi.model.assessment.outcome`), :func:`track_record` reruns the assessment as it could have been run at
each earlier year (``as_of`` = 2021 … target year − 1, using only data published by then) and sets its
probability, verdict, projection median and 80 % band beside the outcome, together with two naive calls:

* ``naive_trend`` — the compound growth of the last three observed years extrapolated to the target year (for
  shares and counts the yearly increment; for sums of flows the mean of the last three flows): 1 if that reaches
  the target, else 0;
* ``naive_last_year`` — "on track if last year's growth suffices": the same with the last year's growth only.

Pooled over the calls that were forecasts at the time (verdict on track / at risk / off track; a target already
reached or missed then is shown but not pooled), :func:`scores` gives the Brier score of each method on the same
calls and :func:`reliability` the reliability table (bins of predicted probability against the observed
frequency, with counts).

Two sets of targets
-------------------
``zone``
    The plan's own targets, assessed by :func:`kpi.assess` with ``as_of`` exactly as the scorecard would have
    been (same engine, same seed, same data cut). On the shipped data these rest on illustrative series
    (``data_basis``), which every output says.
``yearbooks``
    The real 江苏统计年鉴 table 2-12 series (13 cities and Jiangsu province as the sum of its cities; GDP and
    value added of the primary, secondary and tertiary sector and of industry, current prices) **as each edition
    published them**. They have no official targets, so the targets are transparent **pseudo-targets**, said in
    every label: "average nominal growth from the origin year O to the target year T ≥ g" for g = 5, 6, 7 % (rates
    typical of Chinese plans) over the five-year windows :data:`PSEUDO_PERIODS`. At ``as_of`` Y the call uses
    edition Y + 1 only (its consecutive run of years ending at Y: the level to reach is that edition's value of
    O grown at g) and the calibration panel built from the editions published by then
    (``cn_regional_asof_<Y+1>``, the one the out-of-time benchmark uses), never a later one. The outcome is
    official: the latest published values of O and T (each year's latest edition), judged by
    :func:`~kpi.model.assessment.outcome`.

Nothing is cached: every call reruns the assessments (``make all`` runs it once, in its own build step).

Examples
--------
>>> brier([0.9, 0.2], [1, 0])
0.025
"""

from __future__ import annotations

import math
from typing import Iterable

import numpy as np
import pandas as pd

from kpi.core import labels, settings
from kpi.inputs.history import consecutive_run_start
from kpi.model import assessment as A

#: The verdicts that are forecasts (a probability of a future event): only these are pooled.
FORECAST_VERDICTS = ("on_track", "at_risk", "off_track")
#: Bin edges of the reliability table (the verdict thresholds 0.3 and 0.7 are edges).
RELIABILITY_EDGES = (0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0)
#: Pseudo-targets of the yearbook series: average nominal growth (% a year) from origin to target year.
PSEUDO_GROWTH = (5.0, 6.0, 7.0)
#: (origin, target year) of the yearbook pseudo-targets: five-year windows the vintages can score.
PSEUDO_PERIODS = ((2015, 2020), (2016, 2021), (2017, 2022))
#: The yearbook series scored: GDP and value added.
YEARBOOK_INDICATORS = ("gdp", "va_primary", "va_secondary", "va_services", "va_industry")
#: The province whose cities (and their sum) are scored.
PROVINCE = "jiangsu"
#: Years looked back by the naive trend call.
NAIVE_YEARS = 3
#: Columns of :func:`track_record`.
COLUMNS = ["set", "as_of", "id", "name_zh", "name_en", "region", "indicator", "kind", "direction", "target_value",
           "unit", "target_year", "probability", "verdict", "verdict_zh", "verdict_en", "scored", "proj_median",
           "proj_lower_80", "proj_upper_80", "latest_year", "latest_value", "naive_trend", "naive_last_year",
           "outcome", "outcome_value", "outcome_margin_pct", "outcome_status", "data_basis", "method"]
METHODS = tuple(labels.TRACK_METHODS)
_METHOD_COLUMN = {"kpi": "probability", "naive_trend": "naive_trend", "naive_last_year": "naive_last_year"}


# --------------------------------------------------------------------------------------------- pooled scores
def brier(probabilities: Iterable[float], outcomes: Iterable[float]) -> float:
    """The Brier score: the mean squared difference between the probability and the outcome (1 or 0).

    0 is perfect; always saying 50 % scores 0.25. NaN for no pairs.

    Raises
    ------
    ValueError
        If the two have different lengths, a probability lies outside [0, 1] or an outcome is not 0 or 1.

    Examples
    --------
    >>> brier([1.0, 0.0, 0.5], [1, 1, 0])
    0.4166666666666667
    """
    p = np.asarray(list(probabilities), dtype=float)
    o = np.asarray(list(outcomes), dtype=float)
    if p.shape != o.shape:
        raise ValueError(f"brier: {p.size} probabilities but {o.size} outcomes; expected one outcome per probability")
    if p.size == 0:
        return math.nan
    if np.any(~np.isfinite(p)) or np.any((p < 0) | (p > 1)):
        raise ValueError(f"brier: probabilities {p[~((p >= 0) & (p <= 1))].tolist()} outside [0, 1]")
    if np.any(~np.isin(o, (0.0, 1.0))):
        raise ValueError(f"brier: outcomes {sorted(set(o[~np.isin(o, (0.0, 1.0))].tolist()))} are not 0 or 1")
    return float(np.mean((p - o) ** 2))


def reliability(probabilities: Iterable[float], outcomes: Iterable[float], *,
                edges: Iterable[float] = RELIABILITY_EDGES) -> pd.DataFrame:
    """Predicted probability against observed frequency, by bin of the prediction, with counts.

    Bins are closed on the left, the last also on the right ([0, 0.1), [0.1, 0.3) … [0.9, 1]). Every bin is
    listed, empty ones with ``n`` 0 and NaN frequencies.

    Examples
    --------
    >>> t = reliability([0.05, 0.2, 0.25, 0.95], [0, 0, 1, 1])
    >>> t[["bin", "n", "mean_predicted", "observed_frequency"]].iloc[[0, 1, 5]].values.tolist()
    [['0–10%', 1, 0.05, 0.0], ['10–30%', 2, 0.225, 0.5], ['90–100%', 1, 0.95, 1.0]]
    """
    p = np.asarray(list(probabilities), dtype=float)
    o = np.asarray(list(outcomes), dtype=float)
    brier(p, o)  # the same checks
    e = np.asarray(list(edges), dtype=float)
    if e.size < 2 or np.any(np.diff(e) <= 0) or e[0] != 0 or e[-1] != 1:
        raise ValueError(f"reliability: edges {e.tolist()}; expected increasing edges from 0 to 1")
    idx = np.clip(np.searchsorted(e, p, side="right") - 1, 0, e.size - 2)
    rows = []
    for k in range(e.size - 1):
        m = idx == k
        rows.append({"bin": f"{e[k]:.0%}–{e[k + 1]:.0%}".replace("%–", "–"), "lower": e[k], "upper": e[k + 1],
                     "n": int(m.sum()), "mean_predicted": float(p[m].mean()) if m.any() else math.nan,
                     "observed_frequency": float(o[m].mean()) if m.any() else math.nan})
    return pd.DataFrame(rows)


def pooled(record: pd.DataFrame) -> pd.DataFrame:
    """The rows a track record is pooled over: forecasts at the time (``scored``) with an outcome and every
    method's call, so that each method is scored on the same calls."""
    ok = record["scored"].astype(bool) & record["outcome"].notna()
    for col in _METHOD_COLUMN.values():
        ok &= record[col].notna()
    return record[ok]


def scores(record: pd.DataFrame) -> pd.DataFrame:
    """Brier score of each method on each set, on the same calls (:func:`pooled`). Sets are never pooled together:
    the zone's calls may rest on illustrative data, the yearbook series' on official data.

    Columns ``set, method, method_zh, method_en, n, brier, right_side`` (``right_side``: the share of calls on
    the right side of 50 %, a 50 % call counted as half), ``mean_predicted, observed_frequency``.
    """
    use = pooled(record)
    rows = []
    for name in sorted(use["set"].unique()):
        sub = use[use["set"] == name]
        for m in METHODS:
            p, o = sub[_METHOD_COLUMN[m]].astype(float), sub["outcome"].astype(float)
            right = np.where(p == 0.5, 0.5, ((p > 0.5) == (o == 1)).astype(float))
            rows.append({"set": name, "method": m, "method_zh": labels.label(labels.TRACK_METHODS, m, "zh"),
                         "method_en": labels.label(labels.TRACK_METHODS, m, "en"), "n": int(len(sub)),
                         "brier": brier(p, o), "right_side": float(right.mean()) if len(sub) else math.nan,
                         "mean_predicted": float(p.mean()) if len(sub) else math.nan,
                         "observed_frequency": float(o.mean()) if len(sub) else math.nan})
    return pd.DataFrame(rows)


# ------------------------------------------------------------------------------------------------ naive calls
def naive_call(series: pd.Series, *, target: float, direction: str, target_year: int, kind: str = "level",
               additive: bool = False, years: int = NAIVE_YEARS, start_year: int | None = None) -> float:
    """A naive 1/0 call: the growth of the last ``years`` observed years carried on to the target year.

    ``level``/``share``/``count``: compound growth (``additive``: the yearly increment) from ``years`` before the
    latest observation to it, extrapolated from the latest value. ``cumulative``/``average``: the flows counted
    so far plus the mean of the last ``years`` flows in each remaining year. Judged by
    :func:`kpi.model.assessment.meets`. NaN when it cannot be computed (the year ``years`` back not observed, a
    growth rate or relative target, no positive values for compound growth).

    Examples
    --------
    >>> s = pd.Series([100.0, 110.0, 121.0], index=[2021, 2022, 2023])
    >>> naive_call(s, target=146.0, direction=">=", target_year=2025, years=2)   # 10 % a year: 146.41
    1.0
    >>> naive_call(s, target=147.0, direction=">=", target_year=2025, years=1)
    0.0
    """
    s = series.dropna()
    if s.empty:
        return math.nan
    last, T = int(s.index.max()), int(target_year)
    latest = float(s.iloc[-1])
    if kind in ("cumulative", "average"):
        start = A._first_year(start_year)
        flows = s.tail(years)
        if len(flows) < years:
            return math.nan
        done = float(s[(s.index >= start) & (s.index <= T)].sum())
        value = done + float(flows.mean()) * max(T - last, 0)
        if kind == "average":
            value /= T - start + 1
    elif kind in ("level", "share", "count"):
        rate = A._rate_between(s, last - years, last, additive)
        if math.isnan(rate):
            return math.nan
        value = latest + rate * (T - last) if additive else latest * (1 + rate / 100) ** (T - last)
    else:
        return math.nan
    return float(bool(A.meets(value, target, direction)))


# ------------------------------------------------------------------------------------------- the zone's targets
def _outcome_rows(card: pd.DataFrame, data_end: int) -> pd.DataFrame:
    """The targets of a (latest) scorecard that have an outcome: reached or missed by
    :func:`kpi.model.assessment.outcome` (or, for a relative target, every comparison complete), target year with
    data. A level, share or count "already reached" before its year (``basis_year`` before it) is a call, not an
    outcome: the value may fall back by the target year."""
    decided = card["verdict"].isin(["reached", "missed"]) & (card["target_year"].astype(float) <= data_end)
    early = card["kind"].isin(["level", "share", "count"]) & (card["basis_year"].astype(float)
                                                              < card["target_year"].astype(float))
    return card[decided & ~early]


def zone_record(*, targets: pd.DataFrame | None = None, history: pd.DataFrame | None = None, seed: int = 0,
                region: str = "zone", n_paths: int | None = None) -> pd.DataFrame:
    """The track record on the plan's own targets (set ``zone``): :data:`COLUMNS`.

    Each ``as_of`` row is the row of ``kpi.assess(targets=…, history=…, as_of=as_of, seed=seed)`` — the whole
    registry is assessed, so the paths are exactly the scorecard's then.
    """
    from kpi.inputs.raw import load_all_vintages, load_targets

    tg = load_targets() if targets is None else targets
    frame = load_all_vintages() if history is None else history
    now = A._as_of_history(frame, None)
    own = now[now["region"] == region]
    if own.empty:
        return pd.DataFrame(columns=COLUMNS)
    data_end = int(own["year"].max())
    latest = A.assess(targets=tg, history=frame, seed=seed, region=region, n_paths=n_paths)
    done = _outcome_rows(latest, data_end)
    if done.empty:
        return pd.DataFrame(columns=COLUMNS)
    first = settings.PLAN_BASE_YEAR + 1
    rows = []
    for as_of in range(first, int(done["target_year"].max())):
        todo = done[done["target_year"].astype(int) > as_of]
        if todo.empty:
            continue
        card = A.assess(targets=tg, history=frame, as_of=as_of, seed=seed, region=region, n_paths=n_paths)
        eng = A._Engine(A._as_of_history(frame, as_of), region=region, until=as_of + 1, seed=seed, n_paths=1)
        for tid, out in todo.iterrows():
            then = card.loc[tid]
            rows.append(_zone_row(tid, then, out, eng, as_of))
    return _frame(rows)


def _zone_row(tid: str, then: pd.Series, out: pd.Series, eng: A._Engine, as_of: int) -> dict:
    ind = str(then["indicator"] or "")
    kind = str(then["kind"])
    direction = str(then["direction"])
    calls = {"naive_trend": math.nan, "naive_last_year": math.nan}
    if ind and pd.notna(then["target_value"]) and kind not in ("growth", "relative") and \
            str(eng.info.get(ind, {}).get("measure")) != "rate":
        s = eng.series(ind)
        additive = str(then["rate_unit"]) != "%/yr"
        for name, years in (("naive_trend", NAIVE_YEARS), ("naive_last_year", 1)):
            calls[name] = naive_call(s, target=float(then["target_value"]), direction=direction,
                                     target_year=int(then["target_year"]), kind=kind, additive=additive,
                                     years=years, start_year=then["start_year"] if pd.notna(then["start_year"])
                                     else None)
    return {"set": "zone", "as_of": as_of, "id": tid, "name_zh": then["name_zh"], "name_en": then["name_en"],
            "region": eng.region, "indicator": ind, "kind": kind, "direction": direction,
            "target_value": then["target_value"], "unit": then["unit"], "target_year": int(then["target_year"]),
            "probability": then["probability"], "verdict": then["verdict"], "verdict_zh": then["verdict_zh"],
            "verdict_en": then["verdict_en"], "scored": then["verdict"] in FORECAST_VERDICTS,
            "proj_median": then["proj_median"], "proj_lower_80": then["proj_lower_80"],
            "proj_upper_80": then["proj_upper_80"], "latest_year": then["latest_year"],
            "latest_value": then["latest_value"], **calls,
            "outcome": 1.0 if out["verdict"] == "reached" else 0.0, "outcome_value": out["basis_value"],
            "outcome_margin_pct": out["margin_pct"], "outcome_status": out["basis_status"],
            "data_basis": then["data_basis"], "method": then["method"]}


def _frame(rows: list[dict]) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=COLUMNS)
    for c in ("probability", "naive_trend", "naive_last_year", "outcome"):
        out[c] = out[c].astype(float)
    out["scored"] = out["scored"].astype(bool)
    return out


# ---------------------------------------------------------------------------------------- the yearbook series
class _EditionEngine(A._Engine):
    """The assessment's engine on one edition's series, with the calibration panel of the editions published by
    then (the registry's panel otherwise names one built on every edition, later ones included)."""

    def __init__(self, history: pd.DataFrame, *, panel: str | None, **kw) -> None:
        super().__init__(history, **kw)
        if panel is not None:
            self.ind = self.ind.assign(calibration=panel)
            self.info = self.ind.to_dict("index")


def yearbook_frame(history: pd.DataFrame | None = None, *, indicators: Iterable[str] = YEARBOOK_INDICATORS,
                   province: str = PROVINCE) -> pd.DataFrame:
    """The yearbook rows scored, every edition: the province's cities, and the province as the sum of its cities
    in each edition (:func:`kpi.model.relative.province_sum_of_cities`; a year any city lacks gets no sum).

    ``history`` defaults to the rows of ``data/raw/yearbooks`` among all vintages; rows without a vintage (an
    edition) are left out.
    """
    from kpi.inputs.raw import load_all_vintages
    from kpi.inputs.registry import load_registry
    from kpi.model.relative import province_sum_of_cities

    if history is None:
        frame = load_all_vintages()
        frame = frame[frame["source_file"].astype(str).str.contains("yearbooks/", regex=False)]
    else:
        frame = history
    reg = load_registry()
    cities = reg.members(province)
    inds = tuple(indicators)
    frame = frame[frame["indicator"].isin(inds) & frame["region"].isin(cities) &
                  (frame["vintage"].fillna("").astype(str) != "")]
    if "qualifier" in frame.columns:
        frame = frame[frame["qualifier"].fillna("") == ""]
    frame = frame[["indicator", "region", "year", "value", "unit", "status", "vintage"]].copy()
    sums = []
    for (vintage, ind), sub in frame.groupby(["vintage", "indicator"], sort=True):
        s = province_sum_of_cities(sub, ind, province=province, registry=reg)
        if not s.empty:
            sums.append(s[["year", "value", "status", "region"]].assign(indicator=ind, vintage=vintage,
                                                                       unit=sub["unit"].iloc[0]))
    out = pd.concat([frame, *sums], ignore_index=True)
    out["year"] = out["year"].astype(int)
    out["vintage"] = out["vintage"].astype(str)
    return out.sort_values(["indicator", "region", "vintage", "year"], kind="mergesort").reset_index(drop=True)


def edition_history(frame: pd.DataFrame, edition: str) -> pd.DataFrame:
    """The series as edition ``edition`` published them: per indicator and region its consecutive run of years
    ending at its last year (the 2018 edition of table 2-12 skips 2011), in the history schema."""
    ed = frame[frame["vintage"] == str(edition)].sort_values(["indicator", "region", "year"], kind="mergesort")
    keep = []
    for _, g in ed.groupby(["indicator", "region"], sort=True):
        keep.append(g.iloc[consecutive_run_start(g["year"].to_numpy(dtype=int)):])
    out = pd.concat(keep, ignore_index=True) if keep else ed.iloc[0:0]
    return out.assign(source="yearbook", note="", qualifier="", wording="")


def _panel(edition: str) -> str | None:
    from kpi.inputs.calibration import load_calibration

    name = f"cn_regional_asof_{edition}"
    try:
        load_calibration(name)
    except (KeyError, ValueError):
        return None
    return name


def yearbook_record(history: pd.DataFrame | None = None, *, periods: Iterable[tuple[int, int]] = PSEUDO_PERIODS,
                    growth: Iterable[float] = PSEUDO_GROWTH, indicators: Iterable[str] = YEARBOOK_INDICATORS,
                    province: str = PROVINCE, seed: int = 0, n_paths: int | None = None) -> pd.DataFrame:
    """The track record on the real yearbook series with pseudo-targets (set ``yearbooks``): :data:`COLUMNS`.

    For every region, indicator, period (O, T) and growth g, at every ``as_of`` Y with O < Y < T whose edition
    Y + 1 is present and publishes both O and Y: the probability that the value of T reaches edition Y + 1's value
    of O grown at g a year, from the assessment's engine on that edition alone. The outcome: the latest
    published values of O and T, judged by :func:`kpi.model.assessment.outcome` against O grown at g.
    """
    from kpi.inputs.history import select
    from kpi.inputs.registry import load_regions
    from kpi.model.scenarios import load_scenario

    frame = yearbook_frame(history, indicators=indicators, province=province)
    if frame.empty:
        return pd.DataFrame(columns=COLUMNS)
    per = sorted((int(o), int(t)) for o, t in periods)
    gs = tuple(float(g) for g in growth)
    names = load_regions()
    baseline = load_scenario("baseline")
    latest = select(frame.assign(source="yearbook", note="", qualifier="", wording="", source_file="",
                                 location=""))
    editions = sorted(set(frame["vintage"]), key=int)
    until = max(t for _, t in per)
    rows = []
    for edition in editions:
        as_of = int(edition) - 1
        live = [(o, t) for o, t in per if o < as_of < t]
        if not live:
            continue
        hist = edition_history(frame, edition)
        panel = _panel(edition)
        for region in sorted(set(hist["region"])):
            eng = _EditionEngine(hist, panel=panel, region=region, until=until, seed=seed,
                                 n_paths=n_paths or settings.N_PATHS)
            for ind in sorted(set(hist.loc[hist["region"] == region, "indicator"])):
                s = eng.series(ind)
                if s.empty or int(s.index.max()) != as_of:
                    continue
                f = eng.fitted(ind)
                paths = A._scenario_paths(f, eng, baseline, plan=()) if f.paths is not None else None
                truth = latest[(latest["indicator"] == ind) & (latest["region"] == region)]
                points = truth.set_index("year")["value"].astype(float).sort_index()
                points.index = points.index.astype(int)
                points.attrs["status"] = dict(zip(truth["year"].astype(int), truth["status"]))
                for o, t in live:
                    if o not in s.index or o not in points.index:
                        continue
                    for g in gs:
                        rows.append(_pseudo_row(region, ind, o, t, g, as_of, s, f, paths, points, eng, names,
                                                edition, panel))
    return _frame(rows)


def _pseudo_row(region, ind, o, t, g, as_of, s, f, paths, points, eng, names, edition, panel) -> dict:
    level = float(s[o]) * (1 + g / 100) ** (t - o)
    rzh = str(names.loc[region, "name_zh"]) if region in names.index else region
    ren = str(names.loc[region, "name_en"]) if region in names.index else region
    izh, ien = str(eng.info[ind]["name_zh"]), str(eng.info[ind]["name_en"])
    row = {"set": "yearbooks", "as_of": as_of, "id": f"{region}/{ind}/{o}-{t}/{g:g}%",
           "name_zh": f"伪目标（非官方）：{rzh}{izh} {o}–{t}年名义年均增长≥{g:g}%",
           "name_en": f"pseudo-target (not official): {ren} {ien}, average nominal growth {o}–{t} ≥ {g:g}% a year",
           "region": region, "indicator": ind, "kind": "level", "direction": ">=", "target_value": level,
           "unit": str(eng.info[ind]["unit"]), "target_year": t, "latest_year": as_of,
           "latest_value": float(s.iloc[-1]), "data_basis": f"official (edition {edition})",
           "method": (f.method + f"; panel {panel or 'registry'}") if f.paths is not None else (f.error or "")}
    if paths is not None:
        at_t = A.outcomes(paths, s, kind="level", target_year=t)
        p = A.probability(at_t, level, ">=")
        code = A._by_probability(p)
        lo, med, hi = np.quantile(at_t, [0.1, 0.5, 0.9])
        row.update(probability=p, verdict=code, proj_median=float(med), proj_lower_80=float(lo),
                   proj_upper_80=float(hi), scored=True)
    else:
        code = "insufficient"
        row.update(probability=math.nan, verdict=code, scored=False)
    row["verdict_zh"], row["verdict_en"] = labels.VERDICTS[code]
    row["naive_trend"] = naive_call(s, target=level, direction=">=", target_year=t)
    row["naive_last_year"] = naive_call(s, target=level, direction=">=", target_year=t, years=1)
    target_now = float(points[o]) * (1 + g / 100) ** (t - o)
    oc = A.outcome(points, target=target_now, direction=">=", target_year=t)
    if oc is not None:
        row.update(outcome=1.0 if oc.reached else 0.0, outcome_value=oc.value, outcome_margin_pct=oc.margin_pct,
                   outcome_status=oc.status)
    return row


# ---------------------------------------------------------------------------------------------------- the call
SETS = tuple(labels.TRACK_SETS)


def track_record(*, sets: Iterable[str] = SETS, targets: pd.DataFrame | None = None,
                 history: pd.DataFrame | None = None, yearbooks: pd.DataFrame | None = None, seed: int = 0,
                 region: str = "zone", n_paths: int | None = None) -> pd.DataFrame:
    """What the tool would have said at each earlier ``as_of`` about every target with an outcome, and what
    happened: one row per target × ``as_of`` (:data:`COLUMNS`).

    Parameters
    ----------
    sets : iterable of {"zone", "yearbooks"}
        ``zone``: the plan's targets (:func:`zone_record`); ``yearbooks``: the real yearbook series with
        pseudo-targets (:func:`yearbook_record`). Both by default.
    targets, history : DataFrame, optional
        The zone's registry and history rows of every vintage (defaults: ``kpi.load_targets()``, all vintages).
    yearbooks : DataFrame, optional
        Yearbook rows of several editions (default: ``data/raw/yearbooks``).
    seed, region, n_paths
        As for :func:`kpi.assess`.

    Returns
    -------
    DataFrame
        ``outcome`` is 1 (reached) or 0 (missed); ``probability`` and ``verdict`` are the call at ``as_of``;
        ``scored`` marks the calls that were forecasts then (pooled by :func:`scores` and :func:`reliability`);
        ``naive_trend`` and ``naive_last_year`` the naive 1/0 calls (:func:`naive_call`).

    Raises
    ------
    ValueError
        For an unknown set.
    """
    chosen = tuple(sets)
    bad = [s for s in chosen if s not in SETS]
    if bad:
        raise ValueError(f"sets: unknown {bad}; expected some of {', '.join(SETS)}")
    parts = []
    if "zone" in chosen:
        parts.append(zone_record(targets=targets, history=history, seed=seed, region=region, n_paths=n_paths))
    if "yearbooks" in chosen:
        parts.append(yearbook_record(yearbooks, seed=seed, n_paths=n_paths))
    parts = [p for p in parts if not p.empty]
    return _frame([]) if not parts else pd.concat(parts, ignore_index=True)[COLUMNS]


def reliability_by_set(record: pd.DataFrame) -> pd.DataFrame:
    """The reliability table of the tool's calls per set (:func:`pooled` rows; sets are never pooled together)."""
    use = pooled(record)
    out = [reliability(g["probability"], g["outcome"]).assign(set=name) for name, g in use.groupby("set", sort=True)]
    return pd.concat(out, ignore_index=True) if out else reliability([], []).assign(set="")
