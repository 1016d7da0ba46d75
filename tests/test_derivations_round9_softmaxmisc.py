r"""Derivation rows, round 9 (issue 11), softmax derivations as people write them:

- an entry's index written above its family (`Y^i`, `(e^z)^i` for e^{z_i}), and the numbered entries
  (`y^1`) where the author's own lines fix that convention; a power of a name that is no family stays a power;
- an example's concrete class count (`\sum_{j=1}^{10}`, three entries written out): read with the problem's
  size at that count, said in the feedback; not where the line writes the size as a letter;
- the loss written as its term at a free index (`E = -Y_i \ln y_i` after `E = -\sum_i Y_i \ln y_i`): i the
  sample's class, one-hot labels there, said in the feedback;
- Kronecker's delta with its indices braced (`\\delta{ij}`), defined by cases with `if`;
- a lone expression completing the line before it (`A = B =`, then `C`) shown with the step it completes where
  that step holds; a wrong step stays charged once, on the line where the equality starts.

Each reading comes with wrong variants that stay charged.
"""

from __future__ import annotations

import pytest
from test_derivations_table import _line_verdicts, grade_section

from grader.course.course import load_problem
from grader.mathparse import parse_line
from grader.mathparse.superscript_entries import entries_written_above, with_entries_above

SOFTMAX = load_problem("softmax_ce_grad").notation


def _softmax(*displays: str) -> list:
    return _line_verdicts("softmax_ce_grad", "## softmax-ce-grad\n\n" + "".join(f"$${d}$$\n\n" for d in displays))


def _readings(*displays: str) -> list:
    derivation = next(p for p in grade_section("softmax_ce_grad", "## softmax-ce-grad\n\n"
                                               + "".join(f"$${d}$$\n\n" for d in displays)).parts if p.id == "derivation")
    return [(k.valid, k.reason.params["reading"].key if k.reason is not None and k.reason.key == "derivation.reading" else None)
            for line in derivation.lines for k in line.links]


# -- entries written above -------------------------------------------------------------------------


@pytest.mark.parametrize("written, read", [
    (r"Y^i \ln y^i", r"Y_{i} \ln y_{i}"),
    (r"\frac{(e^z)^i}{\sum_j (e^{z})^j}", r"\frac{e^{z_{i}}}{\sum_j e^{z_{j}}}"),
    (r"\sum_i^N Y^i", r"\sum_i^N Y_{i}"),
    (r"y_i^2 + (y_i)^2", r"y_i^2 + (y_i)^2"),  # a subscripted name: a power
    (r"x^T + w^* + e^z", r"x^T + w^* + e^z"),  # no family of the problem, or no index letter
    (r"y^2", r"y^2"),  # a number above, without the author's convention: not an entry
])
def test_entries_written_above_are_read_as_entries(written, read):
    assert entries_written_above(written, SOFTMAX)[0] == read


def test_numbered_entries_only_under_the_authors_convention():
    convention = with_entries_above(SOFTMAX, [r"y^i = \frac{(e^z)^i}{\sum_j (e^z)^j}"])
    assert convention.entries_above and not with_entries_above(SOFTMAX, [r"y_i = e^{z_i}"]).entries_above
    assert entries_written_above(r"y^1 = (e^z)^2", convention)[0] == r"y_{1} = e^{z_{2}}"


def test_a_scalar_power_keeps_its_reading():
    mle = load_problem("mle_mse").notation
    assert str(parse_line(r"\sigma^2", mle).terms[0]) == "sigma**2"
    assert entries_written_above(r"\sigma^i", SOFTMAX)[0] == r"\sigma^i"  # a command's letter is no family


def test_the_loss_written_with_entries_above_is_read():
    assert _readings(r"E = -\sum_i^N Y^i \ln(y^i)")[0] == (True, "derivation.reading_entries_above")


