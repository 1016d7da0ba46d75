"""A weight drawn from a uniform distribution with stated bounds, read as the variance it claims.

Glorot's derivation ends with ``w \\sim U\\left[-\\frac{\\sqrt 6}{\\sqrt{n_{in} + n_{out}}},
\\frac{\\sqrt 6}{\\sqrt{n_{in} + n_{out}}}\\right]``: a TA checks it as the claim ``\\mathrm{Var}(w) = (b -
a)^2 / 12``, the variance of U(a, b), against the variance derived before.  Read so only

- where the problem has a variance (``Var`` is one of its functions) and the weight is the problem's
  (``w``, ``w_j``: the author's ``W`` has no variance the checker knows, so the line stays a remark), and
- where the bounds are written in the problem's own names and numbers (``U(-r, r)`` with the author's r
  is an assumption a TA does not check: it stays a remark).
"""

from __future__ import annotations

import re

from .notation import Notation

_UNIFORM = re.compile(
    r"^\s*(?P<name>[A-Za-z](?:_\{?[A-Za-z0-9]+\}?)?)\s*\\sim\s*(?:\\mathcal\s*\{\s*U\s*\}|\\mathcal\s+U|U)\s*(?:\\!|\\,|\\;)?\s*"
    r"(?P<open>\\left\s*[(\[]|[(\[])(?P<body>.*)(?P<close>\\right\s*[)\]]|[)\]])\s*[.,]?\s*$",
    re.DOTALL,
)
_SPACING = re.compile(r"\\[,;!:]|\\quad|\\qquad")
#: what a bound may be written with, besides the problem's names: numbers, operators, roots and fractions
_BOUND_COMMANDS = frozenset({"\\frac", "\\dfrac", "\\tfrac", "\\sqrt", "\\left", "\\right", "\\cdot"})


def uniform_variance(src: str, notation: Notation) -> str | None:
    """`X \\sim U(a, b)` as `\\mathrm{Var}(X) = \\frac{((b) - (a))^{2}}{12}`, where the module's conditions hold;
    None otherwise."""
    if "\\sim" not in src or "Var" not in notation.functions:
        return None
    match = _UNIFORM.match(src)
    if match is None or match.group("name").split("_")[0] not in notation.indexed:
        return None
    bounds = _top_level_split(_SPACING.sub(" ", match.group("body")))
    if len(bounds) != 2 or not all(_in_problem_terms(b, notation) for b in bounds):
        return None
    low, high = bounds
    return rf"\mathrm{{Var}}({match.group('name')}) = \frac{{(({high}) - ({low}))^{{2}}}}{{12}}"


def _top_level_split(body: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for at, ch in enumerate(body):
        if ch in "({[":
            depth += 1
        elif ch in ")}]":
            depth -= 1
            if depth < 0:
                return []
        elif ch == "," and depth == 0:
            parts.append(body[start:at].strip())
            start = at + 1
    parts.append(body[start:].strip())
    return parts if all(parts) else []


def _in_problem_terms(bound: str, notation: Notation) -> bool:
    """Whether a bound uses only numbers, arithmetic and the problem's multi-letter names (n_in, n_out)."""
    text = bound
    for name in sorted(notation.symbols, key=len, reverse=True):
        head, _, tail = name.partition("_")
        if tail:
            text = re.sub(rf"{re.escape(head)}_\{{?\s*(?:\\text\{{|\\mathrm\{{)?{re.escape(tail)}\}}?\s*\}}?", " ", text)
        else:
            text = re.sub(rf"(?<![A-Za-z\\]){re.escape(name)}(?![A-Za-z])", " ", text)
    if any(cmd not in _BOUND_COMMANDS for cmd in re.findall(r"\\[A-Za-z]+", text)):
        return False
    return not re.search(r"[A-Za-z]", re.sub(r"\\[A-Za-z]+", " ", text))
