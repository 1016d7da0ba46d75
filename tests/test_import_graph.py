"""The import graph of grader's own modules: no new cycle, not even through a function-local import.

Every `import` and `from ... import` counts wherever it stands (module level, inside a function, in a
`try`), except under `if TYPE_CHECKING:`, which never runs.  A cycle is a strongly connected group of
modules.  The groups that exist today are listed in KNOWN_CYCLES (issue 16 asks for layers that remove
them); the test fails on a new one, and also when a known one is gone, so that the list only shrinks.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from pathlib import Path
from types import MappingProxyType

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: The cycles of today, each closed by a function-local import (the import that closes it, after the ->).
KNOWN_CYCLES: set[frozenset[str]] = set()


def module_files(root: Path, package: str) -> dict[str, tuple[Path, bool]]:
    """Module name -> (its file, whether it is a package's __init__) for every module of `package`."""
    found = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        found[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return found


def _never_run(tree: ast.AST) -> set[int]:
    """The nodes under `if TYPE_CHECKING:` (annotations only; they never run)."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If):
            test = node.test
            name = test.id if isinstance(test, ast.Name) else getattr(test, "attr", None)
            if name == "TYPE_CHECKING":
                skipped.update(id(inner) for statement in node.body for inner in ast.walk(statement))
    return skipped


def _imported(node: ast.Import | ast.ImportFrom, package: str, modules: dict[str, tuple[Path, bool]]) -> set[str]:
    """The modules of `modules` that one import statement (in a module of `package`) loads."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = package
        for _ in range(max(node.level - 1, 0)):
            base = base.rpartition(".")[0]
        target = (f"{base}.{node.module}" if node.module else base) if node.level else (node.module or "")
        # `from . import render` loads the module grader.presentation.render; `from .i18n import render` a name of grader.results.i18n
        names = [f"{target}.{alias.name}" if f"{target}.{alias.name}" in modules else target for alias in node.names]
    found = set()
    for name in names:
        while name and name not in modules:  # `import grader.reference.mutants` outside the package: dropped
            name = name.rpartition(".")[0]
        if name:
            found.add(name)
    return found


def import_graph(root: Path, package: str = "grader") -> dict[str, set[str]]:
    """Module -> the modules of the same package it imports, anywhere in its code."""
    modules = module_files(root, package)
    graph = {}
    for name, (path, is_package) in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skipped = _never_run(tree)
        own_package = name if is_package else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)) and id(node) not in skipped:
                targets |= _imported(node, own_package, modules)
        graph[name] = targets - {name}
    return graph


def cycles(graph: Mapping[str, AbstractSet[str]]) -> set[frozenset[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm, without recursion)."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: set[frozenset[str]] = set()
    for start in sorted(graph):
        if start in order:
            continue
        work = [(start, iter(sorted(graph[start])))]
        order[start] = low[start] = len(order)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in order:
                    order[child] = low[child] = len(order)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], order[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == order[node]:
                group = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.add(frozenset(group))
    return found


@functools.cache
def graders_import_graph() -> Mapping[str, frozenset[str]]:
    """grader's own import graph, read-only and built once per test run: parsing every module of
    grader/ takes about a second, and five tests (here and in test_mathengine.py) read the graph."""
    return MappingProxyType({name: frozenset(targets) for name, targets in import_graph(ROOT).items()})


@functools.cache
def graders_cycles() -> frozenset[frozenset[str]]:
    return frozenset(cycles(graders_import_graph()))


def test_no_new_import_cycle_among_graders_modules():
    found = graders_cycles()
    new = [sorted(group) for group in found - KNOWN_CYCLES]
    assert not new, f"new import cycles (function-local imports count too): {new}"


def test_a_known_cycle_that_is_gone_leaves_the_list():
    gone = [sorted(group) for group in KNOWN_CYCLES - graders_cycles()]
    assert not gone, f"these cycles are gone: remove them from KNOWN_CYCLES: {gone}"


def test_function_local_imports_are_edges_and_type_checking_ones_are_not(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "low.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .high import H\n")
    (package / "high.py").write_text("import pkg.low\n")
    (package / "middle.py").write_text("def f():\n    from . import top\n")
    (package / "top.py").write_text("from .middle import f\n")
    graph = import_graph(tmp_path, "pkg")
    assert graph["pkg.low"] == set() and graph["pkg.high"] == {"pkg.low"}
    assert cycles(graph) == {frozenset({"pkg.middle", "pkg.top"})}


@pytest.mark.parametrize("size", [2, 3, 50])
def test_a_ring_of_modules_is_one_cycle(size):
    graph = {f"m{k}": {f"m{(k + 1) % size}"} for k in range(size)}
    graph["alone"] = {"m0"}
    assert cycles(graph) == {frozenset(f"m{k}" for k in range(size))}


#: grader's layers, lowest first: a module imports only from its own layer or a lower one, so the
#: folder names read as the pipeline (README "Layout").  `grader` itself (its version) is below all.
LAYERS = (
    "grader.results",  # frozen results, the messages in them and their catalog
    "grader.reading",  # a submission's folder, archive, files, notebook, answers.md
    "grader.course",  # what a problem is, the course's problems, the rubric
    "grader.mathparse",  # LaTeX -> expression trees, our own parser with limits
    "grader.mathengine",  # evaluating, comparing and bounding expressions with SymPy
    "grader.derivations",  # following a derivation; the derivation problems
    "grader.sandbox",  # running student code isolated, under limits
    "grader.codecheck",  # comparing student code with the reference, naming mistakes
    "grader.grading",  # one submission, every problem
    "grader.presentation",  # reports from templates
    "grader.apps",  # CLI, batch, gradebook, Gradescope, the student kit
)


def layer_of(module: str) -> int:
    """The index of a module's layer in LAYERS (-1: the package `grader` itself)."""
    if module == "grader":
        return -1
    for index, layer in enumerate(LAYERS):
        if module == layer or module.startswith(layer + "."):
            return index
    raise AssertionError(f"{module} belongs to no layer: put it in one of {LAYERS}")


def upward_imports(graph: Mapping[str, AbstractSet[str]]) -> list[str]:
    """Every import of a module from a higher layer than its own, as 'importer -> imported'."""
    return sorted(
        f"{module} -> {imported}"
        for module, targets in graph.items()
        for imported in targets
        if layer_of(imported) > layer_of(module)
    )


def test_every_module_sits_in_a_layer():
    for module in graders_import_graph():
        layer_of(module)


def test_no_module_imports_from_a_higher_layer():
    found = upward_imports(graders_import_graph())
    assert not found, f"imports from a higher layer (function-local ones count too): {found}"


def test_an_upward_import_is_found(tmp_path):
    graph = {"grader.results.models": {"grader.apps.cli"}, "grader.apps.cli": {"grader.results.models"}}
    assert upward_imports(graph) == ["grader.results.models -> grader.apps.cli"]
