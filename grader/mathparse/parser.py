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
The parts live in `cursor` (tokens), `names`, `calculus`, `bigops`, `indicators` and
`primaries` (the readers of a primary).
Nothing here ever evaluates text.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import sympy
from sympy.core.function import AppliedUndef

from .algebra import Algebra, is_matrix
from .cursor import NOT_STARTERS, is_unsupported_relation, relation_of
from .errors import MathParseError
from .names import STAR
from .nodes import ParsedLine
from .notation import Limits, Notation
from .primaries import Primaries
from .remarks import condition_parts, drop_trailing, matching, remark_start, strip_leading_marks, trailing_equality, unwrap
from .rewrites import rewrite
from .superscript_entries import entries_written_above
from .tokens import CMD, END, LETTERS, NUM, OP, TEXT, WORD, Token, looks_like_latex, tokenize
from .vocabulary import ASCII_GREEK_WORDS, ASCII_WORDS, INEQUALITIES, PROSE_WORDS, RESERVED_WORDS, SCALAR_FUNCTIONS

_MULTIPLY_CMDS = frozenset({"\\cdot", "\\times", "\\ast", "\\star"})
_ELIDED_STEPS = ("\\dots", "\\ldots", "\\cdots", "\\dotsb", "\\dotsc")
_SYMMETRIC_BARS = frozenset({"|", "||", "\\|", "\\Vert", "\\vert"})


def parse_trusted(text: str, notation: Notation, limits: Limits):
    """Our own short strings (default arguments, index ranges) read with our own parser."""
    plain = dataclasses.replace(notation, functions={})
    return Parser(text, plain, limits).expression_only()


class Parser(Primaries):
    """Reads one source string (create one per string): lines, terms and the arithmetic core."""

    def __init__(self, src: str, notation: Notation, limits: Limits) -> None:
        # `\not=`, `y^{(i)}`, `{a \over b}`, ... as the grammar reads them; `y^i` an entry of the family y
        src, above = entries_written_above(rewrite(src), notation)
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
        self.readings: list[str] = ["entries_above"] if above else []
        """Readings taken where the text allows two (``"sum_scope"``, ``"log_product"``), to be told."""
        """``(left, right)`` index names of a condition ``left = right`` after the math."""
        """``(left, right)`` pairs of a remark's ``left \\neq right`` conditions."""
        self.depth = 0
        self.scalar_guesses = []
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
        if leading:
            leading = self.across_elision(leading)
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
            relations.append(self.across_elision(rel))
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
            # `\overset{\text{i.i.d.}}{\sim}`: the relation under the note (a remark's, where it is one)
            noted = inner[0].text if len(inner) == 1 and is_unsupported_relation(inner[0]) else None
            raise self.fail("unsupported_relation", tok.pos, token=noted or self.src[tok.pos : self.peek().pos].strip())
        if self.notation.inequalities and tok.kind in (OP, CMD) and tok.text in INEQUALITIES:
            self.advance()
            return INEQUALITIES[tok.text]
        if is_unsupported_relation(tok):
            raise self.fail("unsupported_relation", tok.pos, token=tok.text)
        return None

    def across_elision(self, rel: str) -> str:
        """`A = B = \\dots = C`: steps left out between B and C. The link from B to C is what those steps
        claim together, so it is checked as one step (a wrong C is still charged); the two relations must
        agree (`= \\dots \\le` is left unread). Returns the relation of that link."""
        length = self.elision_ahead()
        if not length:
            return rel
        resume = self.i
        self.i += length
        second = self.relation()
        if second != rel:
            self.i = resume  # no relation after the ellipsis, or another one: read as written (and refused)
            return rel
        self.readings.append("elided_steps")
        return rel

    def elision_ahead(self) -> int:
        """How many tokens an ellipsis standing for left-out steps takes right here (`\\dots`, `...`), or 0."""
        if self.peek().is_cmd(*_ELIDED_STEPS):
            return 1
        if all(self.peek(k).is_op(".") for k in range(3)):
            return 3
        return 0

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
