"""The corpus of real derivations: well formed, graded without a fault escaping, and not worse than its floor.

The floor (floor.json) records the figures of the grader at the time the corpus was made; a change
of the grader may raise it (`run.py --write-floor`), never lower it.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def _load_runner():
    spec = importlib.util.spec_from_file_location("realworld_derivations_run", HERE / "run.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


run = _load_runner()
ITEMS = run.load_items()


def test_the_corpus_has_forty_items_over_the_five_problems():
    problems = {item.problem for item in ITEMS}
    assert problems == {"mle-mse", "ce-mle", "softmax-ce-grad", "l2-shrinkage", "xavier-variance"}
    assert len(ITEMS) >= 40


@pytest.mark.parametrize("item", ITEMS, ids=[item.name for item in ITEMS])
def test_every_line_is_labelled(item):
    for version in run.VERSIONS:
        assert run.count_lines(item.sources[version]) == len(item.labels[version]["lines"]), (item.name, version)
        assert item.sources[version].startswith(f"## {item.problem}\n"), (item.name, version)


@pytest.mark.parametrize("item", ITEMS, ids=[item.name for item in ITEMS])
def test_every_item_names_its_source(item):
    meta = json.loads((run.ITEMS / item.name / "source.json").read_text(encoding="utf-8"))
    assert meta["source"] and meta["language"] and meta["transcribed"]


def test_the_manifest_lists_every_item():
    assert run.MANIFEST.read_text(encoding="utf-8") == run.manifest_text(), "run.py --write-manifest"


def test_the_line_counter_keeps_cases_and_matrices_on_one_line():
    text = "$$\na = \\begin{cases} 1 & i = j \\\\ 0 & i \\neq j \\end{cases} \\\\\n= b \\\\\n$$\n$$c$$"
    assert run.count_lines(text) == 3


@pytest.fixture(scope="module")
def outcomes():
    return run.grade_corpus(ITEMS, workers=2)


def test_every_version_of_every_item_is_graded(outcomes):
    assert sorted((o.item, o.version) for o in outcomes) == sorted(
        (item.name, version) for item in ITEMS for version in run.VERSIONS
    )
    assert all(o.status in ("graded", "error") for o in outcomes)


def test_the_figures_are_not_below_the_floor(outcomes):
    per_version = {v: run.figures(outcomes, v) for v in run.VERSIONS}
    floor = json.loads(run.FLOOR.read_text(encoding="utf-8"))
    for version in run.VERSIONS:
        assert floor[version]["items"] == per_version[version].items, "the corpus changed: record its floor again"
    timeouts = {v: per_version[v].timeouts for v in run.VERSIONS}
    assert run.below_floor(per_version, floor) == [], f"lines left unchecked by the time limit: {timeouts}"


def test_the_runner_prints_the_table_and_json(capsys):
    assert run.main(["--only", ITEMS[0].name, "--workers", "1", "--show-disagreements"]) == 0
    printed = capsys.readouterr().out
    assert "lines where the grader agrees with the TA" in printed and "| as written | course notation |" in printed
    assert run.main(["--only", ITEMS[0].name, "--workers", "1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data["figures"]) == set(run.VERSIONS)
    assert data["figures"]["course"]["items"] == 1
    assert {entry["version"] for entry in data["items"]} == set(run.VERSIONS)


def test_an_internal_fault_in_feedback_is_recognised():
    assert run.INTERNAL_TEXT.search("This could not be checked: TypeError: only 0-dimensional arrays")
    assert run.INTERNAL_TEXT.search("'float' object has no attribute 'shape'")
    assert not run.INTERNAL_TEXT.search("The two sides are not equal: at the point shown, the left side is 2.0")


def test_labelled_lines_are_found_by_text_when_the_grader_numbers_them_otherwise():
    class Graded:
        def __init__(self, source):
            self.source = source

    merged = Graded(r"\begin{array}{rl} a &= b \\ &= c \end{array}")
    graded = [Graded("x = y"), merged, Graded("d = e")]
    labelled = run.split_lines("$$x = y$$\n$$\\begin{array}{rl} a &= b \\\\ &= c \\end{array}$$\n$$d = e$$")
    assert labelled == ["x = y", "a &= b", "&= c", "d = e"]
    assert run.align_lines(labelled, graded) == [graded[0], merged, merged, graded[2]]
    lost = run.align_lines(["x = y", "q = r", "s = t"], [Graded("x = y"), Graded("s = t")])
    assert lost[1] is None and lost[2].source == "s = t"


def test_every_disagreeing_line_falls_in_one_class(outcomes):
    for version in run.VERSIONS:
        mine = [o for o in outcomes if o.version == version]
        disagreeing = sum(not line.agrees for o in mine for line in o.lines)
        assert sum(n for _, n, _, _ in run.disagreement_classes(mine)) == disagreeing
    missed = [line for o in outcomes for line in o.lines if line.ta == "invalid" and line.grader == "valid"]
    assert all(run.disagreement_kind(line) == "missed mistake" for line in missed)
