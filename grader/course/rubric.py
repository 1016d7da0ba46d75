"""An instructor's rubric file: points per problem and part, overriding the contract's defaults.

The file is JSON::

    {"points": {"mle-mse": {"answer": 5, "derivation": 5},
                "backprop": {"affine_backward": 3}}}

Problems and parts not named keep their default points.  Unknown problem or part ids are
an error, so that a typo does not silently leave the defaults in place.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from grader.course.course import course_modules, course_names, load_course
from grader.course.problem import GradingContext, GradingOptions, PartedProblem, Problem


class RubricError(Exception):
    """The rubric file cannot be used; `str()` says why (the CLI shows it as a usage error)."""


def part_ids(problem: Problem) -> list[str]:
    """The part ids a rubric may give points to (none for a problem that declares no parts)."""
    if isinstance(problem, PartedProblem):
        return list(problem.part_points(GradingContext(seed=0)))
    return []


def load_rubric(path: str | Path, problems: Sequence[Problem]) -> dict[str, Any]:
    """The grading options (``{"points": {...}}``) a rubric file asks for."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RubricError(f"cannot read the rubric {path}: {exc}") from None
    points = data.get("points") if isinstance(data, dict) else None
    if not isinstance(points, dict):
        raise RubricError(f'the rubric {path} needs an object "points": {{problem id: {{part id: points}}}}')
    known = {p.id: part_ids(p) for p in problems}
    for problem_id, parts in points.items():
        if problem_id not in known:
            raise RubricError(f"the rubric names an unknown problem {problem_id!r} (known: {', '.join(known)})")
        if not isinstance(parts, dict):
            raise RubricError(f"the rubric's entry for {problem_id} must map part ids to points")
        for part_id, value in parts.items():
            if part_id not in known[problem_id]:
                raise RubricError(
                    f"the rubric names an unknown part {part_id!r} of {problem_id} (known: {', '.join(known[problem_id])})"
                )
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1000:
                raise RubricError(f"points of {problem_id}/{part_id} must be a number from 0 to 1000")
    return {"points": points}


#: The names of `--course`: every course a problem module of `problems/` names (see grader.course.course).
COURSE_NAMES = course_names()


def course_options(rubric: str | Path | None, problem_dirs: Sequence[str | Path] = (), course: str = "default") -> GradingOptions:
    """The grading options of an instructor's rubric file, extra problem directories and course."""
    points = load_rubric(rubric, load_course(course_modules(course), extra=problem_dirs))["points"] if rubric is not None else {}
    return GradingOptions(points=points, problem_dirs=tuple(str(d) for d in problem_dirs), course=None if course == "default" else course)
