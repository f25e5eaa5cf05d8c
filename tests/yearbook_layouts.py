"""Synthetic provincial yearbook tables in the shapes real ones have (generated, never committed as binaries).

Each builder writes one edition of one table, as the province's yearbook lays it out, named as the files of
the Rossi-Hansberg & Zhang replication package are:

========  =========================================  =================================================================
province  file name                                   layout
========  =========================================  =================================================================
河南      ``2-9  各市生产总值(2017).xls``             cities × indicators for one year, data year in the file name,
          ``3-10  各市生产总值(2012).xlsx``           total row ``全    省``; the 2012 edition has a serial-number
                                                      column A, so names and labels sit one column further right
湖北      ``0115-市、州生产总值（2019）.xls``         full-width brackets in the name, header ``市 州``, 恩施州 and the
                                                      county-level units the province administers, total ``全省``
浙江      ``17-2 各市国民经济主要指标（2012年）.xls`` several indicators side by side in 万元, a growth-index column
                                                      (``2012年为2011年%``) after each, and an indicator the project
                                                      does not track (财政总收入), total ``全 省``
山东      ``各市生产总值(2017).xls``                  no table number; Chinese and English names; total ``合计``
四川      ``各市(州)地区生产总值.xlsx``               no year in the name: the year only in the title
========  =========================================  =================================================================

The ``.xls`` files are written with xlwt in GBK (``xlwt.Workbook(encoding="gbk")``); ``mojibake=True`` writes the
text as a reader without the right code page sees an old file's (its GBK bytes read as Latin-1).
Numbers are made up, seeded and consistent: the cities add up to the total row, the sectors to GDP.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

import numpy as np
import openpyxl

from kpi.inputs.provenance import write_sidecar
from kpi.inputs.registry import load_registry

PROVINCES = ("henan", "hubei", "zhejiang", "shandong", "sichuan")
TOTAL_LABELS = {"henan": "全    省", "hubei": "全省", "zhejiang": "全 省", "shandong": "合计", "sichuan": "全省"}


def cities(province: str, year: int) -> list[tuple[str, str, str]]:
    """(id, name as the yearbook prints it, English name) of the province's cities in ``year``."""
    reg = load_registry()
    out = []
    for rid in reg.members(province, year=year):
        zh = str(reg.regions.at[rid, "short_zh"])
        if zh.endswith("市") and province in ("henan", "shandong"):
            zh = zh[:-1]  # 郑州, 济南: these yearbooks print the short name
        out.append((rid, zh, str(reg.regions.at[rid, "name_en"])))
    return out


def numbers(province: str, year: int, *, seed: int = 0) -> dict[str, dict[str, float]]:
    """Seeded figures per city (亿元; per head in 元): gdp = primary + secondary + tertiary."""
    rng = np.random.default_rng(sum(map(ord, province)) * 10_000 + year + seed)
    out = {}
    for rid, _, _ in cities(province, year):
        gdp = round(float(rng.uniform(300, 9000)), 2)
        p1 = round(gdp * float(rng.uniform(0.03, 0.15)), 2)
        p2 = round(gdp * float(rng.uniform(0.35, 0.5)), 2)
        out[rid] = {"gdp": gdp, "va_primary": p1, "va_secondary": p2, "va_services": round(gdp - p1 - p2, 2),
                    "gdp_per_capita": float(int(rng.uniform(30_000, 120_000)))}
    return out


def totals(figures: dict[str, dict[str, float]]) -> dict[str, float]:
    keys = ["gdp", "va_primary", "va_secondary", "va_services"]
    out = {k: round(sum(f[k] for f in figures.values()), 2) for k in keys}
    out["gdp_per_capita"] = float(int(np.mean([f["gdp_per_capita"] for f in figures.values()])))
    return out


