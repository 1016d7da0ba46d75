r"""`A \approx B` that is an equality under the condition the problem sets: exact there, so valid.

Xavier's derivation ends `n \cdot Var(w) \cdot Var(a) \approx Var(a)`: the two sides are not equal for every
variance of the weights, but they are equal wherever the variance is kept through the layer, the condition the
problem asks the derivation to meet (and the author states, `Var(z) \approx Var(a)`).  A TA reads the `\approx`
as "under that condition", and accepts the step because it APPLIES the condition: the side after `\approx` is what
is left once the condition is used, free of what the condition fixes.  So a line `A \approx B` with both sides the
problem's quantities, not equal in the generic case, is valid where

- the problem's condition is its first scenario after the generic one (the key lists the problem's own assumption
  first: Xavier's n Var(w) = 1; never the other cases it draws, Glorot's compromise or the backward pass), and
  that scenario draws its points as the generic one does, with a few values then set by the condition;
- the sides agree at every point of that scenario (and are not just `0 \approx 0` there, nor about a derivative,
  whose zeros at a special point prove nothing);
- B takes the same value at each of those points as at the generic point drawn from the same stream (the point
  before the condition set its values): B does not rest on what the condition fixes.  `Var(z) \approx
  Var(a) / (n Var(w))` or `\approx n^2 Var(w)^2 Var(a)` agree with Var(z) under n Var(w) = 1 but still write the
  variance the condition fixes: not its application, and no more than a remark; so is `w \approx \tilde w` where
  the condition puts w at the minimizer.

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

#: The stream the paired points (the condition's, the generic one before it) are drawn from, apart from the checker's.
_STREAM = 11


def exact_under_condition(checker: Checker, sides: tuple[Any, Any], sources: tuple[str, str]) -> LinkResult | None:
    """The valid link `A \\approx B` where B is A under the problem's condition (see the module's docstring); None
    otherwise."""
    if any(not isinstance(side, sympy.Basic) or side.has(sympy.Derivative) for side in sides):
        return None
    if len(checker.scenarios) < 2:
        return None
    if _condition_applied(checker, checker.scenarios[0], checker.scenarios[1], sides):
        return LinkResult(sources[0], "\\approx", sources[1], True, Message("assumed_conditions.exact_under_condition"))
    return None


def _condition_applied(checker: Checker, generic: Any, condition: Any, sides: tuple[Any, Any]) -> bool:
    """Whether both sides evaluate, finite and not both zero, and agree, at every point of the condition's case
    that evaluates (enough of them), and the right side takes there the value it takes at the generic point drawn
    from the same stream (it does not rest on what the condition sets)."""
    usable = 0
    for number in range(_POINTS):
        size = checker.sizes[number % len(checker.sizes)] if checker.sizes else 2
        seed = [abs(checker.seed), _STREAM, number]
        try:
            values, before = condition.sample(np.random.default_rng(seed), size), generic.sample(np.random.default_rng(seed), size)
            a, b = checker.evaluator(values).value(sides[0]), checker.evaluator(values).value(sides[1])
            unconditioned = checker.evaluator(before).value(sides[1])
        except (EvaluationError, TypeError, ValueError, KeyError):
            continue
        if any(np.shape(v) != np.shape(a) or not finite(v) for v in (b, unconditioned)) or not finite(a):
            return False
        if not close(a, b) or (close(a, 0) and close(b, 0)) or not close(b, unconditioned):
            return False
        usable += 1
    return usable >= _USABLE
