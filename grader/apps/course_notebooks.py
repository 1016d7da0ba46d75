"""A submission's notebooks read against the course it is graded in: `grader.reading.notebook` reads cells
into files for any contract; this module tells it the course's files and functions (from the
course's problems, loaded only when a submission holds a notebook)."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from grader.course.course import course_modules, known_files, load_course
from grader.course.problem import GradingContext, PartedProblem, is_code_problem
from grader.reading.notebook import NotebookContract, NotebookReading, notebook_reading, notebook_view


def contract_functions(problem_dirs: Sequence[str] = (), course: str | None = None) -> dict[str, tuple[str, ...]]:
    """The functions the course's code problems look up, by contract file (``backprop.py``)."""
    found: dict[str, tuple[str, ...]] = {}
    for problem in load_course(course_modules(course), extra=problem_dirs):
        if is_code_problem(problem) and isinstance(problem, PartedProblem):  # a code problem's parts are its functions
            functions = tuple(problem.part_points(GradingContext(seed=0)))
            for name in problem.files:
                found[name] = found.get(name, ()) + functions
    return found


def course_contract(problem_dirs: Sequence[str] = (), course: str | None = None) -> NotebookContract:
    """The files of the course called `course` (with the problems of `problem_dirs`) and their functions."""
    return NotebookContract(tuple(known_files(course, tuple(problem_dirs))), contract_functions(problem_dirs, course))


@contextmanager
def course_notebook_reading(path: str | Path, problem_dirs: Sequence[str] = (), course: str | None = None) -> Iterator[NotebookReading]:
    """`grader.reading.notebook.notebook_reading` with the contract of the course called `course`."""
    contract = functools.partial(course_contract, tuple(problem_dirs), course)
    with notebook_reading(path, contract, known_files(course, tuple(problem_dirs))) as reading:
        yield reading


@contextmanager
def course_notebook_view(path: str | Path, problem_dirs: Sequence[str] = (), course: str | None = None) -> Iterator[Path]:
    """`grader.reading.notebook.notebook_view` with the contract of the course called `course`."""
    contract = functools.partial(course_contract, tuple(problem_dirs), course)
    with notebook_view(path, contract, known_files(course, tuple(problem_dirs))) as folder:
        yield folder
