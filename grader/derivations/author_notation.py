"""The author's notation, read before the lines are parsed: digits glued to a letter, the Kronecker delta in
braces, and a derivative operator the author names.

- `x1`, `c1` read as x_1, c_1 where the derivation writes the letter with a digit subscript (`x_1`), defines the
  glued name (`c1 = ...`) or glues two numbers to it (`c1`, `c2`): numbered names, never x times 1;
- `\\delta{ij}` is the Kronecker delta (braces, no underscore: no product of delta, i and j);
- `D_j y_i` written in an `=` chain beside `\\frac{\\partial y_i}{\\partial z_j}` names d/dz_j: every `D_s N_t` of the
  derivation is read as `\\frac{\\partial N_t}{\\partial z_s}`.

Each reading is said on the line's first plainly valid link (`written_readings_noted`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import replace
from typing import Any

from grader.derivations.written_lines import with_text
from grader.results.i18n import define
from grader.results.models import LinkResult, Message

define(
    {
        "author_functions.reading_written": (
            "the author's notation of this derivation: {readings}",
            "本推导中作者的记号：{readings}",
        ),
    }
)

#: A letter with digits glued to it (`x1`, `c12`), not part of a word or a command, nor itself a subscript.
_GLUED = re.compile(r"(?<![A-Za-z\\_^0-9])([A-Za-z])(\d+)(?![\d])")


def glued_letters(texts: Sequence[str]) -> frozenset[str]:
    """The letters whose glued digits read as an index: those the derivation writes with a digit subscript
    (`x_1`, `x_{2}`), whose glued name a line defines (`c1 = ...` at the head of a line), or that it writes
    glued to two different numbers (`c1`, `c2`)."""
    letters: set[str] = set()
    glued: dict[str, set[str]] = {}
    for text in texts:
        letters |= set(re.findall(r"(?<![A-Za-z\\])([A-Za-z])_\{?\d", text))
        head = re.match(r"\s*([A-Za-z])\d+\s*=", text)
        if head:
            letters.add(head.group(1))
        for letter, digits in _GLUED.findall(text):
            glued.setdefault(letter, set()).add(digits)
    # `c1` and `c2` in one derivation: numbered names (nobody writes c times 1 and c times 2)
    return frozenset(letters | {letter for letter, numbers in glued.items() if len(numbers) > 1})


#: `\\delta{ij}`: the Kronecker delta with its two indices in braces and no underscore.
_DELTA_BRACED = re.compile(r"(?<![_^])(\\delta)\s*\{\s*([i-n])\s*,?\s*([i-n])\s*\}")


#: `\\frac{\\partial y_i}{\\partial z_j}`: a derivative of one entry by another (its letters and indices).
_ENTRY_DERIVATIVE = re.compile(r"\\d?frac\s*\{\s*\\partial\s*([A-Za-z])_\{?([a-z])\}?\s*\}\s*\{\s*\\partial\s*([A-Za-z])_\{?([a-z])\}?\s*\}")


def derivative_operators(texts: Sequence[str], known: AbstractSet[str]) -> dict[str, str]:
    """The author's letters for a derivative operator, and the family it differentiates by: `D` and `z` where
    a line's `=` chain writes `D_j y_i` beside `\\frac{\\partial y_i}{\\partial z_j}` (the author naming the
    derivative, `D_j` for d/dz_j).  Not a letter the problem knows."""
    found: dict[str, str] = {}
    for text in texts:
        if re.search(r"\\(?:[lg]eq?|neq|[Rr]ightarrow|implies|iff)|[<>]", text):
            continue
        for match in _ENTRY_DERIVATIVE.finditer(text):
            entry, index, family, by = match.groups()
            named = re.search(rf"(?<![A-Za-z\\])([A-Z])_\{{?{by}\}}?\s*{entry}_\{{?{index}\}}?(?![A-Za-z])", text)
            if named and named.group(1) not in known:
                found[named.group(1)] = family
    return found


#: The author's letters, functions and words (the readings that look at the whole derivation before its first
#: line is checked) are looked for in this many lines at most: a real derivation is far shorter, and a hostile
#: one of 19,000 lines must not spend its time limit before the line loop, which keeps to it, begins.
SCANNED_LINES = 300

def glued_indices_read(sources: Sequence[Any], known: AbstractSet[str] = frozenset()) -> list[Any]:
    """The lines with `x1` written `x_{1}` for the letters `glued_letters` finds, `\\delta{ij}` written
    `\\delta_{ij}` (the author's Kronecker delta, defined by cases or used as such: no product of δ, i and j),
    and the author's derivative operator written out (`D_j y_i` as `\\frac{\\partial y_i}{\\partial z_j}`, see
    `derivative_operators`); every other line as it is."""
    scanned = [source.text for source in sources[:SCANNED_LINES]]
    letters, operators = glued_letters(scanned), derivative_operators(scanned, known)

    def unglued(match: re.Match) -> str:
        return f"{match.group(1)}_{{{match.group(2)}}}" if match.group(1) in letters else match.group(0)

    out = []
    for source in sources:
        text = _DELTA_BRACED.sub(r"\1_{\2\3}", _GLUED.sub(unglued, source.text) if letters else source.text)
        for letter, family in operators.items():
            text = re.sub(_OPERATOR_APPLIED.pattern.replace("([A-Z])", f"({letter})", 1),
                          rf"\\frac{{\\partial \3_{{\4}}}}{{\\partial {family}_{{\2}}}}", text)
        out.append(with_text(source, text))
    return out



def written_readings_noted(original: str, text: str, links: list[LinkResult]) -> list[LinkResult]:
    """A line read with `glued_indices_read`'s readings (`x1` as x_1, `\\delta{ij}` as δ_ij, `D_j y_i` as the
    derivative the author named so), valid: the readings said on its first plainly valid link."""
    said = [f"{m.group(0)} as {m.group(1)}_{m.group(2)}" for m in _GLUED.finditer(original) if f"{m.group(1)}_{{{m.group(2)}}}" in text]
    said += [f"{m.group(0)} as the Kronecker delta" for m in _DELTA_BRACED.finditer(original)]
    said += [f"{m.group(0)} as the derivative the derivation names so" for m in _OPERATOR_APPLIED.finditer(original)
             if f"\\frac{{\\partial {m.group(3)}_{{{m.group(4)}}}}}" in text]
    for at, link in enumerate(links):
        if said and link.valid and (link.reason is None or _case_note(link.reason)):  # the notation read matters more than the case
            note = Message("derivation.reading", {"reading": Message("author_functions.reading_written", {"readings": "; ".join(dict.fromkeys(said))})})
            return [*links[:at], replace(link, reason=note), *links[at + 1:]]
    return links


def _case_note(reason: Message) -> bool:
    """Whether `reason` is only the note of the case a line was read in (`case_headings`): a reading's note takes its place."""
    reading = reason.params.get("reading") if reason.key == "derivation.reading" else None
    return isinstance(reading, Message) and reading.key == "derivation.reading_case"


#: `D_j y_i`, `D_{j}y_{i}`: an operator letter with an index applied to an entry (see `derivative_operators`).
_OPERATOR_APPLIED = re.compile(r"(?<![A-Za-z\\])([A-Z])_\{?([a-z0-9])\}?\s*([A-Za-z])_\{?([a-z0-9])\}?(?![A-Za-z])")
