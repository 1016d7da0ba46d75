"""The sandbox's data types as its brief fixes them; used only while grader.sandbox does not provide them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping


@dataclass(frozen=True)
class Ref:
    call_id: str
    index: int | None = None


@dataclass(frozen=True)
class Call:
    id: str
    module: str
    function: str
    args: tuple = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    capture: tuple = ()
    group: str = ""


@dataclass(frozen=True)
class Opaque:
    type_name: str
    reason: str = ""


@dataclass(frozen=True)
class CallOutcome:
    call_id: str
    status: str
    message: str = ""
    value: Any = None
    captured: tuple = ()
    type_name: str = ""
    seconds: float = 0.0


@dataclass(frozen=True)
class RunReport:
    outcomes: Mapping[str, Any]
    isolation: str = ""
    stdout_tail: str = ""
    stderr_tail: str = ""
    child_cpu_seconds: float = 0.0
    wall_seconds: float = 0.0
    restarts: int = 0
