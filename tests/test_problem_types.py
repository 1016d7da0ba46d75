"""The declared problem types, the problem statuses and the one result constructor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from grader.course.course import EXTENDED_COURSE, NotYetGraded, load_course
from grader.course.problem import (
    AnswersProblem,
    CodeRunProblem,
    GradingContext,
    PartedProblem,
    Problem,
    is_code_problem,
    problem_result,
    unscored,
)
from grader.course.rubric import RubricError, load_rubric, part_ids
from grader.grading.pipeline import grade_problem
from grader.reading.submission import Submission
from grader.results import result_codec
from grader.results.models import STATUSES, Message, PartResult, ProblemResult, ProblemStatus


@pytest.fixture(scope="module")
def extended_problems():
    return load_course(EXTENDED_COURSE)


def test_every_course_problem_is_one_declared_type(extended_problems):
    for problem in extended_problems:
        assert isinstance(problem, Problem), problem.id
        assert isinstance(problem, PartedProblem), problem.id
        if problem.kind == "code":
            assert isinstance(problem, CodeRunProblem) and is_code_problem(problem), problem.id
            assert problem.files == (f"{problem.module}.py",)
        else:
            assert problem.kind == "derivation", problem.id
            assert isinstance(problem, AnswersProblem) and not is_code_problem(problem), problem.id


def test_a_problem_without_parts_or_sandbox_calls_is_an_answers_problem():
    later = NotYetGraded("later", "Later", "derivation", 4.0)
    assert isinstance(later, AnswersProblem) and not is_code_problem(later)
    assert not isinstance(later, PartedProblem)
    assert part_ids(later) == []


def test_part_points_follow_the_rubric(extended_problems):
    by_id = {p.id: p for p in extended_problems}
    context = GradingContext(seed=0, options={"points": {"mle-mse": {"derivation": 9}, "backprop": {"affine_forward": 0.5}}})
    mle = by_id["mle-mse"].part_points(context)
    assert list(mle) == [*(a.part for a in by_id["mle-mse"].answers), "derivation"] and mle["derivation"] == 9
    assert by_id["backprop"].part_points(context)["affine_forward"] == 0.5
    assert part_ids(by_id["backprop"]) == list(by_id["backprop"].points)


def test_the_engine_dispatches_on_the_declared_type(tmp_path):
    """A code problem is graded from the run it is handed; an answers problem never asks for one."""

    class Answers:
        id, title, kind, max_score = "a", "A", "derivation", 1.0

        def grade(self, submission, context):
            return problem_result(self, ProblemStatus.GRADED, (PartResult("answer", 1.0, 1.0),))

    class Code(Answers):
        id, kind = "c", "code"
        files = ("c.py",)

        def plan_calls(self, submission, context):
            return []

        def follow_up_calls(self, submission, context, run):
            return []

        def grade_run(self, submission, context, run):
            return problem_result(self, ProblemStatus.GRADED, (PartResult("f", 0.5 if run == "the run" else 0.0, 1.0),))

    submission, context = Submission(tmp_path), GradingContext(seed=1)
    assert grade_problem(Answers(), submission, context, run="the run").score == 1.0
    assert grade_problem(Code(), submission, context, run="the run").score == 0.5
    assert is_code_problem(Code()) and not is_code_problem(Answers())


def test_statuses_are_text_in_every_report():
    assert [s.value for s in STATUSES] == ["graded", "missing", "error", "not graded"]
    assert ProblemStatus.NOT_GRADED == "not graded" and str(ProblemStatus.NOT_GRADED) == "not graded"
    assert f"status.{ProblemStatus.MISSING}" == "status.missing"
    assert json.dumps({"status": ProblemStatus.ERROR}) == '{"status": "error"}'


def test_a_decoded_result_holds_the_enum():
    later = NotYetGraded("later", "Later", "derivation", 4.0)
    result = unscored(later, ProblemStatus.NOT_GRADED, Message("grader.not_graded"))
    again = result_codec.loads(result_codec.dumps(result))
    assert again == result and again.status is ProblemStatus.NOT_GRADED
    assert ProblemResult("x", "X", "code", "missing", 0.0, 1.0).status is ProblemStatus.MISSING
    with pytest.raises(ValueError):
        ProblemResult("x", "X", "code", "graded twice", 0.0, 1.0)


def test_the_one_constructor_sums_the_parts_or_takes_the_problems_maximum():
    later = NotYetGraded("later", "Later", "derivation", 4.0)
    parts = (PartResult("answer", 1.5, 2.0), PartResult("derivation", 0.25, 3.0))
    result = problem_result(later, ProblemStatus.GRADED, parts, seed=7, isolation="rlimits")
    assert (result.score, result.max_score, result.parts, result.seed, result.isolation) == (1.75, 5.0, parts, 7, "rlimits")
    empty = problem_result(later, "error", error=Message("grader.not_graded"))
    assert (empty.score, empty.max_score, empty.status) == (0.0, 4.0, ProblemStatus.ERROR)


def test_a_rubric_error_is_the_librarys_own(tmp_path, extended_problems):
    import click

    path = tmp_path / "rubric.json"
    path.write_text('{"points": {"no-such-problem": {}}}', encoding="utf-8")
    with pytest.raises(RubricError, match="unknown problem") as caught:
        load_rubric(path, extended_problems)
    assert not isinstance(caught.value, click.ClickException)


def test_options_are_typed_and_read_as_the_mapping_they_were():
    from grader.course.problem import GradingOptions

    options = GradingOptions.of({"problem_dirs": [Path("extra")], "course": "extended", "points": {"mle-mse": {"answer": 3}}})
    assert options.problem_dirs == ("extra",) and options.course == "extended" and options.points["mle-mse"]["answer"] == 3
    assert options.get("course") == "extended" and options.get("sandbox_limits") is None
    # only what differs from the defaults is in the mapping (what the batch's fingerprint hashes)
    assert dict(GradingOptions.of({"course": "default", "problem_dirs": []})) == {} == GradingOptions()
    assert json.loads(json.dumps(dict(options))) == {"problem_dirs": ["extra"], "course": "extended", "points": {"mle-mse": {"answer": 3}}}
    assert GradingOptions.of(options) is options
    assert GradingContext(seed=1, options={"course": "extended"}).options == GradingOptions(course="extended")
    with pytest.raises(ValueError, match="unknown grading options: pionts"):
        GradingOptions.of({"pionts": {}})
