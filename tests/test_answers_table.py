r"""Final answers of the five derivation problems, as students write them.

Each row: problem, part, what the student wrote after ``Answer:``, the share of the
part's points it earns, and (for known mistakes) the mistake it must be diagnosed as.
"""

from __future__ import annotations

import pytest

from grader.course.course import load_problem
from grader.mathparse import parse_line

PROBLEMS = {
    "mle-mse": load_problem("mle_mse"),
    "ce-mle": load_problem("ce_mle"),
    "softmax-ce-grad": load_problem("softmax_ce_grad"),
    "l2-shrinkage": load_problem("l2_shrinkage"),
    "xavier-variance": load_problem("xavier_variance"),
}

SSE = r"\sum_{i=1}^{n}(y_i - w x_i - b)^2"

MLE_MSE = [
    (rf"\frac{{n}}{{2}}\log(2\pi\sigma^2) + \frac{{1}}{{2\sigma^2}}{SSE}", 1.0, None),
    (rf"-\log L(w,b) = \frac{{n}}{{2}}\log(2\pi\sigma^2) + \frac{{1}}{{2\sigma^2}}{SSE}", 1.0, None),
    (rf"\frac{{n}}{{2}}\ln(2\pi\sigma^2) + \frac{{1}}{{2\sigma^2}}{SSE}", 1.0, None),
    (rf"n\log\sqrt{{2\pi\sigma^2}} + \frac{{1}}{{2\sigma^2}}{SSE}", 1.0, None),
    (rf"n\log(\sqrt{{2\pi}}\sigma) + {SSE} / (2\sigma^2)", 1.0, None),
    (rf"\frac{{n}}{{2}}\log 2\pi + n\log\sigma + \frac{{1}}{{2\sigma^2}}{SSE}", 1.0, None),
    (r"\frac{n}{2}\log(2\pi) + \frac{n}{2}\log(\sigma^2) + \frac{1}{2\sigma^2}\sum_{i=1}^{n}(w x_i + b - y_i)^2", 1.0, None),
    (rf"\frac{{1}}{{2\sigma^2}}{SSE} + \frac{{n}}{{2}}\log(2\pi\sigma^2)", 1.0, None),
    (r"\frac{n}{2}\log(2\pi\sigma^2) + \frac{1}{2\sigma^2}\sum_{i=1}^{n}\epsilon_i^2", 1.0, None),
    (r"\frac{n}{2}\log(2\pi\sigma^2) + \frac{1}{2\sigma^2}\sum_{i=1}^{n}(y_i^2 - 2y_i(w x_i + b) + (w x_i + b)^2)", 1.0, None),
    (r"-\sum_{i=1}^{n}\log\left(\frac{1}{\sqrt{2\pi\sigma^2}}e^{-\frac{(y_i - w x_i - b)^2}{2\sigma^2}}\right)", 1.0, None),
    (r"n/2*log(2*pi*sigma^2) + 1/(2*sigma^2)*sum", None, None),  # plain ASCII has no sums: unreadable
    (rf"\frac{{1}}{{2\sigma^2}}{SSE}", 0.5, "nll-missing-constant"),
    (rf"\frac{{1}}{{2}}\log(2\pi\sigma^2) + \frac{{1}}{{2\sigma^2}}{SSE}", 0.5, "nll-constant-not-times-n"),
    (rf"-\frac{{n}}{{2}}\log(2\pi\sigma^2) - \frac{{1}}{{2\sigma^2}}{SSE}", 0.25, "log-likelihood-sign"),
    (rf"\frac{{n}}{{2}}\log(2\pi\sigma^2) + {SSE}", 0.25, "nll-missing-variance"),
    (rf"\frac{{n}}{{2}}\log_{{10}}(2\pi\sigma^2) + \frac{{1}}{{2\sigma^2}}{SSE}", 0.25, "log-base-10"),
    (rf"\frac{{n}}{{2}}\log(2\pi\sigma^2) + \frac{{1}}{{\sigma^2}}{SSE}", 0.0, None),
    (rf"\frac{{n}}{{2}}\log(2\pi\sigma) + \frac{{1}}{{2\sigma^2}}{SSE}", 0.0, None),
    (rf"\frac{{1}}{{n}}{SSE}", 0.0, None),
    (r"-\log L(w,b)", 0.0, None),  # not in closed form
    (r"\frac{n}{2}\log(2\pi\sigma^2) + \frac{1}{2\sigma^2}\sum_{i=1}^{n}(y_i - w x_i + b)^2", 0.0, None),
]

