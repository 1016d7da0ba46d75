r"""Derivation rows, round 9 (issue 11), branch `backward`: the xavier-variance derivations' backward pass.

- The backward pass through the layer is modelled (`grader.mathengine.gradients`): the loss's gradient with
  respect to an output z_k is a zero-mean random variable independent of the weights, with a variance of its
  own; with respect to an input a_j it is the backward sum over the n_out outputs; the slope f'(z_k) of the
  author's activation is 1 (the problem's layer is linear).  So
  `\frac{\partial L}{\partial a_j} = \sum_{k=1}^{n_{out}} w_{jk} f'(z_k) \frac{\partial L}{\partial z_k}` (the author's
  statement of the backward pass) holds, `Var(\partial L/\partial a) = n_{out} Var(w) Var(\partial L/\partial z)` is
  checked, and the version without n_out is charged with a counterexample.
- The backward pass in matrix form, `\frac{\partial L}{\partial X} = w^{T}\frac{\partial L}{\partial Y}`, names the
  author's letters for the input and the output: it is read as a definition, and the variances after it are
  checked in those letters.
- A step about the gradients is judged where Var(w) is free: one that holds only where the key fixes
  n_out Var(w) = 1 (`Var(\partial L/\partial X) = n_{out} Var(w) Var(\partial L/\partial X)`, the author's slip) is charged.

Each reading comes with a wrong variant that stays charged.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy
from test_derivations_table import _line_verdicts, grade_section

from grader.course.course import load_problem
from grader.mathengine.gradients import OUTPUT_GRADIENT, BackwardPass, backward_pass_of

XAVIER = load_problem("xavier_variance")
ANSWER = "\nAnswer (a): $Var(w) = \\frac{2}{n_{in} + n_{out}}$\n"
BACKWARD_SUM = r"\frac{\partial \mathcal{L}}{\partial a_j} = \sum_{k=1}^{n_{out}} w_{jk}\,f'(z_k)\,\frac{\partial \mathcal{L}}{\partial z_k}"
MATRIX_FORM = r"\frac{\partial L}{\partial X} = w^{T}\frac{\partial L}{\partial Y}"


def _xavier(*displays: str) -> list:
    body = "".join(f"$${d}$$\n\n" for d in displays)
    return _line_verdicts("xavier_variance", "## xavier-variance\n\n" + body + ANSWER)


# -- the model ------------------------------------------------------------------------------------------


def test_the_problem_models_the_backward_pass_through_its_layer():
    backward = backward_pass_of(XAVIER.special)
    assert isinstance(backward, BackwardPass)
    assert backward.inputs == ("a",) and backward.outputs == ("z",) and backward.fan_out == "n_out"


def test_an_output_gradient_is_a_random_variable_and_an_input_gradient_the_backward_sum():
    backward = backward_pass_of(XAVIER.special)
    loss, k, j = sympy.Symbol("L"), sympy.Symbol("k"), sympy.Symbol("j")
    output = backward.written_out(sympy.Derivative(loss, sympy.IndexedBase("z")[k]))
    assert output == sympy.IndexedBase(OUTPUT_GRADIENT)[k]
    written = backward.written_out(sympy.Derivative(loss, sympy.IndexedBase("a")[j]))
    assert isinstance(written, sympy.Sum) and written.limits[0][2] == sympy.Symbol("n_out")
    # not a gradient of the model: a derivative of the weights, of a letter the problem does not name
    assert backward.written_out(sympy.Derivative(sympy.Symbol("w"), sympy.Symbol("a"))) is None
    assert backward.written_out(sympy.Derivative(loss, sympy.Symbol("X"))) is None


def test_the_gradient_variance_is_drawn_without_moving_the_problems_other_values():
    from problems.xavier_variance import free_variances

    first = free_variances(np.random.default_rng([7, 0]), 3)
    again = free_variances(np.random.default_rng([7, 0]), 3)
    assert first == again  # the same seed, the same point
    rng = np.random.default_rng([7, 0])
    free_variances(rng, 3)
    plain = np.random.default_rng([7, 0])
    n = 4
    expected = (n, plain.integers(2, 9), plain.uniform(0.05, 1.0))
    assert (first["n"], first["n_out"], first["Var(w)"]) == expected
    assert 0.2 <= first["Var(∂L/∂z)"] <= 2.0


# -- the backward pass in sums (xav05) -------------------------------------------------------------------


def test_the_backward_sum_and_its_variance_hold():
    verdicts = _xavier(BACKWARD_SUM, r"\text{Var}\!\left(\frac{\partial \mathcal{L}}{\partial a}\right) = "
                       r"n_{out}\,Var(w)\,\text{Var}\!\left(\frac{\partial \mathcal{L}}{\partial z}\right)")
    assert verdicts == [(True, "derivation.reading"), (True, "derivation.reading")]


@pytest.mark.parametrize("wrong", [
    # n_out left out
    r"\text{Var}\left(\frac{\partial L}{\partial a}\right) = Var(w)\,\text{Var}\left(\frac{\partial L}{\partial z}\right)",
    # the fan-in for the fan-out
    r"\text{Var}\left(\frac{\partial L}{\partial a}\right) = n_{in}\,Var(w)\,\text{Var}\left(\frac{\partial L}{\partial z}\right)",
    # the gradient of the input on both sides: it holds only where n_out Var(w) = 1, the condition, not a step
    r"\text{Var}\left(\frac{\partial L}{\partial a}\right) = n_{out}\,Var(w)\,\text{Var}\left(\frac{\partial L}{\partial a}\right)",
    # the weights left out of the backward sum
    r"\frac{\partial L}{\partial a_j} = \sum_{k=1}^{n_{out}} \frac{\partial L}{\partial z_k}",
    # a sum over the inputs
    r"\frac{\partial L}{\partial a_j} = \sum_{k=1}^{n_{in}} w_{jk} \frac{\partial L}{\partial z_k}",
    # one weight for the whole sum
    r"\frac{\partial L}{\partial a} = w \frac{\partial L}{\partial z}",
])
def test_a_wrong_backward_step_is_charged(wrong):
    verdicts = _xavier(wrong)
    assert verdicts[-1][0] is False, verdicts


def test_the_backward_condition_stated_is_not_charged():
    verdicts = _xavier(r"\text{Var}\left(\frac{\partial L}{\partial a}\right) = \text{Var}\left(\frac{\partial L}{\partial z}\right)")
    assert verdicts[-1][0] is True
    wrong = _xavier(r"\text{Var}\left(\frac{\partial L}{\partial a}\right) = 2\,\text{Var}\left(\frac{\partial L}{\partial z}\right)")
    assert wrong[-1][0] is False


# -- the backward pass in matrix form, in the author's letters (xav03) -----------------------------------------


def test_the_matrix_form_defines_the_backward_pass_in_the_authors_letters():
    verdicts = _xavier(MATRIX_FORM, r"\text{Var}\left[\frac{\partial L}{\partial X}\right] = "
                       r"\text{Var}[w] \text{Var}\left[\frac{\partial L}{\partial Y}\right] n_{out}")
    assert verdicts == [(True, "derivation.backward_pass"), (True, "derivation.reading")]


@pytest.mark.parametrize("wrong", [
    # the author's slip: the input's gradient on the right too
    r"\text{Var}\left[\frac{\partial L}{\partial X}\right] = \text{Var}[w] \text{Var}\left[\frac{\partial L}{\partial X}\right] n_{out}",
    # n_out left out
    r"\text{Var}\left[\frac{\partial L}{\partial X}\right] = \text{Var}[w] \text{Var}\left[\frac{\partial L}{\partial Y}\right]",
])
def test_a_wrong_variance_in_the_authors_letters_is_charged(wrong):
    verdicts = _xavier(MATRIX_FORM, wrong)
    assert verdicts[-1][0] is False, verdicts


def test_without_the_matrix_form_the_authors_letters_stay_unchecked():
    verdicts = _xavier(r"\text{Var}\left[\frac{\partial L}{\partial X}\right] = \text{Var}[w] \text{Var}\left[\frac{\partial L}{\partial Y}\right] n_{out}")
    assert verdicts[-1][0] is None


@pytest.mark.parametrize("not_the_backward_pass", [
    r"\frac{\partial L}{\partial X} = w\frac{\partial L}{\partial Y}",  # not transposed
    r"\frac{\partial L}{\partial X} = w^{T}\frac{\partial C}{\partial Y}",  # two losses
    r"\frac{\partial L}{\partial X} = 2 w^{T}\frac{\partial L}{\partial Y}",  # a factor
    r"\frac{\partial L}{\partial z} = w^{T}\frac{\partial L}{\partial a}",  # the problem's output and input swapped
])
def test_other_statements_are_not_read_as_the_backward_pass(not_the_backward_pass):
    verdicts = _xavier(not_the_backward_pass)
    assert verdicts[-1][0] is not True, verdicts


# -- the layer's bias (xav06) -------------------------------------------------------------------------------


@pytest.mark.parametrize("display", [
    r"Var(w a + b) = Var(w a)",
    r"Var(w_j a_j + b_j) = Var(w_j a_j)",
    r"Var(w a + b) = Var(w a) + Var(b)",
])
def test_the_bias_is_a_constant_in_a_variance_and_the_feedback_says_so(display):
    derivation = next(p for p in grade_section("xavier_variance", f"## xavier-variance\n\n$${display}$$\n" + ANSWER).parts
                      if p.id == "derivation")
    (link,) = derivation.lines[0].links
    assert link.valid is True
    assert link.reason is not None and link.reason.key == "derivation.reading"
    assert link.reason.params["reading"].key == "derivation.reading_bias_constant"


def test_the_bias_follows_the_authors_definition_of_the_layer():
    verdicts = _xavier(r"z_t = w_t a_t + b_t", r"Var(z_t) = Var(w_t a_t + b_t) = Var(w_t a_t)")
    assert verdicts == [(True, "derivation.defines"), (True, "derivation.reading"), (True, "derivation.reading")]


@pytest.mark.parametrize("wrong", [
    r"Var(w a + b) = Var(w a) + b",  # the constant added to the variance
    r"Var(w a + b) = Var(w a) + b^2",
    r"Var(w_j a_j + b_j) = Var(w_j a_j) + b_j",
    r"E(w a + b) = 0",  # a constant bias shifts the mean: only a zero bias would give 0
    r"Var(w a + b) = 2 Var(w a)",
])
def test_a_wrong_step_with_the_bias_stays_charged(wrong):
    verdicts = _xavier(wrong)
    assert verdicts[-1][0] is not True, verdicts


def test_a_bias_the_author_defines_is_the_authors():
    verdicts = _xavier(r"b = w_1 a_1", r"Var(w_2 a_2 + b) = Var(w_2 a_2)")
    assert verdicts[-1][0] is False


def test_a_loss_the_author_defines_is_not_the_models_gradient():
    # L is the author's own function of z: its derivative is theirs, never the backward pass's random variable
    verdicts = _xavier(r"L = z^2", r"\frac{\partial L}{\partial z} = 2 z")
    assert verdicts[-1][0] is not False, verdicts
    backward = backward_pass_of(XAVIER.special)
    assert backward.written_out(sympy.Derivative(sympy.Symbol("L"), sympy.Symbol("z")), defined={"L"}) is None


def test_a_counterexample_about_the_gradients_shows_n_out():
    markdown = ("## xavier-variance\n\n$$" + MATRIX_FORM + "$$\n\n$$\\text{Var}[\\frac{\\partial L}{\\partial X}] = "
                "\\text{Var}[w] \\text{Var}[\\frac{\\partial L}{\\partial Y}]$$\n\n$$\\text{Var}(\\frac{\\partial L}{\\partial a}) = "
                "\\text{Var}(w) \\text{Var}(\\frac{\\partial L}{\\partial z})$$\n" + ANSWER)
    derivation = next(p for p in grade_section("xavier_variance", markdown).parts if p.id == "derivation")
    for line in derivation.lines[1:]:
        (link,) = line.links
        assert link.valid is False
        point = link.counterexample.point
        assert "n_out" in point and "Var(w)" in point and "Var(∂L/∂z)" in point
        # the values shown give the sides: n_out Var(w) Var(∂L/∂z) on the left, Var(w) Var(∂L/∂z) on the right
        left = float(point["n_out"]) * float(point["Var(w)"]) * float(point["Var(∂L/∂z)"])
        assert abs(left - float(link.counterexample.left)) < 1e-4 * max(1.0, left)
