r"""Derivation rows, round 10 (issue 11), red team: wrong steps a hostile or careless student writes to pass under
this round's new readings, and valid steps a new reading charges.

Every row passes on main (where the step is charged, or at least not called valid).  A row that fails after a
merge names, in its comment, the round-10 branch whose reading breaks it; the findings (the hostile text, main's
verdict, the branch's, why it matters, the likely fix) are in /work/briefs/out/redteam10_findings.md.  Each branch
failed its rows at its ~17:40 commit and passes them all at its last commit before 18:36 (the fixes followed the
findings); the rows stay as regressions for the merge.  The two xfail rows are main's own hole (not this round's).
"""

from __future__ import annotations

import time

import pytest
from test_derivations_table import _line_verdicts, grade_section, graded_within


def _section(title: str, displays: tuple[str, ...], tail: str = "") -> str:
    return f"## {title}\n\n" + "".join(f"$$\n{d}\n$$\n\n" for d in displays) + tail


def _verdicts(module: str, *displays: str, tail: str = "") -> list[tuple[bool | None, str | None]]:
    """(valid, reason key) of every link, notes of a reading left out (they are valid by construction)."""
    verdicts = _line_verdicts(module, _section(module.replace("_", "-"), displays, tail))
    return [v for v in verdicts if v[1] not in ("derivation.role_letters", "layer_letters.read", "derivation.sample_product")]


# -- branch likelihood: model statements (model_statements.py) --------------------------------------------------
#
# A line `q = (a letter given a distribution) + rest` is read as the author's model, a remark that costs nothing.
# The label y is given a distribution by `y_i \sim \mathcal{N}(w x_i + b, \sigma^2)`, so a wrong step that solves
# the model for a parameter with the noise dropped became a free "model statement".

LABEL_DISTRIBUTED = r"y_i \sim \mathcal{N}(w x_i + b, \sigma^2)"


@pytest.mark.parametrize("wrong", [
    r"b = y_i - w x_i",            # the noise dropped: not an identity of the model (breaks on likelihood)
    r"w = y_i - b",                # likewise, and the input dropped (breaks on likelihood)
    r"b = y_i + w x_i",            # a sign slip besides (breaks on likelihood)
])
def test_a_wrong_step_with_the_label_as_its_lone_term_is_no_model_statement(wrong):
    verdicts = _verdicts("mle_mse", LABEL_DISTRIBUTED, wrong)
    assert verdicts[-1][0] is False, verdicts


# -- branch startgoal: the label convention (label_convention.py) -------------------------------------------------
#
# `\hat y` the prediction and the plain y the label "where nothing before the result names them": a sentence of
# the answer that names \hat y the label (and y the prediction) names them, and the valid line written so must not
# be charged.

PROSE_NAMES_HAT_THE_LABEL = ("## softmax-ce-grad\n\nHere $\\hat y$ denotes the true label (one-hot) and $y$ the "
                             "predicted probabilities.\n\n$$\n\\frac{\\partial L}{\\partial z_i} = ")


@pytest.mark.parametrize("result", [
    r"y_i - \hat y_i",                                   # breaks on startgoal (charged: read as Y_i - y_i)
    r"-\hat y_i + y_i",                                  # breaks on startgoal
])
def test_a_valid_result_in_letters_the_prose_names_is_not_charged(result):
    verdicts = _line_verdicts("softmax_ce_grad", PROSE_NAMES_HAT_THE_LABEL + result + "\n$$\n")
    assert verdicts[-1][0] is not False, verdicts


def test_a_result_wrong_in_letters_the_prose_names_earns_no_answer_points():
    # the prose makes \hat y the label: \hat y_i - y_i is the label less the prediction, the sign flipped
    markdown = PROSE_NAMES_HAT_THE_LABEL + "\\hat y_i - y_i\n$$\n\nAnswer: $\\hat y_i - y_i$\n"
    answer = next(p for p in grade_section("softmax_ce_grad", markdown).parts if p.id == "answer")
    assert answer.score < answer.max_score  # main: 0 of 5; startgoal: 5 of 5 (and the derivation 5 of 5)


