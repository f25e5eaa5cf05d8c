"""Run the analysis notebooks: jupytext ``.py`` sources → executed notebooks and HTML.

The reviewed source of every notebook is ``notebooks/NN_name.py`` (jupytext
``py:percent``); no ``.ipynb`` is committed. :func:`run_jobs` converts each
source to a notebook in memory, injects parameters with papermill (each notebook
has a cell tagged ``parameters``), executes it with a timeout in a worker
process, and writes the executed notebook and an HTML copy without code.
Independent notebooks run in parallel; :mod:`kpi.build.pipeline` declares which
run (one step per notebook and per scenario).

Examples
--------
>>> [p.stem for p in notebook_sources()][:2]
['01_targets', '02_data']
"""

from __future__ import annotations

import concurrent.futures as cf
import json
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from kpi.core import paths

TIMEOUT_S = 300  # per cell
START_TIMEOUT_S = 30  # a kernel normally starts in 1–3 s
#: Parameters every notebook accepts, with their allowed values (checked before any notebook runs).
#: ``interactive=False`` makes a static copy: no widgets (the explorer shows precomputed cases instead).
PARAMETERS: dict[str, Any] = {"scenario": "baseline", "as_of": None, "lang": "zh", "processed_dir": "data/processed",
                              "figures_dir": "figures", "save_figures": True, "interactive": True}


def default_jobs() -> int:
    """Notebooks run at a time by default: one more than the CPU cores (at most 4).

    A notebook job waits part of its time — for its kernel to start and to answer — and one extra job fills
    those waits: on 2 cores, 3 jobs kept the cores 1.9 busy against 1.8 with 2, and the last jobs end closer
    together (scripts/bench_pipeline.py measures the floor with the same number).
    """
    return max(1, min((os.cpu_count() or 1) + 1, 4))


@dataclass
class Result:
    name: str
    seconds: float
    notebook: Path
    html: Path | None


def notebook_sources(folder: Path | None = None) -> list[Path]:
    """The notebook sources ``notebooks/NN_*.py``, in order."""
    return sorted(p for p in Path(folder or paths.NOTEBOOKS).glob("[0-9][0-9]_*.py"))


def check_parameters(params: dict[str, Any]) -> dict[str, Any]:
    """Validate notebook parameters: unknown keys, languages, scenario names, paths inside the project.

    Raises
    ------
    ValueError
        Naming the parameter, the bad value and the allowed values.
    """
    from kpi.model.scenarios import scenario_files

    out = dict(PARAMETERS)
    for k, v in params.items():
        if k not in PARAMETERS:
            raise ValueError(f"unknown notebook parameter {k!r}; allowed: {', '.join(PARAMETERS)}")
        out[k] = v
    if out["lang"] not in ("zh", "en"):
        raise ValueError(f"parameter lang={out['lang']!r}; allowed: zh, en")
    names = [p.stem for p in scenario_files()]
    if out["scenario"] not in names:
        raise ValueError(f"parameter scenario={out['scenario']!r}; allowed: {', '.join(names)}")
    if out["as_of"] is not None and (not isinstance(out["as_of"], int) or not 2000 <= out["as_of"] <= 2100):
        raise ValueError(f"parameter as_of={out['as_of']!r}; allowed: a year such as 2021, or None")
    for k in ("save_figures", "interactive"):
        if not isinstance(out[k], bool):
            raise ValueError(f"parameter {k}={out[k]!r}; allowed: True, False")
    for k in ("processed_dir", "figures_dir"):
        out[k] = str(paths.inside_project(out[k]).relative_to(paths.ROOT))
    # only what was asked for is injected: each notebook keeps its own defaults for the rest
    # (e.g. 09_review's as_of = 2021)
    return {k: out[k] for k in params}


def _to_notebook(source: Path):
    import jupytext

    nb = jupytext.read(source)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata.pop("jupytext", None)
    return nb


def _quiet_imports() -> None:
    """Keep one optional, slow import out of nbformat's: call before importing nbformat or nbconvert.

    nbformat validates with jsonschema, which imports ``rfc3987_syntax`` (when installed) only to offer the
    optional "iri" format checks; that module builds a parser grammar when imported (~1.4 s, more than the rest of
    nbformat together). Notebook validation never checks that format, so the import is declined. Measured here:
    ``import nbformat, papermill, nbconvert`` takes 0.7 s with this and 2.3–2.9 s without, in every worker of every
    build. Known upstream (python-jsonschema/jsonschema#1392; a lazily loading fork, rfc3987-syntax2, is proposed in
    #1521); remove this when jsonschema no longer imports it eagerly. Called only by the notebook runner, in the
    build's own processes, never on import.
    """
    import sys

    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # `import` then raises ImportError, which jsonschema expects


