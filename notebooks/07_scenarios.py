# %% [markdown]
# # 07 情景分析 · Scenarios side by side
# Baseline (trend), high, low, stress (a one-year shock) and plan (the path the targets require), each defined in
# `scenarios/*.yaml` with its assumptions written out. Below the table, an explorer: choose any projected target,
# start from the scenario's assumptions, move the growth and shock sliders; the path, the band and the probability
# update at once (in JupyterLab; a copy built without a kernel shows a few precomputed cases).

# %% tags=["parameters"]
scenario = "baseline"
as_of = None
lang = "zh"
processed_dir = "data/processed"
figures_dir = "figures"
save_figures = True
interactive = True
explore_target = "gdp_2025"

# %%
from IPython.display import Markdown, display

from kpi.model import scenarios
from kpi.present import charts, explore, views

d = views.load(processed_dir)
for sc in scenarios.load_scenarios().values():
    display(Markdown(f"**{sc.title(lang)}**：{sc.describe(lang)}" if lang == "zh" else
                     f"**{sc.title(lang)}**: {sc.describe(lang)}"))

# %% [markdown]
# ## Probability of reaching each target, by scenario · 各情景下的实现概率

# %%
views.show_table(views.scenario_table(d, lang=lang))
views.show(charts.scenario_chart(d["card"], lang=lang), f"scenarios_{lang}", figures_dir=figures_dir,
           save=save_figures)

# %% [markdown]
# ## Explorer · 交互探索
# Choose a target; the sliders start at the scenario's assumptions for it (yearly growth change, one-off shock).

# %%
explore.show(d["card"], d["history"], scenario=scenario, target=explore_target, lang=lang, interactive=interactive)
