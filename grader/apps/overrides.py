"""A person's part in a grade: a TA's adjustments, a late penalty, and parts left to a TA.

``overrides.csv`` (UTF-8, BOM or not) has the header ``student, problem, part, points, delta,
comment``: ``points`` sets the part's score, ``delta`` adds to it (one of the two per row); both are
kept within 0 and the part's maximum.  ``student`` is the submission's name, the LMS's id, or the
roster's id, e-mail or name; ``part`` may be left empty for a problem of one part.  The file is read
on every run and each row is applied while the student's report is written, so the report says
"TA's adjustment" and the gradebook shows it; a row that matches no student or no part is an
error that names its line, not a silent no-op.  A submission's fingerprint covers its own rows:
editing one row regrades that student only.

A late penalty (``--deadline``, ``--late-per-day`` percent per started day, ``--late-cap`` percent)
scales every score of a late submission; the time handed in is the LMS's timestamp where the
roster has one (a column ``submitted`` or Moodle's ``Last modified (submission)``), else the newest
modification time of the submission's files.
"""

from __future__ import annotations

import csv
import io
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from grader.results import formatting
from grader.results.i18n import define
from grader.results.models import GradingResult, Message, ProblemResult


class OverridesError(Exception):
    """The overrides file cannot be used; `str()` says where and why."""


@dataclass(frozen=True)
class Override:
    """One row of overrides.csv."""

    student: str
    """Who it is for, as written (matched like the roster's keys)."""
    problem: str
    """The problem's id."""
    part: str
    """The part's id ('' for a problem of one part)."""
    points: float | None
    """The part's new score, or None."""
    delta: float | None
    """What to add to the part's score, or None."""
    comment: str
    """The TA's words, shown to the student."""
    line: int
    """The row's line in the file (for error messages)."""


def parse_overrides(text: str, source: str = "overrides.csv") -> tuple[Override, ...]:
    """The rows of `text` (see the module's docstring), or OverridesError naming the line at fault."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""), strict=True)
    try:
        return _parse_rows(reader, source)
    except csv.Error as exc:  # an unclosed quote (it would swallow every row after it), a huge field
        # DictReader's line_num is that of the last row it read well: the bad one starts after it
        raise OverridesError(f"{source}, line {reader.line_num + 1}: not readable as CSV ({exc})") from None


def _amounts(row: Mapping[str, str], source: str, line: int) -> dict[str, float]:
    """The row's points or delta, as numbers (OverridesError for one that is no finite number)."""
    values = {}
    for column in ("points", "delta"):
        if row.get(column):
            try:
                values[column] = float(row[column])
            except ValueError:
                raise OverridesError(f"{source}, line {line}: {column} must be a number, not {row[column]!r}") from None
            if not math.isfinite(values[column]):
                raise OverridesError(f"{source}, line {line}: {column} must be a finite number")
    return values


def _override(row: Mapping[str, str], source: str, line: int) -> Override:
    """One row of the file as an Override (OverridesError naming the line when it is not one)."""
    values = _amounts(row, source, line)
    if len(values) != 1:
        raise OverridesError(f"{source}, line {line}: give either points or delta")
    if not row.get("student") or not row.get("problem"):
        raise OverridesError(f"{source}, line {line}: student and problem are required")
    return Override(row["student"], row["problem"], row.get("part", ""), values.get("points"), values.get("delta"), row.get("comment", ""), line)


def _parse_rows(reader: csv.DictReader, source: str) -> tuple[Override, ...]:
    headers = {(h or "").strip().lower(): h for h in reader.fieldnames or []}
    missing = [h for h in ("student", "problem") if h not in headers]
    if missing or ("points" not in headers and "delta" not in headers):
        raise OverridesError(f"{source} needs the columns student, problem, part, points or delta, comment (found: {', '.join(headers) or 'none'})")
    rows = []
    for raw in reader:
        line = reader.line_num  # the file's line (blank lines and quoted line breaks counted)
        row = {k: (raw.get(v) or "").strip() for k, v in headers.items()}
        if any(row.values()):
            rows.append(_override(row, source, line))
    return tuple(rows)


