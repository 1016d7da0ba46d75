"""Red team against issue 16's layout: a hostile student who has read the reorganised source.

What moved, and what each test here tries through it:

- the sandbox's harness is a package (``child/harness/`` in each run's scratch folder, its modules
  in the child's ``sys.modules`` as ``harness.*``): from the student's code, its folder, its loader,
  its ``__path__`` (extended to the repository), the plan and the scratch folder it names, the
  grader's ``/proc``, the environment and the inherited descriptors, at both isolation levels;
  and the harness started as a Python 3.10 would start it (no ``-P``: Gradescope's Ubuntu 22.04);
- the student kit is made of the problems' public parts and a module list derived from the import
  graph: no key (a function or constant below a problem's key marker), no problem or reference
  module, and no public scenario that plants an accepted answer or a known mistake;
- the course is discovered from ``COURSES = {...}`` lines of ``problems/*.py`` read as text, and
  notebooks are read against a contract from the caller: a submission that carries its own
  ``problems/``, ``grader/``, ``reference/``, ``COURSES`` lines and ``%%writefile`` cells changes
  neither the course nor any grade, and nothing of it runs in the grader.
"""

from __future__ import annotations

import ast
import functools
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

import grader.sandbox.child as sandbox_child
from grader.apps.course_notebooks import course_notebook_reading
from grader.apps.gradescope import export_bundle
from grader.apps.kit import export_student_kit
from grader.course.course import course_modules, discover, load_problem, load_spec, problems_folder
from grader.course.problem import KEY_MARKER, public_part
from grader.derivations.derivation_problem import DerivationProblem, _last_term
from grader.mathparse.line import parse_line
from grader.sandbox.child import python_flags
from grader.sandbox.session import HARNESS

from . import test_redteam
from .arena import REPO, SEED, assert_contained
from .attacks import RAISED, CodeAttack, hostile_source
from .test_redteam import attack_run, probe

#: Each test once per isolation level (namespaces where this machine has them), as in test_redteam.
level = test_redteam.level

# ---------------------------------------------------------------- the harness package, from the student's code

HARNESS_REACH = '''
import gc, importlib, sys


def spy(repo, reference):
    """Everything the harness package offers a student: each attempt "got: ..." or "refused: ..."."""
    found = {}
    harness = sys.modules["harness"]
    folder = list(harness.__path__)[0]
    found["the harness's folder listed"] = attempt(lambda: os.listdir(folder))
    found["the harness's source read"] = attempt(lambda: open(os.path.join(folder, "main.py")).read())
    found["the scratch folder listed"] = attempt(lambda: os.listdir(os.path.dirname(os.path.dirname(folder))))
    found["the plan read by its path (argv)"] = attempt(lambda: open(sys.argv[-1], "rb").read())
    found["__main__ read by its path"] = attempt(lambda: open(sys.modules["__main__"].__file__, "rb").read())
    found["the reference read by the harness's loader"] = attempt(lambda: harness.__spec__.loader.get_data(reference))
    harness.__path__.append(repo)
    harness.__path__.append(repo + "/grader")
    sys.path.insert(0, repo)
    for name in ("harness.reference.backprop", "harness.problems.xavier_variance", "harness.sandbox.session",
                 "harness.kit_public", "grader.problems.xavier_variance", "grader.reference.mutants",
                 "reference.backprop", "problems.xavier_variance", "sympy"):
        found["import " + name] = attempt(lambda name=name: importlib.import_module(name).__file__)
    plan = next(o for o in gc.get_objects() if type(o) is dict and "token" in o and "calls" in o)
    for key in ("inputs", "files", "root"):
        where = plan[key]
        found["the plan's " + key] = attempt(lambda: os.listdir(where) if os.path.isdir(where) else open(where, "rb").read(1))
    found["harness modules"] = sorted(m for m in sys.modules if m.split(".")[0] == "harness")
    return found
'''

#: The harness's own modules: in the child's sys.modules, they hold the harness's code and nothing of the grader.
HARNESS_MODULES = sorted({"harness"} | {f"harness.{p.stem}" for p in HARNESS.glob("*.py") if not p.stem.startswith("__")})


