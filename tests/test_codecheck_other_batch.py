"""A backward pass whose own forward pass raises on every case of the contract, and whose cache
is the student's own kind of object (so the reference's cache does not fit it), is judged on the
student's own forward pass run at another batch size (issue 12, round 3): where that forward pass
returns the contract's values, the backward pass's exact values earn the case's points; anything
else leaves the grade as it was."""

import numpy as np
import pytest
from grader.reference import mutants
from test_codecheck import grade, texts

from grader.codecheck.plan import OTHER_BATCH_SIZES
from grader.codecheck.runtime import fake_run


def parts_of(result):
    return {p.id: p for p in result.parts}


class Layer:
    """An affine layer object as its own cache, its forward pass flattening to a fixed batch of
    `rows` (a training run's batch size written into a reshape)."""

    def __init__(self, w, b, rows):
        self.w, self.b, self.rows = np.asarray(w, dtype=float), np.asarray(b, dtype=float), rows

    def forward(self, x):
        self.shape_in = np.shape(x)
        self.flat = np.asarray(x, dtype=float).reshape(self.rows, -1)
        return self.flat @ self.w + self.b

    def backward(self, dout, sum_db=True):
        dout = np.asarray(dout, dtype=float)
        self.dw = self.flat.T @ dout
        self.db = dout.sum(axis=0) if sum_db else dout
        return (dout @ self.w.T).reshape(self.shape_in)


def layer_functions(rows, sum_db=True):
    def affine_forward(x, w, b):
        layer = Layer(w, b, rows)
        return layer.forward(x), layer

    def affine_backward(dout, cache):
        dx = cache.backward(dout, sum_db)
        return dx, cache.dw, cache.db

    return mutants.implementation("backprop", {"affine_forward": affine_forward, "affine_backward": affine_backward})


def graded_both_ways(tmp_path, functions, seed):
    """Graded with the follow-up run, and on the first run alone (as before round 2)."""
    result, calls = grade("backprop", tmp_path, functions, seed=seed)
    before, _ = grade("backprop", tmp_path, functions, seed=seed, run=fake_run(calls, functions))
    return parts_of(result), parts_of(before)


@pytest.mark.parametrize("seed", range(1, 9))
@pytest.mark.parametrize("rows", [100, 32])
def test_a_backward_right_for_its_own_forward_at_a_hard_coded_batch_earns_its_points(rows, seed, tmp_path):
    parts, before = graded_both_ways(tmp_path, layer_functions(rows), seed)
    assert parts["affine_forward"].score == 0
    backward = parts["affine_backward"]
    assert backward.score == backward.max_score
    assert before["affine_backward"].score == 0
    note = next(t for t in texts(backward) if "at another batch size" in t)
    assert f"({rows} rows)" in note


@pytest.mark.parametrize("seed", [1, 5])
def test_a_backward_with_a_bug_of_its_own_is_charged_as_before(seed, tmp_path):
    parts, before = graded_both_ways(tmp_path, layer_functions(100, sum_db=False), seed)
    backward = parts["affine_backward"]
    # dx and dw are right at a batch of 100 and earn their groups; db is wrong there too and
    # stays charged as before (never more)
    assert before["affine_backward"].score == 0
    assert backward.score == pytest.approx(round(2 * 2 / 3, 2))
    assert [c.passed for c in backward.checks] == [True, True, False]


def test_a_forward_that_deviates_at_the_other_batch_too_earns_its_backward_nothing(tmp_path):
    """A forward that accepts a batch of 100 but returns other values there (no bias): its
    backward's values are not judged there."""
    base = layer_functions(100)

    def affine_forward(x, w, b):
        out, layer = base["affine_forward"](x, w, b)
        return out - np.asarray(b, dtype=float), layer

    functions = {**base, "affine_forward": affine_forward}
    parts, before = graded_both_ways(tmp_path, functions, 3)
    assert parts["affine_backward"].score == before["affine_backward"].score == 0


def test_a_forward_that_raises_at_every_batch_costs_nothing_more(tmp_path):
    def raising(*args, **kwargs):
        raise NotImplementedError("affine_forward")

    functions = mutants.implementation("backprop", {"affine_forward": raising})
    result, _calls = grade("backprop", tmp_path, functions, seed=2)
    parts = parts_of(result)
    # the reference's cache fits the contract's backward: round 2's rescue, not this one
    assert parts["affine_backward"].score == parts["affine_backward"].max_score
    assert not any("at another batch size" in t for t in texts(parts["affine_backward"]))


def test_the_tries_run_only_where_the_forward_raised_on_every_case(tmp_path):
    from test_codecheck import submission_with

    from grader.course.course import load_problem
    from grader.course.problem import GradingContext

    prob = load_problem("backprop")
    sub = submission_with(tmp_path, "backprop")
    context = GradingContext(seed=4)
    calls = prob.plan_calls(sub, context)
    everywhere = prob.follow_up_calls(sub, context, fake_run(calls, layer_functions(100)))
    tries = [c for c in everywhere if ".batch" in c.id]
    assert len(tries) == 2 * len(AFFINE_CASES) * (len(OTHER_BATCH_SIZES) - 0) - 2 * sum(
        n in OTHER_BATCH_SIZES for n, _, _ in AFFINE_CASES)
    # a forward that raises on one case only: its backward is graded on the cases that ran
    once = layer_functions(3)  # the square case has a batch of 3
    assert not [c for c in prob.follow_up_calls(sub, context, fake_run(calls, once)) if ".batch" in c.id]


from problems.backprop import AFFINE_SHAPES as AFFINE_CASES  # noqa: E402


class Box:
    """A cache of the student's own kind: an object the reference's backward cannot read."""

    def __init__(self, inner):
        self.inner = inner


@pytest.mark.parametrize("name", ["batchnorm", "layernorm"])
def test_normalization_backward_passes_are_judged_at_another_batch_too(name, tmp_path):
    from grader.reference import batchnorm as bn

    forward, backward = getattr(bn, f"{name}_forward"), getattr(bn, f"{name}_backward")

    def own_forward(x, gamma, beta, param):
        if np.shape(x)[0] != 64:
            raise ValueError("the training run's batch of 64 is hard-coded")
        out, cache = forward(x, gamma, beta, param)
        return out, Box(cache)

    def own_backward(dout, cache):
        return backward(dout, cache.inner)

    functions = mutants.implementation("batchnorm", {f"{name}_forward": own_forward, f"{name}_backward": own_backward})
    result, calls = grade("batchnorm", tmp_path, functions, seed=6)
    before, _ = grade("batchnorm", tmp_path, functions, seed=6, run=fake_run(calls, functions))
    parts, before = parts_of(result), parts_of(before)
    assert parts[f"{name}_forward"].score == 0
    assert parts[f"{name}_backward"].score == parts[f"{name}_backward"].max_score > before[f"{name}_backward"].score
    assert any("(64 rows)" in t for t in texts(parts[f"{name}_backward"]))
