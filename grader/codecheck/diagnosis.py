"""Naming the mistake: which known mistakes of the catalog a failing function reproduces.

A mistake is recognized in a check group when the student's results equal the mistake's wherever
the mistake's differ from the reference's in that group (whole arrays, far inside the tolerance),
at least one of them a value.  Per group, so that a second mistake elsewhere (say, running
statistics never stored on top of an unbiased variance) does not hide the first.  Only evidence
far from the tolerance names a mistake (`tolerance.DIAGNOSIS_MARGIN`), so that a name never
depends on the seed's data.

Nothing here scores: `scoring` decides what a recognized mistake costs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .catalog import reference_mutants
from .check import Finding, Picked, equal, finite_base, finite_entries, pick, same
from .evidence import Evidence
from .plan import Case, Output
from .runtime import CallOutcome
from .tolerance import DIAGNOSIS_MARGIN, TOLERANCE, relative_error

#: At most this many known mistakes are named per function.
MAX_MISTAKES = 3

#: A (case, output) position in a function's cases: indices into the cases and their outputs.
Position = tuple[int, int]

#: Reproducing a mistake is matching it far inside the tolerance (rounding), so that a near miss
#: (another hard-coded epsilon) is not a match under some seeds only.
REPRODUCED = 1 / DIAGNOSIS_MARGIN


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


@dataclass(frozen=True)
class Diagnosis:
    """A known mistake recognized in a function's results."""

    mutant: Any
    """The catalogued mistake (`grader.reference.mutants.Mutant`)."""
    pairs: frozenset
    """(case, output) positions where the mistake shows and the student reproduces it."""
    explained: frozenset
    """Check groups in which it explains every failure."""


@dataclass(frozen=True)
class FailedFunction:
    """A failing function, as diagnosis sees it: its cases and where its values failed."""

    function: str
    cases: Sequence[Case]
    positions: Mapping[Position, str]
    """(case, output) positions of the failed findings -> their check group."""

    @property
    def groups(self) -> set[str]:
        """The check groups with a failure."""
        return set(self.positions.values())


@dataclass
class Trace:
    """A known mistake's simulated values laid beside the student's, value by value."""

    differs: dict[str, set[Position]] = field(default_factory=dict)
    """Group -> positions where the mistake shows (differs from the reference beyond the margin)."""
    broken: set[str] = field(default_factory=set)
    """Groups where the mistake shows and the student does not reproduce it."""
    valued: set[str] = field(default_factory=set)
    """Groups where the student reproduces the mistake with a value (or the same exception)."""
    reproduced: set[Position] = field(default_factory=set)
    """Failing positions the mistake changes too little to be evidence, which the student
    reproduces: no name rests on them, but a failure there is the mistake's (`explained`)."""

    def reproduced_groups(self) -> list[str]:
        """The groups where the mistake shows and the student reproduces it everywhere, at least
        once with a value (or the same exception)."""
        return [g for g in self.differs if g not in self.broken and g in self.valued]

    def explained(self, named: Sequence[str], failing: FailedFunction) -> frozenset:
        """The groups where every failure is the mistake's: shown far from the tolerance, or
        reproduced where the mistake moves the value only a little (whether such a value fails
        depends on the seed's data; whether it is explained must not)."""
        candidates = set(named) | {g for g in failing.groups if g not in self.differs and g not in self.broken}
        return frozenset(
            g for g in candidates
            if all(pair in self.differs.get(g, ()) or pair in self.reproduced for pair, fg in failing.positions.items() if fg == g)
        )


