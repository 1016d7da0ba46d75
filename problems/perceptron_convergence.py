r"""perceptron-convergence: the perceptron makes at most R^2/\gamma^2 updates.

Data (x_i, y_i), y_i \in \{-1, +1\}, \|x_i\| \le R; a unit w_{opt} with y_i w_{opt}^T x_i \ge \gamma > 0;
w_0 = 0 and the k-th update, on a mistake y_i w_{k-1}^T x_i \le 0, sets w_k = w_{k-1} + y_i x_i.
Then w_k^T w_{opt} \ge k\gamma, \|w_k\|^2 \le k R^2, and Cauchy-Schwarz gives k \le R^2/\gamma^2.

The grader's points are real perceptron runs (its key): random separable data with a known margin, a
random update number k of the run, w_{k-1} and w_k its iterates and (x_i, y_i) the sample it updated on.
The student kit's are single updates from any w_{k-1} that misclassifies (x_i, y_i).
"""

import numpy as np

from grader.derivations.derivation_problem import Mistake
from grader.derivations.sample_extrema import SAMPLE_MAX, SAMPLE_MIN, SAMPLES, sample_extrema
from grader.derivations.spec import AnswerSlot, DerivationKey, DerivationSpec
from grader.mathengine.equivalence import Scenario
from grader.mathparse import Notation

#: The courses that grade this problem and its place in each (a course lists its problems by
#: place; `grader.course.course` reads this literal without importing the module).
COURSES = {"extended": 130}

VECTORS = ("w_k", "w_k-1", "w_opt", "x_i", "w_0", "w_1", "x_n")

NOTATION = Notation(
    matrices=dict.fromkeys(VECTORS, ("d", "1")),
    symbols=("y_i", "y_n"),
    # `\min_n (y_n w_{opt}^T x_n)`, `\max_n \|x_n\|^2`: the data's extremes, x_n and y_n the n-th sample
    functions={SAMPLE_MIN: (), SAMPLE_MAX: ()},
    inequalities=True,
)

def one_update(rng: np.random.Generator, size: int) -> dict:
    """Separable data with margin at least gamma around a unit w_opt, and one update on a sample that any
    w_{k-1} misclassifies (the assumptions of a single step, for the kit's self-check; the grader's
    points are real runs, which hold the whole history a bound by induction needs)."""
    d = size
    while True:
        w_opt = rng.normal(size=d)
        w_opt /= np.linalg.norm(w_opt)
        x = rng.normal(size=(int(rng.integers(8, 25)), d)) * rng.uniform(0.5, 2.0)
        x = x[np.abs(x @ w_opt) > 0.15]
        if len(x) >= 4:
            break
    y = np.sign(x @ w_opt)
    i, first = (int(v) for v in rng.integers(0, len(x), size=2))
    before = rng.normal(size=d)
    if y[i] * (before @ x[i]) > 0:  # a mistake on (x_i, y_i): the update's condition
        before = -before

    def column(vector: np.ndarray) -> np.ndarray:
        return np.array(vector, dtype=float)[:, None]

    return {
        "d": d,
        "k": int(rng.integers(1, 12)),
        "w_k": column(before + y[i] * x[i]),
        "w_k-1": column(before),
        "w_0": column(np.zeros(d)),
        "w_1": column(y[first] * x[first]),  # from w_0 = 0 every sample is a mistake
        "w_opt": column(w_opt),
        "x_i": column(x[i]),
        "y_i": float(y[i]),
        "R": float(np.max(np.linalg.norm(x, axis=1))),
        "gamma": float(np.min(y * (x @ w_opt))),
        SAMPLES: {"inputs": x, "labels": y},
    }


SPEC = DerivationSpec(
    id="perceptron-convergence",
    title="The perceptron's convergence bound",
    notation=NOTATION,
    scenarios=(),
    key_scenarios=("run",),  # real runs of the algorithm: only the grader draws them (see the key)
    kit_scenarios=(Scenario("one-update", one_update),),
    special=sample_extrema(),
    answers=(
        AnswerSlot("answer", "", points=4, forbidden=("w_k", "k")),
    ),
    derivation_points=6,
)


# == the key: only the grader sees what follows (the student kit holds this module up to here) ==

#: Runs longer than this are cut (the margin keeps runs short; this bounds the grader's time).
MAX_EPOCHS = 200


