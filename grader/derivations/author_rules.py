"""Rules the author states for any functions, and the parts of the problem's quotient they name.

- `f(x) = {g(x) \\over h(x)} \\Rightarrow f'(x) = ...` (the quotient rule, the product rule alike) with g, h functions
  with no rule, all of one letter with no value: checked on smooth functions drawn for g and h (a rule is claimed
  for every function, so one that fails is charged); the implication takes the rule's verdict;
- after a quotient rule so stated, `g_i`, `h_i` are the numerator and the denominator of the problem's one
  quotient family (the softmax y_i), as a TA reads them, with a note.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import sympy
from sympy.core.function import AppliedUndef

from grader.derivations.terms import LOGICAL
from grader.mathengine.equivalence import Checker, Verdict, close
from grader.mathengine.evaluate import FunctionDefinition
from grader.results.i18n import define
from grader.results.models import LinkResult, Message

define(
    {
        "author_functions.rule_holds": (
            "Valid: a rule stated for any functions {functions} of {variable}; it holds for every function tried.",
            "成立：对任意函数 {functions}（{variable} 的函数）陈述的法则；对所有试验的函数都成立。",
        ),
        "author_functions.rule_fails": (
            ("Not valid: a rule stated for any functions {functions} of {variable}, which does not hold for a smooth "
             "function taken for them (check the rule's signs and factors)."),
            "不成立：对任意函数 {functions}（{variable} 的函数）陈述的法则，对所取的光滑函数不成立（请检查符号和因子）。",
        ),
        "author_functions.reading_quotient_parts": (
            "the parts of the problem's quotient that the quotient rule stated above names: {parts}",
            "上面陈述的商法则所命名的题目中商的各部分：{parts}",
        ),
    }
)

#: Fixed: the functions drawn never depend on a submission's seed (same code, same grade).
_SEED = 20_261_207

#: Functions of one variable to try a rule stated for any functions on: (coefficients drawn per trial).
_TRIALS = 4


def general_rule_verdict(checker: Checker, left: Any, right: Any, functions: Sequence[str]) -> Verdict | None:
    """`f'(x) = \\frac{g'(x)h(x) - g(x)h'(x)}{h(x)^2}` with f defined as `g(x)/h(x)` and g, h the author's
    functions with no rule, all of one letter x that has no value: a rule stated for any functions (the quotient
    rule), checked on several smooth functions drawn for g and h and values of x.  Valid where it holds on all,
    invalid where it fails on one (the rule is claimed for every function), None where the link is not so written."""
    found = _rule_functions(checker, (left, right), functions)
    if found is None:
        return None
    unknown, variable = found
    rng = np.random.default_rng(_SEED)
    for _ in range(_TRIALS):
        tried = {name: FunctionDefinition((variable,), _drawn_function(rng, variable)) for name in sorted(unknown)}
        trial = checker.with_definitions(tried)
        point = {**trial.points(trial.scenarios[0])[0], variable.name: float(rng.uniform(0.3, 1.2))}
        evaluator = trial.evaluator(point)
        a, b = evaluator.scalar(left), evaluator.scalar(right)
        if not (np.isfinite(abs(a)) and np.isfinite(abs(b))):
            return None
        if not close(a, b):
            return Verdict(False, Message("author_functions.rule_fails", {"functions": ", ".join(sorted(unknown)), "variable": variable.name}))
    return Verdict(True, Message("author_functions.rule_holds", {"functions": ", ".join(sorted(unknown)), "variable": variable.name}))


def _rule_functions(checker: Checker, exprs: tuple, functions: Sequence[str]) -> tuple[set[str], sympy.Symbol] | None:
    """The author's functions with no rule the sides apply (through the author's defined functions), and the one
    letter with no value they are all applied to; None where there is none, or another argument, or a letter
    with no value outside them."""
    applied = _undefined_calls(checker, [e for e in exprs if isinstance(e, sympy.Basic)])
    if not applied or any(name not in functions for name, _ in applied):
        return None
    arguments = {args[0] if len(args) == 1 else None for _, args in applied}
    variable = arguments.pop()
    if arguments or not isinstance(variable, sympy.Symbol) or variable.name in checker.definitions:
        return None
    if not _only_free_letter(checker, exprs, variable):
        return None
    return {name for name, _ in applied}, variable


def _only_free_letter(checker: Checker, exprs: tuple, variable: sympy.Symbol) -> bool:
    """Whether `variable` has no value at the problem's points and is the only letter the sides write without one."""
    point = checker.points(checker.scenarios[0])[0] if checker.scenarios else {}
    written = {s for e in exprs if isinstance(e, sympy.Basic) for s in e.free_symbols if isinstance(s, sympy.Symbol)}
    return variable.name not in point and all(s.name in point or s == variable for s in written)


def _undefined_calls(checker: Checker, exprs: list) -> set[tuple[str, tuple]]:
    """(the name, the arguments) of every call of a function with no rule in `exprs` or in the bodies of the
    functions they apply that have one."""
    found: set[tuple[str, tuple]] = set()
    todo, seen = list(exprs), set()
    while todo:
        for call in todo.pop().atoms(AppliedUndef):
            name = call.func.__name__
            definition = checker.definitions.get(name)
            if definition is None:
                found.add((name, tuple(call.args)))
            elif name not in seen and isinstance(definition.body, sympy.Basic):
                seen.add(name)
                todo.append(definition.body)
    return found


