"""Plausible wrong numbers are refused or warned by name, never accepted silently; the shipped data pass clean.

Each case of issue #12's "Why" is a test here (or in test_regions.py / test_yearbook_layouts.py): a ×10 slip in
zone GDP, budget revenue typed in 万元 under a 亿元 label, a share typed as a fraction, rows on a hidden sheet.
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpi.build.cli import main
from kpi.core import paths
from kpi.core.errors import DataValidationError, Report
from kpi.inputs import plausibility
from kpi.inputs.history import read_all_vintages, select
from kpi.inputs.provenance import write_sidecar
from kpi.inputs.raw import load_all_vintages
from tests.helpers import HEADER, tidy_workbook


@pytest.fixture()
def raw(tmp_path) -> Path:
    """A copy of data/raw to add files to."""
    folder = tmp_path / "raw"
    shutil.copytree(paths.RAW, folder)
    return folder


def add_official(raw: Path, rows, *, name="zone_official.xlsx", extra=None) -> Path:
    (raw / "official").mkdir(exist_ok=True)
    path = raw / "official" / name
    tidy_workbook(rows, header=HEADER, extra=extra).save(path)
    write_sidecar(path, title="t", producer="p", obtained_from="typed by hand", obtained_on="2026-12-01", notes="-")
    return path


def parse(raw: Path) -> tuple[pd.DataFrame, Report]:
    report = Report()
    return read_all_vintages(raw, report=report), report


# ------------------------------------------------------------------------------------------- the cases of "Why"
def test_zone_gdp_typed_ten_times_too_large_is_refused_with_the_likely_value(raw, capsys):
    path = add_official(raw, [["gdp", "zone", 2022, 552.69, "亿元", "official", "区统计局", "2023", ""],
                              ["gdp", "zone", 2023, 6077.3, "亿元", "official", "区统计局", "2024", ""],
                              ["gdp", "zone", 2024, 641.26, "亿元", "official", "区统计局", "2025", ""]])
    h, report = parse(raw)
    (err,) = report.errors
    assert err.file.endswith("zone_official.xlsx") and (err.sheet, err.row) == ("data", 3)
    assert "a ×10 slip? likely 607.73" in err.message and err.value == 6077.3
    assert h[(h.indicator == "gdp") & (h.region == "zone") & (h.year == 2023) & (h.status == "official")].empty
    code = main(["validate", str(path)])
    out = capsys.readouterr()
    assert code == 1 and "likely 607.73" in out.err


def test_budget_revenue_in_wan_yuan_labelled_yi_yuan_is_refused_and_cannot_flip_a_verdict(raw):
    add_official(raw, [["budget_revenue", "zone", 2024, 432000, "亿元", "official", "区财政局", "2025", ""]])
    _, report = parse(raw)
    (err,) = report.errors
    assert "×10⁴ slip (万元 typed as 亿元?)" in err.message and "likely 43.2" in err.message
    with pytest.raises(DataValidationError, match=r"zone_official\.xlsx, sheet 'data', row 2"):
        load_all_vintages(raw=raw, cache=False)


def test_a_share_typed_as_a_fraction_is_refused(raw):
    add_official(raw, [["share_nonfossil_energy", "zone", 2024, 0.304, "%", "official", "区发改局", "2025", ""]])
    _, report = parse(raw)
    (err,) = report.errors
    assert "÷100 slip (a share typed as a fraction?)" in err.message and "likely 30.4" in err.message


def test_a_fraction_with_the_unit_bili_is_converted_not_refused(raw):
    add_official(raw, [["share_nonfossil_energy", "zone", 2024, 0.304, "比例", "official", "区发改局", "2025", ""]])
    h, report = parse(raw)
    assert report.ok, report.format()
    row = h[(h.indicator == "share_nonfossil_energy") & (h.status == "official")].iloc[0]
    assert row["value"] == pytest.approx(30.4) and row["unit"] == "%"


def test_rows_on_a_hidden_second_sheet_are_an_error_not_ignored(raw):
    def hidden(ws):
        other = ws.parent.create_sheet("2024")
        other.sheet_state = "hidden"
        other.append(HEADER)
        other.append(["gdp", "zone", 2024, 650.0, "亿元", "official", "区统计局", "2025", ""])

    add_official(raw, [["gdp", "zone", 2023, 607.73, "亿元", "official", "区统计局", "2024", ""]], extra=hidden)
    _, report = parse(raw)
    (err,) = report.errors
    assert err.sheet == "2024" and "hidden sheet '2024' looks like data" in err.message


def test_a_checked_value_is_a_warning_not_an_error(raw):
    add_official(raw, [["gdp", "zone", 2023, 6077.3, "亿元", "official", "区统计局", "2024", "核实：含新并入园区"]])
    _, report = parse(raw)
    assert report.ok and any("×10 slip" in p.message for p in report.warnings)


def test_a_single_reference_cannot_tell_which_is_wrong_so_it_warns_naming_both():
    rows = pd.DataFrame({"indicator": "fdi_paid_in", "region": "yancheng", "year": [2021, 2022],
                         "value": [1.2, 12.0], "unit": "亿美元", "status": "estimate", "source_file": ["a.csv", "b.csv"],
                         "location": ["row 2", "row 3"], "note": ""})
    report = Report()
    kept = plausibility.check(rows, report=report)
    assert len(kept) == 2 and report.ok
    (w,) = report.warnings
    assert "which of the two is wrong cannot be told" in w.message


# ------------------------------------------------------------------------------------------- no false alarm
def test_the_shipped_data_validate_clean_with_the_one_known_warning(capsys):
    code = main(["validate"])
    out = capsys.readouterr().out
    assert code == 0
    assert "checked data/raw: 0 errors, 0 unusable, 113 repairs, 1 warnings" in out
    assert "row of taizhou repeats the numbers of zhenjiang" in out
    assert "order-of-magnitude" not in out and "times its reference" not in out


def test_shipped_rows_have_no_plausibility_finding():
    report = Report()
    allv = load_all_vintages()
    plausibility.check(allv, report=report)
    assert not report.problems, report.format()


# ------------------------------------------------------------------------------------------- properties
SLIP = st.sampled_from([-8, -4, -2, -1, 1, 2, 3, 4, 8])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(start=st.floats(5, 5000), growth=st.lists(st.floats(-0.25, 0.35), min_size=5, max_size=12),
       seed=st.integers(0, 10_000))
def test_smooth_series_never_raise_an_alarm(start, growth, seed):
    """Any series moving by at most −25 %…+35 % a year passes: no false alarm."""
    values = start * np.cumprod([1.0, *[1 + g for g in growth]])
    rows = _series(values)
    report = Report()
    assert len(plausibility.check(rows, report=report)) == len(rows)
    assert not report.problems, report.format()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(start=st.floats(5, 5000), growth=st.lists(st.floats(-0.1, 0.2), min_size=5, max_size=10),
       k=SLIP, at=st.integers(0, 100))
def test_a_power_of_ten_slip_is_an_error_at_its_row_with_the_value_it_should_have(start, growth, k, at):
    values = start * np.cumprod([1.0, *[1 + g for g in growth]])
    i = at % len(values)
    typed = values.copy()
    typed[i] *= 10.0 ** k
    rows = _series(typed)
    report = Report()
    kept = plausibility.check(rows, report=report)
    (err,) = report.errors
    assert err.row == i + 2
    likely = float(err.message.rsplit("likely ", 1)[1])
    assert math.isclose(likely, values[i], rel_tol=1e-5)
    assert len(kept) == len(rows) - 1 and not report.warnings


def _series(values) -> pd.DataFrame:
    n = len(values)
    return pd.DataFrame({"indicator": "gdp", "region": "zone", "year": np.arange(2010, 2010 + n), "value": values,
                         "unit": "亿元", "status": "official", "source_file": "f.xlsx",
                         "location": [f"data!{i + 2}" for i in range(n)], "note": ""})


def test_history_rows_in_error_are_left_out_of_the_selection(raw):
    add_official(raw, [["gdp", "zone", 2023, 6077.3, "亿元", "official", "区统计局", "2024", ""]])
    h, report = parse(raw)
    assert not report.ok
    assert float(select(h).query("indicator == 'gdp' and region == 'zone' and year == 2023")["value"].iloc[0]) \
        == pytest.approx(607.73)
