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

Only the condition or its solution is read so, never a claim about the objective's derivative: at the minimizer
that derivative is 0, so a wrong one that also vanishes there (the condition divided by H_ii, doubled, halved)
would hold.  A link with a derivative or a gradient on either side is an identity in w and must hold as one; and
a link whose two sides both vanish at the minimizer says nothing about it unless one side is written as 0 (the
condition itself): `H_ii(w_i - w_i^*) + \alpha sign(w_i) = 2H_ii(w_i - w_i^*) + ...` stays charged.
"""

from __future__ import annotations

import re
from typing import Any

import sympy

from grader.mathengine.equivalence import Checker, Verdict
from grader.mathparse.nodes import Gradient, MatrixGradient
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
    if not entries or not _about_the_minimizer(left, right):
        return verdict
    branch = checker.with_scenarios(at_minimum).with_conditions(tuple((entry, sympy.Integer(0)) for entry in entries))
    if not branch.points(at_minimum[0]):
        return verdict
    # both sides 0 at the minimizer, neither written as 0: `0 = 0` there, no statement about it (same_values)
    if not branch.same_values(left, right, special_points=True).holds:
        return verdict
    reading = Message("derivation.reading_at_the_minimizer", {"entries": ", ".join(_written(e) for e in entries)})
    return Verdict(True, Message("derivation.reading", {"reading": reading}))


def _written(entry: sympy.Indexed) -> str:
    """`w_i` for the entry w[i]."""
    return f"{entry.base}_{''.join(str(index) for index in entry.indices)}"


def _about_the_minimizer(left: sympy.Basic, right: sympy.Basic) -> bool:
    """The link takes the sign of an entry and writes no derivative: the condition or its solution."""
    return _sign_of_entry(left, right) and not (_derivative_written(left) or _derivative_written(right))


def _derivative_written(side: sympy.Basic) -> bool:
    """The side is, or holds, a derivative or a gradient (of the objective): an identity in w, never read at the
    minimizer, where the objective's derivative is 0."""
    return side.has(sympy.Derivative, Gradient, MatrixGradient)


def _sign_of_entry(left: Any, right: Any) -> bool:
    """The link takes the sign of an entry of the parameter or of the optimum it is compared with (w_i, w_i^*)."""
    for side in (left, right):
        for call in side.atoms(sympy.Function):
            if getattr(call.func, "__name__", "") in ("sign", "sgn") and call.atoms(sympy.Indexed):
                return True
    return False
