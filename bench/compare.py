"""This checkout against another one, side by side on the same machine: `python3 bench/compare.py --before DIR`.

Runs, for each round, every measurement on the other checkout (`--before`) and then on this
one, alternating, so that both see the same load: `bench/run.py --only cold,batch,checks`,
`bench/code_cpu.py` and `bench/render.py` (this checkout's file, with the other checkout's
`grader` on PYTHONPATH: the other one may not have it).  Then `bench/run.py --only extended`
here.  Compiled bytecode is cached for both in one temporary prefix (`PYTHONPYCACHEPREFIX`),
as an installed grader has it; otherwise each cold process compiles the grader's sources
again and a larger tree pays for its size.

The figures go to bench/results.md and bench/results.json: for each measurement the median
of each checkout over all rounds, and the median of the per-round ratios (after / before,
each round's pair measured back to back), against the issues' targets.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TREES = ("before", "after")


def _environment(pycache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")}
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def measure_round(tree: Path, label: str, number: int, out: Path, args: argparse.Namespace, env: dict[str, str]) -> None:
    """Every side-by-side measurement of one checkout, written as `{label}.{kind}.r{number}.*` under `out`."""
    stem = str(out / f"{label}.%s.r{number}")  # a str: a Path has no % formatting
    subprocess.run(
        [sys.executable, "bench/run.py", "--only", "cold,batch,checks", "--count", str(args.count), "--repeats", str(args.repeats),
         "--batch-repeats", "1", "--seeds", "1", "--workdir", str(out / f"class-{label}"),
         "--markdown", str(stem % "run") + ".md", "--json", str(stem % "run") + ".json"],
        cwd=tree, env=env, check=True, stdout=subprocess.DEVNULL,
    )
    cpu = subprocess.run([sys.executable, "bench/code_cpu.py", "--rounds", "3"], cwd=tree, env=env, check=True, capture_output=True, text=True)
    Path(str(stem % "cpu") + ".txt").write_text(cpu.stdout)
    render = subprocess.run([sys.executable, str(ROOT / "bench" / "render.py"), "--count", "10", "--repeats", "3"],
                            cwd=tree, env={**env, "PYTHONPATH": str(tree)}, check=True, capture_output=True, text=True)
    Path(str(stem % "render") + ".json").write_text(render.stdout.strip().splitlines()[-1])


def code_cpu_figures(text: str) -> dict[str, float]:
    """bench/code_cpu.py's printed medians, in seconds."""
    return {m.group(1): int(m.group(2)) / 1000 for m in re.finditer(r"^\s*(\w+): median (\d+) ms", text, re.MULTILINE)}


def _rounds(out: Path, label: str, kind: str, suffix: str) -> list[Path]:
    return sorted(out.glob(f"{label}.{kind}.r*{suffix}"), key=lambda p: int(re.search(r"\.r(\d+)\.", p.name).group(1)))


def pair(before: list[float], after: list[float], target: str = "", met: bool | None = None, higher_is_better: bool = False) -> dict:
    """One row: each side's median and the median of the per-round ratios after / before."""
    ratios = [a / b for a, b in zip(after, before)]
    return {"before": before, "after": after, "before_median": statistics.median(before), "after_median": statistics.median(after),
            "ratio_runs": ratios, "ratio": statistics.median(ratios), "target": target, "met": met, "higher_is_better": higher_is_better}


