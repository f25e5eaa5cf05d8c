# %% tags=["parameters"]
scenario = "baseline"
as_of = None
lang = "zh"
processed_dir = "data/processed"
figures_dir = "figures"
save_figures = True
interactive = True

# %%
# The briefing for readers: reports/briefing.html is this notebook run without its code, so everything a reader
# sees is written below, in the reader's language (`lang`). The printable version is reports/briefing.pdf.
from IPython.display import Markdown, display

from kpi.present import briefing, charts, views

d = views.load(processed_dir)
display(Markdown("# 盐城经开区 2025 年目标：能否实现？" if lang == "zh" else
                 "# Yancheng ETDZ: will the 2025 targets be met?"))
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
display(Markdown("## 关键指标" if lang == "zh" else "## Key indicators"))
other = "en" if lang == "zh" else "zh"
for ind in views.drawable(d, briefing.KEY_INDICATORS):
    views.show(views.fan(d, ind, scenario=scenario, lang=lang), "", save=False)
    if save_figures:
        views.save(views.fan(d, ind, scenario=scenario, lang=other), f"briefing_{ind}_{other}", figures_dir=figures_dir)

# %%
display(Markdown("## 目标评估汇总" if lang == "zh" else "## Every target"))
views.show_table(views.card_table(d, scenario=scenario, lang=lang))
