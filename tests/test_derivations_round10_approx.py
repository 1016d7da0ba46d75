r"""Derivation rows, round 10 (issue 11): L2 shrinkage as textbooks derive it.

- `A \approx B` where B expands A about a point is a claim checked to its order: a Taylor expansion of a
  function nothing defines (`f(x) \approx f(a) + f'(a)(x - a) + \frac12 f''(a)(x - a)^2`) must be exact for
  every polynomial of its order; the quadratic approximation of the problem's J about w^* must hold exactly
  (the problem's J is that quadratic) or, where it does not, to its order as w approaches w^*.  A modelling
  `\approx` (no expansion) stays a remark;
- `\nabla` without a subscript before a function of several arguments (`\nabla \tilde J(w; X, y)`) is the
  gradient in the function's own, first, argument, and the feedback says so;
- `\operatorname{diag}(\lambda_1, \dots, \lambda_d)` (an ellipsis in the list of a diagonal's entries) is the
  diagonal matrix of the pattern's entries;
- a definition with a penalty left unspecified (`\tilde J = J + \alpha \Omega(\theta)`) is no shape error: the
  unknown letter applied to an argument is the author's function;
- `\Delta x` is one quantity, the increment of x: identities in x and Δx are checked in free letters.

Each reading comes with wrong variants that stay charged (or, for free letters, never pass).
"""

from __future__ import annotations

import pytest
from test_derivations_table import grade_section, line_verdict

from grader.mathparse import MathParseError, parse_line
from grader.mathparse.applied_letters import applied_unknown_letters
from grader.mathparse.diagonal_lists import diagonal_lists
from grader.mathparse.increments import increments_read
from grader.results.i18n import render
from problems.l2_shrinkage import NOTATION as L2


def _lines(displays: list[str], module: str = "l2_shrinkage", title: str = "l2-shrinkage") -> list:
    markdown = f"## {title}\n\n" + "".join(f"$$\n{display}\n$$\n\n" for display in displays) + "Answer (a): $0$\n"
    derivation = next(p for p in grade_section(module, markdown).parts if p.id == "derivation")
    return list(derivation.lines)


def _verdict(line) -> tuple:
    """As `line_verdict`, an unreadable line marked "error" (apart from an unchecked one)."""
    return line_verdict(line, unreadable="error")


def _one(display: str, module: str = "l2_shrinkage", title: str = "l2-shrinkage") -> tuple:
    lines = _lines([display], module, title)
    assert len(lines) == 1
    return _verdict(lines[0])


# -- 1. a Taylor expansion of a function nothing defines ----------------------------------------------------

HOLDS = (True, "derivation.polynomial_expansion_holds")
FAILS = (False, "derivation.polynomial_expansion_fails")


@pytest.mark.parametrize(
    "display, expected",
    [
        # the second-order expansion about x^*, coefficients at x^* over the factorials
        (r"f(x) \approx f(x^*) + f'(x^*)(x - x^*) + \frac{1}{2}f''(x^*)(x - x^*)^2", HOLDS),
        # other letters, the step h written as the argument, the factor in front
        (r"g(a + h) \approx g(a) + h\, g'(a) + \frac{h^2}{2} g''(a)", HOLDS),
        # first order, primes as \prime, the left side in \left( \right)
        (r"g\left(u\right) \approx g(v) + g^{\prime}(v)\,(u - v)", HOLDS),
        # third order, a Greek letter for the function, `^{(3)}` for the third derivative, aligned
        (r"\phi(s) &\approx \phi(s_0) + \phi'(s_0)(s - s_0) + \frac{1}{2}\phi''(s_0)(s-s_0)^2 + \frac{1}{6}\phi^{(3)}(s_0)(s-s_0)^3", HOLDS),
        # derivatives taken at x instead of the expansion point (a source's slip)
        (r"f(x) \approx f(x^*) + f'(x)(x - x^*) + \frac{1}{2}f''(x)(x - x^*)^2", FAILS),
        # the 1/2 dropped
        (r"f(x) \approx f(x^*) + f'(x^*)(x - x^*) + f''(x^*)(x - x^*)^2", FAILS),
        # a sign slip in the first-order term
        (r"g(u) \approx g(v) + g'(v)(v - u)", FAILS),
        # 1/3 for 1/6 in the third-order term
        (r"\phi(s) \approx \phi(s_0) + \phi'(s_0)(s - s_0) + \frac{1}{2}\phi''(s_0)(s-s_0)^2 + \frac{1}{3}\phi^{(3)}(s_0)(s-s_0)^3", FAILS),
        # the square dropped on the second-order term
        (r"g(a + h) \approx g(a) + h g'(a) + \frac{h}{2} g''(a)", FAILS),
    ],
)
def test_a_taylor_expansion_of_an_undefined_function_is_checked_to_its_order(display, expected):
    assert _one(display) == expected


