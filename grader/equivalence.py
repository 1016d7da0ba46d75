"""Deciding whether two expressions are equal under a problem's assumptions.

The comparison is a short ladder of named functions, each tried in turn:

1. `same_structure`  the two SymPy trees are identical (after the parser's canonical form),
   or `same_rational`: small rational functions whose difference cancels to zero (a proof);
2. `same_values`     they agree at sample points that satisfy the problem's assumptions
                     (sums and products instantiated at several sizes, matrices at several
                     dimensions); on failure the first disagreeing point is the counterexample;
3. `same_minimizers` for arg-min / arg-max terms: the two objectives order parameter points
                     the same way (data held fixed), reporting a positive affine relation.

A problem describes its assumptions as *scenarios*: functions that draw one consistent
point (the first scenario is "generic": every quantity free; later ones may put an unknown
at its solution, such as the minimizer of a regularized loss).  A relation holds if it holds
at every point of at least one scenario.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy

from .bounds import check_cancellation
from .evaluate import Deadline, EvaluationError, Evaluator, FunctionDefinition, SpecialFunction, Timeout
from .i18n import define
from .mathparse.nodes import ArgOpt, DiagonalMatrix
from .models import Counterexample, Message

#: Relative tolerance of numeric agreement.  Numeric derivatives are accurate to about 1e-10
#: relative; 1e-6 leaves a wide margin while any real algebra mistake changes values by far more.
RELATIVE_TOLERANCE = 1e-6
#: Values smaller than this are compared absolutely (so that 0 = 1e-17 holds).
ABSOLUTE_FLOOR = 1e-9


@dataclass(frozen=True)
class Scenario:
    """One way of drawing points that satisfy the problem's assumptions."""

    name: str
    """Short name shown nowhere to students (``"generic"``, ``"optimum"``)."""

    sample: Callable[[np.random.Generator, int], dict[str, Any]]
    """Draws one point for a size level (2, 3, 4...): names to numbers or arrays."""


@dataclass(frozen=True)
class Verdict:
    """The outcome of one comparison."""

    holds: bool | None
    """True, False, or None when it could not be decided."""

    reason: Message | None = None
    """Why it fails or could not be decided, or a remark on why it holds."""

    counterexample: Counterexample | None = None
    """A point where the two sides differ."""


define(
    {
        "equivalence.could_not_evaluate": (
            "This could not be checked: {error}.",
            "无法检查：{error}。",
        ),
        "equivalence.differs": (
            "The two sides are not equal: at the point shown, the left side is {left} and the right side is {right}.",
            "两边不相等：在所示取值下，左边为 {left}，右边为 {right}。",
        ),
        "equivalence.shapes_differ": (
            "The two sides have different shapes ({left} and {right}).",
            "两边的形状不同（{left} 与 {right}）。",
        ),
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
        "equivalence.up_to_constant": (
            "Equal up to {name}, a term constant in {variables}.",
            "在相差一个与 {variables} 无关的常数 {name} 的意义下相等。",
        ),
        "equivalence.differs_beyond_constant": (
            "The two sides differ by more than a constant {name}: their difference changes with {variables}.",
            "两边之差不只是常数 {name}：它随 {variables} 变化。",
        ),
        "equivalence.kind_minimizers": ("minimizers", "最小值点"),
        "equivalence.kind_maximizers": ("maximizers", "最大值点"),
        "equivalence.mixed_argopt": (
            "An arg min/arg max cannot be equal to an ordinary expression.",
            "arg min/arg max 不能等于一个普通表达式。",
        ),
    }
)


