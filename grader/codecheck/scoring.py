"""Scoring a code problem's functions: findings gathered into check groups, weighed, and charged once.

A function's points are split over its check groups by weight; a group is passed when every value
of every case in it passes.  Before the score is taken, a failed function's groups are looked at
again: values between the reference's and an accepted variant's pass (`variants`), blocked cases
are judged elsewhere (`rescue`), failures that are another function's mistake are forgiven
(`forgiveness`), and a known mistake with a cost is charged that cost once, however many groups it
explains (`charged_once`).  Which mistake it is comes from `diagnosis`; what it costs, from here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from grader.results.formatting import value_text
from grader.results.models import CheckResult, Message, PartResult

from ..sandbox.numpy1 import REPLACEMENTS, used_names
from .check import Finding, judge, preview
from .diagnosis import MAX_MISTAKES, Diagnosis, Diagnostician
from .evidence import Conclusions, Evidence
from .forgiveness import Forgiven, Forgiveness
from .plan import Case
from .rescue import Rescuer
from .variants import accept_variants


@dataclass(frozen=True)
class CheckGroups:
    """A function's findings gathered by check group, the blocked cases left out."""

    findings: dict[str, list[Finding]]
    """Group -> the findings that count in it, in the order the groups first appear."""
    left_out: tuple[str, ...]
    """The functions (sorted) whose failure kept cases out of groups that ran without them."""

    @classmethod
    def of(cls, findings: Sequence[Finding], blocked: Mapping[str, str]) -> CheckGroups:
        """A case that could not run because another function failed on its inputs is that
        function's loss: a group is graded on its cases that ran (a group with none fails)."""
        groups: dict[str, list[Finding]] = {}
        for finding in findings:
            groups.setdefault(finding.group, []).append(finding)
        unblocked = {g: [f for f in items if f.case.call.id not in blocked] for g, items in groups.items()}
        left_out = sorted({blocked[f.case.call.id] for g, items in groups.items() if unblocked[g] for f in items if f.case.call.id in blocked})
        return cls({g: unblocked[g] or items for g, items in groups.items()}, tuple(left_out))

    @property
    def names(self) -> list[str]:
        return list(self.findings)

    def notes(self, function: str) -> list[Message]:
        """What the student is told about the cases left out (its own baseline's failure apart)."""
        notes = []
        others = [f for f in self.left_out if f != function]
        if function in self.left_out:
            notes.append(Message("codecheck.baseline_failed", {"function": function}))
        if others:
            notes.append(Message("codecheck.cases_left_out", {"function": function, "upstream": ", ".join(others)}))
        return notes


@dataclass(frozen=True)
class Charges:
    """What a failed function is charged, after forgiveness and the one-charge-per-mistake cap."""

    checks: list[CheckResult]
    """Its check groups, those forgiven passed with a note."""
    feedback: list[Message]
    """The mistakes named and the notes on forgiveness, failures and the cap."""
    mistakes: tuple[str, ...]
    """The ids of the mistakes counted against this function (not those counted upstream)."""
    refund: float
    """Weight given back by the cap (`charged_once`)."""


def charged_once(
    function: str, names: Sequence[str], checks: Sequence[CheckResult], diagnosed: Sequence[Diagnosis]
) -> tuple[float, list[CheckResult], int]:
    """One charge per mistake: the failed check groups whose every failure a known mistake of
    this function with a catalogued cost (`Mutant.cost`) explains cost together at most the
    sum of those mistakes' costs (a share of the function's weight), not each its own weight.
    A failed group no such mistake explains costs its weight as before, so a second mistake is
    charged on top.  Returns the weight given back, the failed checks the cap covers and how
    many mistakes it charges."""
    failed = {name: check for name, check in zip(names, checks) if not check.passed}
    covered: dict[str, CheckResult] = {}
    cost, charging = 0.0, 0
    for diagnosis in diagnosed:
        mutant = diagnosis.mutant
        share = getattr(mutant, "cost", None)
        groups = [g for g in sorted(diagnosis.explained) if g in failed]
        if mutant.function != function or share is None or not groups:
            continue
        cost += share
        charging += 1
        covered.update((g, failed[g]) for g in groups)
    if not covered:
        return 0.0, [], 0
    weight = sum(c.weight for c in covered.values())
    cap = cost * sum(c.weight for c in checks)
    return max(0.0, weight - cap), [covered[g] for g in names if g in covered], charging