def test_a_wrong_expansion_names_the_polynomial_and_the_point():
    (line,) = _lines([r"f(x) \approx f(x^*) + f'(x)(x - x^*) + \frac{1}{2}f''(x)(x - x^*)^2"])
    link = line.links[0]
    assert link.valid is False and link.counterexample is not None
    text = render(link.reason, "en")
    assert "f(t) = " in text and "about x^*" in text and "order 2" in text
    assert link.counterexample.left != link.counterexample.right and set(link.counterexample.point) == {"x", "x^*"}


@pytest.mark.parametrize(
    "display",
    [
        # the function also written unapplied: not an expansion as written
        r"f(x) \approx f(a) + f \cdot (x - a)",
        # two different points for the function's value: no one expansion point
        r"f(x) \approx f(a) + f(b)",
        # the problem's operator, not a function to expand
        r"\mathrm{Var}(w) \approx \mathrm{Var}(w^*)",
    ],
)
def test_what_is_no_expansion_stays_a_remark(display):
    assert _one(display) == (None, "derivation.remark")


# -- 2. the problem's own J, both sides valued --------------------------------------------------------------

@pytest.mark.parametrize(
    "display, expected",
    [
        # the textbook's quadratic approximation (the gradient term vanishes at the minimiser): exact here
        (r"J(w) \approx J(w^*) + (w - w^*)^\top \nabla J(w^*) + \frac{1}{2}(w - w^*)^\top H(w - w^*)", (True, "derivation.approximation_exact")),
        (r"J(w) \approx J(w^*) + \frac{1}{2}(w - w^*)^T H (w - w^*)", (True, "derivation.approximation_exact")),
        # the zeroth-order approximation near w^*: the difference vanishes as w approaches w^*
        (r"J(w) \approx J(w^*)", (True, "derivation.expansion_holds")),
        # the 1/2 dropped: the difference is of second order, as the right side
        (r"J(w) \approx J(w^*) + (w - w^*)^\top H(w - w^*)", (False, "derivation.expansion_fails")),
        # a sign slip inside the quadratic form
        (r"J(w) \approx J(w^*) + \frac{1}{2}(w - w^*)^\top H(w + w^*)", (False, "derivation.expansion_fails")),
        # the Hessian replaced by its square
        (r"J(w) \approx J(w^*) + \frac{1}{2}(w - w^*)^\top H^2 (w - w^*)", (False, "derivation.expansion_fails")),
        # a modelling remark (small alpha), no expansion of a function: a remark, as before
        (r"\tilde w \approx w^*", (None, "derivation.remark")),
    ],
)
def test_the_quadratic_approximation_of_the_objective_is_checked(display, expected):
    assert _one(display) == expected


# -- 3. \nabla without a subscript -------------------------------------------------------------------------

@pytest.mark.parametrize(
    "display, holds",
    [
        (r"\nabla \tilde{J}(w; X; y) = \alpha w + \nabla_w J(w; X; y)", True),
        (r"\nabla \tilde J(w; X, y) = H(w - w^*) + \alpha w", True),
        (r"\nabla \tilde J(\tilde w; X, y) = (H + \alpha I)\tilde w - H w^*", True),
        # the tilde lost (a source's slip): J's gradient has no penalty term
        (r"\nabla J(w; X; y) = \alpha w + \nabla_w J(w; X; y)", False),
        # the penalty's gradient doubled
        (r"\nabla \tilde J(w; X, y) = H(w - w^*) + 2\alpha w", False),
        # w and w^* swapped
        (r"\nabla \tilde J(w; X, y) = H(w^* - w) + \alpha w", False),
    ],
)
def test_nabla_without_subscript_is_the_gradient_in_the_first_argument(display, holds):
    verdict = _one(display)
    assert verdict[0] is holds, verdict


