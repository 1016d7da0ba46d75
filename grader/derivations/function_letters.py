"""The author's letters for the problem's functions and for their arguments, found from the role they play.

A TA reads `J(\\omega)` in a problem about J(w) as the weights written ω, and `\\mathscr L(w)` in a line that
restates the problem's `\\tilde J(w) = J(w) + \\frac{\\alpha}{2} w^T w` as the author's name for J.  The renaming
is fixed once for the derivation, from the first line that determines it, without looking at whether any other
line holds: every other line is then read (and judged) with it, so a wrong step in the author's letters stays
a wrong step.  The letters found are shown in the feedback of the first line that writes them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from itertools import permutations
from typing import Any

import sympy
from sympy.core.function import AppliedUndef

from grader.derivations.faults import deadline_passed
from grader.derivations.label_convention import convention_pairs, convention_reading
from grader.derivations.restated_givens import given_letters
from grader.mathengine.equivalence import Checker
from grader.mathengine.evaluate import EvaluationError, Timeout
from grader.mathparse import MathParseError, Notation, parse_line
from grader.mathparse.brackets import closing_bracket
from grader.mathparse.rewrites import bold_lists_plain
from grader.results.models import DerivationLine, Message

#: A plain name, as the parser names a letter (`omega` of `\\omega`, `theta` of `\\boldsymbol\\theta`).
_PLAIN_NAME = re.compile(r"[A-Za-z]+")

#: At most this many of the author's function names are renamed on one line (two: `\\tilde{\\mathscr L}` and `\\mathscr L`).
_MOST_FUNCTION_NAMES = 2


def function_letters(sources: Sequence[Any], notation: Notation, checker: Checker, known_names: set[str]) -> dict[str, str]:
    """The author's letters recognised from their role in a restated given, as aliases to add to `notation` (read
    with the author's letters its definitions gave): the letters of a given restated under the author's function
    name (`restated_givens`), and the author's names for the problem's functions (`\\mathscr L` for J, where a line
    restates the problem's definition under exactly one renaming); empty where the derivation writes none.  (The
    arguments of the problem's functions, `argument_letters`, are read before the author's definitions.)"""
    found = given_letters(sources, notation, checker, known_names)
    found.update(function_renaming(sources, _with_aliases(notation, found), checker, known_names))
    return found


def with_aliases(notation: Notation, found: Mapping[str, str]) -> Notation:
    """`notation` with `found` added to its aliases (itself where there are none)."""
    return _with_aliases(notation, found)


def _with_aliases(notation: Notation, found: Mapping[str, str]) -> Notation:
    if not found:
        return notation
    return replace(notation, aliases={**dict(notation.aliases), **found})


# -- the argument of the problem's function -----------------------------------------------------------


def argument_letters(sources: Sequence[Any], notation: Notation, known_names: set[str]) -> dict[str, str]:
    """The author's letters written as the arguments of one of the problem's functions, read as the problem's
    parameters there: `\\tilde J(\\omega; X, y)` with J a function of w makes ω the weights (and so `\\omega^\\ast`,
    `\\tilde\\omega` the problem's w*, w̃).  Only where the author writes as many parameters (before a `;`) as the
    problem's function has, only a plain letter the problem does not know and the derivation does not define
    itself; the first line that writes one for a parameter fixes it for every line."""
    found: dict[str, str] = {}
    defined = {match.group(1) for source in sources for match in [_LETTER_DEFINED.match(source.text)] if match}
    for source in sources:
        for function, parameters in notation.functions.items():
            for written in _parameter_lists(source.text, function):
                if len(written) != len(parameters):
                    continue  # `L(\\theta)` for the problem's L(w, b): θ holds both, no one of them
                for argument, parameter in zip(written, parameters):
                    letter = plain_letter(argument, notation)
                    if letter is None or parameter not in known_names or parameter in found.values() or not _new_letter(letter, notation, known_names, found, defined):
                        continue  # `parameter in found.values()`: fixed by an earlier line, one renaming for the derivation
                    found[letter] = parameter
    return found


def _new_letter(letter: str, notation: Notation, known_names: set[str], found: Mapping[str, str], defined: set[str]) -> bool:
    """A letter the problem does not know, no earlier line renamed, and the derivation does not define."""
    taken = known_names | set(notation.aliases) | set(found) | set(notation.functions) | set(notation.index_ranges)
    return letter not in taken and _written_name(letter) not in defined


#: `\\omega = ...`, `\\theta :=`: a line that defines a plain letter (the author's own quantity, not an argument's name).
_LETTER_DEFINED = re.compile(r"^\s*(\\?[A-Za-z]+)\s*(?::=|=)")


def _written_name(letter: str) -> str:
    """How a letter the parser named is written: `omega` as `\\omega`, `u` as `u`."""
    return letter if len(letter) == 1 else "\\" + letter


#: A decoration right before a function's letter (`\\tilde J(`: the decorated function's call, not J's).
_DECORATED_BEFORE = re.compile(r"\\(?:hat|tilde|bar|widehat|widetilde|overline)\s*\{?\s*$")


def data_arguments_dropped(text: str, functions: Mapping[str, tuple[str, ...]]) -> str:
    """`text` with the data after `;` of each call of the problem's functions taken off where the parameters before
    it are as many as the function's (`\\tilde J(\\omega; X, y)` is \\tilde J(ω): a TA reads the data as fixed, the
    problem's function of its parameters), so that a restatement is checked against the problem's definition."""
    if ";" not in text:
        return text
    text = bold_lists_plain(text)  # `J(\\boldsymbol{\\omega; X, y})`
    for function, parameters in functions.items():
        if not parameters:
            continue
        for match in reversed(list(_call_heads(function).finditer(text))):
            before = text[:match.start()]
            if re.search(r"\\nabla\s*$", before) or ("_" not in function and _DECORATED_BEFORE.search(before)):
                continue  # `\\nabla J(w; X, y)`: the gradient in the first argument, read (and said) as such; `\\tilde J(`: tilde_J's
            written = _parameters_at(text, match.end())
            if not written or len(written) != len(parameters):
                continue
            at = match.end() + sum(len(part) + 1 for part in written) - 1
            close = closing_bracket(text, at)
            if text[at] == ";" and close is not None and not _one_sample(text[at + 1:close]):
                text = text[:at] + text[close:]
    return text


def _one_sample(data: str) -> bool:
    """Whether the data after `;` name one sample (`L(w, b; y_i)`: that sample's factor, not the problem's function
    of its parameters) rather than the whole data (`X, y`; `y_1, \\dots, y_n`)."""
    return bool(re.search(r"[_^]", data)) and not re.search(r"\\[lc]?dots|\.\.\.", data)


def _call_heads(function: str) -> re.Pattern:
    """The opening of a call of the problem's `function` as written (`J(`, `\\tilde J(`, `\\widetilde{J}'(`)."""
    base = function.rsplit("_", 1)[-1]
    letter = re.escape(base) if len(base) == 1 else r"\\" + re.escape(base)
    decoration = function.rsplit("_", 1)[0] if "_" in function else None
    head = rf"\\(?:{decoration}|wide{decoration})\s*\{{?\s*{letter}\s*\}}?" if decoration else rf"(?<![A-Za-z\\]){letter}(?![A-Za-z])"
    return re.compile(head + r"\s*(?:'|\^\s*\{?\s*\\prime\s*\}?)?\s*\(")


def _parameter_lists(text: str, function: str) -> list[list[str]]:
    """The arguments before `;` or `|` of every application of the problem's `function` the text writes
    (`J(\\omega; X, y)`: the parameters ω, the data after the semicolon; `J'(\\omega)`, `\\tilde J(\\omega)` for
    tilde_J), as written."""
    decoration = function.rsplit("_", 1)[0] if "_" in function else None
    pattern = _call_heads(function)
    text = bold_lists_plain(text)  # `J(\\boldsymbol{\\omega; X, y})`
    arguments = []
    for match in pattern.finditer(text):
        if decoration is None and re.search(r"\\(?:hat|tilde|bar|widehat|widetilde|overline)\s*\{?\s*$", text[:match.start()]):
            continue  # `\\tilde J(`: the decorated function's, read with its own name
        written = _parameters_at(text, match.end())
        if written:
            arguments.append(written)
    return arguments


def _parameters_at(text: str, start: int) -> list[str] | None:
    """The arguments from `start` (after the opening parenthesis) up to the first `;`, `|` or `\\mid` at the top
    level, or the closing `)`; None where the parenthesis is not closed."""
    depth, begin = 0, start
    parts: list[str] = []
    for end in range(start, len(text)):
        char = text[end]
        if char in "({[":
            depth += 1
        elif char in ")}]" and depth:
            depth -= 1
        elif depth == 0 and (char in ");|" or text.startswith("\\mid", end)):
            return [*parts, text[begin:end]] if char != "]" else None
        elif depth == 0 and char == ",":
            parts.append(text[begin:end])
            begin = end + 1
    return None


def plain_letter(written: str, notation: Notation) -> str | None:
    """The name of a plain letter (`omega` of `\\omega`); None where the text is anything else."""
    try:
        parsed = parse_line(written, notation)
    except MathParseError:
        return None
    if len(parsed.terms) != 1 or parsed.leading_relation is not None:
        return None
    term = parsed.terms[0]
    name = getattr(term, "name", None)
    if not isinstance(term, (sympy.Symbol, sympy.MatrixSymbol)) or not isinstance(name, str) or not _PLAIN_NAME.fullmatch(name):
        return None
    return name


# -- the author's name for the problem's function ------------------------------------------------------


def function_renaming(sources: Sequence[Any], notation: Notation, checker: Checker, known_names: set[str]) -> dict[str, str]:
    """The author's names for the problem's functions (`\\mathscr L`, `\\widetilde{\\mathscr L}` for J, tilde J), from
    the first line that restates one of the problem's definitions (`\\widetilde{\\mathscr L}(w) = \\mathscr L(w) +
    \\frac{\\alpha}{2}\\|w\\|^2`) under exactly one renaming of its unknown function names to the problem's functions
    of the same arity.  A line that holds under no renaming, or under more than one, determines nothing."""
    targets = {name: len(parameters) for name, parameters in notation.functions.items() if name in known_names and parameters}
    if not targets:
        return {}
    for source in sources:
        if deadline_passed(checker.deadline):
            break
        names = _unknown_functions(source.text, notation, known_names, targets)
        if not names or len(names) > _MOST_FUNCTION_NAMES:
            continue
        holding = [renaming for renaming in _renamings(names, targets) if _restates(source.text, notation, renaming, checker)]
        if len(holding) == 1:
            return holding[0]
    return {}


def _unknown_functions(text: str, notation: Notation, known_names: set[str], targets: Mapping[str, int]) -> dict[str, int]:
    """The names the line applies as functions that the problem does not know (the author's), with their arity;
    empty where the line is not one equation of two sides, or where its right side writes none of them
    (`\\hat J(w) = J(w^*) + ...`: the author's own function, defined in the problem's terms, which the author's
    definitions follow; a restatement names the author's functions on both sides)."""
    try:
        parsed = parse_line(text, notation)
    except MathParseError:
        return {}
    if len(parsed.terms) != 2 or parsed.relations != ("=",) or parsed.leading_relation is not None:
        return {}
    found: dict[str, int] = {}
    for term in parsed.terms:
        if not isinstance(term, sympy.Basic):
            return {}
        on_side: dict[str, int] = {}
        for node in sympy.preorder_traversal(term):
            name = type(node).__name__ if isinstance(node, AppliedUndef) else None
            if name and name not in known_names and len(node.args) in targets.values():
                on_side[name] = len(node.args)
        # `\\widetilde{\\mathscr L}(w)` as the parser reads a name it does not know beside its argument: a product
        on_side.update({s.name: 1 for s in term.free_symbols if isinstance(s, sympy.Symbol) and _applied_unknown(s.name, text, known_names)})
        if term is parsed.terms[1] and not on_side:
            return {}
        found.update(on_side)
    return found


def _applied_unknown(name: str, text: str, known_names: set[str]) -> bool:
    """A script letter (`Lscr`, `tilde_Lscr`, `Lcal`) the problem does not know, written before a parenthesis."""
    if name in known_names or not re.fullmatch(r"(?:(?:tilde|hat|bar)_)?[A-Za-z](?:scr|cal|frak)", name):
        return False
    letter = name.rsplit("_", 1)[-1][0]
    style = {"scr": "mathscr", "cal": "mathcal", "frak": "mathfrak"}[name[-3:]]
    return re.search(rf"\\{style}\s*\{{\s*{letter}\s*\}}\s*\}}?\s*\(", text) is not None


def _renamings(names: Mapping[str, int], targets: Mapping[str, int]) -> list[dict[str, str]]:
    """Every one-to-one renaming of the author's function names to the problem's functions of the same arity;
    where the author decorates a name (`\\widetilde{\\mathscr L}`), decorated names go to decorated functions and
    plain to plain (a wrong sign in `\\widetilde{\\mathscr L}(w) = \\mathscr L(w) - ...` holds with the two swapped)."""
    ordered = sorted(names)
    kept = any(_decorated(name) for name in ordered)
    return [dict(zip(ordered, chosen)) for chosen in permutations(sorted(targets), len(ordered))
            if all(names[name] == targets[target] and (not kept or _decorated(name) == _decorated(target))
                   for name, target in zip(ordered, chosen))]


def _decorated(name: str) -> bool:
    """Whether a function's name carries a decoration (`tilde_J`, `hat_Lscr`)."""
    return re.match(r"(?:tilde|widetilde|hat|widehat|bar)_", name) is not None


def _restates(text: str, notation: Notation, renaming: Mapping[str, str], checker: Checker) -> bool:
    """Whether the line, read with `renaming`, holds with the problem's functions in it (both sides defined)."""
    try:
        parsed = parse_line(text, _with_aliases(notation, renaming))
        left, right = parsed.terms
        written = {type(node).__name__ for side in (left, right) if isinstance(side, sympy.Basic)
                   for node in sympy.preorder_traversal(side) if isinstance(node, AppliedUndef)}
        if not set(renaming.values()) <= written or not _defines_function(left, notation):
            return False  # a name the renaming did not reach (still read as a product), or no definition's head
        return bool(checker.same_values(left, right).holds)
    except (MathParseError, EvaluationError, Timeout, TypeError, ValueError, AttributeError):
        return False


def _defines_function(head: Any, notation: Notation) -> bool:
    """Whether the side is one of the problem's functions at its own parameters (`J(w)`): the head of a definition.
    A derived statement (`\\nabla \\mathscr L(w) = H(w - w^*)`) names no function: were it allowed to fix the
    renaming, an author's slip (the α w term left out of the regularized loss's gradient) would be read as a
    true statement about the other function."""
    if not isinstance(head, AppliedUndef):
        return False
    parameters = notation.functions.get(type(head).__name__)
    return bool(parameters) and [getattr(argument, "name", None) for argument in head.args] == list(parameters or ())


# -- the feedback ---------------------------------------------------------------------------------------


def renaming_noted(lines: list[DerivationLine], found: Mapping[str, str]) -> list[DerivationLine]:
    """The lines, the first plainly valid link that reads one of the author's letters recognised from their role
    saying how they were read ("omega as w")."""
    shown = {letter: target for letter, target in found.items() if letter != target}
    if not shown:
        return lines
    own = {letter: target for letter, target in shown.items() if letter not in convention_pairs(shown)}  # `label_convention` says its own
    letters = Message("derivation.reading_author_letters", {"letters": ", ".join(f"{letter} as {target}" for letter, target in sorted(own.items()))}) if own else None
    reading = Message("derivation.reading", {"reading": convention_reading(shown, letters) or letters})
    for index, line in enumerate(lines):
        if not any(_writes(line.source, letter) for letter in shown):
            continue
        for at, link in enumerate(line.links):
            if link.valid and link.reason is None:
                noted = replace(line, links=(*line.links[:at], replace(link, reason=reading), *line.links[at + 1:]))
                return [*lines[:index], noted, *lines[index + 1:]]
    return lines


def _writes(text: str, letter: str) -> bool:
    """Whether the text writes the letter the parser named `letter` (`\\omega`, `\\mathscr{L}`)."""
    script = re.fullmatch(r"(?:(?:tilde|hat|bar)_)?([A-Za-z])(scr|cal|frak)", letter)
    if script:
        style = {"scr": "mathscr", "cal": "mathcal", "frak": "mathfrak"}[script.group(2)]
        return re.search(rf"\\{style}\s*\{{\s*{script.group(1)}\s*\}}", text) is not None
    return re.search(rf"(?<![A-Za-z]){re.escape(_written_name(letter))}(?![A-Za-z])", text) is not None
