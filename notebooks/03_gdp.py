# %% [markdown]
# # 03 GDP 与总量指标 · GDP and aggregates
# Per indicator: history (solid), the calibrated projection (dashed, 80 %/95 % bands), the target and the path it
# requires, and the probability of reaching it. Charts built from illustrative data carry a visible stamp.

# %% tags=["parameters"]
scenario = "baseline"
as_of = None
lang = "zh"
processed_dir = "data/processed"
figures_dir = "figures"
save_figures = True
interactive = True

# %%
from kpi.present import views

d = views.load(processed_dir)
INDICATORS = "gdp va_services fixed_asset_investment budget_revenue fdi_paid_in trade_total".split()

# %% [markdown]
# ## Scorecard · 目标评估

# %%
views.show_table(views.card_table(d, scenario=scenario, area="aggregates", lang=lang))

# %% [markdown]
# ## Fan charts · 扇形图

# %%
for ind in views.drawable(d, INDICATORS):
    fig = views.fan(d, ind, scenario=scenario, lang=lang)
    views.show(fig, f"fan_{ind}_{lang}", figures_dir=figures_dir, save=save_figures)

# %% [markdown]
# ## Relative growth: zone vs city vs province · 相对增速（经开区、全市、全省）
# Nominal growth (current prices; the yearbook table is at current prices). The national comparison needs a national
# series, which the data do not hold yet: it is reported as missing, not guessed.
# 江苏统计年鉴 表2-12 has no province row, so the province is the sum of its 13 cities (labelled so).

# %%
from kpi.model import relative
from kpi.present import charts

views.show_table(views.relative_table(d, lang=lang))
views.show(charts.relative_chart(relative.relative_growth("gdp", history=d["history"]), indicator="gdp", lang=lang),
           f"relative_gdp_{lang}", figures_dir=figures_dir, save=save_figures)
