r"""Derivation rows: a result the author stated and was charged for, used again later (issue 11, round 6).

A TA charges a mistake once, where it is made: a later step that substitutes the author's own
(charged) value of a derivative follows from the lines before it. Only a derivative's value is
carried, only into a step that is wrong otherwise, and only under the same prose condition; a wrong
step stays wrong, and a repeated wrong statement is charged again.
"""

from __future__ import annotations

import pytest
from test_derivations_table import _line_verdicts

# the loss named term by term (ℓ_j = Y_j log y_j, from E = -Σ ℓ_j), then ℓ_j's derivative with a sign slip
NAMED = r"$$ E = -\sum_j^K Y_j \log y_j \\ = -\sum_j^K \ell_j $$" + "\n\n"
SLIPPED = r"$$ \frac{\partial \ell_j}{\partial y_j} = \frac{\partial}{\partial y_j} \left( - Y_j \log y_j \right) \\ = -\frac{Y_j}{y_j} $$" + "\n\n"
CHAIN = r"\frac{\partial E}{\partial z_i} = \sum_j^K \frac{\partial \ell_j}{\partial y_j} \frac{\partial y_j}{\partial z_i} \\ "


def _verdicts(body: str):
    return _line_verdicts("softmax_ce_grad", f"## softmax-ce-grad\n{body}")


def test_a_step_that_substitutes_a_charged_result_is_not_charged_again():
    verdicts = _verdicts(NAMED + SLIPPED + f"$$ {CHAIN}= \\sum_j^K -\\frac{{Y_j}}{{y_j}} y_j(\\delta_{{ij}} - y_i) $$\n")
    # the slip is charged where it is made (line 3), the chain's missing sign on line 5, and line 6 carries line 4's value
    assert verdicts == [(True, None), (True, "derivation.defines"), (False, "equivalence.differs"), (True, None),
                        (False, "equivalence.differs"), (True, "derivation.carries")]


@pytest.mark.parametrize(
    "step",
    [
        # wrong with the carried value too: a plus for the minus inside the bracket
        r"= \sum_j^K -\frac{Y_j}{y_j} y_j(\delta_{ij} + y_i)",
        # a factor dropped after the substitution
        r"= \sum_j^K -\frac{Y_j}{y_j} (\delta_{ij} - y_i)",
    ],
)
def test_a_wrong_step_stays_wrong_with_the_carried_result(step):
    verdicts = _verdicts(NAMED + SLIPPED + f"$$ {CHAIN}{step} $$\n")
    assert verdicts[-1] == (False, "equivalence.differs"), verdicts


def test_a_result_stated_under_one_case_is_not_carried_into_another():
    body = (NAMED + "If $i = j$:\n\n" + SLIPPED + "If $i \\neq j$:\n\n"
            + f"$$ {CHAIN}= \\sum_j^K -\\frac{{Y_j}}{{y_j}} y_j(\\delta_{{ij}} - y_i) $$\n")
    assert _verdicts(body)[-1] == (False, "equivalence.differs")


def test_the_wrong_result_stated_again_is_charged_again():
    again = r"$$ \frac{\partial \ell_j}{\partial y_j} = -\frac{Y_j}{y_j} $$" + "\n"
    assert _verdicts(NAMED + SLIPPED + again)[-1] == (False, "equivalence.differs")


def test_without_a_charged_result_the_jump_to_the_right_value_is_charged():
    # a real mistake then the right result (no derivative value of the author's in between): not carried
    display = (r"\frac{\partial y_i}{\partial z_i} = \frac{e^{z_i}\sum_{k=1}^{K} e^{z_k} + e^{z_i}e^{z_i}}{(\sum_{k=1}^{K} e^{z_k})^2}"
               r" \\ = y_i(1-y_i)")
    assert _verdicts(f"$$\n{display}\n$$\n") == [(False, "equivalence.differs"), (False, "equivalence.differs")]


# the author's q for the outputs (from its softmax definition), then y written for the labels in the loss
OWN_LETTERS = (r"$$q_j = \frac{e^{s_j}}{\sum_k e^{s_k}}$$" "\n\n"
               r"$$C = -\sum_k y_k \log q_k$$" "\n\n"
               r"$$ \frac{\partial C}{\partial s_i} = -\sum_k y_k \frac{1}{q_k} \frac{\partial q_k}{\partial s_i} $$" "\n")


