"""Second looks at a link a first comparison did not pass: the readings under which a step still holds."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import sympy
from sympy.core.function import AppliedUndef

from grader.derivations.terms import Term
from grader.mathengine.equivalence import Checker, Verdict
from grader.mathengine.evaluate import EvaluationError, Timeout
from grader.mathengine.gradients import GRADIENT_NAMES
from grader.mathengine.moments import cross_terms_disagree
from grader.mathparse import Notation
from grader.results.models import LinkResult, Message

_DECIMAL = re.compile(r"^\s*[-+]?\s*\d*\.(\d+)\s*[.,]?\s*$")


def random_outside_expectation(checker: Checker, verdict: Verdict) -> bool:
    """Whether a link went undecided only because a random variable stands outside E[...] or Var(...)."""
    variances = getattr(getattr(checker, "special", {}).get("E"), "variances", None)
    if not variances or verdict.reason is None or verdict.reason.key != "equivalence.could_not_evaluate":
        return False
    error = verdict.reason.params.get("error")
    name = str(error.params.get("name", "")) if isinstance(error, Message) else ""
    return name.split("_")[0] in variances or name in variances or name in GRADIENT_NAMES


def same_moments(checker: Checker, left: Term, right: Term, verdict: Verdict) -> Verdict:
    """`z = w_1 a_1 + \\dots + w_n a_n` (random on both sides): the two sides have the same mean and
    the same variance (the step restates the model); a different mean or variance refutes it."""
    if not (isinstance(left.expr, sympy.Expr) and isinstance(right.expr, sympy.Expr)):
        return verdict
    if any(isinstance(f, AppliedUndef) and f.func.__name__ in ("E", "Var") for t in (left.expr, right.expr) for f in t.atoms(AppliedUndef)):
        return verdict
    mean, variance = sympy.Function("E"), sympy.Function("Var")
    for moment in (mean, variance):
        compared = checker.same_values(moment(left.expr), moment(right.expr))
        if not compared.holds:
            return compared if compared.holds is False else verdict
    # equal moments are not equal variables (`-\sum_k w_k g_k` has the moments of `\sum_k w_k g_k`): where the
    # model computes the difference's variance, it must be 0
    apart = checker.same_values(variance(left.expr - right.expr), sympy.Integer(0))
    if apart.holds is False and apart.reason is not None:
        spread = Message("derivation.different_variables", {"variance": apart.reason.params.get("left", "")})
        return Verdict(False, spread, apart.counterexample)
    return Verdict(True, Message("derivation.same_moments"))


def distinct_indices(checker: Checker, left: Term, right: Term, notation: Notation, verdict: Verdict) -> Verdict:
    """`\\frac{\\partial y_i}{\\partial z_j} = -y_i y_j`: two different letters for two free indices
    are read as different indices, as a reader does; the step holds where they differ, and the
    feedback says so.  (Where they are equal is not assumed: one letter would be written.)"""
    indices = {sympy.Symbol(name) for name in notation.index_ranges}
    free = sorted(free_indices(left.expr, indices) | free_indices(right.expr, indices), key=str)
    if len(free) != 2:
        return verdict
    first, second = free
    under = checker.with_conditions(((first, second),))
    if not under.points(checker.scenarios[0]):
        return verdict
    held = under.same_values(left.expr, right.expr)
    if held.holds:
        return Verdict(True, Message("derivation.holds_where_distinct", {"first": str(first), "second": str(second)}))
    return verdict


def free_indices(expr: Any, indices: set) -> set:
    """The index symbols free in `expr`, those of a derivative's variables (`∂E/∂z_j`) included."""
    if not isinstance(expr, sympy.Basic):
        return set()
    free = set(expr.free_symbols)
    for derivative in expr.atoms(sympy.Derivative):
        for variable in derivative.variables:
            free |= variable.free_symbols
    return free & indices


