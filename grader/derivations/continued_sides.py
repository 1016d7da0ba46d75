r"""A lone expression that completes the line before it, shown with the step it completes.

An equality split across two lines (`\frac{\partial E}{\partial z_i} = \sum_j ... =`, then the next side alone,
`\sum_{j \neq i} a_j + b_i`) is checked on its first line, which the next side completes
(`written_lines.equalities_joined`).  The second line, a lone expression, stated no step of its own and was
shown as one; a careful TA reads it as the chain's next side.  Where the step it completes holds, the line
shows that step as valid (checked on the line before); where the step is wrong, the mistake stays charged
once, on the line where the equality starts, and the lone expression stays as it was.
"""

from __future__ import annotations

import re
from dataclasses import replace

from grader.results.models import DerivationLine, LinkResult, Message


def continued_sides_shown(lines: list[DerivationLine], originals: dict[int, str]) -> list[DerivationLine]:
    """`lines` with each lone expression that completes a valid step of the line before it shown so."""
    shown = list(lines)
    for at in range(1, len(shown)):
        line, before = shown[at], shown[at - 1]
        if line.links or line.error is not None or not before.links or before.error is not None:
            continue
        if not originals.get(before.number, before.source).rstrip().rstrip("\\").rstrip().endswith("="):
            continue
        last = before.links[-1]
        if last.valid is True and last.relation == "=" and _plain(last.right) == _plain(line.source):
            note = Message("derivation.continues_line", {"line": before.number})
            shown[at] = replace(line, links=(LinkResult(last.left, "=", last.right, True, note),))
    return shown


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", text or "")
