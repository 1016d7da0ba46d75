"""Functions a problem names but does not define (``\\mathrm{NLL}(w)``, ``J(w)``), for the evaluator.

A claim such as ``\\arg\\max_w p(\\mathcal D \\mid w) p(w) = \\arg\\min_w \\mathrm{NLL}(w) + \\Omega(w)``
must hold whatever the negative log-likelihood is.  Each such function is a random smooth
function drawn once per point (its coefficients are part of the point, under a key the
student cannot write), so both sides of one link see the same function, and the claim is
tested against many functions, not one.  ``sign``/``sgn`` are here too: declared functions
whose meaning is fixed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import sympy

from grader.mathengine.evaluate import EvaluationError, Evaluator, SpecialFunction

#: How many cosine waves make up one random function (enough to have several local shapes).
WAVES = 4


def coefficient_key(name: str) -> str:
    """The point key holding the coefficients of the unspecified function `name`."""
    return f"_unspecified_{name}"


def draw_coefficients(rng: np.random.Generator, arity: int) -> dict[str, np.ndarray | float]:
    """One random smooth function of `arity` scalar arguments (vectors are flattened):
    a bowl plus a few waves, so that it has a minimum and is not a plain quadratic."""
    return {
        "curvature": rng.uniform(0.2, 1.5),
        "center": rng.normal(size=arity),
        "amplitude": rng.uniform(0.1, 0.6, WAVES),
        "frequency": rng.normal(size=(WAVES, arity)),
        "phase": rng.uniform(0, 2 * np.pi, WAVES),
        "offset": rng.normal(),
    }


def with_unspecified(point: dict, rng: np.random.Generator, functions: Mapping[str, int]) -> dict:
    """`point` with a random function drawn for each name of `functions` (name -> arity)."""
    for name, arity in functions.items():
        point[coefficient_key(name)] = draw_coefficients(rng, arity)
    return point


def unspecified_functions(names: Sequence[str]) -> dict[str, SpecialFunction]:
    """Special functions evaluating each name as the random function stored in the point."""
    return {name: _random_function(name) for name in names}


def _random_function(name: str) -> SpecialFunction:
    def value(evaluator: Evaluator, args: tuple[sympy.Basic, ...]) -> complex:
        coefficients = evaluator.values.get(coefficient_key(name))
        if coefficients is None:
            raise EvaluationError(f"no value for {name}")
        flat = np.concatenate([flattened_argument(evaluator, a) for a in args]) if args else np.zeros(0)
        arity = len(coefficients["center"])
        if flat.size != arity:
            flat = np.resize(flat, arity) if flat.size else np.zeros(arity)
        return complex(smooth_value(coefficients, flat))

    return value


def smooth_value(coefficients: Mapping[str, np.ndarray | float], flat: np.ndarray) -> float:
    """The value at `flat` (as many entries as the function's arity) of the function `coefficients` describe."""
    shifted = flat - coefficients["center"]
    waves = coefficients["amplitude"] * np.cos(coefficients["frequency"] @ flat + coefficients["phase"])
    return float(0.5 * coefficients["curvature"] * shifted @ shifted + waves.sum() + coefficients["offset"])


def flattened_argument(evaluator: Evaluator, arg: sympy.Basic) -> np.ndarray:
    """An argument's values, flattened: `NLL(w)` with w indexed takes the whole vector w."""
    if isinstance(arg, sympy.Symbol) and isinstance(evaluator.values.get(arg.name), np.ndarray):
        return np.ravel(evaluator.values[arg.name]).real.astype(float)
    return np.ravel(np.asarray(evaluator.value(arg), dtype=complex)).real


def _sign(evaluator: Evaluator, args: tuple[sympy.Basic, ...]) -> complex:
    if len(args) != 1:
        raise EvaluationError("sign takes one argument")
    return complex(np.sign(evaluator.scalar(args[0]).real))


#: ``\\operatorname{sign}(x)`` and ``\\operatorname{sgn}(x)`` as declared functions.
SIGN_FUNCTIONS: dict[str, SpecialFunction] = {"sign": _sign, "sgn": _sign}
