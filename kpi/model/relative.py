"""Relative targets: does the zone grow faster than the city and the province?

The plan asks the zone's growth to be "快于全国、全省、全市" and its main indicators'
growth "不低于全国、全省、全市水平". :func:`relative_growth` computes yearly growth of
an indicator for the zone, Yancheng and Jiangsu from the history, side by side,
with the data basis of each; :func:`relative_summary` averages it over the plan
years observed and states the gap.

Scoring a relative target (:func:`score_relative`): for each comparator the
target names, the zone's average yearly growth over the plan period so far (from
the base year :data:`kpi.core.settings.PLAN_BASE_YEAR`, or the year before the
target's start, to the latest year both sides have) against the comparator's over
the same years, compared at the published precision of growth rates
(:data:`kpi.core.settings.GROWTH_DECIMALS`): strictly faster for 快于/高于
(direction ``>``), at least as fast for 不低于 (``>=``). The comparison is **real**
(comparable prices) where both sides publish real growth for every year and
**nominal** otherwise, and every row says which. Facts that speak to a year without
a series are kept beside it: the zone ranking first of the city's county-level
units in GDP growth means it grew at least as fast as the city that year.

The national series is not in the data yet: the comparison with 全国 is reported as
missing, not guessed. Table 2-12 has no province row; where the history has no
``jiangsu`` value, the province is measured by the **sum of its cities** (the
regions of type city whose parent is jiangsu in the region registry) for the years
all of them report (:func:`province_sum_of_cities`; the ``measure`` column says
which cities and how many, and which years were refused for a missing city; the
province's own accounts differ from the sum of its cities by a small statistical
discrepancy).

Examples
--------
>>> g = relative_growth("gdp")
>>> sorted(set(g["region"])) == ["jiangsu", "yancheng", "zone"]
True
>>> parse_comparators("yancheng, jiangsu, china"), parse_comparators("zone:gdp")
([('yancheng', None), ('jiangsu', None), ('china', None)], [('zone', 'gdp')])
"""

from __future__ import annotations

import math

import pandas as pd

from kpi.core import settings

COMPARATORS = ("zone", "yancheng", "jiangsu", "china")
#: Where the zone's indicator has no city/province counterpart, the closest measured one (disclosed).
PROXIES = {"va_industry_above_scale": "va_industry"}
#: Indicators published only by their parts: residents' income for urban and rural residents separately. A
#: condition on the whole is met when every part meets it (a conservative reading, stated in each row).
MEASURED_BY = {"income_growth": ("income_urban", "income_rural")}
#: The real-growth series (comparable prices, %) of an indicator published as a current-price level.
REAL_GROWTH = {"gdp": "gdp_real_growth"}
#: The zone's rank, among the city's county-level units, of the growth of an indicator (a published fact).
GROWTH_RANK = {"gdp": "gdp_growth_rank_city"}
#: Columns of :func:`score_relative`'s comparison table (also ``data/processed/relative.csv`` with ``target``).
COMPARISON_COLUMNS = ["indicator", "region", "comparator_indicator", "growth_basis", "years", "base_year",
                      "end_year", "avg_growth_pct", "zone_avg_growth_pct", "gap_pp", "zone_faster", "basis", "note"]


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
        out.append({"indicator": indicator, "region": region, "years": f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0]),
                    "avg_growth_pct": oa, "zone_avg_growth_pct": za, "gap_pp": za - oa, "zone_faster": bool(za > oa),
                    "basis": ", ".join(basis), "note": note})
    return pd.DataFrame(out)


def parse_comparators(text: object) -> list[tuple[str, str | None]]:
    """The comparators a relative target names: ``region`` or ``region:indicator`` items separated by commas or
    semicolons (``None``: the target's own indicator).

    Raises
    ------
    ValueError
        If an item is empty or has more than one ``:``.
    """
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return []
    out = []
    for item in str(text).replace("；", ";").replace("，", ",").replace(";", ",").split(","):
        item = item.strip()
        if not item:
            continue
        parts = [p.strip() for p in item.split(":")]
        if len(parts) > 2 or not all(parts):
            raise ValueError(f"comparator {item!r}: expected 'region' or 'region:indicator', e.g. 'yancheng' or "
                             "'zone:gdp'")
        out.append((parts[0], parts[1] if len(parts) == 2 else None))
    return out


def _points(history: pd.DataFrame) -> pd.DataFrame:
    """History without bounds (a bound constrains a value, it is never a point of a series)."""
    from kpi.inputs.schema import BOUNDS

    if "qualifier" not in history.columns:
        return history
    return history[~history["qualifier"].fillna("").isin(BOUNDS)]


def _levels(h: pd.DataFrame, indicator: str, region: str) -> tuple[pd.Series, str, dict[int, str]]:
    """The level series of ``indicator`` for ``region`` (province: sum of cities when needed), its measure label
    and statuses by year."""
    g = relative_growth(indicator, history=h, regions=(region,))
    if g.empty:
        return pd.Series(dtype=float), indicator, {}
    s = g.set_index("year")["value"].astype(float)
    s.index = s.index.astype(int)
    return s, str(g["measure"].iloc[0]), dict(zip(g["year"].astype(int), g["status"].astype(str)))


