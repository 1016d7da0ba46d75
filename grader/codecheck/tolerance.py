"""Every numerical tolerance of the code checks, in one place.

Errors are relative in the CS231n style: elementwise
``|a - b| / max(FLOOR, |a| + |b|)``, maximum over the elements.  The floor
keeps entries that are zero in both (e.g. a ReLU gradient) from dividing
by zero; below it the error becomes absolute.  Reference and student both
compute exact formulas in float64, so honest differences are rounding
(about 1e-15 relative); the thresholds are far above that and far below
any real mistake (the smallest mistakes we catch change values by > 1e-4).
"""

from __future__ import annotations

import numpy as np

#: Denominator floor of the relative error.
FLOOR = 1e-8

#: Maximum relative error accepted, by kind of value.
TOLERANCE = {
    # A forward value is a few float operations: rounding stays near 1e-15.
    "forward": 1e-7,
    # Backward passes chain more operations and a staged (graph) backward sums in another
    # order than the compact formula; batch norm's dx cancels terms, so allow 10x more.
    "backward": 1e-6,
    # A scalar loss: one log-sum-exp or a sum of squares.
    "loss": 1e-7,
    # An optimizer step, compared as the step next_w - w (not next_w itself, which would
    # hide a wrong step under a large w); state carried over many steps accumulates rounding.
    "step": 1e-6,
    # Perceptron weights, bias, counts and predictions: integer inputs make every
    # operation exact, so anything but rounding-free equality is a different run.
    "exact": 1e-9,
}

#: Rounding slack of a step, relative to |w| (a step is a difference of two numbers near w).
STEP_ROUNDING = 1e-14


#: A backward output judged against the student's own forward pass (where that forward pass
#: deviates from the contract) must match its central differences along each random direction v
#: within this fraction of |grad| * |v|.  Central differences in float64 with a step of 1e-6 are
#: good to about 1e-8 of that scale; a backward pass with a bug of its own misses by 1e-2 or more.
OWN_DERIVATIVE_TOLERANCE = 1e-4

#: ... and be the derivative of a forward pass with a deviation (a hard-coded or missing eps, an
#: unbiased variance), not of another function: a forward pass returning zeros has a backward pass
#: returning zeros as its exact derivative.  So the student's gradient must be within this factor
#: of the contract's in size ...
DEVIATION_RATIO = 10.0

#: ... and point the same way (cosine of the angle between them at least this).
DEVIATION_COSINE = 0.5


#: A known mistake is recognized (named) only from values it changes by more than this many
#: tolerances: a mistake whose effect on some value sits near the tolerance (a hard-coded epsilon
#: where the gradients are large) would be named under some seeds and not others.
DIAGNOSIS_MARGIN = 30.0

#: A stabilizing epsilon (at most 1e-6, the reference catalog's `STABILIZING_EPSILON`) added
#: inside a log, a square root or a denominator is not a mistake.  The catalog holds each such
#: variant computed with the largest accepted epsilon; a value that fails its check passes, with a
#: note, where it lies between the reference's and that variant's, entry by entry (within the
#: check's tolerance), on inputs where the epsilon's effect stays below this relative error.
#: Beyond it the epsilon is what the check is about (a probability of e^-1000 read through
#: log(p + eps) is not a stable log-softmax), and the value answers to the reference alone.
#: The plans keep every other input far from that bound (softmax scores clipped to +-4).
STABILIZING_LIMIT = 1e-2


def within_band(expected: np.ndarray, variant: np.ndarray, got: np.ndarray, kind: str) -> bool:
    """Whether `got` lies between the reference's `expected` and an accepted variant's value."""
    if not (expected.shape == variant.shape == got.shape) or not np.all(np.isfinite(variant)):
        return False
    if relative_error(expected, variant, kind) > STABILIZING_LIMIT:
        return False
    slack = TOLERANCE[kind] * np.maximum(FLOOR, np.abs(expected) + np.abs(got))
    low, high = np.minimum(expected, variant) - slack, np.maximum(expected, variant) + slack
    return bool(np.all((got >= low) & (got <= high)))


def relative_error(expected: np.ndarray, got: np.ndarray, kind: str, base: np.ndarray | None = None) -> float:
    """The largest elementwise relative error between two finite arrays of the same shape."""
    # called thousands of times per submission (every value of every known mistake tried):
    # the ndarray's own max and no conversion of float64 arrays, not np.max's dispatch
    expected = _float64(expected)
    got = _float64(got)
    if expected.size == 0:
        return 0.0
    difference = np.abs(expected - got)
    if kind == "step" and base is not None:
        base = _float64(base)
        difference = np.maximum(difference - STEP_ROUNDING * (np.abs(base) + np.abs(expected)), 0.0)
        scale = np.abs(expected - base) + np.abs(got - base)
    else:
        scale = np.abs(expected) + np.abs(got)
    return float((difference / np.maximum(FLOOR, scale)).max())


def _float64(value) -> np.ndarray:
    return value if type(value) is np.ndarray and value.dtype == np.float64 else np.asarray(value, dtype=np.float64)


def close(expected: np.ndarray, got: np.ndarray, kind: str, base: np.ndarray | None = None) -> bool:
    return relative_error(expected, got, kind, base) <= TOLERANCE[kind]
