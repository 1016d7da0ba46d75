r"""Derivation rows, round 12 (issue 11): optimisation statements as people write them (mle-mse, ce-mle, l2-shrinkage).

- objectives written in the MODEL'S PROBABILITY (`\arg\max_{w,b} \sum_i \log P(y_i \mid x_i; w, b)`, `P(x_i \mid \theta)`
  for the sample under the parameters, `p(y_i \mid x_i; w, b) = \mathcal{N}(w x_i + b, \sigma^2)` as the normal
  density) are compared as arg max / arg min claims, not "no value at the sample points";
- `\max` / `\min` WITHOUT variables (`\max L(w, b) = \max \prod_i p(y_i \mid x_i; w, b)`) and the verbs
  `\text{maximize}` / `\text{minimize}` are optima over the problem's parameters, named in the feedback;
- `\propto`, `\leftrightarrow`, `\iff` between two whole optimisation problems claim the same optimizers and are
  checked so (not a remark, not an equation of values);
- `=` between two optima's VALUES (`\max_{w,b} A = \max_{w,b} B`) compares values: a dropped constant or factor
  keeps the optimizers but changes the value, and is charged under `=` (valid under `\arg\max` or `\propto`).

Each class has RIGHT rows and WRONG variants (a sign slip, a dropped factor, a swapped max/min, a wrong coefficient)
that stay charged, in other letters and layouts than the corpus's lines.
"""

from __future__ import annotations

import pytest
from test_derivations_table import grade_section, line_verdict

from grader.mathparse import Notation, parse_expression
from grader.mathparse.nodes import ArgOpt
from grader.results.i18n import render

SSE = r"\sum_{i=1}^{n} (y_i - w x_i - b)^2"
GAUSS = r"\frac{1}{\sqrt{2\pi\sigma^2}} \exp\left(-\frac{(y_i - w x_i - b)^2}{2\sigma^2}\right)"
CE = r"\sum_{i=1}^{n}\sum_{k=1}^{K} Y_{ik} \log y_{ik}"


def _lines(module: str, displays: list[str]) -> list:
    markdown = f"## {module.replace('_', '-')}\n\n" + "".join(f"$${display}$$\n\n" for display in displays) + "Answer: $0$\n"
    derivation = next(p for p in grade_section(module, markdown).parts if p.id == "derivation")
    return list(derivation.lines)


def _last(module: str, displays: list[str]) -> tuple:
    """The verdict of the last display's line (the lines before it define what it uses)."""
    return line_verdict(_lines(module, displays)[-1])


def _feedback(module: str, displays: list[str]) -> str:
    return " ".join(render(k.reason, "en") for k in _lines(module, displays)[-1].links if k.reason is not None)


# -- 1. objectives written in the model's probability -----------------------------------------------------------------

MODEL_PROBABILITY_RIGHT = [
    pytest.param("mle_mse", [rf"\arg\max_{{w,b}} \sum_{{i=1}}^{{n}} \log P(y_i \mid x_i; w, b) = \arg\min_{{w,b}} {SSE}"],
                 id="mle-capital-P-sum-of-logs-to-least-squares"),
    pytest.param("mle_mse", [r"\arg\max_{b,w} \prod_{j=1}^{n} p(y_j | x_j, w, b) = \arg\min_{w,b} \frac{1}{2\sigma^2}\sum_{j=1}^{n}(y_j - b - w x_j)^2"],
                 id="mle-product-other-index-comma-condition"),
    pytest.param("mle_mse", [rf"\arg\min_{{w,b}} -\sum_{{i=1}}^{{n}} \log p(y_i \mid w, b) = \arg\min_{{w,b}} {SSE}"],
                 id="mle-label-given-the-parameters-alone"),
    pytest.param("mle_mse", [rf"\arg\max_{{w,b}} \sum_{{i=1}}^{{n}} \log P(x_i \mid w, b) = \arg\max_{{w,b}} \sum_{{i=1}}^{{n}} \log {GAUSS}"],
                 id="mle-sample-input-given-the-parameters"),
    pytest.param("ce_mle", [r"\arg\min_\theta \left[ -\sum_{i=1}^{n} \log P(x_i | \theta) \right] = \arg\max_\theta L(\theta)"],
                 id="ce-sample-given-theta-bracketed"),
    pytest.param("ce_mle", [rf"\arg\max_{{\theta}} \sum_{{j=1}}^{{n}} \log q(Y_j \mid \theta) = \arg\min_{{\theta}} -{CE}"],
                 id="ce-own-letter-label-row-given-theta"),
    pytest.param("ce_mle", [r"\operatorname{arg\,min}_{\theta \in \Theta} \sum\limits_{i=1}^n - \log p(Y_i \mid x_i; \theta) = \arg\max_\theta L(\theta)"],
                 id="ce-operatorname-theta-in-Theta"),
]


