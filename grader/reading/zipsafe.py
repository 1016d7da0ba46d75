"""Unpacking a student's zip or tar archive (``.tar``, ``.tar.gz``, ``.tgz``) without trusting it.

Every entry is checked before anything is written: no absolute paths, no
``..``, no links or devices, no encryption, a bounded number of files, a
bounded total size and no compression-ratio bombs; while writing, the real
number of bytes is counted again (headers can lie).  A rejected archive raises
`UnsafeZip`, whose `message` says why in both languages.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import os
import shutil
import stat
import tarfile
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from grader.results.i18n import define
from grader.results.models import Message

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
        from grader.results.i18n import render

        return render(self.message, "en")


def _refuse(what: str, **params: object) -> UnsafeZip:
    return UnsafeZip(Message(f"zip.{what}", params))


def _refuse_tar(what: str, **params: object) -> UnsafeZip:
    return UnsafeZip(Message(f"tar.{what}", params))


def _is_junk(name: str) -> bool:
    return name.startswith(JUNK_PREFIXES) or PurePosixPath(name).name in JUNK_NAMES


def _safe_parts(name: str, refuse=_refuse) -> tuple[str, ...]:
    """The entry's path components, or UnsafeZip if it could leave the target directory."""
    if "\x00" in name:
        raise refuse("bad_name", name=repr(name)[:80])
    normalized = name.replace("\\", "/")
    if normalized.startswith("/") or (len(normalized) > 1 and normalized[1] == ":"):
        raise refuse("absolute_path", name=name[:200])
    parts = tuple(p for p in normalized.split("/") if p not in ("", "."))
    if any(p == ".." for p in parts):
        raise refuse("parent_path", name=name[:200])
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
    """Extract `zip_path` into the (empty, private) directory `target`; returns `target`.

    Students often zip their folder rather than its contents: the folder their files are in is
    found by whoever grades them (`grader.reading.submission.find_root`, with the files of the course
    graded, which this layer does not know).
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
                with archive.open(info) as source:
                    written = _write_member(destination, target, info.filename, source, limits, written, _refuse)
    except UnsafeZip:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError) as exc:
        raise _refuse("bad", reason=f"{type(exc).__name__}: {exc}"[:200]) from None
    except OSError as exc:
        raise _refuse("unreadable", reason=(exc.strerror or str(exc))[:200]) from None
    return target


def _write_member(destination: Path, target: Path, name: str, source, limits: ZipLimits, written: int, refuse) -> int:
    """Copy one member's bytes to `destination` (created, never followed), counting the real bytes."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    if not destination.resolve().is_relative_to(target.resolve()):
        raise refuse("parent_path", name=name[:200])
    try:
        fd = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except FileExistsError:
        raise refuse("duplicate", name=name[:200]) from None
    with os.fdopen(fd, "wb") as out:
        file_bytes = 0
        while chunk := source.read(64 * 1024):
            file_bytes += len(chunk)
            written += len(chunk)
            if file_bytes > limits.max_file_bytes or written > limits.max_total_bytes:
                raise refuse("too_large", limit_mib=limits.max_total_bytes // (1024 * 1024))
            out.write(chunk)
    return written


def check_tar_members(archive: tarfile.TarFile, limits: ZipLimits, archive_bytes: int) -> list[tarfile.TarInfo]:
    """The regular files to extract, after every check the headers allow.

    Members are read one at a time, so that an archive of a million entries is refused at the
    limit rather than listed first.  There is no per-member compressed size in a tar (the whole
    stream is compressed): the ratio is that of all contents to the archive file.
    """
    keep: list[tarfile.TarInfo] = []
    total = 0
    count = 0
    while (member := archive.next()) is not None:
        count += 1
        if count > limits.max_files:
            raise _refuse_tar("too_many_files", limit=limits.max_files)
        _safe_parts(member.name, _refuse_tar)
        if member.isdir():
            continue
        if not member.isreg():  # symbolic and hard links, devices, FIFOs
            raise _refuse_tar("special_file", name=member.name[:200])
        if _is_junk(member.name) or PurePosixPath(member.name).name.startswith("._"):
            continue
        if member.size > limits.max_file_bytes:
            raise _refuse_tar("too_large", limit_mib=limits.max_file_bytes // (1024 * 1024))
        total += member.size
        if total > limits.max_total_bytes:
            raise _refuse_tar("too_large", limit_mib=limits.max_total_bytes // (1024 * 1024))
        if total > limits.ratio_floor_bytes and total > limits.max_ratio * max(1, archive_bytes):
            raise _refuse_tar("ratio", name=member.name[:200])
        keep.append(member)
    return keep


#: Bytes of tar structure allowed per entry besides its contents: its header, the padding of its
#: data to a block, and an extended header (a long name, PAX attributes) of reasonable size.
TAR_OVERHEAD_PER_ENTRY = 8 * 1024


class _BoundedStream(io.RawIOBase):
    """The decompressed tar stream, refused as soon as anything would be read past `limit`.

    tarfile reads an extended header (PAX attributes, a GNU long name) into memory whole, as
    large as its header says, before `check_tar_members` sees the member: a few kilobytes of
    gzip can declare gigabytes of it.  No legitimate archive within the limits needs more than
    its contents plus a little structure per entry, so the stream itself ends there.
    """

    def __init__(self, stream, limit: int, limit_mib: int):
        self.stream = stream
        self.limit = limit
        self.limit_mib = limit_mib  # the limit on contents that the refusal names
        self.position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0 or self.position + size > self.limit:
            raise _refuse_tar("too_large", limit_mib=self.limit_mib)
        data = self.stream.read(size)
        self.position += len(data)
        return data

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        target = {io.SEEK_SET: offset, io.SEEK_CUR: self.position + offset}.get(whence)
        if target is None or target > self.limit:  # SEEK_END would decompress everything
            raise _refuse_tar("too_large", limit_mib=self.limit_mib)
        self.position = self.stream.seek(target)
        return self.position

    def tell(self) -> int:
        return self.position


@contextmanager
def _decompressed(tar_path: Path, limits: ZipLimits) -> Iterator[_BoundedStream]:
    """The archive's tar stream (gzip, bzip2 and xz recognised by their magic bytes), bounded."""
    limit = limits.max_total_bytes + (limits.max_files + 2) * TAR_OVERHEAD_PER_ENTRY
    fd = os.open(tar_path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as raw:
        if not stat.S_ISREG(os.fstat(raw.fileno()).st_mode):
            raise _refuse_tar("special_file", name=tar_path.name[:200])
        magic = raw.read(6)
        raw.seek(0)
        stream: io.BufferedIOBase
        if magic.startswith(b"\x1f\x8b"):
            stream = gzip.GzipFile(fileobj=raw, mode="rb")
        elif magic.startswith(b"BZh"):
            stream = bz2.BZ2File(raw, mode="rb")
        elif magic.startswith(b"\xfd7zXZ\x00"):
            stream = lzma.LZMAFile(raw, mode="rb")  # noqa: SIM115 - closed by `with stream:` below
        else:
            stream = raw
        with stream:
            yield _BoundedStream(stream, limit, limits.max_total_bytes // (1024 * 1024))


def unpack_tar(tar_path: str | Path, target: str | Path, limits: ZipLimits = ZipLimits()) -> Path:
    """`unpack_zip` for a ``.tar``, ``.tar.gz``/``.tgz`` (or bzip2/xz) archive: the same checks and limits."""
    tar_path, target = Path(tar_path), Path(target)
    try:
        size = os.lstat(tar_path).st_size
    except OSError as exc:
        raise _refuse_tar("unreadable", reason=exc.strerror or "error") from None
    if size > limits.max_archive_bytes:
        raise _refuse_tar("too_large", limit_mib=limits.max_archive_bytes // (1024 * 1024))
    try:
        with _decompressed(tar_path, limits) as stream, tarfile.open(fileobj=stream, mode="r:") as archive:
            members = check_tar_members(archive, limits, size)
            written = 0
            for member in members:
                destination = target.joinpath(*_safe_parts(member.name, _refuse_tar))
                source = archive.extractfile(member)
                if source is None:
                    raise _refuse_tar("special_file", name=member.name[:200])
                with source:
                    written = _write_member(destination, target, member.name, source, limits, written, _refuse_tar)
    except UnsafeZip:
        raise
    except (tarfile.TarError, EOFError, ValueError, NotImplementedError, zipfile.BadZipFile, gzip.BadGzipFile, lzma.LZMAError) as exc:
        raise _refuse_tar("bad", reason=f"{type(exc).__name__}: {exc}"[:200]) from None
    except OSError as exc:
        raise _refuse_tar("unreadable", reason=(exc.strerror or str(exc))[:200]) from None
    return target


#: Names of the archives a submission may be handed in as, and how each is unpacked.
TAR_SUFFIXES = (".tar.gz", ".tgz", ".tar", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")
ARCHIVE_SUFFIXES = (".zip", *TAR_SUFFIXES)


def archive_suffix(name: str) -> str | None:
    """The archive suffix `name` ends with (``.tar.gz`` before ``.gz``), or None."""
    lowered = name.lower()
    return next((s for s in sorted(ARCHIVE_SUFFIXES, key=len, reverse=True) if lowered.endswith(s)), None)


def archive_stem(name: str) -> str:
    """`name` without its archive suffix (``alice.tar.gz`` -> ``alice``)."""
    suffix = archive_suffix(name)
    return name[: -len(suffix)] if suffix else name


def unpack_archive(path: str | Path, target: str | Path, limits: ZipLimits = ZipLimits()) -> Path:
    """A zip or a tar archive unpacked into `target`, by its name's suffix."""
    if archive_suffix(Path(path).name) == ".zip":
        return unpack_zip(path, target, limits)
    return unpack_tar(path, target, limits)


@contextmanager
def unpacked(zip_path: str | Path, limits: ZipLimits = ZipLimits()) -> Iterator[Path]:
    """The folder an archive (zip or tar) is unpacked into, a private temporary directory removed
    afterwards.  The folder the files were zipped inside, if any, is found by the caller, with its
    course's files (`grader.reading.submission.find_root`), as for a submission that is a folder.

    Raises `UnsafeZip` (before anything is graded) when the archive is refused.
    """
    scratch = Path(tempfile.mkdtemp(prefix="grader-zip-"))
    try:
        yield unpack_archive(zip_path, scratch, limits)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def is_zip_path(path: str | Path) -> bool:
    """A regular file named ``*.zip`` or as a tar archive (``.tar.gz``, ``.tgz``...): what `grade`
    and `grade batch` unpack as a submission."""
    path = Path(path)
    return archive_suffix(path.name) is not None and path.is_file() and not path.is_symlink()


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
        "tar.bad": ("The file is not a readable tar archive ({reason}).", "该文件不是可读取的 tar 压缩包（{reason}）。"),
        "tar.unreadable": ("The tar archive could not be read: {reason}.", "无法读取该 tar 压缩包：{reason}。"),
        "tar.bad_name": ("The tar archive contains an entry with an invalid name: {name}.", "tar 压缩包中有名称无效的条目：{name}。"),
        "tar.absolute_path": (
            "The tar archive was refused: the entry {name} has an absolute path.",
            "tar 压缩包被拒绝：条目 {name} 使用了绝对路径。",
        ),
        "tar.parent_path": (
            "The tar archive was refused: the entry {name} points outside the archive's folder (..).",
            "tar 压缩包被拒绝：条目 {name} 指向压缩包目录之外（..）。",
        ),
        "tar.special_file": (
            "The tar archive was refused: {name} is a link or a special file, not a regular file.",
            "tar 压缩包被拒绝：{name} 是链接或特殊文件，而不是普通文件。",
        ),
        "tar.too_many_files": (
            "The tar archive was refused: it has more than {limit} entries.",
            "tar 压缩包被拒绝：其中的条目超过 {limit} 个。",
        ),
        "tar.too_large": (
            "The tar archive was refused: its contents are larger than {limit_mib} MiB.",
            "tar 压缩包被拒绝：解压后的内容超过 {limit_mib} MiB。",
        ),
        "tar.ratio": (
            "The tar archive was refused: it is compressed suspiciously well (at {name}; an archive bomb?).",
            "tar 压缩包被拒绝：压缩比异常（在 {name} 处；疑似压缩炸弹）。",
        ),
        "tar.duplicate": ("The tar archive was refused: {name} appears twice.", "tar 压缩包被拒绝：{name} 出现了两次。"),
    }
)
