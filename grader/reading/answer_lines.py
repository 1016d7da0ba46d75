"""Answer lines of answers.md: which lines give a final answer, and the math they give.

The contract's `Answer:` line, and the ways students write it (`**Answer:**`, `答案：`,
`Answer (a):`, `## Answer`, in a list or a quote). The math is what stands in `$...$` on the
line or, where the line has no `$`, the rest of the line; it is kept as a plain string.
"""

from __future__ import annotations

import re

from grader.reading.display_math import CLOSERS, INLINE_TOKEN

__all__ = ["ANSWER", "ANSWER_HEADING", "MATH_START", "TRAILING_PUNCTUATION", "inline_math", "plain"]

# Every run of blanks below is followed by something that is not a blank, so that no two
# quantifiers compete for the same run (which would take quadratic time on a long line).
_LINE_MARKS = r"[ \t]*(?:>[ \t]*)*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)*"  # quotes and list items
_PREFIX = _LINE_MARKS + r"(?:\[[ xX]\][ \t]+)?(?:#{1,6}[ \t]+)?"
_MARKER = r"(?:final[ \t]+answer|answer|(?:最终)?答案[为是]?)[ \t]*"
_LABEL = r"[(（][ \t]*(?P<label>[a-z0-9]{1,4})[ \t]*[)）][ \t]*"
#: A line that starts (after quote and list marks) with an answer marker and its colon.
ANSWER = re.compile(
    _PREFIX + r"(?:(?P<open>\*\*|__|\*|_)[ \t]*)?" + _MARKER
    + r"(?:" + _LABEL + r"|(?<=[ \t])(?P<bare>[a-z])[ \t]*(?=(?:\*\*|__|\*|_)?[ \t]*[:：]))?"
    + r"(?:(?P=open)[ \t]*)?[:：][ \t]*(?:(?P=open)(?![*_]))?",
    re.IGNORECASE,
)
#: A heading `## Answer` (no colon) is an answer line too, with its math on the lines below.
ANSWER_HEADING = re.compile(
    r"[ \t]{0,3}#{1,6}[ \t]+(?:[*_]+[ \t]*)?" + _MARKER + r"(?:" + _LABEL + r")?(?:[*_]+[ \t]*)?$", re.IGNORECASE
)
#: A line whose first thing (after quote and list marks) is math: group 1 is a math delimiter.
MATH_START = re.compile(_LINE_MARKS + r"(?:(\$|\\\(|\\\[)|\\begin\s*\{)")
TRAILING_PUNCTUATION = re.compile(r"(?<!\\)[.,;。，；]\s*$")  # "Answer: $x$." or "$\\frac{a}{b}.$"
_WRAPPERS = ("```", "``", "`", "**", "__", "*", "_")


def inline_math(text: str) -> tuple[list[str] | None, str | None, int]:
    """The math of an answer line: (pieces or None where there is no delimiter, unclosed opener, its end).

    Pieces after the first are kept only while the text between them is math too (`$a$ + $b$`)
    or the math so far is unfinished (`$r =$ $\\sqrt{...}$`); after prose (`$a_i - b_i$, where
    $a_i$ is ...`, `(with $n = n_{in}$)`) the rest of the line is a remark.
    """
    pieces: list[str] = []
    delimited = False
    opener, start, closed_at = None, 0, 0
    for m in INLINE_TOKEN.finditer(text):
        token = m.group()
        if opener is None:
            if token in CLOSERS:
                gap = text[closed_at : m.start()]
                point = gap.strip() == "," and _NUMBER_ASSIGNMENT.fullmatch(pieces[-1]) if pieces else False
                if pieces and not point and not _OPERATOR_GAP.fullmatch(gap) and not _UNFINISHED.search(" ".join(pieces)):
                    return pieces, None, start
                if pieces and gap.strip():
                    pieces.append(gap.strip())
                opener, start, delimited = token, m.end(), True
        elif token == CLOSERS[opener]:
            pieces.append(text[start : m.start()])
            opener, closed_at = None, m.end()
        elif opener == "$" and token == "$$":  # "$a$$b$": one closes, one opens
            pieces.append(text[start : m.start()])
            start = m.end()
    return (pieces if delimited else None), opener, start


_OPERATOR_GAP = re.compile(r"[\s+\-*/=·×]*")
#: `$w_1 = 1$, $w_2 = -3$, ...`: a witness point written one coordinate per `$...$` (the pieces stay together).
_NUMBER_ASSIGNMENT = re.compile(r"\s*[A-Za-z\\{}_0-9]+\s*=\s*[-+]?\s*(?:\d+(?:\.\d*)?|\.\d+|\\frac\{\d+\}\{\d+\})\s*")
_UNFINISHED = re.compile(r"(?:^|[=+\-*/(]|\\cdot|\\times)\s*$")


def plain(text: str) -> str:
    """The rest of an answer line without math delimiters: unwrapped from bold and backticks."""
    text = text.strip()
    unwrapped = True
    while unwrapped:
        unwrapped = False
        for wrapper in _WRAPPERS:
            if len(text) > 2 * len(wrapper) and text.startswith(wrapper) and text.endswith(wrapper):
                text = text[len(wrapper) : -len(wrapper)].strip()
                unwrapped = True
                break
    if text.startswith(("**", "__")):  # the closing half of `**Answer:**` written apart
        text = text[2:].strip()
    return text
