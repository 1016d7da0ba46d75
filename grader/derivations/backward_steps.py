"""The backward pass as authors write it, where the problem models it (`grader.mathengine.gradients`).

- `\\frac{\\partial L}{\\partial X} = W^{T} \\frac{\\partial L}{\\partial Y}`: the backward pass in matrix form names
  the author's letters for the layer's input (X) and output (Y); the derivation's checker reads their
  gradients as the model's (`with_backward_letters`), so `Var(\\partial L / \\partial X)` is checked.
  The statement itself is the backward pass's definition, a remark a TA reads as such (`backward_pass_looked_at`).
- The layer's bias (`b`, `b_t`) in E[...] or Var(...) is a constant: a step that holds so says it read it so.
- A step that holds only through the model (the gradients zero-mean and independent of the weights, the
  activation's slope 1 in the linear layer) says so in its feedback.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from grader.derivations.faults import judge
from grader.derivations.link_readings import random_outside_expectation, same_moments
from grader.derivations.terms import Term
from grader.mathengine.equivalence import Checker, Verdict
from grader.mathengine.gradients import BackwardPass, backward_pass_of, with_letters
from grader.mathengine.sampled_values import format_value, plain
from grader.mathparse import Notation
from grader.results.models import Message

_LOSS = r"(?:\\mathcal\s*\{?\s*L\s*\}?|\\ell|[A-Za-z])"
_TRANSPOSED = r"(?P<weights>[A-Za-z])\s*\^\s*(?:\{\s*(?:T|\\top|\\intercal|\\mathsf\s*\{\s*T\s*\})\s*\}|T|\\top|\\intercal)"


def _gradient(loss: str, letter: str) -> str:
    """`\\frac{\\partial L}{\\partial X}`, the loss and the letter in the named groups."""
    return rf"\\frac\s*\{{\s*\\partial\s*(?P<{loss}>{_LOSS})\s*\}}\s*\{{\s*\\partial\s*(?P<{letter}>[A-Za-z])\s*\}}"


#: `\\frac{\\partial L}{\\partial X} = W^{T}\\frac{\\partial L}{\\partial Y}` (layout aside): the whole line, nothing else on it.
_MATRIX_FORM = re.compile(rf"^\s*{_gradient('loss', 'input')}\s*=\s*{_TRANSPOSED}\s*{_gradient('loss2', 'output')}\s*[.,]?\s*$")
_LAYOUT = re.compile(r"\\[,;!: ]|\\(?:left|right)\b|&|\\quad|\\qquad")


def matrix_form(text: str, backward: BackwardPass, notation: Notation) -> tuple[str, str] | None:
    """(the input's letter, the output's) where `text` is the backward pass in matrix form, the transposed
    weights times the output's gradient, of one loss; None otherwise."""
    match = _MATRIX_FORM.match(_LAYOUT.sub(" ", text))
    if match is None or re.sub(r"\s", "", match["loss"]) != re.sub(r"\s", "", match["loss2"]):
        return None
    if notation.aliases.get(match["weights"], match["weights"]) != backward.weights:
        return None
    return match["input"], match["output"]


def with_backward_letters(checker: Checker, texts: Sequence[str], notation: Notation) -> Checker:
    """`checker` whose backward pass also reads the author's letters that a matrix-form backward pass names
    for the layer's input and output (letters the problem does not know); `checker` itself where none is named."""
    backward = backward_pass_of(checker.special)
    if backward is None:
        return checker
    known = {*notation.indexed, *notation.symbols, *notation.index_ranges, *notation.functions, backward.weights}
    inputs, outputs = [], []
    for text in texts:
        named = matrix_form(text, backward, notation)
        if named is None:
            continue
        entry, exit_ = (notation.aliases.get(letter, letter) for letter in named)
        if entry != exit_ and entry not in known and exit_ not in known:
            inputs.append(entry)
            outputs.append(exit_)
    if not inputs:
        return checker
    clone = Checker.__new__(type(checker))  # a subclass (a problem's own checker) stays itself
    clone.__dict__.update(checker.__dict__)
    clone.special = with_letters(checker.special, tuple(inputs), tuple(outputs))
    return clone


