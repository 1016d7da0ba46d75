r"""Derivation rows: vector equations of the softmax gradient, checked per component (issue 11)."""

from __future__ import annotations

import pytest
from test_derivations_table import _line_verdicts


def _verdicts(display: str):
    return _line_verdicts("softmax_ce_grad", f"## softmax-ce-grad\n$$\n{display}\n$$\n")


@pytest.mark.parametrize(
    "display, expected",
    [
        (r"\frac{\partial E}{\partial \mathbf z} = \mathbf y - \mathbf Y", [(True, "derivation.reading")]),
        # the same with a sign slip: a wrong vector equation is charged
        (r"\frac{\partial E}{\partial \mathbf z} = \mathbf Y - \mathbf y", [(False, "equivalence.differs")]),
        ((r"\frac{\partial E}{\partial \mathbf{z}} = \left( \begin{matrix} y_1 - Y_1 \\ y_2 - Y_2 \\ \vdots \\ "
         r"y_K - Y_K \end{matrix} \right)"), [(True, "derivation.reading")]),
        # a column whose every row is wrong the same way
        ((r"\frac{\partial E}{\partial \mathbf{z}} = \begin{pmatrix} y_1 + Y_1 \\ y_2 + Y_2 \\ \vdots \\ "
         r"y_K + Y_K \end{pmatrix}"), [(False, "equivalence.differs")]),
    ],
)
def test_a_vector_gradient_is_checked_per_component(display, expected):
    assert _verdicts(display) == expected


def test_a_line_led_by_a_labelled_arrow_is_a_remark_that_costs_nothing():
    verdicts = _line_verdicts("ce_mle", "## ce-mle\n$$\n"
                              r"\xrightarrow{n \to \infty} \arg\min_{\theta} \mathbb{E}\left[ -\log q_{\theta}(Y, x) \right]"
                              "\n$$\n")
    assert verdicts == [(None, "derivation.remark")], verdicts


def test_the_authors_likelihood_of_the_listed_samples_is_a_definition():
    verdicts = _line_verdicts("mle_mse", "## mle-mse\n$$\n"
                              r"L(\hat{y}, \sigma \mid y_1, y_2, \dots, y_n) = \prod_{i = 1}^{n} f(y_i \mid \hat{y}_i, \sigma)"
                              "\n$$\n")
    # the problem's name with the author's own arguments (ŷ, σ for L(w, b)): the author's own function, and so said
    assert verdicts == [(True, "derivation.own_signature")], verdicts


@pytest.mark.parametrize(
    "display, expected",
    [
        # Glorot's bound: U(-a, a) has the variance a^2/3 = 2/(n_in + n_out)
        (r"w \sim U\left[ -\frac{\sqrt{6}}{\sqrt{n_{in} + n_{out}}}, \frac{\sqrt{6}}{\sqrt{n_{in} + n_{out}}} \right]",
         [(True, "derivation.reading")]),
        (r"w \sim \mathcal{U}\!\left(-\sqrt{\frac{6}{n_{in} + n_{out}}},\;\sqrt{\frac{6}{n_{in} + n_{out}}}\right)",
         [(True, "derivation.reading")]),
        # a bound off by a factor under the root: the variance it claims is wrong, and charged
        (r"w \sim U\left[ -\frac{\sqrt{3}}{\sqrt{n_{in} + n_{out}}}, \frac{\sqrt{3}}{\sqrt{n_{in} + n_{out}}} \right]",
         [(False, "equivalence.differs")]),
        # the author's own bound r: an assumption, a remark as before
        (r"w \sim \mathcal{U}(-r, r)", [(None, "derivation.remark")]),
    ],
)
def test_a_uniform_weight_with_stated_bounds_claims_its_variance(display, expected):
    assert _line_verdicts("xavier_variance", f"## xavier-variance\n$$\n{display}\n$$\n") == expected


def test_a_noise_assumption_elsewhere_stays_a_remark():
    # mle-mse has no variance operator: `\epsilon_i \sim U(...)` or N(...) is the author's assumption
    verdicts = _line_verdicts("mle_mse", "## mle-mse\n$$\n\\epsilon_i \\sim U(-1, 1)\n$$\n")
    assert verdicts == [(None, "derivation.remark")], verdicts


