r"""xavier-variance: the variance of Xavier/Glorot initialization.

z = \sum_{j=1}^{n} w_j a_j with all w_j, a_j independent and zero-mean, Var(w_j) = Var(w),
Var(a_j) = Var(a); (a) the Var(w) for which Var(z) = Var(a) (n = n_in); (b) the r of
w ~ U(-r, r) with Glorot's compromise Var(w) = 2/(n_in + n_out).
"""

import hashlib

import numpy as np

from grader.derivations.derivation_problem import Mistake
from grader.derivations.spec import AnswerSlot, DerivationKey, DerivationSpec
from grader.mathengine.equivalence import Scenario
from grader.mathengine.gradients import BIAS_VALUE, BackwardPass
from grader.mathengine.moments import zero_mean_variables
from grader.mathparse import Notation

#: The courses that grade this problem and its place in each (a course lists its problems by
#: place; `grader.course.course` reads this literal without importing the module).
COURSES = {"default": 50, "extended": 50}

NOTATION = Notation(
    indexed={"w": 1, "a": 1},
    index_ranges={"j": ("1", "n"), "i": ("1", "n"), "k": ("1", "n")},
    functions={"Var": (), "E": ()},
    symbols=("n_in", "n_out"),
)

DEFINITIONS = (r"z = \sum_{j=1}^{n} w_j a_j",)

#: Glorot's backward pass through the same linear layer: the loss's gradient with respect to the output
#: z_k a zero-mean variable independent of the weights, with respect to the input a_j the sum over the
#: n_out outputs (see `grader.mathengine.gradients`).
BACKWARD = BackwardPass(inputs=("a",), outputs=("z",), weights="w", fan_out="n_out", variance="Var(∂L/∂z)",
                         free_scenario="generic", bias="b")


def free_variances(rng: np.random.Generator, size: int) -> dict:
    """Any layer sizes and variances (n is the fan-in)."""
    n = size + 1
    point = {
        "n": n,
        "n_in": n,
        "n_out": int(rng.integers(2, 9)),
        "Var(w)": rng.uniform(0.05, 1.0),
        "Var(a)": rng.uniform(0.2, 2.0),
        "r": rng.uniform(0.2, 2.0),
        "j": int(rng.integers(1, n + 1)),
        "i": int(rng.integers(1, n + 1)),
        "k": int(rng.integers(1, n + 1)),
    }
    return {**point, **_layer_values(rng)}


def _layer_values(rng: np.random.Generator) -> dict:
    """The output gradients' variance and the bias's constant (any value but 0), from a stream of their own
    seeded by `rng`'s state: the problem's other values are drawn as they were before the layer had these
    (no report's counterexample moves)."""
    state = repr(rng.bit_generator.state).encode()
    own = np.random.default_rng(int.from_bytes(hashlib.sha256(state).digest()[:8], "little"))
    return {"Var(∂L/∂z)": float(own.uniform(0.2, 2.0)), BIAS_VALUE: float(own.uniform(0.5, 2.0))}


CLOSED_FORM = ("Var", "E", "r", "z")


SPEC = DerivationSpec(
    id="xavier-variance",
    title="Xavier/Glorot initialization variance",
    notation=NOTATION,
    definitions=DEFINITIONS,
    scenarios=(Scenario("generic", free_variances),),
    # Var(w) (and r) where the goal, Glorot's choice or the backward pass put them: only the grader draws them (see the key)
    key_scenarios=("goal", "glorot", "backward", "forward-only-uniform"),
    special=zero_mean_variables({"w": "Var(w)", "a": "Var(a)"}, backward=BACKWARD),
    answers=(
        AnswerSlot("answer-a", "a", points=3, scenario="generic", forbidden=CLOSED_FORM),
        AnswerSlot("answer-b", "b", points=4, scenario="generic", forbidden=CLOSED_FORM),
    ),
    derivation_points=3,
)


# == the key: only the grader sees what follows (the student kit holds this module up to here) ==

# The answers: (a) Var(w) = 1/n; (b) r = \sqrt{6/(n_in + n_out)}.


def variance_preserved(rng: np.random.Generator, size: int) -> dict:
    """The goal Var(z) = Var(a) holds: n Var(w) = 1."""
    point = free_variances(rng, size)
    point["Var(w)"] = 1.0 / point["n"]
    return point


