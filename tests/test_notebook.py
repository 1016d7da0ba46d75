"""Notebook submissions: Markdown cells as answers.md, code cells as the contract's files (found by
parsing, never by running), graded like the folder they are equivalent to."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from grader.apps.cli import main
from grader.apps.course_notebooks import contract_functions
from grader.reading.notebook import convert, python_of

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"

#: Top-level work a notebook holds besides the definitions: never run when the files are graded.
SCRATCH = [
    "%matplotlib inline\n!pip install numpy\nimport numpy as np",
    "%%bash\necho this is not Python",
    "x = np.ones((2, 3))\nprint(affine_forward(x, np.ones((3, 4)), np.zeros(4)))\nraise SystemExit('top-level work ran')",
    "def broken(:\n    pass",
]


def notebook_of(example: Path, path: Path) -> Path:
    """A notebook equivalent to an example folder: a Markdown cell per section, a code cell per file, scratch cells between."""
    answers = (example / "answers.md").read_text(encoding="utf-8")
    cells = [new_markdown_cell(chunk.strip("\n")) for chunk in re.split(r"(?m)^(?=## )", answers) if chunk.strip()]
    cells.append(new_code_cell(SCRATCH[0]))
    for k, name in enumerate(("backprop.py", "batchnorm.py", "perceptron.py", "optimizers.py")):
        cells.append(new_code_cell((example / name).read_text(encoding="utf-8")))
        cells.append(new_code_cell(SCRATCH[1 + k % 3]))
    path.write_text(nbformat.writes(new_notebook(cells=cells)), encoding="utf-8")
    return path


def graded(path: Path) -> dict:
    done = subprocess.run([sys.executable, "-m", "grader.apps.cli", str(path), "--format", "json"], cwd=REPO, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def scores(report: dict) -> dict:
    return {p["id"]: [(part["id"], part["score"]) for part in p["parts"]] for p in report["problems"]}


@pytest.mark.parametrize("example", ["good", "typical"])
def test_a_notebook_equivalent_to_an_example_scores_the_same(tmp_path, example):
    folder = tmp_path / "student"
    folder.mkdir()
    notebook_of(EXAMPLES / example, folder / "homework.ipynb")
    as_notebook = graded(folder)
    as_folder = graded(EXAMPLES / example)
    assert scores(as_notebook) == scores(as_folder)
    assert as_notebook["score"] == as_folder["score"]
    if example == "good":
        assert as_notebook["score"] == 100
    alone = graded(folder / "homework.ipynb")  # one .ipynb file is a submission too
    assert alone["score"] == as_folder["score"]


def test_cells_are_assigned_to_the_files_whose_functions_they_define():
    functions = {"a.py": ("f", "g"), "b.py": ("h",)}
    cells = [
        ("markdown", "## mle-mse\nAnswer: $x$"),
        ("code", "import numpy as np\nEPS = 1e-8\nrng = np.random.default_rng(0)\ntrain()"),
        ("code", "def f(x):\n    return x\n\nprint(f(1))"),
        ("code", "def h(x):\n    return helper(x)\n\ndef helper(x):\n    return x"),
        ("code", "%%time\ndef g(x):\n    !ls\n    return x"),
        ("raw", "def f(): return 'raw cells are not code'"),
        ("markdown", "## ce-mle\n$$a = b$$"),
    ]
    files = convert(cells, functions)
    assert files["answers.md"] == "## mle-mse\nAnswer: $x$\n\n## ce-mle\n$$a = b$$\n"
    assert "def f(x)" in files["a.py"] and "def g(x)" in files["a.py"] and "def h" not in files["a.py"]
    assert "import numpy as np" in files["a.py"] and "EPS = 1e-8" in files["a.py"]
    assert "print(" not in files["a.py"] and "train()" not in files["a.py"] and "default_rng" not in files["a.py"]
    assert "def helper" in files["b.py"] and "def f" not in files["b.py"]
    assert "    pass  # !ls" in files["a.py"]
    compile(files["a.py"], "a.py", "exec")  # valid Python (compiled, never run)
    assert python_of("%%bash\nls") is None
    assert convert([("markdown", "only prose")], functions) == {"answers.md": "only prose\n"}


def test_the_course_contract_names_the_functions_of_each_file():
    functions = contract_functions()
    assert "affine_backward" in functions["backprop.py"] and "adam" in functions["optimizers.py"]


def test_grade_init_notebook_writes_a_starter_notebook_that_reads_back_as_the_starter(tmp_path):
    done = CliRunner().invoke(main, ["init", str(tmp_path / "hw"), "--notebook"])
    assert done.exit_code == 0, done.output
    book = nbformat.read(tmp_path / "hw" / "homework.ipynb", as_version=4)
    nbformat.validate(book)
    markdown = "\n".join(c.source for c in book.cells if c.cell_type == "markdown")
    code = "\n".join(c.source for c in book.cells if c.cell_type == "code")
    assert "## mle-mse" in markdown and "def affine_forward" in code and "def adam" in code
    again = CliRunner().invoke(main, ["init", str(tmp_path / "hw"), "--notebook"])
    assert "kept existing" in again.output


def test_gradescope_grades_a_notebook_submission_like_grade_does(tmp_path):
    """Gradescope's /autograder/submission holding one notebook: read the same way (never run)."""
    submission = tmp_path / "submission"
    submission.mkdir()
    notebook_of(EXAMPLES / "good", submission / "homework.ipynb")
    results = tmp_path / "results" / "results.json"
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from grader.apps.gradescope import run_autograder; run_autograder(sys.argv[1], sys.argv[2])",
         str(submission), str(results)],
        cwd=REPO, capture_output=True, text=True, timeout=300, check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(results.read_text(encoding="utf-8"))["score"] == 100
