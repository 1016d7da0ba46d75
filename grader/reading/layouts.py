"""The layouts a class arrives in, recognised from the folder the instructor downloaded.

- a folder per student (``alice/answers.md``, possibly wrapped in one more folder);
- an archive per student (``alice.zip``, ``alice.tar.gz``, ``alice.tgz``), unpacked safely;
- a Moodle download: a folder per student named ``Full Name_123456_assignsubmission_file_``
  holding the student's files or one archive (an ``..._onlinetext_`` folder beside it is the
  online text, not a file submission);
- a notebook per student (``alice.ipynb``; see `grader.reading.notebook`);
- a Canvas flat download: every file in ROOT, named ``lastnamefirstname_12345_67890_answers.md``
  (``lastnamefirstname_LATE_12345_67890_...`` when late), grouped by the student's prefix; a
  resubmitted file is renamed ``answers-1.md``, ``answers-2.md``: the highest number is the latest.

Every item of ROOT ends up in exactly one submission's `sources` or in `skipped` with a reason, so
the counts add up to what is in ROOT.  Nothing here reads a student's file's contents.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from grader.reading.submission import MAX_FILE_BYTES, find_root, ignored_name
from grader.reading.zipsafe import archive_stem, archive_suffix, unpacked

FOLDER = "folder"
ARCHIVE = "archive"
FILES = "files"

#: What a layout is called in the batch's first line and in summary.html.
FOLDER_LAYOUT = "a folder per student"
ARCHIVE_LAYOUT = "an archive per student (zip, tar.gz)"
MOODLE_LAYOUT = "a Moodle download (a folder per student)"
CANVAS_LAYOUT = "a Canvas download (all files in one folder)"
NOTEBOOK_LAYOUT = "a notebook per student (name.ipynb)"

#: The marker `grade batch` leaves in its output folder, so that an old output inside ROOT is never a student.
OUTPUT_MARKER = ".grade-batch-output"

#: Names of the batch's own files, which a submission's output folder may not take.
RESERVED_NAMES = {
    "gradebook.csv", "summary.html", "manual.csv", "similarity.html", "similarity.json", "class.json",
    "overrides.csv", "roster.csv", OUTPUT_MARKER,
}  # (the TA's overrides.csv lives in the output folder: a student named so must not take its place)

_MOODLE = re.compile(r"^(?P<student>.+?)_(?P<id>\d+)_assignsubmission_(?P<plugin>[a-z]+)_?$")
_CANVAS = re.compile(r"^(?P<student>[^_]+)(?P<late>_late)?_(?P<id>\d+)_(?P<submission>\d+)_(?P<file>.+)$", re.IGNORECASE)
_RESUBMISSION = re.compile(r"^(?P<base>.+?)-(?P<number>\d+)$")


@dataclass(frozen=True)
class Entry:
    """One student's submission found in ROOT."""

    name: str
    """The name of its output folder and gradebook row (unique in the class)."""
    path: Path
    """The folder or archive graded (for a Canvas group: its first file)."""
    kind: str = FOLDER
    """FOLDER, ARCHIVE (a zip or tar unpacked safely) or FILES (loose files put together)."""
    files: tuple[tuple[str, Path], ...] = ()
    """For FILES: each file's name in the submission and the file in ROOT."""
    sources: tuple[str, ...] = ()
    """The items of ROOT this submission was made from (for the counts that add up)."""
    student: str = ""
    """The student's name as the LMS wrote it (Moodle's full name, Canvas's ``lastnamefirstname``)."""
    lms_id: str = ""
    """The LMS's id of the student (Moodle's participant number, Canvas's user id), if any."""
    late: bool = False
    """Whether the LMS marked the submission late (Canvas's ``_LATE_``)."""
    online_text: bool = False
    """Moodle's online text only, no file submission: what the student typed into the LMS (HTML),
    which the grader does not read, so a TA grades it."""

    @property
    def is_zip(self) -> bool:
        """Whether it is an archive to unpack (zip or tar; the older name is kept for callers)."""
        return self.kind == ARCHIVE


