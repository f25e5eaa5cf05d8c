"""Plausibility of every value against its neighbours, other sources and the registry: no plausible slip passes.

A number can be well-formed and still wrong: zone GDP typed 6077 for 607.7, budget revenue typed in 万元 under
a 亿元 label, a share typed 0.304 for 30.4 %. Each value of a series (indicator × region) is compared with

* its **reference**: the median (in logs) of every *other* value of the same indicator and region within
  :data:`~kpi.core.settings.PLAUSIBILITY_WINDOW` years — its own neighbours in time, and what other sources and
  vintages give for the same year, whatever their status;
* the **range** its measure allows (a share is 0–100: a value typed as a fraction 0–1 needs the unit 比例; levels,
  counts and intensities are ≥ 0; a rank ≥ 1) and, where ``indicators.yaml`` gives one, the indicator's
  ``range``.

The rule (what is an error, exit 1; what is a warning, exit 0):

1. **Error**: a value outside the range its measure allows (share outside 0–100, negative level).
2. **Error**: a value off its reference by a unit factor, ×10⁴ (万元 for 亿元) or ×10⁸ (元 for 亿元), within a
   factor of two — such a ratio never occurs between neighbouring years or sources of one series.
3. **Error**: a value off its reference by ×10, ×100 or ×1000 (within a factor of two), when the reference rests
   on at least two values: a slip of the decimal point or a share typed as a fraction.
4. **Warning**: the same with a reference of one value (which of the two is wrong cannot be told; both named),
   any other departure of five times or more, a value outside the indicator's registered ``range``, a share
   series all of whose values lie in 0–1, and any departure on a row whose note says it was checked
   (``核实``, ``checked``, ``verified``): genuine jumps stay possible, never silent.

The worst departure is judged first and then left out of the others' references, so one slip does not make its
neighbours look wrong. Counts below :data:`~kpi.core.settings.PLAUSIBILITY_MIN_COUNT` and rates are not compared
(a flow of 2 firms becoming 14 is no slip; a growth rate changes sign). Each finding names the file, sheet and
cell, the value, the reference and the likely intended value (the value divided by the factor).

Examples
--------
>>> import pandas as pd
>>> rows = pd.DataFrame({"indicator": "gdp", "region": "zone", "year": [2022, 2023, 2024],
...                      "value": [552.69, 6077.3, 641.26], "unit": "亿元", "status": "official",
...                      "source_file": "x.xlsx", "location": ["data!2", "data!3", "data!4"], "note": ""})
>>> r = Report()
>>> kept = check(rows, report=r)
>>> print(r.errors[0].message)
gdp/zone 2023: 6077.3 亿元 is 10.2 times its reference 595.3 (2 values, 2022–2024): a ×10 slip? likely 607.73
>>> len(kept)
2
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from kpi.core import settings
from kpi.core.errors import Report
from kpi.inputs.registry import Registry, load_registry

#: Powers of ten that are typing or unit slips, with what they usually are.
SLIPS = {1: "×10 slip", 2: "×100 slip (a share typed as a fraction?)", 3: "×1000 slip",
         4: "×10⁴ slip (万元 typed as 亿元?)", 8: "×10⁸ slip (元 typed as 亿元?)"}
#: Slips that are unit mix-ups: an error whatever the reference.
UNIT_SLIPS = (4, 8)
#: Half-width of a slip's band in log10 (0.3: within a factor of two of 10^k).
SLIP_BAND = 0.3
_CHECKED = re.compile(r"核实|已核|checked|verified", re.IGNORECASE)
_MEASURES = ("level", "count", "intensity", "share")


def _where(row) -> dict:
    """Sheet, cell or row of a history row's ``location`` ('Sheet1!G16', 'data!7', 'row 5')."""
    loc = str(row.location or "")
    if loc.startswith("row "):
        return {"row": int(loc[4:])} if loc[4:].isdigit() else {}
    if "!" in loc:
        sheet, rest = loc.rsplit("!", 1)
        return {"sheet": sheet, "row": int(rest)} if rest.isdigit() else {"sheet": sheet, "cell": rest}
    return {}


def _span(years) -> str:
    ys = sorted(set(int(y) for y in years))
    return f"{ys[0]}" if len(ys) == 1 else f"{ys[0]}–{ys[-1]}"


def check(rows: pd.DataFrame, *, report: Report, registry: Registry | None = None,
          context: pd.DataFrame | None = None) -> pd.DataFrame:
    """Check ``rows`` (history schema) and return them without the rows found in error.

    Parameters
    ----------
    rows : DataFrame
        The rows to judge (e.g. every row of every vintage of ``data/raw``, or the rows of one file).
    report : Report
        Receives one error or warning per finding, located at the row's file, sheet and cell.
    registry : Registry, optional
        For each indicator's measure, unit and ``range`` (read from ``data/raw`` when not given).
    context : DataFrame, optional
        Other rows that serve as references only (e.g. ``data/raw`` when one new file is validated);
        rows of the same file and location as one in ``rows`` are ignored there.

    Returns
    -------
    DataFrame
        ``rows`` without those with an error.
    """
    registry = registry or load_registry()
    if rows.empty:
        return rows
    ind = registry.indicators
    rows = rows.reset_index(drop=True)
    judged = rows.assign(_judge=True, _i=np.arange(len(rows)))
    if context is not None and not context.empty:
        keys = set(zip(rows["source_file"], rows["location"], rows["indicator"], rows["year"]))
        ctx = context[[k not in keys for k in zip(context["source_file"], context["location"], context["indicator"],
                                                  context["year"])]]
        judged = pd.concat([judged, ctx.assign(_judge=False, _i=-1)], ignore_index=True)
    bad: set[int] = set()
    for (iid, reg), g in judged.groupby(["indicator", "region"], sort=True):
        if not g["_judge"].any() or iid not in ind.index:
            continue
        measure, unit = str(ind.at[iid, "measure"]), str(ind.at[iid, "unit"])
        bad |= _range(g, iid, reg, measure, unit, ind.at[iid, "range"] if "range" in ind.columns else None, report)
        if measure in _MEASURES:
            bad |= _slips(g[~g["_i"].isin(bad)], iid, reg, measure, unit, report)
    return rows.drop(index=sorted(bad)).reset_index(drop=True) if bad else rows


