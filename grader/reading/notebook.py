"""A submission handed in as Jupyter notebooks, read as the contract's files.

The notebooks of the submission's folder (``*.ipynb``, in name order) are read with nbformat
(never run): their Markdown cells, in order, are ``answers.md``; their code cells are the Python
files.  Which cell defines which of the contract's functions is found by parsing each cell with
`ast` here in the grader (parsing is not running: no student code runs in this process).  Each
contract file (``backprop.py``...) is made of the cells that define its functions and the cells
that define none of any file's (imports, helpers, constants), keeping of those only the
statements that define something (imports, ``def``, ``class``, assignments without calls):
a training loop or a plot at the top level of a notebook is not run when the file is imported.
Lines that are IPython's and not Python (``%matplotlib inline``, ``!pip install``) become
``pass``; a cell magic (``%%time``) keeps its body, any other (``%%bash``) drops its cell.

A file the folder itself holds wins over the notebook (a notebook for the code and an
``answers.md`` beside it is fine).  The files are written into a private temporary folder that
the sandbox grades as any other submission.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from grader.reading.submission import ANSWERS_FILE, MAX_FILE_BYTES, find_root, ignored_name
from grader.results.i18n import define
from grader.results.models import Message

#: A notebook larger than this is not read (outputs such as plots make notebooks large).
MAX_NOTEBOOK_BYTES = 32 * 1024 * 1024
#: Cell magics whose body is Python (the magic line is dropped, the body kept).
PYTHON_CELL_MAGICS = ("%%time", "%%timeit", "%%capture", "%%prun")

_IPYTHON_LINE = re.compile(r"^(\s*)(?=[%!])")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


def notebooks(folder: Path) -> list[Path]:
    """The notebooks of a submission's folder, in name order (links are never followed)."""
    try:
        return sorted(
            p for p in folder.iterdir()
            if p.suffix.lower() == ".ipynb" and not ignored_name(p.name) and p.is_file() and not p.is_symlink()
        )
    except OSError:
        return []


def read_cells(path: Path) -> list[tuple[str, str]]:
    """(cell type, source) of every cell of a notebook; [] for one that cannot be read."""
    return read_notebook(path) or []


def read_notebook(path: Path) -> list[tuple[str, str]] | None:
    """(cell type, source) of every cell of a notebook; None for one that cannot be read (not JSON,
    not a notebook, over the size limit, a link)."""
    import nbformat

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return None
            data = handle.read(MAX_NOTEBOOK_BYTES + 1)
        if len(data) > MAX_NOTEBOOK_BYTES:
            return None
        book = nbformat.reads(data.decode("utf-8", errors="replace"), as_version=4)
    except Exception:  # not JSON, not a notebook, a version nbformat does not know
        return None
    found = book.get("cells", []) if isinstance(book, Mapping) else None
    if not isinstance(found, list):
        return None
    cells = []
    for cell in found:
        if not isinstance(cell, Mapping):
            continue  # not a cell: nothing of it is read
        source = cell.get("source", "")
        cells.append((str(cell.get("cell_type", "")), "".join(source) if isinstance(source, list) else str(source)))
    return cells


def python_of(cell: str) -> str | None:
    """The cell as Python: IPython's lines replaced by ``pass``; None for a non-Python cell magic."""
    lines = cell.splitlines()
    if lines and lines[0].lstrip().startswith("%%"):
        if not lines[0].strip().startswith(PYTHON_CELL_MAGICS):
            return None
        lines = lines[1:]
    return "\n".join(_IPYTHON_LINE.sub(r"\1pass  # ", line) if _IPYTHON_LINE.match(line) else line for line in lines)


def _has_call(node: ast.AST) -> bool:
    return any(isinstance(child, ast.Call) for child in ast.walk(node))


