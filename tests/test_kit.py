"""The student kit: starter files, public cases without solutions, the offline self-check, init."""

import ast
import importlib.util
import inspect
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.apps.cli import main
from grader.apps.kit import STUBS, KitError, check_submission, export_student_kit, init_submission, render_check
from grader.course.course import code_modules, known_files, load_course
from grader.reading.answers_md import read_answers_document

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    directory = tmp_path_factory.mktemp("kit")
    export_student_kit(directory)
    return directory


def without_docstrings(source: str) -> str:
    """A module's code without its docstrings (they quote the public contract's formulas), and a
    problem's starter file (its public spec's ``STUB``, a starter/ file of the kit) without its own."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            node.body = body[1:] or [ast.Pass()]
        if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == ["STUB"]:
            node.value = ast.Constant(without_docstrings(node.value.value))
    return ast.unparse(tree)


def kit_text(kit: Path, docstrings: bool = True) -> str:
    """Everything in the kit as text, the arrays included as their printed numbers."""
    import numpy as np

    parts = []
    for path in sorted(kit.rglob("*")):
        if path.suffix == ".py" and not docstrings:
            parts.append(without_docstrings(path.read_text(encoding="utf-8")))
        elif path.suffix == ".npz":
            with np.load(path, allow_pickle=False) as arrays:
                parts.extend(np.array2string(arrays[k], threshold=10**6) for k in arrays.files)
        elif path.is_file():
            parts.append(path.read_text(encoding="utf-8"))
    return "\n".join(parts)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def reference_bodies():
    """Every statement line of the reference implementations that is specific enough to recognize."""
    import grader.reference

    lines = set()
    for path in Path(grader.reference.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                for statement in node.body:
                    if isinstance(statement, ast.Expr) and isinstance(getattr(statement, "value", None), ast.Constant):
                        continue  # a docstring: the contract's words may rightly be in the stubs
                    source = squeeze(ast.unparse(statement))
                    if len(source) >= 24 and "NotImplementedError" not in source:
                        lines.add(source)
    return lines


def expected_answers():
    answers = set()
    for problem in load_course():
        for answer in getattr(problem, "answers", ()):
            answers.update(answer.accepted)
        derivation = getattr(problem, "derivation", None)
        if derivation is not None:
            answers.update(derivation.goals)
        for mistake in getattr(problem, "mistakes", ()):
            answers.update(mistake.written)
    return {squeeze(a) for a in answers if len(squeeze(a)) >= 6}


def test_the_kit_holds_no_reference_source(kit):
    text = squeeze(kit_text(kit, docstrings=False))
    bodies = reference_bodies()
    assert len(bodies) > 30
    leaked = [b for b in bodies if b in text]
    assert leaked == []
    assert "importgrader.reference" not in text and "defaffine_forward(x,w,b):\nout" not in text


def test_the_kit_holds_no_expected_answer_expression(kit):
    text = squeeze(kit_text(kit))
    answers = expected_answers()
    assert len(answers) >= 8
    assert [a for a in answers if a in text] == []
    for fragment in (r"\frac{\lambda_i}{\lambda_i+\alpha}", r"\sqrt{\frac{6}{n_{in}+n_{out}}}", "y_i-Y_i", r"(H+\alphaI)^{-1}",
                     "lambda_i/(lambda_i + alpha)", r"\frac{\alpha}{\lambda_i + \alpha}", r"\frac{2}{n}", "Y_i - y_i"):
        assert squeeze(fragment) not in text


def code_problem_bodies(kept=("strip_bias",)):
    """Statement lines of the code problems' modules (their plans make the hidden inputs), but the
    adapters the kit's tool must copy to read equivalent forms (`strip_bias`)."""
    import grader.problems

    lines = set()
    for name in code_modules("default"):  # the course of the `kit` fixture
        tree = ast.parse((Path(grader.problems.__file__).parent / f"{name}.py").read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name not in kept:
                for statement in node.body:
                    source = squeeze(ast.unparse(statement))
                    if len(source) >= 30 and not isinstance(statement, ast.Expr):
                        lines.add(source)
    return lines


def test_the_whole_kit_including_its_tool_holds_no_solution_and_no_hidden_input_maker(kit):
    files = {str(p.relative_to(kit)) for p in kit.rglob("*") if p.is_file()}
    assert "tool/check.py" in files and any(f.startswith("tool/grader/kit_public/") for f in files)
    assert not any("/reference/" in f or "/problems/" in f or f.endswith("mutants.py") for f in files)
    text = squeeze(kit_text(kit, docstrings=False))
    bodies = code_problem_bodies()
    assert len(bodies) > 20
    assert [b for b in bodies if b in text] == []
    for word in ("Mistake(", "accepted=", "goals=(r", "importgrader.reference", "fromgrader.referenceimport", "grader.problems.backprop"):
        assert squeeze(word) not in text


def test_the_kit_has_starter_files_and_public_numbers_only(kit):
    assert sorted(p.name for p in (kit / "starter").iterdir()) == sorted(["answers.md", *STUBS])
    index = json.loads((kit / "public" / "cases.json").read_text())
    assert {p["module"] for p in index["problems"]} == {"backprop", "batchnorm", "perceptron", "optimizers"}
    assert all(p["cases"] for p in index["problems"])
    document = read_answers_document((kit / "starter" / "answers.md").read_text())
    assert [s.id for s in document.sections] == ["mle-mse", "ce-mle", "softmax-ce-grad", "l2-shrinkage", "xavier-variance"]
    assert [a.label for a in document.section("l2-shrinkage").answers] == ["a", "b"]


def test_starter_stubs_define_every_contract_function_and_raise_not_implemented(tmp_path):
    init_submission(tmp_path)
    for name in STUBS:
        spec = importlib.util.spec_from_file_location(name[:-3], tmp_path / name)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        functions = [f for _, f in inspect.getmembers(module, inspect.isfunction) if f.__module__ == module.__name__]
        assert functions and all(f.__doc__ for f in functions)
        with pytest.raises(NotImplementedError):
            functions[0](*([None] * len(inspect.signature(functions[0]).parameters)))
    names = {n for text in STUBS.values() for n in re.findall(r"^def (\w+)", text, re.MULTILINE)}
    assert len(names) == 11 + 4 + 2 + 7


def test_a_correct_submission_passes_every_public_check(kit):
    result = check_submission(EXAMPLES / "good", kit)
    text = render_check(result, "en")
    passed, failed = result.counts()
    assert failed == 0 and passed > 60, text
    assert "All public checks passed" in text and "all tests passed" not in text.lower()
    assert "graded by the instructor" in text


def test_a_typical_submission_sees_its_failing_checks_and_invalid_lines(kit):
    result = check_submission(EXAMPLES / "typical", kit)
    text = render_check(result, "zh")
    assert result.counts()[1] > 5
    assert "公开检查中有" in text and "✗ 第 3 行" in text and "反例" in text
    functions = {f.name: f.passed for p in result.code for f in p.functions}
    assert functions["relu_backward"] is False and functions["adam"] is False and functions["sgd"] is True


def test_init_creates_a_starter_submission_and_keeps_existing_files(tmp_path):
    (tmp_path / "answers.md").write_text("mine")
    done = CliRunner().invoke(main, ["init", str(tmp_path)])
    assert done.exit_code == 0, done.output
    assert (tmp_path / "answers.md").read_text() == "mine"
    assert (tmp_path / "backprop.py").read_text() == STUBS["backprop.py"]


def test_check_works_without_the_reference_and_fails_clearly_on_the_starter(kit, tmp_path):
    """A student's copy may lack grader.reference: the self-check must not need it."""
    init_submission(tmp_path / "sub")
    code = (
        "import sys; sys.modules['grader.reference'] = None\n"
        "from grader.apps.cli import main\n"
        "main(['check', sys.argv[1], '--kit', sys.argv[2]])\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(tmp_path / "sub"), str(kit)], capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 1, proc.stderr[-3000:]
    assert "NotImplementedError" in proc.stdout
    assert "public checks failed" in proc.stdout
    assert "Answer: cannot be read" in proc.stdout or "No answer line" in proc.stdout


def test_check_with_a_missing_kit_says_so(tmp_path):
    done = CliRunner().invoke(main, ["check", str(tmp_path), "--kit", str(tmp_path / "nokit")])
    assert done.exit_code == 2 and "not a student kit" in done.output


def test_check_of_a_path_that_is_not_a_directory_is_a_usage_error(kit, tmp_path):
    (tmp_path / "file.md").write_text("## mle-mse\n")
    for path in (tmp_path / "nope", tmp_path / "file.md"):
        done = CliRunner().invoke(main, ["check", str(path), "--kit", str(kit)])
        assert done.exit_code == 2, done.output
        assert "is not a directory" in done.output and "passed" not in done.output
    with pytest.raises(KitError):
        check_submission(tmp_path / "nope", kit)


def test_check_finds_files_wrapped_in_a_folder_as_the_grader_does(kit, tmp_path):
    wrapped = tmp_path / "upload" / "my-homework"
    wrapped.mkdir(parents=True)
    for path in (EXAMPLES / "good").iterdir():
        (wrapped / path.name).write_bytes(path.read_bytes())
    (tmp_path / "upload" / "__MACOSX").mkdir()
    result = check_submission(tmp_path / "upload", kit)
    passed, failed = result.counts()
    assert failed == 0 and passed > 60 and result.submission == str(tmp_path / "upload")


def test_the_kit_knows_the_files_of_its_course_from_its_index(kit, extended_kit):
    # the tool holds no course: the files by which it finds a wrapped submission come from the kit's index
    from grader.apps.kit_check import kit_files, load_kit

    assert kit_files(load_kit(kit)[0]) == known_files()
    assert kit_files(load_kit(extended_kit)[0]) == known_files("extended")
    # its README names the course's files
    assert "(backprop.py, batchnorm.py, perceptron.py, optimizers.py)" in (kit / "README.md").read_text(encoding="utf-8")
    assert "optimizers.py, dropout.py）" in (extended_kit / "README.md").read_text(encoding="utf-8")


def test_a_backward_pass_whose_forward_pass_fails_is_not_decided_as_the_grader_would_have_it(kit):
    """The grader checks batchnorm_backward on the student's own cache (3/3 for examples/typical):
    the kit must not call it wrong because the forward pass that made the cache is wrong."""
    result = check_submission(EXAMPLES / "typical", kit)
    functions = {f.name: f for p in result.code for f in p.functions}
    assert functions["batchnorm_forward"].passed is False
    backward = functions["batchnorm_backward"]
    assert backward.passed is None and backward.checks
    assert {c.status for c in backward.checks} <= {"passed", "undecided"} and any(c.status == "undecided" for c in backward.checks)
    assert all(c.upstream == "batchnorm_forward" for c in backward.checks if c.status == "undecided")
    undecided = result.undecided()
    passed, failed = result.counts()
    total = sum(len(f.checks) for p in result.code for f in p.functions) + sum(
        len(p.lines) + len(p.answers) for p in result.derivations)
    assert passed + failed + undecided == total and undecided >= 2
    text = render_check(result, "en")
    assert "not decided" in text and "depends on your batchnorm_forward" in text and "fix that first" in text
    assert "batchnorm_backward returned wrong values" not in text
    assert "未判定" in render_check(result, "zh")


def test_the_grader_gives_the_undecided_backward_pass_full_marks():
    from grader.grading.pipeline import grade_submission

    report = grade_submission(EXAMPLES / "typical")
    part = next(part for problem in report.problems for part in problem.parts if part.id == "batchnorm_backward")
    assert part.score == part.max_score


@pytest.fixture(scope="module")
def numpy_sympy_only(tmp_path_factory):
    """A directory holding only NumPy, SymPy (and mpmath, SymPy's dependency), as links."""
    import mpmath
    import numpy
    import sympy

    where = tmp_path_factory.mktemp("numpy-sympy-only")
    for module in (numpy, sympy, mpmath):
        package = Path(module.__file__).resolve().parent
        (where / package.name).symlink_to(package)
        libs = package.parent / f"{package.name}.libs"
        if libs.is_dir():
            (where / libs.name).symlink_to(libs)
    return where


def run_tool(kit, numpy_sympy_only, *args):
    """Python without site (-S -s), with only NumPy and SymPy on its path, in the kit's folder."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(numpy_sympy_only), "PYTHONNOUSERSITE": "1"}
    return subprocess.run([sys.executable, "-s", "-S", *args], cwd=kit, env=env, capture_output=True, text=True, timeout=300, check=False)


def test_the_kit_tool_runs_with_numpy_and_sympy_only(kit, numpy_sympy_only):
    probe = (
        "import sys; sys.path.insert(0, 'tool'); import grader, importlib.util as u; print(grader.__file__);"
        "print([m for m in ('jinja2', 'click', 'grader.reference', 'grader.problems', 'grader.course.course', 'grader.presentation.render') if u.find_spec(m)])"
    )
    done = run_tool(kit, numpy_sympy_only, "-c", probe)
    assert done.returncode == 0, done.stderr[-3000:]
    where, found = done.stdout.splitlines()
    assert Path(where).resolve().is_relative_to(Path(kit).resolve() / "tool") and found == "[]"
    assert "/work/main" not in done.stdout or str(kit).startswith("/work/main")

    good = run_tool(kit, numpy_sympy_only, "tool/check.py", str(EXAMPLES / "good"))
    assert good.returncode == 0, good.stdout[-3000:] + good.stderr[-3000:]
    assert "All public checks passed" in good.stdout and "public checks" in good.stdout
    assert "✗" not in good.stdout and "all tests passed" not in good.stdout.lower()
    assert good.stdout.replace(str(EXAMPLES / "good"), "SUB") == render_check(check_submission(EXAMPLES / "good", kit)).replace(str(EXAMPLES / "good"), "SUB")

    typical = run_tool(kit, numpy_sympy_only, "tool/check.py", str(EXAMPLES / "typical"), "--lang", "en")
    assert typical.returncode == 1, typical.stderr[-3000:]
    assert "public checks failed" in typical.stdout and "all tests passed" not in typical.stdout.lower()
    assert "✗ relu_backward" in typical.stdout and "✗ Line 3" in typical.stdout and "not decided" in typical.stdout
    assert typical.stdout == render_check(check_submission(EXAMPLES / "typical", kit))

    zh = run_tool(kit, numpy_sympy_only, "tool/check.py", str(EXAMPLES / "typical"), "--lang", "zh")
    assert "公开检查中有" in zh.stdout and "反例" in zh.stdout

    missing = run_tool(kit, numpy_sympy_only, "tool/check.py", str(EXAMPLES / "typical"), "--kit", "nokit")
    assert missing.returncode == 2 and "not a student kit" in missing.stderr


# -- the extended course: dropout.py, graded by properties, checked by the kit with the grader's judges --

EXTENDED = EXAMPLES / "extended"

NOT_INVERTED_DROPOUT = (
    "import numpy as np\n"
    "def dropout_forward(x, dropout_param):\n"
    "    if dropout_param['mode'] == 'test':\n"
    "        return x, None\n"
    "    rng = np.random.default_rng(dropout_param.get('seed'))\n"
    "    mask = rng.random(x.shape) < dropout_param.get('p', 0.5)\n"
    "    return x * mask, mask\n"
    "def dropout_backward(dout, cache):\n"
    "    return dout * cache\n"
)

BROKEN_FORWARD_DROPOUT = (
    "def dropout_forward(x, dropout_param):\n"
    "    raise ValueError('not yet')\n"
    "def dropout_backward(dout, cache):\n"
    "    return dout\n"
)


@pytest.fixture(scope="module")
def extended_kit(tmp_path_factory):
    directory = tmp_path_factory.mktemp("extended-kit")
    export_student_kit(directory, course="extended")
    return directory


def _with_dropout(tmp_path, source):
    import shutil

    submission = tmp_path / "sub"
    shutil.copytree(EXTENDED, submission)
    (submission / "dropout.py").write_text(source, encoding="utf-8")
    return submission


def _dropout(result):
    return next(p for p in result.code if p.problem == "dropout")


def test_the_extended_kit_publishes_dropout_calls_but_no_expected_values_and_no_plan_builder(extended_kit):
    index = json.loads((extended_kit / "public" / "cases.json").read_text())
    dropout = next(p for p in index["problems"] if p["id"] == "dropout")
    assert dropout["cases"] == [] and dropout["calls"]
    assert dropout["properties"]["judges"] == "dropout"
    assert {"default", "p_high", "test", "back_a"} <= set(dropout["properties"]["cases"])
    judges = (extended_kit / "tool" / "grader" / "kit_public" / "p_dropout.py").read_text()
    assert "def build" not in judges and "def _signal" not in judges and "CHECKS = (" in judges
    import grader.problems.dropout as module

    build = next(n for n in ast.parse(inspect.getsource(module)).body if isinstance(n, ast.FunctionDef) and n.name == "build")
    text = squeeze(kit_text(extended_kit, docstrings=False))
    bodies = [squeeze(ast.unparse(s)) for s in build.body if len(squeeze(ast.unparse(s))) >= 30]
    assert bodies and [b for b in bodies if b in text] == []
    # the default course's scans hold for the extended kit too
    assert [b for b in reference_bodies() if b in text] == []
    assert [b for b in code_problem_bodies() if b in text] == []


def test_the_extended_kit_checks_dropout_by_its_properties(extended_kit, tmp_path):
    good = _dropout(check_submission(EXTENDED, extended_kit))
    assert [f.name for f in good.functions] == ["dropout_forward", "dropout_backward"]
    assert all(f.passed is True and f.checks for f in good.functions)
    assert len([c for f in good.functions for c in f.checks]) == 6

    wrong = check_submission(_with_dropout(tmp_path, NOT_INVERTED_DROPOUT), extended_kit)
    forward = _dropout(wrong).functions[0]
    assert forward.passed is False
    failed = [c for c in forward.checks if not c.passed]
    assert [c.name.key for c in failed] == ["property.group.values"]
    assert failed[0].message.key == "property.dropout.entry" and failed[0].hint.key == "mistake.dropout_forward.not_inverted"
    text = render_check(wrong)
    assert "✗ dropout_forward" in text and "inverted dropout divides the kept entries by p" in text
    assert "保留的元素没有缩放" in render_check(wrong, "zh")
    assert wrong.counts()[1] >= 1


def test_a_dropout_backward_whose_forward_fails_is_not_decided(extended_kit, tmp_path):
    result = check_submission(_with_dropout(tmp_path, BROKEN_FORWARD_DROPOUT), extended_kit)
    forward, backward = _dropout(result).functions
    assert forward.passed is False
    assert backward.passed is None and all(c.upstream == "dropout_forward" for c in backward.checks if not c.passed)
    assert result.undecided() >= 1 and "not decided" in render_check(result)


def test_the_extended_kit_tool_checks_dropout_with_numpy_and_sympy_only(extended_kit, numpy_sympy_only, tmp_path):
    wrong = _with_dropout(tmp_path, NOT_INVERTED_DROPOUT)
    done = run_tool(extended_kit, numpy_sympy_only, "tool/check.py", str(wrong))
    assert done.returncode == 1, done.stderr[-3000:]
    assert "✗ dropout_forward" in done.stdout and "inverted dropout divides" in done.stdout
    assert done.stdout == render_check(check_submission(wrong, extended_kit))  # `grade check --kit` says the same
    assert "perceptron-convergence" in done.stdout
    good = run_tool(extended_kit, numpy_sympy_only, "tool/check.py", str(EXTENDED))
    assert good.returncode == 0 and "✓ dropout_backward" in good.stdout, good.stdout[-3000:] + good.stderr[-3000:]


def test_the_kit_tool_holds_every_grader_module_its_modules_import_at_load_time():
    """The tool's modules are derived from the import graph; a module a listed one imports at module
    level and the list lacked (free_letters.py once, when the list was kept by hand) breaks the kit's
    self-check only when a student runs it."""
    import ast
    from pathlib import Path

    import grader
    from grader.apps.kit_tool import _public_roots, public_sources, tool_modules

    package = Path(grader.__file__).parent
    listed = set(tool_modules(_public_roots(public_sources("extended"))))
    missing = set()
    for name in sorted(listed):
        source = package / name
        for node in ast.parse(source.read_text(encoding="utf-8")).body:  # module level only: local imports are guarded
            if not isinstance(node, ast.ImportFrom) or not node.level:
                continue
            base = source.parent
            for _ in range(node.level - 1):
                base = base.parent
            parts = (node.module or "").split(".") if node.module else []
            targets = [base.joinpath(*parts)] if parts else [base / alias.name for alias in node.names]
            for target in targets:
                for candidate in (target.with_suffix(".py"), target / "__init__.py"):
                    if candidate.is_file() and package in candidate.parents:
                        relative = candidate.relative_to(package).as_posix()
                        if relative not in listed and relative != "__init__.py":
                            missing.add(f"{name} imports {relative}")
    assert not missing, sorted(missing)
