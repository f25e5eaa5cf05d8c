"""The plan after the plan, for people: the next-plan table, the memo lines, the fan to 2030, the tool's track record.

Reads the two processed tables the build writes beside the others (:data:`TABLES`:
``data/processed/next_plan.csv`` from :func:`kpi.model.achievable.next_plan_table`, ``track_record.csv`` from
:func:`kpi.model.track_record.track_record`) and turns them into what an evaluator pastes into a drafting memo,
Chinese first: :func:`next_plan_for_print`, :func:`memo_lines`, :func:`fan_2030_chart`, and the record of the
tool's own past calls (:func:`track_record_for_print`, :func:`scores_for_print`, :func:`reliability_chart`). The
printed briefing gets a short section from :func:`pdf_section`; notebook ``08_briefing`` shows the same from
:func:`html_section`, and notebook ``10_next_plan`` the whole of it.

Examples
--------
>>> level_columns([0.9, 0.5], "en")
['90% chance', '50% chance']
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterable

import matplotlib.pyplot as plt
import pandas as pd

from kpi.core import labels, paths
from kpi.core.labels import check_lang
from kpi.inputs import units
from kpi.present import charts, style
from kpi.present.views import DASH, data_basis, number, percent

if TYPE_CHECKING:
    from matplotlib.backends.backend_pdf import PdfPages

#: The processed tables of this module (their names: :data:`kpi.core.paths.PROCESSED_SHOWN_APART`).
TABLES = {k: paths.PROCESSED_SHOWN_APART[k] for k in ("next_plan", "track_record")}
#: The year of the next plan's targets.
NEXT_PLAN_YEAR = 2030
#: The probability quoted in the memo line as "the level with a 70 % chance".
MEMO_PROBABILITY = 0.7


def load(processed_dir: str | Path = "data/processed") -> dict[str, pd.DataFrame]:
    """The next-plan table and the track record written by the build.

    Raises
    ------
    FileNotFoundError
        If the build has not written them (it names the file and the command to run).
    """
    folder = paths.inside_project(processed_dir)
    out = {}
    for key, name in TABLES.items():
        p = folder / name
        if not p.exists():
            raise FileNotFoundError(f"{p} not found: run the main job first (make all, or kpi build)")
        out[key] = pd.read_csv(p, encoding="utf-8-sig")
    return out


def level_columns(probabilities: Iterable[float], lang: str) -> list[str]:
    """The headers of the level columns: ``90%把握`` / ``90% chance``."""
    i = check_lang(lang)
    return [(f"{p:.0%}把握", f"{p:.0%} chance")[i] for p in probabilities]


def _illustrative(frame: pd.DataFrame, column: str = "data_basis") -> bool:
    return bool(frame[column].astype(str).str.contains("illustrative").any()) if len(frame) else False


def _unit(u: str, lang: str) -> str:
    return units.label(str(u), lang) if units.is_known(str(u)) else str(u)


def _rate(v: float, rate_unit: str) -> str:
    if v is None or pd.isna(v):
        return DASH
    unit = str(rate_unit)
    if unit == "%/yr":
        return f"{float(v):+.1f}%"
    if unit == "pp/yr":
        return f"{float(v):+.2f}pp"
    return f"{float(v):+,.1f}{unit.removesuffix('/yr')}"


def next_plan_for_print(table: pd.DataFrame, *, year: int = NEXT_PLAN_YEAR, scenario: str = "baseline",
                        lang: str = "zh") -> pd.DataFrame:
    """One row per indicator: the level of ``year`` at each probability (with the growth a year it needs from the
    latest value), the growth of the last five years, the current plan's target, and the level the last five
    years' growth would reach with its probability.
    """
    i = check_lang(lang)
    sub = table[(table["year"] == int(year)) & (table["scenario"] == scenario)]
    ps = list(dict.fromkeys(sub["probability"].tolist()))
    rows = []
    for ind, g in sub.groupby("indicator", sort=False):
        r = g.iloc[0]
        u = str(r["unit"])
        row = {("指标", "Indicator")[i]: r["name_zh"] if i == 0 else r["name_en"],
               ("单位", "Unit")[i]: _unit(u, lang),
               ("方向", "Direction")[i]: labels.symbol(r["direction"]),
               ("最新值（年份）", "Latest (year)")[i]: f"{number(r['latest_value'], u)} ({int(r['latest_year'])})",
               ("近五年年均", "Last 5 years, a year")[i]: _rate(r["hist_rate_5y"], r["rate_unit"])}
        for col, p in zip(level_columns(ps, lang), ps):
            lv = g[g["probability"] == p].iloc[0]
            row[col] = f"{number(lv['level'], u)}（{_rate(lv['required_growth'], r['rate_unit'])}）" if i == 0 else \
                f"{number(lv['level'], u)} ({_rate(lv['required_growth'], r['rate_unit'])})"
        row[("近五年增速延续：水平（概率）", "Last 5 years' growth carried on: level (chance)")[i]] = (
            f"{number(r['history_level'], u)}（{percent(r['history_probability'])}）" if i == 0 else
            f"{number(r['history_level'], u)} ({percent(r['history_probability'])})")
        row[("现行目标", "Current target")[i]] = (f"{labels.symbol(r['direction'])}{number(r['plan_target'], u)} "
                                               f"({int(r['plan_target_year'])})" if pd.notna(r["plan_target"]) else DASH)
        rows.append(row)
    return pd.DataFrame(rows)


def memo_lines(table: pd.DataFrame, *, year: int = NEXT_PLAN_YEAR, scenario: str = "baseline", lang: str = "zh",
               indicators: Iterable[str] | None = None, probability: float = MEMO_PROBABILITY) -> list[str]:
    """Sentences to paste into a drafting memo, one per indicator: the odds of the level the last five years'
    growth would reach, and the level with a ``probability`` chance and the growth it needs.

    Raises
    ------
    ValueError
        If the table has no row at ``probability`` (it names the probabilities it has).
    """
    i = check_lang(lang)
    sub = table[(table["year"] == int(year)) & (table["scenario"] == scenario)]
    if len(sub) and not (sub["probability"] == probability).any():
        raise ValueError(f"no level at probability {probability}: the table has "
                         f"{sorted(set(sub['probability']), reverse=True)}")
    chosen = list(indicators) if indicators is not None else list(dict.fromkeys(sub["indicator"]))
    out = []
    for ind in chosen:
        g = sub[sub["indicator"] == ind]
        if g.empty:
            continue
        r = g.iloc[0]
        lv = g[g["probability"] == probability].iloc[0]
        u = str(r["unit"])
        uz = _unit(u, lang)
        sym = labels.symbol(r["direction"])
        if i == 0:
            head = (f"{year}年{r['name_zh']}目标若按近五年年均增速（{_rate(r['hist_rate_5y'], r['rate_unit'])}）延续定为"
                    f"{sym}{number(r['history_level'], u)}{uz}，按趋势实现的概率约为{percent(r['history_probability'])}；"
                    if pd.notna(r["history_level"]) else f"{year}年{r['name_zh']}：")
            out.append(head + f"有{probability:.0%}把握的水平为{sym}{number(lv['level'], u)}{uz}"
                       f"（自{int(r['latest_year'])}年起需年均{_rate(lv['required_growth'], r['rate_unit'])}）。")
        else:
            head = (f"A {year} target for {r['name_en']} of {sym}{number(r['history_level'], u)} {uz} (the last five "
                    f"years' growth, {_rate(r['hist_rate_5y'], r['rate_unit'])} a year, carried on) has a "
                    f"{percent(r['history_probability'])} chance on trend; "
                    if pd.notna(r["history_level"]) else f"{r['name_en']}, {year}: ")
            out.append(head + f"{sym}{number(lv['level'], u)} {uz} is the level with a {probability:.0%} chance "
                       f"({_rate(lv['required_growth'], r['rate_unit'])} a year from {int(r['latest_year'])}).")
    return out


def fan_2030_chart(history: pd.Series, table: pd.DataFrame, *, indicator: str, scenario: str = "baseline",
                   lang: str = "zh", ax=None):
    """The fan of ``indicator`` to the next plan's year from the next-plan table: median (50 %) and the 80 % band
    (the 90 % and 10 % levels), the 70 % level of the last year marked; stamped when the data are illustrative."""
    i = check_lang(lang)
    sub = table[(table["indicator"] == indicator) & (table["scenario"] == scenario)]
    if sub.empty:
        raise ValueError(f"{indicator}: no next-plan rows for scenario {scenario!r}")
    wide = sub.pivot_table(index="year", columns="probability", values="level").sort_index()
    for p in (0.9, 0.5, 0.1):
        if p not in wide.columns:
            raise ValueError(f"{indicator}: the next-plan table has no level at {p:.0%}; the fan needs 90/50/10 %")
    proj = pd.DataFrame({"median": wide[0.5], "lower_80": wide[[0.9, 0.1]].min(axis=1),
                         "upper_80": wide[[0.9, 0.1]].max(axis=1)})
    last = int(wide.index.max())
    title = charts.indicator_label(indicator, lang, with_unit=False) + (
        f"：至{last}年的趋势（下一规划）", f": trend to {last} (next plan)")[i]
    fig = charts.fan_chart(history, proj, indicator=indicator, lang=lang, ax=ax, title=title,
                           illustrative="illustrative" in set(history.attrs.get("status", {}).values()))
    if MEMO_PROBABILITY in wide.columns:
        v = float(wide.loc[last, MEMO_PROBABILITY])
        axis = fig.axes[0] if ax is None else ax
        axis.scatter([last], [v], marker="D", s=46, color=style.COLORS["target"], zorder=7)
        axis.annotate((f"{MEMO_PROBABILITY:.0%}把握 {charts._fmt(v)}", f"{MEMO_PROBABILITY:.0%} chance {charts._fmt(v)}")[i],
                      (last, v), textcoords="offset points", xytext=(-8, -14), ha="right", fontsize=9,
                      color=style.COLORS["target"])
    return fig


# ------------------------------------------------------------------------------------------- the track record
def _set_label(name: str, lang: str) -> str:
    return labels.label(labels.TRACK_SETS, name, lang)


def track_record_for_print(record: pd.DataFrame, *, sets: Iterable[str] = ("zone",), lang: str = "zh") -> pd.DataFrame:
    """The calls of the chosen sets as people read them: target, when the call was made, what it said (probability,
    verdict, median and 80 % band), the naive calls, and what happened."""
    i = check_lang(lang)
    sub = record[record["set"].isin(list(sets))]
    yes_no = {1.0: ("达到", "reached"), 0.0: ("未达到", "missed")}
    rows = []
    for _, r in sub.iterrows():
        u = str(r["unit"])
        band = DASH if pd.isna(r["proj_median"]) else (
            f"{number(r['proj_median'], u)}（{number(r['proj_lower_80'], u)}–{number(r['proj_upper_80'], u)}）" if i == 0
            else f"{number(r['proj_median'], u)} ({number(r['proj_lower_80'], u)}–{number(r['proj_upper_80'], u)})")
        naive = {k: DASH if pd.isna(r[k]) else yes_no[float(r[k])][i] for k in ("naive_trend", "naive_last_year")}
        rows.append({("目标", "Target")[i]: r["name_zh"] if i == 0 else r["name_en"],
                     ("目标值（年份）", "Target (year)")[i]:
                         f"{labels.symbol(r['direction'])}{number(r['target_value'], u)} ({int(r['target_year'])})",
                     ("判断年份", "As of")[i]: int(r["as_of"]),
                     ("当时概率", "Probability then")[i]: percent(r["probability"]),
                     ("当时判断", "Verdict then")[i]: r["verdict_zh"] if i == 0 else r["verdict_en"],
                     ("预测中位数（80%区间）", "Median (80% band)")[i]: band,
                     ("近三年外推", "Last 3 years carried on")[i]: naive["naive_trend"],
                     ("上年增速够用", "Last year's growth suffices")[i]: naive["naive_last_year"],
                     ("实际结果", "What happened")[i]: yes_no[float(r["outcome"])][i] + f" {number(r['outcome_value'], u)}",
                     ("计入评分", "Scored")[i]: labels.label(labels.YES_NO, bool(r["scored"]), lang),
                     ("数据", "Data")[i]: data_basis(str(r["data_basis"]).split(" (edition")[0], lang)})
    return pd.DataFrame(rows)


def scores_for_print(record: pd.DataFrame, *, lang: str = "zh") -> pd.DataFrame:
    """The Brier score of the tool and of the naive calls, per set, on the same calls."""
    from kpi.model.track_record import scores

    i = check_lang(lang)
    s = scores(record)
    rows = []
    for _, r in s.iterrows():
        rows.append({("目标集", "Set")[i]: _set_label(r["set"], lang),
                     ("方法", "Method")[i]: r["method_zh"] if i == 0 else r["method_en"],
                     ("判断次数", "Calls")[i]: int(r["n"]),
                     ("Brier 分数（越低越好）", "Brier score (lower is better)")[i]: DASH if pd.isna(r["brier"])
                     else f"{r['brier']:.3f}",
                     ("判断方向正确的比例", "Calls on the right side of 50%")[i]: percent(r["right_side"]),
                     ("平均预测概率", "Mean prediction")[i]: percent(r["mean_predicted"]),
                     ("实际达到比例", "Share reached")[i]: percent(r["observed_frequency"])})
    return pd.DataFrame(rows)


def reliability_for_print(record: pd.DataFrame, *, lang: str = "zh") -> pd.DataFrame:
    """The reliability table of the tool's calls per set (bins of the predicted probability, counts)."""
    from kpi.model.track_record import reliability_by_set

    i = check_lang(lang)
    t = reliability_by_set(record)
    return pd.DataFrame({("目标集", "Set")[i]: [_set_label(s, lang) for s in t["set"]],
                         ("预测概率区间", "Predicted")[i]: t["bin"], ("次数", "Calls")[i]: t["n"],
                         ("平均预测", "Mean predicted")[i]: t["mean_predicted"].map(percent),
                         ("实际达到比例", "Observed frequency")[i]: t["observed_frequency"].map(percent)})


