"""A step written in letters the derivation never defines, checked as an identity in them.

Authors use their own letters for the course's quantities without ever defining them
(`a_j` for the logits, `C` for a shift, `\\delta` for sigma).  A step between two expressions
in such letters, `\\frac{\\partial}{\\partial a_j} \\frac{e^{a_j}}{\\sum_k e^{a_k}} =
\\frac{e^{a_j}\\sum_k e^{a_k} - e^{a_j} e^{a_j}}{(\\sum_k e^{a_k})^2}`, holds whatever the letters
mean when it holds for arbitrary values of them: that is what a TA checks by reading it.

Only that direction is used: a step that does not hold for arbitrary values may still hold for
the values the author meant (`p_j` being the softmax of `a_j`), so it stays "could not be
checked", never "invalid".  A derivative is taken only where the free reading cannot be wrong:
with respect to a free letter, of an expression in that letter alone (a letter that may depend
on it, such as `p_j` of `a_j`, would read as a constant); with respect to a problem quantity, of
an expression with no free letter.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import sympy
from sympy.core.function import AppliedUndef

from grader.derivations.call_layouts import layouts_agree
from grader.derivations.constant_letters import constant_letters
from grader.derivations.free_refutations import refuted_whatever_the_letters
from grader.mathengine.equivalence import ArgOpt, Checker, Verdict, close, names_in
from grader.mathengine.evaluate import EvaluationError, Evaluator
from grader.mathengine.free_functions import DRAW_KEY, free_function_draw, free_functions
from grader.mathengine.moments import random_variable_names
from grader.mathparse.nodes import Gradient, MatrixGradient
from grader.results.i18n import define
from grader.results.models import Message

define(
    {
        "free_letters.identity": (
            ("Valid for every value of {names} (letters the derivation uses without defining them): the step "
            "holds whatever they stand for."),
            "对 {names} 的任意取值都成立（推导中未定义的字母）：无论它们代表什么，此步都成立。",
        ),
        "free_letters.identity_constants": (
            ("Valid for every value of {names} (letters the derivation uses without defining them, read as constants, "
             "independent of the problem's random variables): the step holds whatever numbers they stand for."),
            "对 {names} 的任意取值都成立（推导中未定义的字母，视为与问题中的随机变量无关的常数）：无论它们代表什么数，此步都成立。",
        ),
        "free_letters.identity_functions": (
            ("Valid for every function {functions} and every value of {names} (the derivation applies or uses them "
             "without defining them): the step holds whatever they stand for, checked with arbitrary smooth functions."),
            "对任意函数 {functions} 及 {names} 的任意取值都成立（推导中未定义）：无论它们代表什么，此步都成立（以任意光滑函数检验）。",
        ),
    }
)

#: Length of each array given to a free indexed letter: longer than any index or limit drawn below.
_ARRAY_LENGTH = 6

#: Points at which a step must hold, each with its own values of the free letters.
_POINTS_NEEDED = 6

#: Fixed: the values of free letters never depend on a submission's seed (same code, same grade).
_SEED = 20_261_207


@dataclass(frozen=True)
class FreeLetters:
    """The letters a step uses that nothing gives a value, sorted by the values they need."""

    scalars: frozenset[str]
    """Letters standing for a number (`C`, `\\delta`)."""

    integers: frozenset[str]
    """Letters used as an index or a sum's limit (`j` in `a_j`, `C` in `\\sum_{k=1}^{C}`): whole numbers."""

    limits: frozenset[str]
    """Of those, the ones used only as a limit (the author's number of classes `C`): as large as every
    free array, so that every index drawn lies under them, as the author's indices do."""

    arrays: Mapping[str, int]
    """Indexed letters and their number of indices (`a` in `a_j`: 1)."""

    functions: frozenset[str] = frozenset()
    """Functions applied and never defined (`P` in `P(x_i \\mid \\theta)`, `L` in `\\nabla L(w)`): drawn as
    arbitrary smooth functions (`grader.mathengine.free_functions`)."""

    @property
    def names(self) -> frozenset[str]:
        """Every free letter."""
        return self.scalars | self.integers | frozenset(self.arrays)


