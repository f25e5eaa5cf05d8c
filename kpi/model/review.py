"""Review: what a projection made as of a past year said, against what the data later showed.

Examples
--------
>>> REVIEW_INDICATORS[0]
'gdp'
"""

from __future__ import annotations

import pandas as pd

from kpi.core import settings
from kpi.inputs.history import series
from kpi.inputs.registry import load_indicators
from kpi.model.assessment import projection_args
from kpi.model.projection import project

REVIEW_INDICATORS = ["gdp", "va_industry_above_scale", "hightech_firms", "share_nonfossil_energy", "trade_total",
                     "budget_revenue"]
COLUMNS = ["indicator", "year", "observed", "status", "median", "lower_80", "upper_80", "inside_80"]


def review_table(history: pd.DataFrame, *, as_of: int | None = 2021, indicators: list[str] | None = None,
                 region: str = "zone") -> pd.DataFrame:
    """For each indicator: the projection made with data up to ``as_of`` and the values observed after it.

    Parameters
    ----------
    history : DataFrame
        History rows, one per indicator, region and year (``kpi.load_history()`` or the processed table).
    as_of : int, optional
        The last year of data the projection may use (the plan's base year when None).
    indicators : list of str, optional
        Default :data:`REVIEW_INDICATORS`.
    region : str
        The region whose series are reviewed.

    Returns
    -------
    DataFrame
        Columns ``indicator, year, observed, status, median, lower_80, upper_80, inside_80``. Years after
        ``as_of`` with no observation are left out.
    """
    as_of = settings.PLAN_WRITTEN_AFTER if as_of is None else int(as_of)
    registry = load_indicators()
    rows = []
    for ind in indicators or REVIEW_INDICATORS:
        full = series(history, ind, region)
        past = full[full.index <= as_of]
        later = full[full.index > as_of]
        args = projection_args(registry, ind)
        if len(past) < 3 or later.empty or args is None:
            continue
        proj = project(past, until=int(later.index.max()), **args)
        for y, v in later.items():
            if y in proj.index:
                lo, hi = proj.loc[y, "lower_80"], proj.loc[y, "upper_80"]
                rows.append({"indicator": ind, "year": int(y), "observed": float(v),
                             "status": full.attrs["status"].get(int(y), ""), "median": float(proj.loc[y, "median"]),
                             "lower_80": float(lo), "upper_80": float(hi), "inside_80": bool(lo <= v <= hi)})
    return pd.DataFrame(rows, columns=COLUMNS)
