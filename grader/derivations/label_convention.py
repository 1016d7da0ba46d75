"""The author's letters for the prediction and the label where nothing before the result names them.

Many authors write the model's prediction `\\hat y_k` and the label `y_k` side by side, where the course writes the
prediction y and the label Y.  The problem reads `\\hat y` as its prediction already (an alias of its notation), so
the author's plain y was read as the prediction too: every expression mixing the two was read in the prediction
alone, so a line in which the label and the prediction were confused held as well as the right one, and a right
answer written so was wrong.  A TA fixes the letters from what the derivation says before its result (a restated loss
`L = -\\sum_k y_k \\log \\hat y_k`, the author's definitions: readings of their own, `restated_givens`,
`course_letters`), and where nothing does, takes the convention every reader of such a derivation takes: the
hatted letter is the prediction, the plain one the label.  The reading is fixed once, from how the letters are
written, never from whether a step then holds; the feedback says it was the convention.  It is refused where the
derivation also writes the problem's own label letter, defines the plain letter itself, takes the logarithm
of the plain letter (a label inside `\\log` is a prediction's role: the letters mean something else there), or
where the prose before the lines names the hatted letter the label or the plain one the prediction ("$\\hat y$
denotes the true label": `grader.reading.named_letters`): the author said otherwise, and the convention gives way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from grader.mathparse import Notation
from grader.reading.named_letters import LABEL, PREDICTION
from grader.results.i18n import define
from grader.results.models import Message

define(
    {
        "derivation.reading_label_convention": (
            ("\\hat {plain} as the prediction {prediction} and the plain {plain} as the label {label}: the usual convention, "
             "taken because the derivation writes both and no line before its result says otherwise"),
            "\\hat {plain} 读作预测 {prediction}，不带帽的 {plain} 读作标签 {label}：推导同时写了二者，且结果之前没有哪一行另作说明，故按通常的约定理解",
        ),
        "derivation.reading_letters_and_convention": ("{letters}; {convention}", "{letters}；{convention}"),
    }
)

#: `\\hat`, `\\widehat`: the decoration that marks the author's prediction.
_HAT = re.compile(r"\\(?:widehat|hat)(?![A-Za-z])\s*")

#: What a hat covers: `y`, `y_i`, `\\mathbf{y}`, `\\boldsymbol y` (the letter, perhaps bold, perhaps indexed).
_COVERED = r"^\s*(?:\\(?:mathbf|boldsymbol|bm)\s*\{{?\s*)?{letter}\s*\}}?\s*(?:_.*)?$"

#: `\\text{...}`, `\\mathrm{...}`, `\\operatorname{...}`: words, whose letters are no one's quantity.
_WORDS = re.compile(r"\\(?:text|mathrm|operatorname)\s*\{[^{}]*\}")


def convention_letters(sources: Sequence[Any], notation: Notation, known_names: set[str],
                       found: Mapping[str, str]) -> dict[str, str]:
    """`{plain letter: the problem's label, hatted name: the problem's prediction}` where the derivation writes the
    prediction hatted and the label plain and no earlier reading (the problem's notation with the author's
    definitions, `found`) names either; empty otherwise."""
    for hatted, prediction in notation.aliases.items():
        letter = hatted.removeprefix("hat_")
        label = prediction.upper()
        if (hatted == letter or letter != prediction or label == prediction or label not in notation.indexed
                or notation.indexed.get(label) != notation.indexed.get(prediction)):
            continue  # only the problem's `\\hat y` for its prediction y, beside its label Y of the same shape
        taken = {**dict(notation.aliases), **dict(found)}
        if letter in taken or label in taken.values() or any(target == prediction for name, target in taken.items() if name != hatted):
            continue  # an earlier reading already named the author's label or prediction
        texts = [_texts_of(source) for source in sources]
        if _reads_by_convention(texts, letter, label) and not _named_otherwise(sources, letter):
            return {letter: label, hatted: prediction}
    return {}


def convention_pairs(found: Mapping[str, str]) -> dict[str, str]:
    """The pairs of `found` the convention gave (`y → Y` with `hat_y → y`), for the feedback; empty where none."""
    for hatted, prediction in found.items():
        letter = hatted.removeprefix("hat_")
        if hatted != letter and letter == prediction and found.get(letter) == prediction.upper():
            return {letter: found[letter], hatted: prediction}
    return {}


def _named_otherwise(sources: Sequence[Any], letter: str) -> bool:
    """Whether the prose before the lines names the hatted letter the label or the plain one the prediction."""
    contrary = {("hat_" + letter, LABEL), (letter, PREDICTION)}
    return any(named in contrary for source in sources for named in getattr(source, "named", ()))


def _texts_of(source: Any) -> str:
    """A line's math and the equations its prose states before it."""
    return " ".join((*getattr(source, "given", ()), source.text))


