"""The project's vocabulary: every coded value with its Chinese and English label, defined once.

Charts, tables, the workbook export and the registries all read their labels here, so a verdict, an area or a
direction reads the same everywhere. Region names live in the region registry (``data/raw/regions.yaml``) and
unit names in :mod:`kpi.inputs.units`: they are data, not vocabulary.

Words with one meaning each:

``kind`` (of a target)
    the form a target takes: :data:`TARGET_KINDS` (level, share, count, cumulative, growth, relative,
    qualitative) — a column of the target registry and of the scorecard.
``measure`` (of an indicator or a projected series)
    what a series measures: :data:`MEASURES` (level, share, count, rate, rank, intensity); it decides the scale a
    series is projected on.
``type`` (of a scenario)
    :data:`SCENARIO_TYPES` (baseline, high, low, stress, plan).
``level`` (of a target)
    who must deliver it: :data:`TARGET_LEVELS` (the whole zone, a single company, a single project).
``status`` (of a value)
    how reliable it is: :data:`STATUSES` (official > preliminary > estimate > illustrative).

Examples
--------
>>> label(VERDICTS, "on_track", "zh"), label(AREAS, "energy", "en")
('有望实现', 'Energy')
>>> symbol(">="), symbol("~")
('≥', '≈')
"""

from __future__ import annotations

from typing import Mapping

LANGS = ("zh", "en")

#: Policy areas of the targets and indicators, in display order.
AREAS: dict[str, tuple[str, str]] = {
    "aggregates": ("总量", "Aggregates"), "industry": ("工业", "Industry"), "innovation": ("创新", "Innovation"),
    "energy": ("能源", "Energy"), "environment": ("环境", "Environment"), "opening": ("开放", "Opening-up"),
    "livelihood": ("民生", "Livelihood"), "agriculture": ("农业", "Agriculture"), "social": ("社会", "Social"),
}

#: Verdicts of the assessment, in display order (observed outcomes first, then probabilities, then unscored).
VERDICTS: dict[str, tuple[str, str]] = {
    "reached": ("已实现", "reached"),
    "missed": ("未实现", "missed"),
    "on_track": ("有望实现", "on track"),
    "at_risk": ("存在风险", "at risk"),
    "off_track": ("难以实现", "off track"),
    "insufficient": ("数据不足", "insufficient data"),
    "no_data": ("无数据", "no data"),
    "qualitative": ("定性目标", "qualitative"),
}

#: Directions of a target: the comparison, its symbol and how the plan words it.
DIRECTIONS: dict[str, tuple[str, str]] = {
    ">=": ("不低于（超、达到、以上）", "at least (超, 达到, 以上)"),
    "<=": ("不高于（以内、控制在）", "at most (以内, 控制在)"),
    "~": ("约（左右、约）", "about (左右, 约)"),
}
DIRECTION_SYMBOLS: dict[str, str] = {">=": "≥", "<=": "≤", "~": "≈"}

TARGET_KINDS: dict[str, tuple[str, str]] = {
    "level": ("总量水平", "level"), "share": ("比重", "share"), "count": ("数量", "count"),
    "cumulative": ("累计", "cumulative"), "growth": ("增速", "growth"), "relative": ("相对目标", "relative"),
    "qualitative": ("定性目标", "qualitative"),
}
TARGET_LEVELS: dict[str, tuple[str, str]] = {
    "zone": ("全区", "the whole zone"), "company": ("单个企业", "a single company"),
    "project": ("单个项目", "a single project"),
}
MEASURES: dict[str, tuple[str, str]] = {
    "level": ("总量", "level"), "share": ("比重", "share"), "count": ("数量", "count"), "rate": ("增速", "rate"),
    "rank": ("位次", "rank"), "intensity": ("强度", "intensity"),
}
SCENARIO_TYPES: dict[str, tuple[str, str]] = {
    "baseline": ("基准", "baseline"), "high": ("高增长", "high"), "low": ("低增长", "low"),
    "stress": ("冲击", "stress"), "plan": ("规划路径", "plan"),
}
STATUSES: dict[str, tuple[str, str]] = {
    "official": ("正式", "official"), "preliminary": ("初步", "preliminary"), "estimate": ("估计", "estimate"),
    "illustrative": ("示例", "illustrative"),
}

#: Censuses that re-base published statistics (their years: :data:`kpi.core.settings.CENSUSES`); an indicator
#: lists those that revise it (``censuses:`` in ``data/raw/indicators.yaml``).
CENSUS_KINDS: dict[str, tuple[str, str]] = {
    "economic": ("经济普查", "economic census"), "population": ("人口普查", "population census"),
}


def check_lang(lang: str) -> int:
    """0 for Chinese, 1 for English; ``ValueError`` for anything else."""
    if lang not in LANGS:
        raise ValueError(f"lang must be 'zh' or 'en', got {lang!r}")
    return LANGS.index(lang)


def label(table: Mapping[str, tuple[str, str]], code: str, lang: str = "zh") -> str:
    """The label of ``code`` in ``table`` in ``lang``; an unknown code is shown as it is."""
    i = check_lang(lang)
    pair = table.get(code)
    return pair[i] if pair else str(code)


def symbol(direction: str) -> str:
    """``≥``, ``≤`` or ``≈`` for a target's direction (empty for none)."""
    return DIRECTION_SYMBOLS.get(str(direction), "")
