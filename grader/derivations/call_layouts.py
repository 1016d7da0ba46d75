"""How a step's calls separate their arguments: a condition bar (`P(x_i \\mid \\theta)`) or a comma (`P(x_i, \\theta)`).

The parser reads `P(x_i \\mid \\theta)` and `P(x_i, \\theta)` as the same call of P on (x_i, theta): a reading that
draws an arbitrary function for P (`free_letters`) would then take the conditional probability for the joint one,
and `\\log \\prod_i P(x_i \\mid \\theta) = \\sum_i \\log P(x_i, \\theta)` would pass.  A TA reads two different
functions there.  So a step whose calls with the same number of arguments separate them differently (a bar, `;` or
`\\mid`, in one; a comma in the other) is no identity of one function: the free readings leave it.
"""

from __future__ import annotations

from grader.mathparse.bar_spellings import conditional_bars
from grader.mathparse.errors import MathParseError
from grader.mathparse.tokens import CMD, END, LETTERS, Token, tokenize

#: A separator that states a condition or the parameters (`p(y \\mid x; \\theta)`): one kind, the condition's.
_CONDITION_SEPARATORS = frozenset({";", "\\mid"})


def layouts_agree(sources: tuple[str, ...]) -> bool:
    """Whether every call written in `sources` with the same number of arguments separates them the same way (False
    where a source is missing or cannot be cut into tokens: the layout is then unknown)."""
    seen: dict[int, tuple[str, ...]] = {}
    for source in sources:
        if not source:
            return False
        try:
            tokens = tokenize(conditional_bars(source), True)
        except MathParseError:
            return False
        for layout in _call_layouts(tokens):
            if seen.setdefault(len(layout), layout) != layout:
                return False
    return True


def _call_layouts(tokens: list[Token]) -> list[tuple[str, ...]]:
    """The separators of each call (a bracket right after a name or a brace), in order: `,` or `|` (the condition)."""
    layouts = []
    for at, token in enumerate(tokens):
        if token.is_op("(", "[") and at > 0 and (tokens[at - 1].kind in (LETTERS, CMD) or tokens[at - 1].is_op("}")):
            layout = _separators(tokens, at)
            if layout:
                layouts.append(layout)
    return layouts


def _separators(tokens: list[Token], opening: int) -> tuple[str, ...]:
    """The separators at the top level of the bracket opening at `opening` (a single plain `|` is the condition; a
    pair is an absolute value's)."""
    depth = 0
    found: list[str] = []
    bars = 0
    for token in tokens[opening:]:
        if token.kind == END:
            break
        if token.is_op("(", "[", "{"):
            depth += 1
        elif token.is_op(")", "]", "}"):
            depth -= 1
            if depth == 0:
                break
        elif depth == 1 and token.is_op(","):
            found.append(",")
        elif depth == 1 and (token.is_op(";") or token.is_cmd(*_CONDITION_SEPARATORS)):
            found.append("|")
        elif depth == 1 and token.is_op("|"):
            bars += 1
            found.append("bar")
    if bars != 1:
        found = [s for s in found if s != "bar"]
    return tuple("|" if s == "bar" else s for s in found)
