"""Arg min and arg max: whether two objectives have the same minimizers, and whether a value is one.

Rung 3 of the comparison (`grader.mathengine.equivalence`): two arg-opt terms are the same when their
objectives order parameter points the same way (the data held fixed, the parameters varied); the
relation found between the objectives (equal, a positive factor, a constant shift, an increasing
function) is the remark of a verdict that holds.

``\\arg\\min_x f(x) = e`` claims that e minimizes f: at each point f(e) may not exceed f at e moved
by many random steps of several scales.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy

from grader.mathengine.evaluate import EvaluationError, Evaluator
from grader.mathengine.names import without
from grader.mathengine.reasons import could_not_evaluate
from grader.mathengine.sampled_values import format_value, plain, same_value
from grader.mathengine.verdict import Scenario, Verdict
from grader.mathparse.nodes import ArgOpt
from grader.results.i18n import define
from grader.results.models import Counterexample, Message

if TYPE_CHECKING:  # the checker calls this module; annotations only
    from grader.mathengine.equivalence import Checker

define(
    {
        "equivalence.minimizers_differ": (
            ("The two objectives do not have the same {kind}: they order the points shown differently "
            "(left objective {left}; right objective {right})."),
            "两个目标函数的{kind}不同：它们对所示的点排序不同（左边的目标函数 {left}；右边的目标函数 {right}）。",
        ),
        "equivalence.argopt_equal": ("The objectives are equal.", "两个目标函数相等。"),
        "equivalence.positive_factor": (
            "Same {kind}: the objectives differ by a positive factor (about {factor} at one sample).",
            "{kind}相同：两个目标函数相差一个正的因子（某个样本处约为 {factor}）。",
        ),
        "equivalence.positive_affine": (
            "Same {kind}: the objectives differ by a positive factor (about {factor} at one sample) and a term constant in {variables}.",
            "{kind}相同：两个目标函数相差一个正的因子（某个样本处约为 {factor}）和一个与 {variables} 无关的常数项。",
        ),
        "equivalence.constant_shift": (
            "Same {kind}: the objectives differ by a term constant in {variables}.",
            "{kind}相同：两个目标函数相差一个与 {variables} 无关的常数项。",
        ),
        "equivalence.monotone": (
            "Same {kind}: one objective is an increasing function of the other.",
            "{kind}相同：一个目标函数是另一个的增函数。",
        ),
        "equivalence.reversed": (
            "Same {kind}: one objective is a decreasing function of the other (arg max of one is arg min of the other).",
            "{kind}相同：一个目标函数是另一个的减函数（一个的 arg max 是另一个的 arg min）。",
        ),
        "equivalence.optimum_variables_differ": (
            ("The two optimisation problems are over different variables ({left} on the left, {right} on the right): "
             "they are not compared as one problem."),
            "两个优化问题的优化变量不同（左边是 {left}，右边是 {right}）：不把它们当作同一个问题来比较。",
        ),
        "equivalence.kind_minimizers": ("minimizers", "最小值点"),
        "equivalence.kind_maximizers": ("maximizers", "最大值点"),
        "equivalence.mixed_argopt": (
            "An arg min/arg max cannot be equal to an ordinary expression.",
            "arg min/arg max 不能等于一个普通表达式。",
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

#: Steps of several scales around a claimed minimizer, per point.
PERTURBATION_SCALES = (1e-3, 1e-2, 1e-1, 1.0)
PERTURBATIONS_PER_SCALE = 6

#: Fewer objective values than this at one size say nothing about an order.
_MIN_VALUES_PER_TRIAL = 3


# -- two arg-opt terms ------------------------------------------------------------------


@dataclass(frozen=True)
class _Objectives:
    """The two arg-opt terms being compared, read for comparison."""

    left: ArgOpt
    """The left term, its unnamed constants (`+ C`) dropped: a constant moves no minimizer."""
    right: ArgOpt
    """The right term, likewise."""
    sign: float
    """1 when both are arg min (or both arg max); -1 when one is each: the right objective's order is then reversed."""
    kind: Message
    """"minimizers" or "maximizers" (of the left term), for the messages."""
    variables: str
    """The parameters' names as shown ("w, b")."""


@dataclass(frozen=True)
class _Trial:
    """Both objectives at several parameter points of one size, the data held fixed."""

    left: np.ndarray
    """The left objective's values."""
    right: np.ndarray
    """The right objective's values, times the sign: ordered as the left ones where the minimizers agree."""
    points: list[dict[str, Any]]
    """The points, in the order of the values."""


