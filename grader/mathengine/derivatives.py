"""Derivatives and gradients, taken numerically by the evaluator (five-point stencils).

`\\frac{\\partial E}{\\partial z_i}`, `\\nabla_w J(w)` and `\\frac{d}{dw}` are evaluated at the point by
moving the variable a small step either way; a name a problem defines (y_k = softmax, o_i = z_i) is
held and moved as the chain rule reads it.  These are the evaluator's handlers for its calculus nodes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import sympy
from sympy.core.function import AppliedUndef

from grader.mathengine.arithmetic import EvaluationError, as_scalar, index_value
from grader.mathengine.gradients import backward_pass_of, no_value_name
from grader.mathengine.names import mentions, name_of
from grader.mathparse.nodes import Gradient, MatrixGradient

if TYPE_CHECKING:  # the evaluator dispatches to this module; annotations only
    from grader.mathengine.evaluate import Evaluator


class NumericDerivative:
    """An internal node: d(inner)/d(variable), taken numerically."""

    __slots__ = ("inner", "variable")

    def __init__(self, inner: Any, variable: Any):
        self.inner = inner
        self.variable = variable


def finite_difference_step(center: complex) -> float:
    """A finite-difference step relative to the value: small values (a probability of 0.01) need small steps."""
    return 1e-3 * max(abs(center), 1e-2)


def derivative(evaluator: Evaluator, expr: sympy.Derivative) -> Any:
    """`\\frac{d}{dx} f` (of any order, in any variables) as nested numeric derivatives; `\\frac{d}{dw}` of a vector w is the gradient."""
    random_gradient = no_value_name(backward_pass_of(evaluator.special), expr, {*evaluator.definitions, *evaluator.values})
    if random_gradient is not None:  # the loss's gradient in a layer's backward pass: random, valued only in E[...], Var(...)
        raise EvaluationError(f"no value for {random_gradient}")
    inner = expr.expr
    (variable, count), *more = expr.variable_count
    if not more and count == 1 and isinstance(variable, sympy.MatrixSymbol) and variable.shape != (1, 1):
        return gradient(evaluator, MatrixGradient(inner, variable))  # `\frac{d}{dw} J(w)` for a vector w
    result_expr: Any = inner
    for variable, count in expr.variable_count:
        for _ in range(int(count)):
            result_expr = NumericDerivative(result_expr, variable)
    return evaluator._eval(result_expr)


def numeric_derivative(evaluator: Evaluator, node: NumericDerivative) -> Any:
    """d(inner)/d(variable) at the point by a five-point stencil; with respect to a whole vector, one entry at a time."""
    variable = node.variable
    if isinstance(variable, sympy.Indexed) and variable.base.label.name not in evaluator.values:
        return _derivative_by_defined_element(evaluator, node)
    alias = _alias_of(evaluator, variable)
    if alias is not None:  # `o_i = z_i`: the student's name for the logit; ∂E/∂o_i is ∂E/∂z_i
        return numeric_derivative(evaluator, NumericDerivative(node.inner, alias))
    if isinstance(variable, sympy.Symbol) and variable.name not in evaluator.values and variable.name in evaluator.definitions:
        # ∂E/∂s for a defined s: hold s at its value and move it, as the chain rule reads.
        with evaluator.with_values({variable.name: as_scalar(evaluator._eval(variable))}):
            return numeric_derivative(evaluator, node)
    name, position = _location(evaluator, variable)
    base = evaluator.values[name]
    is_array = isinstance(base, np.ndarray)
    if is_array and position is None and np.ndim(base) > 0:
        # `\frac{\partial E}{\partial z}` for the whole vector z: the derivative componentwise
        whole = np.zeros(np.shape(base), dtype=complex)
        for offset in np.ndindex(whole.shape):
            element = sympy.Indexed(sympy.IndexedBase(name), *[sympy.Integer(k + 1) for k in offset])
            whole[offset] = as_scalar(numeric_derivative(evaluator, NumericDerivative(node.inner, element)))
        return whole
    center = complex(base[position] if is_array else base)
    step = finite_difference_step(center)

    def at(offset: float) -> Any:
        moved: np.ndarray | complex
        if is_array:
            moved = np.array(base, dtype=complex)
            moved[position] = center + offset
        else:
            moved = center + offset
        with evaluator.with_values({name: moved}):
            return evaluator._eval(node.inner)

    # Five-point stencil: error of order step**4, below 1e-10 relative for smooth functions.
    f2, f1, b1, b2 = at(2 * step), at(step), at(-step), at(-2 * step)
    return (-f2 + 8 * f1 - 8 * b1 + b2) / (12 * step)


def _alias_of(evaluator: Evaluator, variable: sympy.Basic) -> sympy.Basic | None:
    """The problem's variable a student's name stands for (`o_i = z_i`), if it is only that."""
    if not isinstance(variable, sympy.Symbol) or variable.name in evaluator.values:
        return None
    definition = evaluator.definitions.get(variable.name)
    if definition is None or definition.params:
        return None
    body = definition.body
    if isinstance(body, sympy.Indexed) and body.base.label.name in evaluator.values:
        return body
    if isinstance(body, sympy.Symbol) and body.name in evaluator.values:
        return body
    return None


def _derivative_by_defined_element(evaluator: Evaluator, node: NumericDerivative) -> Any:
    """∂E/∂y_k where y is defined (y_k = softmax): y_k is held and moved, the other y_j follow their definition."""
    variable = node.variable
    name = variable.base.label.name
    if name not in evaluator.definitions:
        raise EvaluationError(f"cannot differentiate with respect to {name}")
    key = (name, tuple(index_value(evaluator._eval(i)) for i in variable.indices))
    center = as_scalar(evaluator._eval(variable))
    step = finite_difference_step(center)
    saved = evaluator._pinned.get(key)
    values = []
    try:
        for offset in (2 * step, step, -step, -2 * step):
            evaluator._pinned[key] = center + offset
            values.append(evaluator._eval(node.inner))
    finally:
        if saved is None:
            evaluator._pinned.pop(key, None)
        else:
            evaluator._pinned[key] = saved
    f2, f1, b1, b2 = values
    return (-f2 + 8 * f1 - 8 * b1 + b2) / (12 * step)


def _location(evaluator: Evaluator, variable: sympy.Basic) -> tuple[str, Any]:
    """The point's name a derivative moves, and the 0-based position of the entry (None for a whole value)."""
    if isinstance(variable, sympy.Symbol):
        if variable.name not in evaluator.values:
            raise EvaluationError(f"cannot differentiate with respect to {variable.name}")
        return variable.name, None
    if isinstance(variable, sympy.Indexed):
        name = variable.base.label.name
        if name not in evaluator.values:
            raise EvaluationError(f"cannot differentiate with respect to {name}")
        indices = tuple(index_value(evaluator._eval(i)) - 1 for i in variable.indices)
        return name, indices
    raise EvaluationError(f"cannot differentiate with respect to {variable}")


