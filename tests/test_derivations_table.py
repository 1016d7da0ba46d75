r"""Whole sections of answers.md: derivations with known first invalid lines.

Each row: the section's Markdown, the problem, the expected first invalid line (None when
every step holds), and the expected derivation points.
"""

from __future__ import annotations

import dataclasses
import time

import pytest

from grader.course.course import load_problem
from grader.course.problem import GradingContext
from grader.reading.answers_md import read_answers_document
from grader.reading.submission import Submission

MLE_GOOD = r"""
## mle-mse

$$
\begin{aligned}
\arg\max_{w,b} L(w,b) &= \arg\max_{w,b} \log L(w,b) \\
&= \arg\max_{w,b} \sum_{i=1}^{n} \left[ -\frac{1}{2}\log(2\pi\sigma^2) - \frac{(y_i - w x_i - b)^2}{2\sigma^2} \right] \\
&= \arg\min_{w,b} \frac{n}{2}\log(2\pi\sigma^2) + \frac{1}{2\sigma^2}\sum_{i=1}^{n}(y_i - w x_i - b)^2 \\
&= \arg\min_{w,b} \sum_{i=1}^{n}(y_i - w x_i - b)^2 \\
&= \arg\min_{w,b} \frac{1}{n}\sum_{i=1}^{n}(y_i - w x_i - b)^2
\end{aligned}
$$

Answer: $-\log L(w,b) = \frac{n}{2}\log(2\pi\sigma^2) + \frac{1}{2\sigma^2}\sum_{i=1}^{n}(y_i - w x_i - b)^2$
"""

MLE_GOOD_NLL_FIRST = r"""
## mle-mse Gaussian noise

$$-\log L(w,b) = -\sum_{i=1}^{n}\log\left(\frac{1}{\sqrt{2\pi\sigma^2}}\exp\left(-\frac{(y_i - w x_i - b)^2}{2\sigma^2}\right)\right)$$
$$= \frac{n}{2}\ln(2\pi\sigma^2) + \frac{1}{2\sigma^2}\sum_{i=1}^{n}(y_i - w x_i - b)^2$$
$$\arg\max_{w,b} L(w,b) = \arg\min_{w,b} -\log L(w,b) = \arg\min_{w,b}\frac{1}{n}\sum_{i=1}^{n}(y_i - w x_i - b)^2$$

**Answer:** $\frac{n}{2}\ln(2\pi\sigma^2) + \frac{1}{2\sigma^2}\sum_{i=1}^{n}(y_i - w x_i - b)^2$
"""

MLE_SIGN_SLIP_LINE_2 = r"""
## mle-mse

$$
\log L(w,b) = \sum_{i=1}^{n}\log\frac{1}{\sqrt{2\pi\sigma^2}} - \sum_{i=1}^{n}\frac{(y_i - w x_i - b)^2}{2\sigma^2} \\
= -\frac{n}{2}\log(2\pi\sigma^2) + \frac{1}{2\sigma^2}\sum_{i=1}^{n}(y_i - w x_i - b)^2
$$
$$
\arg\max_{w,b} L(w,b) = \arg\min_{w,b}\frac{1}{n}\sum_{i=1}^{n}(y_i - w x_i - b)^2
$$

Answer: $\frac{n}{2}\log(2\pi\sigma^2) + \frac{1}{2\sigma^2}\sum_{i=1}^{n}(y_i - w x_i - b)^2$
"""

MLE_WRONG_ARGMIN = r"""
## mle-mse

$$
\arg\max_{w,b} L(w,b) = \arg\max_{w,b} \log L(w,b) \\
= \arg\max_{w,b} \frac{1}{n}\sum_{i=1}^{n}(y_i - w x_i - b)^2
$$

Answer: $\frac{n}{2}\log(2\pi\sigma^2) + \frac{1}{2\sigma^2}\sum_{i=1}^{n}(y_i - w x_i - b)^2$
"""

MLE_FORGOT_1_OVER_N = r"""
## mle-mse

$$\arg\max_{w,b} L(w,b) = \arg\max_{w,b}\log L(w,b) = \arg\min_{w,b}\sum_{i=1}^{n}(y_i - w x_i - b)^2$$

Answer: $\frac{n}{2}\log(2\pi\sigma^2) + \frac{1}{2\sigma^2}\sum_{i=1}^{n}(y_i - w x_i - b)^2$
"""

CE_GOOD = r"""
## ce-mle

$$
\begin{align*}
\arg\max_\theta L(\theta) &= \arg\max_\theta \log \prod_{i=1}^{n}\prod_{k=1}^{K} y_{ik}^{Y_{ik}} \\
&= \arg\max_\theta \sum_{i=1}^{n}\sum_{k=1}^{K} Y_{ik}\log y_{ik} \\
&= \arg\min_\theta -\frac{1}{n}\sum_{i=1}^{n}\sum_{k=1}^{K} Y_{ik}\log y_{ik}
\end{align*}
$$

Answer: $-\log L(\theta) = -\sum_{i=1}^{n}\sum_{k=1}^{K} Y_{ik}\log y_{ik}$
"""

CE_LOG_OF_PRODUCT_WRONG = r"""
## ce-mle

$$
\log L(\theta) = \sum_{i=1}^{n}\sum_{k=1}^{K} \log y_{ik} \\
\arg\max_\theta L(\theta) = \arg\min_\theta -\frac{1}{n}\sum_{i=1}^{n}\sum_{k=1}^{K} Y_{ik}\log y_{ik}
$$

Answer: $-\sum_{i=1}^{n}\sum_{k=1}^{K} Y_{ik}\log y_{ik}$
"""

SOFTMAX_GOOD = r"""
## softmax-ce-grad

$$
\frac{\partial E}{\partial z_i} = -\sum_{k=1}^{K} Y_k \frac{\partial \log y_k}{\partial z_i} \\
= -\sum_{k=1}^{K} Y_k (\delta_{ki} - y_i) \\
= -Y_i + y_i \sum_{k=1}^{K} Y_k \\
= y_i - Y_i
$$

Answer: $\frac{\partial E}{\partial z_i} = y_i - Y_i$
"""

SOFTMAX_SUM_EXCLUDING_I = r"""
## softmax-ce-grad

$$
\frac{\partial E}{\partial z_i} = -\frac{Y_i}{y_i} y_i (1 - y_i) - \sum_{j \neq i} \frac{Y_j}{y_j}(-y_j y_i) \\
= -Y_i + Y_i y_i + y_i \sum_{j \neq i} Y_j \\
= -Y_i + y_i \sum_{j=1}^{K} Y_j \\
= y_i - Y_i
$$

Answer: $y_i - Y_i$
"""

SOFTMAX_WRONG_DERIVATIVE = r"""
## softmax-ce-grad

$$
\frac{\partial E}{\partial z_i} = -\sum_{k=1}^{K} Y_k \frac{\partial \log y_k}{\partial z_i} \\
= -\sum_{k=1}^{K} Y_k (1 - y_k) \\
= y_i - Y_i
$$

Answer: $y_i - Y_i$
"""

L2_GOOD = r"""
## l2-shrinkage

$$
\nabla_w \tilde J(\tilde w) = H(\tilde w - w^*) + \alpha \tilde w = 0 \\
\Rightarrow (H + \alpha I)\tilde w = H w^* \\
\Rightarrow \tilde w = (H + \alpha I)^{-1} H w^*
$$

Answer (a): $\tilde w = (H + \alpha I)^{-1} H w^*$

Answer (b): $\frac{\lambda_i}{\lambda_i + \alpha}$
"""

L2_INVERSE_SPLIT = r"""
## l2-shrinkage

$$
\nabla_w \tilde J(\tilde w) = H(\tilde w - w^*) + \alpha \tilde w = 0 \\
\Rightarrow (H + \alpha I)\tilde w = H w^* \\
\Rightarrow \tilde w = (H^{-1} + \alpha^{-1} I) H w^*
$$

Answer (a): $\tilde w = (H + \alpha I)^{-1} H w^*$

Answer (b): $\frac{\lambda_i}{\lambda_i + \alpha}$
"""

L2_TRANSPOSE_DROPPED = r"""
## l2-shrinkage

$$
\tilde w = (H + \alpha I)^{-1} H w^* = (V \Lambda V^T + \alpha V V^T)^{-1} V \Lambda V^T w^* \\
= V(\Lambda + \alpha I)^{-1} V^T V \Lambda V^T w^* \\
= V(\Lambda + \alpha I)^{-1} \Lambda V w^*
$$
$$
\nabla_w \tilde J(\tilde w) = 0
$$

Answer (a): $(H + \alpha I)^{-1} H w^*$

Answer (b): $\frac{\lambda_i}{\lambda_i + \alpha}$
"""

L2_REORDERED = r"""
## l2-shrinkage

$$
\nabla_w \tilde J(\tilde w) = H(\tilde w - w^*) + \alpha \tilde w = 0 \\
\Rightarrow \tilde w (H + \alpha I) = H w^*
$$

Answer (a): $(H + \alpha I)^{-1} H w^*$

Answer (b): $\frac{\lambda_i}{\lambda_i + \alpha}$
"""

XAVIER_GOOD = r"""
## xavier-variance

$$
\mathrm{Var}(z) = \mathrm{Var}\left(\sum_{j=1}^{n} w_j a_j\right) = \sum_{j=1}^{n} \mathrm{Var}(w_j a_j) \\
= \sum_{j=1}^{n} \mathrm{Var}(w_j)\mathrm{Var}(a_j) = n \mathrm{Var}(w)\mathrm{Var}(a)
$$
$$
n \mathrm{Var}(w) \mathrm{Var}(a) = \mathrm{Var}(a) \Rightarrow \mathrm{Var}(w) = \frac{1}{n}
$$
$$
\mathrm{Var}(w) = \frac{r^2}{3} = \frac{2}{n_{in} + n_{out}} \Rightarrow r = \sqrt{\frac{6}{n_{in} + n_{out}}}
$$

Answer (a): $\mathrm{Var}(w) = \frac{1}{n}$

Answer (b): $r = \sqrt{\frac{6}{n_{in} + n_{out}}}$
"""

XAVIER_SUM_OF_VARIANCES = r"""
## xavier-variance

$$
\mathrm{Var}(z) = \sum_{j=1}^{n} \mathrm{Var}(w_j a_j) \\
= \sum_{j=1}^{n} \left(\mathrm{Var}(w_j) + \mathrm{Var}(a_j)\right) \\
= n \mathrm{Var}(w)\mathrm{Var}(a)
$$
$$
\Rightarrow \mathrm{Var}(w) = \frac{1}{n}
$$

Answer (a): $\frac{1}{n}$

Answer (b): $\sqrt{\frac{6}{n_{in} + n_{out}}}$
"""

ROWS = [
    ("mle-good", "mle_mse", MLE_GOOD, None, 6.0),
    ("mle-nll-first", "mle_mse", MLE_GOOD_NLL_FIRST, None, 6.0),
    ("mle-sign-slip", "mle_mse", MLE_SIGN_SLIP_LINE_2, 2, 3.0),
    ("mle-wrong-argmin", "mle_mse", MLE_WRONG_ARGMIN, 2, 1.5),
    ("mle-forgot-1/n", "mle_mse", MLE_FORGOT_1_OVER_N, None, 4.5),
    ("ce-good", "ce_mle", CE_GOOD, None, 6.0),
    ("ce-log-of-product", "ce_mle", CE_LOG_OF_PRODUCT_WRONG, 1, 3.0),
    ("softmax-good", "softmax_ce_grad", SOFTMAX_GOOD, None, 5.0),
    ("softmax-j-neq-i", "softmax_ce_grad", SOFTMAX_SUM_EXCLUDING_I, None, 5.0),
    ("softmax-wrong-derivative", "softmax_ce_grad", SOFTMAX_WRONG_DERIVATIVE, 2, 1.25),
    ("l2-good", "l2_shrinkage", L2_GOOD, None, 3.0),
    ("l2-inverse-split", "l2_shrinkage", L2_INVERSE_SPLIT, 3, 0.75),
    ("l2-transpose-dropped", "l2_shrinkage", L2_TRANSPOSE_DROPPED, 3, 1.5),
    ("l2-reordered-product", "l2_shrinkage", L2_REORDERED, 2, 0.75),
    ("xavier-good", "xavier_variance", XAVIER_GOOD, None, 3.0),
    ("xavier-sum-of-variances", "xavier_variance", XAVIER_SUM_OF_VARIANCES, 2, 0.75),
]


def grade_section(module: str, markdown: str):
    problem = load_problem(module)
    document = read_answers_document(markdown)
    context = GradingContext(seed=2026, answers=document)
    return problem.grade(Submission(root=None), context)  # type: ignore[arg-type]


def graded_within(module: str, line: str, count: int) -> float:
    """CPU seconds to grade `count` copies of `line` with the derivation's time limit set to 1 s (the cost rows of
    the round files: a hostile shape must stay within the limit)."""
    problem = dataclasses.replace(load_problem(module), time_limit=1.0)
    document = read_answers_document(f"## {module.replace('_', '-')}\n\n" + "".join(f"$${line}$$\n\n" for _ in range(count)))
    started = time.process_time()
    problem.grade(Submission(root=None), GradingContext(seed=2026, answers=document))  # type: ignore[arg-type]
    return time.process_time() - started


