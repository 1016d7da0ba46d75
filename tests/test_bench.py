"""Smoke tests of the benchmark harness (bench/): it runs in a tiny configuration.  Not timed."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import run, workload  # noqa: E402


def _files(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): p.read_text() for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_workload_is_reproducible_and_mixed(tmp_path):
    first = workload.generate(tmp_path / "a", 8, seed=7)
    workload.generate(tmp_path / "b", 8, seed=7)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    origins = {o for b in first for o in b.code.values()} | {o for b in first for o in b.sections.values()}
    assert "good" in origins
    assert any(o.startswith("mutant:") for o in origins)
    assert any(o.startswith("answer-row-") for o in origins)
    assert "fixture:broken" not in origins  # hanging files only with hostile=True
    manifest = json.loads((tmp_path / "a.workload.json").read_text())
    assert [b["name"] for b in manifest] == [f"sub_{i:03d}" for i in range(8)]


def test_a_mutated_file_makes_exactly_the_known_mistake(tmp_path):
    from grader.reference import backprop, mutants

    path = tmp_path / "backprop.py"
    path.write_text(workload.mutated_source("backprop", ["relu_backward.one_at_zero"]))
    # our own generated file, imported in the test process (never a student's)
    spec = importlib.util.spec_from_file_location("_bench_mutated_backprop", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    x = np.array([[-1.0, 0.0, 2.0]])
    _, cache = module.relu_forward(x)
    expected = mutants.by_id("relu_backward.one_at_zero").impl(np.ones_like(x), backprop.relu_forward(x)[1])
    assert np.array_equal(module.relu_backward(np.ones_like(x), cache), expected)
    assert np.array_equal(module.affine_forward(x, np.eye(3), np.ones(3))[0], x + 1)
    # the student's mlp_loss uses the student's own (mistaken) layers
    assert module.LAYERS["relu_backward"] is module.relu_backward


def test_every_portable_mutant_compiles():
    for module in workload.CODE_MODULES:
        ids = workload.portable_mutants(module)
        assert ids, module
        for mutant_id in ids:
            compile(workload.mutated_source(module, [mutant_id]), f"{module}.py", "exec")


def test_the_benchmark_runs_in_a_tiny_configuration(tmp_path):
    results = run.main(
        [
            "--count", "2", "--repeats", "1", "--batch-repeats", "1", "--baseline-repeats", "1", "--seeds", "1", "--row-limit", "3",
            "--only", "cold,checks,memory,baseline",
            "--workdir", str(tmp_path / "work"),
            "--markdown", str(tmp_path / "results.md"), "--json", str(tmp_path / "results.json"),
        ]
    )
    assert results["cold"]["grade"]["median"] > 0 and results["cold"]["floor"]["median"] > 0
    assert results["checks"]["answer_check"]["n"] == 3
    assert results["memory"]["grader_peak_mib"] > 0 and results["memory"]["sandbox_peak_mib"] > 0
    assert results["baseline"]["count"] == 2 and results["baseline"]["cold_ratio"]["median"] > 0
    table = (tmp_path / "results.md").read_text()
    assert "| cold grade / floor |" in table and "python bench/run.py" in table
    assert json.loads((tmp_path / "results.json").read_text())["count"] == 2


def test_the_inequality_clock_times_only_inequality_links_and_restores_the_judges():
    from bench import checks
    from grader import derivation
    from grader.answers_md import read_answers_document
    from grader.course import load_problem

    originals = (derivation.inequality_holds, derivation.chain_holds)
    sections = {name: (problem, section) for name, problem, section in checks.extended_derivation_sections()}
    perceptron, proof = sections["perceptron-textbook"]
    timed: list[float] = []
    with checks._inequality_clock(timed):
        derivation.check_derivation(proof.derivation, perceptron.notation, perceptron.checker(seed=0), perceptron.known_names)
    assert timed and all(t > 0 for t in timed)
    assert (derivation.inequality_holds, derivation.chain_holds) == originals

    equalities_only = load_problem("mle_mse")
    good = read_answers_document((ROOT / "examples" / "good" / "answers.md").read_text()).section(equalities_only.id)
    none: list[float] = []
    with checks._inequality_clock(none):
        derivation.check_derivation(good.derivation, equalities_only.notation, equalities_only.checker(seed=0), equalities_only.known_names)
    assert none == []
