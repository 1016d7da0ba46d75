"""The public entry points: read a line or an expression, letting out nothing but MathParseError."""

from __future__ import annotations

import logging

from .errors import MathParseError
from .nodes import ParsedLine
from .notation import Limits, Notation
from .parser import Parser

LOG = logging.getLogger("grader.mathparse")

_OPENERS = frozenset("([{")
_CLOSERS = frozenset(")]}")


def parse_line(src: str, notation: Notation = Notation(), limits: Limits = Limits()) -> ParsedLine:
    """Read a chain ``e1 REL e2 REL ...`` (possibly starting with a relation)."""
    return _guarded(src, notation, limits, lambda parser: parser.line())


def parse_expression(src: str, notation: Notation = Notation(), limits: Limits = Limits()):
    """Read exactly one term: a SymPy expression, a matrix expression or an `ArgOpt`."""
    return _guarded(src, notation, limits, lambda parser: parser.expression_only())


def _guarded(src, notation: Notation, limits: Limits, read):
    if not isinstance(src, str):
        raise MathParseError("internal", "", 0, reason=f"expected text, got {type(src).__name__}")
    _check_size(src, limits)
    try:
        return read(Parser(src, notation, limits))
    except MathParseError:
        raise
    except RecursionError:
        raise MathParseError("too_deep", src, 0, limit=limits.max_depth) from None
    except MemoryError:
        raise MathParseError("too_large", src, 0, limit=limits.max_nodes) from None
    except Exception as exc:  # a SymPy surprise must still reach the student as a parse error
        LOG.warning("could not read %r", src[:300], exc_info=True)  # for staff; the student reads a plain reason
        raise MathParseError("internal", src, 0, reason=type(exc).__name__) from None


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
