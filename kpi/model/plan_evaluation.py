"""Every plan folder evaluated with the same machinery: one scorecard per plan and a one-row-a-plan summary.

A plan is a folder of data (:mod:`kpi.inputs.plans`). The default plan (盐开发〔2022〕4号) keeps its outputs where
they always were (``data/processed/scorecard.csv`` …, every scenario); each further plan is assessed under the
baseline scenario with its own base year, period and region (:func:`kpi.model.assessment.analyse` with
``plan=``) and gets its scorecard and 指标完成情况表 in ``data/processed/plans/<plan id>/``. :func:`plans_table`
is the summary every output shows (其他规划 Other plans): plan, period, base year, status, targets counted and how
many are reached, on track, at risk, off track, missed.

Examples
--------
>>> from kpi.inputs.plans import Plan
>>> p = Plan("x", "某规划", "A plan", "某委", "2016-01-01", 2016, 2020, 2015, "illustrative")
>>> card = pd.DataFrame({"verdict": ["reached", "off_track", "qualitative"], "component_of": [None, None, None],
...                      "scenario": "baseline"}, index=["a", "b", "c"])
>>> row = plans_table([p], {"x": card}).iloc[0]
>>> int(row["targets"]), int(row["reached"]), int(row["off_track"]), int(row["unscored"])
(3, 1, 1, 1)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from kpi.core import labels
from kpi.model import assessment
from kpi.model.completion import completion_table

if TYPE_CHECKING:  # pragma: no cover - types only
    from kpi.inputs.plans import Plan
    from kpi.inputs.raw import ParsedPlan

#: The verdict counts of :func:`plans_table`, in the order shown; every other verdict counts as ``unscored``.
COUNTED = ("reached", "holding", "on_track", "at_risk", "off_track", "lagging", "missed")
#: Columns of :func:`plans_table` (``plans.csv``).
SUMMARY_COLUMNS = ("plan", "label_zh", "label_en", "document", "issuer", "date", "period_start", "period_end",
                   "base_year", "status", "status_zh", "status_en", "region", "default", "targets", *COUNTED,
                   "unscored")
#: Columns put before a further plan's scorecard columns (``plans_scorecard.csv``): which plan, and what it is.
PLAN_COLUMNS = ("plan", "plan_status", "plan_base_year")


def evaluate_plan(plan: Plan, targets: pd.DataFrame, history: pd.DataFrame, *, seed: int = 0,
                  scenario: str | object = "baseline") -> pd.DataFrame:
    """One plan's scorecard under one scenario, each row stamped with the plan's id, status and base year.

    Parameters
    ----------
    plan : Plan
        The plan (its base year, period and region are used throughout, :func:`kpi.model.assessment.analyse`).
    targets : DataFrame
        Its validated registry (:func:`kpi.load_targets` with ``plan=``).
    history : DataFrame
        The selected history.
    seed : int
        Seed of the simulated paths.
    scenario : str or Scenario
        The scenario (default the baseline).

    Returns
    -------
    DataFrame
        The :func:`kpi.model.assessment.assess` table, indexed by target id, with :data:`PLAN_COLUMNS` first.
    """
    card = assessment.assess(plan=plan, targets=targets, history=history, scenario=scenario, seed=seed)
    for pos, (col, value) in enumerate(zip(PLAN_COLUMNS, (plan.id, plan.status, plan.base_year))):
        card.insert(pos, col, value)
    return card


def plan_completion(card: pd.DataFrame, history: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    """The plan's 指标完成情况表 (:func:`kpi.model.completion.completion_table`), its year columns from the year
    after the plan's base year, measured on the plan's region; stamped with the plan's id and status."""
    table = completion_table(card, history, scenario=str(card["scenario"].iloc[0]) if len(card) else "baseline",
                             region=plan.region, first_year=plan.base_year + 1)
    table.insert(0, "plan_status", plan.status)
    table.insert(0, "plan", plan.id)
    return table


