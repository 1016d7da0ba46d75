r"""The likelihood of one sample written with the likelihood's own letter: `L(w, b; y_i)`, `L(\theta \mid y_n)`.

Authors who define the likelihood of the data as the product of the samples' likelihoods write both with one letter:
`L(w, b; y_1, \dots, y_n) = \prod_{i=1}^{n} L(w, b; y_i)`.  A TA reads the second as sample i's own likelihood, the
factor of the product at i.  Where a definition is a product over an index and a call gives, after the definition's
own arguments, entries of the data at one index (`y_i`, `x_i, y_i`), the call is that factor at that index; any
other call keeps its reading (the arguments after the definition's are what it is conditioned on).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import sympy


@dataclass(frozen=True)
class SampleFactor:
    """A call of a product read as its factor at one index."""

    params: tuple[Any, ...]
    """The factor's parameters: the product's own, then its index."""
    body: Any
    """The factor: the product's term at its index (an inner product kept)."""
    arguments: tuple[Any, ...]
    """The call's arguments for it: the definition's own, then the index the data entries are written at."""


def sample_factor(params: tuple[Any, ...], body: Any, given: tuple) -> SampleFactor | None:
    """The factor at the data's index where `given` adds entries of the data at one index to the arguments of a
    definition (`params`, `body`) that is a product over an index; None otherwise."""
    count = len(params)
    if not isinstance(body, sympy.Product) or count == 0 or len(given) <= count:
        return None
    at = {_index_of(arg) for arg in given[count:]}
    if len(at) != 1 or None in at:
        return None
    index = body.limits[-1][0]
    factor = sympy.Product(body.function, *body.limits[:-1]) if len(body.limits) > 1 else body.function
    return SampleFactor((*params, index), factor, (*given[:count], at.pop()))


#: A row of a two-index family, as the parser names it (`Y_i`, the one-hot label of sample i).
_ROW = re.compile(r"[A-Za-z]+_([a-z])")


def _index_of(arg: Any) -> Any:
    """The index an entry of the data is written at (`i` of `y_i`, of the row `Y_i`); None for anything else."""
    if isinstance(arg, sympy.Indexed) and len(arg.indices) == 1:
        return arg.indices[0]
    row = _ROW.fullmatch(arg.name) if isinstance(arg, sympy.Symbol) else None
    return sympy.Symbol(row.group(1)) if row is not None else None
