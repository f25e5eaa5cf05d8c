"""Configuration files (YAML) checked against a declared schema, every problem located by key path and line.

The schema of a file is a `pydantic <https://docs.pydantic.dev>`_ model (strict: no silent coercion of ``"5"``
to 5, no unknown keys). This module turns pydantic's findings into the project's
:class:`~kpi.core.errors.Problem` records — file, line, key path (``indicators[0].unit``), the value found and
what was expected — and adds what a person needs on top:

* an unknown key is an error with a suggestion: ``unknown key 'requried' (did you mean 'required'?)``;
* a value outside the allowed ones suggests the closest;
* ``expected`` is the field's ``description``, so a message says what the key means, not a Python type name.

Used for the yearbook table specs (:mod:`kpi.inputs.yearbook`) and the scenario files
(:mod:`kpi.model.scenarios`).

Examples
--------
>>> from pydantic import Field
>>> class Item(Strict):
...     id: str = Field(description="an indicator id")
...     required: bool = Field(True, description="true or false")
>>> r = Report()
>>> check({"id": "gdp", "requried": False}, Item, file="spec.yaml", report=r) is None
True
>>> print(r.problems[0])
spec.yaml, key 'requried': unknown key 'requried' (did you mean 'required'?) (expected one of id, required)
"""

from __future__ import annotations

import difflib
import types
import typing
from pathlib import Path
from typing import Any, Iterable, Mapping, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from kpi.core import yamlsafe
from kpi.core.errors import Report

Lines = Mapping[tuple, int]
M = TypeVar("M", bound=BaseModel)


class Strict(BaseModel):
    """Base of every file schema: unknown keys are errors, values are not coerced, the model is read-only."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def suggest(word: object, allowed: Iterable[object]) -> str:
    """`` (did you mean 'x'?)`` for the closest of ``allowed`` to ``word``, or ``''``.

    >>> suggest("requried", ["required", "header"])
    " (did you mean 'required'?)"
    """
    close = difflib.get_close_matches(str(word), [str(a) for a in allowed], n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def key_path(parts: Iterable[Any]) -> str:
    """``('indicators', 0, 'unit')`` → ``'indicators[0].unit'``.

    >>> key_path(["indicators", 0, "unit"]), key_path([])
    ('indicators[0].unit', '')
    """
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def load(path: str | Path, report: Report, *, what: str) -> tuple[Any, dict[tuple, int]] | None:
    """Read a YAML file: ``(data, lines)`` with the line of every key path, or None (problem reported).

    ``lines`` maps a key path tuple (``('indicators', 0, 'unit')``) to its 1-based line in the file.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        report.add(path, f"{what} not found", expected=f"a {what} file")
        return None
    except UnicodeDecodeError as exc:
        report.add(path, f"{what} is not UTF-8 text ({exc.reason} at byte {exc.start})",
                   expected="a YAML file saved as UTF-8")
        return None
    try:
        data = yamlsafe.load(text)
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        report.add(path, f"not valid YAML ({getattr(exc, 'problem', None) or exc})",
                   row=(mark.line + 1) if mark else None)
        return None
    lines: dict[tuple, int] = {}
    if node is not None:
        _walk(node, (), lines)
    return data, lines


def _walk(node: yaml.Node, path: tuple, lines: dict[tuple, int]) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            lines[path + (k.value,)] = k.start_mark.line + 1
            _walk(v, path + (k.value,), lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            _walk(v, path + (i,), lines)


def line_of(lines: Lines | None, path: tuple) -> int | None:
    """The line of ``path`` (or of its nearest parent) in the file."""
    if not lines:
        return None
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return lines.get(())


def check(data: Any, model: type[M], *, file: str | Path, report: Report, lines: Lines | None = None,
          prefix: tuple = ()) -> M | None:
    """Validate ``data`` against ``model``; return the model, or None with every finding in ``report``.

    Parameters
    ----------
    data : object
        The parsed YAML.
    model : type
        A :class:`Strict` model; a field's ``description`` is the "expected" text of its problems.
    file : str or Path
        The file the data came from (for messages).
    report : Report
        Receives one located error per finding.
    lines : mapping, optional
        Key path → line (from :func:`load`), so each problem names its line.
    prefix : tuple
        Key path of ``data`` inside the file (when a part of a file is checked).
    """
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        seen: set[tuple] = set()
        for err in exc.errors(include_url=False):
            path, message, value, expected = _translate(model, err)
            full = prefix + tuple(path)
            if (full, message) in seen:
                continue
            seen.add((full, message))
            report.add(file, message, key=key_path(full) or None, value=value, expected=expected,
                       row=line_of(lines, full))
        return None


def _translate(model: type[BaseModel], err: Mapping[str, Any]) -> tuple[list, str, Any, str | None]:
    loc = [p for p in err["loc"] if not (isinstance(p, str) and p.startswith(("function-", "union[")))]
    kind, value = err["type"], err.get("input")
    if kind == "extra_forbidden":
        parent = _model_at(model, loc[:-1])
        allowed = list(parent.model_fields) if parent else []
        return loc, f"unknown key {loc[-1]!r}{suggest(loc[-1], allowed)}", None, "one of " + ", ".join(allowed)
    expected = _description(model, loc)
    if kind == "missing":
        return loc, f"missing key {loc[-1]!r}", None, expected
    if kind in ("literal_error", "enum"):
        allowed = [a.strip().strip("'") for a in str((err.get("ctx") or {}).get("expected", "")).replace(" or ", ",")
                   .split(",") if a.strip()]
        return loc, f"unknown value{suggest(value, allowed)}", value, expected or " | ".join(allowed)
    if kind in ("too_short", "string_too_short"):
        return loc, "empty value", value, expected
    if kind.startswith(("greater_than", "less_than")):
        return loc, "value out of range", value, expected or err["msg"]
    if kind == "value_error":
        return loc, str((err.get("ctx") or {}).get("error", err["msg"])), value, expected
    return loc, "malformed value", value, expected or err["msg"]


def _inner(annotation: Any) -> list[Any]:
    """The types an annotation may hold (unwrapping Optional, unions, lists and dict values)."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return [t for a in typing.get_args(annotation) for t in _inner(a)]
    if origin in (list, tuple, set, frozenset, dict):
        args = typing.get_args(annotation)
        return _inner(args[-1]) if args else []
    if origin is typing.Annotated:
        return _inner(typing.get_args(annotation)[0])
    return [annotation]


def _model_at(model: type[BaseModel], loc: list) -> type[BaseModel] | None:
    current: type[BaseModel] | None = model
    pending: list[Any] = []
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        field = current.model_fields.get(part)
        if field is None:
            if pending:  # a dict key (e.g. an edition under 'editions'): stay on the value type
                continue
            return None
        models = [t for t in _inner(field.annotation) if isinstance(t, type) and issubclass(t, BaseModel)]
        pending = [field.annotation] if typing.get_origin(field.annotation) is dict else []
        current = models[0] if models else None
    return current


def _description(model: type[BaseModel], loc: list) -> str | None:
    parent = _model_at(model, [p for p in loc[:-1]]) if loc else None
    name = next((p for p in reversed(loc) if isinstance(p, str) and parent and p in parent.model_fields), None)
    if parent is None or name is None:
        return None
    return parent.model_fields[name].description
