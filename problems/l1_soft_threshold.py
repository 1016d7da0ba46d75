r"""l1-soft-threshold: L1 regularization of a quadratic with a diagonal Hessian.

\hat J(w) = J(w^*) + \sum_i \frac12 H_{i,i} (w_i - w_i^*)^2 with H_{i,i} > 0;
\tilde J(w) = \hat J(w) + \alpha \sum_i |w_i|; the student derives its minimizer \tilde w_i,
coordinate by coordinate.
"""

from dataclasses import dataclass

import numpy as np

from grader.derivations.derivation_problem import DerivationProblem, Mistake
from grader.derivations.spec import AnswerSlot, DerivationKey, DerivationSpec
from grader.mathengine.equivalence import Scenario
from grader.mathengine.unspecified import SIGN_FUNCTIONS, unspecified_functions, with_unspecified
from grader.mathparse import Notation

#: The courses that grade this problem and its place in each (a course lists its problems by
#: place; `grader.course.course` reads this literal without importing the module).
COURSES = {"extended": 100}

NOTATION = Notation(
    indexed={"w": 1, "w_star": 1, "tilde_w": 1, "H": 2},
    matrices={"w": ("d", "1"), "w_star": ("d", "1"), "tilde_w": ("d", "1"), "H": ("d", "d")},
    index_ranges={"i": ("1", "d"), "j": ("1", "d")},
    functions={"hat_J": ("w",), "tilde_J": ("w",), "J": ("w",), "sign": (), "sgn": ()},
    inequalities=True,
)

DEFINITIONS = (
    r"\hat J(w) = J(w^*) + \sum_{j=1}^{d} \frac{1}{2} H_{j,j} (w_j - w_j^*)^2",
    r"\tilde J(w) = \hat J(w) + \alpha \sum_{j=1}^{d} |w_j|",
)

#: Where w_i^* lies for the i the answer is read at: the branch is fixed by the size (2, 3, 4, 5)
#: so that every seed's points cover all three branches, and the zero region from both sides.
BRANCHES = ("positive", "negative", "zero-positive", "zero-negative")

SIZES = (2, 3, 4, 5)


def any_point(rng: np.random.Generator, size: int) -> dict:
    """A diagonal H > 0, alpha > 0, w^* with entries on both sides of the threshold, both signs;
    the entry at i lies in the branch the size selects."""
    d = size
    h = rng.uniform(0.5, 3.0, d)
    alpha = rng.uniform(0.3, 2.0)
    threshold = alpha / h
    w_star = np.sign(rng.normal(size=d)) * threshold * rng.choice([rng.uniform(0.1, 0.9), rng.uniform(1.2, 3.0)], size=d)
    i = int(rng.integers(1, d + 1))
    branch = BRANCHES[size % 4]
    scale = rng.uniform(0.05, 0.9) if branch.startswith("zero") else rng.uniform(1.2, 3.0)
    sign = -1.0 if branch.endswith("negative") else 1.0
    w_star[i - 1] = sign * scale * threshold[i - 1]
    point = {
        "d": d,
        "H": np.diag(h),
        "alpha": alpha,
        "w_star": w_star,
        "w": rng.normal(size=d),
        "tilde_w": rng.normal(size=d),
        "i": i,
        "j": int(rng.integers(1, d + 1)),
    }
    return with_unspecified(point, rng, {"J": d})  # J itself is not specified: only J(w^*), a constant, appears


CLOSED_FORM = ("tilde_w", "tilde_J", "hat_J", "w")


@dataclass(frozen=True)
class SoftThresholdProblem(DerivationProblem):
    """The problem, whose points are drawn at four sizes (one per branch of the soft threshold)."""

    def checker(self, seed, deadline=None):
        checker = DerivationProblem.checker(self, seed, deadline)
        checker.sizes = SIZES
        return checker


SPEC = DerivationSpec(
    id="l1-soft-threshold",
    title="L1 regularization: the soft threshold",
    notation=NOTATION,
    definitions=DEFINITIONS,
    scenarios=(Scenario("generic", any_point),),
    key_scenarios=("optimum", "optimum-w"),  # \tilde w at the minimizer: only the grader draws them (see the key)
    special={**SIGN_FUNCTIONS, **unspecified_functions(("J",))},
    problem_type=SoftThresholdProblem,
    answers=(
        AnswerSlot("answer", "", points=5, scenario="generic", forbidden=CLOSED_FORM),
    ),
    derivation_points=5,
)


# == the key: only the grader sees what follows (the student kit holds this module up to here) ==

# The answer: the soft threshold \tilde w_i = sign(w_i^*) max(|w_i^*| - \alpha/H_{i,i}, 0) (or the
# same in three cases).