def forward_only_uniform(rng: np.random.Generator, size: int) -> dict:
    """Var(w) = 1/n with w ~ U(-r, r): r = sqrt(3/n) (a side computation some students make)."""
    point = variance_preserved(rng, size)
    point["r"] = np.sqrt(3.0 / point["n"])
    return point


def backward_preserved(rng: np.random.Generator, size: int) -> dict:
    """The backward pass's condition n_out Var(w) = 1 (the gradients' variance kept), which Glorot's
    compromise averages with the forward one: authors state it on the way to 2/(n_in + n_out)."""
    point = free_variances(rng, size)
    point["Var(w)"] = 1.0 / point["n_out"]
    return point


def glorot(rng: np.random.Generator, size: int) -> dict:
    """Glorot's choice Var(w) = 2/(n_in + n_out), and w ~ U(-r, r) with that variance."""
    point = free_variances(rng, size)
    point["Var(w)"] = 2.0 / (point["n_in"] + point["n_out"])
    point["r"] = np.sqrt(6.0 / (point["n_in"] + point["n_out"]))
    return point


KEY = DerivationKey(
    scenarios=(
        Scenario("goal", variance_preserved),
        Scenario("glorot", glorot),
        Scenario("backward", backward_preserved),
        Scenario("forward-only-uniform", forward_only_uniform),
    ),
    accepted={
        "a": (r"\frac{1}{n}", r"\frac{2}{n_{in} + n_{out}}"),
        "b": (r"\sqrt{\frac{6}{n_{in} + n_{out}}}",),
    },
    starts=(r"\mathrm{Var}(z)",),
    goals=(r"\frac{1}{n}", r"\frac{2}{n_{in} + n_{out}}"),
    mistakes=(
        Mistake(
            "he-variance",
            "answer-a",
            (r"\frac{2}{n}",),
            (
                ("2/n is He initialization, derived for ReLU (which zeroes half the inputs). "
                "Here Var(z) = n Var(w) Var(a) = Var(a) gives Var(w) = 1/n."),
                "2/n 是 He 初始化，是针对 ReLU（会把一半输入置零）推导的。本题中 Var(z) = n Var(w) Var(a) = Var(a)，得 Var(w) = 1/n。",
            ),
        ),
        Mistake(
            "variance-times-n",
            "answer-a",
            (r"n",),
            (
                "Var(z) = n Var(w) Var(a), so keeping Var(z) = Var(a) needs Var(w) = 1/n, not n.",
                "Var(z) = n Var(w) Var(a)，要保持 Var(z) = Var(a) 需要 Var(w) = 1/n，而不是 n。",
            ),
        ),
        Mistake(
            "bound-without-sqrt",
            "answer-b",
            (r"\frac{6}{n_{in} + n_{out}}",),
            (
                "That is r², not r: Var(U(-r, r)) = r²/3 = 2/(n_in + n_out) gives r² = 6/(n_in + n_out); take the square root.",
                "这是 r² 而不是 r：Var(U(-r, r)) = r²/3 = 2/(n_in + n_out) 得 r² = 6/(n_in + n_out)；还要开平方。",
            ),
            credit=0.25,
        ),
        Mistake(
            "uniform-variance-wrong",
            "answer-b",
            (r"\sqrt{\frac{2}{n_{in} + n_{out}}}", r"\sqrt{\frac{24}{n_{in} + n_{out}}}", r"\sqrt{\frac{4}{n_{in} + n_{out}}}"),
            (
                "The variance of U(-r, r) is (2r)²/12 = r²/3; with Var(w) = 2/(n_in + n_out) this gives r = √(6/(n_in + n_out)).",
                "U(-r, r) 的方差是 (2r)²/12 = r²/3；由 Var(w) = 2/(n_in + n_out) 得 r = √(6/(n_in + n_out))。",
            ),
        ),
        Mistake(
            "forward-only-bound",
            "answer-b",
            (r"\sqrt{\frac{3}{n}}",),
            (
                "√(3/n) is the bound for Var(w) = 1/n (forward pass only); Glorot's Var(w) = 2/(n_in + n_out) gives √(6/(n_in + n_out)).",
                "√(3/n) 对应 Var(w) = 1/n（只考虑前向）；Glorot 的 Var(w) = 2/(n_in + n_out) 给出 √(6/(n_in + n_out))。",
            ),
            credit=0.5,
        ),
    ),
)

PROBLEM = SPEC.problem(KEY)
