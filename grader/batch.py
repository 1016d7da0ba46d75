"""Grading a class downloaded into a folder: reports, a gradebook and a class summary.

The submissions of ROOT are found by `grader.layouts.recognise` (a folder or an archive per
student, a Moodle or a Canvas download, notebooks); every other item of ROOT is listed as skipped
with its reason, and an output folder of an earlier run is never taken for a student.  Worker
processes forked from the warm batch process grade them one after another (`_Worker`: a crash,
a hang or a kill costs the submission at hand only, recorded as "could not be graded" with the
reason; the worker is replaced).  Per submission the worker writes ``report.json``,
``report.md``, ``report.html`` and, last, ``status.json``: the manifest holding the fingerprint
(every file of the submission, the grader's version and source, the problems, rubric and
options, the student's overrides and lateness), the status and the scores.  A rerun skips every
submission whose manifest matches (except where the grader was at fault: an "incomplete" grade, a
crash; a timeout only under a longer timeout), so killing the batch at any moment loses nothing
written; ``gradebook.csv`` (`grader.gradebook`), ``manual.csv`` and ``summary.html`` are rebuilt
from the manifests and reports after each submission and at the end.
"""

from __future__ import annotations

import csv
import gc
import hashlib
import io
import json
import multiprocessing
import multiprocessing.connection
import os
import re
import signal
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TextIO

from grader.presentation.notation import score_cell
from grader.results.message_codec import message_from_plain, message_to_plain

from . import __version__
from .batch_record import RETRIED_REASONS, BatchRecord, SubmissionStatus, identity  # noqa: F401  (RETRIED_REASONS: as it always was here)
from .files import ensure_writable_dir, write_atomic
from .i18n import define
from .i18n import render as render_message
from .layouts import ARCHIVE, FILES, OUTPUT_MARKER, RESERVED_NAMES, ClassLayout, Entry, materialized, recognise
from .manual import for_a_person
from .manual import notes as manual_notes
from .models import ERROR, Message
from .overrides import apply as apply_overrides
from .problem import GradingOptions
from .roster import Roster
from .submission import KNOWN_FILES, MAX_FILE_BYTES, find_root
from .zipsafe import UnsafeZip  # also defines the zip.* sentences the gradebook shows

STATUS_FILE = "status.json"
GRADEBOOK = "gradebook.csv"
SUMMARY = "summary.html"
#: Names an output directory of a submission may not take (they are the batch's own files).
RESERVED = RESERVED_NAMES

GRADED = SubmissionStatus.GRADED
INCOMPLETE = SubmissionStatus.INCOMPLETE
FAILED = SubmissionStatus.FAILED


