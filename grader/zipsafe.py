"""Unpacking a student's zip file without trusting it.

Every entry is checked before anything is written: no absolute paths, no
``..``, no links or devices, no encryption, a bounded number of files, a
bounded total size and no compression-ratio bombs; while writing, the real
number of bytes is counted again (headers can lie).  A rejected zip raises
`UnsafeZip`, whose `message` says why in both languages.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterator

from .i18n import define
from .models import Message
from .submission import find_root

#: Entries that zip tools add on their own; they are skipped, not refused.
JUNK_PREFIXES = ("__MACOSX/",)
JUNK_NAMES = (".DS_Store", "Thumbs.db", "desktop.ini")


@dataclass(frozen=True)
class ZipLimits:
    max_files: int = 200
    """Entries (files and directories) in the archive."""
    max_total_bytes: int = 32 * 1024 * 1024
    """Uncompressed bytes of all files together."""
    max_file_bytes: int = 8 * 1024 * 1024
    """Uncompressed bytes of one file (the grader reads at most 2 MiB of a file anyway)."""
    max_ratio: float = 200.0
    """Uncompressed / compressed size of a file larger than `ratio_floor_bytes`."""
    ratio_floor_bytes: int = 256 * 1024
    """Small files may compress as well as they like (a file of blanks is not a bomb)."""
    max_archive_bytes: int = 64 * 1024 * 1024
    """The zip file itself."""


class UnsafeZip(Exception):
    """The zip file is refused; `message` says why."""

    def __init__(self, message: Message):
        super().__init__(message.key)
        self.message = message

    def __str__(self) -> str:
        from .i18n import render

        return render(self.message, "en")


def _refuse(what: str, **params: object) -> UnsafeZip:
    return UnsafeZip(Message(f"zip.{what}", params))


def _is_junk(name: str) -> bool:
    return name.startswith(JUNK_PREFIXES) or PurePosixPath(name).name in JUNK_NAMES


def _safe_parts(name: str) -> tuple[str, ...]:
    """The entry's path components, or UnsafeZip if it could leave the target directory."""
    if "\x00" in name:
        raise _refuse("bad_name", name=repr(name)[:80])
    normalized = name.replace("\\", "/")
    if normalized.startswith("/") or (len(normalized) > 1 and normalized[1] == ":"):
        raise _refuse("absolute_path", name=name[:200])
    parts = tuple(p for p in normalized.split("/") if p not in ("", "."))
    if any(p == ".." for p in parts):
        raise _refuse("parent_path", name=name[:200])
    return parts


