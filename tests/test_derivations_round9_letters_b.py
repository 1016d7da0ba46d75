r"""Derivation rows, round 9 (issue 11), branch letters_b: the author's letters, recognised from their role.

- the author's letter written as the argument of one of the problem's functions (`J(\omega)`, `\tilde J(\omega; X, y)`,
  `J'(\omega)` for the problem's J(w)) is the problem's parameter, with its decorated and starred forms
  (`\tilde\omega`, `\omega^\ast`); only where the author writes as many parameters as the function has;
- the author's names for the problem's functions (`\mathscr L`, `\widetilde{\mathscr L}` for J, tilde J), from the
  first line that restates a definition of the problem's under exactly one renaming (its head the function at its
  parameters, the author's names on both sides);
- the renaming is fixed once (the first line that determines it), used on every line and named in the feedback.

Each reading comes with a wrong variant that is still caught (or left unchecked, never passed).
"""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import pytest
from test_derivations_table import _line_verdicts, grade_section

from grader.course.course import load_problem
from grader.derivations.function_letters import argument_letters, function_renaming
from grader.mathengine.evaluate import Deadline

L2 = load_problem("l2_shrinkage")
MLE = load_problem("mle_mse")
ANSWER = "\nAnswer (a): $\\tilde w = (H + \\alpha I)^{-1} H w^*$\n"

QUADRATIC_OMEGA = r"J(\omega) = J(\omega^\ast) + \frac{1}{2}(\omega - \omega^\ast)^T H (\omega - \omega^\ast)"
REGULARIZED_SCRIPT = r"\widetilde{\mathscr {L}}(w) = \mathscr {L}(w) + \frac{\alpha}{2}\|w\|^2"


def _l2(*displays: str, answer: str = ANSWER) -> list:
    return _line_verdicts("l2_shrinkage", "## l2-shrinkage\n\n" + "".join(f"$${d}$$\n" for d in displays) + answer)


def _sources(*texts: str) -> list:
    return [SimpleNamespace(number=n, text=t) for n, t in enumerate(texts, 1)]


# -- the argument of the problem's function -------------------------------------------------------------


@pytest.mark.parametrize("written", [
    r"\tilde J(\omega; X, y) = {\alpha \over 2}\omega^T\omega + J(\omega; X, y)",
    r"J'(\omega) = H(\omega - \omega^\ast)",
    QUADRATIC_OMEGA,
])
def test_a_letter_written_as_the_functions_argument_is_the_problems_parameter(written):
    assert argument_letters(_sources(written), L2.notation, L2.known_names) == {"omega": "w"}


def test_steps_in_the_argument_letter_are_checked_with_its_decorated_forms():
    verdicts = _l2(QUADRATIC_OMEGA, r"\nabla J(\omega) = H(\omega - \omega^\ast)",
                   r"\alpha \tilde \omega + H(\tilde \omega - \omega^\ast) = 0", r"(H + \alpha I)\tilde \omega - H\omega^\ast = 0")
    assert verdicts == [(True, "derivation.reading"), (True, None), (True, None), (True, None)]


@pytest.mark.parametrize("wrong", [
    r"\nabla J(\omega) = H(\omega + \omega^\ast)",
    r"\nabla J(\omega) = H(\omega - \omega^\ast) + \omega",
])
def test_a_wrong_step_in_the_argument_letter_stays_charged(wrong):
    assert _l2(QUADRATIC_OMEGA, wrong)[-1][0] is False


def test_a_wrong_first_line_in_the_argument_letter_is_charged():
    # the renaming comes from where the letter stands, not from the line holding: the line is judged as written
    wrong = r"J(\omega) = J(\omega^\ast) + (\omega - \omega^\ast)^T H (\omega - \omega^\ast)"
    assert _l2(wrong) == [(False, "equivalence.differs")]


def test_a_wrong_solved_step_after_the_primed_derivative_stays_charged():
    verdicts = _l2(r"J'(\omega) = H(\omega - \omega^\ast)", r"\alpha \tilde \omega + H(\tilde \omega - \omega^\ast) = 0",
                   r"(H - \alpha I)\tilde \omega - H\omega^\ast = 0")
    assert verdicts[-1][0] is False


def test_the_renaming_is_fixed_once_a_second_letter_is_not_read_as_the_parameter():
    verdicts = _l2(QUADRATIC_OMEGA, r"J(\theta) = J(\omega^\ast) + (\theta - \omega^\ast)^T H (\theta - \omega^\ast)")
    assert verdicts[-1][0] is None  # θ has no value: never passed