@pytest.mark.parametrize("wrong", [
    r"E = \sum_i^N Y^i \ln(y^i)",  # the sign flipped
    r"E = -\sum_i^N \ln(y^i)",  # the labels dropped
    r"E = -\sum_i^N Y^i y^i",  # the log dropped
])
def test_a_wrong_loss_with_entries_above_is_charged(wrong):
    assert _softmax(wrong)[0][0] is False


def test_the_authors_own_letter_with_entries_above_is_followed_as_the_outputs():
    verdicts = _readings(r"s^i = \frac{(e^z)^i}{\sum_j^N (e^z)^j}", r"s^1 = \frac{(e^z)^1}{(e^z)^1 + (e^z)^2 + (e^z)^3}",
                         r"s^2 = \frac{(e^z)^2}{(e^z)^1 + (e^z)^2 + (e^z)^3}")
    assert verdicts[1:] == [(True, "derivation.reading_class_count")] * 2


@pytest.mark.parametrize("wrong", [
    r"s^2 = \frac{(e^z)^1}{(e^z)^1 + (e^z)^2 + (e^z)^3}",  # the numerator of another entry
    r"s^2 = \frac{(e^z)^2}{(e^z)^1 + (e^z)^3}",  # a term of the sum dropped (two entries written: no count read)
])
def test_a_wrong_entry_in_the_authors_letter_is_never_passed(wrong):
    assert _softmax(r"s^i = \frac{(e^z)^i}{\sum_j^N (e^z)^j}", wrong)[-1][0] is not True


# -- a concrete class count --------------------------------------------------------------------------


def test_the_softmax_over_three_classes_written_out_is_read_with_three_classes():
    verdicts = _readings(r"y^i = \frac{(e^z)^i}{\sum_j^N (e^z)^j}",
                         r"y^1 = \frac{(e^z)^1}{(e^z)^1 + (e^z)^2 + (e^z)^3}",
                         r"y_i = \frac{e^{z_i}}{e^{z_1} + e^{z_2} + e^{z_3}}")
    assert verdicts[1:] == [(True, "derivation.reading_class_count")] * 2


@pytest.mark.parametrize("wrong", [
    r"y^1 = \frac{(e^z)^2}{(e^z)^1 + (e^z)^2 + (e^z)^3}",  # another entry on top
    r"y_1 = \frac{e^{z_1}}{e^{z_1} + e^{z_2} + e^{z_2}}",  # an entry twice: 1..3 not written out
    r"y_1 = \frac{e^{z_1}}{e^{z_1} - e^{z_2} + e^{z_3}}",  # a sign
])
def test_a_wrong_example_is_still_charged(wrong):
    assert _softmax(r"y^i = \frac{(e^z)^i}{\sum_j^N (e^z)^j}", wrong)[-1][0] is not True


def test_a_count_beside_the_size_written_as_a_letter_is_a_claim_for_every_size():
    assert _softmax(r"\sum_{k=1}^{K} Y_k = Y_1 + Y_2")[0][0] is False


def test_a_sum_over_ten_classes_is_read_with_ten_classes():
    chain = (r"\frac{\partial E}{\partial z_i} = \sum_{j=1}^{10} \frac{\partial E}{\partial y_j} \frac{\partial y_j}{\partial z_i}"
             r" = \sum_{j \neq i} y_i Y_j + (y_i - 1) Y_i")
    assert _readings(chain) == [(True, "derivation.reading_class_count")] * 2


@pytest.mark.parametrize("wrong", [
    r"\sum_{j \neq i} y_i Y_j - (y_i - 1) Y_i",  # a sign flipped
    r"\sum_{j \neq i} y_i Y_j",  # a term dropped
    r"\sum_{j \neq i} y_j Y_j + (y_i - 1) Y_i",  # an index swapped
])
def test_a_wrong_step_at_the_examples_count_is_charged(wrong):
    chain = rf"\frac{{\partial E}}{{\partial z_i}} = \sum_{{j=1}}^{{10}} \frac{{\partial E}}{{\partial y_j}} \frac{{\partial y_j}}{{\partial z_i}} = {wrong}"
    assert _softmax(chain)[-1][0] is False


