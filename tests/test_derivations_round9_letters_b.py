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