def check_entries(archive: zipfile.ZipFile, limits: ZipLimits) -> list[zipfile.ZipInfo]:
    """The entries to extract, after every check that can be made from the headers."""
    infos = archive.infolist()
    if len(infos) > limits.max_files:
        raise _refuse("too_many_files", count=len(infos), limit=limits.max_files)
    total = 0
    keep = []
    for info in infos:
        _safe_parts(info.filename)
        mode = info.external_attr >> 16
        if mode and stat.S_IFMT(mode) not in (0, stat.S_IFREG, stat.S_IFDIR):
            raise _refuse("special_file", name=info.filename[:200])
        if info.flag_bits & 0x1:
            raise _refuse("encrypted", name=info.filename[:200])
        if _is_junk(info.filename) or info.is_dir():
            continue
        if info.file_size > limits.max_file_bytes:
            raise _refuse("too_large", limit_mib=limits.max_file_bytes // (1024 * 1024))
        total += info.file_size
        if total > limits.max_total_bytes:
            raise _refuse("too_large", limit_mib=limits.max_total_bytes // (1024 * 1024))
        if info.file_size > limits.ratio_floor_bytes and info.file_size > limits.max_ratio * max(1, info.compress_size):
            raise _refuse("ratio", name=info.filename[:200])
        keep.append(info)
    return keep


def unpack_zip(zip_path: str | Path, target: str | Path, limits: ZipLimits = ZipLimits()) -> Path:
    """Extract `zip_path` into the (empty, private) directory `target`; returns the submission's root.

    Students often zip their folder rather than its contents: when the archive holds
    one directory and none of the submission's files at the top, that directory is the root.
    """
    zip_path, target = Path(zip_path), Path(target)
    try:
        size = os.lstat(zip_path).st_size
    except OSError as exc:
        raise _refuse("unreadable", reason=exc.strerror or "error") from None
    if size > limits.max_archive_bytes:
        raise _refuse("too_large", limit_mib=limits.max_archive_bytes // (1024 * 1024))
    try:
        with zipfile.ZipFile(zip_path) as archive:
            entries = check_entries(archive, limits)
            written = 0
            for info in entries:
                destination = target.joinpath(*_safe_parts(info.filename))
                destination.parent.mkdir(parents=True, exist_ok=True)
                if not destination.resolve().is_relative_to(target.resolve()):
                    raise _refuse("parent_path", name=info.filename[:200])
                try:
                    fd = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
                except FileExistsError:
                    raise _refuse("duplicate", name=info.filename[:200]) from None
                with os.fdopen(fd, "wb") as out, archive.open(info) as source:
                    file_bytes = 0
                    while chunk := source.read(64 * 1024):
                        file_bytes += len(chunk)
                        written += len(chunk)
                        if file_bytes > limits.max_file_bytes or written > limits.max_total_bytes:
                            raise _refuse("too_large", limit_mib=limits.max_total_bytes // (1024 * 1024))
                        out.write(chunk)
    except UnsafeZip:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError) as exc:
        raise _refuse("bad", reason=f"{type(exc).__name__}: {exc}"[:200]) from None
    except OSError as exc:
        raise _refuse("unreadable", reason=(exc.strerror or str(exc))[:200]) from None
    return find_root(target)  # the folder the files were zipped inside, if any


@contextmanager
def unpacked(zip_path: str | Path, limits: ZipLimits = ZipLimits()) -> Iterator[Path]:
    """The submission root of `zip_path`, unpacked into a private temporary directory removed afterwards.

    Raises `UnsafeZip` (before anything is graded) when the archive is refused.
    """
    scratch = Path(tempfile.mkdtemp(prefix="grader-zip-"))
    try:
        yield unpack_zip(zip_path, scratch, limits)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def is_zip_path(path: str | Path) -> bool:
    """A regular file named ``*.zip``: what `grade` and `grade batch` unpack as a submission."""
    path = Path(path)
    return path.suffix.lower() == ".zip" and path.is_file() and not path.is_symlink()


define(
    {
        "zip.bad": ("The file is not a readable zip archive ({reason}).", "该文件不是可读取的 zip 压缩包（{reason}）。"),
        "zip.unreadable": ("The zip file could not be read: {reason}.", "无法读取该 zip 文件：{reason}。"),
        "zip.bad_name": ("The zip file contains an entry with an invalid name: {name}.", "zip 文件中有名称无效的条目：{name}。"),
        "zip.absolute_path": (
            "The zip file was refused: the entry {name} has an absolute path.",
            "zip 文件被拒绝：条目 {name} 使用了绝对路径。",
        ),
        "zip.parent_path": (
            "The zip file was refused: the entry {name} points outside the archive's folder (..).",
            "zip 文件被拒绝：条目 {name} 指向压缩包目录之外（..）。",
        ),
        "zip.special_file": (
            "The zip file was refused: {name} is a link or a special file, not a regular file.",
            "zip 文件被拒绝：{name} 是链接或特殊文件，而不是普通文件。",
        ),
        "zip.encrypted": ("The zip file was refused: {name} is encrypted.", "zip 文件被拒绝：{name} 已加密。"),
        "zip.too_many_files": (
            "The zip file was refused: it has {count} entries (at most {limit} are allowed).",
            "zip 文件被拒绝：其中有 {count} 个条目（最多允许 {limit} 个）。",
        ),
        "zip.too_large": (
            "The zip file was refused: its contents are larger than {limit_mib} MiB.",
            "zip 文件被拒绝：解压后的内容超过 {limit_mib} MiB。",
        ),
        "zip.ratio": (
            "The zip file was refused: {name} is compressed suspiciously well (a zip bomb?).",
            "zip 文件被拒绝：{name} 的压缩比异常（疑似 zip 炸弹）。",
        ),
        "zip.duplicate": ("The zip file was refused: {name} appears twice.", "zip 文件被拒绝：{name} 出现了两次。"),
    }
)
