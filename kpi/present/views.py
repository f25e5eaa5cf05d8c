"""What the notebooks show: each function turns processed data into a chart or a table.

Notebooks stay thin: they load the processed outputs once (:func:`load`), then
call these functions and show what they return (:func:`show_table`, :func:`show`).

Tables for people are complete (every row, no "…"), labelled in the reader's language, with numbers rounded to
what they mean (:func:`number`), probabilities in per cent (:func:`percent`) and a dash where a value is missing,
with the reason beside it. Figures are shown at a size where their smallest text is as large as the page's body
text (:func:`display_width`).

Examples
--------
After ``make all`` (``kpi build``) has written ``data/processed/``::

    d = load()
    show_table(card_table(d, area="aggregates", lang="zh"))

The tables :func:`load` returns:

>>> sorted(FILES)[:3]
['all_vintages', 'card', 'coherence']
"""

from __future__ import annotations

import hashlib
import html
import math
import re
from pathlib import Path
from typing import Iterable

import pandas as pd

from kpi.core import labels, paths, settings
from kpi.core.labels import STATUSES, UNSCORED_REASONS, VERDICTS, YES_NO, check_lang, symbol
from kpi.inputs import registry, units
from kpi.model.assessment import probability_by_scenario, projection_args
from kpi.model.projection import project
from kpi.present import charts, style

#: A missing value in a table for people; the reason stands beside it.
DASH = "—"

FILES = paths.PROCESSED_TABLES


def _read(p: Path) -> pd.DataFrame:
    return pd.read_csv(p, encoding="utf-8-sig", keep_default_na=True, dtype={"vintage": str, "note": str,
                                                                             "qualifier": str})


class Tables(dict):
    """The processed tables by name, each read from its CSV the first time it is asked for.

    A notebook asks for three or four of the seven tables; reading only those keeps its start short.
    ``list(tables)`` names the tables read so far; :data:`FILES` names them all.
    """

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def __missing__(self, key: str) -> pd.DataFrame:
        if key not in FILES:
            raise KeyError(f"no processed table {key!r}; available: {', '.join(FILES)}")
        table = _read(self.folder / FILES[key])
        if key in ("history", "all_vintages"):
            table["vintage"] = table["vintage"].fillna("").astype(str)
            table["qualifier"] = table["qualifier"].fillna("").astype(str)
        if key == "card":
            table = table.set_index("id")
        self[key] = table
        return table


def load(processed_dir: str | Path = "data/processed") -> Tables:
    """The processed tables written by ``kpi build`` (``history``, ``card``, ``projections``…), read on first use.

    Raises
    ------
    FileNotFoundError
        If the main job has not been run yet (it says which command to run).
    """
    folder = paths.inside_project(processed_dir)
    for name in FILES.values():  # checked now, so that a missing build is reported where the notebook starts
        if not (folder / name).exists():
            raise FileNotFoundError(f"{folder / name} not found: run the main job first (make all, or kpi build)")
    return Tables(folder)


def series(d: dict[str, pd.DataFrame], indicator: str, region: str = "zone", *, as_of: int | None = None) -> pd.Series:
    """One observed series (with ``.attrs['status']``), optionally cut at ``as_of``."""
    from kpi.inputs.history import series as _series

    h = d["history"]
    s = _series(h, indicator, region)
    if as_of is not None:
        statuses = s.attrs["status"]
        s = s[s.index <= as_of]
        s.attrs["status"] = {y: v for y, v in statuses.items() if y <= as_of}
    return s


def projection(d: dict[str, pd.DataFrame], indicator: str, *, scenario: str = "baseline") -> pd.DataFrame:
    """The stored projection summary for the zone's ``indicator`` under ``scenario`` (index = year)."""
    p = d["projections"]
    sub = p[(p.indicator == indicator) & (p.scenario == scenario)]
    return sub.set_index("year")[[c for c in sub.columns if c.startswith(("median", "lower_", "upper_"))]]


def main_target(d: dict[str, pd.DataFrame], indicator: str, *, scenario: str = "baseline") -> pd.Series | None:
    """The latest-year target measured by ``indicator`` (the one a fan chart marks)."""
    card = d["card"]
    sub = card[(card.indicator == indicator) & (card.scenario == scenario) & card.target_value.notna()
               & (card.kind != "cumulative")]
    if sub.empty:
        return None
    return sub.sort_values(["target_year", "target_value"]).iloc[-1]


