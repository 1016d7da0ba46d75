"""Inequalities in derivations, judged at sampled points.

A link ``a \\le b`` holds when it holds at every sampled point of some scenario (points that
satisfy the problem's assumptions and the line's conditions, as for equations); otherwise
the first point where it fails is the counterexample.  Ties count as holding (sampled values
carry rounding), so ``<`` and ``\\le`` are judged alike.

``\\arg\\min_x f(x) = e`` (e minimizes f) is judged by `grader.mathengine.minimizers.value_minimizes`,
still importable from here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from grader.mathengine.equivalence import Checker
from grader.mathengine.evaluate import EvaluationError
from grader.mathengine.minimizers import PERTURBATION_SCALES, PERTURBATIONS_PER_SCALE, value_minimizes
from grader.mathengine.reasons import could_not_evaluate
from grader.mathengine.sampled_values import finite, format_value
from grader.mathengine.verdict import Scenario, Verdict
from grader.mathparse.nodes import ArgOpt
from grader.results.i18n import define
from grader.results.models import Message

define(
    {
        "inequality.fails": (
            "The inequality does not hold here: the left side is {left}, the right side {right}.",
            "此不等式在这里不成立：左边为 {left}，右边为 {right}。",
        ),
    }
)

#: Relations judged here, canonical (as the parser returns them).
INEQUALITY_RELATIONS = frozenset({"<=", ">=", "<", ">"})

#: Relative slack for ties: sampled values are rounded floats.
TOLERANCE = 1e-9


def satisfied(left: float, right: float, relation: str) -> bool:
    """Whether `left relation right` holds up to rounding."""
    slack = TOLERANCE * max(1.0, abs(left), abs(right))
    if relation in ("<=", "<"):
        return left <= right + slack
    return left + slack >= right


def inequality_holds(checker: Checker, left: Any, right: Any, relation: str) -> Verdict:
    """`left relation right` at every point of some scenario; else the first counterexample."""
    if isinstance(left, ArgOpt) or isinstance(right, ArgOpt):
        return Verdict(None, Message("equivalence.mixed_argopt"))
    first_failure: Verdict | None = None
    tie: Verdict | None = None
    for scenario in checker.scenarios:
        verdict, strict = _in_scenario(checker, left, right, relation, scenario)
        if verdict.holds and strict:
            return verdict
        if verdict.holds:
            # both sides equal at every point (a scenario that puts w at \tilde w): it confirms the
            # inequality only if no other scenario refutes it
            tie = tie or verdict
            continue
        if first_failure is None or (first_failure.holds is None and verdict.holds is False):
            first_failure = verdict
    if first_failure is not None and first_failure.holds is False:
        return first_failure
    return tie or first_failure or Verdict(None)


def chain_holds(checker: Checker, terms: Sequence[Any], relations: Sequence[str]) -> Verdict:
    """A statement of several links (`a = b \\le c`) holds when each of its links does."""
    for left, right, relation in zip(terms, terms[1:], relations):
        if relation in INEQUALITY_RELATIONS:
            verdict = inequality_holds(checker, left, right, relation)
        else:
            verdict = checker.same_values(left, right)
        if not verdict.holds:
            return verdict
    return Verdict(True)


def _in_scenario(checker: Checker, left: Any, right: Any, relation: str, scenario: Scenario) -> tuple[Verdict, bool]:
    """The verdict in one scenario, and whether some point held strictly (not as a tie)."""
    usable = 0
    strict = False
    last_error = ""
    for point in checker.points(scenario):
        evaluator = checker.evaluator(point)
        try:
            a = evaluator.scalar(left)
            b = evaluator.scalar(right)
        except EvaluationError as exc:
            last_error = str(exc)
            continue
        if not finite(a) or not finite(b) or abs(a.imag) > 1e-9 * max(1.0, abs(a)) or abs(b.imag) > 1e-9 * max(1.0, abs(b)):
            last_error = "the value is not finite"
            continue
        usable += 1
        if not satisfied(a.real, b.real, relation):
            counterexample = checker._counterexample(point, (left, right), a.real, b.real)
            return Verdict(False, Message("inequality.fails", {"left": format_value(a.real), "right": format_value(b.real)}), counterexample), False
        strict = strict or abs(a.real - b.real) > 1e-9 * max(1.0, abs(a.real), abs(b.real))
    if usable < 2:
        return Verdict(None, could_not_evaluate(last_error or "no usable point")), False
    return Verdict(True), strict


__all__ = [  # value_minimizes and its step scales moved to grader.mathengine.minimizers
    "INEQUALITY_RELATIONS",
    "PERTURBATIONS_PER_SCALE",
    "PERTURBATION_SCALES",
    "TOLERANCE",
    "chain_holds",
    "inequality_holds",
    "satisfied",
    "value_minimizes",
]
