"""``data/raw`` as the analysis sees it: every plan's target registry and every history row, parsed once.

This is the one place the cache (:mod:`kpi.core.cache`) is used: the parse of ``data/raw`` — the targets
workbook of every plan folder (:mod:`kpi.inputs.plans`), the yearbook tables, the facts and the hand-filled
workbooks, every cell validated — is kept with the problems it reported under a fingerprint of every input byte
and of kpi's code, so the next notebook kernel or ``kpi.assess()`` reads it back instead of parsing again. A
parse with errors is never kept: it is repeated, and reported, every time.

Examples
--------
>>> tg = load_targets()
>>> float(tg.loc["gdp_2025", "value"])
800.0
>>> h = load_history()
>>> sorted(h["status"].unique())[:2]
['estimate', 'illustrative']
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import pandas as pd

from kpi.core import paths
from kpi.core.cache import cached
from kpi.core.errors import Problem, Report
from kpi.inputs import history, plans, targets
from kpi.inputs.registry import load_registry


@dataclass(frozen=True)
class ParsedPlan:
    """One plan folder: its plan sheet (None if it has errors), its valid targets and its problems."""

    plan: plans.Plan | None
    targets: pd.DataFrame
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class ParsedRaw:
    """The parse of one ``data/raw`` folder: every plan's targets and all history rows, each with its problems.

    ``targets`` is the default plan's registry; ``target_problems`` holds the problems of every plan folder (a
    broken plan stops the build like any broken input); ``plans`` each plan folder's parse, by folder name.
    """

    targets: pd.DataFrame
    target_problems: tuple[Problem, ...]
    all_vintages: pd.DataFrame
    history_problems: tuple[Problem, ...]
    history: pd.DataFrame  # the latest census-consistent selection (select(all_vintages, basis="consistent"))
    plans: dict[str, ParsedPlan]

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in (*self.target_problems, *self.history_problems))


def _parse(raw: Path) -> ParsedRaw:
    registry = load_registry(indicators=raw / paths.INDICATORS_YAML.name, regions=raw / paths.REGIONS_YAML.name)
    h_report = Report()
    parsed_plans: dict[str, ParsedPlan] = {}
    for folder in plans.plan_folders(raw):
        report = Report()
        tg = targets.validate_targets(folder / paths.PLAN_TARGETS, report, registry=registry)
        parsed_plans[folder.name] = ParsedPlan(tg.attrs.get("plan"), tg, tuple(report.problems))
    problems = [p for parsed in parsed_plans.values() for p in parsed.problems]
    if paths.DEFAULT_PLAN not in parsed_plans:
        missing = Report()
        missing.add(raw / paths.PLANS_DIR.name / paths.DEFAULT_PLAN, "the default plan's folder is missing",
                    expected=f"a folder data/raw/plans/{paths.DEFAULT_PLAN}/ holding {paths.PLAN_TARGETS} "
                             f"(plans present: {', '.join(parsed_plans) or 'none'})")
        problems += missing.problems
        default = targets._empty_frame()  # noqa: SLF001 - the registry's empty table
    else:
        default = parsed_plans[paths.DEFAULT_PLAN].targets
    allv = history.read_all_vintages(raw, report=h_report, registry=registry)
    return ParsedRaw(default, tuple(problems), allv, tuple(h_report.problems),
                     history.select(allv, basis="consistent"), parsed_plans)


def parse_raw(raw: Path | None = None, *, cache: bool = True) -> ParsedRaw:
    """Parse ``raw`` (default ``data/raw``), or read the parse back from the cache when nothing changed.

    ``cache=False`` (or ``KPI_NO_CACHE=1``) always parses.
    """
    raw = Path(raw or paths.RAW)
    if not cache:
        return _parse(raw)
    return cached("raw", [raw], lambda: _parse(raw), keep=lambda parsed: not parsed.has_errors)


def load_targets(raw: Path | None = None, *, plan: str | Path | None = None) -> pd.DataFrame:
    """A plan's target registry as a validated DataFrame indexed by ``id`` (the default plan's by default).

    Columns ``area, clause, name_zh, name_en, value, unit, stretch_value, direction, kind, start_year,
    target_year, indicator, level, quote, notes, compare_with, component_of, responsible``; ``attrs['plan']`` is
    the :class:`kpi.inputs.plans.Plan` (its base year, period, status…).

    Parameters
    ----------
    raw : Path, optional
        The raw-data folder (default ``data/raw``).
    plan : str or Path, optional
        A plan id (a folder under ``data/raw/plans``), a plan folder elsewhere, or its workbook; default
        :data:`kpi.core.paths.DEFAULT_PLAN` (盐开发〔2022〕4号).

    Raises
    ------
    DataValidationError
        If any cell of the plan's workbook is invalid; its report lists every problem with file, sheet and cell.
    ValueError
        If there is no such plan (the plans present are listed).

    Examples
    --------
    >>> tg = load_targets(plan="yancheng-etdz-2022-4")
    >>> tg.attrs["plan"].base_year, tg.attrs["plan"].document
    (2020, '盐开发〔2022〕4号')
    """
    raw_dir = Path(raw or paths.RAW)
    path = plans.resolve(plan, raw_dir)
    inside = path.parent.parent.resolve() == (raw_dir / paths.PLANS_DIR.name).resolve()
    if not inside:  # a plan folder outside data/raw (a draft being prepared, a test fixture): no cache
        report = Report()
        frame = targets.validate_targets(path, report)
        report.raise_if_errors(f"plan {path.parent.name}")
        return frame
    parsed = parse_raw(raw).plans[path.parent.name]
    Report(list(parsed.problems)).raise_if_errors(f"target registry of plan {path.parent.name}")
    return parsed.targets.copy()


def load_plans(raw: Path | None = None) -> pd.DataFrame:
    """Every plan folder's plan sheet, one row a plan (id, titles, document, issuer, date, period, base year,
    status, region, text, folder), the default plan first.

    Raises
    ------
    DataValidationError
        If a plan's workbook has errors.

    Examples
    --------
    >>> p = load_plans()
    >>> int(p.loc["yancheng-etdz-2022-4", "base_year"]), p.loc["yancheng-etdz-2022-4", "status"]
    (2020, 'official')
    """
    parsed = parse_raw(raw)
    Report(list(parsed.target_problems)).raise_if_errors("plans")
    rows = [parsed.plans[k].plan.as_row() for k in sorted(parsed.plans, key=lambda k: (k != paths.DEFAULT_PLAN, k))]
    return pd.DataFrame(rows).set_index("id")


def targets_overview(tg: pd.DataFrame | None = None, *, lang: str = "zh") -> pd.DataFrame:
    """Targets counted by area × target year and by kind (:func:`kpi.inputs.targets.overview`)."""
    return targets.overview(load_targets() if tg is None else tg, lang=lang)


def load_all_vintages(*, report: Report | None = None, raw: Path | None = None, cache: bool = True,
                      sources: Iterable[str] = history.SOURCES) -> pd.DataFrame:
    """Every history row from every source and vintage (no selection).

    Parameters
    ----------
    report : Report, optional
        Receives the problems of the parse (errors, repairs, warnings) instead of raising.
    raw : Path, optional
        The raw-data folder (default ``data/raw``).
    cache : bool
        Read the parse back from the cache when neither ``data/raw`` nor kpi's code changed.
    sources : iterable of str
        Any of ``'yearbooks'``, ``'facts'``, ``'workbooks'`` (a subset is parsed apart, without the cache).

    Raises
    ------
    DataValidationError
        If any source has errors and no ``report`` was given.
    """
    own = report is None
    report = report if report is not None else Report()
    if tuple(sources) != history.SOURCES:
        frame = history.read_all_vintages(raw, report=report, sources=sources)
    else:
        parsed = parse_raw(raw, cache=cache)
        report.extend(parsed.history_problems)
        frame = parsed.all_vintages.copy()
    if own:
        report.raise_if_errors("historical data")
    return frame


def load_history(*, vintage: str = "latest", basis: str = "consistent", report: Report | None = None) -> pd.DataFrame:
    """Historical data as one tidy DataFrame, one row per indicator, region and year.

    Parameters
    ----------
    vintage : str, default 'latest'
        ``'latest'``, ``'all'`` (every vintage, no selection) or a vintage such as ``'2019'``: what was known
        then (:func:`kpi.inputs.history.select`).
    basis : {'consistent', 'published'}, default 'consistent'
        ``'consistent'``: values published before a census revision (a level break between yearbook editions)
        are chain-linked onto the latest basis, each marked (status ``estimate``, the published value in
        ``note``), and values whose basis cannot be established are left out — the series for growth rates and
        projections (:func:`kpi.inputs.history.consistent_series`). ``'published'``: the values as published.
    report : Report, optional
        Collects problems instead of raising.

    Returns
    -------
    DataFrame
        Columns ``indicator, region, year, value, unit, status, source, vintage, note, qualifier,
        source_file, location``.

    Examples
    --------
    >>> c, p = load_history(), load_history(basis="published")
    >>> pick = lambda h, y: float(h.query("indicator == 'gdp' and region == 'yancheng' and year == @y")["value"].iloc[0])
    >>> round(pick(c, 2013), 2), pick(p, 2013), pick(c, 2014) == pick(p, 2014)
    (3461.09, 3526.65, True)
    """
    if vintage == "latest" and basis == "consistent":  # the default: selected once with the parse (cached)
        own = report is None
        report = report if report is not None else Report()
        parsed = parse_raw()
        report.extend(parsed.history_problems)
        if own:
            report.raise_if_errors("historical data")
        out = parsed.history.copy()
        out.attrs = dict(parsed.history.attrs)
        return out
    return history.select(load_all_vintages(report=report), vintage=vintage, basis=basis)
