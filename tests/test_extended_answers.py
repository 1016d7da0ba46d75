r"""Final answers of the extended course's problems (contract section 5), as students write them.

Each row: problem, part, what the student wrote after ``Answer:``, the share of the part's
points it earns (None: unreadable), and the mistake it must be named as (if any).  Witness
answers (nonconvex-111 (b), (c)) are points: any point with the property earns the points.
"""

from __future__ import annotations

import pytest

from grader.course.course import load_problem
from grader.mathengine.piecewise import parse_with_cases
from grader.mathparse import MathParseError

PROBLEMS = {
    "l1-soft-threshold": load_problem("l1_soft_threshold"),
    "map-priors": load_problem("map_priors"),
    "dropout-moments": load_problem("dropout_moments"),
    "perceptron-convergence": load_problem("perceptron_convergence"),
    "nonconvex-111": load_problem("nonconvex_111"),
}

T = r"\frac{\alpha}{H_{i,i}}"

L1 = [
    (rf"\operatorname{{sign}}(w_i^*) \max(\lvert w_i^* \rvert - {T}, 0)", 1.0, None),
    (rf"\tilde w_i = \operatorname{{sign}}(w_i^*) \max\left(|w_i^*| - {T}, 0\right)", 1.0, None),
    (rf"\mathrm{{sign}}(w_i^*)\max(0, |w_i^*| - {T})", 1.0, None),
    (rf"\text{{sign}}(w^*_i) \max\{{|w^*_i| - {T}, 0\}}", 1.0, None),
    (rf"\operatorname{{sign}}(w^*_{{i}}) \cdot \max\left\{{|w^*_i| - {T}, 0\right\}}", 1.0, None),
    (rf"\operatorname{{sign}}(w_i^*)\left(|w_i^*| - {T}\right)_+", 1.0, None),
    (rf"\operatorname{{sign}}(w_i^*)(|w_i^*| - {T})_{{+}}", 1.0, None),
    (rf"\mathbf{{sign}}(w_i^*) \max(|w_i^*| - {T}, 0)", 1.0, None),
    (rf"(w_i^* - {T})_+ - (-w_i^* - {T})_+", 1.0, None),
    (r"\operatorname{sign}(w_i^*)(|w_i^*| - \alpha)_+", 0.4, "alpha-not-scaled"),
    (r"S_{\alpha/H_{i,i}}(w_i^*)", 0.0, None),  # a name for the soft threshold, not its closed form
    (r"\operatorname{sgn}(w_i^*) \max(|w_i^*| - \alpha/H_{i,i}, 0)", 1.0, None),
    (r"\operatorname{sign}(w_i^*) \max(|w_i^*| - \frac{\alpha}{H_{ii}}, 0)", 1.0, None),
    (rf"\max(w_i^* - {T}, 0) + \min(w_i^* + {T}, 0)", 1.0, None),
    (rf"\max(w_i^* - {T}, 0) - \max(-w_i^* - {T}, 0)", 1.0, None),
    (r"\operatorname{sign}(w_i^*) \frac{\max(H_{i,i} |w_i^*| - \alpha, 0)}{H_{i,i}}", 1.0, None),
    (rf"\begin{{cases}} w_i^* - {T} & \text{{if }} w_i^* > {T} \\ 0 & \text{{if }} |w_i^*| \le {T} \\ w_i^* + {T} & \text{{otherwise}} \end{{cases}}", 1.0, None),
    (rf"\begin{{cases}} w_i^* + {T}, & w_i^* < -{T} \\ 0, & -{T} \le w_i^* \le {T} \\ w_i^* - {T}, & w_i^* > {T} \end{{cases}}", 1.0, None),
    (rf"\tilde w_i = \begin{{cases}} 0 & |w_i^*| \leq {T} \\ w_i^* - \operatorname{{sign}}(w_i^*) {T} & \text{{otherwise}} \end{{cases}}", 1.0, None),
    (rf"\begin{{cases}} w_i^* - {T} & w_i^* \geq {T} \\ w_i^* + {T} & w_i^* \leq -{T} \\ 0 & \text{{otherwise}} \end{{cases}}", 1.0, None),
    (rf"w_i^* - \operatorname{{sign}}(w_i^*) {T}", 0.4, "no-zero-region"),
    (rf"\operatorname{{sign}}(w_i^*)(|w_i^*| - {T})", 0.4, "no-zero-region"),
    (r"\operatorname{sign}(w_i^*) \max(|w_i^*| - \alpha, 0)", 0.4, "alpha-not-scaled"),
    (r"\begin{cases} w_i^* - \alpha & w_i^* > \alpha \\ 0 & |w_i^*| \le \alpha \\ w_i^* + \alpha & \text{otherwise} \end{cases}", 0.4, "alpha-not-scaled"),
    (r"\frac{H_{i,i}}{H_{i,i} + \alpha} w_i^*", 0.0, "l2-factor"),
    (rf"\operatorname{{sign}}(w_i^*)(|w_i^*| + {T})", 0.0, "threshold-sign-flipped"),
    (r"w_i^*", 0.0, None),
    (rf"\max(|w_i^*| - {T}, 0)", 0.0, None),  # the sign is lost
    (rf"\operatorname{{sign}}(w_i^*) \min(|w_i^*| - {T}, 0)", 0.0, None),
    (rf"\begin{{cases}} w_i^* - {T} & w_i^* > {T} \\ w_i^* + {T} & \text{{otherwise}} \end{{cases}}", 0.0, None),
    (r"\tilde w_i", 0.0, None),  # not in closed form
]

