"""The author's functions written bare, without their arguments: `\\arg\\max_{w,b} \\ell` after the author defined
`\\ell(w, b) = ...`.  A TA reads the bare name as the function at the arguments its definition names (as the parser
already reads the problem's own `L` as `L(w, b)`); before, the line was "could not be read" for want of parentheses.

Only a function the derivation defines (`NAME(args) = ...` at the start of a line) with an argument list of plain
names, the same list wherever it is defined; the problem's own functions keep the defaults the problem gives them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from grader.derivations.definitions import declared_functions
from grader.derivations.letter_renaming import argument_names
from grader.mathparse import Notation

#: The argument list right after a definition's head: `(w, b) =`, `(\\alpha,\\beta) :=`.
_DEFINED_ARGUMENTS = re.compile(r"\(([^()]*)\)\s*(?:=|:=|\\coloneqq)")


def bare_calls_read(notation: Notation, sources: Sequence[Any]) -> Notation:
    """`notation` with each of the author's functions that has no default arguments given those of its definition
    (`\\ell(w, b) = ...`: a bare `\\ell` reads `\\ell(w, b)`); `notation` itself where there is none."""
    lists: dict[str, set[tuple[str, ...]]] = {}
    for source in sources:
        text = str(source.text)
        names = declared_functions(text)
        match = _DEFINED_ARGUMENTS.search(text)
        if len(names) != 1 or match is None or names[0] not in notation.functions or notation.functions[names[0]]:
            continue
        written = argument_names(match.group(1))
        if written:
            lists.setdefault(names[0], set()).add(tuple(_latex(name) for name in written))
    defaults = {name: next(iter(found)) for name, found in lists.items() if len(found) == 1}
    if not defaults:
        return notation
    return replace(notation, functions={**dict(notation.functions), **defaults})


def _latex(name: str) -> str:
    """A parser's name written back as LaTeX: `alpha` as `\\alpha`, `a_0` as `a_{0}`, `w` as `w`."""
    base, _, index = name.partition("_")
    written = base if len(base) == 1 else "\\" + base
    return f"{written}_{{{index}}}" if index else written
