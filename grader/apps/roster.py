"""The class roster: who should have handed in, so that a student without a submission still has a row.

``roster.csv`` has a header row with at least an id or a name column; recognised headers (any
case) are ``id``/``student id``/``sis user id``/``login``, ``name``/``student``/``full name`` and
``email``/``e-mail``/``email address``.  Every other column is kept and copied into the gradebook.
Excel's UTF-8 with BOM, commas, semicolons and tabs are all read.

A submission is matched to a student by, in this order: the LMS's id or the folder's name equal
to the roster's id; the e-mail (or its part before ``@``); the name, compared without case,
spaces or punctuation and in either order (Canvas writes ``lastnamefirstname``, Moodle ``First
Last``).  A key that two students share is never used.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ID_HEADERS = ("id", "student id", "studentid", "sis user id", "sis_user_id", "id number", "idnumber", "student number", "login", "username", "学号")
NAME_HEADERS = ("name", "student", "full name", "fullname", "student name", "姓名")
EMAIL_HEADERS = ("email", "e-mail", "email address", "mail", "邮箱")


class RosterError(Exception):
    """The roster cannot be used; `str()` says why."""


@dataclass(frozen=True)
class Student:
    """One row of the roster."""

    id: str
    """The student's id as the roster writes it (may be empty when only names are known)."""
    name: str
    """The student's name."""
    email: str
    """The student's e-mail address (may be empty)."""
    extra: tuple[tuple[str, str], ...] = ()
    """The roster's other columns, in order: (header, value)."""

    def keys(self) -> list[tuple[int, str]]:
        """(rank, key) pairs a submission may be matched by; a lower rank is a stronger key."""
        keys = []
        if self.id:
            keys.append((0, self.id.strip().lower()))
        if self.email:
            keys.append((1, self.email.strip().lower()))
            keys.append((1, self.email.strip().lower().split("@")[0]))
        if self.name:
            keys.append((2, squeeze(self.name)))
            words = self.name.replace(",", " ").split()
            if len(words) > 1:
                keys.append((2, squeeze(" ".join(words[1:] + words[:1]))))  # "Doe Jane" for "Jane Doe"
                keys.append((2, squeeze(" ".join(words[-1:] + words[:-1]))))
        return [(rank, key) for rank, key in keys if key]


@dataclass(frozen=True)
class Roster:
    """The students of the class, in the roster's order."""

    students: tuple[Student, ...]
    """Every student, in the file's order."""
    extra_columns: tuple[str, ...] = ()
    """Headers of the columns kept as they are."""

    def to_plain(self) -> dict[str, Any]:
        return {
            "students": [{"id": s.id, "name": s.name, "email": s.email, "extra": [list(e) for e in s.extra]} for s in self.students],
            "extra_columns": list(self.extra_columns),
        }

    @classmethod
    def from_plain(cls, data: Mapping[str, Any]) -> Roster:
        return cls(
            tuple(Student(s["id"], s["name"], s["email"], tuple(tuple(e) for e in s.get("extra", []))) for s in data.get("students", [])),
            tuple(data.get("extra_columns", [])),
        )


def squeeze(text: str) -> str:
    """A name without case, accents, spaces or punctuation: ``Doe, Jane-Ann`` -> ``doejaneann``."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text.casefold() if c.isalnum())


def _column(headers: list[str], names: Iterable[str]) -> int | None:
    lowered = [h.strip().lower() for h in headers]
    for name in names:
        if name in lowered:
            return lowered.index(name)
    return None


def _csv_rows(text: str, source: str) -> list[list[str]]:
    """The rows of a CSV text that hold anything (any delimiter a spreadsheet writes), or RosterError."""
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect, strict=True)  # any line end, as csv wants
    rows = []
    line = 0  # the last line of the last row read
    try:
        for row in reader:
            line = reader.line_num
            if any(cell.strip() for cell in row):
                rows.append(row)
    except csv.Error as exc:  # an unclosed quote (it would swallow the rest of the class), a huge field
        raise RosterError(f"{source}, line {line + 1}: not readable as CSV ({exc})") from None
    return rows


@dataclass(frozen=True)
class _Columns:
    """Where a roster's header row puts what the grader matches a student by."""

    headers: tuple[str, ...]
    """The header row, each name without blanks around it."""
    at_id: int | None
    """The column of the student's id (None: the roster has none)."""
    at_name: int | None
    """The column of the student's name."""
    at_email: int | None
    """The column of the student's e-mail address."""

    @property
    def extra(self) -> list[int]:
        """The other columns (kept for the gradebook), in order."""
        used = {self.at_id, self.at_name, self.at_email}
        return [i for i in range(len(self.headers)) if i not in used]

    def student(self, row: Sequence[str]) -> Student:
        def cell(i: int | None) -> str:
            return row[i].strip() if i is not None and i < len(row) else ""

        return Student(cell(self.at_id), cell(self.at_name), cell(self.at_email), tuple((self.headers[i], cell(i)) for i in self.extra))


