"""The tidy history schema shared by every loader.

One row per observation::

    indicator  registry id (indicators.yaml)          e.g. 'gdp'
    region     registry id (regions.yaml)             e.g. 'yancheng'
    year       data year (int)                        e.g. 2021
    value      number in ``unit``                     e.g. 6617.73
    unit       the indicator's canonical unit         e.g. '亿元'
    status     official > preliminary > estimate > illustrative
    source     short human citation                   e.g. '江苏统计年鉴2023 表2-12'
    vintage    edition / publication it comes from    e.g. '2023' (sortable text; later is newer)
    note       repairs, conversions, caveats
    qualifier  '' exact, '>=' lower bound, '<=' upper bound, '~' approximate
    source_file  path of the raw file, relative to the project root
    location   sheet and cell or row inside that file
    wording    '' the figure is worded like the indicator; 'loose: <name>' a vaguer wording, 'broader: <name>' a
               figure that contains the indicator (read as an upper bound) — see ``loose_aliases`` and
               ``broader_aliases`` in ``data/raw/indicators.yaml``

Examples
--------
>>> empty_history().columns.tolist()[:5]
['indicator', 'region', 'year', 'value', 'unit']
>>> STATUS_RANK['official'] > STATUS_RANK['illustrative']
True
"""

from __future__ import annotations

import pandas as pd

HISTORY_COLUMNS = ["indicator", "region", "year", "value", "unit", "status", "source", "vintage", "note",
                   "qualifier", "source_file", "location", "wording"]
STATUSES = ("official", "preliminary", "estimate", "illustrative")
STATUS_RANK = {s: len(STATUSES) - i for i, s in enumerate(STATUSES)}  # official=4 … illustrative=1
QUALIFIERS = ("", ">=", "<=", "~")
#: Qualifiers of a bound: such a row constrains the value of its year, it is never a point of a series.
BOUNDS = (">=", "<=")


def weakest_status(statuses) -> str | None:
    """The least reliable status among ``statuses`` (None if there is none); unknown statuses rank lowest.

    >>> weakest_status(["official", "illustrative", "estimate"])
    'illustrative'
    """
    st = [s for s in statuses if isinstance(s, str) and s]
    return min(st, key=lambda s: STATUS_RANK.get(s, 0)) if st else None

_DTYPES = {"indicator": "str", "region": "str", "year": "int64", "value": "float64", "unit": "str",
           "status": "str", "source": "str", "vintage": "str", "note": "str", "qualifier": "str",
           "source_file": "str", "location": "str", "wording": "str"}


def empty_history() -> pd.DataFrame:
    """An empty history frame with the right columns and dtypes."""
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in _DTYPES.items()})


def as_history(rows: list[dict] | pd.DataFrame) -> pd.DataFrame:
    """Coerce rows to the history schema (missing text columns become '')."""
    frame = pd.DataFrame(rows) if not isinstance(rows, pd.DataFrame) else rows.copy()
    if frame.empty:
        return empty_history()
    for col in HISTORY_COLUMNS:
        if col not in frame:
            frame[col] = ""
    frame = frame[HISTORY_COLUMNS]
    for col, dtype in _DTYPES.items():
        if dtype == "str":
            frame[col] = frame[col].fillna("").astype(str)
    frame["year"] = frame["year"].astype("int64")
    frame["value"] = frame["value"].astype("float64")
    return frame.reset_index(drop=True)
