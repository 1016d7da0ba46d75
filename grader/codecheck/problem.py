"""A code problem: plans calls for the shared sandbox run, then grades the run in the parent.

Every expected value comes from the reference, run here on the same inputs
(`runtime.simulate`); the child's results are only compared with it.  A
function's points are split over its check groups by weight; a group is
passed when every value of every case in it passes.  Failing functions
are compared with the catalog of known mistakes (`grader.reference.mutants`).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np

from ..models import GRADED, MISSING, CheckResult, Message, PartResult, ProblemResult
from ..problem import GradingContext, problem_result
from ..sandbox.numpy1 import REPLACEMENTS, used_names
from ..submission import Submission, SubmissionFileError
from . import messages  # noqa: F401  (defines the sentences)
from .check import Finding, Picked, equal, finite_base, finite_entries, judge, pick, preview, same, short_detail, to_array
from .contract_file import ContractFileProblem
from .plan import Case, Composition, Derivative, OtherBatch, Output, Plan, ReferenceCache
from .runtime import CallGraph, CallOutcome, simulate
from .tolerance import (
    DEVIATION_COSINE,
    DEVIATION_RATIO,
    DIAGNOSIS_MARGIN,
    OWN_DERIVATIVE_TOLERANCE,
    TOLERANCE,
    relative_error,
    within_band,
)

#: The notes on a check forgiven because of another function's mistake.
CONSISTENT = "codecheck.consistent_with_upstream"
OWN_DERIVATIVE = "codecheck.own_derivative"
OWN_LAYERS = "codecheck.own_layers"
#: The note on a backward pass judged on the reference forward's cache (its own forward failed).
REFERENCE_CACHE = "codecheck.reference_cache"
#: The note on a backward pass judged on its own forward pass run at another batch size.
OTHER_BATCH = "codecheck.other_batch"


def marginal(output: Output, predicted: Picked, expected: np.ndarray) -> bool:
    """Whether a known mistake changes a value by so little (`tolerance.DIAGNOSIS_MARGIN`) that
    whether it shows depends on the seed's data: such a value is no evidence for or against it."""
    if predicted.array is None or predicted.array.shape != expected.shape:
        return False
    finite = np.isfinite(expected)
    if not np.array_equal(np.isfinite(predicted.array), finite):
        return False
    return relative_error(*finite_entries(output, expected, predicted.array, finite)) <= DIAGNOSIS_MARGIN * TOLERANCE[output.kind]


def shows_mistake(output: Output, predicted: Picked, expected: np.ndarray) -> bool:
    """Whether a known mistake's value differs from the reference's beyond the margin of
    `marginal`: ``not (same(output, predicted, Picked(expected)) or marginal(output, predicted,
    expected))``, the finite entries compared and the relative error taken once where the two
    would take the same (asked for every value of every known mistake tried)."""
    a = predicted.array
    if a is None:  # not ok: no value
        return True
    if a.shape != expected.shape:
        return True
    if equal(a, expected) and (output.base is None or output.kind != "step" or finite_base(output, a.shape)):
        return False
    finite = np.isfinite(expected)
    everywhere = bool(finite.all())  # the usual case: then no entry is masked and no NaN compared
    if not (np.isfinite(a).all() if everywhere else np.array_equal(np.isfinite(a), finite)):
        return True
    if everywhere or np.array_equal(np.isnan(a), np.isnan(expected)):
        error = relative_error(*finite_entries(output, a, expected, finite))
        if error <= TOLERANCE[output.kind]:
            return False
        if output.kind != "step" or output.base is None:
            # the error is symmetric but for a step's rounding slack, which is taken from its first value
            return not error <= DIAGNOSIS_MARGIN * TOLERANCE[output.kind]
    return not marginal(output, predicted, expected)


def like_the_contract(gradient: np.ndarray, expected: np.ndarray) -> bool:
    """Whether a gradient is of the contract's kind (`tolerance.DEVIATION_RATIO`, `DEVIATION_COSINE`):
    of a comparable size and pointing the same way, so the derivative of a forward pass with a
    deviation rather than of another function (zeros are the exact derivative of zeros)."""
    size, reference = float(np.linalg.norm(gradient)), float(np.linalg.norm(expected))
    if not (size > 0 and reference > 0) or not 1 / DEVIATION_RATIO <= size / reference <= DEVIATION_RATIO:
        return False
    return float(np.sum(gradient * expected)) >= DEVIATION_COSINE * size * reference


def difference(first: Any, second: Any) -> Any:
    """`first` minus `second`, node by node, for two returned values of the same structure
    (numbers and arrays subtract; a node that does not match stays `first`'s, to be judged)."""
    if isinstance(first, dict) and isinstance(second, dict):
        return {key: difference(value, second[key]) if key in second else value for key, value in first.items()}
    if isinstance(first, (tuple, list)) and isinstance(second, (tuple, list)) and len(first) == len(second):
        return type(first)(difference(a, b) for a, b in zip(first, second))
    a, b = to_array(first), to_array(second)
    if a is None or b is None or a.shape != b.shape:
        return first
    with np.errstate(all="ignore"):
        return a - b

#: At most this many known mistakes are named per function.
MAX_MISTAKES = 3


def _reference_mutants():
    from grader.reference import mutants

    return mutants


