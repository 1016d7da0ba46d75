r"""Well-known macro sets that authors use without defining them in the answer.

Notes copied from a book or a paper keep the book's shorthands: the notation file of Goodfellow, Bengio and
Courville's *Deep Learning* (``math_commands.tex``, also the ICLR template's) writes every vector as ``\vw`` (a bold
w), every matrix as ``\mH`` (a bold H), the expectation as ``\E`` and the training distribution as ``\ptrain``.
Students who learned from those notes type the same shorthands into a Markdown answer, where no preamble defines
them: the page they see renders them (their own editor had the preamble), the grader would say "unknown command".

A TA reads such a shorthand as what it stands for in its well-known set, so this table gives each one its
expansion, and the author's macros expand it like one of the author's own (`author_macros`). The author's own
definition of the same name always wins: an answer that says ``\newcommand{\vw}{v}`` means v.

Only names the math parser does not read by itself are listed (`tests/test_known_macros.py` checks that each one
is an unknown command for the parser), so nothing the grader read before reads differently. Families are written
as rules (one per kind of symbol), not name by name. Source of the names and what they render as: the notation
file published with the book (GitHub goodfeli/dlbook_notation, math_commands.tex; also shipped in the ICLR paper
template); `\T` (the transpose mark) is not in it but in most copies students take it from.
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from typing import Protocol

__all__ = ["SET_NAME", "WELL_KNOWN", "well_known_note", "well_known_used"]

MAX_NAMED = 8
"""Shorthands the note names with their readings (an answer using the whole book's set is told of the first few)."""

SET_NAME = "math_commands.tex (Goodfellow, Bengio, Courville: Deep Learning)"
"""What the feedback calls the set a shorthand was read from."""

#: The Greek letters the book gives a bold vector form (``\vtheta``) and a bold matrix form (``\mLambda``).
_GREEK_VECTORS = ("mu", "theta", "alpha", "beta", "epsilon", "lambda", "omega", "psi", "sigma")
_GREEK_MATRICES = ("Beta", "Phi", "Lambda", "Sigma")


def _families() -> dict[str, str]:
    """The book's symbol families: bold vectors ``\\v<letter>`` and matrices ``\\m<Letter>``, random vectors
    ``\\rv<letter>`` and matrices ``\\rm<Letter>`` (bold upright), graphs ``\\g<Letter>`` (calligraphic), sets
    ``\\s<Letter>`` (blackboard; the book has no set E, its E is the expectation), matrix entries ``\\em<Letter>``
    and vector entries ``\\ev<letter>`` (the plain letter)."""
    table: dict[str, str] = {}
    for letter in string.ascii_lowercase:
        table[f"\\v{letter}"] = f"\\bm{{{letter}}}"
        table[f"\\rv{letter}"] = f"\\mathbf{{{letter}}}"
        table[f"\\ev{letter}"] = letter
    for letter in string.ascii_uppercase:
        table[f"\\m{letter}"] = f"\\bm{{{letter}}}"
        table[f"\\rm{letter}"] = f"\\mathbf{{{letter}}}"
        table[f"\\g{letter}"] = f"\\mathcal{{{letter}}}"
        table[f"\\em{letter}"] = letter
        if letter != "E":
            table[f"\\s{letter}"] = f"\\mathbb{{{letter}}}"
    for greek in _GREEK_VECTORS:
        table[f"\\v{greek}"] = f"\\bm{{\\{greek}}}"
        table[f"\\ev{greek}"] = f"\\{greek}"
    for greek in _GREEK_MATRICES:
        table[f"\\m{greek}"] = f"\\bm{{\\{greek.lower() if greek == 'Beta' else greek}}}"
    table["\\vzero"], table["\\vone"] = "\\bm{0}", "\\bm{1}"
    table["\\emLambda"], table["\\emSigma"] = "\\Lambda", "\\Sigma"
    return table


#: The book's named symbols: distributions, operators and constants.
_NAMED = {
    "\\E": "\\mathbb{E}",
    "\\R": "\\mathbb{R}",
    "\\T": "\\top",  # `\vw^{\T}`: the transpose mark most copies of the file add
    "\\Ls": "\\mathcal{L}",
    "\\KL": "D_{\\mathrm{KL}}",
    "\\Var": "\\mathrm{Var}",
    "\\Cov": "\\mathrm{Cov}",
    "\\pdata": "p_{\\mathrm{data}}",
    "\\ptrain": "\\hat{p}_{\\mathrm{data}}",
    "\\Ptrain": "\\hat{P}_{\\mathrm{data}}",
    "\\pmodel": "p_{\\mathrm{model}}",
    "\\Pmodel": "P_{\\mathrm{model}}",
    "\\ptildemodel": "\\tilde{p}_{\\mathrm{model}}",
    "\\emp": "\\tilde{p}",
    "\\lr": "\\alpha",
    "\\reg": "\\lambda",
    "\\sigmoid": "\\sigma",
    "\\softplus": "\\zeta",
    "\\softmax": "\\operatorname{softmax}",
    "\\eps": "\\epsilon",
    "\\train": "\\mathcal{D}",
}

WELL_KNOWN: dict[str, str] = {**_families(), **_NAMED}
"""Each shorthand of the set (backslash included) and what it renders as."""

class WellKnownUse(Protocol):
    """A shorthand's first use: its name and its 1-based line (`author_macros.Refusal` is one)."""

    @property
    def name(self) -> str: ...

    @property
    def line(self) -> int: ...


_COMMAND = re.compile(r"\\[A-Za-z]+")


def well_known_used(text: str) -> dict[str, str]:
    """The shorthands of `WELL_KNOWN` that `text` uses, with their expansions (empty for the usual answers.md)."""
    if "\\" not in text:
        return {}
    return {name: WELL_KNOWN[name] for name in set(_COMMAND.findall(text)) if name in WELL_KNOWN}


def well_known_note(uses: Sequence[WellKnownUse]) -> dict[str, object]:
    """The parameters of the note that says how the shorthands `uses` (first uses, in order) were read: the line
    of the first, and each name with what it was read as."""
    readings = ", ".join(f"{use.name} as {WELL_KNOWN[use.name]}" for use in uses[:MAX_NAMED])
    if len(uses) > MAX_NAMED:
        readings += ", ..."
    return {"line": min(use.line for use in uses), "source": SET_NAME, "readings": readings}