# -- branch approx: a Taylor expansion of an undefined function (approximations.py) -------------------------------
#
# The expansion is checked with polynomials of its order only: the highest derivative is a constant for those, so
# taking it at x instead of the expansion point (l2-09 l.9's slip, on one term) is never seen, and the line is
# called "the Taylor expansion of f about a".

@pytest.mark.parametrize("wrong", [
    r"f(x) \approx f(a) + f'(a)(x - a) + \frac{1}{2} f''(x)(x - a)^2",                       # breaks on approx
    r"f(x) \approx f(a) + f'(x)(x - a)",                                                    # breaks on approx
    r"g(u) \approx g(u_0) + g'(u_0)(u - u_0) + \frac{1}{2} g''(u_0)(u - u_0)^2 + \frac{1}{6} g'''(u)(u - u_0)^3",  # approx
])
def test_a_derivative_at_the_wrong_point_is_not_a_valid_expansion(wrong):
    verdicts = _verdicts("l2_shrinkage", wrong)
    assert verdicts[-1][0] is not True, verdicts


def test_the_right_expansion_is_not_charged():
    verdicts = _verdicts("l2_shrinkage", r"f(x) \approx f(a) + f'(a)(x - a) + \frac{1}{2} f''(a)(x - a)^2")
    assert verdicts[-1][0] is not False, verdicts


# An `\approx` whose sides are the problem's own functions is "exact" where `same_values` holds, and that holds where
# it holds in SOME scenario: l2-shrinkage's key scenario puts w at the minimizer w̃, so any expansion about w̃ (a
# wrong coefficient, a flipped sign) is called exact.

@pytest.mark.parametrize("wrong", [
    r"\tilde J(w) \approx \tilde J(\tilde w) + 7(w - \tilde w)^\top (H + \alpha I)(w - \tilde w)",         # approx
    r"\tilde J(w) \approx \tilde J(\tilde w) - \frac{1}{2}(w - \tilde w)^\top (H + \alpha I)(w - \tilde w)",  # approx
])
def test_a_wrong_expansion_about_the_minimizer_is_not_exact(wrong):
    verdicts = _verdicts("l2_shrinkage", wrong)
    assert verdicts[-1][0] is not True, verdicts


# Statements listed on one line are each checked (statement_lists.py); a special case written after its comma is
# the condition of the statement before it, as a TA reads "w̃ = w*, α = 0" (at α = 0), not a claim that α is 0.

@pytest.mark.parametrize("special_case", [
    r"\tilde w = w^*, \quad \alpha = 0",                                     # approx: both pieces charged
    r"(H + \alpha I)^{-1} H = I, \quad \alpha = 0",                          # approx
])
def test_a_special_case_after_a_comma_is_not_charged(special_case):
    verdicts = _verdicts("l2_shrinkage", r"\tilde w = (H + \alpha I)^{-1} H w^*", special_case)
    assert all(valid is not False for valid, _ in verdicts[1:]), verdicts


# -- branch softmax: the batch mean (batch_means.py) -------------------------------------------------------------
#
# `A = \frac{1}{N} B`, N a letter with no value, A a derivative, is checked at N = 1: a spurious factor 1/N on a
# derivative passes as "the mean over a batch of N samples", in any problem (mle-mse has no batch) and without
# the per-sample result derived before it. (Before 6d2b301 any side passed: the l2 and xavier rows.)

MLE_GRADIENT_OVER_N = (r"\frac{\partial}{\partial w}\left(-\log L(w,b)\right) = "
                       r"\frac{1}{N}\left(-\frac{1}{\sigma^2}\sum_{i=1}^{n}(y_i - w x_i - b)x_i\right)")


