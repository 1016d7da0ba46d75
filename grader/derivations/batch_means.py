r"""A result restated as the mean over a batch: `\frac{\partial E}{\partial z} = \frac{1}{N}(y - Y)`.

After deriving one sample's gradient, authors often add the batch version, the loss averaged over N samples,
whose gradient with respect to one sample's logits is 1/N times that sample's: `\frac{1}{N}(y - Y)`,
`\frac{1}{m}(\hat y - y)`.  N is the author's batch size, a letter the problem does not know and no line
defines.  A careful TA reads the line as that remark, not as a claim that the one sample's gradient is divided
by N.  The reading is taken only where the letter appears once, as the factor 1/N of one whole side, the other
side is free of it and is a derivative (a gradient restated), and the side without the factor is what the other
side is: one sample, N = 1.  A wrong result restated so stays unchecked (charged as such, never passed), its
feedback saying it does not hold for one sample; the feedback says which reading was taken.

A batch exists only where the problem's loss is one sample's: a cross-entropy of labels drawn on the simplex
(`class_letters.cross_entropy_families`).  Where the problem's quantities have no batch (a regularized optimum,
a layer's variance, a likelihood already summed over the data) a factor 1/N is a mistake of the author's, and
the line keeps its verdict.  And a restatement restates something: an earlier line judged right, after a line
judged right that writes a derivative, must have derived the per-sample result, and the line's side without
the factor must be that result: a 1/N on a first gradient is not read.  (Where the line writes a derivative
derived before and its side without the factor is not what was derived, it stays unchecked, saying why.)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import sympy

from grader.derivations.class_letters import cross_entropy_families
from grader.derivations.terms import Term
from grader.mathengine.equivalence import Checker, Verdict
from grader.mathparse import Notation
from grader.mathparse.nodes import Gradient
from grader.results.i18n import define
from grader.results.models import DerivationLine, Message

#: How many values derived before a restated batch mean is compared with (the latest ones).
_COMPARED = 6

#: How many lines before a batch mean are looked at for the per-sample result (a bound on each line's cost).
_WINDOW = 40

define(
    {
        "derivation.reading_batch_mean": (
            "the mean over a batch of {size} samples ({size} the author's batch size), checked for one sample ({size} = 1)",
            "对 {size} 个样本的批取平均（{size} 为作者的批大小），按单个样本（{size} = 1）检查",
        ),
        "derivation.batch_mean_differs": (
            ("This could not be checked: {size} has no value here, and read as the author's batch size (the mean over "
             "{size} samples) it does not hold for one sample ({size} = 1)."),
            "无法检查：{size} 在此没有取值；若把 {size} 读作作者的批大小（对 {size} 个样本取平均），此式对单个样本（{size} = 1）也不成立。",
        ),
    }
)


def batch_mean_read(checker: Checker, notation: Notation, left: Any, right: Any, verdict: Verdict, known: set[str],
                    derived: Callable[[], Sequence[sympy.Basic]]) -> Verdict:
    """The verdict on `A = \\frac{1}{N} B` (or the sides swapped) read as the batch mean of B, where N is a letter
    with no value here, the problem's loss is one sample's and `derived()` (the derivatives and values of the lines
    judged right before, as `derived_results` gives them) holds the per-sample result; `verdict` itself otherwise."""
    size = _missing_letter(verdict)
    if size is None or size in known or not isinstance(left, sympy.Expr) or not isinstance(right, sympy.Expr):
        return verdict
    letter = sympy.Symbol(size)
    for one, mean in ((left, right), (right, left)):
        per_sample = _without_mean(mean, letter)
        if per_sample is None or letter in one.free_symbols:
            continue
        if not one.has(sympy.Derivative, Gradient):
            continue  # `y_i = \\frac{e^{z_i}}{S}`: S is the author's own name, not a batch's size
        if cross_entropy_families(notation, checker) is None:
            return verdict  # no batch in the problem: a factor of the author's own
        results = derived()
        restated = _restates_value(checker, notation, per_sample, results)
        if restated and checker.same_values(one, per_sample).holds:
            reading = Message("derivation.reading_batch_mean", {"size": size})
            return Verdict(True, Message("derivation.reading", {"reading": reading}))
        if restated or any(one == earlier for earlier in results):  # the gradient derived before, restated wrong
            return Verdict(None, Message("derivation.batch_mean_differs", {"size": size}))
        return verdict  # no per-sample result before it: a factor of the author's own
    return verdict


def derived_results(lines: Sequence[DerivationLine], terms: Sequence[Term]) -> list[sympy.Basic]:
    """The terms of the lines judged right (every link valid) among the last few judged, from the first such line
    that writes a derivative on: the per-sample gradients derived so far and their values."""
    recent = lines[-_WINDOW:]
    right = {line.number for line in recent if line.links and all(link.valid is True for link in line.links)}
    if not right:
        return []
    first = min(right)
    window: list[Term] = []
    for term in reversed(terms):  # in the order of the lines: stop at the window's first
        if term.line < first:
            break
        window.append(term)
    out: list[sympy.Basic] = []
    for term in reversed(window):
        if term.line in right and isinstance(term.expr, sympy.Basic):
            if out or term.expr.has(sympy.Derivative, Gradient):
                out.append(term.expr)
    return out


def _restates_value(checker: Checker, notation: Notation, per_sample: sympy.Expr, derived: Sequence[sympy.Basic]) -> bool:
    """Whether `per_sample` is a value derived before (the latest few only: each is a comparison), its one free
    index read as the one the value was derived at (the same result written at another index)."""
    values = [earlier for earlier in derived if not earlier.has(sympy.Derivative, Gradient)][-_COMPARED:]
    return any(checker.same_values(_at_index_of(per_sample, earlier, notation), earlier).holds for earlier in values)


def _at_index_of(expr: sympy.Expr, other: sympy.Basic, notation: Notation) -> sympy.Expr:
    """`expr` with its one free index renamed to the one free index of `other`, where each has exactly one."""
    indices = set(notation.index_ranges)
    own = [s for s in expr.free_symbols if isinstance(s, sympy.Symbol) and s.name in indices]
    theirs = [s for s in other.free_symbols if isinstance(s, sympy.Symbol) and s.name in indices]
    if len(own) == 1 and len(theirs) == 1 and theirs[0] not in expr.atoms(sympy.Symbol):  # never onto a bound index
        return expr.xreplace({own[0]: theirs[0]})
    return expr


def _missing_letter(verdict: Verdict) -> str | None:
    """The one-letter name a step could not be checked for want of a value of, if that is why."""
    reason = verdict.reason
    if verdict.holds is not None or reason is None or reason.key != "equivalence.could_not_evaluate":
        return None
    error = reason.params.get("error")
    name = error.params.get("name") if isinstance(error, Message) else None
    return name if isinstance(name, str) and len(name) == 1 and name.isalpha() else None


def _without_mean(side: sympy.Expr, letter: sympy.Symbol) -> sympy.Expr | None:
    """`B` of a side written `\\frac{1}{N} B` (N appearing nowhere else), else None."""
    if letter not in side.free_symbols:
        return None
    # term by term, never `sympy.expand`: a side such as `(p+q+r+s+t+u)^{30}` must not be multiplied out
    rest = sympy.Add(*(term * letter for term in side.args)) if isinstance(side, sympy.Add) else side * letter
    if letter in rest.free_symbols:
        return None
    return rest
