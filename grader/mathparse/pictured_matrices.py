r"""A matrix drawn with elided entries: a picture of the matrix, not a statement the grader can check.

`\mathbf J = \begin{bmatrix} y_1 - y_1^2 & \cdots & -y_1 y_K \\ \vdots & \ddots & \vdots \\ -y_K y_1 & \cdots &
y_K - y_K^2 \end{bmatrix}`, `\frac{\partial y}{\partial z} = \begin{bmatrix} \frac{\partial y_1}{\partial z_1} &
\cdots \\ \vdots & \ddots \end{bmatrix}`, a column `\begin{pmatrix} z_1 \\ \vdots \\ z_K \end{pmatrix}` mapped to
another: authors draw the matrix to show its layout before they state it in closed form (the next line).  A TA
reads such a drawing as an illustration.  Where the parser cannot read the line (a column whose rows are its
generic entry is read, see `components`), it is a picture: shown, not checked, not charged.

Only a matrix laid out as one: rows separated by `\\`, entries by `&`, with an ellipsis standing as a whole
entry or a whole row; a single column only where the line maps one vector to another (`\rightarrow`): a column
equated to a gradient states its entries, a step that stays charged where it cannot be read.  A "matrix" whose rows are lists written with commas (`softmax(z_1), ..., softmax(z_9)`)
is not a drawing of one: it stays unreadable, and charged.
"""

from __future__ import annotations

import re

_MATRIX = re.compile(r"\\begin\{(?P<kind>[pbvBV]?matrix)\}(?P<body>.*?)\\end\{(?P=kind)\}", re.DOTALL)
_ELLIPSIS = re.compile(r"^(?:\\(?:cdots|vdots|ddots|ldots|dots)|\.\.\.|⋮|⋯)(?:\\\s|\s)*$")
_ROW_SPACING = re.compile(r"^\s*\[[^\]]*\]")
_TOP_COMMA = re.compile(r",")
_MAPPING = re.compile(r"\\(?:rightarrow|to|mapsto|longmapsto|longrightarrow)(?![A-Za-z])")


def pictured_matrix(text: str) -> bool:
    """Whether the line draws a matrix with elided entries (see the module's docstring)."""
    matrices = list(_MATRIX.finditer(text))
    mapping = _MAPPING.search(text) is not None
    return bool(matrices) and all(_drawn(match.group("body"), mapping) for match in matrices)


def _drawn(body: str, mapping: bool) -> bool:
    """Rows of `&` entries with an ellipsis among them; a single column only in a mapping (a column equated to a
    vector is the vector's entries, a step: see `components`)."""
    rows = [_ROW_SPACING.sub("", row).strip() for row in re.split(r"\\\\", body)]
    rows = [row for row in rows if row]
    if len(rows) < 2 or (not mapping and all("&" not in row for row in rows)):
        return False
    elided = False
    for row in rows:
        entries = [entry.strip() for entry in row.split("&")]
        if any(not entry for entry in entries):
            return False
        for entry in entries:
            if _ELLIPSIS.match(entry):
                elided = True
            elif _TOP_COMMA.search(_without_groups(entry)):
                return False  # a list written with commas inside the matrix
    return elided


def _without_groups(entry: str) -> str:
    """The entry with its bracketed and braced groups taken out (a comma inside `f(a, b)` separates nothing)."""
    out, depth = [], 0
    for ch in entry:
        depth += ch in "([{"
        if depth == 0:
            out.append(ch)
        depth -= ch in ")]}"
        depth = max(depth, 0)
    return "".join(out)
