"""The sandbox: round trips of plain data, and containment of hostile or broken student code.

Each test starts as few children as it can (a child costs ~0.2 s of CPU), with short limits.
"""

from __future__ import annotations

import os
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from grader.course.course import code_files
from grader.sandbox import MISSING, Call, Opaque, Ref, SandboxLimits, detect_isolation, run_calls
from grader.sandbox.isolation import NAMESPACES, RLIMITS, _reset_for_tests, layout
from grader.sandbox.processes import leftover_processes

QUICK = SandboxLimits(call_seconds=1.0, run_seconds=20.0)
#: The default course's code files (the contract files a run's calls may name).
CODE_FILES = code_files()
needs_namespaces = pytest.mark.skipif(detect_isolation() != NAMESPACES, reason="needs root and unshare (namespaces)")


def submission(tmp_path: Path, **files: str) -> Path:
    directory = tmp_path / "sub" / "student"
    directory.mkdir(parents=True)
    for name, text in files.items():
        (directory / f"{name}.py").write_text(textwrap.dedent(text))
    return directory


def run(tmp_path: Path, calls, limits: SandboxLimits = QUICK, **kwargs):
    root = tmp_path / "scratch"
    root.mkdir(exist_ok=True)
    report = run_calls(submission(tmp_path, **kwargs), calls, files=CODE_FILES, limits=limits, scratch_root=root)
    assert set(report.outcomes) == {c.id for c in calls}
    assert list(root.iterdir()) == [], "the scratch directory outlived the run"
    assert leftover_processes(str(root).encode()) == [], "a process outlived the run"
    return report


ROUND_TRIP = """
import numpy as np

class Cache:
    def __init__(self, x, w):
        self.x, self.w = x, w

def affine_forward(x, w, b):
    return x @ w + b, Cache(x, w)

def affine_backward(dout, cache):
    return dout @ cache.w.T, cache.x.T @ dout, dout.sum(axis=0)

def sgd_momentum(w, dw, config=None):
    config = dict(config or {})
    v = config.get("velocity", np.zeros_like(w))
    v = config.get("momentum", 0.9) * v - config.get("learning_rate", 1e-2) * dw
    config["velocity"] = v
    return w + v, config

def bn_update(x, bn_param):
    bn_param["running_mean"] *= 0.5
    bn_param["running_var"] = bn_param["running_var"] + 1
    return x.mean(axis=0)

def kinds(n, *, flag=False):
    print("hello from the student")
    return {
        "int": n, "float": 2.5, "bool": flag, "none": None, "str": "text",
        "np_float": np.float32(1.5), "np_int": np.int64(7), "np_bool": np.bool_(True),
        "list": [[1.0, 2.0], [3.0, 4.0]], "ragged": [np.zeros(2), np.ones(3)],
        "tuple": (1, (2.0, "x")), "ints": np.arange(3), "bools": np.array([True, False]),
        "matrix": np.matrix([[1.0, 2.0]]), "objects": np.array([object(), 1]), "complex": np.ones(2) * 1j,
        "cache": Cache(1, 2), "empty": np.zeros((0, 3)), "huge": np.zeros(3_000_000),
    }

class Lying(np.ndarray):
    def __array__(self, *a, **k):
        return np.full(self.shape, 42.0)
    def __eq__(self, other):
        return True
    def __float__(self):
        return 42.0
    def view(self, *a, **k):
        return np.full(self.shape, 42.0)
    def tolist(self):
        return [42.0]

class LyingFloat(float):
    def __float__(self):
        return 42.0
    def __repr__(self):
        return "42.0"

def liar(x):
    return np.asarray(x).view(Lying), LyingFloat(0.25)

not_a_function = 3

def fails(x):
    return helper(x)

def helper(x):
    raise ValueError("bad shape " + str(x.shape))
"""


