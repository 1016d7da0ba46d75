"""The code corpus runner completes on a few fixtures (quick mode: 2 seeds), its
classification follows the labels, and the manifest is in step with labels.json."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import code_corpus as corpus  # noqa: E402
from code_classification import CATEGORIES, classify  # noqa: E402

from grader.results.models import CheckResult, Message, PartResult  # noqa: E402

RUN = HERE / "run.py"


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(RUN), *args], capture_output=True, text=True, timeout=300, cwd=HERE.parents[2], check=False)


def test_labels_load_and_every_fixture_is_a_contract_file_with_its_functions():
    fixtures = corpus.load()
    assert len(fixtures) >= 30
    for fixture in fixtures:
        text = corpus.completed_source(fixture)
        tree = ast.parse(text)
        defined = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
        defined |= {t.id for n in tree.body if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)}
        for function in fixture.labels:
            assert function in defined, (fixture.id, function)
        for label in fixture.labels.values():
            assert (label.verdict == "mistake") == bool(label.points_lost > 0), fixture.id


def test_runner_completes_on_a_few_fixtures_in_quick_mode():
    only = "cs231n_optim_adam_eps_in_sqrt,cs231n_layers_relu_passes_zero,perceptron_threshold_strict"
    done = _run("--seeds", "2", "--only", only, "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["seeds"] == [1, 2]
    functions = report["functions"]
    assert {f["fixture"] for f in functions} == set(only.split(","))
    assert all(f["category"] in CATEGORIES for f in functions)
    assert all(len(f["scores"]) == 2 for f in functions)
    # a labelled mistake is never "no deduction, none due", a correct function never "named"
    for f in functions:
        if f["verdict"] == "mistake":
            assert f["category"] not in ("no deduction, none due", "false deduction")
        else:
            assert f["category"] in ("no deduction, none due", "false deduction", "convention difference charged")


def test_runner_prints_the_table_and_details():
    done = _run("--seeds", "1", "--only", "cs231n_layers_relu_passes_zero", "--show", "cs231n_layers_relu_passes_zero")
    assert done.returncode == 0, done.stderr
    assert "missed bug" in done.stdout and "score differs across seeds" in done.stdout
    assert "== cs231n_layers_relu_passes_zero.relu_backward" in done.stdout


def test_fail_on_exits_1_when_a_function_falls_in_the_category():
    quiet = _run("--seeds", "1", "--only", "cs231n_layers_relu_passes_zero", "--fail-on", "false deduction;missed bug;seed-dependent")
    assert quiet.returncode == 0, quiet.stderr
    loud = _run("--seeds", "1", "--only", "cs231n_layers_relu_passes_zero", "--fail-on", "correct, mistake named")
    assert loud.returncode == 1 and "cs231n_layers_relu_passes_zero.relu_backward: correct, mistake named" in loud.stdout
    wrong = _run("--seeds", "1", "--only", "cs231n_layers_relu_passes_zero", "--fail-on", "no such thing")
    assert wrong.returncode == 2 and "unknown --fail-on" in wrong.stderr


def _part(score, feedback=(), checks=()):
    return PartResult(id="f", score=score, max_score=2.0, feedback=tuple(feedback), checks=tuple(checks))


def test_classification_of_each_kind_of_outcome():
    mistake = corpus.Label("mistake", "no bias", ("affine_forward.no_bias",), 1.0)
    correct = corpus.Label("correct")
    convention = corpus.Label("convention", "lists instead of arrays")
    failed_count = Message("codecheck.function_failed", {"function": "f", "failed": 1, "total": 1})
    values = Message("codecheck.values", {})
    from grader.results.models import ArrayPreview

    visible = CheckResult(
        name=Message("codecheck.group.values", {"function": "f"}), passed=False, message=values,
        expected=ArrayPreview((2,), ((1.0, 2.0),)), got=ArrayPreview((2,), ((1.0, 2.5),)), inputs={"x": "[1, 2]"},
    )
    hidden = CheckResult(
        name=Message("codecheck.group.values", {"function": "f"}), passed=False, message=values,
        expected=ArrayPreview((9,), ((1.0, 2.0),), True), got=ArrayPreview((9,), ((1.0, 2.0),), True), inputs={"x": "array of shape (9,)"},
    )
    assert classify(correct, _part(2.0), 1).category == "no deduction, none due"
    assert classify(correct, _part(1.0, [failed_count], [visible]), 1).category == "false deduction"
    assert classify(convention, _part(1.0, [failed_count], [visible]), 1).category == "convention difference charged"
    assert classify(mistake, _part(2.0), 1).category == "missed bug"
    assert classify(mistake, _part(0.0, [Message("mistake.affine_forward.no_bias")]), 1).category == "correct, mistake named"
    assert classify(mistake, _part(0.0, [Message("mistake.relu_backward.one_at_zero")]), 1).category == "misnamed mistake"
    assert classify(mistake, _part(1.0, [failed_count], [visible]), 1).category == "correct, concrete failing case"
    vague = classify(mistake, _part(1.0, [failed_count], [hidden]), 1)
    assert vague.category == "correct but vague" and vague.inputs_as_shapes


def test_manifest_is_generated_from_the_labels():
    done = _run("--manifest")
    assert done.returncode == 0, done.stderr
    assert (HERE / "MANIFEST.md").read_text(encoding="utf-8") == done.stdout
    for fixture in corpus.load():
        assert f"`{fixture.id}`" in done.stdout
