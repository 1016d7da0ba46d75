"""Known wrong steps of a derivation, named where a student makes them.

A problem may catalogue a wrong link (``Mistake(part="derivation-link", written=(r"a \\ge b",))``):
an invalid inequality link of the student's derivation whose two sides have the values of the
catalogued link's (in either orientation: ``b \\le a`` is the same claim) is named as that
mistake.  A bound of a proof taken the wrong way (an inner product said to be at least a norm,
where the inequality the proof rests on says at most) is the kind of step it names.
"""

from __future__ import annotations

from typing import Any

from grader.mathengine.equivalence import Checker
from grader.mathengine.inequalities import INEQUALITY_RELATIONS
from grader.mathparse import MathParseError, parse_expression, parse_line

#: The part of a `Mistake` that is a wrong link rather than a wrong answer or goal.
LINK_PART = "derivation-link"

_FLIPPED = {"<=": ">=", "<": ">", ">=": ">=", ">": ">"}


def named_link_mistakes(problem: Any, check: Any, checker: Checker) -> list[str]:
    """The ids of the problem's catalogued wrong links that the derivation `check` contains."""
    catalogued = [m for m in problem.mistakes if m.part == LINK_PART]
    if not catalogued:
        return []
    invalid = [(link, line) for line in check.lines for link in line.links if link.valid is False and link.relation in INEQUALITY_RELATIONS]
    found: list[str] = []
    for mistake in catalogued:
        for text in mistake.written:
            pattern = _oriented(parse_line(text, problem.notation))
            if pattern is None:
                continue
            for link, _line in invalid:
                sides = _link_sides(link, problem.notation)
                if sides is None or sides[2] != pattern[2]:
                    continue
                if all(checker.same_values(a, b).holds for a, b in zip(sides[:2], pattern[:2])):
                    found.append(mistake.id)
                    break
            if mistake.id in found:
                break
    return found


def _oriented(parsed: Any) -> tuple[Any, Any, str] | None:
    """A one-link inequality as (greater side, smaller side, strict or not)."""
    if len(parsed.terms) != 2 or len(parsed.relations) != 1 or parsed.relations[0] not in INEQUALITY_RELATIONS:
        return None
    left, right = parsed.terms
    relation = parsed.relations[0]
    if relation in ("<=", "<"):
        left, right = right, left
    return left, right, "strict" if relation in ("<", ">") else "weak"


def _link_sides(link: Any, notation: Any) -> tuple[Any, Any, str] | None:
    try:
        left, right = parse_expression(link.left, notation), parse_expression(link.right, notation)
    except MathParseError:
        return None
    if link.relation in ("<=", "<"):
        left, right = right, left
    return left, right, "strict" if link.relation in ("<", ">") else "weak"
