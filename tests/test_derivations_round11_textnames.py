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
    ("ce_mle", rf"-{CE_SUM} = \log \mathrm{{MSE}}", "MSE"),  # inside a function: not a name the line introduces
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


# -- 4. a letter a chain introduces in its last side ------------------------------------------------------------------

SOFTMAX_Z = r"y_i = \frac{e^{z_i}}{\sum_{j=1}^{K} e^{z_j}} = \frac{e^{z_i}}{S}"
MSE_R = rf"-\log L(w, b) = {MLE_NLL} = \frac{{n}}{{2}}\log(2\pi\sigma^2) + \frac{{R}}{{2\sigma^2}}"
CE_H = rf"-\log L(\theta) = -{CE_SUM} = n Q"


@pytest.mark.parametrize("module, introduced, right", [
    ("softmax_ce_grad", SOFTMAX_Z, r"\frac{\partial S}{\partial z_i} = e^{z_i}"),
    ("softmax_ce_grad", SOFTMAX_Z, r"\frac{\partial}{\partial z_i} \log S = \frac{1}{S} e^{z_i} = y_i"),
    ("mle_mse", MSE_R, r"\frac{\partial R}{\partial b} = -2\sum_{i=1}^{n}(y_i - w x_i - b)"),
    ("ce_mle", CE_H, rf"Q = -\frac{{1}}{{n}}{CE_SUM}"),
])
def test_a_letter_introduced_in_a_chains_last_side_is_defined_there(module, introduced, right):
    verdicts = _verdicts(module, introduced, right)
    assert (True, "chain_letters.defined") in verdicts, verdicts
    assert all(v[0] is True for v in verdicts), verdicts


@pytest.mark.parametrize("module, introduced, wrong", [
    ("softmax_ce_grad", SOFTMAX_Z, r"\frac{\partial S}{\partial z_i} = S"),                        # a wrong derivative
    ("softmax_ce_grad", SOFTMAX_Z, r"\frac{\partial}{\partial z_i} \log S = -y_i"),               # a sign slip
    ("mle_mse", MSE_R, r"\frac{\partial R}{\partial b} = 2\sum_{i=1}^{n}(y_i - w x_i - b)"),      # a sign slip
    ("mle_mse", MSE_R, r"\frac{\partial R}{\partial w} = -2\sum_{i=1}^{n}(y_i - w x_i - b)"),     # x_i dropped
    ("ce_mle", CE_H, rf"Q = -{CE_SUM}"),                                                            # the factor 1/n dropped
])
def test_a_later_line_that_contradicts_the_introduced_letter_is_charged(module, introduced, wrong):
    verdicts = _verdicts(module, introduced, wrong)
    assert verdicts[-1][0] is False, verdicts


def test_a_wrong_step_before_the_introduced_letter_stays_charged_and_defines_nothing():
    """The letter names a part of the side before it; where that side is wrong (here a stray `+ 1`), the last side
    names no part of it: the wrong step is charged and the letter is not defined into agreement."""
    verdicts = _verdicts("softmax_ce_grad", r"y_i = \frac{e^{z_i}}{\sum_{j=1}^{K} e^{z_j}} + 1 = \frac{e^{z_i}}{S}")
    assert verdicts[0][0] is False, verdicts
    assert (True, "chain_letters.defined") not in verdicts, verdicts
    # a factor slipped into the side before: charged, and the letter is not read from the wrong side
    later = _verdicts("softmax_ce_grad", r"y_i = \frac{e^{z_i}}{\sum_{j=1}^{K} e^{z_j}} = \frac{e^{z_i}}{2\sum_{j=1}^{K} e^{z_j}} = \frac{e^{z_i}}{S}")
    assert later[1][0] is False and (True, "chain_letters.defined") not in later, later


