r"""An expression split over two lines at an operator, read as one expression.

A long side does not fit a rendered line, so authors break it at an operator: the next line begins with
``+``, ``\cdot``, ``\times`` (``&\quad + \frac{n}{2}\log(2\pi\sigma^2) \\``), or the line ends with one
(``= \frac{1}{2\sigma^2}\sum_i (y_i - w x_i - b)^2 + \\``).  A TA reads one expression.  Read line by line, the
first line's side lacked its tail (a valid step called invalid) and a next ``= ...`` line continued from the
lone tail (``+ c = d`` checked as ``c = d``).

The first line gets the tail, up to the next line's first relation; the next line keeps what follows that
relation (``= d``, continuing the completed chain), or, where nothing follows, the completed side itself (a lone
expression: no step of its own, which a later ``= ...`` line continues).  A line beginning with ``-`` is a
continuation only where it is indented (``\quad - c``): unindented, it may state something new (``-\log p =
...``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

_SPACING = r"(?:\s|&|\\[,;:! ]|\\q?quad(?![A-Za-z])|\\hspace\*?\s*\{[^{}]*\})*"
#: a binary operator no statement begins with, after the line's alignment and spacing
_LEADING_OPERATOR = re.compile(r"^" + _SPACING + r"(?:\+|\*|\\(?:cdot|times|ast|pm|mp)(?![A-Za-z]))")
#: `\quad - c`: an indented minus
_INDENTED_MINUS = re.compile(r"^\s*&?\s*(?:\\q?quad(?![A-Za-z])|\\hspace\*?\s*\{[^{}]*\})" + _SPACING + r"-")
#: a line ending with a binary operator (its `\\` and spacing already dropped, or not)
_TRAILING_OPERATOR = re.compile(r"(?:\+|-|\*|\\(?:cdot|times|ast|pm|mp))" + _SPACING + r"(?:\\\\)?\s*$")
_ENDS_WITH_RELATION = re.compile(r"(?:=|\\(?:Rightarrow|implies|Leftrightarrow|iff|approx|le|ge|leq|geq|propto))" + _SPACING + r"(?:\\\\)?\s*$")
_RELATION = re.compile(r"=|<|>|\\(?:Rightarrow|Longrightarrow|implies|Leftrightarrow|iff|approx|leq?|geq?|neq?|propto|to|rightarrow|longrightarrow"
                       r"|mapsto|leftarrow|Leftarrow|gets|sim|simeq|equiv|coloneqq|triangleq|in)(?![A-Za-z])")
_OPENERS, _CLOSERS = "([{", ")]}"


def operator_lines_joined(sources: Sequence[Any], with_text: Callable[[Any, str], Any]) -> list[Any]:
    """`sources` with each expression broken at an operator over two lines joined on the first (see above);
    `with_text` makes a line with another text (`written_lines.with_text`, which calls this)."""
    joined: list[Any] = []
    origin: int | None = None
    """Where the expression the last line only repeats (a lone tail, replaced by the completed side) began."""
    for source in sources:
        at = len(joined) - 1 if origin is None else origin
        head, tail = "", ""
        if joined and _continues_expression(joined[-1].text, source.text):
            head, tail = _split_at_relation(source.text)
        if joined and _carries_a_term(head):  # `\cdot \rightarrow 0`: a bullet before a relation, no tail
            completed = _TRAILING_BREAK.sub("", joined[at].text).rstrip() + " " + head.strip()
            joined[at] = with_text(joined[at], completed)
            if at != len(joined) - 1:  # the lone tail between repeats the side as it now reads
                joined[-1] = with_text(joined[-1], _last_side(completed))
            source = with_text(source, tail if tail.strip() else _last_side(completed))
            origin = None if tail.strip() else at
        else:
            origin = None
        joined.append(source)
    return joined


_TRAILING_BREAK = re.compile(r"(?:\\\\)?\s*$")
_OPERATOR_ALONE = re.compile(_SPACING + r"(?:[-+*]|\\(?:cdot|times|ast|pm|mp)(?![A-Za-z]))?" + _SPACING)


def _carries_a_term(head: str) -> bool:
    """Whether `head` holds more than an operator and spacing."""
    alone = _OPERATOR_ALONE.match(head)
    return bool(head[alone.end() if alone else 0 :].strip())


def _continues_expression(before: str, text: str) -> bool:
    """Whether `text` carries on the expression `before` ends with: one ends or the other begins with an operator."""
    if not before.strip() or not text.strip() or "\\text" in before or _ENDS_WITH_RELATION.search(before):
        return False
    trailing = _TRAILING_OPERATOR.search(before)
    if trailing is not None and not before[: trailing.start()].rstrip().endswith(("^", "_", "{")):  # `w^*` is no product
        return not text.lstrip().lstrip("&").lstrip().startswith("=")
    return bool(_LEADING_OPERATOR.match(text) or _INDENTED_MINUS.match(text))


def _relations_outside_brackets(text: str) -> Iterator[re.Match]:
    """Each relation of `text` that stands outside brackets, in order."""
    depth = 0
    for at, char in enumerate(text):
        if char in _OPENERS:
            depth += 1
        elif char in _CLOSERS:
            depth -= 1
        elif depth == 0 and (char in "=<>" or char == "\\"):
            match = _RELATION.match(text, at)
            if match is not None:
                yield match


def _split_at_relation(text: str) -> tuple[str, str]:
    """`text` cut before its first relation outside brackets: the expression's tail, and what follows."""
    for match in _relations_outside_brackets(text):
        at = match.start()
        if not text[:at].rstrip().endswith(("\\left", "\\right")):
            return _leading_spacing_dropped(text[:at]), text[at:]
    return _leading_spacing_dropped(text), ""


def _leading_spacing_dropped(text: str) -> str:
    return re.sub(r"^" + _SPACING, "", text)


def _last_side(text: str) -> str:
    """The side after the last relation outside brackets (the whole text where there is none)."""
    start = 0
    for match in _relations_outside_brackets(text):
        start = match.end()
    return text[start:].strip()
