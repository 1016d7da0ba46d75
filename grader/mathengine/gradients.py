"""The backward pass through a linear layer: the loss's gradients as zero-mean random variables.

Glorot's argument keeps the variance of the gradients as well as the activations: authors write
`\\frac{\\partial L}{\\partial a_j} = \\sum_{k=1}^{n_{out}} w_{jk} f'(z_k) \\frac{\\partial L}{\\partial z_k}` and
`Var(\\partial L / \\partial a) = n_{out} Var(w) Var(\\partial L / \\partial z)`.  The loss itself has no value
in such a problem, but its gradients have a model, the one the argument assumes:

- the gradient with respect to a layer's output, `\\partial L / \\partial z_k`, is a zero-mean random variable,
  independent of the weights and of the other outputs' gradients, with a variance of its own (a point
  value, drawn like the problem's other variances);
- the gradient with respect to the layer's input is the backward pass written out,
  `\\sum_{k=1}^{n_{out}} w_{jk} \\partial L / \\partial z_k`, with weights of the problem's variance
  independent of everything else;
- the slope `f'(z_k)` of the author's activation at an output is 1: the problem's layer is linear (the
  linear regime Glorot assumes);
- the layer's bias (`b`, `b_t`), where the author writes one and does not define it, is a constant: biases
  start deterministic, so `Var(w a + b) = Var(w a)`.

`BackwardPass` says which letters are the layer's input and output; `written_out` gives the expectation
code (`grader.mathengine.moments`) a gradient as the random variables above.  Outside E[...] or Var(...) a
gradient is a random variable with no value (`no_value_name`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from typing import Any

import sympy
from sympy.core.function import AppliedUndef

#: The name of the output gradients' random variables (an indexed base: one per output).
OUTPUT_GRADIENT = "∂L/∂z"
#: The name said of an input gradient written outside E[...] or Var(...) (it has no value there).
INPUT_GRADIENT = "∂L/∂a"
GRADIENT_NAMES = (OUTPUT_GRADIENT, INPUT_GRADIENT)
#: The point key of the bias's constant value.
BIAS_VALUE = "bias(b)"


@dataclass(frozen=True)
class BackwardPass:
    """The letters of one linear layer whose gradients the problem models (see the module's docstring)."""

    inputs: tuple[str, ...]
    """Letters of the layer's input (`a`): the gradient with respect to them is the backward pass."""
    outputs: tuple[str, ...]
    """Letters of the layer's output (`z`): the gradient with respect to them is a random variable."""
    weights: str
    """The weights' letter (`w`): the backward sum's weights `w_{jk}` are further independent weights of its variance."""
    fan_out: str
    """The name of the layer's number of outputs (`n_out`), the backward pass's length."""
    variance: str
    """The point key holding the output gradients' variance."""
    free_scenario: str
    """The scenario whose weights' variance is free: a step about the gradients is an identity there.  (The
    key's scenarios fix Var(w) where the forward or the backward condition holds, and there
    `Var(\\partial L/\\partial a) = n_{out} Var(w) Var(\\partial L/\\partial a)` would hold too: the condition, not a step.)"""
    bias: str = ""
    """The letter of the layer's bias (`b`, also written `b_t`, `b_i`, `b_{j}`): in E[...] and Var(...) a constant,
    deterministic (biases start at a constant, not at random), with the value the point key `bias(b)` holds
    (any value: a step that holds only for a zero bias is not taken); '' where the layer has no bias letter."""

    def role(self, expr: Any, defined: Collection[str] = ()) -> tuple[str, tuple] | None:
        """("input" or "output", the indices written) where `expr` is the derivative of a loss (a plain
        letter, not one of the names `defined`: a loss the author defines is theirs) with respect to an input
        or output letter, once; None otherwise."""
        if not isinstance(expr, sympy.Derivative) or len(expr.variable_count) != 1:
            return None
        (variable, count), loss = expr.variable_count[0], expr.expr
        if count != 1 or not isinstance(loss, sympy.Symbol) or loss.name in (self.weights, *self.inputs, *self.outputs):
            return None
        if loss.name in defined:
            return None
        if isinstance(variable, sympy.Indexed):
            name, indices = variable.base.label.name, tuple(variable.indices)
        elif isinstance(variable, sympy.Symbol):
            name, indices = variable.name, ()
        else:
            return None
        if len(indices) > 1:
            return None
        if name in self.inputs:
            return "input", indices
        if name in self.outputs:
            return "output", indices
        return None

    def slope(self, expr: Any) -> bool:
        """Whether `expr` is `f'(z_k)`: an undefined function of one output, differentiated in it once."""
        if not isinstance(expr, sympy.Derivative) or len(expr.variable_count) != 1:
            return False
        (variable, count), inner = expr.variable_count[0], expr.expr
        if count != 1 or not isinstance(inner, AppliedUndef) or inner.args != (variable,):
            return False
        name = variable.base.label.name if isinstance(variable, sympy.Indexed) else getattr(variable, "name", None)
        return name in self.outputs

    def is_bias(self, expr: Any) -> bool:
        """Whether `expr` is the bias letter, plain or with an index (`b`, `b_t`, `b_i`)."""
        if not self.bias:
            return False
        if isinstance(expr, sympy.Indexed):
            return expr.base.label.name == self.bias
        return isinstance(expr, sympy.Symbol) and (expr.name == self.bias or expr.name.startswith(self.bias + "_"))

    def written_out(self, expr: Any, defined: Collection[str] = ()) -> Any:
        """A gradient as the model's random variables, an activation's slope as 1, the bias as its constant;
        None for anything else.

        The input gradient without an index (`\\partial L / \\partial a`, any one entry) is the first entry's."""
        if self.slope(expr):
            return sympy.Integer(1)
        if self.is_bias(expr):
            return sympy.Symbol(BIAS_VALUE)
        role = self.role(expr, defined)
        if role is None:
            return None
        kind, indices = role
        base = sympy.IndexedBase(OUTPUT_GRADIENT)
        if kind == "output":
            return base[indices[0]] if indices else sympy.Symbol(OUTPUT_GRADIENT)
        row = indices[0] if indices else sympy.Integer(1)
        k = sympy.Dummy("k")
        return sympy.Sum(sympy.IndexedBase(self.weights)[row, k] * base[k], (k, 1, sympy.Symbol(self.fan_out)))

    def goal(self, left: Any, right: Any) -> bool:
        """Whether `left = right` equates the variances of an input's and an output's gradient: the backward
        condition stated (`Var(\\partial L/\\partial a) = Var(\\partial L/\\partial z)`), as `Var(z) = Var(a)` states the forward one."""
        roles = set()
        for side in (left, right):
            if not (isinstance(side, AppliedUndef) and side.func.__name__ == "Var" and len(side.args) == 1):
                return False
            role = self.role(side.args[0])
            if role is None:
                return False
            roles.add(role[0])
        return roles == {"input", "output"}

    def biased(self, *exprs: Any) -> bool:
        """Whether any of the expressions writes the bias letter inside E[...] or Var(...)."""
        return any(self.is_bias(node) for expr in exprs if isinstance(expr, sympy.Basic)
                   for call in expr.atoms(AppliedUndef) if call.func.__name__ in ("E", "Var")
                   for node in sympy.preorder_traversal(call))

    def mentioned(self, *exprs: Any, defined: Collection[str] = ()) -> bool:
        """Whether any of the expressions writes a gradient this model reads (of a loss not `defined`)."""
        return any(self.role(node, defined) is not None for expr in exprs if isinstance(expr, sympy.Basic)
                   for node in sympy.preorder_traversal(expr))


def no_value_name(backward: BackwardPass | None, expr: Any, defined: Collection[str] = ()) -> str | None:
    """The name to say "has no value" of, where `expr` is a gradient the model reads as a random
    variable (outside E[...] or Var(...) it has no value); None where it is not one."""
    role = backward.role(expr, defined) if backward is not None else None
    if role is None:
        return None
    return OUTPUT_GRADIENT if role[0] == "output" else INPUT_GRADIENT


def with_letters(special: Mapping[str, Any], inputs: tuple[str, ...], outputs: tuple[str, ...]) -> dict[str, Any]:
    """The special functions with the author's letters for the layer's input and output added to the
    backward pass's (`\\frac{\\partial L}{\\partial X} = W^T \\frac{\\partial L}{\\partial Y}` names X and Y)."""
    backward = backward_pass_of(special)
    if backward is None:
        return dict(special)
    wider = replace(backward, inputs=(*backward.inputs, *inputs), outputs=(*backward.outputs, *outputs))
    mean = special["E"]

    def mean_with_letters(evaluator: Any, args: tuple) -> Any:
        return mean(evaluator, args)

    mean_with_letters.variances = mean.variances  # type: ignore[attr-defined]
    mean_with_letters.backward = wider  # type: ignore[attr-defined]
    return {**special, "E": mean_with_letters}


def backward_pass_of(special: Any) -> BackwardPass | None:
    """The backward pass the problem's E[...] models, if any."""
    mean = special.get("E") if isinstance(special, Mapping) else None
    backward = getattr(mean, "backward", None)
    return backward if isinstance(backward, BackwardPass) else None