def same_minimizers(checker: Checker, a: ArgOpt, b: ArgOpt, trials: int = 3, variants: int = 8) -> Verdict:
    """Both arg-opt terms pick the same parameter points (data fixed, parameters varied)."""
    objectives = _objectives(checker, a, b)
    other_variables = variables_differ(objectives.left, objectives.right)
    if other_variables is not None:
        return Verdict(None, other_variables)
    scenario = checker.scenarios[0]
    rng = np.random.default_rng([checker.seed, 7919])
    relation: Message | None = None
    usable = 0
    for trial_number in range(trials):
        size = checker.sizes[trial_number % len(checker.sizes)]
        trial = _trial(checker, objectives, scenario, rng, size, variants)
        if trial is None:
            continue
        usable += 1
        pair = _first_pair_ordered_differently(trial.left, trial.right)
        if pair is not None:
            return _ordered_differently(checker, objectives, trial, *pair)
        if relation is None:
            relation = _affine_relation(trial.left, trial.right, objectives.sign, objectives.kind, objectives.variables)
    if usable == 0:
        return Verdict(None, could_not_evaluate("the objectives have no value at the sample points"))
    return Verdict(True, relation)


def _objectives(checker: Checker, a: ArgOpt, b: ArgOpt) -> _Objectives:
    constants = checker.unnamed_constants(a, b)
    if constants:  # an additive constant moves no minimizer
        zero = {sympy.Symbol(name): 0 for name in constants}
        a = ArgOpt(a.kind, a.variables, without(a.objective, zero))
        b = ArgOpt(b.kind, b.variables, without(b.objective, zero))
    b = bound_renamed(a, b)
    kind_key = "equivalence.kind_minimizers" if a.kind == "min" else "equivalence.kind_maximizers"
    variables = ", ".join(str(v) for v in a.variables) or ", ".join(checker.parameters) or "the parameters"  # `\max \ell(w, b)`: the problem's
    return _Objectives(a, b, 1.0 if a.kind == b.kind else -1.0, Message(kind_key), variables)


def bound_renamed(a: ArgOpt, b: ArgOpt) -> ArgOpt:
    """`b` with its variables that `a` does not write renamed to those of `a` that `b` does not write, in order
    (`\\max_k z_k` and `\\max_j z_j` optimise over one variable by two names); `\\arg\\min_{b,w}` against
    `\\arg\\min_{w,b}` writes the same names and is left as it is.  Never onto a name free in `b`'s objective
    (`\\min_b (y_i - w x_i - b)^2` renamed to w would read `(y_i - w x_i - w)^2`, another objective), and never a
    variable the objective does not write (`\\min_\\theta` of a cross-entropy whose outputs depend on θ unwritten:
    the rename would not reach them): `b` is then left as it is, over its own variables."""
    own = [v for v in b.variables if v not in a.variables]
    other = [v for v in a.variables if v not in b.variables]
    if not own or len(own) != len(other) or not isinstance(b.objective, sympy.Basic):
        return b
    free = _free_names(b.objective)
    if any(_names(v) & free for v in other) or not all(_name(v) in free for v in own):
        return b
    return ArgOpt(b.kind, a.variables, b.objective.xreplace(dict(zip(own, other))), b.value)


def variables_differ(a: ArgOpt, b: ArgOpt) -> Message | None:
    """Why two optima are not one problem: both write their variables (after `bound_renamed`) and they are not the
    same names (`\\min_\\sigma S` against `\\min_{w,b} S`, `\\min_w S` against `\\min_{w,b} S`: an optimum over
    other variables is another problem, whatever its objective); None where they agree or either side writes none
    (`\\max \\ell(w, b)`: over the problem's parameters)."""
    if not a.variables or not b.variables:
        return None
    left, right = (frozenset(_name(v) for v in side.variables) for side in (a, b))
    if left == right:
        return None
    return Message("equivalence.optimum_variables_differ", {
        "left": ", ".join(_name(v) for v in a.variables), "right": ", ".join(_name(v) for v in b.variables)})


def _name(variable: Any) -> str:
    return getattr(variable, "name", str(variable))


def _names(variable: Any) -> set[str]:
    """The names a variable is written with (an entry `w_j`: w and j)."""
    if isinstance(variable, sympy.Basic):
        return {_name(s) for s in variable.free_symbols} | {_name(variable)}
    return {_name(variable)}


