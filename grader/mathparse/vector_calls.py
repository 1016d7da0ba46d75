r"""The softmax of a whole vector in a vector equation, read by its k-th entry (see `components`).

`\frac{\partial E}{\partial z} = \mathrm{softmax}(z) - Y`: the softmax of the bare family z is the vector
whose k-th entry is `\mathrm{softmax}(z)_k`, which the rewrites write out (`e^{z_k} / \sum_j e^{z_j}`).  The
call is given that index, and the line is read as the equation of its k-th components where the rest of it
allows that reading (a derivative by a bare family, linear in the vectors: `components.read_componentwise`).
Only the softmax is read so (a function the course names); the softmax of an entry (`softmax(z_i)`) or a call
already indexed (`softmax(z)_i`, `softmax(z)[i]`) is left as written.
"""

from __future__ import annotations

import re

from .components import ComponentReading
from .notation import Notation

_VECTOR_SOFTMAX = re.compile(
    r"(?P<call>(?:\\(?:mathrm|operatorname|text|textrm|mathit)\s*\{\s*softmax\s*\}|\\softmax\b|(?<![A-Za-z\\])softmax)\s*"
    r"(?:\\left)?\(\s*(?:\\(?:mathbf|boldsymbol|bm|vec)\s*\{\s*(?P<bold>[A-Za-z])\s*\}|\\(?:mathbf|boldsymbol|bm|vec)\s+"
    r"(?P<spaced>[A-Za-z])|(?P<plain>[A-Za-z]))\s*(?:\\right)?\))(?!\s*[_\[])"  # `softmax(z)_i`, `softmax(z)[i]`: an entry already
)


def softmax_components(src: str, notation: Notation) -> ComponentReading:
    """Each softmax of a bare family the problem knows, given a fresh index of the family's range."""
    if "softmax" not in src:
        return ComponentReading(src, None)
    used = set(re.findall(r"(?<![A-Za-z\\])[A-Za-z](?![A-Za-z])", src))
    index = next((name for name, (start, _) in notation.index_ranges.items() if start == "1" and name not in used), None)
    found = False

    def indexed(match: re.Match) -> str:
        nonlocal found
        vector = match.group("bold") or match.group("spaced") or match.group("plain")
        if notation.indexed.get(vector) != 1:
            return match.group(0)
        found = True
        return f"\\mathrm{{softmax}}({vector})_{{{index}}}"

    if index is None:
        return ComponentReading(src, None)
    text = _VECTOR_SOFTMAX.sub(indexed, src)
    return ComponentReading(text, index) if found else ComponentReading(src, None)
