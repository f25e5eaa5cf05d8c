"""Official progress measures: formulas invert, classes follow the published thresholds."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpi.model import progress

pos = st.floats(0.01, 1e6, allow_nan=False)
yrs = st.integers(1, 15)


@given(pos, pos, yrs)
def test_required_growth_inverts(current, target, years):
    g = progress.required_growth(current, target, years)
    assert progress.value_after_growth(current, g, years) == pytest.approx(target, rel=1e-7)


@given(pos, st.floats(-0.5, 0.5), yrs)
def test_growth_then_required_growth_roundtrip(current, growth, years):
    target = progress.value_after_growth(current, growth, years)
    assert progress.required_growth(current, target, years) == pytest.approx(growth, abs=1e-9)


@given(pos, pos, yrs, st.sampled_from([1e4, 1e-4, 100.0]))
def test_unit_rescaling_changes_no_rate(current, target, years, k):
    """亿元 → 万元 multiplies both values: the required growth (and so any verdict) is unchanged."""
    assert progress.required_growth(current * k, target * k, years) == pytest.approx(
        progress.required_growth(current, target, years), rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("kw, match", [({"current": 0, "target": 5, "years": 3}, "positive values"),
                                       ({"current": 5, "target": 6, "years": 0}, "years must be positive")])
def test_required_growth_refuses(kw, match):
    with pytest.raises(ValueError, match=match):
        progress.required_growth(**kw)


@pytest.mark.parametrize("ratio, cls", [(1.2, "significant progress"), (0.95, "significant progress"),
                                        (0.8, "moderate progress"), (0.6, "moderate progress"),
                                        (0.3, "insufficient progress"), (-0.1, "movement away")])
def test_eurostat_thresholds(ratio, cls):
    assert progress.eurostat_class(ratio) == cls


@pytest.mark.parametrize("share, cls", [(1.0, "substantial progress"), (0.95, "substantial progress"),
                                        (0.5, "fair progress"), (0.05, "limited or no progress"),
                                        (-0.2, "deterioration")])
def test_unsd_thresholds(share, cls):
    assert progress.unsd_class(share) == cls


@pytest.mark.parametrize("rho, tau, cls", [(1.0, 0.5, "提前实现"), (0.8, 0.5, "快于预期"), (0.55, 0.5, "基本符合预期"),
                                           (0.45, 0.5, "基本符合预期"), (0.3, 0.5, "滞后")])
def test_midterm_classes(rho, tau, cls):
    assert progress.midterm_class(rho=rho, tau=tau, tol=0.1) == cls


def test_falling_target_uses_the_same_formulas():
    """PM2.5 must fall from 40 to 30: half the distance in half the time, but compound rates differ."""
    rho = progress.distance_share(base=40, value=35, target=30)
    assert rho == pytest.approx(0.5)
    ratio = progress.eurostat_ratio(base=40, current=35, target=30, years_elapsed=2, years_total=4)
    assert ratio == pytest.approx(((35 / 40) ** 0.5 - 1) / ((30 / 40) ** 0.25 - 1))
    assert progress.eurostat_class(ratio) == "moderate progress"  # 0.93: compound decline is slower than needed


def test_additive_measures_for_shares():
    r = progress.eurostat_ratio(base=20, current=25, target=35, years_elapsed=2, years_total=4, additive=True)
    assert r == pytest.approx((5 / 2) / (15 / 4))
    assert math.isnan(progress.eurostat_ratio(base=20, current=25, target=20, years_elapsed=2, years_total=4))
