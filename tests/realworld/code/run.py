"""Grade every fixture of the code corpus under several seeds and classify each deduction.

    python3 tests/realworld/code/run.py                 # the table (8 seeds)
    python3 tests/realworld/code/run.py --seeds 2       # quick
    python3 tests/realworld/code/run.py --json          # one JSON object
    python3 tests/realworld/code/run.py --show          # every function that lost points, in detail
    python3 tests/realworld/code/run.py --show cs231n_adam_t_from_one --only cs231n_adam_t_from_one
    python3 tests/realworld/code/run.py --jobs 2        # two fixtures at a time
    python3 tests/realworld/code/run.py --fail-on 'false deduction;seed-dependent'   # exit 1 if any
    python3 tests/realworld/code/run.py --manifest      # MANIFEST.md, generated from labels.json

Each fixture is graded with the grader's library API (`grader.grading.pipeline.grade_submission`,
its own problem only) in a temporary submission folder whose other files come from
examples/good.  Seeds are 1..N.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import sys
import tempfile
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[2]))

from code_classification import CATEGORIES, Outcome, classify, worst  # noqa: E402
from code_corpus import Fixture, load, write_submission  # noqa: E402


@dataclass(frozen=True)
class FunctionResult:
    """One labelled function of one fixture, over every seed."""

    fixture: str
    """The fixture id."""
    file: str
    """Its contract file."""
    function: str
    """The function graded."""
    verdict: str
    """The TA's label: correct, convention or mistake."""
    mistake: str
    """The labelled mistake or convention, in words."""
    points_lost: float
    """What the TA would take off."""
    category: str
    """The worst category over the seeds."""
    detail: str
    """Why, for the seed that gave that category."""
    scores: tuple[float, ...]
    """The score under each seed, in seed order."""
    max_score: float
    """Points possible."""
    names: tuple[str, ...]
    """Every known mistake named under any seed."""
    seed_dependent: bool
    """The score differs between seeds."""
    names_vary: bool
    """The named mistakes differ between seeds."""
    wrong_names: tuple[str, ...]
    """Known mistakes the feedback names under some seed that the labels do not accept (a mistake
    the code does not make; for a function labelled correct or convention, every name)."""
    points_charged: float
    """Points lost at the seed of the worst category (to compare with points_lost)."""
    inputs_as_shapes: bool
    """The feedback's first failing case shows some input only by its shape."""


def grade(fixture: Fixture, seeds: list[int]) -> tuple[list[FunctionResult], dict]:
    """Grade one fixture under every seed; its labelled functions' results, and the feedback
    of each function at the seed of its worst category (for --show)."""
    from grader.course.course import load_problem
    from grader.grading.pipeline import grade_submission

    problem = load_problem(fixture.problem_id)
    per_function: dict[str, list[Outcome]] = {name: [] for name in fixture.labels}
    parts_by_seed: dict[tuple[str, int], object] = {}
    with tempfile.TemporaryDirectory(prefix="codecorpus-") as directory:
        root = write_submission(fixture, Path(directory) / "submission")
        for seed in seeds:
            result = grade_submission(root, seed=seed, problems=[problem])
            problem_result = result.problems[0]
            parts = {p.id: p for p in problem_result.parts}
            for name, label in fixture.labels.items():
                part = parts.get(name)
                if part is None:
                    raise RuntimeError(f"{fixture.id}: no part {name} graded ({problem_result.status}, {problem_result.error})")
                per_function[name].append(classify(label, part, seed))
                parts_by_seed[(name, seed)] = part
    results, shown = [], {}
    for name, outcomes in per_function.items():
        label = fixture.labels[name]
        bad = worst(outcomes)
        results.append(
            FunctionResult(
                fixture=fixture.id,
                file=fixture.file,
                function=name,
                verdict=label.verdict,
                mistake=label.mistake,
                points_lost=label.points_lost,
                category=bad.category,
                detail=bad.detail,
                scores=tuple(o.score for o in outcomes),
                max_score=bad.max_score,
                names=tuple(sorted({n for o in outcomes for n in o.names})),
                seed_dependent=len({o.score for o in outcomes}) > 1,
                names_vary=len({o.names for o in outcomes}) > 1,
                wrong_names=tuple(sorted({n for o in outcomes for n in o.names} - set(label.names))),
                points_charged=round(bad.max_score - bad.score, 2),
                inputs_as_shapes=bad.inputs_as_shapes,
            )
        )
        shown[name] = (bad.seed, parts_by_seed[(name, bad.seed)])
    return results, shown


