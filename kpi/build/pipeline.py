"""The main job: from ``data/raw`` to every processed table, figure and report, as a short list of declared steps.

==============  =========================================================  ============================================
step            reads                                                      writes
==============  =========================================================  ============================================
``data``        ``data/raw``, kpi's code                                   ``data/processed``: targets, indicators,
                                                                           history, all vintages, validation report
``analysis``    ``data/raw``, ``scenarios/``, kpi's code                   ``data/processed``: scorecard, projections,
                                                                           relative growth, coherence, final evaluation;
                                                                           every further plan folder: plans,
                                                                           plans_scorecard, ``plans/<plan id>/``
``notebook:NN`` its ``notebooks/NN_*.py``, the processed tables (baseline   ``reports/notebooks/NN.{ipynb,html}``, the
                rows; ``07_scenarios`` all scenarios), kpi's code          figures it saves (``08``: ``briefing.html``)
``scenario:S``  ``notebooks/08_briefing.py``, the processed tables (rows    ``reports/scenarios/S/08_briefing.*``
                of scenario S), kpi's code
``pdf``         the processed tables (baseline rows), kpi's code, the      ``reports/briefing.pdf``
                build date (the last commit's)
``workbook``    the processed tables, kpi's code, the build date           ``reports/scorecard.xlsx``
==============  =========================================================  ============================================

:mod:`kpi.build.steps` runs a step only when what it reads changed (a rebuild with nothing changed does no work;
changing ``scenarios/high.yaml`` reruns the analysis, ``07_scenarios``, the ``high`` run and the workbook), stages
every output and moves them into place together when all steps succeeded. ``data/raw`` is checksummed before and
after the run: code never writes it.
"""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path
from typing import Any, Callable

import pandas as pd

from kpi.core import paths, settings
from kpi.core.files import write_csv
from kpi.build import steps as st
from kpi.inputs import provenance

STATE_FILE = paths.CACHE / "build-state.json"
STAGES = ("data", "analysis", "notebooks", "reports")
#: Notebooks that show every scenario (the others show one; their inputs are that scenario's rows).
ALL_SCENARIOS = ("07_scenarios",)
#: issue #15: notebooks whose next-plan table shows every scenario (their processed tables: baseline rows).
NEXT_PLAN_ALL_SCENARIOS = ("10_next_plan",)
PROCESSED = "data/processed"
CODE = st.files(Path(__file__).resolve().parents[1])  # every module of kpi and its calibration table
#: The date outputs are stamped with (the last commit's, kpi.core.settings.source_date): the PDF and workbook show it.
DATE = st.value("date", lambda ctx: settings.source_date())


def _raw_checksums() -> dict[str, str]:
    return {str(p.relative_to(paths.RAW)): provenance.sha256(p) for p in sorted(paths.RAW.rglob("*")) if p.is_file()}


#: Processed tables with a ``scenario`` column: a step that shows one scenario reads only its rows.
BY_SCENARIO = ("scorecard.csv", "projections.csv", paths.PROCESSED_SHOWN_APART["next_plan"])


def _table_text(ctx: st.Context, name: str, scenario: str | None) -> str:
    """One processed table as the run sees it (``scenario``'s rows of a table in :data:`BY_SCENARIO`; "" while it
    does not exist). Each file is read and parsed once per run, not once per step that declares it: 20 steps
    fingerprint the same tables, and reading them per step made a no-change rebuild 1.3 s slower."""
    p = ctx.resolve(f"{PROCESSED}/{name}")
    if not p.exists():
        return ""
    stat = p.stat()
    memo = ctx.data.setdefault("table_memo", {})
    key = (str(p), stat.st_mtime_ns, stat.st_size)  # a table a later step stages again is read again
    if key not in memo:
        text = p.read_text(encoding="utf-8-sig")
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False) if name in BY_SCENARIO else None
        memo[key] = (text, frame, {})
    text, frame, by_scenario = memo[key]
    if scenario is None or frame is None:
        return text
    if scenario not in by_scenario:
        by_scenario[scenario] = frame[frame["scenario"] == scenario].to_csv(index=False)
    return by_scenario[scenario]


