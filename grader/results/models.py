"""Result models: frozen dataclasses that hold what grading found.

They hold data only.  Sentences are `Message` values (a key into the
catalog of `grader.results.i18n` plus parameters) so that every report can be
rendered in English or Chinese by the templates; nothing here formats
text for a reader.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class ProblemStatus(str, Enum):
    """A problem's status, as the JSON report names it (a `str`: reports and templates see the text).

    Not to be confused with a batch submission's status (`grader.apps.batch_record.SubmissionStatus`),
    whose "graded" says that the whole submission has a grade.
    """

    GRADED = "graded"
    """Its parts were judged (a code problem whose file was not run included: every part at 0)."""
    MISSING = "missing"
    """What it is graded from is absent or unusable (a missing file, no section in answers.md)."""
    ERROR = "error"
    """The grader failed on it, or checking it hit a hard limit: for a person to look at."""
    NOT_GRADED = "not graded"
    """Deliberately not graded (the sandbox refused to run code, a problem not graded yet)."""

    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)


GRADED = ProblemStatus.GRADED
MISSING = ProblemStatus.MISSING
ERROR = ProblemStatus.ERROR
NOT_GRADED = ProblemStatus.NOT_GRADED
STATUSES = tuple(ProblemStatus)


@dataclass(frozen=True)
class Message:
    """One feedback sentence, not yet put into words."""

    key: str
    """Key into the message catalog (`grader.results.i18n`), e.g. ``"answer.correct"``."""

    params: Mapping[str, Any] = field(default_factory=dict)
    """Values the sentence mentions: numbers, names, short values."""

    math: tuple[str, ...] = ()
    """LaTeX the sentence refers to ("the step below"), shown apart from the sentence and rendered
    as math by each format (MathML, `$...$`, the source on a line of its own in text)."""


@dataclass(frozen=True)
class Counterexample:
    """A point at which two sides of a claimed relation disagree."""

    point: Mapping[str, str]
    """Each free quantity and the value it was given, as text (``{"n": "3", "sigma": "0.7"}``)."""

    left: str
    """The value of the left side at that point, as text."""

    right: str
    """The value of the right side at that point, as text."""


@dataclass(frozen=True)
class LinkResult:
    """One link ``left REL right`` of a derivation line."""

    left: str
    """The left side as the student wrote it (LaTeX source)."""

    relation: str
    """``"="``, ``"=>"`` or ``"<=>"``; ``"="`` between arg-min/arg-max terms means same minimizers."""

    right: str
    """The right side as the student wrote it."""

    valid: bool | None
    """True if the link holds, False if it does not, None if it could not be checked."""

    reason: Message | None = None
    """Why the link is invalid or could not be checked, or a remark on a valid one (a positive factor)."""

    counterexample: Counterexample | None = None
    """Where the link fails, if a point was found."""


@dataclass(frozen=True)
class DerivationLine:
    """One line of a derivation, as the contract counts lines (1-based)."""

    number: int
    """1-based position among the problem's derivation lines."""

    source: str
    """The line's text as written."""

    links: tuple[LinkResult, ...] = ()
    """Every link of the line, in order; a continuation line's first link starts from the line before."""

    error: Message | None = None
    """Set when the line could not be read at all (parse error); then `links` is empty."""


@dataclass(frozen=True)
class ArrayPreview:
    """A small excerpt of an array, for an expected-versus-got table."""

    shape: tuple[int, ...]
    """The full array's shape."""

    values: tuple[tuple[float, ...], ...]
    """Up to a few rows and columns of values (a 1-D array is one row)."""

    truncated: bool = False
    """True if `values` shows only part of the array."""


@dataclass(frozen=True)
class CheckResult:
    """One check of a student function (a group of test cases on one rung of the ladder)."""

    name: Message
    """What was checked, e.g. values on random non-square inputs."""

    passed: bool
    """Whether every case of the check passed."""

    message: Message | None = None
    """Why it failed (the rung that failed: missing, type, shape, finite, values)."""

    expected: ArrayPreview | None = None
    """The reference result of the first failing case."""

    got: ArrayPreview | None = None
    """The student's result of the same case."""

    inputs: Mapping[str, str] = field(default_factory=dict)
    """A short description of the failing case's inputs (shapes, hyperparameters)."""

    weight: float = 1.0
    """Share of the function's points this check carries, relative to its siblings."""

    trajectory: Mapping[str, Any] | None = None
    """For optimizers: ``{"objective": name, "reference": [[x, y], ...], "student": [[x, y], ...]}``."""


@dataclass(frozen=True)
class PartResult:
    """A graded part: an answer, a derivation, or one function of a code problem."""

    id: str
    """``"answer"``, ``"answer-a"``, ``"answer-b"``, ``"derivation"`` or a function name."""

    score: float
    """Points earned."""

    max_score: float
    """Points available."""

    feedback: tuple[Message, ...] = ()
    """Sentences explaining the score, most important first."""

    invalid_line: int | None = None
    """Derivation parts: the first invalid line (1-based), None if there is none."""

    student_answer: str | None = None
    """The answer as the student wrote it, if any."""

    lines: tuple[DerivationLine, ...] = ()
    """Derivation parts: every line with its links."""

    checks: tuple[CheckResult, ...] = ()
    """Code parts: the checks that were run."""

    mistakes: tuple[str, ...] = ()
    """Ids of the known mistakes diagnosed in this part (for class statistics)."""


@dataclass(frozen=True)
class ProblemResult:
    """Everything graded for one problem."""

    id: str
    """The problem id (``"mle-mse"``, ``"backprop"``, ...)."""

    title: str
    """The problem's title."""

    kind: str
    """``"derivation"`` or ``"code"``."""

    status: ProblemStatus
    """What became of the problem (text from a decoded result is turned into the enum)."""

    score: float
    """Points earned over all parts."""

    max_score: float
    """Points available over all parts."""

    parts: tuple[PartResult, ...] = ()
    """The parts, in the order the problem declares them."""

    error: Message | None = None
    """Why the problem is missing, could not be graded, or was not graded."""

    seed: int | None = None
    """The seed of the problem's randomized checks."""

    isolation: str | None = None
    """Code problems: the sandbox isolation level that was in force."""

    def __post_init__(self) -> None:
        # a result rebuilt from JSON (the answers child's pipe, a stored report) holds the text
        object.__setattr__(self, "status", ProblemStatus(self.status))


@dataclass(frozen=True)
class GradingResult:
    """A whole submission's grade."""

    submission: str
    """The submission's path as given."""

    seed: int
    """The submission's seed; every problem's seed is derived from it."""

    problems: tuple[ProblemResult, ...]
    """Every problem of the course, in course order."""

    isolation: str | None = None
    """The sandbox isolation level in force for code problems (None if no code ran)."""

    isolation_details: Mapping[str, Any] | None = None
    """Which protections were in force (`grader.sandbox.IsolationReport.to_dict()`), None if no code ran."""

    duration_seconds: float = 0.0
    """Wall time spent grading."""

    grader_version: str = ""
    """The grader's version."""

    error: Message | None = None
    """A catastrophic error of the grader itself, recorded rather than raised."""

    notes: tuple[Message, ...] = ()
    """A person's part in this grade, shown at the top of the report: a TA's adjustments, a late
    penalty, parts the grader could not read that a TA will grade (see `grader.apps.overrides`, `grader.reading.manual`)."""

    @property
    def score(self) -> float:
        return sum(p.score for p in self.problems)

    @property
    def max_score(self) -> float:
        return sum(p.max_score for p in self.problems)
