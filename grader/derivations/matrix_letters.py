r"""A matrix letter a chain introduces in its last side: `x = P(A + cI)^{-1}B P^T b = P D P^T b`.

Authors name the middle of a matrix product by writing the product again with a new capital letter in its place:
from then on D is what stood there on the side before, and a later line states its entries (`D_{ii} = ...`).  A TA
reads the last equality as the letter's definition: the two sides are written alike around it (the same factors
before and after), so the letter is what stands between them on the side before.

The line that introduces the letter is a definition, not a step that can be wrong (its last link holds by
construction, the feedback says what the letter was read as); the lines after it are checked with the letter's
value, so a wrong entry of it is charged.  Only a single capital letter nobody has defined and the problem does not
know, standing alone between factors written the same on both sides (braces aside), where what it replaces reads as
a square matrix of the problem's.  The scalar case is `chain_letters`'.
"""

from __future__ import annotations

import re
from dataclasses import replace

import sympy

from grader.derivations.defined_shapes import with_defined_shapes
from grader.derivations.definitions import record_definition
from grader.derivations.line_state import LineChain, LineState, Reading
from grader.mathparse import MathParseError, parse_expression
from grader.results.i18n import define
from grader.results.models import LinkResult, Message

__all__ = ["matrix_letter_defined"]

define(
    {
        "matrix_letters.defined": (
            ("Reads the matrix {letter} from this equality: both sides are written alike around it, so {letter} is "
             "{value}; the lines after it are checked with that value."),
            "由此等式读出矩阵 {letter}：两边在它前后写法相同，所以 {letter} 是 {value}；之后各行按此值检查。",
        ),
    }
)

_TOKEN = re.compile(r"\\[A-Za-z]+|\S")
MAX_TOKENS = 200
"""Longest side compared (a product of a few matrices is short)."""


def matrix_letter_defined(reading: Reading, state: LineState, line: LineChain) -> LinkResult | None:
    """The note of a matrix letter the line's last side introduces, recorded as the author's definition; None where
    none."""
    if len(line.chain) < 2 or line.relations[-1] != "=" or (len(line.chain) < 3 and line.lead != "="):
        return None
    before, last = line.chain[-2], line.chain[-1]
    if not isinstance(before.expr, sympy.MatrixExpr):
        return None
    # braces are grouping only (`V^T` and `V^{T}` are the same factor): compared without them
    split = _middles([m.span() for m in _TOKEN.finditer(before.source) if m.group(0) not in "{}"], before.source,
                     [token for token in _TOKEN.findall(last.source) if token not in "{}"])
    if split is None:
        return None
    value_text, letter = split
    notation = reading.line_notation
    known = set(reading.known_names) | state.names_taken() | set(notation.matrices) | set(notation.aliases) | {notation.identity}
    if not re.fullmatch(r"[A-Z]", letter) or letter in known:
        return None
    try:
        value = parse_expression(value_text, notation)
    except MathParseError:
        return None
    if not isinstance(value, sympy.MatrixExpr) or value.shape[0] != value.shape[1] or value.shape == (1, 1):
        return None
    record_definition(letter, sympy.Symbol(letter), value, state.definitions, state.argopt_names, reading.notation)
    try:
        reread = parse_expression(last.source, with_defined_shapes(notation, state.definitions))
    except MathParseError:
        del state.definitions[letter]
        return None
    line.chain[-1] = replace(last, expr=reread)  # the letter as the matrix it is, where it stands in the product
    line.current = line.current.with_definitions(state.definitions)
    return LinkResult(before.source, "=", last.source, True,
                      Message("matrix_letters.defined", {"letter": letter, "value": value_text}))


def _middles(spans: list[tuple[int, int]], source: str, last: list[str]) -> tuple[str, str] | None:
    """What stands between the tokens the two sides share at their start and their end: (the side before's middle as
    written, the last side's middle), where the last side's middle is one token and the side before's is more;
    `spans` are where the side before's tokens stand in its `source`."""
    before = [source[a:b] for a, b in spans]
    if not before or not last or len(before) > MAX_TOKENS or len(last) > MAX_TOKENS:
        return None
    start = 0
    while start < min(len(before), len(last)) and before[start] == last[start]:
        start += 1
    end = 0
    while end < min(len(before), len(last)) - start and before[-1 - end] == last[-1 - end]:
        end += 1
    middle_last = last[start:len(last) - end]
    if len(middle_last) != 1 or len(before) - end - start < 2:
        return None
    return source[spans[start][0]:spans[len(before) - end - 1][1]], middle_last[0]