def test_a_letter_the_author_defines_is_not_renamed():
    found = argument_letters(_sources(r"\omega = 2 w", QUADRATIC_OMEGA), L2.notation, L2.known_names)
    assert found == {}


def test_fewer_parameters_than_the_function_has_rename_nothing():
    # mle-mse's L(w, b): the author's L(θ) holds both parameters in θ, which is neither w nor b
    found = argument_letters(_sources(r"L(\theta) = \prod_{i=1}^n p(y_i \mid x_i; \theta)", r"L(\theta; X, y) = 1"),
                             MLE.notation, MLE.known_names)
    assert found == {}


def test_the_feedback_says_how_the_letter_was_read():
    derivation = next(p for p in grade_section("l2_shrinkage", "## l2-shrinkage\n\n$$" + QUADRATIC_OMEGA + "$$\n" + ANSWER).parts
                      if p.id == "derivation")
    reason = derivation.lines[0].links[0].reason
    assert reason.key == "derivation.reading"
    assert reason.params["reading"].key == "derivation.reading_author_letters"
    assert reason.params["reading"].params["letters"] == "omega as w"


def test_the_answer_in_the_argument_letter_is_read_with_it():
    section = "## l2-shrinkage\n\n$$" + QUADRATIC_OMEGA + "$$\n\nAnswer (a): $\\tilde \\omega = (H + \\alpha I)^{-1} H \\omega^\\ast$\n"
    answer = next(p for p in grade_section("l2_shrinkage", section).parts if p.id == "answer-a")
    assert answer.score == answer.max_score
    wrong = section.replace("H \\omega^\\ast$", "\\omega^\\ast$")
    answer = next(p for p in grade_section("l2_shrinkage", wrong).parts if p.id == "answer-a")
    assert answer.score < answer.max_score


# -- the author's name for the problem's function -----------------------------------------------------------


def test_a_restated_definition_names_the_authors_functions():
    checker = L2.checker(1, Deadline(10))
    found = function_renaming(_sources(REGULARIZED_SCRIPT), L2.notation, checker, L2.known_names)
    assert found == {"Lscr": "J", "tilde_Lscr": "tilde_J"}


def test_steps_in_the_authors_function_names_are_checked():
    verdicts = _l2(REGULARIZED_SCRIPT, r"\nabla \widetilde{\mathscr {L}}(w) = \nabla \mathscr{L}(w) + \alpha w=H(w - w^*)+\alpha w")
    assert verdicts == [(True, "derivation.reading"), (True, None), (True, None)]


@pytest.mark.parametrize("wrong", [
    r"\nabla \widetilde{\mathscr {L}}(w) = \nabla \mathscr{L}(w) + \alpha w=H(w - w^*)-\alpha w",
    r"\nabla \widetilde{\mathscr {L}}(w) = \nabla \mathscr{L}(w)",
])
def test_a_wrong_step_in_the_authors_function_names_stays_charged(wrong):
    assert _l2(REGULARIZED_SCRIPT, wrong)[-1][0] is False


def test_a_wrong_restatement_names_nothing_and_later_steps_are_not_passed():
    verdicts = _l2(r"\widetilde{\mathscr {L}}(w) = \mathscr {L}(w) + \alpha\|w\|^2",
                   r"\nabla \widetilde{\mathscr {L}}(w) = \nabla \mathscr{L}(w) + \alpha w=H(w - w^*)+\alpha w")
    assert all(valid is not True for valid, _ in verdicts)


def test_a_line_that_holds_under_two_renamings_names_nothing():
    checker = L2.checker(1, Deadline(10))
    assert function_renaming(_sources(r"\mathscr {L}(w) = \mathscr {L}(w)"), L2.notation, checker, L2.known_names) == {}
    # nor does a derived statement (no definition's head): `\nabla 𝓛(w) = H(w - w^*)` would fix 𝓛 as J even
    # where the author meant the regularized loss and left its α w out
    assert function_renaming(_sources(r"\nabla \mathscr {L}(w) = H(w - w^*)"), L2.notation, checker, L2.known_names) == {}
    verdicts = _l2(r"\mathscr {L}(w) = \mathscr {L}(w)", r"\nabla \mathscr{L}(w) = H(w - w^*)")
    assert verdicts[-1][0] is None


