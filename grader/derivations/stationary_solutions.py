r"""The optimality condition, solved for the parameter: a line about the minimizer, on the branch it is written for.

Deriving the L1 soft threshold, authors set the derivative to zero and solve it with the parameter's own
letter: `H_{i,i}(w_i - w_i^*) + \alpha\,\mathrm{sign}(w_i) = 0`, then `w_i = w_i^* - \frac{\alpha}{H_{i,i}}
\mathrm{sign}(w_i)`, then (the sign of the solution is the sign of w_i^*) `w_i = \mathrm{sign}(w_i^*)(|w_i^*| -
\frac{\alpha}{H_{i,i}})`.  Read as identities in w these are false; a TA reads w_i there as the minimizer's entry
(the equation's solution), and `\mathrm{sign}(w_i)` as the derivative of |w_i|, which exists only where w_i is not
0: the lines are statements about the minimizer on its non-zero branch, and true there.

So, in a problem that draws its parameter at its minimizer (a scenario named `optimum-w`), an `=` link that
fails as an identity, on a line that writes the sign of an entry of the parameter, is checked again at those
points, where the entries of the parameter the line uses are not 0.  It is valid if it holds there, and the
feedback says which reading was taken; a wrong solution (a sign slip, the curvature dropped, a wrong threshold)
fails there too and stays charged.
"""

from __future__ import annotations

import re
from typing import Any

import sympy

from grader.mathengine.equivalence import Checker, Verdict
from grader.results.i18n import define
from grader.results.models import Message

define(
    {
        "derivation.reading_at_the_minimizer": (
            "a statement about the minimizer, where {entries} is not 0 (sign is the derivative of the absolute value there)",
            "关于最优解的陈述，在 {entries} 不为 0 处（那里 sign 是绝对值的导数）",
        ),
    }
)

#: The scenario whose points put the parameter at the problem's minimizer.
AT_THE_MINIMIZER = "optimum-w"

_SIGN = re.compile(r"\b(?:sign|sgn)\b|\\(?:operatorname|mathrm|text)\s*\{\s*(?:sign|sgn)\s*\}")


def at_the_minimizer(checker: Checker, left: Any, right: Any, line_text: str, verdict: Verdict) -> Verdict:
    """`verdict` on the link `left = right`, or a valid verdict where the link is a statement about the minimizer
    on its non-zero branch (see above)."""
    if verdict.holds is not False or not _SIGN.search(line_text):
        return verdict
    at_minimum = [s for s in checker.scenarios if s.name == AT_THE_MINIMIZER]
    parameters = set(getattr(checker, "parameters", ())) or {"w"}  # the course's letter for the weights, where none is declared
    if not at_minimum or not isinstance(left, sympy.Basic) or not isinstance(right, sympy.Basic):
        return verdict
    entries = sorted({e for side in (left, right) for e in side.atoms(sympy.Indexed) if str(e.base) in parameters}, key=str)
    if not entries or not _sign_of_entry(left, right):
        return verdict
    branch = checker.with_scenarios(at_minimum).with_conditions(tuple((entry, sympy.Integer(0)) for entry in entries))
    if not branch.points(at_minimum[0]):
        return verdict
    held = branch.same_values(left, right)
    if not held.holds:
        return verdict
    reading = Message("derivation.reading_at_the_minimizer", {"entries": ", ".join(_written(e) for e in entries)})
    return Verdict(True, Message("derivation.reading", {"reading": reading}))


def _written(entry: sympy.Indexed) -> str:
    """`w_i` for the entry w[i]."""
    return f"{entry.base}_{''.join(str(index) for index in entry.indices)}"


def _sign_of_entry(left: Any, right: Any) -> bool:
    """The link takes the sign of an entry of the parameter or of the optimum it is compared with (w_i, w_i^*)."""
    for side in (left, right):
        for call in side.atoms(sympy.Function):
            if getattr(call.func, "__name__", "") in ("sign", "sgn") and call.atoms(sympy.Indexed):
                return True
    return False
