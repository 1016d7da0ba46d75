"""The course: which problems exist, in which order, with how many points.

Each module of `problems/` declares the courses it belongs to and its place in each
(``COURSES = {"default": 60, "extended": 60}``); the courses are discovered from those
declarations, so adding a problem edits no list elsewhere.
"""

from __future__ import annotations

import ast
import functools
import importlib
import importlib.util
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from grader.course.problem import CodeRunProblem, GradingContext, Problem, is_code_problem, unscored
from grader.reading.submission import ANSWERS_FILE, Submission
from grader.results.models import NOT_GRADED, Message, ProblemResult


@dataclass(frozen=True)
class CourseEntry:
    """What a problem module in `problems/` declares about itself, read without importing it."""

    module: str
    """The module's name under grader.problems (``"ce_mle"``)."""

    places: Mapping[str, int]
    """Course name -> the problem's place in that course (a course lists its problems by place)."""

    grades_code: bool
    """Whether its problem grades the student's code (the module is built from grader.codecheck's
    types): such a module needs NumPy only, so the grader can start the sandbox before SymPy loads."""


#: A problem module's declaration of its courses, on one line at the top level:
#: ``COURSES = {"default": 60, "extended": 60}`` (read as text: parsing every module would cost more
#: than the grading of a small submission's answers).
DECLARATION = re.compile(r"^COURSES\s*=\s*(\{.*\})\s*(?:#.*)?$", re.MULTILINE)

#: A top-level import of grader.codecheck's types: the module's problem grades code.
CODECHECK_IMPORT = re.compile(r"^(?:from|import) grader\.codecheck\b", re.MULTILINE)


def _declared_places(source: str, path: Path) -> Mapping[str, int] | None:
    """The module's ``COURSES`` literal (None when it declares none: a helper module, not a problem)."""
    found = DECLARATION.search(source)
    if found is None:
        return None
    try:
        places = ast.literal_eval(found.group(1))
    except (ValueError, SyntaxError):
        raise CourseError(f"{path}: COURSES must be a literal {{course name: place}} on one line") from None
    if not isinstance(places, dict) or not all(isinstance(k, str) and isinstance(v, int) for k, v in places.items()):
        raise CourseError(f"{path}: COURSES must map course names to whole-number places")
    return places


class CourseError(Exception):
    """A problem module's declaration of its courses cannot be read; `str()` says which and why."""


def problems_folder() -> Path:
    """The folder of the course's problem modules (`problems/` of a checkout, grader/problems installed)."""
    import grader.problems

    return Path(next(iter(grader.problems.__path__)))


@functools.cache
def discover(folder: Path | None = None) -> tuple[CourseEntry, ...]:
    """Every problem module of `folder` (default: `problems_folder()`) that declares its courses."""
    entries = []
    for path in sorted((folder or problems_folder()).glob("*.py")):
        if path.name.startswith("_"):
            continue
        source = path.read_text(encoding="utf-8")
        places = _declared_places(source, path)
        if places is not None:
            entries.append(CourseEntry(path.stem, places, CODECHECK_IMPORT.search(source) is not None))
    return tuple(entries)


def course_names() -> tuple[str, ...]:
    """Every course some problem module names, the default course first."""
    named = {course for entry in discover() for course in entry.places}
    return ("default", *sorted(named - {"default"}))


def course_modules(name: str | None) -> tuple[str, ...]:
    """The modules of the course called `name` (None: the default course), by place (then by name).

    KeyError for a course no problem module names."""
    course = name or "default"
    members = [entry for entry in discover() if course in entry.places]
    if not members:
        raise KeyError(course)
    return tuple(entry.module for entry in sorted(members, key=lambda entry: (entry.places[course], entry.module)))


def code_modules(name: str | None = None) -> tuple[str, ...]:
    """The modules of the course called `name` whose problems grade code (NumPy only, no SymPy)."""
    grading_code = {entry.module for entry in discover() if entry.grades_code}
    return tuple(module for module in course_modules(name) if module in grading_code)


def answer_modules(name: str | None = None) -> tuple[str, ...]:
    """The modules of the course called `name` whose problems are graded from answers.md (the others)."""
    code = set(code_modules(name))
    return tuple(module for module in course_modules(name) if module not in code)


#: The default course of the contract: module names under grader.problems, in report order
#: (discovered from the modules' own declarations).
DEFAULT_COURSE = course_modules("default")