@dataclass(frozen=True)
class CodeProblem(ContractFileProblem):
    """A problem graded by running the student's functions of one contract file."""

    id: str
    title: str
    module: str
    """The contract file without .py (``"backprop"``)."""
    points: Mapping[str, float]
    """Default points per function (the parts, in this order)."""
    build: Callable[[int], Plan]
    """The plan of calls and cases for a seed (must be deterministic)."""
    weights: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    """Weight of each check group within a function (default 1)."""
    reference: Callable[[Mapping[str, Callable]], Mapping[str, Callable]] | None = None
    """The reference functions by name, with some replaced (a known mistake); by default the
    course's reference of `module` (`grader.reference.mutants.implementation`).  An instructor's
    own code problem passes its own."""
    composes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Functions the contract expects to be built from others of the same file (``mlp_loss``
    from the layers): a known mistake of one of those is looked for in the composite too,
    and where it explains the composite's failures it is charged once, in the layer."""
    mistake_catalog: Callable[[], Sequence[Any]] | None = None
    """The known mistakes of this problem's file (objects like `grader.reference.mutants.Mutant`);
    by default the catalog's for `module`, none for a problem with its own reference."""
    kind: str = "code"

    def functions(self, overrides: Mapping[str, Callable] | None = None) -> Mapping[str, Callable]:
        """The reference functions by name, with `overrides` swapped in."""
        if self.reference is not None:
            return self.reference(dict(overrides or {}))
        return _reference_mutants().implementation(self.module, overrides)

    def known_mistakes(self) -> Sequence[Any]:
        if self.mistake_catalog is not None:
            return self.mistake_catalog()
        if self.reference is not None:
            return ()
        return _reference_mutants().mutants_of(self.module)

    def accepted_variants(self) -> Sequence[Any]:
        """Accepted deviations (a stabilizing epsilon) of this problem's file: the catalog's for
        `module`, none for a problem with its own reference."""
        if self.reference is not None:
            return ()
        return _reference_mutants().variants_of(self.module)

    def plan(self, context: GradingContext) -> Plan:
        return _plan(self.build, self.seed(context))

    # -- the engine's protocol ------------------------------------------------------------------

    def plan_calls(self, submission: Submission, context: GradingContext) -> list:
        if not submission.has(self.files[0]):
            return []
        return list(self.plan(context).calls)

    def follow_up_calls(self, submission: Submission, context: GradingContext, run: Any) -> list:
        """Calls for a second sandbox run, after `run`: each backward case whose own forward call
        failed, given the reference forward's cache instead (`plan.ReferenceCache`)."""
        outcomes = getattr(run, "outcomes", None)
        if not outcomes or not submission.has(self.files[0]):
            return []
        plan = self.plan(context)
        follow_up = []
        for fallback in plan.reference_caches:
            forward, backward = outcomes.get(fallback.forward), outcomes.get(fallback.case.call.id)
            if forward is not None and not forward.ok and backward is not None and not backward.ok:
                follow_up.append(fallback.call)
                if raises_everywhere(plan, outcomes, forward_function(plan, fallback)):
                    for other in plan.other_batches(fallback):
                        follow_up.extend((other.forward, other.backward))
        return follow_up

    def grade(self, submission: Submission, context: GradingContext) -> ProblemResult:
        """Grading without a sandbox run (the file is missing, or nothing was run)."""
        return self.grade_run(submission, context, None)

    def grade_run(self, submission: Submission, context: GradingContext, run: Any) -> ProblemResult:
        points = self.part_points(context)
        seed = self.seed(context)
        isolation = getattr(run, "isolation", None)
        if not submission.has(self.files[0]):
            return self._zero(points, seed, isolation, MISSING, _why_unusable(submission, self.files[0]))
        if run is None:
            return self._zero(points, seed, isolation, GRADED, Message("codecheck.not_run", {"file": self.files[0]}))
        plan = _plan(self.build, seed)
        outcomes: Mapping[str, CallOutcome] = run.outcomes
        graph = CallGraph(plan.calls)
        # the reference runs only the plan's parts that hold a checked case: the rest (a student's
        # own forward pass at moved inputs, their layers chained) is judged on the student's values
        checked = [case.call.id for case in plan.cases] + [case.baseline for case in plan.cases if case.baseline]
        expected = simulate(graph.connected(checked), self.functions(), graph=graph)
        grader = _Grading(self, plan, outcomes, expected, graph)
        # graded in dependency order (a forward pass before its backward, the layers before
        # the MLP: what one part concludes can rest on another's), shown in the order of POINTS
        graded = {name: grader.part(name, points[name]) for name in grading_order(self, plan, grader.graph)}
        parts = tuple(graded[name] for name in self.points)
        error = _import_error(plan, outcomes)
        return problem_result(self, GRADED, parts, error=error, seed=seed, isolation=isolation)


def forward_function(plan: Plan, fallback: ReferenceCache) -> str | None:
    """The function of the forward call whose cache `fallback`'s backward case gets."""
    return next((c.function for c in plan.cases if c.call.id == fallback.forward), None)


def raises_everywhere(plan: Plan, outcomes: Mapping[str, CallOutcome], function: str | None) -> bool:
    """Whether every checked call of `function` raised an exception (not a time-out or a crash:
    such a forward pass is not run again at other batch sizes, each try could cost a time limit)."""
    calls = [case.call.id for case in plan.cases if case.function == function]
    return bool(calls) and all(getattr(outcomes.get(call_id), "status", None) == "error" for call_id in calls)


def _why_unusable(submission: Submission, name: str) -> Message:
    """Why a file cannot be used: missing, or refused (a symbolic link, too large, not a regular file)."""
    try:
        submission.read_bytes(name)
    except SubmissionFileError as exc:
        return exc.message
    return Message("submission.file_missing", {"file": name})


