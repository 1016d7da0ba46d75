"""The lines of answers.md as its reader sees them.

The text is normalized (no BOM, NULs, zero-width characters or `\\r`), cut at the size limits,
and front matter, fenced code and HTML comments are blanked out while every line keeps its
number, so that feedback can cite lines of the file the student wrote.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from grader.reading.answers_headings import heading_level
from grader.results.models import Message

__all__ = ["MAX_CHARS", "MAX_LINES", "blank_ignored", "next_line_of", "normalized_lines"]

#: Beyond these limits the rest is ignored with a warning (a real answers.md is far smaller).
MAX_CHARS = 2_000_000
MAX_LINES = 50_000

#: How far the closing line of front matter is looked for (front matter is a few lines).
FRONT_MATTER_LINES = 200

_DATA_URI = re.compile(r"data:[\w/+.-]{1,100};base64,[A-Za-z0-9+/=]{200,}")
_FENCE = re.compile(r"[ \t>]*(`{3,}|~{3,})(.*)$")
_FRONT_MATTER_END = re.compile(r"(?:---|\.\.\.)[ \t]*$")

#: Record a warning: its catalog key and its parameters.
Warn = Callable[[str, dict], None]


def normalized_lines(text: str, warnings: list[Message]) -> list[str]:
    """Lines of `text` without BOM, NULs and zero-width characters, cut at the size limits."""
    truncated = False
    if "base64," in text:  # an embedded image is never an answer, and may be megabytes long
        text = _DATA_URI.sub("data:", text)
    if len(text) > MAX_CHARS:
        cut = text.rfind("\n", 0, MAX_CHARS)
        text = text[: cut if cut > MAX_CHARS // 2 else MAX_CHARS]
        truncated = True
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    for invisible in ("\ufeff", "\u200b", "\u2060"):
        if invisible in text:
            text = text.replace(invisible, "")
    if "\x00" in text:
        text = text.replace("\x00", " ")
    lines = text.split("\n")
    if len(lines) > MAX_LINES:
        del lines[MAX_LINES:]
        truncated = True
    if truncated:
        warnings.append(Message("answers.truncated", {"line": len(lines)}))
    return lines


def blank_ignored(lines: list[str], warn: Warn) -> list[str]:
    """Blank out front matter, fenced code and HTML comments, keeping every line number.

    An unclosed fence or comment runs to the next level-1/2 heading only (CommonMark would
    run it to the end of the file, costing the student every later problem). `lines` keeps
    its closed comments blanked too (the reader's view of where blocks close).
    """
    _blank_front_matter(lines)
    joined = "\n".join(lines)
    if "```" not in joined and "~~~" not in joined and "<!--" not in joined:
        return lines
    return _Blanker(lines, warn).blanked()


def next_line_of(sorted_lines: list[int], after: int, default: int) -> int:
    """The first of `sorted_lines` after line `after`, or `default` when none is."""
    k = bisect.bisect_right(sorted_lines, after)
    return sorted_lines[k] if k < len(sorted_lines) else default


def _blank_front_matter(lines: list[str]) -> None:
    """Blank a YAML front matter block (`---` on the first line, closed by `---` or `...`)."""
    if not lines or lines[0].strip() != "---":
        return
    end = next((j for j in range(1, min(len(lines), FRONT_MATTER_LINES)) if _FRONT_MATTER_END.match(lines[j])), None)
    if end is not None:
        lines[: end + 1] = [""] * (end + 1)


@dataclass(frozen=True)
class _FenceClosers:
    """The lines that could close a fence of one character (` or ~), found once for the whole text."""

    where: list[int]
    """0-based line numbers of the candidate closing lines, in order."""

    lengths: list[int]
    """The length of each candidate's run of fence characters."""

    longest_after: list[int]
    """The longest run at or after each candidate (a suffix maximum): a fence no candidate
    closes is known unclosed at once, so that many unclosed fences cost linear time."""

    def end_of(self, opened: int, length: int) -> int | None:
        """The line that closes a fence of `length` opened on line `opened`, or None."""
        k = bisect.bisect_right(self.where, opened)
        if k >= len(self.where) or self.longest_after[k] < length:
            return None
        while self.lengths[k] < length:
            k += 1
        return self.where[k]


def _fence_closers(lines: list[str]) -> dict[str, _FenceClosers]:
    """For each fence character: the lines that could close a fence of it."""
    found: dict[str, tuple[list[int], list[int]]] = {"`": ([], []), "~": ([], [])}
    for j, line in enumerate(lines):
        if "```" in line or "~~~" in line:
            fence = _FENCE.match(line)
            if fence and not fence.group(2).strip():
                found[fence.group(1)[0]][0].append(j)
                found[fence.group(1)[0]][1].append(len(fence.group(1)))
    result = {}
    for char, (where, lengths) in found.items():
        suffix = lengths[:]
        for k in range(len(suffix) - 2, -1, -1):
            suffix[k] = max(suffix[k], suffix[k + 1])
        result[char] = _FenceClosers(where, lengths, suffix)
    return result


class _Blanker:
    """One pass over the lines that blanks fenced code and HTML comments into `out`."""

    def __init__(self, lines: list[str], warn: Warn):
        self.lines = lines
        self.out = list(lines)
        self.warn = warn
        self.headings = [j for j, line in enumerate(lines) if line.lstrip(" \t").startswith("#") and heading_level(line) in (1, 2)]
        self.closers = _fence_closers(lines)
        self.last_comment_end = max((j for j, line in enumerate(lines) if "-->" in line), default=-1)

    def blanked(self) -> list[str]:
        i = 0
        while i < len(self.lines):
            after_fence = self._fence(i)
            i = after_fence if after_fence is not None else self._comments(i)
        return self.out

    def _fence(self, i: int) -> int | None:
        """Blank the fenced code opened on line `i`; the line after it, or None if no fence opens there."""
        line = self.lines[i]
        fence = _FENCE.match(line) if ("```" in line or "~~~" in line) else None
        if fence is None or (fence.group(1)[0] == "`" and "`" in fence.group(2)):
            return None  # a backtick in the info string: CommonMark's inline code, not a fence
        run = fence.group(1)
        end = self.closers[run[0]].end_of(i, len(run))
        if end is None:
            self.warn("answers.unclosed_fence", {"line": i + 1})
            end = next_line_of(self.headings, i, len(self.lines)) - 1
        for j in range(i, end + 1):
            self.out[j] = ""
        return end + 1

    def _comments(self, i: int) -> int:
        """Blank the HTML comments of line `i` and of the lines a comment opened there runs over;
        the line to look at next (the comment's last line, for what follows its `-->`)."""
        line, start = _blank_comments(self.lines[i])
        self.lines[i] = self.out[i] = line
        if start < 0:
            return i + 1
        self.out[i] = line[:start]
        if self.last_comment_end <= i:  # nothing below closes it: it runs to the next section
            self.warn("answers.unclosed_comment", {"line": i + 1})
            end = next_line_of(self.headings, i, len(self.lines))
            for j in range(i + 1, end):
                self.out[j] = ""
            return end
        j = i + 1
        while "-->" not in self.lines[j]:
            self.out[j] = ""
            j += 1
        tail = self.lines[j][self.lines[j].find("-->") + 3 :]
        self.lines[j] = self.out[j] = " " * (len(self.lines[j]) - len(tail)) + tail
        return j


def _blank_comments(line: str) -> tuple[str, int]:
    """The line with its closed HTML comments blanked, and where an unclosed one starts (or -1)."""
    parts, kept_from, ticks, counted = [], 0, 0, 0
    start = line.find("<!--")
    while start >= 0:
        ticks += line.count("`", counted, start)
        counted = start
        if ticks % 2:  # inside a code span: text, not a comment
            start = line.find("<!--", start + 4)
            continue
        close = line.find("-->", start + 4)
        if close < 0:
            break
        parts += [line[kept_from:start], " " * (close + 3 - start)]
        kept_from = counted = close + 3
        start = line.find("<!--", kept_from)
    if not parts:
        return line, start
    parts.append(line[kept_from:])
    return "".join(parts), start
