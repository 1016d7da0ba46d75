"""The fallback isolation level, "rlimits" (no namespaces): what it still contains.

Forced on this machine with `_reset_for_tests` (Python lives under /root here, so no fresh uid
can be had: these tests allow the unsafe same-uid mode explicitly, the weakest set-up).  Time,
memory, processes, exits, output and lying results are contained by the resource limits and
the run's cgroup; where the kernel offers Landlock, the attacks on the file system (reading the
reference, the grader, a classmate's files, /etc/passwd; writing outside the box) and on TCP
are run too, with the same checks as under namespaces.  The whole suite also runs at this
level: `GRADER_ISOLATION=rlimits GRADER_ALLOW_UNSAFE_SAME_UID=1 pytest tests/adversarial`.
"""

from __future__ import annotations

import os
import signal

import pytest

from grader.sandbox import cgroup as cgroups
from grader.sandbox.isolation import RLIMITS, _reset_for_tests, landlock_abi

from .arena import MARKER, PROBLEM_OF_FILE, Target, assert_contained, live_marked
from .attacks import CODE_ATTACKS, TARGETS, hostile_source

#: What rlimits must contain: resources, processes, exits, forgeries and lies.
CONTAINED = (
    "endless CPU loop",
    "sleeping forever",
    "SIGTERM, SIGINT and SIGHUP ignored, then an endless loop",
    "a thread that never ends, started by the function",
    "memory bomb: one huge array",
    "memory bomb: a list that doubles forever",
    "fork bomb",
    "a background process in a new session",
    "os._exit(0) inside the function",
    "sys.exit(0) inside the function",
    "SIGKILL sent to itself",
    "forged result records written on every descriptor (guessing the channel)",
    "atexit handler registered inside the function forges results on every descriptor",
    "deep recursion with the recursion limit lifted",
    "an ndarray subclass with wrong values whose __eq__, __array__ and tolist lie",
    "a pickle returned, with a __reduce__ that would run a command if the grader unpickled it",
    "numpy patched in the child so that every comparison passes, wrong values returned",
    "os._exit(0) at import",
    "sleeping forever at import",
    "an endless loop at import with SIGTERM ignored",
)
#: Contained under rlimits where the run has a cgroup (it holds every process, whatever program it
#: execs) or Landlock (which refuses the exec): the harness's command line is no longer needed.
ESCAPES = ("a double fork that escapes the process group and execs a shell",)
#: Contained under rlimits where Landlock narrows the child's file access and TCP.
NEEDS_LANDLOCK = (
    "reading /etc/passwd and showing it in an exception",
    "reading a secret file outside the submission and printing, returning and raising it",
    "reading the course's reference implementation and delegating to it",
    "listing and reading the grader's package",
    "reading another student's submission of the same class",
    "importing the grader's reference to delegate to it",
    "putting the repository on sys.path to import the reference",
    "writing files outside the scratch directory",
    "the secret file and /etc/passwd raised at import",
)

FILES = tuple(TARGETS)
BY_NAME = {a.name: a for a in CODE_ATTACKS}


def groups(names):
    attacks = [BY_NAME[n] for n in names]
    runs = []
    for i, attack in enumerate(attacks):
        number, slot = divmod(i, len(FILES))
        if slot == 0:
            runs.append([])
        file = FILES[slot]
        runs[-1].append((file, None if attack.whole_file else TARGETS[file][number % len(TARGETS[file])], attack))
    return runs


@pytest.fixture()
def rlimits_only():
    _reset_for_tests(RLIMITS, allow_unsafe_same_uid=True)
    yield
    _reset_for_tests(None)


def run_group(arena, clean, group):
    submission = arena.submission()
    targets = []
    for file, function, attack in group:
        with open(submission / file, "a") as handle:
            handle.write(hostile_source(attack, function, arena.context(submission)))
        targets.append(Target(PROBLEM_OF_FILE[file], None if function is None else (function,), attack.says))
    outcome = arena.grade(submission)
    assert outcome.result.isolation == RLIMITS
    assert_contained(outcome, clean, targets)


RUNS = groups(CONTAINED)


@pytest.mark.parametrize("group", RUNS, ids=[f"run{i}" for i in range(len(RUNS))])
def test_rlimits_contains_time_memory_processes_exits_and_lies(group, arena, clean, rlimits_only):
    run_group(arena, clean, group)


def test_rlimits_kills_a_double_forked_exec(arena, clean, rlimits_only):
    if not cgroups.available() and landlock_abi() < 1:
        pytest.skip("neither a cgroup nor Landlock here: a process that execs another program escapes (SECURITY.md)")
    try:
        run_group(arena, clean, groups(ESCAPES)[0])
    finally:
        for pid in live_marked(MARKER.encode()):  # what escaped: this session's marker is in its command line
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


