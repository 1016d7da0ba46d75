"""The evaluator's handlers of SymPy's functions and matrix operations, one function per kind of node.

Each takes the evaluator (for the values of its arguments) and the node, and returns a value: a
complex number or a NumPy array.  Names, definitions, sums and derivatives are the evaluator's own
(`grader.mathengine.evaluate`, `grader.mathengine.derivatives`); the table that dispatches to these is there.
"""

from __future__ import annotations

import cmath
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy

from grader.mathengine.arithmetic import EvaluationError, as_scalar, index_value, product
from grader.mathengine.piecewise import holds
from grader.mathparse.nodes import DiagonalMatrix
from grader.mathparse.norms import NormOne, NormTwo

if TYPE_CHECKING:  # the evaluator dispatches to this module; annotations only
    from grader.mathengine.evaluate import Evaluator


def logarithm(evaluator: Evaluator, expr: sympy.log) -> complex:
    """`\\log x` (complex for a negative x), or to a base; the logarithm of 0 is an EvaluationError of its own."""
    value = as_scalar(evaluator._eval(expr.args[0]))
    if value == 0:
        raise EvaluationError("logarithm of zero")
    result = cmath.log(value)
    if len(expr.args) == 2:
        base = cmath.log(as_scalar(evaluator._eval(expr.args[1])))
        if base == 0:
            raise EvaluationError("logarithm to base 1")
        result = result / base
    return result


def diagonal(evaluator: Evaluator, expr: DiagonalMatrix) -> np.ndarray:
    """diag(entry): the entry at each value 1..d of its one free index."""
    entry, size = expr.args
    d = index_value(evaluator._eval(size))
    free = sorted({str(i) for node in entry.atoms(sympy.Indexed) for i in node.indices if isinstance(i, sympy.Symbol)})
    if len(free) != 1:
        value = evaluator._eval(entry)
        if isinstance(value, np.ndarray) and value.size == d:
            return np.diag(value.reshape(-1)).astype(complex)
        raise EvaluationError("diag(...) needs an entry with one index, such as diag(lambda_i)")
    entries = []
    for k in range(1, d + 1):
        with evaluator.with_values({free[0]: k}):
            entries.append(as_scalar(evaluator._eval(entry)))
    return np.diag(np.array(entries, dtype=complex))


def multiply(evaluator: Evaluator, expr: sympy.Mul) -> Any:
    """A product; 0 times the logarithm of 0 is 0, as in the entropy of one-hot labels
    (`Y log(Y / y)` at Y = 0), where a TA applies the same convention."""
    values, log_of_zero = [], None
    for factor in expr.args:
        try:
            values.append(evaluator._eval(factor))
        except EvaluationError as exc:
            if str(exc) != "logarithm of zero":
                raise
            log_of_zero = exc
    if log_of_zero is not None:
        if any(not isinstance(v, np.ndarray) and v == 0 for v in values):
            return 0j
        raise log_of_zero
    return product(values)


def exponential(evaluator: Evaluator, expr: Any) -> complex:
    """`e^x`, refused where it overflows a float."""
    value = as_scalar(evaluator._eval(expr.args[0]))
    if value.real > 700:
        raise EvaluationError("exponential overflow")
    return cmath.exp(value)


def of_one_number(fn: Callable[[complex], complex]) -> Callable[[Evaluator, Any], complex]:
    """The handler of a function of one number (`\\sin`, `|x|`)."""
    return lambda ev, expr: fn(as_scalar(ev._eval(expr.args[0])))


def norm_one(evaluator: Evaluator, expr: NormOne) -> complex:
    """`\\|w\\|_1`: the sum of |w_j| (w indexed, or a vector)."""
    argument = expr.args[0]
    if isinstance(argument, sympy.Symbol) and isinstance(evaluator.values.get(argument.name), np.ndarray):
        return complex(np.sum(np.abs(evaluator.values[argument.name])))
    return complex(np.sum(np.abs(np.asarray(evaluator._eval(argument)))))


