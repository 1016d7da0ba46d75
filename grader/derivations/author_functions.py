"""The author's own functions: named in the middle of a chain, differentiated in their own argument.

Authors split a result into a chain of functions of their own and name each one where it first
appears, in the middle of an equality: `E = g_1(x_1) = -\\log(x_1)` defines g_1 as that function of
x_1 (and says what E is in the author's terms), `x_1 = g_2(x_2) = \\frac{c_1}{x_2}` defines g_2 and
x_1.  A TA follows these definitions:

- the link `g(x) = body` that names the function is a definition, not a step;
- the link before it (`E = g_1(x_1)`) states what a name is in the author's terms; where it cannot be
  evaluated for want of the author's letters (a constant left undefined) it is read as the author's
  definition and costs nothing; where it can, it is checked (a contradiction is charged);
- a line that states again what one of the author's own names is (`x_1 = \\frac{c_1}{sum}`) and cannot be
  evaluated for the same reason is read the same way;
- `\\frac{\\partial g_2(x_2)}{\\partial x_2}` is the derivative of the author's function in its own argument:
  checked against the function's definition, for every value of the argument and of the constants of the
  author's that have no value (`c_1`); the rest of the definition is held, as a function of one argument
  holds it.  For an argument that is an entry of the problem's family (`g_5(z_i) = z_i - \\max(z_i)`), the
  family elsewhere in the body is held only inside the stable softmax's shift (its maximum, which the
  author treats as a constant); a body that uses the family otherwise (`e^{z_i} / \\sum_k e^{z_k}`) is not
  read that way (dropping the sum's dependence is a real mistake).

Digits glued to a letter (`x1`, `c1`) read as the index where the derivation numbers the letter: see
`grader.derivations.author_notation`; rules stated for any functions and the quotient's parts they name: see
`grader.derivations.author_rules`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import sympy
from sympy.core.function import AppliedUndef

from grader.derivations.author_notation import written_readings_noted
from grader.derivations.author_rules import general_rule_verdict, quotient_parts_named, quotient_parts_noted, rule_implied
from grader.derivations.faults import judge
from grader.derivations.line_state import LineChain, LineState, Reading
from grader.derivations.objective_names import other_objective
from grader.mathengine.equivalence import Checker, Verdict, close
from grader.mathengine.evaluate import EvaluationError, FunctionDefinition
from grader.results.i18n import define
from grader.results.models import LinkResult, Message

define(
    {
        "author_functions.names": (
            ("States {name} in the author's own terms ({functions}, defined in this derivation): read as the "
             "author's definition, not checked as a step, and it costs nothing."),
            "用作者自己定义的量（{functions}）表示 {name}：按作者的定义理解，不作为推导步骤检查，也不扣分。",
        ),
        "author_functions.restates": (
            ("States again what the author's {name} is (its value needs letters the derivation leaves undefined): "
             "read as the author's definition, not checked as a step, and it costs nothing."),
            "再次说明作者自己的 {name} 是什么（其值依赖推导中未定义的字母）：按作者的定义理解，不作为推导步骤检查，也不扣分。",
        ),
        "author_functions.own_argument": (
            ("Valid: the derivative of the author's function {function} in its own argument {argument}, from its "
             "definition, for every value of the argument{held}."),
            "成立：作者定义的函数 {function} 对其自身自变量 {argument} 的导数，由其定义得出，对自变量的任意取值都成立{held}。",
        ),
        "author_functions.chain_rule": (
            ("Valid: the chain rule for {name} by {variable} through the author's {through}, each factor the "
             "derivative of the author's function of that link in its own argument."),
            "成立：{name} 对 {variable} 的链式法则，经过作者定义的 {through}，每个因子都是该环节中作者函数对其自身自变量的导数。",
        ),
        "author_functions.held_shift": (
            "; the shift by the maximum is held as a constant, as the stable softmax treats it",
            "；按数值稳定的 softmax 的做法，把减去的最大值视为常数",
        ),
        "author_functions.held_constants": (
            " and of {names}",
            "，且对 {names} 的任意取值都成立",
        ),
    }
)

# -- functions named in the middle of a chain ------------------------------------------------------

#: `= g_1(x_1) =`: a one-letter name (with a subscript) applied to names, between two equals signs.
_CHAIN_FUNCTION = re.compile(
    r"=\s*(\\ell|[A-Za-z])(?:_\{?([A-Za-z0-9]+)\}?)?\s*\(\s*((?:\\?[A-Za-z]+(?:_\{?[A-Za-z0-9]+\}?)?\s*,?\s*)+)\)\s*="
)


def chain_functions(text: str) -> tuple[str, ...]:
    """The author's functions a line names in the middle of a chain (`E = g_1(x_1) = -\\log(x_1)`), as the
    parser names them (`g_1`)."""
    found = []
    for match in _CHAIN_FUNCTION.finditer(text):
        letter = "ell" if match.group(1) == "\\ell" else match.group(1)
        found.append(f"{letter}_{match.group(2)}" if match.group(2) else letter)
    return tuple(dict.fromkeys(found))


def chain_function_links(exprs: Sequence[Any], relations: Sequence[str], functions: Sequence[str]) -> list[int]:
    """The links `k` of a chain (its terms `exprs`) whose left term is one of the author's chain functions
    applied to plain names (`g_2(x_2)`) and whose right term, after `=`, is what the function stands for."""
    found = []
    for k in range(1, len(relations)):
        term = exprs[k]
        if (relations[k - 1] == "=" and relations[k] == "=" and isinstance(term, AppliedUndef)
                and term.func.__name__ in functions and term.args
                and all(isinstance(a, (sympy.Symbol, sympy.Indexed)) for a in term.args)):
            found.append(k)
    return found


def chain_functions_recorded(exprs: Sequence[Any], relations: Sequence[str], functions: Sequence[str],
                             definitions: dict[str, FunctionDefinition], named_through: dict[str, Any]) -> None:
    """Each chain function a line names (its own terms `exprs`) defined for the lines after it and for the
    line's other links; a function already defined keeps its first definition (a second naming is a step).
    The name before it (`E` of `E = g_1(x_1)`) is noted as stated through the function's call."""
    for k in chain_function_links(exprs, relations, functions):
        name = exprs[k].func.__name__
        if isinstance(exprs[k - 1], sympy.Symbol) and len(exprs[k].args) == 1:
            named_through.setdefault(exprs[k - 1].name, exprs[k])
        if name not in definitions and isinstance(exprs[k + 1], sympy.Basic):
            definitions[name] = FunctionDefinition(tuple(exprs[k].args), exprs[k + 1])


