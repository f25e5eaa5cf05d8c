# %% [markdown]
# # 01 目标一览 · The target registry at a glance
# Every quantitative target of 盐开发〔2022〕4号, by area and horizon, and whether the 2025 numbers fit together.

# %% tags=["parameters"]
scenario = "baseline"
as_of = None
lang = "zh"
processed_dir = "data/processed"
figures_dir = "figures"
save_figures = True

# %%
from IPython.display import display

import kpi
from kpi.model import coherence
from kpi.present import views

d = views.load(processed_dir)
targets = d["targets"]
print(f"{len(targets)} targets from the policy document")

# %% [markdown]
# ## By area and target year · 按领域与年份

# %%
display(kpi.targets_overview(targets, lang=lang))

# %% [markdown]
# ## Do the 2025 numbers fit together? · 目标之间是否协调
# Each identity below is computed from the registry (and history where it is needed); the gap is what the targets
# leave unexplained.

# %%
display(d["coherence"])
