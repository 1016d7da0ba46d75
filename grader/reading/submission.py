"""A student's submission directory, read defensively.

Files are read only if they are regular files inside the directory:
symbolic links, devices and oversized files are refused with a message
that costs only the problems needing that file.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from grader.results.models import Message

#: The file every derivation problem is graded from.  (Which other files a submission is made of
#: is the course's to say: `grader.course.course.known_files` derives them from its problems, and
#: every function here that needs them is given them by its caller, as this layer lies below the
#: course.)
ANSWERS_FILE = "answers.md"

#: Larger files are refused rather than read (bytes).
MAX_FILE_BYTES = 2 * 1024 * 1024

#: How many levels of lone folders `find_root` descends (``upload/hw3/hw3/answers.md``).
MAX_NESTING = 3


def ignored_name(name: str) -> bool:
    """Names that are never a student's folder: hidden ones and tools' own (``.git``, ``__MACOSX``, ``__pycache__``)."""
    return name.startswith((".", "__"))


def find_root(directory: str | Path, *, known: Sequence[str], depth: int = MAX_NESTING) -> Path:
    """Where a submission's files are: `directory`, or the folder they were wrapped in.

    The one rule for every way in (``grade``, ``grade batch``, ``grade check``, Gradescope and
    zip files): while a directory holds none of the course's files (`known`: the list
    `grader.course.course.known_files` derives) and exactly one subdirectory that is not hidden or
    a tool's own (``__MACOSX``), descend into it, at most `depth` times.
    Symbolic links are never followed.  A path that is not a directory is returned as it is.
    """
    directory = Path(directory)
    for _ in range(depth):
        try:
            if any(os.path.lexists(directory / name) for name in known):
                return directory
            folders = [
                entry.path
                for entry in os.scandir(directory)
                if not ignored_name(entry.name) and entry.is_dir(follow_symlinks=False)
            ]
        except OSError:
            return directory
        if len(folders) != 1:
            return directory
        directory = Path(folders[0])
    return directory


class SubmissionFileError(Exception):
    """A file of the submission cannot be used; carries the message to show."""

    def __init__(self, message: Message):
        super().__init__(message.key)
        self.message = message


@dataclass(frozen=True)
class Submission:
    """A submission directory."""

    root: Path
    """The directory as given."""

    @property
    def name(self) -> str:
        return self.root.name

    def _regular_file(self, name: str) -> Path:
        path = self.root / name
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            raise SubmissionFileError(Message("submission.file_missing", {"file": name})) from None
        except OSError as exc:
            raise SubmissionFileError(
                Message("submission.file_unreadable", {"file": name, "reason": exc.strerror or "error"})
            ) from None
        if stat.S_ISLNK(info.st_mode):
            raise SubmissionFileError(
                Message("submission.file_unreadable", {"file": name, "reason": "it is a symbolic link"})
            )
        if not stat.S_ISREG(info.st_mode):
            raise SubmissionFileError(
                Message("submission.file_unreadable", {"file": name, "reason": "it is not a regular file"})
            )
        if info.st_size > MAX_FILE_BYTES:
            raise SubmissionFileError(
                Message(
                    "submission.file_unreadable",
                    {"file": name, "reason": f"it is larger than {MAX_FILE_BYTES // 1024} KiB"},
                )
            )
        return path

    def has(self, name: str) -> bool:
        try:
            self._regular_file(name)
        except SubmissionFileError:
            return False
        return True

    def read_bytes(self, name: str) -> bytes:
        """The file's bytes, or SubmissionFileError."""
        path = self._regular_file(name)
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
        try:
            fd = os.open(path, flags)
        except OSError as exc:
            raise SubmissionFileError(
                Message("submission.file_unreadable", {"file": name, "reason": exc.strerror or "error"})
            ) from None
        with os.fdopen(fd, "rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)[:MAX_FILE_BYTES]

    def read_text(self, name: str) -> str:
        """The file as text; invalid UTF-8 is replaced, never fatal."""
        return self.read_bytes(name).decode("utf-8", errors="replace")

    def fingerprint(self, files: Sequence[str]) -> str:
        """A hash of the submission's `files` (names and contents) as they are now (for seeds)."""
        digest = hashlib.sha256()
        for name in files:
            digest.update(name.encode())
            try:
                digest.update(self.read_bytes(name))
            except SubmissionFileError as exc:
                digest.update(exc.message.key.encode())
        return digest.hexdigest()
