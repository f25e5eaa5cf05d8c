"""Official progress measures for a quantitative target, side by side.

Each function takes the base value, the current value, the target, and the years
involved, and follows the published rule of its institution. They are
comparators: the project's verdict rests on the calibrated probability
(:mod:`kpi.model.assessment`), but reviewers expect to see these numbers.

* **Eurostat** (SDG monitoring report, quantified targets, short-term assessment):
  the ratio of the actual compound annual growth rate over the most recent five
  years to the rate required, from the value five years ago, to reach the target
  in the target year. Classes: ≥ 95 % significant progress; 60–95 % moderate;
  0–60 % insufficient; < 0 movement away.
* **UNSD** (SDG Progress Chart): the share of the required distance expected to be
  covered by the target year, extrapolating the growth observed since the base year:
  ≥ 0.95 substantial progress / on track; 0.10–0.95 fair progress, acceleration
  needed; < 0.10 limited or no progress (negative: deterioration).
* **UN ESCAP** (Asia-Pacific SDG Progress Report, technical note): the *current status*
  (distance covered since the base year as a share of the way to the target — the
  same quantity as ρ below) and the *anticipated progress*, the ratio of the actual
  growth rate since the base year to the rate required from the base year to the
  target (CR_a / CR_r): ≥ 0.95 maintain progress (target will be met), 0–0.95
  accelerate, < 0 reverse the trend. It differs from Eurostat's ratio by its window
  (since the plan's base year, not the last five years) and from UNSD's share by
  comparing rates, not distances; the two windows coincide only when the base year
  is five years before the latest.
* **Chinese mid-term review** (规划中期评估, "时间过半、任务过半"): time progress
  τ = elapsed share of the plan period; completion ρ = share of the distance
  covered. 提前实现 ρ ≥ 1; 快于预期 ρ > τ + tol; 基本符合预期 |ρ − τ| ≤ tol;
  滞后 ρ < τ − tol. No tolerance is published: ``tol`` is the disclosed setting
  :data:`kpi.core.settings.MIDTERM_TOLERANCE`. No class without time progress
  (τ ≤ 0: nothing observed after the base year).

Every class is decided **at a stated precision**: the measure, the threshold and
τ ± tol are rounded to :data:`kpi.core.settings.PROGRESS_DECIMALS` decimals (the
precision they are shown at) before comparing, so that float noise never flips a
class (0.94999… computed for an exact 0.95 is "significant progress").

For a ``<=`` target (a value that must fall, e.g. PM2.5) the same formulas apply
with growth measured downwards. Shares and counts use differences (percentage
points, increments) instead of compound growth, because compound growth of a
share near 0 or 100 % or of a count near zero is meaningless.

Examples
--------
>>> round(required_growth(500, 800, 4), 4)
0.1247
>>> round(eurostat_ratio(base=500, current=560, target=800, years_elapsed=1, years_total=5), 2)
1.22
>>> eurostat_class(1.22), unsd_class(0.5), midterm_class(rho=0.5, tau=0.25, tol=0.1)
('significant progress', 'fair progress', '快于预期')
>>> eurostat_class((11.4 / 3) / (16 / 4))  # exactly 0.95, computed as 0.9499999999999998
'significant progress'
>>> midterm_class(rho=0.3, tau=0.0)
'n/a'
"""

from __future__ import annotations

import math

from kpi.core import settings

EUROSTAT_CLASSES = ("significant progress", "moderate progress", "insufficient progress", "movement away")
EUROSTAT_ZH = {"significant progress": "显著进展", "moderate progress": "中等进展",
               "insufficient progress": "进展不足", "movement away": "背离目标"}
UNSD_CLASSES = ("substantial progress", "fair progress", "limited or no progress", "deterioration")
UNSD_ZH = {"substantial progress": "进展显著/接近实现", "fair progress": "进展尚可/需加快",
           "limited or no progress": "进展有限", "deterioration": "倒退"}
ESCAP_CLASSES = ("maintain", "accelerate", "reverse")
#: The class thresholds, lowest first within each measure (a value at a threshold belongs to the class above).
EUROSTAT_THRESHOLDS = (0.0, 0.60, 0.95)
UNSD_THRESHOLDS = (0.0, 0.10, 0.95)
ESCAP_THRESHOLDS = (0.0, 0.95)
ESCAP_ZH = {"maintain": "保持", "accelerate": "加快", "reverse": "扭转"}
MIDTERM_CLASSES = ("提前实现", "快于预期", "基本符合预期", "滞后")
MIDTERM_EN = {"提前实现": "achieved early", "快于预期": "ahead of schedule", "基本符合预期": "broadly on schedule",
              "滞后": "behind schedule"}


def at_precision(value: float, decimals: int | None = None) -> float:
    """``value`` rounded to the precision at which progress measures are compared and shown.

    >>> at_precision(0.9499999999999998), at_precision(0.8 - 0.1)
    (0.95, 0.7)
    """
    d = settings.PROGRESS_DECIMALS if decimals is None else decimals
    return math.nan if math.isnan(value) else round(float(value) + 0.0, d)


