"""Grading a class downloaded into a folder: reports, a gradebook and a class summary.

The submissions of ROOT are found by `grader.reading.layouts.recognise` (a folder or an archive per
student, a Moodle or a Canvas download, notebooks); every other item of ROOT is listed as skipped
with its reason, and an output folder of an earlier run is never taken for a student.  Worker
processes forked from the warm batch process grade them one after another
(`grader.apps.batch_workers`: a crash, a hang or a kill costs the submission at hand only,
recorded as "could not be graded" with the reason; the worker is replaced).  Per submission the
worker writes ``report.json``, ``report.md``, ``report.html`` and, last, ``status.json``: the
manifest holding the fingerprint
(every file of the submission, the grader's version and source, the problems, rubric and
options, the student's overrides and lateness), the status and the scores.  A rerun skips every
submission whose manifest matches (except where the grader was at fault: an "incomplete" grade, a
crash; a timeout only under a longer timeout), so killing the batch at any moment loses nothing
written; ``gradebook.csv`` (`grader.apps.gradebook`), ``manual.csv`` and ``summary.html`` are rebuilt
from the manifests and reports after each submission and at the end
(`grader.apps.class_outputs`).  This module plans a run (what to grade again, with which
settings) and counts its outcome; each step lives in `grader.apps`.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from grader import __version__
from grader.apps.batch_errors import OutputInSubmissions, UnknownSubmission
from grader.apps.batch_record import RETRIED_REASONS, BatchRecord, SubmissionStatus

# The batch's steps live in grader.apps (fingerprints, the workers, one submission's grading, its
# manifest, the progress line, the class's files); their public names stay importable from here.
from grader.apps.batch_workers import JOBS_PER_WORKER, grade_in_workers
from grader.apps.class_outputs import (
    CLASS_FILE,
    GRADEBOOK,
    MANUAL,
    SUMMARY,
    class_roster,
    gradebook_csv,
    manual_csv,
    manual_items,
    read_class,
    write_class,
    write_outputs,
)
from grader.apps.class_summary import class_summary
from grader.apps.entry_grading import NOTED_ERRORS, grade_entry, result_notes
from grader.apps.fingerprints import (
    _SOURCE_DIGESTS,
    MAX_FINGERPRINT_FILES,
    SOURCE_SUFFIXES,
    _jsonable,
    fingerprint,
    source_digest,
    source_folders,
)
from grader.apps.manifests import STATUS_FILE, load_record, read_record
from grader.apps.progress import Progress, describe, terminal_text
from grader.apps.roster import Roster
from grader.course.problem import GradingOptions
from grader.reading.files import ensure_writable_dir, write_atomic
from grader.reading.layouts import ARCHIVE, FILES, OUTPUT_MARKER, RESERVED_NAMES, ClassLayout, Entry, recognise
from grader.reading.submission import find_root
from grader.reading.zipsafe import UnsafeZip  # noqa: F401  (defines the zip.* sentences the gradebook shows)
from grader.results.message_codec import message_from_plain, message_to_plain

__all__ = [
    "CLASS_FILE", "FAILED", "GRADEBOOK", "GRADED", "INCOMPLETE", "JOBS_PER_WORKER", "MANUAL", "MAX_FINGERPRINT_FILES",
    "NOTED_ERRORS", "RESERVED", "RETRIED_REASONS", "SOURCE_SUFFIXES", "STATUS_FILE", "SUMMARY", "_SOURCE_DIGESTS",
    "BatchOutcome", "BatchRecord", "BatchSettings", "OutputInSubmissions", "Progress", "UnknownSubmission",
    "check_output_place", "class_roster", "class_summary", "describe", "find_submissions", "fingerprint",
    "grade_batch", "grade_entry", "gradebook_csv", "grader_at_fault", "load_record", "manual_csv", "manual_items",
    "message_from_plain", "message_to_plain", "read_class", "read_record", "result_notes", "source_digest",
    "source_folders", "submitted_at", "terminal_text", "write_class", "write_outputs",
]

#: Names an output directory of a submission may not take (they are the batch's own files).
RESERVED = RESERVED_NAMES

GRADED = SubmissionStatus.GRADED
INCOMPLETE = SubmissionStatus.INCOMPLETE
FAILED = SubmissionStatus.FAILED


@dataclass(frozen=True)
class BatchSettings:
    lang: str = "en"
    seed: int | None = None
    jobs: int = 0
    """Worker processes; 0 means one per CPU."""
    timeout_seconds: float = 900.0
    """Wall time one submission may take before its worker is killed."""
    options: GradingOptions = field(default_factory=GradingOptions)
    """The grading options (a mapping of them is turned into GradingOptions)."""
    late: Any = None
    """The late-work rule (a `grader.apps.overrides.LatePolicy`), or None."""
    adjustments: Mapping[str, Any] = field(default_factory=dict)
    """Per submission name: (its rows of overrides.csv, (days late, percent lost)); each is part of
    that submission's fingerprint only, so that one TA's row regrades one student."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "options", GradingOptions.of(self.options))

    def key(self) -> dict[str, Any]:
        """What a submission's grade depends on besides its files: the grader's version and the
        hash of its source (problem modules, reference, templates, an instructor's extra problem
        folders), the rubric and every other option."""
        extra = self.options.problem_dirs
        return {
            "lang": self.lang,
            "seed": self.seed,
            "grader_version": __version__,
            "grader_source": source_digest(extra),
            "options": _jsonable(dict(self.options)),
            "late": _jsonable(self.late),
        }

    def files(self) -> tuple[str, ...]:
        """The files of the course graded (`grader.course.course.known_files`): what a student's folder is
        recognised by, and where a submission wrapped in a folder has its files."""
        from grader.course.course import known_files

        try:
            return known_files(self.options.course, self.options.problem_dirs)
        except Exception:  # (an instructor's problem module that fails: each submission's grading records it)
            return known_files(self.options.course)


