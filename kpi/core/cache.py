"""The one cache: parsed inputs kept on disk, so that a second analysis does not parse the same workbooks again.

Why it exists (measured): parsing ``data/raw`` — openpyxl reading eight workbooks and every cell validated —
takes about 1.5 s on the development machine, against about 0.1 s to read the parsed frames back; every
notebook kernel and every ``kpi.assess()`` in a fresh process would pay the parse. It is used at one place
only, :func:`kpi.inputs.parsed.parse_raw`.

The store is :mod:`diskcache` (a maintained, process-safe key-value store on SQLite; importing it costs
about 30 ms, joblib's ``Memory`` about 180 ms) in ``.kpi-cache/``. One entry per name holds the value with
the **fingerprint** it was computed from: a SHA-256 of every byte of the inputs (a folder means every file in
it), of every module of :mod:`kpi` and of the Python and pandas versions. Any change to the data or to the
code gives a new fingerprint, so a stale entry is never read, only replaced. A cache that cannot be opened,
read or written is skipped — it only saves time. ``KPI_NO_CACHE=1`` switches it off.

Entries are pickles written by this project into its own folder; they are as trusted as the project's code.
Never copy a ``.kpi-cache`` from elsewhere (delete it at any time; it is rebuilt on demand).

Examples
--------
>>> import tempfile
>>> from kpi.core import paths
>>> calls = []
>>> def build():
...     calls.append(1)
...     return {"n": 1}
>>> folder = Path(tempfile.mkdtemp())
>>> cached("doctest", [paths.RAW / "indicators.yaml"], build, cache_dir=folder)
{'n': 1}
>>> cached("doctest", [paths.RAW / "indicators.yaml"], build, cache_dir=folder)
{'n': 1}
>>> len(calls)
1
"""

from __future__ import annotations

import hashlib
import os
import platform
from pathlib import Path
from typing import Callable, Sequence, TypeVar

from kpi.core import paths

__all__ = ["CACHE_DIR", "cached", "fingerprint"]

CACHE_DIR = paths.CACHE / "parsed"
PACKAGE_DIR = Path(__file__).resolve().parents[1]
T = TypeVar("T")


def _files(p: Path) -> list[Path]:
    if p.is_dir():
        return sorted(f for f in p.rglob("*") if f.is_file())
    return [p] if p.is_file() else []


def _code_digest() -> bytes:
    h = hashlib.sha256()
    for f in sorted(PACKAGE_DIR.rglob("*.py")):
        h.update(b"\0" + f.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0" + f.read_bytes())
    return h.digest()


#: kpi's code as this process imported it (read once, when this module is imported): a process that keeps running
#: while the files change on disk never stores its parse under the key of code it is not running.
CODE_DIGEST = _code_digest()


def fingerprint(inputs: Sequence[Path]) -> str:
    """SHA-256 over the inputs' paths and bytes, the code this process runs and the Python and pandas versions."""
    import pandas as pd

    h = hashlib.sha256(f"{platform.python_version()} pandas {pd.__version__}".encode())
    for p in inputs:
        p = Path(p)
        h.update(b"input\0" + str(p.resolve()).encode())
        for f in _files(p):
            h.update(b"\0" + str(f.relative_to(p) if p.is_dir() else f.name).encode() + b"\0" + f.read_bytes())
    h.update(b"\0code\0" + CODE_DIGEST)
    return h.hexdigest()


def cached(name: str, inputs: Sequence[Path], build: Callable[[], T], *, cache_dir: Path | None = None,
           keep: Callable[[T], bool] | None = None) -> T:
    """``build()``, or its result from an earlier call with byte-identical ``inputs`` and kpi code.

    ``keep(value)`` false leaves a fresh value out of the cache (e.g. a parse whose report has errors).
    """
    if os.environ.get("KPI_NO_CACHE"):
        return build()
    try:
        key = fingerprint(inputs)
        import diskcache

        store = diskcache.Cache(str(cache_dir or CACHE_DIR))
    except Exception:  # noqa: BLE001 - an unusable cache only costs time
        return build()
    with store:
        try:
            hit = store.get(name)
        except Exception:  # noqa: BLE001 - unreadable entry (other Python, damaged file): rebuild it
            hit = None
        if isinstance(hit, tuple) and len(hit) == 2 and hit[0] == key:
            return hit[1]
        value = build()
        if keep is None or keep(value):
            try:
                store.set(name, (key, value))
            except Exception:  # noqa: BLE001
                pass
        return value