def _range(g: pd.DataFrame, iid: str, reg: str, measure: str, unit: str, declared, report: Report) -> set[int]:
    bad: set[int] = set()
    hard = {"share": (0.0, 100.0), "level": (0.0, math.inf), "count": (0.0, math.inf),
            "intensity": (0.0, math.inf), "rank": (1.0, math.inf), "rate": (-100.0, math.inf)}.get(measure)
    for row in g[g["_judge"]].itertuples(index=False):
        v = float(row.value)
        if hard and not hard[0] <= v <= hard[1]:
            allowed = f"{hard[0]:g}–{hard[1]:g}" if math.isfinite(hard[1]) else f"≥ {hard[0]:g}"
            report.add(row.source_file, f"{iid}/{reg} {row.year}: {v:g} {unit} is outside what a {measure} can be",
                       value=v, expected=f"a {measure} {allowed}", category="values out of range", **_where(row))
            bad.add(int(row._i))
        elif isinstance(declared, (list, tuple)) and len(declared) == 2 and not declared[0] <= v <= declared[1]:
            report.add(row.source_file, f"{iid}/{reg} {row.year}: {v:g} {unit} is outside the indicator's usual "
                       "range (indicators.yaml)", severity="warning", value=v,
                       expected=f"{declared[0]:g}–{declared[1]:g} {unit}", category="values out of range",
                       **_where(row))
    if measure == "share" and unit == "%":
        for f, sub in g[g["_judge"]].groupby("source_file"):
            vals = sub["value"].astype(float)
            if len(vals) >= 2 and (vals > 0).all() and (vals <= 1).all():
                first = sub.iloc[0]
                report.add(f, f"{iid}/{reg}: every value is between 0 and 1 — fractions typed in a % column?",
                           severity="warning", value=", ".join(f"{v:g}" for v in vals[:4]),
                           expected="percentages 0–100 (or the unit 比例 for fractions 0–1)",
                           category="order-of-magnitude slips", **_where(first))
    return bad


def _slips(g: pd.DataFrame, iid: str, reg: str, measure: str, unit: str, report: Report) -> set[int]:
    pool = g[g["value"] > 0]
    if len(pool) < 2:
        return set()
    logs = np.log10(pool["value"].to_numpy(dtype=float))
    years = pool["year"].to_numpy(dtype=int)
    judge = pool["_judge"].to_numpy(dtype=bool)
    alive = np.ones(len(pool), dtype=bool)
    window = settings.PLAUSIBILITY_WINDOW
    min_dev = math.log10(settings.PLAUSIBILITY_MIN_RATIO)
    bad: set[int] = set()
    while True:
        best = None
        for i in np.flatnonzero(alive & judge):
            refs = np.flatnonzero(alive & (np.abs(years - years[i]) <= window))
            refs = refs[refs != i]
            if not len(refs):
                continue
            ref = float(np.median(logs[refs]))
            if measure == "count" and 10 ** ref < settings.PLAUSIBILITY_MIN_COUNT:
                continue
            dev = logs[i] - ref
            if best is None or abs(dev) > abs(best[1]):
                best = (i, dev, ref, refs)
        if best is None or abs(best[1]) < min_dev:
            return bad
        i, dev, ref, refs = best
        alive[i] = False
        row = pool.iloc[i]
        k = int(round(dev))
        slip = abs(k) in SLIPS and abs(dev - k) <= SLIP_BAND
        checked = bool(_CHECKED.search(str(row["note"] or "")))
        n = len(refs)
        ratio = 10 ** dev
        shown = f"{ratio:,.1f} times" if ratio >= 1 else f"1/{1 / ratio:,.1f} of"
        refs_text = f"{10 ** ref:,.4g} ({n} value{'s' if n != 1 else ''}, {_span(years[refs])})"
        if n == 1:
            other = pool.iloc[int(refs[0])]
            refs_text = (f"{10 ** ref:,.4g} ({other['source_file']} {other['location']}, {int(other['year'])}; "
                         "which of the two is wrong cannot be told)")
        if slip:
            likely = float(row["value"]) / 10 ** k
            message = (f"{iid}/{reg} {int(row['year'])}: {float(row['value']):g} {unit} is {shown} its reference "
                       f"{refs_text}: a {SLIPS[abs(k)].replace('×', '×' if k > 0 else '÷')}? likely {likely:.6g}")
            error = (abs(k) in UNIT_SLIPS or n >= 2) and not checked
        else:
            message = (f"{iid}/{reg} {int(row['year'])}: {float(row['value']):g} {unit} is {shown} its reference "
                       f"{refs_text}: not a unit or decimal slip, but worth checking")
            error = False
        report.add(row["source_file"], message, severity="error" if error else "warning", value=float(row["value"]),
                   expected=f"about {10 ** ref:,.4g} {unit}" + (" (or a note saying the value was checked: 核实)"
                                                               if error else ""),
                   category="order-of-magnitude slips", **_where(row))
        if error:
            bad.add(int(row["_i"]))
