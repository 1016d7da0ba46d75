r"""mle-mse: under Gaussian noise, maximum likelihood is least squares.

Model: y_i = w x_i + b + \epsilon_i with \epsilon_i ~ N(0, \sigma^2) i.i.d., i = 1..n.
The student writes -log L(w, b) and shows argmax L = argmin of the mean squared error.
"""

import numpy as np

from grader.derivations.derivation_problem import Mistake
from grader.derivations.spec import AnswerSlot, DerivationKey, DerivationSpec
from grader.mathengine.equivalence import Scenario
from grader.mathparse import Notation

#: The courses that grade this problem and its place in each (a course lists its problems by
#: place; `grader.course.course` reads this literal without importing the module).
COURSES = {"default": 10, "extended": 10}

NOTATION = Notation(
    indexed={"x": 1, "y": 1, "epsilon": 1},
    index_ranges={"i": ("1", "n"), "j": ("1", "n")},
    functions={"L": ("w", "b"), "p_model": ()},
)

DEFINITIONS = (
    r"L(w,b) = \prod_{i=1}^{n} \frac{1}{\sqrt{2\pi\sigma^2}} \exp\left(-\frac{(y_i - w x_i - b)^2}{2\sigma^2}\right)",
    r"\epsilon_i = y_i - w x_i - b",
    # the model's density of sample i's label given its input, the factor of L(w,b): authors write the
    # likelihood with it (`\sum_i \log p(y_i \mid x_i; w, b)`) before they write it out; under its own name,
    # so that an author's `p` stays the author's (`grader.mathengine.model_probability.model_definition`)
    r"p_{model}(y_i \mid x_i; w, b) = \frac{1}{\sqrt{2\pi\sigma^2}} \exp\left(-\frac{(y_i - w x_i - b)^2}{2\sigma^2}\right)",
)


def any_data(rng: np.random.Generator, size: int) -> dict:
    """Any data set, any parameters: every link of this problem is an identity."""
    n = size
    return {
        "n": n,
        "w": rng.uniform(-1.5, 1.5),
        "b": rng.uniform(-1.5, 1.5),
        "sigma": rng.uniform(0.6, 1.8),
        "x": rng.uniform(-1.5, 1.5, n),
        "y": rng.uniform(-1.5, 1.5, n),
        "i": int(rng.integers(1, n + 1)),
    }


SPEC = DerivationSpec(
    id="mle-mse",
    title="Gaussian noise: MLE = MSE",
    notation=NOTATION,
    definitions=DEFINITIONS,
    scenarios=(Scenario("generic", any_data),),
    parameters=("w", "b"),
    answers=(
        AnswerSlot("answer", "", points=4, forbidden=("L",)),
    ),
    derivation_points=6,
)


# == the key: only the grader sees what follows (the student kit holds this module up to here) ==

SSE = r"\sum_{i=1}^{n}(y_i - w x_i - b)^2"

KEY = DerivationKey(
    accepted={
        "": (rf"\frac{{n}}{{2}}\log(2\pi\sigma^2) + \frac{{1}}{{2\sigma^2}}{SSE}",),
    },
    starts=(r"L(w,b)", r"\log L(w,b)", r"-\log L(w,b)"),
    goals=(rf"\arg\min_{{w,b}} \frac{{1}}{{n}}{SSE}",),
    mistakes=(
        Mistake(
            "nll-missing-constant",
            "answer",
            (rf"\frac{{1}}{{2\sigma^2}}{SSE}",),
            (
                ("The negative log-likelihood has a constant term n/2 log(2πσ²) that you dropped: "
                "it does not change the minimizer, but -log L(w,b) is not equal to the scaled sum of squares without it."),
                "负对数似然中有常数项 n/2 log(2πσ²)，你把它丢掉了：它不影响最小值点，但没有它 -log L(w,b) 并不等于缩放后的平方和。",
            ),
            credit=0.5,
        ),
        Mistake(
            "nll-constant-not-times-n",
            "answer",
            (rf"\frac{{1}}{{2}}\log(2\pi\sigma^2) + \frac{{1}}{{2\sigma^2}}{SSE}",),
            (
                "The constant log(2πσ²)/2 appears once per sample: the log of the product gives n/2 log(2πσ²).",
                "常数 log(2πσ²)/2 每个样本出现一次：乘积取对数后得到 n/2 log(2πσ²)。",
            ),
            credit=0.5,
        ),
        Mistake(
            "log-likelihood-sign",
            "answer",
            (rf"-\frac{{n}}{{2}}\log(2\pi\sigma^2) - \frac{{1}}{{2\sigma^2}}{SSE}",),
            (
                "This is log L(w,b), not the negative log-likelihood -log L(w,b): the sign is flipped.",
                "这是 log L(w,b)，而不是负对数似然 -log L(w,b)：符号反了。",
            ),
            credit=0.25,
        ),
        Mistake(
            "nll-missing-variance",
            "answer",
            (rf"\frac{{n}}{{2}}\log(2\pi\sigma^2) + {SSE}", rf"\frac{{n}}{{2}}\log(2\pi\sigma^2) + \frac{{1}}{{2}}{SSE}"),
            (
                "The squared errors are divided by 2σ² in the Gaussian density; that factor is missing.",
                "在高斯密度中平方误差要除以 2σ²；你的答案缺少这个因子。",
            ),
            credit=0.25,
        ),
        Mistake(
            "log-base-10",
            "answer",
            (
                rf"\frac{{n}}{{2}}\log_{{10}}(2\pi\sigma^2) + \frac{{1}}{{2\sigma^2}}{SSE}",
                rf"\frac{{n}}{{2}}\log_{{10}}(2\pi\sigma^2) + \frac{{\log_{{10}} e}}{{2\sigma^2}}{SSE}",
            ),
            (
                "You used the base-10 logarithm. The log-likelihood uses the natural logarithm (ln), which is what cancels exp.",
                "你用了以 10 为底的对数。对数似然使用自然对数（ln），这样才能与 exp 相消。",
            ),
            credit=0.25,
        ),
        Mistake(
            "forgot-1-over-n",
            "derivation",
            (rf"\arg\min_{{w,b}} {SSE}", rf"\arg\min_{{w,b}} \frac{{1}}{{2\sigma^2}}{SSE}"),
            (
                ("You stopped at the sum of squared errors; the MSE is the mean, (1/n) Σ (y_i - w x_i - b)². "
                "Dividing by n does not change the minimizers: write that last step."),
                "你停在了误差平方和；MSE 是平均值 (1/n) Σ (y_i - w x_i - b)²。除以 n 不改变最小值点：请写出这最后一步。",
            ),
        ),
    ),
)

PROBLEM = SPEC.problem(KEY)
