"""The parsed-input cache (kpi.core.cache) and the registry's calibration panels."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from kpi.core import cache, paths
from kpi.inputs import provenance, registry
from kpi.core.errors import DataValidationError
from kpi.inputs.history import load_all_vintages


FACTS = ("facts",)  # the fastest source: enough to show that the key follows every input byte


@pytest.fixture()
def tmp_cache(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "CACHE_DIR", tmp_path / "cache")
    return tmp_path / "cache"


def test_cached_history_equals_a_fresh_parse(tmp_cache):
    first = load_all_vintages()            # parses and stores
    assert len(list(tmp_cache.glob("history-*.pkl"))) == 1
    again = load_all_vintages()            # from the cache
    fresh = load_all_vintages(cache=False)
    pd.testing.assert_frame_equal(again, fresh)
    pd.testing.assert_frame_equal(first, fresh)


def test_a_changed_input_byte_is_never_served_from_the_cache(tmp_path, tmp_cache):
    raw = tmp_path / "raw"
    shutil.copytree(paths.RAW, raw)
    before = load_all_vintages(raw=raw, sources=FACTS)
    facts = sorted((raw / "facts").glob("*.csv"))[0]
    text = facts.read_text(encoding="utf-8")
    h = load_all_vintages(raw=raw, sources=FACTS, cache=False)
    row = h[h["source_file"].str.endswith(facts.name)].iloc[0]
    old = f"{row['value']:g}"
    assert old in text
    facts.write_text(text.replace(old, old + "1", 1), encoding="utf-8")
    with pytest.raises(DataValidationError, match="1 error"):  # the sidecar's checksum no longer matches
        load_all_vintages(raw=raw, sources=FACTS)
    meta = provenance.read_sidecar(facts)
    provenance.write_sidecar(facts, **{k: v for k, v in meta.items() if k != "sha256"})
    after = load_all_vintages(raw=raw, sources=FACTS)
    assert not after.equals(before)
    pd.testing.assert_frame_equal(after, load_all_vintages(raw=raw, sources=FACTS, cache=False))
    assert len(list(tmp_cache.glob("history-*.pkl"))) == 1  # the stale entry was removed


def test_errors_are_not_cached_and_still_raise(tmp_path, tmp_cache):
    raw = tmp_path / "raw"
    shutil.copytree(paths.RAW, raw)
    facts = sorted((raw / "facts").glob("*.csv"))[0]
    facts.write_text(facts.read_text(encoding="utf-8") + "not,a,valid,row,at,all,,,,\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(DataValidationError):
            load_all_vintages(raw=raw, sources=FACTS)
    assert not list(tmp_cache.glob("*.pkl"))


def test_cache_switched_off_by_environment(tmp_cache, monkeypatch):
    monkeypatch.setenv("KPI_NO_CACHE", "1")
    load_all_vintages()
    assert not tmp_cache.exists()


def test_unreadable_cache_entry_is_rebuilt(tmp_cache):
    load_all_vintages()
    entry = next(tmp_cache.glob("history-*.pkl"))
    entry.write_bytes(b"not a pickle")
    pd.testing.assert_frame_equal(load_all_vintages(), load_all_vintages(cache=False))


def test_unknown_calibration_panel_in_the_registry_is_named(tmp_path):
    text = paths.INDICATORS_YAML.read_text(encoding="utf-8").replace("calibration: cn_regional",
                                                                      "calibration: cn_regionl", 1)
    bad = tmp_path / "indicators.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(DataValidationError, match="unknown calibration panel") as exc:
        registry.load_indicators(bad)
    assert "cn_regionl" in str(exc.value.report) and "cn_regional" in str(exc.value.report)


def test_registry_panels_exist_and_default_to_all():
    ind = registry.load_indicators()
    assert ind.loc["gdp", "calibration"] == "cn_regional"
    assert (ind["calibration"] == "all").sum() > 10
    assert not ind.attrs  # alias maps are kept out of attrs (pandas deep-copies attrs on every access)
    assert registry.match_indicator("地区生产总值") == "gdp"


def test_keep_false_leaves_the_value_out_of_the_cache(tmp_cache):
    calls = []

    def build():
        calls.append(1)
        return {"errors": len(calls)}

    for _ in range(2):
        cache.cached("probe", [paths.RAW / "indicators.yaml"], build, keep=lambda v: False)
    assert len(calls) == 2 and not list(tmp_cache.glob("probe-*.pkl"))
    for _ in range(2):
        cache.cached("probe", [paths.RAW / "indicators.yaml"], build, keep=lambda v: True)
    assert len(calls) == 3 and len(list(tmp_cache.glob("probe-*.pkl"))) == 1


def test_cached_parse_reports_the_same_problems_as_a_fresh_one(tmp_cache):
    from kpi.core.errors import Report

    fresh_report, first_report, again_report = Report(), Report(), Report()
    fresh = load_all_vintages(report=fresh_report, cache=False)
    first = load_all_vintages(report=first_report)   # parses and stores rows and problems
    again = load_all_vintages(report=again_report)   # from the cache
    assert len(list(tmp_cache.glob("history-*.pkl"))) == 1
    for got, rep in ((first, first_report), (again, again_report)):
        pd.testing.assert_frame_equal(got, fresh)
        assert rep.problems == fresh_report.problems and len(fresh_report.problems) > 0  # shipped data: repairs
