r"""A general rule the author quotes in letters of their own, before applying it to the problem's quantities.

Authors state the rule they are about to use in generic letters: `\text{Var}(XY) = \text{Var}(X)\text{Var}(Y)`,
`Var(\sum_{i=1}^n X_i) = \sum_{i=1}^n Var(X_i)`, `E[UV] = E[U]E[V]`.  A careful TA reads such a line as a rule
about ANY random variables of that shape, not as a step about the problem's, and judges it as one:

- the line is a rule when each side takes moments (E, Var) of letters that are none of the problem's (nor the
  author's definitions, nor the letters the author uses for the problem's quantities) and both sides speak of the
  same variables (`Var(Y_t) = 2 Var(Y_{t-1})` relates two variables: a claim about them, not a rule); a sum over
  a size letter (`\sum_{i=1}^n X_i`) is the rule for every size, tried at a few sizes;
- it holds for any independent variables: valid, said so;
- it holds only where their means are 0 (`Var(XY) = Var(X)Var(Y)`): valid in a problem whose variables are
  independent and zero-mean (Xavier's weights and inputs), with the condition said; elsewhere not checked; but a
  rule that writes the means (`Var(G) = E[G^2] - E[G]`, a square dropped) is a rule for any means, charged where
  it fails for them;
- it fails even for independent zero-mean variables: the rule is wrong for the variables the derivation applies it
  to, charged with the moments where it fails.

The variables are drawn by their mean and variance alone: a rule that takes a higher moment of one variable
(`E[X^4]`, `Var(X^2)`) is no rule judged here (its value would be a Gaussian's, and a rule true for Gaussians only
would pass as general); a rule over a size letter is tried at three sizes.

Rules of calculus are quoted the same way, with bare letters for the functions: `\frac{d}{dx}\left(\frac{u}{v}\right)
= \frac{v\,du - u\,dv}{v^2}`, `\frac{d}{dx}(uv) = u\frac{dv}{dx} + v\frac{du}{dx}` (`function_rule_verdict`).  Where the
line differentiates an expression of letters with no value by a letter x with no value, and the other side writes
only the derivatives of those letters, a TA reads the letters as any smooth functions of x (and `du`, `dv` as their
derivatives, said in the feedback): the rule is checked on smooth functions drawn for them
(`author_rules.general_rule_verdict`), and charged where it fails for one.

A rule is not a step of the derivation: the line after it that starts with `=` continues the last line about the
problem's quantities (see `continued_past_rule`), unless it writes the rule's letters (it continues the rule).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sympy
from sympy.core.function import AppliedUndef

from grader.derivations.author_rules import general_rule_verdict
from grader.derivations.free_random_letters import first_difference, moment_points, random_letters
from grader.mathengine.equivalence import Checker, Verdict
from grader.mathengine.sampled_values import format_value
from grader.mathparse import MathParseError, Notation, parse_line
from grader.results.i18n import define
from grader.results.models import Counterexample, Message

define(
    {
        "general_rules.holds": (
            ("Valid: a general rule in your own letters {names} (independent random variables, whatever their means "
             "and variances); it holds."),
            "成立：用你自己的字母 {names} 陈述的一般法则（相互独立的随机变量，均值与方差任意）；它成立。",
        ),
        "general_rules.holds_zero_mean": (
            ("Valid: a general rule in your own letters {names}; it holds for independent zero-mean random variables, "
             "as this problem's are (it would not hold for variables with nonzero means)."),
            "成立：用你自己的字母 {names} 陈述的一般法则；对相互独立、均值为零的随机变量成立，本题的变量正是如此（均值不为零时不成立）。",
        ),
        "general_rules.needs_zero_mean": (
            ("A general rule in your own letters {names}: it holds for independent zero-mean random variables only, "
             "and this problem does not say its variables have zero mean, so it is not checked."),
            "用你自己的字母 {names} 陈述的一般法则：只对相互独立、均值为零的随机变量成立，而本题没有说明其变量均值为零，故未检查。",
        ),
        "general_rules.fails": (
            ("Not valid: a general rule in your own letters {names}, which does not hold for independent {condition}"
             "random variables (at the moments shown the two sides differ)."),
            "不成立：用你自己的字母 {names} 陈述的一般法则，对相互独立的{condition}随机变量不成立（在所示的矩下两边不等）。",
        ),
        "general_rules.zero_mean": ("zero-mean ", "均值为零的"),
        "general_rules.function_rule_holds": (
            ("Valid: a general rule in your own letters, {functions} read as any smooth functions of {variable}"
             "{differentials}; it holds for every function tried."),
            "成立：用你自己的字母陈述的一般法则，{functions} 理解为 {variable} 的任意光滑函数{differentials}；对所有试验的函数都成立。",
        ),
        "general_rules.function_rule_fails": (
            ("Not valid: a general rule in your own letters, {functions} read as any smooth functions of {variable}"
             "{differentials}; it does not hold for a smooth function taken for them (check the rule's signs and factors)."),
            "不成立：用你自己的字母陈述的一般法则，{functions} 理解为 {variable} 的任意光滑函数{differentials}；对所取的光滑函数不成立（请检查符号和因子）。",
        ),
        "general_rules.differentials": (" (and {written} as their derivatives)", "（{written} 理解为它们的导数）"),
    }
)

#: The moment operators a rule is stated with.
_OPERATORS = ("E", "Var")

#: The sizes a rule over `\sum_{i=1}^n` is tried at (every size: a rule is claimed for each; a third size, so that
#: no factor written to vanish at two of them, `(n-2)(n-3)`, hides a wrong term).
_SIZES = (2, 3, 5)

#: The highest order of a variable's moment a rule is judged at: the variables are drawn by their mean and variance
#: alone, so a higher moment (E[X^4], Var(X^2)) would be a Gaussian's, and a rule true for Gaussians only
#: (Var(X^2) = 2 Var(X)^2, false for a Bernoulli mask or a +-1 variable) would pass as a general rule.
_HIGHEST_ORDER = 2


@dataclass(frozen=True)
class RuleVerdict(Verdict):
    """The verdict on a line read as a general rule."""

    letters: frozenset[str] = frozenset()
    """The rule's own letters (their base names: `X` for `X_i`)."""


