"""Write outputs so that a failed run never loses the last good ones.

A run writes every output into a staging folder; only when the whole run has
succeeded does :meth:`Staging.commit` move each file into place with
``os.replace`` (atomic on one file system). A run that fails halfway leaves the
previous outputs untouched. Writers also fix metadata (timestamps, hash salts)
so the same inputs give the same bytes.

Examples
--------
>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> with Staging(root) as st:
...     _ = st.path("data/processed/x.csv").write_text("a,b\\n1,2\\n")
>>> (root / "data/processed/x.csv").read_text()
'a,b\\n1,2\\n'
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd


def atomic_write_bytes(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder and ``os.replace``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; outputs are ordinary readable files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_csv(frame: pd.DataFrame, path: Path, *, index: bool = False) -> Path:
    """Deterministic CSV: UTF-8 with BOM (Excel opens 中文 correctly), LF line ends, repr-stable floats."""
    text = frame.to_csv(index=index, lineterminator="\n", float_format=None)
    return atomic_write_bytes(path, ("\ufeff" + text).encode("utf-8"))


class Staging:
    """A staging area mirroring the project tree; ``commit`` moves its files into place.

    Use as a context manager: on an exception nothing is moved and the staging folder is removed. Scratch
    folders (:meth:`scratch`) live in the staging area too and are never moved into place.
    """

    SCRATCH = "_scratch"

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.dir = Path(tempfile.mkdtemp(prefix=".kpi-staging-", dir=self.root))
        self.committed: list[Path] = []

    def path(self, relative: str | Path) -> Path:
        """A path inside the staging area for the output that will land at ``root / relative``."""
        rel = Path(relative)
        if rel.is_absolute() or ".." in rel.parts:
            raise ValueError(f"output path {relative!r} must be relative to the project and stay inside it")
        p = self.dir / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        return p

    def scratch(self, relative: str | Path) -> Path:
        """A working folder inside the staging area whose files are never moved into place."""
        p = self.dir / self.SCRATCH / Path(relative)
        p.mkdir(parents=True, exist_ok=True)
        return p

    def staged(self) -> list[str]:
        """The outputs staged so far, as paths relative to the project (scratch folders left out)."""
        return sorted(p.relative_to(self.dir).as_posix() for p in self.dir.rglob("*")
                      if p.is_file() and p.relative_to(self.dir).parts[0] != self.SCRATCH)

    def commit(self) -> list[Path]:
        """Move every staged file into place (each move atomic); return the final paths."""
        for rel in self.staged():
            src = self.dir / rel
            dest = self.root / src.relative_to(self.dir)
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.replace(src, dest)
            self.committed.append(dest)
        return self.committed

    def discard(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> "Staging":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                self.commit()
        finally:
            self.discard()