def fan(d: dict[str, pd.DataFrame], indicator: str, *, scenario: str = "baseline", lang: str = "zh", ax=None):
    """Fan chart of one zone indicator with its main target and the probability of reaching it — or, once the
    target year has data, its observed outcome (on ``ax`` if given, e.g. a page of the printed briefing; otherwise
    on a new figure)."""
    s = series(d, indicator)
    if s.empty:
        raise ValueError(f"no data for {indicator}")
    tgt = main_target(d, indicator, scenario=scenario)
    proj = projection(d, indicator, scenario=scenario)
    kw = {}
    if tgt is not None:
        kw = dict(target=float(tgt.target_value), target_year=int(tgt.target_year), direction=str(tgt.direction))
        if tgt.verdict in labels.OUTCOME_VERDICTS:  # the target year has data: its result, not a probability
            kw["outcome"] = str(tgt.verdict)
        elif pd.notna(tgt.probability):
            kw["probability"] = float(tgt.probability)
    return charts.fan_chart(s, proj if not proj.empty else None, indicator=indicator, lang=lang, ax=ax, **kw)


def smallest_text_pt(fig) -> float:
    """The size (points) of the smallest visible text of ``fig``: tick labels, legend, notes, titles."""
    from matplotlib.text import Text

    sizes = [float(x.get_fontsize()) for x in fig.findobj(Text) if x.get_visible() and x.get_text().strip()]
    return min(sizes) if sizes else float(style.BODY_TEXT_PX) * 72 / 96


def display_width(fig, png_width_px: int, *, dpi: float = style.DPI) -> int:
    """CSS pixels to show a ``png_width_px`` wide PNG of ``fig`` drawn at ``dpi`` so that the figure's smallest
    text is as large as the page's body text (:data:`kpi.present.style.BODY_TEXT_PX`).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(figsize=(6, 3)); _ = ax.set_title("t", fontsize=10.5); ax.tick_params(labelsize=10.5)
    >>> display_width(fig, 1200, dpi=200)  # 6 in; 10.5 pt shown at 14 px: 96 px an inch
    576
    >>> plt.close(fig)
    """
    points_per_inch = 72.0
    css_px_per_inch = points_per_inch * style.BODY_TEXT_PX / smallest_text_pt(fig)
    return int(round(png_width_px / dpi * css_px_per_inch))


def show(fig, name: str = "", *, figures_dir: str | Path = "figures", save: bool = True) -> None:
    """Show a figure in the notebook and, with ``save``, write it as PNG and SVG under ``figures_dir``.

    The notebook shows the PNG (the saved one when saving: the figure is drawn once) at :func:`display_width`,
    so that its smallest label is as large as body text. The figure is closed either way; nothing is returned,
    so nothing is printed under the chart.
    """
    from IPython.display import Image, display

    if save:
        png = charts.save(fig, paths.inside_project(figures_dir), name)[0].read_bytes()
    else:
        png = charts.png_bytes(fig)
    display(Image(data=png, format="png", width=display_width(fig, _png_width(png))))


def _png_width(png: bytes) -> int:
    """Width in pixels from a PNG's header."""
    return int.from_bytes(png[16:20], "big")


def save(fig, name: str, *, figures_dir: str | Path = "figures", enabled: bool = True) -> list[Path]:
    """Save a figure as PNG and SVG under ``figures_dir`` (inside the project); returns the paths."""
    if not enabled:
        charts.close(fig)
        return []
    return charts.save(fig, paths.inside_project(figures_dir), name)


