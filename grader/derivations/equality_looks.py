"""Second looks at an `=` link after its first comparison: the readings a TA gives a step before calling
it wrong or unchecked (an expansion, random sides, distinct indices, the author's free letters, a part
named, the derivative set to zero, a recovered typo, an assumption, a rounded number).  Each look says
when it applies; they run in this order, each on the verdict the one before left."""

from __future__ import annotations

from typing import Any

import sympy
from sympy.core.function import AppliedUndef

from grader.derivations.author_functions import author_functions_looked_at
from grader.derivations.backward_steps import backward_pass_looked_at
from grader.derivations.batch_means import batch_mean_read, derived_results
from grader.derivations.carried_results import charged_result_carried
from grader.derivations.case_headings import case_noted
from grader.derivations.class_counts import count_read
from grader.derivations.definitions import named_by_position
from grader.derivations.faults import judge, judge_slip
from grader.derivations.free_letters import identity_in_free_letters
from grader.derivations.free_random_letters import identity_in_free_random_letters
from grader.derivations.general_rules import RuleVerdict, StatedRule, function_rule_verdict, moment_rule_verdict
from grader.derivations.hard_label_families import hard_label_named
from grader.derivations.line_state import LineChain, LineState, Reading
from grader.derivations.link_readings import (
    distinct_indices,
    expansion_checked,
    is_derivative,
    is_zero,
    minimizes,
    no_value,
    random_outside_expectation,
    rounded_equal,
    same_moments,
    two_quantities,
)
from grader.derivations.model_statements import class_model_remark, model_remark, noise_density_verdict
from grader.derivations.slip_recoveries import slip_recovered
from grader.derivations.slips import index_typo, letter_slip
from grader.derivations.stationary_solutions import at_the_minimizer
from grader.derivations.terms import Term, resolve
from grader.derivations.true_class import true_class_read
from grader.derivations.unnamed_densities import unnamed_density_verdict
from grader.mathengine.equivalence import Verdict
from grader.mathengine.evaluate import FunctionDefinition
from grader.mathengine.piecewise import conditioned
from grader.results.models import Message


def equality_looked_at(reading: Reading, state: LineState, line: LineChain, k: int, verdict: Verdict) -> Verdict:
    """The verdict on the `=` link `k` of `line` once every second look has been taken."""
    left, right = line.chain[k], line.chain[k + 1]
    verdict = _expansion_looked_at(line, left, right, verdict)
    verdict = _moments_compared(line, left, right, verdict)
    verdict = backward_pass_looked_at(line.current, [source.text for source in reading.sources], line.source.text,
                                      reading.line_notation, left, right, verdict)
    verdict = _indices_read_distinct(reading, line, left, right, verdict)
    verdict = judge(lambda: count_read(line.current, reading.line_notation, resolve(left.expr, state.argopt_names),
                                       resolve(right.expr, state.argopt_names), verdict,
                                       (left.source, right.source, *(source.text for source in reading.sources))))
    verdict = judge(lambda: true_class_read(line.current, reading.line_notation, resolve(left.expr, state.argopt_names),
                                            resolve(right.expr, state.argopt_names), verdict))  # `E = -Y_i \ln y_i`
    verdict = _one_hot_noted(reading, state, line, left, right, verdict)
    verdict = _free_letters_tried(reading, state, line, left, right, verdict)
    verdict = judge(lambda: batch_mean_read(line.current, reading.notation, resolve(left.expr, state.argopt_names),
                                            resolve(right.expr, state.argopt_names), verdict, reading.known_names | set(state.definitions),
                                            lambda: derived_results(state.lines, state.all_terms)))  # `= \frac{1}{N}(y - Y)`
    verdict = author_functions_looked_at(reading, state, line, left, right, verdict)  # the author's functions and their rules
    _slip_looked_for(reading, state, line, left, right, verdict)
    verdict = _part_named(reading, state, line, k, verdict)
    verdict = _stationary(line, k, right, verdict)
    verdict = judge(lambda: at_the_minimizer(line.current, resolve(left.expr, state.argopt_names), resolve(right.expr, state.argopt_names),
                                             line.source.text, verdict))  # the optimality condition solved for w_i
    verdict = _typo_recovered(state, line, k, reading, verdict)
    verdict = judge(lambda: slip_recovered(state, line, k, verdict))  # `= y_i(1-y_j)` after a garbled line
    verdict = _charged_result_used(state, line, left, right, verdict)
    verdict = _assumption_made(reading, state, line, left, right, verdict)
    verdict = _model_stated(reading, state, line, k, verdict)
    return case_noted(reading, state, line, left, right, _rounded(line, left, right, verdict))  # `Case 2: $i \neq c$`: said where no other note is


