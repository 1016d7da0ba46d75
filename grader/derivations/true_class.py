r"""A quantity written as one term of its sum at a free index: the author's true class, one-hot labels there.

Authors who work one sample drop the loss's sum and keep the term of the true class:
`E = -\sum_i Y_i \ln y_i`, then `E = -Y_i \ln y_i`.  Read for every i the second line is false (the other
classes' terms are gone); a careful TA reads i as the sample's class, the labels one-hot there (`Y_i = 1`,
every other label 0), which makes the other terms zero.  The reading is taken only for such a line: the left
side a bare name with no index, the right side with exactly one free index of the problem (so the index can
only name a class), and a family on the right that the problem draws as labels (a vector of one index whose
entries sum to 1 at every point).  The step is then checked at one-hot labels at that index, and the feedback
says so; a step that is wrong there (a derivative written for the loss, a sign flipped, a term dropped) keeps its verdict.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy

from grader.mathengine.equivalence import Checker, Verdict
from grader.mathparse import Notation
from grader.results.models import Message


def true_class_read(checker: Checker, notation: Notation, left: Any, right: Any, verdict: Verdict) -> Verdict:
    """The verdict on `NAME = term at i` read with one-hot labels at i, where that makes it hold; else `verdict`."""
    if verdict.holds is not False or not isinstance(left, sympy.Symbol) or not isinstance(right, sympy.Expr):
        return verdict
    indices = {s.name for s in right.free_symbols} & set(notation.index_ranges)
    if left.name in notation.index_ranges or len(indices) != 1:
        return verdict
    index = indices.pop()
    family = _label_family(checker, notation, right)
    if family is None:
        return verdict
    one_hot = checker.with_one_hot(family, index)
    if one_hot is checker or not one_hot.same_values(left, right).holds:
        return verdict
    reading = Message("derivation.reading_true_class", {"index": index, "labels": family})
    return Verdict(True, Message("derivation.reading", {"reading": reading}))


def _label_family(checker: Checker, notation: Notation, expr: sympy.Expr) -> str | None:
    """The one family `expr` writes that the problem draws as labels (entries summing to 1), or None."""
    written = {str(node.base) for node in expr.atoms(sympy.Indexed)}
    labels = [name for name in sorted(written) if notation.indexed.get(name) == 1 and drawn_as_labels(checker, name)]
    return labels[0] if len(labels) == 1 else None


def drawn_as_labels(checker: Checker, name: str) -> bool:
    for scenario in checker.scenarios:
        for point in checker.points(scenario):
            value = point.get(name)
            if not isinstance(value, np.ndarray) or value.ndim != 1 or abs(float(np.sum(value)) - 1.0) > 1e-9:
                return False
    return bool(checker.scenarios)
