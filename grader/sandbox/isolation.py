"""Which isolation this machine allows, and what the child may see under it.

Two levels:

``"namespaces+rlimits"`` (root, and ``unshare`` works): the child runs in new
network, PID, mount, IPC and UTS namespaces; its file system is a tmpfs
holding only the Python standard library, NumPy, /usr and the dynamic
linker's cache (all read-only), /dev/null & co, a fresh /proc, a small /tmp
and the student's files on a small tmpfs; the grader, its references, the
other submissions, /root, /home and the host's /tmp are simply not there.
It runs under a fresh unprivileged uid with no new privileges, so it
cannot undo any of that, plus the resource limits.

``"rlimits"`` (no namespaces: not root, or ``unshare`` missing or refused):
resource limits, a new session, a scratch working directory and a scrubbed
environment only.  The student's code can then read what the grader's user
can read and use the network; processes that leave the session are found
by their command line and killed, which a determined student can evade.
"""

from __future__ import annotations

import os
import secrets
import shutil
import sys
import threading
from pathlib import Path
from typing import Any

NAMESPACES = "namespaces+rlimits"
RLIMITS = "rlimits"

_lock = threading.RLock()  # detection probes with a layout(), under the same lock
_level: str | None = None
_layout: dict[str, Any] | None = None

#: System trees the child needs (read-only); symlinks among them are recreated as symlinks.
SYSTEM_PATHS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc/ld.so.cache")
DEVICES = ("/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom")
#: Where the grader's own things may live; hidden wherever they fall inside a tree the child sees.
PRIVATE_PATHS = ("/root", "/home", "/tmp", "/work", "/srv", "/var")

#: Sandbox uids are drawn from here (when the uid map allows it), one per run.
UID_BASE = 1_000_000
UID_SPAN = 1_000_000
FALLBACK_UID = 65534


def detect_isolation() -> str:
    """The best isolation level this machine allows (probed once per process, then cached)."""
    global _level
    with _lock:
        if _level is None:
            _level = _detect()
        return _level


#: Probes tried before the namespaces level is given up.
PROBE_ATTEMPTS = 3


def unshare_path() -> str | None:
    return shutil.which("unshare", path="/usr/bin:/bin:/usr/sbin:/sbin")


def _detect() -> str:
    if not sys.platform.startswith("linux") or os.geteuid() != 0 or unshare_path() is None:
        return RLIMITS
    from .session import probe_namespaces

    # A probe can fail for a passing reason (a loaded machine missing the start-up deadline);
    # settling for the weaker level on one failure would silently weaken every later run.
    for _attempt in range(PROBE_ATTEMPTS):
        try:
            if probe_namespaces():
                return NAMESPACES
        except Exception:  # a failure of the probe means: not available, unless a retry says otherwise
            pass
    return RLIMITS


def sandbox_uid() -> int | None:
    """A fresh uid for the child when we are root (so RLIMIT_NPROC counts this run alone), else None."""
    if os.geteuid() != 0:
        return None
    candidate = UID_BASE + secrets.randbelow(UID_SPAN)
    try:
        ranges = [tuple(map(int, line.split())) for line in Path("/proc/self/uid_map").read_text().splitlines() if line.strip()]
    except (OSError, ValueError):
        return FALLBACK_UID
    if any(start <= candidate < start + count for start, _outside, count in ranges):
        return candidate
    return FALLBACK_UID


def reachable_by_others(scratch: Path) -> bool:
    """Without namespaces, whether a foreign uid could still import the standard library and NumPy and
    reach the scratch directory (e.g. not when Python lives under /root): if not, the child keeps our uid."""
    import numpy

    stdlib = os.path.realpath(os.path.dirname(os.__file__))
    numpy_dir = os.path.realpath(os.path.dirname(numpy.__file__))
    return all(_world_readable(p) for p in (stdlib, numpy_dir)) and _world_readable(os.path.dirname(os.path.realpath(scratch)))


def _world_readable(path: str) -> bool:
    try:
        if os.stat(path).st_mode & 0o005 != 0o005:
            return False
        while path != "/":
            path = os.path.dirname(path)
            if not os.stat(path).st_mode & 0o001:
                return False
    except OSError:
        return False
    return True


def layout() -> dict[str, Any]:
    """What the child's new root is made of: read-only binds, devices and paths to hide (cached)."""
    global _layout
    with _lock:
        if _layout is None:
            _layout = _compute_layout()
        return dict(_layout)


def _compute_layout() -> dict[str, Any]:
    import numpy

    stdlib = os.path.realpath(os.path.dirname(os.__file__))
    numpy_dir = os.path.realpath(os.path.dirname(numpy.__file__))
    site = os.path.dirname(numpy_dir)
    binds = [p for p in SYSTEM_PATHS if os.path.lexists(p)]
    binds.append(stdlib)
    binds.append(numpy_dir)
    if os.path.isdir(os.path.join(site, "numpy.libs")):
        binds.append(os.path.join(site, "numpy.libs"))
    import grader

    package = os.path.realpath(os.path.dirname(grader.__file__))
    hide = [os.path.join(stdlib, "site-packages"), os.path.join(stdlib, "dist-packages"), package]
    holder = os.path.dirname(package)  # the repository, or the site-packages holding the grader
    if not numpy_dir.startswith(holder + "/"):
        hide.append(holder)
    hide.extend(PRIVATE_PATHS)
    return {"binds": binds, "devices": list(DEVICES), "hide": hide, "numpy_path": site}


def hidden_inside_binds(binds: list[str], hide: list[str]) -> list[str]:
    """The paths of `hide` that lie inside a bound tree: only those need covering up."""
    found = []
    for path in hide:
        real = os.path.realpath(path)
        if any(real != b and real.startswith(b.rstrip("/") + "/") for b in binds) and os.path.isdir(real):
            found.append(real)
    return sorted(set(found))


def _reset_for_tests(level: str | None = None) -> None:
    """Forget (or force) the detected level: tests exercise the fallback on a root machine."""
    global _level
    with _lock:
        _level = level