def identity_in_free_letters(checker: Checker, left: Any, right: Any, sources: tuple[str, ...] = ()) -> Verdict | None:
    """A valid verdict where `left = right` holds for arbitrary values of its free letters, an invalid one where no
    value of its plain number letters makes it hold (`free_refutations`), else None.

    `sources`: the two sides as written, to tell a letter applied like a function (`\\sigma(A_1)`).
    """
    if isinstance(left, ArgOpt) or isinstance(right, ArgOpt):
        return None
    if not isinstance(left, sympy.Basic) or not isinstance(right, sympy.Basic):
        return None
    scenario = next(iter(checker.scenarios), None)
    if scenario is None:
        return None
    base_points = checker.points(scenario)
    if not base_points:
        return None
    reading = _free_reading(checker, left, right, sources, base_points[0])
    if reading is None:
        return None
    checker, left, right, letters = reading
    if not _holds_for_drawn_letters(checker, left, right, letters, base_points):
        if letters.integers or letters.arrays or letters.functions:
            return None
        return refuted_whatever_the_letters(checker, left, right, letters.scalars, base_points[0])
    if letters.functions:
        return Verdict(True, Message("free_letters.identity_functions", {"names": ", ".join(sorted(letters.names)) or "-",
                                                                        "functions": ", ".join(sorted(letters.functions))}))
    if random_variable_names(checker.special):  # the problem's random variables beside them: the letters are numbers
        return Verdict(True, Message("free_letters.identity_constants", {"names": ", ".join(sorted(letters.names))}))
    return Verdict(True, Message("free_letters.identity", {"names": ", ".join(sorted(letters.names))}))


def _free_reading(checker: Checker, left: Any, right: Any, sources: tuple[str, ...],
                  point: Mapping[str, Any]) -> tuple[Checker, Any, Any, FreeLetters] | None:
    """The step read with its free letters as values to draw (a free vector's entries as its entries), or
    None where it cannot be: no free letter, a function with no rule, a derivative that would change meaning,
    a random variable among them, or a letter applied like a function."""
    letters = _free_letters(checker, (left, right), point)
    if letters is None or not (letters.names or letters.functions):
        return None
    entries = _entries_of_free_arrays(letters)
    if entries:
        # `a_j` next to `\sum_k e^{a_k}`: the entry j of the author's vector a, as a TA reads it
        left, right = left.xreplace(entries), right.xreplace(entries)
        checker = checker.with_definitions({
            name: replace(definition, body=definition.body.xreplace(entries))
            for name, definition in checker.definitions.items()
            if isinstance(definition.body, sympy.Basic) and definition.body.has(*entries)
        })
        letters = _free_letters(checker, (left, right), point)
        if letters is None:
            return None
    if not _derivatives_safe(checker, (left, right), letters.names - letters.integers):
        return None
    if _random_in_free_letters(checker, (left, right), letters.names - constant_letters(checker, (left, right), letters.scalars)):
        return None
    if any(written_as_applied(name, source) for name in letters.scalars for source in sources):
        return None
    if letters.functions and not _one_function_per_name(checker, left, right, letters.functions, sources):
        return None
    return checker, left, right, letters


def _one_function_per_name(checker: Checker, left: Any, right: Any, functions: frozenset[str], sources: tuple[str, ...]) -> bool:
    """Whether each free function's calls are calls of one function: every call of several arguments written in the
    step itself, with one layout (`P(x \\mid \\theta)` beside `P(x, \\theta)` is a conditional and a joint probability,
    which the parser gives the same arguments; a definition's calls are not seen as written)."""
    if not sources or not layouts_agree(sources):
        return False
    bodies = [expr for expr in _through_definitions(checker, (left, right)) if expr is not left and expr is not right]
    return not any(isinstance(node, AppliedUndef) and node.func.__name__ in functions and len(node.args) > 1
                   for body in bodies for node in sympy.preorder_traversal(body))