def review_chart(d: dict[str, pd.DataFrame], indicator: str, *, as_of: int | None = 2021, lang: str = "zh",
                 region: str = "zone"):
    """Fan chart made as of ``as_of`` with the later observations drawn on top (:mod:`kpi.model.review`)."""
    as_of = settings.PLAN_WRITTEN_AFTER if as_of is None else int(as_of)
    full = series(d, indicator, region)
    past = series(d, indicator, region, as_of=as_of)
    later = full[full.index > as_of]
    tgt = main_target(d, indicator)
    until = max(int(later.index.max()) if len(later) else as_of + 1, int(tgt.target_year) if tgt is not None else 0)
    args = projection_args(registry.load_indicators(), indicator)
    if args is None:
        raise ValueError(f"{indicator}: indicator measure is not projected")
    proj = project(past, until=until, **args)
    kw = dict(target=float(tgt.target_value), target_year=int(tgt.target_year), direction=str(tgt.direction)) \
        if tgt is not None else {}
    illustrative = "illustrative" in set(full.attrs["status"].values())
    title = charts.indicator_label(indicator, lang, with_unit=False) + (
        f"：{as_of}年所作预测与其后数据" if lang == "zh" else f": projection as of {as_of} vs later data")
    fig = charts.fan_chart(past, proj, indicator=indicator, lang=lang, illustrative=illustrative, title=title, **kw)
    if len(later):
        charts.add_later_points(fig.axes[0], later, label="其后数据" if lang == "zh" else "Later data")
    return fig


def number(value, unit: str = "") -> str:
    """``value`` rounded to what it means, or a dash when it is missing.

    Whole numbers for counts of firms, projects, persons…; one decimal for per cent and percentage points;
    otherwise whole numbers from 1,000 up, one decimal from 1 up (612.3 亿元), two significant digits below 1.

    Examples
    --------
    >>> number(641.26, "亿元"), number(7.204909, "%"), number(123, "家"), number(76900.0, "元"), number(0.974, "万人")
    ('641.3', '7.2', '123', '76,900', '0.97')
    >>> number(float("nan"))
    '—'
    """
    if value is None or pd.isna(value):
        return DASH
    v = float(value)
    if _whole(unit):
        return f"{v:,.0f}"
    if str(unit).split("/")[0] in ("%", "pp"):
        return f"{v:,.1f}"
    size = abs(v)
    if size >= 1000:
        return f"{v:,.0f}"
    if size >= 1 or v == 0:
        return f"{v:,.1f}"
    return f"{v:.2g}"


def _whole(unit: str) -> bool:
    """A unit counting single things (家, 个, 人…), whose values are whole numbers."""
    unit = str(unit or "")
    return units.is_known(unit) and units.dimension(unit).startswith("count") and units.get(unit).factor == 1


def percent(p) -> str:
    """A probability in per cent: ``66%``; ``<1%`` and ``>99%`` near the ends (a simulation of a few thousand
    paths does not tell 0.3 % from 0.1 %); a dash when missing.

    Examples
    --------
    >>> percent(0.6565), percent(0.0025), percent(0.0), percent(1.0), percent(float("nan"))
    ('66%', '<1%', '0%', '100%', '—')
    """
    if p is None or pd.isna(p):
        return DASH
    p = float(p)
    if 0 < p < 0.005:
        return "<1%"
    if 0.995 < p < 1:
        return ">99%"
    return f"{p:.0%}"


def data_basis(code: str, lang: str = "zh") -> str:
    """The data basis of a scorecard row in ``lang``: a status (``official``…), ``mixed (X weakest)`` or ``none``.

    Examples
    --------
    >>> data_basis("illustrative"), data_basis("mixed (illustrative weakest)"), data_basis("none", "en")
    ('示例', '混合（最弱：示例）', 'no data')
    """
    i = check_lang(lang)
    code = str(code)
    if code in ("none", "nan", ""):
        return ("无数据", "no data")[i]
    if code.startswith("mixed (") and code.endswith(" weakest)"):
        weakest = labels.label(STATUSES, code[len("mixed ("):-len(" weakest)")], lang)
        return (f"混合（最弱：{weakest}）", f"mixed (weakest: {weakest})")[i]
    return labels.label(STATUSES, code, lang)


def unscored_reason(row, *, indicators: pd.DataFrame | None = None) -> str | None:
    """Why a scorecard row has no projected probability, as a code of :data:`kpi.core.labels.UNSCORED_REASONS`
    (``None`` when the scorecard projected it). With the indicator registry, a measure that is never projected
    (a rank, a rate) is told apart from too little data."""
    kind = str(getattr(row, "kind", ""))
    verdict = str(getattr(row, "verdict", ""))
    if kind == "relative":
        return kind
    if kind == "growth":  # judged on observed growth rates, when there are any
        return verdict if verdict in ("no_data", "insufficient") else kind
    if kind == "qualitative" or pd.isna(getattr(row, "target_value", math.nan)):
        return "qualitative"
    if pd.notna(getattr(row, "proj_median", math.nan)):
        return None
    if verdict in ("reached", "missed"):
        return "observed"
    if verdict == "insufficient" and indicators is not None and \
            projection_args(indicators, str(getattr(row, "indicator", ""))) is None:
        return "not_projected"
    return verdict if verdict in UNSCORED_REASONS else "no_data"


