"""Yearbook tables read through one declarative spec per table family.

A table family (one table of a statistical yearbook, published again in every edition) lives in a folder
under ``data/raw/yearbooks/`` with a ``spec.yaml`` (:mod:`kpi.inputs.yearbook_spec`) and the editions as
published (.xlsx or .xls), each with its provenance sidecar. The spec says which file names belong to the
family and what each one's vintage is (the edition, or the data year, said explicitly), where the data year of
a number is (the year row, the file name or the title), how to recognise a header row (by the text of the region
column, e.g. ``地区`` / ``Region``), which column label maps to which indicator and in which unit, which columns
to skip (growth indices), the region the table covers (its total row 全省/合计 is that region), the status and
the citation. There is no per-file code: a new edition is read by dropping the file in.

Nothing is changed silently. Unambiguous repairs (stray spaces in numbers such as ``'986 1. 56'``, the
``_x000D_`` escape, spaces inside names, years typed as ``2017.00``, text of an old .xls read in the wrong code
page) become ``repair`` problems with the cell; units converted to the registry's unit are noted in each row's
``note``; unreadable cells, duplicate conflicting values, a unit the table states differently from the spec,
a column label nobody declared, a sheet with content that is not read and missing structure become ``error``
problems naming the file, sheet, cell, the value and what was expected; a region name that is unknown or
ambiguous is an error naming the candidates (or a warning, if the spec says so).

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
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from kpi.core import paths
from kpi.core.errors import DataValidationError, Report
from kpi.inputs import provenance, units
from kpi.inputs.cells import CellError, clean_text, fold_name, is_missing, parse_number, parse_year
from kpi.inputs.registry import Registry, load_registry
from kpi.inputs.schema import as_history, empty_history
from kpi.inputs.workbook import Sheet, Workbook, account_for_sheets, cell_name, read_workbook
from kpi.inputs.yearbook_spec import (SPEC_NAME, IndicatorBlock, TableSpec, column_index, fold_file_name,
                                      load_spec, stated_unit)

__all__ = ["SPEC_NAME", "IndicatorBlock", "TableSpec", "column_index", "load_spec", "parse_sheet", "load_yearbook",
           "load_yearbooks", "validate_yearbook_file", "fold_file_name", "find_spec"]

SUFFIXES = (".xlsx", ".xlsm", ".xls")
_WHITESPACE = re.compile(r"\s")
_UNIT_LINE = re.compile(r"(?:单位|计量单位|Unit)\s*[:：]\s*([^\s,，;；)）(（]+)", re.IGNORECASE)
#: Footnote marks yearbooks put after a name: 济源*, 郑州市①, 巩义(1), 仙桃市 2), 神农架#.
_FOOTNOTE_MARK = re.compile(r"(?:\s*(?:[*＊#※†‡]+|[①-⑳⑴-⒇]|[(（]\d{1,2}[)）]|\d{1,2}[)）]))+\s*$")
_INDEX_YEARS = re.compile(r"((?:19|20)\d{2})\s*年?\s*(?:为|比|/|=)\s*((?:19|20)\d{2})")


# ---------------------------------------------------------------------------------------- one sheet
@dataclass
class _Column:
    indicator: str
    year: int
    label_cell: str


@dataclass
class _Block:
    header_row: int
    columns: dict[int, _Column]  # column -> indicator and year
    first_data_row: int
    end_row: int  # exclusive
    skipped: frozenset[int]


def _header_rows(sheet: Sheet, spec: TableSpec) -> list[int]:
    return [r for r in range(sheet.n_rows) if spec.is_region_header(sheet.value(r, spec.region_column))]


def _unit_line(sheet: Sheet, start: int, stop: int) -> tuple[str, str] | None:
    """The unit a '单位：亿元' line between rows ``start`` and ``stop`` states, with its cell (the nearest above)."""
    for r in range(stop - 1, start - 1, -1):
        for c in range(min(sheet.n_cols, 12)):
            v = sheet.value(r, c)
            if isinstance(v, str):
                m = _UNIT_LINE.search(unicodedata.normalize("NFKC", v))
                if m and units.is_known(m.group(1)):
                    return units.canonical(m.group(1)), cell_name(r, c)
    return None


def _find_blocks(sheet: Sheet, spec: TableSpec, file: Path, report: Report, *, data_year: int | None) -> list[_Block]:
    headers = _header_rows(sheet, spec)
    blocks = []
    for k, r in enumerate(headers):
        end = headers[k + 1] if k + 1 < len(headers) else sheet.n_rows
        start = headers[k - 1] + 1 if k else 0
        raw_head = sheet.value(r, spec.region_column)
        if isinstance(raw_head, str) and "_x000D_" in raw_head:
            report.add(file, "removed the '_x000D_' escape from a header", severity="repair", sheet=sheet.name,
                       cell=cell_name(r, spec.region_column), value=raw_head,
                       expected=clean_text(raw_head).replace("\n", " / "), category="'_x000D_' in headers")
        table_unit = _unit_line(sheet, start, r)
        yr = r + spec.year_row_offset if spec.year_row_offset else None
        columns: dict[int, _Column] = {}
        skipped: set[int] = set()
        state: tuple | None = None  # ('ind', id, cell) | ('skip',) | ('unknown',): carried right over merged labels
        years_seen: dict[tuple[str, int], str] = {}
        any_label = had_indicator = False
        for c in range(spec.label_search_from, sheet.n_cols):
            label = sheet.value(r, c)
            if not is_missing(label):
                any_label = True
                where = cell_name(r, c)
                if spec.skipped(label):
                    state = ("skip",)
                    _check_index_years(label, data_year, file, sheet, where, report)
                else:
                    ind = spec.indicator_for(label)
                    if ind is None:
                        report.add(file, "column label not recognised; its numbers were not read", sheet=sheet.name,
                                   cell=where, value=label, expected="a label of " + _examples(spec)
                                   + " (indicators: in the spec), or a pattern in skip_columns")
                        state = ("unknown",)
                    else:
                        state, had_indicator = ("ind", ind, where), True
                        if isinstance(label, str) and "_x000D_" in label:
                            report.add(file, "removed the '_x000D_' escape from a header", severity="repair",
                                       sheet=sheet.name, cell=where, value=label,
                                       expected=clean_text(label).replace("\n", " / "),
                                       category="'_x000D_' in headers")
                        _check_unit(spec.indicator(ind), label, table_unit, file, sheet, where, report)
            if state is None:
                continue
            if state[0] != "ind":
                skipped.add(c)
                continue
            sub = sheet.value(yr, c) if yr is not None and yr < end else None
            year = None
            if not is_missing(sub):
                w = cell_name(yr, c)
                if spec.skipped(sub):
                    skipped.add(c)
                    _check_index_years(sub, data_year, file, sheet, w, report)
                    continue
                if spec.year_from != "columns" and _names_the_value(sub):
                    # '绝对数', '总量(亿元)', '(万元)': the column of the values, for the file's year
                    bare = units.is_known(fold_name(sub))
                    _check_unit(spec.indicator(state[1]), f"({clean_text(sub)})" if bare else sub, None, file, sheet,
                                w, report)
                    sub = None
            if not is_missing(sub):
                try:
                    year, note = parse_year(sub)
                except CellError as exc:
                    report.add(file, f"year row: {exc}", sheet=sheet.name, cell=w, value=exc.value,
                               expected=exc.expected + (" (or a pattern in skip_columns)" if spec.year_from
                                                        == "columns" else f" ({data_year}), or a pattern in "
                                                        "skip_columns"))
                    skipped.add(c)
                    continue
                if note is None and isinstance(sub, str) and clean_text(sub) != str(year):
                    note = f"read year from text: {sub!r} -> {year}"
                if note:
                    report.add(file, note, severity="repair", sheet=sheet.name, cell=w, value=sub, expected=str(year),
                               category="years as text")
                if data_year is not None and year != data_year:
                    report.add(file, f"the column's year {year} differs from the data year {data_year} "
                               f"({'file name' if spec.year_from == 'file_name' else 'title'})", sheet=sheet.name,
                               cell=w, value=sub, expected=str(data_year))
                    skipped.add(c)
                    continue
            elif spec.year_from != "columns":
                year = data_year
            if year is None:
                continue
            sig = (state[1], year)
            if sig in years_seen:
                report.add(file, f"year {year} of '{state[1]}' appears twice in the header (also {years_seen[sig]})",
                           sheet=sheet.name, cell=cell_name(yr if yr is not None else r, c), value=year,
                           expected="each indicator and year once")
                skipped.add(c)
                continue
            years_seen[sig] = cell_name(yr if yr is not None else r, c)
            columns[c] = _Column(state[1], year, state[2])
        if not any_label:
            report.add(file, "header row has no label to the right of the region column", sheet=sheet.name,
                       row=r + 1, expected="a label such as " + _examples(spec))
            continue
        if not columns:
            if had_indicator:
                report.add(file, "no years found for the columns of this header", sheet=sheet.name,
                           row=(yr if yr is not None else r) + 1,
                           expected="years such as 2017 in the row under the labels" if spec.year_from == "columns"
                           else f"a data year from the {spec.year_from.replace('_', ' ')}")
            continue
        first = (yr if yr is not None else r) + 1
        blocks.append(_Block(r, columns, first, end, frozenset(skipped)))
    return blocks


#: Sub-header words that name the column of the values themselves (beside growth-index columns).
VALUE_WORDS = ("绝对数", "绝对额", "绝对值", "总量", "总额", "数值", "数量", "金额", "value", "amount", "absolute")


def _names_the_value(text: Any) -> bool:
    """True for a sub-header naming the values ('绝对数', '总量(亿元)', 'Value') or only their unit ('(万元)')."""
    if not isinstance(text, str):
        return False
    key = fold_name(re.sub(r"[(（][^()（）]*[)）]", "", unicodedata.normalize("NFKC", clean_text(text))))
    return key in VALUE_WORDS or (not key and stated_unit(text) is not None) or units.is_known(key)


def _check_unit(ind: IndicatorBlock, label: Any, table_unit: tuple[str, str] | None, file: Path, sheet: Sheet,
                where: str, report: Report) -> None:
    """A unit the table states (in the label's brackets, else on its '单位：' line) must be the spec's."""
    said, at = stated_unit(label), where
    if said is None and table_unit is not None:
        said, at = table_unit
    if said is None or said == ind.unit:
        return
    try:
        same_dimension = units.dimension(said) == units.dimension(ind.unit)
    except ValueError:
        same_dimension = False
    if same_dimension:
        report.add(file, f"the table states its '{ind.id}' numbers in {said}, the spec in {ind.unit}",
                   sheet=sheet.name, cell=at, value=said, expected=f"{ind.unit} (or correct the spec's unit)")


def _check_index_years(text: Any, data_year: int | None, file: Path, sheet: Sheet, where: str,
                       report: Report) -> None:
    """A growth-index header '2016年为2015年%' must name the file's data year first."""
    m = _INDEX_YEARS.search(unicodedata.normalize("NFKC", clean_text(text)))
    if m and data_year is not None and int(m.group(1)) != data_year:
        report.add(file, f"a growth-index column names {m.group(1)} but the data year is {data_year}: wrong file "
                   "or wrong year in its name?", sheet=sheet.name, cell=where, value=clean_text(text),
                   expected=f"{data_year}年为{data_year - 1}年%")


def _examples(spec: TableSpec) -> str:
    return ", ".join(sorted(next(iter(sorted(i.headers))) for i in spec.indicators)[:6])


def parse_sheet(sheet: Sheet, spec: TableSpec, *, file: str | Path, edition: str, report: Report,
                data_year: int | None = None, table: str | None = None) -> pd.DataFrame:
    """Read one sheet laid out as the spec describes into history rows.

    Parameters
    ----------
    sheet : Sheet
        A grid from :func:`kpi.inputs.workbook.read_workbook`.
    spec : TableSpec
        The table family's spec (the variant of this edition).
    file : str or Path
        The file the sheet comes from (for messages and the ``source_file`` column).
    edition : str
        The vintage of the file (its edition, or its data year when the spec says ``vintage: data_year``).
    report : Report
        Receives every problem found; rows with errors are left out of the result.
    data_year : int, optional
        The data year of every number, when the spec takes it from the file name or the title.
    table : str, optional
        The table number the file name gives (else the spec's ``table``).

    Returns
    -------
    DataFrame
        Rows in the history schema, values in the registry's unit of each indicator.

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
    source = spec.source.format(edition=edition, year=data_year if data_year is not None else "",
                                table=table or spec.table, title=spec.title, vintage=edition)
    source_file = paths.shown(file)
    blocks = _find_blocks(sheet, spec, file, report, data_year=data_year)
    if not blocks:
        if not _header_rows(sheet, spec):
            report.add(file, "table structure not found: no header row", sheet=sheet.name,
                       expected=f"a row with {' / '.join(sorted(spec.region_header))} in column "
                       f"{cell_name(0, spec.region_column)[:-1]} followed by labels such as {_examples(spec)}"
                       + (" and a row of years" if spec.year_from == "columns" else ""))
        return empty_history()
    rows: list[dict] = []
    seen: dict[tuple[str, str, int], tuple[float, str]] = {}
    name_repairs: dict[str, list[str]] = {}
    found = {c.indicator for b in blocks for c in b.columns.values()}
    for ind in spec.indicators:
        if ind.required and ind.id not in found:
            report.add(file, f"no block or column for indicator '{ind.id}'", sheet=sheet.name,
                       expected=f"a header row ({' / '.join(sorted(spec.region_header))}) with a label such as "
                       + " / ".join(sorted(ind.headers)))
    by_id = {i.id: i for i in spec.indicators}
    for b in blocks:
        regions_seen: dict[str, int] = {}
        by_values: dict[tuple, tuple[str, int]] = {}
        block_inds = sorted({c.indicator for c in b.columns.values()})
        for r in range(b.first_data_row, b.end_row):
            values = {c: sheet.value(r, c) for c in b.columns}
            has_values = any(not is_missing(v) for v in values.values())
            names = [(c, sheet.value(r, c)) for c in spec.region_name_columns if not is_missing(sheet.value(r, c))]
            stray = [c for c in range(spec.label_search_from, sheet.n_cols)
                     if c not in b.columns and c not in b.skipped and not is_missing(sheet.value(r, c))]
            if not names:
                if has_values:
                    report.add(file, "numbers in a row without a region name", sheet=sheet.name, row=r + 1,
                               value=next(v for v in values.values() if not is_missing(v)),
                               expected=f"a region name in column {cell_name(0, spec.region_column)[:-1]}")
                continue
            name_col, name = names[0]
            if not has_values:
                continue  # title, unit line, section label ('按地区分'), note ('注:…') or an empty region row
            region, match, marked = None, None, False
            for c, n in names:
                match = spec.registry.resolve_region(n, scope=spec.scope)
                bare = _FOOTNOTE_MARK.sub("", str(n)) if isinstance(n, str) else n
                if match.problem == "unknown" and bare != n and bare:
                    again = spec.registry.resolve_region(bare, scope=spec.scope)
                    if again.region:
                        match, marked = again, True
                if match.region:
                    name_col, name, region = c, n, match.region
                    break
                if match.problem in ("ambiguous", "aggregate", "aggregate type"):
                    name_col, name = c, n
                    break
            if region is None:
                first = spec.registry.resolve_region(name, scope=spec.scope)
                if fold_name(name) in spec.section_labels:
                    report.add(file, "numbers next to a section label", sheet=sheet.name,
                               cell=cell_name(r, name_col), value=name, expected="a region name")
                else:
                    message, expected = spec.registry.explain(first, name, scope=spec.scope)
                    severity = spec.unknown_region if first.problem == "unknown" else "error"
                    report.add(file, message + "; row skipped", severity=severity, sheet=sheet.name,
                               cell=cell_name(r, name_col), value=name, expected=expected)
                continue
            if marked:
                report.add(file, f"removed a footnote mark from a region name (matched as {region})", severity="repair",
                           sheet=sheet.name, cell=cell_name(r, name_col), value=name,
                           expected=_FOOTNOTE_MARK.sub("", name), category="footnote marks in names")
            if match is not None and match.aggregate:
                report.add(file, f"total row read as the table's scope ({region})", severity="repair",
                           sheet=sheet.name, cell=cell_name(r, name_col), value=name,
                           expected=str(spec.registry.regions.at[region, "name_zh"]), category="total rows")
            elif isinstance(name, str) and (name != name.strip() or _WHITESPACE.search(clean_text(name))
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
            clean: dict[str, list[float | None]] = {i: [] for i in block_inds}
            for c, col in b.columns.items():
                v, where, year, iid = values[c], cell_name(r, c), col.year, col.indicator
                try:
                    number, note = parse_number(v)
                except CellError as exc:
                    report.add(file, str(exc), sheet=sheet.name, cell=where, value=exc.value, expected=exc.expected)
                    clean[iid].append(None)
                    continue
                clean[iid].append(number)
                if number is None:
                    report.add(file, f"empty cell for {region} {year}", severity="warning", sheet=sheet.name,
                               cell=where, expected="a number")
                    continue
                if note:
                    report.add(file, note, severity="repair", sheet=sheet.name, cell=where, value=v,
                               expected=f"{number:g}", category=note.split(":")[0])
                if spec.minimum is not None and number < spec.minimum:
                    report.add(file, "value below the table's minimum", sheet=sheet.name, cell=where, value=v,
                               expected=f"a number >= {spec.minimum:g}")
                    continue
                key = (iid, region, year)
                if key in seen:
                    old, old_where = seen[key]
                    if old != number:
                        report.add(file, f"{region} {year} '{iid}' appears twice with different values "
                                   f"(also {old_where} = {old:g})", sheet=sheet.name, cell=where, value=v,
                                   expected="one value per indicator, region and year in an edition")
                        rows[:] = [x for x in rows if (x["indicator"], x["region"], x["year"]) != key]
                        seen[key] = (float("nan"), old_where)
                    else:
                        report.add(file, f"{region} {year} '{iid}' repeated with the same value "
                                   f"(also {old_where})", severity="warning", sheet=sheet.name, cell=where,
                                   value=v)
                    continue
                seen[key] = (number, where)
                ind = by_id[iid]
                notes = [note] if note else []
                value = number
                if ind.factor != 1.0:
                    value = number * ind.factor
                    notes.append(f"converted from {ind.unit} to {ind.registry_unit} (×{ind.factor:g}): "
                                 f"published {number:g}")
                rows.append({"indicator": iid, "region": region, "year": year, "value": value,
                             "unit": ind.registry_unit, "status": spec.status, "source": source,
                             "vintage": edition, "note": "; ".join(notes), "qualifier": "",
                             "source_file": source_file, "location": f"{sheet.name}!{where}"})
            if prior is None and spec.identical_rows:
                for iid, vals in clean.items():
                    if sum(x is not None for x in vals) < 3:
                        continue
                    sig = (iid, tuple(vals))
                    if sig in by_values and by_values[sig][0] != region:
                        other, other_row = by_values[sig]
                        report.add(file, f"row of {region} repeats the numbers of {other} (row {other_row + 1}) in "
                                   f"every year of block '{iid}': probably a copy error in the publication",
                                   severity=spec.identical_rows, sheet=sheet.name, row=r + 1,
                                   expected="different numbers for different regions")
                    else:
                        by_values.setdefault(sig, (region, r))
        missing = [reg for reg in spec.required_regions if reg not in regions_seen]
        if missing:
            first_col = min(b.columns)
            report.add(file, f"block '{', '.join(block_inds)}' (header {b.columns[first_col].label_cell}) lacks "
                       "required region(s): " + ", ".join(missing), sheet=sheet.name, row=b.header_row + 1,
                       expected="a row for each of " + ", ".join(spec.required_regions))
    for key, cells in name_repairs.items():
        raw, region = key.split("\x00")
        more = f"; same in {len(cells) - 1} more cell(s): {', '.join(cells[1:6])}{'…' if len(cells) > 6 else ''}" \
            if len(cells) > 1 else ""
        report.add(file, f"removed spaces from a region name (matched as {region}){more}", severity="repair",
                   sheet=sheet.name, cell=cells[0], value=raw, expected=fold_name(raw), category="spaces in names")
    rows = [x for x in rows if x["value"] == x["value"]]
    return as_history(rows) if rows else empty_history()


# ------------------------------------------------------------------------------------------ one file
def _title_year(sheet: Sheet, spec: TableSpec, file: Path, report: Report) -> int | None:
    """The data year stated in the rows above the first header row (one year, or an error)."""
    headers = _header_rows(sheet, spec)
    stop = headers[0] if headers else min(sheet.n_rows, 10)
    found: dict[int, str] = {}
    for r in range(stop):
        for c in range(min(sheet.n_cols, 12)):
            v = sheet.value(r, c)
            if not isinstance(v, str):
                continue
            if _UNIT_LINE.search(unicodedata.normalize("NFKC", v)):
                continue
            for m in spec.year_pattern.finditer(unicodedata.normalize("NFKC", clean_text(v))):
                found.setdefault(int(m.group("year")), cell_name(r, c))
    if len(found) == 1:
        return next(iter(found))
    if not found:
        report.add(file, "data year not found in the title", sheet=sheet.name, row=stop or None,
                   expected=f"a title above the header (rows 1–{max(stop, 1)}) naming the year, e.g. "
                   "'各市(州)地区生产总值(2019年)' (spec: year_from: title, year_pattern)")
    else:
        report.add(file, "several years in the title: the data year is ambiguous", sheet=sheet.name,
                   cell=next(iter(found.values())), value=", ".join(str(y) for y in sorted(found)),
                   expected="one year in the title, or a year_pattern that picks the data year")
    return None


def _repair_code_page(wb: Workbook, spec: TableSpec, file: Path, report: Report) -> None:
    """Text of an old .xls decoded in the wrong code page (GBK read as Latin-1): re-decode, or say what to do."""
    for sheet in wb.sheets.values():
        fixed, suspect = [], []
        for r, row in enumerate(sheet.cells):
            for c, v in enumerate(row):
                if not isinstance(v, str) or not any("\x80" <= ch <= "\xff" for ch in v):
                    continue
                try:
                    again = v.encode("latin-1").decode(spec.encoding or "gbk")
                except (UnicodeEncodeError, UnicodeDecodeError):
                    continue
                if not re.search(r"[\u4e00-\u9fff]", again):
                    continue
                if spec.encoding:
                    row[c] = again
                    fixed.append(cell_name(r, c))
                else:
                    suspect.append((cell_name(r, c), v, again))
        if fixed:
            report.add(file, f"re-decoded {len(fixed)} text cell(s) as {spec.encoding} (spec 'encoding'): "
                       + ", ".join(fixed[:6]) + ("…" if len(fixed) > 6 else ""), severity="repair", sheet=sheet.name,
                       cell=fixed[0], category="text in an old code page")
        if suspect:
            where, raw, again = suspect[0]
            report.add(file, f"{len(suspect)} text cell(s) look like Chinese read in the wrong code page "
                       f"({raw!r} is {again!r} in GBK)", sheet=sheet.name, cell=where, value=raw,
                       expected="text with correct Chinese: add 'encoding: gbk' to the spec")


def load_yearbook(path: str | Path, spec: TableSpec | str | Path, *, report: Report) -> pd.DataFrame:
    """Read one edition of a yearbook table through its spec.

    Parameters
    ----------
    path : str or Path
        The edition (.xlsx, .xlsm or .xls); its file name must match the spec's pattern (it gives the edition
        and/or the data year).
    spec : TableSpec, str or Path
        The parsed spec or the path of its ``spec.yaml``.
    report : Report
        Receives repairs, warnings and errors (rows with errors are left out).

    Returns
    -------
    DataFrame
        History rows (columns :data:`kpi.inputs.schema.HISTORY_COLUMNS`), vintage = the edition or the data
        year, as the spec says.

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
    groups = spec.match(path)
    if groups is None:
        report.add(path, "file name does not match the table's file pattern, so its edition is unknown",
                   value=path.name, expected=f"a name matching {spec.pattern.pattern} (spec {paths.shown(spec.path)})")
        return empty_history()
    spec = spec.for_key(groups.get("edition", groups.get("year")))
    wb = read_workbook(path, report=report, encoding=spec.encoding)
    _repair_code_page(wb, spec, path, report)
    if spec.sheet == "first":
        sheet = next(iter(wb.sheets.values()), None)
        if sheet is None:
            report.add(path, "workbook has no sheet", expected="a sheet with the table")
            return empty_history()
        sheets = [sheet]
    elif spec.sheet == "all":
        sheets = [s for s in wb.sheets.values() if s.name not in spec.ignore_sheets]
    else:
        sheet = wb.sheets.get(spec.sheet)
        if sheet is None:
            report.add(path, f"sheet {spec.sheet!r} not found", value=", ".join(wb.sheets),
                       expected=f"a sheet named {spec.sheet!r} (spec {paths.shown(spec.path)})")
            return empty_history()
        sheets = [sheet]
    account_for_sheets(wb, read=[s.name for s in sheets], known={n: "ignored by the spec" for n in spec.ignore_sheets},
                       report=report, looks_like_data=lambda s: "a header row of the table" if _header_rows(s, spec)
                       else None)
    frames = []
    for sheet in sheets:
        data_year = None
        if spec.year_from == "file_name":
            data_year = int(groups["year"])
        elif spec.year_from == "title":
            data_year = _title_year(sheet, spec, path, report)
            if data_year is None:
                continue
        if spec.vintage == "edition":
            vintage = groups["edition"]
        else:
            vintage = str(data_year)
        frames.append(parse_sheet(sheet, spec, file=path, edition=vintage, report=report, data_year=data_year,
                                  table=groups.get("table")))
    frames = [f for f in frames if not f.empty]
    if not frames:
        return empty_history()
    out = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    dup = out.duplicated(["indicator", "region", "year"], keep=False)
    if len(frames) > 1 and dup.any():
        for (ind, reg, year), g in out[dup].groupby(["indicator", "region", "year"]):
            if g["value"].nunique() > 1:
                report.add(path, f"{reg} {year} '{ind}' appears on two sheets with different values",
                           value=", ".join(g["location"]), expected="one value per indicator, region and year")
        conflicting = out[dup].groupby(["indicator", "region", "year"])["value"].transform("nunique") > 1
        out = out.drop(out[dup][conflicting].index).drop_duplicates(["indicator", "region", "year"])
    return as_history(out)


