"""Write history workbooks in the tidy template layout (:mod:`kpi.inputs.tidy_format`), byte for byte reproducibly.

The same writer makes the blank template economists fill in
(``data/templates/history_template.xlsx``, also ``kpi template PATH``) and the
generated illustrative zone series (``scripts/make_illustrative.py``):

* sheet ``data``: the header of :data:`kpi.inputs.tidy_format.COLUMNS` in row 1 (bold, frozen), one
  observation per row, numbers stored as numbers, drop-down lists on the indicator, region, unit,
  status and qualifier columns (rows 2 to :data:`VALIDATION_LAST_ROW`);
* sheet ``说明 README``: bilingual instructions (columns, allowed values, sources, which row wins,
  provenance sidecars), with a banner when the workbook is illustrative;
* sheet ``lists``: indicator ids with names and canonical units, region ids, units, statuses and
  qualifiers — the lists the drop-downs refer to.

Workbooks are written deterministically (fixed document timestamps, fixed zip entry dates, the
entries in a fixed order and stored uncompressed, so no zlib version enters the bytes): writing the same
rows twice gives identical bytes, on any machine. They are written atomically
(a temporary file in the target folder, then :func:`os.replace`).

Examples
--------
>>> import tempfile, hashlib
>>> from pathlib import Path
>>> d = Path(tempfile.mkdtemp())
>>> a = write_history_workbook(d / "a.xlsx")
>>> b = write_history_workbook(d / "b.xlsx")
>>> a.read_bytes() == b.read_bytes()
True
"""

from __future__ import annotations

import datetime as dt
import io
import math
import numbers
import os
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from kpi.inputs.schema import QUALIFIERS, STATUSES
from kpi.inputs.tidy_format import COLUMNS, DATA_SHEET, HEADER_ALIASES, LISTS_SHEET, README_SHEET, STATUS_ALIASES

#: The document timestamp written into every workbook (``docProps/core.xml``) and the date of every
#: zip entry: a constant, so the bytes do not depend on when the file was written.
FIXED_TIMESTAMP = dt.datetime(2026, 11, 25, 0, 0, 0)
#: Drop-down lists and checks cover the data sheet down to this row.
VALIDATION_LAST_ROW = 2000
DEFAULT_TITLE_ZH = "盐城经开区 历史数据填报模板"
DEFAULT_TITLE_EN = "Yancheng ETDZ history data template"

_COLUMN_WIDTHS = {"indicator": 30, "region": 12, "year": 8, "value": 14, "unit": 14, "status": 13,
                  "source": 48, "vintage": 10, "note": 60, "qualifier": 10}


def _styles() -> SimpleNamespace:
    """Fonts, fills and alignments of the workbooks (openpyxl is imported when a workbook is written, not when
    kpi is imported: it costs about 0.3 s)."""
    from openpyxl.styles import Alignment, Font, PatternFill

    return SimpleNamespace(
        header_font=Font(bold=True),
        header_fill=PatternFill(fill_type="solid", start_color="FFD9E1F2", end_color="FFD9E1F2"),
        banner_font=Font(bold=True, size=14, color="FFFFFFFF"),
        banner_cell_font=Font(bold=True, color="FFFFFFFF"),
        banner_fill=PatternFill(fill_type="solid", start_color="FFC00000", end_color="FFC00000"),
        title_font=Font(bold=True, size=14),
        section_font=Font(bold=True, size=12),
        wrap=Alignment(wrap_text=True, vertical="top"))


def write_rows(ws, row: int, rows) -> int:
    """Write ``rows`` (sequences of cell values) from ``row`` on, wrapped and top-aligned; return the next row."""
    wrap = _styles().wrap
    for values in rows:
        for j, v in enumerate(values, start=1):
            ws.cell(row=row, column=j, value=v).alignment = wrap
        row += 1
    return row

_QUALIFIER_MEANING = {"": ("空 = 精确值", "empty = exact value"),
                      ">=": ("下限：不低于（“超”“以上”）", "lower bound (\"more than\", 超1000亿)"),
                      "<=": ("上限：不超过（“以下”）", "upper bound (\"at most\")"),
                      "~": ("约数（“约”“左右”）", "approximate (\"about\")")}
