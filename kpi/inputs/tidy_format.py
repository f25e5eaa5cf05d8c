"""The layout of a hand-filled history workbook (the template economists fill in).

Sheet ``data``, header in row 1, one observation per row::

    indicator | region | year | value | unit | status | source | vintage | note | qualifier

``indicator`` and ``region`` take a registry id or any registered name/alias
(``gdp`` or ``地区生产总值``); ``status`` is one of ``official, preliminary,
estimate, illustrative`` (Chinese labels accepted); ``source`` is required —
every number has a source. ``qualifier`` is optional: ``>=`` (a lower bound,
"超1000亿"), ``<=``, ``~`` (about). Headers may be given in Chinese
(:data:`HEADER_ALIASES`). A sheet named ``说明 README`` holds instructions and a
sheet ``lists`` backs the drop-down lists; the loader reads only ``data``.

Examples
--------
>>> REQUIRED_COLUMNS
('indicator', 'region', 'year', 'value', 'unit', 'status', 'source')
>>> header_key('数值'), header_key(' Value '), header_key('anything else') is None
('value', 'value', True)
"""

from __future__ import annotations

from kpi.inputs.cells import fold_name

DATA_SHEET = "data"
README_SHEET = "说明 README"
LISTS_SHEET = "lists"
COLUMNS = ("indicator", "region", "year", "value", "unit", "status", "source", "vintage", "note", "qualifier")
REQUIRED_COLUMNS = COLUMNS[:7]
HEADER_ALIASES = {
    "indicator": ("indicator", "指标", "指标代码", "指标名称"),
    "region": ("region", "地区", "区域"),
    "year": ("year", "年份", "年度", "年"),
    "value": ("value", "数值", "值", "数据"),
    "unit": ("unit", "单位", "计量单位"),
    "status": ("status", "状态", "数据状态", "口径"),
    "source": ("source", "来源", "数据来源", "出处"),
    "vintage": ("vintage", "版本", "发布年份", "数据版本"),
    "note": ("note", "notes", "备注", "说明"),
    "qualifier": ("qualifier", "限定", "界限"),
}
STATUS_ALIASES = {
    "official": ("official", "正式", "官方", "统计年鉴", "公报"),
    "preliminary": ("preliminary", "初步", "初步核算", "快报"),
    "estimate": ("estimate", "估计", "预计", "测算", "估算"),
    "illustrative": ("illustrative", "示例", "示意", "模拟"),
}
QUALIFIER_ALIASES = {"": ("", "=", "exact"), ">=": (">=", "≥", "超", "以上", "不低于"),
                     "<=": ("<=", "≤", "以下", "不超过"), "~": ("~", "≈", "约", "左右")}

_HEADER_LOOKUP = {fold_name(a): key for key, names in HEADER_ALIASES.items() for a in names}
_STATUS_LOOKUP = {fold_name(a): key for key, names in STATUS_ALIASES.items() for a in names}
_QUALIFIER_LOOKUP = {fold_name(a): key for key, names in QUALIFIER_ALIASES.items() for a in names}


def header_key(text: object) -> str | None:
    """The column key a header cell names (English or Chinese), or None."""
    return _HEADER_LOOKUP.get(fold_name(text))


def status_key(text: object) -> str | None:
    """The status a cell names (``official``… or a Chinese label), or None."""
    return _STATUS_LOOKUP.get(fold_name(text))


def qualifier_key(text: object) -> str | None:
    """The qualifier a cell names (``''``, ``>=``, ``<=``, ``~``), or None."""
    return _QUALIFIER_LOOKUP.get(fold_name(text))
