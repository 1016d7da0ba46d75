"""The naive baseline the grader's code half is measured against.  BENCHMARK ONLY.

What a TA would write in an afternoon: import the student's modules into
this very process, call every function on the same inputs the grader uses
(its plans, seeded the same way), call the reference on them, and compare
with `np.allclose`.  No sandbox, no timeouts, no diagnosis of known mistakes,
no symbolic checks.  It is only ever run on the benchmark's own generated
submissions (bench/workload.py), never on a student's files, and it is not
part of the grader.

`python bench/baseline.py pytest-files ROOT OUT` writes one pytest file per
submission of ROOT into OUT (the issue's form of the baseline).
"""

from __future__ import annotations

import copy
import importlib.util
import itertools
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
_unique = itertools.count()


def code_problems() -> list:
    """The default course's code problems, in course order (as the course declares them)."""
    from grader.course.course import code_modules, load_course

    return load_course(code_modules("default"))


def import_student_module(path: Path) -> Any:
    """The module at `path`, imported in-process under a fresh name (baseline only: our generated files)."""
    spec = importlib.util.spec_from_file_location(f"_naive_student_{next(_unique)}", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def _resolve(tree: Any, results: Mapping[str, Any]) -> Any:
    from grader.sandbox import Ref

    if isinstance(tree, Ref):
        value = results[tree.call_id]
        return value if tree.index is None else value[tree.index]
    if isinstance(tree, dict):
        return {k: _resolve(v, results) for k, v in tree.items()}
    if isinstance(tree, (list, tuple)):
        return type(tree)(_resolve(v, results) for v in tree)
    return copy.deepcopy(tree)


def _play(calls, functions: Callable[[str], Callable | None]) -> dict[str, tuple[Any, tuple]]:
    """Every call's (returned value, captured arguments); a failed call is absent."""
    results: dict[str, Any] = {}
    played: dict[str, tuple[Any, tuple]] = {}
    for call in calls:
        function = functions(call.function)
        if function is None:
            continue
        try:
            args = _resolve(call.args, results)
            kwargs = _resolve(dict(call.kwargs), results)
            with np.errstate(all="ignore"):
                value = function(*args, **kwargs)
        except Exception:
            continue
        results[call.id] = value
        captured = []
        for path in call.capture:
            node: Any = (args, kwargs)
            node = node[1] if path and isinstance(path[0], str) else node[0]
            try:
                for step in path:
                    node = node[step]
            except (KeyError, IndexError, TypeError):
                node = None
            captured.append(node)
        played[call.id] = (value, tuple(captured))
    return played


def _output(played: tuple[Any, tuple], output) -> Any:
    value, captured = played
    if output.captured is not None:
        return captured[output.captured]
    if output.index is not None:
        value = value[output.index]
    if output.key is not None:
        value = value[output.key]
    return value


def _close(got: Any, expected: Any) -> bool:
    try:
        got, expected = np.asarray(got, dtype=np.float64), np.asarray(expected, dtype=np.float64)
        return got.shape == expected.shape and bool(np.allclose(got, expected, rtol=1e-6, atol=1e-8, equal_nan=True))
    except Exception:
        return False


def naive_check(submission: str | Path, problem, seed: int) -> dict[str, float]:
    """Points per function of one code problem: the share of its cases whose outputs are allclose."""
    from grader.reference import mutants

    from grader.course.problem import GradingContext

    path = Path(submission) / f"{problem.module}.py"
    plan = problem.plan(GradingContext(seed=seed))
    try:
        student = import_student_module(path)
    except BaseException:
        return dict.fromkeys(problem.points, 0.0)
    reference = mutants.implementation(problem.module)
    got = _play(plan.calls, lambda name: getattr(student, name, None))
    expected = _play(plan.calls, reference.get)
    passed: dict[str, list[bool]] = {name: [] for name in problem.points}
    for case in plan.cases:
        ok = case.call.id in got and case.call.id in expected and all(
            _close(_output(got[case.call.id], o), _output(expected[case.call.id], o)) for o in case.outputs
        )
        passed.setdefault(case.function, []).append(ok)
    return {name: points * (sum(passed[name]) / len(passed[name]) if passed[name] else 0.0) for name, points in problem.points.items()}


def naive_grade(submission: str | Path, problems: list | None = None, seed: int | None = None) -> float:
    """The naive code score of one submission (seeded like the grader when `seed` is None)."""
    from grader.grading.pipeline import default_seed
    from grader.reading.submission import Submission

    problems = problems if problems is not None else code_problems()
    seed = default_seed(Submission(Path(submission))) if seed is None else seed
    return sum(sum(naive_check(submission, p, seed).values()) for p in problems)


PYTEST_FILE = '''\
"""Naive baseline for {name} (generated by bench/baseline.py; benchmark only)."""
import sys

import pytest

sys.path.insert(0, {root!r})
from bench.baseline import code_problems, naive_check
from grader.grading.pipeline import default_seed
from grader.reading.submission import Submission
from pathlib import Path

SUBMISSION = Path({submission!r})
SEED = default_seed(Submission(SUBMISSION))
PROBLEMS = {{p.module: p for p in code_problems()}}


def _check(module):
    problem = PROBLEMS[module]
    points = naive_check(SUBMISSION, problem, SEED)
    assert sum(points.values()) == problem.max_score, points


@pytest.mark.parametrize("module", list(PROBLEMS))
def test_problem(module):
    _check(module)
'''


def write_pytest_files(root: str | Path, out: str | Path) -> list[Path]:
    """One pytest file per submission directory of `root`."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for submission in sorted(p for p in Path(root).iterdir() if p.is_dir()):
        path = out / f"test_{submission.name}.py"
        path.write_text(PYTEST_FILE.format(name=submission.name, root=str(ROOT), submission=str(submission.resolve())))
        written.append(path)
    return written


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "pytest-files":
        print(len(write_pytest_files(sys.argv[2], sys.argv[3])), "files")
    else:
        sys.exit(__doc__)
