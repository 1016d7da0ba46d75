r"""Vector and matrix calculus written with whole vectors, read by its entries.

Authors derive vector results with the vectors themselves: `\nabla_{\mathbf p} f = \frac{\mathbf t}{\mathbf p}`,
`\mathbf J_{\mathbf u}(\mathbf p) = \text{diag}(\mathbf p) - \mathbf p^\top \mathbf p`, `\nabla_{\mathbf u} f =
\nabla_{\mathbf p} f \ \mathbf J_{\mathbf u}(\mathbf p)` (p, t, u standing for the problem's families).  A TA
reads such a line as the same statement for every entry (every pair of entries for a matrix).  Here the line is
read into that form: each side becomes an `Operand`, a shape with a rule giving its entry at any index, and the
line's terms are the entries at fresh indices of the problem, which the checker compares as it compares any
indexed line.

- Vectors are rows (1×K) or columns (K×1).  The whole line is read with the problem's vectors as rows first
  (`\mathbf y^\top \mathbf y` is then the outer product), then as columns; the first orientation in which every
  product fits is taken and named, so a line that fits neither is left to the plain reading.
- Products are matrix products.  `\frac{\mathbf a}{\mathbf b}`, `\log \mathbf a` and a sum of vectors are taken
  entry by entry, as authors mean them; `\text{diag}(\mathbf a)` is the diagonal matrix of a's entries, `\mathbf
  1` the vector of ones.
- `\nabla_{\mathbf v}` takes the rest of the product when that is a number or a vector (`\nabla_{\mathbf y}
  \mathbf Y \log \mathbf y^\top`, the gradient of the loss), otherwise only the factor after it (`\nabla_{\mathbf
  y} E \ \mathbf J`): the gradient of a number is a vector of v's orientation, that of a vector its Jacobian.
- `\mathbf J_{\mathbf v}(\mathbf u)` is the Jacobian of u by v (entry (a, b): the derivative of u_a by v_b).

Only lines that write a family of the problem bare and in bold, with vector notation (a transpose, `diag`,
`\nabla`, an elementwise fraction, a continued line), are read so; any other construction leaves the line
to the parser as it was.  Nothing here evaluates text: the pieces are read by the parser (`read_scalar`) or
built from SymPy nodes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import sympy

from .brackets import closing_bracket, split_outside_brackets
from .errors import MathParseError
from .nodes import ParsedLine
from .notation import Notation

_BOLD = r"\\(?:mathbf|boldsymbol|bm|vec|mathbold)\s*(?:\{\s*([A-Za-z1])\s*\}|\s([A-Za-z1])(?![A-Za-z]))"
_BOLD_RE = re.compile(_BOLD)
_JACOBIAN_RE = re.compile(
    r"(?:\\(?:mathbf|boldsymbol|bm)\s*(?:\{\s*J\s*\}|\sJ)|(?<![A-Za-z\\])J)\s*_\s*\{\s*" + _BOLD + r"\s*\}\s*"
    r"(?:\\left)?\(\s*" + _BOLD + r"\s*(?:\\right)?\)"
)
_NABLA_RE = re.compile(r"\\nabla\s*_\s*\{\s*" + _BOLD + r"\s*\}|\\nabla\s*_\s*" + _BOLD)
_PARTIAL = r"(?:\\partial|d)(?![A-Za-z])"
_PARTIAL_RE = re.compile(r"\\d?frac\s*\{\s*" + _PARTIAL + r"\s*(?P<top>(?:[^{}]|\{[^{}]*\})+?)\s*\}\s*\{\s*" + _PARTIAL + r"\s*"
                         + _BOLD + r"\s*\}")
_PARTIAL_OPERATOR_RE = re.compile(r"\\d?frac\s*\{\s*" + _PARTIAL + r"\s*\}\s*\{\s*" + _PARTIAL + r"\s*" + _BOLD + r"\s*\}")
_ODOT_RE = re.compile(r"\\odot(?![A-Za-z])|\\circ(?![A-Za-z])")
_DIAG_RE = re.compile(r"\\(?:text|mathrm|operatorname)\s*\{\s*diag\s*\}|\\diag\b")
_TRANSPOSE_RE = re.compile(r"\^\s*(?:\{\s*(?:\\top|T|\\intercal|\\mathsf\s*\{\s*T\s*\}|\\mathrm\s*\{\s*T\s*\})\s*\}|\\top|\\intercal|T(?![A-Za-z]))")
_SPACING_RE = re.compile(r"\\(?:left|right|bigg|Bigg|big|Big)(?![A-Za-z])|\\[,;:! ]|\\quad|\\qquad|~")
_DESCRIBED_RE = re.compile(r"\s*\^\s*\{\s*\\text\s*\{([A-Za-z][A-Za-z ]{0,40})\}\s*\}")
_VECTOR_MARKS = ("\\top", "^T", "^{T}", "diag", "\\nabla", "\\intercal", "\\odot")
_OVER_VECTOR_RE = re.compile(r"\\d?frac\s*\{(?:[^{}]|\{[^{}]*\})*\}\s*\{\s*" + _BOLD + r"\s*\}")
_OPEN = {"(": ")", "[": "]", "{": "}"}

MAX_TOKENS = 200
"""Tokens of a line read so: real lines hold a few dozen; more is not this notation."""


class NotRowVectors(Exception):
    """The line is not vector calculus this module reads (the plain reading is kept)."""


class ShapesDoNotFit(NotRowVectors):
    """Two operands this module read whose shapes do not fit together for an operation (`\\text{diag}(\\mathbf y)
    - \\mathbf y^\\top` with y a row): wrong math in this orientation."""

    def __init__(self, left: str, right: str, operation: str):
        super().__init__(operation)
        self.left, self.right, self.operation = left, right, operation


@dataclass(frozen=True)
class Operand:
    """A value of the line: a number, a vector or a square matrix, by the rule for its entries."""

    shape: str
    """`"s"` a number, `"r"` a row (1×K), `"c"` a column (K×1), `"m"` a K×K matrix."""
    entry: Callable[..., sympy.Expr]
    """The entry at the given indices (none for a number, one for a vector, two for a matrix)."""


@dataclass(frozen=True)
class _Context:
    """What reading a line needs: the problem's families, its size, the orientation read."""

    families: frozenset[str]
    size: sympy.Symbol
    orientation: str
    read_scalar: Callable[[str], object]


