"""The course staff's workflow around `grade batch`: honest reruns, the roster and gradebook, exports
to Canvas and Moodle, sharding over processes and merging (the fixtures' shapes: tests/SOURCES.md)."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from report_samples import use_stub_course

import grader.apps.batch
import grader.grading.pipeline
from grader.apps.batch import BatchSettings, Progress, UnknownSubmission, grade_batch
from grader.apps.cli import main
from grader.apps.roster import load_roster, parse_roster
from grader.apps.shard import ShardError, parse_shard

GOOD = "correct derive\n"
TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent


@pytest.fixture(autouse=True)
def stub_course(monkeypatch):
    use_stub_course(monkeypatch)


def quiet():
    return Progress(0, stream=io.StringIO())


def make_class(root: Path, names, text=GOOD):
    for name in names:
        (root / name).mkdir(parents=True, exist_ok=True)
        (root / name / "answers.md").write_text(text, encoding="utf-8")
    return root


def regraded(outcome):
    return len(outcome.records) - outcome.skipped


def test_editing_a_problem_module_the_rubric_or_the_version_regrades_everything_and_nothing_else_does(tmp_path, monkeypatch):
    root = make_class(tmp_path / "root", [f"s{k}" for k in range(5)])
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "bonus.py").write_text("PROBLEM = None  # version 1\n")
    out = tmp_path / "out"

    def run(**options):
        settings = BatchSettings(jobs=2, options={"problem_dirs": [str(extra)], **options})
        return grade_batch(root, out, settings, progress=quiet())

    assert regraded(run()) == 5
    assert regraded(run()) == 0
    (extra / "bonus.py").write_text("PROBLEM = None  # version 2\n")
    grader.apps.batch._SOURCE_DIGESTS.clear()  # a new process would hash the edited module again
    assert regraded(run()) == 5
    (extra / "picture.png").write_bytes(b"not a source file")
    grader.apps.batch._SOURCE_DIGESTS.clear()
    assert regraded(run()) == 0
    assert regraded(run(points={"stub-one": {"answer": 5}})) == 5  # a rubric's points are options
    monkeypatch.setattr(grader.apps.batch, "__version__", "9.9.9")
    assert regraded(run(points={"stub-one": {"answer": 5}})) == 5
    # a file of one student that the contract does not name still counts (a notebook, a helper module)
    (root / "s3" / "helpers.py").write_text("x = 1\n")
    again = run(points={"stub-one": {"answer": 5}})
    assert regraded(again) == 1


def test_the_grader_source_hashed_is_the_package_problems_reference_and_templates():
    folders = grader.apps.batch.source_folders()
    assert sorted(f.name for f in folders) == ["grader", "problems", "reference", "templates"]
    assert all(f.resolve() != REPO for f in folders)  # README, tests and docs grade nothing
    assert len(grader.apps.batch.source_digest(())) == 64


def test_force_and_only_regrade_on_demand(tmp_path):
    root = make_class(tmp_path / "root", ["ann", "ben", "cat"])
    out = tmp_path / "out"
    grade_batch(root, out, BatchSettings(jobs=1), progress=quiet())
    assert regraded(grade_batch(root, out, BatchSettings(jobs=1), progress=quiet(), force=True)) == 3
    (root / "cat" / "answers.md").write_text("nothing")
    only = grade_batch(root, out, BatchSettings(jobs=1), progress=quiet(), only=["ben"])
    assert regraded(only) == 1 and only.records["cat"]["score"] == 20  # cat waits until asked for
    with pytest.raises(UnknownSubmission, match="no submission named zed"):
        grade_batch(root, out, BatchSettings(jobs=1), progress=quiet(), only=["zed"])
    done = CliRunner().invoke(main, ["batch", str(root), "--out", str(out), "--jobs", "1", "--only", "cat"])
    assert done.exit_code == 0, done.output
    assert "3 graded (2 unchanged)" in done.output


def test_a_timeout_is_not_paid_again_under_the_same_grader_and_files(tmp_path, monkeypatch):
    root = make_class(tmp_path / "root", ["slow", "fine"])
    real = grader.grading.pipeline.grade_submission

    def slow(path, **kwargs):
        if os.path.basename(path) == "slow":
            time.sleep(60)
        return real(path, **kwargs)

    monkeypatch.setattr(grader.grading.pipeline, "grade_submission", slow)
    out = tmp_path / "out"
    first = grade_batch(root, out, BatchSettings(jobs=2, timeout_seconds=2), progress=quiet())
    assert first.records["slow"]["reason"]["key"] == "batch.timeout"
    started = time.monotonic()
    second = grade_batch(root, out, BatchSettings(jobs=2, timeout_seconds=2), progress=quiet())
    assert second.skipped == 2 and time.monotonic() - started < 30  # the slow one would sleep 60 s: skipped, not rerun
    longer = grade_batch(root, out, BatchSettings(jobs=2, timeout_seconds=3), progress=quiet())
    assert longer.skipped == 1  # a longer timeout is a new chance


ROSTER = """\ufeffStudent ID,Name,Email,Section
1001,张三,zhang.san@uni.example,A
1002,Jane Doe,jdoe@uni.example,B
1003,Li Si,lisi@uni.example,A
"""


def test_a_roster_gives_every_student_a_row_with_id_email_and_chinese_names_intact(tmp_path):
    root = make_class(tmp_path / "root", ["张三", "jdoe", "stranger"])
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    out = tmp_path / "out"
    done = CliRunner().invoke(main, ["batch", str(root), "--out", str(out), "--jobs", "1", "--roster", str(tmp_path / "roster.csv")])
    assert done.exit_code == 0, done.output
    raw = (out / "gradebook.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "张三".encode() in raw
    table = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["id"] for r in table] == ["1001", "1002", "1003", ""]
    by_id = {r["id"]: r for r in table}
    assert by_id["1001"]["name"] == "张三" and by_id["1001"]["submission"] == "张三" and by_id["1001"]["total"] == "20"
    assert by_id["1002"]["email"] == "jdoe@uni.example" and by_id["1002"]["submission"] == "jdoe" and by_id["1002"]["Section"] == "B"
    assert by_id["1003"]["status"] == "no submission" and by_id["1003"]["total"] == ""
    assert table[3]["submission"] == "stranger" and "not on the roster" in table[3]["note"]
    assert table[0]["stub-one/answer"] == "4" and table[0]["stub-one/derivation"] == "6"
    summary = (out / "summary.html").read_text(encoding="utf-8")
    assert "Li Si" in summary
    assert "Submissions that match nobody on the roster" in summary and "<p>stranger</p>" in summary
    # the roster stays in force for a rerun without --roster
    grade_batch(root, out, BatchSettings(jobs=1), progress=quiet())
    assert "Li Si" in (out / "gradebook.csv").read_text(encoding="utf-8-sig")


def test_rosters_from_spreadsheets_are_read_and_bad_ones_refused(tmp_path):
    roster = parse_roster("学号;姓名;邮箱\n1;王五;w@x.cn\n")
    assert roster.students[0].id == "1" and roster.students[0].name == "王五"
    with pytest.raises(Exception, match="header row"):
        parse_roster("a,b\n1,2\n")
    with pytest.raises(Exception, match="twice"):
        parse_roster("id,name\n1,a\n1,b\n")
    (tmp_path / "r.csv").write_bytes(b"")
    with pytest.raises(Exception, match="empty"):
        load_roster(tmp_path / "r.csv")


def test_export_gradebook_writes_canvas_and_moodle_imports(tmp_path):
    root = make_class(tmp_path / "root", ["张三", "jdoe"])
    (root / "jdoe" / "answers.md").write_text("correct\n")
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    out = tmp_path / "out"
    grade_batch(root, out, BatchSettings(jobs=1), progress=quiet(), roster=load_roster(tmp_path / "roster.csv"))
    for fmt in ("canvas", "moodle"):
        target = tmp_path / f"{fmt}.csv"
        done = CliRunner().invoke(main, ["export-gradebook", str(out), "--format", fmt, "-o", str(target), "--assignment", "HW3", "--assignment-id", "77"])
        assert done.exit_code == 0, done.output
    canvas = list(csv.reader(io.StringIO((tmp_path / "canvas.csv").read_text(encoding="utf-8-sig"))))
    assert canvas[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "HW3 (77)"]
    assert canvas[1] == ["Points Possible", "", "", "", "", "20"]
    assert canvas[2] == ["张三", "1001", "", "zhang.san@uni.example", "A", "20"]
    assert canvas[3][0] == "Jane Doe" and canvas[3][-1] == "8"
    assert canvas[4] == ["Li Si", "1003", "", "lisi@uni.example", "A", "0"]  # no submission: 0
    moodle = list(csv.reader(io.StringIO((tmp_path / "moodle.csv").read_text(encoding="utf-8-sig"))))
    assert moodle[0] == ["Email address", "ID number", "Full name", "HW3", "Feedback comments"]
    assert moodle[1][:4] == ["zhang.san@uni.example", "1001", "张三", "20"]
    assert moodle[3][3:] == ["0", "no submission"]
    done = CliRunner().invoke(main, ["export-gradebook", str(root), "--format", "canvas", "-o", str(tmp_path / "x.csv")])
    assert done.exit_code == 2 and "not the output of grade batch" in done.output


def test_shards_come_from_the_option_or_the_engines_environment():
    assert parse_shard("1/4", {}) == parse_shard("auto", {"SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "4"})
    assert parse_shard("auto/3", {"JOB_COMPLETION_INDEX": "2"}).index == 2
    for bad, env in (("4/4", {}), ("x/2", {}), ("2", {}), ("auto", {}), ("auto", {"JOB_COMPLETION_INDEX": "0"})):
        with pytest.raises(ShardError):
            parse_shard(bad, env)
    names = [f"student{k}" for k in range(40)]
    shares = [[n for n in names if parse_shard(f"{k}/4", {}).takes(n)] for k in range(4)]
    assert sorted(n for share in shares for n in share) == sorted(names) and all(shares)


#: A child process: the grader's CLI on the stub course (the test's monkeypatching does not cross a process).
CHILD = """
import sys
sys.path.insert(0, {tests!r})
import grader.course.course, grader.grading.pipeline
from report_samples import STUB_COURSE
grader.grading.pipeline.load_course = lambda *a, **k: list(STUB_COURSE)
grader.course.course.load_course = lambda *a, **k: list(STUB_COURSE)
from grader.apps.cli import main
main(sys.argv[1:])
"""


def test_four_shard_processes_merged_give_the_gradebook_of_one_batch(tmp_path):
    names = [f"student{k:02d}" for k in range(20)]
    root = make_class(tmp_path / "root", names)
    for k, name in enumerate(names):
        (root / name / "answers.md").write_text(["correct derive\n", "correct\n", "derive sign\n", "x\n"][k % 4])
    (root / "stray.txt").write_text("not a submission")
    script = CHILD.format(tests=str(TESTS))
    env = {**os.environ, "PYTHONPATH": str(REPO)}

    def grade(*args):
        return subprocess.Popen([sys.executable, "-c", script, *args], cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    shards = [grade("batch", str(root), "--out", str(tmp_path / f"shard{k}"), "--jobs", "1", "--shard", f"{k}/4") for k in range(4)]
    for process in shards:
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err.decode()[-2000:]
    whole = grade("batch", str(root), "--out", str(tmp_path / "whole"), "--jobs", "2")
    _, err = whole.communicate(timeout=300)
    assert whole.returncode == 0, err.decode()[-2000:]
    done = CliRunner().invoke(main, ["merge", *[str(tmp_path / f"shard{k}") for k in range(4)], "--out", str(tmp_path / "merged")])
    assert done.exit_code == 0, done.output
    merged = (tmp_path / "merged" / "gradebook.csv").read_bytes()
    assert merged == (tmp_path / "whole" / "gradebook.csv").read_bytes()
    assert len(merged.decode("utf-8-sig").splitlines()) == 21
    sizes = [len([p for p in (tmp_path / f"shard{k}").iterdir() if p.is_dir()]) for k in range(4)]
    assert sum(sizes) == 20 and all(sizes)
    summary = (tmp_path / "merged" / "summary.html").read_text(encoding="utf-8")
    assert "stray.txt" in summary and "student07/report.html" in summary


def book(out):
    return {r["submission"]: r for r in csv.DictReader(io.StringIO((out / "gradebook.csv").read_text(encoding="utf-8-sig")))}


def test_an_override_survives_reruns_and_shows_in_the_report_and_gradebook(tmp_path):
    root = make_class(tmp_path / "root", ["ann", "ben", "cat"])
    (root / "ben" / "answers.md").write_text("correct\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "overrides.csv").write_text(
        "student,problem,part,points,delta,comment\nben,stub-one,derivation,5,,regrade request: step 2 is right\n", encoding="utf-8"
    )
    command = ["batch", str(root), "--out", str(out), "--jobs", "1"]
    for run in range(4):  # the first run and 3 reruns
        done = CliRunner().invoke(main, command)
        assert done.exit_code == 0, done.output
        row = book(out)["ben"]
        assert row["total"] == "13" and row["stub-one/derivation"] == "5", row
        assert "stub-one/derivation 0 -> 5 (regrade request: step 2 is right)" in row["adjustments"]
        if run:
            assert "3 graded (3 unchanged)" in done.output
    report = (out / "ben" / "report.md").read_text(encoding="utf-8")
    assert "TA's adjustment of stub-one/derivation: 0 → 5 points (regrade request: step 2 is right)" in report
    # a delta, kept within the part's points; only that student is graded again
    (out / "overrides.csv").write_text("student,problem,part,points,delta,comment\nben,stub-one,derivation,,+9,generous\n", encoding="utf-8")
    done = CliRunner().invoke(main, command)
    assert "3 graded (2 unchanged)" in done.output and book(out)["ben"]["stub-one/derivation"] == "6"
    (out / "overrides.csv").write_text("student,problem,part,points,delta,comment\nzed,stub-one,derivation,1,,x\n", encoding="utf-8")
    done = CliRunner().invoke(main, command)
    assert done.exit_code == 1 and "line 2: 'zed' matches no submission" in done.output


def test_a_late_submission_loses_its_percent_per_day_up_to_the_cap(tmp_path):
    root = make_class(tmp_path / "root", ["early", "late", "very-late"])
    deadline = 1_800_000_000
    for name, days in (("early", -1), ("late", 1.5), ("very-late", 9)):
        os.utime(root / name / "answers.md", (deadline + days * 86400, deadline + days * 86400))
    out = tmp_path / "out"
    done = CliRunner().invoke(main, ["batch", str(root), "--out", str(out), "--jobs", "1",
                                     "--deadline", "2027-01-15T08:00:00+00:00", "--late-per-day", "10", "--late-cap", "30"])
    assert done.exit_code == 0, done.output
    rows = book(out)
    assert (rows["early"]["total"], rows["late"]["total"], rows["very-late"]["total"]) == ("20", "16", "14")
    assert rows["late"]["late_penalty"] == "4" and rows["early"]["late_penalty"] == "0"
    assert "2 day(s) late: 20% of the grade was deducted (4 points)" in (out / "late" / "report.md").read_text(encoding="utf-8")
    # the instructor sees the penalty on the submission's line, in the summary, and where the times came from
    assert "late: 16 / 20 (2 day(s) late: -20%)" in done.output
    assert "late: 2 of 3 submissions handed in after 2027-01-15T08:00:00+00:00 lost points; times from the files' modification times" in done.output
    summary = (out / "summary.html").read_text(encoding="utf-8")
    assert "TA&#39;s adjustments and late penalty" in summary and "9 day(s) late: -30%" in summary
    # and the student reads it in Moodle's feedback
    exported = CliRunner().invoke(main, ["export-gradebook", str(out), "--format", "moodle", "-o", str(tmp_path / "moodle.csv")])
    assert exported.exit_code == 0, exported.output
    feedback = {r["Full name"]: r["Feedback comments"] for r in csv.DictReader(io.StringIO((tmp_path / "moodle.csv").read_text(encoding="utf-8-sig")))}
    assert feedback["late"] == "2 day(s) late: -20%." and feedback["early"] == ""


def test_what_the_grader_cannot_read_goes_to_a_ta(tmp_path):
    root = make_class(tmp_path / "root", ["typed", "photo", "words", "huge"])
    (root / "huge" / "answers.md").write_text("correct derive " + "x" * (3 << 20))
    (root / "photo" / "answers.md").write_text("## stub-one\nAnswer: correct\n\n![my derivation](IMG_2041.jpg)\n")
    (root / "words" / "answers.md").write_text(
        "## stub-two\nFirst I take the log of the likelihood, then I differentiate it with respect to w and set it to zero, which gives the normal equations.\n"
    )
    out = tmp_path / "out"
    grade_batch(root, out, BatchSettings(jobs=1), progress=quiet())
    manual = list(csv.DictReader(io.StringIO((out / "manual.csv").read_text(encoding="utf-8-sig"))))
    assert [(m["submission"], m["problem"], m["kind"]) for m in manual] == [
        ("huge", "stub-one", "too large"), ("huge", "stub-two", "too large"), ("photo", "stub-one", "image"), ("words", "stub-two", "prose"),
    ]
    assert "over the size limit" in (out / "huge" / "report.md").read_text(encoding="utf-8")
    assert "Your derivation for stub-one is an image: the grader reads LaTeX ($$ ... $$); a TA will grade it." in (out / "photo" / "report.html").read_text(encoding="utf-8")
    summary = (out / "summary.html").read_text(encoding="utf-8")
    assert "For a TA to grade by hand" in summary and "words/report.html" in summary
    # the staff's pages speak to the TA, the report to the student
    assert manual[2]["reason"].startswith("The derivation is a picture (a photo or a screenshot), not LaTeX: grade it by hand")
    assert "Your derivation" not in summary and "grade it by hand and enter the points in overrides.csv" in summary


def test_moodle_online_text_alone_goes_to_a_ta(tmp_path):
    root = tmp_path / "root"
    typed = root / "Ann Typed_31_assignsubmission_onlinetext_"
    typed.mkdir(parents=True)
    (typed / "onlinetext.html").write_text("<p>$$ y = w x $$ and my code: def affine_forward(...)</p>")
    files = root / "Ben Files_32_assignsubmission_file_"
    files.mkdir()
    (files / "answers.md").write_text(GOOD)
    (root / "Ben Files_32_assignsubmission_onlinetext_").mkdir()
    (root / "Ben Files_32_assignsubmission_onlinetext_" / "onlinetext.html").write_text("<p>see files</p>")
    out = tmp_path / "out"
    grade_batch(root, out, BatchSettings(jobs=1), progress=quiet())
    manual = list(csv.DictReader(io.StringIO((out / "manual.csv").read_text(encoding="utf-8-sig"))))
    assert [(m["submission"], m["kind"]) for m in manual] == [("Ann Typed_31", "online text")]
    assert manual[0]["reason"].startswith("Only Moodle's online text was handed in (no files)")
    assert "You typed your work into Moodle's online text" in (out / "Ann Typed_31" / "report.md").read_text(encoding="utf-8")
    assert "Ann Typed_31</a></td><td>—</td>" in (out / "summary.html").read_text(encoding="utf-8")


def test_the_lms_time_in_the_roster_wins_over_the_files_times(tmp_path):
    root = make_class(tmp_path / "root", ["ann", "ben"])  # files written now: long after the deadline
    (tmp_path / "roster.csv").write_text(
        "id,name,email,Last modified (submission)\n"
        "1,ann,ann@x.org,\"Friday, 15 January 2027, 07:59 AM\"\n"
        "2,ben,ben@x.org,2027-01-16T09:00:00Z\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    done = CliRunner().invoke(main, ["batch", str(root), "--out", str(out), "--jobs", "1", "--roster", str(tmp_path / "roster.csv"),
                                     "--deadline", "2027-01-15T08:00:00Z", "--late-per-day", "25"])
    assert done.exit_code == 0, done.output
    rows = book(out)
    assert rows["ann"]["total"] == "20" and rows["ben"]["total"] == "10" and rows["ben"]["late_penalty"] == "10"
    assert "late: 1 of 2 submissions handed in after 2027-01-15T08:00:00Z lost points; times from the roster's submission times" in done.output
