"""A result the author stated and was charged for, used again in a later step.

`\\frac{\\partial \\ell_j}{\\partial y_j} = -\\frac{Y_j}{y_j}` (a wrong sign, charged on its line), then
`\\sum_j \\frac{\\partial \\ell_j}{\\partial y_j} \\frac{\\partial y_j}{\\partial z_i} = \\sum_j -\\frac{Y_j}{y_j} \\frac{\\partial y_j}{\\partial z_i}`:
the later step substitutes the author's own result, and a TA charges the mistake once, where it was made,
not again on every line that uses it.  Only a derivative's value, or a plain name's, is so carried (the
results a derivation builds on), only into the earlier side of a step that is wrong otherwise, and only
under the same prose condition (a result stated for `i = j` says nothing where `i \\neq j`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import sympy

from grader.derivations.faults import judge
from grader.derivations.link_readings import is_derivative
from grader.derivations.terms import Term, resolve
from grader.mathengine.equivalence import ArgOpt, Checker, Verdict
from grader.results.models import LinkResult, Message


@dataclass(frozen=True)
class ChargedResult:
    """A derivative (or a plain name) the author gave a value through a chain with a charged step."""

    line: int
    """The line that ends the chain (the result as last stated)."""

    derivative: Term
    """The derivative (or the name) the chain computes, as written at its head."""

    value: Term
    """The value the author reached for it (the chain's last term)."""

    condition: str
    """The prose condition the chain was written under ("" where none)."""


def charged_result_noted(results: list[ChargedResult], charged_before: bool, number: int, start: Term | None,
                         chain: Sequence[Term], links: Sequence[LinkResult], lead: str | None, condition: str) -> bool:
    """Note the result of an `=` chain with a charged step in `results` (the entry of the same chain replaced
    as the chain goes on); whether the chain so far has a charged step, for its next line."""
    charged = any(k.valid is False for k in links)
    if lead == "=":
        charged = charged or charged_before
    elif lead is not None:
        return False  # a `\Rightarrow` line states something new: no value carried
    if charged and start is not None and _carried_kind(start.expr) and chain and chain[-1] is not start:
        results[:] = [r for r in results if r.derivative is not start]
        results.append(ChargedResult(number, start, chain[-1], condition))
    return charged


def _carried_kind(expr: Any) -> bool:
    """Whether a chain's head is a result a later step may build on: a derivative, or a plain name the
    author gives a value (`obj = \\prod_i p(Y_i|y_i)`, charged where it contradicts an earlier `obj = ...`,
    then `\\log obj = \\sum_i \\log p(Y_i|y_i)`: the step follows from the author's own statement)."""
    return is_derivative(expr) or isinstance(expr, sympy.Symbol)


def charged_result_carried(current: Checker, left: Term, right: Term, results: Sequence[ChargedResult],
                           argopts: dict[str, ArgOpt], condition: str) -> Verdict | None:
    """The step `left = right` with an earlier charged result substituted into `left`, where that makes it hold;
    None where no result does (the latest result tried first)."""
    for result in reversed(results):
        if result.condition != condition:
            continue
        verdict = judge(partial(_holds_substituted, current, left.expr, right.expr, result, argopts))
        if verdict.holds:
            statement = f"{result.derivative.source} = {result.value.source}"
            return Verdict(True, Message("derivation.carries", {"line": result.line, "statement": statement}))
    return None


def _holds_substituted(current: Checker, left: Any, right: Any, result: ChargedResult, argopts: dict[str, ArgOpt]) -> Verdict:
    """The comparison of `left`, the result substituted, with `right` (not checked where `left` does not use it)."""
    substituted = _substituted(left, result)
    if substituted is None:
        return Verdict(None, None)
    return current.same_values(resolve(substituted, argopts), resolve(right, argopts))


def _substituted(expr: Any, result: ChargedResult) -> Any:
    """`expr` with the result's derivative replaced by its value; None where `expr` does not contain it."""
    derivative, value = result.derivative.expr, result.value.expr
    if not (isinstance(expr, sympy.Basic) and isinstance(derivative, sympy.Basic) and isinstance(value, sympy.Basic)):
        return None
    wanted = _written_alike(derivative)
    found = {sub: value for sub in sympy.preorder_traversal(expr)
             if isinstance(sub, type(derivative)) and _written_alike(sub) == wanted}
    if not found or expr in found:
        return None  # the whole side is the derivative: a restatement, judged as it is
    return expr.xreplace(found)


def _written_alike(expr: sympy.Basic) -> sympy.Basic:
    """`expr` with each entry of one index read as the name it is written as: the head's `\\ell_j` (a name of its
    own) and the `\\ell_j` inside a sum over j (an entry of ℓ) are the same derivative as written."""
    entries = {entry: sympy.Symbol(f"{entry.base.label}_{entry.indices[0]}")
               for entry in expr.atoms(sympy.Indexed) if len(entry.indices) == 1}
    return expr.xreplace(entries)
