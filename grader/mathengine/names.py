"""The names an expression mentions, the indices it binds, and the names that stand for "a constant"."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sympy

from grader.mathparse.nodes import ArgOpt, DiagonalMatrix

#: Names students use for "a term that does not depend on the parameters" (`+ C`, `+ \\text{const}`).
CONSTANT_NAMES = frozenset({"C", "c", "const", "constant", "Const", "C_0", "c_0", "C'", "text_const", "cst"})


def names_in(*exprs: Any) -> set[str]:
    """The names of symbols, indexed bases and matrices an expression mentions."""
    found: set[str] = set()
    for expr in exprs:
        if isinstance(expr, ArgOpt):
            found |= names_in(expr.objective, *expr.variables)
            continue
        if not isinstance(expr, sympy.Basic):
            continue
        for node in sympy.preorder_traversal(expr):
            if isinstance(node, sympy.Indexed):
                label = getattr(node.base.label, "name", None)  # a base may be a number (`0_{ij}`)
                if label is not None:
                    found.add(label)
            elif isinstance(node, (sympy.Symbol, sympy.MatrixSymbol)):
                found.add(node.name)
            elif isinstance(node, sympy.core.function.AppliedUndef):
                found.add(node.func.__name__)
    return found


def bound_indices(*exprs: Any) -> set[str]:
    """The variables that sums and products of the expressions bind."""
    found: set[str] = set()
    for expr in exprs:
        if isinstance(expr, ArgOpt):
            found |= bound_indices(expr.objective)
        elif isinstance(expr, sympy.Basic):
            for node in expr.atoms(sympy.Sum, sympy.Product):
                found |= {str(limit[0]) for limit in node.limits}
            for node in expr.atoms(DiagonalMatrix):  # diag(lambda_i): i runs over 1..d
                found |= {str(i) for e in node.args[0].atoms(sympy.Indexed) for i in e.indices}
    return found


def without(expr: Any, zero: Mapping[Any, Any]) -> Any:
    """The expression with the unnamed constants set to 0 (our own parsed SymPy tree)."""
    return expr.xreplace(zero) if isinstance(expr, sympy.Basic) else expr



def name_of(symbol: Any) -> str:
    """The name of a symbol, of an indexed name's family (`w` of `w_j`), or of an indexed base."""
    if isinstance(symbol, sympy.Indexed):
        return symbol.base.label.name
    if isinstance(symbol, sympy.IndexedBase):
        return symbol.label.name
    return getattr(symbol, "name", str(symbol))


def mentions(expr: sympy.Basic, name: str) -> bool:
    """Whether a symbol or matrix of that name stands anywhere in the expression."""
    return any(isinstance(node, (sympy.Symbol, sympy.MatrixSymbol)) and node.name == name for node in sympy.preorder_traversal(expr))
