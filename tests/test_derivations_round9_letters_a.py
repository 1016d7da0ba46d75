r"""Derivation rows, round 9 (issue 11), branch letters_a: the author's letters read from their ROLE in a
likelihood derivation, where no definition names them.

- the sample sum's limits: `\prod_{n=0}^{N-1}` (or `\sum_n^N`) over an index the problem does not have reads n as
  the problem's sample index and N as its number of samples, renamed together on every line (the author's n and the
  problem's count n never mix);
- the probability of the whole data set, `P(\bm T \mid \bm X)`, `p(\mathbf y \mid \mathbf X)`, is the likelihood;
- the author's labels (`t_n`) are fixed by the first line that restates the likelihood in them, under the one
  renaming that makes it hold (chosen there, never by looking at later lines).

Each reading has wrong variants written in the author's letters that stay charged (or unchecked, never passed),
and the feedback says which reading was taken.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from test_derivations_table import _line_verdicts, grade_section

from grader.derivations.letter_renaming import letters_renamed
from grader.derivations.letter_roles import sample_letters, sample_sums
from grader.mathparse import Notation

CE_ANSWER = "\nAnswer: $-\\sum_{i=1}^{n}\\sum_{k=1}^{K} Y_{ik}\\log y_{ik}$\n"
MLE_ANSWER = "\nAnswer: $\\frac{n}{2}\\log(2\\pi\\sigma^2) + \\frac{1}{2\\sigma^2}\\sum_{i=1}^{n}(y_i - w x_i - b)^2$\n"

#: The binary likelihood as many authors write it: their labels t, their sample index n from 0, their count N.
LIKELIHOOD = "P(\\bm{T}|\\bm{X}) = \\prod_{n=0}^{N-1} {y_n}^{t_n} (1-y_n)^{1-t_n}"
LOG_LIKELIHOOD = "\\log P(\\bm{T}|\\bm{X}) = \\sum_{n=0}^{N-1} ( t_n \\log y_n + (1-t_n) \\log (1-y_n) )"


def _ce(*displays: str) -> list:
    return _line_verdicts("ce_mle", "## ce-mle\n\n" + "".join(f"$$\n{d}\n$$\n\n" for d in displays) + CE_ANSWER)


def _mle(*displays: str) -> list:
    return _line_verdicts("mle_mse", "## mle-mse\n\n" + "".join(f"$$\n{d}\n$$\n\n" for d in displays) + MLE_ANSWER)


def _checked(verdicts: list) -> list:
    """The verdicts without the note that says how the letters were read."""
    return [v for v in verdicts if v[1] != "derivation.role_letters"]


# -- the sample sum's index and count, the data set's probability, the labels ------------------------------


def test_a_likelihood_in_the_authors_sample_letters_and_labels_is_followed():
    verdicts = _ce(LIKELIHOOD, LOG_LIKELIHOOD, "-\\frac{1}{N} \\log P(\\bm{T}|\\bm{X}) = "
                   "-\\frac{1}{N} \\sum_{n=0}^{N-1} ( t_n \\log y_n + (1-t_n) \\log (1-y_n) )")
    assert verdicts[0] == (True, "derivation.role_letters")
    assert all(valid for valid, _reason in _checked(verdicts)), verdicts


@pytest.mark.parametrize("wrong", [
    # a sign slip inside the sum
    "\\log P(\\bm{T}|\\bm{X}) = \\sum_{n=0}^{N-1} ( t_n \\log y_n - (1-t_n) \\log (1-y_n) )",
    # the labels and the outputs swapped
    "\\log P(\\bm{T}|\\bm{X}) = \\sum_{n=0}^{N-1} ( y_n \\log t_n + (1-y_n) \\log (1-t_n) )",
    # the sum made one term short (the index from 1 to N-1 would be, with the author's index from 0: a term lost)
    "\\log P(\\bm{T}|\\bm{X}) = \\sum_{n=1}^{N-1} ( t_n \\log y_n + (1-t_n) \\log (1-y_n) )",
    # the count read as N: a 1/N that the log-likelihood has not
    "\\log P(\\bm{T}|\\bm{X}) = \\frac{1}{N} \\sum_{n=0}^{N-1} ( t_n \\log y_n + (1-t_n) \\log (1-y_n) )",
])
def test_a_wrong_step_in_the_authors_letters_stays_charged(wrong):
    verdicts = _checked(_ce(LIKELIHOOD, wrong))
    assert verdicts[-1][0] is False, verdicts


def test_a_wrong_restatement_fixes_nothing_and_is_charged_under_the_reading_a_right_one_fixes():
    # the exponents swapped: no renaming of t makes that line hold, so it fixes nothing; the next line fixes t as
    # the labels, and the wrong line is charged under that reading
    verdicts = _checked(_ce("P(\\bm{T}|\\bm{X}) = \\prod_{n=0}^{N-1} {y_n}^{1-t_n} (1-y_n)^{t_n}", LOG_LIKELIHOOD))
    assert verdicts[0][0] is False and verdicts[-1][0] is True, verdicts


def test_labels_only_wrong_lines_restate_are_never_read():
    verdicts = _checked(_ce("P(\\bm{T}|\\bm{X}) = \\prod_{n=0}^{N-1} {y_n}^{1-t_n} (1-y_n)^{t_n}",
                            "\\log P(\\bm{T}|\\bm{X}) = \\sum_{n=0}^{N-1} ( t_n \\log y_n - (1-t_n) \\log (1-y_n) )"))
    assert all(valid is not True for valid, _reason in verdicts), verdicts


def test_a_letter_the_derivation_writes_for_a_function_is_never_the_count():
    # `N(t_n | \mu, \sigma^2)`: the author's Gaussian density, not the number of samples
    verdicts = _checked(_mle("\\log P = \\sum_{n=1}^{N} \\log N(t_n | w x_n + b, \\sigma^2)"))
    assert all(valid is not True for valid, _reason in verdicts), verdicts


# -- mle-mse: the data set's probability as the likelihood ---------------------------------------------


GAUSSIAN_NLL = ("-\\log P(\\mathbf y \\mid \\mathbf X) = \\sum_{n=1}^{N} \\frac{1}{2} \\log(2 \\pi \\sigma^2) + "
                "\\frac{1}{2 \\sigma^2} ( y_n - w x_n - b )^2")


def test_the_data_sets_probability_is_the_likelihood():
    verdicts = _mle(GAUSSIAN_NLL)
    assert verdicts[0] == (True, "derivation.role_letters")
    assert all(valid for valid, _reason in _checked(verdicts)), verdicts


@pytest.mark.parametrize("wrong", [
    GAUSSIAN_NLL.replace("\\frac{1}{2 \\sigma^2}", "\\frac{1}{\\sigma^2}"),
    GAUSSIAN_NLL.replace("-\\log P", "\\log P"),
    GAUSSIAN_NLL.replace("\\frac{1}{2} \\log(2 \\pi \\sigma^2)", "\\log(2 \\pi \\sigma^2)"),
])
def test_a_wrong_negative_log_likelihood_of_the_data_set_stays_charged(wrong):
    assert _checked(_mle(wrong))[-1][0] is False


def test_the_probability_of_one_sample_is_not_the_likelihood():
    # `P(y_n \mid x_n)` (not bold): one sample's probability, never read as the whole product
    verdicts = _checked(_mle("-\\log P(y_n \\mid x_n) = \\sum_{n=1}^{N} \\frac{1}{2} \\log(2 \\pi \\sigma^2) + "
                             "\\frac{1}{2 \\sigma^2} ( y_n - w x_n - b )^2"))
    assert all(valid is not True for valid, _reason in verdicts), verdicts


def test_the_feedback_names_each_reading():
    markdown = "## ce-mle\n\n$$\n" + LIKELIHOOD + "\n$$\n" + CE_ANSWER
    derivation = next(p for p in grade_section("ce_mle", markdown).parts if p.id == "derivation")
    note = derivation.lines[0].links[0].reason
    assert note is not None and note.key == "derivation.role_letters"
    assert note.params["letters"].split(", ") == ["n → i", "N → n", "t → Y", "P(\\bm{T}|\\bm{X}) → L(\\theta)"]


# -- mle-mse: the likelihood's arguments in the author's letters ----------------------------------------


LOG_L = ("\\ln{L(a_0, a_1, \\sigma)} = - n \\ln{(\\sigma)} - \\frac{n}{2} \\ln{(2 \\pi)} "
         "- \\frac{1}{2 \\sigma^2} \\sum_{i=1}^{n} (y_i - a_0 - a_1 x_i)^2")
D_A0 = "\\frac{\\partial \\ln{L}}{\\partial a_0} = \\frac{1}{\\sigma^2} \\sum_{i=1}^{n} (y_i - a_0 - a_1 x_i)"
D_A1 = "\\frac{\\partial \\ln{L}}{\\partial a_1} = \\frac{1}{\\sigma^2} \\sum_{i=1}^{n} (x_i y_i - a_0 x_i - a_1 x_i^2)"


def test_the_authors_parameters_are_read_from_the_likelihood_they_restate():
    verdicts = _mle(LOG_L, D_A0, D_A1)
    assert verdicts[0] == (True, "derivation.role_letters")
    assert all(valid for valid, _reason in _checked(verdicts)), verdicts


def test_the_parameters_roles_come_from_the_model_not_from_the_argument_order():
    # the author's a_0 is the slope here: the derivative by a_0 is then the slope's
    swapped = LOG_L.replace("a_0 - a_1 x_i", "a_1 - a_0 x_i")
    verdicts = _mle(swapped, "\\frac{\\partial \\ln{L}}{\\partial a_0} = \\frac{1}{\\sigma^2} \\sum_{i=1}^{n} (y_i - a_1 - a_0 x_i) x_i")
    assert all(valid for valid, _reason in _checked(verdicts)), verdicts
    wrong = _mle(swapped, D_A0.replace("a_0 - a_1 x_i", "a_1 - a_0 x_i"))  # the intercept's derivative, taken by the slope
    assert _checked(wrong)[-1][0] is False, wrong


@pytest.mark.parametrize("wrong", [
    D_A0.replace("\\frac{1}{\\sigma^2}", "\\frac{1}{2 \\sigma^2}"),
    D_A0.replace("(y_i - a_0 - a_1 x_i)", "(y_i - a_0 - a_1 x_i) x_i"),
    D_A1.replace("a_1 x_i^2", "a_1 x_i"),
])
def test_a_wrong_derivative_in_the_authors_parameters_stays_charged(wrong):
    assert _checked(_mle(LOG_L, wrong))[-1][0] is False


def test_a_wrong_restatement_reads_no_parameter():
    # 1/sigma^2 for 1/(2 sigma^2): no renaming makes it hold, so a_0, a_1 stay the author's and nothing passes
    verdicts = _checked(_mle(LOG_L.replace("\\frac{1}{2 \\sigma^2}", "\\frac{1}{\\sigma^2}"), D_A0))
    assert all(valid is not True for valid, _reason in verdicts), verdicts


# -- mle-mse: the author's parameter vector ------------------------------------------------------------


VECTOR_L = ("L(\\theta) = \\prod_{i=1}^n \\frac{1}{\\sqrt{2\\pi\\sigma^2}} "
            "\\exp\\left(-\\frac{(y^{(i)} - \\theta^T x^{(i)})^2}{2\\sigma^2}\\right)")
VECTOR_LOG_L = ("\\log L(\\theta) = n \\log \\frac{1}{\\sqrt{2\\pi\\sigma^2}} - \\frac{1}{2\\sigma^2} "
                "\\sum_{i=1}^n (y^{(i)} - \\theta^T x^{(i)})^2")


def test_the_authors_parameter_vector_is_read_as_the_parameters_and_its_product_as_the_prediction():
    verdicts = _mle(VECTOR_L, VECTOR_LOG_L,
                    "\\arg\\max_\\theta L(\\theta) = \\arg\\min_\\theta \\frac{1}{n} \\sum_{i=1}^{n} (y^{(i)} - x^{(i)T}\\theta)^2")
    assert verdicts[0] == (True, "derivation.role_letters")
    assert "\\theta → (w, b)" in _note(verdicts, VECTOR_L)
    assert all(valid for valid, _reason in _checked(verdicts)), verdicts


@pytest.mark.parametrize("wrong", [
    VECTOR_LOG_L.replace("\\frac{1}{2\\sigma^2}", "\\frac{1}{\\sigma^2}"),
    VECTOR_LOG_L.replace("- \\theta^T x^{(i)})^2", "- \\theta^T x^{(i)})"),
    VECTOR_LOG_L.replace("n \\log", "\\log"),
])
def test_a_wrong_step_in_the_parameter_vector_stays_charged(wrong):
    assert _checked(_mle(VECTOR_L, wrong))[-1][0] is False


UPPER_FIRST = ("\\log L(\\theta) = m \\log \\frac{1}{\\sqrt{2\\pi\\sigma^2}} - \\frac{1}{2\\sigma^2} "
               "\\sum^{m}_{i=1} (y^{(i)} - \\theta^T x^{(i)})^2")


def test_a_count_written_above_the_problems_index_first_is_the_number_of_samples():
    verdicts = _mle(UPPER_FIRST)
    assert "m → n" in _note(verdicts, UPPER_FIRST)
    assert all(valid for valid, _reason in _checked(verdicts)), verdicts
    assert _checked(_mle(UPPER_FIRST.replace("= m \\log", "= (m - 1) \\log")))[-1][0] is False


def test_the_product_alone_does_not_make_a_parameter_vector():
    # no likelihood of θ alone: θ is not read as the parameters, and the line is not called valid
    verdicts = _checked(_mle("\\log P = n \\log \\frac{1}{\\sqrt{2\\pi\\sigma^2}} - \\frac{1}{2\\sigma^2} "
                             "\\sum_{i=1}^n (y^{(i)} - \\theta^T x^{(i)})^2"))
    assert all(valid is not True for valid, _reason in verdicts), verdicts


def test_the_prediction_comes_from_the_problems_noise_definition():
    from grader.course.course import load_problem
    from grader.derivations.parameter_vector import _prediction

    checker = load_problem("mle_mse").checker(1, None)
    assert _prediction(checker.definitions).format(index="i") == "(b + w x_{i})"


def _note(verdicts: list, first_line: str) -> str:
    markdown = "## mle-mse\n\n$$\n" + first_line + "\n$$\n" + MLE_ANSWER
    derivation = next(p for p in grade_section("mle_mse", markdown).parts if p.id == "derivation")
    return derivation.lines[0].links[0].reason.params["letters"]


# -- the pieces --------------------------------------------------------------------------------------------


SAMPLES = Notation(indexed={"x": 1, "y": 1}, index_ranges={"i": ("1", "n"), "j": ("1", "n")})


def _lines(*texts: str) -> list:
    return [SimpleNamespace(number=k + 1, text=text) for k, text in enumerate(texts)]


@pytest.mark.parametrize("text, expected", [
    ("\\prod_{n=0}^{N-1} y_n", [("n", "N", "0", True)]),
    ("\\sum_n^N x_n", [("n", "N", None, False)]),
    ("\\sum^{m}_{i=1} y_i", [("i", "m", "1", False)]),
    ("\\sum_{n=0}^{N} y_n", []),  # N+1 terms: N is not the count
    ("\\sum_{n=1}^{N-1} y_n", []),
])
def test_sample_sums_count_their_bounds_terms(text, expected):
    assert [(s.index, s.bound, s.first, s.minus_one) for s in sample_sums(text)] == expected


def test_the_sample_index_takes_a_problem_index_the_derivation_never_writes():
    known = {"x", "y", "n", "i", "j"}
    assert sample_letters(_lines("\\sum_{n=1}^{N} y_n"), SAMPLES, known) == {"n": "i", "N": "n"}
    assert sample_letters(_lines("\\sum_{n=1}^{N} y_n + x_i"), SAMPLES, known) == {"n": "j", "N": "n"}


@pytest.mark.parametrize("lines, expected", [
    (("N = 5", "\\sum_{n=1}^{N} y_n"), {"n": "i"}),  # N given a value of its own: not the count
    # two of the author's indices bounded by N would both be the problem's i: neither is renamed, and so N is not
    # (read as n, it would meet the author's own n)
    (("\\sum_{n=1}^{N} y_n", "\\sum_{m=1}^{N} x_m"), {}),
    (("\\sum_{n=1}^{M} y_n",), {}),  # M is no count of the problem's (n) by its letter
    (("\\sum_{n=1}^{N} y_n", "\\sum_{n=1}^{K} x_n"), {}),  # n bounds two counts
])
def test_letters_read_two_ways_or_given_a_value_are_not_read(lines, expected):
    assert sample_letters(_lines(*lines), SAMPLES, {"x", "y", "n", "i", "j"}) == expected


def test_renaming_touches_lone_letters_only():
    renaming = {"n": "i", "N": "n"}
    assert letters_renamed("\\ln y_n + \\frac{1}{N} \\text{for n}", renaming) == "\\ln y_i + \\frac{1}{n} \\text{for n}"
    assert letters_renamed("\\sin(n) N_{n}", renaming) == "\\sin(i) n_{i}"
    assert letters_renamed("t_n \\sim \\mathcal{N}(0, 1), N", renaming) == "t_i \\sim \\mathcal{N}(0, 1), n"


# -- the answers are read under the same reading ----------------------------------------------------------


@pytest.mark.parametrize("answer, full", [
    ("\\frac{n}{2}\\log(2\\pi\\sigma^2) + \\frac{1}{2\\sigma^2}\\sum_{i=1}^{n} (y^{(i)} - \\theta^T x^{(i)})^2", True),
    ("\\frac{1}{2}\\log(2\\pi\\sigma^2) + \\frac{1}{2\\sigma^2}\\sum_{i=1}^{n} (y^{(i)} - \\theta^T x^{(i)})^2", False),
    ("\\frac{n}{2}\\log(2\\pi\\sigma^2) + \\frac{1}{\\sigma^2}\\sum_{i=1}^{n} (y^{(i)} - \\theta^T x^{(i)})^2", False),
])
def test_an_answer_in_the_authors_parameter_vector_is_read_as_the_derivation_reads_it(answer, full):
    markdown = f"## mle-mse\n\n$$\n{VECTOR_L}\n$$\n\nAnswer: ${answer}$\n"
    part = next(p for p in grade_section("mle_mse", markdown).parts if p.id == "answer")
    assert (part.score == part.max_score) is full, part


@pytest.mark.parametrize("written, read", [
    ("\\log P( { \\bf T } \\mid { \\bf X } )", "\\log L(\\theta)"),
    ("-\\log p(\\mathbf{Y} | \\mathbf{X}; \\theta)", "-\\log L(\\theta)"),
    ("P(\\bm{T}|\\bm{X})", "L(\\theta)"),
    # one sample's probability, and a probability of a plain letter: not the data set's
    ("P(\\mathbf{y}^{(i)} \\mid \\mathbf{x}^{(i)})", "P(\\mathbf{y}^{(i)} \\mid \\mathbf{x}^{(i)})"),
    ("P(t \\mid x)", "P(t \\mid x)"),
])
def test_the_data_sets_probability_is_recognised_in_its_written_forms(written, read):
    from grader.derivations.letter_renaming import Likelihood
    from grader.derivations.letter_roles import RoleReading

    assert RoleReading({}, Likelihood("L", ("theta",))).text(written) == read
