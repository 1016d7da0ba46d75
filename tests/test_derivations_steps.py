"""The derivation checker's shared steps (issue 16): one mechanism for faults of ours, and the line loop's
named steps seen from outside (a fault on one line, a memory limit on any)."""

from __future__ import annotations

import logging

import pytest
from test_derivations_table import grade_section

from grader.derivations import derivation
from grader.derivations.faults import contained_fault, judge, judge_slip, value_or_fallback
from grader.derivations.terms import mentions
from grader.mathengine.equivalence import Verdict
from grader.mathengine.evaluate import EvaluationError, Timeout

SOFTMAX = "## softmax-ce-grad\n$$\n\\frac{\\partial E}{\\partial z_i} = y_i - Y_i\n$$\nAnswer: $y_i - Y_i$\n"


def _raise(error: BaseException):
    def raising(*args, **kwargs):
        raise error
    return raising


def test_a_fault_of_ours_is_logged_and_contained(caplog):
    with caplog.at_level(logging.WARNING, logger="grader.derivations.derivation"), contained_fault("line %d failed", 7) as fault:
        raise KeyError("ours")
    assert fault.happened
    assert [r.getMessage() for r in caplog.records] == ["line 7 failed"] and caplog.records[0].exc_info


def test_a_block_that_ends_well_records_no_fault(caplog):
    with contained_fault("never") as fault:
        pass
    assert not fault.happened and not caplog.records


def test_a_memory_error_is_never_taken_for_a_fault_of_ours():
    with pytest.raises(MemoryError), contained_fault("never logged"):
        raise MemoryError
    with pytest.raises(MemoryError):
        value_or_fallback(_raise(MemoryError()), "fallback", "never logged")
    with pytest.raises(MemoryError):
        judge(_raise(MemoryError()))
    with pytest.raises(MemoryError):
        judge_slip(_raise(MemoryError()))


def test_the_fallback_stands_in_for_a_faulty_attempt_only():
    assert value_or_fallback(lambda: "done", "fallback", "unused") == "done"
    assert value_or_fallback(_raise(ZeroDivisionError()), "fallback", "a fault", log=None) == "fallback"


@pytest.mark.parametrize(
    "error, key",
    [
        (Timeout("slow"), "derivation.timeout"),
        (EvaluationError("no value for q"), "equivalence.could_not_evaluate"),
        (AttributeError("'float' object has no attribute 'shape'"), "derivation.could_not_check"),
    ],
)
def test_a_comparison_that_cannot_finish_is_undecided_with_its_reason(error, key):
    verdict = judge(_raise(error))
    assert verdict.holds is None and verdict.reason is not None and verdict.reason.key == key


def test_a_comparison_that_finishes_keeps_its_verdict():
    assert judge(lambda: Verdict(False)).holds is False
    assert judge_slip(lambda: ("delta", "sigma")) == ("delta", "sigma")
    assert judge_slip(_raise(Timeout("slow"))) is None


def test_a_term_sympy_cannot_search_mentions_nothing():
    import sympy

    class Unsearchable(sympy.Symbol):
        def has(self, *patterns):
            raise TypeError("no")

    assert mentions(Unsearchable("q"), sympy.Symbol("x")) is False
    assert mentions(sympy.Symbol("x") + 1, sympy.Symbol("x")) is True


def test_a_memory_limit_on_a_line_reaches_the_caller_instead_of_a_plain_reason(monkeypatch):
    # the answers child charges the problem with its memory limit: a line must not swallow it
    monkeypatch.setattr(derivation, "statement_segments", _raise(MemoryError()))
    with pytest.raises(MemoryError):
        grade_section("softmax_ce_grad", SOFTMAX)


def test_a_fault_on_one_line_leaves_the_next_line_checked(monkeypatch):
    original = derivation.statement_segments
    calls = []

    def first_fails(chain, relations):
        calls.append(chain)
        if len(calls) == 1:
            raise AttributeError("'float' object has no attribute 'shape'")
        return original(chain, relations)

    monkeypatch.setattr(derivation, "statement_segments", first_fails)
    markdown = ("## softmax-ce-grad\n$$\n\\frac{\\partial E}{\\partial z_i} = y_i - Y_i \\\\\n"
                "\\frac{\\partial E}{\\partial z_i} = y_i - Y_i\n$$\n")
    part = next(p for p in grade_section("softmax_ce_grad", markdown).parts if p.id == "derivation")
    first, second = part.lines
    assert [k.reason.key for k in first.links] == ["derivation.could_not_check"]
    assert all(k.valid for k in second.links), second
