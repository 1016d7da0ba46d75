"""Gradescope: the autograder's results.json, and the bundle that installs the grader there.

`results_for(result)` follows Gradescope's autograder specification: the
overall ``score``, ``execution_time``, ``output``, ``stdout_visibility`` and
``tests``, one per graded part (``name``, ``score``, ``max_score``, ``output``,
``visibility``); a problem without parts (missing, not graded, failed) is one
test worth its points.  `run_autograder` never fails: whatever happens, it
writes a results.json that says what went wrong.

The tests of code problems show the hidden cases' inputs and expected values:
their ``visibility`` is "after_due_date" by default (`hidden_visibility`), so
that students cannot collect the hidden cases before the deadline.  The
overall ``output`` and ``extra_data`` state the sandbox's isolation level and
the protections that were in force.

`export_bundle` writes the zip Gradescope asks for: ``setup.sh`` (installs
Python and the grader with pip from the bundled source, its dependencies
pinned to the versions of the exporting machine, then makes the grader's
files unreadable to other users, the sandbox's uid among them),
``run_autograder`` (calls ``grade gradescope``), the grader's source and, if
given, the instructor's rubric and problem directories (passed on by
``run_autograder``).
"""

from __future__ import annotations

import importlib
import io
import json
import os
import shlex
import stat
import time
import traceback
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import grader
from grader import __version__
from grader.course.rubric import course_options
from grader.presentation.labels import label, protections_text
from grader.reading.files import ensure_writable_dir, write_output
from grader.results import formatting
from grader.results.i18n import define
from grader.results.i18n import render as render_message
from grader.results.models import GRADED, GradingResult, Message, PartResult, ProblemResult

AUTOGRADER = Path("/autograder")
DEFAULT_SUBMISSION = AUTOGRADER / "submission"
DEFAULT_RESULTS = AUTOGRADER / "results" / "results.json"
#: Gradescope's visibilities of a test; hidden checks default to the second.
VISIBILITIES = ("visible", "after_due_date", "after_published", "hidden")
HIDDEN_VISIBILITY = "after_due_date"
#: The grader's dependencies, pinned in the bundle to the versions installed where it is exported.
PINNED = ("sympy", "mpmath", "numpy", "jinja2", "markupsafe", "click")


class NotGradescope(Exception):
    """`grade gradescope` with Gradescope's default paths on a machine that is not Gradescope."""

#: The packages of the grader, in the layout a pip install recreates.
def _packages() -> tuple[str, ...]:
    """Every package of the grader found on disk (a new one can never be left out of the bundle),
    then the three that live beside grader/ in a checkout."""
    root = Path(grader.__file__).resolve().parent
    found = sorted(
        ".".join(("grader", *path.parent.relative_to(root).parts))
        for path in root.rglob("__init__.py")
        if "__pycache__" not in path.parts and path.parent != root
    )
    # installed, problems/ reference/ templates/ are among `found` already: each listed once
    return tuple(dict.fromkeys(("grader", *found, "grader.problems", "grader.reference", "grader.templates")))


PACKAGES = _packages()
PACKAGE_DATA = (".py", ".j2", ".css", ".txt", ".typed", ".json")


def _part_output(problem: ProblemResult, part: PartResult, lang: str) -> str:
    from grader.presentation.render import render_part_text

    # the part's share of the text report: its own lines, in the student's language
    return render_part_text(problem, part, lang)


def _problem_tests(problem: ProblemResult, lang: str, hidden_visibility: str) -> list[dict[str, Any]]:
    """The problem's tests: one per graded part (the problem's error said under the last), or one
    for the whole problem when it has no parts (missing, not graded, failed)."""
    tests: list[dict[str, Any]]
    if problem.parts:
        tests = [
            {
                "name": f"{problem.id}: {_part_name(part, lang)}",
                "score": formatting.json_number(part.score, gradescope=True),
                "max_score": formatting.json_number(part.max_score, gradescope=True),
                "output": _part_output(problem, part, lang),
                "visibility": "visible",
            }
            for part in problem.parts
        ]
        if problem.error is not None:
            tests[-1]["output"] += "\n" + render_message(problem.error, lang)
    else:
        tests = [
            {
                "name": problem.id,
                "score": formatting.json_number(problem.score, gradescope=True),
                "max_score": formatting.json_number(problem.max_score, gradescope=True),
                "output": render_message(problem.error, lang) if problem.error else label(f"status.{problem.status}", lang),
                "visibility": "visible",
            }
        ]
    if problem.kind == "code" and problem.status == GRADED:  # a missing file's message hides nothing
        for test in tests:
            test["visibility"] = hidden_visibility
    return tests


def _summary(result: GradingResult, lang: str) -> str:
    """The overall output: the total, the seed, the isolation and its protections, a failure of the whole grading."""
    summary = [f"{label('total', lang)}: {formatting.number(result.score)} / {formatting.number(result.max_score)}", f"{label('seed', lang)}: {result.seed}",
               f"{label('isolation', lang)}: {result.isolation or label('isolation.none', lang)}"]
    details = result.isolation_details
    if details:
        line, weaker = protections_text(details, lang)
        summary.append(line)
        summary.extend(f"{label('protections.weaker', lang)}: {sentence}" for sentence in weaker)
    if result.error is not None:
        summary.append(render_message(result.error, lang))
    return "\n".join(summary)


