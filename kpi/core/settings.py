"""Settings that are disclosed rather than hidden in code.

Examples
--------
>>> from unittest import mock
>>> with mock.patch.dict("os.environ", {"SOURCE_DATE_EPOCH": "1764000000"}):  # restored afterwards
...     analysis_year()
2025
"""

from __future__ import annotations

import datetime as dt
import os

#: Relative tolerance for the Chinese mid-term review class 基本符合预期: completion ρ within this
#: distance below time progress τ. No official value is published; this is a disclosed choice.
MIDTERM_TOLERANCE = 0.10

#: Plausibility of values (kpi.inputs.plausibility): a value is compared with the median of the other values of
#: its indicator and region within this many years (its neighbours, other sources and vintages of the same year).
PLAUSIBILITY_WINDOW = 2
#: A value this many times its reference (or this fraction of it) is reported: an error when the ratio is a
#: unit or decimal slip (×10, ×100, ×1000, ×10⁴, ×10⁸ within a factor of two), else a warning.
PLAUSIBILITY_MIN_RATIO = 5.0
#: Counts whose reference is below this are not compared (a flow of 2 firms becoming 14 is no slip).
PLAUSIBILITY_MIN_COUNT = 20.0

#: Relative revision of a year two vintages of a table share beyond which it counts as revised: a level break
#: (census revision) when any year other than the older vintage's latest is revised this much. Routine revisions
#: of the last year reach about 1 %; corrections of older years in the shipped editions stay below 0.5 %, census
#: revisions are 1–17 %.
LEVEL_BREAK_TOLERANCE = 0.005

#: The final evaluation's "usual revision" at a stage (kpi.model.final): this quantile of the absolute revisions
#: measured in the yearbook vintages at that stage (9 of 10 were smaller). An outcome whose distance from the line
#: that decides it is no larger could flip when the figure is revised. A disclosed choice.
REVISION_QUANTILE = 0.9

#: Longest text accepted in any cell of a hand-filled workbook.
MAX_TEXT_LENGTH = 2000


def source_date() -> dt.datetime | None:
    """The date of the inputs and code: ``SOURCE_DATE_EPOCH`` when set, else the last commit's date, else None.

    Outputs are stamped with this date, never with the clock, so a rebuild of the same commit is identical.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        epoch = _last_commit_epoch()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).replace(tzinfo=None)
    return None


def _last_commit_epoch() -> str:
    """The last commit's time, asked of git (loaders ask once per file, not per row)."""
    import subprocess

    from kpi.core import paths

    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=paths.ROOT, capture_output=True, text=True,
                             timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip() if out.returncode == 0 else ""


def analysis_year() -> int:
    """The year of the analysis: the year of :func:`source_date` (reproducible builds), else today's.

    History rows dated after this year are refused as "future years in history". The Makefile sets
    ``SOURCE_DATE_EPOCH`` from the last commit, so a rebuild of the same commit gives the same result.
    """
    when = source_date()
    return when.year if when else dt.date.today().year

#: The base year of the plan period: 2020, the base of the 十四五 period 2021–2025 that the plan's targets run
#: through (到2025年; 五年内 = 2021–2025; 力争在“十四五”期间). One convention for every target: time progress
#: τ = (latest year − base year) / (target year − base year), completion ρ and the growth since the base are
#: measured from the value in this year; a target that states its own start year is measured from the year
#: before it (悦达起亚 2022–2025: base 2021). Flows are summed from the year after the base.
PLAN_BASE_YEAR = 2020

#: The last complete year before the plan was adopted (March 2022): ``as_of`` of the review "what could have
#: been said when the plan was written".
PLAN_WRITTEN_AFTER = 2021

#: Progress measures (ratios, shares of a distance, ρ and τ) are compared with their class thresholds at this
#: many decimals — the precision at which they are shown (0.1 %) — so that float noise (0.94999… for an exact
#: 0.95) never flips a class.
PROGRESS_DECIMALS = 3

#: Growth rates are compared (relative targets: 快于, 不低于) at this many decimals of a percentage point, the
#: precision at which statistical communiqués publish them.
GROWTH_DECIMALS = 1

#: Verdict thresholds on the probability of reaching a target (disclosed choices).
PROB_ON_TRACK = 0.7
PROB_OFF_TRACK = 0.3

#: A target stated as "about" (左右, direction '~') counts as reached at this share of its value or more
#: (≈3 % is reached at 2.85 %); more than the value also counts (more R&D is not a failure).
ABOUT_TOLERANCE = 0.05

#: Simulated paths per series in the assessment (seeded).
N_PATHS = 2000

#: China's statistical censuses whose results revise published levels: census year → the first yearbook edition
#: carrying the revised series is the year + ``lag``. Economic census (全国经济普查, every 5 years in years ending in
#: 3 and 8, 《全国经济普查条例》) re-bases GDP and value added: the 2018 census first appears in the 2020 edition of
#: 江苏统计年鉴 (Yancheng 2017 GDP 5082.69 → 4990.12). Population census (全国人口普查, every 10 years in years ending
#: in 0, 《全国人口普查条例》) re-bases per-person figures: the 2020 census first appears in the 2021 edition (苏州's
#: 2019 GDP per capita −15 %). The lags are those of the Jiangsu editions; future censuses are listed so that a
#: projection knows when its horizon will cross one (:mod:`kpi.model.projection`).
CENSUSES: dict[str, dict[str, object]] = {
    "economic": {"years": (2004, 2008, 2013, 2018, 2023, 2028, 2033), "lag": 2},
    "population": {"years": (2000, 2010, 2020, 2030, 2040), "lag": 1},
}
