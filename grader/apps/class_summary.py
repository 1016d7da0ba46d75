"""The figures of a batch's ``summary.html``: the class's totals, each problem's and part's spread
of scores, the mistakes most students made, and what could not be graded, from the manifests and
the per-submission JSON reports."""

from __future__ import annotations

import json
import statistics
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader import __version__
from grader.apps.batch_record import SubmissionStatus
from grader.results.message_codec import message_from_plain

FAILED = SubmissionStatus.FAILED
INCOMPLETE = SubmissionStatus.INCOMPLETE
#: A mistake's row names this many of the students who made it (the count says how many in all).
STUDENTS_SHOWN = 12


def _spread(values: list[float]) -> dict[str, float]:
    if not values:
        return {"mean": 0.0, "stdev": 0.0, "min": 0.0, "max": 0.0, "count": 0}
    return {
        "mean": statistics.fmean(values),
        "stdev": statistics.pstdev(values) if len(values) > 1 else 0.0,
        "min": min(values),
        "max": max(values),
        "count": len(values),
    }


@dataclass
class _PartScores:
    """The scores of one part across the class (its maximum as the first report gives it)."""

    id: str
    max_score: Any
    """As the first report that has the part gives it."""
    scores: list[float] = field(default_factory=list)
    """One per report that has the part."""

    def row(self) -> dict[str, Any]:
        return {"id": self.id, "max_score": self.max_score, **_spread(self.scores)}


@dataclass
class _ProblemScores:
    """The scores and statuses of one problem across the class (title and maximum as the first report gives them)."""

    id: str
    title: str
    max_score: Any
    scores: list[float] = field(default_factory=list)
    """One per report that has the problem."""
    statuses: Counter[str] = field(default_factory=Counter)
    """How many reports give each status."""
    parts: dict[str, _PartScores] = field(default_factory=dict)
    """By part id, in the order the reports first name them."""

    def row(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "max_score": self.max_score,
            **_spread(self.scores),
            "statuses": dict(self.statuses),
            "parts": [part.row() for part in self.parts.values()],
        }


@dataclass
class _ClassTally:
    """What the reports of the graded submissions add up to, read one report at a time."""

    problems: dict[str, _ProblemScores] = field(default_factory=dict)
    """By problem id, in the order the reports first name them."""
    mistake_students: dict[tuple[str, str, str], list[str]] = field(default_factory=dict)
    """(mistake, problem, part) -> the students who made it, each once however often they did."""

    def add_report(self, name: str, report: Mapping[str, Any]) -> None:
        for problem in report.get("problems", []):
            scores = self.problems.setdefault(
                problem["id"], _ProblemScores(problem["id"], problem.get("title", ""), problem.get("max_score", 0))
            )
            scores.scores.append(float(problem.get("score", 0)))
            scores.statuses[problem.get("status", "")] += 1
            for part in problem.get("parts", []):
                part_scores = scores.parts.setdefault(part["id"], _PartScores(part["id"], part.get("max_score", 0)))
                part_scores.scores.append(float(part.get("score", 0)))
                self._add_mistakes(name, problem["id"], part)

    def _add_mistakes(self, name: str, problem_id: str, part: Mapping[str, Any]) -> None:
        for mistake in part.get("mistakes", []) or []:
            students = self.mistake_students.setdefault((str(mistake), problem_id, part["id"]), [])
            if name not in students:
                students.append(name)

    def mistake_rows(self) -> list[dict[str, Any]]:
        """The mistakes, those most students made first (ties in the order of their ids)."""
        ordered = sorted(self.mistake_students.items(), key=lambda item: (-len(item[1]), item[0]))
        return [
            {"id": mistake, "problem": problem, "part": part, "count": len(students), "students": students[:STUDENTS_SHOWN]}
            for (mistake, problem, part), students in ordered
        ]


def _read_report(out: Path, name: str) -> Any:
    """The submission's report.json (None: missing or unreadable, left out of the figures)."""
    try:
        return json.loads((out / name / "report.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def class_summary(out: Path, records: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """The figures of summary.html, from the manifests and the per-submission JSON reports."""
    graded = {n: r for n, r in records.items() if r.get("status") != FAILED}
    totals = [float(r.get("score") or 0) for r in graded.values()]
    tally = _ClassTally()
    for name in sorted(graded):
        report = _read_report(out, name)
        if report is not None:
            tally.add_report(name, report)
    return {
        "count": len(records),
        "graded": len(graded),
        "failed_count": len(records) - len(graded),
        "totals": totals,
        "max_score": max([float(r.get("max_score") or 0) for r in graded.values()] or [0.0]),
        "total": _spread(totals),
        "problems": [problem.row() for problem in tally.problems.values()],
        "mistakes": tally.mistake_rows(),
        "failed": [
            {"name": n, "source": r.get("source", ""), "reason": message_from_plain(r.get("reason"))}
            for n, r in sorted(records.items())
            if r.get("status") in (FAILED, INCOMPLETE)
        ],
        "submissions": [
            {"name": n, "score": r.get("score"), "max_score": r.get("max_score"), "status": r.get("status"), "has_report": r.get("status") != FAILED,
             "adjustments": [str(a.get("text", "")) for a in r.get("adjustments") or [] if a.get("text")]}
            for n, r in sorted(records.items())
        ],
        "grader_version": __version__,
    }
