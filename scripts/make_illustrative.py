"""Generate the ILLUSTRATIVE zone series: data/raw/zone/zone_illustrative.xlsx and its provenance sidecar.

示例数据，不是统计数据。 The zone's own series (GDP, industrial value added, investment, revenue, FDI, trade…)
are not published in any machine-readable form we can obtain. This script writes a plausible, seeded,
deterministic stand-in so that the engine and the charts can run end to end. Every row has status
``illustrative``; official rows for the same indicator and year replace it automatically
(kpi.inputs.history.select). Never cite these numbers as fact.

How the series are made
-----------------------
Each series follows a written-down story (base levels or growth rates per year, below), perturbed by
noise from ``numpy.random.default_rng(SEED)`` (one generator, draws in a fixed order), then pinned to the
published anchors listed in the table. Identities are kept exactly (up to rounding):

* sales_leading_industries = sales_auto + sales_pv + sales_electronics
* share_leading_in_industry_sales = sales_leading_industries / sales_industry_above_scale * 100
* hightech_firms[t] = hightech_firms[t-1] + hightech_firms_new[t] - exits[t] (exits in each row's note)
* energy_intensity = energy_consumption / gdp: 吨标准煤/万元 = 万吨标准煤 / 亿元 (factor 1: 1万吨 = 1e4 t and
  1亿元 = 1e4 万元). Computed on current-price GDP, unlike the official indicator (constant prices).
* gdp = va_industry_above_scale + va_services + other (construction, primary, smaller industry: 20–40 %
  of GDP, as in the plan's own 2025 targets: 800 = 400 + 120 + 280).

2025, the plan's horizon, stands for the preliminary figures (初步数) a zone holds in December 2026: each series
continues its own story (``FINAL`` below) with the same noise, drawn from a stream of its own
(``default_rng([seed, 2025])``) so that 2016-2024 are exactly what they were before 2025 was added. The rows stay
status ``illustrative`` (the note of each says what it stands for), so every output stamps them illustrative; an
official (or preliminary) 2025 row dropped in through the template replaces them (kpi.inputs.history.select).

The targets are left ambitious-but-mixed (nothing was tuned so that all pass or all fail): on these
series services value added, trade, the high-tech firm count, PM2.5 and the project count look
reachable; GDP, budget revenue, FDI, the industrial-sales targets and incomes look out of reach; R&D,
the high-tech output share, non-fossil energy, investment and tax per mu are borderline.

Published anchors respected (the per-row ``note`` names the anchor a value is consistent with, or says
``assumption``)::

  id   anchor (published) | source (shared/data/zone-public-facts) | how it is used here
  ---  ----------------------------------------------------------------------------------------------------------
  A1   zone 规上工业开票 "重回千亿" in 2022 (>= 1000 亿元) | jctt100.cn/jingji/7700.html
       -> sales_industry_above_scale 2022 >= 1000 and 2021 < 1000
  A2   ...it had been above 1000 before and dipped with Dongfeng Yueda Kia's sales collapse 2017-2020 | "重回" (A1);
       DYK sales > 54万 in 2013 (ytjhdl.cn); Kia+FAW 41.8万 cars in 2025, +34.7 % (iernv.com, low) -> ≈31万 in 2024
       -> sales 2016 >= 1000, 2017-2021 < 1000; sales_auto falls 2016-2021 and recovers from 2022. DYK ≈65万 (2016)
          -> ≈15万 (2021) is widely reported but NOT in the shared facts: an assumption
  A3   zone = 12.5 % of the city's 规上工业开票 in 2021 | js.news.163.com/22/0809/10/HEARUO7G04248EAR.html;
       city 全口径工业开票 8081 亿元 in 2021 | xdkb.net/p1/js/20220223/259574.html
       -> implied city 规上 = zone 2021 / 0.125 lies in [86 %, 95 %] of 全口径 8081 (规上 is a subset)
  A4   zone = 23.3 % of the city's foreign trade in 2021 | js.news.163.com (as A3)
       -> trade_total 2021 = 0.233 x city trade 2021
  A5   zone foreign trade +44.6 % in 2021 | cn.asiatoday.co.kr/view.php?key=20220103000928152
       -> trade_total 2020 = trade_total 2021 / 1.446
  A6   city trade > 200 亿美元 in 2022, +14.8 % | fishingt-shirt.com mirror (low reliability)
       -> city 2022 drawn in (200.5, 206); city 2021 = city 2022 / 1.148
  A7   zone = 48.9 % of the city's FDI in 2021 | js.news.163.com (as A3); another source says 1/3 (asiatoday, estimate)
       -> fdi_paid_in 2021 = 0.489 x city 2021, the city's 2021 total assumed in [9.6, 10.4] (not published here);
          the 1/3 reading would put the city at ≈15 in 2021, above its 11.8 of 2022: 48.9 % preferred
  A8   city FDI 11.8 亿美元 in 2022 | visualtroop.com mirror (low reliability)
       -> zone 2022 = 33-55 % of 11.8
  A9   city PM2.5 42 / 40 / 33 μg/m3 in 2018 / 2019 / 2020 | xjajjj.cn (low reliability)
       -> zone pm25 within ±2 of the city's
  A10  city 308 good-air days in 2020 (84.2 % of 366) | xjajjj.cn (low reliability)
       -> zone good_air_days_ratio 2020 within ±1.5 points
  A11  city GDP 6617 (2021), 7080 (2022), 7779 (2024) 亿元 | xdkb.net; m.jiguang.news3.cn; zoneel.com
       -> zone gdp 2021 = 7.6-8.0 % of the city's; 7-10 % in 2022 and 2024
  A12  national ETDZ comprehensive evaluation: 70th (of 230) in 2021 | js.news.163.com (as A3)
       -> magnitude only: GDP ≈ 500 亿元, a mid-ranked national zone
  A13  zone 2023: growth of GDP, 规上开票 and budget revenue, trade volume and growth, FDI volume all 1st in the city
       | kfq.yancheng.gov.cn/art/2023/12/30/art_12621_4129310.html
       -> 2023 growth of gdp, sales, budget revenue and trade above 5 %
  A14  new signed projects over 1 亿元: 67 (2022), 60 (2023); started 44 (2022), 37 (2023) | jctt100.cn; kfq
       -> major_projects_new (over 10 亿元) at most 30 % of them
  A15  plan: incomes +10 % a year to 76900 / 42150 元 in 2025 | 盐开发〔2022〕4号 (data/raw/policy)
       -> 2021 base = plan-implied 76900/1.1^4 = 52524 and 42150/1.1^4 = 28789 (±1.5 %): an inference
  A16  plan: 220 high-tech enterprises by 2025, 30+ new a year | 盐开发〔2022〕4号
       -> hightech_firms 2021 in [100, 140] (220 - 4 x 30)
  A17  city R&D 2.1 % of GDP and high-tech output share 37 % in 2018 | english.jschina.com.cn
       -> the zone at or above the city in 2018
  A18  Trina's zone base sales +400 % (Q1-Q3 2022); 40 GW cells / 7 GW modules in operation 2022 | ourjiangsu.com;
       m.xivipbz.cn (low) -> sales_pv jumps in 2022 and 2023; its 2024 fall (module prices halved) is an assumption
  A19  city budget revenue +2.8 % in 2024 | zoneel.com (low reliability)
       -> zone budget revenue growth 2024 in [0, 7] %
  A2b  Kia + FAW Yancheng 41.8万 vehicles in 2025, +34.7 % | iernv.com (low reliability), zone_public_facts.csv
       -> sales_auto 2025 ≈ +25 % in value on 2024 (the value share of the vehicle count is an assumption)
  --   NOT used: the zone holds 60 % of the city's high-tech firms (2015, chaxiaohao.com, low reliability): that
       would be ≈230 firms in 2015, above the plan's own 2025 target of 220 — inconsistent with the plan.

Usage::

    .venv/bin/python scripts/make_illustrative.py            # rewrites the workbook and its sidecar
    .venv/bin/python scripts/make_illustrative.py --out /tmp/z.xlsx --no-sidecar
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]

from kpi.core import paths  # noqa: E402
from kpi.inputs import registry
from kpi.inputs.provenance import write_sidecar  # noqa: E402
from kpi.inputs.template import write_history_workbook  # noqa: E402

SEED = 20220311  # the date of the plan, 盐开发〔2022〕4号
BASE_YEARS = list(range(2016, 2025))  # the stories below; drawn from default_rng(seed) in a fixed order
FINAL_YEAR = 2025                     # the plan's horizon: drawn from its own stream, default_rng([seed, 2025])
YEARS = [*BASE_YEARS, FINAL_YEAR]
OUT = paths.ZONE_DIR / "zone_illustrative.xlsx"
SOURCE = "示例数据 Illustrative: scripts/make_illustrative.py (seed {seed})"
TITLE_ZH = "盐城经开区 示例数据（非官方统计）"
TITLE_EN = "Yancheng ETDZ illustrative zone series (NOT official statistics)"
SIDECAR = {
    "title": "盐城经开区 示例数据 Illustrative zone series (NOT official statistics)",
    "producer": "this project (generated)",
    "obtained_from": "generated by scripts/make_illustrative.py",
    "obtained_on": "2026-12-01",
    "notes": ("ILLUSTRATIVE, NOT OFFICIAL STATISTICS. 示例数据，不是统计数据，不得引用为事实。 Generated by "
              "scripts/make_illustrative.py (numpy default_rng, seed {seed}) because the zone's own series are "
              "not published in machine-readable form. Plausible and consistent with the published anchors "
              "listed in the script (zone shares of city 规上工业开票, trade and FDI in 2021, 规上工业开票 重回千亿 "
              "in 2022, city trade/FDI/PM2.5/good days/GDP), identities kept; every row has status 'illustrative' "
              "and is replaced automatically by official rows for the same indicator and year. The 2025 rows stand "
              "for the preliminary figures (初步数) a zone holds in Dec 2026, drawn from their own seeded stream "
              "(default_rng([seed, 2025])); 2016-2024 are unchanged by them."),
}

# ---- published anchors (see the table above) -------------------------------------------------------
CITY_GDP = {2021: 6617.0, 2022: 7080.0, 2024: 7779.0}                 # A11
CITY_FULL_SALES_2021 = 8081.0                                         # A3 (全口径工业开票)
ZONE_SHARE_CITY_SALES_2021 = 0.125                                    # A3
ZONE_SHARE_CITY_TRADE_2021 = 0.233                                    # A4
ZONE_TRADE_GROWTH_2021 = 44.6                                         # A5
CITY_TRADE_GROWTH_2022 = 14.8                                         # A6
ZONE_SHARE_CITY_FDI_2021 = 0.489                                      # A7
CITY_FDI_2022 = 11.8                                                  # A8
CITY_PM25 = {2018: 42.0, 2019: 40.0, 2020: 33.0}                      # A9
CITY_GOOD_DAYS_RATIO_2020 = 308 / 366 * 100                           # A10 (2020 has 366 days)
PLAN_INCOME_2021 = {"income_urban": 76900 / 1.1**4, "income_rural": 42150 / 1.1**4}  # A15

# ---- stories (2016 … 2024) ----------------------------------------------------------------------------
# Sales by leading industry, 亿元. Autos: DYK's collapse (≈65万 cars 2016 -> ≈15万 2021), SK On batteries and
# HiPhi from 2021, recovery with Kia exports and FAW from 2023 (A2). PV: from a few cell makers to the
# Trina/Runergy/Tongwei cluster (A18), prices halve in 2024. Electronics: steady growth from a small base.
AUTO = [720, 500, 495, 425, 380, 355, 400, 505, 560]
PV = [45, 70, 105, 150, 195, 280, 450, 700, 590]
ELECTRONICS = [35, 44, 52, 60, 68, 88, 104, 118, 134]
OTHER_INDUSTRY = [300, 300, 285, 280, 258, 0, 205, 200, 215]   # 2021 is set by anchor A3
# Growth in % into 2017 … 2024
G_VA_INDUSTRY = [-6.0, 1.0, -2.0, -1.5, 9.0, 12.0, 17.0, 4.0]
G_SERVICES = [9.0, 8.5, 7.5, 2.0, 10.0, 6.0, 9.0, 7.0]
G_GDP = [2.5, 4.5, 3.5, 1.0, 10.5, 7.0, 9.5, 6.0]
G_FAI = [6.5, 5.0, -8.0, 4.0, 18.0, 15.0, 10.0, -2.0]         # 2019: statistical clean-up of FAI in Jiangsu
G_BUDGET = [7.5, 8.0, 1.5, -2.0, 11.0, -6.0, 12.0, 3.5]       # 2019 tax cuts, 2020 COVID, 2022 VAT refunds
G_FDI = [8.0, 12.0, -15.0, 9.0, 22.0, 6.0, 12.0, -21.0]       # 2024: national FDI slump
G_TRADE = [9.0, 11.0, -4.0, -3.0, ZONE_TRADE_GROWTH_2021, 16.0, 11.0, -6.0]
G_INCOME = {"income_urban": [8.2, 8.0, 8.3, 3.8, 8.9, 5.0, 5.3, 4.8],
            "income_rural": [8.6, 8.7, 9.0, 6.5, 10.5, 6.4, 7.0, 6.3]}
INDUSTRIAL_INVESTMENT_SHARE = [0.55, 0.54, 0.56, 0.58, 0.60, 0.66, 0.70, 0.68, 0.62]
KOREA_TRADE_SHARE = [0.46, 0.43, 0.41, 0.39, 0.37, 0.33, 0.30, 0.28, 0.29]
HIGHTECH_NEW = [12, 15, 17, 20, 24, 27, 33, 29, 31]
HIGHTECH_COHORTS_2013_2015 = [8, 10, 11]
HIGHTECH_STOCK_2016 = 38
HIGHTECH_EXIT_RATE = 0.25   # of the cohort certified three years earlier, not re-certified (assumption)
SHARE_HIGHTECH_OUTPUT = [38.0, 36.5, 39.5, 42.0, 44.5, 48.5, 53.0, 56.5, 55.8]
RD_SHARE = [1.95, 2.05, 2.20, 2.30, 2.42, 2.50, 2.58, 2.70, 2.76]
TAX_PER_MU = [9.0, 7.8, 8.1, 7.9, 7.6, 9.2, 9.0, 10.6, 11.2]
NONFOSSIL = [9.5, 10.8, 12.4, 14.1, 16.3, 19.2, 22.8, 26.6, 30.2]
ENERGY_INTENSITY = [0.330, 0.322, 0.312, 0.300, 0.290, 0.272, 0.285, 0.290, 0.283]  # PV cell lines from 2022
PM25 = [47.0, 45.0, 0.0, 0.0, 0.0, 31.5, 29.8, 31.4, 29.2]      # 2018-2020 from anchor A9
GOOD_DAYS = [71.5, 74.0, 76.2, 78.9, 0.0, 86.8, 84.9, 83.6, 86.3]  # 2020 from anchor A10
MAJOR_PROJECTS = [7, 6, 8, 9, 7, 12, 13, 10, 9]
JOBS = [0.78, 0.82, 0.86, 0.90, 0.81, 0.97, 0.94, 1.03, 1.06]

INDICATORS = (
    "gdp", "va_industry_above_scale", "va_services", "fixed_asset_investment", "industrial_investment",
    "budget_revenue", "fdi_paid_in", "trade_total", "trade_korea", "sales_industry_above_scale",
    "output_industry_above_scale", "sales_leading_industries", "sales_auto", "sales_pv", "sales_electronics",
    "share_leading_in_industry_sales", "hightech_firms", "hightech_firms_new", "share_hightech_output",
    "rd_share_gdp", "tax_per_mu_industrial_land", "share_nonfossil_energy", "energy_consumption",
    "energy_intensity", "pm25", "good_air_days_ratio", "income_urban", "income_rural", "major_projects_new",
    "jobs_new",
)
DECIMALS = {"亿元": 2, "亿美元": 2, "%": 1, "家": 0, "个": 0, "元": 0, "万人": 2, "万元/亩": 2, "万吨标准煤": 2,
            "吨标准煤/万元": 4, "μg/m3": 0}
DECIMALS_BY_INDICATOR = {"share_leading_in_industry_sales": 2, "rd_share_gdp": 2}

_I = {y: i for i, y in enumerate(YEARS)}


def _noisy(rng: np.random.Generator, base: Sequence[float], sd: float) -> np.ndarray:
    """Base levels times log-normal noise (sd on the log scale)."""
    return np.asarray(base, dtype=float) * np.exp(rng.normal(0.0, sd, len(base)))


def _grow(rng: np.random.Generator, anchor_year: int, anchor_value: float, growth: Sequence[float], sd: float,
          *, exact: Sequence[int] = ()) -> np.ndarray:
    """Levels through the years from a value in ``anchor_year`` and noisy growth rates (% into 2017…2024).

    Growth into the years in ``exact`` gets no noise (a published growth rate).
    """
    g = np.asarray(growth, dtype=float) + rng.normal(0.0, sd, len(growth))
    for y in exact:
        g[_I[y] - 1] = growth[_I[y] - 1]
    lv = np.empty(len(growth) + 1)
    a = _I[anchor_year]
    lv[a] = anchor_value
    for i in range(a + 1, len(lv)):
        lv[i] = lv[i - 1] * (1 + g[i - 1] / 100)
    for i in range(a - 1, -1, -1):
        lv[i] = lv[i + 1] / (1 + g[i] / 100)
    return lv


def _r(values: np.ndarray | Sequence[float], nd: int) -> list[float]:
    return [round(float(v), nd) if nd else float(round(float(v))) for v in values]


# ---- 2025, the plan's horizon -------------------------------------------------------------------------------
# What a zone holds in December 2026 for 2025: the preliminary figures (初步数), before the yearbook and the 2028
# economic census revise them. Each series continues its own story above (levels or growth into 2025), with the
# same noise, drawn from a stream of its own (``default_rng([seed, 2025])``) so that 2016-2024 stay exactly as
# they were. Published 2025 anchors:
#   A2b  Kia + FAW Yancheng sold 41.8万 vehicles in 2025, +34.7 % (iernv.com, low reliability; zone_public_facts.csv)
#        -> sales_auto grows ≈25 % in value in 2025 (export mix, price cuts: the value share is an assumption)
FINAL_NOTE = ("2025: stands for the preliminary figure (初步数) a zone holds in Dec 2026, not yet revised by the "
              "yearbook or the 2028 economic census")
FINAL = {  # level stories (亿元, %, …) and growth stories (% into 2025)
    "auto": 700.0, "pv": 540.0, "electronics": 150.0, "other_industry": 222.0,
    "g_va_industry": 9.0, "g_services": 6.5, "g_gdp": 6.5, "g_fai": -3.0, "industrial_investment_share": 0.60,
    "g_budget": 2.5, "g_fdi": -8.0, "g_trade": 4.0, "korea_trade_share": 0.30,
    "g_income_urban": 4.6, "g_income_rural": 6.2, "hightech_new": 30, "share_hightech_output": 57.0,
    "rd_share": 2.82, "tax_per_mu": 11.4, "nonfossil": 33.6, "energy_intensity": 0.279, "pm25": 28.0,
    "good_days": 86.8, "major_projects": 9, "jobs": 1.08,
}
FINAL_STORY = {
    "sales_auto": "anchor A2b: Kia + FAW 41.8万 vehicles in 2025, +34.7% (low reliability); ≈+25% in value is an "
                  "assumption",
    "sales_pv": "assumption: module prices stay low in 2025 (capacity cuts across the industry)",
    "gdp": "assumption: growth ≈6.5% with the car recovery; no 2025 zone or city figure in the shared facts",
    "fdi_paid_in": "assumption: national FDI still falling in 2025",
    "trade_total": "assumption: car exports up, PV exports down",
}


def _final_year(s: dict[str, list[float]], notes: dict[str, dict[int, str]], *, cohorts: list[int],
                seed: int) -> None:
    """Append 2025 to every series of ``s`` (in place): each continues its own story, with the same noise as
    2016-2024, drawn from ``default_rng([seed, 2025])``; identities and checks as for the earlier years."""
    rng = np.random.default_rng([seed, FINAL_YEAR])
    f = FINAL

    def grown(key: str, growth: float, sd: float, nd: int) -> float:
        return round(s[key][-1] * (1 + (growth + rng.normal(0.0, sd)) / 100), nd)

    auto = round(f["auto"] * float(np.exp(rng.normal(0.0, 0.035))), 2)
    pv = round(f["pv"] * float(np.exp(rng.normal(0.0, 0.05))), 2)
    elec = round(f["electronics"] * float(np.exp(rng.normal(0.0, 0.04))), 2)
    leading = round(auto + pv + elec, 2)
    sales = round(leading + f["other_industry"] * float(np.exp(rng.normal(0.0, 0.03))), 2)
    output = round(sales / (1.08 * float(np.exp(rng.normal(0.0, 0.012)))), 2)
    va = grown("va_industry_above_scale", f["g_va_industry"], 1.5, 2)
    services = grown("va_services", f["g_services"], 1.0, 2)
    gdp = grown("gdp", f["g_gdp"], 0.8, 2)
    assert 0.19 <= va / sales <= 0.30 and 0.20 <= (gdp - va - services) / gdp <= 0.40, (va, sales, gdp)
    fai = grown("fixed_asset_investment", f["g_fai"], 2.0, 2)
    ind_inv = round(fai * (f["industrial_investment_share"] + rng.normal(0.0, 0.015)), 2)
    budget = grown("budget_revenue", f["g_budget"], 1.5, 2)
    fdi = grown("fdi_paid_in", f["g_fdi"], 4.0, 2)
    trade = grown("trade_total", f["g_trade"], 2.5, 2)
    korea = round(trade * (f["korea_trade_share"] + rng.normal(0.0, 0.012)), 2)
    new = int(round(f["hightech_new"] * float(np.exp(rng.normal(0.0, 0.08)))))
    exits = int(rng.binomial(cohorts[len(BASE_YEARS)], HIGHTECH_EXIT_RATE))   # the 2022 cohort
    stock = int(s["hightech_firms"][-1]) + new - exits
    sh = round(f["share_hightech_output"] + rng.normal(0.0, 0.6), 1)
    rd = round(f["rd_share"] + rng.normal(0.0, 0.03), 2)
    tax = round(f["tax_per_mu"] * float(np.exp(rng.normal(0.0, 0.03))), 2)
    nonfossil = round(f["nonfossil"] + rng.normal(0.0, 0.5), 1)
    energy = round(f["energy_intensity"] * float(np.exp(rng.normal(0.0, 0.02))) * gdp, 2)
    pm25 = float(round(f["pm25"] + rng.normal(0.0, 1.2)))
    good = round(f["good_days"] + rng.normal(0.0, 1.0), 1)
    incomes = {k: float(round(s[k][-1] * (1 + (f[f"g_{k}"] + rng.normal(0.0, 0.6)) / 100)))
               for k in ("income_urban", "income_rural")}
    projects = float(max(3, f["major_projects"] + int(rng.integers(-2, 3))))
    jobs = round(f["jobs"] * float(np.exp(rng.normal(0.0, 0.04))), 2)
    values = dict(sales_auto=auto, sales_pv=pv, sales_electronics=elec, sales_leading_industries=leading,
                  sales_industry_above_scale=sales, share_leading_in_industry_sales=round(leading / sales * 100, 2),
                  output_industry_above_scale=output, va_industry_above_scale=va, va_services=services, gdp=gdp,
                  fixed_asset_investment=fai, industrial_investment=ind_inv, budget_revenue=budget,
                  fdi_paid_in=fdi, trade_total=trade, trade_korea=korea, hightech_firms=float(stock),
                  hightech_firms_new=float(new), share_hightech_output=sh, rd_share_gdp=rd,
                  tax_per_mu_industrial_land=tax, share_nonfossil_energy=nonfossil, energy_consumption=energy,
                  energy_intensity=round(energy / gdp, 4), pm25=pm25, good_air_days_ratio=good,
                  major_projects_new=projects, jobs_new=jobs, **incomes)
    for key, value in values.items():
        s[key].append(float(value))
    notes["hightech_firms"][FINAL_YEAR] = (f"identity: {int(s['hightech_firms'][-2])} + new {new} − exits {exits} "
                                           "(assumption: ≈25% of the 2022 cohort not re-certified)")
    for key, text in FINAL_STORY.items():
        notes[key][FINAL_YEAR] = text


def generate(seed: int = SEED) -> dict[str, dict[int, tuple[float, str]]]:
    """The illustrative series: ``{indicator: {year: (value, note)}}``, deterministic for a seed.

    Raises
    ------
    AssertionError
        If a draw broke an anchor or identity (the fixed seed does not; another seed might).
    """
    rng = np.random.default_rng(seed)
    s: dict[str, list[float]] = {}
    notes: dict[str, dict[int, str]] = {k: {} for k in INDICATORS}
    default: dict[str, str] = {}

    # -- industry: leading industries, total sales (A1-A3, A18) ------------------------------------------------
    auto = _r(_noisy(rng, AUTO, 0.035), 2)
    pv = _r(_noisy(rng, PV, 0.05), 2)
    elec = _r(_noisy(rng, ELECTRONICS, 0.04), 2)
    leading = [round(a + b + c, 2) for a, b, c in zip(auto, pv, elec)]
    other_ind = _noisy(rng, OTHER_INDUSTRY, 0.03)
    sales = [round(leading[i] + other_ind[i], 2) for i in range(len(BASE_YEARS))]
    city_regular_share = rng.uniform(0.86, 0.95)   # 规上 / 全口径 for the city in 2021 (assumption)
    sales[_I[2021]] = round(CITY_FULL_SALES_2021 * city_regular_share * ZONE_SHARE_CITY_SALES_2021, 2)
    other_2021 = sales[_I[2021]] - leading[_I[2021]]
    assert 150 < other_2021 < 320, other_2021
    assert sales[_I[2016]] >= 1000 and all(sales[_I[y]] < 1000 for y in range(2017, 2022)), sales
    assert sales[_I[2022]] >= 1000, sales
    share_leading = [round(leading[i] / sales[i] * 100, 2) for i in range(len(BASE_YEARS))]
    output = _r(np.asarray(sales) / (1.08 * np.exp(rng.normal(0.0, 0.012, len(BASE_YEARS)))), 2)
    s.update(sales_auto=auto, sales_pv=pv, sales_electronics=elec, sales_leading_industries=leading,
             sales_industry_above_scale=sales, share_leading_in_industry_sales=share_leading,
             output_industry_above_scale=output)
    default["sales_auto"] = ("anchor A2: Dongfeng Yueda Kia's collapse 2017-2021, SK On batteries and HiPhi from "
                             "2021, Kia exports and FAW from 2023 (≈31万 cars 2024 from Kia+FAW 41.8万 +34.7% in "
                             "2025); levels are an assumption")
    default["sales_pv"] = ("anchor A18: PV cluster (Trina, Runergy, Tongwei) ramps 2021-2023; 2024 fall with module "
                           "prices is an assumption")
    default["sales_electronics"] = "assumption: steady growth from a small base"
    default["sales_leading_industries"] = "identity: sales_auto + sales_pv + sales_electronics"
    default["share_leading_in_industry_sales"] = ("identity: sales_leading_industries / sales_industry_above_scale "
                                                  "× 100")
    default["sales_industry_above_scale"] = ("anchors A1/A2: above 1000 before the Kia collapse, below 1000 "
                                             "2017-2021, back above 1000 (重回千亿) in 2022; other industries "
                                             "(chemicals, machinery…) shrinking is an assumption")
    notes["sales_industry_above_scale"][2021] = (
        f"anchor A3: 12.5% of the city's 规上工业开票 → implied city 规上 {sales[_I[2021]] / 0.125:.0f}亿元 = "
        f"{city_regular_share * 100:.1f}% of the city's 全口径 8081亿元 (2021); below 1000 (A1)")
    notes["sales_industry_above_scale"][2022] = "anchor A1: 规上工业开票 重回千亿 (>= 1000) in 2022"
    notes["sales_industry_above_scale"][2016] = "anchor A2: above 1000 before the Kia collapse (重回千亿 in 2022)"
    default["output_industry_above_scale"] = "assumption: 开票销售 / 产值 ≈ 1.08 (sales include VAT)"

    # -- value added, GDP (A11-A13) ------------------------------------------------------------------------------
    va = _grow(rng, 2021, sales[_I[2021]] * rng.uniform(0.255, 0.27), G_VA_INDUSTRY, 1.5)
    services = _grow(rng, 2021, rng.uniform(88.0, 92.0), G_SERVICES, 1.0)
    gdp_share_2021 = rng.uniform(0.076, 0.080)
    gdp = _grow(rng, 2021, CITY_GDP[2021] * gdp_share_2021, G_GDP, 0.8)
    va, services, gdp = _r(va, 2), _r(services, 2), _r(gdp, 2)
    for i in range(len(BASE_YEARS)):
        ratio = va[i] / sales[i]
        rest = (gdp[i] - va[i] - services[i]) / gdp[i]
        assert 0.19 <= ratio <= 0.30, (BASE_YEARS[i], ratio)
        assert 0.20 <= rest <= 0.40, (BASE_YEARS[i], rest)
    s.update(va_industry_above_scale=va, va_services=services, gdp=gdp)
    default["va_industry_above_scale"] = ("assumption: 规上工业增加值 / 开票销售 between 0.21 and 0.27 (the plan's "
                                          "2025 targets imply 0.20: 400 / 2000)")
    default["va_services"] = "assumption: services grow faster than GDP except in 2020 (COVID)"
    default["gdp"] = ("assumption: growth decelerates after 2016 (Kia collapse), COVID dip in 2020, rebound 2021; "
                      "gdp − 规上工业增加值 − 服务业增加值 (construction, primary, smaller industry) is 20-40% of gdp, "
                      "as in the plan (800 = 400 + 120 + 280)")
    for y in (2021, 2022, 2024):
        notes["gdp"][y] = (f"anchor A11: {gdp[_I[y]] / CITY_GDP[y] * 100:.1f}% of the city's GDP "
                           f"{CITY_GDP[y]:.0f}亿元 ({y})" + ("; A12: a mid-ranked national ETDZ (70th of 230)"
                                                           if y == 2021 else ""))
    notes["gdp"][2023] = "anchor A13: the zone's GDP growth ranked first in the city in 2023"
    notes["sales_industry_above_scale"][2023] = "anchor A13: 规上开票 growth ranked first in the city in 2023"

    # -- investment, revenue ---------------------------------------------------------------------------------------
    fai = _r(_grow(rng, 2016, 310.0 * np.exp(rng.normal(0.0, 0.03)), G_FAI, 2.0), 2)
    ind_share = np.asarray(INDUSTRIAL_INVESTMENT_SHARE) + rng.normal(0.0, 0.015, len(BASE_YEARS))
    ind_inv = _r(np.asarray(fai) * ind_share, 2)
    budget = _r(_grow(rng, 2016, 30.5 * np.exp(rng.normal(0.0, 0.03)), G_BUDGET, 1.5), 2)
    g24 = budget[_I[2024]] / budget[_I[2023]] * 100 - 100
    assert 0.0 <= g24 <= 7.0, g24
    s.update(fixed_asset_investment=fai, industrial_investment=ind_inv, budget_revenue=budget)
    default["fixed_asset_investment"] = ("assumption: 2019 fall (statistical clean-up of investment data), PV and "
                                         "battery megaprojects 2021-2023, slight fall in 2024")
    default["industrial_investment"] = "assumption: 54-70% of fixed-asset investment, highest in 2022"
    default["budget_revenue"] = ("assumption: ≈7% of GDP; 2019 tax cuts, 2020 COVID, 2022 VAT credit refunds "
                                 "(留抵退税)")
    notes["budget_revenue"][2024] = f"anchor A19: modest growth ({g24:+.1f}%) as the city's +2.8% in 2024"
    notes["budget_revenue"][2023] = "anchor A13: budget revenue growth ranked first in the city in 2023"

    # -- opening: FDI and trade (A4-A8) ------------------------------------------------------------------------------
    city_fdi_2021 = rng.uniform(9.6, 10.4)
    fdi = _r(_grow(rng, 2021, ZONE_SHARE_CITY_FDI_2021 * city_fdi_2021, G_FDI, 4.0), 2)
    city_trade_2022 = rng.uniform(200.5, 206.0)
    city_trade_2021 = city_trade_2022 / (1 + CITY_TRADE_GROWTH_2022 / 100)
    trade = _grow(rng, 2021, ZONE_SHARE_CITY_TRADE_2021 * city_trade_2021, G_TRADE, 2.5, exact=(2021,))
    trade = _r(trade, 2)
    korea = _r(np.asarray(trade) * (np.asarray(KOREA_TRADE_SHARE) + rng.normal(0.0, 0.012, len(BASE_YEARS))), 2)
    assert 0.33 <= fdi[_I[2022]] / CITY_FDI_2022 <= 0.55, fdi
    s.update(fdi_paid_in=fdi, trade_total=trade, trade_korea=korea)
    default["fdi_paid_in"] = ("assumption: volatile; SK On capital 2018-2021, 2024 slump with national FDI; "
                              "zone FDI volume first in the city in 2023 (A13)")
    notes["fdi_paid_in"][2021] = (f"anchor A7: 48.9% of the city's FDI, city 2021 assumed {city_fdi_2021:.2f}亿美元 "
                                  "(another source says 1/3; it would put the city above its 2022 value)")
    notes["fdi_paid_in"][2022] = (f"anchor A8: {fdi[_I[2022]] / CITY_FDI_2022 * 100:.1f}% of the city's 11.8亿美元 "
                                  "(2022)")
    default["trade_total"] = "assumption: PV exports drive 2021-2023, 2024 fall with PV prices"
    notes["trade_total"][2021] = (f"anchors A4/A6: 23.3% of the city's trade {city_trade_2021:.1f}亿美元 (2021) = "
                                  f"city 2022 {city_trade_2022:.1f} (>200, A6) / 1.148")
    notes["trade_total"][2020] = "anchor A5: zone trade grew 44.6% in 2021 → 2020 = 2021 / 1.446"
    notes["trade_total"][2022] = (f"anchor A6: {trade[_I[2022]] / city_trade_2022 * 100:.1f}% of the city's "
                                  f"{city_trade_2022:.1f}亿美元 (>200) in 2022")
    notes["trade_total"][2023] = "anchor A13: trade volume and growth ranked first in the city in 2023"
    default["trade_korea"] = ("assumption: Korea's share of the zone's trade falls from ≈46% (Kia parts) to ≈29% "
                              "(PV exports elsewhere)")

    # -- innovation (A16, A17) ---------------------------------------------------------------------------------------
    new = [int(round(n * float(np.exp(rng.normal(0.0, 0.08))))) for n in HIGHTECH_NEW]
    cohorts = HIGHTECH_COHORTS_2013_2015 + new   # certified in 2013, 2014, 2015, 2016, …
    stock, exits = [HIGHTECH_STOCK_2016], [0]
    for i in range(1, len(BASE_YEARS)):
        e = int(rng.binomial(cohorts[i], HIGHTECH_EXIT_RATE))    # cohort of BASE_YEARS[i] - 3
        exits.append(e)
        stock.append(stock[-1] + new[i] - e)
    assert 100 <= stock[_I[2021]] <= 140, stock
    s.update(hightech_firms=[float(v) for v in stock], hightech_firms_new=[float(v) for v in new])
    for i, y in enumerate(BASE_YEARS):
        if i == 0:
            notes["hightech_firms"][y] = ("assumption: starting stock (the 2015 report of 60% of the city's firms is "
                                          "inconsistent with the plan and not used)")
        else:
            notes["hightech_firms"][y] = (f"identity: {stock[i - 1]} + new {new[i]} − exits {exits[i]} "
                                          f"(assumption: ≈25% of the {y - 3} cohort not re-certified)")
    notes["hightech_firms"][2021] += "; anchor A16: ≈100-140 in 2021 (220 by 2025 with +30 a year)"
    default["hightech_firms_new"] = "assumption: newly certified national high-tech enterprises; plan asks 30+ a year"
    sh = _r(np.asarray(SHARE_HIGHTECH_OUTPUT) + rng.normal(0.0, 0.6, len(BASE_YEARS)), 1)
    rd = _r(np.asarray(RD_SHARE) + rng.normal(0.0, 0.03, len(BASE_YEARS)), 2)
    tax = _r(_noisy(rng, TAX_PER_MU, 0.03), 2)
    assert sh[_I[2018]] >= 37.0 and rd[_I[2018]] >= 2.1, (sh, rd)
    s.update(share_hightech_output=sh, rd_share_gdp=rd, tax_per_mu_industrial_land=tax)
    default["share_hightech_output"] = "assumption: rises with PV, batteries and electronics; dips in 2017 (Kia)"
    default["rd_share_gdp"] = "assumption: slow steady rise"
    notes["share_hightech_output"][2018] = "anchor A17: above the city's 37% (2018)"
    notes["rd_share_gdp"][2018] = "anchor A17: at or above the city's 2.1% (2018)"
    default["tax_per_mu_industrial_land"] = ("assumption: falls with Kia's taxes 2017-2020, VAT refunds 2022, "
                                             "rises with PV")

    # -- energy, environment (A9, A10) --------------------------------------------------------------------------------
    nonfossil = _r(np.asarray(NONFOSSIL) + rng.normal(0.0, 0.5, len(BASE_YEARS)), 1)
    intensity_true = _noisy(rng, ENERGY_INTENSITY, 0.02)
    energy = _r(intensity_true * np.asarray(gdp), 2)
    intensity = [round(energy[i] / gdp[i], 4) for i in range(len(BASE_YEARS))]
    pm = np.asarray(PM25) + rng.normal(0.0, 1.2, len(BASE_YEARS))
    for y, v in CITY_PM25.items():
        pm[_I[y]] = v + float(np.clip(rng.normal(0.0, 1.0), -2.0, 2.0))
    pm25 = _r(pm, 0)
    good = np.asarray(GOOD_DAYS) + rng.normal(0.0, 1.0, len(BASE_YEARS))
    good[_I[2020]] = CITY_GOOD_DAYS_RATIO_2020 + float(np.clip(rng.normal(0.0, 0.8), -1.5, 1.5))
    good_days = _r(good, 1)
    s.update(share_nonfossil_energy=nonfossil, energy_consumption=energy, energy_intensity=intensity,
             pm25=pm25, good_air_days_ratio=good_days)
    default["share_nonfossil_energy"] = "assumption: green-power purchases and rooftop PV from a low base"
    default["energy_consumption"] = ("assumption: energy_intensity path × gdp; PV cell lines raise intensity "
                                     "from 2022")
    default["energy_intensity"] = ("identity: energy_consumption / gdp (吨标准煤/万元 = 万吨标准煤 / 亿元, factor 1), "
                                   "on current-price GDP")
    default["pm25"] = "assumption: the zone close to the city's trend"
    for y, v in CITY_PM25.items():
        notes["pm25"][y] = f"anchor A9: within ±2 of the city's {v:.0f} μg/m3 ({y})"
    default["good_air_days_ratio"] = "assumption: the zone close to the city's trend; 2022-2023 ozone years"
    notes["good_air_days_ratio"][2020] = "anchor A10: near the city's 308 good days of 366 (84.2%) in 2020"

    # -- livelihood, projects (A14, A15) -----------------------------------------------------------------------------
    for key in ("income_urban", "income_rural"):
        base = PLAN_INCOME_2021[key] * rng.uniform(0.985, 1.015)
        s[key] = _r(_grow(rng, 2021, base, G_INCOME[key], 0.6), 0)
        notes[key][2021] = (f"anchor A15: plan-implied 2021 base {PLAN_INCOME_2021[key]:.0f}元 "
                            f"({76900 if key == 'income_urban' else 42150}元 in 2025 at +10% a year), ±1.5%")
        default[key] = "assumption: nominal growth slows to ≈5-7% after 2021 (the plan asks 10%+)"
    projects = [float(max(3, n + int(rng.integers(-2, 3)))) for n in MAJOR_PROJECTS]
    jobs = _r(_noisy(rng, JOBS, 0.04), 2)
    s.update(major_projects_new=projects, jobs_new=jobs)
    default["major_projects_new"] = "assumption: new industrial projects over 1 bn yuan started in the year"
    notes["major_projects_new"][2022] = "anchor A14: well below the 67 new signed projects over 100m yuan (2022)"
    notes["major_projects_new"][2023] = "anchor A14: well below the 60 new signed projects over 100m yuan (2023)"
    default["jobs_new"] = "assumption: ≈1万 new jobs a year, dip in 2020"

    _final_year(s, notes, cohorts=cohorts, seed=seed)
    for ind in INDICATORS:
        notes[ind][FINAL_YEAR] = FINAL_NOTE + "; " + (notes[ind].get(FINAL_YEAR) or default.get(ind, "assumption"))

    out: dict[str, dict[int, tuple[float, str]]] = {}
    for ind in INDICATORS:
        values = s[ind]
        assert len(values) == len(YEARS), ind
        out[ind] = {y: (float(values[i]), notes[ind].get(y) or default.get(ind, "assumption"))
                    for i, y in enumerate(YEARS)}
    return out


def build_rows(seed: int = SEED) -> list[dict[str, object]]:
    """Rows in the tidy template layout, every one ``illustrative`` with its source and note."""
    series = generate(seed)
    rows = []
    for ind in INDICATORS:
        unit = registry.load_registry().indicator_unit(ind)
        nd = DECIMALS_BY_INDICATOR.get(ind, DECIMALS[unit])
        for year, (value, note) in series[ind].items():
            rows.append({"indicator": ind, "region": "zone", "year": year,
                         "value": int(round(value)) if nd == 0 else round(value, nd), "unit": unit,
                         "status": "illustrative", "source": SOURCE.format(seed=seed), "vintage": None,
                         "note": "示例 illustrative — " + note, "qualifier": None})
    return rows


def write_illustrative(path: str | Path = OUT, *, seed: int = SEED, sidecar: bool = True) -> Path:
    """Write the illustrative workbook (and, by default, its provenance sidecar); return its path."""
    path = Path(path)
    write_history_workbook(path, build_rows(seed), title_zh=TITLE_ZH, title_en=TITLE_EN, illustrative=True)
    if sidecar:
        fields = dict(SIDECAR, notes=SIDECAR["notes"].format(seed=seed), seed=seed,
                      licence="generated by this project; no third-party data")
        write_sidecar(path, **fields)
    return path


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", default=str(OUT), help=f"where to write (default {OUT})")
    p.add_argument("--seed", type=int, default=SEED)
    p.add_argument("--no-sidecar", action="store_true", help="do not write the provenance sidecar")
    ns = p.parse_args(argv)
    out = write_illustrative(ns.out, seed=ns.seed, sidecar=not ns.no_sidecar)
    print(f"wrote {out} ({len(INDICATORS)} indicators × {len(YEARS)} years, all illustrative)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
