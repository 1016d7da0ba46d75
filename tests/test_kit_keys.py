"""The student kit holds the problems' public specs and never a key: every accepted answer, goal,
known mistake (its id and its written forms) and reference body of both courses is looked for in
the whole kit, docstrings and comments included."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from grader.apps.kit import export_student_kit, starter_stubs
from grader.course.course import course_modules, course_names, load_problem, load_spec, problems_folder
from grader.course.problem import KEY_MARKER, ProblemModuleError, public_part
from grader.derivations.spec import DerivationSpec

REFERENCE = Path(__file__).resolve().parent.parent / "reference"


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module", params=["default", "extended"])
def kit(request, tmp_path_factory):
    directory = tmp_path_factory.mktemp(f"kit-{request.param}")
    export_student_kit(directory, course=request.param)
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(directory.rglob("*")) if p.is_file() and p.suffix != ".npz")
    return request.param, squeeze(text)


def derivation_keys(course: str) -> dict[str, set[str]]:
    """Problem id -> its key's strings: accepted answers, goals, mistake ids and written forms (but a
    string some problem's definitions state: the student is given those, as l1-soft-threshold's
    penalty \\sum_j |w_j|, which map-priors names as a mistake)."""
    specs = [load_spec(name) for name in course_modules(course)]
    stated = squeeze(" ".join(d for spec in specs if isinstance(spec, DerivationSpec) for d in spec.definitions))
    keys = {}
    for name in course_modules(course):
        spec = load_spec(name)
        if not isinstance(spec, DerivationSpec):
            continue
        problem = load_problem(name)
        strings = set(problem.derivation.goals)
        strings |= {a for answer in problem.answers for a in answer.accepted}
        strings |= {m.id for m in problem.mistakes} | {w for m in problem.mistakes for w in m.written}
        strings |= {a.mistake for a in problem.answers if getattr(a, "mistake", None)}
        keys[spec.id] = {squeeze(s) for s in strings if len(squeeze(s)) >= 5 and squeeze(s) not in stated}
    return keys


def code_mistake_ids(course: str) -> set[str]:
    """The ids of the known mistakes (reference/mutants.py) of the course's code problems graded
    against the reference.  (Dropout's, graded by properties, name the hints its public judges give.)"""
    from grader.reference import mutants

    modules = {load_problem(name).module for name in course_modules(course) if hasattr(load_problem(name), "build") and not hasattr(load_problem(name), "checks")}
    return {m.id for m in mutants.MUTANTS if m.module in modules}


def reference_bodies() -> set[str]:
    """Every statement of the reference implementations long enough to recognise (docstrings aside)."""
    bodies = set()
    for path in REFERENCE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef):
                for statement in node.body:
                    if isinstance(statement, ast.Expr) and isinstance(getattr(statement, "value", None), ast.Constant):
                        continue
                    source = squeeze(ast.unparse(statement))
                    if len(source) >= 24 and "NotImplementedError" not in source:
                        bodies.add(source)
    return bodies


def test_no_accepted_answer_goal_or_mistake_of_a_derivation_problem_is_in_the_kit(kit):
    course, text = kit
    keys = derivation_keys(course)
    assert len(keys) == (5 if course == "default" else 10) and sum(map(len, keys.values())) > 60
    assert {pid: sorted(s for s in strings if s in text) for pid, strings in keys.items()} == {pid: [] for pid in keys}


def test_no_known_mistake_id_or_reference_body_of_a_code_problem_is_in_the_kit(kit):
    course, text = kit
    ids = code_mistake_ids(course)
    assert len(ids) > 40
    assert sorted(i for i in ids if squeeze(i) in text) == []
    bodies = reference_bodies()
    stated = squeeze(" ".join(starter_stubs(course).values()))  # the contract's formulas in the starters' docstrings
    assert len(bodies) > 30 and sorted(b for b in bodies if b in text and b not in stated) == []
    assert "grader.reference" not in text and "mutants" not in text


