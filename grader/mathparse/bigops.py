"""Big operators: `\\sum`, `\\prod` with their limits, and `\\arg\\min` / `\\arg\\max`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sympy

from .cursor import relation_of, split_tokens
from .names import NameReader
from .nodes import ArgOpt
from .remarks import matching
from .sum_ranges import SUM_ROLE_RANGE, role_range, unranged_indices
from .tokens import CMD, END, LETTERS, WORD, Token
from .vocabulary import ASCII_GREEK_WORDS, GREEK

_NEQ = frozenset({"\\neq", "\\ne", "!="})
_LEQ = frozenset({"\\leq", "\\le"})


@dataclass
class _IndexRange:
    """What a sum's subscript says of one index; filled part by part (`i=1, i \\neq j`), hence not frozen."""

    low: Any = None
    """The low end as written (None: not written)."""
    high: Any = None
    """The high end as written (None: not written)."""
    excluded: list = field(default_factory=list)
    """The values written `i \\neq j`: the sum leaves them out."""


class BigOperators(NameReader):
    """Sums and products (bodies bind their indices) and optimization terms."""

    def big_operator(self):
        tok = self.advance()
        lower = upper = None
        for _ in range(2):
            if self.peek().is_op("_") and lower is None:
                self.advance()
                lower = self.script_argument()
            elif self.peek().is_op("^") and upper is None:
                self.advance()
                upper = self.script_argument()
        if lower is None:
            if upper is not None:
                raise self.fail("bad_limits", tok.pos)
            return self.sum_without_limits(tok)
        named = self.named_sum(tok, lower, upper)
        if named is not None:
            return named
        specs = self.sum_limits(lower, upper, tok.pos)
        self.bound.extend(var.name for var, _, _, _ in specs)
        try:
            body = self.signed(self.product)
        finally:
            del self.bound[len(self.bound) - len(specs):]
        body = self.algebra.scalar(body, tok.pos)
        specs = [self.role_limits(spec, body, tok.pos) for spec in specs]
        for var, low, high, excluded in reversed(specs):
            for other in excluded:
                keep = 1 - sympy.KroneckerDelta(var, other)
                body = body * keep if tok.text == "\\sum" else body**keep
            body = (sympy.Sum if tok.text == "\\sum" else sympy.Product)(body, (var, low, high))
        return body

    def limits_ahead(self) -> bool:
        """At a command: is it followed by `_{... = ...}`, the limits of a big operator?"""
        if not (self.peek(1).is_op("_") and self.peek(2).is_op("{")):
            return False
        close = matching(self.toks, self.i + 2)
        if close is None:
            return False
        depth = 0
        for tok in self.toks[self.i + 3 : close]:
            if tok.is_op("{", "(", "["):
                depth += 1
            elif tok.is_op("}", ")", "]"):
                depth -= 1
            elif depth == 0 and tok.is_op("="):
                return True
        return False

    def named_sum(self, tok: Token, lower, upper):
        """`\\frac{e^{z_i}}{\\sum_K}`, `(\\sum_K)^2`: a sum with nothing to sum, over an index with no range, is
        the author's name for a sum written elsewhere (one quantity, `sum_K`), not a sum."""
        toks = lower[0]
        if upper is not None or len(toks) != 1 or toks[0].kind != LETTERS or len(toks[0].text) != 1:
            return None
        index = toks[0].text
        if index in self.notation.index_ranges or index in self.bound:
            return None
        after = self.peek()
        if not (after.kind == END or after.is_op("}", ")", "]", "+", "-") or relation_of(after)):
            return None
        return sympy.Symbol(f"{tok.text[1:]}_{index}")

    def sum_without_limits(self, tok: Token):
        """A plain `\\sum` (or `\\prod`) without limits runs over the one index its body leaves free
        that has a default range (`\\sum (y_i - w x_i - b)^2` is over i = 1..n); with none, over the one letter
        its body writes as an index of the problem's quantities, in the range of that role (`\\sum Y_c \\log y_c`
        over the classes, `sum_ranges`)."""
        body = self.algebra.scalar(self.signed(self.product), tok.pos)
        ranges = self.notation.index_ranges
        free = sorted({s.name for s in body.free_symbols if s.name in ranges and s.name not in self.bound})
        if len(free) > 1:
            raise self.fail("bad_limits", tok.pos)
        if free:
            bounds = ranges[free[0]]
        else:
            letters = unranged_indices(body, self.notation, self.bound)
            found = role_range(body, next(iter(letters)), self.notation) if len(letters) == 1 else None
            if found is None:
                raise self.fail("sum_range", tok.pos)
            free, bounds = sorted(letters), found
            self.readings.append(SUM_ROLE_RANGE)
        var = sympy.Symbol(free[0])
        low, high = (self.trusted(text) for text in bounds)
        return (sympy.Sum if tok.text == "\\sum" else sympy.Product)(body, (var, low, high))

    def role_limits(self, spec: tuple, body: Any, pos: int) -> tuple:
        """One index's `(var, low, high, excluded)` with the ends its author left out, where neither the sum nor the
        problem gives them, read from the index's role in the body (`sum_ranges.role_range`)."""
        var, low, high, excluded = spec
        if low is not None and high is not None:
            return spec
        found = role_range(body, var.name, self.notation)
        if found is None:
            raise self.fail("index_range", pos, index=var.name)
        ends = (self.trusted(found[0]), self.trusted(found[1]))
        if (low is not None and low != ends[0]) or (high is not None and high != ends[1]):
            raise self.fail("index_range", pos, index=var.name)  # `\\sum_{c=0}`: the author's own range, not the role's
        self.readings.append(SUM_ROLE_RANGE)
        return var, ends[0], ends[1], excluded

    def sum_limits(self, lower, upper, pos: int):
        """`(var, low, high, excluded)` for each index of `\\sum_{...}^{...}`, outermost first."""
        toks, end = lower
        if toks and toks[0].is_cmd("\\substack") and len(toks) > 1 and toks[1].is_op("{"):
            toks = toks[2:-1] if toks[-1].is_op("}") else toks[2:]
        ranges: dict[str, _IndexRange] = {}  # in the order the indices are first written
        for part in split_tokens(toks, (",", "\\\\")):
            if part:
                self.limits_part(part, end, pos, ranges)
        if not ranges:
            raise self.fail("bad_limits", pos)
        if upper is not None:
            high = self.algebra.scalar(self.within(upper[0], upper[1], self.expression), pos)
            for written in ranges.values():
                if written.high is None:
                    written.high = high
        return [self.index_limits(name, written, upper is not None, pos) for name, written in ranges.items()]

    def limits_part(self, part: list[Token], end: int, pos: int, ranges: dict[str, _IndexRange]) -> None:
        """Read one comma-separated part of a sum's subscript (`i=1`, `j \\neq i`, `1 \\leq i \\leq n`, `i, j`)
        into `ranges`."""
        bounds = [k for k, t in enumerate(part) if t.text in _LEQ and t.kind == CMD]
        if len(bounds) == 2:
            # `1 \leq i \leq n`, as SymPy prints the limits of a multiple sum
            first, second = bounds
            names = self.index_names(part[first + 1 : second], pos)
            if len(names) != 1 or first == 0 or second + 1 >= len(part):
                raise self.fail("bad_limits", pos)
            written = ranges.setdefault(names[0], _IndexRange())
            written.low = self.algebra.scalar(self.within(part[:first], end, self.expression), pos)
            written.high = self.algebra.scalar(self.within(part[second + 1 :], end, self.expression), pos)
            return
        cut = next((k for k, t in enumerate(part) if t.is_op("=") or t.text in _NEQ), None)
        names = self.index_names(part if cut is None else part[:cut], pos)
        if cut is None:
            for name in names:
                ranges.setdefault(name, _IndexRange())
            return
        if len(names) != 1 or cut + 1 >= len(part):
            raise self.fail("bad_limits", pos)
        value = self.algebra.scalar(self.within(part[cut + 1 :], end, self.expression), pos)
        if part[cut].is_op("="):
            ranges.setdefault(names[0], _IndexRange()).low = value
        else:
            ranges.setdefault(names[0], _IndexRange()).excluded.append(value)

    def index_limits(self, name: str, written: _IndexRange, has_upper: bool, pos: int):
        """`(var, low, high, excluded)` of one index: its written bounds, else the problem's range of it."""
        default = self.notation.index_ranges.get(name)
        if written.low is None and default is None and has_upper:
            written.low = sympy.Integer(1)  # `\sum_n^N`: an index with only its end written runs from 1
        low = self.range_end(written.low, default, 0, name, pos)
        high = self.range_end(written.high, default, 1, name, pos)
        return sympy.Symbol(name), low, high, written.excluded

    def range_end(self, bound, default: tuple[str, str] | None, which: int, name: str, pos: int):
        """A bound as written, else the problem's (`which`: 0 the low end, 1 the high); a numeric bound must be
        a whole number, and a small one."""
        if bound is None:
            if default is None:
                return None  # the role of the index in the body may say it (`role_limits`)
            bound = self.trusted(default[which])
        if bound.is_number and bound not in (sympy.oo, -sympy.oo):
            if not bound.is_Integer:
                raise self.fail("bad_limits", pos)
            if abs(bound) > self.limits.max_sum_bound:
                raise self.fail("sum_bound", pos, limit=self.limits.max_sum_bound)
        return bound

    def index_names(self, toks: list[Token], pos: int) -> list[str]:
        names = []
        for tok in toks:
            if tok.kind == LETTERS and tok.text in ASCII_GREEK_WORDS:
                names.append(GREEK[tok.text])
            elif tok.kind == LETTERS:
                names.extend(tok.text)
            elif tok.kind == CMD and tok.text[1:] in GREEK:
                names.append(GREEK[tok.text[1:]])
            elif tok.kind == WORD and " " not in tok.text:
                names.append(tok.text)
            else:
                raise self.fail("bad_limits", pos)
        return names

    # -- arg min / arg max ----------------------------------------------------------------

    def argopt_ahead(self) -> bool:
        return self.peek().is_cmd("\\underset") or self.operator_words() is not None

    def argopt_words(self, at: int = 0) -> tuple[str, int] | None:
        """`argmin`, `\\arg\\min`, `\\operatorname{arg\\,max}` at `peek(at)`: the kind and token count."""
        first, second = _word(self.peek(at)), _word(self.peek(at + 1))
        if first in ("argmin", "argmax"):
            return first[3:], 1
        if first == "arg" and second in ("min", "max"):
            return second, 2
        if self.peek(at).kind == CMD and first in ("min", "max") and not (self.peek(at + 1).is_op("(") or self.peek(at + 1).is_cmd("\\{")):
            # `\max_{w,b} L(w,b) \iff \min_{w,b} ...`, `\max p(Y) = \max \prod_i p(y_i)`: an optimum over the variables
            # written, or over the problem's parameters where none are (`\max(a, b)` is a number)
            return first, 1
        return None

    def operator_words(self) -> tuple[str, int] | None:
        """The arg-min/max words, possibly in braces (`\\mathop{\\arg\\min}`), counting the braces."""
        if self.peek().is_op("{"):
            found = self.argopt_words(1)
            if found and self.peek(1 + found[1]).is_op("}"):
                return found[0], found[1] + 2
            return None
        return self.argopt_words()

    def optimum_value(self, length: int) -> bool:
        """Whether the `length` operator tokens ahead name an optimum's value (`\\max`), not its point (`\\arg\\max`)."""
        return not any(_word(self.peek(j)) in ("arg", "argmin", "argmax") for j in range(length))

    def argopt(self) -> ArgOpt:
        start = self.peek()
        variables_toks = None
        if start.is_cmd("\\underset"):
            self.advance()
            if not self.peek().is_op("{"):
                raise self.fail("missing", self.peek().pos, expected="{")
            variables_toks = self.group_tokens()
            found = self.operator_words()
            if found is None:
                raise self.fail("unsupported", start.pos, token="\\underset")
            kind, length = found
            value = self.optimum_value(length)
            self.i += length
        else:
            found = self.operator_words()
            assert found is not None, "argopt() is called where argopt_ahead() found the words"
            kind, length = found
            value = self.optimum_value(length)
            self.i += length
            if self.peek().is_op("_"):
                self.advance()
                variables_toks = self.script_argument()
            elif self.peek(-1).is_cmd(f"\\{kind}"):
                self.readings.append("optimum_over_parameters")  # `\max p(Y)`: the reading is said in the feedback
        variables = []
        if variables_toks is not None:
            toks, end = variables_toks
            for part in _variable_parts(toks):
                if not part:
                    raise self.fail("unexpected", start.pos, token=",")
                variables.append(self.within(part, end, self.name_atom))
        objective = self.algebra.scalar(self.expression(), start.pos)
        self.algebra.check_size(objective, start.pos)
        if not variables and isinstance(objective, sympy.core.function.AppliedUndef):
            variables = [a for a in objective.args if isinstance(a, (sympy.Symbol, sympy.MatrixSymbol))]
        return ArgOpt(kind, tuple(variables), objective, value=value)


def _variable_parts(toks: list[Token]) -> list[list[Token]]:
    """The variables under `\\arg\\min`: `w,b`, `(w,b)`, `w \\in \\mathbb{R}, b \\in \\mathbb{R}`, `w, b \\in \\mathbb{R}`."""
    if len(toks) >= 2 and toks[0].is_op("(") and toks[-1].is_op(")") and matching(toks, 0) == len(toks) - 1:
        toks = toks[1:-1]
    parts = []
    for part in split_tokens(toks, (",",)):
        cut = next((k for k, t in enumerate(part) if t.is_cmd("\\in")), None)
        if cut is not None and cut > 0:
            part = part[:cut]
        parts.append(part)
    return parts


def _word(tok: Token) -> str | None:
    if tok.kind in (LETTERS, WORD):
        return tok.text.replace(" ", "")
    if tok.kind == CMD:
        return tok.text[1:]
    return None