@dataclass(frozen=True)
class BatchOutcome:
    graded: int
    """Submissions with a grade (``graded`` or ``incomplete``), unchanged ones included."""
    failed: int
    """Submissions that could not be graded, unchanged ones included; graded + failed = all."""
    skipped: int
    """Submissions not graded again because nothing changed (of either kind)."""
    records: Mapping[str, BatchRecord]
    """Every submission's record, by name."""
    seconds: float
    unchanged_graded: int = 0
    """Of `graded`, those skipped as unchanged."""
    incomplete: int = 0
    """Of `graded`, those the grader could not finish (regraded on the next run)."""
    layout: ClassLayout | None = None
    """What was recognised in ROOT: the layouts, the submissions and what was skipped (with why)."""

    @property
    def unchanged_failed(self) -> int:
        """Of `failed`, those skipped as unchanged."""
        return self.skipped - self.unchanged_graded

    def summary(self) -> str:
        """``195 graded (60 unchanged), 4 could not be graded``: the counts add up to the submissions."""
        graded = [f"{self.unchanged_graded} unchanged"] if self.unchanged_graded else []
        if self.incomplete:
            graded.append(f"{self.incomplete} {INCOMPLETE}")
        graded_detail = f" ({', '.join(graded)})" if graded else ""
        failed_detail = f" ({self.unchanged_failed} unchanged)" if self.unchanged_failed else ""
        return f"{self.graded} graded{graded_detail}, {self.failed} {FAILED}{failed_detail}"


def find_submissions(root: Path, exclude: Iterable[Path] = (), known: Sequence[str] | None = None) -> list[Entry]:
    """The submissions of `root` in whatever layout it has (see `grader.reading.layouts`), sorted by
    name (`known`: the course's files, `BatchSettings.files`; the default course's when not given)."""
    from grader.course.course import known_files

    return list(recognise(root, exclude=exclude, known=known_files() if known is None else known).entries)


def grader_at_fault(record: Mapping[str, Any], timeout_seconds: float | None = None) -> bool:
    """`BatchRecord.grader_at_fault` of a record or of a manifest's JSON data (False: not a manifest)."""
    typed = record if isinstance(record, BatchRecord) else BatchRecord.from_plain(record)
    return typed is not None and typed.grader_at_fault(timeout_seconds)


