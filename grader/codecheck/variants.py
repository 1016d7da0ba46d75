"""Accepted variants: deviations from the reference the course accepts (a stabilizing epsilon of at
most 1e-6), not mistakes.  A value between the reference's and a variant's passes
(`tolerance.within_band`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from .check import Finding, pick
from .evidence import Evidence
from .plan import Case
from .tolerance import within_band


def accept_variants(evidence: Evidence, function: str, cases: Sequence[Case], findings: list[Finding]) -> tuple[list[Finding], list[Any]]:
    """Findings with the values that lie between the reference's and an accepted variant's
    passed; and the variants that did it, in the order they were first needed."""
    if all(f.passed or f.rung != "values" for f in findings):
        return findings, []
    involved = evidence.involved(cases) | set(evidence.problem.composes.get(function, ()))
    variants = [v for v in evidence.problem.accepted_variants() if v.function in involved]
    accepted: list[Any] = []
    findings = list(findings)
    for k, finding in enumerate(findings):
        if finding.passed or finding.rung != "values" or finding.expected is None or finding.got is None:
            continue  # (a "values" finding always has both arrays)
        variant = next((v for v in variants if within_variant(evidence, v, function, cases, finding)), None)
        if variant is None:
            continue
        findings[k] = dataclasses.replace(finding, passed=True, rung="", message=None)
        if variant not in accepted:
            accepted.append(variant)
    return findings, accepted


def within_variant(evidence: Evidence, variant: Any, function: str, cases: Sequence[Case], finding: Finding) -> bool:
    """Whether the student's value in a failed `finding` lies between the reference's and what
    `variant` gives there."""
    assert finding.expected is not None and finding.got is not None, "asked of a failed 'values' finding"
    runs = evidence.mutant_run((variant,), function, cases)
    predicted = pick(finding.case, finding.output, evidence.outcome_of(finding.case, runs))
    return predicted.array is not None and within_band(finding.expected, predicted.array, finding.got, finding.output.kind)
