"""Derivatives and gradients: `\\frac{\\partial E}{\\partial z_i}`, `\\partial E / \\partial z`, `\\nabla_w F`."""

from __future__ import annotations

import sympy

from .names import NameReader
from .nodes import Gradient, MatrixGradient
from .tokens import CMD, END, LETTERS, NUM, WORD, Token


class Calculus(NameReader):
    """Reads differentiation; the operand and variables are read like any other math."""

    def derivative_ahead(self) -> bool:
        if not self.peek().is_op("{"):
            return False
        depth, j = 0, self.i
        while j < len(self.toks):
            tok = self.toks[j]
            if tok.is_op("{"):
                depth += 1
            elif tok.is_op("}"):
                depth -= 1
                if depth == 0:
                    break
            elif tok.kind == END:
                return False
            j += 1
        if j + 2 >= len(self.toks) or not self.toks[j + 1].is_op("{"):
            return False
        numerator, denominator = self.toks[self.i + 1], self.toks[j + 2]
        if numerator.is_cmd("\\partial") and denominator.is_cmd("\\partial"):
            return True
        after = self.toks[j + 3] if j + 3 < len(self.toks) else denominator
        return self.is_d(numerator) and self.is_d(denominator) and (
            (denominator.kind == LETTERS and len(denominator.text) > 1) or not after.is_op("}"))

    def is_d(self, tok: Token) -> bool:
        if tok.kind == WORD:
            return tok.text == "d"
        return tok.kind == LETTERS and tok.text.startswith("d") and (
            len(tok.text) == 1 or tok.text not in self.words)

    def differential(self, pos: int) -> None:
        tok = self.peek()
        if tok.is_cmd("\\partial") or (tok.kind == WORD and tok.text == "d"):
            self.advance()
        elif tok.kind == LETTERS and tok.text.startswith("d"):
            self.take_char()
        else:
            raise self.fail("derivative", pos)

    def order(self, pos: int) -> int:
        if not self.peek().is_op("^"):
            return 1
        self.advance()
        toks, _ = self.script_argument()
        if len(toks) == 1 and toks[0].kind == NUM and toks[0].text.isdigit() and 0 < int(toks[0].text) <= 10:
            return int(toks[0].text)
        raise self.fail("derivative", pos)

    def derivative_fraction(self, frac: Token):
        opener = self.advance()
        self.differential(frac.pos)
        order = self.order(frac.pos)
        operand = None
        if not self.peek().is_op("}"):
            self.closers.append(("}", frac.pos))
            try:
                operand = self.expression()
            finally:
                self.closers.pop()
        if not self.peek().is_op("}"):
            raise self.fail("missing", opener.pos, expected="}")
        self.advance()
        opener = self.advance()
        variables = []
        while not self.peek().is_op("}"):
            if self.peek().kind == END:
                raise self.fail("missing", opener.pos, expected="}")
            self.differential(frac.pos)
            variables.append(self.variable(frac.pos))
        self.advance()
        if operand is None:
            operand = self.signed(self.product)
        return self.derivative(operand, variables, order, frac.pos)

    def variable(self, pos: int):
        """A differentiation variable with its order: `z_i`, `x^2`."""
        start = self.peek()
        if start.kind not in (LETTERS, WORD, CMD) and not start.is_op("{"):
            raise self.fail("derivative", pos)
        var = self.name_atom()
        if not isinstance(var, (sympy.Symbol, sympy.Indexed, sympy.MatrixSymbol)):
            raise self.fail("derivative", pos)
        return var, self.order(pos)

    def derivative(self, operand, variables, order: int, pos: int):
        total = sum(count for _, count in variables)
        if not variables or (order != 1 and order != total):
            raise self.fail("derivative", pos)
        operand = self.algebra.scalar(operand, pos)
        spec = [var if count == 1 else (var, count) for var, count in variables]
        return sympy.Derivative(operand, *spec, evaluate=False)

    def partial(self):
        """Inline `\\partial E / \\partial z_i` and `\\partial_{z} E`."""
        tok = self.advance()
        if self.peek().is_op("_"):
            self.advance()
            toks, end = self.script_argument()
            var = self.within(toks, end, lambda: self.variable(tok.pos))
            return self.derivative(self.juxtaposition(), [var], 1, tok.pos)
        order = self.order(tok.pos)
        operand = self.factor()
        if not self.peek().is_op("/") or not self.peek(1).is_cmd("\\partial"):
            raise self.fail("derivative", tok.pos)
        self.advance()
        variables = []
        while self.peek().is_cmd("\\partial"):
            self.advance()
            variables.append(self.variable(tok.pos))
        return self.derivative(operand, variables, order, tok.pos)

    def gradient(self):
        tok = self.advance()
        var = None
        if self.peek().is_op("_"):
            self.advance()
            toks, end = self.script_argument()
            var, _ = self.within(toks, end, lambda: self.variable(tok.pos))
        operand = self.algebra.scalar(self.juxtaposition(), tok.pos)
        if var is None:
            arguments: tuple = operand.args if isinstance(operand, sympy.core.function.AppliedUndef) else ()
            if not arguments:
                raise self.fail("unsupported", tok.pos, token="\\nabla")
            if len(arguments) > 1:  # `\nabla \tilde J(w; X, y)`: in the function's own (first) argument, as a TA reads it
                self.readings.append("gradient_first_argument")
            var = arguments[0]
        if isinstance(var, sympy.MatrixExpr) and var.shape != (1, 1):
            return MatrixGradient(operand, var)
        return Gradient(operand, var)
