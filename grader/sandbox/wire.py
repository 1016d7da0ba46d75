"""The data that crosses between the grader and the child, both ways.

To the child: a JSON plan whose arrays point into one raw blob of input
bytes (our own trusted values).  From the child: records on a pipe, one
JSON line each, optionally followed by raw array bytes.  Everything that
comes back is hostile until checked here: sizes are capped, every node of
a value tree must be one of a few tagged shapes, arrays are rebuilt with
``np.frombuffer`` from an allow-list of plain dtypes (there is no pickle
anywhere on this path) and copied into float64 (or bool) arrays.
"""

from __future__ import annotations

import json
import math
from collections import abc
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from .call import Ref
from .outcome import MISSING, Opaque

#: dtypes an input array may have (what the course's functions take).
INPUT_KINDS = "biuf"
#: dtypes a child may send, all little-endian; converted to float64, bool stays bool.
RESULT_DTYPES = {"<f8": np.dtype("<f8"), "<i8": np.dtype("<i8"), "|b1": np.dtype("|b1")}
_ALIGN = 64


class ProtocolError(Exception):
    """The child sent something that is not a well-formed record: it cannot be trusted any further."""


# ---------------------------------------------------------------- to the child


class InputBlob:
    """Our own argument values, as JSON nodes plus one blob of array bytes."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.size = 0

    def encode(self, value: Any, depth: int = 0) -> Any:
        if depth > 32:
            raise ValueError("sandbox arguments are nested too deeply")
        if value is None or isinstance(value, (bool, str)):
            return value
        if isinstance(value, Ref):
            return {"r": [value.call_id, value.index]}
        if isinstance(value, np.ndarray):
            return self._array(value)
        if isinstance(value, np.generic):
            node = self._array(np.asarray(value))
            node["scalar"] = True
            return node
        if isinstance(value, int):
            return int(value)
        if isinstance(value, float):
            return float(value)
        if isinstance(value, list):
            return {"l": [self.encode(x, depth + 1) for x in value]}
        if isinstance(value, tuple):
            return {"t": [self.encode(x, depth + 1) for x in value]}
        if isinstance(value, Mapping):
            if not all(isinstance(k, str) for k in value):
                raise TypeError("sandbox arguments: dict keys must be str")
            return {"d": [[k, self.encode(v, depth + 1)] for k, v in value.items()]}
        raise TypeError(f"sandbox arguments cannot hold a {type(value).__name__}")

    def _array(self, array: np.ndarray) -> dict:
        if array.dtype.kind not in INPUT_KINDS:
            raise TypeError(f"sandbox arguments: arrays of dtype {array.dtype} are not supported")
        data = np.ascontiguousarray(array).tobytes()
        offset = -(-self.size // _ALIGN) * _ALIGN
        if offset > self.size:
            self.parts.append(bytes(offset - self.size))
        self.parts.append(data)
        self.size = offset + len(data)
        return {"a": [array.dtype.str, list(array.shape), offset, len(data)]}

    def bytes(self) -> bytes:
        return b"".join(self.parts)


def refs_in(value: Any) -> list[Ref]:
    """Every Ref in an argument tree."""
    found: list[Ref] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, Ref):
            found.append(item)
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
        elif isinstance(item, abc.Mapping):  # not typing's alias: its isinstance is several times slower
            stack.extend(item.values())
    return found


# ---------------------------------------------------------------- from the child


class RecordReader:
    """Cuts the child's byte stream into (record, payload) pairs, checking every size and the token."""

    KINDS = frozenset({"ready", "import", "start", "done", "bye"})

    def __init__(self, token: str, *, max_header: int, max_payload: int, max_total: int):
        self.token = token
        self.max_header = max_header
        self.max_payload = max_payload
        self.budget = max_total
        self.buffer = bytearray()
        self.pending: dict | None = None  # a record waiting for its payload

    def feed(self, data: bytes) -> Iterator[tuple[dict, bytes]]:
        """The complete records in what has arrived, one at a time: a bad one raises only when reached,
        so that the good records before it (in the same read) are handled first."""
        self.budget -= len(data)
        if self.budget < 0:
            raise ProtocolError("the child sent more data than a run may send")
        self.buffer += data
        while True:
            if self.pending is not None:
                need = self.pending["n"]
                if len(self.buffer) < need:
                    return
                payload = bytes(self.buffer[:need])
                del self.buffer[:need]
                record, self.pending = self.pending, None
                yield record, payload
                continue
            end = self.buffer.find(b"\n")
            if end < 0:
                if len(self.buffer) > self.max_header:
                    raise ProtocolError("a record header is too long")
                return
            if end > self.max_header:
                raise ProtocolError("a record header is too long")
            header = bytes(self.buffer[:end])
            del self.buffer[: end + 1]
            record = self._header(header)
            if record.get("n"):
                self.pending = record
            else:
                yield record, b""

    def _header(self, header: bytes) -> dict:
        try:
            record = json.loads(header)
        except (ValueError, RecursionError) as exc:
            raise ProtocolError(f"a record is not JSON ({type(exc).__name__})") from None
        if not isinstance(record, dict) or record.get("tok") != self.token:
            raise ProtocolError("a record without the run's token")
        if record.get("k") not in self.KINDS:
            raise ProtocolError("a record of unknown kind")
        size = record.get("n", 0)
        if type(size) is not int or not 0 <= size <= self.max_payload:
            raise ProtocolError("a record announces a bad payload size")
        return record


