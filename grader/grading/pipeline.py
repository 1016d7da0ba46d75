"""Grading a submission: the library entry point the CLI is a shell over."""

from __future__ import annotations

import dataclasses
import threading
import time
import traceback
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from grader import __version__
from grader.course.course import code_modules, course_files, course_modules, known_files, load_course
from grader.course.problem import CodeRunProblem, GradingContext, GradingOptions, Problem, derive_seed, is_code_problem, unscored
from grader.grading.answers_child import AnswersLimits, can_fork, grade_apart
from grader.reading.submission import ANSWERS_FILE, Submission, SubmissionFileError, find_root
from grader.results.i18n import define
from grader.results.models import ERROR, NOT_GRADED, GradingResult, Message, ProblemResult


def default_seed(submission: Submission) -> int:
    """Seed of a submission when none is given: stable for the same files, different between students.

    It reads the default course's files (`known_files()`) whichever course grades the submission:
    a folder keeps the seed it always had under ``--course extended`` or with extra problems (and
    the seed is known before the course graded is loaded, as the sandbox run that starts first needs it)."""
    return derive_seed(0, submission.fingerprint(known_files()))


def read_answers(submission: Submission, problem_ids: tuple[str, ...] = ()) -> tuple[Any, Message | None]:
    """answers.md, parsed into sections (headings read against the course's `problem_ids`); or None and why not."""
    from grader.reading.answers_md import read_answers_document

    try:
        text = submission.read_text(ANSWERS_FILE)
    except SubmissionFileError as exc:
        return None, exc.message
    return read_answers_document(text, problem_ids), None


def grade_submission(
    path: str | Path,
    *,
    seed: int | None = None,
    problems: Sequence[Problem] | None = None,
    options: Mapping[str, Any] | None = None,
    answers_apart: bool = True,
) -> GradingResult:
    """Grade one submission directory; never raises for anything the submission contains.

    The answer problems are checked in a forked child under hard limits
    (`grader.grading.answers_child`) unless `answers_apart` is False (the warm-up's own trusted input,
    whose work must stay in this process).
    """
    started = time.monotonic()
    options = GradingOptions.of(options)
    if problems is None:
        problems, submission, early_run = _course_and_submission(Path(path), seed, options)
    else:
        # the files may sit in a folder the student wrapped them in; the report still names `path`
        submission, early_run = Submission(find_root(Path(path), known=course_files(problems))), None
    if not submission.root.is_dir():
        return GradingResult(
            submission=str(path),
            seed=seed or 0,
            problems=tuple(_failed(p, Message("submission.not_a_directory", {"path": str(path)})) for p in problems),
            duration_seconds=time.monotonic() - started,
            grader_version=__version__,
        )
    if seed is None:
        seed = default_seed(submission)
    answers, answers_error = read_answers(submission, tuple(p.id for p in problems))
    context = GradingContext(seed=seed, answers=answers, answers_error=answers_error, options=options)
    code_run = early_run if early_run is not None and early_run.covers(problems) else _CodeRun(problems, submission, context)
    # the sandbox child runs (and mostly waits on its own start-up) while answers.md is graded
    code_run.start()
    graded = _grade_answers([p for p in problems if not is_code_problem(p)], submission, context, answers_apart)
    run = code_run.result()
    results = tuple(graded[id(p)] if id(p) in graded else grade_problem(p, submission, context, run) for p in problems)
    isolation = next((r.isolation for r in results if r.isolation), None)
    details = getattr(run, "details", None)
    return GradingResult(
        submission=str(path),
        seed=seed,
        problems=results,
        isolation=isolation,
        isolation_details=details.to_dict() if details is not None else None,
        duration_seconds=time.monotonic() - started,
        grader_version=__version__,
    )


