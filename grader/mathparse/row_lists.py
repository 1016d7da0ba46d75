r"""A vector written as a list with ellipses, read as its generic component (see `components`).

People write a gradient as the list of its entries: ``[y_1, y_2, \cdots, y_n]``, and where one entry
differs from the rest, that entry set apart between two ellipses: ``[0, 0, \cdots, -\frac{1}{y_j}, \cdots,
0]`` or ``[y_1, y_2, \cdots, y_j - 1, \cdots, y_n]`` (the true class j of one-hot labels).  A TA reads the
list as its k-th entry: the generic entry at k, and the entry set apart where k = j, that is
``T_k + \delta_{kj} (S - T_j)``.  The list is read so only where that is clear:

- square brackets holding at least three entries and one ellipsis, or two ellipses around exactly one
  entry set apart; not after a name (``E[...]`` is an expectation, ``f[...]`` a call);
- the entries before the first ellipsis are the generic entry at 1, 2, ..., and those after the last are
  it at the end (the list's last index), checked on the parsed entries, never assumed from the shape;
  a generic entry written with no index (``0``) is the same everywhere;
- the entry set apart is written with exactly one index of the problem (its place, ``j``), and the
  generic index is a fresh letter of that index's range.

Anything else is left as written (and the parser names its error there).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import sympy

from .components import ComponentReading
from .notation import Notation

_LIST = re.compile(r"(?:\\left\s*)?\[(?P<body>[^\[\]]*)(?:\\right\s*)?\]")
_ELLIPSIS = re.compile(r"^(?:\\[lc]?dots[bc]?|\.{3}|…)$")
_SCRIPT_LETTER = re.compile(r"_\s*\{?\s*([A-Za-z])\s*\}?(?![A-Za-z])")
_SCRIPT_ONE = re.compile(r"_\s*\{?\s*1\s*\}?(?![0-9])")


def generic_rows(src: str, notation: Notation, read: Callable[[str], object]) -> ComponentReading:
    """Each list with ellipses, as its k-th entry, where its written entries check out (see the module)."""
    if "[" not in src or not any(mark in src for mark in ("dots", "...", "…")):
        return ComponentReading(src, None)
    index: str | None = None
    set_apart = False
    pieces: list[str] = []
    last = 0
    for match in _LIST.finditer(src):
        entries = [entry.strip() for entry in _top_level_commas(match.group("body"))]
        if not any(_ELLIPSIS.match(entry) for entry in entries) or _after_a_name(src[: match.start()]):
            continue  # a list written out in full, or `E[...]`, `f[...]`: left as written
        component = _generic_entry(entries, notation, read, src, index)
        if component is None:
            return ComponentReading(src, None)
        text, index, apart = component
        set_apart = set_apart or apart
        pieces += [src[last : match.start()], " \\left(", text, "\\right)"]
        last = match.end()
    if index is None:
        return ComponentReading(src, None)
    return ComponentReading("".join(pieces) + src[last:], index, set_apart)


def _after_a_name(before: str) -> bool:
    """Whether the bracket follows a name or a script (`\\mathbb{E}[`, `f [`, `x_i^2[`): then it is no list."""
    tail = before.rstrip()
    return bool(tail) and (tail[-1].isalnum() or tail[-1] in "}]_^")


def _top_level_commas(body: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in body:
        depth += (ch in "({") - (ch in ")}")
        if ch == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _generic_entry(entries: list[str], notation: Notation, read, line: str, index: str | None):
    """(the list's k-th entry as text, k, whether an entry is set apart), or None where the list is not that clear."""
    marks = [at for at, entry in enumerate(entries) if _ELLIPSIS.match(entry)]
    if len(entries) < 3 or len(marks) > 2 or marks[0] == 0 or marks[-1] == len(entries) - 1:
        return None
    before, after = entries[: marks[0]], entries[marks[-1] + 1 :]
    special = entries[marks[0] + 1 : marks[1]] if len(marks) == 2 else []
    if len(marks) == 2 and len(special) != 1:
        return None
    place = _place_of(special[0], notation) if special else None
    if special and place is None:
        return None
    letter = index or _fresh_index(notation, line, place)
    if letter is None:
        return None
    template = _template(before, after, letter)
    if template is None or not _entries_check_out(template, (before, after), letter, notation, read):
        return None
    if not special:
        return template, letter, False
    try:
        if read(special[0]) is None:
            return None
    except Exception:  # an entry we cannot read: the list stays as written
        return None
    # where k = j, the entry set apart: written at k (the delta is 0 elsewhere), so no family keeps the index j
    at_k = re.sub(r"_\s*(?:\{\s*" + str(place) + r"\s*\}|" + str(place) + r"(?![A-Za-z]))", "_{" + letter + "}", special[0])
    return f"{template} + \\delta_{{{letter}{place}}} \\left({at_k} - \\left({template}\\right)\\right)", letter, True


def _place_of(special: str, notation: Notation) -> str | None:
    """The one index letter the entry set apart is written with, where it is an index of the problem."""
    letters = set(_SCRIPT_LETTER.findall(special))
    if len(letters) != 1:
        return None
    (place,) = letters
    return place if place in notation.index_ranges else None


def _fresh_index(notation: Notation, line: str, place: str | None) -> str | None:
    """An index of the problem the line does not use, running over the range of `place` where there is one."""
    used = set(re.findall(r"(?<![A-Za-z\\])[A-Za-z](?![A-Za-z])", line))
    wanted = notation.index_ranges.get(place) if place else None
    for name, limits in notation.index_ranges.items():
        if name not in used and (wanted is None or limits == wanted) and limits[0] == "1":
            return name
    return None


def _template(before: list[str], after: list[str], letter: str) -> str | None:
    """The generic entry: the first written entry with its index 1 as the letter; or a constant written
    the same in every place (``0``)."""
    written = before + after
    if all(_squash(entry) == _squash(written[0]) for entry in written) and not _SCRIPT_LETTER.search(written[0]):
        return written[0]
    if not _SCRIPT_ONE.search(before[0]):
        return None
    return _SCRIPT_ONE.sub("_{" + letter + "}", before[0])


def _entries_check_out(template: str, written: tuple[list[str], list[str]], letter: str, notation: Notation,
                       read) -> bool:
    """Whether each written entry is the template at its place: 1, 2, ... before the ellipsis; after it, at
    the list's last index (the one letter of its last entry), less one per entry before that."""
    before, after = written
    if "_{" + letter + "}" not in template:
        return all(_squash(entry) == _squash(template) for entry in before + after)
    ends = set(_SCRIPT_LETTER.findall(after[-1]))
    if len(ends) != 1:
        return False
    (end,) = ends
    range_ends = {last for _, last in notation.index_ranges.values()}
    if end not in range_ends and (end in notation.index_ranges or end in notation.indexed or end in notation.symbols
                                  or end in notation.functions):
        return False  # `[y_1, \\dots, y_i]` ends at a place, not at the list's length
    expected = [(entry, str(at + 1)) for at, entry in enumerate(before)]
    expected += [(entry, end if at == len(after) - 1 else f"{end} - {len(after) - 1 - at}") for at, entry in enumerate(after)]
    try:
        pairs = [(read(entry), read(_at(template, letter, place))) for entry, place in expected]
    except Exception:  # an entry we cannot read: the list stays as written
        return False
    return all(isinstance(a, sympy.Basic) and isinstance(b, sympy.Basic) and sympy.expand(a - b) == 0 for a, b in pairs)


def _at(template: str, letter: str, place: str) -> str:
    return template.replace("_{" + letter + "}", "_{" + place + "}")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)
