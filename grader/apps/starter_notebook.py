"""``grade init --notebook``: the student kit's starter files as one notebook (an application of
the kit, so it lives above it; `grader.reading.notebook` only reads notebooks)."""

from __future__ import annotations

import re
from typing import Any

from grader.apps.kit import starter_files
from grader.reading.submission import ANSWERS_FILE


def starter_notebook() -> str:
    """``grade init --notebook``: the starter's answers.md as Markdown cells (one per problem) and
    each starter file as a code cell, as a notebook (JSON text)."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    files = starter_files()
    cells: list[Any] = []
    answers = files.get(ANSWERS_FILE, "")
    chunks = re.split(r"(?m)^(?=## )", answers)
    cells.extend(new_markdown_cell(chunk.strip("\n")) for chunk in chunks if chunk.strip())
    for name in files:  # answers.md, then each code problem's starter file, in course order
        if name != ANSWERS_FILE:
            cells.append(new_markdown_cell(f"### Code: the functions of `{name}`"))
            cells.append(new_code_cell(files[name].strip("\n")))
    book = new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    return nbformat.writes(book)
