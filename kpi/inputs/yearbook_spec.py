"""The declarative ``spec.yaml`` of a yearbook table family: its schema, its checks and the parsed form.

One spec describes one table as every edition publishes it, in any of the layouts provincial yearbooks use:

* **blocks of years** (江苏统计年鉴 2-12): one indicator per block, the years in the row under the header,
  blocks stacked in one sheet (``续表``);
* **indicators side by side** for one year (河南 2-9 各市生产总值, 山东 各市生产总值): one column per indicator,
  the data year in the file name (``year_from: file_name``) or only in the title (``year_from: title``, 四川
  各市(州)地区生产总值), columns to skip (growth indices such as ``2016年为2015年%``, 浙江 17-2) listed in
  ``skip_columns``;
* and per-edition overrides (``editions:``) where a label column or a header offset moves between editions.

Every key is checked against a schema (:class:`kpi.inputs.yearbook_schema.SpecFile`, through
:mod:`kpi.inputs.yamlcheck`): an unknown key
is an error with a suggestion (``unknown key 'requried' (did you mean 'required'?)``), each problem names the
file, line, key path, value and what was expected. The README section "A new yearbook table" has a worked
example per layout.

Examples
--------
>>> from kpi.core import paths
>>> spec = load_spec(paths.YEARBOOK_DIR / "jiangsu-2-12" / "spec.yaml")
>>> spec.vintage, spec.scope, [i.id for i in spec.indicators][:2]
('edition', 'jiangsu', ['gdp', 'va_primary'])
"""

from __future__ import annotations

import codecs
import re
import string
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kpi.core.errors import DataValidationError, Report
from kpi.inputs import units
from kpi.inputs.cells import clean_text, fold_name
from kpi.inputs.registry import Registry, load_registry

if TYPE_CHECKING:  # the schema (pydantic) is imported when a spec is read, not with the package
    from kpi.inputs.yearbook_schema import SpecFile

SPEC_NAME = "spec.yaml"
_UNIT_IN_BRACKETS = re.compile(r"[(（]([^()（）]*)[)）]\s*$")
#: Placeholders the ``source`` citation may use.
SOURCE_FIELDS = ("edition", "year", "table", "title", "vintage")
#: How the data year is found in a title when the spec gives no ``year_pattern``: '2019年' or a bare 2019.
DEFAULT_YEAR_PATTERN = r"(?P<year>(?:19|20)\d{2})\s*年?"


# ----------------------------------------------------------------------------------------- the parsed form
def column_index(letters: str) -> int:
    """0-based index of a spreadsheet column name.

    >>> column_index("A"), column_index("C"), column_index("AB")
    (0, 2, 27)
    """
    text = str(letters).strip().upper()
    if not re.fullmatch(r"[A-Z]{1,3}", text):
        raise ValueError(f"not a column name: {letters!r}")
    n = 0
    for ch in text:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


@dataclass(frozen=True)
class IndicatorBlock:
    """How one indicator is recognised in a table: its id, header labels (folded), the unit the table prints it
    in, the registry's unit and the factor from one to the other."""

    id: str
    headers: frozenset[str]
    unit: str
    required: bool = True
    registry_unit: str = ""
    factor: float = 1.0