def chain_links_read(chain: Sequence[Any], relations: Sequence[str], functions: Sequence[str],
                     definitions: Mapping[str, FunctionDefinition], links: list[LinkResult]) -> list[LinkResult]:
    """The line's links with each chain function's naming a definition, and the link before it (`E = g_1(x_1)`)
    the author's statement of what a name is where it could not be evaluated (see the module's docstring)."""
    named = [k for k in chain_function_links([term.expr for term in chain], relations, functions)
             if (d := definitions.get(chain[k].expr.func.__name__)) is not None and d.body == chain[k + 1].expr]
    if not named:
        return links
    names = ", ".join(chain[k].source for k in named)
    out = list(links)
    for at, link in enumerate(out):
        for k in named:
            if link.left == chain[k].source and link.right == chain[k + 1].source and link.relation == "=":
                out[at] = replace(link, valid=True, reason=Message("derivation.defines", {"name": chain[k].source}), counterexample=None)
            elif link.left == chain[k - 1].source and link.right == chain[k].source and _for_want_of_a_value(link):
                out[at] = replace(link, valid=True, reason=Message("author_functions.names", {"name": chain[k - 1].source, "functions": names}))
    return out


def author_links_read(reading: Reading, state: LineState, line: LineChain, links: list[LinkResult], defined_before: set[str]) -> list[LinkResult]:
    """A line's links read for the author's functions and names: the chain functions it names, and a line
    that only states again what one of the author's own names is (see the module's docstring)."""
    links = chain_links_read(line.chain, line.relations, reading.student_functions, state.definitions, links)
    links = rule_implied(links)
    links = written_readings_noted(reading.originals.get(line.source.number, ""), line.source.text, links)
    state.quotient_parts.update(quotient_parts_named(reading.checker, line.chain, links, state.definitions))
    links = quotient_parts_noted(line.chain, links, state.quotient_parts)
    own = defined_before - set(reading.known_names)
    if line.lead is None and line.relations == ["="] and links:
        links[-1] = restatement_read(line.current, line.chain[0].expr, line.chain[1].expr, own, links[-1])
        links[-1] = other_objective(line.current, line.chain[0].expr, line.chain[1].expr, links[-1], reading.sources)  # `\hat J` for \tilde J
    return links