@pytest.mark.parametrize("module, displays", MODEL_PROBABILITY_RIGHT)
def test_objectives_in_the_models_probability_are_compared_as_optimizers(module, displays):
    assert _last(module, displays)[0] is True


MODEL_PROBABILITY_WRONG = [
    pytest.param("mle_mse", [r"\arg\max_{w,b} \sum_{i=1}^{n} \log P(y_i \mid x_i; w, b) = \arg\min_{w,b} \sum_{i=1}^{n} (y_i - w x_i + b)^2"],
                 id="mle-sign-slip-in-the-residual"),
    pytest.param("mle_mse", [rf"\arg\max_{{w,b}} \sum_{{i=1}}^{{n}} \log p(y_i \mid w, b) = \arg\max_{{w,b}} {SSE}"],
                 id="mle-max-where-min"),
    pytest.param("mle_mse", [r"\arg\max_{w,b} \sum_{i=1}^{n} \log P(x_i \mid w, b) = \arg\min_{w,b} \sum_{i=1}^{n} (y_i - 2 w x_i - b)^2"],
                 id="mle-wrong-coefficient"),
    pytest.param("ce_mle", [r"\arg\min_\theta \sum_{i=1}^{n} \log P(x_i | \theta) = \arg\max_\theta L(\theta)"],
                 id="ce-sign-dropped"),
    pytest.param("ce_mle", [r"\arg\max_{\theta} \sum_{j=1}^{n} \log q(Y_j \mid \theta) = \arg\min_{\theta} \sum_{i=1}^{n}\sum_{k=1}^{K} Y_{ik} \log y_{ik}"],
                 id="ce-minus-lost-on-the-cross-entropy"),
]


@pytest.mark.parametrize("module, displays", MODEL_PROBABILITY_WRONG)
def test_wrong_objectives_in_the_models_probability_stay_charged(module, displays):
    assert _last(module, displays)[0] is False


def test_a_probability_of_other_parameters_is_not_the_models():
    # `\sigma^2` where the model has b: the author's own density, not read as the problem's (never a valid step by accident)
    verdict = _last("mle_mse", [r"\log L(w,b) = \sum_{i=1}^{n} \log p(y_i \mid x_i, w, \sigma^2)"])
    assert verdict[0] is not True


def test_a_density_named_by_its_normal_distribution_is_the_normal_density():
    right = [r"q(y_j \mid x_j; w, b) = \mathcal{N}(b + w x_j, \sigma^2)", r"\log L(w,b) = \sum_{j=1}^{n} \log q(y_j \mid x_j; w, b)"]
    assert _last("mle_mse", right)[0] is True
    three = [r"p(y_i \mid x_i; w, b) = \mathcal{N}(y_i; w x_i + b, \sigma^2)", rf"\arg\max_{{w,b}} \prod_{{i=1}}^{{n}} p(y_i \mid x_i; w, b) = \arg\min_{{w,b}} {SSE}"]
    assert _last("mle_mse", three)[0] is True
    # a wrong mean in the author's density: the log-likelihood written out with the problem's residual is charged
    wrong = [r"p(y_i \mid x_i; w, b) = \mathcal{N}(w x_i - b, \sigma^2)", rf"\sum_{{i=1}}^{{n}} \log p(y_i \mid x_i; w, b) = \sum_{{i=1}}^{{n}} \log {GAUSS}"]
    assert _last("mle_mse", wrong)[0] is False
    halved = [r"p(y_i \mid x_i; w, b) = \mathcal{N}(w x_i + b, 2\sigma^2)", rf"\sum_{{i=1}}^{{n}} \log p(y_i \mid x_i; w, b) = \sum_{{i=1}}^{{n}} \log {GAUSS}"]
    assert _last("mle_mse", halved)[0] is False


