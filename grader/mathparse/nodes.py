"""What a parse produces besides plain SymPy objects."""

from __future__ import annotations

from dataclasses import dataclass

import sympy


class Gradient(sympy.Function):
    """``\\nabla_w F``: the gradient of `F` with respect to `w`, left unevaluated."""

    nargs = 2


class MatrixGradient(sympy.MatrixExpr):
    """``\\nabla_w F`` with respect to a vector `w` (a d×1 matrix): a matrix of w's shape,
    so that ``\\nabla_w J(w) + \\alpha w`` adds up."""

    def __new__(cls, function, variable):
        return sympy.Basic.__new__(cls, function, variable)

    @property
    def shape(self):
        return self.args[1].shape

    def _latex(self, printer):
        return r"\nabla_{%s} %s" % (printer._print(self.args[1]), printer._print(self.args[0]))


class DiagonalMatrix(sympy.MatrixExpr):
    """``\\mathrm{diag}(\\lambda_i)``: the d×d diagonal matrix whose i-th entry is the argument
    at i (the argument's free index runs over 1..d)."""

    def __new__(cls, entry, size):
        return sympy.Basic.__new__(cls, entry, size)

    @property
    def shape(self):
        return (self.args[1], self.args[1])

    def _latex(self, printer):
        return r"\mathrm{diag}(%s)" % printer._print(self.args[0])


@dataclass(frozen=True)
class ArgOpt:
    """``\\arg\\min_{w,b} f`` or ``\\arg\\max_\\theta f``; only ever a whole term of a line."""

    kind: str
    """``"min"`` or ``"max"``."""

    variables: tuple
    """The optimization variables as written (Symbols, or MatrixSymbols for declared matrices)."""

    objective: object
    """The objective, a scalar SymPy expression."""

    value: bool = False
    """True for the optimum's value (`\\max_{w,b} f`, `\\min f`), False for the optimizer (`\\arg\\max_{w,b} f`): under
    `=` two values are compared as values, two optimizers as the points they pick."""


Term = sympy.Expr | sympy.MatrixExpr | ArgOpt


@dataclass(frozen=True)
class ParsedLine:
    """A line ``e1 REL e2 REL ...`` (or ``REL e1 REL ...`` continuing the line before)."""

    terms: tuple
    """The expressions, in order."""

    relations: tuple[str, ...]
    """The relations between consecutive terms: ``"="``, ``"=>"`` or ``"<=>"``."""

    leading_relation: str | None
    """The relation the line starts with, if it starts with one."""

    term_sources: tuple[str, ...]
    """The source text of each term, stripped."""

    conditions: tuple = ()
    """Conditions stated in a remark after the math (``\\quad \\text{for } k \\neq i``):
    ``(left, right)`` pairs of SymPy objects, each meaning ``left != right``.  The remark
    itself is not part of any term."""

    equalities: tuple = ()
    """An index condition after the math (``\\quad (k = i)``): ``(left, right)`` symbols, each
    meaning ``left = right`` where the line holds."""

    readings: tuple[str, ...] = ()
    """Readings the parser chose where the text allows two: ``"sum_scope"`` (a term after
    ``\\sum_i`` that uses i belongs to the sum), ``"log_product"`` (``\\log a \\exp(b)`` is the log of
    the whole product)."""