def test_a_uniform_weight_of_the_authors_own_letter_stays_a_remark():
    display = r"W \sim U\left[ -\frac{\sqrt{6}}{\sqrt{n_{in} + n_{out}}}, \frac{\sqrt{6}}{\sqrt{n_{in} + n_{out}}} \right]"
    assert _line_verdicts("xavier_variance", f"## xavier-variance\n$$\n{display}\n$$\n") == [(None, "derivation.remark")]


@pytest.mark.parametrize(
    "answer, points",
    [(r"\mathbf y - \mathbf Y", 5.0), (r"\nabla_{\mathbf z} E = \mathbf y - \mathbf Y", 5.0), (r"\mathbf Y - \mathbf y", 0.0)],
)
def test_a_vector_answer_is_the_answer_for_each_component(answer, points):
    from test_derivations_table import grade_section

    markdown = ("## softmax-ce-grad\n$$\n\\frac{\\partial E}{\\partial z_i} = y_i - Y_i\n$$\n\n"
                f"Answer: ${answer}$\n")
    part = next(p for p in grade_section("softmax_ce_grad", markdown).parts if p.id == "answer")
    assert part.score == points, part.feedback


@pytest.mark.parametrize(
    "display, expected",
    [
        # a quantifier written right after the math, without spacing: the range of the statement, a remark
        (r"y_j = {e^{z_j} \over \sum_{k=1}^K e^{z_k}} \forall j \in 1..K", [(True, None)]),
        # the same with the author's typo (z_i in the numerator) is still charged
        (r"y_j = {e^{z_i} \over \sum_{k=1}^K e^{z_k}} \forall j \in 1..K", [(False, "equivalence.differs")]),
    ],
)
def test_a_trailing_quantifier_is_the_statements_range(display, expected):
    assert _verdicts(display) == expected


def test_a_quantifier_followed_by_an_equation_hides_no_step():
    from grader.mathparse import MathParseError, parse_line

    with pytest.raises(MathParseError):
        parse_line(r"a \forall b = c")


def test_a_first_statement_with_an_index_beyond_its_head_is_no_free_definition():
    # the author's S_j in their own letters, with a typo: e^{a_i} leaves i free, so S_j is not defined by it
    verdicts = _verdicts(r"S_j = {e^{a_i} \over \sum_{k=1}^N e^{a_k}} \forall j \in 1..N")
    assert verdicts[0][0] is not True and verdicts[0][1] != "derivation.defines", verdicts
    assert _verdicts(r"S_j = {e^{a_j} \over \sum_{k=1}^N e^{a_k}} \forall j \in 1..N")[0][0] is True


@pytest.mark.parametrize(
    "display, expected",
    [
        # the estimate named twice under two labels (MLE, OLS): names for one result
        (r"(\hat w, \hat b)_{MLE}=(\hat w, \hat b)_{OLS}=(X^TX)^{-1}X^{T}y", [(True, "derivation.defines")]),
        # another tuple in the middle is not the same names: the line stays unread
        (r"(\hat w, \hat b)_{MLE}=(\hat w, \hat c)_{OLS}=(X^TX)^{-1}X^{T}y", []),
    ],
)
def test_a_result_named_under_two_labels(display, expected):
    assert _line_verdicts("mle_mse", f"## mle-mse\n$$\n{display}\n$$\n") == expected


@pytest.mark.parametrize(
    "display, expected",
    [
        # a stable softmax: the largest logit taken out of every exponent, written max({z}_i)
        (r"y_i = \frac{e^{z_i-max({{z}_i})}}{\sum_{j=1}^K e^{z_j-max({{z}_i})}}", [(True, None)]),
        # the same letter bound by the sum: max({z_i}) is still the largest entry of the family
        (r"y_i = \frac{e^{z_i-\max(z_i)}}{\sum_{i=1}^K e^{z_i-\max(z_i)}}", [(True, None)]),
        # the smallest in the denominator and the largest in the numerator: not the softmax
        (r"y_i = \frac{e^{z_i-max({{z}_i})}}{\sum_{j=1}^K e^{z_j-min({{z}_i})}}", [(False, "equivalence.differs")]),
    ],
)
def test_the_largest_entry_of_a_family(display, expected):
    assert _verdicts(display) == expected


def test_the_word_sum_alone_is_the_authors_name():
    from grader.mathparse import MathParseError, parse_line

    assert str(parse_line(r"x_2 = sum").terms[1]) == "sum"
    for operator_without_backslash in (r"sum_i x_i", r"sum x"):
        with pytest.raises(MathParseError):
            parse_line(operator_without_backslash)
