r"""The grader's behaviour, written down for a before/after comparison of a refactoring.

Issue 16 moves finished code (packages, smaller functions) and promises that no grade changes.
This script grades every submission the repository holds and writes each one's report, in the
JSON and text formats, with the wall-clock figures removed:

- the three examples (`examples/good`, `examples/typical`, `examples/extended` in its course);
- every item of the derivation corpus, both versions, graded as an answers.md of its problem;
- every fixture of the code corpus, under seed 1.

    python3 tests/realworld/snapshot.py --out /tmp/before          # on the old commit
    python3 tests/realworld/snapshot.py --out /tmp/after           # on the new one
    python3 tests/realworld/snapshot.py --compare /tmp/before /tmp/after

`--only examples|derivations|code` limits the run to one group (repeatable).  The comparison prints
every report that differs, with the first differing lines, and exits 1 when any does.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import io
import json
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if str(ROOT) not in sys.path:  # run as a script: the grader imports from the checkout
    sys.path.insert(0, str(ROOT))

GROUPS = ("examples", "derivations", "code")
SEED = 1
#: Keys whose values are measured, not decided: they differ between any two runs.
WALL_CLOCK_KEYS = {"duration_seconds"}
WALL_CLOCK_TEXT = re.compile(r"\b\d+(?:\.\d+)? ?(?:s|ms|seconds)\b")


def _jobs(groups: tuple[str, ...]) -> Iterator[tuple[str, str, str, str]]:
    """(report name, group, path, problem id or course) for every submission of the groups."""
    if "examples" in groups:
        yield "examples/good", "examples", str(ROOT / "examples" / "good"), ""
        yield "examples/typical", "examples", str(ROOT / "examples" / "typical"), ""
        yield "examples/extended", "examples", str(ROOT / "examples" / "extended"), "course:extended"
    if "derivations" in groups:
        for item in sorted((HERE / "derivations" / "items").iterdir()):
            labels = item / "labels.json"
            if not labels.is_file():
                continue
            problem = json.loads(labels.read_text(encoding="utf-8"))["problem"].replace("-", "_")
            for version in ("as_written", "course"):
                if (item / f"{version}.md").is_file():
                    yield f"derivations/{item.name}/{version}", "derivations", str(item / f"{version}.md"), problem
    if "code" in groups:
        sys.path.insert(0, str(HERE / "code"))
        from code_corpus import load  # type: ignore[import-not-found]

        for fixture in load():
            yield f"code/{fixture.id}", "code", fixture.id, fixture.problem_id


def _without_wall_clock(value: object) -> object:
    if isinstance(value, dict):
        return {key: _without_wall_clock(inner) for key, inner in value.items() if key not in WALL_CLOCK_KEYS}
    if isinstance(value, list):
        return [_without_wall_clock(inner) for inner in value]
    return value


def _grade(job: tuple[str, str, str, str]) -> tuple[str, str]:
    """One submission's normalised reports (JSON, then text), as one string."""
    from grader.course.course import course_modules, load_course, load_problem
    from grader.grading.pipeline import grade_submission
    from grader.presentation.render import render_result

    name, group, path, which = job
    with tempfile.TemporaryDirectory() as scratch, contextlib.redirect_stderr(io.StringIO()):
        if group == "examples":
            problems = load_course(course_modules(which.partition(":")[2])) if which else None
            result = grade_submission(path, seed=SEED, problems=problems)
        elif group == "derivations":
            shutil.copy(path, Path(scratch) / "answers.md")
            result = grade_submission(scratch, seed=SEED, problems=[load_problem(which)])
        else:
            sys.path.insert(0, str(HERE / "code"))
            from code_corpus import load, write_submission  # type: ignore[import-not-found]

            fixture = next(f for f in load() if f.id == path)
            root = write_submission(fixture, Path(scratch) / "submission")
            result = grade_submission(root, seed=SEED, problems=[load_problem(which)])
        plain = _without_wall_clock(json.loads(render_result(result, "json")))
        text = WALL_CLOCK_TEXT.sub("<time>", render_result(result, "text"))
        report = json.dumps(plain, indent=1, ensure_ascii=False, sort_keys=True) + "\n----- text -----\n" + text
        # the scratch folder's random name is not behaviour
        report = report.replace(str(Path(scratch).resolve()), "<scratch>").replace(scratch, "<scratch>")
        report = report.replace(str(ROOT), "<checkout>")
    return name, report


def write(out: Path, groups: tuple[str, ...], workers: int) -> int:
    jobs = list(_jobs(groups))
    out.mkdir(parents=True, exist_ok=True)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for name, report in pool.map(_grade, jobs):
            target = out / (name.replace("/", "__") + ".txt")
            target.write_text(report, encoding="utf-8")
    print(f"{len(jobs)} reports written to {out}")
    return 0


def compare(before: Path, after: Path) -> int:
    names = sorted({path.name for path in before.glob("*.txt")} | {path.name for path in after.glob("*.txt")})
    differing = 0
    for name in names:
        old, new = before / name, after / name
        if not old.is_file() or not new.is_file():
            differing += 1
            print(f"{name}: only in {'after' if not old.is_file() else 'before'}")
            continue
        old_lines = old.read_text(encoding="utf-8").splitlines()
        new_lines = new.read_text(encoding="utf-8").splitlines()
        if old_lines != new_lines:
            differing += 1
            diff = list(difflib.unified_diff(old_lines, new_lines, "before", "after", n=1, lineterm=""))
            print(f"{name}: differs\n  " + "\n  ".join(diff[2:14]))
    print(f"{len(names)} reports compared, {differing} differ")
    return 1 if differing else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="directory to write the reports to")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"), help="compare two such directories")
    parser.add_argument("--only", action="append", choices=GROUPS, default=[], help="one group only (repeatable)")
    parser.add_argument("--workers", type=int, default=2, help="processes to grade in (default 2)")
    args = parser.parse_args(argv)
    if args.compare:
        return compare(*args.compare)
    if not args.out:
        parser.error("give --out DIR or --compare BEFORE AFTER")
    return write(args.out, tuple(args.only) or GROUPS, args.workers)


if __name__ == "__main__":
    sys.exit(main())
