r"""A diagonal matrix given by the list of its entries with an ellipsis: `\operatorname{diag}(\lambda_1, \dots, \lambda_d)`.

Authors write the diagonal of eigenvalues, and what becomes of it, entry by entry:
`\operatorname{diag}(\lambda_1 + \alpha, \dots, \lambda_d + \alpha)`,
`\mathrm{diag}\Big(\tfrac{1}{\lambda_1 + \alpha}, \ldots, \tfrac{1}{\lambda_n + \alpha}\Big)`.  A TA reads the
pattern: the diagonal matrix whose i-th entry is the first entry with its index 1 made i, which the grammar
reads as `\mathrm{diag}(e_i)` (see `names.diagonal`).  The rewrite is taken only where the pattern is that clear:
the first entry written at index 1, an optional second entry that is the same expression at 2, an ellipsis,
and one last entry that is the same expression at one index (a letter, or a number above 2); every other list
is left as written (and a list of numbers, `\mathrm{diag}(1, 2, 3)`, has no ellipsis and is not looked at).
"""

from __future__ import annotations

import re

from .brackets import closing_bracket, split_outside_brackets
from .ellipses import unused_letter

#: `diag` set as an operator, in roman or plain, then the opening of its argument list (sized or not).
_DIAG_OPENING = re.compile(
    r"(?:\\(?:operatorname|mathrm|text|textrm|rm)\s*\{\s*(?:diag|Diag)\s*\}|(?<![A-Za-z\\])(?:diag|Diag))"
    r"(?P<space>(?:\s|\\[!,;:]|\\ )*)(?P<size>\\(?:left|[bB]igg?[lr]?)\s*)?\("
)

#: An entry that is only an ellipsis.
_ELLIPSIS_ENTRY = re.compile(r"\s*(?:\\[lc]?dots[bcmoi]?|\.{2,}|…)\s*")

#: Index 1 written as a subscript (`_1`, `_{1}`), not part of a longer number.
_FIRST_INDEX = re.compile(r"_\s*\{\s*1\s*\}|_\s*1(?![0-9])")

#: The closing of a sized bracket, before its `)`.
_SIZED_CLOSING = re.compile(r"\\(?:right|[bB]igg?[lr]?)\s*$")


def diagonal_lists(text: str) -> str:
    """`text` with each diagonal matrix written as a list of entries with an ellipsis read as `\\mathrm{diag}`
    of its pattern (see the module's docstring)."""
    out, at = [], 0
    for match in _DIAG_OPENING.finditer(text):
        if match.start() < at:
            continue
        open_at = match.end() - 1
        close_at = closing_bracket(text, open_at + 1)
        if close_at is None:
            continue
        inner = text[open_at + 1:close_at]
        sized = match.group("size") is not None
        closing = _SIZED_CLOSING.search(inner) if sized else None
        if sized and closing is None:
            continue
        entries = inner[:closing.start()] if closing is not None else inner
        template = _pattern(entries, text)
        if template is None:
            continue
        out.append(text[at:match.start()])
        out.append(f"\\mathrm{{diag}}\\left({template}\\right)")
        at = close_at + 1
    out.append(text[at:])
    return "".join(out)


def _pattern(entries_text: str, text: str) -> str | None:
    """The entry at a fresh index where the list is a pattern `e_1, [e_2,] \\dots, e_last`; None otherwise."""
    entries = [entry.strip() for entry in split_outside_brackets(re.sub(r"\\[,;:!]", " ", entries_text), ",")]
    if len(entries) not in (3, 4) or not _ELLIPSIS_ENTRY.fullmatch(entries[-2]):
        return None
    first, middle, last = entries[0], entries[1:-2], entries[-1]
    if not _FIRST_INDEX.search(first) or any(_ELLIPSIS_ENTRY.fullmatch(e) for e in (first, last, *middle)):
        return None
    letter = unused_letter(text, "ijkl") or "i"
    template = _FIRST_INDEX.sub("_{" + letter + "}", first)
    pattern = re.escape(_squashed(template)).replace(re.escape("_{" + letter + "}"), r"_\{?([A-Za-z0-9]+)\}?")
    if middle:
        second = re.fullmatch(pattern, _squashed(middle[0]))
        if second is None or set(second.groups()) != {"2"}:
            return None
    found = re.fullmatch(pattern, _squashed(last))
    if found is None or len(set(found.groups())) != 1 or found.group(1) in ("1", "2"):
        return None
    return template


def _squashed(text: str) -> str:
    """`text` without spaces, every one-character subscript braced (`\\lambda_1` as `\\lambda_{1}`)."""
    text = re.sub(r"_\s*([A-Za-z0-9])", r"_{\1}", text)
    return re.sub(r"\s+", "", text)
