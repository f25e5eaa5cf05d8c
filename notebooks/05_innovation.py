# %% [markdown]
# # 05 高新技术与创新 · High-tech firms and innovation
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
INDICATORS = "hightech_firms hightech_firms_new share_hightech_output rd_share_gdp tax_per_mu_industrial_land".split()

# %% [markdown]
# ## Scorecard · 目标评估

# %%
views.show_table(views.card_table(d, scenario=scenario, area="innovation", lang=lang))

# %% [markdown]
# ## Fan charts · 扇形图

# %%
for ind in views.drawable(d, INDICATORS):
    fig = views.fan(d, ind, scenario=scenario, lang=lang)
    views.show(fig, f"fan_{ind}_{lang}", figures_dir=figures_dir, save=save_figures)

# %% [markdown]
# ## The flow: at least 30 new high-tech firms a year · 年均新增30家以上

# %%
from kpi.present import charts

if not views.series(d, "hightech_firms_new").empty:
    fig = charts.flow_chart(views.series(d, "hightech_firms_new"), threshold=30, indicator="hightech_firms_new",
                            lang=lang)
    views.show(fig, f"flow_hightech_firms_new_{lang}", figures_dir=figures_dir, save=save_figures)