# ---------------------------------------------------------------------------------------------- writers
def _gbk(text: Any, mojibake: bool) -> Any:
    """The text as written (xlwt on Python 3 takes text; the workbook's encoding is GBK), or as a reader without
    the code page sees it (its GBK bytes read as Latin-1)."""
    if not isinstance(text, str) or not mojibake:
        return text
    return text.encode("gbk").decode("latin-1")


def write_xls(path: Path, sheets: Sequence[tuple[str, list[list[Any]], bool]], *, mojibake: bool = False) -> Path:
    """An .xls written with xlwt in GBK: ``sheets`` is [(name, rows, hidden)]."""
    import xlwt

    book = xlwt.Workbook(encoding="gbk")
    for name, rows, hidden in sheets:
        ws = book.add_sheet(name)
        if hidden:
            ws.visibility = 1
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v is not None:
                    ws.write(r, c, _gbk(v, mojibake))
    book.save(str(path))
    return path


def write_xlsx(path: Path, sheets: Sequence[tuple[str, list[list[Any]], bool]], *,
               merges: Sequence[str] = ()) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for i, (name, rows, hidden) in enumerate(sheets):
        ws = wb.create_sheet(name)
        if hidden:
            ws.sheet_state = "hidden"
        for row in rows:
            ws.append(list(row))
        if i == 0:
            for m in merges:
                ws.merge_cells(m)
    wb.save(path)
    return path


def sidecar(path: Path) -> Path:
    write_sidecar(path, title=f"synthetic test table {path.name}", producer="tests/yearbook_layouts.py",
                  obtained_from="generated by the test suite", obtained_on="2026-12-01",
                  notes="made-up numbers in the layout of the real table")
    return path


# ---------------------------------------------------------------------------------------------- tables
def henan(folder: Path, year: int = 2017, *, serial_column: bool = False, xls: bool = True,
          table: str = "2-9", mojibake: bool = False, figures=None) -> Path:
    """河南统计年鉴 "各市生产总值": cities × (GDP, three sectors, GDP per head) for one year."""
    figs = figures or numbers("henan", year)
    tot = totals(figs)
    pad = [None] if serial_column else []
    rows: list[list[Any]] = [
        pad + [f"{table}  各市生产总值({year})"],
        pad + ["单位：亿元"],
        (["序号"] if serial_column else []) + ["地  区", "生产总值", "第一产业", "第二产业", "第三产业", "人均生产总值(元)"],
        pad + [TOTAL_LABELS["henan"], *(tot[k] for k in ("gdp", "va_primary", "va_secondary", "va_services",
                                                          "gdp_per_capita"))],
    ]
    for i, (rid, zh, _) in enumerate(cities("henan", year), start=1):
        f = figs[rid]
        rows.append(([i] if serial_column else []) + [zh, f["gdp"], f["va_primary"], f["va_secondary"],
                                                       f["va_services"], f["gdp_per_capita"]])
    rows.append(pad + ["注：按当年价格计算。"])
    name = f"{table}  各市生产总值({year}).{'xls' if xls else 'xlsx'}"
    path = folder / name
    (write_xls(path, [("Sheet1", rows, False)], mojibake=mojibake) if xls
     else write_xlsx(path, [("Sheet1", rows, False)]))
    return sidecar(path)


def hubei(folder: Path, year: int = 2019, *, figures=None) -> Path:
    """湖北统计年鉴 "市、州生产总值": header 市 州, full-width brackets in the file name."""
    figs = figures or numbers("hubei", year)
    tot = totals(figs)
    rows: list[list[Any]] = [
        [f"1-15 市、州生产总值（{year}年）"], ["单位：亿元"],
        ["市  州", "地区生产总值", "第一产业", "第二产业", "第三产业"],
        [TOTAL_LABELS["hubei"], tot["gdp"], tot["va_primary"], tot["va_secondary"], tot["va_services"]],
    ]
    for rid, zh, _ in cities("hubei", year):
        f = figs[rid]
        rows.append([zh, f["gdp"], f["va_primary"], f["va_secondary"], f["va_services"]])
    path = folder / f"0115-市、州生产总值（{year}）.xls"
    write_xls(path, [("Sheet1", rows, False)])
    return sidecar(path)


