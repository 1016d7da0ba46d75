r"""A density defined by naming its distribution: `p(y_i \mid x_i; w, b) = \mathcal{N}(w x_i + b, \sigma^2)`.

Authors of a likelihood derivation define the model's density by naming the normal distribution with its mean
and variance, not by writing the density out.  A TA reads the line as the normal density of the event (the
call's first argument) with that mean and that variance, `\frac{1}{\sqrt{2\pi\sigma^2}} \exp(-\frac{(y_i - w x_i -
b)^2}{2\sigma^2})`, and the later lines that use p as that density.  Before, p was defined as an unknown function
`\mathcal{N}` of two numbers, and every line that used p "could not be checked".

Only where the head is a probability's letter applied to arguments (`p`, `P`, `q`, with a subscript) and the body
is the normal distribution's name (`\mathcal{N}`, `N`) with two arguments (mean, variance), or three whose first
is the event itself (`\mathcal{N}(y_i; \mu, \sigma^2)`).  A wrong mean or variance stays the author's definition:
the lines that write the density out are checked against it.
"""

from __future__ import annotations

from typing import Any

import sympy
from sympy.core.function import AppliedUndef

from grader.mathengine.model_probability import is_probability_name

#: The normal distribution's name as the parser spells it (`\mathcal{N}`, `N`).
NORMAL_NAMES = frozenset({"Ncal", "N"})


def density_written_out(head: Any, body: Any) -> Any:
    """The body of a definition, with a normal distribution named for a probability's letter written out as the
    density of the head's event (see the module's note); the body unchanged where it is not so written."""
    if not (isinstance(head, AppliedUndef) and head.args and is_probability_name(head.func.__name__)):
        return body
    if not (isinstance(body, AppliedUndef) and body.func.__name__ in NORMAL_NAMES):
        return body
    event, arguments = head.args[0], tuple(body.args)
    if len(arguments) == 3 and arguments[0] == event:
        arguments = arguments[1:]
    if len(arguments) != 2:
        return body
    mean, variance = arguments
    return sympy.exp(-((event - mean) ** 2) / (2 * variance)) / sympy.sqrt(2 * sympy.pi * variance)
