"""The perceptron (contract section 3, perceptron.py; 10 points).

Points per function: perceptron_train 7 (separable data 2/3, non-separable
data stopped by max_epochs 1/3), perceptron_predict 3 (random scores 2/3,
scores of exactly 0 1/3).

All data are small integers, so every score is exact: a score of exactly 0
really happens (it does at the all-zero start), and the run of a correct
student is the reference's run bit for bit.  The augmented form (w with the
bias as an extra last or first component) is accepted.
"""

from __future__ import annotations

import numpy as np

from grader.course.problem import CodeSpec

#: The courses that grade this problem and its place in each (a course lists its problems by
#: place; `grader.course.course` reads this literal without importing the module).
COURSES = {"default": 80, "extended": 80}

POINTS = {"perceptron_train": 7.0, "perceptron_predict": 3.0}


def strip_bias(got: np.ndarray, expected: np.ndarray, returned) -> np.ndarray:
    """w in augmented form (one extra component equal to the returned bias) as the plain w."""
    if got.shape != (expected.shape[0] + 1,) or not isinstance(returned, (tuple, list)) or len(returned) < 2:
        return got
    try:
        bias = float(np.asarray(returned[1], dtype=np.float64).reshape(-1)[0])
    except (TypeError, ValueError, IndexError):
        return got
    # bias last or first; where both ends equal the bias, the reading that is right is the student's
    readings = [w for w, end in ((got[:-1], got[-1]), (got[1:], got[0])) if end == bias]
    return next((w for w in readings if np.array_equal(w, expected)), readings[0] if readings else got)


#: The starter file a student is given (`grade init`, the student kit).
STUB = '''"""The perceptron algorithm."""

import numpy as np


def perceptron_train(X, y, max_epochs=100):
    """X (N, D), y (N,) with values in {-1, +1}.

    w = zeros(D), b = 0.0; each epoch visits i = 0..N-1 in order:
    if y[i] * (w @ X[i] + b) <= 0: w += y[i] * X[i]; b += y[i]  (one update).
    Stops after the first epoch without an update, or after max_epochs epochs.
    -> (w, b, n_updates)
    """
    raise NotImplementedError


def perceptron_predict(X, w, b):
    """-> (N,) in {-1, +1}; a score of exactly 0 gives +1."""
    raise NotImplementedError
'''

SPEC = CodeSpec(id="perceptron", title="The perceptron", module="perceptron", points=POINTS, stub=STUB)


# == the key: only the grader sees what follows (the student kit holds this module up to here) ==

from grader.reference.perceptron import perceptron_train  # noqa: E402  (the key's imports: the kit's copy never loads them)

from grader.codecheck.plan import Output, Plan, inputs  # noqa: E402
from grader.codecheck.problem import CodeProblem  # noqa: E402

WEIGHTS = {
    "perceptron_train": {"separable": 2.0, "max_epochs": 1.0},
    "perceptron_predict": {"values": 2.0, "zero_score": 1.0},
}


def _train_outputs():
    return [
        Output("w", "exact", index=0, like="X[0]", adapt=strip_bias),
        Output("b", "exact", index=1, scalar=True),
        Output("n_updates", "exact", index=2, scalar=True),
    ]


def _separable(rng: np.random.Generator, n: int, d: int, first: float):
    """Integer points strictly on both sides of an integer hyperplane, which the perceptron separates
    quickly but not in one epoch, the first of them labelled `first`."""
    while True:
        w_true = rng.integers(-3, 4, size=d)
        b_true = int(rng.integers(-2, 3))
        if not w_true.any():
            continue
        X = rng.integers(-4, 5, size=(4 * n, d)).astype(np.float64)
        scores = X @ w_true + b_true
        X = X[scores != 0][:n]
        if len(X) < n:
            continue
        y = np.where(X @ w_true + b_true > 0, 1.0, -1.0)
        if abs(y.sum()) == n:  # both classes
            continue
        k = int(np.argmax(y == first))
        X[[0, k]], y[[0, k]] = X[[k, 0]], y[[k, 0]]
        w, b, updates = perceptron_train(X, y, 50)
        once = perceptron_train(X, y, 1)
        # more than one epoch, so that stopping after the first shows whatever the seed
        if np.all(np.where(X @ w + b > 0, 1.0, -1.0) == y) and updates >= 3 and once[2] < updates:
            return X, y


