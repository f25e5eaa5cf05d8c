"""Write a plan's targets workbook (the registry format), byte for byte reproducibly.

One writer for the shipped 2022 plan (``scripts/build_targets_workbook.py``) and for the blank workbook of a
next plan (``kpi template PATH --plan``): sheet ``plan`` (which plan: :data:`kpi.inputs.plans.PLAN_FIELDS`),
sheet ``targets`` (the columns of :data:`kpi.inputs.targets.COLUMNS`, header frozen, drop-down lists on area,
direction, kind, level and indicator), ``说明 README`` (what each field and column means, how to fill it in) and
``lists`` (the allowed values). Fixed timestamps and zip entries (:func:`kpi.inputs.template._deterministic_zip`):
the same rows give the same bytes.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> d = Path(tempfile.mkdtemp())
>>> a, b = write_blank_plan(d / "a.xlsx"), write_blank_plan(d / "b.xlsx")
>>> a.read_bytes() == b.read_bytes()
True
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from kpi.core import labels
from kpi.core.files import atomic_write_bytes
from kpi.inputs import plans, targets, units
from kpi.inputs.template import FIXED_TIMESTAMP, _deterministic_zip, _styles, write_rows

#: Drop-down lists cover the targets sheet down to this row.
VALIDATION_LAST_ROW = 1000
_WIDTHS = {"id": 34, "area": 12, "clause": 10, "name_zh": 34, "name_en": 44, "value": 10, "unit": 10,
           "stretch_value": 12, "direction": 9, "kind": 12, "start_year": 10, "target_year": 11,
           "indicator": 30, "level": 10, "quote": 44, "notes": 70, "compare_with": 24, "component_of": 30,
           "responsible": 50}

#: What each column of the targets sheet means: (中文, English, required).
COLUMN_HELP = {
    "id": ("目标代码：小写英文、数字和下划线，唯一且不再更改，通常为 指标_目标年份，如 gdp_2025",
           "target id: lower-case snake_case, unique and stable, usually <what>_<target year>, e.g. gdp_2025",
           "必填 required"),
    "area": ("领域（下拉选择，见 lists 表）", "area (drop-down, sheet lists)", "必填 required"),
    "clause": ("文件条款，如 二(二)、三(一)2（用半角括号）", "clause of the document, e.g. 二(二), 三(一)2",
               "必填 required"),
    "name_zh": ("中文名称", "Chinese name", "必填 required"),
    "name_en": ("英文名称", "English name", "必填 required"),
    "value": ("目标值：只填数字，不写“约”“超”或单位；相对目标和定性目标留空",
              "target value: a number only (no 约, 超 or unit); empty for relative and qualitative targets",
              "数值目标必填 required for numeric targets"),
    "unit": ("单位，须为 kpi/units.py 已声明的单位，如 亿元、亿美元、%、家、个", "unit declared in kpi/units.py, "
             "e.g. 亿元, 亿美元, %, 家, 个", "有数值时必填 required with a value"),
    "stretch_value": ("力争值：文件写“力争”且给出更高数字时填写（如 亩均税收 12，力争 15）",
                      "stretch figure where the text says 力争 and names a higher figure (e.g. 12, 力争 15)",
                      "选填 optional"),
    "direction": ("方向：>= 不低于（超、突破、达到、以上）；<= 不高于（以内、控制在）；~ 约（左右、约）",
                  ">= at least (超, 突破, 达到, 以上); <= at most (以内, 控制在); ~ about (左右, 约)",
                  "定性目标外必填 required except qualitative"),
    "kind": ("类型：level 总量水平 / share 比重(0–100) / count 数量 / cumulative 累计(需 start_year) / average 年均 / "
             "growth 增速 / relative 相对目标(快于全国…) / qualitative 定性目标",
             "level / share (0–100) / count / cumulative (needs start_year) / average (a yearly average) / growth "
             "(a rate) / relative (faster than China…) / qualitative", "必填 required"),
    "start_year": ("起始年份：累计目标计数的第一年（“五年内” → 规划期第一年）", "first year counted by a cumulative "
                   "target (五年内 → the plan period's first year)", "累计目标必填 required for cumulative"),
    "target_year": ("目标年份：“到2030年” → 2030；须在基期之后、规划期末10年以内",
                    "target year: 到2030年 → 2030; after the base year, at most 10 years after the period's end",
                    "必填 required"),
    "indicator": ("衡量该目标的指标代码（data/raw/indicators.yaml，见 lists 表），没有则留空",
                  "id of the indicator measuring the target (data/raw/indicators.yaml, sheet lists), or empty",
                  "选填 optional"),
    "level": ("层级：zone 全区 / company 单个企业 / project 单个项目", "zone / company / project",
              "必填 required"),
    "quote": ("原文摘录：文件中的原话（不超过30字，可在去掉空白后的原文中找到）；原文错字照录，更正写在备注；"
              "规划没有文本文件时可留空", "verbatim phrase of the document (≤ 30 characters, found in the text once "
              "whitespace is removed); typos kept, corrections in notes; may stay empty when the plan has no text",
              "有文本时必填 required when the plan has a text"),
    "notes": ("备注：年份解读、原文错字更正、重复表述", "notes: reading of years, typos of the source, "
              "restatements", "选填 optional"),
    "compare_with": ("比较对象（相对目标）：地区代码，逗号分隔，如 china, jiangsu, yancheng；与另一指标比较写 地区:指标，"
                     "如 zone:gdp", "comparators of a relative target: region ids separated by commas (china, "
                     "jiangsu, yancheng), or region:indicator (zone:gdp)", "相对目标必填 required for relative"),
    "component_of": ("所属总量目标的代码：本行是其组成部分（如50GW电池产能中的单个项目），不单独计数",
                     "id of the total this row is a part of (one project of the 50 GW): not counted on its own",
                     "选填 optional"),
    "responsible": ("责任单位：文件列出的责任单位", "responsible units named by the document", "选填 optional"),
}

#: How to fill in a blank plan workbook (``kpi template PATH --plan``).
BLANK_STEPS = [
    ("在 plan 表填写规划信息（每个字段一行）：代码与所在文件夹同名；基期年份决定 τ、ρ 和基期以来增速的起点；"
     "status 填 official（正式文件）、draft（草案）或 illustrative（示例，输出中处处标注）。",
     "Fill the sheet 'plan', one field a row: the id is the name of the plan's folder; the base year is where τ, ρ "
     "and the growth since the base count from; status is official, draft or illustrative (marked on every output)."),
    ("在 targets 表逐行填写目标（各列含义见下）：只填数字，方向和类型从下拉列表选择，指标代码见 lists 表。",
     "Fill the sheet 'targets', one target a row (columns below): numbers only, direction and kind from the "
     "drop-downs, indicator ids from the sheet 'lists'."),
    ("保存为 data/raw/plans/<规划代码>/targets.xlsx；有规划文本时放在同一文件夹（UTF-8 .txt），并在 plan 表 text "
     "字段写文件名：原文摘录将与之核对。",
     "Save as data/raw/plans/<plan id>/targets.xlsx; put the plan's text, if any, in the same folder (UTF-8 .txt) "
     "and name it in the field 'text': quotes are checked against it."),
    ("为每个文件写来源说明：kpi sidecar data/raw/plans/<规划代码>/targets.xlsx --title … --producer … "
     "--obtained-from … --obtained-on YYYY-MM-DD。",
     "Write each file's provenance sidecar: kpi sidecar data/raw/plans/<plan id>/targets.xlsx --title … "
     "--producer … --obtained-from … --obtained-on YYYY-MM-DD."),
    ("运行 kpi validate data/raw/plans/<规划代码>/：每个问题都列出工作表、单元格、错误值和期望值；然后 make all："
     "新规划出现在每份输出中，无需改代码。",
     "Run kpi validate data/raw/plans/<plan id>/: each problem names the sheet, cell, bad value and what was "
     "expected; then make all: the plan appears in every output with no code change."),
]


def _lists(ws: Any) -> dict[str, str]:
    """Write the allowed values; return the range each drop-down refers to."""
    from openpyxl.utils import get_column_letter

    from kpi.inputs import registry

    st = _styles()
    blocks = [("area", "领域", [(a, *labels.AREAS[a]) for a in labels.AREAS]),
              ("direction", "方向", [(d, *labels.DIRECTIONS[d]) for d in labels.DIRECTIONS]),
              ("kind", "类型", [(k, *labels.TARGET_KINDS[k]) for k in labels.TARGET_KINDS]),
              ("level", "层级", [(lv, *labels.TARGET_LEVELS[lv]) for lv in labels.TARGET_LEVELS]),
              ("status", "规划状态", [(s, *labels.PLAN_STATUSES[s]) for s in labels.PLAN_STATUSES])]
    ind = registry.load_indicators()
    blocks.append(("indicator", "指标", [(i, r.name_zh, r.unit) for i, r in ind.iterrows()]))
    blocks.append(("unit", "单位", [(u.symbol, u.dimension, u.name_en) for u in units.declared()]))
    ranges: dict[str, str] = {}
    col = 1
    for key, zh, items in blocks:
        heads = {"indicator": (key, "名称 name_zh", "unit"), "unit": (key, "量纲 dimension", "English")}
        for j, head in enumerate(heads.get(key, (key, f"{zh} 中文", "English"))):
            c = ws.cell(row=1, column=col + j, value=head)
            c.font, c.fill = st.header_font, st.header_fill
        for r, item in enumerate(items, start=2):
            for j, v in enumerate(item):
                ws.cell(row=r, column=col + j, value=v)
        letter = get_column_letter(col)
        ranges[key] = f"lists!${letter}$2:${letter}${len(items) + 1}"
        for j, w in enumerate((28, 22, 34)):
            ws.column_dimensions[get_column_letter(col + j)].width = w
        col += 4
    ws.freeze_panes = "A2"
    return ranges


def _plan_sheet(ws: Any, plan: Mapping[str, Any], ranges: dict[str, str]) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    st = _styles()
    for j, (head, width) in enumerate((("field", 16), ("value", 60), ("说明 / meaning", 90)), start=1):
        c = ws.cell(row=1, column=j, value=head)
        c.font, c.fill = st.header_font, st.header_fill
        ws.column_dimensions["ABC"[j - 1]].width = width
    for r, (name, (required, zh, en)) in enumerate(plans.PLAN_FIELDS.items(), start=2):
        ws.cell(row=r, column=1, value=name).font = st.header_font
        value = plan.get(name)
        if value not in (None, ""):
            ws.cell(row=r, column=2, value=value)
        ws.cell(row=r, column=3, value=f"{'必填 required' if required else '选填 optional'} · {zh} · {en}"
                ).alignment = st.wrap
        if name == "status" and "status" in ranges:
            dv = DataValidation(type="list", formula1=f"={ranges['status']}", allow_blank=False,
                                showErrorMessage=True, errorTitle="不在列表中 not in the list",
                                error="official / draft / illustrative")
            dv.add(f"B{r}")
            ws.add_data_validation(dv)
    ws.freeze_panes = "A2"


def _targets_sheet(ws: Any, rows: Sequence[Mapping[str, Any]], ranges: dict[str, str]) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    st = _styles()
    for j, name in enumerate(targets.COLUMNS, start=1):
        c = ws.cell(row=1, column=j, value=name)
        c.font, c.fill = st.header_font, st.header_fill
        ws.column_dimensions[get_column_letter(j)].width = _WIDTHS[name]
    for r, row in enumerate(rows, start=2):
        for j, name in enumerate(targets.COLUMNS, start=1):
            v = row.get(name)
            if v is None or v == "":
                continue
            if isinstance(v, float) and v.is_integer():
                v = int(v)
            ws.cell(row=r, column=j, value=v)
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(targets.COLUMNS))}{len(rows) + 1}"
    for key in ("area", "direction", "kind", "level", "indicator"):
        if key not in ranges:
            continue
        letter = get_column_letter(targets.COLUMNS.index(key) + 1)
        dv = DataValidation(type="list", formula1=f"={ranges[key]}", allow_blank=True, showErrorMessage=True,
                            errorTitle="不在列表中 not in the list",
                            error=f"请从下拉列表选择 choose a value of the list ({key})")
        dv.add(f"{letter}2:{letter}{VALIDATION_LAST_ROW}")
        ws.add_data_validation(dv)


def _readme(ws: Any, title: str, meta: Iterable[tuple[str, str, str]], steps: Sequence[tuple[str, str]]) -> None:
    st = _styles()
    for col, width in zip("ABCD", (16, 70, 70, 24)):
        ws.column_dimensions[col].width = width
    r = 1
    ws.cell(row=r, column=1, value=title).font = st.title_font
    r += 2
    for label, zh, en in meta:
        ws.cell(row=r, column=1, value=label).font = st.header_font
        for j, v in ((2, zh), (3, en)):
            ws.cell(row=r, column=j, value=v).alignment = st.wrap
        r += 1
    r += 1
    ws.cell(row=r, column=1, value="各列含义 Columns (sheet targets)").font = st.section_font
    r += 1
    for j, head in enumerate(("列 column", "中文说明", "English", "是否必填 required"), start=1):
        c = ws.cell(row=r, column=j, value=head)
        c.font, c.fill = st.header_font, st.header_fill
    r += 1
    r = write_rows(ws, r, ((name, *COLUMN_HELP[name]) for name in targets.COLUMNS)) + 1
    ws.cell(row=r, column=1, value="填写步骤 How to fill it in").font = st.section_font
    r += 1
    write_rows(ws, r, ((str(i), zh, en) for i, (zh, en) in enumerate(steps, start=1)))


def write_plan_workbook(path: str | Path, *, plan: Mapping[str, Any], rows: Sequence[Mapping[str, Any]] = (),
                        title: str, meta: Iterable[tuple[str, str, str]] = (),
                        steps: Sequence[tuple[str, str]] = BLANK_STEPS,
                        properties: Mapping[str, str] | None = None) -> Path:
    """Write a plan's targets workbook to ``path`` deterministically and atomically; return the path.

    Parameters
    ----------
    path : str or Path
        The ``.xlsx`` to write (its folder is created).
    plan : mapping
        The plan sheet's values by field (:data:`kpi.inputs.plans.PLAN_FIELDS`); missing fields stay blank.
    rows : sequence of mappings
        The targets, one mapping of :data:`kpi.inputs.targets.COLUMNS` each (none for a blank workbook).
    title, meta, steps : str, rows of (label, 中文, English), rows of (中文, English)
        The README sheet: its title, what the workbook holds, how to fill it in.
    properties : mapping, optional
        Document properties (title, subject, keywords, description).
    """
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = targets.SHEET
    plan_ws = wb.create_sheet(plans.PLAN_SHEET, 0)
    readme = wb.create_sheet(targets.README_SHEET)
    lists = wb.create_sheet(targets.LISTS_SHEET)
    ranges = _lists(lists)
    _plan_sheet(plan_ws, plan, ranges)
    _targets_sheet(ws, list(rows), ranges)
    _readme(readme, title, meta, steps)
    props = wb.properties
    for key, value in (properties or {}).items():
        setattr(props, key, value)
    props.creator = props.lastModifiedBy = "kpi"
    props.created = props.modified = FIXED_TIMESTAMP
    wb.active = 0
    buffer = io.BytesIO()
    wb.save(buffer)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return atomic_write_bytes(path, _deterministic_zip(buffer.getvalue()))


def write_blank_plan(path: str | Path) -> Path:
    """A blank next-plan targets workbook (``kpi template PATH --plan``): the plan sheet to fill in, an empty
    targets sheet with its drop-downs, instructions and lists."""
    return write_plan_workbook(
        path, plan={"region": "zone"}, title="规划目标登记表（空白） Plan targets workbook (blank)",
        meta=[("用途 Purpose", "新规划（或草案、其他地区规划）的目标：一个规划一个文件夹，放入 data/raw/plans/ 后，"
               "构建时自动评估（实现概率、达到各目标所需增速、最终评估和历史判断记录）。",
               "The targets of a new plan (a draft, or another region's plan): one folder a plan under "
               "data/raw/plans/; the build then evaluates it (probabilities, growth each target requires, the "
               "final evaluation and the tool's track record) with no code change.")],
        properties={"title": "Plan targets workbook (blank)", "subject": "kpi template --plan",
                    "description": "Fill the sheets plan and targets; see 说明 README."})
