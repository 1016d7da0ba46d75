"""The catalog of known mistakes: every mutant is recognized by name when a student makes it."""


import pytest
from grader.reference import mutants

from grader.codecheck.runtime import fake_run
from grader.course.course import load_problem
from grader.course.problem import GradingContext
from grader.reading.submission import Submission
from grader.results.i18n import known, render
from grader.results.models import Message

REQUIRED = {
    "affine_backward.dw_transposed", "affine_backward.db_not_summed", "affine_backward.db_wrong_axis",
    "affine_backward.dx_uses_w", "relu_backward.one_at_zero", "relu_backward.out_ge_zero",
    "sigmoid_backward.uses_input", "tanh_backward.uses_input", "softmax_loss.no_max_shift",
    "softmax_loss.loss_not_averaged", "softmax_loss.dscores_not_divided", "mse_loss.spurious_half",
    "mse_loss.no_half", "mse_loss.gradient_sign_flipped", "mlp_loss.decay_on_biases", "mlp_loss.decay_without_half",
    "batchnorm_forward.unbiased_variance", "batchnorm_forward.eps_on_std", "batchnorm_forward.test_uses_batch_stats",
    "batchnorm_forward.running_stats_not_stored", "batchnorm_forward.momentum_swapped",
    "batchnorm_backward.ignores_mean_and_variance_paths", "batchnorm_backward.params_not_summed",
    "layernorm_forward.normalizes_over_batch", "perceptron_train.strict_inequality", "perceptron_train.no_bias_update",
    "perceptron_predict.zero_gives_minus_one", "perceptron_predict.sign_gives_zero", "perceptron_train.counts_epochs",
    "perceptron_train.one_epoch_only", "sgd_momentum.momentum_hard_coded", "adagrad.epsilon_inside_sqrt",
    "rmsprop.decay_weights_swapped", "adam.no_bias_correction", "adam.first_moment_of_square",
    "adam.t_not_incremented", "adam.t_incremented_twice", "nesterov_momentum.plain_momentum",
    "sgd.learning_rate_hard_coded", "adam.epsilon_hard_coded",
}


def test_the_catalog_is_large_and_covers_the_classic_mistakes():
    ids = [m.id for m in mutants.MUTANTS]
    assert len(ids) == len(set(ids)) >= 30
    assert set(ids) >= REQUIRED


@pytest.mark.parametrize("mutant", mutants.MUTANTS, ids=lambda m: m.id)
def test_every_mutant_explains_itself_in_english_and_chinese(mutant):
    assert known(mutant.message_key)
    en, zh = render(Message(mutant.message_key), "en"), render(Message(mutant.message_key), "zh")
    assert en and zh and en != zh


_PLANS = {}


def _plan(module, tmp_path_factory):
    if module not in _PLANS:
        root = tmp_path_factory.mktemp(module)
        (root / f"{module}.py").write_text("# stand-in\n")
        sub = Submission(root)
        context = GradingContext(seed=99)
        prob = load_problem(module)
        _PLANS[module] = (prob, sub, context, prob.plan_calls(sub, context))
    return _PLANS[module]


@pytest.mark.parametrize("mutant", mutants.MUTANTS, ids=lambda m: m.id)
def test_a_student_making_the_mistake_is_told_its_name(mutant, tmp_path_factory):
    prob, sub, context, calls = _plan(mutant.module, tmp_path_factory)
    functions = mutants.implementation(mutant.module, {mutant.function: mutant.impl})
    result = prob.grade_run(sub, context, fake_run(calls, functions))
    part = next(p for p in result.parts if p.id == mutant.function)
    assert part.score < part.max_score
    assert mutant.id in part.mistakes
    assert Message(mutant.message_key) in part.feedback
    # functions the mutant does not touch keep their points, or name the same mistake
    # (a student's mlp_loss built on a student's faulty layer fails for the same reason)
    for other in result.parts:
        if other.id != mutant.function and other.score < other.max_score:
            assert mutant.id in other.mistakes or not other.mistakes


@pytest.mark.parametrize("seed", [5, 123])
@pytest.mark.parametrize("module", sorted(mutants.MODULES))
def test_the_reference_is_never_taken_for_a_mutant(module, seed, tmp_path):
    (tmp_path / f"{module}.py").write_text("# stand-in\n")
    prob = load_problem(module)
    sub = Submission(tmp_path)
    context = GradingContext(seed=seed)
    result = prob.grade_run(sub, context, fake_run(prob.plan_calls(sub, context), mutants.implementation(module)))
    assert result.score == result.max_score
    assert not any(p.mistakes for p in result.parts)


def test_two_mistakes_in_one_function_are_both_named(tmp_path):
    dw_t = mutants.by_id("affine_backward.dw_transposed").impl
    db_bad = mutants.by_id("affine_backward.db_not_summed").impl

    def both(dout, cache):
        dx, dw, _ = dw_t(dout, cache)
        return dx, dw, db_bad(dout, cache)[2]

    (tmp_path / "backprop.py").write_text("# stand-in\n")
    prob = load_problem("backprop")
    sub = Submission(tmp_path)
    context = GradingContext(seed=1)
    run = fake_run(prob.plan_calls(sub, context), mutants.implementation("backprop", {"affine_backward": both}))
    part = next(p for p in prob.grade_run(sub, context, run).parts if p.id == "affine_backward")
    assert set(part.mistakes) == {"affine_backward.dw_transposed", "affine_backward.db_not_summed"}
