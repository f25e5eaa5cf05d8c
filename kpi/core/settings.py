"""Settings that are disclosed rather than hidden in code.

Examples
--------
>>> import os; os.environ["SOURCE_DATE_EPOCH"] = "1764000000"
>>> analysis_year()
2025
>>> del os.environ["SOURCE_DATE_EPOCH"]
"""

from __future__ import annotations

import datetime as dt
import functools
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


@functools.lru_cache(maxsize=1)
def _last_commit_epoch() -> str:
    """The last commit's time (asked of git once per process: loaders check every row's year against it)."""
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

#: The last complete year before the plan (adopted March 2022): the base of time progress τ and of the
#: distance-to-target measures, unless a target states its own start year.
PLAN_BASE_YEAR = 2021

#: Verdict thresholds on the probability of reaching a target (disclosed choices).
PROB_ON_TRACK = 0.7
PROB_OFF_TRACK = 0.3

#: A target stated as "about" (左右, direction '~') counts as reached at this share of its value or more.
ABOUT_TOLERANCE = 0.05

#: Simulated paths per series in the assessment (seeded).
N_PATHS = 2000