_STATUS_MEANING = {"official": ("正式：统计年鉴、统计公报、统计局正式数据", "official: yearbook, statistical communiqué"),
                   "preliminary": ("初步：快报、初步核算、新闻发布的正式数字", "preliminary: flash or preliminary figures"),
                   "estimate": ("估计：测算、预计、推算", "estimate: estimated or projected by someone"),
                   "illustrative": ("示例：为演示生成，不是统计数据", "illustrative: generated for demonstration, "
                                    "not statistics")}
_COLUMN_HELP = {
    "indicator": ("指标代码或名称（见 lists 表 A–C 列），如 gdp 或 地区生产总值", "indicator id or registered name "
                  "(sheet lists, columns A–C), e.g. gdp or 地区生产总值", "必填 required"),
    "region": ("地区代码或名称（见 lists 表），如 zone 或 盐城经开区", "region id or name (sheet lists), e.g. zone",
               "必填 required"),
    "year": ("数据年份，四位整数，如 2021（不是发布日期）", "data year, four digits, e.g. 2021 (not the publication "
             "date)", "必填 required"),
    "value": ("数值：只填数字，不写单位、文字、“约”“超”", "the number only: no unit, words, 约 or 超 in the cell",
              "必填 required"),
    "unit": ("单位，如 亿元、亿美元、%、家、万人；同量纲单位（如 万元→亿元）自动换算", "unit, e.g. 亿元, 亿美元, %, 家; "
             "units of the same dimension (万元 → 亿元) are converted automatically", "必填 required"),
    "status": ("数据状态：official 正式 / preliminary 初步 / estimate 估计 / illustrative 示例",
               "official / preliminary / estimate / illustrative (Chinese labels accepted)", "必填 required"),
    "source": ("来源：出处，如 盐城统计年鉴2023 表3-1、统计公报或网页地址（每个数都要有来源）",
               "source: citation, e.g. 盐城统计年鉴2023 表3-1, a communiqué or a URL (every number needs one)",
               "必填 required"),
    "vintage": ("版本：发布年份或版次，如 2023；同状态下较新的版本优先", "vintage: edition or publication year, "
                "e.g. 2023; among rows of the same status the latest vintage wins", "选填 optional"),
    "note": ("备注：口径、换算、说明", "note: scope, conversions, caveats", "选填 optional"),
    "qualifier": ("限定：空=精确值；>= 下限（“超1000亿”填 1000 和 >=）；<= 上限；~ 约数",
                  "qualifier: empty = exact; >= lower bound (超1000亿 → value 1000, qualifier >=); "
                  "<= upper bound; ~ about", "选填 optional"),
}
_RULES = [
    ("每行一个观测值：一个指标、一个地区、一个年份、一个数。",
     "One observation per row: one indicator, one region, one year, one number."),
    ("只在 data 工作表填写；表头保持在第 1 行，不要改表头、不要在上方插入标题行。",
     "Fill in the sheet 'data' only; keep the header in row 1, do not rename it or insert title rows above it."),
    ("每个数都要有来源：source 列必填（年鉴表号、公报、文件或网页地址）。没有来源的行会被拒绝。",
     "Every number needs a source: the column 'source' is required (yearbook table, communiqué, document or URL). "
     "Rows without a source are refused."),
    ("数值单元格只放数字：不要写单位、“亿”、“约”、“超”、文字或公式；单位写在 unit 列，"
     "“超1000亿元”写作 value=1000、unit=亿元、qualifier=>=。",
     "Number cells hold numbers only: no units, 亿, 约, 超, words or formulas; the unit goes in 'unit', "
     "\"more than 100 bn yuan\" is value 1000, unit 亿元, qualifier >=."),
    ("不要合并单元格，不要隐藏行列，不要在同一单元格写两个数。",
     "Do not merge cells, do not hide rows or columns, never put two numbers in one cell."),
    ("同一指标、地区、年份可以有多行（不同状态或版本）。程序自动选用：official > preliminary > estimate > "
     "illustrative，同一状态取最新 vintage。填入正式数据后，它会自动替代估计或示例数据，无需改代码。",
     "Several rows for the same indicator, region and year are allowed (different status or vintage). The "
     "official row wins over preliminary, estimate and illustrative rows automatically (then the latest vintage): "
     "adding official figures replaces estimates and illustrative data with no code change."),
    ("保存到 data/raw/official/（正式数据）或 data/raw/zone/，文件名用英文或拼音，如 zone_official_2024.xlsx。",
     "Save the file under data/raw/official/ (official figures) or data/raw/zone/, e.g. zone_official_2024.xlsx."),
    ("为文件写来源说明（provenance sidecar），记录出处和校验和：\n"
     "kpi sidecar data/raw/official/zone_official_2024.xlsx --title \"…\" --producer 盐城经开区统计局 "
     "--obtained-from \"…\" --obtained-on 2026-11-25 --notes \"…\"\n"
     "以后修改文件须用 --force 重写 sidecar（更新校验和），否则程序拒绝读取。",
     "Add a provenance sidecar saying where the numbers came from (it records the file's checksum):\n"
     "kpi sidecar data/raw/official/zone_official_2024.xlsx --title \"…\" --producer \"…\" "
     "--obtained-from \"…\" --obtained-on 2026-11-25 --notes \"…\"\n"
     "After editing the file, rewrite the sidecar with --force (new checksum), or the file is refused."),
    ("运行 kpi validate 检查：每个问题都会给出工作表、单元格、错误的值和期望的值。",
     "Run 'kpi validate': every problem is listed with its sheet, cell, the bad value and what was expected."),
]


