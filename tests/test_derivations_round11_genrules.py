r"""Derivation rows, round 11 (issue 11), branch genrules: general rules quoted in the author's own letters.

Authors quote the rule they are about to use in generic letters (`\text{Var}(XY) = \text{Var}(X)\text{Var}(Y)`,
`E[UV] = E[U]E[V]`, `Var(\sum_i X_i) = \sum_i Var(X_i)`) and then apply it to the problem's quantities on a line
that starts with `=`.  A TA judges the quoted line as a rule about any independent random variables (with the
problem's zero means where the rule needs them, said in the feedback), charges a wrong rule, and reads the `=`
after it as continuing the derivation's own chain (`grader.derivations.general_rules`).  Every row is written for
these tests (other letters and layouts than the corpus's sources); wrong variants stay charged.
"""

from __future__ import annotations

import pytest
import sympy
from test_derivations_table import grade_section

from grader.derivations.general_rules import StatedRule, continued_past_rule, rule_letters_written
from grader.results.i18n import render

LAYER = r"z = \sum_{j=1}^{n} w_j a_j"
SPLIT = r"\mathrm{Var}(z) = \sum_{j=1}^{n} \mathrm{Var}(w_j a_j)"


def _section(*displays: str) -> str:
    return "## xavier-variance\n\n" + "".join(f"$$\n{d}\n$$\n\n" for d in displays) + "\nAnswer (a): $\\frac{1}{n}$\n"


def _lines(*displays: str) -> list:
    derivation = next(p for p in grade_section("xavier_variance", _section(*displays)).parts if p.id == "derivation")
    return list(derivation.lines)


def _verdict(line) -> tuple:
    """(False, key) where a link is wrong, (None, key) where one is unchecked, else (True, the first link's key)."""
    for wanted in (False, None):
        link = next((k for k in line.links if k.valid is wanted), None)
        if link is not None:
            return wanted, link.reason.key if link.reason else None
    return True, line.links[0].reason.key if line.links[0].reason else None


# -- 1. a rule quoted in generic letters: judged as a rule about any independent random variables -------------


@pytest.mark.parametrize("rule, key", [
    (r"\text{Var}(XY) = \text{Var}(X)\text{Var}(Y)", "general_rules.holds_zero_mean"),     # needs the zero means
    (r"\mathrm{Var}(U V) = \mathrm{Var}(U) \, \mathrm{Var}(V)", "general_rules.holds_zero_mean"),
    (r"Var(P Q) = E[P^2] E[Q^2]", "general_rules.holds_zero_mean"),
    (r"E[XY] = E[X]E[Y]", "general_rules.holds"),                                          # any means
    (r"\mathbb{E}[S T] = \mathbb{E}[S] \, \mathbb{E}[T]", "general_rules.holds"),
    (r"Var(X) = E[X^2] - E[X]^2", "general_rules.holds"),
    (r"\mathrm{Var}(U) = \mathbb{E}[U^2] - (\mathbb{E}[U])^2", "general_rules.holds"),
    (r"Var(\sum_{i=1}^{n} X_i) = \sum_{i=1}^{n} Var(X_i)", "general_rules.holds"),         # every size
    (r"\mathrm{Var}\left(\sum_{k=1}^{m} U_k\right) = \sum_{k=1}^{m} \mathbb{E}[U_k^2]", "general_rules.holds_zero_mean"),
    (r"Var(X + Y) = Var(X) + Var(Y)", "general_rules.holds"),
])
def test_a_right_rule_in_generic_letters_is_valid_and_says_so(rule, key):
    lines = _lines(LAYER, SPLIT, rule)
    assert _verdict(lines[-1]) == (True, key), lines[-1]


