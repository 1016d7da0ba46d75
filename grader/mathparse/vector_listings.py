r"""Vectors written out as the lists of what they hold: `y=[y_1,y_2,\cdots,y_n], Y=[0,0,\cdots,1,\cdots,0]`.

Before or after a vector derivation authors say what the vectors are by listing their entries, often two on
a line separated by a comma, the labels as a one-hot list whose 1 has no index.  Such a line states no step:
a vector listed as its own entries says nothing that can be wrong, and a list of zeros and a one states the
one-hot assumption.  Where the parser cannot read the line, it is shown, not checked, not charged.

Only lists whose every entry is an entry of the vector named (`y_1`, `y_{j}`, `y_n` for y), an ellipsis, or
the number 0 or 1; any other entry (`y_j - 1`, `-\frac{1}{y_j}`) is math a TA checks, and the line is left to
the parser (unreadable, charged, where it cannot read it).
"""

from __future__ import annotations

import re

from .brackets import split_outside_brackets

_EQUATION = re.compile(
    r"^\s*(?:\\(?:mathbf|boldsymbol|bm|vec)\s*\{\s*(?P<bold>[A-Za-z])\s*\}|\\(?:mathbf|boldsymbol|bm|vec)\s+(?P<spaced>[A-Za-z])"
    r"|(?P<plain>[A-Za-z]))\s*=\s*(?:\\left\s*)?\[(?P<body>[^\[\]]*)(?:\\right\s*)?\]\s*$"
)
_ELLIPSIS = re.compile(r"^(?:\\[lc]?dots[bc]?|\.{3}|…)$")
_SPACING = re.compile(r"^\s*(?:\\quad|\\qquad|\\[,;:! ]|~)*")


def listed_vectors(text: str) -> bool:
    """Whether the line only lists vectors' entries (see the module's docstring): one or more `NAME = [...]`,
    separated by commas."""
    pieces = _equations(text.strip().rstrip(".,;"))
    return bool(pieces) and all(_listing(piece) for piece in pieces)


def _equations(text: str) -> list[str]:
    """The line split at its commas outside brackets, where each piece holds one `=`; none otherwise."""
    pieces = split_outside_brackets(text, ",")
    return pieces if all(piece.count("=") == 1 for piece in pieces) else []


def _listing(piece: str) -> bool:
    match = _EQUATION.match(_SPACING.sub("", piece))
    if match is None:
        return False
    name = match.group("bold") or match.group("spaced") or match.group("plain")
    own = re.compile(r"^" + re.escape(name) + r"\s*_\s*(?:\{\s*[A-Za-z0-9]\s*\}|[A-Za-z0-9])$")
    entries = [entry.strip() for entry in match.group("body").split(",")]
    if len(entries) < 3 or not any(_ELLIPSIS.match(entry) for entry in entries):
        return False
    return all(_ELLIPSIS.match(entry) or own.match(entry) or entry in ("0", "1") for entry in entries)
