"""Briefing charts in one house style, Chinese or English by a switch.

Every chart: whole-number year ticks, the unit on the axis, history solid and
projection dashed with its 80 %/95 % bands, the target marked, and a visible
"示例数据 / Illustrative data" stamp whenever illustrative data are drawn.
:func:`save` writes PNG (200 dpi) and SVG with fixed metadata, so the same
inputs give the same files.

Examples
--------
>>> import pandas as pd
>>> s = pd.Series([500.0, 520, 575, 610], index=[2018, 2019, 2020, 2021], name="gdp")
>>> proj = pd.DataFrame({"median": [640.0], "lower_80": [610.0], "upper_80": [670.0],
...                      "lower_95": [595.0], "upper_95": [690.0]}, index=[2022])
>>> fig = fan_chart(s, proj, target=800, target_year=2025, lang="en", illustrative=True)
>>> [t.get_text() for t in fig.axes[0].texts if "Illustrative" in t.get_text()] != []
True
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Iterable

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from kpi.core import labels
from kpi.core.labels import VERDICTS, check_lang, symbol
from kpi.inputs import registry, units
from kpi.model.assessment import probability_by_scenario
from kpi.present import style

TEXT = {
    "history": ("历史数据", "History"),
    "projection": ("趋势预测（中位数）", "Projection (median)"),
    "band80": ("80% 区间", "80% interval"),
    "band95": ("95% 区间", "95% interval"),
    "target": ("目标", "Target"),
    "required": ("实现目标所需路径", "Path the target requires"),
    "stamp": ("示例数据 / Illustrative data", "示例数据 / Illustrative data"),
    "stamp_note": ("图中含示例数据，非官方统计", "Contains illustrative data, not official statistics"),
    "year": ("年份", "Year"),
    "probability": ("实现目标的概率", "Probability of reaching the target"),
    "outcome": ("结果", "Outcome"),
    "observed": ("实际值", "observed"),
    "prob_axis": ("概率", "Probability"),
    "growth": ("名义增速（%）", "Nominal growth (%)"),
    "latest": ("最新", "latest"),
    "revision": ("各版年鉴数值（亿元）", "Value in each yearbook edition (100m yuan)"),
    "edition": ("年鉴版本", "Edition"),
    "count": ("目标个数", "Number of targets"),
    "scorecard": ("规划目标实现可能性总览", "The plan's targets: how likely are they to be met?"),
    "source": ("来源", "Source"),
}
def t(key: str, lang: str) -> str:
    """A UI string in ``lang``."""
    return TEXT[key][check_lang(lang)]


def indicator_label(indicator: str, lang: str, *, with_unit: bool = True) -> str:
    """The registry name of an indicator, with its unit, in ``lang``."""
    ind = registry.load_indicators()
    if indicator not in ind.index:
        return indicator
    row = ind.loc[indicator]
    name = row["name_zh"] if lang == "zh" else row["name_en"]
    unit = units.label(str(row["unit"]), lang)
    return f"{name}（{unit}）" if with_unit and lang == "zh" else (f"{name} ({unit})" if with_unit else name)


def stamp_illustrative(ax, lang: str, *, fontsize: float = 8.5) -> None:
    """Draw the visible illustrative-data stamp on ``ax`` (its label in ``fontsize`` points)."""
    ax.text(0.5, 0.5, t("stamp", lang), transform=ax.transAxes, fontsize=22, color=style.COLORS["stamp"],
            alpha=0.16, ha="center", va="center", rotation=18, zorder=0)
    # the label sits under the axis, at the right: never on the title, the legend or the data
    ax.annotate(t("stamp", lang), xy=(1.0, 0.0), xycoords="axes fraction", xytext=(0, -36),
                textcoords="offset points", fontsize=fontsize, color="white", ha="right", va="top",
                bbox={"boxstyle": "round,pad=0.25", "fc": style.COLORS["stamp"], "ec": "none"}, zorder=5)


def _fmt(v: float) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "—"
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:,.1f}" if abs(v) >= 10 else f"{v:,.2f}"


def fan_chart(history: pd.Series, projection: pd.DataFrame | None = None, *, target: float | None = None,
              target_year: int | None = None, direction: str = ">=", indicator: str | None = None,
              lang: str = "zh", illustrative: bool | None = None, title: str | None = None,
              statuses: dict | None = None, probability: float | None = None, outcome: str | None = None,
              ax=None):
    """Fan chart of one indicator: history, projection bands, target and the path it requires.

    Parameters
    ----------
    history : Series
        Observed values indexed by integer year (``.attrs['status']`` maps year → status if present).
    projection : DataFrame, optional
        Output of :func:`kpi.project` (``median``, ``lower_80``…).
    target, target_year, direction : optional
        The target to mark and to draw the required path to.
    probability : float, optional
        The probability of reaching the target, written under the title.
    outcome : {"reached", "missed"}, optional
        The observed outcome once the target year has data: written under the title in place of a probability
        (a finished target has a result, not odds).
    illustrative : bool, optional
        Force the stamp; by default it is drawn when any history point is illustrative.
    """
    style.use_house_style()
    check_lang(lang)
    indicator = indicator or str(history.name or "")
    statuses = statuses or history.attrs.get("status", {})
    if illustrative is None:
        illustrative = "illustrative" in set(statuses.values())
    if ax is None:
        fig, ax = plt.subplots(figsize=(7.2, 4.2))
    else:
        fig = ax.figure
    years = history.index.to_numpy(dtype=int)
    c = style.COLORS
    ax.plot(years, history.to_numpy(), color=c["history"], lw=2.2, marker="o", ms=4.5, label=t("history", lang),
            zorder=3)
    official = [y for y in years if statuses.get(int(y)) in ("official", "preliminary")]
    handles = [Line2D([], [], color=c["history"], lw=2.2, marker="o", ms=4.5, label=t("history", lang))]
    if projection is not None and not projection.empty:
        px = np.concatenate([[years[-1]], projection.index.to_numpy(dtype=int)])
        last = float(history.iloc[-1])
        for lvl, key in ((95, "band95"), (80, "band80")):
            lo, hi = f"lower_{lvl}", f"upper_{lvl}"
            if lo in projection:
                ax.fill_between(px, np.r_[last, projection[lo]], np.r_[last, projection[hi]], color=c[key],
                                lw=0, zorder=1)
                handles.append(Patch(color=c[key], label=t(key, lang)))
        ax.plot(px, np.r_[last, projection["median"]], color=c["projection"], lw=2, ls="--", zorder=4)
        handles.insert(1, Line2D([], [], color=c["projection"], lw=2, ls="--", label=t("projection", lang)))
    if target is not None and target_year is not None:
        ax.scatter([target_year], [target], marker="*", s=220, color=c["target"], zorder=6, edgecolor="white")
        sym = symbol(direction)
        ax.annotate(f"{t('target', lang)} {sym}{_fmt(target)}", (target_year, target), textcoords="offset points",
                    xytext=(-8, 10), ha="right", fontsize=9.5, color=c["target"])
        handles.append(Line2D([], [], marker="*", ls="", ms=12, color=c["target"], label=t("target", lang)))
        if target_year > years[-1]:
            ax.plot([years[-1], target_year], [history.iloc[-1], target], color=c["plan"], lw=1.2, ls=":", zorder=2)
            handles.append(Line2D([], [], color=c["plan"], lw=1.2, ls=":", label=t("required", lang)))
    lab_year = int(official[-1]) if official else int(years[-1])
    lab_val = float(history.loc[lab_year])
    ax.annotate(f"{lab_year}: {_fmt(lab_val)}", (lab_year, lab_val), textcoords="offset points", xytext=(0, -16),
                ha="center", fontsize=8.5, color=c["history"])
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(t("year", lang))
    ax.set_ylabel(indicator_label(indicator, lang))
    if title is None:
        title = indicator_label(indicator, lang, with_unit=False)
    sep = ": " if lang == "en" else "："
    if outcome is not None:
        note = f"{t('outcome', lang)}{sep}{labels.label(VERDICTS, outcome, lang)}" + (
            f" ({target_year} {t('observed', lang)})" if lang == "en" else f"（{target_year}年{t('observed', lang)}）")
    elif probability is not None and not math.isnan(probability):
        note = f"{t('probability', lang)}{sep}{probability:.0%}"
    else:
        note = None
    ax.set_title(title, loc="left", pad=18 if note else None)
    if note:
        ax.text(0.0, 1.01, note, transform=ax.transAxes, fontsize=9.5, color="#444", ha="left", va="bottom")
    lo, hi = ax.get_ylim()
    ax.set_ylim(min(lo, 0) if lo > 0 and lo < 0.15 * hi else lo, hi * 1.04)
    ax.legend(handles=handles, loc="upper left", ncol=2)
    if illustrative:
        stamp_illustrative(ax, lang)
    return fig


#: The dashboard's layout (inches, points): one column that reads at page width — its smallest text, shown at
#: body-text size, keeps it within :data:`kpi.present.style.PAGE_WIDTH_PX` (tests/test_charts.py checks).
DASHBOARD = {"width": 8.0, "font": 9.5, "name_columns": 36, "line": 0.165, "row_pad": 0.11, "area_row": 0.36}


def scorecard_chart(card: pd.DataFrame, *, lang: str = "zh", illustrative: bool | None = None, max_rows: int = 60):
    """The one-page dashboard, laid out to read at page width: every scored target's probability as a bar coloured
    by its verdict (name and target beside it, wrapped rather than cut), and under it the verdicts of all the
    targets counted by area.

    The figure is :data:`DASHBOARD` ``["width"]`` inches wide with no text under ``DASHBOARD["font"]`` points; it
    grows in height with the number of targets. More than ``max_rows`` scored targets are cut, and the title says
    how many are shown.
    """
    style.use_house_style()
    i = check_lang(lang)
    lay = DASHBOARD
    fs = lay["font"]
    scored = card[card["verdict"].isin(["reached", "missed", "on_track", "at_risk", "off_track"])].copy()
    scored["p"] = scored["probability"].astype(float)
    scored = scored.sort_values(["area", "p"], ascending=[True, False])
    total = len(scored)
    scored = scored.head(max_rows)
    if illustrative is None:
        illustrative = scored["data_basis"].astype(str).str.contains("illustrative").any()
    labels_ = [_target_label(r, lang, columns=lay["name_columns"]) for r in scored.itertuples()]
    heights = [lay["line"] * (lab.count("\n") + 1) + lay["row_pad"] for lab in labels_]
    counts = card.groupby(["area", "verdict"]).size().unstack(fill_value=0)
    order = [v for v in VERDICTS if v in counts.columns]
    counts = counts[order]
    top_in, bars_in = 0.75, max(sum(heights), 0.5)
    gap_in, counts_in, legend_in = 1.1, lay["area_row"] * max(len(counts), 1), 1.05
    height = top_in + bars_in + gap_in + counts_in + legend_in
    fig = plt.figure(figsize=(lay["width"], height))
    left, right = 0.40, 0.97  # the label column takes two fifths of the width

    def frac(y_in: float) -> float:
        return y_in / height

    ax = fig.add_axes([left, frac(legend_in + counts_in + gap_in), right - left, frac(bars_in)])
    edges = np.cumsum([0.0, *heights])
    ypos = bars_in - (edges[:-1] + edges[1:]) / 2  # row centres, first row on top
    colors = [style.VERDICT_COLORS.get(v, "#999") for v in scored["verdict"]]
    # an observed outcome (the target year has data) has a result, not odds: no bar, its verdict in words
    observed = scored["verdict"].isin(labels.OUTCOME_VERDICTS).to_numpy()
    scored.loc[observed, "p"] = np.nan
    ax.barh(ypos, scored["p"].fillna(0), color=colors, height=[0.62 * h for h in heights])
    seen = ("（实际值）", " (observed)")[i]
    for y, p, v, obs in zip(ypos, scored["p"], scored["verdict"], observed):
        label = VERDICTS[v][i] + (seen if obs else "")
        txt = f"{p:.0%}  {label}" if not math.isnan(p) else label
        if not math.isnan(p) and p > 0.72:
            ax.text(p - 0.02, y, txt, va="center", ha="right", fontsize=fs, color="white")
        else:
            ax.text((0 if math.isnan(p) else p) + 0.02, y, txt, va="center", fontsize=fs)
    ax.set_yticks(ypos, labels_, fontsize=fs, linespacing=1.25)
    ax.set_ylim(0, bars_in)
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
    ax.tick_params(labelsize=fs)
    ax.set_xlabel(t("probability", lang), fontsize=fs + 1)
    ax.axvline(0.7, color="#bbb", lw=0.8, ls="--")
    ax.axvline(0.3, color="#bbb", lw=0.8, ls="--")
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    shown = "" if total <= max_rows else (f"（显示前 {max_rows} 项，共 {total} 项）", f" (first {max_rows} of {total})")[i]
    fig.text(0.02, 1 - frac(0.3), t("scorecard", lang) + shown, fontsize=13, va="center")
    ax2 = fig.add_axes([left, frac(legend_in), right - left, frac(counts_in)])
    rows = np.arange(len(counts))[::-1]
    start = np.zeros(len(counts))
    for v in order:
        ax2.barh(rows, counts[v], left=start, color=style.VERDICT_COLORS.get(v, "#999"), label=VERDICTS[v][i],
                 height=0.65)
        start += counts[v].to_numpy()
    ax2.set_yticks(rows, [labels.label(labels.AREAS, a, lang) for a in counts.index], fontsize=fs)
    ax2.set_ylim(-0.6, len(counts) - 0.4)
    ax2.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax2.tick_params(labelsize=fs)
    ax2.set_xlabel(t("count", lang), fontsize=fs + 1)
    ax2.set_title(("各领域目标的判断（全部目标）", "Verdicts by area (every target)")[i], loc="left", fontsize=fs + 2)
    handles, names = ax2.get_legend_handles_labels()
    fig.legend(handles, names, loc="lower left", bbox_to_anchor=(0.02, frac(0.02)), ncol=4, fontsize=fs, frameon=False)
    ax2.grid(axis="y", visible=False)
    if illustrative:
        stamp_illustrative(ax, lang, fontsize=fs)
    return fig


def _target_label(r, lang: str, *, columns: int | None = None) -> str:
    """``name ≥value unit (year)`` in Chinese; in English a unit that starts with a number is bracketed and the
    year follows "by": ``Gross domestic product ≥800 (100 million yuan) by 2025``, not ``≥800 100 million yuan``.
    With ``columns`` the name is wrapped at that display width (CJK characters count two) and the target goes on a
    line of its own.

    Examples
    --------
    >>> from types import SimpleNamespace as NS
    >>> _target_label(NS(name_en="GDP", direction=">=", target_value=800.0, unit="亿元", target_year=2025), "en")
    'GDP  ≥800 (100 million yuan) by 2025'
    >>> _target_label(NS(name_zh="地区生产总值", direction=">=", target_value=800.0, unit="亿元", target_year=2025), "zh")
    '地区生产总值  ≥800亿元 (2025)'
    >>> print(_target_label(NS(name_zh="汽车、光伏、电子信息三大主导产业销售", direction=">=", target_value=2000.0,
    ...                        unit="亿元", target_year=2025), "zh", columns=20))
    汽车、光伏、电子信息
    三大主导产业销售
    ≥2,000亿元 (2025)
    >>> _target_label(NS(name_zh="地区生产总值", direction=">=", target_value=800.0, unit="亿元", target_year=2025),
    ...               "zh", columns=36)
    '地区生产总值  ≥800亿元 (2025)'
    >>> _target_label(NS(name_en="Income growth faster than GDP", direction=">", target_value=float("nan"), unit="%",
    ...                  target_year=2025), "en")  # a relative target has no number: said, never "nan"
    'Income growth faster than GDP  relative target by 2025'
    """
    value = f"{symbol(r.direction)}{_fmt(r.target_value)}"
    unit = units.label(str(r.unit), lang)
    if r.target_value is None or (isinstance(r.target_value, float) and math.isnan(r.target_value)):
        target = f"相对目标 ({int(r.target_year)})" if lang == "zh" else f"relative target by {int(r.target_year)}"
        name = r.name_zh if lang == "zh" else r.name_en
    elif lang == "zh":
        target = f"{value}{unit} ({int(r.target_year)})"
        name = r.name_zh
    else:
        unit = f"({unit})" if unit[:1].isdigit() else unit
        target = f"{value} {unit} by {int(r.target_year)}"
        name = r.name_en
    if columns is None:
        return f"{_short(name, 22 if lang == 'zh' else 40)}  {target}"
    lines = wrap(str(name), columns)
    if len(lines) > 2:  # two lines of name at most
        rest = (" " if lang == "en" else "").join(lines[1:])
        lines = [lines[0], _short(rest, columns // 2 if lang == "zh" else columns)]
    if text_width(f"{lines[-1]}  {target}") <= columns:
        return "\n".join([*lines[:-1], f"{lines[-1]}  {target}"])
    return "\n".join([*lines, target])


def text_width(text: str) -> int:
    """Display width: CJK characters count double."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


