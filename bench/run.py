"""The grader's speed and memory on this machine (issue 6): `python bench/run.py`.

Generates a class of submissions (bench/workload.py), then measures, with the
median and the spread (min-max) over repeated runs:

- cold `grade SUBMISSION` (process start to report) beside `python -c "import sympy, numpy"`;
- `grade batch` throughput for the class with --jobs 1 and --jobs 2;
- the time per answer check and per derivation line (median, p95) (bench/checks.py);
- peak memory of the grader, of a sandbox child, and of the largest batch process;
- the code half against a naive baseline (bench/baseline.py), in the same run: one pytest
  file per submission in one cold pytest process vs. the grader's code half in one cold
  process, and both again warm, in-process, per submission.

Writes the figures as Markdown and JSON (bench/results.md, bench/results.json by default).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import checks, workload  # noqa: E402

PYTHON = sys.executable
_SCRIPT = Path(PYTHON).parent / "grade"
#: The `grade` command as installed (the console script beside this Python), else `python -m grader.apps.cli`.
GRADE = [str(_SCRIPT)] if _SCRIPT.exists() else [PYTHON, "-m", "grader.apps.cli"]
SECTIONS = ("cold", "batch", "checks", "memory", "baseline", "persistent", "extended")
#: `persistent` (a bare loop of warm workers, no batch bookkeeping) is a reference point only
#: since `grade batch` itself keeps its workers: not run unless asked for.
DEFAULT_SECTIONS = ("cold", "batch", "checks", "memory", "baseline")

#: The issue's targets.
TARGETS = {
    "cold_ratio": 2.5,
    "batch_jobs2": 6.0,
    "answer_p95_ms": 50.0,
    "memory_mib": 300.0,
    "code_ratio": 1.5,
    "extended_ratio": 1.6,
    "derivation_line_p95_ms": 50.0,
    "inequality_p95_ms": 50.0,
}


def spread(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values), "runs": values}


def probe(*args: str) -> dict:
    """One bench/probe.py measurement in a fresh process."""
    done = subprocess.run([PYTHON, str(ROOT / "bench" / "probe.py"), *args], capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"probe {args[:3]} failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def load_average() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def machine() -> dict:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kib / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    import numpy
    import sympy

    return {
        "cpu": model or platform.processor(),
        "cores": os.cpu_count(),
        "memory": memory,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "sympy": sympy.__version__,
    }


# ------------------------------------------------------------------ the measurements


def bench_cold(submission: Path, repeats: int) -> dict:
    grade, floor, peaks = [], [], []
    probe("exec", "--", PYTHON, "-c", "import sympy, numpy")  # page cache warm, like any second run
    for _ in range(repeats):
        run = probe("exec", "--", *GRADE, str(submission), "--format", "json")
        if run["exit"] != 0:
            raise RuntimeError(f"grade failed: {run['stderr']}")
        grade.append(run["wall"])
        peaks.append(run["peak_mib"])
        floor.append(probe("exec", "--", PYTHON, "-c", "import sympy, numpy")["wall"])
    return {
        "submission": str(submission.relative_to(ROOT) if submission.is_relative_to(ROOT) else submission),
        "grade": spread(grade),
        "floor": spread(floor),
        "ratio": spread([g / f for g, f in zip(grade, floor)]),
        "grader_peak_mib": max(peaks),
    }


def bench_extended(repeats: int, seeds: int) -> dict:
    """`grade examples/extended --course extended` against `grade examples/good`, alternating (same load);
    then the extended derivations' inequality links and lines, warm (bench/checks.py)."""
    default, extended = [], []
    for _ in range(repeats):
        for command, times in (([str(ROOT / "examples" / "good")], default),
                               ([str(ROOT / "examples" / "extended"), "--course", "extended"], extended)):
            run = probe("exec", "--", *GRADE, *command, "--format", "json", "--seed", "1")
            if run["exit"] != 0:
                raise RuntimeError(f"grade failed: {run['stderr']}")
            times.append(run["wall"])
    links, lines = checks.inequality_link_times(range(seeds))
    return {"default": spread(default), "extended": spread(extended), "ratio": spread([e / d for e, d in zip(extended, default)]),
            "inequality_link": checks.summary(links), "extended_derivation_line": checks.summary(lines)}


