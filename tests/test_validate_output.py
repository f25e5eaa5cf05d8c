"""``kpi validate`` reads well: errors and warnings in full, repairs and level breaks counted by file and kind;
``--verbose`` lists every one; exit codes 0 clean, 1 invalid, 2 unusable."""

from __future__ import annotations

import re

import pytest

from kpi.build.cli import main
from kpi.core import paths


@pytest.fixture(scope="module")
def outputs() -> dict[str, tuple[int, str]]:
    import contextlib
    import io

    out = {}
    for flag in ("", "--verbose", "--quiet"):
        buf, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(err):
            code = main(["validate", *([flag] if flag else [])])
        out[flag] = (code, buf.getvalue() + err.getvalue())
    return out


def test_default_counts_repairs_by_file_and_kind(outputs):
    code, text = outputs[""]
    assert code == 0
    assert "jiangsu-2-12: 113 repairs (spaces in names 74, '_x000D_' in headers 24, removed stray spaces 15)" in text
    assert "removed spaces from a region name" not in text  # no repair line by line
    assert "row of taizhou repeats the numbers of zhenjiang" in text  # warnings in full
    assert re.search(r"jiangsu-2-12: 2019→2020: 86 series \(gdp 16, gdp_per_capita 16, .*\), median level ×0\.98", text)
    assert len(text.splitlines()) < 15


def test_verbose_lists_every_repair_and_every_break(outputs):
    code, text = outputs["--verbose"]
    assert code == 0
    assert text.count("removed spaces from a region name") == 74
    assert "cell F8: removed stray spaces: '986 1. 56' -> 9861.56" in text
    assert "gdp/yancheng 2019→2020: level ×0.98" in text
    assert len(re.findall(r"→20\d\d: level ×", text)) == 101


def test_quiet_lists_errors_only(outputs):
    code, text = outputs["--quiet"]
    assert code == 0 and text.strip().splitlines() == ["checked data/raw: 0 errors, 0 unusable, 113 repairs, 1 warnings"]


def test_a_yearbook_file_given_alone_is_summarised_the_same_way(capsys):
    code = main(["validate", str(paths.YEARBOOK_DIR / "jiangsu-2-12" / "jiangsu-yearbook-2019-table-2-12.xlsx")])
    text = capsys.readouterr().out
    assert code == 0 and "jiangsu-2-12: 50 repairs (spaces in names 23, removed stray spaces 15, '_x000D_' in headers 12)" in text
