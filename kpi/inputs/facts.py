"""Published facts about the zone and the city, as a source of their own.

The CSVs under ``data/raw/facts/`` hold one published figure per row, each with
its URL, a snippet and a reliability note. :func:`load_facts` returns all of
them with values, bounds and units parsed; :func:`facts_history` turns the ones
that measure a registered indicator into history rows:

* ``status`` of the figure ``actual`` → ``preliminary`` (a published figure, not
  yet the yearbook's), ``estimate`` → ``estimate``; a ``low`` reliability
  downgrades to ``estimate``; ``target`` rows are not history and are left out;
* bounds such as ``>=1000`` or a unit ``亿美元 (>)`` become ``qualifier='>='``,
  ``(近)``/``(左右)`` become ``'~'``;
* the match between the figure's wording and the indicator is kept (``wording``): a name declared as a loose
  alias of the indicator gives ``'loose: <name>'``; one declared as a broader alias (a figure that contains the
  indicator, such as two firms' sales for one firm's) gives ``'broader: <name>'`` and is read as an upper bound
  (``qualifier='<='``) on the indicator.

Examples
--------
>>> f = load_facts()
>>> row = f[(f.indicator == "etdz_national_rank") & (f.year == 2021)].iloc[0]
>>> float(row.value), row.region, row.status
(70.0, 'zone', 'preliminary')
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from kpi.core import paths
from kpi.inputs import provenance, units
from kpi.inputs.registry import Registry, load_registry
from kpi.inputs.cells import CellError, clean_text, parse_number, parse_year
from kpi.core.errors import Report, UnusableInputError
from kpi.inputs.schema import as_history, empty_history

FACT_COLUMNS = ("indicator_zh", "indicator_en", "year", "value", "unit", "kind", "status", "scope", "url",
                "snippet", "reliability")
#: The ``scope`` column names a region by its type, seen from the zone: the zone itself, the city it lies in
#: and that city's province (followed up the region registry's parents: zone → yancheng → jiangsu).
_SCOPE_TYPES = {"zone": "zone", "city": "city", "province": "province"}
_BOUND_WORDS = {">=": ("(>)", "超", "以上", "多", "突破", "有望突破", ">"), "~": ("近", "左右", "约", "~")}
_STATUS = {"actual": "preliminary", "estimate": "estimate"}


def _split_unit(text: str) -> tuple[str, str, str]:
    """'亿美元 (>)' -> ('亿美元', '>=', '(>)'); 'rank (of 230)' -> ('位', '', '(of 230)')."""
    text = clean_text(text)
    m = re.match(r"^(.*?)\s*(\(.*\))?$", text)
    base, extra = (m.group(1).strip(), m.group(2) or "") if m else (text, "")
    qualifier = ""
    inner = extra.strip("()")
    for q, words in _BOUND_WORDS.items():
        if inner and any(w.strip("()") and w.strip("()") in inner for w in words):
            qualifier = q
            break
    if base.startswith("rank"):
        base = "位"
    return base, qualifier, extra


def load_facts(folder: Path | None = None, *, report: Report | None = None,
               registry: Registry | None = None) -> pd.DataFrame:
    """All published facts, parsed, with ``indicator`` and ``region`` ids where the registry knows them.

    Columns: ``indicator`` (id or ''), ``region`` (id or ''), ``year``, ``value``, ``unit``, ``qualifier``,
    ``status`` (history status or 'target'), the original ``indicator_zh, indicator_en, kind, scope, url,
    snippet, reliability``, and ``source_file``/``location``.

    Raises
    ------
    DataValidationError
        If a file fails its provenance check or a row cannot be parsed (when no ``report`` is given).
    """
    own = report is None
    report = report if report is not None else Report()
    folder = Path(folder or paths.FACTS_DIR)
    frames = []
    for path in sorted(folder.glob("*.csv")):
        provenance.check(path, report)
        frames.append(_read_csv(path, report, registry=registry))
    if own:
        report.raise_if_errors("published facts")
    if not frames:
        return pd.DataFrame(columns=["indicator", "region", "year", "value", "unit", "qualifier", "status",
                                     *FACT_COLUMNS[:3], "source_file", "location"])
    return pd.concat(frames, ignore_index=True)


def _read_csv(path: Path, report: Report, *, registry: Registry | None = None) -> pd.DataFrame:
    registry = registry or load_registry()
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise UnusableInputError(path, f"not a readable UTF-8 CSV ({exc.__class__.__name__})",
                                 expected="a UTF-8 CSV with columns " + ", ".join(FACT_COLUMNS)) from None
    missing = [c for c in FACT_COLUMNS if c not in raw.columns]
    if missing:
        report.add(path, "missing columns " + ", ".join(missing), row=1, value=", ".join(raw.columns),
                   expected=", ".join(FACT_COLUMNS))
        return pd.DataFrame()
    rel = paths.shown(path)
    out = []
    for i, rec in raw.iterrows():
        row_no = i + 2  # header is line 1
        where = {"row": row_no}
        try:
            year, _ = parse_year(rec["year"])
        except CellError as exc:
            report.add(path, str(exc), column="year", value=exc.value, expected=exc.expected, **where)
            continue
        value_text = clean_text(rec["value"])
        qualifier = ""
        m = re.match(r"^(>=|<=|≥|≤|>|<|~)\s*(.*)$", value_text)
        if m:
            qualifier = {"≥": ">=", ">": ">=", "≤": "<=", "<": "<="}.get(m.group(1), m.group(1))
            value_text = m.group(2)
        try:
            value, _ = parse_number(value_text)
        except CellError as exc:
            report.add(path, str(exc), column="value", value=exc.value, expected=exc.expected, **where)
            continue
        if value is None:
            report.add(path, "no value", severity="warning", column="value", **where)
            continue
        unit, unit_q, _extra = _split_unit(rec["unit"])
        qualifier = qualifier or unit_q
        matched = registry.match_wording(rec["indicator_zh"])
        indicator, wording = matched if matched else ("", "exact")
        if wording == "broader":  # the figure contains the indicator: an upper bound on it
            qualifier = "<=" if qualifier in ("", "~", "<=") else ""
            if not qualifier:
                indicator = ""  # a lower bound on a broader figure says nothing about the indicator
        wording_text = "" if wording == "exact" else f"{wording}: {clean_text(rec['indicator_zh'])}"
        scope_type = _SCOPE_TYPES.get(clean_text(rec["scope"]).lower())
        region = (registry.ancestor("zone", scope_type) or "") if scope_type else ""
        status = "target" if rec["status"] == "target" else _STATUS.get(rec["status"], "estimate")
        if "low" in rec["reliability"].lower() and status == "preliminary":
            status = "estimate"
        out.append({"indicator": indicator, "region": region, "year": year, "value": value, "unit": unit,
                    "qualifier": qualifier, "status": status, **{c: rec[c] for c in FACT_COLUMNS if c not in
                                                                  ("year", "value", "unit", "status")},
                    "fact_status": rec["status"], "source_file": rel, "location": f"row {row_no}",
                    "wording": wording_text})
    return pd.DataFrame(out)


def facts_history(facts: pd.DataFrame | None = None, *, report: Report | None = None,
                  registry: Registry | None = None) -> pd.DataFrame:
    """History rows from the facts that measure a registered indicator for a registered region.

    Values are converted to the indicator's canonical unit; a fact whose unit does not fit its indicator is
    reported as a warning and left out.
    """
    registry = registry or load_registry()
    facts = load_facts(report=report, registry=registry) if facts is None else facts
    if facts.empty:
        return empty_history()
    rows = []
    for rec in facts.itertuples(index=False):
        if not rec.indicator or not rec.region or rec.status == "target":
            continue
        canon = registry.indicator_unit(rec.indicator)
        try:
            value = units.convert(rec.value, rec.unit, canon)
        except ValueError:
            if report is not None:
                report.add(rec.source_file, f"fact unit {rec.unit!r} does not fit indicator {rec.indicator} "
                           f"({canon}); kept in the facts table only", severity="warning", row=int(rec.location[4:]))
            continue
        note = f"{rec.snippet} — {rec.url}"
        wording = getattr(rec, "wording", "") or ""
        if wording:
            note = f"worded '{wording.split(': ', 1)[1]}' ({wording.split(':')[0]} match); " + note
        if "low" in rec.reliability.lower():
            note = f"low reliability ({rec.reliability}); " + note
        year_tag = rec.url.split("/")[2] if "//" in rec.url else ""
        rows.append({"indicator": rec.indicator, "region": rec.region, "year": rec.year, "value": value,
                     "unit": canon, "status": rec.status, "source": f"published figure ({year_tag})",
                     "vintage": str(rec.year + 1) if rec.fact_status == "actual" else str(rec.year),
                     "note": note, "qualifier": rec.qualifier, "source_file": rec.source_file,
                     "location": rec.location, "wording": wording})
    return as_history(rows) if rows else empty_history()
