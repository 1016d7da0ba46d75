"""Isolation that holds without namespaces (Landlock, a cgroup, seccomp), no root, clean-up through
descriptors, and call time measured on the sandbox's own work.

The rlimits level is forced with `_reset_for_tests`; on a machine where Python is not readable
by other users (this one: under /root) it can have no fresh uid, so those tests allow the unsafe
same-uid mode explicitly and check that the other protections still hold.
"""

from __future__ import annotations

import os
import socket
import textwrap
import threading
import time
from pathlib import Path

import pytest

from grader.sandbox import Call, IsolationRefused, SandboxLimits, configure, detect_isolation, policy, run_calls
from grader.sandbox import cgroup as cgroups
from grader.sandbox.isolation import NAMESPACES, RLIMITS, _reset_for_tests, landlock_abi, reachable_by_others
from grader.sandbox.processes import leftover_processes
from grader.sandbox.scratch import _remove_tree

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO / "reference" / "optimizers.py"
QUICK = SandboxLimits(call_seconds=2.0, run_seconds=30.0)
needs_landlock = pytest.mark.skipif(landlock_abi() < 1, reason="the kernel offers no Landlock")
needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="needs root (cgroups, uids)")


def submission(tmp_path: Path, name: str = "optimizers", code: str = "") -> Path:
    directory = tmp_path / "sub" / "student"
    directory.mkdir(parents=True)
    (directory / f"{name}.py").write_text(textwrap.dedent(code))
    return directory


def run(tmp_path: Path, code: str, calls, limits: SandboxLimits = QUICK, name: str = "optimizers"):
    root = tmp_path / "scratch"
    root.mkdir(exist_ok=True)
    report = run_calls(submission(tmp_path, name, code), calls, files=[f"{name}.py"], limits=limits, scratch_root=root)
    assert list(root.iterdir()) == [], "the scratch directory outlived the run"
    assert leftover_processes(str(root).encode()) == [], "a process outlived the run"
    return report


@pytest.fixture()
def rlimits_level():
    _reset_for_tests(RLIMITS, allow_unsafe_same_uid=True)
    yield
    _reset_for_tests(None, allow_unsafe_same_uid=None)


SPY = f"""
import os, socket

def attempt(action):
    try:
        return "got: " + str(action())[:40]
    except BaseException as exc:
        return "refused: " + type(exc).__name__

def spy(port):
    found = {{}}
    def delegate():
        from grader.reference.optimizers import sgd
        return sgd
    found["import grader.reference"] = attempt(delegate)
    found["import reference"] = attempt(lambda: __import__("reference.optimizers"))
    found["read reference"] = attempt(lambda: open({str(REFERENCE)!r}).read())
    found["read passwd"] = attempt(lambda: open("/etc/passwd").read())
    found["list /tmp"] = attempt(lambda: os.listdir("/tmp"))
    found["write /tmp"] = attempt(lambda: open("/tmp/grader-pwned-%d" % os.getpid(), "w").write("x"))
    found["tcp loopback"] = attempt(lambda: socket.create_connection(("127.0.0.1", port), timeout=2))
    found["signal init"] = attempt(lambda: os.kill(1, 0))
    found["write box"] = attempt(lambda: open("scratch.txt", "w").write("ok"))
    import numpy as np
    found["numpy"] = attempt(lambda: float(np.linalg.solve(np.eye(2), np.ones(2)).sum()))
    import tempfile
    found["tempfile"] = attempt(lambda: tempfile.mkdtemp())
    return found
"""


