"""Yearbook tables read through one declarative spec per table family.

A table family (one table of a statistical yearbook, published again in every edition) lives in a folder
under ``data/raw/yearbooks/`` with a ``spec.yaml`` and the editions as published (.xlsx or .xls), each with
its provenance sidecar. The spec says which file names belong to the family and which edition each one is,
how to recognise a header row (by the text of the region column, e.g. ``地区`` / ``Region``), that every header
row starts a block (stacked ``续表`` continuations in one sheet), which block label maps to which indicator,
the unit, the status and the citation. There is no per-file code: a new edition with the same layout is read
by dropping the file in.

Nothing is changed silently. Unambiguous repairs (stray spaces in numbers such as ``'986 1. 56'``, the
``_x000D_`` escape, spaces inside names, years typed as ``2017.00``) become ``repair`` problems with the cell;
unreadable cells, duplicate conflicting values and missing structure become ``error`` problems naming the file,
sheet, cell, the value and what was expected; names not in the region registry become warnings (or errors if
the spec says so).

Examples
--------
>>> h = load_yearbooks()
>>> sorted(h["vintage"].unique())[:2]
['2018', '2019']
>>> row = h[(h.indicator == "gdp") & (h.region == "yancheng") & (h.year == 2017) & (h.vintage == "2019")]
>>> float(row["value"].iloc[0]), row["source"].iloc[0]
(5082.69, '江苏统计年鉴2019 表2-12')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from kpi.core import paths, yamlsafe
from kpi.inputs import provenance, units
from kpi.inputs.cells import CellError, clean_text, fold_name, is_missing, parse_number, parse_year
from kpi.core.errors import DataValidationError, Report
from kpi.inputs.registry import Registry, load_registry
from kpi.inputs.schema import as_history, empty_history
from kpi.inputs.workbook import Sheet, cell_name, read_workbook

SPEC_NAME = "spec.yaml"
SUFFIXES = (".xlsx", ".xlsm", ".xls")
_UNIT_IN_BRACKETS = re.compile(r"\([^()]*\)$")
_WHITESPACE = re.compile(r"\s")


# ----------------------------------------------------------------------------------------------- the spec
@dataclass(frozen=True)
class IndicatorBlock:
    """How one block of a table is recognised: its indicator id, header labels (folded), unit."""

    id: str
    headers: frozenset[str]
    unit: str
    required: bool = True


@dataclass(frozen=True)
class TableSpec:
    """A parsed ``spec.yaml`` (see ``data/raw/yearbooks/jiangsu-2-12/spec.yaml`` for every key)."""

    path: Path
    table: str
    pattern: re.Pattern[str]
    source: str
    status: str
    sheet: str
    region_column: int
    region_header: frozenset[str]
    label_search_from: int
    year_row_offset: int
    region_name_columns: tuple[int, ...]
    section_labels: frozenset[str]
    indicators: tuple[IndicatorBlock, ...]
    required_regions: tuple[str, ...]
    unknown_region: str
    identical_rows: str | None
    minimum: float | None
    registry: Registry = field(repr=False, compare=False, default=None)  # what names are matched against

    def edition(self, path: str | Path) -> str | None:
        """The edition (vintage) named by a file name, or None if the name is not of this family.

        >>> spec = load_spec(paths.YEARBOOK_DIR / "jiangsu-2-12" / "spec.yaml")
        >>> spec.edition("jiangsu-yearbook-2020-table-2-12.xlsx"), spec.edition("notes.xlsx")
        ('2020', None)
        """
        m = self.pattern.match(Path(path).name)
        return m.group("edition") if m else None

    def indicator_for(self, label: Any) -> str | None:
        """The indicator id whose header matches a block label (any line of the cell), else None."""
        for line in clean_text(label).split("\n"):
            key = fold_name(line)
            for candidate in (key, _UNIT_IN_BRACKETS.sub("", key)):
                for ind in self.indicators:
                    if candidate and candidate in ind.headers:
                        return ind.id
        return None

    def is_region_header(self, value: Any) -> bool:
        """True if a cell's text (whole, or one of its lines) is one of the spec's region-column headers."""
        if not isinstance(value, str):
            return False
        text = clean_text(value)
        return fold_name(text) in self.region_header or any(
            fold_name(line) in self.region_header for line in text.split("\n"))


def column_index(letters: str) -> int:
    """0-based index of a spreadsheet column name.

    >>> column_index("A"), column_index("C"), column_index("AB")
    (0, 2, 27)
    """
    text = str(letters).strip().upper()
    if not re.fullmatch(r"[A-Z]{1,3}", text):
        raise ValueError(f"not a column name: {letters!r}")
    n = 0
    for ch in text:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def load_spec(path: str | Path, *, registry: Registry | None = None) -> TableSpec:
    """Read and check a table-family ``spec.yaml``.

    Parameters
    ----------
    path : str or Path
        The spec file.

    Returns
    -------
    TableSpec

    Raises
    ------
    DataValidationError
        Listing every missing or malformed key (with the key's name) at once.

    Examples
    --------
    >>> spec = load_spec(paths.YEARBOOK_DIR / "jiangsu-2-12" / "spec.yaml")
    >>> [i.id for i in spec.indicators][:3], spec.status
    (['gdp', 'va_primary', 'va_secondary'], 'official')
    """
    path = Path(path)
    report = Report()
    try:
        raw = yamlsafe.load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        report.add(path, "table spec not found", expected="a spec.yaml next to the yearbook files")
        raise DataValidationError(report, what="yearbook spec") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        report.add(path, f"not valid YAML ({getattr(exc, 'problem', exc)})", row=(mark.line + 1) if mark else None)
        raise DataValidationError(report, what="yearbook spec") from None
    if not isinstance(raw, dict):
        report.add(path, "table spec is not a YAML mapping", expected="keys files, source, header, indicators, ...")
        raise DataValidationError(report, what="yearbook spec")

    def need(mapping: dict, key: str, where: str, kind: type | tuple[type, ...] = str) -> Any:
        value = mapping.get(key) if isinstance(mapping, dict) else None
        if value is None or value == "" or not isinstance(value, kind):
            report.add(path, "missing or malformed key", key=f"{where}{key}", value=value,
                       expected=f"a {'/'.join(t.__name__ for t in (kind if isinstance(kind, tuple) else (kind,)))}")
            return None
        return value

    def col(mapping: dict, key: str, where: str) -> int:
        text = need(mapping, key, where)
        try:
            return column_index(text) if text is not None else 0
        except ValueError:
            report.add(path, "not a column name", key=f"{where}{key}", value=text, expected="a letter such as A")
            return 0

    files = need(raw, "files", "", dict) or {}
    pattern_text = need(files, "pattern", "files.")
    pattern = re.compile(r"^$")
    if pattern_text:
        try:
            pattern = re.compile(pattern_text)
            if "edition" not in pattern.groupindex:
                report.add(path, "file pattern has no (?P<edition>...) group", key="files.pattern",
                           value=pattern_text, expected="a regular expression naming the edition group")
        except re.error as exc:
            report.add(path, f"not a regular expression ({exc})", key="files.pattern", value=pattern_text)
    header = need(raw, "header", "", dict) or {}
    region_header = header.get("region_header")
    if not isinstance(region_header, list) or not region_header:
        report.add(path, "missing or malformed key", key="header.region_header", value=region_header,
                   expected="a list of texts of the region column's header, e.g. [地区, Region]")
        region_header = []
    offset = header.get("year_row_offset", 1)
    if not isinstance(offset, int) or offset < 1:
        report.add(path, "malformed key", key="header.year_row_offset", value=offset, expected="a whole number >= 1")
        offset = 1
    name_cols = raw.get("region_name_columns") or [header.get("region_column", "A")]
    name_idx = []
    for i, c in enumerate(name_cols if isinstance(name_cols, list) else [name_cols]):
        try:
            name_idx.append(column_index(c))
        except ValueError:
            report.add(path, "not a column name", key=f"region_name_columns[{i}]", value=c, expected="a letter")
    registry = registry or load_registry()
    known_indicators = registry.indicators
    blocks = []
    inds = raw.get("indicators")
    if not isinstance(inds, list) or not inds:
        report.add(path, "missing or malformed key", key="indicators", value=inds,
                   expected="a list of {id, header, unit}")
        inds = []
    for i, item in enumerate(inds):
        where = f"indicators[{i}]."
        if not isinstance(item, dict):
            report.add(path, "indicator entry is not a mapping", key=f"indicators[{i}]", value=item)
            continue
        iid, unit = need(item, "id", where), need(item, "unit", where)
        heads = item.get("header")
        if not isinstance(heads, list) or not heads:
            report.add(path, "missing or malformed key", key=where + "header", value=heads,
                       expected="a list of block labels")
            heads = []
        if iid and iid not in known_indicators.index:
            report.add(path, "indicator id not in the indicator registry", key=where + "id", value=iid,
                       expected="an id from data/raw/indicators.yaml")
            continue
        if iid and unit:
            if not units.is_known(unit):
                report.add(path, "undeclared unit", key=where + "unit", value=unit, expected="a unit in kpi/inputs/units.py")
            elif units.canonical(unit) != known_indicators.loc[iid, "unit"]:
                report.add(path, "unit differs from the indicator's unit in the registry", key=where + "unit",
                           value=unit, expected=str(known_indicators.loc[iid, "unit"]))
            blocks.append(IndicatorBlock(iid, frozenset(fold_name(h) for h in heads), units.canonical(unit)
                                         if units.is_known(unit) else unit, bool(item.get("required", True))))
    regions = raw.get("regions") or {}
    required = [str(r) for r in (regions.get("required") or [])] if isinstance(regions, dict) else []
    unknown = regions.get("unknown", "warning") if isinstance(regions, dict) else "warning"
    if unknown not in ("warning", "error"):
        report.add(path, "malformed key", key="regions.unknown", value=unknown, expected="warning | error")
        unknown = "warning"
    checks = raw.get("checks") or {}
    identical = checks.get("identical_rows") if isinstance(checks, dict) else None
    if identical not in (None, "warning", "error"):
        report.add(path, "malformed key", key="checks.identical_rows", value=identical, expected="warning | error")
        identical = "warning"
    minimum = checks.get("minimum") if isinstance(checks, dict) else None
    status = raw.get("status", "official")
    if status not in ("official", "preliminary", "estimate", "illustrative"):
        report.add(path, "malformed key", key="status", value=status,
                   expected="official | preliminary | estimate | illustrative")
    spec = TableSpec(
        path=path, table=str(raw.get("table", "")), pattern=pattern, source=need(raw, "source", "") or "",
        status=status, sheet=str(raw.get("sheet", "first")), region_column=col(header, "region_column", "header."),
        region_header=frozenset(fold_name(h) for h in region_header),
        label_search_from=col(header, "label_search_from", "header."), year_row_offset=offset,
        region_name_columns=tuple(name_idx), section_labels=frozenset(fold_name(s) for s in
                                                                    raw.get("section_labels") or []),
        indicators=tuple(blocks), required_regions=tuple(required), unknown_region=unknown,
        identical_rows=identical, minimum=float(minimum) if isinstance(minimum, (int, float)) else None, registry=registry)
    report.raise_if_errors(f"yearbook spec {path.name}")
    return spec


# ---------------------------------------------------------------------------------------- one sheet
@dataclass
class _Block:
    indicator: str | None
    header_row: int
    label_cell: str
    years: dict[int, int]  # column -> year
    first_data_row: int
    end_row: int  # exclusive


def _find_blocks(sheet: Sheet, spec: TableSpec, file: Path, report: Report) -> list[_Block]:
    headers = [r for r in range(sheet.n_rows) if spec.is_region_header(sheet.value(r, spec.region_column))]
    blocks = []
    for k, r in enumerate(headers):
        end = headers[k + 1] if k + 1 < len(headers) else sheet.n_rows
        raw_head = sheet.value(r, spec.region_column)
        if isinstance(raw_head, str) and "_x000D_" in raw_head:
            report.add(file, "removed the '_x000D_' escape from a header", severity="repair", sheet=sheet.name,
                       cell=cell_name(r, spec.region_column), value=raw_head, expected=clean_text(raw_head).replace("\n", " / "))
        label_col = next((c for c in range(spec.label_search_from, sheet.n_cols)
                          if not is_missing(sheet.value(r, c))), None)
        if label_col is None:
            report.add(file, "header row has no block label to the right of the region column", sheet=sheet.name,
                       row=r + 1, expected="a label such as " + _examples(spec))
            continue
        label = sheet.value(r, label_col)
        indicator = spec.indicator_for(label)
        if indicator is None:
            report.add(file, "block label not recognised; its rows were not read", sheet=sheet.name,
                       cell=cell_name(r, label_col), value=label, expected="one of " + _examples(spec))
            continue
        if isinstance(label, str) and "_x000D_" in label:
            report.add(file, "removed the '_x000D_' escape from a header", severity="repair", sheet=sheet.name,
                       cell=cell_name(r, label_col), value=label, expected=clean_text(label).replace("\n", " / "))
        yr = r + spec.year_row_offset
        years: dict[int, int] = {}
        seen: dict[int, str] = {}
        if yr < end:
            for c in range(label_col, sheet.n_cols):
                v = sheet.value(yr, c)
                if is_missing(v):
                    continue
                where = cell_name(yr, c)
                try:
                    year, note = parse_year(v)
                except CellError as exc:
                    report.add(file, f"year row: {exc}", sheet=sheet.name, cell=where, value=exc.value,
                               expected=exc.expected)
                    continue
                if note is None and isinstance(v, str) and clean_text(v) != str(year):
                    note = f"read year from text: {v!r} -> {year}"
                if note:
                    report.add(file, note, severity="repair", sheet=sheet.name, cell=where, value=v,
                               expected=str(year))
                if year in seen:
                    report.add(file, f"year {year} appears twice in the year row (also {seen[year]})",
                               sheet=sheet.name, cell=where, value=v, expected="each year once")
                    continue
                seen[year] = where
                years[c] = year
        if not years:
            report.add(file, f"no years found in the row below the header of block '{indicator}'",
                       sheet=sheet.name, row=yr + 1, expected="years such as 2017 in the columns under the label "
                       f"{cell_name(r, label_col)}")
            continue
        blocks.append(_Block(indicator, r, cell_name(r, label_col), years, yr + 1, end))
    return blocks


def _examples(spec: TableSpec) -> str:
    return ", ".join(sorted(next(iter(sorted(i.headers))) for i in spec.indicators)[:6])


def parse_sheet(sheet: Sheet, spec: TableSpec, *, file: str | Path, edition: str, report: Report) -> pd.DataFrame:
    """Read one sheet laid out as the spec describes into history rows.

    Parameters
    ----------
    sheet : Sheet
        A grid from :func:`kpi.inputs.workbook.read_workbook`.
    spec : TableSpec
        The table family's spec.
    file : str or Path
        The file the sheet comes from (for messages and the ``source_file`` column).
    edition : str
        The edition (vintage) of the file.
    report : Report
        Receives every problem found; rows with errors are left out of the result.

    Returns
    -------
    DataFrame
        Rows in the history schema.

    Examples
    --------
    >>> from kpi.inputs.workbook import Sheet
    >>> spec = load_spec(paths.YEARBOOK_DIR / "jiangsu-2-12" / "spec.yaml")
    >>> grid = [["地 区\\nRegion", None, "地区生产总值"], [None, None, "2017.00"], ["  盐 城", "Yancheng", "4990.12"]]
    >>> r = Report()
    >>> df = parse_sheet(Sheet("Sheet1", grid), spec, file="x.xlsx", edition="2020", report=r)
    >>> df[["indicator", "region", "year", "value"]].values.tolist()
    [['gdp', 'yancheng', 2017, 4990.12]]
    >>> sorted({p.severity for p in r.problems})
    ['error', 'repair']
    """
    file = Path(file)
    source = spec.source.format(edition=edition, table=spec.table)
    source_file = _relative(file)
    blocks = _find_blocks(sheet, spec, file, report)
    if not blocks:
        if not any(spec.is_region_header(sheet.value(r, spec.region_column)) for r in range(sheet.n_rows)):
            report.add(file, "table structure not found: no header row", sheet=sheet.name,
                       expected=f"a row with {' / '.join(sorted(spec.region_header))} in column "
                       f"{cell_name(0, spec.region_column)[:-1]} followed by a block label such as "
                       f"{_examples(spec)} and a row of years")
        return empty_history()
    rows: list[dict] = []
    seen: dict[tuple[str, str, int], tuple[float, str]] = {}
    name_repairs: dict[str, list[str]] = {}
    found = {b.indicator for b in blocks}
    for ind in spec.indicators:
        if ind.required and ind.id not in found:
            report.add(file, f"no block for indicator '{ind.id}'", sheet=sheet.name,
                       expected=f"a header row ({' / '.join(sorted(spec.region_header))}) with a label such as "
                       + " / ".join(sorted(ind.headers)))
    units_by_id = {i.id: i.unit for i in spec.indicators}
    for b in blocks:
        regions_seen: dict[str, int] = {}
        by_values: dict[tuple, tuple[str, int]] = {}
        for r in range(b.first_data_row, b.end_row):
            values = {c: sheet.value(r, c) for c in b.years}
            has_values = any(not is_missing(v) for v in values.values())
            names = [(c, sheet.value(r, c)) for c in spec.region_name_columns if not is_missing(sheet.value(r, c))]
            stray = [c for c in range(spec.label_search_from, sheet.n_cols)
                     if c not in b.years and not is_missing(sheet.value(r, c))]
            if not names:
                if has_values:
                    report.add(file, "numbers in a row without a region name", sheet=sheet.name, row=r + 1,
                               value=next(v for v in values.values() if not is_missing(v)),
                               expected=f"a region name in column {cell_name(0, spec.region_column)[:-1]}")
                continue
            name_col, name = names[0]
            if not has_values:
                continue  # title, unit line, section label ('按地区分'), note ('注:…') or an empty region row
            region = None
            for c, n in names:
                region = spec.registry.match_region(n)
                if region:
                    name_col, name = c, n
                    break
            if region is None:
                if fold_name(name) in spec.section_labels:
                    report.add(file, "numbers next to a section label", sheet=sheet.name,
                               cell=cell_name(r, name_col), value=name, expected="a region name")
                else:
                    report.add(file, "region name not in the region registry; row skipped",
                               severity=spec.unknown_region, sheet=sheet.name, cell=cell_name(r, name_col),
                               value=name, expected="a name or alias in data/raw/regions.yaml")
                continue
            if isinstance(name, str) and (name != name.strip() or _WHITESPACE.search(clean_text(name))
                                          or "_x000D_" in name):
                name_repairs.setdefault(f"{name}\x00{region}", []).append(cell_name(r, name_col))
            if region in regions_seen:
                prior = regions_seen[region]
            else:
                prior = None
                regions_seen[region] = r
            for c in stray:
                report.add(file, "value in a column without a year; ignored", severity="warning", sheet=sheet.name,
                           cell=cell_name(r, c), value=sheet.value(r, c), expected="a year above every number")
            clean: list[float | None] = []
            for c, year in b.years.items():
                v, where = values[c], cell_name(r, c)
                try:
                    number, note = parse_number(v)
                except CellError as exc:
                    report.add(file, str(exc), sheet=sheet.name, cell=where, value=exc.value, expected=exc.expected)
                    clean.append(None)
                    continue
                clean.append(number)
                if number is None:
                    report.add(file, f"empty cell for {region} {year}", severity="warning", sheet=sheet.name,
                               cell=where, expected="a number")
                    continue
                if note:
                    report.add(file, note, severity="repair", sheet=sheet.name, cell=where, value=v,
                               expected=f"{number:g}")
                if spec.minimum is not None and number < spec.minimum:
                    report.add(file, "value below the table's minimum", sheet=sheet.name, cell=where, value=v,
                               expected=f"a number >= {spec.minimum:g}")
                    continue
                key = (b.indicator, region, year)
                if key in seen:
                    old, old_where = seen[key]
                    if old != number:
                        report.add(file, f"{region} {year} '{b.indicator}' appears twice with different values "
                                   f"(also {old_where} = {old:g})", sheet=sheet.name, cell=where, value=v,
                                   expected="one value per indicator, region and year in an edition")
                        rows[:] = [x for x in rows if (x["indicator"], x["region"], x["year"]) != key]
                        seen[key] = (float("nan"), old_where)
                    else:
                        report.add(file, f"{region} {year} '{b.indicator}' repeated with the same value "
                                   f"(also {old_where})", severity="warning", sheet=sheet.name, cell=where,
                                   value=v)
                    continue
                seen[key] = (number, where)
                rows.append({"indicator": b.indicator, "region": region, "year": year, "value": number,
                             "unit": units_by_id[b.indicator], "status": spec.status, "source": source,
                             "vintage": edition, "note": note or "", "qualifier": "", "source_file": source_file,
                             "location": f"{sheet.name}!{where}"})
            if prior is None and spec.identical_rows and sum(x is not None for x in clean) >= 3:
                sig = tuple(clean)
                if sig in by_values and by_values[sig][0] != region:
                    other, other_row = by_values[sig]
                    report.add(file, f"row of {region} repeats the numbers of {other} (row {other_row + 1}) in "
                               f"every year of block '{b.indicator}': probably a copy error in the publication",
                               severity=spec.identical_rows, sheet=sheet.name, row=r + 1,
                               expected="different numbers for different regions")
                else:
                    by_values.setdefault(sig, (region, r))
        missing = [reg for reg in spec.required_regions if reg not in regions_seen]
        if missing:
            report.add(file, f"block '{b.indicator}' (header {b.label_cell}) lacks required region(s): "
                       + ", ".join(missing), sheet=sheet.name, row=b.header_row + 1,
                       expected="a row for each of " + ", ".join(spec.required_regions))
    for key, cells in name_repairs.items():
        raw, region = key.split("\x00")
        more = f"; same in {len(cells) - 1} more cell(s): {', '.join(cells[1:6])}{'…' if len(cells) > 6 else ''}" \
            if len(cells) > 1 else ""
        report.add(file, f"removed spaces from a region name (matched as {region}){more}", severity="repair",
                   sheet=sheet.name, cell=cells[0], value=raw, expected=fold_name(raw))
    rows = [x for x in rows if x["value"] == x["value"]]
    return as_history(rows) if rows else empty_history()


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(paths.ROOT)).replace("\\", "/")
    except (ValueError, OSError):
        return str(path)


# ----------------------------------------------------------------------------------------- files, folders
def load_yearbook(path: str | Path, spec: TableSpec | str | Path, *, report: Report) -> pd.DataFrame:
    """Read one edition of a yearbook table through its spec.

    Parameters
    ----------
    path : str or Path
        The edition (.xlsx, .xlsm or .xls); its file name must match the spec's pattern (it gives the edition).
    spec : TableSpec, str or Path
        The parsed spec or the path of its ``spec.yaml``.
    report : Report
        Receives repairs, warnings and errors (rows with errors are left out).

    Returns
    -------
    DataFrame
        History rows (columns :data:`kpi.inputs.schema.HISTORY_COLUMNS`), vintage = edition.

    Raises
    ------
    UnusableInputError
        If the file cannot be read as a workbook at all.
    DataValidationError
        If the spec itself is invalid.

    Examples
    --------
    >>> folder = paths.YEARBOOK_DIR / "jiangsu-2-12"
    >>> r = Report()
    >>> df = load_yearbook(folder / "jiangsu-yearbook-2019-table-2-12.xlsx", folder / "spec.yaml", report=r)
    >>> float(df.query("indicator == 'gdp' and region == 'nanjing' and year == 2015")["value"].iloc[0])
    9861.56
    >>> [p.cell for p in r.repairs if p.value == '986 1. 56']
    ['F8']
    """
    path = Path(path)
    if not isinstance(spec, TableSpec):
        spec = load_spec(spec)
    edition = spec.edition(path)
    if edition is None:
        report.add(path, "file name does not match the table's file pattern, so its edition is unknown",
                   value=path.name, expected=f"a name matching {spec.pattern.pattern} (spec {_relative(spec.path)})")
        return empty_history()
    wb = read_workbook(path, report=report)
    if spec.sheet == "first":
        sheet = next(iter(wb.sheets.values()), None)
        if sheet is None:
            report.add(path, "workbook has no sheet", expected="a sheet with the table")
            return empty_history()
    else:
        sheet = wb.sheets.get(spec.sheet)
        if sheet is None:
            report.add(path, f"sheet {spec.sheet!r} not found", value=", ".join(wb.sheets),
                       expected=f"a sheet named {spec.sheet!r} (spec {_relative(spec.path)})")
            return empty_history()
    return parse_sheet(sheet, spec, file=path, edition=edition, report=report)


def _data_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES
                  and not p.name.startswith(("~$", ".")))


def load_yearbooks(folder: str | Path | None = None, *, report: Report | None = None,
                   registry: Registry | None = None) -> pd.DataFrame:
    """Every edition of every table family under ``folder`` (each sub-folder with a ``spec.yaml``).

    Parameters
    ----------
    folder : str or Path, optional
        Defaults to ``data/raw/yearbooks``. A folder that does not exist yields no rows.
    report : Report, optional
        Collects problems; without it, any error raises :class:`~kpi.core.errors.DataValidationError` at the end.
    registry : Registry, optional
        The registries names are matched against (read from ``data/raw`` when not given).

    Returns
    -------
    DataFrame
        History rows of every edition (one row per indicator, region, year and vintage).

    Examples
    --------
    >>> h = load_yearbooks()
    >>> h.groupby("vintage")["region"].nunique().tolist()
    [16, 16, 16, 16, 16, 16]
    """
    folder = Path(folder or paths.YEARBOOK_DIR)
    registry = registry or load_registry()
    own = report is None
    report = report if report is not None else Report()
    frames = []
    specs = sorted(folder.rglob(SPEC_NAME)) if folder.is_dir() else []
    for spec_path in specs:
        try:
            spec = load_spec(spec_path, registry=registry)
        except DataValidationError as exc:
            report.extend(exc.report)
            continue
        for path in _data_files(spec_path.parent):
            provenance.check(path, report)
            frames.append(load_yearbook(path, spec, report=report))
    if own:
        report.raise_if_errors("yearbook tables")
    frames = [f for f in frames if not f.empty]
    if not frames:
        return empty_history()
    out = as_history(pd.concat(frames, ignore_index=True))
    return out.sort_values(["indicator", "region", "year", "vintage"], kind="mergesort").reset_index(drop=True)


def validate_yearbook_file(path: str | Path, *, report: Report) -> pd.DataFrame:
    """Check one yearbook file against the ``spec.yaml`` of its folder (used by ``kpi validate``).

    Checks the provenance sidecar and reads the file; every problem goes to ``report``.

    Parameters
    ----------
    path : str or Path
        A file in a folder holding ``spec.yaml``.
    report : Report
        Receives the problems.

    Returns
    -------
    DataFrame
        The rows read (possibly empty).

    Raises
    ------
    UnusableInputError
        If the file cannot be read as a workbook at all.

    Examples
    --------
    >>> r = Report()
    >>> df = validate_yearbook_file(paths.YEARBOOK_DIR / "jiangsu-2-12" / "jiangsu-yearbook-2023-table-2-12.xlsx",
    ...                             report=r)
    >>> r.ok, len(df)
    (True, 672)
    """
    path = Path(path)
    try:
        spec = load_spec(path.parent / SPEC_NAME)
    except DataValidationError as exc:
        report.extend(exc.report)
        return empty_history()
    provenance.check(path, report)
    return load_yearbook(path, spec, report=report)
