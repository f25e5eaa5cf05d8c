"""The explorer: any projectable target of the scorecard, moved by a growth and a shock slider (JupyterLab).

Choose a target (every one the scorecard projects, by its Chinese or English name); the sliders start at the
scenario's own assumptions for it (its yearly growth change, its one-off shock); move them and the path, the
80 %/95 % band, the target-year value and the probability update at once.

One implementation, not a copy: the explorer simulates the scorecard's paths (same model, seed and number of
paths), applies the scenario with :func:`kpi.model.assessment.scenario_paths`, judges the same outcomes
(:func:`kpi.model.assessment.outcomes`: the target-year value, or the running total of a cumulative target) with
the same rule (:func:`kpi.model.assessment.probability`, ``≈`` targets included). With the sliders at the
scenario's assumptions it gives the scorecard's probability exactly.

A target the scorecard does not project (qualitative, growth-rate, no data, already observed…) raises
:class:`NotExplorable`, whose message says why in Chinese and English; the widget shows that message.
Built without a live kernel (the HTML copies), :func:`show` displays a small grid of precomputed cases instead.

Examples
--------
>>> from kpi import analyse, load_history
>>> history = load_history().query("year <= 2024")  # a year still ahead (2025 is observed in the shipped data)
>>> card = analyse(history=history, scenario="baseline")["card"]
>>> ex = Explorer(card, history, "rd_share_gdp_2025")
>>> ex.result().probability == float(card.loc["rd_share_gdp_2025", "probability"])
True
>>> ex.result(ex.start_growth + 0.5).probability > ex.result().probability
True
"""

from __future__ import annotations

import dataclasses
import io
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kpi.core import settings
from kpi.core.labels import UNSCORED_REASONS, check_lang, symbol
from kpi.inputs import registry, units
from kpi.model.assessment import outcomes, probability, projection_args, scenario_paths, target_plan
from kpi.model.scenarios import Scenario, load_scenario
from kpi.present import charts, style, views

#: Quantiles of the fan: 95 % band, 80 % band, median.
QUANTILES = (0.025, 0.1, 0.5, 0.9, 0.975)
#: The explorer's chart (inches): narrower than the notebooks' fan charts, so that the numbers fit beside it
#: within the page (:data:`kpi.present.style.PAGE_WIDTH_PX`).
FIGSIZE = (5.4, 3.9)


class NotExplorable(ValueError):
    """A target the scorecard does not project: the reason, in Chinese and English."""

    def __init__(self, target_id: str, reason: str, *, name_zh: str = "", name_en: str = "") -> None:
        self.target_id, self.reason, self.name_zh, self.name_en = target_id, reason, name_zh, name_en
        super().__init__(self.message("en"))

    def message(self, lang: str = "zh") -> str:
        i = check_lang(lang)
        why = UNSCORED_REASONS.get(self.reason, (self.reason, self.reason))[i]
        name = (self.name_zh, self.name_en)[i] or self.target_id
        return (f"“{name}”（{self.target_id}）无法探索：{why}。", f"{name} ({self.target_id}) cannot be explored: {why}.")[i]


@dataclass(frozen=True)
class Result:
    """The target-year outcome under one setting of the sliders."""

    year: int
    median: float
    lower_80: float
    upper_80: float
    probability: float


def explorable(card: pd.DataFrame, *, scenario: str = "baseline") -> list[str]:
    """The ids of the targets the scorecard projects under ``scenario``, in the scorecard's order."""
    sub = card[card["scenario"] == scenario]
    return [tid for tid, r in zip(sub.index, sub.itertuples()) if views.unscored_reason(r) is None]


def _nice_step(span: float) -> float:
    """A round slider step giving about 60 positions over ``span``."""
    raw = max(span, 1e-9) / 60
    base = 10 ** math.floor(math.log10(raw))
    return next(m * base for m in (1, 2, 2.5, 5, 10) if m * base >= raw)


