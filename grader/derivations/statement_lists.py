r"""Several statements written on one line, each checked: `A = B, \quad C = D`, `A = B; \ C = D`.

Authors list facts side by side: `\Lambda = \operatorname{diag}(\lambda_i), \quad \Lambda + \alpha I =
\operatorname{diag}(\lambda_i + \alpha)`, `E[w_j] = 0; \ E[a_j] = 0`.  The
grammar reads one chain per line, so such a line does not read at all (the comma, the second `=` chain) and was
charged as unreadable math.  A TA reads each statement on its own.  So a line that does not read as it is, and
that splits at its separators (outside every bracket: `, \quad`, `\quad`, `\qquad`, `, \;`, `;`, `\text{and}`) into
pieces that each hold an equation, is read as those pieces, one after the other, on the line's number (its
links are shown together again, as the line was written: `written_lines.branches_merged`).  (A sentence that
quotes two equations in `$...$`, `\text{since $w^* = \arg\min J$, $\nabla J = 0$}`, is left as it was: its facts
hold where the author says, at w^*, which the line does not write, and the step after it continues the math
before the sentence, not the sentence's last equation.)

Left as written: a line that reads (a condition after the math, `\quad i = j`, is the parser's), a piece with no
equation (`A = B, \quad i \neq j`: a condition), a piece that starts with a relation, a list whose last piece is
a special case (`\tilde w = w^*, \quad \alpha = 0`: see `special_case`).  The split is per line and
costs a parse only where a separator stands after an equation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import sympy

from grader.derivations.author_notation import SCANNED_LINES
from grader.derivations.faults import deadline_passed
from grader.derivations.written_lines import with_text
from grader.mathparse import MathParseError, Notation, parse_line
from grader.mathparse.brackets import CLOSERS, OPENERS

#: What separates two statements written side by side (a comma before spacing counts with it).
_SEPARATOR = re.compile(r"(?:(?:,\s*)?\\q?quad\s*|,\s*\\[;,: ]\s*|\s*;\s*|,?\s*\\text\s*\{\s*,?\s*and\s*,?\s*\}\s*)+")

#: An equation's `=` (not `\leq`, `\neq`, `:=`'s colon is kept with it).
_EQUALS = re.compile(r"(?<![<>!\\])=")

#: `i = j`, `(k = i)`: a condition on the indices after the math, not a statement of its own.
_INDEX_CONDITION = re.compile(r"\(?\s*[A-Za-z]\s*=\s*[A-Za-z]\s*\)?\s*[.,]?")

#: At most this many statements per line (a longer list is no list of facts).
_MOST = 4


def statements_split(sources: Sequence[Any], notation: Notation, checker: Any = None) -> list[Any]:
    """Each line that lists statements side by side as one source per statement, on the line's number.

    This runs before the lines are read, so it is bounded as the other scans of the whole derivation are: only
    the first `SCANNED_LINES` lines, and none once the derivation's time limit has passed (the rest are left as
    written; past the limit they are not read at all)."""
    out: list[Any] = []
    for position, source in enumerate(sources):
        listed = position < SCANNED_LINES and _may_list(source.text) and not deadline_passed(getattr(checker, "deadline", None))
        pieces = _pieces(source.text, notation) if listed else None
        if pieces is None:
            out.append(source)
            continue
        if special_case(pieces[-1], notation, checker):
            out.append(source)  # `\\tilde w = w^*, \\quad \\alpha = 0`: left as written (see `special_case`)
        else:
            out.extend(with_text(source, piece) for piece in pieces)
    return out


def special_case(piece: str, notation: Notation, checker: Any) -> bool:
    """Whether the last piece of a list, `\\alpha = 0`, sets one of the problem's scalars (drawn as a number by its
    first scenario, no index) to a constant.  A TA reads `\\tilde w = w^*, \\quad \\alpha = 0` as "w̃ = w* at
    α = 0", the condition of the statement before it, never a claim that α is 0.  Such a line is left as written
    (not split, not charged piece by piece): checking the statement under the condition would need the problem's
    points drawn again with the scalar fixed (w̃ is drawn from α by a scenario, not defined from it), and charging
    the statement as a claim for every α would charge a special case the author states as one."""
    try:
        parsed = parse_line(piece, notation)
    except MathParseError:
        return False
    if parsed.relations != ("=",) or parsed.leading_relation is not None or parsed.conditions or parsed.equalities:
        return False
    letter, value = parsed.terms
    if not isinstance(letter, sympy.Symbol) or letter.name in notation.index_ranges or not isinstance(value, sympy.Number):
        return False
    scenarios = getattr(checker, "scenarios", ())
    drawn = checker.points(scenarios[0])[:1] if scenarios else []
    return bool(drawn) and isinstance(drawn[0].get(letter.name), (int, float, np.integer, np.floating))


def _may_list(text: str) -> bool:
    """A cheap look first: two `=`, a separator, no quoted formula."""
    return len(_EQUALS.findall(text)) >= 2 and "$" not in text and _SEPARATOR.search(text) is not None


def _pieces(text: str, notation: Notation) -> list[str] | None:
    """The statements of a line that lists them, or None where it is not such a line (see the docstring)."""
    if _reads(text, notation):
        return None
    pieces = [piece.strip() for piece in _split_outside_brackets(text)]
    if not 2 <= len(pieces) <= _MOST:
        return None
    if not all(piece and _EQUALS.search(piece) and not piece.startswith(("=", "&=")) and not _INDEX_CONDITION.fullmatch(piece) for piece in pieces):
        return None
    return pieces


def _reads(text: str, notation: Notation) -> bool:
    try:
        parse_line(text, notation)
    except MathParseError:
        return False
    return True


def _split_outside_brackets(text: str) -> list[str]:
    """`text` cut at every separator that stands outside brackets (and outside `\\left( ... \\right)`)."""
    depth, at, pieces = 0, 0, []
    position = 0
    while position < len(text):
        char = text[position]
        if char in OPENERS:
            depth += 1
        elif char in CLOSERS:
            depth -= 1
        elif depth == 0:
            found = _SEPARATOR.match(text, position)
            if found is not None and found.end() > position and _EQUALS.search(text[at:position]):
                pieces.append(text[at:position])
                at = position = found.end()
                continue
        position += 1
    pieces.append(text[at:])
    return pieces


