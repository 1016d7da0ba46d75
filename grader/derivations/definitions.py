"""The author's definitions: which name a line defines, and what that name then stands for."""

from __future__ import annotations

import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import replace
from typing import Any

import sympy
from sympy.core.function import AppliedUndef

from grader.derivations.faults import value_or_fallback
from grader.derivations.named_densities import density_written_out
from grader.derivations.written_lines import parse_or_none
from grader.mathengine.equivalence import ArgOpt, names_in
from grader.mathengine.evaluate import FunctionDefinition
from grader.mathparse import Notation
from grader.mathparse.tuple_names import tuple_definition  # noqa: F401  (the parser reads the tuple now; the old name still works)

#: ``NAME(args) =`` at the start of a line: a function the student defines.
_FUNCTION_DEFINITION = re.compile(
    r"^\s*(?:\\(?:mathrm|operatorname|text|textrm|mathit)\{([A-Za-z]+)\}|\\mathcal\{([A-Za-z]+)\}"
    r"|\\(hat|tilde|bar)\s*\{?\s*([A-Za-z])\s*\}?"  # `\hat J(w) = ...`
    r"|\\(ell|[A-Za-z]+)|([A-Z]{2,}[A-Za-z]*|[A-Za-z]))\s*\(([^()]*)\)\s*(?:=|:=|\\coloneqq)"
)


def declared_functions(text: str) -> tuple[str, ...]:
    """Function names a line defines (``\\ell(w, b) = ...``), canonical as the parser names them."""
    match = _FUNCTION_DEFINITION.match(text)
    if not match:
        return ()
    if match.group(2):
        return (match.group(2) + "cal",)  # the parser's name of \mathcal{L}
    if match.group(3):
        return (f"{match.group(3)}_{match.group(4)}",)  # the parser's name of \hat J: hat_J
    name = match.group(1) or match.group(5) or match.group(6)
    return (name,)


#: `f'(z_k)`: a one-letter name written with a prime before its argument is a function (of that argument).
_PRIMED_FUNCTION = re.compile(r"(?<![A-Za-z\\])([A-Za-z])\s*(?:'|\^\s*\{?\s*\\prime\s*\}?)\s*\(")


def primed_functions(text: str) -> tuple[str, ...]:
    """The one-letter names a line differentiates as functions (`f'(z_k)`, `g^\\prime(x)`): the author's
    functions, even undefined (`f` the activation).  Read as a number, `f'(z)` was the derivative of the
    product f·z, that is f, and a wrong step in it could pass; as a function it has no value, and the
    step is "could not be checked"."""
    return tuple(dict.fromkeys(match.group(1) for match in _PRIMED_FUNCTION.finditer(text)
                               if not _AFTER_COMMAND.search(text, 0, match.start())))  # `\\hat y'(z)`: not the letter alone


#: A command just before a letter (`\\hat y`, `\\tilde{w`): the letter is decorated, another name.
_AFTER_COMMAND = re.compile(r"\\(?:hat|tilde|bar|widehat|widetilde|overline|vec|dot|ddot|mathbf|boldsymbol|bm|mathrm|mathcal|mathit|operatorname|text)\s*\{?\s*$")


def extend_notation(notation: Notation, functions: Sequence[str]) -> Notation:
    new = {name: () for name in functions if name not in notation.functions}
    if not new:
        return notation
    return replace(notation, functions={**dict(notation.functions), **new})


def given_definition(equation: str, notation: Notation, known: set[str], definitions: dict[str, FunctionDefinition],
                      argopt_names: dict[str, ArgOpt]) -> None:
    """An equation the prose states in inline math before a display (`$\\sum_K = \\sum_{j=1}^K \\exp(z_j)$`)
    defines a name nobody knows yet, for the lines after it, as a definition on a line of its own would.
    Not an index (`$i = j$`: a case), nor a number (`$K = 3$`: an example's size), nor what does not parse."""
    # a fault of ours on the prose's math: logged for staff; the equation is not read
    parsed = value_or_fallback(lambda: parse_or_none(equation, notation), None, "prose equation could not be read: %r", equation[:300])
    if parsed is None or parsed.leading_relation is not None or set(parsed.relations) != {"="} or len(parsed.terms) < 2:
        return
    head, body = parsed.terms[:2]  # `$L = H(y, a) = -\log a_j$`: the name is what it is first said to be
    name = name_to_define(head, known)
    if name is None:
        # `$w = w^* + u$`: a known quantity written through a new letter introduces the letter (u = w - w^*)
        solved = letter_introduced(head, body, known | set(notation.index_ranges))
        if solved is not None:
            record_definition(solved[0].name, solved[0], solved[1], definitions, argopt_names, notation)
        return
    if name in notation.index_ranges or not isinstance(body, sympy.Basic) or body.is_number:
        return
    if index_beyond_head(head, body, notation):
        return
    record_definition(name, head, body, definitions, argopt_names, notation)


