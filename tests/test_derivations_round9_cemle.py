r"""Derivation rows, round 9 (issue 11): likelihoods written with the author's probability functions.

- the author's own letter for the model's probability of the label given the input (`q_\theta(Y_i|x_i)`,
  `P(Y_i|x_i)`, `\mathbb{P}[Y_i \mid x_i]`) is the problem's p; parameters left out (`p(k \mid x_i)`) are
  the parameters; the model's output as the condition (`p(Y_i \mid y_i)`) is the sample's input;
- a probability of the input alone (`p(x_i)`, `q_\theta(x_i)`) is free of the parameters: a term
  `-\log p(x_i)` is a constant shift of an arg-min objective, and a joint written with a comma
  (`q_\theta(Y_i, x_i)`) is the product rule's `q_\theta(Y_i|x_i) q_\theta(x_i)`.

Each reading comes with wrong variants that stay charged (a dropped θ-dependent term, a negative factor,
a log of a product split wrongly, a weight on a sample's term, a joint taken for the conditional).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from test_derivations_table import _line_verdicts, grade_section

from grader.derivations.author_probabilities import conditional_probabilities, joint_probabilities
from grader.results.i18n import render


def _ce(display: str, answer: str = "") -> list:
    answer_line = f"\nAnswer: ${answer}$\n" if answer else ""
    return _line_verdicts("ce_mle", f"## ce-mle\n\n$$\n\\begin{{aligned}}\n{display}\n\\end{{aligned}}\n$$\n{answer_line}")


@dataclass(frozen=True)
class _Text:
    """A derivation line as the reader hands it over (only its text matters here)."""

    text: str
    """The line's LaTeX."""


ARGMAX_START = r"\hat{\theta} &= \arg\max_{\theta} \prod_{i=1}^{n} q_{\theta}(Y_i|x_i) \\"


# -- the author's letter for the model's probability inside arg-max / arg-min chains ---------------------


@pytest.mark.parametrize("step", [
    r"&= \arg\max_{\theta} \sum_{i=1}^{n} \log q_{\theta}(Y_i|x_i)",
    r"&= \arg\min_{\theta} \frac{1}{n} \sum_{i=1}^{n} - \log q_{\theta}(Y_i|x_i)",
    r"&= \arg\min_{\theta} \sum_{i=1}^{n} \left(- \log q_{\theta}(Y_i|x_i) - \log p(x_i)\right)",  # a term free of θ
    r"&= \arg\min_{\theta} \sum_{i=1}^{n} \left(- \log q_{\theta}(Y_i|x_i) - \log q_{\theta}(x_i)\right)",
    r"&= \arg\min_{\theta} \sum_{i=1}^{n} - \log \left( q_{\theta}(Y_i|x_i)q_{\theta}(x_i) \right)",
    r"&= \arg\min_{\theta} \sum_{i=1}^{n} - \log q_{\theta}(Y_i, x_i)",  # the joint
    r"&= \arg\max_{\theta} \sum_{i=1}^{n} \log P(Y_i \mid x_i)",  # another letter, the parameters left out
    r"&= \arg\max_{\theta} \sum_{i=1}^{n} \log \mathbb{P}[Y_i \mid x_i]",
    r"&= \arg\min_{\theta} -\sum_{i=1}^{n} \sum_{k=1}^{K} Y_{ik} \log y_{ik}",  # the problem's own terms
])
def test_an_argopt_step_in_the_authors_probability_is_checked(step):
    verdicts = _ce(f"{ARGMAX_START}\n{step}")
    assert verdicts[0] == (True, "derivation.defines")
    assert verdicts[1][0] is True, verdicts