def submitted_at(entry: Entry, known: Sequence[str]) -> float | None:
    """When the submission was handed in: the newest modification time of its files (an LMS's
    download keeps the upload's time on the files it writes; `known`: the course's files)."""
    from grader.apps.overrides import newest_mtime

    if entry.kind == FILES:
        return newest_mtime(path for _, path in entry.files)
    return newest_mtime([entry.path if entry.kind == ARCHIVE else find_root(entry.path, known=known)])


def _adjustments(layout: ClassLayout, roster: Roster | None, overrides: Sequence[Any], late: Any, known: Sequence[str],
                 problem_dirs: Sequence[Any] = (), course: str | None = None) -> dict[str, Any]:
    """Per submission: its rows of the overrides and its lateness (OverridesError for a row that
    names no submission or several; `known`: the course's files)."""
    from grader.apps.overrides import SUBMITTED_HEADERS, assign, lms_time

    identities: dict[str, list[str]] = {e.name: [e.name, e.lms_id, e.student] for e in layout.entries}
    stamped: dict[str, float] = {}  # the LMS's time of the submission, where the roster has it
    if roster is not None:
        from grader.apps.roster import match

        matching = match(roster, {e.name: {"name": e.name, "lms_id": e.lms_id, "student": e.student} for e in layout.entries})
        for index, name in matching.by_student.items():
            student = roster.students[index]
            identities[name] += [student.id, student.email, student.name]
            times = [lms_time(value) for header, value in student.extra if header.strip().lower() in SUBMITTED_HEADERS]
            if times and times[0] is not None:
                stamped[name] = times[0]
    if overrides:
        from grader.apps.overrides import check_known
        from grader.course.course import course_modules, load_course

        check_known(overrides, load_course(course_modules(course), extra=tuple(problem_dirs)))
    assigned = assign(overrides, {n: [k for k in keys if k] for n, keys in identities.items()}) if overrides else {}
    adjustments: dict[str, Any] = {}
    for entry in layout.entries:
        when = stamped[entry.name] if entry.name in stamped else submitted_at(entry, known)
        lateness = late.percent(when) if late is not None else (0, 0.0)
        rows = assigned.get(entry.name, ())
        if rows or lateness[1]:
            adjustments[entry.name] = (rows, lateness)
    return adjustments


def _marker(out: Path) -> None:
    """Mark `out` as a batch's output, so that no later run takes it (or a copy of it) for a student."""
    marker = out / OUTPUT_MARKER
    if not marker.exists():
        write_atomic(marker, f"written by grade batch {__version__}; this folder is never graded as a submission\n")


def grade_batch(
    root: str | Path,
    out: str | Path,
    settings: BatchSettings = BatchSettings(),
    progress: Progress | None = None,
    on_record: Callable[[BatchRecord], None] | None = None,
    *,
    force: bool = False,
    only: Iterable[str] = (),
    roster: Roster | None = None,
    shard: Any = None,
    overrides: Sequence[Any] = (),
) -> BatchOutcome:
    """Grade every submission under `root` into `out` (see the module's docstring).

    `force` grades every submission again, unchanged or not; `only` (submission names) grades
    those again and leaves every other one as its last record has it; `roster` (kept in `out` for
    later runs) gives every student a row; `shard` (a `grader.apps.shard.Shard`) grades its share only;
    `overrides` (rows of overrides.csv) and ``settings.late`` are a person's part of the grades.
    """
    started = time.monotonic()
    root, out = Path(root), Path(out)
    layout, settings, entries = _prepare(root, out, settings, roster, shard, overrides)
    chosen = set(only)
    unknown = chosen - {e.name for e in entries}
    if unknown:
        raise UnknownSubmission(sorted(unknown), [e.name for e in entries])
    progress = progress if progress is not None else Progress(len(entries), lang=settings.lang)
    records, todo, unchanged = _triage(entries, out, settings, chosen, force, progress)
    _warm_up_for_workers()

    def finish(record: BatchRecord) -> None:
        records[record.name] = record
        progress.update(record)
        write_outputs(out, records, settings.lang, summary=False)
        if on_record is not None:
            on_record(record)

    grade_in_workers(todo, out, settings, finish)
    write_outputs(out, records, settings.lang)
    return _outcome(records, unchanged, layout, time.monotonic() - started)


