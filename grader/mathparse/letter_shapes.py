r"""The author's letters for vectors and matrices, read in the shape the line needs.

The parser reads a letter the problem does not know as a number.  Authors write their own vectors and
matrices: `J(w^* + u) = J(w^*) + u^T \nabla J(w^*) + \frac{1}{2} u^T H u` (u a step in weight space),
`Q(D + \alpha I)Q^T` (D the diagonal of eigenvalues), `\alpha \tilde\omega + H(\tilde\omega - \omega^*)`
(their ω for w).  Read as numbers, these lines add a number to a matrix, and the line would be charged as
wrong math for a shape the parser guessed.  Where a line fails so, it is read again with one or two of its
unknown letters in a shape the problem uses (vectors before square matrices, one letter before two), and
the first reading that goes through is taken and named (`vector_letters`).  The letters keep no value, so a
step that rests on them is not checked; it is no longer called wrong for a shape nobody wrote.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from itertools import combinations, product

from .errors import MathParseError
from .nodes import ParsedLine
from .notation import Notation

MAX_LETTERS = 3
"""Unknown letters of the line tried (the first met): enough for real lines, few readings to try."""


def reshaped(error: MathParseError, guesses: list[str], notation: Notation,
             read: Callable[[Notation], ParsedLine]) -> ParsedLine | None:
    """The line read with some of the letters the parser took for numbers (`guesses`) as vectors or matrices
    of the problem's shapes, where the line as read failed on shapes; None where no such reading goes through."""
    if error.key != "parse.shape":
        return None
    letters = [name for name in dict.fromkeys(guesses) if _letter(name, notation)][:MAX_LETTERS]
    shapes = sorted(set(notation.matrices.values()), key=lambda shape: (str(shape[1]) != "1", str(shape)))
    for assignment in _assignments(letters, shapes):
        trial = dataclasses.replace(notation, matrices={**notation.matrices, **assignment})
        try:
            parsed = read(trial)
        except MathParseError:
            continue
        return dataclasses.replace(parsed, readings=(*parsed.readings, "vector_letters"))
    return None


def _letter(name: str, notation: Notation) -> bool:
    """A name that may stand for the author's vector: not an index, a number's name or a known name."""
    return (name not in notation.index_ranges and name not in notation.aliases and name not in ("pi", "e")
            and not name.isdigit() and len(name) <= 24)


def _assignments(letters: list[str], shapes: list[tuple]) -> Iterator[dict[str, tuple]]:
    """Shapes for one letter, then for two: every reading with vectors alone before any with a matrix."""
    vectors = [shape for shape in shapes if str(shape[1]) == "1"]
    for allowed in (vectors, shapes):
        for count in (1, 2):
            for chosen in combinations(letters, count):
                for picked in product(allowed, repeat=count):
                    if allowed is shapes and all(shape in vectors for shape in picked):
                        continue  # tried with the vectors alone
                    yield dict(zip(chosen, picked, strict=True))
