"""answers.md lines that would keep SymPy busy without bound (issue 10, item 5), and the hard
limits of the child that checks the answer problems.

Two layers are tested: the size estimate refuses the issue's two attacks before SymPy starts
(the step could not be checked: "too large to expand"), and, with that estimate switched
off, the child's limits (CPU per problem, address space, wall clock) stop the same attack:
the problem is charged with a message for a TA, every other problem is graded as usual.
"""

from __future__ import annotations

import json
import os
import shutil
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import grader.grading.pipeline
import grader.mathengine.moments
from grader.apps.cli import main
from grader.course.course import load_course
from grader.grading.answers_child import AnswersLimits, grade_apart
from grader.grading.pipeline import grade_problem, grade_submission
from grader.results.i18n import render
from grader.results.models import ERROR, GRADED, ProblemResult

from .arena import ANSWER_PROBLEMS, GOOD, Target, assert_contained, feedback_text, part_scores
from .test_answers_attacks import AnswerAttack, inject

#: Issue 10's two lines: an expectation whose expansion has about 10^11 monomials, and an
#: identity that kept `sympy.cancel` busy for 231 s.
EXPANSION = r"Var(z) = E((\sum_j\sum_k w_j a_k)^{30})"
CANCELLATION = r"(p+q+r+s+t+u)^{30} = (q+r+s+t+u+v)^{30}"
#: "A few seconds": the whole submission (code problems included; about 1.5 s on an idle machine)
#: with room for a shared machine at a load of 10 on 2 cores.
FEW_SECONDS = 20.0


def _derivation(*lines: str) -> AnswerAttack:
    return AnswerAttack("sympy attack", "$$\n" + " \\\\\n".join(lines) + "\n$$\n", derivation=True)


def _attacked(arena) -> Path:
    submission = arena.submission()
    answers = (GOOD / "answers.md").read_bytes()
    answers = inject(answers, "xavier-variance", "derivation", _derivation(EXPANSION, CANCELLATION))
    answers = inject(answers, "mle-mse", "derivation", _derivation(CANCELLATION))
    answers = inject(answers, "xavier-variance", "answer-a", AnswerAttack("expansion", r"$Var(w) = E((\sum_j\sum_k w_j a_k)^{30})$"))
    (submission / "answers.md").write_bytes(answers)
    return submission


def test_the_issues_sympy_attacks_end_in_seconds_and_cost_their_steps_only(arena, clean):
    outcome = arena.grade(_attacked(arena))
    assert outcome.seconds < FEW_SECONDS, f"grading took {outcome.seconds:.1f} s"
    # an unchecked step costs what it always costs: the derivations lose points, they are not zeroed
    derivations = [("xavier-variance", "derivation"), ("mle-mse", "derivation")]
    assert_contained(outcome, clean, [Target("xavier-variance", ("answer-a",), r"closed form|too large to expand")],
                     may_change=derivations)
    assert "could not be checked: too large to expand" in feedback_text(outcome.result, "xavier-variance", "derivation")
    assert "could not be checked" in feedback_text(outcome.result, "mle-mse", "derivation")
    for key in derivations:
        assert part_scores(outcome.result)[key] < part_scores(clean)[key]


def _without_size_bounds(monkeypatch) -> None:
    """The estimate switched off: only the child's hard limits stand between SymPy and the attack."""
    monkeypatch.setattr(grader.mathengine.moments, "MAX_MONOMIALS", 10**18)


def test_past_the_estimate_the_hard_cpu_limit_charges_that_problem_only(arena, clean, monkeypatch):
    _without_size_bounds(monkeypatch)
    monkeypatch.setattr(grader.grading.pipeline, "AnswersLimits", lambda: AnswersLimits(cpu_seconds=2.0, wall_seconds=30.0))
    outcome = arena.grade(_attacked(arena))
    assert outcome.seconds < 2 * FEW_SECONDS, f"grading took {outcome.seconds:.1f} s"
    assert_contained(outcome, clean, [Target("xavier-variance", None, r"exceeded the grader's time limit; a TA will look at it")],
                     may_change=[("mle-mse", "derivation")])
    xavier = next(p for p in outcome.result.problems if p.id == "xavier-variance")
    assert xavier.status == ERROR and "超出了评分程序的时间限制" in render(xavier.error, "zh")


