"""The kit's self-contained student tool: ``KIT/tool/``, run as ``python KIT/tool/check.py SUBMISSION``.

It is a minimal copy of the grader modules the self-check needs (`TOOL_MODULES`:
the answers.md reader, the math parser and derivation checker, the sandbox,
the code checks' ladder), without comments and docstrings, plus files generated here:

- ``grader/__init__.py`` and ``grader/codecheck/__init__.py``: plain package markers;
- ``grader/kit_public/``: each derivation problem's PUBLIC description, made from its
  module by dropping the docstrings, comments, accepted answers, the derivation's start
  and goal, the known mistakes and everything only they used (it keeps what
  line-by-line checking needs: notation, definitions, scenarios, parameters, special
  functions, and each answer's label);
- ``grader/kit_properties/``: the judges of each problem graded by properties (dropout),
  made from its module by dropping the docstrings, comments and the plan builder (the
  kit's public calls and named cases are data in ``public/cases.json``);
- ``grader/kit_adapters.py``: the adapters of the public cases (`strip_bias`), copied
  by name;
- ``check.py``: the entry point.

Nothing of ``reference/`` and no code problem module (their plans make the hidden
inputs) is copied; the tests scan the whole kit for reference source and answers.
It needs only NumPy and SymPy (no Jinja, no Click).
"""

from __future__ import annotations

import ast
import importlib
import inspect
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, cast

from .files import write_atomic

#: The grader's modules the self-check imports, relative to the package.
TOOL_MODULES = (
    "models.py", "i18n.py", "phrases.py", "labels.py", "formats.py", "files.py", "submission.py", "problem.py",
    "answers_md.py", "derivation.py", "derivation_problem.py", "equivalence.py", "evaluate.py", "moments.py", "bounds.py",
    "inequalities.py", "witness.py", "unspecified.py", "moments_bernoulli.py", "piecewise.py", "link_mistakes.py",
    "free_letters.py", "two_classes.py",
    "kit_check.py", "kit_render.py",
    "codecheck/check.py", "codecheck/plan.py", "codecheck/runtime.py", "codecheck/tolerance.py", "codecheck/messages.py",
    "codecheck/contract_file.py", "codecheck/properties.py",
    "mathparse/*.py", "sandbox/*.py",
)

#: What a public problem description keeps of a DerivationProblem's arguments.
PUBLIC_ARGUMENTS = ("id", "title", "notation", "definitions", "scenarios", "parameters", "special", "kind", "time_limit")

CHECK_PY = '''"""The student kit's self-check: python check.py SUBMISSION [--lang zh] [--kit KIT].

Runs the public checks offline (your functions on the public cases, every derivation
line link by link, whether your answer lines can be read). Needs NumPy and SymPy only.
"""

import os
import sys

sys.dont_write_bytecode = True  # leave the kit's folder as it came
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)  # this folder's copy of the checker, whatever else is installed

from grader.kit_render import main  # noqa: E402

sys.exit(main(default_kit=os.path.dirname(HERE)))
'''

PACKAGE_INIT = '"""The student kit\'s copy of the self-check (no reference implementations, no answers)."""\n'
CODECHECK_INIT = '"""The ladder of checks of one value (public cases only)."""\n'


def _source_files(package: Path) -> list[str]:
    names: list[str] = []
    for pattern in TOOL_MODULES:
        if "*" in pattern:
            names += sorted(str(p.relative_to(package)) for p in package.glob(pattern))
        else:
            names.append(pattern)
    return names


def write_tool(directory: Path, index: Mapping[str, Any], course: str = "default") -> list[str]:
    """Write ``directory/tool/`` for a kit whose public index is `index`; returns the files written (kit-relative)."""
    import grader

    package = Path(grader.__file__).resolve().parent
    tool = directory / "tool"
    written = []

    def put(relative: str, text: str) -> None:
        write_atomic(tool / relative, text)
        written.append(f"tool/{relative}")

    for name in _source_files(package):
        put(f"grader/{name}", code_only((package / name).read_text(encoding="utf-8")))
    put("grader/__init__.py", PACKAGE_INIT)
    put("grader/codecheck/__init__.py", CODECHECK_INIT)
    put("grader/kit_adapters.py", adapters_module(_adapter_names(index)))
    modules = []
    for module_name, problem in _course_derivation_modules(course):
        stem = f"p_{module_name}"
        put(f"grader/kit_public/{stem}.py", public_problem_source(importlib.import_module(f"grader.problems.{module_name}"), problem))
        modules.append(stem)
    imports = "".join(f"from . import {stem}\n" for stem in modules)
    listing = ", ".join(f"{stem}.PROBLEM" for stem in modules)
    put("grader/kit_public/__init__.py", f'"""The derivation problems, as public descriptions (no answers)."""\n\n{imports}\nPROBLEMS = ({listing}{"," if len(modules) == 1 else ""})\n')
    judges = sorted({p["properties"]["judges"] for p in index.get("problems", []) if p.get("properties")})
    for module_name in judges:
        put(f"grader/kit_properties/{module_name}.py", property_judges_source(importlib.import_module(f"grader.problems.{module_name}")))
    put("grader/kit_properties/__init__.py", '"""The judges of the problems graded by properties (no plan builder: the public cases are data)."""\n')
    put("check.py", CHECK_PY)
    return written