def test_round_trip_of_plain_data_refs_and_captures(tmp_path, capfd):
    rng = np.random.default_rng(0)
    x, w, b = rng.normal(size=(3, 4)), rng.normal(size=(4, 5)), rng.normal(size=5)
    dout = rng.normal(size=(3, 5))
    bn = {"mode": "train", "running_mean": np.ones(4), "running_var": np.ones(4)}
    calls = [
        Call("f", "backprop", "affine_forward", (x, w, b)),
        Call("b", "backprop", "affine_backward", (dout, Ref("f", 1))),
        Call("m0", "backprop", "sgd_momentum", (w, w * 0.1, None)),
        Call("m1", "backprop", "sgd_momentum", (w, w * 0.1), {"config": Ref("m0", 1)}),
        Call("bn", "backprop", "bn_update", (x, bn), capture=((1, "running_mean"), (1, "running_var"), (1, "gone"))),
        Call("k", "backprop", "kinds", (np.int64(3),), {"flag": True}),
        Call("l", "backprop", "liar", (x,)),
        Call("nc", "backprop", "not_a_function"),
        Call("mf", "backprop", "no_such_function"),
        Call("e", "backprop", "fails", (x,)),
        Call("r", "backprop", "affine_backward", (dout, Ref("e", 1))),
    ]
    report = run(tmp_path, calls, backprop=ROUND_TRIP)
    o = report.outcomes
    assert report.restarts == 0 and report.children == 1

    out, cache = o["f"].value
    np.testing.assert_allclose(out, x @ w + b)
    assert cache == Opaque("backprop.Cache") and o["f"].type_name == "tuple"
    assert o["f"].type_at(0) == "numpy.ndarray" and o["f"].type_at(1) == "backprop.Cache"
    dx, dw, db = o["b"].value
    np.testing.assert_allclose(dx, dout @ w.T)
    np.testing.assert_allclose(dw, x.T @ dout)
    np.testing.assert_allclose(db, dout.sum(axis=0))
    assert dx.dtype == np.float64 and dx.flags.writeable

    # the config returned by the first step reaches the second step through the child
    v0 = -1e-2 * w * 0.1
    np.testing.assert_allclose(o["m0"].value[0], w + v0)
    np.testing.assert_allclose(o["m1"].value[0], w + 0.9 * v0 - 1e-2 * w * 0.1)
    assert o["m1"].value[1]["velocity"].shape == w.shape

    mean, var, gone = o["bn"].captured
    np.testing.assert_allclose(mean, 0.5 * np.ones(4))
    np.testing.assert_allclose(var, 2 * np.ones(4))
    assert gone is MISSING

    k = o["k"].value
    assert (k["int"], k["float"], k["bool"], k["none"], k["str"]) == (3, 2.5, True, None, "text")
    assert k["np_float"] == 1.5 and o["k"].type_at("np_float") == "numpy.float32"
    assert k["np_int"] == 7 and isinstance(k["np_int"], int) and k["np_bool"] is True
    np.testing.assert_array_equal(k["list"], [[1, 2], [3, 4]])
    assert o["k"].type_at("list") == "list" and o["k"].type_at("ints") == "numpy.ndarray"
    assert isinstance(k["ragged"], list) and len(k["ragged"]) == 2
    assert k["tuple"] == (1, (2.0, "x"))
    assert k["ints"].dtype == np.float64 and k["bools"].dtype == np.bool_
    np.testing.assert_array_equal(k["matrix"], [[1.0, 2.0]])
    assert type(k["matrix"]) is np.ndarray and o["k"].type_at("matrix") == "numpy.matrix"
    assert isinstance(k["objects"], Opaque) and "object" in k["objects"].reason
    assert isinstance(k["complex"], Opaque)
    assert k["cache"] == Opaque("backprop.Cache") and k["empty"].shape == (0, 3)
    assert isinstance(k["huge"], Opaque) and "too large" in k["huge"].reason
    assert "hello from the student" in report.stdout_tail

    # the lying subclass arrives as its true data, a plain ndarray
    arr, number = o["l"].value
    assert type(arr) is np.ndarray and o["l"].type_at(0) == "backprop.Lying"
    np.testing.assert_allclose(arr, x)
    assert number == 0.25 and type(number) is float and o["l"].type_at(1) == "backprop.LyingFloat"

    assert o["nc"].status == "not_callable" and "int" in o["nc"].message
    assert o["mf"].status == "missing_function"
    assert o["e"].status == "error"
    assert 'File "backprop.py", line' in o["e"].message and "in helper" in o["e"].message
    assert o["e"].message.strip().endswith("ValueError: bad shape (3, 4)")
    assert str(tmp_path) not in o["e"].message
    assert o["r"].status == "skipped" and "e" in o["r"].message
    captured = capfd.readouterr()
    assert "hello from the student" not in captured.out + captured.err


