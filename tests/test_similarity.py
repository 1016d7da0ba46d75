"""grade similarity: copied code survives renaming and re-spacing, starter code and what the whole
class writes do not count, derivations compare as parsed math, and the page shows the regions."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from grader.apps.cli import main
from grader.apps.kit import starter_files
from grader.apps.similarity import code_tokens, compare, read_work, starter_hashes

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

ORIGINAL = '''
import numpy as np


def affine_forward(x, w, b):
    flat = x.reshape(x.shape[0], -1)
    out = flat @ w + b
    return out, (x, w, b)


def affine_backward(dout, cache):
    x, w, b = cache
    flat = x.reshape(x.shape[0], -1)
    dx = (dout @ w.T).reshape(x.shape)
    dw = flat.T @ dout
    db = dout.sum(axis=0)
    return dx, dw, db


def relu_forward(x):
    out = np.maximum(0, x)
    return out, x


def relu_backward(dout, cache):
    mask = cache > 0
    return dout * mask
'''

#: The same code with every name changed, comments added and the spacing redone.
DISGUISED = '''
import numpy as np

# my own work!!
def affine_forward(inp, weights, bias):
    f = inp.reshape(inp.shape[0], -1)          # flatten
    result = f @ weights + bias
    return result, (inp, weights, bias)

def affine_backward(upstream, saved):
    inp, weights, bias = saved
    f = inp.reshape(inp.shape[0], -1)
    d_in = (upstream @ weights.T).reshape(inp.shape)
    d_w = f.T @ upstream
    d_b = upstream.sum(axis=0)
    return d_in, d_w, d_b

def relu_forward(z):
    res = np.maximum(1, z)
    return res, z

def relu_backward(upstream, saved):
    keep = saved > 0
    return upstream * keep
'''

#: Another solution of the same functions, written differently.
INDEPENDENT = '''
import numpy as np

def affine_forward(x, w, b):
    n = x.shape[0]
    out = np.dot(x.reshape(n, np.prod(x.shape[1:])), w)
    out += b
    cache = (x, w, b)
    return out, cache

def affine_backward(dout, cache):
    x, w, b = cache
    n = x.shape[0]
    db = np.sum(dout, axis=0)
    dw = np.dot(x.reshape(n, -1).T, dout)
    dx = np.dot(dout, w.T).reshape(*x.shape)
    return dx, dw, db

def relu_forward(x):
    return x * (x > 0), x

def relu_backward(dout, cache):
    return np.where(cache > 0, dout, 0.0)
'''

DERIVATION = "## mle-mse\n$$\n-\\log L(w, b) = \\frac{N}{2}\\log(2\\pi\\sigma^2) + \\frac{1}{2\\sigma^2}\\sum_{i=1}^N (y_i - w^T x_i - b)^2 \\\\\n\\nabla_w = -\\frac{1}{\\sigma^2}\\sum_{i=1}^N (y_i - w^T x_i - b) x_i \\\\\nw^* = \\left(X^T X\\right)^{-1} X^T y\n$$\n"
#: The same derivation typed with other spacing and \\cdot / \\left( ... \\right) choices.
RETYPED = "## mle-mse\n$$\n- \\log L(w,b) = \\frac{N}{2} \\log (2 \\pi \\sigma^2) + \\frac{1}{2 \\sigma^2} \\sum_{i=1}^{N} \\left(y_i - w^T x_i - b\\right)^2 \\\\\n\\nabla_w = - \\frac{1}{\\sigma^2} \\sum_{i=1}^{N} (y_i - w^T x_i - b) \\cdot x_i \\\\\nw^* = (X^T X)^{-1} X^T y\n$$\n"


def make(root: Path, name: str, code: str | None = None, answers: str | None = None) -> None:
    (root / name).mkdir(parents=True)
    if code is not None:
        (root / name / "backprop.py").write_text(code)
    if answers is not None:
        (root / name / "answers.md").write_text(answers)


def test_renamed_and_respaced_code_is_found_and_an_independent_solution_is_not(tmp_path):
    assert [t for t, _ in code_tokens("a = b.T  # x")] == ["V", "=", "V", ".", "T"]
    assert [t for t, _ in code_tokens("x = 'text' + 3.5")] == ["V", "=", "S", "+", "0"]
    for name, code in (("ann", ORIGINAL), ("bob", DISGUISED), ("cid", INDEPENDENT)):
        make(tmp_path, name, code)
    works = [read_work(n, tmp_path / n, starter_hashes()) for n in ("ann", "bob", "cid")]
    scores = {(p.left, p.right): p.code for p in compare(works).pairs}
    assert scores[("ann", "bob")] > 0.6
    assert scores.get(("ann", "cid"), 0.0) < 0.3 and scores.get(("bob", "cid"), 0.0) < 0.3
    regions = next(p for p in compare(works).pairs if (p.left, p.right) == ("ann", "bob")).regions
    assert regions and all(r.file == "backprop.py" for r in regions)


def test_the_most_similar_pairs_with_their_regions_and_the_page(tmp_path):
    root = tmp_path / "class"
    make(root, "ann", ORIGINAL, DERIVATION)
    make(root, "bob", DISGUISED, RETYPED)
    make(root, "cid", INDEPENDENT, "## mle-mse\nAnswer: $w = (X^TX)^{-1}X^Ty$\n")
    make(root, "dee", starter_files()["backprop.py"], None)  # the starter, untouched
    make(root, "eve", starter_files()["backprop.py"], None)
    for k in range(3):  # others with the reference-like example solution
        make(root, f"other{k}")
        shutil.copy(EXAMPLES / "good" / "backprop.py", root / f"other{k}" / "backprop.py")
    done = CliRunner().invoke(main, ["similarity", str(root), "--out", str(tmp_path / "out")])
    assert done.exit_code == 0, done.output
    pairs = json.loads((tmp_path / "out" / "similarity.json").read_text())
    top = pairs[0]
    ranked = [(p["left"], p["right"]) for p in pairs]
    assert ("ann", "bob") in ranked[:4]
    ann_bob = next(p for p in pairs if (p["left"], p["right"]) == ("ann", "bob"))
    assert ann_bob["code"] > 0.6 and ann_bob["derivations"] == 1.0
    assert ("dee", "eve") not in ranked  # the starter code they share is no evidence
    assert all(p["code"] < 0.3 for p in pairs if "cid" in (p["left"], p["right"]))
    page = (tmp_path / "out" / "similarity.html").read_text(encoding="utf-8")
    assert "ann · bob" in page and '<span class="match">' in page and "d_in = (upstream @ weights.T)" in page
    assert top["code"] >= ann_bob["code"] or top["derivations"] >= ann_bob["derivations"]


def test_hostile_names_and_code_are_escaped_on_the_page(tmp_path):
    root = tmp_path / "class"
    evil = ORIGINAL.replace("import numpy as np", "import numpy as np\nX = '<script>alert(1)</script>'")
    make(root, "<img src=x onerror=alert(1)>", evil)
    make(root, "copy", evil)
    done = CliRunner().invoke(main, ["similarity", str(root), "--out", str(tmp_path / "out")])
    assert done.exit_code == 0, done.output
    page = (tmp_path / "out" / "similarity.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "<img src=x" not in page and "&lt;img src=x" in page
