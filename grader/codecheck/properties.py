"""A code problem graded by properties of the student's results, not by a reference's values.

Some functions make their own random draws (dropout's mask): no reference can
predict their values, but every correct implementation has the same
properties (each entry is 0 or x/p, the kept fraction is p within sampling
error, a seed fixes the draw).  A `PropertyProblem` plans calls like a
`CodeProblem` (they run in the same sandbox child), then judges each check
group with a trusted function of the student's results.  A judge names a
known mistake only from values it measured; no judgment reads text the
student controls.

Every property must hold for every correct implementation at every seed
(bounds of sampling error are six standard deviations wide), so that the
same code earns the same grade under any seed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from grader.course.problem import GradingContext, problem_result
from grader.reading.submission import Submission
from grader.results.formatting import shape_text
from grader.results.i18n import define
from grader.results.models import GRADED, CheckResult, Message, PartResult, ProblemResult

from .check import preview, status_message, to_array, type_text
from .contract_file import ContractFileProblem
from .plan import Case, Plan
from .runtime import CallOutcome

define(
    {
        "property.function_correct": (
            "{function} has every property the contract asks for.",
            "{function} 满足作业要求的全部性质。",
        ),
        "property.function_failed": (
            "{function} failed {failed} of {total} property checks.",
            "{function} 的 {total} 项性质检查中有 {failed} 项未通过。",
        ),
        "property.not_array": (
            "{function} should return {output} as an array of numbers; it returned {got}.",
            "{function} 应以数值数组返回 {output}；实际返回了 {got}。",
        ),
        "property.arity": (
            "{function} should return {count} values; it returned {got}.",
            "{function} 应返回 {count} 个值；实际返回了 {got}。",
        ),
        "property.shape": (
            "{function} returned {output} of shape {got}; expected {expected} (the shape of the input).",
            "{function} 返回的 {output} 形状为 {got}；应为 {expected}（与输入相同）。",
        ),
        "property.not_finite": (
            "{function} returned NaN or infinite values in {output}.",
            "{function} 返回的 {output} 中有 NaN 或无穷大。",
        ),
    }
)


@dataclass(frozen=True)
class Verdict:
    """What a property judge found in one check group."""

    passed: bool
    """Whether the property holds on every case of the group."""

    message: Message | None = None
    """Why it does not hold: the first failing case, in numbers."""

    mistake: str | None = None
    """The id of the known mistake the values show (``"dropout_forward.not_inverted"``), if one does."""

    inputs: Mapping[str, str] = field(default_factory=dict)
    """The failing case's inputs, described."""

    expected: np.ndarray | None = None
    """What a correct implementation returns on the failing case, where that is one array."""

    got: np.ndarray | None = None
    """What the student's returned on the failing case."""

    upstream: str | None = None
    """The function whose failed call kept this group's cases from running (charged there)."""


@dataclass(frozen=True)
class PropertyCheck:
    """One check group of a function: a property and its share of the function's points."""

    function: str
    """The contract function it grades."""

    group: str
    """The check group's id (its name is the message ``property.group.<group>``)."""

    weight: float
    """Its share of the function's points, relative to the function's other groups."""

    judge: Callable[[Results], Verdict]
    """The trusted judgment of the student's results of the plan's calls."""


class Results:
    """The student's results of a plan's calls, read through the ladder (ran -> type -> shape -> finite)."""

    def __init__(self, plan: Plan, outcomes: Mapping[str, CallOutcome]):
        self.plan = plan
        self.outcomes = outcomes
        self.calls = {call.id: call for call in plan.calls}

    def outcome(self, call_id: str) -> CallOutcome | None:
        return self.outcomes.get(call_id)

    def array(self, case: Case, index: int | None, name: str, like: tuple[int, ...] | None = None) -> tuple[np.ndarray | None, Message | None]:
        """One returned value of a case as a float64 array, or the message of the rung that failed."""
        outcome = self.outcomes.get(case.call.id)
        if outcome is None or outcome.status != "ok":
            return None, status_message(case, outcome)
        value = outcome.value
        params = {"function": case.function, "output": name}
        if case.arity is not None:
            if not isinstance(value, (tuple, list)) or len(value) != case.arity:
                got = f"{len(value)} values" if isinstance(value, (tuple, list)) else type_text(value)
                return None, Message("property.arity", {**params, "count": case.arity, "got": got})
            value = value[index] if index is not None else value
        array = to_array(value)
        if array is None:
            return None, Message("property.not_array", {**params, "got": type_text(value)})
        if like is not None and array.shape != like:
            return None, Message("property.shape", {**params, "got": shape_text(array.shape), "expected": shape_text(like)})
        if not np.all(np.isfinite(array)):
            return None, Message("property.not_finite", params)
        return array, None

    def upstream_failure(self, case: Case) -> str | None:
        """The other function whose failed call kept this case from running, if any."""
        outcome = self.outcomes.get(case.call.id)
        if outcome is not None and outcome.status != "skipped":
            return None
        for call in self.plan.dependencies([case.call.id]):  # the plan's call graph, as CodeProblem's blocked_by
            if call.function != case.function:
                before = self.outcomes.get(call.id)
                if before is not None and before.status != "ok":
                    return call.function
        return None


