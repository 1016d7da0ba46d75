"""The sandbox: a student's Python functions run in an isolated child process.

    from grader.sandbox import Call, Ref, SandboxLimits, run_calls

    report = run_calls(submission_dir, [
        Call("f1", "backprop", "affine_forward", (x, w, b)),
        Call("b1", "backprop", "affine_backward", (dout, Ref("f1", 1))),
    ])
    report.outcomes["b1"].value   # (dx, dw, db) as plain float64 arrays

The child is a small standalone script (`harness.py`) started per run with
a scrubbed environment, resource limits, and, where the machine allows it,
namespaces that leave it nothing to see but the standard library, NumPy and
the student's files (`detect_isolation`).  Results come back as plain,
validated data; objects that cannot (a student's cache) stay in the child
and are named by `Ref` in later calls.  See the modules for the details:
`call` (the request), `outcome` (the report), `limits`, `isolation`,
`runner` (the rules after timeouts and crashes), `session` (one child),
`child` (the process), `wire` (the data both ways), `harness` (the child).
"""

from .call import Call, Ref
from .isolation import detect_isolation
from .limits import SandboxLimits
from .outcome import MISSING, STATUSES, CallOutcome, Opaque, RunReport
from .runner import run_calls
from .session import SandboxError

__all__ = [
    "Call",
    "CallOutcome",
    "MISSING",
    "Opaque",
    "Ref",
    "RunReport",
    "STATUSES",
    "SandboxError",
    "SandboxLimits",
    "detect_isolation",
    "run_calls",
]
