import json

import pytest
from click.testing import CliRunner

from grader.apps.cli import main
from grader.course.course import load_course
from grader.course.rubric import RubricError, load_rubric


def write(tmp_path, data):
    path = tmp_path / "rubric.json"
    path.write_text(json.dumps(data))
    return path


def test_rubric_changes_points_of_a_part(tmp_path):
    submission = tmp_path / "s"
    submission.mkdir()
    (submission / "answers.md").write_text("## xavier-variance\nAnswer (a): $1/n$\n")
    rubric = write(tmp_path, {"points": {"xavier-variance": {"answer-a": 7}}})
    result = CliRunner().invoke(main, [str(submission), "--format", "json", "--rubric", str(rubric)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    problem = next(p for p in report["problems"] if p["id"] == "xavier-variance")
    part = next(p for p in problem["parts"] if p["id"] == "answer-a")
    assert part["max_score"] == 7 and part["score"] == 7
    assert report["max_score"] == 104


@pytest.mark.parametrize(
    "data, words",
    [
        ({"points": {"mle-mes": {"answer": 1}}}, "unknown problem"),
        ({"points": {"mle-mse": {"answr": 1}}}, "unknown part"),
        ({"points": {"mle-mse": {"answer": -1}}}, "number from 0"),
        ({"pts": {}}, '"points"'),
    ],
)
def test_bad_rubrics_are_usage_errors(tmp_path, data, words):
    with pytest.raises(RubricError, match=words):
        load_rubric(write(tmp_path, data), load_course())


def test_code_parts_can_be_reweighted(tmp_path):
    options = load_rubric(write(tmp_path, {"points": {"backprop": {"affine_backward": 3}}}), load_course())
    assert options == {"points": {"backprop": {"affine_backward": 3}}}
