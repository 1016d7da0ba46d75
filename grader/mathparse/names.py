"""Reading names: letters, Greek, decorations, subscripts and what a name stands for."""

from __future__ import annotations

import sympy

from .cursor import Cursor, split_tokens
from .errors import MathParseError
from .joint_probabilities import call_function
from .nodes import DiagonalMatrix
from .tokens import CMD, END, LETTERS, NUM, OP, WORD, Token
from .vocabulary import ASCII_GREEK_WORDS, DECORATIONS, GREEK, STYLED, TRANSPARENT

STAR = frozenset({"*", "\\ast", "\\star"})
_DECORATED = tuple(f"{word}_" for word in dict.fromkeys(DECORATIONS.values()))
"""The heads of a decorated name (`tilde_w` of `\\tilde w`)."""
_ARGUMENT_SEPARATORS = frozenset({",", ";", "\\mid"})
"""What separates a function's arguments: `p(k \\mid x_i; \\theta)` has three (so does a single `|`)."""


class NameReader(Cursor):
    """`x`, `\\tilde{w}_i`, `Y_{ik}`, `n_{\\text{in}}`, `w^*`, `L(w, b)`, `I`."""

    def name_atom(self):
        start = self.peek().pos
        # `\\operatorname{lik}(\\mathcal{D})`: a name set as an operator, which a parenthesis after it calls
        # (`\\text{CE}(\\theta)` stays a product unless the problem or the student declares CE)
        as_word = self.peek().kind == WORD and self.src.startswith("\\operatorname", self.peek().pos)
        name, opened = self.read_name()
        outer, self.pending_powers = self.pending_powers, []
        try:
            name, indices = self.scripts(name)
            for _ in range(opened):
                if not self.peek().is_op("}"):
                    raise self.fail("missing", start, expected="}")
                self.advance()
            if opened and indices is None:
                name, indices = self.scripts(name)
            powers = self.pending_powers
        finally:
            self.pending_powers = outer
        self.word_name = as_word and len(name) > 1
        value = self.resolve(name, indices, start)
        for toks, end, pos in powers:
            value = self.apply_superscript(value, toks, end, pos)
        return value

    def read_name(self) -> tuple[str, int]:
        """The name at the cursor and how many braces were opened around it (`\\tilde{w`)."""
        tok = self.peek()
        if tok.is_op("{"):  # `{x}_{i}`, as SymPy prints an indexed quantity
            self.advance()
            inner, more = self.read_name()
            return inner, more + 1
        if tok.kind == CMD and (tok.text in DECORATIONS or tok.text in TRANSPARENT or tok.text in STYLED):
            self.advance()
            opened = 0
            if self.peek().is_op("{"):
                self.advance()
                opened = 1
            with self.deeper(tok.pos):
                inner, more = self.read_name()
            if tok.text in DECORATIONS:
                return f"{DECORATIONS[tok.text]}_{inner}", opened + more
            if tok.text in STYLED:  # `\\mathcal{L}` is `Lcal`, another name than `L`
                return f"{inner}{STYLED[tok.text]}", opened + more
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
                name, indices = self.subscript(name, tok)
                if indices is not None:
                    return name, indices
            elif tok.is_op("^") and self.star_ahead():
                name = f"{name}_star"
            elif tok.is_op("^") and self.label_ahead(name):
                name = f"{name}_{self.advance().text}"  # `w^R`: the regularized w, a w of its own
            elif tok.is_op("^") and self.subscript_after_superscript():
                # `x^2_i` is `x_i^2`: keep the power for after the name is known
                self.advance()
                toks, end = self.script_argument()
                self.pending_powers.append((toks, end, tok.pos))
            else:
                return name, None

    def subscript(self, name: str, tok: Token) -> tuple[str, tuple | None]:
        """At the `_` after `name`: the name it extends (`w_star`, `n_in`) with no indices, or the name and
        its indices (`y_i`, `w_i^*`)."""
        self.advance()
        toks, end = self.subscript_tokens(name)
        if not toks:
            raise self.fail("missing_term", tok.pos, token="_")
        if len(toks) == 1 and toks[0].text in STAR:
            return f"{name}_star", None
        text = _script_text(toks)
        if f"{name}_{text}" in self.names:
            return f"{name}_{text}", None
        indices = self.indices(name, toks, end, tok.pos)
        if indices is None:
            return f"{name}_{text}", None
        starred = f"{self.notation.aliases.get(name, name)}_star" in self.names  # `\omega_i^\ast`, ω the author's w
        if (f"{name}_star" in self.names or starred) and self.peek().is_op("^") and self.star_ahead():
            name = f"{name}_star"  # `w_i^*`: the i-th entry of w^*, as `w^*_i` is
        return name, indices

    def subscript_tokens(self, name: str) -> tuple[list[Token], int]:
        """The subscript's tokens and where it ends: its argument, or in plain text a whole run of letters
        or digits (`n_in`, `x_12`)."""
        nxt = self.peek()
        # `w_ja_j` (a run of letters whose last one takes its own subscript) is `w_j a_j`, as LaTeX reads it
        run_with_subscript = len(nxt.text) > 1 and self.peek(1).is_op("_")
        if nxt.kind == LETTERS and (f"{name}_{nxt.text}" in self.names or (not self.latex and not run_with_subscript)):
            self.advance()
            return [nxt], nxt.pos + len(nxt.text)
        if nxt.kind == NUM and not self.latex:
            self.advance()
            return [nxt], nxt.pos + len(nxt.text)
        return self.script_argument()

    def label_ahead(self, name: str) -> bool:
        """At `^` after a vector or matrix of the problem: is this a one-capital-letter label (`w^R`,
        `\\Lambda^R`) the problem does not know (not `T`, not a power)?  If so, consume the `^`."""
        if name not in self.notation.matrices:
            return False
        one = self.peek(1)
        if not (one.kind == LETTERS and len(one.text) == 1 and one.text.isupper() and one.text != "T"):
            return False
        known = self.names | set(self.notation.matrices) | set(self.notation.symbols)
        if one.text in known or f"{name}_{one.text}" in self.notation.symbols or self.notation.identity == one.text:
            return False
        self.advance()
        return True

    def star_ahead(self) -> bool:
        """At `^`: is this `^*`, `^\\ast`, `^{*}` or `^{\\star}`?  If so, consume it."""
        one = self.peek(1)
        if one.text in STAR and one.kind in (OP, CMD):
            self.i += 2
            return True
        if one.is_op("{") and self.peek(2).text in STAR and self.peek(3).is_op("}"):
            self.i += 4
            return True
        return False

    def subscript_after_superscript(self) -> bool:
        """At `^`: does a subscript follow the superscript's argument?"""
        j = self.i + 1
        tok = self.toks[j] if j < len(self.toks) else None
        if tok is None:
            return False
        if tok.is_op("{"):
            depth = 0
            while j < len(self.toks):
                if self.toks[j].is_op("{"):
                    depth += 1
                elif self.toks[j].is_op("}"):
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
        elif not (tok.kind in (NUM, LETTERS) and len(tok.text) == 1) and not (
                tok.kind == CMD and tok.text[1:] in GREEK):
            return False
        return self.peek(j + 1 - self.i).is_op("_")

    def indices(self, name: str, toks: list[Token], end: int, pos: int) -> tuple | None:
        """The indices of `name_{toks}` if it is an indexed quantity, else None."""
        arity = self.notation.indexed.get(self.notation.aliases.get(name, name))
        items = _index_items(toks, arity or 0)
        if arity:
            if len(items) < arity:
                # `Y_i` for the label vector of sample i when Y is `Y_{ik}`: a name of its own (a
                # vector the problem gives no value), not an error
                return None
            # more indices (`w_{ij}` where the problem writes w_j) stay indices: the entries of a
            # matrix of such variables, which moments of `Var(w)` describe alike
        else:
            kronecker = name == "delta" and len(items) == 2
            if not kronecker and not (self.bound and _mentions(items, self.bound)):
                return None
        values = []
        for item in items:
            value = self.within(item, end, self.expression)
            values.append(self.algebra.scalar(value, pos))
        return tuple(values)

    def resolve(self, name: str, indices: tuple | None, pos: int):
        """What the name read stands for: an entry of a family, a call, a matrix, the identity, a constant or
        a symbol."""
        notation = self.notation
        written, name = name, self.read_as(name)
        entry = self.function_letter_entry(name, written, indices)
        if entry is not None:
            return entry
        if indices is not None:
            return self.family_entry(name, indices, pos)
        if name in notation.functions or name == "Var":
            return self.call(name, pos)
        if name in ("diag", "Diag") and notation.identity and name not in self.names and self.peek().is_op("("):
            return self.diagonal(name, pos)
        matrix = self.matrix_named(name)
        if matrix is not None:
            return matrix
        if notation.identity and (name == notation.identity or self.identity_alias(name)):
            return sympy.Identity(self.identity_size(pos))
        if (name in notation.indexed or name in notation.symbols) and self.argument_list_ahead():
            return self.quantity_with_arguments(name, pos)
        if name not in notation.symbols:
            return self.undeclared(name, pos)
        return sympy.Symbol(name)

    def read_as(self, name: str) -> str:
        """The name the parser reads: the author's letter's alias, or a known name aliased (the author's y for the labels Y)."""
        if name not in self.names or name in self.notation.aliases:
            return self.aliased(name)
        return name

    def function_letter_entry(self, name: str, written: str, indices: tuple | None):
        """`\\sigma(A_k)` where the author's function letter σ is read as the outputs y (and A as the logits): the
        entry `y_k`, the quantity at the index of its one indexed argument; None (nothing read) otherwise."""
        if name == written or indices is not None or name not in self.notation.indexed or not self.peek().is_op("("):
            return None
        start = self.i
        try:
            call = self.application(name, self.peek().pos)
        except MathParseError:
            call = None
        if call is not None and len(call.args) == 1 and isinstance(call.args[0], sympy.Indexed):
            if len(call.args[0].indices) == self.notation.indexed.get(name):
                return sympy.IndexedBase(name)[call.args[0].indices]
        self.i = start
        return None

    def family_entry(self, name: str, indices: tuple, pos: int):
        """`y_i`, `\\delta_{ij}`, `z_k(x, \\theta)`: a name with indices."""
        if name == "delta" and "delta" not in self.notation.indexed:
            return sympy.KroneckerDelta(*indices)
        if name not in self.notation.indexed and name not in self.names and self.argument_list_ahead():
            # `z_k(x, \\theta)`: the k-th of a family of functions the problem does not name; the index is
            # its first argument, so that a sum over k still binds it
            call = self.application(name, pos)
            return sympy.Function(name)(*indices, *call.args)
        return sympy.IndexedBase(name)[indices]

    def diagonal(self, name: str, pos: int):
        """`\\Lambda = \\mathrm{diag}(\\lambda_i)`: sized like the identity of the problem."""
        entry = self.application(name, pos)
        if len(entry.args) != 1:
            raise self.fail("function_args", pos, name=name)
        return DiagonalMatrix(self.algebra.scalar(entry.args[0], pos), self.identity_size(pos))

    def matrix_named(self, name: str):
        """The problem's matrix or vector `name`, or one labelled after it (`w^R` is shaped as w); else None."""
        matrices = self.notation.matrices
        if name in matrices:
            rows, cols = matrices[name]
            return sympy.MatrixSymbol(name, _size(rows), _size(cols))
        labelled = name.rsplit("_", 1)
        if (len(labelled) == 2 and labelled[0] in matrices and len(labelled[1]) == 1
                and labelled[1].isupper() and labelled[1] != "T"):
            rows, cols = matrices[labelled[0]]
            return sympy.MatrixSymbol(name, _size(rows), _size(cols))
        return None

    def quantity_with_arguments(self, name: str, pos: int):
        """A name the problem declares, followed by an argument list."""
        if name in self.notation.indexed:
            # `y(x, w)`: the author's model written as a function of its inputs, a call (not the data y_i)
            return self.application(name, pos)
        # `E(\\mathbf{Y}, \\mathbf{y})`: the problem's quantity written with what it depends on; the
        # arguments are read (they must make sense) and the quantity is E itself
        self.application(name, pos)
        return sympy.Symbol(name)

    def undeclared(self, name: str, pos: int):
        """A name the problem does not declare as a symbol: a constant, a call of a function it does not
        name, or a symbol."""
        if name == "pi":
            return sympy.pi
        if name == "e":
            return sympy.E
        if name in ("infty", "inf"):
            return sympy.oo
        bracketed_call = self.peek().is_op("[") and self.conditional_bracket_ahead()
        styled = _styled(name) or getattr(self, "word_name", False)
        if name not in self.names and (self.argument_list_ahead() or bracketed_call
                                       or (styled and self.peek().is_op("("))):
            # `p(y_i \\mid x_i)`, `\\mathrm{NLL}(w, b)`, `\\mathcal{L}(\\theta)`, `\\mathbb{P}[y_i | x_i]`: a call of a
            # function the problem does not name
            return self.application(name, pos)
        self.scalar_guesses.append(name)  # a letter of the author's, read as a number (see `letter_shapes`)
        return sympy.Symbol(name)

    def aliased(self, name: str) -> str:
        """The problem's name for the author's: its alias (`omega` for w), and the same under a decoration or a
        star (`tilde_omega`, `omega_star` for tilde_w, w_star) where the problem knows that name."""
        aliases = self.notation.aliases
        if name in aliases:
            return aliases[name]
        for head in _DECORATED:
            if name.startswith(head) and name[len(head):] in aliases:
                target = head + aliases[name[len(head):]]
                return target if target in self.names else name
        if name.endswith("_star") and name[: -len("_star")] in aliases:
            target = aliases[name[: -len("_star")]] + "_star"
            return target if target in self.names else name
        return name

    def identity_alias(self, name: str) -> bool:
        """`I_d`, `I_n`, `\\mathbf{I}_d`, `\\mathrm{Id}`: the identity, where the notation has one."""
        if name in self.names:
            return False
        identity = self.notation.identity
        if name == "Id":
            return True
        if identity is None:  # only asked where the notation has an identity
            return False
        size = name[len(identity) + 1 :] if name.startswith(identity + "_") else ""
        return size.isascii() and size.isalnum()

    def argument_list_ahead(self) -> bool:
        """At `(`: does the parenthesis hold several arguments (`,`, `;`, `\\mid` or one `|`)?"""
        return self.peek().is_op("(") and self.argument_parts(self.i) is not None

    def conditional_bracket_ahead(self) -> bool:
        """At `[`: does it hold a condition, `[y_i | x_i]`, `[y \\mid x]` (a probability written with brackets)?"""
        found = self.argument_parts(self.i)
        if found is None:
            return False
        inside = self.toks[self.i + 1 : found[1]]
        depth, bars = 0, 0
        for tok in inside:
            if tok.is_op("(", "[", "{"):
                depth += 1
            elif tok.is_op(")", "]", "}"):
                depth -= 1
            elif depth == 0 and (tok.is_op("|") or tok.is_cmd("\\mid")):
                bars += 1
        return bars == 1

    def argument_parts(self, j: int) -> tuple[list[tuple[list[Token], int]], int] | None:
        """The arguments in the parenthesis opening at token `j` (each with the offset after it)
        and the index of the closing parenthesis, if it holds more than one argument."""
        found = _closing_bracket(self.toks, j)
        if found is None:
            return None
        close, bars = found
        parts = _arguments(self.toks, j, close, set(bars) if len(bars) == 1 else set())
        if parts is None or (len(parts) < 2 and not any(_event_at(part) is not None for part, _ in parts)):
            return None
        return parts, close

    def call_argument(self, part: list[Token], end: int):
        """One argument of a call: an expression, or an event `Y = 1` (`P(Y=1 \\mid x)`, `p(c=k \\mid x)`)."""
        at = _event_at(part)
        if at is None:
            return self.within(part, end, self.expression)
        left = self.within(part[:at], part[at].pos, self.expression)
        right = self.within(part[at + 1 :], end, self.expression)
        return sympy.Eq(self.algebra.scalar(left, part[at].pos), self.algebra.scalar(right, end), evaluate=False)

    def call(self, name: str, pos: int):
        primes = 0
        while self.peek().is_op("'"):
            self.advance()
            primes += 1
        power = None
        if not primes and self.peek().is_op("^") and self.power_before_call_ahead():
            # `\\mathbb{E}^2(w a)`: the square of the call, as `\\sin^2 x` is
            self.advance()
            power = self.script_argument()
        value = self.application(name, pos)
        if power is not None:
            return self.apply_superscript(value, power[0], power[1], pos)
        if primes:
            # `\sigma'(z)`: the derivative of a declared one-argument function at a variable
            if len(value.args) != 1 or not isinstance(value.args[0], (sympy.Symbol, sympy.Indexed)):
                raise self.fail("derivative", pos)
            return sympy.Derivative(value, (value.args[0], primes), evaluate=False)
        return value

    def power_before_call_ahead(self) -> bool:
        """At `^` after a function's name: a number (`^2`, `^{2}`) and then its parenthesis?"""
        one = self.peek(1)
        if one.kind == NUM:
            return self.peek(2).is_op("(", "[")
        return (one.is_op("{") and self.peek(2).kind == NUM and self.peek(3).is_op("}")
                and self.peek(4).is_op("(", "["))

    def application(self, name: str, pos: int):
        function = sympy.Function(name)
        brace = self.peek()
        braced = brace.is_op("{") and self.peek(1).is_op("(", "[")  # `L{\left(w, b\right)}`, as SymPy prints
        if braced:
            self.advance()
        opener = self.peek()
        found = self.argument_parts(self.i) if opener.is_op("(", "[") else None
        if found is not None:
            parts, close = found
            function = call_function(name, self.toks, self.i, close, len(parts))  # `P(x_i, \\theta)`: marked joint
            arguments = [self.call_argument(part, end) for part, end in parts]
            self.i = close + 1
            if braced:
                if not self.peek().is_op("}"):
                    raise self.fail("missing", brace.pos, expected="}")
                self.advance()
            return function(*arguments)
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
            if braced:
                if not self.peek().is_op("}"):
                    raise self.fail("missing", brace.pos, expected="}")
                self.advance()
            return function(*arguments)
        defaults = self.notation.functions.get(name, ())
        if not defaults:
            raise self.fail("function_args", pos, name=name)
        return function(*(self.trusted(d) for d in defaults))

    def identity_size(self, pos: int):
        for rows, cols in self.notation.matrices.values():
            if rows == cols:
                return _size(rows)
        raise self.fail("unsupported", pos, token=self.notation.identity)


