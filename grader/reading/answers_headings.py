"""The headings of answers.md: which lines are headings, their text, and the problem id they name.

CommonMark's ATX headings, plus what students write that CommonMark does not read as a heading
but every student means as one: `##mle-mse` without the space is a level-2 heading.
"""

from __future__ import annotations

import re

__all__ = ["DECORATION", "HEADING_WORD", "NOT_PARAGRAPH", "SECTION_BREAK", "SETEXT", "heading_id", "heading_level", "heading_text"]

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_PROBLEM_NUMBER = re.compile(r"^\d+[.)、]")
#: What surrounds an id in a heading without being part of it (bold, code, numbering, punctuation).
DECORATION = "*_`:：.,;()[]（）【】\"'“”‘’-—– \t"
_ATX = re.compile(r"[ \t]{0,3}(#{1,6})(?:[ \t]+(.*))?$")
_ATX_TIGHT = re.compile(r"[ \t]{0,3}##([^#\s].*)$")  # "##mle-mse": CommonMark wants the space, students do not


def heading_level(line: str) -> int:
    """1..6 for an ATX heading (`##mle-mse` counts as level 2), 0 otherwise."""
    if "#" not in line[:4]:
        return 0
    atx = _ATX.match(line)
    if atx:
        return len(atx.group(1))
    return 2 if _ATX_TIGHT.match(line) else 0


def heading_text(line: str) -> str:
    """The text of a heading line, without its marks and its optional closing `#`s."""
    atx = _ATX.match(line)
    tight = None if atx else _ATX_TIGHT.match(line)
    text = (atx.group(2) or "") if atx else (tight.group(1) if tight else "")  # called on headings only
    text = text.rstrip()
    closing = text.rstrip("#")
    if closing != text and (not closing or closing[-1] in " \t"):
        text = closing.rstrip()
    return text


def heading_id(text: str) -> tuple[str, str]:
    """The problem id (first word that looks like one) and the title after it."""
    rest = text[:2000]
    while rest:
        word, *more = rest.split(None, 1)
        rest = more[0] if more else ""
        candidate = _PROBLEM_NUMBER.sub("", word.strip(DECORATION).lower().replace("_", "-"))
        if not candidate or (candidate.isdigit() and rest):
            continue  # a problem number: "## 1. mle-mse"
        id = _ID.match(candidate)
        if id:  # the id may be glued to what follows: "mle-mse：高斯噪声", "mle-mse(Gaussian)"
            glued = word.lower().replace("_", "-")
            glued = word[glued.find(id.group()) + len(id.group()) :]
            return id.group(), f"{glued} {rest}".lstrip(DECORATION).rstrip("*_`# \t")
    return "", text.strip()


#: A line that starts a level-1 or level-2 heading, where a display block or a fence left open stops.
SECTION_BREAK = re.compile(r"^[ \t]{0,3}(?:##?(?:[ \t]|$)|##[^#\s])", re.MULTILINE)
#: A setext underline (`===` for level 1, `---` for level 2) under a paragraph.
SETEXT = re.compile(r" {0,3}(?:(={2,})|(-{2,}))[ \t]*$")
#: A line that cannot start a setext heading's paragraph: a quote, a list item, a thematic break, a table row.
NOT_PARAGRAPH = re.compile(r"[ \t]*(?:>|[-*+][ \t]|\d{1,9}[.)][ \t]|([-*_=])[ \t]*(?:\1[ \t]*)+$|\|)")
#: A word of a heading that may be a problem id (`softmax_ce_grad`, `Q2`).
HEADING_WORD = re.compile(r"[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*")