def test_the_kit_holds_each_problem_module_up_to_its_key_marker_unchanged(tmp_path):
    export_student_kit(tmp_path, course="extended")
    for name in course_modules("extended"):
        source = (problems_folder() / f"{name}.py").read_text(encoding="utf-8")
        shipped = (tmp_path / "tool" / "grader" / "kit_public" / f"p_{name}.py").read_text(encoding="utf-8")
        assert shipped == public_part(source) and source.startswith(shipped) and KEY_MARKER not in shipped


def test_a_problem_module_without_exactly_one_key_marker_is_refused():
    with pytest.raises(ProblemModuleError):
        public_part("SPEC = 1\n", "x.py")
    with pytest.raises(ProblemModuleError):
        public_part(f"SPEC = 1\n{KEY_MARKER}\nKEY = 2\n{KEY_MARKER}\n", "x.py")
    assert public_part(f"SPEC = 1\n{KEY_MARKER}\nKEY = 2\n") == "SPEC = 1\n"


def every_key_of_every_problem() -> dict[str, set[str]]:
    """Problem id -> every accepted answer, goal and known mistake (id, written forms) of each
    problem of every course, and every code problem's mistake ids (the reference's mutants, the
    property problems' catalog), as squeezed text; but what some problem's public spec states (a
    student is given it: l1-soft-threshold's penalty, which map-priors names as a mistake; the
    hints dropout's public judges give by their mistake's id)."""
    from grader.reference import mutants

    keys: dict[str, set[str]] = {}
    modules = dict.fromkeys(name for course in course_names() for name in course_modules(course))
    public = [public_part((problems_folder() / f"{name}.py").read_text(encoding="utf-8")) for name in modules]
    stated = squeeze(" ".join(public)) + squeeze(" ".join(public).replace("\\\\", "\\"))
    for name in modules:
        problem = load_problem(name)
        if isinstance(load_spec(name), DerivationSpec):
            strings = set(problem.derivation.goals) | {a for answer in problem.answers for a in answer.accepted}
            strings |= {m.id for m in problem.mistakes} | {w for m in problem.mistakes for w in m.written}
            strings |= {a.mistake for a in problem.answers if getattr(a, "mistake", None)}
        else:
            strings = {m.id for m in mutants.MUTANTS if m.module == problem.module}
            strings |= set(getattr(problem, "mistakes", None) or {})
        keys[problem.id] = {squeeze(s) for s in strings if len(squeeze(s)) >= 5 and squeeze(s) not in stated}
    return keys


def test_the_kit_ships_the_engine_modules_as_written(tmp_path):
    import grader
    from grader.apps.kit_tool import _public_roots, public_sources, tool_modules

    export_student_kit(tmp_path, course="extended")
    package = Path(grader.__file__).resolve().parent
    shipped = tool_modules(_public_roots(public_sources("extended")))
    assert len(shipped) > 40
    for name in shipped:
        assert (tmp_path / "tool" / "grader" / name).read_bytes() == (package / name).read_bytes(), name


def test_no_engine_module_the_kit_ships_quotes_an_answer_or_a_mistake_of_any_problem():
    """The engine's modules go into the kit as written, docstrings and comments included: none may
    quote a worked answer, a goal or a known mistake of any problem of any course (whichever kit
    it goes into), nor as the LaTeX a docstring writes with doubled backslashes."""
    import grader
    from grader.apps.kit_tool import _public_roots, public_sources, tool_modules

    keys = every_key_of_every_problem()
    assert len(keys) == len(set(course_modules("extended"))) and sum(map(len, keys.values())) > 150
    package = Path(grader.__file__).resolve().parent
    names = sorted({name for course in course_names() for name in tool_modules(_public_roots(public_sources(course)))})
    leaked = {}
    for name in names:
        source = (package / name).read_text(encoding="utf-8")
        text = squeeze(source) + "\n" + squeeze(source.replace("\\\\", "\\"))
        found = sorted(f"{pid}: {key}" for pid, strings in keys.items() for key in strings if key in text)
        if found:
            leaked[name] = found
    assert leaked == {}
