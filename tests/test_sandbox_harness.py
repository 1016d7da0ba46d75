"""The harness package as the child gets it: a copy of its source files, importing nothing of the
grader, run as a directory that leaves no trace on the student's sys.path, and shipped wherever the
sandbox is (an install, the Gradescope bundle, the student kit)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from grader.sandbox import Call, SandboxLimits, run_calls
from grader.sandbox.isolation import RLIMITS, _reset_for_tests
from grader.sandbox.scratch import Scratch
from grader.sandbox.session import HARNESS

REPO = Path(__file__).resolve().parents[1]
QUICK = SandboxLimits(call_seconds=2.0, run_seconds=20.0)

LOOK_AROUND = """
import sys

def paths():
    return list(sys.path)

def harness_modules():
    return sorted(name for name in sys.modules if name == "harness" or name.startswith("harness."))
"""


def _imports(path: Path) -> list[ast.Import | ast.ImportFrom]:
    return [node for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(node, (ast.Import, ast.ImportFrom))]


def test_the_harness_imports_the_standard_library_and_its_own_modules_only():
    """The grader is hidden from the child: a harness module that imported it would fail there (or,
    where it is not hidden, hand the student the grader)."""
    own = {path.stem for path in HARNESS.glob("*.py")}
    stdlib = set(sys.stdlib_module_names)
    for path in sorted(HARNESS.glob("*.py")):
        for node in _imports(path):
            if isinstance(node, ast.ImportFrom) and node.level:
                assert node.level == 1 and (node.module or "").split(".")[0] in own, (path.name, ast.dump(node))
                continue
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            for name in names:
                # numpy is imported by `main.load_inputs` from the plan's path, never the grader's
                assert name.split(".")[0] in stdlib | {"numpy"}, (path.name, name)


def test_the_scratch_copy_holds_the_packages_source_files_and_nothing_else(tmp_path):
    with Scratch(tmp_path) as scratch:
        copy = scratch.harness(HARNESS)
        assert copy == scratch.path / "child" / "harness"
        assert sorted(p.name for p in copy.iterdir()) == sorted(p.name for p in HARNESS.glob("*.py"))
        assert sorted(p.name for p in copy.parent.iterdir()) == ["harness"]
        assert {"__init__.py", "__main__.py", "main.py"} <= {p.name for p in copy.iterdir()}
        assert scratch.harness(HARNESS) == copy  # made once per run


@pytest.mark.parametrize("level", ["auto", RLIMITS])
def test_the_childs_sys_path_holds_no_directory_of_the_harness(tmp_path, level):
    directory = tmp_path / "submission"
    directory.mkdir()
    (directory / "backprop.py").write_text(LOOK_AROUND)
    scratch_root = tmp_path / "scratch"
    scratch_root.mkdir()
    if level == RLIMITS:
        _reset_for_tests(RLIMITS, allow_unsafe_same_uid=True)
    try:
        report = run_calls(directory, [Call("p", "backprop", "paths"), Call("m", "backprop", "harness_modules")],
                           files=["backprop.py"], limits=QUICK, scratch_root=scratch_root)
    finally:
        if level == RLIMITS:
            _reset_for_tests(None)
    paths, modules = report.outcomes["p"], report.outcomes["m"]
    assert paths.ok and modules.ok, (paths.message, modules.message)
    # the copy is <scratch>/child/harness; Python put it on sys.path to run it, __main__ took it off
    assert not [entry for entry in paths.value if Path(entry).name in ("child", "harness")], paths.value
    # the package was imported whole before any restriction, by its own name
    assert {"harness", "harness.main", "harness.calls", "harness.encoder"} <= set(modules.value)


def test_the_harness_package_is_shipped_wherever_the_sandbox_is():
    from grader.apps.gradescope import PACKAGES
    from grader.apps.kit_tool import tool_modules

    setuptools = (REPO / "pyproject.toml").read_text(encoding="utf-8").split("[tool.setuptools]", 1)[1]
    assert '"grader.sandbox.harness",' in setuptools.split("]", 1)[0]  # its list of packages
    assert "grader.sandbox.harness" in PACKAGES
    shipped = set(tool_modules())
    harness = {str(path.relative_to(REPO / "grader")) for path in (REPO / "grader" / "sandbox" / "harness").glob("*.py")}
    assert harness and harness <= shipped
