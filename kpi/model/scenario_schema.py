"""The schema of a scenario file (pydantic models; read by :func:`kpi.model.scenarios.validate_scenario`).

Each field's ``description`` is what a problem with it says was expected. Imported when a scenario file is read,
so the package imports without pydantic.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from kpi.core import labels
from kpi.inputs.yamlcheck import Strict

TYPES = tuple(labels.SCENARIO_TYPES)
#: Largest growth adjustment a scenario may make (percentage points a year, either way).
GROWTH_PP_LIMIT = 20.0
_GROWTH = f"a number between {-GROWTH_PP_LIMIT:g} and {GROWTH_PP_LIMIT:g}"


class Adjustment(Strict):
    growth_pp: float | None = Field(None, ge=-GROWTH_PP_LIMIT, le=GROWTH_PP_LIMIT,
                                    description=_GROWTH + " (percentage points added to yearly growth)")
    increment: float | None = Field(None, ge=-GROWTH_PP_LIMIT, le=GROWTH_PP_LIMIT,
                                    description=_GROWTH + " (units or points added per year)")


class Shock(Strict):
    indicator: str = Field(description="an indicator id from data/raw/indicators.yaml or 'all'")
    year: int = Field(ge=2000, le=2100, description="a whole year such as 2023")
    change_pct: float = Field(ge=-99.0, le=100.0, description="a percent change between -99 and 100")
    note: str | None = Field(None, description="a text")


class Capacity(Strict):
    indicator: str = Field(description="an indicator id from data/raw/indicators.yaml")
    year: int = Field(ge=2000, le=2100, description="a whole year such as 2023")
    add: float = Field(ge=0.0, description="a non-negative amount in the indicator's unit (capacity only comes on "
                       "line)")
    note: str | None = Field(None, description="a text")


class ScenarioFile(Strict):
    """The keys of a scenario file (see the module docstring)."""

    name: str = Field(min_length=1, description="the file's name without .yaml")
    title_zh: str = Field(min_length=1, description="a Chinese title")
    title_en: str = Field(min_length=1, description="an English title")
    type: Literal[TYPES] = Field(description=" | ".join(TYPES))  # type: ignore[valid-type]  # labels.SCENARIO_TYPES
    description: str = Field(min_length=1, description="what the scenario assumes, in words")
    description_zh: str | None = Field(None, description="the same in Chinese (optional)")
    adjustments: dict[str, Adjustment] = Field(default_factory=dict, description="indicator id (or default): "
                                               "{growth_pp: …} or {increment: …}")
    shocks: list[Shock] = Field(default_factory=list, description="a list of {indicator, year, change_pct, note}")
    capacity: list[Capacity] = Field(default_factory=list, description="a list of {indicator, year, add, note}")
