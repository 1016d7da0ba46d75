"""Walking over tokens: looking ahead, consuming, reading script arguments, failing well."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from .algebra import Algebra
from .errors import MathParseError
from .notation import Limits, Notation
from .tokens import CMD, END, LETTERS, NUM, OP, TEXT, WORD, Token
from .vocabulary import DECORATIONS, GREEK, NAME_COMMANDS, RELATIONS, SCALAR_FUNCTIONS, UNSUPPORTED_RELATIONS

FRACTIONS = frozenset({"\\frac", "\\dfrac", "\\tfrac", "\\cfrac"})
NOT_STARTERS = frozenset({
    "\\cdot", "\\times", "\\div", "\\ast", "\\star", "\\pm", "\\mp", "\\rVert", "\\rvert", "\\}",
    "\\top", "\\intercal", "\\min", "\\max", "\\stackrel", "\\overset", "\\mid", "\\\\",
}) | frozenset(RELATIONS) | UNSUPPORTED_RELATIONS
"""Commands that cannot begin a factor (so they end a juxtaposition)."""

KNOWN_UNSUPPORTED = frozenset({
    "\\int", "\\iint", "\\oint", "\\lim", "\\min", "\\max", "\\sup", "\\inf", "\\det", "\\tr",
    "\\operatorname", "\\pm", "\\mp", "\\mid", "\\binom", "\\choose", "\\cup", "\\cap", "\\forall",
    "\\exists", "\\prime", "\\circ", "\\odot", "\\otimes", "\\oplus", "\\langle", "\\rangle",
    "\\lfloor", "\\rfloor", "\\lceil", "\\rceil", "\\begin", "\\end", "\\dots", "\\ldots", "\\cdots",
    "\\vdots", "\\ddots", "\\top", "\\intercal", "\\substack", "\\stackrel", "\\overset",
    "\\underset", "\\arg", "\\argmin", "\\argmax", "\\}", "\\rVert", "\\rvert",
})
"""Commands we know but cannot read where they stand: "not supported", not "unknown"."""

READ_COMMANDS = (FRACTIONS | frozenset(DECORATIONS) | NAME_COMMANDS | frozenset(RELATIONS)
                 | frozenset("\\" + name for name in GREEK) | frozenset("\\" + f for f in SCALAR_FUNCTIONS)
                 | frozenset({"\\sqrt", "\\sum", "\\prod", "\\partial", "\\nabla", "\\pi", "\\infty",
                              "\\{", "\\|", "\\lVert", "\\Vert", "\\lvert", "\\vert"}))
"""Commands the parser reads somewhere; met in the wrong place they are "not supported here"."""


class Cursor:
    """The token list and the position in it; shared by every part of the parser.

    The parser is assembled from parts (`NameReader`, `Calculus`, `BigOperators`,
    `Indicators`, and `Primaries` over them) that all walk this cursor; `Parser` adds
    the grammar's core (`expression`, `product`, `factor`, ...), which the parts call
    back into.
    """

    src: str
    notation: Notation
    limits: Limits
    algebra: Algebra
    latex: bool
    toks: list[Token]
    i: int
    depth: int
    pending_powers: list
    """Superscripts written before a subscript (`x^2_i`), applied once the name is read."""
    closers: list[tuple[str, int]]
    """Closing delimiters we are inside of, innermost last, with where their construct began."""
    bound: list[str]
    """Indices bound by the enclosing sums and products."""
    names: set[str]
    words: frozenset[str]
    scalar_guesses: list[str]
    """Letters the problem does not know, read as numbers (in the order met)."""
    readings: list[str]
    """Readings taken where the text allows two, to be told (set by `Parser`)."""

    if TYPE_CHECKING:  # the grammar's core, defined by `Parser`, which the parts call back into
        def expression(self) -> Any: ...
        def product(self) -> Any: ...
        def signed(self, parse: Callable[[], Any]) -> Any: ...
        def factor(self) -> Any: ...
        def juxtaposition(self, through_exp: bool = False) -> Any: ...
        def trusted(self, text: str) -> Any: ...
        def apply_superscript(self, base: Any, toks: list[Token], end: int, pos: int) -> Any: ...
        def whole_word(self, tok: Token) -> str | None: ...

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
        if is_unsupported_relation(tok):
            return self.fail("unsupported_relation", tok.pos, token=tok.text)
        if tok.kind == TEXT:
            return self.fail("text", tok.pos, token=tok.text)
        if tok.kind == CMD:
            if tok.text in KNOWN_UNSUPPORTED or tok.text in READ_COMMANDS:
                return self.fail("unsupported", tok.pos, token=tok.text)
            if tok.text not in NOT_STARTERS:
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
            if self.peek().is_op("-", "+"):
                raise self.unexpected(self.peek())
            rest, end = self.script_argument()
            return [tok] + rest, end
        if tok.kind == CMD:
            self.advance()
            toks = [tok]
            arguments = 2 if tok.text in FRACTIONS else 1 if (
                tok.text in DECORATIONS or tok.text in NAME_COMMANDS or tok.text == "\\sqrt") else 0
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


def relation_of(tok: Token) -> str | None:
    if tok.kind in (OP, CMD):
        return RELATIONS.get(tok.text)
    return None


def is_unsupported_relation(tok: Token) -> bool:
    return tok.kind in (OP, CMD) and tok.text in UNSUPPORTED_RELATIONS


def split_tokens(toks: list[Token], separators: tuple[str, ...]) -> list[list[Token]]:
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
