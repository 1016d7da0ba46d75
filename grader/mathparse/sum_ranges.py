r"""The range of a sum whose author did not write one, read from the role of the summed letter.

Authors often leave a sum's range out when the summed letter says it: `\sum_c Y_c \log y_c`, `\sum_k y_k`,
`\sum Y_c \log y_c`, `\sum_c Y_{ic} \log y_{ic}`.  A careful TA reads the sum over what the letter indexes: a class
index of the problem's indexed quantity runs over the classes (1..K), a sample index over the samples (1..n).  The
reading is taken only where the letter's role is certain: every place it is written is a whole index of one of the
problem's indexed quantities (`y_c`, never `y_{c+1}`, never `c` as a factor or the argument of a function), and
every such position has the same range in the problem (`Notation.index_positions`, or the one range all the
problem's indices share).  A letter written at positions with different ranges (a sample's position here, a class's
there), or nowhere as an index, keeps its sum unread: the range would be a guess, and a guess could make a wrong
step right.
"""

from __future__ import annotations

from typing import Any

import sympy

from .notation import Notation

#: The reading's name in `ParsedLine.readings` (the feedback says it on the line's first valid step).
SUM_ROLE_RANGE = "sum_role_range"


def position_range(base: str, position: int, notation: Notation) -> tuple[str, str] | None:
    """The problem's range of the `position`-th index of its indexed quantity `base` (None: not known)."""
    name = notation.aliases.get(base, base)
    if name not in notation.indexed:
        return None
    letters = notation.index_positions.get(name)
    if letters is not None:
        return notation.index_ranges.get(letters[position]) if position < len(letters) else None
    shared = set(notation.index_ranges.values())
    return shared.pop() if len(shared) == 1 else None


def role_range(body: Any, name: str, notation: Notation) -> tuple[str, str] | None:
    """The range of the letter `name` summed over `body` without a written range, from its role in `body`: the one
    range of the index positions it fills; None where it fills none, positions with different ranges, or stands
    anywhere else than as a whole index (a factor, a function's argument, part of an index expression)."""
    letter = sympy.Symbol(name)
    if not isinstance(body, sympy.Basic) or letter not in body.atoms(sympy.Symbol):  # a derivative's variable too
        return None
    ranges = set()
    entries = body.atoms(sympy.Indexed)
    for entry in entries:
        for position, index in enumerate(entry.indices):
            if index == letter:
                ranges.add(position_range(str(entry.base.label), position, notation))
            elif letter in getattr(index, "free_symbols", ()):
                return None
    if len(ranges) != 1 or None in ranges:
        return None
    # a Kronecker delta of the letter and another index (`\\delta_{cj}`) compares it, and gives it no role of its own
    deltas = {delta for delta in body.atoms(sympy.KroneckerDelta) if all(isinstance(a, sympy.Symbol) for a in delta.args)}
    hidden = body.xreplace({entry: sympy.Dummy() for entry in (*entries, *deltas)})
    if letter in hidden.free_symbols:
        return None  # the letter is also a quantity of the line, not only an index
    return ranges.pop()


def unranged_indices(body: Any, notation: Notation, bound: list[str]) -> set[str]:
    """The letters of `body` written as whole indices of the problem's indexed quantities that have no range of
    their own (neither the problem's nor an enclosing sum's): the candidates of a sum written without any limits."""
    letters = set()
    for entry in getattr(body, "atoms", lambda *_: set())(sympy.Indexed):
        for index in entry.indices:
            if isinstance(index, sympy.Symbol) and index.name not in notation.index_ranges and index.name not in bound:
                letters.add(index.name)
    return letters