def reliability_chart(record: pd.DataFrame, *, lang: str = "zh", ax=None):
    """Predicted probability against the observed frequency, per set, with the count of each bin; the diagonal
    (perfect calibration); the naive 1/0 calls beside at 0 and 1 (their observed frequency). Stamped when the
    zone's calls drawn rest on illustrative data."""
    from kpi.model.track_record import pooled, reliability

    style.use_house_style()
    i = check_lang(lang)
    use = pooled(record)
    if ax is None:
        fig, ax = plt.subplots(figsize=(7.2, 5.2))
    else:
        fig = ax.figure
    ax.plot([0, 1], [0, 1], color="#888", lw=1, ls="--", label=("完全校准", "perfectly calibrated")[i], zorder=1)
    colors = {"yearbooks": style.COLORS["city"], "zone": style.COLORS["zone"]}
    for name, g in use.groupby("set", sort=True):
        t = reliability(g["probability"], g["outcome"])
        t = t[t["n"] > 0]
        ax.plot(t["mean_predicted"], t["observed_frequency"], marker="o", ms=6, lw=1.8,
                color=colors.get(name, "#555"), label=f"{_set_label(name, lang)}（{len(g)}）" if i == 0
                else f"{_set_label(name, lang)} ({len(g)})", zorder=3)
        for _, r in t.iterrows():
            ax.annotate(f"n={int(r['n'])}", (r["mean_predicted"], r["observed_frequency"]), textcoords="offset points",
                        xytext=(5, -11), fontsize=8, color=colors.get(name, "#555"))
        for k, (col, marker) in enumerate((("naive_trend", "s"), ("naive_last_year", "^"))):
            for call in (0.0, 1.0):
                hit = g[g[col] == call]
                if len(hit):
                    ax.scatter([call + (0.015 if call == 0 else -0.015) * (k + 1)], [hit["outcome"].mean()],
                               marker=marker, s=42, facecolor="white", edgecolor=colors.get(name, "#555"), zorder=4,
                               label=labels.label(labels.TRACK_METHODS, col, lang) if (name, call) == (
                                   sorted(use["set"].unique())[0], 1.0) else None)
    ax.set_xlim(-0.03, 1.03)
    ax.set_ylim(-0.03, 1.03)
    ax.set_xlabel(("当时预测的概率", "Probability predicted then")[i])
    ax.set_ylabel(("实际达到的比例", "Share that was reached")[i])
    ax.set_title(("本工具历史判断的可靠性", "How reliable were the tool's past calls?")[i], loc="left")
    ax.legend(loc="upper left", fontsize=8.5)
    ax.text(0, -0.2, ("年鉴序列为伪目标（非官方目标），结果为正式数据；空心标记为两种简单判断（1/0）。",
                      "Yearbook series: pseudo-targets (not official targets), official outcomes; hollow markers: the "
                      "two naive 1/0 calls.")[i], transform=ax.transAxes, fontsize=8, color="#444")
    if _illustrative(use[use["set"] == "zone"]):
        charts.stamp_illustrative(ax, lang)
    return fig