# -- 2. \max / \min without variables -----------------------------------------------------------------------------------

def test_an_optimum_without_variables_is_parsed_over_the_parameters():
    term = parse_expression(r"\max p(y)", Notation(functions={"p": ()}))
    assert isinstance(term, ArgOpt) and term.kind == "max" and term.value
    assert not parse_expression(r"\arg\max_w f", Notation()).value
    assert parse_expression(r"\min_w f", Notation()).value
    assert not isinstance(parse_expression(r"\max(a, b)", Notation()), ArgOpt)  # a number, as before


UNWRITTEN_VARIABLES_RIGHT = [
    pytest.param("mle_mse", [r"\max L(w, b) = \max \prod_{i=1}^{n} p(y_i \mid x_i; w, b)"], id="mle-max-likelihood-as-product"),
    pytest.param("mle_mse", [r"\min -\log L(w,b) = \min \sum_{j=1}^{n} -\log P(y_j | x_j; w, b)"], id="mle-min-nll-other-index"),
    pytest.param("ce_mle", [r"\max L(\theta) = \max \prod_{i=1}^{n} p(Y_i \mid x_i; \theta)"], id="ce-max-likelihood"),
    pytest.param("mle_mse", [rf"\text{{maximize }} \log L(w, b) \iff \text{{minimize }} {SSE}"], id="mle-maximize-iff-minimize"),
    pytest.param("mle_mse", [rf"\operatorname{{maximise}} \sum_{{i=1}}^{{n}} \log {GAUSS} \Leftrightarrow \mathrm{{minimise}} \frac{{1}}{{n}}{SSE}"],
                 id="mle-british-spelling-operatorname"),
]


@pytest.mark.parametrize("module, displays", UNWRITTEN_VARIABLES_RIGHT)
def test_an_optimum_without_its_variables_is_over_the_problems_parameters(module, displays):
    assert _last(module, displays)[0] is True


def test_the_feedback_names_the_parameters_an_unwritten_optimum_is_over():
    assert "over w, b" in _feedback("mle_mse", [r"\max L(w, b) = \max \prod_{i=1}^{n} p(y_i \mid x_i; w, b)"])
    assert "constant in w, b" in _feedback("mle_mse", [rf"\text{{maximize }} \log L(w, b) \iff \text{{minimize }} {SSE}"])


UNWRITTEN_VARIABLES_WRONG = [
    pytest.param("mle_mse", [r"\max L(w, b) = \max \prod_{i=1}^{n} p(y_i \mid x_i; w, b)^2"], id="mle-squared-likelihood-under-equals"),
    pytest.param("mle_mse", [r"\max \log L(w, b) = \max \sum_{i=1}^{n} \log p(y_i \mid x_i; w, b) + 1"], id="mle-shifted-maximum"),
    pytest.param("mle_mse", [rf"\text{{maximize }} \log L(w, b) \iff \text{{maximize }} {SSE}"], id="mle-maximize-both"),
    pytest.param("mle_mse", [r"\text{maximize } \log L(w, b) \iff \text{minimize } \sum_{i=1}^{n} (y_i + w x_i - b)^2"], id="mle-maximize-sign-slip"),
    pytest.param("ce_mle", [r"\max L(\theta) = \max \prod_{i=1}^{n} p(Y_i \mid x_i; \theta)^{1/2}"], id="ce-root-of-likelihood-under-equals"),
]


@pytest.mark.parametrize("module, displays", UNWRITTEN_VARIABLES_WRONG)
def test_wrong_optima_without_variables_stay_charged(module, displays):
    assert _last(module, displays)[0] is False


# -- 3. \propto, \leftrightarrow between two optimisation problems ----------------------------------------------------

