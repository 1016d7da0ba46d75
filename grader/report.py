"""The JSON report: a plain-value view of a `GradingResult`.

This is the machine-readable contract of the grader (see the README);
the other formats are rendered from templates in `grader.render`.
"""

from __future__ import annotations

import math
from dataclasses import asdict, is_dataclass
from typing import Any

from .i18n import render
from .models import (
    ArrayPreview,
    CheckResult,
    DerivationLine,
    GradingResult,
    LinkResult,
    Message,
    PartResult,
    ProblemResult,
)


def _number(value: float) -> float | int:
    if not math.isfinite(value):
        return 0
    rounded = round(value, 4)
    return int(rounded) if rounded == int(rounded) else rounded


def _message(message: Message | None, lang: str) -> str | None:
    return None if message is None else render(message, lang)


def _link(link: LinkResult, lang: str) -> dict[str, Any]:
    return {
        "left": link.left,
        "relation": link.relation,
        "right": link.right,
        "valid": link.valid,
        "reason": _message(link.reason, lang),
        "counterexample": None if link.counterexample is None else asdict(link.counterexample),
    }


def _line(line: DerivationLine, lang: str) -> dict[str, Any]:
    return {
        "number": line.number,
        "source": line.source,
        "error": _message(line.error, lang),
        "links": [_link(link, lang) for link in line.links],
    }


def _check(check: CheckResult, lang: str) -> dict[str, Any]:
    return {
        "name": render(check.name, lang),
        "passed": check.passed,
        "message": _message(check.message, lang),
        "expected": _preview(check.expected),
        "got": _preview(check.got),
        "inputs": dict(check.inputs),
        "weight": check.weight,
        "trajectory": _trajectory(check.trajectory),
    }


def _finite_or_text(value: Any) -> Any:
    """A number as JSON allows it: NaN and infinities become the strings "nan", "inf", "-inf"."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    return number if math.isfinite(number) else str(number)


def _preview(preview: ArrayPreview | None) -> dict[str, Any] | None:
    if preview is None:
        return None
    return {
        "shape": list(preview.shape),
        "values": [[_finite_or_text(v) for v in row] for row in preview.values],
        "truncated": preview.truncated,
    }


def _trajectory(trajectory):
    """The optimizer's 2-D path for plots, with non-finite coordinates as null (valid JSON)."""
    if not trajectory:
        return None

    def points(raw):
        try:
            return [[float(v) if math.isfinite(float(v)) else None for v in point] for point in raw or []]
        except (TypeError, ValueError):
            return []

    return {
        "objective": str(trajectory.get("objective", "")),
        "reference": points(trajectory.get("reference")),
        "student": points(trajectory.get("student")),
    }


def part_to_dict(part: PartResult, lang: str = "en") -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": part.id,
        "score": _number(part.score),
        "max_score": _number(part.max_score),
        "feedback": [render(m, lang) for m in part.feedback],
        "invalid_line": part.invalid_line,
    }
    if any(m.math for m in part.feedback):
        # the LaTeX each sentence refers to, apart from it (one list per entry of "feedback")
        data["feedback_math"] = [list(m.math) for m in part.feedback]
    if part.student_answer is not None:
        data["student_answer"] = part.student_answer
    if part.lines:
        data["lines"] = [_line(line, lang) for line in part.lines]
    if part.checks:
        data["checks"] = [_check(check, lang) for check in part.checks]
    if part.mistakes:
        data["mistakes"] = list(part.mistakes)
    return data


def problem_to_dict(problem: ProblemResult, lang: str = "en") -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": problem.id,
        "title": problem.title,
        "kind": problem.kind,
        "score": _number(problem.score),
        "max_score": _number(problem.max_score),
        "status": problem.status,
        "parts": [part_to_dict(p, lang) for p in problem.parts],
    }
    if problem.error is not None:
        data["error"] = render(problem.error, lang)
    if problem.seed is not None:
        data["seed"] = problem.seed
    if problem.isolation is not None:
        data["isolation"] = problem.isolation
    return data


def result_to_dict(result: GradingResult, lang: str = "en") -> dict[str, Any]:
    """The JSON report as plain values (the schema in the README)."""
    data: dict[str, Any] = {
        "submission": result.submission,
        "score": _number(result.score),
        "max_score": _number(result.max_score),
        "seed": result.seed,
        "isolation": result.isolation,
        "isolation_details": dict(result.isolation_details) if result.isolation_details is not None else None,
        "grader_version": result.grader_version,
        "duration_seconds": round(result.duration_seconds, 3),
        "problems": [problem_to_dict(p, lang) for p in result.problems],
    }
    if result.error is not None:
        data["error"] = render(result.error, lang)
    if result.notes:
        data["notes"] = [render(n, lang) for n in result.notes]
    return data


def to_plain(value: Any) -> Any:
    """Any model as nested dicts and lists (for tests and debugging)."""
    return asdict(value) if is_dataclass(value) and not isinstance(value, type) else value
