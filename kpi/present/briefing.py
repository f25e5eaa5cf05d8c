"""The printable briefing: ``reports/briefing.pdf``, and the words of the HTML briefing (``notebooks/08_briefing``).

The briefing leads with the answer. Once a target year is over, the final evaluation comes first
(:mod:`kpi.present.final_report`: what was reached and missed, by how much, on which data, and which outcomes a
revision could still flip). Then a page that holds the key messages in plain words with their numbers
(:func:`key_messages`: the headline GDP target's projected level, band, probability and the growth it needs; how
the 2025 targets stand; the outcomes already observed; the relative targets; where the leading-industry gap comes
from), the data basis stated plainly (:func:`data_basis_line`: how many verdicts rest on official data), then the
headline targets. Then the 指标完成情况表 (:func:`kpi.model.completion.completion_table`), the observed outcomes
apart from the probabilities of future events, the gap decomposition (原因分析), the probability dashboard, the key
fan charts, and the targets without a score. Every table is printed whole: long cells wrap, nothing is cut.

Built with matplotlib's PDF backend (fonts embedded, fixed metadata), so it needs nothing beyond the Python install
and gives the same file for the same inputs.

Examples
--------
>>> KEY_INDICATORS[:2]
['gdp', 'va_industry_above_scale']
>>> pct(0.5168), pct(float("nan"))
('52%', '—')
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import pandas as pd

from kpi.core import labels
from kpi.core.labels import VERDICTS
from kpi.inputs import units
from kpi.model.assessment import fmt
from kpi.model.scenarios import load_scenario
from kpi.present import charts, style

if TYPE_CHECKING:  # the PDF backend (with fontTools) is imported only when a PDF is written
    from matplotlib.backends.backend_pdf import PdfPages

KEY_INDICATORS = ["gdp", "va_industry_above_scale", "sales_leading_industries", "hightech_firms",
                  "share_nonfossil_energy", "trade_total"]
A4 = (8.27, 11.69)
A4_LANDSCAPE = (11.69, 8.27)
#: Clauses of the plan's headline targets (section 二: 目标定位), shown on page 1.
HEADLINE_CLAUSES = ("二", "二(一)", "二(二)", "二(三)", "二(四)")
#: Verdicts that rest on data: observed outcomes, conditions so far, probabilities.
SCORED = labels.OUTCOME_VERDICTS + labels.SO_FAR_VERDICTS + labels.PROBABILITY_VERDICTS


def pct(value: float, digits: int = 0) -> str:
    """A share as a percentage (``—`` when unknown)."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        return "—"
    return "—" if math.isnan(v) else f"{100 * v:.{digits}f}%"


