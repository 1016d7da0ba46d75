r"""ce-mle: cross-entropy is the negative log-likelihood of a categorical model.

n samples, K classes; model output y_{ik} = p(k | x_i; \theta) (each row on the simplex);
one-hot labels Y_{ik}.  The student writes -log L(\theta) and shows that maximizing the
likelihood minimizes the mean cross-entropy.
"""

import numpy as np

from grader.derivations.derivation_problem import Mistake
from grader.derivations.spec import AnswerSlot, DerivationKey, DerivationSpec
from grader.mathengine.equivalence import Scenario
from grader.mathengine.two_classes import TwoClassReading
from grader.mathparse import Notation

#: The courses that grade this problem and its place in each (a course lists its problems by
#: place; `grader.course.course` reads this literal without importing the module).
COURSES = {"default": 20, "extended": 20}

NOTATION = Notation(
    indexed={"y": 2, "Y": 2, "x": 1},  # x_i only ever as an argument: p(k \mid x_i; \theta)
    index_ranges={"i": ("1", "n"), "k": ("1", "K"), "j": ("1", "K")},
    index_positions={"y": ("i", "k"), "Y": ("i", "k"), "x": ("i",)},  # a sample's row, a class's column
    functions={"L": ("theta",), "p": ()},
    aliases={"hat_y": "y"},  # the model's output \hat y_{ik}, as many students write it
)

DEFINITIONS = (
    r"L(\theta) = \prod_{i=1}^{n}\prod_{k=1}^{K} y_{ik}^{Y_{ik}}",
    r"p(k \mid x_i; \theta) = y_{ik}",  # the model's output, as the contract writes it
    # the model's probability of sample i's label, its one-hot row Y_i (the categorical likelihood)
    r"p(Y_i \mid x_i; \theta) = \prod_{k=1}^{K} y_{ik}^{Y_{ik}}",
)


def model_outputs(rng: np.random.Generator, n: int, k: int) -> np.ndarray:
    logits = rng.normal(size=(n, k))
    exp = np.exp(logits - logits.max(axis=1, keepdims=True))
    return exp / exp.sum(axis=1, keepdims=True)


def one_hot_data(rng: np.random.Generator, size: int, classes: int | None = None) -> dict:
    """Rows of y on the simplex (the parameters), one-hot rows of Y (the data); 2 to 4 classes unless given."""
    n, k = size, int(rng.integers(2, 5)) if classes is None else classes
    labels = rng.integers(0, k, n)
    return {
        "n": n,
        "K": k,
        "theta": 0.0,
        "y": model_outputs(rng, n, k),
        "Y": np.eye(k)[labels],
        "i": int(rng.integers(1, n + 1)),
        "k": int(rng.integers(1, k + 1)),
    }


SPEC = DerivationSpec(
    id="ce-mle",
    title="Cross-entropy as maximum likelihood",
    notation=NOTATION,
    definitions=DEFINITIONS,
    scenarios=(Scenario("generic", one_hot_data),),
    parameters=("y", "theta"),
    answers=(
        AnswerSlot("answer", "", points=4, forbidden=("L",)),
    ),
    derivation_points=6,
)


# == the key: only the grader sees what follows (the student kit holds this module up to here) ==

def two_class_data(rng: np.random.Generator, size: int) -> dict:
    """Points with two classes: where a line in the binary notation (y_i, 1 - y_i) is checked."""
    return one_hot_data(rng, size, classes=2)

CE = r"\sum_{i=1}^{n}\sum_{k=1}^{K} Y_{ik}\log y_{ik}"

KEY = DerivationKey(
    accepted={
        "": (rf"-{CE}",),
    },
    starts=(r"L(\theta)", r"\log L(\theta)", r"-\log L(\theta)"),
    goals=(rf"\arg\min_{{\theta}} -\frac{{1}}{{n}}{CE}",),
    # the binary case many authors derive: y_i = p(class 2 | x_i) and Y_i ∈ {0, 1}, so y_i is y_{i2},
    # 1 - y_i is y_{i1}, and Y_i is Y_{i2}; such a line is checked with two classes only
    two_classes=TwoClassReading(("y", "Y"), written_class=2, scenario=Scenario("two classes", two_class_data)),
    mistakes=(
        Mistake(
            "nll-with-1-over-n",
            "answer",
            (rf"-\frac{{1}}{{n}}{CE}",),
            (
                ("-log L(θ) itself has no 1/n: the log of the product is the plain double sum. "
                "The 1/n appears only when you rescale the objective inside the arg min."),
                "-log L(θ) 本身没有 1/n：乘积取对数就是双重求和。1/n 只在 arg min 中缩放目标函数时出现。",
            ),
            credit=0.5,
        ),
        Mistake(
            "log-likelihood-sign",
            "answer",
            (CE,),
            (
                "This is log L(θ), not -log L(θ): the minus sign is missing.",
                "这是 log L(θ)，而不是 -log L(θ)：缺少负号。",
            ),
            credit=0.25,
        ),
        Mistake(
            "log-base-10",
            "answer",
            (r"-\sum_{i=1}^{n}\sum_{k=1}^{K} Y_{ik}\log_{10} y_{ik}",),
            (
                "You used the base-10 logarithm; the likelihood uses the natural logarithm.",
                "你用了以 10 为底的对数；似然使用自然对数。",
            ),
            credit=0.25,
        ),
        Mistake(
            "forgot-1-over-n",
            "derivation",
            (rf"\arg\min_{{\theta}} -{CE}",),
            (
                ("You stopped at the summed negative log-likelihood; the cross-entropy loss is the mean over samples, "
                "-(1/n) ΣΣ Y_ik log y_ik. Dividing by n does not change the minimizers: write that last step."),
                "你停在了求和形式的负对数似然；交叉熵损失是对样本的平均 -(1/n) ΣΣ Y_ik log y_ik。除以 n 不改变最小值点：请写出这最后一步。",
            ),
        ),
    ),
)

PROBLEM = SPEC.problem(KEY)
