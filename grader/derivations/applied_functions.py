r"""Letters an author writes as functions without defining them, known from how the line writes them.

`\tilde L(w) = L(w) + \frac{\alpha}{2}\|w\|^2` defines the author's \tilde L from an L they never define: L is
written with the very argument list of the function the line defines, so a TA reads L(w) as a function of w,
not as the product L·w.  `\nabla L(w)`, `\nabla_w f(w)`: the gradient of a letter applied to an argument is the
gradient of a function.  Such letters are declared the author's functions for the whole derivation (as the
functions it defines are); with no rule, a step that rests on them is checked where it holds for any function
(`grader.derivations.free_letters`), else left unchecked, never charged for the product nobody wrote.

Only those two cues: a letter before a parenthesis elsewhere (`c(x + y)`, `\alpha(w - w^*)`) may be a factor.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from grader.derivations.author_functions import chain_functions
from grader.derivations.author_probabilities import author_functions
from grader.derivations.definitions import declared_functions
from grader.mathparse import Notation
from grader.mathparse.applied_letters import applied_unknown_letters
from grader.mathparse.brackets import closing_bracket

#: A definition's head and its argument list: `\tilde L(w) =`, `\ell(w, b) :=`.
_DEFINED_ARGUMENTS = re.compile(r"^[^=]*?\(([^()]*)\)\s*(?:=|:=|\\coloneqq)")

#: A gradient or a partial derivative's operator right before the letter: `\nabla`, `\nabla_w`, `\nabla_{\theta}`.
_GRADIENT = re.compile(r"\\nabla\s*(?:_\s*(?:\{[^{}]*\}|\\?[A-Za-z]+))?\s*$")


def student_function_names(texts: Sequence[str], notation: Notation, known_names: Collection[str]) -> list[str]:
    """The author's functions in the lines `texts`, in the order written: those they define, name in a chain
    (`grader.derivations.author_functions`), differentiate with a prime or call with a condition, and those the
    cues above show; never a name the problem knows."""
    return [name for text in texts for name in (*author_functions(text), *chain_functions(text), *applied_functions(text, notation))
            if name not in known_names]


def applied_functions(text: str, notation: Notation) -> tuple[str, ...]:
    """The letters `text` writes as functions by the cues above, as the parser names them."""
    unknown = set(applied_unknown_letters(text, notation))
    if not unknown:
        return ()
    defined = declared_functions(text)
    head = _DEFINED_ARGUMENTS.match(text) if defined else None
    arguments = _spaced_out(head.group(1)) if head is not None else None
    found = []
    for name, start, opening in _applications(text, notation):
        if name not in unknown or name in defined:
            continue
        closing = closing_bracket(text, opening + 1)
        written = _spaced_out(text[opening + 1:closing]) if closing is not None else None
        if (arguments and written == arguments) or _GRADIENT.search(text, 0, start):
            found.append(name)
    return tuple(dict.fromkeys(found))


def _applications(text: str, notation: Notation) -> list[tuple[str, int, int]]:
    """Each unknown letter written right before a parenthesis: its name, where it starts and where its `(` is."""
    out = []
    for opening, char in enumerate(text):
        if char != "(":
            continue
        letter = _LETTER_BEFORE.search(text, 0, opening)
        if letter is None:
            continue
        names = applied_unknown_letters(letter.group(1) + "(", notation)
        if names:
            out.append((names[0], letter.start(), opening))
    return out


#: The letter right before a parenthesis: a decorated capital, a command (a Greek letter), or a letter alone.
_LETTER_BEFORE = re.compile(r"(\\(?:hat|widehat|tilde|widetilde|bar|overline)\s*\{?\s*[A-Z]\s*\}?|\\[A-Za-z]+|(?<![A-Za-z\\])[A-Za-z])"
                            r"\s*(?:\\left\s*)?$")


def _spaced_out(arguments: str) -> str:
    """An argument list without its spaces (`w, b` and `w,b` alike)."""
    return re.sub(r"\s+", "", arguments)
