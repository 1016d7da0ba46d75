"""An entry picked by the label: `y_{ij}` with j the class of sample i's label, where the labels are one-hot.

Authors of the cross-entropy likelihood write the model's probability of sample i's label as the entry
of the output row at the label's class: `y_{ij}` ("j the label of sample i"), `\\log y_{ij}`.  The letter j
is bound by nothing on the line and has no value of the problem's; a TA reads it as the class the
label picks, and the entry as the one-hot product the problem's labels make of it:

    y_{ij}  is  \\prod_k y_{ik}^{Y_{ik}}      (and the label's own entry Y_{ij} is 1)

Only where the problem's labels are one-hot rows (a table of 0 and 1 with one 1 a row, beside an output
table of the same shape), only for an index letter of the problem's classes that no sum binds, that the
points give no value and that stands second in an entry of such a table, with the sample index first.
A wrong step in the entry is still one: `\\sum_i \\log y_{ij}` is not `\\sum_i \\sum_k \\log y_{ik}`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import sympy

from grader.mathengine.equivalence import ArgOpt, Checker
from grader.mathparse import Notation
from grader.mathparse.nodes import ParsedLine
from grader.results.i18n import define

define(
    {
        "derivation.reading_label_entry": (
            "an entry at a class index no sum binds (y_ij) for the entry at the class of sample i's label (the one-hot product of the entries)",
            "没有求和约束的类别下标处的元素（y_ij）表示样本 i 的标签所在类别的元素（按独热标签的乘积）",
        ),
    }
)

#: The bound class index the one-hot product runs over (a name no author writes).
_CLASS = sympy.Symbol("k_label")


def with_label_entries(parsed: ParsedLine, checker: Checker, notation: Notation) -> ParsedLine:
    """The line with each entry picked by the label read as the one-hot product (see the module's note)."""
    tables = _one_hot_tables(checker)
    if tables is None:
        return parsed
    labels, outputs = tables
    free = _free_class_indices(parsed, notation, checker, {labels, *outputs})
    if not free:
        return parsed
    terms = tuple(_read(term, free, labels, outputs, notation) for term in parsed.terms)
    if terms == tuple(parsed.terms):
        return parsed
    return replace(parsed, terms=terms, readings=(*parsed.readings, "label_entry"))


def _one_hot_tables(checker: Checker) -> tuple[str, set[str]] | None:
    """The labels' table (one-hot rows) and the tables of the same shape beside it, at the first point."""
    if not checker.scenarios:
        return None
    points = checker.points(checker.scenarios[0])
    if not points:
        return None
    point = points[0]
    tables = {name: value for name, value in point.items() if isinstance(value, np.ndarray) and value.ndim == 2}
    labels = [name for name, value in tables.items()
              if np.all((value == 0) | (value == 1)) and np.all(value.sum(axis=1) == 1) and name not in checker.parameters]
    if len(labels) != 1:
        return None
    shape = tables[labels[0]].shape
    outputs = {name for name, value in tables.items() if value.shape == shape and name != labels[0]}
    return (labels[0], outputs) if outputs else None


def _free_class_indices(parsed: ParsedLine, notation: Notation, checker: Checker, tables: set[str]) -> set[sympy.Symbol]:
    """The class index letters the line leaves free: the problem's, without a value at the points, bound by
    no sum, product or arg-opt, and written only second in an entry of the label-shaped tables."""
    valued = set(checker.points(checker.scenarios[0])[0])
    free: set[sympy.Symbol] = set()
    for term in parsed.terms:
        expr = term.objective if isinstance(term, ArgOpt) else term
        if not isinstance(expr, sympy.Basic):
            return set()
        free |= {s for s in expr.free_symbols if s.name in notation.index_ranges and s.name not in valued}
    for letter in list(free):
        uses = [node for term in parsed.terms for node in _entries(term) if letter in node.free_symbols]
        if not uses or not all(_picked_by_label(node, letter, tables) for node in uses):
            free.discard(letter)
        elif any(letter in (cond_side.free_symbols if isinstance(cond_side, sympy.Basic) else set())
                 for pair in (*parsed.conditions, *parsed.equalities) for cond_side in pair):
            free.discard(letter)
    return free


def _entries(term: Any) -> list[Any]:
    expr = term.objective if isinstance(term, ArgOpt) else term
    return list(expr.atoms(sympy.Indexed)) if isinstance(expr, sympy.Basic) else []


def _picked_by_label(node: sympy.Indexed, letter: sympy.Symbol, tables: set[str]) -> bool:
    return (node.base.label.name in tables and len(node.indices) == 2 and node.indices[1] == letter
            and letter not in node.indices[0].free_symbols)


def _read(term: Any, free: set[sympy.Symbol], labels: str, outputs: set[str], notation: Notation) -> Any:
    if isinstance(term, ArgOpt):
        return replace(term, objective=_read(term.objective, free, labels, outputs, notation))
    if not isinstance(term, sympy.Basic):
        return term
    label_base = sympy.IndexedBase(labels)
    classes = notation.index_ranges.get(str(next(iter(free))))
    if classes is None or not str(classes[1]).isidentifier():
        return term  # the class count is no plain name of the problem's: no product to write
    high = sympy.Symbol(str(classes[1]))
    replacements = {}
    for node in term.atoms(sympy.Indexed):
        if node.base.label.name not in (labels, *outputs) or len(node.indices) != 2 or node.indices[1] not in free:
            continue
        sample = node.indices[0]
        if node.base.label.name == labels:
            replacements[node] = sympy.Integer(1)
        else:
            replacements[node] = sympy.Product(node.base[sample, _CLASS] ** label_base[sample, _CLASS], (_CLASS, 1, high))
    return term.xreplace(replacements) if replacements else term
