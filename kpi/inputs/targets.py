"""The target registry of a plan: every quantitative target, validated.

A plan's registry is the ``targets.xlsx`` of its folder (:mod:`kpi.inputs.plans`; the default plan's,
``data/raw/plans/yancheng-etdz-2022-4/targets.xlsx``, is built reproducibly from the reviewed source
``scripts/targets_source.yaml`` by ``scripts/build_targets_workbook.py``). Sheet ``targets``: one row per
target, the columns :data:`COLUMNS`; sheet ``plan``: which plan it is (id, issuer, date, period, base year,
status, region, text), read by :func:`kpi.inputs.plans.read_plan_sheet`. :func:`validate_targets` checks every
cell and records each problem with its file, sheet, cell, the bad value and what was expected (target years
within the plan's years, quotes found in the plan's text when it has one); :func:`load_targets` returns the
validated table indexed by ``id`` (``attrs['plan']``: the :class:`~kpi.inputs.plans.Plan`) or raises.

Examples
--------
>>> tg = load_targets(paths.TARGETS_XLSX)
>>> g = tg.loc["gdp_2025"]
>>> float(g["value"]), g["unit"], g["direction"], int(g["target_year"])
(800.0, '亿元', '>=', 2025)
>>> tg.loc["tax_per_mu_industrial_land_2025", "stretch_value"]
np.float64(15.0)
>>> int(overview(tg, lang="en").loc["Total", "Total"]) == int(tg["component_of"].isna().sum())
True
"""

from __future__ import annotations

import math
import re
import unicodedata
from pathlib import Path
from typing import Any

import pandas as pd

from kpi.core import labels, paths
from kpi.inputs import plans as plan_sheet, provenance, units
from kpi.inputs.registry import Registry, load_registry
from kpi.inputs.cells import CellError, clean_text, fold_name, is_missing, parse_number, parse_year
from kpi.core.errors import Report
from kpi.inputs.workbook import Sheet, account_for_sheets, cell_name, read_workbook

SHEET = "targets"
README_SHEET = "说明 README"
LISTS_SHEET = "lists"
#: Sheets of the target workbook that are not read; any other sheet with content is reported.
KNOWN_SHEETS = {README_SHEET: "instructions", LISTS_SHEET: "drop-down lists"}
PLAN_SHEET = plan_sheet.PLAN_SHEET

#: Columns of the ``targets`` sheet, in workbook order.
COLUMNS = ("id", "area", "clause", "name_zh", "name_en", "value", "unit", "stretch_value", "direction", "kind",
           "start_year", "target_year", "indicator", "level", "quote", "notes", "compare_with", "component_of",
           "responsible")
#: Columns a workbook may leave out: ``notes``; ``compare_with`` (the comparators of a relative target:
#: ``china, jiangsu, yancheng`` or ``zone:gdp``); ``component_of`` (the id of the total a component row makes up,
#: e.g. one PV project of the 50 GW; not counted on its own); ``responsible`` (责任单位 named by the text).
OPTIONAL_COLUMNS = ("notes", "compare_with", "component_of", "responsible")
#: Columns that must be present in the header.
REQUIRED_COLUMNS = tuple(c for c in COLUMNS if c not in OPTIONAL_COLUMNS)

AREAS = tuple(labels.AREAS)
DIRECTIONS = tuple(labels.DIRECTIONS)
KINDS = tuple(labels.TARGET_KINDS)
LEVELS = tuple(labels.TARGET_LEVELS)
#: Kinds whose ``value`` stays empty.
VALUELESS_KINDS = ("relative", "qualitative")
#: Target years of a workbook without a plan sheet (the 2022 plan's: its base year + 1 to 2035); a plan's own are
#: :meth:`kpi.inputs.plans.Plan.first_year` to :meth:`~kpi.inputs.plans.Plan.last_year`.
FIRST_YEAR, LAST_YEAR = 2021, 2035
MAX_QUOTE = 30
HEADER_SEARCH_ROWS = 10

