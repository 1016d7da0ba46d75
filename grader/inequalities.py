"""Inequalities in derivations, and `\\arg\\min_x f(x) = e`, judged at sampled points.

A link ``a \\le b`` holds when it holds at every sampled point of some scenario (points that
satisfy the problem's assumptions and the line's conditions, as for equations); otherwise
the first point where it fails is the counterexample.  Ties count as holding (sampled values
carry rounding), so ``<`` and ``\\le`` are judged alike.

``\\arg\\min_x f(x) = e`` claims that e minimizes f: at each point f(e) may not exceed f at
e moved by many random steps of several scales, nor the best of a few numeric descents.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import sympy

from .equivalence import Checker, Verdict, _finite, format_value
from .evaluate import EvaluationError
from .i18n import define
from .mathparse.nodes import ArgOpt
from .models import Message

define(
    {
        "inequality.fails": (
            "The inequality does not hold here: the left side is {left}, the right side {right}.",
            "此不等式在这里不成立：左边为 {left}，右边为 {right}。",
        ),
        "inequality.not_a_minimizer": (
            ("This is not where the objective is smallest: moving away from it lowers the objective ({left} at the "
            "expression, {right} nearby)."),
            "目标函数并不在这里取最小值：离开此处目标函数反而更小（在该表达式处为 {left}，附近为 {right}）。",
        ),
        "inequality.not_a_maximizer": (
            ("This is not where the objective is largest: moving away from it raises the objective ({left} at the "
            "expression, {right} nearby)."),
            "目标函数并不在这里取最大值：离开此处目标函数反而更大（在该表达式处为 {left}，附近为 {right}）。",
        ),
    }
)

#: Relations judged here, canonical (as the parser returns them).
INEQUALITY_RELATIONS = frozenset({"<=", ">=", "<", ">"})

#: Relative slack for ties: sampled values are rounded floats.
TOLERANCE = 1e-9

#: Steps of several scales around a claimed minimizer, per point.
PERTURBATION_SCALES = (1e-3, 1e-2, 1e-1, 1.0)
PERTURBATIONS_PER_SCALE = 6


def satisfied(left: float, right: float, relation: str) -> bool:
    """Whether `left relation right` holds up to rounding."""
    slack = TOLERANCE * max(1.0, abs(left), abs(right))
    if relation in ("<=", "<"):
        return left <= right + slack
    return left + slack >= right


def inequality_holds(checker: Checker, left: Any, right: Any, relation: str) -> Verdict:
    """`left relation right` at every point of some scenario; else the first counterexample."""
    if isinstance(left, ArgOpt) or isinstance(right, ArgOpt):
        return Verdict(None, Message("equivalence.mixed_argopt"))
    first_failure: Verdict | None = None
    tie: Verdict | None = None
    for scenario in checker.scenarios:
        verdict, strict = _in_scenario(checker, left, right, relation, scenario)
        if verdict.holds and strict:
            return verdict
        if verdict.holds:
            # both sides equal at every point (a scenario that puts w at \tilde w): it confirms the
            # inequality only if no other scenario refutes it
            tie = tie or verdict
            continue
        if first_failure is None or (first_failure.holds is None and verdict.holds is False):
            first_failure = verdict
    if first_failure is not None and first_failure.holds is False:
        return first_failure
    return tie or first_failure or Verdict(None)


def chain_holds(checker: Checker, terms: Sequence[Any], relations: Sequence[str]) -> Verdict:
    """A statement of several links (`a = b \\le c`) holds when each of its links does."""
    for left, right, relation in zip(terms, terms[1:], relations):
        if relation in INEQUALITY_RELATIONS:
            verdict = inequality_holds(checker, left, right, relation)
        else:
            verdict = checker.same_values(left, right)
        if not verdict.holds:
            return verdict
    return Verdict(True)


def _in_scenario(checker: Checker, left: Any, right: Any, relation: str, scenario) -> tuple[Verdict, bool]:
    """The verdict in one scenario, and whether some point held strictly (not as a tie)."""
    usable = 0
    strict = False
    last_error = ""
    for point in checker.points(scenario):
        evaluator = checker.evaluator(point)
        try:
            a = evaluator.scalar(left)
            b = evaluator.scalar(right)
        except EvaluationError as exc:
            last_error = str(exc)
            continue
        if not _finite(a) or not _finite(b) or abs(a.imag) > 1e-9 * max(1.0, abs(a)) or abs(b.imag) > 1e-9 * max(1.0, abs(b)):
            last_error = "the value is not finite"
            continue
        usable += 1
        if not satisfied(a.real, b.real, relation):
            counterexample = checker._counterexample(point, (left, right), a.real, b.real)
            return Verdict(False, Message("inequality.fails", {"left": format_value(a.real), "right": format_value(b.real)}), counterexample), False
        strict = strict or abs(a.real - b.real) > 1e-9 * max(1.0, abs(a.real), abs(b.real))
    if usable < 2:
        from .equivalence import could_not_evaluate

        return Verdict(None, could_not_evaluate(last_error or "no usable point")), False
    return Verdict(True), strict


def value_minimizes(checker: Checker, argopt: ArgOpt, value: Any) -> Verdict:
    """`\\arg\\min_x f(x) = e`: e minimizes f (arg max: maximizes) at the points of some scenario."""
    first_failure: Verdict | None = None
    for scenario in checker.scenarios:
        verdict = _minimizes_in(checker, argopt, value, scenario)
        if verdict.holds:
            return verdict
        if first_failure is None or (first_failure.holds is None and verdict.holds is False):
            first_failure = verdict
    return first_failure or Verdict(None)


def _minimizes_in(checker: Checker, argopt: ArgOpt, value: Any, scenario) -> Verdict:
    if len(argopt.variables) != 1:
        values = value.args if isinstance(value, sympy.Tuple) else None
        if values is None or len(values) != len(argopt.variables):
            return Verdict(None, Message("equivalence.mixed_argopt"))
    else:
        values = (value,)
    names = [getattr(v, "name", str(v)) for v in argopt.variables]
    sign = 1.0 if argopt.kind == "min" else -1.0
    usable = 0
    rng = np.random.default_rng([checker.seed, 7919])
    for point in checker.points(scenario):
        evaluator = checker.evaluator(point)
        try:
            claimed = [np.asarray(_value(evaluator, v), dtype=complex).real for v in values]
            if not all(np.all(np.isfinite(c)) for c in claimed):
                continue
            with evaluator.with_values(_assigned(names, claimed)):
                at_claim = sign * evaluator.scalar(argopt.objective).real
        except EvaluationError:
            continue
        usable += 1
        for scale in PERTURBATION_SCALES:
            for _ in range(PERTURBATIONS_PER_SCALE):
                moved = [c + scale * rng.normal(size=np.shape(c)) for c in claimed]
                try:
                    with evaluator.with_values(_assigned(names, moved)):
                        nearby = sign * evaluator.scalar(argopt.objective).real
                except EvaluationError:
                    continue
                if nearby < at_claim - 1e-9 * max(1.0, abs(at_claim)):
                    key = "inequality.not_a_minimizer" if argopt.kind == "min" else "inequality.not_a_maximizer"
                    shown = {**dict(point.items()), **_assigned(names, claimed)}
                    counterexample = checker._counterexample(shown, (argopt.objective, value), sign * at_claim, sign * nearby)
                    return Verdict(False, Message(key, {"left": format_value(sign * at_claim), "right": format_value(sign * nearby)}), counterexample)
    if usable < 2:
        from .equivalence import could_not_evaluate

        return Verdict(None, could_not_evaluate("no usable point"))
    return Verdict(True)


def _value(evaluator: Any, expr: Any) -> Any:
    """A value, with an indexed name (`\\tilde w` for a vector w) as its whole array."""
    if isinstance(expr, sympy.Symbol) and isinstance(evaluator.values.get(expr.name), np.ndarray):
        return evaluator.values[expr.name]
    return evaluator.value(expr)


def _assigned(names: Sequence[str], values: Sequence[np.ndarray]) -> Mapping[str, Any]:
    return {name: (complex(v) if np.ndim(v) == 0 else v.astype(float)) for name, v in zip(names, values)}