@pytest.mark.parametrize("module, line", [
    ("softmax_ce_grad", r"y_i = \frac{e^{z_i - C}}{\sum_{k=1}^{K} e^{z_k - C}}"),     # the letter twice: an identity in it
    ("softmax_ce_grad", r"y_i = \frac{e^{z_i}}{\sum_{j=1}^{K} e^{z_j}} = e^{z_i - C}"),  # inside a function: not solved for
    ("softmax_ce_grad", r"y_i = \frac{e^{z_i}}{\sum_{j=1}^{K} e^{z_j} q} = \frac{e^{z_i}}{S}"),  # the side before unknown too
    ("map_priors", r"L = -\log p(w \mid \mathcal{D}) + \lambda w^2"),  # one equality: a formula with a parameter, no part named
    ("softmax_ce_grad", r"E = -\sum_{k=1}^{K} Y_k \log y_k = -\sum_{k=1}^{K} Y_k \log y_k + c"),  # names no part (c = 0)
])
def test_no_letter_is_defined_where_the_step_is_not_a_bounded_one(module, line):
    verdicts = _verdicts(module, line)
    assert (True, "chain_letters.defined") not in verdicts, verdicts


# -- 5. a density the author does not name -----------------------------------------------------------------------------

DENSITY = r"\frac{1}{\sqrt{2\pi\sigma^2}} \exp\left(-\frac{(y_i - w x_i - b)^2}{2\sigma^2}\right)"


@pytest.mark.parametrize("module, line", [
    ("mle_mse", r"L(w, b) = \prod_{i = 1}^n f(x_i)"),
    ("mle_mse", r"L(w, b) = \prod_{i=1}^{n} q\left(y_i\right)"),
    ("ce_mle", r"L(\theta) = \prod_{i=1}^{n} g(x_i, Y_i)"),
    ("mle_mse", r"L(w, b) = \prod_{i=1}^{n} h_Y(y_i)"),
])
def test_the_likelihood_as_a_product_of_an_unnamed_density_is_a_remark(module, line):
    assert _verdicts(module, line) == [(None, "derivation.unnamed_density")]


@pytest.mark.parametrize("module, lines", [
    ("ce_mle", (r"L(\theta) = \prod_{i=1}^{n} g(\theta)",)),  # not a density of the samples
    ("mle_mse", (r"L(w, b) = \prod_{i = 1}^n f(x_i) = \prod_{i=1}^{n} " + DENSITY,)),  # a chain: its steps are steps
])
def test_no_remark_where_the_product_is_no_unnamed_density_of_the_samples(module, lines):
    assert all(v[1] != "derivation.unnamed_density" for v in _verdicts(module, *lines))


def test_a_density_the_author_defines_is_checked_in_the_product():
    right = _verdicts("mle_mse", f"f(x_i) = {DENSITY}", r"L(w, b) = \prod_{i = 1}^n f(x_i)")
    assert right[-1] == (True, None), right
    wrong_density = DENSITY.replace(r"-\frac{(y_i", r"\frac{(y_i")  # the exponent's sign slipped
    wrong = _verdicts("mle_mse", f"f(x_i) = {wrong_density}", r"L(w, b) = \prod_{i = 1}^n f(x_i)")
    assert wrong[-1][0] is False, wrong


# -- 6. a loss's letter marked with a name of the loss ------------------------------------------------------------------

@pytest.mark.parametrize("name", [r"J_{\text{CE}}", r"\mathcal{L}_{\mathrm{CE}}", r"L_{\text{cross-entropy}}", r"C_{\mathrm{NLL}}"])
def test_a_loss_letter_marked_with_the_losss_name_is_the_loss(name):
    right = _verdicts("softmax_ce_grad", rf"\frac{{\partial {name}}}{{\partial z_i}} = y_i - Y_i")
    assert right == [(True, None)], right
    for wrong in (r"Y_i - y_i", r"y_i", r"2(y_i - Y_i)"):
        verdicts = _verdicts("softmax_ce_grad", rf"\frac{{\partial {name}}}{{\partial z_i}} = {wrong}")
        assert verdicts[-1][0] is False, (wrong, verdicts)


def test_a_marked_letter_the_derivation_defines_is_the_authors():
    verdicts = _verdicts("softmax_ce_grad", r"J_{\text{CE}} = -\sum_{k=1}^{K} Y_k \log y_k",
                         r"\frac{\partial J_{\text{CE}}}{\partial z_i} = Y_i - y_i")
    assert verdicts[0] == (True, "derivation.defines") and verdicts[-1][0] is False, verdicts