@pytest.mark.parametrize("wrong", [
    r"&= \arg\min_{\theta} \sum_{i=1}^{n} - \log p(x_i)",  # the θ-dependent term dropped
    r"&= \arg\min_{\theta} -\frac{1}{n} \sum_{i=1}^{n} - \log q_{\theta}(Y_i|x_i)",  # a negative factor
    r"&= \arg\max_{\theta} \frac{1}{n} \sum_{i=1}^{n} - \log q_{\theta}(Y_i|x_i)",  # arg max kept with the sign flipped
    r"&= \arg\min_{\theta} \sum_{i=1}^{n} - \log q_{\theta}(Y_i|x_i) \log q_{\theta}(x_i)",  # log of a product split wrongly
    r"&= \arg\min_{\theta} \sum_{i=1}^{n} - p(x_i) \log q_{\theta}(Y_i|x_i)",  # a weight on each sample's term
    r"&= \arg\max_{\theta} \sum_{i=1}^{n} q_{\theta}(Y_i|x_i)",  # the sum of the probabilities is not the likelihood
])
def test_a_wrong_argopt_step_in_the_authors_probability_stays_charged(wrong):
    verdicts = _ce(f"{ARGMAX_START}\n{wrong}")
    assert verdicts[1][0] is False, verdicts


def test_the_input_probability_is_no_constant_of_value_one():
    # in a plain equality the input's probability keeps its value: dropping it, or taking the joint for
    # the conditional, is charged
    for wrong in (r"\log q_{\theta}(Y_i, x_i) = \log q_{\theta}(Y_i|x_i)",
                  r"-\log \left( q_{\theta}(Y_i|x_i)q_{\theta}(x_i) \right) = -\log q_{\theta}(Y_i|x_i) + \log q_{\theta}(x_i)"):
        assert _ce(wrong)[-1][0] is False, wrong
    right = r"-\log \left( q_{\theta}(Y_i|x_i)q_{\theta}(x_i) \right) = -\log q_{\theta}(Y_i|x_i) - \log q_{\theta}(x_i)"
    assert _ce(right)[-1][0] is True


def test_the_reading_is_said_in_the_feedback():
    result = grade_section("ce_mle", "## ce-mle\n\n$$\n\\log \\prod_{i=1}^{n} q_{\\theta}(Y_i|x_i) = "
                           "\\sum_{i=1}^{n} \\log q_{\\theta}(Y_i|x_i)\n$$\n")
    link = next(p for p in result.parts if p.id == "derivation").lines[0].links[0]
    assert link.valid is True
    assert "the model's probability of the label given the input" in render(link.reason)


# -- the model's probability with its arguments written otherwise ---------------------------------------


@pytest.mark.parametrize("display, holds", [
    (r"\log L(\theta) = \sum_{i=1}^{n} \log p(Y_i \mid x_i)", True),  # θ left out
    (r"\log L(\theta) = \sum_{i=1}^{n} \sum_{k=1}^{K} Y_{ik} \log p(k \mid x_i)", True),
    (r"\log L(\theta) = \sum_{i=1}^{n} \log p(Y_i \mid y_i)", True),  # the output as the condition
    (r"\log L(\theta) = \sum_{i=1}^{n} \sum_{k=1}^{K} \log p(k \mid x_i)", False),  # the labels' exponent lost
    (r"\log L(\theta) = \sum_{i=1}^{n} \log p(Y_i \mid y_i)^{2}", False),
])
def test_the_models_probability_with_the_parameters_or_the_input_written_otherwise(display, holds):
    verdicts = _ce(display)
    assert verdicts[-1][0] is holds, verdicts


def test_a_probability_letter_with_a_condition_is_a_function_on_every_line():
    assert conditional_probabilities(r"\arg\max_{\theta} \prod_i q_{\theta}(Y_i|x_i) + p_w(a \mid b)") == ("q_theta", "p_w")
    assert conditional_probabilities(r"q_{\theta}(x_i) + q_\theta(Y_i, x_i)") == ()


def test_a_joint_with_a_comma_is_written_by_the_product_rule_only_where_the_letter_has_a_condition():
    joint = joint_probabilities([_Text(r"- \log q_{\theta}(Y_i, x_i)"), _Text(r"q_{\theta}(Y_i|x_i)")])
    assert joint[0].text == r"- \log \left(q_{\theta}(Y_i \mid x_i)\, q_{\theta}(x_i)\right)"
    alone = joint_probabilities([_Text(r"- \log q_{\theta}(Y_i, x_i)")])  # no condition anywhere: left as written
    assert alone[0].text == r"- \log q_{\theta}(Y_i, x_i)"


