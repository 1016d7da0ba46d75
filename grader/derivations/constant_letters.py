r"""The author's letters that a step about random variables uses as constants: `c` in `\mathrm{Var}(c z) = c^2 \mathrm{Var}(z)`.

A letter nobody defines, written outside every moment of a step (`c^2 \mathrm{Var}(z)`), is a number: a random
variable outside an expectation would make that side random, and a step equates numbers.  Inside a moment next to
the problem's random variables it is then the same number, a constant independent of them, as a TA reads the rules
`\mathrm{Var}(cX) = c^2 \mathrm{Var}(X)`, `\mathbb{E}[\gamma X] = \gamma \mathbb{E}[X]`.

Never a letter with a subscript or an index (`x_i` beside `w_i` is an entry of the author's random vector), nor one
the step takes a moment of alone (`\mathrm{Var}(x)`, `\mathbb{E}[x^2]`: the author's random variable).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import sympy
from sympy.core.function import AppliedUndef

from grader.mathengine.equivalence import Checker, names_in
from grader.mathengine.moments import random_variable_names


def constant_letters(checker: Checker, exprs: tuple[Any, ...], scalars: Collection[str]) -> frozenset[str]:
    """The letters of `scalars` the step `exprs` uses as constants (see the module's note); none where the problem
    has no random variables."""
    randoms = random_variable_names(checker.special)
    if not randoms:
        return frozenset()
    plain = {name for name in scalars if "_" not in name}
    outside: set[str] = set()
    alone: set[str] = set()
    for expr in exprs:
        if not isinstance(expr, sympy.Basic):
            return frozenset()
        moments = [node for node in sympy.preorder_traversal(expr) if isinstance(node, AppliedUndef) and node.func.__name__ in checker.special]
        outside |= names_in(expr.xreplace({moment: sympy.Dummy() for moment in moments}))
        for moment in moments:
            inside = names_in(*moment.args) - set(checker.special)
            if inside and inside <= set(scalars):  # `Var(x)`: a moment of the author's letters alone
                alone |= inside
    return frozenset(plain & outside - alone)