def norm_two(evaluator: Evaluator, expr: NormTwo) -> complex:
    """`\\|w\\|_2`: the square root of the sum of |w_j|^2 (w indexed, a vector); |x| of a number."""
    argument = expr.args[0]
    if isinstance(argument, sympy.Symbol) and isinstance(evaluator.values.get(argument.name), np.ndarray):
        return complex(np.sqrt(np.sum(np.abs(evaluator.values[argument.name]) ** 2)))
    return complex(abs(evaluator.scalar(argument)))


def piecewise_value(evaluator: Evaluator, expr: sympy.Piecewise) -> Any:
    """`cases`: the value of the first branch whose condition holds at the point."""
    for value, condition in expr.args:
        if holds(evaluator, condition):
            return evaluator._eval(value)
    raise EvaluationError("no branch of the cases holds here")


def kronecker(evaluator: Evaluator, expr: Any) -> complex:
    """`\\delta_{ij}`: 1 where the two indices are equal, else 0."""
    a, b = (index_value(evaluator._eval(arg)) for arg in expr.args)
    return complex(1 if a == b else 0)


def factorial(evaluator: Evaluator, expr: Any) -> complex:
    """`k!` of a whole k, up to the largest a float holds."""
    k = index_value(evaluator._eval(expr.args[0]))
    if k < 0 or k > 170:
        raise EvaluationError("factorial out of range")
    return complex(math.factorial(k))


def identity(evaluator: Evaluator, expr: Any) -> np.ndarray:
    """`I` of the size its rows evaluate to."""
    return np.eye(index_value(evaluator._eval(expr.rows)))


def zero_matrix(evaluator: Evaluator, expr: Any) -> np.ndarray:
    """A zero matrix of the shape its rows and columns evaluate to."""
    return np.zeros((index_value(evaluator._eval(expr.rows)), index_value(evaluator._eval(expr.cols))))


def matrix_element(evaluator: Evaluator, expr: Any) -> complex:
    """One entry of a matrix (0-based, as SymPy indexes a matrix expression)."""
    matrix = evaluator._eval(expr.parent)
    i, j = (index_value(evaluator._eval(k)) for k in (expr.i, expr.j))
    matrix = np.asarray(matrix)
    if matrix.ndim == 0 and i == j == 0:  # a 1×1 sum already reduced to its number (`a^T b + c^T d`)
        return complex(matrix)
    if not (0 <= i < matrix.shape[0] and 0 <= j < matrix.shape[1]):
        raise EvaluationError("matrix index out of range")
    return complex(matrix[i, j])


def transpose(evaluator: Evaluator, expr: Any) -> Any:
    """`A^T`; a number is its own transpose."""
    value = evaluator._eval(expr.args[0])
    return value.T if isinstance(value, np.ndarray) else value


def inverse(evaluator: Evaluator, expr: Any) -> Any:
    """`A^{-1}`, refused for a matrix too badly conditioned to invert reliably."""
    value = evaluator._eval(expr.args[0])
    if not isinstance(value, np.ndarray):
        return 1 / complex(value)
    if value.shape[0] != value.shape[1]:
        raise EvaluationError("inverse of a non-square matrix")
    if np.linalg.cond(value) > 1e12:
        raise EvaluationError("singular matrix")
    return np.linalg.inv(value)


def trace(evaluator: Evaluator, expr: Any) -> complex:
    """`\\operatorname{tr}(A)`."""
    return complex(np.trace(np.asarray(evaluator._eval(expr.args[0]))))


_NUMBERS: dict[sympy.Basic, complex] = {}


def number(evaluator: Evaluator, expr: sympy.Basic) -> complex:
    """A SymPy number as a complex; remembered, since SymPy's own conversion is slow."""
    value = _NUMBERS.get(expr)
    if value is None:
        if isinstance(expr, sympy.Integer):
            value = complex(int(expr))
        elif isinstance(expr, sympy.Rational):
            value = complex(expr.p / expr.q)
        else:
            value = complex(expr)
        if len(_NUMBERS) < 10_000:
            _NUMBERS[expr] = value
    return value


def unsupported(evaluator: Evaluator, expr: Any) -> Any:
    """Any node the evaluator has no handler for."""
    raise EvaluationError(f"cannot evaluate {type(expr).__name__}")
