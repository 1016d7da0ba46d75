"""Numeric evaluation of parsed expressions at a sample point.

This is our own tree walker over the SymPy objects the parser builds
(never `lambdify`: the trees come from student text).  Scalars are
Python complex numbers, so that a logarithm of a negative number is a
value rather than an error; matrices are NumPy arrays.  Sums and
products run over their concrete ranges, derivatives and gradients are
taken numerically, and problem-defined names (``L(w,b)``, ``y_k``,
``E``) are replaced by their definitions when met.

Every walk checks a `Deadline`, so that evaluation stops on time in
any thread or process without signals.

This module holds the walker and its names, definitions and loops; the
handlers of SymPy's functions and matrix operations are in
`grader.mathengine.operations`, derivatives and gradients in
`grader.mathengine.derivatives`, arithmetic on values (and
`EvaluationError`) in `grader.mathengine.arithmetic`, the `Deadline` in
`grader.mathengine.deadline`; the names below stay importable from here.
"""

from __future__ import annotations

import cmath
import logging
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy
from sympy.core.function import AppliedUndef

from grader.mathengine import model_probability, operations
from grader.mathengine.arithmetic import EvaluationError, add, index_value, power, product
from grader.mathengine.deadline import Deadline, Timeout
from grader.mathengine.derivatives import NumericDerivative, derivative, gradient, numeric_derivative
from grader.mathengine.matrix_entries import matrix_entry
from grader.mathengine.names import name_of
from grader.mathengine.sample_factors import sample_factor
from grader.mathparse.joint_probabilities import written_joint
from grader.mathparse.nodes import DiagonalMatrix, Gradient, MatrixGradient
from grader.mathparse.norms import NormOne, NormTwo

#: Faults of the evaluator itself are logged here for staff; the student sees a plain reason.
LOG = logging.getLogger("grader.mathengine.evaluate")

#: What a student is told when a value cannot be computed for a reason of ours (a Python
#: exception's own text names our internals and is never shown).
NO_VALUE_HERE = "a value could not be computed here"


@dataclass(frozen=True)
class FunctionDefinition:
    """``NAME(params) = body``; with no params, ``NAME = body``; for an indexed name, params are its indices."""

    params: tuple[sympy.Basic, ...]
    """The parameters as the head wrote them: symbols, or indexed names whose indices they bind."""
    body: sympy.Basic
    """What the name stands for."""
    other_readings: tuple[FunctionDefinition, ...] = ()
    """The same name defined again for other arguments (`p(k \\mid x_i; \\theta)` for a class k, and
    `p(Y_i \\mid x_i; \\theta)` for the label's one-hot row): tried in order where this one has no value."""


#: A special function's meaning, computed from its unevaluated arguments (e.g. Var of random variables).
SpecialFunction = Callable[["Evaluator", tuple[sympy.Basic, ...]], Any]

#: Names a probability or density is written with: applied to a whole sample, the joint density.
DENSITY_NAMES = frozenset({"p", "P", "q", "f", "N", "Ncal", "Pcal", "Pbb"})

MAX_LOOP = 2000
_MAX_CALLS = 200_000


def _arguments_by_name(params: tuple, given: tuple) -> tuple | None:
    """`given` put in the order of `params` where both are plain names and every parameter is given by
    its own name (in another order, or among more names); None where the arguments are not so written."""
    if len(params) < 2 or not all(isinstance(p, sympy.Symbol) for p in params):
        return None
    if not all(isinstance(g, sympy.Symbol) for g in given) or len(set(given)) != len(given):
        return None
    names = {g.name: g for g in given}
    if not all(p.name in names for p in params) or tuple(given) == tuple(params):
        return None
    return tuple(names[p.name] for p in params)


