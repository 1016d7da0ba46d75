r"""Derivations of the extended course (contract section 5), as students and textbooks write them.

Each row: a name, the problem module, the section's markdown, the first invalid line (None:
every step valid) and the derivation's points.  Includes the whole textbook derivations of
the L1 soft threshold and of the perceptron's convergence.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from grader.course.course import load_problem
from grader.course.problem import GradingContext
from grader.reading.answers_md import read_answers_document
from grader.reading.submission import Submission


def grade_section(module: str, markdown: str, seed: int = 2026):
    problem = load_problem(module)
    context = GradingContext(seed=seed, answers=read_answers_document(markdown))
    return problem.grade(Submission(root=None), context)  # type: ignore[arg-type]


def derivation_part(result):
    return next(p for p in result.parts if p.id == "derivation")


T = r"\frac{\alpha}{H_{i,i}}"

L1_TEXTBOOK = rf"""## l1-soft-threshold

The objective separates over the coordinates:

$$
\tilde J(w) = J(w^*) + \sum_{{i=1}}^{{d}} \left(\frac{{1}}{{2}} H_{{i,i}} (w_i - w_i^*)^2 + \alpha |w_i|\right)
$$

Where $w_i \neq 0$ the derivative of coordinate i's part vanishes at the minimum:

$$
H_{{i,i}}(w_i - w_i^*) + \alpha \operatorname{{sign}}(w_i) = 0 \quad (w_i \neq 0) \\
\Rightarrow w_i = w_i^* - {T} \operatorname{{sign}}(w_i)
$$

$$
w_i = w_i^* - {T}, \quad w_i^* > {T}
$$

$$
w_i = w_i^* + {T}, \quad w_i^* < -{T}
$$

$$
w_i = 0, \quad |w_i^*| \le {T}
$$

$$
\tilde w_i = \begin{{cases}} w_i^* - {T} & \text{{if }} w_i^* > {T} \\ 0 & \text{{if }} |w_i^*| \le {T} \\ w_i^* + {T} & \text{{otherwise}} \end{{cases}} \\
= \operatorname{{sign}}(w_i^*) \max\left(|w_i^*| - {T}, 0\right)
$$

Answer: $\tilde w_i = \operatorname{{sign}}(w_i^*) \max(|w_i^*| - {T}, 0)$
"""

L1_SHORT = rf"""## l1-soft-threshold

$$
\tilde J(w) = J(w^*) + \sum_{{i=1}}^{{d}} \left(\frac{{1}}{{2}} H_{{i,i}} (w_i - w_i^*)^2 + \alpha |w_i|\right)
$$

$$
\tilde w_i = \operatorname{{sign}}(w_i^*) \max\left(|w_i^*| - {T}, 0\right)
$$

Answer: $\operatorname{{sign}}(w_i^*) \max(|w_i^*| - {T}, 0)$
"""

L1_WRONG_CASE = L1_TEXTBOOK.replace(rf"w_i = w_i^* - {T}, \quad w_i^* > {T}", rf"w_i = w_i^* + {T}, \quad w_i^* > {T}")
L1_WRONG_ZERO = L1_TEXTBOOK.replace(rf"w_i = 0, \quad |w_i^*| \le {T}", r"w_i = 0, \quad |w_i^*| \le \alpha")
L1_ALPHA = L1_TEXTBOOK.replace(r"H_{i,i}(w_i - w_i^*) + \alpha \operatorname{sign}(w_i) = 0", r"(w_i - w_i^*) + \alpha \operatorname{sign}(w_i) = 0")

MAP_GAUSS = r"""## map-priors

$$
\arg\max_w p(w \mid \mathcal{D}) = \arg\max_w p(\mathcal{D} \mid w) p(w) \\
= \arg\max_w \log p(\mathcal{D} \mid w) + \sum_{j=1}^{d} \log p(w_j) \\
= \arg\min_w \mathrm{NLL}(w) - \sum_{j=1}^{d} \log\left(\frac{1}{\sqrt{2\pi}\tau} e^{-\frac{w_j^2}{2\tau^2}}\right) \\
= \arg\min_w \mathrm{NLL}(w) + \frac{1}{2\tau^2}\sum_{j=1}^{d} w_j^2
$$

Answer (a): $\frac{1}{2\tau^2}\sum_{j=1}^{d} w_j^2$

Answer (b): $\frac{1}{b}\sum_{j=1}^{d} |w_j|$
"""

MAP_LAPLACE = r"""## map-priors

