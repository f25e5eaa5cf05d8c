"""Interactive scenario explorer for JupyterLab: move a growth assumption, see the path and probability at once.

The trend model is fitted and its paths simulated once; moving a slider only
re-applies the adjustment to the stored paths, so each update takes milliseconds.

Examples
--------
>>> from kpi.inputs.raw import load_history
>>> ex = Explorer(load_history(), "gdp", target=800, target_year=2025)
>>> p0 = ex.probability(0.0); p_hi = ex.probability(3.0)
>>> p_hi >= p0
True
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpi.inputs import registry
from kpi.present import charts
from kpi.model.assessment import projection_args
from kpi.model.scenarios import Scenario


class Explorer:
    """Paths for one zone indicator, adjustable by a yearly growth change (pp) and a one-year shock (%)."""

    def __init__(self, history: pd.DataFrame, indicator: str, *, target: float, target_year: int,
                 direction: str = ">=", region: str = "zone", seed: int = 0, n_paths: int = 2000) -> None:
        from kpi.inputs.history import series
        from kpi.model.projection import TrendModel

        self.indicator, self.target, self.target_year, self.direction = indicator, target, target_year, direction
        self.series = series(history, indicator, region)
        args = projection_args(registry.load_indicators(), indicator)
        if args is None:
            raise ValueError(f"{indicator}: indicator measure is not projected")
        self.measure = args["measure"]
        self.last = int(self.series.index.max())
        if target_year <= self.last:
            raise ValueError(f"{indicator}: target year {target_year} is not after the data ({self.last})")
        res = TrendModel(self.series, name=indicator, **args).fit()
        self.paths = res.simulate(until=target_year, n_paths=n_paths, seed=seed)

    def adjusted(self, growth_pp: float = 0.0, shock_pct: float = 0.0, shock_year: int | None = None) -> pd.DataFrame:
        key = "growth_pp" if self.measure == "level" else "increment"
        sc = Scenario(name="explore", title_zh="探索", title_en="explore", type="baseline", description="",
                      adjustments={self.indicator: {key: growth_pp}},
                      shocks=({"indicator": self.indicator, "year": shock_year or self.target_year,
                               "change_pct": shock_pct},) if shock_pct else ())
        return sc.apply(self.paths, indicator=self.indicator, measure=self.measure, last_year=self.last)

    def probability(self, growth_pp: float = 0.0, shock_pct: float = 0.0) -> float:
        at = self.adjusted(growth_pp, shock_pct).loc[self.target_year].to_numpy()
        if self.direction == "<=":
            return float(np.mean(at <= self.target))
        return float(np.mean(at >= self.target))

    def summary(self, growth_pp: float = 0.0, shock_pct: float = 0.0) -> pd.DataFrame:
        p = self.adjusted(growth_pp, shock_pct)
        q = p.quantile([0.025, 0.1, 0.5, 0.9, 0.975], axis=1).T
        q.columns = ["lower_95", "lower_80", "median", "upper_80", "upper_95"]
        return q

    def figure(self, growth_pp: float = 0.0, shock_pct: float = 0.0, *, lang: str = "zh"):
        return charts.fan_chart(self.series, self.summary(growth_pp, shock_pct), target=self.target,
                                target_year=self.target_year, direction=self.direction, indicator=self.indicator,
                                lang=lang, probability=self.probability(growth_pp, shock_pct))

    def widget(self, *, lang: str = "zh"):
        """An ipywidgets panel: sliders for growth (pp/yr) and a one-year shock, with the live chart."""
        import ipywidgets as w
        from IPython.display import display

        unit = "pp/yr" if self.measure == "level" else f"{registry.indicator_unit(self.indicator)}/yr"
        g = w.FloatSlider(value=0, min=-6, max=6, step=0.5, description=f"Δ ({unit})", continuous_update=False)
        s = w.FloatSlider(value=0, min=-20, max=0, step=1, description="shock %", continuous_update=False)
        out = w.Output()

        def draw(*_):
            with out:
                out.clear_output(wait=True)
                fig = self.figure(g.value, s.value, lang=lang)
                display(fig)
                charts.close(fig)

        g.observe(draw, "value")
        s.observe(draw, "value")
        draw()
        return w.VBox([w.HBox([g, s]), out])