def results_for(result: GradingResult, lang: str = "en", execution_time: float | None = None,
                hidden_visibility: str = HIDDEN_VISIBILITY) -> dict[str, Any]:
    """results.json as a dict; the tests of code problems (hidden cases: inputs and expected values)
    get `hidden_visibility`."""
    if hidden_visibility not in VISIBILITIES:
        raise ValueError(f"visibility must be one of {', '.join(VISIBILITIES)}, not {hidden_visibility!r}")
    details = result.isolation_details
    return {
        "score": formatting.json_number(result.score, gradescope=True),
        "execution_time": int(round(execution_time if execution_time is not None else result.duration_seconds)),
        "output": _summary(result, lang),
        "stdout_visibility": "hidden",
        "tests": [test for problem in result.problems for test in _problem_tests(problem, lang, hidden_visibility)],
        "extra_data": {"isolation": result.isolation, "isolation_details": dict(details) if details else None},
    }


def _part_name(part: PartResult, lang: str) -> str:
    from grader.presentation.render import part_title

    return part_title(part, lang)


def run_autograder(
    submission: Path = DEFAULT_SUBMISSION,
    results: Path = DEFAULT_RESULTS,
    lang: str = "en",
    seed: int | None = None,
    rubric: Path | None = None,
    problem_dirs: Sequence[Path] = (),
    hidden_visibility: str = HIDDEN_VISIBILITY,
    course: str = "default",
) -> dict[str, Any]:
    """Grade the submission and write results.json; never raises for the submission's sake.

    Raises `grader.reading.files.UnwritableOutput` (before grading) if `results` cannot be written, and
    `NotGradescope` if `results` lies under /autograder on a machine that has none (it is not created).
    """
    started = time.monotonic()
    results = Path(results)
    if _under(results, AUTOGRADER) and not AUTOGRADER.is_dir():
        raise NotGradescope(f"{AUTOGRADER} does not exist: this is not Gradescope; give --submission and --results")
    ensure_writable_dir(results.parent)
    try:
        from grader.apps.course_notebooks import course_notebook_reading
        from grader.grading.pipeline import grade_submission
        from grader.reading.notebook import with_notes

        # grade_submission finds files wrapped in a folder (the shared rule of `find_root`); a
        # notebook's cells are read as the contract's files (never run here), as in `grade batch`
        with course_notebook_reading(Path(submission), tuple(str(d) for d in problem_dirs), course) as reading:
            result = with_notes(grade_submission(reading.folder, seed=seed, options=course_options(rubric, problem_dirs, course)), reading)
        data = results_for(result, lang, time.monotonic() - started, hidden_visibility)
    except Exception as exc:  # results.json must exist, or Gradescope shows a bare failure
        traceback.print_exc()
        message = Message("gradescope.failed", {"error": f"{type(exc).__name__}: {exc}"[:300]})
        data = {
            "score": 0,
            "execution_time": int(round(time.monotonic() - started)),
            "output": render_message(message, lang),
            "stdout_visibility": "hidden",
            "tests": [],
        }
    write_output(results, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return data


def _under(path: Path, directory: Path) -> bool:
    try:
        Path(os.path.abspath(path)).relative_to(directory)
        return True
    except ValueError:
        return False


SETUP_SH = """#!/usr/bin/env bash
# Gradescope runs this once when the autograder image is built.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
# Gradescope's base image (Ubuntu 22.04) has no venv module until python3-venv is installed.
apt-get update
apt-get install -y python3 python3-venv python3-pip
PYTHON=python3
if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 10))'; then
    # an older image (Ubuntu 20.04 has Python 3.8): the grader needs 3.10, from the deadsnakes PPA
    apt-get install -y software-properties-common
    add-apt-repository -y ppa:deadsnakes/ppa
    apt-get update
    apt-get install -y python3.10 python3.10-venv
    PYTHON=python3.10
fi
"$PYTHON" -m venv /autograder/grader-venv
/autograder/grader-venv/bin/python -m pip install --upgrade pip
# the dependencies at the versions the grader was exported with (constraints.txt)
/autograder/grader-venv/bin/python -m pip install -c /autograder/source/{package}/constraints.txt /autograder/source/{package}
# Student code runs under a uid of its own: it must read Python and NumPy, and nothing of the grader
# (its package holds the reference and the problems' answers), the bundle or the instructor's files.
GRADER_DIR=$(/autograder/grader-venv/bin/python -c 'import grader, os; print(os.path.dirname(os.path.realpath(grader.__file__)))')
chmod -R go-rwx "$GRADER_DIR" /autograder/source
chmod 0711 /autograder
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for every submission; results go to /autograder/results/results.json.
# Student code runs under a uid of its own, which may pass through /autograder: the metadata (the
# student's earlier submissions with their results, hidden tests included) is for the grader alone,
# also where Landlock is not there to narrow what the child reads.
chmod go-rwx /autograder/submission_metadata.json 2>/dev/null || true
exec /autograder/grader-venv/bin/grade gradescope --submission /autograder/submission --results /autograder/results/results.json --lang {lang} --hidden-visibility {visibility}{extra}
"""

PYPROJECT = """[build-system]
requires = ["setuptools>=64", "wheel"]
build-backend = "setuptools.build_meta"

[project]
name = "grader"
version = "{version}"
requires-python = ">=3.10"
dependencies = ["sympy>=1.12", "numpy>=1.24", "jinja2>=3.1", "click>=8.1"]

[project.scripts]
grade = "grader.apps.cli:main"

[tool.setuptools]
packages = {packages}

[tool.setuptools.package-data]
"*" = ["*.j2", "*.css", "*.txt", "*.json", "py.typed"]
"""


def source_files() -> dict[str, bytes]:
    """The grader's installable source as {path in the bundle: bytes}, in the standard layout.

    Read from wherever the packages are imported from, so the bundle is the
    grader that is running (an editable checkout or an installed copy).
    """
    files: dict[str, bytes] = {}
    for name in PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        assert module.__file__ is not None, f"{name} is a package with an __init__.py"
        directory = Path(module.__file__).parent
        prefix = "/".join(name.split("."))
        for path in sorted(directory.iterdir()):
            if path.is_file() and path.suffix in PACKAGE_DATA and not path.name.startswith("."):
                files[f"{prefix}/{path.name}"] = path.read_bytes()
    files["pyproject.toml"] = PYPROJECT.format(version=__version__, packages=json.dumps(list(PACKAGES))).encode()
    files["constraints.txt"] = "".join(f"{name}=={version}\n" for name, version in pinned_versions().items()).encode()
    return files


def pinned_versions() -> dict[str, str]:
    """The versions of the grader's dependencies installed here (what the tests ran with)."""
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in PINNED:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            continue
    return found


#: Where Gradescope unpacks the bundle.
SOURCE = "/autograder/source"
RUBRIC_MEMBER = "rubric.json"
PROBLEMS_MEMBER = "problems"


def course_files(rubric: Path | None = None, problem_dirs: Sequence[Path] = ()) -> tuple[dict[str, bytes], list[str]]:
    """The instructor's rubric and problem directories as {member: bytes}, and the options of
    ``grade gradescope`` that name them where Gradescope unpacks the bundle."""
    files: dict[str, bytes] = {}
    arguments: list[str] = []
    if rubric is not None:
        files[RUBRIC_MEMBER] = Path(rubric).read_bytes()
        arguments += ["--rubric", f"{SOURCE}/{RUBRIC_MEMBER}"]
    for number, directory in enumerate(problem_dirs):
        directory = Path(directory)
        folder = f"{PROBLEMS_MEMBER}/{number}-{directory.resolve().name or 'problems'}"
        for path in sorted(directory.rglob("*")):
            relative = path.relative_to(directory)
            if any(part.startswith(".") or part == "__pycache__" for part in relative.parts) or path.suffix == ".pyc":
                continue
            if path.is_file():
                files[f"{folder}/{relative.as_posix()}"] = path.read_bytes()
        arguments += ["--problems", f"{SOURCE}/{folder}"]
    return files, arguments


def export_bundle(out_zip: Path, lang: str = "en", rubric: Path | None = None, problem_dirs: Sequence[Path] = (),
                  hidden_visibility: str = HIDDEN_VISIBILITY, course: str = "default") -> list[str]:
    """Write the Gradescope autograder zip; returns its member names.

    `rubric` and `problem_dirs` (as for ``grade batch``) are bundled and passed to every run.
    Raises `grader.reading.files.UnwritableOutput` if `out_zip` cannot be written.
    """
    package = "grader-src"
    buffer = io.BytesIO()
    members = []
    extra_files, arguments = course_files(rubric, problem_dirs)
    if course != "default":
        arguments += ["--course", course]
    extra = "".join(f" {shlex.quote(a)}" for a in arguments)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        entries: list[tuple[str, str | bytes, int]] = [
            ("setup.sh", SETUP_SH.format(package=package), 0o755),
            ("run_autograder", RUN_AUTOGRADER.format(lang=lang, visibility=hidden_visibility, extra=extra), 0o755),
            *((f"{package}/{path}", data, 0o644) for path, data in source_files().items()),
            *((name, data, 0o644) for name, data in extra_files.items()),
        ]
        for name, data, mode in entries:
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFREG | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
            members.append(name)
    write_output(out_zip, buffer.getvalue())
    return members


define(
    {
        "gradescope.failed": (
            "The autograder failed ({error}); your submission was not graded. Please tell the course staff.",
            "自动评分程序出错（{error}），你的提交未被评分。请告知助教。",
        ),
    }
)

