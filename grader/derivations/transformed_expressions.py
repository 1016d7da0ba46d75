"""A bare expression after a bare expression: the line before, transformed (its log taken, constants dropped).

Authors write a likelihood as a bare expression, then, after prose such as "take the logarithm" or "dropping
the constants", the next bare expression.  With no relation written, the grader used to show both as
expressions (nothing checked, nothing charged), and a wrong term in the second one passed.  A TA reads the
second line as a step from the first: where it takes a logarithm the first did not (`\\log`, `\\ln`), as the log
of the line before; where it writes a constant of its own (`+ const`, `+ C`), as the line before up to that
constant (in the problem's parameters).  The step is checked in that reading, and the feedback says which
reading was taken: it holds (valid), fails (charged), or cannot be evaluated (not checked, charged as such).

A bare expression that neither takes a log nor writes a constant (a list of the quantities involved, a
second factor) is not read as a step: it stays an expression, as before.
"""

from __future__ import annotations

import re
from typing import Any

import sympy

from grader.derivations.line_state import LineChain, LineState
from grader.mathengine.names import CONSTANT_NAMES, names_in
from grader.results.i18n import define
from grader.results.models import LinkResult, Message

define(
    {
        "derivation.reading_log_of_previous": (
            "the logarithm of the expression on the line before",
            "上一行表达式的对数",
        ),
        "derivation.reading_previous_up_to_constant": (
            "the expression on the line before, up to the constant written",
            "上一行的表达式，相差所写的常数",
        ),
        "derivation.transformed_fails": (
            "Read as {reading}. {why}",
            "读作{reading}。{why}",
        ),
        "derivation.transformed_unchecked": (
            "Read as {reading}. {why}",
            "读作{reading}。{why}",
        ),
    }
)

#: A logarithm as authors write it (`\log`, `\ln`, a bare `log`).
_LOGARITHM = re.compile(r"\\(?:log|ln)(?![A-Za-z])|(?<![A-Za-z\\])log(?![A-Za-z])")


def _bare_after_bare(state: LineState, line: LineChain) -> tuple[Any, Any] | None:
    """The expression before and this line's, where a bare expression follows a bare expression; else None."""
    if line.lead is not None or line.relations or len(line.chain) != 1 or not state.lines or not state.previous_terms:
        return None
    before, earlier, term = state.lines[-1], state.previous_terms[0], line.chain[0]
    # the line before is a bare expression too: no link, or the one this module gave it (a chain of two)
    if before.error is not None or len(state.previous_terms) != 1 or any(k.right != earlier.source for k in before.links):
        return None
    if not (isinstance(earlier.expr, sympy.Expr) and isinstance(term.expr, sympy.Expr)):
        return None
    return earlier, term


def transformed_links(state: LineState, line: LineChain) -> list[LinkResult]:
    """The link of a bare expression read as the line before transformed, or none (see the module's docstring)."""
    pair = _bare_after_bare(state, line)
    if pair is None:
        return []
    earlier, term = pair
    takes_log = bool(_LOGARITHM.search(term.source)) and not _LOGARITHM.search(earlier.source)
    if not takes_log and not names_in(term.expr) & CONSTANT_NAMES:
        return []
    reading = Message("derivation.reading_log_of_previous" if takes_log else "derivation.reading_previous_up_to_constant")
    target = sympy.log(earlier.expr) if takes_log else earlier.expr
    left = f"\\log({earlier.source})" if takes_log else earlier.source
    verdict = line.current.same_values(target, term.expr)
    if verdict.holds:
        return [LinkResult(left, "=", term.source, True, Message("derivation.reading", {"reading": reading}))]
    why = verdict.reason or Message("derivation.could_not_check")
    if verdict.holds is False:
        return [LinkResult(left, "=", term.source, False, Message("derivation.transformed_fails", {"reading": reading, "why": why}),
                           verdict.counterexample)]
    return [LinkResult(left, "=", term.source, None, Message("derivation.transformed_unchecked", {"reading": reading, "why": why}))]