_POLL_SLICE_S = 0.5


def _recover_missed_wakeups() -> None:
    """Make kernel-client waits robust to a missed socket wake-up (process-wide, idempotent).

    Seen in about one build in six: a kernel had sent its reply, but the client's ``socket.poll(300 s)``
    (pyzmq's asyncio poller, edge-triggered) was never woken, sat idle for the full cell timeout and then
    found the message on its final check — py-spy showed the kernel idle and the client waiting. Polling in
    slices of 0.5 s makes each slice end with that check, so a missed wake-up costs at most half a second.
    Waits keep their deadlines: a timeout still raises ``Empty`` when it has passed. No upstream report of this
    was found (jupyter_client's get_msg issues #1029/#1035 concern the blocking client); kept, with
    tests/test_pipeline.py::test_kernel_client_waits_survive_a_missed_wakeup, until one is. Applied only in the
    build's worker processes, never on import.
    """
    from queue import Empty

    from jupyter_client.channels import AsyncZMQSocketChannel

    original = AsyncZMQSocketChannel.get_msg
    if getattr(original, "_kpi_sliced", False):
        return

    async def get_msg(self, timeout: float | None = None) -> dict[str, Any]:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = _POLL_SLICE_S if deadline is None else max(0.0, deadline - time.monotonic())
            try:
                return await original(self, timeout=min(_POLL_SLICE_S, left))
            except Empty:
                if deadline is not None and time.monotonic() >= deadline:
                    raise

    get_msg._kpi_sliced = True  # type: ignore[attr-defined]
    AsyncZMQSocketChannel.get_msg = get_msg  # type: ignore[method-assign]


def run_one(source: Path, out_dir: Path, params: dict[str, Any], *, timeout: int = TIMEOUT_S,
            rewrite: dict[str, str] | None = None) -> Result:
    """Execute one notebook source with ``params``; write ``out_dir/<name>.ipynb`` (:func:`run_jobs` adds the
    HTML copy)."""
    _quiet_imports()
    _recover_missed_wakeups()
    import nbformat
    import papermill as pm

    t0 = time.perf_counter()
    os.environ.pop("MPLBACKEND", None)  # the kernel (started from this worker) shows charts with its inline backend
    out_dir.mkdir(parents=True, exist_ok=True)
    src_nb = out_dir / f".{source.stem}.src.ipynb"
    nbformat.write(_to_notebook(source), src_nb)
    out_nb = out_dir / f"{source.stem}.ipynb"
    env_root = os.environ.get("KPI_PROJECT_ROOT")
    try:
        for attempt in (1, 2):  # kernels started in parallel can rarely fail to come up (papermill #511): retry once
            try:
                pm.execute_notebook(str(src_nb), str(out_nb), parameters=params, kernel_name="python3",
                                    cwd=str(paths.ROOT), progress_bar=False, log_output=False,
                                    execution_timeout=timeout, start_timeout=START_TIMEOUT_S,
                                    request_save_on_cell_execute=False,
                                    # the notebook is complete when the kernel stops: no need to wait for it
                                    shutdown_kernel="immediate",
                                    # kernel start-up chatter is not the user's concern
                                    extra_arguments=["--IPKernelApp.log_level=CRITICAL"])
                break
            except RuntimeError as exc:
                if attempt == 2 or "Kernel didn't respond" not in str(exc):
                    raise
    finally:
        src_nb.unlink(missing_ok=True)
        if env_root is not None:
            os.environ["KPI_PROJECT_ROOT"] = env_root
    _strip_volatile(out_nb, rewrite=rewrite)
    return Result(source.stem, time.perf_counter() - t0, out_nb, None)


