"""Grading one submission of a batch (in a worker process): its reports and its manifest."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from grader.apps.batch_record import BatchRecord, SubmissionStatus, identity
from grader.apps.manifests import failed_record, write_record
from grader.apps.overrides import apply as apply_overrides
from grader.reading.files import write_atomic
from grader.reading.layouts import Entry, materialized
from grader.reading.manual import for_a_person
from grader.reading.manual import notes as manual_notes
from grader.reading.submission import find_root
from grader.reading.zipsafe import UnsafeZip
from grader.results.i18n import define
from grader.results.message_codec import message_to_plain
from grader.results.models import ERROR, Message

if TYPE_CHECKING:
    from grader.apps.batch import BatchSettings


#: Problem errors worth a note in the gradebook: a file of the submission that could not be read.
NOTED_ERRORS = ("problem.answers_unreadable", "submission.file_unreadable")


def result_notes(result: Any) -> list[Message]:
    """Why a graded submission lost points without being judged (answers.md over the size limit, a
    linked file): each such problem error once, for the gradebook's note."""
    notes: list[Message] = []
    for problem in result.problems:
        error = problem.error
        if error is not None and error.key in NOTED_ERRORS and error not in notes:
            notes.append(error)
    return notes


def grade_entry(entry: Entry, out: Path, settings: BatchSettings, key: str) -> BatchRecord:
    """Grade one submission and write its reports and manifest (runs in a worker process)."""
    from grader.grading.pipeline import grade_submission
    from grader.presentation.render import render_result
    from grader.presentation.report import result_to_dict
    started = time.monotonic()
    directory = out / entry.name
    try:
        try:
            from grader.apps.course_notebooks import course_notebook_reading
            from grader.reading.notebook import with_notes
            from grader.reading.submission import Submission

            options = settings.options
            with materialized(entry) as unpacked_path, course_notebook_reading(unpacked_path, options.problem_dirs, options.course) as reading:
                path = reading.folder
                result = with_notes(grade_submission(path, seed=settings.seed, options=settings.options), reading)
                manual = for_a_person(result, Submission(find_root(path, known=settings.files())))
                if entry.online_text:  # typed into the LMS: nothing here for the grader to read
                    from grader.reading.manual import ONLINE_TEXT

                    manual = [{"problem": "", "part": "", "kind": ONLINE_TEXT}, *manual]
        except UnsafeZip as exc:
            record = failed_record(entry, key, exc.message, time.monotonic() - started)
            write_record(out, record)
            return record
        rows, late = settings.adjustments.get(entry.name) or ((), (0, 0.0))
        result = replace(result, submission=entry.name, notes=(*result.notes, *manual_notes(manual)))
        result, adjusted = apply_overrides(result, rows, tuple(late))
        report = result_to_dict(result, settings.lang)
        write_atomic(directory / "report.json", json.dumps(report, ensure_ascii=False, indent=2) + "\n")
        write_atomic(directory / "report.md", render_result(result, "md", settings.lang))
        write_atomic(directory / "report.html", render_result(result, "html", settings.lang))
        errors = [p.id for p in result.problems if p.status == ERROR]
        record = BatchRecord(
            **identity(entry),
            fingerprint=key,
            status=SubmissionStatus.INCOMPLETE if errors or result.error else SubmissionStatus.GRADED,
            reason=message_to_plain(result.error)
            or (message_to_plain(Message("batch.problems_failed", {"problems": ", ".join(errors)})) if errors else None),
            score=report["score"],
            max_score=report["max_score"],
            seed=result.seed,
            problems={p["id"]: p["score"] for p in report["problems"]},
            problem_max={p["id"]: p["max_score"] for p in report["problems"]},
            parts={p["id"]: {part["id"]: part["score"] for part in p.get("parts", [])} for p in report["problems"]},
            notes=tuple(message_to_plain(m) for m in (*result_notes(result), *reading.notes())),
            adjustments=tuple(adjusted),
            late_penalty=sum(a.get("points", 0.0) for a in adjusted),
            manual=tuple(manual),
            seconds=round(time.monotonic() - started, 3),
        )
    except Exception as exc:  # a grader bug on one submission must not stop the batch
        record = failed_record(
            entry, key, Message("batch.internal_error", {"error": f"{type(exc).__name__}: {exc}"[:300]}), time.monotonic() - started
        )
    write_record(out, record)
    return record


define(
    {
        "batch.internal_error": (
            "The grader failed on this submission ({error}). Please tell the course staff.",
            "评分程序在此提交上出错（{error}）。请告知助教。",
        ),
        "batch.problems_failed": (
            "The grader failed on some problems: {problems}.",
            "评分程序在以下题目上出错：{problems}。",
        ),
    }
)
