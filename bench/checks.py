"""Time of one answer check and of one derivation line, in a warm grader process.

An answer check is `problem.judge_answer` on one already-parsed answer (every
row of tests/test_answers_table.py, at several seeds).  A derivation line is
the time `check_derivation` spends on that line: parsing it and judging its
links (every derivation of tests/test_derivations_table.py and of the two
example submissions, at several seeds).  Lines are told apart by timing each
call of `parse_line` inside `grader.derivations.derivation`, which starts every line.
"""

from __future__ import annotations

import itertools
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def percentile(values: list[float], q: float) -> float:
    """The q-quantile by the nearest rank (no interpolation: a p95 is a time that happened)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def summary(values: list[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "median": statistics.median(values),
        "p95": percentile(values, 0.95),
        "max": max(values),
        "min": min(values),
    }


def _tables():
    tests = str(ROOT / "tests")
    if tests not in sys.path:
        sys.path.insert(0, tests)
    import test_answers_table
    import test_derivations_table

    return test_answers_table, test_derivations_table


def warm_up(problems) -> None:
    """What a grader process does once: parse every problem's own LaTeX."""
    for problem in problems:
        problem.checker(0)
        _ = problem._parsed, problem.known_names


def answer_check_times(seeds: range = range(3), limit: int | None = None) -> list[float]:
    from grader.mathparse import MathParseError, parse_line

    answers_table, _ = _tables()
    problems = answers_table.PROBLEMS
    warm_up(problems.values())
    times = []
    for seed in seeds:
        for problem_id, part, written, _credit, _mistake in answers_table.ROWS[:limit]:
            problem = problems[problem_id]
            answer = next(a for a in problem.answers if a.part == part)
            try:
                term = parse_line(written, problem.notation).terms[-1]
            except MathParseError:
                continue
            checker = problem.checker(seed=seed * 1000 + len(times))
            started = time.perf_counter()
            problem.judge_answer(answer, term, checker)
            times.append(time.perf_counter() - started)
    return times


@contextmanager
def _line_clock(marks: list[float]) -> Iterator[None]:
    """Record the time at which check_derivation starts each line (it reads each with read_statement)."""
    from grader.derivations import derivation

    original = derivation.read_statement

    def timed(*args, **kwargs):
        marks.append(time.perf_counter())
        return original(*args, **kwargs)

    derivation.read_statement = timed
    try:
        yield
    finally:
        derivation.read_statement = original


def derivation_sections() -> list[tuple[str, str, object]]:
    """(name, problem id, section) of every derivation the benchmark times."""
    from grader.course.course import answer_modules, load_problem
    from grader.reading.answers_md import read_answers_document

    _, derivations_table = _tables()
    out = []
    for name, module, markdown, _invalid, _points in derivations_table.ROWS:
        problem = load_problem(module)
        section = read_answers_document(markdown).section(problem.id)
        out.append((name, problem, section))
    for example in ("good", "typical"):
        out += example_derivations(example, answer_modules("default"))
    return out


def example_derivations(example: str, modules: tuple[str, ...]) -> list[tuple[str, object, object]]:
    """(name, problem, section) of the derivations `examples/EXAMPLE/answers.md` writes for `modules`."""
    from grader.course.course import load_problem
    from grader.reading.answers_md import read_answers_document

    document = read_answers_document((ROOT / "examples" / example / "answers.md").read_text())
    out = []
    for module in modules:
        problem = load_problem(module)
        section = document.section(problem.id)
        if section is not None and section.derivation:
            out.append((f"{example}/{problem.id}", problem, section))
    return out


def derivation_line_times(seeds: range = range(3), limit: int | None = None) -> tuple[list[float], list[float]]:
    """(seconds per derivation line, seconds per whole derivation part incl. start and goal checks)."""
    from grader.derivations.derivation import check_derivation

    sections = derivation_sections()[:limit]
    warm_up({id(p): p for _, p, _ in sections}.values())
    lines: list[float] = []
    wholes: list[float] = []
    for seed in seeds:
        for _name, problem, section in sections:
            marks: list[float] = []
            with _line_clock(marks):
                check_derivation(section.derivation, problem.notation, problem.checker(seed=seed), problem.known_names)
                ended = time.perf_counter()
            marks.append(ended)
            lines += [b - a for a, b in itertools.pairwise(marks)]
            started = time.perf_counter()
            problem.grade_derivation(section, problem.checker(seed=seed), problem.derivation.points)
            wholes.append(time.perf_counter() - started)
    return lines, wholes


