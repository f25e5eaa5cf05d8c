"""The 指标完成情况表: the table a Chinese plan evaluation (规划评估) is built around.

One row per target that data can speak to: the base-year value, the value of every plan year observed, the target,
the completion rate ρ (完成率: the share of the way from the base to the target covered), the average yearly
growth since the base against the growth the target required from the base (年均增速 实际 / 规划要求) and the
growth still needed, time progress τ and the 时间过半、任务过半 judgement (ρ ≥ τ), and the verdict with its data
basis. The workbook sheet, the printed briefing and the HTML briefing all show this one table.

Base-year convention (stated once, :data:`BASE_YEAR_NOTE`): the 十四五 base, 2020
(:data:`kpi.core.settings.PLAN_BASE_YEAR`); a target with its own start year is measured from the year before it.
Cumulative and yearly-average targets show each year's flow and count from the year after the base.

Examples
--------
>>> from kpi.model.assessment import assess
>>> t = completion_table(assess())
>>> r = t.loc["gdp_2025"]
>>> int(r.base_year), float(r.base_value) > 0, bool(0 < r.tau <= 1)
(2020, True, True)
>>> [c for c in t.columns if str(c).isdigit()][:2]
['2021', '2022']
"""

from __future__ import annotations

import math

import pandas as pd

from kpi.core import settings

#: The base-year convention, in Chinese and English, for every table that shows τ or ρ.
BASE_YEAR_NOTE = (
    f"基期：{settings.PLAN_BASE_YEAR}年（“十四五”基期；文件目标“到2025年”“五年内”按2021–2025年计）；自带起始年份的目标以其"
    f"前一年为基期。时间进度τ =（最新年份 − 基期）/（目标年份 − 基期）；完成率ρ =（最新值 − 基期值）/（目标值 − 基期值），"
    "累计和年均目标为累计完成量 / 目标总量。时间过半、任务过半：ρ ≥ τ。",
    f"Base year: {settings.PLAN_BASE_YEAR} (the 十四五 base; the plan's 到2025年 and 五年内 are read as 2021–2025); a "
    "target with its own start year is measured from the year before it. Time progress τ = (latest year − base) / "
    "(target year − base); completion ρ = (latest − base value) / (target − base value), for cumulative and "
    "yearly-average targets the sum so far over the total. 时间过半、任务过半: ρ ≥ τ.")

#: Columns of the table besides the yearly values (named by year, ``'2021'`` …).
COLUMNS = ["clause", "name_zh", "name_en", "indicator", "unit", "kind", "direction", "target_value", "target_year",
           "required_total", "base_year", "base_value", "basis_year", "basis_value", "margin", "margin_pct", "rho",
           "rate_since_base",
           "rate_required_from_base", "required_rate", "rate_unit", "tau", "keeps_pace", "midterm_class",
           "probability", "verdict", "verdict_zh", "verdict_en", "data_basis", "comparators", "responsible"]

#: Verdicts with nothing to show in the table (no data, or a goal without a number).
LEFT_OUT = ("no_data", "qualitative")


def _yearly(history: pd.DataFrame, indicator: str, region: str) -> dict[int, float]:
    from kpi.inputs.schema import BOUNDS

    h = history
    sub = h[(h["indicator"] == indicator) & (h["region"] == region)]
    if "qualifier" in sub.columns:
        sub = sub[~sub["qualifier"].fillna("").isin(BOUNDS)]
    return {int(y): float(v) for y, v in zip(sub["year"], sub["value"])}


def _slowest_growth(history: pd.DataFrame, indicator: str, region: str) -> dict[int, float]:
    from kpi.model.relative import MEASURED_BY, relative_growth

    parts = MEASURED_BY.get(indicator, ())
    frames = [relative_growth(p, history=history, regions=(region,)).set_index("year")["growth_pct"] for p in parts]
    if not frames:
        return {}
    both = pd.concat(frames, axis=1).dropna()
    return {int(y): float(v) for y, v in both.min(axis=1).items()}


def completion_table(card: pd.DataFrame, history: pd.DataFrame | None = None, *, scenario: str = "baseline",
                     region: str = "zone", ids=None, first_year: int | None = None,
                     last_year: int | None = None) -> pd.DataFrame:
    """The 指标完成情况表 for one scenario of a scorecard.

    Parameters
    ----------
    card : DataFrame
        A scorecard (:func:`kpi.model.assessment.assess` or ``data/processed/scorecard.csv`` indexed by ``id``).
    history : DataFrame, optional
        The selected history the card was made from (default :func:`kpi.load_history`); its values fill the year
        columns (bounds are never shown as values).
    scenario : str
        The scenario whose verdicts and probabilities are shown (the observed columns are the same in all).
    region : str
        The region the targets are measured for.
    ids : iterable of str, optional
        Keep these targets (in the card's order); default every target with something to show (not
        :data:`LEFT_OUT`) that is not a component of another.
    first_year, last_year : int, optional
        The year columns (default: the year after the base to the last year of any row's data).

    Returns
    -------
    DataFrame
        Indexed by target id; :data:`COLUMNS` plus one column per year (``'2021'``, ``'2022'`` …) holding the
        observed value — for cumulative and yearly-average targets the flow of that year. ``attrs['note']`` holds
        :data:`BASE_YEAR_NOTE`.

    Raises
    ------
    ValueError
        If the card has no row for ``scenario``.
    """
    sub = card[card["scenario"] == scenario] if "scenario" in card.columns else card
    if sub.empty:
        raise ValueError(f"the scorecard has no row for scenario {scenario!r}; scenarios: "
                         f"{', '.join(sorted(set(card.get('scenario', []))))}")
    if ids is not None:
        keep = list(ids)
        sub = sub[sub.index.isin(keep)]
    else:
        sub = sub[~sub["verdict"].isin(LEFT_OUT)]
        if "component_of" in sub.columns:
            sub = sub[sub["component_of"].isna() | (sub["component_of"].astype(str) == "")]
    if history is None:
        from kpi.inputs.raw import load_history

        history = load_history()
    first = settings.PLAN_BASE_YEAR + 1 if first_year is None else int(first_year)
    years_seen = pd.to_numeric(sub["basis_year"], errors="coerce").dropna()
    last = int(last_year) if last_year is not None else (int(years_seen.max()) if len(years_seen) else first)
    year_cols = [str(y) for y in range(first, max(last, first) + 1)]
    out = pd.DataFrame(index=sub.index, columns=COLUMNS + year_cols, dtype=object)
    for tid, r in sub.iterrows():
        for c in COLUMNS:
            out.at[tid, c] = r.get(c, math.nan)
        ind = r.get("indicator")
        if not isinstance(ind, str) or not ind or r.get("kind") == "relative":
            continue
        values = _yearly(history, ind, region)
        if r.get("kind") == "growth" and not values:  # a rate published by its parts: the slower part each year
            values = _slowest_growth(history, ind, region)
        for y in year_cols:
            out.at[tid, y] = values.get(int(y), math.nan)
    numeric = ["target_value", "required_total", "base_value", "basis_value", "margin", "margin_pct", "rho", "rate_since_base",
               "rate_required_from_base", "required_rate", "tau", "probability", *year_cols]
    for c in numeric:
        out[c] = pd.to_numeric(out[c], errors="coerce")
    for c in ("target_year", "base_year", "basis_year"):
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("Int64")
    out.index.name = "id"
    out.attrs["note"] = BASE_YEAR_NOTE
    out.attrs["scenario"] = scenario
    return out
