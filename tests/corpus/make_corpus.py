"""Generate a corpus of broken and hostile workbooks, each with the outcome ``kpi validate`` must give.

Everything is built from code (no committed binaries). Each case is one file plus an expectation:

``exit``
    the exit code of ``kpi validate FILE``: 0 clean (repairs/warnings allowed), 1 invalid data,
    2 unusable input.
``expect``
    regular expressions that must all be found in the combined stdout+stderr (the cell, the bad
    value, what was expected...).
``forbid``
    regular expressions that must not appear (e.g. the content of a file an XXE payload points at).
``bomb``
    the file is a resource-exhaustion payload: it must be refused fast and without inflating it.
``xfail``
    a reason when the outcome is a known gap of the current code (None otherwise).

Usage::

    python tests/corpus/make_corpus.py OUTDIR      # writes the files and OUTDIR/expectations.json

or from Python: ``generate(folder) -> list[dict]``. Generation takes about two seconds (most of it
compressing the 201 MiB zip bomb from a stream) and the folder stays under 2 MB.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import random
import re
import struct
import sys
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence


from tests.helpers import GOOD_ROWS, HEADER, tidy_workbook
COL = {h: i for i, h in enumerate(HEADER)}
LETTER = {h: chr(65 + i) for i, h in enumerate(HEADER)}
SEED = 20250101
MiB = 2**20


@dataclass
class Case:
    name: str
    file: str
    exit: int
    expect: list[str]
    build: Callable[[Path], None] = field(repr=False)
    forbid: list[str] = field(default_factory=list)
    bomb: bool = False
    xfail: str | None = None


# ---------------------------------------------------------------------------------------------------------
# builders
# ---------------------------------------------------------------------------------------------------------

def rows_with(changes: dict[int, dict[str, Any]] | None = None, rows: Sequence[Sequence[Any]] = GOOD_ROWS
              ) -> list[list[Any]]:
    """GOOD_ROWS with cells changed: ``{row index (0 = spreadsheet row 2): {column: value}}``."""
    out = [list(r) for r in rows]
    for i, ch in (changes or {}).items():
        for k, v in ch.items():
            out[i][COL[k]] = v
    return out


def cell(column: str, row_index: int) -> str:
    """Regex for the location of a data-sheet cell (row_index 0 = spreadsheet row 2)."""
    return rf"sheet 'data', cell {LETTER[column]}{row_index + 2}\b"


def tidy_bytes(rows: Sequence[Sequence[Any]] = GOOD_ROWS, *, header: Sequence[Any] = HEADER, sheet: str = "data",
               title_rows: int = 0, merge: str | None = None, extra: Callable[[Any], None] | None = None) -> bytes:
    wb = tidy_workbook(rows, header=header, sheet=sheet, title_rows=title_rows, merge=merge, extra=extra)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def tidy(rows: Sequence[Sequence[Any]] = GOOD_ROWS, **kw: Any) -> Callable[[Path], None]:
    return lambda p: p.write_bytes(tidy_bytes(rows, **kw))


def rezip(src: bytes, *, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    """Copy a zip, replacing or adding members (deflated)."""
    replace, add = replace or {}, add or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(src)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, replace.get(info.filename, zin.read(info.filename)))
        for name, data in add.items():
            zout.writestr(name, data)
    return out.getvalue()


def part(name: str, src: bytes | None = None) -> bytes:
    with zipfile.ZipFile(io.BytesIO(src or tidy_bytes())) as z:
        return z.read(name)


SST = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
       '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
       '<si><t>gdp</t></si></sst>')


def shared_strings_bytes(sst: bytes | None = None) -> bytes:
    """A tidy workbook whose cell A2 ('gdp') comes from a shared-strings part (openpyxl writes inline strings)."""
    src = tidy_bytes()
    sheet = part("xl/worksheets/sheet1.xml", src).decode("utf-8")
    sheet, n = re.subn(r'<c r="A2" t="inlineStr"><is><t>gdp</t></is></c>', '<c r="A2" t="s"><v>0</v></c>', sheet)
    assert n == 1, "unexpected openpyxl sheet layout"
    rels = part("xl/_rels/workbook.xml.rels", src).decode("utf-8").replace(
        "</Relationships>", '<Relationship Id="rIdSST" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    types = part("[Content_Types].xml", src).decode("utf-8").replace(
        "</Types>", '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    return rezip(src, replace={"xl/worksheets/sheet1.xml": sheet.encode(), "xl/_rels/workbook.xml.rels": rels.encode(),
                               "[Content_Types].xml": types.encode()},
                 add={"xl/sharedStrings.xml": sst if sst is not None else SST.encode()})


def write(data: bytes) -> Callable[[Path], None]:
    return lambda p: p.write_bytes(data)


def write_text(text: str, encoding: str = "utf-8") -> Callable[[Path], None]:
    return lambda p: p.write_bytes(text.encode(encoding))


_LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol">'
           + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
           + "]>")


def _with_doctype(xml: bytes, doctype: str, entity_ref: str, *, padding: int = 0) -> bytes:
    """Insert a DOCTYPE after the XML declaration and put an entity reference in the first text node."""
    text = xml.decode("utf-8")
    decl_end = text.index("?>") + 2 if text.startswith("<?xml") else 0
    pad = f"<!--{'x' * padding}-->" if padding else ""
    text = text[:decl_end] + pad + doctype + text[decl_end:]
    # the first shared string / cell text
    text = re.sub(r"<t>([^<]*)</t>", lambda m: f"<t>{entity_ref}{m.group(1)}</t>", text, count=1)
    if entity_ref not in text:  # a sheet without inline strings: use a value cell
        text = re.sub(r"<v>([^<]*)</v>", lambda m: f"<v>{entity_ref}</v>", text, count=1)
    return text.encode("utf-8")


def _payload_part(member: str, doctype: str, ref: str, padding: int = 0) -> bytes:
    if member == "xl/sharedStrings.xml":
        return shared_strings_bytes(_with_doctype(SST.encode(), doctype, ref, padding=padding))
    src = tidy_bytes()
    return rezip(src, replace={member: _with_doctype(part(member, src), doctype, ref, padding=padding)})


def billion_laughs(member: str, *, padding: int = 0) -> Callable[[Path], None]:
    return lambda p: p.write_bytes(_payload_part(member, _LAUGHS, "&lol9;", padding))


def xxe(member: str, target: str = "file:///etc/passwd") -> Callable[[Path], None]:
    doctype = f'<!DOCTYPE foo [<!ENTITY xxe SYSTEM "{target}">]>'
    return lambda p: p.write_bytes(_payload_part(member, doctype, "&xxe;"))


def utf16_entity_part(p: Path) -> None:
    """sharedStrings.xml encoded as UTF-16 with a DTD: a byte-level search for '<!DOCTYPE' cannot see it."""
    xml = _with_doctype(SST.encode(), _LAUGHS, "&lol9;").decode("utf-8").replace('encoding="UTF-8"',
                                                                                  'encoding="UTF-16"')
    p.write_bytes(shared_strings_bytes(xml.encode("utf-16")))


def zip_stream_bomb(total_bytes: int, *, chunk: int = 4 * MiB) -> Callable[[Path], None]:
    """A workbook whose sheet1.xml inflates to ``total_bytes`` of spaces, written from a stream (level 9)."""
    def build(p: Path) -> None:
        src = tidy_bytes()
        with zipfile.ZipFile(io.BytesIO(src)) as zin, \
                zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout:
            for info in zin.infolist():
                if info.filename == "xl/worksheets/sheet1.xml":
                    zi = zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0))
                    zi.compress_type = zipfile.ZIP_DEFLATED
                    with zout.open(zi, "w", force_zip64=total_bytes > 2**31) as fh:
                        block = b" " * chunk
                        left = total_bytes
                        while left > 0:
                            fh.write(block[:min(chunk, left)])
                            left -= chunk
                else:
                    zout.writestr(info.filename, zin.read(info.filename))
    return build


def declared_size_bomb(p: Path) -> None:
    """A small workbook whose directory claims sheet1.xml inflates to ~4 GiB (crafted header fields)."""
    data = bytearray(tidy_bytes())
    name = b"xl/worksheets/sheet1.xml"
    huge = struct.pack("<I", 0xFFFF0000)
    # (signature, offset of the uncompressed size, of the name length, of the name): local headers, central directory
    for sig, size_at, nlen_at, name_at in ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46)):
        i = data.find(sig)
        while i != -1:
            nlen = struct.unpack_from("<H", data, i + nlen_at)[0]
            if bytes(data[i + name_at:i + name_at + nlen]) == name:
                data[i + size_at:i + size_at + 4] = huge
            i = data.find(sig, i + 4)
    p.write_bytes(bytes(data))


def many_parts(n: int) -> Callable[[Path], None]:
    def build(p: Path) -> None:
        p.write_bytes(rezip(tidy_bytes(), add={f"xl/media/pad{i}.bin": b"" for i in range(n)}))
    return build


def truncated(p: Path) -> None:
    data = tidy_bytes()
    p.write_bytes(data[: len(data) // 2])


def truncated_tail(p: Path) -> None:
    """Only the central directory is cut: the file starts like a zip but cannot be opened."""
    data = tidy_bytes()
    p.write_bytes(data[:-30])


def encrypted(p: Path) -> None:
    """An OLE2 compound file that names an EncryptedPackage stream (what Excel writes for a password)."""
    head = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    body = bytearray(random.Random(SEED).randbytes(4096))
    mark = "EncryptedPackage".encode("utf-16-le")
    body[1000:1000 + len(mark)] = mark
    info = "EncryptionInfo".encode("utf-16-le")
    body[1200:1200 + len(info)] = info
    p.write_bytes(head + bytes(body))


def ole2_garbage(p: Path) -> None:
    """An OLE2 signature followed by noise: looks like an old .xls but cannot be read."""
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + random.Random(SEED + 1).randbytes(3000))


def random_bytes(p: Path) -> None:
    rnd = random.Random(SEED)
    data = bytes([0x00, 0x01, 0x02, 0xff]) + rnd.randbytes(4092)
    p.write_bytes(data)


def zip_not_workbook(p: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "this is an ordinary zip archive")
        z.writestr("data.csv", "indicator,region,year,value\ngdp,zone,2021,580\n")
    p.write_bytes(buf.getvalue())


def with_macros(p: Path) -> None:
    vba = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"Attribute VB_Name = \"Module1\"\r\nSub AutoOpen()\r\nShell \"calc\"\r\n"
    p.write_bytes(rezip(tidy_bytes(), add={"xl/vbaProject.bin": vba}))


def formula_without_value(ws: Any) -> None:
    ws["D4"] = "=D2+D3"  # openpyxl writes the formula and no cached value


def too_many_cells(ws: Any) -> None:
    ws.cell(row=1_048_576, column=16_384, value="corner")  # sparse, but 1,048,576 × 16,384 cells in range


def year_as_date(rows: list[list[Any]]) -> list[list[Any]]:
    rows[2][COL["year"]] = dt.datetime(2021, 1, 1)
    return rows


HTML_XLS = """<html xmlns:x="urn:schemas-microsoft-com:office:excel">
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><title>导出数据</title></head>
<body><table border="1">
<tr><td>指标</td><td>地区</td><td>年份</td><td>数值</td><td>单位</td></tr>
<tr><td>地区生产总值</td><td>盐城经开区</td><td>2021</td><td>580.25</td><td>亿元</td></tr>
</table></body></html>
"""

CSV_TEXT = "indicator,region,year,value,unit,status,source\ngdp,zone,2021,580.25,亿元,official,年鉴\n"


# ---------------------------------------------------------------------------------------------------------
# the cases
# ---------------------------------------------------------------------------------------------------------

def cases() -> list[Case]:
    U = r"unusable: .*"  # an unusable-input line
    c: list[Case] = [
        # --- not a workbook at all -----------------------------------------------------------------------
        Case("empty", "empty.xlsx", 2, [U + r"empty \(0 bytes\)"], write(b"")),
        Case("csv_renamed", "csv_renamed.xlsx", 2, [U + r"text \(CSV"], write_text(CSV_TEXT)),
        Case("csv_gbk_renamed", "csv_gbk_renamed.xlsx", 2, [U + r"text \(CSV"], write_text(CSV_TEXT, "gb18030")),
        Case("csv_file", "plain.csv", 2, [U + r"text \(CSV\), not an Excel workbook"], write_text(CSV_TEXT)),
        Case("plain_text", "notes.xlsx", 2, [U + r"text"], write_text("请见附件。Please see the attachment.\n")),
        Case("utf16_text", "utf16_export.xlsx", 2, [U + r"(text|not a spreadsheet)"],
             write_text("\ufeff" + CSV_TEXT.replace(",", "\t"), "utf-16-le")),
        Case("random_bytes", "random.xlsx", 2, [U + r"not a spreadsheet \(unrecognised bytes\)"], random_bytes),
        Case("truncated_zip", "truncated.xlsx", 2, [U + r"damaged or truncated"], truncated),
        Case("truncated_central_dir", "truncated_tail.xlsx", 2, [U + r"damaged or truncated"], truncated_tail),
        Case("zip_not_workbook", "archive.xlsx", 2, [U + r"not an Excel workbook \(no xl/workbook.xml\)"],
             zip_not_workbook),
        Case("encrypted", "protected.xlsx", 2, [U + r"password-protected \(encrypted\)", r"remove the password"],
             encrypted),
        Case("ole2_garbage", "broken_old.xls", 2, [U + r"old-format \.xls workbook could not be read"],
             ole2_garbage),
        Case("html_as_xls", "web_export.xls", 2, [U + r"HTML", r"save as \.xlsx"], write_text(HTML_XLS)),
        Case("xlsx_renamed_xls", "renamed.xls", 0, [r"\.xlsx workbook named \.xls", r"0 errors"],
             write(tidy_bytes())),
        # --- hostile ------------------------------------------------------------------------------------
        Case("billion_laughs_sheet", "laughs_sheet.xlsx", 2,
             [U + r"xl/worksheets/sheet1\.xml declares an XML DTD/entity"], billion_laughs("xl/worksheets/sheet1.xml"),
             bomb=True),
        Case("billion_laughs_shared_strings", "laughs_strings.xlsx", 2,
             [U + r"xl/sharedStrings\.xml declares an XML DTD/entity"], billion_laughs("xl/sharedStrings.xml"),
             bomb=True),
        Case("billion_laughs_after_padding", "laughs_padded.xlsx", 2,
             [U + r"(DTD/entity|EntitiesForbidden|DTDForbidden)"],
             billion_laughs("xl/sharedStrings.xml", padding=8000), bomb=True),
        Case("billion_laughs_utf16", "laughs_utf16.xlsx", 2, [U + r"(DTD/entity|EntitiesForbidden|DTDForbidden)"],
             utf16_entity_part, bomb=True),
        Case("xxe_shared_strings", "xxe.xlsx", 2, [U + r"DTD/entity"], xxe("xl/sharedStrings.xml"),
             forbid=[r"root:x:0:0"]),
        Case("xxe_workbook_xml", "xxe_workbook.xlsx", 2, [U + r"xl/workbook\.xml declares an XML DTD/entity"],
             xxe("xl/workbook.xml"), forbid=[r"root:x:0:0"]),
        Case("zip_bomb_total", "bomb_total.xlsx", 2, [U + r"would inflate to 2\d\d MiB.*zip bomb"],
             zip_stream_bomb(201 * MiB), bomb=True),
        Case("zip_bomb_ratio", "bomb_ratio.xlsx", 2, [U + r"sheet1\.xml is compressed [\d,]+:1.*zip bomb"],
             zip_stream_bomb(16 * MiB), bomb=True),
        Case("zip_bomb_declared", "bomb_declared.xlsx", 2, [U + r"would inflate to [\d,]+ MiB"], declared_size_bomb,
             bomb=True),
        Case("zip_many_parts", "many_parts.xlsx", 2, [U + r"workbook has \d+ parts"], many_parts(5001), bomb=True),
        Case("too_many_cells", "huge_range.xlsx", 2, [U + r"more than 2,000,000 cells"],
             tidy(extra=too_many_cells), bomb=True),
        Case("shared_strings_control", "shared_strings.xlsx", 0, [r"0 errors, 0 unusable"],
             write(shared_strings_bytes())),
        Case("macros_xlsm", "with_macros.xlsm", 0, [r"contains macros \(VBA\); they were ignored and never run",
                                                    r"0 errors"], with_macros),
        # --- layout ---------------------------------------------------------------------------------------
        Case("missing_sheet", "wrong_sheet.xlsx", 1, [r"missing sheet 'data'", r"got 'Tabelle1'"],
             tidy(sheet="Tabelle1")),
        Case("sheet_renamed_sheet1", "sheet1.xlsx", 0, [r"sheet 'data' not found; read sheet 'Sheet1' instead"],
             tidy(sheet="Sheet1")),
        Case("renamed_column", "renamed_column.xlsx", 1, [r"row 1: missing column value", r"amount"],
             tidy(header=[h if h != "value" else "amount" for h in HEADER])),
        Case("missing_columns", "missing_columns.xlsx", 1, [r"missing columns unit, source"],
             tidy([[v for h, v in zip(HEADER, r) if h not in ("unit", "source")] for r in GOOD_ROWS],
                  header=[h for h in HEADER if h not in ("unit", "source")])),
        Case("header_on_row_3", "title_rows.xlsx", 0, [r"header found on row 3, not row 1", r"0 errors"],
             tidy(title_rows=2)),
        Case("title_rows_too_many", "deep_header.xlsx", 1, [r"(no header row found|missing column)"],
             tidy(title_rows=12)),
        Case("merged_header", "merged_header.xlsx", 1, [r"header cells are merged \(C1:D1\)"], tidy(merge="C1:D1")),
        Case("empty_sheet", "empty_sheet.xlsx", 1, [r"no header row found"], tidy([], header=[])),
        Case("header_only", "header_only.xlsx", 0, [r"no data rows", r"0 errors"], tidy([])),
        Case("blank_row_in_middle", "blank_row.xlsx", 0, [r"0 errors, 0 unusable"],
             tidy(GOOD_ROWS[:2] + [[None] * len(HEADER)] + GOOD_ROWS[2:])),
        Case("chinese_headers", "chinese_headers.xlsx", 0, [r"0 errors"],
             tidy(header=["指标", "地区", "年份", "数值", "单位", "状态", "来源", "版本", "备注"])),
        # --- values ---------------------------------------------------------------------------------------
        Case("text_about_500", "about_500.xlsx", 1, [cell("value", 3), r"approximate or bounded value", r"'约500'"],
             tidy(rows_with({3: {"value": "约500"}}))),
        Case("text_500_yi", "500yi.xlsx", 1, [cell("value", 1), r"number with a unit or word", r"'500亿'"],
             tidy(rows_with({1: {"value": "500亿"}}))),
        Case("text_words", "words.xlsx", 1, [cell("value", 0), r"text in a number column", r"'see note'"],
             tidy(rows_with({0: {"value": "see note"}}))),
        Case("two_decimal_points", "two_points.xlsx", 1, [cell("value", 2), r"more than one decimal point"],
             tidy(rows_with({2: {"value": "580.2.5"}}))),
        Case("error_cell_text", "div0.xlsx", 1, [cell("value", 2), r"'#DIV/0!'"],
             tidy(rows_with({2: {"value": "#DIV/0!"}}))),
        Case("boolean_value", "boolean.xlsx", 1, [cell("value", 2), r"TRUE/FALSE"],
             tidy(rows_with({2: {"value": True}}))),
        Case("placeholders", "placeholders.xlsx", 0,
             [cell("value", 0) + r": no value \(—\)", cell("value", 1) + r": no value \(…\)",
              cell("value", 2) + r": no value \(/\)", r"0 errors"],
             tidy(rows_with({0: {"value": "—"}, 1: {"value": "…"}, 2: {"value": "/"}}))),
        Case("thousands_separator", "thousands.xlsx", 0,
             [cell("value", 3), r"removed thousands separators: '1,234\.5' -> 1234\.5", r"0 errors"],
             # a plausible value: files are also compared with data/raw (zone sales ≈ 900–1170 亿元 around 2021)
             tidy(rows_with({3: {"indicator": "sales_industry_above_scale", "unit": "亿元", "value": "1,234.5"}}))),
        Case("stray_spaces", "spaces.xlsx", 0, [cell("value", 2), r"removed stray spaces: ' 58 0\.25 ' -> 580\.25"],
             tidy(rows_with({2: {"value": " 58 0.25 "}}))),
        Case("full_width_digits", "fullwidth.xlsx", 0,
             [cell("year", 2) + r": read year from text: '２０２１' -> 2021",
              cell("value", 2) + r": folded full-width characters: '５８０\.２５' -> 580\.25", r"0 errors"],
             tidy(rows_with({2: {"year": "２０２１", "value": "５８０.２５"}}))),
        Case("non_ascii_digits", "arabic_digits.xlsx", 1, [cell("value", 2), r"'٥٨٠'"],
             tidy(rows_with({2: {"value": "٥٨٠"}}))),
        Case("huge_number_text", "huge_number.xlsx", 1, [cell("value", 2), r"not a finite number"],
             tidy(rows_with({2: {"value": "9" * 400}}))),
        Case("nbsp_in_indicator", "nbsp.xlsx", 0,
             [cell("indicator", 2) + r": indicator name had full-width or invisible characters; read as 'gdp'"],
             tidy(rows_with({2: {"indicator": "地区生产\u00a0总值"}}))),
        Case("zero_width_in_region", "zwsp.xlsx", 0, [cell("region", 1) + r": region name had .*invisible"],
             tidy(rows_with({1: {"region": "盐城\u200b经开区"}}))),
        Case("lookalike_cyrillic", "cyrillic.xlsx", 1, [cell("indicator", 0) + r": unknown indicator: got 'GDР'"],
             tidy(rows_with({0: {"indicator": "GDР"}}))),  # Р is Cyrillic
        Case("duplicate_conflict", "duplicates.xlsx", 1,
             [r"duplicated gdp/zone/2021 rows with conflicting values \(rows 4, 7\)", r"580\.25, 600"],
             tidy(GOOD_ROWS + [rows_with({2: {"value": 600}})[2]])),
        Case("year_as_date", "year_date.xlsx", 1, [cell("year", 2) + r": a date where a year is expected",
                                                   r"2021-01-01"], tidy(year_as_date(rows_with()))),
        Case("year_with_nian", "year_nian.xlsx", 0, [cell("year", 0) + r": read year from text: '2019年' -> 2019"],
             tidy(rows_with({0: {"year": "2019年"}}))),
        Case("year_fraction", "year_fraction.xlsx", 1, [cell("year", 0), r"a year with a fraction"],
             tidy(rows_with({0: {"year": 2019.5}}))),
        Case("future_year", "future.xlsx", 1, [cell("year", 2) + r": future year in history: got 2099"],
             tidy(rows_with({2: {"year": 2099}}))),
        Case("year_out_of_range", "year_range.xlsx", 1, [cell("year", 2), r"year out of range"],
             tidy(rows_with({2: {"year": 3021}}))),
        Case("negative_level", "negative.xlsx", 1, [cell("value", 1) + r": negative value for gdp"],
             tidy(rows_with({1: {"value": -520}}))),
        Case("negative_count", "negative_count.xlsx", 1, [cell("value", 3) + r": negative value for hightech_firms"],
             tidy(rows_with({3: {"value": -3}}))),
        Case("share_above_100", "share.xlsx", 1, [cell("value", 4) + r": share outside 0–100", r"got 215"],
             tidy(rows_with({4: {"value": 215}}))),
        Case("unit_wan_yuan_converted", "wanyuan.xlsx", 0,
             [cell("unit", 2) + r": converted 万元 to 亿元 \(×0\.0001\)", r"0 errors"],
             tidy(rows_with({2: {"value": 5_802_500, "unit": "万元"}}))),
        Case("unit_wrong_dimension", "usd.xlsx", 1, [cell("unit", 2) + r": unit 亿美元 does not fit indicator gdp"],
             tidy(rows_with({2: {"unit": "亿美元"}}))),
        Case("unit_mixed_values", "mixed_units.xlsx", 1,
             [r"sheet 'data', row 4: gdp/zone 2021: 5\.8025e\+06 亿元 is [\d,.]+ times its reference",
              r"×10⁴ slip \(万元 typed as 亿元\?\)\? likely 580\.25"],
             tidy(rows_with({2: {"value": 5_802_500}}))),
        Case("unknown_indicator", "unknown_indicator.xlsx", 1,
             [cell("indicator", 3) + r": unknown indicator: got 'robots per worker'"],
             tidy(rows_with({3: {"indicator": "robots per worker"}}))),
        Case("unknown_region", "unknown_region.xlsx", 1,
             [cell("region", 0) + r": unknown region \(not in the region registry\): got 'Atlantis'"],
             tidy(rows_with({0: {"region": "Atlantis"}}))),
        Case("status_not_allowed", "status.xlsx", 1, [cell("status", 1) + r": missing or unknown status: got 'draft'"],
             tidy(rows_with({1: {"status": "draft"}}))),
        Case("vintage_missing", "no_vintage.xlsx", 0, [r"0 errors"],
             tidy(rows_with({i: {"vintage": None} for i in range(5)}))),
        Case("source_missing", "no_source.xlsx", 1, [cell("source", 4) + r": missing source"],
             tidy(rows_with({4: {"source": None}}))),
        Case("formula_without_value", "formula.xlsx", 1,
             [r"sheet 'data', cell D4: formula cell has no saved value"], tidy(extra=formula_without_value)),
        Case("very_long_source", "long_text.xlsx", 1, [cell("source", 0) + r": text of 5,000 characters"],
             tidy(rows_with({0: {"source": "年鉴" * 2500}}))),
        Case("very_long_value_text", "long_value.xlsx", 1, [cell("value", 0) + r": text of 5,002 characters"],
             tidy(rows_with({0: {"value": "1" + " " * 5000 + "2"}}))),
    ]
    names = [x.name for x in c]
    assert len(names) == len(set(names)), "duplicate case names"
    files = [x.file for x in c]
    assert len(files) == len(set(files)), "duplicate file names"
    assert not any(f.startswith("targets") for f in files), "files named targets* are routed to the targets loader"
    return c


def generate(folder: str | Path) -> list[dict]:
    """Write every case into ``folder`` and return the expectation records (also in expectations.json)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    records = []
    for case in cases():
        path = folder / case.file
        case.build(path)
        rec = {k: v for k, v in asdict(case).items() if k != "build"}
        rec["path"] = str(path)
        records.append(rec)
    (folder / "expectations.json").write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
    return records


if __name__ == "__main__":  # pragma: no cover
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/corpus/make_corpus.py OUTDIR")
    recs = generate(sys.argv[1])
    print(f"wrote {len(recs)} cases to {sys.argv[1]}")
