r"""nonconvex-111: the loss of the 1-1-1 network \hat y = \sigma(w_2 \sigma(w_1 x)) is not convex.

(a) \partial J_{CE}/\partial w_2; (b) a point where
\partial^2 J_{MSE}/\partial w_2^2 < 0; (c) a point where \partial^2 J_{CE}/\partial w_1^2 < 0.
The derivation computes \partial^2 J_{MSE}/\partial w_2^2 in closed form.
"""

import numpy as np

from grader.derivations.derivation_problem import Mistake
from grader.derivations.spec import AnswerSlot, DerivationKey, DerivationSpec
from grader.derivations.witness import Witness
from grader.mathengine.equivalence import Scenario
from grader.mathparse import Notation

#: The courses that grade this problem and its place in each (a course lists its problems by
#: place; `grader.course.course` reads this literal without importing the module).
COURSES = {"extended": 140}

NOTATION = Notation(
    functions={"sigma": ("t",), "J_MSE": ("w_1", "w_2"), "J_CE": ("w_1", "w_2")},
    symbols=("w_1", "w_2", "J_MSE", "J_CE"),
    inequalities=True,
)

DEFINITIONS = (
    r"\sigma(t) = \frac{1}{1 + e^{-t}}",
    r"\hat y = \sigma(w_2 \sigma(w_1 x))",
    r"J_{MSE}(w_1, w_2) = \frac{1}{2}(\hat y - y)^2",
    r"J_{CE}(w_1, w_2) = -y \log \hat y - (1 - y)\log(1 - \hat y)",
)


def any_point(rng: np.random.Generator, size: int) -> dict:
    """Weights and input anywhere (moderate, so the sigmoids do not saturate), a label 0 or 1."""
    return {
        "w_1": rng.uniform(-2.0, 2.0),
        "w_2": rng.uniform(-2.0, 2.0),
        "x": rng.uniform(-2.0, 2.0),
        "y": float(size % 2),
        "t": rng.normal(),
    }

CLOSED_FORM = ("J_MSE", "J_CE")

WITNESS_VARIABLES = ("w_1", "w_2", "x", "y")


SPEC = DerivationSpec(
    id="nonconvex-111",
    title="A 1-1-1 network's loss is not convex",
    notation=NOTATION,
    definitions=DEFINITIONS,
    scenarios=(Scenario("generic", any_point),),
    answers=(
        AnswerSlot("answer-a", "a", points=3, forbidden=CLOSED_FORM),
        Witness(
            "answer-b", "b", points=2,
            quantity=r"\frac{\partial^2 J_{MSE}}{\partial w_2^2}", relation="<", bound="0",
            variables=WITNESS_VARIABLES, allowed={"y": (0.0, 1.0)},
        ),
        Witness(
            "answer-c", "c", points=2,
            quantity=r"\frac{\partial^2 J_{CE}}{\partial w_1^2}", relation="<", bound="0",
            variables=WITNESS_VARIABLES, allowed={"y": (0.0, 1.0)},
        ),
    ),
    derivation_points=3,
)


# == the key: only the grader sees what follows (the student kit holds this module up to here) ==

# The answer (a): \partial J_{CE}/\partial w_2 = (\hat y - y)\sigma(w_1 x).

SECOND_DERIVATIVE = (
    r"\sigma(w_1 x)^2 \hat y (1 - \hat y) \left[\hat y (1 - \hat y) + (\hat y - y)(1 - 2\hat y)\right]"
)

KEY = DerivationKey(
    accepted={
        "a": (r"(\hat y - y)\sigma(w_1 x)",),
    },
    starts=(r"\frac{\partial^2 J_{MSE}}{\partial w_2^2}", r"\frac{\partial J_{MSE}}{\partial w_2}"),
    goals=(SECOND_DERIVATIVE,),
    mistakes=(
        Mistake(
            "missing-inner-activation",
            "answer-a",
            (r"\hat y - y",),
            (
                "∂(w_2 σ(w_1 x))/∂w_2 = σ(w_1 x): the chain rule multiplies (ŷ - y) by the hidden activation σ(w_1 x).",
                "∂(w_2 σ(w_1 x))/∂w_2 = σ(w_1 x)：链式法则要把 (ŷ - y) 乘以隐藏层激活 σ(w_1 x)。",
            ),
        ),
        Mistake(
            "mse-gradient-for-ce",
            "answer-a",
            (r"(\hat y - y)\hat y (1 - \hat y)\sigma(w_1 x)",),
            (
                "That is ∂J_MSE/∂w_2; with cross-entropy the sigmoid's derivative ŷ(1 - ŷ) cancels, leaving (ŷ - y)σ(w_1 x).",
                "这是 ∂J_MSE/∂w_2；交叉熵下 sigmoid 的导数 ŷ(1 - ŷ) 被约掉，结果是 (ŷ - y)σ(w_1 x)。",
            ),
        ),
        Mistake(
            "gradient-sign",
            "answer-a",
            (r"(y - \hat y)\sigma(w_1 x)",),
            (
                "The sign is flipped: ∂J_CE/∂ŷ · ∂ŷ/∂w_2 gives (ŷ - y)σ(w_1 x).",
                "符号反了：∂J_CE/∂ŷ · ∂ŷ/∂w_2 得到 (ŷ - y)σ(w_1 x)。",
            ),
        ),
        Mistake(
            "mse-witness-not-negative",
            "answer-b",
            (),
            (
                ("At this point the second derivative of J_MSE in w_2 is not negative, so it shows no non-convexity; "
                "look where ŷ and y differ and ŷ is on the far side of 1/2 (e.g. y = 0 with ŷ near 1)."),
                ("在这个点 J_MSE 对 w_2 的二阶导数不是负的，不能说明非凸；"
                "试试 ŷ 与 y 相差大且 ŷ 在 1/2 另一侧的点（例如 y = 0 而 ŷ 接近 1）。"),
            ),
        ),
        Mistake(
            "ce-witness-not-negative",
            "answer-c",
            (),
            (
                ("At this point the second derivative of J_CE in w_1 is not negative; J_CE is convex in w_2 but not in w_1 — "
                "try a large |w_2| and an input that saturates the hidden unit."),
                ("在这个点 J_CE 对 w_1 的二阶导数不是负的；J_CE 对 w_2 是凸的，但对 w_1 不是——"
                "试试较大的 |w_2| 以及让隐藏单元饱和的输入。"),
            ),
        ),
    ),
    witness_mistakes={
        "b": "mse-witness-not-negative",
        "c": "ce-witness-not-negative",
    },
)

PROBLEM = SPEC.problem(KEY)
