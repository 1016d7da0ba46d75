r"""Derivation rows, round 11 (issue 11), elided lists as people write them:

- the samples listed with an ellipsis as an argument (`L(w, b; y_1, \dots, y_n)`, `p(y_1, \ldots, y_n \mid x_1, \ldots,
  x_n)`, bold entries) read as the family's vector; a list that is no family (`x_1, \dots, x_{n-1}`) left as written;
- a product written out around an ellipsis (`p(y_1|x_1) \cdot ... \cdot p(y_n|x_n)`, `a_1 a_2 \cdots a_n`,
  `f(1) f(2) \cdots f(n)`) read as the product over its index; a last term off the first's pattern read as written
  (a slip in it stays charged);
- a line whose ellipsis the terms written do not fix (the chain rule over the samples, a trailing `+ \dots`) passed as
  an elided list: never unreadable, never invalid, and the next step checked against the line before it; the steps
  of a chain around such a part are checked;
- the data set as a whole (`P(D; \theta)`, `p(\mathcal{D} \mid w, b)`, `\mathcal{L}(\theta; D)`, `\sum_{(x, y) \in D}`)
  read as the problem's likelihood and sums over the samples, only in a likelihood problem;
- each sample's true class as a letter in ce-mle (`y_{i c_i}`, `p(c_i \mid x_i; \theta)`, `\mathbf{1}[k = c_i]`,
  `\delta_{k c_i}`), the class's one-hot vector in words (`\mathrm{one\_hot}(c)`), `[k{=}c]`;
- one sample's likelihood under the likelihood's own letter (`L(w, b; y_i)`) as the product's factor at i.

Each reading comes with wrong variants (sign slip, dropped factor, swapped index, wrong coefficient) that stay charged.
"""

from __future__ import annotations

import pytest
from test_derivations_table import grade_section, line_verdict

from grader.derivations.remarks import unknown_notation
from grader.mathparse import NoStep, Unreadable, read_statement
from grader.mathparse.elided_lists import elided_arguments, elided_products

_SECTIONS = {"mle_mse": "mle-mse", "ce_mle": "ce-mle", "softmax_ce_grad": "softmax-ce-grad"}


def _lines(module: str, *displays: str):
    markdown = f"## {_SECTIONS[module]}\n\n" + "".join(f"$${d}$$\n\n" for d in displays)
    return next(p for p in grade_section(module, markdown).parts if p.id == "derivation").lines


def _verdicts(module: str, *displays: str) -> list[tuple]:
    return [line_verdict(line) for line in _lines(module, *displays)]


GAUSS_1 = r"\frac{1}{\sqrt{2\pi\sigma^2}}e^{-\frac{(y_1 - w x_1 - b)^2}{2\sigma^2}}"
GAUSS_2 = r"\frac{1}{\sqrt{2\pi\sigma^2}}e^{-\frac{(y_2 - w x_2 - b)^2}{2\sigma^2}}"
GAUSS_N = r"\frac{1}{\sqrt{2\pi\sigma^2}}e^{-\frac{(y_n - w x_n - b)^2}{2\sigma^2}}"
NLL = r"\frac{n}{2}\log(2\pi\sigma^2) + \frac{1}{2\sigma^2}\sum_{i=1}^{n}(y_i - w x_i - b)^2"


# -- the family as an argument ---------------------------------------------------------------------------


@pytest.mark.parametrize("text, read", [
    (r"L(w, b; y_1, \dots, y_n)", r"L(w, b; \mathbf{y})"),
    (r"p(y_1, \ldots, y_n \mid x_1, \ldots, x_n)", r"p(\mathbf{y}\mid \mathbf{x})"),
    (r"p_X(\textbf{x}_1, \dots, \textbf{x}_N)", r"p_X(\mathbf{x})"),
    (r"L(\theta \mid Y_1, Y_2, \cdots, Y_N)", r"L(\theta \mid \mathbf{Y})"),
    (r"q(t_1, ..., t_m; \beta)", r"q(\mathbf{t}; \beta)"),
])
def test_a_family_listed_as_an_argument_is_its_vector(text, read):
    assert elided_arguments(text).replace(" ", "") == read.replace(" ", "")