def stated(value) -> str:
    """A number as the plan states it (``800``, ``3``, ``76,900``, ``0.97``): targets are not rounded.

    Examples
    --------
    >>> stated(800.0), stated(76900.0), stated(float("nan"))
    ('800', '76,900', '—')
    """
    return DASH if value is None or pd.isna(value) else f"{float(value):,g}"


def _target_value(r, lang: str) -> str:
    if pd.isna(r.target_value):
        return DASH
    unit = units.label(str(r.unit), lang) if isinstance(r.unit, str) else ""
    return f"{symbol(r.direction)}{stated(r.target_value)} {unit}".strip()


def card_table(d: dict[str, pd.DataFrame], *, scenario: str = "baseline", area: str | None = None,
               lang: str = "zh", ids=None) -> pd.DataFrame:
    """The scorecard as a table for people, in ``lang``: target, clause, target value, year, the value the verdict
    rests on (with its year), data basis, probability (%), verdict and, where a value is a dash, why.

    ``area`` keeps one area's targets; ``ids`` keeps the given target ids (in the scorecard's order). Every
    target is a row (no truncation); the target ids are not shown.
    """
    i = check_lang(lang)
    card = d["card"]
    sub = card[card.scenario == scenario]
    if area is not None:
        sub = sub[sub.area == area]
    if ids is not None:
        sub = sub[sub.index.isin(list(ids))]
    rows = []
    indicators = registry.load_indicators()
    for r in sub.itertuples():
        why = unscored_reason(r, indicators=indicators)
        # the value the verdict rests on, with its year (a past target year is judged on that year, not the latest)
        if pd.notna(getattr(r, "basis_year", None)):
            judged = f"{number(r.basis_value, r.unit)} ({int(r.basis_year)})"
        else:
            judged = f"{number(r.latest_value, r.unit)} ({int(r.latest_year)})" if pd.notna(r.latest_year) else DASH
        rows.append({
            ("目标", "Target")[i]: r.name_zh if i == 0 else r.name_en,
            ("条款", "Clause")[i]: r.clause if isinstance(r.clause, str) else DASH,
            ("目标值", "Target value")[i]: _target_value(r, lang),
            ("目标年份", "Year")[i]: str(int(r.target_year)) if pd.notna(r.target_year) else DASH,
            ("依据值（年份）", "Value judged (year)")[i]: judged,
            ("数据性质", "Data basis")[i]: data_basis(r.data_basis, lang),
            ("实现概率", "Probability")[i]: percent(r.probability),
            ("判断", "Verdict")[i]: VERDICTS[r.verdict][i] if r.verdict in VERDICTS else str(r.verdict),
            ("说明", "Note")[i]: UNSCORED_REASONS[why][i] if why and pd.isna(r.probability) else "",
        })
    columns = [("目标", "Target")[i], ("条款", "Clause")[i], ("目标值", "Target value")[i], ("目标年份", "Year")[i],
               ("依据值（年份）", "Value judged (year)")[i], ("数据性质", "Data basis")[i], ("实现概率", "Probability")[i],
               ("判断", "Verdict")[i], ("说明", "Note")[i]]
    return pd.DataFrame(rows, columns=columns)


def show_table(frame: pd.DataFrame, *, notes: Iterable[str] = (), index: bool = False) -> None:
    """Display ``frame`` complete — every row and column, no "…" — with a dash for any missing value and
    ``notes`` under it; the index is shown only with ``index`` (tables for people have no ids)."""
    from IPython.display import display

    display(people_table(frame, notes=notes, index=index), raw=True)


#: A cell holding only a number or a per cent (right-aligned in tables for people).
_NUMERIC = re.compile(r"^[<>]?[-+]?[\d,]+(\.\d+)?%?$")


