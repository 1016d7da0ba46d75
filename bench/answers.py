"""Benchmark of the answers.md half: time per answer check and per derivation line, and a whole answers.md.

Run: python bench/answers.py [path/to/answers.md]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    from test_answers_table import PROBLEMS, ROWS

    from grader.answers_md import read_answers_document
    from grader.derivation import check_derivation
    from grader.mathparse import MathParseError, parse_line
    from grader.problem import GradingContext
    from grader.submission import Submission

    # warm up: parse every problem's own LaTeX once (what a grader process does once)
    for problem in PROBLEMS.values():
        problem.checker(0)
        _ = problem._parsed, problem.known_names

    checks = []
    for problem_id, part, written, _credit, _mistake in ROWS:
        problem = PROBLEMS[problem_id]
        answer = next(a for a in problem.answers if a.part == part)
        try:
            term = parse_line(written, problem.notation).terms[-1]
        except MathParseError:
            continue
        checker = problem.checker(seed=len(checks))
        started = time.perf_counter()
        problem.judge_answer(answer, term, checker)
        checks.append(time.perf_counter() - started)

    answers_path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "examples" / "good" / "answers.md"
    text = answers_path.read_text()
    document = read_answers_document(text)
    line_times = []
    for problem in PROBLEMS.values():
        section = document.section(problem.id)
        if section is None:
            continue
        for source in section.derivation:
            checker = problem.checker(seed=1)
            started = time.perf_counter()
            check_derivation([source], problem.notation, checker, problem.known_names)
            line_times.append(time.perf_counter() - started)

    whole = []
    for repeat in range(5):
        started = time.perf_counter()
        document = read_answers_document(answers_path.read_text())
        context = GradingContext(seed=repeat, answers=document)
        for problem in PROBLEMS.values():
            problem.grade(Submission(answers_path.parent), context)
        whole.append(time.perf_counter() - started)

    ms = lambda s: f"{s * 1000:.1f} ms"
    print(f"answer checks: {len(checks)}, median {ms(statistics.median(checks))}, p95 {ms(percentile(checks, 0.95))}, max {ms(max(checks))}")
    if line_times:
        print(f"derivation lines: {len(line_times)}, median {ms(statistics.median(line_times))}, p95 {ms(percentile(line_times, 0.95))}")
    print(f"whole answers.md ({answers_path}): median {ms(statistics.median(whole))}, max {ms(max(whole))} over {len(whole)} runs")


if __name__ == "__main__":
    main()
