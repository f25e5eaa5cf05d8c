"""The final evaluation (issue #15, item 1): outcomes of the targets whose year has data, with revision risk.

1 outcomes at the boundary (exactly at the target, ≈ targets within and outside the tolerance, a published bound
deciding); 2 revision risk: a margin within the usual revision at its stage could flip, beyond it is safe; the
revision statistics are measured in the yearbook vintages; 3 an official 2025 row replaces the illustrative one; the
shipped illustrative data reach 2025 from the seeded script without changing 2016-2024.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings as hsettings, strategies as st

from kpi.core import settings
from kpi.inputs.history import select
from kpi.inputs.schema import as_history, empty_history
from kpi.model import assessment as A
from kpi.model import final as F

N = 200
GDP = {2019: 520.0, 2020: 540.0, 2021: 600.0, 2022: 640.0, 2023: 670.0, 2024: 700.0}


def _targets(*rows: dict) -> pd.DataFrame:
    base = {"clause": "二(一)", "area": "aggregates", "name_zh": "测试", "name_en": "test", "unit": "亿元",
            "kind": "level", "direction": ">=", "stretch_value": np.nan, "start_year": pd.NA, "target_year": 2025,
            "value": 800.0, "indicator": "gdp", "quote": "", "notes": "", "compare_with": None,
            "component_of": None, "responsible": None}
    return pd.DataFrame([{**base, **r} for r in rows]).set_index("id")


def _history(values: dict[int, float], indicator: str = "gdp", unit: str = "亿元", status: str = "illustrative",
             qualifier: str = "", vintage: str = "") -> pd.DataFrame:
    return as_history([{"indicator": indicator, "region": "zone", "year": y, "value": v, "unit": unit,
                        "status": status, "source": "test", "vintage": vintage, "qualifier": qualifier}
                       for y, v in values.items()])


#: A revision summary: 2 % usual at a first release, 6 % with a census in between, none later.
SUMMARY = pd.DataFrame([
    {"measure": m, "indicator": "", "editions_later": k, "census": c, "n": 50, "median": u / 3, "usual": u,
     "max": 2 * u}
    for m in ("level", "growth") for k, c, u in ((0, False, 2.0), (0, True, 6.0), (1, False, 0.0), (2, False, 0.0),
                                                 (3, False, 0.0))])


def _final(targets: pd.DataFrame, history: pd.DataFrame, **kw) -> pd.DataFrame:
    card = A.assess(targets=targets, history=select(history), n_paths=N)
    return F.final_evaluation(card, all_vintages=history, summary=kw.pop("summary", SUMMARY), **kw).set_index("id")


# ── 1 outcomes at the boundary ─────────────────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("direction, target, value, reached", [
    (">=", 800.0, 800.0, True), (">=", 800.0, 799.99, False), ("<=", 30.0, 30.0, True), ("<=", 30.0, 30.01, False),
    ("~", 3.0, 2.85, True), ("~", 3.0, 2.84, False), ("~", 3.0, 3.4, True)])
def test_outcome_at_the_boundary(direction, target, value, reached):
    t = _targets({"id": "t", "direction": direction, "value": target})
    f = _final(t, _history({**GDP, 2025: value}))
    r = f.loc["t"]
    assert bool(r.reached) is reached
    assert r.value == value and r.value_year == 2025 and r.target_year == 2025
    assert r.threshold == pytest.approx(A.reach_threshold(target, direction))
    margin = (target - value) if direction == "<=" else (value - target)
    assert r.margin == pytest.approx(margin) and r.margin_pct == pytest.approx(100 * margin / target)
    if direction == "~":
        assert "95%" in r.note_zh and "95%" in r.note_en


@pytest.mark.parametrize("edition, risk", [(2026, "could_flip"), (2031, "safe")])
def test_exactly_at_the_target_is_reached_and_any_downward_revision_could_flip_it(edition, risk):
    f = _final(_targets({"id": "t"}), _history({**GDP, 2025: 800.0}), edition=edition)
    assert bool(f.loc["t", "reached"]) and f.loc["t", "flip_distance"] == 0
    # a census still to come (usual revision 6 %) could take it below; once no revision is usual (0 %) it is safe
    assert f.loc["t", "revision_risk"] == risk


@pytest.mark.parametrize("bound, qualifier, reached", [(1000.0, ">=", True), (700.0, "<=", False)])
def test_a_published_bound_decides_the_outcome_and_says_so(bound, qualifier, reached):
    h = pd.concat([_history(GDP), _history({2025: bound}, status="preliminary", qualifier=qualifier)],
                  ignore_index=True)
    r = _final(_targets({"id": "t"}), h).loc["t"]
    assert bool(r.reached) is reached and r.value == bound
    assert r.data_basis == "preliminary"
    assert "界限值" in r.note_zh and "bound" in r.note_en


def test_a_target_whose_year_is_not_observed_is_open_not_evaluated():
    t = _targets({"id": "t"}, {"id": "later", "target_year": 2030})
    f = F.final_evaluation(A.assess(targets=t, history=select(_history(GDP)), n_paths=N),
                           all_vintages=_history(GDP), summary=SUMMARY)
    assert f.empty  # data end in 2024: neither 2025 nor 2030 has an outcome


# ── 2 revision risk ───────────────────────────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("value, edition, risk", [
    (790.0, 2026, "could_flip"),   # 1.3 % short, census 2028 pending: usual 6 %
    (750.0, 2026, "safe"),         # 6.7 % short: beyond even a census revision
    (812.0, 2026, "could_flip"),   # reached by 1.5 %: a revision could undo it
    (790.0, 2031, "safe"),         # the 2028 census is behind it and later editions do not revise: usual 0 %
])
def test_a_margin_within_the_usual_revision_at_its_stage_could_flip(value, edition, risk):
    r = _final(_targets({"id": "t"}), _history({**GDP, 2025: value}), edition=edition).loc["t"]
    assert r.revision_risk == risk
    assert bool(r.census_pending) is (edition <= 2030)
    assert r.editions_later == edition - 1 - 2025
    assert r.usual_revision == (6.0 if edition <= 2030 else 0.0)
    assert bool(r.flip_distance <= r.usual_revision) is (risk == "could_flip")
    assert F.RISKS[risk][0] in r.revision_risk_zh and F.RISKS[risk][1] in r.revision_risk_en


@hsettings(max_examples=40, deadline=None)
@given(value=st.floats(500, 1200), usual=st.floats(0.0, 20.0))
def test_could_flip_exactly_when_a_revision_of_the_usual_size_crosses_the_line(value, usual):
    summary = SUMMARY.assign(usual=usual)
    card = pd.DataFrame([{"scenario": "baseline", "verdict": "reached" if value >= 800 else "missed", "kind": "level",
                          "direction": ">=", "target_value": 800.0, "reach_threshold": 800.0, "basis_value": value,
                          "basis_year": 2025, "target_year": 2025, "margin": value - 800, "margin_pct": (value - 800) / 8,
                          "indicator": "gdp", "basis_status": "illustrative"}], index=["t"])
    r = F.final_evaluation(card, all_vintages=empty_history(), summary=summary).iloc[0]
    revised_down, revised_up = value * (1 - usual / 100), value * (1 + usual / 100)
    flips = bool(A.meets(revised_down, 800, ">=")) != bool(r.reached) or \
        bool(A.meets(revised_up, 800, ">=")) != bool(r.reached)
    if abs(r.flip_distance - usual) > 1e-9:  # away from the exact tie, the rule is what a revision would do
        assert (r.revision_risk == "could_flip") is flips


def test_revision_errors_are_measured_in_the_yearbook_vintages():
    from kpi.inputs.raw import load_all_vintages

    e = F.revision_errors(load_all_vintages())
    assert set(e["family"]) == {"data/raw/yearbooks/jiangsu-2-12"}
    first = e[e["editions_later"] == 0]
    assert (first["year"].astype(int) + 1 == first["edition"].astype(int)).all()  # a first release is that edition
    s = F.revision_summary(e)
    gdp = s[(s.measure == "level") & (s.indicator == "gdp")].set_index(["editions_later", "census"])
    # a census revision is larger than a routine one, and routine revisions end after the first release
    assert gdp.loc[(0, True), "usual"] > gdp.loc[(0, False), "usual"] > 0
    assert gdp.loc[(2, False), "usual"] < 1e-3
    # the 2018 economic census re-based Yancheng's 2017 GDP in the 2020 edition (5082.69 → 4990.12)
    row = e[(e.indicator == "gdp") & (e.region == "yancheng") & (e.year == 2017) & (e.edition == "2018")].iloc[0]
    assert row.census_between and row.value == pytest.approx(5082.69)


@pytest.mark.parametrize("year, edition, pending", [(2025, 2026, True), (2022, 2026, False), (2022, 2024, True),
                                                    (2023, 2025, False), (2028, 2030, False)])
def test_census_pending_follows_the_census_calendar(year, edition, pending):
    assert F.census_pending(year, edition=edition) is pending


def test_revision_summary_refuses_a_quantile_outside_zero_one():
    with pytest.raises(ValueError, match="quantile must be between 0 and 1"):
        F.revision_summary(pd.DataFrame(columns=F.ERROR_COLUMNS), quantile=1.5)


def test_final_evaluation_refuses_a_scenario_the_card_does_not_hold():
    card = pd.DataFrame({"scenario": ["baseline"], "verdict": ["reached"]}, index=["t"])
    with pytest.raises(ValueError, match="no row for scenario 'high'"):
        F.final_evaluation(card, all_vintages=empty_history(), scenario="high", summary=SUMMARY)


# ── 3 official 2025 figures replace the illustrative ones ─────────────────────────────────────────────────────

def test_an_official_2025_row_replaces_the_illustrative_one_and_changes_the_outcome():
    illustrative = _history({**GDP, 2025: 790.0})
    official = _history({2025: 805.0}, status="official", vintage="2026")
    chosen = select(pd.concat([illustrative, official], ignore_index=True))
    row = chosen[chosen.year == 2025].iloc[0]
    assert row.status == "official" and row.value == 805.0
    r = _final(_targets({"id": "t"}), pd.concat([illustrative, official], ignore_index=True)).loc["t"]
    assert bool(r.reached) and r.value == 805.0 and r.data_basis == "official"
    assert "示例" not in r.note_zh and "illustrative" not in r.note_en


def test_the_shipped_illustrative_data_reach_2025_and_keep_2016_2024():
    from scripts import make_illustrative as M

    rows = pd.DataFrame(M.build_rows())
    assert sorted(rows.year.unique()) == list(range(2016, 2026))
    assert (rows.status == "illustrative").all()
    last = rows[rows.year == 2025]
    assert len(last) == len(M.INDICATORS) and last.note.str.contains("初步数").all()
    # 2016-2024 come from the same draws whatever 2025's story says: 2025 has a seeded stream of its own
    before = M.generate()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(M, "FINAL", {k: v * 1.1 for k, v in M.FINAL.items()})
        after = M.generate()
    for ind in M.INDICATORS:
        assert [before[ind][y] for y in M.BASE_YEARS] == [after[ind][y] for y in M.BASE_YEARS], ind
    assert before["gdp"][2025] != after["gdp"][2025]
    shipped = select(as_history(rows.assign(vintage="").to_dict("records")))
    zone = shipped.set_index(["indicator", "year"])["value"]
    # identities hold in 2025 as in every year
    assert zone["sales_leading_industries", 2025] == pytest.approx(
        zone["sales_auto", 2025] + zone["sales_pv", 2025] + zone["sales_electronics", 2025], abs=0.02)
    assert zone["energy_intensity", 2025] == pytest.approx(zone["energy_consumption", 2025] / zone["gdp", 2025],
                                                           abs=1e-4)


def test_the_shipped_final_evaluation_covers_the_2022_and_2025_targets():
    from kpi.inputs.raw import load_all_vintages

    card = A.assess(n_paths=N)
    f = F.final_evaluation(card, all_vintages=load_all_vintages()).set_index("id")
    assert {2022, 2025} <= set(f.target_year)
    for tid in ("gdp_2025", "va_industry_above_scale_2025", "hightech_firms_2025", "share_nonfossil_energy_2025",
                "sales_leading_industries_2025"):
        assert tid in f.index and f.loc[tid, "value_year"] == 2025
    assert (f.loc[f.value_year == 2025, "data_basis"] == "illustrative").all()
    assert f["revision_risk"].isin(list(F.RISKS)).all()
    # every outcome is the scorecard's own: one rule (assessment.outcome), no second reading
    base = card[card.scenario == "baseline"]
    for tid, r in f.iterrows():
        assert bool(r.reached) is (base.loc[tid, "verdict"] == "reached")
        assert r.margin == pytest.approx(float(base.loc[tid, "margin"]))
    assert not math.isnan(f.loc["gdp_2025", "usual_revision"])


# ── 4 what the other tables say once the target year is observed ─────────────────────────────────────────────────

@pytest.mark.parametrize("value", [700.0, 800.0, 850.0])
def test_a_final_outcome_states_its_completion_rate_from_the_base_year(value):
    card = A.assess(targets=_targets({"id": "t"}), history=select(_history({**GDP, 2025: value})), n_paths=N)
    r = card.loc["t"]
    base = GDP[settings.PLAN_BASE_YEAR]
    assert r.tau == 1.0 and r.base_value == base
    assert r.rho == pytest.approx((value - base) / (800.0 - base))
    assert bool(r.keeps_pace) is (value >= 800.0)
    assert r.rate_since_base == pytest.approx(100 * ((value / base) ** (1 / 5) - 1))


def test_the_gap_decomposition_of_an_observed_year_decomposes_the_outcome_not_a_projection():
    from kpi.inputs.raw import load_history
    from kpi.model import coherence

    hist = load_history()
    gaps = coherence.gap_decomposition(A.assess(n_paths=N), history=hist)
    assert gaps.attrs["observed"] is True and gaps.attrs["target_year"] == 2025
    zone = hist[(hist.region == "zone") & (hist.year == 2025)].set_index("indicator")["value"]
    parts = gaps.iloc[:-1]
    assert parts["proj_median"].tolist() == [zone[p] for p in parts["part"]]
    assert gaps.iloc[-1]["gap"] == pytest.approx(gaps.attrs["target"] - parts["proj_median"].sum())
    before = coherence.gap_decomposition(A.assess(n_paths=N, as_of=2024), history=hist[hist.year <= 2024])
    assert before.attrs["observed"] is False and before.iloc[:-1]["proj_median"].notna().all()


# ── 5 presented: the answer first, in both languages, stamped illustrative ───────────────────────────────────────

@pytest.fixture(scope="module")
def shipped_final():
    from kpi.inputs.raw import load_all_vintages

    return F.final_evaluation(A.assess(n_paths=N), all_vintages=load_all_vintages())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_final_evaluation_leads_with_reached_missed_and_what_could_flip(shipped_final, lang):
    from kpi.present import final_report as R

    msgs = R.messages(shipped_final, lang=lang)
    assert ("示例数据" in msgs[0]) if lang == "zh" else ("Illustrative data" in msgs[0])  # stamped first
    for year, g in shipped_final.groupby("target_year"):  # counts per target year, as the table holds them
        n, hit = len(g), int(g["reached"].sum())
        line = next(m for m in msgs if str(year) in m and (("项已有结果" in m) if lang == "zh" else "with an outcome" in m))
        assert (f"达到{hit}项，未达到{n - hit}项" if lang == "zh" else f"{hit} reached, {n - hit} missed") in line
    heads = next(m for m in msgs if m.startswith("主要目标" if lang == "zh" else "Headline targets"))
    for tid in R.HEADLINE_IDS:  # GDP 800, 规上工业增加值 400, high-tech firms 220, non-fossil 35 %, sales 2000
        r = shipped_final.set_index("id").loc[tid]
        assert str(r["name_zh" if lang == "zh" else "name_en"]) in heads
    flip = shipped_final[shipped_final.revision_risk == "could_flip"]
    said = next(m for m in msgs if (("可能因数据修订而翻转" in m) if lang == "zh" else "could still flip" in m))
    assert said.startswith(str(len(flip)))
    assert all(str(r["name_zh" if lang == "zh" else "name_en"]) in said for _, r in flip.iterrows())
    printed = R.for_print(shipped_final, lang=lang)
    assert len(printed) == len(shipped_final)
    assert set(printed["结果" if lang == "zh" else "Result"]) <= {A.VERDICTS[v][0 if lang == "zh" else 1]
                                                                 for v in ("reached", "missed")}


def test_the_sheet_keeps_numbers_as_numbers(shipped_final):
    from kpi.present import final_report as R

    sheet = R.for_sheet(shipped_final)
    assert list(sheet.columns) == F.COLUMNS
    for c in ("target", "value", "margin", "margin_pct", "flip_distance", "usual_revision"):
        assert sheet[c].dtype.kind == "f", c


@pytest.mark.parametrize("official_gdp, reached", [(805.0, True), (640.0, False)])
def test_an_official_2025_workbook_filled_from_the_template_replaces_the_shipped_illustrative_row(
        tmp_path, official_gdp, reached):
    """The economist's path: the template layout, read by the same loader as the shipped illustrative workbook."""
    from kpi.core import paths
    from kpi.core.errors import Report
    from kpi.inputs.template import write_history_workbook
    from kpi.inputs.tidy import load_tidy_workbook

    official = write_history_workbook(tmp_path / "zone_official_2025.xlsx", [
        {"indicator": "地区生产总值", "region": "zone", "year": 2025, "value": official_gdp, "unit": "亿元",
         "status": "正式", "source": "盐城经开区统计局 2025年统计公报", "vintage": "2026"}])
    report = Report()
    frames = [load_tidy_workbook(paths.ZONE_DIR / "zone_illustrative.xlsx", report=report),
              load_tidy_workbook(official, report=report)]
    assert report.ok, report.format()
    both = pd.concat(frames, ignore_index=True)
    chosen = select(both)
    row = chosen[(chosen.indicator == "gdp") & (chosen.year == 2025)].iloc[0]
    assert (row.status, row.value) == ("official", official_gdp)
    r = _final(_targets({"id": "gdp_2025"}), both, summary=SUMMARY).loc["gdp_2025"]
    assert bool(r.reached) is reached and r.value == official_gdp and r.data_basis == "official"
    assert "示例数据" not in r.note_zh