def _expansion_looked_at(line: LineChain, left: Term, right: Term, verdict: Verdict) -> Verdict:
    """Equal expectations by vanishing cross terms only: a wrong expansion (where the problem has E[...])."""
    if verdict.holds and "E" in getattr(line.current, "special", {}):
        return judge(lambda: expansion_checked(line.current, left, right, verdict))
    return verdict


def _moments_compared(line: LineChain, left: Term, right: Term, verdict: Verdict) -> Verdict:
    """Random on both sides, outside E[...]: the same mean and variance."""
    if verdict.holds is None and random_outside_expectation(line.current, verdict):
        return judge(lambda: same_moments(line.current, left, right, verdict))
    return verdict


def _indices_read_distinct(reading: Reading, line: LineChain, left: Term, right: Term, verdict: Verdict) -> Verdict:
    """Two letters for two free indices read as different indices (where the line states no condition)."""
    if (verdict.holds is False and not line.parsed.conditions and not line.parsed.equalities
            and "entry_set_apart" not in line.parsed.readings):  # a list's entry at j: the line must hold there
        return judge(lambda: distinct_indices(line.current, left, right, reading.notation, verdict))
    return verdict


def _one_hot_noted(reading: Reading, state: LineState, line: LineChain, left: Term, right: Term, verdict: Verdict) -> Verdict:
    """Valid under the one-hot labels the prose assumed: said where the step needs the assumption."""
    if not (verdict.holds and verdict.reason is None and line.line_checker is not reading.checker):
        return verdict
    plain = reading.checker.with_definitions(state.definitions).with_conditions(line.parsed.conditions, line.parsed.equalities)
    if line.inequality_condition is not None:
        plain = conditioned(plain, (line.inequality_condition,))
    unassumed = judge(lambda: plain.same_values(resolve(left.expr, state.argopt_names), resolve(right.expr, state.argopt_names)))
    if unassumed.holds is False:
        assumed = Message("derivation.reading_one_hot", {"assumption": hard_label_named(line.source.assumption, reading.notation, reading.checker)})
        return Verdict(True, Message("derivation.reading", {"reading": assumed}))
    return verdict


def _rule_noted(state: LineState, line: LineChain, rule: RuleVerdict) -> Verdict:
    """The verdict on a general rule the line quotes; a rule stated on a line of its own is noted, so that the
    next `= ...` continues the chain before it (`general_rules.continued_past_rule`)."""
    if line.lead is None:
        before = (state.previous_terms, state.previous_segment, state.chain_start, state.chain_charged)
        state.stated_rule = StatedRule(line.source.number, rule.letters, before)
    return Verdict(rule.holds, rule.reason, rule.counterexample)


