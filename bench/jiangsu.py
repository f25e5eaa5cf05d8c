"""Out-of-time benchmark on the project's own vintages: Chinese regional series forecast in real time.

Design (fixed in code before the scored run; ``scripts/calibrate.py`` holds the calibration procedure)
-----------------------------------------------------------------------------------------------
Cases
    Every series of 江苏统计年鉴 table 2-12 (13 cities and 苏南/苏中/苏北 × GDP, value added of the primary,
    secondary, tertiary sector and industry, GDP per capita) **as each edition e = 2018…2022 published it** (its
    run of consecutive years ending at e − 1: 6 or 7 values), forecast 1–4 years ahead and scored against the
    latest edition (2023) wherever it has the year: 96 series × (4 + 4 + 3 + 2 + 1) = 1,344 forecasts of 480
    series-editions. Revisions are part of the truth, as a user of the yearbook meets them.
Rolling origin in publication time
    kpi projects edition e's series with the panel ``cn_regional_asof_<e>``: the calibration procedure run on
    the editions published up to e only (its point rule, error widths and revision errors; nothing published
    later). Edition 2018 is the first: its panel knows no revision at all. ``kpi_in_sample`` uses the shipped
    ``cn_regional`` (all editions, i.e. the truth's years): shown to measure the difference, never as a result.
    ``kpi_m_panels`` is the bare call's panel ``all`` (the competitions).
Census years
    A forecast crosses a census when the census's results were not yet in edition e and its year is at or
    before the year forecast (:func:`kpi.model.projection.census_crossings`): the 2018 economic census (in the
    2020 edition) for editions 2018 and 2019, and the 2020 population census (2021 edition) for GDP per capita
    from edition 2020. The census revision errors can only be *measured* from 2020 on, and the vintages hold one
    economic census, so the census-crossing cases cannot be held out in time; ``kpi_no_area`` (the shipped
    procedure without the series' own area, 苏南 / 苏中 / 苏北) is reported for them as a held-out-by-area check
    — same census, same years, not out of time.
Peers
    naive, random walk with drift (``rwdrift``, normal intervals), statsmodels ETS (A, Ad, N) and Theta,
    statsforecast AutoETS and AutoTheta (in ``.venv-peers``, skipped when absent) — univariate, so out of time
    by construction.
Metrics
    Over the 1,344 forecasts: coverage of the 80 % and 95 % intervals, sMAPE (%), MASE (scale: the window's mean
    absolute yearly change), Winkler scores (MASE-scaled). Over the 480 series-editions: the Brier score of the
    probability that the value at the last scored year reaches the window's compound-growth path (kpi: its
    simulated paths; peers: the normal distribution their 80 % interval implies) and its reliability table.
    ``ties``: forecasts whose point forecast equals the random walk with drift's (relative difference < 1e-9).
    The paired test of the sMAPE difference kpi − rwdrift: Wilcoxon signed-rank over series-editions (ties
    dropped), and, since one edition's errors share its year's shocks, a t-test over the 5 edition means.

Everything is deterministic (seeded paths); only the peers' fits depend on their libraries' versions.

Usage::

    .venv/bin/python -m bench.jiangsu        # writes bench/results/jiangsu.md and jiangsu.csv (by method,
                                             # edition, horizon and census crossing)
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from bench.run import PEERS, Z80, m_ets, m_naive, m_rwdrift, m_theta, peer_forecasts, publish

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "results"
HORIZON = 4


def cases() -> list[dict]:
    """Every series of every edition but the latest, with its truth from the latest edition (NaN where none)."""
    from kpi.inputs.registry import load_registry
    from kpi.model.projection import census_crossings
    from scripts.calibrate import edition_series

    reg = load_registry()
    area = {r: a for a, members in reg.area_members().items() for r in members}
    out = []
    for ed, ind, region, vals, act in edition_series(horizon=HORIZON):
        if len(vals) < 5 or not np.isfinite(act).any():
            continue
        last = int(ed) - 1
        cross = census_crossings(last_year=last, published=int(ed), until=last + HORIZON,
                                 kinds=reg.indicators.loc[ind, "censuses"])
        crossing = np.array([any(c <= last + h for _, c in cross) for h in range(1, HORIZON + 1)])
        out.append({"edition": int(ed), "indicator": ind, "region": region, "area": area.get(region, ""),
                    "x": np.asarray(vals, dtype=float), "y": np.asarray(act, dtype=float), "last": last,
                    "crossing": crossing, "censuses": tuple(reg.indicators.loc[ind, "censuses"])})
    return out


def threshold(x: np.ndarray, h: int) -> float:
    """The event of the Brier score: the value h years ahead reaches the window's compound-growth path."""
    return float(x[-1] * (x[-1] / x[0]) ** (h / (len(x) - 1)))


