"""What every problem offers the grading engine, and what it is given.

A problem module in `problems/` defines one object, ``PROBLEM``, of one of
two declared types: an `AnswersProblem` (graded from answers.md, described
with `grader.derivations.derivation_problem.DerivationProblem`) or a `CodeRunProblem`
(graded from a sandbox run of the student's functions, described with
`grader.codecheck`).  The engine dispatches on these types, never on
whichever attributes an object happens to have.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import MISSING, Field, dataclass, field, fields
from typing import Any, Protocol, TypeGuard, runtime_checkable

from grader.reading.submission import Submission
from grader.results.models import PartResult, ProblemResult, ProblemStatus

#: The line of a problem module of `problems/` above which is its public spec (what a student may
#: see: notation, definitions, scenarios, file names, starter stubs, points) and below which is its
#: key (accepted answers, goals, known mistakes, the plans that make hidden inputs).  The student kit
#: holds each module up to this line, unchanged: it is importable on its own.
KEY_MARKER = "# == the key: only the grader sees what follows (the student kit holds this module up to here) =="


class ProblemModuleError(Exception):
    """A problem module does not separate its public spec from its key as `KEY_MARKER` asks."""


def public_part(source: str, name: str = "the problem module") -> str:
    """The source of a problem module above its key marker (its public spec), as written."""
    before, marker, _ = source.partition("\n" + KEY_MARKER + "\n")
    if not marker or source.count(KEY_MARKER) != 1:
        raise ProblemModuleError(f"{name} must hold the line {KEY_MARKER!r} exactly once, between its public spec and its key")
    return before + "\n"


@dataclass(frozen=True)
class CodeSpec:
    """What a student may see of a code problem: the file they write, its starter, its points.

    A code problem module states it above its key marker; its key (the plans that make hidden
    inputs, the reference, the known mistakes) builds the problem from it."""

    id: str
    """The problem's id (``"backprop"``)."""

    title: str
    """Its title in reports."""

    module: str
    """The module of the student's file (``"backprop"`` for backprop.py)."""

    points: Mapping[str, float]
    """Points per function, in the contract's order."""

    stub: str
    """The starter file a student is given: every function's signature and docstring, bodies raising
    NotImplementedError."""

    @property
    def file(self) -> str:
        """The contract file (``"backprop.py"``)."""
        return f"{self.module}.py"


def derive_seed(seed: int, *labels: str) -> int:
    """A seed for one problem or check, derived stably (not with hash()) from the submission's seed."""
    digest = hashlib.sha256(("/".join([str(seed), *labels])).encode()).digest()
    return int.from_bytes(digest[:4], "big") & 0x7FFFFFFF


@dataclass(frozen=True, eq=False)  # equal as mappings: to options given as a dict, too
class GradingOptions(Mapping[str, Any]):
    """An instructor's settings for grading: the rubric's points, the course, extra problems, limits.

    It also reads as the mapping of the settings that differ from the defaults (``options.get(
    "course")``, ``dict(options)``): what the options were before they were typed, as code written
    against them and the batch's fingerprint (JSON of that mapping) still read them.
    """

    points: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    """Points per part id, per problem id, where the rubric sets them (the problems' own elsewhere)."""

    problem_dirs: tuple[str, ...] = ()
    """Folders of an instructor's extra problem modules."""

    course: str | None = None
    """The course by name (`grader.course.course.COURSES`); None for the default course."""

    sandbox_limits: Any = None
    """The sandbox's limits (`grader.sandbox.SandboxLimits`); None for its defaults."""

    answers_limits: Any = None
    """The answers child's hard limits (`grader.grading.answers_child.AnswersLimits`); None for its defaults."""

    @classmethod
    def of(cls, options: Mapping[str, Any] | None) -> GradingOptions:
        """`options` as GradingOptions (a mapping of some of its fields; ValueError for any other key)."""
        if isinstance(options, GradingOptions):
            return options
        given = dict(options or {})
        unknown = sorted(set(given) - {f.name for f in fields(cls)})
        if unknown:
            raise ValueError(f"unknown grading options: {', '.join(unknown)}")
        if "problem_dirs" in given:
            given["problem_dirs"] = tuple(str(d) for d in given["problem_dirs"] or ())
        if given.get("course") == "default":
            given["course"] = None
        return cls(**{name: value for name, value in given.items() if value is not None})

    def _set(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) != _default(f)}

    def __getitem__(self, key: str) -> Any:
        return self._set()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._set())

    def __len__(self) -> int:
        return len(self._set())


def _default(option: Field[Any]) -> Any:
    """An option's default value (a field's default, or what its default factory makes)."""
    if option.default_factory is not MISSING:
        return option.default_factory()
    return option.default


@dataclass(frozen=True)
class GradingContext:
    """Everything a problem needs besides the submission."""

    seed: int
    """The submission's seed (`derive_seed` gives each problem its own)."""

    answers: Any = None
    """The parsed answers.md (`grader.reading.answers_md.AnswersDocument`), or None if it could not be read."""

    answers_error: Any = None
    """The `Message` explaining why answers.md could not be read, if it could not."""

    options: GradingOptions = field(default_factory=GradingOptions)
    """Instructor settings: the rubric's points, the course, sandbox and time limits (a mapping of
    them is turned into GradingOptions)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "options", GradingOptions.of(self.options))


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
