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


def test_the_corpus_covers_the_five_problems_and_the_extended_courses_problems():
    by_set: dict[str, set[str]] = {}
    for item in ITEMS:
        by_set.setdefault(run.problem_set(item.problem), set()).add(item.problem)
    assert by_set["default"] == {"mle-mse", "ce-mle", "softmax-ce-grad", "l2-shrinkage", "xavier-variance"}
    assert by_set["extended"] == {"l1-soft-threshold", "map-priors", "dropout-moments", "perceptron-convergence",
                                  "nonconvex-111"}
    assert sum(run.problem_set(item.problem) == "default" for item in ITEMS) >= 40
    assert sum(run.problem_set(item.problem) == "extended" for item in ITEMS) >= 12


def test_each_rounds_held_out_items_are_corpus_items_and_get_their_own_table(outcomes):
    names = {item.name: item for item in ITEMS}
    assert not run.HELD_OUT - set(names), sorted(run.HELD_OUT - set(names))
    by_set = run.figures_by_set(outcomes)
    for round_name, held_items in run.HELD_OUT_ROUNDS.items():
        if not held_items:
            continue
        held = by_set[round_name]["course"]
        assert held.items == len(held_items)
        assert held.lines == sum(len(names[name].labels["course"]["lines"]) for name in held_items)
    rounds = list(run.HELD_OUT_ROUNDS.values())
    assert all(not (a & b) for k, a in enumerate(rounds) for b in rounds[k + 1:]), "an item is held out once"


def test_every_item_is_graded_under_a_course_that_holds_its_problem():
    from grader.course.course import DEFAULT_COURSE, course_modules

    for item in ITEMS:
        course = run.course_of(item.problem)
        assert item.problem.replace("-", "_") in course_modules(course), item.name
        assert (course is None) == (item.problem.replace("-", "_") in DEFAULT_COURSE), item.name
    assert run.course_of("map-priors") == "extended" and run.course_of("ce-mle") is None
    with pytest.raises(KeyError):
        run.course_of("no-such-problem")


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
    """The floor's top level holds the default course's problems (the corpus of the rounds before the
    extended items), its "extended" part, once recorded, the extended course's own problems."""
    by_set = run.figures_by_set(outcomes)
    floor = json.loads(run.FLOOR.read_text(encoding="utf-8"))
    for version in run.VERSIONS:
        assert floor[version]["items"] == by_set["default"][version].items, "the corpus changed: record its floor again"
        if "extended" in floor:
            assert floor["extended"][version]["items"] == by_set["extended"][version].items, "record the floor again"
    timeouts = {v: by_set["all"][v].timeouts for v in run.VERSIONS}
    assert run.below_floor_of_sets(by_set, floor) == [], f"lines left unchecked by the time limit: {timeouts}"


def test_the_floor_of_each_set_is_checked_on_its_own():
    def figures(agreement: float, missed: int):
        fields = dict.fromkeys(run.Figures.__dataclass_fields__, 0)
        return run.Figures(**{**fields, "items": 1, "agreement": agreement, "missed_mistakes": missed})

    by_set = {"default": {v: figures(0.8, 0) for v in run.VERSIONS}, "extended": {v: figures(0.5, 2) for v in run.VERSIONS}}
    floor = run.floor_of_sets(by_set)
    assert run.below_floor_of_sets(by_set, floor) == []
    worse = {"default": by_set["default"], "extended": {v: figures(0.4, 3) for v in run.VERSIONS}}
    complaints = run.below_floor_of_sets(worse, floor)
    assert complaints and all(text.startswith("extended ") for text in complaints)
    assert run.below_floor_of_sets(worse, {v: floor[v] for v in run.VERSIONS}) == []  # no extended floor yet


def test_the_runner_prints_the_table_and_json(capsys):
    assert run.main(["--only", ITEMS[0].name, "--workers", "1", "--show-disagreements"]) == 0
    printed = capsys.readouterr().out
    assert "lines where the grader agrees with the TA" in printed and "| as written | course notation |" in printed
    extended = next(item.name for item in ITEMS if run.problem_set(item.problem) == "extended")
    assert run.main(["--only", ITEMS[0].name, "--only", extended, "--workers", "1"]) == 0
    printed = capsys.readouterr().out
    assert all(title + ": 1 derivations" in printed for title in ("The default course's problems", "The extended course's own problems"))
    assert "Corpus: 2 derivations" in printed
    assert run.main(["--only", ITEMS[0].name, "--workers", "1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data["figures"]) == set(run.VERSIONS)
    assert data["figures"]["course"]["items"] == 1
    assert {entry["version"] for entry in data["items"]} == set(run.VERSIONS)
    assert set(data["figures_by_set"]) == {"all", "default"}


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
