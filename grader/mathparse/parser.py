"""The reader: a hand-written recursive descent from tokens to SymPy objects.

Grammar, loosest first::

    line        := [REL] term (REL term)*
    term        := argopt | expression
    expression  := signed(product) (("+" | "-") signed(product))*
    product     := factor ((("*" | \\cdot | "/" | ...) signed(factor)) | factor)*
    factor      := primary ("^" script | "!")*
    primary     := number | name | group | \\frac | \\sqrt | \\sum | \\log ... | |x| | \\|x\\|

A `\\sum` or `\\prod` takes the product that follows it as its body; a bare
`\\log` takes the juxtaposition that follows it (`\\log 2\\pi\\sigma^2`).  Every
value is built through `Algebra`, so shapes and sizes are checked as we go.
Nothing here ever evaluates text.
"""

from __future__ import annotations

import dataclasses
from contextlib import contextmanager

import sympy

from .algebra import Algebra, is_matrix
from .errors import MathParseError
from .nodes import ArgOpt, Gradient, ParsedLine
from .notation import Limits, Notation
from .tokens import CMD, END, LETTERS, NUM, OP, WORD, Token, looks_like_latex, tokenize
from .vocabulary import (ASCII_GREEK_WORDS, ASCII_WORDS, DECORATIONS, GREEK, PROSE_WORDS, RELATIONS,
                         RESERVED_WORDS, SCALAR_FUNCTIONS, TRANSPARENT, UNSUPPORTED_RELATIONS)

_FRACTIONS = frozenset({"\\frac", "\\dfrac", "\\tfrac", "\\cfrac"})
_MULTIPLY_CMDS = frozenset({"\\cdot", "\\times", "\\ast", "\\star"})
_SYMMETRIC_BARS = frozenset({"|", "||", "\\|", "\\Vert", "\\vert"})
_BARS = {  # opener -> (closer, is a norm)
    "|": ("|", False), "\\vert": ("\\vert", False), "\\lvert": ("\\rvert", False),
    "||": ("||", True), "\\|": ("\\|", True), "\\Vert": ("\\Vert", True), "\\lVert": ("\\rVert", True),
}
_NOT_STARTERS = frozenset({
    "\\cdot", "\\times", "\\div", "\\ast", "\\star", "\\pm", "\\mp", "\\rVert", "\\rvert", "\\}",
    "\\top", "\\intercal", "\\min", "\\max", "\\stackrel", "\\overset", "\\mid", "\\\\",
}) | frozenset(RELATIONS) | UNSUPPORTED_RELATIONS
_KNOWN_UNSUPPORTED = frozenset({
    "\\int", "\\iint", "\\oint", "\\lim", "\\min", "\\max", "\\sup", "\\inf", "\\det", "\\tr",
    "\\operatorname", "\\pm", "\\mp", "\\mid", "\\binom", "\\choose", "\\cup", "\\cap", "\\forall",
    "\\exists", "\\prime", "\\circ", "\\odot", "\\otimes", "\\oplus", "\\langle", "\\rangle",
    "\\lfloor", "\\rfloor", "\\lceil", "\\rceil", "\\begin", "\\end", "\\dots", "\\ldots", "\\cdots",
    "\\vdots", "\\ddots", "\\top", "\\intercal", "\\substack", "\\stackrel", "\\overset",
    "\\underset", "\\arg", "\\argmin", "\\argmax", "\\}", "\\rVert", "\\rvert",
})
_FUNCTIONS = {
    "log": sympy.log, "ln": sympy.log, "exp": sympy.exp, "sin": sympy.sin, "cos": sympy.cos,
    "tan": sympy.tan, "sinh": sympy.sinh, "cosh": sympy.cosh, "tanh": sympy.tanh,
}
_STAR = frozenset({"*", "\\ast", "\\star"})
_TRANSPOSE = frozenset({"T", "\\top", "\\intercal", "\\mathsf"})
_NEQ = frozenset({"\\neq", "\\ne", "!="})


def parse_trusted(text: str, notation: Notation, limits: Limits):
    """Our own short strings (default arguments, index ranges) read with our own parser."""
    plain = dataclasses.replace(notation, functions={})
    return Parser(text, plain, limits).expression_only()