def _free_letters_tried(reading: Reading, state: LineState, line: LineChain, left: Term, right: Term, verdict: Verdict) -> Verdict:
    """The author's own letters, never defined: a step that holds whatever they stand for."""
    if not (verdict.holds is None and no_value(verdict)):
        return verdict
    calculus = judge(lambda: function_rule_verdict(line.current, reading.line_notation, left.expr, right.expr, (left.source, right.source)))
    if isinstance(calculus, RuleVerdict) and calculus.holds is not None:  # `\frac{d}{dx}(uv) = u\,dv + v\,du`: a rule of calculus
        return _rule_noted(state, line, calculus)
    free = judge(lambda: identity_in_free_letters(line.current, resolve(left.expr, state.argopt_names),
                                                  resolve(right.expr, state.argopt_names), (left.source, right.source)))
    if free is None or not free.holds:  # a general rule quoted in the author's letters, judged as one
        start = state.chain_start.expr if line.lead is not None and state.chain_start is not None else None
        rule = judge(lambda: moment_rule_verdict(line.current, resolve(left.expr, state.argopt_names), resolve(right.expr, state.argopt_names),
                                                 stated=line.lead is None, start=resolve(start, state.argopt_names) if start is not None else None))
        if isinstance(rule, RuleVerdict):
            return _rule_noted(state, line, rule)
    refuted = _refutation(line, left, free)
    if free is None or not free.holds:  # the author's random variables: a step that holds for any of them
        free = judge(lambda: identity_in_free_random_letters(line.current, resolve(left.expr, state.argopt_names),
                                                             resolve(right.expr, state.argopt_names), (left.source, right.source)))
    return free if free is not None and free.holds else (refuted or verdict)


def _refutation(line: LineChain, left: Term, free: Verdict | None) -> Verdict | None:
    """The free letters' verdict where no value of them makes the step hold: charged, but for a name stated at a
    line's head (`\\hat y_i = ...`), which may be the author's own definition (`restatements`)."""
    if free is None or free.holds is not False:
        return None
    return None if line.lead is None and left is line.chain[0] and _named_head(left.expr) else free


def _named_head(expr: Any) -> bool:
    """Whether `expr` is a name, an entry or a function of names: a head a line may define."""
    if isinstance(expr, AppliedUndef):
        return all(isinstance(a, (sympy.Symbol, sympy.Indexed)) for a in expr.args)
    return isinstance(expr, (sympy.Symbol, sympy.Indexed, sympy.MatrixSymbol))


def _slip_looked_for(reading: Reading, state: LineState, line: LineChain, left: Term, right: Term, verdict: Verdict) -> None:
    """On a first pass, a letter nobody defined that the step shows to stand for the problem's is noted
    (the derivation is then read again with it, every line: the slip shows only later)."""
    if not (verdict.holds is None and no_value(verdict) and reading.slips is None and len(state.found_slips) < 3):
        return
    slip = judge_slip(lambda: letter_slip(line.current, left.expr, right.expr, reading.known_names | set(state.definitions),
                                          reading.line_notation))
    if slip is not None:
        state.found_slips.setdefault(*slip)


def _part_named(reading: Reading, state: LineState, line: LineChain, k: int, verdict: Verdict) -> Verdict:
    """`E = -\\sum_j Y_j \\log y_j` then `= -\\sum_j \\ell_j`: the author names the term ℓ_j = Y_j log y_j."""
    if not (verdict.holds is None and no_value(verdict) and k == 0 and line.lead == "="):
        return verdict
    left, right = line.chain[k], line.chain[k + 1]
    named = named_by_position(left.expr, right.expr, reading.known_names | state.names_taken())
    if named is None:
        return verdict
    name, params, body = named
    state.definitions[name] = FunctionDefinition(params, body)
    if params and isinstance(params[0], sympy.Symbol):
        state.definitions.setdefault(f"{name}_{params[0].name}", FunctionDefinition((), body))
    return Verdict(True, Message("derivation.defines", {"name": right.source}))


def _stationary(line: LineChain, k: int, right: Term, verdict: Verdict) -> Verdict:
    """`\\nabla_w \\hat J(w) = H(w - w^*) = 0`: the derivative set to zero, the condition that defines the
    minimizer; the steps before it were checked as identities."""
    if (not verdict.holds and k == len(line.relations) - 1 and is_zero(right.expr)
            and is_derivative(line.chain[0].expr) and len(line.chain) > 2 and minimizes(line.current)):
        return Verdict(True, Message("derivation.stationary"))
    return verdict