@contextmanager
def _inequality_clock(times: list[float]) -> Iterator[None]:
    """Record the duration of every inequality link (and inequality chain) check_derivation judges."""
    from grader.derivations import derivation

    originals = {name: getattr(derivation, name) for name in ("inequality_holds", "chain_holds")}

    def timed(original):
        def call(*args, **kwargs):
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                times.append(time.perf_counter() - started)
        return call

    for name, original in originals.items():
        setattr(derivation, name, timed(original))
    try:
        yield
    finally:
        for name, original in originals.items():
            setattr(derivation, name, original)


def extended_derivation_sections() -> list[tuple[str, object, object]]:
    """(name, problem, section) of every extended-course derivation the benchmark times:
    the rows of tests/test_extended_derivations.py and examples/extended."""
    from grader.course.course import load_problem
    from grader.reading.answers_md import read_answers_document

    tests = str(ROOT / "tests")
    if tests not in sys.path:
        sys.path.insert(0, tests)
    import test_extended_derivations

    out = []
    for name, module, markdown, _invalid, _points in test_extended_derivations.ROWS:
        problem = load_problem(module)
        out.append((name, problem, read_answers_document(markdown).section(problem.id)))
    out += example_derivations("extended", ("l1_soft_threshold", "map_priors", "dropout_moments", "perceptron_convergence", "nonconvex_111"))
    return out


def inequality_link_times(seeds: range = range(3)) -> tuple[list[float], list[float]]:
    """(seconds per inequality link, seconds per derivation line) of the extended course's derivations.

    A link is one call of the inequality judge inside `check_derivation`, at a fresh checker per
    derivation and seed: the first link of a derivation pays for the sampled points (the
    perceptron runs), as it does when a submission is graded.
    """
    from grader.derivations.derivation import check_derivation

    sections = extended_derivation_sections()
    warm_up({id(p): p for _, p, _ in sections}.values())
    links: list[float] = []
    lines: list[float] = []
    for seed in seeds:
        for _name, problem, section in sections:
            marks: list[float] = []
            with _line_clock(marks), _inequality_clock(links):
                check_derivation(section.derivation, problem.notation, problem.checker(seed=seed), problem.known_names)
                marks.append(time.perf_counter())
            lines += [b - a for a, b in itertools.pairwise(marks)]
    return links, lines


def whole_answers_times(path: Path, repeats: int = 5) -> list[float]:
    """All five derivation problems of one answers.md (read, answers, derivations), warm."""
    from grader.course.course import answer_modules, load_problem
    from grader.course.problem import GradingContext
    from grader.reading.answers_md import read_answers_document
    from grader.reading.submission import Submission

    problems = [load_problem(m) for m in answer_modules("default")]
    warm_up(problems)
    times = []
    for repeat in range(repeats):
        started = time.perf_counter()
        document = read_answers_document(path.read_text())
        context = GradingContext(seed=repeat, answers=document)
        for problem in problems:
            problem.grade(Submission(path.parent), context)
        times.append(time.perf_counter() - started)
    return times


def large_document_times(repeats: int = 3) -> dict[str, list[float]]:
    """CPU seconds to read two 5 MB answers.md files: many sections (truncated), and one embedded image.

    These were timed assertions in tests/test_answers_md.py; a busy CI machine made them flaky, so the
    tests keep the behaviour (truncation, the answer found) and the cost is measured here.
    """
    from grader.reading.answers_md import read_answers_document

    chunk = "## mle-mse\nSome prose with $x$ inline.\nAnswer: $x^2$\n$$\na &= b \\\\\n&= c\n$$\n\n"
    many_sections = chunk * (5_000_000 // len(chunk))
    image = "![plot](data:image/png;base64," + "iVBORw0KGgo" * 400_000 + ")\n"
    prose = "Some words about the derivation, with $x$ inline and **bold** text.\n" * 20_000
    with_image = "## mle-mse\n" + image + prose + "Answer: $x^2$\n$$a = b$$\n"
    times: dict[str, list[float]] = {"many sections": [], "embedded image": []}
    for _ in range(repeats):
        for name, text in (("many sections", many_sections), ("embedded image", with_image)):
            started = time.process_time()
            read_answers_document(text)
            times[name].append(time.process_time() - started)
    return times
