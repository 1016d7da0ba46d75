"""What every problem offers the grading engine, and what it is given.

A problem module in `problems/` defines one object, ``PROBLEM``, that
follows the `Problem` protocol.  Derivation problems are described with
`grader.derivation_problem.DerivationProblem`; code problems with
`grader.codecheck`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from .models import ProblemResult
from .submission import Submission


def derive_seed(seed: int, *labels: str) -> int:
    """A seed for one problem or check, derived stably (not with hash()) from the submission's seed."""
    digest = hashlib.sha256(("/".join([str(seed), *labels])).encode()).digest()
    return int.from_bytes(digest[:4], "big") & 0x7FFFFFFF


@dataclass(frozen=True)
class GradingContext:
    """Everything a problem needs besides the submission."""

    seed: int
    """The submission's seed (`derive_seed` gives each problem its own)."""

    answers: Any = None
    """The parsed answers.md (`grader.answers_md.AnswersDocument`), or None if it could not be read."""

    answers_error: Any = None
    """The `Message` explaining why answers.md could not be read, if it could not."""

    options: Mapping[str, Any] = field(default_factory=dict)
    """Instructor settings: ``"points"`` overrides, sandbox limits, time limits."""


@runtime_checkable
class Problem(Protocol):
    id: str
    title: str
    kind: str  # "derivation" or "code"

    @property
    def max_score(self) -> float: ...

    def grade(self, submission: Submission, context: GradingContext) -> ProblemResult: ...


def unscored(problem: Problem, status: str, message: Any) -> ProblemResult:
    """A problem's result when none of its parts could be scored: 0 of its points, `status`, and why."""
    return ProblemResult(
        id=problem.id,
        title=problem.title,
        kind=problem.kind,
        status=status,
        score=0.0,
        max_score=problem.max_score,
        error=message,
    )