def evaluate(fixtures: list[Fixture], seeds: list[int], jobs: int = 1) -> tuple[list[FunctionResult], dict]:
    """Grade every fixture under every seed (`jobs` at a time): the labelled functions' results,
    and per fixture the feedback of each function at the seed of its worst category."""
    if jobs > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            outcomes = list(pool.map(grade, fixtures, [seeds] * len(fixtures)))
    else:
        outcomes = [grade(fixture, seeds) for fixture in fixtures]
    results, shown = [], {}
    for fixture, (graded, parts) in zip(fixtures, outcomes):
        results.extend(graded)
        shown[fixture.id] = parts
    return results, shown


#: What --fail-on accepts besides the categories: flags of a function over the seeds.
FLAGS = {
    "seed-dependent": lambda r: r.seed_dependent,
    "names-vary": lambda r: r.names_vary,
    "wrong-names": lambda r: bool(r.wrong_names),
    "inputs-as-shapes": lambda r: r.inputs_as_shapes,
}


def failures(results: list[FunctionResult], fail_on: list[str]) -> list[str]:
    """The functions that fall in one of the `fail_on` categories or flags, as 'fixture.function: why'."""
    found = []
    for r in results:
        for item in fail_on:
            if r.category == item or (item in FLAGS and FLAGS[item](r)):
                found.append(f"{r.fixture}.{r.function}: {item}")
    return found


def describe_part(part) -> list[str]:
    """The feedback of one part as the student reads it: sentences, then the failed checks."""
    from grader.results.i18n import render

    lines = [f"  {render(m)}" for m in part.feedback]
    for check in part.checks:
        if check.passed:
            continue
        lines.append(f"  x {render(check.name)}: {render(check.message) if check.message else ''}")
        if check.inputs:
            lines.append("      inputs: " + "; ".join(f"{k}={v}" for k, v in check.inputs.items())[:300])
        if check.expected is not None:
            lines.append(f"      expected {tuple(check.expected.shape)}: {_rows(check.expected)}")
        if check.got is not None:
            lines.append(f"      got      {tuple(check.got.shape)}: {_rows(check.got)}")
    return lines


def _rows(preview) -> str:
    return " | ".join(", ".join(f"{v:.6g}" for v in row) for row in preview.values) + (" ..." if preview.truncated else "")


def table(results: list[FunctionResult]) -> str:
    counts = Counter(r.category for r in results)
    unstable = [r for r in results if r.seed_dependent]
    width = max(len(c) for c in CATEGORIES + ("(mistakes charged over twice a TA + 0.25)",))
    lines = [f"{'category':<{width}}  functions  examples", f"{'-' * width}  ---------  --------"]
    for category in CATEGORIES:
        examples = [f"{r.fixture}.{r.function}" for r in results if r.category == category][:3]
        lines.append(f"{category:<{width}}  {counts.get(category, 0):>9}  {', '.join(examples)}")
    lines.append(f"{'score differs across seeds':<{width}}  {len(unstable):>9}  " + ", ".join(f"{r.fixture}.{r.function}" for r in unstable[:3]))
    deducted = [r for r in results if r.points_charged > 0]
    shapes = [r for r in deducted if r.inputs_as_shapes]
    lines.append(f"{'(deductions showing an input only by shape)':<{width}}  {len(shapes):>9}  " + ", ".join(f"{r.fixture}.{r.function}" for r in shapes[:3]))
    over = [r for r in deducted if r.verdict == "mistake" and r.points_charged > 2 * r.points_lost + 0.25]
    lines.append(f"{'(mistakes charged over twice a TA + 0.25)':<{width}}  {len(over):>9}  " + ", ".join(f"{r.fixture}.{r.function}" for r in over[:3]))
    varying = [r for r in results if r.names_vary]
    lines.append(f"{'(named mistakes differ across seeds)':<{width}}  {len(varying):>9}  " + ", ".join(f"{r.fixture}.{r.function}" for r in varying[:3]))
    wrong = [r for r in results if r.wrong_names]
    lines.append(f"{'(naming a mistake the code does not make)':<{width}}  {len(wrong):>9}  " + ", ".join(f"{r.fixture}.{r.function}" for r in wrong[:3]))
    fixtures = len({r.fixture for r in results})
    lines.append(f"\n{len(results)} labelled functions in {fixtures} fixtures "
                 f"({sum(r.verdict == 'mistake' for r in results)} with a mistake, "
                 f"{sum(r.verdict == 'convention' for r in results)} with a convention difference, "
                 f"{sum(r.verdict == 'correct' for r in results)} correct)")
    return "\n".join(lines)


