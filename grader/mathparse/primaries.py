"""Primaries: the smallest pieces of a factor, each read by the reader its first token chooses.

A number (or the `1` of `1\\{k = i\\}`), a bracket or a bar, a command (`\\frac`, `\\sqrt`, `\\sum`, `\\log`,
a Greek letter, a font), or a name.  `Primaries.primary` looks up the reader by the token's kind, and a
command's reader by its text (`_COMMAND_READERS`) before the commands whose reading depends on what
follows them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sympy

from .algebra import is_matrix
from .bigops import BigOperators
from .calculus import Calculus
from .cursor import FRACTIONS, relation_of
from .function_words import glued_function
from .indicators import Indicators
from .norms import NormOne, NormTwo
from .tokens import CMD, END, LETTERS, NUM, OP, TEXT, WORD, Token
from .vocabulary import DECORATIONS, GREEK, PROSE_WORDS, RESERVED_WORDS, SCALAR_FUNCTIONS, STYLED, TRANSPARENT

BARS = {  # opener -> (closer, is a norm)
    "|": ("|", False), "\\vert": ("\\vert", False), "\\lvert": ("\\rvert", False),
    "||": ("||", True), "\\|": ("\\|", True), "\\Vert": ("\\Vert", True), "\\lVert": ("\\rVert", True),
}
_FUNCTIONS = {
    "log": sympy.log, "ln": sympy.log, "exp": sympy.exp, "sin": sympy.sin, "cos": sympy.cos,
    "tan": sympy.tan, "sinh": sympy.sinh, "cosh": sympy.cosh, "tanh": sympy.tanh,
}
_ARGOPT_COMMANDS = ("\\arg", "\\argmin", "\\argmax", "\\underset")


class Primaries(Calculus, BigOperators, Indicators):
    """Reads one primary at the cursor; the grammar's core (`Parser`) reads what stands around it."""

    def primary(self):
        tok = self.peek()
        with self.deeper(tok.pos):
            reader = _PRIMARY_READERS.get(tok.kind)
            if reader is None:
                raise self.unexpected(tok)
            return reader(self, tok)

    def number_primary(self, tok: Token):
        """A number, or the `1` of an indicator: `1\\{k = i\\}`, `1_{k = i}` (the Kronecker delta)."""
        if tok.text == "1" and self.peek(1).is_cmd("\\{") and self.iverson_ahead(self.i + 1) is not None:
            self.advance()  # `1\{k = i\}`: the indicator, the Kronecker delta
            return self.iverson(self.i)
        if (tok.text == "1" and self.peek(1).is_op("_") and self.peek(2).is_op("{")
                and self.iverson_ahead(self.i + 2) is not None):
            self.i += 2  # `1_{k = i}`
            return self.iverson(self.i)
        self.advance()
        return self.algebra.number_from_digits(tok.text, tok.pos)

    def bracket_primary(self, tok: Token):
        """`(...)`, `[...]` (or Iverson's `[k = i]`), `{...}` (or `{x}_i`, a name in braces), `|x|`, `||x||`."""
        text = tok.text
        if text == "(":
            return self.group(")")
        if text == "[":
            if self.iverson_ahead(self.i) is not None:
                return self.iverson(self.i)
            return self.group("]")
        if text == "{":
            if self.simple_name_group(self.i) and self.peek(3).is_op("_"):
                return self.name_atom()
            return self.group("}")
        if text in BARS:
            return self.bars()
        raise self.unexpected(tok)

    def command_primary(self, tok: Token):
        """A command: those with one reading by their text first, then those whose reading depends on what
        follows (`\\max(`, `\\Pi_{i=1}`), then fonts and names."""
        text = tok.text
        reader = _COMMAND_READERS.get(text)
        if reader is not None:
            return reader(self)
        if text in ("\\max", "\\min") and (self.peek(1).is_op("(") or self.peek(1).is_cmd("\\{")):
            return self.extremum(sympy.Max if text == "\\max" else sympy.Min)
        if text[1:] in SCALAR_FUNCTIONS:
            return self.function_operator(text[1:])
        if text in ("\\Pi", "\\Sigma") and self.limits_ahead():
            # `\\Pi_{i=1}^{n}` written for `\\prod_{i=1}^{n}`
            tok.text = "\\prod" if text == "\\Pi" else "\\sum"
            return self.big_operator()
        return self.font_primary(tok)

    def font_primary(self, tok: Token):
        """`\\mathbb{1}` as an indicator or the identity, a font around a group, or a name (Greek, decorated, styled)."""
        text = tok.text
        indicator = self.indicator_ahead()
        if indicator is not None:  # `\\mathbb{1}[k = i]`, `\\mathbb{1}_{k=i}`: the Kronecker delta
            return self.indicator(indicator)
        if self.identity_one_ahead():
            return self.identity_one()
        if text in TRANSPARENT and self.peek(1).is_op("{") and not self.simple_name_group(self.i + 1):
            self.advance()
            return self.group("}")
        if text[1:] in GREEK or text in DECORATIONS or text in TRANSPARENT or text in STYLED:
            return self.name_atom()
        raise self.unexpected(tok)

    def lone_letters(self) -> set[str]:
        """The letters the line writes alone (`l` in `l_i`, `l \\cdot n`): names of the line's own."""
        return {t.text for t in self.toks if t.kind == LETTERS and len(t.text) == 1}

    def text_primary(self, tok: Token):
        raise self.fail("text", tok.pos, token=tok.text)

    def word_primary(self, tok: Token):
        """Letters or a word: a function written without its backslash (`log x`, `sqrt`), or a name; a
        reserved or prose word the problem does not name is refused."""
        word = self.whole_word(tok)
        glued = glued_function(tok.text, self.names | self.lone_letters()) if word is None and tok.kind == LETTERS else None
        if glued is not None:  # `lnL(w, b)`: the log of L where nothing is called l
            self.toks.insert(self.i + 1, Token(LETTERS, tok.text[len(glued):], tok.pos + len(glued)))
            tok.text, word = glued, glued
            self.readings.append("function_word")
        if word in SCALAR_FUNCTIONS:
            return self.function_operator(word)
        if word == "sqrt":
            return self.root()
        if word is not None and word.replace(" ", "") in ("argmin", "argmax", "arg"):
            raise self.fail("argopt_position", tok.pos)
        if word in RESERVED_WORDS and word not in self.names and not self.word_as_name(word):
            raise self.fail("unsupported", tok.pos, token=word)
        if word in PROSE_WORDS and word not in self.names:
            raise self.fail("text", tok.pos, token=word)
        return self.name_atom()

    def set_braces(self):
        """`\\{ ... \\}`: braces that are typeset, a bracket like any other."""
        return self.group("\\}")

    def constant(self):
        """`\\pi`, `\\infty`."""
        return sympy.pi if self.advance().text == "\\pi" else sympy.oo

    def argopt_out_of_place(self):
        """`\\arg\\min` inside an expression: only ever a whole term of a line."""
        raise self.fail("argopt_position", self.peek().pos)

    def word_as_name(self, word: str) -> bool:
        """`sum = \\sum_i e^{z_i}`, `x_2 = sum`: the word `sum` or `prod` standing alone (a relation, a closing
        brace or the end right after it) is the author's name for a quantity; written before what it would sum
        (`sum_i x_i`, `sum x`), it is still the operator without its backslash, an error."""
        if word not in ("sum", "prod"):
            return False
        after, before = self.peek(1), self.toks[self.i - 1] if self.i > 0 else None
        if after.is_op("=") or relation_of(after) is not None:
            return True  # `sum = ...`: the name being stated
        # `x_2 = sum`, `\frac{c_1}{sum}`: the name as a whole side or a whole argument (a trailing `... * sum`
        # is a sum left unwritten)
        return before is not None and (before.is_op("=", "{")) and (after.kind == END or after.is_op("}"))

    def whole_word(self, tok: Token) -> str | None:
        if tok.kind == WORD:
            return tok.text
        if tok.kind == LETTERS and tok.text in self.words:
            return tok.text
        return None

    def simple_name_group(self, j: int) -> bool:
        """Whether the group opening at token `j` holds just one name (`\\mathbf{x}`)."""
        if not (self.toks[j + 2].is_op("}") if j + 2 < len(self.toks) else False):
            return False
        tok = self.toks[j + 1]
        if tok.kind == LETTERS:
            return len(tok.text) == 1 or tok.text in self.words
        return tok.kind == WORD or (tok.kind == CMD and tok.text[1:] in GREEK)

    def group(self, closer: str, origin: int | None = None):
        opener = self.advance()
        origin = opener.pos if origin is None else origin
        if self.peek().text == closer and self.peek().kind in (OP, CMD):
            raise self.fail("empty_group", opener.pos)
        self.closers.append((closer, origin))
        try:
            value = self.expression()
        finally:
            self.closers.pop()
        tok = self.peek()
        if tok.text != closer or tok.kind not in (OP, CMD):
            if tok.kind == END or tok.text in (")", "]", "}", "\\}"):
                raise self.fail("missing", origin, expected=closer)
            raise self.unexpected(tok)
        self.advance()
        return value

    def bars(self):
        """`|x|`, `\\|x\\|`, `\\|w\\|_1`, `\\|w\\|_2^2`: an absolute value or a norm."""
        opener = self.advance()
        closer, is_norm = BARS[opener.text]
        self.closers.append((closer, opener.pos))
        try:
            value = self.expression()
        finally:
            self.closers.pop()
        tok = self.peek()
        if closer == "|" and tok.is_op("||"):
            tok.text, tok.pos = "|", tok.pos + 1  # the first bar of `||` closes this one
        elif tok.text != closer:
            raise self.fail("missing", opener.pos, expected=closer)
        else:
            self.advance()
        if not is_norm:
            return self.algebra.absolute(value, opener.pos)
        return self.norm_of(value, opener)

    def norm_of(self, value, opener: Token):
        """The norm between bars just read, by its subscript (1, 2 or F) and a square after it."""
        if self.peek().is_op("_"):
            self.advance()
            toks, _ = self.script_argument()
            if [t.text for t in toks] == ["1"]:  # `\|w\|_1`: the L1 norm
                return NormOne(value) if is_matrix(value) or isinstance(value, sympy.Symbol) else self.algebra.absolute(value, opener.pos)
            if [t.text for t in toks] not in (["2"], ["F"]):
                raise self.fail("unsupported", opener.pos, token="_" + "".join(t.text for t in toks))
        if isinstance(value, sympy.Symbol) and self.notation.indexed.get(value.name) == 1:
            return NormTwo(value)  # `\|w\|` for the w_j: the norm of their vector (a power after it applies as to any factor)
        if self.square_ahead():
            return self.algebra.squared_norm(value)
        return self.algebra.norm(value, opener.pos)

    def square_ahead(self) -> bool:
        """At `^2` or `^{2}`: consume it (a squared norm is read as the sum of squares, without a root)."""
        if self.peek().is_op("^") and self.peek(1).kind == NUM and self.peek(1).text == "2":
            self.i += 2
            return True
        if (self.peek().is_op("^") and self.peek(1).is_op("{") and self.peek(2).text == "2"
                and self.peek(2).kind == NUM and self.peek(3).is_op("}")):
            self.i += 4
            return True
        return False

    def extremum(self, kind):
        """`\\max(a, b)`, `\\min(a, b, c)`: the larger (smaller) of its arguments, not an arg max."""
        tok = self.advance()
        closer = ")" if self.advance().text == "(" else "\\}"  # `\max(a, b)` or `\max\{a, b\}`
        self.closers.append((closer, tok.pos))
        try:
            values = [self.expression()]
            while self.peek().is_op(","):
                self.advance()
                values.append(self.expression())
        finally:
            self.closers.pop()
        if self.peek().text != closer:
            raise self.fail("missing", tok.pos, expected=closer)
        self.advance()
        if len(values) == 1:
            over_family = self.family_extremum(values[0], kind)
            if over_family is not None:
                return over_family
        if len(values) < 2:
            raise self.fail("unsupported", tok.pos, token=tok.text)
        return kind(*(self.algebra.scalar(v, tok.pos) for v in values))

    def family_extremum(self, value, kind):
        """`\\max(z_i)` (one entry of a family; a maximum of one number would be that number): the largest entry
        of the family over the index's range, as the author of a stable softmax means, even where a sum binds
        the letter (the set {z_i} is the same).  Written so the evaluator computes it exactly at points with
        distinct entries: the sum of the entries that are at least every other one, each comparison
        (1 + sign(z_m - z_l)) / 2, the comparison of an entry with itself 1."""
        if isinstance(value, sympy.Symbol) and value.name.count("_") == 1:
            # the author's `Z_i` (a letter the problem does not index, read as one name where no sum binds i):
            # the same entry a sum over i reads as `Z[i]`
            base, _, letter = value.name.partition("_")
            if letter in self.notation.index_ranges and base.isalpha():
                value = sympy.IndexedBase(base)[sympy.Symbol(letter)]
        if not (isinstance(value, sympy.Indexed) and len(value.indices) == 1 and isinstance(value.indices[0], sympy.Symbol)):
            return None
        index = value.indices[0]
        default = self.notation.index_ranges.get(index.name)
        if default is None:
            return None
        low, high = (self.trusted(bound) for bound in default)
        entry, other = sympy.Symbol(f"{index.name}_top"), sympy.Symbol(f"{index.name}_other")
        gap = value.base[entry] - value.base[other] if kind is sympy.Max else value.base[other] - value.base[entry]
        beats = (1 + sympy.sign(gap) + sympy.KroneckerDelta(entry, other)) / 2
        return sympy.Sum(value.base[entry] * sympy.Product(beats, (other, low, high)), (entry, low, high))

    def argument(self, origin: int):
        """One argument of `\\frac` or `\\sqrt`: a brace group, one character, or one command."""
        tok = self.peek()
        if tok.is_op("{"):
            return self.group("}", origin)
        if tok.is_op("("):
            return self.group(")", origin)
        if tok.kind in (NUM, LETTERS):
            single = self.take_char()
            return self.within([single], single.pos + 1, self.expression)
        if tok.kind in (CMD, WORD):
            return self.primary()
        raise self.fail("missing", tok.pos, expected="{")

    def fraction(self):
        tok = self.advance()
        if self.derivative_ahead():
            return self.derivative_fraction(tok)
        numerator = self.argument(tok.pos)
        denominator = self.argument(tok.pos)
        return self.algebra.divide(numerator, denominator, tok.pos)

    def root(self):
        tok = self.advance()
        degree = sympy.Integer(2)
        if tok.kind == CMD and self.peek().is_op("["):
            degree = self.algebra.scalar(self.group("]", tok.pos), tok.pos)
        radicand = self.argument(tok.pos) if tok.kind == CMD else self.factor()
        radicand = self.algebra.scalar(radicand, tok.pos)
        exponent = self.algebra.power(degree, sympy.Integer(-1), tok.pos)
        return self.algebra.power(radicand, exponent, tok.pos)

    def function_operator(self, name: str):
        tok = self.advance()
        base = power = None
        if self.peek().is_op("_"):
            self.advance()
            toks, end = self.script_argument()
            base = self.algebra.scalar(self.within(toks, end, self.expression), tok.pos)
        if self.peek().is_op("^"):
            self.advance()
            toks, end = self.script_argument()
            power = self.within(toks, end, self.expression)
        if self.peek().is_op("{"):
            # `\log{\left(x \right)}^{2}` (as SymPy prints it): the braces hold the whole argument
            argument = self.primary()
        elif self.peek().is_op("(", "[") or self.peek().is_cmd("\\{"):
            # `\log(2\pi\sigma^2)^{-1/2}` is the log of the power in likelihood derivations
            argument = self.factor() if name in ("log", "ln") else self.primary()
        else:
            argument = self.juxtaposition(through_exp=name in ("log", "ln"))
        value = self.algebra.apply(_FUNCTIONS[name], argument, tok.pos)
        if base is not None:
            value = self.algebra.divide(value, sympy.log(base), tok.pos)
        if power is not None:
            value = self.algebra.power(value, power, tok.pos)
        return value


_PRIMARY_READERS: dict[str, Callable[[Any, Token], Any]] = {
    NUM: Primaries.number_primary, OP: Primaries.bracket_primary, CMD: Primaries.command_primary,
    TEXT: Primaries.text_primary, LETTERS: Primaries.word_primary, WORD: Primaries.word_primary,
}
"""The reader of a primary, by its first token's kind."""

_COMMAND_READERS: dict[str, Callable[[Any], Any]] = {
    "\\{": Primaries.set_braces,
    **dict.fromkeys((opener for opener in BARS if opener.startswith("\\")), Primaries.bars),
    **dict.fromkeys(FRACTIONS, Primaries.fraction),
    "\\sqrt": Primaries.root,
    "\\sum": Primaries.big_operator,
    "\\prod": Primaries.big_operator,
    "\\partial": Primaries.partial,
    "\\nabla": Primaries.gradient,
    "\\pi": Primaries.constant,
    "\\infty": Primaries.constant,
    **dict.fromkeys(_ARGOPT_COMMANDS, Primaries.argopt_out_of_place),
}
"""The reader of a command that has one reading whatever follows it, by its text."""
