"""Time the rendering of one report (no grading): `python3 bench/render.py [--count N] [--repeats R]`.

Grades examples/typical once, then renders it N times per format and language and prints
the best of R rounds, in milliseconds per report.  To compare with another checkout,
run this file from that checkout's root (`cd OTHER && PYTHONPATH=. python3 PATH/bench/render.py`),
right after, so that both see the same load.  `--first` times only the first render of each
format in a fresh process (templates compiled, caches empty), which is what one `grade` pays.

`--compare BEFORE` does that side by side: each round runs both measurements (warm, then
`--first`) in fresh processes for the other checkout and then for this one, and prints the
median of each side and of the per-round ratios after / before (the rows of README's
"## Benchmarks"); compiled bytecode is cached for both in one temporary prefix, as an
install has it, and a first untimed run per checkout fills it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ("html", "md", "text", "json")


def _measure(tree: Path, env: dict[str, str], *options: str) -> dict:
    """This file's figures for the checkout `tree` (its `grader` first on the path), in a fresh process."""
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), *options], cwd=tree,
                          env={**env, "PYTHONPATH": str(tree)}, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def compare(before: Path, rounds: int, count: int, repeats: int) -> dict:
    """Warm and first renders of `before` and of this checkout, alternating round by round."""
    with tempfile.TemporaryDirectory(prefix="bench-render-") as pycache:
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")}
        env["PYTHONPYCACHEPREFIX"] = pycache
        trees = {"before": before.resolve(), "after": ROOT}
        for tree in trees.values():  # untimed: bytecode compiled and cached for both
            _measure(tree, env, "--first")
        figures: dict[str, dict[str, list[float]]] = {side: {} for side in trees}
        for _ in range(rounds):
            for side, tree in trees.items():
                warm = _measure(tree, env, "--count", str(count), "--repeats", str(repeats))["ms_per_report"]
                first = _measure(tree, env, "--first")["ms_first_report"]
                for fmt in FORMATS:
                    figures[side].setdefault(f"warm_{fmt}", []).append(warm[fmt])
                    figures[side].setdefault(f"first_{fmt}", []).append(first[fmt])
    rows = {}
    for key in figures["after"]:
        before_ms, after_ms = figures["before"][key], figures["after"][key]
        ratios = [a / b for a, b in zip(after_ms, before_ms)]
        rows[key] = {"before": statistics.median(before_ms), "after": statistics.median(after_ms),
                     "ratio": statistics.median(ratios), "ratio_min": min(ratios), "ratio_max": max(ratios),
                     "before_runs": before_ms, "after_runs": after_ms}
    return {"rounds": rounds, "load": os.getloadavg(), "rows": rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--submission", default="examples/typical")
    parser.add_argument("--first", action="store_true",
                        help="time only the first render of each format in this process (what one `grade` pays: templates compiled, caches empty)")
    parser.add_argument("--compare", type=Path, default=None, metavar="BEFORE",
                        help="this checkout against BEFORE, side by side in fresh processes (warm and first renders)")
    parser.add_argument("--rounds", type=int, default=3, help="with --compare: rounds, each running BEFORE then this checkout")
    args = parser.parse_args()
    if args.compare is not None:
        results = compare(args.compare, args.rounds, args.count, args.repeats)
        for key, row in results["rows"].items():
            print(f"{key:12} before {row['before']:8.2f} ms  after {row['after']:8.2f} ms  "
                  f"ratio {row['ratio']:.2f}x ({row['ratio_min']:.2f}-{row['ratio_max']:.2f})")
        print(json.dumps(results))
        return
    from grader.grading.pipeline import grade_submission
    from grader.presentation.render import render_result

    result = grade_submission(Path(args.submission))
    if args.first:
        first = {}
        for fmt in ("html", "md", "text", "json"):
            started = time.perf_counter()
            render_result(result, fmt, "en")
            first[fmt] = round((time.perf_counter() - started) * 1000, 2)
        print(json.dumps({"ms_first_report": first}))
        return
    timings = {}
    for fmt in ("html", "md", "text", "json"):
        for lang in ("en", "zh"):
            render_result(result, fmt, lang)  # templates compiled, catalogs loaded
        rounds = []
        for _ in range(args.repeats):
            started = time.perf_counter()
            for _ in range(args.count):
                render_result(result, fmt, "en")
                render_result(result, fmt, "zh")
            rounds.append((time.perf_counter() - started) / (2 * args.count))
        timings[fmt] = round(min(rounds) * 1000, 2)
    sizes = {fmt: len(render_result(result, fmt, "en").encode()) for fmt in ("html", "md", "text")}
    print(json.dumps({"ms_per_report": timings, "bytes": sizes}))


if __name__ == "__main__":
    main()