def test_the_feedback_says_which_argument_the_gradient_is_taken_in():
    (line,) = _lines([r"\nabla \tilde J(w; X, y) = H(w - w^*) + \alpha w"])
    text = render(line.links[0].reason, "en")
    assert "first" in text and "argument" in text


def test_nabla_without_subscript_and_without_arguments_stays_refused():
    with pytest.raises(MathParseError, match="nabla"):
        parse_line(r"\nabla \alpha = 0", L2)


# -- 4. diag(a_1, \dots, a_d) -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "display, holds",
    [
        (r"(\Lambda + \alpha I)^{-1} = \operatorname{diag}\!\Big(\tfrac{1}{\lambda_1 + \alpha}, \dots, \tfrac{1}{\lambda_d + \alpha}\Big)", True),
        (r"\Lambda + \alpha I = \mathrm{diag}(\lambda_1 + \alpha, \lambda_2 + \alpha, \ldots, \lambda_n + \alpha)", True),
        (r"\Lambda = \text{diag}(\lambda_1, \cdots, \lambda_d)", True),
        (r"(\Lambda + \alpha I)^{-1}\Lambda = \mathrm{diag}\left(\frac{\lambda_1}{\lambda_1 + \alpha}, \dots, \frac{\lambda_d}{\lambda_d + \alpha}\right)", True),
        # a sign slip in every entry
        (r"(\Lambda + \alpha I)^{-1} = \operatorname{diag}\!\Big(\tfrac{1}{\lambda_1 - \alpha}, \dots, \tfrac{1}{\lambda_d - \alpha}\Big)", False),
        # the squares of the eigenvalues
        (r"\Lambda = \text{diag}(\lambda_1^2, \cdots, \lambda_d^2)", False),
        # the factor inverted
        (r"(\Lambda + \alpha I)^{-1}\Lambda = \mathrm{diag}\left(\frac{\lambda_1 + \alpha}{\lambda_1}, \dots, \frac{\lambda_d + \alpha}{\lambda_d}\right)", False),
    ],
)
def test_a_diagonal_listed_with_an_ellipsis_is_the_diagonal_of_its_pattern(display, holds):
    verdict = _one(display)
    assert verdict[0] is holds, verdict


@pytest.mark.parametrize(
    "text",
    [
        r"\mathrm{diag}(\lambda_1, \lambda_3, \dots, \lambda_d)",  # the second entry is not the pattern at 2
        r"\mathrm{diag}(\lambda_1, \dots, \mu_d)",  # the last entry is another family's
        r"\mathrm{diag}(a, \dots, b)",  # no index to follow
        r"\mathrm{diag}(\lambda_1, \lambda_2, \lambda_3)",  # no ellipsis: a list of three
    ],
)
def test_a_list_that_is_no_clear_pattern_is_left_as_written(text):
    assert diagonal_lists(text) == text


def test_the_pattern_takes_a_fresh_index():
    assert diagonal_lists(r"\operatorname{diag}(\lambda_1 + \alpha, \dots, \lambda_d + \alpha)") == r"\mathrm{diag}\left(\lambda_{i} + \alpha\right)"
    assert diagonal_lists(r"x_i + \mathrm{diag}(a_1, \ldots, a_n)") == r"x_i + \mathrm{diag}\left(a_{j}\right)"


# -- 5. a definition with the author's unspecified function --------------------------------------------

@pytest.mark.parametrize(
    "display",
    [
        r"\tilde{J}(\theta; x, y) = J(\theta; x, y) + \alpha \Omega(\theta)",
        r"\tilde J(w) = J(w) + \alpha \Omega(w)",
        r"\tilde J(w) = J(w) + \lambda R(w)",
    ],
)
def test_a_penalty_left_unspecified_is_no_shape_error(display):
    verdict = _one(display)
    assert verdict[0] is not False and verdict[0] != "error", verdict