# -- an entry picked by the label: y_{ij} with j the class of sample i's label -------------------------------


@pytest.mark.parametrize("display, holds", [
    (r"-\sum_{i=1}^{n} Y_{ij} \log y_{ij} = -\sum_{i=1}^{n} \log y_{ij}", True),
    (r"\log L(\theta) = \sum_{i=1}^{n} \log y_{ij}", True),
    (r"-\log L(\theta) = -\sum_{i=1}^{n} \log y_{ij}", True),
    # wrong variants: the entry is not every class's, the sign is kept, the label's entry is 1
    (r"\log L(\theta) = \sum_{i=1}^{n} \sum_{k=1}^{K} \log y_{ik} y_{ij}", False),
    (r"\log L(\theta) = -\sum_{i=1}^{n} \log y_{ij}", False),
    (r"\log L(\theta) = \sum_{i=1}^{n} \log (1 - y_{ij})", False),
    (r"\log L(\theta) = \sum_{i=1}^{n} Y_{ij} - 1 + \log y_{ij} y_{ij}", False),
])
def test_an_entry_at_a_class_index_no_sum_binds_is_the_entry_at_the_label(display, holds):
    verdicts = _ce(display)
    assert verdicts[-1][0] is holds, verdicts
    if holds:
        assert verdicts[-1][1] == "derivation.reading"


def test_a_class_index_a_sum_binds_or_a_condition_names_keeps_its_reading():
    # j bound by its own sum: the ordinary entry, checked as written (here wrong: all classes, no labels)
    assert _ce(r"\log L(\theta) = \sum_{i=1}^{n} \sum_{j=1}^{K} \log y_{ij}")[-1][0] is False
    # j written first, as a sample index: no label reading, so no value (never passed)
    assert _ce(r"\log L(\theta) = \sum_{i=1}^{n} \log y_{ji}")[-1][0] is not True


# -- a name's value stated on a charged line, used again -----------------------------------------------------


def test_a_name_restated_on_a_charged_line_is_carried_into_the_next_step_once():
    verdicts = _ce("obj &= -\\sum_{i=1}^{n} Y_{ij}\\log y_{ij} \\\\\n"
                   "obj &= \\prod_{i=1}^{n} p(Y_i|y_i) \\\\\n"
                   "\\log obj &= \\sum_{i=1}^{n} \\log p(Y_i|y_i)")
    assert verdicts[0] == (True, "derivation.defines")
    assert verdicts[1][0] is False  # the second statement of obj contradicts the first: charged once
    assert verdicts[2] == (True, "derivation.carries")


def test_a_wrong_step_after_a_charged_name_stays_charged():
    verdicts = _ce("obj &= -\\sum_{i=1}^{n} Y_{ij}\\log y_{ij} \\\\\n"
                   "obj &= \\prod_{i=1}^{n} p(Y_i|y_i) \\\\\n"
                   "\\log obj &= \\prod_{i=1}^{n} \\log p(Y_i|y_i)")
    assert verdicts[2][0] is False


# -- a definition stated in words after a line's math --------------------------------------------------------

DENSITY = r"\frac{1}{\sigma \sqrt{2 \pi}}e^{-\frac{1}{2} ( \frac{wx_i+b-y_i}{\sigma} )^2}"


def _mle(display: str) -> list:
    return _line_verdicts("mle_mse", f"## mle-mse\n\n$$\n\\begin{{array}}{{rll}}\n{display}\n\\end{{array}}\n$$\n")


def test_a_density_defined_in_the_words_after_the_math_is_read_on_that_line():
    verdicts = _mle(rf"\log L(w,b) &= \sum_{{i=1}}^{{n}} \log \mathbb{{P}}[y_i | x_i] & \text{{As $\mathbb{{P}}[y_i | x_i] = {DENSITY}$}} \\"
                    "\n" rf"&= \sum_{{i=1}}^{{n}} \log \left( {DENSITY} \right) \\")
    assert [v[0] for v in verdicts] == [True, True], verdicts


