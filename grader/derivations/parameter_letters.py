r"""One letter of the author's for all the problem's parameters, under an optimisation: `\arg\max_\theta L(\theta)`.

Authors of a likelihood derivation optimise over one letter, θ, for "the parameters", where the problem has several
(w and b): `\arg\max_\theta L(\theta) = \arg\min_\theta -\log L(\theta)`, `\arg\max_\theta \sum_i \log P(y_i \mid x_i;
\theta)`.  Read as written, L of one argument has no value (the problem's L takes w and b) and the objectives have
"no value at the sample points".  A careful TA reads the letter as the tuple of the problem's parameters: every call
that takes it takes them in its place (`L(w, b)`, `P(y_i \mid x_i; w, b)`), and the optimisation is over them.

Only under `\arg\max` / `\max` (or min) over that one letter, where the letter is none the problem or the author has
given a meaning (a parameter, a defined name, a datum), appears in the objective only as an argument of calls, and
the problem has more than one parameter.  The reading is said in the feedback; a wrong step stays wrong (the calls
are the problem's functions at its parameters).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import sympy
from sympy.core.function import AppliedUndef

from grader.mathengine.equivalence import ArgOpt, Checker
from grader.mathparse import Notation
from grader.mathparse.nodes import ParsedLine
from grader.results.i18n import define

define(
    {
        "derivation.reading_parameter_letter": (
            "the one letter optimised over as all the problem's parameters (each call that takes it takes them)",
            "把被优化的那个字母读作本题的全部参数（凡以它为自变量的函数都以这些参数为自变量）",
        ),
    }
)


def with_parameter_letter(parsed: ParsedLine, checker: Checker, notation: Notation, authors: Mapping[str, Any]) -> ParsedLine:
    """The line with each optimisation over one letter of the author's for the problem's parameters read over them
    (see the module's note); the line unchanged where none is written so."""
    parameters = tuple(getattr(checker, "parameters", ()))
    if len(parameters) < 2 or not any(isinstance(term, ArgOpt) for term in parsed.terms):
        return parsed
    known = {*parameters, *checker.definitions, *authors, *notation.indexed, *notation.functions, *notation.index_ranges}
    terms = tuple(_read(term, parameters, known) for term in parsed.terms)
    if terms == tuple(parsed.terms):
        return parsed
    return replace(parsed, terms=terms, readings=(*parsed.readings, "parameter_letter"))


def _read(term: Any, parameters: Sequence[str], known: set[str]) -> Any:
    if not isinstance(term, ArgOpt) or len(term.variables) != 1 or not isinstance(term.objective, sympy.Basic):
        return term
    letter = term.variables[0]
    if not isinstance(letter, sympy.Symbol) or letter.name in known:
        return term
    symbols = tuple(sympy.Symbol(name) for name in parameters)
    calls = [call for call in term.objective.atoms(AppliedUndef) if letter in call.args]
    if not calls:
        return term
    objective = term.objective.xreplace({call: call.func(*_spread(call.args, letter, symbols)) for call in calls})
    if letter in objective.free_symbols:
        return term  # the letter outside a call (`\theta^2`): not a name for the parameters
    return replace(term, variables=symbols, objective=objective)


def _spread(arguments: Sequence[Any], letter: sympy.Symbol, symbols: Sequence[sympy.Symbol]) -> tuple:
    """The arguments with the letter put as the parameters, in the problem's order."""
    spread: list[Any] = []
    for argument in arguments:
        spread.extend(symbols if argument == letter else (argument,))
    return tuple(spread)
