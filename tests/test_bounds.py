"""SymPy's work on student expressions is sized before it starts (grader.mathengine.bounds), and results
cross the answers child's pipe as JSON faithfully (grader.results.result_codec)."""

from __future__ import annotations

import math
import time
from pathlib import Path

import numpy as np
import pytest
import sympy

from grader.mathengine import bounds
from grader.mathengine.bounds import TooLarge, check_cancellation, check_expansion, estimate, multinomial_terms
from grader.mathengine.equivalence import Checker, could_not_evaluate, same_rational
from grader.mathengine.evaluate import EvaluationError, Evaluator
from grader.mathengine.moments import zero_mean_variables
from grader.results.models import (
    ArrayPreview,
    CheckResult,
    Counterexample,
    DerivationLine,
    GradingResult,
    LinkResult,
    Message,
    PartResult,
    ProblemResult,
)
from grader.results.result_codec import dumps, from_plain, loads, to_plain

ROOT = Path(__file__).resolve().parent.parent
p, q, r, s, t, u, v, x, y, z, lam, alpha, n = sympy.symbols("p q r s t u v x y z lambda alpha n")
w, a = sympy.IndexedBase("w"), sympy.IndexedBase("a")


# -- the estimate --------------------------------------------------------------------


@pytest.mark.parametrize("terms", range(1, 8))
@pytest.mark.parametrize("power", range(9))
def test_the_multinomial_count_is_exact(terms, power):
    assert multinomial_terms(terms, power) == math.comb(terms + power - 1, power)


def test_the_multinomial_count_is_capped_and_quick():
    started = time.perf_counter()
    assert multinomial_terms(10**15, 10**15) == bounds._CAP
    assert multinomial_terms(2, 10**14) == 10**14 + 1
    assert time.perf_counter() - started < 5  # a guard against a runaway (minutes), not a speed test: speed is measured in bench/


SMALL_EXPRESSIONS = [
    (x + y) ** 3,
    (x + y + z) ** 4 * (x - 1),
    (x + 1) * (y + 2) * (z + 3) + (x + y) ** 2,
    sympy.exp((x + y) ** 2) + (x - y) ** 3,
    (x + y) ** sympy.Rational(7, 2),
    (x + y) ** (n + 3),
    ((x + y) ** 2 + z) ** 3,
    (w[1] * a[1] + w[2] * a[2] + w[3] * a[3]) ** 4,
    1 / (x + y) ** 2 + (x + z) ** 2,
]


@pytest.mark.parametrize("expr", SMALL_EXPRESSIONS, ids=str)
def test_the_estimate_bounds_the_terms_expand_produces(expr):
    size = estimate(expr)
    expanded = sympy.expand(expr)
    numerator, _denominator = sympy.fraction(sympy.together(expanded))
    assert len(sympy.Add.make_args(expanded)) <= max(size.largest_terms, size.numerator_terms * size.denominator_terms)
    assert len(sympy.Add.make_args(sympy.expand(numerator))) <= size.numerator_terms * max(1, size.denominator_terms)
    check_expansion(expr)  # all small: none refused


def test_the_attacks_of_issue_10_are_refused_before_sympy_starts():
    double_sum = sum(w[j] * a[k] for j in range(1, 5) for k in range(1, 5))
    started = time.perf_counter()
    with pytest.raises(TooLarge, match="too large to expand"):
        check_expansion(double_sum**30)
    with pytest.raises(TooLarge, match="too large to expand"):
        check_cancellation((p + q + r + s + t + u) ** 30 - (q + r + s + t + u + v) ** 30)
    with pytest.raises(TooLarge):  # inside a function's argument, and through a symbolic exponent
        check_expansion(sympy.exp((x + y + z + p) ** (n + 40)))
    with pytest.raises(TooLarge):  # a high degree with few terms is refused to cancel
        check_cancellation((x * y + 1) ** 40 / (x + 1) - 1)
    assert time.perf_counter() - started < 10  # a guard against a runaway (minutes), not a speed test: speed is measured in bench/