def restatement_read(checker: Checker, head: Any, right: Any, own_names: set[str], link: LinkResult) -> LinkResult:
    """`x_2 = sum` for a name the author defined before through a constant they never defined (`x_2 = x_3 + c_2`):
    where the link could not be evaluated for want of that constant, and some value of it makes the line hold
    (the line says what the constant is), the author's statement of what the name is (free).  A line no value
    of the constant makes hold, or one whose missing letters stand on its right side too, stays as judged."""
    if not (isinstance(head, sympy.Symbol) and head.name in own_names and _for_want_of_a_value(link)):
        return link
    if judge(lambda: Verdict(_consistent_for_some_constant(checker, head, right), None)).holds:
        return replace(link, valid=True, reason=Message("author_functions.restates", {"name": link.left}))
    return link


def _consistent_for_some_constant(checker: Checker, head: Any, right: Any) -> bool:
    """Whether one undefined constant that only the head's definition reaches can be given, at each of the
    problem's points (the right side's own missing constants drawn), a value that makes `head = right` hold."""
    scenario = next(iter(checker.scenarios), None)
    base_points = checker.points(scenario)[:3] if scenario is not None else []
    if not base_points or not isinstance(right, sympy.Basic):
        return False
    on_left, on_right = _missing_leaves(checker, head, base_points[0]), _missing_leaves(checker, right, base_points[0])
    solvable = on_left - on_right
    if len(solvable) != 1:
        return False
    (unknown,) = solvable
    rng = np.random.default_rng(_SEED)
    for base in base_points:
        point = {**base, **{n: float(rng.uniform(0.4, 1.6)) for n in sorted(on_right)}}

        def gap(value: float, point: dict = point) -> complex:
            return complex(checker.evaluator({**point, unknown: value}).scalar(head) - checker.evaluator({**point, unknown: value}).scalar(right))

        if not _has_root(gap):
            return False
    return True


def _has_root(gap: Any) -> bool:
    """Whether the secant method finds a real value where `gap` vanishes (from 0.5 and 1.5, at most 40 steps)."""
    a, b = 0.5, 1.5
    fa, fb = gap(a), gap(b)
    for _ in range(40):
        if abs(fb) < 1e-10 * max(1.0, abs(b)):
            return True
        if fb == fa or not np.isfinite(abs(fb)):
            return False
        a, b, fa = b, b - (fb * (b - a) / (fb - fa)).real, fb
        fb = gap(b)
    return False


def _missing_through(checker: Checker, evaluator: Any, symbol: sympy.Symbol, point: Mapping[str, Any],
                     bound: frozenset[str], depth: int) -> set[str]:
    """The letter itself where it has no value and no definition to look into (or one that fails for no
    missing letter of its own), the missing letters of its definition otherwise; nothing where it has a value."""
    try:
        evaluator.scalar(symbol)
        return set()
    except EvaluationError:
        pass
    definition = checker.definitions.get(symbol.name)
    inner = _missing_leaves(checker, definition.body, point, bound, depth + 1) if definition is not None and not definition.params else set()
    return inner or {symbol.name}


