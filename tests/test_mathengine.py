"""The math engine's modules in grader/mathengine/: their layer, the names the old modules still give,
closeness of sampled values, and rung 3 (the same minimizers) as split out of the checker."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from grader.mathengine import arithmetic, deadline, equivalence, evaluate, inequalities, minimizers, names, reasons, sampled_values, verdict
from grader.mathengine.equivalence import Checker, Scenario
from grader.mathengine.evaluate import Evaluator
from grader.mathparse.nodes import ArgOpt
from grader.mathparse.norms import NormTwo
from tests.test_import_graph import graders_import_graph

#: What the math engine may import: its own layer (the modules that move into it) and the layers below.
_ENGINE_LAYER = {"grader.mathengine.evaluate", "grader.mathengine.equivalence", "grader.mathengine.inequalities", "grader.mathengine.bounds", "grader.mathengine.moments",
                 "grader.mathengine.moments_bernoulli", "grader.mathengine.piecewise", "grader.mathengine.two_classes", "grader.mathengine.unspecified"}
_LOWER_LAYERS = ("grader.results.models", "grader.results.formatting", "grader.results.result_codec", "grader.results.i18n", "grader.results.phrases", "grader.mathparse")


def test_the_engine_imports_only_its_own_layer_and_lower_ones():
    graph = graders_import_graph()
    engine = [name for name in graph if name.startswith("grader.mathengine") or name in _ENGINE_LAYER]
    assert "grader.mathengine.minimizers" in engine
    for name in engine:
        above = {target for target in graph[name] if not (
            target.startswith("grader.mathengine") or target in _ENGINE_LAYER or target.startswith(_LOWER_LAYERS))}
        assert not above, f"{name} imports a higher layer: {sorted(above)}"


@pytest.mark.parametrize(
    "module, names_kept, home",
    [
        (equivalence, ["Scenario", "Verdict"], verdict),
        (equivalence, ["close", "format_value", "RELATIVE_TOLERANCE", "ABSOLUTE_FLOOR"], sampled_values),
        (equivalence, ["could_not_evaluate", "evaluation_reason"], reasons),
        (equivalence, ["names_in", "CONSTANT_NAMES"], names),
        (inequalities, ["value_minimizes", "PERTURBATION_SCALES", "PERTURBATIONS_PER_SCALE"], minimizers),
        (evaluate, ["EvaluationError"], arithmetic),
        (evaluate, ["Deadline", "Timeout"], deadline),
    ],
)
def test_the_old_modules_still_give_the_names_that_moved(module, names_kept, home):
    for name in names_kept:
        assert getattr(module, name) is getattr(home, name), name


@pytest.mark.parametrize(
    "a, b, expected",
    [
        (np.array([[2.0]]), 2 + 0j, True),  # a 1×1 matrix is its number
        (np.array([[0.0], [0.0]]), 0j, True),  # 0 stands for the zero vector
        (np.array([[1e-3], [0.0]]), 0j, False),
        (np.array([[1.0], [2.0]]), 1 + 0j, False),  # a vector is no nonzero number
        (np.array([[1.0], [2.0]]), np.array([[1.0, 2.0]]), False),  # shapes differ
        (np.array([[1.0], [np.inf]]), np.array([[1.0], [np.inf]]), False),
        (1.0 + 1e-8j, 1.0, True),
        (1.0, 1.0 + 1e-5, False),
        (1e-17, 0.0, True),  # small values compare absolutely
        (complex("inf"), complex("inf"), False),
    ],
)
def test_close(a, b, expected):
    assert sampled_values.close(a, b) is expected
    assert sampled_values.close(b, a) is expected


W, A = sympy.symbols("w a")


def _data_and_parameter(rng: np.random.Generator, size: int) -> dict:
    return {"w": rng.normal(), "a": rng.uniform(0.5, 2.0)}


CHECKER = Checker([Scenario("generic", _data_and_parameter)], parameters=("w",), seed=3)


@pytest.mark.parametrize(
    "left, right, key",
    [
        (ArgOpt("min", (W,), (W - A) ** 2), ArgOpt("min", (W,), (W - A) ** 2), "equivalence.argopt_equal"),
        (ArgOpt("min", (W,), (W - A) ** 2), ArgOpt("min", (W,), 3 * (W - A) ** 2), "equivalence.positive_factor"),
        (ArgOpt("min", (W,), (W - A) ** 2), ArgOpt("min", (W,), 3 * (W - A) ** 2 + A), "equivalence.positive_affine"),
        (ArgOpt("min", (W,), (W - A) ** 2), ArgOpt("min", (W,), (W - A) ** 2 + A), "equivalence.constant_shift"),
        (ArgOpt("min", (W,), (W - A) ** 2), ArgOpt("min", (W,), sympy.exp((W - A) ** 2)), "equivalence.monotone"),
        (ArgOpt("min", (W,), (W - A) ** 2), ArgOpt("max", (W,), -((W - A) ** 2)), "equivalence.reversed"),
    ],
)
def test_same_minimizers_names_the_relation_of_the_objectives(left, right, key):
    found = CHECKER.same_minimizers(left, right)
    assert found.holds is True
    assert found.reason is not None and found.reason.key == key


def test_objectives_that_order_two_points_differently_are_shown_at_both():
    found = CHECKER.same_minimizers(ArgOpt("min", (W,), (W - A) ** 2), ArgOpt("min", (W,), (W + A) ** 2))
    assert found.holds is False and found.reason is not None
    assert found.reason.key == "equivalence.minimizers_differ"
    assert found.counterexample is not None
    assert {"w (1)", "w (2)", "a"} <= set(found.counterexample.point)
    assert " at (1), " in found.counterexample.left


def test_objectives_without_a_value_are_not_decided():
    found = CHECKER.same_minimizers(ArgOpt("min", (W,), sympy.Symbol("nothing") * W), ArgOpt("min", (W,), W))
    assert found.holds is None and found.reason is not None
    assert found.reason.key == "equivalence.could_not_evaluate"


@pytest.mark.parametrize(
    "value, expected",
    [(A, True), (2 * A, False), (sympy.Tuple(A, A), None)],
)
def test_a_claimed_minimizer(value, expected):
    found = minimizers.value_minimizes(CHECKER, ArgOpt("min", (W,), (W - A) ** 2), value)
    assert found.holds is expected
    if expected is False:
        assert found.reason is not None and found.reason.key == "inequality.not_a_minimizer"


def test_the_euclidean_norm_of_a_vector_and_of_a_number():
    evaluator = Evaluator({"w": np.array([3.0, 4.0]), "x": -2.0})
    assert evaluator.scalar(NormTwo(sympy.Symbol("w"))) == pytest.approx(5.0)
    assert evaluator.scalar(NormTwo(sympy.Symbol("x"))) == pytest.approx(2.0)


@pytest.mark.parametrize(
    "base, exponent, expected",
    [(np.array([[2.0, 0.0], [0.0, 4.0]]), -1, np.diag([0.5, 0.25])), (np.array([[3.0]]), 2, 9.0), (4.0, 0.5, 2.0), (0.0, 2.5, 0.0)],
)
def test_power(base, exponent, expected):
    assert np.allclose(arithmetic.power(base, exponent), expected)


@pytest.mark.parametrize("base, exponent", [(0.0, -1), (0.0, -0.5)])
def test_zero_to_a_negative_power_has_no_value(base, exponent):
    with pytest.raises(arithmetic.EvaluationError):
        arithmetic.power(base, exponent)


def test_a_deadline_counts_the_work_done_not_the_time_waited():
    """Same derivation, same grade on a loaded machine: waiting (here: sleeping, as a process that
    another one keeps off the CPU waits) does not use up the budget; computing does."""
    import time

    from grader.mathengine.deadline import Deadline, Timeout

    waiting = Deadline(0.05)
    time.sleep(0.2)
    waiting.check()  # 0.2 s waited, almost no CPU used: still within the 0.05 s budget
    working = Deadline(0.05)
    with pytest.raises(Timeout):
        end = time.process_time() + 5
        while time.process_time() < end:
            working.check()
