"""Do the 2025 numbers fit together? Identities across targets, and the gap each implies.

Targets are looked up by the indicator that measures them and their year, so
the checks follow the registry rather than fixed ids. Each row states the
identity in Chinese and English, the numbers it uses, what the identity implies,
the gap, and whether the targets are consistent with each other (or why the
check cannot be made).

A composite target's gap is decomposed by its parts (:func:`gap_decomposition`, 原因分析): which part of the
2000亿元 leading-industry gap comes from autos, PV and electronics.

Examples
--------
>>> c = check()
>>> "leading_vs_share" in set(c["check"])
True
"""

from __future__ import annotations

import math

import pandas as pd

from kpi.core import settings

COLUMNS = ["check", "identity_zh", "identity_en", "inputs", "implied", "stated", "gap", "unit", "consistent",
           "basis", "note"]
#: Indicators that are the sum of others (checked in the data before a gap is decomposed).
COMPOSITES = {"sales_leading_industries": ("sales_auto", "sales_pv", "sales_electronics")}
#: Columns of :func:`gap_decomposition`.
GAP_COLUMNS = ["part", "name_zh", "name_en", "base_year", "base_value", "base_share", "reference", "latest_year",
               "latest_value", "proj_median", "gap", "gap_share", "own_target", "own_gap", "basis"]


def _target(tg: pd.DataFrame, indicator: str, year: int | None = 2025, *, kinds=None) -> pd.Series | None:
    sub = tg[(tg["indicator"] == indicator) & tg["value"].notna()]
    if year is not None:
        sub = sub[sub["target_year"] == year]
    if kinds is not None:
        sub = sub[sub["kind"].isin(kinds)]
    if sub.empty:
        return None
    return sub.sort_values("value").iloc[-1]


def _hist(h: pd.DataFrame | None, indicator: str, year: int | None = None, region: str = "zone"):
    if h is None:
        return None, ""
    sub = h[(h["indicator"] == indicator) & (h["region"] == region)]
    if year is not None:
        sub = sub[sub["year"] <= year]
    if sub.empty:
        return None, ""
    last = sub.sort_values("year").iloc[-1]
    return last, str(last["status"])


def _row(check: str, zh: str, en: str, inputs: str, implied: float, stated: float, unit: str,
         consistent, basis: str = "targets", note: str = "") -> dict:
    gap = stated - implied if not (math.isnan(implied) or math.isnan(stated)) else math.nan
    return dict(check=check, identity_zh=zh, identity_en=en, inputs=inputs, implied=implied, stated=stated, gap=gap,
                unit=unit, consistent=consistent, basis=basis, note=note)


def _missing(check: str, zh: str, en: str, what: str) -> dict:
    return _row(check, zh, en, "", math.nan, math.nan, "", pd.NA, "none", f"cannot check: {what}")