@pytest.mark.parametrize("text", [
    r"p(x_n \mid x_1, \dots, x_{n-1})",  # the samples before the n-th: no family
    r"L(w; y_1, \dots, x_n)",  # two letters
    r"L(w; y_1, y_3, \dots, y_n)",  # the second entry not at 2
    r"L(w; y_2, \dots, y_n)",  # not from 1
])
def test_a_list_that_is_no_family_stays_as_written(text):
    assert elided_arguments(text) == text


def test_the_negative_log_likelihood_of_the_listed_samples_is_checked():
    for listed in (r"y_1, \dots, y_n", r"y_1, y_2, \ldots, y_n", r"y_1, \cdots, y_n"):
        assert _verdicts("mle_mse", rf"-\log L(w, b; {listed}) = {NLL}") == [(True, None)]
        # the constant dropped, the sign of the log flipped, a factor 2 lost: charged
        assert _verdicts("mle_mse", rf"-\log L(w, b; {listed}) = \frac{{1}}{{2\sigma^2}}\sum_{{i=1}}^{{n}}(y_i - w x_i - b)^2")[0][0] is False
        assert _verdicts("mle_mse", rf"\log L(w, b; {listed}) = {NLL}")[0][0] is False
        assert _verdicts("mle_mse", rf"-\log L(w, b; {listed}) = \frac{{n}}{{2}}\log(2\pi\sigma^2) + \frac{{1}}{{\sigma^2}}\sum_{{i=1}}^{{n}}(y_i - w x_i - b)^2")[0][0] is False


# -- products written out --------------------------------------------------------------------------------


@pytest.mark.parametrize("text, read", [
    (r"p(y_1|x_1) \cdot ... \cdot p(y_n|x_n)", r"\prod_{k=1}^{n} \left(p(y_{k}|x_{k})\right)"),
    (r"a_1 a_2 \cdots a_n", r"\prod_{k=1}^{n} \left(a_{k}\right)"),
    (r"f(1) f(2) \cdots f(n)", r"\prod_{k=1}^{n} \left(f(k)\right)"),
    (r"2 + u_1 \times u_2 \times \dots \times u_K", r"2 + \prod_{k=1}^{K} \left(u_{k}\right)"),
    (r"y_1^{Y_1}(1-y_1)^{1-Y_1} \cdots y_n^{Y_n}(1-y_n)^{1-Y_n}", r"\prod_{k=1}^{n} \left(y_{k}^{Y_{k}}(1-y_{k})^{1-Y_{k}}\right)"),
])
def test_a_product_written_out_is_the_product_over_its_index(text, read):
    assert elided_products(text).replace(" ", "") == read.replace(" ", "")


@pytest.mark.parametrize("first, second, last", [
    (GAUSS_1, GAUSS_2, GAUSS_N),
    (GAUSS_1, None, GAUSS_N),
    (r"\left(" + GAUSS_1 + r"\right)", None, r"\left(" + GAUSS_N + r"\right)"),
])
@pytest.mark.parametrize("sign", [r"\cdot", r"\times", ""])
def test_the_likelihood_written_out_is_checked(first, second, last, sign):
    written = f" {sign} ".join([first, *([second] if second else []), r"\cdots", last])
    assert _verdicts("mle_mse", f"L(w, b) = {written}") == [(True, None)]


@pytest.mark.parametrize("last", [
    GAUSS_N.replace("- b)", "+ b)"),  # a sign slip in the last factor
    GAUSS_N.replace("{2\\sigma^2}}", "{\\sigma^2}}"),  # a factor 2 dropped in it
    GAUSS_N.replace("x_n", "x_1"),  # an index swapped
])
def test_a_slip_in_the_last_factor_stays_charged(last):
    assert _verdicts("mle_mse", rf"L(w, b) = {GAUSS_1} \cdots {last}")[0][0] is False


@pytest.mark.parametrize("first", [
    GAUSS_1.replace("- b)", "+ b)"),  # sign slip in every factor
    GAUSS_1.replace(r"\frac{1}{\sqrt{2\pi\sigma^2}}", r"\frac{2}{\sqrt{2\pi\sigma^2}}"),  # a wrong coefficient
])
def test_a_wrong_pattern_stays_charged(first):
    last = first.replace("_1", "_n")
    assert _verdicts("mle_mse", rf"L(w, b) = {first} \cdots {last}")[0][0] is False


# -- elided lists the terms do not fix ------------------------------------------------------------------


@pytest.mark.parametrize("text", [r"= \dots", r"= \quad \cdots", r"&= \ldots"])
def test_steps_left_out_as_an_ellipsis_alone_are_an_elided_list(text):
    assert read_statement(text) == NoStep("elided_list")


