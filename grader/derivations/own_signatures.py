"""The author's own function under the problem's name: `L(\\boldsymbol{w}, \\sigma^2 | X, y) = ...` in a problem about L(w, b).

A TA reads a line that DEFINES one of the problem's function names with another argument list (another count
of arguments, or an argument that is not one of the problem's parameters: `\\sigma^2`, a known letter in the
place of another) as the author's own function, with the author's own model: the lines after it follow the
author's definition, not the problem's.  Every application written with that same argument list is read as
one name of the author's (the function at its own arguments), which the derivation's definitions then
follow; an application with the problem's own parameters (`L(w, b)`) stays the problem's function, so a
restatement of it is checked against the problem's definition, and a wrong step in the author's own function
is still a wrong step against the author's definition.  The feedback of the defining line says so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import sympy

from grader.derivations.function_letters import plain_letter
from grader.derivations.written_lines import with_text
from grader.mathparse import MathParseError, Notation, parse_line
from grader.mathparse.brackets import closing_bracket, split_outside_brackets
from grader.mathparse.operator_spellings import operator_spelled
from grader.results.i18n import define
from grader.results.models import DerivationLine, Message

define({
    "derivation.own_signature": (
        ("Defines {name}: the problem's name written with your own arguments, read as your own function; "
         "the lines after it follow your definition, not the problem's {problem}."),
        "定义了 {name}：用题目中的函数名但写了你自己的自变量，按你自己定义的函数理解；后面各行按你的定义检查，而不是题目中的 {problem}。",
    ),
})

#: The text a name of the author's function at its own arguments is written with (`L` -> `L_{\\text{own}}`).
_OWN_SUFFIX = r"_{\text{own}}"


@dataclass(frozen=True)
class OwnSignature:
    """One of the problem's function names the author defines with their own argument list."""

    written: str
    """The application as the defining line writes it (`L(\\boldsymbol{w}, \\sigma^2 | X, \\boldsymbol{y})`)."""

    name: str
    """The text it is read as: one name of the author's (`L_{\\text{own}}`)."""

    problem: str
    """The problem's function at its own parameters (`L(w, b)`), for the feedback."""

    from_line: int
    """The number of the line that defines it, from which on the name is the author's: the first that states it
    equal to one expression (`L(w, \\sigma^2) = \\prod_i ...`), where the first of all names it in a chain through
    the density of the whole sample (`L(...) = p(y | X, ...) = \\prod_i p(y_i | ...)`), a remark the checker
    cannot evaluate, which would leave the name without a value on every line after it."""


def own_signatures(sources: Sequence[Any], notation: Notation, known_names: set[str]) -> tuple[OwnSignature, ...]:
    """The problem's functions the derivation defines with another argument list, from the first line that
    defines each (`F(args) = ...` at the start of the line); empty where none."""
    found: dict[str, OwnSignature] = {}
    for function, parameters in notation.functions.items():
        written_name = _written_name(function)
        if not parameters or function not in known_names or written_name is None:
            continue
        for source in sources:
            head = _defined_head(source.text, written_name)
            if head is None:
                continue
            if _own_arguments(head[1], parameters, notation, known_names) and not _applies(source.text[len(head[0]):], written_name):
                name = written_name + _OWN_SUFFIX
                if _bare_name(name, notation) not in known_names and not any(name in s.text for s in sources):
                    found[function] = OwnSignature(head[0], name, f"{function}({', '.join(parameters)})", _defining_line(sources, head[0], source))
            break  # the first line that defines the name decides
    return tuple(found.values())


def own_signatures_read(sources: Sequence[Any], notation: Notation, known_names: set[str]) -> list[Any]:
    """The lines with every application written as an own signature's defining line writes it read as the
    author's own name (the lines unchanged where the derivation defines none), and the author's spellings of the
    problem's operators (`V_{ar}(W)`) read as the operator."""
    sources = [with_text(source, operator_spelled(source.text, notation, padded=False)) for source in sources]  # `V_{ar}(W)`: Var, not a head to drop
    signatures = own_signatures(sources, notation, known_names)
    if not signatures:
        return sources
    return [with_text(source, _renamed(source.text, [s for s in signatures if source.number >= s.from_line])) for source in sources]


def _defining_line(sources: Sequence[Any], written: str, first: Any) -> int:
    """The number of the first line from `first` on that defines the application `written` as one expression
    (`F(args) = body` and no further top-level `=`); the first line's own where none does."""
    pattern = re.compile(r"\s*" + _spaced(written) + r"\s*(?:=|:=|\\coloneqq)")
    for source in sources:
        match = pattern.match(source.text) if source.number >= first.number else None
        if match and "=" not in _top_level(source.text[match.end():]):
            return int(source.number)
    return int(first.number)


def _top_level(text: str) -> str:
    """The text outside braces and parentheses (where a chain's `=` stands)."""
    depth, kept = 0, []
    for char in text:
        if char in "({[":
            depth += 1
        elif char in ")}]":
            depth -= 1
        elif depth == 0:
            kept.append(char)
    return "".join(kept)


