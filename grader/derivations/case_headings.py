r"""The case a heading or a sentence before a display puts its lines under, named where a step needs it.

Authors split a derivation into cases with a heading on a line of its own (`1) $k = i$`, `Case 2: $i \neq c$`,
`(a) $i = j$:`) or a sentence ("If $k = i$:"), and then write the case's displays: each holds in that case only.
The reading layer (`grader.reading.block_prose`) finds the condition and carries a heading's to the displays right
after it; the derivation reads each such line with the condition after its math.  A step that holds in the case and
not in general is valid, and the feedback says which case it was read in, so that a student sees the condition the
grader followed (and a wrong heading shows as the reason a step was accepted).
"""

from __future__ import annotations

from grader.derivations.faults import judge
from grader.derivations.line_state import LineChain, LineState, Reading
from grader.derivations.terms import Term, resolve
from grader.mathengine.equivalence import Verdict
from grader.results.i18n import define
from grader.results.models import Message

define(
    {
        "derivation.reading_case": (
            "the case {condition} that the text before the display states",
            "公式前文字所述的情形 {condition}",
        ),
    }
)


def case_noted(reading: Reading, state: LineState, line: LineChain, left: Term, right: Term, verdict: Verdict) -> Verdict:
    """A valid step of a line read under the prose's case: said where the step needs the case."""
    condition = getattr(line.source, "condition", "")
    if not (condition and verdict.holds and verdict.reason is None and (line.parsed.conditions or line.parsed.equalities)):
        return verdict
    plain = line.line_checker.with_definitions(state.definitions)
    general = judge(lambda: plain.same_values(resolve(left.expr, state.argopt_names), resolve(right.expr, state.argopt_names)))
    if general.holds is False:
        case = Message("derivation.reading_case", {"condition": condition})
        return Verdict(True, Message("derivation.reading", {"reading": case}))
    return verdict
