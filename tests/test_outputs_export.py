"""Outputs: staged and atomic; exported workbooks neutralise formulas and are byte-stable."""

import zipfile

import pandas as pd
import pytest

from kpi.model import emissions
from kpi.present.export import Sheet, neutralise, write_workbook
from kpi.core.files import Staging, atomic_write_bytes


def test_failed_run_leaves_previous_outputs_intact(tmp_path):
    (tmp_path / "figures").mkdir()
    old = tmp_path / "figures" / "a.png"
    old.write_bytes(b"old")
    with pytest.raises(RuntimeError, match="boom"):
        with Staging(tmp_path) as st:
            st.path("figures/a.png").write_bytes(b"new")
            st.path("figures/b.png").write_bytes(b"new")
            raise RuntimeError("boom")  # the run fails halfway
    assert old.read_bytes() == b"old"
    assert not (tmp_path / "figures" / "b.png").exists()
    assert not list(tmp_path.glob(".kpi-staging-*"))  # staging cleaned up


def test_successful_run_replaces_outputs(tmp_path):
    with Staging(tmp_path) as st:
        st.path("reports/x.txt").write_text("v1")
    with Staging(tmp_path) as st:
        st.path("reports/x.txt").write_text("v2")
    assert (tmp_path / "reports/x.txt").read_text() == "v2"


@pytest.mark.parametrize("bad", ["/abs/path", "../outside", "a/../../b"])
def test_staging_refuses_paths_outside(tmp_path, bad):
    with Staging(tmp_path) as st:
        with pytest.raises(ValueError, match="stay inside"):
            st.path(bad)


def test_atomic_write_leaves_no_temp_file(tmp_path):
    atomic_write_bytes(tmp_path / "f.bin", b"x")
    assert [p.name for p in tmp_path.iterdir()] == ["f.bin"]


@pytest.mark.parametrize("text, danger", [("=1+1", True), ("+86 515", True), ("-5", True), ("@SUM(A1)", True),
                                          ("\tx", True), ("\rx", True), ("GDP", False), ("目标", False), ("", False)])
def test_neutralise(text, danger):
    assert neutralise(text) is danger


def _write(path):
    frame = pd.DataFrame({"name": ["=HYPERLINK(\"http://evil\")", "GDP"], "value": [1.5, 2.0], "verdict": ["on_track", "at_risk"]})
    return write_workbook(path, cover=[("What", "-test")], notes=[("n", "@note")],
                          sheets=[Sheet("Scorecard", frame, units={"value": "亿元"}, verdict_column="verdict")],
                          illustrative=True)


def test_exported_formulas_are_text_and_numbers_are_numbers(tmp_path):
    import openpyxl

    wb = openpyxl.load_workbook(_write(tmp_path / "s.xlsx"))
    ws = wb["Scorecard"]
    assert ws["A1"].value == "name" and ws["B1"].value == "value（亿元）"
    assert ws["A2"].data_type == "s" and ws["A2"].value.startswith("=HYPERLINK")
    assert ws["A2"].quotePrefix is True
    assert isinstance(ws["B2"].value, float)
    assert ws.freeze_panes == "B2"
    with zipfile.ZipFile(tmp_path / "s.xlsx") as z:
        sheet_xml = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert "<f>" not in sheet_xml  # no formula anywhere


def test_export_is_byte_identical(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")
    a = _write(tmp_path / "a.xlsx").read_bytes()
    b = _write(tmp_path / "b.xlsx").read_bytes()
    assert a == b


def test_emission_factors_and_validation():
    assert emissions.fossil_factor({"coal": 1.0}) == pytest.approx(94.6 * 29.3076 / 1000)
    with pytest.raises(ValueError, match="sum to 1"):
        emissions.fossil_factor({"coal": 0.5})
    with pytest.raises(ValueError, match="within 0–100"):
        emissions.co2(energy=10, nonfossil_share=120)
    # more non-fossil energy, less CO2
    assert emissions.co2(energy=100, nonfossil_share=40) < emissions.co2(energy=100, nonfossil_share=20)
