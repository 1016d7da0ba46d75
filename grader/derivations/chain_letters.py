r"""A letter a chain introduces in its last side: `y_k = \frac{e^{z_k}}{\sum_j e^{z_j}} = \frac{e^{z_k}}{Z}`.

Authors name a part of an expression by writing it with a new letter at the end of a chain: from then on Z is the
normaliser.  A TA reads the last equality as the letter's definition: the side before it is known, and the letter
appears once in the last side, as a term, a factor or a divisor, so the equality says what the letter is.  The
letter is solved for by peeling the last side one layer at a time (a sum's other terms subtracted, a product's
other factors divided out, a reciprocal inverted): a bounded step on the tree as written, never SymPy's `solve`.

The line that introduces the letter is a definition, not a step that can be wrong: its last link holds by
construction, and the feedback says what the letter was read as.  The lines after it are checked with the letter's
value, so a later line that contradicts it (a wrong derivative of Z, a sign slip in log Z) is charged.  Only a
plain letter nobody has defined, that the problem does not know, that no earlier side of the chain writes, and
only where the side before is free of names nobody defined (the letter's value must be one the lines can use).
"""

from __future__ import annotations

from typing import Any

import sympy

from grader.derivations.definitions import record_definition
from grader.derivations.line_state import LineChain, LineState, Reading
from grader.derivations.matrix_letters import matrix_letter_defined
from grader.mathengine.names import names_in
from grader.results.i18n import define
from grader.results.models import LinkResult, Message

define(
    {
        "chain_letters.defined": (
            ("Reads {letter} from this equality ({value} = {side}): the letter this line introduces in its last side is "
             "what makes the two sides equal, and the lines after it are checked with that value."),
            "由此等式（{value} = {side}）读出 {letter}：此行最后一边引入的字母取使两边相等的值，之后各行按此值检查。",
        ),
    }
)

#: How many layers of the last side are peeled to reach the letter (a sum in a fraction in a product: three).
_MAX_LAYERS = 6


def chain_letter_defined(reading: Reading, state: LineState, line: LineChain) -> LinkResult | None:
    """The note of a letter the line's last side introduces, recorded as the author's definition; None where none."""
    if not _introduces(line):
        return matrix_letter_defined(reading, state, line)  # `= V D V^T w^*`: a matrix letter in a product
    last, before = line.chain[-1].expr, line.chain[-2].expr
    notation = reading.line_notation
    known = set(reading.known_names) | state.names_taken() | set(notation.index_ranges) | set(notation.functions) | set(notation.aliases)
    new = [symbol for symbol in last.free_symbols if isinstance(symbol, sympy.Symbol) and symbol.name not in known]
    if len(new) != 1 or not names_in(before) <= known or any(new[0] in term.expr.free_symbols for term in line.chain[:-1]
                                                             if isinstance(term.expr, sympy.Basic)):
        return None
    letter = new[0]
    if sum(1 for node in sympy.preorder_traversal(last) if node == letter) != 1:
        return None
    value = _solved(last, letter, before, 0)
    counts = {sympy.Symbol(str(upper)) for _, upper in notation.index_ranges.values()}
    if value is None or letter in value.free_symbols or not _part_of(value, before, counts):
        return None
    record_definition(letter.name, letter, value, state.definitions, state.argopt_names, reading.notation)
    line.current = line.current.with_definitions(state.definitions)
    return LinkResult(line.chain[-2].source, "=", line.chain[-1].source, True,
                      Message("chain_letters.defined", {"letter": letter.name, "value": line.chain[-2].source, "side": line.chain[-1].source}))


def _introduces(line: LineChain) -> bool:
    """Whether the line is a chain of equalities of scalars that can introduce a letter at its end: two links or more
    (`y_k = A = B`), or a continued side (`= B`).  A single `HEAD = A + \\lambda B` states HEAD (or the author's
    formula with a parameter), it names no part of anything."""
    if len(line.chain) < 2 or any(relation != "=" for relation in line.relations):
        return False
    if len(line.chain) < 3 and line.lead != "=":
        return False
    sides = [term.expr for term in line.chain[-2:]]
    return all(isinstance(side, sympy.Basic) and not side.has(sympy.MatrixSymbol) and not isinstance(side, sympy.MatrixExpr)
               and not any(isinstance(node, sympy.MatrixExpr) for node in sympy.preorder_traversal(side)) for side in sides)


def _part_of(value: Any, before: Any, counts: set[sympy.Symbol]) -> bool:
    """Whether the letter's value is a part of the side before (`\\sum_j e^{z_j}` of the softmax's fraction), or that
    side itself up to a number or a count of the problem (the mean over n): a name given to what is written."""
    if any(node == value for node in sympy.preorder_traversal(before)):
        return True
    ratio = value / before
    return isinstance(ratio, sympy.Basic) and ratio.free_symbols <= counts and ratio != 0


def _solved(side: Any, letter: sympy.Symbol, value: Any, depth: int) -> Any:
    """What `letter` is where `side = value`, peeling `side` down to the letter; None where a layer is not a sum, a
    product or a reciprocal (the letter inside a function, a power or a sum's body is not solved for)."""
    if side == letter:
        return value
    if depth >= _MAX_LAYERS:
        return None
    holding = [arg for arg in side.args if letter in getattr(arg, "free_symbols", ())]
    if len(holding) != 1:
        return None
    part = holding[0]
    rest = [arg for arg in side.args if arg is not part]
    if isinstance(side, sympy.Add):
        return _solved(part, letter, value - sympy.Add(*rest), depth + 1)
    if isinstance(side, sympy.Mul):
        return _solved(part, letter, value / sympy.Mul(*rest), depth + 1)
    if isinstance(side, sympy.Pow) and side.exp == -1 and part is side.base:
        return _solved(part, letter, 1 / value, depth + 1)
    return None
