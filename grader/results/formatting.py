"""How the grader writes a number, an array's shape, a relation and a counterexample: one formatter
each, so that a score reads ``7.5`` in the report, the gradebook, the batch's progress line and a TA's
adjustment alike, and a shape or a counterexample reads the same in the code checker's messages, the
reports and the student kit's self-check.

It lives in the lowest layer (results) because its callers span every layer above: the math parser
and engine, the derivation and code checkers, the sandbox, the presentation and the applications.
Plain Python only (no NumPy, no SymPy): the sandbox's parent and the kit's tool import it cheaply.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from typing import Any

# --- numbers ---------------------------------------------------------------------------------


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


def value_text(value: Any, digits: int = 6) -> str:
    """A measured or computed value to `digits` significant digits: an array's entry in an
    expected-versus-got table, a value at a counterexample, a time limit (``0.333333``, ``1e-08``,
    ``nan``); what is no number as its text."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        return str(value)
    if math.isnan(value) or math.isinf(value):
        return str(value)
    return f"{value:.{digits}g}"


def json_number(value: Any, *, gradescope: bool = False) -> float | int:
    """A score for a JSON file, to 4 decimals.

    The JSON report (the default) writes a whole score as an integer (``7``, not ``7.0``) and a
    score that is not finite as 0, as its contract in the README says.  Gradescope's results.json
    (``gradescope=True``) has always had floats (``7.0``) and passes a value that is not finite
    through unchanged: both files are read by programs that compare them with earlier runs, so
    neither convention changes.
    """
    if gradescope:
        return round(float(value), 4)
    if not math.isfinite(value):
        return 0
    rounded = round(value, 4)
    return int(rounded) if rounded == int(rounded) else rounded


# --- shapes ----------------------------------------------------------------------------------


def shape_text(shape: Any, *, matrix: bool = False) -> str:
    """An array's shape as NumPy prints it: ``(3, 4)``, ``(5,)``, ``()``; anything else as its text.

    ``matrix=True`` writes a matrix's size as a derivation's message does, rows × columns
    (``3×4``, ``n×1``): dimensions may be symbols there, and are written as they print."""
    if matrix:
        return "×".join(str(n) for n in shape)
    try:
        items = tuple(int(n) for n in shape)
    except (TypeError, ValueError):
        return str(shape)
    return "(" + ", ".join(str(n) for n in items) + ("," if len(items) == 1 else "") + ")"


# --- relations -------------------------------------------------------------------------------

#: A derivation's relations (the parser's canonical ``=``, ``=>``, ``<=>``) as a reader sees them in text, and in LaTeX.
RELATION_SYMBOLS = {"=": "=", "=>": "⇒", "<=>": "⇔"}
RELATION_LATEX = {"=": "=", "=>": r"\Rightarrow", "<=>": r"\Leftrightarrow"}
#: A bound's relation (a witness's ``x <= 3``) in text.
INEQUALITY_SYMBOLS = {"<": "<", "<=": "≤", ">": ">", ">=": "≥"}


def relation_symbol(relation: str) -> str:
    """``⇒`` for ``=>``: a relation of a derivation's line in plain text.  Any other relation is
    written as the parser gives it (an inequality link as ``<=``, as the reports always wrote it)."""
    return RELATION_SYMBOLS.get(relation, relation)


def relation_latex(relation: str) -> str:
    r"""``\Rightarrow`` for ``=>``: a relation of a derivation's line in LaTeX (any other one as written)."""
    return RELATION_LATEX.get(relation, relation)


def link_latex(link: Any) -> str:
    """A derivation link (anything with ``left``, ``relation``, ``right``) as one formula: ``left REL right``."""
    return f"{link.left} {relation_latex(link.relation)} {link.right}"


def inequality_symbol(relation: str) -> str:
    """``≤`` for ``<=``: the relation of a bound a witness must meet, in plain text."""
    return INEQUALITY_SYMBOLS[relation]


# --- counterexamples -------------------------------------------------------------------------


def counterexample_point(point: Mapping[Any, Any]) -> str:
    """Where a step fails: ``x = 1, w = -2``, the names in the order the checker tried them (each
    value as already written: `value_text`, or the math engine's text of a sampled value)."""
    return ", ".join(f"{name} = {value}" for name, value in point.items())
