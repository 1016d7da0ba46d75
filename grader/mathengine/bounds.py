"""How large SymPy's work on an expression would get, estimated before it starts.

SymPy's `expand` and `cancel` have no limit of their own: one line of answers.md such as
``E((\\sum_j\\sum_k w_j a_k)^{30})`` asks `expand` for about 10^11 monomials, and
``(p+q+r+s+t+u)^{30} - (q+r+s+t+u+v)^{30}`` keeps `cancel` busy for minutes.  Each call site
asks `check_expansion` / `check_cancellation` first; over the limit it raises `TooLarge`, which
the caller turns into "could not be checked: too large to expand" (the cost of an unchecked
step) or leaves the question to the numeric rung, which is bounded on its own.

The estimate is an upper bound on the number of terms of the fully expanded form, computed
from the tree alone in time linear in its size (and refused outright past `MAX_NODES` nodes):

- a symbol, a number or an unexpandable function call is one term (its arguments are still
  estimated: `expand` expands inside them too);
- a sum has at most the sum of its terms' counts; a product at most their product;
- a power of a sum of t terms to the integer n has at most C(t + n - 1, n) terms (the number
  of monomials of degree n in t unknowns); a symbolic or fractional exponent counts by its
  whole part (`expand` splits x^(n+30) into x^n x^30 and (a+b)^(5/2) into (a+b)^2 (a+b)^(1/2)).

For `cancel` the expression is one fraction: the numerator of a sum of fractions is the sum
of each numerator times the other denominators, and the total degree is tracked as well
(the cost of polynomial gcds grows with both).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, NamedTuple

import sympy

#: Trees larger than this are not estimated (nor expanded): the walk itself must stay cheap.
MAX_NODES = 20_000
#: `expand`: at most this many terms (the expectation of a product of sums, in `grader.mathengine.moments`).
MAX_EXPANDED_TERMS = 4000
#: `cancel`: at most this many terms in the numerator and the denominator together (SymPy takes
#: about 0.2 s for 500 terms in 6 unknowns, 1.8 s for 3000).
MAX_CANCEL_TERMS = 400
#: `cancel`: at most this total degree of the numerator or the denominator.
MAX_CANCEL_DEGREE = 60
#: Counts are capped here so that the arithmetic of the estimate stays on small integers.
_CAP = 10**15


class TooLarge(Exception):
    """The operation would exceed its documented limit; it was not started."""

    def __init__(self, operation: str, estimate: int, limit: int, what: str = "terms"):
        super().__init__(f"too large to {operation}: about {_shown(estimate)} {what}, the limit is {limit}")
        self.operation = operation
        self.estimate = estimate
        self.limit = limit


@dataclass(frozen=True)
class Size:
    """An upper bound on the size of an expression once expanded into one fraction."""

    numerator_terms: int
    """Terms of the expanded numerator (at most `_CAP`)."""

    denominator_terms: int
    """Terms of the expanded denominator (1 for a polynomial)."""

    numerator_degree: int
    """Total degree of the numerator in the expression's unknowns (at most `_CAP`)."""

    denominator_degree: int
    """Total degree of the denominator."""

    largest_terms: int
    """The most terms any subexpression expands to (arguments of functions included)."""

    nodes: int
    """Nodes of the tree that were walked."""


def estimate(expr: sympy.Basic, max_nodes: int = MAX_NODES) -> Size:
    """The size bound of `expr`; raises `TooLarge` when the tree has more than `max_nodes` nodes."""
    walk = _Walk(max_nodes)
    numerator, denominator, numerator_degree, denominator_degree = walk.size(expr)
    return Size(numerator, denominator, numerator_degree, denominator_degree, max(walk.largest, numerator), walk.nodes)


def check_expansion(expr: sympy.Basic, limit: int = MAX_EXPANDED_TERMS) -> Size:
    """Refuse (`TooLarge`) an `expand` of `expr` that could produce more than `limit` terms."""
    size = estimate(expr)
    worst = max(size.largest_terms, size.numerator_terms * size.denominator_terms)
    if worst > limit:
        raise TooLarge("expand", worst, limit)
    return size


def check_cancellation(expr: sympy.Basic, terms: int = MAX_CANCEL_TERMS, degree: int = MAX_CANCEL_DEGREE) -> Size:
    """Refuse (`TooLarge`) a `cancel` of `expr` whose fraction could exceed `terms` or `degree`."""
    size = estimate(expr)
    total = min(_CAP, max(size.numerator_terms + size.denominator_terms, size.largest_terms))
    if total > terms:
        raise TooLarge("expand", total, terms)
    if max(size.numerator_degree, size.denominator_degree) > degree:
        raise TooLarge("expand", max(size.numerator_degree, size.denominator_degree), degree, "degrees")
    return size


def check_nodes(expr: sympy.Basic, limit: int = MAX_NODES) -> int:
    """The number of nodes of `expr`; `TooLarge` past `limit` (stops counting there)."""
    return estimate(expr, limit).nodes


def multinomial_terms(terms: int, power: int) -> int:
    """C(terms + power - 1, power): the monomials of degree `power` in `terms` unknowns, capped."""
    if terms <= 1 or power <= 1:
        return min(_CAP, terms if power == 1 else 1)
    steps = min(power, terms - 1)
    count = 1
    for step in range(1, steps + 1):
        # C(power + terms - 1, steps) built one factor at a time: exact at every step
        count = count * (power + terms - 1 - steps + step) // step
        if count > _CAP:
            return _CAP
    return count