# -- the loss at the sample's class -------------------------------------------------------------------


def test_the_loss_written_as_its_term_at_a_free_index_is_read_at_the_samples_class():
    verdicts = _readings(r"E = -\sum_{k=1}^{K} Y_k \log y_k", r"E = -Y^i \ln(y^i)")
    assert verdicts[-1] == (True, "derivation.reading_true_class")


@pytest.mark.parametrize("wrong", [
    r"E = -\frac{Y^i}{y^i}",  # the loss's gradient written for the loss
    r"E = Y_i \log y_i",  # the sign flipped
    r"E = -Y_i \log y_i - Y_j \log y_j",  # a second term of the sum kept
    r"E = -Y_i y_i",  # the log dropped
])
def test_a_wrong_term_at_the_samples_class_is_charged(wrong):
    assert _softmax(r"E = -\sum_{k=1}^{K} Y_k \log y_k", wrong)[-1][0] is False


def test_a_term_with_an_index_on_the_left_is_not_read_so():
    assert _softmax(r"\frac{\partial E}{\partial z_i} = -\frac{Y_i}{y_i}")[-1][0] is False


# -- a lone expression completing the line before it -----------------------------------------------------


def test_a_lone_expression_completing_a_valid_step_is_shown_with_it():
    verdicts = _softmax(r"\frac{\partial E}{\partial z_i} = \sum_{k=1}^{K} (y_i - \delta_{ik}) Y_k = \\ y_i - Y_i")
    assert verdicts == [(True, None), (True, None), (True, "derivation.continues_line")]


@pytest.mark.parametrize("wrong", [r"Y_i - y_i", r"y_i", r"y_i - 1"])
def test_a_wrong_completion_is_charged_once_on_the_first_line(wrong):
    markdown = ("## softmax-ce-grad\n\n$$\\frac{\\partial E}{\\partial z_i} = \\sum_{k=1}^{K} (y_i - \\delta_{ik}) Y_k ="
                f" \\\\ {wrong}$$\n")
    derivation = next(p for p in grade_section("softmax_ce_grad", markdown).parts if p.id == "derivation")
    first, second = derivation.lines
    assert [k.valid for k in first.links] == [True, False] and second.links == ()
    assert derivation.invalid_line == 1 and derivation.score == pytest.approx(2.5)


# -- Kronecker's delta with its indices braced ---------------------------------------------------------


def test_the_authors_delta_defined_by_cases_with_if_costs_nothing():
    verdicts = _softmax(r"\delta{ij} = \begin{cases} 1 & if & i=j \\ 0 & if & i\neq j \end{cases}")
    # valid on both branches; the first may say which reading of `\delta{ij}` was taken (round 9 authorfuncs)
    assert [valid for valid, _ in verdicts] == [True, True]
    assert {key for _, key in verdicts} <= {None, "derivation.reading"}


@pytest.mark.parametrize("wrong", [
    r"\delta{ij} = \begin{cases} 0 & if & i=j \\ 1 & if & i\neq j \end{cases}",  # the branches swapped
    r"\delta{ij} = 1",  # no condition: false where i and j differ
])
def test_a_wrong_statement_of_the_braced_delta_is_charged(wrong):
    assert any(valid is False for valid, _ in _softmax(wrong))


def test_a_braced_argument_that_is_no_pair_of_indices_stays_as_written():
    assert entries_written_above(r"\delta{x} + \delta{ij}", SOFTMAX)[0] == r"\delta{x} + \delta_{ij}"


def test_an_error_on_a_line_with_an_entry_written_above_quotes_the_students_text():
    from grader.mathparse import MathParseError

    ce_mle = load_problem("ce_mle").notation
    with pytest.raises(MathParseError) as raised:
        parse_line(r"p^i = \mathcal{M}(x^i)", ce_mle)
    assert "x^i" in str(raised.value) and "x_{i}" not in str(raised.value)
