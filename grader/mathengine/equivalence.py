"""Deciding whether two expressions are equal under a problem's assumptions.

The comparison is a short ladder of named functions, each tried in turn:

1. `same_structure`  the two SymPy trees are identical (after the parser's canonical form),
   or `same_rational`: small rational functions whose difference cancels to zero (a proof);
2. `same_values`     they agree at sample points that satisfy the problem's assumptions
                     (sums and products instantiated at several sizes, matrices at several
                     dimensions); on failure the first disagreeing point is the counterexample;
3. `same_minimizers` for arg-min / arg-max terms: the two objectives order parameter points
                     the same way (data held fixed), reporting a positive affine relation
                     (`grader.mathengine.minimizers`, which also judges `\\arg\\min_x f(x) = e`).

A problem describes its assumptions as *scenarios*: functions that draw one consistent
point (the first scenario is "generic": every quantity free; later ones may put an unknown
at its solution, such as the minimizer of a regularized loss: those are a problem's key, and a
checker without them knows their names, `unseen`).  A relation holds if it holds at every point
of at least one scenario.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import sympy

from grader.mathengine import minimizers
from grader.mathengine.bounds import check_cancellation
from grader.mathengine.evaluate import Deadline, EvaluationError, Evaluator, FunctionDefinition, SpecialFunction, Timeout
from grader.mathengine.minimizers import value_minimizes
from grader.mathengine.names import CONSTANT_NAMES, bound_indices, names_in, without
from grader.mathengine.piecewise import holds as condition_holds
from grader.mathengine.reasons import could_not_evaluate, evaluation_reason
from grader.mathengine.sampled_values import ABSOLUTE_FLOOR, RELATIVE_TOLERANCE, close, finite, format_value, plain
from grader.mathengine.verdict import Scenario, Verdict
from grader.mathparse.nodes import ArgOpt
from grader.results.formatting import shape_text
from grader.results.i18n import define
from grader.results.models import Counterexample, Message

define(
    {
        "equivalence.differs": (
            "The two sides are not equal: at the point shown, the left side is {left} and the right side is {right}.",
            "两边不相等：在所示取值下，左边为 {left}，右边为 {right}。",
        ),
        "equivalence.shapes_differ": (
            "The two sides have different shapes ({left} and {right}).",
            "两边的形状不同（{left} 与 {right}）。",
        ),
        "equivalence.up_to_constant": (
            "Equal up to {name}, a term constant in {variables}.",
            "在相差一个与 {variables} 无关的常数 {name} 的意义下相等。",
        ),
        "equivalence.differs_beyond_constant": (
            "The two sides differ by more than a constant {name}: their difference changes with {variables}.",
            "两边之差不只是常数 {name}：它随 {variables} 变化。",
        ),
    }
)


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
        unseen: Sequence[str] = (),
    ):
        self.scenarios = tuple(scenarios)
        # the names of the problem's scenarios this checker cannot draw (the key's, in the student kit)
        self.unseen = tuple(unseen)
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
            if self.__dict__.get("_inequalities"):  # `..., \quad w_i^* > \frac{\alpha}{H_{i,i}}` (grader.mathengine.piecewise)
                if not all(condition_holds(evaluator, c) for c in self._inequalities):
                    return False
            return all(not close(evaluator.value(left), evaluator.value(right)) for left, right in self._conditions)
        except EvaluationError:
            return False

    def evaluator(self, point: Mapping[str, Any]) -> Evaluator:
        return Evaluator(point, self.definitions, self.special, self.deadline)

    # -- rung 2: values -------------------------------------------------------------

    def same_values(self, a: Any, b: Any, scenarios: Iterable[Scenario] | None = None, special_points: bool = False) -> Verdict:
        """Equal at every point of some scenario; else the first counterexample of the first scenario.

        `special_points`: every scenario given draws special points (the minimizer), not only those past the first."""
        if isinstance(a, ArgOpt) or isinstance(b, ArgOpt):
            if isinstance(a, ArgOpt) and isinstance(b, ArgOpt):
                return self.same_minimizers(a, b)
            # `\\arg\\min_x f(x) = e`: e minimizes f
            if isinstance(a, ArgOpt):
                return value_minimizes(self, a, b)
            return value_minimizes(self, b, a)
        constants = self.unnamed_constants(a, b)
        if constants:
            return self.same_up_to_constant(a, b, constants)
        if same_structure(a, b) or same_rational(a, b):
            return Verdict(True)
        first_failure: Verdict | None = None
        for rank, scenario in enumerate(scenarios if scenarios is not None else self.scenarios):
            # past the first scenario, the points are special ones (`\\tilde w` at the minimizer): two sides
            # that both vanish there agree for no reason of their own, unless the line says one of them is 0
            verdict = self._compare_in(a, b, scenario, vanishing_proves_nothing=(special_points or rank > 0) and not _written_zero(a, b))
            if verdict.holds:
                return verdict
            if first_failure is None or (first_failure.holds is None and verdict.holds is False):
                first_failure = verdict
        return first_failure or Verdict(None)

    def _compare_in(self, a: Any, b: Any, scenario: Scenario, vanishing_proves_nothing: bool = False) -> Verdict:
        usable = 0
        vanishing = 0
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
            if not finite(left) or not finite(right):
                last_error = "the value is not finite"
                continue
            usable += 1
            if not close(left, right):
                return Verdict(False, _differs(left, right), self._counterexample(point, (a, b), left, right))
            vanishing += bool(close(left, 0 * left) and close(right, 0 * right))
        if usable < 2:
            return Verdict(None, could_not_evaluate(last_error or "no usable point"))
        if vanishing_proves_nothing and vanishing == usable:
            return Verdict(None, could_not_evaluate("both sides vanish at the special points"))
        return Verdict(True)

    def _counterexample(self, point: Mapping[str, Any], exprs: Sequence[Any], left: Any, right: Any) -> Counterexample:
        mentioned = names_in(*exprs)
        bound = bound_indices(*exprs)
        for name in list(mentioned):
            definition = self.definitions.get(name)
            if definition is not None:
                mentioned |= names_in(definition.body)
                bound |= bound_indices(definition.body) | {str(p) for p in definition.params}
        # a summation index has no value of its own at the point; a name such as "Var(w)" does
        bound -= names_in(*exprs) - bound_indices(*exprs)
        shown = {
            name: format_value(plain(value))
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
        names = (names_in(*exprs) & CONSTANT_NAMES) - bound_indices(*exprs)  # `\\sum_{c=1}^{L}`: c is an index
        return {n for n in names if n not in self.definitions and not any(n in p for p in self._sample_names())}

    def _sample_names(self) -> list[set[str]]:
        if "_names" not in self.__dict__:
            self._names = [set(self.points(s)[0]) for s in self.scenarios[:1]]
        return self._names

    def same_up_to_constant(self, a: Any, b: Any, constants: set[str]) -> Verdict:
        """`f = g + C`: f - g does not change when only the parameters do."""
        zero = {sympy.Symbol(name): 0 for name in constants}
        left, right = without(a, zero), without(b, zero)
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
        return minimizers.same_minimizers(self, a, b, trials, variants)


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
    number = next(v for v in values if v is not None)
    if isinstance(number, np.ndarray) or not np.isfinite(complex(number)):
        return None
    shown = ["infinite (a logarithm of 0)" if v is None else v for v in values]
    return shown[0], shown[1]


def _differs(left: Any, right: Any) -> Message:
    if isinstance(left, np.ndarray) and isinstance(right, np.ndarray) and left.shape != right.shape:
        return Message("equivalence.shapes_differ", {"left": shape_text(left.shape), "right": shape_text(right.shape)})
    return Message("equivalence.differs", {"left": format_value(left), "right": format_value(right)})


__all__ = [  # with the names that moved to grader.mathengine, still imported from here
    "ABSOLUTE_FLOOR",
    "CONSTANT_NAMES",
    "RELATIVE_TOLERANCE",
    "ArgOpt",
    "Checker",
    "Deadline",
    "Scenario",
    "Timeout",
    "Verdict",
    "close",
    "could_not_evaluate",
    "evaluation_reason",
    "format_value",
    "names_in",
    "same_rational",
    "same_structure",
]


def _written_zero(*exprs: Any) -> bool:
    """Whether one of the sides is written as zero (`H(w - w^*) + \\alpha w = 0` states that it vanishes)."""
    return any(getattr(e, "is_zero", None) is True or getattr(e, "is_ZeroMatrix", False) is True for e in exprs)