def test_past_the_estimate_the_memory_limit_charges_that_problem_only(arena, clean, monkeypatch):
    _without_size_bounds(monkeypatch)
    monkeypatch.setattr(grader.grading.pipeline, "AnswersLimits",
                        lambda: AnswersLimits(cpu_seconds=30.0, wall_seconds=30.0, memory_bytes=64 << 20))
    outcome = arena.grade(_attacked(arena))
    assert_contained(outcome, clean, [Target("xavier-variance", None, r"exceeded the grader's (memory|time) limit")],
                     may_change=[("mle-mse", "derivation")])


def test_the_answers_child_gives_the_same_results_as_grading_in_process():
    problems = [p for p in load_course() if not hasattr(p, "grade_run")]
    here = grade_submission(GOOD, seed=11, problems=problems, answers_apart=False)
    apart = grade_submission(GOOD, seed=11, problems=problems)
    assert apart.problems == here.problems


# -- the mechanism, with problems that misbehave on purpose ------------------------------------


class _Problem:
    """A problem whose grading does `act` (trusted code standing in for SymPy gone wild)."""

    kind = "derivation"
    max_score = 2.0

    def __init__(self, id: str, act=None):
        self.id = id
        self.title = id
        self.act = act

    def grade(self, submission, context) -> ProblemResult:
        if self.act is not None:
            self.act()
        return ProblemResult(self.id, self.title, self.kind, GRADED, 2.0, 2.0)


def _spin():
    while True:
        pass


def _hog():
    hoard = []
    while True:
        hoard.append(bytearray(16 << 20))


def _raise():
    raise ValueError("a bug of the grader")


def _grade(problems, limits):
    from grader.course.problem import GradingContext
    from grader.reading.submission import Submission

    started = time.monotonic()
    results = grade_apart(problems, Submission(GOOD), GradingContext(seed=1), grader.grading.pipeline._grade_in_child, limits)
    return results, time.monotonic() - started


def _children() -> set[int]:
    me = os.getpid()
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as stat:
                    if int(stat.read().rsplit(b")", 1)[1].split()[1]) == me:
                        found.add(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    return found


@pytest.mark.parametrize(
    "act, limits, says, bound",
    [
        (_spin, AnswersLimits(cpu_seconds=1.0, wall_seconds=60.0), "time", 30.0),
        (lambda: time.sleep(3600), AnswersLimits(cpu_seconds=60.0, wall_seconds=1.0), "time", 30.0),
        (_hog, AnswersLimits(memory_bytes=128 << 20), "memory", 30.0),
        (lambda: os._exit(9), AnswersLimits(), "time/memory", 30.0),
    ],
    ids=["cpu", "wall clock", "memory", "a dead child"],
)
def test_a_problem_over_a_limit_costs_itself_and_the_next_ones_are_graded(act, limits, says, bound):
    before = _children()
    problems = [_Problem("first"), _Problem("wild", act), _Problem("after"), _Problem("last")]
    results, seconds = _grade(problems, limits)
    assert seconds < bound  # each well under a few seconds on an idle machine; `bound` allows for a loaded one
    assert [r.id for r in results] == ["first", "wild", "after", "last"]
    assert [r.score for r in results] == [2.0, 0.0, 2.0, 2.0]
    assert results[1].status == ERROR and results[1].error.key == "answers.limit_exceeded"
    assert render(results[1].error, "en") == f"Checking this problem exceeded the grader's {says} limit; a TA will look at it."
    assert _children() <= before, "the answers child outlived grading"


def test_a_grader_bug_in_the_child_is_recorded_as_before():
    results, _ = _grade([_Problem("bug", _raise), _Problem("fine")], AnswersLimits())
    assert results[0].error.key == "grader.internal_error" and "a bug of the grader" in results[0].error.params["error"]
    assert results[1].score == 2.0
    in_process = grade_problem(_Problem("bug", _raise), None, None)
    assert in_process == results[0]


# -- the same mechanism for `grade`, `grade batch` and Gradescope ------------------------------------

#: An instructor's problem whose checking needs 3 GiB: more than the answers child may add (1 GiB).
GREEDY_PROBLEM = '''
from grader.results.models import GRADED, ProblemResult


class Greedy:
    id = "greedy"
    title = "A problem whose checking needs 3 GiB"
    kind = "derivation"
    max_score = 1.0

    def grade(self, submission, context):
        block = bytearray(3 << 30)
        return ProblemResult(self.id, self.title, self.kind, GRADED, float(len(block) > 0), 1.0)


PROBLEM = Greedy()
'''
MEMORY_SAYS = "exceeded the grader's memory limit; a TA will look at it"


@pytest.fixture()
def greedy(tmp_path) -> Path:
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "greedy.py").write_text(textwrap.dedent(GREEDY_PROBLEM))
    return extra