class Evaluator:
    """Evaluates expressions at one point.

    `point` maps names to values: a symbol's name to a number, an indexed
    base's name to a 1-D or 2-D array (1-based indices), a matrix symbol's
    name to a 2-D array.  `definitions` maps names to `FunctionDefinition`.
    """

    def __init__(
        self,
        point: Mapping[str, Any],
        definitions: Mapping[str, FunctionDefinition] | None = None,
        special: Mapping[str, SpecialFunction] | None = None,
        deadline: Deadline | None = None,
    ):
        self.values: dict[str, Any] = {
            name: np.asarray(value) if isinstance(value, (list, tuple)) else value for name, value in point.items()
        }
        self.definitions = dict(definitions or {})
        self.special = dict(special or {})
        self.deadline = deadline or Deadline.never()
        self._calls = 0
        self._expanding: set[str] = set()
        # Elements of defined arrays held at a value while differentiating with respect to them.
        self._pinned: dict[tuple[str, tuple[int, ...]], complex] = {}

    # -- public -------------------------------------------------------------------

    def value(self, expr: sympy.Basic) -> Any:
        """The value of `expr`: a complex number or a NumPy array."""
        try:
            return self._eval(expr)
        except (Timeout, EvaluationError):
            raise
        except ZeroDivisionError:
            raise EvaluationError("division by zero") from None
        except OverflowError:
            raise EvaluationError("the value is not finite") from None
        except np.linalg.LinAlgError:
            raise EvaluationError("singular matrix") from None
        except RecursionError:
            raise EvaluationError("expression nested too deeply") from None
        except MemoryError:  # the answers child's address-space limit: charged there, not here
            raise
        except Exception:  # shapes that do not fit, a SymPy object we do not know: ours to fix, not the student's
            LOG.warning("could not evaluate %s: %s", _short(expr), sys.exc_info()[1].__class__.__name__)
            LOG.debug("could not evaluate %s", _short(expr), exc_info=True)
            raise EvaluationError(NO_VALUE_HERE) from None

    def scalar(self, expr: sympy.Basic) -> complex:
        result = self.value(expr)
        if isinstance(result, np.ndarray):
            if result.size != 1:
                raise EvaluationError("expected a number, got a matrix")
            return complex(result.reshape(-1)[0])
        return complex(result)

    def with_values(self, overrides: Mapping[str, Any]) -> _Override:
        return _Override(self, overrides)

    # -- dispatch -----------------------------------------------------------------

    def _eval(self, expr: Any) -> Any:
        self._calls += 1
        if self._calls & 255 == 0:
            self.deadline.check()
            if self._calls > _MAX_CALLS:
                raise EvaluationError("expression too expensive to evaluate")
        handler = _HANDLERS.get(type(expr))
        if handler is None:
            handler = _find_handler(type(expr))
        return handler(self, expr)

    # -- names --------------------------------------------------------------------

    def _symbol(self, expr: sympy.Symbol) -> Any:
        name = expr.name
        if name in self.values:
            value = self.values[name]
            if isinstance(value, np.ndarray) and value.ndim == 1:
                raise EvaluationError(f"{name} is indexed: write {name}_i")
            return value
        definition = self.definitions.get(name)
        if definition is not None and not definition.params:
            return self._expand(name, definition, ())
        family = _FAMILY_MEMBER.fullmatch(name)
        if family is not None:
            # `a_j = ...` defined the family a; `a_i` is its member at the index i
            base, index = family.groups()
            definition = self.definitions.get(base)
            if (definition is not None and len(definition.params) == 1 and isinstance(definition.params[0], sympy.Symbol)
                    and index in self.values and not isinstance(self.values[index], np.ndarray)):
                return self._expand(base, definition, (complex(self.values[index]),))
        entry = matrix_entry(name, self.values, self._defined_matrix)  # `D_{ii}`: an entry of a matrix with a value
        if entry is not None:
            return entry
        raise EvaluationError(f"no value for {name}")

    def _defined_matrix(self, name: str) -> Any:
        """The value of the author's definition of `name` without parameters (None: none, or not a matrix)."""
        definition = self.definitions.get(name)
        if definition is None or definition.params or f"{name}/0" in self._expanding:
            return None
        try:
            value = self._expand(name, definition, ())
        except EvaluationError:
            return None
        return value if isinstance(value, np.ndarray) else None

    def _expand(self, name: str, definition: FunctionDefinition, args: tuple[Any, ...]) -> Any:
        if len(args) != len(definition.params):
            raise EvaluationError(f"{name} takes {len(definition.params)} arguments, got {len(args)}")
        key = f"{name}/{len(args)}"
        if key in self._expanding and not args:
            raise EvaluationError(f"{name} is defined in terms of itself")
        return self._body(key, definition, {name_of(param): self._as_stored(name_of(param), value) for param, value in zip(definition.params, args)})

    def _as_stored(self, name: str, value: Any) -> Any:
        """A column vector bound to a parameter the point stores as a flat vector (`\\hat J(w)` with w a d x 1
        matrix in the line, its entries `w_j` in the definition): its entries, as the point holds them."""
        stored = self.values.get(name)
        if (isinstance(value, np.ndarray) and value.ndim == 2 and value.shape[1] == 1
                and isinstance(stored, np.ndarray) and stored.ndim == 1 and stored.size == value.shape[0]):
            return value[:, 0]
        return value

    def _body(self, key: str, definition: FunctionDefinition, overrides: Mapping[str, Any]) -> Any:
        """A definition's body with its parameters bound (`key` guards against self-reference)."""
        self._expanding.add(key)
        try:
            with self.with_values(overrides):
                return self._eval(definition.body)
        finally:
            self._expanding.discard(key)

    def _indexed(self, expr: sympy.Indexed) -> Any:
        args = expr.args
        name = args[0].args[0].name
        indices = [index_value(self._eval(i)) for i in args[1:]]
        array = self.values.get(name)
        if array is not None:
            shape = array.shape
            if len(shape) != len(indices):
                raise EvaluationError(f"{name} takes {len(shape)} indices, got {len(indices)}")
            position = []
            for index, size in zip(indices, shape):
                if not 1 <= index <= size:
                    raise EvaluationError(f"index {index} of {name} is outside 1..{size}")
                position.append(index - 1)
            return complex(array[tuple(position)])
        if self._pinned:
            pinned = self._pinned.get((name, tuple(indices)))
            if pinned is not None:
                return pinned
        definition = self.definitions.get(name)
        if definition is not None:
            return self._expand(name, definition, tuple(complex(i) for i in indices))
        raise EvaluationError(f"no value for {name}")

    def _applied(self, expr: AppliedUndef) -> Any:
        name = expr.func.__name__
        special = self.special.get(name)
        if special is not None:
            return special(self, expr.args)
        # `q_\\theta(Y_i \\mid x_i)`: an undefined probability letter is the problem's model probability
        definition = self.definitions.get(name) or model_probability.model_definition(name, self.definitions, expr.args, written_joint(expr))
        if definition is None:
            raise EvaluationError(f"no definition of the function {name}")
        try:
            return self._applied_as(name, definition, expr.args)
        except EvaluationError:
            # a name defined for several kinds of argument: the first reading whose arguments fit
            for reading in definition.other_readings:
                try:
                    return self._applied_as(name, reading, expr.args)
                except EvaluationError:
                    continue
            return self._probability_read_otherwise(name, definition, expr.args, written_joint(expr))

    def _probability_read_otherwise(self, name: str, definition: FunctionDefinition, given: tuple, joint: bool = False) -> Any:
        """`p(Y_i \\mid y_i)` conditioned on the sample's input, `p(x_i)` the input's own probability
        (`grader.mathengine.model_probability`); the first reading's error where neither is written."""
        if model_probability.is_probability_name(name):
            on_inputs = model_probability.conditioned_on_inputs(definition, given)
            if on_inputs is not None:
                return self._applied(sympy.Function(name)(*on_inputs))
            # `P(x_i \mid \theta)`, never `P(x_i, \theta)`: the joint probability has no condition to read
            sample = None if joint else model_probability.sample_given_parameters(definition, given)
            if sample is not None:
                return self._applied(sympy.Function(name)(*sample))
            alone = model_probability.input_probability(definition, given, self.values, self._eval)
            if alone is not None:
                return alone
        return self._applied_as(name, definition, given)

    def _applied_as(self, name: str, definition: FunctionDefinition, given: tuple) -> Any:
        if given == tuple(definition.params) and any(self._family_only(param, definition.body) for param in given):
            # `l(\\mathbf y, \\hat{\\mathbf y})` applied as its definition wrote it: the arguments name the
            # families its body reads entry by entry (`y_j`), not values to bind
            return self._body(f"{name}/{len(given)}", definition, {})
        by_name = _arguments_by_name(definition.params, given)
        if by_name is not None:
            # `L(b, w, \sigma)` for the problem's L(w, b): the student's arguments are its parameters by
            # name, in another order and with the noise's scale added, as a TA reads them
            given = by_name
        elif len(given) < len(definition.params):
            # `p(k \\mid x_i)` for `p(k \\mid x_i; \\theta)`: the parameters left out are the definition's own
            given = model_probability.completed(name, definition.params, given, self.values)
        elif (factor := sample_factor(definition.params, definition.body, given)) is not None:
            # `L(w, b; y_i)`: sample i's own likelihood, the product's factor at i (`sample_factors`)
            return self._expand(name, FunctionDefinition(factor.params, factor.body), tuple(self._eval(a) for a in factor.arguments))
        elif 1 <= len(definition.params) < len(given):
            # `p(y_i)` defined, `p(y_i \mid x_i; w, b)` used: what follows the first arguments is
            # what the density is conditioned on, as the definition already assumed
            given = given[: len(definition.params)]
        if any(isinstance(p, sympy.Indexed) or self._family_row(p, a) is not None for p, a in zip(definition.params, given)):
            joint = self._joint_density(name, definition, given)
            if joint is not None:
                return joint
            return self._expand_pattern(name, definition, given)
        # `\tilde J(w)` with w indexed: the whole vector is the argument (the body reads w_j)
        args = tuple(self.values[arg.name] if isinstance(arg, sympy.Symbol) and isinstance(self.values.get(arg.name), np.ndarray)
                     and self.values[arg.name].ndim == 1 else self._eval(arg) for arg in given)
        return self._expand(name, definition, args)

    @staticmethod
    def _family_only(param: Any, body: Any) -> bool:
        """Whether a parameter (`y`) appears in a body only as entries of its family (`y_j`), never alone."""
        if not isinstance(param, sympy.Symbol) or not isinstance(body, sympy.Basic):
            return False
        entries = [node for node in body.atoms(sympy.Indexed) if getattr(node.base.label, "name", None) == param.name]
        alone = body.xreplace({node: sympy.Integer(0) for node in entries}).has(param)
        return bool(entries) and not alone

    def _expand_pattern(self, name: str, definition: FunctionDefinition, args: tuple) -> Any:
        """`p(y_i) = ...` applied as `p(y_k)`: an indexed parameter binds its index, not a value."""
        if len(args) != len(definition.params):
            raise EvaluationError(f"{name} takes {len(definition.params)} arguments, got {len(args)}")
        overrides: dict[str, Any] = {}
        for param, arg in zip(definition.params, args):
            if isinstance(param, sympy.Indexed):
                if not (isinstance(arg, sympy.Indexed) and len(arg.indices) == len(param.indices)
                        and (arg.base == param.base or self._defined_through(param, arg))):
                    raise EvaluationError(f"{name} is defined for {param}, not for {arg}")
                for index, given in zip(param.indices, arg.indices):
                    if isinstance(index, sympy.Symbol):
                        overrides[index.name] = index_value(self._eval(given))
            elif (member := self._family_row(param, arg)) is not None:
                # `p(Y_i | x_i) = ...` applied as `p(Y_j | x_j)`: a row of a family binds its index too
                overrides[member[0]] = index_value(self._eval(sympy.Symbol(member[1])))
            else:
                overrides[name_of(param)] = self._eval(arg)
        return self._body(f"{name}/{len(args)}", definition, overrides)

    def _family_row(self, param: Any, arg: Any) -> tuple[str, str] | None:
        """(the parameter's index, the argument's) where both name one row of the same table of values
        (`Y_i` and `Y_j`: the one-hot label rows of two samples, Y a table); None otherwise."""
        if not (isinstance(param, sympy.Symbol) and isinstance(arg, sympy.Symbol)):
            return None
        written, given = _FAMILY_MEMBER.fullmatch(param.name), _FAMILY_MEMBER.fullmatch(arg.name)
        if written is None or given is None or written.group(1) != given.group(1):
            return None
        table = self.values.get(written.group(1))
        if not (isinstance(table, np.ndarray) and table.ndim == 2):
            return None
        return written.group(2), given.group(2)

    def _joint_density(self, name: str, definition: FunctionDefinition, given: tuple) -> Any:
        """`p(\\vec y \\mid X; w, b)` with p defined for one sample (`p(\\epsilon_i) = ...`): the density of the
        whole sample, the product of the samples' densities (independent under the problem's model); None
        where the call is not so written (a probability's name, one parameter, the family's vector)."""
        if name not in DENSITY_NAMES or len(definition.params) != 1 or len(given) != 1 or not isinstance(given[0], sympy.Symbol):
            return None
        vector = self.values.get(given[0].name)
        if not (isinstance(vector, np.ndarray) and vector.ndim == 1):
            return None
        base = sympy.IndexedBase(given[0].name)
        result: Any = 1
        for position in range(1, len(vector) + 1):
            result = result * self._expand_pattern(name, definition, (base[position],))
        return result

    def _defined_through(self, param: sympy.Indexed, arg: sympy.Indexed) -> bool:
        """Whether `param`'s quantity is defined through `arg`'s (the noise `\\epsilon_i = y_i - w x_i - b`
        through y_i): the author's density of the noise `p(\\epsilon_i)`, written `p(y_i \\mid x_i; w, b)`, is the
        density of y_i under the model, the noise's at y_i's residual (the body reads \\epsilon_i, whose
        definition gives it from y_i at the same index)."""
        definition = self.definitions.get(getattr(param.base.label, "name", ""))
        if definition is None or not definition.params or not isinstance(definition.body, sympy.Basic):
            return False
        label = getattr(arg.base.label, "name", None)
        return any(getattr(node.base.label, "name", None) == label for node in definition.body.atoms(sympy.Indexed))

    # -- sums and products --------------------------------------------------------

    def _loop(self, expr: Any, combine: Callable[[Any, Any], Any], start: Any) -> Any:
        body = expr.function
        return self._loop_limits(body, list(expr.limits), combine, start)

    def _loop_limits(self, body: Any, limits: list, combine: Callable[[Any, Any], Any], start: Any) -> Any:
        if not limits:
            return self._eval(body)
        (variable, low, high), rest = limits[-1], limits[:-1]
        lo, hi = index_value(self._eval(low)), index_value(self._eval(high))
        if hi - lo + 1 > MAX_LOOP:
            raise EvaluationError(f"a sum or product of {hi - lo + 1} terms is too long to check")
        total = start
        for k in range(lo, hi + 1):
            with self.with_values({variable.name: k}):
                total = combine(total, self._loop_limits(body, rest, combine, start))
        return total