def _course_and_submission(path: Path, seed: int | None, options: GradingOptions) -> tuple[Sequence[Problem], Submission, _CodeRun | None]:
    """The course's problems, the submission's folder, and the code problems' sandbox run when it
    could start early.

    The sandbox child (a fresh Python with NumPy) starts before SymPy is even imported here: the
    course's code problems need NumPy only, and their calls do not depend on answers.md.  The
    files may sit in a folder the student wrapped them in, found by the course's files
    (`known_files`: its code problems say theirs, the others' declarations that they read
    answers.md).  An instructor's extra problems are imported with the course before anything
    starts: only then are their files known.
    """
    extra = options.problem_dirs
    if extra:
        problems = load_course(course_modules(options.course), extra=extra)
        return problems, Submission(find_root(path, known=course_files(problems))), None
    submission = Submission(find_root(path, known=known_files(options.course)))
    early_run = None
    if submission.root.is_dir():
        early_seed = default_seed(submission) if seed is None else seed
        early_run = _CodeRun(load_course(code_modules(options.course)), submission, GradingContext(seed=early_seed, options=options))
        early_run.start()
    return load_course(course_modules(options.course)), submission, early_run


def warm_up(problems: Sequence[Problem] | None = None) -> GradingResult:
    """Grade a tiny synthetic submission once, in this process, and return its result.

    What every grading process computes once (the problems' own LaTeX parsed, the reference
    and its known mistakes imported, the sandbox's isolation probed) is then in memory;
    `grade batch` forks its workers from a warmed process, so that each of them does not
    redo about a second of this work for its one submission.
    """
    import tempfile

    problems = load_course() if problems is None else problems
    with tempfile.TemporaryDirectory(prefix="grader-warm-up-") as directory:
        root = Path(directory)
        sections = [f"## {p.id}\n\nAnswer: 0\n\n$$\n0 = 0\n$$\n" for p in problems]
        (root / ANSWERS_FILE).write_text("\n".join(sections), encoding="utf-8")
        for problem in _code_problems(problems):
            for name in problem.files:
                (root / name).write_text("", encoding="utf-8")
        return grade_submission(root, seed=0, problems=problems, answers_apart=False)


def _grade_answers(problems: Sequence[Problem], submission: Submission, context: GradingContext, apart: bool) -> dict[int, ProblemResult]:
    """The answer problems' results by id(problem): in a forked child under hard limits where possible."""
    if not problems:
        return {}
    if not (apart and can_fork()):
        return {id(p): grade_problem(p, submission, context) for p in problems}
    limits = context.options.answers_limits or AnswersLimits()
    try:
        results = grade_apart(problems, submission, context, _grade_in_child, limits)
    except OSError:  # no pipe or no fork (a process limit of the machine): graded here, as before
        traceback.print_exc(limit=5, file=_stderr())
        return {id(p): grade_problem(p, submission, context) for p in problems}
    return {id(p): r for p, r in zip(problems, results)}


def _grade_in_child(problem: Problem, submission: Submission, context: GradingContext) -> ProblemResult:
    """`grade_problem`, except that a MemoryError (the child's address-space limit) reaches the child's loop."""
    return grade_problem(problem, submission, context, reraise=(MemoryError,))


def _run_code(problems: Sequence[Problem], submission: Submission, context: GradingContext) -> Any:
    """Run every code problem's calls in one sandbox child (one process start per submission).

    Each `CodeRunProblem` plans its calls (`plan_calls`); the RunReport of the shared run is
    handed to each one's `grade_run`.  Returns None when no problem has calls.
    """
    calls = []
    files: list[str] = []
    for problem in _code_problems(problems):
        try:
            calls.extend(problem.plan_calls(submission, context))
            files.extend(problem.files)
        except Exception:
            traceback.print_exc(limit=5, file=_stderr())
    if not calls:
        return None
    from grader.sandbox import SandboxLimits, run_calls

    limits = context.options.sandbox_limits or SandboxLimits()
    try:
        run = run_calls(submission.root, calls, files=sorted(set(files)), limits=limits)
    except Exception as exc:  # recorded per problem by grade_problem
        return exc
    return _follow_up(problems, submission, context, run, files, limits)


