"""`--course extended` (contract section 5) through every entry point; the default course unchanged."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.apps.cli import main
from grader.course.course import COURSES, DEFAULT_COURSE, EXTENDED_COURSE, load_course
from grader.course.rubric import COURSE_NAMES, course_options

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "extended"
NEW_IDS = ["l1-soft-threshold", "map-priors", "dropout-moments", "perceptron-convergence", "nonconvex-111", "dropout"]


def test_the_extended_course_is_the_default_nine_and_six_more_for_160_points():
    default, extended = load_course(DEFAULT_COURSE), load_course(EXTENDED_COURSE)
    assert sum(p.max_score for p in default) == 100
    assert sum(p.max_score for p in extended) == 160
    assert [p.id for p in extended[:9]] == [p.id for p in default]
    assert [p.id for p in extended[9:]] == NEW_IDS
    assert set(COURSE_NAMES) == set(COURSES)


def test_course_options_carry_the_course_only_when_it_is_not_the_default():
    assert "course" not in course_options(None, (), "default")
    assert course_options(None, (), "extended")["course"] == "extended"


def test_a_rubric_may_give_points_to_the_new_problems(tmp_path):
    rubric = tmp_path / "rubric.json"
    rubric.write_text(json.dumps({"points": {"map-priors": {"answer-a": 4}}}))
    options = course_options(rubric, (), "extended")
    assert options["points"]["map-priors"]["answer-a"] == 4


def test_grade_with_the_extended_course_grades_fifteen_problems():
    result = CliRunner().invoke(main, [str(EXAMPLE), "--course", "extended", "--format", "json", "--seed", "3"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert [p["id"] for p in report["problems"]][9:] == NEW_IDS
    assert report["max_score"] == 160 and report["score"] == 160, [(p["id"], p["score"]) for p in report["problems"]]


def test_grade_without_the_option_is_the_default_course(tmp_path):
    (tmp_path / "answers.md").write_text("## mle-mse\nAnswer: $x$\n")
    report = json.loads(CliRunner().invoke(main, [str(tmp_path), "--format", "json"]).stdout)
    assert len(report["problems"]) == 9 and report["max_score"] == 100


def test_an_unknown_course_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, [str(tmp_path), "--course", "advanced"])
    assert result.exit_code == 2 and "advanced" in result.output


@pytest.mark.parametrize("command", ["batch", "gradescope", "export-gradescope", "export-student-kit"])
def test_every_command_takes_the_course(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0 and "--course [default|extended]" in result.output


def test_the_gradescope_bundle_grades_the_course_it_was_exported_for(tmp_path):
    bundle = tmp_path / "autograder.zip"
    result = CliRunner().invoke(main, ["export-gradescope", str(bundle), "--course", "extended"])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(bundle) as archive:
        run = archive.read("run_autograder").decode()
    assert "--course extended" in run
    CliRunner().invoke(main, ["export-gradescope", str(tmp_path / "default.zip")])
    with zipfile.ZipFile(tmp_path / "default.zip") as archive:
        assert "--course" not in archive.read("run_autograder").decode()


def test_gradescope_run_with_the_extended_course(tmp_path):
    from grader.apps.gradescope import run_autograder

    data = run_autograder(EXAMPLE, tmp_path / "results.json", seed=3, course="extended")
    names = " ".join(t["name"] for t in data["tests"])
    assert data["score"] == 160 and "perceptron-convergence" in names and "dropout" in names


def test_the_student_kit_of_the_extended_course(tmp_path):
    result = CliRunner().invoke(main, ["export-student-kit", str(tmp_path / "kit"), "--course", "extended"])
    assert result.exit_code == 0, result.output
    answers = (tmp_path / "kit" / "starter" / "answers.md").read_text()
    for pid in NEW_IDS[:-1]:
        assert f"## {pid}" in answers
    assert "Answer (c):" in answers
    assert "def dropout_forward(x, dropout_param)" in (tmp_path / "kit" / "starter" / "dropout.py").read_text()
    public = tmp_path / "kit" / "tool" / "grader" / "kit_public"
    assert (public / "p_nonconvex_111.py").is_file()
    leaked = (public / "p_l1_soft_threshold.py").read_text()
    assert "max(" not in leaked.replace("np.maximum", "") and "sign(w_i^*)" not in leaked  # the answer stays out

    default = tmp_path / "default-kit"
    CliRunner().invoke(main, ["export-student-kit", str(default)])
    assert not (default / "starter" / "dropout.py").exists()
    assert "## l1-soft-threshold" not in (default / "starter" / "answers.md").read_text()
