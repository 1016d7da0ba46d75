"""Text that came from a submission, made harmless for a terminal.

A student controls the text of exception messages, of answers.md and of file
names.  Control characters in it (ESC sequences that clear the screen or move
the cursor, a carriage return that overwrites a line, a backspace, Unicode's
bidirectional overrides that reorder what is shown) could make a report show
something other than what it says, for example a forged "Total: 100 / 100"
printed over the real line.  Every report strips them; the HTML and Markdown
formats escape the rest (see `grader.presentation.render`).
"""

from __future__ import annotations

import re

#: C0 and C1 controls but tab and newline, DEL, and the bidirectional formatting characters.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
#: ESC-introduced sequences (CSI, OSC and two-character escapes), removed whole so that their
#: parameters ("[2J", "]0;title") do not remain as litter once ESC itself is gone.
_ESCAPE_SEQUENCE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])|\x9b[0-?]*[ -/]*[@-~]")


def without_controls(text: object) -> str:
    """`text` with every escape sequence and control character removed (tab and newline stay)."""
    text = str(text)
    if text.isprintable():  # no control or format character at all: the common case, quickly
        return text
    return _CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", text))


def one_line(text: object) -> str:
    """`text` without controls, its line breaks and runs of white space made single spaces:
    a value can then never start a line of its own (a forged "Total:" line)."""
    return " ".join(without_controls(text).split())