@pytest.mark.parametrize("name, module, markdown, invalid_line, points", ROWS, ids=[r[0] for r in ROWS])
def test_derivation_first_invalid_line_and_points(name, module, markdown, invalid_line, points):
    result = grade_section(module, markdown)
    derivation = next(p for p in result.parts if p.id == "derivation")
    assert derivation.invalid_line == invalid_line, [
        (l.number, l.error, [(k.left, k.relation, k.right, k.valid, k.reason) for k in l.links]) for l in derivation.lines
    ]
    assert derivation.score == pytest.approx(points), derivation.feedback


def test_correct_answers_keep_their_points_when_the_derivation_breaks():
    result = grade_section("mle_mse", MLE_WRONG_ARGMIN)
    answer = next(p for p in result.parts if p.id == "answer")
    assert answer.score == answer.max_score


def test_forgetting_1_over_n_is_named():
    result = grade_section("mle_mse", MLE_FORGOT_1_OVER_N)
    derivation = next(p for p in result.parts if p.id == "derivation")
    assert "forgot-1-over-n" in derivation.mistakes


def test_invalid_link_has_a_counterexample():
    result = grade_section("l2_shrinkage", L2_INVERSE_SPLIT)
    derivation = next(p for p in result.parts if p.id == "derivation")
    line = next(l for l in derivation.lines if l.number == 3)
    bad = [k for k in line.links if k.valid is False]
    assert bad and bad[0].counterexample is not None
    assert "alpha" in bad[0].counterexample.point


def test_same_minimizers_reports_the_positive_factor():
    result = grade_section("mle_mse", MLE_GOOD)
    derivation = next(p for p in result.parts if p.id == "derivation")
    reasons = [k.reason.key for l in derivation.lines for k in l.links if k.reason is not None]
    assert "equivalence.positive_affine" in reasons or "equivalence.positive_factor" in reasons


STUDENT_DEFINES_A_FUNCTION = r"""
## mle-mse
$$
\ell(w,b) = -\log L(w,b) = \frac{n}{2}\log(2\pi\sigma^2) + \frac{1}{2\sigma^2}\sum_{i=1}^{n}(y_i - w x_i - b)^2 \\
\arg\max_{w,b} L(w,b) = \arg\min_{w,b} \ell(w,b) = \arg\min_{w,b} \frac{1}{n}\sum_{i=1}^{n}(y_i - w x_i - b)^2
$$
Answer: $\ell(w,b) = \frac{n}{2}\log(2\pi\sigma^2) + \frac{1}{2\sigma^2}\sum_{i=1}^{n}(y_i - w x_i - b)^2$
"""

STUDENT_NAMES_THE_ARGMAX = r"""
## ce-mle
$$
\hat\theta = \arg\max_\theta L(\theta) = \arg\max_\theta \sum_{i=1}^n \sum_{k=1}^K Y_{ik} \log y_{ik} \\
= \arg\min_\theta -\frac{1}{n}\sum_{i=1}^n \sum_{k=1}^K Y_{ik} \log y_{ik}
$$
Answer: $-\sum_{i=1}^n \sum_{k=1}^K Y_{ik} \log y_{ik}$
"""

CHAIN_RULE_THROUGH_DEFINED_Y = r"""
## softmax-ce-grad
$$
\frac{\partial E}{\partial z_i} = \sum_{k=1}^{K} \frac{\partial E}{\partial y_k}\frac{\partial y_k}{\partial z_i}
= \sum_{k=1}^{K} \left(-\frac{Y_k}{y_k}\right) y_k(\delta_{ik} - y_i) \\
= y_i - Y_i
$$
Answer: $y_i - Y_i$
"""

EQUIVALENCES_IN_ONE_LINE = r"""
## l2-shrinkage
$$
\nabla_w \tilde J(w) = H(w - w^*) + \alpha w
$$
$$
H(\tilde w - w^*) + \alpha\tilde w = 0 \iff (H + \alpha I)\tilde w = H w^* \iff \tilde w = (H + \alpha I)^{-1} H w^*
$$
Answer (a): $(H+\alpha I)^{-1}Hw^*$
Answer (b): $\lambda_i/(\lambda_i+\alpha)$
"""

UNREADABLE_LINE_IN_THE_MIDDLE = r"""
## xavier-variance
$$
\mathrm{Var}(z) = \sum_{j=1}^{n} \mathrm{Var}(w_j a_j) \\
= \sum_{j=1}^{n} \mathrm{Var}(w_j \mathrm{Var}(a_j) \\
= n \mathrm{Var}(w)\mathrm{Var}(a) \\
\Rightarrow \mathrm{Var}(w) = \frac{1}{n}
$$
Answer (a): $1/n$
Answer (b): $\sqrt{6/(n_{in}+n_{out})}$
"""

MORE_ROWS = [
    ("student-function", "mle_mse", STUDENT_DEFINES_A_FUNCTION, None, 6.0),
    ("named-argmax", "ce_mle", STUDENT_NAMES_THE_ARGMAX, None, 6.0),
    ("chain-rule-through-y", "softmax_ce_grad", CHAIN_RULE_THROUGH_DEFINED_Y, None, 5.0),
    ("iff-chain", "l2_shrinkage", EQUIVALENCES_IN_ONE_LINE, None, 3.0),
    ("unreadable-middle-line", "xavier_variance", UNREADABLE_LINE_IN_THE_MIDDLE, 2, 1.5),
]


@pytest.mark.parametrize("name, module, markdown, invalid_line, points", MORE_ROWS, ids=[r[0] for r in MORE_ROWS])
def test_more_derivations(name, module, markdown, invalid_line, points):
    test_derivation_first_invalid_line_and_points(name, module, markdown, invalid_line, points)


def test_answer_may_use_a_function_the_student_defined():
    result = grade_section("mle_mse", STUDENT_DEFINES_A_FUNCTION)
    assert next(p for p in result.parts if p.id == "answer").score == 4


def test_unreadable_line_names_the_column():
    result = grade_section("xavier_variance", UNREADABLE_LINE_IN_THE_MIDDLE)
    derivation = next(p for p in result.parts if p.id == "derivation")
    error = derivation.lines[1].error
    assert error is not None and error.params["column"] > 0


VARIED_NOTATION = [("mle_mse", r"""
## mle-mse
$$
\log L(w,b) = \sum_{i=1}^n \left(-\log\sqrt{2\pi\sigma^2} - \frac{(y_i-wx_i-b)^2}{2\sigma^2}\right) \\
= -\frac{n}{2}\log(2\pi\sigma^2) - \frac{1}{2\sigma^2}\sum_{i=1}^n \epsilon_i^2 \\
= -n\log\sigma - \frac{n}{2}\log 2\pi - \frac{1}{2\sigma^2}\sum_{i=1}^{n}(y_i - (wx_i+b))^2
$$
$$
\hat w, \hat b = \arg\max_{w,b} L(w,b) = \arg\min_{w,b}\frac{1}{n}\sum_{i=1}^{n}(y_i - wx_i - b)^2
$$
Answer: $\frac{n}{2}\log 2\pi\sigma^2 + \frac{1}{2\sigma^2}\sum_i (y_i - wx_i - b)^2$
"""), ("softmax_ce_grad", r"""
## softmax-ce-grad
$$
\frac{\partial y_k}{\partial z_i} = y_k(\delta_{ik} - y_i) \\
\frac{\partial \log y_k}{\partial z_i} = \delta_{ik} - y_i \\
\frac{\partial E}{\partial z_i} = -\sum_k Y_k(\delta_{ik} - y_i) = -Y_i + y_i\sum_k Y_k = y_i - Y_i
$$
Answer: $y_i - Y_i$
"""), ("xavier_variance", r"""
## xavier-variance
$$
\mathrm{Var}(w_j a_j) = \mathbb{E}[w_j^2]\mathbb{E}[a_j^2] - (\mathbb{E}[w_j]\mathbb{E}[a_j])^2 = \mathrm{Var}(w)\mathrm{Var}(a) \\
\mathrm{Var}(z) = n\,\mathrm{Var}(w)\,\mathrm{Var}(a) = \mathrm{Var}(a) \implies \mathrm{Var}(w) = \frac{1}{n_{in}} \\
\mathrm{Var}(w) = \frac{(2r)^2}{12} = \frac{r^2}{3} = \frac{2}{n_{in}+n_{out}} \implies r = \sqrt{\frac{6}{n_{in}+n_{out}}}
$$
Answer (a): $\frac{1}{n_{in}}$
Answer (b): $\sqrt{6}/\sqrt{n_{in}+n_{out}}$
"""), ("l2_shrinkage", r"""
## l2-shrinkage
$$
\tilde J(w) = J(w^*) + \frac{1}{2}(w-w^*)^T H (w-w^*) + \frac{\alpha}{2}\|w\|^2 \\
\nabla_w \tilde J(w) = H(w - w^*) + \alpha w \\
H(\tilde w - w^*) + \alpha \tilde w = 0 \Rightarrow \tilde w = (H+\alpha I)^{-1}Hw^* \\
V^T \tilde w = (\Lambda + \alpha I)^{-1}\Lambda V^T w^*
$$
Answer (a): $(H+\alpha I)^{-1}Hw^*$
Answer (b): $\frac{\lambda_i}{\lambda_i+\alpha}$
""")]


@pytest.mark.parametrize("module, markdown", VARIED_NOTATION, ids=[m for m, _ in VARIED_NOTATION])
def test_valid_derivations_in_varied_notation_earn_full_marks(module, markdown):
    result = grade_section(module, markdown)
    assert result.score == result.max_score, [
        (p.id, p.score, [(l.number, l.error, [(k.left, k.valid, k.reason) for k in l.links if not k.valid]) for l in p.lines])
        for p in result.parts
    ]


def test_a_second_copy_of_a_section_is_reported_with_the_problem():
    markdown = MLE_GOOD + "\n## mle-mse again\n\nAnswer: $0$\n"
    result = grade_section("mle_mse", markdown)
    derivation = next(p for p in result.parts if p.id == "derivation")
    assert any(m.key == "answers.duplicate_section" for m in derivation.feedback)
    assert result.score == result.max_score


# --- Regressions found by red-teaming: what a careful TA would give ------------------------------

