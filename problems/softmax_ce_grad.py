r"""softmax-ce-grad: the gradient of softmax cross-entropy with respect to the logits.

Logits z_1..z_K; y_i = e^{z_i} / \sum_j e^{z_j}; E = -\sum_i Y_i \log y_i with \sum_i Y_i = 1.
The student derives \partial E / \partial z_i.
"""

import numpy as np

from grader.derivations.derivation_problem import Mistake
from grader.derivations.spec import AnswerSlot, DerivationKey, DerivationSpec
from grader.mathengine.equivalence import Scenario
from grader.mathparse import Notation

#: The courses that grade this problem and its place in each (a course lists its problems by
#: place; `grader.course.course` reads this literal without importing the module).
COURSES = {"default": 30, "extended": 30}

NOTATION = Notation(
    indexed={"z": 1, "y": 1, "Y": 1},
    index_ranges={"i": ("1", "K"), "j": ("1", "K"), "k": ("1", "K"), "l": ("1", "K")},
    symbols=("E",),
    aliases={"hat_y": "y"},  # the softmax output \hat y_i, as many students write it
)

DEFINITIONS = (
    r"y_k = \frac{e^{z_k}}{\sum_{j=1}^{K} e^{z_j}}",
    r"E = -\sum_{k=1}^{K} Y_k \log y_k",
)


def labels_on_simplex(rng: np.random.Generator, size: int) -> dict:
    """Any logits; labels that sum to one (one-hot or soft), which is all the problem assumes."""
    k = size + 1
    labels = np.eye(k)[rng.integers(0, k)] if rng.random() < 0.5 else rng.dirichlet(np.ones(k))
    return {
        "K": k,
        "z": rng.normal(0.0, 1.0, k),
        "Y": labels,
        "i": int(rng.integers(1, k + 1)),
        "j": int(rng.integers(1, k + 1)),
        "k": int(rng.integers(1, k + 1)),
        "l": int(rng.integers(1, k + 1)),
    }


SPEC = DerivationSpec(
    id="softmax-ce-grad",
    title="Gradient of softmax cross-entropy",
    notation=NOTATION,
    definitions=DEFINITIONS,
    scenarios=(Scenario("generic", labels_on_simplex),),
    answers=(
        AnswerSlot("answer", "", points=5, forbidden=("E", "Derivative")),
    ),
    derivation_points=5,
)


# == the key: only the grader sees what follows (the student kit holds this module up to here) ==

# The answer: \partial E / \partial z_i = y_i - Y_i.

KEY = DerivationKey(
    accepted={
        "": (r"y_i - Y_i",),
    },
    starts=(r"\frac{\partial E}{\partial z_i}",),
    goals=(r"y_i - Y_i",),
    mistakes=(
        Mistake(
            "sign-error",
            "answer",
            (r"Y_i - y_i",),
            (
                "The sign is flipped: ∂E/∂z_i = y_i − Y_i (prediction minus label). Gradient descent moves z_i against it.",
                "符号反了：∂E/∂z_i = y_i − Y_i（预测减标签）。梯度下降沿其反方向更新 z_i。",
            ),
        ),
        Mistake(
            "sum-of-labels-not-used",
            "answer",
            (r"K y_i - Y_i", r"y_i Y_i - Y_i"),
            (
                ("After the chain rule you get -Y_i + y_i Σ_k Y_k. The labels sum to one (Σ_k Y_k = 1), "
                "so the second term is y_i: every k contributes, not only k = i, and the sum is 1, not K."),
                ("链式法则后得到 -Y_i + y_i Σ_k Y_k。标签之和为 1（Σ_k Y_k = 1），所以第二项就是 y_i："
                "每个 k 都有贡献（不只是 k = i），而且和为 1 而不是 K。"),
            ),
        ),
        Mistake(
            "softmax-derivative-only",
            "answer",
            (r"y_i(1 - y_i)",),
            (
                "y_i(1 − y_i) is ∂y_i/∂z_i, the derivative of the softmax alone; the loss also depends on z_i through every y_k.",
                "y_i(1 − y_i) 只是 softmax 的导数 ∂y_i/∂z_i；损失还通过每个 y_k 依赖于 z_i。",
            ),
        ),
        Mistake(
            "stopped-at-dE-dy",
            "answer",
            (r"-\frac{Y_i}{y_i}",),
            (
                ("-Y_i / y_i is ∂E/∂y_i; the question asks for the derivative with respect to the logit z_i: "
                "continue with the chain rule through the softmax."),
                "-Y_i / y_i 是 ∂E/∂y_i；题目要求对 logit z_i 求导：请继续通过 softmax 应用链式法则。",
            ),
        ),
        Mistake(
            "assumed-label-one",
            "answer",
            (r"y_i - 1",),
            (
                "y_i − 1 is the derivative only for the true class of a one-hot label; in general it is y_i − Y_i.",
                "y_i − 1 只在独热标签的正确类别上成立；一般情况为 y_i − Y_i。",
            ),
            credit=0.4,
        ),
    ),
)

PROBLEM = SPEC.problem(KEY)
