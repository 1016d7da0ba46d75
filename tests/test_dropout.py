"""dropout.py (contract section 5): graded by properties, the same at every seed, mistakes named."""

from __future__ import annotations

import numpy as np
import pytest
from grader.problems.dropout import PROBLEM
from grader.reference import dropout as reference

from grader.codecheck.runtime import fake_run
from grader.course.problem import GradingContext
from grader.reading.submission import Submission

SEEDS = range(8)


def _grade(tmp_path, functions, seed=0):
    (tmp_path / "dropout.py").write_text("# graded through fake_run\n", encoding="utf-8")
    submission = Submission(tmp_path)
    context = GradingContext(seed=seed)
    calls = PROBLEM.plan_calls(submission, context)
    return PROBLEM.grade_run(submission, context, fake_run(calls, functions))


def _parts(result):
    return {part.id: part for part in result.parts}


# -- implementations a student might write (trusted, run in-process) ------------------------------


def _mask(x, param, keep):
    rng = np.random.RandomState(param.get("seed"))
    return rng.rand(*np.shape(x)) < keep


def legacy_style_forward(x, dropout_param):
    """CS231n style: np.random.seed, a mask divided by p, cache (param, mask)."""
    p, mode = dropout_param.get("p", 0.5), dropout_param["mode"]
    if "seed" in dropout_param:
        np.random.seed(dropout_param["seed"])
    if mode == "train":
        mask = (np.random.rand(*x.shape) < p) / p
        return x * mask, (dropout_param, mask)
    return x, (dropout_param, None)


def legacy_style_backward(dout, cache):
    param, mask = cache
    return dout * mask if param["mode"] == "train" else dout


def binomial_forward(x, dropout_param):
    """A generator's binomial draw and a division written out."""
    p = dropout_param.get("p", 0.5)
    if dropout_param.get("mode", "train") == "test":
        return x.copy(), None
    mask = np.random.default_rng(dropout_param.get("seed")).binomial(1, p, size=x.shape)
    return mask * x / p, (mask, p)


def binomial_backward(dout, cache):
    mask, p = cache
    return mask * dout / p


def not_inverted_forward(x, param):
    if param.get("mode") == "test":
        return x, None
    mask = _mask(x, param, param.get("p", 0.5))
    return x * mask, mask


def not_inverted_backward(dout, cache):
    return dout * cache  # the derivative of its own (standard-dropout) forward pass


def p_as_drop_forward(x, param):
    if param.get("mode") == "test":
        return x, None
    p = param.get("p", 0.5)
    mask = _mask(x, param, 1 - p) / (1 - p)
    return x * mask, mask


def no_seed_forward(x, param):
    if param.get("mode") == "test":
        return x, None
    p = param.get("p", 0.5)
    mask = (np.random.rand(*x.shape) < p) / p
    return x * mask, mask


def dropping_in_test_mode_forward(x, param):
    p = param.get("p", 0.5)
    mask = _mask(x, param, p) / p
    return x * mask, mask


def mask_backward(dout, cache):
    return dout * cache


def redrawn_backward(dout, cache):
    _, p = cache  # the right p, but a fresh mask
    return dout * (np.random.rand(*dout.shape) < p) / p


def unscaled_backward(dout, cache):
    return dout * (cache != 0)


