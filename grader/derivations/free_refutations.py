r"""A step in letters the derivation never defines that no value of them can make right.

`\alpha^2 \mathrm{Var}(z) = 2 \alpha^2 n \mathrm{Var}(w) \mathrm{Var}(a)`: whatever the author's α stands for, the two
sides differ by the factor 2, a wrong coefficient in the problem's own quantities.  `free_letters` passes a step that
holds for arbitrary values of such letters and leaves the others unchecked (the author may mean values where it
holds); here a step is charged only where the letters cancel out: drawn at several values, the ratio of the sides
(or their difference) stays the same and is not 1 (not 0) at a point of the problem.  Then no value of the letters
makes it hold at that point, and the feedback says so.

Only plain number letters (no index, no array, no function nobody defines): their values are the whole question.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from grader.mathengine.equivalence import Checker, Verdict, close
from grader.mathengine.evaluate import EvaluationError
from grader.results.i18n import define
from grader.results.models import Message

define(
    {
        "free_refutations.refuted": (
            ("Not valid for any value of {names} (letters the derivation uses without defining them): at the point "
             "shown the left side is {ratio} times the right side whatever they stand for."),
            "{names}（推导中未定义的字母）取任何值都不成立：在所示的点上，无论它们代表什么，左边都是右边的 {ratio} 倍。",
        ),
        "free_refutations.refuted_difference": (
            ("Not valid for any value of {names} (letters the derivation uses without defining them): at the point "
             "shown the two sides differ by {difference} whatever they stand for."),
            "{names}（推导中未定义的字母）取任何值都不成立：在所示的点上，无论它们代表什么，两边都相差 {difference}。",
        ),
    }
)

#: Draws of the letters the ratio (or difference) must keep its value over.
_DRAWS = 5

#: Fixed: the values never depend on a submission's seed (same code, same grade).
_SEED = 20_261_209

#: Below this size a side counts as zero: no ratio is taken of it.
_TINY = 1e-9


def refuted_whatever_the_letters(checker: Checker, left: Any, right: Any, scalars: frozenset[str], point: dict) -> Verdict | None:
    """An invalid verdict where `left = right` fails at `point` for every value of the plain letters `scalars`
    (see the module's note); None where it may hold for some value, or the sides cannot be compared."""
    if not scalars:
        return None
    rng = np.random.default_rng(_SEED)
    ratios, differences = [], []
    for _ in range(_DRAWS):
        values = {name: float(rng.uniform(0.4, 1.6)) for name in sorted(scalars)}
        evaluator = checker.evaluator({**point, **values})
        try:
            a, b = complex(evaluator.scalar(left)), complex(evaluator.scalar(right))
        except (EvaluationError, TypeError, ValueError):
            return None
        if not (np.isfinite(a) and np.isfinite(b)):
            return None
        differences.append(a - b)
        ratios.append(a / b if abs(a) > _TINY and abs(b) > _TINY else None)
    names = ", ".join(sorted(scalars))
    first = ratios[0]
    if first is not None and all(r is not None and close(r, first) for r in ratios) and not close(first, 1):
        return Verdict(False, Message("free_refutations.refuted", {"names": names, "ratio": _shown(first)}))
    if all(close(d, differences[0]) for d in differences) and abs(differences[0]) > _TINY and not close(differences[0], 0):
        return Verdict(False, Message("free_refutations.refuted_difference", {"names": names, "difference": _shown(differences[0])}))
    return None


def _shown(value: complex) -> str:
    """A real number as the feedback shows it (6 significant digits)."""
    return f"{value.real:.6g}" if abs(value.imag) < 1e-12 else f"{value:.6g}"
