"""Open spreadsheets safely and hand loaders a plain grid of cell values.

Every workbook the project reads comes through :func:`read_workbook`. Before any
parser sees the bytes it checks, in order: the file exists and is not empty or
oversized; its signature (``PK`` zip for .xlsx/.xlsm, OLE2 for .xls or an
encrypted workbook); for zip files the entry count, total uncompressed size and
compression ratio (zip bombs are refused by size, before parsing); and that no
XML part declares a DTD or entity (XML entity-expansion payloads are refused).
openpyxl then parses with ``defusedxml`` in force.

Anything that cannot be read raises :class:`~kpi.core.errors.UnusableInputError`
(``kpi validate`` exits 2), naming the file and what was expected.

Examples
--------
>>> from kpi.core import paths
>>> wb = read_workbook(paths.YEARBOOK_DIR / "jiangsu-2-12" / "jiangsu-yearbook-2023-table-2-12.xlsx")
>>> wb.format, len(wb.sheets) >= 1
('xlsx', True)
"""

from __future__ import annotations

import datetime as dt
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from kpi.core.errors import Report, UnusableInputError

MAX_FILE_BYTES = 50 * 2**20          # a statistical table is kilobytes; 50 MiB is generous
MAX_UNCOMPRESSED_BYTES = 200 * 2**20  # total of all zip members once inflated
MAX_COMPRESSION_RATIO = 200           # per member larger than 1 MiB inflated
MAX_ZIP_ENTRIES = 5000
MAX_CELLS = 2_000_000
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")


@dataclass
class Sheet:
    """The values of one worksheet as a grid (row 0 is spreadsheet row 1)."""

    name: str
    cells: list[list[Any]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # (row0, col0, row1, col1), 0-based inclusive
    formulas_without_value: list[str] = field(default_factory=list)      # cell names like 'C4'
    state: str = "visible"  # 'visible', 'hidden' or 'veryHidden' (hidden so that only a macro can show it)

    @property
    def n_rows(self) -> int:
        return len(self.cells)

    @property
    def n_filled(self) -> int:
        """How many cells hold something (placeholders such as '—' count, empty strings do not)."""
        return sum(1 for row in self.cells for v in row if v is not None and not (isinstance(v, str) and not v.strip()))

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.cells), default=0)

    def value(self, row0: int, col0: int) -> Any:
        if row0 < len(self.cells) and col0 < len(self.cells[row0]):
            return self.cells[row0][col0]
        return None


@dataclass
class Workbook:
    """A workbook read into memory: its sheets by name, in workbook order."""

    path: Path
    format: str  # 'xlsx', 'xlsm' or 'xls'
    sheets: dict[str, Sheet]
    has_macros: bool = False


def cell_name(row0: int, col0: int) -> str:
    """Spreadsheet name of a 0-based cell position.

    >>> cell_name(0, 0), cell_name(3, 2), cell_name(9, 27)
    ('A1', 'C4', 'AB10')
    """
    col, letters = col0 + 1, ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row0 + 1}"


def sniff(path: Path) -> str:
    """Classify a file by its bytes: 'zip', 'ole2', 'encrypted', 'empty', 'text' or 'binary'."""
    with open(path, "rb") as fh:
        head = fh.read(8)
        if not head:
            return "empty"
        if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
            return "zip"
        if head == _OLE2_MAGIC:
            fh.seek(0)
            blob = fh.read(min(path.stat().st_size, MAX_FILE_BYTES))
            return "encrypted" if _ENCRYPTED_MARK in blob else "ole2"
        fh.seek(0)
        sample = fh.read(4096)
    try:
        sample.decode("utf-8")
        return "text"
    except UnicodeDecodeError:
        try:
            sample[:-4].decode("utf-8")  # a multi-byte character cut at the sample's end
            return "text"
        except UnicodeDecodeError:
            pass
        try:
            sample.decode("gb18030")
            if sum(b < 9 for b in sample) == 0:
                return "text"
        except UnicodeDecodeError:
            pass
    return "binary"


def _looks_like_html(path: Path) -> bool:
    """True for a text file that starts like an HTML page (what web systems export as 'Excel')."""
    with open(path, "rb") as fh:
        head = fh.read(2048).lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<html", b"<!doctype html", b"<table", b"<meta")) or (
        head.startswith(b"<") and b"<html" in head)