def _typo_recovered(state: LineState, line: LineChain, k: int, reading: Reading, verdict: Verdict) -> Verdict:
    """`= a_i(1 - a_i)` after a line with a typo: a TA judges the value against the expression the chain
    computes, and charges the mistake once, on the line that made it.

    Only after a typo: the line before is right with one index letter read as another, as the TA reads
    `\\sum_k e^{z_j}` for `\\sum_k e^{z_k}`; a real mistake followed by the right result is a step that does
    not follow, and is charged.  And only where the line before was charged: after a step judged right, a
    line that differs from it is a new mistake, even where it lands on the chain's true value."""
    left, right, start = line.chain[k], line.chain[k + 1], state.chain_start
    if not (verdict.holds is False and k == 0 and line.lead == "=" and start is not None and start is not left):
        return verdict
    typo_charged = bool(state.lines) and bool(state.lines[-1].links) and state.lines[-1].links[-1].valid is False
    if not typo_charged:
        return verdict
    recovered = judge(lambda: line.current.same_values(resolve(start.expr, state.argopt_names), resolve(right.expr, state.argopt_names)))
    if recovered.holds and index_typo(line.current, left.expr, start.expr, reading.notation):
        return Verdict(True, Message("derivation.recovers", {"start": start.source}))
    return verdict


def _charged_result_used(state: LineState, line: LineChain, left: Term, right: Term, verdict: Verdict) -> Verdict:
    """A step wrong as written that substitutes a result the author stated earlier and was charged for
    (`\\frac{\\partial \\ell_j}{\\partial y_j} = -Y_j/y_j`): the mistake is charged once, where it was made."""
    if verdict.holds is not False or not state.charged_results:
        return verdict
    carried = charged_result_carried(line.current, left, right, state.charged_results, state.argopt_names,
                                     getattr(line.source, "condition", ""))
    return carried if carried is not None else verdict


def _assumption_made(reading: Reading, state: LineState, line: LineChain, left: Term, right: Term, verdict: Verdict) -> Verdict:
    """`n_{in} = n_{out}`: two of the problem's quantities, free of each other, set equal: the author's
    assumption (a case considered), not a step; the line counts as a remark."""
    if (verdict.holds is False and line.lead is None and len(line.chain) == 2
            and two_quantities(left.expr, right.expr, reading.known_names, reading.notation)):
        state.remarks.append(line.source.number)
        return Verdict(None, Message("derivation.assumes"))
    return verdict


def _model_stated(reading: Reading, state: LineState, line: LineChain, k: int, verdict: Verdict) -> Verdict:
    """`y_i = \\alpha + \\beta x_i + \\varepsilon_i`: the author's model, an assumption (never charged); the line counts as a remark."""
    terms = [t.expr for t in line.chain]
    remark = None if line.lead is not None or k else (model_remark(line.current, reading.sources, line.source, terms, line.relations, verdict)
                                                      or class_model_remark(line.current, reading.line_notation, reading.known_names, terms, verdict)
                                                      or noise_density_verdict(line.current, terms, verdict)
                                                      or unnamed_density_verdict(line.source.text, _named(reading, state), verdict, reading.roles.likelihood))
    if remark is None or remark.holds is not None:  # the noise's density checked: valid or wrong, a step
        return verdict if remark is None else remark
    state.remarks.append(line.source.number)
    return remark


def _named(reading: Reading, state: LineState) -> set[str]:
    """The letters with a meaning: the problem's names, the author's definitions and functions."""
    return set(reading.known_names) | state.names_taken() | set(reading.student_functions) | set(reading.line_notation.functions)


def _rounded(line: LineChain, left: Term, right: Term, verdict: Verdict) -> Verdict:
    """A number written to d decimals, right within half a unit of its last digit."""
    if verdict.holds is False:
        rounded = rounded_equal(line.current, left, right)
        if rounded is not None:
            return rounded
    return verdict
