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


@pytest.mark.parametrize(
    "display, expected",
    [
        # the binary case (y_i the second class's probability, Y_i ∈ {0, 1}), samples numbered from 1 or 0
        (r"\log L(\theta) = \sum_{i=1}^{n} \left( Y_i \log y_i + (1 - Y_i) \log (1 - y_i) \right)",
         [(True, "derivation.reading")]),
        (r"-\log L(\theta) = -\sum_{i=0}^{n-1} ( Y_{i} \log y_{i} + (1 - Y_{i}) \log (1 - y_{i}) )",
         [(True, "derivation.reading")]),
        (r"L(\theta) = \prod_{i=0}^{n-1} y_i^{Y_i} (1 - y_i)^{1 - Y_i}", [(True, "derivation.reading")]),
        # a sign slip on the second class, an exponent swapped, a bound one sample short: charged
        (r"\log L(\theta) = \sum_{i=1}^{n} \left( Y_i \log y_i - (1 - Y_i) \log (1 - y_i) \right)",
         [(False, "equivalence.differs")]),
        (r"L(\theta) = \prod_{i=0}^{n-1} y_i^{1 - Y_i} (1 - y_i)^{Y_i}", [(False, "equivalence.differs")]),
        (r"\log L(\theta) = \sum_{i=1}^{n-1} \left( Y_i \log y_i + (1 - Y_i) \log (1 - y_i) \right)",
         [(False, "equivalence.differs")]),
    ],
)
def test_a_line_written_for_two_classes_is_checked_with_two(display, expected):
    assert _verdicts(display) == expected


def test_one_index_names_without_the_binary_form_are_not_read_as_two_classes():
    # `Y_i \log y_i` alone may be a sloppy K-class line: not checked as the binary case
    verdicts = _verdicts(r"\log L(\theta) = \sum_{i=1}^{n} Y_i \log y_i")
    assert verdicts[0][0] is not True, verdicts


def test_an_answer_in_the_binary_form_is_still_wrong_for_the_course():
    markdown = ("## ce-mle\n$$\n"
                r"\log L(\theta) = \sum_{i=1}^{n} \left( Y_i \log y_i + (1 - Y_i) \log (1 - y_i) \right)"
                "\n$$\n\n"
                r"Answer: $-\sum_{i=1}^{n} \left( Y_i \log y_i + (1 - Y_i) \log (1 - y_i) \right)$"
                "\n")
    answer = next(p for p in grade_section("ce_mle", markdown).parts if p.id == "answer")
    assert answer.score < answer.max_score