@dataclass(frozen=True)
class StatedRule:
    """A general rule quoted on a line, and what the derivation was computing before it."""

    line: int
    """The rule's line number."""

    letters: frozenset[str]
    """The rule's own letters (their base names: `X` for `X_i`)."""

    before: tuple[Any, Any, Any, bool]
    """(the chain, its last statement, the expression the `=` chain computes, whether that chain has a charged
    step) before the rule's line."""


def moment_rule_verdict(checker: Checker, left: Any, right: Any, stated: bool = True, start: Any = None) -> Verdict | None:
    """The verdict on `left = right` read as a general rule about random variables in the author's own letters (a
    `RuleVerdict`, with the rule's letters); None where the line is no such rule (see the module's docstring).
    `stated`: the link states the rule (a line of its own), rather than continuing a chain (`= E[X^2]` after
    `Var(X) = E[X^2] - E[X]^2`, a step that drops the means by the problem's zero means: only what the
    continuation itself writes, its right side, decides whether it speaks of the means).  `start`: what the
    continued chain computes (the rule's left side, `Var(XY)`): a continuation that writes the means and equals it
    for any means (`Var(XY) = Var(X)Var(Y)` then `= E[X^2]E[Y^2] - E[X]^2E[Y]^2`) holds."""
    read = _rule_read(checker, left, right)
    if read is None:
        return None
    sides, points, known, names = read
    shown = ", ".join(sorted(names))
    general = _first_failure(checker, sides, points, known, zero_means=False)
    if general is None:
        return RuleVerdict(True, Message("general_rules.holds", {"names": shown}), letters=names)
    failure = _first_failure(checker, sides, points, known, zero_means=True)
    if general[1] is None or (failure is not None and failure[1] is None):
        return None  # a side that could not be evaluated (a moment too large, of an order not drawn): no verdict
    if failure is None and _writes_a_mean(sides, known, right_only=not stated):
        if not stated and _holds_from(checker, start, right):
            return RuleVerdict(True, Message("general_rules.holds", {"names": shown}), letters=names)
        failure = general  # `Var(G) = E[G^2] - E[G]`: a rule that writes the means is a rule for any means
    elif failure is None:
        if getattr(checker.special.get("E"), "variances", None):  # the problem's variables are zero-mean
            return RuleVerdict(True, Message("general_rules.holds_zero_mean", {"names": shown}), letters=names)
        return RuleVerdict(None, Message("general_rules.needs_zero_mean", {"names": shown}), letters=names)
    drawn, a, b = failure
    condition = Message("general_rules.zero_mean") if failure is not general else ""
    counterexample = Counterexample({name: format_value(value) for name, value in drawn.items()}, format_value(a), format_value(b))
    return RuleVerdict(False, Message("general_rules.fails", {"names": shown, "condition": condition}), counterexample, letters=names)