@needs_landlock
def test_at_the_rlimits_level_the_child_sees_numpy_and_its_box_only(tmp_path, rlimits_level):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    try:
        report = run(tmp_path, SPY, [Call("s", "optimizers", "spy", (listener.getsockname()[1],))])
    finally:
        listener.close()
    assert report.isolation == RLIMITS
    found = report.outcomes["s"].value
    assert isinstance(found, dict), report.outcomes["s"]
    for attack in ("import grader.reference", "import reference", "read reference", "read passwd", "list /tmp",
                   "write /tmp", "tcp loopback"):
        assert found[attack].startswith("refused"), (attack, found[attack])
    assert found["import grader.reference"] == "refused: ModuleNotFoundError"  # not even found: not on its path
    assert found["read reference"] == "refused: PermissionError"
    if landlock_abi() >= 6:
        assert found["signal init"] == "refused: PermissionError"  # no signal leaves the sandbox
    assert found["write box"] == "got: 2" and found["numpy"] == "got: 2.0"
    assert found["tempfile"].startswith("got: ")  # TMPDIR is the box, the only place it may write
    details = report.details
    assert details.level == RLIMITS and details.landlock == landlock_abi() and details.seccomp
    # seccomp refuses every socket, so the network is no weaker here than Landlock and seccomp make it
    assert "no_namespaces" in details.weaker and not {"udp_dns_open", "network_open"} & set(details.weaker)


def test_the_rlimits_level_refuses_to_run_code_as_root(tmp_path):
    """As root without a fresh uid (Python unreadable to other users), nothing runs unless the unsafe mode is allowed."""
    if os.geteuid() != 0:
        pytest.skip("not root: the child runs under the grader's own, unprivileged uid")
    _reset_for_tests(RLIMITS, allow_unsafe_same_uid=False)
    try:
        root = tmp_path / "scratch"
        root.mkdir()
        if reachable_by_others(root):
            pytest.skip("Python and NumPy are readable by other users here: the child gets a fresh uid")
        with pytest.raises(IsolationRefused, match="would run as root"):
            run_calls(submission(tmp_path, code="def f():\n    open('/tmp/ran-as-root', 'w')\n"), [Call("f", "optimizers", "f")],
                      files=["optimizers.py"], scratch_root=root)
        assert list(root.iterdir()) == []
    finally:
        _reset_for_tests(None, allow_unsafe_same_uid=None)


def test_the_policy_comes_from_configure_or_the_environment(monkeypatch):
    _reset_for_tests(None, allow_unsafe_same_uid=None)
    try:
        monkeypatch.setenv("GRADER_ISOLATION", "rlimits")
        monkeypatch.setenv("GRADER_ALLOW_UNSAFE_SAME_UID", "1")
        from grader.sandbox import isolation

        isolation._policy = None
        assert policy().level == "rlimits" and policy().allow_unsafe_same_uid
        assert detect_isolation() == RLIMITS
        configure(level="auto", allow_unsafe_same_uid=False)
        assert policy().level == "auto" and not policy().allow_unsafe_same_uid
        with pytest.raises(ValueError):
            configure(level="chroot")
        monkeypatch.setenv("GRADER_ISOLATION", "bogus")
        isolation._policy = None
        with pytest.raises(ValueError):
            policy()
    finally:
        monkeypatch.delenv("GRADER_ISOLATION", raising=False)
        monkeypatch.delenv("GRADER_ALLOW_UNSAFE_SAME_UID", raising=False)
        _reset_for_tests(None, allow_unsafe_same_uid=None)
        detect_isolation()


def test_namespaces_forced_where_there_are_none_refuse_to_run(monkeypatch):
    from grader.sandbox import isolation

    try:
        isolation._level = RLIMITS  # as on a machine without namespaces
        isolation._policy = isolation.Policy("namespaces", False)
        with pytest.raises(IsolationRefused, match="namespaces level was required"):
            detect_isolation()
    finally:
        _reset_for_tests(None, allow_unsafe_same_uid=None)


DAEMONS = """
import os, time

def escape(marker):
    # double fork, new session, then the grandchild lives on (it would exec a shell if it could)
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            try:
                os.execv("/bin/sh", ["sh", "-c", "sleep 600; echo " + marker])
            except OSError:
                pass
            while True:
                time.sleep(1)
        os._exit(0)
    time.sleep(0.3)
    return 1
"""