@pytest.mark.parametrize("wrong_density", [
    r"\frac{1}{\sigma \sqrt{2 \pi}}e^{-( \frac{wx_i+b-y_i}{\sigma} )^2}",  # the 1/2 lost
    r"\frac{1}{\sqrt{2 \pi}}e^{-\frac{1}{2} ( \frac{wx_i+b-y_i}{\sigma} )^2}",  # the 1/σ lost
])
def test_a_wrong_density_in_the_words_makes_the_step_that_uses_it_wrong(wrong_density):
    verdicts = _mle(rf"\log L(w,b) &= \sum_{{i=1}}^{{n}} \log \mathbb{{P}}[y_i | x_i] & \text{{As $\mathbb{{P}}[y_i | x_i] = {wrong_density}$}} \\")
    assert verdicts[0][0] is False, verdicts


def test_words_that_quote_a_rule_define_nothing_and_a_line_of_words_is_its_own_statement():
    from grader.derivations.prose_equations import words_equations

    assert words_equations(r"= \sum \log z_i \quad \text{As $\log(\prod z_i) = \sum \log(z_i)$}") == [r"\log(\prod z_i) = \sum \log(z_i)"]
    assert words_equations(r"\text{since V is orthogonal: $VV^T = I$}") == []  # the whole line: its own claim
    assert words_equations(r"= a + b \quad \text{As $-\frac{n}{2}\log(2\pi)$ is a constant}") == []
    # a rule quoted in the words changes nothing: the step is checked as written (here wrong)
    verdicts = _mle(r"\log L(w,b) &= \prod_{i=1}^{n} \log \mathbb{P}[y_i | x_i] & \text{As $\log(\prod z_i) = \sum \log(z_i)$} \\")
    assert verdicts[0][0] is not True


def test_the_authors_density_under_one_case_of_the_letter_is_read_under_the_other():
    density = r"\frac{1}{\sqrt{2 \pi \sigma^2}} \exp\left(-\frac{1}{2 \sigma^2} (y_i - w x_i - b)^2\right)"
    markdown = f"## mle-mse\n\n$$P(y_i \\mid x_i) = {density}$$\n\n$$L(w,b) = \\prod_{{i=1}}^{{n}} p(y_i|x_i)$$\n"
    assert _line_verdicts("mle_mse", markdown)[-1] == (True, "derivation.reading")
    wrong = markdown.replace(r"\prod_{i=1}^{n} p(y_i|x_i)", r"\sum_{i=1}^{n} p(y_i|x_i)")
    assert _line_verdicts("mle_mse", wrong)[-1][0] is False


# -- the author's definition for one generic sample, used at sample i -----------------------------------------

GENERIC = "$$\nP(Y|x) = y^Y (1-y)^{1-Y}\n$$\n\n"


@pytest.mark.parametrize("step, holds", [
    (r"L(\theta) = \prod_{i=1}^{n} P(Y_i|x_i) = \prod_{i=1}^{n} {y_i}^{Y_i} (1-y_i)^{1-Y_i}", True),
    (r"\log L(\theta) = \sum_{i=1}^{n} \log P(Y_i|x_i)", True),
    # the label's exponent on the wrong factor, a lost exponent: charged
    (r"L(\theta) = \prod_{i=1}^{n} P(Y_i|x_i) = \prod_{i=1}^{n} {y_i}^{1-Y_i} (1-y_i)^{Y_i}", False),
    (r"L(\theta) = \prod_{i=1}^{n} P(Y_i|x_i) = \prod_{i=1}^{n} {y_i}^{Y_i}", False),
])
def test_a_definition_for_one_generic_sample_is_read_at_each_sample(step, holds):
    verdicts = _line_verdicts("ce_mle", f"## ce-mle\n\n{GENERIC}$$\n{step}\n$$\n")
    assert verdicts[0] == (True, "derivation.defines")
    assert verdicts[-1][0] is holds, verdicts


