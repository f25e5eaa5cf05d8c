"""Build ``data/raw/targets.xlsx`` from the reviewed source ``scripts/targets_source.yaml``.

The workbook has three sheets: ``targets`` (one target per row, header frozen, drop-down lists on
area, direction, kind and level), ``说明 README`` (bilingual: what each column means, how to add a
target, the source document) and ``lists`` (the allowed values the drop-downs refer to).

The output is byte-identical on every run: fixed document metadata and the zip rewritten with fixed
entry dates and order (:func:`kpi.inputs.template._deterministic_zip`). Afterwards the provenance sidecar
``<output>.provenance.yaml`` is (re)written and the workbook is validated with
:func:`kpi.inputs.targets.validate_targets`.

Usage::

    python scripts/build_targets_workbook.py                 # writes data/raw/targets.xlsx
    python scripts/build_targets_workbook.py /tmp/t.xlsx     # another output path
    python scripts/build_targets_workbook.py --no-sidecar /tmp/t.xlsx
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from pathlib import Path
from typing import Any

import yaml
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from kpi.core import labels, paths
from kpi.inputs import provenance, targets, units
from kpi.core.errors import Report
from kpi.core.files import atomic_write_bytes
from kpi.inputs.template import FIXED_TIMESTAMP, _deterministic_zip, write_rows

SOURCE_YAML = Path(__file__).resolve().parent / "targets_source.yaml"
VALIDATION_LAST_ROW = 1000
OBTAINED_ON = "2026-11-25"

_WIDTHS = {"id": 34, "area": 12, "clause": 10, "name_zh": 34, "name_en": 44, "value": 10, "unit": 10,
           "stretch_value": 12, "direction": 9, "kind": 12, "start_year": 10, "target_year": 11,
           "indicator": 30, "level": 10, "quote": 44, "notes": 70, "compare_with": 24, "component_of": 30,
           "responsible": 50}
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill(fill_type="solid", start_color="FFD9E1F2", end_color="FFD9E1F2")
_TITLE_FONT = Font(bold=True, size=14)
_SECTION_FONT = Font(bold=True, size=12)
_WRAP = Alignment(wrap_text=True, vertical="top")

_COLUMN_HELP = {
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
    "kind": ("类型：level 总量水平 / share 比重(0–100) / count 数量 / cumulative 累计(需 start_year) / growth 增速 / "
             "relative 相对目标(快于全国…) / qualitative 定性目标",
             "level / share (0–100) / count / cumulative (needs start_year) / growth (a rate) / relative "
             "(faster than China…) / qualitative", "必填 required"),
    "start_year": ("起始年份：累计目标计数的第一年（“五年内” → 2021）", "first year counted by a cumulative target "
                   "(五年内 → 2021)", "累计目标必填 required for cumulative"),
    "target_year": ("目标年份：“到2025年” → 2025；2022年文件中“今年/年内” → 2022，“明年” → 2023",
                    "target year: 到2025年 → 2025; in this 2022 document 今年/年内 → 2022, 明年 → 2023",
                    "必填 required (2021–2035)"),
    "indicator": ("衡量该目标的指标代码（data/raw/indicators.yaml，见 lists 表），没有则留空",
                  "id of the indicator measuring the target (data/raw/indicators.yaml, sheet lists), or empty",
                  "选填 optional"),
    "level": ("层级：zone 全区 / company 单个企业 / project 单个项目", "zone / company / project",
              "必填 required"),
    "quote": ("原文摘录：文件中的原话（不超过30字，可在去掉空白后的原文中找到）；原文错字照录，更正写在备注",
              "verbatim phrase of the document (≤ 30 characters, found in the text once whitespace is removed); "
              "typos are kept, corrections go in notes", "必填 required"),
    "notes": ("备注：年份解读、原文错字更正、重复表述", "notes: reading of years, typos of the source, "
              "restatements", "选填 optional"),
    "compare_with": ("比较对象（相对目标）：地区代码，逗号分隔，如 china, jiangsu, yancheng；与另一指标比较写 地区:指标，"
                     "如 zone:gdp", "comparators of a relative target: region ids separated by commas (china, "
                     "jiangsu, yancheng), or region:indicator (zone:gdp)", "相对目标必填 required for relative"),
    "component_of": ("所属总量目标的代码：本行是其组成部分（如50GW电池产能中的单个项目），不单独计数",
                     "id of the total this row is a part of (one project of the 50 GW): not counted on its own",
                     "选填 optional"),
    "responsible": ("责任单位：文件在每项任务末尾列出的单位（由 scripts/targets_source.yaml 的 responsible_by_task "
                    "按条款自动填写；第二部分目标定位未列责任单位）", "responsible units named at the end of each task "
                    "of 三 (filled from responsible_by_task by clause; section 二 names none)", "自动 filled"),
}
_HOW_TO_ADD = [
    ("在 scripts/targets_source.yaml 中新增一项（复制相邻一项修改），不要直接改本工作簿。",
     "Add an entry to scripts/targets_source.yaml (copy a neighbouring entry); do not edit this workbook by hand."),
    ("运行 python scripts/build_targets_workbook.py：重新生成本工作簿（每次字节相同）并更新来源说明文件。",
     "Run python scripts/build_targets_workbook.py: it rebuilds this workbook (byte-identical each run) and "
     "refreshes its provenance sidecar."),
    ("运行 kpi validate data/raw/targets.xlsx：每个问题都列出工作表、单元格、错误值和期望值。",
     "Run kpi validate data/raw/targets.xlsx: each problem names the sheet, cell, bad value and what was "
     "expected."),
    ("若直接修改了本工作簿（如在 Excel 中），须用 kpi sidecar … --force 重写来源说明，否则程序拒绝读取。",
     "If this workbook is edited directly (e.g. in Excel), rewrite its sidecar with kpi sidecar … --force, "
     "otherwise it is refused."),
]


_TASK = re.compile(r"^三\([一二三四五六七]\)(\d{1,2})$")


def load_source(path: Path = SOURCE_YAML) -> list[dict[str, Any]]:
    """Rows of the YAML source, with unknown keys refused and ``responsible`` filled from ``responsible_by_task``
    for every row of a task of 三 (by the task number of its clause)."""
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    rows = data.get("targets") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise SystemExit(f"{path}: expected a top-level 'targets:' list")
    by_task = {int(k): str(v) for k, v in (data.get("responsible_by_task") or {}).items()}
    for i, row in enumerate(rows):
        extra = set(row) - (set(targets.COLUMNS) - {"responsible"})
        if extra:
            raise SystemExit(f"{path}: entry {i} ({row.get('id')}): unknown keys {sorted(extra)}; "
                             f"expected {', '.join(c for c in targets.COLUMNS if c != 'responsible')}")
        task = _TASK.match(str(row.get("clause", "")).replace("（", "(").replace("）", ")"))
        if task:
            n = int(task.group(1))
            if n not in by_task:
                raise SystemExit(f"{path}: entry {i} ({row.get('id')}): task {n} has no responsible_by_task entry")
            row["responsible"] = by_task[n]
    return rows


def _lists(ws: Any) -> dict[str, str]:
    """Write the allowed values; return the range each drop-down refers to."""
    from kpi.inputs import registry

    blocks = [("area", "领域", [(a, *labels.AREAS[a]) for a in labels.AREAS]),
              ("direction", "方向", [(d, *labels.DIRECTIONS[d]) for d in labels.DIRECTIONS]),
              ("kind", "类型", [(k, *labels.TARGET_KINDS[k]) for k in labels.TARGET_KINDS]),
              ("level", "层级", [(lv, *labels.TARGET_LEVELS[lv]) for lv in labels.TARGET_LEVELS])]
    ind = registry.load_indicators()
    blocks.append(("indicator", "指标", [(i, r.name_zh, r.unit) for i, r in ind.iterrows()]))
    blocks.append(("unit", "单位", [(u.symbol, u.dimension, u.name_en) for u in units.declared()]))
    ranges: dict[str, str] = {}
    col = 1
    for key, zh, items in blocks:
        if not items:
            continue
        heads = {"indicator": (key, "名称 name_zh", "unit"), "unit": (key, "量纲 dimension", "English")}
        for j, head in enumerate(heads.get(key, (key, f"{zh} 中文", "English"))):
            c = ws.cell(row=1, column=col + j, value=head)
            c.font, c.fill = _HEADER_FONT, _HEADER_FILL
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


def _targets_sheet(ws: Any, rows: list[dict[str, Any]], ranges: dict[str, str]) -> None:
    for j, name in enumerate(targets.COLUMNS, start=1):
        c = ws.cell(row=1, column=j, value=name)
        c.font, c.fill = _HEADER_FONT, _HEADER_FILL
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


def _readme(ws: Any, n_rows: int, n_parts: int) -> None:
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 70
    ws.column_dimensions["C"].width = 70
    ws.column_dimensions["D"].width = 24
    r = 1
    ws.cell(row=r, column=1, value="盐城经开区 2025 目标登记表  Yancheng ETDZ target registry").font = _TITLE_FONT
    r += 2
    meta = [("来源文件 Source", "中共盐城经济技术开发区工作委员会 盐城经济技术开发区管理委员会《关于深入贯彻省市党代会精神"
             "勇当沿海地区高质量发展排头兵的实施意见》（盐开发〔2022〕4号，2022年3月11日）",
             "Implementation opinions of the Yancheng ETDZ Party Working Committee and Administrative Committee, "
             "Yan Kai Fa [2022] No. 4, 11 March 2022; text: data/raw/policy/"
             f"{paths.POLICY_TEXT.name}"),
            ("内容 Content", f"文件第二部分（目标定位）和第三部分（主要任务）中的全部量化目标，共 {n_rows} 行（其中组成项"
             f" {n_parts} 行，不单独计数）；相对目标和"
             "定性目标也列出（value 为空）。", f"Every quantitative target of section 二 (2025 targets) and the "
             f"tasks of section 三: {n_rows} rows ({n_parts} of them components of a total, not counted on their "
             "own); relative and qualitative goals are rows too (value empty)."),
            ("编制 How made", "由人工阅读原文逐条摘录（scripts/targets_source.yaml），程序生成本工作簿。",
             "Transcribed by reading the document (scripts/targets_source.yaml); this workbook is generated "
             "from it."),
            ("原文错字 Typos", "原文“非化工能源”应为“非化石能源”；摘录照录原文，更正写在 notes 列。",
             "The source reads 非化工能源 for 非化石能源 (non-fossil energy): quotes are verbatim, corrections in "
             "notes.")]
    for label, zh, en in meta:
        ws.cell(row=r, column=1, value=label).font = _HEADER_FONT
        for j, v in ((2, zh), (3, en)):
            ws.cell(row=r, column=j, value=v).alignment = _WRAP
        r += 1
    r += 1
    ws.cell(row=r, column=1, value="各列含义 Columns").font = _SECTION_FONT
    r += 1
    for j, head in enumerate(("列 column", "中文说明", "English", "是否必填 required"), start=1):
        c = ws.cell(row=r, column=j, value=head)
        c.font, c.fill = _HEADER_FONT, _HEADER_FILL
    r += 1
    r = write_rows(ws, r, ((name, *_COLUMN_HELP[name]) for name in targets.COLUMNS)) + 1
    ws.cell(row=r, column=1, value="新增目标 How to add a target").font = _SECTION_FONT
    r += 1
    r = write_rows(ws, r, ((str(i), zh, en) for i, (zh, en) in enumerate(_HOW_TO_ADD, start=1)))


def build(output: Path, *, source: Path = SOURCE_YAML) -> Path:
    """Write the workbook to ``output`` deterministically and atomically; return the path."""
    rows = load_source(source)
    wb = Workbook()
    ws = wb.active
    ws.title = targets.SHEET
    readme = wb.create_sheet(targets.README_SHEET)
    lists = wb.create_sheet(targets.LISTS_SHEET)
    ranges = _lists(lists)
    _targets_sheet(ws, rows, ranges)
    _readme(readme, len(rows), sum(1 for r in rows if r.get("component_of")))
    props = wb.properties
    props.title = "盐城经开区目标登记表 Yancheng ETDZ target registry (盐开发〔2022〕4号)"
    props.subject = "Quantitative targets of 盐开发〔2022〕4号, one per row (see sheet 说明 README)"
    props.creator = "scripts/build_targets_workbook.py"
    props.lastModifiedBy = "scripts/build_targets_workbook.py"
    props.keywords = "targets; 盐开发〔2022〕4号"
    props.description = "Generated from scripts/targets_source.yaml; edit the YAML and rebuild."
    props.created = FIXED_TIMESTAMP
    props.modified = FIXED_TIMESTAMP
    buffer = io.BytesIO()
    wb.save(buffer)
    payload = _deterministic_zip(buffer.getvalue())
    return atomic_write_bytes(Path(output), payload)


def write_sidecar(output: Path, n_rows: int, n_parts: int = 0) -> Path:
    """(Re)write the provenance sidecar of the built workbook."""
    return provenance.write_sidecar(
        output,
        title="盐城经开区目标登记表 Target registry of the Yancheng ETDZ (盐开发〔2022〕4号)",
        producer="this project (kpi), derived from the policy document of 中共盐城经济技术开发区工作委员会、"
                 "盐城经济技术开发区管理委员会",
        obtained_from="generated by scripts/build_targets_workbook.py from scripts/targets_source.yaml, which was "
                      f"transcribed from data/raw/policy/{paths.POLICY_TEXT.name}",
        obtained_on=OBTAINED_ON,
        notes=f"{n_rows} rows ({n_parts} components of a total) transcribed by reading the document (sections 二 and 三), each with a verbatim "
              "quote (≤ 30 characters) and its clause. Years read as: 到2025年 → 2025, 明年 → 2023, 今年/年内 → 2022; "
              "a number of a task of 三 without a year of its own takes the year its task states for the same subject "
              "(到2025年, 十四五, the goal of 二 it serves), else 2022. Component rows (component_of) make up a "
              "total and are not counted on their own; responsible = the units named at the end of each task of 三. "
              "Source typo 非化工能源 kept in the quote (read 非化石能源). "
              "Byte-reproducible: rebuild with the script, do not edit by hand.",
        source_document=f"data/raw/policy/{paths.POLICY_TEXT.name}",
        generated_by="scripts/build_targets_workbook.py")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("output", nargs="?", default=str(paths.TARGETS_XLSX), help="output .xlsx (default %(default)s)")
    p.add_argument("--source", default=str(SOURCE_YAML), help="YAML source (default %(default)s)")
    p.add_argument("--no-sidecar", action="store_true", help="do not write the provenance sidecar")
    args = p.parse_args(argv)
    output = build(Path(args.output), source=Path(args.source))
    rows = load_source(Path(args.source))
    n = len(rows)
    if not args.no_sidecar:
        write_sidecar(output, n, sum(1 for r in rows if r.get("component_of")))
    report = Report()
    tg = targets.validate_targets(output, report)
    print(f"wrote {output} ({n} targets, sha256 {provenance.sha256(output)[:12]}…)")
    if report.problems:
        print(report.format())
    return 0 if report.ok and len(tg) == n else 1


if __name__ == "__main__":
    sys.exit(main())