GAUSS = r"\frac{1}{2\tau^2}\sum_{j=1}^{d} w_j^2"
MAP_A = [
    (GAUSS, 1.0, None),
    (r"\sum_{j=1}^{d} \frac{w_j^2}{2\tau^2}", 1.0, None),
    (r"\Omega(w) = \frac{\sum_{j=1}^{d} w_j^2}{2\tau^2}", 1.0, None),
    (r"\frac{1}{2\tau^2}\sum_{j} w_j^2", 1.0, None),
    (r"\frac{1}{2}\tau^{-2}\sum_{j=1}^{d} w_j^2", 1.0, None),
    (r"\sum_{j=1}^{d} \frac{1}{2}\left(\frac{w_j}{\tau}\right)^2", 1.0, None),
    (rf"{GAUSS} + \frac{{d}}{{2}}\log(2\pi\tau^2)", 1.0, None),
    (rf"{GAUSS} + d\log(\sqrt{{2\pi}}\tau)", 1.0, None),
    (rf"\frac{{d}}{{2}}\log 2\pi + d\log\tau + {GAUSS}", 1.0, None),
    (r"\frac{1}{2\tau^2}\|w\|^2", 1.0, None),
    (r"\frac{\|w\|_2^2}{2\tau^2}", 1.0, None),
    (r"\frac{1}{2\tau^2} w^T w", 1.0, None),
    (r"\frac{w^\top w}{2\tau^2}", 1.0, None),
    (r"\frac{1}{\tau^2}\sum_{j=1}^{d} w_j^2", 0.5, "gaussian-missing-half"),
    (r"\frac{1}{\tau^2} w^T w", 0.5, "gaussian-missing-half"),
    (r"\frac{\|w\|^2}{\tau^2}", 0.5, "gaussian-missing-half"),
    (r"\frac{1}{2}\sum_{j=1}^{d} w_j^2", 0.25, "gaussian-missing-variance"),
    (r"\sum_{j=1}^{d} w_j^2", 0.25, "gaussian-missing-variance"),
    (r"\frac{1}{b}\sum_{j=1}^{d} |w_j|", 0.0, "gaussian-prior-gave-l1"),
    (r"\frac{1}{\tau}\sum_{j=1}^{d} \lvert w_j \rvert", 0.0, "gaussian-prior-gave-l1"),
    (rf"-{GAUSS}", 0.0, "log-prior-sign-gaussian"),
    (r"\frac{1}{2\tau}\sum_{j=1}^{d} w_j^2", 0.0, None),
    (r"\frac{\tau^2}{2}\sum_{j=1}^{d} w_j^2", 0.0, None),
    (r"\Omega(w)", 0.0, None),
]
LAPLACE = r"\frac{1}{b}\sum_{j=1}^{d} |w_j|"
MAP_B = [
    (LAPLACE, 1.0, None),
    (r"\sum_{j} \frac{\lvert w_j \rvert}{b}", 1.0, None),
    (r"\frac{\sum_{j=1}^{d} |w_j|}{b}", 1.0, None),
    (r"b^{-1}\sum_{j=1}^{d} |w_j|", 1.0, None),
    (r"\frac{1}{b}\|w\|_1", 1.0, None),
    (r"\frac{\|w\|_1}{b}", 1.0, None),
    (r"\|w\|_1", 0.25, "laplace-missing-scale"),
    (rf"{LAPLACE} + d\log(2b)", 1.0, None),
    (rf"{LAPLACE} + d\log 2 + d\log b", 1.0, None),
    (r"\sum_{j=1}^{d} |w_j|", 0.25, "laplace-missing-scale"),
    (r"\frac{1}{2b}\sum_{j=1}^{d} |w_j|", 0.25, "laplace-missing-scale"),
    (r"\frac{1}{2b^2}\sum_{j=1}^{d} w_j^2", 0.0, "laplace-prior-gave-l2"),
    (rf"-{LAPLACE}", 0.0, "log-prior-sign-laplace"),
    (r"b\sum_{j=1}^{d} |w_j|", 0.0, None),
]