#: The evaluator's reasons, as sentences in both languages (patterns over its English text).
_EVALUATION_REASONS = (
    (r"no value for (?P<name>\S+)", "{name} has no value here (a name this problem does not know, or a random variable outside E[...] or Var(...))",
     "{name} 在此没有取值（本题中没有这个名字，或者是写在 E[...]、Var(...) 之外的随机变量）"),
    (r"logarithm of zero", "a logarithm of 0", "对 0 取对数"),
    (r"no definition of the function (?P<name>\S+)", "the function {name} is not defined", "函数 {name} 没有定义"),
    (r"no definition of (?P<name>\S+)", "{name} is not defined", "{name} 没有定义"),
    (r"cannot take the gradient with respect to (?P<name>\S+)", "cannot take the gradient with respect to {name}", "无法对 {name} 求梯度"),
    (r"cannot differentiate with respect to (?P<name>\S+)", "cannot differentiate with respect to {name}", "无法对 {name} 求导"),
    (r"the value is not finite", "the value is not finite", "值不是有限数"),
    (r"too large to expand", "too large to expand", "表达式太大，无法展开"),
    (r"no usable point", "no point where both sides have a value", "没有两边都有值的取值点"),
    (r"the objectives have no value at the sample points", "the objectives have no value at the sample points", "目标函数在取样点处没有值"),
    (r"(?P<name>\S+) is defined in terms of itself", "{name} is defined in terms of itself", "{name} 的定义引用了它自己"),
    (r"index (?P<index>\S+) of (?P<name>\S+) is outside (?P<range>\S+)", "index {index} of {name} is outside {range}", "{name} 的下标 {index} 超出范围 {range}"),
    (r"division by zero", "a division by zero", "除以零"),
    (r"singular matrix", "a matrix that cannot be inverted", "一个不可逆的矩阵"),
    (r"expected a number, got a matrix", "a matrix stands where a number is needed", "此处需要一个数，却是一个矩阵"),
    (r"a value could not be computed here", "a value could not be computed here (the parts of the expression do not fit together)",
     "此处无法计算出数值（表达式的各部分不相容）"),
)
_REASON_PATTERNS = [(re.compile(pattern + "$"), f"evaluation.{n}") for n, (pattern, _, _) in enumerate(_EVALUATION_REASONS)]
define({f"evaluation.{n}": (en, zh) for n, (_, en, zh) in enumerate(_EVALUATION_REASONS)})


def evaluation_reason(text: str) -> Message | str:
    """The evaluator's reason as a Message in both languages where it is a known one."""
    for pattern, key in _REASON_PATTERNS:
        match = pattern.match(text.strip())
        if match:
            return Message(key, match.groupdict())
    if _PYTHON_FAULT.match(text.strip()):  # a Python exception's text names our internals: never shown
        return evaluation_reason("a value could not be computed here")
    return text


_PYTHON_FAULT = re.compile(r"^[A-Z][A-Za-z]*(Error|Exception|Warning)\b")


def could_not_evaluate(text: str) -> Message:
    return Message("equivalence.could_not_evaluate", {"error": evaluation_reason(text)})


def same_structure(a: Any, b: Any) -> bool:
    """Rung 1: identical trees."""
    try:
        return bool(a == b)
    except MemoryError:  # the answers child's address-space limit: charged there, not here
        raise
    except Exception:
        return False


#: Expressions up to this many operations are small enough to confirm symbolically.
SYMBOLIC_MAX_OPS = 30


def same_rational(a: Any, b: Any) -> bool:
    """Rung 1b: both are small rational functions of plain symbols and their difference cancels to 0.

    This proves equality outright where it is cheap (``lambda/(lambda + alpha)`` against
    ``1 - alpha/(lambda + alpha)``); anything else is left to the numeric rung.
    """
    if not (isinstance(a, sympy.Expr) and isinstance(b, sympy.Expr)):
        return False
    if isinstance(a, sympy.MatrixExpr) or isinstance(b, sympy.MatrixExpr):
        return False  # SymPy's matrix algebra may sum symbolically for seconds: left to the numbers
    try:
        difference = a - b
        if sympy.count_ops(difference) > SYMBOLIC_MAX_OPS:
            return False
        if difference.has(sympy.Sum, sympy.Product, sympy.Derivative, sympy.core.function.AppliedUndef):
            return False
        variables = difference.atoms(sympy.Indexed) | difference.atoms(sympy.Symbol)
        if not difference.is_rational_function(*variables):
            return False
        check_cancellation(difference)  # TooLarge (caught below): left to the numeric rung
        return sympy.cancel(difference) == 0
    except MemoryError:  # the answers child's address-space limit: charged there, not here
        raise
    except Exception:
        return False


