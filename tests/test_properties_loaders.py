"""Property tests of the hand-filled history loader and the cell parser (hypothesis, derandomized).

* a valid generated workbook loads back exactly the rows written;
* values typed in 万元 with the unit column saying so load as the same 亿元 values;
* one corrupted numeric cell always gives an error located at that cell, never an exception;
* ``parse_number`` / ``parse_year`` on anything raise nothing but :class:`CellError`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import tempfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from kpi.inputs import registry
from kpi.inputs.cells import CellError, parse_number, parse_year
from kpi.core.errors import Report
from kpi.inputs.tidy import load_tidy_workbook

HEADER = ["indicator", "region", "year", "value", "unit", "status", "source", "vintage", "note"]
LETTER = {h: chr(65 + i) for i, h in enumerate(HEADER)}
FAST = settings(derandomize=True, deadline=None, max_examples=15, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

_REG = registry.load_registry()
_IND = _REG.indicators
LEVEL_YI = sorted(_IND.index[(_IND["measure"] == "level") & (_IND["unit"] == "亿元")])[:6]
COUNTS = sorted(_IND.index[_IND["measure"] == "count"])[:3]
SHARES = sorted(_IND.index[_IND["measure"] == "share"])[:3]
REGIONS = ["zone", "yancheng", "jiangsu", "nanjing"]
STATUSES = ["official", "preliminary", "estimate", "illustrative"]
# values kept within a factor of 40 inside every series, below the "mixed units" jump ratio (50)
# (at most 15 significant digits, what Excel stores; openpyxl writes floats with 16)
VALUE = {"level": st.decimals(10, 400, places=6).map(float), "count": st.integers(10, 400),
         "share": st.decimals("2.5", 100, places=4).map(float)}
SAFE_TEXT = st.text(st.characters(whitelist_categories=("Lu", "Ll", "Lo", "Nd"), max_codepoint=0x9fff),
                    min_size=1, max_size=20)


def _write(path: Path, rows: list[list]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "data"
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def _load(rows: list[list]) -> tuple:
    with tempfile.TemporaryDirectory() as d:
        report = Report()
        frame = load_tidy_workbook(_write(Path(d) / "prop.xlsx", rows), report=report)
    return frame, report


@st.composite
def history_rows(draw, *, kinds=("level", "count", "share"), max_rows: int = 8):
    """Rows with unique (indicator, region, year) keys, each in its indicator's canonical unit."""
    pools = {"level": LEVEL_YI, "count": COUNTS, "share": SHARES}
    pool = [(i, k) for k in kinds for i in pools[k]]
    keys = draw(st.lists(st.tuples(st.sampled_from(pool), st.sampled_from(REGIONS), st.integers(2000, 2020)),
                         min_size=1, max_size=max_rows, unique_by=lambda t: (t[0][0], t[1], t[2])))
    rows = []
    for (ind, kind), region, year in keys:
        value = draw(VALUE[kind])
        rows.append([ind, region, year, value, _REG.indicator_unit(ind), draw(st.sampled_from(STATUSES)),
                     draw(SAFE_TEXT), str(draw(st.integers(2001, 2024))), draw(st.one_of(st.just(""), SAFE_TEXT))])
    return rows


@FAST
@given(history_rows())
def test_valid_workbooks_round_trip(rows):
    frame, report = _load(rows)
    assert report.ok and not report.repairs, report.format()
    assert len(frame) == len(rows)
    got = {(r.indicator, r.region, int(r.year)): r for r in frame.itertuples()}
    for ind, region, year, value, unit, status, source, vintage, note in rows:
        r = got[(ind, region, year)]
        assert r.value == float(value)  # exact: no rescale, no rounding
        assert (r.unit, r.status, r.source, r.vintage, r.note) == (unit, status, source, vintage, note)


@FAST
@given(history_rows(kinds=("level",)))
def test_values_in_wan_yuan_load_as_the_same_yi_yuan_values(rows):
    rescaled = [[*r[:3], r[3] * 1e4, "万元", *r[5:]] for r in rows]
    frame, report = _load(rescaled)
    assert report.ok, report.format()
    assert len(report.repairs) == len(rows)  # each conversion is reported
    assert all("converted 万元 to 亿元" in str(p) for p in report.repairs)
    got = {(r.indicator, r.region, int(r.year)): r for r in frame.itertuples()}
    for ind, region, year, value, *_ in rows:
        assert got[(ind, region, year)].value == pytest.approx(value, rel=1e-12)
        assert got[(ind, region, year)].unit == "亿元"


def _writable(text: str) -> bool:
    # openpyxl refuses control characters; '=…' would be written as a formula
    return not ILLEGAL_CHARACTERS_RE.search(text) and not text.startswith("=")


def _refused(parser, text: str) -> bool:
    try:
        parser(text)
    except CellError:
        return True
    return False


BAD_NUMBER_TEXT = st.one_of(
    st.builds(lambda n, w: f"{w}{n}", st.integers(1, 10**6), st.sampled_from(["约", "近", "超", "≥", "~"])),
    st.builds(lambda n, w: f"{n}{w}", st.integers(1, 10**6), st.sampled_from(["亿", "万元", "%", "以上", "左右"])),
    st.text(max_size=12),
).filter(_writable).filter(lambda t: _refused(parse_number, t))
BAD_YEAR_TEXT = st.one_of(
    st.builds(lambda n: f"{n}年代", st.integers(1990, 2020)), st.text(max_size=8),
).filter(_writable).filter(lambda t: _refused(parse_year, t))


@FAST
@given(history_rows(), st.data())
def test_a_corrupted_number_cell_is_located(rows, data):
    i = data.draw(st.integers(0, len(rows) - 1), label="row")
    column = data.draw(st.sampled_from(["value", "year"]), label="column")
    text = data.draw(BAD_NUMBER_TEXT if column == "value" else BAD_YEAR_TEXT, label="text")
    rows = [list(r) for r in rows]
    rows[i][HEADER.index(column)] = text
    frame, report = _load(rows)  # never raises
    where = f"{LETTER[column]}{i + 2}"
    assert {(p.sheet, p.cell) for p in report.errors} == {("data", where)}, report.format()
    assert len(frame) == len(rows) - 1


ANY_CELL = st.one_of(st.text(), st.none(), st.booleans(), st.integers(), st.floats(),
                     st.dates(), st.datetimes(), st.decimals(allow_nan=True))


@settings(derandomize=True, deadline=None, max_examples=600, database=None)
@given(st.one_of(ANY_CELL, st.text(alphabet="0123456789０１２３４５６７８９٠١٢٣٤٥٦٧٨٩.,-+eE 　\u00a0年亿约")))
def test_cell_parsers_raise_only_cell_errors(value):
    try:
        number, note = parse_number(value)
    except CellError as exc:
        assert exc.expected
    else:
        assert number is None or (isinstance(number, float) and math.isfinite(number))
        assert note is None or isinstance(note, str)
        if isinstance(value, str) and number is not None and note is None:
            assert re.fullmatch(r"[0-9.eE+-]+", value.strip()), "a non-ASCII number was read without a note"
    try:
        year, note = parse_year(value)
    except CellError as exc:
        assert exc.expected
    else:
        assert isinstance(year, int) and 1949 <= year <= 2100


def test_cell_parsers_on_edge_values():
    for value in ("1e400", "-1e400", "9" * 400, "inf", "1,234,5", "٥٨٠", "２０２１年"):
        with pytest.raises(CellError):
            parse_number(value)
    assert parse_number("nan") == (None, None)  # a placeholder, like "—"
    with pytest.raises(CellError):
        parse_number(dt.date(2021, 1, 1))