RED_TEAM_ROWS = [
    # (name, module, markdown, first invalid line, derivation points)
    ("softmax-answer-alone-is-no-derivation", "softmax_ce_grad", "## softmax-ce-grad\n$$\n-Y_i + y_i\n$$\n", None, 0.0),
    ("xavier-two-lines-no-link", "xavier_variance", "## xavier-variance\n$$\n\\mathrm{Var}(z) \\\\\n\\frac{1}{n}\n$$\n", None, 0.0),
    ("softmax-stops-at-a-wrong-step", "softmax_ce_grad",
     "## softmax-ce-grad\n$$\n\\frac{\\partial E}{\\partial z_i} = -Y_i + y_i Y_i\n$$\n", 1, 1.25),
    ("mle-indexed-definition-used-in-a-sum", "mle_mse",
     ("## mle-mse\n$$\n\\hat y_i = w x_i + b \\\\\n"
     "\\arg\\max_{w,b} L(w,b) = \\arg\\min_{w,b} \\frac{1}{n}\\sum_{i=1}^{n}(y_i - \\hat y_i)^2\n$$\n"), None, 6.0),
    ("mle-assumptions-restated", "mle_mse",
     ("## mle-mse\n$$\n\\epsilon_i \\sim N(0, \\sigma^2) \\\\\n"
     "L(w,b) \\propto \\exp(-\\frac{1}{2\\sigma^2}\\sum_{i=1}^{n}(y_i-wx_i-b)^2) \\\\\n"
     "\\arg\\max_{w,b} L(w,b) = \\arg\\min_{w,b} -\\log L(w,b) = \\arg\\min_{w,b} \\frac{1}{n}\\sum_{i=1}^{n}(y_i - w x_i - b)^2\n$$\n"),
     None, 6.0),
    ("ce-normalized-outputs-with-another-K", "ce_mle",
     ("## ce-mle\n$$\n\\arg\\max_\\theta L(\\theta) = \\arg\\min_\\theta -\\frac{1}{n}\\sum_{i=1}^{n}\\sum_{k=1}^{K} "
     "Y_{ik}\\log\\frac{y_{ik}}{\\sum_{j=1}^{K} y_{ij}}\n$$\n"), None, 6.0),
    ("ce-kl-form-zero-log-zero", "ce_mle",
     ("## ce-mle\n$$\n\\arg\\max_\\theta L(\\theta) = \\arg\\min_\\theta -\\frac{1}{n}\\sum_{i=1}^{n}\\sum_{k=1}^{K} Y_{ik}\\log y_{ik} "
     "= \\arg\\min_\\theta \\frac{1}{n}\\sum_{i=1}^{n}\\sum_{k=1}^{K} Y_{ik}\\log\\frac{Y_{ik}}{y_{ik}}\n$$\n"), None, 6.0),
    ("mle-plus-an-unnamed-constant", "mle_mse",
     ("## mle-mse\n$$\n-\\log L(w,b) = \\frac{1}{2\\sigma^2}\\sum_{i=1}^{n}(y_i - w x_i - b)^2 + C \\\\\n"
     "\\arg\\max_{w,b} L(w,b) = \\arg\\min_{w,b} \\frac{1}{2\\sigma^2}\\sum_{i=1}^{n}(y_i - w x_i - b)^2 + \\text{const} "
     "= \\arg\\min_{w,b} \\frac{1}{n}\\sum_{i=1}^{n}(y_i - w x_i - b)^2\n$$\n"), None, 6.0),
    ("mle-constant-hides-a-wrong-factor", "mle_mse",
     "## mle-mse\n$$\n-\\log L(w,b) = \\frac{1}{\\sigma^2}\\sum_{i=1}^{n}(y_i - w x_i - b)^2 + C\n$$\n", 1, 1.5),
    ("mle-iff-between-argopts", "mle_mse",
     "## mle-mse\n$$\n\\arg\\max_{w,b} L(w,b) \\Leftrightarrow \\arg\\min_{w,b} \\frac1n\\sum_{i=1}^{n}(y_i - w x_i - b)^2\n$$\n", None, 6.0),
    ("mle-iff-between-different-argopts", "mle_mse",
     "## mle-mse\n$$\n\\arg\\max_{w,b} L(w,b) \\Leftrightarrow \\arg\\min_{w,b} \\frac1n\\sum_{i=1}^{n}(y_i - w x_i + b)^2\n$$\n", 1, 1.5),
    ("softmax-step-under-a-condition", "softmax_ce_grad",
     ("## softmax-ce-grad\n$$\n\\frac{\\partial y_k}{\\partial z_i} = -y_k y_i \\quad (k \\neq i) \\\\\n"
     "\\frac{\\partial E}{\\partial z_i} = -Y_i(1-y_i) + \\sum_{k \\neq i} Y_k y_i = y_i - Y_i\n$$\n"), None, 5.0),
    ("softmax-wrong-step-under-a-condition", "softmax_ce_grad",
     ("## softmax-ce-grad\n$$\n\\frac{\\partial y_k}{\\partial z_i} = y_k y_i \\quad (k \\neq i) \\\\\n"
     "\\frac{\\partial E}{\\partial z_i} = -Y_i(1-y_i) + \\sum_{k \\neq i} Y_k y_i = y_i - Y_i\n$$\n"), 1, 2.5),
    ("mle-calligraphic-loss-and-a-remark", "mle_mse",
     ("## mle-mse\n$$\n\\mathcal{L}(w,b) = -\\log L(w,b) \\\\\n\\arg\\max_{w,b} L(w,b) = \\arg\\min_{w,b} \\mathcal{L}(w,b) "
     "= \\arg\\min_{w,b} \\frac{1}{n}\\sum_{i=1}^{n}(y_i - w x_i - b)^2 \\quad \\text{(by independence)}\n$$\n"), None, 6.0),
    ("mle-text-name-underbrace-boxed", "mle_mse",
     ("## mle-mse\n$$\n\\text{NLL}(w,b) = -\\log L(w,b) = \\frac{n}{2}\\log(2\\pi\\sigma^2) + \\frac{1}{2\\sigma^2}"
     "\\underbrace{\\sum_{i=1}^{n}(y_i - w x_i - b)^2}_{\\text{SSE}} \\\\\n"
     "\\arg\\max_{w,b} L(w,b) = \\arg\\min_{w,b} \\text{NLL}(w,b) = \\arg\\min_{(w,b)} \\frac{1}{n}\\sum_{i=1}^{n}(y_i - w x_i - b)^2\n$$\n"),
     None, 6.0),
    ("l2-gradient-of-the-parts-identity-alias", "l2_shrinkage",
     ("## l2-shrinkage\n$$\n\\nabla_w \\tilde J(w) = \\nabla_w J(w) + \\alpha w = H(w - w^*) + \\alpha w \\\\\n"
     "\\nabla_w \\tilde J(\\tilde w) = H(\\tilde w - w^*) + \\alpha \\tilde w = 0 \\\\\n"
     "\\Rightarrow (H + \\alpha I_d)\\tilde w = H w^* \\\\\n\\Rightarrow \\tilde w = (H + \\alpha I)^{-1} H w^*\n$$\n"), None, 3.0),
    ("l2-diag-of-the-eigenvalues", "l2_shrinkage",
     ("## l2-shrinkage\n$$\n\\nabla_w \\tilde J(\\tilde w) = H(\\tilde w - w^*) + \\alpha \\tilde w = 0 \\\\\n"
     "\\Rightarrow \\tilde w = (H + \\alpha I)^{-1} H w^* \\\\\n\\Lambda = \\mathrm{diag}(\\lambda_i) \\\\\n"
     "\\tilde w = V (\\Lambda + \\alpha I)^{-1} \\Lambda V^T w^* = V \\mathrm{diag}\\left(\\frac{\\lambda_i}{\\lambda_i + \\alpha}\\right) V^T w^*\n$$\n"),
     None, 3.0),
    ("l2-wrong-diag", "l2_shrinkage",
     ("## l2-shrinkage\n$$\n\\nabla_w \\tilde J(\\tilde w) = H(\\tilde w - w^*) + \\alpha \\tilde w = 0 \\\\\n"
     "\\Rightarrow \\tilde w = (H + \\alpha I)^{-1} H w^* = V \\mathrm{diag}\\left(\\frac{\\alpha}{\\lambda_i + \\alpha}\\right) V^T w^*\n$$\n"),
     2, 1.5),
    ("softmax-hat-y-for-the-output", "softmax_ce_grad",
     ("## softmax-ce-grad\n$$\n\\frac{\\partial E}{\\partial z_i} = \\sum_k \\frac{\\partial E}{\\partial \\hat y_k}"
     "\\frac{\\partial \\hat y_k}{\\partial z_i} = \\hat y_i - Y_i\n$$\n"), None, 5.0),
    ("l2-eigenvectors-named-Q", "l2_shrinkage",
     ("## l2-shrinkage\n$$\n\\nabla_w \\tilde J(\\tilde w) = H(\\tilde w - w^*) + \\alpha\\tilde w = 0 \\Rightarrow \\tilde w = (H + \\alpha I)^{-1} H w^* "
     "= Q(\\Lambda + \\alpha I)^{-1}\\Lambda Q^T w^*\n$$\n"), None, 3.0),
    ("l2-w-written-for-the-minimizer", "l2_shrinkage",
     ("## l2-shrinkage\n$$\n\\nabla_w \\tilde J(w) = H(w - w^*) + \\alpha w\n$$\n$$\n"
     "H(w - w^*) + \\alpha w = 0 \\Rightarrow (H + \\alpha I) w = H w^* \\Rightarrow w = (H + \\alpha I)^{-1} H w^*\n$$\n"), None, 3.0),
    ("xavier-side-computation-of-the-forward-bound", "xavier_variance",
     ("## xavier-variance\n$$\n\\mathrm{Var}(z) = n\\,\\mathrm{Var}(w)\\,\\mathrm{Var}(a) = \\mathrm{Var}(a) \\Rightarrow \\mathrm{Var}(w) = \\frac{1}{n}\n$$\n"
     "$$\n\\frac{r^2}{3} = \\frac{1}{n} \\Rightarrow r = \\sqrt{\\frac{3}{n}}\n$$\n"), None, 3.0),
    ("xavier-because-therefore", "xavier_variance",
     ("## xavier-variance\n$$\n\\mathrm{Var}(z) = n \\mathrm{Var}(w) \\mathrm{Var}(a) \\\\\n"
     "\\because \\mathrm{Var}(z) = \\mathrm{Var}(a) \\quad \\therefore \\mathrm{Var}(w) = \\frac{1}{n}\n$$\n"), None, 3.0),
    ("mle-max-iff-min", "mle_mse",
     "## mle-mse\n$$\n\\max_{w,b} L(w,b) \\iff \\min_{w,b} \\frac{1}{n}\\sum_{i=1}^{n}(y_i - w x_i - b)^2\n$$\n", None, 6.0),
    ("softmax-ends-at-a-wrong-result", "softmax_ce_grad",
     "## softmax-ce-grad\n$$\n\\frac{\\partial E}{\\partial z_i} = \\frac{\\partial}{\\partial z_i}\\left(-\\sum_{k=1}^{K} Y_k \\log y_k\\right) \\\\\n= Y_i - y_i\n$$\n",
     2, 1.25),
    ("softmax-stops-at-a-derivative", "softmax_ce_grad",
     "## softmax-ce-grad\n$$\n\\frac{\\partial E}{\\partial z_i} = -\\sum_{k=1}^{K} Y_k \\frac{\\partial \\log y_k}{\\partial z_i}\n$$\n", None, 3.75),
    ("l2-consequence-of-a-wrong-step-is-not-charged-again", "l2_shrinkage",
     ("## l2-shrinkage\n$$\n\\nabla_w \\tilde J(\\tilde w) = H(\\tilde w - w^*) + \\alpha \\tilde w = 0 \\\\\n"
     "\\Rightarrow (H - \\alpha I)\\tilde w = H w^* \\\\\n\\Rightarrow \\tilde w = (H - \\alpha I)^{-1} H w^*\n$$\n"), 2, 0.75),
    ("ce-log-of-the-labels-is-wrong-not-unchecked", "ce_mle",
     "## ce-mle\n$$\n-\\log L(\\theta) = -\\sum_{i=1}^{n}\\sum_{k=1}^{K} \\log y_{ik}^{Y_{ik}} \\\\\n= -\\sum_{i=1}^{n}\\sum_{k=1}^{K} y_{ik}\\log Y_{ik}\n$$\n",
     2, 1.5),
    ("mle-density-of-one-sample-defined", "mle_mse",
     ("## mle-mse\n$$\np(y_i) = \\frac{1}{\\sqrt{2\\pi\\sigma^2}} \\exp\\left(-\\frac{(y_i - w x_i - b)^2}{2\\sigma^2}\\right) \\\\\n"
     "L(w,b) = \\prod_{i=1}^{n} p(y_i) \\\\\n-\\log L(w,b) = -\\sum_{i=1}^{n}\\log p(y_i) \\\\\n"
     "\\arg\\max_{w,b} L(w,b) = \\arg\\min_{w,b} \\frac{1}{n}\\sum_{i=1}^{n}(y_i - w x_i - b)^2\n$$\n"), None, 6.0),
    ("ce-the-contracts-p-of-k", "ce_mle",
     ("## ce-mle\n$$\nL(\\theta) = \\prod_{i=1}^{n}\\prod_{k=1}^{K} p(k \\mid x_i; \\theta)^{Y_{ik}} = \\prod_{i=1}^{n}\\prod_{k=1}^{K} y_{ik}^{Y_{ik}} \\\\\n"
     "\\arg\\max_\\theta L(\\theta) = \\arg\\min_\\theta -\\frac{1}{n}\\sum_{i=1}^{n}\\sum_{k=1}^{K} Y_{ik}\\log y_{ik}\n$$\n"), None, 6.0),
    ("l2-gradient-of-a-constant-and-d-dw", "l2_shrinkage",
     ("## l2-shrinkage\n$$\n\\nabla_w \\tilde J(w) = \\nabla_w J_0 + H(w - w^*) + \\alpha w \\\\\n\\frac{d}{dw}\\tilde J(w) = H(w - w^*) + \\alpha w \\\\\n"
     "\\nabla_w \\tilde J(\\tilde w) = H(\\tilde w - w^*) + \\alpha \\tilde w = 0 \\Rightarrow \\tilde w = (H + \\alpha I)^{-1} H w^*\n$$\n"), None, 3.0),
    ("mle-plain-MSE-function", "mle_mse",
     "## mle-mse\n$$\nMSE(w,b) = \\frac{1}{n}\\sum_{i=1}^{n}(y_i - w x_i - b)^2 \\\\\n\\arg\\max_{w,b} L(w,b) = \\arg\\min_{w,b} MSE(w,b)\n$$\n", None, 6.0),
    ("softmax-iverson-bracket-for-the-delta", "softmax_ce_grad",
     ("## softmax-ce-grad\n$$\n\\frac{\\partial E}{\\partial z_i} = -\\sum_{k=1}^{K} \\frac{Y_k}{y_k} \\frac{\\partial y_k}{\\partial z_i} \\\\\n"
     "= -\\sum_{k=1}^{K} Y_k \\left( [k = i] - y_i \\right) \\\\\n= -\\sum_{k=1}^{K} Y_k \\left( \\mathbb{1}_{k=i} - y_i \\right) \\\\\n"
     "= -Y_i + y_i \\sum_{k=1}^{K} Y_k \\\\\n= y_i - Y_i\n$$\n"), None, 5.0),
    ("softmax-unknown-notation-costs-a-quarter", "softmax_ce_grad",
     ("## softmax-ce-grad\n$$\n\\frac{\\partial E}{\\partial z_i} = -\\sum_{k=1}^{K} Y_k (\\delta_{ik} - y_i) \\\\\n"
     "= -Y_i + \\frobnicate{y_i} \\\\\n= y_i - Y_i\n$$\n"), None, 3.75),
    ("ce-a-false-step-after-a-remark-is-caught", "ce_mle",
     ("## ce-mle\n$$\nL(\\theta) \\propto \\prod_{i=1}^{n}\\prod_{k=1}^{K} y_{ik}^{Y_{ik}} \\\\\n= \\prod_{i=1}^{n}\\prod_{k=1}^{K} y_{ik}\n$$\n"
     "$$\n\\arg\\max_\\theta L(\\theta) = \\arg\\min_\\theta -\\frac{1}{n}\\sum_{i=1}^{n}\\sum_{k=1}^{K} Y_{ik}\\log y_{ik}\n$$\n"), 2, 3.0),
    ("ce-goal-through-the-students-log-likelihood", "ce_mle",
     ("## ce-mle\n$$\n\\ell(\\theta) = \\log L(\\theta) = \\sum_{i=1}^{n}\\sum_{k=1}^{K} Y_{ik}\\log y_{ik} \\\\\n"
     "\\arg\\max_\\theta \\ell(\\theta) = \\arg\\min_\\theta -\\ell(\\theta) = \\arg\\min_\\theta -\\frac{1}{n}\\ell(\\theta)\n$$\n"), None, 6.0),
    ("mle-an-unknown-last-step-is-charged-once", "mle_mse",
     ("## mle-mse\n$$\n\\arg\\max_{w,b} L(w,b) = \\arg\\min_{w,b} \\frac{1}{2\\sigma^2}\\sum_{i=1}^{n}(y_i - w x_i - b)^2 "
     "= \\arg\\min_{w,b} \\mathbb{E}_i\\left[(y_i - w x_i - b)^2\\right]\n$$\n"), None, 4.5),
    ("definition-only-is-no-derivation", "mle_mse",
     "## mle-mse\n$$\nS(w,b) = \\sum_{i=1}^n (y_i - w x_i - b)^2\n$$\n", None, 0.0),
]