@dataclass(frozen=True)
class TableSpec:
    """A parsed ``spec.yaml``; :meth:`for_key` gives the variant of one edition (its ``editions:`` overrides)."""

    path: Path
    table: str
    pattern: re.Pattern[str]
    source: str
    status: str
    sheet: str
    region_column: int
    region_header: frozenset[str]
    label_search_from: int
    year_row_offset: int
    region_name_columns: tuple[int, ...]
    section_labels: frozenset[str]
    indicators: tuple[IndicatorBlock, ...]
    required_regions: tuple[str, ...]
    unknown_region: str
    identical_rows: str | None
    minimum: float | None
    registry: Registry = field(repr=False, compare=False, default=None)  # what names are matched against
    title: str = ""
    vintage: str = "edition"
    scope: str | None = None
    encoding: str | None = None
    year_from: str = "columns"
    year_pattern: re.Pattern[str] = field(default=re.compile(DEFAULT_YEAR_PATTERN), compare=False)
    skip_columns: tuple[re.Pattern[str], ...] = ()
    ignore_sheets: tuple[str, ...] = ()
    variants: dict[str, "TableSpec"] = field(default_factory=dict, repr=False, compare=False)

    def match(self, path: str | Path) -> dict[str, str] | None:
        """The named groups of the file pattern for a file name (folded), or None if not of this family.

        >>> from kpi.core import paths
        >>> spec = load_spec(paths.YEARBOOK_DIR / "jiangsu-2-12" / "spec.yaml")
        >>> spec.match("jiangsu-yearbook-2020-table-2-12.xlsx"), spec.match("notes.xlsx")
        ({'edition': '2020'}, None)
        """
        m = self.pattern.match(fold_file_name(Path(path).name))
        return {k: v for k, v in m.groupdict().items() if v is not None} if m else None

    def edition(self, path: str | Path) -> str | None:
        """The edition named by a file name (None if the name is not of this family or names no edition)."""
        groups = self.match(path)
        return groups.get("edition") if groups else None

    def for_key(self, key: str | None) -> "TableSpec":
        """The spec of one edition: the ``editions:`` override for ``key`` applied, else this spec."""
        return self.variants.get(str(key), self) if key is not None else self

    def indicator_for(self, label: Any) -> str | None:
        """The indicator id whose header matches a label (any line of the cell), else None."""
        for line in clean_text(label).split("\n"):
            key = fold_name(line)
            for candidate in (key, fold_name(_UNIT_IN_BRACKETS.sub("", key))):
                for ind in self.indicators:
                    if candidate and candidate in ind.headers:
                        return ind.id
        return None

    def skipped(self, label: Any) -> bool:
        """True if a column header (any line of it) matches one of ``skip_columns``."""
        if not self.skip_columns or label is None:
            return False
        lines = [clean_text(label), *clean_text(label).split("\n")]
        return any(p.search(unicodedata.normalize("NFKC", ln)) for p in self.skip_columns for ln in lines)

    def is_region_header(self, value: Any) -> bool:
        """True if a cell's text (whole, or one of its lines) is one of the spec's region-column headers."""
        if not isinstance(value, str):
            return False
        text = clean_text(value)
        return fold_name(text) in self.region_header or any(
            fold_name(line) in self.region_header for line in text.split("\n"))

    def indicator(self, iid: str) -> IndicatorBlock:
        return next(i for i in self.indicators if i.id == iid)


def fold_file_name(name: str) -> str:
    """A file name as patterns see it: full-width forms folded (（2019）→ (2019)), nothing else changed.

    >>> fold_file_name("0115-市、州生产总值（2019）.xls")
    '0115-市、州生产总值(2019).xls'
    """
    return unicodedata.normalize("NFKC", name)


def stated_unit(label: Any) -> str | None:
    """The unit a label states in brackets at its end ('生产总值(万元)' → '万元'), if it is a declared unit."""
    for line in clean_text(label).split("\n"):
        m = _UNIT_IN_BRACKETS.search(unicodedata.normalize("NFKC", line.strip()))
        if m and units.is_known(m.group(1)):
            return units.canonical(m.group(1))
    return None


