"""Functions an author applies and never defines (`P(x_i \\mid \\theta)`, `L(w)`, `f(x_i)`), for the evaluator.

A step such as `\\log \\prod_i P(x_i \\mid \\theta) = \\sum_i \\log P(x_i \\mid \\theta)` or `\\nabla \\tilde L(w) =
\\nabla L(w) + \\alpha w` (with `\\tilde L(w) = L(w) + \\frac{\\alpha}{2}\\|w\\|^2`) holds whatever the function is.
It is checked with a random smooth function (`unspecified.draw_coefficients`) in place of each such name, drawn
per point from a fixed seed, the point's number, the function's name and the size of its arguments: both sides
of one step, and every derivative taken numerically, see the same function at the same point; the next point
sees another one.

A point draws either a signed function or a positive one (the softplus of a signed one): an author's unnamed
function is most often a probability or a loss, whose logarithm a step takes; a step that needs the sign
(`|f(x)| = f(x)`) is refuted at the signed points.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from typing import Any

import numpy as np
import sympy

from grader.mathengine.evaluate import EvaluationError, Evaluator, SpecialFunction
from grader.mathengine.unspecified import draw_coefficients, flattened_argument, smooth_value

#: The point key holding how this point's free functions are drawn (a key a student cannot write).
DRAW_KEY = "_free_function_draw"


def free_function_draw(seed: int, number: int, positive: bool) -> dict[str, Any]:
    """The entry of a point under `DRAW_KEY`: the functions of point `number`, positive ones or signed ones."""
    return {"seed": seed, "number": number, "positive": positive, "drawn": {}}


def free_functions(names: Iterable[str]) -> dict[str, SpecialFunction]:
    """Special functions evaluating each name as an arbitrary smooth function of its arguments' entries."""
    return {name: _drawn_function(name) for name in names}


def _drawn_function(name: str) -> SpecialFunction:
    def value(evaluator: Evaluator, args: tuple[sympy.Basic, ...]) -> complex:
        draw = evaluator.values.get(DRAW_KEY)
        if not isinstance(draw, dict):
            raise EvaluationError(f"no value for {name}")
        flat = np.concatenate([flattened_argument(evaluator, a) for a in args]) if args else np.zeros(1)
        key = (name, flat.size)
        coefficients = draw["drawn"].get(key)
        if coefficients is None:
            # a stable hash of the name: Python's own is salted per process (same code, same grade)
            rng = np.random.default_rng([draw["seed"], draw["number"], zlib.crc32(name.encode()), flat.size])
            coefficients = draw["drawn"][key] = draw_coefficients(rng, flat.size)
        signed = smooth_value(coefficients, flat)
        return complex(np.logaddexp(0.0, signed) + 0.05 if draw["positive"] else signed)

    return value