@dataclass(frozen=True)
class PropertyProblem(ContractFileProblem):
    """A code problem whose functions are graded by properties of their results."""

    id: str
    title: str
    module: str
    """The contract file without .py (``"dropout"``)."""
    points: Mapping[str, float]
    """Default points per function (the parts, in this order)."""
    build: Callable[[int], tuple[Plan, Mapping[str, Case]]]
    """The plan of calls for a seed and its cases by name (deterministic)."""
    checks: Sequence[Callable[[Mapping[str, Case]], PropertyCheck]]
    """The check groups, each made for the cases of a plan."""
    mistakes: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    """Known mistakes the judges can name: id -> (English, Chinese) explanation."""
    kind: str = "code"

    def __post_init__(self) -> None:
        define({f"mistake.{key}": text for key, text in self.mistakes.items()})

    # -- the engine's protocol (as `CodeProblem`) ------------------------------------------------

    def plan_calls(self, submission: Submission, context: GradingContext) -> list:
        if not submission.has(self.files[0]):
            return []
        plan, _ = self.build(self.seed(context))
        return list(plan.calls)

    def grade(self, submission: Submission, context: GradingContext) -> ProblemResult:
        return self.grade_run(submission, context, None)

    def grade_run(self, submission: Submission, context: GradingContext, run: Any) -> ProblemResult:
        unscored = self.without_run(submission, context, run)
        if unscored is not None:
            return unscored
        points = self.part_points(context)
        seed = self.seed(context)
        isolation = getattr(run, "isolation", None)
        plan, cases = self.build(seed)
        results = Results(plan, run.outcomes)
        checks = [make(cases) for make in self.checks]
        parts = tuple(self._part(name, points[name], [c for c in checks if c.function == name], results) for name in self.points)
        return problem_result(self, GRADED, parts, seed=seed, isolation=isolation)

    def _part(self, function: str, points: float, checks: Sequence[PropertyCheck], results: Results) -> PartResult:
        verdicts = [(check, check.judge(results)) for check in checks]
        rows = [
            CheckResult(
                name=Message(f"property.group.{check.group}", {"function": function}),
                passed=verdict.passed,
                message=verdict.message,
                expected=preview(verdict.expected) if verdict.expected is not None else None,
                got=preview(verdict.got) if verdict.got is not None else None,
                inputs=dict(verdict.inputs),
                weight=check.weight,
            )
            for check, verdict in verdicts
        ]
        mistakes = tuple(dict.fromkeys(v.mistake for _, v in verdicts if v.mistake))
        failed = [row for row in rows if not row.passed]
        feedback: list[Message] = [Message(f"mistake.{m}") for m in mistakes]
        upstream = sorted({v.upstream for _, v in verdicts if v.upstream})
        feedback.extend(Message("codecheck.upstream_mistake", {"function": function, "upstream": u}) for u in upstream)
        if failed:
            feedback.append(Message("property.function_failed", {"function": function, "failed": len(failed), "total": len(rows)}))
        else:
            feedback.append(Message("property.function_correct", {"function": function}))
        total = sum(row.weight for row in rows)
        earned = sum(row.weight for row in rows if row.passed)
        score = round(points * earned / total, 2) if total else 0.0
        return PartResult(id=function, score=score, max_score=points, feedback=tuple(feedback), checks=tuple(rows), mistakes=mistakes)



__all__ = ["PropertyCheck", "PropertyProblem", "Results", "Verdict"]