def check_known(overrides: Sequence[Override], problems: Sequence[Any]) -> None:
    """OverridesError naming the line of the first row whose problem the course does not have, or
    whose part a code problem does not have (a typo would otherwise reach the student's report only)."""
    by_id = {p.id: p for p in problems}
    for row in overrides:
        problem = by_id.get(row.problem)
        if problem is None:
            raise OverridesError(f"overrides.csv, line {row.line}: there is no problem {row.problem!r} (the course's: {', '.join(by_id)})")
        parts = _part_ids(problem)
        if len(parts) > 1 and not row.part:
            raise OverridesError(f"overrides.csv, line {row.line}: {row.problem} has several parts, say which ({', '.join(parts)})")
        if parts and row.part and row.part not in parts:
            raise OverridesError(f"overrides.csv, line {row.line}: {row.problem} has no part {row.part!r} (its parts: {', '.join(parts)})")


def _part_ids(problem: Any) -> list[str]:
    """The parts a problem's results will have, where its description says (a code problem's
    functions; a derivation problem's answers and its derivation); [] when it does not."""
    points = getattr(problem, "points", None)  # a code problem's points per contract function
    if isinstance(points, Mapping):
        return [str(p) for p in points]
    answers = getattr(problem, "answers", None)
    if isinstance(answers, tuple) and all(isinstance(getattr(a, "part", None), str) for a in answers):
        return [a.part for a in answers] + (["derivation"] if getattr(problem, "derivation", None) is not None else [])
    return []


def load_overrides(path: str | Path) -> tuple[Override, ...]:
    from grader.apps.roster import decode_csv

    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise OverridesError(f"cannot read {path}: {exc.strerror or exc}") from None
    return parse_overrides(decode_csv(data, str(path), OverridesError), str(path))


def assign(overrides: Sequence[Override], identities: Mapping[str, Iterable[str]]) -> dict[str, tuple[Override, ...]]:
    """Each row to the one submission whose keys (name, LMS id, roster id, e-mail, name) include its
    student; OverridesError for a row that names nobody or several."""
    from grader.apps.roster import squeeze

    owners: dict[str, set[str]] = {}
    for name, keys in identities.items():
        for key in keys:
            for form in {key.strip().lower(), squeeze(key)}:
                if form:
                    owners.setdefault(form, set()).add(name)
    assigned: dict[str, list[Override]] = {}
    for row in overrides:
        found = owners.get(row.student.strip().lower()) or owners.get(squeeze(row.student)) or set()
        if len(found) != 1:
            what = "no submission" if not found else f"several submissions ({', '.join(sorted(found))})"
            raise OverridesError(f"overrides.csv, line {row.line}: {row.student!r} matches {what}")
        assigned.setdefault(next(iter(found)), []).append(row)
    return {name: tuple(rows) for name, rows in assigned.items()}


@dataclass(frozen=True)
class LatePolicy:
    """The course's rule for late work."""

    deadline: float
    """The deadline, as a POSIX timestamp."""
    percent_per_day: float
    """Percent of the grade lost per started day late."""
    cap_percent: float = 100.0
    """At most this percent is lost."""

    def percent(self, submitted: float | None) -> tuple[int, float]:
        """(days late, percent lost) for a submission handed in at `submitted`."""
        if submitted is None or submitted <= self.deadline:
            return 0, 0.0
        days = math.ceil((submitted - self.deadline) / 86400)
        return days, min(self.cap_percent, self.percent_per_day * days)


def parse_deadline(text: str) -> float:
    """An ISO 8601 time (``2026-12-01T23:59``, UTC unless it says otherwise) as a timestamp."""
    moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp()


