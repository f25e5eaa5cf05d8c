"""The house keeps its shape: layers import downwards only, no import cycles, no side effects on import,
and a public API whose every name can be called again and again."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "kpi"
#: Lowest first: a module may import modules of its own layer and of the layers before it.
LAYERS = ("core", "inputs", "model", "present", "build")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every ``kpi`` module ``path`` imports, at any depth of the file (functions included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "kpi"}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "kpi" \
                and node.level == 0:
            for a in node.names:  # `from kpi.model import assessment` imports the module kpi.model.assessment
                sub = f"{node.module}.{a.name}"
                found.add(sub if (PACKAGE.parent / Path(*sub.split("."))).with_suffix(".py").exists() else node.module)
    return found


def _graph() -> dict[str, set[str]]:
    return {_module_name(p): _imports(p) for p in sorted(PACKAGE.rglob("*.py"))}


def _layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else None


def test_every_module_lives_in_a_layer():
    loose = [m for m in _graph() if m not in ("kpi", "kpi.__main__") and _layer(m) is None]
    assert not loose, f"modules outside the layers {LAYERS}: {loose}"


def test_layers_import_downwards_only():
    upward = [f"{m} imports {i}" for m, deps in _graph().items() for i in deps
              if _layer(m) is not None and _layer(i) is not None and _layer(i) > _layer(m)]
    assert not upward, "a lower layer imports a higher one:\n" + "\n".join(upward)


def test_no_import_cycles():
    graph = {m: {d for d in deps if d in _graph_keys()} for m, deps in _graph().items() if m != "kpi"}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt):] + [nxt] if nxt in stack else [node, nxt])
            elif nxt not in state:
                visit(nxt, stack + [nxt])
        state[node] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [m])
    assert not cycles, "import cycles: " + "; ".join(" → ".join(c) for c in cycles)


def _graph_keys() -> set[str]:
    return {_module_name(p) for p in PACKAGE.rglob("*.py")}


def test_the_checker_sees_an_upward_import(tmp_path, monkeypatch):
    """The layering test can fail: an inputs module importing the model is caught — in a copy of the package, never
    by writing into it (a build running meanwhile fingerprints kpi's code and would see the probe)."""
    copy = tmp_path / "kpi"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "inputs" / "_probe_upward.py").write_text("from kpi.model import projection\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", copy)
    with pytest.raises(AssertionError, match="kpi.inputs._probe_upward imports kpi.model.projection"):
        test_layers_import_downwards_only()


def _run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                          cwd=PACKAGE.parent)


def test_public_api_is_explicit_and_callable_twice():
    code = """
import kpi
a = kpi.assess(); b = kpi.assess()
assert a.equals(b), "assess twice gives different tables"
from kpi import *
import kpi as k
names = set(dir())
missing = [n for n in k.__all__ if n not in names]
assert not missing, missing
assert sorted(k.__all__) == sorted(n for n in vars(k) if not n.startswith('_') and n not in ('annotations',)
                                      and not isinstance(vars(k)[n], type(k))), "public names differ from __all__"
import types
for name in k.__all__:
    assert not isinstance(getattr(k, name), types.ModuleType), f"kpi.{name} is a module"
print("ok")
"""
    res = _run(code)
    assert res.returncode == 0 and res.stdout.strip().endswith("ok"), res.stderr[-2000:]


def test_every_public_function_twice():
    code = """
import pandas as pd, kpi
y = pd.Series([100.0, 110, 121, 133, 140, 152], index=range(2016, 2022))
for _ in range(2):
    kpi.load_targets(); kpi.targets_overview(); kpi.load_indicators(); kpi.load_regions(); kpi.load_history()
    kpi.load_facts(); kpi.project(y, until=2025); kpi.TrendModel(y).fit(); kpi.assess(); kpi.analyse()
    kpi.load_scenario("baseline"); kpi.load_scenarios(); kpi.Report(); kpi.load_plans()
    kpi.final_evaluation()
print("ok")
"""
    res = _run(code)
    assert res.returncode == 0 and res.stdout.strip().endswith("ok"), res.stderr[-2000:]


def test_importing_any_module_has_no_side_effects():
    """No module chooses the matplotlib backend, patches a third-party class or edits sys.modules on import."""
    modules = sorted(m for m in _graph_keys() if m not in ("kpi.__main__",))
    code = f"""
import sys, matplotlib
before = matplotlib.get_backend() if 'matplotlib.pyplot' in sys.modules else None
import jupyter_client.channels as ch
get_msg = ch.AsyncZMQSocketChannel.get_msg
import importlib
for m in {modules!r}:
    importlib.import_module(m)
assert matplotlib.rcParams._get_backend_or_none() is None, matplotlib.rcParams._get_backend_or_none()
assert ch.AsyncZMQSocketChannel.get_msg is get_msg, "a kpi module patched jupyter_client on import"
assert not [k for k, v in sys.modules.items() if v is None and not k.startswith('encodings')], \\
    [k for k, v in sys.modules.items() if v is None]
print("ok")
"""
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                         cwd=PACKAGE.parent, env={k: v for k, v in __import__("os").environ.items()
                                                  if k != "MPLBACKEND"})
    assert res.returncode == 0 and res.stdout.strip().endswith("ok"), res.stderr[-3000:]
