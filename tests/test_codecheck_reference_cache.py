"""A backward pass whose own forward pass raises is judged on the reference forward's cache
(issue 12, round 2): right values from it earn the case's points; an exception or other values
there (a cache of another convention, a wrong backward) cost nothing more than before."""


import pytest
from grader.reference import backprop as bp
from grader.reference import mutants
from test_codecheck import grade, texts


def parts_of(result):
    return {p.id: p for p in result.parts}


def raising(*args, **kwargs):
    """A forward pass that fails on every case (a batch size hard-coded in a reshape)."""
    raise ValueError("cannot reshape array of size 20 into shape (100,newaxis)")


def graded_both_ways(module, tmp_path, functions, seed=7):
    """Graded with the follow-up run on the reference's cache, and as before it existed."""
    from grader.codecheck.runtime import fake_run

    result, calls = grade(module, tmp_path, functions, seed=seed)
    before, _ = grade(module, tmp_path, functions, seed=seed, run=fake_run(calls, functions))
    return parts_of(result), parts_of(before)


@pytest.mark.parametrize("seed", range(1, 9))
def test_a_correct_backward_whose_forward_raises_earns_its_points_at_every_seed(seed, tmp_path):
    functions = mutants.implementation("backprop", {"affine_forward": raising})
    parts, before = graded_both_ways("backprop", tmp_path, functions, seed)
    assert parts["affine_forward"].score == 0
    backward = parts["affine_backward"]
    assert backward.score == backward.max_score == 2
    assert before["affine_backward"].score == 0  # what the grader gave before
    assert any("judged there on the cache the reference affine_forward builds" in t for t in texts(backward))


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu"])
def test_every_activation_backward_is_judged_on_the_reference_cache(name, tmp_path):
    functions = mutants.implementation("backprop", {f"{name}_forward": raising})
    parts, before = graded_both_ways("backprop", tmp_path, functions)
    assert parts[f"{name}_forward"].score == 0
    assert parts[f"{name}_backward"].score == parts[f"{name}_backward"].max_score
    assert before[f"{name}_backward"].score == 0


@pytest.mark.parametrize("name", ["batchnorm", "layernorm"])
def test_normalization_backward_passes_are_judged_on_the_reference_cache(name, tmp_path):
    functions = mutants.implementation("batchnorm", {f"{name}_forward": raising})
    parts, before = graded_both_ways("batchnorm", tmp_path, functions)
    assert parts[f"{name}_forward"].score == 0
    assert parts[f"{name}_backward"].score == parts[f"{name}_backward"].max_score
    assert before[f"{name}_backward"].score == 0


def test_a_wrong_backward_whose_forward_raises_earns_nothing(tmp_path):
    def wrong(dout, cache):
        return tuple(2 * g for g in bp.affine_backward(dout, cache))

    functions = mutants.implementation("backprop", {"affine_forward": raising, "affine_backward": wrong})
    parts, before = graded_both_ways("backprop", tmp_path, functions)
    assert parts["affine_backward"].score == before["affine_backward"].score == 0
    assert not any("cache the reference" in t for t in texts(parts["affine_backward"]))


def test_only_the_outputs_right_on_the_reference_cache_earn_their_groups(tmp_path):
    def dw_wrong(dout, cache):
        dx, dw, db = bp.affine_backward(dout, cache)
        return dx, dw.T.copy() if dw.shape[0] == dw.shape[1] else -dw, db

    functions = mutants.implementation("backprop", {"affine_forward": raising, "affine_backward": dw_wrong})
    parts, _ = graded_both_ways("backprop", tmp_path, functions)
    backward = parts["affine_backward"]
    assert [c.passed for c in backward.checks] == [True, False, True]
    assert backward.score == pytest.approx(2 * 2 / 3, abs=0.01)


def test_a_backward_of_another_cache_convention_is_charged_no_more_than_before(tmp_path):
    # a student's own convention: the cache is a dict; given the reference's tuple it raises
    def forward(x, w, b):
        raise ValueError("shapes do not align")

    def backward(dout, cache):
        x, w = cache["x"], cache["w"]
        return dout @ w.T, x.T @ dout, dout.sum(axis=0)

    functions = mutants.implementation("backprop", {"affine_forward": forward, "affine_backward": backward})
    parts, before = graded_both_ways("backprop", tmp_path, functions)
    assert parts["affine_backward"].score == before["affine_backward"].score == 0
    assert [c.message.key for c in parts["affine_backward"].checks] == [c.message.key for c in before["affine_backward"].checks]


def test_a_cache_read_in_another_order_is_neither_credited_nor_charged_more(tmp_path):
    # (out, x) where the reference keeps (x, out): other values on the reference's cache
    def forward(x):
        raise RuntimeError("overflow")

    def backward(dout, cache):
        out, _ = cache
        return dout * out * (1 - out)

    functions = mutants.implementation("backprop", {"sigmoid_forward": forward, "sigmoid_backward": backward})
    parts, before = graded_both_ways("backprop", tmp_path, functions)
    assert parts["sigmoid_backward"].score == before["sigmoid_backward"].score == 0


def test_a_forward_failing_on_some_cases_only_leaves_the_others_as_they_ran(tmp_path):
    def forward(x, w, b):
        if x.shape[0] == 7:
            raise ValueError("cannot reshape")
        return bp.affine_forward(x, w, b)

    functions = mutants.implementation("backprop", {"affine_forward": forward})
    parts, before = graded_both_ways("backprop", tmp_path, functions)
    assert parts["affine_backward"].score == before["affine_backward"].score == 2
    assert any("failed on 1 case(s)" in t for t in texts(parts["affine_backward"]))
    assert not any("could not run" in t for t in texts(parts["affine_backward"]))


def test_a_right_forward_never_lets_the_reference_cache_change_a_grade(tmp_path):
    def wrong(dout, cache):
        dx, dw, db = bp.affine_backward(dout, cache)
        return dx, dw, 2 * db

    functions = mutants.implementation("backprop", {"affine_backward": wrong})
    parts, before = graded_both_ways("backprop", tmp_path, functions)
    assert parts["affine_backward"].score == before["affine_backward"].score < 2


def test_the_reference_cache_calls_run_apart_and_only_where_a_forward_failed(tmp_path):
    # the reference's intermediates (a sigmoid's output) never sit in the child that computes
    # the forward passes; the follow-up run holds only the cases whose forward failed
    from test_codecheck import problem, submission_with

    from grader.codecheck.runtime import fake_run
    from grader.course.problem import GradingContext

    prob, sub, context = problem("backprop"), submission_with(tmp_path, "backprop"), GradingContext(seed=7)
    calls = prob.plan_calls(sub, context)
    assert not any(c.id.endswith(".reference_cache") for c in calls)
    assert prob.follow_up_calls(sub, context, fake_run(calls, mutants.implementation("backprop"))) == []
    functions = mutants.implementation("backprop", {"sigmoid_forward": raising})
    follow_up = prob.follow_up_calls(sub, context, fake_run(calls, functions))
    cached = [c for c in follow_up if c.id.endswith(".reference_cache")]
    assert [c.function for c in cached] == ["sigmoid_backward", "sigmoid_backward"]
    # the forward raised on every case: its tries at other batch sizes (plan.OtherBatch, round 3)
    # come along, the student's own forward and backward at new rows; nothing else
    others = [c for c in follow_up if not c.id.endswith(".reference_cache")]
    assert others and {c.function for c in others} == {"sigmoid_forward", "sigmoid_backward"}
    assert all(".batch" in c.id for c in others)