@dataclass(frozen=True)
class Skipped:
    """An item of ROOT that is not graded, and why."""

    name: str
    """Its path relative to ROOT."""
    reason: str
    """Why it is not a submission (shown to the instructor)."""


@dataclass(frozen=True)
class ClassLayout:
    """What `recognise` found in ROOT."""

    layouts: tuple[str, ...]
    """The layouts recognised, most submissions first (several when ROOT mixes them)."""
    entries: tuple[Entry, ...]
    """The submissions, sorted by name."""
    skipped: tuple[Skipped, ...] = ()
    """Everything in ROOT that is not part of a submission, with the reason."""
    items: int = 0
    """How many items ROOT holds (each is in one entry's sources or in skipped)."""

    def describe(self) -> str:
        """``a Canvas download (all files in one folder): 23 submissions from 71 items of ROOT, 2 skipped``."""
        kind = " + ".join(self.layouts) or "no submissions"
        used = sum(len(e.sources) for e in self.entries)
        return f"{kind}: {len(self.entries)} submissions from {used} items of ROOT, {len(self.skipped)} skipped"


def _is_output_folder(path: Path, known: Sequence[str]) -> bool:
    """A folder `grade batch` wrote (today's marker, or an older output's gradebook and summary).

    The marker is only a name: a student can hand in a file called so (or a gradebook.csv and a
    summary.html).  A folder that holds a submission's files, or that an LMS named after a student,
    is a student's, whatever else it holds: it is graded, never dropped as an old output.
    """
    marked = os.path.lexists(path / OUTPUT_MARKER) or ((path / "gradebook.csv").is_file() and (path / "summary.html").is_file())
    return marked and not _MOODLE.match(path.name) and not _holds_submission(path, known)


def _holds_submission(folder: Path, known: Sequence[str]) -> bool:
    root = find_root(folder, known=known)
    try:
        return any(os.path.lexists(root / name) for name in known) or any(
            p.suffix.lower() == ".ipynb" for p in root.iterdir() if not ignored_name(p.name)
        )
    except OSError:
        return False


def _lone_archive(folder: Path, known: Sequence[str]) -> Path | None:
    """The one archive in a folder that holds no submission files of its own (Moodle's layout)."""
    root = find_root(folder, known=known)
    if _holds_submission(folder, known):
        return None
    try:
        visible = [p for p in root.iterdir() if not ignored_name(p.name)]
    except OSError:
        return None
    archives = [p for p in visible if p.is_file() and not p.is_symlink() and archive_suffix(p.name)]
    return archives[0] if len(archives) == 1 else None


def _canvas_group(files: list[tuple[Path, re.Match]]) -> tuple[tuple[tuple[str, Path], ...], list[Skipped]]:
    """A Canvas student's files under their own names, the latest resubmission of each."""
    latest: dict[str, tuple[tuple[int, int], Path]] = {}
    skipped: list[Skipped] = []
    for path, match in sorted(files, key=lambda f: f[0].name):
        original = match["file"]
        stem, dot, extension = original.rpartition(".") if "." in original else (original, "", "")
        resubmission = _RESUBMISSION.match(stem)
        number = 0
        if resubmission:
            stem, number = resubmission["base"], int(resubmission["number"])
        name = f"{stem}{dot}{extension}"
        # a later submission (a higher id, which Canvas does not put in one download, but a merged
        # folder may hold) before a later upload within one
        rank = (int(match["submission"]), number)
        if name in latest:
            older, newer = (latest[name], (rank, path)) if latest[name][0] < rank else ((rank, path), latest[name])
            skipped.append(Skipped(older[1].name, f"an older upload of {name} ({newer[1].name} is the latest)"))
            latest[name] = newer
        else:
            latest[name] = (rank, path)
    return tuple(sorted((name, path) for name, (_, path) in latest.items())), skipped