def plans_table(plans: Iterable[Plan], cards: Mapping[str, pd.DataFrame], *,
                default: str | None = None, scenario: str = "baseline") -> pd.DataFrame:
    """One row a plan: what it is and how its targets stand (the 其他规划 Other plans table).

    Parameters
    ----------
    plans : iterable of Plan
        The plans, in the order shown.
    cards : mapping of plan id to DataFrame
        Each plan's scorecard (rows of other scenarios are ignored; a component of another target is not counted).
    default : str, optional
        The id of the default plan (column ``default`` True on its row).
    scenario : str
        Whose verdicts are counted.

    Raises
    ------
    ValueError
        If a plan has no scorecard in ``cards``.
    """
    rows = []
    for p in plans:
        if p.id not in cards:
            raise ValueError(f"no scorecard for plan {p.id!r}; scorecards given: {', '.join(cards) or 'none'}")
        card = cards[p.id]
        if "scenario" in card.columns:
            card = card[card["scenario"] == scenario]
        if "component_of" in card.columns:
            card = card[card["component_of"].isna()]
        counts = card["verdict"].value_counts()
        zh, en = labels.PLAN_STATUSES[p.status]
        rows.append({"plan": p.id, "label_zh": p.label("zh"), "label_en": p.label("en"), "document": p.document,
                     "issuer": p.issuer, "date": p.date, "period_start": p.period_start, "period_end": p.period_end,
                     "base_year": p.base_year, "status": p.status, "status_zh": zh, "status_en": en,
                     "region": p.region, "default": p.id == default, "targets": int(len(card)),
                     **{v: int(counts.get(v, 0)) for v in COUNTED},
                     "unscored": int(len(card) - sum(int(counts.get(v, 0)) for v in COUNTED))})
    return pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))


@dataclass(frozen=True)
class PlanEvaluation:
    """Every plan folder evaluated: the summary (:func:`plans_table`), and each further plan's scorecard and
    指标完成情况表 by plan id (the default plan's own tables are the main scorecard's)."""

    summary: pd.DataFrame
    cards: dict[str, pd.DataFrame] = field(default_factory=dict)
    completions: dict[str, pd.DataFrame] = field(default_factory=dict)

    def further_cards(self) -> pd.DataFrame:
        """The further plans' scorecards in one table (``plans_scorecard.csv``), plan by plan; with the columns
        and no row when there is no further plan."""
        frames = [c.reset_index() for c in self.cards.values()]
        if not frames:
            return pd.DataFrame(columns=[*PLAN_COLUMNS, "id", *assessment.COLUMNS])
        return pd.concat(frames, ignore_index=True)


def evaluate_plans(parsed: Mapping[str, ParsedPlan], history: pd.DataFrame, *, default: str,
                   default_card: pd.DataFrame, scenario: str | object = "baseline", seed: int = 0) -> PlanEvaluation:
    """Evaluate every plan folder: each further plan with its own base year, period and region.

    Parameters
    ----------
    parsed : mapping of plan id to ParsedPlan
        Every plan folder's parse (:attr:`kpi.inputs.raw.ParsedRaw.plans`); all must be free of errors.
    history : DataFrame
        The selected history.
    default : str
        The default plan's id: its scorecard is ``default_card`` (assessed already, every scenario).
    default_card : DataFrame
        The default plan's scorecard.
    scenario : str or Scenario
        The scenario the further plans are assessed under (the baseline).
    seed : int
        Seed of the simulated paths.

    Raises
    ------
    ValueError
        If a plan folder's plan sheet could not be read (its problems stop the build before this is called), or
        the default plan is not among them.
    """
    if default not in parsed:
        raise ValueError(f"the default plan {default!r} is not among the plan folders: {', '.join(parsed)}")
    broken = [k for k, p in parsed.items() if p.plan is None]
    if broken:
        raise ValueError(f"plan folder(s) {', '.join(broken)} have no valid plan sheet: run kpi validate")
    order = [default, *sorted(k for k in parsed if k != default)]
    cards = {k: evaluate_plan(parsed[k].plan, parsed[k].targets, history, seed=seed, scenario=scenario)
             for k in order[1:]}
    completions = {k: plan_completion(cards[k], history, parsed[k].plan) for k in order[1:]}
    summary = plans_table([parsed[k].plan for k in order], {default: default_card, **cards}, default=default,
                          scenario=getattr(scenario, "name", scenario))
    return PlanEvaluation(summary, cards, completions)