def test_a_tree_too_large_to_walk_is_refused():
    big = sympy.Add(*[sympy.Symbol(f"x{k}") * sympy.Symbol(f"y{k}") for k in range(bounds.MAX_NODES)])
    with pytest.raises(TooLarge, match="nodes"):
        estimate(big)


# -- the call sites --------------------------------------------------------------------


def test_same_rational_still_proves_small_identities():
    assert same_rational(lam / (lam + alpha), 1 - alpha / (lam + alpha))
    assert same_rational((x + y) ** 2, x**2 + 2 * x * y + y**2)
    assert not same_rational((x + y) ** 2, x**2 + y**2)


def test_same_rational_leaves_a_huge_cancellation_to_the_numeric_rung():
    started = time.perf_counter()
    assert not same_rational((p + q + r + s + t + u) ** 30, (q + r + s + t + u + v) ** 30)
    assert time.perf_counter() - started < 10  # a guard against a runaway (minutes), not a speed test: speed is measured in bench/


def test_the_numeric_rung_decides_what_the_symbolic_one_refused():
    def point(rng, size):
        return {name: rng.uniform(0.5, 2.0) for name in "pqrstuv"}

    from grader.mathengine.equivalence import Scenario

    checker = Checker([Scenario("generic", point)], seed=3)
    left = (p + q + r + s + t + u) ** 30
    started = time.perf_counter()
    assert checker.same_values(left, left.subs(p, p)).holds  # identical: rung 1
    assert checker.same_values(left, (p + q + r + s + t + u) ** 15 * (u + t + s + r + q + p) ** 15).holds
    assert checker.same_values(left, (q + r + s + t + u + v) ** 30).holds is False
    assert time.perf_counter() - started < 20  # a guard against a runaway (minutes), not a speed test: speed is measured in bench/


def _xavier_evaluator(size: int = 4) -> Evaluator:
    special = zero_mean_variables({"w": "Var(w)", "a": "Var(a)"})
    return Evaluator({"n": size, "Var(w)": 0.5, "Var(a)": 2.0}, special=special)


def test_an_expectation_too_large_to_expand_could_not_be_checked():
    j, k = sympy.symbols("j k")
    double_sum = sympy.Sum(sympy.Sum(w[j] * a[k], (k, 1, n)), (j, 1, n))
    expectation = sympy.Function("E")(double_sum**30)
    started = time.perf_counter()
    with pytest.raises(EvaluationError, match="too large to expand") as caught:
        _xavier_evaluator().value(expectation)
    assert time.perf_counter() - started < 10  # a guard against a runaway (minutes), not a speed test: speed is measured in bench/
    message = could_not_evaluate(str(caught.value))
    assert message.key == "equivalence.could_not_evaluate"
    assert isinstance(message.params["error"], Message)  # a sentence in both languages


def test_a_small_expectation_is_still_computed():
    j = sympy.Symbol("j")
    one_sum = sympy.Sum(w[j] * a[j], (j, 1, n))
    value = _xavier_evaluator(4).value(sympy.Function("Var")(one_sum))
    assert value == pytest.approx(4 * 0.5 * 2.0)


def test_nested_sums_written_out_are_bounded_before_they_are_built():
    i, j, k = sympy.symbols("i j k")
    nested = sympy.Sum(sympy.Sum(sympy.Sum(w[i] * a[j] * w[k], (k, 1, 200)), (j, 1, 200)), (i, 1, 200))
    started = time.perf_counter()
    with pytest.raises(EvaluationError, match="too large to expand"):
        _xavier_evaluator().value(sympy.Function("E")(nested))
    assert time.perf_counter() - started < 20  # a guard against a runaway (minutes), not a speed test: speed is measured in bench/


# -- the JSON round trip of results ----------------------------------------------------------


