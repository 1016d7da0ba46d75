"""The answers half of grading in a forked child with hard limits: trusted code, hostile input.

Checking answers.md runs SymPy on what a student wrote.  `grader.mathengine.bounds` sizes every
expansion before it starts and each derivation problem has a cooperative time limit, but
neither is a guarantee against a case nobody foresaw.  So the answer problems are graded in
a child forked from the grader itself (already warm: nothing is imported again), under
limits the kernel and this parent enforce from outside:

- CPU time per problem (`RLIMIT_CPU`, raised by the child before each problem: the kernel
  stops it with SIGXCPU past the problem's share);
- address space (`RLIMIT_AS`: the grader's own size at the fork plus `memory_bytes`; SymPy
  then meets a MemoryError);
- wall-clock time per problem, measured here: the child is killed with SIGKILL when a
  problem has not finished in time.

The child reports on a pipe, one JSON line per event (``{"start": i}``, then
``{"done": i, "result": ...}`` with the `ProblemResult` as `grader.results.result_codec` data).
Nothing it sends is unpickled.  When a problem hits a limit, that problem alone gets
"answers.limit_exceeded" (a TA looks at it) and a fresh child resumes with the next one.
"""

from __future__ import annotations

import os
import resource
import select
import signal
import sys
import time
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from grader.course.problem import GradingContext, PartedProblem, Problem, problem_result, unscored
from grader.reading.submission import Submission
from grader.results import result_codec
from grader.results.i18n import define
from grader.results.models import ERROR, Message, PartResult, ProblemResult

define(
    {
        "answers.limit_exceeded": (
            "Checking this problem exceeded the grader's {limit} limit; a TA will look at it.",
            "检查本题超出了评分程序的{limit}限制；助教会人工查看。",
        ),
        "answers.limit_time": ("time", "时间"),
        "answers.limit_memory": ("memory", "内存"),
        "answers.limit_time_or_memory": ("time/memory", "时间/内存"),
    }
)


@dataclass(frozen=True)
class AnswersLimits:
    """Hard limits of the child that checks the answer problems (the outer bound; the inner
    ones are `grader.mathengine.bounds` and each problem's cooperative `time_limit`)."""

    cpu_seconds: float = 20.0
    """CPU time one problem may use (twice the default cooperative limit of 10 s)."""

    wall_seconds: float = 60.0
    """Wall-clock time one problem may take, a backstop for a loaded machine."""

    memory_bytes: int = 1 << 30
    """Address space the child may add to the grader's own at the fork (1 GiB)."""


#: The child exits with this status after a MemoryError (the parent then resumes in a fresh child).
_OUT_OF_MEMORY = 3

GradeOne = Callable[[Problem, Submission, GradingContext], ProblemResult]


def can_fork() -> bool:
    return hasattr(os, "fork") and sys.platform != "win32"


def grade_apart(
    problems: Sequence[Problem],
    submission: Submission,
    context: GradingContext,
    grade_one: GradeOne,
    limits: AnswersLimits | None = None,
) -> list[ProblemResult]:
    """Every problem's result, in order, each graded in a forked child under `limits`."""
    limits = limits or AnswersLimits()
    results: dict[int, ProblemResult] = {}
    pending = list(range(len(problems)))
    while pending:
        finished, blamed = _one_child(problems, pending, submission, context, grade_one, limits)
        results.update(finished)
        if blamed is not None:
            index, limit = blamed
            if limit == "internal":
                results[index] = _internal_error(problems[index], ValueError("the answers child sent an unreadable result"))
            else:
                results[index] = limit_exceeded(problems[index], limit, context)
        pending = [i for i in pending if i not in results]
    return [results[i] for i in range(len(problems))]


def limit_exceeded(problem: Problem, limit: str, context: GradingContext | None = None) -> ProblemResult:
    """The result of a problem whose checking hit a hard limit: 0 points, for a TA to look at.

    A derivation problem's parts are listed (each at 0 with the same message), so that every
    report and Gradescope's one test per part still show them.
    """
    message = Message("answers.limit_exceeded", {"limit": Message(f"answers.limit_{limit}")})
    points = problem.part_points(context or GradingContext(seed=0)) if isinstance(problem, PartedProblem) else {}
    parts = tuple(PartResult(part, 0.0, value, (message,)) for part, value in points.items())
    return problem_result(problem, ERROR, parts, error=message)


