"""Arithmetic on the evaluator's values, and the error of a value that does not exist.

A value is a Python complex number (so that a logarithm of a negative number is a value, not an
error) or a NumPy array for a matrix; a 1×1 matrix stands for its number where the two meet.
"""

from __future__ import annotations

import cmath
from typing import Any

import numpy as np


class EvaluationError(Exception):
    """The expression has no value at this point (undefined name, singular matrix, bad index...)."""


def index_value(value: Any) -> int:
    """A value used as an index or a count: a whole number, or an EvaluationError."""
    if type(value) is int:
        return value
    number = complex(value)
    if abs(number.imag) > 1e-9 or abs(number.real - round(number.real)) > 1e-9:
        raise EvaluationError(f"index {value} is not a whole number")
    return int(round(number.real))


def as_scalar(value: Any) -> complex:
    """A value as one number (a one-entry array is its entry); a larger matrix is an EvaluationError."""
    if isinstance(value, np.ndarray):
        if value.size != 1:
            raise EvaluationError("expected a number, got a matrix")
        return complex(value.reshape(-1)[0])
    return complex(value)


def product(values: list[Any]) -> Any:
    """The product of factors in order: matrices multiply as matrices, a 1×1 matrix as its number."""
    result: Any = complex(1)
    for value in values:
        if isinstance(result, np.ndarray) and isinstance(value, np.ndarray):
            if result.shape == (1, 1) or value.shape == (1, 1):
                result = result * value if result.shape == value.shape else (
                    complex(result.reshape(-1)[0]) * value if result.shape == (1, 1) else result * complex(value.reshape(-1)[0])
                )
            else:
                result = result @ value
        else:
            result = result * value
    return result


def add(values: list[Any]) -> Any:
    """The sum of terms; a 1×1 matrix added to numbers is its number (`a^T b + c`)."""
    result: Any = complex(0)
    for value in values:
        if isinstance(value, np.ndarray) and value.shape == (1, 1) and not isinstance(result, np.ndarray):
            value = complex(value[0, 0])
        result = result + value
    return result


def power(base: Any, exponent: Any) -> Any:
    """`base^exponent`: a matrix to a whole power, a number to any power (whole powers exactly)."""
    if isinstance(base, np.ndarray):
        if base.shape != (1, 1):
            return _matrix_power(base, exponent)
        base = complex(base[0, 0])
    base = complex(base)
    exponent = complex(exponent)
    if exponent.imag == 0 and exponent.real == int(exponent.real) and abs(exponent.real) <= 64:
        k = int(exponent.real)
        if base == 0 and k < 0:
            raise EvaluationError("division by zero")
        return base**k
    if base == 0:
        if exponent.real > 0:
            return complex(0)
        raise EvaluationError("zero to a non-positive power")
    if abs(exponent) > 1e4:
        raise EvaluationError("exponent too large")
    return cmath.exp(exponent * cmath.log(base))


def _matrix_power(matrix: np.ndarray, exponent: Any) -> np.ndarray:
    """A square matrix to a whole power; a negative one is a power of its inverse."""
    k = index_value(exponent)
    if k >= 0:
        return np.linalg.matrix_power(matrix, k)
    return np.linalg.matrix_power(np.linalg.inv(matrix), -k)
