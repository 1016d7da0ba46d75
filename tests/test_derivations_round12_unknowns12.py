r"""Derivation rows, round 12 (issue 11), branch unknowns12: steps in letters and functions the derivation never defines.

- a free letter next to the problem's random variables (`\alpha^2 \mathrm{Var}[\sum_j w_j a_j] = \alpha^2 \sum_j
  \mathrm{Var}[w_j a_j]`): the problem's w and a are its own (judged by its moments), the letter a constant, drawn
  as any number; a plain letter written outside every moment is a constant inside them too (`\mathrm{Var}(c z) =
  c^2 \mathrm{Var}(z)`); the feedback says the letters are read as constants;
- a function the derivation applies and never defines (`P(x_i \mid \theta)`, `L(w)` in `\tilde L(w) = L(w) + ...`,
  `\nabla F(w)`): a step holds when it holds for arbitrary smooth functions, both sides the same function;
- never valid where it does not hold for arbitrary values and functions (dropped factor, wrong coefficient, E[X]^2
  for E[X^2], a sign slip), and a letter the derivation defines is never free.

Every row is written for these tests, in other letters and layouts than the corpus's sources.
"""

from __future__ import annotations

import pytest
import sympy
from test_derivations_table import grade_section, line_verdict

from grader.course.course import load_problem
from grader.derivations.applied_functions import applied_functions
from grader.derivations.constant_letters import constant_letters
from grader.mathengine.equivalence import Checker
from grader.results.i18n import render

_SECTIONS = {"xavier_variance": "xavier-variance", "ce_mle": "ce-mle", "mle_mse": "mle-mse", "l2_shrinkage": "l2-shrinkage",
             "softmax_ce_grad": "softmax-ce-grad"}

LAYER = r"z = \sum_{j=1}^{n} w_j a_j"


def _lines(module: str, *displays: str) -> list:
    markdown = f"## {_SECTIONS[module]}\n\n" + "".join(f"$${d}$$\n\n" for d in displays)
    return list(next(p for p in grade_section(module, markdown).parts if p.id == "derivation").lines)


def _verdicts(module: str, *displays: str) -> list[tuple]:
    return [line_verdict(line) for line in _lines(module, *displays)]


def _last(module: str, *displays: str) -> tuple:
    return _verdicts(module, *displays)[-1]


# -- 1. free letters next to the problem's random variables ---------------------------------------------------


@pytest.mark.parametrize("step", [
    r"\alpha^2 \operatorname{Var}\left[\sum_{j} w_{j} a_j \right] = \alpha^2 \sum_{j}\operatorname{Var}\left[ w_{j} a_j \right]",
    r"\beta\,\mathrm{Var}(z) = \beta\, n\, \mathrm{Var}(w)\mathrm{Var}(a)",
    r"\kappa^2 \sum_{i}^{n} \mathrm{Var}(w_i a_i) = \kappa^2 n \mathrm{Var}(w) \mathrm{Var}(a)",  # the sum's upper limit only
    r"\lambda \mathbb{E}\left[(w_1 a_1)^2\right] - \lambda \mathbb{E}^2\left[w_1 a_1\right] = \lambda \mathrm{Var}(w)\mathrm{Var}(a)",
    r"{\color{red} \alpha^2} \mathrm{Var}(z) = \alpha^2 n \mathrm{Var}(w) \mathrm{Var}(a)",
    r"s \sum_{j=1}^{n} \mathbb{E}\left[w_j^2\right]\mathbb{E}\left[a_j^2\right] = s\, n \mathrm{Var}(w)\mathrm{Var}(a)",
])
def test_a_free_scale_beside_the_problems_random_variables_is_checked(step):
    verdict = _last("xavier_variance", LAYER, step)
    assert verdict == (True, "free_letters.identity_constants")


