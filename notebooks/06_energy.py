# %% [markdown]
# # 06 能源与排放 · Energy and emissions
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
INDICATORS = "share_nonfossil_energy energy_consumption energy_intensity pm25 good_air_days_ratio".split()

# %% [markdown]
# ## Scorecard · 目标评估

# %%
views.show_table(views.card_table(d, scenario=scenario, area="energy", lang=lang))

# %% [markdown]
# ## Fan charts · 扇形图

# %%
for ind in views.drawable(d, INDICATORS):
    fig = views.fan(d, ind, scenario=scenario, lang=lang)
    views.show(fig, f"fan_{ind}_{lang}", figures_dir=figures_dir, save=save_figures)

# %% [markdown]
# ## CO₂ derived from energy use and mix · 由能源消费与结构推算的二氧化碳排放
# CO₂ = energy × (1 − non-fossil share) × fossil emission factor. Factors: IPCC 2006 defaults per tce; the fossil mix
# is an assumption (see `kpi/model/emissions.py`).

# %%
from kpi.model import emissions
from kpi.present import charts

co2 = emissions.co2_path(views.series(d, "energy_consumption"), views.series(d, "share_nonfossil_energy"))
if not co2.empty:
    views.show_table(views.co2_table(co2, lang=lang))
    fig = charts.co2_chart(co2, lang=lang, illustrative="illustrative" in set(
        views.series(d, "energy_consumption").attrs["status"].values()))
    views.show(fig, f"co2_{lang}", figures_dir=figures_dir, save=save_figures)