def test_broken_files_cost_only_their_own_calls(tmp_path):
    calls = [
        Call("bp", "backprop", "f"),
        Call("bn", "batchnorm", "f"),
        Call("pc", "perceptron", "f"),
        Call("op", "optimizers", "f"),
        Call("pc2", "perceptron", "g"),
    ]
    report = run(
        tmp_path,
        calls,
        batchnorm="def f(:\n    pass\n",
        perceptron="import numpy\nraise RuntimeError('broken at import')\n",
        optimizers="def f():\n    return 'fine'\n",
    )
    o = report.outcomes
    assert o["bp"].status == "import_error" and "backprop.py is missing" in o["bp"].message
    assert o["bn"].status == "import_error" and "SyntaxError" in o["bn"].message and "batchnorm.py" in o["bn"].message
    assert o["pc"].status == o["pc2"].status == "import_error"
    assert "RuntimeError: broken at import" in o["pc"].message and 'File "perceptron.py", line 2' in o["pc"].message
    assert o["op"].status == "ok" and o["op"].value == "fine"
    assert report.children == 1


def test_exits_and_crashes_at_import_and_in_calls(tmp_path):
    calls = [
        Call("a", "backprop", "f"),
        Call("b", "batchnorm", "leave"),
        Call("c", "batchnorm", "after"),
        Call("d", "perceptron", "die"),
        Call("e", "perceptron", "die", group="again"),
        Call("f", "perceptron", "alive"),
        Call("g", "optimizers", "segfault"),
        Call("h", "optimizers", "alive"),
    ]
    report = run(
        tmp_path,
        calls,
        backprop="import os\nos._exit(3)\n",
        batchnorm="import sys\ndef leave():\n    sys.exit(4)\ndef after():\n    return 1\n",
        perceptron="import os\ndef die():\n    os._exit(5)\ndef alive():\n    return 2\n",
        optimizers="import ctypes\ndef segfault():\n    ctypes.string_at(0)\ndef alive():\n    return 3\n",
    )
    o = report.outcomes
    assert o["a"].status == "import_error" and "code 3" in o["a"].message
    assert o["b"].status == "crashed" and "sys.exit(4)" in o["b"].message
    assert o["c"].status == "ok"  # sys.exit is caught: the child lives on
    assert o["d"].status == "crashed" and "code 5" in o["d"].message
    assert o["e"].status == "crashed"  # another group: it ran (and died) in a new child
    assert o["f"].status == "ok" and o["f"].value == 2
    assert o["g"].status == "crashed" and "SIGSEGV" in o["g"].message
    assert o["h"].status == "ok" and o["h"].value == 3
    assert report.restarts == 4


def test_restarts_are_bounded(tmp_path):
    calls = [Call(f"d{i}", "backprop", "die", group=f"g{i}") for i in range(4)]
    report = run(tmp_path, calls, limits=SandboxLimits(call_seconds=1.0, max_restarts=1),
                 backprop="import os\ndef die():\n    os._exit(9)\n")
    statuses = [report.outcomes[c.id].status for c in calls]
    assert statuses == ["crashed", "crashed", "skipped", "skipped"]
    assert "restarted" in report.outcomes["d3"].message and report.children == 2


HANGS = """
import signal, time

def loop(x):
    while True:
        pass

def sleep_ignoring_term():
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    time.sleep(1000)

def make_cache():
    return [1, 2], object()

def use_cache(cache):
    return 1

def fine(x):
    return x + 1

def daemon():
    import os
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            time.sleep(1000)
        os._exit(0)
    return "parent returned"
"""


