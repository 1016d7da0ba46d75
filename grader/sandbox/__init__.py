"""The sandbox: a student's Python functions run in an isolated child process.

    from grader.sandbox import Call, Ref, SandboxLimits, run_calls

    report = run_calls(submission_dir, [
        Call("f1", "backprop", "affine_forward", (x, w, b)),
        Call("b1", "backprop", "affine_backward", (dout, Ref("f1", 1))),
    ], files=["backprop.py"])
    report.outcomes["b1"].value   # (dx, dw, db) as plain float64 arrays

The child is a small standalone package (`harness/`, whose copy runs as a
directory) started per run with a scrubbed environment, resource limits,
and, where the machine allows it, namespaces that leave it nothing to see
but the standard library, NumPy and the student's files
(`detect_isolation`).  Results come back as plain, validated data; objects
that cannot (a student's cache) stay in the child and are named by `Ref` in
later calls.  See the modules for the details: `call` (the request),
`outcome` (the report), `limits`, `isolation` (the levels and the
instructor's policy), `detection` (the level this machine allows, probed),
`protections` (what was in force), `cgroup` (one budget per run), `clock`
(a call's own time), `runner` (the rules after timeouts and crashes),
`session` (one child), `child` (the process), `processes` (found and
killed through /proc), `scratch` (the box, removed through descriptors),
`wire` (the data both ways), `harness` (the child: Landlock and seccomp
are set up there).

Choices worth knowing:

- Results travel on a pipe, not in files: one JSON line per record plus raw
  array bytes, every record carrying a token that only the harness knows
  (it reads the plan, then deletes it, before any student code runs).  The
  parent accepts records only in the planned order and rebuilds arrays with
  ``np.frombuffer`` from an allow-list of three plain dtypes, so there is no
  file a student could forge and no pickle anywhere (this is the
  ``np.load(allow_pickle=False)`` of the brief, without the files).
- No ``preexec_fn`` (unsafe with threads; batch grading may use them): the
  harness sets its own rlimits and drops its own privileges before any
  student code runs.  Runs in several threads at once are fine.
- The interpreter runs with ``-s -S -P -B`` rather than ``-I`` (which is
  ``-E -s -P``): the environment is ours entirely (so ``-E`` protects
  nothing), and ``PYTHONHASHSEED=0`` must reach the child for reproducible
  grades.  Its sys.path is the standard library and one directory that
  links to NumPy alone; its working directory is the scratch box.
- Under namespaces each run gets a fresh uid, so RLIMIT_NPROC (which counts
  per uid) is this run's alone; the harness is the PID namespace's init, so
  killing it kills everything the student started.  At every level the
  run's cgroup (where the machine has one) holds every process of it.
- Student code never runs as root: without a fresh uid the run raises
  `IsolationRefused` unless `configure(allow_unsafe_same_uid=True)`.
- The child's CPU time is mostly Python and NumPy starting (about 0.15 s of
  CPU on the development machine; the calls themselves are cheap).
- A call's ``seconds`` is the child's own measure, capped by the limit.
- sys.exit and MemoryError inside a call are caught: the call is
  "crashed" but the child lives on, so the rest of its group still runs.
"""

from .call import Call, Ref
from .detection import detect_isolation
from .isolation import IsolationRefused, configure, policy
from .limits import SandboxLimits
from .outcome import MISSING, STATUSES, CallOutcome, Opaque, RunReport
from .protections import IsolationReport
from .runner import run_calls
from .session import SandboxError

__all__ = [
    "MISSING",
    "STATUSES",
    "Call",
    "CallOutcome",
    "IsolationRefused",
    "IsolationReport",
    "Opaque",
    "Ref",
    "RunReport",
    "SandboxError",
    "SandboxLimits",
    "configure",
    "detect_isolation",
    "policy",
    "run_calls",
]