def format_value(value: Any) -> str:
    """A value as a short text for counterexamples."""
    if isinstance(value, np.ndarray):
        array = value
        if np.iscomplexobj(array) and np.allclose(array.imag, 0):
            array = array.real
        if array.ndim == 2 and array.shape[1] == 1:
            array = array[:, 0]
        text = np.array2string(np.asarray(array), precision=4, separator=", ", suppress_small=True, max_line_width=10_000)
        return " ".join(text.split())  # one line: a matrix's rows would break a report's layout
    if isinstance(value, complex):
        if abs(value.imag) <= 1e-12 * max(1.0, abs(value.real)):
            return f"{value.real:.6g}"
        return f"{value.real:.4g}{value.imag:+.4g}i"
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def close(a: Any, b: Any) -> bool:
    """Numeric agreement within `RELATIVE_TOLERANCE`."""
    a_arr, b_arr = isinstance(a, np.ndarray), isinstance(b, np.ndarray)
    if a_arr and a.size == 1:
        a, a_arr = complex(a.reshape(-1)[0]), False
    if b_arr and b.size == 1:
        b, b_arr = complex(b.reshape(-1)[0]), False
    if a_arr != b_arr:
        # `H w - b = 0` with a vector on the left: 0 stands for the zero vector.
        scalar = b if a_arr else a
        if complex(scalar) != 0:
            return False
        a, b, a_arr, b_arr = (a, np.zeros_like(a), True, True) if a_arr else (np.zeros_like(b), b, True, True)
    if a_arr or b_arr:
        if a.shape != b.shape:
            return False
        if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
            return False
        scale = max(float(np.max(np.abs(a), initial=0.0)), float(np.max(np.abs(b), initial=0.0)), ABSOLUTE_FLOOR / RELATIVE_TOLERANCE)
        return float(np.max(np.abs(a - b), initial=0.0)) <= RELATIVE_TOLERANCE * scale
    a, b = complex(a), complex(b)
    if not (np.isfinite(a) and np.isfinite(b)):
        return False
    scale = max(abs(a), abs(b), ABSOLUTE_FLOOR / RELATIVE_TOLERANCE)
    return abs(a - b) <= RELATIVE_TOLERANCE * scale


def names_in(*exprs: Any) -> set[str]:
    """The names of symbols, indexed bases and matrices an expression mentions."""
    found: set[str] = set()
    for expr in exprs:
        if isinstance(expr, ArgOpt):
            found |= names_in(expr.objective, *expr.variables)
            continue
        if not isinstance(expr, sympy.Basic):
            continue
        for node in sympy.preorder_traversal(expr):
            if isinstance(node, sympy.Indexed):
                label = getattr(node.base.label, "name", None)  # a base may be a number (`0_{ij}`)
                if label is not None:
                    found.add(label)
            elif isinstance(node, (sympy.Symbol, sympy.MatrixSymbol)):
                found.add(node.name)
            elif isinstance(node, sympy.core.function.AppliedUndef):
                found.add(node.func.__name__)
    return found


def _bound_indices(*exprs: Any) -> set[str]:
    """The variables that sums and products of the expressions bind."""
    found: set[str] = set()
    for expr in exprs:
        if isinstance(expr, ArgOpt):
            found |= _bound_indices(expr.objective)
        elif isinstance(expr, sympy.Basic):
            for node in expr.atoms(sympy.Sum, sympy.Product):
                found |= {str(limit[0]) for limit in node.limits}
            for node in expr.atoms(DiagonalMatrix):  # diag(lambda_i): i runs over 1..d
                found |= {str(i) for e in node.args[0].atoms(sympy.Indexed) for i in e.indices}
    return found