def _rich_problem() -> ProblemResult:
    link = LinkResult(
        "a", "=", "b", False,
        Message("equivalence.differs", {"left": "1", "right": "2", "kind": Message("equivalence.kind_minimizers")}),
        Counterexample({"n": "3", "sigma": "0.7"}, "1", "2"),
    )
    check = CheckResult(
        Message("check.values", {"shape": (3, 4), "count": 2, "ratio": 0.25, "ok": True, "none": None}),
        False,
        Message("check.wrong"),
        ArrayPreview((3, 4), ((1.0, 2.5), (float("inf"), -0.0)), True),
        ArrayPreview((3,), ((1.0, 2.0, 3.0),)),
        {"x": "shape (3, 4)"},
        0.5,
        {"objective": "rosenbrock", "reference": [[0.0, 1.0]], "student": [[0.5, 1.5]]},
    )
    parts = (
        PartResult("answer", 2.0, 3.0, (Message("answer.correct"),), student_answer="$x$"),
        PartResult("derivation", 1.5, 5.0, (Message("m", {"point": {"x": "1"}, "values": [1, 2], "z": complex(1, -2)}),),
                   invalid_line=2, lines=(DerivationLine(1, "a = b", (link,)), DerivationLine(2, "c", (), Message("parse.bad"))),
                   mistakes=("sign",)),
        PartResult("affine_forward", 0.0, 4.0, checks=(check,)),
    )
    return ProblemResult("p", "A title", "derivation", "graded", 3.5, 12.0, parts, Message("e", {"k": (1, "two")}), 17, "rlimits")


def test_every_result_model_survives_the_json_round_trip():
    problem = _rich_problem()
    assert loads(dumps(problem)) == problem
    whole = GradingResult("sub", 3, (problem,), "namespaces+rlimits", 1.25, "0.1.0", Message("x"))
    assert loads(dumps(whole)) == whole
    assert isinstance(loads(dumps(problem)).parts[2].checks[0].expected.shape, tuple)


def test_the_round_trip_keeps_types_that_plain_json_would_change():
    values = {"t": (1, (2, 3)), "l": [1, 2], "c": complex(0.5, 1), "m": {1: "a", (2, 3): "b"}, "tag": {"__tuple__": 1}}
    back = from_plain(to_plain(values))
    assert back == values
    assert type(back["t"]) is tuple and type(back["l"]) is list


def test_numpy_scalars_and_unknown_objects_become_plain_values():
    data = to_plain(Message("k", {"a": np.float64(0.5), "b": np.int64(3), "c": np.bool_(True), "d": object}))
    assert loads(dumps(from_plain(data))).params["a"] == 0.5
    assert from_plain(data).params["b"] == 3 and from_plain(data).params["c"] is True
    assert isinstance(from_plain(data).params["d"], str)
    nan = loads(dumps(Message("k", {"x": float("nan")})))
    assert math.isnan(nan.params["x"])


def test_the_graded_example_survives_the_round_trip():
    from grader.grading.pipeline import grade_submission

    result = grade_submission(ROOT / "examples" / "good", seed=5, answers_apart=False)
    for problem in result.problems:
        assert loads(dumps(problem)) == problem


def test_definitions_written_out_again_and_again_stop_at_the_deadline():
    from grader.mathengine.evaluate import Deadline, FunctionDefinition, Timeout

    # d0 uses d1 30 times, d1 uses d2 30 times, ...: 30^4 copies of d4 to write out without a deadline
    levels, width = 4, 30
    names = [sympy.Symbol(f"d{k}") for k in range(levels + 1)]
    definitions = {
        f"d{k}": FunctionDefinition((), sympy.Add(*[names[k + 1] * w[j] for j in range(1, width + 1)])) for k in range(levels)
    }
    special = zero_mean_variables({"w": "Var(w)", "a": "Var(a)"})
    evaluator = Evaluator({"n": 2, "Var(w)": 0.5, "Var(a)": 2.0}, definitions, special, Deadline(0.5))
    started = time.perf_counter()
    with pytest.raises((Timeout, EvaluationError)):
        evaluator.value(sympy.Function("E")(names[0]))
    assert time.perf_counter() - started < 20  # a guard against a runaway (minutes), not a speed test: speed is measured in bench/
