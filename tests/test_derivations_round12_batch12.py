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


# -- fixes after the red team (batch12fix) -------------------------------------------------------------------------
# F5: every batch had 3 samples and 4 classes, so a number written for the batch size or the class count agreed.
# The lines are now checked on three shapes whose sizes all differ (batch_entries.SHAPES).


@pytest.mark.parametrize("displays", [
    # a literal for the batch size, another batch letter and another layout
    (r"E = -\frac{1}{N}\sum_{a,b} Y_{ab}\log y_{ab}", r"\frac{\partial E}{\partial z_{ab}} = \frac{y_{ab} - Y_{ab}}{3}"),
    # the class count minus a literal: 1 on a batch of four classes only
    (BATCH_LOSS, r"\frac{\partial E}{\partial z_{pq}} = \frac{K - 3}{m}(y_{pq} - Y_{pq})"),
    # a term that vanishes at one batch size only
    (BATCH_LOSS, r"\frac{\partial E}{\partial z_{pq}} = \frac{1}{m}(y_{pq} - Y_{pq}) + \frac{m - 3}{m^2}"),
    # the author's batch sum, with a literal for the batch size
    (r"E = -\sum_{n=1}^{N}\sum_{k=1}^{K} Y_{nk}\log y_{nk}", r"\frac{\partial E}{\partial z_{nc}} = \frac{N}{3}(y_{nc} - Y_{nc})"),
])
def test_a_number_for_the_batch_or_class_count_is_charged(displays):
    lines = _lines("softmax_ce_grad", *displays)
    assert line_verdict(lines[-1])[0] is False
    assert _score(*displays) < 1.0
    said = render(lines[-1].links[0].reason, "en")
    assert "not equal for a batch" in said


def test_a_literal_class_count_in_a_sum_is_never_right():
    # the classes summed to 4: past the last class of a 3-class batch the entry has no value, so the line is left
    # unchecked there (charged as such), never judged right on the 4-class batch alone
    displays = (BATCH_LOSS, r"E = -\frac{1}{m}\sum_{i=1}^{m}\sum_{j=1}^{4} Y_{ij}\log y_{ij}")
    assert _verdicts("softmax_ce_grad", *displays)[1][0] is not True
    assert _score(*displays) < 1.0


def test_a_constant_that_agrees_on_one_shape_is_refuted_on_another():
    from grader.derivations.batch_entries import SHAPES

    assert len({size for shape in SHAPES for size in shape}) >= 4 and all(samples != classes for samples, classes in SHAPES)
    # 1/3 for 1/m holds on the 3-sample batch only: the point shown is another batch size
    line = _lines("softmax_ce_grad", BATCH_LOSS, r"\frac{\partial E}{\partial z_{pq}} = \frac{1}{3}(y_{pq} - Y_{pq})")[1]
    shown = line.links[0].counterexample
    assert shown is not None and shown.point["m"] != "3"


@pytest.mark.parametrize("displays", [
    # sizes that cancel are no literal: the step stays right on every shape
    (BATCH_LOSS, r"\frac{\partial E}{\partial z_{pq}} = \frac{K}{m K}(y_{pq} - Y_{pq})"),
    (r"E = -\frac{1}{B}\sum_{n=1}^{B}\sum_{k=1}^{K} Y_{nk}\log y_{nk}",
     r"\frac{\partial E}{\partial z_{nc}} = \frac{1}{B}\left(y_{nc} - Y_{nc}\sum_{k=1}^{K} y_{nk}\right)"),
])
def test_sizes_written_as_letters_stay_right_on_every_shape(displays):
    assert [valid for valid, _ in _verdicts("softmax_ce_grad", *displays)] == [True, True]


# The gradient in matrix form after the author defined E as the batch's mean: the author's E is the batch's, so a
# matrix form without the mean's 1/m is wrong for it (the problem's one-sample reading had judged it right).


@pytest.mark.parametrize("displays", [
    (BATCH_LOSS, r"\frac{\partial E}{\partial \boldsymbol{z}} = \boldsymbol{y} - \boldsymbol{Y}"),
    # another batch letter, the matrices written bare
    (r"E = -\frac{1}{N}\sum_{a,b} Y_{ab}\log y_{ab}", r"\frac{\partial E}{\partial z} = y - Y"),
    # the gradient on its own line, its value continued on the next
    (BATCH_LOSS, r"\frac{\partial E}{\partial \boldsymbol{z}}", r"= \boldsymbol{y} - \boldsymbol{Y}"),
    # the entry's gradient right, then the matrix form without the 1/m
    (BATCH_LOSS, r"\frac{\partial E}{\partial z_{pq}} = \frac{1}{m}(y_{pq} - Y_{pq})",
     r"\frac{\partial E}{\partial \boldsymbol{z}} = \boldsymbol{y} - \boldsymbol{Y}"),
])
def test_a_matrix_gradient_without_the_mean_is_charged_after_a_batch_mean(displays):
    lines = _lines("softmax_ce_grad", *displays)
    assert line_verdict(lines[-1]) == (False, "derivation.batch_entries_differ")
    assert _score(*displays) < 1.0


