"""What `grade batch` records about one submission: its manifest, ``status.json``.

`BatchRecord` is the typed record the batch works with; `to_plain` writes the manifest as it
always was (the same keys in the same order, so that the gradebook, ``grade merge`` and a
rerun of an older batch's output read it unchanged) and `from_plain` reads one back, keeping
whatever a later version added in `extra`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from enum import Enum
from functools import cached_property
from typing import Any

from grader.reading.layouts import Entry, readable


class SubmissionStatus(str, Enum):
    """A whole submission's status in the batch (not a problem's: `grader.results.models.ProblemStatus`)."""

    GRADED = "graded"
    """Every problem was graded (whatever the score)."""
    INCOMPLETE = "incomplete"
    """A grade, but the grader failed on some problem or on the submission: graded again on the next run."""
    FAILED = "could not be graded"
    """No grade: the worker crashed or timed out, the archive was refused, the grader failed."""

    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)


#: Failures that a rerun tries again (the grader or the machine may have been at fault).  A
#: timeout is not among them: the same files under the same grader would take the whole timeout
#: again, so its record is kept unless the timeout was raised (or ``--force``).
RETRIED_REASONS = ("batch.crashed", "batch.internal_error")

#: Keys a graded record has and a failed one does not (written only when set).
_GRADED_ONLY = ("seed", "problem_max", "parts", "notes", "adjustments", "late_penalty", "manual")


@dataclass(frozen=True)
class BatchRecord(Mapping):
    """One submission's manifest.

    It also reads as the manifest's JSON data (``record["score"]``, ``record.get("parts")``): the
    gradebook, the class summary and ``grade merge`` take manifests read back from status.json
    too, and read both the same way.
    """

    name: str
    """The submission's name in the batch (its output folder)."""

    source: str
    """The item of ROOT it came from, as printable text."""

    sources: tuple[str, ...]
    """Every item of ROOT it was made of (a Canvas student's files)."""

    student: str | None
    """The student's name as the LMS wrote it, if the layout has one."""

    lms_id: str | None
    """The LMS's id of the student or submission, if the layout has one."""

    late: bool
    """Whether the LMS marked the submission late."""

    fingerprint: str
    """What the grade depends on (`grader.apps.batch.fingerprint`): a rerun skips a matching record."""

    status: SubmissionStatus
    """Graded, incomplete, or could not be graded."""

    reason: Mapping[str, Any] | None
    """Why it is incomplete or could not be graded, as a plain `Message` (``{"key", "params"}``)."""

    score: float | None
    """Points earned (None: no grade)."""

    max_score: float | None
    """Points available (None: no grade)."""

    problems: Mapping[str, float]
    """Score per problem id (empty: no grade)."""

    seconds: float
    """How long grading it took."""

    seed: int | None = None
    """Graded: the seed of its randomized checks."""

    problem_max: Mapping[str, float] | None = None
    """Graded: points available per problem id."""

    parts: Mapping[str, Mapping[str, float]] | None = None
    """Graded: score per part id, per problem id."""

    notes: tuple[Mapping[str, Any] | None, ...] | None = None
    """Graded: plain messages for the gradebook's note (a file that could not be read)."""

    adjustments: tuple[Mapping[str, Any], ...] | None = None
    """Graded: the TA's overrides and the late penalty that were applied."""

    late_penalty: float | None = None
    """Graded: points the late penalty took."""

    manual: tuple[Mapping[str, Any], ...] | None = None
    """Graded: the parts a TA grades by hand."""

    timeout_seconds: float | None = None
    """Timed out: the timeout it was given (a rerun under a longer one grades it again)."""

    extra: Mapping[str, Any] = field(default_factory=dict)
    """Keys of a manifest this version does not know (kept as they were)."""

    @classmethod
    def failed(cls, entry: Entry, fingerprint: str, reason: Mapping[str, Any] | None, seconds: float = 0.0,
               timeout_seconds: float | None = None) -> BatchRecord:
        """The record of a submission that could not be graded."""
        return cls(**identity(entry), fingerprint=fingerprint, status=SubmissionStatus.FAILED, reason=reason, score=None,
                   max_score=None, problems={}, seconds=round(seconds, 3), timeout_seconds=timeout_seconds)

    @property
    def has_grade(self) -> bool:
        """Graded or incomplete: a score the gradebook shows."""
        return self.status != SubmissionStatus.FAILED

    def grader_at_fault(self, timeout_seconds: float | None = None) -> bool:
        """Whether a rerun grades this submission again although nothing changed: the grader could not
        finish it (``incomplete``), its worker crashed, or it timed out under a shorter timeout than
        `timeout_seconds` (a timeout under the same one is kept: it would only cost the timeout again)."""
        if self.status == SubmissionStatus.INCOMPLETE:
            return True
        reason = self.reason or {}
        if self.status != SubmissionStatus.FAILED or not isinstance(reason, Mapping):
            return False
        if reason.get("key") == "batch.timeout":
            allowed = self.timeout_seconds
            return timeout_seconds is not None and (not isinstance(allowed, (int, float)) or timeout_seconds > allowed)
        return reason.get("key") in RETRIED_REASONS

    @cached_property
    def _plain(self) -> dict[str, Any]:
        return self.to_plain()

    def __getitem__(self, key: str) -> Any:
        return self._plain[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._plain)

    def __len__(self) -> int:
        return len(self._plain)

    def to_plain(self) -> dict[str, Any]:
        """The manifest as JSON data, keys in the order every earlier version wrote them."""
        data: dict[str, Any] = {
            "name": self.name,
            "source": self.source,
            "sources": list(self.sources),
            "student": self.student,
            "lms_id": self.lms_id,
            "late": self.late,
            "fingerprint": self.fingerprint,
            "status": self.status.value,
            "reason": self.reason,
            "score": self.score,
            "max_score": self.max_score,
        }
        if self.seed is not None:
            data["seed"] = self.seed
        data["problems"] = dict(self.problems)
        for name in _GRADED_ONLY[1:]:
            value = getattr(self, name)
            if value is not None:
                data[name] = list(value) if isinstance(value, tuple) else value
        data["seconds"] = self.seconds
        if self.timeout_seconds is not None:
            data["timeout_seconds"] = self.timeout_seconds
        data.update(self.extra)
        return data

    @classmethod
    def from_plain(cls, data: Mapping[str, Any]) -> BatchRecord | None:
        """The record `to_plain` wrote (or an earlier version did); None if `data` is not one."""
        try:
            status = SubmissionStatus(data.get("status"))
        except ValueError:
            return None
        known = {f.name for f in fields(cls)} - {"extra"}
        listed = {"sources", "notes", "adjustments", "manual"}
        values: dict[str, Any] = {name: (tuple(data[name]) if name in listed and isinstance(data[name], list) else data[name])
                  for name in known if name in data}
        values.setdefault("sources", ())
        values.setdefault("problems", {})
        values.setdefault("seconds", 0.0)
        for name in ("source", "fingerprint"):
            values.setdefault(name, "")
        for name in ("student", "lms_id", "reason", "score", "max_score"):
            values.setdefault(name, None)
        values.setdefault("late", False)
        values.setdefault("name", "")
        values["status"] = status
        return cls(**values, extra={k: v for k, v in data.items() if k not in known})


def identity(entry: Entry) -> dict[str, Any]:
    """`BatchRecord`'s fields that say where `entry` came from (for the roster and the gradebook)."""
    return {
        "name": entry.name,
        "source": readable(entry.path.name),
        "sources": tuple(entry.sources),
        "student": entry.student,
        "lms_id": entry.lms_id,
        "late": entry.late,
    }
