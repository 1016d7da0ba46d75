"""Brackets in a line's text before it is parsed: where the bracket just opened closes, and the pieces
between separators that stand outside every bracket.

The readings that look at a line's shape before parsing it (the author's calls `p(y | x)`, the problem's
function defined with the author's arguments, vectors listed or written whole) all need these two; round
brackets, square brackets and braces count alike, as they do when a reader matches them by eye.
"""

from __future__ import annotations

OPENERS = "([{"
CLOSERS = ")]}"


def closing_bracket(text: str, start: int) -> int | None:
    """The position of the bracket (any of `)]}`) that closes the one opened just before `start`; None where
    the text ends first."""
    depth = 1
    for at in range(start, len(text)):
        if text[at] in OPENERS:
            depth += 1
        elif text[at] in CLOSERS:
            depth -= 1
            if depth == 0:
                return at
    return None


def split_outside_brackets(text: str, separator: str) -> list[str]:
    """The text cut at every `separator` (one character) outside brackets, the pieces as written."""
    parts, depth, begin = [], 0, 0
    for at, char in enumerate(text):
        if char in OPENERS:
            depth += 1
        elif char in CLOSERS:
            depth -= 1
        elif char == separator and depth == 0:
            parts.append(text[begin:at])
            begin = at + 1
    return [*parts, text[begin:]]