def _reads_by_convention(texts: Sequence[str], letter: str, label: str) -> bool:
    """Whether the lines write the letter hatted and plain, never the label letter, never define the plain letter,
    and never take its logarithm."""
    return any(_covers(text, letter) for text in texts) and _plain_label(texts, letter, label)


def _plain_label(texts: Sequence[str], letter: str, label: str) -> bool:
    """Whether the lines write the letter plain (hats aside), never the label letter, never define the plain letter,
    and never take its logarithm."""
    plain = [_without_hats(text) for text in texts]
    if not any(_lone(text, letter) for text in plain) or any(_lone(text, label) for text in plain):
        return False
    defined = re.compile(rf"^\s*(?:\\(?:mathbf|boldsymbol|bm)\s*\{{?\s*)?{letter}\s*\}}?\s*(?:_\s*(?:\{{[^{{}}]*\}}|\w))?\s*(?::=|=)")
    logged = re.compile(rf"\\(?:log|ln)\s*(?:\\left\s*)?[({{\[]?\s*(?:\\(?:mathbf|boldsymbol|bm)\s*\{{?\s*)?{letter}(?![A-Za-z])")
    return not any(defined.match(text) or logged.search(text) for text in plain)


def _hat_groups(text: str) -> list[tuple[int, int, str]]:
    """Each hat of `text`: (where it starts, where what it covers ends, what it covers)."""
    groups = []
    for match in _HAT.finditer(text):
        start = match.end()
        if start < len(text) and text[start] == "{":
            depth = 0
            for end in range(start, len(text)):
                depth += {"{": 1, "}": -1}.get(text[end], 0)
                if depth == 0:
                    groups.append((match.start(), end + 1, text[start + 1:end]))
                    break
        else:
            token = re.match(r"\\[A-Za-z]+\s*(?:\{[^{}]*\}|[A-Za-z])?|[A-Za-z]", text[start:])
            if token is not None:
                groups.append((match.start(), start + token.end(), token.group(0)))
    return groups


def _covers(text: str, letter: str) -> bool:
    """Whether `text` writes `letter` under a hat (`\\hat{y}_k`, `\\hat{y_i}`, `\\hat{\\mathbf y}`)."""
    covered = re.compile(_COVERED.format(letter=re.escape(letter)))
    return any(covered.match(inside) for _start, _end, inside in _hat_groups(text))


def _without_hats(text: str) -> str:
    """`text` with every hat and what it covers taken out (the letters left are written plain)."""
    for start, end, _inside in reversed(_hat_groups(text)):
        text = text[:start] + " " + text[end:]
    return _WORDS.sub(" ", text)


def _lone(text: str, letter: str) -> bool:
    """Whether `text` writes `letter` as a letter of its own (not in a command's name, not in a word)."""
    return re.search(rf"(?<![A-Za-z\\]){re.escape(letter)}(?![A-Za-z])", text) is not None


def convention_reading(found: Mapping[str, str], letters: Message | None) -> Message | None:
    """What the feedback says of the convention's reading (after the other letters read by role, `letters`);
    None where `found` holds no pair the convention gave."""
    pairs = convention_pairs(found)
    if not pairs:
        return None
    plain = next(letter for letter in pairs if not letter.startswith("hat_"))
    convention = Message("derivation.reading_label_convention", {"plain": plain, "prediction": pairs["hat_" + plain], "label": pairs[plain]})
    return convention if letters is None else Message("derivation.reading_letters_and_convention", {"letters": letters, "convention": convention})


def label_beside(sources: Sequence[Any], notation: Notation, found: Mapping[str, str]) -> dict[str, str]:
    """`{plain letter: the problem's label}` where the author's own letter was read as the prediction (`p` for y)
    and the derivation writes the problem's prediction letter plain besides: one letter per quantity, so that y is
    the label, as everyone who writes p and y means it.  Refused on the same grounds as the hatted convention."""
    for hatted, prediction in notation.aliases.items():
        letter, label = hatted.removeprefix("hat_"), prediction.upper()
        if hatted == letter or letter != prediction or label not in notation.indexed or letter in found:
            continue
        authors = [name for name, target in found.items() if target == prediction and name != hatted]
        if len(authors) != 1 or label in found.values():
            continue
        texts = [_texts_of(source) for source in sources]
        if (any(_lone(_without_hats(text), authors[0]) for text in texts) and _plain_label(texts, letter, label)
                and not _named_otherwise(sources, letter)):
            return {letter: label}
    return {}
