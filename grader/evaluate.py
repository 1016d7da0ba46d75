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
"""

from __future__ import annotations

import cmath
import logging
import math
import re
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy
from sympy.core.function import AppliedUndef

from .mathparse.nodes import DiagonalMatrix, Gradient, MatrixGradient
from .mathparse.norms import NormOne, NormTwo

#: Faults of the evaluator itself are logged here for staff; the student sees a plain reason.
LOG = logging.getLogger("grader.evaluate")

#: What a student is told when a value cannot be computed for a reason of ours (a Python
#: exception's own text names our internals and is never shown).
NO_VALUE_HERE = "a value could not be computed here"


class EvaluationError(Exception):
    """The expression has no value at this point (undefined name, singular matrix, bad index...)."""


class Timeout(Exception):
    """The deadline passed."""


@dataclass
class Deadline:
    """A point in time after which work stops, checked cooperatively."""

    seconds: float
    started: float = field(default_factory=time.monotonic)

    def check(self) -> None:
        if time.monotonic() - self.started > self.seconds:
            raise Timeout(self.seconds)

    @classmethod
    def never(cls) -> Deadline:
        return cls(float("inf"))


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


def _index_value(value: Any) -> int:
    if type(value) is int:
        return value
    number = complex(value)
    if abs(number.imag) > 1e-9 or abs(number.real - round(number.real)) > 1e-9:
        raise EvaluationError(f"index {value} is not a whole number")
    return int(round(number.real))


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
        raise EvaluationError(f"no value for {name}")

    def _expand(self, name: str, definition: FunctionDefinition, args: tuple[Any, ...]) -> Any:
        if len(args) != len(definition.params):
            raise EvaluationError(f"{name} takes {len(definition.params)} arguments, got {len(args)}")
        key = f"{name}/{len(args)}"
        if key in self._expanding and not args:
            raise EvaluationError(f"{name} is defined in terms of itself")
        return self._body(key, definition, {_name_of(param): value for param, value in zip(definition.params, args)})

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
        indices = [_index_value(self._eval(i)) for i in args[1:]]
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
        definition = self.definitions.get(name)
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
            raise

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
                        overrides[index.name] = _index_value(self._eval(given))
            elif (member := self._family_row(param, arg)) is not None:
                # `p(Y_i | x_i) = ...` applied as `p(Y_j | x_j)`: a row of a family binds its index too
                overrides[member[0]] = _index_value(self._eval(sympy.Symbol(member[1])))
            else:
                overrides[_name_of(param)] = self._eval(arg)
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

    # -- calculus -----------------------------------------------------------------

    def _derivative(self, expr: sympy.Derivative) -> Any:
        inner = expr.expr
        (variable, count), *more = expr.variable_count
        if not more and count == 1 and isinstance(variable, sympy.MatrixSymbol) and variable.shape != (1, 1):
            return self._gradient(MatrixGradient(inner, variable))  # `\frac{d}{dw} J(w)` for a vector w
        result_expr: Any = inner
        for variable, count in expr.variable_count:
            for _ in range(int(count)):
                result_expr = _NumericDerivative(result_expr, variable)
        return self._eval(result_expr)

    def _numeric_derivative(self, node: _NumericDerivative) -> Any:
        variable = node.variable
        if isinstance(variable, sympy.Indexed) and variable.base.label.name not in self.values:
            return self._derivative_by_defined_element(node)
        alias = self._alias_of(variable)
        if alias is not None:  # `o_i = z_i`: the student's name for the logit; ∂E/∂o_i is ∂E/∂z_i
            return self._numeric_derivative(_NumericDerivative(node.inner, alias))
        if isinstance(variable, sympy.Symbol) and variable.name not in self.values and variable.name in self.definitions:
            # ∂E/∂s for a defined s: hold s at its value and move it, as the chain rule reads.
            with self.with_values({variable.name: _as_scalar(self._eval(variable))}):
                return self._numeric_derivative(node)
        name, position = self._location(variable)
        base = self.values[name]
        is_array = isinstance(base, np.ndarray)
        if is_array and position is None and np.ndim(base) > 0:
            # `\frac{\partial E}{\partial z}` for the whole vector z: the derivative componentwise
            whole = np.zeros(np.shape(base), dtype=complex)
            for offset in np.ndindex(whole.shape):
                element = sympy.Indexed(sympy.IndexedBase(name), *[sympy.Integer(k + 1) for k in offset])
                whole[offset] = _as_scalar(self._numeric_derivative(_NumericDerivative(node.inner, element)))
            return whole
        center = complex(base[position] if is_array else base)
        step = _step(center)

        def at(offset: float) -> Any:
            moved: np.ndarray | complex
            if is_array:
                moved = np.array(base, dtype=complex)
                moved[position] = center + offset
            else:
                moved = center + offset
            with self.with_values({name: moved}):
                return self._eval(node.inner)

        # Five-point stencil: error of order step**4, below 1e-10 relative for smooth functions.
        f2, f1, b1, b2 = at(2 * step), at(step), at(-step), at(-2 * step)
        return (-f2 + 8 * f1 - 8 * b1 + b2) / (12 * step)

    def _alias_of(self, variable: sympy.Basic) -> sympy.Basic | None:
        """The problem's variable a student's name stands for (`o_i = z_i`), if it is only that."""
        if not isinstance(variable, sympy.Symbol) or variable.name in self.values:
            return None
        definition = self.definitions.get(variable.name)
        if definition is None or definition.params:
            return None
        body = definition.body
        if isinstance(body, sympy.Indexed) and body.base.label.name in self.values:
            return body
        if isinstance(body, sympy.Symbol) and body.name in self.values:
            return body
        return None

    def _derivative_by_defined_element(self, node: _NumericDerivative) -> Any:
        """∂E/∂y_k where y is defined (y_k = softmax): y_k is held and moved, the other y_j follow their definition."""
        variable = node.variable
        name = variable.base.label.name
        if name not in self.definitions:
            raise EvaluationError(f"cannot differentiate with respect to {name}")
        key = (name, tuple(_index_value(self._eval(i)) for i in variable.indices))
        center = _as_scalar(self._eval(variable))
        step = _step(center)
        saved = self._pinned.get(key)
        values = []
        try:
            for offset in (2 * step, step, -step, -2 * step):
                self._pinned[key] = center + offset
                values.append(self._eval(node.inner))
        finally:
            if saved is None:
                self._pinned.pop(key, None)
            else:
                self._pinned[key] = saved
        f2, f1, b1, b2 = values
        return (-f2 + 8 * f1 - 8 * b1 + b2) / (12 * step)

    def _location(self, variable: sympy.Basic) -> tuple[str, Any]:
        if isinstance(variable, sympy.Symbol):
            if variable.name not in self.values:
                raise EvaluationError(f"cannot differentiate with respect to {variable.name}")
            return variable.name, None
        if isinstance(variable, sympy.Indexed):
            name = variable.base.label.name
            if name not in self.values:
                raise EvaluationError(f"cannot differentiate with respect to {name}")
            indices = tuple(_index_value(self._eval(i)) - 1 for i in variable.indices)
            return name, indices
        raise EvaluationError(f"cannot differentiate with respect to {variable}")

    def _gradient(self, expr: Gradient) -> Any:
        function, variable = expr.args
        name = _name_of(variable)
        if name in {_name_of(s) for s in function.free_symbols} or _mentions(function, name):
            return self._gradient_at(function, name, self.values.get(name))
        if isinstance(function, AppliedUndef) and len(function.args) == 1:
            definition = self.definitions.get(function.func.__name__)
            if definition is None or len(definition.params) != 1:
                raise EvaluationError(f"no definition of {function.func.__name__}")
            point = self._eval(function.args[0])
            param = _name_of(definition.params[0])
            return self._gradient_at(definition.body, param, point)
        if isinstance(self.values.get(name), np.ndarray) and not isinstance(function, AppliedUndef):
            return np.zeros(self.values[name].shape, dtype=complex)  # `\nabla_w J_0`: constant in w
        raise EvaluationError(f"cannot take the gradient with respect to {name}")

    def _gradient_at(self, body: sympy.Basic, name: str, point: Any) -> Any:
        if point is None:
            raise EvaluationError(f"no value for {name}")
        center = np.array(point, dtype=complex)
        flat = center.reshape(-1)
        gradient = np.zeros(flat.shape, dtype=complex)
        for k in range(flat.size):
            scale = _step(flat[k])
            values = []
            for offset in (2 * scale, scale, -scale, -2 * scale):
                moved = flat.copy()
                moved[k] += offset
                with self.with_values({name: moved.reshape(center.shape)}):
                    values.append(complex(_as_scalar(self._eval(body))))
            f2, f1, b1, b2 = values
            gradient[k] = (-f2 + 8 * f1 - 8 * b1 + b2) / (12 * scale)
        return gradient.reshape(center.shape if center.ndim == 2 else (-1, 1))

    # -- sums and products --------------------------------------------------------

    def _loop(self, expr: Any, combine: Callable[[Any, Any], Any], start: Any) -> Any:
        body = expr.function
        return self._loop_limits(body, list(expr.limits), combine, start)

    def _loop_limits(self, body: Any, limits: list, combine: Callable[[Any, Any], Any], start: Any) -> Any:
        if not limits:
            return self._eval(body)
        (variable, low, high), rest = limits[-1], limits[:-1]
        lo, hi = _index_value(self._eval(low)), _index_value(self._eval(high))
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


class _NumericDerivative:
    """An internal node: d(inner)/d(variable), taken numerically."""

    __slots__ = ("inner", "variable")

    def __init__(self, inner: Any, variable: Any):
        self.inner = inner
        self.variable = variable


def _step(center: complex) -> float:
    """A finite-difference step relative to the value: small values (a probability of 0.01) need small steps."""
    return 1e-3 * max(abs(center), 1e-2)


def _name_of(symbol: Any) -> str:
    if isinstance(symbol, sympy.Indexed):
        return symbol.base.label.name
    if isinstance(symbol, sympy.IndexedBase):
        return symbol.label.name
    return getattr(symbol, "name", str(symbol))


def _mentions(expr: sympy.Basic, name: str) -> bool:
    return any(isinstance(node, (sympy.Symbol, sympy.MatrixSymbol)) and node.name == name for node in sympy.preorder_traversal(expr))


def _as_scalar(value: Any) -> complex:
    if isinstance(value, np.ndarray):
        if value.size != 1:
            raise EvaluationError("expected a number, got a matrix")
        return complex(value.reshape(-1)[0])
    return complex(value)


def _product(values: list[Any]) -> Any:
    result: Any = complex(1)
    for value in values:
        if isinstance(result, np.ndarray) and isinstance(value, np.ndarray):
            if result.shape == (1, 1) or value.shape == (1, 1):
                result = result * value if result.shape == value.shape else (
                    complex(result.reshape(-1)[0]) * value if result.shape == (1, 1) else result * complex(value.reshape(-1)[0])
                )
            else:
                result = result @ value
        else:
            result = result * value
    return result


def _add(values: list[Any]) -> Any:
    result: Any = complex(0)
    for value in values:
        if isinstance(value, np.ndarray) and value.shape == (1, 1) and not isinstance(result, np.ndarray):
            value = complex(value[0, 0])
        result = result + value
    return result


def _power(base: Any, exponent: Any) -> Any:
    if isinstance(base, np.ndarray):
        if base.shape == (1, 1):
            base = complex(base[0, 0])
        else:
            k = _index_value(exponent)
            if k >= 0:
                return np.linalg.matrix_power(base, k)
            return np.linalg.matrix_power(np.linalg.inv(base), -k)
    base = complex(base)
    exponent = complex(exponent)
    if exponent.imag == 0 and exponent.real == int(exponent.real) and abs(exponent.real) <= 64:
        k = int(exponent.real)
        if base == 0 and k < 0:
            raise EvaluationError("division by zero")
        return base**k
    if base == 0:
        if exponent.real > 0:
            return complex(0)
        raise EvaluationError("zero to a non-positive power")
    if abs(exponent) > 1e4:
        raise EvaluationError("exponent too large")
    return cmath.exp(exponent * cmath.log(base))


def _log(evaluator: Evaluator, expr: sympy.log) -> complex:
    value = _as_scalar(evaluator._eval(expr.args[0]))
    if value == 0:
        raise EvaluationError("logarithm of zero")
    result = cmath.log(value)
    if len(expr.args) == 2:
        base = cmath.log(_as_scalar(evaluator._eval(expr.args[1])))
        if base == 0:
            raise EvaluationError("logarithm to base 1")
        result = result / base
    return result


def _diagonal(evaluator: Evaluator, expr: DiagonalMatrix) -> np.ndarray:
    """diag(entry): the entry at each value 1..d of its one free index."""
    entry, size = expr.args
    d = _index_value(evaluator._eval(size))
    free = sorted({str(i) for node in entry.atoms(sympy.Indexed) for i in node.indices if isinstance(i, sympy.Symbol)})
    if len(free) != 1:
        value = evaluator._eval(entry)
        if isinstance(value, np.ndarray) and value.size == d:
            return np.diag(value.reshape(-1)).astype(complex)
        raise EvaluationError("diag(...) needs an entry with one index, such as diag(lambda_i)")
    entries = []
    for k in range(1, d + 1):
        with evaluator.with_values({free[0]: k}):
            entries.append(_as_scalar(evaluator._eval(entry)))
    return np.diag(np.array(entries, dtype=complex))


def _mul(evaluator: Evaluator, expr: sympy.Mul) -> Any:
    """A product; 0 times the logarithm of 0 is 0, as in the entropy of one-hot labels
    (`Y log(Y / y)` at Y = 0), where a TA applies the same convention."""
    values, log_of_zero = [], None
    for factor in expr.args:
        try:
            values.append(evaluator._eval(factor))
        except EvaluationError as exc:
            if str(exc) != "logarithm of zero":
                raise
            log_of_zero = exc
    if log_of_zero is not None:
        if any(not isinstance(v, np.ndarray) and v == 0 for v in values):
            return 0j
        raise log_of_zero
    return _product(values)


def _exp(evaluator: Evaluator, expr: Any) -> complex:
    value = _as_scalar(evaluator._eval(expr.args[0]))
    if value.real > 700:
        raise EvaluationError("exponential overflow")
    return cmath.exp(value)


def _function(fn: Callable[[complex], complex]) -> Callable[[Evaluator, Any], complex]:
    return lambda ev, expr: fn(_as_scalar(ev._eval(expr.args[0])))


def _norm_one(evaluator: Evaluator, expr: NormOne) -> complex:
    """`\\|w\\|_1`: the sum of |w_j| (w indexed, or a vector)."""
    argument = expr.args[0]
    if isinstance(argument, sympy.Symbol) and isinstance(evaluator.values.get(argument.name), np.ndarray):
        return complex(np.sum(np.abs(evaluator.values[argument.name])))
    return complex(np.sum(np.abs(np.asarray(evaluator._eval(argument)))))


def _piecewise(evaluator: Evaluator, expr: sympy.Piecewise) -> Any:
    """`cases`: the value of the first branch whose condition holds at the point."""
    from .piecewise import holds

    for value, condition in expr.args:
        if holds(evaluator, condition):
            return evaluator._eval(value)
    raise EvaluationError("no branch of the cases holds here")


def _kronecker(evaluator: Evaluator, expr: Any) -> complex:
    a, b = (_index_value(evaluator._eval(arg)) for arg in expr.args)
    return complex(1 if a == b else 0)


def _factorial(evaluator: Evaluator, expr: Any) -> complex:
    k = _index_value(evaluator._eval(expr.args[0]))
    if k < 0 or k > 170:
        raise EvaluationError("factorial out of range")
    return complex(math.factorial(k))


def _matrix_symbol(evaluator: Evaluator, expr: sympy.MatrixSymbol) -> np.ndarray:
    name = expr.name
    if name in evaluator.values:
        value = np.asarray(evaluator.values[name])
        return value.reshape(-1, 1) if value.ndim == 1 else value
    definition = evaluator.definitions.get(name)
    if definition is not None and not definition.params:
        return evaluator._expand(name, definition, ())
    raise EvaluationError(f"no value for {name}")


def _identity(evaluator: Evaluator, expr: Any) -> np.ndarray:
    return np.eye(_index_value(evaluator._eval(expr.rows)))


def _zero_matrix(evaluator: Evaluator, expr: Any) -> np.ndarray:
    return np.zeros((_index_value(evaluator._eval(expr.rows)), _index_value(evaluator._eval(expr.cols))))


def _matrix_element(evaluator: Evaluator, expr: Any) -> complex:
    matrix = evaluator._eval(expr.parent)
    i, j = (_index_value(evaluator._eval(k)) for k in (expr.i, expr.j))
    matrix = np.asarray(matrix)
    if matrix.ndim == 0 and i == j == 0:  # a 1×1 sum already reduced to its number (`a^T b + c^T d`)
        return complex(matrix)
    if not (0 <= i < matrix.shape[0] and 0 <= j < matrix.shape[1]):
        raise EvaluationError("matrix index out of range")
    return complex(matrix[i, j])


def _transpose(evaluator: Evaluator, expr: Any) -> Any:
    value = evaluator._eval(expr.args[0])
    return value.T if isinstance(value, np.ndarray) else value


def _inverse(evaluator: Evaluator, expr: Any) -> Any:
    value = evaluator._eval(expr.args[0])
    if not isinstance(value, np.ndarray):
        return 1 / complex(value)
    if value.shape[0] != value.shape[1]:
        raise EvaluationError("inverse of a non-square matrix")
    if np.linalg.cond(value) > 1e12:
        raise EvaluationError("singular matrix")
    return np.linalg.inv(value)


def _trace(evaluator: Evaluator, expr: Any) -> complex:
    return complex(np.trace(np.asarray(evaluator._eval(expr.args[0]))))


_HANDLERS: dict[type, Callable[[Evaluator, Any], Any]] = {
    sympy.Symbol: Evaluator._symbol,
    sympy.Indexed: Evaluator._indexed,
    sympy.Add: lambda ev, e: _add([ev._eval(a) for a in e.args]),
    sympy.Mul: lambda ev, e: _mul(ev, e),
    sympy.Pow: lambda ev, e: _power(ev._eval(e.args[0]), ev._eval(e.args[1])),
    sympy.exp: _exp,
    sympy.log: _log,
    sympy.Abs: _function(lambda v: complex(abs(v))),
    sympy.sign: _function(lambda v: complex(np.sign(v.real))),
    sympy.Max: lambda ev, e: complex(max(ev.scalar(a).real for a in e.args)),
    sympy.Min: lambda ev, e: complex(min(ev.scalar(a).real for a in e.args)),
    sympy.sin: _function(cmath.sin),
    sympy.cos: _function(cmath.cos),
    sympy.tanh: _function(cmath.tanh),
    sympy.KroneckerDelta: _kronecker,
    sympy.Piecewise: lambda ev, e: _piecewise(ev, e),
    NormOne: lambda ev, e: _norm_one(ev, e),
    NormTwo: lambda ev, e: complex(np.sqrt(np.sum(np.abs(ev.values[e.args[0].name]) ** 2)))
    if isinstance(e.args[0], sympy.Symbol) and isinstance(ev.values.get(e.args[0].name), np.ndarray) else complex(abs(ev.scalar(e.args[0]))),
    sympy.factorial: _factorial,
    sympy.Sum: lambda ev, e: ev._loop(e, lambda a, b: a + b, complex(0)),
    sympy.Product: lambda ev, e: ev._loop(e, lambda a, b: a * b, complex(1)),
    sympy.Derivative: Evaluator._derivative,
    _NumericDerivative: Evaluator._numeric_derivative,
    Gradient: Evaluator._gradient,
    MatrixGradient: Evaluator._gradient,
    DiagonalMatrix: lambda ev, e: _diagonal(ev, e),
    sympy.MatrixSymbol: _matrix_symbol,
    sympy.Identity: _identity,
    sympy.ZeroMatrix: _zero_matrix,
    sympy.MatMul: lambda ev, e: _product([ev._eval(a) for a in e.args]),
    sympy.MatAdd: lambda ev, e: _add([ev._eval(a) for a in e.args]),
    sympy.MatPow: lambda ev, e: _power(ev._eval(e.args[0]), ev._eval(e.args[1])),
    sympy.Transpose: _transpose,
    sympy.Inverse: _inverse,
    sympy.Trace: _trace,
    sympy.matrices.expressions.matexpr.MatrixElement: _matrix_element,
}


def _find_handler(kind: type) -> Callable[[Evaluator, Any], Any]:
    if issubclass(kind, AppliedUndef):
        return Evaluator._applied
    if issubclass(kind, sympy.Number) or issubclass(kind, sympy.NumberSymbol) or kind is type(sympy.I):
        _HANDLERS[kind] = _number
        return _number
    for base, handler in _HANDLERS.items():
        if issubclass(kind, base):
            _HANDLERS[kind] = handler
            return handler
    return _unsupported


_NUMBERS: dict[sympy.Basic, complex] = {}


def _number(evaluator: Evaluator, expr: sympy.Basic) -> complex:
    """A SymPy number as a complex; remembered, since SymPy's own conversion is slow."""
    value = _NUMBERS.get(expr)
    if value is None:
        if isinstance(expr, sympy.Integer):
            value = complex(int(expr))
        elif isinstance(expr, sympy.Rational):
            value = complex(expr.p / expr.q)
        else:
            value = complex(expr)
        if len(_NUMBERS) < 10_000:
            _NUMBERS[expr] = value
    return value


def _unsupported(evaluator: Evaluator, expr: Any) -> Any:
    raise EvaluationError(f"cannot evaluate {type(expr).__name__}")


_FAMILY_MEMBER = re.compile(r"(.+)_([A-Za-z])")


def _short(expr: Any) -> str:
    """An expression as a bounded text for the log."""
    try:
        return str(expr)[:300]
    except MemoryError:  # the answers child's address-space limit: charged there, not here
        raise
    except Exception:
        return type(expr).__name__
