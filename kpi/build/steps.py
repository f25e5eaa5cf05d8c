"""Build steps that know their inputs: a step runs only when what it reads has changed.

A :class:`Step` declares its inputs — files and folders whose bytes it reads, or a narrower fingerprint such as
"the rows of the scorecard for the baseline scenario" — and a function that writes its outputs into the run's
staging area (:class:`kpi.core.files.Staging`). :func:`run` fingerprints each step's inputs just before it would
run and compares with the record of the last successful run (``.kpi-cache/build-state.json``): when the inputs
are the same and every output the step wrote last time is still in place with the same bytes, the step is
skipped. The outputs of the whole run are moved into place together only when every step succeeded, so a failed
run keeps the last good outputs; files a re-run step no longer writes are removed then (no stale charts).

Steps that share a ``batch`` name run together: the runner hands the ones that must run to the batch's executor
(the notebook runner starts them in parallel worker processes and runs the batch's in-process steps meanwhile).

Why not a maintained task runner (doit, make): both write each task's outputs in place as it ends; this
project's promise is that a run which fails halfway changes nothing, so the whole run is staged and committed at
once, and the record is written only after the commit. The runner is the ~120 lines below.

Examples
--------
>>> import tempfile
>>> root = Path(tempfile.mkdtemp())
>>> _ = (root / "in.txt").write_text("a")
>>> def upper(ctx):
...     ctx.staging.path("out.txt").write_text(ctx.resolve("in.txt").read_text().upper())
>>> step = Step("upper", inputs=(files("in.txt"),), run=upper)
>>> [r.ran for r in run([step], root=root, state_file=root / "state.json")]
[True]
>>> [r.ran for r in run([step], root=root, state_file=root / "state.json")]
[False]
>>> (root / "out.txt").read_text()
'A'
"""

from __future__ import annotations

import hashlib
import itertools
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from kpi.core.files import Staging, atomic_write_bytes

#: A fingerprint of part of a step's inputs, computed as the run sees them.
Fingerprint = Callable[["Context"], bytes]


@dataclass
class Context:
    """What a running step sees: the project root, the staging area, values handed on by earlier steps."""

    root: Path
    staging: Staging
    data: dict[str, Any] = field(default_factory=dict)

    def resolve(self, target: str | Path) -> Path:
        """``target`` (relative to the root) as this run sees it: staged by an earlier step, else in place."""
        rel = Path(target)
        staged = self.staging.dir / rel
        return staged if staged.exists() else self.root / rel


def files(*targets: str | Path) -> Fingerprint:
    """The bytes of these files and folders (every file inside a folder, by relative path), as the run sees them.

    A target outside the project root (the installed ``kpi`` package) is read where it is.
    """

    def fingerprint(ctx: Context) -> bytes:
        h = hashlib.sha256()
        for target in targets:
            path = Path(target) if Path(target).is_absolute() else ctx.resolve(target)
            h.update(b"\0target\0" + Path(target).as_posix().encode())
            if path.is_dir():
                for f in sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
                    h.update(b"\0" + f.relative_to(path).as_posix().encode() + b"\0" + f.read_bytes())
            else:
                h.update(path.read_bytes() if path.is_file() else b"\0missing")
        return h.digest()

    return fingerprint


def value(label: str, compute: Callable[["Context"], Any]) -> Fingerprint:
    """A fingerprint of ``compute(ctx)``: for inputs narrower than whole files (some rows of a table). A list of
    strings is hashed part by part (the repr of tables' text took 0.5 s of a no-change rebuild); anything else by
    its ``repr``."""

    def fingerprint(ctx: Context) -> bytes:
        h = hashlib.sha256(label.encode() + b"\0")
        got = compute(ctx)
        if isinstance(got, (list, tuple)) and all(isinstance(x, str) for x in got):
            for part in got:
                h.update(b"\0part\0" + part.encode())
        else:
            h.update(repr(got).encode())
        return h.digest()

    return fingerprint