_TOKENS = re.compile(r"[\u2e80-\uffff]|[^\s\u2e80-\uffff]+\s*|\s+")


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` display columns (CJK characters count two).

    CJK text breaks between any two characters, other text between words; a word longer than a line is cut.

    Examples
    --------
    >>> wrap("新增高新技术企业", 8)
    ['新增高新', '技术企业']
    >>> wrap("new high-tech firms a year", 12)
    ['new', 'high-tech', 'firms a year']
    """
    lines, line = [], ""
    for token in _TOKENS.findall(text):
        while text_width(token) > width:  # a word longer than a line
            cut = max(k for k in range(1, len(token) + 1) if text_width(token[:k]) <= width)
            if line.strip():
                lines.append(line.rstrip())
            lines.append(token[:cut])
            line, token = "", token[cut:]
        if text_width((line + token).rstrip()) > width and line.strip():
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    return lines + ([line.rstrip()] if line.strip() else [])


def _short(text: str, n: int) -> str:
    """``text`` cut to ``n`` characters with an ellipsis, at a word boundary where there is one."""
    text = str(text)
    if len(text) <= n:
        return text
    cut = text[: n - 1]
    if " " in cut:
        cut = cut[: cut.rfind(" ")].rstrip(",;:(")
    return cut + "…"


def relative_chart(growth: pd.DataFrame, *, indicator: str = "gdp", lang: str = "zh"):
    """Yearly growth of the zone against the city and the province (from :func:`kpi.model.relative.relative_growth`)."""
    style.use_house_style()
    i = check_lang(lang)
    fig, ax = plt.subplots(figsize=(7.2, 4.0))
    colors = {"zone": style.COLORS["zone"], "yancheng": style.COLORS["city"], "jiangsu": style.COLORS["province"]}
    reg = registry.load_registry()
    illustrative = False
    for region, g in growth.dropna(subset=["growth_pct"]).groupby("region", sort=False):
        summed = g["measure"].astype(str).str.extract(r"sum of ([\d/]+) cities", expand=False).dropna()
        ax.plot(g["year"], g["growth_pct"], marker="o", ms=4, lw=2, color=colors.get(region, "#777"),
                label=reg.region_label(region, lang)
                + ((f"（{summed.iloc[0]}市合计）", f" (sum of {summed.iloc[0]} cities)")[i] if len(summed) else "")
                + (" *" if (g["status"] == "illustrative").any() else ""))
        illustrative |= (g["status"] == "illustrative").any()
    ax.axhline(0, color="#888", lw=0.8)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(t("year", lang))
    ax.set_ylabel(t("growth", lang))
    ax.set_title(indicator_label(indicator, lang, with_unit=False) + (" 增速比较" if lang == "zh" else ": growth compared"),
                 loc="left")
    ax.legend(loc="best")
    missing = growth.attrs.get("why_none", {})  # a region left out (a refused sum of cities) is said, not dropped
    for k, region in enumerate(missing):
        text = (f"{reg.region_label(region, lang)}未显示：所属各市数据不全，不能加总（详见 relative.csv）",
                f"{reg.region_label(region, lang)} not shown: its cities' data are incomplete, no sum "
                "(see relative.csv)")[i]
        ax.text(0, -0.27 - 0.06 * k, text, transform=ax.transAxes, fontsize=8, color=style.COLORS["stamp"])
    if illustrative:
        stamp_illustrative(ax, lang)
        ax.text(0, -0.2, "* " + t("stamp_note", lang), transform=ax.transAxes, fontsize=8, color=style.COLORS["stamp"])
    return fig


def vintage_chart(all_vintages: pd.DataFrame, *, indicator: str = "gdp", region: str = "yancheng",
                  lang: str = "zh"):
    """Values of one series as published by each yearbook edition: revisions become visible."""
    style.use_house_style()
    check_lang(lang)
    sub = all_vintages[(all_vintages.indicator == indicator) & (all_vintages.region == region)
                       & (all_vintages.status == "official")]
    fig, ax = plt.subplots(figsize=(7.2, 4.0))
    cmap = plt.get_cmap("viridis")
    vintages = sorted(sub["vintage"].unique())
    for k, (v, g) in enumerate(sub.groupby("vintage")):
        g = g.sort_values("year")
        ax.plot(g["year"], g["value"], marker="o", ms=3.5, lw=1.6, color=cmap(k / max(len(vintages) - 1, 1)),
                label=f"{v}")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(t("year", lang))
    ax.set_ylabel(indicator_label(indicator, lang))
    name = registry.load_registry().region_label(region, lang)
    ax.set_title(f"{name} {indicator_label(indicator, lang, with_unit=False)}：" + ("各版年鉴数值" if lang == "zh" else
                 "value in each yearbook edition").lstrip(), loc="left")
    ax.legend(title=t("edition", lang), ncol=3)
    return fig


def add_later_points(ax, later: pd.Series, *, label: str) -> None:
    """Draw observations made after a projection on its fan chart, keeping the chart's legend entries."""
    (dots,) = ax.plot(later.index.to_numpy(dtype=int), later.to_numpy(), ls="", marker="D", ms=6, color="#111",
                      label=label, zorder=7)
    old = ax.get_legend()  # the fan chart's own entries (history, projection, bands, target), then the later data
    handles = list(old.legend_handles) if old is not None else []
    ax.legend(handles=handles + [dots], labels=[t.get_text() for t in old.get_texts()] + [dots.get_label()]
              if old is not None else None, loc="upper left", ncol=2)


def close(fig) -> None:
    """Close ``fig`` (release its memory; a closed figure can still be saved or displayed)."""
    plt.close(fig)


def _tight_bbox(fig):
    """Lay ``fig`` out once without drawing pixels; its tight bounding box (inches), padded as savefig pads."""
    fig.draw_without_rendering()
    return fig.get_tightbbox(fig.canvas.get_renderer()).padded(plt.rcParams["savefig.pad_inches"])


def _encode(fig, fmt: str, bbox, *, dpi: float | None = None) -> bytes:
    import io

    buf = io.BytesIO()
    extra = {"pil_kwargs": {"compress_level": PNG_COMPRESSION}} if fmt == "png" else {}
    fig.savefig(buf, format=fmt, dpi=dpi or style.DPI, metadata=style.SAVE_METADATA.get(fmt), bbox_inches=bbox,
                **extra)
    return buf.getvalue()


#: zlib level of the PNG files: 3 is ~20 % faster than matplotlib's 6 and the files are ~5 % larger.
PNG_COMPRESSION = 3


def _canvas_margins(width: float) -> tuple[float, float, float, float]:
    """Room (inches: left, bottom, right, top) painted around a figure ``width`` inches wide by
    :func:`_render_png`, for what lies outside the figure's own box: row labels of the dashboards on the left
    (up to 30 % of the width here), axis labels and legends below, notes above. Anything beyond is
    still drawn, by a second painting; more room costs pixels on every chart."""
    return 0.3 * width, 0.8, 0.4, 0.8


def _crop_box(bbox, *, dpi: float, width: int, height: int) -> tuple[int, int, int, int] | None:
    """Pixel box (left, top, right, bottom) of ``bbox`` (inches, origin bottom left) in a ``width`` × ``height``
    image drawn at ``dpi``; ``None`` when part of it lies outside the image (the drawing cannot be cropped)."""
    left, right = math.floor(bbox.x0 * dpi), math.ceil(bbox.x1 * dpi)
    top, bottom = math.floor(height - bbox.y1 * dpi), math.ceil(height - bbox.y0 * dpi)
    if left < 0 or top < 0 or right > width or bottom > height or right <= left or bottom <= top:
        return None
    return left, top, right, bottom


class _BoxProbe(Artist):
    """Drawn last: measures the figure's tight bounding box with the renderer that is painting it."""

    def __init__(self, fig) -> None:
        super().__init__()
        self._fig = fig
        self.set_zorder(math.inf)
        self.set_in_layout(False)
        self.box = None
        self.size: tuple[int, int] | None = None

    def draw(self, renderer) -> None:
        self.box = self._fig.get_tightbbox(renderer)  # in inches from the painted canvas's lower left
        self.size = (int(renderer.width), int(renderer.height))


def _png_from_rgba(rgba: bytes, size: tuple[int, int], box: tuple[int, int, int, int], *, dpi: float) -> bytes:
    """PNG bytes of the ``box`` (left, top, right, bottom pixels) of raw RGBA pixels of ``size``: RGB when
    fully opaque, with the house metadata and the dpi recorded."""
    import io

    from PIL import Image, PngImagePlugin

    image = Image.frombuffer("RGBA", size, rgba, "raw", "RGBA", 0, 1).crop(box)
    if image.getchannel("A").getextrema() == (255, 255):
        image = image.convert("RGB")
    info = PngImagePlugin.PngInfo()
    for key, value in (style.SAVE_METADATA.get("png") or {}).items():
        info.add_text(key, value)
    buf = io.BytesIO()
    image.save(buf, format="png", pnginfo=info, dpi=(dpi, dpi), compress_level=PNG_COMPRESSION)
    return buf.getvalue()


def _render_png(fig, *, dpi: float) -> tuple[bytes, object]:
    """``fig`` painted once at ``dpi``: PNG bytes cropped to its tight bounding box, and that box (inches).

    ``savefig(bbox_inches="tight")`` lays a figure out twice — once to find the box, once to paint it. Here
    the figure is painted once on a canvas with room around it (:func:`_canvas_margins`; an explicit
    ``bbox_inches``), an artist drawn last measures the tight box with the painting renderer, and the pixels
    are cropped to it. If an artist reaches beyond the room, the figure is painted again inside its box, as
    savefig would.

    Kept over matplotlib's own ``savefig(bbox_inches="tight")`` for speed, measured by ``python -m bench.charts``
    (the build's 28 charts, PNG + SVG, 5 alternating rounds): savefig took 1.65 × as long (median 29.5 s against
    17.9 s on a loaded 2-core machine; bench/results/charts.md). tests/test_charts.py checks that both give the
    same box (within 3 px) and the same ink.
    """
    import io

    from matplotlib.transforms import Bbox

    pad = plt.rcParams["savefig.pad_inches"]
    w, h = fig.get_size_inches()
    left, bottom, right, top = _canvas_margins(w)
    region = Bbox.from_extents(-left, -bottom, w + right, h + top)
    probe = fig.add_artist(_BoxProbe(fig))
    try:
        raw = io.BytesIO()
        fig.savefig(raw, format="rgba", dpi=dpi, bbox_inches=region)
    finally:
        probe.remove()
    tight = probe.box.padded(pad)
    box = _crop_box(tight, dpi=dpi, width=probe.size[0], height=probe.size[1])
    bbox = tight.translated(region.x0, region.y0)  # the same box in the figure's own inches
    if box is None:
        return _encode(fig, "png", bbox, dpi=dpi), bbox
    return _png_from_rgba(raw.getvalue(), probe.size, box, dpi=dpi), bbox


def png_bytes(fig, *, dpi: float | None = None, close: bool = True) -> bytes:
    """``fig`` as PNG bytes (tight, fixed metadata; at ``dpi``, by default the 200 dpi :func:`save` writes)."""
    try:
        return _render_png(fig, dpi=dpi or style.DPI)[0]
    finally:
        if close:
            plt.close(fig)


def save(fig, folder: Path, name: str, *, formats: Iterable[str] = ("png", "svg")) -> list[Path]:
    """Save ``fig`` as ``folder/name.png`` (200 dpi) and ``.svg`` with fixed metadata; close it.

    Each file is written atomically (temporary file, then rename). The PNG is painted once and cropped to
    the tight bounding box (:func:`_render_png`); the other formats reuse that box, so the figure is not
    laid out again per format (figure saving is most of the build's time).
    """
    from kpi.core.files import atomic_write_bytes

    folder = Path(folder)
    formats = list(formats)
    out = []
    try:
        png, bbox = _render_png(fig, dpi=style.DPI) if "png" in formats else (None, _tight_bbox(fig))
        for fmt in formats:
            out.append(atomic_write_bytes(folder / f"{name}.{fmt}", png if fmt == "png" else _encode(fig, fmt, bbox)))
    finally:
        plt.close(fig)
    return out


def flow_chart(flows: pd.Series, *, threshold: float, indicator: str, lang: str = "zh"):
    """Yearly flows as bars against a yearly threshold (e.g. ≥30 new high-tech firms a year)."""
    style.use_house_style()
    check_lang(lang)
    statuses = flows.attrs.get("status", {})
    fig, ax = plt.subplots(figsize=(7.2, 3.8))
    years = flows.index.to_numpy(dtype=int)
    colors = [style.COLORS["target"] if v >= threshold else style.COLORS["projection"] for v in flows]
    ax.bar(years, flows.to_numpy(), color=colors, width=0.65)
    ax.axhline(threshold, color=style.COLORS["plan"], ls="--", lw=1.2)
    ax.text(years[0] - 0.4, threshold, f"{t('target', lang)} ≥{_fmt(threshold)}/" + ("年" if lang == "zh" else "yr"),
            va="bottom", fontsize=9, color=style.COLORS["plan"])
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(t("year", lang))
    ax.set_ylabel(indicator_label(indicator, lang))
    ax.set_title(indicator_label(indicator, lang, with_unit=False), loc="left")
    if "illustrative" in set(statuses.values()):
        stamp_illustrative(ax, lang)
    return fig


def co2_chart(co2: pd.DataFrame, *, lang: str = "zh", illustrative: bool = False):
    """Derived CO₂ (万吨) with energy use on a second axis."""
    style.use_house_style()
    check_lang(lang)
    fig, ax = plt.subplots(figsize=(7.2, 3.8))
    years = co2.index.to_numpy(dtype=int)
    ax.plot(years, co2["co2"], color=style.COLORS["projection"], lw=2.2, marker="o", ms=4,
            label="CO2（万吨）" if lang == "zh" else "CO2 (10k t)")
    ax.set_ylabel("二氧化碳排放（万吨CO2）" if lang == "zh" else "CO2 emissions (10k t)")
    ax2 = ax.twinx()
    ax2.plot(years, co2["energy"], color=style.COLORS["history"], lw=1.5, ls="--", label=indicator_label(
        "energy_consumption", lang))
    ax2.set_ylabel(indicator_label("energy_consumption", lang))
    ax2.grid(False)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(t("year", lang))
    ax.set_title("由能源消费与结构推算的二氧化碳排放" if lang == "zh" else "CO2 derived from energy use and mix", loc="left")
    h1, l1 = ax.get_legend_handles_labels()
    h2, l2 = ax2.get_legend_handles_labels()
    ax.legend(h1 + h2, l1 + l2, loc="upper left")
    ax.text(0, -0.22, "排放因子：IPCC 2006 默认值；化石能源结构为假设" if lang == "zh" else
            "Factors: IPCC 2006 defaults; fossil mix assumed", transform=ax.transAxes, fontsize=8, color="#555")
    if illustrative:
        stamp_illustrative(ax, lang)
    return fig


def scenario_chart(card: pd.DataFrame, *, lang: str = "zh", max_rows: int = 25):
    """Probability of reaching each projected target under every scenario (dot plot); scenarios named in ``lang``,
    text no smaller than 9 points, so that it reads at page width."""
    style.use_house_style()
    i = check_lang(lang)
    col = "name_zh" if lang == "zh" else "name_en"
    sub = card[card["probability"].notna() & card["verdict"].isin(["on_track", "at_risk", "off_track", "reached"])]
    wide = probability_by_scenario(sub, name=col)
    names = wide.pop(col)
    if "baseline" in wide:
        wide = wide.sort_values("baseline")
    wide = wide.tail(max_rows)
    fig, ax = plt.subplots(figsize=(6.6, 1.4 + 0.3 * max(len(wide), 1)))
    marks = {"baseline": ("o", style.COLORS["history"]), "high": ("^", style.COLORS["target"]),
             "low": ("v", style.COLORS["projection"]), "stress": ("x", "#6a040f"), "plan": ("s", style.COLORS["plan"])}
    y = np.arange(len(wide))
    for sc in wide.columns:
        m, c = marks.get(sc, ("o", "#777"))
        ax.scatter(wide[sc], y, marker=m, color=c, label=labels.label(labels.SCENARIO_TYPES, sc, lang), zorder=3,
                   s=30)
    ax.set_yticks(y, [_short(str(names.get(k, k)), 18 if i == 0 else 34) for k in wide.index], fontsize=9)
    ax.set_xlim(-0.02, 1.02)
    ax.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
    ax.set_xlabel(t("probability", lang))
    ax.grid(axis="x", visible=True)
    ax.grid(axis="y", visible=False)
    ax.set_title("各情景下的实现概率" if lang == "zh" else "Probability of reaching each target, by scenario", loc="left",
                 pad=24)
    ax.legend(loc="lower left", ncol=5, bbox_to_anchor=(0.0, 1.0), fontsize=9, handletextpad=0.2, columnspacing=1.0)
    if sub["data_basis"].astype(str).str.contains("illustrative").any():
        stamp_illustrative(ax, lang, fontsize=9)
    return fig
