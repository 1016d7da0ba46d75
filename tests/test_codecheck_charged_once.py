"""One charge per mistake: a catalogued mistake that fails several check groups of one function
costs its catalogued share once (`Mutant.cost`); a second, independent mistake is charged on top."""

import pytest
from grader.reference import batchnorm as bn
from grader.reference import mutants
from test_codecheck import grade, texts

from grader.results.i18n import render

SEEDS = range(1, 9)


def part_of(result, function):
    return next(p for p in result.parts if p.id == function)


def charged_once_note(part):
    return [t for t in texts(part) if "it is charged once" in t]


@pytest.mark.parametrize("mistake, module, failing", [
    ("adam.epsilon_inside_sqrt", "optimizers", 3),
    ("adam.t_starts_at_one", "optimizers", 4),
    ("rmsprop.epsilon_hard_coded_1e-7", "optimizers", 3),
    ("batchnorm_backward.params_keep_dims", "batchnorm", 2),
    ("perceptron_train.zero_counts_as_positive", "perceptron", None),
])
def test_a_mistake_failing_several_groups_costs_its_catalogued_share_once_under_every_seed(mistake, module, failing, tmp_path):
    mutant = mutants.by_id(mistake)
    assert mutant.cost is not None
    for seed in SEEDS:
        result, _ = grade(module, tmp_path, mutants.implementation(module, {mutant.function: mutant.impl}), seed=seed)
        part = part_of(result, mutant.function)
        failed = [c for c in part.checks if not c.passed]
        assert len(failed) >= 2 and (failing is None or len(failed) == failing), (seed, len(failed))
        assert part.score == pytest.approx(part.max_score * (1 - mutant.cost)), seed
        assert mistake in part.mistakes
        assert charged_once_note(part)
        # the other functions keep their points
        assert all(p.score == p.max_score for p in result.parts if p.id != mutant.function)


def test_the_note_says_what_was_charged_in_both_languages(tmp_path):
    mutant = mutants.by_id("adam.epsilon_inside_sqrt")
    result, _ = grade("optimizers", tmp_path, mutants.implementation("optimizers", {"adam": mutant.impl}), seed=3)
    part = part_of(result, "adam")
    note = next(m for m in part.feedback if m.key == "codecheck.charged_once")
    assert "fails 3 of the checks" in render(note, "en") and "1 of adam's 4 points" in render(note, "en")
    assert render(note, "zh") != render(note, "en")


def keep_dims_and_simple_dx(dout, cache):
    """Two independent mistakes: dgamma and dbeta of shape (1, D), and a dx that ignores the
    mean and variance paths."""
    dx = mutants.by_id("batchnorm_backward.ignores_mean_and_variance_paths").impl(dout, cache)[0]
    _, dgamma, dbeta = bn.batchnorm_backward(dout, cache)
    return dx, dgamma.reshape(1, -1), dbeta.reshape(1, -1)


@pytest.mark.parametrize("seed", [1, 4, 8])
def test_two_independent_mistakes_are_charged_twice(seed, tmp_path):
    keep_dims = mutants.by_id("batchnorm_backward.params_keep_dims")
    alone, _ = grade("batchnorm", tmp_path, mutants.implementation("batchnorm", {"batchnorm_backward": keep_dims.impl}), seed=seed)
    both, _ = grade("batchnorm", tmp_path, mutants.implementation("batchnorm", {"batchnorm_backward": keep_dims_and_simple_dx}), seed=seed)
    alone, both = part_of(alone, "batchnorm_backward"), part_of(both, "batchnorm_backward")
    dx = next(c for c in both.checks if not c.passed and "dx" in render(c.name))
    share = both.max_score * dx.weight / sum(c.weight for c in both.checks)
    # the shape mistake once, and the dx mistake's whole group on top
    assert alone.score == pytest.approx(alone.max_score * (1 - keep_dims.cost))
    assert both.score == pytest.approx(alone.score - share, abs=0.011)
    assert {"batchnorm_backward.params_keep_dims", "batchnorm_backward.ignores_mean_and_variance_paths"} <= set(both.mistakes)


def test_a_group_the_named_mistake_does_not_explain_is_charged_in_full(tmp_path):
    """epsilon inside the square root, plus a learning rate read with another default: the
    config=None group fails for the second mistake too, so it is no longer the first's alone."""
    inside = mutants.by_id("adam.epsilon_inside_sqrt").impl

    def inside_with_other_default(w, dw, config=None):
        config = {} if config is None else config
        config.setdefault("learning_rate", 1e-2)
        return inside(w, dw, config)

    only, _ = grade("optimizers", tmp_path, mutants.implementation("optimizers", {"adam": inside}), seed=2)
    both, _ = grade("optimizers", tmp_path, mutants.implementation("optimizers", {"adam": inside_with_other_default}), seed=2)
    assert part_of(both, "adam").score < part_of(only, "adam").score


def test_a_mistake_without_a_cost_still_costs_every_group_it_fails(tmp_path):
    mutant = mutants.by_id("adam.no_bias_correction")
    assert mutant.cost is None
    result, _ = grade("optimizers", tmp_path, mutants.implementation("optimizers", {"adam": mutant.impl}), seed=5)
    part = part_of(result, "adam")
    failed = sum(c.weight for c in part.checks if not c.passed)
    assert part.score == pytest.approx(part.max_score * (1 - failed / sum(c.weight for c in part.checks)), abs=0.011)
    assert not charged_once_note(part)


def efficient_adam_with_epsilon(value):
    """A book's 'efficient' Adam with its epsilon fixed in the code (config's ignored)."""
    efficient = mutants.by_id("adam.epsilon_hat").impl

    def adam(w, dw, config=None):
        config = {} if config is None else config
        given = config.get("epsilon", 1e-8)
        config["epsilon"] = value
        next_w, config = efficient(w, dw, config)
        config["epsilon"] = given
        return next_w, config

    return adam


@pytest.mark.parametrize("seed", [1, 3, 6])
def test_a_catalogued_mistake_on_top_of_a_hard_coded_epsilon_names_both_and_charges_each_once(seed, tmp_path):
    functions = mutants.implementation("optimizers", {"adam": efficient_adam_with_epsilon(1e-7)})
    result, _ = grade("optimizers", tmp_path, functions, seed=seed)
    part = part_of(result, "adam")
    assert {"adam.epsilon_hat", "adam.epsilon_hard_coded"} <= set(part.mistakes)
    assert part.score == pytest.approx(part.max_score * (1 - 2 * mutants.DETAIL))
    assert any("The 2 mistakes named above" in t for t in texts(part))


def test_the_efficient_adam_alone_is_not_told_its_epsilon_is_hard_coded(tmp_path):
    epsilon_hat = mutants.by_id("adam.epsilon_hat")
    result, _ = grade("optimizers", tmp_path, mutants.implementation("optimizers", {"adam": epsilon_hat.impl}), seed=2)
    part = part_of(result, "adam")
    assert "adam.epsilon_hard_coded" not in part.mistakes
    assert part.score >= part.max_score * (1 - epsilon_hat.cost) - 0.01
