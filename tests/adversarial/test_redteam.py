"""Red-team attacks of a student who knows the source, at both isolation levels.

Kernel-surface probes run through `run_calls` directly (one child, many attempts, each reported as
"got" or "refused"); attacks on scoring and on the reports go through the arena (a full grading of
examples/good with one hostile part).  The rlimits level is forced with `_reset_for_tests`, in its
weakest set-up on this machine (Python lives under /root: the child keeps uid 0, allowed explicitly).
"""

from __future__ import annotations

import os
import re
import textwrap
from pathlib import Path

import pytest

from grader.sandbox import Call, SandboxLimits, detect_isolation, run_calls
from grader.sandbox.isolation import NAMESPACES, RLIMITS, _reset_for_tests, landlock_abi
from grader.sandbox.processes import leftover_processes

from .arena import PROBLEM_OF_FILE, Target, assert_contained
from .attacks import NOT_NUMBERS, RAISED, WRONG, CodeAttack, hostile_source

QUICK = SandboxLimits(call_seconds=5.0, run_seconds=30.0)
LEVELS = ("namespaces", "rlimits")


@pytest.fixture(params=LEVELS)
def level(request):
    """Each test once per isolation level (namespaces where this machine has them)."""
    if request.param == "namespaces":
        if detect_isolation() != NAMESPACES:
            pytest.skip("no namespaces here")
        _reset_for_tests(NAMESPACES)
    else:
        if landlock_abi() < 1:
            pytest.skip("no Landlock here: at the rlimits level files are not confined (SECURITY.md)")
        _reset_for_tests(RLIMITS, allow_unsafe_same_uid=True)
    yield request.param
    _reset_for_tests(None, allow_unsafe_same_uid=None)


def probe(tmp_path: Path, code: str, function: str = "spy", args=()) -> object:
    """Run `function` of a student file holding `code`; its returned value (the attempts' results)."""
    student = tmp_path / "student"
    student.mkdir(parents=True)
    (student / "optimizers.py").write_text(PRELUDE + textwrap.dedent(code))
    root = tmp_path / "scratch"
    root.mkdir()
    report = run_calls(student, [Call("s", "optimizers", function, tuple(args))], files=["optimizers.py"],
                       limits=QUICK, scratch_root=root)
    assert list(root.iterdir()) == [], "the scratch directory outlived the run"
    assert leftover_processes(str(root).encode()) == [], "a process outlived the run"
    outcome = report.outcomes["s"]
    assert outcome.status == "ok", outcome
    return outcome.value


PRELUDE = '''
import ctypes, os, signal, threading, time
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long


def attempt(action):
    try:
        return "got: " + str(action())[:80]
    except BaseException as exc:
        return "refused: " + type(exc).__name__


def sc(*args):
    ctypes.set_errno(0)
    result = libc.syscall(*args)
    if result < 0:
        number = ctypes.get_errno()
        raise OSError(number, os.strerror(number))
    return result
'''

X86 = os.uname().machine == "x86_64"
needs_x86 = pytest.mark.skipif(not X86, reason="the probes use x86_64 syscall numbers")

# ---------------------------------------------------------------- the kernel's surface