@pytest.mark.parametrize("name, module, markdown, invalid_line, points", RED_TEAM_ROWS, ids=[r[0] for r in RED_TEAM_ROWS])
def test_red_team_derivations(name, module, markdown, invalid_line, points):
    test_derivation_first_invalid_line_and_points(name, module, markdown, invalid_line, points)


@pytest.mark.parametrize(
    "module, markdown, part",
    [
        ("softmax_ce_grad", ("## softmax-ce-grad\n$$\np_i = \\frac{e^{z_i}}{\\sum_{j=1}^{K} e^{z_j}} \\\\\n"
         "\\frac{\\partial E}{\\partial z_i} = -Y_i + p_i \\sum_{k=1}^{K} Y_k = p_i - Y_i\n$$\nAnswer: $p_i - Y_i$\n"), "answer"),
        ("mle_mse", ("## mle-mse\n$$\n\\hat y_i = w x_i + b\n$$\n"
         "Answer: $\\frac{n}{2}\\log(2\\pi\\sigma^2) + \\frac{1}{2\\sigma^2}\\sum_{i=1}^{n}(y_i - \\hat y_i)^2$\n"), "answer"),
        ("mle_mse", ("## mle-mse\n$$\nS(w,b) = \\sum_{i=1}^n (y_i - w x_i - b)^2\n$$\n"
         "Answer: $\\frac{n}{2}\\log(2\\pi\\sigma^2) + \\frac{S(w,b)}{2\\sigma^2}$\n"), "answer"),
        ("xavier_variance", "## xavier-variance\nAnswer (a): $\\mathrm{Var}(w) = \\frac{1}{n}$ (with $n = n_{in}$)\n", "answer-a"),
    ],
)
def test_answers_may_use_what_the_derivation_defines(module, markdown, part):
    result = grade_section(module, markdown)
    graded = next(p for p in result.parts if p.id == part)
    assert graded.score == graded.max_score, graded.feedback


def test_an_answer_up_to_an_unnamed_constant_earns_most_of_its_points():
    markdown = "## mle-mse\nAnswer: $\\frac{1}{2\\sigma^2}\\sum_i (y_i - w x_i - b)^2 + C$\n"
    answer = next(p for p in grade_section("mle_mse", markdown).parts if p.id == "answer")
    assert answer.score == 3 and answer.mistakes == ("unnamed-constant",)


def test_a_name_defined_as_the_derivative_is_not_a_closed_form_answer():
    markdown = "## softmax-ce-grad\n$$\ng_i = \\frac{\\partial E}{\\partial z_i} = y_i - Y_i\n$$\nAnswer: $g_i$\n"
    answer = next(p for p in grade_section("softmax_ce_grad", markdown).parts if p.id == "answer")
    assert answer.score == 0


def test_counterexamples_show_the_quantities_not_the_summation_indices():
    markdown = "## xavier-variance\n$$\nVar(z) = \\sum_{j=1}^{n} Var(w_j a_j) = n Var(w) + Var(a)\n$$\n"
    derivation = next(p for p in grade_section("xavier_variance", markdown).parts if p.id == "derivation")
    point = next(k.counterexample.point for l in derivation.lines for k in l.links if k.valid is False)
    assert "Var(w)" in point and "Var(a)" in point and "j" not in point


def test_a_wrong_implication_is_shown_where_its_premise_holds():
    markdown = "## xavier-variance\n$$\nn Var(w) Var(a) = Var(a) \\Rightarrow Var(w) = \\frac{2}{n}\n$$\n"
    derivation = next(p for p in grade_section("xavier_variance", markdown).parts if p.id == "derivation")
    link = next(k for l in derivation.lines for k in l.links if k.valid is False and k.relation == "=>")
    n, var_w = float(link.counterexample.point["n"]), float(link.counterexample.point["Var(w)"])
    assert var_w == pytest.approx(1 / n, rel=1e-4)


def test_a_wrong_last_step_is_not_mistaken_for_stopping_early():
    markdown = ("## ce-mle\n$$\n\\arg\\max_\\theta L(\\theta) = \\arg\\min_\\theta -\\log L(\\theta) \\\\\n"
                "= \\arg\\min_\\theta -\\sum_{i=1}^{n}\\sum_{k=1}^{K} Y_{ik}\\log y_{ik} \\\\\n"
                "= \\arg\\min_\\theta \\frac{1}{n}\\sum_{i=1}^{n}\\sum_{k=1}^{K} Y_{ik}\\log y_{ik}\n$$\n")
    derivation = next(p for p in grade_section("ce_mle", markdown).parts if p.id == "derivation")
    assert derivation.invalid_line == 3 and derivation.mistakes == ()


def test_an_ordering_counterexample_shows_the_data_too():
    markdown = "## mle-mse\n$$\n\\arg\\max_{w,b} L(w,b) = \\arg\\min_{w,b} \\frac1n\\sum_{i=1}^{n}(y_i - w x_i + b)^2\n$$\n"
    derivation = next(p for p in grade_section("mle_mse", markdown).parts if p.id == "derivation")
    point = next(k.counterexample.point for l in derivation.lines for k in l.links if k.valid is False)
    assert {"w (1)", "w (2)", "x", "y", "sigma"} <= set(point)


def test_evaluator_reasons_are_translated():
    from grader.results.i18n import render

    markdown = "## xavier-variance\n$$\nVar(z) = \\sum_{j=1}^{n} Var(w_j a_j) = \\sum_{j=1}^{n} a_j^2 Var(w_j)\n$$\n"
    derivation = next(p for p in grade_section("xavier_variance", markdown).parts if p.id == "derivation")
    chinese = " ".join(render(m, "zh") for m in derivation.feedback)
    assert "没有取值" in chinese and "no value" not in chinese


@pytest.mark.parametrize(
    "module, markdown, part, points",
    [
        ("xavier_variance", "## xavier-variance\nAnswer (b): $r = \\pm\\sqrt{\\frac{6}{n_{in}+n_{out}}}$\n", "answer-b", 4),
        ("l2_shrinkage", "## l2-shrinkage\nAnswer (b): $\\mathrm{diag}\\left(\\frac{\\lambda_i}{\\lambda_i + \\alpha}\\right)$\n", "answer-b", 4),
        ("l2_shrinkage", "## l2-shrinkage\nAnswer (b): $(\\Lambda + \\alpha I)^{-1}\\Lambda$\n", "answer-b", 4),
    ],
)
def test_answers_in_other_forms(module, markdown, part, points):
    graded = next(p for p in grade_section(module, markdown).parts if p.id == part)
    assert graded.score == points, graded.feedback


def test_mistake_feedback_keeps_its_braces():
    from grader.results.i18n import render

    markdown = "## l2-shrinkage\nAnswer (a): $(H^{-1} + \\alpha^{-1} I) H w^*$\n"
    answer = next(p for p in grade_section("l2_shrinkage", markdown).parts if p.id == "answer-a")
    assert any("(H + αI)^{-1}" in render(m, lang) for m in answer.feedback for lang in ("en",))


# --- Notation as real people write it (issue 11): one row per class, valid and wrong ------------

_DY = r"\frac{\partial y_k}{\partial z_i}"
_SOFTMAX_END = "\\frac{\\partial E}{\\partial z_i} = -Y_i(1-y_i) + \\sum_{k \\neq i} Y_k y_i = y_i - Y_i\n$$\n"

def _diag(before: str, after: str) -> str:
    """A diagonal matrix written out with ellipses, as notes write it: entries `before_k after` (a `_{}` in `after`
    takes the same index)."""
    def entry(k: str) -> str:
        return before + "_" + k + after.replace("_{}", "_" + k)

    return ("\\begin{bmatrix} " + entry("1") + " & 0 & ... & 0 \\\\ 0 & " + entry("2") + " & ... & 0 \\\\ "
            ".. & .. & .. & .. \\\\ 0 & 0 & ... & " + entry("d") + " \\end{bmatrix}")


