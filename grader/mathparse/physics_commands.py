r"""The physics package's shorthands MathJax loads on first use, written out as the commands they draw.

- ``\abs{x}`` is ``\left| x \right|``, ``\norm{x}`` is ``\left\| x \right\|`` (a starred ``\abs*`` alike);
- ``\grad{f}`` is ``\nabla f`` and a bare ``\grad`` is ``\nabla`` (a subscript after it stays: ``\grad_w J``);
- ``\pdv{f}{x}`` is ``\frac{\partial f}{\partial x}``, ``\pdv{x}`` is ``\frac{\partial}{\partial x}``,
  ``\pdv[2]{f}{x}`` is ``\frac{\partial^{2} f}{\partial x^{2}}``; ``\dv`` alike with ``d``.

A mixed derivative ``\pdv{f}{x}{y}`` (three arguments) is left as written: read as a fraction followed by
``{y}`` it would be a product, which it is not; the parser refuses the command instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_COMMAND = re.compile(r"\\(abs|norm|pdv|dv|grad)(?![A-Za-z])\s*\*?")
_ORDER = re.compile(r"\s*\[\s*(\d)\s*\]")
_BARS = {"abs": ("\\left|", "\\right|"), "norm": ("\\left\\|", "\\right\\|")}
_MAX_PASSES = 50


def physics_written_out(text: str, argument: Callable[[str, int], tuple[int, int] | None]) -> str:
    """`text` with `\\abs`, `\\norm`, `\\pdv`, `\\dv`, `\\grad` written out; `argument(text, at)` finds the brace argument
    starting at `at` (its `{` and matching `}`), None where there is none."""
    start = 0
    for _ in range(_MAX_PASSES):
        match = _COMMAND.search(text, start)
        if match is None:
            return text
        written = _written_out(text, match, argument)
        if written is None:
            start = match.end()
            continue
        replacement, end = written
        text = text[: match.start()] + replacement + text[end:]
        start = match.start() + 1
    return text


def _written_out(text: str, match: re.Match, argument: Callable[[str, int], tuple[int, int] | None]) -> tuple[str, int] | None:
    """What the command at `match` draws and where its arguments end; None where they are not as expected."""
    name = match.group(1)
    if name == "grad":  # the argument's braces dropped: `\nabla{J}` would read as the gradient with respect to J
        inner = argument(text, match.end())
        if inner is None:
            return "\\nabla ", match.end()
        return f"\\nabla {text[inner[0] + 1 : inner[1]]} ", inner[1] + 1
    if name in _BARS:
        inner = argument(text, match.end())
        if inner is None:
            return None
        opener, closer = _BARS[name]
        return f"{opener} {text[inner[0] + 1 : inner[1]]} {closer}", inner[1] + 1
    order = _ORDER.match(text, match.end())
    at = order.end() if order else match.end()
    first = argument(text, at)
    if first is None:
        return None
    second = argument(text, first[1] + 1)
    if second is not None and argument(text, second[1] + 1) is not None:
        return None  # `\pdv{f}{x}{y}`: a mixed derivative, not read here
    d = "\\partial" if name == "pdv" else "d"
    power = f"^{{{order.group(1)}}}" if order else ""
    if second is None:  # `\pdv{x}`: the operator
        return f"\\frac{{{d}{power}}}{{{d} {text[first[0] + 1 : first[1]]}{power}}}", first[1] + 1
    function, variable = text[first[0] + 1 : first[1]], text[second[0] + 1 : second[1]]
    return f"\\frac{{{d}{power} {function}}}{{{d} {variable}{power}}}", second[1] + 1
