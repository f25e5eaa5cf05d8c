"""Yearbook table 2-12 (江苏统计年鉴, six editions) read through data/raw/yearbooks/jiangsu-2-12/spec.yaml."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpi.core import paths
from kpi.inputs import yearbook
from kpi.core.errors import KpiInputError, Report
from kpi.inputs.provenance import write_sidecar
from kpi.inputs.schema import HISTORY_COLUMNS
from kpi.inputs.workbook import Sheet, Workbook, read_workbook

FOLDER = paths.YEARBOOK_DIR / "jiangsu-2-12"
SPEC = FOLDER / "spec.yaml"
EDITIONS = [str(y) for y in range(2018, 2024)]
CITIES = ["nanjing", "wuxi", "xuzhou", "changzhou", "suzhou", "nantong", "lianyungang", "huaian", "yancheng",
          "yangzhou", "zhenjiang", "taizhou", "suqian"]
SUBREGIONS = {"sunan": ["nanjing", "wuxi", "changzhou", "suzhou", "zhenjiang"],
              "suzhong": ["nantong", "yangzhou", "taizhou"],
              "subei": ["xuzhou", "lianyungang", "huaian", "yancheng", "suqian"]}
INDICATORS = ["gdp", "va_primary", "va_secondary", "va_services", "va_industry", "gdp_per_capita"]
# Figures are published with two decimals and each total is rounded on its own: sums of rounded parts
# differ from the rounded total by at most a few hundredths of 亿元 (measured maximum 0.02).
TOLERANCE = 0.03


def edition_file(edition: str) -> Path:
    return FOLDER / f"jiangsu-yearbook-{edition}-table-2-12.xlsx"


@pytest.fixture(scope="module")
def loaded() -> tuple[pd.DataFrame, Report]:
    report = Report()
    return yearbook.load_yearbooks(paths.YEARBOOK_DIR, report=report), report


@pytest.fixture(scope="module")
def spec() -> yearbook.TableSpec:
    return yearbook.load_spec(SPEC)


def value(h: pd.DataFrame, indicator: str, region: str, year: int, vintage: str) -> float:
    sel = h[(h.indicator == indicator) & (h.region == region) & (h.year == year) & (h.vintage == vintage)]
    assert len(sel) == 1, (indicator, region, year, vintage, len(sel))
    return float(sel["value"].iloc[0])


# ------------------------------------------------------------------------------------------ shipped editions
def test_shipped_editions_load_cleanly(loaded):
    h, report = loaded
    assert report.ok, report.format()
    assert list(h.columns) == HISTORY_COLUMNS
    assert sorted(h["vintage"].unique()) == EDITIONS
    assert set(h["indicator"]) == set(INDICATORS)
    assert set(h["status"]) == {"official"}
    assert set(h.loc[h.indicator == "gdp_per_capita", "unit"]) == {"元"}
    assert set(h.loc[h.indicator != "gdp_per_capita", "unit"]) == {"亿元"}
    assert not h.duplicated(["indicator", "region", "year", "vintage"]).any()
    # seven data years x 16 regions x 6 blocks in every edition
    assert h.groupby("vintage").size().tolist() == [672] * 6
    # every file has its provenance and every row says where it came from
    assert all(h["source_file"].str.startswith("data/raw/yearbooks/jiangsu-2-12/"))
    assert all(h["location"].str.match(r"^Sheet1![A-Z]+\d+$"))


def test_every_edition_has_the_13_cities_and_3_subregions(loaded):
    h, _ = loaded
    # Table 2-12 has no province total row in any edition; its three subregions add up to the province.
    for ed in EDITIONS:
        for ind in INDICATORS:
            got = set(h[(h.vintage == ed) & (h.indicator == ind)]["region"])
            assert got == set(CITIES) | set(SUBREGIONS), (ed, ind)


def test_known_values_and_census_revision(loaded):
    h, _ = loaded
    assert value(h, "gdp", "yancheng", 2017, "2018") == 5082.69
    assert value(h, "gdp", "yancheng", 2017, "2019") == 5082.69
    for ed in ("2020", "2021", "2022", "2023"):  # fourth economic census revision
        assert value(h, "gdp", "yancheng", 2017, ed) == 4990.12
    assert value(h, "gdp", "yancheng", 2022, "2023") == 7079.78
    assert value(h, "gdp_per_capita", "nanjing", 2022, "2023") == 178781
    row = h[(h.indicator == "gdp") & (h.region == "yancheng") & (h.year == 2017) & (h.vintage == "2020")].iloc[0]
    assert row["source"] == "江苏统计年鉴2020 表2-12"
    assert row["location"] == "Sheet1!G16"


def test_vintages_differ_where_the_census_revision_happened(loaded):
    h, _ = loaded
    g = h[(h.indicator == "gdp") & (h.year == 2017)].pivot(index="region", columns="vintage", values="value")
    changed = g.index[(g["2019"] - g["2020"]).abs() > 0.005].tolist()
    assert "yancheng" in changed and len(changed) >= 10
    assert ((g["2020"] - g["2023"]).abs() < 0.005).all()  # no revision of 2017 after 2020


def test_stray_spaces_repaired_and_reported_with_their_cell(loaded):
    h, report = loaded
    assert value(h, "gdp", "nanjing", 2015, "2019") == 9861.56
    assert value(h, "gdp", "xuzhou", 2010, "2019") == 2971.19
    rep = [p for p in report.repairs if p.value == "986 1. 56"]
    assert len(rep) == 1
    assert rep[0].file.endswith("jiangsu-yearbook-2019-table-2-12.xlsx")
    assert (rep[0].sheet, rep[0].cell, rep[0].expected) == ("Sheet1", "F8", "9861.56")
    row = h[(h.indicator == "gdp") & (h.region == "nanjing") & (h.year == 2015) & (h.vintage == "2019")].iloc[0]
    assert "stray spaces" in row["note"]
    # names with spaces and the _x000D_ escape are repairs too, never silent
    assert any(p.value == "  南 京" and p.cell == "A8" for p in report.repairs)
    assert any("_x000D_" in str(p.value) and p.cell == "C5" for p in report.repairs)


def test_cities_add_up_to_subregions(loaded):
    h, _ = loaded
    for ind in ["gdp", "va_primary", "va_secondary", "va_industry", "va_services"]:
        p = h[h.indicator == ind].pivot_table(index=["vintage", "year"], columns="region", values="value")
        for sub, members in SUBREGIONS.items():
            diff = (p[members].sum(axis=1) - p[sub]).abs()
            if ind == "va_services" and sub == "suzhong":
                # 2019 edition prints 镇江's tertiary row again for 泰州 (a publication error, warned about)
                bad = diff[diff > TOLERANCE]
                assert set(bad.index.get_level_values("vintage")) == {"2019"}
                diff = diff.drop("2019", level="vintage")
            assert diff.max() <= TOLERANCE, (ind, sub, diff.idxmax(), diff.max())
        total = p[CITIES].sum(axis=1) - p[list(SUBREGIONS)].sum(axis=1)
        if ind != "va_services":
            assert total.abs().max() <= TOLERANCE


def test_sectors_add_up_to_gdp(loaded):
    h, report = loaded
    p = h.pivot_table(index=["vintage", "region", "year"], columns="indicator", values="value")
    diff = (p["va_primary"] + p["va_secondary"] + p["va_services"] - p["gdp"]).abs()
    bad = diff[diff > TOLERANCE]
    assert set(bad.index.droplevel("year")) == {("2019", "taizhou")}
    (warn,) = [p for p in report.warnings if "repeats the numbers" in p.message]
    assert warn.file.endswith("2019-table-2-12.xlsx") and warn.row == 97 and "zhenjiang" in warn.message


# ------------------------------------------------------------------------------------------ broken copies
def broken_copy(tmp_path: Path, edit, *, edition: str = "2020") -> Path:
    src = edition_file(edition)
    wb = openpyxl.load_workbook(src)
    ws = wb.worksheets[0]
    edit(ws)
    out = tmp_path / src.name
    wb.save(out)
    return out


def load(path: Path, spec) -> tuple[pd.DataFrame, Report]:
    report = Report()
    return yearbook.load_yearbook(path, spec, report=report), report


def test_header_row_removed_is_a_located_error(tmp_path, spec):
    def edit(ws):
        for rng in list(ws.merged_cells.ranges):
            ws.unmerge_cells(str(rng))
        ws.delete_rows(5)

    df, report = load(broken_copy(tmp_path, edit), spec)
    (err,) = report.errors
    assert "no block or column for indicator 'gdp'" in err.message and err.file.endswith("2020-table-2-12.xlsx")
    assert err.sheet == "Sheet1" and "地区生产总值" in err.expected
    assert "gdp" not in set(df["indicator"]) and len(df) == 5 * 112


def test_text_in_a_number_cell_is_a_located_error(tmp_path, spec):
    df, report = load(broken_copy(tmp_path, lambda ws: ws.__setitem__("H16", "约500")), spec)
    (err,) = report.errors
    assert (err.sheet, err.cell, err.value) == ("Sheet1", "H16", "约500")
    assert "number" in err.expected
    assert df[(df.indicator == "gdp") & (df.region == "yancheng") & (df.year == 2018)].empty
    assert len(df) == 672 - 1


def test_duplicated_city_row_with_another_value_is_an_error(tmp_path, spec):
    def edit(ws):
        for col in range(1, 10):
            ws.cell(25, col).value = ws.cell(16, col).value
        ws["G25"] = "4999.99"  # 2017 differs from G16 (4990.12)

    df, report = load(broken_copy(tmp_path, edit), spec)
    (err,) = report.errors
    assert err.cell == "G25" and err.value == "4999.99" and "G16" in err.message
    assert df[(df.indicator == "gdp") & (df.region == "yancheng") & (df.year == 2017)].empty  # neither is kept
    assert any("repeated with the same value" in p.message for p in report.warnings)


def test_emptied_sheet_is_a_clear_structure_error(tmp_path, spec):
    def edit(ws):
        ws.delete_rows(1, ws.max_row)

    df, report = load(broken_copy(tmp_path, edit), spec)
    assert df.empty
    (err,) = report.errors
    assert "no header row" in err.message and err.sheet == "Sheet1" and "地区" in err.expected


def test_missing_sheet_named_by_the_spec(tmp_path, spec):
    named = dataclasses.replace(spec, sheet="表2-12")
    df, report = load(edition_file("2021"), named)
    assert df.empty
    (err,) = report.errors
    assert "'表2-12' not found" in err.message and err.value == "Sheet1"


def test_unknown_region_is_an_error_or_a_warning_as_the_spec_says(tmp_path, spec):
    path = broken_copy(tmp_path, lambda ws: ws.__setitem__("A25", "火星") or ws.__setitem__("C25", "1.5"))
    _, report = load(path, spec)  # the shipped spec says 'unknown: error'
    assert [p.cell for p in report.errors] == ["A25"]
    assert "unknown region (not in the region registry" in report.errors[0].message
    _, report = load(path, dataclasses.replace(spec, unknown_region="warning"))
    assert report.ok and any(p.value == "火星" and p.cell == "A25" for p in report.warnings)


def test_file_name_outside_the_pattern_is_an_error(tmp_path, spec):
    other = tmp_path / "table.xlsx"
    shutil.copy(edition_file("2023"), other)
    df, report = load(other, spec)
    assert df.empty and "file pattern" in report.errors[0].message


def test_validate_file_checks_provenance_and_content(tmp_path):
    folder = tmp_path / "jiangsu-2-12"
    folder.mkdir()
    shutil.copy(SPEC, folder / "spec.yaml")
    path = broken_copy(folder, lambda ws: ws.__setitem__("D8", "n/a?"))
    report = Report()
    yearbook.validate_yearbook_file(path, report=report)
    messages = [p.message for p in report.errors]
    assert any("provenance" in m for m in messages)
    assert any(p.cell == "D8" for p in report.errors)
    write_sidecar(path, title="t", producer="p", obtained_from="test", obtained_on="today", notes="broken copy")
    report = Report()
    yearbook.validate_yearbook_file(path, report=report)
    assert [p.cell for p in report.errors] == ["D8"]


def test_load_yearbooks_raises_without_a_report(tmp_path):
    folder = tmp_path / "jiangsu-2-12"
    folder.mkdir()
    shutil.copy(SPEC, folder / "spec.yaml")
    broken_copy(folder, lambda ws: ws.__setitem__("D8", "约500"))
    with pytest.raises(KpiInputError) as info:
        yearbook.load_yearbooks(tmp_path)
    assert "D8" in str(info.value)
    assert yearbook.load_yearbooks(tmp_path / "none", report=Report()).empty


def test_broken_spec_names_the_key(tmp_path):
    bad = tmp_path / "spec.yaml"
    bad.write_text(SPEC.read_text(encoding="utf-8").replace("id: va_industry", "id: va_unknown"), encoding="utf-8")
    with pytest.raises(KpiInputError) as info:
        yearbook.load_spec(bad)
    assert any(p.key == "indicators[4].id" for p in info.value.report.errors)


# ------------------------------------------------------------------------------------------ .xls
def _as_xls_grid(sheet: Sheet) -> Sheet:
    """What xlrd hands over for the same table: numbers and years as floats (2017.0)."""
    def conv(v):
        if isinstance(v, str):
            try:
                return float(v)
            except ValueError:
                return v
        return v
    return Sheet(sheet.name, [[conv(v) for v in row] for row in sheet.cells], sheet.merged)


def test_xls_code_path_with_float_cells(tmp_path, spec, monkeypatch):
    # No .xls writer (xlwt/LibreOffice) is available here: read_workbook is replaced by a stand-in that
    # returns the grid xlrd would produce. read_workbook's own xlrd branch is the one the loader then uses.
    src = edition_file("2020")
    real = read_workbook(src)
    fake = Workbook(tmp_path / "jiangsu-yearbook-2020-table-2-12.xls", "xls",
                    {n: _as_xls_grid(s) for n, s in real.sheets.items()})
    monkeypatch.setattr(yearbook, "read_workbook", lambda path, report=None, encoding=None: fake)
    df, report = load(fake.path, spec)
    assert report.ok
    assert not [p for p in report.repairs if "year" in p.message]  # a year stored as 2017.0 is a number
    ref, _ = load(src, spec)
    key = ["indicator", "region", "year"]
    pd.testing.assert_series_equal(df.sort_values(key)["value"].reset_index(drop=True),
                                   ref.sort_values(key)["value"].reset_index(drop=True))


def test_real_xls_if_a_writer_is_installed(tmp_path, spec):
    import xlwt  # the test extra installs it: never skipped
    real = read_workbook(edition_file("2021")).sheets["Sheet1"]
    book = xlwt.Workbook()
    ws = book.add_sheet("Sheet1")
    for r, row in enumerate(real.cells):
        for c, v in enumerate(row):
            if v is not None:
                ws.write(r, c, v)
    out = tmp_path / "jiangsu-yearbook-2021-table-2-12.xls"
    book.save(str(out))
    df, report = load(out, spec)
    assert report.ok and len(df) == 672


# ------------------------------------------------------------------------------------------ robustness
_GRID = read_workbook(edition_file("2019")).sheets["Sheet1"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(order=st.permutations(range(_GRID.n_rows)), start=st.integers(0, _GRID.n_rows),
       length=st.integers(0, _GRID.n_rows), shuffle=st.booleans())
def test_shuffled_or_truncated_rows_never_crash(order, start, length, shuffle):
    rows = [_GRID.cells[i] for i in order] if shuffle else list(_GRID.cells)
    sheet = Sheet("Sheet1", rows[start:start + length])
    report = Report()
    try:
        df = yearbook.parse_sheet(sheet, yearbook.load_spec(SPEC), file="fuzz-2019.xlsx", edition="2019",
                                  report=report)
    except KpiInputError:
        return
    assert list(df.columns) == HISTORY_COLUMNS
    assert not df.duplicated(["indicator", "region", "year"]).any()
    assert all(p.file for p in report.problems)
    if not report.errors and not shuffle and start == 0 and length >= _GRID.n_rows:
        assert len(df) == 672


def test_year_typed_as_text_with_decimals_is_a_repair(spec):
    grid = [["地 区\nRegion", None, "地区生产总值", None], [None, None, "2017.00", 2018.0],
            ["盐 城", "Yancheng", "4990.12", 5387.16]]
    report = Report()
    df = yearbook.parse_sheet(Sheet("Sheet1", grid), spec, file="x-2020.xlsx", edition="2020", report=report)
    assert df["year"].tolist() == [2017, 2018]
    assert [p.cell for p in report.repairs if "year" in p.message] == ["C2"]