def check(*, targets: pd.DataFrame | None = None, history: pd.DataFrame | None = None) -> pd.DataFrame:
    """Run every coherence check; one row per identity (see :data:`COLUMNS`)."""
    from kpi.inputs.raw import load_targets

    tg = (load_targets() if targets is None else targets).copy()
    if "id" not in tg.columns:
        tg = tg.reset_index().rename(columns={"index": "id"})
    if history is None:
        from kpi.inputs.raw import load_history

        history = load_history()
    rows = []

    gdp, ind, srv = _target(tg, "gdp"), _target(tg, "va_industry_above_scale"), _target(tg, "va_services")
    name = ("GDP = 规上工业增加值 + 服务业增加值 + 其余（农业、建筑业、规下工业）",
            "GDP = above-size industry VA + services VA + the rest (agriculture, construction, small industry)")
    if gdp is not None and ind is not None and srv is not None:
        rest = float(gdp.value) - float(ind.value) - float(srv.value)
        share = rest / float(gdp.value) * 100
        g, st = _hist(history, "gdp")
        note = f"the targets leave {rest:g}亿元 ({share:.0f}% of GDP) to the rest"
        implied_share = math.nan
        if g is not None:
            y = int(g["year"])
            i_, _ = _hist(history, "va_industry_above_scale", y)
            s_, _ = _hist(history, "va_services", y)
            if i_ is not None and s_ is not None and int(i_["year"]) == y == int(s_["year"]):
                implied_share = (float(g["value"]) - float(i_["value"]) - float(s_["value"])) / float(g["value"]) * 100
                note += f"; in {y} the rest was {implied_share:.0f}% of GDP ({st} data)"
        rows.append(_row("gdp_composition", *name, f"GDP {gdp.value:g}, 规上工业 {ind.value:g}, 服务业 {srv.value:g}",
                         implied_share, share, "% of GDP",
                         pd.NA if math.isnan(implied_share) else bool(abs(share - implied_share) <= 10),
                         basis="targets + " + (st or "no history"), note=note))
    else:
        rows.append(_missing("gdp_composition", *name, "GDP, 规上工业增加值 or 服务业增加值 target missing"))

    lead, share_t, sales = (_target(tg, "sales_leading_industries"), _target(tg, "share_leading_in_industry_sales"),
                            _target(tg, "sales_industry_above_scale"))
    name = ("三大主导产业销售 ≈ 主导产业占规上工业开票比重 × 规上工业开票销售",
            "Leading-industry sales ≈ their share of above-size sales × above-size sales")
    if lead is not None and share_t is not None and sales is not None:
        implied = float(share_t.value) / 100 * float(sales.value)
        ratio = float(lead.value) / float(sales.value) * 100
        rows.append(_row("leading_vs_share", *name, f"主导产业 {lead.value:g}, 比重 {share_t.value:g}%, 规上开票 {sales.value:g}",
                         implied, float(lead.value), "亿元", bool(ratio <= 100 + 1e-9),
                         note=f"stated leading sales are {ratio:.0f}% of all above-size sales; the 90% share implies "
                              f"{implied:g}亿元 — consistent only if leading-industry sales include firms below the "
                              "size threshold or sales outside invoicing"))
    else:
        rows.append(_missing("leading_vs_share", *name, "a leading-industry, share or above-size sales target missing"))

    name = ("汽车 + 光伏 + 电子信息 分产业目标之和 = 三大主导产业销售",
            "Sum of the auto, PV and electronics targets = leading-industry sales")
    parts = {}
    for i in ("sales_auto", "sales_pv", "sales_electronics"):
        sub = tg[(tg["indicator"] == i) & tg["value"].notna() & (tg["unit"] == "亿元")]
        if sub.empty:  # an industry may be targeted by segment only (PV: cells, modules, equipment and materials)
            seg = tg[tg["id"].astype(str).str.startswith(f"{i}_") & tg["value"].notna() & (tg["unit"] == "亿元")
                     & (tg["target_year"] == 2025)]
            sub = seg if len(seg) > 1 else sub
        if not sub.empty:
            parts[i] = sub
    if lead is not None and len(parts) == 3:
        total = sum(float(p["value"].sum()) for p in parts.values())
        detail = ", ".join(f"{k[6:]} {float(v['value'].sum()):g}" for k, v in parts.items())
        rows.append(_row("industry_parts_sum", *name, detail, total, float(lead.value), "亿元",
                         bool(total <= float(lead.value) * 1.05),
                         note=f"the industry targets (several are 力争 stretch goals) add up to {total:g}亿元 against "
                              f"{lead.value:g}亿元 for the three together"))
    else:
        rows.append(_missing("industry_parts_sum", *name, "targets for all three industries are needed"))

    stock, flow = _target(tg, "hightech_firms"), _target(tg, "hightech_firms_new", None)
    name = ("高新技术企业存量目标 − 年均新增 × 年数 = 起始存量", "High-tech firm stock target − yearly additions × years = the starting stock")
    if stock is not None and flow is not None:
        base = settings.PLAN_BASE_YEAR
        implied = float(stock.value) - float(flow.value) * (int(stock.target_year) - base)
        h, st = _hist(history, "hightech_firms", base)
        stated = float(h["value"]) if h is not None and int(h["year"]) == base else math.nan
        rows.append(_row("hightech_stock_flow", *name, f"存量 {stock.value:g} ({int(stock.target_year)}), 年均新增 "
                         f"{flow.value:g}", implied, stated, "家",
                         pd.NA if math.isnan(stated) else bool(stated >= implied),
                         basis="targets + " + (st or "no history"),
                         note=f"reaching {stock.value:g} with {flow.value:g} a year needs {implied:g} firms at the end "
                              f"of {base}" + ("" if math.isnan(stated) else f"; the data show {stated:g}")))
    else:
        rows.append(_missing("hightech_stock_flow", *name, "stock or flow target missing"))

    name = ("规上工业增加值 / 规上工业开票销售 = 增加值率", "Above-size industrial VA / above-size sales = value-added ratio")
    if ind is not None and sales is not None:
        ratio = float(ind.value) / float(sales.value) * 100
        i_, st = _hist(history, "va_industry_above_scale")
        hist_ratio = math.nan
        if i_ is not None:
            s_, _ = _hist(history, "sales_industry_above_scale", int(i_["year"]))
            if s_ is not None and int(s_["year"]) == int(i_["year"]):
                hist_ratio = float(i_["value"]) / float(s_["value"]) * 100
        rows.append(_row("va_ratio", *name, f"规上工业增加值 {ind.value:g}, 规上开票 {sales.value:g}", hist_ratio, ratio, "%",
                         pd.NA if math.isnan(hist_ratio) else bool(abs(ratio - hist_ratio) <= 5),
                         basis="targets + " + (st or "no history"),
                         note=f"the targets imply a value-added ratio of {ratio:.0f}%" +
                              ("" if math.isnan(hist_ratio) else f"; the latest data show {hist_ratio:.0f}%")))
    else:
        rows.append(_missing("va_ratio", *name, "VA or sales target missing"))

    fdi, fdi_share = _target(tg, "fdi_paid_in"), _target(tg, "share_city_fdi", None)
    name = ("经开区到账外资 ÷ 占全市比重 = 隐含全市到账外资", "Zone paid-in FDI ÷ its share of the city = implied city FDI")
    if fdi is not None and fdi_share is not None and float(fdi_share.value) > 0:
        implied = float(fdi.value) / (float(fdi_share.value) / 100)
        c, st = _hist(history, "fdi_paid_in", None, region="yancheng")
        stated = float(c["value"]) if c is not None else math.nan
        rows.append(_row("fdi_city_share", *name, f"外资 {fdi.value:g}亿美元, 占全市 {fdi_share.value:g}%", implied, stated,
                         "亿美元", pd.NA if math.isnan(stated) else bool(stated <= implied * 1.0001),
                         basis="targets + " + (st or "no history"),
                         note=f"keeping the share at {fdi_share.value:g}% with {fdi.value:g}亿美元 means city FDI of at "
                              f"most {implied:g}亿美元" + ("" if c is None else f"; the city had {stated:g} in {int(c['year'])}")))
    else:
        rows.append(_missing("fdi_city_share", *name, "FDI or share target missing"))

    inc, growth = _target(tg, "income_urban"), _target(tg, "income_growth", None)
    name = ("城镇居民收入目标 ÷ (1+年增速)^年数 = 起始收入", "Urban income target ÷ (1 + yearly growth)^years = the starting income")
    if inc is not None and growth is not None:
        start = (int(growth.start_year) - 1) if pd.notna(growth.get("start_year")) else settings.PLAN_BASE_YEAR
        years = int(inc.target_year) - start
        implied = float(inc.value) / (1 + float(growth.value) / 100) ** years
        h, st = _hist(history, "income_urban", start)
        stated = float(h["value"]) if h is not None and int(h["year"]) == start else math.nan
        rows.append(_row("income_growth_base", *name, f"收入 {inc.value:g}元 ({int(inc.target_year)}), 增速 {growth.value:g}%",
                         implied, stated, "元", pd.NA if math.isnan(stated) else bool(stated >= implied * 0.97),
                         basis="targets + " + (st or "no history"),
                         note=f"{growth.value:g}% a year from {start} reaches {inc.value:g} from {implied:,.0f}元 in {start}"))
    else:
        rows.append(_missing("income_growth_base", *name, "income level or growth target missing"))
    return pd.DataFrame(rows, columns=COLUMNS)


