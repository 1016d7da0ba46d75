"""The README's authoring guide, followed literally in a copy of the checkout: the files it lists,
with the text it gives, make a new derivation problem and a new code problem that `grade` grades,
and no other file of the checkout changes."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

#: What the guide says each kind of problem touches (besides its tests).
DERIVATION_FILES = ["problems/square_derivative.py"]
CODE_FILES = ["problems/clip.py", "reference/clip.py", "reference/clip_mistakes.py"]


def guide() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = readme.index("## Writing a problem (for instructors)")
    return readme[start:readme.index("\n## ", start + 1)]


def guide_files() -> dict[str, str]:
    """Every file the guide gives in full: a line that is its name in backticks and a colon, then its
    Python block."""
    return dict(re.findall(r"^`([\w/]+\.py)`:\n\n```python\n(.*?)```", guide(), re.DOTALL | re.MULTILINE))


def run(checkout: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(checkout)}
    return subprocess.run(args, cwd=checkout, env=env, capture_output=True, text=True, timeout=600, check=False)


@pytest.fixture(scope="module")
def checkout(tmp_path_factory) -> Path:
    """A copy of grader/, problems/, reference/, templates/ and pyproject.toml, committed to git."""
    root = tmp_path_factory.mktemp("checkout")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("grader", "problems", "reference", "templates"):
        shutil.copytree(REPO / folder, root / folder, ignore=ignore)
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    for command in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "copy"]):
        assert run(root, *command).returncode == 0
    return root


def test_the_guide_lists_exactly_the_files_it_says_each_kind_of_problem_touches():
    text = guide()
    assert "one new module in `problems/` (and its tests)" in text
    assert "its problem module `problems/<name>.py`, its reference module `reference/<name>.py`" in text
    assert sorted(guide_files()) == sorted(DERIVATION_FILES + CODE_FILES)


def test_following_the_guide_adds_both_problems_and_touches_no_other_file(checkout: Path, tmp_path: Path):
    for name, text in guide_files().items():
        assert not (checkout / name).exists(), f"the guide's {name} is not a new file"
        (checkout / name).write_text(text, encoding="utf-8")
    status = run(checkout, "git", "status", "--porcelain", "--untracked-files=all")
    assert sorted(line[3:] for line in status.stdout.splitlines()) == sorted(DERIVATION_FILES + CODE_FILES)

    submission = tmp_path / "submission"
    submission.mkdir()
    (submission / "answers.md").write_text(
        "## square-derivative\n\n$$\n\\frac{d}{dx} a x^2 = 2 a x\n$$\n\nAnswer: $2ax$\n", encoding="utf-8"
    )
    (submission / "clip.py").write_text(
        "import numpy as np\n\ndef clip_values(x, low, high):\n    return np.clip(x, low, high)\n", encoding="utf-8"
    )
    done = run(checkout, sys.executable, "-m", "grader.apps.cli", str(submission), "--format", "json")
    assert done.returncode == 0, done.stderr[-3000:]
    problems = {p["id"]: p for p in json.loads(done.stdout)["problems"]}
    assert problems["square-derivative"]["score"] == 3 == problems["square-derivative"]["max_score"]
    assert problems["clip"]["score"] == 4 == problems["clip"]["max_score"], problems["clip"]
    assert list(problems).index("square-derivative") == 5 and list(problems)[-1] == "clip"  # by their places

    (submission / "clip.py").write_text(
        "import numpy as np\n\ndef clip_values(x, low, high):\n    return np.maximum(np.minimum(x, low), high)\n", encoding="utf-8"
    )
    (submission / "answers.md").write_text("## square-derivative\n\n$$\n\\frac{d}{dx} a x^2 = a x\n$$\n\nAnswer: $ax$\n", encoding="utf-8")
    wrong = run(checkout, sys.executable, "-m", "grader.apps.cli", str(submission), "--format", "json")
    problems = {p["id"]: p for p in json.loads(wrong.stdout)["problems"]}
    assert problems["clip"]["score"] == 0 and "every entry becomes high" in json.dumps(problems["clip"])
    assert problems["square-derivative"]["score"] < 3 and "comes down as a factor" in json.dumps(problems["square-derivative"])

    kit = run(checkout, sys.executable, "-m", "grader.apps.cli", "export-student-kit", str(tmp_path / "kit"))
    assert kit.returncode == 0, kit.stderr[-3000:]
    assert "def clip_values(x, low, high)" in (tmp_path / "kit" / "starter" / "clip.py").read_text(encoding="utf-8")
    assert "## square-derivative" in (tmp_path / "kit" / "starter" / "answers.md").read_text(encoding="utf-8")
    shipped = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "kit").rglob("*.py"))
    assert "bounds_swapped" not in shipped and "np.maximum(np.asarray" not in shipped and "factor-two" not in shipped
    assert run(checkout, "git", "status", "--porcelain", "--untracked-files=all").stdout == status.stdout