# ------------------------------------------------------------------------------------------------ loading
def load_spec(path: str | Path, *, registry: Registry | None = None) -> TableSpec:
    """Read and check a table-family ``spec.yaml``.

    Parameters
    ----------
    path : str or Path
        The spec file.
    registry : Registry, optional
        The registries indicator and region ids are checked against (read from ``data/raw`` when not given).

    Returns
    -------
    TableSpec

    Raises
    ------
    DataValidationError
        Listing every unknown, missing or malformed key at once, each with its line, key path, the value and
        what was expected.

    Examples
    --------
    >>> from kpi.core import paths
    >>> spec = load_spec(paths.YEARBOOK_DIR / "jiangsu-2-12" / "spec.yaml")
    >>> [i.id for i in spec.indicators][:3], spec.status
    (['gdp', 'va_primary', 'va_secondary'], 'official')
    """
    from kpi.inputs import yamlcheck
    from kpi.inputs.yearbook_schema import SpecFile

    path = Path(path)
    report = Report()
    loaded = yamlcheck.load(path, report, what="table spec")
    if loaded is None:
        raise DataValidationError(report, what="yearbook spec")
    raw, lines = loaded
    if isinstance(raw, dict) and isinstance(raw.get("editions"), dict):  # `2012:` unquoted is an int key
        raw = {**raw, "editions": {str(k): v for k, v in raw["editions"].items()}}
    model = yamlcheck.check(raw, SpecFile, file=path, report=report, lines=lines)
    if model is None:
        raise DataValidationError(report, what="yearbook spec")
    registry = registry or load_registry()
    base = _build(model, path, registry, report, lines, prefix=())
    variants = {}
    for key, override in model.editions.items():
        merged = _apply(model, override)
        variants[key] = _build(merged, path, registry, report, lines, prefix=("editions", key))
    if model.editions and base is not None and not ({"edition", "year"} & set(base.pattern.groupindex)):
        report.add(path, "per-edition overrides need the file pattern to name the edition or the year",
                   key="editions", row=yamlcheck.line_of(lines, ("editions",)),
                   expected="a (?P<edition>…) or (?P<year>…) group in files.pattern")
    report.raise_if_errors(f"yearbook spec {path.name}")
    assert base is not None
    return replace(base, variants={k: v for k, v in variants.items() if v is not None})


def _apply(model: "SpecFile", override) -> "SpecFile":
    update = {k: v for k, v in override.model_dump(exclude_none=True).items() if k != "header"}
    if override.header is not None:
        update["header"] = model.header.model_copy(update=override.header.model_dump(exclude_none=True))
    return model.model_copy(update=update)