def test_an_authors_function_defined_in_the_problems_terms_stays_the_authors():
    # `\hat J(w) = J(w^*) + ...` defines the author's own function (followed by the author's definitions), not J
    checker = L2.checker(1, Deadline(10))
    line = r"\hat{J}(w)=J(w^*)+\frac{1}{2}(w-w^*)^TH(w-w^*)"
    assert function_renaming(_sources(line), L2.notation, checker, L2.known_names) == {}


def test_the_quadratic_restated_in_the_authors_name_reads_it_as_j():
    verdicts = _l2(r"\mathscr {L}(w) = \mathscr {L}(w^*) + \frac{1}{2}(w - w^*)^T H (w - w^*)",
                   r"\nabla \mathscr{L}(w) = H(w - w^*)", r"\nabla \mathscr{L}(w) = H(w + w^*)")
    assert verdicts == [(True, "derivation.reading"), (True, None), (False, "equivalence.differs")]


# -- a given restated under the author's function name ----------------------------------------------------

D2L_LOSS = r"l(\mathbf{y}, \hat{\mathbf{y}}) = - \sum_{j=1}^q y_j \log \frac{\exp(o_j)}{\sum_{k=1}^q \exp(o_k)}"
SOFTMAX_ANSWER = "\nAnswer: $\\mathrm{softmax}(\\mathbf{o})_j - y_j$\n"


def _sm(*displays: str, prose: str = "") -> list:
    return _line_verdicts("softmax_ce_grad", "## softmax-ce-grad\n\n" + prose + "".join(f"$${d}$$\n" for d in displays) + SOFTMAX_ANSWER)


def test_the_loss_restated_under_the_authors_function_names_its_letters():
    from grader.derivations.restated_givens import given_letters

    problem = load_problem("softmax_ce_grad")
    notation = dataclasses.replace(problem.notation, aliases={"q": "K", **problem.notation.aliases})
    found = given_letters(_sources(D2L_LOSS), notation, problem.checker(1, Deadline(10)), problem.known_names)
    assert found == {"o": "z", "y": "Y", "l": "E"}


def test_steps_and_answer_in_the_restated_letters_are_checked():
    step = r"\partial_{o_j} l(\mathbf{y}, \hat{\mathbf{y}}) = \frac{\exp(o_j)}{\sum_{k=1}^q \exp(o_k)} - y_j"
    assert _sm(D2L_LOSS, step) == [(True, "derivation.reading"), (True, None)]
    result = grade_section("softmax_ce_grad", "## softmax-ce-grad\n\n$$" + D2L_LOSS + "$$\n$$" + step + "$$\n" + SOFTMAX_ANSWER)
    answer = next(p for p in result.parts if p.id == "answer")
    assert answer.score == answer.max_score
    derivation = next(p for p in result.parts if p.id == "derivation")
    assert derivation.score == derivation.max_score  # start ∂E/∂z_j and goal y_j - Y_j, in the author's letters


@pytest.mark.parametrize("wrong", [
    r"\partial_{o_j} l(\mathbf{y}, \hat{\mathbf{y}}) = y_j - \frac{\exp(o_j)}{\sum_{k=1}^q \exp(o_k)}",  # the sign
    r"\partial_{o_j} l(\mathbf{y}, \hat{\mathbf{y}}) = \frac{\exp(o_j)}{\sum_{k=1}^q \exp(o_k)}",  # the labels left out
])
def test_a_wrong_step_in_the_restated_letters_stays_charged(wrong):
    # the plain y beside ŷ is no "letter clash" once the restatement reads it as the labels
    assert _sm(D2L_LOSS, wrong)[-1] == (False, "equivalence.differs")


def test_a_wrong_answer_in_the_restated_letters_is_wrong():
    section = "## softmax-ce-grad\n\n$$" + D2L_LOSS + "$$\n\nAnswer: $y_j - \\mathrm{softmax}(\\mathbf{o})_j$\n"
    answer = next(p for p in grade_section("softmax_ce_grad", section).parts if p.id == "answer")
    assert answer.score == 0


def test_a_wrong_restatement_names_no_letters():
    wrong = D2L_LOSS.replace("= - \\sum", "= \\sum")  # the minus left out: no renaming makes it the loss
    step = r"\partial_{o_j} l(\mathbf{y}, \hat{\mathbf{y}}) = \frac{\exp(o_j)}{\sum_{k=1}^q \exp(o_k)} - y_j"
    assert all(valid is not True for valid, _ in _sm(wrong, step)[1:])