CE = r"\sum_{i=1}^{n}\sum_{k=1}^{K} Y_{ik}\log y_{ik}"
CE_MLE = [
    (rf"-{CE}", 1.0, None),
    (rf"-\log L(\theta) = -{CE}", 1.0, None),
    (r"-\sum_{i=1}^{n}\sum_{k=1}^{K} Y_{i,k}\ln y_{i,k}", 1.0, None),
    (r"-\sum_{i}\sum_{k} Y_{ik}\log y_{ik}", 1.0, None),
    (r"\sum_{i=1}^{n}\sum_{k=1}^{K} Y_{ik}\log\frac{1}{y_{ik}}", 1.0, None),
    (r"\sum_{i=1}^{n}\sum_{k=1}^{K} -Y_{ik}\log y_{ik}", 1.0, None),
    (r"-\sum_{k=1}^{K}\sum_{i=1}^{n} Y_{ik}\log y_{ik}", 1.0, None),
    (r"-\sum_{i=1}^{n}\log\prod_{k=1}^{K} y_{ik}^{Y_{ik}}", 1.0, None),
    (r"-\sum_{i=1}^{n}\left(\sum_{k=1}^{K} Y_{ik}\log y_{ik}\right)", 1.0, None),
    (r"\sum_{i=1}^{n}\sum_{k=1}^{K} Y_{ik}(-\log y_{ik})", 1.0, None),
    (r"-\log\prod_{i=1}^{n}\prod_{k=1}^{K} y_{ik}^{Y_{ik}}", 1.0, None),
    (rf"-\frac{{1}}{{n}}{CE}", 0.5, "nll-with-1-over-n"),
    (CE, 0.25, "log-likelihood-sign"),
    (r"-\sum_{i=1}^{n}\sum_{k=1}^{K} Y_{ik}\log_{10} y_{ik}", 0.25, "log-base-10"),
    (r"-\sum_{i=1}^{n}\sum_{k=1}^{K} \log y_{ik}", 0.0, None),
    (r"-\sum_{i=1}^{n}\sum_{k=1}^{K} Y_{ik} y_{ik}", 0.0, None),
    (r"-\prod_{i=1}^{n}\prod_{k=1}^{K} Y_{ik}\log y_{ik}", 0.0, None),
    (r"-\sum_{i=1}^{n}\sum_{k=1}^{K} (1 - Y_{ik})\log y_{ik}", 0.0, None),
    (r"-\log L(\theta)", 0.0, None),
    (r"-\sum_{i=1}^{n}\sum_{k=1}^{K} Y_{ik}\log(1 - y_{ik})", 0.0, None),
]

SOFTMAX = [
    (r"y_i - Y_i", 1.0, None),
    (r"\frac{\partial E}{\partial z_i} = y_i - Y_i", 1.0, None),
    (r"-Y_i + y_i", 1.0, None),
    (r"y_i-Y_i", 1.0, None),
    (r"y_i - Y_i", 1.0, None),
    (r"\frac{e^{z_i}}{\sum_{j=1}^{K} e^{z_j}} - Y_i", 1.0, None),
    (r"\frac{\exp(z_i)}{\sum_{k=1}^{K}\exp(z_k)} - Y_i", 1.0, None),
    (r"y_i\sum_{k=1}^{K} Y_k - Y_i", 1.0, None),
    (r"-(Y_i - y_i)", 1.0, None),
    (r"\partial E / \partial z_i = y_i - Y_i", 1.0, None),
    (r"y_i - Y_i", 1.0, None),
    (r"Y_i - y_i", 0.0, "sign-error"),
    (r"K y_i - Y_i", 0.0, "sum-of-labels-not-used"),
    (r"y_i Y_i - Y_i", 0.0, "sum-of-labels-not-used"),
    (r"y_i(1 - y_i)", 0.0, "softmax-derivative-only"),
    (r"-\frac{Y_i}{y_i}", 0.0, "stopped-at-dE-dy"),
    (r"y_i - 1", 0.4, "assumed-label-one"),
    (r"y_i", 0.0, None),
    (r"-Y_i", 0.0, None),
    (r"\frac{\partial E}{\partial z_i}", 0.0, None),
    (r"y_i - Y_i^2", 0.0, None),
]

