r"""A concrete number of classes (or samples) in the author's example, read as the size it names.

Authors often work an example with a fixed count: the softmax over three classes written out,
`y_1 = \frac{e^{z_1}}{e^{z_1} + e^{z_2} + e^{z_3}}`, or the chain rule summed over the ten classes of their
data set, `\sum_{j=1}^{10} \frac{\partial E}{\partial y_j} \frac{\partial y_j}{\partial z_i}`.  Checked at the
problem's sizes such a line is false (three terms are not the whole sum) or cannot be evaluated (index 6 of a
family of five).  A careful TA reads it at the count it writes: the problem's size set to that count.

The count comes from the line alone: the integer upper limit of a sum over one of the problem's indices, or
the entries 1, 2, ..., m of the problem's families written out (every one of them, m at least 2).  Only where
the problem's indices share one size name, and only where the line does not also write that size (or the
author's letter for it): `\sum_{k=1}^{K} Y_k = Y_1 + Y_2` claims something of every K and is checked so.
Where the derivation writes the size elsewhere, only entries written out one by one make an example: a sum
whose upper limit is a number (`\sum_{k=1}^{2}` after `\sum_{k=1}^{K}`) is then a truncation, not an example.
Where the step holds at the count, it is valid and the feedback says with which count it was read; where it
is false there, it is charged as it would be.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import sympy

from grader.mathengine.equivalence import Checker, Verdict
from grader.mathparse import Notation
from grader.results.models import Message

#: The largest count read so (an example the size of a data set's classes; a bound on the work per point).
LARGEST_COUNT = 50
#: Points drawn at the count: as many as the checker draws over its sizes.
POINTS_AT_COUNT = 6


def size_name(notation: Notation) -> str | None:
    """The problem's one size (`K` of every index running 1..K), or None where its indices have several."""
    sizes = {end for start, end in notation.index_ranges.values() if start == "1"}
    return next(iter(sizes)) if len(sizes) == 1 else None


def written_count(exprs: list[Any], notation: Notation, limits: bool = True) -> int | None:
    """The count the terms write (see the module's docstring), or None where they write none or two; with
    `limits` False only entries written out count (a sum's numeric upper limit does not)."""
    counts: set[int] = set()
    numbered: set[int] = set()
    for expr in exprs:
        if not isinstance(expr, sympy.Basic):
            return None
        for node in sympy.preorder_traversal(expr):
            if isinstance(node, (sympy.Sum, sympy.Product)):
                for index, start, end in node.limits:
                    if limits and str(index) in notation.index_ranges and start == 1 and isinstance(end, sympy.Integer):
                        counts.add(int(end))
            elif isinstance(node, sympy.Indexed) and notation.indexed.get(str(node.base)) == 1:
                numbered |= {int(i) for i in node.indices if isinstance(i, sympy.Integer)}
    if numbered and len(numbered) >= 2 and numbered == set(range(1, max(numbered) + 1)):
        counts.add(max(numbered))
    if len(counts) != 1:
        return None
    count = counts.pop()
    return count if 2 <= count <= LARGEST_COUNT else None


def at_count(checker: Checker, size: str, count: int) -> Checker | None:
    """A checker whose points have the problem's size `size` equal to `count` (its conditions kept), or None
    where the problem's scenarios cannot draw such a point."""
    clone = Checker.__new__(type(checker))  # a subclass (a problem's own checker) stays itself
    clone.__dict__.update(checker.__dict__)
    clone._points = {}
    clone.__dict__.pop("_names", None)
    unconditioned = checker.__dict__.get("_unconditioned")
    if unconditioned is not None:  # a line's conditions: kept, over points drawn at the count
        sized = at_count(unconditioned, size, count)
        if sized is None:
            return None
        clone._unconditioned = sized
        return clone
    level = _size_level(checker, size, count)
    if level is None:
        return None
    clone.sizes, clone.points_per_size = (level,), POINTS_AT_COUNT
    return clone


def _size_level(checker: Checker, size: str, count: int) -> int | None:
    """The size level at which every scenario of the checker draws `size` = `count`."""
    for level in range(1, count + 2):
        drawn = [scenario.sample(np.random.default_rng(0), level).get(size) for scenario in checker.scenarios]
        if drawn and all(isinstance(value, (int, np.integer)) and value == count for value in drawn):
            return level
    return None


def count_read(checker: Checker, notation: Notation, left: Any, right: Any, verdict: Verdict, texts: tuple[str, ...]) -> Verdict:
    """The verdict on `left = right` (written as `texts[:2]`; `texts[2:]` the derivation's other lines) read at the
    count the line writes, where the problem's sizes did not make it hold; `verdict` as it was where the line
    writes no count or the size, or the reading decides nothing.
    (A sum written without its limits, `\\sum_{j \\neq i}`, runs over the example's classes too: only the size
    written as a letter makes the step a claim for every size.)"""
    if verdict.holds:
        return verdict
    size = size_name(notation)
    if size is None:
        return verdict
    letters = {size} | {alias for alias, target in notation.aliases.items() if target == size}
    def writes_size(text: str) -> bool:
        return any(re.search(rf"(?<![A-Za-z\\]){re.escape(letter)}(?![A-Za-z])", text) for letter in letters)

    if any(writes_size(text) for text in texts[:2]):
        return verdict
    count = written_count([left, right], notation, limits=not any(writes_size(text) for text in texts[2:]))
    sized = at_count(checker, size, count) if count is not None else None
    if sized is None:
        return verdict
    at = sized.same_values(left, right)
    if at.holds:
        reading = Message("derivation.reading_class_count", {"size": size, "count": count})
        return Verdict(True, Message("derivation.reading", {"reading": reading}))
    if at.holds is False and verdict.holds is None:
        return at  # the author's example, wrong at its own count
    return verdict
