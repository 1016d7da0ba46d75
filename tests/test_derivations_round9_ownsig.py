r"""Derivation rows, round 9 (issue 11), held-out classes: the author's own versions of the problem's names.

- the problem's function name DEFINED with the author's own argument list (`L(w, \sigma^2) = ...` in a problem
  about L(w, b): an argument that is no plain letter, or a letter the problem knows as something else) is the
  author's own function, with the author's own model: the lines after it follow the author's definition (and a
  wrong step in it stays wrong), and the defining line's feedback says how it was read.  Written with the
  problem's own parameters (`L(w, b) = ...`) it stays the problem's function: a restatement is checked against
  the problem's definition.

Each reading comes with a wrong variant that stays charged.
"""

from __future__ import annotations

import pytest
from test_derivations_table import grade_section, line_verdict

from grader.results.i18n import render

#: The likelihood of a model without intercept, written under the problem's name with the variance as argument.
OWN_LIKELIHOOD = r"L(w, \sigma^2 | X, y) = \prod_{i=1}^{n} \frac{1}{\sqrt{2\pi\sigma^2}} \exp\left(-\frac{(y_i - w x_i)^2}{2\sigma^2}\right)"
OWN_LOG = r"\ln L(w, \sigma^2 | X, y) = -\frac{n}{2}\ln(2\pi\sigma^2) {sign} \frac{1}{2\sigma^2} \sum_{i=1}^{n} (y_i - w x_i)^2"


def _lines(displays: list[str]) -> list:
    markdown = "## mle-mse\n\n" + "".join(f"$${display}$$\n\n" for display in displays) + "Answer: $0$\n"
    derivation = next(p for p in grade_section("mle_mse", markdown).parts if p.id == "derivation")
    return list(derivation.lines)


def _verdict(line) -> tuple:
    return line_verdict(line)


def test_own_signature_is_the_authors_function_and_the_feedback_says_so():
    lines = _lines([OWN_LIKELIHOOD, OWN_LOG.replace("{sign}", "-")])
    assert _verdict(lines[0]) == (True, "derivation.own_signature")
    said = render(lines[0].links[0].reason)
    assert "L(w, \\sigma^2 | X, y)" in said and "L(w, b)" in said
    assert "own" not in lines[0].links[0].left  # the author's head shown as written
    assert _verdict(lines[1]) == (True, None)


def test_own_signature_wrong_step_stays_charged():
    lines = _lines([OWN_LIKELIHOOD, OWN_LOG.replace("{sign}", "+")])
    assert _verdict(lines[1])[0] is False


@pytest.mark.parametrize("argument", [r"\sigma", r"\sigma^{2}"])
def test_known_letter_or_expression_in_a_parameters_place(argument):
    head = OWN_LIKELIHOOD.replace(r"\sigma^2 | X, y)", argument + ")", 1)
    log = OWN_LOG.replace(r"\sigma^2 | X, y)", argument + ")", 1)
    assert _verdict(_lines([head, log.replace("{sign}", "-")])[1]) == (True, None)
    assert _verdict(_lines([head, log.replace("{sign}", "+")])[1])[0] is False


def test_problems_own_parameters_stay_the_problems_function():
    # `L(w, b)` written without the intercept: a restatement of the problem's L, and a wrong one
    wrong = OWN_LIKELIHOOD.replace(r"\sigma^2 | X, y)", "b)", 1)
    assert _verdict(_lines([wrong])[0])[0] is False
    right = wrong.replace("w x_i)^2", "w x_i - b)^2")
    assert _verdict(_lines([right])[0])[0] is not False


def test_authors_letters_for_the_parameters_are_no_own_signature():
    # `L(\omega, \beta)`: letters the problem does not know, the author's names for its parameters
    lines = _lines([r"L(\omega, \beta) = \prod_{i=1}^{n} \frac{1}{\sqrt{2\pi\sigma^2}} \exp\left(-\frac{(y_i - \omega x_i - \beta)^2}{2\sigma^2}\right)"])
    assert all(link.reason is None or link.reason.key != "derivation.own_signature" for link in lines[0].links)


# -- a two-capital name the author defines (`CE = ...`) ---------------------------------------------------------

CE_LINES = [
    r"L(\theta) = \prod_{i=1}^{n} \prod_{k=1}^{K} y_{ik}^{Y_{ik}}",
    r"\log L(\theta) = \sum_{i=1}^{n} \sum_{k=1}^{K} Y_{ik} \log y_{ik}",
    r"CE = -\frac{1}{n} \sum_{i=1}^{n} \sum_{k=1}^{K} Y_{ik} \log y_{ik}",
]


def _ce_lines(displays: list[str]) -> list:
    markdown = "## ce-mle\n\n" + "".join(f"$${display}$$\n\n" for display in displays) + "Answer: $0$\n"
    derivation = next(p for p in grade_section("ce_mle", markdown).parts if p.id == "derivation")
    return list(derivation.lines)


