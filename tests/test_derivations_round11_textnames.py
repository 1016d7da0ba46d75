r"""Derivation rows, round 11 (issue 11), branch textnames: the author's own names for quantities.

Names in words (`\text{Cross-Entropy Loss}`, `\text{NLL}`, `CrossEntropy(Y, y)`) read as one name each: the author's
definition where a line's first `=` follows it, the problem's loss where it is a usual name of that loss (a wrong
definition of the loss's name stays charged); a name nothing defines is "could not be checked", said in words.
Each class has right rows and wrong variants (sign slip, dropped factor, swapped letters, wrong coefficient), in
more than one problem, written for these tests (no corpus line copied).
"""

from __future__ import annotations

import pytest
from test_derivations_table import _line_verdicts

from grader.derivations.text_names import TextNameReading
from grader.results.i18n import render


def _section(module: str, displays: tuple[str, ...]) -> str:
    return f"## {module.replace('_', '-')}\n\n" + "".join(f"$$\n{d}\n$$\n\n" for d in displays)


def _verdicts(module: str, *displays: str) -> list[tuple[bool | None, str | None]]:
    """(valid, reason key) of every link, the notes of a reading left out (valid by construction)."""
    return [v for v in _line_verdicts(module, _section(module, displays))
            if v[1] not in ("derivation.role_letters", "text_names.loss", "layer_letters.read")]


def _line_feedback(module: str, *displays: str) -> list[str]:
    from test_derivations_table import grade_section
    derivation = next(p for p in grade_section(module, _section(module, displays)).parts if p.id == "derivation")
    return [render(link.reason) for line in derivation.lines for link in line.links if link.reason is not None]


CE_SUM = r"\sum_{i=1}^{n}\sum_{k=1}^{K} Y_{ik}\log y_{ik}"
SQUARES = r"\sum_{i=1}^{n}(y_i - w x_i - b)^2"
MLE_NLL = rf"\frac{{n}}{{2}}\log(2\pi\sigma^2) + \frac{{1}}{{2\sigma^2}}{SQUARES}"


# -- 1. a name in words at the head of a line: the author's definition, used by the lines after it -------------------

@pytest.mark.parametrize("module, definition, use", [
    ("ce_mle", rf"\text{{Cross-Entropy Loss}} = -\frac{{1}}{{n}}{CE_SUM}",
     rf"\text{{Cross-Entropy Loss}} = \frac{{1}}{{n}} \left(-{CE_SUM}\right)"),
    ("mle_mse", rf"\text{{sum of squared errors}} = {SQUARES}",
     rf"\frac{{1}}{{2\sigma^2}}\text{{sum of squared errors}} = \frac{{1}}{{2\sigma^2}}{SQUARES}"),
    ("softmax_ce_grad", r"\mathrm{Normaliser Sum} = \sum_{j=1}^{K} e^{z_j}", r"y_i = \frac{e^{z_i}}{\mathrm{Normaliser Sum}}"),
    ("mle_mse", rf"\operatorname{{Residual Sum}} = {SQUARES}", r"\operatorname{Residual Sum} = \sum_{i=1}^{n}(y_i - b - w x_i)^2"),
])
def test_a_name_in_words_defined_at_a_head_is_used_by_the_lines_after_it(module, definition, use):
    verdicts = _verdicts(module, definition, use)
    assert verdicts[0] == (True, "derivation.defines"), verdicts
    assert verdicts[-1][0] is True, verdicts


@pytest.mark.parametrize("module, definition, wrong", [
    # a sign slip, a dropped factor, swapped letters, a wrong coefficient: charged against the author's definition
    ("ce_mle", rf"\text{{Cross-Entropy Loss}} = -\frac{{1}}{{n}}{CE_SUM}",
     rf"\text{{Cross-Entropy Loss}} = \frac{{1}}{{n}} {CE_SUM}"),
    ("mle_mse", rf"\text{{sum of squared errors}} = {SQUARES}",
     rf"\frac{{1}}{{2\sigma^2}}\text{{sum of squared errors}} = {SQUARES}"),
    ("softmax_ce_grad", r"\mathrm{Normaliser Sum} = \sum_{j=1}^{K} e^{z_j}", r"y_i = \frac{e^{z_j}}{\mathrm{Normaliser Sum}}"),
    ("mle_mse", rf"\operatorname{{Residual Sum}} = {SQUARES}", rf"\operatorname{{Residual Sum}} = 2{SQUARES}"),
])
def test_a_wrong_step_with_a_name_in_words_is_charged(module, definition, wrong):
    verdicts = _verdicts(module, definition, wrong)
    assert verdicts[-1][0] is False, verdicts


def test_a_boxed_restatement_uses_the_name_defined_above():
    verdicts = _verdicts("ce_mle", rf"\text{{Cross-Entropy Loss}} = -\frac{{1}}{{n}}{CE_SUM}",
                         rf"\boxed{{\text{{Cross-Entropy Loss}} = -\frac{{1}}{{n}}{CE_SUM}}}")
    assert verdicts[-1] == (True, None), verdicts
    wrong = _verdicts("ce_mle", rf"\text{{Cross-Entropy Loss}} = -\frac{{1}}{{n}}{CE_SUM}",
                      rf"\boxed{{\text{{Cross-Entropy Loss}} = -{CE_SUM}}}")
    assert wrong[-1][0] is False, wrong


def test_a_bare_use_of_a_function_defined_in_words_is_that_function_at_its_arguments():
    verdicts = _verdicts("ce_mle", rf"\text{{NLL}}(\theta) = -\frac{{1}}{{n}}{CE_SUM}",
                         r"\text{Mean Loss} = \text{NLL}", rf"\text{{Mean Loss}} = -\frac{{1}}{{n}}{CE_SUM}")
    assert verdicts[-1] == (True, None), verdicts