KERNEL = '''
def capabilities():
    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]
    class Data(ctypes.Structure):
        _fields_ = [("eff", ctypes.c_uint32), ("perm", ctypes.c_uint32), ("inh", ctypes.c_uint32)]
    header, data = Header(0x20080522, 0), (Data * 2)()
    sc(125, ctypes.byref(header), ctypes.byref(data))
    held = data[0].eff | data[1].eff << 32 | data[0].perm | data[1].perm << 32
    if held:
        return "capabilities %x" % held
    raise PermissionError("none")


def bpf_map():
    class Attr(ctypes.Structure):
        _fields_ = [("type", ctypes.c_uint32), ("key", ctypes.c_uint32), ("value", ctypes.c_uint32),
                    ("entries", ctypes.c_uint32), ("rest", ctypes.c_char * 112)]
    attr = Attr(2, 4, 8, 1)  # an array map of one entry
    fd = sc(321, 0, ctypes.byref(attr), ctypes.sizeof(attr))
    os.close(fd)
    return fd


def perf_everyone():
    attr = (ctypes.c_char * 128)()
    ctypes.memmove(attr, (1).to_bytes(4, "little") + (128).to_bytes(4, "little"), 8)  # software: CPU clock
    fd = sc(298, attr, -1, 0, -1, 0)  # every process on CPU 0
    os.close(fd)
    return fd


def new_fd(number, *args):
    fd = sc(number, *args)
    os.close(fd)
    return fd


def read_parent():
    class Iov(ctypes.Structure):
        _fields_ = [("base", ctypes.c_void_p), ("len", ctypes.c_size_t)]
    buffer = ctypes.create_string_buffer(8)
    local, remote = Iov(ctypes.cast(buffer, ctypes.c_void_p), 8), Iov(0x400000, 8)
    return sc(310, os.getppid(), ctypes.byref(local), 1, ctypes.byref(remote), 1, 0)


def by_handle(path):
    class Handle(ctypes.Structure):
        _fields_ = [("bytes", ctypes.c_uint32), ("type", ctypes.c_int), ("data", ctypes.c_char * 128)]
    handle, mount_id = Handle(128, 0), ctypes.c_int()
    sc(303, -100, path.encode(), ctypes.byref(handle), ctypes.byref(mount_id), 0)
    here = os.open(".", os.O_RDONLY)
    try:
        return os.read(sc(304, here, ctypes.byref(handle), os.O_RDONLY), 40)
    finally:
        os.close(here)


def steal_descriptors():
    parent = os.getppid()
    if parent == 0:
        raise ProcessLookupError("no parent in sight")
    pidfd = sc(434, parent, 0)  # pidfd_open
    stolen = []
    for number in range(3, 64):
        try:
            stolen.append(sc(438, pidfd, number, 0))  # pidfd_getfd: one of the grader's descriptors
        except OSError:
            pass
    if not stolen:
        raise PermissionError("no descriptor of the grader")
    return stolen


def signal_parent():
    parent = os.getppid()
    if parent == 0:  # the grader is outside the PID namespace: not even named
        raise ProcessLookupError("no parent in sight")
    os.kill(parent, 0)
    return parent


def spy(secret):
    found = {}
    found["capabilities"] = attempt(capabilities)
    found["bpf"] = attempt(bpf_map)
    found["perf_event_open"] = attempt(perf_everyone)
    found["userfaultfd"] = attempt(lambda: new_fd(323, 0))
    found["io_uring_setup"] = attempt(lambda: new_fd(425, 4, (ctypes.c_char * 120)()))
    found["add_key"] = attempt(lambda: sc(248, b"user", b"adv", b"data", 4, ctypes.c_long(-2)))
    found["process_vm_readv"] = attempt(read_parent)
    found["ptrace attach parent"] = attempt(lambda: sc(101, 0x4206, os.getppid(), 0, 0))  # PTRACE_SEIZE
    found["open_by_handle_at"] = attempt(lambda: by_handle(secret))
    found["hard link"] = attempt(lambda: os.link(secret, "stolen") or open("stolen").read())
    found["raise RLIMIT_AS"] = attempt(lambda: __import__("resource").setrlimit(__import__("resource").RLIMIT_AS, (-1, -1)))
    found["/dev/shm"] = attempt(lambda: open("/dev/shm/adv-%d" % os.getpid(), "w").write("x"))
    found["/proc of the parent"] = attempt(lambda: open("/proc/%d/environ" % os.getppid(), "rb").read(20))
    found["/proc/1"] = attempt(lambda: os.readlink("/proc/1/cwd") + open("/proc/1/environ", "rb").read(20).decode())
    found["signal the parent"] = attempt(signal_parent)
    found["pidfd_getfd of the grader"] = attempt(steal_descriptors)
    return found
'''