def _holds_for_drawn_letters(checker: Checker, left: Any, right: Any, letters: FreeLetters, base_points: list) -> bool:
    """Whether both sides agree, finite and of one shape, at enough points with the free letters drawn
    (up to three rounds over the scenario's points; one disagreement refutes)."""
    rng = np.random.default_rng(_SEED)
    special = {**checker.special, **free_functions(letters.functions)}
    usable = 0
    for _round in range(3):
        for number, base in enumerate(base_points):
            positive = bool(letters.functions) and (number + _round) % 2 == 0
            point = {**base, **_values(rng, letters, _largest_size(base)), DRAW_KEY: free_function_draw(_SEED, number + 100 * _round, positive)}
            evaluator = Evaluator(point, checker.definitions, special, checker.deadline)
            try:
                a, b = evaluator.value(left), evaluator.value(right)
            except EvaluationError:
                continue
            if letters.functions and not positive and (np.any(np.iscomplex(a)) or np.any(np.iscomplex(b))):
                continue  # the logarithm of a function drawn negative: that point does not read the author's function
            if np.shape(a) != np.shape(b) or not np.all(np.isfinite(a)) or not np.all(np.isfinite(b)) or not close(a, b):
                return False
            usable += 1
        if usable >= _POINTS_NEEDED:
            return True
    return False


@dataclass
class _LetterWalk:
    """The letters found so far while walking a step's expressions (see `_free_letters`)."""

    known: set[str]
    """Names with a value (the point's, the definitions', the operators'): not free."""

    scalars: set[str] = field(default_factory=set)
    """Letters standing alone."""

    indices: set[str] = field(default_factory=set)
    """Letters used as an index."""

    limits: set[str] = field(default_factory=set)
    """Letters used as a sum's or product's limit."""

    arrays: dict[str, int] = field(default_factory=dict)
    """Indexed letters and their number of indices."""

    functions: set[str] = field(default_factory=set)
    """Functions applied that nothing defines."""

    def node_read(self, node: Any, bound: set[str]) -> bool:
        """Note the free letters `node` shows; False where it makes the step no identity in free letters."""
        if not self.function_read(node):
            return False
        if isinstance(node, sympy.MatrixSymbol) and node.name not in self.known:
            return False  # a matrix of unknown shape
        if isinstance(node, sympy.Indexed):
            name = getattr(node.base.label, "name", None)
            if name is not None and name not in self.known and self.arrays.setdefault(name, len(node.indices)) != len(node.indices):
                return False  # `a_j` and `a_{ij}`: not one array
            for index in node.indices:
                self.indices |= {s.name for s in index.free_symbols if s.name not in self.known and s.name not in bound}
        if isinstance(node, (sympy.Sum, sympy.Product)):
            for _, low, high in node.limits:
                self.limits |= {s.name for s in (low.free_symbols | high.free_symbols) if s.name not in self.known and s.name not in bound}
        return True

    def function_read(self, node: Any) -> bool:
        """Note a function nothing defines (`f(x_i)`, `L(w)`: any function); False for a derivative of one written
        with primes or d/dx (`g'(x)`: a rule of calculus for any functions, `author_rules`' reading)."""
        if isinstance(node, AppliedUndef) and node.func.__name__ not in self.known:
            self.functions.add(node.func.__name__)
        return not (isinstance(node, sympy.Derivative) and any(f.func.__name__ not in self.known for f in node.expr.atoms(AppliedUndef)))

    def scalars_read(self, expr: Any, bound: set[str]) -> None:
        """The letters standing alone in `expr` (an entry `a[k]` is its array's, counted by `node_read`)."""
        for symbol in expr.free_symbols:
            if isinstance(symbol, sympy.Symbol) and symbol.name not in self.known and symbol.name not in bound and symbol.name not in self.arrays:
                self.scalars.add(symbol.name)


