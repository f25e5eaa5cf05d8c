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

Census-consistent series. China's economic censuses (2004, 2008, 2013, 2018, 2023) and population censuses
revise levels, and yearbooks do not always back-revise old years: the latest value per year can mix bases (a
level step where the series switches from an old edition to a revised one). :func:`level_breaks` finds each
break between consecutive vintages of a table at the years they share; ``select(..., basis="consistent")``
(:func:`consistent_series`) puts every value published on an older basis onto the latest one by chain-linking
at the overlap, marks each linked value (status ``estimate``, the published value and the ratio in ``note``)
and leaves out values whose basis cannot be established. ``basis="published"`` keeps the values as published.

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

import numpy as np
import pandas as pd

from kpi.core import paths, settings
from kpi.core.errors import Report
from kpi.inputs import facts, plausibility, provenance, tidy, yearbook
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
        Receives every error, repair and warning; rows with errors are left out. Every value is also checked
        against its neighbours, the other sources and the registry (:mod:`kpi.inputs.plausibility`).
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
    out = plausibility.check(out, report=report, registry=registry)  # across files and sources
    return out.sort_values(["indicator", "region", "year", "vintage", "source_file", "location"],
                           kind="mergesort").reset_index(drop=True)


def select(frame: pd.DataFrame, *, vintage: str = "latest", basis: str = "published") -> pd.DataFrame:
    """Pick one row per indicator, region and year by the rule in the module docstring.

    Parameters
    ----------
    frame : DataFrame
        Rows in the history schema (e.g. from :func:`load_all_vintages`).
    vintage : str
        ``'latest'`` (default), ``'all'`` (no selection), or a vintage such as ``'2019'``: only rows with a
        vintage up to it (rows without a vintage are kept).
    basis : {'published', 'consistent'}
        ``'published'`` (default here): the values as published. ``'consistent'``: values published on an older
        basis chain-linked onto the latest one (:func:`consistent_series`), for growth rates and projections.

    Examples
    --------
    >>> rows = as_history([
    ...     {"indicator": "sales", "region": "zone", "year": 2022, "value": 1000.0, "status": "preliminary",
    ...      "qualifier": ">="},
    ...     {"indicator": "sales", "region": "zone", "year": 2022, "value": 1165.7, "status": "illustrative"}])
    >>> select(rows)[["value", "qualifier"]].values.tolist()  # the value satisfies the bound: the value wins
    [[1165.7, '']]
    """
    if basis not in BASES:
        raise ValueError(f"basis must be one of {BASES}, got {basis!r}")
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
    helpers = ["_rank", "_point", "_worded", "_exact"]
    best = best.drop(columns=helpers).reset_index(drop=True)[HISTORY_COLUMNS]
    if basis == "consistent":
        return consistent_series(best, df.drop(columns=helpers))
    return best


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


BASES = ("consistent", "published")
#: Columns of :func:`level_breaks`.
BREAK_COLUMNS = ["indicator", "region", "family", "vintage_before", "vintage_after", "overlap_years", "revised_years",
                 "ratio", "ratio_min", "ratio_max"]


def family(source_file: str) -> str:
    """The table family a row comes from: a yearbook table's folder, else the file itself.

    >>> family("data/raw/yearbooks/jiangsu-2-12/jiangsu-yearbook-2019-table-2-12.xlsx"), family("x/official.xlsx")
    ('data/raw/yearbooks/jiangsu-2-12', 'x/official.xlsx')
    """
    text = str(source_file).replace("\\", "/")
    if "/yearbooks/" in f"/{text}" and "/" in text:
        return text.rsplit("/", 1)[0]
    return text


def _span(years) -> str:
    years = sorted(int(y) for y in years)
    runs, start, prev = [], None, None
    for y in years:
        if start is None:
            start = prev = y
        elif y == prev + 1:
            prev = y
        else:
            runs.append((start, prev))
            start = prev = y
    if start is not None:
        runs.append((start, prev))
    return ", ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in runs)


def _vintaged(frame: pd.DataFrame) -> pd.DataFrame:
    sub = frame[frame["vintage"] != ""]
    return sub.assign(family=sub["source_file"].map(family))


