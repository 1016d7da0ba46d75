"""Names and functions the author defines only after a line that uses them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import cast

from grader.mathengine.equivalence import evaluation_reason
from grader.mathengine.evaluate import FunctionDefinition
from grader.results.models import DerivationLine, Message


def later_definition_noted(line: DerivationLine, first: DerivationLine, later: Mapping[str, FunctionDefinition]) -> DerivationLine:
    """The line as read with the author's later definitions, saying which (on its first plainly valid link)."""
    names = ", ".join(sorted(name for name in later if unchecked_for_want_of(first, name)))
    for at, link in enumerate(line.links):
        if link.valid and link.reason is None:
            note = Message("derivation.reading", {"reading": Message("derivation.reading_later_definition", {"names": names})})
            return replace(line, links=(*line.links[:at], replace(link, reason=note), *line.links[at + 1:]))
    return line


def unchecked_for_want_of(line: DerivationLine, name: str) -> bool:
    """A line left unchecked because `name` had no value there (the author defines it later)."""
    for link in line.links:
        if link.valid is None and link.reason is not None and link.reason.key == "equivalence.could_not_evaluate":
            error = link.reason.params.get("error")
            missing = error.params.get("name") if isinstance(error, Message) else None
            if missing is not None and missing in (name, name.split("_", 1)[0]):
                return True
    return False


def functions_defined_below(lines: list[DerivationLine], definitions: dict[str, FunctionDefinition],
                             known: dict[str, FunctionDefinition] | None) -> dict[str, FunctionDefinition]:
    """The author's functions a line could not apply for want of a definition that a later line gave
    (the definitions at the end of the reading), less those already known from the first line on."""
    found: dict[str, FunctionDefinition] = {}
    for line in lines:
        for link in line.links:
            error = link.reason.params.get("error") if link.valid is None and link.reason is not None else None
            if not (isinstance(error, Message) and error.key == UNDEFINED_FUNCTION_KEY):
                continue
            name = error.params.get("name")
            if isinstance(name, str) and name in definitions and name not in (known or {}) and definitions[name].params:
                found[name] = definitions[name]
    return found


#: The evaluator's "the function X is not defined", as its catalog key.
UNDEFINED_FUNCTION_KEY = cast(Message, evaluation_reason("no definition of the function f")).key  # a known reason: a Message
