import json
import subprocess
import sys

from click.testing import CliRunner

from grader.cli import main


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


def test_missing_directory_is_graded_zero_not_a_crash(tmp_path):
    result = CliRunner().invoke(main, [str(tmp_path / "nope"), "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["score"] == 0


def test_console_script_is_installed():
    proc = subprocess.run([sys.executable, "-m", "grader.cli", "--help"], capture_output=True, text=True)
    assert proc.returncode == 0 or "Usage" in proc.stdout + proc.stderr