def _tables(scenario: str | None) -> st.Fingerprint:
    """The processed tables as the run sees them; of the tables with a ``scenario`` column only ``scenario``'s
    rows (all rows when ``scenario`` is None)."""
    return st.value(f"tables:{scenario}", lambda ctx: [_table_text(ctx, name, scenario)
                                                       for name in sorted(paths.PROCESSED_TABLES.values())])


# ------------------------------------------------------------------------------------------------------ steps
def _data(ctx: st.Context) -> None:
    """Validate every input (errors stop the run) and write the processed registry and history tables."""
    from kpi.core.errors import Report
    from kpi.inputs import registry
    from kpi.inputs.raw import parse_raw

    parsed = parse_raw()  # a rebuild on unchanged inputs reads the parse and its problems back
    report = Report(list(parsed.target_problems) + list(parsed.history_problems))
    report.raise_if_errors("data/raw")
    ind = registry.load_indicators()
    print(f"    validated data/raw: {len(parsed.targets)} targets, {len(parsed.all_vintages)} history rows "
          f"({len(report.repairs)} repairs, {len(report.warnings)} warnings reported)", flush=True)
    write_csv(parsed.targets.reset_index(), ctx.staging.path(f"{PROCESSED}/targets.csv"))
    write_csv(ind.assign(aliases=ind["aliases"].map(" | ".join)).reset_index(),
              ctx.staging.path(f"{PROCESSED}/indicators.csv"))
    # history.csv is the census-consistent series (growth rates and projections read it), selected once with the
    # cached parse; the values as published stay in history_all_vintages.csv and kpi.load_history(basis="published")
    write_csv(parsed.history, ctx.staging.path(f"{PROCESSED}/history.csv"))
    write_csv(parsed.all_vintages, ctx.staging.path(f"{PROCESSED}/history_all_vintages.csv"))
    write_csv(report.to_frame(), ctx.staging.path(f"{PROCESSED}/validation_report.csv"))


def _analysis(ctx: st.Context) -> None:
    """Scorecard and projections for every scenario, relative growth, coherence checks."""
    from kpi.core.errors import Report
    from kpi.inputs.raw import parse_raw
    from kpi.model import assessment, coherence, final, plan_evaluation
    from kpi.model.relative import relative_table
    from kpi.model.scenarios import load_scenarios

    parsed = parse_raw()
    Report(list(parsed.target_problems) + list(parsed.history_problems)).raise_if_errors("data/raw")
    targets, hist = parsed.targets, parsed.history
    scenarios = list(load_scenarios().values())
    out = assessment.analyse(targets=targets, history=hist, scenario=scenarios, seed=0)
    card = out["card"]
    write_csv(card.reset_index(), ctx.staging.path(f"{PROCESSED}/scorecard.csv"))
    write_csv(out["projections"], ctx.staging.path(f"{PROCESSED}/projections.csv"))
    write_csv(relative_table(targets, hist), ctx.staging.path(f"{PROCESSED}/relative.csv"))  # every relative target
    write_csv(coherence.check(targets=targets, history=hist), ctx.staging.path(f"{PROCESSED}/coherence.csv"))
    # issue #15 (final evaluation): the outcomes of the targets whose year has data, with their revision risk; the
    # PDF and workbook compute the same table from the processed scorecard and vintages (kpi.present.final_report)
    write_csv(final.final_evaluation(card, all_vintages=parsed.all_vintages),
              ctx.staging.path(f"{PROCESSED}/{paths.PROCESSED_SHOWN_APART['final_evaluation']}"))
    # issue #15, plans as folders: every further plan folder, with its own base year (baseline scenario)
    plans = plan_evaluation.evaluate_plans(parsed.plans, hist, default=paths.DEFAULT_PLAN, default_card=card,
                                           scenario=next(s for s in scenarios if s.name == "baseline"), seed=0)
    write_csv(plans.summary, ctx.staging.path(f"{PROCESSED}/plans.csv"))
    write_csv(plans.further_cards(), ctx.staging.path(f"{PROCESSED}/plans_scorecard.csv"))
    for pid in plans.cards:
        write_csv(plans.cards[pid].reset_index(), ctx.staging.path(f"{PROCESSED}/plans/{pid}/scorecard.csv"))
        write_csv(plans.completions[pid].reset_index(), ctx.staging.path(f"{PROCESSED}/plans/{pid}/completion.csv"))
    # issue #15 (item 4): the next plan's levels at 90/70/50/30/10 % per scenario, from the scorecard's own engine
    from kpi.model.achievable import next_plan_table
    from kpi.present.next_plan import TABLES

    write_csv(next_plan_table(targets=targets, history=hist, scenarios=scenarios, seed=0),
              ctx.staging.path(f"{PROCESSED}/{TABLES['next_plan']}"))
    counts = card[card.scenario == "baseline"]["verdict"].value_counts().to_dict()
    print(f"    assessed {len(targets)} targets × {len(scenarios)} scenarios: baseline {counts}", flush=True)