$$
\arg\max_w p(w \mid \mathcal{D}) = \arg\max_w \frac{p(\mathcal{D} \mid w) p(w)}{p(\mathcal{D})} \\
= \arg\min_w -\log p(\mathcal{D} \mid w) - \log p(w) \\
= \arg\min_w \mathrm{NLL}(w) - \sum_{j=1}^{d} \log \frac{1}{2b} e^{-|w_j|/b} \\
= \arg\min_w \mathrm{NLL}(w) + d\log(2b) + \frac{1}{b}\sum_{j=1}^{d} |w_j| \\
= \arg\min_w \mathrm{NLL}(w) + \frac{1}{b}\sum_{j=1}^{d} |w_j|
$$

Answer (a): $\frac{1}{2\tau^2}\sum_{j=1}^{d} w_j^2$

Answer (b): $\frac{1}{b}\sum_{j} |w_j|$
"""

MAP_SIGN = MAP_GAUSS.replace(r"= \arg\min_w \mathrm{NLL}(w) - \sum_{j=1}^{d} \log\left(", r"= \arg\min_w \mathrm{NLL}(w) + \sum_{j=1}^{d} \log\left(")
MAP_HALF = MAP_LAPLACE.replace(r"= \arg\min_w \mathrm{NLL}(w) + \frac{1}{b}\sum_{j=1}^{d} |w_j|" + "\n$$", r"= \arg\min_w \mathrm{NLL}(w) + \frac{1}{2b}\sum_{j=1}^{d} |w_j|" + "\n$$")

DROPOUT_GOOD = r"""## dropout-moments

$$
\mathrm{Var}(\tilde h) = E[\tilde h^2] - E[\tilde h]^2 \\
= \frac{h^2}{p^2} E[m^2] - \frac{h^2}{p^2} E[m]^2 \\
= \frac{h^2}{p^2} p - \frac{h^2}{p^2} p^2 \\
= \frac{1 - p}{p} h^2
$$

Answer (a): $\frac{1 - p}{p} h^2$

Answer (b): $p$
"""

DROPOUT_VARIANCE_OF_MASK = r"""## dropout-moments

$$
\mathrm{Var}(\tilde h) = \frac{h^2}{p^2} \mathrm{Var}(m) \\
= \frac{h^2}{p^2} p(1 - p) \\
= \frac{(1 - p) h^2}{p}
$$

Answer (a): $\frac{(1 - p) h^2}{p}$

Answer (b): $p$
"""

DROPOUT_NO_SQUARE = DROPOUT_GOOD.replace(r"= \frac{h^2}{p^2} E[m^2] - \frac{h^2}{p^2} E[m]^2", r"= \frac{h^2}{p} E[m^2] - \frac{h^2}{p^2} E[m]^2")
DROPOUT_MEAN_SQUARED_WRONG = DROPOUT_GOOD.replace(r"= \frac{h^2}{p^2} p - \frac{h^2}{p^2} p^2", r"= \frac{h^2}{p^2} p - \frac{h^2}{p^2} p")

PERCEPTRON_TEXTBOOK = r"""## perceptron-convergence

Each update adds at least $\gamma$ along $w_{opt}$:

$$
w_k^T w_{opt} = (w_{k-1} + y_i x_i)^T w_{opt} = w_{k-1}^T w_{opt} + y_i x_i^T w_{opt} \ge w_{k-1}^T w_{opt} + \gamma
$$

$$
\Rightarrow w_k^T w_{opt} \ge k\gamma
$$

The norm grows slowly, since the update happens on a mistake ($y_i w_{k-1}^T x_i \le 0$):

$$
\|w_k\|^2 = \|w_{k-1} + y_i x_i\|^2 = \|w_{k-1}\|^2 + 2 y_i w_{k-1}^T x_i + \|x_i\|^2 \le \|w_{k-1}\|^2 + R^2
$$

$$
\Rightarrow \|w_k\|^2 \le k R^2
$$

By Cauchy–Schwarz:

$$
k\gamma \le w_k^T w_{opt} \le \|w_k\| \|w_{opt}\| = \|w_k\| \le \sqrt{k} R
$$

$$
\Rightarrow k \le \frac{R^2}{\gamma^2}
$$

Answer: $k \le \frac{R^2}{\gamma^2}$
"""

PERCEPTRON_SQUARED = r"""## perceptron-convergence

$$
w_k^T w_{opt} \geq w_{k-1}^T w_{opt} + \gamma \Rightarrow w_k^T w_{opt} \geq k \gamma
$$