@dataclass(frozen=True)
class Step:
    """One declared step.

    ``run(ctx)`` writes the step's outputs under ``ctx.staging``. Steps with a ``batch`` name are run by the
    executor given to :func:`run` for that batch, which returns each step's outputs.
    """

    name: str
    inputs: tuple[Fingerprint, ...]
    run: Callable[[Context], Any]
    batch: str | None = None


@dataclass
class Result:
    """How a step went: ``ran`` False means it was up to date; ``outputs`` are paths relative to the project."""

    name: str
    ran: bool
    seconds: float = 0.0
    outputs: list[str] = field(default_factory=list)


#: Runs the steps of one batch that must run; returns ``{step name: [outputs relative to the project]}``.
Executor = Callable[[Context, list[Step]], dict[str, list[str]]]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _up_to_date(record: dict | None, digest: str, root: Path) -> bool:
    if not record or record.get("inputs") != digest:
        return False
    return all((root / rel).is_file() and _sha(root / rel) == sha for rel, sha in record["outputs"].items())


def run(steps: Sequence[Step], *, root: Path, state_file: Path, force: Iterable[str] = (),
        executors: dict[str, Executor] | None = None, on_step: Callable[[Result], None] | None = None,
        ) -> list[Result]:
    """Run ``steps`` in order, skipping those whose inputs and outputs are unchanged; commit all outputs at once.

    Parameters
    ----------
    steps : sequence of Step
        In dependency order: a step may read what earlier steps wrote (:meth:`Context.resolve`).
    root : Path
        The project root the outputs are moved into.
    state_file : Path
        The record of the last successful run (written atomically after the commit).
    force : iterable of str
        Names of steps to run whatever the record says (``"*"``: all).
    executors : dict, optional
        For each batch name, the function that runs the batch's steps that must run.
    on_step : callable, optional
        Called with each step's :class:`Result` (progress lines).

    Returns
    -------
    list of Result
        One per step, in order.
    """
    force = set(force)
    try:
        state = json.loads(state_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        state = {}
    new_state, results = dict(state), []
    with Staging(root) as st:
        ctx = Context(root=root, staging=st)
        for (batch, _), group in itertools.groupby(steps, key=lambda s: (s.batch, s.name if s.batch is None else "")):
            group = list(group)
            todo = []
            for step in group:
                digest = _digest(step, ctx)
                if "*" in force or step.name in force or not _up_to_date(state.get(step.name), digest, root):
                    todo.append((step, digest))
                else:
                    results.append(Result(step.name, ran=False))
                    on_step and on_step(results[-1])
            if not todo:
                continue
            t0 = time.perf_counter()
            if batch is None:
                (step, digest), = todo
                before = set(st.staged())
                step.run(ctx)
                written = {step.name: sorted(set(st.staged()) - before)}
            else:
                written = (executors or {})[batch](ctx, [s for s, _ in todo])
            seconds = time.perf_counter() - t0
            for step, digest in todo:
                outs = written.get(step.name, [])
                new_state[step.name] = {"inputs": digest, "outputs": {rel: _sha(st.dir / rel) for rel in outs}}
                results.append(Result(step.name, ran=True, seconds=seconds, outputs=outs))
                on_step and on_step(results[-1])
        stale = {rel for r in results if r.ran for rel in (state.get(r.name) or {}).get("outputs", {})
                 if rel not in new_state[r.name]["outputs"]}
        st.commit()
    for rel in sorted(stale):
        (root / rel).unlink(missing_ok=True)
    atomic_write_bytes(state_file, (json.dumps(new_state, indent=1, sort_keys=True) + "\n").encode())
    order = {s.name: i for i, s in enumerate(steps)}
    return sorted(results, key=lambda r: order[r.name])


def _digest(step: Step, ctx: Context) -> str:
    h = hashlib.sha256(step.name.encode())
    for fp in step.inputs:
        h.update(fp(ctx))
    return h.hexdigest()
