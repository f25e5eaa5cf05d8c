"""The provenance of the published facts names where the figures come from — the pages quoted, a URL per row —
and nothing else (no word of how the project handled the files)."""

from __future__ import annotations

import pandas as pd
import pytest

from kpi.core import paths
from kpi.core.errors import Report
from kpi.inputs import provenance

FACTS = sorted(paths.FACTS_DIR.glob("*.csv"))


@pytest.mark.parametrize("path", FACTS, ids=lambda p: p.name)
def test_facts_sidecar_names_the_sources_and_nothing_else(path):
    report = Report()
    meta = provenance.check(path, report)
    assert report.ok, report.format()
    said = " ".join(str(meta[k]) for k in ("producer", "obtained_from", "notes")).lower()
    for word in ("session", "steering", "shared/", "project"):
        assert word not in said, word
    assert "url" in meta["producer"].lower() and "url" in meta["obtained_from"].lower()
    rows = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert rows["url"].str.match(r"^https?://[^\s/]+\.[^\s]+$").all()  # every row names its page