#: The extended course of the contract (section 5): the default course and six more problems (160 points).
EXTENDED_COURSE = course_modules("extended")

#: The courses `--course` chooses from, by name.
COURSES = {name: course_modules(name) for name in course_names()}

#: The modules of DEFAULT_COURSE that grade code (they import NumPy, not SymPy).
CODE_MODULES = code_modules("default")


@dataclass(frozen=True)
class NotYetGraded:
    """A problem the grader knows about but does not grade yet."""

    id: str
    title: str
    kind: str
    points: float

    @property
    def max_score(self) -> float:
        return self.points

    def grade(self, submission: Submission, context: GradingContext) -> ProblemResult:
        return unscored(self, NOT_GRADED, Message("grader.not_graded"))


def load_problem(module_name: str) -> Problem:
    module = importlib.import_module(f"grader.problems.{module_name}")
    return module.PROBLEM


def load_spec(module_name: str) -> Any:
    """The public spec (``SPEC``) of a problem module: what a student may see of its problem."""
    module = importlib.import_module(f"grader.problems.{module_name}")
    spec = getattr(module, "SPEC", None)
    if spec is None:
        raise CourseError(f"problems/{module_name}.py defines no SPEC (its public spec, above its key marker)")
    return spec


def load_course(modules: Sequence[str] = DEFAULT_COURSE, extra: Sequence[str | Path] = ()) -> list[Problem]:
    """The course's problems, in order; problems from `extra` directories replace same-id ones or come last.

    An extra directory holds an instructor's problem modules (``*.py`` defining ``PROBLEM``):
    trusted code, imported like the course's own.
    """
    problems = [load_problem(name) for name in modules]
    for directory in extra:
        for path in sorted(Path(directory).glob("*.py")):
            if path.name.startswith("_"):
                continue
            added = _problem_from_file(path)
            at = next((i for i, p in enumerate(problems) if p.id == added.id), None)
            if at is None:
                problems.append(added)
            else:
                problems[at] = added
    return problems


def course_files(problems: Sequence[Problem]) -> tuple[str, ...]:
    """The files a submission of `problems` is made of, derived from the problems themselves (the
    one place the list is made): answers.md when a problem is graded from it, then every code
    problem's contract files, in course order."""
    return _files(any(not is_code_problem(p) for p in problems), [p for p in problems if is_code_problem(p)])


def _files(from_answers: bool, code_problems: Sequence[CodeRunProblem]) -> tuple[str, ...]:
    names = [ANSWERS_FILE] if from_answers else []
    for problem in code_problems:
        names.extend(problem.files)
    return tuple(dict.fromkeys(names))


_KNOWN_FILES: dict[tuple[str | None, tuple[str, ...]], tuple[str, ...]] = {}


def known_files(course: str | None = None, extra: Sequence[str | Path] = ()) -> tuple[str, ...]:
    """`course_files` of the course called `course` with the problems of the `extra` directories.

    Without `extra` it is cheap enough to ask before anything is graded: only the course's code
    problems are imported (NumPy, as the sandbox run that starts first needs them anyway); that
    its other problems are graded from answers.md is known from their declarations
    (`CourseEntry.grades_code`), so SymPy is not imported to learn a file name.  An instructor's
    extra problem is known only once imported (then the list is computed once per process: the
    problems do not change under a running grader).
    """
    if not extra:
        members = set(course_modules(course))
        from_answers = any(not entry.grades_code for entry in discover() if entry.module in members)
        code_problems = [problem for problem in map(load_problem, code_modules(course)) if is_code_problem(problem)]
        return _files(from_answers, code_problems)
    key = (course, tuple(str(d) for d in extra))
    if key not in _KNOWN_FILES:
        _KNOWN_FILES[key] = course_files(load_course(course_modules(course), extra=extra))
    return _KNOWN_FILES[key]


def code_files(course: str | None = None) -> tuple[str, ...]:
    """The contract files of the course's code problems (`known_files` without answers.md), in course order."""
    return tuple(name for name in known_files(course) if name != ANSWERS_FILE)


def _problem_from_file(path: Path) -> Problem:
    spec = importlib.util.spec_from_file_location(f"grader_course_extra.{path.stem}", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load the problem module {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    problem = getattr(module, "PROBLEM", None)
    if problem is None:
        raise ImportError(f"{path} defines no PROBLEM")
    return problem
