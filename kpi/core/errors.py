"""Problems found in input data, collected into one report a person can act on.

Every loader appends :class:`Problem` objects to a :class:`Report` instead of
stopping at the first one, so ``kpi validate`` can list every problem at once.
Each problem names the file, sheet, cell or row, column, the bad value and what
was expected.

Severities
----------
``error``
    The data cannot be used as it is; loading fails.
``repair``
    The intent was unambiguous (a stray space in a number, 全角 digits, a year
    stored as ``2017.00``) and the value was repaired. Reported, never silent.
``warning``
    Worth a look, does not stop the load.

Examples
--------
>>> r = Report()
>>> _ = r.add("bad.xlsx", "text in a number column", sheet="data", cell="C4",
...           value="约500", expected="a number")
>>> print(r.problems[0])
bad.xlsx, sheet 'data', cell C4: text in a number column: got '约500', expected a number
>>> r.ok
False
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Literal

from kpi.core import paths

if TYPE_CHECKING:
    import pandas as pd


Severity = Literal["error", "repair", "warning"]
_SEVERITIES = ("error", "repair", "warning")


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Problem:
    """One problem in one place of one input file."""

    file: str
    message: str
    severity: Severity = "error"
    sheet: str | None = None
    cell: str | None = None
    row: int | None = None
    column: str | None = None
    key: str | None = None  # a key in a YAML/config file, e.g. 'shocks[1].year'
    value: Any = None
    expected: str | None = None
    category: str | None = None  # what kind of problem, for summaries ('spaces in names'); default: the message

    @property
    def topic(self) -> str:
        """The problem's category, or its message up to the first colon or parenthesis when it has none."""
        if self.category:
            return self.category
        text = self.message.split(":")[0]
        return text.split(" (")[0].strip()

    def location(self) -> str:
        parts = [self.file]
        if self.sheet is not None:
            parts.append(f"sheet {self.sheet!r}")
        if self.cell is not None:
            parts.append(f"cell {self.cell}")
        elif self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None and self.cell is None:
            parts.append(f"column {self.column!r}")
        if self.key is not None:
            parts.append(f"key {self.key!r}")
        return ", ".join(parts)

    def __str__(self) -> str:
        text = f"{self.location()}: {self.message}"
        if self.value is not None:
            text += f": got {_short(self.value)}"
        if self.expected:
            text += f", expected {self.expected}" if self.value is not None else f" (expected {self.expected})"
        return text


@dataclass
class Report:
    """An ordered collection of problems from one or more inputs."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, file: str | Path, message: str, *, severity: Severity = "error", **where: Any) -> Problem:
        """Record a problem and return it."""
        if severity not in _SEVERITIES:
            raise ValueError(f"severity must be one of {_SEVERITIES}, got {severity!r}")
        p = Problem(file=paths.shown(file), message=message, severity=severity, **where)
        self.problems.append(p)
        return p

    def extend(self, other: "Report | Iterable[Problem]") -> None:
        self.problems.extend(other.problems if isinstance(other, Report) else other)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def repairs(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "repair"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        """True when there is no error (repairs and warnings allowed)."""
        return not self.errors

    def raise_if_errors(self, what: str = "input data") -> None:
        """Raise :class:`DataValidationError` if any error was recorded."""
        if self.errors:
            raise DataValidationError(self, what=what)

    def to_frame(self) -> pd.DataFrame:
        cols = ["severity", "file", "sheet", "cell", "row", "column", "key", "value", "expected", "message", "category"]
        import pandas as pd  # here, not at import: the command line and notebook workers start without pandas

        return pd.DataFrame([{c: getattr(p, c) for c in cols} for p in self.problems], columns=cols)

    def format(self, *, include: Iterable[Severity] = _SEVERITIES) -> str:
        keep = set(include)
        lines = []
        for sev in _SEVERITIES:
            items = [p for p in self.problems if p.severity == sev and sev in keep]
            if items:
                lines.append(f"{len(items)} {sev}{'s' if len(items) != 1 else ''}:")
                lines.extend(f"  - {p}" for p in items)
        return "\n".join(lines)

    def __len__(self) -> int:
        return len(self.problems)


class KpiInputError(Exception):
    """Base class for input problems that the command line reports without a traceback."""

    exit_code = 1


class DataValidationError(KpiInputError, ValueError):
    """The input was readable but its content is invalid (``kpi validate`` exits 1)."""

    exit_code = 1

    def __init__(self, report: Report, *, what: str = "input data") -> None:
        self.report = report
        n = len(report.errors)
        super().__init__(f"{what}: {n} error{'s' if n != 1 else ''}\n" + report.format())


class UnusableInputError(KpiInputError, ValueError):
    """The input cannot be read at all: not a workbook, truncated, encrypted, too large (exit 2)."""

    exit_code = 2

    def __init__(self, file: str | Path, reason: str, *, expected: str | None = None) -> None:
        self.file = paths.shown(file)
        self.reason = reason
        text = f"{self.file}: {reason}"
        if expected:
            text += f" (expected {expected})"
        super().__init__(text)