def test_timeouts_skip_their_group_and_lost_refs_and_the_rest_goes_on(tmp_path):
    limits = SandboxLimits(call_seconds=0.5, run_seconds=20.0)
    calls = [
        Call("c", "backprop", "make_cache"),
        Call("l1", "backprop", "loop", (1,)),
        Call("l2", "backprop", "loop", (2,)),
        Call("u", "backprop", "use_cache", (Ref("c", 1),)),
        Call("s", "backprop", "sleep_ignoring_term", group="sleep"),
        Call("i1", "batchnorm", "f"),
        Call("i2", "batchnorm", "g"),
        Call("ok", "backprop", "fine", (1,)),
    ]
    started = time.monotonic()
    report = run(tmp_path, calls, limits=limits, backprop=HANGS, batchnorm="while True:\n    pass\n")
    o = report.outcomes
    assert o["c"].status == "ok"
    assert o["l1"].status == "timeout" and "0.5 s" in o["l1"].message
    assert o["l2"].status == "skipped" and "l1" in o["l2"].message
    assert o["u"].status == "skipped" and "lost" in o["u"].message
    assert o["s"].status == "timeout"
    assert o["i1"].status == o["i2"].status == "import_error" and "did not finish" in o["i1"].message
    assert o["ok"].status == "ok" and o["ok"].value == 2
    assert report.restarts == 3
    assert time.monotonic() - started < 10  # four children and three 0.5 s timeouts, on a busy machine


def test_the_run_budget_bounds_everything(tmp_path):
    limits = SandboxLimits(call_seconds=0.6, run_seconds=1.5)
    calls = [Call(f"s{i}", "backprop", "sleep_ignoring_term", group=f"g{i}") for i in range(6)]
    started = time.monotonic()
    report = run(tmp_path, calls, limits=limits, backprop=HANGS)
    assert time.monotonic() - started < 1.5 + 0.8
    statuses = [report.outcomes[c.id].status for c in calls]
    assert statuses[0] == "timeout" and set(statuses) <= {"timeout", "skipped"}
    assert "budget" in report.outcomes["s5"].message


BOMBS = """
import os, sys, time
import numpy as np

def memory():
    return np.ones((40000, 40000))

def grow():
    chunks = []
    while True:  # address space, not touched: touching pages is slow on small VMs
        chunks.append(np.empty(100 * 1024 * 1024, dtype=np.uint8))

def fork_bomb():
    while True:
        try:
            os.fork()
        except OSError:
            time.sleep(0.01)

def daemon():
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            time.sleep(1000)
        os._exit(0)
    return "parent returned"

def shout():
    for _ in range(2000):
        print("x" * 2500)
    sys.stderr.write("to stderr\\n")
    return "done"

def alive():
    return "still here"
"""


def test_memory_fork_bombs_daemons_and_floods_are_contained(tmp_path, capfd):
    limits = SandboxLimits(call_seconds=1.0, run_seconds=20.0, memory_bytes=1024 * 1024 * 1024)
    calls = [
        Call("m", "backprop", "memory"),
        Call("g", "backprop", "grow"),
        Call("a1", "backprop", "alive"),
        Call("d", "backprop", "daemon"),
        Call("s", "backprop", "shout"),
        Call("f", "backprop", "fork_bomb"),
        Call("a2", "backprop", "alive"),
    ]
    report = run(tmp_path, calls, limits=limits, backprop=BOMBS)
    o = report.outcomes
    assert o["m"].status == "crashed" and "memory" in o["m"].message
    assert o["g"].status == "crashed"
    assert o["a1"].value == "still here"
    assert o["d"].status == "ok"
    assert o["s"].status == "ok" and len(report.stdout_tail) <= limits.output_tail_bytes
    assert report.stdout_tail.endswith("x\n") and "to stderr" in report.stderr_tail
    assert o["f"].status == "timeout"
    assert o["a2"].value == "still here"
    captured = capfd.readouterr()
    assert "xxxx" not in captured.out + captured.err