def _missing_leaves(checker: Checker, expr: Any, point: Mapping[str, Any], bound: frozenset[str] = frozenset(), depth: int = 0) -> set[str]:
    """The author's plain letters `expr` needs (itself or through their definitions and the author's functions)
    that have no value at `point`: a letter with no definition, or a defined one whose own definition fails for
    no such letter (a constant the problem cannot evaluate).  Letters used only as indices are not counted."""
    if depth > 10 or not isinstance(expr, sympy.Basic):
        return set()
    evaluator = checker.evaluator(point)
    bound = bound | {str(limit[0]) for node in expr.atoms(sympy.Sum, sympy.Product) for limit in node.limits}
    as_index = {s.name for node in expr.atoms(sympy.Indexed) for i in node.indices for s in i.free_symbols}
    leaves: set[str] = set()
    for symbol in sorted((s for s in expr.free_symbols if isinstance(s, sympy.Symbol)), key=str):
        if symbol.name not in point and symbol.name not in bound and symbol.name not in as_index:
            leaves |= _missing_through(checker, evaluator, symbol, point, bound, depth)
    for call in expr.atoms(AppliedUndef):
        definition = checker.definitions.get(call.func.__name__)
        if definition is not None and definition.params:
            params = frozenset(str(p) for p in definition.params)
            leaves |= _missing_leaves(checker, definition.body, point, bound | params, depth + 1)
    return leaves


def _for_want_of_a_value(link: LinkResult) -> bool:
    """A link left unchecked because a name had no value there."""
    return link.valid is None and link.reason is not None and link.reason.key == "equivalence.could_not_evaluate"


# -- the derivative of an author's function in its own argument -------------------------------------

#: Fixed: the values drawn never depend on a submission's seed (same code, same grade).
_SEED = 20_261_207
_POINTS_NEEDED = 6


def author_functions_looked_at(reading: Reading, state: LineState, line: LineChain, left: Any, right: Any, verdict: Verdict) -> Verdict:
    """An `=` link found wrong or unchecked that is the derivative of an author's function in its own argument
    (`\\frac{\\partial g_2(x_2)}{\\partial x_2} = -\\frac{c_1}{x_2^2}`), or the chain rule over the author's
    chain functions (`\\frac{\\partial E}{\\partial z_i} = \\frac{\\partial g_1(x_1)}{\\partial x_1} \\cdots`): valid
    where it is that derivative, or that chain rule."""
    if verdict.holds or not reading.student_functions:
        return verdict
    chained = chain_rule_verdict(left.expr, right.expr, state.definitions, state.named_through)
    if chained is not None:
        return chained
    found = judge(lambda: own_argument_verdict(line.current, left.expr, right.expr, reading.student_functions, state.definitions) or verdict)
    if found.holds:
        return found
    general = judge(lambda: general_rule_verdict(line.current, left.expr, right.expr, reading.student_functions) or verdict)
    return general if general.reason is not None and general.reason.key.startswith("author_functions.") else verdict


def chain_rule_verdict(left: Any, right: Any, definitions: Mapping[str, FunctionDefinition], named_through: Mapping[str, Any]) -> Verdict | None:
    """`\\frac{\\partial A}{\\partial v} = \\prod_k \\frac{\\partial g_k(x_k)}{\\partial x_k}` where the author's chain
    functions lead from A to v (`A = g_1(x_1)`, `x_1 = g_2(x_2)`, ..., `x_m = g_{m+1}(v)`) and the product has
    one factor per link, each the derivative of the link's function in its own argument (or `\\frac{\\partial
    x_1}{\\partial x_2}`, the link's name by its argument): the chain rule, which holds whatever the functions
    are; a valid verdict, else None (a factor left out, one too many, or one taken at another argument)."""
    for side, product in ((left, right), (right, left)):
        hops = _chain_hops(side, definitions, named_through)
        if hops is None or not isinstance(product, sympy.Basic):
            continue
        factors = list(product.args) if isinstance(product, sympy.Mul) else [product]
        if len(factors) != len(hops) or not all(_factor_matched(factors, hop) for hop in hops):
            continue
        through = ", ".join(str(argument) for _, _, argument in hops[:-1])
        return Verdict(True, Message("author_functions.chain_rule", {"name": str(side.expr), "variable": str(hops[-1][2]), "through": through}))
    return None


