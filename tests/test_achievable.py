"""Target setting from calibrated odds (kpi.achievable, kpi.draft_target): the inverse of the scorecard's probability."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import kpi
from kpi.model import achievable as T
from kpi.model import assessment as A

N = 400
GDP = {2016: 420.0, 2017: 455.0, 2018: 490.0, 2019: 520.0, 2020: 540.0, 2021: 600.0, 2022: 640.0, 2023: 670.0}
SHARE = {2017: 10.0, 2018: 12.0, 2019: 14.5, 2020: 16.0, 2021: 18.0, 2022: 20.5, 2023: 22.0}


def _history(values: dict[int, float], indicator: str = "gdp", unit: str = "亿元") -> pd.DataFrame:
    return pd.DataFrame({"indicator": indicator, "region": "zone", "year": list(values), "value": list(values.values()),
                         "unit": unit, "status": "official", "source": "test", "vintage": "2024", "note": ""})


def _target(level: float, *, year: int, indicator: str = "gdp", unit: str = "亿元", kind: str = "level",
            direction: str = ">=") -> pd.DataFrame:
    return pd.DataFrame([{"id": "fixture", "clause": "", "area": "aggregates", "name_zh": "测试", "name_en": "test",
                          "unit": unit, "kind": kind, "direction": direction, "stretch_value": np.nan,
                          "start_year": np.nan, "target_year": year, "value": level, "indicator": indicator,
                          "quote": "", "notes": ""}]).set_index("id")


CASES = {"gdp": (GDP, "gdp", "亿元", "level"), "share": (SHARE, "share_nonfossil_energy", "%", "share")}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(p=st.floats(0.03, 0.97), year=st.sampled_from([2025, 2027, 2030]), case=st.sampled_from(sorted(CASES)),
       direction=st.sampled_from([">=", "<=", "~"]), seed=st.integers(0, 3))
def test_assessing_a_target_at_the_level_gives_the_probability_back(p, year, case, direction, seed):
    values, ind, unit, kind = CASES[case]
    h = _history(values, ind, unit)
    row = kpi.achievable(ind, year=year, probabilities=(p,), history=h, n_paths=N, seed=seed,
                         direction=direction).iloc[0]
    card = A.assess(targets=_target(row.level, year=year, indicator=ind, unit=unit, kind=kind, direction=direction),
                    history=h, n_paths=N, seed=seed)
    r = card.loc["fixture"]
    if row.already_reached:  # the scorecard calls a >= target met before its year reached: said, not forecast
        assert r.verdict == "reached" and r.probability == 1.0
    else:
        assert r.probability == pytest.approx(p, abs=0.01)


@pytest.mark.parametrize("direction", [">=", "<=", "~"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_levels_are_monotonic_in_the_probability(case, direction):
    values, ind, unit, _ = CASES[case]
    ps = (0.95, 0.9, 0.7, 0.5, 0.3, 0.1, 0.05)
    t = kpi.achievable(ind, year=2030, probabilities=ps, history=_history(values, ind, unit), n_paths=N,
                       direction=direction)
    levels = t["level"].to_numpy()
    # a >= level is harder the less likely it is; a ceiling the other way round
    assert np.all(np.diff(levels) >= 0) if direction != "<=" else np.all(np.diff(levels) <= 0)
    assert t["probability"].tolist() == list(ps)


def test_columns_contract_and_required_growth():
    t = kpi.achievable("gdp", year=2030, history=_history(GDP), n_paths=N)
    assert list(t.columns[:3]) == ["probability", "level", "required_growth"]
    assert list(t.columns) == T.COLUMNS
    assert t["probability"].tolist() == [0.9, 0.7, 0.5, 0.3, 0.1]
    r = t.iloc[2]
    assert r.required_growth == pytest.approx(100 * ((r.level / 670.0) ** (1 / 7) - 1), rel=1e-12)
    assert r.hist_rate_3y == pytest.approx(100 * ((670 / 540) ** (1 / 3) - 1), rel=1e-12)
    assert (r.latest_year, r.latest_value, r.rate_unit, r.unit) == (2023, 670.0, "%/yr", "亿元")


def test_shares_require_increments():
    t = kpi.achievable("share_nonfossil_energy", year=2030, history=_history(SHARE, "share_nonfossil_energy", "%"),
                       n_paths=N)
    assert (t["rate_unit"] == "pp/yr").all()
    assert t["required_growth"].to_numpy() == pytest.approx((t["level"].to_numpy() - 22.0) / 7)
    assert (t["level"] <= 100).all()


def test_same_paths_as_the_scorecard_median():
    h = _history(GDP)
    t = kpi.achievable("gdp", year=2025, probabilities=(0.5,), history=h, n_paths=N)
    card = A.assess(targets=_target(800.0, year=2025), history=h, n_paths=N)
    # the 50 % level is the median of the paths the scorecard's 80 % band and median come from
    assert t.loc[0, "level"] == pytest.approx(card.loc["fixture", "proj_median"], rel=2e-3)


@pytest.mark.parametrize("kw, match", [
    ({"probabilities": (0.9, 1.0)}, r"probabilities: \[1.0\] outside \(0, 1\)"),
    ({"probabilities": ()}, "expected at least one probability"),
    ({"direction": "=="}, "direction '==': expected one of >=, <=, ~"),
    ({"scenario": "plan"}, "is a plan scenario"),
    ({"year": 2022}, r"gdp/zone: year 2022 is not after the latest observation \(2023\)"),
])
def test_bad_requests_are_refused_with_the_reason(kw, match):
    args = {"year": 2030, "history": _history(GDP), "n_paths": N, **kw}
    with pytest.raises(ValueError, match=match):
        kpi.achievable("gdp", **args)


def test_unprojectable_series_say_why():
    with pytest.raises(ValueError, match="not in the indicator registry"):
        kpi.achievable("no_such_indicator", year=2030, history=_history(GDP), n_paths=N)
    with pytest.raises(ValueError, match=r"gdp/zone: cannot project to 2030: 2 observations \(at least 3"):
        kpi.achievable("gdp", year=2030, history=_history({2022: 640.0, 2023: 670.0}), n_paths=N)


def test_level_at_counts_paths_exactly():
    v = np.arange(1.0, 401.0)
    for p in (0.1, 0.33, 0.5, 0.9):
        assert A.probability(v, T.level_at(v, p, ">="), ">=") == math.ceil(p * 400) / 400
        assert A.probability(v, T.level_at(v, p, "<="), "<=") == math.ceil(p * 400) / 400
        assert A.probability(v, T.level_at(v, p, "~"), "~") == math.ceil(p * 400) / 400


def test_draft_target_is_the_scorecards_row_with_the_official_measures():
    h = _history(GDP)
    d = kpi.draft_target("gdp", year=2027, value=850.0, history=h, n_paths=N, base_year=2020)
    card = A.assess(targets=_target(850.0, year=2027).assign(start_year=2021), history=h, n_paths=N).loc["fixture"]
    r = d.iloc[0]
    assert list(d.columns) == T.DRAFT_COLUMNS
    for col in ("probability", "eurostat_ratio", "unsd_share", "escap_anticipated", "rho", "tau", "required_rate"):
        assert r[col] == pytest.approx(card[col]), col
    assert r.eurostat_class == card.eurostat_class and r.unsd_class == card.unsd_class
    # Eurostat by hand: growth 2018→2023 against growth needed 2018→2027
    actual = (670 / 490) ** (1 / 5) - 1
    need = (850 / 490) ** (1 / 9) - 1
    assert r.eurostat_ratio == pytest.approx(actual / need, rel=1e-9)
    assert r.tau == pytest.approx(3 / 7)


def test_draft_target_defaults_to_the_current_plans_base_until_the_next_base_is_observed():
    d = kpi.draft_target("gdp", year=2030, value=900.0, history=_history(GDP), n_paths=N)
    assert d.loc[0, "base_year"] == 2020 and d.loc[0, "base_value"] == 540.0
    assert d.loc[0, "probability"] == pytest.approx(A.assess(
        targets=_target(900.0, year=2030).assign(start_year=2021), history=_history(GDP), n_paths=N
    ).loc["fixture", "probability"])


@pytest.mark.parametrize("value, match", [("lots", "draft value 'lots': expected a number"),
                                          (float("nan"), "expected a finite number")])
def test_draft_value_must_be_a_number(value, match):
    with pytest.raises(ValueError, match=match):
        kpi.draft_target("gdp", year=2030, value=value, history=_history(GDP), n_paths=N)


def test_next_plan_table_is_achievable_for_every_year_and_scenario():
    h = pd.concat([_history(GDP), _history(SHARE, "share_nonfossil_energy", "%")], ignore_index=True)
    tg = pd.concat([_target(800.0, year=2025), _target(35.0, year=2025, indicator="share_nonfossil_energy", unit="%",
                                                       kind="share").rename(index={"fixture": "share"})])
    t = T.next_plan_table(targets=tg, history=h, year=2028, scenarios=("baseline", "low", "plan"), n_paths=N)
    assert list(t.columns) == T.COLUMNS + T.NEXT_PLAN_EXTRA
    assert set(t["scenario"]) == {"baseline", "low"}  # a plan scenario follows a target: never a next-plan level
    assert sorted(set(t["year"])) == [2024, 2025, 2026, 2027, 2028]
    for (ind, sc), g in t[t["year"] == 2028].groupby(["indicator", "scenario"]):
        ref = kpi.achievable(ind, year=2028, scenario=sc, history=h, n_paths=N)
        assert g["level"].to_numpy() == pytest.approx(ref["level"].to_numpy(), rel=1e-12), (ind, sc)
    # the fan: the 10 % level (upper edge of the 80 % band) above the median above the 90 % level, every year
    wide = t.pivot_table(index=["indicator", "scenario", "year"], columns="probability", values="level")
    assert (wide[0.1] >= wide[0.5]).all() and (wide[0.5] >= wide[0.9]).all()
    share = t[t["indicator"] == "share_nonfossil_energy"]
    assert (share["history_level"] <= 100).all() and (share["level"] <= 100).all()
    g = t[(t["indicator"] == "gdp") & (t["scenario"] == "baseline") & (t["year"] == 2028)].iloc[0]
    assert g.history_level == pytest.approx(670 * (670 / 490))  # 2018→2023 growth carried on 2023→2028
    assert g.plan_target == 800.0 and g.plan_target_year == 2025
