"""A step about the moments of random variables in letters nobody defined, checked for ANY such variables.

`\\mathrm{Var}(U V) = \\mathbb{E}[U^2] \\mathbb{E}[V^2] - \\mathbb{E}[U]^2 \\mathbb{E}[V]^2`, `E[3X + c] = 3E[X] + c`,
`Var(X) = E[X^2] - E[X]^2`: an author states facts about independent random variables of their own (no layer's sum
names them as the problem's, `layer_letters`).  A TA accepts such a step when it holds whatever the variables'
means and variances are: that is what is checked here, with each variable written (`U`, `X_t`, `X_{t-1}`) an
independent one with its own mean and variance, drawn (never zero: the author stated no zero mean), and the
letters outside every moment as numbers.  Only that direction is used: a step that needs more (zero means, the
same distribution for `X_t` and `X_{t-1}`) may hold under what the author meant, so it stays "could not be checked",
never "invalid" (`free_letters` refuses random variables for the same reason).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import sympy
from sympy.core.function import AppliedUndef

from grader.derivations.free_letters import written_as_applied
from grader.mathengine.bounds import TooLarge, check_expansion
from grader.mathengine.equivalence import Checker, Verdict, close, names_in
from grader.mathengine.evaluate import EvaluationError, Evaluator
from grader.mathengine.moments import random_variable_names
from grader.results.i18n import define
from grader.results.models import Message

define(
    {
        "free_random_letters.identity": (
            ("Valid for any independent random variables {names}, whatever their means and variances (letters the "
            "derivation uses without defining them): the step holds whatever they stand for."),
            "对任意相互独立的随机变量 {names}（推导中未定义的字母），无论其均值与方差为何都成立：此步都成立。",
        ),
        "free_random_letters.identity_beside": (
            ("Valid for any random variables {names} independent of the problem's {own} (zero mean, as the problem "
             "states), whatever their means and variances (letters the derivation uses without defining them)."),
            "对任意与问题中的 {own}（零均值，如题所述）相互独立的随机变量 {names}（推导中未定义的字母），无论其均值与方差为何都成立。",
        ),
    }
)

#: The moment operators read here (a problem that has them: Var and E).
_OPERATORS = ("E", "Var")

#: Draws of the variables' means and variances (with the scenario's first points) a step must hold at.
_DRAWS = 6

#: Fixed: the values never depend on a submission's seed (same code, same grade).
_SEED = 20_261_208

#: At most this many monomials in an expanded moment.
_MAX_TERMS = 400

#: Definitions followed at most this deep (`Y_t = W_t X_t + b_t` inside `Var(Y_t)`).
_DEPTH = 6


def moment_points(checker: Checker, left: Any, right: Any) -> tuple[list, set[str]] | None:
    """(two of the problem's points, the names with a value there) where `left = right` can be judged as a statement
    about random variables (both sides SymPy, the problem has E and Var); None otherwise."""
    if not isinstance(left, sympy.Basic) or not isinstance(right, sympy.Basic) or not all(o in checker.special for o in _OPERATORS):
        return None
    scenario = next(iter(checker.scenarios), None)
    points = checker.points(scenario)[:2] if scenario is not None else []
    if not points:
        return None
    # the problem's own random variables (`w`, `a` of its E[...]) are its engine's to judge, not free letters
    return points, set(points[0]) | set(checker.special) | random_variable_names(checker.special)


def identity_in_free_random_letters(checker: Checker, left: Any, right: Any, sources: tuple[str, ...] = ()) -> Verdict | None:
    """A valid verdict where `left = right` holds for any independent random variables in its free letters, else None.

    `sources`: the two sides as written; a letter written before a parenthesis (`\\mathbb{E}[g(a_1)] = g(0)`) is a
    function the author means, which the parser reads as a factor: E[g(X)] is not g(E[X]), so no reading here."""
    drawn = moment_points(checker, left, right)
    if drawn is None:
        return None
    points, known = drawn
    left, right = _defined_written_out(checker, left), _defined_written_out(checker, right)
    if left is None or right is None:
        return None
    problem = problem_variables(checker, (left, right))
    randoms = random_letters((left, right), (known | set(checker.definitions)) - {name for atom in problem for name in names_in(atom)})
    if not randoms - set(problem):
        return None
    letters = _scalar_letters((left, right), randoms, known) | {name for atom in randoms for name in _base_names(atom) | {str(atom)}}
    if any(written_as_applied(name, source, subscripted=True) for name in letters for source in sources):
        return None
    if first_difference(checker, left, right, randoms, points, known, problem=problem) is not None:
        return None
    names = ", ".join(sorted(str(atom) for atom in randoms - set(problem)))
    if set(problem) & randoms:
        own = ", ".join(sorted(f"{atom.base}_{''.join(map(str, atom.indices))}" if isinstance(atom, sympy.Indexed) else str(atom)
                               for atom in set(problem) & randoms))
        return Verdict(True, Message("free_random_letters.identity_beside", {"names": names, "own": own}))
    return Verdict(True, Message("free_random_letters.identity", {"names": names}))


def first_difference(checker: Checker, left: sympy.Basic, right: sympy.Basic, randoms: set[sympy.Basic],
                     points: list, known: set[str], zero_means: bool = False,
                     problem: Mapping[sympy.Basic, str] | None = None) -> tuple[dict, Any, Any] | None:
    """None where both sides agree, finite and of one shape, at every draw of the variables' moments and the
    letters (every mean 0 with `zero_means`); else the first draw where they do not ({the variables' moments and
    the letters}, left, right; the values None where a side has none).  `problem`: the problem's own random
    variables among `randoms` (`w_i` beside the author's `x_i`), with the point's key of their variance: their means
    are the problem's, 0, and their variances the point's."""
    rng = np.random.default_rng(_SEED)
    for draw in range(_DRAWS):
        means = {atom: 0.0 if zero_means else float(rng.uniform(0.3, 1.5) * rng.choice((-1.0, 1.0))) for atom in sorted(randoms, key=str)}
        variances = {atom: float(rng.uniform(0.3, 1.5)) for atom in sorted(randoms, key=str)}
        scalars = {name: float(rng.uniform(0.4, 1.6)) for name in sorted(_scalar_letters((left, right), randoms, known))}
        point = {**points[draw % len(points)], **scalars}
        for atom, key in (problem or {}).items():
            means[atom], variances[atom] = 0.0, float(np.real(point[key]))
        special = {**checker.special, **_moments(randoms, means, variances)}
        evaluator = Evaluator(point, checker.definitions, special, checker.deadline)
        drawn = {**{f"E[{atom}]": means[atom] for atom in means}, **{f"Var({atom})": variances[atom] for atom in variances}, **scalars}
        try:
            a, b = evaluator.value(left), evaluator.value(right)
        except EvaluationError:
            return drawn, None, None
        if np.shape(a) != np.shape(b) or not np.all(np.isfinite(a)) or not np.all(np.isfinite(b)) or not close(a, b):
            return drawn, a, b
    return None


def _defined_written_out(checker: Checker, expr: sympy.Basic) -> sympy.Basic | None:
    """`expr` with the author's definitions without parameters written out (`Y_t` -> `W_t X_t + b_t`)."""
    for _ in range(_DEPTH):
        replacements = {}
        for symbol in expr.atoms(sympy.Symbol):
            definition = checker.definitions.get(symbol.name)
            if definition is not None and not definition.params and isinstance(definition.body, sympy.Basic):
                replacements[symbol] = definition.body
        if not replacements:
            return expr
        expr = expr.xreplace(replacements)
    return None


def problem_variables(checker: Checker, exprs: tuple) -> dict[sympy.Basic, str]:
    """The problem's own random variables written inside the moments of `exprs` (`w_i`, `w`: a family the problem's
    E[...] knows), each with the point's key of its variance (`Var(w)`)."""
    variances = getattr(checker.special.get("E"), "variances", None) or {}
    found: dict[sympy.Basic, str] = {}
    for expr in exprs:
        for node in sympy.preorder_traversal(expr):
            if isinstance(node, AppliedUndef) and type(node).__name__ in _OPERATORS:
                for atom in _atoms(node):
                    name = getattr(atom.base.label, "name", None) if isinstance(atom, sympy.Indexed) else str(atom)  # a base may be a sum
                    if name is not None and name in variances and isinstance(variances[name], str):
                        found[atom] = variances[name]
    return found


def random_letters(exprs: tuple, known: set[str]) -> set[sympy.Basic]:
    """The free letters written inside a moment (each `X_t`, `U` one variable); empty where the step is no such
    step: a moment of a problem's name, of a sum, a derivative or a function, or a random letter outside a moment."""
    randoms: set[sympy.Basic] = set()
    for expr in exprs:
        for node in sympy.preorder_traversal(expr):
            if isinstance(node, AppliedUndef) and type(node).__name__ in _OPERATORS:
                if len(node.args) != 1 or node.args[0].has(sympy.Sum, sympy.Product, sympy.Derivative, AppliedUndef):
                    return set()
                atoms = _atoms(node.args[0])
                if any((names_in(atom) | _base_names(atom)) & known for atom in atoms):
                    return set()  # the problem's own variables: its engine's to judge
                randoms |= atoms
    outside = set()
    for expr in exprs:
        moments = {node: sympy.Dummy() for node in sympy.preorder_traversal(expr)
                   if isinstance(node, AppliedUndef) and type(node).__name__ in _OPERATORS}
        outside |= _atoms(expr.xreplace(moments))
    return set() if outside & randoms else randoms


def _base_names(atom: sympy.Basic) -> set[str]:
    """The family's name of an entry (`w` of `w[t]`), none for a plain letter."""
    return {atom.base.label.name} if isinstance(atom, sympy.Indexed) else set()


def _atoms(expr: sympy.Basic) -> set[sympy.Basic]:
    """The letters of `expr`: its entries (`X[t]`) and its symbols outside entries."""
    entries = set(expr.atoms(sympy.Indexed))
    inside = {s for entry in entries for s in entry.free_symbols}
    return entries | {s for s in expr.atoms(sympy.Symbol) if s not in inside and not isinstance(s, sympy.Dummy)}


def _scalar_letters(exprs: tuple, randoms: set[sympy.Basic], known: set[str]) -> set[str]:
    """The free letters outside the random ones (a coefficient `c`, a count `l_t`): numbers."""
    names: set[str] = set()
    for expr in exprs:
        names |= {str(atom) for atom in _atoms(expr) if atom not in randoms and isinstance(atom, sympy.Symbol)}
    random_names = {str(atom) for atom in randoms} | {s.name for atom in randoms for s in atom.free_symbols}
    return names - known - random_names


def _moments(randoms: set[sympy.Basic], means: Mapping[sympy.Basic, float], variances: Mapping[sympy.Basic, float]) -> dict:
    """E and Var of polynomials in independent variables with these means and variances (the normal's moments)."""

    def expectation(evaluator: Evaluator, argument: sympy.Basic) -> complex:
        try:
            check_expansion(argument, _MAX_TERMS)
        except TooLarge:
            raise EvaluationError("too large to expand") from None
        terms = sympy.Add.make_args(sympy.expand(argument))
        if len(terms) > _MAX_TERMS:
            raise EvaluationError("too many terms to take an expectation")
        total = complex(0)
        for term in terms:
            evaluator.deadline.check()
            value: Any = complex(1)
            for factor in sympy.Mul.make_args(term):
                base, exponent = factor.as_base_exp()
                if base in randoms:
                    if not (exponent.is_Integer and 0 < exponent <= 4):
                        raise EvaluationError("no moment of this order")
                    value = value * _raw_moment(means[base], variances[base], int(exponent))
                elif _atoms(factor) & randoms:
                    raise EvaluationError("not a polynomial in the random variables")
                else:
                    value = value * evaluator.scalar(factor)
            total += value
        return total

    def mean(evaluator: Evaluator, args: tuple) -> complex:
        (argument,) = args
        return expectation(evaluator, argument)

    def variance(evaluator: Evaluator, args: tuple) -> complex:
        (argument,) = args
        first = expectation(evaluator, argument)
        return expectation(evaluator, argument**2) - first**2

    return {"E": mean, "Var": variance}


def _raw_moment(mean: float, variance: float, power: int) -> float:
    """E[X^power] of a normal with this mean and variance (power 1 to 4)."""
    return (mean, mean**2 + variance, mean**3 + 3 * mean * variance,
            mean**4 + 6 * mean**2 * variance + 3 * variance**2)[power - 1]