@pytest.mark.parametrize("step", [
    # the scale dropped on one side
    r"\alpha^2 \operatorname{Var}\left[\sum_{j} w_{j} a_j \right] = \sum_{j}\operatorname{Var}\left[ w_{j} a_j \right]",
    # a wrong coefficient
    r"\beta\,\mathrm{Var}(z) = 2\beta\, n\, \mathrm{Var}(w)\mathrm{Var}(a)",
    # the count n dropped from the sum of n equal terms
    r"\kappa^2 \sum_{i}^{n} \mathrm{Var}(w_i a_i) = \kappa^2 \mathrm{Var}(w) \mathrm{Var}(a)",
    # E[X]^2 for E[X^2]
    r"\lambda \mathbb{E}\left[(w_1 a_1)^2\right] = \lambda \mathbb{E}\left[w_1 a_1\right]^2",
    # the two moments swapped into a sum
    r"s \sum_{j=1}^{n} \mathbb{E}\left[w_j^2\right]\mathbb{E}\left[a_j^2\right] = s\, (\mathrm{Var}(w) + \mathrm{Var}(a))",
])
def test_a_wrong_step_with_a_free_scale_is_never_valid(step):
    assert _last("xavier_variance", LAYER, step)[0] is not True


@pytest.mark.parametrize("step, right", [
    (r"\mathrm{Var}(c z) = c^2 \mathrm{Var}(z)", True),
    (r"\mathbb{E}[\gamma z] = \gamma \mathbb{E}[z]", True),
    (r"\mathrm{Var}(\eta\, w_1 a_1) = \eta^2 \mathrm{Var}(w)\mathrm{Var}(a)", True),
    (r"\mathrm{Var}(c z) = c \mathrm{Var}(z)", False),  # the constant not squared
    (r"\mathbb{E}[\gamma z^2] = \gamma^2 \mathbb{E}[z^2]", False),  # squared where it is not
    (r"\mathrm{Var}(\eta\, w_1 a_1) = \eta \mathrm{Var}(w) + \mathrm{Var}(a)", False),
])
def test_a_letter_outside_every_moment_is_a_constant_inside_them(step, right):
    verdict = _last("xavier_variance", LAYER, step)
    assert (verdict == (True, "free_letters.identity_constants")) is right
    assert verdict[0] is not False or right is False  # never charged: the author may mean another letter


@pytest.mark.parametrize("step", [
    r"\mathrm{Var}(w_1 x) = x^2 \mathrm{Var}(w_1) + \mathrm{Var}(x)",  # x taken a moment of alone: the author's random variable
    r"\mathrm{Var}(w_1 x_1) = x_1^2 \mathrm{Var}(w_1)",  # an indexed letter beside the problem's entries: random
    r"\mathrm{Var}(z + \beta) = \mathrm{Var}(z) + \beta",  # a letter only inside a moment: nothing says it is a number
])
def test_a_letter_that_may_be_random_is_not_read_as_a_constant(step):
    assert _last("xavier_variance", LAYER, step)[0] is not True


def test_a_letter_the_derivation_defines_is_not_free():
    # c is 2 here: Var(c z) = c Var(z) is 2 Var(z) against 4 Var(z), charged
    assert _last("xavier_variance", LAYER, "c = 2", r"\mathrm{Var}(c z) = c \mathrm{Var}(z)")[0] is False
    assert _last("xavier_variance", LAYER, "c = 2", r"\mathrm{Var}(c z) = c^2 \mathrm{Var}(z)")[0] is True


def test_the_feedback_says_the_letters_are_constants():
    line = _lines("xavier_variance", LAYER, r"\mathrm{Var}(c z) = c^2 \mathrm{Var}(z)")[-1]
    text = render(line.links[0].reason, "en")
    assert "c" in text and "constants" in text and "independent" in text


def test_constant_letters_needs_the_problems_random_variables():
    c, x = sympy.Symbol("c"), sympy.Symbol("x")
    assert constant_letters(Checker(scenarios=()), (c * x, c), {"c"}) == frozenset()


# -- 2. functions the derivation never defines --------------------------------------------------------------


@pytest.mark.parametrize("module, lines, key", [
    # P(x_i | θ) is the model's probability of sample i since optimise12 (sample_given_parameters): valid as that reading
    ("ce_mle", (r"\log \prod_{i=1}^{n} P(x_i | \theta) = \sum_{i=1}^{n} \log P(x_i | \theta)",), "derivation.reading"),
    ("ce_mle", (r"-\log \prod_{k=1}^{n} Q(u_k \mid \theta) = -\sum_{k=1}^{n} \log Q(u_k \mid \theta)",), "free_letters.identity_functions"),
    ("xavier_variance", (r"g(u) = 3 h(u)", r"\alpha^2 g(v) = 3 \alpha^2 h(v)"), "free_letters.identity_functions"),
])
def test_a_step_in_a_function_nobody_defines_holds_for_any_function(module, lines, key):
    assert _last(module, *lines) == (True, key)


