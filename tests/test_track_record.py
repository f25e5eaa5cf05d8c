"""The tool's own track record (kpi.track_record): past calls against outcomes, only data known at each as_of."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

import kpi
from kpi.inputs.registry import load_registry
from kpi.model import assessment as A
from kpi.model import track_record as TR

N = 400
GDP = {2016: 420.0, 2017: 455.0, 2018: 490.0, 2019: 520.0, 2020: 540.0, 2021: 600.0, 2022: 640.0, 2023: 670.0}


def _history(values: dict[int, float], indicator: str = "gdp", unit: str = "亿元") -> pd.DataFrame:
    return pd.DataFrame({"indicator": indicator, "region": "zone", "year": list(values), "value": list(values.values()),
                         "unit": unit, "status": "official", "source": "test", "vintage": "", "note": ""})


def _targets(*rows: dict) -> pd.DataFrame:
    base = {"clause": "", "area": "aggregates", "name_zh": "测试", "name_en": "test", "unit": "亿元", "kind": "level",
            "direction": ">=", "stretch_value": np.nan, "start_year": np.nan, "target_year": 2022, "value": 630.0,
            "indicator": "gdp", "quote": "", "notes": ""}
    return pd.DataFrame([{**base, **r} for r in rows]).set_index("id")


TARGETS = _targets({"id": "gdp_2022", "target_year": 2022, "value": 630.0},
                   {"id": "gdp_2023", "target_year": 2023, "value": 700.0})


def _zone(history: pd.DataFrame, targets: pd.DataFrame = TARGETS) -> pd.DataFrame:
    return kpi.track_record(sets=("zone",), targets=targets, history=history, n_paths=N).set_index(["id", "as_of"])


# ------------------------------------------------------------------------------------------- pooled scores
def test_brier_by_hand():
    assert TR.brier([0.9, 0.2, 0.6], [1, 0, 0]) == pytest.approx((0.01 + 0.04 + 0.36) / 3)
    assert TR.brier([0.5] * 4, [1, 0, 1, 1]) == 0.25
    assert math.isnan(TR.brier([], []))


@pytest.mark.parametrize("p, o, match", [([0.5], [1, 0], "1 probabilities but 2 outcomes"),
                                         ([1.2], [1], r"probabilities \[1.2\] outside \[0, 1\]"),
                                         ([0.5], [2], r"outcomes \[2.0\] are not 0 or 1")])
def test_brier_refuses_bad_input(p, o, match):
    with pytest.raises(ValueError, match=match):
        TR.brier(p, o)


def test_reliability_table_by_hand():
    t = TR.reliability([0.05, 0.15, 0.25, 0.72, 0.9, 1.0], [0, 0, 1, 1, 1, 0])
    assert t["n"].tolist() == [1, 2, 0, 0, 1, 2]
    assert t["mean_predicted"].tolist()[:2] == pytest.approx([0.05, 0.2])
    assert t["observed_frequency"].tolist()[1] == 0.5 and t["observed_frequency"].tolist()[5] == 0.5
    assert np.isnan(t["observed_frequency"].tolist()[2])
    assert t["bin"].tolist() == ["0–10%", "10–30%", "30–50%", "50–70%", "70–90%", "90–100%"]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 1), st.booleans()), min_size=1, max_size=40))
def test_reliability_counts_every_call_once_and_brier_is_bounded(pairs):
    p = [a for a, _ in pairs]
    o = [float(b) for _, b in pairs]
    t = TR.reliability(p, o)
    assert t["n"].sum() == len(pairs)
    assert 0 <= TR.brier(p, o) <= 1
    assert TR.brier([float(x) for x in o], o) == 0  # a perfect forecaster scores 0


def test_scores_compare_methods_on_the_same_calls_by_hand():
    rec = pd.DataFrame({"set": ["zone"] * 4, "scored": [True, True, True, False], "outcome": [1.0, 0.0, 1.0, 1.0],
                        "probability": [0.8, 0.3, 0.6, 0.1], "naive_trend": [1.0, 1.0, np.nan, 0.0],
                        "naive_last_year": [0.0, 0.0, 1.0, 0.0]})
    s = TR.scores(rec).set_index(["set", "method"])
    # only rows 1 and 2 count: row 3 lacks a naive call, row 4 was no forecast then
    assert s.loc[("zone", "kpi"), "n"] == 2
    assert s.loc[("zone", "kpi"), "brier"] == pytest.approx((0.2 ** 2 + 0.3 ** 2) / 2)
    assert s.loc[("zone", "naive_trend"), "brier"] == pytest.approx((0 + 1) / 2)
    assert s.loc[("zone", "naive_last_year"), "brier"] == pytest.approx((1 + 0) / 2)
    assert set(s.index.get_level_values("set")) == {"zone"}  # sets are never pooled together


@pytest.mark.parametrize("years, target, expected", [(3, 146.0, 1.0), (3, 147.0, 0.0), (1, 120.0 * 1.1 ** 2, 1.0),
                                                     (4, 100.0, math.nan)])
def test_naive_call_by_hand(years, target, expected):
    s = pd.Series([110.0 / 1.1 / 1.1 * 1.0, 100.0, 110.0, 121.0], index=[2020, 2021, 2022, 2023]).iloc[1:]
    s = pd.concat([pd.Series([100 / 1.1], index=[2020]), s])
    got = TR.naive_call(s, target=target, direction=">=", target_year=2025, years=years)
    assert (math.isnan(got) and math.isnan(expected)) or got == expected


def test_naive_call_for_flows_and_shares():
    flows = pd.Series([20.0, 30.0, 40.0], index=[2021, 2022, 2023])
    # 90 so far + 30 a year × 2 = 150 of a cumulative 150 (2021–2025): reached; a yearly average 30: 150/5 = 30
    assert TR.naive_call(flows, target=150, direction=">=", target_year=2025, kind="cumulative") == 1.0
    assert TR.naive_call(flows, target=31, direction=">=", target_year=2025, kind="average") == 0.0
    share = pd.Series([10.0, 12.0, 14.0, 16.0], index=[2020, 2021, 2022, 2023])
    assert TR.naive_call(share, target=20.0, direction=">=", target_year=2025, additive=True) == 1.0
    assert TR.naive_call(share, target=20.1, direction=">=", target_year=2025, additive=True) == 0.0
    assert math.isnan(TR.naive_call(share, target=1.0, direction=">=", target_year=2025, kind="growth"))


# ----------------------------------------------------------------------------------------- the zone's targets
def test_zone_rows_are_what_assess_said_then_against_its_outcome():
    h = _history(GDP)
    rec = _zone(h)
    assert list(rec.columns) == [c for c in TR.COLUMNS if c not in ("id", "as_of")]
    assert sorted(rec.index) == [("gdp_2022", 2021), ("gdp_2023", 2021), ("gdp_2023", 2022)]
    for as_of in (2021, 2022):
        then = A.assess(targets=TARGETS, history=h, as_of=as_of, n_paths=N)
        for tid in then.index:
            if (tid, as_of) in rec.index:
                r = rec.loc[(tid, as_of)]
                assert r.probability == then.loc[tid, "probability"]
                assert r.verdict == then.loc[tid, "verdict"]
                assert r.proj_median == then.loc[tid, "proj_median"]
    now = A.assess(targets=TARGETS, history=h, n_paths=N)
    assert rec.loc[("gdp_2022", 2021), "outcome"] == float(now.loc["gdp_2022", "verdict"] == "reached") == 1.0
    assert rec.loc[("gdp_2023", 2022), "outcome"] == 0.0  # 670 < 700
    assert rec.loc[("gdp_2023", 2022), "outcome_margin_pct"] == pytest.approx(100 * (670 - 700) / 700)


@pytest.mark.parametrize("changed_year, unchanged_as_of", [(2023, (2021, 2022)), (2022, (2021,))])
def test_a_later_value_changes_no_earlier_call(changed_year, unchanged_as_of):
    before = _zone(_history(GDP))
    after = _zone(_history({**GDP, changed_year: GDP[changed_year] * 1.2}))
    calls = ["probability", "verdict", "proj_median", "proj_lower_80", "proj_upper_80", "naive_trend",
             "naive_last_year", "latest_value"]
    for key in before.index:
        if key[1] in unchanged_as_of:
            pd.testing.assert_series_equal(before.loc[key, calls], after.loc[key, calls])
    if changed_year == 2023:  # 670 → 804 reaches 700: the outcome flips, the calls made before do not
        assert before.loc[("gdp_2023", 2022), "outcome"] == 0.0 and after.loc[("gdp_2023", 2022), "outcome"] == 1.0
    else:  # the 2022 value is known at as_of 2022: that call changes
        assert before.loc[("gdp_2023", 2022), "probability"] != after.loc[("gdp_2023", 2022), "probability"]


def test_a_target_without_outcome_has_no_track_record_row():
    rec = _zone(_history(GDP), _targets({"id": "gdp_2025", "target_year": 2025, "value": 800.0}))
    assert rec.empty and list(rec.columns) == [c for c in TR.COLUMNS if c not in ("id", "as_of")]


def test_a_level_already_reached_before_its_year_is_no_outcome():
    """Another zone series reaches 2025, so 2025 is a year with data; GDP (to 2023) is above 600 before 2025: the
    scorecard says "reached" early, but the value may fall back, so there is no outcome to score yet."""
    flows = _history({y: 30.0 for y in range(2019, 2026)}, "hightech_firms_new", "家")
    h = pd.concat([_history(GDP), flows], ignore_index=True)
    tg = _targets({"id": "early", "target_year": 2025, "value": 600.0})
    assert A.assess(targets=tg, history=h, n_paths=N).loc["early", "verdict"] == "reached"
    assert _zone(h, tg).empty


def test_unknown_set_is_refused():
    with pytest.raises(ValueError, match=r"sets: unknown \['cities'\]; expected some of zone, yearbooks"):
        kpi.track_record(sets=("cities",))


# ------------------------------------------------------------------------------------- the yearbook series
def _editions(seed: int = 0) -> pd.DataFrame:
    """Synthetic editions 2018–2023 of one indicator for the 13 cities: edition e holds 2012…e−1, each edition
    revising the previous one's last value a little (seeded)."""
    rng = np.random.default_rng(seed)
    cities = load_registry().members("jiangsu")
    rows = []
    for c in cities:
        level = 1000 * rng.uniform(0.5, 2.0)
        growth = rng.normal(0.07, 0.03, size=12)
        truth = {2012 + k: level * float(np.prod(1 + growth[:k + 1])) for k in range(11)}
        for e in range(2018, 2024):
            for y in range(2012, e):
                revised = truth[y] * (1 + (0.01 * rng.normal() if y == e - 1 else 0.0))
                rows.append({"indicator": "gdp", "region": c, "year": y, "value": round(revised, 2), "unit": "亿元",
                             "status": "official", "vintage": str(e)})
    return pd.DataFrame(rows)


