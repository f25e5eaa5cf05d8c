"""The final evaluation (总结评估) for readers: the answer first, then the table — in the printed briefing, the HTML
briefing (``notebooks/08_briefing``) and the workbook sheet ``总结评估 Final evaluation``.

The model is :func:`kpi.model.final.final_evaluation` (outcomes from the scorecard, revision risk from the yearbook
vintages); this module only words and lays it out: :func:`messages` (what was reached and missed in each target
year, the headline targets, which outcomes could still flip with a revision, what has no data), :func:`for_print`
(one row per outcome, in the reader's language), :func:`for_sheet` (numbers as numbers) and :func:`answer_page` (the
PDF page the table starts on). Every output built from illustrative data says so.

Examples
--------
>>> HEADLINE_IDS[:2]
('gdp_2025', 'va_industry_above_scale_2025')
>>> title("zh"), title("en")
('总结评估：到期目标的结果', 'Final evaluation: the outcome of every target whose year has data')
"""

from __future__ import annotations

import pandas as pd

from kpi.core import labels
from kpi.core.labels import REVISION_RISKS, STATUSES, check_lang, symbol
from kpi.model.assessment import fmt
from kpi.model.final import final_evaluation

#: The plan's headline 2025 targets, named first in the answer (GDP 800, 规上工业增加值 400, high-tech firms 220,
#: non-fossil energy 35 %, 三大主导产业 sales 2000).
HEADLINE_IDS = ("gdp_2025", "va_industry_above_scale_2025", "hightech_firms_2025", "share_nonfossil_energy_2025",
                "sales_leading_industries_2025")
#: How the answer names a relative target whose period is over but whose comparators have not published its last
#: year (the other targets without an outcome are named by their verdict, :data:`kpi.core.labels.VERDICTS`).
_SO_FAR = {"lagging": ("相对目标迄今未达到（比较对象尚无该年数据）", "relative, lagging so far (comparators not yet published)"),
           "holding": ("相对目标迄今达到（比较对象尚无该年数据）", "relative, holding so far (comparators not yet published)")}


def title(lang: str = "zh") -> str:
    """The section's title."""
    return "总结评估：到期目标的结果" if check_lang(lang) == 0 else \
        "Final evaluation: the outcome of every target whose year has data"


def from_tables(d, *, scenario: str = "baseline") -> pd.DataFrame:
    """The final evaluation from the processed tables ``d`` (:func:`kpi.present.views.load`): the scorecard's
    outcomes and the yearbook vintages of ``history_all_vintages.csv``."""
    return final_evaluation(d["card"], all_vintages=d["all_vintages"], scenario=scenario)


def is_illustrative(final: pd.DataFrame) -> bool:
    """Whether any outcome rests on illustrative data."""
    return bool(final["data_basis"].astype(str).str.contains("illustrative").any())


def _name(r, zh: bool) -> str:
    return str(r["name_zh"] if zh else r["name_en"])


def _target(r, zh: bool) -> str:
    if pd.isna(r["target"]):
        return "相对目标" if zh else "relative"
    unit = "" if r["unit"] in ("%",) else str(r["unit"] or "")
    pct = "%" if r["unit"] == "%" else ""
    return f"{symbol(str(r['direction']))}{fmt(float(r['target']))}{pct}{unit if zh else (' ' + unit if unit else '')}"


def _margin(r) -> str:
    if pd.isna(r["margin"]):
        return "—"
    if r["kind"] in ("relative", "growth"):
        return f"{float(r['margin']):+.1f}pp"
    m, mp = float(r["margin"]), r["margin_pct"]
    text = f"{'+' if m >= 0 else '−'}{fmt(abs(m))}"
    return text + ("" if pd.isna(mp) else f" ({float(mp):+.1f}%)")


def _value(r) -> str:
    v = float(r["value"])
    return (f"{v:.1f}%" if r["kind"] in ("relative", "growth") else fmt(v)) + f" ({int(r['value_year'])})"


def _basis(r, zh: bool) -> str:
    status = labels.label(STATUSES, str(r["data_basis"]), "zh" if zh else "en") if str(r["data_basis"]) in STATUSES \
        else str(r["data_basis"])
    k = int(r["editions_later"])
    if zh:
        return f"{status}，" + ("首次发布（初步数）" if k == 0 else f"首发后第{k}版")
    return f"{status}, " + ("first release" if k == 0 else f"{k} editions later")


