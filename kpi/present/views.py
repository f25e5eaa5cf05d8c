"""What the notebooks show: each function turns processed data into a chart or a table.

Notebooks stay thin: they load the processed outputs once (:func:`load`), then
call these functions and display what they return.

Examples
--------
After ``make all`` (``kpi build``) has written ``data/processed/``::

    d = load()
    display(card_table(d, area="aggregates", lang="zh"))

The tables :func:`load` returns:

>>> sorted(FILES)[:3]
['all_vintages', 'card', 'coherence']
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from kpi.core import paths, settings
from kpi.core.labels import symbol
from kpi.inputs import registry
from kpi.model.assessment import probability_by_scenario, projection_args
from kpi.model.projection import project
from kpi.present import charts

FILES = paths.PROCESSED_TABLES


def _read(p: Path) -> pd.DataFrame:
    return pd.read_csv(p, encoding="utf-8-sig", keep_default_na=True, dtype={"vintage": str, "note": str,
                                                                             "qualifier": str})


class Tables(dict):
    """The processed tables by name, each read from its CSV the first time it is asked for.

    A notebook asks for three or four of the seven tables; reading only those keeps its start short.
    ``list(tables)`` names the tables read so far; :data:`FILES` names them all.
    """

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def __missing__(self, key: str) -> pd.DataFrame:
        if key not in FILES:
            raise KeyError(f"no processed table {key!r}; available: {', '.join(FILES)}")
        table = _read(self.folder / FILES[key])
        if key in ("history", "all_vintages"):
            table["vintage"] = table["vintage"].fillna("").astype(str)
            table["qualifier"] = table["qualifier"].fillna("").astype(str)
        if key == "card":
            table = table.set_index("id")
        self[key] = table
        return table


def load(processed_dir: str | Path = "data/processed") -> Tables:
    """The processed tables written by ``kpi build`` (``history``, ``card``, ``projections``…), read on first use.

    Raises
    ------
    FileNotFoundError
        If the main job has not been run yet (it says which command to run).
    """
    folder = paths.inside_project(processed_dir)
    for name in FILES.values():  # checked now, so that a missing build is reported where the notebook starts
        if not (folder / name).exists():
            raise FileNotFoundError(f"{folder / name} not found: run the main job first (make all, or kpi build)")
    return Tables(folder)


def series(d: dict[str, pd.DataFrame], indicator: str, region: str = "zone", *, as_of: int | None = None) -> pd.Series:
    """One observed series (with ``.attrs['status']``), optionally cut at ``as_of``."""
    from kpi.inputs.history import series as _series

    h = d["history"]
    s = _series(h, indicator, region)
    if as_of is not None:
        statuses = s.attrs["status"]
        s = s[s.index <= as_of]
        s.attrs["status"] = {y: v for y, v in statuses.items() if y <= as_of}
    return s


def projection(d: dict[str, pd.DataFrame], indicator: str, *, scenario: str = "baseline") -> pd.DataFrame:
    """The stored projection summary for the zone's ``indicator`` under ``scenario`` (index = year)."""
    p = d["projections"]
    sub = p[(p.indicator == indicator) & (p.scenario == scenario)]
    return sub.set_index("year")[[c for c in sub.columns if c.startswith(("median", "lower_", "upper_"))]]


def main_target(d: dict[str, pd.DataFrame], indicator: str, *, scenario: str = "baseline") -> pd.Series | None:
    """The latest-year target measured by ``indicator`` (the one a fan chart marks)."""
    card = d["card"]
    sub = card[(card.indicator == indicator) & (card.scenario == scenario) & card.target_value.notna()
               & (card.kind != "cumulative")]
    if sub.empty:
        return None
    return sub.sort_values(["target_year", "target_value"]).iloc[-1]


def fan(d: dict[str, pd.DataFrame], indicator: str, *, scenario: str = "baseline", lang: str = "zh", ax=None):
    """Fan chart of one zone indicator with its main target and the probability of reaching it (on ``ax`` if
    given, e.g. a page of the printed briefing; otherwise on a new figure)."""
    s = series(d, indicator)
    if s.empty:
        raise ValueError(f"no data for {indicator}")
    tgt = main_target(d, indicator, scenario=scenario)
    proj = projection(d, indicator, scenario=scenario)
    kw = {}
    if tgt is not None:
        kw = dict(target=float(tgt.target_value), target_year=int(tgt.target_year), direction=str(tgt.direction),
                  probability=float(tgt.probability) if pd.notna(tgt.probability) else None)
    return charts.fan_chart(s, proj if not proj.empty else None, indicator=indicator, lang=lang, ax=ax, **kw)


def show(fig, name: str = "", *, figures_dir: str | Path = "figures", save: bool = True, width: int = 760) -> None:
    """Show a figure in the notebook and, with ``save``, write it as PNG and SVG under ``figures_dir``.

    When saved, the notebook shows the saved PNG itself, ``width`` pixels wide (one rendering, not two: the
    build is mostly figure rendering). Otherwise the figure is shown by the notebook's own (inline) backend.
    The figure is closed either way; nothing is returned, so no path is printed under the chart.
    """
    from IPython.display import Image, display

    if not save:
        display(fig)
        charts.close(fig)
        return
    out = charts.save(fig, paths.inside_project(figures_dir), name)
    display(Image(filename=str(out[0]), width=width))


