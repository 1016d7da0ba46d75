"""The private scratch directory of one run, and the copy of the student's files in it."""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path
from typing import Sequence

from ..i18n import render
from ..submission import Submission, SubmissionFileError


class Scratch:
    """A fresh directory under `root`, removed with everything in it when the run ends.

    Layout: ``harness.py``; ``io/`` (plans, input blob, the child's stdout and stderr);
    ``files/`` (the checked copy of the submission's files); ``root/`` (the mount point of
    the child's new root, under namespaces); ``box/`` (the student's working directory
    without namespaces).
    """

    def __init__(self, root: Path | None = None):
        self.path = Path(tempfile.mkdtemp(prefix="grader-sandbox-", dir=root))
        self.io = self.path / "io"
        self.files = self.path / "files"
        self.root = self.path / "root"
        self.box = self.path / "box"
        for directory in (self.io, self.files, self.root):
            directory.mkdir(mode=0o700)

    def __enter__(self) -> "Scratch":
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

    def fresh_box(self, uid: int | None) -> Path:
        """The student's working directory without namespaces: a new copy of the files for each child."""
        if self.box.exists():
            _remove_tree(self.box)
        self.box.mkdir(mode=0o700)
        for entry in self.files.iterdir():
            shutil.copyfile(entry, self.box / entry.name)
        if uid is not None:
            self.path.chmod(0o711)  # the uid may pass through to its box, nothing more
            for entry in [self.box, *self.box.iterdir()]:
                os.chown(entry, uid, uid)
        return self.box

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


def _remove_tree(path: Path) -> None:
    def unlock(function, name, _exc):
        # a student may have left a directory without write or search permission
        try:
            parent = os.path.dirname(name)
            os.chmod(parent, stat.S_IRWXU)
            if os.path.isdir(name) and not os.path.islink(name):
                os.chmod(name, stat.S_IRWXU)
            function(name)
        except OSError:
            pass

    shutil.rmtree(path, onerror=unlock)
