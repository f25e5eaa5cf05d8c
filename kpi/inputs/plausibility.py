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
    cols = ["indicator", "region", "year", "value", "source_file", "location", "note"]
    judged = rows[cols].assign(_judge=True, _i=np.arange(len(rows)))
    if context is not None and not context.empty:
        keys = set(zip(rows["source_file"], rows["location"], rows["indicator"], rows["year"]))
        ctx = context[[k not in keys for k in zip(context["source_file"], context["location"], context["indicator"],
                                                  context["year"])]]
        judged = pd.concat([judged, ctx[cols].assign(_judge=False, _i=-1)], ignore_index=True)
    judged = judged[judged["indicator"].isin(ind.index)].reset_index(drop=True)
    measure = judged["indicator"].map(ind["measure"]).astype(str)
    bad = _range(judged, measure, ind, report)
    keep = ~judged["_i"].isin(bad) & (judged["value"] > 0) & measure.isin(_MEASURES)
    sub = judged[keep]
    has_judged = sub.groupby(["indicator", "region"], sort=True)["_judge"].transform("any")
    sub = sub[has_judged]
    logs = np.log10(sub["value"].to_numpy(dtype=float))
    years, judge = sub["year"].to_numpy(dtype=int), sub["_judge"].to_numpy(dtype=bool)
    for (iid, reg), pos in sub.groupby(["indicator", "region"], sort=True).indices.items():
        if len(pos) >= 2:
            bad |= _slips(sub, pos, logs[pos], years[pos], judge[pos], iid, reg, str(ind.at[iid, "measure"]),
                          str(ind.at[iid, "unit"]), report)
    return rows.drop(index=sorted(bad)).reset_index(drop=True) if bad else rows


_HARD = {"share": (0.0, 100.0), "level": (0.0, math.inf), "count": (0.0, math.inf), "intensity": (0.0, math.inf),
         "rank": (1.0, math.inf), "rate": (-100.0, math.inf)}


def _range(judged: pd.DataFrame, measure: pd.Series, ind: pd.DataFrame, report: Report) -> set[int]:
    """Values outside what their measure allows (errors) or the indicator's registered range (warnings)."""
    bad: set[int] = set()
    v = judged["value"].astype(float)
    lo = measure.map(lambda m: _HARD.get(m, (-math.inf, math.inf))[0])
    hi = measure.map(lambda m: _HARD.get(m, (-math.inf, math.inf))[1])
    declared = judged["indicator"].map(ind["range"]) if "range" in ind.columns else pd.Series(None, index=judged.index)
    d_lo = declared.map(lambda r: r[0] if isinstance(r, tuple) else -math.inf)
    d_hi = declared.map(lambda r: r[1] if isinstance(r, tuple) else math.inf)
    hard = judged["_judge"] & ((v < lo) | (v > hi))
    soft = judged["_judge"] & ~hard & ((v < d_lo) | (v > d_hi))
    for k in np.flatnonzero(hard.to_numpy()):
        row, m = judged.iloc[k], measure.iloc[k]
        unit = str(ind.at[row["indicator"], "unit"])
        allowed = f"{lo.iloc[k]:g}–{hi.iloc[k]:g}" if math.isfinite(hi.iloc[k]) else f"≥ {lo.iloc[k]:g}"
        report.add(row["source_file"], f"{row['indicator']}/{row['region']} {int(row['year'])}: {float(row['value']):g} "
                   f"{unit} is outside what a {m} can be", value=float(row["value"]), expected=f"a {m} {allowed}",
                   category="values out of range", **_where(row))
        bad.add(int(row["_i"]))
    for k in np.flatnonzero(soft.to_numpy()):
        row = judged.iloc[k]
        unit = str(ind.at[row["indicator"], "unit"])
        report.add(row["source_file"], f"{row['indicator']}/{row['region']} {int(row['year'])}: {float(row['value']):g} "
                   f"{unit} is outside the indicator's usual range (indicators.yaml)", severity="warning",
                   value=float(row["value"]), expected=f"{d_lo.iloc[k]:g}–{d_hi.iloc[k]:g} {unit}",
                   category="values out of range", **_where(row))
    shares = judged[judged["_judge"] & (measure == "share")
                    & judged["indicator"].map(ind["unit"]).eq("%")]
    for (iid, reg, f), g in shares.groupby(["indicator", "region", "source_file"], sort=True):
        vals = g["value"].astype(float)
        if len(vals) >= 2 and (vals > 0).all() and (vals <= 1).all():
            report.add(f, f"{iid}/{reg}: every value is between 0 and 1 — fractions typed in a % column?",
                       severity="warning", value=", ".join(f"{x:g}" for x in vals[:4]),
                       expected="percentages 0–100 (or the unit 比例 for fractions 0–1)",
                       category="order-of-magnitude slips", **_where(g.iloc[0]))
    return bad


