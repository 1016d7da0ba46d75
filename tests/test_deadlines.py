"""Checking stops on time in any thread, without signals."""

from __future__ import annotations

import dataclasses
import threading
import time

from grader.course.course import load_problem
from grader.course.problem import GradingContext
from grader.reading.answers_md import read_answers_document
from grader.reading.submission import Submission

EXPENSIVE = r"""
## mle-mse
$$
\sum_{i=1}^{900}\sum_{j=1}^{900}\sum_{k=1}^{900} (y_i - w x_i - b)^2 = \sum_{i=1}^{900}\sum_{j=1}^{900}\sum_{k=1}^{900} (y_i - w x_i - b)^3
$$
Answer: $\sum_{i=1}^{900}\sum_{j=1}^{900}\sum_{k=1}^{900} x_i$
"""


def grade_in_thread(problem, markdown):
    box = {}

    def work():
        context = GradingContext(seed=3, answers=read_answers_document(markdown))
        box["result"] = problem.grade(Submission(root=None), context)  # type: ignore[arg-type]

    worker = threading.Thread(target=work)
    started = time.monotonic()
    worker.start()
    worker.join(30)
    return box.get("result"), time.monotonic() - started


def test_expensive_lines_stop_within_the_time_limit_in_a_thread():
    problem = dataclasses.replace(load_problem("mle_mse"), time_limit=1.0)
    result, seconds = grade_in_thread(problem, EXPENSIVE)
    assert result is not None, "grading did not return"
    assert seconds < 10
    derivation = next(p for p in result.parts if p.id == "derivation")
    link = derivation.lines[0].links[0]
    assert link.valid is None
    assert link.reason.key in {"derivation.timeout", "equivalence.could_not_evaluate"}
    answer = next(p for p in result.parts if p.id == "answer")
    assert answer.score == 0
