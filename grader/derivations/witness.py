"""Witness answers: ``Answer (b): w_1 = 1, w_2 = -3, x = 2, y = 1`` gives a point; the grader checks
that the property the problem asks for holds there.

Any point that has the property earns the points; a point that does not gets feedback with
the value found there (and the catalogued mistake, when the problem names one).  The values are
read with the course's own math parser, each an expression without free names.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy

from grader.mathengine.equivalence import Checker, format_value
from grader.mathengine.evaluate import EvaluationError
from grader.mathengine.inequalities import satisfied
from grader.mathparse import MathParseError, Notation, parse_expression, parse_line
from grader.results.formatting import counterexample_point, inequality_symbol
from grader.results.i18n import define
from grader.results.models import Message, PartResult

define(
    {
        "witness.holds": (
            "At your point {point} the property holds (the value below).",
            "在你给出的点 {point} 处性质成立（取值见下）。",
        ),
        "witness.fails": (
            "At your point {point}, the value below is {value}, which is not {relation} {bound}.",
            "在你给出的点 {point} 处，下面的量等于 {value}，不满足 {relation} {bound}。",
        ),
        "witness.unreadable": (
            "Write the point as `name = value` pairs separated by commas ({names}).",
            "请把点写成用逗号分隔的 `名称 = 数值`（{names}）。",
        ),
        "witness.missing": (
            "The point does not give a value for {names}.",
            "这个点缺少 {names} 的取值。",
        ),
        "witness.outside": (
            "{name} = {value} is not allowed here: {name} must be one of {allowed}.",
            "这里不允许 {name} = {value}：{name} 只能取 {allowed} 之一。",
        ),
        "witness.no_value": (
            "The quantity below has no value at your point {point}.",
            "下面的量在你给出的点 {point} 处没有定义。",
        ),
    }
)

_SEPARATORS = re.compile(r",|;|\\quad|\\qquad|\\text\{\s*and\s*\}")


@dataclass(frozen=True)
class Witness:
    """An answer that is a point where a property holds (``quantity relation bound``)."""

    part: str
    """The part id in the report (``"answer-b"``)."""

    label: str
    """The label on the student's line (``"b"``)."""

    points: float
    """Points for a point that has the property."""

    quantity: str
    """The quantity the property is about, in LaTeX (``\\frac{\\partial^2 J_{MSE}}{\\partial w_2^2}``)."""

    relation: str
    """``"<"``, ``"<="``, ``">"`` or ``">="``."""

    bound: str
    """The other side, in LaTeX (``"0"``)."""

    variables: tuple[str, ...]
    """The names the point gives a value to, as the parser reads them (``("w_1", "w_2", "x", "y")``)."""

    allowed: Mapping[str, tuple[float, ...]] = field(default_factory=dict)
    """Names restricted to a few values (``{"y": (0, 1)}``)."""

    mistake: str | None = None
    """The mistake id (of the problem) a point without the property is named as."""

    accepted: tuple[str, ...] = ()
    """None: any point with the property is accepted (kept for the shape of `Answer`)."""

    scenario: str | None = None
    """The scenario whose first point supplies what the witness does not give (none needed here)."""

    forbidden: tuple[str, ...] = ()
    """Not used for witnesses."""

    def read_point(self, math: str, notation: Notation) -> dict[str, float] | Message:
        """The point the student wrote, or a message saying what is wrong with it."""
        unreadable = Message("witness.unreadable", {"names": ", ".join(self.variables)})
        values: dict[str, float] = {}
        tuple_form = _tuple_assignment(math)
        pairs = tuple_form if tuple_form is not None else [p for p in _SEPARATORS.split(math) if p.strip()]
        for pair in pairs:
            assignment = _assignment(pair, notation, self.variables)
            if assignment is None:
                return unreadable
            values[assignment[0]] = assignment[1]
        missing = [n for n in self.variables if n not in values]
        if missing:
            return Message("witness.missing", {"names": ", ".join(missing)})
        return self._outside_allowed(values) or values

    def _outside_allowed(self, values: dict[str, float]) -> Message | None:
        """The message for a name given a value it may not take (`y` must be 0 or 1), or None."""
        for name, allowed in self.allowed.items():
            if not any(abs(values[name] - a) < 1e-12 for a in allowed):
                return Message("witness.outside", {"name": name, "value": format_value(values[name]),
                                                   "allowed": ", ".join(format_value(a) for a in allowed)})
        return None

    def grade(self, problem: Any, section: Any, checker: Checker, points: float) -> PartResult:
        line = section.answer(self.label)
        if line is None or not line.math.strip():
            marker = f"Answer ({self.label}):" if self.label else "Answer:"
            return PartResult(self.part, 0.0, points, (Message("answer.missing", {"marker": marker}),))
        credit, feedback, mistakes = self.judge(problem, line.math, checker)
        return PartResult(self.part, round(points * credit, 6), points, tuple(feedback), student_answer=line.math, mistakes=tuple(mistakes))

    def judge(self, problem: Any, math: str, checker: Checker) -> tuple[float, list[Message], list[str]]:
        """(share of the points, feedback, mistake ids) for the point written in `math`."""
        point = self.read_point(math, problem.notation)
        if isinstance(point, Message):
            return 0.0, [point], []
        shown = counterexample_point({name: format_value(value) for name, value in point.items()})
        quantity = _last_term(self.quantity, problem.notation)
        bound = _last_term(self.bound, problem.notation)
        base = dict(checker.points(checker.scenarios[0])[0])
        base.update({name: complex(value) for name, value in point.items()})
        evaluator = checker.evaluator(base)
        try:
            value = evaluator.scalar(quantity)
            limit = evaluator.scalar(bound)
        except EvaluationError:
            return 0.0, [Message("witness.no_value", {"quantity": self.quantity, "point": shown}, math=(self.quantity,))], []
        if not (np.isfinite(value) and np.isfinite(limit)):
            return 0.0, [Message("witness.no_value", {"quantity": self.quantity, "point": shown}, math=(self.quantity,))], []
        # the quantity is LaTeX: shown apart from the sentence, rendered as math by each format
        shown_value = (f"{self.quantity} = {format_value(value.real)}",)
        fields = {"point": shown, "quantity": self.quantity, "value": format_value(value.real),
                  "relation": inequality_symbol(self.relation), "bound": format_value(limit.real)}
        strict = self.relation in ("<", ">")
        holds = satisfied(value.real, limit.real, self.relation) and not (strict and abs(value.real - limit.real) <= 1e-12)
        if holds:
            return 1.0, [Message("answer.correct"), Message("witness.holds", fields, math=shown_value)], []
        feedback = [Message("witness.fails", fields, math=shown_value)]
        mistakes: list[str] = []
        if self.mistake is not None:
            feedback.insert(0, Message(f"mistake.{problem.id}.{self.mistake}"))
            mistakes.append(self.mistake)
        return 0.0, feedback, mistakes


