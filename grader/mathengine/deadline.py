"""A point in time after which the math engine stops, checked cooperatively (no signals: any thread)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field


class Timeout(Exception):
    """The deadline passed."""


@dataclass
class Deadline:
    """A point in time after which work stops, checked cooperatively."""

    seconds: float
    started: float = field(default_factory=time.monotonic)

    def check(self) -> None:
        if time.monotonic() - self.started > self.seconds:
            raise Timeout(self.seconds)

    @classmethod
    def never(cls) -> Deadline:
        return cls(float("inf"))
