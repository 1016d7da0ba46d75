import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from click.testing import CliRunner
from report_samples import use_stub_course

from grader.apps.cli import main
from grader.course.course import known_files
from grader.reading.submission import find_root

#: The default course's files (by which a wrapping folder is told from the submission's own).
KNOWN = known_files()


def test_json_report_is_one_object_and_lists_all_nine_problems(tmp_path):
    (tmp_path / "answers.md").write_text("## mle-mse\nAnswer: $x$\n")
    result = CliRunner().invoke(main, [str(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert [p["id"] for p in report["problems"]] == [
        "mle-mse", "ce-mle", "softmax-ce-grad", "l2-shrinkage", "xavier-variance",
        "backprop", "batchnorm", "perceptron", "optimizers",
    ]
    assert report["max_score"] == 100
    assert isinstance(report["seed"], int)


def test_a_missing_submission_is_a_usage_error_not_a_zero(tmp_path):
    result = CliRunner().invoke(main, [str(tmp_path / "nope"), "--format", "json"])
    assert result.exit_code == 2 and "does not exist" in result.output
    assert '"score"' not in result.output


def test_a_file_that_is_not_a_zip_is_a_usage_error(tmp_path):
    (tmp_path / "answers.md").write_text("## mle-mse\n")
    result = CliRunner().invoke(main, [str(tmp_path / "answers.md")])
    assert result.exit_code == 2 and "neither a directory nor a .zip" in result.output


def make_zip(path, entries):
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


STUB_ANSWERS = "correct derive\n"


def test_a_zip_is_graded_like_the_batch_grades_it(tmp_path, monkeypatch):
    use_stub_course(monkeypatch)
    archive = make_zip(tmp_path / "sub.zip", {"hw3/answers.md": STUB_ANSWERS, "__MACOSX/hw3/._answers.md": "junk"})
    result = CliRunner().invoke(main, [str(archive), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["submission"] == str(archive) and report["score"] == 20


def test_a_refused_zip_is_a_clear_error(tmp_path, monkeypatch):
    use_stub_course(monkeypatch)
    archive = make_zip(tmp_path / "evil.zip", {"../../evil.txt": "x", "answers.md": STUB_ANSWERS})
    result = CliRunner().invoke(main, [str(archive)])
    assert result.exit_code == 1 and "zip file was refused" in result.output and ".." in result.output
    assert not isinstance(result.exception, (OSError, ValueError)) and "Traceback" not in result.output
    assert not (tmp_path.parent / "evil.txt").exists()
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"not a zip at all")
    result = CliRunner().invoke(main, [str(broken)])
    assert result.exit_code == 1 and "not a readable zip" in result.output


def test_files_wrapped_in_folders_are_found_and_the_report_names_the_path_given(tmp_path, monkeypatch):
    use_stub_course(monkeypatch)
    inner = tmp_path / "upload" / "hw3" / "hw3"
    inner.mkdir(parents=True)
    (inner / "answers.md").write_text(STUB_ANSWERS)
    (tmp_path / "upload" / "__MACOSX" / "hw3").mkdir(parents=True)
    (tmp_path / "upload" / ".git").mkdir()
    (tmp_path / "upload" / "README.txt").write_text("loose files beside the folder do not matter")
    result = CliRunner().invoke(main, [str(tmp_path / "upload"), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["submission"] == str(tmp_path / "upload") and report["score"] == 20


def test_the_shared_rule_for_wrapped_folders(tmp_path):
    top = tmp_path / "top"
    (top / "a" / "b" / "c" / "d").mkdir(parents=True)
    (top / "a" / "b" / "c" / "d" / "answers.md").write_text("x")
    assert find_root(top, known=KNOWN) == top / "a" / "b" / "c"  # at most MAX_NESTING levels down
    assert find_root(top / "a", known=KNOWN) == top / "a" / "b" / "c" / "d"
    (top / "a" / "backprop.py").write_text("x = 1\n")  # a contract file: this is the root
    assert find_root(top / "a", known=KNOWN) == top / "a"
    two = tmp_path / "two"
    (two / "x").mkdir(parents=True)
    (two / "y").mkdir()
    assert find_root(two, known=KNOWN) == two  # two folders: ambiguous, not guessed
    linked = tmp_path / "linked"
    linked.mkdir()
    os.symlink(top / "a" / "b", linked / "elsewhere")
    assert find_root(linked, known=KNOWN) == linked  # links are never followed
    assert find_root(tmp_path / "nope", known=KNOWN) == tmp_path / "nope"


def test_an_unwritable_output_is_an_error_message_not_a_traceback(tmp_path, monkeypatch):
    use_stub_course(monkeypatch)
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "answers.md").write_text(STUB_ANSWERS)
    (tmp_path / "file").write_text("a file, not a directory")
    for output in (tmp_path / "file" / "x.html", "/proc/nope/x.html"):
        result = CliRunner().invoke(main, [str(tmp_path / "s"), "-o", str(output), "--format", "html"])
        assert result.exit_code == 1 and "cannot write to" in result.output, result.output
        assert isinstance(result.exception, SystemExit) and "Traceback" not in result.output


def test_console_script_is_installed():
    proc = subprocess.run([sys.executable, "-m", "grader.apps.cli", "--help"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0 or "Usage" in proc.stdout + proc.stderr


def test_grade_check_takes_a_zip_as_the_grader_does(tmp_path):
    from grader.apps.kit import PUBLIC_SEED, export_student_kit

    export_student_kit(tmp_path / "kit", seed=PUBLIC_SEED)
    good = os.path.join(os.path.dirname(__file__), "..", "examples", "good")
    archive = make_zip(tmp_path / "hw.zip", {f"hw/{name}": Path(good, name).read_text(encoding="utf-8") for name in os.listdir(good)})
    done = CliRunner().invoke(main, ["check", str(archive), "--kit", str(tmp_path / "kit")])
    assert done.exit_code == 0, done.output
    assert "All public checks passed" in done.output and str(archive) in done.output
    evil = make_zip(tmp_path / "evil.zip", {"../../x.py": "x"})
    done = CliRunner().invoke(main, ["check", str(evil), "--kit", str(tmp_path / "kit")])
    assert done.exit_code == 1 and ".." in done.output and "Traceback" not in done.output


def test_an_output_path_with_a_typo_creates_no_tree_of_folders(tmp_path, monkeypatch):
    use_stub_course(monkeypatch)
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "answers.md").write_text(STUB_ANSWERS)
    typo = tmp_path / "reprots" / "week3" / "alice.html"
    done = CliRunner().invoke(main, [str(tmp_path / "s"), "-o", str(typo), "--format", "html"])
    assert done.exit_code == 1 and "does not exist" in done.output
    assert not (tmp_path / "reprots").exists()
    done = CliRunner().invoke(main, ["batch", str(tmp_path), "--out", str(tmp_path / "outs" / "week3")])
    assert done.exit_code == 1 and not (tmp_path / "outs").exists()
    done = CliRunner().invoke(main, ["batch", str(tmp_path / "s"), "--out", str(tmp_path / "week3")])
    assert done.exit_code == 0, done.output  # the last component is created
    for command in (["init", str(tmp_path / "typo" / "hw")], ["export-student-kit", str(tmp_path / "typo" / "kit")],
                    ["export-gradescope", str(tmp_path / "typo" / "a.zip")]):
        done = CliRunner().invoke(main, command)
        assert done.exit_code == 1 and "does not exist" in done.output, done.output
    assert not (tmp_path / "typo").exists()


def test_a_bad_problems_folder_names_the_failing_module(tmp_path):
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "good_one.py").write_text("from grader.course.course import load_problem\nPROBLEM = load_problem('mle_mse')\n")
    (extra / "broken.py").write_text("PROBLEM = 1 / 0\n")
    (tmp_path / "s").mkdir()
    for command in (["batch", str(tmp_path / "s"), "--out", str(tmp_path / "out")], [str(tmp_path / "s")], ["export-gradescope", str(tmp_path / "b.zip")]):
        done = CliRunner().invoke(main, [*command, "--problems", str(extra)])
        assert done.exit_code == 1, done.output
        assert "broken.py (line 1): ZeroDivisionError" in done.output and "Traceback" not in done.output


def test_a_tar_gz_is_graded_like_a_zip(tmp_path, monkeypatch):
    import io
    import tarfile

    use_stub_course(monkeypatch)
    with tarfile.open(tmp_path / "sub.tgz", "w:gz") as archive:
        data = STUB_ANSWERS.encode()
        info = tarfile.TarInfo("hw3/answers.md")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    result = CliRunner().invoke(main, [str(tmp_path / "sub.tgz"), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["score"] == 20