def save(fig, name: str, *, figures_dir: str | Path = "figures", enabled: bool = True) -> list[Path]:
    """Save a figure as PNG and SVG under ``figures_dir`` (inside the project); returns the paths."""
    if not enabled:
        charts.close(fig)
        return []
    return charts.save(fig, paths.inside_project(figures_dir), name)


def review_chart(d: dict[str, pd.DataFrame], indicator: str, *, as_of: int | None = 2021, lang: str = "zh",
                 region: str = "zone"):
    """Fan chart made as of ``as_of`` with the later observations drawn on top (:mod:`kpi.model.review`)."""
    as_of = settings.PLAN_WRITTEN_AFTER if as_of is None else int(as_of)
    full = series(d, indicator, region)
    past = series(d, indicator, region, as_of=as_of)
    later = full[full.index > as_of]
    tgt = main_target(d, indicator)
    until = max(int(later.index.max()) if len(later) else as_of + 1, int(tgt.target_year) if tgt is not None else 0)
    args = projection_args(registry.load_indicators(), indicator)
    if args is None:
        raise ValueError(f"{indicator}: indicator measure is not projected")
    proj = project(past, until=until, **args)
    kw = dict(target=float(tgt.target_value), target_year=int(tgt.target_year), direction=str(tgt.direction)) \
        if tgt is not None else {}
    illustrative = "illustrative" in set(full.attrs["status"].values())
    title = charts.indicator_label(indicator, lang, with_unit=False) + (
        f"：{as_of}年所作预测与其后数据" if lang == "zh" else f": projection as of {as_of} vs later data")
    fig = charts.fan_chart(past, proj, indicator=indicator, lang=lang, illustrative=illustrative, title=title, **kw)
    if len(later):
        charts.add_later_points(fig.axes[0], later, label="其后数据" if lang == "zh" else "Later data")
    return fig


def card_table(d: dict[str, pd.DataFrame], *, scenario: str = "baseline", area: str | None = None,
               lang: str = "zh", ids=None) -> pd.DataFrame:
    """The scorecard as a readable table (name, target, latest, probability, verdict) in ``lang``.

    ``area`` keeps one area's targets; ``ids`` keeps the given target ids (in the scorecard's order).
    """
    card = d["card"]
    sub = card[card.scenario == scenario]
    if area is not None:
        sub = sub[sub.area == area]
    if ids is not None:
        sub = sub[sub.index.isin(list(ids))]
    zh = lang == "zh"
    def fmt(v):
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return ""
        return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:,.4g}"
    out = pd.DataFrame({
        ("目标" if zh else "Target"): sub["name_zh" if zh else "name_en"],
        ("条款" if zh else "Clause"): sub["clause"],
        ("目标值" if zh else "Target value"): [
            f"{symbol(r.direction)}{fmt(r.target_value)} {r.unit if isinstance(r.unit, str) else ''}".strip()
            if pd.notna(r.target_value) else "" for r in sub.itertuples()],
        ("年份" if zh else "Year"): sub["target_year"].astype("Int64"),
        # the value the verdict rests on, with its year (a past target year is judged on that year, not the latest)
        ("依据值（年份）" if zh else "Value judged (year)"): [
            f"{fmt(r.basis_value)} ({int(r.basis_year)})" if pd.notna(getattr(r, "basis_year", None)) else
            (f"{fmt(r.latest_value)} ({int(r.latest_year)})" if pd.notna(r.latest_year) else "")
            for r in sub.itertuples()],
        ("数据性质" if zh else "Data basis"): sub["data_basis"],
        ("实现概率" if zh else "Probability"): sub["probability"].map(lambda p: "" if pd.isna(p) else f"{p:.0%}"),
        ("判断" if zh else "Verdict"): sub["verdict_zh" if zh else "verdict_en"],
    })
    return out


def indicator_names(indicators: list[str], lang: str = "zh") -> dict[str, str]:
    ind = registry.load_indicators()
    return {i: ind.loc[i, "name_zh" if lang == "zh" else "name_en"] for i in indicators if i in ind.index}


def drawable(d: dict[str, pd.DataFrame], indicators: list[str], *, region: str = "zone") -> list[str]:
    """The indicators of ``indicators`` that have at least one observation for ``region``."""
    h = d["history"]
    have = set(h.loc[h.region == region, "indicator"])
    return [i for i in indicators if i in have]


def scenario_table(d: dict[str, pd.DataFrame], *, lang: str = "zh") -> pd.DataFrame:
    """Probability of reaching each scored target under each scenario (targets × scenarios)."""
    col = "name_zh" if lang == "zh" else "name_en"
    wide = probability_by_scenario(d["card"], name=col).rename(columns={col: "目标" if lang == "zh" else "Target"})
    return wide.round(2)


def company_plans(d: dict[str, pd.DataFrame], *, lang: str = "zh") -> pd.DataFrame:
    """Targets for single companies and projects (registry column ``level`` = company/project)."""
    tg = d["targets"]
    if "level" in tg.columns:
        sub = tg[tg["level"].isin(["company", "project"])]
    else:
        sub = tg[tg["indicator"].isna() & (tg["area"] == "industry")]
    zh = lang == "zh"
    cols = {"clause": "条款" if zh else "Clause", ("name_zh" if zh else "name_en"): "目标" if zh else "Target",
            "value": "目标值" if zh else "Value", "unit": "单位" if zh else "Unit",
            "target_year": "年份" if zh else "Year", "quote": "原文" if zh else "Quote"}
    return sub[[c for c in cols if c in sub.columns]].rename(columns=cols)