REAL_NOTATION_ROWS = [
    # (name, module, markdown, first invalid line, derivation points)
    ("cases-with-if", "softmax_ce_grad",
     f"## softmax-ce-grad\n$$\n{_DY} = \\begin{{cases}} y_i(1-y_i) & \\text{{if }} k=i \\\\ -y_i y_k & \\text{{if }} k \\neq i \\end{{cases}} \\\\\n" + _SOFTMAX_END,
     None, 5.0),
    ("cases-without-if-and-otherwise", "softmax_ce_grad",
     f"## softmax-ce-grad\n$$\n{_DY} = \\begin{{cases}} y_i(1-y_i) & k=i \\\\ -y_i y_k & \\text{{otherwise}} \\end{{cases}} \\\\\n" + _SOFTMAX_END,
     None, 5.0),
    ("cases-wrong-branch-is-caught", "softmax_ce_grad",
     f"## softmax-ce-grad\n$$\n{_DY} = \\begin{{cases}} y_i(1-y_i) & \\text{{if }} k=i \\\\ y_i y_k & \\text{{otherwise}} \\end{{cases}} \\\\\n" + _SOFTMAX_END,
     1, 2.5),
    ("equality-conditions-after-the-math", "softmax_ce_grad",
     f"## softmax-ce-grad\n$$\n{_DY} = y_i(1-y_i), \\quad i = k \\\\\n{_DY} = y_i(1-y_i) \\quad (i = k) \\\\\n"
     f"{_DY} = -y_i y_k \\quad k \\not= i \\\\\n" + _SOFTMAX_END, None, 5.0),
    ("equality-condition-wrong-step-is-caught", "softmax_ce_grad",
     f"## softmax-ce-grad\n$$\n{_DY} = y_i(1+y_i) \\quad (i = k) \\\\\n" + _SOFTMAX_END, 1, 2.5),
    ("the-case-written-in-the-subscript", "softmax_ce_grad",
     "## softmax-ce-grad\n$$\n\\frac{\\partial y_{k=i}}{\\partial z_i} = y_{k=i}(1 - y_i) \\\\\n"
     "{\\partial y_{k \\not= i} \\over \\partial z_i} = - y_{k \\not= i} y_i \\\\\n" + _SOFTMAX_END, None, 5.0),
    ("the-case-in-the-subscript-wrong-step-is-caught", "softmax_ce_grad",
     "## softmax-ce-grad\n$$\n{\\partial y_{k \\neq i} \\over \\partial z_i} = y_{k \\neq i}(1 - y_i) \\\\\n" + _SOFTMAX_END, 1, 2.5),
    ("a-labelled-tuple-and-arg-set-apart", "mle_mse",
     ("## mle-mse\n$$\n-\\log L(w,b) = \\frac{n}{2}\\log(2\\pi\\sigma^2) + \\frac{1}{2\\sigma^2}\\sum_{i=1}^{n}(y_i - w x_i - b)^2 \\\\\n"
     "(w,b)_{\\text{MLE}}=\\text{arg }\\mathop{\\text{min}}_{w,b}\\frac{1}{n}\\sum_{i=1}^n\\left( y_i-(w x_i + b) \\right)^2\n$$\n"), None, 6.0),
    ("an-ellipsis-sum-with-the-i-th-term-set-apart", "softmax_ce_grad",
     ("## softmax-ce-grad\n$$\n\\frac{\\partial E}{\\partial z_i} = y_iY_1 + y_iY_2 + \\dots + (y_iY_i - Y_i) + \\dots + y_i Y_K \\\\\n"
     "= y_iY_1 + y_iY_2 + \\dots + y_i Y_i + \\dots + y_i Y_K - Y_i \\\\\n= y_i (Y_1 + Y_2 + \\dots + Y_K) - Y_i = y_i - Y_i\n$$\n"), None, 5.0),
    ("an-ellipsis-sum-with-a-wrong-term-set-apart-is-caught", "softmax_ce_grad",
     "## softmax-ce-grad\n$$\n\\frac{\\partial E}{\\partial z_i} = y_iY_1 + y_iY_2 + \\dots + (y_i - Y_i) + \\dots + y_i Y_K\n$$\n", 1, 1.25),
    ("transpose-inverse-and-bold-macro", "l2_shrinkage",
     ("## l2-shrinkage\n$$\n\\tilde w = (H+\\alpha I)^{-1} H w^* \\\\\n= (V\\Lambda V^T + \\alpha I)^{-1} V \\Lambda V^T w^* \\\\\n"
     "= V^{T^{-1}} (\\Lambda+ \\alpha I)^{-1} V^{-1} V \\Lambda V^T w^* \\\\\n= V (\\Lambda+ \\alpha I)^{-1} \\Lambda V^T \\Bw^*\n$$\n"),
     None, 2.25),  # every step holds; it starts from the result, not from the gradient (no start: 3/4 of the points)
    ("transpose-inverse-wrong-step-is-caught", "l2_shrinkage",
     ("## l2-shrinkage\n$$\n\\tilde w = (H+\\alpha I)^{-1} H w^* \\\\\n= (V\\Lambda V^T + \\alpha I)^{-1} V \\Lambda V^T w^* \\\\\n"
     "= V^{-T} (\\Lambda+ \\alpha I)^{-1} V \\Lambda V^T w^*\n$$\n"), 3, 0.75),
    ("a-labelled-vector-w-R", "l2_shrinkage",
     ("## l2-shrinkage\n$$\nw^R = (H+\\alpha I)^{-1} Hw^\\star \\\\\nw^R = (Q\\Lambda Q^T + \\alpha I)^{-1} Q\\Lambda Q^T w^\\star \\\\\n"
     "w^R = Q(\\Lambda + \\alpha I)^{-1} \\Lambda Q^T w^\\star\n$$\n"), None, 2.25),
    ("a-labelled-vector-wrong-step-is-caught", "l2_shrinkage",
     "## l2-shrinkage\n$$\nw^R = (H+\\alpha I)^{-1} Hw^\\star \\\\\nw^R = Q(\\Lambda + 2\\alpha I)^{-1} \\Lambda Q^T w^\\star\n$$\n", 2, 0.75),
    ("diagonal-matrices-with-ellipses-and-prose-between", "l2_shrinkage",
     "## l2-shrinkage\n$$\n\\tilde w = V(\\Lambda + \\alpha I)^{-1} \\Lambda V^T w^* \\\\\n"
     "(\\Lambda + \\alpha I)^{-1} \\Lambda = " + _diag("\\lambda", "+\\alpha") + "^{-1} " + _diag("\\lambda", "") + " \\\\\n"
     "\\text{$\\Lambda$ is diagonal, so its inverse inverts each entry} \\\\\n"
     "= " + _diag("\\frac{\\lambda", "}{\\lambda_{}+\\alpha}") + "\n$$\n", None, 2.25),
    ("diagonal-matrix-wrong-step-after-prose-is-caught", "l2_shrinkage",
     "## l2-shrinkage\n$$\n(\\Lambda + \\alpha I)^{-1} \\Lambda = " + _diag("\\lambda", "+\\alpha") + "^{-1} " + _diag("\\lambda", "") + " \\\\\n"
     "\\text{$\\Lambda$ is diagonal} \\\\\n= " + _diag("\\frac{\\lambda", "}{\\lambda_{}+2\\alpha}") + "\n$$\n", 3, 0.0),
    ("indicators-1-brace-and-1-sub", "softmax_ce_grad",
     f"## softmax-ce-grad\n$$\n{_DY} = y_k(1\\{{k = i\\}} - y_i) = y_k(1_{{k=i}} - y_i) = y_k(\\mathbb{{1}}[k=i] - y_i) \\\\\n" + _SOFTMAX_END,
     None, 5.0),
    ("indicator-wrong-sign-is-caught", "softmax_ce_grad",
     f"## softmax-ce-grad\n$$\n{_DY} = y_k(1\\{{k = i\\}} + y_i) \\\\\n" + _SOFTMAX_END, 1, 2.5),
    ("conditions-stated-in-prose-before-the-display", "softmax_ce_grad",
     f"## softmax-ce-grad\nIf $k = i$:\n$$\n{_DY} = y_i(1-y_i)\n$$\nfor $k \\neq i$ we get\n$$\n{_DY} = -y_i y_k\n$$\n"
     f"当 $k=i$ 时\n$$\n{_DY} = y_k - y_k^2\n$$\n$$\n" + _SOFTMAX_END, None, 5.0),
    ("a-prose-condition-does-not-excuse-a-wrong-step", "softmax_ce_grad",
     f"## softmax-ce-grad\nFor $k \\neq i$:\n$$\n{_DY} = y_i y_k\n$$\n$$\n" + _SOFTMAX_END, 1, 2.5),
    ("over-tag-update-rule-split-equality-ell", "softmax_ce_grad",
     ("## softmax-ce-grad\n$$\n\\frac{\\partial E}{\\partial z_i} = -\\sum_{k} Y_k {\\partial \\log y_k \\over \\partial z_i} \\tag{*}\\\\\n"
     "z_i \\leftarrow z_i - \\eta (y_i - Y_i) \\\\\n\\frac{\\partial E}{\\partial z_i} = -\\sum_{\\ell} Y_\\ell (\\delta_{i\\ell} - y_i) =\n$$\n$$\ny_i - Y_i\n$$\n"),
     None, 5.0),
    ("chinese-words-inside-aligned", "softmax_ce_grad",
     "## softmax-ce-grad\n$$\n\\begin{aligned}\n\\frac{\\partial E}{\\partial z_i} &= -\\sum_{k} Y_k (\\delta_{ik} - y_i) \\quad 由链式法则 \\\\\n&= y_i - Y_i\n\\end{aligned}\n$$\n",
     None, 5.0),
    ("an-indexed-family-defined-with-j-used-with-i", "softmax_ce_grad",
     "## softmax-ce-grad\n$$\na_j = \\frac{e^{z_j}}{\\sum_{k=1}^{K} e^{z_k}} \\\\\n\\frac{\\partial E}{\\partial z_i} = a_i - Y_i\n$$\n", None, 5.0),
    ("an-indexed-family-wrong-use-is-caught", "softmax_ce_grad",
     "## softmax-ce-grad\n$$\na_j = \\frac{e^{z_j}}{\\sum_{k=1}^{K} e^{z_k}} \\\\\n\\frac{\\partial E}{\\partial z_i} = a_i + Y_i\n$$\n", 2, 1.25),
    ("an-alias-of-the-logit", "softmax_ce_grad",
     "## softmax-ce-grad\n$$\no_i = z_i \\\\\n\\frac{\\partial E}{\\partial o_i} = y_i - Y_i\n$$\n", None, 5.0),
    ("an-alias-of-the-logit-wrong-result-is-caught", "softmax_ce_grad",
     "## softmax-ce-grad\n$$\no_i = z_i \\\\\n\\frac{\\partial E}{\\partial o_i} = Y_i - y_i\n$$\n", 2, 1.25),
    ("mle-sum-scope-past-plus-and-sample-superscripts", "mle_mse",
     ("## mle-mse\n$$\n-\\log L(w,b) = \\sum_{i=1}^n \\frac{1}{2}\\log(2\\pi\\sigma^2) + \\frac{1}{2\\sigma^2}(y^{(i)} - w x^{(i)} - b)^2 \\\\\n"
     "\\arg\\max_{w,b} L(w,b) = \\arg\\min_{w,b} \\frac{1}{n}\\sum_{i=1}^{n}(y_i - w x_i - b)^2\n$$\n"), None, 6.0),
    ("mle-sum-scope-wrong-factor-is-caught", "mle_mse",
     "## mle-mse\n$$\n-\\log L(w,b) = \\sum_{i=1}^n \\frac{1}{2}\\log(2\\pi\\sigma^2) + \\frac{1}{\\sigma^2}(y^{(i)} - w x^{(i)} - b)^2\n$$\n", 1, 1.5),
    ("mle-log-of-the-whole-product-plain-sum-text-min", "mle_mse",
     ("## mle-mse\n$$\n\\log L(w,b) = \\sum_{i=1}^n \\log \\frac{1}{\\sqrt{2\\pi\\sigma^2}} \\exp\\left(-\\frac{(y_i - w x_i - b)^2}{2\\sigma^2}\\right) \\\\\n"
     "\\min_{w,b} \\frac{1}{n}\\sum_{i}(y_i - w x_i - b)^2 = \\text{min}_{w,b} \\frac{1}{n}\\sum(y_i - w x_i - b)^2 \\\\\n"
     "\\arg\\max_{w,b} L(w,b) = \\arg\\min_{w,b} \\frac{1}{n}\\sum_{i=1}^{n}(y_i - w x_i - b)^2\n$$\n"), None, 6.0),
    ("softmax-function-notation", "softmax_ce_grad",
     ("## softmax-ce-grad\n$$\ny_i(z_i) = \\frac{e^{z_i}}{\\sum_{j=1}^{K} e^{z_j}} \\\\\n\\mathrm{softmax}(\\mathbf{z})_i = \\frac{e^{z_i}}{\\sum_{j} e^{z_j}} \\\\\n"
     "\\frac{\\partial E}{\\partial z_i} = \\mathrm{softmax}(z)_i - Y_i = y_i - Y_i\n$$\n"), None, 5.0),
    ("softmax-function-notation-wrong-is-caught", "softmax_ce_grad",
     "## softmax-ce-grad\n$$\n\\frac{\\partial E}{\\partial z_i} = \\mathrm{softmax}(z)_i + Y_i\n$$\n", 1, 1.25),
    ("chinese-prose-opening-a-line-and-so-between-statements", "softmax_ce_grad",
     ("## softmax-ce-grad\n$$\n综上, \\frac{\\partial E}{\\partial z_i} = -\\sum_{k} Y_k (\\delta_{ik} - y_i) \\\\\n"
     "且已知 \\sum_{k=1}^{K} Y_k = 1，所以 \\frac{\\partial E}{\\partial z_i} = y_i - Y_i\n$$\n"), None, 5.0),
    ("a-number-at-the-precision-written", "softmax_ce_grad",
     "## softmax-ce-grad\n$$\n-\\log(0.245) = 1.406 \\\\\n\\frac{\\partial E}{\\partial z_i} = -\\sum_{k} Y_k (\\delta_{ik} - y_i) = y_i - Y_i\n$$\n", None, 5.0),
    ("a-number-off-at-its-precision-is-caught", "softmax_ce_grad",
     "## softmax-ce-grad\n$$\n-\\log(0.245) = 1.416 \\\\\n\\frac{\\partial E}{\\partial z_i} = -\\sum_{k} Y_k (\\delta_{ik} - y_i) = y_i - Y_i\n$$\n", 1, 2.5),
    ("mle-definitions-in-the-students-own-functions-are-free", "mle_mse",
     ("## mle-mse\n$$\nq(y_i|x_i; w, b) = \\frac{1}{\\sqrt{2\\pi\\sigma^2}} \\exp\\left(-\\frac{(y_i - w x_i - b)^2}{2\\sigma^2}\\right) \\\\\n"
     "L(w,b) = \\prod_{i=1}^{n} N(y_i | w x_i + b, \\sigma^2) \\\\\n"
     "\\arg\\max_{w,b} L(w,b) = \\arg\\min_{w,b} \\frac{1}{n}\\sum_{i=1}^{n}(y_i - w x_i - b)^2\n$$\n"), None, 6.0),
    ("softmax-a-wrong-restatement-of-the-loss-is-not-free", "softmax_ce_grad",
     "## softmax-ce-grad\n$$\nE = -\\frac{Y_i}{u_i} \\\\\n\\frac{\\partial E}{\\partial z_i} = y_i - Y_i\n$$\n", None, 3.75),
    ("xavier-expansion-with-a-wrong-cross-term-coefficient-is-caught", "xavier_variance",
     ("## xavier-variance\n$$\n\\mathrm{Var}(z) = E\\left[ \\sum_{j=1}^{n}w_j^2a_j^2 + 2\\sum_{j\\ne k}w_ja_jw_ka_k \\right] = n \\mathrm{Var}(w)\\mathrm{Var}(a) \\\\\n"
     "n \\mathrm{Var}(w)\\mathrm{Var}(a) = \\mathrm{Var}(a) \\Rightarrow \\mathrm{Var}(w) = \\frac{1}{n}\n$$\n"), 1, 1.5),
    ("xavier-expansion-with-the-right-cross-terms", "xavier_variance",
     ("## xavier-variance\n$$\n\\mathrm{Var}(z) = E\\left[ \\sum_{j=1}^{n}w_j^2a_j^2 + \\sum_{j\\ne k}w_ja_jw_ka_k \\right] = E\\left[ \\sum_{j=1}^{n}w_j^2a_j^2 \\right] = n \\mathrm{Var}(w)\\mathrm{Var}(a) \\\\\n"
     "n \\mathrm{Var}(w)\\mathrm{Var}(a) = \\mathrm{Var}(a) \\Rightarrow \\mathrm{Var}(w) = \\frac{1}{n}\n$$\n"), None, 3.0),
    ("terms-around-an-ellipsis-are-a-sum", "softmax_ce_grad",
     ("## softmax-ce-grad\n$$\nE = -Y_1\\log(y_1) - Y_2\\log(y_2) - \\cdots - Y_K\\log(y_K) \\\\\n"
     "\\frac{\\partial E}{\\partial z_i} = \\frac{\\partial (-Y_1\\log y_1)}{\\partial z_i} + \\frac{\\partial (-Y_2\\log y_2)}{\\partial z_i} + \\dots + \\frac{\\partial (-Y_K\\log y_K)}{\\partial z_i} "
     "= y_i - Y_i\n$$\n"), None, 5.0),
    ("a-wrong-sum-behind-an-ellipsis-is-caught", "softmax_ce_grad",
     ("## softmax-ce-grad\n$$\nE = -Y_1\\log(y_1) - Y_2\\log(y_2) - \\cdots - Y_K\\log(y_K) \\\\\n"
     "\\frac{\\partial E}{\\partial z_i} = \\frac{\\partial (-Y_1 y_1)}{\\partial z_i} + \\frac{\\partial (-Y_2 y_2)}{\\partial z_i} + \\dots + \\frac{\\partial (-Y_K y_K)}{\\partial z_i}\n$$\n"),
     2, 1.25),
    ("an-output-written-as-a-function-of-the-vector", "softmax_ce_grad",
     ("## softmax-ce-grad\n$$\n\\frac{\\partial y(\\mathbf z)_i}{\\partial z_i} = y(\\mathbf z)_i - y(\\mathbf z)_i^2 \\\\\n"
     "\\frac{\\partial E}{\\partial z_i} = -Y_i(1-y_i) + \\sum_{k \\neq i} Y_k y_i = y_i - Y_i\n$$\n"), None, 5.0),
    ("an-index-without-a-range-is-notation-not-a-wrong-step", "softmax_ce_grad",
     ("## softmax-ce-grad\n$$\n\\frac{\\partial y_i}{\\partial z_i} = \\frac{\\exp(z_i)}{\\sum_K}\\left(1 - \\frac{\\exp(z_i)}{\\sum_K}\\right) \\\\\n"
     "\\frac{\\partial E}{\\partial z_i} = -Y_i(1-y_i) + \\sum_{k \\neq i} Y_k y_i = y_i - Y_i\n$$\n"), None, 3.75),
    ("a-because-in-brackets-is-a-remark", "l2_shrinkage",
     ("## l2-shrinkage\n$$\n\\nabla_w \\tilde J(w) = H(w - w^*) + \\alpha w \\quad (\\because \\nabla J(w^*) = 0) \\\\\n"
     "H(\\tilde w - w^*) + \\alpha \\tilde w = 0 \\Rightarrow \\tilde w = (H + \\alpha I)^{-1} H w^*\n$$\n"), None, 3.0),
    ("xavier-restating-the-model-with-random-variables", "xavier_variance",
     ("## xavier-variance\n$$\nz = \\sum_{j=1}^{n_{in}} w_j\\,a_j \\\\\nz = w_1 a_1 +w_2 a_2 + \\dots + w_na_n \\\\\n"
     "\\mathrm{Var}(z) = n \\mathrm{Var}(w)\\mathrm{Var}(a) = \\mathrm{Var}(a) \\Rightarrow \\mathrm{Var}(w) = \\frac{1}{n}\n$$\n"), None, 3.0),
    ("xavier-a-wrong-model-is-caught-by-its-moments", "xavier_variance",
     ("## xavier-variance\n$$\nz = \\sum_{j=1}^{n} (w_j + a_j) \\\\\n"
     "\\mathrm{Var}(z) = n \\mathrm{Var}(w)\\mathrm{Var}(a) = \\mathrm{Var}(a) \\Rightarrow \\mathrm{Var}(w) = \\frac{1}{n}\n$$\n"), 1, 1.5),
    ("the-authors-own-letters-followed-through-their-definitions", "softmax_ce_grad",
     ("## softmax-ce-grad\n$$\np_i = \\frac{e^{a_i}}{\\sum_{k=1}^{K} e^{a_k}} \\\\\nL = -\\sum_{k=1}^{K} t_k \\log p_k \\\\\n"
     "\\frac{\\partial L}{\\partial a_i} = -\\sum_k t_k (\\delta_{ik} - p_i) = p_i - t_i\n$$\nAnswer: $p_i - t_i$\n"), None, 5.0),
    ("the-authors-own-letters-a-wrong-result-is-caught", "softmax_ce_grad",
     ("## softmax-ce-grad\n$$\np_i = \\frac{e^{a_i}}{\\sum_{k=1}^{K} e^{a_k}} \\\\\nL = -\\sum_{k=1}^{K} t_k \\log p_k \\\\\n"
     "\\frac{\\partial L}{\\partial a_i} = t_i - p_i\n$$\n"), 3, 1.25),
    ("a-new-quantity-of-the-students-own-is-not-renamed", "softmax_ce_grad",
     "## softmax-ce-grad\n$$\ng_i = y_i - Y_i \\\\\n\\frac{\\partial E}{\\partial z_i} = -\\sum_k Y_k (\\delta_{ik} - y_i) = g_i\n$$\n", None, 5.0),
    ("l2-hat-J-defined-and-w-star-named-as-the-minimizer", "l2_shrinkage",
     ("## l2-shrinkage\n$$\nw^* = \\arg\\min_w J(w) \\\\\n\\hat J(w) = J(w^*) + \\frac12(w-w^*)^TH(w-w^*) \\\\\n"
     "\\nabla_w \\tilde J(\\tilde w) = H(\\tilde w - w^*) + \\alpha \\tilde w = 0 \\Rightarrow \\tilde w = (H + \\alpha I)^{-1} H w^*\n$$\n"), None, 3.0),
    ("xavier-or-equivalently-and-ascii-subscripts", "xavier_variance",
     ("## xavier-variance\n$$\nVar(w_ja_j)=E[a_j]^2Var(w_j)+E[w_j]^2Var(a_j)+Var(w_j)Var(a_j) \\\\\n"
     "\\mathrm{Var}(z) = n \\mathrm{Var}(w)\\mathrm{Var}(a) = \\mathrm{Var}(a) \\Rightarrow n Var(w) = 1 \\text{ or equivalently } Var(w) = \\frac{1}{n}\n$$\n"),
     None, 3.0),
    ("a-wrong-equality-split-across-two-displays-is-charged-to-its-first-line", "softmax_ce_grad",
     "## softmax-ce-grad\n$$\n\\frac{\\partial E}{\\partial z_i} = -\\sum_{k} Y_k (\\delta_{ik} + y_i) =\n$$\n$$\ny_i - Y_i\n$$\n", 1, 2.5),
    ("ce-a-sum-over-c-is-an-index-not-an-unnamed-constant", "ce_mle",
     "## ce-mle\n$$\n\\arg\\max_\\theta L(\\theta) = \\arg\\min_\\theta -\\frac{1}{n}\\sum_{i=1}^{n}\\sum_{c=1}^{K} Y_{ic}\\log y_{ic}\n$$\n", None, 6.0),
    ("two-letters-for-two-free-indices-are-read-as-different", "softmax_ce_grad",
     "## softmax-ce-grad\n$$\n\\frac{\\partial y_i}{\\partial z_j} = - y_i y_j \\\\\n" + _SOFTMAX_END, None, 5.0),
    ("two-letters-do-not-excuse-the-equal-case-or-a-wrong-sign", "softmax_ce_grad",
     "## softmax-ce-grad\n$$\n\\frac{\\partial y_k}{\\partial z_i} = y_i(1-y_i) \\\\\n\\frac{\\partial y_i}{\\partial z_j} = y_i y_j \\\\\n" + _SOFTMAX_END, 1, 1.25),
    ("another-letter-for-the-free-index", "softmax_ce_grad",
     "## softmax-ce-grad\n$$\n\\frac{\\partial E}{\\partial z_j} = -\\sum_k Y_k (\\delta_{kj} - y_j) = y_j - Y_j\n$$\n", None, 5.0),
    ("lines-that-state-no-step-cost-nothing", "softmax_ce_grad",
     "## softmax-ce-grad\n$$\n\\{z_i, Y_i\\}_{i=1}^K \\\\\na \\rightarrow 1 \\rightarrow [0, 1, 0, \\dots, 0] \\\\\n"
     "\\text{taking the gradient} \\\\\n\\qquad\\vdots \\\\\n" + _SOFTMAX_END, None, 5.0),
    ("each-prose-case-continues-the-expression-split-into-cases", "softmax_ce_grad",
     "## softmax-ce-grad\n$$\n\\frac{\\partial y_j}{\\partial z_i} = \\frac{\\partial}{\\partial z_i} \\frac{e^{z_j}}{\\sum_{k=1}^{K} e^{z_k}}\n$$\n"
     "If $i = j$,\n\n$$\n= y_j - y_j^2\n$$\n\nAnd if $i \\neq j$,\n\n$$\n= -y_j y_i\n$$\n" + "$$\n" + _SOFTMAX_END, None, 5.0),
    ("a-wrong-second-case-is-caught", "softmax_ce_grad",
     "## softmax-ce-grad\n$$\n\\frac{\\partial y_j}{\\partial z_i} = \\frac{\\partial}{\\partial z_i} \\frac{e^{z_j}}{\\sum_{k=1}^{K} e^{z_k}}\n$$\n"
     "If $i = j$,\n\n$$\n= y_j - y_j^2\n$$\n\nAnd if $i \\neq j$,\n\n$$\n= y_j y_i\n$$\n" + "$$\n" + _SOFTMAX_END, 3, 2.5),
    ("a-sum-does-not-take-in-a-term-whose-index-is-free-in-the-line", "softmax_ce_grad",
     "## softmax-ce-grad\n$$\n\\frac{\\partial y_i}{\\partial z_j} = \\frac{\\sum_j e^{z_j} \\cdot 0 - e^{z_i} e^{z_j}}{(\\sum_j e^{z_j})^2} = -y_i y_j\n$$\n"
     "$$\n" + _SOFTMAX_END, None, 5.0),
    ("a-wrong-sign-beside-such-a-sum-is-caught", "softmax_ce_grad",
     "## softmax-ce-grad\n$$\n\\frac{\\partial y_i}{\\partial z_j} = \\frac{\\sum_j e^{z_j} \\cdot 0 + e^{z_i} e^{z_j}}{(\\sum_j e^{z_j})^2}\n$$\n"
     "$$\n" + _SOFTMAX_END, 1, 2.5),
    ("a-wrong-fact-quoted-in-prose-is-still-charged", "softmax_ce_grad",
     "## softmax-ce-grad\n$$\n\\text{since $\\sum_{k=1}^{K} Y_k = 2$,} \\\\\n" + _SOFTMAX_END, 1, 2.5),
]