@pytest.mark.parametrize("text", [
    r"p(\mathcal{D} \mid w, b) = p(x_1) \cdot p(y_1 \mid x_1; w, b) \cdot ... \cdot p(x_n \mid x_1, \dots, x_{n-1}) \cdot p(y_n \mid x_n; w, b)",
    r"L = a_1 + b_2 + \cdots",
    r"Q(\mathbf{t}) = q(t_1) q(t_2 \mid t_1) \cdots q(t_m \mid t_1, \ldots, t_{m-1})",
    r"= -Y_1 \cdot -y_j + (-Y_j) + (-Y_j \cdot -y_j) + \dots",
    r"= q(t_1) q(t_2 \mid t_1) \cdots q(t_m \mid t_1, \ldots, t_{m-1})",
    r"-c_1 (d_1 + e) - c_2 (d_2 + e) - \dots = B",
])
def test_a_step_to_or_from_written_elided_terms_is_not_passed(text):
    # an ellipsis whose pattern the written terms do not fix: the written terms may be wrong (a sign slipped in each),
    # so a step to them or from them is not checked and costs what an unchecked step costs (red team E1, E3); never
    # "invalid" and never free
    statement = read_statement(text)
    assert isinstance(statement, Unreadable) and statement.error.key == "parse.elided_claim", statement


def test_a_step_into_written_elided_terms_after_steps_in_full_is_not_checked():
    # `A = B = a_1 + \dots`: A = B checked (a slip in it charged), the step into the written terms not checked
    gauss_sum = r"\frac{n}{2}\log(2\pi\sigma^2) + \frac{1}{2\sigma^2}\sum_{i=1}^{n}(y_i - w x_i - b)^2"
    first_terms = r"\frac{n}{2}\log(2\pi\sigma^2) + \frac{1}{2\sigma^2}(y_1 - w x_1 - b)^2 + \dots"
    verdicts = _verdicts("mle_mse", rf"-\log L(w, b) = {gauss_sum} = {first_terms}")
    assert verdicts == [(None, "derivation.elided_step")], verdicts
    doubled = gauss_sum.replace("{2\\sigma^2}", "{\\sigma^2}")
    assert _verdicts("mle_mse", rf"-\log L(w, b) = {doubled} = {first_terms}")[0][0] is False


START = r"\frac{\partial E}{\partial z_j} = -\sum_{k} Y_k \frac{\partial \log y_k}{\partial z_j}"


def test_the_next_step_is_not_checked_over_written_elided_terms():
    # `= -Y_1 (-y_j) + (-Y_j) + \cdots` then `= RESULT`: RESULT is not a step from the line before (the terms between
    # may be wrong), so the next line continues from nothing (red team E1)
    elided = r"= -Y_1 \cdot (-y_j) + (-Y_j) + \cdots"
    for result in (r"= \sum_k Y_k y_j - Y_j", r"= \sum_k Y_k y_j + Y_j"):
        verdicts = _verdicts("softmax_ce_grad", START, elided, result)
        assert verdicts[1] == (None, "parse.elided_claim") and verdicts[2][0] is None, verdicts


@pytest.mark.parametrize("bare", [r"= \dots", r"= \cdots", r"= \quad \ldots"])
def test_steps_left_out_as_an_ellipsis_alone_are_stepped_over(bare):
    # nothing written to be wrong: the next `= ...` is checked against the line before it
    verdicts = _verdicts("softmax_ce_grad", START, bare, r"= \sum_k Y_k y_j - Y_j")
    assert verdicts[1] == (None, "derivation.elided_list") and verdicts[2] == (True, None), verdicts
    for wrong in (r"= \sum_k Y_k y_j + Y_j", r"= \sum_k Y_k y_k - Y_j", r"= 2\sum_k Y_k y_j - Y_j"):
        assert _verdicts("softmax_ce_grad", START, bare, wrong)[2][0] is False


def test_a_chain_after_an_elided_start_is_not_charged_against_an_unrelated_line():
    verdicts = _verdicts(
        "mle_mse",
        r"y_i = w x_i + b + \epsilon_i",
        r"p(\mathcal{D} | w, b) = p(x_1) \cdot p(y_1 | x_1; w, b) \cdot ... \cdot p(x_n | x_1, \dots, x_{n-1}) \cdot p(y_n | x_n; w, b)",
        r"= p_X(x_1, \dots, x_n) \prod_{i=1}^{n} p(y_i | x_i; w, b)",
    )
    assert verdicts[1] == (None, "parse.elided_claim")
    assert verdicts[2] == (None, "derivation.continues_unreadable")


