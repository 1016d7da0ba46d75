"""The author's letter for the variable the problem's prediction is a function of, read from the role it plays.

`\\frac{\\partial \\hat y_i}{\\partial \\theta_j}` (the prediction differentiated with respect to θ) or `s(\\mathbf x)_i`
(the author's prediction written as a function of x), in a problem whose prediction is defined through its logits z
(`y_k = e^{z_k} / \\sum_j e^{z_j}`): a TA reads θ, x as the logits.  The letter is fixed once, from where it
stands (never from whether a step then holds), and used on every line; a wrong step written in it stays wrong.
Only where the problem's prediction is written through exactly one other indexed quantity, the derivation never
writes that quantity's own letter, and exactly one letter of the author's plays the role (one the problem does not
know and the derivation does not define).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import sympy

from grader.derivations.derivative_pieces import ParsedPieces
from grader.derivations.restated_letters import lone_letters
from grader.mathengine.equivalence import Checker
from grader.mathparse import Notation

#: What a derivative's numerator or denominator holds: text with at most one level of braces inside.
_GROUP = r"(?:[^{}]|\{[^{}]*\})*"

#: `\\frac{\\partial \\hat{y}_i}{\\partial \\theta_j}`: a derivative, its numerator and denominator.
_FRACTION = re.compile(rf"\\[dt]?frac\s*\{{\s*\\partial\s*(?P<top>{_GROUP})\}}\s*\{{\s*\\partial\s*(?P<bottom>{_GROUP})\}}")

#: `\\theta_j`, `\\mathbb{\\theta}_i`, `x_{j}`: a letter (perhaps styled) with one index; the letter as written.
_INDEXED_LETTER = re.compile(r"^\s*(?:\\(?:mathbb|mathbf|boldsymbol|bm)\s*\{\s*)?(?P<letter>\\[A-Za-z]+|[A-Za-z])\s*\}?\s*_\s*\{?\s*[A-Za-z0-9]\s*\}?\s*$")

#: `s(\\mathbf x)`, `\\sigma(A)`: a name applied to one (perhaps bold) letter.
_APPLIED = re.compile(r"(?<![A-Za-z\\])(?P<name>\\[A-Za-z]+|[A-Za-z])\s*\(\s*(?:\\(?:mathbf|boldsymbol|bm|vec)\s*\{?\s*)?(?P<letter>\\[A-Za-z]+|[A-Za-z])\s*\}?\s*\)")

#: `\\theta = ...`: a line that defines a letter.
_DEFINED = re.compile(r"^\s*(?:\\(?:mathbb|mathbf|boldsymbol|bm)\s*\{\s*)?(\\?[A-Za-z]+)\s*\}?\s*(?:_\s*(?:\{[^{}]*\}|\w))?\s*(?::=|=)")


def logit_letters(sources: Sequence[Any], notation: Notation, checker: Checker, known_names: set[str],
                  found: Mapping[str, str]) -> dict[str, str]:
    """`{the author's letter: the problem's logits}` where exactly one letter of the author's is the variable the
    prediction is differentiated with respect to or written as a function of; empty otherwise."""
    roles = _prediction_and_logits(checker, notation)
    if roles is None:
        return {}
    prediction, logits = roles
    taken = {**dict(notation.aliases), **dict(found)}
    if logits in taken.values() or logits in lone_letters(sources):
        return {}
    read = ParsedPieces(replace(notation, aliases=taken), getattr(checker, "deadline", None))
    predictions = {name for name, target in taken.items() if target == prediction} | {prediction}
    texts = [" ".join((*getattr(source, "given", ()), source.text)) for source in sources]
    if any(_defines_prediction(text, read, prediction) for text in texts):
        return {}  # the author's own definition of the prediction says what it is written in (`course_letters`)
    letters = set()
    for text in texts:
        if read.expired():
            return {}  # out of time: the lines are judged as written
        letters.update(_variables_of_prediction(text, read, prediction, predictions))
    letter = _one_new_letter(letters, texts, notation, known_names, taken)
    return {letter: logits} if letter is not None else {}


def _defines_prediction(text: str, notation: ParsedPieces, prediction: str) -> bool:
    """Whether the line starts by stating one entry of the prediction equal to something (`y_i = ...`, `\\hat y_i := ...`)."""
    head = re.match(r"^\s*([^=]+?)\s*:?=", text)
    return head is not None and "\\partial" not in head.group(1) and _is_prediction(head.group(1), notation, prediction)


def _one_new_letter(letters: set[str], texts: Sequence[str], notation: Notation, known_names: set[str],
                    taken: Mapping[str, str]) -> str | None:
    """The one letter of `letters`, where it is one the problem does not know, no reading took and no line defines."""
    if len(letters) != 1:
        return None
    letter = next(iter(letters))
    defined = {match.group(1) for text in texts for match in [_DEFINED.match(text)] if match}
    if letter in known_names or letter in taken or letter in notation.functions or letter in notation.index_ranges or _written(letter) in defined:
        return None
    return letter


def _prediction_and_logits(checker: Checker, notation: Notation) -> tuple[str, str] | None:
    """The problem's prediction (an indexed quantity it defines) and the one indexed quantity its definition is
    written through (`y` and `z` of `y_k = e^{z_k} / \\sum_j e^{z_j}`); None where there is not exactly one such pair."""
    pairs = []
    for name, definition in checker.definitions.items():
        if not definition.params or name not in notation.indexed or not isinstance(definition.body, sympy.Basic):
            continue
        bases = {node.base.label.name for node in sympy.preorder_traversal(definition.body) if isinstance(node, sympy.Indexed)}
        bases -= {name}
        if len(bases) == 1 and next(iter(bases)) in notation.indexed:
            pairs.append((name, next(iter(bases))))
    return pairs[0] if len(pairs) == 1 else None


def _variables_of_prediction(text: str, notation: ParsedPieces, prediction: str, predictions: set[str]) -> list[str]:
    """The letters `text` differentiates the prediction with respect to, or writes the author's prediction of."""
    letters = []
    for match in _FRACTION.finditer(text):
        bottom = _INDEXED_LETTER.match(match.group("bottom"))
        if bottom is not None and _is_prediction(match.group("top"), notation, prediction):
            letter = notation.letter(bottom.group("letter"))
            if letter is not None:
                letters.append(letter)
    for match in _APPLIED.finditer(text):
        name = notation.letter(match.group("name"))
        if name is not None and name != prediction and (name in predictions or match.group("name").lstrip("\\") in predictions):
            letter = notation.letter(match.group("letter"))
            if letter is not None:
                letters.append(letter)
    return letters


