"""Read one cell's text as a number, a year or a name — repairing only what is unambiguous.

Every function returns the clean value plus a note of the repair it made (or
``None``), or raises :class:`CellError` with what was expected. Loaders turn the
note into a ``repair`` problem and the exception into an ``error`` problem, with
the cell's location; nothing is changed silently.

Unambiguous repairs: 全角 digits and punctuation (NFKC), stray spaces inside a
number (``'986 1. 56'`` → 9861.56), thousands separators (``'1,234.5'``), the
``_x000D_`` escape, a year stored as ``2017.00`` or typed ``'2021年'``.
Refused: words or units in a number cell (``'约500'``, ``'500亿'``), more than one
decimal point, a date where a year is expected (its year is ambiguous: data
year or publication date?).

Examples
--------
>>> parse_number('986 1. 56')
(9861.56, "removed stray spaces: '986 1. 56' -> 9861.56")
>>> parse_number('１２３')
(123.0, "folded full-width characters: '１２３' -> 123")
>>> parse_number('—')
(None, None)
>>> parse_year(2017.0)
(2017, None)
>>> parse_year('2021年')
(2021, "read year from text: '2021年' -> 2021")
>>> fold_name('  南 京')
'南京'
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from typing import Any

MISSING_MARKS = frozenset({"", "—", "——", "–", "-", "--", "…", "……", "...", "/", "\\", "x", "×", "na", "n/a",
                           "nan", "null", "none", "无", "空", "暂无", "不详", "缺"})
_SPACES = re.compile(r"[\s\u00a0\u2000-\u200b\u3000\ufeff]+")
# ASCII digits only: Python's \d and float() also accept Arabic-Indic, Devanagari… digits, which would be read
# silently (NFKC folds only 全角 digits, and that fold is reported)
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$", re.ASCII)
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$", re.ASCII)


class CellError(ValueError):
    """A cell value that cannot be read as what was expected."""

    def __init__(self, message: str, *, value: Any, expected: str) -> None:
        super().__init__(message)
        self.value = value
        self.expected = expected


def clean_text(value: Any) -> str:
    """Text of a cell with ``_x000D_`` escapes and carriage returns removed and ends stripped."""
    text = "" if value is None else str(value)
    return text.replace("_x000D_", "").replace("\r", "").strip()


def fold_name(value: Any) -> str:
    """Fold a name for matching: NFKC (全角 → 半角), no whitespace of any kind, lower case, no escapes.

    >>> fold_name('ＧＤＰ\u00a0'), fold_name('盐 城')
    ('gdp', '盐城')
    """
    text = unicodedata.normalize("NFKC", clean_text(value))
    return _SPACES.sub("", text).lower()


def is_missing(value: Any) -> bool:
    """True for an empty cell or a placeholder that means 'no data' (—, …, /, -, NA)."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str):
        return fold_name(value) in MISSING_MARKS
    return False


def parse_number(value: Any) -> tuple[float | None, str | None]:
    """Read a cell as a number: ``(value or None if missing, repair note or None)``.

    Raises
    ------
    CellError
        For text that is not a number (words, units, two decimal points, booleans, dates).
    """
    if is_missing(value):
        return None, None
    if isinstance(value, bool):
        raise CellError("a TRUE/FALSE cell where a number is expected", value=value, expected="a number")
    if isinstance(value, (int, float)):
        v = float(value)
        if math.isinf(v) or math.isnan(v):
            raise CellError("not a finite number", value=value, expected="a finite number")
        return v, None
    if isinstance(value, (dt.date, dt.datetime)):
        raise CellError("a date where a number is expected", value=value.isoformat(), expected="a number")
    raw = str(value)
    text = clean_text(raw)
    notes = []
    folded = unicodedata.normalize("NFKC", text)
    if folded != text:
        notes.append("folded full-width characters")
        text = folded
    squeezed = _SPACES.sub("", text)
    if squeezed != text:
        notes.append("removed stray spaces")
        text = squeezed
    if _THOUSANDS.match(text):
        notes.append("removed thousands separators")
        text = text.replace(",", "")
    if not _NUMBER.match(text):
        hint = "a plain number (put words and units in the note and unit columns)"
        if re.search(r"\d", text):
            if re.search(r"[亿万千百元美%％]", text):
                raise CellError("number with a unit or word in a number cell", value=raw, expected=hint)
            if re.search(r"[约近超逾余多左右以上以下≥≤><~]", text):
                raise CellError("approximate or bounded value in a number cell", value=raw,
                                expected=hint + "; record bounds in the note column")
            if text.count(".") > 1:
                raise CellError("more than one decimal point", value=raw, expected="a number such as 1234.5")
        raise CellError("text in a number column", value=raw, expected="a number")
    number = float(text)
    if math.isinf(number):  # '1e400' or 400 digits overflow to inf
        raise CellError("not a finite number", value=raw, expected="a finite number")
    note = None
    if notes:
        shown = f"{number:g}" if abs(number) < 1e15 else repr(number)
        note = f"{' and '.join(notes)}: {raw!r} -> {shown}"
    return number, note


def parse_year(value: Any, *, earliest: int = 1949, latest: int = 2100) -> tuple[int, str | None]:
    """Read a cell as a calendar year: ``(year, repair note or None)``.

    Accepts 2017, 2017.0, '2017', '2017.00', '2017年', '２０１７'. Refuses dates (a year typed into a
    date-formatted cell shows as 1905-07-09 in Excel: ambiguous), fractions, and years outside
    ``[earliest, latest]``.
    """
    if is_missing(value):
        raise CellError("missing year", value=value, expected="a year such as 2021")
    if isinstance(value, bool):
        raise CellError("a TRUE/FALSE cell where a year is expected", value=value, expected="a year such as 2021")
    if isinstance(value, (dt.date, dt.datetime)):
        raise CellError("a date where a year is expected (format the cell as a number or text)",
                        value=value.isoformat(), expected="a year such as 2021")
    note = None
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        raw = str(value)
        text = unicodedata.normalize("NFKC", clean_text(raw))
        text = _SPACES.sub("", text)
        m = re.fullmatch(r"([0-9]{4})(?:\.0+)?(年|年度)?", text)
        if not m:
            raise CellError("not a year", value=raw, expected="a year such as 2021")
        number = float(m.group(1))
        if m.group(2) or text != raw.strip():
            note = f"read year from text: {raw!r} -> {int(number)}"
    if not number.is_integer():
        raise CellError("a year with a fraction", value=value, expected="a whole year such as 2021")
    year = int(number)
    if not earliest <= year <= latest:
        raise CellError("year out of range", value=value, expected=f"a year between {earliest} and {latest}")
    return year, note