@needs_x86
def test_the_kernels_surface_is_closed(tmp_path, level):
    """No capability, bpf, perf, userfaultfd, io_uring, keyring, ptrace or process_vm_readv of the
    grader, no file by handle or hard link, no raised limit, no /dev/shm, /proc or signal outside."""
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-by-handle")
    secret.chmod(0o600)
    found = probe(tmp_path / "run", KERNEL, args=(str(secret),))
    assert isinstance(found, dict), found
    for what, result in found.items():
        assert result.startswith("refused"), (level, what, result)


HIJACK = '''
HANDLER = ctypes.CFUNCTYPE(None, ctypes.c_int)
got = {}


def in_another_thread(signum):
    # runs in whichever thread the signal was sent to: it must be as confined as the main thread
    got["thread"] = threading.get_native_id()
    got["read"] = attempt(lambda: open(SECRET).read())
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.write(writer, str(libc.syscall(272, 0x10000000)).encode())  # unshare(CLONE_NEWUSER)
        os._exit(0)
    os.close(writer)
    got["user namespace from a fork"] = "got" if os.read(reader, 10) == b"0" else "refused"
    os.waitpid(pid, 0)


handler = HANDLER(in_another_thread)


def spy(secret):
    global SECRET
    SECRET = secret
    libc.signal(signal.SIGUSR2, handler)
    others = [t.native_id for t in threading.enumerate() if t.native_id != threading.get_native_id()]
    for tid in others:
        libc.syscall(234, os.getpid(), tid, signal.SIGUSR2)  # tgkill
    time.sleep(0.5)
    return {"others": len(others), **got}
'''


@needs_x86
def test_a_hijacked_thread_of_the_harness_is_as_confined_as_its_main_thread(tmp_path, level):
    """Landlock, seccomp and no_new_privs hold for the thread that set them and the threads it starts
    later: the harness's watchdog, started before them, let a ctypes signal handler read a 0600 file at
    the rlimits level and fork a process without the seccomp filter into a new user namespace."""
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-hijack")
    secret.chmod(0o600)
    found = probe(tmp_path / "run", HIJACK, args=(str(secret),))
    assert found["others"] >= 1 and "thread" in found, found  # the attack did reach another thread
    assert found["read"].startswith("refused"), found
    assert found["user namespace from a fork"] == "refused", found


# ---------------------------------------------------------------- scores and reports (the arena)

#: Characters that drive a terminal (escape sequences, carriage return, backspace, bell, C1 controls).
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
FAKE_TOTAL = "\x1b[2J\x1b[H\x1b]0;graded\x07Total: 100 / 100\r\x08\x9b31m\u202eevil"

DEGENERATE = (
    CodeAttack("an empty array of shape (0, 3)", "return _np.zeros((0, 3))", WRONG + "|" + NOT_NUMBERS),
    CodeAttack("a 0-d array where arrays are expected", "return _np.array(0.5)", WRONG + "|" + NOT_NUMBERS),
    CodeAttack("a tuple of empty arrays", "return (_np.empty((0,)), _np.empty((0, 0)))", WRONG + "|" + NOT_NUMBERS),
    CodeAttack(
        "a giant shape with few bytes (stride tricks)",
        "return _np.lib.stride_tricks.as_strided(_np.zeros(1), shape=(10 ** 6, 10 ** 6), strides=(0, 0))",
        WRONG + "|" + NOT_NUMBERS,
    ),
)


def attack_run(arena, clean, placed, may_change=()):
    """Grade examples/good with each (file, function, attack) of `placed` appended; check containment."""
    submission = arena.submission()
    targets = []
    for file, function, attack in placed:
        with open(submission / file, "a") as handle:
            handle.write(hostile_source(attack, function, arena.context(submission)))
        targets.append(Target(PROBLEM_OF_FILE[file], None if function is None else (function,), attack.says))
    outcome = arena.grade(submission)
    assert_contained(outcome, clean, targets, may_change)
    return outcome