def bench_batch(root: Path, count: int, jobs: int, repeats: int) -> dict:
    rates, walls, peaks = [], [], []
    for _ in range(repeats):
        out = Path(tempfile.mkdtemp(prefix="bench-batch-"))
        try:
            run = probe("exec", "--", *GRADE, "batch", str(root), "--out", str(out), "--jobs", str(jobs))
            if run["exit"] != 0:
                raise RuntimeError(f"grade batch failed: {run['stderr']}")
            failed = _failed_in(out)
        finally:
            shutil.rmtree(out, ignore_errors=True)
        walls.append(run["wall"])
        rates.append(count / run["wall"])
        peaks.append(run["tree_peak_mib"])
    return {"jobs": jobs, "count": count, "per_second": spread(rates), "wall": spread(walls), "largest_process_mib": max(peaks), "could_not_grade": failed}


def bench_persistent(root: Path, count: int, jobs: int, repeats: int) -> dict:
    """What-if: `jobs` long-lived warm workers, each grading its share of the class (not the shipped design)."""
    rates = []
    for _ in range(repeats):
        out = Path(tempfile.mkdtemp(prefix="bench-persistent-"))
        try:
            started = time.perf_counter()
            workers = [
                subprocess.Popen([PYTHON, str(ROOT / "bench" / "probe.py"), "persistent", str(root), str(out), str(k), str(jobs)],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
                for k in range(jobs)
            ]
            codes = [w.wait() for w in workers]
            wall = time.perf_counter() - started
            if any(codes):
                raise RuntimeError(f"persistent workers failed: {codes}")
        finally:
            shutil.rmtree(out, ignore_errors=True)
        rates.append(count / wall)
    return {"jobs": jobs, "count": count, "per_second": spread(rates)}


def _failed_in(out: Path) -> int:
    failed = 0
    for status in out.glob("*/status.json"):
        if json.loads(status.read_text()).get("status") == "could not be graded":
            failed += 1
    return failed


def bench_checks(seeds: int, row_limit: int | None = None) -> dict:
    answer_times = checks.answer_check_times(range(seeds), row_limit)
    line_times, part_times = checks.derivation_line_times(range(seeds), row_limit)
    return {
        "answer_check": checks.summary(answer_times),
        "derivation_line": checks.summary(line_times),
        "derivation_part": checks.summary(part_times),
    }


def bench_memory(submission: Path) -> dict:
    return probe("sandbox", str(submission))


def bench_baseline(root: Path, repeats: int) -> dict:
    """The code half: the grader against the naive baseline, cold (one process each) and warm (per submission)."""
    from bench.baseline import code_problems, naive_grade, write_pytest_files
    from grader.grading.pipeline import grade_submission

    tests = Path(tempfile.mkdtemp(prefix="bench-naive-"))
    try:
        write_pytest_files(root, tests)
        cold_grader, cold_naive = [], []
        pytest = [PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tests)]
        for _ in range(repeats):
            cold_grader.append(probe("code", str(root))["wall"])
            run = probe("exec", "--", *pytest)
            if run["exit"] not in (0, 1):
                raise RuntimeError(f"naive pytest run failed: {run['stderr']}")
            cold_naive.append(run["wall"])
    finally:
        shutil.rmtree(tests, ignore_errors=True)
    from grader.course.course import load_course
    from grader.grading.pipeline import warm_up

    problems = code_problems()
    everything = load_course()
    answers_only = [p for p in everything if not hasattr(p, "plan_calls")]
    submissions = sorted(p for p in root.iterdir() if p.is_dir())
    warm_up(everything)  # imports, the problems' LaTeX, the reference, the sandbox probe
    naive_grade(submissions[0], problems)
    warm_grader, warm_naive, marginal, disagreements = [], [], [], 0
    for repeat in range(repeats):
        total_grader = total_naive = total_full = total_answers = 0.0
        for submission in submissions:
            started = time.perf_counter()
            graded = grade_submission(submission, problems=problems).score
            total_grader += time.perf_counter() - started
            started = time.perf_counter()
            naive = naive_grade(submission, problems)
            total_naive += time.perf_counter() - started
            started = time.perf_counter()
            grade_submission(submission, problems=everything)
            total_full += time.perf_counter() - started
            started = time.perf_counter()
            grade_submission(submission, problems=answers_only)
            total_answers += time.perf_counter() - started
            if repeat == 0 and abs(graded - naive) > 0.5:
                disagreements += 1
        warm_grader.append(total_grader / len(submissions))
        warm_naive.append(total_naive / len(submissions))
        marginal.append((total_full - total_answers) / len(submissions))
    return {
        "count": len(submissions),
        "cold_grader": spread(cold_grader),
        "cold_naive": spread(cold_naive),
        "cold_ratio": spread([g / n for g, n in zip(cold_grader, cold_naive)]),
        "warm_grader_per_submission": spread(warm_grader),
        "warm_naive_per_submission": spread(warm_naive),
        "warm_ratio": spread([g / n for g, n in zip(warm_grader, warm_naive)]),
        "warm_marginal_per_submission": spread(marginal),
        "warm_marginal_ratio": spread([m / n for m, n in zip(marginal, warm_naive)]),
        "scores_differ_by_more_than_half_a_point": disagreements,
    }