def _one_child(
    problems: Sequence[Problem],
    indices: list[int],
    submission: Submission,
    context: GradingContext,
    grade_one: GradeOne,
    limits: AnswersLimits,
) -> tuple[dict[int, ProblemResult], tuple[int, str] | None]:
    """Run one child over `indices`: what it finished, and the problem it was stopped on (with why)."""
    read_end, write_end = os.pipe()
    address_space = _address_space()
    parent = os.getpid()
    with warnings.catch_warnings():  # Python 3.12 warns about forking with threads: the child runs no thread's code
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # the child: never returns into the grader's code, whatever happens
        try:
            os.close(read_end)
            _die_with(parent)
            _child(write_end, [(i, problems[i]) for i in indices], submission, context, grade_one, limits, address_space)
        finally:
            os._exit(1)
    os.close(write_end)
    finished: dict[int, ProblemResult] = {}
    current: int | None = None
    killed = broken = False
    buffer: list[bytes] = []
    started = time.monotonic()
    try:
        while True:
            remaining = limits.wall_seconds - (time.monotonic() - started)
            ready, _, _ = select.select([read_end], [], [], max(0.0, remaining)) if remaining > 0 else ([], [], [])
            if not ready:
                os.kill(pid, signal.SIGKILL)
                killed = True
                break
            chunk = os.read(read_end, 1 << 20)
            if not chunk:
                break
            if b"\n" not in chunk:  # a long result arrives in many chunks: joined once, at its end
                buffer.append(chunk)
                continue
            buffer.append(chunk)
            *lines, rest = b"".join(buffer).split(b"\n")
            buffer = [rest]
            try:
                for line in lines:
                    event = result_codec.loads(line)
                    if "start" in event:
                        current, started = event["start"], time.monotonic()
                    elif "done" in event:
                        if not isinstance(event["result"], ProblemResult):
                            raise ValueError("not a result")
                        finished[event["done"]] = event["result"]
                        current = None
            except (ValueError, KeyError, TypeError):  # a fault of the grader: recorded, not raised
                os.kill(pid, signal.SIGKILL)
                broken = True
                break
    finally:
        os.close(read_end)
        try:
            _, status = os.waitpid(pid, 0)
        except ChildProcessError:  # reaped already (SIGCHLD ignored by whoever runs the grader): no status
            status = 0
    if current is None:
        unfinished = [i for i in indices if i not in finished]
        if not unfinished:
            return finished, None
        current = unfinished[0]  # stopped between problems: the next one is charged, so that grading moves on
    return finished, (current, "internal" if broken else _which_limit(status, killed))


def _which_limit(status: int, killed: bool) -> str:
    if killed or (os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGXCPU):
        return "time"
    if os.WIFEXITED(status) and os.WEXITSTATUS(status) == _OUT_OF_MEMORY:
        return "memory"
    return "time_or_memory"  # killed from elsewhere (the kernel's out-of-memory killer), or crashed


def _child(
    write_end: int,
    work: list[tuple[int, Problem]],
    submission: Submission,
    context: GradingContext,
    grade_one: GradeOne,
    limits: AnswersLimits,
    address_space: int | None,
) -> None:
    status = 1
    try:
        # only the pipe and the standard streams are kept: a copy of another pipe's end (the
        # sandbox's, if it was starting its child at the fork) would delay that pipe's end-of-file
        _close_all_but(write_end)
        # fresh stream objects: the inherited ones may hold a lock another thread held at the fork
        sys.stderr = open(2, "w", encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115 - the child's stderr until it exits
        sys.stdout = sys.stderr  # `grade --format json` prints exactly one object: never here
        _lower(resource.RLIMIT_CORE, 0)  # SIGXCPU's default action dumps core: no image of the grader on disk
        signal.signal(signal.SIGXCPU, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        if address_space is not None:
            _lower(resource.RLIMIT_AS, address_space + limits.memory_bytes)
        status = 0
        for index, problem in work:
            _cpu_share(limits.cpu_seconds)
            _send(write_end, {"start": index})
            try:
                result = grade_one(problem, submission, context)
                data = _line({"done": index, "result": result})
            except MemoryError:
                status = _OUT_OF_MEMORY  # the parent charges this problem; a fresh child goes on
                break
            except Exception as exc:  # a result that cannot be sent is a fault of the grader, recorded
                data = _line({"done": index, "result": _internal_error(problem, exc)})
            _write(write_end, data)
    except BaseException:
        status = status or 1
    finally:
        os._exit(status)


def _die_with(parent: int) -> None:
    """Be killed when the grader dies (a `grade` killed by the instructor, a batch worker killed at
    its timeout), instead of going on with the next problems until the pipe breaks."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the grader died before the request took effect
        os._exit(1)


def _send(fd: int, event: dict) -> None:
    _write(fd, _line(event))


def _line(event: dict) -> bytes:
    return (result_codec.dumps(event) + "\n").encode("ascii")


def _internal_error(problem: Problem, exc: Exception) -> ProblemResult:
    return unscored(problem, ERROR, Message("grader.internal_error", {"error": f"{type(exc).__name__}: {exc}"[:300]}))


def _write(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _cpu_share(seconds: float) -> None:
    """Let this process use `seconds` more CPU time from now (the soft limit; the hard one stays)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    used = usage.ru_utime + usage.ru_stime
    _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    wanted = int(used + seconds) + 1
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (wanted, hard))


def _lower(which: int, value: int) -> None:
    soft, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    if soft == resource.RLIM_INFINITY or value < soft:
        resource.setrlimit(which, (value, value if hard == resource.RLIM_INFINITY else hard))


def _address_space() -> int | None:
    """This process's virtual size in bytes (None where /proc does not tell)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")


def _close_all_but(keep: int) -> None:
    """Close every descriptor but the standard streams and `keep`: those listed in /proc (a
    loop up to the descriptor limit costs 7 ms at 20 000 and a third of a second at 2^20)."""
    try:
        open_fds: Iterable[int] = [int(name) for name in os.listdir("/proc/self/fd")]
    except (OSError, ValueError):
        soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
        open_fds = range(3, soft if soft != resource.RLIM_INFINITY and 0 < soft <= 1 << 16 else 1 << 16)
    for fd in open_fds:
        if fd > 2 and fd != keep:
            try:
                os.close(fd)
            except OSError:  # the listing's own descriptor, already closed
                pass
