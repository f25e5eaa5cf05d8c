"""Plans as folders (issue #15, item 3): a plan is a folder of data, evaluated with its own base year and period.

The base year drives τ, ρ, the growth since the base and the first year of cumulative targets (computed by hand
here); a bad plan sheet is an error naming file, sheet, cell, value and what was expected; an unknown plan lists
the plans present; ``kpi template --plan`` writes a blank plan workbook that the same validation reads; further
plans appear in the summary, the workbook and the printed briefing, a draft or illustrative one marked as such.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

import kpi
from kpi.core import paths
from kpi.core.errors import Report
from kpi.inputs import plans, targets
from kpi.inputs.history import select
from kpi.inputs.plan_workbook import write_blank_plan, write_plan_workbook
from kpi.inputs.plans import Plan
from kpi.inputs.schema import as_history
from kpi.model import assessment as A
from kpi.model import plan_evaluation
from tests.plan_fixture import CITY_PLAN, fixture_source, install_plan

N = 400
ROOT = Path(__file__).resolve().parents[1]


def _plan(base_year: int, *, start: int | None = None, end: int = 2025, status: str = "official",
          region: str = "zone") -> Plan:
    return Plan(id=f"test-{base_year}", title_zh="测试规划", title_en="Test plan", issuer="测试", date="2016-01-01",
                period_start=start or base_year + 1, period_end=end, base_year=base_year, status=status,
                region=region)


def _targets(*rows: dict, plan: Plan | None = None) -> pd.DataFrame:
    base = {"clause": "一(一)", "area": "aggregates", "name_zh": "测试", "name_en": "test", "unit": "亿元",
            "kind": "level", "direction": ">=", "stretch_value": np.nan, "start_year": pd.NA, "target_year": 2025,
            "value": 800.0, "indicator": "gdp", "quote": "", "notes": "", "compare_with": None,
            "component_of": None, "responsible": None}
    frame = pd.DataFrame([{**base, **r} for r in rows]).set_index("id")
    frame.attrs["plan"] = plan
    return frame


def _history(values: dict[int, float], indicator: str = "gdp", unit: str = "亿元") -> pd.DataFrame:
    return select(as_history([{"indicator": indicator, "region": "zone", "year": y, "value": v, "unit": unit,
                               "status": "official", "source": "test", "vintage": "2025", "qualifier": "",
                               "wording": ""} for y, v in values.items()]))


GDP = {y: 300.0 * 1.07 ** (y - 2014) for y in range(2014, 2025)}
FLOWS = {y: 5.0 + (y % 4) for y in range(2014, 2025)}


# ── the plan's base year is used throughout ──────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("base_year", [2015, 2017, 2020])
def test_a_plans_base_year_sets_tau_rho_and_growth_since_base(base_year):
    plan = _plan(base_year, end=2025)
    tg = _targets({"id": "gdp_2025", "value": 800.0}, plan=plan)
    card = A.assess(targets=tg, history=_history(GDP), n_paths=N)
    r = card.loc["gdp_2025"]
    # by hand: τ = years elapsed since the base / years from the base to the target; ρ = distance covered
    tau = (2024 - base_year) / (2025 - base_year)
    rho = (GDP[2024] - GDP[base_year]) / (800.0 - GDP[base_year])
    assert r.base_year == base_year and r.base_value == pytest.approx(GDP[base_year])
    assert r.tau == pytest.approx(tau) and r.rho == pytest.approx(rho)
    assert r.rate_since_base == pytest.approx(7.0, abs=1e-6)  # 7 %/yr whatever the base: the series grows at 7 %
    assert card.attrs["plan_base_year"] == base_year and card.attrs["plan"] == plan.id


@pytest.mark.parametrize("base_year", [2015, 2018, 2020])
@pytest.mark.parametrize("kind", ["cumulative", "average"])
def test_a_plans_base_year_sets_the_first_year_of_cumulative_targets(base_year, kind):
    plan = _plan(base_year, end=2025)
    tg = _targets({"id": "t", "kind": kind, "value": 100.0 if kind == "cumulative" else 9.0, "unit": "个",
                   "indicator": "major_projects_new", "target_year": 2025}, plan=plan)
    r = A.assess(targets=tg, history=_history(FLOWS, "major_projects_new", "个"), n_paths=N).loc["t"]
    counted = [y for y in FLOWS if base_year + 1 <= y <= 2024]  # the start is the year after the plan's base
    n = 2025 - base_year
    total = 100.0 if kind == "cumulative" else 9.0 * n
    assert r.basis_measure == f"sum {base_year + 1}–2024"
    assert r.basis_value == pytest.approx(sum(FLOWS[y] for y in counted))
    assert r.required_total == pytest.approx(total)
    assert r.tau == pytest.approx(len(counted) / n)


def test_plan_argument_and_the_registrys_own_plan_agree():
    plan = _plan(2016)
    tg = _targets({"id": "gdp_2025"}, plan=None)
    by_arg = A.assess(plan=plan, targets=tg, history=_history(GDP), n_paths=N)
    by_attrs = A.assess(targets=_targets({"id": "gdp_2025"}, plan=plan), history=_history(GDP), n_paths=N)
    pd.testing.assert_frame_equal(by_arg, by_attrs)
    assert by_arg.loc["gdp_2025", "base_year"] == 2016


def test_a_registry_without_a_plan_keeps_the_2020_base():
    r = A.assess(targets=_targets({"id": "gdp_2025"}), history=_history(GDP), n_paths=N).loc["gdp_2025"]
    assert r.base_year == 2020 and r.tau == pytest.approx(4 / 5)


# ── plans by id: the default, a listed error for an unknown one ───────────────────────────────────────────────────

def test_the_2022_plan_stays_the_default_of_every_call():
    default = kpi.load_targets()
    by_id = kpi.load_targets(plan=paths.DEFAULT_PLAN)
    pd.testing.assert_frame_equal(default, by_id)
    p = default.attrs["plan"]
    assert (p.id, p.base_year, p.period_start, p.period_end, p.status) == (paths.DEFAULT_PLAN, 2020, 2021, 2025,
                                                                           "official")
    listed = kpi.load_plans()
    assert listed.index[0] == paths.DEFAULT_PLAN and int(listed.loc[paths.DEFAULT_PLAN, "base_year"]) == 2020


@pytest.mark.parametrize("call", [kpi.load_targets, kpi.assess, kpi.analyse])
def test_an_unknown_plan_is_a_value_error_listing_the_plans_present(call):
    with pytest.raises(ValueError, match=rf"no plan 'nope'.*plans present: .*{paths.DEFAULT_PLAN}"):
        call(plan="nope")


def test_a_plan_folder_outside_data_raw_is_read_with_its_own_base_year(tmp_path):
    wb = install_plan(tmp_path)
    tg = kpi.load_targets(plan=wb.parent)
    p = tg.attrs["plan"]
    assert (p.id, p.base_year, p.region, p.status) == (CITY_PLAN, 2015, "yancheng", "illustrative")
    assert list(tg.index) == [t["id"] for t in fixture_source()["targets"]]
    assert p.label("zh").endswith("（2016–2020；示例（非正式目标））")


# ── a bad plan sheet: file, sheet, cell, value and what was expected ─────────────────────────────────────────────

BAD_FIELDS = {
    "base_year": ("二〇一五年左右x", "a year such as 2020"),
    "status": ("final", "official | draft | illustrative"),
    "date": ("2016/13/45", "e.g. 2022-03-11"),
    "id": ("Yancheng City", "e.g. yancheng-etdz-2022-4"),
    "region": ("atlantis", "a region id of data/raw/regions.yaml"),
    "period_end": (2014, "a year at least 2016"),
}


@pytest.mark.parametrize("field", sorted(BAD_FIELDS))
def test_a_bad_plan_field_names_file_sheet_cell_value_and_what_was_expected(tmp_path, field):
    bad, expected = BAD_FIELDS[field]
    wb = install_plan(tmp_path / "raw", plan={field: bad})
    report = Report()
    targets.validate_targets(wb, report)
    errors = [p for p in report.errors if p.sheet == plans.PLAN_SHEET]
    assert errors, report.format()
    p = errors[0]
    row = list(plans.PLAN_FIELDS).index(field) + 2  # header in row 1, one field a row in PLAN_FIELDS order
    assert (Path(p.file).name, p.sheet, p.cell, p.column) == ("targets.xlsx", "plan", f"B{row}", field)
    assert str(bad) in str(p.value) and expected in p.expected, p
    with pytest.raises(kpi.DataValidationError, match=rf"(?s)targets.xlsx.*plan.*B{row}"):
        kpi.load_targets(plan=wb.parent)


def test_a_plan_folders_workbook_without_a_plan_sheet_is_an_error(tmp_path):
    wb = install_plan(tmp_path / "raw")
    book = openpyxl.load_workbook(wb)
    del book[plans.PLAN_SHEET]
    book.save(wb)
    report = Report()
    targets.validate_targets(wb, report)
    assert any("no sheet named 'plan'" in p.message and "base_year" in p.expected for p in report.errors)


def test_target_years_are_checked_against_the_plans_own_years(tmp_path):
    src = fixture_source()
    rows = [*src["targets"], {**src["targets"][0], "id": "gdp_2014", "target_year": 2014}]
    wb = write_plan_workbook(tmp_path / "plans" / CITY_PLAN / "targets.xlsx", plan=src["plan"], rows=rows, title="t")
    report = Report()
    targets.validate_targets(wb, report)
    bad = [p for p in report.errors if p.column == "target_year"]
    assert len(bad) == 1 and bad[0].value == 2014 and "between 2016 and 2030" in bad[0].expected


# ── kpi template PATH --plan ─────────────────────────────────────────────────────────────────────────────────────

def test_template_plan_writes_a_blank_plan_workbook_the_same_validation_reads(tmp_path):
    out = tmp_path / "blank.xlsx"
    res = subprocess.run([sys.executable, "-m", "kpi", "template", str(out), "--plan"], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    assert out.read_bytes() == write_blank_plan(tmp_path / "again.xlsx").read_bytes()  # deterministic
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["plan", "targets", "说明 README", "lists"]
    assert [c.value for c in book["targets"][1]] == list(targets.COLUMNS) and book["targets"].max_row == 1
    readme = " ".join(str(c.value) for row in book["说明 README"].iter_rows() for c in row if c.value)
    assert "基期" in readme and "base year" in readme and "data/raw/plans/" in readme  # both languages
    report = Report()
    targets.validate_targets(out, report)  # blank: every required plan field is reported where it belongs
    missing = {p.column for p in report.errors if p.sheet == "plan" and "missing" in p.message}
    assert missing == {k for k, (required, _, _) in plans.PLAN_FIELDS.items() if required}
    # filled in with a plan and its targets, the same workbook validates clean
    src = fixture_source()
    ws = book["plan"]
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, 1).value in src["plan"]:
            ws.cell(r, 2, value=src["plan"][ws.cell(r, 1).value])
    for i, row in enumerate(src["targets"], start=2):
        for j, col in enumerate(targets.COLUMNS, start=1):
            if col in row:
                book["targets"].cell(i, j, value=row[col])
    filled = tmp_path / "filled.xlsx"
    book.save(filled)
    report = Report()
    tg = targets.validate_targets(filled, report)
    assert not report.errors, report.format()
    assert tg.attrs["plan"].base_year == 2015 and len(tg) == len(src["targets"])


# ── further plans in the summary and every output ────────────────────────────────────────────────────────────────

def _summary(status: str) -> pd.DataFrame:
    default = _plan(2020)
    other = Plan(id="other-plan", title_zh="其他规划甲", title_en="Other plan A", issuer="x", date="2016-01-01",
                 period_start=2016, period_end=2020, base_year=2015, status=status)
    cards = {default.id: pd.DataFrame({"verdict": ["on_track"], "component_of": [None], "scenario": ["baseline"]}),
             other.id: pd.DataFrame({"verdict": ["reached", "missed", "off_track", "no_data", "reached"],
                                     "component_of": [None, None, None, None, "x"],
                                     "scenario": ["baseline"] * 4 + ["baseline"]})}
    return plan_evaluation.plans_table([default, other], cards, default=default.id)


def test_the_summary_counts_each_plans_targets_without_components():
    s = _summary("official").set_index("plan")
    row = s.loc["other-plan"]
    assert (row.targets, row.reached, row.missed, row.off_track, row.unscored) == (4, 1, 1, 1, 1)
    assert bool(s.loc["test-2020", "default"]) and not bool(row.default)
    with pytest.raises(ValueError, match="no scorecard for plan 'other-plan'"):
        plan_evaluation.plans_table([_plan(2020), Plan("other-plan", "a", "b", "c", "2016-01-01", 2016, 2020, 2015,
                                                       "draft")], {"test-2020": pd.DataFrame({"verdict": []})})


@pytest.mark.parametrize("status, zh, en", [("draft", "草案", "draft"), ("illustrative", "示例", "illustrative")])
def test_a_draft_or_illustrative_plan_is_labelled_so_in_every_output(status, zh, en, tmp_path, monkeypatch):
    from kpi.present import briefing, export

    summary = _summary(status)
    printed_zh = briefing.other_plans_for_print(summary, lang="zh")
    printed_en = briefing.other_plans_for_print(summary, lang="en")
    assert len(printed_zh) == 1  # the default plan is not an "other" plan
    assert zh in printed_zh.iloc[0]["规划"] and zh in printed_zh.iloc[0]["状态"]
    assert en in printed_en.iloc[0]["Plan"] and en in printed_en.iloc[0]["Status"]
    assert zh in briefing.other_plans_note(summary, lang="zh") and en in briefing.other_plans_note(summary, lang="en")
    card = pd.DataFrame({"plan": ["other-plan"], "plan_status": [status], "id": ["t"], "verdict": ["reached"]})
    sheets = export.plan_sheets({"plans": summary, "plans_card": card})
    assert [s.name for s in sheets] == ["其他规划 Other plans", f"规划1（{zh}） other-plan"]
    assert (sheets[1].frame["plan_status"] == status).all()
    official = _summary("official")
    assert "（" not in export.plan_sheets({"plans": official, "plans_card": card})[1].name
    assert export.plan_sheets({"plans": official[official["default"]], "plans_card": card[:0]}) == []


def test_the_printed_briefing_has_an_other_plans_page_only_when_there_is_one(monkeypatch, tmp_path):
    from kpi.inputs.raw import load_all_vintages, load_history, load_targets
    from kpi.present import briefing

    hist, tg = load_history(), load_targets()
    out = A.analyse(targets=tg, history=hist, n_paths=N)
    d = {"card": out["card"], "projections": out["projections"], "history": hist, "targets": tg.reset_index(),
         "all_vintages": load_all_vintages()}
    titles: list[str] = []
    real = briefing.draw_table

    def spy(pdf, frame, title, **kw):
        titles.append(title)
        return real(pdf, frame, title, **kw)

    monkeypatch.setattr(briefing, "draw_table", spy)
    d["plans"] = _summary("illustrative")
    briefing.write_pdf(tmp_path / "with.pdf", d)
    assert any(t.startswith("其他规划") and "示例" in t for t in titles), titles
    titles.clear()
    d["plans"] = d["plans"][d["plans"]["default"].astype(bool)]
    briefing.write_pdf(tmp_path / "without.pdf", d)
    assert not any(t.startswith("其他规划") for t in titles), titles


def test_evaluate_plans_assesses_each_further_plan_on_its_own_base_and_region():
    from kpi.inputs.raw import ParsedPlan, parse_raw

    parsed = parse_raw()
    city = Plan(**{**{k: v for k, v in fixture_source()["plan"].items()}, "folder": ""})
    tg = targets._empty_frame()  # noqa: SLF001
    rows = pd.DataFrame(fixture_source()["targets"]).set_index("id")
    tg = _targets(*({"id": i, **{k: v for k, v in r.items() if pd.notna(v)}} for i, r in rows.iterrows()),
                  plan=city)
    default = parsed.plans[paths.DEFAULT_PLAN]
    ev = plan_evaluation.evaluate_plans({paths.DEFAULT_PLAN: default, CITY_PLAN: ParsedPlan(city, tg, ())},
                                        parsed.history, default=paths.DEFAULT_PLAN,
                                        default_card=pd.DataFrame({"verdict": ["on_track"], "component_of": [None],
                                                                   "scenario": ["baseline"]}))
    card = ev.cards[CITY_PLAN]
    assert list(card.columns[:3]) == list(plan_evaluation.PLAN_COLUMNS)
    assert (card["plan_status"] == "illustrative").all() and (card["plan_base_year"] == 2015).all()
    # the city's own series, 2020 the plan's last year: an observed outcome on the yearbook value
    city_gdp = parsed.history.query("indicator == 'gdp' and region == 'yancheng' and year == 2020")["value"].iloc[0]
    assert card.loc["gdp_2020", "basis_value"] == pytest.approx(city_gdp)
    assert card.loc["gdp_2020", "verdict"] == ("reached" if city_gdp >= 6000 else "missed")
    g = card.loc["gdp_2030"]
    base = parsed.history.query("indicator == 'gdp' and region == 'yancheng' and year == 2015")["value"].iloc[0]
    assert g.base_year == 2015 and g.base_value == pytest.approx(base)
    assert g.tau == pytest.approx((g.latest_year - 2015) / (2030 - 2015))
    assert list(ev.summary["plan"]) == [paths.DEFAULT_PLAN, CITY_PLAN]
    comp = ev.completions[CITY_PLAN]
    assert str(2015 + 1) in comp.columns and str(2015) not in comp.columns
    assert ev.further_cards()["plan"].unique().tolist() == [CITY_PLAN]


# ── every quote checked against the plan's own text ──────────────────────────────────────────────────────────────

def test_quotes_are_checked_against_the_plans_own_text(tmp_path):
    src = fixture_source()
    folder = tmp_path / "plans" / CITY_PLAN
    folder.mkdir(parents=True)
    (folder / "plan.txt").write_text("到2020年，地区生产总值达到 6000 亿元。\n服务业增加值2800亿元。", encoding="utf-8")
    rows = [{**src["targets"][0], "quote": "地区生产总值达到6000亿元"},  # whitespace ignored: found
            {**src["targets"][1], "quote": "服务业增加值3000亿元"}, src["targets"][2]]  # not in the text; none
    wb = write_plan_workbook(folder / "targets.xlsx", plan={**src["plan"], "text": "plan.txt"}, rows=rows, title="t")
    report = Report()
    targets.validate_targets(wb, report)
    quotes = [p for p in report.problems if p.column == "quote"]
    assert [(p.severity, p.value) for p in quotes if "not found" in p.message] == [("warning", "服务业增加值3000亿元")]
    assert any(p.severity == "error" and p.message == "missing quote" for p in quotes)  # a text makes quotes required
    assert "plan.txt" in next(p.expected for p in quotes if "not found" in p.message)
    (folder / "plan.txt").unlink()  # a text named but absent from a plan folder is an error on the field `text`
    report = Report()
    targets.validate_targets(wb, report)
    assert any(p.sheet == "plan" and p.column == "text" and p.value == "plan.txt" for p in report.errors)


def test_a_broken_further_plan_stops_the_parse_with_its_location(tmp_path):
    import shutil

    from kpi.inputs.raw import parse_raw

    raw = tmp_path / "raw"
    shutil.copytree(paths.RAW, raw)
    wb = install_plan(raw, plan={"base_year": "2015年前后"})
    parsed = parse_raw(raw, cache=False)
    assert parsed.has_errors and sorted(parsed.plans) == sorted([paths.DEFAULT_PLAN, CITY_PLAN])
    bad = [p for p in parsed.target_problems if p.severity == "error"]
    assert [(Path(p.file).resolve(), p.sheet, p.column, p.value) for p in bad] == [
        (wb.resolve(), "plan", "base_year", "2015年前后")]
    assert not parsed.plans[paths.DEFAULT_PLAN].problems or all(
        p.severity != "error" for p in parsed.plans[paths.DEFAULT_PLAN].problems)