@pytest.mark.parametrize(
    "display",
    [
        r"\nabla \hat J(w) = H(w - w^*)",  # the author's \hat J, defined in prose: a function of w
        r"\nabla_w \hat{J}(w) = H(w - w^*)",
    ],
)
def test_the_authors_decorated_capital_before_its_argument_is_a_function(display):
    assert _one(display) == (None, "equivalence.could_not_evaluate")


def test_a_real_shape_error_stays_charged():
    # an outer product where the penalty needs a number: wrong math, whatever the letters
    assert _one(r"\tilde{J}(w) = J(w) + \alpha w w^T")[0] == "error"


def test_letters_known_to_the_problem_are_never_taken_for_functions():
    # α, λ before a parenthesis are factors; H is the problem's matrix
    assert applied_unknown_letters(r"\alpha(H + I) + \lambda(w - w^*) + \Omega(\theta) + H(w) + g(x) + \phi(w)", L2) == ("Omega", "g", "phi")
    # the problem's own \tilde J is known; the author's \hat J is not
    assert applied_unknown_letters(r"\tilde J(w) + \hat{J}(w)", L2) == ("hat_J",)


# -- 6. increments \Delta x -----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "display",
    [
        r"(x + \Delta x)^2 = x^2 + 2x\Delta x + \Delta x^2",
        r"(x + \Delta x)^2 - x^2 = 2x\Delta x + \Delta x^2",
        r"(t + \Delta t)^3 = t^3 + 3t^2\Delta t + 3t\Delta t^2 + \Delta t^3",
        r"(a+\Delta{a})^2 - a^2 = \Delta a(2a + \Delta a)",
        r"\frac{(\theta + \Delta\theta)^2 - \theta^2}{\Delta \theta} = 2\theta + \Delta\theta",
    ],
)
def test_an_identity_in_a_letter_and_its_increment_is_checked(display):
    assert _one(display)[0] is True


@pytest.mark.parametrize(
    "display",
    [
        r"(x + \Delta x)^2 = x^2 + x\Delta x + \Delta x^2",  # the cross term's 2 dropped
        r"(t + \Delta t)^3 = t^3 + 3t^2\Delta t + 3t\Delta t^2 + \Delta t^2",  # a wrong power
        r"(a+\Delta{a})^2 - a^2 = \Delta a(a + \Delta a)",  # a dropped factor
        r"\frac{(\theta + \Delta\theta)^2 - \theta^2}{\Delta \theta} = 2\theta - \Delta\theta",  # a sign slip
    ],
)
def test_a_wrong_identity_in_increments_never_passes(display):
    assert _one(display)[0] is not True


@pytest.mark.parametrize(
    "text, expected",
    [
        (r"x + \Delta x", r"x + \Delta_x"),
        (r"\Delta{x}^2", r"\Delta_x ^2"),  # padded to the length written
        (r"\Delta \theta", r"\Delta_\theta"),
        (r"H = V \Delta V^T", r"H = V \Delta V^T"),  # Δ before a capital: a matrix of its own
        (r"\Delta w_i", r"\Delta w_i"),  # an entry: another reading, left as written
        (r"\Delta f(x)", r"\Delta f(x)"),  # the change of a function's value
        (r"\Delta i", r"\Delta i"),  # an index of the problem
    ],
)
def test_increments_are_read_as_one_letter_only_where_clear(text, expected):
    assert increments_read(text, L2) == expected


# -- 7. several statements on one line ------------------------------------------------------------------