L2 = [
    ("answer-a", r"(H + \alpha I)^{-1} H w^*", 1.0, None),
    ("answer-a", r"\tilde w = (H + \alpha I)^{-1} H w^*", 1.0, None),
    ("answer-a", r"\tilde{w} = \left(H + \alpha I\right)^{-1} H w^{\ast}", 1.0, None),
    ("answer-a", r"(H+\alpha I)^{-1}Hw_*", 1.0, None),
    ("answer-a", r"H(H + \alpha I)^{-1} w^*", 1.0, None),
    ("answer-a", r"V(\Lambda + \alpha I)^{-1}\Lambda V^T w^*", 1.0, None),
    ("answer-a", r"(I + \alpha H^{-1})^{-1} w^*", 1.0, None),
    ("answer-a", r"w^* - \alpha (H + \alpha I)^{-1} w^*", 1.0, None),
    ("answer-a", r"(H + \alpha I)^{-1} w^*", 0.0, "dropped-H"),
    ("answer-a", r"(H^{-1} + \alpha^{-1} I) H w^*", 0.0, "inverse-split-termwise"),
    ("answer-a", r"(H - \alpha I)^{-1} H w^*", 0.0, None),
    ("answer-a", r"H^{-1}(H + \alpha I) w^*", 0.0, None),
    ("answer-a", r"\tilde w", 0.0, None),
    ("answer-b", r"\frac{\lambda_i}{\lambda_i + \alpha}", 1.0, None),
    ("answer-b", r"\lambda_i/(\lambda_i + \alpha)", 1.0, None),
    ("answer-b", r"lambda_i/(lambda_i + alpha)", 1.0, None),
    ("answer-b", r"1 - \frac{\alpha}{\lambda_i + \alpha}", 1.0, None),
    ("answer-b", r"\frac{1}{1 + \alpha/\lambda_i}", 1.0, None),
    ("answer-b", r"(\lambda_i + \alpha)^{-1}\lambda_i", 1.0, None),
    ("answer-b", r"λ_i/(λ_i + α)", 1.0, None),
    ("answer-b", r"\frac{\alpha}{\lambda_i + \alpha}", 0.0, "alpha-over-lambda-plus-alpha"),
    ("answer-b", r"\frac{\lambda_i + \alpha}{\lambda_i}", 0.0, "factor-inverted"),
    ("answer-b", r"\frac{1}{\lambda_i + \alpha}", 0.0, "missing-lambda-numerator"),
    ("answer-b", r"\frac{\lambda_i}{\lambda_i - \alpha}", 0.0, None),
]