def _follow_up(problems: Sequence[Problem], submission: Submission, context: GradingContext, run: Any, files, limits) -> Any:
    """A second sandbox run of the calls the first run's results ask for (`follow_up_calls`: a
    backward pass given the reference's cache where the student's forward failed), in a fresh
    child, merged into the first run's report; the first run alone if none is asked or it fails."""
    calls = []
    for problem in _code_problems(problems):
        try:
            calls.extend(problem.follow_up_calls(submission, context, run))
        except Exception:
            traceback.print_exc(limit=5, file=_stderr())
    if not calls:
        return run
    from grader.sandbox import run_calls

    try:
        second = run_calls(submission.root, calls, files=sorted(set(files)), limits=limits)
    except Exception:  # the follow-up only ever adds points: without it, grading goes on as before
        traceback.print_exc(limit=5, file=_stderr())
        return run
    return dataclasses.replace(
        run,
        outcomes={**run.outcomes, **second.outcomes},
        child_cpu_seconds=run.child_cpu_seconds + second.child_cpu_seconds,
        wall_seconds=run.wall_seconds + second.wall_seconds,
    )


class _CodeRun:
    """`_run_code` in a background thread (the sandbox starts its child without preexec_fn and
    enforces every time limit from the parent, so it is safe off the main thread)."""

    def __init__(self, problems: Sequence[Problem], submission: Submission, context: GradingContext):
        self._args = (problems, submission, context)
        self._value: Any = None
        self._thread: threading.Thread | None = None

    def covers(self, problems: Sequence[Problem]) -> bool:
        """Whether this run makes the calls of exactly the code problems among `problems`."""
        mine = {id(p) for p in _code_problems(self._args[0])}
        return mine == {id(p) for p in _code_problems(problems)}

    def start(self) -> None:
        if self._thread is not None or not _code_problems(self._args[0]):
            return
        self._thread = threading.Thread(target=self._work, name="grader-sandbox-run")
        self._thread.start()

    def _work(self) -> None:
        try:
            self._value = _run_code(*self._args)
        except BaseException as exc:  # handed to the code problems, as _run_code does
            self._value = exc if isinstance(exc, Exception) else RuntimeError(repr(exc))

    def result(self) -> Any:
        if self._thread is not None:
            self._thread.join()
        return self._value


def grade_problem(
    problem: Problem, submission: Submission, context: GradingContext, run: Any = None, reraise: tuple[type[BaseException], ...] = ()
) -> ProblemResult:
    """One problem's result; a fault of the grader is recorded, not raised (except the `reraise` kinds)."""
    try:
        if isinstance(problem, CodeRunProblem):
            if _is_refusal(run):
                return _refused(problem, Message("sandbox.refused", {"reason": run.reason}))
            if isinstance(run, Exception):
                raise run
            return problem.grade_run(submission, context, run)
        return problem.grade(submission, context)
    except reraise:
        raise
    except Exception as exc:  # a grader bug must not cost the other problems
        detail = f"{type(exc).__name__}: {exc}"[:300]
        traceback.print_exc(limit=5, file=_stderr())
        return _failed(problem, Message("grader.internal_error", {"error": detail}))


define({
    "sandbox.refused": (
        "The code was not run, so this problem is not graded: {reason}. Please tell the course staff.",
        "代码未运行，本题未评分：{reason}。请告知课程工作人员。",
    ),
})


def _code_problems(problems: Sequence[Problem]) -> list[CodeRunProblem]:
    """The problems graded from the shared sandbox run, in course order."""
    return [p for p in problems if isinstance(p, CodeRunProblem)]


def _is_refusal(run: Any) -> bool:
    """The sandbox refused to run student code under the isolation policy (no safe uid, no namespaces)."""
    from grader.sandbox.isolation import IsolationRefused

    return isinstance(run, IsolationRefused)


def _refused(problem: Problem, message: Message) -> ProblemResult:
    return unscored(problem, NOT_GRADED, message)


def _failed(problem: Problem, message: Message) -> ProblemResult:
    return unscored(problem, ERROR, message)


def _stderr():
    import sys

    return sys.stderr
