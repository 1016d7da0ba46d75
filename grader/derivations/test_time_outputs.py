r"""A layer's test-time output, written as the author's name: checked against the rule of the dropout in use.

A dropout derivation often ends with the test-time rule: `h_{\text{test}} = p h` after standard dropout
(`\hat h = m h`), `h_{test} = h` after inverted dropout (`\tilde h = \frac{m}{p} h`).  The name is the author's,
so it reads as a definition and passes whatever it says; `h_{test} = h \cdot p` after inverted dropout (scaling
twice) is a mistake a TA charges.  The rule the problem states: at test time the layer outputs what its
training output gives in expectation, so the test-time output equals `E[training output]`.

A problem with training-time outputs gives its checker the class `TrainingOutputsChecker` with their names.  A
line whose head is a name written with a test-time subscript (`h_{test}`, `a_{\text{test}}`, `h_{inference}`)
is then judged against the expectation of the training output the derivation last named (the dropout in use:
`\tilde h` or `\hat h`, on this line or one before it).  The head is still recorded as the author's definition
(later lines carry it, as a TA carries a charged result), and the feedback names the rule and the output it was
read against.  Where the derivation names no training output yet, the dropout in use is not known, and where
the line that last names it is charged (the author's own frame for it: another meaning of p, another output
called \tilde h), the rule is not the author's: the line stays the author's definition, as before.
"""

from __future__ import annotations

import re
from typing import Any

import sympy

from grader.derivations.definitions import record_definition
from grader.derivations.line_state import LineChain, LineState, Reading
from grader.mathengine.equivalence import Checker, names_in
from grader.mathparse import MathParseError, parse_line
from grader.results.i18n import define
from grader.results.models import LinkResult, Message

define(
    {
        "derivation.test_time_rule_holds": (
            ("Read as the test-time output of the dropout in use ({output}): at test time the layer outputs the "
            "training output's expectation, {expected}."),
            "读作当前所用 dropout（{output}）在测试时的输出：测试时该层输出训练输出的期望 {expected}。",
        ),
        "derivation.test_time_rule_fails": (
            ("The test-time output of the dropout in use ({output}) is its training output's expectation, {expected}: "
            "this is not it (at the point shown, {left} against {right})."),
            "当前所用 dropout（{output}）在测试时的输出应为其训练输出的期望 {expected}：此处不是（在所示点，{left} 对 {right}）。",
        ),
    }
)

#: A name written for the test-time value: a subscript (or suffix) test, inference, eval.
_TEST_TIME_NAME = re.compile(r"[A-Za-z]\w*_(?:test|testing|inference|eval)")


class TrainingOutputsChecker(Checker):
    """A problem's checker, with the training-time outputs of its layer (their LaTeX, `\\tilde h`); their
    test-time output is their expectation."""

    training_outputs: tuple[str, ...] = ()
    """The layer's training-time outputs, as the problem writes them (the inverted one first, then the standard one)."""

    letters: tuple[str, ...] = ()
    """The problem's activation, mask and keep probability (`h`, `m`, `p`), which an author's letters are read as
    (`dropout_letters`); empty where the problem does not name them."""

    expectation: str = r"\mathbb{{E}}[{}]"
    """How the problem writes the expectation of one of them (`{}`: the output)."""


def test_time_defined(reading: Reading, state: LineState, line: LineChain) -> LinkResult | None:
    """`h_{test} = ...` at a line's head, in a problem whose checker knows its training outputs: the link that
    judges it against the rule (see above), the head recorded as the author's definition; None for any other line."""
    checker = reading.checker
    if not isinstance(checker, TrainingOutputsChecker) or line.lead is not None or not line.relations or line.relations[0] != "=":
        return None
    head, body = line.chain[0].expr, line.chain[1].expr
    if not isinstance(head, sympy.Symbol) or not _TEST_TIME_NAME.fullmatch(head.name):
        return None
    in_use = _output_in_use(checker, state, reading)
    if in_use is None:
        return None
    output, expected_source, expected = in_use
    if head.name in names_in(body):
        return None  # `h_{test} = ... h_{test} ...`: an equation in the name, not its value
    verdict = line.current.with_definitions(state.definitions).same_values(body, expected)
    state.definitions.pop(head.name, None)
    record_definition(head.name, head, body, state.definitions, state.argopt_names, reading.notation)
    line.start_index = 1
    line.current = line.current.with_definitions(state.definitions)
    params = {"output": output, "expected": expected_source}
    if verdict.holds is False:
        values = verdict.reason.params if verdict.reason is not None else {}
        return LinkResult(line.chain[0].source, "=", line.chain[1].source, False,
                          Message("derivation.test_time_rule_fails", {**params, "left": values.get("left", "?"), "right": values.get("right", "?")}),
                          counterexample=verdict.counterexample)
    if verdict.holds is None:
        return LinkResult(line.chain[0].source, "=", line.chain[1].source, None, verdict.reason)
    return LinkResult(line.chain[0].source, "=", line.chain[1].source, True, Message("derivation.test_time_rule_holds", params))


def _output_in_use(checker: TrainingOutputsChecker, state: LineState, reading: Reading) -> tuple[str, str, Any] | None:
    """The training output the derivation named last (its LaTeX, its expectation's LaTeX and expression), or None."""
    names = {}
    for output in checker.training_outputs:
        try:
            parsed = parse_line(output, reading.notation)
        except MathParseError:
            continue
        if len(parsed.terms) == 1 and isinstance(parsed.terms[0], sympy.Symbol):
            names[parsed.terms[0].name] = output
    charged = {line.number for line in state.lines if any(link.valid is False for link in line.links)}
    for term in reversed(state.all_terms):
        if not isinstance(term.expr, sympy.Basic):
            continue
        used = [name for name in names if name in names_in(term.expr)]
        if len(used) == 1:
            if term.line in charged:
                return None  # the author's own frame for the output (charged where it is stated): not the problem's rule
            output = names[used[0]]
            source = checker.expectation.format(output)
            try:
                expected = parse_line(source, reading.notation).terms[0]
            except MathParseError:
                return None
            return output, source, expected
    return None
