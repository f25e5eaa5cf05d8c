"""Regions know their type and parent; total rows resolve only in a table's scope; a province is the sum of its
own cities, which the output names and counts, and a year missing one is refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from kpi.core import paths
from kpi.core.errors import DataValidationError, Report
from kpi.core.labels import REGION_TYPES
from kpi.inputs.registry import load_registry, load_regions
from kpi.inputs.history import read_all_vintages, select
from kpi.model import relative
from tests.helpers import tidy_workbook
from kpi.inputs.provenance import write_sidecar

REG = load_registry()
JIANGSU_CITIES = ("yancheng", "nanjing", "wuxi", "xuzhou", "changzhou", "suzhou", "nantong", "lianyungang", "huaian",
                  "yangzhou", "zhenjiang", "taizhou", "suqian")


def test_every_region_has_a_type_and_a_parent_of_a_larger_type():
    r = load_regions()
    assert set(r["type"]) <= set(REGION_TYPES)
    rank = {t: i for i, t in enumerate(REGION_TYPES)}
    for rid, rec in r.iterrows():
        if rec["type"] == "country":
            assert rec["parent"] == ""
            continue
        assert rec["parent"] in r.index, rid
        assert rank[r.at[rec["parent"], "type"]] > rank[rec["type"]], rid
    assert REG.ancestor("zone", "city") == "yancheng" and REG.ancestor("zone", "province") == "jiangsu"
    assert set(REG.members("jiangsu")) == set(JIANGSU_CITIES)
    assert set(REG.members("jiangsu", region_type="area")) == {"sunan", "suzhong", "subei"}


@pytest.mark.parametrize("label", ["全省", "全    省", "合计", "全省合计", "Total"])
def test_total_row_labels_name_no_region_by_themselves(label):
    assert REG.match_region(label) is None
    assert REG.resolve_region(label).problem == "aggregate"
    assert REG.match_region(label, scope="henan") == "henan"
    assert REG.match_region(label, scope="jiangsu") == "jiangsu"


def test_a_city_total_in_a_province_table_is_refused():
    m = REG.resolve_region("全市", scope="henan")
    assert m.region is None and m.problem == "aggregate type"
    assert REG.match_region("全市", scope="yancheng") == "yancheng"


def _registry_file(tmp_path: Path, edit) -> Path:
    data = yaml.safe_load(paths.REGIONS_YAML.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "regions.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("edit, key, message", [
    (lambda d: d["regions"]["wuxi"].update(parent="jiangsou"), "regions.wuxi.parent",
     "unknown parent (did you mean 'jiangsu'?)"),
    (lambda d: d["regions"]["wuxi"].update(type="town"), "regions.wuxi.type", "unknown type"),
    (lambda d: d["regions"]["jiangsu"].update(parent="wuxi"), "regions.jiangsu.parent", "not larger"),
    (lambda d: d["regions"]["wuxi"].pop("parent"), "regions.wuxi.parent", "has no parent"),
    (lambda d: d["regions"]["wuxi"].update(parnet="jiangsu"), "regions.wuxi.parnet",
     "unknown key 'parnet' (did you mean 'parent'?)"),
    (lambda d: d["regions"]["wuxi"]["aliases"].append("南京"), None, "claimed by two regions of the same parent"),
    (lambda d: d["aggregates"]["any"].append("江苏"), "aggregates.any", "also a region alias"),
])
def test_registry_mistakes_are_located_errors(tmp_path, edit, key, message):
    with pytest.raises(DataValidationError) as info:
        load_registry(regions=_registry_file(tmp_path, edit))
    hits = [p for p in info.value.report.errors if message in p.message and (key is None or p.key == key)]
    assert hits, info.value.report.format()


def test_the_same_alias_under_two_parents_is_allowed_and_resolved_by_scope():
    assert REG.resolve_region("Taizhou").candidates == ("taizhou", "taizhou_zj")


# --------------------------------------------------------------------------------- another province's total row
def test_a_workbook_total_row_is_an_error_without_a_scope_and_its_scope_with_one(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(paths.RAW, raw)
    (raw / "official").mkdir()
    path = raw / "official" / "henan.xlsx"
    tidy_workbook([["gdp", "全    省", 2022, 61345.05, "亿元", "official", "河南统计年鉴2023", "2023", ""]]).save(path)
    write_sidecar(path, title="t", producer="p", obtained_from="x", obtained_on="2026-12-01", notes="-")
    report = Report()
    h = read_all_vintages(raw, report=report)
    (err,) = report.errors
    assert err.cell == "B2" and "total-row label" in err.message and "scope" in err.expected
    assert "jiangsu" not in set(h["region"])
    side = path.with_name(path.name + ".provenance.yaml")
    side.write_text(side.read_text(encoding="utf-8") + "scope: henan\n", encoding="utf-8")
    report = Report()
    h = read_all_vintages(raw, report=report)
    assert report.ok, report.format()
    assert set(h.loc[h.source_file.str.endswith("henan.xlsx"), "region"]) == {"henan"}
    # Jiangsu's growth in relative.csv is what it was
    before = relative.relative_summary("gdp", history=select(read_all_vintages(paths.RAW, report=Report())))
    after = relative.relative_summary("gdp", history=select(h))
    pd.testing.assert_frame_equal(before, after)


# --------------------------------------------------------------------------------- the sum of cities
def _history() -> pd.DataFrame:
    return select(read_all_vintages(paths.RAW, report=Report()))


def test_the_province_is_the_sum_of_its_13_cities_named_and_counted():
    s = relative.province_sum_of_cities(_history(), "gdp")
    assert set(s["n_cities"]) == {13} and set(s.attrs["cities"]) == set(JIANGSU_CITIES)
    h = _history()
    y2019 = h[(h.indicator == "gdp") & (h.year == 2019) & h.region.isin(JIANGSU_CITIES)]["value"].sum()
    assert float(s.set_index("year").loc[2019, "value"]) == pytest.approx(y2019)
    g = relative.relative_growth("gdp", history=h)
    measure = g.loc[g.region == "jiangsu", "measure"].iloc[0]
    assert measure.startswith("gdp (sum of 13 cities: yancheng, nanjing, wuxi")


def test_other_provinces_cities_do_not_enter_jiangsus_sum():
    h = _history()
    extra = pd.DataFrame({"indicator": "gdp", "region": list(REG.members("henan")), "year": 2019, "value": 3000.0,
                          "status": "official"})
    both = pd.concat([h, extra], ignore_index=True)
    a = relative.province_sum_of_cities(h, "gdp").set_index("year")["value"]
    b = relative.province_sum_of_cities(both, "gdp").set_index("year")["value"]
    pd.testing.assert_series_equal(a, b)
    assert float(b.loc[2019]) < 100_000  # 98656.82, not 170107 with 29 cities


def test_a_registered_city_without_data_refuses_the_sum_and_says_so(tmp_path):
    def add_city(d):
        d["regions"]["newcity"] = {"name_zh": "新市", "name_en": "New City", "type": "city", "parent": "jiangsu",
                                   "aliases": ["新市"]}
    reg = load_registry(regions=_registry_file(tmp_path, add_city))
    h = _history()
    s = relative.province_sum_of_cities(h, "gdp", registry=reg)
    assert s.empty
    assert all(m == ["newcity"] for y, m in s.attrs["refused"].items() if len(m) == 1)
    assert 2019 in s.attrs["refused"]


def test_the_relative_table_says_why_the_province_is_missing(monkeypatch, tmp_path):
    def add_city(d):
        d["regions"]["newcity"] = {"name_zh": "新市", "name_en": "New City", "type": "city", "parent": "jiangsu",
                                   "aliases": ["新市"]}
    reg = load_registry(regions=_registry_file(tmp_path, add_city))
    import kpi.inputs.registry as registry_module

    monkeypatch.setattr(registry_module, "load_registry", lambda *a, **k: reg)
    out = relative.relative_summary("gdp", history=_history())
    note = out.loc[out.region == "jiangsu", "note"].iloc[0]
    assert "sum of 14 cities" in note and "missing newcity" in note


def test_a_year_with_a_city_missing_is_refused_not_summed_over_fewer():
    h = _history()
    h = h[~((h.indicator == "gdp") & (h.region == "suqian") & (h.year == 2019))]
    s = relative.province_sum_of_cities(h, "gdp")
    assert 2019 not in set(s["year"]) and s.attrs["refused"][2019] == ["suqian"]
    g = relative.relative_growth("gdp", history=h)
    assert "2019 (missing suqian)" in g.loc[g.region == "jiangsu", "measure"].iloc[0]


def test_the_chart_says_the_province_is_not_shown_and_why(monkeypatch, tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    from kpi.present import charts

    def add_city(d):
        d["regions"]["newcity"] = {"name_zh": "新市", "name_en": "New City", "type": "city", "parent": "jiangsu",
                                   "aliases": ["新市"]}
    reg = load_registry(regions=_registry_file(tmp_path, add_city))
    import kpi.inputs.registry as registry_module

    monkeypatch.setattr(registry_module, "load_registry", lambda *a, **k: reg)
    g = relative.relative_growth("gdp", history=_history())
    assert "jiangsu" not in set(g["region"]) and "jiangsu" in g.attrs["why_none"]
    fig = charts.relative_chart(g, lang="en")
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert any(t.startswith("Jiangsu province not shown: its cities' data are incomplete") for t in texts), texts
