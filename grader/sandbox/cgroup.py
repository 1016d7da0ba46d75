"""A control group per sandbox run: one memory, process and CPU budget for everything the student starts.

Per-process rlimits let a student multiply their budget (six forked children of 2 GiB each,
SysV shared memory, a tmpfs); a cgroup counts every process of the run together, shared
memory and tmpfs pages included, and finds every one of them for the kill, whatever session,
process group or program it moved to.

cgroup v2 is used where the grader's own cgroup can hold a child with the memory, pids and
cpu controllers; otherwise the v1 hierarchies (memory, pids, cpu, cpuacct), one directory in
each.  Without either (not root, a container that mounts them read-only), `create` returns
None and the caller says which limits are weaker.

The harness joins the group itself, first thing (it writes to the ``cgroup.procs`` files
the plan names), so no ``preexec_fn`` is needed.
"""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path

from .limits import SandboxLimits
from .processes import kill_until_gone

CGROUP_ROOT = Path("/sys/fs/cgroup")
V1_CONTROLLERS = ("memory", "pids", "cpu", "cpuacct")
V2_CONTROLLERS = ("memory", "pids", "cpu")
PREFIX = "grader-sandbox-"
#: The harness and its watchdog thread count in the pids limit too.
OWN_TASKS = 2


class SandboxCgroup:
    """The directories of one run's cgroup, in v2 or in each v1 hierarchy."""

    def __init__(self, version: int, paths: dict[str, Path]):
        self.version = version
        """2 (unified) or 1 (one directory per controller)."""
        self.paths = paths
        """Controller name (or "unified") -> directory of this run's group."""

    # ------------------------------------------------------------ reading

    @property
    def procs_files(self) -> list[str]:
        """The files the harness writes itself into (one per hierarchy)."""
        return [str(path / "cgroup.procs") for path in sorted(set(self.paths.values()))]

    def cpu_seconds(self) -> float | None:
        """CPU time of every process that ever ran in the group (user + system)."""
        try:
            if self.version == 2:
                for line in (self.paths["unified"] / "cpu.stat").read_text().splitlines():
                    name, _, value = line.partition(" ")
                    if name == "usage_usec":
                        return int(value) / 1e6
                return None
            return int((self.paths["cpuacct"] / "cpuacct.usage").read_text()) / 1e9
        except (OSError, ValueError, KeyError):
            return None

    def pids(self) -> list[int]:
        found: set[int] = set()
        for path in set(self.paths.values()):
            try:
                found.update(int(x) for x in (path / "cgroup.procs").read_text().split())
            except (OSError, ValueError):
                continue
        return sorted(found)

    def oom_kills(self) -> int:
        """How many processes of the group the kernel killed for going over its memory limit."""
        try:
            if self.version == 2:
                name = self.paths["unified"] / "memory.events"
            else:
                name = self.paths["memory"] / "memory.oom_control"
            for line in name.read_text().splitlines():
                key, _, value = line.partition(" ")
                if key == "oom_kill":
                    return int(value)
        except (OSError, ValueError, KeyError):
            pass
        return 0

    # ------------------------------------------------------------ ending

    def tasks_charged(self) -> int | None:
        """Tasks the pids limit still counts: zombies too, until their parent (the machine's init, for
        orphans) reaps them.  None if unknown."""
        try:
            path = self.paths["unified"] if self.version == 2 else self.paths["pids"]
            return int((path / "pids.current").read_text())
        except (OSError, ValueError, KeyError):
            return None

    def kill_all(self, seconds: float = 2.0, settle: bool = False) -> int:
        """SIGKILL every process in the group until none is left (a fork bomb may still be forking;
        the pids limit bounds it).  With `settle`, also wait (within `seconds`) until the killed
        orphans are reaped, so that the next child of the run starts with its whole pids budget.
        How many were killed."""
        if self.version == 2:
            try:
                (self.paths["unified"] / "cgroup.kill").write_text("1")
            except OSError:
                pass
        deadline = time.monotonic() + seconds
        killed = kill_until_gone(lambda: [pid for pid in self.pids() if _alive(pid)], deadline)
        while settle and time.monotonic() < deadline and (self.tasks_charged() or 0) > 0:
            time.sleep(0.005)
        return killed

    def remove(self) -> None:
        """Kill what is left and remove the group's directories (rmdir only: a cgroup holds no files of ours)."""
        self.kill_all()
        for path in sorted(set(self.paths.values()), key=lambda p: len(p.parts), reverse=True):
            for _attempt in range(50):  # a killed task leaves the group a moment after its signal
                try:
                    path.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.01)