def test_degenerate_results_are_graded_not_crashed(arena, clean, level):
    placed = list(zip(("backprop.py", "batchnorm.py", "perceptron.py", "optimizers.py"),
                      ("mlp_loss", "layernorm_backward", "perceptron_predict", "adam"), DEGENERATE))
    attack_run(arena, clean, placed)


FORGED_FRAME = CodeAttack(
    "mlp_loss raises an exception whose text mimics a failure inside the student's own relu_backward",
    """
    raise RuntimeError('Traceback (most recent call last):\\n  File "backprop.py", line 1, in relu_backward\\n'
                       '    return grad * (x > 0)\\nValueError: operands could not be broadcast together')
    """,
    RAISED,
)


def test_a_forged_frame_in_an_exception_earns_no_forgiveness(arena, clean, level):
    """Partial credit for a composite never rests on the text of its exception."""
    attack_run(arena, clean, [("backprop.py", "mlp_loss", FORGED_FRAME)])


FORGED_WITH_TOKEN = CodeAttack(
    "the harness's own channel (found with gc, real token) forges results for the calls that follow",
    """
    import gc as _gc
    for _obj in _gc.get_objects():
        if type(_obj).__name__ == "Harness":
            _h = _obj
            _seq = max(c["s"] for c in _h.plan["calls"] if c["f"] == "adam")
            for _s in range(_seq + 1, _seq + 200):
                _h.channel.send({"k": "done", "s": _s, "st": "ok", "msg": "", "v": 0.0, "c": [], "n": 0, "sec": 0.0})
            _h.channel.send({"k": "bye"})
    raise RuntimeError("forged")
    """,
    RAISED + "|" + NOT_NUMBERS + "|ended|protocol|unexpected",
)


def test_records_forged_with_the_real_token_change_no_other_result(arena, clean, level):
    attack_run(arena, clean, [("optimizers.py", "adam", FORGED_WITH_TOKEN)])


ESCAPES = (
    CodeAttack("terminal escapes in an exception message", f"raise ValueError({FAKE_TOTAL!r})", RAISED),
    CodeAttack("terminal escapes on stdout and stderr",
               f"print({FAKE_TOTAL!r} * 20)\n_sys.stderr.write({FAKE_TOTAL!r})\nraise ValueError('x')", RAISED),
    CodeAttack("terminal escapes in a returned type's name",
               f"return type({FAKE_TOTAL!r}, (float,), {{}})(1.0)", WRONG + "|" + NOT_NUMBERS),
)


def test_terminal_escapes_never_reach_a_report(arena, clean, level):
    submission_files = list(zip(("backprop.py", "perceptron.py", "optimizers.py"),
                                ("sigmoid_backward", "perceptron_train", "adam"), ESCAPES))
    outcome = attack_run(arena, clean, submission_files)
    for name, report in outcome.reports.items():  # text, Markdown, HTML and JSON (`grade --format json`)
        found = CONTROL.findall(report)
        assert not found, (name, sorted(set(found)))


# ---------------------------------------------------------------- memory outside the address space

MEMFD = '''
def hoard():
    # pages of a memfd written with write(2) are never mapped: RLIMIT_AS does not see them
    fd = os.memfd_create("hoard")
    chunk = b"x" * (32 << 20)
    written = 0
    while written < (768 << 20):
        written += os.write(fd, chunk)
    return written
'''