@pytest.mark.parametrize("rule", [
    r"Var(XY) = E[X^2]Var(Y) + E[Y^2]Var(X) + Var(X)Var(Y)",     # the wrong cross term (E[.]^2, not E[.^2])
    r"\mathrm{Var}(X - Y) = \mathrm{Var}(X) - \mathrm{Var}(Y)",   # a sign slip
    r"Var(2U) = 2 Var(U)",                                        # a dropped square of the factor
    r"Var(UV) = Var(U) + Var(V)",                                 # a sum for a product
    r"E[X^2] = E[X]^2",                                           # a square moved out of the mean
    r"Var(G) = E[G^2] - E[G]",                                    # a square dropped: holds at zero means, but writes the mean
    r"Var(\sum_{i=1}^{n} X_i) = n \sum_{i=1}^{n} Var(X_i)",       # a factor n too many
    r"\mathrm{Var}(\sum_{k=1}^{m} U_k) = \sum_{k=1}^{m} \mathrm{Var}(U_k)^2",  # a wrong power
])
def test_a_wrong_rule_is_charged_with_the_moments_where_it_fails(rule):
    lines = _lines(LAYER, SPLIT, rule)
    link = lines[-1].links[-1]
    assert (link.valid, link.reason.key) == (False, "general_rules.fails"), lines[-1]
    assert link.counterexample is not None and any(name.startswith("Var(") for name in link.counterexample.point)
    assert link.counterexample.left != link.counterexample.right


def test_the_condition_taken_is_said_in_the_feedback():
    (line,) = _lines(r"Var(XY) = Var(X)Var(Y)")
    text = render(line.links[0].reason, "en")
    assert "zero-mean" in text and "X, Y" in text, text
    (wrong,) = _lines(r"Var(XY) = E[X^2]Var(Y) + E[Y^2]Var(X) + Var(X)Var(Y)")
    assert "zero-mean" in render(wrong.links[0].reason, "en")


@pytest.mark.parametrize("claim", [
    r"Var(Y_t) = 2 Var(Y_{t-1})",          # two different variables: a claim about them, not a rule
    r"Var(X) = n Var(Y)",                  # the sides speak of different variables
    r"E[X] = 0",                           # one side without a variable (read as the author's statement)
])
def test_a_claim_about_particular_variables_is_not_read_as_a_rule(claim):
    (line,) = _lines(claim)
    assert not (line.links[0].reason and line.links[0].reason.key.startswith("general_rules.")), line
    assert line.links[0].valid is not False, line


def test_the_problems_own_letters_are_not_a_rule():
    # w, a are the problem's: its own engine judges them (a wrong step stays charged as such)
    lines = _lines(LAYER, r"\mathrm{Var}(w_j a_j) = \mathrm{Var}(w_j) + \mathrm{Var}(a_j)")
    assert _verdict(lines[-1]) == (False, "equivalence.differs"), lines[-1]


# -- 2. the `=` after a rule continues the problem's chain, not the rule --------------------------------------


@pytest.mark.parametrize("rule, applied", [
    (r"\text{Var}(XY) = \text{Var}(X)\text{Var}(Y)", r"= n \cdot \text{Var}(w) \cdot \text{Var}(a)"),
    (r"Var(UV) = Var(U) Var(V)", r"= n \, Var(w) Var(a)"),
    (r"\mathrm{Var}(P Q) = \mathbb{E}[P^2] \mathbb{E}[Q^2]", r"= \sum_{j=1}^{n} \mathbb{E}[w_j^2] \mathbb{E}[a_j^2]"),
    (r"E[XY] = E[X]E[Y]", r"= \sum_{j=1}^{n} E[w_j^2 a_j^2]"),
])
def test_the_line_after_a_rule_continues_the_chain_before_it(rule, applied):
    lines = _lines(LAYER, SPLIT, rule, applied)
    assert _verdict(lines[-2])[0] is True, lines[-2]
    assert _verdict(lines[-1]) == (True, None), lines[-1]
    assert lines[-1].links[0].left.startswith(r"\sum_{j=1}^{n} \mathrm{Var}"), lines[-1]


@pytest.mark.parametrize("rule, wrong", [
    (r"\text{Var}(XY) = \text{Var}(X)\text{Var}(Y)", r"= \text{Var}(w) \cdot \text{Var}(a)"),          # the factor n dropped
    (r"\text{Var}(XY) = \text{Var}(X)\text{Var}(Y)", r"= n \cdot \text{Var}(w)^2 \cdot \text{Var}(a)"),  # a wrong power
    (r"Var(UV) = Var(U) Var(V)", r"= 2n \, Var(w) Var(a)"),                                             # a wrong coefficient
    (r"E[XY] = E[X]E[Y]", r"= n \, Var(w) + Var(a)"),                                                   # a sum for a product
])
def test_a_wrong_step_after_a_rule_stays_charged(rule, wrong):
    lines = _lines(LAYER, SPLIT, rule, wrong)
    assert _verdict(lines[-1])[0] is False, lines[-1]