def aggregate(out: Path) -> dict:
    """The comparison rows from the files `measure_round` wrote (and `extended.json`)."""
    runs = {t: [json.loads(p.read_text()) for p in _rounds(out, t, "run", ".json")] for t in TREES}
    n = min(len(runs["before"]), len(runs["after"]))
    if n == 0:
        raise SystemExit(f"no rounds in {out}")
    rows: dict[str, dict] = {}

    def per_round(tree: str, pick, section: str = "cold") -> list[float]:
        return [pick(r) for r in runs[tree][:n] if section in r]

    cold = {t: per_round(t, lambda r: r["cold"]["grade"]["median"]) for t in TREES}
    rows["cold"] = pair(cold["before"], cold["after"], "≤ 1.15×")
    rows["cold"]["met"] = rows["cold"]["ratio"] <= 1.15
    floor = {t: per_round(t, lambda r: r["cold"]["ratio"]["median"]) for t in TREES}
    rows["cold_over_floor"] = pair(floor["before"], floor["after"])
    for index, jobs in ((0, 1), (1, 2)):
        rate = {t: per_round(t, lambda r: r["batch"][index]["per_second"]["median"], "batch") for t in TREES}
        rows[f"batch_jobs{jobs}"] = pair(rate["before"], rate["after"], "≥ 0.85×" if jobs == 2 else "", higher_is_better=True)
        if jobs == 2:
            rows["batch_jobs2"]["met"] = rows["batch_jobs2"]["ratio"] >= 0.85
    for key in ("answer_check", "derivation_line", "derivation_part"):
        p95 = {t: per_round(t, lambda r: r["checks"][key]["p95"], "checks") for t in TREES}
        rows[f"{key}_p95"] = pair(p95["before"], p95["after"])
    rows["derivation_line_p95"].update(target="p95 ≤ 50 ms", met=rows["derivation_line_p95"]["after_median"] <= 0.050)
    cpu = {t: [code_cpu_figures(p.read_text()) for p in _rounds(out, t, "cpu", ".txt")] for t in TREES}
    m = min(len(cpu["before"]), len(cpu["after"]))
    if m:
        for key in ("parent", "child", "total"):
            rows[f"code_cpu_{key}"] = pair([c[key] for c in cpu["before"][:m]], [c[key] for c in cpu["after"][:m]])
        rows["code_cpu_total"].update(target="≤ 1.3×", met=rows["code_cpu_total"]["ratio"] <= 1.3)
    render = {t: [json.loads(p.read_text()) for p in _rounds(out, t, "render", ".json")] for t in TREES}
    m = min(len(render["before"]), len(render["after"]))
    if m:
        for fmt in ("html", "md", "text", "json"):
            rows[f"render_{fmt}"] = pair([r["ms_per_report"][fmt] / 1000 for r in render["before"][:m]],
                                         [r["ms_per_report"][fmt] / 1000 for r in render["after"][:m]], "≤ 1.2×")
            rows[f"render_{fmt}"]["met"] = rows[f"render_{fmt}"]["ratio"] <= 1.2
        rows["html_bytes"] = pair([render["before"][0]["bytes"]["html"]], [render["after"][0]["bytes"]["html"]])
    extended = json.loads((out / "extended.json").read_text())["extended"] if (out / "extended.json").exists() else None
    return {
        "rounds": n,
        "machine": runs["after"][0]["machine"],
        "count": runs["after"][0]["count"],
        "started": runs["before"][0]["started"],
        "load": {t: [r["load_before"] for r in runs[t][:n]] for t in TREES},
        "rows": rows,
        "extended": extended,
    }


LABELS = {
    "cold": ("cold `grade examples/typical` (process start to report)", "s"),
    "cold_over_floor": ("cold grade / `python -c \"import sympy, numpy\"` beside it", "×"),
    "batch_jobs1": ("`grade batch --jobs 1` throughput", "/s"),
    "batch_jobs2": ("`grade batch --jobs 2` throughput", "/s"),
    "answer_check_p95": ("answer check, p95 (warm)", "ms"),
    "derivation_line_p95": ("derivation line, p95 (warm, default course's tables)", "ms"),
    "derivation_part_p95": ("whole derivation part, p95 (warm)", "ms"),
    "code_cpu_parent": ("code files of one submission: grader's CPU (`bench/code_cpu.py`)", "ms"),
    "code_cpu_child": ("code files of one submission: sandbox child's CPU", "ms"),
    "code_cpu_total": ("code files of one submission: CPU in all", "ms"),
    "render_html": ("render the HTML report (`bench/render.py`)", "ms"),
    "render_md": ("render the Markdown report", "ms"),
    "render_text": ("render the text report", "ms"),
    "render_json": ("render the JSON report", "ms"),
    "html_bytes": ("HTML report's size", "B"),
}