def grading_order(problem: CodeProblem, plan: Plan, graph: CallGraph | None = None) -> list[str]:
    """The functions of `problem.points`, each after those its cases depend on (through the
    results they are given) and those it composes; otherwise in the order of `points`, so that
    the order of POINTS never changes a grade."""
    names = list(problem.points)
    needs: dict[str, set[str]] = {name: set(problem.composes.get(name, ())) for name in names}
    graph = graph or CallGraph(plan.calls)
    for case in plan.cases:
        if case.function in needs:
            needs[case.function] |= graph.functions_reached(case.call.id)
    order: list[str] = []
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if name in order or name in visiting or name not in needs:
            return
        visiting.add(name)
        for other in sorted(needs[name] - {name}, key=lambda n: names.index(n) if n in names else len(names)):
            visit(other)
        visiting.discard(name)
        order.append(name)

    for name in names:
        visit(name)
    return order


@functools.lru_cache(maxsize=32)
def _plan(build: Callable[[int], Plan], seed: int) -> Plan:
    """The plan of a seed, made once for plan_calls and grade_run (nothing mutates a plan)."""
    return build(seed)


def _import_error(plan: Plan, outcomes: Mapping[str, CallOutcome]) -> Message | None:
    for call in plan.calls:
        outcome = outcomes.get(call.id)
        if outcome is not None and outcome.status == "import_error":
            detail = short_detail(outcome.message)
            return Message("codecheck.status.import_error", {"file": f"{call.module}.py", "detail": detail})
    return None


@dataclass(frozen=True)
class Diagnosis:
    """A known mistake recognized in a function's results."""

    mutant: Any
    pairs: frozenset
    """(case, output) positions where the mistake shows and the student reproduces it."""
    explained: frozenset
    """Check groups in which it explains every failure."""


