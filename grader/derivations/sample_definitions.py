"""A definition the author writes for one generic sample, applied at sample i.

Likelihood derivations often state the model's probability once for a generic sample, in the letters of
the problem's per-sample quantities without their index (`P(Y \\mid x) = y^Y (1 - y)^{1 - Y}`: the label
Y, the input x, the output y of that sample), and then use it at each sample, `\\prod_i P(Y_i \\mid x_i)`.
Read as written, the call binds Y and x to sample i's values while the body's y is the whole table of
outputs, and x has no value at all.  A TA reads the body with every per-sample letter at sample i:

    P(Y_i \\mid x_i)  is  y_i^{Y_i} (1 - y_i)^{1 - Y_i}

Only for a definition of the author's whose parameters are all such unindexed letters, called with each
argument the same letter at one and the same plain index; the body's other per-sample letters (y) take
that index too.  The call is replaced before the line is read further (so a two-class reading of the line
sees the entries it is made of); a step that does not follow from the author's definition stays wrong.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import sympy
from sympy.core.function import AppliedUndef

from grader.mathengine.equivalence import ArgOpt
from grader.mathparse import Notation
from grader.mathparse.nodes import ParsedLine
from grader.results.i18n import define

define(
    {
        "derivation.reading_sample_definition": (
            "the author's definition for one generic sample at sample i (every per-sample letter of its body at i)",
            "作者对一个一般样本给出的定义用于样本 i（其中每个样本量都取第 i 个）",
        ),
    }
)


def with_sample_definitions(parsed: ParsedLine, authors: Mapping[str, Any], notation: Notation) -> ParsedLine:
    """The line with each call of a generic sample's definition written out at its sample (see the note)."""
    generic = {name: d for name, d in authors.items() if _generic(d, notation)}
    if not generic:
        return parsed
    terms = tuple(_written_out(term, generic, notation) for term in parsed.terms)
    if terms == tuple(parsed.terms):
        return parsed
    return replace(parsed, terms=terms, readings=(*parsed.readings, "sample_definition"))


def _generic(definition: Any, notation: Notation) -> bool:
    """Whether a definition is written for one generic sample: unindexed per-sample letters as parameters."""
    params = getattr(definition, "params", ())
    return (bool(params) and not definition.other_readings and isinstance(definition.body, sympy.Basic)
            and all(isinstance(p, sympy.Symbol) and p.name in notation.indexed for p in params))


def _written_out(term: Any, generic: Mapping[str, Any], notation: Notation) -> Any:
    if isinstance(term, ArgOpt):
        return replace(term, objective=_written_out(term.objective, generic, notation))
    if not isinstance(term, sympy.Basic):
        return term
    replacements = {}
    for call in term.atoms(AppliedUndef):
        definition = generic.get(call.func.__name__)
        if definition is None:
            continue
        index = _sample_index(call.args, definition.params, notation)
        if index is not None:
            replacements[call] = definition.body.xreplace(_at_sample(definition.body, index, notation))
    return term.xreplace(replacements) if replacements else term


def _sample_index(args: tuple, params: tuple, notation: Notation) -> sympy.Symbol | None:
    """The one plain index every argument writes its parameter's letter at (`Y_i`, `x_i` for Y, x), or None."""
    if len(args) != len(params):
        return None
    indices = set()
    for arg, param in zip(args, params):
        if isinstance(arg, sympy.Indexed) and arg.base.label.name == param.name and len(arg.indices) == 1:
            indices.add(arg.indices[0])
        elif isinstance(arg, sympy.Symbol) and arg.name.startswith(f"{param.name}_") and notation.indexed.get(param.name) == 2:
            indices.add(sympy.Symbol(arg.name[len(param.name) + 1:]))
        else:
            return None
    index = indices.pop() if len(indices) == 1 else None
    return index if isinstance(index, sympy.Symbol) and len(index.name) == 1 else None


def _at_sample(body: sympy.Basic, index: sympy.Symbol, notation: Notation) -> dict:
    """Each unindexed per-sample letter of the body at the sample: an entry of a vector, a row of a table."""
    at: dict = {}
    for letter in body.free_symbols:
        dimensions = notation.indexed.get(letter.name)
        if dimensions == 1:
            at[letter] = sympy.IndexedBase(letter.name)[index]
        elif dimensions == 2:
            at[letter] = sympy.Symbol(f"{letter.name}_{index.name}")
    return at