RELATIONS_RIGHT = [
    pytest.param("mle_mse", [rf"\arg\min_{{w,b}} -\log(L(w, b)) \propto \arg\min_{{w,b}} {SSE}"], id="mle-propto-between-argmins"),
    pytest.param("mle_mse", [rf"\max_{{w,b}} \log L(w, b) \leftrightarrow \min_{{w,b}} \frac{{1}}{{n}} {SSE}"], id="mle-leftrightarrow-max-min"),
    pytest.param("mle_mse", [r"\max_{b,w} \sum_{j=1}^{n} -\frac{1}{2\sigma^2}(y_j - w x_j - b)^2 \leftrightarrow \min_{b,w} \sum_{j=1}^{n} (y_j - w x_j - b)^2"],
                 id="mle-leftrightarrow-other-index-and-order"),
    pytest.param("ce_mle", [rf"\arg\max_\theta L(\theta) \propto \arg\min_\theta -\frac{{1}}{{n}} {CE}"], id="ce-propto-argmax-argmin"),
    pytest.param("l2_shrinkage", [r"\min_w \tilde J(w) \leftrightarrow \min_w J(w) + \frac{\alpha}{2} w^T w"], id="l2-leftrightarrow-regularized"),
]


@pytest.mark.parametrize("module, displays", RELATIONS_RIGHT)
def test_a_relation_between_optimisation_problems_claims_the_same_optimizers(module, displays):
    verdict = _last(module, displays)
    assert verdict[0] is True and verdict[1] != "derivation.remark"


RELATIONS_WRONG = [
    pytest.param("mle_mse", [r"\arg\min_{w,b} -\log(L(w, b)) \propto \arg\min_{w,b} \sum_{i=1}^{n} (y_i - w x_i + b)^2"], id="mle-propto-sign-slip"),
    pytest.param("mle_mse", [rf"\max_{{w,b}} \log L(w, b) \leftrightarrow \max_{{w,b}} \frac{{1}}{{n}} {SSE}"], id="mle-leftrightarrow-max-max"),
    pytest.param("mle_mse", [r"\max_{w,b} \log L(w, b) \leftrightarrow \min_{w,b} \sum_{i=1}^{n} (y_i - w x_i)^2"], id="mle-leftrightarrow-dropped-intercept"),
    pytest.param("ce_mle", [rf"\arg\max_\theta L(\theta) \propto \arg\min_\theta {CE}"], id="ce-propto-sign-lost"),
    pytest.param("l2_shrinkage", [r"\min_w \tilde J(w) \leftrightarrow \min_w J(w) - \frac{\alpha}{2} w^T w"], id="l2-leftrightarrow-penalty-sign"),
]


@pytest.mark.parametrize("module, displays", RELATIONS_WRONG)
def test_a_wrong_relation_between_optimisation_problems_is_charged(module, displays):
    assert _last(module, displays)[0] is False


def test_propto_between_plain_expressions_keeps_its_reading():
    # not two optimisation problems: the loose "same up to constants" stays a remark, as before this round
    verdict = _last("mle_mse", [rf"-\log L(w,b) \propto {SSE}"])
    assert verdict[0] is not False


# -- 4. = between two optima's values compares values ----------------------------------------------------------------

NLL = rf"\frac{{n}}{{2}}\log(2\pi\sigma^2) + \frac{{1}}{{2\sigma^2}}{SSE}"

VALUES_RIGHT = [
    pytest.param("mle_mse", [rf"\max_{{w,b}} \log L(w,b) = \max_{{w,b}} \sum_{{i=1}}^{{n}} \log {GAUSS}"], id="mle-max-values-equal"),
    pytest.param("mle_mse", [rf"\min_{{w,b}} -\log L(w,b) = \min_{{w,b}} {NLL}"], id="mle-min-values-equal"),
    pytest.param("ce_mle", [rf"\min_\theta -\log L(\theta) = \min_\theta -{CE}"], id="ce-min-values-equal"),
    # the same drops as the wrong rows below, under arg max / arg min: the optimizers are claimed, and they agree
    pytest.param("mle_mse", [rf"\arg\max_{{w,b}} \log L(w,b) = \arg\max_{{w,b}} -\frac{{1}}{{2\sigma^2}}{SSE}"], id="mle-argmax-dropped-constant"),
    pytest.param("ce_mle", [rf"\arg\min_\theta -\log L(\theta) = \arg\min_\theta -\frac{{1}}{{n}}{CE}"], id="ce-argmin-dropped-factor"),
]


@pytest.mark.parametrize("module, displays", VALUES_RIGHT)
def test_equal_optima_pass(module, displays):
    assert _last(module, displays)[0] is True