def _build(model: "SpecFile", path: Path, registry: Registry, report: Report, lines, *,
           prefix: tuple) -> TableSpec | None:
    from kpi.inputs import yamlcheck

    n0 = len(report.errors)

    def bad(key: tuple, message: str, value: Any = None, expected: str | None = None) -> None:
        full = prefix + key
        report.add(path, message, key=yamlcheck.key_path(full), value=value, expected=expected,
                   row=yamlcheck.line_of(lines, full if prefix and full in (lines or {}) else key))

    def regex(key: tuple, text: str, groups: tuple[str, ...] = ()) -> re.Pattern[str]:
        try:
            p = re.compile(text)
        except re.error as exc:
            bad(key, f"not a regular expression ({exc})", text, "a Python regular expression")
            return re.compile(r"(?!x)x")
        for g in groups:
            if g not in p.groupindex:
                bad(key, f"the expression has no (?P<{g}>…) group", text, f"a named group (?P<{g}>…)")
        return p

    need = ("edition",) if model.vintage == "edition" else ()
    if model.year_from == "file_name":
        need += ("year",)
    pattern = regex(("files", "pattern"), model.files.pattern, need)
    if model.vintage == "data_year" and model.year_from == "columns":
        bad(("vintage",), "a vintage that is the data year needs one data year per file", model.vintage,
            "year_from: file_name or title (or vintage: edition)")
    if model.year_from == "columns" and model.header.year_row_offset < 1:
        bad(("header", "year_row_offset"), "years in the columns need a year row", model.header.year_row_offset,
            "a whole number >= 1 (or year_from: file_name / title)")
    year_pattern = regex(("year_pattern",), model.year_pattern or DEFAULT_YEAR_PATTERN, ("year",))
    skip = tuple(regex(("skip_columns", i), text) for i, text in enumerate(model.skip_columns))
    fields = {f for _, f, _, _ in string.Formatter().parse(model.source) if f}
    extra = sorted(fields - set(SOURCE_FIELDS))
    if extra:
        bad(("source",), f"unknown placeholder {{{extra[0]}}}{yamlcheck.suggest(extra[0], SOURCE_FIELDS)}",
            model.source, "placeholders among " + ", ".join("{" + f + "}" for f in SOURCE_FIELDS))
    if "edition" in fields and "edition" not in pattern.groupindex:
        bad(("source",), "the citation names {edition} but the file pattern has no (?P<edition>…) group",
            model.source, "a pattern naming the edition, or {year}/{vintage} in the citation")
    if model.encoding:
        try:
            codecs.lookup(model.encoding)
        except LookupError:
            bad(("encoding",), "unknown text encoding", model.encoding, "a codec name such as gbk or gb18030")
    if model.scope is not None and model.scope not in registry.regions.index:
        bad(("scope",), f"scope is not a region id{yamlcheck.suggest(model.scope, registry.regions.index)}",
            model.scope, "a region id of data/raw/regions.yaml, e.g. jiangsu")
    for i, rid in enumerate(model.regions.required):
        if rid not in registry.regions.index:
            bad(("regions", "required", i), f"unknown region id{yamlcheck.suggest(rid, registry.regions.index)}",
                rid, "a region id of data/raw/regions.yaml")
    if model.sheet in model.ignore_sheets:
        bad(("ignore_sheets",), "the sheet the table is read from is also ignored", model.sheet,
            "sheets other than the one named by 'sheet'")

    def col(key: tuple, letters: str) -> int:
        try:
            return column_index(letters)
        except ValueError:
            bad(key, "not a column name", letters, "a letter such as A")
            return 0

    name_cols = model.region_name_columns or [model.header.region_column]
    name_idx = tuple(col(("region_name_columns", i), c) for i, c in enumerate(name_cols))
    blocks, seen_ids = [], set()
    known = registry.indicators
    for i, item in enumerate(model.indicators):
        key = ("indicators", i)
        if item.id not in known.index:
            bad(key + ("id",), f"indicator id not in the indicator registry{yamlcheck.suggest(item.id, known.index)}",
                item.id, "an id from data/raw/indicators.yaml")
            continue
        if item.id in seen_ids:
            bad(key + ("id",), "indicator listed twice", item.id, "each indicator once (all its labels in 'header')")
            continue
        seen_ids.add(item.id)
        canon = str(known.loc[item.id, "unit"])
        if not units.is_known(item.unit):
            bad(key + ("unit",), "undeclared unit", item.unit, "a unit in kpi/inputs/units.py, e.g. 亿元, 万元, 元")
            continue
        try:
            factor = units.factor(item.unit, canon)
        except ValueError:
            bad(key + ("unit",), f"unit of another dimension than the indicator's ({canon}, "
                f"{units.dimension(canon)})", item.unit, f"{canon} or a unit convertible to it")
            continue
        blocks.append(IndicatorBlock(item.id, frozenset(fold_name(h) for h in item.header), units.canonical(item.unit),
                                     item.required, canon, factor))
    if len(report.errors) > n0:
        return None
    return TableSpec(
        path=path, table=model.table, pattern=pattern, source=model.source, status=model.status, sheet=model.sheet,
        region_column=col(("header", "region_column"), model.header.region_column),
        region_header=frozenset(fold_name(h) for h in model.header.region_header),
        label_search_from=col(("header", "label_search_from"), model.header.label_search_from),
        year_row_offset=model.header.year_row_offset, region_name_columns=name_idx,
        section_labels=frozenset(fold_name(s) for s in model.section_labels), indicators=tuple(blocks),
        required_regions=tuple(model.regions.required), unknown_region=model.regions.unknown,
        identical_rows=model.checks.identical_rows,
        minimum=float(model.checks.minimum) if model.checks.minimum is not None else None, registry=registry,
        title=model.title, vintage=model.vintage, scope=model.scope, encoding=model.encoding,
        year_from=model.year_from, year_pattern=year_pattern, skip_columns=skip,
        ignore_sheets=tuple(model.ignore_sheets))