def _track_record(ctx: st.Context) -> None:
    """issue #15 (item 2): the tool's own track record — every earlier as_of's call on every target with an outcome,
    and on the real yearbook series with pseudo-targets (slow: many assessments; nothing cached)."""
    from kpi.core.errors import Report
    from kpi.inputs.raw import parse_raw
    from kpi.model.track_record import track_record
    from kpi.present.next_plan import TABLES

    parsed = parse_raw()
    Report(list(parsed.target_problems) + list(parsed.history_problems)).raise_if_errors("data/raw")
    record = track_record(targets=parsed.targets, history=parsed.all_vintages, seed=0)
    write_csv(record, ctx.staging.path(f"{PROCESSED}/{TABLES['track_record']}"))
    print(f"    track record: {len(record)} calls ({int(record['scored'].sum())} forecasts then)", flush=True)


def _next_plan_tables(scenario: str | None) -> st.Fingerprint:
    """issue #15: the next-plan table (``scenario``'s rows; all when None) and the track record as the run sees
    them (they are read only by the steps that show them: :data:`kpi.core.paths.PROCESSED_SHOWN_APART`)."""
    names = sorted(paths.PROCESSED_SHOWN_APART[k] for k in ("next_plan", "track_record"))
    return st.value(f"next_plan:{scenario}", lambda ctx: [_table_text(ctx, name, scenario) for name in names])


def _tables_for_reading(ctx: st.Context):
    """The processed tables of this run (staged, or in place where a step was up to date) in one folder."""
    if "view" not in ctx.data:
        view = ctx.staging.scratch("view") / PROCESSED
        view.mkdir(parents=True, exist_ok=True)
        for name in paths.PROCESSED_TABLES.values():
            shutil.copyfile(ctx.resolve(f"{PROCESSED}/{name}"), view / name)
        for name in paths.PROCESSED_SHOWN_APART.values():  # issue #15: those shown apart, where they exist
            if ctx.resolve(f"{PROCESSED}/{name}").exists():
                shutil.copyfile(ctx.resolve(f"{PROCESSED}/{name}"), view / name)
        ctx.data["view"] = view
    return ctx.data["view"]


def _pdf(ctx: st.Context) -> list[str]:
    from kpi.present import briefing, export, next_plan, views

    d = views.load(_tables_for_reading(ctx).relative_to(paths.ROOT))
    tables = next_plan.load(_tables_for_reading(ctx).relative_to(paths.ROOT))  # issue #15: its section

    def section(pdf, stamp: str) -> None:
        next_plan.pdf_section(pdf, tables, stamp=stamp)

    briefing.write_pdf(ctx.staging.path("reports/briefing.pdf"), d, meta=export.cover_lines(d), extra_pages=section)
    return ["reports/briefing.pdf"]


def _workbook(ctx: st.Context) -> list[str]:
    from kpi.present import export, next_plan, views

    d = views.load(_tables_for_reading(ctx).relative_to(paths.ROOT))
    d.update(next_plan.load(_tables_for_reading(ctx).relative_to(paths.ROOT)))  # issue #15: its two sheets
    export.write_scorecard(ctx.staging.path("reports/scorecard.xlsx"), d)
    return ["reports/scorecard.xlsx"]


