"""E and Var over a Bernoulli mask, for the evaluator (dropout's moments).

A mask ``m \\sim \\mathrm{Bernoulli}(p)`` takes the value 1 with probability p and 0 otherwise,
so the expectation of any expression in m is exact: E[f(m)] = p f(1) + (1 - p) f(0), and
Var[f(m)] = E[f(m)^2] - E[f(m)]^2.  Everything else in the expression (h, p) is a fixed
number at the point.  m^2 = m holds by construction, since m is only ever 0 or 1.
"""

from __future__ import annotations

import sympy

from grader.mathengine.evaluate import EvaluationError, Evaluator, SpecialFunction


def bernoulli_mask(mask: str, keep_probability: str) -> dict[str, SpecialFunction]:
    """Special functions ``E`` and ``Var`` for the mask named `mask` kept with probability `keep_probability`."""

    def outcomes(evaluator: Evaluator, args: tuple[sympy.Basic, ...]) -> tuple[complex, complex, complex]:
        if len(args) != 1:
            raise EvaluationError("E and Var take one argument")
        p = evaluator.scalar(sympy.Symbol(keep_probability))
        with evaluator.with_values({mask: complex(1)}):
            kept = evaluator.scalar(args[0])
        with evaluator.with_values({mask: complex(0)}):
            dropped = evaluator.scalar(args[0])
        return p, kept, dropped

    def expectation(evaluator: Evaluator, args: tuple[sympy.Basic, ...]) -> complex:
        p, kept, dropped = outcomes(evaluator, args)
        return p * kept + (1 - p) * dropped

    def variance(evaluator: Evaluator, args: tuple[sympy.Basic, ...]) -> complex:
        p, kept, dropped = outcomes(evaluator, args)
        mean = p * kept + (1 - p) * dropped
        return p * kept**2 + (1 - p) * dropped**2 - mean**2

    return {"E": expectation, "Var": variance}