@pytest.mark.parametrize("module, displays", [
    ("l2_shrinkage", (r"\tilde w = \frac{1}{m}(H + \alpha I)^{-1} H w^*",)),                            # softmax (4a50a3b)
    ("xavier_variance", (r"\mathrm{Var}(z) = \frac{1}{m} n \mathrm{Var}(w) \mathrm{Var}(a)",)),          # softmax (4a50a3b)
    ("mle_mse", (MLE_GRADIENT_OVER_N,)),                                                                   # softmax
    ("softmax_ce_grad", (r"\frac{\partial E}{\partial z_i} = \frac{1}{B}\left(y_i - Y_i\right)",)),      # softmax: no per-sample result before
])
def test_a_spurious_factor_one_over_an_unknown_letter_is_not_valid(module, displays):
    verdicts = _verdicts(module, *displays)
    assert verdicts[-1][0] is not True, verdicts


# -- branch xavier: the layer's letters (layer_letters.py) -------------------------------------------------------
#
# The author's letters are read as the problem's w, a, which the problem makes zero-mean; where the author states a
# nonzero mean for the inputs, Var(Wx) = Var(W)Var(x) does not follow (the brief's wrong row), but the reading
# makes it valid.

@pytest.mark.parametrize("mean", [r"\mathbb{E}[x_j] = \mu", r"\mathbf{E}[x_j] = m \neq 0"])
def test_a_product_variance_after_a_stated_nonzero_mean_is_not_valid(mean):
    verdicts = _verdicts("xavier_variance", mean, r"y_i = \sum_{j=1}^{n_{in}} W_{ij} x_j",
                         r"\mathrm{Var}(y_i) = n_{in} \mathrm{Var}(W_{ij}) \mathrm{Var}(x_j)")  # breaks on xavier
    assert verdicts[-1][0] is not True, verdicts


# -- branch extended10: absolute values drawn with \mid (symbol_spellings.py) --------------------------------------
#
# `_absolute_bars` searches the whole text before every `\mid` again: quadratic in the line's length; a line of
# 3,600 characters with 330 bars costs ~0.2 s to read instead of ~0.03 s (and it is read several times).

def test_a_long_line_of_bars_reads_in_bounded_time():
    line = r"\tilde w_i = " + " + ".join([r"a \mid b"] * 330)
    markdown = _section("l1-soft-threshold", (line,) * 12)
    started = time.process_time()
    grade_section("l1_soft_threshold", markdown)
    assert time.process_time() - started < 2.0  # main: ~0.45 s; extended10: ~2.8 s (CPU seconds)


# -- branch extended10: the optimality condition read at the minimizer (stationary_solutions.py) ------------------
#
# An `=` link that fails as an identity and writes sign(w_i) is checked again at the minimizer: there the
# objective's derivative is 0, so a wrong derivative that vanishes at the minimizer (the condition divided by
# H_ii, or doubled) passes as "a statement about the minimizer".

@pytest.mark.parametrize("wrong", [
    r"\frac{\partial \tilde J(w)}{\partial w_i} = w_i - w_i^* + \frac{\alpha}{H_{i,i}}\,\mathrm{sign}(w_i)",   # extended10
    r"\frac{\partial \tilde J(w)}{\partial w_i} = 2H_{i,i}(w_i - w_i^*) + 2\alpha\,\mathrm{sign}(w_i)",        # extended10
    r"\frac{\partial \tilde J(w)}{\partial w_i} = \frac{1}{2}\left(H_{i,i}(w_i - w_i^*) + \alpha\,\mathrm{sign}(w_i)\right)",  # extended10
])
def test_a_wrong_derivative_that_vanishes_at_the_minimizer_is_charged(wrong):
    verdicts = _verdicts("l1_soft_threshold", wrong)
    assert verdicts[-1][0] is False, verdicts


# -- branch approx: statements listed on one line (statement_lists.py) --------------------------------------------
#
# Every line of the whole derivation with two `=` and a separator is parsed once more before the derivation's
# deadline starts counting (no SCANNED_LINES bound, no deadline check): 300 such lines cost ~10 CPU seconds
# beyond a 1-second limit (main: 1.1 s), a 2,000-line answers.md ~33 s beyond the 10-second one.

