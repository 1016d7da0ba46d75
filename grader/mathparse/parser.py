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
The parts live in `cursor` (tokens), `names`, `calculus` and `bigops`.
Nothing here ever evaluates text.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import sympy
from sympy.core.function import AppliedUndef

from .algebra import Algebra, is_matrix
from .bigops import BigOperators
from .calculus import Calculus
from .cursor import FRACTIONS, NOT_STARTERS, is_unsupported_relation, relation_of
from .errors import MathParseError
from .names import STAR
from .nodes import ParsedLine
from .norms import NormOne, NormTwo
from .notation import Limits, Notation
from .remarks import condition_parts, drop_trailing, matching, remark_start, strip_leading_marks, trailing_equality, unwrap
from .rewrites import rewrite
from .tokens import CMD, END, LETTERS, NUM, OP, TEXT, WORD, Token, looks_like_latex, tokenize
from .vocabulary import ASCII_GREEK_WORDS, ASCII_WORDS, DECORATIONS, GREEK, INEQUALITIES, PROSE_WORDS, RESERVED_WORDS, SCALAR_FUNCTIONS, STYLED, TRANSPARENT

_MULTIPLY_CMDS = frozenset({"\\cdot", "\\times", "\\ast", "\\star"})
_SYMMETRIC_BARS = frozenset({"|", "||", "\\|", "\\Vert", "\\vert"})
_BARS = {  # opener -> (closer, is a norm)
    "|": ("|", False), "\\vert": ("\\vert", False), "\\lvert": ("\\rvert", False),
    "||": ("||", True), "\\|": ("\\|", True), "\\Vert": ("\\Vert", True), "\\lVert": ("\\rVert", True),
}
_FUNCTIONS = {
    "log": sympy.log, "ln": sympy.log, "exp": sympy.exp, "sin": sympy.sin, "cos": sympy.cos,
    "tan": sympy.tan, "sinh": sympy.sinh, "cosh": sympy.cosh, "tanh": sympy.tanh,
}


def parse_trusted(text: str, notation: Notation, limits: Limits):
    """Our own short strings (default arguments, index ranges) read with our own parser."""
    plain = dataclasses.replace(notation, functions={})
    return Parser(text, plain, limits).expression_only()