IMPLEMENTATIONS = {
    "reference": ({"dropout_forward": reference.dropout_forward, "dropout_backward": reference.dropout_backward}, 10.0, ()),
    "legacy": ({"dropout_forward": legacy_style_forward, "dropout_backward": legacy_style_backward}, 10.0, ()),
    "binomial": ({"dropout_forward": binomial_forward, "dropout_backward": binomial_backward}, 10.0, ()),
    # the backward is the exact derivative of its own forward: the forward's mistake is charged once
    "not_inverted": ({"dropout_forward": not_inverted_forward, "dropout_backward": not_inverted_backward}, 8.0,
                     ("dropout_forward.not_inverted",)),
    "p_as_drop": ({"dropout_forward": p_as_drop_forward, "dropout_backward": mask_backward}, 6.0,
                  ("dropout_forward.p_as_drop",)),
    "no_seed": ({"dropout_forward": no_seed_forward, "dropout_backward": mask_backward}, 9.0,
                ("dropout_forward.seed_ignored",)),
    "test_mode_drops": ({"dropout_forward": dropping_in_test_mode_forward, "dropout_backward": mask_backward}, 9.0,
                        ("dropout_forward.test_mode_drops",)),
    "redrawn": ({"dropout_forward": binomial_forward, "dropout_backward": lambda dout, cache: redrawn_backward(dout, cache)},
                8.0, ("dropout_backward.mask_redrawn",)),
    "unscaled_backward": ({"dropout_forward": legacy_style_forward,
                           "dropout_backward": lambda dout, cache: unscaled_backward(dout, cache[1])},
                          8.0, ("dropout_backward.not_scaled",)),
}


@pytest.mark.parametrize("name", sorted(IMPLEMENTATIONS))
def test_each_implementation_gets_the_same_grade_and_diagnosis_at_every_seed(tmp_path, name):
    functions, score, mistakes = IMPLEMENTATIONS[name]
    seen = set()
    for seed in SEEDS:
        result = _grade(tmp_path, functions, seed)
        named = tuple(m for part in result.parts for m in part.mistakes)
        seen.add((result.score, named))
    assert seen == {(score, mistakes)}


def test_a_failed_property_shows_the_case_in_numbers(tmp_path):
    functions, _, _ = IMPLEMENTATIONS["not_inverted"]
    forward = _parts(_grade(tmp_path, functions))["dropout_forward"]
    failed = [check for check in forward.checks if not check.passed]
    assert [c.name.key for c in failed] == ["property.group.values"]
    assert failed[0].message.key == "property.dropout.entry"
    assert {"got", "x", "p", "scaled", "index"} <= set(failed[0].message.params)
    assert failed[0].inputs  # the failing case's inputs are described


def test_the_backward_pass_is_charged_to_the_forward_when_the_forward_raised(tmp_path):
    def broken(x, param):
        raise ValueError("no")

    result = _grade(tmp_path, {"dropout_forward": broken, "dropout_backward": reference.dropout_backward})
    parts = _parts(result)
    assert parts["dropout_forward"].score == 0
    assert parts["dropout_backward"].score == 0
    assert any(m.key == "codecheck.upstream_mistake" for m in parts["dropout_backward"].feedback)


@pytest.mark.parametrize("returned", [None, "text", (np.zeros((0, 3)), None), (np.zeros(3), None), np.float64(1.0)])
def test_degenerate_results_are_graded_never_crash(tmp_path, returned):
    result = _grade(tmp_path, {"dropout_forward": lambda x, p: returned, "dropout_backward": lambda d, c: returned})
    assert result.status == "graded"
    assert result.score == 0


def test_a_missing_file_costs_the_problem(tmp_path):
    submission = Submission(tmp_path)
    result = PROBLEM.grade_run(submission, GradingContext(seed=1), None)
    assert result.status == "missing" and result.score == 0


@pytest.mark.slow  # the real sandbox
def test_dropout_in_the_sandbox(tmp_path):
    """The whole way: a student's file in the real sandbox child."""
    from grader.grading.pipeline import grade_submission

    source = (
        "import numpy as np\n"
        "def dropout_forward(x, dropout_param):\n"
        "    p = dropout_param.get('p', 0.5)\n"
        "    if dropout_param['mode'] == 'test':\n"
        "        return x, None\n"
        "    rng = np.random.default_rng(dropout_param.get('seed'))\n"
        "    mask = (rng.random(x.shape) < p) / p\n"
        "    return x * mask, mask\n"
        "def dropout_backward(dout, cache):\n"
        "    return dout * cache\n"
    )
    (tmp_path / "dropout.py").write_text(source, encoding="utf-8")
    result = grade_submission(tmp_path, seed=5, problems=[PROBLEM])
    (graded,) = result.problems
    assert graded.score == 10.0, [(p.id, [m.key for m in p.feedback]) for p in graded.parts]