def row_vector_line(src: str, notation: Notation, read_scalar: Callable[[str], object]) -> ParsedLine | None:
    """The line read entry by entry with the problem's vectors as rows, else as columns; None where it is not
    written in whole vectors (see the module's docstring) or fits neither orientation."""
    families = frozenset(name for name, count in notation.indexed.items()
                         if count == 1 and name not in notation.matrices and name not in notation.functions)
    size = _common_size(notation)
    if not families or size is None or not _written_in_vectors(src, families):
        return None
    lead, pieces = _split_terms(_SPACING_RE.sub(" ", src))
    if not _sides_to_read(src, lead, pieces):
        return None
    misfit: ShapesDoNotFit | None = None
    for orientation in ("r", "c"):
        try:
            operands = _operands(pieces, _Context(families, size, orientation, read_scalar))
        except ShapesDoNotFit as error:
            misfit = misfit or error
            continue
        if operands is None:
            return None  # a construction this module does not read: the line as the parser reads it
        terms = _entries(operands, src, notation)
        if terms is None:
            return None
        # a line of numbers (`f = \mathbf t \log \mathbf p^\top`) is named by the orientation its products fit in
        reading = "row_vectors" if orientation == "r" else "column_vectors"
        return ParsedLine(terms=tuple(terms), relations=("=",) * (len(terms) - 1), leading_relation=lead,
                          term_sources=tuple(p.strip() for p in pieces), readings=(reading,))
    if misfit is not None:  # every product read, in neither orientation do the shapes fit: wrong math
        raise MathParseError("shape", src, 0, left=misfit.left, right=misfit.right, operation=misfit.operation)
    return None