def gap_decomposition(card: pd.DataFrame, *, history: pd.DataFrame | None = None, total: str = "sales_leading_industries",
                      scenario: str = "baseline", year: int | None = None) -> pd.DataFrame:
    """原因分析: how much of a composite target's projected gap each part accounts for.

    Once the card judges the target year on its observed value (and every part has it), the observed values take the
    place of the projected medians
    (column ``proj_median`` holds them, ``attrs['observed']`` is True): the decomposition of the outcome.

    The reference for each part is its base-year share of the total times the total's target — the level it would
    reach if every part grew at the rate the total requires. A part's gap is that reference minus its projected
    median in the target year; the parts' gaps add up to the total target minus the sum of the parts' medians (an
    exact, additive decomposition). Each part's own target and its gap to it are shown beside it (the three
    industry targets add up to more than the total's: see :func:`check`).

    Parameters
    ----------
    card : DataFrame
        A scorecard with the targets of the total and of its parts (the ones measured by their indicators).
    history : DataFrame, optional
        Selected history (default :func:`kpi.load_history`).
    total : str
        A composite indicator of :data:`COMPOSITES`.
    scenario : str
        The scenario whose projections are decomposed.
    year : int, optional
        The target year (default the total's latest target year).

    Returns
    -------
    DataFrame
        One row per part plus a ``total`` row (columns :data:`GAP_COLUMNS`); ``attrs['identity']`` says whether the
        parts add up to the total in the base and latest years of the data, ``attrs['target']`` the total's target.

    Raises
    ------
    ValueError
        If ``total`` is not a composite, or the card lacks its target.
    """
    if total not in COMPOSITES:
        raise ValueError(f"{total!r} is not a composite indicator; known: {', '.join(COMPOSITES)}")
    if history is None:
        from kpi.inputs.raw import load_history

        history = load_history()
    sub = card[(card["scenario"] == scenario)] if "scenario" in card.columns else card
    tot = sub[(sub["indicator"] == total) & sub["target_value"].notna()]
    if year is not None:
        tot = tot[tot["target_year"] == year]
    if tot.empty:
        raise ValueError(f"the scorecard has no target measured by {total!r} (scenario {scenario!r})")
    trow = tot.sort_values("target_year").iloc[-1]
    T, target = int(trow["target_year"]), float(trow["target_value"])
    base = settings.PLAN_BASE_YEAR

    def value(ind: str, y: int) -> float:
        h = history[(history["indicator"] == ind) & (history["region"] == "zone") & (history["year"] == y)]
        return float(h["value"].iloc[0]) if len(h) else math.nan

    parts = COMPOSITES[total]
    latest = int(trow["latest_year"]) if pd.notna(trow.get("latest_year")) else base
    # once the card judges the target year on its observed value (and every part has it), the decomposition is of
    # the outcome, not of a projection
    observed = str(trow.get("verdict")) in ("reached", "missed") and pd.notna(trow.get("basis_year")) and \
        int(trow["basis_year"]) == T and all(not math.isnan(value(p, T)) for p in parts)
    from kpi.inputs.registry import load_indicators

    names = load_indicators()
    rows = []
    for p in parts:
        own = sub[(sub["indicator"] == p) & (sub["target_year"] == T) & sub["target_value"].notna()]
        o = own.iloc[0] if len(own) else None
        rows.append({"part": p, "name_zh": names.loc[p, "name_zh"] if p in names.index else p,
                     "name_en": names.loc[p, "name_en"] if p in names.index else p, "base_year": base,
                     "base_value": value(p, base), "latest_year": latest, "latest_value": value(p, latest),
                     "proj_median": value(p, T) if observed else
                     (float(o["proj_median"]) if o is not None else math.nan),
                     "own_target": float(o["target_value"]) if o is not None else math.nan,
                     "basis": str(o["data_basis"]) if o is not None else "none"})
    frame = pd.DataFrame(rows)
    total_base = float(frame["base_value"].sum())
    frame["base_share"] = frame["base_value"] / total_base
    frame["reference"] = frame["base_share"] * target
    frame["gap"] = frame["reference"] - frame["proj_median"]
    gap_total = float(frame["gap"].sum())
    frame["gap_share"] = frame["gap"] / gap_total if gap_total else math.nan
    frame["own_gap"] = frame["own_target"] - frame["proj_median"]
    frame = pd.concat([frame, pd.DataFrame([{
        "part": total, "name_zh": names.loc[total, "name_zh"], "name_en": names.loc[total, "name_en"],
        "base_year": base, "base_value": value(total, base), "base_share": 1.0, "reference": target,
        "latest_year": latest, "latest_value": value(total, latest), "proj_median": float(frame["proj_median"].sum()),
        "gap": gap_total, "gap_share": 1.0 if gap_total else math.nan, "own_target": target,
        "own_gap": target - float(frame["proj_median"].sum()), "basis": str(trow["data_basis"])}])],
        ignore_index=True)[GAP_COLUMNS]
    checks = []
    for y in (base, latest):
        whole, summed = value(total, y), sum(value(p, y) for p in parts)
        checks.append(bool(abs(whole - summed) <= 1e-6 * max(abs(whole), 1)) if not math.isnan(whole + summed) else None)
    frame.attrs.update(identity=all(c is True for c in checks), target=target, target_year=T, observed=observed,
                       total_median=value(total, T) if observed else
                       (float(trow["proj_median"]) if pd.notna(trow.get("proj_median")) else math.nan))
    return frame
