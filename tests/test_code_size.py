"""Issue 16's limits on the grader's own code: no module above 600 lines, no function above a
cyclomatic complexity of 20 (radon's measure), so that every step has a name a newcomer can find.

The compiled report templates (templates/compiled_*.py) are Jinja's generated code, not ours: they are
checked against their sources by tests/test_compiled_templates.py instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from radon.complexity import cc_visit

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 600
MAX_COMPLEXITY = 20


def own_modules() -> list[Path]:
    return sorted(
        path
        for folder in ("grader", "problems", "reference")
        for path in (ROOT / folder).rglob("*.py")
        if "__pycache__" not in path.parts
    )


def test_there_are_modules_to_measure():
    assert len(own_modules()) > 100


@pytest.mark.parametrize("path", own_modules(), ids=lambda path: str(path.relative_to(ROOT)))
def test_a_module_is_at_most_600_lines(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines: split it by what its parts decide"


def functions(blocks: list) -> list:
    """Every function, method and closure radon measured (as `radon cc` lists them)."""
    found = []
    for block in blocks:
        if hasattr(block, "methods"):  # a class: its own figure is a summary of its methods
            found += functions(block.methods) + functions(getattr(block, "inner_classes", []))
        else:
            found += [block, *functions(block.closures)]
    return found


def test_no_function_is_above_complexity_20():
    too_complex = sorted({
        f"{path.relative_to(ROOT)}:{block.lineno} {block.fullname} ({block.complexity})"
        for path in own_modules()
        for block in functions(cc_visit(path.read_text(encoding="utf-8")))
        if block.complexity > MAX_COMPLEXITY
    })  # a set: radon lists a method both on its own and under its class
    assert not too_complex, f"functions above complexity {MAX_COMPLEXITY}: {too_complex}"