# -- the data set as a whole -----------------------------------------------------------------------------


@pytest.mark.parametrize("module, head, body", [
    ("ce_mle", r"\log P(D; \theta)", r"\sum_{i=1}^{n} \log p(Y_i \mid x_i; \theta)"),
    ("ce_mle", r"\log p(\mathcal{D} \mid \theta)", r"\sum_{i=1}^{n}\sum_{k=1}^{K} Y_{ik} \log y_{ik}"),
    ("ce_mle", r"\log \mathcal{L}(\theta; \mathcal{D})", r"\sum_{(x_i, Y_i) \in \mathcal{D}} \log p(Y_i \mid x_i; \theta)"),
    ("ce_mle", r"P(\mathcal D; \theta)", r"\prod_{(x, Y) \in D} p(Y \mid x; \theta)"),
    ("mle_mse", r"-\ln p(\mathcal{D} | w, b)", r"\frac{n}{2}\log(2\pi\sigma^2) + \frac{1}{2\sigma^2}\sum_{i=1}^{n}(y_i - w x_i - b)^2"),
    ("mle_mse", r"L(w, b; D)", r"\prod_{(x, y) \in \mathcal{D}} \frac{1}{\sqrt{2\pi\sigma^2}} \exp\left(-\frac{(y - w x - b)^2}{2\sigma^2}\right)"),
    ("mle_mse", r"\log P(\mathcal{D})", r"-\frac{n}{2}\log(2\pi\sigma^2) - \frac{1}{2\sigma^2}\sum_{i=1}^{n}(y_i - w x_i - b)^2"),
])
def test_the_data_set_as_a_whole_is_the_likelihood(module, head, body):
    assert _verdicts(module, f"{head} = {body}") == [(True, "derivation.whole_dataset")]


@pytest.mark.parametrize("module, line", [
    ("ce_mle", r"\log P(D; \theta) = \sum_{i=1}^{n} \log p(Y_i \mid x_i; \theta)^2"),  # a wrong coefficient
    ("ce_mle", r"\log P(D; \theta) = -\sum_{i=1}^{n}\sum_{k=1}^{K} Y_{ik} \log y_{ik}"),  # the sign of the log-likelihood
    ("ce_mle", r"P(D; \theta) = \sum_{(x, Y) \in D} p(Y \mid x; \theta)"),  # a sum for the product
    ("mle_mse", r"-\ln p(\mathcal{D} | w, b) = \frac{1}{2}\log(2\pi\sigma^2) + \frac{1}{2\sigma^2}\sum_{i=1}^{n}(y_i - w x_i - b)^2"),  # n dropped
    ("mle_mse", r"-\log L(w, b; \mathcal{D}) = \frac{n}{2}\log(2\pi\sigma^2) + \frac{1}{\sigma^2}\sum_{i=1}^{n}(y_i - w x_i - b)^2"),  # factor 2
    ("mle_mse", r"L(w, b \mid D) = \prod_{(x, y) \in D} \frac{1}{\sqrt{2\pi\sigma^2}} \exp\left(-\frac{(y + w x - b)^2}{2\sigma^2}\right)"),  # sign slip
])
def test_a_wrong_step_from_the_data_set_stays_charged(module, line):
    assert _verdicts(module, line)[0][0] is False


def test_the_data_set_is_read_so_only_where_the_problem_has_a_likelihood():
    # in a problem with no likelihood, D is the author's own letter: nothing is read into it
    verdicts = _verdicts("softmax_ce_grad", r"\log P(D; z) = \sum_{k} Y_k \log y_k")
    assert verdicts[0][1] != "derivation.whole_dataset"


def test_a_bare_probability_of_the_data_set_beside_a_posterior_is_the_evidence_not_the_likelihood():
    verdicts = _verdicts("mle_mse", r"p(w \mid \mathcal{D}) = \frac{p(\mathcal{D} \mid w) p(w)}{p(\mathcal{D})}",
                         r"\log p(\mathcal{D}) = \log L(w, b)")
    assert verdicts[1][1] != "derivation.whole_dataset"


# -- each sample's true class as a letter (ce-mle), the class's one-hot vector in words (softmax) ----------