def manifest(fixtures: list[Fixture]) -> str:
    """MANIFEST.md: every source read, what was taken from it, and the fixture written after it."""
    lines = [
        "# Manifest of the code corpus (generated: `python3 tests/realworld/code/run.py --manifest`)",
        "",
        "Every fixture is written in our own words after the pattern of one public implementation;",
        "no code of these repositories is in this project. Commit = the version that was read.",
        "",
        "| fixture | repository | commit | path | functions | pattern taken |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for f in fixtures:
        functions = ", ".join(f.labels)
        pattern = f.source.pattern.replace("|", "\\|")
        lines.append(f"| `{f.id}` | {f.source.repo} | `{f.source.commit}` | `{f.source.path}` | {functions} | {pattern} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=8, help="grade under seeds 1..N (default 8)")
    parser.add_argument("--only", default="", help="comma-separated fixture ids or glob patterns")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--show", nargs="?", const="*", default=None,
                        help="details of every function that lost points or was misjudged (optionally: fixture ids/globs)")
    parser.add_argument("--jobs", type=int, default=1, help="fixtures graded in parallel (default 1: the machine is shared)")
    parser.add_argument("--manifest", action="store_true", help="print MANIFEST.md and exit")
    parser.add_argument("--fail-on", default="",
                        help="exit 1 if any function falls in one of these categories or flags, separated by ';' "
                             "(e.g. 'false deduction;missed bug;seed-dependent;wrong-names')")
    args = parser.parse_args(argv)

    fixtures = load()
    if args.manifest:
        sys.stdout.write(manifest(fixtures))
        return 0
    if args.only:
        patterns = [p.strip() for p in args.only.split(",") if p.strip()]
        fixtures = [f for f in fixtures if any(fnmatch.fnmatch(f.id, p) for p in patterns)]
        if not fixtures:
            parser.error(f"no fixture matches {args.only!r}")
    seeds = list(range(1, args.seeds + 1))
    # the sentences of the checks and of the known mistakes (graded in workers under --jobs,
    # rendered here)
    from grader.reference import mutants  # noqa: F401

    from grader.codecheck import problem  # noqa: F401

    fail_on = [item.strip() for item in args.fail_on.split(";") if item.strip()]
    unknown = [item for item in fail_on if item not in CATEGORIES and item not in FLAGS]
    if unknown:
        parser.error(f"unknown --fail-on item(s): {', '.join(unknown)}")
    results, shown = evaluate(fixtures, seeds, jobs=args.jobs)
    failed = failures(results, fail_on)
    if args.json:
        summary = {c: sum(r.category == c for r in results) for c in CATEGORIES}
        summary["score differs across seeds"] = sum(r.seed_dependent for r in results)
        summary["named mistakes differ across seeds"] = sum(r.names_vary for r in results)
        summary["naming a mistake the code does not make"] = sum(bool(r.wrong_names) for r in results)
        print(json.dumps({"seeds": seeds, "summary": summary, "functions": [asdict(r) for r in results],
                          "failures": failed}, indent=1))
        return 1 if failed else 0
    print(table(results))
    if args.show is not None:
        patterns = [p.strip() for p in args.show.split(",") if p.strip()]
        for r in results:
            interesting = (
                r.category not in ("no deduction, none due", "correct, mistake named")
                or r.seed_dependent or r.names_vary or r.wrong_names
            )
            if not any(fnmatch.fnmatch(r.fixture, p) for p in patterns):
                continue
            if patterns == ["*"] and not interesting:
                continue
            seed, part = shown[r.fixture][r.function]
            print(f"\n== {r.fixture}.{r.function} [{r.file}] -- {r.category}"
                  + (" -- SCORE DIFFERS ACROSS SEEDS" if r.seed_dependent else ""))
            if r.verdict == "mistake":
                print(f"  label: mistake ({r.mistake}; a TA takes off about {r.points_lost:g})")
            else:
                print(f"  label: {r.verdict}" + (f" ({r.mistake})" if r.mistake else ""))
            if r.wrong_names:
                print(f"  names under some seed a mistake the code does not make: {', '.join(r.wrong_names)}")
            print(f"  charged {r.points_charged:g}" + (" (feedback shows an input only by its shape)" if r.inputs_as_shapes else ""))
            print(f"  scores by seed: {', '.join(f'{s:g}' for s in r.scores)} of {r.max_score:g}; feedback at seed {seed}:")
            print("\n".join(describe_part(part)))
    if failed:
        print("\n--fail-on: " + "; ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
