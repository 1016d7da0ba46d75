"""One child process of a run: started, watched, killed with everything it started, reaped.

No ``preexec_fn`` anywhere (it is not safe when the grader has threads):
the child is started by `subprocess.Popen` with a new session, and the
harness sets its own limits and drops its own privileges before any
student code runs.  Under namespaces the command is
``unshare --net --pid --mount --ipc --uts --fork --kill-child python ...``:
the harness is the init of a new PID namespace, and killing it kills every
process the student started, whatever session they moved to.  Under rlimits
the run's cgroup finds them all, else their fresh uid does; the harness's
command line is the last resort only (the grader's own uid and no cgroup).
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from .isolation import unshare_path
from .processes import kill_marked, kill_uid, leftover_processes, processes_of_uid  # noqa: F401  (their old home: still importable from here)

if TYPE_CHECKING:
    from .cgroup import SandboxCgroup


def python_flags(version: tuple[int, ...]) -> tuple[str, ...]:
    """The interpreter flags a Python of `version` starts the harness with: no site (so no .pth of
    the grader's environment runs), no user site, no script directory on sys.path (-P, Python 3.11+),
    no bytecode files.  Python 3.10 (Gradescope's Ubuntu 22.04) refuses -P as an unknown option and
    no child would start; there the harness's __main__ takes its own directory off sys.path before
    anything else runs.  Not -E: the environment is ours entirely, and PYTHONHASHSEED must reach
    the child so that a grade is reproducible."""
    return ("-s", "-S", *(("-P",) if tuple(version[:2]) >= (3, 11) else ()), "-B")


PYTHON_FLAGS = python_flags((sys.version_info.major, sys.version_info.minor))
UNSHARE_FLAGS = ("--net", "--pid", "--mount", "--ipc", "--uts", "--fork", "--kill-child")
#: The harness's exit code when it fails itself (see harness/__main__.py).
HARNESS_FAILED = 70


def child_environment(home: str, tmp: str | None = None) -> dict[str, str]:
    """Everything the child's environment holds: no secret of ours can leak through it.  Without
    namespaces the temporary directory is the box (the only place Landlock lets it write)."""
    environment = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": home,
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "PYTHONHASHSEED": "0",
    }
    if tmp is not None:
        environment["TMPDIR"] = tmp
    return environment


class Child:
    """A harness process and the two pipes between it and us."""

    def __init__(self, cgroup: SandboxCgroup | None = None) -> None:
        self.cgroup = cgroup
        self.uid: int | None = None
        """The child's fresh uid (set by the session): every process of it is the student's."""
        self.channel, self._channel_w = os.pipe()  # the child writes records, we read
        self._watch_r, self._watch_w = os.pipe()  # we hold the write end: EOF means we are gone
        os.set_blocking(self.channel, False)
        self.proc: subprocess.Popen | None = None
        self.pidfd: int | None = None
        self.init_pidfd: int | None = None
        self._init_pid: int | None = None
        self.namespaced = False
        self.marker = b""
        self.status: int | None = None
        self.cpu_seconds = 0.0

    @property
    def fds(self) -> dict[str, int]:
        """The descriptor numbers the harness finds its pipes at (the plan names them)."""
        return {"channel": self._channel_w, "watchdog": self._watch_r}

    @property
    def harness_pid(self) -> int | None:
        """The harness's pid as this process sees it (under namespaces: the namespace's init)."""
        if self.proc is None:
            return None
        return self._init_pid if self.namespaced else self.proc.pid

    def start(self, harness: Path, plan: Path, *, namespaced: bool, cwd: Path, stdout: int, stderr: int, home: str) -> None:
        command: list[str] = [sys.executable, *PYTHON_FLAGS, str(harness), str(plan)]
        if namespaced:
            command = [unshare_path() or "unshare", *UNSHARE_FLAGS, "--", *command]
        self.namespaced = namespaced
        self.marker = str(harness).encode()
        try:
            self.proc = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=stdout,
                stderr=stderr,
                cwd=cwd,
                env=child_environment(home, tmp=None if namespaced else home),
                start_new_session=True,
                pass_fds=(self._channel_w, self._watch_r),
                close_fds=True,
            )
        finally:
            os.close(self._channel_w)
            os.close(self._watch_r)
        try:
            self.pidfd = os.pidfd_open(self.proc.pid)
        except (AttributeError, OSError):
            self.pidfd = None

    def wait(self, timeout: float) -> tuple[bool, bool]:
        """Block until the child has data for us or has exited, at most `timeout` s: (readable, exited)."""
        watched = [self.channel] + ([self.pidfd] if self.pidfd is not None else [])
        step = timeout if self.pidfd is not None else min(timeout, 0.05)
        ready, _, _ = select.select(watched, [], [], max(0.0, step))
        exited = (self.pidfd in ready) if self.pidfd is not None else self._exited()
        return self.channel in ready, exited

    def _exited(self) -> bool:
        assert self.proc is not None
        return self.proc.poll() is not None

    def read(self, limit: int = 1 << 20) -> bytes | None:
        """What the channel holds now (b"" if nothing yet), or None at end of file."""
        try:
            data = os.read(self.channel, limit)
        except BlockingIOError:
            return b""
        return data if data else None

    def note_ready(self) -> None:
        """Under namespaces, hold on to the namespace's init (the harness) so that it can be killed by pidfd."""
        if not self.namespaced or self.proc is None:
            return
        try:
            children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text().split()
            if children:
                self._init_pid = int(children[0])
                self.init_pidfd = os.pidfd_open(self._init_pid)
        except (OSError, ValueError, AttributeError):
            self.init_pidfd = None

    def kill(self) -> None:
        """SIGKILL to the harness and to everything it started."""
        if self.proc is None:
            return
        if self.init_pidfd is not None:
            try:
                signal.pidfd_send_signal(self.init_pidfd, signal.SIGKILL)
            except (ProcessLookupError, OSError):
                pass
        if self.status is None:  # not reaped: the group id cannot have been reused
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        if not self.namespaced:
            self.sweep()

    def sweep(self, settle: bool = False) -> None:
        """Under rlimits: kill what the student started.  The run's cgroup holds all of it, whatever
        session, process group, program or uid it moved to; else the fresh uid owns all of it; else
        (the grader's own uid, no cgroup) the harness's command line is all there is to go by.
        `settle` (once the harness is reaped): wait for the orphans to be reaped too."""
        if self.cgroup is not None:
            self.cgroup.kill_all(settle=settle)
        if self.uid is not None:
            kill_uid(self.uid)
        if self.cgroup is None and self.uid is None:
            self._sweep_marked()

    def _sweep_marked(self) -> None:
        """Under rlimits: kill what the student started, found by the harness's path in its command
        line, until three sweeps in a row 20 ms apart find none (a fork bomb may still be forking,
        a double fork may not have happened yet, a killed process keeps its command line until it
        is really gone); 2 s at most."""
        deadline = time.monotonic() + 2.0
        quiet = 0
        while quiet < 3 and time.monotonic() < deadline:
            quiet = 0 if kill_marked(self.marker) else quiet + 1
            time.sleep(0.02)

    def reap(self, grace: float = 0.0) -> int:
        """Wait for the child's exit (killing it after `grace` s) and record its status and CPU time."""
        if self.proc is None or self.status is not None:
            return self.status or 0
        if grace > 0 and not self.wait_exit(grace):
            self.kill()
        if not self.wait_exit(5.0):
            self.kill()
        _, status, usage = os.wait4(self.proc.pid, 0)
        if not self.namespaced:
            self.sweep(settle=True)  # what the harness's last moments may have started
        self.status = status
        self.proc.returncode = os.waitstatus_to_exitcode(status)
        self.cpu_seconds = usage.ru_utime + usage.ru_stime
        return status

    def wait_exit(self, seconds: float) -> bool:
        """Whether the child exits within `seconds` (it is not reaped)."""
        if self.pidfd is None:
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                if self._exited_unreaped():
                    return True
                time.sleep(0.01)
            return False
        ready, _, _ = select.select([self.pidfd], [], [], seconds)
        return bool(ready)

    def _exited_unreaped(self) -> bool:
        assert self.proc is not None
        try:
            info = os.waitid(os.P_PID, self.proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
        except ChildProcessError:
            return True
        return info is not None

    def close(self) -> None:
        for fd in (self.channel, self._watch_w, self.pidfd, self.init_pidfd):
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self.pidfd = self.init_pidfd = None


def death_message(status: int | None) -> str:
    """How a child ended, in words a student understands."""
    if status is None:
        return "the process ended"
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = f"signal {number}"
        why = {
            int(signal.SIGKILL): "killed: it went over the CPU time limit, or killed itself",
            signal.SIGSEGV: "a segmentation fault (very deep recursion, or memory exhausted)",
            signal.SIGABRT: "aborted (often: out of memory)",
            signal.SIGXCPU: "it went over the CPU time limit",
            signal.SIGXFSZ: "it wrote a file larger than allowed",
            signal.SIGBUS: "a bus error",
        }.get(number, "killed by a signal")
        return f"the process was ended by {name} ({why})"
    code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else status
    if code == HARNESS_FAILED:
        return "the process could no longer report to the grader (did the code close or replace its file descriptors?)"
    return f"the process exited with code {code} (os._exit, or sys.exit from a thread)"