XAVIER = [
    ("answer-a", r"\frac{1}{n}", 1.0, None),
    ("answer-a", r"\mathrm{Var}(w) = \frac{1}{n}", 1.0, None),
    ("answer-a", r"\operatorname{Var}(w) = 1/n_{in}", 1.0, None),
    ("answer-a", r"1/n", 1.0, None),
    ("answer-a", r"n^{-1}", 1.0, None),
    ("answer-a", r"\frac{2}{n_{in} + n_{out}}", 1.0, None),
    ("answer-a", r"2/(n_in + n_out)", 1.0, None),
    ("answer-a", r"\frac{2}{n}", 0.0, "he-variance"),
    ("answer-a", r"n", 0.0, "variance-times-n"),
    ("answer-a", r"\frac{1}{n^2}", 0.0, None),
    ("answer-a", r"\mathrm{Var}(w)", 0.0, None),
    ("answer-b", r"\sqrt{\frac{6}{n_{in} + n_{out}}}", 1.0, None),
    ("answer-b", r"r = \sqrt{\frac{6}{n_{in}+n_{out}}}", 1.0, None),
    ("answer-b", r"sqrt(6/(n_in + n_out))", 1.0, None),
    ("answer-b", r"\frac{\sqrt{6}}{\sqrt{n_{in} + n_{out}}}", 1.0, None),
    ("answer-b", r"\sqrt{3 \cdot \frac{2}{n_{in} + n_{out}}}", 1.0, None),
    ("answer-b", r"\sqrt{6}/\sqrt{n_{\text{in}} + n_{\text{out}}}", 1.0, None),
    ("answer-b", r"\left(\frac{6}{n_{in}+n_{out}}\right)^{1/2}", 1.0, None),
    ("answer-b", r"\frac{6}{n_{in} + n_{out}}", 0.25, "bound-without-sqrt"),
    ("answer-b", r"\sqrt{\frac{2}{n_{in} + n_{out}}}", 0.0, "uniform-variance-wrong"),
    ("answer-b", r"\sqrt{\frac{3}{n}}", 0.5, "forward-only-bound"),
    ("answer-b", r"\sqrt{\frac{6}{n_{in} n_{out}}}", 0.0, None),
    ("answer-b", r"\sqrt{3\mathrm{Var}(w)}", 0.0, None),
]

ROWS = (
    [("mle-mse", "answer", *row) for row in MLE_MSE]
    + [("ce-mle", "answer", *row) for row in CE_MLE]
    + [("softmax-ce-grad", "answer", *row) for row in SOFTMAX]
    + [("l2-shrinkage", *row) for row in L2]
    + [("xavier-variance", *row) for row in XAVIER]
)


@pytest.mark.parametrize("problem_id, part, written, credit, mistake", ROWS)
def test_answer_earns_its_share(problem_id, part, written, credit, mistake):
    from grader.mathparse import MathParseError

    problem = PROBLEMS[problem_id]
    answer = next(a for a in problem.answers if a.part == part)
    checker = problem.checker(seed=12345)
    try:
        term = parse_line(written, problem.notation).terms[-1]
    except MathParseError:
        assert credit is None, f"{written!r} should have been readable"
        return
    assert credit is not None, f"{written!r} should have been refused by the parser"
    _verdict, feedback, mistakes, earned = problem.judge_answer(answer, term, checker)
    assert earned == pytest.approx(credit), (written, feedback)
    if mistake is not None:
        assert mistakes == [mistake]
    elif credit < 1:
        assert mistakes == []


@pytest.mark.parametrize("seed", [0, 1, 2, 99, 2**31 - 1])
def test_verdicts_do_not_depend_on_the_seed(seed):
    problem = PROBLEMS["mle-mse"]
    answer = problem.answers[0]
    checker = problem.checker(seed=seed)
    right = parse_line(MLE_MSE[0][0], problem.notation).terms[-1]
    wrong = parse_line(MLE_MSE[-1][0], problem.notation).terms[-1]
    assert problem.judge_answer(answer, right, checker)[3] == 1.0
    assert problem.judge_answer(answer, wrong, checker)[3] == 0.0


@pytest.mark.parametrize(
    "left, right, equal",
    [
        (r"\frac{\lambda_i}{\lambda_i + \alpha}", r"1 - \frac{\alpha}{\lambda_i + \alpha}", True),
        (r"\frac{2}{n_{in} + n_{out}}", r"2/(n_in + n_out)", True),
        (r"\frac{1}{n}", r"\frac{2}{n}", False),
        (r"\frac{\lambda_i}{\lambda_i + \alpha}", r"\frac{\alpha}{\lambda_i + \alpha}", False),
        (r"y_i - Y_i", r"\sum_{k=1}^{K} Y_k", False),
    ],
)
def test_rational_rung_proves_small_identities(left, right, equal):
    from grader.mathengine.equivalence import same_rational

    notation = PROBLEMS["l2-shrinkage"].notation
    if "n_" in left:
        notation = PROBLEMS["xavier-variance"].notation
    if "Y_" in left:
        notation = PROBLEMS["softmax-ce-grad"].notation
    a = parse_line(left, notation).terms[-1]
    b = parse_line(right, notation).terms[-1]
    assert same_rational(a, b) is equal
