r"""What an ellipsis stands for, written out as the grammar reads it (textual rewrites, see `rewrites`).

- a diagonal matrix written out with ellipses (``\begin{bmatrix} a_1 & 0 & \cdots & 0 \\ 0 & a_2 & \cdots & 0
  \\ \vdots & & \ddots & \vdots \\ 0 & 0 & \cdots & a_n \end{bmatrix}``) is ``\mathrm{diag}(a_i)``;
- terms around an ellipsis that differ only in an index 1, 2, ..., N (``a_1 + a_2 + \cdots + a_K``) are the
  sum ``\sum_{k=1}^{K} a_k`` (`ellipsis_sums`); one term set apart between two ellipses
  (``a_1 + \dots + S + \dots + a_K``) is the sum without it plus it (`distinguished_term`).

Each rewrite is taken only where the pattern is that clear; the text is left as written otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MATRIX = re.compile(r"\\begin\s*\{([bpB]?matrix)\}(.*?)\\end\s*\{\1\}", re.DOTALL)
_CELL_ELLIPSIS = re.compile(r"(?:\.{2,}|…|\\[lcvd]?dots[bcmoi]?)(?:\\ )?")
_ELLIPSIS = re.compile(r"\\[lc]?dots(?:[bcmoi])?(?![A-Za-z])|\.{3,}|…")
_OPEN_BRACKETS, _CLOSE_BRACKETS = "([{", ")]}"
_FIRST_INDEX = re.compile(r"_\s*\{\s*1\s*\}|_\s*1(?![0-9])")
_SUBSCRIPT_LETTER = re.compile(r"_\s*\{?\s*([a-z])\s*\}?")


def unused_letter(text: str, letters: str) -> str | None:
    """The first of `letters` that `text` does not use as a name (a fresh index)."""
    return next((c for c in letters if not re.search(rf"(?<![A-Za-z\\]){c}(?![A-Za-z])", text)), None)


# -- diagonal matrices --------------------------------------------------------------------------------


def diagonal_matrices(text: str) -> str:
    """Each matrix written out as a diagonal with ellipses, as `\\mathrm{diag}` of its pattern."""
    return _MATRIX.sub(lambda m: _diagonal(m.group(2), text) or m.group(0), text)


def _diagonal(body: str, text: str) -> str | None:
    cells = _square_cells(body)
    entries = _diagonal_entries(cells) if cells is not None else None
    if cells is None or entries is None:
        return None
    first = entries[0][1]
    letter = unused_letter(text, "ijkl") if _FIRST_INDEX.search(first) else None
    if letter is None:
        return None
    template = _FIRST_INDEX.sub("_{" + letter + "}", first)
    if not _entries_follow(template, letter, entries[1:], len(cells)):
        return None
    return f"\\mathrm{{diag}}\\left({template}\\right)"


def _square_cells(body: str) -> list[list[str]] | None:
    """The cells of a square matrix of at least 3 rows that holds an ellipsis (a pattern, not a matrix of
    that size written out in full)."""
    rows = [row for row in re.split(r"\\\\(?:\[[^\]]*\])?", body) if row.strip()]
    cells = [[cell.strip() for cell in row.split("&")] for row in rows]
    size = len(cells)
    if size < 3 or any(len(row) != size for row in cells):
        return None
    if not any(_CELL_ELLIPSIS.fullmatch(cell) for row in cells for cell in row):
        return None
    return cells


def _diagonal_entries(cells: list[list[str]]) -> list[tuple[int, str]] | None:
    """(row, cell) of the written diagonal entries, from the first row to the last, where every written cell
    off the diagonal is 0; None otherwise."""
    entries = []
    for r, row in enumerate(cells):
        for c, cell in enumerate(row):
            if not cell or _CELL_ELLIPSIS.fullmatch(cell):
                continue  # an ellipsis, or a cell left blank in a row of them
            if r == c:
                entries.append((r, cell))
            elif cell != "0":
                return None
    if len(entries) < 2 or entries[0][0] != 0 or entries[-1][0] != len(cells) - 1:
        return None
    return entries


def _entries_follow(template: str, letter: str, entries: list[tuple[int, str]], size: int) -> bool:
    """Whether each later diagonal entry is the template at its row: the (row+1)-th in the middle (a_2 on the
    second row), the size or a name on the last row."""
    pattern = re.escape(_squash(template)).replace(re.escape("_{" + letter + "}"), r"_\{?([A-Za-z0-9]+)\}?")
    for at, entry in entries:
        found = re.fullmatch(pattern, _squash(entry))
        if found is None or len(set(found.groups())) != 1:
            return False
        value = found.group(1)
        if at < size - 1 and value != str(at + 1):
            return False
        if at == size - 1 and value.isdigit() and value != str(size):
            return False
    return True


# -- sums written out ---------------------------------------------------------------------------------


def distinguished_term(text: str) -> str:
    """`a_1 + a_2 + \\dots + S + \\dots + a_K`: the terms a_k for every k but one, and S in the place of that
    one (the k = i term, i being the one index S is written with), as `\\sum_{k=1, k \\neq i}^{K} a_k + S` reads.
    Left as written unless the text has exactly that shape."""
    found = list(_ELLIPSIS.finditer(text))
    if len(found) != 2:
        return text
    first, second = found
    middle = text[first.end():second.start()].strip()
    if not (middle.startswith("+") and middle.endswith("+")) or len(middle) < 3:
        return text
    special = middle[1:-1].strip()
    if not special or any(ch in special for ch in "=") or _ELLIPSIS.search(special):
        return text
    letters = set(_SUBSCRIPT_LETTER.findall(special))
    if len(letters) != 1:
        return text
    (excluded,) = letters
    joined = text[:first.end()] + " + " + text[second.end():].lstrip().lstrip("+").lstrip()
    summed = ellipsis_sums(joined)
    match = re.search(r"\\sum_\{([a-z])=1\}\^\{([^{}]+)\} \\left\((.*?)\\right\)", summed)
    if summed == joined or match is None or match.group(1) == excluded:
        return text
    letter, bound, template = match.groups()
    replaced = (f"\\left(\\sum_{{{letter}=1, {letter} \\neq {excluded}}}^{{{bound}}} \\left({template}\\right) + {special}\\right)")
    return summed[:match.start()] + replaced + summed[match.end():]


def ellipsis_sums(text: str) -> str:
    """`-Y_1\\log y_1 - Y_2\\log y_2 - \\cdots - Y_K\\log y_K` is `\\sum_{q=1}^{K} (-Y_q \\log y_q)`: the terms
    around an ellipsis that differ only in an index running 1, 2, ..., N, as a reader fills them in.
    Left as written where the pattern is not that clear."""
    for _ in range(4):  # a few ellipses per line
        match = _ELLIPSIS.search(text)
        if match is None:
            return text
        rewritten = _one_ellipsis(text, match)
        if rewritten is None:
            return text
        text = rewritten
    return text


@dataclass(frozen=True)
class _Elided:
    """The expression around one ellipsis `... + \\cdots + ...`, cut into signed terms."""

    start: int
    """Where the expression holding the ellipsis starts in the text."""
    end: int
    """Where it ends."""
    sign: str
    """The operator right before the ellipsis (`+` or `-`)."""
    before: list[tuple[str, str]]
    """The signed terms before that operator."""
    after: list[tuple[str, str]]
    """The signed terms after the ellipsis; the first is the last of the run."""


def _elided(text: str, match: re.Match) -> _Elided | None:
    """The terms around the ellipsis at `match`, where it stands between two operators (`+ \\cdots +`)."""
    start, end = _span_around(text, match.start()), _span_around(text, match.end(), forward=True)
    before_text, after_text = text[start:match.start()].rstrip(), text[match.end():end].lstrip()
    if not before_text or before_text[-1] not in "+-" or not after_text or after_text[0] not in "+-":
        return None
    before, after = _signed_terms(before_text[:-1]), _signed_terms(after_text)
    if not after or not before or not all(t for _, t in before + after):
        return None
    return _Elided(start, end, before_text[-1], before, after)


def _one_ellipsis(text: str, match: re.Match) -> str | None:
    elided = _elided(text, match)
    if elided is None:
        return None
    before = elided.before
    # the run starts at its term with index 1: the last term before the ellipsis, or the one before that
    # (then the last is its term at 2)
    first_at = len(before) - 2 if len(before) >= 2 and _FIRST_INDEX.search(before[-2][1]) else len(before) - 1
    first_sign, first = before[first_at]
    letter = unused_letter(text, "kjlmq") if _FIRST_INDEX.search(first) else None
    if letter is None:
        return None
    template = _FIRST_INDEX.sub("_{" + letter + "}", first)
    if not _run_is_uniform(elided, first_at, template, letter):
        return None
    bound = _last_index(template, letter, elided.after[0][1])
    if bound is None:
        return None
    sign = "-" if first_sign == "-" else "+"
    head = "".join(f" {s} {t}" if k or s == "-" else f" {t}" for k, (s, t) in enumerate(before[:first_at]))
    tail = "".join(f" {s} {t}" for s, t in elided.after[1:])
    summed = f"\\sum_{{{letter}=1}}^{{{bound}}} \\left({template}\\right)"
    joined = (head + (f" {sign} " if head or sign == "-" else " ") + summed + tail).strip()
    return text[:elided.start] + " " + joined + " " + text[elided.end:]


def _run_is_uniform(elided: _Elided, first_at: int, template: str, letter: str) -> bool:
    """Whether the run's terms all have one sign, and its term at 2 (where written) is the template at 2."""
    before = elided.before
    has_second = first_at != len(before) - 1
    signs = {before[first_at][0], elided.sign, elided.after[0][0]} | ({before[-1][0]} if has_second else set())
    if len(signs) != 1:
        return False
    return not has_second or _squash(template.replace("_{" + letter + "}", "_{2}")) == _squash(before[-1][1])