def test_a_line_that_writes_the_rules_letters_continues_the_rule():
    lines = _lines(LAYER, SPLIT, r"Var(X) = E[X^2] - E[X]^2", r"= E[X^2]")
    assert lines[-1].links[0].left == r"E[X^2] - E[X]^2", lines[-1]
    assert _verdict(lines[-1]) == (True, "general_rules.holds_zero_mean"), lines[-1]
    wrong = _lines(LAYER, SPLIT, r"Var(X) = E[X^2] - E[X]^2", r"= 2 E[X^2]")
    assert _verdict(wrong[-1])[0] is False, wrong[-1]


def test_a_wrong_rule_is_charged_once_and_the_chain_goes_on_past_it():
    lines = _lines(LAYER, SPLIT, r"Var(XY) = Var(X) + Var(Y)", r"= n \, Var(w) Var(a)")
    assert _verdict(lines[-2])[0] is False and _verdict(lines[-1]) == (True, None), lines[-2:]


def test_only_the_line_right_after_the_rule_is_carried_past_it():
    x = sympy.Symbol("X")
    rule = StatedRule(5, frozenset({"X"}), (["chain"], ["segment"], "start", False))
    assert continued_past_rule(rule, 5, [sympy.Symbol("n")], "=") == (["chain"], ["segment"], "start", False)
    assert continued_past_rule(rule, 6, [sympy.Symbol("n")], "=") is None       # another line came between
    assert continued_past_rule(rule, 5, [sympy.Symbol("n")], "\\Rightarrow") is None
    assert continued_past_rule(rule, 5, [x**2], "=") is None                      # it continues the rule
    assert rule_letters_written([sympy.Indexed(sympy.IndexedBase("X"), 1)], frozenset({"X"}))
    assert not rule_letters_written([sympy.Symbol("w_j")], frozenset({"X"}))


# -- 3. rules of calculus in bare letters: the letters as any smooth functions, `du` as the derivative --------


def _problem_lines(module: str, *displays: str) -> list:
    section = "## " + module.replace("_", "-") + "\n\n" + "".join(f"$$\n{d}\n$$\n\n" for d in displays)
    derivation = next(p for p in grade_section(module, section).parts if p.id == "derivation")
    return list(derivation.lines)


CALCULUS_RIGHT = [
    ("softmax_ce_grad", r"\frac{\partial}{\partial x}\left( \frac{u}{v} \right) = \frac{v \cdot du - u \cdot dv}{v^2}"),
    ("softmax_ce_grad", r"\frac{d}{dx}\left(\frac{u}{v}\right) = \frac{v\,\frac{du}{dx} - u\,\frac{dv}{dx}}{v^2}"),
    ("softmax_ce_grad", r"\frac{d}{dx}(uv) = u\,dv + v\,du"),
    ("mle_mse", r"\frac{d}{dt}\log u = \frac{1}{u}\frac{du}{dt}"),
    ("mle_mse", r"\frac{d}{ds}\left(\frac{f}{g}\right) = \frac{g\,df - f\,dg}{g^2}"),
    ("ce_mle", r"\frac{d}{ds}\left(\frac{1}{q}\right) = -\frac{dq}{q^2}"),
    ("ce_mle", r"\frac{d}{dt}(f g) = f \frac{dg}{dt} + g \frac{df}{dt}"),
    ("xavier_variance", r"\frac{d}{dt}\left(\frac{p}{q}\right) = \frac{q\,dp - p\,dq}{q^2}"),
]

