"""kpi — will the plan's targets be met?

Target registry, historical data with provenance, calibrated projections,
reachability verdicts, scenarios and bilingual briefing outputs for the Yancheng
Economic and Technological Development Zone's 2025 targets (盐开发〔2022〕4号).

The package is layered; a layer imports only the layers below it (``ARCHITECTURE.md``)::

    kpi.build     the main job, notebook runner, command line
    kpi.present   labels in use, charts, tables for people, briefing PDF, workbook export, explorer
    kpi.model     projection and its calibration, progress measures, assessment, scenarios, coherence
    kpi.inputs    workbooks, cells, units, registries, yearbook specs, facts, history, targets
    kpi.core      paths, errors, settings, vocabulary and labels, atomic output files, the one cache

Public API (every name below is imported here; each may be called any number of times)::

    kpi.load_targets()        the target registry (validated DataFrame); plan="<plan id>" for another plan folder
    kpi.load_plans()          every plan folder under data/raw/plans: id, period, base year, status… (default first)
    kpi.targets_overview()    targets by area and year
    kpi.load_indicators()     the indicator registry
    kpi.load_regions()        the region registry
    kpi.load_history()        tidy history: indicator, region, year, value, unit, status, source, vintage, note…
                              (census-consistent; basis="published" for the values as published)
    kpi.load_facts()          published facts with URLs and reliability
    kpi.project(y, until=…, indicator="gdp")  calibrated trend projection with 80/95 % intervals (the indicator
                              picks the registry's calibration; without one, the competition panel — see attrs)
    kpi.TrendModel            the model behind project (fit → results)
    kpi.assess()              one row per target: progress scores, probability, verdict (plan=… for another plan:
                              its base year, period and region are used throughout)
    kpi.analyse()             the scorecard and the projection table from the same simulated paths (plan=… too)
    kpi.achievable(ind, year=2030)  the level reached with 90/70/50/30/10 % probability (the scorecard's paths)
    kpi.draft_target(ind, year=…, value=…)  a draft target's probability and official progress measures
    kpi.track_record()        what the tool said at each earlier as_of against what happened (Brier, reliability)
    kpi.load_scenario(name)   one validated scenario; kpi.load_scenarios() all of them
    kpi.write_history_workbook(path)  the blank template for adding official figures
    kpi.final_evaluation()    总结评估: the outcome of every target whose year has data, with its revision risk

Examples
--------
>>> import kpi
>>> kpi.load_targets().loc["gdp_2025", "value"]
np.float64(800.0)
"""

from __future__ import annotations

from kpi.core.errors import DataValidationError, Report, UnusableInputError
from kpi.inputs.facts import load_facts
from kpi.inputs.registry import load_indicators, load_regions
from kpi.inputs.raw import load_history, load_plans, load_targets, targets_overview
from kpi.inputs.template import write_history_workbook
from kpi.model.achievable import achievable, draft_target
from kpi.model.assessment import analyse, assess
from kpi.model.final import final_evaluation
from kpi.model.projection import TrendModel, project
from kpi.model.scenarios import load_scenario, load_scenarios
from kpi.model.track_record import track_record

__version__ = "0.1.0"

__all__ = ["DataValidationError", "Report", "TrendModel", "UnusableInputError", "achievable", "analyse", "assess",
           "draft_target", "final_evaluation", "load_facts", "load_history", "load_indicators", "load_plans",
           "load_regions", "load_scenario", "load_scenarios", "load_targets", "project", "targets_overview",
           "track_record", "write_history_workbook"]
