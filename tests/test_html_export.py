"""The HTML copies of the notebooks: a real title, the reader's language, no developer prose in the briefing and
no request leaving the machine; notebook parameters that the build can set on every notebook."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from kpi.build import notebooks

ROOT = Path(__file__).resolve().parents[1]
#: Anything that would make a browser fetch from elsewhere: src/href to a URL, a JS import of one, CSS @import/url().
REMOTE = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//|import\(\s*["'](?:https?:)?//|@import\s+url\(|"""
                    r"""url\(\s*["']?(?:https?:)?//""", re.I)


def _executed(lang: str, heading_from_code: bool) -> nbformat.NotebookNode:
    v4 = nbformat.v4
    params = v4.new_code_cell('lang = "zh"', metadata={"tags": ["parameters"]})
    injected = v4.new_code_cell(f'lang = "{lang}"', metadata={"tags": ["injected-parameters"]})
    title = "盐城经开区 2025 年目标：能否实现？" if lang == "zh" else "Will the 2025 targets be met?"
    if heading_from_code:
        first = v4.new_code_cell("display(Markdown(...))", outputs=[v4.new_output(
            "display_data", data={"text/markdown": f"# {title}", "text/plain": "<Markdown>"})])
    else:
        first = v4.new_markdown_cell(f"# {title}\nIntro.")
    table = v4.new_code_cell("show_table(...)", outputs=[v4.new_output("display_data", data={
        "text/html": "<table><tr><td>地区生产总值</td><td>0%</td></tr></table>", "text/plain": "t"})])
    return v4.new_notebook(cells=[params, injected, first, table])


@pytest.mark.parametrize("lang,code", [("zh", True), ("en", True), ("zh", False)])
def test_html_copy_has_a_title_a_language_and_requests_nothing(tmp_path, lang, code):
    nb_path = tmp_path / "08_briefing.ipynb"
    nbformat.write(_executed(lang, code), nb_path)
    html = notebooks.to_html(nb_path, tmp_path / "briefing.html").read_text(encoding="utf-8")
    title = re.search(r"<title>([^<]*)</title>", html).group(1)
    assert title == ("盐城经开区 2025 年目标：能否实现？" if lang == "zh" else "Will the 2025 targets be met?")
    assert f'<html lang="{notebooks.HTML_LANG[lang]}"' in html
    assert not REMOTE.findall(html), REMOTE.findall(html)[:5]
    for what in ("require.js", "require.min.js", "MathJax", "mermaid", "unpkg", "cdnjs", "html-manager"):
        assert what.lower() not in html.lower(), what
    assert "地区生产总值" in html


def test_each_copy_declares_its_own_language_whatever_came_before(tmp_path):
    """One exporter converts every notebook of a build: the language must not leak from one copy to the next."""
    for k, lang in enumerate(["zh", "zh", "en", "zh", "en", "en", "zh"]):
        nb_path = tmp_path / f"{k}.ipynb"
        nbformat.write(_executed(lang, True), nb_path)
        html = notebooks.to_html(nb_path, tmp_path / f"{k}.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in html, (k, lang)


def test_the_check_sees_what_nbconvert_would_fetch(tmp_path):
    """The check can fail: nbconvert's own lab template loads require.js and MathJax from a CDN."""
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter(template_name="lab").from_notebook_node(_executed("zh", True))
    assert REMOTE.findall(body) and "<title>Notebook</title>" in body


def test_briefing_source_has_no_developer_prose():
    """What a reader of briefing.html sees is written by code in the reader's language: no markdown cell
    (markdown cells are shown in the copy without code), no mention of files or how the page is made."""
    import jupytext

    nb = jupytext.read(ROOT / "notebooks" / "08_briefing.py")
    assert [c for c in nb.cells if c.cell_type == "markdown"] == []
    shown = "".join(c.source for c in nb.cells if c.cell_type == "code")
    for line in shown.splitlines():
        if "Markdown(" in line or line.lstrip().startswith('"#'):
            assert "reports/" not in line and "notebook" not in line.lower(), line


def test_every_notebook_declares_every_parameter_the_build_may_set():
    """The build sets interactive=False (and may set any of PARAMETERS) on every notebook: each declares them all
    in its parameters cell, so papermill never warns of an unknown parameter."""
    import ast

    import jupytext

    for source in notebooks.notebook_sources(ROOT / "notebooks"):
        nb = jupytext.read(source)
        (cell,) = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        names = {t.id for node in ast.parse(cell.source).body if isinstance(node, ast.Assign) for t in node.targets}
        assert set(notebooks.PARAMETERS) <= names, (source.name, set(notebooks.PARAMETERS) - names)


@pytest.mark.parametrize("bad,match", [({"interactive": "no"}, "parameter interactive='no'; allowed: True, False"),
                                       ({"save_figures": 1}, "parameter save_figures=1; allowed: True, False")])
def test_boolean_parameters_are_checked(bad, match):
    with pytest.raises(ValueError, match=re.escape(match)):
        notebooks.check_parameters(bad)