def _sides_to_read(src: str, lead: str | None, pieces: list[str]) -> bool:
    """Whether the line is an `=` chain this module reads: two sides at least (one after a leading `=`), with
    vector notation unless it continues a line (`\\frac{\\partial f}{\\partial \\mathbf u} = \\mathbf a - \\mathbf
    b` alone is the componentwise reading's)."""
    if not pieces or (lead is None and len(pieces) < 2) or not all(p.strip() for p in pieces):
        return False
    return lead is not None or _vector_notation(src)


def _vector_notation(src: str) -> bool:
    """A transpose, `diag`, `\\nabla`, `\\odot`, a fraction over a bold vector (`\\frac{\\mathbf a}{\\mathbf b}`)
    or a Jacobian (`\\frac{\\partial \\mathbf y}{\\partial \\mathbf z}`)."""
    if any(mark in src for mark in _VECTOR_MARKS) or _OVER_VECTOR_RE.search(src):
        return True
    return any(_BOLD_RE.search(match.group("top")) for match in _PARTIAL_RE.finditer(src))


def _operands(pieces: list[str], context: _Context) -> list[Operand] | None:
    """Each side read in the context's orientation, where all read and have one shape (vectors of either
    orientation compare entry by entry); None otherwise."""
    try:
        operands = [_Reader(piece, context).whole() for piece in pieces]
    except ShapesDoNotFit:
        raise
    except NotRowVectors:
        return None
    shapes = {_kind(o.shape) for o in operands}
    if len(shapes) > 1:
        first, other = operands[0], next(o for o in operands if _kind(o.shape) != _kind(operands[0].shape))
        _refuse(first, other, "=")
    return operands


def _common_size(notation: Notation) -> sympy.Symbol | None:
    """The end of the problem's index ranges (K), where they share one; None otherwise."""
    ends = {end for start, end in notation.index_ranges.values() if start == "1"}
    if len(ends) != 1:
        return None
    end = next(iter(ends))
    return sympy.Symbol(end) if end.isidentifier() else None


def _written_in_vectors(src: str, families: frozenset[str]) -> bool:
    """Whether the line writes one of the families bare in bold (`\\mathbf y`, not `\\mathbf y_i`)."""
    for match in _BOLD_RE.finditer(src):
        letter = match.group(1) or match.group(2)
        if letter in families and not src[match.end():].lstrip().startswith("_"):
            return True
    return False


def _split_terms(src: str) -> tuple[str | None, list[str]]:
    """The relation the line starts with (`=` or None) and its sides, split at `=` outside brackets; no sides
    where the line holds another relation."""
    text = src.strip()
    lead = None
    if text.startswith("="):
        lead, text = "=", text[1:]
    if any(mark in text for mark in ("\\Rightarrow", "\\implies", "\\le", "\\ge", "<", ">", "\\approx", "\\propto")):
        return lead, []
    return lead, split_outside_brackets(text, "=")


def _kind(shape: str) -> str:
    """Rows and columns compare entry by entry: both are vectors here."""
    return "v" if shape in ("r", "c") else shape


def _entries(operands: list[Operand], src: str, notation: Notation) -> list[sympy.Expr] | None:
    """Each operand's entry at fresh indices of the problem (one for vectors, two for matrices)."""
    used = set(re.findall(r"(?<![A-Za-z\\])[A-Za-z](?![A-Za-z])", src))
    free = [name for name, (start, _) in notation.index_ranges.items() if start == "1" and name not in used]
    needed = {"s": 0, "r": 1, "c": 1, "m": 2}[operands[0].shape]
    if len(free) < needed:
        return None
    indices = [sympy.Symbol(name) for name in free[:needed]]
    return [o.entry(*indices) for o in operands]


# -- reading one side ------------------------------------------------------------------------------------------


