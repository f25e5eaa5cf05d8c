"""Number, year and name parsing; unit conversions."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpi.inputs import units
from kpi.inputs.cells import CellError, fold_name, is_missing, parse_number, parse_year


@pytest.mark.parametrize("raw, value, repaired", [
    (12.5, 12.5, False), (7, 7.0, False), ("12.5", 12.5, False), ("-3", -3.0, False),
    ("986 1. 56", 9861.56, True), ("2971. 19", 2971.19, True), ("1,234.5", 1234.5, True),
    ("１２３．４", 123.4, True), ("\u00a0500", 500.0, False), ("5\u00a0000", 5000.0, True), ("5198.20_x000D_", 5198.2, False),
])
def test_parse_number_reads_and_reports_repairs(raw, value, repaired):
    got, note = parse_number(raw)
    assert got == pytest.approx(value)
    assert (note is not None) == repaired


@pytest.mark.parametrize("raw", [None, "", "—", "…", "/", "-", "NA", "  ", float("nan")])
def test_placeholders_are_missing(raw):
    assert is_missing(raw)
    assert parse_number(raw) == (None, None)


@pytest.mark.parametrize("raw, match", [
    ("约500", "approximate or bounded"), ("500亿", "unit or word"), ("abc", "text in a number column"),
    ("1.2.3", "more than one decimal point"), (True, "TRUE/FALSE"), (dt.date(2021, 1, 1), "date"),
    (float("inf"), "finite"), ("超1000", "approximate or bounded"),
])
def test_parse_number_refuses_ambiguous_text(raw, match):
    with pytest.raises(CellError, match=match):
        parse_number(raw)


@pytest.mark.parametrize("raw, year, repaired", [
    (2017, 2017, False), (2017.0, 2017, False), ("2017.00", 2017, False), ("2021年", 2021, True),
    ("２０２１", 2021, True), (" 2019 ", 2019, False),
])
def test_parse_year(raw, year, repaired):
    got, note = parse_year(raw)
    assert got == year and (note is not None) == repaired


@pytest.mark.parametrize("raw, match", [
    (dt.date(2021, 1, 1), "a date where a year"), (2021.5, "fraction"), ("二〇二一", "not a year"),
    (1800, "out of range"), (None, "missing year"), ("21", "not a year"),
])
def test_parse_year_refuses(raw, match):
    with pytest.raises(CellError, match=match):
        parse_year(raw)


@given(st.decimals(min_value=-1e9, max_value=1e9, places=2, allow_nan=False))
def test_number_text_roundtrip(d):
    value, _ = parse_number(str(d))
    assert value == pytest.approx(float(d))


@pytest.mark.parametrize("a, b", [("南 京", "南京"), ("ＧＤＰ", "gdp"), ("盐\u3000城", "盐城"), ("X_x000D_\nY", "xy")])
def test_fold_name(a, b):
    assert fold_name(a) == b


@pytest.mark.parametrize("value, src, dst, expected", [
    (1, "亿元", "万元", 1e4), (6617, "亿元", "元", 6.617e11), (5, "万美元", "亿美元", 5e-4), (1, "万台", "台", 1e4),
])
def test_conversions(value, src, dst, expected):
    assert units.convert(value, src, dst) == pytest.approx(expected)


@given(st.sampled_from([u.symbol for u in units.declared()]), st.floats(1e-3, 1e6))
def test_conversion_roundtrip(symbol, value):
    same_dim = [u.symbol for u in units.declared() if u.dimension == units.dimension(symbol)]
    for other in same_dim:
        assert units.convert(units.convert(value, symbol, other), other, symbol) == pytest.approx(value)


@pytest.mark.parametrize("src, dst, match", [("亿元", "亿美元", "different dimensions"), ("亿元", "%", "different"),
                                             ("furlongs", "亿元", "unknown unit")])
def test_bad_conversions(src, dst, match):
    with pytest.raises(ValueError, match=match):
        units.convert(1, src, dst)