@pytest.mark.parametrize("displays", [
    # the author's batch sum: no 1/N in its gradient
    (r"E = -\sum_{n=1}^{N}\sum_{k=1}^{K} Y_{nk}\log y_{nk}", r"\frac{\partial E}{\partial \boldsymbol{z}} = \boldsymbol{y} - \boldsymbol{Y}"),
    # the one-sample gradient written before the batch is defined
    (r"\frac{\partial E}{\partial \boldsymbol{z}} = \boldsymbol{y} - \boldsymbol{Y}", BATCH_LOSS),
    # the loss given its one-sample value again before the gradient: the author went back to one sample
    (BATCH_LOSS, r"E = -\sum_{k=1}^{K} Y_k \log y_k", r"\frac{\partial E}{\partial \boldsymbol{z}} = \boldsymbol{y} - \boldsymbol{Y}"),
    # the mean's gradient in matrix form
    (BATCH_LOSS, r"\frac{\partial E}{\partial \boldsymbol{z}} = \frac{1}{m}(\boldsymbol{y} - \boldsymbol{Y})"),
])
def test_a_matrix_gradient_right_for_the_loss_in_force_stays_right(displays):
    assert all(valid is True for valid, _ in _verdicts("softmax_ce_grad", *displays))


def test_a_matrix_gradient_with_a_sign_slip_stays_charged_after_a_batch_mean():
    displays = (BATCH_LOSS, r"\frac{\partial E}{\partial \boldsymbol{z}} = \frac{1}{m}(\boldsymbol{Y} - \boldsymbol{y})")
    assert _verdicts("softmax_ce_grad", *displays)[1][0] is False


# F7: the batch reading parsed every line (decided ones too) before it looked at the time limit.


def _parsed_texts(monkeypatch) -> list[str]:
    from grader.derivations import batch_entries

    texts: list[str] = []
    parse = batch_entries._parsed

    def counted(text, notation):
        texts.append(text)
        return parse(text, notation)

    monkeypatch.setattr(batch_entries, "_parsed", counted)
    return texts


def test_the_batch_reading_parses_no_line_past_the_time_limit(monkeypatch):
    from grader.derivations import batch_entries

    texts = _parsed_texts(monkeypatch)
    monkeypatch.setattr(batch_entries, "deadline_passed", lambda deadline: True)
    line = _lines("softmax_ce_grad", BATCH_LOSS, r"\frac{\partial E}{\partial z_{pq}} = \frac{1}{m}(y_{pq} - Y_{pq})")[1]
    assert texts == []
    assert line_verdict(line)[0] is not True  # left as the problem's reading left it: unread, never judged right


def test_the_batch_reading_parses_only_the_lines_it_judges(monkeypatch):
    texts = _parsed_texts(monkeypatch)
    decided = (r"y_k = \frac{e^{z_k}}{\sum_{j=1}^{K} e^{z_j}}", r"\sum_{k=1}^{K} y_k = 1")
    verdicts = _verdicts("softmax_ce_grad", BATCH_LOSS, *decided, r"\frac{\partial E}{\partial z_{pq}} = \frac{1}{m}(y_{pq} - Y_{pq})")
    assert [valid for valid, _ in verdicts] == [True] * 4
    assert not set(decided) & set(texts)


# F10: a transpose in the matrix form was read as nothing (the batch's families are entries in its notation, and a
# number's transpose is itself): a line that writes one is not read as a batch, never judged right there.


@pytest.mark.parametrize("displays", [
    (BATCH_LOSS, r"\frac{\partial E}{\partial \boldsymbol{z}} = \frac{1}{m}(\boldsymbol{y}^\top - \boldsymbol{Y})"),
    (r"E = -\frac{1}{N}\sum_{a,b} Y_{ab}\log y_{ab}", r"\frac{\partial E}{\partial z} = \frac{(y - Y)^{T}}{N}"),
    (BATCH_LOSS, r"\frac{\partial E}{\partial \boldsymbol{z}} = \frac{1}{m}\left(\boldsymbol{y} - \boldsymbol{Y}^\intercal\right)"),
])
def test_a_transpose_in_the_matrix_form_is_never_judged_right(displays):
    assert _verdicts("softmax_ce_grad", *displays)[1][0] is not True
    assert _score(*displays) < 1.0