def write_history_workbook(path: str | os.PathLike[str],
                           rows: Iterable[Mapping[str, Any] | Sequence[Any]] | None = None, *,
                           title_zh: str = DEFAULT_TITLE_ZH, title_en: str = DEFAULT_TITLE_EN,
                           illustrative: bool = False) -> Path:
    """Write a history workbook in the tidy template layout, reproducibly and atomically.

    Parameters
    ----------
    path : str or path-like
        Where to write the ``.xlsx``; its folder is created if needed. An existing file is replaced
        only once the new one is complete.
    rows : iterable of mappings or sequences, optional
        Observations for the ``data`` sheet: mappings keyed by the column names of
        :data:`kpi.inputs.tidy_format.COLUMNS` (missing keys are left empty) or sequences in that column
        order. DataFrames are accepted too (``frame.to_dict("records")`` is used). Years and values
        that are numbers are stored as numbers. ``None`` (default) writes the blank template.
    title_zh, title_en : str
        Titles shown at the top of the ``说明 README`` sheet and stored in the document properties.
    illustrative : bool, default False
        Mark the workbook as illustrative: a red banner on the README sheet (opened first) and next to
        the data header, saying every row is illustrative and not official statistics.

    Returns
    -------
    Path
        The path written.

    Raises
    ------
    ValueError
        If a row has more cells than there are columns, or a mapping has keys that are not columns.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from openpyxl import load_workbook
    >>> p = write_history_workbook(Path(tempfile.mkdtemp()) / "h.xlsx",
    ...                            [{"indicator": "gdp", "region": "zone", "year": 2021, "value": 540.5,
    ...                              "unit": "亿元", "status": "estimate", "source": "区经发局测算"}])
    >>> wb = load_workbook(p)
    >>> wb.sheetnames
    ['data', '说明 README', 'lists']
    >>> [c.value for c in wb["data"][2]][:4]
    ['gdp', 'zone', 2021, 540.5]
    """
    from kpi.inputs import registry

    path = Path(path)
    table = [_row_cells(r, i) for i, r in enumerate(_iter_rows(rows), start=2)]
    indicators = registry.load_indicators()
    regions = registry.load_regions()

    from openpyxl import Workbook

    wb = Workbook()
    data = wb.active
    data.title = DATA_SHEET
    readme = wb.create_sheet(README_SHEET)
    lists = wb.create_sheet(LISTS_SHEET)
    ranges = _write_lists(lists, indicators, regions)
    _write_data(data, table, ranges, illustrative=illustrative)
    _write_readme(readme, title_zh, title_en, illustrative=illustrative, n_rows=len(table))
    if illustrative:
        wb.active = wb.sheetnames.index(README_SHEET)
        data.sheet_properties.tabColor = "C00000"
    props = wb.properties
    props.title = f"{title_zh} {title_en}"
    props.subject = "History observations in the kpi tidy layout (see sheet 说明 README)"
    props.creator = "kpi.template"
    props.lastModifiedBy = "kpi.template"
    props.keywords = "illustrative; not official statistics" if illustrative else "history template"
    props.description = ("ILLUSTRATIVE DATA, NOT OFFICIAL STATISTICS. 示例数据，非官方统计。" if illustrative
                         else "Fill in the sheet 'data'; read the sheet '说明 README' first.")
    props.created = FIXED_TIMESTAMP
    props.modified = FIXED_TIMESTAMP

    buffer = io.BytesIO()
    wb.save(buffer)  # openpyxl stamps the save time into core.xml and the zip entries: normalised below
    payload = _deterministic_zip(buffer.getvalue())
    from kpi.core.files import atomic_write_bytes

    return atomic_write_bytes(path, payload)


