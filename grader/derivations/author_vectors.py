r"""The author's own data vectors, known by their use: `x_i^\top w` makes x_i a vector of w's size.

A problem may declare its parameter a d x 1 vector (map-priors' w) and say nothing of the data.  Authors write
the linear model with their own inputs: `(y_i - x_i^\top w)^2`.  Read with x_i a number, `x_i^\top w` is a
vector, and the line fails on shapes: charged as wrong math, though it is the author's notation, not a mistake.
A TA reads x_i as a vector the size of w, since it is transposed and multiplied into w.

So, where a line fails to read only on shapes, every letter the problem does not know that is written
transposed right before one of the problem's d x 1 vectors (`x_i^\top w`, `x^T w`, `\phi_n^{\top} w`) is read as
a d x 1 vector of the author's and the line is read again; the feedback names the reading where it holds.  Such
a letter has no value at the problem's points, so a line that needs its value is "not checked" (charged as a
step that cannot be checked, never passed); a line that does not read even so keeps its shape error.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from grader.mathparse import MathParseError, Notation
from grader.mathparse.nodes import ParsedLine
from grader.results.i18n import define

define(
    {
        "derivation.reading_author_vectors": (
            "the author's data as vectors the size of the parameter (a letter transposed into it, as in x^T w)",
            "作者的数据为与参数同维的向量（如 x^T w 中转置后与参数相乘的字母）",
        ),
    }
)

#: The reading's name in a line's readings (its message key: `derivation.reading_author_vectors`).
AUTHOR_VECTORS = "author_vectors"

_SHAPE_ERRORS = ("parse.shape", "parse.not_scalar")

#: A plain letter with at most one simple subscript, transposed, then a bare letter (the vector it multiplies).
_TRANSPOSED_INTO = re.compile(
    r"(?<![\\A-Za-z])(?P<letter>[A-Za-z]|\\(?:phi|psi|xi))(?:\s*_\s*(?:\{\s*(?P<braced>[A-Za-z0-9])\s*\}|(?P<plain>[A-Za-z0-9])))?"
    r"\s*\^\s*(?:\{\s*(?:\\top|T|\\intercal)\s*\}|\\top(?![A-Za-z])|\\intercal(?![A-Za-z])|T)\s*(?P<vector>[A-Za-z])(?![A-Za-z_])"
)

ChainReader = Callable[[str, Notation], ParsedLine]


def author_vector_reader(read_chain: ChainReader) -> ChainReader:
    """`read_chain`, with the author's letters transposed into the problem's vectors read as vectors (see above)."""

    def read(text: str, notation: Notation) -> ParsedLine:
        try:
            return read_chain(text, notation)
        except MathParseError as error:
            if error.key not in _SHAPE_ERRORS:
                raise
            declared = _author_vectors(text, notation)
            if not declared:
                raise
            try:
                parsed = read_chain(text, replace(notation, matrices={**notation.matrices, **declared}))
            except MathParseError:
                raise error from None
            return replace(parsed, readings=(AUTHOR_VECTORS, *parsed.readings))

    return read


def _author_vectors(text: str, notation: Notation) -> dict[str, tuple[str, str]]:
    """The author's letters written transposed into one of the problem's d x 1 vectors, with that vector's shape."""
    known = set(notation.matrices) | set(notation.indexed) | set(notation.symbols) | set(notation.functions)
    declared: dict[str, tuple[str, str]] = {}
    for match in _TRANSPOSED_INTO.finditer(text):
        shape = notation.matrices.get(match.group("vector"))
        if shape is None or shape[1] != "1" or shape[0] == "1":
            continue
        letter = match.group("letter").lstrip("\\")
        index = match.group("braced") or match.group("plain")
        name = f"{letter}_{index}" if index else letter
        if letter in known or name in known:
            continue
        declared[name] = shape
    return declared
