"""The courses discovered from the problem modules' own declarations (`COURSES = {course: place}`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.course.course import (
    CODE_MODULES,
    DEFAULT_COURSE,
    EXTENDED_COURSE,
    CourseError,
    course_modules,
    discover,
    load_problem,
)
from grader.course.problem import is_code_problem


def test_the_courses_are_the_contracts_in_report_order():
    assert DEFAULT_COURSE == (
        "mle_mse", "ce_mle", "softmax_ce_grad", "l2_shrinkage", "xavier_variance",
        "backprop", "batchnorm", "perceptron", "optimizers",
    )
    assert (
        *DEFAULT_COURSE, "l1_soft_threshold", "map_priors", "dropout_moments", "perceptron_convergence", "nonconvex_111", "dropout",
    ) == EXTENDED_COURSE
    with pytest.raises(KeyError):
        course_modules("no-such-course")


def test_what_a_module_declares_without_import_matches_its_problem():
    # the declaration is read as text (the sandbox starts before SymPy is imported): it must agree
    # with the problem the module builds
    for entry in discover():
        assert entry.grades_code == is_code_problem(load_problem(entry.module)), entry.module
    assert CODE_MODULES == ("backprop", "batchnorm", "perceptron", "optimizers")


def test_a_module_in_a_folder_joins_its_courses_by_place_and_a_helper_module_does_not(tmp_path: Path):
    (tmp_path / "late.py").write_text('from grader.codecheck.plan import Plan\nCOURSES = {"default": 5, "mini": 2}\n')
    (tmp_path / "early.py").write_text('COURSES = {"mini": 1}  # first\n')
    (tmp_path / "helper.py").write_text("VALUE = 1\n")
    entries = {entry.module: entry for entry in discover(tmp_path)}
    assert set(entries) == {"late", "early"}
    assert entries["late"].grades_code and not entries["early"].grades_code
    assert dict(entries["late"].places) == {"default": 5, "mini": 2}


def test_a_declaration_that_is_not_a_literal_is_an_error_that_names_the_module(tmp_path: Path):
    (tmp_path / "broken.py").write_text("COURSES = {'default': PLACE}\n")
    with pytest.raises(CourseError, match=r"broken\.py"):
        discover(tmp_path)
    (tmp_path / "broken.py").write_text("COURSES = {'default': 'first'}\n")
    discover.cache_clear()
    with pytest.raises(CourseError, match="whole-number"):
        discover(tmp_path)
