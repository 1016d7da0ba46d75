r"""Indices written in brackets, as code writes them: `w[i]`, `a[1]`, `\mathbf{x}[k]`, `\mathrm{softmax}(z)[c]`.

People who think in arrays write the i-th entry of w as `w[i]`, and the c-th output of a function as
`softmax(z)[c]`.  A careful TA reads the entry, never the product of w with a bracket around one index: so, before
tokenizing, a bracket that holds one index only (a letter, a number, a letter plus or minus a number, or an index
word such as `class`) right after a letter, a decorated letter, or the call of a one-letter function or of the
softmax, is that letter's subscript.  Not where the letter is an operator people write with a bracket (`E[X]`,
`P[A]`, `V[X]`, `\mathbb{E}[x]`, the entropy `H[p]`), nor where the letter is itself a script (`\mathbb{E}_w[w]`):
those keep their bracket.  A bracket after a command (`\left[`, `\sqrt[3]`), a bracket that holds more than an index
(`a[b + c]`) and an Iverson bracket (`[i = j]`) are left as written.
Purely textual: nothing is evaluated.
"""

from __future__ import annotations

import re

#: One index alone in a bracket: `i`, `12`, `N`, `i+1`, `class` (a word of three or more letters).
_INDEX = r"\s*(?P<index>[A-Za-z]|[0-9]+|[A-Za-z]\s*[+-]\s*[0-9]+|[A-Za-z]{3,})\s*"
#: A letter (not inside a word or a command) or a decorated letter, then its bracket index.
_LETTER_THEN_INDEX = re.compile(
    r"(?P<name>(?<![A-Za-z\\_^])[A-Za-z]|\\(?:hat|tilde|bar|mathbf|boldsymbol|bm|vec)\s*\{\s*[A-Za-z]\s*\})"
    r"\s*\[" + _INDEX + r"\]"
)
#: `)` then a bracket index: the entry of a call's value, taken where the call is a one-letter function's or the softmax's.
_CALL_THEN_INDEX = re.compile(r"\)\s*\[" + _INDEX + r"\]")
#: What stands before the call's `(`: a one-letter function or the softmax (spelled with or without a font or backslash).
_CALLED = re.compile(r"(?:(?<![A-Za-z\\])[A-Za-z]|\\(?:sigma|phi)|softmax\s*\}?|\\softmax)\s*(?:\\left)?\s*$")
#: How far back the `(` of a call is looked for (a call's argument is short; a long line stays linear).
_CALL_REACH = 120
#: Letters whose bracket is an operator's argument: the expectation, the probability, the variance, and the entropy,
#: the divergence and the information (`H[p]`, `D[p]`, `I[X]`: a functional of a distribution, never an entry).
_OPERATORS = frozenset("EPVHDI")


def bracket_indices(text: str) -> str:
    """`text` with each bracket index written as a subscript (`w[i]` is `w_{i}`); unchanged where there is none."""
    if "[" not in text or "]" not in text:
        return text
    text = _LETTER_THEN_INDEX.sub(_letter_entry, text)
    if ")" in text:
        text = _CALL_THEN_INDEX.sub(lambda m: _call_entry(text, m), text)
    return text


def _subscript(index: str) -> str:
    return "_{" + re.sub(r"\s+", "", index) + "}"


def _letter_entry(match: re.Match) -> str:
    name = match.group("name")
    letter = re.sub(r"[^A-Za-z]", "", name.rsplit("{", 1)[-1])
    if letter in _OPERATORS:
        return match.group(0)  # `E[X]`: the expectation of X, not an entry of E
    return name + _subscript(match.group("index"))


def _call_entry(text: str, match: re.Match) -> str:
    """`f(z)[i]`, `\\mathrm{softmax}(z)[c]`: the entry of the call's value; another bracket after `)` as written."""
    opening = _opening_bracket(text, match.start())
    if opening is None or not _CALLED.search(text[max(0, opening - 40):opening]):
        return match.group(0)
    return ")" + _subscript(match.group("index"))


def _opening_bracket(text: str, closing: int) -> int | None:
    """Where the `(` that the `)` at `closing` closes stands, or None."""
    depth = 0
    for at in range(closing, max(-1, closing - _CALL_REACH), -1):
        if text[at] == ")":
            depth += 1
        elif text[at] == "(":
            depth -= 1
            if depth == 0:
                return at
    return None