def test_a_marked_letter_the_problem_names_stays_the_problems():
    """nonconvex-111 names its own J_CE and J_MSE: never read as another loss."""
    reading = TextNameReading({}, {}, "E", frozenset(), "E")
    assert reading.rewritten(r"J_{CE}(w_1, w_2)") == r"J_{CE}(w_1, w_2)"


def test_a_marked_loss_letter_defined_with_nested_arguments_stays_the_authors():
    """`\\ell_{\\mathrm{ce}}(h(x), y) = ...` defines the author's function (the argument list holds a call)."""
    verdicts = _verdicts("softmax_ce_grad", r"\ell_{\mathrm{ce}}(h(x), y) = -\sum_{k=1}^{K} Y_k \log y_k")
    assert verdicts == [(True, "derivation.defines")], verdicts
    called = _verdicts("softmax_ce_grad", r"\frac{\partial J_{\text{CE}}(z)}{\partial z_i} = Y_i - y_i")
    assert called[-1][0] is False, called


# -- 7. (red team T1) "the error" is as often the backprop signal: the loss only where a line defines it as the loss ----

SOFTMAX_GRADIENT = r"\frac{\partial E}{\partial z_i} = y_i - Y_i"


@pytest.mark.parametrize("displays", [
    (SOFTMAX_GRADIENT, r"\text{error} = y_i - Y_i"),              # the author's name for the output's error signal
    (SOFTMAX_GRADIENT, r"\mathrm{Error} = y_i - Y_i"),
    (r"\operatorname{err} = y_i - Y_i", r"\frac{\partial E}{\partial z_i} = \operatorname{err}"),
    (r"\frac{\partial E}{\partial z_i} = \text{error}",),           # a name nothing defines: not checked, not the loss
    (r"\text{error}_i = y_i - Y_i", r"\frac{\partial E}{\partial z_i} = \text{error}_i"),  # one per output: never the loss
])
def test_the_error_signal_named_in_words_is_the_authors_own(displays):
    verdicts = _verdicts("softmax_ce_grad", *displays)
    assert all(valid is not False for valid, _ in verdicts), verdicts
    assert "text_names.loss" not in [key for _, key in _line_verdicts("softmax_ce_grad", _section("softmax_ce_grad", displays))]


@pytest.mark.parametrize("module, displays", [
    # the author's error signal, then a sign slip, a doubled factor, the letters swapped in a line that uses it
    ("softmax_ce_grad", (r"\text{error} = y_i - Y_i", r"\frac{\partial E}{\partial z_i} = -\text{error}")),
    ("softmax_ce_grad", (r"\mathrm{Error} = y_i - Y_i", r"\frac{\partial E}{\partial z_i} = 2\,\mathrm{Error}")),
    ("softmax_ce_grad", (r"\text{error} = y_i - Y_i", r"\text{error} = Y_i - y_i")),
    ("mle_mse", (r"\text{error} = y_i - w x_i - b", r"\frac{\partial}{\partial b} \text{error}^2 = 2\,\text{error}")),
])
def test_a_wrong_step_with_the_authors_error_signal_is_charged(module, displays):
    verdicts = _verdicts(module, *displays)
    assert verdicts[-1][0] is False, verdicts


@pytest.mark.parametrize("name", [r"\text{error}", r"\mathrm{Error}", r"\operatorname{Error}"])
def test_the_error_defined_as_the_loss_is_the_loss(name):
    """Where the line that defines the name is the loss itself, the name is the loss (said so): a wrong gradient of it charged."""
    definition = rf"{name} = -\sum_{{k=1}}^{{K}} Y_k \log y_k"
    right = _verdicts("softmax_ce_grad", definition, rf"\frac{{\partial\, {name}}}{{\partial z_i}} = y_i - Y_i")
    assert right == [(True, None), (True, None)], right
    for wrong in (r"Y_i - y_i", r"2(y_i - Y_i)", r"y_i"):
        verdicts = _verdicts("softmax_ce_grad", definition, rf"\frac{{\partial\, {name}}}{{\partial z_i}} = {wrong}")
        assert verdicts[-1][0] is False, (wrong, verdicts)