class Explorer:
    """One target of the scorecard, its scenario's simulated paths, and the two sliders that move them.

    Parameters
    ----------
    card : DataFrame
        The scorecard (``scorecard.csv`` or :func:`kpi.analyse`'s ``card``), indexed by target id.
    history : DataFrame
        The history the scorecard was made from (``history.csv`` or :func:`kpi.load_history`).
    target_id : str
        A target of the card (:func:`explorable` lists those that can be explored).
    scenario : str
        The scenario whose assumptions are the starting values.
    seed, n_paths : optional
        As the scorecard's (:func:`kpi.analyse`): seed 0 and :data:`kpi.core.settings.N_PATHS` paths.

    Raises
    ------
    NotExplorable
        For a target the scorecard does not project (with the reason).
    ValueError
        For an id or a scenario the card does not hold.
    """

    def __init__(self, card: pd.DataFrame, history: pd.DataFrame, target_id: str, *, scenario: str = "baseline",
                 seed: int = 0, n_paths: int | None = None, region: str = "zone") -> None:
        from kpi.inputs.history import series as history_series
        from kpi.model.projection import TrendModel

        if target_id not in card.index:
            raise ValueError(f"unknown target {target_id!r}; targets that can be explored: "
                             f"{', '.join(explorable(card, scenario=scenario))}")
        rows = card.loc[[target_id]]
        rows = rows[rows["scenario"] == scenario]
        if rows.empty:
            raise ValueError(f"scenario {scenario!r} is not in the scorecard; it has "
                             f"{', '.join(sorted(set(card['scenario'])))}")
        row = rows.iloc[0]
        reason = views.unscored_reason(row)
        if reason is not None:
            raise NotExplorable(target_id, reason, name_zh=str(row["name_zh"]), name_en=str(row["name_en"]))
        self.id, self.row = target_id, row
        self.indicator = str(row["indicator"])
        self.target, self.target_year = float(row["target_value"]), int(row["target_year"])
        self.direction, self.kind = str(row["direction"]), str(row["kind"])
        self.start_year = None if pd.isna(row["start_year"]) else int(row["start_year"])
        self.unit = str(row["unit"])
        self.series = history_series(history, self.indicator, region)
        args = projection_args(registry.load_indicators(), self.indicator)
        if args is None:  # pragma: no cover - the scorecard projected it, so its measure is projected
            raise NotExplorable(target_id, "insufficient", name_zh=str(row["name_zh"]), name_en=str(row["name_en"]))
        self.measure = args["measure"]
        self.last = int(self.series.index.max())
        info = registry.load_indicators().loc[self.indicator]
        self._apply = {"per_year": bool(info["per_year"]), "flow_of": str(info.get("flow_of") or "") or None}
        self._plan_of = target_plan(self.kind, target=self.target, direction=self.direction,
                                    target_year=self.target_year, series=self.series, start_year=self.start_year)
        fitted = TrendModel(self.series, name=f"{self.indicator}/{region}", **args).fit()
        raw = fitted.simulate(until=self.target_year, n_paths=n_paths or settings.N_PATHS, seed=seed)
        self.scenario = load_scenario(scenario)
        self._plan = self.scenario.type == "plan"
        self._base = (scenario_paths(raw, self.series, measure=self.measure, scenario=self.scenario,
                                     plan=self._plan_of, **self._apply) if self._plan else raw)
        self._key = "growth_pp" if self.measure == "level" else "increment"
        own = () if self._plan else self.scenario.shocks_for(self.indicator)
        #: The slider values that reproduce the scenario: its yearly change and its one-off shock.
        self.start_growth = 0.0 if self._plan else float(self.scenario.yearly_change(self.indicator, self.measure,
                                                                                    flow_of=self._apply["flow_of"]))
        self.shock_year = min(s["year"] for s in own) if own else self.last + 1
        self.start_shock = 100.0 * (math.prod(1 + s["change_pct"] / 100 for s in own if s["year"] == self.shock_year)
                                    - 1)
        self._other_shocks = tuple(s for s in own if s["year"] != self.shock_year)

    # -- the numbers -------------------------------------------------------------------------------------------

    def paths(self, growth: float | None = None, shock: float | None = None) -> pd.DataFrame:
        """Simulated paths (years × paths) with the sliders at ``growth`` and ``shock`` (default: the scenario)."""
        growth = self.start_growth if growth is None else float(growth)
        shock = self.start_shock if shock is None else float(shock)
        if growth == self.start_growth and shock == self.start_shock:
            if self._plan:
                return self._base
            sc = self.scenario
        else:
            sc = self.scenario_for(growth, shock)
        return scenario_paths(self._base, self.series, measure=self.measure, scenario=sc, plan=self._plan_of,
                              **self._apply)

    def scenario_for(self, growth: float, shock: float) -> Scenario:
        """The scenario with this target's assumptions replaced by the slider values."""
        shocks = self._other_shocks + (({"indicator": self.indicator, "year": self.shock_year,
                                         "change_pct": float(shock)},) if shock else ())
        return dataclasses.replace(self.scenario, name=f"{self.scenario.name} (explored)",
                                   type="baseline" if self._plan else self.scenario.type,
                                   adjustments={self.indicator: {self._key: float(growth)}}, shocks=shocks)

    def result(self, growth: float | None = None, shock: float | None = None) -> Result:
        """The target-year outcome: median, 80 % band and probability of reaching the target."""
        values = outcomes(self.paths(growth, shock), self.series, kind=self.kind, target_year=self.target_year,
                          start_year=self.start_year)
        lo, hi = np.quantile(values, [0.1, 0.9])
        return Result(self.target_year, float(np.median(values)), float(lo), float(hi),
                      probability(values, self.target, self.direction))

    def summary(self, growth: float | None = None, shock: float | None = None) -> pd.DataFrame:
        """Quantiles of the paths by year (``lower_95, lower_80, median, upper_80, upper_95``), for the fan."""
        p = self.paths(growth, shock)
        q = np.quantile(p.to_numpy(), QUANTILES, axis=1).T
        return pd.DataFrame(q, index=p.index, columns=["lower_95", "lower_80", "median", "upper_80", "upper_95"])

    def growth_slider(self) -> tuple[float, float, float]:
        """``(min, max, step)`` of the growth slider: it spans no change, the scenario's value, and the change
        that would put the median outcome on the target (:meth:`needed_growth`) give or take the width of the
        95 % band — so that across the slider the probability goes from unlikely to likely."""
        bound = self._growth_bound()
        needed = self.needed_growth()
        values = outcomes(self.paths(), self.series, kind=self.kind, target_year=self.target_year,
                          start_year=self.start_year)
        lo95, mid, hi95 = np.quantile(values, [0.025, 0.5, 0.975])
        h = max(self.target_year - self.last, 1)
        spread = (100.0 * (hi95 - lo95) / mid if self.measure == "level" and mid > 0 else hi95 - lo95) / h
        pad = max(spread, {"level": 3.0, "share": 1.0}.get(self.measure, 1.0))
        lo = max(min(0.0, self.start_growth, needed) - pad, -bound)  # both ways from no change, the scenario's
        hi = min(max(0.0, self.start_growth, needed) + pad, bound)   # value and the change that puts it on target
        step = _nice_step(hi - lo)
        return math.floor(lo / step) * step, math.ceil(hi / step) * step, step

    def _growth_bound(self) -> float:
        """The largest yearly change the slider offers: 50 pp of growth, a share's whole range, a count's target."""
        h = max(self.target_year - self.last, 1)
        return {"level": 50.0, "share": 100.0 / h}.get(self.measure, max(abs(self.target), 1.0) / h)

    def needed_growth(self) -> float:
        """The yearly change (slider units) at which the median outcome equals the target (bisection; the
        slider's bound when even that is not enough)."""
        if not hasattr(self, "_needed"):
            lo, hi = -self._growth_bound(), self._growth_bound()

            def gap(g: float) -> float:
                return self.result(g, self.start_shock).median - self.target

            if gap(lo) >= 0:
                self._needed = lo
            elif gap(hi) <= 0:
                self._needed = hi
            else:
                for _ in range(40):
                    mid = (lo + hi) / 2
                    lo, hi = (mid, hi) if gap(mid) < 0 else (lo, mid)
                self._needed = (lo + hi) / 2
        return self._needed

    def shock_slider(self) -> tuple[float, float, float]:
        """``(min, max, step)`` of the shock slider (per cent, from :attr:`shock_year` on)."""
        return min(-30.0, math.floor(self.start_shock) - 10.0), 10.0, 1.0

    def grid(self, *, lang: str = "zh", shocks=(0.0, -10.0)) -> pd.DataFrame:
        """Precomputed cases for a page without a live kernel: the probability (%) with the growth slider at the
        scenario's value, at the change that puts the median on the target, and a round step either side of
        each, with and without a one-off shock."""
        i = check_lang(lang)
        lo, hi, step = self.growth_slider()
        jump = _nice_step((hi - lo) * 60 / 8)  # about an eighth of the slider's range
        needed = round(self.needed_growth() / step) * step
        marks = {self.start_growth: ("（情景假设）", " (scenario)")[i], needed: ("（中位数达到目标）", " (median on target)")[i]}
        growths = sorted({g for base in (self.start_growth, needed) for g in (base - jump, base, base + jump)
                          if lo <= g <= hi})
        unit = self.growth_unit(lang)
        out = pd.DataFrame({(f"年变化（{unit}）", f"Yearly change ({unit})")[i]:
                            [f"{g:+.4g}{marks.get(g, '')}" for g in growths]})
        for s in sorted({self.start_shock, *shocks}, reverse=True):
            head = (f"冲击 {s:+.0f}%（{self.shock_year}年起）", f"Shock {s:+.0f}% from {self.shock_year}")[i]
            out[head] = [views.percent(self.result(g, s).probability) for g in growths]
        return out

    # -- words ---------------------------------------------------------------------------------------------------

    def name(self, lang: str = "zh") -> str:
        return str(self.row[("name_zh", "name_en")[check_lang(lang)]])

    def growth_unit(self, lang: str = "zh") -> str:
        i = check_lang(lang)
        if self.measure == "level":
            return ("百分点/年", "pp/yr")[i]
        if self.measure == "share":
            return ("百分点/年", "pp/yr")[i]
        return (f"{units.label(self.unit, lang)}/年", f"{units.label(self.unit, lang)}/yr")[i]

    def assumptions(self, lang: str = "zh") -> str:
        """The scenario's assumptions for this target, in ``lang`` (the sliders' starting values)."""
        i = check_lang(lang)
        title = self.scenario.title(lang)
        if self._plan:
            return (f"{title}：按实现目标所需的路径增长", f"{title}: the path the target requires")[i]
        parts = []
        if self.start_growth:
            what = ("年增速", "yearly growth")[i] if self.measure == "level" else ("年变化", "yearly change")[i]
            parts.append(f"{what} {self.start_growth:+g} {self.growth_unit(lang)}")
        if self.start_shock:
            parts.append((f"{self.shock_year}年起一次性冲击 {self.start_shock:+.1f}%",
                          f"a one-off shock of {self.start_shock:+.1f}% from {self.shock_year}")[i])
        for s in self._other_shocks:
            parts.append((f"{s['year']}年起冲击 {s['change_pct']:+g}%", f"a shock of {s['change_pct']:+g}% from "
                          f"{s['year']}")[i])
        if not parts:
            parts.append(("趋势外推，无附加假设", "the trend, nothing added")[i])
        return f"{title}：" + "，".join(parts) if i == 0 else f"{title}: " + ", ".join(parts)

    def describe(self, res: Result, lang: str = "zh") -> dict[str, str]:
        """The numbers printed beside the chart, labelled in ``lang``."""
        i = check_lang(lang)
        unit = units.label(self.unit, lang)
        cumulative = self.kind == "cumulative"
        since = self.start_year or settings.PLAN_BASE_YEAR + 1
        what = ((f"{since}–{res.year}年累计", f"total {since}–{res.year}")[i] if cumulative
                else (f"{res.year}年", f"in {res.year}")[i])
        return {
            ("目标", "Target")[i]: f"{symbol(self.direction)}{views.stated(self.target)} {unit}（{res.year}年）" if i == 0
            else f"{symbol(self.direction)}{views.stated(self.target)} {unit} by {res.year}",
            ("最新值", "Latest")[i]: f"{views.number(self.series.iloc[-1], self.unit)} {unit}（{self.last}年）" if i == 0
            else f"{views.number(self.series.iloc[-1], self.unit)} {unit} ({self.last})",
            (f"预测中位数（{what}）", f"Projected median ({what})")[i]: f"{views.number(res.median, self.unit)} {unit}",
            ("80% 区间", "80% interval")[i]: f"{views.number(res.lower_80, self.unit)}–"
                                            f"{views.number(res.upper_80, self.unit)} {unit}",
            ("实现概率", "Probability of reaching it")[i]: views.percent(res.probability),
            ("记分卡（情景假设下）", "Scorecard (scenario's assumptions)")[i]: views.percent(self.row["probability"]),
        }