def gradient(evaluator: Evaluator, expr: Gradient) -> Any:
    """`\\nabla_w f` as a column (a matrix's gradient keeps its shape): of an expression in w, of a defined
    function at its argument (`\\nabla J(w^*)`), or 0 for an expression without w."""
    function, variable = expr.args
    name = name_of(variable)
    if name in {name_of(s) for s in function.free_symbols} or mentions(function, name):
        return _gradient_at(evaluator, function, name, evaluator.values.get(name))
    if isinstance(function, AppliedUndef) and len(function.args) == 1:
        definition = evaluator.definitions.get(function.func.__name__)
        if definition is None or len(definition.params) != 1:
            raise EvaluationError(f"no definition of {function.func.__name__}")
        point = evaluator._eval(function.args[0])
        param = name_of(definition.params[0])
        return _gradient_at(evaluator, definition.body, param, point)
    if isinstance(evaluator.values.get(name), np.ndarray) and not isinstance(function, AppliedUndef):
        return np.zeros(evaluator.values[name].shape, dtype=complex)  # `\nabla_w J_0`: constant in w
    raise EvaluationError(f"cannot take the gradient with respect to {name}")


def _gradient_at(evaluator: Evaluator, body: sympy.Basic, name: str, point: Any) -> Any:
    """The gradient of `body` in the variable `name`, at `point`: every entry moved by its own step."""
    if point is None:
        raise EvaluationError(f"no value for {name}")
    center = np.array(point, dtype=complex)
    flat = center.reshape(-1)
    result = np.zeros(flat.shape, dtype=complex)
    for k in range(flat.size):
        scale = finite_difference_step(flat[k])
        values = []
        for offset in (2 * scale, scale, -scale, -2 * scale):
            moved = flat.copy()
            moved[k] += offset
            with evaluator.with_values({name: moved.reshape(center.shape)}):
                values.append(complex(as_scalar(evaluator._eval(body))))
        f2, f1, b1, b2 = values
        result[k] = (-f2 + 8 * f1 - 8 * b1 + b2) / (12 * scale)
    return result.reshape(center.shape if center.ndim == 2 else (-1, 1))
