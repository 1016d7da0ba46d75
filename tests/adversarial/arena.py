"""The arena: hostile submissions built from examples/good, graded, and checked for containment.

An `Arena` holds what an attacker would like to reach and must not: a canary
directory with a secret (mode 0600) outside the submission, another student's
submission beside the attacked one, a TCP listener on the loopback, the
grader's repository.  It grades a submission with a private temporary
directory (so that the sandbox's scratch directories and processes carry a
path that belongs to this test alone) and checks, after grading, that
nothing was written, nothing is still running, nothing was leaked into any
rendered report, and that every part an attack did not aim at scored exactly
as in the clean submission.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import socket
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import grader
from grader.course.course import code_modules, load_course
from grader.course.problem import is_code_problem
from grader.grading.pipeline import grade_submission
from grader.presentation.render import render_result
from grader.results.i18n import render
from grader.results.models import GradingResult
from grader.sandbox import SandboxLimits
from grader.sandbox.processes import leftover_processes

REPO = Path(grader.__file__).resolve().parent.parent
GOOD = REPO / "examples" / "good"
SEED = 7
#: The default course's code problems by contract file (``"backprop.py"`` -> its problem id).
PROBLEM_OF_FILE = {file: problem.id for problem in load_course(code_modules()) for file in problem.files}
#: The default course's problems graded from answers.md, by id, in course order.
ANSWER_PROBLEMS = tuple(problem.id for problem in load_course() if not is_code_problem(problem))

#: Short limits, the same for the clean run and every attacked run (the comparison is exact).
LIMITS = SandboxLimits(call_seconds=1.5, run_seconds=20.0, memory_bytes=1024 * 1024 * 1024)
#: Wall time one grading may take: the sandbox's budget, plus reading and checking answers.md.
GRADING_BOUND_SECONDS = LIMITS.run_seconds + 15.0

#: Unique per test session: attacks put it into the names of files they try to create and of
#: processes they try to leave behind, so that finding one is proof of an escape.
MARKER = f"advmark{os.getpid()}x{secrets.token_hex(4)}"


@dataclass(frozen=True)
class Target:
    """What one attack aims at: parts that must score 0, and what their feedback must say."""

    problem: str
    parts: tuple[str, ...] | None
    """Part ids; None means every part of the problem."""
    says: str
    """A regex the English feedback of each zeroed part (or the problem's error) must match."""


@dataclass
class Outcome:
    result: GradingResult
    seconds: float
    reports: dict[str, str]


def tree_state(root: Path) -> dict[str, str]:
    """Every entry under `root` with a digest of its content (or its kind)."""
    state: dict[str, str] = {}
    if not os.path.lexists(root):
        return state
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            rel = str(path.relative_to(root))
            if path.is_symlink():
                state[rel] = "link:" + os.readlink(path)
            elif path.is_file():
                state[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                state[rel] = "dir" if path.is_dir() else "other"
    return state


def descendants(pid: int) -> list[int]:
    """Live (not zombie) processes below `pid`."""
    parents: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry.name}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if fields[0] == "Z":
            continue
        parents.setdefault(int(fields[1]), []).append(int(entry.name))
    found, stack = [], [pid]
    while stack:
        for child in parents.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


def live_marked(marker: bytes) -> list[int]:
    """Processes (not zombies) whose command line holds `marker`."""
    pids = []
    for pid in leftover_processes(marker):
        try:
            state = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        if state[state.rindex(")") + 2] != "Z" and pid != os.getpid():
            pids.append(pid)
    return pids


class Arena:
    """Everything one test needs around the submissions it attacks with."""

    def __init__(self, base: Path):
        self.base = base
        self.canary = base / "canary"
        self.canary.mkdir()
        self.secret = secrets.token_hex(16)
        self.secret_path = self.canary / "secret.txt"
        self.secret_path.write_text(f"SECRET-{self.secret}\n")
        self.secret_path.chmod(0o600)
        self.submissions = base / "class"  # like a batch root: the attacked submission and a victim
        self.submissions.mkdir()
        self.victim_secret = secrets.token_hex(16)
        self.victim = self.submissions / "victim"
        shutil.copytree(GOOD, self.victim)
        with open(self.victim / "answers.md", "a") as handle:
            handle.write(f"\n<!-- VICTIM-{self.victim_secret} -->\n")
        with open(self.victim / "perceptron.py", "a") as handle:
            handle.write(f"\n# VICTIM-{self.victim_secret}\n")
        # the grader's temporary directory during grading: like /tmp, reachable by other users, so
        # that the sandbox may run the student's code under a uid of its own (which it does only then)
        self.private_tmp = Path(tempfile.mkdtemp(prefix=f"adv-{MARKER}-"))
        self.private_tmp.chmod(0o755)
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(8)
        self.listener.setblocking(False)
        self.port = self.listener.getsockname()[1]

    def close(self) -> None:
        self.listener.close()
        shutil.rmtree(self.private_tmp, ignore_errors=True)

    # ---------------------------------------------------------------- what attacks may know

    def context(self, submission: Path) -> dict[str, object]:
        """Paths and addresses an attack aims at (an attacker who knows the machine well)."""
        return {
            "marker": MARKER,
            "canary": str(self.canary),
            "secret": str(self.secret_path),
            "victim": str(self.victim),
            "submission": str(submission),
            "repo": str(REPO),
            "reference": str(REPO / "reference" / "backprop.py"),
            "package": str(REPO / "grader"),
            "port": self.port,
        }

    def secrets_outside(self) -> dict[str, str]:
        """Text that exists only outside the submission: none of it may appear in a report."""
        found = {"canary secret": self.secret, "victim's files": self.victim_secret}
        try:
            first = Path("/etc/passwd").read_text().splitlines()[0]
            if first:
                found["/etc/passwd"] = first
        except (OSError, IndexError):
            pass
        reference = (REPO / "reference" / "backprop.py").read_text().splitlines()
        found["reference source"] = next(line for line in reference if len(line) > 40)
        grading_source = (REPO / "grader" / "grading" / "pipeline.py").read_text().splitlines()
        found["grader source"] = next(line for line in grading_source if "traceback.print_exc" in line).strip()
        return found

    def escape_paths(self, submission: Path) -> list[Path]:
        """Where a file-writing attack tries to leave a file (all of them must stay absent)."""
        name = f"pwned-{MARKER}"
        return [
            self.canary / name,
            Path("/tmp") / name,
            Path("/") / name,
            Path("/root") / name,
            REPO / name,
            Path.cwd() / name,
            submission / name,
            submission.parent / name,
            self.victim / name,
            Path("/var/tmp") / name,
            Path("/dev/shm") / name,
        ]

    # ---------------------------------------------------------------- building

    def submission(self, name: str = "attacker") -> Path:
        directory = self.submissions / name
        shutil.copytree(GOOD, directory)
        return directory

    # ---------------------------------------------------------------- grading

    def grade(self, submission: Path, *, limits: SandboxLimits = LIMITS) -> Outcome:
        """Grade `submission` and check everything that must hold whatever it contains."""
        watched = {p: tree_state(p) for p in (self.canary, self.victim, self.submissions, self.private_tmp)}
        tmp_before = set(os.listdir("/tmp"))
        before_children = set(descendants(os.getpid()))
        saved = tempfile.tempdir
        tempfile.tempdir = str(self.private_tmp)
        started = time.monotonic()
        try:
            result = grade_submission(submission, seed=SEED, options={"sandbox_limits": limits})
        finally:
            tempfile.tempdir = saved
        seconds = time.monotonic() - started
        assert seconds < GRADING_BOUND_SECONDS, f"grading took {seconds:.1f} s"

        # no process outlived grading
        assert live_marked(str(self.private_tmp).encode()) == [], "a sandbox process outlived grading"
        assert live_marked(MARKER.encode()) == [], "a process started by the attack outlived grading"
        assert set(descendants(os.getpid())) <= before_children, "a child process outlived grading"
        # nothing appeared outside the scratch directory, which is gone
        assert list(self.private_tmp.iterdir()) == [], "the sandbox's scratch directory outlived grading"
        for path, state in watched.items():
            assert tree_state(path) == state, f"something changed under {path}"
        for path in self.escape_paths(submission):
            assert not os.path.lexists(path), f"the attack wrote {path}"
        # other work on this machine uses /tmp too (as root): a new entry there owned by another uid
        # (the sandbox's uids) or carrying the marker can only come from the student's code
        for name in set(os.listdir("/tmp")) - tmp_before:
            try:
                owner = os.lstat(Path("/tmp") / name).st_uid
            except FileNotFoundError:
                continue
            assert owner == os.getuid() and MARKER not in name, f"/tmp/{name} appeared during grading"
        # nothing reached the listener on the loopback
        try:
            connection, _ = self.listener.accept()
            connection.close()
            raise AssertionError("the attack connected to a port of the host's loopback")
        except BlockingIOError:
            pass

        reports = {f"{fmt}-{lang}": render_result(result, fmt, lang)
                   for fmt in ("json", "text", "md", "html") for lang in ("en", "zh")}
        for what, text in self.secrets_outside().items():
            for name, report in reports.items():
                assert text not in report, f"{what} leaked into the {name} report"
        return Outcome(result, seconds, reports)


# ---------------------------------------------------------------- comparing with the clean run


def part_scores(result: GradingResult) -> dict[tuple[str, str], float]:
    return {(p.id, part.id): part.score for p in result.problems for part in p.parts}


def feedback_text(result: GradingResult, problem: str, part: str | None) -> str:
    """The English feedback of a part (and the problem's error), as one string."""
    for p in result.problems:
        if p.id != problem:
            continue
        texts = [render(p.error, "en")] if p.error else []
        for candidate in p.parts:
            if part is None or candidate.id == part:
                texts += [render(m, "en") for m in candidate.feedback]
                texts += [render(c.message, "en") for c in candidate.checks if c.message is not None]
        return "\n".join(texts)
    raise KeyError(problem)


def assert_contained(outcome: Outcome, clean: GradingResult, targets: Iterable[Target],
                     may_change: Iterable[tuple[str, str]] = ()) -> None:
    """Attacked parts score 0 with feedback saying why; every other part (but those that `may_change`,
    whose content the attack replaced without making it worthless) scores as in `clean`."""
    result = outcome.result
    assert [p.id for p in result.problems] == [p.id for p in clean.problems], "the report is incomplete"
    report = json.loads(outcome.reports["json-en"])
    assert len(report["problems"]) == len(clean.problems)
    assert result.error is None
    attacked: set[tuple[str, str]] = set(may_change)
    scores = part_scores(result)
    for target in targets:
        problem = next(p for p in result.problems if p.id == target.problem)
        parts = [part.id for part in problem.parts] if target.parts is None else list(target.parts)
        assert parts, f"{target.problem} has no parts"
        for part in parts:
            attacked.add((target.problem, part))
            assert scores[(target.problem, part)] == 0, f"{target.problem}/{part} kept points under attack"
            said = feedback_text(result, target.problem, part)
            assert re.search(target.says, said, re.IGNORECASE | re.DOTALL), (
                f"{target.problem}/{part}: the feedback does not say {target.says!r}: {said[:600]!r}")
    expected = {key: score for key, score in part_scores(clean).items() if key not in attacked}
    got = {key: score for key, score in scores.items() if key not in attacked}
    assert got == expected, {k: (expected.get(k), got.get(k)) for k in set(got) | set(expected) if got.get(k) != expected.get(k)}
    for p, c in zip(result.problems, clean.problems):
        if all((p.id, part.id) not in attacked for part in p.parts):
            assert (p.status, p.score) == (c.status, c.score), p.id
