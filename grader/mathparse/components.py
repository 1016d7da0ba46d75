"""A vector equation over one of the problem's indices, read as the same equation for each component.

People write the softmax gradient as a vector: ``\\frac{\\partial E}{\\partial \\mathbf z} = \\mathbf y -
\\mathbf Y``, or as a column ``\\begin{pmatrix} y_1 - Y_1 \\\\ y_2 - Y_2 \\\\ \\vdots \\\\ y_K - Y_K
\\end{pmatrix}``.  A TA reads both as ``\\frac{\\partial E}{\\partial z_k} = y_k - Y_k`` for every k.  The
parser reads a family the problem knows (``y`` of ``y_i``), written bare, as a symbol with no value; here
such a line is read again with the family's k-th entry in its place, where

- a side is a derivative with respect to a bare family (the line is vector calculus, not a remark
  about the model such as ``y = w x + b``), and no family is also written with another index;
- a column written with an ellipsis is its generic component only where its written rows are that
  component at 1, 2, ... and at the end of the index's range (checked on the parsed rows, never
  assumed from the shape).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

import sympy

from .nodes import Gradient, ParsedLine
from .notation import Notation

_COLUMN = re.compile(
    r"(?:\\left\s*[(\[]\s*)?\\begin\{(?P<kind>[pbvBV]?matrix)\}(?P<body>.*?)\\end\{(?P=kind)\}(?:\s*\\right\s*[)\]])?",
    re.DOTALL,
)
_ELLIPSIS_ROW = re.compile(r"^\s*(?:\\vdots|\\cdots|\\ldots|\\dots|\.\.\.|⋮)\s*$")
_SCRIPT_LETTER = re.compile(r"_\s*\{?\s*([A-Za-z])\s*\}?")


@dataclass(frozen=True)
class ComponentReading:
    """The text with its columns replaced by their generic component, and the index that runs over them."""

    text: str
    """The line with each verified column written as its k-th entry (the line itself where there is none)."""
    index: str | None
    """The index letter of the components (None where no column was read)."""
    set_apart: bool = False
    """Whether a list holds an entry set apart at a place (`[y_1, \\cdots, y_j - 1, \\cdots, y_K]`): the line
    must hold at that place too, so it is never read as holding only where the two indices differ."""


def generic_columns(src: str, notation: Notation, read: Callable[[str], object]) -> ComponentReading:
    """Each one-column matrix with an elided middle row, as its generic component, where its rows check out."""
    if "matrix" not in src:
        return ComponentReading(src, None)
    index: str | None = None
    pieces: list[str] = []
    last = 0
    for match in _COLUMN.finditer(src):
        component = _generic_component(match.group("body"), notation, read, src, index)
        if component is None:
            return ComponentReading(src, None)
        text, index = component
        pieces += [src[last : match.start()], "\\left(", text, "\\right)"]
        last = match.end()
    if index is None:
        return ComponentReading(src, None)
    return ComponentReading("".join(pieces) + src[last:], index)


def _generic_component(body: str, notation: Notation, read, line: str, index: str | None):
    """(the column's k-th entry as text, k) where its written rows are that entry at 1, 2, ... and at the end
    of the index's range; None otherwise."""
    rows = _rows_around_ellipsis(body)
    if rows is None:
        return None
    before, after = rows
    bounds = {m.group(1) for m in _SCRIPT_LETTER.finditer(after[-1])}
    ends = {end for _, end in notation.index_ranges.values()}
    bound = next((b for b in sorted(bounds) if b in ends), None)
    if bound is None:
        return None
    used = set(re.findall(r"(?<!\\)\b[A-Za-z]\b", re.sub(r"\\[A-Za-z]+", " ", line)))
    letter = index or next((name for name, (start, end) in notation.index_ranges.items()
                            if end == bound and start == "1" and name not in used), None)
    if letter is None:
        return None
    generic_text = re.sub(r"_\s*\{?\s*" + bound + r"\s*\}?(?![A-Za-z])", "_" + letter, after[-1])
    if not _rows_check_out(generic_text, (before, after), bound, letter, read):
        return None
    return generic_text, letter


def _rows_around_ellipsis(body: str) -> tuple[list[str], list[str]] | None:
    """The rows of a one-column matrix before and after its one elided row (neither the first nor the last)."""
    if "&" in body:
        return None  # a matrix of several columns is not a vector
    rows = [row.strip() for row in re.split(r"\\\\(?:\[[^\]]*\])?", body)]
    if rows and not rows[-1]:
        rows.pop()
    ellipses = [at for at, row in enumerate(rows) if _ELLIPSIS_ROW.match(row)]
    if len(ellipses) != 1 or ellipses[0] == 0 or ellipses[0] == len(rows) - 1:
        return None
    return rows[: ellipses[0]], rows[ellipses[0] + 1 :]


def _rows_check_out(generic_text: str, rows: tuple[list[str], list[str]], bound: str, letter: str, read) -> bool:
    """Whether the generic entry, read, uses k and equals each written row at its k (1, 2, ... before the
    ellipsis; the end of the range, less one per row after, below it)."""
    before, after = rows
    try:
        generic = read(generic_text)
        checks = [(read(row), sympy.Integer(at + 1)) for at, row in enumerate(before)]
        end = sympy.Symbol(bound)
        checks += [(read(row), end - (len(after) - 1 - at)) for at, row in enumerate(after)]
    except Exception:  # a row we cannot read: the column stays as written (and its error is the parser's)
        return False
    k = sympy.Symbol(letter)
    if not isinstance(generic, sympy.Basic) or k not in generic.free_symbols:
        return False
    return all(isinstance(row, sympy.Basic) and sympy.expand(generic.xreplace({k: value}) - row) == 0
               for row, value in checks)


def read_componentwise(parsed: ParsedLine, notation: Notation, index: str | None) -> ParsedLine:
    """`parsed` with the bare families the problem knows as their entries at `index`, where the line is a
    vector equation (see the module's docstring), or a lone vector expression such as an answer `\\mathbf y -
    \\mathbf Y`; `parsed` itself otherwise.  Only expressions linear in the vectors are read so: a product of
    two vectors (a dot product or an elementwise one?), a norm or a function of a vector is left alone."""
    families = {name for name, count in notation.indexed.items()
                if count == 1 and name not in notation.matrices and name not in notation.functions}
    terms = parsed.terms
    if not _may_hold_vectors(parsed):
        return parsed
    bare = _bare_families(terms, families, index)
    if not bare or not _vector_calculus(terms, bare, index):
        return parsed
    letter = index or _fresh_index(terms, notation)
    if letter is None:
        return parsed
    k = sympy.Symbol(letter)
    if any(_k_taken(t, families, bare, k) for t in terms):
        return parsed
    entries = {s: sympy.IndexedBase(s.name)[k] for s in bare}
    # the k-th entry of the gradient of a number by a vector is its partial derivative by the k-th entry
    gradients = {g: sympy.Derivative(g.args[0], entries[g.args[1]]) for t in terms for g in t.atoms(Gradient)
                 if g.args[1] in entries}
    # an entry written as such (`y_k` of a column) keeps its base: only the bare family is replaced
    kept = {e: e for t in terms for e in t.atoms(sympy.Indexed)}
    return replace(parsed, terms=tuple(t.xreplace({**kept, **entries, **gradients}) for t in terms),
                   readings=(*parsed.readings, "componentwise"))


def _fresh_index(terms: tuple, notation: Notation) -> str | None:
    """An index of the problem running from 1 that the line does not use."""
    names_used = {str(s) for t in terms for s in t.atoms(sympy.Symbol)}
    return next((name for name, (start, end) in notation.index_ranges.items()
                 if start == "1" and name not in names_used), None)


def _may_hold_vectors(parsed: ParsedLine) -> bool:
    """A line of SymPy terms that does not continue another and writes no product of vectors."""
    terms = parsed.terms
    if not terms or not all(isinstance(t, sympy.Basic) for t in terms) or parsed.leading_relation is not None:
        return False
    return not any(mark in source for source in parsed.term_sources for mark in _VECTOR_PRODUCTS)


def _bare_families(terms: tuple, families: set[str], index: str | None = None) -> set:
    """The families written bare (`y`, not `y_i`), outside every sum's or product's index; where a column or
    list gave the components' index, its entries at that index (`y_k` of the column) do not count."""
    bound = {limit[0] for t in terms for node in t.atoms(sympy.Sum, sympy.Product) for limit in node.limits}
    bare = {s for t in terms for s in t.atoms(sympy.Symbol) if s.name in families and s not in bound}
    at_index = (sympy.Symbol(index),) if index is not None else None
    # an entry under a sum over its index (`\\sum_j e^{z_j}`) is a number, not the family at another place
    return bare - {e.base.label for t in terms for e in t.atoms(sympy.Indexed)
                   if e.indices != at_index and not (index is not None and set(e.indices) <= bound)}


def _vector_calculus(terms: tuple, bare: set, index: str | None) -> bool:
    """Whether the line reads as one equation per component: linear in the bare families, with no call of them,
    and (unless a column gave the index, or the line is one expression) a derivative by one of them."""
    if any(t.atoms(sympy.core.function.AppliedUndef) for t in terms):
        return False  # `p(\\vec y | X)`: a bare family as an argument has its own reading
    differentiated = any(isinstance(d, (sympy.Derivative, Gradient)) and any(v in bare for v in _variables(d))
                         for t in terms for d in t.atoms(sympy.Derivative, Gradient))
    if index is None and not differentiated and len(terms) > 1:
        return False  # `y = w x + b`: the model written with vectors, not vector calculus
    return all(_linear_in(t, bare) for t in terms)


def _k_taken(term, families: set[str], bare: set, k) -> bool:
    """Whether `term` writes a family with another index than k (`y_i` beside a bare `y`), or a sum or product
    that holds a bare family or runs over k: then it is not one equation per component."""
    bound = {limit[0] for node in term.atoms(sympy.Sum, sympy.Product) for limit in node.limits}
    for entry in term.atoms(sympy.Indexed):
        if entry.base.label.name in families and entry.indices != (k,) and not set(entry.indices) <= bound:
            return True
    return any(_vectors_in(node, bare) or any(limit[0] == k for limit in node.limits)
               for node in term.atoms(sympy.Sum, sympy.Product))


#: products of vectors the parser reads as products of numbers: a transpose, a norm, a dot
_VECTOR_PRODUCTS = ("^T", "^{T}", "\\top", "^\\intercal", "\\|", "\\Vert", "\\lVert", "\\cdot", "\\odot", "\\circ", "\\times", "|")


def _variables(node) -> tuple:
    return tuple(node.variables) if isinstance(node, sympy.Derivative) else (node.args[1],)


def _vectors_in(term, bare: set) -> set:
    """The bare families `term` writes as such (`y`), not as the base of an entry (`y_k`)."""
    found, stack = set(), [term]
    while stack:
        node = stack.pop()
        if isinstance(node, (sympy.Indexed, sympy.IndexedBase)):
            continue
        if isinstance(node, sympy.Symbol) and node in bare:
            found.add(node)
        stack.extend(node.args)
    return found


def _linear_in(term, bare: set) -> bool:
    """Whether `term` is a sum of the vectors `bare` times scalars (derivatives by a vector counted as vectors)."""
    if isinstance(term, (sympy.Derivative, Gradient)) or not _vectors_in(term, bare):
        return True
    if term in bare:
        return True
    if isinstance(term, sympy.Add):
        return all(_linear_in(a, bare) for a in term.args)
    if isinstance(term, sympy.Mul):
        vectors = [a for a in term.args if _vectors_in(a, bare)]
        return len(vectors) == 1 and _linear_in(vectors[0], bare)
    return False