def test_the_harness_package_leads_to_nothing_of_the_grader(tmp_path, level):
    """Its modules are the student's to see (they are the harness's own code); its folder, the plan,
    the scratch folder, and any module of the repository reached through its ``__path__`` are not."""
    found = probe(tmp_path, HARNESS_REACH, args=(str(REPO), str(REPO / "reference" / "backprop.py")))
    assert found.pop("harness modules") == HARNESS_MODULES
    assert {what: result for what, result in found.items() if not result.startswith("refused")} == {}, level


RUN_TRACES = '''
import gc, sys


def spy(repo):
    """What the child's environment, descriptors and /proc say about the grader."""
    found = {}
    found["environment"] = {key: value for key, value in os.environ.items()}
    plan = next(o for o in gc.get_objects() if type(o) is dict and "token" in o and "calls" in o)
    found["pipes"] = sorted((plan["channel"], plan["watchdog"]))
    opened = []
    for fd in range(1024):
        try:
            os.fstat(fd)
            opened.append(fd)
        except OSError:
            pass
    found["descriptors"] = opened
    parent = os.getppid()
    for what in ("environ", "cmdline", "maps", "status"):
        found["/proc/<parent>/" + what] = attempt(lambda what=what: open("/proc/%d/%s" % (parent, what), "rb").read(64))
    for what in ("cwd", "root", "exe"):
        found["/proc/<parent>/" + what] = attempt(lambda what=what: os.listdir("/proc/%d/%s" % (parent, what)))
    found["/proc/<parent>/fd"] = attempt(lambda: os.listdir("/proc/%d/fd" % parent))
    found["the repository listed"] = attempt(lambda: os.listdir(repo))
    return found
'''

#: Every variable of the child's environment (TMPDIR at the rlimits level; LC_CTYPE is set by Python itself).
CHILD_ENVIRONMENT = {"PATH", "HOME", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "PYTHONHASHSEED",
                     "TMPDIR", "LC_CTYPE"}


def test_environment_descriptors_and_proc_hold_nothing_of_the_grader(tmp_path, level):
    found = probe(tmp_path, RUN_TRACES, args=(str(REPO),))
    environment = found.pop("environment")
    assert set(environment) <= CHILD_ENVIRONMENT, set(environment) - CHILD_ENVIRONMENT
    assert not [value for value in environment.values() if str(REPO) in value or "GRADER" in value]
    descriptors = [int(fd) for fd in found.pop("descriptors")]
    assert descriptors == [0, 1, 2, *(int(fd) for fd in found.pop("pipes"))], "a descriptor of the grader was inherited"
    listed = found.pop("the repository listed")
    numpy_dir = os.path.realpath(os.path.dirname(np.__file__))
    # The new root binds NumPy read-only at its own path; where Python lives in a virtual environment
    # inside the repository (CI's .ci-venv), the repository's folder exists there holding only the
    # folders that lead to NumPy, none of the grader's files
    assert listed.startswith("refused") or all(numpy_dir.startswith(str(REPO / name) + os.sep) for name in ast.literal_eval(listed[len("got: "):])), listed
    assert {what: result for what, result in found.items() if not result.startswith("refused")} == {}, level


HARNESS_DELEGATION = CodeAttack(
    "sigmoid_backward delegates to the reference through the harness package (its __path__ extended to "
    "the repository, its loader reading the reference's file)",
    """
    import importlib as _importlib
    _harness = _sys.modules["harness"]
    _harness.__path__.extend([_ADV["repo"], _ADV["package"]])
    for _name in ("harness.reference.backprop", "harness.grader.reference.backprop", "harness.reference"):
        try:
            return _importlib.import_module(_name).sigmoid_backward(*args, **kwargs)
        except (ImportError, AttributeError):
            pass
    _namespace = {}
    try:
        exec(compile(_harness.__spec__.loader.get_data(_ADV["reference"]), "reference", "exec"), _namespace)
        return _namespace["sigmoid_backward"](*args, **kwargs)
    except OSError:
        pass
    raise RuntimeError("the reference is out of reach")
    """,
    RAISED,
)


def test_delegating_to_the_reference_through_the_harness_package_earns_nothing(arena, clean, level):
    attack_run(arena, clean, [("backprop.py", "sigmoid_backward", HARNESS_DELEGATION)])


# ---------------------------------------------------------------- the harness as Python 3.10 starts it