def test_listed_statements_are_read_within_the_derivations_time_limit():
    terms = " + ".join(rf"\lambda_{{{k % 9 + 1}}} w_{{{k % 9 + 1}}}" for k in range(115))
    assert graded_within("l2_shrinkage", rf"\alpha = {terms}, \quad \alpha = 1", 150) < 3.0  # main: ~1.1 s; approx: ~5.5 s


# -- found on main (not this round's), fixed while merging: a wrong gradient that vanishes at the optimum ----------
#
# `same_values` holds a link where it holds at every point of SOME scenario; l2-shrinkage's key scenario puts w at
# the minimizer, where the regularized gradient is 0, so any multiple of it (a sign flip, a factor 2) passes as the
# gradient. extended10's stationary_solutions extends the same class to l1-soft-threshold (rows above).

@pytest.mark.parametrize("wrong", [
    r"\nabla \tilde J(w) = -(H(w - w^*) + \alpha w)",
    r"\nabla_w \tilde J(w) = 2 H(w - w^*) + 2\alpha w",
])
def test_a_multiple_of_the_regularized_gradient_is_charged(wrong):
    verdicts = _verdicts("l2_shrinkage", wrong)
    assert verdicts[-1][0] is False, verdicts


# -- branch startgoal: the author's letters read from derivatives (logit_letters.py, loss_letters.py) -------------
#
# Every `\frac{\partial ...}{\partial ...}` of the first 300 lines has its numerator and denominator parsed (several
# times over) before the derivation's deadline counts: 100 lines of 80 fractions cost ~4 CPU seconds beyond a
# 1-second limit (main: 1.06 s), 300 lines ~12 s.

def test_many_derivatives_are_read_within_the_derivations_time_limit():
    line = " + ".join(rf"\frac{{\partial p_{{{k % 9 + 1}}}}}{{\partial z_{{{k % 7 + 1}}}}}" for k in range(80)) + " = 0"
    assert graded_within("softmax_ce_grad", line, 100) < 3.0  # main: ~1.1 s; startgoal: ~4.9 s (CPU seconds)


# -- branch xavier: the layer's letters rewritten on every line (layer_letters.py) -----------------------------------
#
# Every line of the whole derivation is rewritten (each letter's marks parsed by regex), and `noted` rewrites the
# whole derivation's text once per family to say which letters were used, all before the deadline counts: 300
# lines of moments cost ~3.7 CPU seconds beyond a 1-second limit (main: 1.1 s), 600 lines ~6 s.

def test_the_layers_letters_are_read_within_the_derivations_time_limit():
    line = r"y_i = \sum_{j=1}^{n_{in}} W_{ij} x_j \quad " + " ".join([r"Var(W_{ij}) E[x_j^2]"] * 110)
    assert graded_within("xavier_variance", line, 300) < 3.0  # main: ~1.1 s; xavier: ~4.8 s (CPU seconds)


# -- found by CI on the merge: the batch-mean reading multiplied a side out (batch_means._without_mean) -----------
#
# Issue 10's cancellation attack, `(p+q+r+s+t+u)^{30} = (q+r+s+t+u+v)^{30}`, could not be checked ("p has no
# value"), so the batch-mean reading looked for `\frac{1}{N} B` in it and called `sympy.expand` on a side with
# about 10^6 terms, outside every bound (the adversarial suite's grading took 44 s instead of a few).

def test_the_batch_mean_reading_never_multiplies_a_side_out():
    started = time.process_time()
    verdicts = _verdicts("mle_mse", r"(p+q+r+s+t+u)^{30} = (q+r+s+t+u+v)^{30}")
    assert time.process_time() - started < 10.0  # main: ~1 s; the merge before the fix: minutes
    assert verdicts[-1][0] is not True
