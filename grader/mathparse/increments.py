r"""An increment written with a capital Delta: `\Delta x`, `\Delta w`, `\Delta\theta` is one quantity.

A TA reads `(x + \Delta x)^2 = x^2 + 2x\Delta x + \Delta x^2` as an identity in two numbers, x and its increment
Δx (and `\Delta x^2` as (Δx)²); the grammar, left alone, reads Δ·x, a product with a letter Δ of its own, and
the identity fails.  So `\Delta` directly before one lowercase letter (Latin, or a Greek command) is written as
the name `\Delta_x`, which the parser reads as one letter (a vector where the line needs one, as any letter the
problem does not know).

Left as written: where the problem itself has a quantity Δ (`H = V \Delta V^T` writes Δ for the diagonal of
eigenvalues, always before a capital), before a letter with a subscript (`\Delta w_i`, another reading), an
index letter of the problem, a function's letter applied to an argument (`\Delta f(x)`), or a longer word.
"""

from __future__ import annotations

import re

from .notation import Notation

#: `\Delta` (not `\Deltax`), optional spaces or a brace, then one lowercase letter or lowercase Greek command,
#: not followed by another letter, a subscript or a prime (a parenthesis after it is looked at: `call`).
_INCREMENT = re.compile(
    r"\\Delta(?![A-Za-z])\s*(?P<open>\{\s*)?(?P<letter>[a-z]|\\(?:alpha|beta|gamma|delta|epsilon|varepsilon|eta|theta|"
    r"lambda|mu|nu|xi|rho|sigma|tau|phi|varphi|chi|psi|omega)(?![A-Za-z]))(?(open)\s*\})(?![A-Za-z_'])(?!\s*_)(?P<call>\s*\()?"
)

#: Letters that name functions when a parenthesis follows (`\Delta f(x)`); any other letter before one is a
#: factor (`\Delta a (2a + \Delta a)`).
_FUNCTION_LETTERS = frozenset("fgh")

#: The names under which a problem could know Δ itself.
_DELTA_NAMES = ("Delta",)


def increments_read(src: str, notation: Notation) -> str:
    """`src` with each increment `\\Delta x` written as the one name `\\Delta_x` (see the module's docstring);
    padded with spaces to the length written where shorter, so that a parse error's column still points into
    the line as written."""
    if "\\Delta" not in src or _knows_delta(notation):
        return src
    indices = set(notation.index_ranges)

    def one(match: re.Match) -> str:
        letter, call = match.group("letter"), match.group("call") or ""
        if letter in indices or (call and (letter in _FUNCTION_LETTERS or letter in notation.functions)):
            return match.group(0)  # `\Delta f(x)`: the change of a function's value, another reading
        return f"\\Delta_{letter}".ljust(len(match.group(0)) - len(call)) + call

    return _INCREMENT.sub(one, src)


def _knows_delta(notation: Notation) -> bool:
    """Whether the problem has a quantity (or an author's letter it reads) named Δ."""
    names = {*notation.symbols, *notation.matrices, *notation.indexed, *notation.functions, *notation.aliases}
    return any(name in names for name in _DELTA_NAMES)