def _python310() -> str | None:
    found = shutil.which("python3.10")
    candidates = [found] if found else []
    candidates += sorted(str(p) for p in Path("/root/.pyenv/versions").glob("3.10*/bin/python3.10"))
    for candidate in candidates:
        try:
            if subprocess.run([candidate, "-c", "pass"], capture_output=True, timeout=30, check=False).returncode == 0:
                return candidate
        except (OSError, subprocess.TimeoutExpired):
            continue
    return None


def test_python_3_10_accepts_the_harness_command_line(tmp_path):
    """Gradescope's image has Python 3.10, which refuses ``-P`` ("Unknown option"): with it, no child
    started and every code problem failed there.  The harness, copied as a run copies it, gets as far
    as reading its (missing) plan: every module of it imports under 3.10."""
    assert "-P" in python_flags((3, 11)) and "-P" not in python_flags((3, 10))
    python = _python310()
    if python is None:
        pytest.skip("no Python 3.10 on this machine")
    copy = tmp_path / "child" / HARNESS.name
    copy.mkdir(parents=True)
    for source in HARNESS.glob("*.py"):
        shutil.copyfile(source, copy / source.name)
    ran = subprocess.run([python, *python_flags((3, 10)), str(copy), str(tmp_path / "missing-plan.json")],
                         capture_output=True, text=True, timeout=60, check=False)
    assert ran.returncode == sandbox_child.HARNESS_FAILED, ran.stderr
    assert "FileNotFoundError" in ran.stderr and "missing-plan.json" in ran.stderr, ran.stderr


OWN_PATH = '''
import sys


def spy():
    """The entries of sys.path the student's code sees besides its box, the standard library and NumPy."""
    return [entry for entry in sys.path if "child" in entry or "harness" in entry]
'''


def test_without_dash_p_the_harness_folder_is_off_the_students_sys_path(tmp_path, level, monkeypatch):
    """Started as Python 3.10 starts it (no -P: the script's folder first on sys.path), the harness
    takes its folder off sys.path itself before any student code runs."""
    monkeypatch.setattr(sandbox_child, "PYTHON_FLAGS", python_flags((3, 10)))
    assert probe(tmp_path, OWN_PATH) == []


# ---------------------------------------------------------------- the student kit


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    """The extended course's kit (every problem of both courses) and its text."""
    directory = tmp_path_factory.mktemp("kit")
    export_student_kit(directory, course="extended")
    files = {p.relative_to(directory).as_posix(): p.read_text(encoding="utf-8")
             for p in sorted(directory.rglob("*")) if p.is_file() and p.suffix != ".npz"}
    return directory, files


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def key_statements() -> dict[str, list[str]]:
    """Problem module -> every top-level statement below its key marker long enough to recognise
    (the key's helpers: plans that make hidden inputs, answers, mistakes), as ast prints it."""
    found: dict[str, list[str]] = {}
    for name in course_modules("extended"):
        source = (problems_folder() / f"{name}.py").read_text(encoding="utf-8")
        key = source.partition("\n" + KEY_MARKER + "\n")[2]
        statements = []
        for node in ast.parse(key).body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                body = [s for s in node.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
                statements += [squeeze(ast.unparse(s)) for s in body]
            elif not isinstance(node, (ast.Import, ast.ImportFrom)):
                statements.append(squeeze(ast.unparse(node)))
        found[name] = [s for s in statements if len(s) >= 40]
    return found


def test_no_statement_of_a_problems_key_is_in_the_kit(kit):
    _, files = kit
    text = squeeze("\n".join(files.values()))
    keys = key_statements()
    assert sum(map(len, keys.values())) > 60
    assert {name: [s[:80] for s in statements if s in text] for name, statements in keys.items()} == {n: [] for n in keys}


def test_no_module_of_the_kit_is_a_key_a_problem_or_the_reference(kit):
    """The tool's module list is derived from the import graph: none of it may be a problem module
    (whole), the reference, the course, or import them; no module defines a problem's KEY or PROBLEM."""
    _, files = kit
    for relative, source in files.items():
        if not relative.endswith(".py"):
            continue
        assert not re.match(r"tool/grader/(problems|reference|course/course\.py|apps/kit\.py|apps/kit_tool\.py)", relative), relative
        tree = ast.parse(source)
        imported = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert not [m for m in imported if m.startswith(("grader.reference", "grader.problems", "reference", "problems"))], relative
        assigned = {t.id for n in tree.body if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)}
        assert not assigned & {"KEY", "PROBLEM", "MUTANTS"}, relative  # (dropout's public judges name their MISTAKES)
        assert KEY_MARKER not in source.splitlines(), relative  # (course/problem.py names it in a string)