@needs_root
def test_processes_that_leave_the_session_die_with_the_run_cgroup(tmp_path, rlimits_level):
    if not cgroups.available():
        pytest.skip("no writable cgroup here")
    marker = f"escaped-{os.getpid()}-{time.monotonic_ns()}"
    report = run(tmp_path, DAEMONS, [Call("e", "optimizers", "escape", (marker,))])  # run(): none with the harness's path
    assert report.outcomes["e"].value == 1 and report.details.cgroup in ("v1", "v2")
    time.sleep(0.2)
    assert leftover_processes(marker.encode()) == [], "the exec'd shell outlived the run"


MEMORY = """
import os, time

def spread(children, mib):
    # each child stays far under the per-process limit; together they go over the sandbox's
    pids = []
    for _ in range(children):
        pid = os.fork()
        if pid == 0:
            block = bytearray(mib << 20)
            block[::4096] = b"\\x01" * len(range(0, mib << 20, 4096))
            time.sleep(3)  # hold it while the others allocate theirs: together they exceed the limit
            os._exit(0)
        pids.append(pid)
    killed = 0
    for pid in pids:
        _, status = os.waitpid(pid, 0)
        killed += os.WIFSIGNALED(status)
    return killed
"""


@needs_root
def test_memory_is_limited_per_sandbox_not_per_process(tmp_path, rlimits_level):
    if not cgroups.available():
        pytest.skip("no writable cgroup here")
    limits = SandboxLimits(call_seconds=10.0, run_seconds=60.0, memory_bytes=768 << 20)
    report = run(tmp_path, MEMORY, [Call("m", "optimizers", "spread", (4, 300))], limits=limits)
    outcome = report.outcomes["m"]
    # 4 x 300 MiB > 768 MiB: the cgroup's OOM killer ends children (or the harness itself)
    assert (outcome.ok and outcome.value >= 1) or outcome.status == "crashed", outcome


USERNS = """
import ctypes, os

def nest():
    libc = ctypes.CDLL(None, use_errno=True)
    found = {}
    for name, flags in (("user", 0x10000000), ("mount", 0x00020000), ("ipc", 0x08000000)):
        found[name] = libc.unshare(flags) == 0
    libc.shmget.restype = ctypes.c_int
    found["sysv shm"] = libc.shmget(0, 1 << 20, 0o1600) >= 0  # IPC_CREAT
    return found
"""


@pytest.mark.parametrize("level", ["namespaces", "rlimits"])
def test_no_nested_namespaces_and_no_sysv_ipc(tmp_path, level):
    if level == "namespaces" and detect_isolation() != NAMESPACES:
        pytest.skip("no namespaces here")
    if level == "rlimits":
        _reset_for_tests(RLIMITS, allow_unsafe_same_uid=True)
    try:
        report = run(tmp_path, USERNS, [Call("n", "optimizers", "nest")])
    finally:
        if level == "rlimits":
            _reset_for_tests(None, allow_unsafe_same_uid=None)
    assert report.details.seccomp
    assert report.outcomes["n"].value == {"user": False, "mount": False, "ipc": False, "sysv shm": False}


# ---------------------------------------------------------------- clean-up through descriptors


def test_removing_a_box_never_follows_links_nor_changes_modes_outside(tmp_path):
    outside = tmp_path / "outside"
    (outside / "keep").mkdir(parents=True)
    (outside / "keep" / "file.txt").write_text("precious")
    outside.chmod(0o755)
    parent_mode = tmp_path.stat().st_mode
    box = tmp_path / "box"
    (box / "a" / "b").mkdir(parents=True)
    (box / "link-to-dir").symlink_to(outside)
    (box / "a" / "link-to-file").symlink_to(outside / "keep" / "file.txt")
    deep = box / "deep"
    deep.mkdir()
    current = deep
    for _ in range(120):  # deeper than MAX_DEPTH: moved up, not followed
        current = current / "d"
        current.mkdir()
    (current / "bottom.txt").write_text("x")
    locked = box / "a" / "locked"
    locked.mkdir()
    (locked / "inner.txt").write_text("x")
    locked.chmod(0)
    _remove_tree(box)
    assert not box.exists()
    assert (outside / "keep" / "file.txt").read_text() == "precious"
    assert (outside.stat().st_mode & 0o777) == 0o755 and tmp_path.stat().st_mode == parent_mode