def backward_pass_looked_at(checker: Checker, texts: Sequence[str], text: str, notation: Notation,
                            left: Term, right: Term, verdict: Verdict) -> Verdict:
    """The link `left = right` of the line `text` (of the derivation's lines `texts`), looked at again where the
    problem models the backward pass: a step about the gradients (the author's letters for the layer's input
    and output read, `with_backward_letters`) judged where the weights' variance is free; the backward pass in
    matrix form, its definition (a remark, not charged); a step that holds through the model says it read it so."""
    widened = with_backward_letters(checker, texts, notation)
    backward = backward_pass_of(widened.special)
    if backward is None:
        return verdict
    unread = verdict.holds is None and verdict.reason is not None and verdict.reason.key == "equivalence.could_not_evaluate"
    goal = backward.goal(left.expr, right.expr)  # the backward condition: it holds where the key's scenario fixes Var(w)
    mentioned = backward.mentioned(left.expr, right.expr, defined=checker.definitions)
    if (unread or (verdict.holds and not goal)) and mentioned:
        verdict = _judged_again(widened, None if goal else backward.free_scenario, left, right, verdict)
    if verdict.holds is False and mentioned:
        verdict = _fan_out_shown(widened, verdict)
    named = matrix_form(text, backward, notation)
    if not verdict.holds and named is not None and _letters_read(backward, named, notation):
        return Verdict(True, Message("derivation.backward_pass", {"input": named[0], "output": named[1]}))
    return _reading_noted(backward, left, right, mentioned, verdict)


def _reading_noted(backward: BackwardPass, left: Term, right: Term, mentioned: bool, verdict: Verdict) -> Verdict:
    """A step that holds (with no other note) through the model of the gradients, or with the bias a constant, says so."""
    if not verdict.holds or not (verdict.reason is None or verdict.reason.key == "derivation.same_moments"):
        return verdict
    if mentioned:
        return Verdict(True, Message("derivation.reading", {"reading": Message("derivation.reading_backward_pass")}))
    if backward.biased(left.expr, right.expr):
        bias = Message("derivation.reading_bias_constant", {"bias": backward.bias})
        return Verdict(True, Message("derivation.reading", {"reading": bias}))
    return verdict


def _judged_again(checker: Checker, scenario: str | None, left: Term, right: Term, verdict: Verdict) -> Verdict:
    """The link compared in `scenario` alone (None: in every scenario), random sides by their moments: where the
    weights' variance is free, a link that passed only where the key fixes Var(w) is not taken; `verdict`
    where the scenario is not the checker's."""
    if scenario is not None:
        free = tuple(s for s in checker.scenarios if s.name == scenario)
        if not free:
            return verdict
        checker = checker.with_scenarios(free)
    again = judge(lambda: checker.same_values(left.expr, right.expr))
    if again.holds is None and random_outside_expectation(checker, again):
        again = judge(lambda: same_moments(checker, left, right, again))
    return again


def _fan_out_shown(checker: Checker, verdict: Verdict) -> Verdict:
    """A counterexample about the gradients with the layer's n_out: the backward sum runs over it, though no
    side writes it (`Var(\\partial L/\\partial X)`), and without it the values shown do not give the sides'."""
    backward, shown = backward_pass_of(checker.special), verdict.counterexample
    if backward is None or shown is None or backward.fan_out in shown.point:
        return verdict
    for scenario in checker.scenarios:
        for point in checker.points(scenario):
            if backward.fan_out in point and all(format_value(plain(point.get(name))) == value for name, value in shown.point.items()):
                fan_out = format_value(plain(point[backward.fan_out]))
                return replace(verdict, counterexample=replace(shown, point={**shown.point, backward.fan_out: fan_out}))
    return verdict


def _letters_read(backward: BackwardPass, named: tuple[str, str], notation: Notation) -> bool:
    """Whether the checker reads the two letters as the layer's input and output."""
    entry, exit_ = (notation.aliases.get(letter, letter) for letter in named)
    return entry in backward.inputs and exit_ in backward.outputs

