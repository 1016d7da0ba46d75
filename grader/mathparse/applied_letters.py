r"""A letter the problem does not know, written before its argument's parenthesis, as the author's function.

`\tilde J(\theta; X, y) = J(\theta; X, y) + \alpha \Omega(\theta)` states the regularised objective with a penalty
Ω left unspecified; the grammar reads a letter it does not know as a number, so `\Omega(\theta)` is Ω times θ,
a vector added to the number J, and the line would be charged as wrong math (a shape error) for a product
nobody wrote.  A TA reads Ω(θ) as a function of θ.  So where a line fails on shapes only, it is read again with
every such letter (one the problem does not know, directly before `(`) declared a function; the reading that
goes through is taken and named (`applied_letters`).  The function has no rule, so a step that rests on it is
not checked (and a definition written with it states what the author means): it is no longer called wrong.

A line that does not read even so keeps its shape error; a letter the problem knows (σ of a noise model, the
problem's matrices) is never taken for a function here.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from .errors import MathParseError
from .nodes import ParsedLine
from .notation import Notation
from .vocabulary import DECORATIONS, GREEK

#: The reading's name in a line's readings.
APPLIED_LETTERS = "applied_letters"

#: The errors that say only that shapes do not fit.
_SHAPE_ERRORS = ("parse.shape", "parse.not_scalar")

#: One Latin letter (not part of a word, not a command's tail), a decorated capital (`\hat J`), or a Greek letter
#: authors name functions with (a capital, φ, ψ: a lowercase α, λ, η before a parenthesis is a factor), then its
#: argument's opening.
_APPLIED = re.compile(r"(?:\\(?P<decoration>hat|widehat|tilde|widetilde|bar|overline)\s*\{?\s*(?P<decorated>[A-Z])\s*\}?"
                      r"|(?<![A-Za-z\\])(?P<latin>[A-Za-z])|\\(?P<greek>Omega|Phi|Psi|Gamma|Theta|Xi|Upsilon|phi|varphi|psi)(?![A-Za-z]))"
                      r"\s*(?:\\left\s*|\\[bB]igg?l?\s*)?\(")


def as_functions(error: MathParseError, src: str, notation: Notation, read: Callable[[Notation], ParsedLine]) -> ParsedLine | None:
    """The line read with the unknown letters written before a parenthesis as functions, where it failed on
    shapes; None where there is no such letter or the line does not read so either."""
    if error.key not in _SHAPE_ERRORS:
        return None
    letters = applied_unknown_letters(src, notation)
    if not letters:
        return None
    trial = dataclasses.replace(notation, functions={**dict(notation.functions), **dict.fromkeys(letters, ())})
    try:
        parsed = read(trial)
    except MathParseError:
        return None
    return dataclasses.replace(parsed, readings=(*parsed.readings, APPLIED_LETTERS))


def applied_unknown_letters(src: str, notation: Notation) -> tuple[str, ...]:
    """The names of the letters `src` writes before a parenthesis that the problem does not know."""
    known = ({*notation.functions, *notation.symbols, *notation.matrices, *notation.indexed, *notation.aliases,
              *notation.index_ranges, "e", "pi"} | ({notation.identity} if notation.identity else set()))
    found = []
    for match in _APPLIED.finditer(src):
        greek, decoration = match.group("greek"), match.group("decoration")
        name = match.group("latin") or (GREEK.get(greek) if greek is not None else None)
        if decoration is not None:  # `\hat J(w)`: the author's decorated capital, a function of theirs
            name = DECORATIONS["\\" + decoration] + "_" + match.group("decorated")
        if name is not None and name not in known:
            found.append(name)
    return tuple(dict.fromkeys(found))
