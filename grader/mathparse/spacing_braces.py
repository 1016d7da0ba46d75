r"""Braces that carry no math: `k{=}c`, `a{,}b`, `x {-} y`, as authors write them to tighten the spacing.

In TeX a relation or an operator alone in braces is an ordinary symbol: `\mathbf{1}[k{=}c]` renders the `=`
without the space around it, and a TA reads `k = c`.  So, before tokenizing, a brace group that holds only one
relation, operator or punctuation mark is that mark.  Not where the group is an argument: after `_` or `^`
(`\mathbb{R}_{+}`, `x^{-}`), after another group (`\stackrel{\text{def}}{=}`, `\overset{(a)}{=}`) or after a
command (`\mathrel{=}`, `\mathbin{-}`).  Between digits, `{,}` is a comma TeX sets without a space: the decimal
comma (`3{,}14` is 3.14), or the thousands separator (`1{,}000{,}000`).  A number reads one way only where the other
is ruled out: two or more separators, each before three digits, group thousands; one before other than three digits
is the decimal comma; `60{,}000` (either: sixty thousand, or sixty) stays as written, a line not read.  Purely
textual: nothing is evaluated.
"""

from __future__ import annotations

import re

#: `{=}`, `{ , }`, `{-}`, `{\le}`: one mark alone in braces, and what stands before it.
_BRACED_MARK = re.compile(r"\{\s*(=|,|;|\+|-|<|>|\\(?:le|leq|ge|geq|neq|ne|cdot|times)(?![A-Za-z]))\s*\}")
#: A number whose digits are parted by `{,}`.
_COMMA_NUMBER = re.compile(r"(?<![0-9.])[0-9]+(?:\{\s*,\s*\}[0-9]+)+(?![0-9])")
_COMMA = re.compile(r"\{\s*,\s*\}")
#: What makes the group an argument: a script mark, a closing brace, or a command name right before it.
_ARGUMENT_BEFORE = re.compile(r"(?:[_^}]|\\[A-Za-z]+\*?|\\[A-Za-z]+\s*\[[^\]]*\])\s*$")


def marks_unbraced(text: str) -> str:
    """`text` with each mark alone in braces (and not an argument) written without them; `3{,}14` (the decimal
    comma written so that TeX sets no space after it) is the number 3.14."""
    if "{" not in text:
        return text
    text = _COMMA_NUMBER.sub(_number, text) if "," in text else text
    return _BRACED_MARK.sub(lambda m: _unbraced(text, m), text)


def _number(match: re.Match) -> str:
    """A number written with `{,}`: its digits where the separator can be read one way only, else as written."""
    groups = _COMMA.split(match.group(0))
    thousands = len(groups[0]) <= 3 and all(len(group) == 3 for group in groups[1:])
    if thousands and len(groups) > 2:
        return "".join(groups)
    if not thousands and len(groups) == 2:
        return ".".join(groups)
    return match.group(0)  # `60{,}000`: sixty thousand or sixty: not taken either way


def _unbraced(text: str, mark: re.Match) -> str:
    if _ARGUMENT_BEFORE.search(text[max(0, mark.start() - 40):mark.start()]):
        return mark.group(0)
    if mark.group(1) == "," and text[mark.start() - 1:mark.start()].isdigit() and text[mark.end():mark.end() + 1].isdigit():
        return mark.group(0)  # a number `_number` left as written: either reading may be meant
    return f" {mark.group(1)} "
