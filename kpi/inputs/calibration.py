"""The stored calibration of the projection engine: empirical forecast errors per reference panel.

``kpi/inputs/calibration.json`` is written by ``scripts/calibrate.py`` (deterministic) from real yearly series
and read by :mod:`kpi.model.projection`. It is an input like the registries: a table the model reads, so the
registry can check the panel an indicator names without importing the engine.

Panels: ``all`` (M1 + M3 + Tourism yearly series, the default), ``no_M1``, ``no_M3``, ``no_Tourism`` (each
without one competition, for cross-fitted benchmarks), ``cn_regional`` (Chinese regional levels, from the
江苏统计年鉴 table 2-12 vintages: point rule, error widths and the revision errors of preliminary values and
censuses), ``cn_regional_asof_<edition>`` (the same procedure using only what was published up to that edition:
the out-of-time benchmark) and ``cn_regional_no_sunan``, ``cn_regional_no_suzhong``, ``cn_regional_no_subei``
(each without one area). :func:`calibration_panels` lists what the file holds.

The file is parsed once per version: the parse is kept in memory under the file's path, size and modification
time, so an edited file is seen at the next call (``project`` is called thousands of times in a benchmark; parsing
80 KiB of JSON each time cost 5 ms a call).

Examples
--------
>>> {"all", "cn_regional"} <= set(calibration_panels())
True
>>> sorted(load_calibration()["buckets"])
['3-5', '6-8', '9+']
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

CALIBRATION_FILE = Path(__file__).with_name("calibration.json")


_PARSED: dict[tuple, dict[str, Any]] = {}  # one entry: (path, size, mtime_ns, inode) → parsed file


def file_version(path: str | Path | None = None) -> tuple:
    """``(path, size, mtime_ns, inode)`` of the calibration file: changes whenever the file does."""
    p = Path(path or CALIBRATION_FILE)
    st = p.stat()
    return (str(p), st.st_size, st.st_mtime_ns, st.st_ino)


def _read(path: str | Path | None) -> dict[str, Any]:
    key = file_version(path)
    if key not in _PARSED:
        with open(key[0], encoding="utf-8") as fh:
            data = json.load(fh)
        _PARSED.clear()
        _PARSED[key] = data
    return _PARSED[key]


def calibration_panels(*, path: str | Path | None = None) -> list[str]:
    """Names of the stored reference panels (``["all"]`` when there is no calibration file)."""
    try:
        return sorted(_read(path)["panels"])
    except FileNotFoundError:  # the engine then uses its uncalibrated fallback for 'all'
        return ["all"]


def load_calibration(panel: str = "all", *, path: str | Path | None = None) -> dict[str, Any]:
    """The stored calibration of one reference panel (see the module docstring for the panels).

    Raises
    ------
    ValueError
        If the file has no such panel (the message lists the panels it has).
    FileNotFoundError
        If there is no calibration file.
    """
    data = _read(path)
    if panel not in data["panels"]:
        raise ValueError(f"unknown calibration panel {panel!r}: expected one of {', '.join(data['panels'])}")
    out = copy.deepcopy(data["panels"][panel])  # the parse kept in memory is never handed out to be edited
    out["probs"] = data["probs"]
    return out
