"""Display math in answers.md: where a block opens and closes, and its derivation lines.

A block is `$$ ... $$`, `\\[ ... \\]` or an environment that may stand alone (`align`,
`equation`, ...). Inside it, top-level `\\\\` separate the derivation lines; alignment `&`,
the markers of the environments that lay out the lines, tags and labels are dropped. The math
itself is never parsed here: a line is a plain string.
"""

from __future__ import annotations

import re

__all__ = [
    "CLOSERS", "INLINE_TOKEN", "TRANSPARENT_ENVS", "block_content", "closing", "find_opener", "opens_at_start",
    "split_block",
]

#: Environments that may stand alone as display math, and whose markers are dropped inside a block.
TRANSPARENT_ENVS = frozenset(
    name + star
    for name in (
        "aligned", "align", "split", "gather", "gathered", "equation", "eqnarray",
        "multline", "flalign", "alignat", "alignedat", "displaymath",
        "array",  # `\begin{array}{rll}` standing alone lays out a derivation's lines as aligned does
    )
    for star in ("", "*")
)
#: Each math delimiter that opens, and the one that closes it.
CLOSERS = {"$": "$", "$$": "$$", "\\(": "\\)", "\\[": "\\]"}
#: What matters to inline math on a line: an escaped character, `$$` or `$`.
INLINE_TOKEN = re.compile(r"\\.|\$\$|\$")

_OUTER_TOKEN = re.compile(r"`+|\\begin\s*\{\s*([A-Za-z]+\*?)\s*\}|\\.|\$\$|\$")
_ENV_MARK = re.compile(r"\\(begin|end)\s*\{\s*([A-Za-z]+\*?)\s*\}")
_TEX_COMMENT = re.compile(r"\\[\s\S]|%[^\n]*")
_QUOTE_MARKS = re.compile(r"^[ \t]*>(?:[ \t]*>)*", re.MULTILINE)
_BLOCK_TOKEN = re.compile(  # each alternative is one named group, told apart by `lastgroup`
    r"(?P<begin>\\begin\s*\{\s*([A-Za-z]+\*?)\s*\}(?:\s*\{\s*\d+\s*\}|\s*\[[tbc]\]|\s*\{[lcr| ]+\})?)"
    r"|(?P<end>\\end\s*\{\s*([A-Za-z]+\*?)\s*\})"
    r"|(?P<newline>(?:\\\\(?:\s*\[\s*-?(?:\d+(?:\.\d*)?|\.\d+)\s*(?:pt|em|ex|mm|cm|in|mu|bp|pc|dd|sp|cc)\s*\])?\s*)+)"
    r"|(?P<drop>\\(?:nonumber|notag)(?![A-Za-z])|\\(?:tag\*?|label)\s*\{[^{}]*\})"
    r"|(?P<left>\\left(?![A-Za-z]))|(?P<right>\\right(?![A-Za-z]))"
    r"|(?P<escape>\\[\s\S])|(?P<open>\{+)|(?P<close>\}+)|(?P<amp>&(?:[&\s]*&)?)"
)
_GROUPING = frozenset({"open", "close", "left", "right"})


def find_opener(line: str, column: int) -> tuple[str, int, int] | None:
    """The next display-math opener outside inline math and code spans: (closer, start, end)."""
    inline = False
    pos = column
    while True:
        m = _OUTER_TOKEN.search(line, pos)
        if m is None:
            return None
        token = m.group()
        pos = m.end()
        if token[0] == "`":
            close = line.find(token, pos)
            if close >= 0:
                pos = close + len(token)
        elif token == "$":
            inline = not inline
        elif inline:
            continue
        elif token == "$$":
            return "$$", m.start(), m.end()
        elif token == "\\[":
            return "\\]", m.start(), m.end()
        elif m.group(1) in TRANSPARENT_ENVS:
            return m.group(1), m.start(), m.end()


def opens_at_start(line: str) -> bool:
    """Whether the line's first thing (after quote and list marks) opens a display block."""
    found = find_opener(line, 0)
    return found is not None and not line[: found[1]].strip(" \t>-*+0123456789.)")


def closing(text: str, start: int, limit: int, closer: str) -> tuple[int, int] | None:
    """Where the block opened at `start` closes before `limit`: (start, end) of the closer."""
    if closer in ("$$", "\\]"):
        return _closing_delimiter(text, start, limit, closer)
    depth = 1
    for m in _ENV_MARK.finditer(text, start, limit):
        if m.group(2) == closer:
            depth += 1 if m.group(1) == "begin" else -1
            if depth == 0:
                return m.start(), m.end()
    return None


def _closing_delimiter(text: str, start: int, limit: int, closer: str) -> tuple[int, int] | None:
    """The first `closer` (`$$`, `\\]`) after `start` and before `limit` that no backslash escapes."""
    k = start
    while True:
        k = text.find(closer, k, limit)
        if k < 0:
            return None
        escapes = k
        while escapes > start and text[escapes - 1] == "\\":
            escapes -= 1
        if (k - escapes) % 2 == 0:  # an odd run of backslashes escapes the closer's first character
            return k, k + len(closer)
        k += 1


