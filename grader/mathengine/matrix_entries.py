r"""An entry of a matrix written with two index letters: `D_{ii}`, `H_{ij}`, `\Lambda_{kk}`.

Authors name the entries of a matrix by its letter and two indices: the diagonal `D_{ii}` of a matrix they defined
(`D = (A + cI)^{-1}B`), `H_{ij}` of the problem's Hessian.  The parser reads `D_{ii}` as one name (it has no matrix
entries); a TA reads the entry.  So a name that has no value of its own, written as a matrix's letter and two index
letters, is the entry of that matrix at the indices' values: the matrix a value of the point (the problem's `H`) or
a definition without parameters whose value is a matrix (the author's `D`); the indices letters with a whole-number
value in range.  Anything else keeps "no value".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

__all__ = ["matrix_entry"]

#: `D_ii`, `H_ij`, `Lambda_kk`: a matrix's name and two one-letter indices (the parser's name for `D_{ii}`).
_ENTRY = re.compile(r"(?P<matrix>[A-Za-z]+)_(?P<row>[A-Za-z])(?P<column>[A-Za-z])")


def matrix_entry(name: str, values: Mapping[str, Any], defined_matrix: Callable[[str], Any]) -> complex | None:
    """The entry `name` stands for (`D_ii`: row i, column i of D), or None where it is not one.

    `values` is the point (the matrices and index values it holds); `defined_matrix(letter)` the value of the
    author's definition of `letter` without parameters (None where there is none)."""
    match = _ENTRY.fullmatch(name)
    if match is None:
        return None
    row, column = (_whole(values.get(match.group(key))) for key in ("row", "column"))
    if row is None or column is None:
        return None
    matrix = values.get(match.group("matrix"))
    if matrix is None:
        matrix = defined_matrix(match.group("matrix"))
    if not isinstance(matrix, np.ndarray) or matrix.ndim != 2:
        return None
    if not (1 <= row <= matrix.shape[0] and 1 <= column <= matrix.shape[1]):
        return None
    return complex(matrix[row - 1, column - 1])


def _whole(value: Any) -> int | None:
    """`value` as a whole number (an index's value at the point); None where it is not one."""
    if isinstance(value, bool) or not isinstance(value, (int, float, complex, np.integer, np.floating)):
        return None
    number = complex(value)
    return int(number.real) if number.imag == 0 and float(number.real).is_integer() else None
