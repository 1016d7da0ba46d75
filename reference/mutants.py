"""The catalog of known mistakes: small trusted functions that each make one named mistake.

A mutant replaces one function of a reference module.  The grader runs a
mutant on the same inputs as the student (in the grader's own process: this
is our code, not the student's) and, when the student's results reproduce
everything the mutant gets wrong, names the mistake in words a student
understands.  Every mutant's explanation is the message ``mistake.<id>``.

`implementation(module, overrides)` gives the functions of a module with
some replaced; in backprop, `mlp_loss` is rebuilt from the replaced layers,
as a student's own `mlp_loss` would use the student's own layers.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial

import numpy as np

from grader.results.i18n import define

from . import backprop as bp
from . import batchnorm as bn
from . import optimizers as opt
from . import perceptron as pc

MODULES = {"backprop": bp, "batchnorm": bn, "perceptron": pc, "optimizers": opt}

FUNCTIONS: dict[str, tuple[str, ...]] = {
    "backprop": (
        "affine_forward", "affine_backward", "sigmoid_forward", "sigmoid_backward", "tanh_forward",
        "tanh_backward", "relu_forward", "relu_backward", "softmax_loss", "mse_loss", "mlp_loss",
    ),
    "batchnorm": ("batchnorm_forward", "batchnorm_backward", "layernorm_forward", "layernorm_backward"),
    "perceptron": ("perceptron_train", "perceptron_predict"),
    "optimizers": opt.NAMES,
}


@dataclass(frozen=True)
class Mutant:
    """One named mistake."""

    id: str
    """Stable id (class statistics count it): ``"<function>.<mistake>"``."""

    module: str
    """The contract file it belongs to, without .py."""

    function: str
    """The function it replaces."""

    impl: Callable
    """The mistaken function, with the contract's signature."""

    cost: float | None = None
    """The share of its function's points the mistake costs wherever it shows, however many check
    groups it fails (`DETAIL`, `HALF`); None: each check group it fails costs that group's weight."""

    @property
    def message_key(self) -> str:
        return f"mistake.{self.id}"


#: The cost of a mistake in a detail that touches every value (an epsilon's value or place, a
#: hyperparameter read from the wrong place, the tie at a score of exactly 0, an extra axis of
#: size 1): what a TA takes off for it once, where it would otherwise fail every check group.
DETAIL = 0.25

#: The cost of a mistake that is off by one in a step of the algorithm (the step counter's start).
HALF = 0.5

MUTANTS: list[Mutant] = []
_TEXT: dict[str, tuple[str, str]] = {}


def mutant(module: str, function: str, name: str, en: str, zh: str, cost: float | None = None):
    """Register the decorated function as the mutant ``function.name`` (`Mutant.cost`: what it
    costs once, however many check groups it fails; by default each group it fails)."""

    def register(impl: Callable) -> Callable:
        mutant_id = f"{function}.{name}"
        MUTANTS.append(Mutant(mutant_id, module, function, impl, cost))
        _TEXT[f"mistake.{mutant_id}"] = (en, zh)
        return impl

    return register


def implementation(module: str, overrides: Mapping[str, Callable] | None = None) -> dict[str, Callable]:
    """The functions of a contract file by name: the reference, with `overrides` swapped in."""
    source = MODULES[module]
    functions = {name: getattr(source, name) for name in FUNCTIONS[module]}
    functions.update(overrides or {})
    if module == "backprop":
        mlp = (overrides or {}).get("mlp_loss")
        if mlp is None:
            functions["mlp_loss"] = partial(bp.mlp_loss_with, dict(functions))
        elif "layers" in inspect.signature(mlp).parameters:  # a weight-decay mistake on top of a layer's
            functions["mlp_loss"] = partial(mlp, layers=dict(functions))
    return functions


@dataclass(frozen=True)
class Variant:
    """An accepted deviation from the reference: a stabilizing epsilon (at most 1e-6) inside a
    log, a square root or a denominator.  A student's value between the reference's and this
    variant's (computed with the largest accepted epsilon) passes, with a note and no cost."""

    id: str
    """``"<function>.<variant>"``."""
    module: str
    """The contract file it belongs to, without .py."""
    function: str
    """The function it replaces."""
    impl: Callable
    """The variant, with the contract's signature."""

    @property
    def message_key(self) -> str:
        return f"variant.{self.id}"


VARIANTS: list[Variant] = []

#: The largest stabilizing epsilon accepted (grader.codecheck.tolerance explains the rule).
STABILIZING_EPSILON = 1e-6


def variant(module: str, function: str, name: str, en: str, zh: str):
    """Register the decorated function as the accepted variant ``function.name``."""

    def register(impl: Callable) -> Callable:
        variant_id = f"{function}.{name}"
        VARIANTS.append(Variant(variant_id, module, function, impl))
        _TEXT[f"variant.{variant_id}"] = (en, zh)
        return impl

    return register


def variants_of(module: str) -> list[Variant]:
    return [v for v in VARIANTS if v.module == module]


def mutants_of(module: str) -> list[Mutant]:
    return [m for m in MUTANTS if m.module == module]


def by_id(mutant_id: str) -> Mutant:
    for m in MUTANTS:
        if m.id == mutant_id:
            return m
    raise KeyError(mutant_id)


def _f(a):
    return np.asarray(a, dtype=np.float64)


# The catalog itself, one module per contract file, loaded in the contract's order (each registers
# its mutants and variants as it loads, with the names above: it imports this module).
for _contract_file in ("backprop", "batchnorm", "perceptron", "optimizers"):
    importlib.import_module(f"{__package__}.{_contract_file}_mistakes")

# what the code checker asks the catalog for, beside the registry: an optimizer's epsilon seen
# hard-coded on top of another mistake
from .optimizers_mistakes import HARD_CODED_EPSILONS, with_epsilon  # noqa: E402, F401

define(_TEXT)