def block_content(content: str, quoted: bool) -> str:
    """A block's text as math: quote marks of its later lines and TeX comments blanked (offsets kept)."""
    if quoted and "\n" in content:
        first = content.index("\n")
        content = content[:first] + _QUOTE_MARKS.sub(lambda m: " " * len(m.group()), content[first:])
    if "%" in content:
        content = _TEX_COMMENT.sub(lambda m: m.group() if m.group()[0] == "\\" else " " * len(m.group()), content)
    return content


def split_block(text: str, limit: int) -> list[tuple[str, int]]:
    """A block's first `limit` derivation lines: (cleaned text, offset where it starts), split on top-level `\\\\`."""
    pieces, balanced = _BlockSplitter(text, grouping=True).split(limit)
    # A missing `}` or `\right` would glue the rest of the block into one line: then split as
    # if there were no groups, so that only the broken line is lost.
    return pieces if balanced else _BlockSplitter(text, grouping=False).split(limit)[0]


class _BlockSplitter:
    """One pass over a block's tokens that cuts it into derivation lines at top-level `\\\\`."""

    def __init__(self, text: str, grouping: bool):
        self.text = text
        self.grouping = grouping  # whether `{...}` and `\left...\right` hide the `\\` inside them
        self.pieces: list[tuple[str, int]] = []
        self.kept: list[tuple[int, str]] = []  # (offset, text) kept since the last cut
        self.last = 0  # offset after the last dropped token
        self.depth = 0  # open `{...}` groups
        self.opaque = 0  # open `\left...\right` and environments like cases, whose `\\` are theirs
        self.layouts: list[bool] = []  # per open aligned-like environment: whether it lays out the block's lines
        self.blank = True  # nothing but space in the line so far

    def split(self, limit: int) -> tuple[list[tuple[str, int]], bool]:
        """The first `limit` lines, and whether every group and environment was closed."""
        for m in _BLOCK_TOKEN.finditer(self.text):
            kind = m.lastgroup or ""
            if kind == "escape":
                continue
            if kind in _GROUPING:
                self._group(kind, m)
            elif self._dropped(kind, m):
                self._drop(kind, m)
                if kind == "newline":
                    self._cut()
                    if len(self.pieces) >= limit:
                        return self.pieces, True
        self.kept.append((self.last, self.text[self.last :]))
        self._cut()
        return self.pieces, self.depth == 0 and self.opaque == 0

    def _group(self, kind: str, m: re.Match[str]) -> None:
        if not self.grouping:
            return
        if kind == "open":
            self.depth += m.end() - m.start()
        elif kind == "close":
            self.depth = max(0, self.depth - (m.end() - m.start()))
        elif kind == "left":
            self.opaque += 1
        else:
            self.opaque = max(0, self.opaque - 1)

    def _dropped(self, kind: str, m: re.Match[str]) -> bool:
        """Whether the token leaves the line's text (a top-level `\\\\` also ends the line)."""
        top = self.depth == 0 and self.opaque == 0
        if kind == "begin":
            return self._begin(m.group(2), m.start(), top)
        if kind == "end":
            return self._end(m.group(4))
        return kind == "drop" or (kind in ("newline", "amp") and top)

    def _begin(self, name: str, start: int, top: bool) -> bool:
        # `\begin{aligned}` lays out the block's lines only where it starts a line; after
        # `x = ` it is one multi-line expression, like `cases`.
        self.blank = self.blank and not self.text[self.last : start].strip()
        layout = name in TRANSPARENT_ENVS and top and self.blank
        if name in TRANSPARENT_ENVS:
            self.layouts.append(layout)
        if not layout:
            self.opaque += 1
        return layout

    def _end(self, name: str) -> bool:
        if name not in TRANSPARENT_ENVS:
            self.opaque = max(0, self.opaque - 1)
            return False
        layout = self.layouts.pop() if self.layouts else True
        if not layout:
            self.opaque = max(0, self.opaque - 1)
        return layout

    def _drop(self, kind: str, m: re.Match[str]) -> None:
        if self.last < m.start():
            self.kept.append((self.last, self.text[self.last : m.start()]))
        if kind != "newline":  # a space keeps `\lambda&x` from becoming `\lambdax`
            self.kept.append((m.start(), " "))
        self.last = m.end()

    def _cut(self) -> None:
        """End the line kept so far (an empty one is dropped)."""
        words = "".join(part for _, part in self.kept).split()
        if words:
            offset, part = next((o, p) for o, p in self.kept if p and not p.isspace())
            self.pieces.append((" ".join(words), offset + len(part) - len(part.lstrip())))
        self.kept.clear()
        self.blank = True
