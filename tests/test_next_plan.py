"""The next plan and the track record for people (kpi.present.next_plan): memo lines, tables, charts, sheets, PDF."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kpi.model import achievable as T
from kpi.model import track_record as TR
from kpi.present import export
from kpi.present import next_plan as NP

GDP = {2016: 420.0, 2017: 455.0, 2018: 490.0, 2019: 520.0, 2020: 540.0, 2021: 600.0, 2022: 640.0, 2023: 670.0}


def _history(status: str = "illustrative") -> pd.DataFrame:
    return pd.DataFrame({"indicator": "gdp", "region": "zone", "year": list(GDP), "value": list(GDP.values()),
                         "unit": "亿元", "status": status, "source": "test", "vintage": "", "note": ""})


def _targets() -> pd.DataFrame:
    return pd.DataFrame([{"id": "gdp_2025", "clause": "", "area": "aggregates", "name_zh": "地区生产总值",
                          "name_en": "GDP", "unit": "亿元", "kind": "level", "direction": ">=",
                          "stretch_value": np.nan, "start_year": np.nan, "target_year": 2025, "value": 800.0,
                          "indicator": "gdp", "quote": "", "notes": ""}]).set_index("id")


@pytest.fixture(scope="module")
def plan() -> pd.DataFrame:
    return T.next_plan_table(targets=_targets(), history=_history(), year=2030, scenarios=("baseline", "low"),
                             n_paths=400)


def _record(basis: str = "illustrative") -> pd.DataFrame:
    rows = [{"set": "zone", "as_of": 2021, "id": "a", "name_zh": "甲", "name_en": "a", "region": "zone",
             "indicator": "gdp", "kind": "level", "direction": ">=", "target_value": 600.0, "unit": "亿元",
             "target_year": 2022, "probability": p, "verdict": "at_risk", "verdict_zh": "存在风险",
             "verdict_en": "at risk", "scored": True, "proj_median": 590.0, "proj_lower_80": 560.0,
             "proj_upper_80": 620.0, "latest_year": 2021, "latest_value": 580.0, "naive_trend": nt,
             "naive_last_year": nl, "outcome": o, "outcome_value": 610.0, "outcome_margin_pct": 1.7,
             "outcome_status": "official", "data_basis": basis, "method": "m"}
            for p, nt, nl, o in ((0.6, 1.0, 0.0, 1.0), (0.2, 0.0, 1.0, 0.0), (0.9, 1.0, 1.0, 1.0))]
    return pd.DataFrame(rows, columns=TR.COLUMNS)


def test_memo_line_quotes_the_table(plan):
    row = plan[(plan["year"] == 2030) & (plan["scenario"] == "baseline")]
    at70 = row[row["probability"] == 0.7].iloc[0]
    zh = NP.memo_lines(plan, lang="zh")[0]
    en = NP.memo_lines(plan, lang="en")[0]
    from kpi.present.views import number, percent
    for line in (zh, en):
        assert number(at70["level"], "亿元") in line and number(at70["history_level"], "亿元") in line
        assert percent(at70["history_probability"]) in line and "70%" in line
    assert zh.startswith("2030年地区生产总值目标") and "有70%把握的水平为≥" in zh
    with pytest.raises(ValueError, match=r"no level at probability 0.8: the table has \[0.9, 0.7, 0.5, 0.3, 0.1\]"):
        NP.memo_lines(plan, probability=0.8)


@pytest.mark.parametrize("lang, first", [("zh", "指标"), ("en", "Indicator")])
def test_next_plan_table_for_print(plan, lang, first):
    t = NP.next_plan_for_print(plan, scenario="low", lang=lang)
    assert len(t) == 1 and t.columns[0] == first
    assert [c for c in t.columns if "%" in c][:5] == NP.level_columns([0.9, 0.7, 0.5, 0.3, 0.1], lang)
    assert not t.isna().any().any()


def test_fan_to_2030_is_stamped_when_the_data_are_illustrative(plan):
    from kpi.inputs.history import series

    for status, stamped in (("illustrative", True), ("official", False)):
        s = series(_history(status), "gdp")
        fig = NP.fan_2030_chart(s, plan, indicator="gdp", lang="en")
        texts = [t.get_text() for t in fig.axes[0].texts]
        assert any("Illustrative" in t for t in texts) is stamped
        assert any(t.startswith("70% chance") for t in texts)
        line = fig.axes[0].lines[1]  # the median, from the 50 % levels
        assert line.get_xdata()[-1] == 2030
        NP.charts.close(fig)
    with pytest.raises(ValueError, match="pm25: no next-plan rows for scenario 'baseline'"):
        NP.fan_2030_chart(s, plan, indicator="pm25")


@pytest.mark.parametrize("basis, stamped", [("illustrative", True), ("official", False)])
def test_reliability_chart_stamps_illustrative_zone_calls(basis, stamped):
    fig = NP.reliability_chart(_record(basis), lang="zh")
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert any("示例数据" in t for t in texts) is stamped
    assert any(t == "n=1" for t in texts)  # the counts are drawn
    NP.charts.close(fig)


def test_scores_and_record_for_print():
    rec = _record()
    s = NP.scores_for_print(rec, lang="zh")
    assert s.iloc[0]["Brier 分数（越低越好）"] == f"{TR.brier([0.6, 0.2, 0.9], [1, 0, 1]):.3f}"
    t = NP.track_record_for_print(rec, lang="en")
    assert t["What happened"].str.startswith(("reached", "missed")).all()
    assert (t["Data"] == "illustrative").all()


def test_workbook_gets_the_two_sheets_only_when_built(plan):
    assert export._next_plan_sheets({}) == []
    sheets = export._next_plan_sheets({"next_plan": plan, "track_record": _record()})
    assert [s.name for s in sheets] == ["下一规划 Next plan", "历史表现 Track record"]
    assert "pseudo-targets" in sheets[1].title and "Brier" in sheets[1].title


def test_html_section_says_illustrative(plan):
    items = NP.html_section({"next_plan": plan, "track_record": _record()}, lang="zh")
    kinds = [k for k, _ in items]
    assert kinds.count("table") == 2 and items[0][1].startswith("## 下一规划")
    assert "示例数据" in items[-1][1]


def test_pdf_section_adds_its_pages(plan, tmp_path):
    from matplotlib.backends.backend_pdf import PdfPages

    with PdfPages(tmp_path / "s.pdf") as pdf:
        NP.pdf_section(pdf, {"next_plan": plan, "track_record": _record()}, lang="zh")
        pages = pdf.get_pagecount()
    assert pages == 3
    import re

    boxes = re.findall(rb"/MediaBox \[ 0 0 ([\d.]+) ([\d.]+) \]", (tmp_path / "s.pdf").read_bytes())
    assert len(boxes) == 3  # every page A4, portrait or landscape (the reliability chart on a portrait page)
    assert {(float(w), float(h)) for w, h in boxes} <= {(595.44, 841.68), (841.68, 595.44)}, boxes


def test_load_names_the_missing_file(tmp_path, monkeypatch):
    from kpi.core import paths

    monkeypatch.setattr(paths, "ROOT", tmp_path)
    (tmp_path / "p").mkdir()
    with pytest.raises(FileNotFoundError, match=r"next_plan.csv not found: run the main job first"):
        NP.load("p")