def _free_letters(checker: Checker, exprs: tuple, point: Mapping[str, Any]) -> FreeLetters | None:
    """The free letters of `exprs`, or None where a function nothing defines is applied."""
    # the problem's random variables (`w`, `a` of its E[...]) are its own, judged by its moments
    walk = _LetterWalk(known=set(point) | set(checker.definitions) | set(checker.special) | random_variable_names(checker.special))
    for expr in _through_definitions(checker, exprs):
        bound = {str(limit[0]) for node in expr.atoms(sympy.Sum, sympy.Product) for limit in node.limits}
        if not all(walk.node_read(node, bound) for node in sympy.preorder_traversal(expr)):
            return None
        walk.scalars_read(expr, bound)
    integers = walk.indices | walk.limits
    if walk.functions & (walk.scalars | integers | set(walk.arrays)):
        return None  # `L` and `L(w)`: a letter and a function under one name, no reading to draw
    return FreeLetters(frozenset(walk.scalars - integers), frozenset(integers), frozenset(walk.limits - walk.indices), walk.arrays,
                       frozenset(walk.functions))


def _entries_of_free_arrays(letters: FreeLetters) -> dict:
    """`a_j` read as one letter where `a` is also a free vector (`a_k` under a sum): its entry j."""
    entries = {}
    for name in letters.scalars | letters.integers:
        base, _, index = name.partition("_")
        if letters.arrays.get(base) == 1 and ((index.isalpha() and len(index) == 1) or index.isdigit()):
            position = sympy.Integer(int(index)) if index.isdigit() else sympy.Symbol(index)
            entries[sympy.Symbol(name)] = sympy.Indexed(sympy.IndexedBase(base), position)
    return entries


def _through_definitions(checker: Checker, exprs: tuple) -> list:
    """`exprs` and the bodies of every definition they reach (a defined `p_j` uses the free `a`)."""
    seen: set[str] = set()
    todo, out = list(exprs), []
    while todo:
        expr = todo.pop()
        if not isinstance(expr, sympy.Basic):
            continue
        out.append(expr)
        for name in names_in(expr):
            definition = checker.definitions.get(name)
            if definition is not None and name not in seen:
                seen.add(name)
                todo.append(definition.body)
    return out


def _derivatives_safe(checker: Checker, exprs: tuple, free: frozenset[str]) -> bool:
    """Whether every derivative means the same under the free reading as under the author's.

    `free`: the free letters that stand for quantities (indices and limits cannot depend on anything)."""
    for expr in exprs:
        if expr.atoms(Gradient, MatrixGradient) and names_in(expr) & free:
            return False
        for node in expr.atoms(sympy.Derivative):
            inner_names = set()
            for part in _through_definitions(checker, (node.expr,)):
                inner_names |= names_in(part)
            inner_free = inner_names & free
            variables = {name for variable, _ in node.variable_count for name in names_in(variable)}
            if variables & free:
                # with respect to a free letter: the expression may use only that letter freely, but for
                # the letters an author's definition writes next to it (`L = -\\sum_j t_j \\log p_j` with p
                # defined from x: t is what the author holds fixed, or they would have defined it too)
                if inner_free - variables - _written_beside(checker, node.expr, variables, free):
                    return False
            elif inner_free:
                return False
    return True