VALUES_WRONG = [
    pytest.param("mle_mse", [rf"\max_{{w,b}} \log L(w,b) = \max_{{w,b}} -\frac{{1}}{{2\sigma^2}}{SSE}"], id="mle-max-dropped-constant"),
    pytest.param("mle_mse", [rf"\min_{{w,b}} -\log L(w,b) = \min_{{w,b}} \frac{{n}}{{2}}\log(2\pi\sigma^2) + {SSE}"], id="mle-min-dropped-factor"),
    pytest.param("ce_mle", [rf"\min_\theta -\log L(\theta) = \min_\theta -\frac{{1}}{{n}}{CE}"], id="ce-min-values-scaled"),
    pytest.param("mle_mse", [r"\max_{w,b} \log L(w,b) = \max_{w,b} \sum_{i=1}^{n} \log \frac{1}{\sqrt{2\pi\sigma^2}} - \frac{1}{2\sigma^2}(y_i - w x_i + b)^2"],
                 id="mle-max-sign-slip"),
]


@pytest.mark.parametrize("module, displays", VALUES_WRONG)
def test_optima_whose_values_differ_are_charged_under_equals(module, displays):
    assert _last(module, displays)[0] is False


def test_a_dropped_constant_under_equals_says_the_optimizers_agree():
    text = _feedback("mle_mse", [rf"\max_{{w,b}} \log L(w,b) = \max_{{w,b}} -\frac{{1}}{{2\sigma^2}}{SSE}"])
    assert "compared as values" in text and "constant in w, b" in text and "arg max" in text


def test_a_chain_of_maxima_with_a_constant_dropped_is_caught_where_it_drops():
    lines = _lines("mle_mse", [
        r"\max L(w, b) = \max \prod_{i} p(y_i \mid x_i; w, b)",
        r"= \max_{w,b} \sum_i \log \frac{1}{\sqrt{2\pi \sigma^2}} - \frac{1}{2 \sigma^2} (y_i - (w x_i + b))^2",
        r"= \max_{w,b} \sum_i - \frac{1}{2 \sigma^2} (y_i - (w x_i + b))^2",
        r"\max_{w,b} \sum_i - \frac{1}{2 \sigma^2} (y_i - (w x_i + b))^2 \leftrightarrow \min_{w,b} \sum_i (y_i - w x_i - b)^2",
    ])
    verdicts = [line_verdict(line)[0] for line in lines]
    assert verdicts[0] is True and verdicts[2] is False and verdicts[3] is True


# -- 5. one letter of the author's for all the parameters, under an optimisation ---------------------------------------

PARAMETER_LETTER_RIGHT = [
    pytest.param([r"\arg\max_\theta L(\theta) = \arg\min_\theta -\log(L(\theta))"], id="theta-likelihood-to-nll"),
    pytest.param([rf"\arg\max_\beta \sum_{{i=1}}^{{n}} \log P(y_i | x_i; \beta) = \arg\min_{{w,b}} {SSE}"], id="beta-model-probability-to-least-squares"),
    pytest.param([rf"\arg\min_{{\phi}} -\log L(\phi) = \arg\min_{{w,b}} \frac{{1}}{{n}}{SSE}"], id="phi-nll-to-mse"),
]


@pytest.mark.parametrize("displays", PARAMETER_LETTER_RIGHT)
def test_one_letter_optimised_over_is_all_the_parameters(displays):
    assert _last("mle_mse", displays)[0] is True


PARAMETER_LETTER_WRONG = [
    pytest.param([r"\arg\max_\theta L(\theta) = \arg\max_\theta -\log(L(\theta))"], id="theta-max-where-min"),
    pytest.param([r"\arg\max_\beta \sum_{i=1}^{n} \log P(y_i | x_i; \beta) = \arg\min_{w,b} \sum_{i=1}^{n} (y_i - w x_i + b)^2"],
                 id="beta-sign-slip"),
    pytest.param([r"\arg\min_{\phi} -\log L(\phi) = \arg\min_{w,b} \sum_{i=1}^{n} (y_i - w x_i)^2"], id="phi-intercept-dropped"),
]