def _yearbooks(frame: pd.DataFrame) -> pd.DataFrame:
    return TR.yearbook_record(frame, periods=((2017, 2022),), growth=(6.0,), indicators=("gdp",), n_paths=200)


@pytest.fixture(scope="module")
def yearbook_run():
    frame = _editions()
    return frame, _yearbooks(frame).set_index(["id", "as_of"])


def test_yearbook_pseudo_targets_are_labelled_and_use_their_editions_panel(yearbook_run):
    _, rec = yearbook_run
    assert set(rec.index.get_level_values("as_of")) == {2018, 2019, 2020, 2021}
    assert rec["name_zh"].str.startswith("伪目标（非官方）").all()
    assert rec["name_en"].str.startswith("pseudo-target (not official)").all()
    assert "jiangsu" in set(rec["region"])  # the province, as the sum of its 13 cities
    for as_of, r in rec.groupby(level="as_of"):
        assert r["method"].str.endswith(f"panel cn_regional_asof_{as_of + 1}").all()
        assert (r["data_basis"] == f"official (edition {as_of + 1})").all()
        assert (r["latest_year"] == as_of).all()


def test_yearbook_calls_use_only_their_edition(yearbook_run):
    frame, before = yearbook_run
    calls = ["probability", "verdict", "proj_median", "target_value", "naive_trend", "naive_last_year"]
    later = frame.copy()
    latest = (later["vintage"] == "2023") & (later["year"] == 2022)
    later.loc[latest, "value"] *= 1.3  # the truth (the latest edition's 2022) changes: no call may change
    after = _yearbooks(later).set_index(["id", "as_of"])
    pd.testing.assert_frame_equal(before[calls], after[calls])
    assert (after["outcome"] >= before["outcome"]).all() and (after["outcome"] > before["outcome"]).any()
    edited = frame.copy()
    edited.loc[(edited["vintage"] == "2021") & (edited["year"] == 2020), "value"] *= 0.8
    moved = _yearbooks(edited).set_index(["id", "as_of"])
    same = [k for k in before.index if k[1] != 2020]
    pd.testing.assert_frame_equal(before.loc[same, calls], moved.loc[same, calls])
    assert not before.xs(2020, level="as_of")["probability"].equals(moved.xs(2020, level="as_of")["probability"])


def test_yearbook_outcome_is_the_assessments_outcome(yearbook_run):
    frame, rec = yearbook_run
    r = rec.xs(("nanjing/gdp/2017-2022/6%", 2019))
    latest = frame[(frame["region"] == "nanjing") & (frame["vintage"] == "2023")].set_index("year")["value"]
    reached = latest[2022] >= latest[2017] * 1.06 ** 5
    assert r.outcome == float(reached)
    assert r.outcome_margin_pct == pytest.approx(100 * (latest[2022] / (latest[2017] * 1.06 ** 5) - 1))