@pytest.mark.parametrize("module, lines", [
    ("ce_mle", (r"\log \prod_{i=1}^{n} P(x_i | \theta) = \prod_{i=1}^{n} \log P(x_i | \theta)",)),  # log of a product as a product
    ("ce_mle", (r"\log \prod_{i=1}^{n} P(x_i | \theta) = n \log P(x_1 | \theta)",)),  # the samples taken equal
    ("ce_mle", (r"-\log \prod_{k=1}^{n} Q(u_k \mid \theta) = \sum_{k=1}^{n} \log Q(u_k \mid \theta)",)),  # a sign slip
    ("xavier_variance", (r"g(u) = 3 h(u)", r"\alpha^2 g(v) = 3 \alpha h(v)")),  # a dropped square
    ("ce_mle", (r"|P(x_1 | \theta) - 1| = P(x_1 | \theta) - 1",)),  # needs a sign the function need not have
])
def test_a_wrong_step_in_a_free_function_is_never_valid(module, lines):
    assert _last(module, *lines)[0] is not True


@pytest.mark.parametrize("letter", ["L", "F", r"\Phi"])
def test_the_gradient_of_a_function_written_with_the_defined_functions_argument(letter):
    name = letter
    define = rf"\tilde{{{name}}}(w) = {name}(w) + \frac{{\alpha}}{{2}} \|w\|^2"
    assert _last("l2_shrinkage", define, rf"\nabla \tilde{{{name}}}(w) = \nabla {name}(w) + \alpha w")[0] is True
    # a coefficient doubled, a sign slip, the half kept: charged or unchecked, never valid
    assert _last("l2_shrinkage", define, rf"\nabla \tilde{{{name}}}(w) = \nabla {name}(w) + 2\alpha w")[0] is not True
    assert _last("l2_shrinkage", define, rf"\nabla \tilde{{{name}}}(w) = \nabla {name}(w) - \alpha w")[0] is not True
    assert _last("l2_shrinkage", define, rf"\nabla \tilde{{{name}}}(w) = \nabla {name}(w) + \frac{{\alpha}}{{2}} w")[0] is not True


@pytest.mark.parametrize("text, functions", [
    (r"\tilde{L}(w) = L(w) + \frac{\alpha}{2} \|w\|^2", ("L",)),
    (r"F(w, b) = G(w,b) + \Omega(w, b)", ("G", "Omega")),
    (r"w_{t+1} = w_t - \eta \nabla_w R(w_t)", ("R",)),
    (r"\nabla \hat{K}(w) = \nabla K(w) + \alpha w", ("hat_K", "K")),
])
def test_letters_written_as_functions(text, functions):
    assert applied_functions(text, load_problem("l2_shrinkage").notation) == functions


@pytest.mark.parametrize("text", [
    r"c(x+y) = cx + cy",  # no definition, no gradient: a factor
    r"g(x) = x(x+1)",  # the argument list differs from the definition's
    r"h(x) = \log(x) + \exp(x)",  # functions the grammar knows
    r"\tilde w = \alpha(w - w^*)",  # a lowercase Greek letter before a parenthesis is a factor
    r"\nabla_x (x^T x) = 2x",  # the gradient's variable before the parenthesis: no function
    r"\nabla_u \left(u^T u\right) = 2u",
])
def test_letters_before_a_parenthesis_that_stay_factors(text):
    assert applied_functions(text, load_problem("l2_shrinkage").notation) == ()


# -- 1b. the author's random variables beside the problem's ---------------------------------------------------


