"""Gradescope: the autograder's results.json, and the bundle that installs the grader there.

`results_for(result)` follows Gradescope's autograder specification: the
overall ``score``, ``execution_time``, ``output``, ``stdout_visibility`` and
``tests``, one per graded part (``name``, ``score``, ``max_score``, ``output``,
``visibility``); a problem without parts (missing, not graded, failed) is one
test worth its points.  `run_autograder` never fails: whatever happens, it
writes a results.json that says what went wrong.

`export_bundle` writes the zip Gradescope asks for: ``setup.sh`` (installs
Python and the grader with pip from the bundled source), ``run_autograder``
(calls ``grade gradescope``), the grader's source and, if given, the
instructor's rubric and problem directories (passed on by ``run_autograder``).
"""

from __future__ import annotations

import dataclasses
import importlib
import io
import json
import shlex
import stat
import time
import traceback
import zipfile
from pathlib import Path
from typing import Any, Sequence

from . import __version__
from .files import ensure_writable_dir, write_output
from .i18n import define
from .i18n import render as render_message
from .labels import label
from .models import GradingResult, Message, PartResult, ProblemResult
from .rubric import course_options

DEFAULT_SUBMISSION = Path("/autograder/submission")
DEFAULT_RESULTS = Path("/autograder/results/results.json")

#: The packages of the grader, in the layout a pip install recreates.
PACKAGES = ("grader", "grader.mathparse", "grader.sandbox", "grader.codecheck", "grader.problems", "grader.reference", "grader.templates")
PACKAGE_DATA = (".py", ".j2", ".css", ".txt", ".typed", ".json")


def _number(value: float) -> float:
    return round(float(value), 4)


def _part_output(problem: ProblemResult, part: PartResult, lang: str) -> str:
    from .render import render_result

    # the part's share of the text report: its own lines, in the student's language
    single = GradingResult(submission="", seed=0, problems=(dataclasses.replace(problem, parts=(part,), error=None),))
    text = render_result(single, "text", lang)
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("  ")), len(lines))
    return "\n".join(line[2:] for line in lines[start:]).strip()


def results_for(result: GradingResult, lang: str = "en", execution_time: float | None = None) -> dict[str, Any]:
    """results.json as a dict."""
    tests: list[dict[str, Any]] = []
    for problem in result.problems:
        if problem.parts:
            for part in problem.parts:
                tests.append(
                    {
                        "name": f"{problem.id}: {_part_name(part, lang)}",
                        "score": _number(part.score),
                        "max_score": _number(part.max_score),
                        "output": _part_output(problem, part, lang),
                        "visibility": "visible",
                    }
                )
            if problem.error is not None:
                tests[-1]["output"] += "\n" + render_message(problem.error, lang)
        else:
            tests.append(
                {
                    "name": problem.id,
                    "score": _number(problem.score),
                    "max_score": _number(problem.max_score),
                    "output": render_message(problem.error, lang) if problem.error else label(f"status.{problem.status}", lang),
                    "visibility": "visible",
                }
            )
    summary = [f"{label('total', lang)}: {round(result.score, 2):g} / {round(result.max_score, 2):g}", f"{label('seed', lang)}: {result.seed}"]
    if result.error is not None:
        summary.append(render_message(result.error, lang))
    return {
        "score": _number(result.score),
        "execution_time": int(round(execution_time if execution_time is not None else result.duration_seconds)),
        "output": "\n".join(summary),
        "stdout_visibility": "hidden",
        "tests": tests,
    }


def _part_name(part: PartResult, lang: str) -> str:
    from .render import part_title

    return part_title(part, lang)


def run_autograder(
    submission: Path = DEFAULT_SUBMISSION,
    results: Path = DEFAULT_RESULTS,
    lang: str = "en",
    seed: int | None = None,
    rubric: Path | None = None,
    problem_dirs: Sequence[Path] = (),
    course: str = "default",
) -> dict[str, Any]:
    """Grade the submission and write results.json; never raises for the submission's sake.

    Raises `grader.files.UnwritableOutput` (before grading) if `results` cannot be written.
    """
    started = time.monotonic()
    results = Path(results)
    ensure_writable_dir(results.parent)
    try:
        from .grading import grade_submission

        # grade_submission finds files wrapped in a folder (the shared rule of `find_root`)
        result = grade_submission(Path(submission), seed=seed, options=course_options(rubric, problem_dirs, course))
        data = results_for(result, lang, time.monotonic() - started)
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
/autograder/grader-venv/bin/python -m pip install /autograder/source/{package}
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for every submission; results go to /autograder/results/results.json.
exec /autograder/grader-venv/bin/grade gradescope --submission /autograder/submission --results /autograder/results/results.json --lang {lang}{extra}
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
grade = "grader.cli:main"

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
        directory = Path(module.__file__).parent
        prefix = "/".join(name.split("."))
        for path in sorted(directory.iterdir()):
            if path.is_file() and path.suffix in PACKAGE_DATA and not path.name.startswith("."):
                files[f"{prefix}/{path.name}"] = path.read_bytes()
    files["pyproject.toml"] = PYPROJECT.format(version=__version__, packages=json.dumps(list(PACKAGES))).encode()
    return files


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


def export_bundle(out_zip: Path, lang: str = "en", rubric: Path | None = None, problem_dirs: Sequence[Path] = (), course: str = "default") -> list[str]:
    """Write the Gradescope autograder zip; returns its member names.

    `rubric` and `problem_dirs` (as for ``grade batch``) are bundled and passed to every run.
    Raises `grader.files.UnwritableOutput` if `out_zip` cannot be written.
    """
    package = "grader-src"
    buffer = io.BytesIO()
    members = []
    extra_files, arguments = course_files(rubric, problem_dirs)
    if course != "default":
        arguments += ["--course", course]
    extra = "".join(f" {shlex.quote(a)}" for a in arguments)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        entries = [
            ("setup.sh", SETUP_SH.format(package=package), 0o755),
            ("run_autograder", RUN_AUTOGRADER.format(lang=lang, extra=extra), 0o755),
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

