r"""Derivation rows, round 9 (issue 11), red team: wrong steps written to pass under this round's readings.

Each row is a short section a careless (or hostile) student could hand in. A row the grader gets right is a
plain test; a row it still gets wrong is marked xfail (strict), with the reading that lets the wrong step pass,
so the coordinator sees exactly what passes wrongly.
"""

from __future__ import annotations

import pytest
from test_derivations_table import _line_verdicts, grade_section

XAVIER_ANSWER = "\nAnswer (a): $Var(w) = \\frac{2}{n_{in} + n_{out}}$\n"


def _xavier(*displays: str) -> list:
    return _line_verdicts("xavier_variance", "## xavier-variance\n\n" + "".join(f"$${d}$$\n\n" for d in displays) + XAVIER_ANSWER)


def _softmax_section(*displays: str) -> str:
    return "## softmax-ce-grad\n\n" + "".join(f"$$\n{d}\n$$\n\n" for d in displays)


def _softmax(*displays: str) -> list:
    return _line_verdicts("softmax_ce_grad", _softmax_section(*displays))


def _softmax_points(*displays: str) -> float:
    result = grade_section("softmax_ce_grad", _softmax_section(*displays))
    return next(p for p in result.parts if p.id == "derivation").score


# -- random sides compared by their moments (fixed here) ------------------------------------------------------

BACKWARD_SUM = r"\frac{\partial \mathcal{L}}{\partial a_j} = \sum_{k=1}^{n_{out}} w_{jk} \frac{\partial \mathcal{L}}{\partial z_k}"


@pytest.mark.parametrize("wrong", [
    # the backward pass with its sign flipped: a zero-mean symmetric sum has the moments of its negative
    r"\frac{\partial \mathcal{L}}{\partial a_j} = -\sum_{k=1}^{n_{out}} w_{jk} \frac{\partial \mathcal{L}}{\partial z_k}",
    # the forward pass likewise, and with the inputs shifted against the weights (w_i a_{i+1})
    r"z = -\sum_{i=1}^{n} w_i a_i",
    r"z = -w_1 a_1 - \dots - w_n a_n",
    r"z = \sum_{i=1}^{n} w_i a_{i+1}",
])
def test_random_sides_with_equal_moments_but_not_the_same_variable_are_charged(wrong):
    verdicts = _xavier(wrong)
    assert verdicts[-1] == (False, "derivation.different_variables"), verdicts


@pytest.mark.parametrize("right, reason", [
    (BACKWARD_SUM, "derivation.reading"),  # read as the model of the gradients
    (r"z = \sum_{i=1}^{n} w_i a_i", "derivation.same_moments"),
    (r"z = w_1 a_1 + \dots + w_n a_n", "derivation.same_moments"),
])
def test_the_model_restated_keeps_its_verdict(right, reason):
    assert _xavier(right)[-1] == (True, reason)


def test_the_difference_of_two_variables_is_named_in_the_feedback():
    result = grade_section("xavier_variance", "## xavier-variance\n\n$$z = -\\sum_{i=1}^{n} w_i a_i$$\n" + XAVIER_ANSWER)
    link = next(p for p in result.parts if p.id == "derivation").lines[0].links[0]
    assert link.reason is not None and float(link.reason.params["variance"]) > 0


# -- findings left open -----------------------------------------------------------------------------------------


@pytest.mark.xfail(strict=True, reason="backward pass: f'(z_k) is read as the value 1, so dividing by the slope "
                   "(a wrong chain rule) holds like multiplying by it (gradients.py, the linear layer's slope)")
def test_the_backward_pass_divided_by_the_activations_slope_is_charged():
    verdicts = _xavier(r"\frac{\partial \mathcal{L}}{\partial a_j} = \sum_{k=1}^{n_{out}} w_{jk} \frac{1}{f'(z_k)} "
                       r"\frac{\partial \mathcal{L}}{\partial z_k}")
    assert verdicts[-1][0] is not True, verdicts