def _value(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "ms":
        return f"{value * 1000:.1f} ms"
    if unit == "/s":
        return f"{value:.2f}/s"
    if unit == "B":
        return f"{value / 1000:.0f} KB"
    return f"{value:.2f}×"


def markdown(results: dict) -> str:
    m = results["machine"]
    load = results["load"]
    lines = [
        (f"Measured {results['started']} on {m['cpu']}, {m['cores']} cores, {m['os']}, Python {m['python']}; "
        f"{results['rounds']} rounds, each running the previous checkout then this one back to back; load average (1, 5, 15 min) "
        f"at the start of each run: before {load['before']}, after {load['after']}. Workload: {results['count']} generated "
        "submissions (seed 2026). Each side: median over the rounds; ratio: median of the per-round ratios after / before."),
        "",
        "| what | before | after | ratio (per-round range) | target | |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for key, row in results["rows"].items():
        label, unit = LABELS[key]
        verdict = "" if row["met"] is None else ("met" if row["met"] else "**not met**")
        lines.append(f"| {label} | {_value(row['before_median'], unit)} | {_value(row['after_median'], unit)} | {row['ratio']:.2f}× ({min(row['ratio_runs']):.2f}–{max(row['ratio_runs']):.2f}) | {row['target']} | {verdict} |")
    e = results.get("extended")
    if e:
        i, x = e["inequality_link"], e["extended_derivation_line"]
        lines += [
            (f"| `grade examples/extended --course extended` / `grade examples/good` (this checkout, alternating) | | "
            f"{e['extended']['median']:.2f} s / {e['default']['median']:.2f} s | {e['ratio']['median']:.2f}× | ≤ 1.6× | "
            f"{'met' if e['ratio']['median'] <= 1.6 else '**not met**'} |"),
            (f"| inequality link, extended course ({i['n']} links), p95 | | {i['p95'] * 1000:.1f} ms (median {i['median'] * 1000:.1f} ms, max {i['max'] * 1000:.1f} ms) | | ≤ 50 ms | "
            f"{'met' if i['p95'] <= 0.050 else '**not met**'} |"),
            (f"| derivation line, extended course ({x['n']} lines), p95 | | {x['p95'] * 1000:.1f} ms (median {x['median'] * 1000:.1f} ms, max {x['max'] * 1000:.1f} ms) | | ≤ 50 ms | "
            f"{'met' if x['p95'] <= 0.050 else '**not met**'} |"),
        ]
    lines += ["", "Reproduce: `python3 bench/compare.py --before PREVIOUS_CHECKOUT`", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="the previous checkout (read only)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--count", type=int, default=20, help="submissions in the generated class")
    parser.add_argument("--repeats", type=int, default=3, help="cold runs per round")
    parser.add_argument("--out", type=Path, default=None, help="where each round's files go (default: a temporary directory)")
    parser.add_argument("--aggregate-only", action="store_true", help="only read the rounds already in --out")
    parser.add_argument("--markdown", type=Path, default=ROOT / "bench" / "results.md")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results.json")
    args = parser.parse_args(argv)
    out = args.out or Path(tempfile.mkdtemp(prefix="bench-compare-"))
    out.mkdir(parents=True, exist_ok=True)
    if not args.aggregate_only:
        env = _environment(out / "pycache")
        for number in range(1, args.rounds + 1):
            for label, tree in (("before", args.before.resolve()), ("after", ROOT)):
                measure_round(tree, label, number, out, args, env)
        subprocess.run([sys.executable, "bench/run.py", "--only", "extended", "--repeats", "5", "--seeds", "3",
                        "--markdown", str(out / "extended.md"), "--json", str(out / "extended.json")],
                       cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    results = aggregate(out)
    results["finished"] = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    args.markdown.write_text(markdown(results), encoding="utf-8")
    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(markdown(results))
    return results


if __name__ == "__main__":
    main()
