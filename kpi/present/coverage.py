"""What the data are: coverage by status, sources with provenance, revisions between vintages.

Examples
--------
>>> from kpi.inputs.raw import load_history
>>> cov = coverage_table(load_history(), lang="en")
>>> {"Indicator", "Region", "Years"} <= set(cov.columns)
True
"""

from __future__ import annotations

import pandas as pd

from kpi.core import paths
from kpi.inputs import provenance, registry
from kpi.core.labels import STATUSES, label



def _span(years) -> str:
    ys = sorted(int(y) for y in years)
    if not ys:
        return ""
    runs, start, prev = [], ys[0], ys[0]
    for y in ys[1:]:
        if y != prev + 1:
            runs.append((start, prev))
            start = y
        prev = y
    runs.append((start, prev))
    return ", ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in runs)


def coverage_table(history: pd.DataFrame, *, lang: str = "zh") -> pd.DataFrame:
    """One row per indicator and region: years covered and how many are official/…/illustrative."""
    reg = registry.load_registry()
    ind = reg.indicators
    zh = lang == "zh"
    rows = []
    for (i, r), g in history.groupby(["indicator", "region"], sort=True):
        row = {("指标" if zh else "Indicator"): ind.loc[i, "name_zh" if zh else "name_en"] if i in ind.index else i,
               ("地区" if zh else "Region"): reg.region_label(r, lang),
               ("年份" if zh else "Years"): _span(g["year"])}
        for s in STATUSES:
            row[label(STATUSES, s, lang) if zh else s] = int((g["status"] == s).sum())
        rows.append(row)
    return pd.DataFrame(rows)


def missing_indicators(history: pd.DataFrame, targets: pd.DataFrame, *, region: str = "zone",
                       lang: str = "zh") -> pd.DataFrame:
    """Indicators that targets need but that have no data for ``region``, with the targets concerned."""
    have = set(history.loc[history.region == region, "indicator"])
    need = targets[targets["indicator"].fillna("") != ""]
    ind = registry.load_indicators()
    zh = lang == "zh"
    rows = []
    for i, g in need.groupby("indicator", sort=True):
        if i not in have:
            rows.append({("指标" if zh else "Indicator"): ind.loc[i, "name_zh" if zh else "name_en"] if i in ind.index else i,
                         ("相关目标" if zh else "Targets"): ", ".join(g["id"] if "id" in g else g.index.astype(str))})
    return pd.DataFrame(rows, columns=[("指标" if zh else "Indicator"), ("相关目标" if zh else "Targets")])


def sources_table() -> pd.DataFrame:
    """Every raw data file with its provenance sidecar fields."""
    rows = []
    for side in sorted(paths.RAW.rglob("*" + provenance.SUFFIX)):
        data = side.with_name(side.name[: -len(provenance.SUFFIX)])
        meta = provenance.read_sidecar(data)
        rows.append({"file": str(data.relative_to(paths.ROOT)), "title": meta.get("title", ""),
                     "producer": meta.get("producer", ""), "obtained_from": meta.get("obtained_from", ""),
                     "obtained_on": str(meta.get("obtained_on", "")), "sha256": str(meta.get("sha256", ""))[:12]})
    return pd.DataFrame(rows)


def revisions_table(all_vintages: pd.DataFrame, indicator: str, region: str) -> pd.DataFrame:
    """Data years × vintages of one official series, and the revision of the latest against the first."""
    sub = all_vintages[(all_vintages.indicator == indicator) & (all_vintages.region == region)
                       & (all_vintages.status == "official")]
    wide = sub.pivot_table(index="year", columns="vintage", values="value", aggfunc="first").sort_index()
    if wide.empty:
        return wide
    first = wide.apply(lambda r: r.dropna().iloc[0] if r.notna().any() else float("nan"), axis=1)
    last = wide.apply(lambda r: r.dropna().iloc[-1] if r.notna().any() else float("nan"), axis=1)
    wide["revision_pct"] = 100 * (last / first - 1)
    wide.index = wide.index.astype(int)
    return wide
