r"""A derivation that checks nothing earns no start or goal on trust (red team round 11, finding M1).

The start and the goal are given on trust where the first or last line could not be read or checked: a TA could
not have seen them there.  That trust needs a derivation that shows something: on main, a lone line with a relation
the parser does not know (`a \overset{x}{\le} b`) or with letters that have no value earned 75 % of the points
(the unchecked line's 25 % taken, nothing else), more than a derivation with a wrong step.
"""

from __future__ import annotations

import pytest
from test_derivations_table import grade_section

SOFTMAX_STEPS = (
    r"E = -\sum_{k=1}^{K} Y_k \log y_k",
    r"\frac{\partial E}{\partial z_i} = -\sum_{k=1}^{K} Y_k (\delta_{ki} - y_i)",
    r"= y_i - Y_i",
)


def _derivation(module: str, *displays: str, answer: str = ""):
    text = f"## {module.replace('_', '-')}\n\n" + "".join(f"$$\n{d}\n$$\n\n" for d in displays)
    text += f"Answer: ${answer}$\n" if answer else ""
    return next(p for p in grade_section(module, text).parts if p.id == "derivation")


@pytest.mark.parametrize("module, lines", [
    ("mle_mse", (r"a \overset{x}{\le} b",)),
    ("mle_mse", (r"\log L(w,b) \overset{(1)}{\to} \sum_{i=1}^{n} (y_i - w x_i - b)^2",)),
    ("softmax_ce_grad", (r"\frac{\partial E}{\partial z_i} \overset{(a)}{\le} Y_i - y_i",)),
])
def test_a_derivation_that_checks_nothing_earns_at_most_a_quarter(module, lines):
    derivation = _derivation(module, *lines)
    assert not any(k.valid is True for line in derivation.lines for k in line.links)
    assert derivation.score <= 0.25 * derivation.max_score, (derivation.score, derivation.max_score)
    keys = [m.key for m in derivation.feedback]
    assert "derivation.nothing_checked" in keys or keys == ["derivation.no_steps"], keys  # the student is told why


@pytest.mark.parametrize("module, lines", [
    ("softmax_ce_grad", (r"\frac{\partial E}{\partial z_i} = q_i",)),  # q has no value
    ("mle_mse", (r"\log L(w,b) = \prod_{i=1}^{n} g(y_i)", r"= h(w, b)")),  # nothing the problem knows after the start
])
def test_a_start_written_before_nothing_checkable_earns_no_goal_on_trust(module, lines):
    derivation = _derivation(module, *lines)
    keys = [m.key for m in derivation.feedback]
    assert "derivation.no_goal" in keys and "derivation.nothing_checked" in keys, keys
    assert derivation.score <= 0.5 * derivation.max_score, (derivation.score, derivation.max_score)


def test_an_unreadable_last_line_after_checked_steps_is_still_charged_once():
    # the trust stays where the derivation shows its steps: the unreadable goal line costs its own 25 % only
    complete = _derivation("softmax_ce_grad", *SOFTMAX_STEPS)
    unreadable_end = _derivation("softmax_ce_grad", *SOFTMAX_STEPS[:2], r"= y_i - Y_i \overset{(b)}{\to} \text{done}")
    assert complete.score == complete.max_score
    assert unreadable_end.score == pytest.approx(0.75 * unreadable_end.max_score)
    assert "derivation.nothing_checked" not in [m.key for m in unreadable_end.feedback]



@pytest.mark.parametrize("module, lines", [
    ("ce_mle", (r"a = a",)),  # the same letter on both sides defines nothing (it was read as the likelihood L)
    ("ce_mle", (r"b = 2b - b",)),
    ("ce_mle", (r"1 + 1 = 2",)),  # numbers only
    ("mle_mse", (r"\log 1 = 0", r"\frac{1}{2} = 0.5")),
])
def test_a_derivation_of_links_that_say_nothing_earns_nothing(module, lines):
    # red team round 12: `a = a` alone earned 4.5 of 6 in ce-mle (the start on trust), `1 + 1 = 2` 3 of 6
    derivation = _derivation(module, *lines)
    assert derivation.score == 0, (derivation.score, [m.key for m in derivation.feedback])
    assert [m.key for m in derivation.feedback] == ["derivation.no_steps"]


UNREADABLE = r"\frobnicate{\theta} = \mho"


@pytest.mark.parametrize("module, middle", [
    ("ce_mle", r"(u + v)^2 = u^2 + 2uv + v^2"),  # an identity in letters the derivation never defines
    ("mle_mse", r"(u + v)^2 = u^2 + 2uv + v^2"),
    ("xavier_variance", r"\mathrm{Var}(U + V) = \mathrm{Var}(U) + \mathrm{Var}(V) + 2\,\mathrm{Cov}(U, V)"),  # a general rule
])
def test_a_step_that_holds_anywhere_earns_no_start_or_goal_on_trust(module, middle):
    # unreadable first and last lines are given the start and the goal on trust only beside a step of the problem
    derivation = _derivation(module, UNREADABLE, middle, UNREADABLE)
    keys = [m.key for m in derivation.feedback]
    assert "derivation.nothing_checked" in keys and "derivation.no_start" in keys, keys
    assert derivation.score <= 0.25 * derivation.max_score, (derivation.score, derivation.max_score)


def test_a_step_of_the_problem_between_unreadable_lines_keeps_the_trust():
    derivation = _derivation("softmax_ce_grad", UNREADABLE, *SOFTMAX_STEPS[1:], UNREADABLE)
    keys = [m.key for m in derivation.feedback]
    assert "derivation.nothing_checked" not in keys and "derivation.no_start" not in keys, keys
    assert derivation.score >= 0.5 * derivation.max_score
