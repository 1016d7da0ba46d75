"""Measurements that need a fresh process of their own; each prints one JSON object.

    python bench/probe.py exec -- COMMAND...     wall time, exit code, peak RSS of the process
                                                 and of the largest process in its tree
    python bench/probe.py sandbox SUBMISSION     peak RSS of a grader (this process) and of its sandbox child
    python bench/probe.py code ROOT              grade the code half only of every submission of ROOT,
                                                 one after another in this cold process
    python bench/probe.py naive ROOT             the naive baseline on the same submissions (benchmark only)
    python bench/probe.py persistent ROOT OUT K N  a reference point: one long-lived warm worker grading (and writing
                                                 the reports of) every N-th submission of ROOT from the K-th

Peak RSS comes from the kernel's accounting (getrusage / wait4, ru_maxrss in KiB on Linux).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _mib(kib: int) -> float:
    return kib / 1024.0


def run_exec(command: list[str]) -> dict:
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = process.stderr.read() if process.stderr else b""  # type: ignore[union-attr]
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    tree = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "wall": wall,
        "exit": process.returncode,
        "peak_mib": _mib(usage.ru_maxrss),
        "tree_peak_mib": _mib(tree.ru_maxrss),
        "stderr": stderr.decode(errors="replace")[-2000:],
    }


def run_sandbox(submission: str) -> dict:
    from grader.grading.pipeline import grade_submission

    started = time.perf_counter()
    result = grade_submission(submission)
    wall = time.perf_counter() - started
    return {
        "wall": wall,
        "score": result.score,
        "isolation": result.isolation,
        "grader_peak_mib": _mib(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss),
        "sandbox_peak_mib": _mib(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss),
    }


def _submissions(root: str) -> list[Path]:
    return sorted(p for p in Path(root).iterdir() if p.is_dir())


def run_code(root: str) -> dict:
    started = time.perf_counter()
    from bench.baseline import code_problems
    from grader.grading.pipeline import grade_submission

    problems = code_problems()
    imported = time.perf_counter()
    scores = {}
    for submission in _submissions(root):
        scores[submission.name] = grade_submission(submission, problems=problems).score
    return {"wall": time.perf_counter() - started, "import": imported - started, "scores": scores}


def run_naive(root: str) -> dict:
    started = time.perf_counter()
    from bench.baseline import code_problems, naive_grade

    problems = code_problems()
    imported = time.perf_counter()
    scores = {s.name: naive_grade(s, problems) for s in _submissions(root)}
    return {"wall": time.perf_counter() - started, "import": imported - started, "scores": scores}


def run_persistent(root: str, out: str, part: int, parts: int) -> dict:
    """What one batch worker would do if it lived for many submissions (not how `grade batch` works)."""
    started = time.perf_counter()
    from grader.apps import batch
    from grader.grading.pipeline import warm_up
    from grader.presentation.render import render_result

    warmed = warm_up()
    for fmt in ("md", "html"):
        render_result(warmed, fmt, "en")
    ready = time.perf_counter()
    settings = batch.BatchSettings(jobs=1)
    entries = batch.find_submissions(Path(root))[part::parts]
    for entry in entries:
        batch.grade_entry(entry, Path(out), settings, batch.fingerprint(entry, settings))
    return {"wall": time.perf_counter() - started, "start": ready - started, "count": len(entries)}


def main(argv: list[str]) -> None:
    if len(argv) >= 2 and argv[0] == "exec":
        command = argv[2:] if argv[1] == "--" else argv[1:]
        out = run_exec(command)
    elif len(argv) == 2 and argv[0] == "sandbox":
        out = run_sandbox(argv[1])
    elif len(argv) == 2 and argv[0] == "code":
        out = run_code(argv[1])
    elif len(argv) == 2 and argv[0] == "naive":
        out = run_naive(argv[1])
    elif len(argv) == 5 and argv[0] == "persistent":
        out = run_persistent(argv[1], argv[2], int(argv[3]), int(argv[4]))
    else:
        sys.exit(__doc__)
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1:])
