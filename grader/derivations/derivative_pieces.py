"""The numerators and denominators of the derivatives a derivation writes, each read once, within its time limit.

The readings of the author's letters from their roles (`logit_letters`, `loss_letters`) look at every
`\\frac{\\partial ...}{\\partial ...}` of the first lines the derivation scans, and a derivation writes the same few
pieces (`z_i`, `p_j`, `L`) over and over: each distinct piece is parsed once per notation, and the scan stops where
the derivation's deadline has passed (the reading is then not taken: the lines are judged as written, and the
derivation, out of time, says so itself).
"""

from __future__ import annotations

from typing import Any

from grader.derivations.faults import deadline_passed
from grader.derivations.function_letters import plain_letter
from grader.mathparse import MathParseError, Notation, parse_line


class ParsedPieces:
    """The pieces of derivatives read under one notation, each once, while the deadline allows."""

    def __init__(self, notation: Notation, deadline: Any = None):
        self.notation = notation
        """The notation every piece is read with."""
        self.deadline = deadline
        """The derivation's cooperative deadline (None: none)."""
        self._terms: dict[str, Any] = {}
        self._letters: dict[str, str | None] = {}

    def term(self, written: str) -> Any:
        """The one term `written` reads as (`z[i]` of `z_i`); None where it is not one term or does not parse."""
        if written not in self._terms:
            try:
                parsed = parse_line(written, self.notation)
            except MathParseError:
                parsed = None
            self._terms[written] = parsed.terms[0] if parsed is not None and len(parsed.terms) == 1 else None
        return self._terms[written]

    def letter(self, written: str) -> str | None:
        """The name of the plain letter `written` is (`function_letters.plain_letter`), read once."""
        if written not in self._letters:
            self._letters[written] = plain_letter(written, self.notation)
        return self._letters[written]

    def expired(self) -> bool:
        """Whether the derivation's deadline has passed (the scan then stops and takes no reading)."""
        return deadline_passed(self.deadline)
