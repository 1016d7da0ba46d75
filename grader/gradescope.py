"""Gradescope: the autograder's results.json, and the bundle that installs the grader there.

`results_for(result)` follows Gradescope's autograder specification: the
overall ``score``, ``execution_time``, ``output``, ``stdout_visibility`` and
``tests``, one per graded part (``name``, ``score``, ``max_score``, ``output``,
``visibility``); a problem without parts (missing, not graded, failed) is one
test worth its points.  `run_autograder` never fails: whatever happens, it
writes a results.json that says what went wrong.

`export_bundle` writes the zip Gradescope asks for: ``setup.sh`` (installs
Python and the grader with pip from the bundled source), ``run_autograder``
(calls ``grade gradescope``) and the grader's source.
"""

from __future__ import annotations

import dataclasses
import importlib
import io
import json
import stat
import time
import traceback
import zipfile
from pathlib import Path
from typing import Any

from . import __version__
from .files import write_atomic
from .i18n import define
from .i18n import render as render_message
from .labels import label
from .models import GradingResult, Message, PartResult, ProblemResult

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


def find_submission_root(directory: Path) -> Path:
    """Gradescope unpacks uploads as they come: descend into a lone folder holding the files."""
    from .zipsafe import submission_root

    return submission_root(directory) if directory.is_dir() else directory


def run_autograder(submission: Path = DEFAULT_SUBMISSION, results: Path = DEFAULT_RESULTS, lang: str = "en", seed: int | None = None) -> dict[str, Any]:
    """Grade the submission and write results.json; never raises for the submission's sake."""
    started = time.monotonic()
    try:
        from .grading import grade_submission

        root = find_submission_root(Path(submission))
        result = grade_submission(root, seed=seed)
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
    write_atomic(results, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return data


SETUP_SH = """#!/usr/bin/env bash
# Gradescope runs this once when the autograder image is built.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
if ! command -v python3 >/dev/null || ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 10))'; then
    apt-get update
    apt-get install -y python3 python3-pip python3-venv
fi
python3 -m venv /autograder/grader-venv
/autograder/grader-venv/bin/python -m pip install --upgrade pip
/autograder/grader-venv/bin/python -m pip install /autograder/source/{package}
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for every submission; results go to /autograder/results/results.json.
exec /autograder/grader-venv/bin/grade gradescope --submission /autograder/submission --results /autograder/results/results.json --lang {lang}
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


def export_bundle(out_zip: Path, lang: str = "en") -> list[str]:
    """Write the Gradescope autograder zip; returns its member names."""
    package = "grader-src"
    buffer = io.BytesIO()
    members = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text, mode in (
            ("setup.sh", SETUP_SH.format(package=package), 0o755),
            ("run_autograder", RUN_AUTOGRADER.format(lang=lang), 0o755),
        ):
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFREG | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text)
            members.append(name)
        for path, data in source_files().items():
            info = zipfile.ZipInfo(f"{package}/{path}")
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
            members.append(info.filename)
    write_atomic(out_zip, buffer.getvalue())
    return members


define(
    {
        "gradescope.failed": (
            "The autograder failed ({error}); your submission was not graded. Please tell the course staff.",
            "自动评分程序出错（{error}），你的提交未被评分。请告知助教。",
        ),
    }
)