$$
\|w_k\|^2 \leq \|w_{k-1}\|^2 + R^2 \Rightarrow \|w_k\|^2 \leq k R^2
$$

$$
k^2 \gamma^2 \le (w_k^T w_{opt})^2 \le \|w_k\|^2 \le k R^2 \\
\Rightarrow k \le \frac{R^2}{\gamma^2}
$$

Answer: $k \leq \frac{R^2}{\gamma^2}$
"""

PERCEPTRON_CS_WRONG_WAY = PERCEPTRON_TEXTBOOK.replace(r"k\gamma \le w_k^T w_{opt} \le \|w_k\| \|w_{opt}\|", r"k\gamma \le w_k^T w_{opt} \ge \|w_k\| \|w_{opt}\|")
PERCEPTRON_NORM_WRONG = PERCEPTRON_TEXTBOOK.replace(r"\le \|w_{k-1}\|^2 + R^2", r"\le \|w_{k-1}\|^2 - R^2")
PERCEPTRON_MARGIN_WRONG = PERCEPTRON_TEXTBOOK.replace(r"\Rightarrow w_k^T w_{opt} \ge k\gamma", r"\Rightarrow w_k^T w_{opt} \ge k^2\gamma")

NONCONVEX_GOOD = r"""## nonconvex-111

$$
\frac{\partial J_{MSE}}{\partial w_2} = (\hat y - y) \hat y (1 - \hat y) \sigma(w_1 x) \\
\frac{\partial^2 J_{MSE}}{\partial w_2^2} = \sigma(w_1 x)^2 \hat y (1 - \hat y) \left[\hat y (1 - \hat y) + (\hat y - y)(1 - 2\hat y)\right]
$$

Answer (a): $(\hat y - y)\sigma(w_1 x)$

Answer (b): $w_1 = 1, w_2 = -3, x = 2, y = 1$

Answer (c): $w_1 = 1, w_2 = -3, x = 2, y = 1$
"""

NONCONVEX_EXPANDED = r"""## nonconvex-111

$$
\frac{\partial^2 J_{MSE}}{\partial w_2^2} = \frac{\partial}{\partial w_2}\left[(\hat y - y)\hat y(1 - \hat y)\sigma(w_1 x)\right] \\
= \sigma(w_1 x)^2 \left[\hat y^2 (1 - \hat y)^2 + (\hat y - y)\hat y(1 - \hat y)(1 - 2\hat y)\right]
$$

Answer (a): $(\hat y - y)\sigma(w_1 x)$

Answer (b): $w_1 = 1, w_2 = 3, x = 2, y = 0$

