"""The project's vocabulary: every coded value with its Chinese and English label, defined once.

Charts, tables, the workbook export and the registries all read their labels here, so a verdict, an area or a
direction reads the same everywhere. Region names live in the region registry (``data/raw/regions.yaml``) and
unit names in :mod:`kpi.inputs.units`: they are data, not vocabulary.

Words with one meaning each:

``kind`` (of a target)
    the form a target takes: :data:`TARGET_KINDS` (level, share, count, cumulative, average, growth, relative,
    qualitative) — a column of the target registry and of the scorecard. ``average`` is a yearly average of a
    flow over the target's years (年均新增30家): completed by the sum of the flows since its start.
``measure`` (of an indicator or a projected series)
    what a series measures: :data:`MEASURES` (level, share, count, rate, rank, intensity); it decides the scale a
    series is projected on.
``type`` (of a scenario)
    :data:`SCENARIO_TYPES` (baseline, high, low, stress, plan).
``type`` (of a region)
    :data:`REGION_TYPES` (zone, city, area, province, country): what a region of the region registry is; its
    ``parent`` is the region it belongs to.
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

#: Verdicts of the assessment, in display order: observed outcomes first (the target year is observed), then
#: conditions observed so far (a target that must hold over the whole period, such as growth faster than the city,
#: checked on the years observed), then probabilities of a future event, then what cannot be scored.
VERDICTS: dict[str, tuple[str, str]] = {
    "reached": ("已实现", "reached"),
    "missed": ("未实现", "missed"),
    "holding": ("迄今达到", "met so far"),
    "lagging": ("迄今未达到", "not met so far"),
    "on_track": ("有望实现", "on track"),
    "at_risk": ("存在风险", "at risk"),
    "off_track": ("难以实现", "off track"),
    "insufficient": ("数据不足", "insufficient data"),
    "no_data": ("无数据", "no data"),
    "watch": ("需关注", "watch: trend against the goal"),
    "qualitative": ("定性目标", "qualitative"),
}
#: The verdict families: an observed outcome, a condition observed so far, a probability, no score.
OUTCOME_VERDICTS = ("reached", "missed")
SO_FAR_VERDICTS = ("holding", "lagging")
PROBABILITY_VERDICTS = ("on_track", "at_risk", "off_track")
UNSCORED_VERDICTS = ("insufficient", "no_data", "watch", "qualitative")

#: Directions of a target: the comparison, its symbol and how the plan words it.
DIRECTIONS: dict[str, tuple[str, str]] = {
    ">=": ("不低于（超、达到、以上）", "at least (超, 达到, 以上)"),
    "<=": ("不高于（以内、控制在）", "at most (以内, 控制在)"),
    "~": ("约（左右、约）", "about (左右, 约)"),
    ">": ("高于（快于）", "above (快于, 高于)"),
}
DIRECTION_SYMBOLS: dict[str, str] = {">=": "≥", "<=": "≤", "~": "≈", ">": ">"}

TARGET_KINDS: dict[str, tuple[str, str]] = {
    "level": ("总量水平", "level"), "share": ("比重", "share"), "count": ("数量", "count"),
    "cumulative": ("累计", "cumulative"), "average": ("年均", "yearly average"), "growth": ("增速", "growth"),
    "relative": ("相对目标", "relative"), "qualitative": ("定性目标", "qualitative"),
}

#: Bases of a growth comparison (relative targets): comparable prices where both sides publish them.
GROWTH_BASES: dict[str, tuple[str, str]] = {
    "real": ("可比价", "real (comparable prices)"), "nominal": ("现价", "nominal (current prices)"),
    "rank": ("全市位次", "rank in the city"),
}

#: How a published figure's wording matches the indicator it is read as: ``exact`` (its name or a declared
#: alias), ``loose`` (a declared loose alias: a vaguer wording, used only when no exactly worded figure exists for
#: that year, and shown) or ``broader`` (a figure that contains the indicator: read as an upper bound).
WORDINGS: dict[str, tuple[str, str]] = {"exact": ("表述一致", "worded as the indicator"),
                                        "loose": ("表述宽泛", "loosely worded"),
                                        "broader": ("口径更宽（上限）", "a broader figure (an upper bound)")}
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
#: Types of the regions in the region registry, from the smallest to the largest (a region's parent is of a
#: later type than the region itself).
REGION_TYPES: dict[str, tuple[str, str]] = {
    "zone": ("开发区", "zone"), "city": ("市（州）", "city"), "area": ("区域", "area"),
    "province": ("省", "province"), "country": ("全国", "country"),
}
#: What a plan is (the ``status`` field of a plan folder's plan sheet, :mod:`kpi.inputs.plans`): an official
#: document, a draft, or an illustrative example whose targets are no one's (stamped as such on every output).
PLAN_STATUSES: dict[str, tuple[str, str]] = {
    "official": ("正式文件", "official document"), "draft": ("草案", "draft"),
    "illustrative": ("示例（非正式目标）", "illustrative (not official targets)"),
}
STATUSES: dict[str, tuple[str, str]] = {
    "official": ("正式", "official"), "preliminary": ("初步", "preliminary"), "estimate": ("估计", "estimate"),
    "illustrative": ("示例", "illustrative"),
}

#: Revision risk of an observed outcome (kpi.model.final): whether a revision of the usual size at the value's stage
#: could still flip it.
REVISION_RISKS: dict[str, tuple[str, str]] = {
    "could_flip": ("修订可能翻转", "could flip"), "safe": ("修订不改变结论", "safe"),
    "unmeasured": ("修订幅度无法衡量", "not measured"),
}

#: Why a target has no probability, shown beside the dash that stands for it (and by the explorer, which cannot
#: explore such a target), by reason code (``kpi.present.views.unscored_reason``).
UNSCORED_REASONS: dict[str, tuple[str, str]] = {
    "qualitative": ("定性目标，不计算概率", "qualitative goal: not scored"),
    "relative": ("相对目标，见相对增速表", "relative target: see the relative-growth table"),
    "growth": ("增速目标，按已观测年份的增速判断", "growth-rate target: judged on the growth rates observed"),
    "no_data": ("尚无数据序列衡量此目标", "no data series measures this target yet"),
    "insufficient": ("数据不足以预测", "too little data to project"),
    "not_projected": ("此类指标不做预测（如位次）", "a measure not projected (e.g. a rank)"),
    "observed": ("目标年份已有观测值，无需预测", "the target year is observed: nothing to project"),
}
#: Yes/no cells of tables for people.
YES_NO: dict[bool, tuple[str, str]] = {True: ("是", "yes"), False: ("否", "no")}
#: Censuses that re-base published statistics (their years: :data:`kpi.core.settings.CENSUSES`); an indicator
#: lists those that revise it (``censuses:`` in ``data/raw/indicators.yaml``).
CENSUS_KINDS: dict[str, tuple[str, str]] = {
    "economic": ("经济普查", "economic census"), "population": ("人口普查", "population census"),
}

#: The calls compared in the tool's track record (:mod:`kpi.model.track_record`): the calibrated probability and
#: the two naive 1/0 calls beside it.
TRACK_METHODS: dict[str, tuple[str, str]] = {
    "kpi": ("本工具（校准概率）", "this tool (calibrated probability)"),
    "naive_trend": ("简单外推（近三年复合增速）", "naive: last three years' compound growth extrapolated"),
    "naive_last_year": ("简单判断（上年增速够用即有望）", "naive: on track if last year's growth suffices"),
}
#: The sets of targets a track record is pooled over.
TRACK_SETS: dict[str, tuple[str, str]] = {
    "zone": ("本区规划目标", "the zone's plan targets"),
    "yearbooks": ("年鉴序列伪目标（非官方目标，结果为正式数据）",
                  "yearbook series, pseudo-targets (not official targets; outcomes official)"),
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