@pytest.mark.parametrize("line", [
    r"L(\theta) = \prod_{i=1}^{n} p(c_i \mid x_i; \theta) = \prod_{i=1}^{n} y_{i c_i}",
    r"-\log L(\theta) = -\sum_{i=1}^{n} \log y_{i c_i}",
    r"-\sum_{k=1}^{K} Y_{ik} \log y_{ik} = -\log y_{i,c_i}",
    r"-\log L(\theta) = -\sum_{i=1}^{n} \sum_{k=1}^{K} \mathbf{1}[k = c_i] \log y_{ik}",
    r"-\log L(\theta) = -\sum_{i=1}^{n} \sum_{j=1}^{K} \mathbb{1}\{j = m_i\} \log \hat{y}_{ij}",
    r"\log L(\theta) = \sum_{i=1}^{n} \log P(t_i \mid x_i; \theta)",
])
def test_each_samples_class_letter_is_read(line):
    verdicts = _verdicts("ce_mle", line)
    assert all(v[0] is True for v in verdicts), verdicts
    assert verdicts[0][1] == "derivation.sample_class", verdicts


@pytest.mark.parametrize("line", [
    r"-\log L(\theta) = \sum_{i=1}^{n} \log y_{i c_i}",  # sign slip
    r"-\log L(\theta) = -\sum_{i=1}^{n} \log y_{i c_i}^2",  # a wrong coefficient
    r"L(\theta) = \sum_{i=1}^{n} p(c_i \mid x_i; \theta)",  # a sum for the product
    r"-\log L(\theta) = -\sum_{i=1}^{n} \sum_{k=1}^{K} \mathbf{1}[k = c_i] \log (1 - y_{ik})",  # the wrong probability
    r"-\log L(\theta) = -\sum_{i=1}^{n} \sum_{k=1}^{K} (1 - \mathbf{1}[k = c_i]) \log y_{ik}",  # the other classes
])
def test_a_wrong_step_with_the_class_letter_stays_charged(line):
    assert _verdicts("ce_mle", line)[0][0] is False


def test_a_swapped_class_index_is_not_passed():
    verdicts = _verdicts("ce_mle", r"-\log L(\theta) = -\sum_{i=1}^{n} \log y_{c_i i}")
    assert verdicts[0][0] is not True


@pytest.mark.parametrize("vector, right", [
    (r"\mathrm{one\_hot}(c)", True),
    (r"\operatorname{onehot}(c)", True),
    (r"\text{one-hot}(c)", True),
])
def test_the_one_hot_vector_of_the_class_in_words_is_the_labels(vector, right):
    start = r"E = -\log y_c"
    assert _verdicts("softmax_ce_grad", start, rf"\frac{{\partial E}}{{\partial z}} = y - {vector}")[1][0] is right
    assert _verdicts("softmax_ce_grad", start, rf"\frac{{\partial E}}{{\partial z}} = y + {vector}")[1][0] is False
    assert _verdicts("softmax_ce_grad", start, rf"\frac{{\partial E}}{{\partial z_k}} = y_k - {vector}_k")[1][0] is True
    assert _verdicts("softmax_ce_grad", start, rf"\frac{{\partial E}}{{\partial z_k}} = y_k - {vector}_j")[1][0] is False


@pytest.mark.parametrize("indicator", [r"\mathbf{1}[k{=}c]", r"\mathbb{1}[k { = } c]"])
def test_an_equals_sign_set_as_a_symbol_is_read(indicator):
    start = r"E = -\log y_c"
    assert _verdicts("softmax_ce_grad", start, rf"\frac{{\partial E}}{{\partial z_k}} = y_k - {indicator}")[1][0] is True
    assert _verdicts("softmax_ce_grad", start, rf"\frac{{\partial E}}{{\partial z_k}} = {indicator} - y_k")[1][0] is False


# -- one sample's likelihood under the likelihood's own letter ------------------------------------------


SAMPLE_GAUSS = r"\frac{1}{\sqrt{2\pi}\sigma}\exp\left(-\frac{(y_i - b - w x_i)^2}{2\sigma^2}\right)"


