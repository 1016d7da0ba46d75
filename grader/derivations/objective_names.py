"""The author's name for one of the problem's functions used for another of them (the author's `\\hat J` or plain
`J` for the regularized approximation the problem calls `\\tilde J`, as Goodfellow's readers often write it).

A line `F(w) = ...` (or a derivative of `F(w)`) whose head is one of the problem's functions is checked against the
problem's F first.  Where it fails there but holds, as written, for exactly one OTHER function the problem defines of
the same arguments (one the right side does not call itself; the head's own name not called on the right at the
same point; never one the problem builds F on: `\\tilde J` read as the `J` or `\\hat J` its definition adds the
penalty to is the penalty forgotten, charged), a TA reads the author's name: the head is the author's name for that
function (they define their own names), the right side is unchanged, and the feedback says which reading was taken.  A line that holds for
none of the problem's functions (a dropped 1/2, a wrong coefficient) stays charged; so does one that holds for two
(no single reading)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import sympy
from sympy.core.function import AppliedUndef

from grader.derivations.faults import judge
from grader.mathengine.equivalence import Checker
from grader.mathengine.model_probability import UNNAMED_MODEL
from grader.results.i18n import define
from grader.results.models import LinkResult, Message

define(
    {
        "objective_names.read": (
            ("Valid, reading your {written} as the problem's {read}: the line holds for {read}, not for the problem's "
            "{written} (your name for it)."),
            "成立，将你的 {written} 读作题目中的 {read}：该行对 {read} 成立，而对题目中的 {written} 不成立（这是你对它的命名）。",
        ),
    }
)


def _shown(name: str) -> str:
    """`tilde_J` as `\\tilde J`, `J` as `J`: a function's name as the feedback shows it."""
    decoration, _, base = name.rpartition("_")
    return f"\\{decoration} {base}" if decoration else name


def other_objective(checker: Checker, head: Any, right: Any, link: LinkResult, sources: Sequence[Any] = ()) -> LinkResult:
    """The link of `head = right`, read with the head's function as another of the problem's where only that one
    makes it hold (see the module's docstring); the link as judged otherwise.  A plain name (`J`, the base loss in
    every text) is read so only where the derivation (`sources`) never writes the other's own name: an author who
    writes `\\tilde J` elsewhere and `J` here slipped, and is charged as before.  (A decorated name, `\\hat J`, is the
    author's own decoration convention: \\hat for "approximated" whether or not the penalty is in.)"""
    if link.valid is not False or not isinstance(head, sympy.Basic) or not isinstance(right, sympy.Basic):
        return link
    calls = head.atoms(AppliedUndef)
    names = {call.func.__name__ for call in calls}
    if len(names) != 1:
        return link
    name = names.pop()
    on_right = {call.func.__name__: call.args for call in right.atoms(AppliedUndef)}
    if name in on_right and any(on_right[name] == call.args for call in calls):
        return link  # `\\nabla J(w) = \\alpha w + \\nabla J(w)`: the same name at the same point keeps the problem's meaning
    others = _others(checker, name, {len(call.args) for call in calls}, set(on_right))
    holding = [other for other in others if _holds(checker, _renamed(head, name, other), right)]
    if len(holding) != 1 or holding[0] in _built_on(checker, name) or ("_" not in name and _writes(sources, holding[0])):
        return link  # the head read as a function it is built on: the added term (the penalty) dropped, charged
    return replace(link, valid=True, counterexample=None,
                   reason=Message("objective_names.read", {"written": _shown(name), "read": _shown(holding[0])}))


def _others(checker: Checker, name: str, arity: set[int], called_on_right: set[str]) -> list[str]:
    """The problem's other defined functions of as many arguments, less those the right side calls itself (reading
    the head as one of them would make the line say nothing: `\\nabla J(w) = \\nabla J(w)`)."""
    return [other for other, definition in checker.definitions.items()
            if other != name and other not in called_on_right and other != UNNAMED_MODEL  # the model's density is no objective
            and {len(getattr(definition, "params", ()))} == arity and 0 not in arity]


def _built_on(checker: Checker, name: str) -> set[str]:
    """The functions the problem builds `name` on: those its definition calls, and theirs (`\\tilde J` calls `\\hat J`,
    which calls `J`).  Reading `name` as one of them is reading the term it adds as forgotten: the wrong step the
    problem exists to catch, whatever the right side writes."""
    found: set[str] = set()
    todo = [name]
    while todo:
        definition = checker.definitions.get(todo.pop())
        readings = (definition, *getattr(definition, "other_readings", ())) if definition is not None else ()
        for reading in readings:
            body = getattr(reading, "body", None)
            called = {call.func.__name__ for call in body.atoms(AppliedUndef)} if isinstance(body, sympy.Basic) else set()
            todo += sorted(called - found)
            found |= called
    return found


def _writes(sources: Sequence[Any], name: str) -> bool:
    """Whether a line writes the function `name` by its own name (`tilde_J` as `\\tilde J`, `\\widetilde{J}`)."""
    decoration, _, base = name.rpartition("_")
    letter = re.escape(base) if len(base) == 1 else r"\\" + re.escape(base)
    written = rf"\\(?:{decoration}|wide{decoration})\s*\{{?\s*{letter}" if decoration else rf"(?<![A-Za-z\\]){letter}(?![A-Za-z])"
    return any(re.search(written, source.text) for source in sources)


def _holds(checker: Checker, left: sympy.Basic, right: sympy.Basic) -> bool:
    """Whether `left = right` holds at the problem's points (running out of time or values: it does not)."""
    return bool(judge(lambda: checker.same_values(left, right)).holds)


def _renamed(expr: sympy.Basic, name: str, other: str) -> sympy.Basic:
    """`expr` with each call of the function `name` a call of `other` (same arguments)."""
    target = sympy.Function(other)
    return expr.replace(lambda node: isinstance(node, AppliedUndef) and node.func.__name__ == name,
                        lambda node: target(*node.args))