class _LiveChart:
    """The explorer's fan chart, drawn once; a slider move repaints only the band, the median and the few artists
    lying on top of them (blitting on matplotlib's Agg canvas), so an update costs milliseconds, not a layout.

    The legend sits under the axes, where the band never reaches; the image is drawn at the resolution at which
    its smallest text is body-text size on a standard screen (:func:`kpi.present.views.display_width`), 1:1.
    """

    def __init__(self, ex: Explorer, *, lang: str) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch
        from matplotlib.text import Annotation

        style.use_house_style()
        self.ex = ex
        cumulative = ex.kind == "cumulative"
        title = ex.name(lang) + (("（年度值；目标为累计值，见右侧）", " (yearly values; the target is a total, "
                                  "see the right)")[check_lang(lang)] if cumulative else "")
        kw = {} if cumulative else dict(target=ex.target, target_year=ex.target_year, direction=ex.direction)
        # a figure of its own, outside pyplot: the notebook's inline backend must not show it a second time
        self.fig = Figure(figsize=FIGSIZE)
        FigureCanvasAgg(self.fig)
        ax = self.ax = self.fig.add_subplot()
        charts.fan_chart(ex.series, None, indicator=ex.indicator, lang=lang, title=title, ax=ax, **kw)
        c = style.COLORS
        q = ex.summary()
        self.x = np.concatenate([[ex.last], q.index.to_numpy(dtype=float)])
        self.band95 = ax.fill_between(self.x, *self._band(q, 95), color=c["band95"], lw=0, zorder=1)
        self.band80 = ax.fill_between(self.x, *self._band(q, 80), color=c["band80"], lw=0, zorder=1)
        (self.median,) = ax.plot(self.x, self._with_last(q["median"]), color=c["projection"], lw=2, ls="--", zorder=4)
        old = ax.get_legend()
        handles = [Line2D([], [], color=c["projection"], lw=2, ls="--", label=charts.t("projection", lang)),
                   Patch(color=c["band80"], label=charts.t("band80", lang)),
                   Patch(color=c["band95"], label=charts.t("band95", lang))]
        ax.legend(handles=list(old.legend_handles) + handles,
                  labels=[x.get_text() for x in old.get_texts()] + [h.get_label() for h in handles],
                  loc="upper left", bbox_to_anchor=(0.0, -0.16), ncol=2)
        ax.set_ylim(*self._limits())
        for a in ax.texts:  # the illustrative-data label goes over the chart's top right, clear of the legend
            if isinstance(a, Annotation) and a.xycoords == "axes fraction":
                a.xy, a.xyann = (1.0, 1.0), (0, 6)
                a.set_verticalalignment("bottom")
        # what lies on top of the band inside the axes is drawn again over it on every update, in z-order
        self.dynamic = sorted([a for a in [*ax.lines, *ax.collections, *ax.texts] if a.get_zorder() >= 1
                               and not (isinstance(a, Annotation) and a.xycoords == "axes fraction")],
                              key=lambda a: a.get_zorder())
        for a in self.dynamic:
            a.set_animated(True)
        ax.get_xticklabels(), ax.get_yticklabels()  # the ticks exist now: their size counts
        self.dpi = 72.0 * style.BODY_TEXT_PX / views.smallest_text_pt(self.fig)
        self.fig.set_dpi(self.dpi)
        self.fig.set_layout_engine("tight")
        self.fig.canvas.draw()
        self.fig.set_layout_engine("none")
        self.background = self.fig.canvas.copy_from_bbox(self.fig.bbox)
        self.width_css = int(round(self.fig.bbox.width))

    def _with_last(self, values: pd.Series) -> np.ndarray:
        return np.r_[float(self.ex.series.iloc[-1]), values.to_numpy(dtype=float)]

    def _band(self, q: pd.DataFrame, level: int) -> tuple[np.ndarray, np.ndarray]:
        return self._with_last(q[f"lower_{level}"]), self._with_last(q[f"upper_{level}"])

    def _limits(self) -> tuple[float, float]:
        """Fixed y limits covering the band at both ends of both sliders, the history and the target: the
        axes never rescale, so moves read against the same frame (and the background stays valid)."""
        ex = self.ex
        g_lo, g_hi, _ = ex.growth_slider()
        s_lo, s_hi, _ = ex.shock_slider()
        qs = [ex.summary(g, s) for g in (g_lo, g_hi) for s in (s_lo, s_hi)]
        lo = min(float(ex.series.min()), *(float(q["lower_95"].min()) for q in qs))
        hi = max(float(ex.series.max()), *(float(q["upper_95"].max()) for q in qs))
        if ex.kind != "cumulative":
            lo, hi = min(lo, ex.target), max(hi, ex.target)
        pad = 0.06 * (hi - lo or abs(hi) or 1.0)
        lo = 0.0 if lo >= 0 and lo - pad < 0.15 * hi else lo - pad
        return lo, hi + 4 * pad  # room above for the legend

    def png(self, q: pd.DataFrame) -> bytes:
        """The chart with the fan of ``q`` (an :meth:`Explorer.summary`), as PNG bytes."""
        from PIL import Image

        for poly, level in ((self.band95, 95), (self.band80, 80)):
            lo, hi = self._band(q, level)
            poly.set_verts([np.column_stack([np.r_[self.x, self.x[::-1]], np.r_[lo, hi[::-1]]])])
        self.median.set_ydata(self._with_last(q["median"]))
        canvas = self.fig.canvas
        canvas.restore_region(self.background)
        for a in self.dynamic:
            self.ax.draw_artist(a)
        w, h = canvas.get_width_height(physical=True)
        image = Image.frombuffer("RGBA", (w, h), canvas.buffer_rgba(), "raw", "RGBA", 0, 1).convert("RGB")
        buf = io.BytesIO()
        image.save(buf, format="png", compress_level=1)
        return buf.getvalue()


