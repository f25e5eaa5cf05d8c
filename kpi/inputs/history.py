"""All historical data in one tidy frame, with provenance and a rule for which value wins.

Sources, each a loader of its own:

* yearbook tables read through declarative specs (``data/raw/yearbooks/*/spec.yaml``), status ``official``;
* published facts (``data/raw/facts/*.csv``), status ``preliminary`` or ``estimate``;
* hand-filled workbooks in the template layout anywhere under ``data/raw/zone/`` and ``data/raw/official/``
  (official figures an economist adds, and the shipped illustrative zone series).

Which value wins for an indicator, region and year: the highest status (official > preliminary > estimate >
illustrative), then the latest vintage, then an exact value over a bound. Adding an official row therefore
replaces an illustrative one with no code change. ``vintage='2019'`` gives what was known as of that vintage
(rows published later are ignored), ``vintage='all'`` every row of every vintage.

Examples
--------
>>> h = load_history()
>>> yc = h[(h.indicator == "gdp") & (h.region == "yancheng")].set_index("year")["value"]
>>> float(yc[2017])  # census-revised value, 2020 edition onwards
4990.12
>>> old = load_history(vintage="2019")
>>> float(old[(old.indicator == "gdp") & (old.region == "yancheng") & (old.year == 2017)]["value"].iloc[0])
5082.69
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

import pandas as pd

from kpi.core import paths
from kpi.core.errors import Report
from kpi.inputs.schema import HISTORY_COLUMNS, STATUS_RANK, as_history, empty_history

SOURCES = ("yearbooks", "facts", "workbooks")
WORKBOOK_DIRS = ("zone", "official")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")


def workbook_files(raw: Path | None = None) -> list[Path]:
    """Hand-filled history workbooks under ``data/raw/zone`` and ``data/raw/official``, sorted."""
    raw = Path(raw or paths.RAW)
    files: list[Path] = []
    for d in WORKBOOK_DIRS:
        folder = raw / d
        if folder.is_dir():
            files += [p for p in folder.rglob("*") if p.suffix.lower() in WORKBOOK_SUFFIXES
                      and not p.name.startswith(("~$", "."))]
    return sorted(files)


def load_all_vintages(*, sources: Iterable[str] = SOURCES, report: Report | None = None,
                      raw: Path | None = None, cache: bool = True) -> pd.DataFrame:
    """Every history row from every source and vintage (no selection).

    Parameters
    ----------
    sources : iterable of str
        Any of ``'yearbooks'``, ``'facts'``, ``'workbooks'``.
    report : Report, optional
        Collects problems (errors, warnings, repairs) instead of raising.
    raw : Path, optional
        The raw-data folder (default ``data/raw``).
    cache : bool
        Reuse the parsed rows of an earlier call, and the problems that parse reported, when neither
        ``data/raw`` nor kpi's code changed (:mod:`kpi.core.cache`; ``KPI_NO_CACHE=1`` switches it off). A parse
        with errors is never cached: it is repeated, and reported, every time.

    Raises
    ------
    DataValidationError
        If any source has errors and no ``report`` was given (otherwise the errors go to the report).
    """
    from kpi.inputs import facts, provenance, tidy, yearbook

    own = report is None
    sources = tuple(sources)
    raw_dir = Path(raw or paths.RAW)
    if cache:
        from kpi.core.cache import cached

        def parse() -> tuple[pd.DataFrame, list]:
            fresh = Report()
            return load_all_vintages(sources=sources, raw=raw_dir, report=fresh, cache=False), fresh.problems

        frame, problems = cached("history-" + "-".join(sorted(set(sources))), [raw_dir], parse,
                                 keep=lambda value: not any(p.severity == "error" for p in value[1]))
        report = report if report is not None else Report()
        report.extend(problems)
        if own:
            report.raise_if_errors("historical data")
        return frame
    report = report if report is not None else Report()
    unknown = [s for s in sources if s not in SOURCES]
    if unknown:
        raise ValueError(f"unknown history source(s) {unknown}; expected some of {SOURCES}")
    frames = []
    if "yearbooks" in sources:
        frames.append(yearbook.load_yearbooks(raw_dir / "yearbooks", report=report))
    if "facts" in sources:
        frames.append(facts.facts_history(facts.load_facts(raw_dir / "facts", report=report), report=report))
    if "workbooks" in sources:
        for path in workbook_files(raw_dir):
            provenance.check(path, report)
            frames.append(tidy.load_tidy_workbook(path, report=report))
    if own:
        report.raise_if_errors("historical data")
    frames = [f for f in frames if not f.empty]
    if not frames:
        return empty_history()
    out = as_history(pd.concat(frames, ignore_index=True))
    return out.sort_values(["indicator", "region", "year", "vintage", "source_file", "location"],
                           kind="mergesort").reset_index(drop=True)


def select(frame: pd.DataFrame, *, vintage: str = "latest") -> pd.DataFrame:
    """Pick one row per indicator, region and year by the rule in the module docstring.

    Parameters
    ----------
    frame : DataFrame
        Rows in the history schema (e.g. from :func:`load_all_vintages`).
    vintage : str
        ``'latest'`` (default), ``'all'`` (no selection), or a vintage such as ``'2019'``: only rows with a
        vintage up to it (rows without a vintage are kept).
    """
    if vintage == "all":
        return frame.reset_index(drop=True)
    df = frame
    if vintage != "latest":
        v = str(vintage)
        df = df[(df["vintage"] == "") | (df["vintage"] <= v)]
    if df.empty:
        return df.reset_index(drop=True)
    df = df.assign(_rank=df["status"].map(STATUS_RANK).fillna(0), _exact=(df["qualifier"] == "").astype(int))
    df = df.sort_values(["indicator", "region", "year", "_rank", "vintage", "_exact", "source_file", "location"],
                        ascending=[True, True, True, False, False, False, True, True], kind="mergesort")
    best = df.drop_duplicates(["indicator", "region", "year"], keep="first")
    return best.drop(columns=["_rank", "_exact"]).reset_index(drop=True)[HISTORY_COLUMNS]


def load_history(*, vintage: str = "latest", sources: Iterable[str] = SOURCES,
                 report: Report | None = None) -> pd.DataFrame:
    """Historical data as one tidy DataFrame, one row per indicator, region and year.

    Parameters
    ----------
    vintage : str, default 'latest'
        ``'latest'``, ``'all'`` (every vintage, no selection) or a vintage such as ``'2019'``.
    sources : iterable of str
        Any of ``'yearbooks'``, ``'facts'``, ``'workbooks'``.
    report : Report, optional
        Collects problems instead of raising.

    Returns
    -------
    DataFrame
        Columns ``indicator, region, year, value, unit, status, source, vintage, note, qualifier,
        source_file, location``.
    """
    return select(load_all_vintages(sources=sources, report=report), vintage=vintage)


def series(history: pd.DataFrame, indicator: str, region: str = "zone") -> pd.Series:
    """One indicator's values for one region as a Series indexed by integer year.

    >>> h = load_history()
    >>> s = series(h, "gdp", "yancheng")
    >>> s.index.dtype.kind, s.name
    ('i', 'gdp')
    """
    sub = history[(history["indicator"] == indicator) & (history["region"] == region)]
    if sub.duplicated("year").any():
        raise ValueError(f"{indicator}/{region}: several rows per year; select one vintage first (kpi.inputs.history.select)")
    s = sub.set_index("year")["value"].sort_index()
    s.index = s.index.astype("int64")
    s.name = indicator
    s.attrs["status"] = dict(zip(sub["year"].astype(int), sub["status"]))
    return s
