"""How every report, line and spreadsheet cell of the grader writes a number, an array's shape, a
derivation's relation and a counterexample: one formatter each, so that a score reads ``7.5`` in
the report, the gradebook, the batch's progress line and a TA's adjustment alike."""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from typing import Any


def number(value: Any, digits: int = 2) -> str:
    """A score as people write it: 7.5, 10, 3.33 (never 3.3333333); a value that is no number as its text."""
    try:
        return _number(value, digits)
    except TypeError:  # not hashable: no number either
        return str(value)


@functools.lru_cache(maxsize=4096, typed=True)
def _number(value: Any, digits: int) -> str:
    # a report writes the same few scores and maxima dozens of times
    try:
        value = float(value)
    except (TypeError, ValueError):
        return str(value)
    if not math.isfinite(value):
        return str(value)
    rounded = round(value, digits)
    return f"{rounded:g}" if abs(rounded) < 1e6 else f"{value:.3g}"


def score_cell(value: Any) -> str:
    """A score where a missing one is an empty cell (a spreadsheet, a progress line): ``7.5``,
    ``20``; empty for none, for a truth value and for an infinite or undefined value."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return number(value)
    return ""


def shape_text(shape: Any) -> str:
    """An array's shape as NumPy prints it: ``(3, 4)``, ``(5,)``, ``()``; anything else as its text."""
    try:
        items = tuple(int(n) for n in shape)
    except (TypeError, ValueError):
        return str(shape)
    return "(" + ", ".join(str(n) for n in items) + ("," if len(items) == 1 else "") + ")"


#: A derivation's relations as a reader sees them in text, and in LaTeX.
RELATION_SYMBOLS = {"=": "=", "=>": "⇒", "<=>": "⇔"}
RELATION_LATEX = {"=": "=", "=>": r"\Rightarrow", "<=>": r"\Leftrightarrow"}


def relation_symbol(relation: str) -> str:
    """``⇒`` for ``=>``: a relation of a derivation's line in plain text (an unknown one as written)."""
    return RELATION_SYMBOLS.get(relation, relation)


def relation_latex(relation: str) -> str:
    r"""``\Rightarrow`` for ``=>``: a relation of a derivation's line in LaTeX (an unknown one as written)."""
    return RELATION_LATEX.get(relation, relation)


def link_latex(link: Any) -> str:
    """A derivation link as one formula: ``left REL right``."""
    return f"{link.left} {relation_latex(link.relation)} {link.right}"


def counterexample_point(point: Mapping[Any, Any]) -> str:
    """Where a step fails: ``x = 1, w = -2``, the names in the order the checker tried them."""
    return ", ".join(f"{name} = {value}" for name, value in point.items())
