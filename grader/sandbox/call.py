"""What the grader asks the sandbox to do: calls of a student's functions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Ref:
    """The object an earlier call returned, kept inside the child (a student's cache, an optimizer's config)."""

    call_id: str
    """The id of the earlier call (earlier in the same request)."""

    index: int | None = None
    """An element of a tuple or list return value; None for the whole value."""


@dataclass(frozen=True)
class Call:
    """One call ``module.function(*args, **kwargs)`` in the child."""

    id: str
    """Unique within a run."""

    module: str
    """``"backprop"`` means the submission's backprop.py."""

    function: str
    """The function's name, e.g. ``"affine_forward"``."""

    args: tuple = ()
    """Trusted plain values: np.ndarray (numeric or bool), NumPy scalars, int, float, bool, str,
    None, and dicts (str keys) / lists / tuples of those, with `Ref` anywhere in the tree."""

    kwargs: Mapping[str, Any] = field(default_factory=dict)
    """Keyword arguments, the same kinds of values as `args`."""

    capture: tuple[tuple, ...] = ()
    """Paths into the arguments to send back after the call, to see in-place updates:
    ``((3, "running_mean"),)`` is ``args[3]["running_mean"]``; a path starting with a str
    names a keyword argument."""

    group: str = ""
    """Calls that stand or fall together: after a timeout or a dead child in one of them, the
    group's remaining calls are skipped.  Empty means ``module.function``."""

    send_only: int | None = None
    """Send back only this element of a returned tuple or list, the others as placeholders of
    the same count (the student's forward pass at moved inputs: its cache is never read, and a
    batch norm's holds seven arrays).  None sends the whole value."""

    @property
    def group_key(self) -> str:
        return self.group or f"{self.module}.{self.function}"
