"""Gradescope: results.json per the autograder specification, and the autograder bundle."""

import json
import os
import shlex
import stat
import subprocess
import sys
import textwrap
import zipfile

import pytest
from click.testing import CliRunner
from report_samples import sample_result, use_stub_course
from test_course_extra import NEW_PROBLEM  # an instructor's problem module, as that test writes it

import grader.grading.pipeline
from grader.apps.cli import main
from grader.apps.gradescope import export_bundle, results_for, run_autograder

TEST_KEYS = {"name", "score", "max_score", "output", "visibility"}


def test_results_have_one_test_per_part_and_the_overall_score():
    result = sample_result()
    data = results_for(result, "en", execution_time=3.4)
    assert data["score"] == 10.5 and data["execution_time"] == 3
    assert data["stdout_visibility"] in ("hidden", "visible", "after_due_date", "after_published")
    parts = sum(max(1, len(p.parts)) for p in result.problems)
    assert len(data["tests"]) == parts
    code = {p.id for p in result.problems if p.kind == "code" and p.status == "graded"}
    assert code, "the sample must hold a code problem"
    for test in data["tests"]:
        # the code problems' tests show hidden cases (inputs, expected values): not before the due date
        expected = "after_due_date" if test["name"].split(":")[0] in code else "visible"
        assert set(test) == TEST_KEYS and test["visibility"] == expected, test["name"]
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

    monkeypatch.setattr(grader.grading.pipeline, "grade_submission", broken)
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
        assert "pip install -c /autograder/source/grader-src/constraints.txt /autograder/source/grader-src" in archive.read("setup.sh").decode()
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
        "from grader.apps.cli import main; main(['gradescope', '--submission', sys.argv[2], '--results', sys.argv[3]])"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "source"), str(submission), str(results)],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = json.loads(results.read_text())
    assert {"score", "execution_time", "output", "tests"} <= set(data)


def test_setup_sh_installs_python_and_venv_on_gradescopes_ubuntu_images(tmp_path):
    export_bundle(tmp_path / "a.zip")
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        script = archive.read("setup.sh").decode()
    (tmp_path / "setup.sh").write_text(script)
    assert subprocess.run(["bash", "-n", str(tmp_path / "setup.sh")], check=False).returncode == 0
    lines = [line.strip() for line in script.splitlines()]
    install = lines.index("apt-get install -y python3 python3-venv python3-pip")
    assert lines[install - 1] == "apt-get update"
    assert not lines[install - 1].startswith(("if", "then"))  # always, not only when python3 is missing
    check = next(i for i, line in enumerate(lines) if "sys.version_info < (3, 10)" in line)
    venv = next(i for i, line in enumerate(lines) if "-m venv /autograder/grader-venv" in line)
    assert install < check < venv
    older = "\n".join(lines[check:venv])
    for step in ("apt-get install -y software-properties-common", "add-apt-repository -y ppa:deadsnakes/ppa",
                 "apt-get install -y python3.10 python3.10-venv", "PYTHON=python3.10"):
        assert step in older
    assert lines[venv].startswith('"$PYTHON" -m venv')


def test_the_bundle_carries_the_rubric_and_problems_and_run_autograder_passes_them(tmp_path):
    extra = tmp_path / "extra"
    (extra / "__pycache__").mkdir(parents=True)
    (extra / "square_derivative.py").write_text(textwrap.dedent(NEW_PROBLEM))
    (extra / "__pycache__" / "square_derivative.cpython-310.pyc").write_bytes(b"junk")
    rubric = tmp_path / "rubric.json"
    rubric.write_text(json.dumps({"points": {"square-derivative": {"answer": 5}}}))
    bundle = tmp_path / "autograder.zip"
    done = CliRunner().invoke(main, ["export-gradescope", str(bundle), "--rubric", str(rubric), "--problems", str(extra)])
    assert done.exit_code == 0, done.output
    with zipfile.ZipFile(bundle) as archive:
        names = set(archive.namelist())
        assert "rubric.json" in names and "problems/0-extra/square_derivative.py" in names
        assert not any("__pycache__" in n and n.startswith("problems/") for n in names)
        command = archive.read("run_autograder").decode().splitlines()[-1]
        archive.extractall(tmp_path / "source")
    arguments = shlex.split(command)
    assert arguments[:2] == ["exec", "/autograder/grader-venv/bin/grade"]
    assert "--rubric /autograder/source/rubric.json" in command
    assert "--problems /autograder/source/problems/0-extra" in command
    # run the bundled command against the unpacked bundle
    submission = tmp_path / "submission" / "wrapped"
    submission.mkdir(parents=True)
    (submission / "answers.md").write_text("## square-derivative\n\n$$\n\\frac{d}{dx} a x^2 = 2 a x\n$$\n\nAnswer: $2ax$\n")
    results = tmp_path / "results" / "results.json"
    local = {"/autograder/source": str(tmp_path / "source"), "/autograder/submission": str(tmp_path / "submission"),
             "/autograder/results/results.json": str(results)}
    arguments = [next((a.replace(k, v) for k, v in local.items() if a.startswith(k)), a) for a in arguments[2:]]
    done = CliRunner().invoke(main, arguments)
    assert done.exit_code == 0, done.output
    tests = {t["name"]: t for t in json.loads(results.read_text())["tests"]}
    added = [t for name, t in tests.items() if name.startswith("square-derivative")]
    assert sorted(t["max_score"] for t in added) == [1, 5] and all(t["score"] == t["max_score"] for t in added)