def _strip_volatile(nb_path: Path, *, rewrite: dict[str, str] | None = None) -> None:
    """Remove timings and papermill durations so the executed notebook is the same on every run.

    ``rewrite`` maps text to replace (JSON-escaped as it appears in the file), such as the random name of
    the staging folder the build ran in.
    """
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    nb.get("metadata", {}).pop("papermill", None)
    for cell in nb.get("cells", []):
        md = cell.get("metadata", {})
        md.pop("papermill", None)
        md.pop("execution", None)
        if "id" in cell:
            cell["id"] = f"cell-{nb['cells'].index(cell)}"
    text = json.dumps(nb, ensure_ascii=False, indent=1, sort_keys=True)
    for old, new in (rewrite or {}).items():  # e.g. the staging folder's random name → the final location
        text = text.replace(old, new)
    for k, mid in enumerate(_widget_ids(json.loads(text))):  # ipywidgets name their models at random
        text = text.replace(mid, f"{k + 1:032x}")
    text = json.dumps(json.loads(text), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    nb_path.write_text(text, encoding="utf-8")


_HEX32 = re.compile(r"[0-9a-f]{32}")


def _widget_ids(nb: dict) -> list[str]:
    """Every widget model id, in an order that does not depend on the ids themselves.

    From the widgets shown in the outputs (cell order), follow the references between models
    (``IPY_MODEL_<id>``, in sorted-key order); models nothing refers to come last, ordered by their content.
    """
    state = (nb.get("metadata", {}).get("widgets", {})
             .get("application/vnd.jupyter.widget-state+json", {}).get("state", {}))
    queue = [m for cell in nb.get("cells", []) for out in cell.get("outputs", [])
             for m in re.findall(r'"model_id": "([0-9a-f]{32})"', json.dumps(out, sort_keys=True))]
    seen: dict[str, None] = {}
    while queue:
        mid = queue.pop(0)
        if mid in seen:
            continue
        seen[mid] = None
        queue += re.findall(r"IPY_MODEL_([0-9a-f]{32})", json.dumps(state.get(mid, {}), sort_keys=True))
    rest = sorted((m for m in state if m not in seen), key=lambda m: _HEX32.sub("", json.dumps(state[m], sort_keys=True)))
    return list(seen) + rest


_EXPORTERS: dict[bool, Any] = {}
#: nbconvert's lab template without what it would fetch from the network (kpi/build/templates/kpi_offline).
TEMPLATES = Path(__file__).resolve().parent / "templates"
#: ``<html lang=…>`` of the HTML copies, by the notebook's ``lang`` parameter (ISO 639-1: nbconvert refuses
#: ``zh-CN`` — and then, checking the old value, the next code set after it).
HTML_LANG = {"zh": "zh", "en": "en"}


def _html_exporter(exclude_input: bool):
    """One nbconvert HTML exporter per setting, made once (making one costs more than converting a notebook)."""
    from nbconvert import HTMLExporter

    if exclude_input not in _EXPORTERS:
        exporter = HTMLExporter(template_name="kpi_offline", extra_template_basedirs=[str(TEMPLATES)])
        exporter.exclude_input = exclude_input
        exporter.exclude_input_prompt = True
        exporter.exclude_output_prompt = True
        _EXPORTERS[exclude_input] = exporter
    return _EXPORTERS[exclude_input]


def notebook_title(nb) -> str:
    """The first level-1 heading a reader of ``nb`` sees — in a markdown cell, or written by a code cell — for
    the page's ``<title>``; the notebook's file name when there is none.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(outputs=[nbformat.v4.new_output(
    ...     "display_data", data={"text/markdown": "# 盐城经开区简报"})])])
    >>> notebook_title(nb)
    '盐城经开区简报'
    """
    for cell in nb.cells:
        texts = [cell.source] if cell.cell_type == "markdown" else [
            out.get("data", {}).get("text/markdown", "") for out in cell.get("outputs", [])]
        for text in texts:
            for line in "".join(text).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return str(nb.metadata.get("kpi_name", "kpi"))


def notebook_lang(nb) -> str:
    """The ``lang`` a run of ``nb`` used: the last assignment in its ``parameters`` and papermill's
    ``injected-parameters`` cells (``'zh'`` when none).

    Examples
    --------
    >>> import nbformat
    >>> cell = nbformat.v4.new_code_cell('lang = "en"', metadata={"tags": ["injected-parameters"]})
    >>> notebook_lang(nbformat.v4.new_notebook(cells=[cell]))
    'en'
    """
    import ast

    lang = "zh"
    for cell in nb.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if cell.cell_type != "code" or not {"parameters", "injected-parameters"} & set(tags):
            continue
        for node in ast.parse(cell.source).body:
            if (isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "lang" for t in node.targets)
                    and isinstance(node.value, ast.Constant) and node.value.value in HTML_LANG):
                lang = node.value.value
    return lang


