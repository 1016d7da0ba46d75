r"""A line with an ellipsis the grader does not fill in: an elided list, shown and not checked.

`p(D) = p(x_1) \cdot p(y_1 \mid x_1) \cdots p(x_n \mid x_1, \dots, x_{n-1}) \cdot p(y_n \mid x_n)` (the chain rule over
the samples), `= -Y_1 y_j + (-Y_j) + \dots` (the first terms of a sum, then a trailing ellipsis): the terms written do
not fix the pattern the ellipsis stands for, so a reader cannot say what the line claims term by term.  A TA does not
mark it wrong for that, but the written terms may be wrong (a sign slipped in each), so a step into them or out of them
is never passed: it is "not checked" (`grader.mathparse.elided_lists.elided_chain`), a step around them that fails is
charged, and the next `= ...` continues from nothing (never checked over them against the line before).  Only steps
left out as an ellipsis alone (`= \dots`) are an elided list that costs nothing and that the next `= ...` is checked
over.  Where the pattern is clear (`a_1 + \cdots + a_n`, `p(y_1 \mid x_1) \cdots p(y_n \mid x_n)`, `L(w; y_1, \dots,
y_n)`) the parser reads it and the line is checked as any other.
"""

from __future__ import annotations

from typing import Any

from grader.derivations.written_lines import continues
from grader.mathparse.elided_lists import written_elision
from grader.results.i18n import define

define(
    {
        "derivation.elided_list": (
            ("Steps left out (an ellipsis alone): not checked, and it costs nothing; the next step is checked against the "
             "line before."),
            "省略的步骤（仅有省略号）：不检查，也不扣分；下一步与前一行对照检查。",
        ),
        "derivation.reading_elided_segment": (
            "the chain without its steps left out as an ellipsis alone (`= \\dots =`): the steps around them are checked",
            "去掉链中仅以省略号表示的省略步骤（`= \\dots =`）：检查其前后的步骤",
        ),
        "derivation.elided_bridge": (
            ("a step from terms written with an ellipsis whose pattern they do not fix: the sides around them agree, but "
             "the terms left out cannot be read, so the step is not checked. Write the sum or product over its index to "
             "have it checked"),
            "从含省略号且写出的项不能确定其规律的式子出发的一步：其两侧一致，但省略的项无法读取，因此不检查这一步。若要检查，请写成对下标的求和或连乘",
        ),
        "derivation.elided_step": (
            ("the step into the terms written with an ellipsis at the end of the line, whose pattern they do not fix: the "
             "terms left out cannot be read, so it is not checked. Write the sum or product over its index to have it checked"),
            "到行末含省略号且写出的项不能确定其规律的式子的一步：省略的项无法读取，因此不检查。若要检查，请写成对下标的求和或连乘",
        ),
        "derivation.reading_elided_tail": (
            ("the chain up to its part written with an ellipsis whose pattern the terms do not fix: the steps before it "
             "are checked, the step into it is not, and the next line continues from nothing"),
            "链在含省略号且写出的项不能确定其规律的部分之前为止：检查其前的步骤，该部分不检查，下一行也不从它接续",
        ),
    }
)


def continued_over(kind: str, text: str, before: tuple[Any, Any]) -> tuple[Any, Any]:
    """What the line after a no-step line continues from: the math before it (prose between two steps, a continuation
    that is an ellipsis alone: steps left out), or nothing after an elided list with written terms (they may be wrong:
    the next line is never checked over them against the line before) or one that starts a chain of its own."""
    if kind == "elided_list" and (not continues(text) or written_elision(text)):
        return None, None
    return before


def continued_from(parsed: Any, chain: Any, segment: Any) -> tuple[Any, Any]:
    """What the line after a read line continues from: its last term and statement, or nothing where the line ends in a
    part written with an ellipsis that is not read (`A = B = a_1 + a_2 + \\dots`: the next `= C` is not a step from B)."""
    if "elided_tail" in getattr(parsed, "readings", ()):
        return None, None
    return chain, segment