def _class(value: float, thresholds: tuple[float, ...], classes: tuple[str, ...]) -> str:
    """The class of ``value`` for ascending ``thresholds``; ``classes`` from the highest to the lowest."""
    if math.isnan(value):
        return "n/a"
    v = at_precision(value)
    for threshold, cls in zip(reversed(thresholds), classes):
        if v >= at_precision(threshold):
            return cls
    return classes[-1]


def _check_years(years: float) -> None:
    if not years > 0:
        raise ValueError(f"years must be positive, got {years}")


def required_growth(current: float, target: float, years: float) -> float:
    """Compound annual growth needed to go from ``current`` to ``target`` in ``years``.

    Raises
    ------
    ValueError
        If a value is not positive (compound growth is undefined) or ``years`` is not positive.
    """
    _check_years(years)
    if current <= 0 or target <= 0:
        raise ValueError(f"compound growth needs positive values, got current={current}, target={target}")
    return (target / current) ** (1.0 / years) - 1.0


def value_after_growth(current: float, growth: float, years: float) -> float:
    """Inverse of :func:`required_growth`: the value after ``years`` of compound ``growth``."""
    return current * (1.0 + growth) ** years


def required_increment(current: float, target: float, years: float) -> float:
    """Yearly increment (counts) or percentage points per year (shares) needed to reach ``target``."""
    _check_years(years)
    return (target - current) / years


def _rate(base: float, value: float, years: float, additive: bool) -> float:
    if additive:
        return (value - base) / years
    return required_growth(base, value, years)


def eurostat_ratio(*, base: float, current: float, target: float, years_elapsed: float, years_total: float,
                   additive: bool = False) -> float:
    """Ratio of actual to required growth since the base year (Eurostat).

    ``additive=True`` compares increments instead of compound rates (shares, counts).
    Returns ``nan`` when no growth is required (target equals the base).
    """
    _check_years(years_elapsed)
    need = _rate(base, target, years_total, additive)
    if need == 0 or (not additive and (base <= 0 or current <= 0)):
        return math.nan
    return _rate(base, current, years_elapsed, additive) / need


def eurostat_class(ratio: float) -> str:
    """Eurostat class of a growth ratio (≥0.95 / 0.60–0.95 / 0–0.60 / <0), at the stated precision."""
    return _class(ratio, EUROSTAT_THRESHOLDS, EUROSTAT_CLASSES)


def escap_ratio(*, base: float, current: float, target: float, years_elapsed: float, years_total: float,
                additive: bool = False) -> float:
    """UN ESCAP anticipated progress: actual growth since the base year / growth required from it (CR_a / CR_r).

    The same arithmetic as :func:`eurostat_ratio`, over ESCAP's window: from the plan's base year, where Eurostat
    looks at the last five years.
    """
    return eurostat_ratio(base=base, current=current, target=target, years_elapsed=years_elapsed,
                          years_total=years_total, additive=additive)


def distance_share(*, base: float, value: float, target: float) -> float:
    """Share of the distance from ``base`` to ``target`` covered at ``value`` (1 = reached)."""
    if target == base:
        return math.nan
    return (value - base) / (target - base)


def extrapolate(*, base: float, current: float, years_elapsed: float, years_ahead: float,
                additive: bool = False) -> float:
    """The value in ``years_ahead`` years if the growth observed since the base continues (official-style CAGR)."""
    _check_years(years_elapsed)
    if additive:
        return current + (current - base) / years_elapsed * years_ahead
    if base <= 0 or current <= 0:
        return math.nan
    return value_after_growth(current, required_growth(base, current, years_elapsed), years_ahead)


def unsd_class(share: float) -> str:
    """UNSD class of the anticipated share of the distance covered by the target year, at the stated precision."""
    return _class(share, UNSD_THRESHOLDS, UNSD_CLASSES)


def escap_class(ratio: float) -> str:
    """UN ESCAP anticipated-progress class of CR_a / CR_r: maintain (≥ 0.95), accelerate (0–0.95), reverse (< 0)."""
    return _class(ratio, ESCAP_THRESHOLDS, ESCAP_CLASSES)


def midterm_class(*, rho: float, tau: float, tol: float | None = None) -> str:
    """Chinese mid-term review class from completion ρ and time progress τ, at the stated precision.

    ``'n/a'`` when ρ is unknown or no time has passed since the base year (τ ≤ 0 or unknown): a class needs
    time progress.
    """
    tol = settings.MIDTERM_TOLERANCE if tol is None else tol
    if math.isnan(rho) or math.isnan(tau) or at_precision(tau) <= 0:
        return "n/a"
    r, t = at_precision(rho), at_precision(tau)
    if r >= 1:
        return "提前实现"
    if r > at_precision(t + tol):
        return "快于预期"
    if r >= at_precision(t - tol):
        return "基本符合预期"
    return "滞后"


def keeps_pace(*, rho: float, tau: float) -> bool | None:
    """时间过半、任务过半: has completion kept pace with time (ρ ≥ τ, at the stated precision)? None if unknown.

    >>> keeps_pace(rho=0.81, tau=0.8), keeps_pace(rho=0.4, tau=0.8), keeps_pace(rho=0.5, tau=0.0)
    (True, False, None)
    """
    if math.isnan(rho) or math.isnan(tau) or at_precision(tau) <= 0:
        return None
    return at_precision(rho) >= at_precision(tau)