@pytest.mark.parametrize("module, lines", [
    ("mle_mse", (r"L(w, b; y_1, \dots, y_n) = \prod_{i=1}^{n} L(w, b; y_i)", rf"= \prod_{{i=1}}^{{n}} {SAMPLE_GAUSS}")),
    ("mle_mse", (rf"L(w, b; y_i) = {SAMPLE_GAUSS}",)),
    ("mle_mse", (r"L(w, b \mid x_1, \dots, x_n, y_1, \dots, y_n) = \prod_{j=1}^{n} L(w, b \mid x_j, y_j)",)),
    ("ce_mle", (r"L(\theta) = \prod_{i=1}^{n} L(\theta; Y_i)", r"L(\theta; Y_i) = \prod_{k=1}^{K} y_{ik}^{Y_{ik}}")),
])
def test_one_samples_likelihood_under_the_likelihoods_letter_is_its_factor(module, lines):
    assert all(v[0] is True for v in _verdicts(module, *lines)), _verdicts(module, *lines)


@pytest.mark.parametrize("module, line", [
    ("mle_mse", r"L(w, b; y_1, \dots, y_n) = \prod_{i=1}^{n} L(w, b; y_i)^2"),  # squared
    ("mle_mse", "L(w, b; y_i) = " + SAMPLE_GAUSS.replace("y_i - b", "y_i + b")),  # a sign slip
    ("mle_mse", "L(w, b; y_i) = " + SAMPLE_GAUSS.replace("{2\\sigma^2}", "{\\sigma^2}")),  # a factor 2 dropped
    ("ce_mle", r"L(\theta; Y_i) = \prod_{k=1}^{K} y_{ik}^{2 Y_{ik}}"),  # a wrong coefficient
    ("ce_mle", r"L(\theta) = \sum_{i=1}^{n} L(\theta; Y_i)"),  # a sum for the product
])
def test_a_wrong_sample_likelihood_stays_charged(module, line):
    assert _verdicts(module, line)[0][0] is False


# -- a chain through an elided part: the steps around it are checked --------------------------------------


CHAIN_RULE = r"p(y_1 | x_1; w, b) \cdot p(x_2 | x_1) \cdots p(y_n | x_n; w, b)"
PRODUCT = r"\prod_{i=1}^{n} \frac{1}{\sqrt{2\pi\sigma^2}} \exp\left(-\frac{(y_i - w x_i - b)^2}{2\sigma^2}\right)"
PRODUCT_HALVED = PRODUCT.replace(r"{2\sigma^2}\right)", r"{\sigma^2}\right)")  # the variance's factor 2 dropped


@pytest.mark.parametrize("module, lines, wrong", [
    ("mle_mse", (f"L(w, b) = {CHAIN_RULE} = {PRODUCT}",), (f"L(w, b) = {CHAIN_RULE} = {PRODUCT.replace('- b)', '+ b)')}",)),
    ("mle_mse", (f"L(w, b) = {CHAIN_RULE} = {PRODUCT}",), (f"L(w, b) = {CHAIN_RULE} = {PRODUCT_HALVED}",)),
    ("softmax_ce_grad",
     (r"\frac{\partial E}{\partial z_j} = -\sum_{k} Y_k \frac{\partial \log y_k}{\partial z_j}", r"= -Y_1 \cdot (-y_j) + (-Y_j) + \cdots = \sum_k Y_k y_j - Y_j"),
     (r"\frac{\partial E}{\partial z_j} = -\sum_{k} Y_k \frac{\partial \log y_k}{\partial z_j}", r"= -Y_1 \cdot (-y_j) + (-Y_j) + \cdots = \sum_k Y_k y_j + Y_j")),
    ("softmax_ce_grad",
     (r"\frac{\partial E}{\partial z_j} = -\sum_{k} Y_k \frac{\partial \log y_k}{\partial z_j}", r"= -Y_1 (-y_j) - Y_2 (-y_j) - \ldots = \sum_k Y_k y_j - Y_j"),
     (r"\frac{\partial E}{\partial z_j} = -\sum_{k} Y_k \frac{\partial \log y_k}{\partial z_j}", r"= -Y_1 (-y_j) - Y_2 (-y_j) - \ldots = \sum_k Y_k y_k - Y_j")),
])
def test_the_steps_around_an_elided_part_are_checked(module, lines, wrong):
    # charged where the sides around the written elided terms disagree; never passed where they agree, since the
    # written terms between them are not read (red team E3)
    verdicts = _verdicts(module, *lines)
    assert verdicts[-1] == (None, "derivation.elided_bridge"), verdicts
    assert _verdicts(module, *wrong)[-1][0] is False


