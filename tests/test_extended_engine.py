r"""The engine features of the extended course, one by one: inequalities, arg min = e, piecewise
functions, Bernoulli moments, unspecified functions."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
import sympy

from grader.course.course import load_problem
from grader.derivations.derivation import check_derivation
from grader.mathengine.equivalence import Checker, Scenario
from grader.mathengine.evaluate import Evaluator
from grader.mathengine.inequalities import inequality_holds
from grader.mathengine.moments_bernoulli import bernoulli_mask
from grader.mathengine.piecewise import parse_with_cases, split_condition
from grader.mathengine.unspecified import SIGN_FUNCTIONS, unspecified_functions, with_unspecified
from grader.mathparse import MathParseError, Notation, parse_expression, parse_line

READS_INEQUALITIES = Notation(inequalities=True)


def _point(rng, size):
    return {"a": rng.uniform(0.1, 2.0), "b": rng.normal(), "x": rng.normal()}


CHECKER = Checker([Scenario("generic", _point)], seed=5)


def _links(lines):
    check = check_derivation([SimpleNamespace(number=i + 1, text=t) for i, t in enumerate(lines)], READS_INEQUALITIES, CHECKER, {"a", "b", "x"})
    return [[(k.relation, k.valid) for k in line.links] for line in check.lines], check


@pytest.mark.parametrize(
    "line, expected",
    [
        (r"a^2 + 1 \ge 2a", [(">=", True)]),
        (r"(x-1)^2 = x^2 - 2x + 1 \geq 0", [("=", True), (">=", True)]),
        (r"a < a + 1 = 1 + a \le 2 + a", [("<", True), ("=", True), ("<=", True)]),
        (r"a \le a^2", [("<=", False)]),
        (r"x^2 > 0", [(">", True)]),
        (r"-a^2 \lt 0", [("<", True)]),
        (r"a + 1 \gt a", [(">", True)]),
        (r"a \leqslant a", [("<=", True)]),
        (r"x \ge a", [(">=", False)]),
        (r"a > 0 \Rightarrow a + 1 > 1", [(">", True), ("=>", True), (">", True)]),
        (r"a > 0 \Rightarrow a - 1 > 1", [(">", True), ("=>", False), (">", False)]),
        (r"\arg\min_x (x - b)^2 = b", [("=", True)]),
        (r"\arg\min_x (x - b)^2 = 2b", [("=", False)]),
        (r"\arg\max_x -(x - b)^2 + a = b", [("=", True)]),
        (r"\arg\min_x |x - b| + a = b", [("=", True)]),
    ],
)
def test_inequality_links(line, expected):
    links, _ = _links([line])
    assert links[0] == expected


def test_a_failed_inequality_names_the_point_and_both_values():
    _, check = _links([r"a \le a^2"])
    link = check.lines[0].links[0]
    assert link.counterexample is not None and "a" in link.counterexample.point
    assert float(link.counterexample.left) > float(link.counterexample.right)
    assert link.reason.key == "inequality.fails"


def test_the_default_notation_still_refuses_inequalities():
    with pytest.raises(MathParseError):
        parse_line(r"a \le b", Notation())


def test_a_scenario_where_both_sides_are_equal_does_not_confirm_an_inequality_another_refutes():
    def generic(rng, size):
        return {"a": rng.normal(), "b": rng.normal()}

    def tied(rng, size):
        a = rng.normal()
        return {"a": a, "b": a}

    checker = Checker([Scenario("generic", generic), Scenario("tied", tied)], seed=1)
    a, b = sympy.symbols("a b")
    assert inequality_holds(checker, a, b, "<=").holds is False
    assert inequality_holds(checker, a - a, b - b, "<=").holds is True


@pytest.mark.parametrize(
    "text, value",
    [
        (r"\max(a, b)", 3.0),
        (r"\min(a, b)", -2.0),
        (r"\max(a, b, 7)", 7.0),
        (r"\min(a, b) + \max(a, b)", 1.0),
        (r"\operatorname{sign}(b)", -1.0),
        (r"\mathrm{sign}(a)", 1.0),
        (r"\text{sign}(b) |b|", -2.0),
        (r"\operatorname{sgn}(a - a)", 0.0),
        (r"\lvert b \rvert", 2.0),
        (r"\|b\|", 2.0),
        (r"\|b\|^2", 4.0),
        (r"\sigma(a - 3)", 0.5),
    ],
)
def test_piecewise_functions_evaluate(text, value):
    notation = Notation(functions={"sign": (), "sgn": (), "sigma": ("t",)})
    sigmoid = {"sigma": lambda ev, args: 1 / (1 + np.exp(-ev.scalar(args[0])))}
    expr = parse_expression(text, notation)
    assert Evaluator({"a": 3.0, "b": -2.0}, special={**SIGN_FUNCTIONS, **sigmoid}).scalar(expr).real == pytest.approx(value)


def test_max_with_a_subscript_is_still_an_optimization_not_a_value():
    from grader.mathparse.nodes import ArgOpt

    assert isinstance(parse_expression(r"\max_w f", Notation()), ArgOpt)


def test_cases_pick_the_branch_whose_condition_holds():
    notation = Notation(inequalities=True)
    term = parse_with_cases(r"\begin{cases} x - 1 & \text{if } x > 1 \\ 0 & |x| \le 1 \\ x + 1 & \text{otherwise} \end{cases}", notation).terms[-1]
    for x, expected in [(3.0, 2.0), (0.5, 0.0), (-1.0, 0.0), (-4.0, -3.0)]:
        assert Evaluator({"x": x}).scalar(term).real == pytest.approx(expected)


def test_a_condition_after_the_math_is_split_off():
    text, condition = split_condition(r"w = x - 1, \quad x > 1", Notation(inequalities=True))
    assert text == "w = x - 1" and isinstance(condition, sympy.StrictGreaterThan)
    text, condition = split_condition(r"w = x - 1 \quad (x \geq 1)", Notation(inequalities=True))
    assert text == "w = x - 1" and condition is not None
    assert split_condition(r"w = x - 1, \quad x > 1", Notation()) == (r"w = x - 1, \quad x > 1", None)


def test_a_line_is_checked_only_where_its_condition_holds():
    links, _ = _links([r"|x| = x, \quad x \ge 0", r"|x| = -x \quad (x < 0)", r"|x| = x"])
    assert links == [[("=", True)], [("=", True)], [("=", False)]]


def test_bernoulli_moments_are_exact():
    special = bernoulli_mask("m", "p")
    h, p, m = sympy.symbols("h p m")
    evaluator = Evaluator({"h": 2.0, "p": 0.25, "m": 1.0}, special=special)
    expectation = sympy.Function("E")
    variance = sympy.Function("Var")
    assert evaluator.scalar(expectation(m * h / p)).real == pytest.approx(2.0)
    assert evaluator.scalar(variance(m * h / p)).real == pytest.approx((1 - 0.25) / 0.25 * 4.0)
    assert evaluator.scalar(expectation(m**2)).real == pytest.approx(evaluator.scalar(expectation(m)).real)
    assert evaluator.scalar(variance(m * h)).real == pytest.approx(0.25 * 0.75 * 4.0)


def test_an_unspecified_function_is_the_same_function_on_both_sides_and_differs_between_points():
    rng = np.random.default_rng(0)
    special = unspecified_functions(("NLL",))
    nll = sympy.Function("NLL")(sympy.Symbol("w"))
    first = with_unspecified({"w": np.array([0.3, -0.2])}, rng, {"NLL": 2})
    second = with_unspecified({"w": np.array([0.3, -0.2])}, rng, {"NLL": 2})
    a = Evaluator(first, special=special).scalar(nll)
    assert Evaluator(dict(first), special=special).scalar(nll) == a
    assert Evaluator(second, special=special).scalar(nll) != a


def test_a_penalty_that_changes_the_minimizer_is_refused_for_any_likelihood():
    problem = load_problem("map_priors")
    checker = problem.checker(seed=4)
    good = parse_line(r"\arg\min_w \mathrm{NLL}(w) + \frac{1}{2\tau^2}\sum_{j=1}^{d} w_j^2 + 7", problem.notation).terms[0]
    wrong = parse_line(r"\arg\min_w \mathrm{NLL}(w) + \frac{1}{\tau^2}\sum_{j=1}^{d} w_j^2", problem.notation).terms[0]
    posterior = parse_line(r"\arg\max_w p(w \mid \mathcal{D})", problem.notation).terms[0]
    assert checker.same_values(posterior, good).holds is True
    assert checker.same_values(posterior, wrong).holds is False


def test_perceptron_points_are_real_iterates():
    problem = load_problem("perceptron_convergence")
    checker = problem.checker(seed=9)
    for point in checker.points(checker.scenarios[0]):
        assert np.allclose(point["w_k"], point["w_k-1"] + point["y_i"] * point["x_i"])
        assert point["y_i"] * (point["w_k-1"].T @ point["x_i"]).item() <= 0  # the update was on a mistake
        assert (point["w_k"].T @ point["w_opt"]).item() >= point["k"] * point["gamma"] - 1e-9
        assert point["k"] <= point["R"] ** 2 / point["gamma"] ** 2 + 1e-9


@pytest.mark.parametrize("seed", range(5))
def test_l1_points_cover_every_branch_at_every_seed(seed):
    problem = load_problem("l1_soft_threshold")
    checker = problem.checker(seed=seed)
    branches = set()
    for point in checker.points(checker.scenarios[0]):
        i = point["i"] - 1
        threshold = point["alpha"] / point["H"][i, i]
        w = point["w_star"][i]
        branches.add(("zero-" if abs(w) <= threshold else "") + ("positive" if w > 0 else "negative"))
    assert branches == {"zero-positive", "zero-negative", "positive", "negative"}
