"""The code checker's scoring apart from its diagnosis: the rule both rescues share, check groups
with blocked cases left out, one charge per mistake, and diagnosis that scores nothing."""

import ast
from pathlib import Path

import numpy as np
import pytest

from grader.codecheck.check import Finding
from grader.codecheck.diagnosis import Diagnosis, FailedFunction, Trace, failing_positions
from grader.codecheck.plan import Case, Output
from grader.codecheck.rescue import OTHER_BATCH, REFERENCE_CACHE, Rescue, rescued_groups
from grader.codecheck.runtime import Call
from grader.codecheck.scoring import CheckGroups, charged_once, forgive
from grader.results.models import CheckResult, Message

CODECHECK = Path(__file__).resolve().parent.parent / "grader" / "codecheck"


def case(call_id, group="g", outputs=("out",), function="backward"):
    return Case(function, Call(call_id, "backprop", function), tuple(Output(name, "values") for name in outputs), group)


def finding(of, passed, output=0, group=None):
    chosen = of.outputs[output]
    if group is not None:
        chosen = Output(chosen.name, chosen.kind, group=group)
    return Finding(of, chosen, passed, "" if passed else "status", None if passed else Message("codecheck.status.skipped"), np.zeros(2))


def right(original):
    return Finding(original.case, original.output, True, expected=original.expected, got=original.expected)


def wrong(original):
    return Finding(original.case, original.output, False, "values", Message("codecheck.values"), original.expected, np.ones(2))


# -- the rule both rescues share -------------------------------------------------------------------


def test_a_group_is_rescued_only_when_every_blocked_finding_in_it_is_right_on_its_retry():
    a, b, c = case("a"), case("b"), case("c", group="h")
    findings = [finding(a, False), finding(b, False), finding(c, False)]
    retries = {0: right(findings[0]), 1: wrong(findings[1]), 2: right(findings[2])}
    after, rescued = rescued_groups(findings, [0, 1, 2], retries)
    # group g: one of its two retries is wrong, so neither replaces its finding (all or nothing)
    assert after[0] is findings[0] and after[1] is findings[1]
    assert after[2] is retries[2] and rescued == [2]
    assert findings[2].passed is False  # the caller's list is not changed


def test_a_blocked_finding_without_a_retry_keeps_its_group_from_being_rescued():
    a, b = case("a"), case("b")
    findings = [finding(a, False), finding(b, False)]
    after, rescued = rescued_groups(findings, [0, 1], {0: right(findings[0])})
    assert rescued == [] and after == findings


def test_only_the_eligible_findings_are_grouped_and_replaced():
    a, b = case("a"), case("b")
    findings = [finding(a, False), finding(b, False)]
    after, rescued = rescued_groups(findings, [0], {0: right(findings[0]), 1: right(findings[1])})
    assert rescued == [0] and after[0].passed and after[1] is findings[1]


def test_the_notes_count_the_cases_rescued_per_failing_function_and_name_the_batch_sizes():
    a, b, c = case("a"), case("b"), case("c")
    findings = [right(finding(a, False)), right(finding(b, False)), right(finding(c, False))]
    rescue = Rescue(findings, {"a": "forward", "b": "forward", "c": "relu"}, {"a": "forward", "b": "forward"}, {"c": 3})
    notes = rescue.notes("backward")
    assert [n.key for n in notes] == [REFERENCE_CACHE, OTHER_BATCH]
    assert notes[0].params == {"function": "backward", "upstream": "forward", "count": "2"}
    assert notes[1].params == {"function": "backward", "upstream": "relu", "count": "1", "batches": "3"}
    assert rescue.still_blocked() == {}


def test_a_case_stays_blocked_unless_every_one_of_its_values_was_rescued():
    two = case("a", outputs=("dx", "dw"))
    findings = [right(finding(two, False, 0)), finding(two, False, 1, group="other")]
    rescue = Rescue(findings, {"a": "forward"}, {"a": "forward"}, {})
    assert rescue.still_blocked() == {"a": "forward"}


