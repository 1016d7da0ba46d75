"""A code problem: plans calls for the shared sandbox run, then grades the run in the parent.

Every expected value comes from the reference, run here on the same inputs
(`runtime.simulate`); the child's results are only compared with it.  How a function
is scored is `scoring`'s (check groups by weight, blocked cases rescued in `rescue`,
another function's mistake forgiven in `forgiveness`); which known mistake a failing
function makes is `diagnosis`'s (the catalog `grader.reference.mutants`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from grader.course.problem import GradingContext, problem_result
from grader.reading.submission import Submission
from grader.results.models import GRADED, Message, ProblemResult

from . import messages  # noqa: F401  (defines the sentences)
from .catalog import reference_mutants
from .check import short_detail
from .contract_file import ContractFileProblem
from .diagnosis import MAX_MISTAKES, Diagnosis, marginal, shows_mistake
from .evidence import Evidence, difference
from .forgiveness import CONSISTENT, OWN_DERIVATIVE, OWN_LAYERS, like_the_contract
from .plan import Plan
from .rescue import OTHER_BATCH, REFERENCE_CACHE, forward_function, raises_everywhere
from .runtime import CallGraph, CallOutcome, simulate
from .scoring import Grading

__all__ = [
    # the names this module held before scoring and diagnosis moved to their own modules
    "CONSISTENT", "MAX_MISTAKES", "OTHER_BATCH", "OWN_DERIVATIVE", "OWN_LAYERS", "REFERENCE_CACHE",
    "CodeProblem", "Diagnosis", "difference", "forward_function", "grading_order", "like_the_contract",
    "marginal", "raises_everywhere", "shows_mistake",
]


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
        return reference_mutants().implementation(self.module, overrides)

    def known_mistakes(self) -> Sequence[Any]:
        if self.mistake_catalog is not None:
            return self.mistake_catalog()
        if self.reference is not None:
            return ()
        return reference_mutants().mutants_of(self.module)

    def accepted_variants(self) -> Sequence[Any]:
        """Accepted deviations (a stabilizing epsilon) of this problem's file: the catalog's for
        `module`, none for a problem with its own reference."""
        if self.reference is not None:
            return ()
        return reference_mutants().variants_of(self.module)

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
        unscored = self.without_run(submission, context, run)
        if unscored is not None:
            return unscored
        points = self.part_points(context)
        seed = self.seed(context)
        isolation = getattr(run, "isolation", None)
        plan = _plan(self.build, seed)
        outcomes: Mapping[str, CallOutcome] = run.outcomes
        graph = CallGraph(plan.calls)
        # the reference runs only the plan's parts that hold a checked case: the rest (a student's
        # own forward pass at moved inputs, their layers chained) is judged on the student's values
        checked = [case.call.id for case in plan.cases] + [case.baseline for case in plan.cases if case.baseline]
        expected = simulate(graph.connected(checked), self.functions(), graph=graph)
        grading = Grading(Evidence(self, plan, outcomes, expected, graph))
        # graded in dependency order (a forward pass before its backward, the layers before
        # the MLP: what one part concludes can rest on another's), shown in the order of POINTS
        graded = {name: grading.part(name, points[name]) for name in grading_order(self, plan, graph)}
        parts = tuple(graded[name] for name in self.points)
        error = _import_error(plan, outcomes)
        return problem_result(self, GRADED, parts, error=error, seed=seed, isolation=isolation)


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
