# %% [markdown]
# # 09 回顾 · What a projection made in 2021 said, against what happened
# The assessment re-run with data up to 2021 only (what could be said when the plan was written), next to the data
# that came later. Where the later data are illustrative, so is this comparison.

# %% tags=["parameters"]
scenario = "baseline"
as_of = 2021
lang = "zh"
processed_dir = "data/processed"
figures_dir = "figures"
save_figures = True
interactive = True

# %%
from kpi.model import review
from kpi.present import views

d = views.load(processed_dir)
rows = review.review_table(d["history"], as_of=as_of)
views.show_table(views.review_table(rows, as_of=as_of, lang=lang), notes=[] if len(rows) else [
    f"没有指标在 {as_of} 年前有至少 3 个观测值且之后有数据可比。" if lang == "zh" else
    f"No indicator has at least 3 observations up to {as_of} and later data to compare."])

# %%
for ind in review.REVIEW_INDICATORS:
    if ind in set(rows["indicator"]):
        fig = views.review_chart(d, ind, as_of=as_of, lang=lang)
        views.show(fig, f"review_{ind}_{as_of}_{lang}", figures_dir=figures_dir, save=save_figures)
