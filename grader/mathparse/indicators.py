"""Indicators: Iverson's bracket `[k = i]`, `1\\{k = i\\}`, `\\mathbb{1}_{k=i}` as the Kronecker delta, and
`\\mathbb{1}` as the identity where the notation has one."""

from __future__ import annotations

import sympy

from .cursor import is_unsupported_relation, relation_of
from .names import NameReader
from .remarks import matching
from .tokens import END, NUM


class Indicators(NameReader):
    """Reads the brackets and fonts of a `1` that mean "1 where a = b, else 0" or the identity matrix."""

    def iverson_ahead(self, j: int) -> tuple[int, int] | None:
        """At a bracket `[`, `{` or `\\{`: (the `=` at its top level, its closing bracket) if it holds
        one equation of two sides (`[k = i]`, Iverson's bracket), else None."""
        toks = self.toks
        opener = toks[j]
        if opener.is_cmd("\\{"):
            close = next((k for k in range(j + 1, min(len(toks), j + 200)) if toks[k].is_cmd("\\}") or toks[k].kind == END), None)
            if close is None or not toks[close].is_cmd("\\}"):
                return None
        else:
            close = matching(toks, j)
            if close is None:
                return None
        depth, equals = 0, []
        for k in range(j + 1, close):
            tok = toks[k]
            if tok.is_op("(", "[", "{"):
                depth += 1
            elif tok.is_op(")", "]", "}"):
                depth -= 1
            elif depth == 0 and (tok.is_op("=") or relation_of(tok) or is_unsupported_relation(tok)):
                equals.append(k)
        if len(equals) != 1 or not toks[equals[0]].is_op("=") or equals[0] in (j + 1, close - 1):
            return None
        return equals[0], close

    def iverson(self, j: int):
        """`[a = b]` (1 where a = b, else 0) as the Kronecker delta of a and b."""
        found = self.iverson_ahead(j)
        assert found is not None, "iverson() is called where iverson_ahead() found the brackets"
        equal, close = found
        left = self.within(self.toks[j + 1 : equal], self.toks[equal].pos, self.expression)
        right = self.within(self.toks[equal + 1 : close], self.toks[close].pos, self.expression)
        self.i = close + 1
        return sympy.KroneckerDelta(self.algebra.scalar(left, self.toks[j].pos), self.algebra.scalar(right, self.toks[j].pos))

    def indicator_ahead(self) -> int | None:
        """At `\\mathbb{1}` followed by `[a = b]` or `_{a = b}`: where that bracket opens."""
        if not (self.peek().is_cmd("\\mathbb", "\\mathbf", "\\mathrm", "\\boldsymbol", "\\bm") and self.peek(1).is_op("{")
                and self.peek(2).kind == NUM and self.peek(2).text == "1" and self.peek(3).is_op("}")):
            return None
        at = self.i + 4
        if at < len(self.toks) and self.toks[at].is_op("_"):
            at += 1
            inner = at + 1
            if inner < len(self.toks) and self.toks[at].is_op("{") and self.toks[inner].is_cmd("\\{"):
                at = inner  # `\\mathbb{1}_{\\{k = i\\}}`
        if at < len(self.toks) and (self.toks[at].is_op("[", "{") or self.toks[at].is_cmd("\\{")) and self.iverson_ahead(at) is not None:
            return at
        return None

    def indicator(self, at: int):
        """`\\mathbb{1}[k = i]`, `\\mathbb{1}_{k=i}` (its bracket opening at token `at`): the Kronecker delta."""
        wrapped = self.toks[at].is_cmd("\\{") and self.toks[at - 1].is_op("{")
        self.i = at
        delta = self.iverson(at)
        if wrapped:  # `\\mathbb{1}_{\\{k = i\\}}`: the subscript's own brace closes too
            if not self.peek().is_op("}"):
                raise self.fail("missing", self.peek().pos, expected="}")
            self.advance()
        return delta

    def identity_one_ahead(self) -> bool:
        """`\\mathbb{1}` or `\\mathbf{1}` where the notation has an identity matrix."""
        return (bool(self.notation.identity) and self.peek().is_cmd("\\mathbb", "\\mathbf", "\\boldsymbol", "\\bm")
                and self.peek(1).is_op("{") and self.peek(2).kind == NUM and self.peek(2).text == "1"
                and self.peek(3).is_op("}"))

    def identity_one(self):
        tok = self.peek()
        self.i += 4
        if self.peek().is_op("_"):  # `\\mathbb{1}_d`: the size follows from the context anyway
            self.advance()
            self.script_argument()
        return sympy.Identity(self.identity_size(tok.pos))