def _is_prediction(written: str, notation: ParsedPieces, prediction: str) -> bool:
    """Whether `written` reads as one entry of the prediction (`\\hat{y_i}`, `y_k`)."""
    return _is_entry_of(written, notation, prediction)


def _written(letter: str) -> str:
    """How a letter the parser named is written at the head of a line: `theta` as `\\theta`, `x` as `x`."""
    return letter if len(letter) == 1 else "\\" + letter


def prediction_letters(sources: Sequence[Any], notation: Notation, checker: Checker, known_names: set[str],
                       found: Mapping[str, str]) -> dict[str, str]:
    """`{the author's letter: the problem's prediction}` where exactly one letter of the author's is differentiated
    with respect to the problem's logits (`\\frac{\\partial p_j}{\\partial z_i}`: p a function of the logits, the
    prediction's role) and no other reading names the prediction; empty otherwise."""
    roles = _prediction_and_logits(checker, notation)
    if roles is None:
        return {}
    prediction, logits = roles
    taken = {**dict(notation.aliases), **dict(found)}
    hatted = "hat_" + prediction
    if any(target == prediction for name, target in taken.items() if name != hatted) or any(_HATTED.search(source.text) for source in sources):
        return {}  # the prediction is named already (or written hatted: `label_convention`'s)
    read = ParsedPieces(replace(notation, aliases=taken), getattr(checker, "deadline", None))
    plain = ParsedPieces(notation, read.deadline)
    texts = [" ".join((*getattr(source, "given", ()), source.text)) for source in sources]
    letters, middles = set(), set()
    for text in texts:
        if read.expired():
            return {}  # out of time: the lines are judged as written
        letters.update(_differentiated_by(text, read, logits))
        # the chain rule's middle: something is also differentiated with respect to it (`\partial L / \partial p_j`);
        # a letter only differentiated by the logits may be a part the author names (a numerator, a denominator)
        middles.update(_denominators(text, plain))
    letters &= middles
    letter = _one_new_letter(letters, texts, notation, known_names, taken)
    return {letter: prediction} if letter is not None else {}


def _denominators(text: str, notation: ParsedPieces) -> list[str]:
    """The indexed letters `text` differentiates something with respect to (`p` of `\\partial L / \\partial p_j`)."""
    letters = []
    for match in _FRACTION.finditer(text):
        bottom = _INDEXED_LETTER.match(match.group("bottom"))
        letter = notation.letter(bottom.group("letter")) if bottom is not None else None
        if letter is not None:
            letters.append(letter)
    return letters


def _differentiated_by(text: str, notation: ParsedPieces, logits: str) -> list[str]:
    """The indexed letters `text` differentiates with respect to an entry of the problem's logits."""
    letters = []
    for match in _FRACTION.finditer(text):
        top = _INDEXED_LETTER.match(match.group("top"))
        if top is not None and _is_entry_of(match.group("bottom"), notation, logits):
            letter = notation.letter(top.group("letter"))
            if letter is not None:
                letters.append(letter)
    return letters


#: `\\hat y`, `\\widehat{y}`: a hatted letter (the label convention reads those).
_HATTED = re.compile(r"\\(?:widehat|hat)(?![A-Za-z])")


def _is_entry_of(written: str, notation: ParsedPieces, name: str) -> bool:
    """Whether `written` reads as one entry of the problem's quantity `name` (`z_i`), read once per notation."""
    term = notation.term(written)
    return isinstance(term, sympy.Indexed) and term.base.label.name == name
