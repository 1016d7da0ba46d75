"""What every problem graded from one contract file (``backprop.py``, ``dropout.py``) shares.

`CodeProblem` (values against the reference) and `PropertyProblem` (properties of the
student's own draws) differ in how they judge a run, not in how they name their file,
count their points or score a file that was never run.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from grader.course.problem import GradingContext, derive_seed, problem_result
from grader.reading.submission import Submission, SubmissionFileError
from grader.results.models import GRADED, MISSING, Message, PartResult, ProblemResult, ProblemStatus


def why_unusable(submission: Submission, name: str) -> Message:
    """Why a file cannot be used: missing, or refused (a symbolic link, too large, not a regular file)."""
    try:
        submission.read_bytes(name)
    except SubmissionFileError as exc:
        return exc.message
    return Message("submission.file_missing", {"file": name})


class ContractFileProblem:
    """A mixin for a frozen problem dataclass with ``id``, ``title``, ``kind``, ``module`` and ``points``."""

    id: str
    title: str
    kind: str
    module: str
    points: Mapping[str, float]

    @property
    def files(self) -> tuple[str, ...]:
        return (f"{self.module}.py",)

    @property
    def max_score(self) -> float:
        return float(sum(self.points.values()))

    def seed(self, context: GradingContext) -> int:
        return derive_seed(context.seed, self.id)

    def part_points(self, context: GradingContext) -> dict[str, float]:
        """Points per function: the problem's, or the rubric's where it names them."""
        overrides = context.options.points.get(self.id) or {}
        return {name: float(overrides.get(name, points)) for name, points in self.points.items()}

    def follow_up_calls(self, submission: Submission, context: GradingContext, run: Any) -> list:
        """Calls for a second sandbox run after `run`: none, unless the problem asks for some."""
        return []

    def _zero(self, points: Mapping[str, float], seed: int, isolation: Any, status: ProblemStatus, message: Any) -> ProblemResult:
        """Every function at 0 for one reason (the file is missing, or nothing was run)."""
        parts = tuple(PartResult(id=name, score=0.0, max_score=value, feedback=(message,)) for name, value in points.items())
        return problem_result(self, status, parts, error=message, seed=seed, isolation=isolation)

    def without_run(self, submission: Submission, context: GradingContext, run: Any) -> ProblemResult | None:
        """Every function at 0 where there is nothing to grade: the file is missing or refused
        (status MISSING), or no sandbox run was made (GRADED); None where the run can be graded."""
        if submission.has(self.files[0]) and run is not None:
            return None
        points, seed, isolation = self.part_points(context), self.seed(context), getattr(run, "isolation", None)
        if not submission.has(self.files[0]):
            return self._zero(points, seed, isolation, MISSING, why_unusable(submission, self.files[0]))
        return self._zero(points, seed, isolation, GRADED, Message("codecheck.not_run", {"file": self.files[0]}))
