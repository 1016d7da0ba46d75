"""Class layouts of `grade batch`: a folder, an archive (zip, tar.gz, tgz) per student, Moodle's and
Canvas's downloads; every student graded end to end, every other item of ROOT listed with a reason.

The fixtures are written here in the shapes those systems' download documentation describes
(see tests/SOURCES.md); the course is the stub course, so that a class of 20+ grades in seconds.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tarfile
import zipfile

import pytest
from click.testing import CliRunner
from report_samples import use_stub_course

from grader.apps.batch import BatchSettings, Progress, grade_batch
from grader.apps.cli import main
from grader.course.course import known_files
from grader.reading.layouts import ARCHIVE_LAYOUT, CANVAS_LAYOUT, FOLDER_LAYOUT, MOODLE_LAYOUT, NOTEBOOK_LAYOUT, recognise
from grader.reading.zipsafe import UnsafeZip, ZipLimits, unpack_tar

GOOD = "## stub\nAnswer: correct, derive\n"  # 20 / 20 in the stub course
POOR = "nothing useful\n"  # 0 / 20
CLASS = 21


@pytest.fixture(autouse=True)
def stub_course(monkeypatch):
    use_stub_course(monkeypatch)


def quiet():
    return Progress(0, stream=io.StringIO())


def gradebook(out):
    raw = (out / "gradebook.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel reads the names as written
    return {row["submission"]: row for row in csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))}


def make_tar(path, files, mode="w:gz", extra=()):
    with tarfile.open(path, mode) as archive:
        for name, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        for info in extra:
            archive.addfile(info)
    return path


def make_zip(path, files):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return path


def assert_adds_up(outcome, root):
    layout = outcome.layout
    used = sum(len(e.sources) for e in layout.entries)
    assert used + len(layout.skipped) == layout.items == len(os.listdir(root))
    assert outcome.graded + outcome.failed == len(layout.entries) == len(outcome.records)


@pytest.mark.slow  # grade batch's worker processes
def test_a_folder_per_student(tmp_path):
    root = tmp_path / "root"
    for k in range(CLASS):
        (root / f"student{k:02d}" / ("hw" if k % 3 == 0 else "")).mkdir(parents=True, exist_ok=True)
        (root / f"student{k:02d}" / ("hw" if k % 3 == 0 else "") / "answers.md").write_text(GOOD)
    (root / "README.txt").write_text("instructions")
    outcome = grade_batch(root, tmp_path / "out", BatchSettings(jobs=2), progress=quiet())
    assert outcome.layout.layouts == (FOLDER_LAYOUT,)
    assert outcome.graded == CLASS and outcome.failed == 0
    assert [s.name for s in outcome.layout.skipped] == ["README.txt"]
    assert all(row["total"] == "20" for row in gradebook(tmp_path / "out").values())
    assert_adds_up(outcome, root)


@pytest.mark.slow  # grade batch's worker processes
def test_an_archive_per_student_zip_tar_gz_and_tgz(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    for k in range(CLASS):
        name = f"student{k:02d}"
        files = {f"{name}/answers.md": GOOD, f"{name}/._answers.md": "AppleDouble junk"}
        if k % 3 == 0:
            make_zip(root / f"{name}.zip", files)
        elif k % 3 == 1:
            make_tar(root / f"{name}.tar.gz", files)
        else:
            make_tar(root / f"{name}.tgz", files)
    make_tar(root / "evil.tar.gz", {"../escape.md": "x"})
    outcome = grade_batch(root, tmp_path / "out", BatchSettings(jobs=2), progress=quiet())
    assert outcome.layout.layouts == (ARCHIVE_LAYOUT,)
    book = gradebook(tmp_path / "out")
    assert all(book[f"student{k:02d}"]["total"] == "20" for k in range(CLASS))
    assert book["evil"]["status"] == "could not be graded" and ".." in book["evil"]["note"]
    assert not (tmp_path / "escape.md").exists() and not (root / "escape.md").exists()
    assert_adds_up(outcome, root)


@pytest.mark.slow  # grade batch's worker processes
def test_a_moodle_download_a_folder_per_student_holding_one_archive(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    for k in range(CLASS):
        folder = root / f"Student Number{k:02d}_{4000 + k}_assignsubmission_file_"
        folder.mkdir()
        if k % 2:
            make_zip(folder / "homework3.zip", {"homework3/answers.md": GOOD})
        else:
            make_tar(folder / "hw.tar.gz", {"answers.md": GOOD})
    # an online text beside a file submission is not a second submission
    (root / "Student Number00_4000_assignsubmission_onlinetext_").mkdir()
    (root / "Student Number00_4000_assignsubmission_onlinetext_" / "onlinetext.html").write_text("<p>see the zip</p>")
    outcome = grade_batch(root, tmp_path / "out", BatchSettings(jobs=2), progress=quiet())
    assert outcome.layout.layouts == (MOODLE_LAYOUT,)
    assert outcome.graded == CLASS and outcome.failed == 0
    book = gradebook(tmp_path / "out")
    assert book["Student Number05_4005"]["total"] == "20"
    assert book["Student Number05_4005"]["id"] == "4005" and book["Student Number05_4005"]["name"] == "Student Number05"
    assert [s.reason.startswith("Moodle's onlinetext") for s in outcome.layout.skipped] == [True]
    assert_adds_up(outcome, root)


@pytest.mark.slow  # grade batch's worker processes
def test_a_canvas_flat_download_grouped_by_student_with_the_latest_resubmission(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    for k in range(CLASS):
        prefix = f"doe{chr(97 + k)}jane_{7000 + k}_{90000 + k}"
        if k % 4 == 0:  # resubmitted twice: only the -2 upload is the latest
            (root / f"{prefix}_answers.md").write_text(POOR)
            (root / f"{prefix}_answers-1.md").write_text(POOR)
            (root / f"{prefix}_answers-2.md").write_text(GOOD)
        elif k % 4 == 1:  # late
            (root / f"doe{chr(97 + k)}jane_LATE_{7000 + k}_{90000 + k}_answers.md").write_text(GOOD)
        else:
            (root / f"{prefix}_answers.md").write_text(GOOD)
        (root / f"{prefix}_backprop.py").write_text("")
    (root / "grades.txt").write_text("a loose file")
    outcome = grade_batch(root, tmp_path / "out", BatchSettings(jobs=2), progress=quiet())
    assert outcome.layout.layouts == (CANVAS_LAYOUT,)
    assert outcome.graded == CLASS and outcome.failed == 0
    book = gradebook(tmp_path / "out")
    assert len(book) == CLASS and all(row["total"] == "20" for row in book.values()), book
    assert book["doeajane_7000"]["id"] == "7000"
    late = next(r for n, r in outcome.records.items() if n.startswith("doebjane"))
    assert late["late"] is True
    reasons = {s.name: s.reason for s in outcome.layout.skipped}
    assert "an older upload of answers.md" in reasons["doeajane_7000_90000_answers.md"]
    assert "answers-2.md is the latest" in reasons["doeajane_7000_90000_answers-1.md"]
    assert "loose file" in reasons["grades.txt"]
    assert_adds_up(outcome, root)
    # the latest upload changes: the cache sees it
    (root / "doeajane_7000_90000_answers-3.md").write_text(POOR)
    again = grade_batch(root, tmp_path / "out", BatchSettings(jobs=1), progress=quiet())
    assert again.records["doeajane_7000"]["score"] == 0 and again.skipped == CLASS - 1


@pytest.mark.slow  # grade batch's worker processes
def test_an_old_output_folder_in_root_is_never_a_submission(tmp_path):
    root = tmp_path / "root"
    (root / "alice").mkdir(parents=True)
    (root / "alice" / "answers.md").write_text(GOOD)
    grade_batch(root, root / "results", BatchSettings(jobs=1), progress=quiet())
    os.rename(root / "results", root / "results-old")
    (root / "older").mkdir()  # an output of a version before the marker: its gradebook and summary give it away
    (root / "older" / "gradebook.csv").write_text("name\n")
    (root / "older" / "summary.html").write_text("<html></html>")
    layout = recognise(root, exclude=[tmp_path / "out"], known=known_files())
    assert [e.name for e in layout.entries] == ["alice"]
    assert {s.name: s.reason for s in layout.skipped} == {
        "older": "the output folder of an earlier `grade batch`",
        "results-old": "the output folder of an earlier `grade batch`",
    }


@pytest.mark.parametrize(
    "member, key",
    [
        ({"name": "link.py", "type": tarfile.SYMTYPE, "linkname": "/etc/passwd"}, "tar.special_file"),
        ({"name": "hard.py", "type": tarfile.LNKTYPE, "linkname": "answers.md"}, "tar.special_file"),
        ({"name": "dev", "type": tarfile.CHRTYPE}, "tar.special_file"),
        ({"name": "/abs.md"}, "tar.absolute_path"),
        ({"name": "a/../../up.md"}, "tar.parent_path"),
    ],
)
def test_unsafe_tar_archives_are_refused_with_a_reason(tmp_path, member, key):
    info = tarfile.TarInfo(member.pop("name"))
    for attribute, value in member.items():
        setattr(info, attribute, value)
    archive = make_tar(tmp_path / "s.tar.gz", {"answers.md": GOOD}, extra=[info])
    target = tmp_path / "target"
    target.mkdir()
    with pytest.raises(UnsafeZip) as refused:
        unpack_tar(archive, target)
    assert refused.value.message.key == key and str(refused.value)
    assert not (tmp_path / "up.md").exists() and not (target / "link.py").exists()


def test_tar_bombs_and_too_many_entries_are_refused(tmp_path):
    bomb = make_tar(tmp_path / "bomb.tgz", {"answers.md": "\0" * (4 << 20)})
    with pytest.raises(UnsafeZip) as refused:
        unpack_tar(bomb, tmp_path / "t1")
    assert refused.value.message.key == "tar.ratio"
    many = make_tar(tmp_path / "many.tar", {f"f{k}.txt": "x" for k in range(30)}, mode="w")
    with pytest.raises(UnsafeZip) as refused:
        unpack_tar(many, tmp_path / "t2", ZipLimits(max_files=10))
    assert refused.value.message.key == "tar.too_many_files"
    with pytest.raises(UnsafeZip) as refused:
        unpack_tar(make_tar(tmp_path / "big.tar", {"answers.md": "x" * 5000}, mode="w"), tmp_path / "t3", ZipLimits(max_total_bytes=1000))
    assert refused.value.message.key == "tar.too_large"
    (tmp_path / "junk.tgz").write_bytes(b"not a tar at all")
    with pytest.raises(UnsafeZip) as refused:
        unpack_tar(tmp_path / "junk.tgz", tmp_path / "t4")
    assert refused.value.message.key == "tar.bad"


def test_the_cli_says_which_layout_it_recognised_and_lists_what_it_skipped(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    for k in range(3):
        (root / f"smith{k}john_{100 + k}_{200 + k}_answers.md").write_text(GOOD)
    (root / "notes.docx").write_text("x")
    done = CliRunner().invoke(main, ["batch", str(root), "--out", str(tmp_path / "out"), "--jobs", "1"])
    assert done.exit_code == 0, done.output
    assert "a Canvas download (all files in one folder): 3 submissions from 3 items of ROOT, 1 skipped" in done.output
    assert "skipped notes.docx: a loose file" in done.output
    summary = (tmp_path / "out" / "summary.html").read_text(encoding="utf-8")
    assert "Canvas download" in summary and "notes.docx" in summary
    assert "Its 4 items: 3 in 3 submissions, 1 skipped" in summary
    facts = json.loads((tmp_path / "out" / "class.json").read_text(encoding="utf-8"))
    assert facts["layouts"] == [CANVAS_LAYOUT] and facts["items"] == 4


@pytest.mark.slow  # grade batch's worker processes
def test_a_notebook_per_student_and_notebooks_in_folders(tmp_path):
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    def book(text):
        return nbformat.writes(new_notebook(cells=[new_markdown_cell("## stub"), new_code_cell("x = 1"), new_markdown_cell(text)]))

    root = tmp_path / "root"
    root.mkdir()
    for k in range(CLASS):
        if k % 2:
            (root / f"student{k:02d}.ipynb").write_text(book(GOOD))
        else:
            (root / f"student{k:02d}").mkdir()
            (root / f"student{k:02d}" / "hw.ipynb").write_text(book(GOOD))
    (root / "broken.ipynb").write_text("{not json")
    outcome = grade_batch(root, tmp_path / "out", BatchSettings(jobs=2), progress=quiet())
    assert set(outcome.layout.layouts) == {NOTEBOOK_LAYOUT, FOLDER_LAYOUT}
    table = gradebook(tmp_path / "out")
    assert all(table[f"student{k:02d}"]["total"] == "20" for k in range(CLASS))
    assert table["broken"]["total"] == "0" and table["broken"]["status"] == "graded"
    assert_adds_up(outcome, root)
