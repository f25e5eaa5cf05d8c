"""Other provinces' yearbook tables load through a spec alone, in every layout provincial yearbooks use.

The specs are the worked examples of the README ("A new yearbook table"), read from it; the workbooks are
generated in the shapes of the real tables (tests/yearbook_layouts.py), the .xls written with xlwt in GBK.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from kpi.core import paths
from kpi.core.errors import DataValidationError, Report
from kpi.inputs import yearbook
from kpi.inputs.registry import load_registry
from kpi.inputs.workbook import read_workbook
from tests import yearbook_layouts as L

README = (paths.ROOT / "README.md").read_text(encoding="utf-8")
SPECS = dict(re.findall(r"<!-- spec: (\w+) -->\n```yaml\n(.*?)```", README, flags=re.S))
REG = load_registry()


def table(tmp_path: Path, name: str, spec_text: str | None = None) -> Path:
    folder = tmp_path / "yearbooks" / name
    folder.mkdir(parents=True)
    (folder / "spec.yaml").write_text(spec_text if spec_text is not None else SPECS[name], encoding="utf-8")
    return folder


def load(folder: Path) -> tuple[pd.DataFrame, Report]:
    report = Report()
    return yearbook.load_yearbooks(folder.parent, report=report), report


def value(h: pd.DataFrame, ind: str, region: str, year: int) -> float:
    sel = h[(h.indicator == ind) & (h.region == region) & (h.year == year)]
    assert len(sel) == 1, (ind, region, year, sel)
    return float(sel["value"].iloc[0])


def test_the_readme_has_a_worked_example_per_layout_and_each_is_a_valid_spec(tmp_path):
    assert set(SPECS) == set(L.PROVINCES)
    for name, text in SPECS.items():
        spec = yearbook.load_spec(table(tmp_path, name) / "spec.yaml")
        assert spec.scope == name and spec.vintage == "data_year"


@pytest.mark.parametrize("province, build, year", [
    ("henan", L.henan, 2017), ("hubei", L.hubei, 2019), ("zhejiang", L.zhejiang, 2012),
    ("shandong", L.shandong, 2017), ("sichuan", L.sichuan, 2019)])
def test_each_layout_loads_every_city_and_its_own_total(tmp_path, province, build, year):
    folder = table(tmp_path, province)
    path = build(folder, year)
    h, report = load(folder)
    assert report.ok, report.format()
    figs = L.numbers(province, year)
    cities = REG.members(province, year=year)
    got = set(h["region"])
    assert got == {province, *cities}, got ^ {province, *cities}
    assert set(h["year"]) == {year} and set(h["vintage"]) == {str(year)}
    for rid in cities:
        assert value(h, "gdp", rid, year) == pytest.approx(figs[rid]["gdp"], abs=1e-6)
        assert value(h, "va_services", rid, year) == pytest.approx(figs[rid]["va_services"], abs=1e-6)
    total = value(h, "gdp", province, year)  # the table's own total row: this province and no other
    assert total == pytest.approx(sum(f["gdp"] for f in figs.values()), abs=0.01)
    assert "jiangsu" not in got
    assert all(h["source_file"].str.endswith(path.name))
    assert not any(p.severity == "warning" for p in report.problems)


def test_henan_editions_with_the_table_number_and_label_column_moving(tmp_path):
    folder = table(tmp_path, "henan")
    L.henan(folder, 2017)  # '2-9  各市生产总值(2017).xls'
    L.henan(folder, 2012, serial_column=True, xls=False, table="3-10")  # '3-10  各市生产总值(2012).xlsx'
    h, report = load(folder)
    assert report.ok, report.format()
    assert sorted(set(h["vintage"])) == ["2012", "2017"]
    assert set(h.loc[h.year == 2012, "source"]) == {"河南统计年鉴 表3-10 各市生产总值(2012)"}
    assert set(h.loc[h.year == 2017, "source"]) == {"河南统计年鉴 表2-9 各市生产总值(2017)"}
    assert value(h, "gdp", "zhengzhou", 2012) == L.numbers("henan", 2012)["zhengzhou"]["gdp"]
    assert value(h, "gdp_per_capita", "jiyuan", 2017) == L.numbers("henan", 2017)["jiyuan"]["gdp_per_capita"]
    # without the 2012 override, the serial numbers column would be where names are expected: refused, located
    plain = SPECS["henan"].split("editions:")[0]
    folder2 = table(tmp_path / "b", "henan", plain)
    L.henan(folder2, 2012, serial_column=True, xls=False, table="3-10")
    _, report = load(folder2)
    assert not report.ok
    assert any(p.sheet == "Sheet1" for p in report.errors)


def test_zhejiang_growth_indices_are_skipped_and_wan_yuan_converted_with_the_conversion_noted(tmp_path):
    folder = table(tmp_path, "zhejiang")
    L.zhejiang(folder, 2012)
    h, report = load(folder)
    assert report.ok, report.format()
    assert set(h["indicator"]) == {"gdp", "va_primary", "va_secondary", "va_services"}  # not 财政总收入, no index
    figs = L.numbers("zhejiang", 2012)
    assert value(h, "gdp", "hangzhou", 2012) == pytest.approx(round(figs["hangzhou"]["gdp"] * 1e4) / 1e4)
    assert set(h["unit"]) == {"亿元"}
    note = h.loc[(h.region == "hangzhou") & (h.indicator == "gdp"), "note"].iloc[0]
    assert note.startswith("converted from 万元 to 亿元 (×0.0001): published ")
    assert not (h["value"].between(100, 200) & h["region"].eq("hangzhou") & h["indicator"].eq("gdp")).any()


def test_a_growth_index_naming_another_year_than_the_file_is_an_error(tmp_path):
    folder = table(tmp_path, "zhejiang")
    L.zhejiang(folder, 2012, index_year=2016)  # the table inside is 2016's, the name says 2012
    _, report = load(folder)
    errs = [p for p in report.errors if "growth-index column names 2016" in p.message]
    assert errs and errs[0].cell == "C3" and errs[0].expected == "2012年为2011年%"


def test_hubei_full_width_brackets_and_shandong_he_ji(tmp_path):
    hb = table(tmp_path, "hubei")
    L.hubei(hb, 2019)
    assert yearbook.load_spec(hb / "spec.yaml").match("0115-市、州生产总值（2019）.xls") == {"table": "0115",
                                                                                         "year": "2019"}
    sd = table(tmp_path, "shandong")
    L.shandong(sd, 2017)
    h, report = load(hb)
    assert report.ok, report.format()
    assert {"enshi", "shennongjia", "xiantao", "hubei"} <= set(h["region"])
    total = h[(h.region == "shandong") & (h.indicator == "gdp")]
    assert len(total) == 1 and total["location"].iloc[0] == "Sheet1!C5"  # the row '合计'
    assert "laiwu" in set(h["region"])  # 莱芜 was a city in 2017


def test_sichuan_year_only_in_the_title_editions_in_sub_folders(tmp_path):
    folder = table(tmp_path, "sichuan")
    for year in (2019, 2020):
        (folder / str(year)).mkdir()
        L.sichuan(folder / str(year), year)
    h, report = load(folder)
    assert report.ok, report.format()
    assert sorted(set(h["year"])) == [2019, 2020] and sorted(set(h["vintage"])) == ["2019", "2020"]
    assert value(h, "gdp", "aba", 2020) == L.numbers("sichuan", 2020)["aba"]["gdp"]


@pytest.mark.parametrize("title, message", [
    ("各市(州)地区生产总值", "data year not found in the title"),
    ("2019年、2020年各市(州)地区生产总值", "several years in the title"),
])
def test_a_title_without_one_year_is_an_error(tmp_path, title, message):
    folder = table(tmp_path, "sichuan")
    L.sichuan(folder, 2019, title=title)
    h, report = load(folder)
    assert h.empty and any(message in p.message for p in report.errors), report.format()


def test_two_files_for_one_vintage_are_an_error(tmp_path):
    folder = table(tmp_path, "sichuan")
    for sub in ("a", "b"):
        (folder / sub).mkdir()
        L.sichuan(folder / sub, 2019)
    h, report = load(folder)
    (err,) = report.errors
    assert "a second file for vintage 2019" in err.message and err.file.endswith("b/各市(州)地区生产总值.xlsx")
    assert len(h) == len(L.cities("sichuan", 2019)) * 4 + 4  # the first file only


def test_every_total_row_resolves_to_its_own_province_and_jiangsu_is_unchanged(tmp_path):
    root = tmp_path / "yearbooks"
    shutil.copytree(paths.YEARBOOK_DIR / "jiangsu-2-12", root / "jiangsu-2-12")
    for name, build, year in (("henan", L.henan, 2017), ("hubei", L.hubei, 2019), ("zhejiang", L.zhejiang, 2012),
                              ("shandong", L.shandong, 2017), ("sichuan", L.sichuan, 2019)):
        build(table(tmp_path, name), year)
    report = Report()
    h = yearbook.load_yearbooks(root, report=report)
    assert report.ok, report.format()
    ours = yearbook.load_yearbooks(paths.YEARBOOK_DIR, report=Report())
    for p in L.PROVINCES:
        assert len(h[(h.region == p) & (h.indicator == "gdp")]) == 1
    js = h[h.source_file.str.contains("jiangsu-2-12")].reset_index(drop=True)
    pd.testing.assert_frame_equal(js.drop(columns="source_file"), ours.drop(columns="source_file"))
    assert "jiangsu" not in set(h["region"])  # table 2-12 has no province row, and no other table's total is it


def test_a_total_row_without_a_scope_is_refused_not_read_as_jiangsu(tmp_path):
    spec = SPECS["henan"].replace("scope: henan                # its total row '全    省' is Henan\n", "")
    assert "scope:" not in spec
    folder = table(tmp_path, "henan", spec.replace("required: [henan, zhengzhou, luoyang]",
                                                   "required: [zhengzhou, luoyang]"))
    L.henan(folder, 2017)
    h, report = load(folder)
    (err,) = report.errors
    assert err.value == "全    省" and err.cell == "A4" and "total-row label" in err.message
    assert "scope" in err.expected
    assert not {"jiangsu", "henan"} & set(h["region"])


def test_a_name_two_provinces_share_is_resolved_by_the_scope_else_an_error_naming_both(tmp_path):
    reg = load_registry()
    assert reg.resolve_region("Taizhou", scope="zhejiang").region == "taizhou_zj"
    assert reg.resolve_region("Taizhou", scope="jiangsu").region == "taizhou"
    m = reg.resolve_region("Taizhou")
    message, _ = reg.explain(m, "Taizhou")
    assert m.problem == "ambiguous" and "taizhou (泰州市" in message and "taizhou_zj (台州市" in message


# ------------------------------------------------------------------------------------------------ GBK .xls
def test_an_xls_written_with_xlwt_in_gbk_reads_with_correct_chinese(tmp_path):
    folder = table(tmp_path, "henan")
    path = L.henan(folder, 2017)
    grid = read_workbook(path).sheets["Sheet1"]
    assert grid.value(2, 0) == "地  区" and grid.value(3, 0) == "全    省" and grid.value(4, 0) == "郑州"
    h, report = load(folder)
    assert report.ok and "zhengzhou" in set(h["region"])


def test_chinese_read_in_the_wrong_code_page_is_named_and_encoding_gbk_repairs_it(tmp_path):
    folder = table(tmp_path, "henan")
    L.henan(folder, 2017, mojibake=True)  # what a reader without the code page sees: GBK bytes as Latin-1
    h, report = load(folder)
    assert h.empty or "zhengzhou" not in set(h["region"])
    assert any("look like Chinese read in the wrong code page" in p.message and "encoding: gbk" in p.expected
               for p in report.errors), report.format()
    (folder / "spec.yaml").write_text(SPECS["henan"] + "encoding: gbk\n", encoding="utf-8")
    h, report = load(folder)
    assert report.ok, report.format()
    assert "zhengzhou" in set(h["region"]) and "henan" in set(h["region"])
    assert any(p.category == "text in an old code page" for p in report.repairs)


# ------------------------------------------------------------------------------------------------ sheets
def test_a_hidden_sheet_with_rows_of_the_table_is_an_error_an_empty_one_is_not(tmp_path):
    folder = table(tmp_path, "shandong")
    L.shandong(folder, 2017, hidden_rows=True)
    _, report = load(folder)
    (err,) = report.errors
    assert err.sheet == "old" and "hidden sheet 'old' looks like data" in err.message
    assert not any(p.sheet == "Sheet2" for p in report.problems)  # Excel's empty default sheet
    (folder / "spec.yaml").write_text(SPECS["shandong"] + "ignore_sheets: [old]\n", encoding="utf-8")
    _, report = load(folder)
    assert report.ok


# ------------------------------------------------------------------------------------------------ spec errors
@pytest.mark.parametrize("edit, key, message, line", [
    (("required: [henan", "requried: [henan"), "regions.requried", "unknown key 'requried' (did you mean 'required'?)",
     21),
    (("vintage: data_year          # the name gives the data year, not the edition\n", ""), "vintage",
     "missing key 'vintage'", None),
    (("year_from: file_name", "year_from: filename"), "year_from", "unknown value (did you mean 'file_name'?)", 6),
    (("unit: 元}", "unit: 美元}"), "indicators[4].unit", "unit of another dimension", 19),
    (("unit: 元}", "unit: 块}"), "indicators[4].unit", "undeclared unit", 19),
    (("scope: henan ", "scope: honan "), "scope", "scope is not a region id (did you mean 'henan'?)", 7),
    (("{table} 各市", "{tabel} 各市"), "source", "unknown placeholder {tabel} (did you mean 'table'?)", 8),
    (("year_row_offset: 0 ", "year_row_offset: -1 "), "header.year_row_offset", "value out of range", 13),
    (("region_column: B,", "region_column: 2,"), "editions.2012.header.region_column", "malformed value", 24),
])
def test_spec_problems_name_the_line_key_value_and_what_was_expected(tmp_path, edit, key, message, line):
    old, new = edit
    assert old in SPECS["henan"]
    folder = table(tmp_path, "henan", SPECS["henan"].replace(old, new, 1))
    with pytest.raises(DataValidationError) as info:
        yearbook.load_spec(folder / "spec.yaml")
    hits = [p for p in info.value.report.errors if p.key == key and message in p.message]
    assert hits, info.value.report.format()
    if line is not None:
        assert hits[0].row == line
    assert hits[0].expected


def test_a_stated_unit_other_than_the_specs_is_an_error(tmp_path):
    spec = SPECS["zhejiang"].replace("{id: gdp, header: [生产总值], unit: 万元}", "{id: gdp, header: [生产总值], unit: 亿元}")
    folder = table(tmp_path, "zhejiang", spec)
    L.zhejiang(folder, 2012)
    h, report = load(folder)
    errs = [p for p in report.errors if "states its 'gdp' numbers in 万元, the spec in 亿元" in p.message]
    assert errs and errs[0].cell == "B3"


def test_an_unrecognised_column_label_is_an_error_not_silently_skipped(tmp_path):
    spec = SPECS["zhejiang"].replace(", '财政总收入'", "")
    folder = table(tmp_path, "zhejiang", spec)
    L.zhejiang(folder, 2012)
    _, report = load(folder)
    (err,) = report.errors
    assert "column label not recognised" in err.message and err.value == "财政总收入(万元)" and err.cell == "J3"


# ------------------------------------------------------------------------------------------------ variants
def test_a_two_row_header_with_value_and_growth_sub_columns(tmp_path):
    """'地区生产总值' over two columns: '绝对数(亿元)' and '比上年增长(%)' (the second skipped, the first read)."""
    from kpi.inputs.workbook import Sheet

    spec_text = SPECS["hubei"].replace("year_row_offset: 0}", "year_row_offset: 1}") + "skip_columns: ['增长']\n"
    spec = yearbook.load_spec(table(tmp_path, "hubei", spec_text) / "spec.yaml")
    grid = [["市、州生产总值（2019年）"], ["市  州", "地区生产总值", None, "第一产业", None],
            [None, "绝对数(亿元)", "比上年增长(%)", "绝对数", "比上年增长(%)"],
            ["武汉市", 16223.21, 7.4, 378.95, 3.0], ["全省", 45828.31, 7.5, 3809.09, 3.2]]
    report = Report()
    df = yearbook.parse_sheet(Sheet("Sheet1", grid), spec.for_key("2019"), file=tmp_path / "x.xls", edition="2019",
                              report=report, data_year=2019)
    got = {(r.indicator, r.region): r.value for r in df.itertuples()}
    assert got == {("gdp", "wuhan"): 16223.21, ("va_primary", "wuhan"): 378.95, ("gdp", "hubei"): 45828.31,
                   ("va_primary", "hubei"): 3809.09}
    assert [p.message for p in report.errors] == [
        "no block or column for indicator 'va_secondary'", "no block or column for indicator 'va_services'",
        "block 'gdp, va_primary' (header B2) lacks required region(s): enshi, shennongjia"]  # a cut-down table
    grid[2][1] = "绝对数(万元)"  # a stated unit other than the spec's
    report = Report()
    yearbook.parse_sheet(Sheet("Sheet1", grid), spec.for_key("2019"), file=tmp_path / "x.xls", edition="2019",
                         report=report, data_year=2019)
    assert any("states its 'gdp' numbers in 万元" in p.message and p.cell == "B3" for p in report.errors)


def test_footnote_marks_after_names_are_removed_and_reported(tmp_path):
    from kpi.inputs.workbook import Sheet

    spec = yearbook.load_spec(table(tmp_path, "henan") / "spec.yaml")
    grid = [["地  区", "生产总值", "第一产业", "第二产业", "第三产业", "人均生产总值(元)"],
            ["济源*", 700.1, 30.2, 450.0, 219.9, 95000], ["郑州市①", 9130.2, 150.1, 4000.0, 4980.1, 92000]]
    report = Report()
    df = yearbook.parse_sheet(Sheet("Sheet1", grid), spec.for_key("2017"), file=tmp_path / "x.xls", edition="2017",
                              report=report, data_year=2017)
    assert set(df["region"]) == {"jiyuan", "zhengzhou"}
    marks = [p for p in report.repairs if p.category == "footnote marks in names"]
    assert [(p.cell, p.value, p.expected) for p in marks] == [("A2", "济源*", "济源"), ("A3", "郑州市①", "郑州市")]
