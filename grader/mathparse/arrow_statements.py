r"""An arrow between two statements, `A = B \rightarrow C = D`, as "hence" (`\Rightarrow`).

Authors chain results with whatever arrow is at hand: `\frac{\partial y_k}{\partial z_k} = y_k(1 - y_k) \rightarrow
-\frac{1}{y_k} y_k(1 - y_k) = y_k - 1`.  Between two equations a careful TA reads the arrow as "hence": each side is a
statement of its own, checked as the implication `\Rightarrow` is (the statement after the arrow must hold).  Only
there: an arrow inside a script (`\lim_{n \to \infty}`), an arrow whose side is no equation (`x \to 0`, a mapping
`f: X \to Y`, `a \rightarrow [0, 1]`) and a labelled arrow (`\xrightarrow{...}`, a remark) keep their reading.
Purely textual: nothing is evaluated.
"""

from __future__ import annotations

import re

#: The arrows people write for "hence" between two results.
_ARROW = re.compile(r"\\(?:rightarrow|longrightarrow|to|Longrightarrow)(?![A-Za-z])|-->|->")


def arrows_as_implications(text: str) -> str:
    """`text` with each arrow at the top level between two equations written `\\Rightarrow`; else unchanged."""
    if "\\to" not in text and "rightarrow" not in text and "->" not in text:
        return text
    depths = _depths(text)
    arrows = [m for m in _ARROW.finditer(text) if depths[m.start()] == 0]
    if not arrows:
        return text
    cuts = [0, *(m.start() for m in arrows), len(text)]
    sides = [text[cuts[k]:cuts[k + 1]] for k in range(len(cuts) - 1)]
    sides = [sides[0], *(side[len(arrow.group(0)):] for side, arrow in zip(sides[1:], arrows))]
    if not all(_is_equation(side) for side in sides):
        return text  # one side is no statement: the arrow is a limit, a mapping or a remark
    return " \\Rightarrow ".join(side.strip() for side in sides)


def _depths(text: str) -> list[int]:
    """The brace and bracket depth before each character (an arrow in `\\lim_{n \\to \\infty}` or in `(...)` is not
    between statements), in one pass."""
    depths, depth = [], 0
    for char in text:
        depths.append(depth)
        if char in "{([":
            depth += 1
        elif char in "})]":
            depth -= 1
    return depths


def _is_equation(side: str) -> bool:
    """Whether a side states an equation: an `=` outside braces and brackets (not `\\leq`, not `\\neq`)."""
    depth = 0
    for at, char in enumerate(side):
        if char in "{([":
            depth += 1
        elif char in "})]":
            depth -= 1
        elif char == "=" and depth == 0 and not re.search(r"\\[A-Za-z]*$", side[max(0, at - 30):at]) and side[at - 1:at] not in ("<", ">", "!"):
            return True
    return False