def own_signatures_noted(lines: list[DerivationLine], sources: Sequence[Any], notation: Notation,
                         known_names: set[str]) -> list[DerivationLine]:
    """The lines, the author's name shown as they wrote it, and the link that defines it saying how it was read."""
    signatures = own_signatures(sources, notation, known_names)
    if not signatures:
        return lines
    noted: list[DerivationLine] = []
    told: set[str] = set()
    for line in lines:
        links = []
        for link in line.links:
            link = replace(link, left=_restored(link.left, signatures), right=_restored(link.right, signatures))
            signature = next((s for s in signatures if s.name in _name_of(link.reason)), None) if link.reason is not None else None
            if signature is not None and link.reason is not None and link.reason.key == "derivation.defines" and signature.name not in told:
                told.add(signature.name)
                link = replace(link, reason=Message("derivation.own_signature", {"name": signature.written, "problem": signature.problem}))
            elif link.reason is not None and link.reason.key == "derivation.defines":
                link = replace(link, reason=Message("derivation.defines", {"name": _restored(_name_of(link.reason), signatures)}))
            links.append(link)
        noted.append(replace(line, links=tuple(links)))
    return noted


# -- reading the head ------------------------------------------------------------------------------------


def _written_name(function: str) -> str | None:
    """How the author writes the problem's function name (`L`, `\\ell`); None for a decorated or longer name."""
    if re.fullmatch(r"[A-Za-z]", function):
        return function
    if function in ("ell", "phi", "psi"):
        return "\\" + function
    return None


def _defined_head(text: str, written_name: str) -> tuple[str, str] | None:
    """(`F(args)`, `args`) where the line starts by defining F (`F(args) =`, `:=`); None otherwise."""
    match = re.match(rf"\s*{re.escape(written_name)}(?![A-Za-z])\s*\(", text)
    if match is None:
        return None
    end = closing_bracket(text, match.end())
    if end is None or text[end] != ")" or re.match(r"\s*(?:=|:=|\\coloneqq)", text[end + 1:]) is None:
        return None
    return text[match.start():end + 1].strip(), text[match.end():end]


def _own_arguments(arguments: str, parameters: Sequence[str], notation: Notation, known_names: set[str]) -> bool:
    """Whether the arguments (before `|`, `;` or `\\mid`) are not the problem's parameters: an argument that is
    no plain letter (`\\sigma^2`), or a letter the problem knows as something else (`\\sigma` for L(w, b)).  A
    letter the problem does not know is the author's name for a parameter (`J(\\omega)`: function_letters)."""
    written = [part for part in split_outside_brackets(re.split(r"\\mid|[|;]", arguments, maxsplit=1)[0], ",") if part.strip()]
    for argument in written:
        letter = plain_letter(argument, notation)
        if letter is None:
            return not _mentions_parameter(argument, parameters, notation)  # `J(w^* + u)`: the problem's J at a point
        if letter in known_names and notation.aliases.get(letter, letter) not in parameters and letter not in parameters:
            return True
    # the problem's parameters in another count (`L(w)` for L(w, b)): the problem's function read as written
    # (its own reading says what is missing); the author's own letters only (`L(w, b)` for L(\theta)): the
    # author's names for the parameters, which the likelihood readings take
    return False


def _applies(body: str, written_name: str) -> bool:
    """Whether the definition's body applies the name itself (`J(w^* + u) = J(w^*) + ...`): a statement about
    the problem's function at another point (a step to check), not the author's own function."""
    return re.search(rf"(?<![A-Za-z\\]){re.escape(written_name)}(?![A-Za-z])\s*(?:\\left\s*)?\(", body) is not None


def _mentions_parameter(argument: str, parameters: Sequence[str], notation: Notation) -> bool:
    """Whether an argument written as an expression is one of the problem's parameters, decorated or not
    (`w^* + u`, `\\tilde w`), or cannot be read (then it is not taken for the author's own)."""
    try:
        parsed = parse_line(argument, notation)
    except MathParseError:
        return True
    names = {getattr(symbol, "name", "") for term in parsed.terms if isinstance(term, sympy.Basic) for symbol in term.free_symbols}
    return any(name == parameter or name.startswith(parameter + "_") or name.endswith("_" + parameter)
               for name in names for parameter in parameters)




def _bare_name(written: str, notation: Notation) -> str | None:
    try:
        parsed = parse_line(written, notation)
    except MathParseError:
        return None
    term = parsed.terms[0] if len(parsed.terms) == 1 else None
    return term.name if isinstance(term, sympy.Symbol) else None


# -- rewriting and showing -------------------------------------------------------------------------------


def _renamed(text: str, signatures: Sequence[OwnSignature]) -> str:
    for signature in signatures:
        text = re.sub(_spaced(signature.written), signature.name.replace("\\", "\\\\"), text)  # the name as written, escapes kept
    return text


def _spaced(written: str) -> str:
    """A pattern for the application written with any spacing."""
    return r"\s*".join(re.escape(char) for char in written if not char.isspace())


def _restored(text: str, signatures: Sequence[OwnSignature]) -> str:
    for signature in signatures:
        text = text.replace(signature.name, signature.written)
    return text


def _name_of(reason: Message | None) -> str:
    name = reason.params.get("name") if reason is not None and isinstance(reason.params, Mapping) else None
    return name if isinstance(name, str) else ""
