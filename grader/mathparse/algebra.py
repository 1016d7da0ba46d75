"""Building SymPy objects safely: shapes checked, numbers kept small, nothing evaluated blindly.

Every operation the parser performs on values goes through `Algebra`, which
refuses (with a `MathParseError`) what would be a shape error in SymPy or a
number too big to compute, and turns a 1x1 matrix into a scalar where a scalar
is needed.
"""

from __future__ import annotations

import math
from typing import TypeGuard

import mpmath
import sympy
from sympy.matrices.expressions.matexpr import MatrixElement, MatrixExpr

from grader.results import formatting

from .errors import MathParseError
from .notation import Limits

_MAX_RESULT_DIGITS = 1000


def is_matrix(value: object) -> TypeGuard[MatrixExpr]:
    return isinstance(value, MatrixExpr)


def shape_text(value: object) -> str:
    """What a value is, for a shape error: ``scalar``, ``function of a matrix`` or the matrix's size (``3×1``)."""
    if not is_matrix(value):
        # SymPy marks f(w) non-commutative when w is a matrix; it cannot multiply matrices.
        return "scalar" if getattr(value, "is_commutative", True) is not False else "function of a matrix"
    return formatting.shape_text(value.shape, matrix=True)


def _is_one_by_one(value: MatrixExpr) -> bool:
    return value.shape == (1, 1)


def _only_identities(value: MatrixExpr) -> bool:
    """True for `I`, `alpha I` and the like, whose size may follow the context."""
    return not value.atoms(sympy.MatrixSymbol) and bool(value.atoms(sympy.Identity))


def describe(value) -> str:
    """A number as text for a message, short even when the number is not."""
    if isinstance(value, sympy.Rational) and max(abs(value.p), value.q) >= 10**30:
        return f"a number of about {int(abs(log10_size(value) or 0)) + 1} digits"
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def log10_size(value) -> float | None:
    """log10 of |value| for a number built under our limits (so evaluating it is cheap).

    None when it has no finite size (infinity, nan) or cannot be evaluated.
    """
    if isinstance(value, sympy.Rational):
        if value == 0:
            return -math.inf
        return math.log10(abs(value.p)) - math.log10(value.q)  # exact enough for any size of int
    if value.has(sympy.Sum, sympy.Product):
        return None  # evaluating a sum may mean summing a series: not for a size estimate
    try:
        size = sympy.Abs(value).evalf(15)
    except Exception:  # an evaluation SymPy cannot do is no number we want to work with
        return None
    if not isinstance(size, sympy.Float) or not size.is_finite:
        return None if not size.is_zero else -math.inf
    if size == 0:
        return -math.inf
    return float(mpmath.log10(mpmath.mpf(size._mpf_)))


def _has_power_inside(value) -> bool:
    """A power (other than exp) as the value or as one of its factors."""
    return any(isinstance(factor, sympy.Pow) and factor.exp not in (-1, sympy.S.Half, -sympy.S.Half)
               for factor in sympy.Mul.make_args(value))


def _resized(value: MatrixExpr, size: object) -> MatrixExpr:
    return value.xreplace({eye: sympy.Identity(size) for eye in value.atoms(sympy.Identity)})


