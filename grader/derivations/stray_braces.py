r"""A closing brace with no opening one: the author's typo, read as the line without it.

Authors' LaTeX is not always compiled: `\mathbb{E}[a_{\text{train}}}]` has one `}` more than it opens.  The
parser stops there ("unexpected `}`") and the line, a valid step, is charged as unreadable.  A careful TA
reads through the stray brace: the line means what it means without it.  So, where a line fails to read on an
unexpected `}` and every closing brace the line has no opening for is such a stray one (no opening brace is
left unclosed), it is read again with those braces dropped; the feedback says that reading was taken.  The
math is otherwise read as written, so a wrong step is still charged.  A line that does not read even so keeps
its first error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from grader.mathparse import MathParseError, Notation
from grader.mathparse.nodes import ParsedLine
from grader.results.i18n import define

define(
    {
        "derivation.reading_stray_brace": (
            "the line without the closing brace `}` that opens nothing (a typo)",
            "去掉没有对应左括号的 `}`（笔误）后的这一行",
        ),
    }
)

#: The reading's name in a line's readings (its message key: `derivation.reading_stray_brace`).
STRAY_BRACE = "stray_brace"

ChainReader = Callable[[str, Notation], ParsedLine]


def stray_brace_reader(read_chain: ChainReader) -> ChainReader:
    """`read_chain`, with a line that fails on a closing brace that opens nothing read without it."""

    def read(text: str, notation: Notation) -> ParsedLine:
        try:
            return read_chain(text, notation)
        except MathParseError as error:
            if error.key != "parse.unexpected" or "}" not in text:
                raise
            strays = stray_closing_braces(text)
            if not strays:
                raise
            kept = "".join(char for index, char in enumerate(text) if index not in strays)
            try:
                parsed = read_chain(kept, notation)
            except MathParseError:
                raise error from None
            return replace(parsed, readings=(STRAY_BRACE, *parsed.readings))

    return read


def stray_closing_braces(text: str) -> set[int]:
    """The positions of the `}` that close no `{` (escaped `\\{`, `\\}` are not braces); empty where an opening
    brace is left unclosed too (then the braces are not a lone typo) or where every brace is matched."""
    depth = 0
    strays: set[int] = set()
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2  # `\{`, `\}`, `\\`: an escaped character, not a group
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            if depth == 0:
                strays.add(index)
            else:
                depth -= 1
        index += 1
    return strays if depth == 0 else set()