CALCULUS_WRONG = [
    ("softmax_ce_grad", r"\frac{\partial}{\partial x}\left( \frac{u}{v} \right) = \frac{v \cdot du + u \cdot dv}{v^2}"),  # a sign slip
    ("softmax_ce_grad", r"\frac{d}{dx}\left(\frac{u}{v}\right) = \frac{v\,\frac{du}{dx} - u\,\frac{dv}{dx}}{v}"),      # a square dropped
    ("softmax_ce_grad", r"\frac{d}{dx}(uv) = u\,dv - v\,du"),                                                          # a sign slip
    ("mle_mse", r"\frac{d}{dt}\log u = \frac{du}{dt}"),                                                                # 1/u dropped
    ("mle_mse", r"\frac{d}{ds}\left(\frac{f}{g}\right) = \frac{f\,dg - g\,df}{g^2}"),                                  # swapped parts
    ("ce_mle", r"\frac{d}{ds}\left(\frac{1}{q}\right) = \frac{dq}{q^2}"),                                              # a sign slip
    ("ce_mle", r"\frac{d}{dt}(f g) = 2 f \frac{dg}{dt} + g \frac{df}{dt}"),                                            # a coefficient
]


@pytest.mark.parametrize("module, rule", CALCULUS_RIGHT)
def test_a_right_rule_of_calculus_in_bare_letters_is_valid(module, rule):
    (line,) = _problem_lines(module, rule)
    assert _verdict(line) == (True, "general_rules.function_rule_holds"), line


@pytest.mark.parametrize("module, rule", CALCULUS_WRONG)
def test_a_wrong_rule_of_calculus_in_bare_letters_is_charged(module, rule):
    (line,) = _problem_lines(module, rule)
    assert _verdict(line) == (False, "general_rules.function_rule_fails"), line


def test_the_differentials_reading_is_said():
    (line,) = _problem_lines("softmax_ce_grad", r"\frac{\partial}{\partial x}\left( \frac{u}{v} \right) = \frac{v *du - u*dv}{v^2}")
    text = render(line.links[0].reason, "en")
    assert "du, dv as their derivatives" in text and "u, v" in text, text


@pytest.mark.parametrize("module, claim", [
    ("softmax_ce_grad", r"\frac{\partial p}{\partial a} = p(1-p)"),          # the author's own function: a bare letter differentiated
    ("softmax_ce_grad", r"\frac{d}{dx}(u + v) = w"),                          # another letter on the right
    ("mle_mse", r"\frac{d}{dx}\log u = \frac{1}{u}\frac{du}{dx}"),            # x is the problem's
])
def test_a_derivative_that_is_no_rule_in_bare_letters_is_not_judged_as_one(module, claim):
    (line,) = _problem_lines(module, claim)
    assert not (line.links[0].reason and line.links[0].reason.key.startswith("general_rules.")), line
    assert line.links[0].valid is not False, line


# -- 4. `\approx` that is an equality under the condition the problem sets --------------------------------------

CHAIN = r"\mathrm{Var}(z) = \sum_{j=1}^{n} \mathrm{Var}(w_j a_j) = n \cdot \mathrm{Var}(w) \cdot \mathrm{Var}(a)"


@pytest.mark.parametrize("approximation", [
    r"n \cdot \mathrm{Var}(w) \cdot \mathrm{Var}(a) \approx \mathrm{Var}(a)",
    r"n \mathrm{Var}(w) \approx 1",
    r"\mathrm{Var}(w) \approx \frac{1}{n}",
    r"\mathrm{Var}(z) \approx \mathrm{Var}(a)",
])
def test_an_approximation_exact_under_the_problems_condition_is_valid(approximation):
    lines = _lines(LAYER, CHAIN, approximation)
    assert _verdict(lines[-1]) == (True, "assumed_conditions.exact_under_condition"), lines[-1]