def _defines(statement: ast.stmt) -> bool:
    """Whether a top-level statement only defines something (kept), rather than doing work."""
    if isinstance(statement, (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return True
    if isinstance(statement, (ast.Assign, ast.AnnAssign)):
        return statement.value is not None and not _has_call(statement.value)
    return False


class _Source:
    """A cell's text cut into its top-level statements.

    `ast.get_source_segment` splits the whole text again on every call, character by
    character: over a cell of some thousand statements that is minutes of the worker's time.
    Here the lines are split once.  A function's or class's decorators belong to it.
    """

    def __init__(self, text: str):
        # the line ends Python's parser counts (str.splitlines would also split at \f or U+2028)
        self.lines = [line.encode("utf-8") for line in _LINE.findall(text)]

    def segment(self, statement: ast.stmt) -> str:
        first = min([statement.lineno, *(d.lineno for d in getattr(statement, "decorator_list", ()))])
        start_col = 0 if first != statement.lineno else statement.col_offset
        end_line, end_col = statement.end_lineno, statement.end_col_offset
        if end_line is None or end_col is None:
            return ""
        if first == end_line:
            return self.lines[first - 1][start_col:end_col].decode("utf-8", errors="replace")
        pieces = [self.lines[first - 1][start_col:], *self.lines[first : end_line - 1], self.lines[end_line - 1][:end_col]]
        return b"".join(pieces).decode("utf-8", errors="replace")


def _defined_functions(tree: ast.Module) -> set[str]:
    return {s.name for s in tree.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))}


@dataclass(frozen=True)
class _CodeCell:
    """A code cell of the notebook that parses as Python."""

    number: int
    """Its place among all the notebook's cells, from 1 (the generated file's comments name it)."""
    source: _Source
    """Its Python text, for the exact text of each statement."""
    tree: ast.Module
    """Its statements."""
    functions: frozenset[str]
    """The functions it defines at its top level."""

    def definitions(self) -> list[str]:
        """Its statements that define something, in order (a training loop or a plot is not kept)."""
        return [self.source.segment(s) for s in self.tree.body if _defines(s)]


def _code_cells(cells: Sequence[tuple[str, str]]) -> list[_CodeCell]:
    """The code cells that parse; a broken scratch cell is left out (a function defined only there is missing)."""
    parsed = []
    for number, (kind, source) in enumerate(cells, start=1):
        python = python_of(source) if kind == "code" else None
        if python is None:
            continue
        try:
            tree = ast.parse(python)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
        parsed.append(_CodeCell(number, _Source(python), tree, frozenset(_defined_functions(tree))))
    return parsed


def _piece_for(file: str, cell: _CodeCell, owner_of: Mapping[str, str]) -> str | None:
    """What `cell` gives `file`: all its definitions when it defines one of the file's functions or
    is a support cell (it defines none of any file's: imports, helpers, constants); None for
    another file's cell or a cell that defines nothing."""
    owners = {owner_of[name] for name in cell.functions if name in owner_of}
    if owners and file not in owners:
        return None
    kept = cell.definitions()
    if owners:
        return f"# notebook cell {cell.number}\n" + "\n".join(kept)
    return f"# notebook cell {cell.number} (definitions)\n" + "\n".join(kept) if kept else None


