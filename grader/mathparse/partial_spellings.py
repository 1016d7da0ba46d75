r"""The partial derivative's ∂ typed as another Greek letter: `\frac{\delta E}{\delta z_i}`, `\frac{\theta{y_i}}{\theta{z_j}}`.

Authors who cannot find `\partial` type the letter that looks like it: δ (as in "δE/δz" of backprop notes) or θ.
Read as written, `\frac{\delta E}{\delta z_i}` is the quotient of the products δ·E and δ·z_i, which cancels to
E / z_i, and a valid gradient is called wrong.  A TA reads the derivative.  So a fraction whose numerator and
denominator both begin with the same `\delta` or `\theta`, the denominator being that letter and one variable (a
letter or a Greek letter, with one subscript), is the derivative `\frac{\partial ...}{\partial ...}`, where that
letter is nothing the problem names (no θ of the problem's parameters, no δ with an index such as Kronecker's
δ_ij on the line) and the line uses it nowhere else (`\delta = \frac{\delta a}{\delta b}`, `\frac{\delta a\,\delta b}{...}`:
a letter the line uses as a quantity is that quantity in the fraction too).  The reading is said in the feedback.
Purely textual: nothing is evaluated.
"""

from __future__ import annotations

import re

from .notation import Notation

_LETTER = r"\\(?P<letter>delta|theta)(?![A-Za-z])"
_VARIABLE = r"(?:\\[A-Za-z]+|[A-Za-z])(?:\s*_\s*(?:\{[^{}]*\}|[A-Za-z0-9]))?"
#: `\frac{\delta E}{\delta z_i}`, `\frac{\theta{y_i}}{\theta{z_i}}`, `\frac{\delta}{\delta w}`: the numerator's
#: letter, what follows it there (no brace groups deeper than one), and the denominator's one variable.
_SPELLED_FRACTION = re.compile(
    r"\\frac\s*\{\s*" + _LETTER + r"\s*(?P<top>(?:[^{}]|\{[^{}]*\})*)\}\s*\{\s*\\(?P=letter)(?![A-Za-z])\s*"
    r"(?P<bottom>\{\s*" + _VARIABLE + r"\s*\}|" + _VARIABLE + r")\s*\}")
#: Any fraction of that shape, whatever its denominator (`\frac{\theta L}{\theta \hat{y}}`): the letter there is the
#: author's ∂ too, not a use of it as a quantity.
_SHAPED_FRACTION = re.compile(
    r"\\frac\s*\{\s*" + _LETTER + r"(?:[^{}]|\{[^{}]*\})*\}\s*\{\s*\\(?P=letter)(?![A-Za-z])(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}")
_NAMED = {"delta": ("delta",), "theta": ("theta",)}


def partials_spelled(src: str, notation: Notation) -> str:
    """`src` with each fraction spelled so written with `\\partial` (unchanged where there is none, or where the
    letter is one the problem or the line names)."""
    if "\\frac" not in src or ("\\delta" not in src and "\\theta" not in src):
        return src
    return _SPELLED_FRACTION.sub(lambda m: _derivative(m, src, notation), src)


def _derivative(match: re.Match, src: str, notation: Notation) -> str:
    letter = match.group("letter")
    if _named(letter, src, notation) or re.search(r"\\" + letter + r"(?![A-Za-z])", match.group("top")):
        return match.group(0)
    return f"\\frac{{\\partial {match.group('top')}}}{{\\partial {match.group('bottom')}}}"


def _named(letter: str, src: str, notation: Notation) -> bool:
    """Whether the problem names the letter (a parameter of its functions, a symbol, an indexed name), the line
    gives it an index (`\\delta_{ij}`), or the line uses it outside the fractions so spelled."""
    names = {*notation.symbols, *notation.indexed, *(arg for args in notation.functions.values() for arg in args)}
    if letter in names or re.search(r"\\" + letter + r"\s*_", src) is not None:
        return True
    return re.search(r"\\" + letter + r"(?![A-Za-z])", _SHAPED_FRACTION.sub(" ", src)) is not None
