"""The template writer and the generated illustrative zone series: reproducible, in layout, anchored."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kpi.inputs import provenance, registry
from kpi.inputs.schema import STATUSES
from kpi.core.errors import Report
from kpi.inputs.template import VALIDATION_LAST_ROW, write_history_workbook
from kpi.inputs.tidy import load_tidy_workbook
from kpi.inputs.tidy_format import COLUMNS, DATA_SHEET, LISTS_SHEET, README_SHEET

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "data" / "templates" / "history_template.xlsx"
ILLUSTRATIVE = ROOT / "data" / "raw" / "zone" / "zone_illustrative.xlsx"
SCRIPT = ROOT / "scripts" / "make_illustrative.py"


def _script():
    spec = importlib.util.spec_from_file_location("make_illustrative", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _data_values(path: Path) -> list[tuple]:
    wb = load_workbook(path, read_only=True)
    try:
        return [tuple(r[: len(COLUMNS)]) for r in wb[DATA_SHEET].iter_rows(values_only=True)]
    finally:
        wb.close()


@pytest.fixture(scope="module")
def rows() -> dict[tuple[str, int], dict]:
    values = _data_values(ILLUSTRATIVE)
    assert list(values[0]) == list(COLUMNS)
    return {(r[0], r[2]): dict(zip(COLUMNS, r)) for r in values[1:]}


def _v(rows, indicator: str, year: int) -> float:
    return rows[(indicator, year)]["value"]


# ---- the template -------------------------------------------------------------------------------------------

def test_committed_template_regenerates_byte_identically(tmp_path):
    out = write_history_workbook(tmp_path / "t.xlsx")
    assert out.read_bytes() == TEMPLATE.read_bytes(), (
        "data/templates/history_template.xlsx is stale: regenerate it with "
        "'kpi template data/templates/history_template.xlsx'")


def test_writing_twice_gives_the_same_bytes_with_rows(tmp_path):
    rows = [{"indicator": "gdp", "region": "zone", "year": 2021, "value": 540.5, "unit": "亿元",
             "status": "official", "source": "年鉴", "vintage": "2022"}]
    a = write_history_workbook(tmp_path / "a.xlsx", rows)
    b = write_history_workbook(tmp_path / "b.xlsx", rows)
    assert a.read_bytes() == b.read_bytes()


def test_bytes_do_not_depend_on_the_hash_seed(tmp_path):
    out = tmp_path / "seeded.xlsx"
    env = dict(os.environ, PYTHONHASHSEED="12345")
    code = f"from kpi.inputs.template import write_history_workbook; write_history_workbook({str(out)!r})"
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=ROOT)
    assert out.read_bytes() == TEMPLATE.read_bytes()


def test_template_layout():
    wb = load_workbook(TEMPLATE)
    assert wb.sheetnames == [DATA_SHEET, README_SHEET, LISTS_SHEET]
    data = wb[DATA_SHEET]
    assert [c.value for c in data[1]] == list(COLUMNS)
    assert all(c.font.bold for c in data[1])
    assert data.freeze_panes == "A2"
    assert data.max_row == 1 and not data.merged_cells.ranges
    assert all(data.column_dimensions[c].width >= 8 for c in "ABCDEFGHIJ")

    lists = wb[LISTS_SHEET]
    header = [c.value for c in lists[1]]
    ids = {}
    for key in ("indicator", "region", "unit", "status", "qualifier"):
        col = header.index(key) + 1
        ids[key] = [lists.cell(row=r, column=col).value for r in range(2, lists.max_row + 1)]
        ids[key] = [v for v in ids[key] if v is not None]
    assert ids["indicator"] == list(registry.load_indicators().index)
    assert ids["region"] == list(registry.load_regions().index)
    assert ids["status"] == list(STATUSES)
    assert ids["qualifier"] == [">=", "<=", "~"]
    assert {"亿元", "亿美元", "%", "家", "万吨标准煤", "吨标准煤/万元", "μg/m3"} <= set(ids["unit"])
    # canonical unit of each indicator, next to its names
    col = header.index("indicator") + 1
    units_by_id = {lists.cell(row=r, column=col).value: lists.cell(row=r, column=col + 3).value
                   for r in range(2, len(ids["indicator"]) + 2)}
    assert units_by_id["gdp"] == "亿元" and units_by_id["fdi_paid_in"] == "亿美元"

    validations = {str(dv.sqref): dv for dv in data.data_validations.dataValidation}
    for key in ("indicator", "region", "unit", "status", "qualifier"):
        letter = "ABCDEFGHIJ"[COLUMNS.index(key)]
        dv = validations[f"{letter}2:{letter}{VALIDATION_LAST_ROW}"]
        assert dv.type == "list" and dv.formula1.startswith(f"{LISTS_SHEET}!$")
        first, last = re.findall(r"\$(\d+)", dv.formula1)
        assert int(last) - int(first) + 1 == len(ids[key]), key


def test_readme_is_bilingual_and_complete():
    wb = load_workbook(TEMPLATE)
    text = "\n".join(str(v) for row in wb[README_SHEET].iter_rows(values_only=True) for v in row if v)
    for col in COLUMNS:
        assert col in text
    for s in STATUSES:
        assert s in text
    for phrase in ("每个数都要有来源", "Every number needs a source", "kpi sidecar", "不要合并单元格",
                   "Do not merge cells", "official row wins", "数值单元格只放数字", ">=", "~"):
        assert phrase in text, phrase
    assert "ILLUSTRATIVE" not in text


def test_rows_are_stored_as_numbers_and_mappings_or_sequences(tmp_path):
    rows = [{"indicator": "gdp", "region": "zone", "year": 2021, "value": 540.5, "unit": "亿元",
             "status": "official", "source": "年鉴", "qualifier": ""},
            ["hightech_firms", "zone", 2021, 123, "家", "estimate", "区科技局"]]
    path = write_history_workbook(tmp_path / "h.xlsx", rows)
    got = _data_values(path)
    assert got[1] == ("gdp", "zone", 2021, 540.5, "亿元", "official", "年鉴", None, None, None)
    assert got[2][:4] == ("hightech_firms", "zone", 2021, 123)
    assert isinstance(got[1][2], int) and isinstance(got[1][3], float)


def test_bad_rows_are_refused_and_the_old_file_is_kept(tmp_path):
    path = write_history_workbook(tmp_path / "h.xlsx")
    before = path.read_bytes()
    with pytest.raises(ValueError, match="unknown column"):
        write_history_workbook(path, [{"indicator": "gdp", "colour": "red"}])
    with pytest.raises(ValueError, match="cells"):
        write_history_workbook(path, [list(range(len(COLUMNS) + 1))])
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h.xlsx"]  # no temporary files left


def test_illustrative_flag_adds_a_banner(tmp_path):
    path = write_history_workbook(tmp_path / "i.xlsx", illustrative=True)
    wb = load_workbook(path)
    text = "\n".join(str(v) for row in wb[README_SHEET].iter_rows(values_only=True) for v in row if v)
    assert "ILLUSTRATIVE DATA — NOT OFFICIAL STATISTICS" in text and "示例数据" in text
    assert "every row" in text.lower() or "Every row" in text
    assert wb.active.title == README_SHEET


# ---- the illustrative zone series -------------------------------------------------------------------------------

def test_illustrative_workbook_regenerates(tmp_path):
    out = _script().write_illustrative(tmp_path / "zone_illustrative.xlsx", sidecar=False)
    assert _data_values(out) == _data_values(ILLUSTRATIVE)
    assert out.read_bytes() == ILLUSTRATIVE.read_bytes(), "regenerate with scripts/make_illustrative.py"


def test_every_row_is_illustrative_with_source_and_note(rows):
    m = _script()
    reg = registry.load_registry()
    assert len(rows) == len(m.INDICATORS) * len(m.YEARS)
    assert {k[0] for k in rows} == set(m.INDICATORS)
    assert {k[1] for k in rows} == set(range(2016, 2026))  # to the plan's horizon, 2025
    for r in rows.values():
        assert r["status"] == "illustrative" and r["region"] == "zone"
        assert r["source"].startswith("示例数据 Illustrative: scripts/make_illustrative.py (seed ")
        assert r["note"] and ("anchor" in r["note"] or "assumption" in r["note"] or "identity" in r["note"])
        assert isinstance(r["value"], (int, float)) and isinstance(r["year"], int)
        assert r["unit"] == reg.indicator_unit(r["indicator"])


def test_identities_hold(rows):
    for y in range(2016, 2026):
        parts = sum(_v(rows, k, y) for k in ("sales_auto", "sales_pv", "sales_electronics"))
        assert _v(rows, "sales_leading_industries", y) == pytest.approx(parts, abs=1e-6)
        share = _v(rows, "sales_leading_industries", y) / _v(rows, "sales_industry_above_scale", y) * 100
        assert _v(rows, "share_leading_in_industry_sales", y) == pytest.approx(share, abs=0.005 + 1e-9)
        # 吨标准煤/万元 = 万吨标准煤 / 亿元 (1e4 t / 1e4 万元: factor 1)
        assert _v(rows, "energy_intensity", y) == pytest.approx(
            _v(rows, "energy_consumption", y) / _v(rows, "gdp", y), abs=5e-5 + 1e-9)
        rest = _v(rows, "gdp", y) - _v(rows, "va_industry_above_scale", y) - _v(rows, "va_services", y)
        assert 0.2 <= rest / _v(rows, "gdp", y) <= 0.4
        assert _v(rows, "industrial_investment", y) < _v(rows, "fixed_asset_investment", y)
        assert _v(rows, "trade_korea", y) < _v(rows, "trade_total", y)
        assert _v(rows, "sales_leading_industries", y) < _v(rows, "sales_industry_above_scale", y)
    for y in range(2017, 2026):
        stock, prev, new = (_v(rows, "hightech_firms", y), _v(rows, "hightech_firms", y - 1),
                            _v(rows, "hightech_firms_new", y))
        exits = int(re.search(r"exits (\d+)", rows[("hightech_firms", y)]["note"]).group(1))
        assert stock == prev + new - exits and exits >= 0


def test_anchors_hold(rows):
    sales = {y: _v(rows, "sales_industry_above_scale", y) for y in range(2016, 2025)}
    assert sales[2022] >= 1000                                            # A1 重回千亿
    assert sales[2016] >= 1000 and all(sales[y] < 1000 for y in range(2017, 2022))  # A2
    assert 0.86 * 8081 <= sales[2021] / 0.125 <= 0.95 * 8081 + 1e-6      # A3
    city_trade_2021 = _v(rows, "trade_total", 2021) / 0.233               # A4
    assert city_trade_2021 * 1.148 > 200                                  # A6
    assert _v(rows, "trade_total", 2021) / _v(rows, "trade_total", 2020) == pytest.approx(1.446, abs=0.001)  # A5
    assert 0.489 * 9.5 <= _v(rows, "fdi_paid_in", 2021) <= 0.489 * 11.8   # A7 (city 2021 below its 2022 11.8)
    assert 0.33 <= _v(rows, "fdi_paid_in", 2022) / 11.8 <= 0.55           # A8
    for y, city in {2018: 42, 2019: 40, 2020: 33}.items():                # A9
        assert abs(_v(rows, "pm25", y) - city) <= 2
    assert abs(_v(rows, "good_air_days_ratio", 2020) - 308 / 366 * 100) <= 1.5  # A10
    for y, city in {2021: 6617, 2022: 7080, 2024: 7779}.items():          # A11
        assert 0.07 <= _v(rows, "gdp", y) / city <= 0.10
    for k in ("gdp", "sales_industry_above_scale", "budget_revenue", "trade_total"):  # A13
        assert _v(rows, k, 2023) > _v(rows, k, 2022) * 1.05, k
    assert _v(rows, "major_projects_new", 2022) <= 0.3 * 67               # A14
    assert _v(rows, "major_projects_new", 2023) <= 0.3 * 60
    assert _v(rows, "income_urban", 2021) == pytest.approx(76900 / 1.1**4, rel=0.016)  # A15
    assert _v(rows, "income_rural", 2021) == pytest.approx(42150 / 1.1**4, rel=0.016)
    assert 100 <= _v(rows, "hightech_firms", 2021) <= 140                # A16
    assert _v(rows, "share_hightech_output", 2018) >= 37 and _v(rows, "rd_share_gdp", 2018) >= 2.1  # A17
    assert _v(rows, "sales_pv", 2022) > 1.3 * _v(rows, "sales_pv", 2021)  # A18
    assert 0 <= _v(rows, "budget_revenue", 2024) / _v(rows, "budget_revenue", 2023) - 1 <= 0.07  # A19
    assert _v(rows, "sales_auto", 2025) > 1.1 * _v(rows, "sales_auto", 2024)  # A2b Kia + FAW +34.7 % in 2025
    assert "初步数" in rows[("gdp", 2025)]["note"]  # 2025 stands for the preliminary figures held in Dec 2026


def test_series_look_like_data_not_curves(rows):
    """Growth decelerates after 2016, some series dip in 2020, and the targets are mixed, not all met or missed."""
    def growth(k, y):
        return _v(rows, k, y) / _v(rows, k, y - 1) - 1

    assert growth("gdp", 2020) < min(growth("gdp", 2019), growth("gdp", 2021))
    assert sum(growth(k, 2020) < 0 for k in ("trade_total", "budget_revenue", "sales_industry_above_scale",
                                             "jobs_new", "tax_per_mu_industrial_land")) >= 2
    diffs = [growth("gdp", y) for y in range(2017, 2025)]
    assert len({round(d, 3) for d in diffs}) == len(diffs)  # not a constant-growth curve
    met = {"gdp": _v(rows, "gdp", 2024) >= 800, "services": _v(rows, "va_services", 2024) >= 120 * 0.9,
           "fai": _v(rows, "fixed_asset_investment", 2024) >= 500 * 0.9,
           "budget": _v(rows, "budget_revenue", 2024) >= 50,
           "hightech": _v(rows, "hightech_firms", 2024) >= 220 * 0.9, "pm25": _v(rows, "pm25", 2024) <= 30,
           "income": _v(rows, "income_urban", 2024) >= 76900 * 0.9}
    assert 0 < sum(met.values()) < len(met), met


def test_sidecar_verifies_and_says_illustrative():
    meta = provenance.verify(ILLUSTRATIVE)
    assert meta["title"] == "盐城经开区 示例数据 Illustrative zone series (NOT official statistics)"
    assert meta["producer"] == "this project (generated)"
    assert meta["obtained_from"] == "generated by scripts/make_illustrative.py"
    assert str(meta["obtained_on"]) == "2026-12-01"
    assert "ILLUSTRATIVE" in meta["notes"] and "NOT OFFICIAL" in meta["notes"]


def test_illustrative_workbook_has_banner_and_is_not_mistaken_for_fact():
    wb = load_workbook(ILLUSTRATIVE)
    text = "\n".join(str(v) for row in wb[README_SHEET].iter_rows(values_only=True) for v in row if v)
    assert "ILLUSTRATIVE DATA — NOT OFFICIAL STATISTICS" in text and "300" in text  # 30 indicators × 2016–2025
    assert "ILLUSTRATIVE" in str(wb[DATA_SHEET].cell(row=1, column=len(COLUMNS) + 2).value)
    assert "NOT official" in wb.properties.title


# ---- through the loader (kpi/inputs/tidy.py) -----------------------------------------------------------------------------

def test_illustrative_workbook_loads_cleanly():
    report = Report()
    frame = load_tidy_workbook(ILLUSTRATIVE, report=report)
    assert report.ok and not report.repairs and not report.warnings, report.format()
    assert len(frame) == 300 and set(frame["status"]) == {"illustrative"} and set(frame["region"]) == {"zone"}


def test_filled_template_loads_cleanly(tmp_path):
    rows = [{"indicator": "gdp", "region": "zone", "year": 2021, "value": 540.5, "unit": "亿元",
             "status": "official", "source": "盐城统计年鉴2022", "vintage": "2022"},
            {"indicator": "地区生产总值", "region": "盐城市", "year": 2021, "value": 6617.73, "unit": "亿元",
             "status": "正式", "source": "江苏统计年鉴2022 表2-12", "vintage": "2022"},
            {"indicator": "sales_industry_above_scale", "region": "zone", "year": 2022, "value": 1000,
             "unit": "亿元", "status": "preliminary", "source": "新闻：规上工业开票重回千亿", "qualifier": ">="},
            {"indicator": "fdi_paid_in", "region": "zone", "year": 2022, "value": 52000, "unit": "万美元",
             "status": "estimate", "source": "区商务局测算", "note": "万美元 in the source"}]
    path = write_history_workbook(tmp_path / "filled.xlsx", rows)
    report = Report()
    frame = load_tidy_workbook(path, report=report)
    assert report.ok, report.format()
    assert len(frame) == 4
    got = frame.set_index(["indicator", "region"])
    assert got.loc[("gdp", "yancheng"), "status"] == "official"
    assert got.loc[("sales_industry_above_scale", "zone"), "qualifier"] == ">="
    assert got.loc[("fdi_paid_in", "zone"), "value"] == pytest.approx(5.2)
