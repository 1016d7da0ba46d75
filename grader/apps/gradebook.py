"""The gradebook: one row per student, from the batch's records and the roster, and its exports.

``gradebook.csv`` (UTF-8 with a BOM, so that Excel shows ``张三`` as written) has the columns
``id, name, email``, the roster's other columns, ``submission, total, max``, one column per
problem, one per part (``problem/part``), ``late_penalty``, ``adjustments``, ``status`` and
``note``.  With a roster every student has a row (``no submission`` when none was found) and a
submission that belongs to nobody on it comes last, noted; without one, a row per submission.

`export_csv` writes what an LMS imports: Canvas's gradebook import (``Student, ID, SIS User ID,
SIS Login ID, Section`` and one column per assignment, named ``Title (id)`` when the assignment's
id is known, a ``Points Possible`` row first) and Moodle's CSV grade import (an identifier column
to map to the user's e-mail address or ID number, the grade, and a feedback column).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from grader.apps.roster import Roster, match
from grader.results.formatting import score_cell
from grader.results.i18n import render as render_message
from grader.results.message_codec import message_from_plain

BOM = "\ufeff"
NO_SUBMISSION = "no submission"
FAILED = "could not be graded"
EXPORT_FORMATS = ("canvas", "moodle")


#: A score as a spreadsheet cell: ``7.5``, ``20``; empty for none.
number = score_cell


#: Characters that make a spreadsheet read a cell as a formula (OWASP's CSV injection list; the
#: full-width forms too, which some locales' spreadsheets take for the ASCII ones).
FORMULA_STARTS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def spreadsheet_safe(text: str) -> str:
    """A cell that a spreadsheet will not run as a formula and an LMS's import reads as one line.

    Control characters (newlines and tabs included: a name or a comment may hold them, and an
    importer may split a row there) become a space; a cell that starts with a formula character,
    after any blanks, is prefixed with ``'`` as OWASP advises.
    """
    text = _CONTROL.sub(" ", str(text))
    return "'" + text if text.lstrip().startswith(FORMULA_STARTS) else text


@dataclass(frozen=True)
class Row:
    """One line of the gradebook."""

    id: str
    """The roster's id, else the LMS's id of the submission."""
    name: str
    """The roster's name, else the LMS's name, else the submission's."""
    email: str
    """The roster's e-mail address, if any."""
    extra: tuple[str, ...]
    """The roster's other columns, in order."""
    submission: str
    """The submission's name (its output folder), empty when there is none."""
    record: Mapping[str, Any] | None
    """The submission's record (None: no submission)."""
    note: str = ""
    """What the gradebook adds to the record's notes (not on the roster)."""


def rows(records: Mapping[str, Mapping[str, Any]], roster: Roster | None = None) -> list[Row]:
    """The gradebook's rows: the roster's students in its order, then submissions of nobody on it."""
    if roster is None:
        return [
            Row(str(r.get("lms_id") or ""), str(r.get("student") or name), "", (), name, r)
            for name, r in sorted(records.items())
        ]
    matching = match(roster, records)
    result = []
    for index, student in enumerate(roster.students):
        name = matching.by_student.get(index)
        result.append(
            Row(student.id, student.name, student.email, tuple(v for _, v in student.extra), name or "", records.get(name) if name else None)
        )
    blank = tuple("" for _ in roster.extra_columns)
    for name in matching.unmatched:
        r = records[name]
        result.append(Row(str(r.get("lms_id") or ""), str(r.get("student") or name), "", blank, name, r, note="not on the roster."))
    return result


def part_columns(records: Mapping[str, Mapping[str, Any]], problem_ids: Sequence[str]) -> list[tuple[str, str]]:
    """(problem, part) pairs in course order, parts in the order the records list them."""
    seen: dict[str, list[str]] = {pid: [] for pid in problem_ids}
    for record in records.values():
        for pid, parts in (record.get("parts") or {}).items():
            known = seen.setdefault(pid, [])
            for part in parts:
                if part not in known:
                    known.append(part)
    return [(pid, part) for pid, parts in seen.items() for part in parts]


def _notes(record: Mapping[str, Any], lang: str) -> list[str]:
    messages = [message_from_plain(n) for n in [record.get("reason"), *(record.get("notes") or [])]]
    return [render_message(m, lang) for m in messages if m is not None]


