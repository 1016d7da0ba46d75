r"""Where the math of answers.md stands, line by line: the spans a renderer (MathJax, KaTeX) typesets.

The author's macros (`author_macros`) are taken only where the renderer takes them: a ``\newcommand`` in a prose
sentence or in inline code is shown as written and defines nothing, so a grader that applied it would read a line
other than the one the student's answers.md shows.

A span opens at ``$$``, ``$``, ``\[``, ``\(`` or ``\begin{equation}`` (and the other display environments) outside
inline code, and closes at its closer. Inline ``$...$`` and ``\(...\)`` close on their own line (an unclosed ``$`` is
a dollar sign, not math); a display runs over lines up to its closer or a blank line (where Markdown ends the
paragraph). The scan is one pass of one regular expression per line.
"""

from __future__ import annotations

import re

__all__ = ["MathSpans", "in_spans"]

#: What opens or closes math, in the order the alternatives must be tried: `\\` (a line break) and `\$` (a dollar
#: sign) first, so that the `[` of `\\[2pt]` and an escaped dollar open nothing.
_TOKEN = re.compile(r"\\\\|\\\$|\$\$|\$|\\\[|\\\]|\\\(|\\\)|`+|\\(begin|end)\s*\{([A-Za-z]+\*?)\}")
_DISPLAY_ENVIRONMENTS = frozenset(
    name + star
    for name in ("equation", "align", "gather", "multline", "eqnarray", "flalign", "alignat", "displaymath", "math")
    for star in ("", "*")
)
_OPENERS = {"$$": "$$", "$": "$", "\\[": "\\]", "\\(": "\\)"}
_INLINE_CLOSERS = frozenset({"$", "\\)"})


class MathSpans:
    """The math of the lines read so far: call `line` on every line of the document, in order."""

    def __init__(self) -> None:
        self.closer: str | None = None  # what closes the math open at the end of the last line (None: prose)

    def line(self, text: str) -> list[tuple[int, int]]:
        """The spans `(start, end)` of `text` that are math (a display open from an earlier line starts at 0)."""
        if not text.strip():
            self.closer = None  # a blank line ends the paragraph, and any math left open in it
            return []
        spans: list[tuple[int, int]] = []
        start = 0
        at = 0
        while True:
            match = _TOKEN.search(text, at)
            if match is None:
                break
            at = match.end()
            if self.closer is None:
                opened = self._opened(match, text)
                if isinstance(opened, int):
                    at = opened  # inline code: nothing in it opens math
                elif opened is not None:
                    self.closer, start = opened, match.end()
            elif self._closes(match):
                spans.append((start, match.start()))
                self.closer = None
        if self.closer is not None:
            if self.closer in _INLINE_CLOSERS:
                self.closer = None  # `costs $5`: an inline opener nothing closes on its line is a dollar sign
            else:
                spans.append((start, len(text)))
        return spans

    @staticmethod
    def _opened(match: re.Match, text: str) -> str | int | None:
        """What the token opens outside math: its closer, or (inline code) where the code ends, or None."""
        token = match.group(0)
        if token.startswith("`"):
            close = text.find(token, match.end())
            return match.end() if close < 0 else close + len(token)
        if token in _OPENERS:
            return _OPENERS[token]
        if match.group(1) == "begin" and match.group(2) in _DISPLAY_ENVIRONMENTS:
            return "\\end{" + match.group(2) + "}"
        return None

    def _closes(self, match: re.Match) -> bool:
        """Whether the token closes the math now open."""
        if match.group(1) == "end":
            return self.closer == "\\end{" + match.group(2) + "}"
        return match.group(0) == self.closer


def in_spans(spans: list[tuple[int, int]], at: int) -> bool:
    """Whether column `at` lies in one of `spans`."""
    return any(start <= at < end for start, end in spans)