def test_a_call_at_two_samples_or_at_an_expression_is_not_a_sample_of_the_definition():
    from grader.course.course import load_problem
    from grader.derivations.sample_definitions import with_sample_definitions
    from grader.mathengine.evaluate import FunctionDefinition
    from grader.mathparse import parse_line

    notation = load_problem("ce_mle").notation
    head, body = parse_line(r"P(Y|x) = y^Y (1-y)^{1-Y}", notation).terms
    authors = {"P": FunctionDefinition(head.args, body)}
    for text in (r"P(Y_i|x_j)", r"P(Y_{i+1}|x_{i+1})"):
        parsed = parse_line(text, notation)
        assert with_sample_definitions(parsed, authors, notation) is parsed, text
    at_i = with_sample_definitions(parse_line(r"P(Y_i|x_i)", notation), authors, notation)
    assert at_i.readings[-1] == "sample_definition" and "y_i" in str(at_i.terms[0])


@pytest.mark.parametrize("answer, points", [
    (r"-\sum_{i=1}^{n} \log y_{ij}", 4.0),  # j the class of sample i's label
    (r"\sum_{i=1}^{n} \log y_{ij}", 1.0),  # the sign lost: the problem's named mistake, partial credit
    (r"-\sum_{i=1}^{n} \sum_{j=1}^{K} \log y_{ij}", 0.0),  # j bound by a sum: every class, not the label's
])
def test_an_answer_with_the_entry_at_the_label(answer, points):
    result = grade_section("ce_mle", f"## ce-mle\n\n$$\n-\\log L(\\theta) = -\\sum_{{i=1}}^{{n}} \\log y_{{ij}}\n$$\n\nAnswer: ${answer}$\n")
    assert next(p for p in result.parts if p.id == "answer").score == points


# -- never an internal error: the readings' lines mutated ----------------------------------------------------

_INTERNAL = ("Traceback", "Error", "Exception", "has no attribute", "NoneType", "sympy.", "numpy.")
_MUTATION_SOURCES = [
    r"\hat{\theta} = \arg\max_{\theta} \prod_{i=1}^{n} q_{\theta}(Y_i|x_i) = \arg\min_{\theta} \sum_{i=1}^{n} - \log q_{\theta}(Y_i, x_i)",
    r"= \arg\min_{\theta} \frac{1}{n} \sum_{i=1}^{n} - \log q_{\theta}(Y_i|x_i) - \log p(x_i)",
    r"obj = -\sum_i^n Y_{ij}\log y_{ij} = \sum_i^n \log p(Y_i|y_i)",
    r"L(\theta) = \prod_{i=0}^{n-1} P(Y_i|x_i) = \prod_{i=0}^{n-1} {y_i}^{Y_i} (1-y_i)^{1-Y_i}",
]


def _mutations(text: str) -> list[str]:
    """The line with one brace dropped, its indices swapped, a bar turned into a comma, a letter renamed."""
    out = [text.replace("{", "", 1), text.replace("}", "", 1), text.replace("_i", "_j").replace("_{ij}", "_{ji}"),
           text.replace("|", ",", 1), text.replace("q_{\\theta}", "q_{\\theta}^{2}"), text.replace("x_i", "x_{i,k}"),
           text.replace("Y_i", "Y_{i+1}"), text.replace("(", "(x_i|", 1), text.replace("\\log", "\\log\\log", 1)]
    return [m for m in out if m != text]


@pytest.mark.parametrize("source", _MUTATION_SOURCES)
def test_mutated_lines_of_these_readings_show_only_our_own_messages(source):
    for mutated in _mutations(source):
        markdown = f"## ce-mle\n\n$$P(Y|x) = y^Y (1-y)^{{1-Y}}$$\n\n$$\n{mutated}\n$$\n\nAnswer: ${mutated.split('=')[-1]}$\n"
        result = grade_section("ce_mle", markdown)
        assert result.status != "error", mutated
        texts = [render(m) for part in result.parts for m in part.feedback]
        texts += [render(k.reason) for part in result.parts for line in part.lines for k in line.links if k.reason is not None]
        texts += [render(line.error) for part in result.parts for line in part.lines if line.error is not None]
        assert not [t for t in texts if any(word in t for word in _INTERNAL)], (mutated, texts)
