"""A returned object turned into plain data: a JSON tree plus the raw bytes of its arrays."""


class Encoder:
    """Turns a returned object into plain data: a JSON tree plus raw array bytes.

    Only exact built-in and NumPy types are looked into, through the base
    classes' own methods, so that no method of a student's object runs.
    """

    def __init__(self, np, caps):
        self.np = np
        self.caps = caps
        self.sent = 0  # bytes of arrays sent over the whole run
        self.scalars = {t for t in np.sctypeDict.values() if isinstance(t, type)}

    def encode(self, obj):
        self.nodes = 0
        self.payload = []
        self.offset = 0
        node = self._node(obj, 0)
        return node, self.payload, self.offset

    def _node(self, obj, depth):
        np = self.np
        self.nodes += 1
        t = type(obj)
        if obj is None or t is bool or t is float:
            return obj
        if t is int or t is str:
            return self._exact_scalar(obj, t)
        if self.nodes > self.caps["nodes"] or depth > self.caps["depth"]:
            return self._opaque(t, "too large or too deeply nested")
        if issubclass(t, np.ndarray):
            return self._array(np.ndarray.view(obj, np.ndarray), t)
        if t in self.scalars:
            return self._numpy_scalar(obj, t)
        if issubclass(t, (float, int, str)):
            return self._scalar_subclass(obj, t)
        if issubclass(t, (list, tuple, dict)):
            return self._container(obj, t, depth)
        return self._opaque(t, "")

    def _exact_scalar(self, obj, t):
        """An int or a str as it is, unless too large to be plain data."""
        if t is int:
            return obj if obj.bit_length() < 64 else self._opaque(t, "integer too large")
        return obj if len(obj) <= self.caps["str"] else self._opaque(t, "string too long")

    def _scalar_subclass(self, obj, t):
        """A subclass of float, int or str: its value read through the base class, its type named."""
        if issubclass(t, float):
            return {"v": float.__float__(obj), "y": type_name(t)}
        if issubclass(t, int):
            value = int.__int__(obj)
            return {"v": value, "y": type_name(t)} if value.bit_length() < 64 else self._opaque(t, "integer too large")
        return {"v": str.__str__(obj)[: self.caps["str"]], "y": type_name(t)}

    def _container(self, obj, t, depth):
        """A list (one array when it holds plain numbers only), tuple or dict, or a subclass of one:
        its items read through the base class's own methods."""
        if issubclass(t, list):
            items = list.__getitem__(obj, slice(None))
            converted = self._numeric_list(items, t)
            if converted is not None:
                return converted
            return self._tagged("l", [self._node(x, depth + 1) for x in items], t, list)
        if issubclass(t, tuple):
            items = tuple.__getitem__(obj, slice(None))
            return self._tagged("t", [self._node(x, depth + 1) for x in items], t, tuple)
        pairs = list(dict.items(obj))
        if not all(type(k) is str and len(k) <= 200 for k, _ in pairs):
            return self._opaque(t, "keys that are not short strings")
        return self._tagged("d", [[k, self._node(v, depth + 1)] for k, v in pairs], t, dict)

    def _tagged(self, tag, items, t, base):
        node = {tag: items}
        if t is not base:
            node["y"] = type_name(t)
        return node

    def _opaque(self, t, why):
        node = {"o": type_name(t)}
        if why:
            node["why"] = printable(why)[:200]
        return node

    def _numpy_scalar(self, obj, t):
        kind = self.np.dtype(t).kind
        if kind == "b":
            return {"v": bool(obj), "y": type_name(t)}
        if kind in "iu":
            value = int(obj)
            return {"v": value, "y": type_name(t)} if value.bit_length() < 64 else {"v": float(value), "y": type_name(t)}
        if kind == "f":
            return {"v": float(obj), "y": type_name(t)}
        return self._opaque(t, "not a real number")

    def _numeric_list(self, items, t):
        """A (nested) list of plain numbers, as one array; None if it is anything else."""
        np = self.np
        if not items:
            return None  # an empty list stays a list: it holds no numbers to speak of
        stack = [items]
        count = 0
        while stack:
            for x in stack.pop():
                tx = type(x)
                count += 1
                if count > self.caps["list_items"]:
                    return None
                if tx is list:
                    stack.append(x)
                elif not (tx is float or tx is int or tx is bool or tx in self.scalars):
                    return None
        try:
            array = np.array(items)
        except (ValueError, TypeError, OverflowError):
            return None
        if array.dtype.kind not in "biuf":
            return None
        return self._array(array, t)

    def _array(self, array, t):
        np = self.np
        kind = array.dtype.kind
        if kind == "b":
            dtype = "|b1"
        elif kind == "i" or (kind == "u" and array.dtype.itemsize < 8):
            dtype = "<i8"
        elif kind in "uf":
            dtype = "<f8"
        else:
            return self._opaque(t, "an array of dtype %s" % array.dtype)
        nbytes = array.size * (1 if dtype == "|b1" else 8)
        if nbytes > self.caps["array_bytes"] or self.sent + nbytes > self.caps["result_bytes"]:
            return self._opaque(t, "an array too large to send (%d bytes)" % nbytes)
        data = np.ascontiguousarray(array, dtype=dtype)
        node = {"a": [dtype, list(array.shape), self.offset, nbytes]}
        if t is not np.ndarray:
            node["y"] = type_name(t)
        if nbytes:
            self.payload.append(data)
        self.offset += nbytes
        self.sent += nbytes
        return node


def type_name(t):
    try:
        module = t.__module__
        name = t.__qualname__
        if type(module) is not str or type(name) is not str:
            return "?"
        full = name if module == "builtins" else module + "." + name
        return printable(full)[:200] or "?"
    except Exception:
        return "?"


def printable(text):
    return "".join(c if c.isprintable() else "?" for c in text[:400])