def _holds_from(checker: Checker, start: Any, right: Any) -> bool:
    """Whether `start = right` is a rule in the author's letters that holds for any means."""
    read = _rule_read(checker, start, right) if start is not None else None
    return read is not None and _first_failure(checker, read[0], read[1], read[2], zero_means=False) is None


def _rule_read(checker: Checker, left: Any, right: Any) -> tuple[list[tuple[Any, Any]], list, set[str], frozenset[str]] | None:
    """(the sides at each size tried, the problem's points, the names with a value, the rule's letters) where the
    link is a moment rule in letters of the author's own (the same variables on both sides); None otherwise."""
    drawn = moment_points(checker, left, right)
    if drawn is None:
        return None
    points, known = drawn[0], drawn[1] | set(checker.definitions)
    sides = _sides_at_sizes(left, right, known)
    if not sides:
        return None
    letters: set[sympy.Basic] = set()
    for a, b in sides:
        left_letters, right_letters = random_letters((a,), known), random_letters((b,), known)
        if not left_letters or left_letters != right_letters or left_letters != random_letters((a, b), known):
            return None
        if any(_order(side, left_letters) > _HIGHEST_ORDER for side in (a, b)):
            return None  # a moment beyond the variance's: its value is not the mean's and variance's
        letters |= left_letters
    return sides, points, known, frozenset(_base_name(atom) for atom in letters)


def _order(side: sympy.Basic, randoms: set[sympy.Basic]) -> int:
    """The highest power of one variable a moment of `side` takes (E[X^2 Y^2]: 2; Var(X^2): 4; E[XY]: 1); a
    large number where a moment's argument is not a polynomial in the variables."""
    highest = 0
    for node in sympy.preorder_traversal(side):
        if isinstance(node, AppliedUndef) and type(node).__name__ in _OPERATORS and len(node.args) == 1:
            factor = 2 if type(node).__name__ == "Var" else 1
            inner = {m: sympy.Dummy() for m in node.args[0].atoms(AppliedUndef) if type(m).__name__ in _OPERATORS}
            argument = node.args[0].xreplace(inner)  # E[(X - E[X])^2]: the inner mean a number
            try:
                poly = sympy.Poly(argument, *sorted(randoms, key=str))
            except sympy.PolynomialError:
                return _HIGHEST_ORDER + 1 if argument.has(*randoms) else highest
            highest = max(highest, factor * max(poly.degree_list(), default=0))
    return highest