@pytest.mark.parametrize("step, holds", [
    (r"CE = -\frac{1}{n} \log L(\theta)", True),
    (r"\log L(\theta) = -n \cdot CE", True),
    (r"CE = \frac{1}{n} \log L(\theta)", False),
    (r"\log L(\theta) = n \cdot CE", False),
])
def test_two_capitals_defined_are_one_name(step, holds):
    lines = _ce_lines([*CE_LINES, step])
    assert _verdict(lines[2]) == (True, "derivation.defines")
    assert _verdict(lines[3])[0] is holds


def test_two_capitals_the_problem_knows_stay_a_product():
    from types import SimpleNamespace

    from grader.derivations.author_letters import with_student_words
    from grader.mathparse import Notation

    source = SimpleNamespace(number=1, text=r"AB = \sum_i x_i")
    assert "AB" not in with_student_words(Notation(symbols=("A", "B")), [source]).symbols
    assert "AB" in with_student_words(Notation(symbols=("x",)), [source]).symbols


# -- the author's spellings of the variance operator (`V_{ar}(w)`) ------------------------------------------------

GLOROT_RIGHT = r"\frac{2}{n_{in}+n_{out}}"
GLOROT_WRONG = r"\sqrt{\frac{2}{n_{in}+n_{out}}}"


def _xavier_last(display: str) -> tuple:
    markdown = "## xavier-variance\n\n$$w\\sim N(0,Var(w))$$\n\n" + f"$${display}$$\n\nAnswer (a): $0$\n"
    derivation = next(p for p in grade_section("xavier_variance", markdown).parts if p.id == "derivation")
    return _verdict(derivation.lines[-1])


@pytest.mark.parametrize("spelled", [r"V_{ar}", r"V_{\mathrm{ar}}", r"\mathrm{V}ar", r"\mathrm{V}\mathrm{ar}", r"\operatorname{V}ar"])
def test_variance_spellings_are_the_operator(spelled):
    assert _xavier_last(f"{spelled}(w) = {GLOROT_RIGHT}") == (True, None)
    assert _xavier_last(f"{spelled}(w) = {GLOROT_WRONG}")[0] is False  # no longer a new name defined


def test_variance_spelling_only_where_the_problem_has_the_operator():
    from grader.mathparse import Notation, parse_line

    assert str(parse_line(r"V_{ar}(w)", Notation(functions={"Var": ()})).terms[0]) == "Var(w)"
    assert "Var" not in str(parse_line(r"V_{ar}(w)", Notation()).terms[0])
    assert "Var(" not in str(parse_line(r"\hat V_{ar}(w)", Notation(functions={"Var": ()})).terms[0])  # a decorated name of the author's
    assert "Var(" not in str(parse_line(r"V_{area}(w)", Notation(functions={"Var": ()})).terms[0])


@pytest.mark.parametrize("body, holds", [
    (r"J(w^*) + u^T \nabla J(w^*) + \frac{1}{2}u^T H u", True),
    (r"J(w^*) + u^T \nabla J(w^*) + u^T H u", False),
])
def test_problems_function_at_another_point_is_a_step_not_an_own_function(body, holds):
    # `J(w^* + u) = ...`: the problem's J at a point (its argument is the problem's parameter), checked as a step
    markdown = ("## l2-shrinkage\n\n$$\\tilde J(w) = J(w) + \\frac{\\alpha}{2}\\|w\\|^2$$\n\n"
                f"$$J(w^* + u) = {body}$$\n\nAnswer: $0$\n")
    derivation = next(p for p in grade_section("l2_shrinkage", markdown).parts if p.id == "derivation")
    line = derivation.lines[1]
    assert all(k.reason is None or k.reason.key != "derivation.own_signature" for k in line.links)
    assert _verdict(line)[0] is not (not holds)  # the right one is not charged as wrong, the wrong one never passes


@pytest.mark.parametrize("sign, holds", [("-", True), ("+", False)])
def test_own_signature_first_named_in_a_chain_through_the_sample_density(sign, holds):
    # `L(...) = p(y | X, ...) = \prod_i p(y_i | ...)`: a remark the checker cannot evaluate; the author's function
    # is the one the next line states equal to one expression, and the lines after it follow that
    chain = r"L(w, \sigma^2 | X, y) = p(y | X, w, \sigma^2) = \prod_{i=1}^{n} p(y_i | x_i, w, \sigma^2)"
    lines = _lines([chain, OWN_LIKELIHOOD, OWN_LOG.replace("{sign}", sign)])
    assert _verdict(lines[1]) == (True, "derivation.own_signature")
    assert _verdict(lines[2])[0] is holds