class Parser:
    """Reads one source string; create one per string."""

    def __init__(self, src: str, notation: Notation, limits: Limits) -> None:
        self.src = src
        self.notation = notation
        self.limits = limits
        self.latex = looks_like_latex(src)
        self.toks: list[Token] = tokenize(src, self.latex)
        self.i = 0
        self.depth = 0
        self.bound: list[str] = []
        self.closers: list[tuple[str, int]] = []
        self.algebra = Algebra(src, limits)
        self.names = (set(notation.indexed) | set(notation.functions) | set(notation.matrices)
                      | set(notation.symbols) | ({notation.identity} if notation.identity else set()))
        self.words = (ASCII_WORDS | ASCII_GREEK_WORDS | RESERVED_WORDS | PROSE_WORDS
                      | {n for n in self.names if n.isalpha()})

    # -- tokens ---------------------------------------------------------------------------

    def peek(self, ahead: int = 0) -> Token:
        j = self.i + ahead
        return self.toks[j] if j < len(self.toks) else self.toks[-1]

    def advance(self) -> Token:
        tok = self.toks[self.i]
        if tok.kind != END:
            self.i += 1
        return tok

    def take_char(self) -> Token:
        """The first character of the current number or letter run (LaTeX reads `x^23` as `x^2 3`)."""
        tok = self.peek()
        return tok.split_first() if len(tok.text) > 1 else self.advance()

    def fail(self, what: str, pos: int, **params: object) -> MathParseError:
        return MathParseError(what, self.src, pos, **params)

    def unexpected(self, tok: Token) -> MathParseError:
        if tok.kind == END:
            if self.closers:
                closer, origin = self.closers[-1]
                return self.fail("missing", origin, expected=closer)
            before = self.toks[self.i - 1].text if self.i > 0 else ""
            return self.fail("missing_term", tok.pos, token=before)
        if _is_unsupported_relation(tok):
            return self.fail("unsupported_relation", tok.pos, token=tok.text)
        if tok.kind == CMD:
            if tok.text in _KNOWN_UNSUPPORTED:
                return self.fail("unsupported", tok.pos, token=tok.text)
            if tok.text not in _NOT_STARTERS:
                return self.fail("unknown_command", tok.pos, token=tok.text)
        return self.fail("unexpected", tok.pos, token=tok.text)

    @contextmanager
    def deeper(self, pos: int):
        self.depth += 1
        try:
            if self.depth > self.limits.max_depth:
                raise self.fail("too_deep", pos, limit=self.limits.max_depth)
            yield
        finally:
            self.depth -= 1

    def within(self, toks: list[Token], end_pos: int, parse):
        """Run `parse` over a detached list of tokens (a script, an argument) and check it used them all."""
        if not toks:
            raise self.fail("empty_group", end_pos)
        saved = self.toks, self.i, self.closers
        self.toks, self.i, self.closers = list(toks) + [Token(END, "", end_pos)], 0, []
        try:
            value = parse()
            if self.peek().kind != END:
                raise self.unexpected(self.peek())
            return value
        finally:
            self.toks, self.i, self.closers = saved

    def group_tokens(self) -> tuple[list[Token], int]:
        """At `{`: the tokens up to the matching `}` (which is consumed), and the `}`'s offset."""
        opener = self.advance()
        depth = 1
        j = self.i
        while j < len(self.toks):
            tok = self.toks[j]
            if tok.kind == END:
                break
            if tok.is_op("{"):
                depth += 1
            elif tok.is_op("}"):
                depth -= 1
                if depth == 0:
                    inner = self.toks[self.i : j]
                    self.i = j + 1
                    return inner, tok.pos
            j += 1
        raise self.fail("missing", opener.pos, expected="}")

    def script_argument(self) -> tuple[list[Token], int]:
        """The argument of `_`, `^` or `\\frac`: a brace group, one character, or one command."""
        tok = self.peek()
        if tok.is_op("{"):
            return self.group_tokens()
        if tok.kind in (NUM, LETTERS):
            single = self.take_char()
            return [single], single.pos + 1
        if tok.kind == WORD or tok.is_op("*"):
            self.advance()
            return [tok], tok.pos + 1
        if tok.is_op("-", "+"):
            self.advance()
            rest, end = self.script_argument()
            return [tok] + rest, end
        if tok.kind == CMD:
            self.advance()
            toks = [tok]
            arguments = 2 if tok.text in _FRACTIONS else 1 if (
                tok.text in DECORATIONS or tok.text in TRANSPARENT or tok.text == "\\sqrt") else 0
            end = tok.pos + len(tok.text)
            for _ in range(arguments):
                if self.peek().is_op("{"):
                    opener = self.peek()
                    inner, end = self.group_tokens()
                    toks += [opener] + inner + [Token(OP, "}", end)]
                else:
                    more, end = self.script_argument()
                    toks += more
            return toks, end
        raise self.fail("missing", tok.pos, expected="{")

    # -- lines and terms ------------------------------------------------------------------

    def drop_trailing_punctuation(self) -> None:
        """A sentence's `.` or `,` (or a line break) after the math is not part of it."""
        toks = self.toks
        while len(toks) >= 2 and toks[-2].is_op(".", ",", "\\\\"):
            toks[-1].pos = toks[-2].pos
            del toks[-2]

    def line(self) -> ParsedLine:
        self.drop_trailing_punctuation()
        toks = self.toks
        if toks[0].kind == END:
            raise self.fail("empty", 0)
        leading = self.relation()
        terms, relations, sources = [], [], []
        last_relation = self.toks[0].text if leading else ""
        source_start = self.toks[self.i - 1].end if leading else 0
        while True:
            tok = self.peek()
            if tok.kind == END or _relation_of(tok) or tok.is_cmd("\\stackrel", "\\overset"):
                raise self.fail("missing_term", tok.pos, token=last_relation or tok.text)
            terms.append(self.term())
            after = self.peek()
            sources.append(self.src[source_start : after.pos].strip().strip("&").strip())
            if after.kind == END:
                break
            rel = self.relation()
            if rel is None:
                raise self.unexpected(after)
            relations.append(rel)
            last_relation = after.text
            source_start = self.toks[self.i - 1].end
        return ParsedLine(tuple(terms), tuple(relations), leading, tuple(sources))

    def expression_only(self):
        self.drop_trailing_punctuation()
        first = self.peek()
        if first.kind == END:
            raise self.fail("empty", 0)
        if _relation_of(first):
            raise self.fail("not_an_expression", first.pos, token=first.text)
        value = self.term()
        if self.peek().kind != END:
            tok = self.peek()
            if _relation_of(tok) or tok.is_cmd("\\stackrel", "\\overset"):
                raise self.fail("not_an_expression", tok.pos, token=tok.text)
            raise self.unexpected(tok)
        return value

    def relation(self) -> str | None:
        tok = self.peek()
        rel = _relation_of(tok)
        if rel:
            self.advance()
            return rel
        if tok.is_cmd("\\stackrel", "\\overset"):
            self.advance()
            if not self.peek().is_op("{"):
                raise self.fail("missing", self.peek().pos, expected="{")
            self.group_tokens()
            inner, _ = self.script_argument()
            rels = [_relation_of(t) for t in inner]
            if len(inner) == 1 and rels[0]:
                return rels[0]
            raise self.fail("unsupported_relation", tok.pos, token=self.src[tok.pos : self.peek().pos].strip())
        if _is_unsupported_relation(tok):
            raise self.fail("unsupported_relation", tok.pos, token=tok.text)
        return None

    def term(self):
        start = self.peek().pos
        if self.argopt_ahead():
            return self.argopt()
        value = self.algebra.finish(self.expression(), start)
        self.algebra.check_size(value, start)
        return value

    # -- arithmetic -----------------------------------------------------------------------

    def expression(self):
        value = self.signed(self.product)
        while True:
            tok = self.peek()
            if not tok.is_op("+", "-"):
                return value
            self.advance()
            right = self.signed(self.product)
            if tok.text == "-":
                right = self.algebra.negate(right)
            value = self.algebra.add(value, right, tok.pos)

    def signed(self, parse):
        negative = False
        while self.peek().is_op("+", "-"):
            negative ^= self.advance().text == "-"
        value = parse()
        return self.algebra.negate(value) if negative else value

    def product(self):
        value = self.factor()
        while True:
            tok = self.peek()
            if tok.is_op("*") or tok.is_cmd(*_MULTIPLY_CMDS):
                self.advance()
                value = self.algebra.multiply(value, self.signed(self.factor), tok.pos)
            elif tok.is_op("/") or tok.is_cmd("\\div"):
                self.advance()
                value = self.algebra.divide(value, self.signed(self.factor), tok.pos)
            elif self.starts_factor(tok):
                value = self.algebra.multiply(value, self.factor(), tok.pos)
            else:
                return value

    def juxtaposition(self):
        """What a bare `\\log` applies to: factors written side by side, up to the next operator."""
        value = self.signed(self.factor)
        while self.starts_factor(self.peek()) and not self.function_ahead():
            tok = self.peek()
            value = self.algebra.multiply(value, self.factor(), tok.pos)
        return value

    def starts_factor(self, tok: Token) -> bool:
        if tok.kind in (NUM, LETTERS, WORD):
            return True
        if tok.kind == OP:
            if tok.text in ("(", "[", "{"):
                return True
            if tok.text in ("|", "||"):
                # `||` right after `|x` closes two absolute values, not opens a norm
                return not self.closers or self.closers[-1][0] not in (tok.text, "|")
            return False
        if tok.kind == CMD:
            if tok.text in _SYMMETRIC_BARS:
                return not self.closers or self.closers[-1][0] != tok.text
            return tok.text not in _NOT_STARTERS
        return False

    def function_ahead(self) -> bool:
        tok = self.peek()
        if tok.kind == CMD:
            return tok.text[1:] in SCALAR_FUNCTIONS
        return tok.kind in (LETTERS, WORD) and tok.text in SCALAR_FUNCTIONS

    def factor(self):
        value = self.primary()
        while True:
            tok = self.peek()
            if tok.is_op("^"):
                self.advance()
                value = self.superscript(value, tok.pos)
            elif tok.is_op("!"):
                self.advance()
                value = self.algebra.factorial(value, tok.pos)
            elif tok.is_op("_", "'"):
                raise self.fail("unsupported", tok.pos, token=tok.text)
            else:
                return value

    def superscript(self, base, pos: int):
        with self.deeper(pos):
            tok = self.peek()
            if not self.latex and not tok.is_op("{") and not self.transpose_word(tok):
                exponent = self.signed(self.factor)
                return self.algebra.power(base, exponent, pos)
            toks, end = self.script_argument()
            if len(toks) == 1 and self.transpose_word(toks[0]):
                return self.algebra.transpose(base)
            if len(toks) == 1 and toks[0].text in _STAR:
                raise self.fail("unsupported", toks[0].pos, token=toks[0].text)
            exponent = self.within(toks, end, self.expression)
            return self.algebra.power(base, exponent, pos)

    def transpose_word(self, tok: Token) -> bool:
        if tok.kind == CMD:
            return tok.text in ("\\top", "\\intercal")
        return tok.kind in (LETTERS, WORD) and tok.text == "T" and "T" not in self.notation.symbols

    # -- primaries ------------------------------------------------------------------------

    def primary(self):
        tok = self.peek()
        with self.deeper(tok.pos):
            return self._primary(tok)

    def _primary(self, tok: Token):
        kind, text = tok.kind, tok.text
        if kind == NUM:
            self.advance()
            return self.algebra.number_from_digits(text, tok.pos)
        if kind == OP:
            if text == "(":
                return self.group(")")
            if text == "[":
                return self.group("]")
            if text == "{":
                return self.group("}")
            if text in _BARS:
                return self.bars()
            raise self.unexpected(tok)
        if kind == CMD:
            if text == "\\{":
                return self.group("\\}")
            if text in _BARS:
                return self.bars()
            if text in _FRACTIONS:
                return self.fraction()
            if text == "\\sqrt":
                return self.root()
            if text in ("\\sum", "\\prod"):
                return self.big_operator()
            if text[1:] in SCALAR_FUNCTIONS:
                return self.function_operator(text[1:])
            if text == "\\partial":
                return self.partial()
            if text == "\\nabla":
                return self.gradient()
            if text == "\\pi":
                self.advance()
                return sympy.pi
            if text == "\\infty":
                self.advance()
                return sympy.oo
            if text in ("\\arg", "\\argmin", "\\argmax", "\\underset"):
                raise self.fail("argopt_position", tok.pos)
            if text in TRANSPARENT and self.peek(1).is_op("{") and not self.simple_name_group(self.i + 1):
                self.advance()
                return self.group("}")
            if text[1:] in GREEK or text in DECORATIONS or text in TRANSPARENT:
                return self.name_atom()
            raise self.unexpected(tok)
        if kind in (LETTERS, WORD):
            word = self.whole_word(tok)
            if word in SCALAR_FUNCTIONS:
                return self.function_operator(word)
            if word == "sqrt":
                return self.root()
            if word is not None and word.replace(" ", "") in ("argmin", "argmax", "arg"):
                raise self.fail("argopt_position", tok.pos)
            if word in RESERVED_WORDS and word not in self.names:
                raise self.fail("unsupported", tok.pos, token=word)
            if word in PROSE_WORDS and word not in self.names:
                raise self.fail("text", tok.pos, token=word)
            return self.name_atom()
        raise self.unexpected(tok)

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
        opener = self.advance()
        closer, is_norm = _BARS[opener.text]
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
        if self.peek().is_op("_"):
            self.advance()
            toks, _ = self.script_argument()
            if [t.text for t in toks] not in (["2"], ["F"]):
                raise self.fail("unsupported", opener.pos, token="_" + "".join(t.text for t in toks))
        if self.peek().is_op("^") and self.peek(1).kind == NUM and self.peek(1).text == "2":
            self.advance()
            self.advance()
            return self.algebra.squared_norm(value)
        if (self.peek().is_op("^") and self.peek(1).is_op("{") and self.peek(2).text == "2"
                and self.peek(2).kind == NUM and self.peek(3).is_op("}")):
            for _ in range(4):
                self.advance()
            return self.algebra.squared_norm(value)
        return self.algebra.norm(value, opener.pos)

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
        if self.peek().is_op("(", "[") or self.peek().is_cmd("\\{"):
            argument = self.factor() if name in ("log", "ln") else self.primary()
        else:
            argument = self.juxtaposition()
        value = self.algebra.apply(_FUNCTIONS[name], argument, tok.pos)
        if base is not None:
            value = self.algebra.divide(value, sympy.log(base), tok.pos)
        if power is not None:
            value = self.algebra.power(value, power, tok.pos)
        return value

    # -- names ----------------------------------------------------------------------------

    def name_atom(self):
        start = self.peek().pos
        name, opened = self.read_name()
        name, indices = self.scripts(name)
        for _ in range(opened):
            if not self.peek().is_op("}"):
                raise self.fail("missing", start, expected="}")
            self.advance()
        if opened and indices is None:
            name, indices = self.scripts(name)
        return self.resolve(name, indices, start)

    def read_name(self) -> tuple[str, int]:
        """The name at the cursor and how many braces were opened around it (`\\tilde{w`)."""
        tok = self.peek()
        if tok.kind == CMD and (tok.text in DECORATIONS or tok.text in TRANSPARENT):
            self.advance()
            opened = 0
            if self.peek().is_op("{"):
                self.advance()
                opened = 1
            with self.deeper(tok.pos):
                inner, more = self.read_name()
            if tok.text in DECORATIONS:
                return f"{DECORATIONS[tok.text]}_{inner}", opened + more
            if tok.text == "\\mathbb" and inner == "V":
                inner = "Var"
            return inner, opened + more
        if tok.kind == CMD and tok.text[1:] in GREEK:
            self.advance()
            return GREEK[tok.text[1:]], 0
        if tok.kind == CMD and tok.text == "\\pi":
            self.advance()
            return "pi", 0
        if tok.kind == LETTERS:
            word = self.whole_word(tok)
            if word is not None:
                self.advance()
                return GREEK.get(word, word), 0
            return self.take_char().text, 0
        if tok.kind == WORD:
            self.advance()
            if " " in tok.text:
                if tok.text.replace(" ", "") in ("argmin", "argmax"):
                    raise self.fail("argopt_position", tok.pos)
                raise self.fail("text", tok.pos, token=tok.text)
            return tok.text, 0
        raise self.unexpected(tok)

    def scripts(self, name: str) -> tuple[str, tuple | None]:
        """Read `_...` and `^*` after a name: they extend the name or index it."""
        while True:
            tok = self.peek()
            if tok.is_op("_"):
                self.advance()
                nxt = self.peek()
                if nxt.kind == LETTERS and (f"{name}_{nxt.text}" in self.names or not self.latex):
                    self.advance()
                    toks, end = [nxt], nxt.pos + len(nxt.text)
                elif nxt.kind == NUM and not self.latex:
                    self.advance()
                    toks, end = [nxt], nxt.pos + len(nxt.text)
                else:
                    toks, end = self.script_argument()
                if not toks:
                    raise self.fail("missing_term", tok.pos, token="_")
                if len(toks) == 1 and toks[0].text in _STAR:
                    name = f"{name}_star"
                    continue
                text = _script_text(toks)
                if f"{name}_{text}" in self.names:
                    name = f"{name}_{text}"
                    continue
                indices = self.indices(name, toks, end, tok.pos)
                if indices is not None:
                    return name, indices
                name = f"{name}_{text}"
            elif tok.is_op("^") and self.star_ahead():
                name = f"{name}_star"
            else:
                return name, None

    def star_ahead(self) -> bool:
        """At `^`: is this `^*`, `^\\ast`, `^{*}` or `^{\\star}`?  If so, consume it."""
        one = self.peek(1)
        if one.text in _STAR and one.kind in (OP, CMD):
            self.i += 2
            return True
        if one.is_op("{") and self.peek(2).text in _STAR and self.peek(3).is_op("}"):
            self.i += 4
            return True
        return False

    def indices(self, name: str, toks: list[Token], end: int, pos: int) -> tuple | None:
        """The indices of `name_{toks}` if it is an indexed quantity, else None."""
        arity = self.notation.indexed.get(name)
        items = _index_items(toks, arity or 0)
        if arity:
            if len(items) != arity:
                raise self.fail("index_count", pos, name=name, expected=arity, found=len(items))
        elif name == "delta" and len(items) == 2:
            pass
        elif not (self.bound and _mentions(items, self.bound)):
            return None
        values = []
        for item in items:
            value = self.within(item, end, self.expression)
            values.append(self.algebra.scalar(value, pos))
        return tuple(values)

    def resolve(self, name: str, indices: tuple | None, pos: int):
        notation = self.notation
        if indices is not None:
            if name == "delta" and "delta" not in notation.indexed:
                return sympy.KroneckerDelta(*indices)
            return sympy.IndexedBase(name)[indices]
        if name in notation.functions or name == "Var":
            return self.call(name, pos)
        if name in notation.matrices:
            rows, cols = notation.matrices[name]
            return sympy.MatrixSymbol(name, _size(rows), _size(cols))
        if notation.identity and name == notation.identity:
            return sympy.Identity(self.identity_size(pos))
        if name not in notation.symbols:
            if name == "pi":
                return sympy.pi
            if name == "e":
                return sympy.E
            if name in ("infty", "inf"):
                return sympy.oo
        return sympy.Symbol(name)

    def call(self, name: str, pos: int):
        function = sympy.Function(name)
        opener = self.peek()
        if opener.is_op("(", "["):
            closer = ")" if opener.text == "(" else "]"
            self.advance()
            self.closers.append((closer, opener.pos))
            try:
                arguments = [self.expression()]
                while self.peek().is_op(","):
                    self.advance()
                    arguments.append(self.expression())
            finally:
                self.closers.pop()
            if not self.peek().is_op(closer):
                if self.peek().kind == END:
                    raise self.fail("missing", opener.pos, expected=closer)
                raise self.unexpected(self.peek())
            self.advance()
            return function(*arguments)
        defaults = self.notation.functions.get(name, ())
        if not defaults:
            raise self.fail("function_args", pos, name=name)
        return function(*(parse_trusted(d, self.notation, self.limits) for d in defaults))

    def identity_size(self, pos: int):
        for rows, cols in self.notation.matrices.values():
            if rows == cols:
                return _size(rows)
        raise self.fail("unsupported", pos, token=self.notation.identity)

    # -- calculus -------------------------------------------------------------------------

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
        if tok.is_cmd("\\partial") or tok.kind == WORD and tok.text == "d":
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
        if start.kind not in (LETTERS, WORD, CMD):
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
            arguments = operand.args if isinstance(operand, sympy.core.function.AppliedUndef) else ()
            if len(arguments) != 1:
                raise self.fail("unsupported", tok.pos, token="\\nabla")
            var = arguments[0]
        return Gradient(operand, var)

    # -- sums and products ----------------------------------------------------------------

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
            raise self.fail("bad_limits", tok.pos)
        specs = self.sum_limits(lower, upper, tok.pos)
        self.bound.extend(var.name for var, _, _, _ in specs)
        try:
            body = self.signed(self.product)
        finally:
            del self.bound[len(self.bound) - len(specs):]
        body = self.algebra.scalar(body, tok.pos)
        for var, low, high, excluded in reversed(specs):
            for other in excluded:
                keep = 1 - sympy.KroneckerDelta(var, other)
                body = body * keep if tok.text == "\\sum" else body**keep
            body = (sympy.Sum if tok.text == "\\sum" else sympy.Product)(body, (var, low, high))
        return body

    def sum_limits(self, lower, upper, pos: int):
        """`(var, low, high, excluded)` for each index of `\\sum_{...}^{...}`, outermost first."""
        toks, end = lower
        if toks and toks[0].is_cmd("\\substack") and len(toks) > 1 and toks[1].is_op("{"):
            toks = toks[2:-1] if toks[-1].is_op("}") else toks[2:]
        order: list[str] = []
        info: dict[str, dict] = {}

        def entry(name: str) -> dict:
            if name not in info:
                order.append(name)
                info[name] = {"low": None, "high": None, "excluded": []}
            return info[name]

        for part in _split(toks, (",", "\\\\")):
            if not part:
                continue
            cut = next((k for k, t in enumerate(part) if t.is_op("=") or t.text in _NEQ), None)
            names = self.index_names(part if cut is None else part[:cut], pos)
            if cut is None:
                for name in names:
                    entry(name)
                continue
            if len(names) != 1 or cut + 1 >= len(part):
                raise self.fail("bad_limits", pos)
            value = self.algebra.scalar(self.within(part[cut + 1 :], end, self.expression), pos)
            if part[cut].is_op("="):
                entry(names[0])["low"] = value
            else:
                entry(names[0])["excluded"].append(value)
        if not order:
            raise self.fail("bad_limits", pos)
        if upper is not None:
            high = self.algebra.scalar(self.within(upper[0], upper[1], self.expression), pos)
            for name in order:
                info[name]["high"] = high
        specs = []
        for name in order:
            spec = info[name]
            default = self.notation.index_ranges.get(name)
            for k, key in enumerate(("low", "high")):
                if spec[key] is None:
                    if default is None:
                        raise self.fail("index_range", pos, index=name)
                    spec[key] = parse_trusted(default[k], self.notation, self.limits)
                bound = spec[key]
                if isinstance(bound, sympy.Number) and bound.is_finite and abs(bound) > self.limits.max_sum_bound:
                    raise self.fail("sum_bound", pos, limit=self.limits.max_sum_bound)
            specs.append((sympy.Symbol(name), spec["low"], spec["high"], spec["excluded"]))
        return specs

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
        return self.peek().is_cmd("\\underset") or self.argopt_words() is not None

    def argopt_words(self) -> tuple[str, int] | None:
        first, second = _word(self.peek()), _word(self.peek(1))
        if first in ("argmin", "argmax"):
            return first[3:], 1
        if first == "arg" and second in ("min", "max"):
            return second, 2
        return None

    def argopt(self) -> ArgOpt:
        start = self.peek()
        variables_toks = None
        if start.is_cmd("\\underset"):
            self.advance()
            if not self.peek().is_op("{"):
                raise self.fail("missing", self.peek().pos, expected="{")
            variables_toks = self.group_tokens()
            braced = self.peek().is_op("{")
            if braced:
                self.advance()
            found = self.argopt_words()
            if found is None:
                raise self.fail("unsupported", start.pos, token="\\underset")
            kind, length = found
            self.i += length
            if braced:
                if not self.peek().is_op("}"):
                    raise self.fail("missing", start.pos, expected="}")
                self.advance()
        else:
            kind, length = self.argopt_words()
            self.i += length
            if self.peek().is_op("_"):
                self.advance()
                variables_toks = self.script_argument()
        variables = []
        if variables_toks is not None:
            toks, end = variables_toks
            for part in _split(toks, (",",)):
                if not part:
                    raise self.fail("unexpected", start.pos, token=",")
                variables.append(self.within(part, end, self.name_atom))
        objective = self.algebra.scalar(self.expression(), start.pos)
        self.algebra.check_size(objective, start.pos)
        if not variables and isinstance(objective, sympy.core.function.AppliedUndef):
            variables = [a for a in objective.args if isinstance(a, (sympy.Symbol, sympy.MatrixSymbol))]
        return ArgOpt(kind, tuple(variables), objective)