def for_print(final: pd.DataFrame, *, lang: str = "zh") -> pd.DataFrame:
    """One row per outcome as people read it: target, result, value (year), margin, data, revision risk.

    Examples
    --------
    >>> f = pd.DataFrame([{"clause": "二(一)", "name_zh": "地区生产总值", "name_en": "GDP", "unit": "亿元",
    ...     "kind": "level", "direction": ">=", "target": 800.0, "target_year": 2025, "value": 812.0,
    ...     "value_year": 2025, "reached": True, "margin": 12.0, "margin_pct": 1.5, "data_basis": "official",
    ...     "editions_later": 0, "revision_risk": "could_flip", "revision_risk_zh": "…", "revision_risk_en": "…"}])
    >>> for_print(f, lang="en").iloc[0].tolist()[2:6]
    ['≥800 亿元 (2025)', 'reached', '812 (2025)', '+12 (+1.5%)']
    """
    zh = check_lang(lang) == 0
    rows = []
    for _, r in final.iterrows():
        risk = str(r["revision_risk"])
        rows.append({
            ("条款" if zh else "Clause"): r["clause"] if isinstance(r["clause"], str) else "",
            ("指标" if zh else "Target"): _name(r, zh),
            ("目标（年份）" if zh else "Target (year)"): f"{_target(r, zh)} ({int(r['target_year'])})",
            ("结果" if zh else "Result"): labels.label(labels.VERDICTS, "reached" if r["reached"] else "missed",
                                                      "zh" if zh else "en"),
            ("实际值（年份）" if zh else "Value (year)"): _value(r),
            ("差额" if zh else "Margin"): _margin(r),
            ("数据" if zh else "Data"): _basis(r, zh),
            ("修订风险" if zh else "Revision risk"): REVISION_RISKS.get(risk, (risk, risk))[0 if zh else 1],
            ("说明" if zh else "Why"): str(r["revision_risk_zh" if zh else "revision_risk_en"]),
        })
    return pd.DataFrame(rows)


def for_sheet(final: pd.DataFrame) -> pd.DataFrame:
    """The table for the workbook: every column of :func:`kpi.model.final.final_evaluation`, numbers as numbers."""
    return final.copy()


def messages(final: pd.DataFrame, *, lang: str = "zh") -> list[str]:
    """The answer in a few sentences: per target year the outcomes reached and missed, the headline targets, the
    outcomes a revision could still flip, the targets without an outcome; illustrative data said first."""
    zh = check_lang(lang) == 0
    out = []
    if is_illustrative(final):
        out.append("示例数据：以下结果多数基于示例数据（2025年为代表2026年12月所持初步数的示例值），仅演示方法，不是正式结论。"
                   if zh else "Illustrative data: most outcomes below rest on illustrative data (2025 stands for the "
                   "preliminary figures a zone holds in December 2026); they demonstrate the method, not a finding.")
    for year, g in final.groupby("target_year", sort=True):
        n, hit = len(g), int(g["reached"].sum())
        out.append(f"{int(year)}年到期的目标中，{n}项已有结果：达到{hit}项，未达到{n - hit}项。" if zh else
                   f"Targets due in {int(year)}: {n} with an outcome, {hit} reached, {n - hit} missed.")
    heads = final.set_index("id").reindex([i for i in HEADLINE_IDS if i in set(final["id"])])
    if len(heads):
        parts = []
        for tid, r in heads.iterrows():
            res = ("达到" if r["reached"] else "未达到") if zh else ("reached" if r["reached"] else "missed")
            parts.append(f"{_name(r, zh)} {_value(r)}，目标{_target(r, zh)}，{res}（{_margin(r)}）" if zh else
                         f"{_name(r, zh)} {_value(r)} against {_target(r, zh)}: {res} ({_margin(r)})")
        out.append(("主要目标：" + "；".join(parts) + "。") if zh else ("Headline targets: " + "; ".join(parts) + "."))
    flip = final[final["revision_risk"] == "could_flip"]
    if len(flip):
        names = [f"{_name(r, zh)}（{'达到' if r['reached'] else '未达到'}，差额{_margin(r)}）" if zh else
                 f"{_name(r, zh)} ({'reached' if r['reached'] else 'missed'}, {_margin(r)})" for _, r in flip.iterrows()]
        census = int(flip["census_pending"].astype(bool).sum())
        out.append((f"{len(flip)}项结果可能因数据修订而翻转（差额不超过该阶段通常的修订幅度"
                    + (f"，其中{census}项尚待经济普查修订" if census else "") + "）：" + "、".join(names) + "。") if zh else
                   (f"{len(flip)} outcomes could still flip when the data are revised (the margin is within the usual "
                    "revision at their stage" + (f"; {census} still face a census revision" if census else "")
                    + "): " + ", ".join(names) + "."))
    else:
        out.append("没有结果会因通常幅度的数据修订而翻转。" if zh else "No outcome would flip with a revision of the usual size.")
    open_ = final.attrs.get("open", {})
    if open_:
        counts = pd.Series(list(open_.values())).value_counts()
        words = [f"{(_SO_FAR.get(v) or labels.VERDICTS.get(v, (v, v)))[0 if zh else 1]} {int(c)}"
                 for v, c in counts.items()]
        out.append((f"另有{len(open_)}项到期目标没有结果：" + "，".join(words) + "（见“未能评分的目标”）。") if zh else
                   (f"{len(open_)} more targets are due without an outcome: " + ", ".join(words) + "."))
    return out


