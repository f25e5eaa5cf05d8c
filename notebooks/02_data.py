# %% [markdown]
# # 02 数据来源与性质 · What the data are
# For each indicator: which years are official, preliminary, estimated, illustrative or missing; where each source
# comes from; and how yearbook editions revised the same year.

# %% tags=["parameters"]
scenario = "baseline"
as_of = None
lang = "zh"
processed_dir = "data/processed"
figures_dir = "figures"
save_figures = True
interactive = True

# %%
from kpi.present import charts, coverage, views

d = views.load(processed_dir)

# %% [markdown]
# ## Coverage by indicator and region · 指标覆盖情况

# %%
views.show_table(coverage.coverage_table(d["history"], lang=lang))

# %% [markdown]
# ## Indicators a target needs but no data measure · 缺数据的指标

# %%
views.show_table(coverage.missing_indicators(d["history"], d["targets"], lang=lang))

# %% [markdown]
# ## Sources and provenance · 数据来源

# %%
views.show_table(views.sources_table(lang=lang))

# %% [markdown]
# ## Yearbook revisions between vintages · 年鉴修订
# The 2020 edition carries the revision after the fourth economic census.

# %%
views.show_table(views.revisions_table(d, "gdp", "yancheng", lang=lang),
                 notes=["— ：该版年鉴未刊载此年份。" if lang == "zh" else "— : the edition does not give this year."])
views.show(charts.vintage_chart(d["all_vintages"], indicator="gdp", region="yancheng", lang=lang),
           f"vintages_gdp_yancheng_{lang}", figures_dir=figures_dir, save=save_figures)
