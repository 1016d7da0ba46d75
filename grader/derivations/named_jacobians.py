r"""A `cases` line headed by the Jacobian's name: `Jacobian = \begin{cases} ... & i = k \\ ... & i \neq k \end{cases}`.

Authors who worked out the softmax's derivative case by case often sum the cases up under a name, `Jacobian`,
`\text{Jacobian}`, `J`, `J_{ik}`, rather than the derivative they wrote before.  A careful TA reads the name as that
derivative: the last one the derivation wrote of an entry by an entry whose two indices are the two letters of the
cases' condition (`\frac{\partial y_i}{\partial z_k}` for `i = k` / `i \neq k`).  Each branch is then checked as
that derivative's value in its case, so a slip in a branch is charged.  With no such derivative before it the name is
left as written.  Purely textual.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

#: The name of the left side: `Jacobian`, `\text{Jacobian}`, `\mathbf{J}`, `J`, `J_{ik}` (with its `=`).
_JACOBIAN_HEAD = re.compile(
    r"^\s*(?:\\(?:text|mathrm|operatorname|mathbf|mathcal|boldsymbol|textbf)\s*\{\s*(?:Jacobian|J)\s*\}|Jacobian|J)"
    r"\s*(?:_\s*\{?\s*[a-z]\s*,?\s*[a-z]\s*\}?)?\s*=\s*$"
)
#: `\frac{\partial y_i}{\partial z_k}`: the derivative of an entry by an entry (indices as groups 2 and 4).
_ENTRY_DERIVATIVE = re.compile(
    r"\\frac\s*\{\s*\\partial\s*([A-Za-z])\s*_\s*\{?\s*([a-z])\s*\}?\s*\}\s*\{\s*\\partial\s*([A-Za-z])\s*_\s*\{?\s*([a-z])\s*\}?\s*\}"
)
_CONDITION_LETTERS = re.compile(r"\(\s*([a-z])\s*(?:=|\\neq)\s*([a-z])\s*\)")
#: How many lines before the `cases` line are searched for the derivative.
_LOOKBACK = 40


def jacobian_named(head: str, conditions: Sequence[str], earlier: Sequence[str]) -> str:
    """`head` (`Jacobian =`) as the derivative it names (`\\frac{\\partial y_i}{\\partial z_k} =`), where the
    branches' `conditions` (` \\quad (i = k)`) name two letters and an `earlier` line writes that derivative."""
    if not _JACOBIAN_HEAD.match(head):
        return head
    letters = {pair for condition in conditions for pair in _CONDITION_LETTERS.findall(condition)}
    if len(letters) != 1:
        return head
    indices = set(letters.pop())
    for text in reversed(earlier[-_LOOKBACK:]):
        for match in reversed(list(_ENTRY_DERIVATIVE.finditer(text))):
            if {match.group(2), match.group(4)} == indices and len(indices) == 2:
                return match.group(0) + " ="
    return head
