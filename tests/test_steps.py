"""The build-step runner (kpi.build.steps): skip what is up to date, stage everything, keep the last good outputs."""

from __future__ import annotations

import pytest

from kpi.build import steps as st


def _copy_step(name: str, src: str, dest: str, *, calls: list[str], transform=str.upper) -> st.Step:
    def run(ctx: st.Context) -> None:
        calls.append(name)
        ctx.staging.path(dest).write_text(transform(ctx.resolve(src).read_text()))

    return st.Step(name, (st.files(src),), run)


@pytest.fixture()
def project(tmp_path):
    (tmp_path / "in.txt").write_text("a")
    return tmp_path


def _run(project, steps, **kw):
    return st.run(steps, root=project, state_file=project / "state.json", **kw)


def test_a_step_reads_what_an_earlier_step_of_the_run_wrote(project):
    calls: list[str] = []
    steps = [_copy_step("one", "in.txt", "mid.txt", calls=calls),
             _copy_step("two", "mid.txt", "out.txt", calls=calls, transform=lambda s: s * 2)]
    _run(project, steps)
    assert (project / "out.txt").read_text() == "AA" and calls == ["one", "two"]
    (project / "in.txt").write_text("b")
    res = _run(project, steps)
    assert [r.ran for r in res] == [True, True] and (project / "out.txt").read_text() == "BB"


def test_only_steps_whose_inputs_changed_run(project):
    (project / "other.txt").write_text("x")
    calls: list[str] = []
    steps = [_copy_step("a", "in.txt", "a.txt", calls=calls), _copy_step("b", "other.txt", "b.txt", calls=calls)]
    _run(project, steps)
    (project / "other.txt").write_text("y")
    calls.clear()
    res = _run(project, steps)
    assert calls == ["b"] and [r.ran for r in res] == [False, True]


def test_a_changed_or_deleted_output_is_made_again(project):
    calls: list[str] = []
    steps = [_copy_step("a", "in.txt", "a.txt", calls=calls)]
    _run(project, steps)
    (project / "a.txt").write_text("edited by hand")
    _run(project, steps)
    assert (project / "a.txt").read_text() == "A" and calls == ["a", "a"]
    (project / "a.txt").unlink()
    _run(project, steps)
    assert (project / "a.txt").read_text() == "A" and calls == ["a", "a", "a"]


def test_force_runs_a_step_that_is_up_to_date(project):
    calls: list[str] = []
    steps = [_copy_step("a", "in.txt", "a.txt", calls=calls)]
    _run(project, steps)
    _run(project, steps, force=["a"])
    _run(project, steps, force=["*"])
    assert calls == ["a", "a", "a"]


def test_outputs_a_step_no_longer_writes_are_removed(project):
    def writes(names):
        def run(ctx):
            for n in names:
                ctx.staging.path(n).write_text(n)
        return run

    _run(project, [st.Step("s", (st.files("in.txt"),), writes(["x.txt", "y.txt"]))])
    (project / "in.txt").write_text("changed")
    _run(project, [st.Step("s", (st.files("in.txt"),), writes(["x.txt"]))])
    assert (project / "x.txt").exists() and not (project / "y.txt").exists()


def test_a_failing_step_changes_nothing(project):
    calls: list[str] = []
    good = _copy_step("a", "in.txt", "a.txt", calls=calls)
    _run(project, [good])
    record = (project / "state.json").read_bytes()
    (project / "in.txt").write_text("new")

    def boom(ctx):
        raise RuntimeError("deliberate")

    with pytest.raises(RuntimeError, match="deliberate"):
        _run(project, [good, st.Step("b", (st.files("in.txt"),), boom)])
    assert (project / "a.txt").read_text() == "A"  # the step that succeeded was not committed either
    assert (project / "state.json").read_bytes() == record
    assert not list(project.glob(".kpi-staging-*"))


def test_a_batch_runs_its_steps_together(project):
    seen = []

    def executor(ctx, todo):
        seen.append([s.name for s in todo])
        out = {}
        for s in todo:
            ctx.staging.path(f"{s.name}.txt").write_text(s.name)
            out[s.name] = [f"{s.name}.txt"]
        return out

    steps = [st.Step(n, (st.files("in.txt"),), lambda ctx: None, batch="b") for n in ("p", "q")]
    _run(project, steps, executors={"b": executor})
    _run(project, steps, executors={"b": executor})
    assert seen == [["p", "q"]] and (project / "q.txt").read_text() == "q"