@pytest.mark.parametrize("approximation", [
    r"n \cdot \mathrm{Var}(w) \cdot \mathrm{Var}(a) \approx 2 \mathrm{Var}(a)",   # a wrong coefficient
    r"n \mathrm{Var}(w)^2 \approx 1",                                             # a wrong power
    r"\mathrm{Var}(w) \approx n",                                                  # inverted
    r"\mathrm{Var}(w) \cdot \mathrm{Var}(a) \approx \mathrm{Var}(a)",              # the factor n dropped
    # true under n Var(w) = 1, but the side after `\approx` still writes the variance the condition fixes: no
    # application of the condition, so no more than a remark (red team G3)
    r"\mathrm{Var}(z) \approx \frac{\mathrm{Var}(a)}{n \, \mathrm{Var}(w)}",
    r"\mathrm{Var}(z) \approx n^2 \mathrm{Var}(w)^2 \mathrm{Var}(a)",
    r"\mathrm{Var}(z) \approx 2 n \, \mathrm{Var}(w) \mathrm{Var}(a) - \mathrm{Var}(a)",
    r"n \, \mathrm{Var}(w) \, \mathrm{Var}(a) \approx \frac{\mathrm{Var}(a)}{n \, \mathrm{Var}(w)}",
    r"\mathrm{Var}(a) \approx n \, \mathrm{Var}(a) \, \mathrm{Var}(w)",          # the condition written backwards
    r"\mathrm{Var}(w) \approx \frac{1}{n_{out}}",                                  # the backward pass's condition, not this one's
])
def test_an_approximation_that_no_condition_makes_exact_is_not_called_valid(approximation):
    lines = _lines(LAYER, CHAIN, approximation)
    assert lines[-1].links[0].valid is not True, lines[-1]
    assert lines[-1].links[0].reason.key == "derivation.remark", lines[-1]


@pytest.mark.parametrize("rule", [
    r"Var((X + Y)^{6}) = Var(X)^{6}",                           # moments beyond the fourth: no verdict, never "invalid"
    r"E[X^7] = E[X]^7",                                          # a moment of an order not drawn
])
def test_a_rule_that_cannot_be_evaluated_is_never_charged(rule):
    (line,) = _lines(rule)
    assert line.links[0].valid is not False, line


def test_a_wrong_rule_does_not_mark_the_chain_it_interrupts_as_charged():
    # the chain before the rule had no charged step: a later wrong step of it is charged, not carried
    lines = _lines(LAYER, SPLIT, r"Var(XY) = Var(X) + Var(Y)", r"= n \, Var(w) Var(a)", r"= 2 n \, Var(w) Var(a)")
    assert [_verdict(line)[0] for line in lines[-3:]] == [False, True, False], lines[-3:]


@pytest.mark.parametrize("module, line", [
    ("l2_shrinkage", r"w \approx \tilde w"),                   # the condition puts w at the minimizer: not an application of it
    ("l2_shrinkage", r"\tilde w \approx w"),
    ("l1_soft_threshold", r"w \approx \tilde w"),
])
def test_an_approximation_that_rests_on_what_the_condition_sets_is_a_remark(module, line):
    (result,) = _problem_lines(module, line)
    assert result.links[0].valid is not True, result


# -- red team's findings: regression rows ------------------------------------------------------------------------


@pytest.mark.parametrize("rule, continued", [
    (r"E[XY] = E[X]E[Y]", r"= E[X] + E[Y]"),                                            # G1b: a sum for a product
    (r"Var(G) = E[G^2] - E[G]^2", r"= E[G^2] - E[G]"),                                  # G1b: the square dropped
    (r"Var(UV) = E[U^2]E[V^2] - E[U]^2 E[V]^2", r"= E[U^2]E[V^2] - 3 E[U]E[V]"),       # G1b: a wrong mean term
    (r"\mathrm{Var}(S+T) = \mathrm{Var}(S) + \mathrm{Var}(T)", r"= \mathrm{Var}(S) + \mathrm{Var}(T) + 5\mathbb{E}[S]"),
])
def test_a_continuation_that_writes_a_wrong_mean_is_charged(rule, continued):
    lines = _lines(rule, continued)
    assert _verdict(lines[-1])[0] is False, lines[-1]


@pytest.mark.parametrize("rule, continued", [
    (r"Var(G) = E[G^2] - E[G]^2", r"= E[G^2]"),                                          # the means dropped: zero here
    (r"Var(UV) = E[U^2]E[V^2] - E[U]^2 E[V]^2", r"= E[U^2]E[V^2]"),
    (r"Var(UV) = E[U^2]E[V^2] - E[U]^2 E[V]^2", r"= Var(U) Var(V)"),
])
def test_a_continuation_that_drops_the_means_by_the_zero_means_stays_valid(rule, continued):
    lines = _lines(rule, continued)
    assert _verdict(lines[-1]) == (True, "general_rules.holds_zero_mean"), lines[-1]