def _prepare(root: Path, out: Path, settings: BatchSettings, roster: Roster | None, shard: Any,
             overrides: Sequence[Any]) -> tuple[ClassLayout, BatchSettings, list[Entry]]:
    """Before any grading: the output folder checked and marked, ROOT recognised, the roster and
    the person's adjustments settled and kept in `out`; the layout, the settings with the
    adjustments, and the entries of this run (its shard's share)."""
    check_output_place(root, out)
    ensure_writable_dir(out)  # UnwritableOutput before any work, not a crash in every worker
    _marker(out)
    layout = recognise(root, exclude=[out], known=settings.files())
    roster = roster if roster is not None else class_roster(out)
    options = settings.options
    settings = replace(settings, adjustments=_adjustments(layout, roster, overrides, settings.late, settings.files(), options.problem_dirs, options.course))
    write_class(out, layout, roster)
    entries = [e for e in layout.entries if shard is None or shard.takes(e.name)]
    return layout, settings, entries


def _triage(entries: Sequence[Entry], out: Path, settings: BatchSettings, chosen: set[str], force: bool,
            progress: Progress) -> tuple[dict[str, BatchRecord], list[tuple[Entry, str]], list[str]]:
    """Which submissions to grade (with their fingerprints) and which records to keep as they are:
    the kept records, the work, and the names kept as unchanged."""
    records: dict[str, BatchRecord] = {}
    todo: list[tuple[Entry, str]] = []
    unchanged: list[str] = []
    def keep(name: str, record: BatchRecord) -> None:
        records[name] = record
        unchanged.append(name)
        progress.update(record, skipped=True)

    for entry in entries:
        record = load_record(out / entry.name)
        if chosen and entry.name not in chosen and record is not None:
            # not asked for: kept as it is, even if stale (the instructor regrades it when they choose)
            keep(entry.name, record)
            continue
        key = fingerprint(entry, settings)
        if record is not None and record.fingerprint == key and not record.grader_at_fault(settings.timeout_seconds) \
                and not force and entry.name not in chosen:
            keep(entry.name, record)
        else:
            todo.append((entry, key))
    return records, todo, unchanged


def _warm_up_for_workers() -> None:
    """Import what grading needs before forking, so that every worker starts warm."""
    from grader.course.course import load_course
    from grader.grading import pipeline as grading  # noqa: F401
    from grader.presentation import render  # noqa: F401

    load_course()
    # what the warm parent holds is never collected in a worker: frozen, the workers' collections
    # do not write to (and so copy) every page of it
    gc.collect()
    gc.freeze()



def _outcome(records: Mapping[str, BatchRecord], unchanged: Sequence[str], layout: ClassLayout, seconds: float) -> BatchOutcome:
    """The counts of a finished run (graded + failed = every record)."""
    failed = sum(1 for r in records.values() if r.status == FAILED)
    unchanged_failed = sum(1 for name in unchanged if records[name].status == FAILED)
    incomplete = sum(1 for r in records.values() if r.status == INCOMPLETE)
    return BatchOutcome(
        len(records) - failed, failed, len(unchanged), records, seconds,
        unchanged_graded=len(unchanged) - unchanged_failed, incomplete=incomplete, layout=layout,
    )


def check_output_place(root: Path, out: Path) -> None:
    """OutputInSubmissions when `out` is ROOT itself or inside a student's folder of ROOT: the reports
    would be written among a student's files (changing what the next run grades) and the student
    taken for the output folder.  A new, empty or earlier output folder directly in ROOT is fine."""
    try:
        root_real, out_real = root.resolve(), out.resolve()
    except (OSError, RuntimeError):
        return
    if out_real == root_real:
        raise OutputInSubmissions(f"--out {out} is the class folder itself: choose a folder beside it (e.g. {root.name}-graded)")
    if not out_real.is_relative_to(root_real):
        return
    top = root_real / out_real.relative_to(root_real).parts[0]
    if top != out_real:
        raise OutputInSubmissions(f"--out {out} is inside {top.name} of the class folder, a submission: choose a folder outside it")
    try:
        empty = not any(out_real.iterdir())
    except OSError:
        empty = True  # not there yet
    if not empty and not os.path.lexists(out_real / OUTPUT_MARKER):
        raise OutputInSubmissions(f"--out {out} is a folder of the class that is not an output of grade batch (a student's?): choose a new folder")

