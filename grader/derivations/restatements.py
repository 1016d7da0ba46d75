"""Whether a line `HEAD = ...` that cannot be evaluated states what the author means by HEAD."""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from typing import Any

import sympy
from sympy.core.function import AppliedUndef

from grader.derivations.definitions import INDEXED_NAME
from grader.derivations.later_definitions import UNDEFINED_FUNCTION_KEY
from grader.mathengine.equivalence import names_in
from grader.mathparse import Notation
from grader.results.models import LinkResult, Message


def restates(head: Any, links: list[LinkResult], known_names: set[str], defined_before: AbstractSet[str] = frozenset(),
             operators: AbstractSet[str] = frozenset(), body: Any = None, notation: Notation | None = None) -> bool:
    """Whether a one-link line `HEAD = ...` that could not be evaluated is a definition or restatement:
    HEAD is a name, an indexed name or a function of names (not an expression to check), stated for
    the first time in the derivation (`defined_before`: the names already stated or defined)."""
    if len(links) != 1 or links[0].valid is not None or links[0].reason is None:
        return False
    if links[0].reason.key == "equivalence.mixed_argopt":
        return isinstance(head, (sympy.Symbol, sympy.MatrixSymbol))  # `w^* = \\arg\\min_w J(w)` names the minimizer
    if links[0].reason.key != "equivalence.could_not_evaluate":
        return False
    if isinstance(head, AppliedUndef) and head.func.__name__ in operators:
        return _moment_first_stated(head, body, defined_before, operators)
    head_name = _head_name(head) or superscript_index(head, notation)
    if head_name is None:
        return False
    if head_name in defined_before and (isinstance(head, (sympy.Symbol, sympy.Indexed, sympy.MatrixSymbol, sympy.Pow))):
        return False  # `loss = ...` again: a second statement of a name the derivation stated is a step
    if head_name in known_names and not _problem_name_restated(links[0], body, known_names, notation):
        return False
    return _head_names_a_quantity(head, head_name, known_names, defined_before, notation)


def _moment_first_stated(head: Any, body: Any, defined_before: AbstractSet[str], operators: AbstractSet[str]) -> bool:
    """`\\mathrm{Var}(w_t) = \\frac{2}{n_t}`: the first statement of the variance (or mean) of the author's own
    variable says what it is; a second statement of the same one is a step (`Var(Y_t) = 2 Var(Y_{t-1})`
    relates two moments: a claim, not a definition)."""
    return (head_key(head, operators) not in defined_before
            and all(isinstance(a, (sympy.Symbol, sympy.Indexed, sympy.MatrixSymbol)) for a in head.args)
            and not (isinstance(body, sympy.Basic) and any(isinstance(n, AppliedUndef) and n.func.__name__ in operators
                                                           for n in sympy.preorder_traversal(body))))


def _problem_name_restated(link: LinkResult, body: Any, known_names: set[str], notation: Notation | None) -> bool:
    """A name of the problem stated for the first time in notation that cannot be evaluated
    (`L(\\theta) = \\prod_i p(Y_i \\mid x_i; \\theta)`, `E = -\\sum_i^N Y^i \\ln y^i`) says what the author means
    by it, where its letters are the problem's own (another index structure, a bound of the author's):
    a TA reads it as the author's definition.  A letter the problem does not know (`E = -Y_i / u_i`) may
    make the restatement wrong: a step that could not be checked."""
    error = link.reason.params.get("error") if link.reason is not None else None
    if isinstance(error, Message) and error.key == UNDEFINED_FUNCTION_KEY:
        return True
    if isinstance(error, str) and re.match(r"\S+ takes \d+ arguments", error):
        return True
    return _in_known_letters(body, known_names, notation)


def _head_names_a_quantity(head: Any, head_name: str, known_names: set[str], defined_before: AbstractSet[str],
                           notation: Notation | None) -> bool:
    """Whether the head is a name, an indexed name, or a function of names (not an expression to check)."""
    if isinstance(head, (sympy.Symbol, sympy.Indexed, sympy.MatrixSymbol)):
        return True
    if isinstance(head, AppliedUndef):
        if head_name not in known_names and head_name not in defined_before:
            # `N(y_i \\mid w x_i + b, \\sigma^2) = \\frac{1}{\\sqrt{2\\pi\\sigma^2}} ...`: a density of the author's, written
            # with its parameters
            return not any(isinstance(a, sympy.Basic) and a.has(sympy.Sum, sympy.Product) for a in head.args)
        return all(isinstance(a, (sympy.Symbol, sympy.Indexed, sympy.MatrixSymbol, sympy.Number)) or _is_name_like(a) for a in head.args)
    # `y^i = \\frac{(e^z)^i}{\\sum_j (e^z)^j}`: the author's y_i, its index written above
    return superscript_index(head, notation) is not None


def superscript_index(head: Any, notation: Notation | None) -> str | None:
    """The name of `y^i` read as the author's indexed y_i (an index letter as the exponent), else None."""
    ranges = getattr(notation, "index_ranges", None) or {}
    if (isinstance(head, sympy.Pow) and isinstance(head.base, sympy.Symbol) and isinstance(head.exp, sympy.Symbol)
            and head.exp.name in ranges):
        return head.base.name
    return None


def _head_name(head: Any) -> str | None:
    if isinstance(head, (sympy.Symbol, sympy.MatrixSymbol)):
        return head.name
    if isinstance(head, sympy.Indexed):
        return getattr(head.base.label, "name", None)
    if isinstance(head, AppliedUndef):
        return head.func.__name__
    return None


def _in_known_letters(body: Any, known_names: set[str], notation: Notation | None) -> bool:
    """Whether every name `body` mentions is the problem's, up to its indices (`Y_i`, `y_{ij}` for the
    problem's Y, y), a bound of a sum or product (`N` of `\\sum_i^N`) or an argument of a function
    (`X` of `p(\\vec y \\mid X; w, b)`)."""
    if not isinstance(body, sympy.Basic):
        return False
    bounds: set[str] = set()
    for node in sympy.preorder_traversal(body):
        if isinstance(node, AppliedUndef):  # `p(\\vec y \\mid X; w, b)`: what a probability is conditioned on names no value
            bounds |= names_in(*node.args) | {node.func.__name__}
        if isinstance(node, (sympy.Sum, sympy.Product)):
            for limit in node.limits:
                bounds |= {s.name for part in limit[1:] for s in getattr(part, "free_symbols", ())}
    ranges = set(getattr(notation, "index_ranges", {}) or {})
    for name in names_in(body):
        base = INDEXED_NAME.fullmatch(name)
        if name in known_names or name in bounds or name in ranges or (base and base.group(1) in known_names):
            continue
        return False
    return True


def head_key(head: Any, operators: AbstractSet[str]) -> str | None:
    """What a line `HEAD = ...` states: the name it gives a value (`L` of `L(\\theta)`), or the moment
    of a variable (`Var(w_t)`), so that a second statement of it is known as one."""
    if isinstance(head, AppliedUndef) and head.func.__name__ in operators:
        return str(head)
    return _head_name(head)


def _is_name_like(expr: Any) -> bool:
    return isinstance(expr, sympy.Basic) and len(expr.free_symbols) <= 3 and not expr.has(sympy.Sum, sympy.Product)