def test_export_refuses_a_bad_rubric_before_writing_the_bundle(tmp_path):
    rubric = tmp_path / "rubric.json"
    rubric.write_text(json.dumps({"points": {"no-such-problem": {"answer": 5}}}))
    done = CliRunner().invoke(main, ["export-gradescope", str(tmp_path / "a.zip"), "--rubric", str(rubric)])
    assert done.exit_code != 0 and "unknown problem" in done.output
    assert not (tmp_path / "a.zip").exists()


def test_a_bad_rubric_on_gradescope_still_writes_results(tmp_path):
    (tmp_path / "sub").mkdir()
    results = tmp_path / "results.json"
    done = CliRunner().invoke(main, ["gradescope", "--submission", str(tmp_path / "sub"), "--results", str(results),
                                     "--rubric", str(tmp_path / "missing.json")])
    assert done.exit_code == 0
    assert "cannot read the rubric" in json.loads(results.read_text())["output"]


def test_an_unwritable_results_path_is_an_error_message(tmp_path, monkeypatch):
    use_stub_course(monkeypatch)
    (tmp_path / "file").write_text("a file")
    for results in (tmp_path / "file" / "results.json", "/proc/nope/r.json"):
        done = CliRunner().invoke(main, ["gradescope", "--submission", str(tmp_path), "--results", str(results)])
        assert done.exit_code == 1 and "cannot write to" in done.output, done.output
        assert isinstance(done.exception, SystemExit) and "Traceback" not in done.output
    done = CliRunner().invoke(main, ["export-gradescope", str(tmp_path / "file" / "a.zip")])
    assert done.exit_code == 1 and "cannot write to" in done.output


def test_hidden_checks_visibility_is_configurable_and_checked():
    result = sample_result()
    data = results_for(result, "en", hidden_visibility="visible")
    assert {t["visibility"] for t in data["tests"]} == {"visible"}
    data = results_for(result, "en", hidden_visibility="hidden")
    assert "hidden" in {t["visibility"] for t in data["tests"]}
    with pytest.raises(ValueError):
        results_for(result, "en", hidden_visibility="sometimes")


def test_results_state_the_isolation_and_the_protections_in_force():
    import dataclasses

    details = {"level": "rlimits", "namespaces": [], "uid": "fresh", "landlock": 7, "cgroup": "v1", "seccomp": True,
               "weaker": ["no_namespaces"]}
    result = dataclasses.replace(sample_result(), isolation="rlimits", isolation_details=details)
    data = results_for(result, "en")
    assert data["extra_data"] == {"isolation": "rlimits", "isolation_details": details}
    assert "rlimits" in data["output"] and "(Landlock ABI 7)" in data["output"] and "(cgroup v1)" in data["output"]
    assert "namespaces of its own" not in data["output"].split("Weaker")[0]  # only what was in force is listed
    assert "no namespaces: the child shares" in data["output"]
    json.dumps(data, allow_nan=False)


def test_gradescope_does_not_create_autograder_on_another_machine(tmp_path, monkeypatch):
    from grader.apps import gradescope

    if not os.path.isdir("/autograder"):
        done = CliRunner().invoke(main, ["gradescope"])
        assert done.exit_code != 0 and "not Gradescope" in done.output and not os.path.exists("/autograder")
    monkeypatch.setattr(gradescope, "AUTOGRADER", tmp_path / "autograder")  # absent, as on any machine but Gradescope
    with pytest.raises(gradescope.NotGradescope):
        run_autograder(tmp_path / "autograder" / "submission", tmp_path / "autograder" / "results" / "results.json")
    assert not (tmp_path / "autograder").exists()


def test_the_bundle_pins_dependencies_and_hides_the_grader_from_the_sandbox_uid(tmp_path):
    from importlib.metadata import version

    export_bundle(tmp_path / "a.zip", hidden_visibility="after_published")
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        constraints = archive.read("grader-src/constraints.txt").decode().split()
        script = archive.read("setup.sh").decode()
        run = archive.read("run_autograder").decode()
    for name in ("sympy", "numpy", "jinja2", "click"):
        assert f"{name}=={version(name)}" in constraints
    assert "-c /autograder/source/grader-src/constraints.txt" in script
    lines = script.splitlines()
    install = next(i for i, line in enumerate(lines) if "pip install -c" in line)
    hide = next(i for i, line in enumerate(lines) if line.startswith("chmod -R go-rwx"))
    assert install < hide and '"$GRADER_DIR"' in lines[hide] and "/autograder/source" in lines[hide]
    assert "chmod 0711 /autograder" in script
    assert "--hidden-visibility after_published" in run