def test_a_course_letter_an_earlier_definition_took_is_the_authors_own_in_a_later_one():
    # q read as the outputs y (line 1), so the loss's y are the labels Y: the chain rule is checked, not a clash
    body = OWN_LETTERS + r"$$ = -y_i(1-q_i) - \sum_{k\neq i} y_k \frac{1}{q_k}(-q_kq_i) $$" "\n" r"$$ = q_i - y_i $$" "\n"
    assert _verdicts(body) == [(True, None)] * 5


@pytest.mark.parametrize(
    "step",
    [
        r"= -y_i(1-q_i) + \sum_{k\neq i} y_k \frac{1}{q_k}(-q_kq_i)",  # the sign of the other classes' terms
        r"= -y_i(1-q_i) - \sum_{k\neq i} y_k \frac{1}{q_k}(-q_i)",  # a factor q_k dropped
    ],
)
def test_a_wrong_step_in_the_authors_letters_is_charged(step):
    assert _verdicts(OWN_LETTERS + f"$$ {step} $$\n")[-1] == (False, "equivalence.differs")


@pytest.mark.parametrize(
    "definition",
    [
        # the course's outputs defined in the author's letters: a are the logits
        r"y_i = \frac{e^{a_i}}{\sum_{k=1}^K e^{a_k}}",
        # the same, said through the derivative of the outputs written as the derivative of the softmax
        r"\frac{\partial y_i}{\partial a_i} = \frac{\partial \frac{e^{a_i}}{\sum_{k=1}^K e^{a_k}}}{\partial a_i}",
    ],
)
def test_a_course_quantity_defined_in_the_authors_letters_names_them(definition):
    body = f"$$ {definition} $$\n\n" + r"$$ \frac{\partial y_i}{\partial a_i} = y_i(1-y_i) $$" + "\n"
    assert _verdicts(body) == [(True, None), (True, None)]


@pytest.mark.parametrize(
    "definition, step",
    [
        # the renaming holds, the step after it does not (a sign)
        (r"y_i = \frac{e^{a_i}}{\sum_{k=1}^K e^{a_k}}", r"\frac{\partial y_i}{\partial a_i} = y_i(1+y_i)"),
        (r"\frac{\partial y_i}{\partial a_i} = \frac{\partial \frac{e^{a_i}}{\sum_{k=1}^K e^{a_k}}}{\partial a_i}",
         r"\frac{\partial y_i}{\partial a_i} = y_i^2"),
    ],
)
def test_a_wrong_step_after_the_authors_definition_is_charged(definition, step):
    assert _verdicts(f"$$ {definition} $$\n\n$$ {step} $$\n")[-1] == (False, "equivalence.differs")


def test_a_wrong_definition_in_the_authors_letters_names_nothing():
    # the sum's index slipped: no renaming makes it the softmax, so a stays the author's unknown letter
    body = r"$$ y_i = \frac{e^{a_i}}{\sum_{k=1}^K e^{a_i}} $$" "\n\n" r"$$ \frac{\partial y_i}{\partial a_i} = y_i(1-y_i) $$" "\n"
    assert all(valid is not True for valid, _ in _verdicts(body)), _verdicts(body)


def test_a_plain_letter_beside_its_hat_is_the_authors_own():
    # ŷ the outputs (the course's y), y the author's labels: a step that reads both as one is not called wrong;
    # since round 10 (label_convention) the plain y beside ŷ is read as the label, so the step is checked, and holds
    body = (r"$$ \hat y_i = \frac{e^{a_i}}{\sum_{k=1}^K e^{a_k}} $$" "\n\n"
            r"$$ \frac{\partial E}{\partial a_i} = -\sum_{j=1}^K y_j \frac{\partial \log \hat y_j}{\partial a_i} $$" "\n")
    assert _verdicts(body)[-1] == (True, None)
    slipped = body.replace(r"= -\sum_{j=1}^K", r"= \sum_{j=1}^K")
    assert _verdicts(slipped)[-1][0] is False