class Checker:
    """Compares expressions for one problem: its definitions, scenarios and special functions.

    Points are drawn once per scenario from the problem's seed, so every comparison of a
    submission sees the same points and the grade is reproducible.
    """

    # set on the clones only (`with_conditions`, `piecewise.conditioned`), read through __dict__
    _unconditioned: Checker
    _conditions: tuple[tuple[Any, Any], ...]
    _equalities: tuple[tuple[Any, Any], ...]
    _inequalities: tuple[Any, ...]
    _one_hot: tuple[str, str]

    def __init__(
        self,
        scenarios: Sequence[Scenario],
        definitions: Mapping[str, FunctionDefinition] | None = None,
        special: Mapping[str, SpecialFunction] | None = None,
        parameters: Sequence[str] = (),
        seed: int = 0,
        deadline: Deadline | None = None,
        sizes: Sequence[int] = (2, 3, 4),
        points_per_size: int = 2,
    ):
        self.scenarios = tuple(scenarios)
        self.definitions = dict(definitions or {})
        self.special = dict(special or {})
        self.parameters = tuple(parameters)
        self.seed = seed
        self.deadline = deadline or Deadline.never()
        self.sizes = tuple(sizes)
        self.points_per_size = points_per_size
        self._points: dict[str, list[dict[str, Any]]] = {}

    def with_definitions(self, extra: Mapping[str, FunctionDefinition]) -> Checker:
        """A checker that also knows the student's own definitions (same points)."""
        clone = Checker.__new__(type(self))  # a subclass (a problem's own checker) stays itself
        clone.__dict__.update(self.__dict__)
        clone.definitions = {**self.definitions, **extra}
        return clone

    def with_scenarios(self, scenarios: Sequence[Scenario]) -> Checker:
        """A checker that draws its points from these scenarios alone (a line that holds only there)."""
        clone = Checker.__new__(type(self))  # a subclass (a problem's own checker) stays itself
        clone.__dict__.update(self.__dict__)
        clone.scenarios = tuple(scenarios)
        return clone

    # -- points ---------------------------------------------------------------------

    def with_conditions(self, conditions: Sequence[tuple[Any, Any]], equalities: Sequence[tuple[Any, Any]] = ()) -> Checker:
        """A checker whose points satisfy a line's conditions (`(k, i)`: k != i), as in
        `\\frac{\\partial y_k}{\\partial z_i} = -y_k y_i \\quad (k \\neq i)`, and its index
        equalities (`(k, i)`: k = i, as in `\\quad (k = i)`): there k takes the value of i."""
        if not conditions and not equalities:
            return self
        clone = Checker.__new__(type(self))  # a subclass (a problem's own checker) stays itself
        clone.__dict__.update(self.__dict__)
        clone._unconditioned, clone._conditions, clone._points = self, tuple(conditions), {}
        clone._equalities = tuple(equalities)
        return clone

    def with_one_hot(self, family: str, index: str) -> Checker:
        """A checker whose points have the labels `family` one-hot at the value of `index`
        (`Y_j = 1`, every other entry 0), as an author assumes in prose before a display
        ("$Y_j = 1$ and the others 0"). Only a family drawn as one vector, indexed by an index
        the points give a value, is moved: for any other family the checker is returned as it is."""
        for scenario in self.scenarios:
            first = self.points(scenario)[:1]
            if not first or not isinstance(first[0].get(family), np.ndarray) or first[0][family].ndim != 1:
                return self
            if not isinstance(first[0].get(index), (int, np.integer)):
                return self
        clone = Checker.__new__(type(self))  # a subclass (a problem's own checker) stays itself
        clone.__dict__.update(self.__dict__)
        clone._unconditioned, clone._conditions, clone._equalities, clone._points = self, (), (), {}
        clone._one_hot = (family, index)
        return clone

    def points(self, scenario: Scenario) -> list[dict[str, Any]]:
        unconditioned = self.__dict__.get("_unconditioned")
        if unconditioned is not None:
            if scenario.name not in self._points:
                equal = [self._with_equalities(p) for p in unconditioned.points(scenario)]
                self._points[scenario.name] = [p for p in equal if p is not None and self._meets_conditions(p)]
            return self._points[scenario.name]
        if scenario.name not in self._points:
            rng = np.random.default_rng([self.seed, len(self._points)])
            drawn = []
            for size in self.sizes:
                for _ in range(self.points_per_size):
                    drawn.append(scenario.sample(rng, size))
            self._points[scenario.name] = drawn
        return self._points[scenario.name]

    def _with_equalities(self, point: Mapping[str, Any]) -> dict[str, Any] | None:
        """The point with each equality's left index set to its right one (None: it cannot be met)."""
        moved = dict(point)
        for left, right in self.__dict__.get("_equalities", ()):
            try:
                value = self.evaluator(moved).value(right)
            except EvaluationError:
                return None
            name = getattr(left, "name", None)
            if name in moved and not isinstance(moved[name], np.ndarray):
                moved[name] = int(round(value.real)) if isinstance(value, complex) else value
            else:
                try:
                    if not close(self.evaluator(moved).value(left), value):
                        return None
                except EvaluationError:
                    return None
        one_hot = self.__dict__.get("_one_hot")
        if one_hot is not None:
            family, index = one_hot
            labels, at = moved.get(family), moved.get(index)
            if not isinstance(labels, np.ndarray) or labels.ndim != 1 or not isinstance(at, (int, np.integer)):
                return None
            if not 1 <= at <= len(labels):
                return None
            moved[family] = np.eye(len(labels))[int(at) - 1]
        return moved

    def _meets_conditions(self, point: Mapping[str, Any]) -> bool:
        evaluator = self.evaluator(point)
        try:
            if self.__dict__.get("_inequalities"):  # `..., \quad w_i^* > \frac{\alpha}{H_{i,i}}` (grader.piecewise)
                from .piecewise import holds

                if not all(holds(evaluator, c) for c in self._inequalities):
                    return False
            return all(not close(evaluator.value(left), evaluator.value(right)) for left, right in self._conditions)
        except EvaluationError:
            return False

    def evaluator(self, point: Mapping[str, Any]) -> Evaluator:
        return Evaluator(point, self.definitions, self.special, self.deadline)

    # -- rung 2: values -------------------------------------------------------------

    def same_values(self, a: Any, b: Any, scenarios: Iterable[Scenario] | None = None) -> Verdict:
        """Equal at every point of some scenario; else the first counterexample of the first scenario."""
        if isinstance(a, ArgOpt) or isinstance(b, ArgOpt):
            if isinstance(a, ArgOpt) and isinstance(b, ArgOpt):
                return self.same_minimizers(a, b)
            from .inequalities import value_minimizes  # `\\arg\\min_x f(x) = e`: e minimizes f

            if isinstance(a, ArgOpt):
                return value_minimizes(self, a, b)
            return value_minimizes(self, b, a)
        constants = self.unnamed_constants(a, b)
        if constants:
            return self.same_up_to_constant(a, b, constants)
        if same_structure(a, b) or same_rational(a, b):
            return Verdict(True)
        first_failure: Verdict | None = None
        for scenario in scenarios if scenarios is not None else self.scenarios:
            verdict = self._compare_in(a, b, scenario)
            if verdict.holds:
                return verdict
            if first_failure is None or (first_failure.holds is None and verdict.holds is False):
                first_failure = verdict
        return first_failure or Verdict(None)

    def _compare_in(self, a: Any, b: Any, scenario: Scenario) -> Verdict:
        usable = 0
        last_error = ""
        for point in self.points(scenario):
            evaluator = self.evaluator(point)
            try:
                left = evaluator.value(a)
                right = evaluator.value(b)
            except EvaluationError as exc:
                last_error = str(exc)
                infinite = _one_side_infinite(evaluator, a, b)
                if infinite is not None:  # `\log Y_{ik}` at a one-hot zero: -inf against a number
                    left, right = infinite
                    return Verdict(False, _differs(left, right), self._counterexample(point, (a, b), left, right))
                continue
            if not _finite(left) or not _finite(right):
                last_error = "the value is not finite"
                continue
            usable += 1
            if not close(left, right):
                return Verdict(False, _differs(left, right), self._counterexample(point, (a, b), left, right))
        if usable < 2:
            return Verdict(None, could_not_evaluate(last_error or "no usable point"))
        return Verdict(True)

    def _counterexample(self, point: Mapping[str, Any], exprs: Sequence[Any], left: Any, right: Any) -> Counterexample:
        mentioned = names_in(*exprs)
        bound = _bound_indices(*exprs)
        for name in list(mentioned):
            definition = self.definitions.get(name)
            if definition is not None:
                mentioned |= names_in(definition.body)
                bound |= _bound_indices(definition.body) | {str(p) for p in definition.params}
        # a summation index has no value of its own at the point; a name such as "Var(w)" does
        bound -= names_in(*exprs) - _bound_indices(*exprs)
        shown = {
            name: format_value(_plain(value))
            for name, value in point.items()
            if not name.startswith("_") and name not in bound and (name in mentioned or name.split("(", 1)[0] in mentioned)
        }
        return Counterexample(point=shown, left=format_value(left), right=format_value(right))

    # -- rung 2b: equal up to a constant --------------------------------------------

    def unnamed_constants(self, *exprs: Any) -> set[str]:
        """Names such as C or `\\text{const}` that stand for "some term constant in the
        parameters", where the problem has parameters and nothing defines those names."""
        if not self.parameters:
            return set()
        names = (names_in(*exprs) & CONSTANT_NAMES) - _bound_indices(*exprs)  # `\\sum_{c=1}^{L}`: c is an index
        return {n for n in names if n not in self.definitions and not any(n in p for p in self._sample_names())}

    def _sample_names(self) -> list[set[str]]:
        if "_names" not in self.__dict__:
            self._names = [set(self.points(s)[0]) for s in self.scenarios[:1]]
        return self._names

    def same_up_to_constant(self, a: Any, b: Any, constants: set[str]) -> Verdict:
        """`f = g + C`: f - g does not change when only the parameters do."""
        zero = {sympy.Symbol(name): 0 for name in constants}
        left, right = _without(a, zero), _without(b, zero)
        variables = tuple(sympy.Symbol(p) for p in self.parameters)
        verdict = self.same_minimizers(ArgOpt("min", variables, left), ArgOpt("min", variables, right))
        if verdict.holds and verdict.reason is not None and verdict.reason.key in ("equivalence.constant_shift", "equivalence.argopt_equal"):
            names = ", ".join(sorted(constants))
            return Verdict(True, Message("equivalence.up_to_constant", {"name": names, "variables": ", ".join(self.parameters)}))
        if verdict.holds is None:
            return verdict
        return Verdict(False, Message("equivalence.differs_beyond_constant", {"name": ", ".join(sorted(constants)), "variables": ", ".join(self.parameters)}))

    # -- rung 3: minimizers ---------------------------------------------------------

    def same_minimizers(self, a: ArgOpt, b: ArgOpt, trials: int = 3, variants: int = 8) -> Verdict:
        """Both arg-opt terms pick the same parameter points (data fixed, parameters varied)."""
        constants = self.unnamed_constants(a, b)
        if constants:  # an additive constant moves no minimizer
            zero = {sympy.Symbol(name): 0 for name in constants}
            a = ArgOpt(a.kind, a.variables, _without(a.objective, zero))
            b = ArgOpt(b.kind, b.variables, _without(b.objective, zero))
        scenario = self.scenarios[0]
        rng = np.random.default_rng([self.seed, 7919])
        kind_key = "equivalence.kind_minimizers" if a.kind == "min" else "equivalence.kind_maximizers"
        kind = Message(kind_key)
        variables = ", ".join(str(v) for v in a.variables) or "the parameters"
        sign = 1.0 if a.kind == b.kind else -1.0
        relation: Message | None = None
        usable = 0
        for trial in range(trials):
            size = self.sizes[trial % len(self.sizes)]
            base = scenario.sample(rng, size)
            f_values, g_values, points = [], [], []
            for _ in range(variants):
                fresh = _fresh_parameters(scenario, rng, size, base, self.parameters)
                if fresh is None:
                    continue
                point = dict(base)
                point.update(fresh)
                evaluator = self.evaluator(point)
                try:
                    f = evaluator.scalar(a.objective)
                    g = evaluator.scalar(b.objective)
                except EvaluationError:
                    continue
                if not (np.isfinite(f) and np.isfinite(g)) or abs(f.imag) > 1e-9 * max(1, abs(f)) or abs(g.imag) > 1e-9 * max(1, abs(g)):
                    continue
                f_values.append(f.real)
                g_values.append(sign * g.real)
                points.append(point)
            if len(f_values) < 3:
                continue
            usable += 1
            f_arr, g_arr = np.array(f_values), np.array(g_values)
            for j in range(len(f_arr)):
                for k in range(j + 1, len(f_arr)):
                    df, dg = f_arr[j] - f_arr[k], g_arr[j] - g_arr[k]
                    tol_f = 1e-9 * max(abs(f_arr[j]), abs(f_arr[k]))
                    tol_g = 1e-9 * max(abs(g_arr[j]), abs(g_arr[k]))
                    if abs(df) <= tol_f and abs(dg) <= tol_g:
                        continue
                    if np.sign(df) != np.sign(dg) or (abs(df) <= tol_f) != (abs(dg) <= tol_g):
                        example = self._ordering_counterexample(points[j], points[k], (a, b), f_arr, g_arr * sign, j, k)
                        return Verdict(
                            False,
                            Message("equivalence.minimizers_differ", {"kind": kind, "left": example.left, "right": example.right}),
                            example,
                        )
            if relation is None:
                relation = _affine_relation(f_arr, g_arr, sign, kind, variables)
        if usable == 0:
            return Verdict(None, could_not_evaluate("the objectives have no value at the sample points"))
        return Verdict(True, relation)

    def _ordering_counterexample(self, p: dict, q: dict, exprs: Sequence[Any], f: np.ndarray, g: np.ndarray, j: int, k: int) -> Counterexample:
        """The two parameter points (1) and (2), and the data both objectives see there."""
        shown = {}
        for name in self.parameters:
            if name in p and not _same_value(p[name], q[name]):  # a dummy parameter (theta) says nothing
                shown[f"{name} (1)"] = format_value(_plain(p[name]))
                shown[f"{name} (2)"] = format_value(_plain(q[name]))
        data = self._counterexample(p, exprs, 0, 0).point
        shown.update({name: value for name, value in data.items() if name not in self.parameters})
        return Counterexample(
            point=shown,
            left=f"{format_value(f[j])} at (1), {format_value(f[k])} at (2)",
            right=f"{format_value(g[j])} at (1), {format_value(g[k])} at (2)",
        )