def _check_zip(path: Path) -> tuple[str, bool]:
    """Check a zip container against bombs and entity payloads; return (format, has_macros)."""
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise UnusableInputError(path, f"damaged or truncated workbook ({exc})",
                                 expected="a complete .xlsx file; ask the sender to save and send it again") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_ZIP_ENTRIES:
            raise UnusableInputError(path, f"workbook has {len(infos)} parts, refused before parsing",
                                     expected=f"at most {MAX_ZIP_ENTRIES}")
        total = sum(i.file_size for i in infos)
        if total > MAX_UNCOMPRESSED_BYTES:
            raise UnusableInputError(
                path, f"workbook would inflate to {total / 2**20:,.0f} MiB, refused before parsing (zip bomb?)",
                expected=f"at most {MAX_UNCOMPRESSED_BYTES // 2**20} MiB uncompressed")
        for i in infos:
            if i.file_size > 2**20 and i.compress_size and i.file_size / i.compress_size > MAX_COMPRESSION_RATIO:
                raise UnusableInputError(
                    path, f"part {i.filename} is compressed {i.file_size / i.compress_size:,.0f}:1, "
                    "refused before parsing (zip bomb?)", expected=f"a ratio under {MAX_COMPRESSION_RATIO}:1")
        names = {i.filename for i in infos}
        if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
            raise UnusableInputError(path, "zip file is not an Excel workbook (no xl/workbook.xml)",
                                     expected="an .xlsx or .xlsm workbook")
        if "xl/workbook.bin" in names:
            raise UnusableInputError(path, "binary .xlsb workbooks are not supported",
                                     expected="save as .xlsx")
        for i in infos:
            if i.filename.endswith((".xml", ".rels", ".vml")):
                try:
                    with zf.open(i) as fh:
                        head = fh.read(4096)
                except (zipfile.BadZipFile, EOFError, OSError) as exc:
                    raise UnusableInputError(path, f"damaged or truncated workbook ({exc})",
                                             expected="a complete .xlsx file") from None
                if b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper():
                    raise UnusableInputError(
                        path, f"part {i.filename} declares an XML DTD/entity (entity-expansion payload?), "
                        "refused before parsing", expected="a workbook saved by a spreadsheet program")
        has_macros = any(n.lower().endswith("vbaproject.bin") for n in names)
        fmt = "xlsm" if has_macros or path.suffix.lower() == ".xlsm" else "xlsx"
        return fmt, has_macros


def _normalise(value: Any) -> Any:
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value


def _defusedxml_cause(exc: BaseException) -> BaseException | None:
    """The defusedxml refusal (DTD, entity, external reference) behind an openpyxl error, if any."""
    from defusedxml import DefusedXmlException

    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        if isinstance(cur, DefusedXmlException):
            return cur
        seen.add(id(cur))
        cur = cur.__cause__ or cur.__context__
    return None


