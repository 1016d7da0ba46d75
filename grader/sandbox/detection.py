"""Which isolation level this machine allows, found by starting a short child that reports what it sees.

The policy and the cached level are `isolation`'s; the probe needs a whole session (a scratch
directory, a child, its records), so it lives here, above them, and is handed down.
"""

from __future__ import annotations

import os
import time

from .isolation import NAMESPACES, RLIMITS, level_under_policy, namespaces_possible
from .limits import SandboxLimits
from .scratch import Scratch
from .session import Session

#: Probes tried before the namespaces level is given up.
PROBE_ATTEMPTS = 3


def detect_isolation() -> str:
    """The isolation level runs get: the best this machine allows, or the one the policy forces
    (probed once per process, then cached).  Raises `IsolationRefused` when the policy asks for
    namespaces the machine does not offer."""
    return level_under_policy(best_level)


def best_level() -> str:
    """The strongest level a child really gets here (probed, not assumed)."""
    if not namespaces_possible():
        return RLIMITS
    # A probe can fail for a passing reason (a loaded machine missing the start-up deadline);
    # settling for the weaker level on one failure would silently weaken every later run.
    for _attempt in range(PROBE_ATTEMPTS):
        try:
            if probe_namespaces():
                return NAMESPACES
        except Exception:  # a failure of the probe means: not available, unless a retry says otherwise
            pass
    return RLIMITS


def probe_namespaces() -> bool:
    """Whether a namespaced child starts here and its isolation holds (one short child, no NumPy)."""
    with Scratch() as scratch:
        stdout = os.open(scratch.io / "stdout.txt", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        stderr = os.open(scratch.io / "stderr.txt", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            limits = SandboxLimits(startup_seconds=10.0)
            session = Session(scratch, [], isolation=NAMESPACES, limits=limits, inputs=scratch.io / "inputs.bin",
                              stdout=stdout, stderr=stderr, deadline=time.monotonic() + 10.0, number=0)
            found = session.probe()
        finally:
            os.close(stdout)
            os.close(stderr)
    return bool(found.get("box")) and bool(found.get("root_readonly")) and found.get("uid", 0) != 0