class ValueDecoder:
    """A value tree of a done record, rebuilt from its JSON nodes and the record's payload."""

    MAX_DEPTH = 40
    MAX_NODES = 200_000
    MAX_STR = 100_000
    MAX_NDIM = 32

    def __init__(self, payload: bytes):
        self.payload = payload
        self.nodes = 0

    def decode(self, node: Any) -> tuple[Any, dict[tuple, str]]:
        types: dict[tuple, str] = {}
        value = self._node(node, (), types)
        return value, types

    def _node(self, node: Any, path: tuple, types: dict[tuple, str]) -> Any:
        self.nodes += 1
        if self.nodes > self.MAX_NODES or len(path) > self.MAX_DEPTH:
            raise ProtocolError("a value tree is too large")
        if node is None or type(node) in (bool, int, float, str):
            return self._plain(node, path, types)
        if type(node) is not dict:
            raise ProtocolError("a value node of unknown shape")
        return self._tagged(node, path, types)

    def _plain(self, node: Any, path: tuple, types: dict[tuple, str]) -> Any:
        """A JSON scalar stands for itself (None, bool, int, float, str)."""
        if type(node) is str and len(node) > self.MAX_STR:
            raise ProtocolError("a string is too long")
        types[path] = type(node).__name__
        return node

    def _tagged(self, node: dict, path: tuple, types: dict[tuple, str]) -> Any:
        """A dict node: exactly one tag says what it holds; "y" (optional) is the student's type."""
        given = node.get("y")
        if given is not None and not _is_name(given):
            raise ProtocolError("a bad type name")
        tags = set(node) - {"y"}
        value: Any
        if tags in ({"o"}, {"o", "why"}):
            value = self._opaque(node["o"], node.get("why", ""))
            if value is MISSING:
                return MISSING  # a path that did not resolve has no type of its own
            default = value.type_name
        elif tags == {"a"}:
            value, default = self._array(node["a"]), "numpy.ndarray"
        elif tags == {"v"}:
            value = self._scalar(node["v"])
            default = type(value).__name__
        elif tags in ({"l"}, {"t"}):
            tag = tags.pop()
            value = self._sequence(node[tag], path, types)
            value, default = (value, "list") if tag == "l" else (tuple(value), "tuple")
        elif tags == {"d"}:
            value, default = self._dict(node["d"], path, types), "dict"
        else:
            raise ProtocolError("a value node of unknown shape")
        types[path] = given or default
        return value

    def _scalar(self, value: Any) -> Any:
        """A number or string the child tagged with its own type (a NumPy scalar, a subclass of float)."""
        if type(value) not in (bool, int, float, str) or (type(value) is str and len(value) > self.MAX_STR):
            raise ProtocolError("a bad scalar")
        return value

    def _opaque(self, name: Any, why: Any) -> Opaque:
        if not _is_name(name) or not isinstance(why, str) or len(why) > 300:
            raise ProtocolError("a bad opaque value")
        if name == MISSING.type_name and not why:
            return MISSING
        return Opaque(name, why)

    def _sequence(self, items: Any, path: tuple, types: dict[tuple, str]) -> list:
        if type(items) is not list:
            raise ProtocolError("a bad sequence")
        return [self._node(x, path + (i,), types) for i, x in enumerate(items)]

    def _dict(self, pairs: Any, path: tuple, types: dict[tuple, str]) -> dict[str, Any]:
        if type(pairs) is not list:
            raise ProtocolError("a bad dict")
        value = {}
        for pair in pairs:
            if type(pair) is not list or len(pair) != 2 or type(pair[0]) is not str or len(pair[0]) > 1000:
                raise ProtocolError("a bad dict entry")
            value[pair[0]] = self._node(pair[1], path + (pair[0],), types)
        return value

    def _array(self, spec: Any) -> np.ndarray:
        if type(spec) is not list or len(spec) != 4:
            raise ProtocolError("a bad array")
        dtype_name, shape, offset, nbytes = spec
        dtype = RESULT_DTYPES.get(dtype_name) if type(dtype_name) is str else None
        if dtype is None:
            raise ProtocolError("an array of a dtype that is not allowed")
        if (
            type(shape) is not list
            or len(shape) > self.MAX_NDIM
            or not all(type(n) is int and n >= 0 for n in shape)
            or type(offset) is not int
            or type(nbytes) is not int
        ):
            raise ProtocolError("a bad array shape")
        count = math.prod(shape)
        if count * dtype.itemsize != nbytes or offset < 0 or offset + nbytes > len(self.payload):
            raise ProtocolError("an array whose size does not match its shape")
        target = np.bool_ if dtype.kind == "b" else np.float64
        try:
            if count == 0:
                return np.zeros(shape, dtype=target)
            flat = np.frombuffer(self.payload, dtype=dtype, count=count, offset=offset)
            return np.array(flat, dtype=target).reshape(shape)
        except (ValueError, OverflowError, MemoryError):
            raise ProtocolError("an array that cannot be rebuilt") from None


def _is_name(value: Any) -> bool:
    return type(value) is str and 0 < len(value) <= 200 and value.isprintable()
