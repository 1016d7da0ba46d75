"""The `slow` marker, given here by file so that the developer's quick loop stays under a minute.

`python -m pytest -m "not slow"` leaves out the files below (they start processes: the sandbox, a
browser, `grade batch`'s workers, the CLI, the kit's tool, a Gradescope run; or they grade whole
corpora) and the single tests marked `@pytest.mark.slow` in the other files.  The README's test
command, and CI, still run everything.
"""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent

#: Test files (or folders) that are slow as a whole, relative to tests/, with why.
SLOW_PATHS = {
    "adversarial": "attacks on the sandbox, the batch and the reports, end to end",
    "realworld": "the real-world corpora of derivations and code",
    "test_sandbox.py": "the sandbox",
    "test_sandbox_isolation.py": "the sandbox's isolation levels",
    "test_codecheck_sandbox.py": "code graded through the sandbox",
    "test_browser.py": "a headless browser",
    "test_batch.py": "grade batch and its worker processes",
    "test_workflow.py": "grade batch re-runs, shards and overrides",
    "test_kit.py": "the student kit, its tool run in fresh processes",
    "test_gradescope.py": "the Gradescope bundle, run end to end",
    "test_extended_course.py": "the extended course end to end (kit, grade, Gradescope)",
    "test_cli_smoke.py": "the installed CLI in subprocesses",
    "test_notebook.py": "notebooks graded through the CLI in subprocesses",
    "test_bench.py": "the benchmark scripts",
    "test_mathparse_fuzz.py": "the parser fuzzed with thousands of generated inputs",
    "test_codecheck_fairness.py": "every code problem graded under many seeds and degenerate results",
}


def _slow_reason(path: Path) -> str | None:
    try:
        relative = path.resolve().relative_to(HERE)
    except ValueError:
        return None
    return SLOW_PATHS.get(relative.parts[0]) if relative.parts else None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if _slow_reason(item.path) is not None:
            item.add_marker(pytest.mark.slow)