@pytest.mark.parametrize("displays", PARAMETER_LETTER_WRONG)
def test_one_letter_for_the_parameters_keeps_wrong_steps_charged(displays):
    assert _last("mle_mse", displays)[0] is False


def test_a_letter_used_outside_a_call_is_not_read_as_the_parameters():
    # `\theta^2`: the letter is a number of the author's here, not the problem's (w, b): not a valid step by accident
    assert _last("mle_mse", [r"\arg\max_\theta L(\theta) = \arg\max_\theta \theta^2"])[0] is not True


def test_an_optimum_over_an_index_by_two_names_is_one_optimum():
    # the variable under the operator is bound: `\max_k z_k` and `\max_j z_j` are one number (renamed before comparing)
    assert _last("softmax_ce_grad", [r"m = \max_k z_k = \max_j z_j"])[0] is True
    assert _last("softmax_ce_grad", [r"m = \max_k z_k = \max_j z_j + 1"])[0] is False
    assert _last("softmax_ce_grad", [r"m = \max_k z_k = \max_j 2 z_j"])[0] is False
    assert _last("softmax_ce_grad", [r"m = \min_k z_k = \max_j z_j"])[0] is not True


# -- 6. the red team's findings (redteam12 F2, F9, F1b) -----------------------------------------------------------------

OTHER_VARIABLES = [
    # F2: an optimum over other variables is another problem, whatever its objective (never one problem by accident)
    pytest.param("mle_mse", [rf"\max_{{\sigma}} \left(-{SSE}\right) \leftrightarrow \min_{{w,b}} {SSE}"], id="mle-max-over-the-noise-leftrightarrow"),
    pytest.param("mle_mse", [rf"\min_{{w}} {SSE} \propto \min_{{w,b}} {SSE}"], id="mle-min-over-w-alone-propto"),
    pytest.param("mle_mse", [rf"\min_{{\sigma}} {SSE} = \min_{{w,b}} {SSE}"], id="mle-min-over-the-noise-equals"),
    pytest.param("mle_mse", [rf"\arg\min_{{b}} {SSE} = \arg\min_{{w,b}} {SSE}"], id="mle-argmin-over-b-alone"),
    pytest.param("ce_mle", [rf"\min_{{\lambda}} -\frac{{1}}{{n}} {CE} \leftrightarrow \min_\theta -\frac{{1}}{{n}} {CE}"], id="ce-min-over-an-unused-letter"),
    pytest.param("l2_shrinkage", [r"\min_{\alpha} J(w) + \frac{\alpha}{2} w^T w \leftrightarrow \min_w J(w) + \frac{\alpha}{2} w^T w"],
                 id="l2-min-over-the-penalty-weight"),
]


@pytest.mark.parametrize("module, displays", OTHER_VARIABLES)
def test_optima_over_other_variables_are_not_one_problem(module, displays):
    assert _last(module, displays)[0] is not True


def test_optima_over_other_variables_say_so():
    text = _feedback("mle_mse", [rf"\min_{{\sigma}} {SSE} = \min_{{w,b}} {SSE}"])
    assert "different variables" in text and "sigma" in text


SAME_VARIABLES = [
    # the right versions: the same variables in another order, or one side over the problem's parameters unwritten
    pytest.param("mle_mse", [rf"\min_{{b,w}} {SSE} = \min_{{w,b}} {SSE}"], id="mle-variables-in-another-order"),
    pytest.param("mle_mse", [rf"\max_{{w,b}} \left(-{SSE}\right) \leftrightarrow \min_{{b,w}} {SSE}"], id="mle-leftrightarrow-other-order"),
    pytest.param("mle_mse", [rf"\max \log L(w,b) \leftrightarrow \min_{{w,b}} {SSE}"], id="mle-one-side-unwritten"),
    pytest.param("l2_shrinkage", [r"\min_{w} J(w) + \frac{\alpha}{2} w^T w \leftrightarrow \min_w J(w) + \frac{\alpha}{2} w^T w"], id="l2-same-problem"),
]


@pytest.mark.parametrize("module, displays", SAME_VARIABLES)
def test_optima_over_the_same_variables_are_compared(module, displays):
    assert _last(module, displays)[0] is True


