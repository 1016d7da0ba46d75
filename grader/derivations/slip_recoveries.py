r"""A slip in copying one intermediate line, and the next line that simplifies the last line before it.

Authors copy a long fraction and garble it on one line of a chain (`= \frac{e^{z_i}}{\Sigma}\frac{\frac{e^{z_i}}
{\Sigma} - e^{z_i}}{\Sigma}` where `\frac{e^{z_i}}{\Sigma}\frac{\Sigma - e^{z_j}}{\Sigma}` was meant: one piece written
in the place of another piece of the same line), then write the result that the line before the slip simplifies
to (`= y_i(1 - y_j)`).  A careful TA charges the garbled line and reads the next one as the simplification of the
last line that was right: that step holds.  The reading is taken only in that shape: the charged line is a lone
continuation (`= X`, one link, found wrong) that becomes the line before it once ONE of its pieces is replaced by
another piece it writes (a copying slip, as `slips.index_typo` is a slip of one index letter; a wrong rule, such as
a derivative taken wrongly or a sum of variances for a product's, and a coefficient or exponent written wrong, such
as a letter's first power where its square was meant, are no slip and the result after them is still charged), the
line before it ended on a step judged right, the term it ended on is not the chain's start, and the new line's
value is that term's (under the line's conditions).  The feedback names the line it follows from.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import sympy

from grader.derivations.line_state import LineChain, LineState
from grader.derivations.terms import resolve
from grader.mathengine.equivalence import Checker, Verdict
from grader.mathengine.evaluate import EvaluationError
from grader.results.i18n import define
from grader.results.models import Message

define(
    {
        "derivation.recovers_after_slip": (
            ("Equal to {term}, where line {line} ended before the slip of the line before (charged there): "
             "this line simplifies that expression, and is right."),
            "等于第 {line} 行末尾的 {term}（上一行的笔误已在那里扣分）：此行是对该式的化简，正确。",
        ),
    }
)


def slip_recovered(state: LineState, line: LineChain, k: int, verdict: Verdict) -> Verdict:
    """The verdict on the first link of `= R` after a slip (see the module's docstring); `verdict` itself elsewhere."""
    if not (verdict.holds is False and k == 0 and line.lead == "=" and len(state.lines) >= 2 and state.previous_terms):
        return verdict
    slipped, before = state.lines[-1], state.lines[-2]
    if len(slipped.links) != 1 or slipped.links[0].valid is not False or len(state.previous_terms) != 2:
        return verdict
    last_right = before.links[-1] if before.links and before.error is None else None
    term = state.previous_terms[0]
    if last_right is None or last_right.valid is not True or last_right.right != term.source or term is state.chain_start:
        return verdict
    if last_right.reason is not None and last_right.reason.key != "derivation.reading":
        return verdict  # a definition or a recovered step: no simplification shown to follow
    right = line.chain[k + 1]
    if not copy_slip(line.current, resolve(state.previous_terms[1].expr, state.argopt_names), resolve(term.expr, state.argopt_names)):
        return verdict
    recovered = line.current.same_values(resolve(term.expr, state.argopt_names), resolve(right.expr, state.argopt_names))
    if not recovered.holds:
        return verdict
    return Verdict(True, Message("derivation.recovers_after_slip", {"term": term.source, "line": before.number}))


#: What a variant without a value at the point raises (the time limit is not one: it ends the search).
_NO_VALUE = (EvaluationError, TypeError, ValueError, AttributeError, ZeroDivisionError, OverflowError)

#: Bounds on the search for a copying slip (pieces of the line tried, places tried): a garbled long line stays cheap.
MAX_PIECES = 24
MAX_PLACES = 60


def copy_slip(checker: Checker, written: Any, meant: Any) -> bool:
    """Whether `written` equals `meant` once one place of it holds another piece it writes (at a first point, then
    at every point): a piece copied into the wrong place."""
    if not isinstance(written, sympy.Expr) or not isinstance(meant, sympy.Expr) or written.has(sympy.Derivative):
        return False
    written_pieces = list(_pieces(written))
    pieces = [p for p in dict.fromkeys(written_pieces) if not p.is_number][:MAX_PIECES]
    counts = {piece: written_pieces.count(piece) for piece in pieces}
    first = next((p for scenario in checker.scenarios for p in checker.points(scenario)), None)
    if first is None:
        return False
    evaluator = checker.evaluator(first)
    try:
        target = complex(evaluator.value(meant))
    except _NO_VALUE:  # a side the evaluator cannot take at the point: no slip found
        return False
    for places, variant in enumerate(_one_place_replaced(written, pieces, counts)):
        if places >= MAX_PLACES * MAX_PIECES:
            return False
        try:
            if abs(complex(evaluator.value(variant)) - target) > 1e-9 * max(1.0, abs(target)):
                continue
        except _NO_VALUE:  # a variant that has no value here
            continue
        if checker.same_values(variant, meant).holds:
            return True
    return False


def _pieces(expr: Any) -> Iterator[Any]:
    """The sub-expressions of `expr` a slip may copy (not inside an entry's indices or a sum's limits)."""
    yield expr
    if isinstance(expr, (sympy.Indexed, sympy.Symbol)) or not isinstance(expr, sympy.Basic):
        return
    for arg in expr.args[:1] if isinstance(expr, (sympy.Sum, sympy.Product)) else expr.args:
        yield from _pieces(arg)


def _one_place_replaced(expr: Any, pieces: list[Any], counts: dict[Any, int]) -> Iterator[Any]:
    """`expr` with one of its places (one node of its tree) holding one of `pieces` instead (`counts`: how often
    each piece is written on the whole line)."""
    for piece in pieces if isinstance(expr, (sympy.Add, sympy.Mul)) else ():
        # a piece written elsewhere on the line in the place of a sum or product (a letter or a power read as another
        # is a slip of its own, `slips`), not the place's own part kept with the rest dropped
        if piece != expr and not piece.has(expr) and counts.get(piece, 0) > _count(expr, piece) and _shape(piece) != _shape(expr):
            yield piece
    if isinstance(expr, (sympy.Indexed, sympy.Symbol, sympy.Number)) or not isinstance(expr, sympy.Basic):
        return
    args = list(expr.args)
    for at in range(1 if isinstance(expr, (sympy.Sum, sympy.Product)) else len(args)):
        if args[at].is_number:
            continue  # a coefficient or an exponent written wrong is a mistake of its own, not a piece copied
        for variant in _one_place_replaced(args[at], pieces, counts):
            yield expr.func(*args[:at], variant, *args[at + 1:])


def _shape(expr: Any) -> Any:
    """`expr` with its numbers blanked: `p^{-1}` and `p^{-2}` (an exponent written wrong, no piece copied) share one."""
    return expr.xreplace(dict.fromkeys(expr.atoms(sympy.Number), _NUMBER))


_NUMBER = sympy.Symbol("_number")


def _count(expr: Any, piece: Any) -> int:
    """How often `piece` is written in `expr`."""
    return sum(1 for node in _pieces(expr) if node == piece)