FORGER = """
import os, json

def forge():
    record = json.dumps({"k": "done", "s": 1, "st": "ok", "v": 1.0, "tok": "guess", "n": 0})
    for fd in range(3, 40):
        try:
            os.write(fd, (record + "\\n").encode())
        except OSError:
            pass
    return 0

def honest():
    return 1

def spy():
    found = {}
    for path in ("plan", "inputs"):
        found[path] = [p for p in os.listdir("..") if path in p] if os.path.isdir("..") else []
    return found
"""


def test_forged_records_are_not_trusted(tmp_path):
    calls = [
        Call("forge", "backprop", "forge"),
        Call("after", "backprop", "honest"),
    ]
    report = run(tmp_path, calls, backprop=FORGER)
    o = report.outcomes
    assert o["forge"].status == "crashed" and "channel" in o["forge"].message
    assert o["after"].status == "ok" and o["after"].value == 1
    assert report.restarts == 1


ESCAPES = """
import os, socket

def attempt(action):
    try:
        return action()
    except BaseException as exc:
        return "refused: " + type(exc).__name__

def escapes(repo, package, submissions):
    found = {}
    found["reference"] = attempt(lambda: open(os.path.join(repo, "reference", "backprop.py")).read()[:20])
    found["package"] = attempt(lambda: sorted(os.listdir(package))[:3])
    found["grader_import"] = attempt(lambda: __import__("grader").__name__)
    found["others"] = attempt(lambda: sorted(os.listdir(submissions)))
    found["root_home"] = attempt(lambda: sorted(os.listdir("/root")))
    found["home"] = attempt(lambda: sorted(os.listdir("/home")))
    found["write_repo"] = attempt(lambda: open(os.path.join(repo, "pwned.txt"), "w").write("x"))
    found["write_root"] = attempt(lambda: open("/pwned.txt", "w").write("x"))
    found["write_usr"] = attempt(lambda: open("/usr/pwned.txt", "w").write("x"))
    found["network"] = attempt(lambda: socket.create_connection(("1.1.1.1", 80), timeout=0.5))
    found["loopback"] = attempt(lambda: socket.create_connection(("127.0.0.1", 22), timeout=0.5))
    found["uid"] = os.getuid()
    found["cwd_write"] = attempt(lambda: open("scratch.txt", "w").write("ok"))
    found["cwd_read"] = attempt(lambda: open("scratch.txt").read())
    found["pids"] = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
    found["env"] = sorted(os.environ)
    found["top"] = sorted(os.listdir("/"))
    found["tmp"] = sorted(os.listdir("/tmp"))
    found["cwd"] = os.getcwd()
    found["box"] = sorted(os.listdir("."))
    return found
"""