@dataclass(frozen=True)
class BatchSettings:
    lang: str = "en"
    seed: int | None = None
    jobs: int = 0
    """Worker processes; 0 means one per CPU."""
    timeout_seconds: float = 900.0
    """Wall time one submission may take before its worker is killed."""
    options: GradingOptions = field(default_factory=GradingOptions)
    """The grading options (a mapping of them is turned into GradingOptions)."""
    late: Any = None
    """The late-work rule (a `grader.overrides.LatePolicy`), or None."""
    adjustments: Mapping[str, Any] = field(default_factory=dict)
    """Per submission name: (its rows of overrides.csv, (days late, percent lost)); each is part of
    that submission's fingerprint only, so that one TA's row regrades one student."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "options", GradingOptions.of(self.options))

    def key(self) -> dict[str, Any]:
        """What a submission's grade depends on besides its files: the grader's version and the
        hash of its source (problem modules, reference, templates, an instructor's extra problem
        folders), the rubric and every other option."""
        extra = self.options.problem_dirs
        return {
            "lang": self.lang,
            "seed": self.seed,
            "grader_version": __version__,
            "grader_source": source_digest(extra),
            "options": _jsonable(dict(self.options)),
            "late": _jsonable(self.late),
        }

    def files(self) -> tuple[str, ...]:
        """The files of the course graded (`grader.course.known_files`): what a student's folder is
        recognised by, and where a submission wrapped in a folder has its files."""
        from .course import known_files

        try:
            return known_files(self.options.course, self.options.problem_dirs)
        except Exception:  # (an instructor's problem module that fails: each submission's grading records it)
            return KNOWN_FILES


#: The files of the grader whose text can change a grade (code, templates, data), by suffix.
SOURCE_SUFFIXES = (".py", ".j2", ".css", ".txt", ".json")


def _digest_tree(digest: Any, directory: Path, label: str) -> None:
    for path in sorted(directory.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file() or path.suffix not in SOURCE_SUFFIXES:
            continue
        digest.update(f"{label}/{path.relative_to(directory)}\0".encode())
        try:
            digest.update(path.read_bytes())
        except OSError as exc:
            digest.update(str(exc.errno).encode())
        digest.update(b"\0")


_SOURCE_DIGESTS: dict[tuple[str, ...], str] = {}


def source_folders() -> list[Path]:
    """The folders of the grader whose files can change a grade: the package and, in a checkout,
    problems/, reference/ and templates/ beside it (installed, they are inside the package; the
    rest of a checkout, tests and docs, grades nothing)."""
    import grader

    package = Path(grader.__file__).resolve().parent
    beside = [Path(p) / sub for p in grader.__path__ if Path(p).resolve() != package for sub in ("problems", "reference", "templates")]
    return [package, *(d for d in beside if d.is_dir())]


def source_digest(problem_dirs: tuple[str, ...] = ()) -> str:
    """A hash of the grader's own source, its problems, reference and templates, and the extra
    problem folders: an edit to any of them makes every submission's fingerprint change.

    Computed once per process (the grader's files do not change under a running batch).
    """
    if problem_dirs not in _SOURCE_DIGESTS:
        digest = hashlib.sha256()
        for directory in source_folders():
            _digest_tree(digest, directory, directory.name)
        for extra in problem_dirs:
            _digest_tree(digest, Path(extra), "extra")
        _SOURCE_DIGESTS[problem_dirs] = digest.hexdigest()
    return _SOURCE_DIGESTS[problem_dirs]


def _jsonable(value: Any) -> Any:
    """Options as plain JSON for the fingerprint (objects such as sandbox limits by their repr)."""
    return json.loads(json.dumps(value, sort_keys=True, default=repr))


@dataclass(frozen=True)
class BatchOutcome:
    graded: int
    """Submissions with a grade (``graded`` or ``incomplete``), unchanged ones included."""
    failed: int
    """Submissions that could not be graded, unchanged ones included; graded + failed = all."""
    skipped: int
    """Submissions not graded again because nothing changed (of either kind)."""
    records: Mapping[str, BatchRecord]
    """Every submission's record, by name."""
    seconds: float
    unchanged_graded: int = 0
    """Of `graded`, those skipped as unchanged."""
    incomplete: int = 0
    """Of `graded`, those the grader could not finish (regraded on the next run)."""
    layout: ClassLayout | None = None
    """What was recognised in ROOT: the layouts, the submissions and what was skipped (with why)."""

    @property
    def unchanged_failed(self) -> int:
        """Of `failed`, those skipped as unchanged."""
        return self.skipped - self.unchanged_graded

    def summary(self) -> str:
        """``195 graded (60 unchanged), 4 could not be graded``: the counts add up to the submissions."""
        graded = [f"{self.unchanged_graded} unchanged"] if self.unchanged_graded else []
        if self.incomplete:
            graded.append(f"{self.incomplete} {INCOMPLETE}")
        graded_detail = f" ({', '.join(graded)})" if graded else ""
        failed_detail = f" ({self.unchanged_failed} unchanged)" if self.unchanged_failed else ""
        return f"{self.graded} graded{graded_detail}, {self.failed} {FAILED}{failed_detail}"


def find_submissions(root: Path, exclude: Iterable[Path] = ()) -> list[Entry]:
    """The submissions of `root` in whatever layout it has (see `grader.layouts`), sorted by name."""
    return list(recognise(root, exclude).entries)


#: A folder with more files than this is fingerprinted by its first ones and the count.
MAX_FINGERPRINT_FILES = 2000


def _digest_file(digest: Any, path: Path) -> None:
    """A file's bytes as the grader may read them (a larger file by its size: it is refused anyway)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
            digest.update(data if len(data) <= MAX_FILE_BYTES else f"large:{os.fstat(handle.fileno()).st_size}".encode())
    except OSError as exc:
        digest.update(f"unreadable:{exc.errno}".encode())


def _digest_folder(digest: Any, folder: Path) -> None:
    """Every file of the folder (names, kinds, bytes), links and special files by their kind only."""
    count = 0
    for directory, subdirectories, files in os.walk(folder):
        subdirectories.sort()
        for name in sorted(files):
            path = Path(directory) / name
            count += 1
            if count > MAX_FINGERPRINT_FILES:
                digest.update(b"more files")
                return
            digest.update(f"\0{path.relative_to(folder)}\0".encode("utf-8", "surrogateescape"))  # any bytes a name holds
            if path.is_symlink() or not path.is_file():
                digest.update(b"not a regular file")
            else:
                _digest_file(digest, path)


def fingerprint(entry: Entry, settings: BatchSettings) -> str:
    """Changes when anything that can change the grade changes: every file of the submission (not
    only the contract's), the grader's version and source, the problems, the rubric and options."""
    digest = hashlib.sha256(json.dumps(settings.key(), sort_keys=True).encode())
    digest.update(json.dumps(_jsonable(settings.adjustments.get(entry.name)), sort_keys=True).encode())
    digest.update(entry.kind.encode())
    if entry.kind == ARCHIVE:
        _digest_file_whole(digest, entry.path)
    elif entry.kind == FILES:
        for name, path in entry.files:
            digest.update(f"\0{name}\0".encode("utf-8", "surrogateescape"))
            _digest_file(digest, path)
    else:
        # the files graded: those of the folder they may be wrapped in (the name of that folder too)
        root = find_root(entry.path, known=settings.files())
        if root != entry.path:
            digest.update(str(root.relative_to(entry.path)).encode("utf-8", "surrogateescape"))
        _digest_folder(digest, root)
    return digest.hexdigest()


def _digest_file_whole(digest: Any, path: Path) -> None:
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    except OSError as exc:
        digest.update(str(exc.errno).encode())


#: Problem errors worth a note in the gradebook: a file of the submission that could not be read.
NOTED_ERRORS = ("problem.answers_unreadable", "submission.file_unreadable")


def result_notes(result: Any) -> list[Message]:
    """Why a graded submission lost points without being judged (answers.md over the size limit, a
    linked file): each such problem error once, for the gradebook's note."""
    notes: list[Message] = []
    for problem in result.problems:
        error = problem.error
        if error is not None and error.key in NOTED_ERRORS and error not in notes:
            notes.append(error)
    return notes


def read_record(directory: Path) -> dict[str, Any] | None:
    """The submission's manifest as JSON data (None: none, or unreadable)."""
    try:
        data = json.loads((directory / STATUS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def load_record(directory: Path) -> BatchRecord | None:
    """The submission's manifest as a `BatchRecord` (None: none, unreadable, or not a manifest)."""
    data = read_record(directory)
    return BatchRecord.from_plain(data) if data is not None else None


def _failed_record(entry: Entry, key: str, reason: Message, seconds: float = 0.0, timeout_seconds: float | None = None) -> BatchRecord:
    return BatchRecord.failed(entry, key, message_to_plain(reason), seconds, timeout_seconds)


def _write_record(out: Path, record: BatchRecord) -> None:
    write_atomic(out / record.name / STATUS_FILE, json.dumps(record.to_plain(), ensure_ascii=False, indent=1))


def grade_entry(entry: Entry, out: Path, settings: BatchSettings, key: str) -> BatchRecord:
    """Grade one submission and write its reports and manifest (runs in a worker process)."""
    from .grading import grade_submission
    from .render import render_result
    from .report import result_to_dict
    started = time.monotonic()
    directory = out / entry.name
    try:
        try:
            from .notebook import notebook_reading, with_notes
            from .submission import Submission

            options = settings.options
            with materialized(entry) as unpacked_path, notebook_reading(unpacked_path, options.problem_dirs, options.course) as reading:
                path = reading.folder
                result = with_notes(grade_submission(path, seed=settings.seed, options=settings.options), reading)
                manual = for_a_person(result, Submission(find_root(path, known=settings.files())))
                if entry.online_text:  # typed into the LMS: nothing here for the grader to read
                    from .manual import ONLINE_TEXT

                    manual = [{"problem": "", "part": "", "kind": ONLINE_TEXT}, *manual]
        except UnsafeZip as exc:
            record = _failed_record(entry, key, exc.message, time.monotonic() - started)
            _write_record(out, record)
            return record
        rows, late = settings.adjustments.get(entry.name) or ((), (0, 0.0))
        result = replace(result, submission=entry.name, notes=(*result.notes, *manual_notes(manual)))
        result, adjusted = apply_overrides(result, rows, tuple(late))
        report = result_to_dict(result, settings.lang)
        write_atomic(directory / "report.json", json.dumps(report, ensure_ascii=False, indent=2) + "\n")
        write_atomic(directory / "report.md", render_result(result, "md", settings.lang))
        write_atomic(directory / "report.html", render_result(result, "html", settings.lang))
        errors = [p.id for p in result.problems if p.status == ERROR]
        record = BatchRecord(
            **identity(entry),
            fingerprint=key,
            status=INCOMPLETE if errors or result.error else GRADED,
            reason=message_to_plain(result.error)
            or (message_to_plain(Message("batch.problems_failed", {"problems": ", ".join(errors)})) if errors else None),
            score=report["score"],
            max_score=report["max_score"],
            seed=result.seed,
            problems={p["id"]: p["score"] for p in report["problems"]},
            problem_max={p["id"]: p["max_score"] for p in report["problems"]},
            parts={p["id"]: {part["id"]: part["score"] for part in p.get("parts", [])} for p in report["problems"]},
            notes=tuple(message_to_plain(m) for m in (*result_notes(result), *reading.notes())),
            adjustments=tuple(adjusted),
            late_penalty=sum(a.get("points", 0.0) for a in adjusted),
            manual=tuple(manual),
            seconds=round(time.monotonic() - started, 3),
        )
    except Exception as exc:  # a grader bug on one submission must not stop the batch
        record = _failed_record(
            entry, key, Message("batch.internal_error", {"error": f"{type(exc).__name__}: {exc}"[:300]}), time.monotonic() - started
        )
    _write_record(out, record)
    return record


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


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def terminal_text(text: str) -> str:
    """`text` with every control character shown as an escape (``\x1b``, ``\n``): a student's file
    name or zip entry reaches the instructor's terminal, where an escape sequence or a carriage
    return could rewrite what is on the screen (another student's line, a forged score)."""
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1] if m.group() in "\n\r\t" else f"\\u{ord(m.group()):04x}", str(text))


def _clock(seconds: float) -> str:
    """``1:05:09``, ``4:07``: a duration as a clock reads it."""
    seconds = max(0, int(round(seconds)))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


class Progress:
    """A bar with the elapsed time and an estimate of the time left on a terminal, one plain line
    per submission otherwise.

    The estimate is the mean time per graded submission so far times those left, divided by
    nothing else: submissions skipped as unchanged take no time and are not counted in the mean
    (a generic bar's per-item rate, click's included, would count them and promise far too little).
    """

    def __init__(self, total: int, stream: TextIO | None = None, lang: str = "en", clock: Callable[[], float] = time.monotonic):
        self.total = total
        self.done = 0
        self.failed = 0
        self.graded = 0
        self.stream = stream if stream is not None else sys.stderr
        self.lang = lang
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.clock = clock
        self.started = clock()

    def timing(self) -> str:
        """``elapsed 2:10, about 14:05 left`` (no estimate before the first submission is graded)."""
        elapsed = self.clock() - self.started
        text = f"elapsed {_clock(elapsed)}"
        if self.graded and self.done < self.total:
            text += f", about {_clock(elapsed / self.graded * (self.total - self.done))} left"
        return text

    def update(self, record: Mapping[str, Any], skipped: bool = False) -> None:
        self.done += 1
        if not skipped:
            self.graded += 1
        if record.get("status") == FAILED:
            self.failed += 1
        if self.tty:
            width = 30
            filled = int(width * self.done / max(1, self.total))
            self.stream.write(
                f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}"
                f"  {self.failed} failed  {self.timing():<32}  {terminal_text(str(record.get('name', '')))[:30]:<30}"
            )
            if self.done == self.total:
                self.stream.write("\n")
        else:
            timing = "" if skipped else f"  [{self.timing()}]"
            line = f"{record.get('name')}: {describe(record, self.lang)}"
            self.stream.write(f"[{self.done}/{self.total}] {terminal_text(line)}{' (unchanged, skipped)' if skipped else ''}{timing}\n")
        self.stream.flush()


def describe(record: Mapping[str, Any], lang: str = "en") -> str:
    if record.get("status") == FAILED:
        reason = message_from_plain(record.get("reason"))
        return f"{FAILED}: {render_message(reason, lang) if reason else '?'}"
    said = [str(record["status"])] if record.get("status") != GRADED else []
    # a TA's row or a late penalty changed the score: the instructor sees it on the line, not only in the gradebook
    said += [str(a.get("text", "")) for a in record.get("adjustments") or [] if a.get("text")]
    return f"{score_cell(record.get('score'))} / {score_cell(record.get('max_score'))}" + (f" ({'; '.join(said)})" if said else "")


def gradebook_csv(
    records: Mapping[str, Mapping[str, Any]], problem_ids: list[str], lang: str = "en", roster: Roster | None = None
) -> str:
    """The gradebook's text (see `grader.gradebook`)."""
    from .gradebook import gradebook_csv as table

    return table(records, problem_ids, lang, roster)


def _problem_ids(records: Mapping[str, Mapping[str, Any]]) -> list[str]:
    try:
        from .course import load_course

        ids = [p.id for p in load_course()]  # an extended course's problems follow, as its records list them
    except Exception:
        ids = []
    for record in records.values():
        for pid in record.get("problems") or {}:
            if pid not in ids:
                ids.append(pid)
    return ids


def _spread(values: list[float]) -> dict[str, float]:
    if not values:
        return {"mean": 0.0, "stdev": 0.0, "min": 0.0, "max": 0.0, "count": 0}
    return {
        "mean": statistics.fmean(values),
        "stdev": statistics.pstdev(values) if len(values) > 1 else 0.0,
        "min": min(values),
        "max": max(values),
        "count": len(values),
    }


def class_summary(out: Path, records: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """The figures of summary.html, from the manifests and the per-submission JSON reports."""
    graded = {n: r for n, r in records.items() if r.get("status") != FAILED}
    totals = [float(r.get("score") or 0) for r in graded.values()]
    max_score = max([float(r.get("max_score") or 0) for r in graded.values()] or [0.0])
    problems: dict[str, dict[str, Any]] = {}
    mistakes: Counter[tuple[str, str, str]] = Counter()
    mistake_students: dict[tuple[str, str, str], list[str]] = {}
    for name in sorted(graded):
        try:
            report = json.loads((out / name / "report.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for problem in report.get("problems", []):
            entry = problems.setdefault(
                problem["id"], {"id": problem["id"], "title": problem.get("title", ""), "max_score": problem.get("max_score", 0), "scores": [], "statuses": Counter(), "parts": {}}
            )
            entry["scores"].append(float(problem.get("score", 0)))
            entry["statuses"][problem.get("status", "")] += 1
            for part in problem.get("parts", []):
                part_entry = entry["parts"].setdefault(part["id"], {"id": part["id"], "max_score": part.get("max_score", 0), "scores": []})
                part_entry["scores"].append(float(part.get("score", 0)))
                for mistake in part.get("mistakes", []) or []:
                    key = (str(mistake), problem["id"], part["id"])
                    if name not in mistake_students.setdefault(key, []):
                        mistakes[key] += 1
                        mistake_students[key].append(name)
    problem_rows = []
    for entry in problems.values():
        problem_rows.append(
            {
                "id": entry["id"],
                "title": entry["title"],
                "max_score": entry["max_score"],
                **_spread(entry["scores"]),
                "statuses": dict(entry["statuses"]),
                "parts": [{"id": p["id"], "max_score": p["max_score"], **_spread(p["scores"])} for p in entry["parts"].values()],
            }
        )
    return {
        "count": len(records),
        "graded": len(graded),
        "failed_count": len(records) - len(graded),
        "totals": totals,
        "max_score": max_score,
        "total": _spread(totals),
        "problems": problem_rows,
        "mistakes": [
            {"id": m, "problem": p, "part": part, "count": count, "students": mistake_students[(m, p, part)][:12]}
            for (m, p, part), count in sorted(mistakes.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        "failed": [
            {"name": n, "source": r.get("source", ""), "reason": message_from_plain(r.get("reason"))}
            for n, r in sorted(records.items())
            if r.get("status") in (FAILED, INCOMPLETE)
        ],
        "submissions": [
            {"name": n, "score": r.get("score"), "max_score": r.get("max_score"), "status": r.get("status"), "has_report": r.get("status") != FAILED,
             "adjustments": [str(a.get("text", "")) for a in r.get("adjustments") or [] if a.get("text")]}
            for n, r in sorted(records.items())
        ],
        "grader_version": __version__,
    }


#: What the batch knows about the class besides the records: the layout, what was skipped, the roster.
CLASS_FILE = "class.json"


def read_class(out: Path) -> dict[str, Any]:
    try:
        data = json.loads((out / CLASS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def class_roster(out: Path) -> Roster | None:
    """The roster the batch in `out` was last given (it stays in force for later runs)."""
    data = read_class(out).get("roster")
    return Roster.from_plain(data) if isinstance(data, dict) else None


def write_class(out: Path, layout: ClassLayout, roster: Roster | None) -> None:
    data = {
        "layouts": list(layout.layouts),
        "items": layout.items,
        "submissions": len(layout.entries),
        "used": sum(len(e.sources) for e in layout.entries),
        "skipped": [{"name": s.name, "reason": s.reason} for s in layout.skipped],
        "roster": roster.to_plain() if roster is not None else None,
    }
    write_atomic(out / CLASS_FILE, json.dumps(data, ensure_ascii=False, indent=1))


MANUAL = "manual.csv"


def manual_items(records: Mapping[str, Mapping[str, Any]], lang: str = "en") -> list[dict[str, str]]:
    """Every part a TA has to grade by hand, by submission."""
    from .manual import staff_notes

    items = []
    for name in sorted(records):
        found = records[name].get("manual") or []
        for item, message in zip(found, staff_notes(found)):
            items.append({"submission": name, "problem": item["problem"], "part": item["part"], "kind": item["kind"], "reason": render_message(message, lang)})
    return items


def manual_csv(records: Mapping[str, Mapping[str, Any]], lang: str = "en") -> str:
    from .gradebook import BOM, spreadsheet_safe

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["submission", "problem", "part", "kind", "reason"])
    for item in manual_items(records, lang):
        writer.writerow([spreadsheet_safe(item[k]) for k in ("submission", "problem", "part", "kind", "reason")])
    return BOM + buffer.getvalue()


def write_outputs(out: Path, records: Mapping[str, Mapping[str, Any]], lang: str, summary: bool = True) -> None:
    roster = class_roster(out)
    write_atomic(out / GRADEBOOK, gradebook_csv(records, _problem_ids(records), lang, roster))
    write_atomic(out / MANUAL, manual_csv(records, lang))
    if summary:
        from .render import render_summary

        figures = class_summary(out, records)
        facts = read_class(out)
        figures["layouts"] = facts.get("layouts", [])
        figures["skipped"] = facts.get("skipped", [])
        figures["root"] = {"count": facts.get("items", 0), "submissions": facts.get("submissions", 0), "used": facts.get("used", 0)}
        figures["manual"] = manual_items(records, lang)
        if roster is not None:
            from .gradebook import rows

            table = rows(records, roster)
            figures["no_submission"] = [r.name or r.id for r in table if r.record is None]
            # graded, but matched to nobody: often the same student as one "without a submission"
            figures["not_on_roster"] = [r.submission for r in table if r.record is not None and r.note]
        write_atomic(out / SUMMARY, render_summary(figures, lang))


def grader_at_fault(record: Mapping[str, Any], timeout_seconds: float | None = None) -> bool:
    """`BatchRecord.grader_at_fault` of a record or of a manifest's JSON data (False: not a manifest)."""
    typed = record if isinstance(record, BatchRecord) else BatchRecord.from_plain(record)
    return typed is not None and typed.grader_at_fault(timeout_seconds)


def submitted_at(entry: Entry, known: Sequence[str] = KNOWN_FILES) -> float | None:
    """When the submission was handed in: the newest modification time of its files (an LMS's
    download keeps the upload's time on the files it writes; `known`: the course's files)."""
    from .overrides import newest_mtime

    if entry.kind == FILES:
        return newest_mtime(path for _, path in entry.files)
    return newest_mtime([entry.path if entry.kind == ARCHIVE else find_root(entry.path, known=known)])


def _adjustments(layout: ClassLayout, roster: Roster | None, overrides: Sequence[Any], late: Any, problem_dirs: Sequence[Any] = (),
                 course: str | None = None, known: Sequence[str] = KNOWN_FILES) -> dict[str, Any]:
    """Per submission: its rows of the overrides and its lateness (OverridesError for a row that
    names no submission or several)."""
    from .overrides import SUBMITTED_HEADERS, assign, lms_time

    identities: dict[str, list[str]] = {e.name: [e.name, e.lms_id, e.student] for e in layout.entries}
    stamped: dict[str, float] = {}  # the LMS's time of the submission, where the roster has it
    if roster is not None:
        from .roster import match

        matching = match(roster, {e.name: {"name": e.name, "lms_id": e.lms_id, "student": e.student} for e in layout.entries})
        for index, name in matching.by_student.items():
            student = roster.students[index]
            identities[name] += [student.id, student.email, student.name]
            times = [lms_time(value) for header, value in student.extra if header.strip().lower() in SUBMITTED_HEADERS]
            if times and times[0] is not None:
                stamped[name] = times[0]
    if overrides:
        from .course import course_modules, load_course
        from .overrides import check_known

        check_known(overrides, load_course(course_modules(course), extra=tuple(problem_dirs)))
    assigned = assign(overrides, {n: [k for k in keys if k] for n, keys in identities.items()}) if overrides else {}
    adjustments: dict[str, Any] = {}
    for entry in layout.entries:
        when = stamped[entry.name] if entry.name in stamped else submitted_at(entry, known)
        lateness = late.percent(when) if late is not None else (0, 0.0)
        rows = assigned.get(entry.name, ())
        if rows or lateness[1]:
            adjustments[entry.name] = (rows, lateness)
    return adjustments


def _marker(out: Path) -> None:
    """Mark `out` as a batch's output, so that no later run takes it (or a copy of it) for a student."""
    marker = out / OUTPUT_MARKER
    if not marker.exists():
        write_atomic(marker, f"written by grade batch {__version__}; this folder is never graded as a submission\n")


def _kill_group(process: multiprocessing.Process) -> None:
    try:
        if process.pid is not None:  # (a started process: always)
            os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, OSError):
        pass
    process.kill()


def grade_batch(
    root: str | Path,
    out: str | Path,
    settings: BatchSettings = BatchSettings(),
    progress: Progress | None = None,
    on_record: Callable[[BatchRecord], None] | None = None,
    *,
    force: bool = False,
    only: Iterable[str] = (),
    roster: Roster | None = None,
    shard: Any = None,
    overrides: Sequence[Any] = (),
) -> BatchOutcome:
    """Grade every submission under `root` into `out` (see the module's docstring).

    `force` grades every submission again, unchanged or not; `only` (submission names) grades
    those again and leaves every other one as its last record has it; `roster` (kept in `out` for
    later runs) gives every student a row; `shard` (a `grader.shard.Shard`) grades its share only;
    `overrides` (rows of overrides.csv) and ``settings.late`` are a person's part of the grades.
    """
    started = time.monotonic()
    root, out = Path(root), Path(out)
    layout, settings, entries = _prepare(root, out, settings, roster, shard, overrides)
    chosen = set(only)
    unknown = chosen - {e.name for e in entries}
    if unknown:
        raise UnknownSubmission(sorted(unknown), [e.name for e in entries])
    progress = progress if progress is not None else Progress(len(entries), lang=settings.lang)
    records, todo, unchanged = _triage(entries, out, settings, chosen, force, progress)
    _warm_up_for_workers()

    def finish(record: BatchRecord) -> None:
        records[record.name] = record
        progress.update(record)
        write_outputs(out, records, settings.lang, summary=False)
        if on_record is not None:
            on_record(record)

    _grade_in_workers(todo, out, settings, finish)
    write_outputs(out, records, settings.lang)
    return _outcome(records, unchanged, layout, time.monotonic() - started)


def _prepare(root: Path, out: Path, settings: BatchSettings, roster: Roster | None, shard: Any,
             overrides: Sequence[Any]) -> tuple[ClassLayout, BatchSettings, list[Entry]]:
    """Before any grading: the output folder checked and marked, ROOT recognised, the roster and
    the person's adjustments settled and kept in `out`; the layout, the settings with the
    adjustments, and the entries of this run (its shard's share)."""
    check_output_place(root, out)
    ensure_writable_dir(out)  # UnwritableOutput before any work, not a crash in every worker
    _marker(out)
    layout = recognise(root, exclude=[out], known=settings.files())
    roster = roster if roster is not None else class_roster(out)
    options = settings.options
    settings = replace(settings, adjustments=_adjustments(layout, roster, overrides, settings.late, options.problem_dirs, options.course, settings.files()))
    write_class(out, layout, roster)
    entries = [e for e in layout.entries if shard is None or shard.takes(e.name)]
    return layout, settings, entries


def _triage(entries: Sequence[Entry], out: Path, settings: BatchSettings, chosen: set[str], force: bool,
            progress: Progress) -> tuple[dict[str, BatchRecord], list[tuple[Entry, str]], list[str]]:
    """Which submissions to grade (with their fingerprints) and which records to keep as they are:
    the kept records, the work, and the names kept as unchanged."""
    records: dict[str, BatchRecord] = {}
    todo: list[tuple[Entry, str]] = []
    unchanged: list[str] = []
    def keep(name: str, record: BatchRecord) -> None:
        records[name] = record
        unchanged.append(name)
        progress.update(record, skipped=True)

    for entry in entries:
        record = load_record(out / entry.name)
        if chosen and entry.name not in chosen and record is not None:
            # not asked for: kept as it is, even if stale (the instructor regrades it when they choose)
            keep(entry.name, record)
            continue
        key = fingerprint(entry, settings)
        if record is not None and record.fingerprint == key and not record.grader_at_fault(settings.timeout_seconds) \
                and not force and entry.name not in chosen:
            keep(entry.name, record)
        else:
            todo.append((entry, key))
    return records, todo, unchanged


def _warm_up_for_workers() -> None:
    """Import what grading needs before forking, so that every worker starts warm."""
    from . import grading, render  # noqa: F401
    from .course import load_course

    load_course()
    # what the warm parent holds is never collected in a worker: frozen, the workers' collections
    # do not write to (and so copy) every page of it
    gc.collect()
    gc.freeze()


def _grade_in_workers(todo: Sequence[tuple[Entry, str]], out: Path, settings: BatchSettings,
                      finish: Callable[[BatchRecord], None]) -> None:
    """Grade `todo` in worker processes forked from this one, `finish` called with each record."""
    context = multiprocessing.get_context("fork")
    jobs = settings.jobs or os.cpu_count() or 1
    workers: list[_Worker] = []
    pending = list(reversed(todo))
    try:
        while pending or any(w.job for w in workers):
            while pending and len(workers) < jobs:
                workers.append(_Worker(context, out, settings))
            for worker in workers:
                if worker.job is None and pending:
                    entry, key = pending.pop()
                    stale = out / entry.name / STATUS_FILE
                    if stale.exists():
                        stale.unlink()
                    worker.give(entry, key)
            busy = [w for w in workers if w.job is not None]
            ready = multiprocessing.connection.wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=0.5)
            now = time.monotonic()
            for worker in busy:
                record = _settled(worker, worker.conn in ready, now, out, settings)
                if record is not None:
                    worker.job = None
                    finish(record)
            workers = [w for w in workers if w.usable()]
    finally:
        for worker in workers:
            worker.stop()


def _settled(worker: _Worker, readable_now: bool, now: float, out: Path, settings: BatchSettings) -> BatchRecord | None:
    """The record of the worker's submission if it is settled (graded, its worker died, or it ran
    out of time: then the worker is killed); None while it is still being graded."""
    assert worker.job is not None
    entry, key, began = worker.job
    if readable_now and worker.finished():
        record = load_record(out / entry.name)
        if record is None or record.fingerprint != key:  # cannot happen short of a bug
            record = _failed_record(entry, key, Message("batch.crashed", {"how": "no record"}), now - began)
            _write_record(out, record)
        return record
    if not worker.alive():
        code = worker.process.exitcode
        how = f"signal {-code}" if (code or 0) < 0 else f"exit code {code}"
        record = load_record(out / entry.name)
        if record is None or record.fingerprint != key:
            record = _failed_record(entry, key, Message("batch.crashed", {"how": how}), now - began)
            _write_record(out, record)
        return record
    if now - began > settings.timeout_seconds:
        worker.kill()
        record = _failed_record(entry, key, Message("batch.timeout", {"seconds": score_cell(settings.timeout_seconds)}), now - began,
                                timeout_seconds=settings.timeout_seconds)
        _write_record(out, record)
        return record
    return None


def _outcome(records: Mapping[str, BatchRecord], unchanged: Sequence[str], layout: ClassLayout, seconds: float) -> BatchOutcome:
    """The counts of a finished run (graded + failed = every record)."""
    failed = sum(1 for r in records.values() if r.status == FAILED)
    unchanged_failed = sum(1 for name in unchanged if records[name].status == FAILED)
    incomplete = sum(1 for r in records.values() if r.status == INCOMPLETE)
    return BatchOutcome(
        len(records) - failed, failed, len(unchanged), records, seconds,
        unchanged_graded=len(unchanged) - unchanged_failed, incomplete=incomplete, layout=layout,
    )


class OutputInSubmissions(Exception):
    """``--out`` would write into the class's submissions; `str()` says why."""


def check_output_place(root: Path, out: Path) -> None:
    """OutputInSubmissions when `out` is ROOT itself or inside a student's folder of ROOT: the reports
    would be written among a student's files (changing what the next run grades) and the student
    taken for the output folder.  A new, empty or earlier output folder directly in ROOT is fine."""
    try:
        root_real, out_real = root.resolve(), out.resolve()
    except (OSError, RuntimeError):
        return
    if out_real == root_real:
        raise OutputInSubmissions(f"--out {out} is the class folder itself: choose a folder beside it (e.g. {root.name}-graded)")
    if not out_real.is_relative_to(root_real):
        return
    top = root_real / out_real.relative_to(root_real).parts[0]
    if top != out_real:
        raise OutputInSubmissions(f"--out {out} is inside {top.name} of the class folder, a submission: choose a folder outside it")
    try:
        empty = not any(out_real.iterdir())
    except OSError:
        empty = True  # not there yet
    if not empty and not os.path.lexists(out_real / OUTPUT_MARKER):
        raise OutputInSubmissions(f"--out {out} is a folder of the class that is not an output of grade batch (a student's?): choose a new folder")


class UnknownSubmission(Exception):
    """``--only`` named a submission that is not in ROOT."""

    def __init__(self, names: list[str], known: list[str]):
        shown = ", ".join(known[:20]) + (", ..." if len(known) > 20 else "")
        super().__init__(f"no submission named {', '.join(names)} in ROOT (there are: {shown or 'none'})")


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
        "batch.internal_error": (
            "The grader failed on this submission ({error}). Please tell the course staff.",
            "评分程序在此提交上出错（{error}）。请告知助教。",
        ),
        "ui.summary.layout": (
            "Recognised in ROOT: {layouts}. Its {items} items: {used} in {submissions} submissions, {skipped} skipped (listed below).",
            "在 ROOT 中识别出：{layouts}。其中 {items} 个条目：{used} 个组成 {submissions} 份提交，{skipped} 个被跳过（见下表）。",
        ),
        "ui.summary.skipped": ("Items of ROOT that are not submissions", "ROOT 中不是提交的条目"),
        "ui.summary.item": ("Item", "条目"),
        "ui.summary.no_submission": ("On the roster without a submission", "名单上未提交的学生"),
        "ui.summary.not_on_roster": (
            "Submissions that match nobody on the roster (graded; give the roster the name or id the LMS used, or rename the folder)",
            "与名单上任何人都不匹配的提交（已评分；请在名单中使用 LMS 的姓名或 ID，或重命名文件夹）",
        ),
        "ui.summary.manual": ("For a TA to grade by hand", "需要助教人工评分"),
        "ui.summary.part": ("Part", "部分"),
        "ui.summary.adjustments": ("TA's adjustments and late penalty", "助教调整与迟交扣分"),
        "batch.problems_failed": (
            "The grader failed on some problems: {problems}.",
            "评分程序在以下题目上出错：{problems}。",
        ),
    }
)
