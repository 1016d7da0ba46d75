"""Hostile Python: each run carries one attack per code file, each aimed at a different function.

Attacks in different files cannot disturb each other (a file is imported on its own, and a
child that dies is replaced), so one grading checks four attacks at once and still says
precisely which part each one may cost.
"""

from __future__ import annotations

import pytest

from .arena import PROBLEM_OF_FILE, Target, assert_contained
from .attacks import CODE_ATTACKS, TARGETS, CodeAttack, hostile_source

FILES = tuple(TARGETS)


def plan_groups() -> list[list[tuple[str, str | None, CodeAttack]]]:
    """Attack i goes to file i % 4 of run i // 4, aimed at a function no other check depends on;
    an attack marked `alone` gets a run of its own."""
    groups: list[list[tuple[str, str | None, CodeAttack]]] = []
    shared = [a for a in CODE_ATTACKS if not a.alone]
    for i, attack in enumerate(shared):
        number, slot = divmod(i, len(FILES))
        if slot == 0:
            groups.append([])
        file = FILES[slot]
        function = None if attack.whole_file else TARGETS[file][number % len(TARGETS[file])]
        groups[-1].append((file, function, attack))
    for i, attack in enumerate(a for a in CODE_ATTACKS if a.alone):
        file = FILES[i % len(FILES)]
        groups.append([(file, None if attack.whole_file else TARGETS[file][0], attack)])
    return groups


GROUPS = plan_groups()


def test_the_catalogue_is_complete():
    assert len(CODE_ATTACKS) >= 30
    assert len({a.name for a in CODE_ATTACKS}) == len(CODE_ATTACKS)
    assert sum(len(g) for g in GROUPS) == len(CODE_ATTACKS)
    for group in GROUPS:
        assert len({file for file, _, _ in group}) == len(group)


@pytest.mark.parametrize("group", GROUPS, ids=[f"run{i}" for i in range(len(GROUPS))])
def test_hostile_code_is_contained(group, arena, clean):
    submission = arena.submission()
    targets = []
    for file, function, attack in group:
        with open(submission / file, "a") as handle:
            handle.write(hostile_source(attack, function, arena.context(submission)))
        problem = PROBLEM_OF_FILE[file]
        targets.append(Target(problem, None if function is None else (function,), attack.says))
    outcome = arena.grade(submission)
    assert_contained(outcome, clean, targets)


PRINTS_AND_IS_RIGHT = CodeAttack(
    "prints a line of debugging output, and is right",
    'for _line in range(300):\n    print("debug:", _line, "." * 100)\n_sys.stdout.flush()\n'
    'return _adv_original(*args, **kwargs)',
    "",
)


def test_an_output_flood_costs_only_the_function_that_floods(arena, clean):
    """Output beyond the file-size limit is dropped; another function's print must not fail because of it."""
    flood = next(a for a in CODE_ATTACKS if a.name == "megabytes of output on stdout and stderr")
    submission = arena.submission()
    with open(submission / "backprop.py", "a") as handle:
        handle.write(hostile_source(flood, "sigmoid_backward", arena.context(submission)))
    for file, function in (("perceptron.py", "perceptron_predict"), ("optimizers.py", "adam")):
        with open(submission / file, "a") as handle:
            handle.write(hostile_source(PRINTS_AND_IS_RIGHT, function, arena.context(submission)))
    outcome = arena.grade(submission)
    assert_contained(outcome, clean, [Target("backprop", ("sigmoid_backward",), flood.says)])
