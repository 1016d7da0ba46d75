"""The author's spellings of the variance operator: `V_{ar}(W)`, `\\mathrm{V}ar(w)`, `\\mathrm{V}\\mathrm{ar}(w)`.

A TA reads a V with "ar" set beside it, as a subscript or in another font, applied to an argument, as Var where
the problem has the variance operator: read as a new name of the author's, `V_{ar}(W) = ...` would define it,
and a wrong value given to the variance would pass as a definition.  Nowhere else (a problem without the
operator may well have a quantity V with an index).
"""

from __future__ import annotations

import re

from .notation import Notation

#: V and "ar" written apart (a subscript `V_{ar}`, `V_{\\mathrm{ar}}`; a roman V `\\mathrm{V}ar`, `\\mathrm{V}\\text{ar}`),
#: then the argument's parenthesis; not a longer word (`V_{area}`) nor a decorated V (`\\hat V_{ar}`: another name).
#: (`Var` itself, plain letters, is the operator already and stays as written.)
_ROMAN = r"\\(?:mathrm|operatorname|text|textrm)\s*\{\s*"
_VARIANCE_SPELLED = re.compile(
    rf"(?<![A-Za-z\\{{])(?:{_ROMAN}V\s*\}}\s*(?:{_ROMAN}ar\s*\}}|ar)|(?:{_ROMAN}V\s*\}}|V)\s*{_ROMAN}ar\s*\}}"
    rf"|(?:{_ROMAN}V\s*\}}|V)\s*_\s*\{{\s*(?:{_ROMAN})?ar\s*\}}?\s*\}})"
    r"(?=\s*(?:\\left\s*)?\()"
)


def operator_spelled(src: str, notation: Notation, padded: bool = True) -> str:
    """`src` with the author's spellings of Var written `Var` where the problem has the operator; `padded`: with
    spaces to the spelling's length, so that a parse error's column still points into the line as written
    (else `\\mathrm{Var}`, for a line shown to the student as read)."""
    if "Var" not in notation.functions or "ar" not in src:
        return src
    return _VARIANCE_SPELLED.sub(lambda match: match.group(0) if _DECORATED.search(src, 0, match.start())
                                 else "Var".ljust(len(match.group(0))) if padded else r"\mathrm{Var}", src)


#: A decoration just before (`\\hat V_{ar}`, `\\tilde{V}`): the author's own decorated name, not the operator.
_DECORATED = re.compile(r"\\(?:hat|tilde|bar|widehat|widetilde|overline|vec|dot|check|mathbf|boldsymbol|mathcal)\s*\{?\s*$")
