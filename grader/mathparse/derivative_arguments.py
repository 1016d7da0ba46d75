"""The quantity differentiated written with what it depends on: `\\frac{\\partial E(\\mathbf z)}{\\partial z_i}`,
`\\frac{\\partial J(\\theta)}{\\partial \\theta_i}`.

A TA reads the argument as a reminder that the loss is a function of the whole vector, and the derivative as the
loss's derivative with respect to one of its entries: `\\frac{\\partial E}{\\partial z_i}`.  Read literally the
numerator is `E` times `z` (an unindexed vector), so the line could not be checked.  Only where the argument is the
one letter the derivative is taken by entry of (written unindexed in the numerator, indexed in the denominator), so
`\\frac{\\partial f(x)}{\\partial x}` (an author's function at a point), `\\frac{\\partial \\sigma(A_i)}{\\partial A_i}` and
`\\frac{\\partial \\log(y_k)}{\\partial z_i}` are left as written.
"""

from __future__ import annotations

import re

#: A bold or blackboard wrapper around a letter: `\\mathbf{z}`, `\\mathbb{\\theta}`, `\\boldsymbol z`.
_STYLE = r"(?:\\(?:mathbf|mathbb|boldsymbol|bm|vec)\s*\{?\s*)?"

#: `\\frac{\\partial J(\\mathbb{\\theta})}{\\partial \\theta_i`: the name, its one argument and the entry's letter.
_DEPENDENCE = re.compile(
    r"(?P<head>\\[dt]?frac\s*\{\s*\\partial\s*(?:\\math(?:cal|scr)\s*\{\s*[A-Za-z]\s*\}|\\ell|[A-Za-z]))"
    rf"\s*\(\s*{_STYLE}(?P<argument>\\[A-Za-z]+|[A-Za-z])\s*\}}?\s*\)"
    rf"(?P<tail>\s*\}}\s*\{{\s*\\partial\s*{_STYLE}(?P=argument)\s*\}}?\s*_)"
)


def derivative_arguments_dropped(text: str) -> str:
    """`text` with the argument of a differentiated name dropped where it is the vector whose entry the derivative
    is taken by (`\\frac{\\partial E(\\mathbf z)}{\\partial z_i}` -> `\\frac{\\partial E}{\\partial z_i}`)."""
    if "\\partial" not in text or "(" not in text:
        return text
    return _DEPENDENCE.sub(lambda match: match.group("head") + match.group("tail"), text)