def test_the_likelihoods_letter_given_to_a_loss_keeps_the_data_set_unread():
    # the author's L is the negative log-likelihood: the data set's probability is not read as L(theta) there
    verdicts = _verdicts("ce_mle", r"\log P(D \mid \theta) = \sum_{i=1}^{n} \log p(Y_i \mid x_i; \theta)",
                         r"L(\theta) = -\log P(D \mid \theta) = -\sum_{i=1}^{n} \log p(Y_i \mid x_i; \theta)")
    assert all(v[0] is not False for v in verdicts), verdicts


# -- two values of cases written as a pair, the cases not stated -------------------------------------------


@pytest.mark.parametrize("line", [
    r"\frac{\partial y_k}{\partial z_j} = (y_k(1-y_j), -y_k y_j)",
    r"= -\sum_k Y_k \frac{1}{y_k} (y_k(1-y_j), -y_k y_j)",
    r"= -\sum_{i} Y_i (1 - y_m, -y_m)",
])
def test_a_pair_of_case_values_with_no_cases_stated_is_could_not_be_checked(line):
    lines = _lines("softmax_ce_grad", r"E = -\sum_k Y_k \ln y_k", line)
    assert lines[1].error is not None and lines[1].error.key == "parse.value_pair"
    assert unknown_notation(lines[1])  # unread: charged as a step not checked, never as a wrong one


def test_a_list_after_the_math_is_no_pair():
    lines = _lines("softmax_ce_grad", r"\frac{\partial y_k}{\partial z_j} = y_k (1-y_j), -y_j")
    assert lines[0].error is not None and lines[0].error.key != "parse.value_pair"


# -- red team's findings: nothing written between the first factor and the ellipsis is dropped (E2), a wrong middle
# written with an ellipsis is never bridged over (E3) --------------------------------------------------------------


@pytest.mark.parametrize("second", [
    GAUSS_1.replace("_1", "_2").replace("- b)", "+ b)"),  # a sign slip in the second factor only
    r"\left(" + GAUSS_1.replace("_1", "_2") + r"\right)^2",  # the second factor squared
    GAUSS_1.replace("_1", "_2").replace("{2\\sigma^2}}", "{\\sigma^2}}"),  # a factor 2 dropped in it
])
def test_a_wrong_second_factor_is_not_dropped(second):
    for separator in (" ", r" \cdot "):
        line = rf"L(w, b) = {GAUSS_1}{separator}{second}{separator}\cdots{separator}{GAUSS_N}"
        assert _verdicts("mle_mse", line)[0][0] is not True, line


def test_a_right_second_factor_reads_the_product():
    second = GAUSS_1.replace("_1", "_2")
    assert _verdicts("mle_mse", rf"L(w, b) = {GAUSS_1} \cdot {second} \cdot \ldots \cdot {GAUSS_N}")[0] == (True, None)


@pytest.mark.parametrize("module, line", [
    # a product of logs for the log of a product
    ("ce_mle", r"\log L(\theta) = \log y_{1 c_1} \cdot \log y_{2 c_2} \cdots \log y_{n c_n} = \sum_{i=1}^{n} \log y_{i c_i}"),
    # every written term's sign slipped
    ("softmax_ce_grad", r"\frac{\partial E}{\partial z_j} = -\sum_{k} Y_k (\delta_{kj} - y_j) = -Y_1 (\delta_{1j} + y_j) - Y_2 (\delta_{2j} + y_j) - \cdots = y_j - Y_j"),
    ("mle_mse", r"L(w, b) = \frac{1}{2} a_1 a_2 \cdots = \prod_{i=1}^{n} \frac{1}{\sqrt{2\pi\sigma^2}} \exp\left(-\frac{(y_i - w x_i - b)^2}{2\sigma^2}\right)"),
])
def test_a_wrong_elided_middle_is_not_passed(module, line):
    verdicts = _verdicts(module, line)
    assert verdicts[-1][0] is not True, verdicts


def test_a_wrong_elided_continuation_is_not_passed():
    derivation = next(p for p in grade_section("softmax_ce_grad", "## softmax-ce-grad\n\n$$\n" + START + "\n$$\n\n$$\n"
                                               r"= -Y_1 (-y_j) - Y_2 (+y_j) - \dots = \sum_k Y_k y_j - Y_j" + "\n$$\n\n"
                                               "Answer: $y_j - Y_j$\n").parts if p.id == "derivation")
    assert derivation.score < derivation.max_score