def test_memory_in_a_memfd_counts_against_the_sandbox(tmp_path, level):
    """768 MiB written into a memfd (never mapped) by a sandbox limited to 256 MiB: not kept."""
    from grader.sandbox import cgroup as cgroups

    if level == "rlimits" and not cgroups.available():
        pytest.skip("without a cgroup memory counts per process (RLIMIT_AS), which a memfd escapes (SECURITY.md)")
    student = tmp_path / "student"
    student.mkdir()
    (student / "optimizers.py").write_text(PRELUDE + MEMFD)
    root = tmp_path / "scratch"
    root.mkdir()
    limits = SandboxLimits(call_seconds=10.0, run_seconds=30.0, memory_bytes=256 << 20)
    report = run_calls(student, [Call("m", "optimizers", "hoard")], files=["optimizers.py"], limits=limits,
                       scratch_root=root)
    outcome = report.outcomes["m"]
    assert outcome.status != "ok", outcome
    assert list(root.iterdir()) == [] and leftover_processes(str(root).encode()) == []


def test_terminal_escapes_in_answers_md_never_reach_a_report(arena, clean):
    """The parent reads answers.md itself (the same at both levels): an answer and a derivation line
    carrying escape sequences, a carriage return and a bidi override cost their problem at most."""
    submission = arena.submission()
    text = (submission / "answers.md").read_text()
    start = text.index("## mle-mse")
    answer = text.index("Answer:", start)
    end = text.index("\n", answer)
    text = (text[:answer] + f"Answer: $-\\log L(w,b) = {FAKE_TOTAL} n$\n\n$$\nx = {FAKE_TOTAL}\n$$"
            + text[end:])
    (submission / "answers.md").write_text(text)
    clean_problem = next(p for p in clean.problems if p.id == "mle-mse")
    outcome = arena.grade(submission)
    assert_contained(outcome, clean, [], may_change=[("mle-mse", part.id) for part in clean_problem.parts])
    for name, report in outcome.reports.items():  # text, Markdown, HTML and JSON (`grade --format json`)
        found = CONTROL.findall(report)
        assert not found, (name, sorted(set(found)))


HUGE_FRAME = CodeAttack(
    "a header line of 64 MiB without a newline, then a payload length of 2**62, on the real channel",
    """
    import gc as _gc
    _h = next(o for o in _gc.get_objects() if type(o).__name__ == "Harness")
    _os.write(_h.channel.fd, b'{"k":"done","s":0,"tok":"' + _h.channel.token.encode() + b'","n":4611686018427387904}\\n')
    _chunk = b"[" * (1 << 20)
    for _ in range(64):
        _os.write(_h.channel.fd, _chunk)
    return None
    """,
    r"ended|protocol|malformed|unexpected|" + NOT_NUMBERS + "|" + RAISED,
)


def test_a_huge_or_malformed_frame_on_the_real_channel_costs_only_its_function(arena, clean, level):
    attack_run(arena, clean, [("perceptron.py", "perceptron_predict", HUGE_FRAME)])


# ---------------------------------------------------------------- sockets

SOCKETS = '''
import socket


def spy(path, port):
    def unix(kind):
        with socket.socket(socket.AF_UNIX, kind) as s:
            s.connect(path)
            s.send(b"hello")
    def udp():
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            return s.sendto(b"hello", ("127.0.0.1", port))
    return {"unix stream": attempt(lambda: unix(socket.SOCK_STREAM)),
            "unix datagram": attempt(lambda: unix(socket.SOCK_DGRAM)),
            "udp loopback": attempt(udp),
            "dns": attempt(lambda: socket.getaddrinfo("localhost", 80))}
'''


def test_no_socket_of_the_host_is_reachable(tmp_path, level):
    """A listening UNIX socket of the host (a container runtime's, a bus) and a UDP port on the loopback:
    Landlock (up to ABI 7) covers neither, so without namespaces the child connected to the first."""
    import socket

    tmp_path.chmod(0o755)
    path = str(tmp_path / "host.sock")
    stream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stream.bind(path)
    stream.listen(4)
    stream.setblocking(False)
    os.chmod(path, 0o777)
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("127.0.0.1", 0))
    udp.setblocking(False)
    try:
        found = probe(tmp_path / "run", SOCKETS, args=(path, udp.getsockname()[1]))
        for what, result in found.items():
            assert result.startswith("refused"), (level, what, result)
        with pytest.raises(BlockingIOError):
            stream.accept()
        with pytest.raises(BlockingIOError):
            udp.recv(16)
    finally:
        stream.close()
        udp.close()


