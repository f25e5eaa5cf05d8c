"""An on-disk cache of parsed inputs, so that a second analysis does not parse the same workbooks again.

Parsing ``data/raw`` (openpyxl reading eight workbooks, validating every cell) takes over a second; the
parsed frames are kept in ``.kpi-cache/`` under a key that hashes **every byte** of the inputs (a folder means
every file in it), of every module of :mod:`kpi` and the Python and pandas versions. Any change to the data or
to a loader therefore gives a new key: a stale entry can never be read, only ignored. Entries are written
atomically (temporary file, then rename) and older entries of the same name are removed; a cache that cannot
be written or read is skipped silently — it only saves time. ``KPI_NO_CACHE=1`` switches it off.

The entries are pickles written by this project into its own folder; they are as trusted as the project's
code. Never copy a ``.kpi-cache`` from elsewhere (delete the folder at any time; it is rebuilt on demand).

Examples
--------
>>> from kpi.core import paths
>>> calls = []
>>> def build():
...     calls.append(1)
...     return {"n": 1}
>>> cached("doctest", [paths.RAW / "indicators.yaml"], build, cache_dir=paths.ROOT / ".kpi-cache" / "doctest")
{'n': 1}
>>> cached("doctest", [paths.RAW / "indicators.yaml"], build, cache_dir=paths.ROOT / ".kpi-cache" / "doctest")
{'n': 1}
>>> len(calls)
1
"""

from __future__ import annotations

import hashlib
import os
import pickle
import platform
import tempfile
from pathlib import Path
from typing import Callable, Sequence, TypeVar

from kpi.core import paths

__all__ = ["CACHE_DIR", "cached", "fingerprint"]

CACHE_DIR = paths.ROOT / ".kpi-cache"
T = TypeVar("T")


def _files(p: Path) -> list[Path]:
    if p.is_dir():
        return sorted(f for f in p.rglob("*") if f.is_file())
    return [p] if p.is_file() else []


def fingerprint(inputs: Sequence[Path]) -> str:
    """SHA-256 over the inputs' paths and bytes, kpi's modules and the Python and pandas versions."""
    import pandas as pd

    h = hashlib.sha256(f"{platform.python_version()} pandas {pd.__version__}".encode())
    for p in inputs:
        p = Path(p)
        h.update(b"input\0" + str(p.resolve()).encode())
        for f in _files(p):
            h.update(b"\0" + str(f.relative_to(p) if p.is_dir() else f.name).encode() + b"\0" + f.read_bytes())
    package = Path(__file__).resolve().parents[1]
    for f in sorted(package.rglob("*.py")):
        h.update(b"\0" + f.relative_to(package).as_posix().encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


def cached(name: str, inputs: Sequence[Path], build: Callable[[], T], *, cache_dir: Path | None = None,
           keep: Callable[[T], bool] | None = None) -> T:
    """``build()``, or its result from an earlier call with byte-identical ``inputs`` and kpi code.

    ``keep(value)`` false leaves a fresh value out of the cache (e.g. a parse whose report has errors).
    """
    if os.environ.get("KPI_NO_CACHE"):
        return build()
    folder = Path(cache_dir or CACHE_DIR)
    try:
        entry = folder / f"{name}-{fingerprint(inputs)[:32]}.pkl"
    except OSError:
        return build()
    try:
        with open(entry, "rb") as fh:
            return pickle.load(fh)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError, TypeError):
        pass
    value = build()
    if keep is not None and not keep(value):
        return value
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=5)
            os.replace(tmp, entry)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        for old in folder.glob(f"{name}-*.pkl"):
            if old != entry:
                old.unlink(missing_ok=True)
    except OSError:
        pass
    return value
