"""The author's letters for the parameter and the data of a MAP derivation, read from their role in the
probabilities they write: the letter whose density the author writes alone (`P(x) = \\frac{1}{2b} e^{-|x|/b}`,
the prior) or maximizes over (`\\arg\\max_\\theta`) is the problem's parameter, the other letter of a conditional
with it (`P(y | x)`, `p(x | y)`) the problem's data; a capital `P` is the problem's probability `p`.

A TA reads `P(y | x) \\propto P(x | y) P(x)` with x the weights and y the data whatever the letters are called;
the roles come from how the probabilities are written, never from whether a step then holds, so a wrong step (the
conditionals swapped, a dropped 1/b) is checked in the problem's letters and charged as it is there.  Read only
where the problem has a probability function `p`, one parameter its functions take and one data name, and where
the author's two letters are one each and unknown to the problem."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from grader.mathparse import Notation
from grader.results.i18n import define

define(
    {
        "bayes_letters.read": (
            ("Your letters are read by their role in the probabilities you write, on every line ({letters}): the "
            "letter whose prior you write (or that you maximize over) is the parameter, the other letter of a "
            "conditional with it the data."),
            "你的字母按其在所写概率中的作用理解，每一行都如此（{letters}）：写出其先验（或对其求最大）的字母是参数，与之构成条件概率的另一个字母是数据。",
        ),
    }
)

#: A letter as an argument: `x`, `\\theta`, `\\mathbf{w}` (its name without the style).
_ARG = r"(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*)?(\\[A-Za-z]+|[A-Za-z])\s*\}?"

#: `P(x) =`: the author's density of one letter, at the start of a line (the prior as they state it).
_DENSITY = re.compile(rf"^\s*[Pp]\s*(?:\\left\s*)?\(\s*{_ARG}\s*(?:\\right\s*)?\)\s*=")

#: `\\arg\\max_\\theta`, `\\arg \\min_{w}`: the letter maximized or minimized over.
_ARGOPT = re.compile(rf"\\arg\s*\\?(?:max|min)\s*_\s*\{{?\s*{_ARG}\s*\}}?")

#: `P(y | x)`, `p(\\theta \\mid \\mathcal D)`: a conditional probability of one letter given one letter.
_CONDITIONAL = re.compile(rf"(?<![A-Za-z\\])[Pp]\s*(?:\\left\s*)?\(\s*(?:\\,\s*)*{_ARG}\s*(?:\\,\s*)*(?:\||\\mid|\\vert)\s*(?:\\,\s*)*{_ARG}\s*(?:\\,\s*)*(?:\\right\s*)?\)")

#: A capital P called (`P(`), the author's name for the problem's probability.
_CAPITAL_P = re.compile(r"(?<![A-Za-z\\])P\s*(?:\\left\s*)?\(")


def _name(written: str) -> str:
    return written.lstrip("\\")


@dataclass(frozen=True)
class BayesReading:
    """The author's parameter and data letters, and whether they write the probability as `P`."""

    letters: Mapping[str, str]
    """The author's letter as written (`x`, `\\theta`) -> the problem's (`w`, `\\mathcal{D}`)."""

    capital: bool
    """Whether `P(` is read as the problem's `p(`."""

    def rewritten(self, text: str) -> str:
        """`text` in the problem's letters (words and styled names kept)."""
        parts = _WORDS.split(text)
        return "".join(part if k % 2 else self._read(part) for k, part in enumerate(parts))

    def _read(self, text: str) -> str:
        if self.letters:
            alternatives = "|".join(re.escape(letter) for letter in sorted(self.letters, key=len, reverse=True))
            # `\\theta_{MAP}`: the author's name for the estimate (a word below), not the parameter itself
            text = re.sub(rf"(?<![A-Za-z\\])(?:{alternatives})(?![A-Za-z])(?!\s*_\s*\{{?\s*[A-Za-z]{{2,}})", lambda m: self.letters[m.group(0)], text)
        return _CAPITAL_P.sub(lambda m: "p" + m.group(0)[1:], text) if self.capital else text

    def used(self, text: str) -> list[str]:
        """How the letters `text` writes were read (`x → w`), for the feedback."""
        words_out = _WORDS.sub(" ", text)
        notes = [f"{letter} → {target}" for letter, target in self.letters.items()
                 if re.search(rf"(?<![A-Za-z\\]){re.escape(letter)}(?![A-Za-z])", words_out)]
        return notes + (["P → p"] if self.capital and _CAPITAL_P.search(words_out) else [])


#: Words and styled names: not the author's letters (`\\text{data}`, `\\mathcal{D}`).
_WORDS = re.compile(r"(\\(?:text|mathrm|operatorname|mathcal)\s*\{[^{}]*\})")


def bayes_reading(sources: Sequence[Any], notation: Notation, known: set[str]) -> BayesReading | None:
    """The author's parameter and data letters (and `P`) as the problem's; None where the problem or the derivation
    does not give them one reading each, or where the author writes the problem's own."""
    parameters = {args[0] for args in notation.functions.values() if len(args) == 1}
    if "p" not in notation.functions or len(parameters) != 1 or len(notation.symbols) != 1:
        return None
    texts = [source.text for source in sources]
    capital = "P" not in notation.functions and any(_CAPITAL_P.search(_WORDS.sub(" ", text)) for text in texts)
    own = _own_letters(texts, known)
    if len(own) > 1 or (not own and not capital):
        return None
    letters = _parameter_and_data(own.pop(), parameters.pop(), notation.symbols[0], texts, known) if own else {}
    capital = capital and _conditionals_read(texts, letters, known)
    return BayesReading(letters, capital) if letters or capital else None


def _own_letters(texts: list[str], known: set[str]) -> set[str]:
    """The letters, unknown to the problem, whose density the author writes alone or that they maximize over."""
    own = {m.group(1) for text in texts for pattern in (_DENSITY, _ARGOPT) for m in pattern.finditer(text)}
    return {letter for letter in own if _name(letter) not in known}


def _conditionals_read(texts: list[str], letters: dict[str, str], known: set[str]) -> bool:
    """Whether every conditional the author writes is between letters read as the problem's (only then is their
    `P(` the problem's p)."""
    read = {*letters, *(letter for letter in known if len(letter) == 1), *("\\" + name for name in known)}
    return all(m.group(1) in read and m.group(2) in read for text in texts for m in _CONDITIONAL.finditer(text))


def _parameter_and_data(letter: str, parameter: str, data: str, texts: list[str], known: set[str]) -> dict[str, str]:
    """The author's parameter letter as the problem's, and the other letter of its conditionals as the data, where
    there is one and it is never written with an index (`x_i` is the author's sample, not the data set)."""
    letters = {letter: parameter}
    others = {m.group(2) if m.group(1) == letter else m.group(1) for text in texts for m in _CONDITIONAL.finditer(text)
              if letter in (m.group(1), m.group(2))}
    others = {other for other in others if _name(other) not in known and other != letter}
    if len(others) == 1 and not any(re.search(rf"(?<![A-Za-z\\]){re.escape(o)}\s*[_^]", text) for o in others for text in texts):
        styled = re.fullmatch(r"([A-Za-z])cal", data)  # `\\mathcal{D}` as parsed
        letters[others.pop()] = rf"\mathcal{{{styled.group(1)}}}" if styled else data
    return letters