def declared_steps(*, only: str | None = None, skip_notebooks: bool = False) -> list[st.Step]:
    """The steps of the main job in order (``only`` stops after that stage; ``skip_notebooks`` leaves them out)."""
    from kpi.build.notebooks import notebook_sources
    from kpi.model.scenarios import scenario_files

    if only is not None and only not in STAGES:
        raise ValueError(f"unknown stage {only!r}; expected one of {STAGES}")
    out = [st.Step("data", (st.files("data/raw"), CODE), _data)]
    if only == "data":
        return out
    out.append(st.Step("analysis", (st.files("data/raw", "scenarios"), CODE), _analysis))
    # issue #15: the track record assesses with the baseline scenario only
    out.append(st.Step("track_record", (st.files("data/raw", "scenarios/baseline.yaml"), CODE), _track_record))
    if only == "analysis":
        return out
    if not skip_notebooks and only != "reports":
        for src in notebook_sources():
            scope = None if src.stem in ALL_SCENARIOS else "baseline"
            plan_scope = None if src.stem in ALL_SCENARIOS + NEXT_PLAN_ALL_SCENARIOS else "baseline"
            out.append(st.Step(f"notebook:{src.stem}", (st.files(src.relative_to(paths.ROOT)), _tables(scope),
                                                         _next_plan_tables(plan_scope), CODE),
                               _in_batch, batch="notebooks"))
        briefing = paths.NOTEBOOKS / "08_briefing.py"
        for f in scenario_files():
            out.append(st.Step(f"scenario:{f.stem}", (st.files(briefing.relative_to(paths.ROOT)), _tables(f.stem),
                                                       _next_plan_tables(f.stem), CODE), _in_batch, batch="notebooks"))
    if only in (None, "reports"):
        out += [st.Step("pdf", (_tables("baseline"), _next_plan_tables("baseline"), CODE, DATE), _pdf,
                        batch="notebooks"),
                st.Step("workbook", (_tables(None), _next_plan_tables(None), CODE, DATE), _workbook,
                        batch="notebooks")]
    return out


def _in_batch(ctx: st.Context) -> None:  # pragma: no cover - notebook steps are run by their batch's executor
    raise RuntimeError("notebook steps run in the notebook batch")