def expansion_checked(checker: Checker, left: Term, right: Term, verdict: Verdict) -> Verdict:
    """An equality of expectations that holds only because wrongly written cross terms vanish in
    expectation (`2\\sum_{j \\neq k}` for `\\sum_{j \\neq k}`) is a wrong expansion."""
    points = checker.points(checker.scenarios[0])
    if not points or not cross_terms_disagree(checker.evaluator(points[0]), left.expr, right.expr):
        return verdict
    return Verdict(False, Message("derivation.cross_terms"))


def rounded_equal(checker: Checker, left: Term, right: Term) -> Verdict | None:
    """`-\\log(0.245) = 1.406`: a number written to d decimals is right when the other side rounds
    to it (within half a unit of its last digit); None when this does not apply."""
    for written, other in ((right, left), (left, right)):
        match = _DECIMAL.match(written.source)
        if match is None or not isinstance(other.expr, sympy.Basic) or other.expr.free_symbols:
            continue
        try:
            value = checker.evaluator({}).value(other.expr)
            number = checker.evaluator({}).value(written.expr)
        except (EvaluationError, Timeout):
            return None
        if isinstance(value, complex) and abs(value.imag) > 1e-12:
            return None
        decimals = len(match.group(1))
        if abs(complex(value) - complex(number)) <= 0.5 * 10 ** -decimals * (1 + 1e-9):
            return Verdict(True, Message("derivation.rounded", {"digits": decimals}))
    return None


def with_readings(links: list[LinkResult], readings: tuple[str, ...]) -> list[LinkResult]:
    """Say which reading was taken where the text allows two (on the line's first plainly valid link).  A chain read
    around a part written with an ellipsis (`A = -a_1 - \\dots = B` as `A = B`, reading ``elided_bridge``) is charged
    where a step fails, never passed: the terms written before the ellipsis are not read and may be wrong."""
    if readings[0] == "elided_bridge":
        return [replace(link, valid=None, reason=Message("derivation.elided_bridge")) if link.valid else link for link in links]
    if readings[0] == "elided_tail":  # `A = B = a_1 + \\dots`: A = B checked, the step into the written terms is not
        links = [*links, LinkResult("", "=", "", None, Message("derivation.elided_step"))]
    for at, link in enumerate(links):
        if link.valid and link.reason is None:
            note = Message("derivation.reading", {"reading": Message(f"derivation.reading_{readings[0]}")})
            return [*links[:at], replace(link, reason=note), *links[at + 1:]]
    return links


def two_quantities(left: Any, right: Any, known: set[str], notation: Notation) -> bool:
    """Whether both sides are bare names of the problem's quantities (no index letter, no operator)."""
    return all(isinstance(side, sympy.Symbol) and side.name in known and side.name not in notation.index_ranges
               for side in (left, right)) and left != right


def minimizes(checker: Checker) -> bool:
    """Whether the problem minimizes an objective (it has parameters or an optimum to look at): only there
    is a derivative set to zero the condition of the result, not a claim that it vanishes."""
    names = {s.name for s in checker.scenarios} | set(getattr(checker, "unseen", ()))  # the kit knows the key's by name
    return bool(getattr(checker, "parameters", ())) or "optimum" in names


def is_zero(expr: Any) -> bool:
    """Whether a term is written as 0 (a number or a zero matrix)."""
    return isinstance(expr, (sympy.Expr, sympy.MatrixExpr)) and (expr == 0 or isinstance(expr, sympy.ZeroMatrix))


def is_derivative(expr: Any) -> bool:
    """Whether a term is a derivative or a gradient (of an objective): `\\nabla_w J(w)`, `\\frac{dJ}{dw}`."""
    from grader.mathparse.nodes import Gradient, MatrixGradient

    return isinstance(expr, (sympy.Derivative, Gradient, MatrixGradient))


def no_value(verdict: Verdict) -> bool:
    """Whether a step could not be checked for want of values (not for time, nor for a fault of ours)."""
    return verdict.reason is not None and verdict.reason.key == "equivalence.could_not_evaluate"
