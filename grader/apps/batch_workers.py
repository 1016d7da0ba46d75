"""The batch's worker processes: forked from the warm batch process, each grades submissions one
after another; one that crashes, hangs or overruns its time costs the submission at hand only."""

from __future__ import annotations

import io
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from grader.apps.batch_record import BatchRecord
from grader.apps.entry_grading import grade_entry
from grader.apps.manifests import STATUS_FILE, failed_record, load_record, write_record
from grader.reading.layouts import Entry
from grader.results.formatting import score_cell
from grader.results.i18n import define
from grader.results.models import Message

if TYPE_CHECKING:
    from grader.apps.batch import BatchSettings


def _die_with(parent: int) -> None:
    """End this worker when the batch process dies, however it dies (a SIGKILLed batch can no
    longer enforce the worker's timeout, and a rerun would grade the same submission beside it)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the batch died before the line above
        os._exit(1)


#: A long-lived worker grades this many submissions, then a fresh one is forked from the warm
#: batch process (SymPy's caches and any other state of the grader's own do not pile up).
JOBS_PER_WORKER = 20


class _Worker:
    """A process forked from the warm batch process that grades submissions one after another.

    Forking once per worker instead of once per submission saves each submission the fork and
    the copying of the warm process's pages (about a tenth of its time).  What one submission
    could do to a worker stays bounded: student code never runs here (it runs in the sandbox
    child), a worker that crashes or overruns its time is killed with everything it started and
    replaced, and each is retired after JOBS_PER_WORKER submissions.
    """

    def __init__(self, context, out: Path, settings: BatchSettings):
        self.conn, child = context.Pipe(duplex=True)
        self.process = context.Process(target=_serve, args=(child, out, settings, os.getpid()), daemon=False)
        self.process.start()
        child.close()
        self.job: tuple[Entry, str, float] | None = None
        self.given = 0

    def give(self, entry: Entry, key: str) -> None:
        self.job = (entry, key, time.monotonic())
        self.given += 1
        try:
            self.conn.send((entry, key))
        except (BrokenPipeError, OSError):
            pass  # seen as a dead worker by the loop

    def finished(self) -> bool:
        try:
            return self.conn.recv() == "done"
        except (EOFError, OSError):
            return False

    def alive(self) -> bool:
        return self.process.is_alive()

    def usable(self) -> bool:
        """Whether to keep it: busy, or alive with submissions left to grade."""
        return self.job is not None or (self.alive() and self.given < JOBS_PER_WORKER)

    def kill(self) -> None:
        _kill_group(self.process)
        self.process.join()

    def stop(self) -> None:
        if self.job is not None or not self.alive():
            self.kill()
            return
        try:
            self.conn.send(None)
        except (BrokenPipeError, OSError):
            pass
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.kill()


def _serve(conn, out: Path, settings: BatchSettings, parent: int) -> None:
    """The body of a long-lived worker: grade what the batch process sends, until it says stop."""
    if parent:
        _die_with(parent)
    try:
        os.setpgrp()  # so that a timeout can stop this worker together with anything it started
    except OSError:
        pass
    for _ in range(JOBS_PER_WORKER):
        try:
            job = conn.recv()
        except (EOFError, OSError):
            break
        if job is None:
            break
        entry, key = job
        _grade_logged(entry, out, settings, key)
        conn.send("done")
    os._exit(0)


def _grade_logged(entry: Entry, out: Path, settings: BatchSettings, key: str) -> None:
    """grade_entry with the grader's own diagnostics in the submission's grader.log."""
    directory = out / entry.name
    directory.mkdir(parents=True, exist_ok=True)
    log = os.open(directory / "grader.log", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(log, 1)
    os.dup2(log, 2)
    os.close(log)
    sys.stdout = io.TextIOWrapper(os.fdopen(1, "wb", buffering=0, closefd=False), write_through=True)
    sys.stderr = io.TextIOWrapper(os.fdopen(2, "wb", buffering=0, closefd=False), write_through=True)
    grade_entry(entry, out, settings, key)
    sys.stdout.flush()
    sys.stderr.flush()


def _kill_group(process: multiprocessing.Process) -> None:
    try:
        if process.pid is not None:  # (a started process: always)
            os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, OSError):
        pass
    process.kill()


class _WorkerPool:
    """Up to `jobs` workers and the submissions they are grading: workers are forked as work needs
    them and replaced when one dies or has graded its share (`_Worker.usable`)."""

    def __init__(self, out: Path, settings: BatchSettings):
        self.context = multiprocessing.get_context("fork")
        self.out = out
        self.settings = settings
        self.jobs = settings.jobs or os.cpu_count() or 1
        self.workers: list[_Worker] = []

    def busy(self) -> list[_Worker]:
        return [w for w in self.workers if w.job is not None]

    def hand_out(self, pending: list[tuple[Entry, str]]) -> None:
        """Give every idle worker the next submission of `pending` (forking workers up to `jobs`)."""
        while pending and len(self.workers) < self.jobs:
            self.workers.append(_Worker(self.context, self.out, self.settings))
        for worker in self.workers:
            if worker.job is None and pending:
                entry, key = pending.pop()
                # a manifest of an earlier run must not pass for this run's (see `_settled`)
                stale = self.out / entry.name / STATUS_FILE
                if stale.exists():
                    stale.unlink()
                worker.give(entry, key)

    def settled(self) -> Iterator[BatchRecord]:
        """The records settled within half a second, each as soon as it is; then the workers not
        worth keeping are let go."""
        busy = self.busy()
        ready = multiprocessing.connection.wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=0.5)
        now = time.monotonic()
        for worker in busy:
            record = _settled(worker, worker.conn in ready, now, self.out, self.settings)
            if record is not None:
                worker.job = None
                yield record
        self.workers = [w for w in self.workers if w.usable()]

    def stop(self) -> None:
        for worker in self.workers:
            worker.stop()


def grade_in_workers(todo: Sequence[tuple[Entry, str]], out: Path, settings: BatchSettings,
                     finish: Callable[[BatchRecord], None]) -> None:
    """Grade `todo` in worker processes forked from this one, `finish` called with each record."""
    pool = _WorkerPool(out, settings)
    pending = list(reversed(todo))
    try:
        while pending or pool.busy():
            pool.hand_out(pending)
            for record in pool.settled():
                finish(record)
    finally:
        pool.stop()


def _settled(worker: _Worker, readable_now: bool, now: float, out: Path, settings: BatchSettings) -> BatchRecord | None:
    """The record of the worker's submission if it is settled (graded, its worker died, or it ran
    out of time: then the worker is killed); None while it is still being graded."""
    assert worker.job is not None
    entry, key, began = worker.job
    if readable_now and worker.finished():
        record = load_record(out / entry.name)
        if record is None or record.fingerprint != key:  # cannot happen short of a bug
            record = failed_record(entry, key, Message("batch.crashed", {"how": "no record"}), now - began)
            write_record(out, record)
        return record
    if not worker.alive():
        code = worker.process.exitcode
        how = f"signal {-code}" if (code or 0) < 0 else f"exit code {code}"
        record = load_record(out / entry.name)
        if record is None or record.fingerprint != key:
            record = failed_record(entry, key, Message("batch.crashed", {"how": how}), now - began)
            write_record(out, record)
        return record
    if now - began > settings.timeout_seconds:
        worker.kill()
        record = failed_record(entry, key, Message("batch.timeout", {"seconds": score_cell(settings.timeout_seconds)}), now - began,
                                timeout_seconds=settings.timeout_seconds)
        write_record(out, record)
        return record
    return None


define(
    {
        "batch.crashed": (
            "The grading process for this submission died ({how}); nothing was graded.",
            "评分此提交的进程意外终止（{how}），未能评分。",
        ),
        "batch.timeout": (
            "Grading this submission took longer than {seconds} s and was stopped.",
            "评分此提交超过 {seconds} 秒，已被终止。",
        ),
    }
)