def _last_index(template: str, letter: str, last: str) -> str | None:
    """The index of the run's last term (`K` of `a_K`), where it is the template at one index; else None."""
    pattern = re.escape(_squash(template)).replace(re.escape("_{" + letter + "}"), r"_\{?([A-Za-z0-9]+|\{[^{}]*\})\}?")
    found = re.fullmatch(pattern, _squash(last))
    if found is None or len(set(found.groups())) != 1:
        return None
    return found.group(1).strip("{}")


def _squash(text: str) -> str:
    text = re.sub(r"_\s*([A-Za-z0-9])", r"_{\1}", text)  # `w_na_n` is `w_{n}a_{n}`, as LaTeX reads it
    return re.sub(r"\s+", "", text)
def _span_around(text: str, at: int, forward: bool = False) -> int:
    """Where the expression holding position `at` ends (forward) or starts: the enclosing bracket or a relation."""
    depth = 0
    positions = range(at, len(text)) if forward else range(at - 1, -1, -1)
    for k in positions:
        ch = text[k]
        escaped = k > 0 and text[k - 1] == "\\"
        if ch in (_CLOSE_BRACKETS if forward else _OPEN_BRACKETS) and not escaped:
            if depth == 0:
                return k if forward else k + 1
            depth -= 1
        elif ch in (_OPEN_BRACKETS if forward else _CLOSE_BRACKETS) and not escaped:
            depth += 1
        elif depth == 0 and (ch == "=" or text.startswith("\\right", k) or (not forward and text.startswith("\\left", k))):
            return k if forward else k + (6 if text.startswith("\\left", k) else 1)
    return len(text) if forward else 0


def _signed_terms(text: str) -> list[tuple[str, str]]:
    """The top-level terms of `text` with their signs (`+` for the first unless written)."""
    terms: list[tuple[str, str]] = []
    depth, sign = 0, "+"
    current: list[str] = []
    for k, ch in enumerate(text):
        escaped = k > 0 and text[k - 1] == "\\"
        if ch in _OPEN_BRACKETS and not escaped:
            depth += 1
        elif ch in _CLOSE_BRACKETS and not escaped:
            depth -= 1
        if depth == 0 and ch in "+-" and not (current and current[-1] in "^_"):
            if "".join(current).strip() or terms:
                terms.append((sign, "".join(current).strip()))
            sign, current = ch, []
            continue
        current.append(ch)
    terms.append((sign, "".join(current).strip()))
    return terms
