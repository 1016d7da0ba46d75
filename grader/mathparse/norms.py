"""``\\|v\\|_1``: the sum of the absolute values of v's entries (a node the evaluator computes)."""

from __future__ import annotations

import sympy


class NormOne(sympy.Function):
    """``\\|v\\|_1`` of a vector (a matrix symbol, or an indexed name such as w for the w_j)."""

    nargs = 1

    def _latex(self, printer):
        return r"\|%s\|_1" % printer._print(self.args[0])


class NormTwo(sympy.Function):
    """``\\|w\\|`` of an indexed name (w for the w_j): the Euclidean norm of its entries."""

    nargs = 1

    def _latex(self, printer):
        return r"\|%s\|" % printer._print(self.args[0])
