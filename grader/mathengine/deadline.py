"""A point in time after which the math engine stops, checked cooperatively (no signals: any thread)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field


class Timeout(Exception):
    """The deadline passed."""


def _cpu_seconds() -> float:
    return time.process_time()


@dataclass
class Deadline:
    """A budget of CPU seconds after which work stops, checked cooperatively.

    CPU time of this process, not the wall clock: a derivation that takes 6 of its 10 seconds on an
    idle machine took 12 wall-clock seconds on a loaded one, and was judged "does not reach the
    result" there (same answers, another grade; seen on the corpus at a load of 10).  The process is
    the forked answers child, or a batch worker, which grades one thing at a time; the child's hard
    wall-clock limit (answers_child) still bounds a check that waits instead of computing.
    """

    seconds: float
    started: float = field(default_factory=_cpu_seconds)

    def check(self) -> None:
        if _cpu_seconds() - self.started > self.seconds:
            raise Timeout(self.seconds)

    @classmethod
    def never(cls) -> Deadline:
        return cls(float("inf"))
