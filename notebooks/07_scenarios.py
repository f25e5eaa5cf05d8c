# %% [markdown]
# # 07 情景分析 · Scenarios side by side
# Baseline (trend), high, low, stress (a one-year shock) and plan (the path the targets require), each defined in
# `scenarios/*.yaml` with its assumptions written out. Below the table, an explorer: move the growth assumption and
# the path and the probability update at once (in JupyterLab).

# %% tags=["parameters"]
scenario = "baseline"
as_of = None
lang = "zh"
processed_dir = "data/processed"
figures_dir = "figures"
save_figures = True
explore_indicator = "gdp"

# %%
from IPython.display import Markdown, display

from kpi.model import scenarios
from kpi.present import charts, views
from kpi.present.explore import Explorer

d = views.load(processed_dir)
for sc in scenarios.load_scenarios().values():
    display(Markdown(f"**{sc.title(lang)}** (`{sc.name}`): {sc.description}"))

# %% [markdown]
# ## Probability of reaching each target, by scenario · 各情景下的实现概率

# %%
display(views.scenario_table(d, lang=lang))
views.show(charts.scenario_chart(d["card"], lang=lang), f"scenarios_{lang}", figures_dir=figures_dir,
           save=save_figures)

# %% [markdown]
# ## Explorer · 交互探索
# Change the yearly growth assumption (percentage points) or add a one-year shock.

# %%
tgt = views.main_target(d, explore_indicator)
ex = Explorer(d["history"], explore_indicator, target=float(tgt.target_value), target_year=int(tgt.target_year),
              direction=str(tgt.direction))
display(ex.widget(lang=lang))