class Parser(Calculus, BigOperators):
    """Reads one source string (create one per string): lines, terms and the arithmetic core."""

    def __init__(self, src: str, notation: Notation, limits: Limits) -> None:
        src = rewrite(src)  # `\not=`, `y^{(i)}`, `{a \over b}`, ... as the grammar reads them
        self.src = src
        self.notation = notation
        self.limits = limits
        self.latex = looks_like_latex(src)
        self.toks = unwrap(tokenize(src, self.latex))
        self.i = 0
        self.origin = 0
        """Where the first term's source starts (after a leading `\\therefore`)."""
        self.conditions: tuple = ()
        self.equalities: tuple[tuple[Any, Any], ...] = ()
        self.free_in_line: frozenset[str] = frozenset()
        """Indices free in another term of the line (`\\partial z_j` on the left): a sum over j is not
        read past its `+` to take them in, as the reading that leaves no index free would."""
        self.extended_indices: set[str] = set()
        """The indices of the sums read past a `+` (the sum-scope reading)."""
        self.readings: list[str] = []
        """Readings taken where the text allows two (``"sum_scope"``, ``"log_product"``), to be told."""
        """``(left, right)`` index names of a condition ``left = right`` after the math."""
        """``(left, right)`` pairs of a remark's ``left \\neq right`` conditions."""
        self.depth = 0
        self.bound = []
        self.closers = []
        self.pending_powers = []
        self.algebra = Algebra(src, limits)
        self.names = (set(notation.indexed) | set(notation.functions) | set(notation.matrices)
                      | set(notation.symbols) | ({notation.identity} if notation.identity else set()))
        self.words = (ASCII_WORDS | ASCII_GREEK_WORDS | RESERVED_WORDS | PROSE_WORDS
                      | {n for n in self.names if n.isalpha()})

    def trusted(self, text: str):
        """Our own short strings (default arguments, index ranges) read with our own parser."""
        return parse_trusted(text, self.notation, self.limits)

    # -- lines and terms ------------------------------------------------------------------

    def drop_trailing_punctuation(self) -> None:
        """What is around the math but not part of it: a sentence's `.` or `,`, a line break,
        proof marks (`\\therefore`, `\\blacksquare`) and a remark after the math (`\\quad
        \\text{for } k \\neq i`), whose `\\neq` conditions are kept in `conditions`."""
        toks = self.toks
        origin = strip_leading_marks(toks)
        if origin is not None:
            self.origin = origin
        drop_trailing(toks)
        equality = trailing_equality(toks)
        if equality is not None:  # `, \quad i = k`: the line holds where k = i
            at, left, right = equality
            toks[-1].pos = toks[at].gap_at if toks[at].gap else toks[at].pos
            del toks[at:-1]
            drop_trailing(toks)
            self.equalities = ((sympy.Symbol(left.text), sympy.Symbol(right.text)),)
        start = remark_start(toks, self.names)
        if start is not None:
            remark = toks[start:-1]
            toks[-1].pos = toks[start].gap_at
            del toks[start:-1]
            drop_trailing(toks)
            self.conditions = self.read_conditions(remark, toks[-1].pos)

    def read_conditions(self, remark: list[Token], end: int) -> tuple:
        pairs = []
        for left, right in condition_parts(remark):
            try:
                pairs.append((self.within(left, end, self.expression), self.within(right, end, self.expression)))
            except MathParseError:
                continue  # a condition we cannot read is a remark like any other
        return tuple(pairs)

    def line(self) -> ParsedLine:
        self.drop_trailing_punctuation()
        toks = self.toks
        if toks[0].kind == END:
            raise self.fail("empty", 0)
        leading = self.relation()
        terms, relations, sources = [], [], []
        last_relation = self.toks[0].text if leading else ""
        source_start = self.toks[self.i - 1].end if leading else self.origin
        while True:
            tok = self.peek()
            if tok.kind == END or relation_of(tok) or tok.is_cmd("\\stackrel", "\\overset"):
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
        return ParsedLine(tuple(terms), tuple(relations), leading, tuple(sources), self.conditions, self.equalities,
                          tuple(dict.fromkeys(self.readings)))

    def expression_only(self):
        self.drop_trailing_punctuation()
        first = self.peek()
        if first.kind == END:
            raise self.fail("empty", 0)
        if relation_of(first):
            raise self.fail("not_an_expression", first.pos, token=first.text)
        value = self.term()
        if self.peek().kind != END:
            tok = self.peek()
            if relation_of(tok) or tok.is_cmd("\\stackrel", "\\overset"):
                raise self.fail("not_an_expression", tok.pos, token=tok.text)
            raise self.unexpected(tok)
        return value

    def relation(self) -> str | None:
        tok = self.peek()
        rel = relation_of(tok)
        if rel:
            self.advance()
            return rel
        if tok.is_cmd("\\stackrel", "\\overset"):
            self.advance()
            if not self.peek().is_op("{"):
                raise self.fail("missing", self.peek().pos, expected="{")
            self.group_tokens()
            inner, _ = self.script_argument()
            rels = [relation_of(t) for t in inner]
            if len(inner) == 1 and rels[0]:
                return rels[0]
            raise self.fail("unsupported_relation", tok.pos, token=self.src[tok.pos : self.peek().pos].strip())
        if self.notation.inequalities and tok.kind in (OP, CMD) and tok.text in INEQUALITIES:
            self.advance()
            return INEQUALITIES[tok.text]
        if is_unsupported_relation(tok):
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
        terms = [(self.signed(self.product), self.peek().pos)]
        while self.peek().is_op("+", "-"):
            tok = self.advance()
            right = self.signed(self.product)
            terms.append((self.algebra.negate(right) if tok.text == "-" else right, tok.pos))
        if len(terms) > 1:
            terms = self.sum_scope_extended(terms)
        return self.algebra.add_all(terms)

    def sum_scope_extended(self, terms: list[tuple[object, int]]) -> list[tuple[object, int]]:
        """`\\sum_{i=1}^n a + b_i` (a textbook's way): a term after the sum that uses its index
        belongs to it, as a careful TA reads it (no index is left free)."""
        if not any(isinstance(value, sympy.Sum) for value, _ in terms[:-1]):
            return terms
        free = [value.free_symbols if isinstance(value, sympy.Basic) else set() for value, _ in terms]
        for j, (value, pos) in enumerate(terms[:-1]):
            if not isinstance(value, sympy.Sum) or len(value.limits) != 1:
                continue
            index = value.limits[0][0]
            if index.name in self.bound or index.name in self.free_in_line or any(index in f for f in free[:j]):
                continue
            later = [k for k in range(j + 1, len(terms)) if index in free[k]]
            if not later or any(is_matrix(v) for v, _ in terms[j:]):
                continue
            last = later[-1]
            body = sympy.Add(value.function, *(v for v, _ in terms[j + 1 : last + 1]))
            self.readings.append("sum_scope")
            self.extended_indices.add(index.name)
            return [*terms[:j], (sympy.Sum(body, *value.limits), pos), *terms[last + 1 :]]
        return terms

    def signed(self, parse):
        negative = False
        # a leading `\\pm` (r = \\pm\\sqrt{...}) names both roots; the positive one is read
        while self.peek().is_op("+", "-") or self.peek().is_cmd("\\pm"):
            negative ^= self.advance().text == "-"
        value = parse()
        return self.algebra.negate(value) if negative else value

    def product(self):
        factors = [(self.factor(), self.peek().pos, False)]
        while True:
            tok = self.peek()
            if tok.is_op("*") or tok.is_cmd(*_MULTIPLY_CMDS) or (tok.is_op(".") and self.starts_factor(self.peek(1))):
                self.advance()  # `-y_j.y_i`: a dot between two factors is a product, as `\cdot` is
                right = self.signed(self.factor)
                left = factors[-1][0]
                if (self.notation.inequalities and tok.is_cmd("\\cdot") and is_matrix(left) and is_matrix(right)
                        and left.shape == right.shape and left.shape[1] == 1 and left.shape[0] != 1):
                    # `w_k \cdot w_{opt}` of two column vectors: their inner product (extended course)
                    factors[-1] = (self.algebra.scalar(left.T * right, tok.pos), factors[-1][1], factors[-1][2])
                    continue
                factors.append((right, tok.pos, False))
            elif tok.is_op("/") or tok.is_cmd("\\div"):
                self.advance()
                factors.append((self.signed(self.factor), tok.pos, True))
            elif self.starts_factor(tok):
                factors.append((self.factor(), tok.pos, False))
            else:
                return self.algebra.multiply_all(factors)

    def juxtaposition(self, through_exp: bool = False):
        """What a bare `\\log` applies to: factors written side by side, up to the next operator
        (for a log, through an `\\exp`: `\\log \\frac{1}{\\sqrt{2\\pi}} \\exp(...)` is the log of the product)."""
        factors = [(self.signed(self.factor), self.peek().pos, False)]
        while self.starts_factor(self.peek()) and (not self.function_ahead() or (through_exp and self.exp_ahead())):
            tok = self.peek()
            if self.function_ahead():
                self.readings.append("log_product")
            factors.append((self.factor(), tok.pos, False))
        return self.algebra.multiply_all(factors)

    def exp_ahead(self) -> bool:
        tok = self.peek()
        return tok.is_cmd("\\exp") or (tok.kind in (LETTERS, WORD) and tok.text == "exp")

    def starts_factor(self, tok: Token) -> bool:
        if tok.kind in (NUM, LETTERS, WORD, TEXT):
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
            if tok.text in ("\\max", "\\min"):  # `\max(a, b)` is a factor; `\max_w` is not
                return (self.peek(1).is_op("(") or self.peek(1).is_cmd("\\{")) if self.peek() is tok else False
            return tok.text not in NOT_STARTERS
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
            elif self.notation.inequalities and tok.is_op("_") and self.positive_part_ahead():
                value = sympy.Max(self.algebra.scalar(value, tok.pos), 0)  # `(x)_+`: the positive part max(x, 0)
            elif tok.is_op("_") and isinstance(value, AppliedUndef) and self.peek(1).kind != END:
                # `f(x; w)_j`: the j-th output of a function the problem does not name; the index is its last
                # argument, so that a sum over j still binds it
                self.advance()
                toks, end = self.script_argument()
                if not toks:
                    raise self.fail("missing_term", tok.pos, token="_")
                index = self.algebra.scalar(self.within(toks, end, self.expression), tok.pos)
                value = value.func(*value.args, index)
            elif (tok.is_op("_") and isinstance(value, sympy.Symbol) and self.i > 0 and self.toks[self.i - 1].is_op("]")
                  and self.peek(1).kind != END):
                # `[\\mathbf{x}]_i`: the i-th entry of the vector in the bracket, `x_i`
                self.advance()
                toks, end = self.script_argument()
                if not toks:
                    raise self.fail("missing_term", tok.pos, token="_")
                index = self.algebra.scalar(self.within(toks, end, self.expression), tok.pos)
                value = sympy.IndexedBase(value.name)[index]
            elif tok.is_op("_", "'"):
                raise self.fail("unsupported", tok.pos, token=tok.text)
            else:
                return value

    def positive_part_ahead(self) -> bool:
        """At `_`: is this `_+` or `_{+}` (the positive part)?  If so, consume it."""
        if self.peek(1).is_op("+"):
            self.i += 2
            return True
        if self.peek(1).is_op("{") and self.peek(2).is_op("+") and self.peek(3).is_op("}"):
            self.i += 4
            return True
        return False

    def superscript(self, base, pos: int):
        with self.deeper(pos):
            tok = self.peek()
            if not self.latex and not tok.is_op("{") and not self.transpose_word(tok):
                exponent = self.signed(self.factor)
                return self.algebra.power(base, exponent, pos)
            toks, end = self.script_argument()
            return self.apply_superscript(base, toks, end, pos)

    def apply_superscript(self, base, toks: list[Token], end: int, pos: int):
        """`base^{toks}`: a transpose, an inverse or a power."""
        if len(toks) == 1 and self.transpose_word(toks[0]):
            return self.algebra.transpose(base)
        if len(toks) > 2 and self.transpose_word(toks[0]) and toks[1].is_op("^") and is_matrix(base):
            # `Q^{T^{-1}}`: the transpose, then the power its own superscript gives (the inverse)
            return self.superscript_tokens(self.algebra.transpose(base), toks[2:], end, toks[1].pos)
        if len(toks) == 2 and toks[0].is_op("-") and self.transpose_word(toks[1]) and is_matrix(base):
            # `Q^{-T}`: the inverse of the transpose
            return self.algebra.power(self.algebra.transpose(base), sympy.Integer(-1), pos)
        if len(toks) == 1 and toks[0].text in STAR:
            raise self.fail("unsupported", toks[0].pos, token=toks[0].text)
        exponent = self.within(toks, end, self.expression)
        return self.algebra.power(base, exponent, pos)

    def superscript_tokens(self, base, toks: list[Token], end: int, pos: int):
        """`base^toks` where `toks` is the script's own argument, braced (`{-1}`) or one token (`-1` is not)."""
        if toks[0].is_op("{") and matching(toks, 0) == len(toks) - 1:
            toks = toks[1:-1]
        if not toks:
            raise self.fail("missing_term", pos, token="^")
        return self.apply_superscript(base, toks, end, pos)

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
            if text == "1" and self.peek(1).is_cmd("\\{") and self.iverson_ahead(self.i + 1) is not None:
                self.advance()  # `1\{k = i\}`: the indicator, the Kronecker delta
                return self.iverson(self.i)
            if (text == "1" and self.peek(1).is_op("_") and self.peek(2).is_op("{")
                    and self.iverson_ahead(self.i + 2) is not None):
                self.i += 2  # `1_{k = i}`
                return self.iverson(self.i)
            self.advance()
            return self.algebra.number_from_digits(text, tok.pos)
        if kind == OP:
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
            if text in _BARS:
                return self.bars()
            raise self.unexpected(tok)
        if kind == CMD:
            if text == "\\{":
                return self.group("\\}")
            if text in _BARS:
                return self.bars()
            if text in FRACTIONS:
                return self.fraction()
            if text == "\\sqrt":
                return self.root()
            if text in ("\\sum", "\\prod"):
                return self.big_operator()
            if text in ("\\max", "\\min") and (self.peek(1).is_op("(") or self.peek(1).is_cmd("\\{")):
                return self.extremum(sympy.Max if text == "\\max" else sympy.Min)
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
            if text in ("\\Pi", "\\Sigma") and self.limits_ahead():
                # `\\Pi_{i=1}^{n}` written for `\\prod_{i=1}^{n}`
                tok.text = "\\prod" if text == "\\Pi" else "\\sum"
                return self.big_operator()
            indicator = self.indicator_ahead()
            if indicator is not None:  # `\\mathbb{1}[k = i]`, `\\mathbb{1}_{k=i}`: the Kronecker delta
                wrapped = self.toks[indicator].is_cmd("\\{") and self.toks[indicator - 1].is_op("{")
                self.i = indicator
                delta = self.iverson(indicator)
                if wrapped:  # `\\mathbb{1}_{\\{k = i\\}}`: the subscript's own brace closes too
                    if not self.peek().is_op("}"):
                        raise self.fail("missing", self.peek().pos, expected="}")
                    self.advance()
                return delta
            if self.identity_one_ahead():
                return self.identity_one()
            if text in TRANSPARENT and self.peek(1).is_op("{") and not self.simple_name_group(self.i + 1):
                self.advance()
                return self.group("}")
            if text[1:] in GREEK or text in DECORATIONS or text in TRANSPARENT or text in STYLED:
                return self.name_atom()
            raise self.unexpected(tok)
        if kind == TEXT:
            raise self.fail("text", tok.pos, token=text)
        if kind in (LETTERS, WORD):
            word = self.whole_word(tok)
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
        raise self.unexpected(tok)

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
            if [t.text for t in toks] == ["1"]:  # `\|w\|_1`: the L1 norm
                return NormOne(value) if is_matrix(value) or isinstance(value, sympy.Symbol) else self.algebra.absolute(value, opener.pos)
            if [t.text for t in toks] not in (["2"], ["F"]):
                raise self.fail("unsupported", opener.pos, token="_" + "".join(t.text for t in toks))
        if isinstance(value, sympy.Symbol) and self.notation.indexed.get(value.name) == 1:
            return NormTwo(value)  # `\|w\|` for the w_j: the norm of their vector (a power after it applies as to any factor)
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