def answer_page(final: pd.DataFrame, *, lang: str = "zh", figsize: tuple[float, float] = (8.27, 11.69)):
    """The first page of the final evaluation in the printed briefing: the title, the illustrative stamp when any
    outcome rests on illustrative data, and the answer (:func:`messages`). Returns ``(figure, top)``: the table
    (:func:`for_print`, with :func:`table_note`) is drawn below ``top`` by :func:`kpi.present.briefing.draw_table`."""
    import matplotlib.pyplot as plt

    from kpi.present import charts, style

    zh = check_lang(lang) == 0
    fig = plt.figure(figsize=figsize)
    fig.text(0.06, 0.965, title(lang), fontsize=15, va="top")
    fig.text(0.06, 0.94, "盐开发〔2022〕4号 · 2022年和2025年目标" if zh else "Plan 盐开发〔2022〕4号 · the 2022 and 2025 targets",
             fontsize=8.5, color="#555", va="top")
    y = 0.918
    msgs = messages(final, lang=lang)
    if is_illustrative(final):
        warn = msgs.pop(0)
        fig.text(0.06, y, "\n".join(charts.wrap(warn, 96)), fontsize=8.5, color="white", va="top",
                 bbox={"boxstyle": "round,pad=0.4", "fc": style.COLORS["stamp"], "ec": "none"})
        y -= 0.045
    for k, msg in enumerate(msgs, start=1):
        lines = charts.wrap(msg, 100 if zh else 110)
        fig.text(0.06, y, f"{k}.", fontsize=9.2, va="top")
        fig.text(0.085, y, "\n".join(lines), fontsize=9.2, va="top", linespacing=1.4)
        y -= 0.0165 * len(lines) + 0.008
    return fig, y - 0.01


def table_note(final: pd.DataFrame, *, lang: str = "zh") -> str:
    """How the revision risk is measured, and what reaching an 'about' target means (printed under the table)."""
    q = round(100 * final.attrs.get("quantile", 0.9))
    if check_lang(lang) == 0:
        return ("修订风险：差额与该阶段通常的修订幅度相比（江苏统计年鉴2018–2023版实测：|首发值 − 最新版值| / 最新版值的"
                f"{q}%分位；尚待经济普查修订时取普查修订的幅度）；本身无年鉴版次的指标借用地区生产总值和增加值系列。"
                "“左右”目标达到目标值的95%即视为实现。")
    return ("Revision risk: the margin against the usual revision at the value's stage, measured in the Jiangsu "
            f"yearbook editions 2018–2023 (the {q}th percentile of |first published − latest| / latest; census "
            "revisions where a census is still to come); series without editions of their own borrow those of GDP "
            "and value added. An 'about' target counts as reached from 95% of it.")


#: Column widths of the printed table (characters).
PRINT_WIDTHS = {"说明": 44, "Why": 50, "指标": 16, "Target": 20}
