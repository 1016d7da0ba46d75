r"""A probability written without a condition: `P(x_i, \theta)` is the JOINT probability of x_i and θ.

The parser reads `,`, `;`, `\mid` and a lone `|` alike as separators of a call's arguments, so `P(x_i \mid \theta)`
and `P(x_i, \theta)` would be one tree.  They are not one probability: the second is of x_i AND θ together (what a
student who confuses the two writes), and a reading meant for the first (the sample under the parameters,
`grader.mathengine.model_probability.sample_given_parameters`) must not take the second.  So a call of a probability
letter whose arguments are separated by commas only is made with a function MARKED joint: its name and arguments are
those of the call, SymPy keeps the mark through every rebuilding of the tree (`func(*args)`), and a reading that
needs the condition asks `written_joint`.  Nothing else changes for such a call (its letter, its definition and its
other readings are the same).
"""

from __future__ import annotations

from typing import Any

import sympy

from .tokens import CMD, OP, Token

#: The first part of a probability's name as the parser spells it (`q_theta`, `P` for \mathbb P too).
PROBABILITY_LETTERS = frozenset({"p", "P", "q", "Q", "Pbb"})

#: What writes a condition in a call's parenthesis (`\vert` and the other spellings are `\mid` by now).
_CONDITION_MARKS = frozenset({";", "|", "\\mid"})


def call_function(name: str, tokens: list[Token], opened: int, close: int, arguments: int) -> Any:
    """The function of a call of `name` with `arguments` arguments whose parenthesis runs from `tokens[opened]` to
    `tokens[close]`: marked joint where the name is a probability's letter, there are several arguments (one event,
    `P(Y = 1)`, is no joint one) and no condition is written at the top level of the parenthesis."""
    if arguments >= 2 and name.split("_", 1)[0] in PROBABILITY_LETTERS and not _condition_written(tokens[opened + 1 : close]):
        return sympy.Function(name, joint=True)
    return sympy.Function(name)


def written_joint(call: Any) -> bool:
    """Whether a call was written without a condition (see the module's note)."""
    return bool(getattr(getattr(call, "func", None), "joint", False))


def _condition_written(inside: list[Token]) -> bool:
    depth = 0
    for tok in inside:
        if tok.is_op("(", "[", "{"):
            depth += 1
        elif tok.is_op(")", "]", "}"):
            depth -= 1
        elif depth == 0 and tok.kind in (OP, CMD) and tok.text in _CONDITION_MARKS:
            return True
    return False
