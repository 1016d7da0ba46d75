"""The staff's workflow under attack: hostile archives and names in each class layout, Canvas names
that impersonate a classmate, hostile notebooks, CSV injection in the gradebook and its exports,
markup in similarity.html and summary.html, and broken roster and overrides files.

The course is the stub course (tests/report_samples.py) so that a class grades in seconds; what is
attacked here is the workflow around the grading (unpacking, naming, reading, writing), which is
the same for every course.  The archives and notebooks are made here, after the patterns listed in
tests/SOURCES.md.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import re
import tarfile
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from report_samples import use_stub_course

from grader.apps.batch import BatchSettings, Progress, grade_batch, terminal_text
from grader.apps.cli import main
from grader.apps.course_notebooks import course_notebook_view
from grader.apps.gradebook import export_csv, spreadsheet_safe
from grader.apps.overrides import OverridesError, check_known, parse_overrides
from grader.apps.roster import RosterError, load_roster, parse_roster
from grader.course.course import known_files, load_course
from grader.reading.layouts import OUTPUT_MARKER, recognise
from grader.reading.notebook import convert, read_cells
from grader.reading.zipsafe import UnsafeZip, unpack_tar

GOOD = "## stub\nAnswer: correct, derive\n"  # 20 / 20 in the stub course
COURSE = load_course()  # the real course's problems (the tests below grade with the stub course)
POOR = "nothing useful\n"  # 0 / 20


@pytest.fixture(autouse=True)
def stub_course(monkeypatch):
    use_stub_course(monkeypatch)


def quiet():
    return Progress(0, stream=io.StringIO())


def cells_of(path: Path) -> list[list[str]]:
    """Every row of a CSV the grader wrote (BOM first)."""
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def book(out: Path) -> dict[str, dict[str, str]]:
    return {r["submission"]: r for r in csv.DictReader(io.StringIO((out / "gradebook.csv").read_text(encoding="utf-8-sig")))}


def tar_with(path: Path, members: list[tuple[tarfile.TarInfo, bytes | None]], mode: str = "w:gz") -> Path:
    with tarfile.open(path, mode, format=tarfile.GNU_FORMAT) as archive:
        for info, data in members:
            if data is not None:
                info.size = len(data)
                archive.addfile(info, io.BytesIO(data))
            else:
                archive.addfile(info)
    return path


def regular(name: str, data: bytes = b"x\n") -> tuple[tarfile.TarInfo, bytes]:
    return tarfile.TarInfo(name), data


def special(name: str, kind: bytes, target: str = "") -> tuple[tarfile.TarInfo, None]:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = target
    return info, None


def extended_header_bomb(path: Path, kind: bytes, declared: int) -> Path:
    """A gzip'd tar whose first header (a GNU long name, or PAX attributes) declares `declared`
    bytes of zeros: a few hundred kilobytes on disk."""
    info = tarfile.TarInfo("././@LongLink" if kind == tarfile.GNUTYPE_LONGNAME else "././@PaxHeader")
    info.type = kind
    info.size = declared
    with gzip.open(path, "wb", compresslevel=1) as out:
        out.write(info.tobuf(format=tarfile.GNU_FORMAT))
        chunk = b"a" * (1 << 20)
        for _ in range(declared >> 20):
            out.write(chunk)
    return path


# --- archives -----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [tarfile.GNUTYPE_LONGNAME, tarfile.XHDTYPE])
def test_a_tar_whose_extended_header_declares_a_huge_size_is_refused_before_it_is_read(tmp_path, kind):
    bomb = extended_header_bomb(tmp_path / "bomb.tar.gz", kind, 160 << 20)
    assert bomb.stat().st_size < 2 << 20
    tracemalloc.start()
    try:
        with pytest.raises(UnsafeZip) as refused:
            unpack_tar(bomb, tmp_path / "into")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # tarfile alone reads such a header into memory whole (160 MiB here, gigabytes in 64 MiB of gzip)
    assert peak < 48 << 20, f"{peak >> 20} MiB held while refusing"
    assert "larger than 32 MiB" in str(refused.value)


def test_hostile_tars_each_refused_with_its_reason_and_nothing_written_outside(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    answers = ("answers.md", GOOD.encode())
    hostile = {
        "symlink": [regular(*answers), special("notes.md", tarfile.SYMTYPE, "/etc/passwd")],
        "hardlink": [regular(*answers), special("copy.md", tarfile.LNKTYPE, "answers.md")],
        "device": [regular(*answers), special("tty", tarfile.CHRTYPE)],
        "fifo": [regular(*answers), special("pipe", tarfile.FIFOTYPE)],
        "dotdot": [regular(*answers), regular("../../escaped-by-dotdot.md")],
        "absolute": [regular(*answers), regular(str(tmp_path / "escaped-absolute.md"))],
        "crowded": [regular(*answers), *(regular(f"f{i}.txt") for i in range(400))],
        "long-name": [regular(*answers), regular("n" * 300 + ".md")],
        "twice": [regular(*answers), regular("answers.md", POOR.encode())],
    }
    for name, members in hostile.items():
        tar_with(root / f"{name}.tar.gz", members)
    odd_names = [regular(*answers), regular("new\nline.md"), regular("bell\x07\x1b[2J.md"), regular("bytes-\udcff\udcfe.md")]
    tar_with(root / "odd-names.tgz", odd_names)  # names a filesystem takes: graded
    tar_with(root / "honest.tar.gz", [regular(*answers)])
    out = tmp_path / "out"
    outcome = grade_batch(root, out, BatchSettings(jobs=1), progress=quiet())
    reasons = {name: json.dumps(r.get("reason")) for name, r in outcome.records.items()}
    assert outcome.records["honest"]["score"] == 20 and outcome.records["odd-names"]["score"] == 20
    expected = {
        "symlink": "tar.special_file", "hardlink": "tar.special_file", "device": "tar.special_file", "fifo": "tar.special_file",
        "dotdot": "tar.parent_path", "absolute": "tar.absolute_path", "crowded": "tar.too_many_files",
        "long-name": "tar.unreadable", "twice": "tar.duplicate",
    }
    for name, key in expected.items():
        assert outcome.records[name]["status"] == "could not be graded" and key in reasons[name], (name, reasons[name])
    assert not list(tmp_path.rglob("escaped-*"))
    # the gradebook has one line per row and every refusal in words
    rows = cells_of(out / "gradebook.csv")
    assert len(rows) == 1 + len(hostile) + 2
    assert all(not re.search(r"[\x00-\x1f]", cell) for row in rows for cell in row)


def test_a_tar_in_a_zip_in_a_moodle_folder_is_not_unpacked_twice(tmp_path):
    root = tmp_path / "root"
    inner = tar_with(tmp_path / "inner.tar.gz", [regular("answers.md", GOOD.encode())])
    folder = root / "Eve Evil_1234_assignsubmission_file_"
    folder.mkdir(parents=True)
    with zipfile.ZipFile(folder / "eve.zip", "w") as archive:
        archive.write(inner, "inner.tar.gz")
    honest = root / "Ann Able_1235_assignsubmission_file_"
    honest.mkdir()
    (honest / "answers.md").write_text(GOOD)
    outcome = grade_batch(root, tmp_path / "out", BatchSettings(jobs=1), progress=quiet())
    eve = outcome.records["Eve Evil_1234"]
    assert not eve["manual"]
    assert eve["status"] != "could not be graded" and eve["score"] == 0  # a file in the submission, nothing more
    assert outcome.records["Ann Able_1235"]["score"] == 20


def test_a_student_folder_holding_the_output_marker_is_still_graded(tmp_path):
    root = tmp_path / "root"
    for name in ("mallory", "Mal Lory_77_assignsubmission_file_"):
        folder = root / name
        folder.mkdir(parents=True)
        (folder / "answers.md").write_text(GOOD)
        (folder / OUTPUT_MARKER).write_text("written by grade batch\n")
        (folder / "gradebook.csv").write_text("id\n")
        (folder / "summary.html").write_text("<html></html>")
    old_output = root / "old-out"  # an earlier run's output inside ROOT is still skipped
    old_output.mkdir()
    (old_output / OUTPUT_MARKER).write_text("x\n")
    layout = recognise(root, known=known_files())
    assert sorted(e.name for e in layout.entries) == ["Mal Lory_77", "mallory"]
    assert [s.name for s in layout.skipped] == ["old-out"]
    outcome = grade_batch(root, tmp_path / "out", BatchSettings(jobs=1), progress=quiet())
    assert {n: r["score"] for n, r in outcome.records.items()} == {"Mal Lory_77": 20, "mallory": 20}


def test_names_that_are_not_utf8_are_graded_and_written_as_escapes(tmp_path):
    """A class zip unpacked from a Windows machine keeps GBK names: bytes that are not UTF-8."""
    root = tmp_path / "root"
    root.mkdir()
    gbk = "张三".encode("gbk")
    raw = os.fsencode(root)
    os.mkdir(raw + b"/" + gbk)
    with open(raw + b"/" + gbk + b"/answers.md", "w") as handle:
        handle.write(GOOD)
    with open(raw + b"/" + gbk + b"/notes-" + gbk + b".md", "w") as handle:  # a file of the folder too
        handle.write("x")
    moodle = raw + b"/" + gbk + b"_42_assignsubmission_file_"
    os.mkdir(moodle)
    with open(moodle + b"/answers.md", "w") as handle:
        handle.write(GOOD)
    with open(raw + b"/" + gbk + b"_7_8_answers.md", "w") as handle:  # Canvas's name
        handle.write(GOOD)
    with open(raw + b"/loose-" + gbk + b".txt", "w") as handle:
        handle.write("x")
    out = tmp_path / "out"
    done = CliRunner().invoke(main, ["batch", str(root), "--out", str(out), "--jobs", "1"])
    assert done.exit_code == 0, done.output
    assert "3 graded" in done.output and "loose-\\xd5\\xc5\\xc8\\xfd.txt" in done.output
    graded = book(out)
    assert sorted(graded) == ["\\xd5\\xc5\\xc8\\xfd", "\\xd5\\xc5\\xc8\\xfd_42", "\\xd5\\xc5\\xc8\\xfd_7"]
    assert all(r["total"] == "20" for r in graded.values())
    json.loads((out / "class.json").read_text(encoding="utf-8"))
    again = CliRunner().invoke(main, ["batch", str(root), "--out", str(out), "--jobs", "1"])
    assert "3 graded (3 unchanged)" in again.output, again.output
    assert CliRunner().invoke(main, ["similarity", str(root), "--out", str(tmp_path / "sim")]).exit_code == 0


def test_control_characters_in_names_never_reach_the_terminal_raw(tmp_path):
    root = tmp_path / "root"
    forged = "x\r[1/3] alice: 20 / 20\x1b[2K\x1b]0;pwned\x07"
    for name in ("alice", forged):
        (root / name).mkdir(parents=True)
        (root / name / "answers.md").write_text(POOR)
    (root / "loose\x1b[31m.txt").write_text("x")
    stream = io.StringIO()
    grade_batch(root, tmp_path / "out", BatchSettings(jobs=1), progress=Progress(2, stream=stream))
    shown = stream.getvalue()
    assert "\x1b" not in shown and "\r" not in shown and "\x07" not in shown
    assert shown.count("\n") == 2  # one line per submission, none forged
    done = CliRunner().invoke(main, ["batch", str(root), "--out", str(tmp_path / "out2"), "--jobs", "1"])
    assert done.exit_code == 0, done.output
    assert "\x1b" not in done.output and "\r" not in done.output
    assert terminal_text("a\x1bb\nc") == "a\\u001bb\\nc"


def test_students_named_like_the_batchs_own_files_do_not_take_their_place(tmp_path):
    root = tmp_path / "root"
    for name in ("overrides.csv", "Class.json", "gradebook.csv"):
        (root / name).mkdir(parents=True)
        (root / name / "answers.md").write_text(GOOD)
    with zipfile.ZipFile(root / "class.json.zip", "w") as archive:
        archive.writestr("answers.md", GOOD)
    out = tmp_path / "out"
    out.mkdir()
    rows = "student,problem,part,points,delta,comment\nplain,stub-one,derivation,1,,x\n"
    (out / "overrides.csv").write_text(rows, encoding="utf-8")
    (root / "plain").mkdir()
    (root / "plain" / "answers.md").write_text(GOOD)
    done = CliRunner().invoke(main, ["batch", str(root), "--out", str(out), "--jobs", "1"])
    assert done.exit_code == 0, done.output
    graded = book(out)
    assert len(graded) == 5 and all(r["status"] == "graded" and r["total"] for r in graded.values()), graded
    assert "stub-one/derivation 6 -> 1 (x)" in graded["plain"]["adjustments"]  # the TA's file was read and is still a file
    assert (out / "overrides.csv").read_text(encoding="utf-8") == rows and (out / "class.json").is_file()


def test_an_output_folder_in_the_submissions_is_refused_before_anything_is_written(tmp_path):
    root = tmp_path / "root"
    for name in ("ann", "ben"):
        (root / name).mkdir(parents=True)
        (root / name / "answers.md").write_text(GOOD)
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    for out, said in ((root, "is the class folder itself"), (root / "ann", "a student's"), (root / "ann" / "graded", "inside ann")):
        done = CliRunner().invoke(main, ["batch", str(root), "--out", str(out), "--jobs", "1"])
        assert done.exit_code == 1 and said in done.output, done.output
        assert sorted(p.relative_to(root) for p in root.rglob("*")) == before
    done = CliRunner().invoke(main, ["batch", str(root), "--out", str(root / "graded"), "--jobs", "1"])  # a new folder in ROOT
    assert done.exit_code == 0 and "2 graded" in done.output, done.output
    done = CliRunner().invoke(main, ["batch", str(root), "--out", str(root / "graded"), "--jobs", "1"])  # and again
    assert done.exit_code == 0 and "2 graded (2 unchanged)" in done.output, done.output


# --- Canvas names ---------------------------------------------------------------------------------


def test_a_canvas_upload_named_like_a_classmate_stays_with_its_author(tmp_path):
    """Canvas writes the student's prefix (name, user id, submission id) before whatever the student
    named the file: a file named like another student's download is still its uploader's."""
    root = tmp_path / "root"
    root.mkdir()
    (root / "alicesmith_101_900_answers.md").write_text(GOOD)
    (root / "bobjones_202_901_answers.md").write_text(POOR)
    # Bob uploads files named as Alice's would be downloaded, a resubmission of hers included
    (root / "bobjones_202_901_alicesmith_101_902_answers.md").write_text(POOR)
    (root / "bobjones_202_901_alicesmith_101_900_answers-9.md").write_text(POOR)
    with zipfile.ZipFile(root / "bobjones_202_901_bob.zip", "w") as archive:
        archive.writestr("alicesmith_101_900_answers.md", POOR)
    (root / "answers.md").write_text(POOR)  # a file Canvas never writes: skipped, said so
    layout = recognise(root, known=known_files())
    entries = {e.name: e for e in layout.entries}
    assert sorted(entries) == ["alicesmith_101", "bobjones_202"]
    assert entries["alicesmith_101"].sources == ("alicesmith_101_900_answers.md",)
    assert len(entries["bobjones_202"].sources) == 4
    assert [s.name for s in layout.skipped] == ["answers.md"]
    outcome = grade_batch(root, tmp_path / "out", BatchSettings(jobs=1), progress=quiet())
    assert outcome.records["alicesmith_101"]["score"] == 20 and outcome.records["bobjones_202"]["score"] == 0
    assert sum(len(e.sources) for e in layout.entries) + len(layout.skipped) == layout.items


def test_two_canvas_submissions_of_one_student_keep_the_later(tmp_path):
    """Two downloads merged into one folder: the higher submission id is the later submission,
    whichever order the names sort in."""
    root = tmp_path / "root"
    root.mkdir()
    (root / "annlee_5_99_answers-3.md").write_text(POOR)  # an upload of the earlier submission
    (root / "annlee_5_100_answers.md").write_text(GOOD)
    layout = recognise(root, known=known_files())
    assert [e.files[0][1].name for e in layout.entries] == ["annlee_5_100_answers.md"]
    assert [s.name for s in layout.skipped] == ["annlee_5_99_answers-3.md"]


# --- notebooks ----------------------------------------------------------------------------------


def notebook(cells: list[tuple[str, str]]) -> str:
    return json.dumps(
        {"nbformat": 4, "nbformat_minor": 4, "metadata": {},
         "cells": [{"cell_type": kind, "metadata": {}, "source": source, **({"outputs": [], "execution_count": None} if kind == "code" else {})}
                   for kind, source in cells]}
    )


def test_broken_and_huge_notebooks_are_read_as_nothing_quickly(tmp_path):
    cases = {
        "not-json.ipynb": "{ this is not json",
        "nested.ipynb": "[" * 200_000 + "]" * 200_000,
        "wrong-shape.ipynb": json.dumps({"cells": "nope", "nbformat": 4}),
        "binary.ipynb": "\x00\x01\x02",
        "too-big.ipynb": notebook([("markdown", "x" * (33 << 20))]),
    }
    for name, text in cases.items():
        path = tmp_path / name
        path.write_text(text)
        started = time.monotonic()
        assert read_cells(path) == [], name
        assert time.monotonic() - started < 30, name


def test_a_broken_notebook_is_named_in_the_report_and_the_gradebook(tmp_path):
    root = tmp_path / "root"
    (root / "kim").mkdir(parents=True)
    (root / "kim" / "homework.ipynb").write_text('{"cells": [{"cell_type": "markdown", "source": "## stub')  # saved halfway
    (root / "lee").mkdir()
    (root / "lee" / "homework.ipynb").write_text(notebook([("markdown", GOOD)]))
    out = tmp_path / "out"
    outcome = grade_batch(root, out, BatchSettings(jobs=1), progress=quiet())
    assert outcome.records["lee"]["score"] == 20 and outcome.records["kim"]["score"] == 0
    said = "The notebook homework.ipynb could not be read"
    assert said in (out / "kim" / "report.md").read_text(encoding="utf-8")
    assert said in book(out)["kim"]["note"] and said not in book(out)["lee"]["note"]


def test_a_notebook_cell_of_many_thousand_lines_is_converted_in_seconds():
    # ast.get_source_segment re-splits the whole cell on every call: minutes for this cell
    cell = "\n".join(f"w{i} = {i}" for i in range(20_000)) + "\ndef perceptron_predict(w, x):\n    return 1\n"
    started = time.monotonic()
    files = convert([("code", cell)], {"perceptron.py": ("perceptron_predict",)})
    assert time.monotonic() - started < 60
    assert "w19999 = 19999" in files["perceptron.py"] and "def perceptron_predict" in files["perceptron.py"]


def test_nothing_of_a_notebook_runs_in_the_grader_and_magics_and_redefinitions_are_handled(tmp_path):
    marker = tmp_path / "ran"
    touch = f"open({str(marker)!r}, 'w').close()"
    cells = [
        ("markdown", "## stub\nAnswer: correct, derive\n\n<script>alert('md')</script>"),
        ("code", f"import os\n{touch}\n%matplotlib inline\n!pip install torch\nx = 1"),
        ("code", f"@(lambda f: ({touch}, f)[1])\ndef perceptron_predict(w, x):\n    return 0\n"),
        ("code", "%%bash\nrm -rf /\n"),
        ("code", "%%time\ndef perceptron_predict(w, x):\n    return 1\n"),
        ("code", f"def perceptron_train(x, y, epochs=({touch})):\n    return None\n{touch}"),
    ]
    folder = tmp_path / "class" / "student"
    folder.mkdir(parents=True)
    (folder / "work.ipynb").write_text(notebook(cells))
    files = convert(read_cells(folder / "work.ipynb"), {"perceptron.py": ("perceptron_train", "perceptron_predict")})
    code = files["perceptron.py"]
    assert not marker.exists()
    # both definitions kept in order (the last one wins on import, as in the notebook), the work dropped
    assert code.index("return 0") < code.index("return 1")
    assert "rm -rf" not in code and "pip install" not in code and code.count(touch) == 2  # decorator and default
    compile(code, "perceptron.py", "exec")  # valid Python, parsed only
    with course_notebook_view(folder) as view:
        assert "<script>" in (view / "answers.md").read_text()
    assert not marker.exists()
    outcome = grade_batch(tmp_path / "class", tmp_path / "out", BatchSettings(jobs=1), progress=quiet())
    assert outcome.records["student"]["score"] == 20
    page = (tmp_path / "out" / "student" / "report.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page
    assert not marker.exists()


# --- CSV injection ------------------------------------------------------------------------------

FORMULAS = ["=1+1", "+1+1", "-1+1", "@SUM(A1)", " =cmd|' /C calc'!A0", "\t=1", "\r=1", "＝1+1", "=HYPERLINK(\"http://x\",\"y\")"]


def formula_free(rows: list[list[str]]) -> None:
    for row in rows:
        for cell in row:
            assert not re.search(r"[\x00-\x1f\x7f]", cell), repr(cell)
            assert not cell.lstrip().startswith(("=", "+", "-", "@", "＝")), repr(cell)


@pytest.mark.parametrize("text", FORMULAS + ["a\nb", "tab\there", "nul\x00byte"])
def test_spreadsheet_safe_defuses_formulas_and_control_characters(text):
    formula_free([[spreadsheet_safe(text)]])


def test_formulas_in_roster_overrides_and_names_never_reach_a_spreadsheet(tmp_path):
    root = tmp_path / "root"
    names = ["=1+1", "@SUM(A1)", "plain"]
    for name in names:
        (root / name).mkdir(parents=True)
        (root / name / "answers.md").write_text(GOOD)
    roster = tmp_path / "roster.csv"
    roster.write_text(
        'id,name,email,=evil header\n'
        '=1+1,"=HYPERLINK(""http://x"",""click"")",-a@b.c,+1\n'
        '@SUM(A1),"Multi\nLine\tName",x@y.z,=2\n'
        'plain,"-Minus, Person",p@q.r,"\r=3"\n'
        'absent,"+Nobody",n@o.p,x\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    out.mkdir()
    (out / "overrides.csv").write_text(
        'student,problem,part,points,delta,comment\nplain,stub-one,derivation,,-1,"=HYPERLINK(""http://evil"",""regrade"")"\n', encoding="utf-8"
    )
    done = CliRunner().invoke(main, ["batch", str(root), "--out", str(out), "--jobs", "1", "--roster", str(roster)])
    assert done.exit_code == 0, done.output
    rows = cells_of(out / "gradebook.csv")
    formula_free(rows)
    assert len(rows) == 1 + 4  # a line per student: no name split a row
    assert any("'=HYPERLINK" in cell for row in rows for cell in row)
    formula_free(cells_of(out / "manual.csv"))
    for fmt in ("canvas", "moodle"):
        exported = tmp_path / f"{fmt}.csv"
        done = CliRunner().invoke(main, ["export-gradebook", str(out), "--format", fmt, "-o", str(exported)])
        assert done.exit_code == 0, done.output
        formula_free(cells_of(exported))
    records = {"x": {"name": "x", "student": "=1", "score": 5, "max_score": 20, "status": "graded"}}
    formula_free(list(csv.reader(io.StringIO(export_csv(records, "canvas", assignment="=Homework")[1:]))))


# --- HTML -----------------------------------------------------------------------------------------

HOSTILE_NAME = "<img src=x onerror=alert(1)>\"'</td>"


def test_similarity_and_summary_escape_every_student_text(tmp_path):
    root = tmp_path / "root"
    code = (
        "def perceptron_predict(w, x):\n"
        "    s = '</td></pre><script>alert(\"code\")</script>'\n"
        "    total = 0\n    for i in range(len(w)):\n        total = total + w[i] * x[i]\n"
        "    return 1 if total > 0 else -1  # \" ' <b>\n"
        "\n\ndef perceptron_train(x, y, epochs=5):\n    w = [0.0] * len(x[0])\n"
        "    for _ in range(epochs):\n        for xi, yi in zip(x, y):\n"
        "            if perceptron_predict(w, xi) != yi:\n                w = [a + yi * b for a, b in zip(w, xi)]\n    return w\n"
    )
    for name in (HOSTILE_NAME, "javascript:alert(2)", "plain"):
        (root / name).mkdir(parents=True)
        (root / name / "perceptron.py").write_text(code)
        (root / name / "answers.md").write_text("## stub-one\n$$ <script>alert(3)</script> = 1 $$\n")
    out = tmp_path / "sim"
    done = CliRunner().invoke(main, ["similarity", str(root), "--out", str(out)])
    assert done.exit_code == 0, done.output
    page = (out / "similarity.html").read_text(encoding="utf-8")
    assert "<script" not in page and "<img" not in page and "</td></pre>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page  # shown, as text
    grade_batch(root, tmp_path / "out", BatchSettings(jobs=1), progress=quiet())
    summary = (tmp_path / "out" / "summary.html").read_text(encoding="utf-8")
    assert "<script" not in summary and "<img" not in summary
    assert 'href="javascript:' not in summary


# --- roster and overrides -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, line",
    [
        ('id,name\n1,"Ann\n2,Ben\n3,Cat\n', 2),  # an unclosed quote would swallow the class after it
        ("id,name\n1," + "x" * 200_000 + "\n", 2),
        ('id,name\n1,Ann\n1,Ann again\n', 3),
    ],
)
def test_a_broken_roster_names_its_line(text, line):
    with pytest.raises(RosterError, match=f"line {line}"):
        parse_roster(text)


@pytest.mark.parametrize(
    "text, line",
    [
        ('student,problem,part,points,comment\nann,stub-one,derivation,3,"fine\nben,stub-one,derivation,2,x\n', 2),
        ('student,problem,part,points,comment\n\n\nann,stub-one,derivation,three,x\n', 4),
        ('student,problem,part,points,comment\nann,stub-one,derivation,nan,x\n', 2),
        ('student,problem,part,points,delta,comment\nann,stub-one,derivation,1,2,x\n', 2),
        ('student,problem,part,points,comment\nann,stub-one,derivation,"1"x,y\n', 2),
    ],
)
def test_a_broken_overrides_file_names_its_line(text, line):
    with pytest.raises(OverridesError, match=f"line {line}"):
        parse_overrides(text)


@pytest.mark.parametrize(
    "row, said",
    [
        ("ann,backprop,affine_backwards,1,x", "line 2: backprop has no part 'affine_backwards'"),
        ("ann,backprop,,1,x", "line 2: backprop has several parts, say which"),
        ("ann,l2-shrinkage,answer-c,1,x", "line 2: l2-shrinkage has no part 'answer-c'"),
        ("ann,mle-mse,derivaton,1,x", "line 2: mle-mse has no part 'derivaton'"),
        ("ann,mle_mse,derivation,1,x", "line 2: there is no problem 'mle_mse'"),
    ],
)
def test_an_override_of_a_part_the_course_does_not_have_names_its_line(row, said):
    rows = parse_overrides("student,problem,part,points,comment\n" + row + "\n")
    with pytest.raises(OverridesError, match=re.escape(said)):
        check_known(rows, COURSE)
    good = parse_overrides("student,problem,part,points,comment\nann,backprop,affine_backward,1,x\nann,l2-shrinkage,derivation,1,x\n")
    check_known(good, COURSE)


def test_bad_rosters_and_overrides_stop_the_run_with_a_message_and_lose_nothing(tmp_path):
    root = tmp_path / "root"
    for name in ("ann", "ben"):
        (root / name).mkdir(parents=True)
        (root / name / "answers.md").write_text(GOOD)
    out = tmp_path / "out"
    command = ["batch", str(root), "--out", str(out), "--jobs", "1"]
    assert CliRunner().invoke(main, command).exit_code == 0
    before = (out / "gradebook.csv").read_bytes()
    bad = {
        "nobody": ("student,problem,part,points,comment\nzed,stub-one,derivation,1,x\n", "line 2: 'zed' matches no submission"),
        "no problem": ("student,problem,part,points,comment\nann,stub-nine,derivation,1,x\n", "line 2: there is no problem 'stub-nine'"),
        "unclosed": ('student,problem,part,points,comment\nann,stub-one,derivation,1,"x\n', "line 2: not readable as CSV"),
        "no columns": ("who,what\nann,1\n", "needs the columns"),
        "binary": ("\x00\x01PK\x03\x04", "needs the columns"),
    }
    for case, (text, said) in bad.items():
        (out / "overrides.csv").write_text(text, encoding="utf-8")
        done = CliRunner().invoke(main, command)
        assert done.exit_code == 1 and said in done.output, (case, done.output)
        assert ("Traceback" not in done.output and done.exception is None) or isinstance(done.exception, SystemExit)
        assert (out / "gradebook.csv").read_bytes() == before, case
    (out / "overrides.csv").unlink()
    roster = tmp_path / "roster.csv"
    for text, said in (('id,name\nann,"Ann\nben,Ben\n', "line 2"), ("", "is empty"), ("x;y\n1;2\n", "needs a header row")):
        roster.write_text(text, encoding="utf-8")
        done = CliRunner().invoke(main, [*command, "--roster", str(roster)])
        assert done.exit_code == 1 and said in done.output, done.output
        assert (out / "gradebook.csv").read_bytes() == before
    with pytest.raises(RosterError, match="cannot read"):
        load_roster(tmp_path)
    roster.write_bytes("id,name\n1,Ann\n2,张三\n".encode("gbk"))  # Excel's "CSV" on a Chinese Windows
    done = CliRunner().invoke(main, [*command, "--roster", str(roster)])
    assert done.exit_code == 1 and "line 3: not UTF-8 text" in done.output, done.output
    (out / "overrides.csv").write_bytes("student,problem,part,points,comment\nann,stub-one,derivation,1,très bien\n".encode("cp1252"))
    done = CliRunner().invoke(main, command)
    assert done.exit_code == 1 and "overrides.csv, line 2: not UTF-8 text" in done.output, done.output
    assert (out / "gradebook.csv").read_bytes() == before
