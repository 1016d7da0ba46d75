"""The course: which problems exist, in which order, with how many points."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Sequence

from .i18n import define
from .models import NOT_GRADED, Message, ProblemResult
from .problem import GradingContext, Problem
from .submission import Submission

#: The default course of the contract: module names under grader.problems, in report order.
DEFAULT_COURSE = (
    "mle_mse",
    "ce_mle",
    "softmax_ce_grad",
    "l2_shrinkage",
    "xavier_variance",
    "backprop",
    "batchnorm",
    "perceptron",
    "optimizers",
)


@dataclass(frozen=True)
class NotYetGraded:
    """A problem the grader knows about but does not grade yet."""

    id: str
    title: str
    kind: str
    points: float

    @property
    def max_score(self) -> float:
        return self.points

    def grade(self, submission: Submission, context: GradingContext) -> ProblemResult:
        return ProblemResult(
            id=self.id,
            title=self.title,
            kind=self.kind,
            status=NOT_GRADED,
            score=0.0,
            max_score=self.points,
            error=Message("grader.not_graded"),
        )


def load_problem(module_name: str) -> Problem:
    module = importlib.import_module(f"grader.problems.{module_name}")
    return module.PROBLEM


def load_course(modules: Sequence[str] = DEFAULT_COURSE) -> list[Problem]:
    return [load_problem(name) for name in modules]


define({})
