"""Plans: a plan is a folder of data, so the same machinery evaluates any number of them.

A plan folder ``data/raw/plans/<plan id>/`` holds:

* ``targets.xlsx`` — the target registry in the registry format (:mod:`kpi.inputs.targets`, sheet ``targets``),
  generalised by a sheet ``plan`` that says which plan it is (:data:`PLAN_FIELDS`: id, titles, document number,
  issuer, date, period, **base year**, status, region, text);
* the plan's text, if available (a UTF-8 ``.txt`` named by the ``text`` field): quotes are checked against it;
* a provenance sidecar for each file (``<file>.provenance.yaml``).

The 2022 plan (盐开发〔2022〕4号) is the folder :data:`kpi.core.paths.DEFAULT_PLAN` and stays the default of every
call; a city's or the province's plan, or the next plan's draft, is another folder: the build evaluates every
folder present, with no code change. ``kpi template PATH --plan`` writes a blank plan workbook.

The base year is the plan's own: τ, ρ, the growth since the base and the first year of cumulative targets are
measured from it (:func:`kpi.model.assessment.analyse`), so a 十三五 plan (base 2015) is judged on 2015.

Examples
--------
>>> [p.name for p in plan_folders()][:1]
['yancheng-etdz-2022-4']
>>> STATUS_CODES
('official', 'draft', 'illustrative')
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from kpi.core import labels, paths
from kpi.core.errors import Report
from kpi.inputs.cells import CellError, clean_text, fold_name, is_missing, parse_year

#: The sheet of a targets workbook that says which plan it is: one field a row (``field | value | 说明``).
PLAN_SHEET = "plan"
#: Plan statuses (:data:`kpi.core.labels.PLAN_STATUSES`): an official document, a draft, or an illustrative example
#: whose targets are no one's (shown as such on every output).
STATUS_CODES = tuple(labels.PLAN_STATUSES)
#: Target years a plan may state beyond its period's end (远景目标: 2035 for a plan ending 2025).
LONG_RANGE_YEARS = 10
#: The fields of the plan sheet: (required, 中文说明, English).
PLAN_FIELDS: dict[str, tuple[bool, str, str]] = {
    "id": (True, "规划代码：小写英文、数字和连字符，与所在文件夹同名，如 yancheng-etdz-2022-4",
           "plan id: lower-case letters, digits and hyphens, the name of its folder, e.g. yancheng-etdz-2022-4"),
    "title_zh": (True, "规划（文件）中文标题", "Chinese title of the plan or document"),
    "title_en": (True, "英文标题", "English title"),
    "document": (False, "文号，如 盐开发〔2022〕4号", "document number, e.g. 盐开发〔2022〕4号"),
    "issuer": (True, "发文机关", "issuing body"),
    "date": (True, "发布（或草案）日期，YYYY-MM-DD", "date issued (or of the draft), YYYY-MM-DD"),
    "period_start": (True, "规划期第一年，如 2021", "first year of the plan period, e.g. 2021"),
    "period_end": (True, "规划期最后一年，如 2025", "last year of the plan period, e.g. 2025"),
    "base_year": (True, "基期年份：τ、ρ、基期以来增速和累计目标的起点，如 2020（“十四五”基期）",
                  "base year: τ, ρ, growth since the base and cumulative targets count from it, e.g. 2020"),
    "status": (True, "official 正式文件 / draft 草案 / illustrative 示例（非任何机构的目标）",
               "official document / draft / illustrative (no one's targets)"),
    "region": (False, "目标衡量的地区代码（data/raw/regions.yaml），默认 zone（本区）",
               "the region whose series measure the targets (data/raw/regions.yaml), default zone"),
    "text": (False, "规划文本文件名（同一文件夹中的 .txt），用于核对原文摘录；没有则留空",
             "file name of the plan's text (a .txt in the same folder) the quotes are checked against; empty if none"),
}
#: The years a plan sheet's year fields may hold (a wider range is a typo).
EARLIEST_YEAR, LATEST_YEAR = 1949, 2100
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
HEADER_SEARCH_ROWS = 5


@dataclass(frozen=True)
class Plan:
    """Who set a plan, when, for which period, from which base year — the plan sheet of its targets workbook."""

    id: str
    title_zh: str
    title_en: str
    issuer: str
    date: str
    period_start: int
    period_end: int
    base_year: int
    status: str
    document: str = ""
    region: str = "zone"
    text: str = ""
    folder: str = ""

    @property
    def illustrative(self) -> bool:
        """True for an example whose targets are no one's (stamped illustrative on every output)."""
        return self.status == "illustrative"

    def first_year(self) -> int:
        """The first target year the plan may state: the year after its base year."""
        return self.base_year + 1

    def last_year(self) -> int:
        """The last target year the plan may state: its period's end plus :data:`LONG_RANGE_YEARS`."""
        return self.period_end + LONG_RANGE_YEARS

    def label(self, lang: str = "zh") -> str:
        """How outputs name the plan: its document number (or title) and period, marked when illustrative.

        >>> Plan("x", "某规划", "A plan", "某委", "2026-01-01", 2026, 2030, 2025, "illustrative").label("en")
        'A plan (2026–2030; illustrative (not official targets))'
        """
        i = labels.check_lang(lang)
        name = (self.document or self.title_zh) if i == 0 else (self.title_en or self.document)
        tag = "" if self.status == "official" else ("；" if i == 0 else "; ") + labels.label(
            labels.PLAN_STATUSES, self.status, lang)
        return f"{name}（{self.period_start}–{self.period_end}{tag}）" if i == 0 else \
            f"{name} ({self.period_start}–{self.period_end}{tag})"

    def as_row(self) -> dict[str, Any]:
        """The plan's fields as one table row (``plans.csv``)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def plan_folders(raw: str | Path | None = None) -> list[Path]:
    """Every plan folder under ``raw/plans`` (a folder holding a ``targets.xlsx``), sorted by name."""
    root = Path(raw or paths.RAW) / paths.PLANS_DIR.name
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and (p / paths.PLAN_TARGETS).is_file()
                  and not p.name.startswith("."))


def _find_header(sheet) -> int | None:
    for r in range(min(HEADER_SEARCH_ROWS, sheet.n_rows)):
        if [fold_name(v) for v in sheet.cells[r][:2]] == ["field", "value"]:
            return r
    return None


def read_plan_sheet(sheet, path: Path, report: Report, *, registry_regions=None) -> Plan | None:
    """Read and check the ``plan`` sheet of a targets workbook; every problem names the sheet, cell, value and
    what was expected. Returns the :class:`Plan`, or None when a field is missing or wrong.

    Parameters
    ----------
    sheet : kpi.inputs.workbook.Sheet
        The sheet (header row ``field | value``, one field a row).
    path : Path
        The workbook (for the messages; the plan's folder is its parent).
    report : Report
        Receives the problems.
    registry_regions : collection of str, optional
        Region ids the ``region`` field must be one of.
    """
    from kpi.inputs.workbook import cell_name

    n_before = len(report.errors)
    hrow = _find_header(sheet)
    if hrow is None:
        report.add(path, "no header row 'field | value' in the plan sheet", sheet=sheet.name,
                   expected="a row with the headers field and value, then one plan field a row: "
                            + ", ".join(PLAN_FIELDS))
        return None
    values: dict[str, Any] = {}
    where: dict[str, str] = {}
    for r in range(hrow + 1, sheet.n_rows):
        key, value = sheet.value(r, 0), sheet.value(r, 1)
        if is_missing(key) and is_missing(value):
            continue
        name = fold_name(key)
        if name not in PLAN_FIELDS:
            report.add(path, f"unknown plan field {clean_text(key)!r}", sheet=sheet.name, cell=cell_name(r, 0),
                       value=key, expected="one of " + ", ".join(PLAN_FIELDS))
            continue
        if name in values:
            report.add(path, f"plan field {name!r} given twice (first in {where[name]})", sheet=sheet.name,
                       cell=cell_name(r, 0), value=key, expected="each field once")
            continue
        values[name], where[name] = value, cell_name(r, 1)

    def err(name: str, message: str, expected: str) -> None:
        report.add(path, message, sheet=sheet.name, cell=where.get(name), column=name, value=values.get(name),
                   expected=expected)

    for name, (required, _, en) in PLAN_FIELDS.items():
        if required and is_missing(values.get(name)):
            err(name, f"plan field {name!r} is missing", en)
    out: dict[str, Any] = {k: clean_text(v) for k, v in values.items() if not is_missing(v)}
    for name in ("period_start", "period_end", "base_year"):
        if name in out:
            try:
                out[name], _ = parse_year(values[name], earliest=EARLIEST_YEAR, latest=LATEST_YEAR)
            except CellError as exc:
                err(name, f"plan field {name!r}: {exc}", "a year such as 2020")
                out.pop(name)
    if "id" in out and not _ID.match(out["id"]):
        err("id", "plan id is not lower-case letters, digits and hyphens", "e.g. yancheng-etdz-2022-4")
    if "id" in out and path.parent.parent.name == paths.PLANS_DIR.name and out["id"] != path.parent.name:
        err("id", f"plan id differs from its folder name {path.parent.name!r}",
            f"the folder's name, {path.parent.name} (or rename the folder)")
    if "status" in out and out["status"] not in STATUS_CODES:
        err("status", "unknown plan status", " | ".join(STATUS_CODES))
    if "date" in out:
        text = out["date"].split(" ")[0]
        try:
            if not _DATE.match(text):
                raise ValueError
            dt.date.fromisoformat(text)
            out["date"] = text
        except ValueError:
            err("date", "plan date is not a date YYYY-MM-DD", "e.g. 2022-03-11")
    if {"period_start", "period_end"} <= set(out) and out["period_start"] > out["period_end"]:
        err("period_end", f"period ends before it starts ({out['period_start']})",
            f"a year at least {out['period_start']}")
    if {"base_year", "period_end"} <= set(out) and out["base_year"] >= out["period_end"]:
        err("base_year", f"base year not before the period's end {out['period_end']}",
            f"a year before {out['period_end']} (usually the year before the period starts)")
    if "region" in out and registry_regions is not None and out["region"] not in registry_regions:
        err("region", "unknown region", "a region id of data/raw/regions.yaml, e.g. zone, yancheng, jiangsu")
    if "text" in out and not (path.parent / out["text"]).is_file():
        in_folder = path.parent.parent.name == paths.PLANS_DIR.name
        report.add(path, f"the plan's text {out['text']!r} is not in the plan's folder"
                   + ("" if in_folder else ": its quotes are not checked (a copy outside its plan folder)"),
                   severity="error" if in_folder else "warning", sheet=sheet.name, cell=where.get("text"),
                   column="text", value=out["text"], expected=f"a .txt file beside the workbook in {path.parent} "
                   "(or leave the field empty)")
    if len(report.errors) > n_before:
        return None
    return Plan(id=out["id"], title_zh=out["title_zh"], title_en=out["title_en"], issuer=out["issuer"],
                date=out["date"], period_start=int(out["period_start"]), period_end=int(out["period_end"]),
                base_year=int(out["base_year"]), status=out["status"], document=out.get("document", ""),
                region=out.get("region", "zone"), text=out.get("text", ""),
                folder=_relative(path.parent))


def _relative(folder: Path) -> str:
    try:
        return folder.resolve().relative_to(paths.ROOT).as_posix()
    except ValueError:
        return folder.name


def resolve(plan: str | Path | None, raw: str | Path | None = None) -> Path:
    """The targets workbook of ``plan``: a plan id (a folder under ``data/raw/plans``), a plan folder, or its
    workbook; the default plan when None.

    Raises
    ------
    ValueError
        If no such plan folder exists (the plans present are listed).

    Examples
    --------
    >>> resolve(None).relative_to(paths.RAW).as_posix()
    'plans/yancheng-etdz-2022-4/targets.xlsx'
    """
    if plan is None:
        plan = paths.DEFAULT_PLAN
    p = Path(plan)
    if p.suffix.lower() == ".xlsx" and p.is_file():
        return p
    if p.is_dir() and (p / paths.PLAN_TARGETS).is_file():
        return p / paths.PLAN_TARGETS
    folder = Path(raw or paths.RAW) / paths.PLANS_DIR.name / str(plan)
    if (folder / paths.PLAN_TARGETS).is_file():
        return folder / paths.PLAN_TARGETS
    present = ", ".join(f.name for f in plan_folders(raw)) or "none"
    raise ValueError(f"no plan {str(plan)!r}: expected a folder data/raw/plans/<plan id>/ holding "
                     f"{paths.PLAN_TARGETS} (plans present: {present})")