#: Names students use for "a term that does not depend on the parameters" (`+ C`, `+ \\text{const}`).
CONSTANT_NAMES = frozenset({"C", "c", "const", "constant", "Const", "C_0", "c_0", "C'", "text_const", "cst"})


def _without(expr: Any, zero: Mapping[Any, Any]) -> Any:
    """The expression with the unnamed constants set to 0 (our own parsed SymPy tree)."""
    return expr.xreplace(zero) if isinstance(expr, sympy.Basic) else expr


def _fresh_parameters(scenario: Scenario, rng: np.random.Generator, size: int, base: Mapping[str, Any], parameters: Sequence[str], tries: int = 20) -> dict | None:
    """New values of the parameters, of the same shapes as the data held fixed (a scenario may
    draw its sizes, such as K, at random within a size level)."""
    for _ in range(tries):
        fresh = scenario.sample(rng, size)
        if all(np.shape(fresh[name]) == np.shape(base[name]) for name in parameters if name in fresh and name in base):
            return {name: fresh[name] for name in parameters if name in fresh}
    return None


def _affine_relation(f: np.ndarray, g: np.ndarray, sign: float, kind: Message, variables: str) -> Message | None:
    design = np.stack([f, np.ones_like(f)], axis=1)
    (factor, shift), *_ = np.linalg.lstsq(design, g, rcond=None)
    residual = np.max(np.abs(design @ np.array([factor, shift]) - g))
    scale = max(1.0, float(np.max(np.abs(g))))
    if residual > 1e-7 * scale or factor <= 0:
        return Message("equivalence.monotone" if sign > 0 else "equivalence.reversed", {"kind": kind})
    factor_text = format_value(float(factor))
    if sign < 0:
        factor_text = format_value(float(factor))
    constant = abs(shift) > 1e-7 * scale
    if abs(factor - 1) <= 1e-7 and not constant:
        return Message("equivalence.argopt_equal") if sign > 0 else Message("equivalence.reversed", {"kind": kind})
    if abs(factor - 1) <= 1e-7:
        return Message("equivalence.constant_shift", {"kind": kind, "variables": variables})
    if constant:
        return Message("equivalence.positive_affine", {"kind": kind, "factor": factor_text, "variables": variables})
    return Message("equivalence.positive_factor", {"kind": kind, "factor": factor_text})


