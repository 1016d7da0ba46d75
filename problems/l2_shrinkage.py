r"""l2-shrinkage: L2 regularization rescales w^* along the eigenvectors of the Hessian.

Quadratic approximation J(w) = J(w^*) + 1/2 (w - w^*)^T H (w - w^*), H = V \Lambda V^T
(V orthogonal, \lambda_i > 0); \tilde J = J + \alpha/2 w^T w; \tilde w = \arg\min \tilde J.
(a) \tilde w in closed form; (b) the factor that rescales w^* along the i-th eigenvector.
"""

import numpy as np

from grader.derivations.derivation_problem import Mistake
from grader.derivations.spec import AnswerSlot, DerivationKey, DerivationSpec
from grader.mathengine.equivalence import Scenario
from grader.mathparse import Notation

#: The courses that grade this problem and its place in each (a course lists its problems by
#: place; `grader.course.course` reads this literal without importing the module).
COURSES = {"default": 40, "extended": 40}

NOTATION = Notation(
    indexed={"lambda": 1},
    index_ranges={"i": ("1", "d"), "j": ("1", "d")},
    functions={"J": ("w",), "tilde_J": ("w",)},
    matrices={
        "H": ("d", "d"),
        "V": ("d", "d"),
        "Lambda": ("d", "d"),
        "w": ("d", "1"),
        "w_star": ("d", "1"),
        "tilde_w": ("d", "1"),
    },
    identity="I",
    symbols=("J_0",),
    aliases={"Q": "V", "U": "V"},  # H = Q Λ Q^T, as many textbooks write the eigendecomposition
)

DEFINITIONS = (
    r"J(w) = J_0 + \frac{1}{2}(w - w^*)^T H (w - w^*)",
    r"\tilde J(w) = J(w) + \frac{\alpha}{2} w^T w",
)


def any_point(rng: np.random.Generator, size: int) -> dict:
    """H symmetric positive definite from its eigendecomposition; w and \\tilde w anywhere."""
    d = size
    eigenvectors, _ = np.linalg.qr(rng.normal(size=(d, d)))
    eigenvalues = rng.uniform(0.5, 3.0, d)
    return {
        "d": d,
        "V": eigenvectors,
        "lambda": eigenvalues,
        "Lambda": np.diag(eigenvalues),
        "H": eigenvectors @ np.diag(eigenvalues) @ eigenvectors.T,
        "alpha": rng.uniform(0.2, 2.0),
        "w_star": rng.normal(size=(d, 1)),
        "w": rng.normal(size=(d, 1)),
        "tilde_w": rng.normal(size=(d, 1)),
        "J_0": rng.normal(),
        "i": int(rng.integers(1, d + 1)),
        "j": int(rng.integers(1, d + 1)),
    }


CLOSED_FORM = ("tilde_w", "tilde_J", "J")


SPEC = DerivationSpec(
    id="l2-shrinkage",
    title="L2 regularization shrinks along eigenvectors",
    notation=NOTATION,
    definitions=DEFINITIONS,
    scenarios=(Scenario("generic", any_point),),
    key_scenarios=("optimum",),  # \tilde w at the minimizer: only the grader draws it (see the key)
    answers=(
        AnswerSlot("answer-a", "a", points=2, forbidden=CLOSED_FORM),
        AnswerSlot("answer-b", "b", points=5, forbidden=CLOSED_FORM),
    ),
    derivation_points=3,
)


# == the key: only the grader sees what follows (the student kit holds this module up to here) ==

# The answers: (a) \tilde w = (H + \alpha I)^{-1} H w^*; (b) the factor \lambda_i / (\lambda_i + \alpha).


def at_the_minimum(rng: np.random.Generator, size: int) -> dict:
    """As above, with \\tilde w the minimizer of \\tilde J: the conditions of the problem hold."""
    point = any_point(rng, size)
    h, alpha = point["H"], point["alpha"]
    point["tilde_w"] = np.linalg.solve(h + alpha * np.eye(point["d"]), h @ point["w_star"])
    point["w"] = point["tilde_w"]  # "at the minimum, H(w - w^*) + alpha w = 0": w written for \tilde w
    return point


KEY = DerivationKey(
    scenarios=(Scenario("optimum", at_the_minimum),),
    accepted={
        "a": (r"(H + \alpha I)^{-1} H w^*",),
        "b": (r"\frac{\lambda_i}{\lambda_i + \alpha}",),
    },
    starts=(r"\nabla_w \tilde J(\tilde w) = 0", r"\nabla_w \tilde J(w)", r"H(\tilde w - w^*) + \alpha \tilde w"),
    goals=(r"(H + \alpha I)^{-1} H w^*",),
    mistakes=(
        Mistake(
            "alpha-over-lambda-plus-alpha",
            "answer-b",
            (r"\frac{\alpha}{\lambda_i + \alpha}",),
            (
                "α/(λ_i + α) is the share that is removed; the component of w* is multiplied by what remains, λ_i/(λ_i + α).",
                "α/(λ_i + α) 是被去掉的比例；w* 的分量乘以剩下的部分 λ_i/(λ_i + α)。",
            ),
        ),
        Mistake(
            "factor-inverted",
            "answer-b",
            (r"\frac{\lambda_i + \alpha}{\lambda_i}",),
            (
                "The factor is inverted: regularization shrinks, so the factor λ_i/(λ_i + α) is below 1.",
                "因子颠倒了：正则化是收缩，所以因子 λ_i/(λ_i + α) 小于 1。",
            ),
        ),
        Mistake(
            "missing-lambda-numerator",
            "answer-b",
            (r"\frac{1}{\lambda_i + \alpha}",),
            (
                "1/(λ_i + α) is the eigenvalue of (H + αI)^{-1} alone; the H w* term contributes another λ_i.",
                "1/(λ_i + α) 只是 (H + αI)^{-1} 的特征值；H w* 这一项还要再乘一个 λ_i。",
            ),
        ),
        Mistake(
            "factors-as-a-matrix",
            "answer-b",
            (r"\mathrm{diag}\left(\frac{\lambda_i}{\lambda_i + \alpha}\right)", r"(\Lambda + \alpha I)^{-1} \Lambda"),
            (
                "That is the diagonal matrix of all the factors; the question asks for the factor of component i: λ_i/(λ_i + α).",
                "这是所有因子构成的对角矩阵；题目问的是第 i 个分量的因子：λ_i/(λ_i + α)。",
            ),
            credit=0.8,
        ),
        Mistake(
            "dropped-H",
            "answer-a",
            (r"(H + \alpha I)^{-1} w^*",),
            (
                "Setting the gradient to zero gives (H + αI) w̃ = H w*: the right-hand side keeps the H.",
                "令梯度为零得到 (H + αI) w̃ = H w*：右边保留 H。",
            ),
        ),
        Mistake(
            "inverse-split-termwise",
            "answer-a",
            (r"(H^{-1} + \alpha^{-1} I) H w^*",),
            (
                "The inverse of a sum is not the sum of the inverses: (H + αI)^{-1} ≠ H^{-1} + I/α.",
                "和的逆不等于逆的和：(H + αI)^{-1} ≠ H^{-1} + I/α。",
            ),
        ),
    ),
)

PROBLEM = SPEC.problem(KEY)
