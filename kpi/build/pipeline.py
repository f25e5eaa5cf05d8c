"""The main job: from ``data/raw`` to every processed table, figure and report.

Stages (``kpi build --only STAGE`` stops after one): **data** (validate and
process the registry and history), **analysis**, **figures**, **reports**. All
outputs are staged and moved into place only when the whole run succeeded
(:class:`kpi.core.files.Staging`); raw files are checksummed before and after.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

from kpi.core import paths
from kpi.inputs import provenance
from kpi.core.errors import DataValidationError, Report
from kpi.core.files import Staging, write_csv
from kpi.core.labels import VERDICTS
from kpi.model.assessment import probability_by_scenario

STAGES = ("data", "analysis", "notebooks", "reports")


def _raw_checksums() -> dict[str, str]:
    return {str(p.relative_to(paths.RAW)): provenance.sha256(p)
            for p in sorted(paths.RAW.rglob("*")) if p.is_file()}


class Progress:
    """A plain progress display: one line per step with elapsed seconds."""

    def __init__(self, total: int) -> None:
        self.total, self.done, self.t0 = total, 0, time.perf_counter()

    def step(self, text: str) -> None:
        self.done += 1
        print(f"[{self.done}/{self.total}] {text} ({time.perf_counter() - self.t0:.1f} s)", flush=True)


def build(*, only: str | None = None, skip_notebooks: bool = False, jobs: int | None = None) -> list[Path]:
    """Run the main job and return the output files written.

    Stages: data (validate and process ``data/raw``), analysis (scorecard, projections, relative growth,
    coherence), notebooks (figures, executed notebooks, scenario runs) and reports (PDF, workbook, HTML).
    The reports are drawn while the notebook kernels run. Everything is staged and moved into place only
    if all stages succeed.

    Raises
    ------
    DataValidationError
        If any input has errors (nothing is written then).
    """
    from kpi.build.notebooks import default_jobs
    from kpi.model.scenarios import load_scenarios

    import matplotlib

    matplotlib.use("Agg")  # this process draws the printed briefing; the notebook kernels keep their own backend
    jobs = jobs or default_jobs()
    if only is not None and only not in STAGES:
        raise ValueError(f"unknown stage {only!r}; expected one of {STAGES}")
    scenarios = load_scenarios()  # every scenario file is checked before anything else runs
    before = _raw_checksums()
    with_notebooks = not skip_notebooks and only not in ("data", "analysis")
    with_reports = only in (None, "reports")
    progress = Progress(total=2 + (only != "data") + with_notebooks + with_reports)
    report = Report()
    written: list[Path] = []
    pool = None
    if with_notebooks:  # notebook workers start now: their imports overlap the data and analysis stages
        from kpi.build.notebooks import worker_pool

        pool = worker_pool(jobs)
    with Staging(paths.ROOT) as st, _shutdown(pool):
        state = _data_stage(st, report, progress)
        if only != "data":
            _analysis_stage(st, state, scenarios, progress)
        if with_notebooks:
            _notebook_stage(st, jobs=jobs, progress=progress, pool=pool,
                            meanwhile=(lambda: _reports_stage(st, report)) if with_reports else None)
        elif with_reports:
            _reports_stage(st, report)
        if with_reports:
            progress.step("wrote reports/scorecard.xlsx, reports/briefing.pdf"
                          + ("" if skip_notebooks else ", reports/briefing.html"))
        written = st.commit()
    after = _raw_checksums()
    if after != before:  # pragma: no cover - a bug guard
        changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
        raise RuntimeError(f"data/raw changed during the run (never allowed): {changed}")
    print(f"done: {len(written)} files written under {paths.ROOT}")
    for rel, what in (("reports/briefing.pdf", "printable briefing"), ("reports/briefing.html", "briefing, no code"),
                      ("reports/scorecard.xlsx", "Excel scorecard"), ("figures/", "charts, PNG + SVG"),
                      ("reports/notebooks/", "executed notebooks + HTML"), ("reports/scenarios/", "one run per scenario"),
                      ("data/processed/", "tables (CSV)")):
        if (paths.ROOT / rel).exists():
            print(f"  {paths.ROOT / rel}  — {what}")
    return written


def _data_stage(st: Staging, report: Report, progress: Progress) -> dict:
    """Validate every input (errors stop the run) and write the processed registry and history tables."""
    from kpi.inputs import registry
    from kpi.inputs.history import select
    from kpi.inputs.raw import parse_raw

    ind = registry.load_indicators()
    parsed = parse_raw()  # a rebuild on unchanged inputs reads the parse and its problems back
    report.extend(parsed.target_problems)
    report.extend(parsed.history_problems)
    report.raise_if_errors("data/raw")
    tgt, allv = parsed.targets, parsed.all_vintages
    hist = select(allv)
    progress.step(f"validated data/raw: {len(tgt)} targets, {len(allv)} history rows "
                  f"({len(report.repairs)} repairs, {len(report.warnings)} warnings reported)")
    write_csv(tgt.reset_index(), st.path("data/processed/targets.csv"))
    write_csv(ind.assign(aliases=ind["aliases"].map(" | ".join)).reset_index(),
              st.path("data/processed/indicators.csv"))
    write_csv(hist, st.path("data/processed/history.csv"))
    write_csv(allv, st.path("data/processed/history_all_vintages.csv"))
    write_csv(report.to_frame(), st.path("data/processed/validation_report.csv"))
    progress.step("wrote data/processed/")
    return {"targets": tgt, "history": hist}


def _analysis_stage(st: Staging, state: dict, scenarios: dict, progress: Progress) -> None:
    """Scorecard and projections for every scenario, relative growth, coherence checks."""
    from kpi.model import assessment as assess, coherence, relative

    targets, hist = state["targets"], state["history"]
    out = assess.analyse(targets=targets, history=hist, scenario=list(scenarios.values()), seed=0)
    card, proj = out["card"], out["projections"]
    write_csv(card.reset_index(), st.path("data/processed/scorecard.csv"))
    write_csv(proj, st.path("data/processed/projections.csv"))
    write_csv(relative.relative_summary("gdp", history=hist), st.path("data/processed/relative.csv"))
    write_csv(coherence.check(targets=targets, history=hist), st.path("data/processed/coherence.csv"))
    counts = card[card.scenario == "baseline"]["verdict"].value_counts().to_dict()
    progress.step(f"assessed {len(targets)} targets × {len(scenarios)} scenarios: baseline {counts}")


@contextlib.contextmanager
def _shutdown(pool):
    """Shut the worker pool down however the build ends (a failed stage cancels what is queued)."""
    try:
        yield pool
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _notebook_stage(st: Staging, *, jobs: int, progress: Progress, meanwhile=None, pool=None) -> None:
    """Run the notebooks and scenario runs; ``meanwhile`` (the reports) runs in this process while they do."""
    import shutil

    from kpi.build.notebooks import notebook_sources, run_notebooks, scenario_jobs

    processed = st.path("data/processed/.keep").parent
    rel = {"processed_dir": str(processed.relative_to(paths.ROOT)),
           "figures_dir": str(st.path("figures/.keep").parent.relative_to(paths.ROOT)),
           "interactive": False}  # issue 14: built copies hold no live widgets (the explorer shows precomputed cases)
    nb_dir = st.path("reports/notebooks/.keep").parent
    extra = scenario_jobs(st.path("reports/scenarios/.keep").parent, params=rel)

    run_notebooks(nb_dir, params=rel, jobs=jobs, extra=extra, rewrite={f"{st.dir.name}/": ""},
                  while_running=meanwhile, pool=pool,
                  on_done=lambda r: print(f"    notebook {r.notebook.parent.name}/{r.name}: {r.seconds:.1f} s",
                                          flush=True))
    progress.step(f"executed {len(notebook_sources())} notebooks and {len(extra)} scenario runs, {jobs} at a time "
                  "(figures/, reports/notebooks/, reports/scenarios/)")
    if meanwhile is not None:
        shutil.copyfile(nb_dir / "08_briefing.html", st.path("reports/briefing.html"))


def _reports_stage(st: Staging, report: Report) -> None:
    """The printable briefing and the Excel scorecard, from the processed tables."""
    from kpi.present import briefing, export, views

    d = views.load(st.path("data/processed/.keep").parent.relative_to(paths.ROOT))
    meta = _cover(d, report)
    briefing.write_pdf(st.path("reports/briefing.pdf"), d, meta=dict(meta[:4]))
    export.write_workbook(st.path("reports/scorecard.xlsx"), cover=meta, notes=_notes(), sheets=_sheets(d),
                          illustrative=d["card"]["data_basis"].astype(str).str.contains("illustrative").any())


def run_scenarios(*, jobs: int | None = None) -> list[Path]:
    """Run the scenario notebook once per scenario file (baseline included) from ``data/processed``.

    Every scenario file is validated first; outputs are staged, so a failure leaves the previous
    ``reports/scenarios/`` intact.

    Raises
    ------
    UnusableInputError
        If ``data/processed`` has not been built yet.
    """
    from kpi.core.errors import UnusableInputError
    from kpi.build.notebooks import default_jobs, run_jobs, scenario_jobs
    from kpi.model.scenarios import load_scenarios

    jobs = jobs or default_jobs()

    load_scenarios()
    if not (paths.PROCESSED / "scorecard.csv").exists():
        raise UnusableInputError(paths.PROCESSED / "scorecard.csv", "the processed scorecard is missing",
                                 expected="run 'make all' (kpi build) first")
    with Staging(paths.ROOT) as st:
        work = scenario_jobs(st.path("reports/scenarios/.keep").parent)
        for r in run_jobs(work, n_jobs=jobs, rewrite={f"{st.dir.name}/": ""}):
            print(f"scenario {r.notebook.parent.name}: {r.seconds:.1f} s", flush=True)
        written = st.commit()
    print(f"done: {len(written)} files under {paths.REPORTS / 'scenarios'}")
    return written


def _cover(d, report: Report) -> list[tuple[str, str]]:
    from kpi.core import settings
    from kpi.present import export

    card = d["card"][d["card"].scenario == "baseline"]
    basis = card["data_basis"].value_counts().to_dict()
    return [
        ("内容 What", "盐开发〔2022〕4号 所列全部量化目标的实现可能性评估 — every quantitative target of the March-2022 plan, "
                    "with history, calibrated projections and the probability of reaching it"),
        ("生成日期 Built", (settings.source_date().strftime("%Y-%m-%d") + " (date of the last commit of the inputs and code)")
                          if settings.source_date() else "undated (not a git checkout and SOURCE_DATE_EPOCH unset)"),
        ("情景 Scenario", "baseline (trend); other scenarios on sheet 情景 Scenarios"),
        ("数据性质 Data basis", "; ".join(f"{k}: {v}" for k, v in sorted(basis.items()))),
        ("方法 Method", "Trend projection on transformed scale with intervals calibrated from the empirical errors of "
                      "real yearly series (kpi.model.projection): forecasting-competition series by default; for GDP and "
                      "value added, real-time errors of the 江苏统计年鉴 vintages (column method of each row names "
                      "the panel); probability = share of simulated paths reaching "
                      f"the target; verdict thresholds {settings.PROB_ON_TRACK:.0%} / {settings.PROB_OFF_TRACK:.0%}"),
        ("数据问题 Data checks", f"{len(report.errors)} errors, {len(report.repairs)} repairs reported, "
                               f"{len(report.warnings)} warnings (data/processed/validation_report.csv)"),
        ("来源 Sources", "江苏统计年鉴 表2-12 (editions 2018–2023); published facts (URL per row); illustrative zone series "
                       "generated by scripts/make_illustrative.py — see sheet 来源 Sources"),
    ]


def _notes() -> list[tuple[str, str]]:
    from kpi.core import settings
    from kpi.model import assessment as assess, progress

    notes = [(f"verdict: {k}", f"{zh} / {en}") for k, (zh, en) in VERDICTS.items()]
    notes += [
        ("probability", "Share of 2000 seeded simulated paths meeting the target in the target year."),
        ("required_rate", "Compound growth needed from the latest value (%/yr); for shares and counts the yearly "
                          "increment (pp/yr, units/yr)."),
        ("eurostat_ratio", "Actual growth since the base year / required growth (Eurostat): "
                           + ", ".join(progress.EUROSTAT_CLASSES)),
        ("unsd_share", "Share of the distance covered by the target year if the observed growth continues (UNSD): "
                       "≥0.95 / 0.10–0.95 / <0.10"),
        ("escap", "UN ESCAP current status and anticipated progress: maintain / accelerate / reverse"),
        ("midterm_class", f"Chinese mid-term review from τ (time) and ρ (completion); tolerance for 基本符合预期 "
                          f"= {settings.MIDTERM_TOLERANCE} (disclosed choice, none is published)"),
        ("base year", f"{settings.PLAN_BASE_YEAR} unless the target states a start year"),
        ("示例数据 Illustrative", "Rows with data basis 'illustrative' rest on generated series, not official statistics."),
    ]
    return notes


def _sheets(d) -> list:
    from kpi.present.coverage import sources_table
    from kpi.present.export import Sheet

    card = d["card"]
    base = card[card.scenario == "baseline"].drop(columns=["scenario"])
    units = {"target_value": "目标单位", "latest_value": "目标单位", "proj_median": "目标单位", "proj_lower_80": "目标单位",
             "proj_upper_80": "目标单位", "hist_rate_3y": "见 rate_unit", "hist_rate_5y": "见 rate_unit",
             "required_rate": "见 rate_unit", "probability": "0–1"}
    wide = probability_by_scenario(card, name="name_zh")
    hist = d["history"]
    return [
        Sheet("记分卡 Scorecard", base, units=units, verdict_column="verdict", percent_columns=("probability",)),
        Sheet("情景 Scenarios", wide, units={c: "概率 0–1" for c in wide.columns if c != "name_zh"}),
        Sheet("相对增速 Relative", d["relative"], units={"avg_growth_pct": "%", "zone_avg_growth_pct": "%", "gap_pp": "pp"}),
        Sheet("一致性 Coherence", d["coherence"]),
        Sheet("历史 History", hist),
        Sheet("来源 Sources", sources_table()),
    ]
