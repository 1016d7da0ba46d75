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


# -- a batch written with two indices ------------------------------------------------------------------------

BATCH_LOSS = r"E = -\frac{1}{m}\sum_{i,j} Y_{ij}\log y_{ij}"


def _score(*displays: str) -> float:
    markdown = "## softmax-ce-grad\n\n" + "".join(f"$${d}$$\n\n" for d in displays)
    part = next(p for p in grade_section("softmax_ce_grad", markdown).parts if p.id == "derivation")
    return part.score / part.max_score


@pytest.mark.parametrize("displays", [
    # the course's letters, the sample first and the class second
    (BATCH_LOSS, r"\frac{\partial E}{\partial z_{pq}} = \frac{1}{m}(y_{pq} - Y_{pq})"),
    # another batch size and other index letters, the mean written as a fraction
    (r"E = -\frac{1}{N}\sum_{a,b} Y_{ab}\log y_{ab}", r"\frac{\partial E}{\partial z_{ab}} = \frac{y_{ab} - Y_{ab}}{N}"),
    # the ranges written out, the batch size as the upper end of the samples' sum
    (r"E = -\frac{1}{B}\sum_{n=1}^{B}\sum_{k=1}^{K} Y_{nk}\log y_{nk}",
     r"\frac{\partial E}{\partial z_{nc}} = -\frac{1}{B} Y_{nc} + \frac{1}{B}\frac{e^{z_{nc}}}{\sum_{k=1}^{K} e^{z_{nk}}}"),
    # comma-separated indices, and the matrix form after the entry's
    (BATCH_LOSS, r"\frac{\partial E}{\partial z_{p,q}} = \frac{1}{m}(y_{p,q} - Y_{p,q})",
     r"\frac{\partial E}{\partial \boldsymbol{z}} = \frac{1}{m}(\boldsymbol{y} - \boldsymbol{Y})"),
])
def test_a_batch_with_two_indices_is_checked_for_the_batch(displays):
    verdicts = _verdicts("softmax_ce_grad", *displays)
    assert all(valid is True for valid, _ in verdicts), verdicts
    assert _score(*displays) == 1.0
    said = render(_lines("softmax_ce_grad", *displays)[1].links[0].reason, "en")
    assert "sample p's logit of class q" in said and "batch size" in said


def test_the_steps_of_a_batch_derivation_are_checked_one_by_one():
    steps = (
        BATCH_LOSS,
        r"E = -\frac{1}{m}\sum_{i,j} Y_{ij} z_{ij} + \frac{1}{m}\sum_{i,j} Y_{ij}\log\sum_{k=1}^{K} e^{z_{ik}}",
        r"\frac{\partial}{\partial z_{pq}}\left(-\frac{1}{m}\sum_{i,j} Y_{ij} z_{ij}\right) = -\frac{1}{m} Y_{pq}",
        r"\frac{\partial}{\partial z_{pq}}\left(\frac{1}{m}\sum_{i,j} Y_{ij}\log\sum_{k=1}^{K} e^{z_{ik}}\right) = \frac{1}{m} y_{pq}\sum_{j=1}^{K} Y_{pj}",
        r"\frac{\partial E}{\partial z_{pq}} = \frac{1}{m}(y_{pq} - Y_{pq})",
    )
    assert [valid for valid, _ in _verdicts("softmax_ce_grad", *steps)] == [True] * 5


@pytest.mark.parametrize("wrong", [
    r"\frac{\partial E}{\partial z_{pq}} = y_{pq} - Y_{pq}",  # the 1/m missing
    r"\frac{\partial E}{\partial z_{pq}} = \frac{1}{m^2}(y_{pq} - Y_{pq})",  # the 1/m doubled
    r"\frac{\partial E}{\partial z_{pq}} = \frac{1}{m}(y_{qp} - Y_{qp})",  # sample and class swapped
    r"\frac{\partial E}{\partial z_{pq}} = \frac{1}{m}(Y_{pq} - y_{pq})",  # the sign slipped
    r"\frac{\partial E}{\partial z_{pq}} = \frac{1}{m}(y_{pq} - y_{pq} Y_{pq})",  # a label for a probability
    r"\frac{\partial E}{\partial \boldsymbol{z}} = \frac{2}{m}(\boldsymbol{y} - \boldsymbol{Y})",  # the matrix form, a wrong coefficient
])
def test_wrong_batch_gradients_stay_charged(wrong):
    verdicts = _verdicts("softmax_ce_grad", BATCH_LOSS, wrong)
    assert verdicts[1][0] is False
    assert _score(BATCH_LOSS, wrong) < 1.0


