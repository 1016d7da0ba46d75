"""Hand-built grading results that use every field of the result models (for report tests)."""

from __future__ import annotations

import numpy as np

from grader.results.i18n import define
from grader.results.models import (
    ERROR,
    GRADED,
    MISSING,
    NOT_GRADED,
    ArrayPreview,
    CheckResult,
    Counterexample,
    DerivationLine,
    GradingResult,
    LinkResult,
    Message,
    PartResult,
    ProblemResult,
)

define(
    {
        "sample.answer_wrong": ("Expected an expression equal to the closed form.", "应为与闭式解相等的表达式。"),
        "sample.link_not_equal": ("The two sides are not equal.", "两边不相等。"),
        "sample.chain_reaches": ("The derivation reaches the final answer.", "推导得出了最终答案。"),
        "sample.check_values": ("values on random non-square inputs", "随机非方阵输入上的数值"),
        "sample.check_shape": ("shapes of the results", "结果的形状"),
        "sample.check_steps": ("40 steps on the Rosenbrock function", "在 Rosenbrock 函数上迭代 40 步"),
        "sample.no_goal": ("The derivation does not reach the goal (shown here).", "推导没有得到目标（见此处）。"),
        "sample.values_differ": ("dw differs from the reference (relative error {error}).", "dw 与参考结果不同（相对误差 {error}）。"),
        "mistake.dw-transposed": ("You returned dw transposed: dw must have the shape of w, (D, M).", "你返回的 dw 是转置的：dw 的形状应与 w 相同，为 (D, M)。"),
    }
)

#: Our own LaTeX that a feedback sentence refers to (shown apart from it).
GOAL = r"\arg\min_{w,b} \frac{1}{n}\sum_{i=1}^{n} (y_i - w x_i - b)^2"

#: Student text that must come out escaped, never as markup.
HOSTILE = '<script>alert("x")</script><img src="http://evil.example/x.png">'


def rosenbrock_run(steps: int = 40, lr: float = 1e-3, scale: float = 1.0) -> list[list[float]]:
    w = np.array([-1.2, 1.0])
    points = [w.tolist()]
    for _ in range(steps):
        grad = np.array([-2 * (1 - w[0]) - 400 * w[0] * (w[1] - w[0] ** 2), 200 * (w[1] - w[0] ** 2)])
        w = w - lr * scale * grad
        points.append(w.tolist())
    return points


