"""Batch grading: reports per submission, gradebook, class summary, resumability, containment."""

import csv
import dataclasses
import io
import json
import os
import signal
import stat
import time
import zipfile

import pytest
from click.testing import CliRunner
from report_samples import use_stub_course

import grader.derivations.derivation_problem  # defines the sentence problem.answers_unreadable
import grader.grading.pipeline
from grader.apps.batch import (
    FAILED,
    INCOMPLETE,
    BatchSettings,
    Progress,
    find_submissions,
    grade_batch,
    gradebook_csv,
    message_from_plain,
    message_to_plain,
    result_notes,
)
from grader.apps.cli import main
from grader.course.course import known_files
from grader.reading.files import UnwritableOutput
from grader.reading.submission import MAX_FILE_BYTES, find_root
from grader.reading.zipsafe import UnsafeZip, ZipLimits, unpack_zip
from grader.results.models import ERROR, MISSING, GradingResult, Message, ProblemResult

ANSWERS = "## mle-mse\nAnswer: $-\\log L(w,b)$ correct derive sign\n"


@pytest.fixture(autouse=True)
def stub_course(monkeypatch):
    use_stub_course(monkeypatch)


def make_dir(root, name, answers=ANSWERS):
    (root / name).mkdir(parents=True)
    (root / name / "answers.md").write_text(answers)
    return root / name


def make_zip(path, entries, symlinks=()):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
        for name, target in symlinks:
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, target)
    return path


def rows(out):
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as handle:
        return {row["name"]: row for row in csv.DictReader(handle)}