def _last_term(text: str, notation: Notation) -> Any:
    return parse_line(text, notation).terms[-1]


def _assignment(pair: str | tuple[str, str], notation: Notation, variables: tuple[str, ...]) -> tuple[str, float] | None:
    """`w_1 = -3` (or the pair a tuple form gave) as one of `variables` and a finite real number; None where it is not one."""
    if isinstance(pair, tuple):
        left_text, right_text = pair
    else:
        if pair.count("=") != 1:
            return None
        left_text, right_text = pair.split("=")
    try:
        name = parse_expression(left_text, notation)
        value = parse_expression(right_text, notation)
    except MathParseError:
        return None
    if not isinstance(name, sympy.Symbol) or name.name not in variables or value.free_symbols:
        return None
    try:
        number = complex(value)
    except (TypeError, ValueError):
        return None
    if abs(number.imag) > 0 or not np.isfinite(number.real):
        return None
    return name.name, number.real


def _tuple_assignment(math: str) -> list[tuple[str, str]] | None:
    """`(w_1, w_2, x, y) = (1, -3, 2, 1)`: the pairs, or None if the math is not of that form."""
    match = re.fullmatch(r"\s*(?:\\left)?\((.*?)(?:\\right)?\)\s*=\s*(?:\\left)?\((.*)(?:\\right)?\)\s*", math)
    if match is None:
        return None
    names, values = match.group(1).split(","), match.group(2).split(",")
    if len(names) != len(values):
        return None
    return list(zip(names, values))
