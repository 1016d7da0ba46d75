"""The kit's self-contained student tool: ``KIT/tool/``, run as ``python KIT/tool/check.py SUBMISSION``.

It holds:

- the grader modules the self-check needs, unchanged (as written, docstrings and comments
  included: they quote no problem's answer or mistake, which the tests check against every
  problem of every course): every module `grader.apps.kit_render` and `grader.apps.kit_check`
  import, and the modules they import, wherever the import stands (`tool_modules`, derived from the
  import graph: no list is kept by hand), but never the course, the kit's writer, `problems/` or
  `reference/`;
- ``grader/kit_public/p_<module>.py``: unchanged, each problem module of the course up to its key marker
  (`grader.course.problem.KEY_MARKER`): its public spec (notation, definitions, scenarios, answer slots;
  a code problem's starter and the adapters of its public cases; the property judges of dropout),
  importable on its own; ``grader/kit_public/__init__.py`` lists them in course order;
- ``check.py``: the entry point.

Nothing of ``reference/`` and no key (accepted answers, goals, mistakes, the plans that make the
hidden inputs) is in it; the tests scan the whole kit for them.  It needs only NumPy and SymPy
(no Jinja, no Click).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

from grader.course.course import course_modules, problems_folder
from grader.course.problem import public_part
from grader.reading.files import write_atomic

#: Where the self-check starts: the modules the kit's check.py imports.
TOOL_ROOTS = ("grader.apps.kit_render", "grader.apps.kit_check")

#: Modules the tool never holds: the course (it would look for problems/), the kit's writers, and
#: the code problems' grading engine (the kit judges its public cases with codecheck.check alone).
#: kit_check imports the course only where the kit's public specs are absent (an instructor's
#: `grade check --kit`); codecheck.properties imports the engine only to grade, never to self-check.
NOT_IN_TOOL = frozenset({
    "grader.course.course", "grader.apps.kit", "grader.apps.kit_tool", "grader.problems", "grader.reference", "grader.codecheck.problem",
})

CHECK_PY = '''"""The student kit's self-check: python check.py SUBMISSION [--lang zh] [--kit KIT].

Runs the public checks offline (your functions on the public cases, every derivation
line link by link, whether your answer lines can be read). Needs NumPy and SymPy only.
"""

import os
import sys

sys.dont_write_bytecode = True  # leave the kit's folder as it came
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)  # this folder's copy of the checker, whatever else is installed

from grader.apps.kit_render import main  # noqa: E402

sys.exit(main(default_kit=os.path.dirname(HERE)))
'''

PACKAGE_INIT = '"""The student kit\'s copy of the self-check (no reference implementations, no answers)."""\n'

#: The kit's public specs, in course order (`MODULES` is filled in when the kit is written).
PUBLIC_INIT = '''"""The course's problems as their public specs: each module is a problem module up to its key."""

import importlib

from grader.derivations.spec import DerivationSpec

MODULES = {modules!r}

SPECS = tuple(importlib.import_module(f"{{__name__}}.{{name}}").SPEC for name in MODULES)

#: The derivation problems without their keys: they check lines and read answer lines.
PROBLEMS = tuple(spec.public_problem() for spec in SPECS if isinstance(spec, DerivationSpec))
'''


def _package() -> Path:
    import grader

    return Path(grader.__file__).resolve().parent


def _module_files(package: Path) -> dict[str, Path]:
    """Module name -> its file, for every module of the grader package."""
    found = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The grader modules one module imports, wherever the import stands."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(max(node.level - 1, 0)):
                base = base.rpartition(".")[0]
            target = (f"{base}.{node.module}" if node.module else base) if node.level else (node.module or "")
            targets = [f"{target}.{alias.name}" for alias in node.names] + [target]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target:
                found.add(target)
    return found


#: Packages whose files are loaded by path, not imported (the sandbox's harness, copied into each
#: run's scratch folder): every module of theirs comes along with their parent package's modules.
LOADED_BY_PATH = ("grader.sandbox.harness",)


def _packages_of(name: str, modules: dict[str, Path]) -> list[str]:
    """The packages a module's import runs first (``grader.mathparse`` for grader.mathparse.line), and
    the modules of a package loaded by path beside it, which no import names."""
    parts = name.split(".")
    packages = [".".join(parts[:i]) for i in range(2, len(parts))]
    by_path = [
        other
        for loaded in LOADED_BY_PATH
        if name.startswith(loaded.rpartition(".")[0] + ".")
        for other in modules
        if other.startswith(loaded + ".") or other == loaded
    ]
    return packages + by_path


def tool_modules(extra_roots: Iterable[str] = ()) -> list[str]:
    """The files (relative to the grader package) of every module the self-check may import."""
    package = _package()
    modules = _module_files(package)
    wanted: set[str] = set()
    pending = [*TOOL_ROOTS, *extra_roots]
    while pending:
        name = pending.pop()
        if name in wanted or name in NOT_IN_TOOL or name == "grader" or name not in modules:
            continue
        wanted.add(name)
        pending += [*_imports(name, modules[name], modules), *_packages_of(name, modules)]
    return sorted(str(modules[name].relative_to(package)) for name in wanted)


def _public_roots(sources: dict[str, str]) -> set[str]:
    """The grader modules the problems' public parts import."""
    roots = set()
    for source in sources.values():
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("grader."):
                roots.add(node.module or "")
    return roots


def public_sources(course: str = "default") -> dict[str, str]:
    """Module name -> the public part of that problem module of `course` (its source up to the key marker)."""
    folder = problems_folder()
    return {
        name: public_part((folder / f"{name}.py").read_text(encoding="utf-8"), f"problems/{name}.py")
        for name in course_modules(course)
    }


def write_tool(directory: Path, course: str = "default") -> list[str]:
    """Write ``directory/tool/`` for a kit of `course`; returns the files written (kit-relative)."""
    package = _package()
    tool = directory / "tool"
    written = []

    def put(relative: str, text: str) -> None:
        write_atomic(tool / relative, text)
        written.append(f"tool/{relative}")

    sources = public_sources(course)
    for name in tool_modules(_public_roots(sources)):
        put(f"grader/{name}", (package / name).read_text(encoding="utf-8"))
    put("grader/__init__.py", PACKAGE_INIT)
    for name, source in sources.items():
        put(f"grader/kit_public/p_{name}.py", source)
    put("grader/kit_public/__init__.py", PUBLIC_INIT.format(modules=tuple(f"p_{name}" for name in sources)))
    put("check.py", CHECK_PY)
    return written