def kpi_method(panel: str | None):
    """kpi with a fixed panel (``None``: the as-of panel of the case's edition)."""
    def run(c: dict) -> dict:
        from kpi.model.projection import TrendModel

        s = pd.Series(c["x"], index=np.arange(c["last"] - len(c["x"]) + 1, c["last"] + 1))
        res = TrendModel(s, indicator=c["indicator"], calibration=panel or f"cn_regional_asof_{c['edition']}",
                         published=c["edition"], measure="level", censuses=c["censuses"]).fit()
        f = res.summary_frame(until=c["last"] + HORIZON)
        hl = c["hl"]
        p = res.prob(threshold(c["x"], hl), year=c["last"] + hl)
        return {"mean": f["median"].to_numpy(), "lo80": f["lower_80"].to_numpy(), "hi80": f["upper_80"].to_numpy(),
                "lo95": f["lower_95"].to_numpy(), "hi95": f["upper_95"].to_numpy(), "p_event": p,
                "panel": res.panel}
    return run


def kpi_no_area(c: dict) -> dict:
    return kpi_method(f"cn_regional_no_{c['area']}")(c)


def _peer(fn):
    return lambda c: fn(c["x"], "Jiangsu")


METHODS = {
    "kpi": kpi_method(None),
    "kpi_in_sample": kpi_method("cn_regional"),
    "kpi_no_area": kpi_no_area,
    "kpi_m_panels": kpi_method("all"),
    "naive": _peer(m_naive),
    "rwdrift": _peer(m_rwdrift),
    "ets_damped": _peer(m_ets),
    "theta": _peer(m_theta),
}
LABELS = {
    "kpi": "**kpi** (out of time: panel of the editions up to the origin)",
    "kpi_in_sample": "kpi, in-sample panel (all editions: not a result)",
    "kpi_no_area": "kpi, shipped procedure without the series' area (not out of time)",
    "kpi_m_panels": "kpi with the competition panel (the bare call's default)",
    "naive": "naive", "rwdrift": "random walk + drift", "ets_damped": "statsmodels ETS damped",
    "theta": "statsmodels Theta", "sf_autoets": "statsforecast AutoETS", "sf_autotheta": "statsforecast AutoTheta",
}


def score(c: dict, r: dict, method: str) -> list[dict]:
    """One row per scored horizon."""
    x, y = c["x"], c["y"]
    scale = float(np.mean(np.abs(np.diff(x)))) or 1e-9
    rows = []
    for h in range(HORIZON):
        if not np.isfinite(y[h]):
            continue
        f = float(r["mean"][h])
        row = {"method": method, "edition": c["edition"], "indicator": c["indicator"], "region": c["region"],
               "h": h + 1, "crossing": bool(c["crossing"][h]), "truth": float(y[h]), "forecast": f,
               "smape": 200 * abs(y[h] - f) / (abs(y[h]) + abs(f)), "mase": abs(y[h] - f) / scale}
        for lv, a in ((80, 0.2), (95, 0.05)):
            lo, hi = float(r[f"lo{lv}"][h]), float(r[f"hi{lv}"][h])
            row[f"cov{lv}"] = float(lo <= y[h] <= hi)
            row[f"winkler{lv}"] = ((hi - lo) + 2 / a * max(lo - y[h], 0) + 2 / a * max(y[h] - hi, 0)) / scale
        rows.append(row)
    return rows


def event(c: dict, r: dict, method: str) -> dict:
    """The Brier row of one series-edition: probability and outcome at the last scored year."""
    hl = c["hl"]
    thr = threshold(c["x"], hl)
    if "p_event" in r:
        p = float(r["p_event"])
    else:
        lo, hi, m = float(r["lo80"][hl - 1]), float(r["hi80"][hl - 1]), float(r["mean"][hl - 1])
        sd = max((hi - lo) / (2 * Z80), 1e-12)
        p = float(0.5 * math.erfc((thr - m) / (sd * math.sqrt(2))))
    hit = float(c["y"][hl - 1] >= thr)
    return {"method": method, "edition": c["edition"], "p_event": p, "event": hit, "brier": (p - hit) ** 2,
            "crossing": bool(c["crossing"][hl - 1])}