class _Reader:
    """A recursive-descent reader of one side: sums of products of factors (see the module's docstring)."""

    def __init__(self, text: str, context: _Context):
        self.text = text.strip()
        self.at = 0
        self.context = context
        self.steps = 0

    def whole(self) -> Operand:
        value = self.sum()
        self._skip()
        if self.at != len(self.text):
            raise NotRowVectors
        return value

    # -- the grammar -------------------------------------------------------------------------------------

    def sum(self) -> Operand:
        self._skip()
        sign = self._sign()
        value = self.product()
        if sign < 0:
            value = _scaled(value, -1)
        while True:
            self._skip()
            if self._peek("+") or self._peek("-"):
                sign = self._sign()
                term = self.product()
                value = _added(value, _scaled(term, sign))
            else:
                return value

    def product(self) -> Operand:
        factors: list[Operand] = []
        while True:
            self._skip()
            if self._at_end_of_product():
                break
            operator = self._take(_NABLA_RE) or self._take(_PARTIAL_OPERATOR_RE)
            if operator is not None:
                factors.append(self._gradient(next(g for g in operator.groups() if g)))
                break
            factors.append(self._derivative() or self.factor())
            self._skip()
            if self._take(_ODOT_RE) is not None:  # `\\mathbf a \\odot \\mathbf b`: entry by entry
                factors[-1] = _elementwise(factors[-1], self._derivative() or self.factor(), lambda a, b: a * b)
            elif self.text.startswith("\\cdot", self.at) and not self.text.startswith("\\cdots", self.at):
                self.at += len("\\cdot")
        if not factors:
            raise NotRowVectors
        value = factors[0]
        for factor in factors[1:]:
            value = _multiplied(value, factor, self.context)
        return value

    def _derivative(self) -> Operand | None:
        """`\\frac{\\partial E}{\\partial \\mathbf y}` (a gradient) or `\\frac{\\partial \\mathbf y}{\\partial
        \\mathbf z}` (a Jacobian); None where the text here is not such a fraction."""
        match = _PARTIAL_RE.match(self.text, self.at)
        if match is None:
            return None
        variable = match.group(2) or match.group(3)
        inner = _Reader(match.group("top"), self.context)
        inner.steps = self.steps
        value = inner.whole()
        self.at = match.end()
        if variable not in self.context.families:
            raise NotRowVectors
        return _gradient_of(value, variable, self.context)

    def _gradient(self, variable: str) -> Operand:
        """`\\nabla_{v}` of the rest of the product where that is a number or a vector, else of the next factor."""
        if variable not in self.context.families:
            raise NotRowVectors
        start = self.at
        rest = self.product()
        if rest.shape in ("s", "r", "c"):
            return _gradient_of(rest, variable, self.context)
        self.at = start
        self._skip()
        first = _gradient_of(self.factor(), variable, self.context)
        self._skip()
        if self._at_end_of_product():
            return first
        return _multiplied(first, self.product(), self.context)

    def factor(self) -> Operand:
        self.steps += 1
        if self.steps > MAX_TOKENS:
            raise NotRowVectors
        value = self._primary()
        while True:
            self._skip()
            if self._take(_TRANSPOSE_RE) is not None:
                value = _transposed(value)
            else:
                return value

    def _primary(self) -> Operand:
        self._skip()
        jacobian = self._take(_JACOBIAN_RE)
        if jacobian is not None:
            by, of = (jacobian.group(1) or jacobian.group(2)), (jacobian.group(3) or jacobian.group(4))
            return _jacobian(of, by, self.context)
        bold = self._take(_BOLD_RE)
        if bold is not None:
            described = self._take(_DESCRIBED_RE)
            if described is not None:
                return _described_matrix(bold.group(1) or bold.group(2), described.group(1))
            return self._bold(bold.group(1) or bold.group(2))
        if self._take(_DIAG_RE) is not None:
            return _diagonal(self._group())
        if self._take(re.compile(r"\\frac(?![A-Za-z])")) is not None:
            return _elementwise(self._group(), self._group(), lambda a, b: a / b)
        if self._take(re.compile(r"\\(?:log|ln)(?![A-Za-z])")) is not None:
            self._skip()
            argument = self._group() if self._peek("(") or self._peek("{") or self._peek("[") else self.factor()
            return _mapped(argument, sympy.log)
        if self.at < len(self.text) and self.text[self.at] in _OPEN:
            return self._group()
        return self._scalar()

    def _bold(self, letter: str) -> Operand:
        if letter == "1":  # the vector of ones, in the reading's orientation (`\\mathbf 1^\\top \\mathbf Y` for columns)
            return Operand(self.context.orientation, lambda _: sympy.Integer(1))
        if letter not in self.context.families:
            raise NotRowVectors  # the author's own bold letter (a matrix of theirs): not read here
        base = sympy.IndexedBase(letter)
        return Operand(self.context.orientation, lambda k: base[k])

    def _group(self) -> Operand:
        """A bracketed or braced side: `( ... )`, `[ ... ]`, `{ ... }`."""
        self._skip()
        if self.at >= len(self.text) or self.text[self.at] not in _OPEN:
            raise NotRowVectors
        close = _OPEN[self.text[self.at]]
        end = closing_bracket(self.text, self.at + 1)
        if end is None or self.text[end] != close:
            raise NotRowVectors
        inner = _Reader(self.text[self.at + 1:end], self.context)
        inner.steps = self.steps
        value = inner.whole()
        self.steps = inner.steps
        self.at = end + 1
        return value

    def _scalar(self) -> Operand:
        """A number or a name the problem knows as a number (`E`, `2`), read by the parser."""
        match = re.compile(r"\d+(?:\.\d+)?|[A-Za-z](?![A-Za-z_^])").match(self.text, self.at)
        if match is None:
            raise NotRowVectors
        try:
            value = self.context.read_scalar(match.group(0))
        except MathParseError:  # the parser's refusal: not this notation
            raise NotRowVectors from None
        if not isinstance(value, sympy.Expr) or value.atoms(sympy.Indexed) or _families_in(value, self.context):
            raise NotRowVectors
        self.at = match.end()
        return Operand("s", lambda: value)

    # -- the cursor --------------------------------------------------------------------------------------

    def _skip(self) -> None:
        while self.at < len(self.text) and self.text[self.at].isspace():
            self.at += 1

    def _peek(self, text: str) -> bool:
        return self.text.startswith(text, self.at)

    def _sign(self) -> int:
        if self._peek("-"):
            self.at += 1
            return -1
        if self._peek("+"):
            self.at += 1
        return 1

    def _take(self, pattern: re.Pattern) -> re.Match | None:
        match = pattern.match(self.text, self.at)
        if match is not None:
            self.at = match.end()
        return match

    def _at_end_of_product(self) -> bool:
        return self.at >= len(self.text) or self.text[self.at] in "+-)]}"