DROPOUT_A = [
    (r"\frac{1 - p}{p} h^2", 1.0, None),
    (r"\frac{(1-p) h^2}{p}", 1.0, None),
    (r"h^2\left(\frac{1}{p} - 1\right)", 1.0, None),
    (r"\frac{h^2}{p} - h^2", 1.0, None),
    (r"\mathrm{Var}(\tilde h) = \frac{1-p}{p}h^2", 1.0, None),
    (r"\operatorname{Var}(\tilde h) = h^2 (1-p)/p", 1.0, None),
    (r"\frac{h^2(1 - p)}{p}", 1.0, None),
    (r"(p^{-1} - 1) h^2", 1.0, None),
    (r"\frac{1-p}{p}h^{2}", 1.0, None),
    (r"(1 - p) h^2", 0.0, "variance-without-1-over-p"),
    (r"p(1 - p) h^2", 0.0, "standard-dropout-variance"),
    (r"\frac{h^2}{p}", 0.3, "second-moment-only"),
    (r"\frac{1 - p}{p^2} h^2", 0.0, None),
    (r"\frac{p}{1-p} h^2", 0.0, None),
    (r"\frac{1-p}{p} h", 0.0, None),
    (r"E[\tilde h^2] - E[\tilde h]^2", 0.0, None),  # not in closed form
]
DROPOUT_B = [
    (r"p", 1.0, None),
    (r"\frac{1}{p}", 0.0, "test-factor-inverted"),
    (r"p^{-1}", 0.0, "test-factor-inverted"),
    (r"1 - p", 0.0, "test-factor-drop-probability"),
    (r"1", 0.0, None),
]

PERCEPTRON = [
    (r"k \le \frac{R^2}{\gamma^2}", 1.0, None),
    (r"\frac{R^2}{\gamma^2}", 1.0, None),
    (r"k \leq \left(\frac{R}{\gamma}\right)^2", 1.0, None),
    (r"k \le R^2 / \gamma^2", 1.0, None),
    (r"k \le R^2 \gamma^{-2}", 1.0, None),
    (r"k < \frac{R^2}{\gamma^2}", 1.0, None),
    (r"(R/\gamma)^2", 1.0, None),
    (r"\frac{R^{2}}{\gamma^{2}}", 1.0, None),
    (r"k \le \frac{R}{\gamma}", 0.25, "bound-not-squared"),
    (r"\frac{R^2}{\gamma}", 0.25, "margin-not-squared"),
    (r"\frac{R}{\gamma^2}", 0.25, "radius-not-squared"),
    (r"k \le \frac{\gamma^2}{R^2}", 0.0, "bound-inverted"),
    (r"k \le \frac{R^2}{2\gamma^2}", 0.0, None),
    (r"k \le R^2", 0.0, None),
    (r"k \le \frac{1}{\gamma^2}", 0.0, None),
    (r"k \leq \frac{R^2}{\gamma^2}", 1.0, None),
    (r"k \le \frac{R^2}{\gamma^2} = \left(\frac{R}{\gamma}\right)^2", 1.0, None),
    (r"\frac{R \cdot R}{\gamma \cdot \gamma}", 1.0, None),
    (r"k \le \sqrt{\frac{R^2}{\gamma^2}}", 0.25, "bound-not-squared"),
    (r"k \le \frac{R^2}{\gamma^2} + 1", 0.0, None),
    (r"k \ge \frac{R^2}{\gamma^2}", 1.0, None),  # the right side counts (the contract); the relation is the derivation's
]