def to_html(nb_path: Path, html_path: Path, *, exclude_input: bool = True) -> Path:
    """Convert an executed notebook to standalone HTML without code cells (nbconvert).

    The page is titled by the notebook's first heading, declares the notebook's language and requests nothing
    from the network (template ``kpi_offline``): it reads the same on an intranet or offline.
    """
    _quiet_imports()
    import nbformat

    nb = nbformat.read(nb_path, as_version=4)
    nb.metadata["kpi_name"] = Path(nb_path).stem
    nb.metadata["title"] = notebook_title(nb)
    exporter = _html_exporter(exclude_input)  # one exporter per process
    exporter.language_code = HTML_LANG[notebook_lang(nb)]
    body, _ = exporter.from_notebook_node(nb)
    # nbconvert gives each widget output a random uuid4 element id: number them in order of appearance
    uuids = dict.fromkeys(re.findall(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}", body))
    for k, u in enumerate(uuids):
        body = body.replace(u, f"widget-output-{k + 1}")
    html_path.write_text(body, encoding="utf-8")
    return html_path


@dataclass(frozen=True)
class Job:
    """One notebook execution: a source, the folder its executed copy goes to, and its parameters."""

    source: Path
    out_dir: Path
    params: dict[str, Any]


#: Seconds each job took in one build on 2 cores (a scenario run is ``08_briefing`` without saved figures).
#: Jobs start longest first and the shortest end the build, so that both workers stay busy to the end.
EXPECTED_SECONDS = {"08_briefing": 7.7, "03_gdp": 3.6, "02_data": 3.5, "04_industry": 3.5, "05_innovation": 3.2,
                    "09_review": 3.2, "06_energy": 3.1, "scenario run": 3.1, "07_scenarios": 2.3, "01_targets": 1.5}


def _cost_rank(job: Job) -> tuple[float, str]:
    saves = job.params.get("save_figures", True) is not False
    name = job.source.stem if saves else "scenario run"
    return -EXPECTED_SECONDS.get(name, max(EXPECTED_SECONDS.values())), str(job.out_dir / job.source.stem)


def _warm() -> None:
    """Import the notebook machinery in a worker (run while the main process validates the data)."""
    _quiet_imports()
    _recover_missed_wakeups()
    import jupytext  # noqa: F401
    import nbformat  # noqa: F401
    import papermill  # noqa: F401

    time.sleep(0.3)  # keep this worker busy so that the next warm-up task starts another one


def worker_pool(n_jobs: int = 2) -> cf.ProcessPoolExecutor:
    """A pool of ``n_jobs`` spawned worker processes, already importing papermill and jupytext.

    Made at the start of a build, so that the workers' imports (1–2 s) overlap the data and analysis stages
    instead of delaying the first notebook. Pass it to :func:`run_jobs`; the caller shuts it down.
    """
    import multiprocessing

    pool = cf.ProcessPoolExecutor(max_workers=max(1, n_jobs), mp_context=multiprocessing.get_context("spawn"))
    for _ in range(max(1, n_jobs)):
        pool.submit(_warm)
    return pool


def run_jobs(jobs: list[Job], *, n_jobs: int = 2, html: bool = True, on_done=None,
             rewrite: dict[str, str] | None = None, while_running: Callable[[], None] | None = None,
             pool: cf.ProcessPoolExecutor | None = None) -> list[Result]:
    """Execute notebook jobs in parallel (``n_jobs`` at a time, longest first); raise on the first failure.

    Each job runs in a worker **process** (spawned, not forked), so no kernel client shares a process or an
    event loop with another (see also :func:`_recover_missed_wakeups`). ``while_running`` is called in this
    process once the jobs are submitted, so the caller's own work — e.g. drawing the PDF — overlaps with the
    notebooks. The HTML copies are made here too, as the notebooks finish: nbconvert is then imported once,
    not once per worker.
    """
    own = pool is None
    pool = worker_pool(n_jobs) if pool is None else pool
    results: list[Result] = []
    try:
        futs = {pool.submit(run_one, j.source, j.out_dir, j.params, rewrite=rewrite): j
                for j in sorted(jobs, key=_cost_rank)}
        if while_running is not None:
            while_running()
        for fut in cf.as_completed(futs):
            res = fut.result()
            if html:
                t0 = time.perf_counter()
                res.html = to_html(res.notebook, res.notebook.with_suffix(".html"))
                res.seconds += time.perf_counter() - t0
            results.append(res)
            if on_done:
                on_done(res)
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    finally:
        if own:
            pool.shutdown(wait=True)
    return sorted(results, key=lambda r: (str(r.notebook.parent), r.name))