def _chain_hops(side: Any, definitions: Mapping[str, FunctionDefinition], named_through: Mapping[str, Any]) -> list[tuple[str, Any, Any]] | None:
    """(the name, its function's call, the call's argument) for each link of the author's chain from `d A` to
    `d v` (`\\frac{\\partial A}{\\partial v}`), or None where the author's chain functions do not lead there."""
    if not (isinstance(side, sympy.Derivative) and len(side.variable_count) == 1 and side.variable_count[0][1] == 1):
        return None
    current, variable = side.expr, side.variable_count[0][0]
    hops: list[tuple[str, Any, Any]] = []
    while current != variable and len(hops) < 12:
        if not isinstance(current, sympy.Symbol):
            return None
        definition = definitions.get(current.name)
        call = definition.body if definition is not None and not definition.params else named_through.get(current.name)
        if not (isinstance(call, AppliedUndef) and len(call.args) == 1 and call.func.__name__ in definitions):
            return None
        hops.append((current.name, call, call.args[0]))
        current = call.args[0]
    return hops if hops and current == variable and len(hops) > 1 else None


def _factor_matched(factors: list, hop: tuple[str, Any, Any]) -> bool:
    """Whether one of `factors` is the hop's derivative (taken off the list where it is)."""
    name, call, argument = hop
    for at, factor in enumerate(factors):
        if (isinstance(factor, sympy.Derivative) and factor.variable_count == ((argument, 1),)
                and (factor.expr == call or factor.expr == sympy.Symbol(name))):
            del factors[at]
            return True
    return False


def own_argument_verdict(checker: Checker, left: Any, right: Any, functions: Sequence[str],
                         definitions: Mapping[str, FunctionDefinition]) -> Verdict | None:
    """A valid verdict where one side is `\\frac{\\partial g(x)}{\\partial x}` of an author's function g defined
    with the parameter x, and the other side is its derivative in x for every value of x (and of the author's
    constants that have no value); None where the link is not of that form or does not hold so."""
    found = _own_argument_form(left, right, functions, definitions)
    if found is None:
        return None
    name, argument, derivative, other, shift = found
    scenario = next(iter(checker.scenarios), None)
    base_points = checker.points(scenario) if scenario is not None else []
    if not base_points:
        return None
    drawn = _names_to_draw(checker, (derivative, other), argument, base_points[0])
    rng = np.random.default_rng(_SEED)
    usable = 0
    for base in base_points * 2:
        point = {**base, **{n: float(rng.uniform(0.4, 1.6)) for n in sorted(drawn)}}
        evaluator = checker.evaluator(point)
        try:
            if argument.name not in point:
                point[argument.name] = evaluator.scalar(_argument_value(argument, shift))
                evaluator = checker.evaluator(point)
            a, b = evaluator.value(derivative), evaluator.value(other)
        except EvaluationError:
            continue
        if np.shape(a) != np.shape(b) or not np.all(np.isfinite(a)) or not np.all(np.isfinite(b)) or not close(a, b):
            return None
        usable += 1
        if usable >= _POINTS_NEEDED:
            break
    if usable < _POINTS_NEEDED:
        return None
    constants = sorted(drawn - {argument.name})
    held: Message | str = ""
    if shift is not None:  # the maximum's shift held, said before any constant
        held = Message("author_functions.held_shift")
    elif constants:
        held = Message("author_functions.held_constants", {"names": ", ".join(constants)})
    return Verdict(True, Message("author_functions.own_argument", {"function": name, "argument": str(shift if shift is not None else argument), "held": held}))


