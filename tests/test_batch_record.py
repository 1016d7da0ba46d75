"""`grade batch`'s typed record of a submission (grader/apps/batch_record.py) and its manifest, status.json."""

from __future__ import annotations

import json
from pathlib import Path

from grader.apps.batch import FAILED, GRADED, INCOMPLETE, grader_at_fault, load_record
from grader.apps.batch_record import BatchRecord, SubmissionStatus
from grader.reading.layouts import FOLDER, Entry
from grader.results.models import ProblemStatus

#: A graded manifest as grade batch has always written it (keys in this order).
GRADED_MANIFEST = {
    "name": "alice", "source": "alice", "sources": ["alice"], "student": None, "lms_id": None, "late": False,
    "fingerprint": "f1", "status": "graded", "reason": None, "score": 17.5, "max_score": 20, "seed": 42,
    "problems": {"mle-mse": 7.5, "backprop": 10}, "problem_max": {"mle-mse": 10, "backprop": 10},
    "parts": {"mle-mse": {"answer": 5, "derivation": 2.5}}, "notes": [], "adjustments": [{"text": "TA: +1", "points": 1.0}],
    "late_penalty": 1.0, "manual": [{"problem": "mle-mse", "part": "derivation", "kind": "prose"}], "seconds": 1.25,
}


def _entry(name: str = "bob") -> Entry:
    return Entry(name, Path("/class") / name, FOLDER, sources=(name,))


def test_a_manifest_reads_back_and_is_written_as_it_was():
    record = BatchRecord.from_plain(GRADED_MANIFEST)
    assert record is not None and record.status is SubmissionStatus.GRADED and record.has_grade
    assert record.score == 17.5 and record.parts == {"mle-mse": {"answer": 5, "derivation": 2.5}}
    assert list(record.to_plain()) == list(GRADED_MANIFEST) and record.to_plain() == GRADED_MANIFEST
    assert json.dumps(record.to_plain()) == json.dumps(GRADED_MANIFEST)
    # it also reads as the manifest, as the gradebook and the summary read a status.json
    assert record["score"] == 17.5 and record.get("late_penalty") == 1.0 and dict(record) == GRADED_MANIFEST


def test_a_failed_record_has_the_keys_of_a_failed_manifest():
    timed_out = BatchRecord.failed(_entry(), "f2", {"key": "batch.timeout", "params": {"seconds": "5"}}, 5.0004, timeout_seconds=5.0)
    plain = timed_out.to_plain()
    assert list(plain) == ["name", "source", "sources", "student", "lms_id", "late", "fingerprint", "status", "reason",
                           "score", "max_score", "problems", "seconds", "timeout_seconds"]
    assert plain["status"] == "could not be graded" == FAILED and plain["seconds"] == 5.0
    assert BatchRecord.from_plain(json.loads(json.dumps(plain))) == timed_out
    assert not timed_out.has_grade


def test_keys_of_another_version_are_kept_and_junk_is_not_a_record():
    newer = {**GRADED_MANIFEST, "reviewed_by": "TA Kim"}
    assert BatchRecord.from_plain(newer).to_plain() == newer
    assert BatchRecord.from_plain({"status": "pending"}) is None
    assert BatchRecord.from_plain({}) is None


def test_who_is_graded_again_although_nothing_changed():
    incomplete = BatchRecord.from_plain({**GRADED_MANIFEST, "status": "incomplete"})
    crashed = BatchRecord.failed(_entry(), "f", {"key": "batch.crashed", "params": {"how": "signal 9"}})
    refused = BatchRecord.failed(_entry(), "f", {"key": "zip.too_many_files", "params": {}})
    timed_out = BatchRecord.failed(_entry(), "f", {"key": "batch.timeout", "params": {}}, timeout_seconds=60.0)
    assert incomplete.grader_at_fault() and crashed.grader_at_fault()
    assert not refused.grader_at_fault() and not BatchRecord.from_plain(GRADED_MANIFEST).grader_at_fault()
    assert not timed_out.grader_at_fault(60.0) and timed_out.grader_at_fault(120.0) and not timed_out.grader_at_fault(None)
    assert grader_at_fault({**GRADED_MANIFEST, "status": "incomplete"}) and not grader_at_fault({"status": "?"})


def test_the_two_statuses_named_graded_are_two_types():
    assert GRADED == "graded" == ProblemStatus.GRADED and GRADED is SubmissionStatus.GRADED
    assert type(GRADED) is not type(ProblemStatus.GRADED)
    assert INCOMPLETE.value == "incomplete" and f"{FAILED}" == "could not be graded"


def test_load_record_reads_status_json(tmp_path):
    (tmp_path / "alice").mkdir()
    assert load_record(tmp_path / "alice") is None
    (tmp_path / "alice" / "status.json").write_text(json.dumps(GRADED_MANIFEST), encoding="utf-8")
    assert load_record(tmp_path / "alice") == BatchRecord.from_plain(GRADED_MANIFEST)
    (tmp_path / "alice" / "status.json").write_text("[1, 2]", encoding="utf-8")
    assert load_record(tmp_path / "alice") is None
