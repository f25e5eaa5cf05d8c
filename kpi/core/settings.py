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

#: Adjacent-year ratio above which a series is refused as "units mixed" (万元 values among 亿元).
UNIT_JUMP_RATIO = 50.0

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
