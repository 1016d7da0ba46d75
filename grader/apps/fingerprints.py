"""A submission's fingerprint: a hash of everything that can change its grade (every file it
holds, the grader's version and source, the problems, rubric and options, a person's adjustments),
kept in its manifest so that a rerun of the batch regrades only what changed."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from grader.reading.layouts import ARCHIVE, FILES, Entry
from grader.reading.submission import MAX_FILE_BYTES, find_root

if TYPE_CHECKING:
    from grader.apps.batch import BatchSettings


#: The files of the grader whose text can change a grade (code, templates, data), by suffix.
SOURCE_SUFFIXES = (".py", ".j2", ".css", ".txt", ".json")


def _digest_tree(digest: Any, directory: Path, label: str) -> None:
    for path in sorted(directory.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file() or path.suffix not in SOURCE_SUFFIXES:
            continue
        digest.update(f"{label}/{path.relative_to(directory)}\0".encode())
        try:
            digest.update(path.read_bytes())
        except OSError as exc:
            digest.update(str(exc.errno).encode())
        digest.update(b"\0")


_SOURCE_DIGESTS: dict[tuple[str, ...], str] = {}


def source_folders() -> list[Path]:
    """The folders of the grader whose files can change a grade: the package and, in a checkout,
    problems/, reference/ and templates/ beside it (installed, they are inside the package; the
    rest of a checkout, tests and docs, grades nothing)."""
    import grader

    package = Path(grader.__file__).resolve().parent
    beside = [Path(p) / sub for p in grader.__path__ if Path(p).resolve() != package for sub in ("problems", "reference", "templates")]
    return [package, *(d for d in beside if d.is_dir())]


def source_digest(problem_dirs: tuple[str, ...] = ()) -> str:
    """A hash of the grader's own source, its problems, reference and templates, and the extra
    problem folders: an edit to any of them makes every submission's fingerprint change.

    Computed once per process (the grader's files do not change under a running batch).
    """
    if problem_dirs not in _SOURCE_DIGESTS:
        digest = hashlib.sha256()
        for directory in source_folders():
            _digest_tree(digest, directory, directory.name)
        for extra in problem_dirs:
            _digest_tree(digest, Path(extra), "extra")
        _SOURCE_DIGESTS[problem_dirs] = digest.hexdigest()
    return _SOURCE_DIGESTS[problem_dirs]


def _jsonable(value: Any) -> Any:
    """Options as plain JSON for the fingerprint (objects such as sandbox limits by their repr)."""
    return json.loads(json.dumps(value, sort_keys=True, default=repr))


#: A folder with more files than this is fingerprinted by its first ones and the count.
MAX_FINGERPRINT_FILES = 2000


def _digest_file(digest: Any, path: Path) -> None:
    """A file's bytes as the grader may read them (a larger file by its size: it is refused anyway)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
            digest.update(data if len(data) <= MAX_FILE_BYTES else f"large:{os.fstat(handle.fileno()).st_size}".encode())
    except OSError as exc:
        digest.update(f"unreadable:{exc.errno}".encode())


def _digest_folder(digest: Any, folder: Path) -> None:
    """Every file of the folder (names, kinds, bytes), links and special files by their kind only."""
    count = 0
    for directory, subdirectories, files in os.walk(folder):
        subdirectories.sort()
        for name in sorted(files):
            path = Path(directory) / name
            count += 1
            if count > MAX_FINGERPRINT_FILES:
                digest.update(b"more files")
                return
            digest.update(f"\0{path.relative_to(folder)}\0".encode("utf-8", "surrogateescape"))  # any bytes a name holds
            if path.is_symlink() or not path.is_file():
                digest.update(b"not a regular file")
            else:
                _digest_file(digest, path)


def fingerprint(entry: Entry, settings: BatchSettings) -> str:
    """Changes when anything that can change the grade changes: every file of the submission (not
    only the contract's), the grader's version and source, the problems, the rubric and options."""
    digest = hashlib.sha256(json.dumps(settings.key(), sort_keys=True).encode())
    digest.update(json.dumps(_jsonable(settings.adjustments.get(entry.name)), sort_keys=True).encode())
    digest.update(entry.kind.encode())
    if entry.kind == ARCHIVE:
        _digest_file_whole(digest, entry.path)
    elif entry.kind == FILES:
        for name, path in entry.files:
            digest.update(f"\0{name}\0".encode("utf-8", "surrogateescape"))
            _digest_file(digest, path)
    else:
        # the files graded: those of the folder they may be wrapped in (the name of that folder too)
        root = find_root(entry.path, known=settings.files())
        if root != entry.path:
            digest.update(str(root.relative_to(entry.path)).encode("utf-8", "surrogateescape"))
        _digest_folder(digest, root)
    return digest.hexdigest()


def _digest_file_whole(digest: Any, path: Path) -> None:
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    except OSError as exc:
        digest.update(str(exc.errno).encode())
