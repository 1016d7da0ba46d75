"""Var and E of independent, zero-mean random variables, for the evaluator.

A problem such as Xavier initialization speaks of random variables (``w_j``, ``a_j``)
through their variances.  `zero_mean_variables` gives the evaluator the meaning of
``Var(...)`` and ``E(...)``: the argument is written out (problem definitions substituted,
sums instantiated at the point's sizes), expanded into monomials, and each monomial's
expectation is the product of the moments of independent variables:
E[X] = 0, E[X^2] = Var(X), odd moments 0, E[X^4] = 3 Var(X)^2 (the Gaussian value; no
derivation of the course needs a fourth moment).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

import sympy

from grader.mathengine.bounds import MAX_NODES, TooLarge, check_expansion, check_nodes
from grader.mathengine.evaluate import EvaluationError, Evaluator, SpecialFunction
from grader.mathengine.gradients import BIAS_VALUE, OUTPUT_GRADIENT, BackwardPass, backward_pass_of

MAX_MONOMIALS = 4000


def zero_mean_variables(variances: Mapping[str, str], backward: BackwardPass | None = None) -> dict[str, SpecialFunction]:
    """Special functions ``Var`` and ``E`` for variables named in `variances`.

    `variances` maps a variable's base name (``"w"`` covers ``w`` and every ``w_j``) to the
    point key holding its variance (``"Var(w)"``).  With `backward`, the loss's gradients through the
    layer are random variables too (`grader.mathengine.gradients`).
    """
    if backward is not None:
        variances = {**variances, OUTPUT_GRADIENT: backward.variance}

    def expectation(evaluator: Evaluator, expr: sympy.Basic) -> complex:
        written = _written_out(evaluator, expr)
        try:  # refused before it starts: expand has no limit of its own
            check_expansion(written, MAX_MONOMIALS)
        except TooLarge:
            raise EvaluationError("too large to expand") from None
        polynomial = sympy.expand(written)
        terms = sympy.Add.make_args(polynomial)
        if len(terms) > MAX_MONOMIALS:
            raise EvaluationError("too many terms to take an expectation")
        total = complex(0)
        for term in terms:
            evaluator.deadline.check()
            coefficient: Any = complex(1)
            powers: dict[sympy.Basic, int] = {}
            for factor in sympy.Mul.make_args(term):
                base, exponent = factor.as_base_exp()
                name = _variable_name(base)
                if name in variances:
                    if not (exponent.is_Integer and exponent > 0):
                        raise EvaluationError(f"cannot take the expectation of {factor}")
                    powers[base] = powers.get(base, 0) + int(exponent)
                else:
                    coefficient = coefficient * evaluator.scalar(factor)
            for base, power in powers.items():
                coefficient = coefficient * _moment(evaluator.scalar(sympy.Symbol(variances[cast(str, _variable_name(base))])), power)  # named: kept above
                if coefficient == 0:
                    break
            total += coefficient
        return total

    def variance(evaluator: Evaluator, args: tuple[sympy.Basic, ...]) -> complex:
        (argument,) = _one(args, "Var")
        name = _variable_name(argument)
        if name is not None and name in variances:
            return evaluator.scalar(sympy.Symbol(variances[name]))
        mean = expectation(evaluator, argument)
        return expectation(evaluator, argument**2) - mean**2

    def mean(evaluator: Evaluator, args: tuple[sympy.Basic, ...]) -> complex:
        (argument,) = _one(args, "E")
        return expectation(evaluator, argument)

    mean.variances = dict(variances)  # type: ignore[attr-defined]  # for `cross_terms_disagree`
    mean.backward = backward  # type: ignore[attr-defined]  # for `_written_out` and the evaluator's derivatives
    return {"Var": variance, "E": mean}


def random_variable_names(special: Mapping[str, Any]) -> set[str]:
    """The names of a problem's random variables (`w`, `a` of its E[...]), from its special functions: none where
    it has no moments."""
    return set(getattr(special.get("E"), "variances", None) or {})


def cross_terms_disagree(evaluator: Evaluator, left: sympy.Basic, right: sympy.Basic) -> bool:
    """`Var(z) = E[\\sum_j w_j^2 a_j^2 + 2\\sum_{j \\neq k} w_j a_j w_k a_k]`: both sides are expectations of
    polynomials in the random variables and agree as numbers, but the student wrote out terms whose
    expectation is zero (cross terms) with coefficients the square does not have.  Such a step holds
    only because those terms vanish in expectation; the expansion as written is wrong.

    True when a written cross term's coefficient differs from the other side's; False otherwise
    (dropping the cross terms altogether, by independence, is right)."""
    variances = getattr(evaluator.special.get("E"), "variances", None)
    if not variances:
        return False
    inner_left, inner_right = _inner(evaluator, left, variances), _inner(evaluator, right, variances)
    if inner_left is None or inner_right is None:
        return False
    written = {}
    for side, inner in (("left", inner_left), ("right", inner_right)):
        polynomial = sympy.expand(_written_out(evaluator, inner))
        terms = sympy.Add.make_args(polynomial)
        if len(terms) > MAX_MONOMIALS:
            return False
        written[side] = _cross_terms(evaluator, terms, variances)
    for side, other in (("left", "right"), ("right", "left")):
        for monomial, coefficient in written[side].items():
            if abs(coefficient - written[other].get(monomial, 0)) > 1e-9 * max(1.0, abs(coefficient)) and monomial in written[other]:
                return True
            if monomial not in written[other] and written[other] and abs(coefficient) > 1e-12:
                return True  # a cross term one side writes and the other, writing cross terms, has not
    return False


def _inner(evaluator: Evaluator, expr: sympy.Basic, variances: Mapping[str, str]) -> sympy.Basic | None:
    """X of `E[X]`; X^2 of `Var(X)` for a zero-mean X; None for anything else."""
    if not isinstance(expr, sympy.core.function.AppliedUndef) or len(expr.args) != 1:
        return None
    name, (argument,) = expr.func.__name__, expr.args
    if name == "E":
        return _pairs_read(argument)
    if name == "Var" and _variable_name(argument) not in variances:
        try:
            if abs(evaluator.special["E"](evaluator, (argument,))) > 1e-12:
                return None
        except EvaluationError:
            return None
        return argument**2
    return None


def _pairs_read(expr: sympy.Basic) -> sympy.Basic:
    """`\\sum_{j \\neq k} w_j a_j w_k a_k` with k bound nowhere: the sum over the pairs j != k, as in
    an expansion of a square (the parser reads a lone `\\sum_{j \\neq k}` over j for a fixed k)."""
    replacements = {}
    for total in expr.atoms(sympy.Sum):
        if len(total.limits) != 1:
            continue
        variable, low, high = total.limits[0]
        others = {s for delta in total.function.atoms(sympy.KroneckerDelta) for s in delta.free_symbols} - {variable}
        free = others & (expr.free_symbols - set())
        if len(others) == 1 and free:
            (other,) = free
            replacements[total] = sympy.Sum(total.function, (variable, low, high), (other, low, high))
    return expr.xreplace(replacements) if replacements else expr


def _cross_terms(evaluator: Evaluator, terms: tuple, variances: Mapping[str, str]) -> dict:
    """The monomials of zero expectation (some random variable to an odd power) and their coefficients."""
    found: dict = {}
    for term in terms:
        coefficient: Any = complex(1)
        powers: dict = {}
        for factor in sympy.Mul.make_args(term):
            base, exponent = factor.as_base_exp()
            if _variable_name(base) in variances and exponent.is_Integer and exponent > 0:
                powers[base] = powers.get(base, 0) + int(exponent)
            else:
                coefficient = coefficient * evaluator.scalar(factor)
        if any(power % 2 for power in powers.values()):
            key = tuple(sorted((str(base), power) for base, power in powers.items()))
            found[key] = found.get(key, 0) + coefficient
    return {key: value for key, value in found.items() if abs(value) > 1e-12}


def _one(args: tuple, name: str) -> tuple:
    if len(args) != 1:
        raise EvaluationError(f"{name} takes one argument")
    return args


def _moment(variance: complex, power: int) -> complex:
    if power % 2 == 1:
        return complex(0)
    if power == 2:
        return variance
    if power == 4:
        return 3 * variance**2
    raise EvaluationError(f"no moment of order {power} is known")


def _variable_name(expr: sympy.Basic) -> str | None:
    if isinstance(expr, sympy.Indexed):
        return expr.base.label.name
    if isinstance(expr, sympy.Symbol):
        return expr.name
    return None


def _written_out(evaluator: Evaluator, expr: sympy.Basic, depth: int = 0, layer: BackwardPass | bool | None = True) -> sympy.Basic:
    """`expr` with definitions substituted, sums expanded and bound indices replaced by numbers (`layer`: the
    backward pass the problem models, looked up once at the top; True: not looked up yet)."""
    if depth > 20:
        raise EvaluationError("definitions nested too deeply")
    evaluator.deadline.check()  # a definition used twice at each of 20 levels is written out 2^20 times
    if layer is True:
        layer = backward_pass_of(evaluator.special)
    if isinstance(layer, BackwardPass) and isinstance(expr, (sympy.Symbol, sympy.Indexed, sympy.Derivative)):
        modelled = _layer_written_out(evaluator, expr, layer)
        if modelled is not None:  # `\frac{\partial L}{\partial a_j}`, `b_t`: the layer's random variables, its constant bias
            return _written_out(evaluator, modelled, depth + 1, layer)
    if isinstance(expr, sympy.Symbol):
        return _symbol_written_out(evaluator, expr, depth)
    if isinstance(expr, sympy.Indexed):
        indices = [_written_out(evaluator, i, depth + 1, layer) for i in expr.indices]
        return expr.base[tuple(indices)]
    if isinstance(expr, sympy.Sum):
        return _written_out(evaluator, _sum_instantiated(evaluator, expr), depth + 1, layer)
    if not expr.args:
        return expr
    return expr.func(*[_written_out(evaluator, a, depth + 1, layer) for a in expr.args])


def _layer_written_out(evaluator: Evaluator, expr: sympy.Basic, layer: BackwardPass) -> sympy.Basic | None:
    """A gradient, an activation's slope or the bias as the layer's model writes it (None: not one, or a
    name the author defines or the point gives, which is theirs)."""
    if layer.is_bias(expr):
        if _variable_name(expr) in evaluator.definitions or _variable_name(expr) in evaluator.values:
            return None
        return sympy.Symbol(BIAS_VALUE)
    if isinstance(expr, sympy.Derivative):
        return layer.written_out(expr, {*evaluator.definitions, *evaluator.values})
    return None


def _symbol_written_out(evaluator: Evaluator, symbol: sympy.Symbol, depth: int) -> sympy.Basic:
    """A name a problem defines (without parameters) as its definition written out; an index with
    a value at the point (`j` = 2) as that number; any other symbol as itself."""
    definition = evaluator.definitions.get(symbol.name)
    if definition is not None and not definition.params and symbol.name not in evaluator.values:
        return _written_out(evaluator, definition.body, depth + 1)
    value = evaluator.values.get(symbol.name)
    if isinstance(value, int) and _is_index(symbol):
        return sympy.Integer(value)
    if isinstance(value, complex) and value.imag == 0 and value.real == int(value.real) and _is_index(symbol):
        return sympy.Integer(int(value.real))
    return symbol


def _sum_instantiated(evaluator: Evaluator, total: sympy.Sum) -> sympy.Basic:
    """A sum as the Add of its terms over the ranges its limits take at the point, innermost limit
    first; refused where it would grow too large to expand."""
    result = total.function
    for variable, low, high in reversed(total.limits):
        lo = int(round(evaluator.scalar(low).real))
        hi = int(round(evaluator.scalar(high).real))
        if hi - lo + 1 > 200:
            raise EvaluationError("sum too long to take an expectation")
        try:  # nested sums multiply: 200 terms of 200 terms of 200 terms...
            too_large = (hi - lo + 1) * check_nodes(result) > MAX_NODES
        except TooLarge:
            too_large = True
        if too_large:
            raise EvaluationError("too large to expand")
        result = sympy.Add(*[result.xreplace({variable: sympy.Integer(k)}) for k in range(lo, hi + 1)])
    return result


def _is_index(symbol: sympy.Symbol) -> bool:
    return len(symbol.name) == 1 and symbol.name in "ijklm"
