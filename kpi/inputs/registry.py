"""The indicator and region registries (``data/raw/indicators.yaml``, ``regions.yaml``).

Indicators are the series the project measures; regions the places they are
measured for. Loaders map the names they find in workbooks ("地区生产总值",
"生 产 总 值", "GDP") to registry ids through the aliases, after
:func:`kpi.inputs.cells.fold_name`.

Examples
--------
>>> ind = load_indicators()
>>> ind.loc["gdp", "unit"], ind.loc["gdp", "measure"]
('亿元', 'level')
>>> reg = load_registry()
>>> reg.match_indicator("地区生产总值"), reg.match_indicator("生产总值"), reg.match_indicator("ＧＤＰ")
('gdp', 'gdp', 'gdp')
>>> reg.match_region("盐 城")
'yancheng'
>>> reg.match_region("全省"), reg.match_region("全省", scope="jiangsu")
(None, 'jiangsu')

A published figure may be worded more loosely than the indicator (``loose_aliases``: 外资占全市比重 for 到账外资
占全市比重) or measure something that contains it (``broader_aliases``: 悦达起亚+一汽盐城 整车销量 for 悦达起亚产销量);
:meth:`Registry.match_wording` says which, so that history can rank and show the match:

>>> reg.match_wording("外资占全市比重"), reg.match_wording("到账外资占全市比重")
(('share_city_fdi', 'loose'), ('share_city_fdi', 'exact'))
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from kpi.core import paths, yamlsafe
from kpi.inputs import units
from kpi.inputs.calibration import calibration_panels
from kpi.inputs.cells import fold_name
from kpi.core.errors import Report
from kpi.core import labels
from kpi.core.labels import AREAS, CENSUS_KINDS, MEASURES, REGION_TYPES

#: Keys a region entry of ``regions.yaml`` may have.
REGION_KEYS = ("name_zh", "name_en", "short_zh", "short_en", "type", "parent", "area", "since", "until", "aliases")



def _read_yaml(path: Path, key: str, report: Report) -> dict:
    try:
        with open(path, encoding="utf-8") as fh:
            data = yamlsafe.load(fh)
    except FileNotFoundError:
        report.add(path, "registry file not found")
        return {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        report.add(path, f"not valid YAML ({getattr(exc, 'problem', exc)})",
                   row=(mark.line + 1) if mark else None)
        return {}
    if not isinstance(data, dict) or not isinstance(data.get(key), dict):
        report.add(path, f"registry has no '{key}:' mapping", expected=f"a top-level '{key}:' mapping of ids")
        return {}
    return data[key]


#: Kinds of inexact wording an indicator may declare, each a list of names in ``indicators.yaml``.
WORDING_KEYS = {"loose_aliases": "loose", "broader_aliases": "broader"}


def _parse_indicators(path: Path, report: Report) -> tuple[pd.DataFrame, dict[str, str], dict[str, tuple[str, str]]]:
    """The indicator frame, its folded alias → id map and its folded inexact-wording → (id, wording) map, every
    problem into ``report``."""
    panels = calibration_panels()
    raw = _read_yaml(path, "indicators", report)
    rows, seen_alias, wordings = [], {}, {}
    for iid, spec in raw.items():
        if not isinstance(spec, dict):
            report.add(path, "indicator entry is not a mapping", column=str(iid))
            continue
        for key in ("name_zh", "name_en", "unit", "measure", "area"):
            if not spec.get(key):
                report.add(path, f"indicator {iid!r} lacks '{key}'")
        if spec.get("unit") and not units.is_known(spec["unit"]):
            report.add(path, f"indicator {iid!r} has an undeclared unit", value=spec["unit"],
                       expected="a unit declared in kpi/inputs/units.py")
        if spec.get("measure") and spec["measure"] not in MEASURES:
            report.add(path, f"indicator {iid!r} has an unknown measure", value=spec["measure"],
                       expected=" | ".join(MEASURES))
        if spec.get("area") and spec["area"] not in AREAS:
            report.add(path, f"indicator {iid!r} has an unknown area", value=spec["area"], expected=" | ".join(AREAS))
        panel = spec.get("calibration", "all")
        if panel not in panels:
            report.add(path, f"indicator {iid!r} names an unknown calibration panel", value=panel,
                       expected=" | ".join(panels))
        rng = spec.get("range")
        if rng is not None and not (isinstance(rng, list) and len(rng) == 2
                                    and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in rng)
                                    and rng[0] < rng[1]):
            report.add(path, f"indicator {iid!r} has a malformed range", key=f"indicators.{iid}.range", value=rng,
                       expected="[lowest, highest] plausible values in the indicator's unit, e.g. [0, 2000]")
            rng = None
        censuses = spec.get("censuses", ["economic"])
        if not isinstance(censuses, list) or any(c not in CENSUS_KINDS for c in censuses):
            report.add(path, f"indicator {iid!r} names an unknown census", value=censuses,
                       expected="a list of " + " | ".join(CENSUS_KINDS))
            censuses = ["economic"]
        aliases = [str(a) for a in spec.get("aliases") or []]
        for name in {fold_name(a) for a in [*aliases, iid, spec.get("name_zh", ""), spec.get("name_en", "")] if a}:
            other = seen_alias.setdefault(name, iid)
            if other != iid:
                report.add(path, f"alias {name!r} is claimed by two indicators", value=f"{other}, {iid}",
                           expected="each alias to name one indicator")
        for key, wording in WORDING_KEYS.items():
            for name in {fold_name(a) for a in spec.get(key) or [] if a}:
                if name in seen_alias or name in wordings:
                    report.add(path, f"{key[:-1]} {name!r} is also an alias or claimed twice",
                               value=f"{seen_alias.get(name) or wordings[name][0]}, {iid}",
                               expected="each name to mean one indicator, exactly or loosely, once")
                    continue
                wordings[name] = (iid, wording)
        rows.append({"id": iid, "name_zh": spec.get("name_zh"), "name_en": spec.get("name_en"),
                     "unit": units.canonical(spec["unit"]) if units.is_known(spec.get("unit") or "") else spec.get("unit"),
                     "measure": spec.get("measure"), "area": spec.get("area"), "per_year": bool(spec.get("per_year", False)),
                     "calibration": panel, "range": tuple(rng) if rng else None, "censuses": tuple(censuses),
                     "aliases": aliases,
                     "flow_of": str(spec.get("flow_of") or "")})
    frame = pd.DataFrame(rows).set_index("id")
    for iid, stock in frame["flow_of"].items():
        if stock and stock not in frame.index:
            report.add(path, f"indicator {iid!r} is the flow of an unknown stock", value=stock,
                       expected="the id of the stock indicator whose yearly additions it counts")
    return frame, seen_alias, wordings


def _parse_regions(path: Path, report: Report) -> tuple[pd.DataFrame, dict[str, tuple[str, ...]], dict[str, str]]:
    """The region frame, its folded alias → ids map and the aggregate labels (folded label → type or '')."""
    data = _read_yaml(path, "regions", report)
    rows = []
    for rid, spec in data.items():
        if not isinstance(spec, dict):
            report.add(path, "region entry is not a mapping", key=f"regions.{rid}", value=spec,
                       expected="{name_zh, name_en, type, parent, aliases}")
            continue
        unknown = sorted(set(spec) - set(REGION_KEYS))
        for k in unknown:
            report.add(path, f"unknown key {k!r}{_suggest(k, REGION_KEYS)}", key=f"regions.{rid}.{k}",
                       expected="one of " + ", ".join(REGION_KEYS))
        for k in ("name_zh", "name_en", "type"):
            if not spec.get(k):
                report.add(path, f"region {rid!r} lacks '{k}'", key=f"regions.{rid}.{k}")
        rtype = spec.get("type")
        if rtype and rtype not in REGION_TYPES:
            report.add(path, f"region {rid!r} has an unknown type{_suggest(rtype, REGION_TYPES)}",
                       key=f"regions.{rid}.type", value=rtype, expected=" | ".join(REGION_TYPES))
        years = {}
        for k in ("since", "until"):
            v = spec.get(k)
            if v is not None and (isinstance(v, bool) or not isinstance(v, int) or not 1949 <= v <= 2100):
                report.add(path, f"region {rid!r}: {k} is not a year", key=f"regions.{rid}.{k}", value=v,
                           expected="a year such as 2018")
                v = None
            years[k] = v
        rows.append({"id": str(rid), "name_zh": spec.get("name_zh"), "name_en": spec.get("name_en"),
                     "short_zh": spec.get("short_zh") or spec.get("name_zh"),
                     "short_en": spec.get("short_en") or spec.get("name_en"),
                     "type": rtype or "", "parent": str(spec.get("parent") or ""), "area": spec.get("area") or "",
                     "since": years["since"], "until": years["until"],
                     "aliases": [str(a) for a in spec.get("aliases") or []]})
    columns = ["id", "name_zh", "name_en", "short_zh", "short_en", "type", "parent", "area", "since", "until",
               "aliases"]
    frame = pd.DataFrame(rows, columns=columns).set_index("id")
    for col in ("since", "until"):
        frame[col] = frame[col].astype("Int64")
    rank = {t: i for i, t in enumerate(REGION_TYPES)}
    for rid, rec in frame.iterrows():
        parent = rec["parent"]
        if parent and parent not in frame.index:
            report.add(path, f"region {rid!r} names an unknown parent{_suggest(parent, frame.index)}",
                       key=f"regions.{rid}.parent", value=parent, expected="a region id of this registry")
        elif parent and rec["type"] in rank and frame.at[parent, "type"] in rank \
                and rank[frame.at[parent, "type"]] <= rank[rec["type"]]:
            report.add(path, f"region {rid!r} ({rec['type']}) has a parent that is not larger",
                       key=f"regions.{rid}.parent", value=f"{parent} ({frame.at[parent, 'type']})",
                       expected="a parent of a larger type: zone → city → area/province → country")
        elif not parent and rec["type"] and rec["type"] != "country":
            report.add(path, f"region {rid!r} has no parent", key=f"regions.{rid}.parent",
                       expected="the id of the region it belongs to (its province, city…)")
        if rec["area"] and rec["area"] not in frame.index:
            report.add(path, f"region {rid!r} names an unknown area", key=f"regions.{rid}.area", value=rec["area"],
                       expected="a region id such as sunan")
    aliases: dict[str, list[str]] = {}
    for rid, rec in frame.iterrows():
        for name in sorted({fold_name(a) for a in [*rec["aliases"], rid, rec["name_zh"] or ""] if a}):
            aliases.setdefault(name, []).append(str(rid))
    for name, ids in aliases.items():
        by_parent: dict[str, list[str]] = {}
        for rid in ids:
            by_parent.setdefault(frame.at[rid, "parent"], []).append(rid)
        for parent, same in by_parent.items():
            if len(same) > 1:
                report.add(path, f"alias {name!r} is claimed by two regions of the same parent "
                           f"({parent or 'none'}): no table could tell them apart", value=", ".join(same),
                           expected="each alias to name one region within its parent")
    aggregates = _parse_aggregates(path, report, aliases)
    return frame, {k: tuple(v) for k, v in aliases.items()}, aggregates


def _parse_aggregates(path: Path, report: Report, aliases: dict[str, list[str]]) -> dict[str, str]:
    """Folded aggregate label → the region type it fits ('' for any type)."""
    try:
        with open(path, encoding="utf-8") as fh:
            raw = (yamlsafe.load(fh) or {}).get("aggregates") or {}
    except (OSError, yaml.YAMLError, AttributeError):
        return {}
    if not isinstance(raw, dict):
        report.add(path, "aggregates is not a mapping", key="aggregates",
                   expected="a mapping of region type (or 'any') to total-row labels")
        return {}
    out: dict[str, str] = {}
    for rtype, names in raw.items():
        if rtype != "any" and rtype not in REGION_TYPES:
            report.add(path, f"unknown region type{_suggest(rtype, [*REGION_TYPES, 'any'])}",
                       key=f"aggregates.{rtype}", value=rtype, expected=" | ".join([*REGION_TYPES, "any"]))
            continue
        for name in names or []:
            key = fold_name(name)
            if key in aliases:
                report.add(path, f"aggregate label {name!r} is also a region alias", key=f"aggregates.{rtype}",
                           value=", ".join(aliases[key]), expected="a total-row label that names no region")
            out[key] = "" if rtype == "any" else str(rtype)
    return out


def _suggest(word: object, allowed) -> str:
    close = difflib.get_close_matches(str(word), [str(a) for a in allowed], n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


@dataclass(frozen=True)
class RegionMatch:
    """How a region name in a table was resolved (:meth:`Registry.resolve_region`).

    ``region`` is the id, or None with ``problem`` saying why: ``'unknown'`` (``candidates`` then holds the
    closest registered names), ``'ambiguous'`` (several regions, ``candidates``), ``'aggregate'`` (a total-row
    label such as 全省 with no scope to resolve it) or ``'aggregate type'`` (a label such as 全市 in a table whose
    scope is not a city). ``aggregate`` is True when the name was a total-row label resolved to the scope.
    """

    region: str | None
    problem: str | None = None
    candidates: tuple[str, ...] = ()
    aggregate: bool = False


@dataclass(frozen=True)
class Registry:
    """The indicator and region registries, read once and passed to every loader that matches names.

    Loaders take a ``registry`` and read the YAML files only when none is given, so a change to a registry
    file is seen by the next call (nothing is kept between calls).
    """

    indicators: pd.DataFrame
    regions: pd.DataFrame
    indicator_aliases: dict[str, str] = field(repr=False)
    region_aliases: dict[str, tuple[str, ...]] = field(repr=False)
    aggregates: dict[str, str] = field(repr=False, default_factory=dict)
    indicator_wordings: dict[str, tuple[str, str]] = field(default_factory=dict, repr=False)

    def match_indicator(self, name: object) -> str | None:
        """The indicator id whose id, name or alias matches ``name`` after folding, else None."""
        return self.indicator_aliases.get(fold_name(name))

    def match_wording(self, name: object) -> tuple[str, str] | None:
        """``(indicator id, wording)`` for a published name: ``'exact'`` (id, name or alias), ``'loose'`` (a vaguer
        wording) or ``'broader'`` (a figure that contains the indicator, e.g. two firms' sales for one firm's);
        None if the name means no registered indicator."""
        folded = fold_name(name)
        if folded in self.indicator_aliases:
            return self.indicator_aliases[folded], "exact"
        return self.indicator_wordings.get(folded)

    def match_region(self, name: object, *, scope: str | None = None) -> str | None:
        """The region id ``name`` names (in the context of ``scope``), else None (see :meth:`resolve_region`)."""
        return self.resolve_region(name, scope=scope).region

    def resolve_region(self, name: object, *, scope: str | None = None) -> RegionMatch:
        """Resolve a region name as it appears in a table whose whole is ``scope`` (a region id, or None).

        A registered name or alias that names one region is that region. A name several regions share (English
        "Taizhou": 泰州 in Jiangsu, 台州 in Zhejiang) is resolved to the one inside ``scope``, else it is
        ambiguous. A total-row label (全省, 合计, Total…; ``aggregates:`` in ``regions.yaml``) names ``scope``
        itself when the label fits the scope's type (全省 a province, 全市 a city, 合计 anything), and nothing
        without a scope: it is never read as a particular province.

        Examples
        --------
        >>> reg = load_registry()
        >>> reg.resolve_region("全    省", scope="henan").region, reg.resolve_region("全省").problem
        ('henan', 'aggregate')
        >>> reg.resolve_region("Taizhou").candidates, reg.resolve_region("Taizhou", scope="zhejiang").region
        (('taizhou', 'taizhou_zj'), 'taizhou_zj')
        >>> reg.resolve_region("Atlantis").problem
        'unknown'
        """
        key = fold_name(name)
        if key in self.aggregates:
            fits = self.aggregates[key]
            if scope is None:
                return RegionMatch(None, "aggregate")
            if fits and self.regions.at[scope, "type"] != fits:
                return RegionMatch(None, "aggregate type", (scope,))
            return RegionMatch(scope, aggregate=True)
        ids = self.region_aliases.get(key, ())
        if len(ids) == 1:
            return RegionMatch(ids[0])
        if len(ids) > 1:
            inside = [r for r in ids if scope is not None and self.within(r, scope)]
            if len(inside) == 1:
                return RegionMatch(inside[0])
            return RegionMatch(None, "ambiguous", tuple(ids))
        close = difflib.get_close_matches(key, list(self.region_aliases), n=3, cutoff=0.6)
        return RegionMatch(None, "unknown", tuple(dict.fromkeys(r for c in close for r in self.region_aliases[c])))

    def explain(self, match: RegionMatch, name: object, *, scope: str | None = None) -> tuple[str, str]:
        """``(message, expected)`` for a name :meth:`resolve_region` could not resolve, naming the candidates."""
        shown = str(name).strip()
        cands = ", ".join(f"{r} ({self.regions.at[r, 'name_zh']}, parent {self.regions.at[r, 'parent'] or '—'})"
                          for r in match.candidates)
        if match.problem == "ambiguous":
            return (f"region name {shown!r} names several regions: {cands}",
                    "a name that says which (e.g. the Chinese name), or a scope (the table's province) that "
                    "contains only one of them")
        if match.problem == "aggregate":
            return (f"{shown!r} is a total-row label: it names the whole of the table, and nothing says which "
                    "region that is", "a region name (e.g. 江苏省), or the table's scope: 'scope: <region id>' in "
                    "its spec.yaml or provenance sidecar")
        if match.problem == "aggregate type":
            kind = self.aggregates.get(fold_name(name), "")
            return (f"{shown!r} is the total row of a {kind} but the table's scope {scope!r} is a "
                    f"{self.regions.at[scope, 'type']}", f"a scope of type {kind}, or a region name")
        hint = f"; closest: {cands}" if cands else ""
        return (f"unknown region (not in the region registry{hint})",
                "a name or alias in data/raw/regions.yaml (add the region there, with its type and parent)")

    def within(self, region: str, scope: str) -> bool:
        """True if ``region`` is ``scope`` or lies inside it (following parents)."""
        seen = set()
        while region and region not in seen:
            if region == scope:
                return True
            seen.add(region)
            region = self.regions.at[region, "parent"] if region in self.regions.index else ""
        return False

    def parent(self, region: str) -> str | None:
        """The parent of ``region`` (None for the country or an unknown id)."""
        if region not in self.regions.index:
            return None
        return str(self.regions.at[region, "parent"]) or None

    def ancestor(self, region: str, region_type: str) -> str | None:
        """The nearest region of type ``region_type`` containing ``region`` (itself included), else None.

        >>> load_registry().ancestor("zone", "province")
        'jiangsu'
        """
        while region:
            if region in self.regions.index and self.regions.at[region, "type"] == region_type:
                return region
            region = self.parent(region) or ""
        return None

    def members(self, region: str, *, region_type: str = "city", year: int | None = None) -> tuple[str, ...]:
        """The regions of ``region_type`` whose parent is ``region`` (in ``year``, when given), in registry order.

        >>> len(load_registry().members("jiangsu")), len(load_registry().members("shandong", year=2019))
        (13, 16)
        """
        r = self.regions
        sel = r[(r["parent"] == region) & (r["type"] == region_type)]
        if year is not None:
            sel = sel[(sel["since"].isna() | (sel["since"] <= year)) & (sel["until"].isna() | (sel["until"] >= year))]
        return tuple(str(i) for i in sel.index)

    def region_label(self, region: str, lang: str = "zh") -> str:
        """The short name charts and tables use for ``region`` (its id when it is not registered)."""
        col = ("short_zh", "short_en")[labels.check_lang(lang)]
        return str(self.regions.at[region, col]) if region in self.regions.index else str(region)

    def area_members(self) -> dict[str, tuple[str, ...]]:
        """Each area (苏南 / 苏中 / 苏北) with the regions in it, the area's own row included.

        >>> load_registry().area_members()["suzhong"]
        ('nantong', 'yangzhou', 'taizhou', 'suzhong')
        """
        out: dict[str, list[str]] = {}
        for rid, area in self.regions["area"].items():
            if area:
                out.setdefault(str(area), []).append(str(rid))
        return {a: tuple(m) for a, m in out.items()}

    def indicator_unit(self, indicator: str) -> str:
        """Canonical unit of a registered indicator (``ValueError`` if unknown)."""
        if indicator not in self.indicators.index:
            raise ValueError(f"unknown indicator {indicator!r}; known: {', '.join(sorted(self.indicators.index))}")
        return str(self.indicators.at[indicator, "unit"])


def load_registry(*, indicators: Path | None = None, regions: Path | None = None) -> Registry:
    """Read and check both registries (``data/raw/indicators.yaml`` and ``regions.yaml`` by default).

    Raises
    ------
    DataValidationError
        If a YAML file is malformed, a unit is undeclared, a calibration panel unknown or an alias claimed twice.
    """
    report = Report()
    ind, ind_alias, wordings = _parse_indicators(Path(indicators or paths.INDICATORS_YAML), report)
    reg, reg_alias, aggregates = _parse_regions(Path(regions or paths.REGIONS_YAML), report)
    report.raise_if_errors("registry")
    return Registry(ind, reg, ind_alias, reg_alias, aggregates, wordings)


def load_indicators(path: Path | None = None) -> pd.DataFrame:
    """The indicator registry as a DataFrame indexed by indicator id.

    Columns: ``name_zh, name_en, unit, measure, area, per_year, calibration, range, censuses, aliases, flow_of``
    (``calibration`` is the reference panel of :func:`kpi.inputs.calibration.load_calibration` whose errors set the
    indicator's intervals, ``"all"`` unless the YAML says otherwise; ``range`` the optional ``[lowest, highest]``
    plausible values, whose breach :mod:`kpi.inputs.plausibility` reports as a warning; ``censuses`` the censuses that
    re-base the indicator's published levels, ``("economic",)`` unless the YAML says otherwise; ``flow_of`` the stock
    whose yearly additions a flow indicator counts, or ``""``). The targets each indicator measures come from
    :func:`kpi.load_targets` (column ``indicator``).

    Raises
    ------
    DataValidationError
        If the YAML is malformed, a unit is undeclared or an alias names two indicators.
    """
    report = Report()
    frame, _, _ = _parse_indicators(Path(path or paths.INDICATORS_YAML), report)
    report.raise_if_errors("indicator registry")
    return frame


def load_regions(path: Path | None = None) -> pd.DataFrame:
    """The region registry as a DataFrame indexed by region id (``zone``, ``yancheng``, ``jiangsu``…).

    Columns ``name_zh, name_en, short_zh, short_en, type, parent, area, since, until, aliases``: ``type`` is one
    of :data:`kpi.core.labels.REGION_TYPES`, ``parent`` the id of the region it belongs to ('' for the country).
    """
    report = Report()
    frame, _, _ = _parse_regions(Path(path or paths.REGIONS_YAML), report)
    report.raise_if_errors("region registry")
    return frame