#: ``clause`` such as ``二``, ``二(二)``, ``三(一)2`` (full-width brackets are folded first).
CLAUSE_PATTERN = re.compile(r"^[一二三四五六七八九十]+(\([一二三四五六七八九十]+\)(\d{1,2})?)?$")
_ID_PATTERN = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
_WS = re.compile(r"\s+")

def _text(value: Any) -> str:
    return "" if is_missing(value) and not (isinstance(value, str) and value.strip()) else clean_text(value)


def _find_header(sheet: Sheet) -> tuple[int, dict[str, int]] | None:
    """Row (0-based) of the header — the first row holding a cell ``id`` — and its column positions."""
    for r in range(min(HEADER_SEARCH_ROWS, sheet.n_rows)):
        names = [fold_name(v) for v in sheet.cells[r]]
        if "id" in names:
            cols: dict[str, int] = {}
            for c, name in enumerate(names):
                if name and name not in cols:
                    cols[name] = c
            return r, cols
    return None


def _empty_frame() -> pd.DataFrame:
    frame = pd.DataFrame(columns=list(COLUMNS)).set_index("id")
    frame.attrs["plan"] = None
    return frame


def _policy_text(path: Path) -> str | None:
    try:
        return _WS.sub("", path.read_text(encoding="utf-8"))
    except OSError:
        return None