def _own_argument_form(left: Any, right: Any, functions: Sequence[str],
                       definitions: Mapping[str, FunctionDefinition]) -> tuple[str, sympy.Symbol, Any, Any, Any] | None:
    """(the function, the symbol its argument is read as, the derivative of its body in it, the other side
    with the argument read the same way, the written entry where the argument is one) or None."""
    for side, other in ((left, right), (right, left)):
        if not (isinstance(side, sympy.Derivative) and side.variable_count and len(side.variable_count) == 1
                and side.variable_count[0][1] == 1 and isinstance(side.expr, AppliedUndef)):
            continue
        call, variable = side.expr, side.variable_count[0][0]
        name = call.func.__name__
        definition = definitions.get(name)
        if name not in functions or definition is None or len(definition.params) != 1 or call.args != (variable,):
            continue
        if definition.params[0] != variable or not isinstance(definition.body, sympy.Basic) or not isinstance(other, sympy.Basic):
            continue
        if isinstance(variable, sympy.Symbol):
            return name, variable, sympy.Derivative(definition.body, variable), other, None
        if isinstance(variable, sympy.Indexed):
            stand_in = sympy.Symbol(f"{name}_argument")
            body = definition.body.xreplace({variable: stand_in})
            if _family_outside_shift(body, variable.base) or not _shifted_together(body, stand_in):
                return None
            return name, stand_in, sympy.Derivative(body, stand_in), other.xreplace({variable: stand_in}), variable
    return None


def _family_outside_shift(body: Any, base: Any) -> bool:
    """Whether the argument's family appears in the body other than inside a maximum of the family (the
    stable softmax's shift, which the parser writes as a sum over `<index>_top`)."""
    shifts = [node for node in body.atoms(sympy.Sum) if any(str(limit[0]).endswith("_top") for limit in node.limits) and node.has(sympy.sign)]
    rest = body.xreplace({node: sympy.Integer(0) for node in shifts})
    return any(node.base == base for node in rest.atoms(sympy.Indexed))


def _shifted_together(body: Any, argument: sympy.Symbol) -> bool:
    """Whether the body depends on the argument and the family's maximum only through their difference (a shift:
    `z_i - \\max(z)`, `e^{z_i - \\max(z)}`), the one place the stable softmax holds the maximum constant; in
    `z_i \\max(z)` it is a factor, whose dependence on z_i (where z_i is the maximum) is not to be dropped."""
    shifts = [node for node in body.atoms(sympy.Sum) if any(str(limit[0]).endswith("_top") for limit in node.limits) and node.has(sympy.sign)]
    if not shifts:
        return True
    maximum = sympy.Dummy("maximum")
    moved = body.xreplace(dict.fromkeys(shifts, maximum))
    return sympy.simplify(sympy.diff(moved, argument) + sympy.diff(moved, maximum)) == 0


def _argument_value(argument: sympy.Symbol, entry: Any) -> Any:
    return entry if entry is not None else argument


def _names_to_draw(checker: Checker, exprs: tuple, argument: sympy.Symbol, point: Mapping[str, Any]) -> set[str]:
    """The plain names the two sides write that have no value at the problem's points (the argument first,
    where it has none; then a constant of the author's whose definition cannot be evaluated, or that has none):
    values to draw.  Names reached through a definition follow from these."""
    written = [argument.name]
    for expr in exprs:
        bound = {str(limit[0]) for node in expr.atoms(sympy.Sum, sympy.Product) for limit in node.limits}
        written += sorted(s.name for s in expr.free_symbols if isinstance(s, sympy.Symbol) and s.name not in bound)
    drawn: set[str] = set()
    for name in dict.fromkeys(written):
        if name in point or name.endswith("_argument"):
            continue
        evaluator = checker.evaluator({**point, **dict.fromkeys(drawn, 1.0)})
        try:
            evaluator.scalar(sympy.Symbol(name))
        except EvaluationError:
            drawn.add(name)
    return drawn