def sample_result(submission: str = "alice") -> GradingResult:
    derivation = PartResult(
        id="derivation",
        score=3.0,
        max_score=6.0,
        feedback=(Message("sample.chain_reaches"), Message("sample.no_goal", math=(GOAL,))),
        invalid_line=2,
        lines=(
            DerivationLine(
                1,
                r"-\log L(w,b) = \sum_{i=1}^{n} \frac{(y_i - w x_i - b)^2}{2\sigma^2} + \frac{n}{2}\log(2\pi\sigma^2)",
                (LinkResult(r"-\log L(w,b)", "=", r"\sum_{i=1}^{n} \frac{(y_i - w x_i - b)^2}{2\sigma^2} + \frac{n}{2}\log(2\pi\sigma^2)", True),),
            ),
            DerivationLine(
                2,
                r"= \sum_{i=1}^{n} (y_i - w x_i - b)^2 " + HOSTILE,
                (
                    LinkResult(
                        r"\sum_{i=1}^{n} \frac{(y_i - w x_i - b)^2}{2\sigma^2}",
                        "=",
                        r"\sum_{i=1}^{n} (y_i - w x_i - b)^2 " + HOSTILE,
                        False,
                        Message("sample.link_not_equal"),
                        Counterexample({"n": "2", "sigma": "0.5", "w": "1", "b": "0"}, "3.2", "0.8"),
                    ),
                ),
            ),
            DerivationLine(3, r"\Rightarrow \frac{", (), Message("sample.link_not_equal")),
            DerivationLine(
                4,
                r"\arg\max L = \arg\min \frac{1}{n}\sum (y_i - w x_i - b)^2",
                (LinkResult(r"\arg\max L", "=", r"\arg\min \frac{1}{n}\sum (y_i - w x_i - b)^2", None),),
            ),
        ),
    )
    answer = PartResult(id="answer", score=4.0, max_score=4.0, student_answer=r"\frac{1}{2\sigma^2}\sum_i (y_i - w x_i - b)^2 + C")
    wrong_answer = PartResult(
        id="answer-a", score=0.0, max_score=2.0, feedback=(Message("sample.answer_wrong"),), student_answer=r"(H + \alpha)^{-1} w^*"
    )
    backprop = ProblemResult(
        id="backprop",
        title="Backpropagation: layers, losses and an MLP",
        kind="code",
        status=GRADED,
        score=1.5,
        max_score=3.0,
        seed=1234,
        isolation="namespaces+rlimits",
        parts=(
            PartResult(
                id="affine_backward",
                score=1.5,
                max_score=3.0,
                feedback=(Message("sample.values_differ", {"error": "0.93"}),),
                mistakes=("dw-transposed",),
                checks=(
                    CheckResult(Message("sample.check_shape"), True, weight=1.0),
                    CheckResult(
                        Message("sample.check_values"),
                        False,
                        Message("sample.values_differ", {"error": "0.93"}),
                        expected=ArrayPreview((4, 5), ((0.1, -0.25, 3.0), (1e-9, 2.5, float("nan"))), truncated=True),
                        got=ArrayPreview((5, 4), ((0.1, 1e-9), (-0.25, 2.5)), truncated=True),
                        inputs={"x": "(3, 4)", "w": "(4, 5)", "b": "(5,)"},
                        weight=2.0,
                    ),
                ),
            ),
        ),
    )
    optimizers = ProblemResult(
        id="optimizers",
        title="First-order optimizers",
        kind="code",
        status=GRADED,
        score=2.0,
        max_score=4.0,
        seed=99,
        isolation="namespaces+rlimits",
        parts=(
            PartResult(
                id="sgd_momentum",
                score=2.0,
                max_score=2.0,
                checks=(
                    CheckResult(
                        Message("sample.check_steps"),
                        True,
                        trajectory={"objective": "rosenbrock", "reference": rosenbrock_run(), "student": rosenbrock_run()},
                    ),
                ),
            ),
            PartResult(
                id="adam",
                score=0.0,
                max_score=2.0,
                checks=(
                    CheckResult(
                        Message("sample.check_steps"),
                        False,
                        trajectory={
                            "objective": "quadratic",
                            "reference": [[1.0, 1.0], [0.8, 0.5], [0.6, 0.2], [0.3, 0.05]],
                            "student": [[1.0, 1.0], [1.5, 2.0], [1e12, 1e12], [float("nan"), 3.0]],
                        },
                    ),
                ),
            ),
        ),
    )
    return GradingResult(
        submission=submission,
        seed=4242,
        isolation="namespaces+rlimits",
        duration_seconds=1.234,
        grader_version="0.1.0",
        problems=(
            ProblemResult("mle-mse", "Gaussian noise: MLE = MSE", "derivation", GRADED, 7.0, 10.0, (answer, derivation), seed=11),
            ProblemResult("l2-shrinkage", "L2 regularization shrinks along eigenvectors", "derivation", GRADED, 0.0, 2.0, (wrong_answer,)),
            ProblemResult(
                "xavier-variance", "Xavier/Glorot initialization variance", "derivation", MISSING, 0.0, 10.0,
                error=Message("answers.section_missing", {"problem": "xavier-variance"}),
            ),
            backprop,
            ProblemResult(
                "batchnorm", "Batch and layer normalization", "code", ERROR, 0.0, 10.0,
                error=Message("grader.internal_error", {"error": "ValueError: <boom> & 'quotes'"}),
            ),
            optimizers,
            ProblemResult("perceptron", "The perceptron algorithm", "code", NOT_GRADED, 0.0, 10.0, error=Message("grader.not_graded")),
        ),
    )


# A small stable course for the tests of the batch and Gradescope machinery, so that they do
# not depend on the state of the real grading engine: "correct" in answers.md earns the
# answer, "derive" the derivation; "sign" is diagnosed as a known mistake.
from dataclasses import dataclass as _dataclass

from grader.reading.submission import SubmissionFileError as _SubmissionFileError


@_dataclass(frozen=True)
class StubProblem:
    id: str
    title: str = "A stub problem"
    kind: str = "derivation"

    @property
    def max_score(self) -> float:
        return 10.0

    def grade(self, submission, context):
        try:
            text = submission.read_text("answers.md")
        except _SubmissionFileError as exc:
            return ProblemResult(self.id, self.title, self.kind, MISSING, 0.0, 10.0, error=exc.message, seed=context.seed)
        answer = 4.0 if "correct" in text else 0.0
        derivation = 6.0 if "derive" in text else 0.0
        mistakes = ("sign-flip",) if "sign" in text else ()
        parts = (
            PartResult("answer", answer, 4.0, student_answer=text.strip()[:40]),
            PartResult("derivation", derivation, 6.0, mistakes=mistakes),
        )
        return ProblemResult(self.id, self.title, self.kind, GRADED, answer + derivation, 10.0, parts, seed=context.seed)


STUB_COURSE = (StubProblem("stub-one"), StubProblem("stub-two", "Another stub problem"))


def use_stub_course(monkeypatch):
    import grader.course.course
    import grader.grading.pipeline

    monkeypatch.setattr(grader.grading.pipeline, "load_course", lambda *a, **k: list(STUB_COURSE))
    monkeypatch.setattr(grader.course.course, "load_course", lambda *a, **k: list(STUB_COURSE))