# ------------------------------------------------------------------------------------------ briefing sections
def html_section(tables: dict[str, pd.DataFrame], *, scenario: str = "baseline", lang: str = "zh",
                 indicators: Iterable[str] = ("gdp",)) -> list[tuple[str, object]]:
    """The briefing's short section, as ``(kind, content)`` items for a notebook to display in order: ``"md"``
    (Markdown text) or ``"table"`` (a table for people)."""
    i = check_lang(lang)
    record = tables["track_record"]
    s = scores_for_print(record, lang=lang)
    items: list[tuple[str, object]] = [
        ("md", ("## 下一规划：目标水平与实现把握", "## The next plan: target levels and their odds")[i]),
        ("md", "\n".join(f"- {line}" for line in memo_lines(tables["next_plan"], scenario=scenario, lang=lang,
                                                            indicators=indicators))),
        ("table", next_plan_for_print(tables["next_plan"], scenario=scenario, lang=lang)),
        ("md", ("## 本工具的历史表现", "## The tool's track record")[i]),
        ("md", ("按当时已公布的数据重做每一年的判断，与实际结果比较（Brier 分数越低越好；0.25 相当于每次都说50%）。",
                "Each year's call redone on the data published by then, against what happened (Brier score: lower is "
                "better; 0.25 is always saying 50%).")[i]),
        ("table", s),
    ]
    if _illustrative(record[record["set"] == "zone"]):
        items.append(("md", ("**本区目标的历史表现基于示例数据，仅演示方法。**",
                             "**The zone's track record rests on illustrative data: a demonstration of the method.**")[i]))
    return items