def forgive(function: str, names: Sequence[str], checks: Sequence[CheckResult], forgiven: Forgiven) -> list[CheckResult]:
    """The checks with each failed group that is another function's mistake passed, with the
    note that says whose."""
    kept = list(checks)
    for index, check in enumerate(kept):
        reason = forgiven.get(names[index])
        if not check.passed and reason is not None:
            upstream, key = reason
            kept[index] = dataclasses.replace(check, passed=True, message=Message(key, {"function": function, "upstream": upstream}))
    return kept


def numpy1_notes(function: str, outcomes: Sequence[Any]) -> list[Message]:
    """The names NumPy 2 removed that the child served the function with their NumPy 1 meaning."""
    removed = used_names(outcomes)
    if not removed:
        return []
    # the child's own accounting of the names it served, never the student's text
    names = ", ".join(f"np.{name} ({REPLACEMENTS[name]})" for name in removed)
    return [Message("codecheck.numpy1", {"function": function, "names": names})]


class Grading:
    """One problem's grading, function by function (in dependency order: what one part
    concludes can rest on another's)."""

    def __init__(self, evidence: Evidence):
        self.evidence = evidence
        self.conclusions = Conclusions()
        self.diagnostician = Diagnostician(evidence, self.conclusions.diagnosed)
        self.forgiveness = Forgiveness(evidence, self.conclusions.diagnosed, self.conclusions.charged)
        self.rescuer = Rescuer(evidence)

    def part(self, function: str, points: float) -> PartResult:
        """The function's score, checks and feedback."""
        evidence = self.evidence
        cases = evidence.cases_of(function)
        findings = [
            judge(case, output, evidence.expected_value(case, output), evidence.outcome_of(case, evidence.outcomes))
            for case in cases
            for output in case.outputs
        ]
        findings, accepted = accept_variants(evidence, function, cases, findings)
        rescue = self.rescuer.rescue(function, cases, findings)
        groups = CheckGroups.of(rescue.findings, rescue.still_blocked())
        weights = evidence.problem.weights.get(function, {})
        checks = [self.check_result(function, group, items, weights.get(group, 1.0)) for group, items in groups.findings.items()]
        feedback: list[Message] = [Message(v.message_key) for v in accepted]
        feedback += rescue.notes(function) + groups.notes(function)
        feedback += numpy1_notes(function, [evidence.outcomes.get(case.call.id) for case in cases])
        if all(c.passed for c in checks):
            charges = Charges(checks, [Message("codecheck.function_correct", {"function": function})], (), 0.0)
        else:
            charges = self.charges(function, points, cases, rescue.findings, groups.names, checks)
        return self.scored(function, points, charges, feedback)

    def scored(self, function: str, points: float, charges: Charges, feedback: list[Message]) -> PartResult:
        """The part's result: its share of `points` by the weight of the groups passed."""
        total = sum(c.weight for c in charges.checks)
        earned = sum(c.weight for c in charges.checks if c.passed) + charges.refund
        self.conclusions.charged[function] = earned < total
        # hundredths, so that the parts, problems and total in a gradebook add up as printed
        score = round(points * earned / total, 2) if total else 0.0
        return PartResult(
            id=function,
            score=score,
            max_score=points,
            feedback=tuple(feedback + charges.feedback),
            checks=tuple(charges.checks),
            mistakes=charges.mistakes,
        )

    def charges(
        self, function: str, points: float, cases: Sequence[Case], findings: Sequence[Finding], names: Sequence[str], checks: list[CheckResult]
    ) -> Charges:
        """A failed function's checks after forgiveness, the mistakes named in it, and what the
        one-charge-per-mistake cap gives back."""
        diagnosed = self.diagnostician.diagnose(function, cases, findings)
        self.conclusions.diagnosed[function] = {d.mutant.id for d in diagnosed}
        feedback = [Message(d.mutant.message_key) for d in diagnosed[:MAX_MISTAKES]]
        forgiven = self.forgiveness.forgiven(function, cases, findings, diagnosed)
        checks = forgive(function, names, checks, forgiven)
        failed = [c for c in checks if not c.passed]
        for upstream in sorted({upstream for upstream, _ in forgiven.values()}):
            key = "codecheck.upstream_partly" if failed else "codecheck.upstream_mistake"
            feedback.append(Message(key, {"function": function, "upstream": upstream}))
        if failed:
            feedback.append(Message("codecheck.function_failed", {"function": function, "failed": len(failed), "total": len(checks)}))
        refund, capped, charging = charged_once(function, names, checks, diagnosed)
        if refund > 0:
            charged = round(points * (sum(c.weight for c in capped) - refund) / sum(c.weight for c in checks), 2)
            feedback.append(Message("codecheck.charged_once" if charging == 1 else "codecheck.charged_once_each", {
                "function": function, "groups": len(capped), "charged": value_text(charged), "points": value_text(points),
                "count": str(charging),
            }))
        return Charges(checks, feedback, self.counted_here(function, diagnosed), refund)

    def counted_here(self, function: str, diagnosed: Sequence[Diagnosis]) -> tuple[str, ...]:
        """The ids of the named mistakes counted against `function`: an earlier function's mistake
        that explains failures here is counted there (class statistics), not again here."""
        counted_upstream = {
            d.mutant.id
            for d in diagnosed
            if d.mutant.function != function and d.mutant.id in self.conclusions.diagnosed.get(d.mutant.function, ())
        }
        return tuple(d.mutant.id for d in diagnosed[:MAX_MISTAKES] if d.mutant.id not in counted_upstream)

    def check_result(self, function: str, group: str, findings: Sequence[Finding], weight: float) -> CheckResult:
        """One check group's result: passed, or the first failing case with values to compare
        where there is one (an exception says less)."""
        failing = next((f for f in findings if not f.passed and f.got is not None), None)
        failing = failing or next((f for f in findings if not f.passed), None)
        trajectory = self.trajectory(function, group)
        name = Message(f"codecheck.group.{group}", {"function": function})
        if failing is None:
            return CheckResult(name=name, passed=True, weight=weight, trajectory=trajectory)
        return CheckResult(
            name=name,
            passed=False,
            message=failing.message,
            expected=preview(failing.expected),
            got=preview(failing.got),
            inputs=dict(failing.case.inputs),
            weight=weight,
            trajectory=trajectory,
        )

    def trajectory(self, function: str, group: str) -> Mapping[str, Any] | None:
        """The optimizer's path the group follows (`plan.Trajectory`), the reference's and the
        student's, for a plot; None for a group without one."""
        spec = next((s for s in self.evidence.plan.trajectories if s.function == function and s.group == group), None)
        if spec is None:
            return None
        student = [list(spec.start)]
        for call_id in spec.call_ids:
            point = self.trajectory_point(call_id, len(spec.start))
            if point is None:
                break
            student.append(point)
        return {
            "objective": spec.objective,
            "reference": [list(p) for p in spec.reference],
            "student": student,
        }

    def trajectory_point(self, call_id: str, size: int) -> list[float] | None:
        """The point the student's step `call_id` moved to (the first value it returned), or None
        where it returned no finite point of `size` coordinates (the path ends there)."""
        outcome = self.evidence.outcomes.get(call_id)
        value = outcome.value if outcome is not None and outcome.status == "ok" else None
        step = value[0] if isinstance(value, (tuple, list)) and value else None
        try:
            point = np.asarray(step, dtype=np.float64).reshape(-1)
        except (TypeError, ValueError):
            return None
        if point.shape != (size,) or not np.all(np.isfinite(point)):
            return None
        return [float(v) for v in point]