@dataclass
class _Recognition:
    """What `recognise` has made of ROOT so far, item by item: a Canvas student's files and a
    Moodle online text wait until every item is seen (the first are grouped, the second dropped
    beside a file submission of the same student)."""

    known: Sequence[str]
    """The course's files (a student's folder is told from an output folder by them)."""
    excluded: set[Path]
    """The resolved paths of this run's own output folders."""
    entries: list[Entry] = field(default_factory=list)
    """The submissions found so far, in the order of ROOT's items."""
    skipped: list[Skipped] = field(default_factory=list)
    """The items that are no submission, each with why."""
    kinds: Counter[str] = field(default_factory=Counter)
    """How many submissions came in each layout."""
    canvas: dict[tuple[str, str], list[tuple[Path, re.Match]]] = field(default_factory=dict)
    """Canvas's files by (student, id), with how their names read."""
    moodle_text: list[tuple[Path, re.Match]] = field(default_factory=list)
    """Moodle's folders of an online text (not a file submission)."""

    def skip(self, name: str, reason: str) -> None:
        self.skipped.append(Skipped(name, reason))

    def add_item(self, path: Path) -> None:
        """One item of ROOT: a submission, part of one, or skipped with why."""
        name = path.name
        if ignored_name(name):
            self.skip(name, "a hidden file or a tool's folder (names starting with . or __)")
        elif path.resolve() in self.excluded:
            self.skip(name, "the output folder of this run")
        elif path.is_symlink():
            self.skip(name, "a symbolic link (never followed)")
        elif path.is_dir():
            self._add_folder(path)
        elif path.is_file():
            self._add_file(path)
        else:
            self.skip(name, "not a regular file or folder")

    def _add_folder(self, path: Path) -> None:
        name = path.name
        moodle = _MOODLE.match(name)
        if _is_output_folder(path, self.known):
            self.skip(name, "the output folder of an earlier `grade batch`")
            return
        if moodle and moodle["plugin"] != "file":
            self.moodle_text.append((path, moodle))
            return
        archive = _lone_archive(path, self.known)
        graded, kind = (archive, ARCHIVE) if archive is not None else (path, FOLDER)
        if moodle:
            self.kinds[MOODLE_LAYOUT] += 1
            self.entries.append(Entry(f"{moodle['student']}_{moodle['id']}", graded, kind, sources=(name,), student=moodle["student"], lms_id=moodle["id"]))
        else:
            self.kinds[FOLDER_LAYOUT] += 1
            self.entries.append(Entry(name, graded, kind, sources=(name,)))

    def _add_file(self, path: Path) -> None:
        name = path.name
        if canvas_match := _CANVAS.match(name):
            self.canvas.setdefault((canvas_match["student"].lower(), canvas_match["id"]), []).append((path, canvas_match))
        elif name.lower().endswith(".ipynb"):
            self.kinds[NOTEBOOK_LAYOUT] += 1
            self.entries.append(Entry(name[: -len(".ipynb")], path, FILES, files=((name, path),), sources=(name,)))
        elif archive_suffix(name):
            self.kinds[ARCHIVE_LAYOUT] += 1
            self.entries.append(Entry(archive_stem(name), path, ARCHIVE, sources=(name,)))
        else:
            self.skip(name, "a loose file: not a folder, an archive or a file named by Canvas")

    def add_canvas_students(self) -> None:
        """Each Canvas student's files as one submission (their latest uploads; one archive as an archive)."""
        for (_student, lms_id), files in sorted(self.canvas.items()):
            self.kinds[CANVAS_LAYOUT] += 1
            chosen, older = _canvas_group(files)
            self.skipped.extend(older)
            used = {path.name for _, path in chosen}
            late = any(match["late"] for path, match in files if path.name in used)
            original = files[0][1]["student"]
            if len(chosen) == 1 and archive_suffix(chosen[0][0]):  # the student uploaded one archive
                self.entries.append(Entry(f"{original}_{lms_id}", chosen[0][1], ARCHIVE, sources=tuple(used), student=original, lms_id=lms_id, late=late))
            else:
                self.entries.append(
                    Entry(f"{original}_{lms_id}", chosen[0][1], FILES, files=chosen, sources=tuple(sorted(used)), student=original, lms_id=lms_id, late=late)
                )

    def add_moodle_texts(self) -> None:
        """Each Moodle online text as a submission, unless its student also handed in files."""
        moodle_students = {(e.student, e.lms_id) for e in self.entries if e.lms_id}
        for path, match in self.moodle_text:
            if (match["student"], match["id"]) in moodle_students:
                self.skip(path.name, f"Moodle's {match['plugin']} of {match['student']}, beside the file submission")
            else:
                self.kinds[MOODLE_LAYOUT] += 1
                self.entries.append(
                    Entry(f"{match['student']}_{match['id']}", path, FOLDER, sources=(path.name,), student=match["student"], lms_id=match["id"], online_text=True)
                )


