"""Builders for small generated workbooks used across tests (never hand-made binaries)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Sequence

import openpyxl

HEADER = ["indicator", "region", "year", "value", "unit", "status", "source", "vintage", "note"]
GOOD_ROWS = [
    ["gdp", "zone", 2019, 500.5, "亿元", "official", "盐城统计年鉴2020", "2020", ""],
    ["gdp", "zone", 2020, 520.0, "亿元", "official", "盐城统计年鉴2021", "2021", ""],
    ["gdp", "zone", 2021, 580.25, "亿元", "official", "盐城统计年鉴2022", "2022", ""],
    ["hightech_firms", "zone", 2021, 101, "家", "official", "区科技局", "2022", ""],
    ["share_nonfossil_energy", "zone", 2021, 21.5, "%", "estimate", "区经发局测算", "2022", ""],
]


def tidy_workbook(rows: Sequence[Sequence[Any]] = GOOD_ROWS, *, header: Sequence[Any] = HEADER, sheet: str = "data",
                  title_rows: int = 0, merge: str | None = None,
                  extra: Callable[[Any], None] | None = None) -> openpyxl.Workbook:
    """A tidy history workbook in memory: optional title rows, the header, the rows; ``extra(ws)`` edits it."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for i in range(title_rows):
        ws.append([f"标题 title row {i + 1}"])
    ws.append(list(header))
    for r in rows:
        ws.append(list(r))
    if merge:
        ws.merge_cells(merge)
    if extra:
        extra(ws)
    return wb


def write_tidy(path: Path, rows: Sequence[Sequence[Any]] = GOOD_ROWS, *, header: Sequence[str] = HEADER,
               sheet: str = "data", title_rows: int = 0, merge: str | None = None) -> Path:
    tidy_workbook(rows, header=header, sheet=sheet, title_rows=title_rows, merge=merge).save(path)
    return path
