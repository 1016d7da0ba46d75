r"""Function names typed as letters: `lnL(w, b)`, `logp(y)`, `Pr(y \mid x)`, `\Pr(...)`.

Authors who type fast leave out the backslash and the space: `lnL(w,b) = \sum_i ln \frac{1}{\sqrt{2\pi}\sigma}`.
Read letter by letter, `lnL` is the product l·n·L; a TA reads the log of L, because nothing in the problem or the
line is called l.  So a run of letters that starts with `ln`, `log` or `exp` and goes on with one more
letter is that function applied to the rest, where the run's first letter is not a name the problem or the line
knows (where it is one, `l n L` stays a product: the author's letters are a product there).  The reading is said
in the feedback.  A run that is exactly `ln`, `log` or `exp` is the function already (`primaries`).

The probability operator spelled `\Pr`, `\operatorname{Pr}`, `\mathrm{Pr}`, `\text{Pr}`, or `Pr` before a bracket,
is the P of `P(y \mid x)` (`probability_spelled`, a text rewrite before tokenizing).
"""

from __future__ import annotations

import re

_FUNCTION_WORDS = ("log", "ln", "exp")
_LONGEST_REST = 1
"""Letters after the function word: one (`lnL`, `logp`); a longer run is a word of its own (`logit`)."""

_PROBABILITY = re.compile(
    r"\\Pr(?![A-Za-z])|\\(?:operatorname|mathrm|text|textrm)\s*\{\s*Pr\s*\}|(?<![A-Za-z\\{])Pr(?=\s*(?:\\left\s*)?[(\[]|\s*\\\{)")


def glued_function(run: str, names: set[str]) -> str | None:
    """The function word a run of letters starts with, where the run reads as that function of the rest (see
    the module's docstring); None where it does not."""
    for word in _FUNCTION_WORDS:
        rest = run[len(word):]
        if run.startswith(word) and 0 < len(rest) <= _LONGEST_REST:
            if run in names or word[0] in names or word in names:
                return None
            return word
    return None


def probability_spelled(text: str) -> str:
    """`text` with `\\Pr`, `\\operatorname{Pr}`, `Pr(` written as `P` (unchanged where none occurs)."""
    if "Pr" not in text:
        return text
    return _PROBABILITY.sub("P", text)