# -- helpers --------------------------------------------------------------------------------


def _relation_of(tok: Token) -> str | None:
    if tok.kind in (OP, CMD):
        return RELATIONS.get(tok.text)
    return None


def _is_unsupported_relation(tok: Token) -> bool:
    return tok.kind in (OP, CMD) and tok.text in UNSUPPORTED_RELATIONS


def _word(tok: Token) -> str | None:
    if tok.kind in (LETTERS, WORD):
        return tok.text.replace(" ", "")
    if tok.kind == CMD:
        return tok.text[1:]
    return None


def _size(text: str):
    return sympy.Integer(int(text)) if text.isdigit() else sympy.Symbol(text)


def _script_text(toks: list[Token]) -> str:
    parts = []
    for tok in toks:
        if tok.kind == CMD:
            parts.append(GREEK.get(tok.text[1:], tok.text[1:]))
        elif tok.kind == WORD:
            parts.append(tok.text.replace(" ", "_"))
        elif not tok.is_op("{", "}"):
            parts.append(tok.text)
    return "".join(parts)


def _split(toks: list[Token], separators: tuple[str, ...]) -> list[list[Token]]:
    """Split at top-level separators (outside braces and brackets)."""
    parts: list[list[Token]] = [[]]
    depth = 0
    for tok in toks:
        if tok.kind == OP and tok.text in ("{", "(", "["):
            depth += 1
        elif tok.kind == OP and tok.text in ("}", ")", "]"):
            depth -= 1
        if depth == 0 and tok.kind == OP and tok.text in separators:
            parts.append([])
        else:
            parts[-1].append(tok)
    return parts


