r"""The two-class case written with one index: a derivation line in the binary notation, read as a TA
reads it in a K-class problem.

Many authors derive cross-entropy for two classes with `y_i` the model's probability of class 1 and
`Y_i` ∈ {0, 1} the label: `\prod_i y_i^{Y_i} (1 - y_i)^{1 - Y_i}`.  In a problem whose outputs and labels
are tables `y_{ik}`, `Y_{ik}`, that is the K = 2 case, with `y_i` the entry of the second class and
`1 - y_i` the first's.  A line is so read only where it shows the binary form (`1 - y_i` or `1 - Y_i`
beside the one-index names), and is then checked at points with two classes alone: it says nothing of
K > 2.  Samples numbered from 0 (`\prod_{i=0}^{n-1}`) are the problem's samples 1..n.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sympy

from grader.mathengine.verdict import Scenario


@dataclass(frozen=True)
class TwoClassReading:
    """How a problem with K classes reads a derivation line written for two."""

    families: tuple[str, ...]
    """The tables with a sample and a class index (`y`, `Y`) an author may write with the sample's alone."""
    written_class: int
    """The class (1-based) a one-index name stands for (`y_i` is y_{i2}; `1 - y_i` is then y_{i1})."""
    scenario: Scenario
    """Points with two classes, where such a line is checked."""


def two_class_terms(terms: tuple, reading: TwoClassReading, index_ranges: Mapping[str, tuple[str, str]]) -> tuple | None:
    """The line's terms with each one-index name of a family as its entry of the written class, and
    sums from 0 to N-1 over a sample index numbered from 1; None where the line is not in the binary form."""
    pattern = re.compile(rf"({'|'.join(re.escape(f) for f in reading.families)})_([A-Za-z])")
    names: dict[sympy.Symbol, sympy.Basic] = {}
    for term in terms:
        if not isinstance(term, sympy.Basic):
            return None
        for symbol in term.free_symbols:
            match = pattern.fullmatch(getattr(symbol, "name", ""))
            if match is not None and match.group(2) in index_ranges:
                names[symbol] = sympy.IndexedBase(match.group(1))[sympy.Symbol(match.group(2)), reading.written_class]
    if not names or not any(_complement_written(term, names) for term in terms):
        return None
    return tuple(_from_zero(term.xreplace(names), index_ranges) for term in terms)


def _complement_written(term: sympy.Basic, names: Mapping[sympy.Symbol, Any]) -> bool:
    """Whether `1 - y_i` (the other class's probability, or label) appears in `term`."""
    return any(isinstance(node, sympy.Add) and sympy.Integer(1) in node.args and any(-symbol in node.args for symbol in names)
               for node in sympy.preorder_traversal(term))


def _from_zero(term: Any, index_ranges: Mapping[str, tuple[str, str]]) -> Any:
    """`\\sum_{i=0}^{n-1} f(i)` over an index the problem numbers 1..n: the same sum of f(i + 1)."""
    def shifted(node: Any) -> Any:
        if not isinstance(node, (sympy.Sum, sympy.Product)) or len(node.limits) != 1:
            return node
        variable, low, high = node.limits[0]
        declared = index_ranges.get(getattr(variable, "name", ""))
        if declared is None or declared[0] != "1" or low != 0:
            return node
        if sympy.simplify(high - (sympy.Symbol(declared[1]) - 1)) != 0:
            return node
        return type(node)(node.function.xreplace({variable: variable + 1}), (variable, 0, high))

    if not isinstance(term, sympy.Basic):
        return term
    return term.replace(lambda node: isinstance(node, (sympy.Sum, sympy.Product)), shifted)
