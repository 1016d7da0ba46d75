"""A given of the problem restated in the author's letters: the letters it renames, and the author's name for it.

`l(\\mathbf y, \\hat{\\mathbf y}) = -\\sum_{j=1}^q y_j \\log \\frac{\\exp(o_j)}{\\sum_k \\exp(o_k)}` restates the problem's loss
`E = -\\sum_k Y_k \\log y_k` with o the logits z, y the labels Y and l the loss E; `H(y, a) = -\\sum_i y_i \\ln(a_i)` in
the prose does so with a the outputs.  A TA reads the derivation's letters from such a line, once.  The line must
hold under exactly one renaming of its unknown letters (and of the course letters the author writes for another
quantity) to one of the problem's defined quantities; the renaming is then fixed for every line, whatever the
lines after it say, so a wrong step in the author's letters stays a wrong step.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from itertools import permutations, product
from typing import Any

import sympy
from sympy.core.function import AppliedUndef

from grader.derivations.faults import deadline_passed
from grader.mathengine.equivalence import Checker, names_in
from grader.mathengine.evaluate import EvaluationError, Timeout
from grader.mathparse import MathParseError, Notation, parse_line

#: `NAME(arguments) =` at the start of a line: the head a letter (`l`, `\\ell`, `H`, `\\mathcal{L}`), written as the
#: author's function of what the quantity depends on (`l(\\mathbf y, \\hat{\\mathbf y})`, `H(y, a)`).
_RESTATEMENT_HEAD = re.compile(
    r"^\s*(?P<head>\\math(?:cal|scr)\s*\{\s*[A-Za-z]\s*\}|\\?[A-Za-z]+)\s*(?P<arguments>\((?:[^()]|\([^()]*\))*\))?\s*="
)

#: `\\sigma(A_i)`, `f(a_k)`: a letter applied to one indexed letter.
_APPLIED_LETTER = re.compile(r"(?<![A-Za-z\\])(\\[A-Za-z]+|[A-Za-z])\s*\(\s*[A-Za-z]\s*_\s*\{?\s*[A-Za-z]\s*\}?\s*\)")

#: At most this many renamings are tried for one line.
MAX_TRIED = 60

#: At most this many unknown letters in the body (the author's logits and outputs, say).
_MOST_UNKNOWN = 2


def given_letters(sources: Sequence[Any], notation: Notation, checker: Checker, known_names: set[str]) -> dict[str, str]:
    """The renaming the first restated given of the derivation fixes (its letters, and its head as the quantity
    restated), from its lines and the equations its prose states before them; empty where none is found."""
    lone = sorted(name for name, definition in checker.definitions.items() if not definition.params and name in known_names)
    if not lone:
        return {}
    for text in _texts_in_order(sources):
        if deadline_passed(checker.deadline):
            break
        found = _restatement(text, notation, checker, known_names, lone, sources)
        if found:
            return {**_names_for(found, sources, notation, known_names), **found}
    return {}


#: `L = H(y, a)`: a letter set equal to the author's function (its arguments written), at the start of a line.
_NAMED_AS = re.compile(r"^\s*(?P<letter>\\?[A-Za-z]+)\s*=\s*(?P<function>\\math(?:cal|scr)\s*\{\s*[A-Za-z]\s*\}|\\?[A-Za-z]+)\s*\(")


def _names_for(found: dict[str, str], sources: Sequence[Any], notation: Notation, known_names: set[str]) -> dict[str, str]:
    """The author's letters set equal to the restated given's head (`L = H(y, a) = ...`): the same quantity."""
    named: dict[str, str] = {}
    for text in _texts_in_order(sources):
        match = _NAMED_AS.match(text)
        if match is None:
            continue
        letter, function = _name_of(match.group("letter")), _name_of(match.group("function"))
        if (function in found and letter not in found and letter not in known_names and letter not in notation.aliases
                and letter not in named and not _written_as_index(letter, sources)):
            named[letter] = found[function]
    return named


def _texts_in_order(sources: Sequence[Any]) -> Iterator[str]:
    """Each line's text after the prose equations stated before it (each once)."""
    seen: set[str] = set()
    for source in sources:
        for text in (*getattr(source, "given", ()), source.text):
            if text not in seen:
                seen.add(text)
                yield text


def _restatement(text: str, notation: Notation, checker: Checker, known_names: set[str], lone: list[str],
                 sources: Sequence[Any]) -> dict[str, str] | None:
    match = _RESTATEMENT_HEAD.match(text)
    body_text = text[match.end():] if match else ""
    if match is None or not match.group("arguments") or re.search(r"(?<![<>!\\])=", re.sub(r"\{[^{}]*\}", "", body_text)):
        # a chain (`L = H(y, a) = ...`): the first step is no restatement of a given; a plain letter's definition
        # (`L = -\\sum_i y_i \\log p_i`) is the author's definitions' to follow (`author_letters.course_letters`)
        return None
    head = _name_of(match.group("head"))
    if (head in known_names and head not in notation.index_ranges) or head in notation.aliases or _written_as_index(head, sources):
        return None  # the problem's own name (an index letter the derivation never writes as one may be the author's loss)
    applied = {_name_of(m.group(1)) for m in _APPLIED_LETTER.finditer(body_text)} - known_names - set(notation.functions)
    if applied:  # `\\sigma(A_i)`: read as the author's function, which a renaming may read as an indexed quantity
        notation = replace(notation, functions={**dict(notation.functions), **dict.fromkeys(sorted(applied), ())})
    try:
        body = parse_line(body_text, notation)
    except MathParseError:
        return None
    if len(body.terms) != 1 or body.leading_relation is not None or not isinstance(body.terms[0], sympy.Basic):
        return None
    bounds = _sum_bounds(body.terms[0], notation, known_names)
    notation = replace(notation, aliases={**bounds, **dict(notation.aliases)}) if bounds else notation
    unknown, written = _letters(body.terms[0], notation, known_names | set(bounds))
    if len(unknown) > _MOST_UNKNOWN:
        return None
    holding = list(_holding(body_text, notation, checker, unknown, written, lone))
    if len(holding) != 1:
        return None  # none, or two readings: the line does not say which letters are which
    renaming, restated = holding[0]
    return {**bounds, **renaming, head: restated}