def validate_targets(path: str | Path, report: Report, *, registry: Registry | None = None) -> pd.DataFrame:
    """Check a target workbook cell by cell into ``report``; return the rows that passed.

    Parameters
    ----------
    path : str or Path
        The workbook (a plan folder's ``targets.xlsx``, e.g. ``data/raw/plans/yancheng-etdz-2022-4/targets.xlsx``, or a copy).
    report : Report
        Receives every problem, each naming the file, sheet, cell, the bad value and what was expected.
    registry : Registry, optional
        The registries indicator ids are checked against (read from ``data/raw`` when not given).

    Returns
    -------
    DataFrame
        The valid rows indexed by ``id``, columns :data:`COLUMNS` (``value`` and ``stretch_value``
        float, ``target_year`` int, ``start_year`` nullable int, empty text as ``None``). Empty when the
        sheet or a required column is missing.

    Raises
    ------
    UnusableInputError
        If the file cannot be read as a workbook at all (see :func:`kpi.inputs.workbook.read_workbook`).

    Examples
    --------
    >>> r = Report()
    >>> tg = validate_targets(paths.TARGETS_XLSX, r)
    >>> r.ok, tg.loc["hightech_firms_2025", "value"]
    (True, np.float64(220.0))
    """
    path = Path(path)
    wb = read_workbook(path, report=report)
    if provenance.sidecar_path(path).exists():
        provenance.check(path, report)
    folded = {fold_name(n): n for n in wb.sheets}
    sheet = wb.sheets.get(SHEET) or wb.sheets.get(folded.get(SHEET, ""))
    plan_ws = wb.sheets.get(PLAN_SHEET) or wb.sheets.get(folded.get(PLAN_SHEET, ""))
    account_for_sheets(wb, read=[s.name for s in (sheet, plan_ws) if s is not None], known=KNOWN_SHEETS,
                       report=report,
                       looks_like_data=lambda s: "a header row with id, name, value…" if _find_header(s) else None)
    reg = registry or load_registry()
    plan = None
    if plan_ws is not None:
        n_errors = len(report.errors)
        plan = plan_sheet.read_plan_sheet(plan_ws, path, report, registry_regions=set(reg.regions.index))
        if plan is None and len(report.errors) == n_errors:  # pragma: no cover - read_plan_sheet reports why
            report.add(path, "the plan sheet could not be read", sheet=plan_ws.name)
    elif path.parent.parent.name == paths.PLANS_DIR.name:
        report.add(path, f"no sheet named {PLAN_SHEET!r} in a plan folder's targets workbook",
                   value=", ".join(wb.sheets) or "(no sheets)",
                   expected=f"a sheet {PLAN_SHEET!r} with the fields " + ", ".join(plan_sheet.PLAN_FIELDS)
                   + " (kpi template PATH --plan writes one)")
    if sheet is None:
        report.add(path, f"no sheet named {SHEET!r}", value=", ".join(wb.sheets) or "(no sheets)",
                   expected=f"a sheet {SHEET!r} holding one target per row (sheets present are listed)")
        return _empty_frame()
    found = _find_header(sheet)
    if found is None:
        report.add(path, "no header row (a row with the column names, starting with 'id')", sheet=sheet.name,
                   expected="the columns " + ", ".join(COLUMNS) + f" in one of the first {HEADER_SEARCH_ROWS} rows")
        return _empty_frame()
    hrow, cols = found
    missing = [c for c in REQUIRED_COLUMNS if c not in cols]
    for c in missing:
        report.add(path, f"required column {c!r} is missing (renamed or deleted?)", sheet=sheet.name,
                   row=hrow + 1, expected="the header names " + ", ".join(COLUMNS))
    for name, c in cols.items():
        if name not in COLUMNS:
            report.add(path, f"unknown column {name!r} is ignored", severity="warning", sheet=sheet.name,
                       cell=cell_name(hrow, c), expected="only the columns " + ", ".join(COLUMNS))
    if missing:
        return _empty_frame()

    indicators, regions = reg.indicators, set(reg.regions.index)
    if plan is not None:  # the plan's own years and text (no quote check for a plan without a text)
        text_path = path.parent / plan.text if plan.text and (path.parent / plan.text).is_file() else None
        if text_path is not None and provenance.sidecar_path(text_path).exists():
            provenance.check(text_path, report)
        years = (plan.first_year(), plan.last_year())
    elif plan_ws is not None or path.parent.parent.name == paths.PLANS_DIR.name:
        # a plan whose plan sheet has errors (reported above): its targets are still checked, but never against
        # another plan's text or years — only that each year is a plausible year
        text_path, years = None, (plan_sheet.EARLIEST_YEAR, plan_sheet.LATEST_YEAR)
    else:  # a registry without a plan sheet outside a plan folder: the 2022 plan's text and years
        text_path, years = paths.POLICY_TEXT, (FIRST_YEAR, LAST_YEAR)
    policy = _policy_text(text_path) if text_path is not None else None
    rules = {"policy": policy, "policy_name": text_path.name if text_path else "", "years": years,
             "quote_required": text_path is not None}
    rows: list[dict[str, Any]] = []
    seen: dict[str, str] = {}
    for r in range(hrow + 1, sheet.n_rows):
        raw = {c: sheet.value(r, cols[c]) if c in cols else None for c in COLUMNS}
        if all(is_missing(v) for v in raw.values()):
            continue
        row = _check_row(path, sheet.name, r, cols, raw, report, indicators=indicators, regions=regions,
                         seen=seen, **rules)
        if row is not None:
            rows.append(row)
    if not rows:
        if not report.errors:
            report.add(path, "the targets sheet has no target rows", sheet=sheet.name,
                       expected="one target per row below the header")
        return _empty_frame()
    ids = {row["id"] for row in rows}
    kept = []
    for row in rows:
        parent = row["component_of"]
        if parent and (parent not in ids or parent == row["id"]):
            c = cols.get("component_of")
            report.add(path, "component_of names no other target of the sheet", sheet=sheet.name,
                       cell=cell_name(row.pop("_row"), c) if c is not None else None, column="component_of",
                       value=parent, expected="the id of the total this row is a part of")
            continue
        row.pop("_row", None)
        kept.append(row)
    rows = kept
    frame = pd.DataFrame(rows, columns=list(COLUMNS)).set_index("id")
    frame["value"] = frame["value"].astype(float)
    frame["stretch_value"] = frame["stretch_value"].astype(float)
    frame["target_year"] = frame["target_year"].astype(int)
    frame["start_year"] = frame["start_year"].astype("Int64")
    for col in ("unit", "direction", "indicator", "quote", "notes", "name_zh", "name_en", "compare_with",
                "component_of", "responsible"):
        frame[col] = frame[col].astype(object).where(frame[col].notna(), None)  # empty text is None, never NaN
    frame.attrs["plan"] = plan
    return frame


