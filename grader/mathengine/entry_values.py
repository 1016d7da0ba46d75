"""Values of an expression over small arrays of entries: `\\sum_{i,j} Y_{ij} \\log y_{ij}` on a batch of three samples.

A walk over the SymPy tree with floats, for a line whose families are matrices of known small size: an entry reads its
array (1-based, an index off the array has no value), a sum or product runs over its range (a long range has no
value), a derivative with respect to an entry is a central difference of the expression with that entry moved (the
families computed from it, such as a softmax, follow), and the elementary functions are Python's.  No SymPy
simplification, expansion or unrolling runs, and a value visits at most `MOST_VISITS` nodes.
Anything else (a name with no value, a node the walk does not know, a log of a negative number) has no value
(`NoValue`), never a guess.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import sympy

#: A sum or product over more terms than this has no value here.
LONGEST_RANGE = 12
#: The step of a central difference (the expressions are smooth; the error is about STEP**2).
STEP = 1e-5
#: How many nodes one value may visit (nested sums multiply their lengths): past it, no value.
MOST_VISITS = 20_000
#: A derivative inside a derivative has no value here (a difference of differences loses the digits a verdict needs).
DEEPEST_DERIVATIVE = 1


class NoValue(Exception):
    """The expression has no value on these arrays."""


Derived = Callable[[Mapping[str, np.ndarray]], Any]


class EntryValues:
    """The arrays of a point, the scalars (sizes, indices), and the families computed from the arrays."""

    def __init__(self, arrays: Mapping[str, np.ndarray], scalars: Mapping[str, float], derived: Mapping[str, Derived]) -> None:
        self.arrays = dict(arrays)
        self.scalars = dict(scalars)
        self.derived = dict(derived)
        self.depth = 0
        self.visits = 0

    def value(self, expr: Any) -> float:
        """The value of `expr` (raises `NoValue`)."""
        self.visits += 1
        if self.visits > MOST_VISITS:
            raise NoValue("too long")
        if isinstance(expr, sympy.Number) or expr in (sympy.E, sympy.pi):
            return float(expr)
        if isinstance(expr, sympy.Symbol):
            return self._named(expr.name)
        if isinstance(expr, sympy.Indexed):
            return self._entry(expr)
        if isinstance(expr, sympy.Add):
            return math.fsum(self.value(arg) for arg in expr.args)
        if isinstance(expr, sympy.Mul):
            return math.prod(self.value(arg) for arg in expr.args)
        if isinstance(expr, sympy.Pow):
            return self._power(self.value(expr.base), self.value(expr.exp))
        if isinstance(expr, (sympy.Sum, sympy.Product)):
            return self._big(expr)
        if isinstance(expr, sympy.Derivative):
            return self._derivative(expr)
        if isinstance(expr, sympy.KroneckerDelta):
            return float(self.value(expr.args[0]) == self.value(expr.args[1]))
        return self._function(expr)

    def _named(self, name: str) -> float:
        if name in self.scalars:
            return float(self.scalars[name])
        if name in self.derived:
            found = self.derived[name](self.arrays)
            if isinstance(found, np.ndarray):
                raise NoValue(name)
            return float(found)
        raise NoValue(name)

    def _entry(self, expr: sympy.Indexed) -> float:
        name = str(expr.base)
        array = self.arrays.get(name)
        if array is None and name in self.derived:
            array = self.derived[name](self.arrays)
        if not isinstance(array, np.ndarray) or array.ndim != len(expr.indices):
            raise NoValue(name)
        at = []
        for index, size in zip(expr.indices, array.shape):
            value = self.value(index)
            if value != int(value) or not 1 <= value <= size:
                raise NoValue(name)
            at.append(int(value) - 1)
        return float(array[tuple(at)])

    def _big(self, expr: Any) -> float:
        total: float = 0.0 if isinstance(expr, sympy.Sum) else 1.0
        return self._over(expr.function, list(expr.limits), total, isinstance(expr, sympy.Sum))

    def _over(self, body: Any, limits: list, total: float, adding: bool) -> float:
        if not limits:
            return self.value(body)
        (variable, low, high), rest = limits[-1], limits[:-1]  # the outermost range is written last
        first, last = self.value(low), self.value(high)
        if first != int(first) or last != int(last) or last - first >= LONGEST_RANGE:
            raise NoValue("range")
        saved = self.scalars.get(variable.name)
        try:
            for at in range(int(first), int(last) + 1):
                self.scalars[variable.name] = at
                part = self._over(body, rest, 0.0 if adding else 1.0, adding)
                total = total + part if adding else total * part
        finally:
            if saved is None:
                self.scalars.pop(variable.name, None)
            else:
                self.scalars[variable.name] = saved
        return total

    def _derivative(self, expr: sympy.Derivative) -> float:
        variables = [variable for variable, count in expr.variable_count for _ in range(int(count))]
        if self.depth + len(variables) > DEEPEST_DERIVATIVE:
            raise NoValue("derivative")
        variable, rest = variables[0], variables[1:]
        inner = sympy.Derivative(expr.expr, *rest) if rest else expr.expr
        if not isinstance(variable, sympy.Indexed) or str(variable.base) not in self.arrays:
            raise NoValue("derivative")
        name = str(variable.base)
        array = self.arrays[name]
        at = tuple(int(self.value(index)) - 1 for index in variable.indices)
        if len(at) != array.ndim or not all(0 <= a < size for a, size in zip(at, array.shape)):
            raise NoValue("derivative")
        sides = []
        self.depth += 1
        try:
            for step in (STEP, -STEP):
                moved = array.copy()
                moved[at] += step
                self.arrays[name] = moved
                sides.append(self.value(inner))
        finally:
            self.arrays[name] = array
            self.depth -= 1
        return (sides[0] - sides[1]) / (2 * STEP)

    @staticmethod
    def _power(base: float, exponent: float) -> float:
        try:
            result = base**exponent
        except (OverflowError, ZeroDivisionError) as error:
            raise NoValue("power") from error
        if isinstance(result, complex):
            raise NoValue("power")
        return float(result)

    def _function(self, expr: Any) -> float:
        functions: dict[type, Callable[[float], float]] = {sympy.exp: math.exp, sympy.log: math.log, sympy.Abs: abs}
        function = functions.get(type(expr))
        if function is None or len(expr.args) != 1:
            raise NoValue(type(expr).__name__)
        try:
            return float(function(self.value(expr.args[0])))
        except (ValueError, OverflowError) as error:
            raise NoValue(type(expr).__name__) from error
