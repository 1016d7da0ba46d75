"""The author's probability functions: which letters are probabilities, and a joint written with a comma.

Authors of likelihood derivations write the model's probability with their own letter, often with a
subscript for the parameters (`q_\\theta(Y_i|x_i)`), and use the same letter for the probability of an
input alone (`q_\\theta(x_i)`) and for a joint probability (`q_\\theta(Y_i, x_i)`).  A TA reads:

- a subscripted probability letter the derivation calls with a condition (`q_\\theta(... | ...)`) as a
  function on every line, also where it has one argument (`q_\\theta(x_i)` is not the product q_θ·x_i);
- the same letter with two arguments and a comma, where the derivation also writes it with a condition,
  as the joint probability, the product rule's `q_\\theta(Y_i | x_i) q_\\theta(x_i)` (the parser reads a
  comma and a bar alike, so the joint would otherwise be read as the conditional).

What the probabilities then stand for (the problem's model, the input's probability) is the engine's
reading, `grader.mathengine.model_probability`; `probability_readings` names it in the feedback.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import sympy
from sympy.core.function import AppliedUndef

from grader.derivations.definitions import declared_functions, primed_functions
from grader.derivations.label_entries import with_label_entries
from grader.derivations.parameter_letters import with_parameter_letter
from grader.derivations.sample_definitions import with_sample_definitions
from grader.mathengine.equivalence import Checker
from grader.mathengine.model_probability import is_probability_name, model_definition
from grader.mathparse import Notation
from grader.mathparse.brackets import closing_bracket, split_outside_brackets
from grader.mathparse.nodes import ArgOpt, ParsedLine
from grader.results.i18n import define

define(
    {
        "derivation.reading_model_probability": (
            "the author's probability letter for the model's probability of the label given the input",
            "作者的概率记号表示模型在给定输入时标签的概率",
        ),
        "derivation.reading_input_probability": (
            ("a probability of the input alone for the data's own, free of the parameters (the model of the label "
             "given the input leaves it as it is)"),
            "只含输入的概率表示数据本身的分布，与参数无关（给定输入的标签模型不改变它）",
        ),
    }
)

#: `q_\theta(`, `p_{w}(`, `P_\theta\left(`: a probability letter with a subscript, called.
_SUBSCRIPTED_CALL = re.compile(
    r"(?<![A-Za-z\\])(?P<letter>[pPqQ])\s*_\s*(?:\{\s*\\?(?P<braced>[A-Za-z]+)\s*\}|\\(?P<command>[A-Za-z]+)|(?P<plain>[A-Za-z]))"
    r"\s*(?:\\left\s*)?\("
)


def author_functions(text: str) -> tuple[str, ...]:
    """The function names a line makes the author's: those it defines (`\\ell(w, b) = ...`), those it
    differentiates with a prime (`f'(z_k)`) and the subscripted probabilities it calls with a condition."""
    return (*declared_functions(text), *primed_functions(text), *conditional_probabilities(text))


def conditional_probabilities(text: str) -> tuple[str, ...]:
    """Subscripted probability letters the line calls with a condition (`q_\\theta(Y_i|x_i)`), as the parser names them."""
    names = []
    for match, inside in _calls(text):
        if _has_condition(inside):
            names.append(_parser_name(match))
    return tuple(dict.fromkeys(names))


def joint_probabilities(sources: Sequence[Any]) -> list[Any]:
    """The lines with each joint probability written with a comma (`q_\\theta(Y_i, x_i)`) of a letter the
    derivation also writes with a condition put as the product rule writes it (see the module's note)."""
    conditional = {name for source in sources for name in conditional_probabilities(source.text)}
    if not conditional:
        return list(sources)
    return [_joints_written_out(source, conditional) for source in sources]


def _joints_written_out(source: Any, conditional: set[str]) -> Any:
    text, pieces, at = source.text, [], 0
    for match, inside in _calls(text):
        parts = split_outside_brackets(inside, ",")
        if _parser_name(match) not in conditional or len(parts) != 2 or _has_condition(inside) or ";" in inside:
            continue
        head = text[match.start():match.end()].rstrip("(").removesuffix("\\left").rstrip()
        label, given = (part.strip() for part in parts)
        close = match.end() + len(inside) + 1
        pieces.append(text[at:match.start()])
        pieces.append(f"\\left({head}({label} \\mid {given})\\, {head}({given})\\right)")
        at = close
    if not pieces:
        return source
    return replace(source, text="".join(pieces) + text[at:])


def _calls(text: str) -> list[tuple[re.Match, str]]:
    """Each subscripted probability call with the text inside its parentheses (calls whose parenthesis
    does not close are left out)."""
    calls: list[tuple[re.Match, str]] = []
    for match in _SUBSCRIPTED_CALL.finditer(text):
        inside = _inside(text, match.end())
        if inside is not None:
            calls.append((match, inside))
    return calls


def _inside(text: str, start: int) -> str | None:
    """The text from `start` to the parenthesis that closes the one just before it (a `\\right)` closes too)."""
    end = closing_bracket(text, start)
    return None if end is None else re.sub(r"\\right\s*$", "", text[start:end])


def _has_condition(inside: str) -> bool:
    return bool(re.search(r"\\mid(?![A-Za-z])|(?<![\\|])\|(?!\|)|\\vert(?![A-Za-z])", inside))


def _parser_name(match: re.Match) -> str:
    return f"{match.group('letter')}_{match.group('braced') or match.group('command') or match.group('plain')}"


def with_likelihood_readings(parsed: ParsedLine, checker: Checker, notation: Notation, authors: Mapping[str, Any]) -> ParsedLine:
    """The line as a TA reads a likelihood's notation: its probabilities (`with_probability_readings`, with
    the problem's definitions and the author's so far) and its entries picked by the label
    (`grader.derivations.label_entries`), each reading noted."""
    parsed = with_sample_definitions(parsed, authors, notation)  # `P(Y_i \\mid x_i)` of the author's generic `P(Y \\mid x)`
    parsed = with_parameter_letter(parsed, checker, notation, authors)  # `\arg\max_\theta L(\theta)` read over w, b
    return with_label_entries(with_probability_readings(parsed, {**checker.definitions, **authors}), checker, notation)


def with_probability_readings(parsed: ParsedLine, definitions: Mapping[str, Any]) -> ParsedLine:
    """The line with the readings its probabilities take (`parsed.readings`), for the feedback: the
    author's letter read as the model's probability, a probability of an input alone."""
    model_names, input_names = probability_readings(parsed.terms, definitions)
    readings = []
    if model_names:
        readings.append("model_probability")
    if input_names:
        readings.append("input_probability")
    if not readings:
        return parsed
    return replace(parsed, readings=(*parsed.readings, *readings))


def probability_readings(terms: Sequence[Any], definitions: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """The probability letters of the terms read as the model's (without a definition of their own), and
    those applied to inputs alone."""
    model_names: list[str] = []
    input_names: list[str] = []
    for call in _probability_calls(terms):
        name = call.func.__name__
        model = definitions.get(name) or model_definition(name, definitions)
        if model is None:
            continue
        if name not in definitions and name not in model_names:
            model_names.append(name)
        inputs = {r.params[1].base for r in (model, *model.other_readings) if len(r.params) >= 2 and isinstance(r.params[1], sympy.Indexed)}
        if call.args and all(isinstance(a, sympy.Indexed) and a.base in inputs for a in call.args) and name not in input_names:
            input_names.append(name)
    return model_names, input_names


def _probability_calls(terms: Sequence[Any]) -> list[Any]:
    calls: list[Any] = []
    for term in terms:
        expr = term.objective if isinstance(term, ArgOpt) else term
        if isinstance(expr, sympy.Basic):
            calls.extend(node for node in expr.atoms(AppliedUndef) if is_probability_name(node.func.__name__))
    return calls
