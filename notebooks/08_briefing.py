# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 08 简报 · Briefing
# 能否实现、把握多大：先给结论，再给依据。 · Will the targets be met, and how sure are we: the answer first.

# %% tags=["parameters"]
scenario = "baseline"
as_of = None
lang = "zh"
processed_dir = "data/processed"
figures_dir = "figures"
save_figures = True

# %%
from IPython.display import HTML, Markdown, display

from kpi.core import labels
from kpi.model import coherence
from kpi.model.completion import BASE_YEAR_NOTE, completion_table
from kpi.present import briefing, charts, views

zh = lang == "zh"
d = views.load(processed_dir)
card = d["card"]


def show_table(frame):
    """A whole table (no truncation), without the row numbers."""
    display(HTML(frame.to_html(index=False, escape=True, na_rep="")))


# %% [markdown]
# ## 结论要点 · Key messages

# %%
messages = briefing.key_messages(card, history=d["history"], scenario=scenario, lang=lang)
display(Markdown("\n".join(f"{k}. {m}" for k, m in enumerate(messages, start=1))))
display(Markdown("**" + briefing.data_basis_line(card, scenario=scenario, lang=lang) + "**"))
display(Markdown(briefing.headline(d, scenario=scenario, lang=lang)))

# %% [markdown]
# ## 主要目标 · Headline targets

# %%
show_table(briefing.headline_table(card, scenario=scenario, lang=lang))

# %% [markdown]
# ## 指标完成情况表 · Completion table

# %%
display(Markdown(BASE_YEAR_NOTE[0 if zh else 1]))
show_table(briefing.completion_for_print(completion_table(card, d["history"], scenario=scenario), lang=lang))

# %% [markdown]
# ## 已有结果 · Observed outcomes
# 目标年份已有数据的目标，以及须全期保持的条件（迄今）：这些是观测到的结果，不是概率。 · Targets whose year has data, and
# conditions observed so far: observed results, not probabilities.

# %%
show_table(briefing.outcomes_for_print(card, scenario=scenario, lang=lang))

# %% [markdown]
# ## 原因分析 · Where the leading-industry gap comes from

# %%
show_table(briefing.gaps_for_print(coherence.gap_decomposition(card, history=d["history"], scenario=scenario),
                                   lang=lang))

# %% [markdown]
# ## 未来目标的实现概率 · Probabilities of the targets still ahead

# %%
for lg in (lang, "en" if lang == "zh" else "zh") if save_figures else (lang,):  # both languages when saving
    prob = card[(card.scenario == scenario) & card.verdict.isin(labels.PROBABILITY_VERDICTS)]
    fig = charts.scorecard_chart(prob, lang=lg)
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
