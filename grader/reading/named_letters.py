"""The letters the prose before a display block names as the label or the prediction.

"Here $\\hat y$ denotes the true label and $y$ the predicted probabilities", "其中 $\\hat y$ 为真实标签": the author
says which letter is which.  A reading that takes a convention for the letters (the hatted one the prediction, the
plain one the label) must give way to such a sentence.  What is read: a lone letter in inline math (perhaps hatted,
bold, indexed) and the words of the same sentence that go with it: those after it ("$y$ the prediction"), or, where
the sentence opens with its role words ("the label $\\hat y$ and the prediction $y$"), those before it.  A letter
whose words name both roles, or none, is not named.
"""

from __future__ import annotations

import re

__all__ = ["LABEL", "PREDICTION", "named_letters"]

LABEL = "label"
PREDICTION = "prediction"

#: Words that name the label, and words that name the prediction (English and Chinese).
_ROLE_WORDS = {
    LABEL: re.compile(r"\b(?:labels?|targets?|true|one[- ]?hot|ground[- ]?truth)\b|标签|真实|真值", re.IGNORECASE),
    PREDICTION: re.compile(r"\b(?:predict\w*|outputs?|softmax|probabilit\w*)\b|预测|输出", re.IGNORECASE),
}

#: Inline math of the prose (`$...$`, not `$$`), captured so that a split keeps it.
_INLINE_MATH = re.compile(r"((?<![$\\])\$(?!\$)[^$\n]{1,120}?\$)")

#: Where a sentence of the prose ends.
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|[。；;！？]|\n\s*\n")

#: A lone letter once its styles and braces are taken out: perhaps hatted, then the letter (Latin or Greek).
_LONE_LETTER = re.compile(r"(?P<hat>\\(?:widehat|hat)(?![A-Za-z])\s*)?(?P<letter>[A-Za-z]|\\[A-Za-z]+)")

MAX_NAMED = 20  # letters named by a section's prose (a long essay is bounded)


def named_letters(prose: str) -> tuple[tuple[str, str], ...]:
    """`(name, role)` for each lone letter the prose names the label or the prediction: `("hat_y", "label")`,
    `("y", "prediction")` (a hatted letter's name is `hat_` and the letter's, as the parser names it)."""
    tail = prose[-2000:]
    if "$" not in tail or not any(pattern.search(tail) for pattern in _ROLE_WORDS.values()):
        return ()  # no inline letter, or no role word at all: the common case, kept cheap (a block per section)
    named: list[tuple[str, str]] = []
    for sentence in _sentences(tail):
        texts, maths = sentence[0::2], sentence[1::2]
        words_before = _role(texts[0]) is not None  # "the label $\hat y$ and ...": each letter's words come first
        for index, math in enumerate(maths):
            name = _letter_name(math)
            role = _role(texts[index] if words_before else texts[index + 1])
            if name is not None and role is not None:
                named.append((name, role))
    return tuple(named[:MAX_NAMED])


def _sentences(prose: str) -> list[list[str]]:
    """The prose cut into sentences, each alternating text and inline math (text first and last)."""
    sentences: list[list[str]] = [[""]]
    for index, piece in enumerate(_INLINE_MATH.split(prose)):
        if index % 2:
            sentences[-1] += [piece.strip("$"), ""]
            continue
        parts = _SENTENCE_END.split(piece)
        sentences[-1][-1] += parts[0]
        sentences.extend([part] for part in parts[1:])
    return sentences


def _role(words: str) -> str | None:
    """The one role the words name; None where they name none or both."""
    roles = [role for role, pattern in _ROLE_WORDS.items() if pattern.search(words)]
    return roles[0] if len(roles) == 1 else None


def _letter_name(math: str) -> str | None:
    """`hat_y` of `\\hat{y}_i`, `y` of `\\mathbf{y}`, `theta` of `\\theta`; None where the math is not a lone letter."""
    bare = re.sub(r"\\(?:mathbf|boldsymbol|bm|vec|mathrm)(?![A-Za-z])|[{}]", " ", math)
    bare = re.sub(r"[_^].*$", "", bare).strip()
    lone = _LONE_LETTER.fullmatch(bare)
    if lone is None or lone.group("letter") in ("\\hat", "\\widehat"):
        return None
    letter = lone.group("letter").lstrip("\\")
    return "hat_" + letter if lone.group("hat") else letter