def _num(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def _unit(u, lang: str) -> str:
    return units.label(str(u), lang) if isinstance(u, str) and u else ""


def _own(card: pd.DataFrame, scenario: str) -> pd.DataFrame:
    """One scenario's rows, components left out (they make up a total and are not counted on their own)."""
    sub = card[card["scenario"] == scenario] if "scenario" in card.columns else card
    if "component_of" in sub.columns:
        sub = sub[sub["component_of"].isna() | (sub["component_of"].astype(str).isin(["", "nan"]))]
    return sub


def headline(d: dict[str, pd.DataFrame], *, scenario: str = "baseline", lang: str = "zh") -> str:
    """A short markdown summary: targets by verdict (components apart), and the illustrative-data caveat."""
    full = d["card"][d["card"].scenario == scenario]
    card = _own(d["card"], scenario)
    n_parts = len(full) - len(card)
    counts = card["verdict"].value_counts()
    i = 0 if lang == "zh" else 1
    parts = [f"{VERDICTS[k][i]} {int(counts[k])}" for k in VERDICTS if k in counts]
    illustrative = card["data_basis"].astype(str).str.contains("illustrative").any()
    try:
        shown = load_scenario(scenario).title(lang)
    except (ValueError, OSError):  # a scenario passed by name only, without its file
        shown = scenario
    if lang == "zh":
        text = (f"**{len(card)} 项目标**（另有 {n_parts} 项为其组成部分，不单独计数；情景：{shown}）："
                + "，".join(parts) + "。")
        if illustrative:
            text += "\n\n> **示例数据 / Illustrative data**：经开区自身的统计序列尚无公开的机器可读数据，部分结论基于示例数据，仅用于演示方法。"
    else:
        text = (f"**{len(card)} targets** ({n_parts} more rows are components of a total, not counted on their own; "
                f"scenario: {shown}): " + ", ".join(parts) + ".")
        if illustrative:
            text += ("\n\n> **示例数据 / Illustrative data**: the zone's own series are not published in machine-readable "
                     "form; conclusions drawn from illustrative series demonstrate the method only.")
    return text


def data_basis_counts(card: pd.DataFrame, *, scenario: str = "baseline") -> dict[str, int]:
    """How many verdicts resting on data (outcomes, conditions so far, probabilities) rest on each status.

    A row whose series mixes statuses counts under its weakest one (``mixed (illustrative weakest)`` counts as
    illustrative)."""
    sub = _own(card, scenario)
    sub = sub[sub["verdict"].isin(SCORED)]
    out = {s: 0 for s in labels.STATUSES}
    for basis in sub["data_basis"].astype(str):
        m = re.search(r"\((\w+) weakest\)", basis)
        key = m.group(1) if m else basis
        out[key] = out.get(key, 0) + 1
    out["total"] = int(len(sub))
    return out


def data_basis_line(card: pd.DataFrame, *, scenario: str = "baseline", lang: str = "zh") -> str:
    """The data basis in one plain sentence: how many verdicts rest on official data, and on what the rest rest."""
    c = data_basis_counts(card, scenario=scenario)
    if lang == "zh":
        return (f"数据基础：{c['total']} 项有数据的判断中，{c['official']} 项基于正式统计数据，{c['preliminary']} 项基于"
                f"初步数据（公开报道的官方数字），{c['estimate']} 项基于估计，{c['illustrative']} 项基于示例数据（非官方统计，"
                "仅演示方法）。")
    return (f"Data basis: of {c['total']} verdicts that rest on data, {c['official']} rest on official statistics, "
            f"{c['preliminary']} on preliminary figures (published official numbers), {c['estimate']} on estimates and "
            f"{c['illustrative']} on illustrative data (not official statistics; they demonstrate the method only).")


def _row_of(card: pd.DataFrame, indicator: str, *, kind: str = "level") -> pd.Series | None:
    sub = card[(card["indicator"] == indicator) & (card["kind"] == kind) & card["target_value"].notna()]
    return None if sub.empty else sub.sort_values("target_year").iloc[-1]


def _name(r, lang: str) -> str:
    return str(r["name_zh"] if lang == "zh" else r["name_en"])


def key_messages(card: pd.DataFrame, *, history: pd.DataFrame | None = None, scenario: str = "baseline",
                 lang: str = "zh") -> list[str]:
    """The answer first: three to five messages in plain words, each with its numbers.

    1. the headline GDP target: latest value, projected level and 80 % band, probability, growth needed vs recent;
    2. how the 2025 targets of section 二 stand (on track / at risk / off track, by name);
    3. the outcomes already observed (targets whose year has data), reached and missed;
    4. the relative targets (growth against the city and the province), where data exist;
    5. where the leading-industry gap comes from (原因分析).

    Parameters
    ----------
    card : DataFrame
        The scorecard (all scenarios or one).
    history : DataFrame, optional
        The selected history (for the gap decomposition; default :func:`kpi.load_history`).
    """
    from kpi.model import coherence

    zh = lang == "zh"
    sub = _own(card, scenario)
    msgs: list[str] = []
    g = _row_of(sub, "gdp")
    if g is not None and pd.notna(g.get("proj_median")):
        u = _unit(g["unit"], lang)
        if zh:
            msgs.append(f"地区生产总值：目标{int(g['target_year'])}年超{fmt(g['target_value'])}{u}。{int(g['latest_year'])}年为"
                        f"{fmt(g['latest_value'])}{u}，预计{int(g['target_year'])}年约{fmt(g['proj_median'])}{u}（80%区间 "
                        f"{fmt(g['proj_lower_80'])}–{fmt(g['proj_upper_80'])}），达到目标的概率约{pct(g['probability'])}"
                        f"（{VERDICTS[g['verdict']][0]}）；需增长{_num(g['required_rate']):.1f}%，而近三年年均增长"
                        f"{_num(g['hist_rate_3y']):.1f}%。")
        else:
            msgs.append(f"GDP: target over {fmt(g['target_value'])} {u} by {int(g['target_year'])}. It was "
                        f"{fmt(g['latest_value'])} in {int(g['latest_year'])}; the projection for {int(g['target_year'])} "
                        f"is {fmt(g['proj_median'])} (80% band {fmt(g['proj_lower_80'])}–{fmt(g['proj_upper_80'])}), "
                        f"a {pct(g['probability'])} probability of reaching the target ({VERDICTS[g['verdict']][1]}); "
                        f"it needs {_num(g['required_rate']):.1f}% growth against {_num(g['hist_rate_3y']):.1f}% a "
                        "year over the last three years.")
    head = sub[sub["clause"].astype(str).isin(HEADLINE_CLAUSES) & sub["verdict"].isin(labels.PROBABILITY_VERDICTS)
               & (sub["target_year"] == sub["target_year"].max())]
    if len(head):
        by = {v: head[head["verdict"] == v] for v in labels.PROBABILITY_VERDICTS}

        def names(frame, n=4):
            items = [f"{_name(r, lang)}（{pct(r['probability'])}）" if zh else f"{_name(r, lang)} ({pct(r['probability'])})"
                     for _, r in frame.sort_values("probability", ascending=False).head(n).iterrows()]
            more = len(frame) - n
            return ("、".join(items) + (f"等{len(frame)}项" if more > 0 else "")) if zh else \
                (", ".join(items) + (f" and {more} more" if more > 0 else ""))

        year = int(head["target_year"].max())
        if zh:
            parts = [f"{VERDICTS[v][0]}{len(f)}项" + (f"：{names(f)}" if len(f) else "") for v, f in by.items()]
            msgs.append(f"文件第二部分的{year}年目标（{len(head)}项可预测）：" + "；".join(parts) + "。")
        else:
            parts = [f"{len(f)} {VERDICTS[v][1]}" + (f": {names(f)}" if len(f) else "") for v, f in by.items()]
            msgs.append(f"The {year} targets of section 二 that can be projected ({len(head)}): " + "; ".join(parts) + ".")
    done = sub[sub["verdict"].isin(labels.OUTCOME_VERDICTS) & sub["basis_year"].notna()]
    # due: the target year is within the data (a target reached early, before its year, is not yet due)
    done = done[done["target_year"] <= sub["basis_year"].max()] if len(done) else done
    if len(done):
        hit, miss = done[done["verdict"] == "reached"], done[done["verdict"] == "missed"]

        def listing(frame, n=5):
            items = [f"{_name(r, lang)}（{fmt(r['basis_value'])}{_unit(r['unit'], lang)}，{int(r['basis_year'])}年）" if zh
                     else f"{_name(r, lang)} ({fmt(r['basis_value'])} in {int(r['basis_year'])})"
                     for _, r in frame.head(n).iterrows()]
            more = len(frame) - n
            return ("、".join(items) + (f"等{len(frame)}项" if more > 0 else "")) if zh else \
                (", ".join(items) + (f" and {more} more" if more > 0 else ""))
        if zh:
            msgs.append(f"已到期且有数据的目标（{len(done)}项）：已实现{len(hit)}项" + (f"（{listing(hit)}）" if len(hit) else "")
                        + f"，未实现{len(miss)}项" + (f"（{listing(miss)}）" if len(miss) else "") + "。")
        else:
            msgs.append(f"Targets whose year has passed and has data ({len(done)}): {len(hit)} reached"
                        + (f" ({listing(hit)})" if len(hit) else "") + f", {len(miss)} missed"
                        + (f" ({listing(miss)})" if len(miss) else "") + ".")
    rel = sub[(sub["kind"] == "relative") & sub["verdict"].isin(labels.SO_FAR_VERDICTS + labels.OUTCOME_VERDICTS)]
    if len(rel):
        r = rel.iloc[0]
        text = str(r.get("reason_zh" if zh else "reason") or "")
        text = text.split("；全国：")[0] if zh else text
        first = text.split("：", 1)[-1] if zh else text.split(": ", 1)[-1]
        first = first[:220] + ("…" if len(first) > 220 else "")
        if zh:
            msgs.append(f"相对目标“{_name(r, 'zh')}”：{VERDICTS[r['verdict']][0]}。{first}")
        else:
            msgs.append(f"Relative target '{_name(r, 'en')}': {VERDICTS[r['verdict']][1]}. {first.split('; china:')[0]}")
    try:
        gaps = coherence.gap_decomposition(card, history=history, scenario=scenario)
    except ValueError:
        gaps = None
    if gaps is not None and len(gaps) > 1:
        parts = gaps.iloc[:-1].sort_values("gap", ascending=False)
        tot = gaps.iloc[-1]
        top = parts.iloc[0]
        seen = bool(gaps.attrs.get("observed"))
        if zh:
            msgs.append(f"原因分析：三个产业{int(gaps.attrs['target_year'])}年{'实际值' if seen else '预测中位数'}之和约"
                        f"{fmt(tot['proj_median'])}亿元（总量自身{'实际' if seen else '预测'}约"
                        f"{fmt(gaps.attrs['total_median'])}亿元），"
                        f"距{fmt(gaps.attrs['target'])}亿元差约{fmt(tot['gap'])}亿元；按{int(top['base_year'])}年结构，缺口的"
                        f"{pct(top['gap_share'])}来自{top['name_zh'].replace('销售', '')}（" +
                        "，".join(f"{p['name_zh'].replace('销售', '')} {fmt(p['gap'])}" for _, p in parts.iterrows()) + "）。")
        else:
            msgs.append(f"Where the gap comes from: the three leading industries' "
                        f"{'observed values' if seen else 'projected medians'} add up to about "
                        f"{fmt(tot['proj_median'])} in {int(gaps.attrs['target_year'])} (the total's own "
                        f"{'value' if seen else 'projection'}: "
                        f"{fmt(gaps.attrs['total_median'])}), {fmt(tot['gap'])} short of "
                        f"{fmt(gaps.attrs['target'])}; at their {int(top['base_year'])} shares, {pct(top['gap_share'])} of the "
                        f"gap is {top['name_en'].replace('Sales, ', '')} (" +
                        ", ".join(f"{p['name_en'].replace('Sales, ', '')} {fmt(p['gap'])}" for _, p in parts.iterrows()) + ").")
    return msgs[:5]


# ── tables for print ─────────────────────────────────────────────────────────────────────────────────────────────

def _target_text(r, lang: str) -> str:
    v = _num(r.get("target_value"))
    if math.isnan(v):
        return ""
    u = _unit(r.get("unit"), lang)
    return f"{labels.symbol(r.get('direction'))}{fmt(v)}{u if lang == 'zh' else (' ' + u if u else '')}"


def _rate_text(v, unit) -> str:
    """A yearly rate: ``8.0%`` (compound growth), ``+0.75pp`` (a share), ``+25`` (units of a count a year)."""
    v = _num(v)
    if math.isnan(v):
        return "—"
    unit = str(unit or "")
    if unit.startswith("%"):
        return f"{v:.1f}%"
    if unit.startswith("pp"):
        return f"{v:+.2f}pp"
    return f"{v:+.3g}"


def headline_table(card: pd.DataFrame, *, scenario: str = "baseline", lang: str = "zh") -> pd.DataFrame:
    """Page 1's table: the headline targets of section 二 with their latest value, ρ, τ, probability and verdict."""
    zh = lang == "zh"
    sub = _own(card, scenario)
    sub = sub[sub["clause"].astype(str).isin(HEADLINE_CLAUSES) & sub["verdict"].isin(SCORED)
              & (sub["kind"] != "relative")]
    rows = []
    for _, r in sub.iterrows():
        by = f"{int(r['basis_year'])}" if pd.notna(r.get("basis_year")) else ""
        rows.append({
            ("指标" if zh else "Target"): _name(r, lang),
            ("目标" if zh else "Target value"): _target_text(r, lang) + (f"（{int(r['target_year'])}）" if zh else
                                                                      f" ({int(r['target_year'])})"),
            ("依据值（年份）" if zh else "Value (year)"): f"{fmt(_num(r.get('basis_value')))} ({by})" if by else "—",
            ("完成率ρ" if zh else "ρ"): pct(r.get("rho")),
            ("时间进度τ" if zh else "τ"): pct(r.get("tau")),
            ("实现概率" if zh else "Probability"): pct(r.get("probability")) if r["verdict"] in
            labels.PROBABILITY_VERDICTS else "—",
            ("判断" if zh else "Verdict"): VERDICTS[r["verdict"]][0 if zh else 1],
            ("数据" if zh else "Data"): labels.label(labels.STATUSES, _weakest(r.get("data_basis")), lang),
        })
    return pd.DataFrame(rows)


def _weakest(basis) -> str:
    m = re.search(r"\((\w+) weakest\)", str(basis))
    return m.group(1) if m else str(basis)


def completion_for_print(table: pd.DataFrame, *, lang: str = "zh") -> pd.DataFrame:
    """The 指标完成情况表 as printed: localised headers, numbers as people read them, percentages as %."""
    zh = lang == "zh"
    years = [c for c in table.columns if str(c).isdigit()]
    rows = []
    for _, r in table.iterrows():
        flows = r.get("kind") in ("cumulative", "average")
        row = {("条款" if zh else "Clause"): r["clause"],
               ("指标" if zh else "Target"): _name(r, lang) + (("（逐年新增）" if zh else " (yearly flow)") if flows else ""),
               ("目标" if zh else "Target"): _target_text(r, lang) + (f" ({int(r['target_year'])})"),
               ("基期值" if zh else "Base"): "—" if flows or pd.isna(r.get("base_value")) else
               f"{fmt(r['base_value'])} ({int(r['base_year'])})"}
        for y in years:
            row[y] = "" if pd.isna(r.get(y)) else fmt(float(r[y]))
        row[("完成率ρ" if zh else "ρ")] = pct(r.get("rho"))
        row[("年均 实际/要求" if zh else "Yearly: actual / required")] = (
            "—" if pd.isna(r.get("rate_since_base")) else
            f"{_rate_text(r['rate_since_base'], r.get('rate_unit'))} / {_rate_text(r.get('rate_required_from_base'), r.get('rate_unit'))}")
        row[("今后每年需" if zh else "Needed a year")] = _rate_text(r.get("required_rate"), r.get("rate_unit"))
        row[("时间进度τ" if zh else "τ")] = pct(r.get("tau"))
        kp = r.get("keeps_pace")
        kp = None if kp is None or (isinstance(kp, float) and math.isnan(kp)) else str(kp) in ("True", "true", "1")
        row[("时间过半任务过半" if zh else "Keeps pace (ρ≥τ)")] = "" if kp is None else (
            ("是" if kp else "否") if zh else ("yes" if kp else "no"))
        row[("判断" if zh else "Verdict")] = VERDICTS[r["verdict"]][0 if zh else 1] + (
            f" {pct(r['probability'])}" if r["verdict"] in labels.PROBABILITY_VERDICTS else "")
        row[("数据" if zh else "Data")] = labels.label(labels.STATUSES, _weakest(r.get("data_basis")), lang)
        rows.append(row)
    return pd.DataFrame(rows)


#: Bilingual headers of the completion table's columns in the workbook (numbers stay numbers there).
COMPLETION_HEADERS = {
    "clause": "条款 clause", "name_zh": "指标 target", "name_en": "target (English)", "indicator": "指标代码 indicator",
    "unit": "单位 unit", "kind": "类型 kind", "direction": "方向 direction", "target_value": "目标值 target",
    "target_year": "目标年份 target year", "required_total": "目标总量 total (累计/年均)", "base_year": "基期 base year",
    "base_value": "基期值 base value", "basis_year": "依据年份 basis year", "basis_value": "依据值 basis value",
    "margin": "差额 margin", "margin_pct": "差额% margin %", "rho": "完成率ρ completion",
    "rate_since_base": "年均 实际 actual a year", "rate_required_from_base": "年均 规划要求 required a year",
    "required_rate": "今后每年需 needed a year", "rate_unit": "速度单位 rate unit", "tau": "时间进度τ time",
    "keeps_pace": "时间过半任务过半 ρ≥τ", "midterm_class": "中期评估 mid-term class", "probability": "实现概率 probability",
    "verdict": "判断代码 verdict", "verdict_zh": "判断", "verdict_en": "verdict", "data_basis": "数据性质 data basis",
    "comparators": "比较 comparators", "responsible": "责任单位 responsible"}


def completion_for_sheet(table: pd.DataFrame) -> pd.DataFrame:
    """The completion table for the workbook: the same rows and numbers, bilingual headers, the id kept."""
    out = table.copy()
    out.insert(0, "代码 id", out.index)
    out.index = pd.RangeIndex(len(out))
    return out.rename(columns=COMPLETION_HEADERS)


def outcomes_for_print(card: pd.DataFrame, *, scenario: str = "baseline", lang: str = "zh") -> pd.DataFrame:
    """Observed outcomes and conditions observed so far — apart from probabilities of future events."""
    zh = lang == "zh"
    sub = _own(card, scenario)
    sub = sub[sub["verdict"].isin(labels.OUTCOME_VERDICTS + labels.SO_FAR_VERDICTS)]
    rows = []
    for _, r in sub.iterrows():
        margin = _num(r.get("margin"))
        mp = _num(r.get("margin_pct"))
        rel = r.get("kind") == "relative"
        if rel:
            basis = str(r.get("reason_zh") if zh else r.get("comparators") or "")
            basis = basis.split("：", 1)[-1] if zh else basis
        else:
            basis = str(r.get("reason_zh") if zh else r.get("reason") or "")
        rows.append({("条款" if zh else "Clause"): r["clause"], ("指标" if zh else "Target"): _name(r, lang),
                     ("目标" if zh else "Target"): (_target_text(r, lang) or ("相对目标" if zh else "relative"))
                     + f" ({int(r['target_year'])})",
                     ("判断" if zh else "Verdict"): VERDICTS[r["verdict"]][0 if zh else 1],
                     ("依据（年份）" if zh else "Rests on (year)"): "" if pd.isna(r.get("basis_value")) else
                     (f"{float(r['basis_value']):.1f}%" if rel or r.get("kind") == "growth" else fmt(r["basis_value"]))
                     + f" ({int(r['basis_year'])})",
                     ("差额" if zh else "Margin"): "" if math.isnan(margin) else
                     (f"{margin:+.1f}pp" if rel else f"{'+' if margin >= 0 else '−'}{fmt(abs(margin))}"
                      + ("" if math.isnan(mp) else f" ({mp:+.1f}%)")),
                     ("说明" if zh else "Basis and reason"): basis,
                     ("数据" if zh else "Data"): labels.label(labels.STATUSES, _weakest(r.get("data_basis")), lang)})
    return pd.DataFrame(rows)


def gaps_for_print(gaps: pd.DataFrame, *, lang: str = "zh") -> pd.DataFrame:
    """The gap decomposition (原因分析) as printed (of the observed values once the target year is observed)."""
    zh = lang == "zh"
    seen = bool(gaps.attrs.get("observed"))
    median = (f"{gaps.attrs.get('target_year')}年实际值" if zh else f"Observed {gaps.attrs.get('target_year')}") if seen \
        else ("预测中位数" if zh else "Projected median")
    rows = []
    for _, p in gaps.iterrows():
        rows.append({("产业" if zh else "Part"): p["name_zh" if zh else "name_en"],
                     (f"{int(p['base_year'])}年" if zh else f"{int(p['base_year'])}"): fmt(p["base_value"]),
                     ("结构" if zh else "Share"): pct(p["base_share"]),
                     ("按结构应达" if zh else "At its share of the target"): fmt(p["reference"]),
                     (f"{int(p['latest_year'])}年" if zh else f"{int(p['latest_year'])}"): fmt(p["latest_value"]),
                     median: fmt(p["proj_median"]),
                     ("缺口" if zh else "Gap"): fmt(p["gap"]),
                     ("占缺口" if zh else "Share of the gap"): pct(p["gap_share"]),
                     ("分产业目标" if zh else "Own target"): fmt(p["own_target"]),
                     ("距分产业目标" if zh else "Gap to own target"): fmt(p["own_gap"])})
    return pd.DataFrame(rows)


def other_plans_for_print(plans: pd.DataFrame, *, lang: str = "zh") -> pd.DataFrame:
    """The 其他规划 Other plans table: one row a further plan (not the default) — plan, period, base year, status,
    targets counted, and how many are reached, on track, at risk, off track, missed or not scored.

    ``plans`` is ``data/processed/plans.csv`` (:func:`kpi.model.plan_evaluation.plans_table`); empty when the
    build found no further plan folder. A draft or illustrative plan says so in its name and its status column.
    """
    zh = labels.check_lang(lang) == 0
    rows = []
    for _, p in plans[~plans["default"].astype(bool)].iterrows():
        def n(*codes: str) -> int:
            return int(sum(int(p[c]) for c in codes))

        rows.append({("规划" if zh else "Plan"): p["label_zh" if zh else "label_en"],
                     ("规划期" if zh else "Period"): f"{int(p['period_start'])}–{int(p['period_end'])}",
                     ("基期" if zh else "Base year"): str(int(p["base_year"])),
                     ("状态" if zh else "Status"): p["status_zh" if zh else "status_en"],
                     ("目标数" if zh else "Targets"): n("targets"),
                     ("已实现/保持" if zh else "Reached/holding"): n("reached", "holding"),
                     ("有望实现" if zh else "On track"): n("on_track"),
                     ("有风险" if zh else "At risk"): n("at_risk"),
                     ("难以实现/未实现/落后" if zh else "Off track/missed/lagging"): n("off_track", "missed", "lagging"),
                     ("未评分" if zh else "Not scored"): n("unscored")})
    return pd.DataFrame(rows)


def other_plans_note(plans: pd.DataFrame, *, lang: str = "zh") -> str:
    """What the 其他规划 table counts, and a warning when a plan in it is a draft or illustrative."""
    zh = labels.check_lang(lang) == 0
    others = plans[~plans["default"].astype(bool)]
    flagged = others[others["status"] != "official"]
    text = ("每个规划按其自身的基期、规划期和地区评估（基准情景）；各规划的记分卡见 data/processed/plans/<规划代码>/。"
            if zh else "Each plan is assessed with its own base year, period and region (baseline scenario); each "
            "plan's scorecard is in data/processed/plans/<plan id>/.")
    if len(flagged):
        names = "、".join(flagged["label_zh"]) if zh else "; ".join(flagged["label_en"])
        text += (f"注意：{names} 不是正式文件（草案或示例），其目标不是任何机构的正式目标。" if zh else
                 f" Note: {names} is not an official document (draft or illustrative): its targets are no one's "
                 "official targets.")
    return text


# ── drawing ──────────────────────────────────────────────────────────────────────────────────────────────────────

def _save_page(pdf: PdfPages, fig) -> None:
    """Save an A4 page as drawn: no tight bounding box (one layout pass, and the page stays A4)."""
    with plt.rc_context({"savefig.bbox": "standard"}):
        pdf.savefig(fig)


#: Resolution of a chart placed on a page as a picture (:func:`_chart_page`).
PAGE_CHART_DPI = 300


def _chart_page(pdf: PdfPages, fig) -> None:
    """Put a chart on an A4 portrait page: as drawn when it fits, else scaled down to fit the page (as a picture at
    :data:`PAGE_CHART_DPI`; the dashboard grows with the number of targets and its type sizes are in points, so
    scaling is the one way to keep its layout on the page)."""
    import io

    from PIL import Image

    w, h = fig.get_size_inches()
    if w <= A4[0] and h <= A4[1]:
        pdf.savefig(fig)
        plt.close(fig)
        return
    image = Image.open(io.BytesIO(charts.png_bytes(fig, dpi=PAGE_CHART_DPI)))
    page = plt.figure(figsize=A4)
    margin = 0.35  # inches
    box_w, box_h = A4[0] - 2 * margin, A4[1] - 2 * margin
    scale = min(box_w / (image.width / PAGE_CHART_DPI), box_h / (image.height / PAGE_CHART_DPI))
    iw, ih = image.width / PAGE_CHART_DPI * scale, image.height / PAGE_CHART_DPI * scale
    ax = page.add_axes([(A4[0] - iw) / 2 / A4[0], (A4[1] - margin - ih) / A4[1], iw / A4[0], ih / A4[1]])
    ax.imshow(image, interpolation="lanczos")
    ax.axis("off")
    _save_page(pdf, page)
    plt.close(page)


def _cells(frame: pd.DataFrame, max_width: int, widths: dict[str, int] | None = None) -> tuple[list[list[str]], list[int]]:
    """Every cell wrapped (nothing cut) and each column's display width."""
    widths = widths or {}
    cols = [str(c) for c in frame.columns]
    col_w = []
    for c in cols:
        content = [charts.text_width(str(v)) for v in frame[c].astype(str)] + [charts.text_width(c)]
        col_w.append(max(4, min(widths.get(c, max_width), max(content))))
    rows = []
    for rec in frame.astype(str).itertuples(index=False):
        rows.append(["\n".join(charts.wrap(v if v not in ("nan", "None") else "", w) or [""]) for v, w in zip(rec, col_w)])
    return rows, col_w


def draw_table(pdf: PdfPages, frame: pd.DataFrame, title: str, *, landscape: bool = False, note: str = "",
               max_width: int = 24, widths: dict[str, int] | None = None, fontsize: float = 7.0,
               first_page: tuple | None = None) -> int:
    """Print ``frame`` whole over as many pages as it needs: cells wrap, rows never split, headers repeat.

    ``first_page`` = ``(fig, top)`` draws the first part on an existing page below ``top`` (figure fraction); that
    page is saved (and closed) here too, before the pages that continue it. Returns the number of pages written.
    """
    header, col_w = _cells(pd.DataFrame(columns=frame.columns), max_width, widths)
    rows, col_w = _cells(frame, max_width, widths)
    head = ["\n".join(charts.wrap(str(c), w)) for c, w in zip(frame.columns, col_w)]
    size = A4_LANDSCAPE if landscape else A4
    line_in = fontsize * 1.45 / 72  # inches per text line
    pages, start, n = 0, 0, len(rows)
    while start < n or (n == 0 and pages == 0):
        if first_page is not None and pages == 0:
            fig, top = first_page
        else:
            fig = plt.figure(figsize=size)
            fig.text(0.04, 0.965, title + (("（续）" if re.search(r"[\u4e00-\u9fff]", title) else " (cont.)")
                                           if pages else ""), fontsize=13, va="top")
            top = 0.93
        bottom = 0.06 if not note else 0.09
        avail = (top - bottom) * size[1]
        head_lines = max(h.count("\n") + 1 for h in head) if head else 1
        used = head_lines * line_in + 0.08
        chunk = []
        while start + len(chunk) < n:
            lines = max(c.count("\n") + 1 for c in rows[start + len(chunk)])
            h = lines * line_in + 0.06
            if used + h > avail and chunk:
                break
            chunk.append(rows[start + len(chunk)])
            used += h
        total_w = sum(col_w)
        ax = fig.add_axes([0.03, bottom, 0.94, top - bottom])
        ax.axis("off")
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        y = 1.0
        heights = [head_lines * line_in + 0.08] + [max(c.count("\n") + 1 for c in r) * line_in + 0.06 for r in chunk]
        for k, cells in enumerate([head] + chunk):
            h = heights[k] / ((top - bottom) * size[1])
            x = 0.0
            for c, text in enumerate(cells):
                w = col_w[c] / total_w
                face = "#1f3b73" if k == 0 else ("#f5f7fa" if k % 2 == 0 else "white")
                ax.add_patch(plt.Rectangle((x, y - h), w, h, facecolor=face, edgecolor="#d0d4da", lw=0.4))
                ax.text(x + 0.004, y - h / 2, text, fontsize=fontsize, va="center", ha="left",
                        color="white" if k == 0 else "black", linespacing=1.25)
                x += w
            y -= h
        if note:
            fig.text(0.04, 0.03, "\n".join(charts.wrap(note, 190 if landscape else 130)), fontsize=6.8, va="bottom",
                     color="#444")
        _save_page(pdf, fig)
        plt.close(fig)
        pages += 1
        start += len(chunk)
        if n == 0:
            break
    return pages


def _first_page(pdf: PdfPages, card: pd.DataFrame, *, history, scenario: str, lang: str,
                meta: dict[str, str] | None, illustrative: bool) -> None:
    """Page 1: the answer (key messages), the data basis, then the headline targets."""
    zh = lang == "zh"
    fig = plt.figure(figsize=A4)
    fig.text(0.06, 0.965, "盐城经济技术开发区 2025年目标能否实现？" if zh else "Yancheng ETDZ: will the 2025 targets be met?",
             fontsize=16, va="top")
    built = [str(v).split(" ")[0] for k, v in (meta or {}).items() if "Built" in k or "生成" in k]
    sub = "盐开发〔2022〕4号 · 评估日期 " + " · ".join(built)
    fig.text(0.06, 0.937, sub if zh else "Plan 盐开发〔2022〕4号 · assessment", fontsize=8.5, color="#555", va="top")
    y = 0.915
    if illustrative:
        warn = ("示例数据：经开区自身的统计序列尚无公开的机器可读数据，以下多数判断基于示例数据，仅演示方法，不能作为正式结论。"
                if zh else "Illustrative data: the zone's own series are not published in machine-readable form; most "
                "verdicts below rest on illustrative data and demonstrate the method only.")
        fig.text(0.06, y, "\n".join(charts.wrap(warn, 96)), fontsize=8.5, color="white", va="top",
                 bbox={"boxstyle": "round,pad=0.4", "fc": style.COLORS["stamp"], "ec": "none"})
        y -= 0.045
    fig.text(0.06, y, "结论要点" if zh else "Key messages", fontsize=12.5, va="top")
    y -= 0.025
    for k, msg in enumerate(key_messages(card, history=history, scenario=scenario, lang=lang), start=1):
        lines = charts.wrap(msg, 100 if zh else 110)
        fig.text(0.06, y, f"{k}.", fontsize=9.2, va="top")
        fig.text(0.085, y, "\n".join(lines), fontsize=9.2, va="top", linespacing=1.4)
        y -= 0.0165 * len(lines) + 0.008
    basis = data_basis_line(card, scenario=scenario, lang=lang)
    lines = charts.wrap(basis, 100 if zh else 110)
    fig.text(0.06, y - 0.004, "\n".join(lines), fontsize=9.2, va="top", linespacing=1.4)
    y -= 0.0165 * len(lines) + 0.02
    fig.text(0.06, y, "主要目标（文件第二部分）" if zh else "Headline targets (section 二)", fontsize=11, va="top")
    y -= 0.015
    from kpi.model.completion import BASE_YEAR_NOTE

    draw_table(pdf, headline_table(card, scenario=scenario, lang=lang), "", max_width=30, fontsize=7.4,
               first_page=(fig, y), note=BASE_YEAR_NOTE[0 if zh else 1].split("时间过半")[0].split("Time progress")[0]
               + ("完整的指标完成情况表见后页；已到期目标的结果与未来概率分开列示。" if zh else
                  "The full completion table follows; observed outcomes are shown apart from probabilities."))


#: Verdicts listed by name only in the printed briefing (nothing to score: no data, or a qualitative target).
UNSCORED = ("no_data", "qualitative")


def split_for_print(card: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """The targets the printed tables show, and the others grouped by verdict.

    The tables hold every target with a verdict from data (reached, missed, met so far, on track, at risk, off
    track, insufficient data, watch); targets without data and qualitative targets are listed by clause and name
    on a page of their own, so that every target appears once.

    Examples
    --------
    >>> card = pd.DataFrame({"verdict": ["on_track", "no_data", "qualitative"]}, index=["a", "b", "c"])
    >>> table, rest = split_for_print(card)
    >>> list(table.index), {k: list(v.index) for k, v in rest.items()}
    (['a'], {'no_data': ['b'], 'qualitative': ['c']})
    """
    unscored = card["verdict"].isin(UNSCORED)
    return card[~unscored], {v: card[card["verdict"] == v] for v in UNSCORED if (card["verdict"] == v).any()}


def _list_page(pdf: PdfPages, groups: dict[str, pd.DataFrame], *, lang: str) -> None:
    """One page (more if needed) listing targets by clause and name, under a heading per verdict."""
    zh = lang == "zh"
    lines: list[tuple[str, bool]] = []  # (text, is_heading)
    for verdict, sub in groups.items():
        if lines:
            lines.append(("", True))
        lines.append((f"{VERDICTS[verdict][0 if zh else 1]}（{len(sub)}）" if zh else
                      f"{VERDICTS[verdict][1].capitalize()} ({len(sub)})", True))
        for r in sub.itertuples():
            text = f"{r.clause if isinstance(r.clause, str) else ''}  {r.name_zh if zh else r.name_en}"
            lines += [(("" if k == 0 else "    ") + ln, False) for k, ln in enumerate(charts.wrap(text, 48))]
    per_column, columns = 62, []
    for k in range(0, len(lines), per_column):
        columns.append(lines[k:k + per_column])
    title = "未能评分的目标 · 无数据与定性目标" if zh else "Targets without a score: no data, qualitative"
    for page, start in enumerate(range(0, max(len(columns), 1), 2)):
        fig = plt.figure(figsize=A4)
        fig.text(0.05, 0.955, title + (f"（续 {page + 1}）" if page else ""), fontsize=14)
        for c, col in enumerate(columns[start:start + 2]):
            x = 0.05 + 0.47 * c
            body = "\n".join(f"{'' if head else '  '}{text}" for text, head in col)
            fig.text(x, 0.925, body, fontsize=7.2, va="top", linespacing=1.55)
        _save_page(pdf, fig)
        plt.close(fig)


#: The A4 page of two fan charts: fixed margins (inches are the same on every page; no layout pass).
FAN_PAGE = {"left": 0.12, "right": 0.95, "bottom": 0.07, "top": 0.93, "hspace": 0.42}


def write_pdf(path: Path, d: dict[str, pd.DataFrame], *, scenario: str = "baseline", lang: str = "zh",
              meta: dict[str, str] | None = None, extra_pages=None) -> Path:
    """Write the printable briefing to ``path`` (pages in the order of the module docstring).

    ``extra_pages(pdf, stamp)``, if given, adds pages after the fan charts (the build passes the next-plan section,
    :func:`kpi.present.next_plan.pdf_section`); ``stamp`` is the illustrative mark for page titles."""
    from matplotlib.backends.backend_pdf import PdfPages

    from kpi.model import coherence
    from kpi.model.completion import BASE_YEAR_NOTE, completion_table
    from kpi.present import final_report, views

    style.use_house_style()
    zh = lang == "zh"
    path = Path(path)
    card_all = d["card"]
    card = card_all[card_all.scenario == scenario]
    history = d["history"]
    illustrative = card["data_basis"].astype(str).str.contains("illustrative").any()
    pdfmeta = {"Title": "盐城经开区2025年目标实现评估简报", "Author": "kpi", **style.SAVE_METADATA["pdf"]}
    stamp = ("  · 示例数据 illustrative" if illustrative else "")
    with PdfPages(path, metadata=pdfmeta) as pdf:
        final = final_report.from_tables(d, scenario=scenario)  # the final evaluation leads, when a target year is over
        if len(final):
            final_stamp = "  · 示例数据 illustrative" if final_report.is_illustrative(final) else ""
            draw_table(pdf, final_report.for_print(final, lang=lang), final_report.title(lang) + final_stamp,
                       max_width=34, widths=final_report.PRINT_WIDTHS, fontsize=6.6,
                       first_page=final_report.answer_page(final, lang=lang, figsize=A4),
                       note=final_report.table_note(final, lang=lang) + final_stamp)
        _first_page(pdf, card_all, history=history, scenario=scenario, lang=lang, meta=meta, illustrative=illustrative)
        table = completion_table(card_all, history, scenario=scenario)
        draw_table(pdf, completion_for_print(table, lang=lang), ("指标完成情况表" if zh else "Completion table") + stamp,
                   landscape=True, note=BASE_YEAR_NOTE[0 if zh else 1], max_width=26,
                   widths={"指标": 30, "Target": 34}, fontsize=6.6)
        draw_table(pdf, outcomes_for_print(card_all, scenario=scenario, lang=lang),
                   ("已有结果的目标：目标年份已有数据，或须全期保持的条件（迄今）" if zh else
                    "Observed outcomes, and conditions observed so far") + stamp, landscape=True, max_width=70,
                   widths={"说明": 80, "Basis and reason": 90, "指标": 24, "Target": 30}, fontsize=6.6,
                   note=("以上为已观测到的结果，不是概率；未来目标的实现概率见“概率”页。" if zh else
                         "These are observed results, not probabilities; the probabilities of future targets follow."))
        try:
            gaps = coherence.gap_decomposition(card_all, history=history, scenario=scenario)
        except ValueError:
            gaps = None
        if gaps is not None:
            ident = gaps.attrs.get("identity")
            note = (f"参照值 = 各产业{int(gaps['base_year'].iloc[0])}年占比 × 总目标 {fmt(gaps.attrs['target'])}亿元（各产业都按总量所需"
                    f"增速增长时应达的水平）；缺口 = 参照值 − {'实际值' if gaps.attrs.get('observed') else '预测中位数'}，"
                    "各产业缺口相加等于总缺口。" +
                    ("数据中三个产业之和等于三大主导产业销售。" if ident else "注意：数据中三个产业之和不等于总量。") +
                    f"分产业目标之和（{fmt(gaps['own_target'].iloc[:-1].sum())}）大于总目标（见一致性检查）。") if zh else (
                    "Reference = each industry's base-year share × the total target (where it would be if every part grew "
                    f"at the rate the total requires); gap = reference − "
                    f"{'observed value' if gaps.attrs.get('observed') else 'projected median'}; the parts' gaps add up to the "
                    "total's." + (" The three parts add up to the total in the data." if ident else
                                  " Warning: the parts do not add up to the total in the data."))
            draw_table(pdf, gaps_for_print(gaps, lang=lang), ("原因分析：三大主导产业销售缺口来自哪里" if zh else
                                                              "Where the leading-industry gap comes from") + stamp,
                       landscape=True, note=note, max_width=20, fontsize=8)
        plans = d["plans"]  # issue #15: every further plan folder, one row each (none: no page)
        if (~plans["default"].astype(bool)).any():
            flagged = (plans["status"] != "official").any()
            draw_table(pdf, other_plans_for_print(plans, lang=lang), ("其他规划" if zh else "Other plans")
                       + ("  · 含草案/示例规划 includes draft/illustrative plans" if flagged else "") + stamp,
                       landscape=True, note=other_plans_note(plans, lang=lang), max_width=40, fontsize=8)
        prob = card[card["verdict"].isin(labels.PROBABILITY_VERDICTS)]
        _chart_page(pdf, charts.scorecard_chart(prob if len(prob) else card, lang=lang))
        inds = views.drawable(d, KEY_INDICATORS)
        for k in range(0, len(inds), 2):
            fig, axes = plt.subplots(2, 1, figsize=A4)
            for ax, ind in zip(axes, inds[k:k + 2]):
                views.fan(d, ind, scenario=scenario, lang=lang, ax=ax)
            for ax in axes[len(inds[k:k + 2]):]:
                ax.axis("off")
            fig.subplots_adjust(**FAN_PAGE)
            _save_page(pdf, fig)
            plt.close(fig)
        if extra_pages is not None:  # issue #15: the next plan's odds and the tool's record (kpi.present.next_plan)
            extra_pages(pdf, stamp)
        _, rest = split_for_print(_own(card_all, scenario))
        if rest:
            _list_page(pdf, rest, lang=lang)
    return path
