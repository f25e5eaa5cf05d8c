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
# sees is written below, in the reader's language (`lang`), the answer first. The printable version is
# reports/briefing.pdf.
from IPython.display import Markdown, display

from kpi.core import labels
from kpi.model import coherence
from kpi.model.completion import BASE_YEAR_NOTE, completion_table
from kpi.present import briefing, charts, final_report, views

zh = lang == "zh"
d = views.load(processed_dir)
card = d["card"]
display(Markdown("# 盐城经开区 2025 年目标：能否实现？" if zh else "# Yancheng ETDZ: will the 2025 targets be met?"))
final = final_report.from_tables(d, scenario=scenario)  # once a target year is over, its outcomes come first
if len(final):
    display(Markdown("## " + final_report.title(lang)))
    display(Markdown("\n".join(f"{k}. {m}" for k, m in enumerate(final_report.messages(final, lang=lang), start=1))))
    views.show_table(final_report.for_print(final, lang=lang))
    display(Markdown(final_report.table_note(final, lang=lang)))
display(Markdown("## 结论要点" if zh else "## Key messages"))
messages = briefing.key_messages(card, history=d["history"], scenario=scenario, lang=lang)
display(Markdown("\n".join(f"{k}. {m}" for k, m in enumerate(messages, start=1))))
display(Markdown("**" + briefing.data_basis_line(card, scenario=scenario, lang=lang) + "**"))
display(Markdown(briefing.headline(d, scenario=scenario, lang=lang)))

# %%
display(Markdown("## 主要目标" if zh else "## Headline targets"))
views.show_table(briefing.headline_table(card, scenario=scenario, lang=lang))

# %%
display(Markdown("## 指标完成情况表" if zh else "## Completion table"))
display(Markdown(BASE_YEAR_NOTE[0 if zh else 1]))
views.show_table(briefing.completion_for_print(completion_table(card, d["history"], scenario=scenario), lang=lang))

# %%
display(Markdown("## 已有结果" if zh else "## Observed outcomes"))
display(Markdown("目标年份已有数据的目标，以及须全期保持的条件（迄今）：这些是观测到的结果，不是概率。" if zh else
                 "Targets whose year has data, and conditions observed so far: observed results, not probabilities."))
views.show_table(briefing.outcomes_for_print(card, scenario=scenario, lang=lang))

# %%
display(Markdown("## 原因分析：主导产业缺口来自何处" if zh else "## Where the leading-industry gap comes from"))
views.show_table(briefing.gaps_for_print(coherence.gap_decomposition(card, history=d["history"], scenario=scenario),
                                         lang=lang))

# %%
# every further plan folder under data/raw/plans (issue #15): shown only when there is one
if not (others := briefing.other_plans_for_print(d["plans"], lang=lang)).empty:
    display(Markdown("## 其他规划" if zh else "## Other plans"))
    display(Markdown(briefing.other_plans_note(d["plans"], lang=lang)))
    views.show_table(others)

# %%
display(Markdown("## 未来目标的实现概率" if zh else "## Probabilities of the targets still ahead"))
for lg in (lang, "en" if zh else "zh") if save_figures else (lang,):  # both languages when saving
    prob = card[(card.scenario == scenario) & card.verdict.isin(labels.PROBABILITY_VERDICTS)]
    fig = charts.scorecard_chart(prob, lang=lg)
    if lg == lang:
        views.show(fig, f"dashboard_{lg}", figures_dir=figures_dir, save=save_figures)
    else:
        views.save(fig, f"dashboard_{lg}", figures_dir=figures_dir)

# %%
# the key charts in the reader's language are shown here (the same charts are saved as fan_<indicator>_zh by
# notebooks 03–06); the other language is saved for the briefing as briefing_<indicator>_<lang>
display(Markdown("## 关键指标" if zh else "## Key indicators"))
other = "en" if zh else "zh"
for ind in views.drawable(d, briefing.KEY_INDICATORS):
    views.show(views.fan(d, ind, scenario=scenario, lang=lang), "", save=False)
    if save_figures:
        views.save(views.fan(d, ind, scenario=scenario, lang=other), f"briefing_{ind}_{other}", figures_dir=figures_dir)

# %%
# issue #15: the next plan's odds and the tool's own track record (notebook 10_next_plan has the whole of it)
from kpi.present import next_plan

for kind, item in next_plan.html_section(next_plan.load(processed_dir), scenario=scenario, lang=lang):
    display(Markdown(item)) if kind == "md" else views.show_table(item)

# %%
display(Markdown("## 目标评估汇总" if zh else "## Every target"))
views.show_table(views.card_table(d, scenario=scenario, lang=lang))
