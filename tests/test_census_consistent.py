"""Census-consistent series: level breaks between editions are found, the default history is chain-linked onto
the latest basis (every linked value marked), and the values as published stay reachable."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kpi
from kpi.inputs.history import BREAK_COLUMNS, consistent_series, level_breaks, select
from kpi.inputs.raw import load_all_vintages

YB = "data/raw/yearbooks/t/"


@pytest.fixture(scope="module")
def allv() -> pd.DataFrame:
    return load_all_vintages()


def test_yancheng_gdp_has_no_census_step_and_the_published_values_remain(allv):
    c = kpi.load_history().query("indicator == 'gdp' and region == 'yancheng'").set_index("year")
    p = kpi.load_history(basis="published").query("indicator == 'gdp' and region == 'yancheng'").set_index("year")
    assert float(p.loc[2013, "value"]) == 3526.65 and float(p.loc[2014, "value"]) == 3807.58  # the mixed bases
    published_growth = p.loc[2014, "value"] / p.loc[2013, "value"] - 1
    old_basis_growth = 3878.77 / 3526.65 - 1  # 2013→2014 as the pre-census editions published it
    linked_growth = c.loc[2014, "value"] / c.loc[2013, "value"] - 1
    assert published_growth == pytest.approx(0.0797, abs=1e-4)  # the step: 2 points of growth that never happened
    assert abs(linked_growth - old_basis_growth) < 0.002
    for y in (2012, 2013):
        assert c.loc[y, "status"] == "estimate" and "chain-linked" in c.loc[y, "note"]
        assert f"published {p.loc[y, 'value']:g}" in c.loc[y, "note"]
    assert (c.loc[2014:2022, "value"] == p.loc[2014:2022, "value"]).all()
    assert 2011 not in c.index and 2011 in p.index  # published before the table's earliest edition: basis unknown


def test_level_breaks_has_one_row_per_break_with_stable_columns(allv):
    b = level_breaks(allv)
    assert list(b.columns) == BREAK_COLUMNS
    assert not b.duplicated(["indicator", "region", "family", "vintage_before", "vintage_after"]).any()
    pairs = b.groupby(["vintage_before", "vintage_after"]).size().to_dict()
    assert pairs == {("2018", "2019"): 1, ("2019", "2020"): 86, ("2020", "2021"): 14}
    assert set(b.loc[b.vintage_after == "2021", "indicator"]) == {"gdp_per_capita"}  # the 2020 population census
    row = b[(b.indicator == "gdp") & (b.region == "yancheng")].iloc[0]
    assert row.overlap_years == (2010, 2014, 2015, 2016, 2017, 2018)
    assert set(row.revised_years) <= set(row.overlap_years) and 2018 not in row.revised_years
    assert 0.98 < row.ratio < 0.99 and row.ratio_min <= row.ratio <= row.ratio_max


def test_routine_revisions_of_the_last_year_are_no_break():
    rows = _editions({"2020": {2017: 100.0, 2018: 110.0, 2019: 120.0},
                      "2021": {2017: 100.0, 2018: 110.0, 2019: 118.8, 2020: 125.0}})
    assert level_breaks(rows).empty
    h = consistent_series(select(rows), rows)
    pd.testing.assert_frame_equal(h, select(rows))


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(level=st.floats(0.7, 1.4).filter(lambda x: abs(x - 1) > 0.01), g=st.floats(-0.05, 0.15),
       start=st.floats(10, 10_000), n_old=st.integers(3, 6))
def test_linking_keeps_the_old_growth_and_lands_on_the_new_basis(level, g, start, n_old):
    """An edition revised by a factor from year k on: the consistent series has the new level throughout and the
    growth rates of the old edition where only the old one publishes."""
    years = list(range(2010, 2010 + n_old + 4))
    true = {y: start * (1 + g) ** i for i, y in enumerate(years)}
    old = {y: true[y] for y in years[: n_old + 2]}             # old basis, years 0 … n_old+1
    new = {y: true[y] * level for y in years[n_old:]}          # revised basis, from year n_old on
    rows = _editions({"2018": old, "2020": new})
    b = level_breaks(rows)
    assert len(b) == 1 and b.ratio.iloc[0] == pytest.approx(level)
    h = consistent_series(select(rows), rows).set_index("year")["value"]
    for y in years:
        assert h[y] == pytest.approx(true[y] * level, rel=1e-9)


def _editions(eds: dict[str, dict[int, float]]) -> pd.DataFrame:
    rows = [{"indicator": "gdp", "region": "r", "year": y, "value": v, "unit": "亿元", "status": "official",
             "source": f"table {ed}", "vintage": ed, "note": "", "qualifier": "", "source_file": f"{YB}{ed}.xlsx",
             "location": f"Sheet1!C{y - 2000}"} for ed, vals in eds.items() for y, v in vals.items()]
    return pd.DataFrame(rows)


def test_the_build_history_is_consistent_and_all_vintages_are_published(allv):
    h = select(allv, basis="consistent")
    assert not h.duplicated(["indicator", "region", "year"]).any()
    linked = h[h["note"].str.contains("chain-linked", regex=False)]
    assert len(linked) and set(linked["status"]) == {"estimate"}
    assert len(h.attrs["unlinked"]) >= 1
    with pytest.raises(ValueError, match="basis must be one of"):
        select(allv, basis="revised")


def test_a_vintage_cut_links_onto_that_vintages_basis(allv):
    h = kpi.load_history(vintage="2019")
    yc = h.query("indicator == 'gdp' and region == 'yancheng'").set_index("year")
    assert float(yc.loc[2017, "value"]) == 5082.69 and not yc["note"].str.contains("chain-linked").any()