def _quantity_latex(name: str) -> list[str]:
    """How a derivation writes the quantity a scenario's point names (``Var(w)``, ``tilde_w``, ``r``)."""
    if match := re.fullmatch(r"([A-Za-z]+)\((\w+)\)", name):
        return [rf"\mathrm{{{match.group(1)}}}({match.group(2)})"]
    if match := re.fullmatch(r"(tilde|hat)_([A-Za-z]+)", name):
        return [rf"\{match.group(1)} {match.group(2)}", rf"\{match.group(1)} {match.group(2)}_i"]
    if re.fullmatch(r"[A-Za-z]", name):
        return [name, f"{name}_i"]
    return [name] if re.fullmatch(r"[A-Za-z]+", name) else []


@functools.cache
def planted_answers() -> tuple[str, ...]:
    """Every (problem, scenario, quantity) where a scenario the kit draws (its public problem's: the spec's
    and the kit's own, never the key's) sets a quantity to an accepted answer or a known mistake: equal to
    it at every point of that scenario, and not at the grader's generic one's (a scenario the kit ships is
    code any student reads)."""
    planted = []
    for name in course_modules("extended"):
        problem = load_problem(name)
        if not isinstance(problem, DerivationProblem):
            continue
        parse = lambda text, problem=problem: _last_term(parse_line(text, problem.notation))  # noqa: E731
        checker = problem.checker(1)
        forms = [(f"accepted {a.part or 'answer'}", f) for a in problem.answers for f in problem._parsed["accepted"][a.part]]
        forms += [(f"mistake {m.id}", f) for m in problem.mistakes for f in problem._parsed["mistakes"][m.id]]
        generic = problem.scenarios[0]
        for scenario in load_spec(name).public_problem().scenarios:
            if scenario is generic:
                continue
            for quantity in scenario.sample(np.random.default_rng(0), 3):
                for latex in _quantity_latex(quantity):
                    try:
                        term = parse(latex)
                    except Exception:  # not a quantity a derivation could name
                        continue
                    for what, form in forms:
                        if (checker.same_values(term, form, (scenario,)).holds
                                and not checker.same_values(term, form, (generic,)).holds):
                            planted.append(f"{problem.id}: scenario {scenario.name!r} sets {latex} to the {what}")
    return tuple(sorted(set(planted)))


def test_no_public_scenario_plants_an_accepted_answer_or_a_known_mistake():
    """redteam2 found l2-shrinkage's, xavier-variance's and l1-soft-threshold's public specs computing the
    answer ((H + alpha I)^-1 H w*, Var(w) = 1/n, r = sqrt(6/(n_in + n_out)), the soft threshold) and a
    known mistake (r = sqrt(3/n)); those scenarios are the keys' now."""
    assert planted_answers() == ()


#: The scenarios that put an unknown at the solution (redteam2's finds): the grader draws them, the kit never.
KEY_SCENARIOS = {"l1_soft_threshold": ("optimum", "optimum-w"), "l2_shrinkage": ("optimum",),
                 "xavier_variance": ("goal", "glorot", "backward", "forward-only-uniform"), "perceptron_convergence": ("run",)}


@pytest.mark.parametrize("module", sorted(KEY_SCENARIOS))
def test_the_key_scenarios_are_graded_with_but_never_shipped(module, tmp_path):
    """The grader's problem draws them, in their old order; the kit's public problem knows them by name only,
    and the kit's copy of the module defines none of their functions."""
    names = KEY_SCENARIOS[module]
    problem, public = load_problem(module), load_spec(module).public_problem()
    assert tuple(s.name for s in problem.scenarios)[-len(names):] == names
    assert not {s.name for s in public.scenarios} & set(names)
    assert public.unseen_scenarios == names
    source = (problems_folder() / f"{module}.py").read_text(encoding="utf-8")
    shipped = public_part(source, f"problems/{module}.py")
    key_functions = {s.sample.__name__ for s in problem.scenarios if s.name in names}
    defined = {n.name for n in ast.walk(ast.parse(shipped)) if isinstance(n, ast.FunctionDef)}
    assert key_functions and not key_functions & defined, key_functions & defined


