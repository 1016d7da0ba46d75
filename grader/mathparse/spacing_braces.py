r"""Braces that carry no math: `k{=}c`, `a{,}b`, `x {-} y`, as authors write them to tighten the spacing.

In TeX a relation or an operator alone in braces is an ordinary symbol: `\mathbf{1}[k{=}c]` renders the `=`
without the space around it, and a TA reads `k = c`.  So, before tokenizing, a brace group that holds only one
relation, operator or punctuation mark is that mark.  Not where the group is an argument: after `_` or `^`
(`\mathbb{R}_{+}`, `x^{-}`), after another group (`\stackrel{\text{def}}{=}`, `\overset{(a)}{=}`) or after a
command (`\mathrel{=}`, `\mathbin{-}`).  Between digits, `{,}` is the decimal comma: `3{,}14` is 3.14.  Purely textual: nothing is evaluated.
"""

from __future__ import annotations

import re

#: `{=}`, `{ , }`, `{-}`, `{\le}`: one mark alone in braces, and what stands before it.
_BRACED_MARK = re.compile(r"\{\s*(=|,|;|\+|-|<|>|\\(?:le|leq|ge|geq|neq|ne|cdot|times)(?![A-Za-z]))\s*\}")
#: What makes the group an argument: a script mark, a closing brace, or a command name right before it.
_ARGUMENT_BEFORE = re.compile(r"(?:[_^}]|\\[A-Za-z]+\*?|\\[A-Za-z]+\s*\[[^\]]*\])\s*$")


def marks_unbraced(text: str) -> str:
    """`text` with each mark alone in braces (and not an argument) written without them; `3{,}14` (the decimal
    comma written so that TeX sets no space after it) is the number 3.14."""
    if "{" not in text:
        return text
    return _BRACED_MARK.sub(lambda m: _unbraced(text, m), text)


def _unbraced(text: str, mark: re.Match) -> str:
    if _ARGUMENT_BEFORE.search(text[max(0, mark.start() - 40):mark.start()]):
        return mark.group(0)
    if mark.group(1) == "," and text[mark.start() - 1:mark.start()].isdigit() and text[mark.end():mark.end() + 1].isdigit():
        return "."
    return f" {mark.group(1)} "