def _writes_a_mean(sides: Sequence[tuple[Any, Any]], known: set[str], right_only: bool = False) -> bool:
    """Whether a side writes the mean of a rule's variable (`E[G]`, `E[X]E[Y]`, `E[3X + c]`: every term of the
    moment's argument with a variable in it is one variable to the first power).  `right_only`: the right side
    alone (a continuation `= E[G^2] - E[G]` that still writes a mean is judged for any means; `= E[G^2]`, the
    means dropped by the problem's zero means, is not)."""
    for a, b in sides:
        randoms = random_letters((a, b), known)
        for side in (b,) if right_only else (a, b):
            for node in sympy.preorder_traversal(side):
                if isinstance(node, AppliedUndef) and type(node).__name__ == "E" and len(node.args) == 1:
                    powers = [[factor.as_base_exp() for factor in sympy.Mul.make_args(term) if factor.free_symbols & randoms or factor in randoms]
                              for term in sympy.Add.make_args(node.args[0])]
                    random_terms = [p for p in powers if p]
                    if random_terms and all(len(p) == 1 and p[0][0] in randoms and p[0][1] == 1 for p in random_terms):
                        return True
    return False


def _first_failure(checker: Checker, sides: Sequence[tuple[Any, Any]], points: list, known: set[str], zero_means: bool) -> tuple | None:
    for a, b in sides:
        randoms = random_letters((a, b), known)
        failure = first_difference(checker, a, b, randoms, points, known, zero_means=zero_means)
        if failure is not None:
            return failure
    return None


def _sides_at_sizes(left: sympy.Basic, right: sympy.Basic, known: set[str]) -> list[tuple[Any, Any]]:
    """The two sides, with every sum over a size letter written out at each of a few sizes (`\\sum_{i=1}^n X_i`
    -> `X_1 + X_2`); the sides as they are where they have no sum; empty where a sum is not over 1..size of the
    rule's own letters."""
    sums = [s for side in (left, right) for s in side.atoms(sympy.Sum)]
    if not sums:
        return [(left, right)]
    sizes: set[sympy.Symbol] = set()
    for total in sums:
        if len(total.limits) != 1:
            return []
        _, low, high = total.limits[0]
        if low != 1 or not isinstance(high, sympy.Symbol):
            return []
        sizes.add(high)
    if len(sizes) != 1:
        return []
    size = sizes.pop()
    written = []
    for value in _SIZES:
        a, b = (side.xreplace({size: sympy.Integer(value)}) for side in (left, right))
        a, b = (side.replace(lambda node: isinstance(node, sympy.Sum), lambda node: node.doit()) for side in (a, b))
        if a.has(sympy.Sum) or b.has(sympy.Sum) or size in a.free_symbols | b.free_symbols:
            return []
        written.append((a, b))
    return written


def _base_name(atom: sympy.Basic) -> str:
    """`X` of `X[1]` and of `X_1`; the letter itself otherwise."""
    if isinstance(atom, sympy.Indexed):
        return str(atom.base.label)
    return str(atom).partition("_")[0]


def rule_letters_written(exprs: Sequence[Any], letters: frozenset[str]) -> bool:
    """Whether `exprs` write any of a rule's letters (`X`, `X_1`, `X[i]`)."""
    for expr in exprs:
        if not isinstance(expr, sympy.Basic):
            continue
        written = {str(s.label) for s in expr.atoms(sympy.IndexedBase)} | {s.name.partition("_")[0] for s in expr.atoms(sympy.Symbol)}
        written |= {type(call).__name__ for call in expr.atoms(AppliedUndef)}
        if written & letters:
            return True
    return False


def continued_past_rule(rule: StatedRule | None, last_line: int | None, exprs: Sequence[Any], lead: str | None) -> tuple[Any, Any, Any, bool] | None:
    """What a line continues when it follows a rule: (the chain, its last statement, the expression the chain
    computes, whether it has a charged step) before the rule, where the line starts with `=` right after the rule's line and writes none of the
    rule's letters; None where it continues the line before it as usual."""
    if rule is None or lead != "=" or last_line != rule.line or rule_letters_written(exprs, rule.letters):
        return None
    return rule.before if rule.before[0] else None