def test_a_directory_swapped_for_a_link_during_removal_does_not_lead_outside(tmp_path):
    """The attack of the red-team review: a surviving process swaps a directory in the box for a link
    to a victim while the grader removes the box; nothing of the victim may be removed or chmodded."""
    victim = tmp_path / "victim"
    victim.mkdir()
    for i in range(50):
        (victim / f"file{i}").write_text("precious")
    victim.chmod(0o755)
    parent_mode = tmp_path.stat().st_mode
    for attempt in range(5):
        box = tmp_path / f"box{attempt}"
        box.mkdir()
        for i in range(200):
            sub = box / f"dir{i}"
            sub.mkdir()
            (sub / "f").write_text("x")
            sub.chmod(0o500)  # forces the clean-up into its permission-fixing path
        stop = threading.Event()

        def swap():
            while not stop.is_set():
                for i in range(200):
                    target = box / f"dir{i}"
                    try:
                        os.rename(target, box / f"moved{i}")
                        os.symlink(victim, target)
                    except OSError:
                        pass

        swapper = threading.Thread(target=swap)
        swapper.start()
        try:
            _remove_tree(box)
        finally:
            stop.set()
            swapper.join()
        _remove_tree(box)
    assert sorted(p.name for p in victim.iterdir()) == sorted(f"file{i}" for i in range(50))
    assert (victim.stat().st_mode & 0o777) == 0o755
    assert tmp_path.stat().st_mode == parent_mode


# ---------------------------------------------------------------- time measured on the sandbox


HOG = """
import os, time

def hog(count):
    # busy loops, each in a session of its own, for as long as the sandbox lets them live
    for _ in range(count):
        if os.fork() == 0:
            os.setsid()
            while True:
                pass
    while True:
        time.sleep(0.1)
"""

WORK = """
import time

def work(seconds):
    # a correct function that needs `seconds` of CPU, whatever the machine's load
    start = time.process_time()
    total = 0
    while time.process_time() - start < seconds:
        total += 1
    return 1.0
"""


def test_a_classmates_load_does_not_fail_a_correct_function(tmp_path):
    """The starvation attack: one sandbox forks 14 busy loops while another's correct function needs
    0.6 s of CPU under a 1 s limit.  Its time is its own CPU and run time, not the wall clock."""
    hog_limits = SandboxLimits(call_seconds=6.0, run_seconds=30.0, processes=20)
    hog_dir = submission(tmp_path / "hog", "optimizers", HOG)
    work_dir = submission(tmp_path / "work", "optimizers", WORK)
    results = {}

    def hog_run():
        results["hog"] = run_calls(hog_dir, [Call("h", "optimizers", "hog", (14,))], files=["optimizers.py"], limits=hog_limits)

    thread = threading.Thread(target=hog_run)
    thread.start()
    try:
        time.sleep(1.5)  # the loops are running
        limits = SandboxLimits(call_seconds=1.0, run_seconds=60.0)
        calls = [Call(f"w{i}", "optimizers", "work", (0.6,)) for i in range(3)]
        started = time.monotonic()
        report = run_calls(work_dir, calls, files=["optimizers.py"], limits=limits)
        wall = time.monotonic() - started
    finally:
        thread.join()
    for call in calls:
        assert report.outcomes[call.id].ok, (report.outcomes[call.id], wall)
    assert results["hog"].outcomes["h"].status == "timeout"
    print(f"\n3 calls of 0.6 s CPU under a 1 s limit beside 14 busy loops: {wall:.1f} s of wall time")


