r"""A step through a matrix the author names in words, judged from the line before it to the line after it.

`= \mathbf a \ \mathbf S^{\text{repeated row}} - \mathbf a`, between two lines of an `=` chain in whole vectors:
the author names a matrix by what it holds ("repeated row"), in words the grader does not read, and gives it
no other definition.  The line cannot be checked on its own, nor
can the step after it.  A TA follows the chain over it: where the line before it and the line after it are
`=` steps of one chain, the line after is checked against the line before.  Where that step holds, the line
in between is noted as passed over (not checked, not charged: the chain's result is verified); where it
fails, the line after is charged with the point found, and the line in between stays unchecked.

Only a matrix named in words (`described_matrix`), on a line whose every link wants only that, continued on
the next line by `=`: any other unchecked line keeps its charge.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import sympy
from sympy.core.function import AppliedUndef

from grader.derivations.faults import judge
from grader.derivations.terms import Term
from grader.mathengine.equivalence import Checker
from grader.mathparse.row_vectors import described_matrix
from grader.results.models import DerivationLine, LinkResult, Message


def bridged(lines: list[DerivationLine], terms: Sequence[Term], checker: Callable[[], Checker]) -> list[DerivationLine]:
    """`lines`, with each step through a matrix named in words judged from the line before to the line after
    (`checker` gives the checker with the derivation's definitions, built only where such a step is found)."""
    out = list(lines)
    for at in range(1, len(out) - 1):
        before, middle, after = out[at - 1], out[at], out[at + 1]
        names = _described_names(terms, middle.number)
        if not names or not _continues(middle) or not _continues(after) or not _wanting(middle) or not after.links:
            continue
        if after.links[0].valid is not None or not before.links or any(link.valid is False for link in before.links):
            continue  # a wrong line before: charged there, the line after is not judged against it
        last = [t for t in terms if t.line == before.number][-1:]
        first = [t for t in terms if t.line == after.number][:1]
        if not last or not first or _described_names(terms, after.number):
            continue
        verdict = judge(lambda: checker().same_values(last[0].expr, first[0].expr))  # noqa: B023 - called at once
        if verdict.holds is None:
            continue
        over = {"line": before.number, "name": min(names)}
        if verdict.holds:
            noted = LinkResult(middle.links[0].left, "=", middle.links[-1].right, None, Message("derivation.passed_over", over))
            out[at] = replace(middle, links=(noted,))
            link = replace(after.links[0], valid=True, reason=Message("derivation.over_named_matrix", over))
        else:
            link = replace(after.links[0], valid=False, reason=Message("derivation.over_named_matrix_fails", over),
                           counterexample=verdict.counterexample)
        out[at + 1] = replace(after, links=(link, *after.links[1:]))
    return out


def passed_over(link: LinkResult) -> bool:
    """A line noted as passed over (the chain over it holds): not charged as unchecked."""
    return link.reason is not None and link.reason.key == "derivation.passed_over"


def _described_names(terms: Sequence[Term], number: int) -> set[str]:
    found: set[str] = set()
    for term in terms:
        if term.line == number and isinstance(term.expr, sympy.Basic):
            found |= {call.func.__name__ for call in term.expr.atoms(AppliedUndef) if described_matrix(call.func.__name__)}
    return found


def _continues(line: DerivationLine) -> bool:
    return line.error is None and line.source.lstrip("& ").startswith("=")


def _wanting(line: DerivationLine) -> bool:
    """Every link of the line could not be checked for want of a value."""
    return bool(line.links) and all(
        link.valid is None and link.reason is not None and link.reason.key == "equivalence.could_not_evaluate"
        for link in line.links)

