# %% [markdown]
# # 04 工业与主导产业 · Industry and the leading industries
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
INDICATORS = "va_industry_above_scale sales_industry_above_scale sales_leading_industries share_leading_in_industry_sales sales_auto sales_pv sales_electronics".split()

# %% [markdown]
# ## Scorecard · 目标评估

# %%
views.show_table(views.card_table(d, scenario=scenario, area="industry", lang=lang))

# %% [markdown]
# ## Fan charts · 扇形图

# %%
for ind in views.drawable(d, INDICATORS):
    fig = views.fan(d, ind, scenario=scenario, lang=lang)
    views.show(fig, f"fan_{ind}_{lang}", figures_dir=figures_dir, save=save_figures)

# %% [markdown]
# ## Company plans and project targets · 企业与项目目标
# Targets for single companies and projects, as stated in the document; no public series measures them yet.

# %%
views.show_table(views.company_plans(d, lang=lang))