NONCONVEX_A = [
    (r"(\hat y - y)\sigma(w_1 x)", 1.0, None),
    (r"\frac{\partial J_{CE}}{\partial w_2} = (\hat y - y)\sigma(w_1 x)", 1.0, None),
    (r"(\sigma(w_2\sigma(w_1 x)) - y)\sigma(w_1 x)", 1.0, None),
    (r"\sigma(w_1 x)(\hat y - y)", 1.0, None),
    (r"\hat y \sigma(w_1 x) - y\sigma(w_1 x)", 1.0, None),
    (r"\left(\frac{1}{1 + e^{-w_2 \sigma(w_1 x)}} - y\right)\frac{1}{1 + e^{-w_1 x}}", 1.0, None),
    (r"\frac{\hat y - y}{1 + e^{-w_1 x}}", 1.0, None),
    (r"-(y - \hat y)\sigma(w_1 x)", 1.0, None),
    (r"\hat y - y", 0.0, "missing-inner-activation"),
    (r"(\hat y - y)\hat y (1 - \hat y)\sigma(w_1 x)", 0.0, "mse-gradient-for-ce"),
    (r"(y - \hat y)\sigma(w_1 x)", 0.0, "gradient-sign"),
    (r"(\hat y - y) w_2", 0.0, None),
    (r"(\hat y - y) x", 0.0, None),
    (r"\frac{\partial J_{CE}}{\partial w_2}", 0.0, None),  # not in closed form
]

ROWS = (
    [("l1-soft-threshold", "answer", *row) for row in L1]
    + [("map-priors", "answer-a", *row) for row in MAP_A]
    + [("map-priors", "answer-b", *row) for row in MAP_B]
    + [("dropout-moments", "answer-a", *row) for row in DROPOUT_A]
    + [("dropout-moments", "answer-b", *row) for row in DROPOUT_B]
    + [("perceptron-convergence", "answer", *row) for row in PERCEPTRON]
    + [("nonconvex-111", "answer-a", *row) for row in NONCONVEX_A]
)


def judged(problem_id: str, part: str, written: str, seed: int = 12345):
    problem = PROBLEMS[problem_id]
    answer = next(a for a in problem.answers if a.part == part)
    term = parse_with_cases(written, problem.notation).terms[-1]
    return problem.judge_answer(answer, term, problem.checker(seed=seed))


@pytest.mark.parametrize("problem_id, part, written, credit, mistake", ROWS)
def test_answer_earns_its_share(problem_id, part, written, credit, mistake):
    try:
        _verdict, feedback, mistakes, earned = judged(problem_id, part, written)
    except MathParseError:
        assert credit is None, f"{written!r} should have been readable"
        return
    assert credit is not None, f"{written!r} should have been refused by the parser"
    assert earned == pytest.approx(credit), (written, feedback)
    if mistake is not None:
        assert mistakes == [mistake]
    elif credit < 1:
        assert mistakes == []


def test_every_problem_has_a_table_of_at_least_twenty_answers():
    counts = {}
    for problem_id, *_ in ROWS:
        counts[problem_id] = counts.get(problem_id, 0) + 1
    counts["nonconvex-111"] += len(WITNESSES)
    assert all(counts[p] >= 20 for p in PROBLEMS), counts


@pytest.mark.parametrize("seed", [0, 1, 2, 99, 2**31 - 1])
def test_verdicts_do_not_depend_on_the_seed(seed):
    for problem_id, part, written, credit, _mistake in ROWS[::3]:
        if credit is None:
            continue
        _, _, _mistakes, earned = judged(problem_id, part, written, seed=seed)
        assert earned == pytest.approx(credit), (written, seed)


# -- witness answers -------------------------------------------------------------------------

