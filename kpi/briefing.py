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

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.backends.backend_pdf import PdfPages  # noqa: E402

from kpi import charts, style  # noqa: E402

KEY_INDICATORS = ["gdp", "va_industry_above_scale", "sales_leading_industries", "hightech_firms",
                  "share_nonfossil_energy", "trade_total"]
A4 = (8.27, 11.69)


def headline(d: dict[str, pd.DataFrame], *, scenario: str = "baseline", lang: str = "zh") -> str:
    """A short markdown summary: how many targets are on track, at risk, off track; the data caveat."""
    from kpi.assess import VERDICTS

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


def _text_width(text: str) -> int:
    """Display width: CJK characters count double."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _table_pages(pdf: PdfPages, table: pd.DataFrame, title: str, *, rows_per_page: int = 30) -> None:
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
        widths = [max(_text_width(str(h)), *(_text_width(r[c]) for r in cells)) + 2 for c, h in enumerate(chunk.columns)]
        for (r, c), cell in tab.get_celld().items():
            cell.set_width(widths[c] / sum(widths))
        _save_page(pdf, fig)
        plt.close(fig)


def write_pdf(path: Path, d: dict[str, pd.DataFrame], *, scenario: str = "baseline", lang: str = "zh",
              meta: dict[str, str] | None = None) -> Path:
    """Write the printable briefing to ``path``: summary page, dashboard, key fan charts, summary table."""
    from kpi import views

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
                tgt = views.main_target(d, ind, scenario=scenario)
                kw = {}
                if tgt is not None:
                    kw = dict(target=float(tgt.target_value), target_year=int(tgt.target_year),
                              direction=str(tgt.direction),
                              probability=float(tgt.probability) if pd.notna(tgt.probability) else None)
                proj = views.projection(d, ind, scenario=scenario)
                charts.fan_chart(views.series(d, ind), proj if not proj.empty else None, indicator=ind, lang=lang,
                                 ax=ax, **kw)
            for ax in axes[len(inds[k:k + 2]):]:
                ax.axis("off")
            fig.tight_layout(pad=2.0)
            _save_page(pdf, fig)
            plt.close(fig)
        _table_pages(pdf, views.card_table(d, scenario=scenario, lang=lang),
                     "目标评估汇总" if lang == "zh" else "Summary of all targets")
    return path
