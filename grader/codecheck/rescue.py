"""Cases blocked by another function's failure, and their rescue: judged again elsewhere.

A case that could not run because another function failed on its inputs (a backward pass whose
own forward pass raised) is that function's loss.  Where the plan gives it another chance, it is
judged again: first on the backward call given the reference forward's cache
(`plan.ReferenceCache`), then, where the forward pass raised on every case, on the student's own
forward pass run at another batch size (`plan.OtherBatch`).  Both rescues follow one rule
(`rescued_groups`): per check group, all or nothing; a group's blocked findings are replaced only
where every one of them is right on the retry, otherwise they stay as they were.  A rescue only
earns points, never costs more.

They differ in what a retry is, which is why each builds its own retries for the shared rule:
on the reference's cache the backward pass is judged on the same inputs, so the retry's finding
(its values) takes the blocked one's place; at another batch size the inputs differ, so the case
keeps its own inputs shown and is only marked passed; and the second is tried only for cases the
first did not rescue, at the first batch size where the student's forward pass is right.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import cast

import numpy as np

from grader.results.models import Message

from .check import Finding, judge, pick
from .evidence import Evidence
from .plan import Case, OtherBatch, Plan, ReferenceCache
from .runtime import CallOutcome, simulate

#: The note on a backward pass judged on the reference forward's cache (its own forward failed).
REFERENCE_CACHE = "codecheck.reference_cache"
#: The note on a backward pass judged on its own forward pass run at another batch size.
OTHER_BATCH = "codecheck.other_batch"


def forward_function(plan: Plan, fallback: ReferenceCache) -> str | None:
    """The function of the forward call whose cache `fallback`'s backward case gets."""
    return next((c.function for c in plan.cases if c.call.id == fallback.forward), None)


def raises_everywhere(plan: Plan, outcomes: Mapping[str, CallOutcome], function: str | None) -> bool:
    """Whether every checked call of `function` raised an exception (not a time-out or a crash:
    such a forward pass is not run again at other batch sizes, each try could cost a time limit)."""
    calls = [case.call.id for case in plan.cases if case.function == function]
    return bool(calls) and all(getattr(outcomes.get(call_id), "status", None) == "error" for call_id in calls)


def blocked_by(evidence: Evidence, case: Case) -> str | None:
    """The function whose failed call kept this case from running, if any (the case's own, for
    a case whose baseline failed: there is nothing to take the difference from)."""
    outcome = evidence.outcomes.get(case.call.id)
    if case.baseline is not None:
        base = evidence.outcomes.get(case.baseline)
        if base is None or not base.ok:
            return case.function
    if outcome is not None and outcome.status != "skipped":
        return None
    for call in evidence.graph.dependencies([case.call.id]):
        if call.function != case.function:
            before = evidence.outcomes.get(call.id)
            if before is not None and before.status not in ("ok", "skipped"):
                return call.function
    return None


def rescued_groups(findings: Sequence[Finding], eligible: Iterable[int], retries: Mapping[int, Finding]) -> tuple[list[Finding], list[int]]:
    """The rule both rescues share.  The findings at positions `eligible` are grouped by check
    group; a group is rescued when every one of them is right on its retry (`retries`, by
    position; a finding without a retry counts as it stands), and only then do the retries take
    their places.  Returns the findings and the positions rescued."""
    by_group: dict[str, list[int]] = {}
    for k in eligible:
        by_group.setdefault(findings[k].group, []).append(k)
    findings = list(findings)
    rescued: list[int] = []
    for positions in by_group.values():
        if all(retries.get(k, findings[k]).passed for k in positions):
            for k in positions:
                findings[k] = retries.get(k, findings[k])
            rescued.extend(positions)
    return findings, rescued


@dataclass(frozen=True)
class Rescue:
    """A function's findings after the rescue of its blocked cases."""

    findings: list[Finding]
    """Every finding of the function, the rescued ones replaced."""
    blocked: Mapping[str, str]
    """Case id -> the function whose failure blocked it (before any rescue)."""
    on_reference_cache: Mapping[str, str]
    """Case id with a group rescued on the reference's cache -> the forward function that failed."""
    at_other_batch: Mapping[str, int]
    """Case id rescued at another batch size -> that batch size."""

    def still_blocked(self) -> dict[str, str]:
        """The blocked cases that stay out of the groups that ran without them: all but those
        whose every value was rescued."""
        rescued = set(self.on_reference_cache) | set(self.at_other_batch)
        return {
            call_id: upstream
            for call_id, upstream in self.blocked.items()
            if not (call_id in rescued and all(f.passed for f in self.findings if f.case.call.id == call_id))
        }

    def notes(self, function: str) -> list[Message]:
        """What the student is told: per failing forward function, how many cases were judged on
        the reference's cache, and how many at which other batch sizes."""
        notes = []
        for upstream in sorted(set(self.on_reference_cache.values())):
            count = sum(1 for u in self.on_reference_cache.values() if u == upstream)
            notes.append(Message(REFERENCE_CACHE, {"function": function, "upstream": upstream, "count": str(count)}))
        upstream_of = {call_id: self.blocked[call_id] for call_id in self.at_other_batch}
        for upstream in sorted(set(upstream_of.values())):
            sizes = sorted({batch for call_id, batch in self.at_other_batch.items() if upstream_of[call_id] == upstream})
            count = sum(1 for u in upstream_of.values() if u == upstream)
            notes.append(Message(OTHER_BATCH, {
                "function": function, "upstream": upstream, "count": str(count), "batches": ", ".join(map(str, sizes)),
            }))
        return notes