def _cagr(s: pd.Series, base: int, end: int) -> float:
    if base not in s.index or end not in s.index or end <= base or s[base] <= 0 or s[end] <= 0:
        return math.nan
    return 100.0 * ((float(s[end]) / float(s[base])) ** (1.0 / (end - base)) - 1.0)


def _real_avg(h: pd.DataFrame, rate_indicator: str, region: str, years: range) -> tuple[float, list[str]]:
    """Average real growth (compounded) over ``years`` if every year is published, else nan."""
    sub = h[(h["indicator"] == rate_indicator) & (h["region"] == region)].set_index("year")
    if not all(y in sub.index for y in years):
        return math.nan, []
    rates = [float(sub.loc[y, "value"]) for y in years]
    avg = 100.0 * (math.prod(1 + r / 100.0 for r in rates) ** (1.0 / len(rates)) - 1.0)
    return avg, [str(sub.loc[y, "status"]) for y in years]


def _is_faster(zone: float, other: float, direction: str) -> bool:
    z, o = round(zone + 0.0, settings.GROWTH_DECIMALS), round(other + 0.0, settings.GROWTH_DECIMALS)
    return bool(z > o) if direction == ">" else bool(z >= o)


def _comparison(h: pd.DataFrame, *, indicator: str, region: str, comparator_indicator: str, base: int,
                last: int, direction: str) -> dict:
    """One comparison of the zone's growth with ``region``'s over base → the latest year both have (≤ last)."""
    from kpi.inputs.schema import weakest_status

    parts = MEASURED_BY.get(indicator, (indicator,))
    other_parts = MEASURED_BY.get(comparator_indicator, (comparator_indicator,))
    row = {"indicator": indicator, "region": region, "comparator_indicator": comparator_indicator,
           "growth_basis": "", "years": "", "base_year": base, "end_year": pd.NA, "avg_growth_pct": math.nan,
           "zone_avg_growth_pct": math.nan, "gap_pp": math.nan, "zone_faster": pd.NA, "basis": "none", "note": ""}
    if region == "china" and not (h["region"] == "china").any():
        row["note"] = "no national series in the data (全国 not yet added): not compared, not guessed"
        return row
    zone = {p: _levels(h, p, "zone") for p in parts}
    other = {p: _levels(h, p, region) for p in other_parts}
    if any(s.empty for s, _, _ in zone.values()) or any(s.empty for s, _, _ in other.values()):
        lacking = [f"{p}@zone" for p, (s, _, _) in zone.items() if s.empty] + \
                  [f"{p}@{region}" for p, (s, _, _) in other.items() if s.empty]
        row["note"] = "no data for " + ", ".join(lacking)
        return row
    common = set.intersection(*(set(s.index) for s, _, _ in [*zone.values(), *other.values()]))
    ends = sorted(y for y in common if base < y <= last)
    if base not in common or not ends:
        row["note"] = f"no common years from the base {base} on (zone and {region} both observed)"
        return row
    end = ends[-1]
    years = range(base + 1, end + 1)
    zone_rates = {p: _cagr(s, base, end) for p, (s, _, _) in zone.items()}
    other_rates = {p: _cagr(s, base, end) for p, (s, _, _) in other.items()}
    statuses = {st for _, _, sts in [*zone.values(), *other.values()] for y, st in sts.items() if y in (base, end)}
    basis = "nominal"
    real = REAL_GROWTH.get(indicator)
    if real and len(parts) == 1 and len(other_parts) == 1:
        zr, zst = _real_avg(h, real, "zone", years)
        orr, ost = _real_avg(h, REAL_GROWTH.get(comparator_indicator, real), region, years)
        if not (math.isnan(zr) or math.isnan(orr)):
            zone_rates, other_rates, statuses, basis = {indicator: zr}, {comparator_indicator: orr}, {*zst, *ost}, "real"
    zone_rate = min(zone_rates.values())  # every part must meet the condition: the slowest part decides
    other_rate = max(other_rates.values())
    measures = sorted({m for _, m, _ in other.values() if m not in other_parts})
    notes = []
    if basis == "nominal":
        notes.append("nominal growth (current prices)" + (": the zone publishes no real growth" if real else ""))
        if real:
            rr = h[(h["indicator"] == REAL_GROWTH.get(comparator_indicator, real)) & (h["region"] == region)
                   & h["year"].isin(list(years))].sort_values("year")
            if not rr.empty:
                notes.append(f"{region}'s real growth where published: " +
                             ", ".join(f"{int(y)} {v:.1f}% ({st})" for y, v, st in
                                       zip(rr["year"], rr["value"], rr["status"])))
    if len(parts) > 1:
        notes.append("measured by " + " and ".join(parts) + " (" + ", ".join(f"{p} {r:.1f}%" for p, r in
                                                                           zone_rates.items()) + "); the slowest decides")
    if measures:
        notes.append(f"{region} measured by " + ", ".join(measures))
    row.update(growth_basis=basis, years=f"{base + 1}–{end}", end_year=end, avg_growth_pct=other_rate,
               zone_avg_growth_pct=zone_rate, gap_pp=zone_rate - other_rate,
               zone_faster=_is_faster(zone_rate, other_rate, direction),
               basis=weakest_status(statuses) or "none", note="; ".join(notes))
    return row


