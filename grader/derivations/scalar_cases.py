"""The one-dimensional case of a vector problem, where the author writes the vector as a number.

A problem may declare a letter a d x 1 vector (map-priors' w: `w^T w`, `\\|w\\|^2`).  An author who works the
problem out for one weight (a 1-D linear model, the prior of one w) writes `\\lambda |w|`, `w^2`,
`\\frac{(w - \\mu)^2}{2\\tau^2}`: read with w a vector, that is a shape error, and a shape error is charged as
wrong math.  A careful TA reads such a line as the problem's case d = 1, where w is a number, and checks it
there.  So: where a line fails to read only because of shapes (`parse.shape`, `parse.not_scalar`) and it reads
once the problem's vectors are plain letters, and every use of those letters on it is a bare letter (no entry
`w_j`: the line writes no component), the line is read as the one-dimensional case and checked at points with
d = 1, the vectors' one entry as the number; the feedback says that reading was taken.

A line that is wrong in the 1-D case is still charged; a line that mixes a vector's entries with the bare
letter, or that does not read even so, keeps its shape error.

The same holds for the entrywise product `\\odot` (`\\bigodot`, `\\circ`) of a problem whose letters are all
numbers (dropout's h and mask m): there the entrywise product of the layer's vectors, one unit at a time, is
the product of two numbers, and the line is read so (the feedback says that reading was taken).  In a problem
that declares matrices the parser's own reading of `\\odot` stands.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np
import sympy

from grader.derivations.author_vectors import author_vector_reader
from grader.derivations.sample_extrema import sample_extremum_reader
from grader.derivations.stray_braces import stray_brace_reader
from grader.derivations.unoriented_vectors import unoriented_reader
from grader.mathengine.equivalence import Checker
from grader.mathengine.names import names_in
from grader.mathengine.verdict import Scenario
from grader.mathparse import MathParseError, Notation
from grader.mathparse.nodes import ParsedLine
from grader.results.i18n import define

define(
    {
        "derivation.reading_entrywise_of_numbers": (
            "the entrywise product of one unit's values, the product of two numbers",
            "单个单元取值的逐元素乘积，即两个数的乘积",
        ),
        "derivation.reading_one_dimensional": (
            "the one-dimensional case (d = 1: the problem's vector as one number), as the line uses it only as a number",
            "一维情形（d = 1：题中的向量为一个数），因为此行只把它当作一个数使用",
        ),
    }
)

#: The reading's name in a line's readings (and in its message key, `derivation.reading_one_dimensional`).
ONE_DIMENSIONAL = "one_dimensional"

#: The parse errors that only say shapes do not fit.
SHAPE_ERRORS = ("parse.shape", "parse.not_scalar")

ChainReader = Callable[[str, Notation], ParsedLine]


def vector_letters(notation: Notation) -> tuple[str, ...]:
    """The letters the problem declares d x 1 vectors with entries (`w` with `w_j`)."""
    return tuple(sorted(name for name, shape in notation.matrices.items() if shape[1] == "1" and notation.indexed.get(name) == 1))


#: The reading's name for `\\odot` between numbers.
ENTRYWISE_OF_NUMBERS = "entrywise_of_numbers"

#: The entrywise product as authors write it.
_ENTRYWISE = re.compile(r"\\(?:bigodot|odot|circ)(?![A-Za-z])")


def scalar_reader(read_chain: ChainReader) -> ChainReader:
    """`read_chain` with both readings of this module: the one-dimensional case, and `\\odot` between numbers
    (and the author's vectors without orientation, `unoriented_vectors`; the author's data vectors, `author_vectors`;
    a stray closing brace, `stray_braces`; a min or max over the samples, `sample_extrema`)."""
    within = sample_extremum_reader(read_chain)  # `\\min_n (...)` over the samples, where the problem has them
    one_dimensional = stray_brace_reader(author_vector_reader(unoriented_reader(one_dimensional_reader(within))))

    def read(text: str, notation: Notation) -> ParsedLine:
        try:
            return one_dimensional(text, notation)
        except MathParseError:
            if notation.matrices or not _ENTRYWISE.search(text):
                raise
            try:
                parsed = read_chain(_ENTRYWISE.sub(lambda _: "\\cdot ", text), notation)
            except MathParseError:
                pass
            else:
                return replace(parsed, readings=(ENTRYWISE_OF_NUMBERS, *parsed.readings))
            raise

    return read


def one_dimensional_reader(read_chain: ChainReader) -> ChainReader:
    """`read_chain`, with a line that fails only on shapes read as the one-dimensional case where it can be."""

    def read(text: str, notation: Notation) -> ParsedLine:
        try:
            return read_chain(text, notation)
        except MathParseError as error:
            parsed = _scalar_read(read_chain, text, notation, error)
            if parsed is None:
                raise
            return parsed

    return read


def _scalar_read(read_chain: ChainReader, text: str, notation: Notation, error: MathParseError) -> ParsedLine | None:
    vectors = vector_letters(notation)
    if error.key not in SHAPE_ERRORS or not vectors:
        return None
    plain = replace(notation, matrices={k: v for k, v in notation.matrices.items() if k not in vectors},
                    indexed={k: v for k, v in notation.indexed.items() if k not in vectors})
    try:
        parsed = read_chain(text, plain)
    except MathParseError:
        return None
    used = _bare_uses(parsed.terms, vectors)
    if used is None or not used:
        return None
    return replace(parsed, readings=(ONE_DIMENSIONAL, *parsed.readings))


def _bare_uses(terms: tuple[Any, ...], vectors: tuple[str, ...]) -> set[str] | None:
    """The vectors the terms use as bare letters; None where one is also used with an entry (`w_j`, `w[j]`)."""
    used: set[str] = set()
    for term in terms:
        if not isinstance(term, sympy.Basic):
            return None
        for node in sympy.preorder_traversal(term):
            if isinstance(node, sympy.Indexed) and str(node.base) in vectors:
                return None
            name = getattr(node, "name", None)
            if isinstance(node, sympy.Symbol) and name is not None:
                if name in vectors:
                    used.add(name)
                elif any(name.startswith(v + "_") for v in vectors):
                    return None  # `w_j` glued into one name: an entry written next to the bare letter
    return used


def one_dimensional_checker(checker: Checker, parsed: ParsedLine) -> Checker:
    """The checker a line read as the one-dimensional case is judged with (any other line: `checker` as it is):
    the problem's points drawn at d = 1, each vector the line uses as a number given its one entry."""
    if ONE_DIMENSIONAL not in parsed.readings:
        return checker
    used = names_in(*[t for t in parsed.terms if isinstance(t, sympy.Basic)])
    return checker.with_scenarios(tuple(Scenario(f"{s.name}-1d", _scalar_sample(s.sample, used)) for s in checker.scenarios))


def _scalar_sample(sample: Callable[[np.random.Generator, int], dict[str, Any]], used: set[str]) -> Callable[[np.random.Generator, int], dict[str, Any]]:
    def draw(rng: np.random.Generator, size: int) -> dict[str, Any]:
        point = dict(sample(rng, 1))
        for name in used:
            value = point.get(name)
            if isinstance(value, np.ndarray) and value.ndim == 1 and value.size == 1:
                point[name] = value.reshape(()).item()
        return point

    return draw
