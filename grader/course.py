"""The course: which problems exist, in which order, with how many points."""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .models import NOT_GRADED, Message, ProblemResult
from .problem import GradingContext, Problem, is_code_problem, unscored
from .submission import ANSWERS_FILE, Submission

#: The default course of the contract: module names under grader.problems, in report order.
DEFAULT_COURSE = (
    "mle_mse",
    "ce_mle",
    "softmax_ce_grad",
    "l2_shrinkage",
    "xavier_variance",
    "backprop",
    "batchnorm",
    "perceptron",
    "optimizers",
)


#: The extended course of the contract (section 5): the default course and six more problems (160 points).
EXTENDED_COURSE = DEFAULT_COURSE + (
    "l1_soft_threshold",
    "map_priors",
    "dropout_moments",
    "perceptron_convergence",
    "nonconvex_111",
    "dropout",
)

#: The courses `--course` chooses from, by name.
COURSES = {"default": DEFAULT_COURSE, "extended": EXTENDED_COURSE}


def course_modules(name: str | None) -> tuple[str, ...]:
    """The modules of the course called `name` (None: the default course)."""
    return COURSES[name or "default"]


#: The modules of DEFAULT_COURSE that grade code (they import NumPy, not SymPy).
CODE_MODULES = ("backprop", "batchnorm", "perceptron", "optimizers")


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
    names = [ANSWERS_FILE] if any(not is_code_problem(p) for p in problems) else []
    for problem in problems:
        if is_code_problem(problem):
            names.extend(problem.files)
    return tuple(dict.fromkeys(names))


_KNOWN_FILES: dict[tuple[str | None, tuple[str, ...]], tuple[str, ...]] = {}


def known_files(course: str | None = None, extra: Sequence[str | Path] = ()) -> tuple[str, ...]:
    """`course_files` of the course called `course` with the problems of the `extra` directories
    (computed once per process: the problems do not change under a running grader)."""
    key = (course, tuple(str(d) for d in extra))
    if key not in _KNOWN_FILES:
        _KNOWN_FILES[key] = course_files(load_course(course_modules(course), extra=extra))
    return _KNOWN_FILES[key]


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