def soft_threshold(w_star: np.ndarray, threshold: np.ndarray) -> np.ndarray:
    """The minimizer of 1/2 H (w - w*)^2 + alpha |w|, coordinate-wise (threshold = alpha/H)."""
    return np.sign(w_star) * np.maximum(np.abs(w_star) - threshold, 0.0)


def at_the_minimum(rng: np.random.Generator, size: int) -> dict:
    """As above, with \\tilde w the minimizer and w anywhere (`\\tilde J(w) \\ge \\tilde J(\\tilde w)`)."""
    point = any_point(rng, size)
    point["tilde_w"] = soft_threshold(point["w_star"], point["alpha"] / np.diag(point["H"]))
    return point


def w_at_the_minimum(rng: np.random.Generator, size: int) -> dict:
    """As above, with w the minimizer too (as students write w for \\tilde w in the optimality conditions)."""
    point = at_the_minimum(rng, size)
    point["w"] = point["tilde_w"].copy()
    return point


ANSWER = r"\operatorname{sign}(w_i^*) \max(\lvert w_i^* \rvert - \frac{\alpha}{H_{i,i}}, 0)"


def _feedback(english: str, chinese: str) -> tuple[str, str]:
    return english, chinese

KEY = DerivationKey(
    scenarios=(Scenario("optimum", at_the_minimum), Scenario("optimum-w", w_at_the_minimum)),
    accepted={
        "": (ANSWER,),
    },
    starts=(r"\tilde J(w)", r"\frac{1}{2} H_{i,i} (w_i - w_i^*)^2 + \alpha |w_i|"),
    goals=(ANSWER,),
    mistakes=(
        Mistake(
            "no-zero-region",
            "answer",
            (r"w_i^* - \operatorname{sign}(w_i^*) \frac{\alpha}{H_{i,i}}",),
            _feedback(
                "Without the max there is no zero region: where |w_i^*| ≤ α/H_{i,i} the minimizer is exactly 0 "
                "(that is why L1 gives sparse solutions); write sign(w_i^*) max(|w_i^*| - α/H_{i,i}, 0).",
                "缺少 max 就没有零区间：当 |w_i^*| ≤ α/H_{i,i} 时最优解恰好为 0（这正是 L1 产生稀疏解的原因）；"
                "应写 sign(w_i^*) max(|w_i^*| - α/H_{i,i}, 0)。",
            ),
            credit=0.4,
        ),
        Mistake(
            "alpha-not-scaled",
            "answer",
            (r"\operatorname{sign}(w_i^*) \max(|w_i^*| - \alpha, 0)",),
            _feedback(
                "The threshold is α/H_{i,i}, not α: setting H_{i,i}(w_i - w_i^*) + α sign(w_i) = 0 divides α by H_{i,i}.",
                "阈值是 α/H_{i,i} 而不是 α：由 H_{i,i}(w_i - w_i^*) + α sign(w_i) = 0 得到 α 要除以 H_{i,i}。",
            ),
            credit=0.4,
        ),
        Mistake(
            "l2-factor",
            "answer",
            (r"\frac{H_{i,i}}{H_{i,i} + \alpha} w_i^*",),
            _feedback(
                "H_{i,i}/(H_{i,i} + α) w_i^* is the L2 (weight decay) solution, which only rescales; the L1 penalty "
                "shifts w_i^* toward 0 by α/H_{i,i} and sets it to 0 inside the threshold.",
                "H_{i,i}/(H_{i,i} + α) w_i^* 是 L2（权重衰减）的解，只做缩放；L1 惩罚把 w_i^* 向 0 平移 α/H_{i,i}，"
                "在阈值内直接置为 0。",
            ),
        ),
        Mistake(
            "threshold-sign-flipped",
            "answer",
            (r"\operatorname{sign}(w_i^*) (|w_i^*| + \frac{\alpha}{H_{i,i}})",),
            _feedback(
                "The penalty pulls w_i toward 0: the magnitude shrinks by α/H_{i,i}, it does not grow.",
                "惩罚把 w_i 拉向 0：幅度减小 α/H_{i,i}，而不是增大。",
            ),
        ),
        Mistake(
            "derivation-no-zero-region",
            "derivation",
            (r"w_i^* - \operatorname{sign}(w_i^*) \frac{\alpha}{H_{i,i}}",),
            (
                ("The derivation ends without the zero region: where |w_i^*| ≤ α/H_{i,i} no w_i ≠ 0 satisfies the optimality "
                "condition, and the minimizer is 0 (compare the subgradient at 0)."),
                "推导缺少零区间：当 |w_i^*| ≤ α/H_{i,i} 时没有 w_i ≠ 0 满足最优性条件，最优解为 0（考察 0 处的次梯度）。",
            ),
        ),
    ),
)

PROBLEM = SPEC.problem(KEY)