CAPTURED_RENAMES = [
    # F9: the other side's variable is never renamed onto a letter free in its objective
    pytest.param("mle_mse", r"\min_{w} \sum_{i=1}^{n} (y_i - w x_i - w)^2 = \min_{b} \sum_{i=1}^{n} (y_i - w x_i - b)^2", id="mle-b-onto-free-w"),
    pytest.param("mle_mse", r"\max_{b} \left(-\sum_{j=1}^{n} (y_j - b x_j - b)^2\right) = \max_{w} \left(-\sum_{j=1}^{n} (y_j - b x_j - w)^2\right)",
                 id="mle-w-onto-free-b-max"),
    pytest.param("softmax_ce_grad", r"\max_k (z_k - z_j) = \max_j (z_j - z_k)", id="softmax-index-onto-free-index"),
]


@pytest.mark.parametrize("module, line", CAPTURED_RENAMES)
def test_a_renamed_variable_never_captures_a_free_letter(module, line):
    assert _last(module, [line])[0] is not True


def test_an_honest_rename_of_the_variable_stays_valid():
    assert _last("mle_mse", [r"\min_{w} \sum_{i=1}^{n} (y_i - w x_i)^2 = \min_{b} \sum_{i=1}^{n} (y_i - b x_i)^2"])[0] is True
    assert _last("softmax_ce_grad", [r"\max_k (z_k - z_1) = \max_j (z_j - z_1)"])[0] is True
    assert _last("mle_mse", [r"\min_{w} \sum_{i=1}^{n} (y_i - w x_i)^2 = \min_{b} \left(1 + \sum_{i=1}^{n} (y_i - b x_i)^2\right)"])[0] is False


JOINT_PROBABILITIES = [
    # F1b: a probability written with commas only is the joint one, not the sample under the parameters
    pytest.param("ce_mle", r"\log \prod_{i=1}^{n} P(x_i | \theta) = \sum_{i=1}^{n} \log P(x_i , \theta)", id="ce-input-and-theta-joint"),
    pytest.param("ce_mle", r"\log L(\theta) = \sum_{j=1}^{n} \log q(Y_j, \theta)", id="ce-label-row-and-theta-joint"),
    pytest.param("mle_mse", r"\sum_{i=1}^{n} \log p(y_i, w, b) = \log L(w, b)", id="mle-label-and-parameters-joint"),
    pytest.param("mle_mse", r"\sum_{i=1}^{n} \log p(y_i, x_i, w, b) = \log L(w, b)", id="mle-label-input-and-parameters-joint"),
]


@pytest.mark.parametrize("module, line", JOINT_PROBABILITIES)
def test_a_joint_probability_is_not_read_as_the_conditional(module, line):
    assert _last(module, [line])[0] is not True


CONDITIONAL_PROBABILITIES = [
    pytest.param("ce_mle", r"\log \prod_{i=1}^{n} P(x_i | \theta) = \sum_{i=1}^{n} \log P(x_i \mid \theta)", id="ce-bar-and-mid"),
    pytest.param("ce_mle", r"\log L(\theta) = \sum_{j=1}^{n} \log q(Y_j \mid \theta)", id="ce-label-row-given-theta"),
    pytest.param("mle_mse", r"\sum_{i=1}^{n} \log p(y_i ; w, b) = \log L(w, b)", id="mle-semicolon-parameters"),
    pytest.param("mle_mse", r"\sum_{i=1}^{n} \log p(y_i | x_i, w, b) = \log L(w, b)", id="mle-bar-then-commas"),
]


@pytest.mark.parametrize("module, line", CONDITIONAL_PROBABILITIES)
def test_a_conditional_probability_keeps_its_reading(module, line):
    assert _last(module, [line])[0] is True


def test_a_joint_call_keeps_its_letter_and_arguments():
    from grader.mathparse.joint_probabilities import written_joint
    joint = parse_expression(r"P(x_i, \theta)", Notation(indexed={"x": 1}))
    conditional = parse_expression(r"P(x_i \mid \theta)", Notation(indexed={"x": 1}))
    assert written_joint(joint) and not written_joint(conditional)
    assert joint.func.__name__ == "P" and joint.args == conditional.args
    assert not written_joint(parse_expression(r"L(w, b)", Notation()))  # not a probability's letter