# --------------------------------------------------------------------------------------- the notebook batch
class NotebookBatch:
    """Runs the notebook steps that must run in worker processes, and the in-process steps (PDF, workbook; each
    returns the outputs it wrote) while they do; moves each notebook's figures into the staged ``figures/`` and
    reports what each step wrote."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self.pool = None

    def start(self) -> None:
        """Start the workers now (their imports then overlap the data and analysis steps)."""
        from kpi.build.notebooks import worker_pool

        if self.pool is None:
            self.pool = worker_pool(self.jobs)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def __call__(self, ctx: st.Context, todo: list[st.Step]) -> dict[str, list[str]]:
        from kpi.build.notebooks import Job, check_parameters, notebook_sources, run_jobs

        sources = {p.stem: p for p in notebook_sources()}
        view = _tables_for_reading(ctx).relative_to(paths.ROOT)
        staging = ctx.staging
        jobs, names, rewrite = [], {}, {f"{staging.dir.name}/{staging.SCRATCH}/view/": ""}
        local = [s for s in todo if not s.name.startswith(("notebook:", "scenario:"))]
        for step in todo:
            if step not in local:
                kind, key = step.name.split(":", 1)
                figs = staging.scratch(f"jobs/{key}/figures")
                rewrite[f"{staging.dir.name}/{staging.SCRATCH}/jobs/{key}/"] = ""
                # built copies hold no live widgets: the explorer shows precomputed cases (interactive=False)
                params: dict[str, Any] = {"processed_dir": str(view), "figures_dir": str(figs.relative_to(paths.ROOT)),
                                          "interactive": False}
                if kind == "notebook":
                    job = Job(sources[key], staging.path("reports/notebooks/.keep").parent, check_parameters(params))
                else:
                    params.update(scenario=key, save_figures=False)
                    job = Job(sources["08_briefing"], staging.path(f"reports/scenarios/{key}/.keep").parent,
                              check_parameters(params))
                jobs.append(job)
                names[str(job.out_dir / job.source.stem)] = (step.name, figs)
        written: dict[str, list[str]] = {}

        def done(res) -> None:
            name, figs = names[str(res.notebook.with_suffix(""))]
            outs = [res.notebook, res.html]
            for f in sorted(figs.iterdir()):
                outs.append(shutil.move(f, staging.path(f"figures/{f.name}")))
            if name == "notebook:08_briefing":
                outs.append(shutil.copyfile(res.html, staging.path("reports/briefing.html")))
            written[name] = sorted(Path(o).relative_to(staging.dir).as_posix() for o in outs)
            print(f"    {name}: {res.seconds:.1f} s", flush=True)

        def in_process() -> None:  # notebooks write into the staging area meanwhile: each step names its outputs
            for step in local:
                written[step.name] = step.run(ctx)

        if jobs:
            self.start()
            run_jobs(jobs, n_jobs=self.jobs, rewrite=rewrite, while_running=in_process, pool=self.pool, on_done=done)
        else:
            in_process()
        return written


# --------------------------------------------------------------------------------------------- entry points
def build(*, only: str | None = None, skip_notebooks: bool = False, jobs: int | None = None,
          force: bool | Callable[[st.Step], bool] = False,
          select: Callable[[st.Step], bool] | None = None) -> list[st.Result]:
    """Run the main job: every declared step whose inputs changed; return what each step did.

    Parameters
    ----------
    only : {"data", "analysis", "notebooks", "reports"}, optional
        Stop after this stage (``reports`` runs the PDF and workbook without the notebooks).
    skip_notebooks : bool
        Leave the notebooks and scenario runs out.
    jobs : int, optional
        Notebooks run at a time (default: CPU cores + 1, at most 4).
    force : bool or callable
        Run every step (True), or the steps for which it returns True, whatever changed.
    select : callable, optional
        Keep only the steps for which it returns True (e.g. the scenario runs).

    Raises
    ------
    DataValidationError
        If any input has errors (nothing is written then).
    """
    import matplotlib

    from kpi.build.notebooks import default_jobs
    from kpi.model.scenarios import load_scenarios

    matplotlib.use("Agg")  # this process draws the printed briefing; the notebook kernels keep their own backend
    load_scenarios()  # every scenario file is checked before anything else runs
    todo = [s for s in declared_steps(only=only, skip_notebooks=skip_notebooks) if select is None or select(s)]
    before = _raw_checksums()
    batch = NotebookBatch(jobs or default_jobs())
    forced = [s.name for s in todo if force is True or (callable(force) and force(s))]
    if forced or _changed(STATE_FILE, "data", "analysis"):
        batch.start()  # notebooks will most likely run: start the workers while the data is processed
    with contextlib.ExitStack() as stack:
        stack.callback(batch.close)
        results = st.run(todo, root=paths.ROOT, state_file=STATE_FILE, force=forced,
                         executors={"notebooks": batch}, on_step=_say)
    if _raw_checksums() != before:  # pragma: no cover - a bug guard
        raise RuntimeError("data/raw changed during the run (never allowed)")
    ran = [r for r in results if r.ran]
    print(f"done: {len(ran)} of {len(results)} steps ran, {sum(len(r.outputs) for r in ran)} files written under "
          f"{paths.ROOT} (the others were up to date)")
    for rel, what in (("reports/briefing.pdf", "printable briefing"), ("reports/briefing.html", "briefing, no code"),
                      ("reports/scorecard.xlsx", "Excel scorecard"), ("figures/", "charts, PNG + SVG"),
                      ("reports/notebooks/", "executed notebooks + HTML"), ("reports/scenarios/", "one run per scenario"),
                      ("data/processed/", "tables (CSV)")):
        if (paths.ROOT / rel).exists():
            print(f"  {paths.ROOT / rel}  — {what}")
    return results


def _changed(state_file: Path, *names: str) -> bool:
    """True when the record names none of these steps (a first build) or their inputs may have changed."""
    import json

    try:
        state = json.loads(state_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return True
    return any(n not in state for n in names) or _raw_newer_than(state_file)


def _raw_newer_than(state_file: Path) -> bool:
    stamp = state_file.stat().st_mtime
    return any(p.stat().st_mtime > stamp for root in (paths.RAW, paths.SCENARIOS) for p in root.rglob("*"))


def _say(res: st.Result) -> None:
    if res.ran:
        print(f"[{res.name}] ran ({len(res.outputs)} files)", flush=True)
    else:
        print(f"[{res.name}] up to date", flush=True)


def run_scenarios(*, jobs: int | None = None) -> list[st.Result]:
    """Run the scenario notebook once per scenario file (``kpi scenarios``), whether or not anything changed.

    The data and analysis steps run first if their inputs changed, so the runs always show current tables.
    """
    return build(jobs=jobs, force=lambda s: s.name.startswith("scenario:"),
                 select=lambda s: not s.name.startswith("notebook:") and s.name not in ("pdf", "workbook"))