def _families_in(value: sympy.Expr, context: _Context) -> bool:
    return any(s.name in context.families for s in value.free_symbols if isinstance(s, sympy.Symbol))


# -- the algebra of operands -----------------------------------------------------------------------------------


def _scaled(value: Operand, factor: int) -> Operand:
    return Operand(value.shape, lambda *k: factor * value.entry(*k))


def _added(left: Operand, right: Operand) -> Operand:
    shape = _same_shape(left, right)
    return Operand(shape, lambda *k: left.entry(*k) + right.entry(*k))


def _same_shape(left: Operand, right: Operand) -> str:
    """The shape of an entrywise operation on two operands."""
    if left.shape != right.shape:
        _refuse(left, right, "+")
    return left.shape


def _refuse(left: Operand, right: Operand, operation: str) -> str:
    raise ShapesDoNotFit(SHAPE_NAMES[left.shape], SHAPE_NAMES[right.shape], operation)


SHAPE_NAMES = {"s": "1×1", "r": "1×K", "c": "K×1", "m": "K×K"}
"""The shapes as an error names them (K the problem's size)."""


def _elementwise(top: Operand, bottom: Operand, operation: Callable) -> Operand:
    """`\\frac{a}{b}`: entry by entry for two vectors of one shape, or a vector and a number."""
    if top.shape == "s" and bottom.shape == "s":
        return Operand("s", lambda: operation(top.entry(), bottom.entry()))
    if bottom.shape == "s":
        return Operand(top.shape, lambda *k: operation(top.entry(*k), bottom.entry()))
    if top.shape == "s" or bottom.shape == "m":
        raise NotRowVectors  # a number over a vector, over a matrix: not an entrywise fraction anyone writes
    shape = _same_shape(top, bottom)
    return Operand(shape, lambda *k: operation(top.entry(*k), bottom.entry(*k)))


