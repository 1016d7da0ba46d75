"""The processes of this machine as /proc lists them: found by uid or by a marker in their command
line, and killed.  The sandbox's clean-up and its choice of a fresh uid both ask here."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable


def kill_uid(uid: int, seconds: float = 2.0) -> int:
    """SIGKILL every process whose real or effective uid is `uid` (a sandbox's own), until none is
    left alive; how many signals were sent."""
    if uid == 0 or uid == os.getuid():
        raise ValueError("refusing to kill the processes of our own uid or root")
    return kill_until_gone(lambda: processes_of_uid(uid), time.monotonic() + seconds)


def kill_until_gone(alive: Callable[[], list[int]], deadline: float) -> int:
    """SIGKILL the processes `alive()` lists, asking again, until it lists none or the `deadline`
    (time.monotonic) passes: a fork bomb may still be forking between two asks.  How many signals
    were sent."""
    sent = 0
    while time.monotonic() < deadline:
        pids = alive()
        if not pids:
            break
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
                sent += 1
            except (ProcessLookupError, PermissionError):
                pass
        time.sleep(0.005)
    return sent


def processes_of_uid(uid: int) -> list[int]:
    """The live (not zombie) processes whose real or effective uid is `uid`."""
    found = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/status", "rb") as handle:
                status = handle.read(4096)
        except OSError:
            continue
        uids = state = b""
        for line in status.splitlines():
            if line.startswith(b"Uid:"):
                uids = line
            elif line.startswith(b"State:"):
                state = line
        fields = uids.split()
        if len(fields) >= 3 and b"Z" not in state.split()[1:2] and str(uid).encode() in (fields[1], fields[2]):
            found.append(int(entry.name))
    return found


def kill_marked(marker: bytes) -> int:
    """SIGKILL every process whose command line holds `marker` (our harness's path); how many there were."""
    if not marker:
        return 0
    found = 0
    me = os.getpid()
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit() or int(entry.name) == me:
            continue
        try:
            with open(f"/proc/{entry.name}/cmdline", "rb") as handle:
                if marker not in handle.read(8192):
                    continue
            os.kill(int(entry.name), signal.SIGKILL)
            found += 1
        except (OSError, ValueError):
            continue
    return found


def leftover_processes(marker: bytes) -> list[int]:
    """Processes whose command line holds `marker` (tests use it to prove nothing outlived a run)."""
    pids = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/cmdline", "rb") as handle:
                if marker in handle.read(8192):
                    pids.append(int(entry.name))
        except OSError:
            continue
    return pids