# -- check groups and charges ------------------------------------------------------------------------


def test_a_group_is_graded_on_the_cases_that_ran_and_names_what_kept_the_others_out():
    ran, blocked, alone = case("ran"), case("blocked"), case("alone", group="h")
    findings = [finding(ran, True), finding(blocked, False), finding(alone, False)]
    groups = CheckGroups.of(findings, {"blocked": "forward", "alone": "relu"})
    assert groups.findings == {"g": [findings[0]], "h": [findings[2]]}  # a group with no case that ran keeps them (and fails)
    assert groups.left_out == ("forward",)
    assert [n.key for n in groups.notes("backward")] == ["codecheck.cases_left_out"]
    own = CheckGroups.of(findings, {"blocked": "backward"})
    assert [n.key for n in own.notes("backward")] == ["codecheck.baseline_failed"]


class Mistake:
    def __init__(self, id, function, cost=None):
        self.id, self.function, self.cost = id, function, cost


def test_a_mistake_with_a_cost_is_charged_once_however_many_groups_it_explains():
    checks = [CheckResult(Message(f"codecheck.group.{g}"), passed=g == "d", weight=1.0) for g in "abcd"]
    detail = Diagnosis(Mistake("adam.eps", "adam", cost=0.25), frozenset(), frozenset({"a", "b"}))
    refund, capped, charging = charged_once("adam", list("abcd"), checks, [detail])
    # groups a and b cost 2 of 4 weights without the cap; the mistake costs a quarter: 1 given back
    assert refund == pytest.approx(1.0) and capped == checks[:2] and charging == 1
    # c, which it does not explain, is charged on top; a mistake of another function caps nothing
    other = Diagnosis(Mistake("relu.leak", "relu", cost=0.25), frozenset(), frozenset({"c"}))
    assert charged_once("adam", list("abcd"), checks, [other]) == (0.0, [], 0)


def test_a_forgiven_group_passes_with_the_note_naming_whose_mistake_it_is():
    checks = [CheckResult(Message("codecheck.group.a"), passed=False), CheckResult(Message("codecheck.group.b"), passed=False)]
    kept = forgive("backward", ["a", "b"], checks, {"b": ("forward", "codecheck.own_derivative")})
    assert kept[0] is checks[0]
    assert kept[1].passed and kept[1].message == Message("codecheck.own_derivative", {"function": "backward", "upstream": "forward"})


# -- diagnosis -----------------------------------------------------------------------------------------


def test_failing_positions_are_indexed_by_case_and_output():
    one, two = case("one", outputs=("x", "y")), case("two")
    findings = [finding(one, True, 0), finding(one, False, 1), finding(two, False)]
    assert failing_positions([one, two], findings) == {(0, 1): "g", (1, 0): "g"}


def test_a_group_is_explained_where_every_failure_in_it_shows_or_is_reproduced():
    failing = FailedFunction("f", (), {(0, 0): "g", (1, 0): "g", (2, 0): "h", (3, 0): "k"})
    trace = Trace(differs={"g": {(0, 0)}, "h": {(2, 0)}}, valued={"g", "h"}, reproduced={(1, 0)}, broken={"h"})
    assert trace.reproduced_groups() == ["g"]
    # g: one failure shown, one reproduced; h is broken; k: its failure is not the mistake's
    assert trace.explained(["g"], failing) == frozenset({"g"})


def imported_modules(path):
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            names.add(("." * node.level) + (node.module or ""))
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


@pytest.mark.parametrize("module", ["diagnosis.py", "evidence.py"])
def test_naming_a_mistake_never_reaches_into_scoring(module):
    scoring_side = {".scoring", ".rescue", ".forgiveness", ".variants", ".problem"}
    assert not imported_modules(CODECHECK / module) & scoring_side


def test_the_code_problem_module_still_offers_the_names_it_held_before_the_split():
    from grader.codecheck import problem

    for name in problem.__all__:
        assert hasattr(problem, name), name
