"""The hand-filled history workbook loader: every problem named with its location."""

import pytest

from kpi.core.errors import Report
from kpi.inputs.tidy import load_tidy_workbook
from tests.helpers import GOOD_ROWS, HEADER, write_tidy


def _load(tmp_path, rows=GOOD_ROWS, **kw):
    report = Report()
    frame = load_tidy_workbook(write_tidy(tmp_path / "w.xlsx", rows, **kw), report=report)
    return frame, report


def test_good_workbook_loads_in_canonical_units(tmp_path):
    frame, report = _load(tmp_path)
    assert report.ok and not report.repairs, report.format()
    assert len(frame) == len(GOOD_ROWS)
    gdp = frame[frame.indicator == "gdp"].set_index("year")["value"]
    assert gdp[2021] == 580.25
    assert set(frame["location"]) >= {"data!2", "data!6"}


def test_chinese_headers_and_names_are_accepted(tmp_path):
    header = ["指标", "地区", "年份", "数值", "单位", "状态", "来源", "版本", "备注"]
    rows = [["地区生产总值", "盐城经开区", "2021年", "５８０", "亿元", "正式", "年鉴", "2022", ""]]
    frame, report = _load(tmp_path, rows, header=header)
    assert report.ok, report.format()
    assert frame.iloc[0][["indicator", "region", "year", "value", "status"]].tolist() == \
        ["gdp", "zone", 2021, 580.0, "official"]
    assert len(report.repairs) == 2  # 2021年 and full-width digits, each reported


def _one_row(**changes):
    row = dict(zip(HEADER, GOOD_ROWS[0]))
    row.update(changes)
    return [[row[h] for h in HEADER]]


@pytest.mark.parametrize("changes, message, cell", [
    ({"value": "约500"}, "approximate or bounded value", "D2"),
    ({"value": "500亿"}, "unit or word in a number cell", "D2"),
    ({"indicator": "GDP growth rate"}, "unknown indicator", "A2"),
    ({"region": "Atlantis"}, "unknown region", "B2"),
    ({"unit": "万美元"}, "unit 万美元 does not fit indicator gdp", "E2"),
    ({"unit": "furlongs"}, "unknown unit", "E2"),
    ({"unit": None}, "missing unit", "E2"),
    ({"status": "maybe"}, "missing or unknown status", "F2"),
    ({"source": None}, "missing source", "G2"),
    ({"year": 2040}, "future year in history", "C2"),
    ({"year": "二〇二一"}, "not a year", "C2"),
    ({"indicator": "share_nonfossil_energy", "unit": "%", "value": 135}, "share outside 0–100", "D2"),
    ({"value": -5}, "negative value for gdp", "D2"),
    ({"note": "x" * 3000}, "text of 3,000 characters", "I2"),
])
def test_each_bad_cell_is_named(tmp_path, changes, message, cell):
    frame, report = _load(tmp_path, _one_row(**changes))
    assert not report.ok
    hits = [p for p in report.errors if message in str(p)]
    assert hits, report.format()
    assert hits[0].cell == cell and hits[0].sheet == "data" and hits[0].file.endswith("w.xlsx")


def test_all_problems_are_collected_not_just_the_first(tmp_path):
    rows = _one_row(value="约500") + _one_row(region="Atlantis", year=2020) + _one_row(unit="furlongs", year=2018)
    _, report = _load(tmp_path, rows)
    assert {p.cell for p in report.errors} == {"D2", "B3", "E4"}


def test_same_dimension_unit_is_converted_and_reported(tmp_path):
    frame, report = _load(tmp_path, _one_row(unit="万元", value=5_005_000))
    assert report.ok
    assert frame.iloc[0]["value"] == pytest.approx(500.5)
    assert "converted 万元 to 亿元" in str(report.repairs[0])


def test_values_in_mixed_units_are_refused(tmp_path):
    from kpi.inputs import plausibility

    rows = [list(r) for r in GOOD_ROWS[:3]]
    rows[2][3] = 5_802_500  # 万元 typed into a 亿元 series
    frame, report = _load(tmp_path, rows)
    kept = plausibility.check(frame, report=report)
    assert any("×10⁴ slip (万元 typed as 亿元?)" in p.message and p.row == 4 for p in report.errors), report.format()
    assert 2021 not in set(kept["year"]) and len(kept) == 2


def test_conflicting_duplicates_are_errors_and_identical_ones_warnings(tmp_path):
    dup = [GOOD_ROWS[0], GOOD_ROWS[0], GOOD_ROWS[1], [*GOOD_ROWS[1][:3], 999.0, *GOOD_ROWS[1][4:]]]
    frame, report = _load(tmp_path, dup)
    assert any("conflicting values (rows 4, 5)" in str(p) for p in report.errors), report.format()
    assert any("same value (rows 2, 3)" in str(p) for p in report.warnings)
    assert 2020 not in set(frame["year"])  # neither conflicting value is used


@pytest.mark.parametrize("placeholder", ["—", "…", "/", ""])
def test_placeholders_skip_the_row_with_a_warning(tmp_path, placeholder):
    frame, report = _load(tmp_path, _one_row(value=placeholder) + GOOD_ROWS[1:2])
    assert report.ok and len(frame) == 1
    if placeholder:
        assert any("no value" in str(p) and p.cell == "D2" for p in report.warnings)


def test_header_below_title_rows_is_found_and_reported(tmp_path):
    frame, report = _load(tmp_path, title_rows=2)
    assert report.ok and len(frame) == len(GOOD_ROWS)
    assert any("header found on row 3" in str(p) for p in report.repairs)


def test_missing_column_lists_what_was_found(tmp_path):
    header = [h if h != "value" else "amount" for h in HEADER]
    _, report = _load(tmp_path, header=header)
    assert "missing column value" in str(report.errors[0]) and "amount" in str(report.errors[0])


def test_merged_header_cells_are_named(tmp_path):
    _, report = _load(tmp_path, merge="C1:D1")
    assert "header cells are merged (C1:D1)" in str(report.errors[0])


def test_missing_sheet_lists_the_sheets_found(tmp_path):
    _, report = _load(tmp_path, sheet="Tabelle1")
    assert "missing sheet 'data'" in str(report.errors[0]) and "Tabelle1" in str(report.errors[0])


def test_lookalike_spaces_in_names_are_repaired(tmp_path):
    frame, report = _load(tmp_path, _one_row(indicator="地区生产\u00a0总值"))
    assert report.ok and frame.iloc[0]["indicator"] == "gdp"
    assert any("invisible" in str(p) for p in report.repairs)
