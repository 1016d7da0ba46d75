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
resource limits, a new session, a scratch working directory, a scrubbed
environment, an interpreter that sees the standard library and NumPy only
(no site-packages of the grader's environment on its path), and where the
kernel offers it Landlock: read-only access to the standard library, NumPy,
the system's shared libraries and a few devices, read-write access to the
scratch box, nothing else (no grader, no reference, no other submission, no
TCP, no signals outside the sandbox).  As root the child gets a fresh uid;
if that is impossible (Python unreadable to other users) the run is refused
unless the instructor allowed the unsafe same-uid mode (`configure`).

At both levels a cgroup per run (`cgroup.py`) holds every process of the
sandbox where the machine allows it, and a seccomp filter forbids new
namespaces.  `IsolationReport` says what was in force.
"""

from __future__ import annotations

import os
import secrets
import shutil
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .processes import processes_of_uid

NAMESPACES = "namespaces+rlimits"
RLIMITS = "rlimits"

_lock = threading.RLock()  # detection probes with a layout(), under the same lock
_level: str | None = None
_layout: dict[str, Any] | None = None
_landlock_rules: dict[str, list[str]] | None = None

#: Levels an instructor may ask for (`grade --isolation`, env GRADER_ISOLATION).
CHOICES = ("auto", "namespaces", "rlimits")
LEVEL_ENV = "GRADER_ISOLATION"
UNSAFE_ENV = "GRADER_ALLOW_UNSAFE_SAME_UID"


@dataclass(frozen=True)
class Policy:
    """What the instructor asked of the sandbox."""

    level: str = "auto"
    """"auto" (the best the machine allows), "namespaces" (refuse to run code without them) or "rlimits"."""

    allow_unsafe_same_uid: bool = False
    """Run student code under the grader's own uid (root included) when no other uid can be had."""


_policy: Policy | None = None


def configure(level: str | None = None, allow_unsafe_same_uid: bool | None = None) -> Policy:
    """Set the policy of this process and of the processes it starts (the CLI's options; None keeps
    the environment's or the default)."""
    global _policy, _level
    current = policy()
    chosen = current.level if level is None else level
    if chosen not in CHOICES:
        raise ValueError(f"isolation must be one of {', '.join(CHOICES)}, not {chosen!r}")
    unsafe = current.allow_unsafe_same_uid if allow_unsafe_same_uid is None else bool(allow_unsafe_same_uid)
    with _lock:
        if chosen != current.level:
            _level = None  # detected again under the new policy
        _policy = Policy(chosen, unsafe)
        # processes this one starts (batch workers, however they are started) follow the same policy
        os.environ[LEVEL_ENV] = chosen
        if unsafe:
            os.environ[UNSAFE_ENV] = "1"
        else:
            os.environ.pop(UNSAFE_ENV, None)
    return _policy


def policy() -> Policy:
    """The policy in force: `configure`'s, else the environment's (GRADER_ISOLATION, GRADER_ALLOW_UNSAFE_SAME_UID)."""
    global _policy
    with _lock:
        if _policy is None:
            level = os.environ.get(LEVEL_ENV, "auto").strip().lower() or "auto"
            if level not in CHOICES:
                raise ValueError(f"{LEVEL_ENV} must be one of {', '.join(CHOICES)}, not {level!r}")
            unsafe = os.environ.get(UNSAFE_ENV, "").strip().lower() in ("1", "yes", "true")
            _policy = Policy(level, unsafe)
        return _policy


class IsolationRefused(RuntimeError):
    """Student code must not run here under the policy in force (a message for the staff)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason

#: System trees the child needs (read-only); symlinks among them are recreated as symlinks.
SYSTEM_PATHS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc/ld.so.cache")
DEVICES = ("/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom")
#: Where the grader's own things may live; hidden wherever they fall inside a tree the child sees.
PRIVATE_PATHS = ("/root", "/home", "/tmp", "/work", "/srv", "/var")

#: Sandbox uids are drawn from here (when the uid map allows it), one per run.
UID_BASE = 1_000_000
UID_SPAN = 1_000_000
FALLBACK_UID = 65534


def level_under_policy(best_available: Callable[[], str]) -> str:
    """The isolation level runs get: the one the policy forces, else `best_available()` (the best this
    machine allows; asked once per process, then cached).  Raises `IsolationRefused` when the policy
    asks for namespaces the machine does not offer.  `grader.sandbox.detection.detect_isolation` hands
    in the probe (it starts a sandbox child, which needs the modules above this one)."""
    global _level
    with _lock:
        wanted = policy().level
        if _level is None:
            _level = RLIMITS if wanted == "rlimits" else best_available()
        if wanted == "namespaces" and _level != NAMESPACES:
            raise IsolationRefused("the namespaces level was required (--isolation namespaces), but this machine "
                                   "does not allow it (the grader must run as root and `unshare` must work)")
        return _level


def unshare_path() -> str | None:
    return shutil.which("unshare", path="/usr/bin:/bin:/usr/sbin:/sbin")


def namespaces_possible() -> bool:
    """Whether the namespaces level is worth probing here: Linux, root, and an `unshare` program."""
    return sys.platform.startswith("linux") and os.geteuid() == 0 and unshare_path() is not None


def sandbox_uid(uid_map: str | None = None) -> int | None:
    """A fresh uid for the child when we are root (so RLIMIT_NPROC counts this run alone), else None.

    Drawn from [UID_BASE, UID_BASE + UID_SPAN) where the uid map allows it; else (a container whose
    map is narrower) from the mapped uids of at least FIRST_FREE_UID that no process uses and
    /etc/passwd does not name: never one uid shared by every sandbox and by the machine's daemons
    (`nobody`), whose processes the clean-up, which kills by uid, would kill too."""
    if os.geteuid() != 0:
        return None
    try:
        text = Path("/proc/self/uid_map").read_text() if uid_map is None else uid_map
        ranges = [tuple(map(int, line.split())) for line in text.splitlines() if line.strip()]
    except (OSError, ValueError):
        return FALLBACK_UID
    candidate = UID_BASE + secrets.randbelow(UID_SPAN)
    if any(start <= candidate < start + count for start, _outside, count in ranges):
        return candidate
    usable = [(max(start, FIRST_FREE_UID), start + count) for start, _outside, count in ranges
              if start + count > FIRST_FREE_UID]
    usable = [(low, high) for low, high in usable if low < high]
    if usable:
        named = _passwd_uids()
        for _attempt in range(64):
            low, high = usable[secrets.randbelow(len(usable))]
            candidate = low + secrets.randbelow(high - low)
            if candidate not in named and candidate != FALLBACK_UID and not _uid_in_use(candidate):
                return candidate
    return FALLBACK_UID


#: The lowest uid drawn inside a narrow uid map (below are the system's and the users' accounts).
FIRST_FREE_UID = 10_000


def _passwd_uids() -> set[int]:
    try:
        return {int(line.split(":")[2]) for line in Path("/etc/passwd").read_text().splitlines()
                if line.count(":") >= 3 and line.split(":")[2].isdigit()}
    except OSError:
        return set()


def _uid_in_use(uid: int) -> bool:
    return bool(processes_of_uid(uid))


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


def landlock_abi() -> int:
    """The Landlock ABI version this kernel offers (0: none), asked with landlock_create_ruleset."""
    if not sys.platform.startswith("linux"):
        return 0
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    version = libc.syscall(444, None, ctypes.c_size_t(0), ctypes.c_uint32(1))
    return max(0, int(version))


#: Devices the child may read and write under Landlock.
LANDLOCK_DEVICES = ("/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom")


def landlock_rules() -> dict[str, list[str]]:
    """What the child may read under Landlock (the box is added per run): each entry of the standard
    library but its site-packages, NumPy, the system's shared-library directories, the dynamic
    linker's cache.  Real paths only, so that no rule stands on a link (cached)."""
    global _landlock_rules
    with _lock:
        if _landlock_rules is None:
            _landlock_rules = _compute_landlock_rules()
        return {k: list(v) for k, v in _landlock_rules.items()}


def _compute_landlock_rules() -> dict[str, list[str]]:
    import sysconfig

    import numpy

    stdlib = os.path.realpath(os.path.dirname(os.__file__))
    read: list[str] = []
    # entry by entry: a rule on the directory itself would cover site-packages, which holds the grader
    # (the directory's listing is read by the interpreter before Landlock is in force)
    for entry in sorted(os.listdir(stdlib)):
        if entry not in ("site-packages", "dist-packages"):
            read.append(os.path.join(stdlib, entry))
    numpy_dir = os.path.realpath(os.path.dirname(numpy.__file__))
    read.append(numpy_dir)
    libs = os.path.join(os.path.dirname(numpy_dir), "numpy.libs")
    if os.path.isdir(libs):
        read.append(libs)
    multiarch = sysconfig.get_config_var("MULTIARCH") or getattr(sys.implementation, "_multiarch", "") or ""
    system = ["/lib64", "/usr/lib64", "/etc/ld.so.cache"]
    if multiarch:
        system += [f"/lib/{multiarch}", f"/usr/lib/{multiarch}", f"/usr/local/lib/{multiarch}"]
    libdir = sysconfig.get_config_var("LIBDIR")
    ldlibrary = sysconfig.get_config_var("LDLIBRARY")
    if libdir and ldlibrary:
        system.append(os.path.join(libdir, ldlibrary))  # a shared libpython, file only (its directory holds site-packages)
    for path in system:
        if os.path.exists(path):
            read.append(os.path.realpath(path))
    unique = sorted(set(read))
    return {"read": unique, "devices": [d for d in LANDLOCK_DEVICES if os.path.exists(d)]}


def _reset_for_tests(level: str | None = None, allow_unsafe_same_uid: bool | None = None) -> None:
    """Forget (or force) the detected level: tests exercise the fallback on a root machine.  Where the
    fallback can have no fresh uid (Python under /root), such a test must allow the unsafe same-uid
    mode explicitly; None forgets the policy (the environment's applies again)."""
    global _level, _policy
    with _lock:
        _level = level
        _policy = None if allow_unsafe_same_uid is None else Policy(policy().level, allow_unsafe_same_uid)