def _editions(frame: pd.DataFrame):
    """Each indicator × region × family as (key, years, vintages, values[year, vintage] with NaN where none)."""
    sub = _vintaged(frame)
    if sub.empty:
        return
    wide = sub.pivot_table(index=["indicator", "region", "family", "year"], columns="vintage", values="value",
                           aggfunc="first", sort=True)
    vintages = np.asarray(wide.columns, dtype=object)
    values = wide.to_numpy(dtype=float)
    keys = wide.index.droplevel("year")
    years = wide.index.get_level_values("year").to_numpy(dtype=int)
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    for a, b in zip(starts, [*starts[1:], len(keys)]):
        block = values[a:b]
        present = ~np.isnan(block).all(axis=0)
        if present.sum() >= 2:
            yield keys[a], years[a:b], vintages[present], block[:, present]


def level_breaks(all_vintages: pd.DataFrame, *, tolerance: float | None = None) -> pd.DataFrame:
    """One row per level break between consecutive vintages of a table, at the years both publish.

    A break is a revision of the level beyond ``tolerance`` in at least one year the two vintages share other
    than the older vintage's latest year (a routine revision of the last, preliminary figure is no break): what
    an economic or population census does to a series (江苏统计年鉴 2020 revised 2014–2018 after the 2018
    economic census; the 2021 edition revised GDP per head after the 2020 population census).

    Parameters
    ----------
    all_vintages : DataFrame
        History rows of every vintage (:func:`kpi.inputs.raw.load_all_vintages`); rows without a vintage are
        ignored, vintages are compared within one table family (:func:`family`).
    tolerance : float, optional
        Relative revision that counts (default :data:`kpi.core.settings.LEVEL_BREAK_TOLERANCE`).

    Returns
    -------
    DataFrame
        Columns (stable, used by the projection engine) :data:`BREAK_COLUMNS`: ``indicator, region, family``;
        ``vintage_before, vintage_after`` (text); ``overlap_years`` and ``revised_years`` (tuples of int years:
        shared by the two vintages, and revised beyond the tolerance, the older vintage's latest year excluded);
        ``ratio`` (the median of new / old over ``revised_years``: the size of the level shift), ``ratio_min``,
        ``ratio_max``.

    Examples
    --------
    >>> from kpi.inputs.raw import load_all_vintages
    >>> b = level_breaks(load_all_vintages())
    >>> row = b[(b.indicator == "gdp") & (b.region == "yancheng")].iloc[0]
    >>> row.vintage_before, row.vintage_after, row.revised_years, round(float(row.ratio), 4)
    ('2019', '2020', (2010, 2014, 2015, 2016, 2017), 0.9816)
    """
    tol = settings.LEVEL_BREAK_TOLERANCE if tolerance is None else tolerance
    rows = []
    for (ind, reg, fam), years, vintages, vals in _editions(all_vintages):
        for k in range(len(vintages) - 1):
            old, new = vals[:, k], vals[:, k + 1]
            both = ~np.isnan(old) & ~np.isnan(new)
            if not both.any():
                continue
            last = years[~np.isnan(old)].max()
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = new / old
            revised = both & (np.abs(ratio - 1) > tol) & (years != last)
            if not revised.any():
                continue
            r = ratio[revised]
            rows.append({"indicator": ind, "region": reg, "family": fam, "vintage_before": str(vintages[k]),
                         "vintage_after": str(vintages[k + 1]), "overlap_years": tuple(int(y) for y in years[both]),
                         "revised_years": tuple(int(y) for y in years[revised]), "ratio": float(np.median(r)),
                         "ratio_min": float(r.min()), "ratio_max": float(r.max())})
    return pd.DataFrame(rows, columns=BREAK_COLUMNS)