def _data_files(folder: Path) -> list[Path]:
    """The table's files: in its folder or any sub-folder (editions with the same file name, one folder each),
    except sub-folders that hold a spec of their own."""
    out = []
    for p in folder.rglob("*"):
        if not (p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith(("~$", "."))):
            continue
        if find_spec(p) == folder / SPEC_NAME:
            out.append(p)
    return sorted(out)


def find_spec(path: str | Path) -> Path | None:
    """The ``spec.yaml`` a yearbook file is read through: in its folder or the nearest folder above it (up to
    the folder ``yearbooks``), or None.

    >>> find_spec(paths.YEARBOOK_DIR / "jiangsu-2-12" / "jiangsu-yearbook-2023-table-2-12.xlsx").parent.name
    'jiangsu-2-12'
    """
    folder = Path(path).resolve().parent
    for d in (folder, *folder.parents):
        if (d / SPEC_NAME).is_file():
            return d / SPEC_NAME
        if d.name == "yearbooks" or d == paths.ROOT:
            break
    return None


def load_yearbooks(folder: str | Path | None = None, *, report: Report | None = None,
                   registry: Registry | None = None) -> pd.DataFrame:
    """Every edition of every table family under ``folder`` (each sub-folder with a ``spec.yaml``).

    Two files of one family with the same vintage are an error (one file per edition): the second is not read.

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
        by_vintage: dict[str, Path] = {}
        for path in _data_files(spec_path.parent):
            provenance.check(path, report)
            frame = load_yearbook(path, spec, report=report)
            for vintage in sorted(set(frame["vintage"])):
                if vintage in by_vintage:
                    report.add(path, f"a second file for vintage {vintage} of this table (also "
                               f"{by_vintage[vintage].name}); not read", value=path.name,
                               expected="one file per edition (or per data year) in a table's folder")
                    frame = frame[frame["vintage"] != vintage]
                else:
                    by_vintage[vintage] = path
            frames.append(frame)
    if own:
        report.raise_if_errors("yearbook tables")
    frames = [f for f in frames if not f.empty]
    if not frames:
        return empty_history()
    out = as_history(pd.concat(frames, ignore_index=True))
    return out.sort_values(["indicator", "region", "year", "vintage"], kind="mergesort").reset_index(drop=True)


def validate_yearbook_file(path: str | Path, *, report: Report) -> pd.DataFrame:
    """Check one yearbook file against the ``spec.yaml`` of its folder or the nearest one above (``kpi validate``).

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
        spec = load_spec(find_spec(path) or path.parent / SPEC_NAME)
    except DataValidationError as exc:
        report.extend(exc.report)
        return empty_history()
    provenance.check(path, report)
    return load_yearbook(path, spec, report=report)
