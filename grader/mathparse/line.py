"""The public entry points: read a line or an expression, letting out nothing but MathParseError."""

from __future__ import annotations

import dataclasses
import logging

import sympy

from .applied_letters import as_functions
from .components import generic_columns, read_componentwise
from .distributions import uniform_variance
from .errors import MathParseError, snippet_at
from .increments import increments_read
from .letter_shapes import reshaped
from .nodes import ParsedLine
from .notation import Limits, Notation
from .operator_spellings import operator_spelled
from .parser import Parser
from .partial_spellings import partials_spelled
from .rewrites import rewrite
from .row_lists import generic_rows
from .row_vectors import row_vector_line
from .superscript_entries import entries_written_above
from .vector_calls import softmax_components

LOG = logging.getLogger("grader.mathparse")

_OPENERS = frozenset("([{")
_CLOSERS = frozenset(")]}")


def parse_line(src: str, notation: Notation = Notation(), limits: Limits = Limits()) -> ParsedLine:
    """Read a chain ``e1 REL e2 REL ...`` (possibly starting with a relation); a vector equation over one of
    the problem's indices is read as the equation of its k-th components (see `components`)."""
    src = increments_read(operator_spelled(src, notation), notation) if isinstance(src, str) else src  # `V_{ar}(W)`: Var; `\Delta x`: one letter
    spelled = _partials_spelled_read(src, notation, limits)  # `\frac{\delta E}{\delta z_i}`: ∂ typed as δ
    if spelled is not None:
        return spelled
    claim = uniform_variance(src, notation) if isinstance(src, str) and len(src) <= limits.max_length else None
    if claim is not None:
        try:
            parsed = _parsed_line(claim, notation, limits)
            return dataclasses.replace(parsed, readings=(*parsed.readings, "uniform_variance"))
        except MathParseError:
            pass  # the line as written: a `\sim` statement, a remark
    columns = None
    if isinstance(src, str) and len(src) <= limits.max_length:
        # `\nabla_{\mathbf p} f = \frac{\mathbf t}{\mathbf p}`: whole vectors, read entry by entry
        rows = _row_vectors(src, notation, limits)
        if rows is not None:
            return rows
        columns = generic_columns(src, notation, lambda text: parse_expression(text, notation, limits))
        if columns.index is None:  # `[y_1, y_2, \cdots, y_j - 1, \cdots, y_n]`: a list of the entries
            columns = generic_rows(src, notation, lambda text: parse_expression(text, notation, limits))
        if columns.index is None:  # `\mathrm{softmax}(z) - Y`: the softmax of the whole vector
            columns = softmax_components(src, notation)
    if columns is not None and columns.index is not None:
        by_component: ParsedLine | None
        try:
            by_component = read_componentwise(_parsed_line(columns.text, notation, limits), notation, columns.index)
        except MathParseError:
            by_component = None  # the line as written names its own error
        if by_component is not None and "componentwise" in by_component.readings:
            by_component = _sides_as_written(src, by_component)
            if columns.set_apart:
                by_component = dataclasses.replace(by_component, readings=("entry_set_apart", *by_component.readings))
            return by_component
    parsed = read_componentwise(_parsed_line(src, notation, limits), notation, None)
    # `y^i` read as y_i: the sides quoted as the student wrote them
    return _sides_as_written(src, parsed) if entries_written_above(src, notation)[0] != src else parsed


def _row_vectors(src: str, notation: Notation, limits: Limits) -> ParsedLine | None:
    """The line read in whole vectors (`row_vectors`), None where it is not; a fault of that reading is logged
    for staff and the line read as before (the student never sees it)."""
    try:
        return row_vector_line(src, notation, lambda text: parse_expression(text, notation, limits))
    except MathParseError:
        raise
    except Exception:  # a SymPy surprise or a recursion: the parser's own reading instead
        LOG.warning("row-vector reading failed on %r", src[:300], exc_info=True)
        return None


def _sides_as_written(src: str, parsed: ParsedLine) -> ParsedLine:
    """`parsed`, read from a rewritten text (a column or list as its k-th entry), with its sides' sources as
    the student wrote them, so feedback quotes the student's math; kept as read where the sides cannot be
    told apart in the written text (a relation other than `=`, an `=` the split does not find)."""
    if set(parsed.relations) - {"="} or parsed.leading_relation not in (None, "="):
        return parsed
    pieces, depth, start = [], 0, 0
    for at, ch in enumerate(src):
        depth += (ch in _OPENERS) - (ch in _CLOSERS)
        if ch == "=" and depth == 0:
            pieces.append(src[start:at].strip())
            start = at + 1
    pieces.append(src[start:].strip())
    if parsed.leading_relation is not None and pieces and not pieces[0]:
        pieces = pieces[1:]
    if len(pieces) != len(parsed.terms) or not all(pieces):
        return parsed
    return dataclasses.replace(parsed, term_sources=tuple(pieces))


def _parsed_line(src: str, notation: Notation, limits: Limits) -> ParsedLine:
    first = Parser.__new__(Parser)
    try:
        return _line_read(src, notation, limits, first)
    except MathParseError as error:
        # `J(w^* + u) = ...`: the author's letters for vectors, taken for numbers; read again in the shape needed
        guesses: list[str] = getattr(first, "scalar_guesses", [])
        shaped = reshaped(error, guesses, notation, lambda trial: _line_read(src, trial, limits, Parser.__new__(Parser)))
        # `+ \alpha \Omega(\theta)`: a letter the problem does not know, applied to an argument, as the author's function
        shaped = shaped or as_functions(error, src, notation, lambda trial: _line_read(src, trial, limits, Parser.__new__(Parser)))
        if shaped is None:
            raise
        return shaped


