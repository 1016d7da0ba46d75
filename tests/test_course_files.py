"""The course's file list, derived once from its problems (`grader.course.course.course_files`), and used
wherever a submission's files are looked for: by `grade`, `grade batch` and the notebook reader."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_markdown_cell, new_notebook

from grader.apps.batch import BatchSettings, Progress, grade_batch
from grader.apps.course_notebooks import course_notebook_reading
from grader.course.course import (
    EXTENDED_COURSE,
    answer_modules,
    code_files,
    code_modules,
    course_files,
    course_modules,
    course_names,
    known_files,
    load_course,
    load_problem,
)
from grader.course.problem import GradingOptions, is_code_problem
from grader.grading.pipeline import default_seed, grade_submission
from grader.reading.submission import ANSWERS_FILE, Submission, find_root

REPO = Path(__file__).resolve().parent.parent
DROPOUT = (REPO / "examples" / "extended" / "dropout.py").read_text(encoding="utf-8")

#: An instructor's extra code problem graded from its own file (here: the course's dropout
#: problem under another file name, so that its module and reference are the course's).
EXTRA_CODE_PROBLEM = """
import dataclasses
from grader.course.course import load_problem

PROBLEM = dataclasses.replace(load_problem("dropout"), id="dropout-again", module="dropout_again")
"""


def quiet() -> Progress:
    return Progress(1, stream=io.StringIO())


def test_the_default_course_list_is_the_one_its_problems_give():
    assert known_files() == course_files(load_course()) == (ANSWERS_FILE, "backprop.py", "batchnorm.py", "perceptron.py", "optimizers.py")
    assert course_files(load_course(EXTENDED_COURSE)) == known_files("extended") == (*known_files(), "dropout.py")
    assert code_files() == known_files()[1:] and code_files("extended") == known_files("extended")[1:]


def test_every_course_list_is_the_one_its_loaded_problems_give():
    # known_files learns the answer problems from their declarations, without importing them
    for course in course_names():
        assert known_files(course) == course_files(load_course(course_modules(course))), course
        assert set(answer_modules(course)) | set(code_modules(course)) == set(course_modules(course))
        assert {is_code_problem(load_problem(m)) for m in answer_modules(course)} == {False}


def test_the_file_list_is_known_without_importing_sympy():
    # the sandbox child starts before SymPy is imported: the files it is given must be known by then
    script = (
        "import sys\nfrom grader.course.course import known_files\n"
        "print(known_files('extended'), 'sympy' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True)
    assert done.stdout.strip().endswith("False"), done.stdout + done.stderr
    assert "dropout.py" in done.stdout


def test_an_extra_problem_adds_its_file(tmp_path):
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "dropout_again.py").write_text(EXTRA_CODE_PROBLEM, encoding="utf-8")
    assert course_files(load_course(extra=[extra])) == (*known_files(), "dropout_again.py")
    assert known_files(None, [str(extra)])[-1] == "dropout_again.py"
    assert course_files([]) == ()


def _folder_with_only_an_extended_file(root: Path) -> Path:
    """A student's folder holding only dropout.py (no file of the default course) and one
    subfolder: the default course's files alone would send the grader into the subfolder."""
    student = root / "alice"
    (student / "notes").mkdir(parents=True)
    (student / "notes" / "todo.txt").write_text("read the slides\n", encoding="utf-8")
    (student / "dropout.py").write_text(DROPOUT, encoding="utf-8")
    return student


def test_grade_finds_the_files_of_the_course_it_grades(tmp_path):
    student = _folder_with_only_an_extended_file(tmp_path)
    assert find_root(student, known=known_files()) == student / "notes"  # the default course knows no dropout.py
    assert find_root(student, known=known_files("extended")) == student
    result = grade_submission(student, seed=1, options={"course": "extended"})
    dropout = next(p for p in result.problems if p.id == "dropout")
    assert dropout.status == "graded" and dropout.score == dropout.max_score > 0


def test_batch_regrades_a_changed_file_of_an_extended_problem(tmp_path):
    root, out = tmp_path / "class", tmp_path / "out"
    student = _folder_with_only_an_extended_file(root)
    settings = BatchSettings(jobs=1, seed=1, options={"course": "extended"})
    first = grade_batch(root, out, settings, progress=quiet())
    record = json.loads((out / "alice" / "status.json").read_text(encoding="utf-8"))
    assert first.graded == 1 and record["problems"]["dropout"] == record["problem_max"]["dropout"] > 0
    # a change of dropout.py alone is a new submission: graded again, not kept as unchanged
    (student / "dropout.py").write_text("def dropout_forward(x, p, rng):\n    return x\n", encoding="utf-8")
    second = grade_batch(root, out, settings, progress=quiet())
    record = json.loads((out / "alice" / "status.json").read_text(encoding="utf-8"))
    assert second.skipped == 0 and record["problems"]["dropout"] < record["problem_max"]["dropout"]


def test_a_notebook_submission_keeps_the_courses_other_files(tmp_path):
    shutil.copy(REPO / "examples" / "extended" / "dropout.py", tmp_path / "dropout.py")
    book = new_notebook(cells=[new_markdown_cell("## mle-mse\n\nAnswer: $w$\n")])
    (tmp_path / "homework.ipynb").write_text(nbformat.writes(book), encoding="utf-8")
    with course_notebook_reading(tmp_path, (), "extended") as reading:
        assert (reading.folder / "dropout.py").read_text(encoding="utf-8") == DROPOUT
        assert (reading.folder / ANSWERS_FILE).is_file()
    with course_notebook_reading(tmp_path) as reading:  # the default course has no dropout.py
        assert not (reading.folder / "dropout.py").exists()


def test_a_notebook_is_read_for_the_functions_of_the_course_it_is_graded_in():
    from grader.apps.course_notebooks import contract_functions

    assert "dropout.py" not in contract_functions()
    assert contract_functions(course="extended")["dropout.py"] == ("dropout_forward", "dropout_backward")
    assert list(contract_functions(course="extended")) == [name for name in known_files("extended") if name != ANSWERS_FILE]


def test_the_extended_course_grades_its_code_in_the_sandbox_run_started_early():
    # the run starts before SymPy loads, with the code problems of the course graded (the default
    # course's, once, whose run was then thrown away and made again)
    from grader.grading.pipeline import _course_and_submission

    problems, submission, early = _course_and_submission(REPO / "examples" / "extended", None, GradingOptions(course="extended"))
    assert early is not None
    try:
        assert early.covers(problems) and submission.root == REPO / "examples" / "extended"
    finally:
        early.result()


def test_a_submission_keeps_its_default_seed_whichever_course_grades_it(tmp_path):
    # the default seed reads the default course's files: the seed of a folder is the one it always
    # had, under --course extended too, and is known before the course graded is loaded
    shutil.copytree(REPO / "examples" / "extended", tmp_path / "s")
    seed = default_seed(Submission(tmp_path / "s"))
    (tmp_path / "s" / "dropout.py").write_text(DROPOUT + "\n# edited\n", encoding="utf-8")
    assert default_seed(Submission(tmp_path / "s")) == seed
    with open(tmp_path / "s" / "backprop.py", "a", encoding="utf-8") as handle:
        handle.write("\n# edited\n")
    assert default_seed(Submission(tmp_path / "s")) != seed