def function_rule_verdict(checker: Checker, notation: Notation, left: Any, right: Any, sources: tuple[str, str]) -> Verdict | None:
    """The verdict on `left = right` read as a rule of calculus in bare letters (see the module's docstring); None
    where the line is not so written."""
    shape = _function_rule_shape(checker, left, right)
    if shape is None:
        return None
    variable, letters = shape
    read = _differentials_read(notation, sources, variable, letters)  # `v\,du - u\,dv`: read as the derivatives
    written: list[str] = []
    if read is not None:
        (left, right), written = read
        if _function_rule_shape(checker, left, right) != (variable, letters):
            return None
    elif any(s.name == "d" for s in right.free_symbols):
        return None
    functions = sorted(letters)
    calls = {sympy.Symbol(name): sympy.Function(name)(variable) for name in functions}
    verdict = general_rule_verdict(checker, left.xreplace(calls), right.xreplace(calls), functions)
    if verdict is None or verdict.holds is None:
        return None
    differentials = Message("general_rules.differentials", {"written": ", ".join(written)}) if written else ""
    key = "general_rules.function_rule_holds" if verdict.holds else "general_rules.function_rule_fails"
    message = Message(key, {"functions": ", ".join(functions), "variable": variable.name, "differentials": differentials})
    return RuleVerdict(verdict.holds, message, letters=letters | {variable.name})  # the next `=` continues the chain before it


def _function_rule_shape(checker: Checker, left: Any, right: Any) -> tuple[sympy.Symbol, frozenset[str]] | None:
    """(x, the rule's letters) where `left` is the derivative by x of an expression of letters with no value, x has
    no value either, and `right` writes no other letter (but `d` of a differential) and takes no derivative but of
    one letter by x; None otherwise."""
    if not (isinstance(left, sympy.Derivative) and isinstance(right, sympy.Basic) and len(left.variables) == 1):
        return None
    variable, inside = left.variables[0], left.expr
    if not isinstance(variable, sympy.Symbol) or isinstance(inside, sympy.Symbol) or not inside.free_symbols:
        return None
    point = checker.points(checker.scenarios[0])[0] if checker.scenarios else {}
    known = set(point) | set(checker.definitions) | set(checker.special)
    letters = frozenset(s.name for s in inside.free_symbols if isinstance(s, sympy.Symbol)) - {variable.name}
    others = {s.name for s in right.free_symbols if isinstance(s, sympy.Symbol)} - letters - {variable.name, "d"}
    if not letters or others or (letters | {variable.name}) & known or any(e.atoms(sympy.Indexed, AppliedUndef, sympy.Sum) for e in (left, right)):
        return None
    for derivative in right.atoms(sympy.Derivative):
        if derivative.variables != (variable,) or not isinstance(derivative.expr, sympy.Symbol):
            return None
    return variable, letters


def _differentials_read(notation: Notation, sources: tuple[str, str], variable: sympy.Symbol,
                        letters: frozenset[str]) -> tuple[tuple[Any, Any], list[str]] | None:
    """Both sides read again with `du` written as `\frac{du}{dx}` for each of the rule's letters; None where a side
    does not read so, or writes no differential."""
    pattern = re.compile(r"(?<![A-Za-z\\])d\s*(" + "|".join(sorted(letters)) + r")(?![A-Za-z])(?!\s*\}\s*\{\s*d)")  # not `\frac{du}{dx}`
    written = sorted({m.group(0).replace(" ", "") for source in sources for m in pattern.finditer(source)})
    if not written:
        return None
    sides = []
    for source in sources:
        text = pattern.sub(lambda m: r"\frac{d" + m.group(1) + "}{d" + variable.name + "}", source)
        try:
            parsed = parse_line(text, notation)
        except MathParseError:
            return None
        if parsed.relations or parsed.leading_relation is not None or len(parsed.terms) != 1:
            return None
        sides.append(parsed.terms[0])
    return (sides[0], sides[1]), written
