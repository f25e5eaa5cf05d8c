"""Scenario files: validated with actionable errors before anything runs; adjustments behave."""

import numpy as np
import pandas as pd
import pytest

from kpi.core.errors import DataValidationError
from kpi.model.scenarios import TYPES, load_scenario, load_scenarios


def test_shipped_scenarios_cover_the_required_types():
    sc = load_scenarios()
    assert {s.type for s in sc.values()} >= set(TYPES)
    assert all(s.description and s.title_zh and s.title_en for s in sc.values())


def _write(tmp_path, text, name="bad"):
    p = tmp_path / f"{name}.yaml"
    p.write_text(text, encoding="utf-8")
    return p


BASE = "name: bad\ntitle_zh: 测试\ntitle_en: Test\ntype: low\ndescription: test\n"


@pytest.mark.parametrize("extra, match", [
    ("adjustments:\n  gdpp: {growth_pp: -1}\n", r"key 'adjustments.gdpp'.*unknown indicator 'gdpp' \(did you mean 'gdp'\?\)"),
    ("adjustments:\n  gdp: {growth_pct: -1}\n", r"key 'adjustments.gdp.growth_pct'.*unknown key 'growth_pct' \(did you mean 'growth_pp'\?\)"),
    ("adjustments:\n  gdp: {growth_pp: 3}\n", r"positive adjustment in a 'low' scenario"),
    ("adjustmnets:\n  gdp: {growth_pp: -1}\n", r"unknown key 'adjustmnets' \(did you mean 'adjustments'\?\)"),
    ("shocks:\n  - {indicator: gdp, change_pct: -5}\n", r"key 'shocks\[0\].year'.*missing key 'year'"),
    ("shocks:\n  - {indicator: gdp, year: 2023.5, change_pct: -5}\n",
     r"key 'shocks\[0\].year'.*got 2023\.5, expected a whole year such as 2023"),
    ("shocks:\n  - {indicator: gpd, year: 2023, change_pct: -5}\n",
     r"key 'shocks\[0\].indicator'.*unknown indicator 'gpd' \(did you mean 'gdp'\?\)"),
    ("capacity:\n  - {indicator: share_nonfossil_energy, year: 2024, add: -3}\n", r"non-negative amount"),
    ("adjustments:\n  gdp: {growth_pp: -80}\n", r"out of range"),
])
def test_bad_scenarios_name_file_key_and_allowed_values(tmp_path, extra, match):
    with pytest.raises(DataValidationError, match=match) as info:
        load_scenario(_write(tmp_path, BASE + extra))
    assert "bad.yaml" in str(info.value)


def test_missing_parameter_and_wrong_type(tmp_path):
    text = "name: bad\ntitle_zh: 测试\ntype: hgih\ndescription: x\n"
    with pytest.raises(DataValidationError) as info:
        load_scenario(_write(tmp_path, text))
    msg = str(info.value)
    assert "missing key 'title_en'" in msg and "did you mean 'high'" in msg


def test_high_scenario_refuses_negative_growth(tmp_path):
    text = BASE.replace("type: low", "type: high") + "adjustments:\n  default: {growth_pp: -1}\n"
    with pytest.raises(DataValidationError, match="negative adjustment in a 'high' scenario"):
        load_scenario(_write(tmp_path, text))


def test_unknown_scenario_name_suggests():
    with pytest.raises(ValueError, match="did you mean 'high'"):
        load_scenario("hihg")


@pytest.mark.parametrize("bad", ["/etc/passwd", "../../etc/passwd", "data/../../outside"])
def test_configured_paths_cannot_leave_the_project(bad):
    from kpi.core.paths import inside_project

    with pytest.raises(ValueError, match="outside the project"):
        inside_project(bad)
    assert inside_project("data/raw").name == "raw"


def _paths(values, years=(2022, 2023, 2024, 2025)):
    return pd.DataFrame(np.tile(np.asarray(values, float)[:, None], (1, 3)), index=list(years))


def test_growth_adjustment_compounds_for_levels():
    sc = load_scenario("low")
    out = sc.apply(_paths([100, 100, 100, 100]), indicator="gdp", measure="level", last_year=2021)
    assert out.loc[2025, 0] == pytest.approx(100 * 0.98 ** 4)


def test_shares_stay_within_bounds_and_counts_non_negative():
    hi = load_scenario("high")
    out = hi.apply(_paths([99.5, 99.8, 99.9, 100]), indicator="share_nonfossil_energy", measure="share", last_year=2021)
    assert out.to_numpy().max() <= 100
    lo = load_scenario("low")
    out = lo.apply(_paths([5, 3, 1, 0]), indicator="hightech_firms", measure="count", last_year=2021)
    assert out.to_numpy().min() >= 0


def test_stress_shock_lowers_the_level_from_its_year():
    sc = load_scenario("stress")
    out = sc.apply(_paths([100, 100, 100, 100]), indicator="trade_total", measure="level", last_year=2021)
    assert out.loc[2024, 0] == 100 and out.loc[2025, 0] == pytest.approx(100 * 0.92 * 0.92)


def test_every_shipped_scenario_reads_in_chinese_and_english():
    from kpi.model.scenarios import load_scenarios

    for sc in load_scenarios().values():
        assert sc.describe("zh") == sc.description_zh and any("\u4e00" <= ch <= "\u9fff" for ch in sc.describe("zh"))
        assert sc.describe("en") == sc.description


def test_yearly_change_is_what_apply_adds():
    """The explorer starts its slider at yearly_change(): it must be the change apply() makes, per measure."""
    for name in ("high", "low", "baseline"):
        sc = load_scenario(name)
        for ind, measure in (("gdp", "level"), ("share_nonfossil_energy", "share"), ("rd_share_gdp", "share"),
                             ("hightech_firms", "count"), ("hightech_firms_new", "count")):
            out = sc.apply(_paths([50, 50, 50, 50]), indicator=ind, measure=measure, last_year=2021)
            g = sc.yearly_change(ind, measure)
            expected = 50 * (1 + g / 100) ** 4 if measure == "level" else min(max(50 + 4 * g, 0), 100)
            assert out.loc[2025, 0] == pytest.approx(expected), (name, ind)