def _rank_evidence(h: pd.DataFrame, indicator: str, region: str, base: int, last: int) -> dict | None:
    """The zone ranking first in the city for the growth of ``indicator``: it grew at least as fast as the city."""
    rank = GROWTH_RANK.get(indicator)
    if rank is None or region != "yancheng":
        return None
    sub = h[(h["indicator"] == rank) & (h["region"] == "zone") & (h["year"] > base) & (h["year"] <= last)]
    if sub.empty:
        return None
    first = sub[sub["value"] == 1]
    years = ", ".join(str(int(y)) for y in sorted(first["year"]))
    from kpi.inputs.schema import weakest_status

    return {"indicator": indicator, "region": region, "comparator_indicator": rank, "growth_basis": "rank",
            "years": years or ", ".join(str(int(y)) for y in sorted(sub["year"])), "base_year": base,
            "end_year": int(sub["year"].max()), "avg_growth_pct": math.nan, "zone_avg_growth_pct": math.nan,
            "gap_pp": math.nan, "zone_faster": pd.NA if first.empty else True,
            "basis": weakest_status(sub["status"]) or "none",
            "note": (f"the zone's growth ranked first of the city's county-level units in {years}: at least the "
                     "city's growth that year (the city's growth is an average over its units); one year, shown "
                     "beside the period comparison") if not first.empty else
                    "ranked " + ", ".join(f"{int(v)} in {int(y)}" for y, v in zip(sub["year"], sub["value"]))}


def score_relative(*, indicator: str, compare_with: object, direction: str = ">=", start_year: int | None = None,
                   history: pd.DataFrame | None = None, last_year: int | None = None) -> pd.DataFrame:
    """Every comparison a relative target asks for: one row per comparator, real growth where both sides have it.

    Parameters
    ----------
    indicator : str
        The zone's indicator whose growth is compared (an indicator of :data:`MEASURED_BY` is measured by its parts).
    compare_with : str
        The comparators (:func:`parse_comparators`): ``'china, jiangsu, yancheng'``, ``'zone:gdp'``…
    direction : {'>', '>='}
        ``>`` strictly faster (快于, 高于), ``>=`` not lower (不低于), at :data:`~kpi.core.settings.GROWTH_DECIMALS`.
    start_year : int, optional
        First year of the target's period; the base is the year before (default the plan's base year).
    history : DataFrame, optional
        Selected history (default :func:`kpi.load_history`); bounds are not used as points.
    last_year : int, optional
        Compare no later than this year (``as_of`` evaluations).

    Returns
    -------
    DataFrame
        :data:`COMPARISON_COLUMNS`; ``zone_faster`` is True/False, or NA where the comparator has no data (the
        ``note`` says why). Rows with ``growth_basis == 'rank'`` are published facts about single years, shown
        beside the period comparisons; they never decide a period comparison.

    Raises
    ------
    ValueError
        If ``direction`` is not ``>`` or ``>=``, or ``compare_with`` is malformed.
    """
    if direction not in (">", ">="):
        raise ValueError(f"direction of a relative target must be '>' (快于) or '>=' (不低于), got {direction!r}")
    h = _points(_history(history))
    base = (int(start_year) - 1) if start_year is not None and not pd.isna(start_year) else settings.PLAN_BASE_YEAR
    last = int(last_year) if last_year is not None else 10**6
    rows = []
    for region, other_indicator in parse_comparators(compare_with):
        rows.append(_comparison(h, indicator=indicator, region=region, comparator_indicator=other_indicator or indicator,
                                base=base, last=last, direction=direction))
        ev = _rank_evidence(h, indicator, region, base, last) if other_indicator in (None, indicator) else None
        if ev is not None:
            rows.append(ev)
    return pd.DataFrame(rows, columns=COMPARISON_COLUMNS)


def relative_table(targets: pd.DataFrame, history: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every comparison of every relative target of the registry: :data:`COMPARISON_COLUMNS` with ``target`` first.

    Examples
    --------
    >>> from kpi.inputs.raw import load_targets
    >>> t = relative_table(load_targets())
    >>> "gdp_growth_relative_2025" in set(t["target"])
    True
    """
    frames = []
    rel = targets[targets["kind"] == "relative"]
    for tid, t in rel.iterrows():
        if not isinstance(t.get("compare_with"), str) or not isinstance(t.get("indicator"), str):
            continue
        comp = score_relative(indicator=t["indicator"], compare_with=t["compare_with"],
                              direction=">" if t.get("direction") == ">" else ">=", start_year=t.get("start_year"),
                              history=history)
        comp.insert(0, "target", tid)
        frames.append(comp)
    if not frames:
        return pd.DataFrame(columns=["target", *COMPARISON_COLUMNS])
    return pd.concat(frames, ignore_index=True)