def _drawn_function(rng: np.random.Generator, variable: sympy.Symbol) -> Any:
    """A smooth function of `variable` with drawn coefficients, positive on the values drawn for it (a
    denominator of the rule stays away from zero): `a + b x + c x^2 + d e^{e x}`."""
    a, b, c, d, e = (sympy.Float(round(float(v), 3)) for v in rng.uniform(0.3, 1.7, size=5))
    return a + b * variable + c * variable**2 + d * sympy.exp(e * variable)


def rule_implied(links: list[LinkResult]) -> list[LinkResult]:
    """`f(x) = \\frac{g(x)}{h(x)} \\Rightarrow f'(x) = ...`: the premise defines f, so the implication holds as the
    rule after it does (see `general_rule_verdict`): the unchecked logical link before a rule's links takes the
    rule's verdict."""
    rules = [at for at, link in enumerate(links) if link.reason is not None and link.reason.key in _RULE_KEYS]
    if not rules:
        return links
    out = list(links)
    for at, link in enumerate(links[:rules[-1]]):
        if link.relation in LOGICAL and link.valid is None:
            after = [k for k in links[at + 1:] if k.relation not in LOGICAL]
            wrong = next((k for k in after if k.valid is False), None)
            if wrong is not None or all(k.valid for k in after):
                decided = wrong if wrong is not None else links[rules[-1]]
                out[at] = replace(link, valid=decided.valid, reason=decided.reason, counterexample=None)
    return out


def quotient_parts_named(checker: Checker, chain: Sequence[Any], links: list[LinkResult], definitions: dict[str, FunctionDefinition]) -> dict[str, str]:
    """The quotient rule stated for any functions (`f(x) = g(x)/h(x) \\Rightarrow ...`, see `general_rule_verdict`)
    names the parts of the quotient the author is about to differentiate: `g_i`, `h_i` on the lines after it are
    the numerator and the denominator of the problem's one quotient family (the softmax `y_i`), as a TA reads
    them.  Only where the rule's premise is that quotient of two functions with no rule, the problem defines
    exactly one family as a quotient, and the letters g, h are free.  The parts named, each with its role."""
    if not any(link.reason is not None and link.reason.key in _RULE_KEYS for link in links) or len(chain) < 2:
        return {}
    stated, family = _stated_quotient(chain[0].expr, chain[1].expr), _one_quotient_family(checker)
    if stated is None or family is None:
        return {}
    params, numerator, denominator = family
    named = {}
    for name, part, role in ((stated[0], numerator, "numerator"), (stated[1], denominator, "denominator")):
        if name not in checker.definitions:
            definitions[name] = FunctionDefinition(params, part)
            named[name] = role
    return named


def _is_reciprocal(node: Any) -> bool:
    return isinstance(node, sympy.Pow) and node.exp == -1


def _stated_quotient(head: Any, premise: Any) -> tuple[str, str] | None:
    """The names of the two functions `f(x) = g(x)/h(x)` divides (g, h), or None where the premise is not that."""
    if not (isinstance(head, AppliedUndef) and isinstance(premise, sympy.Mul) and len(premise.args) == 2):
        return None
    over = [a.base for a in premise.args if _is_reciprocal(a) and isinstance(a.base, AppliedUndef)]
    top = [a for a in premise.args if isinstance(a, AppliedUndef)]
    return (top[0].func.__name__, over[0].func.__name__) if len(over) == 1 and len(top) == 1 else None


def _one_quotient_family(checker: Checker) -> tuple[tuple, Any, Any] | None:
    """(the parameters, the numerator, the denominator) of the one family the problem defines as a quotient."""
    families = [d for d in checker.definitions.values()
                if len(d.params) == 1 and isinstance(d.body, sympy.Mul) and any(_is_reciprocal(a) for a in d.body.args)]
    if len(families) != 1:
        return None
    body = families[0].body
    return (families[0].params, sympy.Mul(*[a for a in body.args if not _is_reciprocal(a)]),
            sympy.Mul(*[a.base for a in body.args if _is_reciprocal(a)]))


def quotient_parts_noted(chain: Sequence[Any], links: list[LinkResult], parts: Mapping[str, str]) -> list[LinkResult]:
    """A line that uses a quotient's part by the rule's letter (`\\frac{\\partial h_i}{\\partial z_j}`), valid: the
    reading said on its first plainly valid link."""
    used = sorted({name for term in chain if isinstance(term.expr, sympy.Basic) for name in parts
                   for s in term.expr.free_symbols if isinstance(s, sympy.Symbol) and s.name.partition("_")[0] == name and "_" in s.name})
    for at, link in enumerate(links):
        if used and link.valid and link.reason is None:
            said = ", ".join(f"{name} ({parts[name]})" for name in used)
            note = Message("derivation.reading", {"reading": Message("author_functions.reading_quotient_parts", {"parts": said})})
            return [*links[:at], replace(link, reason=note), *links[at + 1:]]
    return links


_RULE_KEYS = ("author_functions.rule_holds", "author_functions.rule_fails")