def _answer_problems_graded(problems: list[dict]) -> None:
    for problem in problems:
        if problem["id"] in ANSWER_PROBLEMS:
            assert problem["score"] == problem["max_score"], problem["id"]


def test_grade_uses_the_answers_child(tmp_path, greedy):
    done = CliRunner().invoke(main, [str(GOOD), "--format", "json", "--problems", str(greedy)])
    assert done.exit_code == 0, done.output
    report = json.loads(done.stdout)
    added = report["problems"][-1]
    assert added["id"] == "greedy" and added["score"] == 0 and MEMORY_SAYS in json.dumps(added)
    _answer_problems_graded(report["problems"])


def test_batch_workers_use_the_answers_child(tmp_path, greedy):
    root = tmp_path / "class"
    root.mkdir()
    shutil.copytree(GOOD, root / "alice")
    out = tmp_path / "out"
    done = CliRunner().invoke(main, ["batch", str(root), "--out", str(out), "--jobs", "1", "--problems", str(greedy)])
    assert done.exit_code == 0, done.output
    report = json.loads((out / "alice" / "report.json").read_text())
    added = next(p for p in report["problems"] if p["id"] == "greedy")
    assert added["score"] == 0 and MEMORY_SAYS in json.dumps(added)
    _answer_problems_graded(report["problems"])


def test_gradescope_uses_the_answers_child(tmp_path, greedy):
    shutil.copytree(GOOD, tmp_path / "sub")
    results = tmp_path / "results.json"
    done = CliRunner().invoke(main, ["gradescope", "--submission", str(tmp_path / "sub"), "--results", str(results),
                                     "--problems", str(greedy)])
    assert done.exit_code == 0, done.output
    text = results.read_text()
    assert MEMORY_SAYS in text


def test_the_child_keeps_no_descriptor_but_its_pipe_and_the_standard_streams():
    def only_pipe_and_streams():
        listed = sorted(int(fd) for fd in os.listdir("/proc/self/fd"))
        if len([fd for fd in listed if fd > 2]) > 2:  # the pipe, and the listing's own descriptor
            raise AssertionError(f"descriptors kept: {listed}")

    kept_open = os.open(os.devnull, os.O_RDONLY)  # stands for a sandbox pipe open at the fork
    try:
        results, _ = _grade([_Problem("fds", only_pipe_and_streams)], AnswersLimits())
    finally:
        os.close(kept_open)
    assert results[0].score == 2.0, results[0].error


