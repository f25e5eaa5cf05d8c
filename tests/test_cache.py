"""The one cache (kpi.core.cache, used by kpi.inputs.raw) and the registry's calibration panels."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from kpi.core import cache, paths
from kpi.core.errors import DataValidationError, Report
from kpi.inputs import provenance, raw, registry


@pytest.fixture()
def tmp_cache(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "CACHE_DIR", tmp_path / "cache")
    return tmp_path / "cache"


@pytest.fixture()
def raw_copy(tmp_path):
    folder = tmp_path / "raw"
    shutil.copytree(paths.RAW, folder)
    return folder


def _entries(store) -> list[str]:
    import diskcache

    if not store.exists():
        return []
    with diskcache.Cache(str(store)) as c:
        return sorted(c.iterkeys())


def test_cached_parse_equals_a_fresh_parse(tmp_cache):
    first = raw.load_all_vintages()            # parses and stores
    assert _entries(tmp_cache) == ["raw"]
    again = raw.load_all_vintages()            # from the cache
    fresh = raw.load_all_vintages(cache=False)
    pd.testing.assert_frame_equal(again, fresh)
    pd.testing.assert_frame_equal(first, fresh)
    pd.testing.assert_frame_equal(raw.load_targets(), raw.parse_raw(cache=False).targets)


def test_a_changed_input_byte_is_never_served_from_the_cache(raw_copy, tmp_cache):
    before = raw.load_all_vintages(raw=raw_copy)
    facts = sorted((raw_copy / "facts").glob("*.csv"))[0]
    text = facts.read_text(encoding="utf-8")
    row = before[before["source_file"].str.endswith(facts.name)].iloc[0]
    old = f"{row['value']:g}"
    assert old in text
    facts.write_text(text.replace(old, old + "1", 1), encoding="utf-8")
    with pytest.raises(DataValidationError, match="1 error"):  # the sidecar's checksum no longer matches
        raw.load_all_vintages(raw=raw_copy)
    meta = provenance.read_sidecar(facts)
    provenance.write_sidecar(facts, **{k: v for k, v in meta.items() if k != "sha256"})
    after = raw.load_all_vintages(raw=raw_copy)
    assert not after.equals(before)
    pd.testing.assert_frame_equal(after, raw.load_all_vintages(raw=raw_copy, cache=False))
    assert _entries(tmp_cache) == ["raw"]  # one entry: the stale one was replaced


def test_errors_are_not_cached_and_still_raise(raw_copy, tmp_cache):
    facts = sorted((raw_copy / "facts").glob("*.csv"))[0]
    facts.write_text(facts.read_text(encoding="utf-8") + "not,a,valid,row,at,all,,,,\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(DataValidationError):
            raw.load_all_vintages(raw=raw_copy)
    assert _entries(tmp_cache) == []


def test_cache_switched_off_by_environment(tmp_cache, monkeypatch):
    monkeypatch.setenv("KPI_NO_CACHE", "1")
    raw.load_all_vintages()
    assert not tmp_cache.exists()


def test_unreadable_cache_is_rebuilt(tmp_cache):
    raw.load_all_vintages()
    for f in tmp_cache.rglob("*"):
        if f.is_file():
            f.write_bytes(b"not a cache")
    pd.testing.assert_frame_equal(raw.load_all_vintages(), raw.load_all_vintages(cache=False))


def test_keep_false_leaves_the_value_out_of_the_cache(tmp_cache):
    calls = []

    def build():
        calls.append(1)
        return {"errors": len(calls)}

    for _ in range(2):
        cache.cached("probe", [paths.RAW / "indicators.yaml"], build, keep=lambda v: False)
    assert len(calls) == 2 and _entries(tmp_cache) == []
    for _ in range(2):
        cache.cached("probe", [paths.RAW / "indicators.yaml"], build, keep=lambda v: True)
    assert len(calls) == 3 and _entries(tmp_cache) == ["probe"]


def test_cached_parse_reports_the_same_problems_as_a_fresh_one(tmp_cache):
    fresh_report, first_report, again_report = Report(), Report(), Report()
    fresh = raw.load_all_vintages(report=fresh_report, cache=False)
    first = raw.load_all_vintages(report=first_report)   # parses and stores rows and problems
    again = raw.load_all_vintages(report=again_report)   # from the cache
    for got, rep in ((first, first_report), (again, again_report)):
        pd.testing.assert_frame_equal(got, fresh)
        assert rep.problems == fresh_report.problems
    assert fresh_report.repairs  # the shipped yearbooks need repairs: the comparison is not of two empty lists


def test_registry_changes_are_seen_at_once(tmp_path):
    """Nothing is kept between calls: an edited registry file is read again by the next call."""
    path = tmp_path / "indicators.yaml"
    text = paths.INDICATORS_YAML.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    assert registry.load_indicators(path).loc["gdp", "name_en"] == "Gross domestic product"
    path.write_text(text.replace("name_en: Gross domestic product", "name_en: GDP (edited)", 1), encoding="utf-8")
    assert registry.load_indicators(path).loc["gdp", "name_en"] == "GDP (edited)"


def test_unknown_calibration_panel_in_the_registry_is_named(tmp_path):
    text = paths.INDICATORS_YAML.read_text(encoding="utf-8").replace("calibration: cn_regional",
                                                                      "calibration: cn_regionl", 1)
    bad = tmp_path / "indicators.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(DataValidationError, match="unknown calibration panel") as exc:
        registry.load_indicators(bad)
    assert "cn_regionl" in str(exc.value.report) and "cn_regional" in str(exc.value.report)


def test_registry_panels_exist_and_default_to_all():
    reg = registry.load_registry()
    assert reg.indicators.loc["gdp", "calibration"] == "cn_regional"
    assert (reg.indicators["calibration"] == "all").sum() > 10
    assert reg.match_indicator("地区生产总值") == "gdp"


def test_the_key_follows_the_code_this_process_runs(monkeypatch, tmp_path):
    """Code changed on disk while a process runs does not change that process's key: it can never store a parse
    made by old code under the key of the new code (a fresh process, importing the new code, gets a new key)."""
    before = cache.fingerprint([paths.RAW / "indicators.yaml"])
    (tmp_path / "changed.py").write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setattr(cache, "PACKAGE_DIR", tmp_path)  # as if every module had been rewritten on disk
    assert cache.fingerprint([paths.RAW / "indicators.yaml"]) == before
    assert cache._code_digest() != cache.CODE_DIGEST  # noqa: SLF001 - what a new process would key on
