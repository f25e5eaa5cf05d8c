"""Build the 2022 plan's targets workbook from the reviewed source ``scripts/targets_source.yaml``.

The workbook (``data/raw/plans/yancheng-etdz-2022-4/targets.xlsx``, written by
:func:`kpi.inputs.plan_workbook.write_plan_workbook`) has four sheets: ``plan`` (which plan: id, document,
issuer, date, period, base year 2020, status, region, text — the YAML's ``plan:`` block), ``targets`` (one target
per row, header frozen, drop-down lists on area, direction, kind and level), ``说明 README`` (bilingual: what
each column means, how to add a target, the source document) and ``lists`` (the allowed values).

The output is byte-identical on every run: fixed document metadata and the zip rewritten with fixed
entry dates and order (:func:`kpi.inputs.template._deterministic_zip`). Afterwards the provenance sidecar
``<output>.provenance.yaml`` is (re)written and the workbook is validated with
:func:`kpi.inputs.targets.validate_targets`.

Usage::

    python -m scripts.build_targets_workbook                 # writes the default plan's targets.xlsx
    python -m scripts.build_targets_workbook /tmp/t.xlsx     # another output path
    python -m scripts.build_targets_workbook --no-sidecar /tmp/t.xlsx
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

import yaml
from kpi.core import paths
from kpi.core.errors import Report
from kpi.inputs import plans, provenance, targets
from kpi.inputs.plan_workbook import write_plan_workbook

SOURCE_YAML = Path(__file__).resolve().parent / "targets_source.yaml"
OBTAINED_ON = "2026-11-25"
#: The plan's text, relative to the project (the workbook sits beside it in the plan's folder).
_TEXT = paths.POLICY_TEXT.relative_to(paths.ROOT).as_posix()

_HOW_TO_ADD = [
    ("在 scripts/targets_source.yaml 中新增一项（复制相邻一项修改），不要直接改本工作簿。",
     "Add an entry to scripts/targets_source.yaml (copy a neighbouring entry); do not edit this workbook by hand."),
    ("运行 python -m scripts.build_targets_workbook：重新生成本工作簿（每次字节相同）并更新来源说明文件。",
     "Run python -m scripts.build_targets_workbook: it rebuilds this workbook (byte-identical each run) and "
     "refreshes its provenance sidecar."),
    ("运行 kpi validate data/raw/plans/yancheng-etdz-2022-4/：每个问题都列出工作表、单元格、错误值和期望值。",
     "Run kpi validate data/raw/plans/yancheng-etdz-2022-4/: each problem names the sheet, cell, bad value and "
     "what was expected."),
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


def _meta(n_rows: int, n_parts: int) -> list[tuple[str, str, str]]:
    return [("来源文件 Source", "中共盐城经济技术开发区工作委员会 盐城经济技术开发区管理委员会《关于深入贯彻省市党代会精神"
             "勇当沿海地区高质量发展排头兵的实施意见》（盐开发〔2022〕4号，2022年3月11日）",
             "Implementation opinions of the Yancheng ETDZ Party Working Committee and Administrative Committee, "
             f"Yan Kai Fa [2022] No. 4, 11 March 2022; text: {_TEXT}"),
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


def build(output: Path, *, source: Path = SOURCE_YAML) -> Path:
    """Write the workbook to ``output`` deterministically and atomically; return the path."""
    rows = load_source(source)
    return write_plan_workbook(
        output, plan=load_plan(source), rows=rows, title="盐城经开区 2025 目标登记表  Yancheng ETDZ target registry",
        meta=_meta(len(rows), sum(1 for r in rows if r.get("component_of"))), steps=_HOW_TO_ADD,
        properties={"title": "盐城经开区目标登记表 Yancheng ETDZ target registry (盐开发〔2022〕4号)",
                    "subject": "Quantitative targets of 盐开发〔2022〕4号, one per row (see sheet 说明 README)",
                    "keywords": "targets; 盐开发〔2022〕4号",
                    "description": "Generated from scripts/targets_source.yaml; edit the YAML and rebuild."})


def load_plan(path: Path = SOURCE_YAML) -> dict[str, Any]:
    """The plan sheet's values (the ``plan:`` block of the YAML source), unknown fields refused."""
    with open(path, encoding="utf-8") as fh:
        plan = (yaml.safe_load(fh) or {}).get("plan") or {}
    extra = set(plan) - set(plans.PLAN_FIELDS)
    if extra:
        raise SystemExit(f"{path}: unknown plan fields {sorted(extra)}; expected {', '.join(plans.PLAN_FIELDS)}")
    return plan


def write_sidecar(output: Path, n_rows: int, n_parts: int = 0) -> Path:
    """(Re)write the provenance sidecar of the built workbook."""
    return provenance.write_sidecar(
        output,
        title="盐城经开区目标登记表 Target registry of the Yancheng ETDZ (盐开发〔2022〕4号)",
        producer="this project (kpi), derived from the policy document of 中共盐城经济技术开发区工作委员会、"
                 "盐城经济技术开发区管理委员会",
        obtained_from="generated by scripts/build_targets_workbook.py from scripts/targets_source.yaml, which was "
                      f"transcribed from {_TEXT}",
        obtained_on=OBTAINED_ON,
        notes=f"Sheet plan: the plan (盐开发〔2022〕4号, period 2021–2025, base year 2020). Sheet targets: "
              f"{n_rows} rows ({n_parts} components of a total) transcribed by reading the document (sections 二 and 三), each with a verbatim "
              "quote (≤ 30 characters) and its clause. Years read as: 到2025年 → 2025, 明年 → 2023, 今年/年内 → 2022; "
              "a number of a task of 三 without a year of its own takes the year its task states for the same subject "
              "(到2025年, 十四五, the goal of 二 it serves), else 2022. Component rows (component_of) make up a "
              "total and are not counted on their own; responsible = the units named at the end of each task of 三. "
              "Source typo 非化工能源 kept in the quote (read 非化石能源). "
              "Byte-reproducible: rebuild with the script, do not edit by hand.",
        source_document=_TEXT,
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
