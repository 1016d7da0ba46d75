r"""Vectors written without the problem's orientation: the author's transposes in a dot-product notation.

A problem may declare its vectors columns (perceptron-convergence's w_k, w_{opt}, x_i: d x 1) and read
`w_k^T w_{opt}` and `w_k \cdot w_{opt}` as their inner product.  Many authors keep the weights as rows and
the samples as columns, or write the inner product with a dot and a transpose at once: `w_k \cdot
(w_{opt})^T`, `w_k = w_{k-1} + y_i (x_i)^T`, `\|w_{k-1} + y_i x_i^T\|^2`.  Read with the problem's columns,
such a line adds a row to a column (a shape error, charged as wrong math) or takes the outer product of two
vectors where the step needs a number.  A careful TA reads the author's vectors as vectors: the transpose
only says which way the author holds them, and `\cdot` between two vectors is their inner product.

So, in a problem whose only matrices are d x 1 vectors: where a line that writes a transpose fails to read
only on shapes, or reads to a term that is a d x d matrix (an outer product of two vectors, a shape the
problem never has), it is read again with its transposes dropped.  The line is then checked as any other
(a wrong coefficient, a sign slip or a swapped vector is still charged) and the feedback says which reading
was taken.  A line that does not read even so keeps its first reading and its error.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

import sympy

from grader.mathparse import MathParseError, Notation
from grader.mathparse.nodes import ParsedLine
from grader.results.i18n import define

define(
    {
        "derivation.reading_vectors_unoriented": (
            ("the author's vectors without orientation: a transpose only says how the author holds a vector, and "
             "`\\cdot` between two vectors is their inner product"),
            "不区分行列的向量：转置只表示作者如何摆放向量，两个向量之间的 `\\cdot` 是它们的内积",
        ),
    }
)

#: The reading's name in a line's readings (its message key: `derivation.reading_vectors_unoriented`).
VECTORS_UNORIENTED = "vectors_unoriented"

#: The parse errors that only say shapes do not fit.
_SHAPE_ERRORS = ("parse.shape", "parse.not_scalar")

#: A transpose mark as authors write it: `^T` (before anything: `^Tw` is `^{T} w`), `^{T}`, `^\top`, `^{\intercal}`.
_TRANSPOSE = re.compile(
    r"\^\s*(?:\{\s*(?:\\top|T|\\intercal|\\mathsf\s*\{\s*T\s*\}|\\mathrm\s*\{\s*T\s*\})\s*\}|\\top(?![A-Za-z])"
    r"|\\intercal(?![A-Za-z])|T)"
)

ChainReader = Callable[[str, Notation], ParsedLine]


def unoriented_reader(read_chain: ChainReader) -> ChainReader:
    """`read_chain`, with a line whose transposes make its vectors' shapes clash read without them (see above)."""

    def read(text: str, notation: Notation) -> ParsedLine:
        if not _only_vectors(notation) or not _TRANSPOSE.search(text):
            return read_chain(text, notation)
        try:
            parsed = read_chain(text, notation)
        except MathParseError as error:
            if error.key not in _SHAPE_ERRORS:
                raise
            again = _read_unoriented(read_chain, text, notation)
            if again is None:
                raise
            return again
        if not _has_outer_product(parsed):
            return parsed
        return _read_unoriented(read_chain, text, notation) or parsed

    return read


def _only_vectors(notation: Notation) -> bool:
    """The problem declares matrices, and every one is a column vector (d x 1)."""
    return bool(notation.matrices) and all(shape[1] == "1" and shape[0] != "1" for shape in notation.matrices.values())


def _read_unoriented(read_chain: ChainReader, text: str, notation: Notation) -> ParsedLine | None:
    try:
        parsed = read_chain(_TRANSPOSE.sub(" ", text), notation)
    except MathParseError:
        return None
    if _has_outer_product(parsed):
        return None
    return replace(parsed, readings=(VECTORS_UNORIENTED, *parsed.readings))


def _has_outer_product(parsed: ParsedLine) -> bool:
    """A term is (or holds) a matrix with more than one row and more than one column."""
    for term in parsed.terms:
        if not isinstance(term, sympy.Basic):
            continue
        for node in sympy.preorder_traversal(term):
            if isinstance(node, sympy.MatrixExpr) and node.shape[0] != 1 and node.shape[1] != 1:
                return True
    return False