@pytest.mark.parametrize("name", [r"\text{Loss}", r"\text{Cost}", r"\mathrm{CE}"])
def test_a_wrong_definition_of_an_unambiguous_name_of_the_loss_stays_charged(name):
    for wrong in (r"\sum_{k=1}^{K} Y_k \log y_k", r"-2\sum_{k=1}^{K} Y_k \log y_k", r"-\sum_{k=1}^{K} y_k \log Y_k"):
        verdicts = _verdicts("softmax_ce_grad", f"{name} = {wrong}")
        assert verdicts[-1][0] is False, (name, wrong, verdicts)


# -- 8. (red team T2) the unnamed density's product is a remark only where the other side is the likelihood itself ----

@pytest.mark.parametrize("module, line", [
    ("mle_mse", r"L(w, b) = \prod_{k=1}^{n} f(x_k, y_k)"),
    ("mle_mse", r"p_X(x_1, \dots, x_n) = \prod_{i=1}^{n} q(x_i)"),
    ("ce_mle", r"L = \prod_{i=1}^{n} g(x_i, Y_i)"),
    ("mle_mse", r"L\left(w, b\right) &= \prod_{i=1}^{n} f(x_i)"),
    ("ce_mle", r"L(\theta) = \prod_{j=1}^{n} s\left(y_j\right)"),
])
def test_the_likelihood_or_the_datas_density_as_a_product_of_an_unnamed_density_is_a_remark(module, line):
    assert _verdicts(module, line) == [(None, "derivation.unnamed_density")]


@pytest.mark.parametrize("module, line", [
    ("softmax_ce_grad", r"\frac{\partial E}{\partial z_i} = \prod_{k=1}^{K} g(z_k)"),   # a gradient
    ("mle_mse", r"-\log L(w,b) = \prod_{i=1}^{n} f(x_i)"),                               # the NLL
    ("ce_mle", r"\log L(\theta) = \prod_{i=1}^{n} g(x_i)"),                              # the log-likelihood
    ("mle_mse", r"\frac{\partial L}{\partial w} = \prod_{i=1}^{n} f(x_i)"),              # a derivative of it
    ("mle_mse", r"L(w, b) + 1 = \prod_{i=1}^{n} f(x_i)"),                                # the likelihood and more
    ("mle_mse", r"L(w) L(b) = \prod_{i=1}^{n} f(x_i)"),                                  # two calls, not one
    ("mle_mse", r"p = \prod_{i=1}^{n} f(x_i)"),                                          # a number, not a density call
])
def test_another_quantity_equal_to_a_product_of_an_unnamed_density_is_no_remark(module, line):
    verdicts = _verdicts(module, line)
    assert all(key != "derivation.unnamed_density" for _, key in verdicts), verdicts
    assert all(valid is not True or key == "derivation.defines" for valid, key in verdicts), verdicts


@pytest.mark.parametrize("module, wrong, right, answer", [
    ("softmax_ce_grad", r"\frac{\partial E}{\partial z_i} = \prod_{k=1}^{K} h(z_k)", SOFTMAX_GRADIENT, "y_i - Y_i"),
    ("mle_mse", r"-\log L(w, b) = \prod_{i=1}^{n} f(y_i)", rf"-\log L(w, b) = {MLE_NLL}", MLE_NLL),
])
def test_a_wrong_line_ending_in_an_unnamed_density_costs_points(module, wrong, right, answer):
    from test_derivations_table import grade_section

    def score(*displays: str) -> float:
        section = _section(module, displays) + f"Answer: ${answer}$\n"
        return next(p for p in grade_section(module, section).parts if p.id == "derivation").score
    assert score(wrong, right) < score(right)


# -- 9. the mean under the loss's name is over the samples only (the likelihood's product's count) ------------------

@pytest.mark.parametrize("module, line", [
    ("ce_mle", rf"\text{{NLL}}(\theta) = -\frac{{1}}{{K}}{CE_SUM}"),                     # over the classes: no mean
    ("mle_mse", rf"\mathrm{{NLL}}(w, b) = \frac{{1}}{{2}}\left({MLE_NLL}\right)"),        # a halved NLL
    ("softmax_ce_grad", r"\text{Loss} = -\frac{1}{K}\sum_{k=1}^{K} Y_k \log y_k"),        # one sample's loss has no mean
])
def test_the_losss_name_over_another_count_is_a_wrong_definition(module, line):
    verdicts = _verdicts(module, line)
    assert verdicts[-1][0] is False, verdicts