# -- 2. the usual names of the problem's loss ------------------------------------------------------------------------

@pytest.mark.parametrize("name", [r"\text{Cross-Entropy}", r"\mathrm{CE}", r"\text{Loss}", "CrossEntropy", r"\operatorname{NLL}"])
def test_a_usual_name_of_the_cross_entropy_is_the_problems_loss(name):
    right = _verdicts("softmax_ce_grad", rf"\frac{{\partial {name}}}{{\partial z_i}} = y_i - Y_i")
    assert right == [(True, None)], right
    wrong = _verdicts("softmax_ce_grad", rf"\frac{{\partial {name}}}{{\partial z_i}} = Y_i - y_i")
    assert wrong[-1][0] is False, wrong


def test_a_named_call_of_the_loss_restates_it():
    assert _verdicts("softmax_ce_grad", r"E = \mathrm{CrossEntropy}(Y, y)")[-1][0] is True
    assert _verdicts("softmax_ce_grad", r"E = CrossEntropy(Y, y)")[-1][0] is True


@pytest.mark.parametrize("module, head, right, wrongs", [
    ("softmax_ce_grad", r"\text{Cross-Entropy Loss}", r"-\sum_{k=1}^{K} Y_k \log y_k",
     (r"\sum_{k=1}^{K} Y_k \log y_k", r"-\sum_{k=1}^{K} y_k \log Y_k", r"-2\sum_{k=1}^{K} Y_k \log y_k")),
    ("ce_mle", r"\text{NLL}(\theta)", rf"-{CE_SUM}", (CE_SUM, r"-\sum_{i=1}^{n}\sum_{k=1}^{K} y_{ik}\log Y_{ik}",
                                                       r"-\sum_{i=1}^{n}\sum_{k=1}^{K} \log y_{ik}")),
    ("mle_mse", r"\text{negative log-likelihood}", MLE_NLL,
     (rf"\frac{{n}}{{2}}\log(2\pi\sigma^2) - \frac{{1}}{{2\sigma^2}}{SQUARES}", rf"\frac{{n}}{{2}}\log(2\pi\sigma^2) + {SQUARES}",
      rf"\frac{{n}}{{2}}\log(2\pi\sigma^2) + \frac{{1}}{{\sigma^2}}{SQUARES}")),
])
def test_a_definition_of_the_losss_name_is_checked_against_the_loss(module, head, right, wrongs):
    assert _verdicts(module, f"{head} = {right}") == [(True, None)]
    for wrong in wrongs:
        verdicts = _verdicts(module, f"{head} = {wrong}")
        assert verdicts[-1][0] is False, (wrong, verdicts)


@pytest.mark.parametrize("module, head, mean", [
    ("ce_mle", r"\text{NLL}(\theta)", rf"-\frac{{1}}{{n}}{CE_SUM}"),
    ("mle_mse", r"\mathrm{NLL}(w, b)", rf"\frac{{1}}{{n}}\left({MLE_NLL}\right)"),
])
def test_the_mean_under_the_losss_name_is_the_authors_own_quantity(module, head, mean):
    """Many authors call the mean over the samples by the loss's name: their definition, used after it."""
    verdicts = _verdicts(module, f"{head} = {mean}", f"{head} = {mean}")
    assert verdicts == [(True, "derivation.defines"), (True, None)], verdicts


def test_the_feedback_says_how_a_name_of_the_loss_was_read():
    feedback = _line_feedback("ce_mle", rf"\text{{NLL}}(\theta) = -{CE_SUM}")
    assert any("NLL" in text and "-\\log L(\\theta)" in text for text in feedback), feedback


def test_a_likelihood_problem_reads_only_the_likelihoods_own_names():
    """`\\text{Cross-Entropy}` of a data set is its sum for one author and its mean for another: the author's."""
    verdicts = _verdicts("ce_mle", rf"\text{{Cross-Entropy}} = -\frac{{1}}{{n}}{CE_SUM}")
    assert verdicts == [(True, "derivation.defines")], verdicts


# -- 3. a name nothing defines: could not be checked, in words --------------------------------------------------------

@pytest.mark.parametrize("module, line, name", [
    ("mle_mse", rf"\frac{{1}}{{n}}\text{{RSS}} = {SQUARES}", "RSS"),
    ("mle_mse", rf"\text{{Total Cost}} = \frac{{1}}{{n}}{SQUARES}", None),  # a head: a definition
    ("mle_mse", rf"\frac{{1}}{{n}}\text{{Total Cost}} = {SQUARES}", "TotalCost"),
    ("ce_mle", rf"\mathrm{{MSE}} = -{CE_SUM}", None),
    ("ce_mle", rf"-{CE_SUM} = \mathrm{{MSE}}", "MSE"),
])
def test_a_name_nothing_defines_is_not_checked_and_says_so(module, line, name):
    verdicts = _verdicts(module, line)
    if name is None:
        assert verdicts == [(True, "derivation.defines")], verdicts
        return
    assert verdicts == [(None, "equivalence.could_not_evaluate")], verdicts
    feedback = _line_feedback(module, line)
    assert any(f"`{name}` is a name the derivation does not define" in text for text in feedback), feedback


# -- the reading itself ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    r"\text{for all } i", r"\text{where } Z = 1", r"\text{if } k = i", r"x \quad \text{(by independence)}", r"\mathrm{Var}(w)",
])
def test_prose_and_the_problems_operators_are_never_rewritten(text):
    reading = TextNameReading({"forall": "", "where": "", "if": "", "byindependence": "", "var": ""}, {"loss": "E"})
    assert reading.rewritten(text) == text
