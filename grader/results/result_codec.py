"""Results as plain JSON-able data and back, faithfully (never pickle).

The answers half of grading runs in a forked child (`grader.grading.answers_child`); its
`ProblemResult` values cross the pipe as JSON.  `to_plain` turns any value built from the
result dataclasses of `grader.results.models` into lists, dicts, strings and numbers; `from_plain`
rebuilds it, so that ``from_plain(to_plain(result)) == result``.

What plain JSON would lose is tagged: a dataclass is ``{"__dataclass__": name, "fields": {...}}``,
a tuple ``{"__tuple__": [...]}``, a mapping whose keys are not plain strings
``{"__mapping__": [[key, value], ...]}``, a complex number ``{"__complex__": [re, im]}``.
A value of any other type (a parameter a problem put into a `Message`) is sent as its text.

`dumps` and `loads` (what the pipe carries) hold the same values and are faster on large
results: a tuple-typed field of a dataclass goes out as a list and its declared type makes it a
tuple again, so that JSON's own encoder walks most of the tree.
"""

from __future__ import annotations

import dataclasses
import json
import math
from typing import Any

from grader.results import models

#: The dataclasses a result may hold, by name (only these are rebuilt).
_CLASSES: dict[str, type] = {
    cls.__name__: cls
    for cls in vars(models).values()
    if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == models.__name__
}
_FIELDS: dict[type, tuple[str, ...]] = {cls: tuple(f.name for f in dataclasses.fields(cls)) for cls in _CLASSES.values()}
#: Fields typed as mappings (their values may be anything: encoded with every tag).
_MAPPING_FIELDS: dict[type, frozenset[str]] = {
    cls: frozenset(f.name for f in dataclasses.fields(cls) if str(f.type).startswith("Mapping")) for cls in _CLASSES.values()
}
#: Fields typed as tuples, with how deeply tuples nest in them (``tuple[tuple[float, ...], ...]``: 2).
_TUPLE_FIELDS: dict[type, dict[str, int]] = {
    cls: {f.name: str(f.type).count("tuple[") for f in dataclasses.fields(cls) if str(f.type).startswith("tuple[")}
    for cls in _CLASSES.values()
}
_TAGS = ("__dataclass__", "__tuple__", "__mapping__", "__complex__")


def to_plain(value: Any) -> Any:
    """`value` as JSON-able data (see the module's docstring for the tags)."""
    kind = type(value)
    # the exact types first: a result is made of these, and `isinstance` on each would cost more
    if kind is str or kind is bool or kind is float or kind is int or value is None:
        return value
    fields = _FIELDS.get(kind)
    if fields is not None:
        return {"__dataclass__": kind.__name__, "fields": {name: to_plain(getattr(value, name)) for name in fields}}
    if kind is tuple:
        return {"__tuple__": [to_plain(v) for v in value]}
    if kind is list:
        return [to_plain(v) for v in value]
    if kind is dict or hasattr(value, "items"):
        return _plain_mapping(value)
    return _plain_other(value)


def _plain_mapping(value: Any) -> dict[str, Any]:
    """A mapping as a JSON object when every key is a plain string that is no tag; else tagged."""
    items = list(value.items())
    if all(type(k) is str and k not in _TAGS for k, _ in items):
        return {k: to_plain(v) for k, v in items}
    return {"__mapping__": [[to_plain(k), to_plain(v)] for k, v in items]}


def _plain_other(value: Any) -> Any:
    """A value of a subclass of a plain type (an IntEnum, a named tuple), a complex number, a
    NumPy scalar, or anything else (as its text)."""
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, complex):
        return {"__complex__": [value.real, value.imag]}
    if isinstance(value, tuple):
        return {"__tuple__": [to_plain(v) for v in value]}
    if isinstance(value, list):
        return [to_plain(v) for v in value]
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
    return _rebuilt({k: from_plain(v) for k, v in data.items()})


def dumps(value: Any) -> str:
    """`value` as one line of JSON (NaN and infinities as JSON's extension tokens, which `loads` reads).

    The same data as `to_plain`, made faster for results of 20 000 derivation lines: JSON's own
    encoder walks the tree and asks `_encoded` for each dataclass, whose tuple-typed fields go
    out as lists (their type says to make them tuples again) and whose mapping-typed fields
    (anything may be in them) are tagged whole by `to_plain`.
    """
    return json.dumps(value, default=_encoded, ensure_ascii=True, separators=(",", ":"), allow_nan=True, check_circular=False)


def loads(text: str | bytes) -> Any:
    """The value `dumps` wrote: rebuilt while parsing (each JSON object once, innermost first)."""
    return json.loads(text, object_hook=_rebuilt)


def _encoded(value: Any) -> Any:
    kind = type(value)
    fields = _FIELDS.get(kind)
    if fields is not None:
        mappings = _MAPPING_FIELDS[kind]
        return {
            "__dataclass__": kind.__name__,
            "fields": {name: to_plain(getattr(value, name)) if name in mappings else getattr(value, name) for name in fields},
        }
    return to_plain(value)  # a NumPy scalar, a complex number, an object of another type: see `to_plain`


def _rebuilt(data: dict) -> Any:
    """One JSON object whose members are already rebuilt: a tagged value, or a plain mapping."""
    if "__dataclass__" in data:
        cls = _CLASSES[data["__dataclass__"]]
        fields = data["fields"]
        for name, depth in _TUPLE_FIELDS[cls].items():
            if type(fields.get(name)) is list:
                fields[name] = _tupled(fields[name], depth)
        return cls(**fields)
    if "__tuple__" in data:
        return tuple(data["__tuple__"])
    if "__mapping__" in data:
        return {_hashable(k): v for k, v in data["__mapping__"]}
    if "__complex__" in data:
        real, imag = data["__complex__"]
        return complex(real, imag)
    return data


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


def _tupled(items: list, depth: int) -> tuple:
    if depth <= 1:
        return tuple(items)
    return tuple(_tupled(item, depth - 1) if type(item) is list else item for item in items)


def _hashable(key: Any) -> Any:
    return tuple(_hashable(k) for k in key) if isinstance(key, list) else key
