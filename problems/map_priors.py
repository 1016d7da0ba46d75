r"""map-priors: regularization as a prior (MAP estimation).

p(w | D) \propto p(D | w) p(w), NLL(w) = -\log p(D | w), independent components under the prior.
The regularizer \Omega(w) that (a) the prior w_j ~ N(0, \tau^2) and (b) the prior w_j ~ Laplace(0, b) give.
NLL is a function the problem does not specify: it is a random smooth function at each point.
"""

from dataclasses import dataclass

import numpy as np
import sympy

from grader.derivations.derivation_problem import DerivationProblem, Mistake
from grader.derivations.spec import AnswerSlot, DerivationKey, DerivationSpec
from grader.mathengine.equivalence import Checker, Scenario, Verdict
from grader.mathengine.evaluate import EvaluationError
from grader.mathengine.unspecified import unspecified_functions, with_unspecified
from grader.mathparse import Notation

#: The courses that grade this problem and its place in each (a course lists its problems by
#: place; `grader.course.course` reads this literal without importing the module).
COURSES = {"extended": 110}

NOTATION = Notation(
    indexed={"w": 1},
    matrices={"w": ("d", "1")},  # w^T w and \|w\|^2 of the vector, w_j its entries
    index_ranges={"j": ("1", "d"), "i": ("1", "d")},
    functions={"NLL": ("w",), "Omega": ("w",), "p": ()},
    symbols=("Dcal",),
    inequalities=True,
)

#: The data's name as parsed (`\mathcal{D}`).
DATA = "Dcal"


def _prior_density(kind: str, w: np.ndarray, tau: float, b: float) -> np.ndarray:
    if kind == "gaussian":
        return np.exp(-(w**2) / (2 * tau**2)) / np.sqrt(2 * np.pi * tau**2)
    return np.exp(-np.abs(w) / b) / (2 * b)


def _density(evaluator, args: tuple) -> complex:
    """`p(...)` read from its arguments: p(D | w) = e^{-NLL(w)}, p(w) and p(w_j) the prior,
    p(w | D) the posterior (likelihood times prior over the evidence p(D))."""
    point = evaluator.values
    kind, tau, b = point["_prior"], point["tau"].real, point["b"].real
    names = [getattr(a, "name", None) for a in args]
    evidence = point["_evidence"]
    if names == [DATA]:
        return complex(evidence)
    likelihood = lambda: np.exp(-evaluator.scalar(sympy.Function("NLL")(sympy.Symbol("w"))))  # noqa: E731
    prior = lambda: complex(np.prod(_prior_density(kind, np.real(point["w"]), tau, b)))  # noqa: E731
    if names == [DATA, "w"]:
        return likelihood()
    if names == ["w", DATA]:
        return likelihood() * prior() / evidence
    if names == ["w"]:
        return prior()
    if len(args) == 1 and isinstance(args[0], sympy.Indexed):
        value = evaluator.scalar(args[0]).real
        return complex(_prior_density(kind, np.array(value), tau, b))
    raise EvaluationError("p(...) of these arguments is not defined here")

SPECIAL = {"p": _density, **unspecified_functions(("NLL",))}


def _point(rng: np.random.Generator, size: int, kind: str) -> dict:
    d = size
    point = {
        "d": d,
        "w": rng.normal(size=d),
        "tau": rng.uniform(0.5, 2.0),
        "b": rng.uniform(0.5, 2.0),
        "j": int(rng.integers(1, d + 1)),
        "i": int(rng.integers(1, d + 1)),
        "_prior": kind,
        "_evidence": rng.uniform(0.5, 2.0),
    }
    return with_unspecified(point, rng, {"NLL": d})


def gaussian(rng: np.random.Generator, size: int) -> dict:
    """The Gaussian prior w_j ~ N(0, tau^2)."""
    return _point(rng, size, "gaussian")


def laplace(rng: np.random.Generator, size: int) -> dict:
    """The Laplace prior w_j ~ Laplace(0, b)."""
    return _point(rng, size, "laplace")


class EachPriorChecker(Checker):
    """A derivation may be about either prior: a same-minimizer link holds when it holds
    under one of them (each prior's data held fixed while w varies)."""

    def same_minimizers(self, a, b, trials: int = 6, variants: int = 16) -> Verdict:
        # more parameter points than the default: the likelihood is a random function that may
        # hide a penalty off by a factor at a few points (1/(2b) for 1/b)
        first = None
        for k in range(len(self.scenarios)):
            rotated = Checker.__new__(Checker)
            rotated.__dict__.update(self.__dict__)
            rotated.scenarios = self.scenarios[k:] + self.scenarios[:k]
            verdict = Checker.same_minimizers(rotated, a, b, trials, variants)
            if verdict.holds:
                return verdict
            if first is None or (first.holds is None and verdict.holds is False):
                first = verdict
        assert first is not None  # (at least one scenario)
        return first


@dataclass(frozen=True)
class MapPriorsProblem(DerivationProblem):
    """The problem, with a checker that tries each prior for same-minimizer links."""

    def checker(self, seed, deadline=None):
        base = DerivationProblem.checker(self, seed, deadline)
        checker = EachPriorChecker.__new__(EachPriorChecker)
        checker.__dict__.update(base.__dict__)
        return checker

