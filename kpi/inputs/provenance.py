"""Provenance sidecars: every raw file says where it came from, and is checked.

Each file under ``data/raw`` has a sidecar ``<file>.provenance.yaml`` with at
least ``title``, ``producer``, ``obtained_from``, ``obtained_on``, ``sha256``
and ``notes``. Loaders call :func:`verify` before reading a file, so a file that
was changed after its provenance was written is refused instead of read.

Examples
--------
>>> from kpi.core import paths
>>> meta = read_sidecar(paths.TARGETS_XLSX)
>>> sorted(REQUIRED_FIELDS) == sorted(k for k in REQUIRED_FIELDS if k in meta)
True
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import yaml

from kpi.core import yamlsafe
from kpi.core.errors import DataValidationError, Report

SUFFIX = ".provenance.yaml"
REQUIRED_FIELDS = ("title", "producer", "obtained_from", "obtained_on", "sha256", "notes")


def sidecar_path(path: Path) -> Path:
    """The sidecar path for ``path``."""
    return path.with_name(path.name + SUFFIX)


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_sidecar(path: Path) -> dict[str, Any]:
    """Read the sidecar of ``path`` (no checks)."""
    side = sidecar_path(Path(path))
    with open(side, encoding="utf-8") as fh:
        meta = yamlsafe.load(fh)
    if not isinstance(meta, dict):
        raise DataValidationError(_one(side, "provenance sidecar is not a YAML mapping", value=type(meta).__name__,
                                       expected="title, producer, obtained_from, obtained_on, sha256, notes"))
    return meta


def check(path: Path, report: Report) -> dict[str, Any] | None:
    """Check the sidecar of ``path`` into ``report``; return its metadata or None."""
    path = Path(path)
    side = sidecar_path(path)
    if not side.exists():
        report.add(path, "no provenance sidecar", expected=f"a file {side.name} saying where the data came from")
        return None
    try:
        meta = read_sidecar(path)
    except (yaml.YAMLError, DataValidationError) as exc:
        report.add(side, f"unreadable provenance sidecar ({exc.__class__.__name__})",
                   expected="a YAML mapping")
        return None
    missing = [f for f in REQUIRED_FIELDS if not meta.get(f)]
    if missing:
        report.add(side, "provenance sidecar lacks fields", value=", ".join(missing),
                   expected="all of " + ", ".join(REQUIRED_FIELDS))
    if meta.get("sha256") and path.exists():
        actual = sha256(path)
        if actual != str(meta["sha256"]).lower():
            report.add(path, "file does not match the checksum in its provenance sidecar "
                       "(changed after its provenance was recorded: update the sidecar deliberately)",
                       value=actual[:12] + "…", expected=str(meta["sha256"])[:12] + "…")
    return meta


def verify(path: Path) -> dict[str, Any]:
    """Check the sidecar of ``path`` and return its metadata; raise on any problem.

    Raises
    ------
    DataValidationError
        If the sidecar is missing, incomplete, or its checksum differs.
    """
    report = Report()
    meta = check(path, report)
    report.raise_if_errors(f"provenance of {Path(path).name}")
    assert meta is not None
    return meta


def write_sidecar(path: Path, **fields: Any) -> Path:
    """Write (or overwrite) the sidecar of ``path`` with its current checksum.

    Used by the authoring scripts under ``scripts/``; loaders never call it.
    """
    path = Path(path)
    meta = {k: fields.get(k, "") for k in REQUIRED_FIELDS if k != "sha256"}
    meta.update({k: v for k, v in fields.items() if k not in meta})
    meta["sha256"] = sha256(path)
    side = sidecar_path(path)
    side.write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")
    return side


def _one(file: Path, message: str, **where: Any) -> Report:
    r = Report()
    r.add(file, message, **where)
    return r
