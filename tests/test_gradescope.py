"""Gradescope: results.json per the autograder specification, and the autograder bundle."""

import json
import os
import stat
import subprocess
import sys
import zipfile

import pytest
from click.testing import CliRunner

import grader.grading
from grader.cli import main
from grader.gradescope import export_bundle, results_for, run_autograder
from report_samples import sample_result, use_stub_course

TEST_KEYS = {"name", "score", "max_score", "output", "visibility"}


def test_results_have_one_test_per_part_and_the_overall_score():
    result = sample_result()
    data = results_for(result, "en", execution_time=3.4)
    assert data["score"] == 10.5 and data["execution_time"] == 3
    assert data["stdout_visibility"] in ("hidden", "visible", "after_due_date", "after_published")
    parts = sum(max(1, len(p.parts)) for p in result.problems)
    assert len(data["tests"]) == parts
    for test in data["tests"]:
        assert set(test) == TEST_KEYS and test["visibility"] == "visible"
        assert 0 <= test["score"] <= test["max_score"]
    assert sum(t["max_score"] for t in data["tests"]) == result.max_score
    derivation = next(t for t in data["tests"] if t["name"] == "mle-mse: Derivation")
    assert derivation["score"] == 3 and "First invalid line: 2" in derivation["output"]
    missing = next(t for t in data["tests"] if t["name"] == "xavier-variance")
    assert "no section" in missing["output"]
    json.dumps(data, allow_nan=False)


def test_results_in_chinese():
    data = results_for(sample_result(), "zh")
    assert "总分" in data["output"] and any("推导" in t["name"] for t in data["tests"])


def test_cli_reads_a_nested_submission_and_writes_results(tmp_path, monkeypatch):
    use_stub_course(monkeypatch)
    (tmp_path / "sub" / "my-homework").mkdir(parents=True)
    (tmp_path / "sub" / "my-homework" / "answers.md").write_text("correct derive\n")
    results = tmp_path / "results" / "results.json"
    done = CliRunner().invoke(main, ["gradescope", "--submission", str(tmp_path / "sub"), "--results", str(results)])
    assert done.exit_code == 0, done.output
    data = json.loads(results.read_text())
    assert data["score"] == 20 and len(data["tests"]) == 4


def test_a_grader_failure_still_writes_results(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("engine exploded")

    monkeypatch.setattr(grader.grading, "grade_submission", broken)
    results = tmp_path / "results.json"
    data = run_autograder(tmp_path, results)
    assert data["score"] == 0 and "engine exploded" in json.loads(results.read_text())["output"]


def test_exported_bundle_runs_the_grader_it_carries(tmp_path):
    bundle = tmp_path / "autograder.zip"
    done = CliRunner().invoke(main, ["export-gradescope", str(bundle), "--lang", "zh"])
    assert done.exit_code == 0, done.output
    with zipfile.ZipFile(bundle) as archive:
        names = set(archive.namelist())
        for script in ("setup.sh", "run_autograder"):
            assert script in names
            assert (archive.getinfo(script).external_attr >> 16) & stat.S_IXUSR
        assert "pip install /autograder/source/grader-src" in archive.read("setup.sh").decode()
        assert "grade gradescope" in archive.read("run_autograder").decode() and "--lang zh" in archive.read("run_autograder").decode()
        assert "grader-src/pyproject.toml" in names and "grader-src/grader/templates/report.html.j2" in names
        assert not any("__pycache__" in n for n in names)
        archive.extractall(tmp_path / "source")
    submission = tmp_path / "submission"
    submission.mkdir()
    (submission / "answers.md").write_text("## mle-mse\nAnswer: $x$\n")
    results = tmp_path / "out" / "results.json"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(tmp_path / "source" / "grader-src")
    code = (
        "import grader, sys; assert grader.__file__.startswith(sys.argv[1]), grader.__file__;"
        "from grader.cli import main; main(['gradescope', '--submission', sys.argv[2], '--results', sys.argv[3]])"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "source"), str(submission), str(results)],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = json.loads(results.read_text())
    assert {"score", "execution_time", "output", "tests"} <= set(data)