def _read_openpyxl(path: Path) -> dict[str, Sheet]:
    import openpyxl
    from openpyxl import xml as oxml

    if not oxml.DEFUSEDXML:  # pragma: no cover - guarded by the dependency list
        raise RuntimeError("defusedxml is not in use by openpyxl; reinstall the project (pip install -e .)")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about data validation/extension parts it drops
        try:
            # open as file objects: openpyxl refuses a path by its extension (an .xlsx renamed .xls), while
            # the bytes were already checked to be an Excel zip by the caller
            with open(path, "rb") as fh_v, open(path, "rb") as fh_f:
                wb_v = openpyxl.load_workbook(fh_v, data_only=True)
                wb_f = openpyxl.load_workbook(fh_f, data_only=False)
        except zipfile.BadZipFile as exc:
            raise UnusableInputError(path, f"damaged or truncated workbook ({exc})",
                                     expected="a complete .xlsx file") from None
        except Exception as exc:  # openpyxl raises many types for malformed parts
            cause = _defusedxml_cause(exc)
            if cause is not None:  # a DTD/entity the byte prefilter could not see (after padding, UTF-16...)
                raise UnusableInputError(
                    path, f"an XML part declares a DTD/entity ({cause.__class__.__name__}: entity-expansion or "
                    "external-entity payload?), refused by the XML parser",
                    expected="a workbook saved by a spreadsheet program") from None
            raise UnusableInputError(path, f"workbook could not be parsed ({exc.__class__.__name__}: {exc})",
                                     expected="a workbook saved by Excel, WPS or LibreOffice") from None
    sheets: dict[str, Sheet] = {}
    n_cells = 0
    for ws_v, ws_f in zip(wb_v.worksheets, wb_f.worksheets):
        n_cells += (ws_v.max_row or 0) * (ws_v.max_column or 0)
        if n_cells > MAX_CELLS:
            raise UnusableInputError(path, f"workbook has more than {MAX_CELLS:,} cells",
                                     expected="a statistical table of modest size")
        grid = [[_normalise(c) for c in row] for row in ws_v.iter_rows(values_only=True)]
        missing = []
        for row in ws_f.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith("="):
                    r0, c0 = c.row - 1, c.column - 1
                    if r0 >= len(grid) or c0 >= len(grid[r0]) or grid[r0][c0] is None:
                        missing.append(c.coordinate)
        merged = [(m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1) for m in ws_v.merged_cells.ranges]
        sheets[ws_v.title] = Sheet(ws_v.title, grid, merged, missing, state=str(ws_v.sheet_state or "visible"))
    return sheets


def _read_xlrd(path: Path, encoding: str | None = None) -> dict[str, Sheet]:
    import xlrd

    try:
        book = xlrd.open_workbook(path, formatting_info=False, on_demand=True, encoding_override=encoding)
    except Exception as exc:
        raise UnusableInputError(path, f"old-format .xls workbook could not be read ({exc})",
                                 expected="an Excel 97–2003 .xls file") from None
    sheets: dict[str, Sheet] = {}
    for name in book.sheet_names():
        sh = book.sheet_by_name(name)
        grid: list[list[Any]] = []
        for r in range(sh.nrows):
            row = []
            for c in range(sh.ncols):
                cell = sh.cell(r, c)
                if cell.ctype == xlrd.XL_CELL_EMPTY or cell.ctype == xlrd.XL_CELL_BLANK:
                    row.append(None)
                elif cell.ctype == xlrd.XL_CELL_DATE:
                    row.append(_normalise(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)))
                elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                    row.append(bool(cell.value))
                elif cell.ctype == xlrd.XL_CELL_ERROR:
                    row.append(None)
                else:
                    row.append(cell.value)
            grid.append(row)
        merged = [(r0, c0, r1 - 1, c1 - 1) for r0, r1, c0, c1 in getattr(sh, "merged_cells", [])]
        state = {1: "hidden", 2: "veryHidden"}.get(getattr(sh, "visibility", 0), "visible")
        sheets[name] = Sheet(name, grid, merged, state=state)
    book.release_resources()
    return sheets


