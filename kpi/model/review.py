"""Review: what the assessment said as of a past year, against what the data later showed.

Examples
--------
>>> REVIEW_INDICATORS[0]
'gdp'
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpi.core import settings
from kpi.present import charts

REVIEW_INDICATORS = ["gdp", "va_industry_above_scale", "hightech_firms", "share_nonfossil_energy", "trade_total",
                     "budget_revenue"]


def review_table(d: dict[str, pd.DataFrame], *, as_of: int | None = 2021, indicators: list[str] | None = None,
                 region: str = "zone") -> pd.DataFrame:
    """For each indicator: the projection made with data up to ``as_of`` and the values observed after it.

    Columns: ``indicator, year, observed, status, median, lower_80, upper_80, inside_80``. Years after ``as_of``
    with no observation are left out.
    """
    from kpi.model.projection import project
    from kpi.present.views import series

    as_of = settings.PLAN_BASE_YEAR if as_of is None else int(as_of)
    rows = []
    for ind in indicators or REVIEW_INDICATORS:
        full = series(d, ind, region)
        past = full[full.index <= as_of]
        later = full[full.index > as_of]
        args = _args(ind)
        if len(past) < 3 or later.empty or args is None:
            continue
        proj = project(past, until=int(later.index.max()), **args)
        for y, v in later.items():
            if y in proj.index:
                lo, hi = proj.loc[y, "lower_80"], proj.loc[y, "upper_80"]
                rows.append({"indicator": ind, "year": int(y), "observed": float(v),
                             "status": full.attrs["status"].get(int(y), ""), "median": float(proj.loc[y, "median"]),
                             "lower_80": float(lo), "upper_80": float(hi), "inside_80": bool(lo <= v <= hi)})
    return pd.DataFrame(rows, columns=["indicator", "year", "observed", "status", "median", "lower_80", "upper_80",
                                       "inside_80"])


def _args(indicator: str) -> dict[str, str] | None:
    from kpi.inputs import registry
    from kpi.model.assessment import projection_args

    return projection_args(registry.load_indicators(), indicator)


def review_chart(d: dict[str, pd.DataFrame], indicator: str, *, as_of: int | None = 2021, lang: str = "zh",
                 region: str = "zone"):
    """Fan chart made as of ``as_of`` with the later observations drawn on top."""
    as_of = settings.PLAN_BASE_YEAR if as_of is None else int(as_of)
    from kpi.model.projection import project
    from kpi.present.views import main_target, series

    full = series(d, indicator, region)
    past = full[full.index <= as_of]
    past.attrs["status"] = {y: s for y, s in full.attrs["status"].items() if y <= as_of}
    later = full[full.index > as_of]
    tgt = main_target(d, indicator)
    until = max(int(later.index.max()) if len(later) else as_of + 1, int(tgt.target_year) if tgt is not None else 0)
    args = _args(indicator)
    if args is None:
        raise ValueError(f"{indicator}: indicator kind is not projected")
    proj = project(past, until=until, **args)
    kw = dict(target=float(tgt.target_value), target_year=int(tgt.target_year), direction=str(tgt.direction)) \
        if tgt is not None else {}
    illustrative = "illustrative" in set(full.attrs["status"].values())
    fig = charts.fan_chart(past, proj, indicator=indicator, lang=lang, illustrative=illustrative,
                           title=charts.indicator_label(indicator, lang, with_unit=False)
                           + (f"：{as_of}年所作预测与其后数据" if lang == "zh" else f": projection as of {as_of} vs later data"),
                           **kw)
    ax = fig.axes[0]
    if len(later):
        (dots,) = ax.plot(later.index.to_numpy(dtype=int), later.to_numpy(), ls="", marker="D", ms=6, color="#111",
                          label="其后数据" if lang == "zh" else "Later data", zorder=7)
        old = ax.get_legend()  # the fan chart's own entries (history, projection, bands, target), then the later data
        handles = list(old.legend_handles) if old is not None else []
        ax.legend(handles=handles + [dots], labels=[t.get_text() for t in old.get_texts()] + [dots.get_label()]
                  if old is not None else None, loc="upper left", ncol=2)
    return fig