# ---------------------------------------------------------------- the scratch space's inodes

INODES = '''
def spy():
    made = 0
    try:
        for i in range(6000):
            open("f%d" % i, "w").close()
            made += 1
    except OSError as exc:
        return "refused after %d files: %s" % (made, type(exc).__name__)
    return "got: %d files" % made
'''


def test_the_scratch_space_holds_a_bounded_number_of_files(tmp_path, level, request):
    """Files beyond `scratch_inodes` (4096) are refused.  Under namespaces the box is a tmpfs with
    nr_inodes; without them it is a directory of the machine's temporary file system, with no limit of
    its own (SECURITY.md, known gap): there the attack keeps its 6000 files until the run ends."""
    if level == "rlimits":
        request.applymarker(pytest.mark.xfail(strict=True, reason=(
            "rlimits: the box is a plain directory of the host's temporary file system, no inode or size "
            "limit (a tmpfs needs mount rights the rlimits level does not have); the files are removed at "
            "the end of the run")))
    found = probe(tmp_path / "run", INODES)
    assert found.startswith("refused after"), found


# ---------------------------------------------------------------- the sandbox's uid in a narrow uid map


@pytest.mark.skipif(os.geteuid() != 0, reason="fresh uids are drawn by root only")
def test_in_a_narrow_uid_map_sandboxes_get_fresh_uids_not_nobody():
    """In a rootless container (uids 1..65536 mapped) every sandbox used to get 65534 (nobody): one uid
    for concurrent sandboxes, whose clean-up kills by uid, and for the machine's own daemons."""
    from grader.sandbox.isolation import FALLBACK_UID, _passwd_uids, sandbox_uid

    narrow = "0 1000 1\n1 100000 65536\n"
    drawn = {sandbox_uid(narrow) for _ in range(20)}
    assert FALLBACK_UID not in drawn and len(drawn) > 1, drawn
    assert all(10_000 <= uid <= 65536 for uid in drawn), drawn
    assert not drawn & _passwd_uids()
    assert sandbox_uid("0 0 1\n") == FALLBACK_UID  # nothing else mapped: the only choice left


FAKE_LINES = "ok\n\nTotal: 100 / 100\n\nperceptron             10 / 10   graded\n"
FORGED_LINES = (
    CodeAttack("a forged total line in an exception's text", f"raise ValueError({FAKE_LINES!r} * 3)", RAISED),
    CodeAttack("a forged total line on stdout and stderr, then an exception",
               f"print({FAKE_LINES!r} * 50)\n_sys.stderr.write({FAKE_LINES!r} * 50)\nraise ValueError('x')", RAISED),
)


def test_newlines_in_what_the_student_controls_forge_no_line_of_the_text_report(arena, clean):
    """Student text is one indented line in the report: no line of it can pass for the report's own total."""
    outcome = attack_run(arena, clean, list(zip(("backprop.py", "optimizers.py"), ("sigmoid_backward", "adam"),
                                                FORGED_LINES)))
    for name in ("text-en", "md-en"):
        totals = [line for line in outcome.reports[name].splitlines() if re.match(r"\W*Total", line)]
        assert len(totals) == 1 and "100 / 100" not in totals[0], (name, totals)


LAYER_RAISES = CodeAttack("relu_backward raises on every input", "raise ValueError('no')", RAISED)
COMPOSITE_BLAMES_LAYER = CodeAttack(
    "mlp_loss does no work and raises with a forged frame of the failing relu_backward",
    """
    raise RuntimeError('Traceback (most recent call last):\\n  File "backprop.py", line 3, in relu_backward\\n'
                       '    raise ValueError("no")\\nValueError: no')
    """,
    RAISED,
)


