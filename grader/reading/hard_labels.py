r"""A hard label stated in prose: "If $k$ is the correct label,", "where $c$ is the true class", "the target class $t$".

Authors who work one sample with a hard label say so in a sentence and then drop the loss's sum:
`E = -\sum_i Y_i \log y_i = -\log y_k`.  A careful TA reads the lines after such a sentence with the labels one-hot
at the letter named.  The prose only names the letter: which family holds the labels is the problem's business, so
the assumption is returned with `HARD_LABEL_FAMILY` in its place (`?_k = 1`), and the derivation resolves it
(`grader.derivations.hard_label_families`).  Plain text: nothing is evaluated.

Only a sentence that states the label as the display's assumption is read: its clause runs up to the display (a
comma, a colon, a few words such as "then we get"; no more math, no second clause, no "but"), and nothing in the
sentence negates it ("We do not assume that $k$ is the correct label").  A label named in passing ("If $k$ is the
correct label, the loss is just $-\log y_k$; but here the labels are soft") assumes nothing.  Later prose that
speaks of soft or general labels ends the assumption (`label_assumption_withdrawn`).
"""

from __future__ import annotations

import re

__all__ = ["HARD_LABEL_FAMILY", "hard_label_assumption", "label_assumption_withdrawn"]

#: The family of the labels, left for the derivation to name.
HARD_LABEL_FAMILY = "?"

_WHAT = r"(?:correct|true|target|right|actual|ground[- ]?truth|gold)\s+(?:label|class|category)"
#: "$k$ is the correct label", "$c$ be the true class", "$t$ denotes the target class", "$k$ 是正确的类别".
_LETTER_FIRST = re.compile(r"\$\s*(?P<letter>[a-z])\s*\$\s*(?:is|be|denotes?|being|represents?)\s+(?:the\s+)?(?:index\s+of\s+the\s+)?" + _WHAT
                           + r"|\$\s*(?P<zh>[a-z])\s*\$\s*(?:是|为)\s*(?:正确|真实|目标)的?\s*(?:标签|类别|类)", re.IGNORECASE)
#: "the correct label is $k$", "the true class $c$", "with target class $t$".
_LETTER_AFTER = re.compile(r"\b" + _WHAT + r"\s*(?:is\s+|=\s*|,?\s*)?\$\s*(?P<letter>[a-z])\s*\$", re.IGNORECASE)

#: What may stand between the sentence's clause and the display: a few words without math ("then we get:").
_REST_REACH = 80
#: A sentence ended and another began (`. The`, `; but`), so the clause is not the display's assumption.
_NEXT_SENTENCE = re.compile(r"[.;!?。；！？]\s*\S")
#: A sentence end followed only by a word that leads into the display ("Let $c$ be the true class. Then"): one sentence.
_LEAD_IN = re.compile(r"^\s*[.;]\s*(?:then|so|hence|thus|therefore|and|we\s+(?:get|have|obtain|find))\b", re.IGNORECASE)
#: Where the sentence that holds the clause begins (the end of the one before, or a paragraph break).
_SENTENCE_BREAK = re.compile(r"[.;!?。；！？](?=\s)|\n\s*\n")
#: A negation or a contrast in the sentence: the label is not assumed ("do not assume", "but here", "instead of").
_NOT_ASSUMED = re.compile(r"\b(?:not|no(?!\s+other)|never|nor|neither|without|unless|instead|rather|cannot|but|however|although|though"
                          r"|whereas|suppose\s+not|soft|general)\b|n't|不|非|没|無|无|软", re.IGNORECASE)
#: Prose that speaks of labels that are not one-hot (or of the other case, "Otherwise,"): what a hard label assumed
#: before no longer holds.
_SOFT_LABELS = re.compile(r"\bsoft\b|\botherwise\b|\bin\s+general\b|\bgeneral\s+(?:labels?|targets?|case)\b|\barbitrary\s+(?:labels?|targets?)\b"
                          r"|\bany\s+(?:labels?|targets?|distribution)\b|\bnot\s+(?:a\s+)?one[- ]?hot|软标签|一般(?:情况|地)",
                          re.IGNORECASE)


def hard_label_assumption(prose: str) -> str:
    """`?_k = 1` where the sentence the prose ends with names the sample's one class by a letter, else "".

    `prose` is the text just before the display, its opener (`$$`) left out."""
    tail = prose.rstrip()[-2000:]
    matches = [*_LETTER_FIRST.finditer(tail), *_LETTER_AFTER.finditer(tail)]
    letters = {m.group("letter") or m.group("zh") for m in matches if _assumed_for_the_display(tail, m)}
    return f"{HARD_LABEL_FAMILY}_{letters.pop()} = 1" if len(letters) == 1 else ""


def _assumed_for_the_display(tail: str, match: re.Match) -> bool:
    """The clause runs up to the display, and its sentence neither negates nor contrasts it."""
    rest = _LEAD_IN.sub(" ", tail[match.end():])
    if len(rest) > _REST_REACH or "$" in rest or _NEXT_SENTENCE.search(rest):
        return False
    breaks = [b.end() for b in _SENTENCE_BREAK.finditer(tail, 0, match.start())]
    sentence = tail[(breaks[-1] if breaks else 0) : match.start()] + " " + rest
    return _NOT_ASSUMED.search(sentence) is None


def label_assumption_withdrawn(prose: str) -> bool:
    """Whether the prose before a later display speaks of soft or general labels (a hard label no longer holds)."""
    return _SOFT_LABELS.search(prose[-2000:]) is not None