def letter_introduced(head: Any, body: Any, known: set[str]) -> tuple[Any, Any] | None:
    """`KNOWN = A + u` (or `u + A`) with u a plain letter nobody knows and A free of it: u and what it stands
    for, `KNOWN - A`, as a TA reads the author's step in weight space `w = w^* + u`; None otherwise (a
    letter under a coefficient or a function is a statement to check, not a name given)."""
    if not isinstance(head, (sympy.Symbol, sympy.MatrixSymbol)) or head.name not in known:
        return None
    if not isinstance(body, (sympy.Add, sympy.MatAdd)):
        return None
    new = [term for term in body.args if isinstance(term, (sympy.Symbol, sympy.MatrixSymbol)) and term.name not in known]
    if len(new) != 1:
        return None
    letter = new[0]
    rest = [term for term in body.args if term is not letter]
    if any(letter in term.free_symbols for term in rest) or head == letter:
        return None
    return letter, head - (sympy.MatAdd(*rest) if isinstance(body, sympy.MatAdd) else sympy.Add(*rest))


def index_beyond_head(head: Any, body: Any, notation: Notation) -> bool:
    """Whether `HEAD_j = body` uses an index of the problem that is neither the head's nor bound by a sum
    (`S_j = e^{a_i} / \\sum_k e^{a_k}`): no definition of S_j, a statement a TA checks (here, a typo)."""
    if isinstance(head, sympy.Indexed):
        own = {str(i) for i in head.indices}
    elif isinstance(head, sympy.Symbol) and "_" in head.name:
        own = {head.name.rpartition("_")[2]}  # the author's S_j: one name, its index written in it
        if head.name.rpartition("_")[2].isdigit():
            return False  # the author's x_4 of a chain x_1, x_2, ...: a numbered name, not an entry at an index
    else:
        return False
    if not isinstance(body, sympy.Basic):
        return False
    ranges = getattr(notation, "index_ranges", None) or {}
    bound = {str(limit[0]) for node in body.atoms(sympy.Sum, sympy.Product) for limit in node.limits}
    used = {str(i) for entry in body.atoms(sympy.Indexed) for i in entry.indices if isinstance(i, sympy.Symbol)}
    used |= {s.name.rpartition("_")[2] for s in body.atoms(sympy.Symbol) if "_" in s.name}  # the author's a_i: one name
    return bool({name for name in used - bound - own if name in ranges})


def named_by_position(before: Any, after: Any, known: set[str]) -> tuple[str, tuple, Any] | None:
    """`after` is `before` with one of its parts replaced by a new name (`-\\sum_j \\ell_j` for
    `-\\sum_j Y_j \\log y_j`): the name, its index parameters and the part it stands for; else None."""
    if not isinstance(before, sympy.Basic) or not isinstance(after, sympy.Basic):
        return None
    found: dict[str, tuple[tuple, Any]] = {}

    def new_name(node: Any) -> tuple[str, tuple] | None:
        if isinstance(node, sympy.Indexed) and getattr(node.base.label, "name", None) not in known:
            if all(isinstance(i, sympy.Symbol) for i in node.indices):
                return node.base.label.name, tuple(node.indices)
        if isinstance(node, sympy.Symbol) and node.name not in known and not node.name[:1].isdigit():
            return node.name, ()
        return None

    def match(a: Any, b: Any, depth: int = 0) -> bool:
        if depth > 12:
            return False
        named = new_name(b)
        if named is not None:
            name, params = named
            if name in found:
                return found[name] == (params, a)
            found[name] = (params, a)
            return True
        if a == b:
            return True
        if type(a) is not type(b) or not a.args:
            return False
        if isinstance(a, (sympy.Add, sympy.Mul)):
            rest_a = [x for x in a.args if x not in b.args]
            rest_b = [x for x in b.args if x not in a.args]
            if len(rest_b) != 1 or not rest_a:
                return False
            return match(type(a)(*rest_a), rest_b[0], depth + 1)
        if len(a.args) != len(b.args):
            return False
        return all(match(x, y, depth + 1) for x, y in zip(a.args, b.args))

    if not match(before, after) or len(found) != 1:
        return None
    (name, (params, body)), = found.items()
    if not isinstance(body, sympy.Basic) or isinstance(body, (sympy.Number, sympy.Symbol)):
        return None  # a name for a single letter or a number is a renaming, not a part named
    return name, params, body