class Rescuer:
    """Judges a function's blocked cases again where the plan gives them another chance."""

    def __init__(self, evidence: Evidence):
        self.evidence = evidence

    def rescue(self, function: str, cases: Sequence[Case], findings: list[Finding]) -> Rescue:
        """The function's findings with its blocked cases rescued where they can be."""
        blocked = {case.call.id: upstream for case in cases if (upstream := blocked_by(self.evidence, case))}
        findings, on_cache = self.on_reference_cache(function, findings, blocked)
        findings, at_batch = self.at_other_batch(findings, blocked, on_cache)
        return Rescue(findings, blocked, on_cache, at_batch)

    def on_reference_cache(self, function: str, findings: list[Finding], blocked: Mapping[str, str]) -> tuple[list[Finding], dict[str, str]]:
        """Findings of cases blocked by their own forward pass's failure, judged on the call of
        the backward pass given the reference forward's cache (a cache of another convention
        raises or differs there, and is charged no more than before).  Returns the findings and
        the case ids with a group rescued -> the forward function that failed there."""
        plan = self.evidence.plan
        fallbacks = {id(r.case): r for r in plan.reference_caches if r.case.function == function}
        if not fallbacks or not blocked:
            return findings, {}
        forward_of = {c.id: c.function for c in plan.calls}
        eligible: list[int] = []
        retries: dict[int, Finding] = {}
        for k, finding in enumerate(findings):
            fallback = fallbacks.get(id(finding.case))
            upstream = blocked.get(finding.case.call.id)
            if fallback is None or upstream is None or upstream != forward_of.get(fallback.forward):
                continue
            eligible.append(k)
            if not finding.passed and finding.expected is not None:  # a failed finding always has the expected value
                retries[k] = judge(finding.case, finding.output, finding.expected, self.evidence.outcomes.get(fallback.call_id))
        findings, rescued = rescued_groups(findings, eligible, retries)
        return findings, {findings[k].case.call.id: blocked[findings[k].case.call.id] for k in rescued}

    def at_other_batch(self, findings: list[Finding], blocked: Mapping[str, str], rescued: Mapping[str, str]) -> tuple[list[Finding], dict[str, int]]:
        """Findings of cases blocked because the student's own forward pass raised on every case,
        and that the reference's cache did not rescue, judged on the student's own forward pass
        run at another batch size (the first size where that forward pass returns the
        contract's values): the backward pass's values there against the reference's at the
        same inputs.  Returns the findings and the case ids rescued -> the batch size."""
        tried = self.tried_elsewhere(findings, blocked, rescued)
        if not tried:
            return findings, {}
        eligible = [k for k, f in enumerate(findings) if f.case.call.id in blocked and f.case.call.id not in rescued]
        retries: dict[int, Finding] = {}
        for k in eligible:
            finding = findings[k]
            judged = tried.get(finding.case.call.id)
            retry = judged[1].get(finding.case.outputs.index(finding.output)) if judged is not None else None
            if retry is not None:
                # the case keeps its own inputs shown; its values were judged at another batch
                retries[k] = dataclasses.replace(finding, passed=True, rung="", message=None) if retry.passed else retry
        findings, positions = rescued_groups(findings, eligible, retries)
        batches: dict[str, int] = {}
        for k in positions:
            judged_at = tried[findings[k].case.call.id]
            assert judged_at is not None, "a rescued finding was judged at another batch"
            batches[findings[k].case.call.id] = judged_at[0]
        return findings, batches

    def tried_elsewhere(
        self, findings: Sequence[Finding], blocked: Mapping[str, str], rescued: Mapping[str, str]
    ) -> dict[str, tuple[int, dict[int, Finding]] | None]:
        """Per blocked, failed and not yet rescued case whose forward pass has other batch sizes
        planned: the batch size and findings there (`own_forward_elsewhere`), or None."""
        plan = self.evidence.plan
        pending = {
            f.case.call.id
            for f in findings
            if f.case.call.id in blocked and f.case.call.id not in rescued and not f.passed
        }
        tried: dict[str, tuple[int, dict[int, Finding]] | None] = {}
        for fallback in plan.reference_caches:
            call_id = fallback.case.call.id
            if call_id in pending and blocked[call_id] == forward_function(plan, fallback):
                tried[call_id] = self.own_forward_elsewhere(plan.other_batches(fallback))
        return tried

    def own_forward_elsewhere(self, tries: Sequence[OtherBatch]) -> tuple[int, dict[int, Finding]] | None:
        """At the first try whose forward pass returned the reference's values: the batch size
        and the backward case's findings per output position there; None if no try did."""
        outcomes = self.evidence.outcomes
        for other in tries:
            forward_outcome = outcomes.get(other.forward.id)
            if forward_outcome is None or not forward_outcome.ok:
                continue
            expected = simulate([other.forward, other.backward], self.evidence.problem.functions())
            forward_case = dataclasses.replace(other.forward_case, call=other.forward)
            right = all(
                judge(forward_case, output, cast(np.ndarray, pick(forward_case, output, expected.get(other.forward.id)).array), forward_outcome).passed
                for output in forward_case.outputs
            )
            if not right:
                continue  # a forward pass that deviates at this batch too: no judgment of its backward
            case = dataclasses.replace(other.case, call=other.backward)
            judged = {
                j: judge(case, output, cast(np.ndarray, pick(case, output, expected.get(other.backward.id)).array), outcomes.get(other.backward.id))
                for j, output in enumerate(case.outputs)
            }
            return other.batch, judged
        return None
