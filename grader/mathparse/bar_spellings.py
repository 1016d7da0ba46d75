r"""The conditional bar as people spell it: `\vert`, `\lvert`, `\rvert`, `\middle|`, `\big|`, `\bigm\vert`.

`P(Y_i \vert x_i; \theta)`, `p\left(y \middle| x\right)`, `P(y_i \bigm| x_i)`: a renderer draws each as the bar of
`p(y \mid x)`, and a TA reads a conditional probability.  Read as an absolute value, the bar would need a second
one to close it, and the line could not be read.  So, before tokenizing, a bar spelled so is `\mid` where it is
the only bar written at its bracket's level (a bracket that holds one bar holds no absolute value, which takes
two); a bar of a pair (`\lvert x \rvert`, `(\vert a \vert + 1)`) stays as written.  `\middle|` and `\middle\vert`
are always the conditional bar (they stand between a `\left` and a `\right`).  Purely textual: nothing is
evaluated.
"""

from __future__ import annotations

import re

#: A bar at `at`: `\middle|`, a sized bar `\big|`, `\Bigm\vert`, the commands `\vert`, `\lvert`, `\rvert`, or `|`
#: alone (not `||`, nor the norm `\|`).
_BAR = re.compile(r"\\middle\s*(?:\||\\vert(?![A-Za-z]))|\\(?:big|Big|bigg|Bigg)[lrm]?\s*(?:\||\\vert(?![A-Za-z]))"
                  r"|\\[lr]?vert(?![A-Za-z])|(?<![\\|])\|(?!\|)")
_SPELLED = ("\\vert", "\\lvert", "\\rvert", "\\middle", "\\big", "\\Big", "\\bigg", "\\Bigg")
_OPENERS = {"(": ")", "[": "]", "\\{": "\\}"}
_CLOSERS = frozenset(_OPENERS.values())
_TOKEN = re.compile(r"\\\{|\\\}|[(\[)\]]")


def conditional_bars(text: str) -> str:
    """`text` with every bar spelled as above that stands alone in its bracket written `\\mid` (unchanged where
    there is none)."""
    if not any(spelling in text for spelling in _SPELLED):
        return text
    levels: list[list[re.Match]] = [[]]
    alone: list[re.Match] = []
    middles: list[re.Match] = []
    at = 0
    while at < len(text):
        bar = _BAR.match(text, at)
        if bar is not None:
            levels[-1].append(bar)
            middles.extend([bar] if bar.group(0).startswith("\\middle") else [])
            at = bar.end()
            continue
        bracket = _TOKEN.match(text, at)
        if bracket is not None and bracket.group(0) in _OPENERS:
            levels.append([])
        elif bracket is not None and len(levels) > 1:
            closed = levels.pop()
            alone.extend(closed[:1] if len(closed) == 1 else ())
        at = bracket.end() if bracket is not None else at + (2 if text[at] == "\\" else 1)
    chosen = sorted({bar.start(): bar for bar in [*alone, *middles] if bar.group(0) != "|"}.values(), key=lambda bar: bar.start())
    out, at = [], 0
    for bar in chosen:
        if bar.start() < at:
            continue
        out.append(text[at:bar.start()])
        out.append(" \\mid ")
        at = bar.end()
    out.append(text[at:])
    return "".join(out)
