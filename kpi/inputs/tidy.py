"""Load hand-filled history workbooks (the template layout of :mod:`kpi.inputs.tidy_format`).

Economists add official figures by filling the template, saving it under
``data/raw/`` with a provenance sidecar, and rerunning — no code changes.
Every problem is collected with its file, sheet, cell, the bad value and what
was expected; unambiguous slips (全角 digits, stray spaces, thousands
separators, ``2021年``, look-alike spaces in names, a header below a title row)
are repaired and reported.

Examples
--------
>>> from kpi.core import paths
>>> from kpi.core.errors import Report
>>> r = Report()
>>> df = load_tidy_workbook(paths.ZONE_DIR / "zone_illustrative.xlsx", report=r)
>>> set(df["status"]) == {"illustrative"}, r.ok
(True, True)
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

import pandas as pd

from kpi.core import paths, settings
from kpi.inputs import units
from kpi.inputs.registry import Registry, load_registry
from kpi.inputs.cells import CellError, clean_text, fold_name, is_missing, parse_number, parse_year
from kpi.core.errors import Report
from kpi.inputs.schema import as_history, empty_history
from kpi.inputs.tidy_format import (COLUMNS, DATA_SHEET, LISTS_SHEET, README_SHEET, REQUIRED_COLUMNS, header_key,
                                     qualifier_key, status_key)
from kpi.inputs.workbook import Sheet, account_for_sheets, cell_name, read_workbook

#: Sheets of the template layout that are not read (folded name → what they hold).
KNOWN_SHEETS = {README_SHEET: "instructions", LISTS_SHEET: "drop-down lists"}

_HEADER_SEARCH_ROWS = 10
_ODD_CHARS = re.compile(r"[\u00a0\u2000-\u200b\u3000\ufeff]")


def _find_header(sheet: Sheet) -> tuple[int, dict[str, int]] | None:
    """Row index and column map of the first row (among the first few) naming the required columns."""
    best: tuple[int, dict[str, int]] | None = None
    for r0 in range(min(_HEADER_SEARCH_ROWS, sheet.n_rows)):
        found: dict[str, int] = {}
        for c0, v in enumerate(sheet.cells[r0]):
            key = header_key(v) if v is not None else None
            if key and key not in found:
                found[key] = c0
        if best is None or len(found) > len(best[1]):
            best = (r0, found)
        if all(k in found for k in REQUIRED_COLUMNS):
            return r0, found
    return best if best and best[1] else None


def load_tidy_workbook(path: str | Path, *, report: Report, registry: Registry | None = None,
                       scope: str | None = None) -> pd.DataFrame:
    """Read one hand-filled history workbook into the tidy history schema.

    Only the sheet ``data`` is read; the template's ``说明 README`` and ``lists`` sheets are known, and any other
    sheet with content (hidden or not) is reported: a warning, or an error when it looks like data (a header row
    naming the template's columns), so rows typed on another sheet are never dropped without a word.

    Parameters
    ----------
    path : str or Path
        An .xlsx/.xlsm/.xls file in the template layout.
    report : Report
        Receives every error, repair and warning, each with its location.
    registry : Registry, optional
        The registries names are matched against (read from ``data/raw`` when not given).
    scope : str, optional
        The region id the workbook's total rows (全省, 合计, Total…) stand for; by default the ``scope`` of the
        file's provenance sidecar, if it names one. Without a scope a total-row label is an error.

    Returns
    -------
    DataFrame
        Rows in :data:`kpi.inputs.schema.HISTORY_COLUMNS`, values in each indicator's canonical unit. Rows with
        errors are left out, so check ``report.ok`` before trusting the frame.

    Raises
    ------
    UnusableInputError
        If the file is not a readable workbook (see :func:`kpi.inputs.workbook.read_workbook`).
    """
    path = Path(path)
    registry = registry or load_registry()
    latest_year = settings.analysis_year()
    scope = _scope(path, scope, registry, report)
    wb = read_workbook(path, report=report)
    sheet = _data_sheet(wb.sheets, path, report)
    account_for_sheets(wb, read=[sheet.name] if sheet is not None else [], known=KNOWN_SHEETS, report=report,
                       looks_like_data=_looks_like_data)
    if sheet is None:
        return empty_history()
    found = _find_header(sheet)
    if found is None:
        report.add(path, "no header row found in the first rows", sheet=sheet.name,
                   expected="a header row naming " + ", ".join(REQUIRED_COLUMNS))
        return empty_history()
    h0, colmap = found
    missing = [c for c in REQUIRED_COLUMNS if c not in colmap]
    if missing:
        merged = [m for m in sheet.merged if m[0] <= h0 <= m[2]]
        hint = ""
        if merged:
            hint = "; header cells are merged (" + ", ".join(
                f"{cell_name(m[0], m[1])}:{cell_name(m[2], m[3])}" for m in merged) + "): unmerge them"
        present = [clean_text(v) for v in sheet.cells[h0] if not is_missing(v)]
        report.add(path, f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}{hint}",
                   sheet=sheet.name, row=h0 + 1, value=", ".join(present) or None,
                   expected="columns " + ", ".join(COLUMNS[:9]) + " (English or Chinese headers)")
        return empty_history()
    if h0 > 0:
        report.add(path, f"header found on row {h0 + 1}, not row 1; rows above it were skipped", severity="repair",
                   sheet=sheet.name, row=h0 + 1)
    rows = []
    seen: dict[tuple, list[tuple[int, float]]] = defaultdict(list)
    n_filled = 0  # rows with any content (a header-only sheet is reported)
    for r0 in range(h0 + 1, sheet.n_rows):
        raw = {k: sheet.value(r0, c0) for k, c0 in colmap.items()}
        if all(is_missing(v) for v in raw.values()):
            continue
        n_filled += 1
        row = _read_row(path, sheet, r0, colmap, raw, report, registry=registry, latest_year=latest_year,
                        scope=scope)
        if row is None:
            continue
        key = (row["indicator"], row["region"], row["year"], row["status"], row["vintage"])
        seen[key].append((r0 + 1, row["value"]))
        rows.append(row)
    for (ind, reg, year, status, vintage), hits in seen.items():
        if len(hits) > 1:
            values = {v for _, v in hits}
            where = ", ".join(str(r) for r, _ in hits)
            if len(values) > 1:
                report.add(path, f"duplicated {ind}/{reg}/{year} rows with conflicting values (rows {where})",
                           sheet=sheet.name, row=hits[1][0], value=", ".join(f"{v:g}" for v in sorted(values)),
                           expected="one value per indicator, region, year, status and vintage")
            else:
                report.add(path, f"duplicated {ind}/{reg}/{year} rows with the same value (rows {where}); kept one",
                           severity="warning", sheet=sheet.name, row=hits[1][0])
    if not n_filled:
        report.add(path, "no data rows below the header", severity="warning", sheet=sheet.name, row=h0 + 1,
                   expected="one observation per row under the header")
    frame = as_history(rows) if rows else empty_history()
    if not frame.empty:
        bad_keys = {k[:3] for k, hits in seen.items() if len({v for _, v in hits}) > 1}
        keep = [(i, r, y) not in bad_keys for i, r, y in zip(frame["indicator"], frame["region"], frame["year"])]
        frame = frame[keep].drop_duplicates(["indicator", "region", "year", "status", "vintage"])
    return frame.reset_index(drop=True)


def _data_sheet(sheets: dict[str, Sheet], path: Path, report: Report) -> Sheet | None:
    if DATA_SHEET in sheets:
        return sheets[DATA_SHEET]
    folded = {fold_name(n): n for n in sheets}
    for alias in (DATA_SHEET, "数据", "data数据", "sheet1"):
        if fold_name(alias) in folded:
            name = folded[fold_name(alias)]
            report.add(path, f"sheet {DATA_SHEET!r} not found; read sheet {name!r} instead", severity="repair",
                       sheet=name)
            return sheets[name]
    report.add(path, f"missing sheet {DATA_SHEET!r}", value=", ".join(sheets) or "(no sheets)",
               expected=f"a sheet named {DATA_SHEET!r} in the template layout")
    return None


def _text(path: Path, sheet: Sheet, r0: int, c0: int, value: Any, report: Report) -> str | None:
    text = clean_text(value)
    if len(text) > settings.MAX_TEXT_LENGTH:
        report.add(path, f"text of {len(text):,} characters", sheet=sheet.name, cell=cell_name(r0, c0),
                   value=text[:40], expected=f"at most {settings.MAX_TEXT_LENGTH} characters")
        return None
    return text


def _read_row(path: Path, sheet: Sheet, r0: int, colmap: dict[str, int], raw: dict[str, Any],
              report: Report, *, registry: Registry, latest_year: int, scope: str | None = None) -> dict | None:
    where = lambda key: {"sheet": sheet.name, "cell": cell_name(r0, colmap[key])}  # noqa: E731
    n_errors = len(report.errors)
    notes: list[str] = []
    texts = {}
    for key in ("indicator", "region", "unit", "status", "source", "vintage", "note", "qualifier"):
        if key in colmap:
            texts[key] = _text(path, sheet, r0, colmap[key], raw.get(key), report)
    for key in ("year", "value"):  # typed text in number cells obeys the same length limit
        if isinstance(raw.get(key), str):
            _text(path, sheet, r0, colmap[key], raw[key], report)
    if len(report.errors) > n_errors:
        return None

    indicator = _match(path, report, where("indicator"), raw["indicator"], registry.match_indicator,
                       "indicator", "an indicator id or name from data/raw/indicators.yaml")
    region = _match_region(path, report, where("region"), raw["region"], registry, scope)
    year = None
    try:
        year, note = parse_year(raw["year"], latest=2100)
        if note:
            report.add(path, note, severity="repair", **where("year"))
        if year > latest_year:
            report.add(path, "future year in history", value=year, **where("year"),
                       expected=f"a year up to {latest_year} (the analysis year)")
            year = None
    except CellError as exc:
        report.add(path, str(exc), value=exc.value, expected=exc.expected, **where("year"))

    value = None
    try:
        value, note = parse_number(raw["value"])
        if note:
            report.add(path, note, severity="repair", **where("value"))
        if value is None:
            shown = clean_text(raw["value"]) or "(empty)"
            report.add(path, f"no value ({shown}); row skipped", severity="warning", **where("value"))
            return None
    except CellError as exc:
        report.add(path, str(exc), value=exc.value, expected=exc.expected, **where("value"))

    status = status_key(texts.get("status")) if texts.get("status") else None
    if status is None:
        report.add(path, "missing or unknown status", value=texts.get("status") or None, **where("status"),
                   expected="official, preliminary, estimate or illustrative (正式/初步/估计/示例)")
    if not texts.get("source"):
        report.add(path, "missing source (every number needs one)", **where("source"),
                   expected="a citation, e.g. 盐城统计年鉴2023 表3-1")
    qualifier = ""
    if texts.get("qualifier"):
        q = qualifier_key(texts["qualifier"])
        if q is None:
            report.add(path, "unknown qualifier", value=texts["qualifier"], **where("qualifier"),
                       expected="empty, >=, <= or ~")
        else:
            qualifier = q

    unit_text = texts.get("unit") or ""
    unit = None
    if not unit_text:
        report.add(path, "missing unit", **where("unit"), expected="the unit of the value, e.g. 亿元")
    elif not units.is_known(unit_text):
        report.add(path, "unknown unit", value=unit_text, **where("unit"),
                   expected="a unit declared in kpi/inputs/units.py, e.g. 亿元, 万元, 亿美元, %, 家")
    else:
        unit = units.canonical(unit_text)
    if len(report.errors) > n_errors:
        return None

    canon = registry.indicator_unit(indicator)
    ind = registry.indicators.loc[indicator]
    if unit != canon:
        try:
            f = units.factor(unit, canon)
        except ValueError:
            report.add(path, f"unit {unit} does not fit indicator {indicator}", value=unit_text, **where("unit"),
                       expected=f"{canon} or another {units.dimension(canon)} unit")
            return None
        value = value * f
        notes.append(f"converted from {unit} to {canon} (×{f:g})")
        report.add(path, f"converted {unit} to {canon} (×{f:g})", severity="repair", **where("unit"))
    if ind["measure"] == "share" and not 0 <= value <= 100:
        report.add(path, f"share outside 0–100 for {indicator}", value=value, **where("value"),
                   expected="a percentage between 0 and 100")
        return None
    if ind["measure"] in ("level", "count", "rank", "intensity") and value < 0:
        report.add(path, f"negative value for {indicator} ({ind['measure']})", value=value, **where("value"),
                   expected="a value ≥ 0")
        return None
    if ind["measure"] == "level" and value == 0:
        report.add(path, f"zero for {indicator}: read as a real zero", severity="warning", **where("value"))
    if texts.get("note"):
        notes.insert(0, texts["note"])
    return {"indicator": indicator, "region": region, "year": year, "value": value, "unit": canon,
            "status": status, "source": texts.get("source", ""), "vintage": texts.get("vintage") or "",
            "note": "; ".join(notes), "qualifier": qualifier, "source_file": paths.shown(path),
            "location": f"{sheet.name}!{r0 + 1}"}


def _match(path: Path, report: Report, where: dict, raw: Any, matcher, what: str, expected: str) -> str | None:
    text = clean_text(raw)
    if not text:
        report.add(path, f"missing {what}", expected=expected, **where)
        return None
    hit = matcher(text)
    if hit is None:
        report.add(path, f"unknown {what}", value=text, expected=expected, **where)
        return None
    if _ODD_CHARS.search(text) or unicodedata.normalize("NFKC", text) != text:
        report.add(path, f"{what} name had full-width or invisible characters; read as {hit!r}", severity="repair",
                   value=text, **where)
    return hit


def _match_region(path: Path, report: Report, where: dict, raw: Any, registry: Registry,
                  scope: str | None) -> str | None:
    """The region a cell names, in the workbook's scope; an unknown, ambiguous or unscoped total name is an error."""
    text = clean_text(raw)
    if not text:
        report.add(path, "missing region", expected="a region id or name from data/raw/regions.yaml", **where)
        return None
    match = registry.resolve_region(text, scope=scope)
    if match.region is None:
        message, expected = registry.explain(match, text, scope=scope)
        report.add(path, message, value=text, expected=expected, **where)
        return None
    if match.aggregate:
        report.add(path, f"total-row label read as the workbook's scope {match.region!r}", severity="repair",
                   value=text, expected=registry.regions.at[match.region, "name_zh"], category="total rows",
                   **where)
    elif _ODD_CHARS.search(text) or unicodedata.normalize("NFKC", text) != text:
        report.add(path, f"region name had full-width or invisible characters; read as {match.region!r}",
                   severity="repair", value=text, **where)
    return match.region


def _scope(path: Path, scope: str | None, registry: Registry, report: Report) -> str | None:
    """The workbook's scope: the argument, else the provenance sidecar's ``scope`` (checked against the registry)."""
    from kpi.inputs import provenance

    where: dict[str, Any] = {}
    if scope is None:
        side = provenance.sidecar_path(path)
        if not side.exists():
            return None
        try:
            scope = provenance.read_sidecar(path).get("scope")
        except Exception:  # an unreadable sidecar is reported by provenance.check
            return None
        if scope is None:
            return None
        path, where = side, {"key": "scope"}
    if str(scope) not in registry.regions.index:
        report.add(path, "scope is not a region id of the region registry", value=scope,
                   expected="a region id from data/raw/regions.yaml, e.g. jiangsu", **where)
        return None
    return str(scope)


def _looks_like_data(sheet: Sheet) -> str | None:
    """'a header row with …' when a sheet has the template's header (its rows would be history)."""
    found = _find_header(sheet)
    if found and sum(k in found[1] for k in REQUIRED_COLUMNS) >= 4:
        return "a header row with " + ", ".join(k for k in COLUMNS if k in found[1])
    return None
