"""All historical data in one tidy frame, with provenance and a rule for which value wins.

Sources, each a loader of its own:

* yearbook tables read through declarative specs (``data/raw/yearbooks/*/spec.yaml``), status ``official``;
* published facts (``data/raw/facts/*.csv``), status ``preliminary`` or ``estimate``;
* hand-filled workbooks in the template layout anywhere under ``data/raw/zone/`` and ``data/raw/official/``
  (official figures an economist adds, and the shipped illustrative zone series).

Which value wins for an indicator, region and year:

1. **a value over a bound.** A bound (``qualifier`` ``>=`` or ``<=``: 重回千亿, 超…) constrains, it is never a
   point of a series: a value that satisfies every bound of a higher status wins over the bounds (and its note
   says it satisfies them); a bound is kept only where no such value exists, and the assessment reads it as a
   constraint, never as a point;
2. **wording**: a figure worded like the indicator over one matched through a loose alias (``wording``);
3. the highest status (official > preliminary > estimate > illustrative), then the latest vintage, then an exact
   value over an approximate one (``~``).

Adding an official row therefore replaces an illustrative one with no code change. ``vintage='2019'`` gives what was known as of that vintage
(rows published later are ignored), ``vintage='all'`` every row of every vintage.

The parse itself is :func:`read_all_vintages`; :mod:`kpi.inputs.raw` loads it once (cached) for everyone.

Examples
--------
>>> from kpi.inputs.raw import load_all_vintages
>>> h = select(load_all_vintages())
>>> yc = h[(h.indicator == "gdp") & (h.region == "yancheng")].set_index("year")["value"]
>>> float(yc[2017])  # census-revised value, 2020 edition onwards
4990.12
>>> old = select(load_all_vintages(), vintage="2019")
>>> float(old[(old.indicator == "gdp") & (old.region == "yancheng") & (old.year == 2017)]["value"].iloc[0])
5082.69
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

import pandas as pd

from kpi.core import paths
from kpi.core.errors import Report
from kpi.inputs import facts, provenance, tidy, yearbook
from kpi.inputs.registry import Registry, load_registry
from kpi.inputs.schema import BOUNDS, HISTORY_COLUMNS, STATUS_RANK, as_history, empty_history

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


def read_all_vintages(raw: Path | None = None, *, report: Report, sources: Iterable[str] = SOURCES,
                      registry: Registry | None = None) -> pd.DataFrame:
    """Parse every history row from every source and vintage under ``raw`` (no selection, no cache).

    Parameters
    ----------
    raw : Path, optional
        The raw-data folder (default ``data/raw``).
    report : Report
        Receives every error, repair and warning; rows with errors are left out.
    sources : iterable of str
        Any of ``'yearbooks'``, ``'facts'``, ``'workbooks'``.
    registry : Registry, optional
        The registries names are matched against (those under ``raw`` when not given).

    Use :func:`kpi.inputs.raw.load_all_vintages` for the cached, checked load.
    """
    sources = tuple(sources)
    unknown = [s for s in sources if s not in SOURCES]
    if unknown:
        raise ValueError(f"unknown history source(s) {unknown}; expected some of {SOURCES}")
    raw_dir = Path(raw or paths.RAW)
    registry = registry or load_registry(indicators=raw_dir / paths.INDICATORS_YAML.name,
                                         regions=raw_dir / paths.REGIONS_YAML.name)
    frames = []
    if "yearbooks" in sources:
        frames.append(yearbook.load_yearbooks(raw_dir / "yearbooks", report=report, registry=registry))
    if "facts" in sources:
        frames.append(facts.facts_history(facts.load_facts(raw_dir / "facts", report=report, registry=registry),
                                          report=report, registry=registry))
    if "workbooks" in sources:
        for path in workbook_files(raw_dir):
            provenance.check(path, report)
            frames.append(tidy.load_tidy_workbook(path, report=report, registry=registry))
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

    Examples
    --------
    >>> rows = as_history([
    ...     {"indicator": "sales", "region": "zone", "year": 2022, "value": 1000.0, "status": "preliminary",
    ...      "qualifier": ">="},
    ...     {"indicator": "sales", "region": "zone", "year": 2022, "value": 1165.7, "status": "illustrative"}])
    >>> select(rows)[["value", "qualifier"]].values.tolist()  # the value satisfies the bound: the value wins
    [[1165.7, '']]
    """
    if vintage == "all":
        return frame.reset_index(drop=True)
    df = frame
    if "wording" not in df.columns:
        df = df.assign(wording="")
    if vintage != "latest":
        v = str(vintage)
        df = df[(df["vintage"] == "") | (df["vintage"] <= v)]
    if df.empty:
        return df.reset_index(drop=True)[HISTORY_COLUMNS]
    keys = ["indicator", "region", "year"]
    df = df.assign(_rank=df["status"].map(STATUS_RANK).fillna(0), _point=(~df["qualifier"].isin(BOUNDS)).astype(int),
                   _worded=(df["wording"].fillna("") == "").astype(int), _exact=(df["qualifier"] == "").astype(int))
    df = df.sort_values([*keys, "_point", "_worded", "_rank", "vintage", "_exact", "source_file", "location"],
                        ascending=[True, True, True, False, False, False, False, False, True, True], kind="mergesort")
    # only a year that has a bound needs the bound rule; elsewhere the first row in the order above wins
    with_bound = df.groupby(keys, sort=False)["_point"].transform("min") == 0
    several = df.duplicated(keys, keep=False) & with_bound
    chosen = [df[~several].drop_duplicates(keys, keep="first")]
    if several.any():
        chosen += [_choose(g) for _, g in df[several].groupby(keys, sort=False)]
    best = pd.concat(chosen).sort_values(keys, kind="mergesort")
    return best.drop(columns=["_rank", "_point", "_worded", "_exact"]).reset_index(drop=True)[HISTORY_COLUMNS]


