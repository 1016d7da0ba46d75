"""`A \\propto B`: a proportionality, checked where both sides have values.

A TA reads `p(w | D) \\propto p(D | w) p(w)` as a claim about functions of the problem's parameters (the
letters it is solved for, `Checker.parameters`): the ratio A / B must not change when only the parameters
do; whatever else it depends on (the data, the evidence p(D)) is the constant of proportionality.  So the
claim is checked at the problem's points and at the same points with the parameters moved (a fixed affine
move of their values, the same for every seed's points): a ratio that changes is a wrong step (Bayes' rule
with the conditionals swapped), one that does not is a valid one.

Where a side cannot be evaluated, or the parameters do not appear on the line, the line stays what it was
before: a remark, shown and not charged.  Where the ratio changes but A is B scaled and shifted (the loose
`-\\log L \\propto \\sum_i (y_i - w x_i)^2`, "the same up to constants"), the line is read in that loose
sense and also stays a remark: an author who writes `\\propto` for "equal up to an affine change" states
nothing a TA would mark wrong.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from grader.mathengine.equivalence import Checker
from grader.mathengine.evaluate import EvaluationError
from grader.mathengine.names import names_in
from grader.mathengine.sampled_values import close, finite, format_value
from grader.mathparse import MathParseError, Notation, Remark, parse_line
from grader.results.i18n import define
from grader.results.models import Counterexample, LinkResult, Message

define(
    {
        "derivation.proportional": (
            "Proportional in {variables}: the ratio of the two sides does not change when only the values of {variables} change.",
            "关于 {variables} 成正比：只改变 {variables} 时，两边之比不变。",
        ),
        "derivation.not_proportional": (
            ("Not proportional in {variables}: the ratio of the two sides is {first} at the point shown and {second} "
             "when only the values of {variables} change."),
            "关于 {variables} 不成正比：在所示的点上两边之比为 {first}，只改变 {variables} 后为 {second}。",
        ),
    }
)

#: The relation this module checks, as the parser names it.
PROPORTIONAL = "\\propto"

#: How the parameters are moved from a point: v -> scale * v + shift, fixed so the grade does not depend on
#: anything but the problem's own points (two moves, so that a loose affine reading can be told apart).
PARAMETER_MOVES = ((0.6, 0.3), (-0.7, -0.2))


def proportionality_judged(checker: Checker, notation: Notation, text: str, statement: Any) -> LinkResult | None:
    """The link `A \\propto B` judged, or None where the line stays a remark (see the module's docstring)."""
    if not (isinstance(statement, Remark) and statement.relation == PROPORTIONAL and statement.after is not None):
        return None
    after = statement.after
    at = text.find(PROPORTIONAL)
    if at < 0 or after.relations or len(after.terms) != 1:
        return None
    try:
        before = parse_line(text[:at], notation)
    except MathParseError:
        return None
    if before.relations or before.leading_relation is not None or len(before.terms) != 1:
        return None
    left, right = before.terms[0], after.terms[0]
    parameters = tuple(p for p in checker.parameters if p in names_in(left, right))
    if not parameters:
        return None
    return _ratio_link(checker, parameters, (left, right), (before.term_sources[0], after.term_sources[0]))


def _ratio_link(checker: Checker, parameters: Sequence[str], sides: tuple[Any, Any], sources: tuple[str, str]) -> LinkResult | None:
    variables = ", ".join(parameters)
    usable = 0
    for scenario in checker.scenarios:
        for point in checker.points(scenario):
            moved = [_moved(point, parameters, move) for move in PARAMETER_MOVES]
            values = [_sides_at(checker, p, sides) for p in (point, *moved)]
            if any(v is None for v in values):
                continue
            usable += 1
            pairs: list[tuple[complex, complex]] = [v for v in values if v is not None]
            ratios = [left / right for left, right in pairs]
            changed = next((r for r in ratios[1:] if not close(r, ratios[0])), None)
            if changed is None:
                continue
            if _affine(pairs):
                return None  # "the same up to constants": the loose reading, left a remark
            shown = {name: format_value(point[name]) for name in parameters}
            return LinkResult(sources[0], PROPORTIONAL, sources[1], False,
                              Message("derivation.not_proportional", {"variables": variables, "first": format_value(ratios[0]),
                                                                      "second": format_value(changed)}),
                              Counterexample(point=shown, left=format_value(pairs[0][0]), right=format_value(pairs[0][1])))
    if usable < 2:
        return None
    return LinkResult(sources[0], PROPORTIONAL, sources[1], True, Message("derivation.proportional", {"variables": variables}))


def _moved(point: Mapping[str, Any], parameters: Sequence[str], move: tuple[float, float]) -> dict[str, Any]:
    scale, shift = move
    moved = dict(point)
    for name in parameters:
        value = point.get(name)
        if isinstance(value, (np.ndarray, float, complex, int)) and not isinstance(value, bool):
            moved[name] = scale * value + shift
    return moved


def _sides_at(checker: Checker, point: Mapping[str, Any], sides: tuple[Any, Any]) -> tuple[complex, complex] | None:
    """Both sides' values at `point`, where both are finite numbers and the right one is not zero."""
    evaluator = checker.evaluator(point)
    try:
        left, right = evaluator.value(sides[0]), evaluator.value(sides[1])
    except EvaluationError:
        return None
    if isinstance(left, np.ndarray) or isinstance(right, np.ndarray) or not (finite(left) and finite(right)):
        return None
    if abs(complex(right)) < 1e-300:
        return None
    return complex(left), complex(right)


def _affine(pairs: Sequence[tuple[complex, complex]]) -> bool:
    """Whether the left values are the right ones scaled by one positive factor and shifted by one constant."""
    (l0, r0), (l1, r1), (l2, r2) = pairs[:3]
    if close(r1, r0) or close(r2, r0):
        return False
    factor = (l1 - l0) / (r1 - r0)
    return factor.real > 0 and abs(factor.imag) < 1e-9 and close(l2 - l0, factor * (r2 - r0))