class _Fraction(NamedTuple):
    """An upper bound on one subexpression once expanded into one fraction (what `Size` reports of the whole)."""

    numerator_terms: int
    """Terms of the expanded numerator (at most `_CAP`)."""
    denominator_terms: int
    """Terms of the expanded denominator (1 for a polynomial)."""
    numerator_degree: int
    """Total degree of the numerator."""
    denominator_degree: int
    """Total degree of the denominator."""


#: A number: one term of degree 0.
_NUMBER = _Fraction(1, 1, 0, 0)
#: A symbol, or anything expand leaves whole (a function call, a sum over a symbolic range): one term of degree 1.
_ONE_TERM = _Fraction(1, 1, 1, 0)


class _Walk:
    """One estimate: counts nodes against the limit and remembers shared subtrees."""

    def __init__(self, max_nodes: int):
        self.max_nodes = max_nodes
        self.nodes = 0
        self.largest = 1
        self._seen: dict[int, _Fraction] = {}
        self._keep: list[sympy.Basic] = []  # keeps the ids of `_seen` valid during the walk

    def size(self, expr: sympy.Basic) -> _Fraction:
        known = self._seen.get(id(expr))
        if known is not None:
            return known
        self.nodes += 1
        if self.nodes > self.max_nodes:
            raise TooLarge("expand", self.nodes, self.max_nodes, "nodes in the expression")
        result = self._size(expr)
        self.largest = max(self.largest, result.numerator_terms, result.denominator_terms)
        self._seen[id(expr)] = result
        self._keep.append(expr)
        return result

    def _size(self, expr: sympy.Basic) -> _Fraction:
        args: tuple[Any, ...] = getattr(expr, "args", ())
        if isinstance(expr, sympy.Add):
            return _sum_of([self.size(a) for a in args])
        if isinstance(expr, sympy.Mul):
            return _product_of([self.size(a) for a in args])
        if isinstance(expr, sympy.Pow):
            return self._power(args[0], args[1])
        for arg in args:  # function calls, sums, derivatives, matrices: expanded inside, one term outside
            if isinstance(arg, sympy.Basic):
                self.size(arg)
        return _NUMBER if isinstance(expr, sympy.Number) else _ONE_TERM

    def _power(self, base_expr: sympy.Basic, exponent: sympy.Basic) -> _Fraction:
        """`base^exponent`: the multinomial count of the base's terms to the exponent's whole part;
        a negative exponent turns the fraction over."""
        base = self.size(base_expr)
        self.size(exponent)
        power = _whole_part(exponent)
        if power is None:
            return _ONE_TERM
        numerator = multinomial_terms(base.numerator_terms, abs(power))
        denominator = multinomial_terms(base.denominator_terms, abs(power)) if base.denominator_terms > 1 else 1
        numerator_degree = min(_CAP, base.numerator_degree * abs(power))
        denominator_degree = min(_CAP, base.denominator_degree * abs(power))
        if power < 0 or _is_negative(exponent):
            return _Fraction(denominator, numerator, denominator_degree, max(1, numerator_degree))
        return _Fraction(numerator, denominator, max(1, numerator_degree), denominator_degree)


def _sum_of(sizes: list[_Fraction]) -> _Fraction:
    """A sum over one common denominator: each numerator times the other denominators."""
    all_denominators = _product([s.denominator_terms for s in sizes])
    numerator = 0
    for s in sizes:
        others = all_denominators // s.denominator_terms if s.denominator_terms else all_denominators
        numerator = min(_CAP, numerator + s.numerator_terms * others)
    denominator_degree = sum(s.denominator_degree for s in sizes)
    numerator_degree = max(s.numerator_degree + denominator_degree - s.denominator_degree for s in sizes)
    return _Fraction(numerator, all_denominators, min(_CAP, numerator_degree), min(_CAP, denominator_degree))


def _product_of(sizes: list[_Fraction]) -> _Fraction:
    """A product: terms and degrees multiply and add, numerators and denominators apart."""
    return _Fraction(
        _product([s.numerator_terms for s in sizes]),
        _product([s.denominator_terms for s in sizes]),
        min(_CAP, sum(s.numerator_degree for s in sizes)),
        min(_CAP, sum(s.denominator_degree for s in sizes)),
    )


def _whole_part(exponent: sympy.Basic) -> int | None:
    """The integer part `expand` would split off an exponent (None when it splits none off)."""
    if isinstance(exponent, sympy.Integer):
        return int(exponent) if abs(exponent) < _CAP else _CAP
    if isinstance(exponent, sympy.Rational):
        whole = abs(exponent.p) // exponent.q
        return min(whole, _CAP) * (-1 if exponent < 0 else 1)
    if isinstance(exponent, sympy.Add):
        numbers = [a for a in exponent.args if isinstance(a, sympy.Rational)]
        if numbers:
            return _whole_part(sum(numbers, sympy.Integer(0)))
    return None


def _is_negative(exponent: sympy.Basic) -> bool:
    return isinstance(exponent, sympy.Number) and bool(exponent < 0)


def _product(values: list[int]) -> int:
    total = 1
    for value in values:
        total *= value
        if total > _CAP:
            return _CAP
    return total


def _shown(count: int) -> str:
    return f"10^{int(math.log10(count))}" if count >= 10**6 else str(count)