def test_a_sleeping_function_still_times_out_on_time(tmp_path):
    code = "import time\ndef nap():\n    time.sleep(60)\n"
    started = time.monotonic()
    report = run(tmp_path, code, [Call("n", "optimizers", "nap")], limits=SandboxLimits(call_seconds=1.0, run_seconds=20.0))
    assert report.outcomes["n"].status == "timeout"
    assert time.monotonic() - started < 8  # the sleep is the sandbox's own time: no 10x backstop wait


INODES = """
import os

def flood(count):
    made = 0
    try:
        for i in range(count):
            open("f%d" % i, "w").close()
            made += 1
    except OSError as exc:
        return [made, exc.errno]
    return [made, 0]
"""


def test_the_scratch_file_systems_hold_a_bounded_number_of_files(tmp_path):
    if detect_isolation() != NAMESPACES:
        pytest.skip("the box is a tmpfs of its own under namespaces only")
    limits = SandboxLimits(call_seconds=10.0, run_seconds=30.0, scratch_inodes=300)
    report = run(tmp_path, INODES, [Call("i", "optimizers", "flood", (5000,))], limits=limits)
    made, error = report.outcomes["i"].value.tolist()
    assert made < 300 and error == 28  # ENOSPC: no inode left, long before 400k empty files


def test_grade_isolation_option_forces_the_level_and_reports_say_so(monkeypatch):
    import json

    from click.testing import CliRunner

    from grader.apps.cli import main

    # configure() exports the policy to the environment (batch workers follow it): restore it afterwards
    monkeypatch.setenv("GRADER_ISOLATION", "auto")
    monkeypatch.delenv("GRADER_ALLOW_UNSAFE_SAME_UID", raising=False)
    good = str(REPO / "examples" / "good")
    try:
        _reset_for_tests(None, allow_unsafe_same_uid=None)
        done = CliRunner().invoke(main, [good, "--format", "json", "--isolation", "rlimits"])
        assert done.exit_code == 0, done.output
        report = json.loads(done.output)
        assert os.environ["GRADER_ISOLATION"] == "rlimits"
        code = [p for p in report["problems"] if p["id"] in ("backprop", "batchnorm", "perceptron", "optimizers")]
        if os.geteuid() == 0 and not reachable_by_others(Path("/tmp")):
            # no fresh uid: refused, each code problem says why, nothing else is lost
            assert all(p["status"] == "not graded" and "would run as root" in p["error"] for p in code), code
            assert report["isolation_details"] is None and report["score"] == 50
        _reset_for_tests(None, allow_unsafe_same_uid=None)
        done = CliRunner().invoke(main, [good, "--format", "json", "--isolation", "rlimits", "--allow-unsafe-same-uid"])
        assert done.exit_code == 0, done.output
        report = json.loads(done.output)
        assert report["score"] == 100 and report["isolation"] == RLIMITS
        details = report["isolation_details"]
        assert details["level"] == RLIMITS and details["landlock"] == landlock_abi() and details["weaker"]
    finally:
        _reset_for_tests(None, allow_unsafe_same_uid=None)
        from grader.sandbox import isolation

        isolation._policy = None


@needs_root
def test_the_cgroup_alone_kills_a_process_that_execs_another_program(tmp_path, rlimits_level, monkeypatch):
    """Without Landlock the exec succeeds and the shell carries nothing of the harness's command line:
    the run's cgroup still holds it, and kills it."""
    if not cgroups.available():
        pytest.skip("no writable cgroup here")
    from grader.sandbox import session as sessions

    original = sessions.Session._plan

    def without_landlock(self, child, probe=False):
        plan = original(self, child, probe)
        plan.pop("landlock", None)
        return plan

    monkeypatch.setattr(sessions.Session, "_plan", without_landlock)
    marker = f"escaped-{os.getpid()}-{time.monotonic_ns()}"
    report = run(tmp_path, DAEMONS, [Call("e", "optimizers", "escape", (marker,))])
    assert report.outcomes["e"].value == 1 and report.details.landlock == 0
    time.sleep(0.2)
    assert leftover_processes(marker.encode()) == [], "the exec'd shell outlived the run"