# class_counts: a sum cut at 2 after the derivation wrote it to K was read as the author's example with K = 2
# (terms dropped; main charged it). Fixed: the example's count is read only where the derivation never writes K.
def test_a_sum_cut_short_after_the_general_one_is_charged():
    verdicts = _softmax(r"E = -\sum_{k=1}^{K} Y_k \log y_k", r"E = -\sum_{k=1}^{2} Y_k \log y_k")
    assert verdicts[-1][0] is False, verdicts


@pytest.mark.xfail(strict=True, reason="class_counts: a truncated sum of labels taken as 1 earns full derivation "
                   "points, read as the author's example with K = 3 (main: 1.25 of 5)")
def test_a_truncated_sum_of_the_labels_does_not_earn_full_points():
    points = _softmax_points(r"\frac{\partial E}{\partial z_i} = -Y_i + y_i \sum_{k=1}^{3} Y_k", r"= y_i - Y_i")
    assert points < 5.0


@pytest.mark.xfail(strict=True, reason="a lone expression after a completed equality (continued_sides' neighbour) "
                   "is neither checked nor charged, as on main: a wrong last expression costs nothing")
def test_a_wrong_lone_expression_after_the_result_is_charged():
    points = _softmax_points(r"\frac{\partial E}{\partial z_i} = -\sum_k Y_k (\delta_{ki} - y_i) = y_i - Y_i", r"y_i + Y_i")
    assert points < 5.0


# -- the author's names for the problem's functions (fixed here) ------------------------------------------------

L2_ANSWER = "\nAnswer (a): $\\tilde w = (H + \\alpha I)^{-1} H w^*$\n"


def _l2(*displays: str) -> list:
    return _line_verdicts("l2_shrinkage", "## l2-shrinkage\n\n" + "".join(f"$${d}$$\n\n" for d in displays) + L2_ANSWER)


def test_a_sign_slip_in_the_regularized_objective_is_not_read_with_the_two_names_swapped():
    # under tilde L -> J and L -> tilde J the slip holds; the author's tilde names the regularized objective
    verdicts = _l2(r"\widetilde{\mathscr {L}}(w) = \mathscr {L}(w) - \frac{\alpha}{2}\|w\|^2")
    assert verdicts[0][0] is not True, verdicts


def test_the_regularized_objective_in_the_authors_names_keeps_its_reading():
    verdicts = _l2(r"\widetilde{\mathscr {L}}(w) = \mathscr {L}(w) + \frac{\alpha}{2}\|w\|^2",
                   r"\nabla \widetilde{\mathscr {L}}(w) = H(w - w^*) + \alpha w")
    assert verdicts[0] == (True, "derivation.reading") and verdicts[-1][0] is True, verdicts


def test_undecorated_author_names_may_still_be_read_either_way():
    # \mathscr A and \mathscr B carry no decoration: the one renaming that makes the line hold is taken
    verdicts = _l2(r"\mathscr {A}(w) = \mathscr {B}(w) - \frac{\alpha}{2}\|w\|^2", r"\nabla \mathscr{B}(w) = H(w - w^*) + \alpha w")
    assert verdicts == [(True, "derivation.reading"), (True, None)], verdicts


# -- findings left open (continued) -----------------------------------------------------------------------------

DRAWN_JACOBIAN = (r"\frac{\partial \mathbf y}{\partial \mathbf z} = \begin{pmatrix} y_1(1+y_1) & \cdots & -y_1 y_n \\ "
                  r"\vdots & \ddots & \vdots \\ -y_n y_1 & \cdots & y_n(1+y_n) \end{pmatrix}")


@pytest.mark.xfail(strict=True, reason="pictured_matrices: a Jacobian equated to a drawn matrix is a picture, so its "
                   "wrong diagonal y_1(1+y_1) costs nothing (same points as the right drawing)")