Answer (c): $w_1 = 1, w_2 = -3, x = 2, y = 1$
"""

NONCONVEX_MISSING_TERM = NONCONVEX_GOOD.replace(r"\left[\hat y (1 - \hat y) + (\hat y - y)(1 - 2\hat y)\right]", r"\hat y (1 - \hat y)")

ROWS = [
    ("l1-textbook", "l1_soft_threshold", L1_TEXTBOOK, None, 5.0),
    ("l1-short", "l1_soft_threshold", L1_SHORT, None, 5.0),
    ("l1-wrong-case", "l1_soft_threshold", L1_WRONG_CASE, 4, 2.5),
    ("l1-wrong-zero-region", "l1_soft_threshold", L1_WRONG_ZERO, 6, 2.5),
    ("l1-hessian-dropped", "l1_soft_threshold", L1_ALPHA, 2, 2.5),
    ("map-gauss", "map_priors", MAP_GAUSS, None, 6.0),
    ("map-laplace", "map_priors", MAP_LAPLACE, None, 6.0),
    ("map-log-prior-sign", "map_priors", MAP_SIGN, 3, 1.5),
    ("map-laplace-half", "map_priors", MAP_HALF, 5, 1.5),
    ("dropout-moments", "dropout_moments", DROPOUT_GOOD, None, 5.0),
    ("dropout-variance-of-mask", "dropout_moments", DROPOUT_VARIANCE_OF_MASK, None, 5.0),
    ("dropout-no-square", "dropout_moments", DROPOUT_NO_SQUARE, 2, 1.25),
    ("dropout-mean-squared-wrong", "dropout_moments", DROPOUT_MEAN_SQUARED_WRONG, 3, 1.25),
    ("perceptron-textbook", "perceptron_convergence", PERCEPTRON_TEXTBOOK, None, 6.0),
    ("perceptron-squared", "perceptron_convergence", PERCEPTRON_SQUARED, None, 6.0),
    ("perceptron-cauchy-schwarz-wrong-way", "perceptron_convergence", PERCEPTRON_CS_WRONG_WAY, 5, 3.0),
    ("perceptron-norm-wrong", "perceptron_convergence", PERCEPTRON_NORM_WRONG, 3, 3.0),
    ("perceptron-margin-wrong", "perceptron_convergence", PERCEPTRON_MARGIN_WRONG, 2, 3.0),
    ("nonconvex-good", "nonconvex_111", NONCONVEX_GOOD, None, 3.0),
    ("nonconvex-expanded", "nonconvex_111", NONCONVEX_EXPANDED, None, 3.0),
    ("nonconvex-missing-term", "nonconvex_111", NONCONVEX_MISSING_TERM, 2, 0.75),
]


@pytest.mark.parametrize("name, module, markdown, invalid_line, points", ROWS, ids=[r[0] for r in ROWS])
def test_derivation_first_invalid_line_and_points(name, module, markdown, invalid_line, points):
    part = derivation_part(grade_section(module, markdown))
    assert part.invalid_line == invalid_line, [(l.number, [(k.relation, k.valid) for k in l.links]) for l in part.lines]
    assert part.score == pytest.approx(points), part.feedback


@pytest.mark.parametrize("name, module, markdown, invalid_line, points", ROWS[::4], ids=[r[0] for r in ROWS[::4]])
@pytest.mark.parametrize("seed", [0, 17, 2**31 - 1])
def test_the_same_derivation_gets_the_same_points_at_every_seed(name, module, markdown, invalid_line, points, seed):
    part = derivation_part(grade_section(module, markdown, seed=seed))
    assert part.invalid_line == invalid_line and part.score == pytest.approx(points)


def test_an_invalid_inequality_shows_a_counterexample():
    part = derivation_part(grade_section("perceptron_convergence", PERCEPTRON_CS_WRONG_WAY))
    link = next(k for l in part.lines if l.number == 5 for k in l.links if k.valid is False)
    assert link.relation == ">=" and link.counterexample is not None
    assert "w_k" in link.counterexample.point and float(link.counterexample.left) < float(link.counterexample.right)


def test_the_default_course_still_refuses_inequalities():
    """The default course's notation reads `\\le` as before: a relation it does not check."""
    from grader.mathparse import MathParseError, parse_line

    problem = load_problem("l2_shrinkage")
    with pytest.raises(MathParseError):
        parse_line(r"\lambda_i \le \lambda_i + \alpha", problem.notation)


def test_every_full_answer_earns_the_problem_points():
    for module, markdown in [("l1_soft_threshold", L1_TEXTBOOK), ("map_priors", MAP_GAUSS), ("dropout_moments", DROPOUT_GOOD),
                             ("perceptron_convergence", PERCEPTRON_TEXTBOOK), ("nonconvex_111", NONCONVEX_GOOD)]:
        result = grade_section(module, markdown)
        assert result.score == pytest.approx(10.0), (module, [(p.id, p.score, p.feedback) for p in result.parts])


def test_an_inequality_link_is_judged_in_at_most_50_ms_at_p95():
    from grader.mathengine.inequalities import inequality_holds
    from grader.mathparse import parse_line

    problem = load_problem("perceptron_convergence")
    checker = problem.checker(seed=3)
    line = parse_line(r"\|w_{k-1}\|^2 + 2 y_i w_{k-1}^T x_i + \|x_i\|^2 \le \|w_{k-1}\|^2 + R^2", problem.notation)
    checker.points(checker.scenarios[0])  # the perceptron runs are drawn once per problem and seed
    times = []
    for _ in range(40):
        started = time.perf_counter()
        assert inequality_holds(checker, line.terms[0], line.terms[1], line.relations[0]).holds
        times.append(time.perf_counter() - started)
    times.sort()
    assert times[int(0.95 * len(times)) - 1] < 0.05, times


PERCEPTRON_DOT = PERCEPTRON_TEXTBOOK.replace(r"w_k^T w_{opt} = (w_{k-1} + y_i x_i)^T w_{opt} = w_{k-1}^T w_{opt} + y_i x_i^T w_{opt} \ge w_{k-1}^T w_{opt} + \gamma",
                                             r"w_k \cdot w_{opt} = w_{k-1} \cdot w_{opt} + y_i x_i \cdot w_{opt} \ge w_{k-1} \cdot w_{opt} + \gamma")
