r"""`A \approx B` that is an equality under the condition the problem sets: exact there, so valid.

Xavier's derivation ends `n \cdot Var(w) \cdot Var(a) \approx Var(a)`: the two sides are not equal for every
variance of the weights, but they are equal wherever the variance is kept through the layer, the condition the
problem asks the derivation to meet (and the author states, `Var(z) \approx Var(a)`).  A TA reads the `\approx`
as "under that condition", and accepts the step because it holds there with equality.  The problem's conditions
are the cases its scenarios after the first (the generic one) draw; so a line `A \approx B` with both sides the
problem's quantities, not equal in the generic case, is valid where it holds at every point of one of those cases
(and is not just `0 \approx 0` there, nor about a derivative, whose zeros at a special point prove nothing).
Anything else stays what it was: a remark that costs nothing.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy

from grader.mathengine.equivalence import Checker
from grader.mathengine.evaluate import EvaluationError
from grader.mathengine.sampled_values import close, finite
from grader.results.i18n import define
from grader.results.models import LinkResult, Message

define(
    {
        "assumed_conditions.exact_under_condition": (
            ("Valid: an approximation that holds with equality under the condition the problem sets (read as "
             "\"under that condition\", as the derivation works under it)."),
            "成立：在题目设定的条件下等号成立的近似（理解为“在该条件下”，推导正是在此条件下进行的）。",
        ),
    }
)

#: Points of a case the sides must agree at (and at least this many must evaluate).
_POINTS = 4
_USABLE = 2


def exact_under_condition(checker: Checker, sides: tuple[Any, Any], sources: tuple[str, str]) -> LinkResult | None:
    """The valid link `A \\approx B` where the sides agree at every point of one of the problem's special cases;
    None where they agree in none (see the module's docstring)."""
    if any(not isinstance(side, sympy.Basic) or side.has(sympy.Derivative) for side in sides):
        return None
    for scenario in checker.scenarios[1:]:
        if _agree_throughout(checker, scenario, sides):
            return LinkResult(sources[0], "\\approx", sources[1], True, Message("assumed_conditions.exact_under_condition"))
    return None


def _agree_throughout(checker: Checker, scenario: Any, sides: tuple[Any, Any]) -> bool:
    """Whether both sides evaluate, finite and not both zero, and agree, at every point of the case that evaluates
    (enough of them)."""
    usable = 0
    for values in checker.points(scenario)[:_POINTS]:
        try:
            evaluator = checker.evaluator(values)
            a, b = evaluator.value(sides[0]), evaluator.value(sides[1])
        except (EvaluationError, TypeError, ValueError):
            continue
        if np.shape(a) != np.shape(b) or not finite(a) or not finite(b):
            return False
        if not close(a, b) or (close(a, 0) and close(b, 0)):
            return False
        usable += 1
    return usable >= _USABLE