def zhejiang(folder: Path, year: int = 2012, *, figures=None, index_year: int | None = None) -> Path:
    """浙江统计年鉴 17-2 "各市国民经济主要指标": indicators side by side in 万元, growth indices between them."""
    figs = figures or numbers("zhejiang", year)
    tot = totals(figs)
    idx = f"{index_year or year}年为{(index_year or year) - 1}年%"
    head = ["地  区", "生产总值(万元)", idx, "第一产业(万元)", idx, "第二产业(万元)", idx, "第三产业(万元)", idx,
            "财政总收入(万元)", idx]

    def line(name: str, f: dict) -> list[Any]:
        out: list[Any] = [name]
        for k in ("gdp", "va_primary", "va_secondary", "va_services"):
            out += [round(f[k] * 1e4), 108.1]
        out += [round(f["gdp"] * 1e3), 111.2]
        return out

    rows: list[list[Any]] = [[f"17-2  各市国民经济主要指标（{year}年）"], [None], head, line(TOTAL_LABELS["zhejiang"], tot)]
    for rid, zh, _ in cities("zhejiang", year):
        rows.append(line(zh, figs[rid]))
    path = folder / f"17-2 各市国民经济主要指标（{year}年）.xls"
    write_xls(path, [("17-2", rows, False)])
    return sidecar(path)


def shandong(folder: Path, year: int = 2017, *, figures=None, hidden_rows: bool = False) -> Path:
    """山东统计年鉴 "各市生产总值": no table number, Chinese and English names, total row 合计."""
    figs = figures or numbers("shandong", year)
    tot = totals(figs)
    rows: list[list[Any]] = [
        ["各市生产总值", None, None], ["Gross Domestic Product by City", None, None], ["单位：亿元", None, None],
        ["地  区\nRegion", None, "生产总值\nGDP", "第一产业\nPrimary Industry", "第二产业\nSecondary Industry",
         "第三产业\nTertiary Industry"],
        [TOTAL_LABELS["shandong"], "Total", tot["gdp"], tot["va_primary"], tot["va_secondary"], tot["va_services"]],
    ]
    for rid, zh, en in cities("shandong", year):
        f = figs[rid]
        rows.append([zh, en, f["gdp"], f["va_primary"], f["va_secondary"], f["va_services"]])
    sheets = [("Sheet1", rows, False), ("Sheet2", [], False)]  # an empty default sheet, as Excel leaves
    if hidden_rows:
        sheets.append(("old", rows[:3] + rows[3:9], True))  # a hidden copy of part of the table
    path = folder / f"各市生产总值({year}).xls"
    write_xls(path, sheets)
    return sidecar(path)


def sichuan(folder: Path, year: int = 2019, *, figures=None, title: str | None = None) -> Path:
    """四川统计年鉴 "各市(州)地区生产总值": the data year only in the title."""
    figs = figures or numbers("sichuan", year)
    tot = totals(figs)
    rows: list[list[Any]] = [
        [title if title is not None else f"各市(州)地区生产总值({year}年)"], ["单位：亿元"],
        ["地区", "地区生产总值", "第一产业", "第二产业", "第三产业"],
        [TOTAL_LABELS["sichuan"], tot["gdp"], tot["va_primary"], tot["va_secondary"], tot["va_services"]],
    ]
    for rid, zh, _ in cities("sichuan", year):
        f = figs[rid]
        rows.append([zh, f["gdp"], f["va_primary"], f["va_secondary"], f["va_services"]])
    path = folder / "各市(州)地区生产总值.xlsx"
    write_xlsx(path, [("Sheet1", rows, False)])
    return sidecar(path)