def people_table(frame: pd.DataFrame, *, notes: Iterable[str] = (), index: bool = False) -> dict[str, str]:
    """The display bundle of :func:`show_table`: ``text/html`` (complete table) and ``text/plain``.

    The same table gives the same bytes (no random element ids), so executed notebooks stay reproducible.

    Examples
    --------
    >>> out = people_table(pd.DataFrame({"目标": ["地区生产总值"] * 70, "实现概率": [0.5] * 69 + [float("nan")]}))
    >>> out["text/html"].count("<tr"), "NaN" in out["text/html"], "—" in out["text/html"]
    (71, False, True)
    """
    frame = (frame if index else frame.reset_index(drop=True)).rename_axis(columns=None)
    notes = [n for n in notes if n]
    shown = frame.astype(object).where(frame.notna(), DASH)
    body = shown.to_html(index=index, escape=True, na_rep=DASH, border=0, classes="kpi-table", max_rows=None,
                         max_cols=None, justify="left")
    uid = hashlib.sha256(body.encode("utf-8")).hexdigest()[:10]
    body = body.replace('class="dataframe kpi-table"', f'class="dataframe kpi-table" id="kpi-table-{uid}"', 1)
    # text reads from the left, numbers line up on the right (JupyterLab right-aligns every cell)
    numeric = [k + 1 + index for k, c in enumerate(shown.columns)
               if shown[c].map(lambda v: v == DASH or bool(_NUMERIC.match(str(v)))).all()]
    cells = [f"#kpi-table-{uid} td:nth-child({k}), #kpi-table-{uid} th:nth-child({k}) {{text-align: right;}}"
             for k in numeric]
    style_ = (f"<style>#kpi-table-{uid} td, #kpi-table-{uid} th {{text-align: left; vertical-align: top;}} "
              + " ".join(cells) + "</style>")
    foot = "".join(f'<p class="kpi-table-note">{html.escape(n)}</p>' for n in notes)
    with pd.option_context("display.max_rows", None, "display.max_columns", None, "display.width", 10_000,
                           "display.max_colwidth", None):
        text = shown.to_string(index=index)
    return {"text/html": f'<div class="kpi-table-wrap">{style_}{body}{foot}</div>',
            "text/plain": text + "".join(f"\n{n}" for n in notes)}


def indicator_names(indicators: list[str], lang: str = "zh") -> dict[str, str]:
    ind = registry.load_indicators()
    return {i: ind.loc[i, "name_zh" if lang == "zh" else "name_en"] for i in indicators if i in ind.index}


def drawable(d: dict[str, pd.DataFrame], indicators: list[str], *, region: str = "zone") -> list[str]:
    """The indicators of ``indicators`` that have at least one observation for ``region``."""
    h = d["history"]
    have = set(h.loc[h.region == region, "indicator"])
    return [i for i in indicators if i in have]


def scenario_table(d: dict[str, pd.DataFrame], *, lang: str = "zh") -> pd.DataFrame:
    """Probability (%) of reaching each scored target under each scenario: one row a target, one column a
    scenario (titled in ``lang``)."""
    from kpi.model.scenarios import load_scenarios

    i = check_lang(lang)
    col = ("name_zh", "name_en")[i]
    wide = probability_by_scenario(d["card"], name=col)
    titles = {name: sc.title(lang) for name, sc in load_scenarios().items()}
    out = pd.DataFrame({("目标", "Target")[i]: wide[col].to_numpy()})
    for sc in [c for c in wide.columns if c != col]:
        out[titles.get(sc, sc)] = wide[sc].map(percent).to_numpy()
    return out


def company_plans(d: dict[str, pd.DataFrame], *, lang: str = "zh") -> pd.DataFrame:
    """Targets for single companies and projects (registry column ``level`` = company/project)."""
    tg = d["targets"]
    if "level" in tg.columns:
        sub = tg[tg["level"].isin(["company", "project"])]
    else:
        sub = tg[tg["indicator"].isna() & (tg["area"] == "industry")]
    i = check_lang(lang)
    return pd.DataFrame({
        ("条款", "Clause")[i]: sub["clause"].fillna(DASH).to_numpy(),
        ("目标", "Target")[i]: sub[("name_zh", "name_en")[i]].to_numpy(),
        ("目标值", "Value")[i]: [f"{symbol(dr)}{stated(v)}" for v, dr in zip(sub["value"], sub["direction"].fillna(""))],
        ("单位", "Unit")[i]: [units.label(str(u), lang) if isinstance(u, str) else DASH for u in sub["unit"]],
        ("目标年份", "Year")[i]: [str(int(y)) if pd.notna(y) else DASH for y in sub["target_year"]],
        ("原文", "Quote")[i]: sub["quote"].fillna(DASH).to_numpy(),
    })