@pytest.mark.parametrize(
    "display, verdicts",
    [
        # two facts side by side, each checked (the corpus's eigenvalue diagonal, with the ellipsis)
        (r"\Lambda = \operatorname{diag}(\lambda_1, \dots, \lambda_d), \quad \Lambda + \alpha I = \operatorname{diag}(\lambda_1 + \alpha, \dots, \lambda_d + \alpha)", [True, True]),
        (r"V^T V = I; \ H = V \Lambda V^T", [True, True]),
        (r"H V = V \Lambda \quad \text{and} \quad V^T H V = \Lambda", [True, True]),
        # a wrong second statement is charged, the first stays valid
        (r"\Lambda = \operatorname{diag}(\lambda_i), \quad \Lambda + \alpha I = \operatorname{diag}(\lambda_i - \alpha)", [True, False]),
        (r"H V = V \Lambda \quad \text{and} \quad V^T H V = 2\Lambda", [True, False]),
    ],
)
def test_statements_side_by_side_are_each_checked(display, verdicts):
    (line,) = _lines([display])
    assert line.error is None and [k.valid for k in line.links] == verdicts


def test_a_sentence_quoting_two_equations_is_left_as_it_was():
    # its facts hold where the author says (at w^*), which the sentence does not write: not split into steps
    (line,) = _lines([r"\text{since $w^* = \arg \min_w J$, $\nabla_w J = 0$; }"])
    assert line.error is not None and not line.links


def test_a_condition_after_the_math_is_no_second_statement():
    lines = _lines([r"\frac{\partial y_j}{\partial z_i} = y_i(1 - y_i), \quad i = j"], "softmax_ce_grad", "softmax-ce-grad")
    assert len(lines) == 1 and lines[0].links and all(k.valid for k in lines[0].links)


# -- 8. the general objective in θ, then the course's w: the same parameters, no clash ---------------------

@pytest.mark.parametrize(
    "step, holds",
    [
        (r"\nabla \tilde J(w; X, y) = \alpha w + \nabla_w J(w; X, y)", True),
        # the tilde lost: J's gradient has no penalty term (a source's slip), charged
        (r"\nabla J(w; X, y) = \alpha w + \nabla_w J(w; X, y)", False),
        # a dropped factor on the penalty's gradient
        (r"\nabla_w \tilde J(w) = \frac{\alpha}{2} w + H(w - w^*)", False),
    ],
)
def test_theta_for_the_general_objective_then_w_is_no_clash(step, holds):
    lines = _lines([r"\tilde J(\theta; X, y) = J(\theta; X, y) + \frac{\alpha}{2} \theta^T \theta", step])
    verdict = _verdict(lines[1])
    assert verdict[0] is holds, verdict


# -- round-10 red team (redteam10_findings.md, findings 2, 3, 8, 9): rows that must stay charged, and cost -------
#
# A derivative at the wrong point: with polynomials of degree = order the top derivative is a constant, so taking
# it at x was never seen; the expansion is now checked with polynomials one degree higher against the remainder.

@pytest.mark.parametrize(
    "display",
    [
        r"f(x) \approx f(a) + f'(a)(x - a) + \frac{1}{2} f''(x)(x - a)^2",
        r"f(x) \approx f(a) + f'(x)(x - a)",
        r"g(u) \approx g(u_0) + g'(u_0)(u - u_0) + \frac{1}{2} g''(u_0)(u - u_0)^2 + \frac{1}{6} g'''(u)(u - u_0)^3",
        # other letters and layout: the top derivative at the variable, the lower ones at the point
        r"h(t) \approx h(t_0) + (t - t_0)\, h^{\prime}(t)",
        r"\psi(z) &\approx \psi(c) + \psi'(c)(z - c) + \frac{(z - c)^2}{2}\psi''(z)",
        # the value itself at the variable (the zeroth term): no expansion point at all, so never valid
        r"f(x) \approx f(x) + f'(a)(x - a)",
    ],
)
def test_a_derivative_at_the_wrong_point_is_charged(display):
    assert _one(display)[0] is not True


@pytest.mark.parametrize(
    "display",
    [
        r"f(x) \approx f(a) + f'(a)(x - a) + \frac{1}{2} f''(a)(x - a)^2",
        r"h(t) \approx h(t_0) + (t - t_0)\, h^{\prime}(t_0)",
        r"\psi(z) &\approx \psi(c) + \psi'(c)(z - c) + \frac{(z - c)^2}{2}\psi''(c)",
        r"f(x) \approx f(a)",
    ],
)
def test_the_right_expansion_with_its_top_derivative_at_the_point_holds(display):
    assert _one(display) == HOLDS


