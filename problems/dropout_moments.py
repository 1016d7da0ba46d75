r"""dropout-moments: the variance of inverted dropout and standard dropout's test-time factor.

h fixed, m ~ Bernoulli(p), \tilde h = m h / p: (a) Var(\tilde h); (b) the factor by which
standard dropout (\hat h = m h) multiplies h at test time.
"""

from dataclasses import dataclass

import numpy as np

from grader.derivations.derivation_problem import DerivationProblem, Mistake
from grader.derivations.spec import AnswerSlot, DerivationKey, DerivationSpec
from grader.derivations.test_time_outputs import TrainingOutputsChecker
from grader.mathengine.equivalence import Scenario
from grader.mathengine.moments_bernoulli import bernoulli_mask
from grader.mathparse import Notation

#: The courses that grade this problem and its place in each (a course lists its problems by
#: place; `grader.course.course` reads this literal without importing the module).
COURSES = {"extended": 120}

NOTATION = Notation(functions={"Var": (), "E": ()}, inequalities=True)

DEFINITIONS = (r"\tilde h = \frac{m}{p} h", r"\hat h = m h")


def any_point(rng: np.random.Generator, size: int) -> dict:
    """An activation, a keep probability in (0, 1), a mask value 0 or 1 (so m^2 = m)."""
    return {
        "h": rng.uniform(0.3, 3.0) * np.sign(rng.normal()),
        "p": rng.uniform(0.1, 0.9),
        "m": float(size % 2),
    }

CLOSED_FORM = ("Var", "E", "tilde_h", "hat_h", "m")


class DropoutChecker(TrainingOutputsChecker):
    """The problem's checker, with the two dropouts' training outputs: a test-time output the derivation writes
    (`h_{test} = ...`) is read against the expectation of the one in use (inverted: h; standard: p h)."""

    training_outputs = (r"\tilde h", r"\hat h")
    letters = ("h", "m", "p")


@dataclass(frozen=True)
class DropoutProblem(DerivationProblem):
    """The derivation problem, with `DropoutChecker` for its checker."""

    def checker(self, seed, deadline=None):
        base = DerivationProblem.checker(self, seed, deadline)
        checker = DropoutChecker.__new__(DropoutChecker)
        checker.__dict__.update(base.__dict__)
        return checker


SPEC = DerivationSpec(
    id="dropout-moments",
    title="Dropout: variance and test-time scaling",
    notation=NOTATION,
    definitions=DEFINITIONS,
    scenarios=(Scenario("generic", any_point),),
    special=bernoulli_mask("m", "p"),
    problem_type=DropoutProblem,
    answers=(
        AnswerSlot("answer-a", "a", points=3, forbidden=CLOSED_FORM),
        AnswerSlot("answer-b", "b", points=2, forbidden=CLOSED_FORM),
    ),
    derivation_points=5,
)


# == the key: only the grader sees what follows (the student kit holds this module up to here) ==

# The answers: (a) Var(\tilde h) = (1 - p) h^2 / p; (b) standard dropout \hat h = m h has
# E[\hat h] = p h, so at test time h is multiplied by p.

KEY = DerivationKey(
    accepted={
        "a": (r"\frac{1 - p}{p} h^2",),
        "b": (r"p",),
    },
    starts=(r"\mathrm{Var}(\tilde h)",),
    goals=(r"\frac{1 - p}{p} h^2",),
    mistakes=(
        Mistake(
            "variance-without-1-over-p",
            "answer-a",
            (r"(1 - p) h^2",),
            (
                "E[h̃²] = h²/p (m² = m, E[m] = p, divided by p²), so Var(h̃) = h²/p - h² = (1 - p)h²/p: the 1/p stays.",
                "E[h̃²] = h²/p（m² = m，E[m] = p，再除以 p²），所以 Var(h̃) = h²/p - h² = (1 - p)h²/p：1/p 不能丢。",
            ),
        ),
        Mistake(
            "standard-dropout-variance",
            "answer-a",
            (r"p(1 - p) h^2",),
            (
                "p(1 - p)h² is the variance of standard dropout m h; inverted dropout divides by p, which multiplies the variance by 1/p²: (1 - p)h²/p.",
                "p(1 - p)h² 是标准 dropout m h 的方差；反向（inverted）dropout 除以 p，方差乘以 1/p²：(1 - p)h²/p。",
            ),
        ),
        Mistake(
            "second-moment-only",
            "answer-a",
            (r"\frac{h^2}{p}",),
            (
                "h²/p is E[h̃²]; the variance subtracts the squared mean E[h̃]² = h².",
                "h²/p 是 E[h̃²]；方差还要减去均值的平方 E[h̃]² = h²。",
            ),
            credit=0.3,
        ),
        Mistake(
            "test-factor-inverted",
            "answer-b",
            (r"\frac{1}{p}",),
            (
                "1/p is what inverted dropout applies during training; standard dropout has E[m h] = p h, so at test time h is multiplied by p.",
                "1/p 是反向 dropout 在训练时使用的因子；标准 dropout 有 E[m h] = p h，所以测试时 h 乘以 p。",
            ),
        ),
        Mistake(
            "test-factor-drop-probability",
            "answer-b",
            (r"1 - p",),
            (
                "p is the keep probability here: E[m h] = p h, so the factor is p, not the drop probability 1 - p.",
                "这里 p 是保留概率：E[m h] = p h，所以因子是 p，而不是丢弃概率 1 - p。",
            ),
        ),
        Mistake(
            "derivation-without-1-over-p",
            "derivation",
            (r"(1 - p) h^2",),
            (
                "The derivation ends at (1 - p)h²: E[h̃²] = E[m²]h²/p² = h²/p, so Var(h̃) = h²/p - h² = (1 - p)h²/p.",
                "推导停在 (1 - p)h²：E[h̃²] = E[m²]h²/p² = h²/p，所以 Var(h̃) = h²/p - h² = (1 - p)h²/p。",
            ),
        ),
    ),
)

PROBLEM = SPEC.problem(KEY)