class Algebra:
    """Arithmetic on parsed values; `pos` arguments say where to point in an error."""

    def __init__(self, src: str, limits: Limits) -> None:
        self.src = src
        self.limits = limits

    def fail(self, what: str, pos: int, **params: object) -> MathParseError:
        return MathParseError(what, self.src, pos, **params)

    # -- scalars and matrices ---------------------------------------------------------

    def scalar(self, value, pos: int):
        """`value` as a scalar: a 1x1 matrix becomes its single element."""
        if is_matrix(value):
            if _is_one_by_one(value):
                return MatrixElement(value, 0, 0)
            raise self.fail("not_scalar", pos, shape=shape_text(value))
        return value

    def finish(self, value, pos: int):
        """A whole term: 1x1 matrices become scalars."""
        if is_matrix(value) and _is_one_by_one(value):
            return MatrixElement(value, 0, 0)
        return value

    def _shape_error(self, left, right, operation: str, pos: int) -> MathParseError:
        return self.fail("shape", pos, left=shape_text(left), right=shape_text(right), operation=operation)

    # -- arithmetic -------------------------------------------------------------------

    def add(self, left, right, pos: int):
        lm, rm = is_matrix(left), is_matrix(right)
        if not lm and not rm:
            return left + right
        if lm and rm:
            if left.shape != right.shape:
                left, right = self._fit_identities(left, right, left.shape, right.shape)
            if left.shape != right.shape:
                raise self._shape_error(left, right, "+", pos)
            return left + right
        matrix, other = (left, right) if lm else (right, left)
        if _is_one_by_one(matrix):
            return self.scalar(left, pos) + self.scalar(right, pos)
        if other == 0:
            return matrix
        raise self._shape_error(left, right, "+", pos)

    def _fit_identities(self, left, right, lshape, rshape):
        if lshape[0] == lshape[1] and rshape[0] == rshape[1]:
            if _only_identities(left):
                return _resized(left, rshape[0]), right
            if _only_identities(right):
                return left, _resized(right, lshape[0])
        return left, right

    def add_all(self, terms: list[tuple[object, int]]):
        """A sum of many terms, built at once when all are scalars (pairwise is quadratic)."""
        if not any(is_matrix(value) for value, _ in terms):
            return sympy.Add(*(value for value, _ in terms))
        shape = terms[0][0].shape if is_matrix(terms[0][0]) else None
        if all(is_matrix(value) and value.shape == shape and shape != (1, 1) for value, _ in terms):
            return sympy.MatAdd(*(value for value, _ in terms)).doit()
        total = terms[0][0]
        for value, pos in terms[1:]:
            total = self.add(total, value, pos)
        return total

    def multiply_all(self, factors: list[tuple[object, int, bool]]):
        """A product of many factors (each `(value, pos, divides)`), built at once when all are scalars."""
        if not any(is_matrix(value) for value, _, _ in factors):
            product = sympy.Mul(*(self.power(value, sympy.Integer(-1), pos) if divides else value
                                  for value, pos, divides in factors))
            return self.small_powers(product, factors[0][1])
        total = factors[0][0]
        for value, pos, divides in factors[1:]:
            total = self.divide(total, value, pos) if divides else self.multiply(total, value, pos)
        return total

    def negate(self, value):
        return -value

    def multiply(self, left, right, pos: int):
        lm, rm = is_matrix(left), is_matrix(right)
        if not lm and not rm:
            return self.small_powers(left * right, pos)
        if lm and rm:
            if left.shape[1] != right.shape[0]:
                if _is_one_by_one(left):
                    return self.scalar(left, pos) * right
                if _is_one_by_one(right):
                    return left * self.scalar(right, pos)
                if _only_identities(left) and left.shape[0] == left.shape[1]:
                    left = _resized(left, right.shape[0])
                elif _only_identities(right) and right.shape[0] == right.shape[1]:
                    right = _resized(right, left.shape[1])
            if left.shape[1] != right.shape[0]:
                raise self._shape_error(left, right, "·", pos)
            return left * right
        if (left if rm else right).is_commutative is False:
            raise self._shape_error(left, right, "·", pos)
        return left * right

    def divide(self, left, right, pos: int):
        right = self.scalar(right, pos)
        return self.multiply(left, self.power(right, sympy.Integer(-1), pos), pos)

    def power(self, base, exponent, pos: int):
        exponent = self.scalar(exponent, pos)
        if is_matrix(base):
            if _is_one_by_one(base):
                base = self.scalar(base, pos)
            else:
                rows, cols = base.shape
                if rows != cols:
                    raise self.fail("not_scalar", pos, shape=shape_text(base))
                if exponent == -1:
                    return sympy.Inverse(base)
                if exponent.is_Integer and 0 < exponent <= self.limits.max_symbolic_exponent:
                    return sympy.MatPow(base, exponent)
                raise self.fail("not_scalar", pos, shape=shape_text(base))
        self._check_power(base, exponent, pos)
        self._check_symbolic_power(base, exponent, pos)
        if getattr(base, "is_number", False) and getattr(exponent, "is_number", False) \
                and not isinstance(exponent, sympy.Rational):
            self._check_numeric_power(base, exponent, pos)
        if base is not sympy.E and not exponent.is_Integer and (
                _has_power_inside(base) or exponent.atoms(sympy.Add) or exponent.has(sympy.Add)):
            # SymPy's rules for a^y with a compound y ask for signs and imaginary parts of `a`,
            # which can expand it: minutes for (x^{1000} + y)^{1/(z+1)}.  They would leave such
            # a power as it is, so we build it as it is.
            return sympy.Pow(base, exponent, evaluate=False)
        return self.small_powers(base**exponent, pos)

    def _check_symbolic_power(self, base, exponent, pos: int) -> None:
        if isinstance(exponent, sympy.Rational) and not getattr(base, "is_number", False):
            limit = self.limits.max_symbolic_exponent
            if abs(exponent.p) > limit or exponent.q > limit:
                raise self.fail("exponent_too_big", pos, exponent=describe(exponent), limit=limit)

    def small_powers(self, value, pos: int):
        """`value`, unless SymPy combined powers into a big one (`x^{20} x^{20}`, `e^{100 \\log x}`)
        or multiplied numbers into a huge one."""
        coefficient = value.as_coeff_Mul()[0] if isinstance(value, sympy.Expr) else 1
        if isinstance(coefficient, sympy.Rational) and coefficient != 0 \
                and abs(log10_size(coefficient) or 0.0) > _MAX_RESULT_DIGITS:
            raise self.fail("number_too_big", pos, reason=describe(coefficient))
        for factor in sympy.Mul.make_args(value):
            if isinstance(factor, sympy.Pow):
                self._check_symbolic_power(factor.base, factor.exp, pos)
        return value

    def _check_numeric_power(self, base, exponent, pos: int) -> None:
        """A number to a number: refuse results beyond about 10^1000 (`e^{e^{100}}`)."""
        if base.is_zero or any(v.has(sympy.oo, -sympy.oo, sympy.zoo, sympy.nan) for v in (base, exponent)):
            return
        base_size, exponent_size = log10_size(base), log10_size(exponent)
        if base_size is None or exponent_size is None:
            raise self.fail("number_too_big", pos, reason="a power of numbers")
        if exponent_size > 0 and abs(base_size) * 10**exponent_size > _MAX_RESULT_DIGITS:
            raise self.fail("number_too_big", pos, reason="a power of numbers")

    def _check_power(self, base, exponent, pos: int) -> None:
        """Refuse a power SymPy would compute into a huge number.

        SymPy evaluates a number to a rational power at once, and distributes an
        integer power over a product (``(2x)^n = 2^n x^n``), so every numeric factor
        of the base is checked, and so are towers (``(a^m)^k = a^(m k)``).
        """
        if not isinstance(exponent, sympy.Rational):
            return
        factors = sympy.Mul.make_args(base) if exponent.is_Integer else (base,)
        for factor in factors:
            if getattr(factor, "is_number", False) and factor not in (0, 1, -1):
                self._check_number_power(factor, exponent, pos)

    def _check_number_power(self, base, exponent: sympy.Rational, pos: int) -> None:
        if abs(exponent.p) > self.limits.max_exponent or exponent.q > self.limits.max_exponent:
            raise self.fail("number_too_big", pos, reason="exponent " + describe(exponent))
        inner = base.as_base_exp()[1]
        if isinstance(inner, sympy.Rational) and inner != 1:
            combined = abs(inner * exponent)
            if combined.p > self.limits.max_exponent * combined.q:
                raise self.fail("number_too_big", pos, reason="exponent " + describe(inner * exponent))
        if isinstance(base, sympy.Rational):
            size = max(abs(base.p), abs(base.q))
            digits = abs(exponent) * math.log10(size) if size > 1 else 0
            if digits > _MAX_RESULT_DIGITS:
                raise self.fail("number_too_big", pos, reason=f"about {int(digits)} digits")

    def transpose(self, value):
        return value.T if is_matrix(value) else value

    def factorial(self, value, pos: int):
        value = self.scalar(value, pos)
        if getattr(value, "is_number", False):
            size = log10_size(value)
            if size is None or size > math.log10(self.limits.max_factorial):
                raise self.fail("number_too_big", pos, reason="factorial of " + describe(value))
        return sympy.factorial(value)

    def absolute(self, value, pos: int):
        value = self.scalar(value, pos)
        # Evaluating |expr| asks SymPy for signs, milliseconds per term; only numbers need it.
        return sympy.Abs(value) if value.is_Number else sympy.Abs(value, evaluate=False)

    def norm(self, value, pos: int):
        """``\\|v\\|``: the Euclidean norm (Frobenius for a matrix), |x| for a scalar."""
        if not is_matrix(value):
            return sympy.Abs(value)
        return sympy.sqrt(self.squared_norm(value))

    def squared_norm(self, value):
        if not is_matrix(value):
            return value**2
        if value.shape[1] == 1:
            return MatrixElement(value.T * value, 0, 0)
        if value.shape[0] == 1:
            return MatrixElement(value * value.T, 0, 0)
        return sympy.Trace(value.T * value)

    def apply(self, function, argument, pos: int):
        argument = self.scalar(argument, pos)
        if function is sympy.exp and getattr(argument, "is_number", False):
            self._check_numeric_power(sympy.E, argument, pos)
        return self.small_powers(function(argument), pos)

    def number_from_digits(self, text: str, pos: int):
        """An exact number from a literal (``12``, ``0.5``, ``1e-3``): no floats, no sympify."""
        mantissa, _, exponent_text = text.lower().partition("e")
        whole, _, fraction = mantissa.partition(".")
        digits = (whole + fraction).lstrip("0")
        if len(digits) > self.limits.max_integer_digits:
            raise self.fail("number_too_big", pos, reason=f"{len(digits)} digits")
        if len(exponent_text.lstrip("+-0")) > len(str(self.limits.max_exponent)):
            raise self.fail("number_too_big", pos, reason="exponent " + exponent_text[:12])
        exponent = int(exponent_text) if exponent_text else 0
        if abs(exponent) > self.limits.max_exponent:
            raise self.fail("number_too_big", pos, reason="exponent " + describe(exponent))
        value = sympy.Rational(int(whole or "0") * 10 ** len(fraction) + int(fraction or "0"), 10 ** len(fraction))
        if exponent:
            value = value * sympy.Rational(10) ** exponent
        return value

    def check_size(self, value, pos: int) -> None:
        """Refuse a result with more than `max_nodes` parts (counted without recursion)."""
        limit = self.limits.max_nodes
        stack = [value]
        count = 0
        while stack:
            node = stack.pop()
            count += 1
            if count > limit:
                raise self.fail("too_large", pos, limit=limit)
            stack.extend(getattr(node, "args", ()))