def _closing_bracket(toks: list[Token], j: int) -> tuple[int, list[int]] | None:
    """The token closing the `(` or `[` at `j` (of the same kind) and the bars `|` right inside it; None where
    it is not closed so."""
    depth = 0
    bars: list[int] = []
    for k in range(j, len(toks)):
        tok = toks[k]
        if tok.kind == END:
            return None
        if tok.is_op("(", "[", "{"):
            depth += 1
        elif tok.is_op(")", "]", "}"):
            depth -= 1
            if depth == 0:
                return (k, bars) if tok.is_op(")" if toks[j].is_op("(") else "]") else None
        elif depth == 1 and tok.is_op("|"):
            bars.append(k)
    return None


def _arguments(toks: list[Token], j: int, close: int, cuts: set[int]) -> list[tuple[list[Token], int]] | None:
    """The tokens between `j` and `close` cut at the separators of the top level (and at `cuts`), each with the
    offset after it; None where an argument is empty."""
    parts: list[tuple[list[Token], int]] = []
    current: list[Token] = []
    depth = 0
    for k in range(j + 1, close + 1):
        tok = toks[k]
        if k == close or (depth == 0 and (k in cuts or (tok.kind in (OP, CMD) and tok.text in _ARGUMENT_SEPARATORS))):
            if not current:
                return None
            parts.append((current, tok.pos))
            current = []
            continue
        if tok.is_op("(", "[", "{"):
            depth += 1
        elif tok.is_op(")", "]", "}"):
            depth -= 1
        current.append(tok)
    return parts