def convert(cells: Sequence[tuple[str, str]], functions: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """answers.md and the contract's Python files from a notebook's cells (see the module's docstring)."""
    markdown = [source for kind, source in cells if kind == "markdown"]
    files: dict[str, str] = {}
    if markdown:
        files[ANSWERS_FILE] = "\n\n".join(markdown) + "\n"
    parsed = _code_cells(cells)
    owner_of = {name: file for file, names in functions.items() for name in names}
    for file in functions:
        # a file is written only when some cell defines one of its functions
        if any(owner_of.get(name) == file for cell in parsed for name in cell.functions):
            pieces = [piece for cell in parsed if (piece := _piece_for(file, cell, owner_of)) is not None]
            files[file] = "\n\n".join(pieces) + "\n"
    return files


def _copy_regular(source: Path, destination: Path) -> None:
    fd = os.open(source, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        if stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            destination.write_bytes(handle.read(MAX_FILE_BYTES + 1))


@dataclass(frozen=True)
class NotebookContract:
    """What a submission's notebooks are read against: the course's files and their functions."""

    files: tuple[str, ...]
    """The course's files: those the submission has are kept as they are, the others read from its notebooks."""
    functions: Mapping[str, Sequence[str]]
    """The functions the course's code problems look up, by contract file (``backprop.py``)."""


#: Where a reading asks for the course's contract: only when the submission holds a notebook (the
#: course's problems are not loaded for a submission that has none).
ContractSource = Callable[[], NotebookContract]


@dataclass(frozen=True)
class NotebookReading:
    """What `notebook_reading` made of a submission."""

    folder: Path
    """The folder to grade: the submission itself, or a private one with the files read from its notebooks."""
    unreadable: tuple[str, ...] = ()
    """Names of the notebooks that could not be read (their report says so, rather than only
    that answers.md is missing)."""

    def notes(self) -> tuple[Message, ...]:
        """What the report says about each unreadable notebook."""
        return tuple(Message("notebook.unreadable", {"name": name}) for name in self.unreadable)


@contextmanager
def notebook_view(path: str | Path, contract: ContractSource, known: Sequence[str]) -> Iterator[Path]:
    """`path` itself when its submission holds no notebook; otherwise a private folder with the
    submission's own contract files and, for those it lacks, the files read from its notebooks."""
    with notebook_reading(path, contract, known) as reading:
        yield reading.folder


def with_notes(result: Any, reading: NotebookReading) -> Any:
    """`result` (a GradingResult) with what the report must say about the notebooks."""
    return replace(result, notes=(*result.notes, *reading.notes())) if reading.unreadable else result


@contextmanager
def notebook_reading(path: str | Path, contract: ContractSource, known: Sequence[str]) -> Iterator[NotebookReading]:
    """`notebook_view`, with the names of the notebooks that could not be read (the course's files
    that `contract` names are kept, or read from the notebooks; `known`, the course's files, tell
    the folder they may be wrapped in, without loading the course's problems)."""
    root = find_root(Path(path), known=known)
    found = notebooks(root) if root.is_dir() else []
    if not found:
        yield NotebookReading(Path(path))
        return
    books = [(book, read_notebook(book)) for book in found]
    cells = [cell for _, book_cells in books for cell in book_cells or []]
    unreadable = tuple(book.name for book, book_cells in books if book_cells is None)
    course = contract()
    generated = convert(cells, course.functions)

    scratch = Path(tempfile.mkdtemp(prefix="grader-notebook-"))
    try:
        for name in course.files:
            if os.path.lexists(root / name):
                try:
                    regular = stat.S_ISREG(os.lstat(root / name).st_mode)
                    if regular:
                        _copy_regular(root / name, scratch / name)
                except OSError:
                    regular = False
                if not regular:  # a link or a special file: never read, left as a link the grader refuses
                    os.symlink(root / name, scratch / name)
            elif name in generated:
                (scratch / name).write_text(generated[name], encoding="utf-8")
        yield NotebookReading(scratch, unreadable)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


@contextmanager
def single_notebook(path: str | Path) -> Iterator[Path]:
    """A submission that is one ``.ipynb`` file, as a private folder holding it."""
    scratch = Path(tempfile.mkdtemp(prefix="grader-notebook-"))
    try:
        _copy_regular(Path(path), scratch / "submission.ipynb")
        yield scratch
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


define(
    {
        "notebook.unreadable": (
            "The notebook {name} could not be read (it is not a valid .ipynb file: was it saved completely, and not renamed from another format?); nothing in it was graded.",
            "无法读取笔记本 {name}（不是有效的 .ipynb 文件：是否完整保存、是否由其他格式改名而来？）；其中的内容未被评分。",
        ),
    }
)