@needs_namespaces
def test_namespaces_hide_the_grader_the_network_and_the_host(tmp_path):
    import grader

    repo = str(Path(grader.__file__).resolve().parent.parent)
    package = str(Path(grader.__file__).resolve().parent)
    other = tmp_path / "sub" / "someone-else"
    other.mkdir(parents=True)
    (other / "backprop.py").write_text("secret = 1\n")
    calls = [Call("x", "backprop", "escapes", (repo, package, str(tmp_path / "sub")))]
    report = run(tmp_path, calls, backprop=ESCAPES)
    found = report.outcomes["x"].value
    assert report.isolation == NAMESPACES
    for key in ("reference", "package", "grader_import", "others", "home", "write_repo", "write_root", "write_usr",
                "network", "loopback"):
        assert str(found[key]).startswith("refused"), (key, found[key])
    # at most the path to the interpreter's standard library shows through /root, nothing else of it
    stdlib = Path(os.__file__).resolve().parent
    allowed = set(stdlib.parts)
    assert isinstance(found["root_home"], str) or set(found["root_home"]) <= allowed
    assert found["uid"] != 0
    assert found["cwd_write"] == 2 and found["cwd_read"] == "ok"
    assert found["pids"] == [1]  # alone in its PID namespace
    # LC_CTYPE is the interpreter's own locale coercion (PEP 538), not something we pass
    assert set(found["env"]) - {"LC_CTYPE"} == {
        "HOME", "MKL_NUM_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "PATH", "PYTHONHASHSEED"}
    assert not (Path(repo) / "pwned.txt").exists()
    # no plan, inputs or harness in sight: only system trees, the interpreter's path and the student's files
    assert set(found["top"]) <= {"bin", "sbin", "lib", "lib32", "lib64", "libx32", "usr", "etc", "dev", "proc", "tmp",
                                 "submission", *Path(os.__file__).resolve().parts[1:2], *Path(repo).parts[1:2]}
    # /tmp is private; only the way to a bound directory below it (NumPy in a venv under /tmp) shows
    bound_below_tmp = {p.split("/")[2] for p in layout()["binds"] if p.startswith("/tmp/")}
    assert set(found["tmp"]) <= bound_below_tmp and found["cwd"] == "/submission"
    assert found["box"] == ["backprop.py", "scratch.txt"]


def test_the_rlimits_fallback_still_contains_and_cleans_up(tmp_path):
    _reset_for_tests(RLIMITS, allow_unsafe_same_uid=True)
    try:
        calls = [
            Call("f", "backprop", "fine", (np.arange(3.0),)),
            Call("l", "backprop", "loop", (1,)),
            Call("f2", "backprop", "fine", (1,), group="other"),
            Call("d", "backprop", "daemon"),  # found by its command line and killed (run() checks)
        ]
        report = run(tmp_path, calls, limits=SandboxLimits(call_seconds=0.5, run_seconds=10.0), backprop=HANGS)
    finally:
        _reset_for_tests(None)
    o = report.outcomes
    assert report.isolation == RLIMITS, report
    assert o["f"].ok, o["f"]
    np.testing.assert_allclose(o["f"].value, [1.0, 2.0, 3.0])
    assert o["l"].status == "timeout" and o["f2"].value == 2


def test_bad_requests_raise_and_an_empty_request_starts_nothing(tmp_path):
    directory = submission(tmp_path, backprop="def f():\n    return 1\n")
    with pytest.raises(ValueError):
        run_calls(directory, [Call("a", "backprop", "f"), Call("a", "backprop", "f")], files=CODE_FILES)
    with pytest.raises(ValueError):
        run_calls(directory, [Call("a", "backprop", "f", (Ref("b"),)), Call("b", "backprop", "f")], files=CODE_FILES)
    with pytest.raises(ValueError):
        run_calls(directory, [Call("a", "numpy", "f")], files=CODE_FILES)
    with pytest.raises(TypeError):
        run_calls(directory, [Call("a", "backprop", "f", (object(),))], files=CODE_FILES)
    report = run_calls(directory, [], files=CODE_FILES)
    assert report.outcomes == {} and report.children == 0


def test_symlinks_are_refused_without_starting_a_child(tmp_path):
    directory = submission(tmp_path)
    secret = tmp_path / "secret.py"
    secret.write_text("def f():\n    return 'secret'\n")
    (directory / "backprop.py").symlink_to(secret)
    report = run_calls(directory, [Call("a", "backprop", "f")], files=CODE_FILES, scratch_root=tmp_path)
    assert report.outcomes["a"].status == "import_error" and "symbolic link" in report.outcomes["a"].message
    assert report.children == 0


def test_runs_in_threads_do_not_disturb_each_other(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    directories = []
    for i in range(2):
        directories.append(submission(tmp_path / str(i), backprop=f"def f(x):\n    return x * {i + 2}\n"))
    with ThreadPoolExecutor(2) as pool:
        reports = list(pool.map(lambda d: run_calls(d, [Call("a", "backprop", "f", (np.ones(2),))], files=CODE_FILES, limits=QUICK), directories))
    np.testing.assert_allclose(reports[0].outcomes["a"].value, [2.0, 2.0])
    np.testing.assert_allclose(reports[1].outcomes["a"].value, [3.0, 3.0])


def test_nothing_outlives_a_grader_that_is_killed_mid_run(tmp_path):
    """Batch grading kills a stuck worker with SIGKILL: its sandbox child (in its own session) must follow."""
    import signal
    import subprocess
    import sys

    directory = submission(tmp_path, backprop=HANGS)
    root = tmp_path / "scratch"
    root.mkdir()
    script = (
        "import sys\nfrom pathlib import Path\nfrom grader.sandbox import Call, SandboxLimits, run_calls\n"
        f"run_calls(Path({str(directory)!r}), [Call('s', 'backprop', 'sleep_ignoring_term')],"
        f" files=['backprop.py'], limits=SandboxLimits(call_seconds=60, run_seconds=60), scratch_root=Path({str(root)!r}))\n"
    )
    grader = subprocess.Popen([sys.executable, "-c", script])
    marker = str(root).encode()
    deadline = time.monotonic() + 20
    while not leftover_processes(marker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert leftover_processes(marker), "the sandbox child never started"
    time.sleep(0.5)  # let it get into the student's call
    grader.send_signal(signal.SIGKILL)
    grader.wait()
    deadline = time.monotonic() + 5
    while leftover_processes(marker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert leftover_processes(marker) == []


def test_cost_of_a_minimal_run_and_of_two_hundred_small_calls(tmp_path):
    """Prints the measurements of the report (run with -s to see them)."""
    code = "import numpy as np\ndef f(x, w):\n    return x @ w, x\ndef g(d, cache):\n    return d * cache\n"
    rng = np.random.default_rng(1)
    calls = []
    for i in range(100):
        calls.append(Call(f"f{i}", "backprop", "f", (rng.normal(size=(4, 5)), rng.normal(size=(5, 3)))))
        calls.append(Call(f"g{i}", "backprop", "g", (rng.normal(size=(4, 5)), Ref(f"f{i}", 1))))
    directory = submission(tmp_path, backprop=code)
    detect_isolation()
    measures = {}
    for name, request in (("one call", calls[:1]), ("200 calls", calls)):
        cpu = time.process_time()
        started = time.monotonic()
        report = run_calls(directory, request, files=CODE_FILES, scratch_root=tmp_path)
        measures[name] = (time.process_time() - cpu, report.child_cpu_seconds, time.monotonic() - started)
        assert all(o.ok for o in report.outcomes.values())
    for name, (parent, child, wall) in measures.items():
        print(f"\nsandbox {name}: parent CPU {parent:.3f} s, child CPU {child:.3f} s, wall {wall:.3f} s")
    parent, child, wall = measures["200 calls"]
    assert parent + child < 1.5  # generous: the target is ~0.3 s on an idle machine


def test_send_only_returns_one_element_and_placeholders_of_the_same_count(tmp_path):
    """A call with send_only (a student's forward pass at moved inputs) sends back only the element
    the grader reads; the others stand as placeholders, so that the tuple keeps its length.  A
    value that is not a plain tuple or list, or too short, comes back whole."""
    source = """
        import numpy as np
        def forward(x):
            return 2 * x, {"x": x, "big": np.ones((50, 50))}
        def as_list(x):
            return [x, x + 1, x + 2]
        def single(x):
            return x
    """
    x = np.arange(3.0)
    calls = [
        Call("whole", "backprop", "forward", (x,)),
        Call("only", "backprop", "forward", (x,), send_only=0),
        Call("middle", "backprop", "as_list", (x,), send_only=1),
        Call("plain", "backprop", "single", (x,), send_only=0),
        Call("beyond", "backprop", "as_list", (x,), send_only=5),
    ]
    outcomes = run(tmp_path, calls, backprop=source).outcomes
    assert outcomes["whole"].value[1]["big"].shape == (50, 50)
    only = outcomes["only"].value
    assert type(only) is tuple and len(only) == 2 and only[0].tolist() == [0.0, 2.0, 4.0]
    assert isinstance(only[1], Opaque) and only[1].type_name.endswith("Omitted")
    middle = outcomes["middle"].value
    assert type(middle) is list and middle[1].tolist() == [1.0, 2.0, 3.0] and isinstance(middle[0], Opaque)
    assert outcomes["plain"].value.tolist() == [0.0, 1.0, 2.0]
    assert [v.tolist() for v in outcomes["beyond"].value] == [[0.0, 1.0, 2.0], [1.0, 2.0, 3.0], [2.0, 3.0, 4.0]]
    with pytest.raises(ValueError):
        run_calls(tmp_path, [Call("bad", "backprop", "forward", (x,), send_only=-1)], files=CODE_FILES)