def run() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Forecast rows and event rows of every method."""
    cs = cases()
    for c in cs:
        c["hl"] = int(np.flatnonzero(np.isfinite(c["y"]))[-1]) + 1
    rows, events = [], []
    for c in cs:
        for name, fn in METHODS.items():
            r = fn(c)
            rows += score(c, r, name)
            events.append(event(c, r, name))
    if PEERS.exists():
        for c, res in zip(cs, peer_forecasts([c["x"] for c in cs], HORIZON)):
            for name, r in res.items():
                rows += score(c, r, name)
                events.append(event(c, r, name))
    else:
        print("statsforecast peers skipped: no .venv-peers", file=sys.stderr)
    fc, ev = pd.DataFrame(rows), pd.DataFrame(events)
    drift = fc[fc["method"] == "rwdrift"].set_index(["edition", "indicator", "region", "h"])["forecast"]
    key = list(zip(fc["edition"], fc["indicator"], fc["region"], fc["h"]))
    fc["tie"] = np.abs(fc["forecast"].to_numpy() / drift.loc[key].to_numpy() - 1) < 1e-9
    return fc, ev


ORDER = ["kpi", "rwdrift", "naive", "ets_damped", "theta", "sf_autoets", "sf_autotheta", "kpi_m_panels",
         "kpi_in_sample", "kpi_no_area"]


def table(fc: pd.DataFrame, ev: pd.DataFrame, *, rows: pd.Series | None = None, events: pd.Series | None = None,
          methods: list[str] | None = None) -> list[str]:
    """A markdown table of the metrics per method (optionally on a subset)."""
    fc = fc if rows is None else fc[rows]
    ev = ev if events is None else ev[events]
    out = ["| method | n | cov80 | cov95 | sMAPE % | MASE | Winkler80 | Winkler95 | Brier | ties with drift |",
           "|---|---|---|---|---|---|---|---|---|---|"]
    for m in methods or [m for m in ORDER if m in set(fc["method"])]:
        g, e = fc[fc["method"] == m], ev[ev["method"] == m]
        if g.empty:
            continue
        out.append(f"| {LABELS.get(m, m)} | {len(g)} | {g['cov80'].mean():.3f} | {g['cov95'].mean():.3f} | "
                   f"{g['smape'].mean():.2f} | {g['mase'].mean():.3f} | {g['winkler80'].mean():.2f} | "
                   f"{g['winkler95'].mean():.2f} | {e['brier'].mean():.3f} | "
                   + ("—" if m == "rwdrift" else f"{int(g['tie'].sum())} of {len(g)}") + " |")
    return out


def paired_test(fc: pd.DataFrame, a: str = "kpi", b: str = "rwdrift") -> list[str]:
    """Paired test of the sMAPE difference ``a`` − ``b`` over series-editions and over editions."""
    from scipy import stats

    keys = ["edition", "indicator", "region"]
    sa = fc[fc["method"] == a].groupby(keys)["smape"].mean()
    sb = fc[fc["method"] == b].groupby(keys)["smape"].mean()
    d = (sa - sb.loc[sa.index]).to_numpy()
    nz = d[np.abs(d) > 1e-12]
    w = stats.wilcoxon(nz) if len(nz) >= 10 else None
    per_ed = (sa - sb.loc[sa.index]).groupby(level="edition").mean()
    t = stats.ttest_1samp(per_ed.to_numpy(), 0.0) if per_ed.ne(0).any() else None
    rel = 100 * (fc[fc["method"] == a]["smape"].mean() / fc[fc["method"] == b]["smape"].mean() - 1)
    return [f"- sMAPE {a} − {b}, mean over series-editions: {d.mean():+.3f} points ({rel:+.1f} % relative to "
            f"{b}); {len(d) - len(nz)} of {len(d)} series-editions tie exactly.",
            "- Wilcoxon signed-rank over the non-tied series-editions: "
            + (f"n = {len(nz)}, p = {w.pvalue:.3g}" if w is not None else "too few non-tied cases") + ".",
            "- By edition (the errors of one edition share its years' shocks): mean difference "
            + ", ".join(f"{e} {v:+.3f}" for e, v in per_ed.items())
            + (f"; t-test over the {len(per_ed)} editions p = {t.pvalue:.3g}" if t is not None else "; all zero")
            + "."]


def reliability(ev: pd.DataFrame, methods: list[str]) -> list[str]:
    bins = np.linspace(0, 1, 11)
    lines = ["| method | Brier | " + " | ".join(f"{bins[i]:.1f}–{bins[i + 1]:.1f}" for i in range(10))
             + " | largest gap (bins with ≥ 20 cases) |", "|---|---|" + "---|" * 11]
    for m in methods:
        g = ev[ev["method"] == m]
        if g.empty:
            continue
        b = np.clip(np.digitize(g["p_event"], bins[1:-1]), 0, 9)
        cells, gaps = [], []
        for i in range(10):
            gb = g[b == i]
            cells.append(f"{gb['p_event'].mean():.2f}→{gb['event'].mean():.2f} ({len(gb)})" if len(gb) else "—")
            if len(gb) >= 20:
                gaps.append(abs(gb["p_event"].mean() - gb["event"].mean()))
        lines.append(f"| {LABELS.get(m, m)} | {g['brier'].mean():.3f} | " + " | ".join(cells)
                     + (f" | {max(gaps):.2f} |" if gaps else " | — |"))
    return lines


def main() -> None:
    fc, ev = run()
    OUT.mkdir(parents=True, exist_ok=True)
    agg = (fc.groupby(["method", "edition", "h", "crossing"], sort=True)
           .agg(n=("smape", "size"), cov80=("cov80", "mean"), cov95=("cov95", "mean"), smape=("smape", "mean"),
                mase=("mase", "mean"), winkler80=("winkler80", "mean"), winkler95=("winkler95", "mean"),
                ties_with_drift=("tie", "sum")).reset_index())
    num = agg.select_dtypes("float").columns
    agg.assign(**{c: agg[c].round(4) for c in num}).to_csv(OUT / "jiangsu.csv", index=False, lineterminator="\n")
    main_methods = [m for m in ORDER if m not in ("kpi_in_sample", "kpi_no_area") and m in set(fc["method"])]
    n_cases = len(ev) // ev["method"].nunique()
    lines = ["# Out-of-time benchmark: 江苏统计年鉴 table 2-12, every edition's series forecast in real time\n",
             f"Generated by `bench/jiangsu.py` (design in its docstring). {n_cases} series-editions (editions "
             f"2018–2022), {len(fc[fc['method'] == 'kpi'])} forecasts h = 1–4 scored against the 2023 edition, "
             "revisions included. kpi is calibrated at each origin on the editions published up to it. Targets "
             "0.80 / 0.95. sMAPE, MASE, Winkler and Brier: lower is better.\n",
             "## All forecasts (pooled)\n", *table(fc, ev, methods=main_methods), "",
             "## Forecasts that cross a census year\n",
             "Editions 2018 and 2019 (the 2018 economic census, first in the 2020 edition) and GDP per capita from "
             "the 2020 edition (the 2020 population census).\n",
             *table(fc, ev, rows=fc["crossing"], events=ev["crossing"], methods=main_methods + ["kpi_no_area"]),
             "", "## Forecasts that cross no census year\n",
             *table(fc, ev, rows=~fc["crossing"], events=~ev["crossing"], methods=main_methods), "",
             "## Without the 2021 edition (forecasts of 2021 and 2022 from 2020: the rebound after 2020)\n",
             *table(fc, ev, rows=fc["edition"] != 2021, events=ev["edition"] != 2021, methods=main_methods), "",
             "## In-sample, for comparison only (calibrated on all editions, i.e. on the years scored)\n",
             *table(fc, ev, methods=["kpi_in_sample", "kpi"]), "",
             "## kpi by edition and horizon (out of time)\n",
             "| edition | panel's point rule | n | cov80 | cov95 | sMAPE % | rwdrift sMAPE % | cov80 h1 | h2 | h3 | h4 |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    from kpi.inputs.calibration import load_calibration
    from kpi.model.projection import PointRule

    k, d = fc[fc["method"] == "kpi"], fc[fc["method"] == "rwdrift"]
    for ed, g in k.groupby("edition"):
        rule = PointRule(**load_calibration(f"cn_regional_asof_{ed}")["point"])
        byh = g.groupby("h")["cov80"].mean()
        lines.append(f"| {ed} | {'random walk with drift' if rule.is_random_walk_with_drift else rule.describe()} "
                     f"| {len(g)} | {g['cov80'].mean():.3f} | {g['cov95'].mean():.3f} | {g['smape'].mean():.2f} | "
                     f"{d[d['edition'] == ed]['smape'].mean():.2f} | "
                     + " | ".join(f"{byh.get(h, float('nan')):.2f}" if h in byh.index else "—"
                                  for h in range(1, HORIZON + 1)) + " |")
    lines += ["", "## Point accuracy: kpi against the random walk with drift (paired)\n", *paired_test(fc), "",
              "## Reliability of the probability of reaching the compound-growth path (out of time)\n",
              "Each cell: mean forecast probability → observed frequency (cases).\n",
              *reliability(ev, main_methods)]
    publish(OUT / "jiangsu.md", lines)


if __name__ == "__main__":
    main()
