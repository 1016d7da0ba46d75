r"""Piecewise values and conditions of the extended course: `cases` with inequality conditions, and
a condition after the math (``w_i = w_i^* - \frac{\alpha}{H_{i,i}}, \quad w_i^* > \frac{\alpha}{H_{i,i}}``).

``\begin{cases} e_1 & \text{if } c_1 \\ e_2 & c_2 \\ e_3 & \text{otherwise} \end{cases}`` is read as one
SymPy ``Piecewise`` (the first branch whose condition holds at a point gives the value), so an
answer written in cases is compared with ``\operatorname{sign}(\cdot)\max(\cdot, 0)`` point by point;
the problem's scenarios put points in every branch.  A condition after the math restricts the
points a line is checked at to those where the condition holds.  Only for notations that read
inequalities (``Notation.inequalities``); the default course keeps its own `cases` reading.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import sympy

from grader.mathparse import MathParseError, Notation, parse_line
from grader.mathparse.nodes import ParsedLine

_CASES = re.compile(
    r"^(?P<head>.*?)(?:\\left\.?\s*)?\\begin\{[dr]?cases\*?\}(?P<body>.*?)\\end\{[dr]?cases\*?\}(?:\s*\\right\.)?\s*[.,]?\s*$", re.DOTALL
)
_OTHERWISE = re.compile(
    r"^\s*,?\s*(?:\\(?:text|mathrm|textrm)\s*\{\s*(?:otherwise|else|否则|其他|其它)\s*\.?\s*\}|otherwise|else)\s*\.?\s*$", re.IGNORECASE
)
_CONDITION_WORD = re.compile(r"^\s*,?\s*(?:\\(?:text|mathrm|textrm)\s*\{\s*(?:if|for|when|where)\s*\}|if\b|for\b|when\b)\s*", re.IGNORECASE)
_SPACING = re.compile(r"\\(?:[,;:!> ]|q?quad)")
_INEQUALITY = re.compile(r"\\(?:le|leq|ge|geq|lt|gt|leqslant|geqslant)(?![A-Za-z])|<|>")
#: Where a condition after the math may begin: `\quad`, `\qquad`, `\text{if}`, `\text{for}` (after a comma or not).
_TAIL = re.compile(r"(?:,\s*)?(?:\\q?quad|\\text\s*\{\s*(?:if|for|when|where)\s*\})")

_RELATIONALS = {"<=": sympy.Le, "<": sympy.Lt, ">=": sympy.Ge, ">": sympy.Gt, "=": sympy.Eq}


def parse_with_cases(text: str, notation: Notation) -> ParsedLine:
    """`parse_line`, with a `cases` value at the end of the line read as one piecewise term."""
    if notation.inequalities and "cases" in text:
        parsed = _cases_line(text, notation)
        if parsed is not None:
            return parsed
    return parse_line(text, notation)


def cases_term(text: str, notation: Notation) -> Any | None:
    """The last term of an answer written with `cases` (None if it is not such an answer)."""
    if not notation.inequalities or "cases" not in text:
        return None
    try:
        parsed = _cases_line(text, notation)
    except MathParseError:
        return None
    return None if parsed is None else parsed.terms[-1]


def _cases_line(text: str, notation: Notation) -> ParsedLine | None:
    match = _CASES.match(text.strip())
    if match is None:
        return None
    branches = _branches(match.group("body"), notation)
    if branches is None:
        return None
    value = sympy.Piecewise(*branches, evaluate=False)
    head = match.group("head").strip()
    source = text[text.index("\\begin"):].strip() if "\\begin" in text else text
    if not head:
        return ParsedLine(terms=(value,), relations=(), leading_relation=None, term_sources=(source,))
    if head.startswith("=") and head[1:].strip() == "":
        return ParsedLine(terms=(value,), relations=(), leading_relation="=", term_sources=(source,))
    if not head.endswith("="):
        return None
    before = parse_line(head[:-1], notation)
    return replace(
        before,
        terms=before.terms + (value,),
        relations=before.relations + ("=",),
        term_sources=before.term_sources + (source,),
    )


def _branches(body: str, notation: Notation) -> list[tuple[Any, Any]] | None:
    rows = [row for row in re.split(r"\\\\", body) if row.strip()]
    if not rows:
        return None
    branches = []
    for row in rows:
        value_text, ampersand, condition_text = row.partition("&")
        if not ampersand:
            at = re.search(r"\\text\s*\{\s*(?:if|for|when|otherwise|else)", row)
            if at is None:
                return None
            value_text, condition_text = row[: at.start()], row[at.start():]
        value = _last(parse_line(value_text.strip().rstrip(","), notation))
        condition_text = _SPACING.sub(" ", condition_text).strip()
        if _OTHERWISE.match(condition_text):
            branches.append((value, sympy.true))
            continue
        condition = read_condition(_CONDITION_WORD.sub("", condition_text, count=1), notation)
        if condition is None:
            return None
        branches.append((value, condition))
    return branches


def read_condition(text: str, notation: Notation) -> Any | None:
    """A condition (`|w_i^*| \\le \\frac{\\alpha}{H_{i,i}}`, `-a < x \\le a`) as a SymPy boolean, or None."""
    text = text.strip().rstrip(".,").strip()
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1]
    try:
        parsed = parse_line(text, notation)
    except MathParseError:
        return None
    if not parsed.relations or parsed.leading_relation is not None:
        return None
    parts = []
    for left, right, relation in zip(parsed.terms, parsed.terms[1:], parsed.relations):
        make = _RELATIONALS.get(relation)
        if make is None:
            return None
        parts.append(make(left, right, evaluate=False))
    return parts[0] if len(parts) == 1 else sympy.And(*parts, evaluate=False)


def split_condition(text: str, notation: Notation) -> tuple[str, Any | None]:
    """A line and the inequality condition written after its math (`..., \\quad w_i^* > \\frac{\\alpha}{H_{i,i}}`),
    or the line unchanged and None."""
    if not notation.inequalities or not _INEQUALITY.search(text) or "\\begin" in text:
        return text, None  # a `cases` block holds its conditions itself
    for match in reversed(list(_TAIL.finditer(text))):
        tail = text[match.end():]
        if not _INEQUALITY.search(tail) or not _balanced(tail) or not _balanced(text[: match.start()]):
            continue
        condition = read_condition(_CONDITION_WORD.sub("", _SPACING.sub(" ", tail), count=1), notation)
        if condition is not None:
            return text[: match.start()].rstrip().rstrip(","), condition
    return text, None


def holds(evaluator: Any, condition: Any) -> bool:
    """Whether a condition holds at the evaluator's point (exact comparisons: it picks a branch)."""
    if condition is sympy.true or condition is True:
        return True
    if condition is sympy.false or condition is False:
        return False
    if isinstance(condition, sympy.And):
        return all(holds(evaluator, c) for c in condition.args)
    if isinstance(condition, sympy.Or):
        return any(holds(evaluator, c) for c in condition.args)
    if isinstance(condition, sympy.Not):
        return not holds(evaluator, condition.args[0])
    left = evaluator.scalar(condition.lhs).real
    right = evaluator.scalar(condition.rhs).real
    if isinstance(condition, sympy.Eq):
        return abs(left - right) <= 1e-12 * max(1.0, abs(left), abs(right))
    if isinstance(condition, sympy.Ne):
        return abs(left - right) > 1e-12 * max(1.0, abs(left), abs(right))
    return bool({sympy.Le: left <= right, sympy.Lt: left < right, sympy.Ge: left >= right, sympy.Gt: left > right}[type(condition)])


#: Points drawn per size for a line under an inequality condition: the condition keeps only some
#: of them, and a wrong condition (|w_i^*| \le \alpha for \le \alpha/H_{i,i}) shows only at a few.
CONDITIONED_POINTS_PER_SIZE = 6


def conditioned(checker: Any, conditions: Sequence[Any]) -> Any:
    """A checker whose points are those where every condition holds, among more points than usual."""
    wider = checker.__class__.__new__(checker.__class__)
    wider.__dict__.update(checker.__dict__)
    if "_unconditioned" not in checker.__dict__:  # drawn afresh (from the same seed), more of them
        wider.points_per_size, wider._points = max(checker.points_per_size, CONDITIONED_POINTS_PER_SIZE), {}
    clone = checker.__class__.__new__(checker.__class__)
    clone.__dict__.update(checker.__dict__)
    clone._unconditioned, clone._conditions, clone._equalities, clone._points = wider, (), (), {}
    clone._inequalities = tuple(conditions)
    return clone


def _last(parsed: ParsedLine) -> Any:
    return parsed.terms[-1]


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += char in "({["
        depth -= char in ")}]"
        if depth < 0:
            return False
    return depth == 0
