# %% [markdown]
# # 08 简报 · Briefing
# The one-page dashboard and the key charts. This notebook is also rendered without code as
# `reports/briefing.html`; the printable version is `reports/briefing.pdf`.

# %% tags=["parameters"]
scenario = "baseline"
as_of = None
lang = "zh"
processed_dir = "data/processed"
figures_dir = "figures"
save_figures = True

# %%
from IPython.display import Markdown, display

from kpi.present import briefing, charts, views

d = views.load(processed_dir)
display(Markdown(briefing.headline(d, scenario=scenario, lang=lang)))

# %%
for lg in (lang, "en" if lang == "zh" else "zh") if save_figures else (lang,):  # both languages when saving
    fig = charts.scorecard_chart(d["card"][d["card"].scenario == scenario], lang=lg)
    if lg == lang:
        views.show(fig, f"dashboard_{lg}", figures_dir=figures_dir, save=save_figures)
    else:
        views.save(fig, f"dashboard_{lg}", figures_dir=figures_dir)

# %%
# the key charts in the reader's language are shown here (the same charts are saved as fan_<indicator>_zh by
# notebooks 03–06); the other language is saved for the briefing as briefing_<indicator>_<lang>
other = "en" if lang == "zh" else "zh"
for ind in views.drawable(d, briefing.KEY_INDICATORS):
    views.show(views.fan(d, ind, scenario=scenario, lang=lang), "", save=False)
    if save_figures:
        views.save(views.fan(d, ind, scenario=scenario, lang=other), f"briefing_{ind}_{other}", figures_dir=figures_dir)

# %% [markdown]
# ## Summary table · 目标评估汇总

# %%
display(views.card_table(d, scenario=scenario, lang=lang))