def pdf_section(pdf: PdfPages, tables: dict[str, pd.DataFrame], *, scenario: str = "baseline", lang: str = "zh",
                stamp: str = "") -> None:
    """The printed briefing's section: the memo lines and the next-plan table, the track record's scores and its
    reliability chart."""
    from kpi.present import briefing

    i = check_lang(lang)
    plan = tables["next_plan"]
    lines = memo_lines(plan, scenario=scenario, lang=lang, indicators=["gdp"])
    note = " ".join(lines) + (" 括号内为自最新年份起所需年均增长；“近五年增速延续”为按近五年年均增速外推的水平及其实现概率。",
                              " In brackets: the growth a year each level needs from the latest year.")[i]
    briefing.draw_table(pdf, next_plan_for_print(plan, scenario=scenario, lang=lang),
                        (f"下一规划（{NEXT_PLAN_YEAR}年）目标水平与实现把握", f"The next plan ({NEXT_PLAN_YEAR}): levels and "
                         "their odds")[i] + stamp, landscape=True, note=note, max_width=18,
                        widths={"指标": 20, "Indicator": 24}, fontsize=6.6)
    record = tables["track_record"]
    briefing.draw_table(pdf, scores_for_print(record, lang=lang),
                        ("本工具的历史表现：Brier 分数（越低越好）", "The tool's track record: Brier scores (lower is better)")[i]
                        + stamp, landscape=True, max_width=40, fontsize=7.5,
                        note=("按当时已公布的数据重做每一年的判断并与实际结果比较；年鉴序列（江苏13市与全省）为伪目标（非官方目标），结果为正式数据。",
                              "Each year's call redone on the data published by then and compared with what happened; "
                              "yearbook series (Jiangsu's 13 cities and the province): pseudo-targets, not official "
                              "targets; outcomes official.")[i])
    page = plt.figure(figsize=briefing.A4)  # every page A4: the chart on the upper part of a portrait page
    reliability_chart(record, lang=lang, ax=page.add_axes([0.12, 0.52, 0.8, 0.4]))
    briefing._save_page(pdf, page)  # as drawn: the page stays A4
    plt.close(page)