def _same_value(a: Any, b: Any) -> bool:
    try:
        return bool(np.array_equal(np.asarray(a), np.asarray(b)))
    except (TypeError, ValueError):
        return False


def _one_side_infinite(evaluator: Evaluator, a: Any, b: Any) -> tuple[Any, Any] | None:
    """(left, right) where exactly one side takes the logarithm of 0 and the other is a finite
    number; None otherwise."""
    values = []
    for side in (a, b):
        try:
            value = evaluator.value(side)
        except EvaluationError as exc:
            if str(exc) != "logarithm of zero":
                return None
            value = None
        values.append(value)
    if (values[0] is None) == (values[1] is None):
        return None
    finite = next(v for v in values if v is not None)
    if isinstance(finite, np.ndarray) or not np.isfinite(complex(finite)):
        return None
    shown = ["infinite (a logarithm of 0)" if v is None else v for v in values]
    return shown[0], shown[1]


def _differs(left: Any, right: Any) -> Message:
    if isinstance(left, np.ndarray) and isinstance(right, np.ndarray) and left.shape != right.shape:
        return Message("equivalence.shapes_differ", {"left": str(left.shape), "right": str(right.shape)})
    return Message("equivalence.differs", {"left": format_value(left), "right": format_value(right)})


def _finite(value: Any) -> bool:
    if isinstance(value, np.ndarray):
        return bool(np.all(np.isfinite(value)))
    return bool(np.isfinite(complex(value)))


def _plain(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return np.asarray(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    return value


__all__ = [
    "ArgOpt",
    "Checker",
    "Deadline",
    "Scenario",
    "Timeout",
    "Verdict",
    "close",
    "format_value",
    "names_in",
    "same_structure",
]
