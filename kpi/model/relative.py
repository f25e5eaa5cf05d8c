"""Relative targets: does the zone grow faster than the city and the province?

The plan asks the zone's growth to be "快于全国、全省、全市" and its main indicators'
growth "不低于全国、全省、全市水平". :func:`relative_growth` computes yearly growth of
an indicator for the zone, Yancheng and Jiangsu from the history, side by side,
with the data basis of each; :func:`relative_summary` averages it over the plan
years observed and states the gap.

Growth here is **nominal** (current prices), because the yearbook table carries
current-price values; official comparisons use comparable prices. The national
series is not in the data yet: the comparison with 全国 is reported as missing,
not guessed. Table 2-12 has no province row; where the history has no ``jiangsu``
value, the province is measured by the **sum of its 13 cities** for the years
all 13 report (disclosed in the ``measure`` column; the province's own accounts
differ from the sum of its cities by a small statistical discrepancy).

Examples
--------
>>> g = relative_growth("gdp")
>>> sorted(set(g["region"])) == ["jiangsu", "yancheng", "zone"]
True
"""

from __future__ import annotations

import math

import pandas as pd

from kpi.core import settings

COMPARATORS = ("zone", "yancheng", "jiangsu", "china")
#: Where the zone's indicator has no city/province counterpart, the closest measured one (disclosed).
PROXIES = {"va_industry_above_scale": "va_industry"}


def _history(history: pd.DataFrame | None) -> pd.DataFrame:
    if history is None:
        from kpi.inputs.raw import load_history

        return load_history()
    return history


def _province_from_cities(h: pd.DataFrame, measure: str) -> pd.DataFrame:
    """The province as the sum of its cities, for years where every city reports (empty if none)."""
    from kpi.inputs import registry

    reg = registry.load_regions()
    cities = sorted(r for r in reg.index if str(reg.loc[r, "level"]) == "city")
    sub = h[(h["indicator"] == measure) & h["region"].isin(cities)]
    if sub.empty:
        return sub
    counts = sub.groupby("year")["region"].nunique()
    years = counts[counts == len(cities)].index
    sub = sub[sub["year"].isin(years)]
    from kpi.inputs.schema import weakest_status

    out = sub.groupby("year", as_index=False).agg(value=("value", "sum"), status=("status", weakest_status))
    out["region"] = "jiangsu"
    return out


def relative_growth(indicator: str, *, history: pd.DataFrame | None = None,
                    regions: tuple[str, ...] = COMPARATORS) -> pd.DataFrame:
    """Yearly growth (%) of ``indicator`` by region: columns ``region, year, value, growth_pct, status, measure``.

    For regions other than the zone, an indicator listed in :data:`PROXIES` is replaced by its proxy and the
    ``measure`` column says so.
    """
    h = _history(history)
    rows = []
    for region in regions:
        measure = indicator if region == "zone" else PROXIES.get(indicator, indicator)
        sub = h[(h["indicator"] == measure) & (h["region"] == region)].sort_values("year")
        if sub.empty and region == "jiangsu":
            sub = _province_from_cities(h, measure)
            measure = f"{measure} (sum of 13 cities)"
        if sub.empty:
            continue
        s = sub.set_index("year")["value"]
        growth = 100 * (s / s.shift(1) - 1)
        gap = s.index.to_series().diff() != 1
        growth[gap] = math.nan  # no growth across a gap in the years
        for (year, value), g, status in zip(s.items(), growth, sub["status"]):
            rows.append({"region": region, "year": int(year), "value": float(value), "growth_pct": g,
                         "status": status, "measure": measure})
    return pd.DataFrame(rows, columns=["region", "year", "value", "growth_pct", "status", "measure"])


def relative_summary(indicator: str = "gdp", *, history: pd.DataFrame | None = None,
                     since: int | None = None) -> pd.DataFrame:
    """Average growth over the plan years observed in all compared regions, and the zone's gap.

    Returns one row per comparator region with ``years``, ``avg_growth_pct``, ``zone_avg_growth_pct``,
    ``gap_pp`` (zone minus region), ``zone_faster`` (bool or NA) and ``basis`` (statuses involved).
    A region without data gets a row saying so.
    """
    since = settings.PLAN_BASE_YEAR + 1 if since is None else since
    g = relative_growth(indicator, history=history)
    zone = g[(g.region == "zone") & g.growth_pct.notna()].set_index("year")
    out = []
    for region in COMPARATORS[1:]:
        other = g[(g.region == region) & g.growth_pct.notna()].set_index("year")
        common = sorted(set(zone.index) & set(other.index))
        plan_years = [y for y in common if y >= since]
        years = plan_years or common[-3:]
        if not years:
            out.append({"indicator": indicator, "region": region, "years": "", "avg_growth_pct": math.nan,
                        "zone_avg_growth_pct": math.nan, "gap_pp": math.nan, "zone_faster": pd.NA,
                        "basis": "none", "note": f"no {indicator} growth for {region} in years the zone has"})
            continue
        za, oa = zone.loc[years, "growth_pct"].mean(), other.loc[years, "growth_pct"].mean()
        basis = sorted(set(zone.loc[years, "status"]) | set(other.loc[years, "status"]))
        note = "" if plan_years else f"no common year since {since}: latest common years used"
        if other["measure"].iloc[0] != indicator:
            note = (note + "; " if note else "") + f"{region} measured by {other['measure'].iloc[0]}"
        out.append({"indicator": indicator, "region": region, "years": f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0]),
                    "avg_growth_pct": oa, "zone_avg_growth_pct": za, "gap_pp": za - oa, "zone_faster": bool(za > oa),
                    "basis": ", ".join(basis), "note": note})
    return pd.DataFrame(out)
