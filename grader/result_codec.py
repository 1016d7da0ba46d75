"""Results as plain JSON-able data and back, faithfully (never pickle).

The answers half of grading runs in a forked child (`grader.answers_child`); its
`ProblemResult` values cross the pipe as JSON.  `to_plain` turns any value built from the
result dataclasses of `grader.models` into lists, dicts, strings and numbers; `from_plain`
rebuilds it, so that ``from_plain(to_plain(result)) == result``.

What plain JSON would lose is tagged: a dataclass is ``{"__dataclass__": name, "fields": {...}}``,
a tuple ``{"__tuple__": [...]}``, a mapping whose keys are not plain strings
``{"__mapping__": [[key, value], ...]}``, a complex number ``{"__complex__": [re, im]}``.
A value of any other type (a parameter a problem put into a `Message`) is sent as its text.
"""

from __future__ import annotations

import dataclasses
import json
import math
from typing import Any

from . import models

#: The dataclasses a result may hold, by name (only these are rebuilt).
_CLASSES: dict[str, type] = {
    cls.__name__: cls
    for cls in vars(models).values()
    if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == models.__name__
}
_TAGS = ("__dataclass__", "__tuple__", "__mapping__", "__complex__")


def to_plain(value: Any) -> Any:
    """`value` as JSON-able data (see the module's docstring for the tags)."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type) and type(value).__name__ in _CLASSES:
        return {
            "__dataclass__": type(value).__name__,
            "fields": {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)},
        }
    if isinstance(value, tuple):
        return {"__tuple__": [to_plain(v) for v in value]}
    if isinstance(value, list):
        return [to_plain(v) for v in value]
    if isinstance(value, complex):
        return {"__complex__": [value.real, value.imag]}
    if hasattr(value, "items"):
        items = list(value.items())
        if all(isinstance(k, str) and k not in _TAGS for k, _ in items):
            return {k: to_plain(v) for k, v in items}
        return {"__mapping__": [[to_plain(k), to_plain(v)] for k, v in items]}
    number = _number(value)
    if number is not None:
        return number
    return str(value)


def from_plain(data: Any) -> Any:
    """The value `to_plain` made `data` from."""
    if isinstance(data, list):
        return [from_plain(v) for v in data]
    if not isinstance(data, dict):
        return data
    if "__dataclass__" in data:
        cls = _CLASSES[data["__dataclass__"]]
        return cls(**{name: from_plain(v) for name, v in data["fields"].items()})
    if "__tuple__" in data:
        return tuple(from_plain(v) for v in data["__tuple__"])
    if "__mapping__" in data:
        return {_hashable(from_plain(k)): from_plain(v) for k, v in data["__mapping__"]}
    if "__complex__" in data:
        real, imag = data["__complex__"]
        return complex(real, imag)
    return {k: from_plain(v) for k, v in data.items()}


def dumps(value: Any) -> str:
    """`value` as one line of JSON (NaN and infinities as JSON's extension tokens, which `loads` reads)."""
    return json.dumps(to_plain(value), ensure_ascii=True, separators=(",", ":"), allow_nan=True)


def loads(text: str | bytes) -> Any:
    return from_plain(json.loads(text))


def _number(value: Any) -> int | float | dict | None:
    """A NumPy scalar (or any object with a numeric `item`) as a Python number."""
    item = getattr(value, "item", None)
    if item is None or getattr(value, "shape", None) != ():
        return None
    try:
        plain = item()
    except Exception:
        return None
    if isinstance(plain, bool):
        return plain
    if isinstance(plain, int):
        return plain
    if isinstance(plain, float):
        return plain if not math.isnan(plain) else float("nan")
    if isinstance(plain, complex):
        return {"__complex__": [plain.real, plain.imag]}
    return None


def _hashable(key: Any) -> Any:
    return tuple(_hashable(k) for k in key) if isinstance(key, list) else key