def _written_beside(checker: Checker, expr: Any, variables: set[str], free: frozenset[str]) -> set[str]:
    """The free letters an author's definition reached from `expr` writes as a factor beside the dependence
    it spells out (`t_j` in `L = -\\sum_j t_j \\log s_j`, s defined from x): quantities the author holds fixed.

    Only a plain letter multiplying a factor that reaches one of `variables` (through the definitions), and
    never one written anywhere else in the body (`\\log p_j`: an undefined p may depend on the variable), nor
    in `expr` itself: only a definition says what a name depends on."""

    moved = set(variables) & free  # the letters differentiated by (not their indices)

    def reaches(node: Any) -> bool:
        names = set()
        for part in _through_definitions(checker, (node,)):
            names |= names_in(part)
        return bool(names & moved)

    beside: set[str] = set()
    elsewhere: set[str] = set(names_in(expr) & free)
    seen: set[str] = set()
    todo = [name for name in names_in(expr) if name in checker.definitions]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        body = checker.definitions[name].body
        if not isinstance(body, sympy.Basic):
            continue
        coefficients = {}
        for node in sympy.preorder_traversal(body):
            if isinstance(node, sympy.Mul) and any(reaches(f) for f in node.args):
                for factor in node.args:
                    if isinstance(factor, (sympy.Symbol, sympy.Indexed)) and names_in(factor) & free and not reaches(factor):
                        coefficients[factor] = sympy.Integer(1)
        beside |= {n for c in coefficients for n in names_in(c) & free}
        elsewhere |= names_in(body.xreplace(coefficients)) & free
        todo.extend(n for n in names_in(body) if n in checker.definitions)
    return beside - elsewhere - variables


def _random_in_free_letters(checker: Checker, exprs: tuple, free: frozenset[str]) -> bool:
    """Whether a moment (`Var(Y_t)`, `E[W_{ij}^2]`) is taken of a free letter: drawn as a number it would
    have no variance, and `Var(Y_t) = 2 Var(Y_{t-1})` would hold."""
    for expr in _through_definitions(checker, exprs):
        for node in sympy.preorder_traversal(expr):
            if isinstance(node, AppliedUndef) and node.func.__name__ in checker.special:
                reached = set()
                for part in _through_definitions(checker, node.args):
                    reached |= names_in(part)
                if reached & free:
                    return True
    return False


def written_as_applied(name: str, source: str, subscripted: bool = False) -> bool:
    """Whether a letter is written before a parenthesis (`\\sigma(A_1)`, `C(x)`, `\\mathrm{g}(x)`): a function the
    author means, which the parser reads as a product; an identity of the product is not one of the function.  A
    subscripted letter (`g_1(x)`) only with `subscripted`: `p_i(1 - p_i)` is most often a product, and only a
    reading where the product can pass for the function (a moment of it) asks.  A bracket counts after a plain
    letter only (`l_t [\\mathbb{E}(...) - ...]` is a factor)."""
    base, _, index = name.partition("_")
    if index and not subscripted:
        return False
    written = re.escape("\\" + base if len(base) > 1 else base)
    styled = rf"(?:\\[A-Za-z]+\s*\{{\s*{written}\s*\}}|(?<![A-Za-z\\]){written}(?![A-Za-z]))"
    if index:
        subscript = re.escape(index)
        return re.search(rf"{styled}\s*_\s*(?:\{{\s*{subscript}\s*\}}|{subscript}(?![A-Za-z0-9]))\s*(?:\\left\s*)?\(", source) is not None
    return re.search(rf"{styled}\s*(?:\\left\s*)?[(\[]", source) is not None


def _largest_size(point: Mapping[str, Any]) -> int:
    """The problem's largest size at a point (its n or K): the whole numbers among its values."""
    sizes = [int(v) for v in point.values() if isinstance(v, (int, np.integer)) and not isinstance(v, bool)]
    return max(sizes, default=_ARRAY_LENGTH)


def _values(rng: np.random.Generator, letters: FreeLetters, size: int) -> dict[str, Any]:
    """Arbitrary values: positive numbers (logarithms and roots stay real), small whole numbers; a limit
    is the problem's size (the author's C or q counts the problem's classes or samples)."""
    values: dict[str, Any] = {}
    length = max(size, _ARRAY_LENGTH)
    for name in sorted(letters.scalars):
        values[name] = float(rng.uniform(0.4, 1.6))
    for name in sorted(letters.integers):
        values[name] = size if name in letters.limits else int(rng.integers(1, min(size, 4) + 1))
    for name, count in sorted(letters.arrays.items()):
        values[name] = rng.uniform(0.4, 1.6, size=(length,) * count)
    return values