@pytest.mark.parametrize("wrong", [
    r"E = -\frac{1}{m}\sum_{i,j} Y_{ij} z_{ij} - \frac{1}{m}\sum_{i,j} Y_{ij}\log\sum_{k=1}^{K} e^{z_{ik}}",  # sign slip
    r"E = -\frac{1}{m}\sum_{i,j} Y_{ij} z_{ij} + \frac{1}{m}\sum_{i,j} Y_{ij}\log\sum_{k=1}^{m} e^{z_{ik}}",  # classes summed to m
])
def test_wrong_batch_steps_stay_charged(wrong):
    assert _verdicts("softmax_ce_grad", BATCH_LOSS, wrong)[1][0] is False


def test_an_entry_off_the_batch_is_not_judged_right():
    # the class index at the sample's place inside a sum: an entry no batch has (j up to K, the samples m); never valid
    wrong = r"E = -\frac{1}{m}\sum_{i,j} Y_{ij} z_{ij} + \frac{1}{m}\sum_{i,j} Y_{ij}\log\sum_{k=1}^{K} e^{z_{jk}}"
    assert _verdicts("softmax_ce_grad", BATCH_LOSS, wrong)[1][0] is not True
    assert _score(BATCH_LOSS, wrong, r"\frac{\partial E}{\partial z_{pq}} = \frac{1}{m}(y_{pq} - Y_{pq})") < 1.0


def test_no_batch_reading_without_one_batch_size():
    # two letters the problem does not know as the mean's size: which is the batch is not said, nothing is read as one
    lines = _verdicts("softmax_ce_grad", BATCH_LOSS, r"\frac{\partial E}{\partial z_{pq}} = \frac{1}{n}(y_{pq} - Y_{pq})")
    assert all(valid is not True for valid, _ in lines)


def test_the_authors_batch_sum_is_their_loss():
    # E defined as the sum over the batch: the gradient has no 1/N, and the steps are checked for that E
    total = r"E = -\sum_{n=1}^{N}\sum_{k=1}^{K} Y_{nk}\log y_{nk}"
    assert [valid for valid, _ in _verdicts("softmax_ce_grad", total, r"\frac{\partial E}{\partial z_{nc}} = y_{nc} - Y_{nc}")] == [True, True]
    assert _score(total, r"\frac{\partial E}{\partial z_{nc}} = y_{nc} - Y_{nc}") == 1.0
    # for that E, the mean's gradient is wrong
    assert _verdicts("softmax_ce_grad", total, r"\frac{\partial E}{\partial z_{nc}} = \frac{1}{N}(y_{nc} - Y_{nc})")[1][0] is False
    # a definition that is neither the batch's mean nor its sum is charged
    assert _verdicts("softmax_ce_grad", r"E = \frac{1}{N}\sum_{n=1}^{N}\sum_{k=1}^{K} Y_{nk}\log y_{nk}")[0][0] is not True


def test_a_batch_line_with_long_nested_sums_stays_cheap():
    from test_derivations_table import graded_within

    plain = graded_within("softmax_ce_grad", BATCH_LOSS, 3)
    hostile = (r"E = -\frac{1}{m}\sum_{a=1}^{11}\sum_{b=1}^{11}\sum_{c=1}^{11}\sum_{d=1}^{11}\sum_{f=1}^{11}"
               r"\frac{\partial}{\partial z_{pq}} Y_{ij}\log y_{ij}")
    assert graded_within("softmax_ce_grad", hostile, 3) < 10 * plain + 3.0


def test_entry_values_refuse_what_they_cannot_value():
    import numpy as np
    import sympy

    from grader.mathengine.entry_values import EntryValues, NoValue

    z = sympy.IndexedBase("z")
    i = sympy.Symbol("i")
    values = EntryValues({"z": np.arange(6.0).reshape(2, 3)}, {"m": 2}, {})
    assert values.value(sympy.Sum(z[1, i], (i, 1, 3))) == 3.0
    for expr in (z[3, 1], sympy.Sum(z[1, i], (i, 1, 400)), sympy.Symbol("q"), sympy.log(-z[1, 2]), sympy.gamma(z[1, 1])):
        with pytest.raises(NoValue):
            EntryValues({"z": np.arange(6.0).reshape(2, 3)}, {"m": 2}, {}).value(expr)