def _iter_rows(rows: Any) -> Iterable[Mapping[str, Any] | Sequence[Any]]:
    if rows is None:
        return []
    if hasattr(rows, "to_dict") and hasattr(rows, "columns"):  # a DataFrame
        return rows.to_dict("records")
    return rows


def _row_cells(row: Mapping[str, Any] | Sequence[Any], excel_row: int) -> list[Any]:
    if isinstance(row, Mapping):
        extra = [k for k in row if k not in COLUMNS]
        if extra:
            raise ValueError(f"row {excel_row}: unknown column(s) {extra}; expected some of {list(COLUMNS)}")
        cells = [row.get(c) for c in COLUMNS]
    else:
        cells = list(row)
        if len(cells) > len(COLUMNS):
            raise ValueError(f"row {excel_row}: {len(cells)} cells; expected at most {len(COLUMNS)} "
                             f"({', '.join(COLUMNS)})")
        cells += [None] * (len(COLUMNS) - len(cells))
    return [_cell_value(c) for c in cells]


def _cell_value(value: Any) -> Any:
    """Numbers as int/float (never numpy types or text), empty text and NaN as an empty cell."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        f = float(value)
        return None if math.isnan(f) else f
    if isinstance(value, str):
        return value if value != "" else None
    return value


def _style_header(ws: Any, row: int, n_cols: int) -> None:
    _style_header_range(ws, row, 1, n_cols)


def _write_lists(ws: Any, indicators: Any, regions: Any) -> dict[str, str]:
    from openpyxl.utils import get_column_letter

    """Fill the lists sheet; return the absolute ranges the drop-downs refer to."""
    blocks: list[tuple[list[str], list[list[Any]]]] = [
        (["indicator", "指标名称", "indicator name", "单位 unit (canonical)"],
         [[iid, r["name_zh"], r["name_en"], r["unit"]] for iid, r in indicators.iterrows()]),
        (["region", "地区名称", "region name"],
         [[rid, r["name_zh"], r["name_en"]] for rid, r in regions.iterrows()]),
        (["unit", "单位名称 unit name", "量纲 dimension"], _unit_rows()),
        (["status", "中文", "含义 meaning"],
         [[s, STATUS_ALIASES[s][1], " / ".join(_STATUS_MEANING[s])] for s in STATUSES]),
        (["qualifier", "含义", "meaning"],
         [[q, *_QUALIFIER_MEANING[q]] for q in QUALIFIERS if q]),
    ]
    col = 1
    ranges: dict[str, str] = {}
    widths = {"indicator": (30, 32, 52, 18), "region": (13, 20, 20), "unit": (15, 28, 22), "status": (13, 8, 60),
              "qualifier": (10, 28, 36)}
    for header, body in blocks:
        key = header[0]
        for j, h in enumerate(header):
            ws.cell(row=1, column=col + j, value=h)
            ws.column_dimensions[get_column_letter(col + j)].width = widths[key][j]
        _style_header_range(ws, 1, col, col + len(header) - 1)
        for i, values in enumerate(body, start=2):
            for j, v in enumerate(values):
                ws.cell(row=i, column=col + j, value=_cell_value(v))
        letter = get_column_letter(col)
        ranges[key] = f"{LISTS_SHEET}!${letter}$2:${letter}${len(body) + 1}"
        col += len(header) + 1
    ws.freeze_panes = "A2"
    return ranges


def _style_header_range(ws: Any, row: int, first: int, last: int) -> None:
    s = _styles()
    for c in range(first, last + 1):
        cell = ws.cell(row=row, column=c)
        cell.font, cell.fill = s.header_font, s.header_fill


def _unit_rows() -> list[list[str]]:
    from kpi.inputs import units

    return [[u.symbol, u.name_en, u.dimension] for u in units.declared()]


def _write_data(ws: Any, table: list[list[Any]], ranges: dict[str, str], *, illustrative: bool) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    for c, name in enumerate(COLUMNS, start=1):
        ws.cell(row=1, column=c, value=name)
        ws.column_dimensions[get_column_letter(c)].width = _COLUMN_WIDTHS[name]
    _style_header(ws, 1, len(COLUMNS))
    year_col, value_col = COLUMNS.index("year") + 1, COLUMNS.index("value") + 1
    for r, cells in enumerate(table, start=2):
        for c, v in enumerate(cells, start=1):
            if v is None:
                continue
            cell = ws.cell(row=r, column=c, value=v)
            if c == year_col and isinstance(v, int):
                cell.number_format = "0"
            elif c == value_col and isinstance(v, (int, float)):
                cell.number_format = "General"
    ws.freeze_panes = "A2"
    if illustrative:
        banner_col = len(COLUMNS) + 2
        cell = ws.cell(row=1, column=banner_col,
                       value="示例数据，非官方统计 ILLUSTRATIVE, NOT OFFICIAL STATISTICS — see 说明 README")
        cell.font = _styles().banner_cell_font
        cell.fill = _styles().banner_fill
        ws.column_dimensions[get_column_letter(banner_col)].width = 70

    last = VALIDATION_LAST_ROW
    lists = {"indicator": ("指标 indicator", "选择指标代码，或填写登记的中文名称。Pick an indicator id or type a "
                           "registered name."),
             "region": ("地区 region", "选择地区代码，或填写地区名称。Pick a region id or type its name."),
             "unit": ("单位 unit", "选择单位；同量纲单位自动换算。Pick a unit; units of the same dimension are "
                      "converted."),
             "status": ("状态 status", "official 正式 / preliminary 初步 / estimate 估计 / illustrative 示例"),
             "qualifier": ("限定 qualifier", "空=精确值 empty = exact; >= 下限 lower bound; <= 上限 upper bound; "
                           "~ 约 about")}
    for key, (title, prompt) in lists.items():
        letter = get_column_letter(COLUMNS.index(key) + 1)
        dv = DataValidation(type="list", formula1=ranges[key], allow_blank=True, showErrorMessage=True,
                            errorStyle="warning", errorTitle=title,
                            error="不在列表中：请确认是登记的名称或别名。Not in the list: check it is a registered "
                                  "name or alias.",
                            showInputMessage=True, promptTitle=title, prompt=prompt)
        dv.add(f"{letter}2:{letter}{last}")
        ws.add_data_validation(dv)
    letter = get_column_letter(year_col)
    dv = DataValidation(type="whole", operator="between", formula1="1949", formula2="2100", allow_blank=True,
                        showErrorMessage=True, errorStyle="warning", errorTitle="年份 year",
                        error="年份应为四位整数，如 2021。A year has four digits, e.g. 2021.")
    dv.add(f"{letter}2:{letter}{last}")
    ws.add_data_validation(dv)
    letter = get_column_letter(value_col)
    dv = DataValidation(type="decimal", operator="between", formula1="-1E+15", formula2="1E+15", allow_blank=True,
                        showErrorMessage=True, errorStyle="warning", errorTitle="数值 value",
                        error="只填数字：单位写在 unit 列，“约/超”写在 qualifier 列。Numbers only: the unit goes in "
                              "'unit', 约/超 in 'qualifier'.")
    dv.add(f"{letter}2:{letter}{last}")
    ws.add_data_validation(dv)


def _write_readme(ws: Any, title_zh: str, title_en: str, *, illustrative: bool, n_rows: int) -> None:
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 62
    ws.column_dimensions["C"].width = 62
    ws.column_dimensions["D"].width = 16
    r = 1
    ws.cell(row=r, column=1, value=title_zh).font = _styles().title_font
    r += 1
    ws.cell(row=r, column=1, value=title_en).font = _styles().title_font
    r += 2
    if illustrative:
        texts = ["⚠ 示例数据 —— 不是官方统计数据", "⚠ ILLUSTRATIVE DATA — NOT OFFICIAL STATISTICS",
                 f"本工作簿的每一行（共 {n_rows} 行）都是示例数据（status = illustrative）：为让分析程序和图表能够运行而"
                 "生成，与公开的锚点数据保持一致，但不是统计数据，不得引用为事实。填入正式数据后，正式数据自动优先。",
                 f"Every row of this workbook ({n_rows} rows) is illustrative (status = illustrative): generated so "
                 "that the engine and charts can run, consistent with published anchors, but NOT statistics — never "
                 "cite it as fact. Official rows for the same indicator and year replace it automatically."]
        for text in texts:
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=4)
            cell = ws.cell(row=r, column=1, value=text)
            cell.font = _styles().banner_font
            cell.fill = _styles().banner_fill
            cell.alignment = _styles().wrap
            ws.row_dimensions[r].height = 22 if text.startswith("⚠") else 48
            r += 1
        r += 1

    ws.cell(row=r, column=1, value="列 Columns (sheet data, 表头在第1行 header in row 1)").font = _styles().section_font
    r += 1
    for j, h in enumerate(["列 column", "含义（中文）", "meaning (English)", "必填 required?"], start=1):
        ws.cell(row=r, column=j, value=h)
    _style_header(ws, r, 4)
    r += 1
    r = write_rows(ws, r, ([col, f"{_COLUMN_HELP[col][0]}\n（也可用表头 headers also accepted: "
                               f"{' / '.join(a for a in HEADER_ALIASES[col] if a != col)}）", *_COLUMN_HELP[col][1:]]
                              for col in COLUMNS))
    r += 1

    ws.cell(row=r, column=1, value="允许值 Allowed values").font = _styles().section_font
    r += 1
    status_text = "; ".join(f"{s} ({'/'.join(STATUS_ALIASES[s][1:])})" for s in STATUSES)
    allowed = [
        ("status", "official > preliminary > estimate > illustrative（按此顺序优先）", status_text),
        ("qualifier", "空、>=、<=、~（也可写 ≥ 超 以上 / ≤ 以下 / ≈ 约 左右）",
         "empty, >=, <=, ~ (also ≥, ≤, ≈ and the Chinese words)"),
        ("indicator", "见 lists 表：指标代码、中文名、英文名和标准单位", "see sheet lists: ids, names, canonical units"),
        ("region", "见 lists 表：地区代码和名称（经开区 = zone，盐城市 = yancheng）",
         "see sheet lists: region ids and names (the zone = zone, Yancheng city = yancheng)"),
        ("unit", "见 lists 表：已登记的单位；不同量纲（如 亿元 与 亿美元）不会换算，会报错",
         "see sheet lists: declared units; different dimensions (亿元 vs 亿美元) are never converted: an error"),
    ]
    r = write_rows(ws, r, allowed) + 1

    ws.cell(row=r, column=1, value="规则 Rules").font = _styles().section_font
    r += 1
    r = write_rows(ws, r, ([f"{i}", zh, en] for i, (zh, en) in enumerate(_RULES, start=1))) + 1
    example = ["例 example", "gdp | zone | 2021 | 540.5 | 亿元 | official | 盐城统计年鉴2022 表2-1 | 2022 | | ",
               "sales_industry_above_scale | zone | 2022 | 1000 | 亿元 | preliminary | 新闻：规上工业开票重回千亿 | "
               "2023 | | >="]
    write_rows(ws, r, [example])


_CORE_STAMP = re.compile(rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)")


def _deterministic_zip(payload: bytes) -> bytes:
    """Rewrite an .xlsx zip with fixed entry dates, attributes and document timestamps, entries in order.

    Entries are stored uncompressed: deflate output differs between zlib implementations (zlib, zlib-ng), so
    a compressed file would be byte-identical only on machines sharing one. Workbooks here are small.
    """
    stamp = FIXED_TIMESTAMP.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    src = zipfile.ZipFile(io.BytesIO(payload))
    names = src.namelist()
    first = [n for n in ("[Content_Types].xml", "_rels/.rels") if n in names]
    order = first + sorted(n for n in names if n not in first)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
        for name in order:
            data = src.read(name)
            if name == "docProps/core.xml":
                data = _CORE_STAMP.sub(lambda m: m.group(1) + stamp + m.group(3), data)
            info = zipfile.ZipInfo(name, date_time=FIXED_TIMESTAMP.timetuple()[:6])
            info.compress_type = zipfile.ZIP_STORED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            dst.writestr(info, data)
    return out.getvalue()