def test_the_loss_restated_in_the_prose_with_another_bound_letter():
    verdicts = _sm(r"a_j = \frac{e^{z_j}}{\sum_{k=1}^{n} e^{z_k}}", r"\frac{\partial H}{\partial a_j} = -\frac{y_j}{a_j}",
                   r"\frac{\partial H}{\partial a_j} = \frac{y_j}{a_j}", prose="Let $H(y,a)=-\\sum_{i=1}^n y_i \\log(a_i)$.\n\n")
    assert verdicts == [(True, None), (True, "derivation.reading"), (False, "equivalence.differs")]


def test_a_letter_set_equal_to_the_restated_function_is_the_same_quantity():
    verdicts = _sm(r"H(y,a)=-\sum_{i=1}^n y_i \log(a_i)", "L = H(y, a)", r"\frac{\partial L}{\partial a_j} = -\frac{y_j}{a_j}",
                   r"\frac{\partial L}{\partial a_j} = -\frac{a_j}{y_j}")
    assert verdicts[2] == (True, None) and verdicts[3] == (False, "equivalence.differs")


def test_a_plain_letters_definition_is_left_to_the_authors_definitions():
    # `L = -\sum_i y_i \log p_i` has no argument list: `author_letters.course_letters` follows it (with the p
    # that a later line defines), so the restated given does not fix p first
    from grader.derivations.restated_givens import given_letters

    problem = load_problem("softmax_ce_grad")
    found = given_letters(_sources(r"L = - \sum_{i=1}^{K} y_i \log p_i"), problem.notation, problem.checker(1, Deadline(10)),
                          problem.known_names)
    assert found == {}


# -- the author's function letter for the softmax's outputs ---------------------------------------------------

CMU_LOSS = r"H(Y, \sigma(A)) = - \sum_{i=1}^{C} Y_i \log(\sigma(A_i))"


def _cmu(*displays: str) -> list:
    return _line_verdicts("softmax_ce_grad", "## softmax-ce-grad\n\n" + "".join(f"$${d}$$\n" for d in displays) + "\nAnswer: $\\sigma(A_i) - Y_i$\n")


def test_a_function_letter_of_the_logits_restated_as_the_outputs_is_read_as_their_entry():
    chain = (r"\frac{\partial \log(\sigma(A_i))}{\partial A_i} = \frac{\partial \log(\sigma(A_i))}{\partial \sigma(A_i)} \cdot "
             r"\frac{\partial \sigma(A_i)}{\partial A_i} = 1 - \sigma(A_i)")
    verdicts = _cmu(CMU_LOSS, chain, r"\frac{\partial H}{\partial A_i} = \sigma(A_i) - Y_i")
    assert verdicts == [(True, "derivation.reading"), (True, None), (True, None), (True, None)]


@pytest.mark.parametrize("wrong", [
    r"\frac{\partial H}{\partial A_i} = Y_i - \sigma(A_i)",
    r"\frac{\partial \sigma(A_i)}{\partial A_i} = \sigma(A_i)",  # the softmax's derivative is not the exponential's
    r"\frac{\partial \log(\sigma(A_k))}{\partial A_i} = 1 - \sigma(A_i)",  # no condition i = k: wrong for k ≠ i
])
def test_a_wrong_step_with_the_function_letter_stays_charged(wrong):
    assert _cmu(CMU_LOSS, wrong)[-1] == (False, "equivalence.differs")


def test_a_wrong_restatement_reads_no_function_letter():
    verdicts = _cmu(r"H(Y, \sigma(A)) = - \sum_{i=1}^{C} Y_i \sigma(A_i)", r"\frac{\partial H}{\partial A_i} = \sigma(A_i) - Y_i")
    assert verdicts[-1][0] is not True


def test_the_function_letter_without_an_indexed_argument_is_no_entry():
    from grader.mathparse import parse_line

    problem = load_problem("softmax_ce_grad")
    notation = dataclasses.replace(problem.notation, aliases={**problem.notation.aliases, "sigma": "y", "A": "z"})
    assert str(parse_line(r"\sigma(A_k)", notation).terms[0]) == "y[k]"
    assert "y[" not in str(parse_line(r"\sigma(1 - \sigma)", notation).terms[0])  # a product, as before
    assert "y[" not in str(parse_line(r"\sigma(A_k, A_j)", notation).terms[0])