def _satisfies(value: float, bound: dict) -> bool:
    return value >= bound["value"] if bound["qualifier"] == ">=" else value <= bound["value"]


def _bound_text(b: dict) -> str:
    return f"{b['qualifier']}{b['value']:g} ({b['status']}, {b['source']})"


def _choose(group: pd.DataFrame) -> pd.DataFrame:
    """One row of several for the same indicator, region and year (already in order of preference)."""
    points, bounds = group[group["_point"] == 1], group[group["_point"] == 0]
    bound_rows = bounds.to_dict("records")
    for i in range(len(points)):
        p = points.iloc[i]
        stronger = [b for b in bound_rows if b["_rank"] > p["_rank"]]
        if all(_satisfies(p["value"], b) for b in stronger):
            out = points.iloc[[i]].copy()
            agree = [b for b in bound_rows if _satisfies(p["value"], b)]
            clash = [b for b in bound_rows if not _satisfies(p["value"], b)]
            extra = ([f"satisfies the published bound {', '.join(_bound_text(b) for b in agree)}"] if agree else []) + \
                    ([f"contradicts the bound {', '.join(_bound_text(b) for b in clash)}"] if clash else [])
            if extra:
                out["note"] = "; ".join([n for n in [str(p["note"]), *extra] if n])
            return out
    out = bounds.iloc[[0]].copy()
    if len(points):
        out["note"] = "; ".join(n for n in [str(out["note"].iloc[0]), "values of a lower status contradict it and "
                                            "are not used: " + ", ".join(f"{v:g} ({s})" for v, s in
                                                                         zip(points["value"], points["status"]))] if n)
    return out


def series(history: pd.DataFrame, indicator: str, region: str = "zone") -> pd.Series:
    """One indicator's values for one region as a Series indexed by integer year.

    >>> from kpi.inputs.raw import load_history
    >>> s = series(load_history(), "gdp", "yancheng")
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


def edition_series(frame: pd.DataFrame, *, editions: Iterable[str] | None = None, horizon: int = 4):
    """Each series **as one edition published it**, with what the latest edition says happened next.

    The cut every real-time evaluation of the yearbook vintages uses (the calibration script and the
    benchmarks alike): yields ``(edition, indicator, region, values, actuals)`` where ``values`` is the
    edition's run of consecutive years ending at its last year (the 2018 edition of table 2-12 jumps from 2010
    to 2012) and ``actuals`` the latest edition's values for the ``horizon`` years after it (NaN where none).

    Parameters
    ----------
    frame : DataFrame
        History rows of several vintages (e.g. :func:`kpi.inputs.yearbook.load_yearbooks`); vintages are
        editions, compared as whole numbers.
    editions : iterable of str, optional
        The editions to cut; every edition but the latest by default.
    horizon : int
        Years after each edition's last year to report.

    Examples
    --------
    >>> rows = pd.DataFrame({"indicator": "gdp", "region": "r", "year": [2016, 2017, 2017, 2018],
    ...                      "value": [1.0, 2.0, 2.5, 3.0], "vintage": ["2018", "2018", "2019", "2019"]})
    >>> [(e, v.tolist(), a.tolist()) for e, _, _, v, a in edition_series(rows, horizon=1)]
    [('2018', [1.0, 2.0], [3.0])]
    """
    import numpy as np

    vint = sorted(frame["vintage"].unique(), key=int)
    latest = frame[frame["vintage"] == vint[-1]].set_index(["indicator", "region", "year"])["value"]
    for ed in (list(editions) if editions is not None else vint[:-1]):
        sub = frame[frame["vintage"] == ed].sort_values(["indicator", "region", "year"])
        for (ind, reg), g in sub.groupby(["indicator", "region"], sort=True):
            yrs = g["year"].to_numpy(dtype=int)
            i = len(yrs) - 1
            while i > 0 and yrs[i - 1] == yrs[i] - 1:
                i -= 1
            act = np.array([latest.get((ind, reg, int(yrs[-1]) + k), np.nan) for k in range(1, horizon + 1)],
                           dtype=float)
            yield ed, ind, reg, g["value"].to_numpy(dtype=float)[i:], act

