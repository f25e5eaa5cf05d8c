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
interactive = True

# %%
import kpi
from kpi.present import views

d = views.load(processed_dir)
targets = d["targets"]

# %% [markdown]
# ## By area and target year · 按领域与年份

# %%
views.show_table(kpi.targets_overview(targets, lang=lang).reset_index(),
                 notes=[f"政策文件共 {len(targets)} 项目标。" if lang == "zh" else
                        f"{len(targets)} targets in the policy document."])

# %% [markdown]
# ## Do the 2025 numbers fit together? · 目标之间是否协调
# Each identity below is computed from the registry (and history where it is needed); the gap is what the targets
# leave unexplained.

# %%
views.show_table(views.coherence_table(d, lang=lang))
