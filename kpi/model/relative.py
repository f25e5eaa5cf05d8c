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
value, the province is measured by the **sum of its cities** (its 13 cities in the
region registry: the regions of type city whose parent is jiangsu) for the years
all of them report (:func:`province_sum_of_cities`; the ``measure`` column says
which cities and how many, and which years were refused for a missing city; the
province's own accounts differ from the sum of its cities by a small statistical
discrepancy).

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


def province_sum_of_cities(history: pd.DataFrame, indicator: str, *, province: str = "jiangsu",
                           registry=None) -> pd.DataFrame:
    """A province measured by the sum of its own cities, for the years every one of them reports.

    The cities are the regions of type ``city`` whose parent is ``province`` in the region registry (those that
    existed in each year: ``since``/``until``), never every city registered. A year in which any of them has no
    value gets no sum: it is refused, not summed over fewer cities.

    Parameters
    ----------
    history : DataFrame
        History rows, one per indicator, region and year (:func:`kpi.inputs.history.select`).
    indicator : str
        The indicator to add up.
    province : str
        The province's region id.
    registry : Registry, optional
        The registries (read from ``data/raw`` when not given).

    Returns
    -------
    DataFrame
        Columns ``year, value, status, region, n_cities, cities`` (``status`` the weakest of the cities'
        statuses, ``cities`` the ids added, comma-separated). ``attrs["cities"]`` holds the province's cities,
        ``attrs["refused"]`` maps each refused year to the cities missing in it.

    Raises
    ------
    ValueError
        If ``province`` has no registered cities.

    Examples
    --------
    >>> import pandas as pd
    >>> from kpi.inputs.registry import load_registry
    >>> reg = load_registry()
    >>> cities = reg.members("jiangsu")
    >>> h = pd.DataFrame({"indicator": "gdp", "region": list(cities) * 2, "year": [2020] * 13 + [2021] * 13,
    ...                   "value": 1.0, "status": "official"}).iloc[:-1]   # one city missing in 2021
    >>> s = province_sum_of_cities(h, "gdp", registry=reg)
    >>> s[["year", "value", "n_cities"]].to_dict("records"), s.attrs["refused"]
    ([{'year': 2020, 'value': 13.0, 'n_cities': 13}], {2021: ['suqian']})
    """
    from kpi.inputs.registry import load_registry
    from kpi.inputs.schema import weakest_status

    reg = registry or load_registry()
    if not reg.members(province):
        raise ValueError(f"region {province!r} has no cities in the region registry (type: city, parent: {province})")
    sub = history[(history["indicator"] == indicator)]
    rows, refused = [], {}
    for year in sorted(set(sub["year"].astype(int))):
        cities = reg.members(province, year=year)
        got = sub[(sub["year"] == year) & sub["region"].isin(cities)]
        missing = [c for c in cities if c not in set(got["region"])]
        if missing:
            if len(got):
                refused[year] = missing
            continue
        rows.append({"year": year, "value": float(got["value"].sum()), "status": weakest_status(got["status"]),
                     "region": province, "n_cities": len(cities), "cities": ", ".join(cities)})
    out = pd.DataFrame(rows, columns=["year", "value", "status", "region", "n_cities", "cities"])
    out.attrs["cities"] = reg.members(province)
    out.attrs["refused"] = refused
    return out


def _refused_text(refused: dict[int, list[str]], n_cities: int) -> str:
    """'2021 (missing suqian); 2011, 2024 (1 of 13 cities reported)': years grouped by what they lack."""
    groups: dict[str, list[int]] = {}
    for year, missing in refused.items():
        why = (f"missing {', '.join(missing)}" if len(missing) <= 3
               else f"{n_cities - len(missing)} of {n_cities} cities reported")
        groups.setdefault(why, []).append(year)
    return "; ".join(f"{', '.join(str(y) for y in years)} ({why})" for why, years in groups.items())


def _sum_label(measure: str, frame: pd.DataFrame) -> str:
    """'gdp (sum of 13 cities: nanjing, …)' for the rows of :func:`province_sum_of_cities`."""
    counts = sorted(set(frame["n_cities"])) if len(frame) else [len(frame.attrs.get("cities", ()))]
    n = "/".join(str(c) for c in counts)
    names = ", ".join(frame.attrs.get("cities", ()))
    return f"{measure} (sum of {n} cities: {names})"


def relative_growth(indicator: str, *, history: pd.DataFrame | None = None,
                    regions: tuple[str, ...] = COMPARATORS) -> pd.DataFrame:
    """Yearly growth (%) of ``indicator`` by region: columns ``region, year, value, growth_pct, status, measure``.

    For regions other than the zone, an indicator listed in :data:`PROXIES` is replaced by its proxy and the
    ``measure`` column says so.
    """
    h = _history(history)
    rows, why_none = [], {}
    for region in regions:
        measure = indicator if region == "zone" else PROXIES.get(indicator, indicator)
        sub = h[(h["indicator"] == measure) & (h["region"] == region)].sort_values("year")
        if sub.empty and region == "jiangsu":
            sub = province_sum_of_cities(h, measure, province=region)
            refused = sub.attrs["refused"]
            measure = _sum_label(measure, sub)
            if refused:
                measure += "; refused for " + _refused_text(refused, len(sub.attrs["cities"]))
            if sub.empty:
                why_none[region] = f"no {measure}" if refused else f"no {indicator} for {region} or its cities"
        if sub.empty:
            continue
        s = sub.set_index("year")["value"]
        growth = 100 * (s / s.shift(1) - 1)
        gap = s.index.to_series().diff() != 1
        growth[gap] = math.nan  # no growth across a gap in the years
        for (year, value), g, status in zip(s.items(), growth, sub["status"]):
            rows.append({"region": region, "year": int(year), "value": float(value), "growth_pct": g,
                         "status": status, "measure": measure})
    out = pd.DataFrame(rows, columns=["region", "year", "value", "growth_pct", "status", "measure"])
    out.attrs["why_none"] = why_none  # region -> why it has no rows (a refused sum of cities)
    return out


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
                        "basis": "none", "note": g.attrs.get("why_none", {}).get(region)
                        or f"no {indicator} growth for {region} in years the zone has"})
            continue
        za, oa = zone.loc[years, "growth_pct"].mean(), other.loc[years, "growth_pct"].mean()
        basis = sorted(set(zone.loc[years, "status"]) | set(other.loc[years, "status"]))
        note = "" if plan_years else f"no common year since {since}: latest common years used"
        if other["measure"].iloc[0] != indicator:
            note = (note + "; " if note else "") + f"{region} measured by {other['measure'].iloc[0]}"
        out.append({"indicator": indicator, "region": region, "years": f"{years[0]}–{years[-1]}",
                    "avg_growth_pct": oa, "zone_avg_growth_pct": za, "gap_pp": za - oa, "zone_faster": bool(za > oa),
                    "basis": ", ".join(basis), "note": note})
    return pd.DataFrame(out)