class _Override:
    """Temporarily gives names new values (a context manager)."""

    def __init__(self, evaluator: Evaluator, overrides: Mapping[str, Any]):
        self.evaluator = evaluator
        self.overrides = overrides
        self.saved: dict[str, Any] = {}

    def __enter__(self) -> None:
        values = self.evaluator.values
        for name, value in self.overrides.items():
            self.saved[name] = values.get(name, _MISSING)
            values[name] = value

    def __exit__(self, *exc: object) -> None:
        values = self.evaluator.values
        for name, value in self.saved.items():
            if value is _MISSING:
                values.pop(name, None)
            else:
                values[name] = value


_MISSING = object()


def _matrix_symbol(evaluator: Evaluator, expr: sympy.MatrixSymbol) -> np.ndarray:
    name = expr.name
    if name in evaluator.values:
        value = np.asarray(evaluator.values[name])
        return value.reshape(-1, 1) if value.ndim == 1 else value
    definition = evaluator.definitions.get(name)
    if definition is not None and not definition.params:
        return evaluator._expand(name, definition, ())
    raise EvaluationError(f"no value for {name}")


_HANDLERS: dict[type, Callable[[Evaluator, Any], Any]] = {
    sympy.Symbol: Evaluator._symbol,
    sympy.Indexed: Evaluator._indexed,
    sympy.Add: lambda ev, e: add([ev._eval(a) for a in e.args]),
    sympy.Mul: operations.multiply,
    sympy.Pow: lambda ev, e: power(ev._eval(e.args[0]), ev._eval(e.args[1])),
    sympy.exp: operations.exponential,
    sympy.log: operations.logarithm,
    sympy.Abs: operations.of_one_number(lambda v: complex(abs(v))),
    sympy.sign: operations.of_one_number(lambda v: complex(np.sign(v.real))),
    sympy.Max: lambda ev, e: complex(max(ev.scalar(a).real for a in e.args)),
    sympy.Min: lambda ev, e: complex(min(ev.scalar(a).real for a in e.args)),
    sympy.sin: operations.of_one_number(cmath.sin),
    sympy.cos: operations.of_one_number(cmath.cos),
    sympy.tanh: operations.of_one_number(cmath.tanh),
    sympy.KroneckerDelta: operations.kronecker,
    sympy.Piecewise: operations.piecewise_value,
    NormOne: operations.norm_one,
    NormTwo: operations.norm_two,
    sympy.factorial: operations.factorial,
    sympy.Sum: lambda ev, e: ev._loop(e, lambda a, b: a + b, complex(0)),
    sympy.Product: lambda ev, e: ev._loop(e, lambda a, b: a * b, complex(1)),
    sympy.Derivative: derivative,
    NumericDerivative: numeric_derivative,
    Gradient: gradient,
    MatrixGradient: gradient,
    DiagonalMatrix: operations.diagonal,
    sympy.MatrixSymbol: _matrix_symbol,
    sympy.Identity: operations.identity,
    sympy.ZeroMatrix: operations.zero_matrix,
    sympy.MatMul: lambda ev, e: product([ev._eval(a) for a in e.args]),
    sympy.MatAdd: lambda ev, e: add([ev._eval(a) for a in e.args]),
    sympy.MatPow: lambda ev, e: power(ev._eval(e.args[0]), ev._eval(e.args[1])),
    sympy.Transpose: operations.transpose,
    sympy.Inverse: operations.inverse,
    sympy.Trace: operations.trace,
    sympy.matrices.expressions.matexpr.MatrixElement: operations.matrix_element,
}


def _find_handler(kind: type) -> Callable[[Evaluator, Any], Any]:
    if issubclass(kind, AppliedUndef):
        return Evaluator._applied
    if issubclass(kind, sympy.Number) or issubclass(kind, sympy.NumberSymbol) or kind is type(sympy.I):
        _HANDLERS[kind] = operations.number
        return operations.number
    for base, handler in _HANDLERS.items():
        if issubclass(kind, base):
            _HANDLERS[kind] = handler
            return handler
    return operations.unsupported


_FAMILY_MEMBER = re.compile(r"(.+)_([A-Za-z])")


def _short(expr: Any) -> str:
    """An expression as a bounded text for the log."""
    try:
        return str(expr)[:300]
    except MemoryError:  # the answers child's address-space limit: charged there, not here
        raise
    except Exception:
        return type(expr).__name__
