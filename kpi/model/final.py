"""The final evaluation (总结评估): every target whose year has data — reached or missed, by how much, on which
data, and whether a revision of the data could still flip it.

When a target's year has data, :func:`kpi.model.assessment.assess` already gives it an observed outcome
(:func:`kpi.model.assessment.outcome`: ``reached`` or ``missed``, the value it rests on, the margin in the
target's unit and in %). :func:`final_evaluation` takes those outcomes from the scorecard (one rule, no second
reading of the targets) and adds what an evaluator signing a 总结评估 must also say: **could a revision still flip
it?**

Revision risk
-------------
A figure is first published as a preliminary value, then revised by each yearbook edition, and once in a while
re-based by an economic census (China revises the four years before a census year: 江苏统计年鉴 2020 revised
2014–2017 after the 2018 census). :func:`revision_errors` measures, in the real yearbook vintages under
``data/raw/yearbooks``, how far a value published *k* editions after its first publication still was from what
the latest edition says (``|published − latest| / latest``), and whether a census revision lay in between
(:func:`census_between`, by the census calendar of :data:`kpi.core.settings.CENSUSES`). :func:`revision_summary` pools them by stage *k* and by
census. The **usual revision** at a stage is the :data:`kpi.core.settings.REVISION_QUANTILE` quantile of that
distribution (9 of 10 revisions were smaller); an outcome **could flip** when a revision of the usual size for its
stage would carry its value across the line that decides it (the target, or for ≈ targets the 95 % threshold): its
distance from the line is smaller than the usual revision (for a missed outcome, no larger); it is **safe**
otherwise. The stage of a value of year *y* evaluated in year *E* (the edition of year *E*
carries year *E − 1*) is ``k = E − 1 − y``: in December 2026 a 2025 value is a first release (k = 0) and the 2028
economic census, which will revise 2024–2027, is still to come; a 2022 value has had three later editions and the
2023 census behind it. Growth-rate targets are compared with revisions of the yearly growth rate (percentage
points). An indicator without yearbook vintages of its own (the zone's series) is given the revisions of the
yearbook's value series pooled (GDP-like series: what a zone's statistics office revises alike); the row says so.

Examples
--------
>>> from kpi.inputs.raw import load_all_vintages
>>> s = revision_summary(revision_errors(load_all_vintages()))
>>> bool((s["n"] > 0).all()), sorted(set(s["measure"]))
(True, ['growth', 'level'])
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from kpi.core import settings
from kpi.core.labels import OUTCOME_VERDICTS, REVISION_RISKS, STATUSES

#: Columns of :func:`revision_errors`.
ERROR_COLUMNS = ["indicator", "region", "family", "unit", "year", "first_edition", "edition", "editions_later",
                 "latest_edition", "value", "latest_value", "revision_pct", "growth_pp", "census_between"]
#: Columns of :func:`revision_summary`.
SUMMARY_COLUMNS = ["measure", "indicator", "editions_later", "census", "n", "median", "usual", "max"]
#: Columns of :func:`final_evaluation` (the table ``data/processed/final_evaluation.csv``).
COLUMNS = ["id", "clause", "name_zh", "name_en", "indicator", "unit", "kind", "target_year", "target",
           "direction", "threshold", "value", "value_year", "measured_as", "reached", "margin", "margin_pct",
           "data_basis", "data_stage", "editions_later", "census_pending", "flip_distance", "flip_unit",
           "typical_revision", "usual_revision", "revision_basis", "revision_n", "revision_risk", "revision_risk_zh",
           "revision_risk_en", "note_zh", "note_en"]
#: The unit of the yearbook series pooled for an indicator without vintages of its own (GDP and value added).
POOLED_UNIT = "亿元"
#: Revision-risk codes and their words (:data:`kpi.core.labels.REVISION_RISKS`).
RISKS = REVISION_RISKS


def revision_errors(all_vintages: pd.DataFrame) -> pd.DataFrame:
    """How far each published value was from the latest edition's, by how many editions after its first release.

    Parameters
    ----------
    all_vintages : DataFrame
        History rows of every vintage (:func:`kpi.inputs.raw.load_all_vintages`); only yearbook rows (``data/raw/yearbooks``)
        with a vintage count, compared within a table family (:func:`kpi.inputs.history.family`); a year counts
        when its first release (the edition of the year after) is among the editions.

    Returns
    -------
    DataFrame
        :data:`ERROR_COLUMNS`, one row per indicator × region × year × edition older than the family's latest
        that publishes that year: ``editions_later`` is the edition minus the first edition publishing the year;
        ``revision_pct`` is ``100 × (value − latest_value) / latest_value`` (signed); ``growth_pp`` the same
        edition's yearly growth into that year minus the latest edition's, in percentage points (NaN without the
        year before); ``census_between`` whether a census (of those the registry lists for the indicator) revised
        this year in an edition after this one, up to the latest (:func:`census_between`).

    Examples
    --------
    >>> rows = pd.DataFrame({"indicator": "gdp", "region": "r", "year": [2017, 2017, 2018, 2017, 2018],
    ...                      "value": [100.0, 101.0, 110.0, 99.0, 112.0], "status": "official", "note": "",
    ...                      "vintage": ["2018", "2019", "2019", "2020", "2020"], "unit": "亿元",
    ...                      "source_file": "data/raw/yearbooks/t/t.xlsx"})
    >>> e = revision_errors(rows)
    >>> e[["year", "edition", "editions_later", "revision_pct", "census_between"]].round(2).values.tolist()
    [[2017, '2018', 0, 1.01, True], [2017, '2019', 1, 2.02, True], [2018, '2019', 0, -1.79, True]]
    """
    from kpi.inputs.history import family
    from kpi.inputs.registry import load_indicators

    sub = all_vintages[(all_vintages["vintage"].astype(str) != "")
                       & all_vintages["source_file"].astype(str).str.contains("yearbooks/", regex=False)]
    if sub.empty:
        return pd.DataFrame(columns=ERROR_COLUMNS)
    sub = sub.assign(family=sub["source_file"].map(family))
    info = load_indicators()
    rows = []
    for (ind, reg, fam), g in sub.groupby(["indicator", "region", "family"], sort=True):
        wide = g.pivot_table(index="year", columns="vintage", values="value", aggfunc="first")
        editions = sorted(wide.columns, key=int)
        if len(editions) < 2:
            continue
        latest = editions[-1]
        censuses = tuple(info.loc[ind, "censuses"]) if ind in info.index else ("economic",)
        unit = str(g["unit"].iloc[0]) if "unit" in g.columns else ""
        for year in wide.index:
            published = [e for e in editions if not math.isnan(wide.at[year, e])]
            lv = float(wide.at[year, latest])
            if not published or math.isnan(lv) or int(published[0]) != int(year) + 1:
                continue  # its first release (the edition of the year after) is not among the editions
            first = int(published[0])
            prev_latest = float(wide.at[year - 1, latest]) if (year - 1) in wide.index else math.nan
            for e in published[:-1] if published[-1] == latest else published:
                v = float(wide.at[year, e])
                prev = float(wide.at[year - 1, e]) if (year - 1) in wide.index else math.nan
                growth = 100 * (v / prev - lv / prev_latest) if prev > 0 and prev_latest > 0 else math.nan
                rows.append({"indicator": ind, "region": reg, "family": fam, "unit": unit, "year": int(year),
                             "first_edition": str(first), "edition": str(e), "editions_later": int(e) - first,
                             "latest_edition": str(latest), "value": v, "latest_value": lv,
                             "revision_pct": 100 * (v - lv) / lv if lv else math.nan, "growth_pp": growth,
                             "census_between": census_between(int(year), after=int(e), until=int(latest),
                                                              censuses=censuses)})
    return pd.DataFrame(rows, columns=ERROR_COLUMNS)


def revision_summary(errors: pd.DataFrame, *, quantile: float | None = None) -> pd.DataFrame:
    """The usual size of a revision by stage and census, for levels (% of the value) and growth rates (pp).

    Parameters
    ----------
    errors : DataFrame
        :func:`revision_errors`.
    quantile : float, optional
        The quantile of ``|revision|`` reported as ``usual`` (default :data:`kpi.core.settings.REVISION_QUANTILE`).

    Returns
    -------
    DataFrame
        :data:`SUMMARY_COLUMNS`: ``measure`` (``level``: ``|revision_pct|`` in %; ``growth``: ``|growth_pp|``
        in percentage points), ``indicator`` (``""`` pooled over every series in :data:`POOLED_UNIT`, GDP and value added; else that
        indicator's own),
        ``editions_later``, ``census`` (a census revision in between), ``n``, ``median``, ``usual`` (the
        quantile), ``max``.

    Raises
    ------
    ValueError
        If ``quantile`` is not between 0 and 1.
    """
    q = settings.REVISION_QUANTILE if quantile is None else float(quantile)
    if not 0 < q < 1:
        raise ValueError(f"quantile must be between 0 and 1 (exclusive), got {q!r}")
    rows = []
    for measure, col in (("level", "revision_pct"), ("growth", "growth_pp")):
        e = errors.assign(size=errors[col].abs()).dropna(subset=["size"])
        pooled = e[e["unit"].astype(str) == POOLED_UNIT]
        for indicator, part in [("", pooled), *e.groupby("indicator", sort=True)]:
            for (k, census), g in part.groupby(["editions_later", "census_between"], sort=True):
                x = g["size"].to_numpy(dtype=float)
                rows.append({"measure": measure, "indicator": indicator, "editions_later": int(k),
                             "census": bool(census), "n": int(len(x)), "median": float(np.median(x)),
                             "usual": float(np.quantile(x, q)), "max": float(x.max())})
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def census_between(year: int, *, after: int, until: int, censuses=("economic",)) -> bool:
    """Whether a census revised ``year`` in an edition later than ``after`` and no later than ``until``.

    A census of year *c* revises the four years before it and re-bases its own; its results first appear in the
    edition *c* + lag (:data:`kpi.core.settings.CENSUSES`: the 2018 economic census in the 2020 edition).

    >>> census_between(2017, after=2019, until=2023), census_between(2019, after=2019, until=2023)
    (True, False)
    """
    for name in censuses:
        spec = settings.CENSUSES.get(str(name))
        if not spec:
            continue
        for c in spec["years"]:
            if c - 4 <= int(year) <= c and int(after) < int(c) + int(spec["lag"]) <= int(until):
                return True
    return False


def census_pending(year: int, *, edition: int, censuses=("economic",)) -> bool:
    """Whether a census revision of ``year`` is still to come in the yearbook edition of year ``edition``.

    >>> census_pending(2025, edition=2026), census_pending(2022, edition=2026), census_pending(2022, edition=2024)
    (True, False, True)
    """
    return census_between(year, after=edition, until=10**6, censuses=censuses)


def usual_revision(summary: pd.DataFrame, *, indicator: str, measure: str, editions_later: int,
                   census: bool) -> tuple[float, float, int, str]:
    """The usual revision for a value at a stage: ``(median, usual, n, basis)``.

    The indicator's own revisions when the yearbooks publish it, else those of every yearbook series pooled; at
    the stage asked (the latest stage measured when later ones were never observed), with a census revision in
    between when one is pending (when none was observed at that stage: every census revision pooled). ``basis``
    says which. NaN and ``n = 0`` when nothing was measured.

    >>> s = pd.DataFrame({"measure": "level", "indicator": ["", "", "gdp"], "editions_later": [0, 1, 0],
    ...                   "census": [False, True, False], "n": [40, 5, 20], "median": [0.4, 2.0, 0.3],
    ...                   "usual": [1.2, 4.0, 0.9], "max": [2.0, 6.0, 1.5]})
    >>> usual_revision(s, indicator="gdp", measure="level", editions_later=0, census=False)[1:3]
    (0.9, 20)
    >>> usual_revision(s, indicator="fdi", measure="level", editions_later=0, census=True)[1:3]
    (4.0, 5)
    """
    s = summary[summary["measure"] == measure]
    own = s[s["indicator"] == indicator]
    pool, whose = (own, f"{indicator} (own yearbook vintages)") if len(own) else \
        (s[s["indicator"] == ""], "yearbook value series pooled (GDP-like; none of its own)")
    if pool.empty:
        return math.nan, math.nan, 0, "no yearbook vintages"
    c = pool[pool["census"] == bool(census)]
    if c.empty and census:
        c = pool[pool["census"]]
    if c.empty:
        return math.nan, math.nan, 0, whose
    at = c[c["editions_later"] == int(editions_later)]
    if at.empty:  # a later stage than any measured: the latest one measured
        at = c[c["editions_later"] == c["editions_later"].max()] if not census else c
    if census and at["n"].sum() < 3:
        at = c  # too few census revisions at this stage: every one
    if len(at) > 1:  # pooled over stages: weight by n, keep the largest usual revision (conservative)
        row = at.sort_values("usual").iloc[-1]
        return float(row["median"]), float(row["usual"]), int(at["n"].sum()), whose + ", stages pooled"
    row = at.iloc[0]
    stage = "first release" if int(editions_later) == 0 else f"{int(editions_later)} editions later"
    return float(row["median"]), float(row["usual"]), int(row["n"]), f"{whose}, {stage}" + \
        (", census revision in between" if census else "")


def _stage_zh(k: int) -> str:
    return "首次发布（初步数）" if k == 0 else f"首次发布后第{k}版"


def _stage_en(k: int) -> str:
    return "first release (preliminary)" if k == 0 else f"{k} editions after the first release"


def final_evaluation(card: pd.DataFrame | None = None, *, all_vintages: pd.DataFrame | None = None,
                     data_end: int | None = None,
                     edition: int | None = None, scenario: str = "baseline",
                     summary: pd.DataFrame | None = None) -> pd.DataFrame:
    """The outcome of every target whose year has data, with its data basis and revision risk.

    Parameters
    ----------
    card : DataFrame, optional
        A scorecard indexed by target id (:func:`kpi.model.assessment.assess`, or ``scorecard.csv``); its
        ``reached``/``missed`` rows carry the outcome (value, year, margin) of :func:`~kpi.model.assessment.outcome`.
        Default: :func:`~kpi.model.assessment.assess` of the shipped targets and data.
    all_vintages : DataFrame, optional
        History rows of every vintage: the yearbook editions the revisions are measured in (default
        :func:`kpi.inputs.raw.load_all_vintages`).
    data_end : int, optional
        The last year of the zone's data (default: the latest ``basis_year`` of the card's outcomes). Targets whose
        year is after it are still open and not evaluated here.
    edition : int, optional
        The yearbook edition current at the evaluation (it carries year ``edition − 1``; default ``data_end + 1``).
        Sets each value's stage and whether a census revision is still to come.
    scenario : str
        The scorecard rows to read (outcomes are the same in every scenario).
    summary : DataFrame, optional
        :func:`revision_summary` to use (default: measured from ``all_vintages``).

    Returns
    -------
    DataFrame
        :data:`COLUMNS`, one row per target in the card's order. ``margin``/``margin_pct`` are the card's
        (value − target, target − value for a ceiling; positive is better); ``flip_distance`` is how far the value
        is from the line that decides it — the target, for ≈ targets :func:`~kpi.model.assessment.reach_threshold`
        — in % of the value (in pp for growth rates, ``flip_unit``); ``usual_revision`` the usual revision for its
        stage (:func:`usual_revision`); ``revision_risk`` a code of :data:`RISKS`. ``attrs['open']`` maps the id
        of every target whose year is past but which has no outcome to its verdict (no data, qualitative, a
        relative target whose comparators have not published the year yet: lagging or holding so far).

    Raises
    ------
    ValueError
        If the card has no row for ``scenario``.
    """
    from kpi.inputs.registry import load_indicators

    if card is None:
        from kpi.model.assessment import assess

        card = assess(scenario=scenario)
    if all_vintages is None:
        from kpi.inputs.raw import load_all_vintages

        all_vintages = load_all_vintages()
    sub = card[card["scenario"] == scenario] if "scenario" in card.columns else card
    if sub.empty:
        raise ValueError(f"the scorecard has no row for scenario {scenario!r}")
    observed = sub[sub["verdict"].isin(OUTCOME_VERDICTS)]
    years = pd.to_numeric(observed["basis_year"], errors="coerce")
    end = int(data_end) if data_end is not None else int(years.max()) if years.notna().any() else 0
    ed = int(edition) if edition is not None else end + 1
    target_years = pd.to_numeric(sub["target_year"], errors="coerce")
    final = observed[pd.to_numeric(observed["target_year"], errors="coerce") <= end]
    summ = revision_summary(revision_errors(all_vintages)) if summary is None else summary
    info = load_indicators()
    rows = []
    for tid, r in final.iterrows():
        kind = str(r.get("kind"))
        growth = kind in ("growth", "relative")  # judged on growth rates: revisions in percentage points
        direction = str(r["direction"])
        target = float(r["target_value"]) if pd.notna(r.get("target_value")) else math.nan
        threshold = float(r["reach_threshold"]) if pd.notna(r.get("reach_threshold")) else target
        value, vyear = float(r["basis_value"]), int(r["basis_year"])
        k = max(0, ed - 1 - vyear)
        ind = str(r.get("indicator") or "")
        censuses = tuple(info.loc[ind, "censuses"]) if ind in info.index and "censuses" in info.columns else \
            ("economic",)
        pending = census_pending(vyear, edition=ed, censuses=censuses)
        median, usual, n, basis = usual_revision(summ, indicator=ind, measure="growth" if growth else "level",
                                                 editions_later=k, census=pending)
        if kind == "relative":  # the margin is the zone's average growth minus the comparator's
            distance, unit = abs(float(r["margin"])), "pp"
        elif growth:
            distance, unit = abs(value - threshold), "pp"
        else:
            distance, unit = (100 * abs(value - threshold) / abs(value) if value else math.inf), "%"
        reached = str(r["verdict"]) == "reached"
        # a revision of the usual size flips a reached outcome when it takes the value past the line (more than the
        # distance), a missed one when it takes it to the line (as much as the distance)
        flips = distance < usual or (not reached and distance == usual and usual > 0)
        risk = "unmeasured" if math.isnan(usual) or math.isnan(distance) else ("could_flip" if flips else "safe")
        status = str(r.get("basis_status") or r.get("data_basis") or "")
        rows.append({
            "id": tid, "clause": r.get("clause"), "name_zh": r.get("name_zh"), "name_en": r.get("name_en"),
            "indicator": ind, "unit": r.get("unit"), "kind": r.get("kind"), "target_year": int(r["target_year"]),
            "target": target, "direction": direction, "threshold": threshold, "value": value, "value_year": vyear,
            "measured_as": r.get("basis_measure"), "reached": reached, "margin": float(r["margin"]),
            "margin_pct": float(r["margin_pct"]) if pd.notna(r.get("margin_pct")) else math.nan,
            "data_basis": status, "data_stage": _stage_en(k), "editions_later": k, "census_pending": pending,
            "flip_distance": distance, "flip_unit": unit, "typical_revision": median, "usual_revision": usual,
            "revision_basis": basis, "revision_n": n, "revision_risk": risk,
            **_risk_text(risk, distance=distance, unit=unit, usual=usual, k=k, pending=pending, reached=reached),
            **_note(r, reached=reached, value=value, target=target, threshold=threshold, direction=direction,
                    status=status, k=k),
        })
    out = pd.DataFrame(rows, columns=COLUMNS)
    past = sub[(target_years <= end) & ~sub.index.isin(final.index)]
    out.attrs.update(data_end=end, edition=ed, open={str(k): str(v) for k, v in past["verdict"].items()},
                     scenario=scenario, quantile=settings.REVISION_QUANTILE)
    return out


def _risk_text(risk: str, *, distance: float, unit: str, usual: float, k: int, pending: bool,
               reached: bool) -> dict[str, str]:
    if risk == "unmeasured":
        return {"revision_risk_zh": RISKS[risk][0] + "（无年鉴版次可比）",
                "revision_risk_en": RISKS[risk][1] + " (no yearbook vintages to compare)"}
    census_zh = "，且尚待经济普查修订" if pending else ""
    census_en = ", with a census revision still to come" if pending else ""
    q = round(100 * settings.REVISION_QUANTILE)
    what_zh, what_en = ("达标", "reached") if reached else ("未达标", "missed")
    if risk == "could_flip":
        zh = (f"{RISKS[risk][0]}：距判定线 {distance:.2f}{unit}，不超过该阶段通常修订幅度 {usual:.2f}{unit}"
              f"（{_stage_zh(k)}，{q}%分位{census_zh}），修订后“{what_zh}”可能改变")
        en = (f"{RISKS[risk][1]}: {distance:.2f}{unit} from the line, within the usual revision at this stage "
              f"{usual:.2f}{unit} ({_stage_en(k)}, {q}th percentile{census_en}); '{what_en}' may change")
    else:
        zh = (f"{RISKS[risk][0]}：距判定线 {distance:.2f}{unit}，大于该阶段通常修订幅度 {usual:.2f}{unit}"
              f"（{_stage_zh(k)}，{q}%分位{census_zh}）")
        en = (f"{RISKS[risk][1]}: {distance:.2f}{unit} from the line, beyond the usual revision at this stage {usual:.2f}{unit} "
              f"({_stage_en(k)}, {q}th percentile{census_en})")
    return {"revision_risk_zh": zh, "revision_risk_en": en}


def _note(r: pd.Series, *, reached: bool, value: float, target: float, threshold: float, direction: str,
          status: str, k: int) -> dict[str, str]:
    """What "reached" means for this target, and what the data are."""
    from kpi.model.assessment import fmt

    zh, en = [], []
    if direction == "~":
        zh.append(f"“左右”目标：达到目标值的{100 * (1 - settings.ABOUT_TOLERANCE):.0f}%（{fmt(threshold)}）即视为实现")
        en.append(f"'about' target: reached from {100 * (1 - settings.ABOUT_TOLERANCE):.0f}% of it ({fmt(threshold)})")
    measured = str(r.get("basis_measure") or "")
    if measured.startswith("published bound"):
        zh.append("依据公开的界限值（不是数值本身）")
        en.append("rests on a published bound, not on the value itself")
    st_zh, st_en = STATUSES.get(status, (status, status))
    zh.append(f"数据：{st_zh}，{_stage_zh(k)}")
    en.append(f"data: {st_en}, {_stage_en(k)}")
    if status == "illustrative":
        zh.append("示例数据，不是统计数据")
        en.append("illustrative data, not statistics")
    return {"note_zh": "；".join(zh), "note_en": "; ".join(en)}
