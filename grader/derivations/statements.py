"""Whether the statement on the right of `=>` or `<=>` follows from the one on its left."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import sympy

from grader.derivations.terms import Term, resolve
from grader.mathengine.equivalence import Checker, Verdict, close, could_not_evaluate, names_in
from grader.mathengine.evaluate import EvaluationError
from grader.results.models import Message


@dataclass
class _Findings:
    """What the scenarios tried so far showed about a statement that did not hold in all of them."""

    failed: Verdict | None = None
    """The first scenario's refutation."""

    failed_where_premise_holds: Verdict | None = None
    """The first refutation from a scenario where the premise holds (a point where it is false refutes nothing)."""

    undecided: Verdict | None = None
    """A scenario where the statement was partly confirmed and the rest could not be evaluated (a name unknown)."""


def statement_holds(checker: Checker, statement: list[Term], argopt_names: dict, relation: str, premise: list[Term] | None = None) -> Verdict:
    """The statement on the right of `=>`/`<=>` holds in some scenario.

    Where it holds in none, the counterexample comes from a scenario where the premise holds
    (a point where the premise is false refutes nothing); a scenario where some pair cannot be
    evaluated and none fails leaves the step undecided rather than wrong."""
    if len(statement) < 2:
        return Verdict(None, Message("derivation.not_a_statement", {"relation": relation}))
    pairs = [(resolve(a.expr, argopt_names), resolve(b.expr, argopt_names)) for a, b in itertools.pairwise(statement)]
    premise_pairs = [(resolve(a.expr, argopt_names), resolve(b.expr, argopt_names)) for a, b in zip(premise or [], (premise or [])[1:])]
    findings = _Findings()
    for scenario in checker.scenarios:
        if _holds_in(checker, scenario, pairs, premise_pairs, findings):
            return Verdict(True)
    if findings.undecided is not None:
        return findings.undecided
    solved_for = _follows_by_solving(checker, pairs, premise_pairs) if premise_pairs else None
    if solved_for is not None:
        shown = next((t.source for t in statement if getattr(t.expr, "name", None) == solved_for), solved_for)
        return Verdict(True, Message("derivation.follows_by_solving", {"name": shown}))
    return findings.failed_where_premise_holds or findings.failed or Verdict(None, could_not_evaluate("no usable point"))


def _holds_in(checker: Checker, scenario: Any, pairs: list[tuple], premise_pairs: list[tuple], findings: _Findings) -> bool:
    """Whether every pair of the statement is equal in the scenario; where not, what it shows is noted."""
    verdicts = [checker.same_values(a, b, [scenario]) for a, b in pairs]
    if all(v.holds for v in verdicts):
        return True
    failing = next((v for v in verdicts if v.holds is False), None)
    if failing is None:
        if any(v.holds for v in verdicts):  # partly confirmed here, the rest not evaluable (a name unknown)
            findings.undecided = findings.undecided or next(v for v in verdicts if not v.holds)
        return False
    verdict = Verdict(False, Message("derivation.statement_fails"), failing.counterexample)
    findings.failed = findings.failed or verdict
    if (findings.failed_where_premise_holds is None and premise_pairs
            and all(checker.same_values(a, b, [scenario]).holds for a, b in premise_pairs)):
        findings.failed_where_premise_holds = verdict
    return False


def _follows_by_solving(checker: Checker, pairs: list[tuple], premise_pairs: list[tuple]) -> str | None:
    """`... = ... \\Rightarrow X = E`, with X a name E does not mention: the premise holds once X
    takes E's value and fails for another value of X (the conclusion solves the premise for X),
    whether or not the premise is true (a consequence of an earlier wrong step is right for that
    step).  The name X, or None."""
    if len(pairs) != 1:
        return None
    name_side, value_side = pairs[0]
    if not isinstance(name_side, (sympy.Symbol, sympy.MatrixSymbol)):
        name_side, value_side = value_side, name_side
    if not isinstance(name_side, (sympy.Symbol, sympy.MatrixSymbol)) or name_side.name in names_in(value_side):
        return None
    usable, constrains = 0, False
    for point in checker.points(checker.scenarios[0]):
        try:
            value = checker.evaluator(point).value(value_side)
            solved = checker.evaluator({**point, name_side.name: value})
            if not all(close(solved.value(a), solved.value(b)) for a, b in premise_pairs):
                return None
            moved = checker.evaluator({**point, name_side.name: value * 1.25 + 0.5})
            constrains = constrains or not all(close(moved.value(a), moved.value(b)) for a, b in premise_pairs)
        except EvaluationError:
            continue
        usable += 1
    return name_side.name if usable >= 2 and constrains else None
