"""What every problem offers the grading engine, and what it is given.

A problem module in `problems/` defines one object, ``PROBLEM``, of one of
two declared types: an `AnswersProblem` (graded from answers.md, described
with `grader.derivation_problem.DerivationProblem`) or a `CodeRunProblem`
(graded from a sandbox run of the student's functions, described with
`grader.codecheck`).  The engine dispatches on these types, never on
whichever attributes an object happens to have.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Mapping, Protocol, Sequence, TypeGuard, runtime_checkable

from .models import PartResult, ProblemResult, ProblemStatus
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
class Identified(Protocol):
    """What a problem's result names it by, and its points."""

    @property
    def id(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def kind(self) -> str:
        """``"derivation"`` or ``"code"``."""
        ...

    @property
    def max_score(self) -> float: ...


@runtime_checkable
class Problem(Identified, Protocol):
    """What every problem offers: who it is, its points, and a grade without a sandbox run."""

    def grade(self, submission: Submission, context: GradingContext) -> ProblemResult: ...


@runtime_checkable
class AnswersProblem(Problem, Protocol):
    """A problem graded from answers.md alone (in the forked answers child where it can be):
    every `Problem` that is not a `CodeRunProblem`."""


@runtime_checkable
class CodeRunProblem(Problem, Protocol):
    """A problem graded from one shared sandbox run of the student's functions.

    The engine asks every code problem for its calls, runs them all in one sandbox child, asks
    for the calls of a second run (`follow_up_calls`, usually none), and hands the run's report
    to `grade_run`; `grade` is the grade without a run (the file is missing, nothing was run).
    """

    @property
    def files(self) -> tuple[str, ...]:
        """The contract files the problem grades (``("backprop.py",)``)."""
        ...

    def plan_calls(self, submission: Submission, context: GradingContext) -> list: ...

    def follow_up_calls(self, submission: Submission, context: GradingContext, run: Any) -> list: ...

    def grade_run(self, submission: Submission, context: GradingContext, run: Any) -> ProblemResult: ...


@runtime_checkable
class PartedProblem(Protocol):
    """A problem that declares its parts and their points (an instructor's rubric may name them)."""

    def part_points(self, context: GradingContext) -> Mapping[str, float]:
        """Points per part id, in the problem's order: its own, or the rubric's where it names them."""
        ...


def is_code_problem(problem: object) -> TypeGuard[CodeRunProblem]:
    """Whether `problem` is graded from a sandbox run (a `CodeRunProblem`), not from answers.md."""
    return isinstance(problem, CodeRunProblem)


def problem_result(
    problem: Identified,
    status: ProblemStatus,
    parts: Sequence[PartResult] = (),
    *,
    error: Any = None,
    seed: int | None = None,
    isolation: str | None = None,
) -> ProblemResult:
    """The one constructor of a problem's result: its score and maximum are its parts' sums (the
    problem's own maximum when no part could be listed), so that no caller adds them up its own way."""
    parts = tuple(parts)
    return ProblemResult(
        id=problem.id,
        title=problem.title,
        kind=problem.kind,
        status=ProblemStatus(status),
        score=sum(p.score for p in parts) if parts else 0.0,
        max_score=sum(p.max_score for p in parts) if parts else problem.max_score,
        parts=parts,
        error=error,
        seed=seed,
        isolation=isolation,
    )


def unscored(problem: Identified, status: ProblemStatus, message: Any) -> ProblemResult:
    """A problem's result when none of its parts could be scored: 0 of its points, `status`, and why."""
    return problem_result(problem, status, error=message)
