"""Benchmark of the answers.md half: time per answer check and per derivation line, and a whole answers.md.

Run: python bench/answers.py [path/to/answers.md]   (the full benchmark is bench/run.py)
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.checks import ROOT, answer_check_times, derivation_line_times, large_document_times, summary, whole_answers_times


def main() -> None:
    ms = lambda s: f"{s * 1000:.1f} ms"  # noqa: E731
    checks = summary(answer_check_times(range(1)))
    print(f"answer checks: {checks['n']}, median {ms(checks['median'])}, p95 {ms(checks['p95'])}, max {ms(checks['max'])}")
    lines, wholes = derivation_line_times(range(1))
    lines_s = summary(lines)
    print(f"derivation lines: {lines_s['n']}, median {ms(lines_s['median'])}, p95 {ms(lines_s['p95'])}, max {ms(lines_s['max'])}")
    print(f"derivation parts: {len(wholes)}, median {ms(statistics.median(wholes))}, max {ms(max(wholes))}")
    answers_path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "examples" / "good" / "answers.md"
    whole = whole_answers_times(answers_path)
    print(f"whole answers.md ({answers_path}): median {ms(statistics.median(whole))}, max {ms(max(whole))} over {len(whole)} runs")
    for name, times in large_document_times().items():  # the target: well under 1 s CPU each
        print(f"reading a 5 MB answers.md ({name}): median {ms(statistics.median(times))} CPU, max {ms(max(times))}")


if __name__ == "__main__":
    main()