def _columns(header_row: Sequence[str], source: str) -> _Columns:
    headers = tuple(h.strip() for h in header_row)
    columns = _Columns(headers, _column(list(headers), ID_HEADERS), _column(list(headers), NAME_HEADERS), _column(list(headers), EMAIL_HEADERS))
    if columns.at_id is None and columns.at_name is None and columns.at_email is None:
        raise RosterError(f"{source} needs a header row with an id, name or email column (found: {', '.join(headers)})")
    return columns


def parse_roster(text: str, source: str = "roster") -> Roster:
    """The roster in `text` (see the module's docstring), or RosterError."""
    rows = _csv_rows(text.lstrip("\ufeff"), source)
    if not rows:
        raise RosterError(f"{source} is empty")
    columns = _columns(rows[0], source)
    students = []
    seen: set[str] = set()
    for number, row in enumerate(rows[1:], start=2):
        student = columns.student(row)
        if not (student.id or student.name or student.email):
            continue
        identity = student.id or student.email or student.name
        if identity in seen:
            raise RosterError(f"{source}, line {number}: {identity} is on the roster twice")
        seen.add(identity)
        students.append(student)
    return Roster(tuple(students), tuple(columns.headers[i] for i in columns.extra))


def load_roster(path: str | Path) -> Roster:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise RosterError(f"cannot read the roster {path}: {exc.strerror or exc}") from None
    return parse_roster(decode_csv(data, str(path), RosterError), str(path))


def decode_csv(data: bytes, source: str, error: type[Exception]) -> str:
    """A CSV file's text; `error` naming the line when it is not UTF-8 (Excel's "CSV" in a Chinese or
    Western locale writes GBK or cp1252: read as UTF-8, every name would turn into replacement marks
    and match nobody, silently)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise error(f"{source}, line {line}: not UTF-8 text; save it as \"CSV UTF-8\" (Excel) or UTF-8 (any editor)") from None


def submission_keys(record: Mapping[str, Any]) -> list[str]:
    """What a submission's record may be matched by: its name, the LMS's id and student name."""
    keys = []
    for value in (record.get("lms_id"), record.get("name"), record.get("student")):
        if value:
            keys.append(str(value).strip().lower())
            keys.append(squeeze(str(value)))
    return [k for k in keys if k]


@dataclass(frozen=True)
class Matching:
    """Which submission belongs to which student of the roster."""

    by_student: Mapping[int, str] = field(default_factory=dict)
    """Index of the student in the roster -> the submission's name."""
    unmatched: tuple[str, ...] = ()
    """Submissions that belong to no student of the roster (graded all the same)."""


def match(roster: Roster, records: Mapping[str, Mapping[str, Any]]) -> Matching:
    """Each submission to at most one student, by the strongest key that names one student only."""
    owners: dict[str, set[int]] = {}
    for index, student in enumerate(roster.students):
        for _, key in student.keys():
            owners.setdefault(key, set()).add(index)
    by_student: dict[int, str] = {}
    unmatched = []
    for name in sorted(records):
        candidates = [owners[k] for k in submission_keys(records[name]) if len(owners.get(k, ())) == 1]
        found = next((next(iter(c)) for c in candidates), None)
        if found is None or found in by_student:
            # no student, or the student already has a submission: this one is listed on its own
            unmatched.append(name)
        else:
            by_student[found] = name
    return Matching(by_student, tuple(unmatched))