CLOSED_FORM = ("Omega", "p")  # NLL may stand in a derivation's goal


SPEC = DerivationSpec(
    id="map-priors",
    title="Regularization as a prior (MAP)",
    notation=NOTATION,
    scenarios=(Scenario("gaussian", gaussian), Scenario("laplace", laplace)),
    parameters=("w",),
    special=SPECIAL,
    problem_type=MapPriorsProblem,
    answers=(
        AnswerSlot("answer-a", "a", points=2, scenario="gaussian", forbidden=CLOSED_FORM),
        AnswerSlot("answer-b", "b", points=2, scenario="laplace", forbidden=CLOSED_FORM),
    ),
    derivation_points=6,
)


# == the key: only the grader sees what follows (the student kit holds this module up to here) ==

# The answers: (a) \Omega(w) = \frac{1}{2\tau^2}\sum_j w_j^2; (b) \Omega(w) = \frac{1}{b}\sum_j |w_j|
# (either with the prior's constant term added).

GAUSSIAN = r"\frac{1}{2\tau^2}\sum_{j=1}^{d} w_j^2"

LAPLACE = r"\frac{1}{b}\sum_{j=1}^{d} |w_j|"

KEY = DerivationKey(
    accepted={
        "a": (GAUSSIAN, GAUSSIAN + r" + \frac{d}{2}\log(2\pi\tau^2)"),
        "b": (LAPLACE, LAPLACE + r" + d\log(2b)"),
    },
    starts=(r"\arg\max_w p(w \mid \mathcal{D})",),
    goals=(r"\arg\min_w \mathrm{NLL}(w) + " + GAUSSIAN, r"\arg\min_w \mathrm{NLL}(w) + " + LAPLACE),
    mistakes=(
        Mistake(
            "gaussian-missing-half",
            "answer-a",
            (r"\frac{1}{\tau^2}\sum_{j=1}^{d} w_j^2",),
            (
                "-log of e^{-w_j²/(2τ²)} is w_j²/(2τ²): the 1/2 stays.",
                "e^{-w_j²/(2τ²)} 取负对数是 w_j²/(2τ²)：1/2 不能丢。",
            ),
            credit=0.5,
        ),
        Mistake(
            "gaussian-missing-variance",
            "answer-a",
            (r"\frac{1}{2}\sum_{j=1}^{d} w_j^2", r"\sum_{j=1}^{d} w_j^2"),
            (
                "The penalty's weight comes from the prior's variance: w_j²/(2τ²), so a wider prior regularizes less.",
                "惩罚项的系数来自先验方差：w_j²/(2τ²)，先验越宽，正则越弱。",
            ),
            credit=0.25,
        ),
        Mistake(
            "gaussian-prior-gave-l1",
            "answer-a",
            (r"\frac{1}{\tau}\sum_{j=1}^{d} |w_j|", r"\frac{1}{b}\sum_{j=1}^{d} |w_j|"),
            (
                "An absolute-value (L1) penalty comes from the Laplace prior; the Gaussian prior gives the squared (L2) penalty w_j²/(2τ²).",
                "绝对值（L1）惩罚来自 Laplace 先验；高斯先验给出平方（L2）惩罚 w_j²/(2τ²)。",
            ),
        ),
        Mistake(
            "log-prior-sign-gaussian",
            "answer-a",
            (r"-\frac{1}{2\tau^2}\sum_{j=1}^{d} w_j^2",),
            (
                "Maximizing log p(w) is minimizing -log p(w): the penalty is +w_j²/(2τ²), not the log-prior itself.",
                "最大化 log p(w) 就是最小化 -log p(w)：惩罚项是 +w_j²/(2τ²)，而不是对数先验本身。",
            ),
        ),
        Mistake(
            "laplace-prior-gave-l2",
            "answer-b",
            (r"\frac{1}{2b^2}\sum_{j=1}^{d} w_j^2", r"\frac{1}{2\tau^2}\sum_{j=1}^{d} w_j^2"),
            (
                "A squared (L2) penalty comes from the Gaussian prior; the Laplace prior gives the absolute-value (L1) penalty |w_j|/b.",
                "平方（L2）惩罚来自高斯先验；Laplace 先验给出绝对值（L1）惩罚 |w_j|/b。",
            ),
        ),
        Mistake(
            "laplace-missing-scale",
            "answer-b",
            (r"\sum_{j=1}^{d} |w_j|", r"\frac{1}{2b}\sum_{j=1}^{d} |w_j|"),
            (
                "-log of e^{-|w_j|/b}/(2b) is |w_j|/b plus a constant: the weight is 1/b.",
                "e^{-|w_j|/b}/(2b) 取负对数是 |w_j|/b 加常数：系数是 1/b。",
            ),
            credit=0.25,
        ),
        Mistake(
            "log-prior-sign-laplace",
            "answer-b",
            (r"-\frac{1}{b}\sum_{j=1}^{d} |w_j|",),
            (
                "Maximizing log p(w) is minimizing -log p(w): the penalty is +|w_j|/b.",
                "最大化 log p(w) 就是最小化 -log p(w)：惩罚项是 +|w_j|/b。",
            ),
        ),
    ),
)

PROBLEM = SPEC.problem(KEY)