def perceptron_run(rng: np.random.Generator, d: int) -> dict:
    """Separable data with margin at least gamma around a unit w_opt, and one update of a real run."""
    while True:
        w_opt = rng.normal(size=d)
        w_opt /= np.linalg.norm(w_opt)
        n = int(rng.integers(8, 25))
        x = rng.normal(size=(n, d)) * rng.uniform(0.5, 2.0)
        margin = x @ w_opt
        keep = np.abs(margin) > 0.15
        x, margin = x[keep], margin[keep]
        if len(x) < 4:
            continue
        y = np.sign(margin)
        updates = []  # (w before, w after, x, y)
        w = np.zeros(d)
        for _ in range(MAX_EPOCHS):
            changed = False
            for xi, yi in zip(x, y):
                if yi * (w @ xi) <= 0:
                    updates.append((w.copy(), w + yi * xi, xi, yi))
                    w = w + yi * xi
                    changed = True
            if not changed:
                break
        if updates:
            break
    # a later update, on a sample of the label this point asks for (-1 for even d, +1 for odd d), where the run has
    # one: the first update starts from w_0 = 0 (its cross term vanishes) and one label alone hides a dropped y_i
    wanted = -1.0 if d % 2 == 0 else 1.0
    later = [n for n in range(2, len(updates) + 1) if updates[n - 1][3] == wanted] or list(range(1, len(updates) + 1))
    k = later[int(rng.integers(0, len(later)))]
    before, after, xi, yi = updates[k - 1]
    column = lambda v: np.asarray(v, dtype=float).reshape(d, 1)  # noqa: E731
    return {
        "d": d,
        "k": k,
        "w_k": column(after),
        "w_k-1": column(before),
        "w_0": column(np.zeros(d)),
        "w_1": column(updates[0][1]),
        "w_opt": column(w_opt),
        "x_i": column(xi),
        "y_i": float(yi),
        "R": float(np.max(np.linalg.norm(x, axis=1))),
        "gamma": float(np.min(y * (x @ w_opt))),
        SAMPLES: {"inputs": x, "labels": y},
    }


def real_run(rng: np.random.Generator, size: int) -> dict:
    """One update of a real perceptron run on random separable data (the problem's assumptions hold)."""
    return perceptron_run(rng, size)


ANSWER = r"\frac{R^2}{\gamma^2}"

KEY = DerivationKey(
    scenarios=(Scenario("run", real_run),),
    accepted={
        "": (ANSWER,),
    },
    starts=(r"w_k^T w_{opt}", r"\|w_k\|^2"),
    goals=(ANSWER,),
    mistakes=(
        Mistake(
            "bound-not-squared",
            "answer",
            (r"\frac{R}{\gamma}",),
            (
                "R/γ bounds √k, not k: kγ ≤ ‖w_k‖ ≤ √k R gives √k ≤ R/γ, so k ≤ R²/γ².",
                "R/γ 是 √k 的上界而不是 k 的：kγ ≤ ‖w_k‖ ≤ √k R 得 √k ≤ R/γ，所以 k ≤ R²/γ²。",
            ),
            credit=0.25,
        ),
        Mistake(
            "margin-not-squared",
            "answer",
            (r"\frac{R^2}{\gamma}",),
            (
                "Both sides are squared: from √k ≤ R/γ, k ≤ R²/γ² (the margin is squared too).",
                "两边都要平方：由 √k ≤ R/γ 得 k ≤ R²/γ²（间隔也要平方）。",
            ),
            credit=0.25,
        ),
        Mistake(
            "radius-not-squared",
            "answer",
            (r"\frac{R}{\gamma^2}",),
            (
                "Both sides are squared: from √k ≤ R/γ, k ≤ R²/γ² (the radius is squared too).",
                "两边都要平方：由 √k ≤ R/γ 得 k ≤ R²/γ²（半径也要平方）。",
            ),
            credit=0.25,
        ),
        Mistake(
            "bound-inverted",
            "answer",
            (r"\frac{\gamma^2}{R^2}",),
            (
                "The bound is inverted: a larger margin γ means fewer updates, k ≤ R²/γ².",
                "上界颠倒了：间隔 γ 越大，更新次数越少，k ≤ R²/γ²。",
            ),
        ),
        Mistake(
            "derivation-bound-not-squared",
            "derivation",
            (r"\frac{R}{\gamma}",),
            (
                "The derivation stops at √k ≤ R/γ (or k ≤ R/γ): square both sides of kγ ≤ √k R to bound k itself by R²/γ².",
                "推导停在 √k ≤ R/γ（或 k ≤ R/γ）：把 kγ ≤ √k R 两边平方，才能得到 k ≤ R²/γ²。",
            ),
        ),
        Mistake(
            "cauchy-schwarz-wrong-way",
            "derivation-link",
            (r"w_k^T w_{opt} \ge \|w_k\|",),
            (
                ("Cauchy–Schwarz bounds the inner product from above: w_k^T w_opt ≤ ‖w_k‖ ‖w_opt‖ = ‖w_k‖. "
                "Combined with w_k^T w_opt ≥ kγ it gives kγ ≤ ‖w_k‖."),
                ("柯西–施瓦茨不等式给出内积的上界：w_k^T w_opt ≤ ‖w_k‖ ‖w_opt‖ = ‖w_k‖。"
                "与 w_k^T w_opt ≥ kγ 结合得到 kγ ≤ ‖w_k‖。"),
            ),
        ),
    ),
)

PROBLEM = SPEC.problem(KEY)