def _check_row(path: Path, sheet: str, r: int, cols: dict[str, int], raw: dict[str, Any], report: Report, *,
               indicators: pd.DataFrame, regions: set[str], policy: str | None, policy_name: str,
               years: tuple[int, int], quote_required: bool, seen: dict[str, str]) -> dict[str, Any] | None:
    """Validate one data row (0-based row ``r``); return the clean row, or None if it has an error."""
    n_before = len(report.errors)

    def where(col: str) -> dict[str, Any]:
        return {"sheet": sheet, "cell": cell_name(r, cols[col]) if col in cols else None,
                "row": r + 1, "column": col}

    def err(col: str, message: str, value: Any, expected: str, severity: str = "error") -> None:
        report.add(path, message, severity=severity, value=value, expected=expected, **where(col))

    out: dict[str, Any] = {c: None for c in COLUMNS}
    for c in ("name_zh", "name_en", "notes", "indicator", "quote", "unit", "compare_with", "component_of",
              "responsible"):
        out[c] = _text(raw[c]) or None

    # id
    tid = _text(raw["id"])
    if not tid:
        err("id", "missing id", raw["id"], "a snake_case id such as gdp_2025")
    elif not _ID_PATTERN.match(tid):
        err("id", "id is not snake_case", raw["id"], "lower-case letters, digits and '_', e.g. gdp_2025")
    elif tid in seen:
        err("id", f"duplicate id (first used in cell {seen[tid]})", tid, "each id once")
    else:
        seen[tid] = where("id")["cell"]
    out["id"] = tid

    # coded columns
    for col, allowed in (("area", AREAS), ("kind", KINDS), ("level", LEVELS)):
        v = _text(raw[col])
        if v not in allowed:
            err(col, f"unknown {col}" if v else f"missing {col}", raw[col], " | ".join(allowed))
        out[col] = v
    kind = out["kind"]
    direction = unicodedata.normalize("NFKC", _text(raw["direction"])).replace("≥", ">=").replace("≤", "<=")
    if direction and direction not in DIRECTIONS:
        err("direction", "unknown direction", raw["direction"], " | ".join(DIRECTIONS) + " (超/以上 → >=, "
            "以内/控制在 → <=, 左右/约 → ~)")
    elif not direction and kind != "qualitative":
        err("direction", "missing direction", raw["direction"], " | ".join(DIRECTIONS))
    out["direction"] = direction or None

    # clause
    clause_raw = _text(raw["clause"])
    clause = _WS.sub("", unicodedata.normalize("NFKC", clause_raw))
    if not CLAUSE_PATTERN.match(clause):
        err("clause", "clause is not a section reference", raw["clause"],
            "a clause such as 二, 二(二) or 三(一)2")
    elif clause != clause_raw:
        err("clause", f"clause written with full-width brackets or spaces, read as {clause!r}", raw["clause"],
            "ASCII brackets such as 三(一)2", severity="repair")
    out["clause"] = clause

    # numbers
    for col in ("value", "stretch_value"):
        try:
            number, note = parse_number(raw[col])
        except CellError as exc:
            err(col, str(exc), exc.value, exc.expected)
            number, note = None, None
        if note:
            err(col, note, raw[col], "a plain number", severity="repair")
        out[col] = math.nan if number is None else number
    value, stretch = out["value"], out["stretch_value"]
    has_value = not math.isnan(value)
    if not has_value and kind in KINDS and kind not in VALUELESS_KINDS and is_missing(raw["value"]):
        err("value", f"missing value for a {kind} target", raw["value"],
            "a number (only kinds relative and qualitative may leave it empty)")
    if kind == "share":
        for col, v in (("value", value), ("stretch_value", stretch)):
            if not math.isnan(v) and not 0 <= v <= 100:
                err(col, "share out of range", v, "a percentage between 0 and 100")
    if kind in ("count", "cumulative", "average") and has_value and value < 0:
        err("value", "negative count", value, "a count of 0 or more")
    if not math.isnan(stretch):
        if not has_value:
            err("stretch_value", "stretch value without a value", stretch, "a value to stretch from")
        elif direction == ">=" and stretch < value:
            err("stretch_value", f"stretch value below the value {value:g} for direction >=", stretch,
                f"a figure at least {value:g} (力争 names the higher figure)")
        elif direction == "<=" and stretch > value:
            err("stretch_value", f"stretch value above the value {value:g} for direction <=", stretch,
                f"a figure at most {value:g} (力争 names the stricter figure)")
        elif direction == "~":
            err("stretch_value", "stretch value for an approximate (~) target", stretch,
                "direction >= or <= when the text gives a 力争 figure")

    # unit
    unit = out["unit"]
    if unit:
        if not units.is_known(unit):
            err("unit", "unknown unit", unit, "a unit declared in kpi/inputs/units.py such as 亿元, 亿美元, %, 家, 个")
        else:
            out["unit"] = units.canonical(unit)
            if kind == "share" and out["unit"] != "%":
                err("unit", "a share target in a unit other than %", unit, "%")
    elif has_value:
        err("unit", "missing unit for a number", raw["unit"], "a unit such as 亿元, %, 家")

    # years
    for col in ("target_year", "start_year"):
        if col == "start_year" and is_missing(raw[col]):
            out[col] = pd.NA
            continue
        try:
            year, note = parse_year(raw[col], earliest=years[0], latest=years[1])
        except CellError as exc:
            err(col, str(exc), exc.value, f"a year between {years[0]} and {years[1]}" + (
                " (the plan's base year + 1 to its period's end + 10)" if years[0] > plan_sheet.EARLIEST_YEAR
                else ""))
            out[col] = pd.NA
            continue
        if note:
            err(col, note, raw[col], "a plain year", severity="repair")
        out[col] = year
    ty, sy = out["target_year"], out["start_year"]
    if kind in ("cumulative", "average") and sy is pd.NA and not is_missing(raw["target_year"]):
        err("start_year", f"{kind} target without a start year", raw["start_year"],
            "the first year counted (五年内… → 2021)")
    if sy is not pd.NA and ty is not pd.NA and sy > ty:
        err("start_year", f"start year after the target year {ty}", sy, f"a year at most {ty}")

    # indicator
    ind = out["indicator"]
    if ind and ind not in indicators.index:
        err("indicator", "unknown indicator", ind,
            "an id of data/raw/indicators.yaml (or empty), e.g. " + ", ".join(list(indicators.index[:4])))

    # comparators of a relative target
    compare = out["compare_with"]
    if compare and kind != "relative":
        err("compare_with", f"comparators for a {kind} target", compare, "comparators only on relative targets")
    elif compare:
        for item in re.split(r"[,;，；]", compare):
            region, _, other = item.strip().partition(":")
            if not region or (region not in regions and region != "china"):
                err("compare_with", f"unknown comparator region {region!r}", compare,
                    "region ids of data/raw/regions.yaml, optionally region:indicator, e.g. 'china, jiangsu, "
                    "yancheng' or 'zone:gdp'")
            elif other and other.strip() not in indicators.index:
                err("compare_with", f"unknown comparator indicator {other.strip()!r}", compare,
                    "an id of data/raw/indicators.yaml after the ':'")
    elif kind == "relative":
        err("compare_with", "relative target without comparators", raw.get("compare_with"),
            "the regions the text compares with, e.g. 'china, jiangsu, yancheng'", severity="warning")
    if direction == ">" and kind != "relative":
        err("direction", "'>' (快于, strictly faster) is for relative targets", raw["direction"],
            ">= for 超/达到/以上 targets")

    # quote
    quote = out["quote"]
    if not quote:
        if quote_required:
            err("quote", "missing quote", raw["quote"], "the phrase of the policy document stating the target")
    elif len(quote) > MAX_QUOTE:
        err("quote", f"quote longer than {MAX_QUOTE} characters ({len(quote)})", quote,
            f"at most {MAX_QUOTE} characters of the document")
    elif policy is not None and _WS.sub("", quote) not in policy:
        err("quote", "quote not found in the policy document", quote,
            f"a phrase of {policy_name} (whitespace ignored)", severity="warning")

    out["_row"] = r
    return out if len(report.errors) == n_before else None