def test_the_planted_answer_search_finds_a_scenario_that_plants_one():
    """The search above can fail: a scenario that sets Var(w) to xavier-variance's answer is found."""
    from grader.mathengine.equivalence import Scenario

    problem = load_problem("xavier_variance")
    generic = problem.scenarios[0]

    def planted(rng, size):
        point = generic.sample(rng, size)
        point["Var(w)"] = 1.0 / point["n"]
        return point

    checker = problem.checker(1)
    term = _last_term(parse_line(r"\mathrm{Var}(w)", problem.notation))
    answer = problem._parsed["accepted"]["answer-a"][0]
    assert checker.same_values(term, answer, (Scenario("planted", planted),)).holds
    assert not checker.same_values(term, answer, (generic,)).holds


# ---------------------------------------------------------------- the course and the problems, from a submission

EVIL_PROBLEM = '''
from pathlib import Path
Path({canary!r}).write_text("a module of the submission ran in the grader")
COURSES = {{"default": 1, "extended": 1}}
PROBLEM = None
'''


def _notebook(cells: list[tuple[str, str]]) -> str:
    return json.dumps({
        "nbformat": 4, "nbformat_minor": 5, "metadata": {},
        "cells": [{"cell_type": kind, "metadata": {}, "source": source, "id": f"c{number}",
                   **({"outputs": [], "execution_count": None} if kind == "code" else {})}
                  for number, (kind, source) in enumerate(cells)],
    })


def test_a_submission_carrying_problems_courses_and_a_reference_changes_neither_course_nor_grade(arena, clean):
    """The course is read from the grader's own problems/ (as text) and its problems imported from
    there; a submission's own problems/, grader/problems/, reference/, ``COURSES`` lines in
    answers.md and in a notebook, and ``%%writefile`` cells change nothing and run nothing."""
    submission = arena.submission()
    canary = arena.canary / "submission-code-ran"
    evil = EVIL_PROBLEM.format(canary=str(canary))
    for folder in ("problems", "grader/problems", "reference"):
        (submission / folder).mkdir(parents=True)
        (submission / folder / "__init__.py").write_text(evil)
    (submission / "problems" / "aa_first.py").write_text(evil)
    (submission / "grader" / "problems" / "aa_first.py").write_text(evil)
    (submission / "reference" / "backprop.py").write_text(evil)
    (submission / "pyproject.toml").write_text("[project]\nname = 'grader'\n")
    with open(submission / "answers.md", "a", encoding="utf-8") as handle:
        handle.write('\n## aa-first\n\nCOURSES = {"default": 1}\n\nAnswer: $1$\n')
    (submission / "homework.ipynb").write_text(_notebook([
        ("markdown", '## aa-first\n\nCOURSES = {"default": 1}\n'),
        ("code", f'%%writefile problems/aa_second.py\nCOURSES = {{"default": 2}}\nopen({str(canary)!r}, "w")\n'),
        ("code", f'%%writefile {REPO / "problems" / "aa_third.py"!s}\nCOURSES = {{"default": 3}}\n'),
        ("code", 'COURSES = {"default": 1}\nimport problems.aa_first\n\ndef sgd(w, dw, config=None):\n    return w, config\n'),
    ]))
    courses_before = {name: course_modules(name) for name in ("default", "extended")}
    assert_contained(arena.grade(submission), clean, [])  # the folder as it is
    with course_notebook_reading(submission) as reading:  # and as `grade` and `grade batch` read it (a notebook)
        outcome = arena.grade(reading.folder)
    assert not canary.exists(), "code of the submission ran in the grader"
    assert not (REPO / "problems" / "aa_third.py").exists()
    discover.cache_clear()
    assert {name: course_modules(name) for name in ("default", "extended")} == courses_before
    assert all((problems_folder() / f"{entry.module}.py").is_file() for entry in discover())
    assert problems_folder().resolve() == (REPO / "problems").resolve()
    assert "aa_first" not in sys.modules and "problems.aa_first" not in sys.modules
    assert_contained(outcome, clean, [])


# ---------------------------------------------------------------- Gradescope