def read_workbook(path: str | Path, *, report: Report | None = None, encoding: str | None = None) -> Workbook:
    """Read a workbook safely into a :class:`Workbook` of value grids.

    Parameters
    ----------
    path : str or Path
        An .xlsx, .xlsm or .xls file.
    report : Report, optional
        Receives warnings (macros ignored, formulas without cached values).
    encoding : str, optional
        The code page of an old .xls (Excel 95 and earlier) whose text is not stored in Unicode and whose code
        page record is missing or wrong (e.g. ``'gbk'``); ignored for .xlsx.

    Raises
    ------
    UnusableInputError
        Missing, empty, oversized, not a workbook (CSV, text, random bytes), truncated, encrypted,
        a zip bomb, or an XML entity payload.
    """
    path = Path(path)
    if not path.exists():
        raise UnusableInputError(path, "file not found", expected="an existing .xlsx/.xls file")
    if path.is_dir():
        raise UnusableInputError(path, "is a folder, not a file", expected="an .xlsx/.xls file")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise UnusableInputError(path, f"file is {size / 2**20:,.0f} MiB, refused",
                                 expected=f"at most {MAX_FILE_BYTES // 2**20} MiB")
    kind = sniff(path)
    if kind == "empty":
        raise UnusableInputError(path, "file is empty (0 bytes)", expected="an .xlsx/.xls workbook")
    if kind == "text" and _looks_like_html(path):
        raise UnusableInputError(path, "file is an HTML page (a web-system export named like a spreadsheet), "
                                 "not an Excel workbook",
                                 expected="an .xlsx workbook: open it in Excel/WPS and save as .xlsx")
    if kind == "text":
        raise UnusableInputError(path, "file is text (CSV or plain text), not an Excel workbook",
                                 expected="an .xlsx workbook: open it in Excel/WPS and save as .xlsx")
    if kind == "binary":
        raise UnusableInputError(path, "file is not a spreadsheet (unrecognised bytes)",
                                 expected="an .xlsx/.xlsm/.xls workbook")
    if kind == "encrypted":
        raise UnusableInputError(path, "workbook is password-protected (encrypted)",
                                 expected="an unprotected copy: remove the password and save again")
    if kind == "ole2":
        return Workbook(path, "xls", _read_xlrd(path, encoding))
    fmt, has_macros = _check_zip(path)
    sheets = _read_openpyxl(path)
    if report is not None:
        if path.suffix.lower() == ".xls":
            report.add(path, "file is an .xlsx workbook named .xls; read as .xlsx", severity="warning",
                       expected="the .xlsx extension")
        if has_macros:
            report.add(path, "workbook contains macros (VBA); they were ignored and never run — only cell values "
                       "are read", severity="warning")
        for sh in sheets.values():
            for cell in sh.formulas_without_value:
                report.add(path, "formula cell has no saved value (file written by a program that does not "
                           "calculate)", sheet=sh.name, cell=cell,
                           expected="a value: open the file in Excel/WPS/LibreOffice and save it once")
    return Workbook(path, fmt, sheets, has_macros)


def account_for_sheets(wb: Workbook, *, read: Iterable[str], known: Mapping[str, str] | None = None,
                       report: Report, looks_like_data: Callable[[Sheet], str | None] | None = None) -> None:
    """Report every non-empty sheet that is neither read nor known, hidden or not: no row is dropped unseen.

    Parameters
    ----------
    wb : Workbook
        The workbook read.
    read : iterable of str
        Names of the sheets the loader read.
    known : mapping of str to str, optional
        Sheets the layout has and does not read (instructions, drop-down lists), folded name → what it is.
    report : Report
        Receives a warning per unknown sheet with content, or an error when ``looks_like_data`` says the sheet
        holds rows of the kind the loader reads (they would otherwise be lost without a word).
    looks_like_data : callable, optional
        ``sheet -> description or None``: a description (e.g. "a header row with indicator, region, year,
        value") when the sheet looks like data the loader would read.

    Examples
    --------
    >>> wb = Workbook(Path("x.xlsx"), "xlsx", {"data": Sheet("data", [[1]]), "old": Sheet("old", [["a"]], state="hidden"),
    ...                                         "Sheet3": Sheet("Sheet3", [[None]])})
    >>> r = Report()
    >>> account_for_sheets(wb, read=["data"], report=r)
    >>> [(p.sheet, p.severity) for p in r.problems]
    [('old', 'warning')]
    """
    from kpi.inputs.cells import fold_name

    read_names = set(read)
    known_names = {fold_name(k) for k in (known or {})}
    for name, sheet in wb.sheets.items():
        if name in read_names or fold_name(name) in known_names:
            continue
        n = sheet.n_filled
        if not n:
            continue
        hidden = {"hidden": "hidden ", "veryHidden": "very hidden "}.get(sheet.state, "")
        what = looks_like_data(sheet) if looks_like_data else None
        expected = ("its rows in the sheet that is read (" + ", ".join(sorted(read_names)) + "), or the sheet "
                    "deleted" if read_names else "a sheet the layout names")
        if what:
            report.add(wb.path, f"{hidden}sheet {name!r} looks like data ({what}) but is not read: its rows would "
                       "be lost", sheet=name, value=f"{n} filled cells", expected=expected)
        else:
            report.add(wb.path, f"{hidden}sheet {name!r} is not read ({n} filled cells ignored)", severity="warning",
                       sheet=name, expected=expected)
