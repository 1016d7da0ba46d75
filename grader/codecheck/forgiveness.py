"""Failures that are another function's mistake, forgiven where they show and charged once, there.

A function that fails only because of what an earlier function computed keeps its points for those
check groups: a backward pass that is the exact derivative of its own deviating forward pass
(`plan.Derivative`), a composite that is its own charged layers chained (`plan.Composition`), and
a group whose every failure a mistake recognized in an earlier function explains.  Values decide,
never an exception's text.  Each returns check group -> (the earlier function, the note's key).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from .check import Finding, Picked, judge, pick, same, to_array
from .diagnosis import Diagnosis
from .evidence import Evidence
from .plan import Case, Composition, Derivative
from .tolerance import DEVIATION_COSINE, DEVIATION_RATIO, OWN_DERIVATIVE_TOLERANCE

#: The notes on a check forgiven because of another function's mistake.
CONSISTENT = "codecheck.consistent_with_upstream"
OWN_DERIVATIVE = "codecheck.own_derivative"
OWN_LAYERS = "codecheck.own_layers"

#: Check group -> (the function whose mistake it is, the key of the note that says so).
Forgiven = dict[str, tuple[str, str]]


def like_the_contract(gradient: np.ndarray, expected: np.ndarray) -> bool:
    """Whether a gradient is of the contract's kind (`tolerance.DEVIATION_RATIO`, `DEVIATION_COSINE`):
    of a comparable size and pointing the same way, so the derivative of a forward pass with a
    deviation rather than of another function (zeros are the exact derivative of zeros)."""
    size, reference = float(np.linalg.norm(gradient)), float(np.linalg.norm(expected))
    if not (size > 0 and reference > 0) or not 1 / DEVIATION_RATIO <= size / reference <= DEVIATION_RATIO:
        return False
    return float(np.sum(gradient * expected)) >= DEVIATION_COSINE * size * reference


def finite_like(array: np.ndarray | None, shape: tuple[int, ...]) -> bool:
    """Whether `array` is a value of `shape` with every entry finite."""
    return array is not None and array.shape == shape and bool(np.all(np.isfinite(array)))


class Forgiveness:
    """Decides which of a function's failed check groups are an earlier function's mistake."""

    def __init__(self, evidence: Evidence, diagnosed: Mapping[str, set[str]], charged: Mapping[str, bool]):
        self.evidence = evidence
        self.diagnosed = diagnosed
        """Function -> the mistakes recognized in it (earlier parts)."""
        self.charged = charged
        """Function -> whether it lost points (earlier parts)."""

    def forgiven(self, function: str, cases: Sequence[Case], findings: Sequence[Finding], diagnosed: Sequence[Diagnosis]) -> Forgiven:
        """Every failed group of `function` forgiven, and why (the first reason found: own
        derivative, then own layers, then an earlier function's diagnosed mistake)."""
        return {
            **self.own_derivative_explained(function, findings),
            **self.own_layers_explained(function, findings),
            **self.upstream_explained(function, cases, diagnosed),
        }

    def upstream_explained(self, function: str, cases: Sequence[Case], diagnosed: Sequence[Diagnosis]) -> Forgiven:
        """Check groups whose every failure is a mistake of an earlier function (the forward
        pass that made this backward pass's cache, a layer of the MLP), diagnosed there too:
        those failures are that function's, counted once, there."""
        upstream = self.evidence.involved(cases)
        upstream = (upstream | set(self.evidence.problem.composes.get(function, ()))) - {function}
        forgiven: Forgiven = {}
        for diagnosis in diagnosed:
            mutant = diagnosis.mutant
            if mutant.function in upstream and mutant.id in self.diagnosed.get(mutant.function, ()):
                for group in diagnosis.explained:
                    forgiven.setdefault(group, (mutant.function, CONSISTENT))
        return forgiven

    # -- a composite and its own layers -----------------------------------------------------------

    def own_layers_explained(self, function: str, findings: Sequence[Finding]) -> Forgiven:
        """Check groups of a composite (mlp_loss) whose every failure is what the student's own
        layers compute on the same inputs, chained by the grader in the child (`Composition`),
        where some of those layers lose points of their own.  A composite that raises is not
        forgiven."""
        compositions = {id(c.case): c for c in self.evidence.plan.compositions if c.case.function == function}
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
        value = self.chained_value(finding, composition)
        if value is None or finding.expected is None:  # (a failed finding always has the expected value)
            return None
        student = self.evidence.student_pick(finding.case, finding.output, finding.expected)
        return charged if student.ok and same(finding.output, student, Picked(value)) else None

    def chained_value(self, finding: Finding, composition: Composition) -> np.ndarray | None:
        """The value the student's own layers give for `finding`'s output (the loss or a
        gradient), the contract's weight decay added; None where they gave none."""
        key = finding.output.key
        if key is None:
            source = composition.loss
        elif key in composition.grads:
            source = composition.grads[key]
        else:
            return None
        outcome = self.evidence.outcomes.get(source[0])
        if outcome is None or not outcome.ok or not isinstance(outcome.value, (tuple, list)) or len(outcome.value) <= source[1]:
            return None
        value = to_array(outcome.value[source[1]])
        if value is None:
            return None
        return with_weight_decay(value, key, composition)

    # -- a backward pass and its own forward pass -------------------------------------------------

    def own_derivative_explained(self, function: str, findings: Sequence[Finding]) -> Forgiven:
        """Check groups of a backward pass whose every failure is the exact derivative of the
        student's own forward pass on that case, where that forward pass deviates from the
        contract (and is charged for it there)."""
        planned: dict[tuple[int, int], list[Derivative]] = {}
        for derivative in self.evidence.plan.derivatives:
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
        forward = next((c for c in self.evidence.plan.cases if c.call.id == forward_id), None)
        if forward is None:
            return None
        out = forward.outputs[0]
        if judge(forward, out, self.evidence.expected_value(forward, out), self.evidence.outcomes.get(forward_id)).passed:
            return None  # the forward pass is right here: the backward answers to the contract
        expected = self.evidence.expected_value(finding.case, finding.output)
        gradient = self.evidence.student_pick(finding.case, finding.output, expected).array
        if gradient is None or not finite_like(gradient, expected.shape) or not like_the_contract(gradient, expected):
            return None
        if all(self.along(forward, gradient, derivative) for derivative in derivatives):
            return forward.function
        return None

    def along(self, forward: Case, gradient: np.ndarray, derivative: Derivative) -> bool:
        """Whether `gradient` agrees with the central difference of the student's own forward
        pass along the derivative's direction (`tolerance.OWN_DERIVATIVE_TOLERANCE`)."""
        out = forward.outputs[0]
        plus, minus = (pick(forward, out, self.evidence.outcomes.get(call_id)).array for call_id in (derivative.plus, derivative.minus))
        if plus is None or minus is None or not (finite_like(plus, derivative.dout.shape) and finite_like(minus, derivative.dout.shape)):
            return False
        numeric = float(np.sum(derivative.dout * (plus - minus))) / (2 * derivative.step)
        analytic = float(np.sum(gradient * derivative.direction))
        scale = float(np.linalg.norm(gradient) * np.linalg.norm(derivative.direction))
        return abs(numeric - analytic) <= OWN_DERIVATIVE_TOLERANCE * scale


def with_weight_decay(value: np.ndarray, key: str | None, composition: Composition) -> np.ndarray | None:
    """A value of the student's chained layers with the contract's weight decay added: to the
    loss (``key`` None) half the decay times the squared weights, to a weight's gradient the
    decay times that weight; None where the value's shape does not allow it."""
    decay = composition.weight_decay
    if key is None:
        if value.size != 1:
            return None
        return value.reshape(()) + 0.5 * decay * sum(
            float(np.sum(np.asarray(w, dtype=np.float64) ** 2)) for name, w in composition.params.items() if name.startswith("W")
        )
    if key.startswith("W"):
        weights = np.asarray(composition.params[key], dtype=np.float64)
        if value.shape != weights.shape:
            return None
        return value + decay * weights
    return value