def _sum_bounds(term: Any, notation: Notation, known_names: set[str]) -> dict[str, str]:
    """`\\sum_{i=1}^n` over one of the problem's indices with a bound the problem does not know: the author's
    letter for the index's range (n for K), as `author_letters.bound_letters` reads it in the lines."""
    found: dict[str, str] = {}
    for node in sympy.preorder_traversal(term):
        if isinstance(node, sympy.Sum):
            for index, _low, high in node.limits:
                upper = (notation.index_ranges.get(str(index)) or (None, None))[1]
                if isinstance(high, sympy.Symbol) and high.name not in known_names and upper and high.name != upper:
                    found[high.name] = str(upper)
    return found


def _holding(body: str, notation: Notation, checker: Checker, unknown: list[str], written: list[str],
             lone: list[str]) -> Iterator[tuple[dict[str, str], str]]:
    """Every renaming (with the quantity it restates) under which the body is one of the problem's quantities."""
    tried = 0
    for renaming in _renamings(unknown, written, notation):
        if tried >= MAX_TRIED or deadline_passed(checker.deadline):
            return
        tried += 1
        try:
            parsed = parse_line(body, replace(notation, aliases={**dict(notation.aliases), **renaming}))
            term = parsed.terms[0]
            if names_in(term) & set(unknown):
                continue  # a letter the renaming did not reach
            for name in lone:
                if checker.same_values(term, sympy.Symbol(name)).holds:
                    yield renaming, name
        except (MathParseError, EvaluationError, Timeout, TypeError, ValueError, AttributeError, IndexError):
            continue


def _renamings(unknown: list[str], written: list[str], notation: Notation) -> Iterator[dict[str, str]]:
    """The author's unknown letters to the problem's indexed quantities (one-to-one), each course letter the body
    writes kept or read as another of them (the author's y for the labels Y)."""
    indexed = sorted(notation.indexed)
    for chosen in permutations(indexed, len(unknown)):
        for kept_or_moved in product(*[[letter, *(t for t in indexed if t != letter)] for letter in written]):
            moved = {letter: target for letter, target in zip(written, kept_or_moved) if target != letter}
            targets = [*chosen, *moved.values()]
            if len(set(targets)) != len(targets) or set(targets) & (set(written) - set(moved)):
                continue  # two letters read as one quantity
            yield {**dict(zip(unknown, chosen)), **moved}


def _letters(term: Any, notation: Notation, known_names: set[str]) -> tuple[list[str], list[str]]:
    """The body's indexed letters the problem does not know, and the problem's indexed letters it writes."""
    unknown: set[str] = set()
    written: set[str] = set()
    # the sums' bounds (K) are the problem's sizes
    sizes = {str(bound) for bounds in notation.index_ranges.values() for bound in bounds}
    labels = {node.base.label for node in sympy.preorder_traversal(term) if isinstance(node, sympy.Indexed)}
    for node in sympy.preorder_traversal(term):
        name = _indexed_letter(node, notation)
        if name is None:
            if (isinstance(node, sympy.Symbol) and node not in labels and node.name not in known_names | sizes
                    and node.name not in notation.index_ranges):
                unknown.add("?")  # a lone unknown letter (a constant of the author's): no restatement
        elif name in notation.indexed:
            written.add(name)
        elif name not in known_names and re.fullmatch(r"[A-Za-z]+", name):
            unknown.add(name)
    if "?" in unknown:
        return [*sorted(unknown), "?", "?"], []  # more than the limit: nothing is tried
    return sorted(unknown), sorted(written)


def _indexed_letter(node: Any, notation: Notation) -> str | None:
    """The letter of an indexed node (`a` of `a_i`, `\\sigma` of `\\sigma(A_i)`), None for any other node."""
    if isinstance(node, AppliedUndef) and len(node.args) == 1 and isinstance(node.args[0], sympy.Indexed):
        return type(node).__name__  # `\\sigma(A_i)`: the author's function letter for an indexed quantity
    if isinstance(node, sympy.Indexed):
        return str(node.base.label)
    if isinstance(node, sympy.Symbol) and "_" in node.name and node.name.rsplit("_", 1)[1] in notation.index_ranges:
        return node.name.rsplit("_", 1)[0]  # `a_i` read as one symbol: the letter a
    return None


def _name_of(written: str) -> str:
    """The parser's name of the head as written (`ell` of `\\ell`, `Lcal` of `\\mathcal{L}`)."""
    script = re.fullmatch(r"\\math(cal|scr)\s*\{\s*([A-Za-z])\s*\}", written)
    return script.group(2) + script.group(1) if script else written.lstrip("\\")


def _written_as_index(letter: str, sources: Sequence[Any]) -> bool:
    """Whether a line writes the letter in a subscript (`y_l`, `\\sum_{l=1}^K`): then it is an index, not a name."""
    pattern = re.compile(rf"_\s*(?:\{{[^{{}}]*(?<![A-Za-z\\]){letter}(?![A-Za-z])[^{{}}]*\}}|{letter}(?![A-Za-z]))")
    return any(pattern.search(source.text) for source in sources)
