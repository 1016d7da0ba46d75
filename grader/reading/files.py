"""Writing files so that a crash never leaves a half-written one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write `data` to `path` through a temporary file and a rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); reports are ordinary files, readable as any other.
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


class UnwritableOutput(Exception):
    """An output path the grader cannot write; `str()` says which and why."""

    def __init__(self, path: str | Path, reason: str):
        super().__init__(f"cannot write to {path}: {reason}")
        self.path = Path(path)
        self.reason = reason


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def ensure_writable_dir(directory: str | Path) -> Path:
    """Create `directory` if needed and make sure a file can be written in it, or UnwritableOutput.

    Called before any work whose results would go there, so that a wrong path fails at once.
    """
    directory = Path(directory)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".grader-probe-", dir=directory)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise UnwritableOutput(directory, _reason(exc)) from None
    return directory


def write_output(path: str | Path, data: str | bytes) -> None:
    """`write_atomic` for a file the user named: an OSError becomes UnwritableOutput."""
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise UnwritableOutput(path, _reason(exc)) from None
