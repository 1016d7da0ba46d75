"""What the sandbox brings back: plain, validated data and nothing else."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .protections import IsolationReport

#: The statuses of a `CallOutcome`.
OK = "ok"
ERROR = "error"
TIMEOUT = "timeout"
CRASHED = "crashed"
SKIPPED = "skipped"
IMPORT_ERROR = "import_error"
MISSING_FUNCTION = "missing_function"
NOT_CALLABLE = "not_callable"
STATUSES = (OK, ERROR, TIMEOUT, CRASHED, SKIPPED, IMPORT_ERROR, MISSING_FUNCTION, NOT_CALLABLE)


@dataclass(frozen=True)
class Opaque:
    """A value that stayed in the child: only its type is known (a student's cache object, an object array)."""

    type_name: str
    """The type as the student made it, e.g. ``"backprop.Cache"`` or ``"numpy.ndarray"``."""

    reason: str = ""
    """Why it was not sent when it looks sendable: ``"an array of dtype object"``, too large, ..."""


#: A captured path that did not exist after the call (``bn_param`` lost its ``"running_mean"``).
MISSING = Opaque("<missing>")


@dataclass(frozen=True)
class CallOutcome:
    """The result of one `Call`."""

    call_id: str
    status: str
    """One of `STATUSES`: "ok", "error" (an exception), "timeout", "crashed" (sys.exit, os._exit,
    a signal, memory), "skipped", "import_error", "missing_function", "not_callable"."""

    message: str = ""
    """For a student: the exception and the last lines of their traceback (paths relative to the
    submission), or why the call timed out, crashed or was skipped."""

    value: Any = None
    """The returned value as a tree of np.ndarray (float64, or bool), float, int, bool, str, None,
    list, tuple, dict[str, ...] and `Opaque`.  A list of numbers arrives as an array; `types`
    says it was a list."""

    captured: tuple = ()
    """One value tree per `Call.capture` path (`MISSING` where the path did not resolve); empty when the
    function was never called (import error, missing function, skipped, timeout, crash of the child)."""

    type_name: str = ""
    """The type of the returned value as the student made it: "tuple", "numpy.ndarray", "list"..."""

    seconds: float = 0.0
    """Wall time of the call as the parent saw it."""

    types: Mapping[tuple, str] = field(default_factory=dict)
    """The type as the student made it of every node of `value`, by path: ``types[()]`` is the
    whole value's, ``types[(1,)]`` the second element's, ``types[(1, "W1")]`` ``value[1]["W1"]``'s."""

    numpy1: tuple[str, ...] = ()
    """Names NumPy 2 removed that the call (or the import before it) used, served with their
    NumPy 1 meaning; the child's own accounting (`grader.sandbox.numpy1`)."""

    @property
    def ok(self) -> bool:
        return self.status == OK

    def type_at(self, *path: Any) -> str:
        """The student's type of the node at `path` ("list" where an array arrived, "numpy.matrix", ...)."""
        if path in self.types:
            return self.types[path]
        if not path and self.type_name:
            return self.type_name
        node = self.value
        try:
            for key in path:
                node = node[key]
        except (KeyError, IndexError, TypeError):
            return ""
        return natural_type_name(node)


def natural_type_name(value: Any) -> str:
    """The type name a plain value of the tree has when nothing else is recorded."""
    if isinstance(value, Opaque):
        return value.type_name
    if isinstance(value, np.ndarray):
        return "numpy.ndarray"
    if value is None:
        return "NoneType"
    return type(value).__name__


@dataclass(frozen=True)
class RunReport:
    """One `run_calls`: an outcome for every call of the request."""

    outcomes: Mapping[str, CallOutcome]
    """By call id; every call of the request has one."""

    isolation: str
    """"namespaces+rlimits" or "rlimits" (see `detect_isolation`)."""

    stdout_tail: str = ""
    """The end (at most `SandboxLimits.output_tail_bytes`) of what the student printed."""

    stderr_tail: str = ""
    """The end of the child's stderr (the student's, and a dying interpreter's last words)."""

    child_cpu_seconds: float = 0.0
    """CPU time of every child of the run, user + system."""

    wall_seconds: float = 0.0
    """Wall time of the whole run."""

    restarts: int = 0
    """Children started beyond the first."""

    children: int = 0
    """Children started in all (0 when no call needed one)."""

    details: IsolationReport | None = None
    """The protections in force (None when no child got ready)."""
