r"""A hard label stated in prose: "If $k$ is the correct label,", "where $c$ is the true class", "the target class $t$".

Authors who work one sample with a hard label say so in a sentence and then drop the loss's sum:
`E = -\sum_i Y_i \log y_i = -\log y_k`.  A careful TA reads the lines after such a sentence with the labels one-hot
at the letter named.  The prose only names the letter: which family holds the labels is the problem's business, so
the assumption is returned with `HARD_LABEL_FAMILY` in its place (`?_k = 1`), and the derivation resolves it
(`grader.derivations.hard_label_families`).  Plain text: nothing is evaluated.
"""

from __future__ import annotations

import re

__all__ = ["HARD_LABEL_FAMILY", "hard_label_assumption"]

#: The family of the labels, left for the derivation to name.
HARD_LABEL_FAMILY = "?"

_WHAT = r"(?:correct|true|target|right|actual|ground[- ]?truth|gold)\s+(?:label|class|category)"
#: "$k$ is the correct label", "$c$ be the true class", "$t$ denotes the target class", "$k$ 是正确的类别".
_LETTER_FIRST = re.compile(r"\$\s*(?P<letter>[a-z])\s*\$\s*(?:is|be|denotes?|being|represents?)\s+(?:the\s+)?(?:index\s+of\s+the\s+)?" + _WHAT
                           + r"|\$\s*(?P<zh>[a-z])\s*\$\s*(?:是|为)\s*(?:正确|真实|目标)的?\s*(?:标签|类别|类)", re.IGNORECASE)
#: "the correct label is $k$", "the true class $c$", "with target class $t$".
_LETTER_AFTER = re.compile(r"\b" + _WHAT + r"\s*(?:is\s+|=\s*|,?\s*)?\$\s*(?P<letter>[a-z])\s*\$", re.IGNORECASE)


def hard_label_assumption(prose: str) -> str:
    """`?_k = 1` where the prose names the sample's one class by a letter (the last such sentence), else ""."""
    found = [m.group("letter") or m.group("zh") for m in _LETTER_FIRST.finditer(prose[-2000:])]
    found += [m.group("letter") for m in _LETTER_AFTER.finditer(prose[-2000:])]
    letters = set(found)
    return f"{HARD_LABEL_FAMILY}_{letters.pop()} = 1" if len(letters) == 1 else ""
