r"""Derivation rows, round 12 (issue 11), batch12: sums without limits, and batches with two indices.

- a sum written without its range over a letter the problem does not range (`\sum_c Y_c \log y_c`, `\sum Y_c \log y_c`,
  `\sum_c Y_{ic} \log y_{ic}`) runs over the range of the letter's role: the index positions it fills in the problem's
  quantities (a class's column over 1..K, a sample's row over 1..n); a letter that is also a factor, part of an index
  expression, or at positions of different ranges keeps its sum unread; a written low end other than the role's is
  the author's own range (unread); a plain `\sum` with no index under it says its range is not written;
- the feedback names the reading taken.

Each reading comes with wrong variants (sign slip, swapped index, wrong coefficient, wrong index) that stay charged.
"""

from __future__ import annotations

import pytest
from test_derivations_table import grade_section, line_verdict

from grader.mathparse import MathParseError, parse_expression
from grader.mathparse.sum_ranges import role_range
from grader.results.i18n import render
from problems.ce_mle import NOTATION as CE_MLE
from problems.softmax_ce_grad import NOTATION as SOFTMAX

_SECTIONS = {"ce_mle": "ce-mle", "softmax_ce_grad": "softmax-ce-grad"}


def _lines(module: str, *displays: str):
    markdown = f"## {_SECTIONS[module]}\n\n" + "".join(f"$${d}$$\n\n" for d in displays)
    return next(p for p in grade_section(module, markdown).parts if p.id == "derivation").lines


def _verdicts(module: str, *displays: str) -> list[tuple]:
    return [line_verdict(line) for line in _lines(module, *displays)]


# -- a sum without its range, over the letter's role --------------------------------------------------------


@pytest.mark.parametrize("module, line", [
    ("softmax_ce_grad", r"E = -\sum_c Y_c \log y_c"),
    ("softmax_ce_grad", r"y_i = \frac{e^{z_i}}{\sum_m e^{z_m}}"),
    ("softmax_ce_grad", r"\frac{\partial E}{\partial z_j} = -\sum_c Y_c(\delta_{cj} - y_j) = y_j - Y_j"),
    ("ce_mle", r"-\log L(\theta) = -\sum_{i=1}^{n}\sum_c Y_{ic}\log y_{ic}"),
    ("ce_mle", r"-\log L(\theta) = -\sum_a \sum_{k=1}^K Y_{ak}\log y_{ak}"),
    ("ce_mle", r"\sum_c y_{ic} = 1"),
])
def test_a_sum_without_its_range_runs_over_its_letters_role(module, line):
    verdicts = _verdicts(module, line)
    assert verdicts == [(True, "derivation.reading")]
    said = render(_lines(module, line)[0].links[0].reason, "en")
    assert "range of its letter's role" in said


@pytest.mark.parametrize("module, line", [
    ("softmax_ce_grad", r"E = \sum_c Y_c \log y_c"),  # sign slip
    ("softmax_ce_grad", r"E = -\sum Y_a \log y_a^2"),  # wrong power
    ("softmax_ce_grad", r"y_i = \frac{e^{z_i}}{\sum_m e^{-z_m}}"),  # sign slip in the normalizer
    ("softmax_ce_grad", r"\frac{\partial E}{\partial z_j} = -\sum_c Y_c(\delta_{cj} - y_c)"),  # wrong index
    ("softmax_ce_grad", r"\sum_a y_a = 2"),  # wrong coefficient
    ("ce_mle", r"-\log L(\theta) = -\sum_{i=1}^{n}\sum_c Y_{ci}\log y_{ci}"),  # swapped indices: c at the row runs over the samples
    ("ce_mle", r"-\log L(\theta) = -\sum_a \sum_{k=1}^K Y_{ka}\log y_{ka}"),  # swapped indices
    ("ce_mle", r"\sum_c y_{ci} = 1"),  # a column does not sum to one: c at the row runs over the samples, never guessed 1..K
    ("ce_mle", r"-\log L(\theta) = -\frac{1}{2}\sum_{i=1}^{n}\sum_c Y_{ic}\log y_{ic}"),  # dropped factor
])
def test_wrong_steps_with_a_sum_without_its_range_stay_charged(module, line):
    assert _verdicts(module, line)[0][0] is False


def test_a_plain_sum_over_a_class_letter_is_valid():
    # the loss headed line also fits the one-hot reading of a true class c (class_letters), which is said first;
    # either reading checks the line, and its sign slip stays charged
    assert _verdicts("softmax_ce_grad", r"E = -\sum Y_c \log y_c")[0][0] is True
    assert _verdicts("softmax_ce_grad", r"E = \sum Y_c \log y_c")[0][0] is False


@pytest.mark.parametrize("module, line", [
    ("softmax_ce_grad", r"E = -\sum_c c\, Y_c \log y_c"),  # c is also a factor: not only an index
    ("softmax_ce_grad", r"E = -\sum_c Y_{c+1} \log y_{c+1}"),  # an index expression
    ("softmax_ce_grad", r"E = -\sum_{c=0} Y_c \log y_c"),  # the author's own low end
    ("ce_mle", r"-\log L(\theta) = -\sum_{i=1}^n \sum_c Y_{ic}\log y_{ic} x_c"),  # a class's position and a sample's
])
def test_a_letter_without_one_certain_role_keeps_its_sum_unread(module, line):
    assert _verdicts(module, line)[0] == (None, "parse.index_range")


def test_role_range_reads_the_positions_of_the_problems_quantities():
    body = parse_expression(r"\sum_{c=1}^{K} Y_{ic} \log y_{ic}", CE_MLE).function
    assert role_range(body, "c", CE_MLE) == ("1", "K")
    assert role_range(body, "i", CE_MLE) == ("1", "n")
    assert role_range(parse_expression(r"Y_{ci} + Y_{ic}", CE_MLE), "c", CE_MLE) is None  # two roles
    assert role_range(parse_expression(r"y_a + a", SOFTMAX), "a", SOFTMAX) is None  # a factor too
    assert role_range(parse_expression(r"y_a", SOFTMAX), "b", SOFTMAX) is None  # not written


def test_a_plain_sum_with_nothing_indexed_says_its_range_is_not_written():
    with pytest.raises(MathParseError) as info:
        parse_expression(r"\sum p(x)\log q(x)", CE_MLE)
    assert info.value.message.key == "parse.sum_range"
    assert "range is not written" in render(info.value.message, "en")
    # two letters with no range under one plain sum: which one is summed is not said
    with pytest.raises(MathParseError) as info:
        parse_expression(r"\sum Y_a y_b", SOFTMAX)
    assert info.value.message.key == "parse.sum_range"