def property_judges_source(module: Any) -> str:
    """A property problem's module without its plan builder (``build``, and what only it used).

    Its judges read the student's results of the kit's public calls; ``PROBLEM`` keeps its
    points and checks, with ``build=None``."""
    tree = ast.parse(inspect.getsource(module))
    _strip_docstrings(tree)
    tree.body = [node for node in tree.body if not (isinstance(node, ast.FunctionDef) and node.name == "build")]
    found = False
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "PROBLEM" for t in node.targets) and isinstance(node.value, ast.Call):
            for keyword in node.value.keywords:
                if keyword.arg == "build":
                    keyword.value = ast.Constant(None)
                    found = True
    if not found:
        raise ValueError(f"{module.__name__} defines no PROBLEM = PropertyProblem(..., build=...)")
    _drop_unused(tree)
    return ast.unparse(ast.fix_missing_locations(tree)) + "\n"


def _course_derivation_modules(course: str = "default") -> list[tuple[str, Any]]:
    from .course import course_modules, load_problem

    found = []
    for name in course_modules(course):
        try:
            problem = load_problem(name)
        except Exception:
            continue
        if getattr(problem, "kind", "") == "derivation":
            found.append((name, problem))
    return found


def _adapter_names(index: Mapping[str, Any]) -> list[str]:
    names = {o["adapt"] for p in index.get("problems", []) for c in p.get("cases", []) for o in c["outputs"] if o.get("adapt")}
    return sorted(names)


def adapters_module(names: Iterable[str]) -> str:
    """The adapters' source, without docstrings, and ``ADAPTERS`` by the name the kit's cases use."""
    from .kit_check import _adapter

    parts = ['"""Copies of the public cases\' adapters (equivalent forms of a value turned into the contract\'s)."""', "", "import numpy as np", ""]
    table = []
    for number, name in enumerate(names):
        function = _adapter(name)
        if function is None:
            continue
        tree = ast.parse(inspect.getsource(function))
        _strip_docstrings(tree)
        definition = tree.body[0]
        assert isinstance(definition, ast.FunctionDef)
        definition.name = f"adapter_{number}"
        parts += [ast.unparse(tree), ""]
        table.append(f"    {name!r}: adapter_{number},")
    parts += ["ADAPTERS = {", *table, "}", ""]
    return "\n".join(parts)


def code_only(source: str) -> str:
    """A module without its comments and docstrings (which quote examples, answers among them)."""
    tree = ast.parse(source)
    _strip_docstrings(tree)
    return ast.unparse(tree) + "\n"


def _strip_docstrings(tree: ast.AST) -> None:
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
            cast(Any, node).body = body[1:] or [ast.Pass()]


def public_problem_source(module: Any, problem: Any) -> str:
    """A derivation problem's module, reduced to its public description (see the module's docstring)."""
    tree = ast.parse(inspect.getsource(module))
    _strip_docstrings(tree)
    found = False
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "PROBLEM" for t in node.targets):
            call = node.value
            if not isinstance(call, ast.Call) or call.args:
                raise ValueError(f"{module.__name__}: PROBLEM must be DerivationProblem(...) with keyword arguments")
            keywords = [k for k in call.keywords if k.arg in PUBLIC_ARGUMENTS]
            # a witness answer keeps what reads its point (the names, the allowed values); not what it must satisfy
            answers = ", ".join(
                f"Witness({a.part!r}, {a.label!r}, 0, '', {a.relation!r}, '0', {a.variables!r}, {dict(a.allowed)!r})"
                if hasattr(a, "read_point") else f"Answer({a.part!r}, {a.label!r}, (), 0)"
                for a in problem.answers
            )
            keywords.append(ast.keyword("answers", ast.parse(f"({answers}{',' if len(problem.answers) == 1 else ''})", mode="eval").body))
            keywords.append(ast.keyword("derivation", ast.parse("Derivation(0, (), ())", mode="eval").body))
            call.keywords = keywords
            found = True
    if not found:
        raise ValueError(f"{module.__name__} defines no PROBLEM = DerivationProblem(...)")
    _drop_unused(tree)
    tree.body.insert(0, ast.Expr(ast.Constant(f"{problem.id}: the public description (notation, definitions, scenarios; no answers).")))
    return ast.unparse(ast.fix_missing_locations(tree)) + "\n"


def _drop_unused(tree: ast.Module) -> None:
    """Top-level definitions and imported names nothing left uses (what only the answers or mistakes used)."""
    while True:
        def defined(node: ast.stmt) -> set[str]:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                return {node.name}
            if isinstance(node, ast.Assign):
                return {n.id for t in node.targets for n in ast.walk(t) if isinstance(n, ast.Name)}
            if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                return {node.target.id}
            return set()

        used_by: dict[int, set[str]] = {}
        for i, node in enumerate(tree.body):
            used_by[i] = {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
        changed = False
        kept = []
        for i, node in enumerate(tree.body):
            others = set().union(*(used for j, used in used_by.items() if j != i))
            names = defined(node)
            if names and "PROBLEM" not in names and not names & others:
                changed = True
                continue
            if isinstance(node, (ast.ImportFrom, ast.Import)):
                aliases = [a for a in node.names if (a.asname or a.name).split(".")[0] in others or a.name == "*"]
                if len(aliases) != len(node.names):
                    changed = True
                    if not aliases:
                        continue
                    node.names = aliases
            kept.append(node)
        tree.body = kept
        if not changed:
            return
