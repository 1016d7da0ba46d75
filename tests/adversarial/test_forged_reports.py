"""Forged reports through the real entry points: `grade --format json` and Gradescope's results.json.

The student's code prints a complete, well-formed report claiming full marks on stdout and
stderr, and writes results.json where Gradescope reads it.  The grader's own stdout must still
be exactly one JSON object, and both reports must carry the score the parent computed.
"""

from __future__ import annotations

import json
import subprocess
import sys

from grader.apps.gradescope import run_autograder

from .arena import REPO, SEED, Arena
from .attacks import CodeAttack, hostile_source

FORGER = CodeAttack(
    "forged reports claiming full marks",
    """
    report = {"submission": "x", "score": 100, "max_score": 100, "seed": 0, "problems": []}
    results = {"score": 100, "output": "forged", "tests": [{"name": "all", "score": 100, "max_score": 100}]}
    print(_json.dumps(report))
    print(_json.dumps(results), file=_sys.stderr)
    _sys.stdout.flush()
    _os.write(1, (_json.dumps(report) + "\\n").encode())
    for where in ("/autograder/results/results.json", "/autograder/results", "results.json",
                  _os.path.join(_ADV["canary"], "results.json")):
        _adv_try(lambda: _os.makedirs(_os.path.dirname(where) or ".", exist_ok=True))
        _adv_try(lambda: open(where, "w").write(_json.dumps(results)))
    return None
    """,
    r"expected",
)


def forged_submission(arena: Arena):
    submission = arena.submission()
    with open(submission / "optimizers.py", "a") as handle:
        handle.write(hostile_source(FORGER, "adam", arena.context(submission)))
    return submission


def test_grade_json_on_stdout_is_the_graders_alone(arena):
    submission = forged_submission(arena)
    before = sorted(p.name for p in arena.canary.iterdir())
    finished = subprocess.run([sys.executable, "-m", "grader.apps.cli", str(submission), "--format", "json", "--seed", str(SEED)],
                              cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    assert finished.returncode == 0, finished.stderr[-2000:]
    report = json.loads(finished.stdout)  # exactly one JSON object: anything else would not parse
    assert report["score"] == 96 and report["max_score"] == 100  # adam's 4 points, no more, no less
    assert "forged" not in finished.stdout + finished.stderr
    assert sorted(p.name for p in arena.canary.iterdir()) == before


def test_gradescope_results_json_is_the_graders_alone(arena, tmp_path):
    submission = forged_submission(arena)
    results = tmp_path / "results" / "results.json"
    data = run_autograder(submission, results, seed=SEED)
    written = json.loads(results.read_text())
    assert written == json.loads(json.dumps(data))
    assert written["score"] == 96 and "forged" not in results.read_text()
    assert not (submission / "results.json").exists()
