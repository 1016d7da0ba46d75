"""Lines that state no step: remarks, assumptions, prose, and notation the parser does not know.

The parser says what a line is (`grader.mathparse.read_statement`: a `Remark`, `NoStep`, an `Unreadable`
line); this module holds what the checker makes of it: the terms a remark lets the next line continue
from, and which recorded lines and links are not charged as wrong.
"""

from __future__ import annotations

from grader.derivations.terms import Term
from grader.mathparse import NOTATION_ERRORS, Remark
from grader.mathparse.step_relations import REMARK_RELATIONS, states_no_step
from grader.results.models import DerivationLine, LinkResult

#: The names this module has always offered (the relations and the no-step test now live with the parser).
__all__ = ["NOTATION_ERRORS", "REMARK_RELATIONS", "follows_unreadable", "states_no_step", "terms_after", "unknown_notation"]


#: Closers of a bar: a bar left open (`P(y \\vert x`, `|a`) is one the parser could not pair, such as a conditional bar
#: it does not know in that spelling; notation, never a wrong step.
_BAR_CLOSERS = frozenset({"|", "\\vert", "\\rvert", "\\|", "\\Vert", "\\rVert", "||"})


def unknown_notation(line: DerivationLine) -> bool:
    """Whether a line could not be read because of notation the parser does not know."""
    if line.error is not None and line.error.key == "parse.missing":
        return line.error.params.get("expected") in _BAR_CLOSERS
    return line.error is not None and line.error.key in NOTATION_ERRORS


def terms_after(remark: Remark, number: int) -> list[Term] | None:
    """The term after a remark's relation (`A` in `L \\propto A`) on line `number`, for the next line to
    continue from; None where the parser could not read it."""
    if remark.after is None:
        return None
    return [Term(e, src, number) for e, src in zip(remark.after.terms, remark.after.term_sources)][-1:]


def follows_unreadable(link: LinkResult) -> bool:
    """A continuation of an unreadable line is not counted again: the unreadable line already was."""
    return link.reason is not None and link.reason.key == "derivation.continues_unreadable"
