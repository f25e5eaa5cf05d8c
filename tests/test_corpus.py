"""``kpi validate`` on a corpus of broken and hostile workbooks: each gets its exit code and located messages.

The corpus is generated once per session by ``tests/corpus/make_corpus.py`` (no committed binaries).
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from kpi.build.cli import main

_MAKE = Path(__file__).parent / "corpus" / "make_corpus.py"


def _load_make_corpus():
    name = "kpi_test_make_corpus"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, _MAKE)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod  # dataclasses look the module up while the class is created
    spec.loader.exec_module(mod)
    return mod


make_corpus = _load_make_corpus()
CASES = make_corpus.cases()
BOMBS = [c.name for c in CASES if c.bomb]
# refused from the zip directory or the first bytes of each XML part: openpyxl must never be called
REFUSED_BEFORE_PARSING = {"zip_bomb_total", "zip_bomb_ratio", "zip_bomb_declared", "zip_many_parts",
                          "billion_laughs_sheet", "billion_laughs_shared_strings", "xxe_shared_strings",
                          "xxe_workbook_xml"}


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> dict[str, dict]:
    folder = tmp_path_factory.mktemp("corpus")
    return {rec["name"]: rec for rec in make_corpus.generate(folder)}


def _validate(path: str, capsys) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["validate", "--verbose", path])  # every repair listed with its cell (the default counts them)
    out = capsys.readouterr()
    return code, out.out + out.err


def _params():
    for c in CASES:
        marks = [pytest.mark.xfail(reason=c.xfail, strict=True)] if c.xfail else []
        yield pytest.param(c.name, id=c.name, marks=marks)


def test_corpus_is_large_and_small_on_disk(corpus):
    assert len(corpus) >= 35
    sizes = {n: Path(r["path"]).stat().st_size for n, r in corpus.items()}
    assert sum(sizes.values()) < 5 * 2**20, sizes
    assert {r["exit"] for r in corpus.values()} == {0, 1, 2}


@pytest.mark.parametrize("name", list(_params()))
def test_validate_gives_the_expected_outcome(corpus, capsys, name):
    rec = corpus[name]
    code, text = _validate(rec["path"], capsys)
    assert "Traceback" not in text
    missing = [p for p in rec["expect"] if not re.search(p, text)]
    assert not missing, f"missing {missing} in:\n{text}"
    for p in rec["forbid"]:
        assert not re.search(p, text), f"forbidden {p!r} found in:\n{text}"
    assert code == rec["exit"], text
    if code != 0:  # every problem names its file
        assert Path(rec["path"]).name in text
    assert re.search(r"checked 1 file: \d+ errors, \d+ unusable", text)


@pytest.mark.parametrize("name", BOMBS)
def test_bombs_are_refused_fast_and_without_inflating(corpus, capsys, monkeypatch, name):
    import openpyxl

    rec = corpus[name]
    parsed = []
    if name in REFUSED_BEFORE_PARSING:
        real = openpyxl.load_workbook
        monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: parsed.append(a) or real(*a, **k))
    capsys.readouterr()
    tracemalloc.start()
    t0 = time.perf_counter()
    try:
        code = main(["validate", rec["path"]])
        elapsed = time.perf_counter() - t0
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    out = capsys.readouterr()
    assert code == 2, out
    assert elapsed < 2.0, f"{name} took {elapsed:.2f} s"
    assert peak < 50 * 2**20, f"{name} peaked at {peak / 2**20:.0f} MiB"
    assert not parsed, f"{name} reached openpyxl"


@pytest.mark.parametrize("name, at_least", [("zip_bomb_total", 200 * 2**20), ("zip_bomb_ratio", 16 * 2**20),
                                            ("zip_bomb_declared", 2**32 - 2**16)])
def test_zip_bombs_really_are_bombs(corpus, name, at_least):
    path = Path(corpus[name]["path"])
    with zipfile.ZipFile(path) as zf:
        declared = sum(i.file_size for i in zf.infolist())
    assert declared >= at_least and path.stat().st_size < 2**20


def test_missing_file_and_folder_are_unusable(tmp_path, capsys):
    code, text = _validate(str(tmp_path / "nope.xlsx"), capsys)
    assert code == 2 and "file not found" in text and "Traceback" not in text


def test_several_files_keep_the_worst_exit_code(corpus, capsys):
    code = main(["validate", corpus["header_on_row_3"]["path"], corpus["text_about_500"]["path"],
                 corpus["empty"]["path"]])
    text = capsys.readouterr()
    assert code == 2
    assert "checked 3 files: 1 errors, 1 unusable, 1 repairs" in text.out


# --- defusedxml is the XML parser -------------------------------------------------------------------------

def test_openpyxl_parses_with_defusedxml():
    import defusedxml.ElementTree as safe_et
    import openpyxl

    assert openpyxl.DEFUSEDXML is True and openpyxl.LXML is False
    users = ["openpyxl.xml.functions", "openpyxl.worksheet._reader", "openpyxl.reader.strings",
             "openpyxl.reader.excel", "openpyxl.reader.workbook", "openpyxl.packaging.manifest",
             "openpyxl.styles.stylesheet", "openpyxl.reader.drawings"]
    checked = 0
    for name in users:
        mod = importlib.import_module(name)
        for attr in ("iterparse", "fromstring"):
            fn = getattr(mod, attr, None)
            if fn is not None:
                assert fn is getattr(safe_et, attr), f"{name}.{attr} is {fn.__module__}.{fn.__name__}"
                checked += 1
    assert checked >= 5


def test_entities_hidden_from_the_prefilter_are_refused_by_defusedxml(corpus, monkeypatch):
    """With the byte prefilter switched off, defusedxml itself refuses the payload (defence in depth)."""
    from kpi.inputs import workbook
    from kpi.core.errors import UnusableInputError

    monkeypatch.setattr(workbook, "_check_zip", lambda path: ("xlsx", False))
    for name in ("billion_laughs_sheet", "billion_laughs_shared_strings", "xxe_shared_strings",
                 "billion_laughs_after_padding", "billion_laughs_utf16"):
        with pytest.raises(UnusableInputError, match=r"DTD/entity .*refused by the XML parser"):
            workbook.read_workbook(corpus[name]["path"])


def test_reading_refuses_to_run_without_defusedxml(corpus, monkeypatch):
    from openpyxl import xml as oxml

    from kpi.inputs import workbook

    monkeypatch.setattr(oxml, "DEFUSEDXML", False)
    with pytest.raises(RuntimeError, match="defusedxml"):
        workbook.read_workbook(corpus["header_on_row_3"]["path"])
