"""The printable briefing: ``reports/briefing.pdf`` (dashboard, key fan charts, summary table, in Chinese).

Built with matplotlib's PDF backend (fonts embedded, fixed metadata), so it needs
nothing beyond the Python install and gives the same file for the same inputs.

Examples
--------
>>> KEY_INDICATORS[:2]
['gdp', 'va_industry_above_scale']
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import pandas as pd

from kpi.core.labels import VERDICTS
from kpi.present import charts, style

if TYPE_CHECKING:  # the PDF backend (with fontTools) is imported only when a PDF is written
    from matplotlib.backends.backend_pdf import PdfPages

KEY_INDICATORS = ["gdp", "va_industry_above_scale", "sales_leading_industries", "hightech_firms",
                  "share_nonfossil_energy", "trade_total"]
A4 = (8.27, 11.69)


def headline(d: dict[str, pd.DataFrame], *, scenario: str = "baseline", lang: str = "zh") -> str:
    """A short markdown summary: how many targets are on track, at risk, off track; the data caveat."""
    card = d["card"][d["card"].scenario == scenario]
    counts = card["verdict"].value_counts()
    i = 0 if lang == "zh" else 1
    parts = [f"{VERDICTS[k][i]} {int(counts[k])}" for k in VERDICTS if k in counts]
    illustrative = card["data_basis"].astype(str).str.contains("illustrative").any()
    if lang == "zh":
        text = f"**{len(card)} 项目标**（情景：{scenario}）：" + "，".join(parts) + "。"
        if illustrative:
            text += "\n\n> **示例数据 / Illustrative data**：经开区自身的统计序列尚无公开的机器可读数据，部分结论基于示例数据，仅用于演示方法。"
    else:
        text = f"**{len(card)} targets** (scenario: {scenario}): " + ", ".join(parts) + "."
        if illustrative:
            text += ("\n\n> **示例数据 / Illustrative data**: the zone's own series are not published in machine-readable "
                     "form; conclusions drawn from illustrative series demonstrate the method only.")
    return text


def _save_page(pdf: PdfPages, fig) -> None:
    """Save an A4 page as drawn: no tight bounding box (one layout pass, and the page stays A4)."""
    with plt.rc_context({"savefig.bbox": "standard"}):
        pdf.savefig(fig)


def _text_page(pdf: PdfPages, title: str, lines: list[str], *, warn: str | None = None) -> None:
    fig = plt.figure(figsize=A4)
    fig.text(0.08, 0.93, title, fontsize=17)
    y = 0.88
    if warn:
        fig.text(0.08, y, warn, fontsize=10, color="white", wrap=True,
                 bbox={"boxstyle": "round,pad=0.5", "fc": style.COLORS["stamp"], "ec": "none"})
        y -= 0.06
    for line in lines:
        fig.text(0.08, y, line, fontsize=10.5, wrap=True)
        y -= 0.032
    _save_page(pdf, fig)
    plt.close(fig)


def _table_pages(pdf: PdfPages, table: pd.DataFrame, title: str, *, rows_per_page: int = 36) -> None:
    for start in range(0, max(len(table), 1), rows_per_page):
        chunk = table.iloc[start:start + rows_per_page]
        fig = plt.figure(figsize=A4)
        fig.text(0.05, 0.955, title + (f"（续 {start // rows_per_page + 1}）" if start else ""), fontsize=14)
        ax = fig.add_axes([0.03, 0.03, 0.94, 0.9])
        ax.axis("off")
        cells = [[("" if (isinstance(v, float) and math.isnan(v)) else str(v))[:28] for v in row]
                 for row in chunk.itertuples(index=False)]
        tab = ax.table(cellText=cells or [[""] * len(chunk.columns)], colLabels=list(chunk.columns), loc="upper center",
                       cellLoc="left", colLoc="left")
        tab.auto_set_font_size(False)
        tab.set_fontsize(7.2)
        tab.scale(1, 1.35)
        for (r, c), cell in tab.get_celld().items():
            cell.set_edgecolor("#d0d4da")
            if r == 0:
                cell.set_facecolor("#1f3b73")
                cell.get_text().set_color("white")
        widths = [max(charts.text_width(str(h)), *(charts.text_width(r[c]) for r in cells)) + 2 for c, h in enumerate(chunk.columns)]
        for (r, c), cell in tab.get_celld().items():
            cell.set_width(widths[c] / sum(widths))
        _save_page(pdf, fig)
        plt.close(fig)


#: Verdicts listed by name only in the printed briefing (nothing to score: no data, or a qualitative target).
UNSCORED = ("no_data", "qualitative")


def split_for_print(card: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """The targets the printed summary table shows, and the others grouped by verdict.

    The table holds every target with a verdict from data (reached, missed, on track, at risk, off track,
    insufficient data); targets without data and qualitative targets are listed by clause and name on a page
    of their own, so that every target appears once and the table stays a few pages long.

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
              meta: dict[str, str] | None = None) -> Path:
    """Write the printable briefing to ``path``: summary page, dashboard, key fan charts, summary table."""
    from matplotlib.backends.backend_pdf import PdfPages

    from kpi.present import views

    style.use_house_style()
    path = Path(path)
    card = d["card"][d["card"].scenario == scenario]
    illustrative = card["data_basis"].astype(str).str.contains("illustrative").any()
    pdfmeta = {"Title": "盐城经开区2025年目标实现评估简报", "Author": "kpi", **style.SAVE_METADATA["pdf"]}
    with PdfPages(path, metadata=pdfmeta) as pdf:
        lines = headline(d, scenario=scenario, lang=lang).replace("**", "").replace("> ", "").split("\n")
        lines = [ln for ln in lines if ln.strip()]
        extra = [f"{k}：{v}" for k, v in (meta or {}).items()]
        _text_page(pdf, "盐城经济技术开发区 2025年目标实现可能性评估" if lang == "zh" else
                   "Yancheng ETDZ: will the 2025 targets be met?", [lines[0], ""] + extra,
                   warn=lines[1] if illustrative and len(lines) > 1 else None)
        fig = charts.scorecard_chart(card, lang=lang)
        pdf.savefig(fig)
        plt.close(fig)
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
        scored, rest = split_for_print(card)
        _table_pages(pdf, views.card_table(d, scenario=scenario, lang=lang, ids=scored.index),
                     "目标评估汇总" if lang == "zh" else "Summary of the scored targets")
        if rest:
            _list_page(pdf, rest, lang=lang)
    return path
