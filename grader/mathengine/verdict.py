"""What a comparison is made over and what it returns: scenarios of sample points, and verdicts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from grader.results.models import Counterexample, Message


@dataclass(frozen=True)
class Scenario:
    """One way of drawing points that satisfy the problem's assumptions."""

    name: str
    """Short name shown nowhere to students (``"generic"``, ``"optimum"``)."""

    sample: Callable[[np.random.Generator, int], dict[str, Any]]
    """Draws one point for a size level (2, 3, 4...): names to numbers or arrays."""


@dataclass(frozen=True)
class Verdict:
    """The outcome of one comparison."""

    holds: bool | None
    """True, False, or None when it could not be decided."""

    reason: Message | None = None
    """Why it fails or could not be decided, or a remark on why it holds."""

    counterexample: Counterexample | None = None
    """A point where the two sides differ."""