WITNESSES = [
    ("answer-b", r"w_1 = 1, w_2 = -3, x = 2, y = 1", 1.0, None),
    ("answer-b", r"w_1 = 1, w_2 = 3, x = 2, y = 0", 1.0, None),
    ("answer-b", r"(w_1, w_2, x, y) = (1, 4, 3, 0)", 1.0, None),
    ("answer-b", r"w_1 = 1,\ w_2 = -3,\ x = 2,\ y = 1", 1.0, None),
    ("answer-b", r"w_1 = 1; w_2 = -3; x = 2; y = 1", 1.0, None),
    ("answer-b", r"w_1 = 1 \quad w_2 = -3 \quad x = 2 \quad y = 1", 1.0, None),
    ("answer-b", r"w_1 = 1, w_2 = -3, x = 2", 0.0, None),  # y missing
    ("answer-b", r"w_1 = a, w_2 = -3, x = 2, y = 1", None, None),  # a value must be a number
    ("answer-b", r"y = 1, x = 2, w_2 = -3, w_1 = 1", 1.0, None),
    ("answer-b", r"w_1 = \frac{1}{2}, w_2 = -4, x = 4, y = 1", 1.0, None),
    ("answer-b", r"w_1 = 0, w_2 = 0, x = 0, y = 1", 0.0, "mse-witness-not-negative"),
    ("answer-b", r"w_1 = 1, w_2 = 1, x = 1, y = 1", 0.0, "mse-witness-not-negative"),
    ("answer-b", r"w_1 = 1, w_2 = 1, x = 1, y = 2", 0.0, None),  # y must be 0 or 1
    ("answer-b", r"w_1 = 1, w_2 = 1", 0.0, None),  # incomplete
    ("answer-c", r"w_1 = 1, w_2 = -3, x = 2, y = 1", 1.0, None),
    ("answer-c", r"w_1 = -1, w_2 = 3, x = 2, y = 0", 0.0, "ce-witness-not-negative"),
    ("answer-c", r"w_1 = 1, w_2 = 3, x = 2, y = 0", 1.0, None),
    ("answer-c", r"w_1 = 1, w_2 = 5, x = 2, y = 1", 0.0, "ce-witness-not-negative"),
    ("answer-c", r"w_1 = 0, w_2 = 1, x = 1, y = 1", 0.0, "ce-witness-not-negative"),
]


@pytest.mark.parametrize("part, written, credit, mistake", WITNESSES)
def test_witness_points(part, written, credit, mistake):
    problem = PROBLEMS["nonconvex-111"]
    answer = next(a for a in problem.answers if a.part == part)
    earned, feedback, mistakes = answer.judge(problem, written, problem.checker(seed=7))
    if credit is None:
        assert earned == 0.0 and feedback[0].key == "witness.unreadable", feedback
        return
    assert earned == credit, feedback
    assert mistakes == ([mistake] if mistake else [])
    if credit == 0.0 and mistake is not None:
        # the value found at the point is shown
        assert any(m.key == "witness.fails" and m.params["value"] for m in feedback)


def test_witness_is_checked_against_the_true_second_derivative():
    """The property is computed, not looked up: a closed form of d²J_MSE/dw_2² agrees in sign."""
    import numpy as np

    problem = PROBLEMS["nonconvex-111"]
    answer = next(a for a in problem.answers if a.part == "answer-b")
    rng = np.random.default_rng(3)
    for _ in range(25):
        w1, w2, x = rng.uniform(-4, 4, 3)
        y = float(rng.integers(0, 2))
        s = 1 / (1 + np.exp(-w1 * x))
        yh = 1 / (1 + np.exp(-w2 * s))
        exact = s**2 * yh * (1 - yh) * (yh * (1 - yh) + (yh - y) * (1 - 2 * yh))
        if abs(exact) < 1e-4:
            continue
        earned, _, _ = answer.judge(problem, f"w_1 = {w1:.12f}, w_2 = {w2:.12f}, x = {x:.12f}, y = {int(y)}", problem.checker(seed=1))
        assert earned == (1.0 if exact < 0 else 0.0), (w1, w2, x, y, exact)


@pytest.mark.parametrize(
    "line",
    [
        r"Answer (b): $w_1 = 1$, $w_2 = -3$, $x = 2$, $y = 1$",
        r"Answer (b): $w_1 = 1, w_2 = -3, x = 2, y = 1$ (there the second derivative is negative)",
        r"Answer (b): w_1 = 1, w_2 = -3, x = 2, y = 1",
        r"Answer (b): $(w_1, w_2, x, y) = (1, -3, 2, 1)$",
    ],
)
def test_a_witness_point_as_students_write_the_line(line):
    from grader.reading.answers_md import read_answers_document

    problem = PROBLEMS["nonconvex-111"]
    section = read_answers_document(f"## nonconvex-111\n\n{line}\n").section("nonconvex-111")
    answer = next(a for a in problem.answers if a.part == "answer-b")
    part = answer.grade(problem, section, problem.checker(seed=2), 2.0)
    assert part.score == 2.0, part.feedback
