"""The quick loop's marks (tests/conftest.py): every name still names a file or a test, and a file
whose costly tests are marked keeps quick tests of its own code in the loop."""

from __future__ import annotations

import ast
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.conftest import HERE, SLOW_PATHS, SLOW_TESTS, _slow_reason


def _test_functions(path: Path) -> set[str]:
    """The names of the module-level test functions a test file defines."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")}


def test_every_slow_path_is_a_file_or_folder_of_the_tests():
    missing = [name for name in SLOW_PATHS if not (HERE / name).exists()]
    assert not missing, f"SLOW_PATHS names what tests/ no longer holds: {missing}"


@pytest.mark.parametrize("key", sorted(SLOW_TESTS))
def test_every_slow_test_names_a_test_its_file_defines(key):
    file, _, name = key.partition("::")
    assert (HERE / file).is_file(), f"{key}: no file tests/{file}"
    assert name in _test_functions(HERE / file), f"{key}: tests/{file} defines no {name} (renamed? update SLOW_TESTS)"


def test_a_file_with_slow_tests_keeps_quick_ones_in_the_loop():
    slow_by_file: dict[str, set[str]] = {}
    for key in SLOW_TESTS:
        file, _, name = key.partition("::")
        slow_by_file.setdefault(file, set()).add(name)
    emptied = [file for file, slow in slow_by_file.items() if not _test_functions(HERE / file) - slow]
    assert not emptied, f"every test of these files is slow: list the file in SLOW_PATHS instead: {emptied}"


def test_a_test_is_slow_by_its_file_or_by_its_name_whatever_its_parameters():
    def item(relative: str, name: str) -> SimpleNamespace:
        return SimpleNamespace(path=HERE / relative, originalname=name, name=f"{name}[0-1]")

    slow_file, _, slow_name = next(iter(SLOW_TESTS)).partition("::")
    assert _slow_reason(item(slow_file, slow_name)) == SLOW_TESTS[f"{slow_file}::{slow_name}"]
    assert _slow_reason(item(slow_file, "test_not_listed")) is None
    assert _slow_reason(item("realworld/code/test_code_corpus.py", "test_anything")) == SLOW_PATHS["realworld"]
    assert _slow_reason(item("test_sandbox.py", "test_anything")) == SLOW_PATHS["test_sandbox.py"]
    assert _slow_reason(SimpleNamespace(path=HERE.parent / "grader" / "x.py", originalname="test_x", name="test_x")) is None