def _line_read(src: str, notation: Notation, limits: Limits, first: Parser) -> ParsedLine:
    parsed = _guarded(src, notation, limits, lambda parser: _remember(parser, first).line())
    extended: set[str] = getattr(first, "extended_indices", set())
    if not extended:
        return parsed
    free = set().union(*(_unbound_names(term) for term in parsed.terms))
    if not extended & free:
        return parsed
    # `\frac{\partial y_i}{\partial z_j} = \frac{\sum_j e^{z_j} \cdot 0 - e^{z_i} e^{z_j}}{...}`: j is free in the
    # line, so the sum over j does not take in the term after it; read again without that extension
    return _guarded(src, notation, limits, lambda parser: _with_free(parser, frozenset(free)).line())


def _unbound_names(term) -> set[str]:
    """The names a term uses outside its sums and products (a derivative's variable included)."""
    if not isinstance(term, sympy.Basic):
        return set()
    bound = {str(limit[0]) for node in term.atoms(sympy.Sum, sympy.Product) for limit in node.limits}
    return {s.name for s in term.atoms(sympy.Symbol)} - bound


def _remember(parser: Parser, into: Parser) -> Parser:
    into.__dict__ = parser.__dict__  # the first reading's parser, to see which sums it extended
    return parser


def _with_free(parser: Parser, free: frozenset[str]) -> Parser:
    parser.free_in_line = free
    return parser


def parse_expression(src: str, notation: Notation = Notation(), limits: Limits = Limits()):
    """Read exactly one term: a SymPy expression, a matrix expression or an `ArgOpt`."""
    return _guarded(src, notation, limits, lambda parser: parser.expression_only())


def _guarded(src, notation: Notation, limits: Limits, read):
    if not isinstance(src, str):
        raise MathParseError("internal", "", 0, reason=f"expected text, got {type(src).__name__}")
    _check_size(src, limits)
    try:
        return read(Parser(src, notation, limits))
    except MathParseError as error:
        raise _placed_in(error, src, notation) from None
    except RecursionError:
        raise MathParseError("too_deep", src, 0, limit=limits.max_depth) from None
    except MemoryError:
        raise MathParseError("too_large", src, 0, limit=limits.max_nodes) from None
    except Exception as exc:  # a SymPy surprise must still reach the student as a parse error
        LOG.warning("could not read %r", src[:300], exc_info=True)  # for staff; the student reads a plain reason
        raise MathParseError("internal", src, 0, reason=type(exc).__name__) from None


def _placed_in(error: MathParseError, src: str, notation: Notation) -> MathParseError:
    """`error` with its column in the text as the student wrote it: the parser reads the text after its
    rewrites (`J'(w)` is `\\frac{d}{dw} J(w)`), so a place it names may lie elsewhere or past the end."""
    if rewrite(src) == src and entries_written_above(src, notation)[0] == src:
        return error  # read as written: its columns are the student's
    snippet = str(error.message.params.get("snippet", "")).rstrip("…").strip()
    column = error.column
    if snippet and src[column - 1 :].lstrip().startswith(snippet):
        return error
    # rewrites lengthen the text more often than not: the last place before the named column, else the first
    found = (src.rfind(snippet, 0, column - 1 + len(snippet)) if snippet else -1)
    if found < 0 and snippet:
        found = src.find(snippet)
    placed = found + 1 if found >= 0 else min(column, len(src) + 1)
    params = dict(error.message.params)
    if found < 0 and snippet and entries_written_above(src, notation)[0] != src:
        params["snippet"] = snippet_at(src, placed - 1)  # `x^i` read as x_{i}: quoted as the student wrote it
    elif placed == column:
        return error
    error.column = placed
    error.message = dataclasses.replace(error.message, params={**params, "column": placed})
    error.args = (str(error),)
    return error


def _partials_spelled_read(src, notation: Notation, limits: Limits) -> ParsedLine | None:
    """The line read with the derivatives whose ∂ it typed as another letter written with `\\partial`
    (`partials_spelled`), the reading noted; None where it types none so."""
    spelled = partials_spelled(src, notation) if isinstance(src, str) and len(src) <= limits.max_length else src
    if spelled == src:
        return None
    try:
        parsed = parse_line(spelled, notation, limits)
    except MathParseError as error:
        raise _placed_as_written(error, src) from None
    return dataclasses.replace(parsed, readings=(*parsed.readings, "partial_spelled"))


def _placed_as_written(error: MathParseError, src: str) -> MathParseError:
    """`error`, raised on a spelling of `src` read otherwise (`partials_spelled`), with its column in `src`: where
    its snippet is found there, else no further than the end."""
    snippet = str(error.message.params.get("snippet", "")).rstrip("…").strip()
    found = src.find(snippet) if snippet else -1
    placed = found + 1 if found >= 0 else min(error.column, len(src) + 1)
    if placed != error.column:
        error.column = placed
        error.message = dataclasses.replace(error.message, params={**error.message.params, "column": placed, "snippet": snippet_at(src, placed - 1)})
        error.args = (str(error),)
    return error


def _check_size(src: str, limits: Limits) -> None:
    """Refuse deep nesting and long input before any real work (both checks are linear)."""
    depth = 0
    for offset, ch in enumerate(src[: limits.max_length + 1]):
        if ch in _OPENERS:
            depth += 1
            if depth > limits.max_depth:
                raise MathParseError("too_deep", src, offset, limit=limits.max_depth)
        elif ch in _CLOSERS:
            depth -= 1
    if len(src) > limits.max_length:
        raise MathParseError("too_long", src, limits.max_length, length=len(src), limit=limits.max_length)
