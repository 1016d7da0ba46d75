"""Slips of the pen a TA reads as meant: a letter or an index written for another."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import sympy

from grader.mathengine.equivalence import Checker, names_in
from grader.mathengine.evaluate import EvaluationError, Timeout
from grader.mathparse import Notation
from grader.results.models import DerivationLine, Message


def letter_slip(checker: Checker, left: Any, right: Any, known: set[str], notation: Notation) -> tuple[str, str] | None:
    """`\\frac{1}{\\sqrt{2\\pi}\\delta} ... = \\frac{1}{\\sqrt{2\\pi}\\sigma} ...`: one side has a letter nobody defined
    where the other has one of the problem's; the step holds with the first read as the second.  The
    slip of the pen a TA reads as meant, since the author's next line shows it (the pair, or None)."""
    if not isinstance(left, sympy.Basic) or not isinstance(right, sympy.Basic):
        return None
    for written, shown in ((left, right), (right, left)):
        plain_written = {s.name: s for s in written.atoms(sympy.Symbol)}
        plain_shown = {s.name: s for s in shown.atoms(sympy.Symbol)}
        unknown = [n for n in names_in(written) - names_in(shown) if n in plain_written and n not in known
                   and n not in notation.index_ranges and n not in notation.indexed]  # a family's name is no plain letter
        targets = sorted(n for n in names_in(shown) if n in plain_shown and n in known
                         and n not in notation.index_ranges and n not in notation.indexed)
        if len(unknown) != 1 or not 1 <= len(targets) <= 4:
            continue
        for target in targets:
            if checker.same_values(written.xreplace({plain_written[unknown[0]]: plain_shown[target]}), shown).holds:
                return unknown[0], target
    return None


def slip_noted(line: DerivationLine, slips: dict[str, str]) -> DerivationLine:
    """A line that uses a slipped letter says how it was read (on its checked links without a reason)."""
    used = [(letter, target) for letter, target in slips.items() if re.search(rf"\\{letter}(?![A-Za-z])|(?<![A-Za-z\\]){letter}(?![A-Za-z])", line.source)]
    if not used or line.error is not None:
        return line
    letter, target = used[0]
    note = Message("derivation.slip", {"letter": letter, "target": target})
    return replace(line, links=tuple(replace(k, reason=note) if k.valid and k.reason is None else k for k in line.links))


#: At most this many index renamings are tried to read a wrong line as a typo.
MAX_TYPO_RENAMINGS = 12


def index_typo(checker: Checker, wrong: Any, meant: Any, notation: Notation) -> bool:
    """Whether `wrong` equals `meant` once one index letter in it is read as another (`\\sum_k e^{z_j}`
    written for `\\sum_k e^{z_k}`): a slip of the pen, not of the reasoning."""
    if not isinstance(wrong, sympy.Basic) or not isinstance(meant, sympy.Basic):
        return False
    letters = sorted({s for s in wrong.atoms(sympy.Symbol) if s.name in notation.index_ranges}, key=str)
    tried = 0
    for old in letters:
        for new in letters:
            if old == new:
                continue
            if tried >= MAX_TYPO_RENAMINGS:
                return False
            tried += 1
            try:
                if checker.same_values(meant, wrong.xreplace({old: new})).holds:
                    return True
            except (EvaluationError, Timeout, TypeError, ValueError, AttributeError):
                continue
    return False
