"""The private scratch directory of one run, and the copy of the student's files in it."""

from __future__ import annotations

import errno
import os
import secrets
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from grader.reading.submission import Submission, SubmissionFileError
from grader.results.i18n import render


class Scratch:
    """A fresh directory under `root`, removed with everything in it when the run ends.

    Layout: ``child/harness/`` (the copy of the harness package the child runs); ``io/`` (plans, input blob, the child's stdout and stderr);
    ``files/`` (the checked copy of the submission's files); ``root/`` (the mount point of
    the child's new root, under namespaces); ``box/`` (the student's working directory
    without namespaces); ``pylib/`` (without namespaces: the child's only entry on sys.path
    besides the standard library, links to NumPy and its libraries and nothing else).
    """

    def __init__(self, root: Path | None = None):
        self.path = Path(tempfile.mkdtemp(prefix="grader-sandbox-", dir=root))
        self.io = self.path / "io"
        self.files = self.path / "files"
        self.root = self.path / "root"
        self.box = self.path / "box"
        for directory in (self.io, self.files, self.root):
            directory.mkdir(mode=0o700)

    def __enter__(self) -> Scratch:  # noqa: PYI034 - typing.Self needs Python 3.11; Scratch has no subclass
        return self

    def __exit__(self, *exc: object) -> None:
        self.remove()

    def copy_submission(self, submission_dir: Path, names: Sequence[str]) -> dict[str, str]:
        """Copy the regular files among `names` (no symlinks, at most 2 MB); why each other one was left out."""
        submission = Submission(Path(submission_dir))
        refused: dict[str, str] = {}
        for name in names:
            if not name or "/" in name or "\0" in name or name in (".", ".."):
                raise ValueError(f"not a plain file name: {name!r}")
            try:
                data = submission.read_bytes(name)
            except SubmissionFileError as exc:
                refused[name] = render(exc.message, "en")
                continue
            (self.files / name).write_bytes(data)
        return refused

    def harness(self, package: Path) -> Path:
        """The run's copy of the harness package (made by the first child): its source files only,
        no bytecode of the grader's, in a directory that holds nothing else, so that the child can
        import the package by its name from there."""
        copy = self.path / "child" / package.name
        if not copy.exists():
            copy.mkdir(parents=True)
            for source in sorted(package.glob("*.py")):
                shutil.copyfile(source, copy / source.name)
        return copy

    def fresh_box(self, uid: int | None) -> Path:
        """The student's working directory without namespaces: a new copy of the files for each child."""
        if os.path.lexists(self.box):
            _remove_tree(self.box)
        self.box.mkdir(mode=0o700)
        for entry in self.files.iterdir():
            shutil.copyfile(entry, self.box / entry.name)
        if uid is not None:
            self.path.chmod(0o711)  # the uid may pass through to its box, nothing more
            # the files first, the box last: until the box is the uid's, nothing of the uid can swap a
            # file for a link between the listing and the chown (and no link is followed anyway)
            for entry in [*self.box.iterdir(), self.box]:
                os.chown(entry, uid, uid, follow_symlinks=False)
        return self.box

    def python_path(self) -> Path:
        """A directory that offers NumPy alone to the child's import system (not the grader's site-packages)."""
        import numpy

        pylib = self.path / "pylib"
        if not pylib.exists():
            pylib.mkdir(mode=0o755)
            numpy_dir = os.path.realpath(os.path.dirname(numpy.__file__))
            os.symlink(numpy_dir, pylib / "numpy")
            libs = os.path.join(os.path.dirname(numpy_dir), "numpy.libs")
            if os.path.isdir(libs):  # found by NumPy's extensions relative to where they were loaded from
                os.symlink(libs, pylib / "numpy.libs")
        return pylib

    def remove(self) -> None:
        _remove_tree(self.path)


def tail_of(path: Path, size: int) -> str:
    """The last `size` bytes of a file the child wrote, as text (never more, however much it wrote)."""
    try:
        with open(path, "rb") as handle:
            handle.seek(0, os.SEEK_END)
            length = handle.tell()
            handle.seek(max(0, length - size))
            return handle.read(size).decode("utf-8", errors="replace")
    except OSError:
        return ""


#: Deeper directories are moved up to the top of the tree being removed, so that removing a
#: tree of any depth holds at most this many descriptors open.
MAX_DEPTH = 32
OPEN_DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


def _remove_tree(path: Path) -> None:
    """Remove `path` and everything in it through descriptors: no link is ever followed, nothing
    outside the tree is touched or chmodded (a student's process may swap a directory for a link
    while this runs: the link is then removed, not its target).  Failures leave things behind
    rather than act elsewhere."""
    try:
        top = os.open(path, OPEN_DIR)
    except FileNotFoundError:
        return
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):
            _quietly(os.unlink, path)
        return
    try:
        for _round in range(100):  # each round empties what the one before moved up
            if _empty(top, top, 0):
                break
    finally:
        os.close(top)
    _quietly(os.rmdir, path)


def _empty(fd: int, top: int, depth: int) -> bool:
    """Remove everything in the directory open at `fd`; False if some of it was moved up to `top` instead."""
    complete = True
    try:
        names = os.listdir(fd)
    except OSError:
        return True
    for name in names:
        sub = _open_dir(name, fd)
        if sub is None:  # not a directory (or a link to one): the name itself goes
            _remove_entry(name, fd, os.unlink)
            continue
        try:
            if depth >= MAX_DEPTH:
                os.rename(name, f".deep-{secrets.token_hex(8)}", src_dir_fd=fd, dst_dir_fd=top)
                complete = False
                continue
            complete = _empty(sub, top, depth + 1) and complete
        except OSError:
            complete = False
        finally:
            os.close(sub)
        _remove_entry(name, fd, os.rmdir)
    return complete


def _open_dir(name: str, fd: int) -> int | None:
    """The directory `name` in `fd`, opened without following a link; None if it is not a directory."""
    for _attempt in range(2):
        try:
            return os.open(name, OPEN_DIR, dir_fd=fd)
        except OSError as exc:
            if exc.errno != errno.EACCES:
                return None  # a link, a file, or already gone
        # a directory the student left without read or search permission (a grader that is not
        # root): change the mode of that directory itself, reached through an O_PATH descriptor
        try:
            handle = os.open(name, os.O_PATH | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=fd)
        except OSError:
            return None
        try:
            os.chmod(f"/proc/self/fd/{handle}", 0o700)
        except OSError:
            return None
        finally:
            os.close(handle)
    return None


def _remove_entry(name: str, fd: int, remove) -> None:
    try:
        remove(name, dir_fd=fd)
    except PermissionError:
        # the directory being emptied (open at fd, inside the tree) lacks write permission
        try:
            os.fchmod(fd, 0o700)
            remove(name, dir_fd=fd)
        except OSError:
            pass
    except OSError:
        pass


def _quietly(function, *args) -> None:
    try:
        function(*args)
    except OSError:
        pass