def name_to_define(expr: Any, known: set[str], index_letters: AbstractSet[str] = frozenset()) -> str | None:
    """The name a term would define, if it is a bare name nobody knows yet.

    `index_letters`: letters the problem knows only as indices; one applied to arguments
    (`l(\\mathbf{y}, \\hat{\\mathbf{y}}) = ...`, the author's loss) names a function of the author's."""
    if isinstance(expr, sympy.Symbol) and expr.name not in known:
        return expr.name
    if isinstance(expr, AppliedUndef) and (expr.func.__name__ not in known or expr.func.__name__ in index_letters):
        # `p(y_i \mid x_i; w, b) = ...`: an indexed argument stands for its index
        if all(isinstance(a, (sympy.Symbol, sympy.MatrixSymbol, sympy.Indexed)) for a in expr.args):
            return expr.func.__name__
    if isinstance(expr, sympy.MatrixSymbol) and expr.name not in known:
        return expr.name
    return None


def defined_by_derivative(left: Any, right: Any, known: set[str], data: AbstractSet[str] = frozenset()) -> tuple[str, Any, Any] | None:
    """`d NAME / d v = d BODY / d v` (or a sum of such derivatives, each by v, times numbers) with NAME new:
    the name, its head and BODY (the derivatives taken off), or None.

    Only where the right side is linear in its derivatives (sums, numbers, derivatives by v): BODY is then
    what NAME stands for, up to a term free of v, as the author writes it.  `data`: the problem's names that
    no definition ties to anything (its labels, its indices), which may stand before a derivative."""
    if not isinstance(left, sympy.Derivative) or len(left.variable_count) != 1 or left.variable_count[0][1] != 1:
        return None
    variable = left.variable_count[0][0]
    head = left.expr
    if isinstance(head, sympy.Indexed):
        name = getattr(head.base.label, "name", None)
        if name is None or name in known or not all(isinstance(i, sympy.Symbol) for i in head.indices):
            return None
        head = sympy.Symbol(f"{name}_{'_'.join(str(i) for i in head.indices)}") if len(head.indices) == 1 else None
        if head is None:
            return None
    name = name_to_define(head, known)
    if name is None or name in known or not isinstance(right, sympy.Basic):
        return None

    found = []
    # the quantity differentiated by (z of z_i, not the index i): a factor naming it moves with it
    by_name = {getattr(variable.base.label, "name", "")} if isinstance(variable, sympy.Indexed) else names_in(variable)

    def linear(node: Any) -> bool:
        if isinstance(node, sympy.Derivative):
            if node.variable_count != ((variable, 1),) or node.expr.has(sympy.Derivative):
                return False
            found.append(node)
            return True
        if isinstance(node, sympy.Add):
            return all(linear(term) for term in node.args)
        if isinstance(node, sympy.Mul):
            # only a number may stand before the derivative: a letter there (`-\\frac{1}{a_j}
            # \\frac{\\partial a_j}{\\partial z}`) may depend on the variable (the chain rule, not a definition)
            # (or the problem's own data, such as the labels Y_k, which nothing of the author's moves)
            factors = [f for f in node.args if not isinstance(f, sympy.Number)
                       and not (not f.has(sympy.Derivative) and names_in(f) and names_in(f) <= data
                                and not names_in(f) & by_name)]
            return len(factors) == 1 and linear(factors[0])
        if isinstance(node, sympy.Sum):
            bound = {limit[0] for limit in node.limits}
            return not (bound & variable.free_symbols) and linear(node.function)
        return False

    if not linear(right) or not found:
        return None
    body = right.xreplace({node: node.expr for node in found})
    if name in names_in(body):
        return None  # defined in terms of itself
    return name, head, body


def record_definition(name: str, head: Any, body: Any, definitions: dict, argopt_names: dict, notation: Notation | None = None) -> None:
    if isinstance(body, ArgOpt):
        argopt_names[name] = body
        return
    params = tuple(head.args) if isinstance(head, AppliedUndef) else ()
    definitions[name] = FunctionDefinition(params, density_written_out(head, body))  # `p(y_i \mid x_i) = \mathcal{N}(\mu, \sigma^2)`
    # `\hat y_i = w x_i + b` reads as the name hat_y_i alone, but as hat_y[i] inside a sum:
    # the same definition serves both, indexed by the problem's summation index
    indexed = INDEXED_NAME.fullmatch(name)
    if indexed and notation is not None and indexed.group(2) in notation.index_ranges:
        base = indexed.group(1)
        if base not in definitions and base not in notation.indexed:
            definitions[base] = FunctionDefinition((sympy.Symbol(indexed.group(2)),), body)


INDEXED_NAME = re.compile(r"(.+)_([A-Za-z])")