@pytest.fixture()
def root(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    make_dir(root, "alice")
    make_dir(root, "bob", "nothing here")
    make_zip(root / "carol.zip", {"carol/answers.md": ANSWERS, "__MACOSX/carol/._answers.md": "junk"})
    make_zip(root / "mallory.zip", {"../../evil.txt": "x"})
    (root / "eve.zip").write_bytes(b"this is not a zip")
    (root / "notes.txt").write_text("not a submission")
    (root / ".hidden").mkdir()
    return root


def quiet():
    return Progress(0, stream=io.StringIO())


def test_every_directory_and_zip_is_one_submission_with_reports_gradebook_and_summary(root, tmp_path):
    out = tmp_path / "out"
    outcome = grade_batch(root, out, BatchSettings(jobs=2), progress=quiet())
    assert (outcome.graded, outcome.failed, outcome.skipped) == (3, 2, 0)
    book = rows(out)
    assert sorted(book) == ["alice", "bob", "carol", "eve", "mallory"]
    assert book["alice"]["max"] == "20" and book["alice"]["total"] == "20" and book["alice"]["status"] == "graded"
    assert book["bob"]["total"] == "0" and book["bob"]["stub-one"] == "0"
    assert book["mallory"]["status"] == FAILED and ".." in book["mallory"]["note"]
    assert book["eve"]["status"] == FAILED and "zip" in book["eve"]["note"]
    for name in ("alice", "bob", "carol"):
        for report in ("report.html", "report.json", "report.md", "status.json"):
            assert (out / name / report).is_file(), (name, report)
    assert json.loads((out / "carol" / "report.json").read_text())["submission"] == "carol"
    summary = (out / "summary.html").read_text(encoding="utf-8")
    assert '<svg class="hist"' in summary and "mallory" in summary and "alice/report.html" in summary
    assert "sign-flip" in summary  # the diagnosed mistake, counted per student
    assert not (tmp_path / "evil.txt").exists() and not (root / "evil.txt").exists()


def test_rerun_skips_unchanged_regrades_changed_and_rebuilds_the_gradebook(root, tmp_path):
    out = tmp_path / "out"
    grade_batch(root, out, BatchSettings(jobs=2), progress=quiet())
    (out / "gradebook.csv").unlink()
    (out / "summary.html").unlink()
    (root / "alice" / "answers.md").write_text(ANSWERS + "\n## ce-mle\nAnswer: $y$\n")
    outcome = grade_batch(root, out, BatchSettings(jobs=2), progress=quiet())
    assert outcome.skipped == 4
    assert sorted(rows(out)) == ["alice", "bob", "carol", "eve", "mallory"]
    assert (out / "summary.html").is_file()
    changed = grade_batch(root, out, BatchSettings(jobs=2, lang="zh"), progress=quiet())
    assert changed.skipped == 0  # the language is part of the fingerprint


def test_an_interrupted_batch_loses_nothing_and_a_rerun_finishes(root, tmp_path):
    out = tmp_path / "out"
    seen = []

    def stop_after_two(record):
        seen.append(record["name"])
        if len(seen) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        grade_batch(root, out, BatchSettings(jobs=1), progress=quiet(), on_record=stop_after_two)
    assert set(rows(out)) == set(seen)
    outcome = grade_batch(root, out, BatchSettings(jobs=2), progress=quiet())
    assert outcome.skipped == 2 and len(outcome.records) == 5


def test_a_crash_a_hang_or_a_grader_bug_costs_only_that_submission(tmp_path, monkeypatch):
    root = tmp_path / "root"
    for name in ("crash", "hang", "boom", "fine"):
        make_dir(root, name)
    real = grader.grading.pipeline.grade_submission

    def fragile(path, **kwargs):
        name = os.path.basename(path)
        if name == "crash":
            os.kill(os.getpid(), signal.SIGKILL)
        if name == "hang":
            time.sleep(60)
        if name == "boom":
            raise RuntimeError("grader bug")
        return real(path, **kwargs)

    monkeypatch.setattr(grader.grading.pipeline, "grade_submission", fragile)
    out = tmp_path / "out"
    started = time.monotonic()
    outcome = grade_batch(root, out, BatchSettings(jobs=2, timeout_seconds=2), progress=quiet())
    assert time.monotonic() - started < 15
    book = rows(out)
    assert book["fine"]["status"] == "graded"
    assert "signal 9" in book["crash"]["note"]
    assert "longer than 2 s" in book["hang"]["note"]
    assert "RuntimeError: grader bug" in book["boom"]["note"]
    assert outcome.failed == 3
    summary = (out / "summary.html").read_text(encoding="utf-8")
    assert "grader bug" in summary
    # failures the grader may be to blame for are tried again on a rerun
    monkeypatch.setattr(grader.grading.pipeline, "grade_submission", real)
    again = grade_batch(root, out, BatchSettings(jobs=2), progress=quiet())
    assert again.skipped == 1 and again.failed == 0


def test_progress_is_plain_lines_off_a_terminal_with_elapsed_time_and_time_left():
    stream = io.StringIO()
    now = [100.0]
    progress = Progress(4, stream=stream, clock=lambda: now[0])
    progress.update({"name": "old", "status": "graded", "score": 1, "max_score": 100}, skipped=True)
    now[0] += 30
    progress.update({"name": "a", "status": "graded", "score": 7.5, "max_score": 100})
    now[0] += 3600
    progress.update({"name": "b", "status": FAILED, "reason": {"key": "batch.timeout", "params": {"seconds": 5}}})
    now[0] += 15
    progress.update({"name": "c", "status": "graded", "score": 2, "max_score": 100})
    assert stream.getvalue().splitlines() == [
        "[1/4] old: 1 / 100 (unchanged, skipped)",
        # the skipped submission took no time: 30 s per graded one, 2 left
        "[2/4] a: 7.5 / 100  [elapsed 0:30, about 1:00 left]",
        "[3/4] b: could not be graded: Grading this submission took longer than 5 s and was stopped.  [elapsed 1:00:30, about 30:15 left]",
        "[4/4] c: 2 / 100  [elapsed 1:00:45]",
    ]


def test_names_are_unique_and_the_output_directory_is_not_a_submission(tmp_path):
    make_dir(tmp_path, "alice")
    make_zip(tmp_path / "alice.zip", {"answers.md": ANSWERS})
    make_dir(tmp_path, "summary.html")
    (tmp_path / "out").mkdir()
    names = [e.name for e in find_submissions(tmp_path, exclude=[tmp_path / "out"])]
    assert len(names) == len(set(names)) == 3
    assert "alice" in names and "alice.zip" in names and "summary.html" not in names


def test_gradebook_cells_cannot_become_spreadsheet_formulas():
    text = gradebook_csv({"=cmd|' /C calc'!A0": {"status": "graded", "score": 1, "max_score": 2, "problems": {"p": 1}}}, ["p"])
    assert "'=cmd" in text


@pytest.mark.parametrize(
    "entries, symlinks, limits, key",
    [
        ({"/etc/passwd": "x"}, (), ZipLimits(), "zip.absolute_path"),
        ({"a/../../x": "x"}, (), ZipLimits(), "zip.parent_path"),
        ({"answers.md": "x"}, (("link.py", "/etc/passwd"),), ZipLimits(), "zip.special_file"),
        ({f"f{i}.txt": "x" for i in range(30)}, (), ZipLimits(max_files=10), "zip.too_many_files"),
        ({"answers.md": "x" * 5000}, (), ZipLimits(max_total_bytes=1000), "zip.too_large"),
        ({"answers.md": "\0" * (3 << 20)}, (), ZipLimits(), "zip.ratio"),
    ],
)
def test_unsafe_zips_are_refused_with_a_reason(tmp_path, entries, symlinks, limits, key):
    archive = make_zip(tmp_path / "s.zip", entries, symlinks)
    target = tmp_path / "target"
    target.mkdir()
    with pytest.raises(UnsafeZip) as refused:
        unpack_zip(archive, target, limits)
    assert refused.value.message.key == key
    assert str(refused.value)
    assert not (tmp_path / "x").exists() and not (target / "link.py").exists()


def test_a_zipped_folder_is_unpacked_to_its_root(tmp_path):
    archive = make_zip(tmp_path / "s.zip", {"hw/answers.md": ANSWERS, "hw/backprop.py": "x = 1\n", "__MACOSX/hw/._x": "j"})
    target = tmp_path / "target"
    target.mkdir()
    assert unpack_zip(archive, target) == target  # the course's files tell where the submission is
    root = find_root(target, known=known_files())
    assert root == target / "hw" and (root / "answers.md").read_text() == ANSWERS
    assert not (target / "__MACOSX").exists()


def test_macosx_hidden_and_dunder_folders_are_not_students(tmp_path):
    make_dir(tmp_path, "alice")
    for name in ("__MACOSX", "__pycache__", ".git"):
        make_dir(tmp_path, name)
    make_zip(tmp_path / "__MACOSX.zip", {"answers.md": ANSWERS})
    assert [e.name for e in find_submissions(tmp_path)] == ["alice"]
    outcome = grade_batch(tmp_path, tmp_path / "out", BatchSettings(jobs=1), progress=quiet())
    assert sorted(outcome.records) == ["alice"] and sorted(rows(tmp_path / "out")) == ["alice"]


def test_a_wrapped_folder_is_graded_and_a_change_inside_it_is_seen(tmp_path):
    root = tmp_path / "root"
    make_dir(root / "dave", "hw3", "nothing")
    (root / "dave" / "__MACOSX").mkdir()
    out = tmp_path / "out"
    first = grade_batch(root, out, BatchSettings(jobs=1), progress=quiet())
    assert first.records["dave"]["score"] == 0
    (root / "dave" / "hw3" / "answers.md").write_text(ANSWERS)
    second = grade_batch(root, out, BatchSettings(jobs=1), progress=quiet())
    assert second.skipped == 0 and second.records["dave"]["score"] == 20
    assert json.loads((out / "dave" / "report.json").read_text())["submission"] == "dave"


def test_an_incomplete_grade_is_regraded_on_a_rerun(tmp_path, monkeypatch):
    root = tmp_path / "root"
    make_dir(root, "alice")
    make_dir(root, "bob")
    real = grader.grading.pipeline.grade_submission

    def flaky(path, **kwargs):
        result = real(path, **kwargs)
        if os.path.basename(path) != "alice":
            return result
        broken = dataclasses.replace(result.problems[0], status=ERROR, error=Message("grader.internal_error", {"error": "flaky"}))
        return dataclasses.replace(result, problems=(broken, *result.problems[1:]))

    monkeypatch.setattr(grader.grading.pipeline, "grade_submission", flaky)
    out = tmp_path / "out"
    first = grade_batch(root, out, BatchSettings(jobs=1), progress=quiet())
    assert first.records["alice"]["status"] == INCOMPLETE and first.incomplete == 1
    assert first.summary() == "2 graded (1 incomplete), 0 could not be graded"
    monkeypatch.setattr(grader.grading.pipeline, "grade_submission", real)
    again = grade_batch(root, out, BatchSettings(jobs=1), progress=quiet())
    assert again.skipped == 1 and again.records["alice"]["status"] == "graded"
    assert (again.graded, again.unchanged_graded, again.incomplete) == (2, 1, 0)


def test_the_summary_counts_add_up_to_the_submissions(root, tmp_path):
    out = tmp_path / "out"
    first = grade_batch(root, out, BatchSettings(jobs=2), progress=quiet())
    assert first.summary() == "3 graded, 2 could not be graded"
    (root / "alice" / "answers.md").write_text(ANSWERS + "\nmore\n")
    again = grade_batch(root, out, BatchSettings(jobs=2), progress=quiet())
    assert again.graded + again.failed == len(again.records) == 5
    assert again.summary() == "3 graded (2 unchanged), 2 could not be graded (2 unchanged)"
    done = CliRunner().invoke(main, ["batch", str(root), "--out", str(out), "--jobs", "1"])
    assert done.exit_code == 0, done.output
    assert "3 graded (3 unchanged), 2 could not be graded (2 unchanged);" in done.output


def test_an_unwritable_output_directory_is_an_error_message(root, tmp_path):
    (tmp_path / "file").write_text("a file")
    for out in (tmp_path / "file" / "out", "/proc/nope"):
        done = CliRunner().invoke(main, ["batch", str(root), "--out", str(out)])
        assert done.exit_code == 1 and "cannot write to" in done.output, done.output
        assert isinstance(done.exception, SystemExit) and "Traceback" not in done.output
    with pytest.raises(UnwritableOutput):
        grade_batch(root, tmp_path / "file" / "out", BatchSettings(jobs=1), progress=quiet())


def test_an_unreadable_answers_md_gets_a_note_in_the_gradebook(tmp_path):
    root = tmp_path / "root"
    make_dir(root, "huge", "correct derive\n" + "x" * (MAX_FILE_BYTES + 1))
    make_dir(root, "fine")
    out = tmp_path / "out"
    grade_batch(root, out, BatchSettings(jobs=1), progress=quiet())
    book = rows(out)
    assert book["huge"]["status"] == "graded" and book["huge"]["total"] == "0"
    assert "answers.md could not be read" in book["huge"]["note"] and "larger than 2048 KiB" in book["huge"]["note"]
    assert book["fine"]["note"] == ""


def test_the_real_courses_answers_unreadable_note_survives_the_manifest():
    inner = Message("submission.file_unreadable", {"file": "answers.md", "reason": "it is larger than 2048 KiB"})
    error = Message("problem.answers_unreadable", {"reason": inner})
    result = GradingResult("s", 1, tuple(ProblemResult(pid, "t", "derivation", MISSING, 0.0, 10.0, error=error) for pid in ("a", "b")))
    notes = result_notes(result)
    assert notes == [error]
    stored = json.loads(json.dumps({"status": "graded", "score": 0, "max_score": 20, "notes": [message_to_plain(n) for n in notes]}))
    assert message_from_plain(stored["notes"][0]) == error
    text = gradebook_csv({"s": stored}, ["a", "b"])
    assert "answers.md could not be read: The file answers.md could not be read: it is larger than 2048 KiB." in text


def test_workers_grade_several_submissions_each_and_are_replaced_without_losing_one(tmp_path, monkeypatch):
    import grader.apps.batch_workers

    monkeypatch.setattr(grader.apps.batch_workers, "JOBS_PER_WORKER", 2)
    root = tmp_path / "root"
    names = [f"s{k:02d}" for k in range(7)]
    for name in names:
        make_dir(root, name)
    pids = []
    real = grader.grading.pipeline.grade_submission

    def noting_the_worker(path, **kwargs):
        (tmp_path / f"pid-{os.path.basename(path)}").write_text(str(os.getpid()))
        return real(path, **kwargs)

    monkeypatch.setattr(grader.grading.pipeline, "grade_submission", noting_the_worker)
    out = tmp_path / "out"
    outcome = grade_batch(root, out, BatchSettings(jobs=2), progress=quiet())
    assert outcome.graded == 7 and set(rows(out)) == set(names)
    pids = [(tmp_path / f"pid-{name}").read_text() for name in names]
    assert len(set(pids)) < 7  # a worker grades more than one
    assert all(pids.count(pid) <= 2 for pid in set(pids))  # and is retired after JOBS_PER_WORKER