def _index_items(toks: list[Token], arity: int) -> list[list[Token]]:
    """The index items of a subscript: `i,k` -> two; `ik` and `i k` -> two; `i+1` -> one."""
    items = [part for part in _split(toks, (",",))]
    if len(items) != 1:
        return items
    item = [t for t in items[0] if not t.is_op("{", "}")]
    if arity > 1 and len(item) == 1 and item[0].kind == NUM and len(item[0].text) == arity:
        return [[Token(NUM, ch, item[0].pos + k)] for k, ch in enumerate(item[0].text)]
    if item and all(t.kind == LETTERS or (t.kind == CMD and t.text[1:] in GREEK) for t in item):
        singles = []
        for tok in item:
            if tok.kind == LETTERS and tok.text not in ASCII_GREEK_WORDS:
                singles.extend([Token(LETTERS, ch, tok.pos + k)] for k, ch in enumerate(tok.text))
            else:
                singles.append([tok])
        return singles
    return items


def _mentions(items: list[list[Token]], bound: list[str]) -> bool:
    """Whether every index item involves a bound summation index (or is a number)."""
    found = False
    for item in items:
        names = {GREEK.get(t.text[1:], "") if t.kind == CMD else t.text for t in item}
        if names & set(bound):
            found = True
        elif not all(t.kind == NUM for t in item):
            return False
    return found