# The condition bar and the comma: the parser gives `P(x \mid \theta)` and `P(x, \theta)` the same arguments, but
# they are a conditional and a joint probability (redteam12 F1): a free function is one function only where every
# call of its arguments' count is written with one layout, in the step itself.
@pytest.mark.parametrize("module, lines", [
    ("ce_mle", (r"\log \prod_{i=1}^{n} P(x_i | \theta) = \sum_{i=1}^{n} \log P(x_i , \theta)",)),
    ("ce_mle", (r"-\log \prod_{k=1}^{n} Q(u_k \mid \theta) = -\sum_{k=1}^{n} \log Q(u_k, \theta)",)),
    ("ce_mle", (r"\log \prod_{t=1}^{m} R\left(v_t \middle| \phi\right) = \sum_{t=1}^{m} \log R\left(v_t , \phi\right)",)),
    ("ce_mle", (r"\sum_{i=1}^{n} \log G(s_i, \theta) = \log \prod_{i=1}^{n} G(s_i ; \theta)",)),  # the joint, then the parameters
    # a definition's calls are not seen as written: the joint there, the conditional in the step
    ("ce_mle", (r"\mathcal{L}(\theta) = \prod_{i=1}^{n} P(x_i , \theta)", r"\log \mathcal{L}(\theta) = \sum_{i=1}^{n} \log P(x_i | \theta)")),
])
def test_a_conditional_is_not_read_as_the_joint_under_a_free_function(module, lines):
    assert _last(module, *lines)[0] is not True


@pytest.mark.parametrize("step", [
    r"\log \prod_{t=1}^{m} R\left(v_t \middle| \phi\right) = \sum_{t=1}^{m} \log R\left(v_t \middle| \phi\right)",
    r"\log \prod_{i=1}^{n} Q(u_i ; \theta) = \sum_{i=1}^{n} \log Q(u_i \mid \theta)",  # `;` and `|` both state the condition
    r"\log \prod_{i=1}^{n} G(s_i, \theta) = \sum_{i=1}^{n} \log G(s_i, \theta)",  # the joint on both sides
])
def test_one_layout_on_both_sides_keeps_the_free_function_reading(step):
    assert _last("ce_mle", step) == (True, "free_letters.identity_functions")


# A letter written before a parenthesis is the author's function, which the parser reads as a factor: E[g(X)] is not
# g(E[X]) (redteam12 F11), so the random-letter reading leaves it, however the letter is spelled.
@pytest.mark.parametrize("step", [
    r"\mathbb{E}[g(a_1)] = g(0)",
    r"\mathbb{E}[g(w_1 a_1)] = g(0)",
    r"\mathbb{E}[w_1^2 g(w_1)] = \mathrm{Var}(w) g(0)",
    r"\mathbb{E}\left[h\left(a_2\right)\right] = h(0)",
    r"\mathbb{E}[\mathrm{g}(a_1)] = \mathrm{g}(0)",
    r"\mathbb{E}[g_1(a_1)] = g_1(0)",
    r"\mathbb{E}[\phi(w_3)] = \phi(0)",
])
def test_a_function_of_a_random_variable_is_not_taken_out_at_the_mean(step):
    assert _last("xavier_variance", LAYER, step)[0] is not True


@pytest.mark.parametrize("step", [
    r"\mathrm{Var}(w_i x_i) = \mathbb{E}[w_i^2 x_i^2] - \mathbb{E}[w_i x_i]^2",
    r"\mathrm{Var}(w_i x_i) = \mathbb{E}[w_i]^2\mathrm{Var}(x_i) + \mathbb{E}[x_i]^2\mathrm{Var}(w_i) + \mathrm{Var}(w_i)\mathrm{Var}(x_i)",
    r"\mathrm{Var}(w_k u_k) = \mathrm{Var}(w_k)\left(\mathrm{Var}(u_k) + \mathbb{E}[u_k]^2\right)",  # the problem's zero mean of w used
    r"\mathbb{E}[w_1 h] = 0",
])
def test_the_authors_random_variable_beside_the_problems_weights(step):
    verdict = _last("xavier_variance", LAYER, step)
    assert verdict == (True, "free_random_letters.identity_beside")
    text = render(_lines("xavier_variance", LAYER, step)[-1].links[-1].reason, "en")
    assert "zero mean" in text and "w_" in text