def _event_at(part: list[Token]) -> int | None:
    """Where the `=` of an event (`Y = 1`) stands in an argument's tokens, at the top level; None if none."""
    depth = 0
    found = None
    for k, tok in enumerate(part):
        if tok.is_op("(", "[", "{"):
            depth += 1
        elif tok.is_op(")", "]", "}"):
            depth -= 1
        elif depth == 0 and tok.is_op("="):
            if found is not None or k == 0 or k == len(part) - 1:
                return None
            found = k
    return found


def _styled(name: str) -> bool:
    """Whether `name` was written in a distinguishing font (`\\mathcal{L}` is `Lcal`)."""
    base = name.split("_", 1)[0]
    return any(base.endswith(suffix) and len(base) > len(suffix) for suffix in STYLED.values())


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


def _index_items(toks: list[Token], arity: int) -> list[list[Token]]:
    """The index items of a subscript: `i,k` -> two; `ik` and `i k` -> two; `i+1` -> one."""
    items = list(split_tokens(toks, (",",)))
    if len(items) != 1:
        return items
    item = [t for t in items[0] if not t.is_op("{", "}")]
    if arity > 1 and len(item) == 1 and item[0].kind == NUM and len(item[0].text) == arity:
        return [[Token(NUM, ch, item[0].pos + k)] for k, ch in enumerate(item[0].text)]
    if item and all(t.kind == LETTERS or (t.kind == CMD and t.text[1:] in GREEK) for t in item):
        singles: list[list[Token]] = []
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