class Diagnostician:
    """Names the known mistakes one problem's failing functions reproduce."""

    def __init__(self, evidence: Evidence, diagnosed: Mapping[str, set[str]]):
        self.evidence = evidence
        self.diagnosed = diagnosed
        """Function -> the mistakes already recognized in it (parts are diagnosed in grading order)."""

    def diagnose(self, function: str, cases: Sequence[Case], findings: Sequence[Finding]) -> list[Diagnosis]:
        """The known mistakes the student reproduces in `function`, a mistake implied by another
        (its differences a strict part of the other's) left out."""
        if not self.anything_ran(cases, findings):
            return []  # nothing ran: no values to recognize a mistake in
        failing = FailedFunction(function, cases, failing_positions(cases, findings))
        matched = self.matched_alone(failing)
        combined = self.combined_with_layers(failing, matched)
        kept = [d for d in matched if not any(d.pairs < other.pairs for other in matched)]
        return combined + self.with_hard_coded_epsilon(failing, kept)

    def anything_ran(self, cases: Sequence[Case], findings: Sequence[Finding]) -> bool:
        """Whether some value of the function's can be compared with a mistake's."""
        if any(f.rung in ("type", "shape", "finite", "values") for f in findings):
            return True
        return any(getattr(self.evidence.outcome_of(c, self.evidence.outcomes), "ok", False) for c in cases)

    def matched_alone(self, failing: FailedFunction) -> list[Diagnosis]:
        """The catalogued mistakes recognized one at a time."""
        involved = self.evidence.involved(failing.cases)
        composed = self.evidence.problem.composes.get(failing.function, ())
        matched = []
        for mutant in self.evidence.problem.known_mistakes():
            if not self.worth_trying(mutant, failing.function, involved, composed):
                continue
            diagnosis = self.recognized(mutant, (mutant,), failing)
            if diagnosis is not None:
                matched.append(diagnosis)
        return matched

    def worth_trying(self, mutant: Any, function: str, involved: set[str], composed: Sequence[str]) -> bool:
        """Whether a mistake can show in `function`'s values: one of its own, of a function it is
        given results by, or of one it composes."""
        # a mistake of a function this one is given results by (the forward pass that made a
        # backward pass's cache) is looked for here only where that function was found to make
        # it: it is there to say which failures here are that function's, counted there
        upstream_only = mutant.function != function and mutant.function not in composed
        if upstream_only and mutant.id not in self.diagnosed.get(mutant.function, ()):
            return False
        return mutant.function in involved or mutant.function in composed

    def combined_with_layers(self, failing: FailedFunction, matched: Sequence[Diagnosis]) -> list[Diagnosis]:
        """A composite's own mistake on top of a layer's (weight decay on the biases in an MLP
        whose mse_loss lacks its 1/2): each of its mistakes tried together with each layer
        mistake found, where no mistake of its own was recognized alone."""
        function = failing.function
        composed = self.evidence.problem.composes.get(function, ())
        if not composed or any(d.mutant.function == function for d in matched):
            return []
        known = self.evidence.problem.known_mistakes()
        found_in_layers = set().union(*(self.diagnosed.get(f, ()) for f in composed))
        layers = [m for m in known if m.id in found_in_layers]
        combined = []
        for mutant in (m for m in known if m.function == function):
            for layer in layers:
                diagnosis = self.recognized(mutant, (mutant, layer), failing)
                if diagnosis is None:
                    continue
                # it counts only where the student reproduces more than the layer's mistake
                alone = self.recognized(layer, (layer,), failing)
                if alone is None or alone.pairs < diagnosis.pairs:
                    combined.append(diagnosis)
                    break
        return combined

    def with_hard_coded_epsilon(self, failing: FailedFunction, found: list[Diagnosis]) -> list[Diagnosis]:
        """`found`, where an optimizer's catalogued mistake with a cost leaves failed groups that no
        mistake found explains, and that mistake made with the epsilon hard-coded (to one of
        `HARD_CODED_EPSILONS`) explains more of them: that pair of mistakes, each named and each
        charged its cost, in place of the first alone.  Tried only there (a simulation per value)."""
        function = failing.function
        problem = self.evidence.problem
        unexplained = failing.groups - set().union(*(d.explained for d in found))
        fixed = next((m for m in problem.known_mistakes() if m.id == f"{function}.epsilon_hard_coded"), None)
        if not unexplained or fixed is None or problem.reference is not None:
            return found
        catalog = reference_mutants()
        for k, diagnosis in enumerate(found):
            if diagnosis.mutant.function != function or getattr(diagnosis.mutant, "cost", None) is None:
                continue
            for value in catalog.HARD_CODED_EPSILONS:
                both = self.recognized(diagnosis.mutant, (catalog.with_epsilon(diagnosis.mutant, value),), failing)
                if both is not None and both.explained > diagnosis.explained:
                    return found[:k] + [both, Diagnosis(fixed, both.pairs, both.explained)] + found[k + 1:]
        return found

    def recognized(self, mutant: Any, made: Sequence[Any], failing: FailedFunction) -> Diagnosis | None:
        """`mutant` as a Diagnosis if the student reproduces the mistakes `made` (it, or it and
        a layer's), nowhere contradicting them; None otherwise."""
        runs = self.evidence.mutant_run(made, failing.function, failing.cases)
        trace = self.trace(runs, failing)
        if trace is None:
            return None
        # a group names the mistake only where the rest of each case it shows in agrees too
        named = [g for g in trace.reproduced_groups() if self.whole_cases_match(runs, failing.cases, g, trace.differs[g])]
        if not named:
            return None
        pairs = frozenset().union(*(trace.differs[g] for g in named))
        return Diagnosis(mutant, pairs, trace.explained(named, failing))

    def trace(self, runs: Mapping[str, CallOutcome], failing: FailedFunction) -> Trace | None:
        """Every value of the function's cases under a mistake beside the student's; None where
        the student is right on a value the mistake changes (the student does not make it)."""
        trace = Trace()
        for i, case in enumerate(failing.cases):
            for j in range(len(case.outputs)):
                if not self.trace_value(trace, runs, failing, (i, j)):
                    return None
        return trace

    def trace_value(self, trace: Trace, runs: Mapping[str, CallOutcome], failing: FailedFunction, position: Position) -> bool:
        """Adds one value to `trace`; False where it contradicts the mistake."""
        case = failing.cases[position[0]]
        output = case.outputs[position[1]]
        group = output.group or case.group
        expected = self.evidence.expected_value(case, output)
        predicted = pick(case, output, self.evidence.outcome_of(case, runs))
        if not shows_mistake(output, predicted, expected):
            # within the margin: no evidence either way, but a failing value the mistake reproduces there is explained
            if (position in failing.positions and not same(output, predicted, Picked(expected))
                    and same(output, predicted, self.evidence.student_pick(case, output, expected), REPRODUCED)):
                trace.reproduced.add(position)
            return True
        trace.differs.setdefault(group, set()).add(position)
        student = self.evidence.student_pick(case, output, expected)
        if not same(output, predicted, student, REPRODUCED):
            trace.broken.add(group)
            # right where the mistake would show: the student does not make it
            # (a group wrong in another way only leaves the question open)
            return not self.evidence.student_same(case, output, expected, student)
        if student.ok or self.same_exception(case, runs):
            trace.valued.add(group)
        return True

    def same_exception(self, case: Case, runs: Mapping[str, CallOutcome]) -> bool:
        """Whether the student's call raised the exception type the mistake raises (a KeyError for
        a key the contract lets be absent).  It only names the mistake: both calls failed, which
        costs the same points whatever the name."""
        predicted, student = self.evidence.outcome_of(case, runs), self.evidence.outcome_of(case, self.evidence.outcomes)
        if predicted is None or student is None or predicted.status != "error" or student.status != "error":
            return False
        name = predicted.message.split(":", 1)[0].strip()
        last = (student.message or "").strip().splitlines()[-1:] or [""]
        return bool(name) and last[0].split(":", 1)[0].strip() == name

    def whole_cases_match(self, runs: Mapping[str, CallOutcome], cases: Sequence[Case], group: str, pairs: set[Position]) -> bool:
        """Whether, in every case where a mistake shows in `group`, the student's other values of
        that group are the mistake's too (its w and b besides its count of updates): a value that
        happens to agree while the rest of the call is wrong in another way names nothing."""
        for i in {i for i, _ in pairs}:
            case = cases[i]
            for output in case.outputs:
                if (output.group or case.group) != group:
                    continue
                expected = self.evidence.expected_value(case, output)
                predicted = pick(case, output, self.evidence.outcome_of(case, runs))
                if not same(output, predicted, self.evidence.student_pick(case, output, expected), REPRODUCED):
                    return False
        return True


def failing_positions(cases: Sequence[Case], findings: Sequence[Finding]) -> dict[Position, str]:
    """The (case, output) positions of the failed findings -> their check group (`findings` hold
    one finding per output of each case, in order)."""
    failing = {}
    position = iter(findings)
    for i, case in enumerate(cases):
        for j, _ in enumerate(case.outputs):
            finding = next(position)
            if not finding.passed:
                failing[(i, j)] = finding.group
    return failing