@pytest.mark.parametrize("step", [
    r"\mathrm{Var}(w_i x_i) = \mathrm{Var}(w_i)\mathrm{Var}(x_i)",  # needs the author's x to have zero mean: not said
    r"\mathrm{Var}(w_i x_i) = \mathbb{E}[x_i]^2\mathrm{Var}(x_i) + \mathrm{Var}(w_i)\mathrm{Var}(x_i)",  # a swapped variable
    r"\mathrm{Var}(w_k u_k) = \mathbb{E}[w_k^2]\mathbb{E}[u_k]^2",  # E[X]^2 for E[X^2]
    r"\mathrm{Var}(w_k u_k) = 2\mathrm{Var}(w_k)\left(\mathrm{Var}(u_k) + \mathbb{E}[u_k]^2\right)",  # a wrong coefficient
])
def test_a_wrong_step_in_the_authors_random_variables_is_never_valid(step):
    assert _last("xavier_variance", LAYER, step)[0] is not True


# -- 3. a wrong step no value of the free letters makes right ----------------------------------------------


@pytest.mark.parametrize("step, key", [
    (r"\alpha^2 \mathrm{Var}(z) = 2\alpha^2 n \mathrm{Var}(w)\mathrm{Var}(a)", "free_refutations.refuted"),  # a wrong coefficient
    (r"\gamma\, \mathrm{Var}(z) = \gamma\, \mathrm{Var}(w)\mathrm{Var}(a)", "free_refutations.refuted"),  # the count n dropped
    (r"c + \mathrm{Var}(z) = c + 2 n \mathrm{Var}(w) \mathrm{Var}(a)", "free_refutations.refuted_difference"),
    (r"\kappa^2 \mathrm{Var}(z) = -\kappa^2 n \mathrm{Var}(w) \mathrm{Var}(a)", "free_refutations.refuted"),  # a sign slip
])
def test_a_step_wrong_whatever_the_letters_is_charged(step, key):
    assert _last("xavier_variance", LAYER, step) == (False, key)
    text = render(_lines("xavier_variance", LAYER, step)[-1].links[-1].reason, "en")
    assert "any value" in text


@pytest.mark.parametrize("step", [
    r"\mathrm{Var}(z) = \alpha^2 \mathrm{Var}(z)",  # holds for alpha = 1: the author may mean it
    r"\alpha \mathrm{Var}(z) = n \mathrm{Var}(w) \mathrm{Var}(a)",  # holds for alpha = 1
    r"\beta + \mathrm{Var}(z) = 2\beta + \mathrm{Var}(z) - 1",  # holds for beta = 1
])
def test_a_step_that_some_value_makes_right_stays_unchecked(step):
    assert _last("xavier_variance", LAYER, step)[0] is None


def test_a_name_stated_at_a_lines_head_is_not_charged_for_its_letters():
    # the author's own statement of a name the problem knows, in letters of theirs: not refuted here
    assert _last("softmax_ce_grad", r"\hat{y}_i = \frac{e^{x_i}}{\sum_{k=1}^{K} e^{x_i}}")[0] is not False


def test_an_entry_of_an_expression_inside_a_moment_is_no_variable():
    # `(\sum_j w_j)_k` inside Var: an entry whose base is no name (it once raised, contained, in the corpus)
    from grader.derivations.free_random_letters import problem_variables
    checker = load_problem("xavier_variance").checker(seed=2026)
    j, k, n = sympy.symbols("j k n")
    w = sympy.IndexedBase("w")
    entry = sympy.Indexed(sympy.IndexedBase(sympy.Sum(w[j], (j, 1, n))), k)
    var = sympy.Function("Var")
    found = problem_variables(checker, (var(entry * w[k]),))
    assert found[w[k]] == "Var(w)" and entry not in found


@pytest.mark.parametrize("module, line", [
    ("l2_shrinkage", r"\nabla \tilde{F}(w) = \nabla F(w) + 2\alpha w"),
    ("ce_mle", r"\log \prod_{i=1}^{n} P(x_i | \theta) = \prod_{i=1}^{n} \log P(x_i | \theta)"),
    ("xavier_variance", r"\alpha^2 \mathrm{Var}(z) = 2\alpha^2 n \mathrm{Var}(w)\mathrm{Var}(a)"),
])
def test_the_free_readings_stay_cheap(module, line):
    # 20 lines take about 0.3 s of CPU here; 10x that is the bound (CI's machine is busy)
    from test_derivations_table import graded_within
    assert graded_within(module, line, 20) < 4.0
