# %% [markdown]
# # 10 下一规划 · The plan after the plan
# 本工具过去的判断是否可信（历史表现），以及据此为下一规划（2030年）设定目标：每个可预测指标在 90/70/50/30/10%
# 把握下的水平、所需增速与历史增速的比较，可直接用于起草说明。
# Can the tool's past calls be trusted (its track record), and, on that footing, the 2030 levels of every projectable
# indicator at 90/70/50/30/10 % odds, with the growth each needs against history, ready for a drafting memo.

# %% tags=["parameters"]
scenario = "baseline"
as_of = None
lang = "zh"
processed_dir = "data/processed"
figures_dir = "figures"
save_figures = True
interactive = True

# %%
from IPython.display import Markdown, display

from kpi.present import next_plan, views

zh = lang == "zh"
d = views.load(processed_dir)
tables = next_plan.load(processed_dir)
record, plan = tables["track_record"], tables["next_plan"]

# %% [markdown]
# ## 历史表现 · Track record
# 每个已有结果的目标，按当时已公布的数据重做 2021 年起每一年的判断（概率、判断、预测区间），与实际结果比较；旁边是两种简单
# 判断。江苏13市与全省的年鉴序列没有官方目标，用透明的伪目标（某年至目标年名义年均增长 ≥5/6/7%），结果为正式数据。
# Every target with an outcome, each year's call redone on the data published by then, against what happened; the
# two naive calls beside. The yearbook series have no official targets: transparent pseudo-targets, official outcomes.

# %%
views.show_table(next_plan.scores_for_print(record, lang=lang))
views.show(next_plan.reliability_chart(record, lang=lang), f"track_record_reliability_{lang}",
           figures_dir=figures_dir, save=save_figures)
views.show_table(next_plan.reliability_for_print(record, lang=lang))

# %%
display(Markdown("### 本区目标的逐年判断" if zh else "### The zone's targets, call by call"))
views.show_table(next_plan.track_record_for_print(record, sets=("zone",), lang=lang))

# %% [markdown]
# ## 下一规划：2030 年目标水平与实现把握 · The next plan: 2030 levels and their odds

# %%
display(Markdown("\n".join(f"- {line}" for line in next_plan.memo_lines(plan, scenario=scenario, lang=lang))))
views.show_table(next_plan.next_plan_for_print(plan, scenario=scenario, lang=lang), notes=[
    "括号内为自最新年份起每年所需增长；份额与数量为每年增量。" if zh else
    "In brackets: the growth a year each level needs from the latest year; shares and counts: the increment a year."])

# %%
display(Markdown("### 各情景 · Every scenario"))
for sc in sorted(set(plan["scenario"])):
    if sc != scenario:
        display(Markdown(f"**{sc}**"))
        views.show_table(next_plan.next_plan_for_print(plan, scenario=sc, lang=lang))

# %% [markdown]
# ## 至 2030 年的扇形图 · Fan charts to 2030

# %%
for ind in views.drawable(d, ["gdp", "va_industry_above_scale", "sales_leading_industries", "share_hightech_output"]):
    if ind in set(plan["indicator"]):
        fig = next_plan.fan_2030_chart(views.series(d, ind), plan, indicator=ind, scenario=scenario, lang=lang)
        views.show(fig, f"next_plan_fan_{ind}_{lang}", figures_dir=figures_dir, save=save_figures)