def _option_label(row, lang: str) -> str:
    i = check_lang(lang)
    name = row["name_zh"] if i == 0 else row["name_en"]
    unit = units.label(str(row["unit"]), lang)
    return (f"{name}  {symbol(row['direction'])}{views.stated(row['target_value'])}{unit}（{int(row['target_year'])}年）",
            f"{name}  {symbol(row['direction'])}{views.stated(row['target_value'])} {unit} by "
            f"{int(row['target_year'])}")[i]


def _panel_html(pairs: dict[str, str], note: str = "") -> str:
    import html

    rows = "".join(f"<tr><th style='text-align:left;padding-right:1em'>{html.escape(k)}</th>"
                   f"<td style='text-align:right'>{html.escape(v)}</td></tr>" for k, v in pairs.items())
    extra = f"<p style='max-width:22em'>{html.escape(note)}</p>" if note else ""
    return f"<table class='kpi-explorer-numbers' style='font-size:14px'>{rows}</table>{extra}"


def widget(card: pd.DataFrame, history: pd.DataFrame, *, scenario: str = "baseline", target: str | None = None,
           lang: str = "zh"):
    """The explorer as an ipywidgets panel: a target dropdown, the scenario's assumptions, growth and shock
    sliders, the live chart and, beside it, the target-year value, band and probability.

    A ``target`` that cannot be explored is reported in the panel (why, in ``lang``) instead of raising.
    """
    import html

    import ipywidgets as w

    i = check_lang(lang)
    ids = explorable(card, scenario=scenario)
    rows = card[card["scenario"] == scenario]
    options = [(_option_label(rows.loc[tid], lang), tid) for tid in ids]
    message = w.HTML()
    if target is not None and target not in ids:
        try:
            Explorer(card, history, target, scenario=scenario)
        except NotExplorable as exc:
            message.value = f"<p style='color:#b00020'>{html.escape(exc.message(lang))}</p>"
        except ValueError as exc:
            message.value = f"<p style='color:#b00020'>{html.escape(str(exc))}</p>"
        target = None
    if not ids:
        message.value += ("<p>此情景下没有可探索的目标。</p>", "<p>No target can be explored in this scenario.</p>")[i]
        return w.VBox([message])
    pick = w.Dropdown(options=options, value=target or ids[0], description=("目标", "Target")[i],
                      layout=w.Layout(width="95%"), style={"description_width": "initial"})
    head = w.HTML()
    growth = w.FloatSlider(continuous_update=False, readout_format=".2f", style={"description_width": "initial"},
                           layout=w.Layout(width="48%"))
    shock = w.FloatSlider(continuous_update=False, readout_format=".1f", style={"description_width": "initial"},
                          layout=w.Layout(width="48%"))
    image = w.Image(format="png")
    numbers = w.HTML()
    cache: dict[str, tuple[Explorer, _LiveChart]] = {}
    state = {"busy": False}

    def current() -> tuple[Explorer, _LiveChart]:
        tid = pick.value
        if tid not in cache:
            ex = Explorer(card, history, tid, scenario=scenario)
            cache[tid] = (ex, _LiveChart(ex, lang=lang))
        return cache[tid]

    def update(*_) -> None:
        if state["busy"]:
            return
        ex, chart = current()
        res = ex.result(growth.value, shock.value)
        image.value = chart.png(ex.summary(growth.value, shock.value))
        numbers.value = _panel_html(ex.describe(res, lang))

    def choose(*_) -> None:
        ex, chart = current()
        state["busy"] = True
        try:
            lo, hi, step = ex.growth_slider()
            growth.min, growth.max = -1e9, 1e9  # widen first: min may not pass max in between
            growth.min, growth.max, growth.step, growth.value = lo, hi, step, ex.start_growth
            s_lo, s_hi, s_step = ex.shock_slider()
            shock.min, shock.max = -1e9, 1e9
            shock.min, shock.max, shock.step, shock.value = s_lo, s_hi, s_step, ex.start_shock
            growth.description = (f"年变化（{ex.growth_unit(lang)}）", f"Yearly change ({ex.growth_unit(lang)})")[i]
            shock.description = (f"一次性冲击（%，{ex.shock_year}年起）", f"One-off shock (%, from {ex.shock_year})")[i]
            head.value = f"<p><b>{html.escape(ex.assumptions(lang))}</b></p>"
            image.layout.width = f"{chart.width_css}px"
        finally:
            state["busy"] = False
        update()

    pick.observe(choose, "value")
    growth.observe(update, "value")
    shock.observe(update, "value")
    choose()
    panel = w.VBox([message, pick, head, w.HBox([growth, shock]), w.HBox([image, numbers])])
    panel.add_class("kpi-explorer")
    return panel