def _free_names(objective: sympy.Basic) -> set[str]:
    return {_name(s) for s in objective.free_symbols}


def _trial(checker: Checker, objectives: _Objectives, scenario: Scenario, rng: np.random.Generator, size: int, variants: int) -> _Trial | None:
    """The objectives at `variants` parameter points around one draw of the data; None where fewer have values."""
    base = scenario.sample(rng, size)
    left: list[float] = []
    right: list[float] = []
    points: list[dict[str, Any]] = []
    # the problem's parameters, or where it names none (l2-shrinkage's w) the variables written under the operator
    varied = checker.parameters or tuple(getattr(v, "name", str(v)) for v in objectives.left.variables)
    for _ in range(variants):
        fresh = _fresh_parameters(scenario, rng, size, base, varied)
        if not fresh:  # nothing varied: the objectives at one point order nothing
            continue
        point = dict(base)
        point.update(fresh)
        values = _objective_values(checker.evaluator(point), objectives)
        if values is None:
            continue
        left.append(values[0])
        right.append(objectives.sign * values[1])
        points.append(point)
    if len(left) < _MIN_VALUES_PER_TRIAL:
        return None
    return _Trial(np.array(left), np.array(right), points)


def _objective_values(evaluator: Evaluator, objectives: _Objectives) -> tuple[float, float] | None:
    """Both objectives' real values at the evaluator's point; None where either has none."""
    try:
        f = evaluator.scalar(objectives.left.objective)
        g = evaluator.scalar(objectives.right.objective)
    except EvaluationError:
        return None
    if not (np.isfinite(f) and np.isfinite(g)) or abs(f.imag) > 1e-9 * max(1, abs(f)) or abs(g.imag) > 1e-9 * max(1, abs(g)):
        return None
    return f.real, g.real


def _fresh_parameters(scenario: Scenario, rng: np.random.Generator, size: int, base: Mapping[str, Any], parameters: Sequence[str], tries: int = 20) -> dict | None:
    """New values of the parameters, of the same shapes as the data held fixed (a scenario may
    draw its sizes, such as K, at random within a size level)."""
    for _ in range(tries):
        fresh = scenario.sample(rng, size)
        if all(np.shape(fresh[name]) == np.shape(base[name]) for name in parameters if name in fresh and name in base):
            return {name: fresh[name] for name in parameters if name in fresh}
    return None


def _first_pair_ordered_differently(f: np.ndarray, g: np.ndarray) -> tuple[int, int] | None:
    """The first two points (j < k) that the two objectives order differently; None if every pair agrees."""
    for j in range(len(f)):
        for k in range(j + 1, len(f)):
            if _orders_differ(f[j], f[k], g[j], g[k]):
                return j, k
    return None


def _orders_differ(f_j: float, f_k: float, g_j: float, g_k: float) -> bool:
    """Whether one objective puts two points in another order than the other.  A tie is relative
    (1e-9 of the values): sampled values carry rounding, and a tie in one against a clear step in
    the other is a different order too."""
    df, dg = f_j - f_k, g_j - g_k
    tol_f = 1e-9 * max(abs(f_j), abs(f_k))
    tol_g = 1e-9 * max(abs(g_j), abs(g_k))
    if abs(df) <= tol_f and abs(dg) <= tol_g:
        return False
    return bool(np.sign(df) != np.sign(dg) or (abs(df) <= tol_f) != (abs(dg) <= tol_g))


def _ordered_differently(checker: Checker, objectives: _Objectives, trial: _Trial, j: int, k: int) -> Verdict:
    """The verdict for two points the objectives order differently, shown as its counterexample."""
    example = _ordering_counterexample(
        checker, trial.points[j], trial.points[k], (objectives.left, objectives.right), trial.left, trial.right * objectives.sign, j, k
    )
    message = Message("equivalence.minimizers_differ", {"kind": objectives.kind, "left": example.left, "right": example.right})
    return Verdict(False, message, example)


def _ordering_counterexample(checker: Checker, p: dict, q: dict, exprs: Sequence[Any], f: np.ndarray, g: np.ndarray, j: int, k: int) -> Counterexample:
    """The two parameter points (1) and (2), and the data both objectives see there."""
    shown = {}
    for name in checker.parameters:
        if name in p and not same_value(p[name], q[name]):  # a dummy parameter (theta) says nothing
            shown[f"{name} (1)"] = format_value(plain(p[name]))
            shown[f"{name} (2)"] = format_value(plain(q[name]))
    data = checker._counterexample(p, exprs, 0, 0).point
    shown.update({name: value for name, value in data.items() if name not in checker.parameters})
    return Counterexample(
        point=shown,
        left=f"{format_value(f[j])} at (1), {format_value(f[k])} at (2)",
        right=f"{format_value(g[j])} at (1), {format_value(g[k])} at (2)",
    )


