"""The author's letter for the quantity the problem's start differentiates, read from the restated start.

`\\frac{\\partial L}{\\partial z_i}` in a problem whose start is `\\frac{\\partial E}{\\partial z_i}`: the author
names the loss L and never defines it.  A TA reads L as the problem's loss, from the role it plays (the
quantity differentiated with respect to the problem's own variables), before any step is judged: every line is
then checked against the problem's definition of E, so a wrong step written with L stays wrong.  Only where the
problem has exactly one scalar it defines (its loss), the derivation never writes that name itself, and the
author's letter is one letter (`L`, `J`, `\\ell`, `\\mathcal L`) the problem does not know, the derivation does
not define, never writes as an index or a bound, and the only such letter differentiated.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import sympy

from grader.derivations.derivative_pieces import ParsedPieces
from grader.derivations.label_convention import convention_letters, label_beside
from grader.derivations.logit_letters import logit_letters, prediction_letters
from grader.derivations.restated_letters import lone_letters
from grader.mathengine.equivalence import Checker
from grader.mathparse import Notation
from grader.mathparse.derivative_arguments import derivative_arguments_dropped

#: What a derivative's numerator or denominator holds: text with at most one level of braces inside.
_GROUP = r"(?:[^{}]|\{[^{}]*\})*"

#: `\\frac{\\partial L}{\\partial z_i}`, `\\dfrac{\\partial \\mathcal{L}}{\\partial \\hat{y}_k}`.
_FRACTION = re.compile(rf"\\[dt]?frac\s*\{{\s*\\partial\s*(?P<top>{_GROUP})\}}\s*\{{\s*\\partial\s*(?P<bottom>{_GROUP})\}}")

#: `\\partial L / \\partial z_i`.
_SLASHED = re.compile(r"\\partial\s*(?P<top>\\math(?:cal|scr)\s*\{\s*[A-Za-z]\s*\}|\\ell|[A-Za-z])\s*/\s*\\partial\s*"
                      r"(?P<bottom>(?:\\(?:hat|mathbf|boldsymbol|bm)\s*\{[^{}]*\}|[A-Za-z])(?:\s*_\s*(?:\{[^{}]*\}|[A-Za-z0-9]))?)")


def loss_letters(sources: Sequence[Any], notation: Notation, checker: Checker, known_names: set[str],
                 found: Mapping[str, str]) -> dict[str, str]:
    """`{the author's letter: the problem's loss}` where the derivation differentiates exactly one letter of its own
    with respect to the problem's quantities and nothing else names it; empty otherwise."""
    losses = [name for name in notation.symbols if name in checker.definitions and not checker.definitions[name].params]
    taken = {**dict(notation.aliases), **dict(found)}
    if len(losses) != 1 or losses[0] in taken.values():
        return {}
    loss = losses[0]
    # `\partial J(\theta) / \partial \theta_i` is the derivative of J (`derivative_arguments`)
    texts = [derivative_arguments_dropped(" ".join((*getattr(source, "given", ()), source.text))) for source in sources]
    if any(_writes(text, loss) for text in texts):
        return {}  # the derivation writes the problem's own name: the author's letter is something else
    if not _labels_settled(notation, sources, taken):
        return {}
    pieces, letters = ParsedPieces(notation, getattr(checker, "deadline", None)), set()
    for text in texts:
        if pieces.expired():
            return {}  # out of time: the lines are judged as written
        letters.update(_differentiated(text, pieces))
    letters -= {loss}
    if len(letters) != 1:
        return {}
    letter = next(iter(letters))
    written = _written(letter)
    if (letter in known_names or letter in taken or letter in notation.functions or letter in notation.index_ranges
            or any(_defines(text, written) or _bounds(text, written) for text in texts)):
        return {}
    return {letter: loss}


def _labels_settled(notation: Notation, sources: Sequence[Any], taken: Mapping[str, str]) -> bool:
    """Whether the problem's labels (`Y` beside its prediction `y`) are written, or read from a letter of the author's:
    where they are neither, the author's plain `y` may well be the label (`softmax(z) - y`), and reading the loss would
    judge it as the prediction (a valid line called wrong)."""
    labels = {name for name in notation.indexed if name != name.lower() and name.lower() in notation.indexed}
    written = lone_letters(sources)
    return all(label in written or label in taken.values() for label in labels)


def _differentiated(text: str, pieces: ParsedPieces) -> list[str]:
    """The plain letters `text` differentiates with respect to one of the problem's indexed quantities."""
    letters = []
    for match in (*_FRACTION.finditer(text), *_SLASHED.finditer(text)):
        letter = pieces.letter(match.group("top"))
        if letter is not None and _of_problem(match.group("bottom"), pieces):
            letters.append(letter)
    return letters


def _of_problem(written: str, pieces: ParsedPieces) -> bool:
    """Whether `written` is one of the problem's indexed quantities (`z_i`, `\\hat{y}_k`, `\\mathbf z`), read once."""
    term = pieces.term(written)
    if term is None:
        return False
    name = term.base.label.name if isinstance(term, sympy.Indexed) else getattr(term, "name", None)
    return isinstance(name, str) and name in pieces.notation.indexed


def _written(letter: str) -> str:
    """A letter's pattern as written: `L`, `\\ell`, `\\mathcal{L}` (the parser's `Lcal`)."""
    script = re.fullmatch(r"([A-Za-z])(cal|scr)", letter)
    if script:
        return rf"\\math{script.group(2)}\s*\{{?\s*{script.group(1)}\s*\}}?"
    return re.escape(letter) if len(letter) == 1 else r"\\?" + re.escape(letter)  # `\ell`, or a word (`loss`)


def _writes(text: str, name: str) -> bool:
    return re.search(rf"(?<![A-Za-z\\]){re.escape(name)}(?![A-Za-z])", re.sub(r"\\text\s*\{[^{}]*\}", " ", text)) is not None


def _defines(text: str, written: str) -> bool:
    """`L = ...`, `L(y, \\hat y) := ...`: a line that defines the letter (then it is the author's own)."""
    return re.match(rf"^\s*{written}\s*(?:\([^()]*\))?\s*(?::=|=)", text) is not None


def _bounds(text: str, written: str) -> bool:
    """`\\sum_{k=1}^{L}`, `x_L`: the letter written as an index or a bound."""
    return re.search(rf"[_^]\s*\{{?\s*(?:[^{{}}]*[=,]\s*)?{written}(?![A-Za-z])", text) is not None


def with_loss_and_labels(found: Mapping[str, str], sources: Sequence[Any], notation: Notation, checker: Checker,
                         known_names: set[str]) -> dict[str, str]:
    """`found` (the letters read from the author's definitions and restated givens), with the label convention
    (`label_convention`) and the loss letter of the restated start where those readings left them open."""
    letters = {**found, **convention_letters(sources, notation, known_names, found)}
    letters.update(prediction_letters(sources, notation, checker, known_names, letters))  # `\partial p_j / \partial z_i`: p the prediction
    letters.update(label_beside(sources, notation, letters))  # then the plain y beside p is the label
    letters.update(logit_letters(sources, notation, checker, known_names, letters))
    return {**letters, **loss_letters(sources, replace(notation, aliases={**dict(notation.aliases), **letters}), checker, known_names, letters)}
