"""bench/render.py --compare: medians of each side and of the per-round ratios, rounds alternating."""

from __future__ import annotations

import pytest

from bench import render as bench_render


def test_compare_alternates_checkouts_and_takes_medians_of_per_round_ratios(monkeypatch, tmp_path):
    calls = []
    # per round: before's warm and first, then after's (the untimed first runs come before)
    warm = {"before": iter([10.0, 20.0, 30.0]), "after": iter([12.0, 40.0, 30.0])}

    def fake_measure(tree, env, *options):
        side = "before" if tree == tmp_path.resolve() else "after"
        calls.append((side, options))
        assert env["PYTHONPYCACHEPREFIX"]  # bytecode cached for both sides
        if "--first" in options:
            return {"ms_first_report": dict.fromkeys(bench_render.FORMATS, 5.0 if side == "before" else 4.0)}
        value = next(warm[side])
        return {"ms_per_report": dict.fromkeys(bench_render.FORMATS, value)}

    monkeypatch.setattr(bench_render, "_measure", fake_measure)
    results = bench_render.compare(tmp_path, rounds=3, count=2, repeats=1)
    sides = [side for side, _ in calls]
    assert sides[:2] == ["before", "after"]  # the untimed runs
    assert sides[2:] == ["before", "before", "after", "after"] * 3
    row = results["rows"]["warm_text"]
    assert row["before"] == 20.0 and row["after"] == 30.0
    assert row["ratio"] == pytest.approx(1.2) and row["ratio_min"] == pytest.approx(1.0) and row["ratio_max"] == pytest.approx(2.0)
    assert results["rows"]["first_html"]["ratio"] == pytest.approx(0.8)