def test_gradescopes_metadata_is_closed_to_student_code_before_grading(tmp_path):
    """/autograder/submission_metadata.json holds the student's earlier submissions with their results
    (the hidden tests' expected values among them); /autograder is traversable by the sandbox's uid
    (0711), so without Landlock a world-readable metadata file was the child's to read.  The bundle's
    run_autograder closes it before the grader starts (its commands run here against a copy of the tree)."""
    bundle = tmp_path / "autograder.zip"
    export_bundle(bundle)
    with zipfile.ZipFile(bundle) as archive:
        script = archive.read("run_autograder").decode()
    root = tmp_path / "autograder"
    root.mkdir()
    metadata = root / "submission_metadata.json"
    metadata.write_text(json.dumps({"previous_submissions": [{"results": {"tests": [{"output": "expected 0.25"}]}}]}))
    metadata.chmod(0o644)
    before_grading = [line for line in script.replace("/autograder", str(root)).splitlines() if not line.startswith("exec ")]
    subprocess.run(["bash", "-c", "\n".join(before_grading)], check=True, timeout=60)
    assert metadata.stat().st_mode & 0o077 == 0
    assert script.splitlines()[-1].startswith("exec /autograder/grader-venv/bin/grade gradescope ")


def test_through_gradescope_the_harness_and_a_carried_course_earn_nothing(arena, clean, level, tmp_path):
    """`grade gradescope` (run_autograder) on a submission that delegates to the reference through the
    harness package and carries its own problems/ and COURSES lines: the same grade as `grade`, and
    results.json holds nothing from outside the submission."""
    from grader.apps.gradescope import run_autograder

    submission = arena.submission()
    with open(submission / "backprop.py", "a") as handle:
        handle.write(hostile_source(HARNESS_DELEGATION, "sigmoid_backward", arena.context(submission)))
    (submission / "problems").mkdir()
    (submission / "problems" / "aa_first.py").write_text(EVIL_PROBLEM.format(canary=str(arena.canary / "ran")))
    results = tmp_path / "results" / "results.json"
    data = run_autograder(submission, results, seed=SEED)
    text = results.read_text(encoding="utf-8")
    assert not (arena.canary / "ran").exists()
    for what, secret in arena.secrets_outside().items():
        assert secret not in text, f"{what} leaked into results.json"
    scores = {test["name"]: test["score"] for test in data["tests"]}
    attacked = [name for name in scores if name.startswith("backprop: ") and "sigmoid_backward" in name]
    assert len(attacked) == 1 and scores[attacked[0]] == 0, scores
    assert data["score"] == pytest.approx(clean.score - next(
        part.max_score for p in clean.problems if p.id == "backprop" for part in p.parts if part.id == "sigmoid_backward"))
    assert len({test["name"].split(":")[0] for test in data["tests"]}) == len(clean.problems)


# ---------------------------------------------------------------- the kit's public inputs and a grading's


def _first_input(plan_calls) -> np.ndarray:
    """The first array among the arguments of a plan's first call."""
    stack = list(plan_calls[0].args)
    while stack:
        item = stack.pop(0)
        if isinstance(item, np.ndarray):
            return item
        if isinstance(item, (list, tuple)):
            stack = list(item) + stack
        elif isinstance(item, dict):
            stack = list(item.values()) + stack
    raise AssertionError("the first call has no array")


def test_no_grading_draws_the_inputs_whose_expected_values_the_kit_publishes():
    """The kit publishes the reference's results on every case of each code problem's plan for its
    seed.  Were those plans drawn from a seed a grading can have (any value below 2**31), a student
    could search for files whose seed leads there (two 31-bit searches: hours) and answer every case
    from a table.  The kit's plans are drawn from seeds above every grading plan's."""
    from grader.apps.kit import PUBLIC_SEED, public_cases, public_plan_seed
    from grader.course.problem import derive_seed

    index, arrays = public_cases(PUBLIC_SEED)
    published = list(arrays.values())
    checked = 0
    for problem_index in index["problems"]:
        problem = next(load_problem(n) for n in course_modules("default") if load_problem(n).id == problem_index["id"])
        for plan_seed in (PUBLIC_SEED, derive_seed(PUBLIC_SEED, problem.id)):  # plan seeds a grading can have
            graded = _first_input(problem.build(plan_seed).calls)
            assert not any(a.shape == graded.shape and np.array_equal(a, graded) for a in published), problem.id
        assert any(np.array_equal(a, _first_input(problem.build(public_plan_seed(PUBLIC_SEED)).calls)) for a in published)
        checked += 1
    assert checked == 4
    assert all(public_plan_seed(seed) > 0x7FFFFFFF >= derive_seed(seed, "backprop") for seed in (0, 7, PUBLIC_SEED, 2**31 - 1, -5))
