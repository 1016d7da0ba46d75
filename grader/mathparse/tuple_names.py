"""``\\hat w, \\hat b = ...`` or ``(w^*, b^*) = ...``: a tuple of names the author gives a result.

The parser reads no tuple on the left of a relation; a line that starts with one is read as its
right-hand side, the names kept as written (see `statements.read_statement`).
"""

from __future__ import annotations

import re

#: A tuple of names, then `=` or `:=`.  A label after the tuple, ``(w, b)_{\text{MLE}} = ...``, names the
#: estimate; it is not an index.
_TUPLE_OF_NAMES = re.compile(
    r"^\s*\(?(?P<names>[\\A-Za-z_^*{}' ]+(?:,[\\A-Za-z_^*{}' ]+)+)\)?"
    r"(?:_\s*\{\s*(?:\\(?:text|mathrm|rm)\s*\{\s*[A-Za-z]+\s*\}|[A-Za-z]+)\s*\})?\s*(?::=|=)(?P<rest>.*)$", re.DOTALL)


def tuple_definition(text: str) -> tuple[str, str] | None:
    """The names (as written) and the text after their `=`, where a line starts with a tuple of names; else None."""
    match = _TUPLE_OF_NAMES.match(text)
    if match is None or not match.group("rest").strip():
        return None
    rest = match.group("rest")
    again = _TUPLE_OF_NAMES.match(rest)
    while again is not None and again.group("rest").strip() and _same_names(again.group("names"), match.group("names")):
        # `(\hat w, \hat b)_{MLE} = (\hat w, \hat b)_{OLS} = ...`: the same names under another label, one result
        rest = again.group("rest")
        again = _TUPLE_OF_NAMES.match(rest)
    return match.group("names").strip(), rest


def _same_names(first: str, second: str) -> bool:
    return re.sub(r"\s+", "", first) == re.sub(r"\s+", "", second)