def _years(value) -> str:
    """The years of a comparison as written in ``relative.csv`` (``2022``, read back as a number, or
    ``2022–2024``); a dash when there are none."""
    if value is None or (not isinstance(value, str) and pd.isna(value)) or value == "":
        return DASH
    return str(value) if isinstance(value, str) else str(int(value))


def relative_table(d: dict[str, pd.DataFrame], *, lang: str = "zh") -> pd.DataFrame:
    """The zone's average nominal growth against the city and the province (``relative.csv``), for people."""
    i = check_lang(lang)
    reg = registry.load_registry()
    rel = d["relative"]
    rows = []
    for r in rel.itertuples():
        missing = pd.isna(r.avg_growth_pct)
        note = str(r.note) if isinstance(r.note, str) else ""
        if "sum of 13 cities" in note:
            note = ("全省按 13 个设区市合计计算（年鉴表2-12无全省行）", "the province is the sum of its 13 cities "
                    "(table 2-12 has no province row)")[i]
        elif missing:
            note = ("经开区有数据的年份里该地区无可比增速", "no growth for this region in the years the zone has")[i]
        elif note.startswith("no common year"):
            note = ("规划期内无共同年份，用最近的共同年份", "no common year in the plan period: latest common years")[i]
        rows.append({
            ("比较对象", "Compared with")[i]: reg.region_label(r.region, lang),
            ("年份", "Years")[i]: _years(r.years),
            ("其平均增速（%）", "Its average growth (%)")[i]: number(r.avg_growth_pct, "%"),
            ("经开区平均增速（%）", "Zone's average growth (%)")[i]: number(r.zone_avg_growth_pct, "%"),
            ("经开区快多少（百分点）", "Zone faster by (pp)")[i]: number(r.gap_pp, "pp"),
            ("经开区更快", "Zone faster")[i]: YES_NO[bool(r.zone_faster)][i] if not pd.isna(r.zone_faster) else DASH,
            ("数据性质", "Data basis")[i]: "、".join(data_basis(s.strip(), lang) for s in str(r.basis).split(","))
            if i == 0 else ", ".join(data_basis(s.strip(), lang) for s in str(r.basis).split(",")),
            ("说明", "Note")[i]: note,
        })
    return pd.DataFrame(rows)


def coherence_table(d: dict[str, pd.DataFrame], *, lang: str = "zh") -> pd.DataFrame:
    """Do the targets fit together (``coherence.csv``), for people: the identity, the numbers it uses, what it
    implies against what is stated, and whether they fit. The explanatory note is in English."""
    i = check_lang(lang)
    c = d["coherence"]

    def basis(text) -> str:
        parts = [p.strip() for p in str(text).split("+")]
        return " + ".join(("目标", "targets")[i] if p == "targets" else data_basis(p, lang) for p in parts)

    return pd.DataFrame({
        ("检查", "Identity")[i]: c[("identity_zh", "identity_en")[i]].to_numpy(),
        ("所用数字", "Numbers used")[i]: c["inputs"].fillna(DASH).replace("", DASH).to_numpy(),
        ("隐含值", "Implied")[i]: [number(v, u) for v, u in zip(c["implied"], c["unit"].fillna(""))],
        ("目标值", "Stated")[i]: [number(v, u) for v, u in zip(c["stated"], c["unit"].fillna(""))],
        ("差距", "Gap")[i]: [number(v, u) for v, u in zip(c["gap"], c["unit"].fillna(""))],
        ("单位", "Unit")[i]: [units.label(str(u), lang) if isinstance(u, str) and u else DASH for u in c["unit"]],
        ("是否协调", "Consistent")[i]: [YES_NO[str(v).lower() == "true"][i] if pd.notna(v) and str(v) != "<NA>"
                                    else DASH for v in c["consistent"]],
        ("数据性质", "Data basis")[i]: [basis(b) for b in c["basis"]],
        ("说明（英文）", "Note")[i]: c["note"].fillna("").to_numpy(),
    })


