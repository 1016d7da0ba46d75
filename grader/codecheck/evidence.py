"""What grading one code problem reads: the plan, the student's outcomes, the reference's, and the
known mistakes' simulated runs, each value picked once.

Scoring (`scoring`), the rescue of blocked cases (`rescue`), the forgiving of another function's
mistake (`forgiveness`) and the naming of mistakes (`diagnosis`) all read the same values many
times over (every known mistake tried asks for every value again): `Evidence` picks each once.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from .check import Picked, pick, same, to_array
from .plan import Case, Output, Plan
from .runtime import CallGraph, CallOutcome, simulate


class CheckedProblem(Protocol):
    """What grading reads of a code problem (`problem.CodeProblem`): its reference, known mistakes
    and accepted variants, and how its functions are built and weighed."""

    @property
    def composes(self) -> Mapping[str, tuple[str, ...]]: ...

    @property
    def weights(self) -> Mapping[str, Mapping[str, float]]: ...

    @property
    def reference(self) -> Callable[[Mapping[str, Callable]], Mapping[str, Callable]] | None: ...

    def functions(self, overrides: Mapping[str, Callable] | None = None) -> Mapping[str, Callable]: ...

    def known_mistakes(self) -> Sequence[Any]: ...

    def accepted_variants(self) -> Sequence[Any]: ...


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


@dataclass
class Conclusions:
    """What the parts graded so far concluded: a later part's grading rests on it (parts are
    graded in dependency order, a forward pass before its backward, the layers before the MLP)."""

    diagnosed: dict[str, set[str]] = field(default_factory=dict)
    """Function -> the ids of the known mistakes recognized in it."""
    charged: dict[str, bool] = field(default_factory=dict)
    """Function -> whether it lost points."""


class Evidence:
    """The values one problem's grading compares, each picked (and a baseline's difference
    taken) once: the reference's and the student's outcomes are fixed for the whole grading."""

    def __init__(
        self,
        problem: CheckedProblem,
        plan: Plan,
        outcomes: Mapping[str, CallOutcome],
        expected: Mapping[str, CallOutcome],
        graph: CallGraph | None = None,
    ):
        self.problem = problem
        self.plan = plan
        self.graph = graph or CallGraph(plan.calls)
        """The plan's calls indexed by what they are given (the plan is complete here)."""
        self.outcomes = outcomes
        """The student's outcomes per call id (the sandbox's run)."""
        self.expected = expected
        """The reference's outcomes per call id (simulated here)."""
        self._mutant_runs: dict[str, dict[str, CallOutcome]] = {}
        self._expected_values: dict[tuple[Case, Output], np.ndarray] = {}
        """The reference's value per (case, output): asked again for every known mistake tried."""
        self._student_picks: dict[tuple[Case, Output], tuple[np.ndarray, Picked]] = {}
        """The student's value per (case, output), with the expected value it was adapted to."""
        self._student_same: dict[tuple[Case, Output], tuple[Picked, bool]] = {}
        """Whether that value is the reference's (`same`), per (case, output), with the value."""

    def cases_of(self, function: str) -> list[Case]:
        """The plan's checked cases of `function`, in plan order."""
        return [case for case in self.plan.cases if case.function == function]

    def involved(self, cases: Iterable[Case]) -> set[str]:
        """The functions of the calls `cases` are given the results of, theirs included."""
        return {call.function for call in self.graph.dependencies([c.call.id for c in cases])}

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
        """The reference's value of one output of one case."""
        known = self._expected_values.get((case, output))
        if known is not None:
            return known
        picked = pick(case, output, self.outcome_of(case, self.expected))
        if picked.array is None:  # the reference itself failed: a grader bug, reported per problem
            raise RuntimeError(f"reference failed on {case.call.id}: {picked.message}")
        self._expected_values[(case, output)] = picked.array
        return picked.array

    def student_pick(self, case: Case, output: Output, expected: np.ndarray) -> Picked:
        """The student's value of one output of one case, adapted to `expected` where the output
        says how (`Output.adapt`)."""
        # a pick is reused only for the very same expected array (an adapted value depends on
        # it), which expected_value hands out once per pair
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

    def mutant_run(self, made: Sequence[Any], function: str, cases: Sequence[Case]) -> dict[str, CallOutcome]:
        """The outcomes of `cases` (and what they depend on) under the reference with the
        mistakes or variants `made` swapped in, simulated once per combination and function."""
        key = "+".join(m.id for m in made) + f"/{function}"
        if key not in self._mutant_runs:
            functions = self.problem.functions({m.function: m.impl for m in made})
            wanted = [case.call.id for case in cases] + [case.baseline for case in cases if case.baseline]
            self._mutant_runs[key] = simulate(self.graph.dependencies(wanted), functions, graph=self.graph)
        return self._mutant_runs[key]
