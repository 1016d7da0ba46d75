"""The JSON report: a plain-value view of a `GradingResult`.

This is the machine-readable contract of the grader (see the README);
the other formats are rendered from templates in `grader.presentation.render`.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable
from dataclasses import asdict, is_dataclass
from json.encoder import encode_basestring
from typing import Any, cast

from grader.results.formatting import json_number
from grader.results.i18n import render
from grader.results.models import ArrayPreview, CheckResult, DerivationLine, GradingResult, LinkResult, Message, PartResult, ProblemResult


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
        "score": json_number(part.score),
        "max_score": json_number(part.max_score),
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
        "score": json_number(problem.score),
        "max_score": json_number(problem.max_score),
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
        "score": json_number(result.score),
        "max_score": json_number(result.max_score),
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


#: What `json.dumps(..., ensure_ascii=False)` leaves raw in a string and a terminal would obey or
#: hide: DEL, the C1 controls and the bidirectional formatting characters (each is unprintable).
_RAW_CONTROLS = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _string(text: str) -> str:
    """A JSON string literal as `json.dumps(ensure_ascii=False)` writes it, with the raw
    controls that it leaves (see `_RAW_CONTROLS`) written as \\uXXXX: the same data, harmless
    on a terminal."""
    encoded = encode_basestring(text)
    if text.isprintable():  # nothing _RAW_CONTROLS matches: the common case, quickly
        return encoded
    return _RAW_CONTROLS.sub(lambda m: f"\\u{ord(m.group(0)):04x}", encoded)


def _float(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if value == math.inf:
        return "Infinity"
    if value == -math.inf:
        return "-Infinity"
    return float.__repr__(value)


#: Exact types of plain values and how JSON writes them (subclasses go through `_scalar`).
_ENCODE: dict[type, Callable[[Any], str]] = {
    str: _string,
    float: _float,
    int: int.__repr__,
    bool: lambda value: "true" if value else "false",
    type(None): lambda value: "null",
}


def _scalar(value: Any) -> str | None:
    """`value` as JSON if it is no container (json's order of tests), else None."""
    encode = _ENCODE.get(type(value))
    if encode is not None:
        return encode(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, int):
        return "true" if value is True else "false" if value is False else int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    return None


def _row(values: list | tuple) -> list[str] | None:
    """Each of `values` as JSON, or None if one of them is a container."""
    if all(type(value) is float for value in values) and all(map(math.isfinite, values)):
        return list(map(float.__repr__, values))  # an array's row or a point, in C
    written = []
    for value in values:
        encode = _ENCODE.get(type(value))
        text = encode(value) if encode is not None else _scalar(value)
        if text is None:
            return None
        written.append(text)
    return written


@functools.lru_cache(maxsize=1024)
def _key(key: Any) -> str:
    """A dict key as json.dumps writes it (keys that are not strings become strings)."""
    if isinstance(key, str):
        return _string(key)
    if key is True or key is False or key is None or isinstance(key, (int, float)):
        return '"' + cast(str, _scalar(key)) + '"'
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def _write(value: Any, indent: str, out: list[str]) -> None:
    """`value` as indented JSON (two spaces per level) appended to `out`; `indent` is its level's."""
    inner = indent + "  "
    if isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        separator = "{\n" + inner
        for key, item in value.items():
            out.append(separator + _key(key) + ": ")
            separator = ",\n" + inner
            encode = _ENCODE.get(type(item))
            if encode is not None:
                out.append(encode(item))
            else:
                _write(item, inner, out)
        out.append("\n" + indent + "}")
    elif isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
            return
        row = _row(value)
        if row is not None:  # a row of numbers or strings (most of a report): in one join
            out.append("[\n" + inner + (",\n" + inner).join(row) + "\n" + indent + "]")
            return
        separator = "[\n" + inner
        for item in value:
            out.append(separator)
            separator = ",\n" + inner
            _write(item, inner, out)
        out.append("\n" + indent + "]")
    else:
        scalar = _scalar(value)
        if scalar is None:
            raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
        out.append(scalar)


def json_text(value: Any) -> str:
    """`value` as `json.dumps(value, ensure_ascii=False, indent=2)` writes it, character for
    character, but with DEL, C1 and bidi controls escaped (`_string`).

    The standard library's encoder is C code only without `indent`; indented, it is a stack of
    Python generators that cost a JSON report twice its building.  Here a list of plain values
    (an array's row, a trajectory's point) is written in one join."""
    out: list[str] = []
    _write(value, "", out)
    return "".join(out)