def _mapped(value: Operand, function: Callable) -> Operand:
    if value.shape == "m":
        raise NotRowVectors
    return Operand(value.shape, lambda *k: function(value.entry(*k)))


def _transposed(value: Operand) -> Operand:
    flipped = {"r": "c", "c": "r", "s": "s"}
    if value.shape == "m":
        return Operand("m", lambda a, b: value.entry(b, a))
    return Operand(flipped[value.shape], value.entry)


def _diagonal(value: Operand) -> Operand:
    if value.shape not in ("r", "c"):
        raise NotRowVectors
    return Operand("m", lambda a, b: value.entry(a) * sympy.KroneckerDelta(a, b))


def _multiplied(left: Operand, right: Operand, context: _Context) -> Operand:
    """The matrix product (a number scales); a product whose shapes do not fit refuses this reading."""
    if left.shape == "s":
        return Operand(right.shape, lambda *k: left.entry() * right.entry(*k))
    if right.shape == "s":
        return Operand(left.shape, lambda *k: left.entry(*k) * right.entry())
    size = context.size
    pair = (left.shape, right.shape)
    if pair == ("r", "c"):
        return Operand("s", lambda: _summed(lambda l: left.entry(l) * right.entry(l), size))
    if pair == ("c", "r"):
        return Operand("m", lambda a, b: left.entry(a) * right.entry(b))
    if pair == ("r", "m"):
        return Operand("r", lambda b: _summed(lambda l: left.entry(l) * right.entry(l, b), size))
    if pair == ("m", "c"):
        return Operand("c", lambda a: _summed(lambda l: left.entry(a, l) * right.entry(l), size))
    if pair == ("m", "m"):
        return Operand("m", lambda a, b: _summed(lambda l: left.entry(a, l) * right.entry(l, b), size))
    _refuse(left, right, "·")
    raise AssertionError  # unreachable: _refuse raises


def _summed(body: Callable[[sympy.Symbol], sympy.Expr], size: sympy.Symbol) -> sympy.Expr:
    dummy = sympy.Dummy("l", integer=True)
    return sympy.Sum(body(dummy), (dummy, 1, size))


def _gradient_of(value: Operand, variable: str, context: _Context) -> Operand:
    """The gradient of a number (a vector of the reading's orientation) or the Jacobian of a vector."""
    base = sympy.IndexedBase(variable)
    if value.shape == "s":
        return Operand(context.orientation, lambda k: sympy.Derivative(value.entry(), base[k]))
    if value.shape in ("r", "c"):
        return Operand("m", lambda a, b: sympy.Derivative(value.entry(a), base[b]))
    raise NotRowVectors


def described_matrix(name: str) -> bool:
    """Whether a name is an author's matrix named by words (`\\mathbf S^{\\text{repeated row}}`, see `_described_matrix`)."""
    return _DESCRIBED_NAME.fullmatch(name) is not None


_DESCRIBED_NAME = re.compile(r"[A-Z]\^\{[A-Za-z][A-Za-z ]*\}")


def _described_matrix(letter: str, words: str) -> Operand:
    """`\\mathbf S^{\\text{repeated row}}`: a K×K matrix of the author's, named by what it holds in words the
    grader does not read; it has no value (a step through it is not checked on its own)."""
    if not letter.isupper():
        raise NotRowVectors
    entry = sympy.Function(f"{letter}^{{{' '.join(words.split())}}}")
    return Operand("m", lambda a, b: entry(a, b))


def _jacobian(of: str, by: str, context: _Context) -> Operand:
    if of not in context.families or by not in context.families or of == by:
        raise NotRowVectors
    top, bottom = sympy.IndexedBase(of), sympy.IndexedBase(by)
    return Operand("m", lambda a, b: sympy.Derivative(top[a], bottom[b]))
