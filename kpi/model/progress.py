"""Official progress measures for a quantitative target, side by side.

Each function takes the base value (at the plan's base year), the current value,
the target, and the years involved, and follows the published rule of its
institution. They are comparators: the project's verdict rests on the calibrated
probability (:mod:`kpi.model.assessment`), but reviewers expect to see these numbers.

* **Eurostat** (SDG monitoring report, quantified targets): the ratio of the
  actual compound annual growth rate since the base year to the rate required to
  reach the target. Classes: ≥ 95 % significant progress; 60–95 % moderate;
  0–60 % insufficient; < 0 movement away.
* **UNSD** (SDG Progress Chart): the share of the required distance expected to be
  covered by the target year, extrapolating the observed growth:
  ≥ 0.95 substantial progress / on track; 0.10–0.95 fair progress, acceleration
  needed; < 0.10 limited or no progress (negative: deterioration).
* **UN ESCAP** (Asia-Pacific SDG Progress Report): the *current status* index
  (distance covered so far, as a share of the way to the target) and the
  *anticipated progress* at the target year from the observed growth: maintain
  progress (target will be met), accelerate, or reverse the trend.
* **Chinese mid-term review** (规划中期评估, "时间过半、任务过半"): time progress
  τ = elapsed share of the plan period; completion ρ = share of the distance
  covered. 提前实现 ρ ≥ 1; 快于预期 ρ > τ + tol; 基本符合预期 |ρ − τ| ≤ tol;
  滞后 ρ < τ − tol. No tolerance is published: ``tol`` is the disclosed setting
  :data:`kpi.core.settings.MIDTERM_TOLERANCE`.

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
ESCAP_ZH = {"maintain": "保持", "accelerate": "加快", "reverse": "扭转"}
MIDTERM_CLASSES = ("提前实现", "快于预期", "基本符合预期", "滞后")
MIDTERM_EN = {"提前实现": "achieved early", "快于预期": "ahead of schedule", "基本符合预期": "broadly on schedule",
              "滞后": "behind schedule"}


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
    """Eurostat class of a growth ratio (≥0.95 / 0.60–0.95 / 0–0.60 / <0)."""
    if math.isnan(ratio):
        return "n/a"
    if ratio >= 0.95:
        return "significant progress"
    if ratio >= 0.60:
        return "moderate progress"
    if ratio >= 0:
        return "insufficient progress"
    return "movement away"


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
    """UNSD class of the anticipated share of the distance covered by the target year."""
    if math.isnan(share):
        return "n/a"
    if share >= 0.95:
        return "substantial progress"
    if share >= 0.10:
        return "fair progress"
    if share >= 0:
        return "limited or no progress"
    return "deterioration"


def escap_class(anticipated_share: float) -> str:
    """UN ESCAP anticipated-progress class: maintain (target met), accelerate, or reverse the trend."""
    if math.isnan(anticipated_share):
        return "n/a"
    if anticipated_share >= 1:
        return "maintain"
    if anticipated_share > 0:
        return "accelerate"
    return "reverse"


def midterm_class(*, rho: float, tau: float, tol: float | None = None) -> str:
    """Chinese mid-term review class from completion ρ and time progress τ."""
    tol = settings.MIDTERM_TOLERANCE if tol is None else tol
    if math.isnan(rho):
        return "n/a"
    if rho >= 1:
        return "提前实现"
    if rho > tau + tol:
        return "快于预期"
    if rho >= tau - tol:
        return "基本符合预期"
    return "滞后"
