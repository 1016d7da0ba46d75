r"""The author's names for matrices and vectors, read in the shape their definition gives them.

The parser reads a letter the problem does not know as a number.  An author who writes
`D = (A + B)^{-1} A` (A, B matrices of the problem) and then `u = V D V^T x` means D to be that matrix: read as
a number, D commutes out of the product (`D V V^T x = D x`) and a valid step is called wrong.  A name
the author defines as a matrix or a vector (the body of the definition has the shape of one) is read in
that shape on the lines that use it, before or after its definition (`later_definitions` reads the lines
above a definition again with it known).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import sympy

from grader.mathengine.evaluate import FunctionDefinition
from grader.mathparse import Notation


def with_defined_shapes(notation: Notation, definitions: Mapping[str, FunctionDefinition]) -> Notation:
    """`notation` with every name of the author defined as a matrix or vector (no parameters, a plain
    name the notation does not shape already) declared in its definition's shape."""
    shapes = {name: shape for name, definition in definitions.items()
              if _plain_name(name, notation) and not definition.params
              and (shape := defined_shape(definition.body)) is not None}
    if not shapes:
        return notation
    return dataclasses.replace(notation, matrices={**notation.matrices, **shapes})


def defined_shape(body: object) -> tuple[str, str] | None:
    """The shape of a matrix- or vector-valued body in the notation's terms (size names or "1");
    None for a number (also a 1x1 product such as `w^T w`) or a shape not written in size names."""
    if not isinstance(body, sympy.MatrixExpr):
        return None
    rows, cols = body.shape
    if rows == 1 and cols == 1:
        return None
    sizes = tuple(_size_name(size) for size in (rows, cols))
    if sizes[0] is None or sizes[1] is None:
        return None
    return sizes[0], sizes[1]


def _size_name(size: object) -> str | None:
    if size == 1:
        return "1"
    return size.name if isinstance(size, sympy.Symbol) else None


def _plain_name(name: str, notation: Notation) -> bool:
    """A name of its own (`D`, `M`), not an entry (`a_j`), an index, or a name the problem already shapes."""
    return (name.isidentifier() and "_" not in name and name not in notation.matrices
            and name not in notation.index_ranges and name not in notation.indexed and name != notation.identity)