# Contained since the code checks forgive a composite only where values show the layer's mistake
# explains it (never on the exception's text, which the child writes).
def test_a_composite_is_not_forgiven_on_the_word_of_its_exception(arena, clean, level):
    """A layer that fails on purpose, and a composite whose exception's text names that layer's frame: the
    composite computed nothing, so it earns nothing (forgiveness must rest on what the composite did)."""
    attack_run(arena, clean, [("backprop.py", "relu_backward", LAYER_RAISES)])  # alone: the layer's own cost
    (arena.base / "second").mkdir()
    second = type(arena)(arena.base / "second")
    try:
        attack_run(second, clean, [("backprop.py", "relu_backward", LAYER_RAISES),
                                   ("backprop.py", "mlp_loss", COMPOSITE_BLAMES_LAYER)])
    finally:
        second.close()


# ---------------------------------------------------------------- modes, times and xattrs outside the box

ATTRIBUTES = '''
def spy(path):
    return {"chmod": attempt(lambda: os.chmod(path, 0o644)),
            "chmod through a descriptor": attempt(lambda: os.chmod(os.open(path, os.O_PATH), 0o644)),
            "utime": attempt(lambda: os.utime(path, (0, 0))),
            "setxattr": attempt(lambda: os.setxattr(path, "user.adv", b"x")),
            "chown": attempt(lambda: os.chown(path, os.getuid(), 0)),
            "chmod in the box": attempt(lambda: open("mine.txt", "w").close() or os.chmod("mine.txt", 0o755))}
'''


def test_modes_times_and_xattrs_outside_the_box_do_not_change(tmp_path, level):
    """Landlock (up to ABI 7) has no rule for chmod, utime or setxattr: at the rlimits level under the
    grader's uid, a 0600 secret became 0644 and got a new time and an xattr."""
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-modes")
    secret.chmod(0o600)
    before = secret.stat()
    found = probe(tmp_path / "run", ATTRIBUTES, args=(str(secret),))
    for what, result in found.items():
        assert result.startswith("refused"), (level, what, result)
    after = secret.stat()
    assert (after.st_mode, after.st_mtime_ns, after.st_uid) == (before.st_mode, before.st_mtime_ns, before.st_uid)
    assert "user.adv" not in os.listxattr(secret)


# ---------------------------------------------------------------- the child's Python path

SHADOWS = ("numpy", "json", "traceback", "linecache", "tokenize", "io", "select", "importlib", "sitecustomize",
           "usercustomize", "encodings", "ctypes", "resource", "perceptron_helpers")


def test_modules_planted_in_the_box_shadow_nothing(arena, clean, level):
    """Files submitted beside the graded ones (numpy.py, sitecustomize.py, a .pth) are never copied; modules
    written into the box at import by the first graded file (numpy.py, json.py, traceback.py, ...) and a
    .pth file there change nothing of how the harness or the other files run: every part scores as clean."""
    submission = arena.submission()
    marker = arena.canary / "shadowed"
    for name in SHADOWS:
        (submission / f"{name}.py").write_text(f"open({str(marker)!r}, 'w').write({name!r})\nraise SystemExit(3)\n")
    (submission / "evil.pth").write_text(f"import os; open({str(marker)!r}, 'w')\n")
    plant = "\n".join(
        ["import os as _plant_os"]
        + [f"open({name + '.py'!r}, 'w').write('raise SystemExit(4)')" for name in SHADOWS]
        + ["open('evil.pth', 'w').write('import os; os._exit(5)')",
           "_plant_os.makedirs('numpy', exist_ok=True)",
           "open('numpy/__init__.py', 'w').write('raise SystemExit(6)')"])
    with open(submission / "backprop.py", "a") as handle:
        handle.write("\n" + plant + "\n")
    outcome = arena.grade(submission)
    assert_contained(outcome, clean, [])
    assert not marker.exists()