# ------------------------------------------------------------------ the report


def _s(value: float) -> str:
    return f"{value:.2f} s"


def _ms(value: float) -> str:
    return f"{value * 1000:.1f} ms"


def _range(d: dict, fmt=_s) -> str:
    return f"{fmt(d['median'])} ({fmt(d['min'])}–{fmt(d['max'])}, n={d['n']})"


def _verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def markdown(results: dict) -> str:
    m = results["machine"]
    lines = [
        (f"Measured {results['finished']} on {m['cpu']}, {m['cores']} cores, {m['memory']} RAM, {m['os']}, "
        f"Python {m['python']}, NumPy {m['numpy']}, SymPy {m['sympy']}; load average (1, 5, 15 min) "
        f"{results['load_before']} before, {results['load_after']} after. "
        f"Workload: {results['count']} generated submissions (seed {results['seed']}). "
        f"Figures: median (min–max, n runs)."),
        "",
        "| what | measured | target | |",
        "| --- | --- | --- | --- |",
    ]
    if "cold" in results:
        c = results["cold"]
        lines += [
            f"| cold `grade {c['submission']}` (process start to report) | {_range(c['grade'])} | | |",
            f"| floor: `python -c \"import sympy, numpy\"` | {_range(c['floor'])} | | |",
            f"| cold grade / floor | {_range(c['ratio'], lambda v: f'{v:.2f}×')} | ≤ {TARGETS['cold_ratio']}× | {_verdict(c['ratio']['median'] <= TARGETS['cold_ratio'])} |",
        ]
    for b in results.get("batch", []):
        target = f"≥ {TARGETS['batch_jobs2']:g}/s" if b["jobs"] == 2 else ""
        verdict = _verdict(b["per_second"]["median"] >= TARGETS["batch_jobs2"]) if b["jobs"] == 2 else ""
        lines.append(
            f"| `grade batch --jobs {b['jobs']}`, {b['count']} submissions | "
            f"{_range(b['per_second'], lambda v: f'{v:.2f}/s')} submissions per second | {target} | {verdict} |"
        )
    for b in results.get("persistent", []):
        lines.append(
            f"| reference point: {b['jobs']} bare warm worker loop(s), no batch bookkeeping, {b['count']} submissions | "
            f"{_range(b['per_second'], lambda v: f'{v:.2f}/s')} submissions per second | | |"
        )
    if "checks" in results:
        k = results["checks"]
        a, d, p = k["answer_check"], k["derivation_line"], k["derivation_part"]
        lines += [
            f"| answer check ({a['n']} checks) | median {_ms(a['median'])}, p95 {_ms(a['p95'])}, max {_ms(a['max'])} | p95 ≤ {TARGETS['answer_p95_ms']:g} ms | {_verdict(a['p95'] * 1000 <= TARGETS['answer_p95_ms'])} |",
            f"| derivation line ({d['n']} lines) | median {_ms(d['median'])}, p95 {_ms(d['p95'])}, max {_ms(d['max'])} | p95 ≤ {TARGETS['derivation_line_p95_ms']:g} ms | {_verdict(d['p95'] * 1000 <= TARGETS['derivation_line_p95_ms'])} |",
            f"| whole derivation part ({p['n']}) | median {_ms(p['median'])}, p95 {_ms(p['p95'])}, max {_ms(p['max'])} | | |",
        ]
    if "memory" in results:
        mem = results["memory"]
        peaks = [mem["grader_peak_mib"]] + [b["largest_process_mib"] for b in results.get("batch", [])]
        lines += [
            f"| peak memory, grader (`grade` of one submission) | {mem['grader_peak_mib']:.0f} MiB | ≤ {TARGETS['memory_mib']:g} MB | {_verdict(max(peaks) <= TARGETS['memory_mib'])} |",
            f"| peak memory, sandbox child ({mem['isolation']}) | {mem['sandbox_peak_mib']:.0f} MiB | | |",
        ]
        for b in results.get("batch", []):
            lines.append(f"| peak memory, largest process of `grade batch --jobs {b['jobs']}` | {b['largest_process_mib']:.0f} MiB | ≤ {TARGETS['memory_mib']:g} MB | |")
    if "baseline" in results:
        n = results["baseline"]
        lines += [
            f"| code half, {n['count']} submissions, grader in one cold process | {_range(n['cold_grader'])} | | |",
            f"| naive baseline: one pytest file per submission, one cold pytest run | {_range(n['cold_naive'])} | | |",
            f"| grader / naive, cold | {_range(n['cold_ratio'], lambda v: f'{v:.2f}×')} | ≤ {TARGETS['code_ratio']}× | {_verdict(n['cold_ratio']['median'] <= TARGETS['code_ratio'])} |",
            f"| code half per submission, warm: grader / naive in-process loop | {_range(n['warm_grader_per_submission'], _ms)} / {_range(n['warm_naive_per_submission'], _ms)} = {n['warm_ratio']['median']:.2f}× | | |",
            (f"| code half's added time in a full warm grade (full − answers-only; the sandbox runs beside the answers half) | "
            f"{_range(n['warm_marginal_per_submission'], _ms)} per submission = {n['warm_marginal_ratio']['median']:.2f}× naive | | |"),
            f"| submissions whose naive code score differs from the grader's by > 0.5 point | {n['scores_differ_by_more_than_half_a_point']} of {n['count']} | | |",
        ]
    if "extended" in results:
        e = results["extended"]
        lines += [
            (f"| `grade examples/extended --course extended` / `grade examples/good` (alternating) | "
            f"{_range(e['extended'])} / {_range(e['default'])} = {_range(e['ratio'], lambda v: f'{v:.2f}×')} | ≤ {TARGETS['extended_ratio']}× | "
            f"{_verdict(e['ratio']['median'] <= TARGETS['extended_ratio'])} |"),
        ]
        if "inequality_link" in e:
            i, x = e["inequality_link"], e["extended_derivation_line"]
            lines += [
                (f"| inequality link, extended course ({i['n']} links) | median {_ms(i['median'])}, p95 {_ms(i['p95'])}, max {_ms(i['max'])} | "
                f"p95 ≤ {TARGETS['inequality_p95_ms']:g} ms | {_verdict(i['p95'] * 1000 <= TARGETS['inequality_p95_ms'])} |"),
                (f"| derivation line, extended course ({x['n']} lines) | median {_ms(x['median'])}, p95 {_ms(x['p95'])}, max {_ms(x['max'])} | "
                f"p95 ≤ {TARGETS['derivation_line_p95_ms']:g} ms | {_verdict(x['p95'] * 1000 <= TARGETS['derivation_line_p95_ms'])} |"),
            ]
    lines += ["", f"Reproduce: `{results['command']}`", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description="Measure the grader's speed and memory (issue 6).")
    parser.add_argument("--count", type=int, default=50, help="submissions in the generated class")
    parser.add_argument("--seed", type=int, default=2026, help="seed of the generated class")
    parser.add_argument("--repeats", type=int, default=7, help="runs of the cold measurement")
    parser.add_argument("--batch-repeats", type=int, default=3, help="runs of each batch measurement")
    parser.add_argument("--baseline-repeats", type=int, default=3, help="runs of the code half against the naive baseline")
    parser.add_argument("--seeds", type=int, default=3, help="seeds of the answer and derivation timings")
    parser.add_argument("--row-limit", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--only", default=",".join(DEFAULT_SECTIONS), help=f"comma-separated subset of {','.join(SECTIONS)}")
    parser.add_argument("--submission", type=Path, default=ROOT / "examples" / "typical", help="the submission of the cold and memory runs")
    parser.add_argument("--workdir", type=Path, default=None, help="where the class is generated (default: a temporary directory)")
    parser.add_argument("--markdown", type=Path, default=ROOT / "bench" / "results.md")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results.json")
    args = parser.parse_args(argv)
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(only) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections: {', '.join(sorted(unknown))}")

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-class-"))
    class_root = workdir / "class"
    if class_root.exists():
        shutil.rmtree(class_root)
    workload.generate(class_root, args.count, args.seed)
    command = "python bench/run.py" + ("" if argv is None and len(sys.argv) == 1 else " " + " ".join(argv if argv is not None else sys.argv[1:]))
    results: dict = {
        "command": command,
        "started": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "load_before": load_average(),
        "count": args.count,
        "seed": args.seed,
    }

    def step(name: str, work):
        if name in only:
            began = time.perf_counter()
            print(f"[bench] {name} ...", file=sys.stderr, flush=True)
            value = work()
            print(f"[bench] {name} done in {time.perf_counter() - began:.0f} s", file=sys.stderr, flush=True)
            return value
        return None

    cold = step("cold", lambda: bench_cold(args.submission.resolve(), args.repeats))
    batch = step("batch", lambda: [bench_batch(class_root, args.count, jobs, args.batch_repeats) for jobs in (1, 2)])
    check = step("checks", lambda: bench_checks(args.seeds, args.row_limit))
    memory = step("memory", lambda: bench_memory(args.submission.resolve()))
    baseline = step("baseline", lambda: bench_baseline(class_root, args.baseline_repeats))
    persistent = step("persistent", lambda: [bench_persistent(class_root, args.count, jobs, 1) for jobs in (1, 2)])
    extended = step("extended", lambda: bench_extended(args.repeats, args.seeds))
    for key, value in (("cold", cold), ("batch", batch), ("checks", check), ("memory", memory), ("baseline", baseline),
                       ("persistent", persistent), ("extended", extended)):
        if value is not None:
            results[key] = value
    results["load_after"] = load_average()
    results["finished"] = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    text = markdown(results)
    if args.workdir is None:
        shutil.rmtree(workdir, ignore_errors=True)
    args.markdown.parent.mkdir(parents=True, exist_ok=True)
    args.markdown.write_text(text, encoding="utf-8")
    args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    print(text)
    return results


if __name__ == "__main__":
    main()