@pytest.mark.parametrize("rule, continued", [
    # the means written back: equal to the rule's left side for any means, so valid for any means
    (r"Var(XY) = Var(X)Var(Y)", r"= E[X^2]E[Y^2] - E[X]^2E[Y]^2"),
    (r"\mathrm{Var}(G) = \mathbb{E}[G^2]", r"= \mathbb{E}[G^2] - \mathbb{E}[G]^2"),
    (r"Var(U + V) = E[U^2] + E[V^2]", r"= Var(U) + Var(V)"),
])
def test_a_continuation_that_writes_the_means_back_holds_from_the_rules_left_side(rule, continued):
    lines = _lines(rule, continued)
    assert _verdict(lines[-1])[0] is True, lines[-1]


@pytest.mark.parametrize("rule", [
    r"Var(\sum_{i=1}^{m} X_i) = \sum_{i=1}^{m} Var(X_i) + (m-2)(m-3)\sum_{i=1}^{m} Var(X_i)",   # G2: zero at 2 and 3
    r"E[\sum_{k=1}^{n} U_k] = \sum_{k=1}^{n} E[U_k] + (n-2)(n-3)",
    r"Var(\sum_{i=1}^{m} X_i) = (m-1)(m-2)(m-3) + \sum_{i=1}^{m} Var(X_i)",
])
def test_a_rule_over_every_size_is_tried_beyond_two_sizes(rule):
    (line,) = _lines(rule)
    assert _verdict(line)[0] is False, line


@pytest.mark.parametrize("module, rule", [
    ("xavier_variance", r"Var(X^2) = 2 Var(X)^2"),                       # G5: true for Gaussians only
    ("xavier_variance", r"E[X^4] = 3 Var(X)^2"),
    ("xavier_variance", r"E[U^3] = 0"),
    ("xavier_variance", r"\mathrm{Var}(U^2 V) = 2 \mathrm{Var}(U)^2 \mathrm{Var}(V) + \mathrm{Var}(U)^2 \mathrm{Var}(V)"),
])
def test_a_rule_on_moments_beyond_the_variance_is_not_called_a_general_rule(module, rule):
    (line,) = _problem_lines(module, rule)
    assert line.links[0].valid is not True, line
    assert not (line.links[0].reason and line.links[0].reason.key.startswith("general_rules.")), line


@pytest.mark.parametrize("rule", [r"Var(X) = E[(X - E[X])^2]", r"Var(XY) = E[X^2 Y^2] - E[X]^2 E[Y]^2", r"E[(U + V)^2] = E[U^2] + 2E[U]E[V] + E[V^2]"])
def test_a_rule_of_second_moments_is_never_charged(rule):
    (line,) = _lines(rule)
    assert line.links[0].valid is not False, line


SOFTMAX_START = r"\frac{\partial E}{\partial z_i} = -\sum_{k=1}^{K} Y_k \frac{\partial \log y_k}{\partial z_i}"


@pytest.mark.parametrize("rule, step, valid", [
    (r"\frac{d}{dx}\log u = \frac{du}{u}", r"= y_i - Y_i", True),                      # G4: continues line 1
    (r"\frac{d}{dx}\log u = \frac{du}{u}", r"= Y_i - y_i", False),                     # the sign flipped
    (r"\frac{d}{dt}\log f = \frac{1}{f}\frac{df}{dt}", r"= 2(y_i - Y_i)", False),     # a factor
    (r"\frac{d}{dt}\log f = \frac{1}{f}\frac{df}{dt}", r"= y_i - Y_i", True),
])
def test_the_line_after_a_calculus_rule_continues_the_chain_before_it(rule, step, valid):
    lines = _problem_lines("softmax_ce_grad", SOFTMAX_START, rule, step)
    assert _verdict(lines[1])[0] is True, lines[1]
    assert _verdict(lines[-1])[0] is valid, lines[-1]
