"""What a derivation line states, as the parser reads it: one of a few frozen node types.

`read_statement` reads a line and says what it is, so that the checker dispatches on the node's
type instead of decoding the parser's exceptions:

- a chain ``e1 REL e2 REL ...`` (a `ParsedLine`, continuing the line before when it starts with a relation);
- a `TupleDefinition`: ``\\hat w, \\hat b = \\arg\\max ...`` gives names to the result of the chain after them;
- a `Remark`: a relation that states an assumption or a remark (``\\epsilon_i \\sim N(0, \\sigma^2)``,
  ``L \\propto A``; see `step_relations.REMARK_RELATIONS`), with the terms after it where they read;
- `NoStep`: prose, a set of data, a bare matrix: no equation and no implication, nothing a TA could mark;
- `Unreadable`: math the parser cannot read, with its error `Message` (its key tells notation the parser
  does not know, `errors.NOTATION_ERRORS`, from math that is wrong, such as shapes that do not fit).

Like the rest of the package, nothing here evaluates the text; `read_statement` lets out no `MathParseError`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from grader.mathparse.elided_lists import elided_at, elided_chain
from grader.mathparse.errors import MathParseError
from grader.mathparse.line import parse_line
from grader.mathparse.nodes import ParsedLine
from grader.mathparse.notation import Notation
from grader.mathparse.pictured_matrices import pictured_matrix
from grader.mathparse.step_relations import REMARK_RELATIONS, states_no_step
from grader.mathparse.tuple_names import tuple_definition
from grader.mathparse.value_pairs import value_pair
from grader.mathparse.vector_listings import listed_vectors
from grader.results.models import Message


@dataclass(frozen=True)
class TupleDefinition:
    """``(w^*, b^*) = \\arg\\min_{w,b} L`` or ``\\hat w, \\hat b = ...``: names given to a chain's result."""

    names: str
    """The names as written (``\\hat w, \\hat b``), without the brackets or a label after them."""

    line: ParsedLine
    """The chain after the names' `=`; it never starts with a relation."""


@dataclass(frozen=True)
class Remark:
    """A line whose relation states an assumption or a remark, not a step: shown, not checked."""

    relation: str
    """The relation as the parser names it (``\\sim``, ``\\propto``, ``\\leftarrow``, ...)."""

    after: ParsedLine | None
    """What follows the relation (``A`` in ``L \\propto A``), read as a chain that does not start with a
    relation; the next line's ``= B`` continues from its last term.  None where it does not read so."""


@dataclass(frozen=True)
class NoStep:
    """A line with no equation and no implication (prose, ``\\{x_i, Y_i\\}_{i=1}^n``, ``a \\rightarrow [0, 1]``)
    that the parser cannot read: it claims nothing a TA could mark wrong."""

    kind: str = "no_step"
    """What the line is: ``"no_step"`` (no equation at all), or ``"drawn_matrix"``, a matrix drawn with elided
    entries (`pictured_matrices`), a picture of its layout, or ``"listed_vectors"``, vectors written as the lists
    of their entries (`vector_listings`), or ``"elided_list"``, steps left out as an ellipsis alone (`= \\dots`,
    `elided_lists`): not checked, never read as a wrong step."""


@dataclass(frozen=True)
class Unreadable:
    """A line the parser cannot read that states a step: its notation is unknown, or its math is wrong."""

    error: Message
    """Why, with where (a ``parse.*`` catalog message)."""


#: What `read_statement` returns.
Statement = ParsedLine | TupleDefinition | Remark | NoStep | Unreadable

#: Reads a chain from text, raising `MathParseError` where it cannot (`parse_line`, or a reader built on it).
ChainReader = Callable[[str, Notation], ParsedLine]


def read_statement(text: str, notation: Notation = Notation(), *, math: str | None = None,
                   read_chain: ChainReader = parse_line) -> Statement:
    """What the line `text` states (see the module's docstring).

    `math`: the part of `text` to read as a chain, where the caller has taken something off it first (a
    condition written after the math, which it reads itself); the other readings look at the line as written.
    `read_chain`: the chain reader (a caller's reader adds its own forms, such as a `cases` value)."""
    try:
        return read_chain(text if math is None else math, notation)
    except MathParseError as error:
        return _not_a_chain(text, notation, error)


def _not_a_chain(text: str, notation: Notation, error: MathParseError) -> Statement:
    """What a line is that does not read as a chain (`error` says why it does not)."""
    named = _tuple_definition_read(text, notation)
    if named is not None:
        return named
    relation = _remark_relation(error)
    if relation is not None:
        return Remark(relation, _after_relation(text, error, notation))
    if states_no_step(text):
        return NoStep()
    if pictured_matrix(text):
        return NoStep("drawn_matrix")
    if listed_vectors(text):
        return NoStep("listed_vectors")
    if elided_at(str(error.message.params.get("snippet", ""))):
        return _elided_read(text, notation, error)
    pair = value_pair(text, str(error.message.params.get("snippet", ""))) if error.key == "parse.unexpected" else None
    if pair is not None:  # `(y_k(1-y_j), -y_k y_j)` with no cases stated: could not be checked, and why, in plain words
        return Unreadable(Message("parse.value_pair", {**error.message.params, "first": pair[0], "second": pair[1]}))
    return Unreadable(error.message)


def _elided_read(text: str, notation: Notation, error: MathParseError) -> Statement:
    """A line the parser stops on at an ellipsis whose pattern the written terms do not fix (`elided_lists.elided_chain`):
    the steps written in full before it are checked; a step from written terms it elides is not (never bridged over)."""
    elided = elided_chain(text)
    line = _chain_or_none(elided.kept, notation) if elided.kept is not None else None
    if line is None or not (line.relations or line.leading_relation):
        # `A = -a_1 - a_2 - \dots = B` with nothing left to compare: the written terms may be wrong, so it is not passed
        return Unreadable(Message("parse.elided_claim", dict(error.message.params))) if elided.claim_after else NoStep("elided_list")
    # `A = -a_1 - \dots = B`: A = B charged where it fails, never passed (`link_readings.with_readings`)
    reading = "elided_bridge" if elided.claim_after else "elided_tail" if elided.tail else "elided_segment"
    return dataclasses.replace(line, readings=(reading, *line.readings))


def _tuple_definition_read(text: str, notation: Notation) -> TupleDefinition | None:
    """``\\hat w, \\hat b = CHAIN``, where CHAIN reads and does not itself start with a relation."""
    split = tuple_definition(text)
    if split is None:
        return None
    line = _chain_or_none(split[1], notation)
    if line is None or line.leading_relation is not None:
        return None
    return TupleDefinition(split[0], line)


def _remark_relation(error: MathParseError) -> str | None:
    """The relation the parser stopped at, where it states an assumption or a remark."""
    if error.key != "parse.unsupported_relation":
        return None
    token = str(error.message.params.get("token", "")).strip()
    return token if token in REMARK_RELATIONS else None


def _after_relation(text: str, error: MathParseError, notation: Notation) -> ParsedLine | None:
    """The chain after the remark's relation (found from the error's column on), where it reads as a
    chain of terms that does not start with a relation."""
    token = str(error.message.params.get("token", "")).strip()
    at = text.find(token, max(0, error.column - 1))
    if at < 0:
        return None
    line = _chain_or_none(text[at + len(token):], notation)
    if line is None or line.leading_relation is not None or not line.terms:
        return None
    return line


def _chain_or_none(text: str, notation: Notation) -> ParsedLine | None:
    try:
        return parse_line(text, notation)
    except MathParseError:
        return None
