"""Equations the author states in prose: before a display, and in words after a line's math.

The prose before a display block ("where $\\sum_K = \\sum_j e^{z_j}$") and the words after a line's math
(`= \\sum \\log \\mathbb{P}[y_i | x_i] \\quad \\text{As $\\mathbb{P}[y_i | x_i] = \\frac{1}{\\sigma\\sqrt{2\\pi}} e^{...}$}`)
state equations a TA reads as the author's definitions of the names they introduce, from that line on
(`grader.derivations.definitions.given_definition` decides which equation defines what).  The words
after the math are the line's reason; an equation there that defines nothing (`$\\log(\\prod z_i) = \\sum
\\log z_i$`, a rule quoted) is not read, and the line's own step is checked as written.
"""

from __future__ import annotations

import re
from typing import Any

#: `\text{As $...$ ...}` (also `\mathrm`, `\textrm`) after the math: its inline formulas.
_WORDS = re.compile(r"\\(?:text|textrm|mbox)\s*\{((?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*)\}")
_FORMULA = re.compile(r"\$([^$]+)\$")


def prose_equations(source: Any, read: list[str]) -> list[str]:
    """The equations of the prose before the line's block not read yet (noted in `read`), then those the
    words after the line's math state (a line whose words are all there is states no definition here:
    its formulas are its own statement)."""
    before = list(getattr(source, "given", ())[len(read):])
    read.extend(before)
    return [*before, *words_equations(source.text)]


def words_equations(text: str) -> list[str]:
    """The inline formulas with an `=` in the `\\text{...}` words after a line's math (none where the words
    are the whole line, or come first)."""
    first = _WORDS.search(text)
    if first is None or not text[:first.start()].strip():
        return []
    return [formula.strip() for words in _WORDS.finditer(text, first.start())
            for formula in _FORMULA.findall(words.group(1)) if "=" in formula]
