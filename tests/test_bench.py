"""Smoke tests of the benchmark harness (bench/): it runs in a tiny configuration.  Not timed."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import numpy as np
import pytest

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
    from grader.course.course import load_problem
    from grader.derivations import derivation
    from grader.reading.answers_md import read_answers_document

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


def _compare_round(out: Path, label: str, number: int, cold: float, per_second: float, cpu_ms: int, html_ms: float) -> None:
    one = lambda v: {"median": v, "p95": v, "runs": [v]}  # noqa: E731
    run_json = {
        "machine": {"cpu": "test cpu", "cores": 2, "os": "Linux", "python": "3"}, "count": 4, "started": "now", "load_before": [1.0],
        "cold": {"grade": one(cold), "ratio": one(cold / 0.5)},
        "batch": [{"per_second": one(per_second)}, {"per_second": one(2 * per_second)}],
        "checks": {key: one(0.01) for key in ("answer_check", "derivation_line", "derivation_part")},
    }
    (out / f"{label}.run.r{number}.json").write_text(json.dumps(run_json))
    (out / f"{label}.cpu.r{number}.txt").write_text("\n".join(f"{k:>6}: median {cpu_ms} ms, max {cpu_ms} ms (n=2)" for k in ("parent", "child", "total", "wall")))
    (out / f"{label}.render.r{number}.json").write_text(json.dumps({"ms_per_report": dict.fromkeys(("html", "md", "text", "json"), html_ms), "bytes": {"html": 1000}}))


def test_the_comparison_takes_the_median_of_per_round_ratios_and_says_which_targets_are_not_met(tmp_path):
    from bench import compare

    # round 1 on a quiet machine, round 2 under load: the ratios are taken within each round
    _compare_round(tmp_path, "before", 1, cold=1.0, per_second=4.0, cpu_ms=100, html_ms=10.0)
    _compare_round(tmp_path, "after", 1, cold=1.1, per_second=3.0, cpu_ms=120, html_ms=13.0)
    _compare_round(tmp_path, "before", 2, cold=2.0, per_second=2.0, cpu_ms=200, html_ms=20.0)
    _compare_round(tmp_path, "after", 2, cold=2.6, per_second=1.8, cpu_ms=280, html_ms=22.0)
    results = compare.aggregate(tmp_path)
    rows = results["rows"]
    assert results["rounds"] == 2
    assert rows["cold"]["ratio"] == pytest.approx(1.2) and rows["cold"]["met"] is False  # (1.1 + 1.3) / 2 > 1.15
    assert rows["batch_jobs2"]["ratio"] == pytest.approx((0.75 + 0.9) / 2) and rows["batch_jobs2"]["met"] is False
    assert rows["code_cpu_total"]["ratio"] == pytest.approx(1.3) and rows["code_cpu_total"]["met"] is True
    assert rows["render_html"]["ratio"] == pytest.approx((1.3 + 1.1) / 2) and rows["render_html"]["met"] is True
    table = compare.markdown(results)
    assert "| `grade batch --jobs 2` throughput | 6.00/s | 4.80/s | 0.82× (0.75–0.90) | ≥ 0.85× | **not met** |" in table