def test_a_drawn_jacobian_with_a_wrong_entry_is_not_free():
    assert _softmax(DRAWN_JACOBIAN)[-1] != (None, "derivation.drawn_matrix")


MLE_ANSWER = "\nAnswer: $\\frac{n}{2}\\log(2\\pi\\sigma^2) + \\frac{1}{2\\sigma^2}\\sum_{i=1}^{n}(y_i - w x_i - b)^2$\n"
VECTOR_LIKELIHOOD = (r"L(\theta) = \prod_{i=1}^n \frac{1}{\sqrt{2\pi\sigma^2}} "
                     r"\exp\left(-\frac{(y^{(i)} - \theta^T x^{(i)})^2}{2\sigma^2}\right)")


def _mle_points(*displays: str) -> float:
    result = grade_section("mle_mse", "## mle-mse\n\n" + "".join(f"$$\n{d}\n$$\n\n" for d in displays) + MLE_ANSWER)
    return next(p for p in result.parts if p.id == "derivation").score


def _log_likelihood(count: str, sign: str) -> str:
    return (rf"\log L(\theta) = {count} \log \frac{{1}}{{\sqrt{{2\pi\sigma^2}}}} {sign} \frac{{1}}{{2\sigma^2}} "
            rf"\sum^{{{count}}}_{{i=1}} (y^{{(i)}} - \theta^T x^{{(i)}})^2")


def test_a_sign_slip_in_the_problems_count_is_charged():
    assert _mle_points(VECTOR_LIKELIHOOD, _log_likelihood("n", "+")) < _mle_points(VECTOR_LIKELIHOOD, _log_likelihood("n", "-"))


@pytest.mark.xfail(strict=True, reason="letter_roles/parameter_vector: after a likelihood written with n, the count m "
                   "of `\\sum^{m}_{i=1}` is left free, so the sign slip is only unchecked and earns what the right line earns")
def test_a_sign_slip_in_the_authors_count_is_charged_after_the_likelihood():
    assert _mle_points(VECTOR_LIKELIHOOD, _log_likelihood("m", "+")) < _mle_points(VECTOR_LIKELIHOOD, _log_likelihood("m", "-"))


@pytest.mark.xfail(strict=True, reason="free_letters: the right line in m is called an identity 'whatever m stands "
                   "for', though it holds only where m is the likelihood's n (a misleading note)")
def test_a_line_that_needs_the_count_is_not_called_an_identity_in_it():
    verdicts = _line_verdicts("mle_mse", "## mle-mse\n\n" + "".join(f"$$\n{d}\n$$\n\n" for d in (
        VECTOR_LIKELIHOOD, _log_likelihood("m", "-"))) + MLE_ANSWER)
    assert verdicts[-1] != (True, "free_letters.identity"), verdicts


# -- the stable softmax's shift held constant (fixed here) ------------------------------------------------------


def test_the_maximum_is_held_constant_only_in_a_shift():
    # `z_i \max(z)`: the maximum a factor, not the stable softmax's shift; its derivative is not max(z) where z_i is it
    verdicts = _softmax(r"x_4 = g_5(z_i) = z_i \cdot max(z_i)", r"\frac{\partial g_5(z_i)}{\partial z_i} = max(z_i)")
    assert verdicts[-1][0] is not True, verdicts


@pytest.mark.parametrize("body, derivative", [
    (r"z_i - max(z_i)", "1"),
    (r"e^{z_i - max(z_i)}", r"e^{z_i - max(z_i)}"),
])
def test_a_shift_by_the_maximum_is_still_held_constant(body, derivative):
    verdicts = _softmax(rf"x_4 = g_5(z_i) = {body}", rf"\frac{{\partial g_5(z_i)}}{{\partial z_i}} = {derivative}")
    assert verdicts[-1] == (True, "author_functions.own_argument"), verdicts
