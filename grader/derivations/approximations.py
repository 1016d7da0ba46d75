r"""`A \approx B` where B is an expansion of A about a point: a claim, checked to its order.

The textbook route to a regularised minimiser starts from a quadratic approximation, `J(w) \approx J(w^*) +
(w - w^*)^\top \nabla J(w^*) + \frac12 (w - w^*)^\top H (w - w^*)`, and often from the one-dimensional Taylor
expansion it generalises, `f(x) \approx f(a) + f'(a)(x - a) + \frac12 f''(a)(x - a)^2`.  A TA checks both: the
coefficients must be the function's value and derivatives at one point a, divided by the factorials.  So a line
`A \approx B` is read here as a claim in two cases (every other `\approx` stays what it was, a remark that costs
nothing: a modelling approximation, `\mathrm{Var}(h) \approx \mathrm{Var}(z)`, states nothing checkable):

1. **A function nothing defines** (`f(x)` with f a letter the problem does not know), expanded about a point
   with its derivatives written as primes (`f'(a)`, `f''(a)`, `f^{(3)}(a)`, `f^{\prime}(a)`): an expansion of
   order k falls short of a polynomial of degree k + 1 by exactly its remainder term, c_{k+1} (x - a)^{k+1}, so f
   is replaced, on both sides, by polynomials of degree k + 1 with fixed coefficients (the same for every
   submission) and the left side must equal the right side plus that term for arbitrary values of the letters.
   (Degree k alone would not do: the k-th derivative of a polynomial of degree k is a constant, so the top
   derivative taken at x instead of a would go unseen.)  A wrong coefficient, or any derivative taken at x instead
   of a, makes them differ: charged, with the polynomial and the point in the feedback.
2. **The problem's own function** (`J(w)` with J defined), with both sides valued: equal under the problem's
   definitions, with w moved off where a scenario drew it, is valid (the approximation is exact there: the
   problem's J is the quadratic itself; a scenario that puts w at the expansion point would make any expansion
   about it "exact", so w is the expansion's free argument, see `_exact`); otherwise,
   where the right side writes the function at another point a (the expansion point), the variable is moved
   towards a along a line, x = a + t (x_0 - a): the right side must be a polynomial in t of some degree k (its
   order) and the difference of the sides must vanish faster than t^k.  One that does not is charged.

Where anything is unclear (a side that does not read, the function applied elsewhere than to its argument, no
usable point, a difference whose rate cannot be told), the line stays a remark, as before.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy
from sympy.core.function import AppliedUndef

from grader.derivations.assumed_conditions import exact_under_condition
from grader.derivations.optimisation_claims import optimisation_relation_judged
from grader.derivations.proportionality import proportionality_judged
from grader.mathengine.equivalence import Checker
from grader.mathengine.evaluate import EvaluationError, Timeout
from grader.mathengine.sampled_values import close, finite, format_value
from grader.mathparse import MathParseError, Notation, Remark, parse_line
from grader.mathparse.applied_letters import applied_unknown_letters
from grader.mathparse.brackets import closing_bracket
from grader.results.i18n import define
from grader.results.models import Counterexample, LinkResult, Message

define(
    {
        "derivation.approximation_exact": (
            "Holds with equality under the problem's definitions: the approximation is exact here.",
            "在题目的定义下等号成立：此处的近似是精确的。",
        ),
        "derivation.expansion_holds": (
            ("Read as the expansion of {function} about {point} to order {order}: its coefficients are the value and "
             "derivatives at {point} (checked: the two sides agree up to terms of order {next} in the distance to {point})."),
            "按 {function} 在 {point} 处的 {order} 阶展开理解：系数是 {point} 处的函数值与各阶导数（已检查：两边之差是到 {point} 距离的 {next} 阶小量）。",
        ),
        "derivation.expansion_fails": (
            ("Not the expansion of {function} about {point} to order {order}: the two sides differ by a term of order "
             "{order} or lower in the distance to {point} (coefficients are the value and derivatives at {point}, "
             "divided by the factorials)."),
            "不是 {function} 在 {point} 处的 {order} 阶展开：两边之差含到 {point} 距离的 {order} 阶或更低阶的项（系数应为 {point} 处的函数值与导数，再除以阶乘）。",
        ),
        "derivation.polynomial_expansion_holds": (
            ("Read as the Taylor expansion of {function} about {point} to order {order}: for polynomials of degree "
             "{next} the two sides differ by exactly the remainder term, as such an expansion's do (checked for "
             "arbitrary values of its letters)."),
            "按 {function} 在 {point} 处的 {order} 阶泰勒展开理解：对 {next} 次多项式，两边之差恰为余项，与这样的展开一致（已对其字母的任意取值检查）。",
        ),
        "derivation.polynomial_expansion_fails": (
            ("Not the Taylor expansion of {function} about {point} to order {order}: for a polynomial of degree "
             "{next} such an expansion falls short of the function by exactly its remainder term, but for "
             "{polynomial} the two sides differ otherwise at the point shown (the value and every derivative must "
             "be taken at {point}, and divided by the factorials)."),
            "不是 {function} 在 {point} 处的 {order} 阶泰勒展开：对 {next} 次多项式，这样的展开与函数之差恰为余项，但当 {polynomial} 时两边在所示点之差并非如此（函数值与各阶导数都应取在 {point} 处，再除以阶乘）。",
        ),
    }
)

#: The relation this module checks, as the parser names it, and as written in Unicode.
APPROXIMATELY = ("\\approx", "≈")

#: The highest order checked (an expansion of a higher order is left a remark).
MAX_ORDER = 4

#: Fixed coefficients of the test polynomials (three sets, so one cannot hide a wrong coefficient by chance);
#: the same for every submission (same code, same grade).
_COEFFICIENT_SEED = 20_261_207
_TRIALS = 3

#: Where the variable is put on its way to the expansion point (x = a + t (x_0 - a)), and the t at which the
#: right side's degree in t is read (five values: a polynomial of degree up to 3 is told from one that is not).
_NEAR, _NEARER = 2.0 ** -3, 2.0 ** -6
_DEGREE_STEPS = (0.0, 1.0, 2.0, 3.0, 4.0)


def remark_relation_judged(checker: Checker, notation: Notation, text: str, statement: Any) -> LinkResult | None:
    """A line read as a remark whose relation is a claim where its sides have values (`\\propto`, see
    `proportionality`; `\\approx`, see this module's docstring): the link judged; None where it stays a remark."""
    return (optimisation_relation_judged(checker, notation, text, statement) or proportionality_judged(checker, notation, text, statement)
            or approximation_judged(checker, notation, text, statement))


def approximation_judged(checker: Checker, notation: Notation, text: str, statement: Any) -> LinkResult | None:
    """The link `A \\approx B` judged, or None where the line stays a remark (see the module's docstring)."""
    if not (isinstance(statement, Remark) and statement.relation == APPROXIMATELY[0]):
        return None
    split = _split_at_relation(text)
    if split is None:
        return None
    left_text, right_text = split
    written = _written_expansion(left_text, right_text, notation, {*checker.definitions, *checker.special})
    if written is not None:
        return _polynomial_link(checker, notation, written, (left_text, right_text))
    after = statement.after
    if after is None or after.relations or len(after.terms) != 1 or applied_unknown_letters(text, notation):
        return None  # (`f(a) + f \\cdot (x - a)`: a letter written as a function, which the grammar reads as a factor)
    try:
        before = parse_line(left_text, notation)
    except MathParseError:
        return None
    if before.relations or before.leading_relation is not None or len(before.terms) != 1:
        return None
    return _valued_link(checker, (before.terms[0], after.terms[0]), (before.term_sources[0], after.term_sources[0]))


def _split_at_relation(text: str) -> tuple[str, str] | None:
    """The text before and after its one `\\approx`; None where there is none or more than one."""
    found = [(m.start(), m.end()) for m in re.finditer(r"\\approx(?![A-Za-z])|≈", text)]
    if len(found) != 1:
        return None
    (start, end), = found
    return text[:start].replace("&", " ").strip(), text[end:].replace("&", " ").strip()


# -- 1. a function nothing defines, its derivatives written as primes ----------------------------------


@dataclass(frozen=True)
class _WrittenExpansion:
    """`f(x) \\approx f(a) + f'(a)(x - a) + ...` as written: the function's letter, its argument, and the
    applications of the function and its derivatives on the right side."""

    function: str
    """The function's letter as written (`f`, `\\phi`)."""

    argument: str
    """The argument of the left side (`x`)."""

    point: str
    """The expansion point: the argument of the function's own value on the right side (`x^*`)."""

    order: int
    """The highest derivative written on the right side."""

    right: str
    """The right side with each application replaced by a placeholder `{k}` (see `applications`)."""

    applications: tuple[tuple[int, str], ...]
    """(derivative order, argument) of each application, in the order of the placeholders."""


#: A function's letter: one Latin letter, or a lowercase Greek command.
_LETTER = r"(?:[A-Za-z]|\\(?:phi|varphi|psi|gamma|eta|xi|zeta))"
#: A derivative's marks after the letter: primes, `^{\prime\prime}`, `^{(3)}`.
_MARKS = r"(?P<marks>'{1,4}|\^\s*\{?\s*(?:\\prime\s*){1,4}\}?|\^\s*\{\s*\(\s*\d\s*\)\s*\})?"
_LEFT_SIDE = re.compile(r"^(?P<letter>" + _LETTER + r")\s*(?:\\left\s*)?\(")


def _written_expansion(left_text: str, right_text: str, notation: Notation, defined: set[str]) -> _WrittenExpansion | None:
    """The expansion as written where the left side is `f(x)` with f a letter the problem does not define (`defined`:
    its functions and operators; the author's own f, declared or not, is one) and the right side writes f only
    applied (its value at one point, its derivatives as primes); else None."""
    head = _LEFT_SIDE.match(left_text)
    if head is None:
        return None
    letter = head.group("letter")
    name = letter.lstrip("\\")
    known = {*defined, *notation.symbols, *notation.matrices, *notation.indexed, *notation.aliases, "e"}
    if name in known:
        return None
    closing = closing_bracket(left_text, head.end())
    if closing is None or left_text[closing + 1:].strip():
        return None
    argument = re.sub(r"\\right\s*$", "", left_text[head.end():closing]).strip()
    found = _applications(letter, right_text)
    if found is None:
        return None
    right, applications = found
    points = {argument_at for order, argument_at in applications if order == 0}
    order = max((order for order, _ in applications), default=0)
    if len(points) != 1 or not argument or order > MAX_ORDER:
        return None
    return _WrittenExpansion(letter, argument, points.pop(), order, right, tuple(applications))


def _applications(letter: str, text: str) -> tuple[str, list[tuple[int, str]]] | None:
    """`text` with each application of `letter` (and its derivatives) replaced by `{k}`, and (order, argument)
    of each; None where the letter also stands unapplied (a factor, a name of its own)."""
    pattern = re.compile(r"(?<![A-Za-z\\])" + re.escape(letter) + r"(?![A-Za-z])\s*" + _MARKS + r"\s*(?:\\left\s*)?\(")
    out: list[str] = []
    applications: list[tuple[int, str]] = []
    at = 0
    for match in pattern.finditer(text):
        if match.start() < at:
            return None
        closing = closing_bracket(text, match.end())
        if closing is None:
            return None
        argument = re.sub(r"\\right\s*$", "", text[match.end():closing]).strip()
        if not argument:
            return None
        out.append(text[at:match.start()].replace("{", "{{").replace("}", "}}"))
        out.append("{" + str(len(applications)) + "}")
        applications.append((_order(match.group("marks")), argument))
        at = closing + 1
    out.append(text[at:].replace("{", "{{").replace("}", "}}"))
    rest = "".join(out)
    if not applications or re.search(r"(?<![A-Za-z\\])" + re.escape(letter) + r"(?![A-Za-z])", rest.replace("{{", "").replace("}}", "")):
        return None
    return rest, applications


def _order(marks: str | None) -> int:
    """The derivative's order its marks write: primes counted, `^{(3)}` read."""
    if not marks:
        return 0
    digits = re.search(r"\d", marks)
    if digits is not None and "(" in marks:
        return int(digits.group(0))
    return marks.count("'") + marks.count("\\prime")


def _polynomial_link(checker: Checker, notation: Notation, written: _WrittenExpansion, sources: tuple[str, str]) -> LinkResult | None:
    """The written expansion checked with polynomials of its order in place of the function (see case 1)."""
    rng = np.random.default_rng(_COEFFICIENT_SEED)
    shown = {"function": written.function, "point": written.point, "order": written.order, "next": written.order + 1}
    for _ in range(_TRIALS):
        coefficients = [round(float(c), 2) or 0.5 for c in rng.uniform(-1.5, 1.5, written.order + 2)]
        sides = _sides_with_polynomial(notation, written, coefficients)
        if sides is None:
            return None
        found = _letters_compared(checker, sides, rng)
        if found is None:
            return None
        if isinstance(found, Counterexample):
            polynomial = f"{written.function}(t) = {_polynomial_text(coefficients, 't')}"
            return LinkResult(sources[0], "\\approx", sources[1], False,
                              Message("derivation.polynomial_expansion_fails", {**shown, "polynomial": polynomial}), found)
    return LinkResult(sources[0], "\\approx", sources[1], True, Message("derivation.polynomial_expansion_holds", shown))


def _sides_with_polynomial(notation: Notation, written: _WrittenExpansion, coefficients: list[float]) -> tuple[Any, Any] | None:
    """Both sides read with the polynomial of degree k + 1 (and its derivatives) in place of the function, the
    right side with the remainder term added (see case 1); None where they do not read."""
    left = _derivative_text(coefficients, 0, written.argument)
    right = written.right.format(*(_derivative_text(coefficients, order, argument) for order, argument in written.applications))
    remainder = (f"\\left({coefficients[-1]:g}\\right) \\left(\\left({written.argument}\\right) - "
                 f"\\left({written.point}\\right)\\right)^{{{len(coefficients) - 1}}}")
    try:
        parsed = parse_line(f"{left} = \\left({right}\\right) + {remainder}", notation)
    except MathParseError:
        return None
    if len(parsed.terms) != 2 or parsed.relations != ("=",) or parsed.leading_relation is not None:
        return None
    return parsed.terms[0], parsed.terms[1]


def _derivative_text(coefficients: Sequence[float], order: int, argument: str) -> str:
    """The order-th derivative of the polynomial with these coefficients (c_0 first), at `argument`, as LaTeX."""
    terms = []
    for power in range(order, len(coefficients)):
        factor = coefficients[power] * math.factorial(power) / math.factorial(power - order)
        exponent = power - order
        value = f"\\left({factor:g}\\right)"
        terms.append(value if exponent == 0 else f"{value} \\left({argument}\\right)^{{{exponent}}}")
    return "\\left(" + (" + ".join(terms) if terms else "0") + "\\right)"


def _polynomial_text(coefficients: Sequence[float], variable: str) -> str:
    """The polynomial as a reader writes it (`0.5 - 1.2 t + 0.3 t^2`)."""
    parts: list[str] = []
    for power, value in enumerate(coefficients):
        monomial = "" if power == 0 else variable if power == 1 else f"{variable}^{power}"
        number = f"{abs(value):g}"
        body = number if not monomial else f"{number} {monomial}"
        parts.append(("- " if value < 0 else "+ ") + body if parts else ("-" if value < 0 else "") + body)
    return " ".join(parts)


def _letters_compared(checker: Checker, sides: tuple[Any, Any], rng: np.random.Generator) -> Counterexample | bool | None:
    """True where both sides agree for two draws of their letters (plain numbers); the counterexample where
    they differ; None where a side has something else than plain letters or does not evaluate."""
    left, right = sides
    if not all(isinstance(side, sympy.Expr) for side in sides):
        return None
    letters = sorted(left.free_symbols | right.free_symbols, key=str)
    if not letters or not all(isinstance(letter, sympy.Symbol) for letter in letters):
        return None
    for _ in range(2):
        point = {letter.name: float(rng.uniform(0.3, 1.7)) for letter in letters}
        try:
            evaluator = checker.evaluator(point)
            a, b = evaluator.value(left), evaluator.value(right)
        except (EvaluationError, Timeout):
            return None
        if isinstance(a, np.ndarray) or isinstance(b, np.ndarray) or not (finite(a) and finite(b)):
            return None
        if not close(a, b):
            return Counterexample(point={_shown(name): format_value(value) for name, value in point.items()}, left=format_value(a), right=format_value(b))
    return True


# -- 2. the problem's own function, both sides valued ----------------------------------------------------


def _valued_link(checker: Checker, sides: tuple[Any, Any], sources: tuple[str, str]) -> LinkResult | None:
    """Exact under the problem's definitions, or an expansion about a point checked to its order (case 2)."""
    left, right = sides
    shape = _expansion_shape(checker, left, right)
    try:
        holds = _exact(checker, sides, shape[0] if shape is not None else None)
    except (EvaluationError, Timeout):
        return None
    if holds:
        return LinkResult(sources[0], "\\approx", sources[1], True, Message("derivation.approximation_exact"))
    if holds is False and shape is None:  # `n Var(w) Var(a) \approx Var(a)`: exact under the problem's condition
        return exact_under_condition(checker, sides, sources)
    if holds is None or shape is None:
        return None
    variable, point = shape
    found = _order_found(checker, sides, variable, point)
    if found is None:
        return None
    order, holds, counterexample = found
    shown = {"function": sources[0], "point": _shown(point), "order": order, "next": order + 1}
    if holds:
        return LinkResult(sources[0], "\\approx", sources[1], True, Message("derivation.expansion_holds", shown))
    return LinkResult(sources[0], "\\approx", sources[1], False, Message("derivation.expansion_fails", shown), counterexample)


#: How far the variable is moved from where a scenario put it when exactness is judged (see `_exact`).
_MOVE_SEED = 20_261_208


def _exact(checker: Checker, sides: tuple[Any, Any], variable: Any) -> bool | None:
    """Whether the sides agree everywhere under the problem's definitions.  Where the left side is the problem's
    function at its variable, the variable is the expansion's free argument: it is moved away from where each
    scenario drew it (a scenario may put w at the minimizer, the expansion point, where any expansion agrees),
    and the sides must agree at every moved point of some scenario (the one where the expansion point is what
    the author says, the minimizer).  Otherwise the generic scenario alone decides.  None: nothing evaluates."""
    if variable is None or not isinstance(variable, (sympy.Symbol, sympy.MatrixSymbol)):
        verdict = checker.same_values(sides[0], sides[1], scenarios=checker.scenarios[:1])
        return verdict.holds
    rng = np.random.default_rng(_MOVE_SEED)
    told = False
    for scenario in checker.scenarios:
        usable, agree = 0, True
        for values in checker.points(scenario)[:4]:
            if variable.name not in values:
                continue
            try:
                start = np.asarray(values[variable.name], dtype=float)
                moved = {**values, variable.name: start + rng.normal(size=start.shape) if start.ndim else float(start + rng.normal())}
                evaluator = checker.evaluator(moved)
                a, b = _number(evaluator.value(sides[0])), _number(evaluator.value(sides[1]))
            except (EvaluationError, TypeError, ValueError):
                continue
            usable += 1
            agree = agree and close(a, b)
        if usable >= 2:
            if agree:
                return True
            told = True
    return False if told else None


def _expansion_shape(checker: Checker, left: Any, right: Any) -> tuple[Any, Any] | None:
    """(variable, point) where the left side is the problem's function at its variable (`J(w)`) and the right
    side writes that function only at one other point (`J(w^*)`, also inside `\\nabla J(w^*)`); else None."""
    if not (isinstance(left, AppliedUndef) and len(left.args) == 1):
        return None
    name = left.func.__name__
    variable = left.args[0]
    if name not in checker.definitions or name in checker.special or not isinstance(variable, (sympy.Symbol, sympy.MatrixSymbol)):
        return None
    points = {node.args[0] for node in _atoms(right, AppliedUndef) if node.func.__name__ == name and len(node.args) == 1}
    if len(points) != 1:
        return None
    point = points.pop()
    if point == variable or variable in getattr(point, "free_symbols", set()):
        return None
    return variable, point


def _atoms(expr: Any, kind: type) -> set:
    """The nodes of `kind` in `expr`, those inside the calculus nodes (`\\nabla J(w^*)`) included."""
    return set(expr.atoms(kind)) if isinstance(expr, sympy.Basic) else set()


def _order_found(checker: Checker, sides: tuple[Any, Any], variable: Any, point: Any) -> tuple[int, bool, Counterexample | None] | None:
    """(order, whether the sides agree to it, a counterexample where not), from the first usable points; None
    where no point tells (the right side no polynomial in t, values that do not evaluate)."""
    told: list[tuple[int, bool, Counterexample | None]] = []
    for scenario in checker.scenarios:
        for values in checker.points(scenario)[:4]:
            one = _order_at(checker, sides, variable, point, values)
            if one is not None:
                told.append(one)
        if told:
            break
    if len(told) < 2:
        return None
    order = max(o for o, _, _ in told)
    failing = next((t for t in told if not t[1]), None)
    return (order, False, failing[2]) if failing is not None else (order, True, None)


def _order_at(checker: Checker, sides: tuple[Any, Any], variable: Any, point: Any,
              values: Mapping[str, Any]) -> tuple[int, bool, Counterexample | None] | None:
    """At one point: the right side's degree k in t along x = a + t (x_0 - a), and whether the difference of the
    sides falls faster than t^k (by the ratio of its values at two t's)."""
    name = variable.name
    if name not in values:
        return None
    try:
        start = np.asarray(values[name], dtype=complex)
        target = np.asarray(checker.evaluator(values).value(point), dtype=complex)
        if start.shape != target.shape and target.size != start.size:
            return None
        target = target.reshape(start.shape)

        def at(t: float) -> tuple[complex, complex]:
            moved = {**values, name: (target + t * (start - target)) if start.ndim else complex(target + t * (start - target))}
            evaluator = checker.evaluator(moved)
            return _number(evaluator.value(sides[0])), _number(evaluator.value(sides[1]))

        rights = [at(t)[1] for t in _DEGREE_STEPS]
        near, nearer = at(_NEAR), at(_NEARER)
    except (EvaluationError, Timeout, TypeError, ValueError):
        return None
    order = _degree(rights)
    if order is None:
        return None
    scale = max(1.0, *(abs(v) for v in (*near, *nearer)))
    gap_near, gap_nearer = abs(near[0] - near[1]), abs(nearer[0] - nearer[1])
    shown = Counterexample(point={_shown(name): format_value(target + _NEAR * (start - target))}, left=format_value(near[0]), right=format_value(near[1]))
    if gap_near <= 1e-9 * scale:
        return order, True, None
    ratio = gap_nearer / gap_near
    step = _NEARER / _NEAR
    if ratio <= 4 * step ** (order + 1):
        return order, True, None
    if ratio >= step ** order / 4:
        return order, False, shown
    return None


def _number(value: Any) -> complex:
    """A side's value as one number (a 1×1 matrix's entry); a larger array is no number (TypeError)."""
    if isinstance(value, np.ndarray):
        if value.size != 1:
            raise TypeError("not a number")
        value = value.reshape(-1)[0]
    number = complex(value)
    if not finite(number):
        raise ValueError("not finite")
    return number


def _degree(values: Sequence[complex]) -> int | None:
    """The degree (at most 3) of the polynomial through the values at t = 0, 1, 2, 3, 4; None where no polynomial
    of degree 3 or less goes through them."""
    scale = max(1.0, *(abs(v) for v in values))
    differences = list(values)
    degree = 0
    for order in range(1, len(values)):
        differences = [b - a for a, b in itertools.pairwise(differences)]
        if all(abs(d) <= 1e-7 * scale for d in differences):
            return degree
        degree = order
    return None


def _shown(point: Any) -> str:
    """A point as the feedback names it (`w^*` for the parser's `w_star`)."""
    text = str(point)
    return re.sub(r"_star\b", "^*", text)