#: Roster columns that hold the LMS's time of the submission (Moodle's grading worksheet, an export).
SUBMITTED_HEADERS = ("submitted", "submitted at", "submitted_at", "submission time", "last modified (submission)")
#: How LMSs write that time besides ISO 8601 (Moodle's worksheet: ``Monday, 1 December 2026, 11:59 PM``).
TIME_FORMATS = ("%A, %d %B %Y, %I:%M %p", "%d %B %Y, %I:%M %p", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%m/%d/%Y %H:%M")


def lms_time(text: str) -> float | None:
    """A time as an LMS writes it (UTC unless it says otherwise), or None if it is not one."""
    text = text.strip()
    if not text or text == "-":
        return None
    try:
        return parse_deadline(text)
    except ValueError:
        pass
    for layout in TIME_FORMATS:
        try:
            return datetime.strptime(text, layout).replace(tzinfo=timezone.utc).timestamp()
        except ValueError:
            continue
    return None


def newest_mtime(paths: Iterable[Path]) -> float | None:
    """The newest modification time of the files at `paths` (folders walked, links not followed)."""
    newest = None
    for path in paths:
        walk = os.walk(path) if path.is_dir() and not path.is_symlink() else [(str(path.parent), [], [path.name])]
        for directory, _, files in walk:
            for name in files:
                try:
                    stamp = os.lstat(os.path.join(directory, name)).st_mtime
                except OSError:
                    continue
                newest = stamp if newest is None else max(newest, stamp)
    return newest


def _clamp(value: float, top: float) -> float:
    return min(max(value, 0.0), top)


def _find_part(problem: ProblemResult, part_id: str) -> int | None:
    if not part_id and len(problem.parts) == 1:
        return 0
    return next((i for i, p in enumerate(problem.parts) if p.id == part_id), None)


def apply(result: GradingResult, overrides: Sequence[Override], late: tuple[int, float] = (0, 0.0)) -> tuple[GradingResult, list[dict[str, Any]]]:
    """`result` with the TA's rows and the late penalty applied, and what was done (for the record).

    A row that names a problem or part the result does not have is reported as not applied (the
    rubric may have changed since it was written), never silently dropped.
    """
    problems = list(result.problems)
    notes = list(result.notes)
    done: list[dict[str, Any]] = []
    for row in overrides:
        at = next((i for i, p in enumerate(problems) if p.id == row.problem), None)
        part_at = _find_part(problems[at], row.part) if at is not None else None
        if at is None or part_at is None:
            message = Message("override.unknown_part", {"problem": row.problem, "part": row.part or "-"})
            notes.append(message)
            done.append({"problem": row.problem, "part": row.part, "applied": False, "text": f"not applied: no part {row.problem}/{row.part or '-'}"})
            continue
        problem = problems[at]
        part = problem.parts[part_at]
        after = _clamp(row.points if row.points is not None else part.score + (row.delta or 0.0), part.max_score)
        message = Message("override.ta", {"problem": problem.id, "part": part.id, "before": formatting.number(part.score), "after": formatting.number(after), "comment": row.comment or "-"})
        parts = list(problem.parts)
        parts[part_at] = replace(part, score=after, feedback=(*part.feedback, message))
        problems[at] = replace(problem, parts=tuple(parts), score=problem.score + after - part.score)
        notes.append(message)
        done.append({"problem": problem.id, "part": part.id, "applied": True, "before": part.score, "after": after,
                     "text": f"{problem.id}/{part.id} {formatting.number(part.score)} -> {formatting.number(after)} ({row.comment or 'TA'})"})
    days, percent = late
    lost = 0.0
    if percent > 0:
        factor = 1.0 - percent / 100.0
        before = sum(p.score for p in problems)
        problems = [
            replace(p, score=p.score * factor, parts=tuple(replace(part, score=part.score * factor) for part in p.parts)) for p in problems
        ]
        lost = before - sum(p.score for p in problems)
        notes.append(Message("override.late", {"days": days, "percent": formatting.number(percent), "points": formatting.number(lost)}))
        done.append({"problem": "", "part": "", "applied": True, "points": lost, "text": f"{days} day(s) late: -{formatting.number(percent)}%"})
    return replace(result, problems=tuple(problems), notes=tuple(notes)), done


define(
    {
        "override.ta": (
            "TA's adjustment of {problem}/{part}: {before} → {after} points ({comment}).",
            "助教调整了 {problem}/{part} 的分数：{before} → {after} 分（{comment}）。",
        ),
        "override.unknown_part": (
            "A TA's adjustment for {problem}/{part} was not applied: there is no such part. Please tell the course staff.",
            "助教对 {problem}/{part} 的调整未生效：没有这一部分。请告知助教。",
        ),
        "override.late": (
            "Handed in {days} day(s) late: {percent}% of the grade was deducted ({points} points).",
            "迟交 {days} 天：扣除成绩的 {percent}%（{points} 分）。",
        ),
    }
)