def review_table(t: pd.DataFrame, *, as_of: int | None = 2021, lang: str = "zh") -> pd.DataFrame:
    """What the projection made with data up to ``as_of`` said about each later year, against what was observed,
    for people (``t``: :func:`kpi.model.review.review_table` made with the same ``as_of``)."""
    i = check_lang(lang)
    as_of = settings.PLAN_WRITTEN_AFTER if as_of is None else int(as_of)
    names = indicator_names(sorted(set(t["indicator"])), lang)
    ind = registry.load_indicators()
    unit = {k: str(ind.loc[k, "unit"]) if k in ind.index else "" for k in set(t["indicator"])}
    return pd.DataFrame({
        ("指标", "Indicator")[i]: [names.get(k, k) for k in t["indicator"]],
        ("单位", "Unit")[i]: [units.label(unit[k], lang) for k in t["indicator"]],
        ("年份", "Year")[i]: t["year"].astype(str).to_numpy(),
        ("观测值", "Observed")[i]: [number(v, unit[k]) for v, k in zip(t["observed"], t["indicator"])],
        ("数据性质", "Data basis")[i]: [data_basis(s, lang) for s in t["status"]],
        (f"{as_of}年预测中位数", f"Projected in {as_of} (median)")[i]:
            [number(v, unit[k]) for v, k in zip(t["median"], t["indicator"])],
        ("80% 区间", "80% interval")[i]: [f"{number(lo, unit[k])}–{number(hi, unit[k])}" for lo, hi, k in
                                         zip(t["lower_80"], t["upper_80"], t["indicator"])],
        ("落在80%区间内", "Inside the 80% interval")[i]: [YES_NO[bool(v)][i] for v in t["inside_80"]],
    })


def co2_table(co2: pd.DataFrame, *, lang: str = "zh") -> pd.DataFrame:
    """CO₂ derived from energy use and mix (:func:`kpi.model.emissions.co2_path`), for people."""
    i = check_lang(lang)
    return pd.DataFrame({
        ("年份", "Year")[i]: co2.index.astype(int).astype(str),
        charts.indicator_label("energy_consumption", lang): [number(v) for v in co2["energy"]],
        charts.indicator_label("share_nonfossil_energy", lang): [number(v, "%") for v in co2["nonfossil_share"]],
        ("二氧化碳排放（万吨）", "CO2 emissions (10k t)")[i]: [number(v) for v in co2["co2"]],
    })


def sources_table(*, lang: str = "zh") -> pd.DataFrame:
    """Every raw data file with its provenance (:func:`kpi.present.coverage.sources_table`), headers in ``lang``."""
    from kpi.present.coverage import sources_table as provenance_rows

    i = check_lang(lang)
    heads = {"file": ("文件", "File"), "title": ("标题", "Title"), "producer": ("来源机构", "Producer"),
             "obtained_from": ("获取自", "Obtained from"), "obtained_on": ("获取日期", "Obtained on"),
             "sha256": ("SHA-256（前12位）", "SHA-256 (first 12)")}
    rows = provenance_rows()
    return rows.rename(columns={k: v[i] for k, v in heads.items()}).replace("", DASH)


def revisions_table(d: dict[str, pd.DataFrame], indicator: str, region: str, *, lang: str = "zh") -> pd.DataFrame:
    """One official series as each yearbook edition published it, and the revision of the latest against the
    first (:func:`kpi.present.coverage.revisions_table`); a dash where an edition does not have the year."""
    from kpi.present.coverage import revisions_table as wide

    i = check_lang(lang)
    w = wide(d["all_vintages"], indicator, region)
    out = pd.DataFrame({("年份", "Year")[i]: w.index.astype(str)})
    for v in [c for c in w.columns if c != "revision_pct"]:
        out[(f"{v}年版", f"{v} edition")[i]] = [f"{x:,.2f}" if pd.notna(x) else DASH for x in w[v]]
    out[("修订幅度（%，最新版对首版）", "Revision (%, latest vs first)")[i]] = [number(x, "%") for x in w["revision_pct"]]
    return out