def recognise(root: str | Path, *, known: Sequence[str], exclude: Iterable[Path] = ()) -> ClassLayout:
    """Every submission of ROOT and every item skipped, with the layouts they came in (`known`:
    the files of the course, `grader.course.course.known_files`, by which a student's folder is told
    from an output folder and a folder's lone archive from its files)."""
    found = _Recognition(known, {p.resolve() for p in exclude})
    items = sorted(Path(root).iterdir(), key=lambda p: p.name)
    for path in items:
        found.add_item(path)
    found.add_canvas_students()
    found.add_moodle_texts()
    return ClassLayout(
        layouts=tuple(kind for kind, _ in found.kinds.most_common()),
        entries=tuple(_unique([_readable_entry(e) for e in found.entries])),
        skipped=tuple(sorted((Skipped(readable(s.name), readable(s.reason)) for s in found.skipped), key=lambda s: s.name)),
        items=len(items),
    )


def readable(name: str) -> str:
    """A file name as text that can be written anywhere (JSON, CSV, HTML): a name that is not UTF-8
    (a zip unpacked from a Windows machine in GBK, say) keeps its odd bytes as ``\\xe9`` escapes
    instead of the surrogates Python reads them as, which no UTF-8 file can hold."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _readable_entry(entry: Entry) -> Entry:
    from dataclasses import replace

    return replace(
        entry, name=readable(entry.name), student=readable(entry.student), lms_id=readable(entry.lms_id),
        sources=tuple(readable(s) for s in entry.sources),
    )


def _unique(entries: list[Entry]) -> list[Entry]:
    """Entries sorted by name, each name unique and none a batch file's (``alice`` and ``alice.zip``)."""
    from dataclasses import replace

    taken: set[str] = set()
    result: list[Entry] = []
    # folders first, so that a folder keeps its name beside an archive of the same stem
    for entry in sorted(entries, key=lambda e: (e.kind == ARCHIVE, e.name)):
        name = entry.name
        if entry.kind == ARCHIVE and name in taken:
            name = readable(entry.path.name)
        if name.lower() in RESERVED_NAMES or name in taken or not name or ignored_name(name):
            name = f"{name}_{len(result)}"
        taken.add(name)
        result.append(replace(entry, name=name))
    return sorted(result, key=lambda e: e.name)


def _copy_bounded(source: Path, destination: Path) -> None:
    """Copy a regular file of ROOT, never through a link, at most one byte past the size limit
    (so that the submission still refuses it as too large, as it would in a folder)."""
    fd = os.open(source, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            return
        data = handle.read(MAX_FILE_BYTES + 1)
    destination.write_bytes(data)


@contextmanager
def materialized(entry: Entry) -> Iterator[Path]:
    """The folder to grade for `entry`: the student's folder itself, or a private temporary one
    (an archive unpacked safely, a Canvas student's files under their own names) removed afterwards.

    Raises `UnsafeZip` when an archive is refused.
    """
    if entry.kind == ARCHIVE:
        with unpacked(entry.path) as path:
            yield path
    elif entry.kind == FILES:
        scratch = Path(tempfile.mkdtemp(prefix="grader-files-"))
        try:
            for name, source in entry.files:
                if "/" in name or name in ("", ".", ".."):
                    continue
                try:
                    _copy_bounded(source, scratch / name)
                except OSError:
                    continue  # gone or unreadable: the submission says the file is missing
            yield scratch
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    else:
        yield entry.path  # grading finds the folder the files may be wrapped in