@pytest.mark.parametrize("name, module, markdown, invalid_line, points", REAL_NOTATION_ROWS, ids=[r[0] for r in REAL_NOTATION_ROWS])
def test_real_notation_derivations(name, module, markdown, invalid_line, points):
    test_derivation_first_invalid_line_and_points(name, module, markdown, invalid_line, points)


def test_a_grader_fault_on_a_line_is_could_not_be_checked(monkeypatch):
    from grader.derivations import derivation

    def broken(*args, **kwargs):
        raise AttributeError("'float' object has no attribute 'shape'")

    monkeypatch.setattr(derivation, "statement_segments", broken)
    markdown = "## softmax-ce-grad\n$$\n\\frac{\\partial E}{\\partial z_i} = y_i - Y_i\n$$\nAnswer: $y_i - Y_i$\n"
    result = grade_section("softmax_ce_grad", markdown)
    derivation_part = next(p for p in result.parts if p.id == "derivation")
    reasons = [k.reason.key for l in derivation_part.lines for k in l.links if k.reason is not None]
    assert result.status == "graded" and reasons == ["derivation.could_not_check"]


def test_the_reading_taken_is_told_where_the_text_allows_two():
    from grader.results.i18n import render

    markdown = ("## mle-mse\n$$\n-\\log L(w,b) = \\sum_{i=1}^n \\frac{1}{2}\\log(2\\pi\\sigma^2) + "
                "\\frac{1}{2\\sigma^2}(y_i - w x_i - b)^2\n$$\n")
    derivation = next(p for p in grade_section("mle_mse", markdown).parts if p.id == "derivation")
    (link,) = derivation.lines[0].links
    assert link.valid and "no index left free" in render(link.reason, "en")


def test_a_density_defined_for_one_argument_is_used_with_its_conditions():
    markdown = ("## mle-mse\n$$\np(y_i) = \\frac{1}{\\sqrt{2\\pi\\sigma^2}} \\exp\\left(-\\frac{(y_i - w x_i - b)^2}{2\\sigma^2}\\right) \\\\\n"
                "-\\log L(w,b) = -\\sum_{i=1}^{n}\\log p(y_i \\mid x_i; w, b) = \\frac{n}{2}\\log(2\\pi\\sigma^2) + \\frac{1}{2\\sigma^2}\\sum_{i=1}^{n}(y_i - w x_i - b)^2\n$$\n")
    derivation = next(p for p in grade_section("mle_mse", markdown).parts if p.id == "derivation")
    assert all(k.valid for l in derivation.lines for k in l.links), [(l.number, [(k.valid, k.reason) for k in l.links]) for l in derivation.lines]


def line_verdict(line, unreadable: object = None) -> tuple:
    """One line's verdict: (False, key) where a link is wrong, (None, key) where one is unchecked, else (True, the
    first link's key); a line that could not be read, or has no link, is (`unreadable`, its error's key)."""
    if line.error is not None or not line.links:
        return (unreadable, line.error.key if line.error is not None else None)
    for wanted in (False, None):
        link = next((k for k in line.links if k.valid is wanted), None)
        if link is not None:
            return (wanted, link.reason.key if link.reason else None)
    return (True, line.links[0].reason.key if line.links[0].reason else None)


def _line_verdicts(module: str, markdown: str) -> list[tuple[bool | None, str | None]]:
    derivation = next(p for p in grade_section(module, markdown).parts if p.id == "derivation")
    return [(k.valid, k.reason.key if k.reason else None) for l in derivation.lines for k in l.links]