LANDLOCK_RUNS = groups(NEEDS_LANDLOCK)


@pytest.mark.skipif(landlock_abi() < 1, reason="the kernel offers no Landlock: under rlimits the child reads what its uid can")
@pytest.mark.parametrize("group", LANDLOCK_RUNS, ids=[f"run{i}" for i in range(len(LANDLOCK_RUNS))])
def test_rlimits_with_landlock_reads_and_writes_nothing_outside_the_box(group, arena, clean, rlimits_only):
    run_group(arena, clean, group)


@pytest.mark.skipif(landlock_abi() < 4, reason="Landlock below ABI 4 has no network rules")
def test_rlimits_with_landlock_reaches_no_tcp_listener(arena, clean, rlimits_only):
    """TCP to the host's loopback is refused (the arena's listener sees nothing); UDP and DNS are not
    covered by Landlock, so the attack's feedback is not required to list three refusals here."""
    submission = arena.submission()
    attack = BY_NAME["opening a network connection (the host's loopback, and the internet)"]
    with open(submission / "optimizers.py", "a") as handle:
        handle.write(hostile_source(attack, "adam", arena.context(submission)))
    outcome = arena.grade(submission)
    assert outcome.result.isolation == RLIMITS
    assert_contained(outcome, clean, [Target("optimizers", ("adam",), r"\['refused: PermissionError'")])


def test_rlimits_reports_say_which_protections_were_in_force(arena, clean, rlimits_only):
    outcome = arena.grade(arena.submission())
    details = outcome.result.isolation_details
    assert details["level"] == RLIMITS and details["landlock"] == landlock_abi() and details["seccomp"] is True
    assert details["uid"] in ("fresh", "grader", "root")
    assert "no_namespaces" in details["weaker"]
    import json

    assert json.loads(outcome.reports["json-en"])["isolation_details"] == details
    assert "Landlock" in outcome.reports["text-en"] and "Landlock" in outcome.reports["html-en"]


def test_rlimits_runs_the_student_under_a_uid_of_its_own(arena, clean, rlimits_only):
    """As root without namespaces, the child drops to a fresh uid when it can (the interpreter and the
    scratch directory are reachable by other users): it then cannot read a 0600 file of ours."""
    from grader.sandbox.isolation import reachable_by_others

    if not reachable_by_others(arena.private_tmp / "scratch"):
        pytest.skip("the interpreter is not reachable by other users here: under rlimits the child keeps the "
                    "grader's uid (SECURITY.md)")
    submission = arena.submission()
    spy = BY_NAME["reading a secret file outside the submission and printing, returning and raising it"]
    with open(submission / "perceptron.py", "a") as handle:
        handle.write(hostile_source(spy, "perceptron_predict", arena.context(submission)))
    outcome = arena.grade(submission)
    assert outcome.result.isolation == RLIMITS
    assert_contained(outcome, clean, [Target("perceptron", ("perceptron_predict",), r"PermissionError")])


def test_rlimits_changes_nothing_of_what_the_parent_does(arena, clean, rlimits_only, tmp_path):
    """answers.md injections and links out of the submission are handled before any child starts."""
    from . import test_answers_attacks, test_file_attacks

    test_answers_attacks.test_hostile_answers_are_contained(0, arena, clean)
    (tmp_path / "second").mkdir()
    second = type(arena)(tmp_path / "second")
    try:
        test_file_attacks.test_links_out_of_the_submission_a_fifo_and_a_directory(second, clean)
    finally:
        second.close()


def test_the_arena_notices_a_leak_when_there_is_one(arena, clean, rlimits_only, monkeypatch):
    """The checks have teeth: where rlimits leaves the child our uid and Landlock is off, it reads the
    secret, and the arena says so."""
    from grader.sandbox import isolation
    from grader.sandbox import session as sessions

    if isolation.reachable_by_others(arena.private_tmp / "scratch"):
        pytest.skip("the child drops to a uid of its own here and cannot read the secret")
    # as on a kernel without Landlock: the rules are not asked for
    original = sessions.Session._plan

    def without_landlock(self, child, probe=False):
        plan = original(self, child, probe)
        plan.pop("landlock", None)
        return plan

    monkeypatch.setattr(sessions.Session, "_plan", without_landlock)
    submission = arena.submission()
    spy = BY_NAME["reading a secret file outside the submission and printing, returning and raising it"]
    with open(submission / "perceptron.py", "a") as handle:
        handle.write(hostile_source(spy, "perceptron_predict", arena.context(submission)))
    with pytest.raises(AssertionError, match="canary secret leaked"):
        arena.grade(submission)