def show(card: pd.DataFrame, history: pd.DataFrame, *, scenario: str = "baseline", target: str = "gdp_2025",
         lang: str = "zh", interactive: bool = True) -> None:
    """Display the explorer (``interactive``), or — for a page built without a live kernel — what it would show
    for ``target`` in a small grid of precomputed cases, and a sentence saying the explorer needs a kernel."""
    from IPython.display import Markdown, display

    if interactive:
        display(widget(card, history, scenario=scenario, target=target, lang=lang))
        return
    i = check_lang(lang)
    display(Markdown(("**交互探索需要运行中的内核**：在 JupyterLab 中打开并运行本笔记本（`make lab`），即可选择任一目标、"
                      "拖动增速和冲击滑块。下表为预先算好的几种情形。",
                      "**The explorer needs a live kernel**: open and run this notebook in JupyterLab (`make lab`) "
                      "to choose any target and move the growth and shock sliders. Below, a few cases computed "
                      "in advance.")[i]))
    try:
        ex = Explorer(card, history, target, scenario=scenario)
    except NotExplorable as exc:
        display(Markdown(exc.message(lang)))
        return
    views.show_table(ex.grid(lang=lang), notes=[
        ("实现概率。", "Probability of reaching the target. ")[i] + _option_label(ex.row, lang)
        + ("；" if i == 0 else "; ") + ex.assumptions(lang)])
