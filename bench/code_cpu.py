"""CPU cost of grading the four code files of one submission (issue 3's measure: at most 0.5 s).

Grades only the course's code problems of each submission, in one warm process, and charges
each submission the CPU time of this process (the parent: plans, reference runs, checks,
diagnosis) plus that of its sandbox child and whatever the child started (`RUSAGE_CHILDREN`).

    python bench/code_cpu.py                     # examples/good and examples/typical, 5 rounds
    python bench/code_cpu.py DIR [DIR ...] --rounds 3
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(submissions: list[Path], rounds: int) -> dict[str, list[float]]:
    from grader.course.course import CODE_MODULES, load_course
    from grader.grading.pipeline import grade_submission

    problems = load_course(CODE_MODULES)
    grade_submission(submissions[0], seed=0, problems=problems)  # warm: imports, reference, probe
    costs: dict[str, list[float]] = {"parent": [], "child": [], "total": [], "wall": []}
    for _ in range(rounds):
        for path in submissions:
            parent, child, wall = time.process_time(), children_cpu(), time.perf_counter()
            grade_submission(path, problems=problems)
            costs["parent"].append(time.process_time() - parent)
            costs["child"].append(children_cpu() - child)
            costs["wall"].append(time.perf_counter() - wall)
            costs["total"].append(costs["parent"][-1] + costs["child"][-1])
    return costs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("submissions", nargs="*", type=Path, default=[ROOT / "examples" / "good", ROOT / "examples" / "typical"])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    costs = measure(args.submissions, args.rounds)
    n = len(costs["total"])
    for key in ("parent", "child", "total", "wall"):
        values = sorted(costs[key])
        print(f"{key:>6}: median {statistics.median(values) * 1000:.0f} ms, max {values[-1] * 1000:.0f} ms (n={n})")
    worst = max(costs["total"])
    print(f"target: at most 500 ms of CPU per submission: {'met' if worst <= 0.5 else 'not met'} (worst {worst * 1000:.0f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
