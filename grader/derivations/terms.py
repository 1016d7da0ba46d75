"""The terms of a derivation line and the chains they form: statements split at logical links."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

import sympy

from grader.derivations.faults import value_or_fallback
from grader.mathengine.equivalence import ArgOpt
from grader.mathengine.inequalities import INEQUALITY_RELATIONS

_T = TypeVar("_T")


LOGICAL = ("=>", "<=>")


@dataclass(frozen=True)
class Term:
    """One expression of the derivation, with where it stands."""

    expr: Any
    source: str
    line: int


def statement_with_relations(chain: list[_T], relations: list[str], start: int) -> tuple[list[_T], list[str]]:
    """The statement that begins at term `start` (up to the next logical relation) and its relations."""
    end = start
    while end < len(relations) and relations[end] not in LOGICAL:
        end += 1
    return chain[start : end + 1], relations[start:end]


def has_inequality(relations: list[str], start: int) -> bool:
    return any(r in INEQUALITY_RELATIONS for r in statement_with_relations([None] * (len(relations) + 1), relations, start)[1])


def statement_segments(chain: list[Term], relations: list[str]) -> list[list[Term]]:
    segments: list[list[Term]] = [[chain[0]]] if chain else []
    for term, relation in zip(chain[1:], relations):
        if relation in LOGICAL:
            segments.append([term])
        else:
            segments[-1].append(term)
    return segments


def segment_of(term_index: int, relations: list[str]) -> int:
    return sum(1 for r in relations[:term_index] if r in LOGICAL)


def resolve(expr: Any, argopt_names: dict[str, ArgOpt]) -> Any:
    if isinstance(expr, sympy.Symbol) and expr.name in argopt_names:
        return argopt_names[expr.name]
    return expr


def mentions(term: Any, target: Any) -> bool:
    """Whether `target` (such as ``L(w, b)``) appears inside `term`."""
    if isinstance(term, ArgOpt):
        return mentions(term.objective, target)
    if not isinstance(term, sympy.Basic) or not isinstance(target, sympy.Basic):
        return False
    # a term SymPy cannot search (a fault of ours) mentions nothing; not worth a log line
    return value_or_fallback(lambda: term == target or term.has(target), False, "", log=None)
