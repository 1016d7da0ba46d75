r"""Indicators and Kronecker deltas as people spell them, in the spelling the grammar reads (`grader.mathparse.indicators`).

The indicator "1 where k = i, else 0" is written many ways: `\mathbb{1}[k = i]` and `\mathbf{1}_{i=c}` are read as
they are; the others are written here in one of those spellings before tokenizing, where the condition is one
equation of two index letters (a letter, or a letter with a one-letter subscript, `c_i`):

- the font spelled otherwise: `\mathbb{I}`, `\mathds{1}`, `\mathbbm{1}`, `\mathrm{1}`, `\mathbb 1`, `\unicode{x1D7D9}`,
  `𝟙` (but `\mathbb{I}` alone, without a condition after it, stays: it may be the identity);
- the condition in parentheses, `\mathbb{1}(k = i)`, or in a bracket as the subscript, `\mathbb{1}_{[k = i]}`;
- the Kronecker delta with its condition written, `\delta_{i=k}`, or called, `\delta(i, k)` (two index letters).

Purely textual: nothing is evaluated.
"""

from __future__ import annotations

import re

_LETTER = r"[A-Za-z](?:\s*_\s*\{?\s*[A-Za-z]\s*\}?)?"
_CONDITION = rf"\s*(?P<left>{_LETTER})\s*=\s*(?P<right>{_LETTER})\s*"
#: A font on the 1 (or the I) of an indicator that the grammar does not know.
_ONE = r"(?:\\(?:mathbb|mathds|mathbbm|mathrm|mathbf|boldsymbol|bm)\s*\{\s*[1I]\s*\}|\\(?:mathbb|mathds|mathbbm)\s+[1I](?![A-Za-z0-9])|\\unicode\s*\{\s*x1D7D9\s*\}|𝟙)"
#: The indicator with its condition in brackets, parentheses, braces or as a subscript.
_INDICATOR = re.compile(
    _ONE + r"\s*(?:\[" + _CONDITION + r"\]|\(" + _CONDITION.replace("left", "left2").replace("right", "right2") + r"\)"
    r"|_\s*\{\s*\[" + _CONDITION.replace("left", "left3").replace("right", "right3") + r"\]\s*\}"
    r"|_\s*\{" + _CONDITION.replace("left", "left4").replace("right", "right4") + r"\}"
    r"|\\\{" + _CONDITION.replace("left", "left5").replace("right", "right5") + r"\\\})"
)
_DELTA_WITH_CONDITION = re.compile(r"\\delta\s*_\s*\{\s*([a-z])\s*=\s*([a-z])\s*\}")
_DELTA_CALLED = re.compile(r"\\delta\s*(?:\\left)?\(\s*([a-z])\s*,\s*([a-z])\s*(?:\\right)?\)")


def indicators_spelled(text: str) -> str:
    """`text` with each indicator and Kronecker delta in a spelling the grammar reads; unchanged where there is none."""
    if "1" in text or "I" in text or "𝟙" in text:
        text = _INDICATOR.sub(_indicator, text)
    if "\\delta" in text:
        text = _DELTA_WITH_CONDITION.sub(r"\\delta_{\1\2}", text)
        text = _DELTA_CALLED.sub(r"\\delta_{\1\2}", text)
    return text


#: The spellings the grammar reads as they are (kept, so that the feedback shows the line as written).
_READ_AS_WRITTEN = re.compile(r"\\(?:mathbb|mathbf|boldsymbol|bm)\s*\{\s*1\s*\}\s*(?:\[|\\\{|_\s*\{\s*[^\[\s])")


def _indicator(match: re.Match) -> str:
    if _READ_AS_WRITTEN.match(match.group(0)):
        return match.group(0)
    for suffix in ("", "2", "3", "4", "5"):
        if match.group("left" + suffix) is not None:
            return f"\\mathbb{{1}}[{match.group('left' + suffix)} = {match.group('right' + suffix)}]"
    return match.group(0)
