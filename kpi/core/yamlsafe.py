"""Safe YAML loading with libyaml's C parser when present (about ten times faster than the pure-Python one).

Both loaders build only plain Python objects (no tags that run code) and raise ``yaml.YAMLError`` with the
line of the problem, so callers report errors the same way.

>>> load("a: 1\\nb: [x, y]")
{'a': 1, 'b': ['x', 'y']}
"""

from __future__ import annotations

from typing import IO, Any

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(stream: str | bytes | IO[str] | IO[bytes]) -> Any:
    """``yaml.safe_load`` with the C loader when libyaml is available."""
    return yaml.load(stream, Loader=_Loader)  # noqa: S506 - a *safe* loader class
