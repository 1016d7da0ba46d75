"""How much a sandbox run may use."""

from __future__ import annotations

from dataclasses import dataclass

MiB = 1024 * 1024


@dataclass(frozen=True)
class SandboxLimits:
    """Limits of one `run_calls`; wall-clock limits are enforced by the parent, the rest by the kernel."""

    call_seconds: float = 3.0
    """Time of one call, and of importing one module, measured on the sandbox itself (see
    `wall_factor`): a classmate's load on the machine does not count; then the call is a "timeout"."""

    run_seconds: float = 30.0
    """Wall time of the whole run, every child included; no process of the run outlives it."""

    startup_seconds: float = 15.0
    """Wall time a child may take to get ready (Python and NumPy start); a grader-side failure if exceeded."""

    cpu_seconds: int = 20
    """RLIMIT_CPU of a child (SIGKILL one second after the soft limit)."""

    memory_bytes: int = 2048 * MiB
    """RLIMIT_AS of a child (a larger allocation fails with MemoryError), and the memory of the whole
    sandbox where a cgroup is in force (every process, shared memory and tmpfs pages included)."""

    processes: int = 16
    """RLIMIT_NPROC (processes and threads of the sandbox uid, a fresh uid per run when root), and
    the cgroup's pids limit where one is in force."""

    file_bytes: int = 16 * MiB
    """RLIMIT_FSIZE: the largest file the child may write, its stdout and stderr included."""

    open_files: int = 64
    """RLIMIT_NOFILE of a child."""

    scratch_bytes: int = 64 * MiB
    """Size of the tmpfs holding the student's working directory (and of its /tmp), under namespaces."""

    scratch_inodes: int = 4096
    """Files and directories each of those tmpfs may hold (kernel memory is spent per inode)."""

    wall_factor: float = 10.0
    """A call's time is the sandbox's own (CPU time, and the time its code ran or slept rather than
    waited for a CPU); this multiple of `call_seconds` in wall time is the backstop."""

    output_tail_bytes: int = 4096
    """How much of the end of the student's stdout and of stderr the report keeps."""

    array_bytes: int = 16 * MiB
    """The largest array a child may send back; a larger one arrives as `Opaque`."""

    result_bytes: int = 64 * MiB
    """All arrays a run may send back together."""

    max_restarts: int = 8
    """Children started after the first (after timeouts and crashes); then the rest is skipped."""