def test_the_child_dies_with_the_grader(tmp_path):
    """A grader killed while a problem spins: its answers child does not go on alone."""
    import signal
    import subprocess
    import sys

    marker = tmp_path / "child.pid"
    script = textwrap.dedent(f"""
        import os, sys
        sys.path.insert(0, {str(Path(__file__).resolve().parents[2])!r})
        from grader.grading.answers_child import AnswersLimits, grade_apart
        from grader.grading.pipeline import _grade_in_child
        from grader.course.problem import GradingContext
        from grader.reading.submission import Submission
        from tests.adversarial.test_answers_bounds import _Problem, _spin

        def spin_and_tell():
            with open({str(marker)!r}, "w") as told:
                told.write(str(os.getpid()))
            _spin()

        grade_apart([_Problem("spin", spin_and_tell)], Submission({str(GOOD)!r}), GradingContext(seed=1),
                    _grade_in_child, AnswersLimits(cpu_seconds=60, wall_seconds=60))
    """)
    grader_process = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 30
        while not marker.exists() or not marker.read_text():
            assert time.monotonic() < deadline and grader_process.poll() is None, "the child never started"
            time.sleep(0.05)
        child = int(marker.read_text())
    finally:
        grader_process.send_signal(signal.SIGKILL)
        grader_process.wait()
    deadline = time.monotonic() + 5
    while os.path.exists(f"/proc/{child}") and time.monotonic() < deadline:
        with open(f"/proc/{child}/stat", "rb") as stat:
            if stat.read().rsplit(b")", 1)[1].split()[0] == b"Z":
                break
        time.sleep(0.05)
    alive = os.path.exists(f"/proc/{child}")
    if alive:
        with open(f"/proc/{child}/stat", "rb") as stat:
            alive = stat.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    assert not alive, "the answers child outlived the grader"


def test_the_childs_limits_are_in_force_while_a_problem_is_checked():
    import resource

    seen = {}

    def look():
        seen["cpu"] = resource.getrlimit(resource.RLIMIT_CPU)[0]
        seen["as"] = resource.getrlimit(resource.RLIMIT_AS)[0]
        seen["core"] = resource.getrlimit(resource.RLIMIT_CORE)[0]
        usage = resource.getrusage(resource.RUSAGE_SELF)
        if not (0 < seen["cpu"] <= usage.ru_utime + usage.ru_stime + 5 + 1):
            raise AssertionError(f"CPU limit {seen}")
        if seen["as"] == resource.RLIM_INFINITY or seen["as"] > (3 << 30) or seen["core"] != 0:
            raise AssertionError(f"limits {seen}")

    own = [resource.getrlimit(r) for r in (resource.RLIMIT_CPU, resource.RLIMIT_AS, resource.RLIMIT_CORE)]
    results, _ = _grade([_Problem("limits", look)], AnswersLimits(cpu_seconds=5, memory_bytes=256 << 20))
    assert results[0].score == 2.0, results[0].error
    assert seen == {}, "the problem was checked in the grader's own process"
    assert own == [resource.getrlimit(r) for r in (resource.RLIMIT_CPU, resource.RLIMIT_AS, resource.RLIMIT_CORE)]


def test_an_unreadable_line_from_the_child_is_a_recorded_fault(monkeypatch):
    import grader.grading.answers_child

    real = grader.grading.answers_child._line

    def garbled(event):
        return b"{not json\n" if "done" in event and event["done"] == 1 else real(event)

    monkeypatch.setattr(grader.grading.answers_child, "_line", garbled)  # the child is forked with it
    results, _ = _grade([_Problem("a"), _Problem("b"), _Problem("c")], AnswersLimits())
    assert [r.score for r in results] == [2.0, 0.0, 2.0]
    assert results[1].error.key == "grader.internal_error"


def test_children_reaped_by_the_system_still_give_results():
    import signal

    previous = signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped without waitpid
    try:
        results, _ = _grade([_Problem("a"), _Problem("dies", lambda: os._exit(9)), _Problem("c")], AnswersLimits())
    finally:
        signal.signal(signal.SIGCHLD, previous)
    assert [r.score for r in results] == [2.0, 0.0, 2.0]
    assert results[1].error.key == "answers.limit_exceeded"