def _xor_like(rng: np.random.Generator, n: int):
    """Integer points labelled by the sign of x0 * x1: no line separates them."""
    X = rng.integers(-3, 4, size=(n, 2)).astype(np.float64)
    X[X == 0] = 1.0
    X[:4] = [[1, 1], [-1, -1], [1, -1], [-1, 1]]
    y = np.where(X[:, 0] * X[:, 1] > 0, 1.0, -1.0)
    return X, y


def _train(plan: Plan, rng: np.random.Generator) -> None:
    # Each group starts one case on an example labelled +1 and one on an example labelled -1: the
    # all-zero start gives a score of exactly 0 to both, so a tie rule other than the contract's
    # (update when y * score <= 0) shows in every group, whatever the seed.
    for (n, d, epochs), first in zip(((10, 2, None), (14, 3, 50)), (1.0, -1.0)):
        X, y = _separable(rng, n, d, first)
        kwargs = {} if epochs is None else {"max_epochs": epochs}
        call = plan.call("perceptron_train", X, y, kwargs=kwargs)
        plan.check(call, _train_outputs(), group="separable", arity=3, inputs=inputs(X=X, y=y, **kwargs))
    for n, epochs in ((8, 3), (12, 7)):
        X, y = _xor_like(rng, n)
        if n == 12:  # the other label first
            X[[0, 2]], y[[0, 2]] = X[[2, 0]], y[[2, 0]]
        call = plan.call("perceptron_train", X, y, epochs)  # positional, as the signature allows
        plan.check(call, _train_outputs(), group="max_epochs", arity=3, inputs=inputs(X=X, y=y, max_epochs=epochs))


def _predict(plan: Plan, rng: np.random.Generator) -> None:
    for n, d in ((9, 3), (6, 4)):
        X = rng.normal(size=(n, d))
        w, b = rng.normal(size=d), float(rng.normal())
        scores = X @ w
        if np.all(scores + b > 0) or np.all(scores + b < 0):  # both predictions, whatever the seed
            b = 1e-3 - float(np.median(scores))
        if not np.any(np.sign(scores) != np.sign(scores + b)):
            # the bias must decide some prediction, or code ignoring it would pass for some seeds
            k = int(np.argmin(np.abs(scores)))
            b = float(-2.0 * scores[k]) if scores[k] != 0 else 1.0
        call = plan.call("perceptron_predict", X, w, b)
        plan.check(call, [Output("predictions", "exact")], group="values", inputs=inputs(X=X, w=w, b=b))
    X = rng.integers(-3, 4, size=(10, 3)).astype(np.float64)
    w, b = np.array([1.0, -2.0, 1.0]), 1.0
    X[:4] = [[-1, 0, 0], [1, 1, 0], [0, 0, -1], [0, 2, 0]]  # scores of exactly 0, and one below
    call = plan.call("perceptron_predict", X, w, b)
    plan.check(call, [Output("predictions", "exact")], group="zero_score", inputs=inputs(X=X, w=w, b=b))


def build(seed: int) -> Plan:
    rng = np.random.default_rng(seed)
    plan = Plan("perceptron", "perceptron")
    _train(plan, rng)
    _predict(plan, rng)
    return plan


PROBLEM = CodeProblem(
    id=SPEC.id,
    title=SPEC.title,
    module=SPEC.module,
    points=SPEC.points,
    build=build,
    weights=WEIGHTS,
)
