r"""Two values written as a pair where one is expected: `\frac{\partial y_k}{\partial z_j} = (y_k(1-y_j), -y_k y_j)`.

Authors who know the two cases of a derivative (k = j and k \neq j) sometimes carry both values through a chain
as a pair, `-\sum_k Y_k (1-y_j, -y_j)`.  Where the cases are not stated, a TA cannot say which value belongs to which
case, and the grader cannot check the line either: it is "could not be checked" with a plain reason that says how to
write it (the cases), never a wrong step.  `value_pair` finds the pair a parse error stopped in.
"""

from __future__ import annotations

from .brackets import closing_bracket, split_outside_brackets


def value_pair(text: str, snippet: str) -> tuple[str, str] | None:
    """The two values of the bracketed pair whose comma a parse error's `snippet` starts at, or None."""
    written = snippet.rstrip("…").strip()
    at = text.find(written) if written.startswith(",") else -1
    if at < 0:
        return None
    depth, opening = 0, None
    for k in range(at - 1, -1, -1):  # the bracket the comma stands in
        if text[k] == ")":
            depth += 1
        elif text[k] == "(":
            if depth == 0:
                opening = k
                break
            depth -= 1
    close = closing_bracket(text, opening + 1) if opening is not None else None
    if opening is None or close is None:
        return None
    parts = [part.strip() for part in split_outside_brackets(text[opening + 1:close], ",")]
    return (parts[0], parts[1]) if len(parts) == 2 and all(parts) else None