def _slips(frame: pd.DataFrame, pos: np.ndarray, logs: np.ndarray, years: np.ndarray, judge: np.ndarray, iid: str,
           reg: str, measure: str, unit: str, report: Report) -> set[int]:
    """Judge the worst departure first, leave it out of the others' references, repeat (positive values only).

    ``pos`` are the positions of one indicator × region in ``frame``; ``logs``, ``years``, ``judge`` its arrays.
    """
    n = len(logs)
    alive = np.ones(n, dtype=bool)
    near = np.abs(years[:, None] - years[None, :]) <= settings.PLAUSIBILITY_WINDOW
    np.fill_diagonal(near, False)
    min_dev = math.log10(settings.PLAUSIBILITY_MIN_RATIO)
    min_count = math.log10(settings.PLAUSIBILITY_MIN_COUNT)
    rows = np.arange(n)
    bad: set[int] = set()
    while True:
        refs_mask = near & alive[None, :]
        n_refs = refs_mask.sum(axis=1)
        ordered = np.sort(np.where(refs_mask, logs[None, :], np.inf), axis=1)  # row-wise median of the references
        lo, hi = np.maximum(n_refs - 1, 0) // 2, np.maximum(n_refs, 1) // 2
        with np.errstate(invalid="ignore"):
            ref = (ordered[rows, lo] + ordered[rows, np.minimum(hi, n - 1)]) / 2
        dev = logs - ref
        usable = alive & judge & (n_refs > 0)
        if measure == "count":
            usable &= ref >= min_count
        score = np.where(usable, np.abs(dev), -1.0)
        i = int(np.argmax(score))
        if score[i] < min_dev:
            return bad
        alive[i] = False
        bad |= _report_slip(frame, pos, i, float(dev[i]), float(ref[i]), np.flatnonzero(refs_mask[i]), years, iid,
                            reg, unit, report)


def _report_slip(frame: pd.DataFrame, pos: np.ndarray, i: int, dev: float, ref: float, refs: np.ndarray,
                 years: np.ndarray, iid: str, reg: str, unit: str, report: Report) -> set[int]:
    row = frame.iloc[int(pos[i])]
    k = int(round(dev))
    slip = abs(k) in SLIPS and abs(dev - k) <= SLIP_BAND
    checked = bool(_CHECKED.search(str(row["note"] or "")))
    n = len(refs)
    ratio = 10 ** dev
    shown = f"{ratio:,.1f} times" if ratio >= 1 else f"1/{1 / ratio:,.1f} of"
    refs_text = f"{10 ** ref:,.4g} ({n} value{'s' if n != 1 else ''}, {_span(years[refs])})"
    if n == 1:
        other = frame.iloc[int(pos[refs[0]])]
        refs_text = (f"{10 ** ref:,.4g} ({other['source_file']} {other['location']}, {int(other['year'])}; "
                     "which of the two is wrong cannot be told)")
    value = float(row["value"])
    if slip:
        likely = value / 10 ** k
        message = (f"{iid}/{reg} {int(row['year'])}: {value:g} {unit} is {shown} its reference {refs_text}: "
                   f"a {SLIPS[abs(k)].replace('×', '×' if k > 0 else '÷')}? likely {likely:.6g}")
        error = (abs(k) in UNIT_SLIPS or n >= 2) and not checked
    else:
        message = (f"{iid}/{reg} {int(row['year'])}: {value:g} {unit} is {shown} its reference {refs_text}: "
                   "not a unit or decimal slip, but worth checking")
        error = False
    report.add(row["source_file"], message, severity="error" if error else "warning", value=value,
               expected=f"about {10 ** ref:,.4g} {unit}" + (" (or a note saying the value was checked: 核实)"
                                                           if error else ""),
               category="order-of-magnitude slips", **_where(row))
    return {int(row["_i"])} if error else set()