def gradebook_csv(
    records: Mapping[str, Mapping[str, Any]],
    problem_ids: list[str],
    lang: str = "en",
    roster: Roster | None = None,
    bom: bool = True,
) -> str:
    """The gradebook (see the module's docstring) as CSV text, a BOM first unless `bom` is False."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    parts = part_columns(records, problem_ids)
    extra_headers = [spreadsheet_safe(h) for h in roster.extra_columns] if roster else []
    writer.writerow(
        ["id", "name", "email", *extra_headers, "submission", "total", "max", *problem_ids,
         *[f"{pid}/{part}" for pid, part in parts], "late_penalty", "adjustments", "status", "note"]
    )
    for row in rows(records, roster):
        record = row.record or {}
        problems = record.get("problems") or {}
        part_scores = record.get("parts") or {}
        notes = _notes(record, lang) + ([row.note] if row.note else [])
        adjustments = "; ".join(str(a.get("text", "")) for a in record.get("adjustments") or [])
        writer.writerow(
            [
                spreadsheet_safe(row.id),
                spreadsheet_safe(row.name),
                spreadsheet_safe(row.email),
                *[spreadsheet_safe(v) for v in row.extra],
                spreadsheet_safe(row.submission),
                number(record.get("score")),
                number(record.get("max_score")),
                *[number(problems.get(pid)) for pid in problem_ids],
                *[number((part_scores.get(pid) or {}).get(part)) for pid, part in parts],
                number(record.get("late_penalty")),
                spreadsheet_safe(adjustments),
                spreadsheet_safe(str(record.get("status", ""))) if row.record is not None else NO_SUBMISSION,
                spreadsheet_safe(" ".join(notes)),
            ]
        )
    return (BOM if bom else "") + buffer.getvalue()


def _grade(row: Row) -> str:
    """The grade an LMS imports: 0 without a submission (an LMS leaves a blank cell ungraded,
    which most courses do not mean), blank for one that could not be graded (so that it is not
    imported as a grade before a person looks at it)."""
    if row.record is None:
        return "0"
    if row.record.get("status") == FAILED:
        return ""
    return number(row.record.get("score"))


def _placed(table: list[Row], roster: Roster | None) -> list[Row]:
    """The rows an LMS can place: with a roster, not a submission that matches nobody on it."""
    return [row for row in table if not (row.record is not None and roster is not None and row.note)]


def _column_at(headers: Sequence[str], names: Sequence[str]) -> int | None:
    """Where the roster has one of these columns (any case, blanks around ignored)."""
    return next((i for i, h in enumerate(headers) if h.strip().lower() in names), None)


def _canvas(writer: Any, table: list[Row], roster: Roster | None, title: str, max_score: float) -> None:
    extras = list(dict.fromkeys(roster.extra_columns)) if roster else []
    section_at = _column_at(extras, ("section",))
    sis_at = _column_at(extras, ("sis user id", "sis_user_id"))
    writer.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", spreadsheet_safe(title)])
    writer.writerow(["Points Possible", "", "", "", "", number(max_score)])
    for row in _placed(table, roster):
        writer.writerow(
            [
                spreadsheet_safe(row.name),
                spreadsheet_safe(row.id),
                spreadsheet_safe(row.extra[sis_at] if sis_at is not None else ""),
                spreadsheet_safe(row.email),
                spreadsheet_safe(row.extra[section_at] if section_at is not None else ""),
                _grade(row),
            ]
        )


def _moodle_feedback(row: Row, lang: str) -> str:
    """What the student reads in Moodle: what the grader noted, and a TA's or the late rule's changes."""
    if not row.record:
        return NO_SUBMISSION
    adjusted = [str(a.get("text", "")) for a in row.record.get("adjustments") or [] if a.get("text")]
    return " ".join([*_notes(row.record, lang), *(f"{a}." for a in adjusted)])


def _moodle(writer: Any, table: list[Row], roster: Roster | None, assignment: str, lang: str) -> None:
    writer.writerow(["Email address", "ID number", "Full name", spreadsheet_safe(assignment), "Feedback comments"])
    for row in _placed(table, roster):
        writer.writerow(
            [spreadsheet_safe(row.email), spreadsheet_safe(row.id), spreadsheet_safe(row.name), _grade(row), spreadsheet_safe(_moodle_feedback(row, lang))]
        )


def export_csv(
    records: Mapping[str, Mapping[str, Any]],
    fmt: str,
    roster: Roster | None = None,
    assignment: str = "Homework",
    assignment_id: str = "",
    lang: str = "en",
) -> str:
    """The class's totals in the layout an LMS imports (`fmt`: ``canvas`` or ``moodle``; see `_grade`
    for a student without a grade)."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (known: {', '.join(EXPORT_FORMATS)})")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    table = rows(records, roster)
    if fmt == "canvas":
        max_score = max([float(r.record.get("max_score") or 0) for r in table if r.record] or [0.0])
        _canvas(writer, table, roster, f"{assignment} ({assignment_id})" if assignment_id else assignment, max_score)
    else:
        _moodle(writer, table, roster, assignment, lang)
    return BOM + buffer.getvalue()