@pytest.mark.parametrize(
    "module, display, expected",
    [
        # the author's logits a, never defined: an identity in them holds whatever they stand for
        ("softmax_ce_grad", (r"\frac{\partial}{\partial a_j} \frac{e^{a_j}}{\sum_{k=1}^{K} e^{a_k}} = "
         r"\frac{e^{a_j}\sum_{k=1}^{K} e^{a_k} - e^{a_j} e^{a_j}}{(\sum_{k=1}^{K} e^{a_k})^2}"), (True, "free_letters.identity")),
        ("softmax_ce_grad", r"y_i = \frac{e^{z_i - C}}{\sum_{k=1}^{K} e^{z_k - C}}", (True, "free_letters.identity")),
        # a wrong step in free letters is not called valid, nor invalid (the author may mean values where it holds)
        ("softmax_ce_grad", (r"\frac{\partial}{\partial a_j} \frac{e^{a_j}}{\sum_{k=1}^{K} e^{a_k}} = "
         r"\frac{e^{a_j}\sum_{k=1}^{K} e^{a_k} + e^{a_j} e^{a_j}}{(\sum_{k=1}^{K} e^{a_k})^2}"), (None, "equivalence.could_not_evaluate")),
        # p may depend on a: its derivative is not read as 0
        ("softmax_ce_grad", r"\frac{\partial p_j}{\partial a_i} = 0", (None, "equivalence.could_not_evaluate")),
        # a random variable of the author's has a variance a number drawn for it would not have
        ("xavier_variance", r"Var(Y_t) = 2 Var(Y_{t-1})", (None, "equivalence.could_not_evaluate")),
    ],
)
def test_steps_in_letters_the_derivation_never_defines(module, display, expected):
    section = module.replace("_", "-")
    verdicts = _line_verdicts(module, f"## {section}\n$$\n{display}\n$$\n")
    assert verdicts[-1] == expected, verdicts


@pytest.mark.parametrize(
    "module, display, expected",
    [
        # the likelihood first stated in the author's notation (a label vector Y_i, the author's letter q for
        # the model's probability): checked against the problem's L, and valid, the reading said
        ("ce_mle", r"L(\theta) = \prod_{i=1}^n q(Y_i \mid x_i; \theta)", (True, "derivation.reading")),
        # the loss first stated with a bound of the author's (N classes) and the entries' indices written above:
        # read as the entries (round 9), and checked
        ("softmax_ce_grad", r"E = -\sum_{k=1}^{N} Y^k \log y^k", (True, "derivation.reading")),
        # a second statement of the same name is a step: here a wrong one
        ("softmax_ce_grad", r"E = -\sum_{k=1}^{N} Y^k \log y^k \\ E = -\sum_{k=1}^{N} \frac{Y^k}{y^k}",
         (False, "equivalence.differs")),
        # a letter the problem does not know may make a restatement wrong: not free
        ("softmax_ce_grad", r"E = -\sum_{k=1}^{K} Y_k \log u_k", (None, "equivalence.could_not_evaluate")),
        # the variance of the author's own variable, stated once, says what it is
        ("xavier_variance", r"Var(w_t) = \frac{2}{(1 + \alpha^2) n_t}", (True, "derivation.defines")),
        # stated again, it is a step
        ("xavier_variance", r"Var(w_t) = \frac{2}{n_t} \\ Var(w_t) = \frac{1}{n_t}", (None, "equivalence.could_not_evaluate")),
        # the variance of an expression is no name: a step
        ("xavier_variance", r"Var(w_t a_t) = \frac{2}{n_t}", (None, "equivalence.could_not_evaluate")),
        # a density of the author's written with its parameters
        ("mle_mse", r"N(y_i \mid w x_i + b, \sigma^2) = \frac{1}{\sqrt{2\pi\sigma^2}} \exp\left(-\frac{(y_i - w x_i - b)^2}{2\sigma^2}\right)",
         (True, "derivation.defines")),
        # the author's y^i (the index written above) is the entry y_i (round 9): the softmax, checked; the same
        # written out over two classes is the author's example with K = 2, checked there
        ("softmax_ce_grad", r"y^i = \frac{(e^z)^i}{\sum_j^N (e^z)^j}", (True, "derivation.reading")),
        ("softmax_ce_grad", r"y^i = \frac{(e^z)^i}{\sum_j^N (e^z)^j} \\ y^i = \frac{(e^z)^i}{(e^z)^1 + (e^z)^2}",
         (True, "derivation.reading")),
        ("softmax_ce_grad", r"y^i = \frac{(e^z)^i}{\sum_j^N (e^z)^j} \\ y^i = \frac{(e^z)^i}{(e^z)^1 - (e^z)^2}",
         (False, "equivalence.differs")),
    ],
)
def test_first_statement_of_a_name_in_the_authors_notation_is_a_definition(module, display, expected):
    section = module.replace("_", "-")
    verdicts = _line_verdicts(module, f"## {section}\n$$\n{display}\n$$\n")
    assert verdicts[-1] == expected, verdicts


