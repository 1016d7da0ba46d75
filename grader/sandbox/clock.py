"""The time a call has used, as the sandbox lived it: a classmate's load on the machine does not count.

A call's time is the larger of two measures:

- the sandbox's CPU time (the run's cgroup: every process the student started; without one,
  the harness's own and that of its reaped children);
- the wall time of the harness's main thread (where the student's function runs) minus the
  time it waited for a CPU (``run_delay`` of ``/proc/PID/schedstat``): time it ran or slept.

A correct function starved by other processes waits for a CPU, which neither measure
counts; a function that sleeps or loops is charged in full.  The wall clock stays the
backstop (`SandboxLimits.wall_factor` times the limit), for a kernel without schedstat or
anything these measures miss.
"""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .cgroup import SandboxCgroup

TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


class CallClock:
    """Measures from `restart()` on; `used()` is (the call's own seconds, wall seconds)."""

    def __init__(self, cgroup: SandboxCgroup | None = None):
        self.cgroup = cgroup
        self.pid: int | None = None
        self._wall = time.monotonic()
        self._cpu = 0.0
        self._delay = 0.0

    def follow(self, pid: int | None) -> None:
        """The harness to measure (known once it is ready)."""
        self.pid = pid

    def restart(self) -> None:
        self._wall = time.monotonic()
        self._cpu = self._cpu_now() or 0.0
        self._delay = self._delay_now() or 0.0

    def used(self) -> tuple[float, float]:
        wall = time.monotonic() - self._wall
        own = wall
        delay = self._delay_now()
        if delay is not None:
            own = max(0.0, wall - max(0.0, delay - self._delay))
        cpu = self._cpu_now()
        if cpu is not None:
            own = max(own, cpu - self._cpu)
        return own, wall

    def _cpu_now(self) -> float | None:
        if self.cgroup is not None:
            value = self.cgroup.cpu_seconds()
            if value is not None:
                return value
        if self.pid is None:
            return None
        try:
            with open(f"/proc/{self.pid}/stat", "rb") as handle:
                fields = handle.read(2048).rsplit(b")", 1)[1].split()
            # utime, stime, cutime, cstime: fields 14-17 of proc(5), counted after the command
            return sum(int(x) for x in fields[11:15]) / TICKS
        except (OSError, IndexError, ValueError):
            return None

    def _delay_now(self) -> float | None:
        if self.pid is None:
            return None
        try:
            with open(f"/proc/{self.pid}/schedstat", "rb") as handle:
                return int(handle.read(256).split()[1]) / 1e9
        except (OSError, IndexError, ValueError):
            return None