def _affine_relation(f: np.ndarray, g: np.ndarray, sign: float, kind: Message, variables: str) -> Message | None:
    """How the objectives relate where they order every point alike: g = factor f + shift, or only monotone."""
    design = np.stack([f, np.ones_like(f)], axis=1)
    (factor, shift), *_ = np.linalg.lstsq(design, g, rcond=None)
    residual = np.max(np.abs(design @ np.array([factor, shift]) - g))
    scale = max(1.0, float(np.max(np.abs(g))))
    if residual > 1e-7 * scale or factor <= 0:
        return Message("equivalence.monotone" if sign > 0 else "equivalence.reversed", {"kind": kind})
    factor_text = format_value(float(factor))
    constant = abs(shift) > 1e-7 * scale
    if abs(factor - 1) <= 1e-7 and not constant:
        return Message("equivalence.argopt_equal") if sign > 0 else Message("equivalence.reversed", {"kind": kind})
    if abs(factor - 1) <= 1e-7:
        return Message("equivalence.constant_shift", {"kind": kind, "variables": variables})
    if constant:
        return Message("equivalence.positive_affine", {"kind": kind, "factor": factor_text, "variables": variables})
    return Message("equivalence.positive_factor", {"kind": kind, "factor": factor_text})


# -- a claimed minimizer ----------------------------------------------------------------


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


def _claimed_values(argopt: ArgOpt, value: Any) -> tuple[Any, ...] | None:
    """The value claimed for each variable of the arg-opt (a tuple for several); None where they do not match."""
    if len(argopt.variables) == 1:
        return (value,)
    values = value.args if isinstance(value, sympy.Tuple) else None
    if values is None or len(values) != len(argopt.variables):
        return None
    return tuple(values)


def _minimizes_in(checker: Checker, argopt: ArgOpt, value: Any, scenario: Scenario) -> Verdict:
    values = _claimed_values(argopt, value)
    if values is None:
        return Verdict(None, Message("equivalence.mixed_argopt"))
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
        nearby = _lower_nearby(evaluator, argopt.objective, names, claimed, sign, at_claim, rng)
        if nearby is not None:
            key = "inequality.not_a_minimizer" if argopt.kind == "min" else "inequality.not_a_maximizer"
            shown = {**dict(point.items()), **_assigned(names, claimed)}
            counterexample = checker._counterexample(shown, (argopt.objective, value), sign * at_claim, sign * nearby)
            return Verdict(False, Message(key, {"left": format_value(sign * at_claim), "right": format_value(sign * nearby)}), counterexample)
    if usable < 2:
        return Verdict(None, could_not_evaluate("no usable point"))
    return Verdict(True)


def _lower_nearby(evaluator: Evaluator, objective: Any, names: Sequence[str], claimed: Sequence[np.ndarray], sign: float, at_claim: float, rng: np.random.Generator) -> float | None:
    """The first signed objective value below the claim's, at the claim moved by random steps of each
    scale in turn (small steps first); None where no step lowers it."""
    for scale in PERTURBATION_SCALES:
        for _ in range(PERTURBATIONS_PER_SCALE):
            moved = [c + scale * rng.normal(size=np.shape(c)) for c in claimed]
            try:
                with evaluator.with_values(_assigned(names, moved)):
                    nearby = sign * evaluator.scalar(objective).real
            except EvaluationError:
                continue
            if nearby < at_claim - 1e-9 * max(1.0, abs(at_claim)):
                return nearby
    return None


def _value(evaluator: Evaluator, expr: Any) -> Any:
    """A value, with an indexed name (`\\tilde w` for a vector w) as its whole array."""
    if isinstance(expr, sympy.Symbol) and isinstance(evaluator.values.get(expr.name), np.ndarray):
        return evaluator.values[expr.name]
    return evaluator.value(expr)


def _assigned(names: Sequence[str], values: Sequence[np.ndarray]) -> Mapping[str, Any]:
    return {name: (complex(v) if np.ndim(v) == 0 else v.astype(float)) for name, v in zip(names, values)}
