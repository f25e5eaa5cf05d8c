"""The notebook sources as JupyterLab handles them: opened, run and saved without edits, a ``notebooks/*.py`` file
stays byte-identical; double-click opens it as a notebook (settings shipped by ``make setup``)."""

from __future__ import annotations

import asyncio
import json
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.py"))

#: What the old sources started with (before jupytext.toml): JupyterLab rewrote it on the first save.
OLD_HEADER = """# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

"""


def _as_jupyterlab_runs_it(nb) -> None:
    """Change a notebook model the way opening it in JupyterLab, running every cell and saving does."""
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"codemirror_mode": {"name": "ipython", "version": 3}, "file_extension": ".py",
                                    "mimetype": "text/x-python", "name": "python", "nbconvert_exporter": "python",
                                    "pygments_lexer": "ipython3", "version": sys.version.split()[0]}
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}, "version_major": 2,
                                                                             "version_minor": 0}}
    for k, cell in enumerate(nb.cells):
        cell["id"] = f"{k:08x}-run"
        if cell.cell_type == "code":
            cell.execution_count = k + 1
            cell.outputs = [{"output_type": "stream", "name": "stdout", "text": "output\n"}]
            cell.metadata.update(execution={"iopub.status.busy": "2026-12-01T10:00:00Z"}, scrolled=True,
                                 collapsed=False)
        elif cell.source.startswith("#"):
            cell.metadata["jp-MarkdownHeadingCollapsed"] = True  # a heading folded while reading


def _open_run_save(root: Path, rel: str, *, opened: dict | None = None) -> bytes:
    """Open ``rel`` through jupytext's contents manager (as JupyterLab's server does), run it, save it;
    ``opened`` receives the notebook metadata JupyterLab was given."""
    from jupytext import AsyncTextFileContentsManager

    async def go() -> None:
        cm = AsyncTextFileContentsManager(root_dir=str(root))
        model = await cm.get(rel, content=True, type="notebook")
        if opened is not None:
            opened.update(json.loads(json.dumps(model["content"].metadata)))
        _as_jupyterlab_runs_it(model["content"])
        await cm.save({"type": "notebook", "format": "json", "content": model["content"]}, rel)

    asyncio.run(go())
    return (root / rel).read_bytes()


def _project_copy(tmp_path: Path, sources: dict[str, str], *, config: bool = True) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    if config:
        shutil.copy(ROOT / "jupytext.toml", tmp_path / "jupytext.toml")
    (tmp_path / "notebooks").mkdir()
    for name, text in sources.items():
        (tmp_path / "notebooks" / name).write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("source", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_opened_run_and_saved_notebook_is_byte_identical(tmp_path, source):
    original = source.read_bytes()
    root = _project_copy(tmp_path, {source.name: original.decode("utf-8")})
    opened: dict = {}
    assert _open_run_save(root, f"notebooks/{source.name}", opened=opened) == original
    # the source names no kernel: jupytext gives it this environment's (make setup registers it), so JupyterLab
    # starts the kernel without asking
    assert opened.get("kernelspec", {}).get("name") == "python3", opened


def test_the_round_trip_sees_a_rewritten_header(tmp_path):
    """The check can fail: the old source with its jupytext header, without jupytext.toml, gains version lines
    and another kernel name (what JupyterLab did); with jupytext.toml the header is dropped on save."""
    text = OLD_HEADER + NOTEBOOKS[0].read_text(encoding="utf-8")
    old = _open_run_save(_project_copy(tmp_path / "old", {"nb.py": text}, config=False), "notebooks/nb.py")
    assert "jupytext_version" in old.decode("utf-8") and "Python 3 (ipykernel)" in old.decode("utf-8")
    new = _open_run_save(_project_copy(tmp_path / "new", {"nb.py": text}), "notebooks/nb.py")
    assert new.decode("utf-8") == NOTEBOOKS[0].read_text(encoding="utf-8")


def test_parameters_cell_survives_the_round_trip(tmp_path):
    """The build fills in the cell tagged ``parameters``: the tag is the one cell metadata kept."""
    import jupytext

    for source in NOTEBOOKS:
        nb = jupytext.read(source)
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, f"{source.name}: expected one cell tagged parameters"


LAB_SETTINGS = Path(sys.prefix) / "share/jupyter/lab/settings/overrides.d/kpi.json"


def test_python_files_open_as_notebooks_in_jupyterlab():
    shipped = json.loads((ROOT / "jupyter/overrides.json").read_text(encoding="utf-8"))
    viewer = shipped["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]["python"]
    # the viewer is a document factory the installed jupytext extension registers
    ext = Path(sys.prefix) / "share/jupyter/labextensions/jupyterlab-jupytext/static"
    assert any(f'"{viewer}"' in p.read_text(encoding="utf-8", errors="replace") for p in ext.glob("*.js")), \
        f"the jupytext lab extension registers no viewer named {viewer!r}"
    assert LAB_SETTINGS.is_file(), f"{LAB_SETTINGS} missing: run `make setup`"
    assert json.loads(LAB_SETTINGS.read_text(encoding="utf-8")) == shipped, "installed settings are stale: make setup"