# An expansion about the minimizer: "exact" is judged in the generic scenario only (the problem's optimum scenario
# puts w at the minimizer, where both sides agree whatever the coefficient).

@pytest.mark.parametrize(
    "display, expected",
    [
        (r"\tilde J(w) \approx \tilde J(\tilde w) + 7(w - \tilde w)^\top (H + \alpha I)(w - \tilde w)", (False, "derivation.expansion_fails")),
        (r"\tilde J(w) \approx \tilde J(\tilde w) - \frac{1}{2}(w - \tilde w)^\top (H + \alpha I)(w - \tilde w)", (False, "derivation.expansion_fails")),
        (r"\tilde J(w) \approx \tilde J(\tilde w) + \frac{1}{2}(w - \tilde w)^\top H (w - \tilde w)", (False, "derivation.expansion_fails")),
        (r"\tilde J(w) \approx \tilde J(\tilde w) + \frac{1}{2}(w - \tilde w)^\top (H + \alpha I)(w - \tilde w)", (True, "derivation.approximation_exact")),
    ],
)
def test_an_expansion_about_the_minimizer_is_exact_only_where_it_is(display, expected):
    assert _one(display) == expected


# A special case after the statement (`\tilde w = w^*, \quad \alpha = 0`) is its condition, not a claim that the
# problem's scalar is that constant: the line is left as written (as before this round: not split, not charged piece
# by piece); a list whose last piece is a statement of its own is still split and each piece checked.

@pytest.mark.parametrize(
    "special_case",
    [
        r"\tilde w = w^*, \quad \alpha = 0",
        r"(H + \alpha I)^{-1} H = I, \quad \alpha = 0",
        r"\tilde w = w^* \quad , \quad \alpha = 0",
        r"(H + \alpha I)^{-1} = H^{-1}; \ \alpha = 0",
    ],
)
def test_a_special_case_after_a_comma_is_not_charged(special_case):
    lines = _lines([r"\tilde w = (H + \alpha I)^{-1} H w^*", special_case])
    assert all(_verdict(line)[0] is not False for line in lines), [_verdict(line) for line in lines]


@pytest.mark.parametrize(
    "display",
    [
        # a statement after the list's first one, not a special case: checked, and wrong (a sign slip)
        r"\tilde w = (H + \alpha I)^{-1} H w^*, \quad (H + \alpha I)\tilde w = H w^* + \alpha w^*",
        # a letter set to another letter (no constant), wrong as a claim
        r"\tilde w = (H + \alpha I)^{-1} H w^*, \quad \tilde w = w^*",
        # the first piece wrong (a dropped H), the second a true statement
        r"\tilde w = (H + \alpha I)^{-1} w^*, \quad H = H^\top",
    ],
)
def test_a_wrong_piece_of_a_list_stays_charged(display):
    assert any(_verdict(line)[0] is False for line in _lines([display])), [_verdict(line) for line in _lines([display])]


@pytest.mark.parametrize("last", [r"\alpha = 1", r"J_0 = \alpha"])
def test_listed_statements_are_read_within_the_derivations_time_limit(last):
    import dataclasses
    import time

    from grader.course.course import load_problem
    from grader.course.problem import GradingContext
    from grader.reading.answers_md import read_answers_document
    from grader.reading.submission import Submission

    terms = " + ".join(rf"\lambda_{{{k % 9 + 1}}} w_{{{k % 9 + 1}}}" for k in range(115))
    line = rf"\alpha = {terms}, \quad {last}"
    problem = dataclasses.replace(load_problem("l2_shrinkage"), time_limit=1.0)
    document = read_answers_document("## l2-shrinkage\n\n" + "".join(f"$${line}$$\n\n" for _ in range(150)))
    started = time.process_time()
    problem.grade(Submission(root=None), GradingContext(seed=2026, answers=document))  # type: ignore[arg-type]
    assert time.process_time() - started < 3.0  # CPU seconds; before the bound: ~5.5 s (main: ~1.1 s)
