"""The author's letters fixed by the first line that restates one of the problem's quantities in them: the labels
of `L(\\theta) = \\prod_i y_i^{t_i} (1-y_i)^{1-t_i}` (t read as Y), the parameters of `\\ln L(a_0, a_1, \\sigma) =
... (y_i - a_0 - a_1 x_i)^2` (a_0, a_1 read as b, w)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from itertools import permutations
from typing import Any

import sympy

from grader.derivations.definitions import INDEXED_NAME
from grader.derivations.faults import deadline_passed
from grader.derivations.letter_renaming import Likelihood, argument_names, letters_renamed
from grader.derivations.written_lines import parse_or_none
from grader.mathengine.equivalence import Checker, names_in
from grader.mathengine.evaluate import EvaluationError, Timeout
from grader.mathengine.two_classes import TwoClassReading, two_class_terms
from grader.mathparse import Notation

#: At most this many renamings are tried on one line (a few letters, a few quantities).
MAX_ROLE_RENAMINGS = 24


def restated_letters(sources: Sequence[Any], notation: Notation, checker: Checker, known: set[str],
                     two_classes: TwoClassReading | None, likelihood: Likelihood | None) -> dict[str, str]:
    """The author's letters read from the first line that restates one of the problem's own quantities in them:
    a line whose first term, once read, names only what the problem knows (its likelihood `L(\\theta)`, or the
    likelihood of the author's arguments `L(a_0, a_1, \\sigma)`), and where exactly one renaming of the author's
    letters (indexed ones to the problem's indexed quantities; the likelihood's arguments to its parameters) makes
    a later term equal to it.  The renaming is fixed at that line and used on every line; a line where none or two
    hold fixes nothing; later lines are never looked at to choose it, so a wrong later step written in those letters
    stays wrong.  Only to quantities the derivation never writes itself (one letter, one reading)."""
    written = lone_letters(sources)
    for source in sources:
        if deadline_passed(checker.deadline):
            return {}
        for letters, targets, read in _candidates(source.text, notation, known, written, likelihood):
            renaming = _restating_renaming(source.text, letters, targets, read, notation, checker, two_classes, known)
            if renaming is not None:
                return renaming
    return {}


def _candidates(text: str, notation: Notation, known: set[str], written: set[str], likelihood: Likelihood | None) -> list:
    """What a line may fix: (the author's letters, the problem's quantities they may stand for, how a renaming
    is read into the line's text)."""
    found: list[tuple[list[str], list[str], Callable[[str, Mapping[str, str]], str]]] = []
    if likelihood is None:
        return found
    parsed = parse_or_none(text, notation)
    # a restatement of the likelihood: its first term calls it (`\\log L(\\theta) = \\sum_i t_i \\log y_i + ...`)
    if parsed is not None and len(parsed.terms) >= 2 and _calls(parsed.terms[0], likelihood.name):
        families = sorted({letter for term in parsed.terms[1:] for letter in _unknown_families(term, notation, known)})
        if 0 < len(families) <= 2:
            found.append((families, sorted(set(notation.indexed) - set(notation.aliases) - written), letters_renamed))
    for call in likelihood.calls(text):
        names = argument_names(call.group(1)) or []
        unknown = [name for name in names if name not in known]
        if unknown and len(unknown) == len(likelihood.params) and not set(likelihood.params) & written:
            def read(line: str, renaming: Mapping[str, str], lik: Likelihood = likelihood) -> str:
                return letters_renamed(lik.arguments_read(line, renaming, known), renaming)
            found.append((unknown, list(likelihood.params), read))
            break
    return found


def _calls(term: Any, name: str) -> bool:
    """Whether the parsed `term` calls the function `name` (`\\log L(\\theta)`)."""
    return isinstance(term, sympy.Basic) and any(
        isinstance(node, sympy.Function) and type(node).__name__ == name for node in sympy.preorder_traversal(term))


def _unknown_families(term: Any, notation: Notation, known: set[str]) -> list[str]:
    """The letters of `term` written with an index of the problem's (`t_i`) that the problem does not know;
    [] where it writes another unknown name (a function, a plain letter: then it is no restatement to read)."""
    if not isinstance(term, sympy.Basic):
        return []
    bases = {node.base.label.name for node in sympy.preorder_traversal(term) if isinstance(node, sympy.Indexed)}
    families = set()
    for name in names_in(term) - known - set(notation.index_ranges):
        match = INDEXED_NAME.fullmatch(name)
        if name in bases:
            families.add(name)
        elif match is not None and match.group(2) in notation.index_ranges and match.group(1) not in known:
            families.add(match.group(1))
        elif match is None or match.group(2) not in notation.index_ranges:
            return []
    return sorted(families)


def _restating_renaming(text: str, letters: list[str], targets: list[str], read: Callable[[str, Mapping[str, str]], str],
                        notation: Notation, checker: Checker, two_classes: TwoClassReading | None, known: set[str]) -> dict[str, str] | None:
    """The one renaming of `letters` to `targets` under which the line's first term (all its names known) equals a
    later term that writes one of them; None where none or more than one does."""
    holding = []
    for tried, chosen in enumerate(permutations(targets, len(letters))):
        if tried >= MAX_ROLE_RENAMINGS:
            return None
        renaming = dict(zip(letters, chosen))
        parsed = parse_or_none(read(text, renaming), notation)
        if parsed is None or len(parsed.terms) < 2 or parsed.leading_relation is not None or set(parsed.relations) != {"="}:
            continue
        terms, line_checker = parsed.terms, checker
        first = terms[0]
        if not isinstance(first, sympy.Basic) or not first.free_symbols or names_in(first) - known:
            continue  # the restatement starts from a quantity of the problem's, all its names known
        binary = two_class_terms(terms, two_classes, notation.index_ranges) if two_classes is not None else None
        if two_classes is not None and binary is not None:
            terms, line_checker = binary, checker.with_scenarios((two_classes.scenario,))
        if any(_holds(line_checker, terms[0], term) for term in terms[1:] if _written_families(term, renaming)):
            holding.append(renaming)
    return holding[0] if len(holding) == 1 else None


def _written_families(term: Any, renaming: Mapping[str, str]) -> set[str]:
    """The author's letters (by the names they were renamed to) a parsed term writes."""
    if not isinstance(term, sympy.Basic):
        return set()
    names = {match.group(1) if match else name for name in names_in(term) for match in [INDEXED_NAME.fullmatch(name)]}
    return {letter for letter, target in renaming.items() if target in names}


def _holds(checker: Checker, first: Any, other: Any) -> bool:
    try:
        return bool(checker.same_values(first, other).holds)
    except (EvaluationError, Timeout, TypeError, ValueError, AttributeError):
        return False


def lone_letters(sources: Sequence[Any]) -> set[str]:
    """The single letters the derivation writes (commands and `\\text{...}` aside)."""
    letters = set()
    for source in sources:
        text = re.sub(r"\\[A-Za-z]+", " ", re.sub(r"\\text\s*\{[^{}]*\}", " ", source.text))
        letters |= set(re.findall(r"(?<![A-Za-z])([A-Za-z])(?![A-Za-z])", text))
    return letters
