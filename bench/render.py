"""Time the rendering of one report (no grading): `python3 bench/render.py [--count N] [--repeats R]`.

Grades examples/typical once, then renders it N times per format and language and prints
the best of R rounds, in milliseconds per report.  To compare with another checkout,
run this file from that checkout's root (`cd OTHER && PYTHONPATH=. python3 PATH/bench/render.py`),
right after, so that both see the same load.  `--first` times only the first render of each
format in a fresh process (templates compiled, caches empty), which is what one `grade` pays.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--submission", default="examples/typical")
    parser.add_argument("--first", action="store_true",
                        help="time only the first render of each format in this process (what one `grade` pays: templates compiled, caches empty)")
    args = parser.parse_args()
    from grader.grading import grade_submission
    from grader.render import render_result

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