def _alive(pid: int) -> bool:
    """Not yet a zombie (a zombie waits for its parent, our own reap, and holds nothing)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            return handle.read(512).rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return False


def available() -> bool:
    """Whether a sandbox cgroup can be made here (one is made and removed)."""
    group = create(SandboxLimits())
    if group is None:
        return False
    group.remove()
    return True


def create(limits: SandboxLimits) -> SandboxCgroup | None:
    """A fresh group with the run's limits, or None where the machine offers no writable cgroup."""
    if os.geteuid() != 0 or not CGROUP_ROOT.is_dir():
        return None
    name = f"{PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
    for make in (_create_v2, _create_v1):
        try:
            group = make(name, limits)
        except OSError:
            group = None
        if group is not None:
            return group
    return None


def _own_paths() -> dict[str, str]:
    """This process's cgroup in each hierarchy: controller (or "unified") -> path."""
    found: dict[str, str] = {}
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _number, controllers, path = line.split(":", 2)
        if not controllers:
            found["unified"] = path
        for controller in controllers.split(","):
            if controller:
                found[controller] = path
    return found


def _mounts() -> dict[str, Path]:
    """Where each controller's hierarchy is mounted (v1), and the unified one ("unified")."""
    found: dict[str, Path] = {}
    for line in Path("/proc/self/mounts").read_text().splitlines():
        fields = line.split()
        if len(fields) < 4:
            continue
        where, kind, options = Path(fields[1]), fields[2], fields[3].split(",")
        if kind == "cgroup2":
            found.setdefault("unified", where)
        elif kind == "cgroup":
            for controller in V1_CONTROLLERS:
                if controller in options:
                    found.setdefault(controller, where)
    return found


def _create_v2(name: str, limits: SandboxLimits) -> SandboxCgroup | None:
    mount = _mounts().get("unified")
    own = _own_paths().get("unified")
    if mount is None or own is None:
        return None
    parent = mount / own.lstrip("/")
    available = (parent / "cgroup.controllers").read_text().split()
    if not all(c in available for c in V2_CONTROLLERS):
        return None
    # the grader's own group must delegate the controllers; that fails when it holds processes
    # itself (the "no internal processes" rule) and is not the root: then v1, or nothing
    enabled = (parent / "cgroup.subtree_control").read_text().split()
    missing = [c for c in V2_CONTROLLERS if c not in enabled]
    if missing:
        (parent / "cgroup.subtree_control").write_text(" ".join("+" + c for c in missing))
    _sweep_stale(parent)
    path = parent / name
    path.mkdir(mode=0o755)
    try:
        (path / "memory.max").write_text(str(limits.memory_bytes))
        _try_write(path / "memory.swap.max", "0")
        (path / "pids.max").write_text(str(limits.processes + OWN_TASKS))
        (path / "cpu.weight").write_text("100")
    except OSError:
        path.rmdir()
        raise
    return SandboxCgroup(2, {"unified": path})


def _create_v1(name: str, limits: SandboxLimits) -> SandboxCgroup | None:
    mounts = _mounts()
    own = _own_paths()
    if not all(c in mounts and c in own for c in V1_CONTROLLERS):
        return None
    paths: dict[str, Path] = {}
    try:
        for controller in V1_CONTROLLERS:
            parent = mounts[controller] / own[controller].lstrip("/")
            path = parent / name
            if path in paths.values():  # cpu and cpuacct mounted together
                paths[controller] = path
                continue
            _sweep_stale(parent)
            path.mkdir(mode=0o755)
            paths[controller] = path
        memory = paths["memory"]
        (memory / "memory.limit_in_bytes").write_text(str(limits.memory_bytes))
        _try_write(memory / "memory.memsw.limit_in_bytes", str(limits.memory_bytes))  # no escape into swap
        (paths["pids"] / "pids.max").write_text(str(limits.processes + OWN_TASKS))
        (paths["cpu"] / "cpu.shares").write_text("1024")
    except OSError:
        SandboxCgroup(1, paths).remove()
        raise
    return SandboxCgroup(1, paths)


def _try_write(path: Path, value: str) -> None:
    try:
        path.write_text(value)
    except OSError:
        pass  # optional (no swap accounting on this kernel)


def _sweep_stale(parent: Path) -> None:
    """Remove the empty groups of grader processes that are gone (a batch killed with SIGKILL)."""
    try:
        entries = list(os.scandir(parent))
    except OSError:
        return
    for entry in entries:
        if not entry.name.startswith(PREFIX):
            continue
        try:
            owner = int(entry.name[len(PREFIX):].split("-", 1)[0])
        except ValueError:
            continue
        if owner != os.getpid() and not os.path.exists(f"/proc/{owner}"):
            try:
                SandboxCgroup(1, {"any": Path(entry.path)}).remove()
            except OSError:
                pass
