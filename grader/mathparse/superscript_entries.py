r"""An entry's index written above its family, as some authors do: `y^i` for y_i, `(e^z)^i` for e^{z_i}.

A family the problem indexes once (the outputs y, the logits z) has no power of its own: written bare, it is
the whole vector.  So where such a family carries an index letter of the problem as its exponent (`Y^i`,
`y^{j}`), a careful TA reads the entry at that index, not a power; and `(e^z)^i`, the exponential of the
bare logits with an index letter above, is the entry `e^{z_i}`.

A number above (`y^1`, `(e^z)^2`) is read as an entry only where the author's convention says so
(`Notation.entries_above`, set by the derivation where one of its lines writes an entry above with an index
letter, as a definition `y^i = \frac{(e^z)^i}{\sum_j (e^z)^j}` does): elsewhere `y^2` stays what it was (a
power, or the family asked for its index).  A name with a subscript (`y_i^2`, `(y_i)^2`), a family the problem
indexes twice, a letter that is no index of the problem (`x^T`, `w^*`) and a name inside a script
(`\sum_i^N`) keep their reading.  The text is rewritten (no evaluation), before the parser reads it.

Kronecker's delta with its two indices braced but the underscore left out, `\delta{ij}`, is `\delta_{ij}`
(only two index letters of the problem: `\delta{x}` stays a product).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from .notation import Notation

#: `y^i`, `Y^{j}`, `y^1`: a one-letter name, not part of a command or a script, with one character above
#: (after a one-character script, `\sum_i^Ny^i`, the name starts anew, as TeX reads it).
_NAME_ABOVE = re.compile(
    r"(?:(?<=[\^_][A-Za-z0-9])|(?<![A-Za-z\\_^]))(?<!\^\{)(?<!_\{)(?P<name>[A-Za-z])\s*\^\s*(?:\{\s*(?P<braced>[A-Za-z0-9])\s*\}|(?P<plain>[A-Za-z0-9]))"
    r"(?![A-Za-z0-9_'])(?!\s*_)"
)
#: `(e^z)^i`, `(e^{z})^1`: the exponential of a bare family, with one character above.
_EXPONENTIAL_ABOVE = re.compile(
    r"\(\s*e\s*\^\s*(?:\{\s*(?P<family>[A-Za-z])\s*\}|(?P<plain_family>[A-Za-z]))\s*\)\s*\^\s*"
    r"(?:\{\s*(?P<braced>[A-Za-z0-9])\s*\}|(?P<plain>[A-Za-z0-9]))(?![A-Za-z0-9_'])"
)

#: `\delta{ij}`: Kronecker's delta, the underscore before its braced indices left out.
_DELTA_BRACED = re.compile(r"\\delta\s*\{\s*([a-z])\s*,?\s*([a-z])\s*\}")


def entries_written_above(src: str, notation: Notation) -> tuple[str, bool]:
    """`src` with each entry written above rewritten as a subscript, and whether any was."""
    if "\\delta" in src:
        src = _DELTA_BRACED.sub(lambda m: _delta(m, notation), src)
    if "^" not in src or not notation.indexed:
        return src, False
    found = False

    def entry(family: str, above: str, written: str) -> str:
        nonlocal found
        if not _is_entry(family, above, notation):
            return written
        found = True
        return f"{family}_{{{above}}}"

    def exponential(match: re.Match) -> str:
        family = match.group("family") or match.group("plain_family")
        above = match.group("braced") or match.group("plain")
        rewritten = entry(family, above, "")
        return f"e^{{{rewritten}}}" if rewritten else match.group(0)

    text = _EXPONENTIAL_ABOVE.sub(exponential, src)
    text = _NAME_ABOVE.sub(lambda m: entry(m.group("name"), m.group("braced") or m.group("plain"), m.group(0)), text)
    return text, found


def writes_entries_above(src: str, notation: Notation) -> bool:
    """Whether a line writes an entry's index above with an index letter (`y^i`, `(e^z)^i`): the author's
    convention, which makes their numbered `y^1` entries too."""
    if "^" not in src:
        return False
    letters_only = Notation(indexed=notation.indexed, index_ranges=notation.index_ranges, aliases=notation.aliases)
    return entries_written_above(src, letters_only)[1]


def with_entries_above(notation: Notation, texts: Iterable[str]) -> Notation:
    """`notation` under the author's convention of entries written above, where one of `texts` writes one:
    numbered entries (`y^1`) are read too, and a letter of the author's that the derivation writes with an
    index letter above (`s^i` for their softmax) is a family of theirs, indexed once, as the problem's are."""
    texts = list(texts)
    if notation.entries_above or not any(writes_entries_above(text, notation) for text in texts):
        return notation
    taken = {*notation.indexed, *notation.aliases, *notation.symbols, *notation.functions, *notation.matrices,
             *notation.index_ranges, *(end for _, end in notation.index_ranges.values()), "e"}
    authors = {m.group("name") for text in texts for m in _NAME_ABOVE.finditer(text)
               if m.group("name") not in taken and (m.group("braced") or m.group("plain")) in notation.index_ranges}
    return replace(notation, entries_above=True, indexed={**notation.indexed, **dict.fromkeys(sorted(authors), 1)})


def _delta(match: re.Match, notation: Notation) -> str:
    first, second = match.groups()
    if first in notation.index_ranges and second in notation.index_ranges:
        return f"\\delta_{{{first}{second}}}"
    return match.group(0)


def _is_entry(family: str, above: str, notation: Notation) -> bool:
    """Whether `family` is a family the problem indexes once and `above` an index letter of the problem (or,
    under the author's convention, a class number)."""
    target = notation.aliases.get(family, family)
    if notation.indexed.get(target) != 1:
        return False
    if above.isdigit():
        return notation.entries_above and above != "0"
    return above in notation.index_ranges