class _Grading:
    """One problem's grading: findings per function, scores, diagnosis."""

    def __init__(self, problem: CodeProblem, plan: Plan, outcomes, expected, graph: CallGraph | None = None):
        self.problem = problem
        self.plan = plan
        self.graph = graph or CallGraph(plan.calls)
        """The plan's calls indexed by what they are given (the plan is complete here)."""
        self.outcomes = outcomes
        self.expected = expected
        self._mutant_runs: dict[str, dict[str, CallOutcome]] = {}
        self._expected_values: dict[tuple[Case, Output], np.ndarray] = {}
        """The reference's value per (case, output): asked again for every known mistake tried."""
        self._student_picks: dict[tuple[Case, Output], tuple[np.ndarray, Picked]] = {}
        """The student's value per (case, output), with the expected value it was adapted to."""
        self._student_same: dict[tuple[Case, Output], tuple[Picked, bool]] = {}
        """Whether that value is the reference's (`same`), per (case, output), with the value."""
        self.diagnosed: dict[str, set[str]] = {}
        self.charged: dict[str, bool] = {}
        """Functions graded so far that lost points."""

    def outcome_of(self, case: Case, outcomes: Mapping[str, CallOutcome]) -> CallOutcome | None:
        """The case's outcome in `outcomes`; for a case with a baseline, its difference from the
        baseline's (or the failing one of the two)."""
        outcome = outcomes.get(case.call.id)
        if case.baseline is None or outcome is None or not outcome.ok:
            return outcome
        base = outcomes.get(case.baseline)
        if base is None or not base.ok:
            return base
        return dataclasses.replace(outcome, value=difference(outcome.value, base.value))

    def expected_value(self, case: Case, output: Output) -> np.ndarray:
        # the reference's outcomes are fixed for the grading: picked (and a baseline's difference
        # taken) once, not again for each known mistake that diagnose tries
        known = self._expected_values.get((case, output))
        if known is not None:
            return known
        picked = pick(case, output, self.outcome_of(case, self.expected))
        if picked.array is None:  # the reference itself failed: a grader bug, reported per problem
            raise RuntimeError(f"reference failed on {case.call.id}: {picked.message}")
        self._expected_values[(case, output)] = picked.array
        return picked.array

    def student_pick(self, case: Case, output: Output, expected: np.ndarray) -> Picked:
        # the student's outcomes are fixed too; a pick is reused only for the very same expected
        # array (an adapted value depends on it), which expected_value hands out once per pair
        known = self._student_picks.get((case, output))
        if known is not None and known[0] is expected:
            return known[1]
        outcome = self.outcome_of(case, self.outcomes)
        picked = pick(case, output, outcome)
        if picked.array is not None and output.adapt is not None:
            value = outcome.value if outcome is not None else None
            picked = Picked(output.adapt(picked.array, expected, value))
        self._student_picks[(case, output)] = (expected, picked)
        return picked

    def student_same(self, case: Case, output: Output, expected: np.ndarray, student: Picked) -> bool:
        """`same(output, student, Picked(expected))`, once per student's value: every known
        mistake that differs from the reference on this value asks it again."""
        known = self._student_same.get((case, output))
        if known is not None and known[0] is student:
            return known[1]
        result = same(output, student, Picked(expected))
        self._student_same[(case, output)] = (student, result)
        return result

    def part(self, function: str, points: float) -> PartResult:
        cases = [case for case in self.plan.cases if case.function == function]
        findings = [
            judge(case, output, self.expected_value(case, output), self.outcome_of(case, self.outcomes))
            for case in cases
            for output in case.outputs
        ]
        findings, accepted = self.accept_variants(function, cases, findings)
        blocked = {case.call.id: upstream for case in cases if (upstream := self.blocked_by(case))}
        findings, rescued = self.judged_on_reference_cache(function, findings, blocked)
        findings, batches = self.judged_on_other_batch(function, findings, blocked, rescued)
        rescued = {**rescued, **{call_id: blocked[call_id] for call_id in batches}}
        # a case stays out of the groups that ran without it unless all of its values were rescued
        blocked = {
            call_id: upstream
            for call_id, upstream in blocked.items()
            if not (call_id in rescued and all(f.passed for f in findings if f.case.call.id == call_id))
        }
        groups: dict[str, list[Finding]] = {}
        for finding in findings:
            groups.setdefault(finding.group, []).append(finding)
        # A case that could not run because another function failed on its inputs is that
        # function's loss; this one is graded on the cases that ran (a group with none fails).
        unblocked = {g: [f for f in items if f.case.call.id not in blocked] for g, items in groups.items()}
        left_out = sorted({blocked[f.case.call.id] for g, items in groups.items() if unblocked[g] for f in items if f.case.call.id in blocked})
        groups = {g: unblocked[g] or items for g, items in groups.items()}
        weights = self.problem.weights.get(function, {})
        checks = [self.check_result(function, group, items, weights.get(group, 1.0)) for group, items in groups.items()]
        feedback: list[Message] = [Message(v.message_key) for v in accepted]
        for upstream in sorted({u for call_id, u in rescued.items() if call_id not in batches}):
            count = sum(1 for call_id, u in rescued.items() if u == upstream and call_id not in batches)
            feedback.append(Message(REFERENCE_CACHE, {"function": function, "upstream": upstream, "count": str(count)}))
        for upstream in sorted({rescued[call_id] for call_id in batches}):
            sizes = sorted({batch for call_id, batch in batches.items() if rescued[call_id] == upstream})
            count = sum(1 for call_id in batches if rescued[call_id] == upstream)
            feedback.append(Message(OTHER_BATCH, {
                "function": function, "upstream": upstream, "count": str(count), "batches": ", ".join(map(str, sizes)),
            }))
        mistakes: tuple[str, ...] = ()
        refund = 0.0
        if function in left_out:
            feedback.append(Message("codecheck.baseline_failed", {"function": function}))
            left_out.remove(function)
        if left_out:
            feedback.append(Message("codecheck.cases_left_out", {"function": function, "upstream": ", ".join(left_out)}))
        removed = used_names(self.outcomes.get(case.call.id) for case in cases)
        if removed:
            # the child's own accounting of the names it served, never the student's text
            names = ", ".join(f"np.{name} ({REPLACEMENTS[name]})" for name in removed)
            feedback.append(Message("codecheck.numpy1", {"function": function, "names": names}))
        if all(c.passed for c in checks):
            feedback.append(Message("codecheck.function_correct", {"function": function}))
        else:
            diagnosed = self.diagnose(function, cases, findings)
            self.diagnosed[function] = {d.mutant.id for d in diagnosed}
            feedback.extend(Message(d.mutant.message_key) for d in diagnosed[:MAX_MISTAKES])
            forgiven = {
                **self.own_derivative_explained(function, findings),
                **self.own_layers_explained(function, findings),
                **self.upstream_explained(function, cases, diagnosed),
            }
            # an earlier function's mistake that explains everything here is counted there
            # (class statistics), not again here
            counted_upstream = {
                d.mutant.id
                for d in diagnosed
                if d.mutant.function != function and d.mutant.id in self.diagnosed.get(d.mutant.function, ())
            }
            mistakes = tuple(d.mutant.id for d in diagnosed[:MAX_MISTAKES] if d.mutant.id not in counted_upstream)
            for index, check in enumerate(checks):
                reason = forgiven.get(list(groups)[index])
                if not check.passed and reason is not None:
                    upstream, key = reason
                    note = Message(key, {"function": function, "upstream": upstream})
                    checks[index] = dataclasses.replace(check, passed=True, message=note)
            failed = [c for c in checks if not c.passed]
            for upstream in sorted({upstream for upstream, _ in forgiven.values()}):
                key = "codecheck.upstream_partly" if failed else "codecheck.upstream_mistake"
                feedback.append(Message(key, {"function": function, "upstream": upstream}))
            if failed:
                feedback.append(
                    Message("codecheck.function_failed", {"function": function, "failed": len(failed), "total": len(checks)})
                )
            refund, capped, charging = self.charged_once(function, list(groups), checks, diagnosed)
            if refund > 0:
                charged = round(points * (sum(c.weight for c in capped) - refund) / sum(c.weight for c in checks), 2)
                feedback.append(Message("codecheck.charged_once" if charging == 1 else "codecheck.charged_once_each", {
                    "function": function, "groups": len(capped), "charged": f"{charged:g}", "points": f"{points:g}",
                    "count": str(charging),
                }))
        total = sum(c.weight for c in checks)
        earned = sum(c.weight for c in checks if c.passed) + refund
        self.charged[function] = earned < total
        # hundredths, so that the parts, problems and total in a gradebook add up as printed
        score = round(points * earned / total, 2) if total else 0.0
        return PartResult(
            id=function,
            score=score,
            max_score=points,
            feedback=tuple(feedback),
            checks=tuple(checks),
            mistakes=mistakes,
        )

    def charged_once(
        self, function: str, names: Sequence[str], checks: Sequence[CheckResult], diagnosed: Sequence[Diagnosis]
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

    def judged_on_reference_cache(
        self, function: str, findings: list[Finding], blocked: Mapping[str, str]
    ) -> tuple[list[Finding], dict[str, str]]:
        """Findings of cases that could not run because the student's own forward pass failed
        on them, judged instead on the call of the backward pass given the reference forward's
        cache (`plan.ReferenceCache`).  Per check group, all or nothing: the group's blocked
        findings are replaced only where every one of them is right on the reference's cache;
        otherwise they stay as they were (a cache of another convention raises or differs, and
        is charged no more than before).  Returns the findings and the case ids with a group
        rescued -> the forward function that failed there."""
        fallbacks = {id(r.case): r for r in self.plan.reference_caches if r.case.function == function}
        if not fallbacks or not blocked:
            return findings, {}
        forward_of = {c.id: c.function for c in self.plan.calls}
        replaced: dict[int, Finding] = {}
        by_group: dict[str, list[int]] = {}
        for k, finding in enumerate(findings):
            fallback = fallbacks.get(id(finding.case))
            upstream = blocked.get(finding.case.call.id)
            if fallback is None or upstream is None or upstream != forward_of.get(fallback.forward):
                continue
            by_group.setdefault(finding.group, []).append(k)
            if finding.passed or finding.expected is None:  # a failed finding always has the expected value
                continue
            outcome = self.outcomes.get(fallback.call_id)
            retry = judge(finding.case, finding.output, finding.expected, outcome)
            if retry.passed:
                replaced[k] = retry
        findings = list(findings)
        rescued: dict[str, str] = {}
        for positions in by_group.values():
            if not all(k in replaced or findings[k].passed for k in positions):
                continue
            for k in positions:
                findings[k] = replaced.get(k, findings[k])
                rescued[findings[k].case.call.id] = blocked[findings[k].case.call.id]
        return findings, rescued

    def judged_on_other_batch(
        self, function: str, findings: list[Finding], blocked: Mapping[str, str], rescued: Mapping[str, str]
    ) -> tuple[list[Finding], dict[str, int]]:
        """Findings of cases that could not run because the student's own forward pass raised on
        every case, and that the reference's cache did not rescue, judged instead on the student's
        own forward pass run at another batch size (`plan.OtherBatch`, the first size where that
        forward pass returns the contract's values): the backward pass's values there against the
        reference's at the same inputs.  Per check group, all or nothing, as on the reference's
        cache: a group's blocked findings are replaced only where every one of them is right;
        otherwise they stay as they were (no new charge).  Returns the findings and the case ids
        rescued -> the batch size that showed it."""
        pending = {
            f.case.call.id
            for f in findings
            if f.case.call.id in blocked and f.case.call.id not in rescued and not f.passed
        }
        fallbacks = [r for r in self.plan.reference_caches if r.case.call.id in pending]
        if not fallbacks:
            return findings, {}
        tried: dict[str, tuple[int, dict[int, Finding]] | None] = {}
        for fallback in fallbacks:
            if blocked[fallback.case.call.id] != forward_function(self.plan, fallback):
                continue
            tried[fallback.case.call.id] = self.own_forward_elsewhere(self.plan.other_batches(fallback))
        replaced: dict[int, Finding] = {}
        by_group: dict[str, list[int]] = {}
        for k, finding in enumerate(findings):
            call_id = finding.case.call.id
            if call_id not in blocked or call_id in rescued:
                continue
            by_group.setdefault(finding.group, []).append(k)
            judged = tried.get(call_id)
            if judged is not None and finding.case.outputs.index(finding.output) in judged[1]:
                replaced[k] = judged[1][finding.case.outputs.index(finding.output)]
        findings = list(findings)
        batches: dict[str, int] = {}
        for positions in by_group.values():
            if not all(k in replaced and replaced[k].passed for k in positions):
                continue
            for k in positions:
                call_id = findings[k].case.call.id
                # the case keeps its own inputs shown; its values were judged at another batch
                findings[k] = dataclasses.replace(findings[k], passed=True, rung="", message=None)
                judged_at = tried[call_id]
                assert judged_at is not None, "a replaced finding was judged at another batch"
                batches[call_id] = judged_at[0]
        return findings, batches

    def own_forward_elsewhere(self, tries: Sequence[OtherBatch]) -> tuple[int, dict[int, Finding]] | None:
        """At the first try whose forward pass returned the reference's values: the batch size
        and the backward case's findings per output position there; None if no try did."""
        for other in tries:
            forward_outcome = self.outcomes.get(other.forward.id)
            if forward_outcome is None or not forward_outcome.ok:
                continue
            expected = simulate([other.forward, other.backward], self.problem.functions())
            forward_case = dataclasses.replace(other.forward_case, call=other.forward)
            right = all(
                judge(forward_case, output, cast(np.ndarray, pick(forward_case, output, expected.get(other.forward.id)).array), forward_outcome).passed
                for output in forward_case.outputs
            )
            if not right:
                continue  # a forward pass that deviates at this batch too: no judgment of its backward
            case = dataclasses.replace(other.case, call=other.backward)
            judged = {
                j: judge(case, output, cast(np.ndarray, pick(case, output, expected.get(other.backward.id)).array), self.outcomes.get(other.backward.id))
                for j, output in enumerate(case.outputs)
            }
            return other.batch, judged
        return None

    def accept_variants(self, function: str, cases: Sequence[Case], findings: list[Finding]) -> tuple[list[Finding], list[Any]]:
        """Findings with the values that lie between the reference's and an accepted variant's
        (a stabilizing epsilon, `tolerance.within_band`) passed; and the variants that did it."""
        if all(f.passed or f.rung != "values" for f in findings):
            return findings, []
        involved = {call.function for call in self.graph.dependencies([c.call.id for c in cases])}
        involved |= set(self.problem.composes.get(function, ()))
        variants = [v for v in self.problem.accepted_variants() if v.function in involved]
        accepted: list[Any] = []
        findings = list(findings)
        for k, finding in enumerate(findings):
            if finding.passed or finding.rung != "values" or finding.expected is None or finding.got is None:
                continue  # (a "values" finding always has both arrays)
            for variant in variants:
                runs = self.mutant_run((variant,), function, cases)
                predicted = pick(finding.case, finding.output, self.outcome_of(finding.case, runs))
                if predicted.array is not None and within_band(finding.expected, predicted.array, finding.got, finding.output.kind):
                    findings[k] = dataclasses.replace(finding, passed=True, rung="", message=None)
                    if variant not in accepted:
                        accepted.append(variant)
                    break
        return findings, accepted

    def blocked_by(self, case: Case) -> str | None:
        """The other function whose failed call kept this case from running, if any."""
        outcome = self.outcomes.get(case.call.id)
        if case.baseline is not None:
            base = self.outcomes.get(case.baseline)
            if base is None or not base.ok:
                return case.function  # nothing to take the difference from
        if outcome is not None and outcome.status != "skipped":
            return None
        for call in self.graph.dependencies([case.call.id]):
            if call.function != case.function:
                before = self.outcomes.get(call.id)
                if before is not None and before.status not in ("ok", "skipped"):
                    return call.function
        return None

    def own_layers_explained(self, function: str, findings: Sequence[Finding]) -> dict[str, tuple[str, str]]:
        """Check groups of a composite (mlp_loss) whose every failure is what the student's own
        layers compute on the same inputs, chained by the grader in the child (`Composition`),
        where some of those layers lose points of their own.  Values decide, never an exception's
        text: a composite that raises is not forgiven.  Group -> (the layers, the note)."""
        compositions = {id(c.case): c for c in self.plan.compositions if c.case.function == function}
        if not compositions:
            return {}
        explained: dict[str, set[str]] = {}
        unexplained: set[str] = set()
        for finding in findings:
            if finding.passed:
                continue
            composition = compositions.get(id(finding.case))
            layers = self.own_layers(finding, composition) if composition is not None else None
            if layers is None:
                unexplained.add(finding.group)
            else:
                explained.setdefault(finding.group, set()).update(layers)
        return {
            group: (" and ".join(sorted(layers)), OWN_LAYERS)
            for group, layers in explained.items()
            if group not in unexplained
        }

    def own_layers(self, finding: Finding, composition: Composition) -> set[str] | None:
        """The charged layers if the student's value in `finding` equals the composition of their
        own layers (with the contract's weight decay added here); None otherwise."""
        charged = {f for f in composition.functions if self.charged.get(f)}
        if not charged:
            return None
        output = finding.output
        if output.key is None:
            source = composition.loss
        elif output.key in composition.grads:
            source = composition.grads[output.key]
        else:
            return None
        outcome = self.outcomes.get(source[0])
        if outcome is None or not outcome.ok or not isinstance(outcome.value, (tuple, list)) or len(outcome.value) <= source[1]:
            return None
        value = to_array(outcome.value[source[1]])
        if value is None:
            return None
        decay = composition.weight_decay
        if output.key is None:
            if value.size != 1:
                return None
            value = value.reshape(()) + 0.5 * decay * sum(
                float(np.sum(np.asarray(w, dtype=np.float64) ** 2)) for key, w in composition.params.items() if key.startswith("W")
            )
        elif output.key.startswith("W"):
            weights = np.asarray(composition.params[output.key], dtype=np.float64)
            if value.shape != weights.shape:
                return None
            value = value + decay * weights
        if finding.expected is None:  # (a failed finding always has the expected value)
            return None
        student = self.student_pick(finding.case, output, finding.expected)
        return charged if student.ok and same(output, student, Picked(value)) else None

    def upstream_explained(self, function: str, cases: Sequence[Case], diagnosed) -> dict[str, tuple[str, str]]:
        """Check groups whose every failure is a mistake of an earlier function (the forward
        pass that made this backward pass's cache, a layer of the MLP), diagnosed there too:
        those failures are that function's, counted once, there.  Group -> the earlier function."""
        upstream = {c.function for c in self.graph.dependencies([c.call.id for c in cases])}
        upstream = (upstream | set(self.problem.composes.get(function, ()))) - {function}
        forgiven: dict[str, tuple[str, str]] = {}
        for diagnosis in diagnosed:
            mutant = diagnosis.mutant
            if mutant.function in upstream and mutant.id in self.diagnosed.get(mutant.function, ()):
                for group in diagnosis.explained:
                    forgiven.setdefault(group, (mutant.function, CONSISTENT))
        return forgiven

    def own_derivative_explained(self, function: str, findings: Sequence[Finding]) -> dict[str, tuple[str, str]]:
        """Check groups of a backward pass whose every failure is the exact derivative of the
        student's own forward pass on that case, where that forward pass deviates from the
        contract (and is charged for it there).  Group -> (the forward function, the note)."""
        planned: dict[tuple[int, int], list[Derivative]] = {}
        for derivative in self.plan.derivatives:
            if derivative.case.function == function:
                planned.setdefault((id(derivative.case), derivative.output), []).append(derivative)
        if not planned:
            return {}
        explained: dict[str, str] = {}
        unexplained: set[str] = set()
        for finding in findings:
            if finding.passed:
                continue
            derivatives = planned.get((id(finding.case), finding.case.outputs.index(finding.output)))
            upstream = self.own_derivative(finding, derivatives) if derivatives else None
            if upstream is None:
                unexplained.add(finding.group)
            else:
                explained.setdefault(finding.group, upstream)
        return {group: (upstream, OWN_DERIVATIVE) for group, upstream in explained.items() if group not in unexplained}

    def own_derivative(self, finding: Finding, derivatives: Sequence[Derivative]) -> str | None:
        """The forward function if the student's output in `finding` is the derivative of their
        own forward pass along every planned direction, that forward pass deviating on this case
        and the output staying near the contract's (a deviation, not another function); else None."""
        forward_id = derivatives[0].forward
        forward = next((c for c in self.plan.cases if c.call.id == forward_id), None)
        if forward is None:
            return None
        out = forward.outputs[0]
        if judge(forward, out, self.expected_value(forward, out), self.outcomes.get(forward_id)).passed:
            return None  # the forward pass is right here: the backward answers to the contract
        expected = self.expected_value(finding.case, finding.output)
        got = self.student_pick(finding.case, finding.output, expected)
        if got.array is None or got.array.shape != expected.shape or not np.all(np.isfinite(got.array)):
            return None
        gradient = got.array
        if not like_the_contract(gradient, expected):
            return None
        for derivative in derivatives:
            moved = [pick(forward, out, self.outcomes.get(call_id)) for call_id in (derivative.plus, derivative.minus)]
            plus, minus = (m.array for m in moved)
            if not all(a is not None and a.shape == derivative.dout.shape and np.all(np.isfinite(a)) for a in (plus, minus)):
                return None
            assert plus is not None and minus is not None  # (checked just above)
            numeric = float(np.sum(derivative.dout * (plus - minus))) / (2 * derivative.step)
            analytic = float(np.sum(gradient * derivative.direction))
            scale = float(np.linalg.norm(gradient) * np.linalg.norm(derivative.direction))
            if not abs(numeric - analytic) <= OWN_DERIVATIVE_TOLERANCE * scale:
                return None
        return forward.function

    def check_result(self, function: str, group: str, findings: Sequence[Finding], weight: float) -> CheckResult:
        # the first failing case with values to compare, where there is one (an exception says less)
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
        for spec in self.plan.trajectories:
            if spec.function != function or spec.group != group:
                continue
            student = [list(spec.start)]
            for call_id in spec.call_ids:
                outcome = self.outcomes.get(call_id)
                value = outcome.value if outcome is not None and outcome.status == "ok" else None
                step = value[0] if isinstance(value, (tuple, list)) and value else None
                try:
                    point = np.asarray(step, dtype=np.float64).reshape(-1)
                except (TypeError, ValueError):
                    break
                if point.shape != (len(spec.start),) or not np.all(np.isfinite(point)):
                    break
                student.append([float(v) for v in point])
            return {
                "objective": spec.objective,
                "reference": [list(p) for p in spec.reference],
                "student": student,
            }
        return None

    # -- diagnosis ------------------------------------------------------------------------------

    def diagnose(self, function: str, cases: Sequence[Case], findings: Sequence[Finding]) -> list[Diagnosis]:
        """The known mistakes the student reproduces.

        A mutant is recognized in a check group when the student's results equal the
        mutant's wherever the mutant's differ from the reference's in that group (whole
        arrays, within the same tolerance), at least one of them a value.  Per group, so
        that a second mistake elsewhere (say, running statistics never stored on top of
        an unbiased variance) does not hide the first.
        """
        if not any(f.rung in ("type", "shape", "finite", "values") for f in findings) and not any(
            getattr(self.outcome_of(c, self.outcomes), "ok", False) for c in cases
        ):
            return []  # nothing ran: no values to recognize a mistake in
        failing = {}
        position = iter(findings)
        for i, case in enumerate(cases):
            for j, _ in enumerate(case.outputs):
                finding = next(position)
                if not finding.passed:
                    failing[(i, j)] = finding.group
        involved = {call.function for call in self.graph.dependencies([c.call.id for c in cases])}
        composed = self.problem.composes.get(function, ())
        matched: list[Diagnosis] = []
        combined: list[Diagnosis] = []
        for mutant in self.problem.known_mistakes():
            # a mistake of a function this one is given results by (the forward pass that made a
            # backward pass's cache) is looked for here only where that function was found to make
            # it: it is there to say which failures here are that function's, counted there
            upstream_only = mutant.function != function and mutant.function not in composed
            if upstream_only and mutant.id not in self.diagnosed.get(mutant.function, ()):
                continue
            if mutant.function in involved or mutant.function in composed:
                diagnosis = self.recognized(mutant, (mutant,), function, cases, failing)
                if diagnosis is not None:
                    matched.append(diagnosis)
        if composed and not any(d.mutant.function == function for d in matched):
            # the composite's own mistake on top of a layer's (weight decay on the biases in an
            # MLP whose mse_loss lacks its 1/2): tried together with each layer mistake found
            upstream = [m for m in self.problem.known_mistakes() if m.id in set().union(*(self.diagnosed.get(f, ()) for f in composed))]
            for mutant in self.problem.known_mistakes():
                if mutant.function != function:
                    continue
                for layer in upstream:
                    diagnosis = self.recognized(mutant, (mutant, layer), function, cases, failing)
                    alone = self.recognized(layer, (layer,), function, cases, failing)
                    # it counts only where the student reproduces more than the layer's mistake
                    if diagnosis is not None and (alone is None or alone.pairs < diagnosis.pairs):
                        combined.append(diagnosis)
                        break
        # A mistake whose differences are a strict part of another's is implied by it.
        kept = [d for d in matched if not any(d.pairs < other.pairs for other in matched)]
        return combined + self.with_hard_coded_epsilon(function, cases, failing, kept)

    def with_hard_coded_epsilon(self, function: str, cases: Sequence[Case], failing: Mapping, found: list[Diagnosis]) -> list[Diagnosis]:
        """`found`, where an optimizer's catalogued mistake with a cost leaves failed groups that no
        mistake found explains, and that mistake made with the epsilon hard-coded (to one of
        `HARD_CODED_EPSILONS`) explains more of them: that pair of mistakes, each named and each
        charged its cost, in place of the first alone.  Tried only there (a simulation per value)."""
        unexplained = set(failing.values()) - set().union(*(d.explained for d in found))
        fixed = next((m for m in self.problem.known_mistakes() if m.id == f"{function}.epsilon_hard_coded"), None)
        if not unexplained or fixed is None or self.problem.reference is not None:
            return found
        catalog = _reference_mutants()
        for k, diagnosis in enumerate(found):
            if diagnosis.mutant.function != function or getattr(diagnosis.mutant, "cost", None) is None:
                continue
            for value in catalog.HARD_CODED_EPSILONS:
                both = self.recognized(diagnosis.mutant, (catalog.with_epsilon(diagnosis.mutant, value),), function, cases, failing)
                if both is not None and both.explained > diagnosis.explained:
                    return found[:k] + [both, Diagnosis(fixed, both.pairs, both.explained)] + found[k + 1:]
        return found

    def recognized(self, mutant, made: Sequence[Any], function: str, cases: Sequence[Case], failing: Mapping) -> Diagnosis | None:
        """`mutant` as a Diagnosis if the student reproduces the mistakes `made` (it, or it and
        a layer's), nowhere contradicting them; None otherwise."""
        runs = self.mutant_run(made, function, cases)
        differs: dict[str, set[tuple[int, int]]] = {}
        broken: set[str] = set()
        valued: set[str] = set()
        reproduced: set[tuple[int, int]] = set()
        """Values the mistake changes too little to be evidence, which the student reproduces: no
        name rests on them, but a failure there is the mistake's (its charge, `explained`)."""
        for i, case in enumerate(cases):
            for j, output in enumerate(case.outputs):
                group = output.group or case.group
                expected = self.expected_value(case, output)
                predicted = pick(case, output, self.outcome_of(case, runs))
                if not shows_mistake(output, predicted, expected):
                    # within the margin: no evidence either way, but a failing value the mistake reproduces there is explained
                    if ((i, j) in failing and not same(output, predicted, Picked(expected))
                            and same(output, predicted, self.student_pick(case, output, expected), 1 / DIAGNOSIS_MARGIN)):
                        reproduced.add((i, j))
                    continue
                differs.setdefault(group, set()).add((i, j))
                student = self.student_pick(case, output, expected)
                # reproducing a mistake is matching it far inside the tolerance (rounding), so that
                # a near miss (another hard-coded epsilon) is not a match under some seeds only
                if not same(output, predicted, student, 1 / DIAGNOSIS_MARGIN):
                    broken.add(group)
                    # right where the mistake would show: the student does not make it
                    # (a group wrong in another way only leaves the question open)
                    if self.student_same(case, output, expected, student):
                        return None
                elif student.ok or self.same_exception(case, runs):
                    valued.add(group)
        groups = [g for g in differs if g not in broken and g in valued and self.whole_cases_match(runs, cases, g, differs[g])]
        if not groups:
            return None
        pairs = frozenset().union(*(differs[g] for g in groups))
        # a group is explained where every failure in it is the mistake's: shown far from the
        # tolerance, or reproduced where the mistake moves the value only a little (whether such a
        # value fails depends on the seed's data; whether it is explained must not)
        candidates = set(groups) | {g for g in set(failing.values()) if g not in differs and g not in broken}
        explained = frozenset(
            g for g in candidates
            if all(pair in differs.get(g, ()) or pair in reproduced for pair, fg in failing.items() if fg == g)
        )
        return Diagnosis(mutant, pairs, explained)

    def same_exception(self, case: Case, runs) -> bool:
        """Whether the student's call raised the exception type the mistake raises (a KeyError for
        a key the contract lets be absent).  It only names the mistake: both calls failed, which
        costs the same points whatever the name."""
        predicted, student = self.outcome_of(case, runs), self.outcome_of(case, self.outcomes)
        if predicted is None or student is None or predicted.status != "error" or student.status != "error":
            return False
        name = predicted.message.split(":", 1)[0].strip()
        last = (student.message or "").strip().splitlines()[-1:] or [""]
        return bool(name) and last[0].split(":", 1)[0].strip() == name

    def whole_cases_match(self, runs, cases: Sequence[Case], group: str, pairs: set[tuple[int, int]]) -> bool:
        """Whether, in every case where a mistake shows in `group`, the student's other values of
        that group are the mistake's too (its w and b besides its count of updates): a value that
        happens to agree while the rest of the call is wrong in another way names nothing."""
        for i in {i for i, _ in pairs}:
            case = cases[i]
            for output in case.outputs:
                if (output.group or case.group) != group:
                    continue
                expected = self.expected_value(case, output)
                predicted = pick(case, output, self.outcome_of(case, runs))
                if not same(output, predicted, self.student_pick(case, output, expected), 1 / DIAGNOSIS_MARGIN):
                    return False
        return True

    def mutant_run(self, made: Sequence[Any], function: str, cases: Sequence[Case]) -> dict[str, CallOutcome]:
        key = "+".join(m.id for m in made) + f"/{function}"
        if key not in self._mutant_runs:
            functions = self.problem.functions({m.function: m.impl for m in made})
            wanted = [case.call.id for case in cases] + [case.baseline for case in cases if case.baseline]
            self._mutant_runs[key] = simulate(self.graph.dependencies(wanted), functions, graph=self.graph)
        return self._mutant_runs[key]