def consistent_series(selected: pd.DataFrame, all_vintages: pd.DataFrame) -> pd.DataFrame:
    """The selected history with every value published on an older basis chain-linked onto the latest one.

    For each indicator × region with a level break (:func:`level_breaks`) in its table family (the family with
    a break and the latest edition), a value published before the last break — by that table or any other
    source — is multiplied by the ratio of the family's latest edition to the edition current when the value was
    published (the latest edition up to its vintage), taken at the splice year: the first year after the value's
    year that both editions publish (else the last one before). Growth within the old run and into the new one
    is kept. Each linked value gets status ``estimate`` and a note with the published value, the ratio and the
    editions; a value published before the family's earliest edition cannot be placed on any basis and is left
    out (listed in ``attrs["unlinked"]``, the published rows stay in ``select(..., basis="published")``).
    Rows without a vintage (illustrative series) and series without a break are returned as they are.

    Parameters
    ----------
    selected : DataFrame
        One row per indicator, region and year (:func:`select` with ``basis="published"``).
    all_vintages : DataFrame
        Every row of every vintage up to the same vintage cut.

    Returns
    -------
    DataFrame
        ``selected`` in the history schema with linked values; ``attrs["unlinked"]`` is a DataFrame of the rows
        left out.

    Examples
    --------
    >>> from kpi.inputs.raw import load_all_vintages
    >>> allv = load_all_vintages()
    >>> h = consistent_series(select(allv), allv)
    >>> yc = h[(h.indicator == "gdp") & (h.region == "yancheng")].set_index("year")
    >>> round(float(yc.loc[2013, "value"]), 2), yc.loc[2013, "status"], float(yc.loc[2016, "value"])
    (3461.09, 'estimate', 4546.9)
    """
    breaks = level_breaks(all_vintages)
    out = selected.reset_index(drop=True).copy()
    if breaks.empty or out.empty:
        out.attrs["unlinked"] = out.iloc[0:0].copy()
        return out
    tables = {key: (years, vintages, vals) for key, years, vintages, vals in _editions(all_vintages)}
    after: dict[tuple, list[str]] = {}  # (indicator, region, family) -> the vintages that follow a break
    for key, v in zip(zip(breaks["indicator"], breaks["region"], breaks["family"]), breaks["vintage_after"]):
        after.setdefault(key, []).append(str(v))
    # the table family whose break is linked across: the one with a break and the latest edition
    latest = {key[:2]: key for key in sorted(after, key=lambda k: (str(tables[k][1][-1]), k[2]))}
    by_series = {k: g for k, g in out[out["vintage"] != ""].groupby(["indicator", "region"], sort=False)}
    linked_idx, values, notes, unlinked = [], [], [], []
    for (ind, reg), key in latest.items():
        if (ind, reg) not in by_series:
            continue
        years, vintages, vals = tables[key]
        last_after = max(after[key])
        basis = str(vintages[-1])
        rows = by_series[(ind, reg)]
        for i, v, year, value, note in zip(rows.index, rows["vintage"], rows["year"], rows["value"], rows["note"]):
            if v >= last_after:
                continue
            current = [k for k, e in enumerate(vintages) if str(e) <= v]
            if not current:
                unlinked.append(i)
                continue
            k = current[-1]
            ed = str(vintages[k])
            if not any(ed < a <= basis for a in after[key]):
                continue
            common = ~np.isnan(vals[:, k]) & ~np.isnan(vals[:, -1])
            if not common.any():
                unlinked.append(i)
                continue
            later = years[common & (years > year)]
            splice = int(later.min()) if len(later) else int(years[common].max())
            at = int(np.flatnonzero(years == splice)[0])
            ratio = float(vals[at, -1] / vals[at, k])
            if abs(ratio - 1) <= settings.LEVEL_BREAK_TOLERANCE:
                continue  # the break did not reach the years around this one: no level to link
            text = (f"chain-linked onto the basis of the {basis} edition: published {value:g} (basis of the {ed} "
                    f"edition) × {ratio:.5f}, the {basis} / {ed} ratio for {splice}")
            linked_idx.append(i)
            values.append(float(value) * ratio)
            notes.append(f"{text}; {note}" if note else text)
    if linked_idx:
        out.loc[linked_idx, "value"] = values
        out.loc[linked_idx, "status"] = "estimate"
        out.loc[linked_idx, "note"] = notes
    drop = sorted(set(unlinked))
    result = out.drop(index=drop).reset_index(drop=True)
    result.attrs["unlinked"] = out.loc[drop].reset_index(drop=True)
    return result


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


def consecutive_run_start(years) -> int:
    """Position in sorted ``years`` where their last run of consecutive years begins (an edition's series is its
    run of consecutive years ending at its last year: the 2018 edition of table 2-12 jumps from 2010 to 2012).

    >>> consecutive_run_start([2009, 2010, 2012, 2013, 2014])
    2
    """
    i = len(years) - 1
    while i > 0 and years[i - 1] == years[i] - 1:
        i -= 1
    return max(i, 0)


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
            i = consecutive_run_start(yrs)
            act = np.array([latest.get((ind, reg, int(yrs[-1]) + k), np.nan) for k in range(1, horizon + 1)],
                           dtype=float)
            yield ed, ind, reg, g["value"].to_numpy(dtype=float)[i:], act

