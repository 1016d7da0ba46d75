"""The planned calls, one after the other: arguments rebuilt, the student's module imported on first
use, the function called, and its result (or why there is none) sent to the parent."""

import importlib
import os
import sys
import time

from .encoder import Encoder, type_name
from .messages import Messages
from .numpy1_names import NUMPY1_USED
from .unavailable import IMPORTING


class Skip(Exception):
    """A call cannot be made because an object it needs is not there."""


class Harness:
    def __init__(self, plan, channel, blob, np, box):
        self.plan = plan
        self.channel = channel
        self.blob = blob
        self.np = np
        self.box = box
        self.messages = Messages(box)
        self.encoder = Encoder(np, plan["caps"])
        self.modules = {}  # name -> ("ok", module) | ("error", message)
        self.kept = {}  # call id -> returned object, for later Refs
        self.status = {}  # call id -> status
        self.pid = os.getpid()

    # arguments: trees of tagged nodes, arrays are views into the input blob
    def decode(self, node):
        if type(node) is not dict:
            return node
        if "a" in node:
            dtype, shape, offset, nbytes = node["a"]
            np = self.np
            count = nbytes // np.dtype(dtype).itemsize
            # a copy of its own for each argument: it owns its data, as if the grader had passed it directly
            array = np.frombuffer(self.blob, dtype=dtype, count=count, offset=offset).reshape(shape).copy()
            return array[()] if node.get("scalar") else array
        if "l" in node:
            return [self.decode(x) for x in node["l"]]
        if "t" in node:
            return tuple(self.decode(x) for x in node["t"])
        if "d" in node:
            return {k: self.decode(v) for k, v in node["d"]}
        if "r" in node:
            call_id, index = node["r"]
            return self.resolve(call_id, index)
        raise ValueError("bad argument node")

    def resolve(self, call_id, index):
        if call_id not in self.kept:
            raise Skip("needs the result of call %s, which did not succeed (%s)" % (call_id, self.status.get(call_id, "not run")))
        value = self.kept[call_id]
        if index is None:
            return value
        t = type(value)
        if issubclass(t, (tuple, list)):
            items = tuple.__getitem__(value, slice(None)) if issubclass(t, tuple) else list.__getitem__(value, slice(None))
            if -len(items) <= index < len(items):
                return items[index]
        raise Skip("needs element %d of what call %s returned, which has no such element" % (index, call_id))

    def load(self, name):
        if name in self.modules:
            return self.modules[name]
        self.channel.send({"k": "import", "m": name})
        try:
            IMPORTING.active = True
            try:
                module = importlib.import_module(name)
            finally:
                IMPORTING.active = False
            where = getattr(module, "__file__", None)
            if type(where) is not str or not where.startswith(self.messages.prefix):
                raise ImportError("%s.py is not a file of the submission" % name)
            state = ("ok", module)
        except SystemExit as exc:
            sys.modules.pop(name, None)
            state = ("error", "importing %s.py called sys.exit(%s)" % (name, _exit_code(exc)))
        except BaseException as exc:  # a student's import may raise anything
            sys.modules.pop(name, None)
            state = ("error", self.messages.exception(exc))
        self.modules[name] = state
        return state

    def run(self):
        for call in self.plan["calls"]:
            self.one(call)
        self.channel.send({"k": "bye"})

    def one(self, call):
        seq, call_id = call["s"], call["id"]
        state, module = self.load(call["m"])
        if state != "ok":
            return self.done(seq, call_id, "import_error", module)
        try:
            args = [self.decode(a) for a in call["a"]]
            kwargs = {k: self.decode(v) for k, v in call["k"]}
        except Skip as why:
            return self.done(seq, call_id, "skipped", str(why))
        self.channel.send({"k": "start", "s": seq})
        function, refusal = self.function(module, call)
        if refusal is not None:
            return self.done(seq, call_id, *refusal)
        status, message, value, seconds = self.invoke(function, call["f"], args, kwargs)
        if status == "ok" and call.get("keep"):
            self.kept[call_id] = value
        self.status[call_id] = status
        captured = [self.capture(args, kwargs, path) for path in call["c"]]
        sent = _only_element(call.get("only"), value) if status == "ok" else None
        self.done(seq, call_id, status, message, sent, captured, seconds)

    def function(self, module, call):
        """The function a call names: (function, None), or (None, (status, message)) when there is none."""
        try:
            function = getattr(module, call["f"])
        except BaseException:  # a module __getattr__ may raise anything
            return None, ("missing_function", "%s.py defines no function %s" % (call["m"], call["f"]))
        if not callable(function):
            return None, ("not_callable", "%s in %s.py is a %s, not a function" % (call["f"], call["m"], type_name(type(function))))
        return function, None

    def invoke(self, function, name, args, kwargs):
        """Call the student's function: (status, message, value, seconds).  Whatever it raises or
        how it exits is its result; only a fork of ours that returns from it never gets back here."""
        status, message, value = "ok", "", None
        began = time.perf_counter()
        try:
            value = function(*args, **kwargs)
        except SystemExit as exc:
            status, message = "crashed", "%s called sys.exit(%s)" % (name, _exit_code(exc))
        except MemoryError:
            status, message = "crashed", "%s ran out of memory (MemoryError)" % name
        except BaseException as exc:  # anything the student raises is a result
            status, message = "error", self.messages.exception(exc)
        seconds = time.perf_counter() - began
        if os.getpid() != self.pid:  # a fork of ours returned from the student's function
            os._exit(0)
        return status, message, value, seconds

    def capture(self, args, kwargs, path):
        try:
            node = args[path[0]] if type(path[0]) is int else kwargs[path[0]]
            for key in path[1:]:
                t = type(node)
                if issubclass(t, dict):
                    node = dict.__getitem__(node, key)
                elif issubclass(t, (list, tuple)) and type(key) is int:
                    node = (list.__getitem__ if issubclass(t, list) else tuple.__getitem__)(node, key)
                else:
                    raise KeyError(key)
            return node
        except (KeyError, IndexError, TypeError):
            return _MISSING

    def done(self, seq, call_id, status, message, value=None, captured=(), seconds=0.0):
        self.status.setdefault(call_id, status)
        record = {"k": "done", "s": seq, "st": status, "msg": self.messages.clean(message)[:4000], "sec": seconds}
        if NUMPY1_USED:
            record["np1"] = sorted(NUMPY1_USED)
            NUMPY1_USED.clear()
        payload = []
        offset = 0
        try:
            if status == "ok":
                record["v"], parts, size = self.encoder.encode(value)
                payload += parts
                offset += size
                record["y"] = type_name(type(value))
            trees = []
            for item in captured:
                if item is _MISSING:
                    trees.append({"o": "<missing>"})
                    continue
                tree, parts, size = self.encoder.encode(item)
                trees.append(_shift(tree, offset))
                payload += parts
                offset += size
            record["c"] = trees
        except Exception as exc:  # a conversion that fails is the value's problem, not the run's
            record = {"k": "done", "s": seq, "st": "error", "sec": seconds,
                      "msg": "the returned value could not be read: " + type_name(type(exc))}
            record["c"] = [{"o": "<missing>"} for _ in captured]
            payload, offset = [], 0
        record["n"] = offset
        self.channel.send(record, payload)
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass


_MISSING = object()


class Omitted:
    """What stands for an element of a returned tuple the grader did not ask for (`Call.send_only`)."""

    # the type name the parent receives for it, as when the harness was one script run as __main__
    __module__ = "__main__"


_OMITTED = Omitted()


def _only_element(only, value):
    """A returned tuple or list with only the element the grader reads (`Call.send_only`); the
    others are placeholders, so that the count stays."""
    t = type(value)
    if type(only) is int and (t is tuple or t is list) and 0 <= only < len(value):
        return t(item if position == only else _OMITTED for position, item in enumerate(value))
    return value


def _shift(tree, offset):
    """Array offsets of a captured tree, moved past what precedes it in the payload."""
    if not offset or type(tree) is not dict:
        return tree
    if "a" in tree:
        tree["a"][2] += offset
        return tree
    for tag in ("l", "t"):
        if tag in tree:
            tree[tag] = [_shift(x, offset) for x in tree[tag]]
    if "d" in tree:
        tree["d"] = [[k, _shift(v, offset)] for k, v in tree["d"]]
    return tree


def _exit_code(exc):
    code = exc.code
    if code is None or type(code) in (int, bool):
        return repr(code) if code is not None else ""
    return repr(type_name(type(code)))