def load_targets(path: str | Path) -> pd.DataFrame:
    """A target workbook as a validated DataFrame indexed by ``id`` (no cache).

    The shipped registry is loaded by :func:`kpi.load_targets` (:func:`kpi.inputs.raw.load_targets`), which
    parses it once per change of ``data/raw``.

    Parameters
    ----------
    path : str or Path
        The workbook, laid out as a plan folder's ``targets.xlsx``.

    Returns
    -------
    DataFrame
        Columns ``area, clause, name_zh, name_en, value, unit, stretch_value, direction, kind,
        start_year, target_year, indicator, level, quote, notes, compare_with, component_of, responsible``.

    Raises
    ------
    DataValidationError
        If any cell is invalid; its report lists every problem with file, sheet and cell.
    UnusableInputError
        If the file cannot be read as a workbook.

    Examples
    --------
    >>> tg = load_targets(paths.TARGETS_XLSX)
    >>> float(tg.loc["share_nonfossil_energy_2025", "value"]), tg.loc["share_nonfossil_energy_2025", "unit"]
    (35.0, '%')
    >>> (tg["kind"] == "qualitative").any()
    np.True_
    """
    report = Report()
    frame = validate_targets(Path(path), report)
    report.raise_if_errors("target registry")
    return frame


def overview(tg: pd.DataFrame, *, lang: str = "zh") -> pd.DataFrame:
    """Count targets by area × target year, and by kind, with a total row and column.

    Parameters
    ----------
    tg : DataFrame
        A target registry (:func:`kpi.load_targets`).
    lang : {'zh', 'en'}
        Labels in Chinese or English.

    Returns
    -------
    DataFrame
        One row per area (plus ``合计``/``Total``); columns: one per target year, one per kind, the total,
        and the component rows (the parts of a total, such as one PV project of the 50 GW), which are not
        counted in the other columns.

    Examples
    --------
    >>> tg = load_targets(paths.TARGETS_XLSX)
    >>> ov = overview(tg, lang="en")
    >>> int(ov.loc["Aggregates", 2025]) >= 5
    True
    >>> list(overview(tg).columns[-2:])
    ['合计', '组成项（不计入）']
    """
    i = labels.check_lang(lang)
    total = "合计" if i == 0 else "Total"
    areas = [a for a in AREAS if a in set(tg["area"])] + sorted(set(tg["area"]) - set(AREAS))
    is_part = tg["component_of"].notna() if "component_of" in tg.columns else pd.Series(False, index=tg.index)
    parts = is_part.groupby(tg["area"]).sum().reindex(areas, fill_value=0)
    tg = tg[~is_part]
    by_year = pd.crosstab(tg["area"], tg["target_year"]).reindex(areas, fill_value=0).fillna(0)
    kinds = [k for k in KINDS if k in set(tg["kind"])]
    by_kind = pd.crosstab(tg["area"], tg["kind"]).reindex(index=areas, columns=kinds, fill_value=0)
    by_kind.columns = [labels.TARGET_KINDS[k][i] for k in kinds]
    out = pd.concat([by_year, by_kind], axis=1)
    out[total] = by_year.sum(axis=1)
    out["组成项（不计入）" if i == 0 else "components (not counted)"] = parts
    out.loc[total] = out.sum(axis=0)
    out.index = [labels.label(labels.AREAS, a, lang) if a != total else a for a in out.index]
    out.index.name = "领域" if i == 0 else "area"
    out.columns.name = "目标年份 / 类型" if i == 0 else "target year / kind"
    return out.astype(int)