PERCEPTRON_STOPS_AT_ROOT = PERCEPTRON_TEXTBOOK.replace(r"\Rightarrow k \le \frac{R^2}{\gamma^2}" + "\n$$", r"\Rightarrow \sqrt{k} \le \frac{R}{\gamma}" + "\n$$")


def test_a_dot_between_two_vectors_is_their_inner_product_in_the_perceptron_proof():
    part = derivation_part(grade_section("perceptron_convergence", PERCEPTRON_DOT))
    assert part.invalid_line is None and part.score == 6.0, part.feedback


def test_stopping_at_the_square_root_is_named():
    part = derivation_part(grade_section("perceptron_convergence", PERCEPTRON_STOPS_AT_ROOT))
    assert part.invalid_line is None and part.mistakes == ("derivation-bound-not-squared",), part.feedback


L1_CONTRACT_NOTATION = rf"""## l1-soft-threshold

$$
\tilde J(w) = \hat J(w) + \alpha \|w\|_1 = J(w^*) + \sum_{{i=1}}^{{d}} \frac{{1}}{{2}} H_{{i,i}} (w_i - w_i^*)^2 + \alpha \sum_{{i=1}}^{{d}} \lvert w_i \rvert
$$

$$
\frac{{\partial \tilde J}}{{\partial w_i}} = H_{{i,i}}(w_i - w_i^*) + \alpha \operatorname{{sign}}(w_i) = 0 \quad (w_i \neq 0)
$$

$$
\tilde w_i = \begin{{cases}} w_i^* - {T} & w_i^* > {T} \\ w_i^* + {T} & w_i^* < -{T} \\ 0 & \text{{otherwise}} \end{{cases}}
$$

Answer: $\tilde w_i = \operatorname{{sign}}(w_i^*) \max\{{|w_i^*| - {T}, 0\}}$
"""


def test_the_l1_derivation_in_the_contracts_own_notation():
    result = grade_section("l1_soft_threshold", L1_CONTRACT_NOTATION)
    part = derivation_part(result)
    assert part.invalid_line is None and part.score == 5.0, [(l.number, l.error, [(k.relation, k.valid, k.reason) for k in l.links]) for l in part.lines]
    assert result.score == 10.0


def test_the_cauchy_schwarz_step_taken_the_wrong_way_is_named():
    part = derivation_part(grade_section("perceptron_convergence", PERCEPTRON_CS_WRONG_WAY))
    assert part.mistakes == ("cauchy-schwarz-wrong-way",)
    flipped = PERCEPTRON_TEXTBOOK.replace(r"k\gamma \le w_k^T w_{opt} \le \|w_k\| \|w_{opt}\|", r"\|w_k\| \le w_k^T w_{opt}")
    assert derivation_part(grade_section("perceptron_convergence", flipped)).mistakes == ("cauchy-schwarz-wrong-way",)
    assert derivation_part(grade_section("perceptron_convergence", PERCEPTRON_NORM_WRONG)).mistakes == ()


PERCEPTRON_BOLD_CONTINUED = (Path(__file__).parent / "extended_fixtures" / "perceptron_bold.md").read_text(encoding="utf-8")


def test_a_bold_perceptron_proof_with_lines_continuing_an_inequality():
    """`\\leq ...` at the start of a line continues from the last term (as `= ...` does)."""
    part = derivation_part(grade_section("perceptron_convergence", PERCEPTRON_BOLD_CONTINUED))
    assert part.invalid_line is None and part.score == 6.0, part.feedback
    wrong = PERCEPTRON_BOLD_CONTINUED.replace(r"\leq \|\mathbf{w}_{k-1}\|^2 + R^2 \\", r"\leq \|\mathbf{w}_{k-1}\|^2 \\")
    assert derivation_part(grade_section("perceptron_convergence", wrong)).invalid_line == 5


def test_an_l1_derivation_by_cases_stated_in_prose():
    """"If $w_i^* > \\frac{\\alpha}{H_{i,i}}$:" before a block puts its lines under that condition."""
    markdown = (Path(__file__).parent / "extended_fixtures" / "l1_prose_cases.md").read_text(encoding="utf-8")
    part = derivation_part(grade_section("l1_soft_threshold", markdown))
    assert part.invalid_line is None and part.score == 5.0, part.feedback
    swapped = markdown.replace(r"\tilde w_i = w_i^* - \frac{\alpha}{H_{i,i}}", r"\tilde w_i = w_i^* + \frac{\alpha}{H_{i,i}}", 1)
    assert derivation_part(grade_section("l1_soft_threshold", swapped)).invalid_line == 2