@pytest.mark.parametrize(
    "module, display, expected",
    [
        # a slip of one index letter (`\sum_k e^{z_j}` for `\sum_k e^{z_k}`) is charged on its line; the next
        # line, right for what the chain computes, is not charged again
        ("softmax_ce_grad",
         r"\frac{\partial y_i}{\partial z_i} = \frac{e^{z_i}\sum_{k=1}^{K} e^{z_j} - e^{z_i}e^{z_i}}{(\sum_{k=1}^{K} e^{z_j})^2} \\ = y_i(1-y_i)",
         [(False, "equivalence.differs"), (True, "derivation.recovers")]),
        # after the typo's line ends on a step judged right (the typo simplified), a next line landing on the chain's
        # true value does not follow from it: a new mistake, charged (recovery only straight after the charged line)
        ("softmax_ce_grad",
         (r"\frac{\partial y_i}{\partial z_i} = \frac{e^{z_i}\sum_{k=1}^{K} e^{z_j} - e^{z_i}e^{z_i}}{(\sum_{k=1}^{K} e^{z_j})^2} = "
         r"\frac{e^{z_i}}{\sum_{k=1}^{K} e^{z_j}} - \frac{e^{z_i}e^{z_i}}{(\sum_{k=1}^{K} e^{z_j})^2} \\ = y_i(1-y_i)"),
         [(False, "equivalence.differs"), (True, None), (False, "equivalence.differs")]),
        # a real mistake followed by the right result: the jump does not follow, and is charged
        ("softmax_ce_grad",
         r"\frac{\partial y_i}{\partial z_i} = \frac{e^{z_i}\sum_{k=1}^{K} e^{z_k} + e^{z_i}e^{z_i}}{(\sum_{k=1}^{K} e^{z_k})^2} \\ = y_i(1-y_i)",
         [(False, "equivalence.differs"), (False, "equivalence.differs")]),
        # "given A, so B" in Chinese prose: A is the author's assumption, B the step
        ("softmax_ce_grad", r"且已知 \sum_{j=1}^{K} Y_j = 1，所以 \frac{\partial E}{\partial z_i} = y_i - Y_i", [(True, None)]),
        ("softmax_ce_grad", r"\text{given } \sum_{j=1}^{K} Y_j = 1 \text{, so } \frac{\partial E}{\partial z_i} = y_i + Y_i",
         [(False, "equivalence.differs")]),
        # the backward pass's condition on the way to Glorot's compromise holds where it is stated
        ("xavier_variance", r"n_{out} \mathrm{Var}(w) = 1 \Rightarrow \mathrm{Var}(w) = \frac{1}{n_{out}}", [(True, None)] * 3),
        # n_out in the forward pass is still a wrong step
        ("xavier_variance", r"\mathrm{Var}(z) = n_{out} \mathrm{Var}(w) \mathrm{Var}(a)", [(False, "equivalence.differs")]),
        # the author's density of the noise p(\epsilon_i), written p(y_i | x_i; w, b): the density of y_i under the model
        ("mle_mse", (r"p(\epsilon_i) = \frac{1}{\sqrt{2\pi}\sigma}\exp\left(-\frac{\epsilon_i^2}{2\sigma^2}\right) \\ "
         r"L(w,b) = \prod_{i=1}^{n} p(y_i \mid x_i; w, b)"), [(True, "derivation.defines"), (True, None)]),
        ("mle_mse", (r"p(\epsilon_i) = \frac{1}{\sqrt{2\pi}\sigma}\exp\left(-\frac{\epsilon_i^2}{2\sigma^2}\right) \\ "
         r"p(y_i \mid x_i; w, b) = \frac{1}{\sqrt{2\pi}\sigma}\exp\left(-\frac{(y_i - w x_i + b)^2}{2\sigma^2}\right)"),
         [(True, "derivation.defines"), (False, "equivalence.differs")]),
        # a letter nobody defined, which a later step shows to be the problem's (\delta for \sigma): read as meant
        ("mle_mse", (r"\log L(w,b) = \sum_{i=1}^{n}\log\frac{1}{\sqrt{2\pi}\delta}\exp\left(-\frac{(y_i - w x_i - b)^2}{2\sigma^2}\right) \\ "
         r"= n\log\frac{1}{\sqrt{2\pi}\sigma} - \frac{1}{2\sigma^2}\sum_{i=1}^{n}(y_i - w x_i - b)^2"),
         [(True, "derivation.reading"), (True, None)]),
        # no later step shows what the letter stands for: not checked
        ("mle_mse", r"\log L(w,b) = \sum_{i=1}^{n}\log\frac{1}{\sqrt{2\pi}\delta}\exp\left(-\frac{(y_i - w x_i - b)^2}{2\sigma^2}\right)",
         [(None, "equivalence.could_not_evaluate")]),
        # a slip read as meant does not hide a wrong step
        ("mle_mse", (r"\log L(w,b) = \sum_{i=1}^{n}\log\frac{1}{\sqrt{2\pi}\delta}\exp\left(-\frac{(y_i - w x_i - b)^2}{2\sigma^2}\right) \\ "
         r"= n\log\frac{1}{\sqrt{2\pi}\sigma} - \frac{1}{\sigma^2}\sum_{i=1}^{n}(y_i - w x_i - b)^2"),
         [(None, "equivalence.could_not_evaluate"), (None, "equivalence.could_not_evaluate")]),
        # two of the problem's quantities set equal: the author's assumption, free
        ("xavier_variance", r"n_{in} = n_{out}", [(None, "derivation.assumes")]),
        # ... but where they are tied, an identity, checked
        ("xavier_variance", r"n = n_{in}", [(True, None)]),
        # a part of the line before named in the next (ℓ_j for Y_j log y_j): the name stands for it after
        ("softmax_ce_grad", (r"E = -\sum_{j=1}^K Y_j \log y_j \\ = -\sum_{j=1}^K \ell_j \\ "
         r"\frac{\partial E}{\partial z_i} = -\sum_{j=1}^K \frac{\partial \ell_j}{\partial y_j} \frac{\partial y_j}{\partial z_i} \\ "
         r"\frac{\partial \ell_j}{\partial y_j} = -\frac{Y_j}{y_j}"),
         [(True, None), (True, "derivation.defines"), (True, None), (False, "equivalence.differs")]),
        # the density of the whole sample, written with the vector of the y_i: the product of the samples' densities
        ("mle_mse", (r"p(\epsilon_i) = \frac{1}{\sqrt{2\pi}\sigma}\exp\left(-\frac{\epsilon_i^2}{2\sigma^2}\right) \\ "
         r"L(w,b) = p(\vec{y} \mid X; w, b) = \prod_{i=1}^{n} p(y_i \mid x_i; w, b)"), [(True, "derivation.defines"), (True, "derivation.sample_product"), (True, None)]),
        ("mle_mse", (r"p(\epsilon_i) = \frac{1}{\sqrt{2\pi}\sigma}\exp\left(-\frac{\epsilon_i^2}{2\sigma^2}\right) \\ "
         r"p(\vec{y} \mid X; w, b) = \sum_{i=1}^{n} p(y_i \mid x_i; w, b)"), [(True, "derivation.defines"), (False, "equivalence.differs")]),
        # the author's letter for the number of classes, read where it bounds a sum over the classes (C for K)
        ("softmax_ce_grad", r"p_j = \frac{e^{a_j}}{\sum_k^C e^{a_k}} \\ \frac{\partial p_j}{\partial a_j} = p_j(1 - p_j)",
         [(True, None), (True, None)]),
        ("softmax_ce_grad", r"p_j = \frac{e^{a_j}}{\sum_k^C e^{a_k}} \\ \frac{\partial p_j}{\partial a_j} = p_j(1 + p_j)",
         [(True, None), (False, "equivalence.differs")]),
        # p read as the course's y while the author writes y too: a step that writes y is not called wrong (the two
        # cannot be told apart)
        ("softmax_ce_grad", r"p_j = \frac{e^{a_j}}{\sum_k^C e^{a_k}} \\ \frac{\partial p_j}{\partial a_j} = y_j(1 + p_j)",
         [(True, None), (None, "derivation.letter_clash")]),
        # the author's loss named with a letter the problem uses only as an index (l of d2l), stated once: the
        # problem's loss restated under the author's function name (round 9, `restated_givens`): o the logits, y
        # the labels, l the loss, said in the feedback; its derivative by o_j is checked in those letters
        ("softmax_ce_grad", (r"l(\mathbf{y}, \hat{\mathbf{y}}) = -\sum_{j=1}^K y_j \log \frac{\exp(o_j)}{\sum_{k=1}^K \exp(o_k)} \\ "
         r"\partial_{o_j} l(\mathbf{y}, \hat{\mathbf{y}}) = \frac{\exp(o_j)}{\sum_{k=1}^K \exp(o_k)} - y_j"),
         [(True, "derivation.reading"), (True, None)]),
        # a wrong sign there is charged
        ("softmax_ce_grad", (r"l(\mathbf{y}, \hat{\mathbf{y}}) = -\sum_{j=1}^K y_j \log \frac{\exp(o_j)}{\sum_{k=1}^K \exp(o_k)} \\ "
         r"\partial_{o_j} l(\mathbf{y}, \hat{\mathbf{y}}) = \frac{\exp(o_j)}{\sum_{k=1}^K \exp(o_k)} + y_j"),
         [(True, "derivation.reading"), (False, "equivalence.differs")]),
        # the derivative of a name nobody defined, written as the derivative of an expression in the author's
        # letters, defines the name; the next step is checked from it
        ("softmax_ce_grad", r"\frac{\partial s_i}{\partial x_i} = \frac{\partial}{\partial x_i} \frac{e^{x_i}}{\sum_{k=1}^K e^{x_k}} = s_i(1 - s_i)",
         [(True, "derivation.defines"), (True, "free_letters.identity")]),
        ("softmax_ce_grad", r"\frac{\partial s_i}{\partial x_i} = \frac{\partial}{\partial x_i} \frac{e^{x_i}}{\sum_{k=1}^K e^{x_k}} = s_i(1 + s_i)",
         [(True, "derivation.defines"), (None, "equivalence.could_not_evaluate")]),
        # (the same over the labels, a sum of derivatives with the problem's Y_k before them)
        ("softmax_ce_grad", (r"\frac{\partial H}{\partial x_i} = -\sum_{k=1}^K Y_k \frac{\partial}{\partial x_i} \log \frac{e^{x_k}}{\sum_{j=1}^K e^{x_j}} \\ "
         r"= \frac{e^{x_i}}{\sum_{j=1}^K e^{x_j}} \sum_{k=1}^K Y_k - Y_i"),
         [(True, "derivation.defines"), (True, "free_letters.identity")]),
        ("softmax_ce_grad", (r"\frac{\partial H}{\partial x_i} = -\sum_{k=1}^K Y_k \frac{\partial}{\partial x_i} \log \frac{e^{x_k}}{\sum_{j=1}^K e^{x_j}} \\ "
         r"= \frac{e^{x_i}}{\sum_{j=1}^K e^{x_j}} \sum_{k=1}^K Y_k + Y_i"),
         [(True, "derivation.defines"), (None, "equivalence.could_not_evaluate")]),
        # the author's labels t, written as a factor beside the softmax the definition spells out: held fixed
        ("softmax_ce_grad", (r"\frac{\partial H}{\partial x_i} = -\sum_{k=1}^K \frac{\partial}{\partial x_i} \left(t_k \log \frac{e^{x_k}}{\sum_{j=1}^K e^{x_j}}\right) \\ "
         r"= \frac{e^{x_i}}{\sum_{j=1}^K e^{x_j}} \sum_{k=1}^K t_k - t_i"), [(True, "derivation.defines"), (True, "free_letters.identity")]),
        # an undefined p under a logarithm may depend on x: the derivative is not taken with p held fixed
        ("softmax_ce_grad", r"\frac{\partial H}{\partial x_i} = -\sum_{k=1}^K \frac{\partial}{\partial x_i} \left(\log p_k + x_k\right) \\ = -1",
         [(True, "derivation.defines"), (None, "equivalence.could_not_evaluate")]),
        ("softmax_ce_grad", r"L = -\sum_{j=1}^K t_j \log p_j + u_1 \\ \frac{\partial L}{\partial u_1} = 1",
         [(True, "derivation.defines"), (None, "equivalence.could_not_evaluate")]),
        # the author's own letters for the model (y = sum W_i x_i: Glorot's notation), random on both sides: read as
        # the problem's z, w, a through their first and second moments; W is w (its letter up to case), not a,
        # though the product reads the same either way
        ("xavier_variance", r"y = \sum_{i=1}^{n_{in}}W_ix_i \\ \text{Var}[y] = n_{in} \text{Var}[W] \text{Var}[x] \\ \text{Var}[W] = \frac{1}{n_{in}}",
         [(True, "derivation.same_moments"), (True, None), (True, None)]),
        ("xavier_variance", r"y = \sum_{i=1}^{n_{in}}W_ix_i \\ \text{Var}[y] = n_{in}^2 \text{Var}[W] \text{Var}[x]",
         [(True, "derivation.same_moments"), (False, "equivalence.differs")]),
        ("xavier_variance", r"y = \sum_{i=1}^{n_{in}}W_ix_i \\ \text{Var}[W] = \frac{1}{n_{in}^2}",
         [(True, "derivation.same_moments"), (False, "equivalence.differs")]),
        # the author's softmax written as a function of the vector, its i-th output (s(x)_i = ...): followed as
        # s_i, with x the logits and the bound n the number of classes
        ("softmax_ce_grad", r"s(\mathbf{x})_i = \frac{e^{x_i}}{\sum_{k=1}^{n} e^{x_k}} \\ \frac{\partial s_i}{\partial x_i} = s_i(1-s_i)",
         [(True, None), (True, None)]),
        ("softmax_ce_grad", r"s(\mathbf{x})_i = \frac{e^{x_i}}{\sum_{k=1}^{n} e^{x_k}} \\ \frac{\partial s_i}{\partial x_i} = s_i(1+s_i)",
         [(True, None), (False, "equivalence.differs")]),
        # the first statement of the likelihood in the author's parameter, at the head of a chain: the definition is
        # free, the step after it is checked (as an identity in theta); a wrong step after it is not let through
        ("mle_mse", (r"p(y_i \mid x_i; \theta) = \frac{1}{\sqrt{2\pi\sigma^2}} \exp\left(-\frac{(y_i - \theta x_i)^2}{2\sigma^2}\right) \\ "
         r"L(\theta) = \prod_{i=1}^n p(y_i \mid x_i; \theta) = \prod_{i=1}^n \frac{1}{\sqrt{2\pi\sigma^2}} \exp\left(-\frac{(y_i - \theta x_i)^2}{2\sigma^2}\right)"),
         [(True, "derivation.defines"), (True, "derivation.defines"), (True, "free_letters.identity")]),
        ("mle_mse", (r"p(y_i \mid x_i; \theta) = \frac{1}{\sqrt{2\pi\sigma^2}} \exp\left(-\frac{(y_i - \theta x_i)^2}{2\sigma^2}\right) \\ "
         r"L(\theta) = \prod_{i=1}^n p(y_i \mid x_i; \theta) = \prod_{i=1}^n \frac{1}{\sqrt{2\pi\sigma^2}} \exp\left(-\frac{(y_i - \theta x_i)^2}{\sigma^2}\right)"),
         [(True, "derivation.defines"), (True, "derivation.defines"), (None, "equivalence.could_not_evaluate")]),
        # the problem's own L(w, b), wrong at the head of a chain: still charged
        ("mle_mse", r"L(w, b) = \prod_{i=1}^n \frac{1}{\sqrt{2\pi\sigma^2}} = 1", [(False, "equivalence.differs"), (False, "equivalence.differs")]),
        # the author's loss l (an index letter of the problem's) over their p, with y for the labels: p is read as
        # the outputs y and the author's y as the labels Y (the course letter they also write, renamed in turn)
        ("softmax_ce_grad", r"l = -\sum_{i=1}^Cy_i \log p_i \\ \frac{\partial l}{\partial z_i} = p_i - y_i", [(True, None), (True, None)]),
        ("softmax_ce_grad", r"l = -\sum_{i=1}^Cy_i \log p_i \\ \frac{\partial l}{\partial z_i} = p_i + y_i", [(True, None), (False, "equivalence.differs")]),
        # (not where the derivation also writes l as an index: renamed, y_l would read as y_E)
        ("softmax_ce_grad", r"l = -\sum_{i=1}^Cy_i \log p_i \\ \frac{\partial l}{\partial z_i} = p_i - y_i \\ \sum_{l=1}^K y_l = 1",
         [(None, "equivalence.could_not_evaluate"), (None, "equivalence.could_not_evaluate"), (True, None)]),
        # ... and the softmax defined after it in the author's logits o: p stays y, o is read as z
        ("softmax_ce_grad", r"L = -\sum_i y_i \log p_i \\ p_i = \frac{\exp(o_i)}{\sum_j \exp(o_j)} \\ \frac{\partial L}{\partial o_k} = p_k - y_k",
         [(True, None), (True, None), (True, None)]),
        ("softmax_ce_grad", r"L = -\sum_i y_i \log p_i \\ p_i = \frac{\exp(o_i)}{\sum_j \exp(o_j)} \\ \frac{\partial L}{\partial o_k} = y_k - p_k",
         [(True, None), (True, None), (False, "equivalence.differs")]),
        # the problem's data before the derivative is held fixed, but not the quantity differentiated by (z_k by z_i)
        ("softmax_ce_grad", r"\frac{\partial H}{\partial z_i} = -\sum_{k=1}^K z_k \frac{\partial}{\partial z_i} \log y_k",
         [(None, "equivalence.could_not_evaluate")]),
        # a letter before the derivative may depend on the variable (the chain rule): no definition is read
        ("softmax_ce_grad", r"\frac{\partial H}{\partial x} = - \frac{1}{p_j} \frac{\partial p_j}{\partial x}",
         [(None, "equivalence.could_not_evaluate")]),
    ],
)
def test_what_a_ta_reads_around_a_step(module, display, expected):
    section = module.replace("_", "-")
    verdicts = _line_verdicts(module, f"## {section}\n$$\n{display}\n$$\n")
    assert verdicts == expected, verdicts


XAVIER_GOAL_UNDER_A_ROOT = r"""
## xavier-variance

$$
\mathrm{Var}(z) = \sum_{j=1}^{n} \mathrm{Var}(w_j a_j) = n \mathrm{Var}(w)\mathrm{Var}(a)
$$

$$
\frac{1}{2} (n_{in} + n_{out}) \mathrm{Var}(w) = 1 \text{ or equivalently } \sqrt{\mathrm{Var}(w)} = \sqrt{\frac{2}{n_{in} + n_{out}}}
$$

Answer (a): $\frac{2}{n_{in} + n_{out}}$

Answer (b): $\sqrt{\frac{6}{n_{in} + n_{out}}}$
"""


@pytest.mark.parametrize("root, reached", [(r"\sqrt{\frac{2}{n_{in} + n_{out}}}", True), (r"\sqrt{\frac{4}{n_{in} + n_{out}}}", False)])
def test_a_goal_stated_under_a_square_root_is_reached(root, reached):
    markdown = XAVIER_GOAL_UNDER_A_ROOT.replace(r"\sqrt{\frac{2}{n_{in} + n_{out}}}", root, 1)
    derivation = next(p for p in grade_section("xavier_variance", markdown).parts if p.id == "derivation")
    assert (not any(m.key == "derivation.no_goal" for m in derivation.feedback)) == reached, derivation.feedback


@pytest.mark.parametrize(
    "display, expected",
    [
        # the gradient set to zero ends the chain: the condition that defines the minimizer
        (r"J'(w) = H(w - w^*) = 0", [(True, None), (True, "derivation.stationary")]),
        # (this one holds at the problem's own minimizer, where the checker also looks)
        (r"\bigtriangledown_w \tilde J(w) = H(w - w^*) + \alpha w = 0", [(True, None), (True, None)]),
        # a wrong gradient before the zero is still a wrong step
        (r"J'(w) = H(w + w^*) = 0", [(False, "equivalence.differs"), (True, "derivation.stationary")]),
        # a zero that is not the end of a derivative's chain is an identity to check
        (r"H(w - w^*) = 0", [(False, "equivalence.differs")]),
    ],
)
def test_a_derivative_set_to_zero_is_the_minimizers_condition(display, expected):
    verdicts = _line_verdicts("l2_shrinkage", f"## l2-shrinkage\n$$\n{display}\n$$\n")
    assert verdicts == expected, verdicts


def test_a_word_the_student_defines_is_one_name_and_its_second_statement_is_a_step():
    # `loss`, not l*o*s*s: the derivative of the student's loss is the problem's
    defined = _line_verdicts("softmax_ce_grad", "## softmax-ce-grad\n$$\nloss = -\\sum_{k=1}^{K} Y_k \\log y_k \\\\\n"
                             "\\frac{\\partial\\, loss}{\\partial z_i} = y_i - Y_i\n$$\n")
    assert defined == [(True, "derivation.defines"), (True, None)], defined
    # stating loss again in letters that have no value is not a free definition
    again = _line_verdicts("softmax_ce_grad", "## softmax-ce-grad\n$$\nloss = -\\sum_{k=1}^{K} Y_k \\log y_k \\\\\n"
                           "loss = -\\frac{Y_i}{u_i}\n$$\n")
    assert again[0] == (True, "derivation.defines") and again[1][0] is None and again[1][1] != "derivation.defines", again


@pytest.mark.parametrize("sign, valid", [("-", True), ("+", False)])
def test_the_problems_function_with_its_arguments_in_another_order_is_read_by_name(sign, valid):
    display = (rf"\log L(b, w, \sigma) = -\frac{{n}}{{2}}\log(2\pi\sigma^2) {sign} \frac{{1}}{{2\sigma^2}}"
               r"\sum_{i=1}^{n}(y_i - w x_i - b)^2")
    verdicts = _line_verdicts("mle_mse", f"## mle-mse\n$$\n{display}\n$$\n")
    assert verdicts[0][0] is valid, verdicts


def test_a_gradient_claimed_to_vanish_where_nothing_is_minimized_is_checked():
    verdicts = _line_verdicts("softmax_ce_grad", "## softmax-ce-grad\n$$\n"
                              "\\frac{\\partial E}{\\partial z_i} = y_i - Y_i = 0\n$$\n")
    assert verdicts[0] == (True, None) and verdicts[1][0] is False, verdicts
