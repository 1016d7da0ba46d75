r"""Derivation rows of ce-mle as people write it (issue 11, round 5): the model's probability of a
sample's label, `p(Y_i \mid x_i; \theta)`, is the problem's declared categorical likelihood of the
one-hot row Y_i."""

from __future__ import annotations

import pytest
from test_derivations_table import _line_verdicts, grade_section


def _verdicts(*displays: str):
    blocks = "".join(f"$$\n{display}\n$$\n" for display in displays)
    return _line_verdicts("ce_mle", f"## ce-mle\n{blocks}")


@pytest.mark.parametrize(
    "display, expected",
    [
        # the likelihood as a product of the labels' probabilities, and its negative log as a sum
        (r"L(\theta) = \prod_{i=1}^n p(Y_i \mid x_i; \theta)", [(True, None)]),
        (r"-\log L(\theta) = \sum_{i=1}^n -\log p(Y_i \mid x_i; \theta)", [(True, None)]),
        # another sample index binds the row too
        (r"\log L(\theta) = \sum_{m=1}^n \log p(Y_m \mid x_m; \theta) = \sum_{m=1}^n \sum_{k=1}^K Y_{mk} \log y_{mk}",
         [(True, None), (True, None)]),
        # the one-hot exponent dropped: every class's log, not the label's
        (r"\log L(\theta) = \sum_{i=1}^n \sum_{k=1}^K \log y_{ik}", [(False, "equivalence.differs")]),
        (r"-\log L(\theta) = -\sum_{i=1}^n \log p(Y_i \mid x_i; \theta) = -\sum_{i=1}^n \sum_{k=1}^K \log y_{ik}",
         [(True, None), (False, "equivalence.differs")]),
        # a sum where the product belongs
        (r"L(\theta) = \sum_{i=1}^n p(Y_i \mid x_i; \theta)", [(False, "equivalence.differs")]),
        # the class k's probability is still the output y_ik
        (r"\sum_{k=1}^K Y_{ik} \log p(k \mid x_i; \theta) = \sum_{k=1}^K Y_{ik} \log y_{ik}", [(True, None)]),
        (r"\sum_{k=1}^K Y_{ik} \log p(k \mid x_i; \theta) = \sum_{k=1}^K \log y_{ik}", [(False, "equivalence.differs")]),
    ],
)
def test_the_probability_of_a_samples_label_is_the_categorical_likelihood(display, expected):
    assert _verdicts(display) == expected


_USED_THEN_DEFINED = (
    "## ce-mle\n$$\n"
    r"-\log L(\theta) = \sum_{i=1}^n -\log p(Y_i \mid x_i; \theta) = \sum_{i=1}^n l(Y_i, y_i)"
    "\n$$\n$$\n"
    r"l(Y_i, y_i) = {SIGN} \sum_{k=1}^K Y_{ik} \log y_{ik}"
    "\n$$\n\n"
    r"Answer: $-\log L(\theta) = \sum_{i=1}^n l(Y_i, y_i)$"
    "\n"
)


@pytest.mark.parametrize("sign, line_valid, answer_right", [("-", True, True), ("", False, False)])
def test_a_function_used_a_line_before_its_definition_is_read_with_it(sign, line_valid, answer_right):
    result = grade_section("ce_mle", _USED_THEN_DEFINED.replace("{SIGN}", sign))
    derivation = next(p for p in result.parts if p.id == "derivation")
    first = derivation.lines[0]
    assert [k.valid for k in first.links] == [True, line_valid], first.links
    answer = next(p for p in result.parts if p.id == "answer")
    assert (answer.score == answer.max_score) is answer_right
