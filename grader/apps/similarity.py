"""Similar submissions across a class, for a person to look at after the deadline.

Code is compared by winnowing (Schleimer, Wilkerson and Aiken's fingerprinting, as MOSS does)
over Python tokens: the standard library's `tokenize` reads each contract file (never running
it), every identifier becomes ``V``, every number ``0`` and string ``S`` (renaming variables
and changing constants hides nothing), attribute names stay (``.reshape``, ``.T``: the calls
are what a solution is made of), comments and layout are dropped.  Hashes of K consecutive
tokens are taken, and the smallest of every W consecutive hashes is a fingerprint.  We do this
ourselves rather than with copydetect: its tokens come from Pygments, which keeps no
difference between an attribute and a variable, its report is its own page, and its
boilerplate filter works on whole files; ours removes every fingerprint of the course's
starter files (the signatures and docstrings every student was given) and every fingerprint
that more than half of the class shares (what the task itself dictates), and reports in the
grader's own format.

Derivations are compared on parsed math: each display-math line of answers.md is read with the
grader's own parser (`grader.mathparse`) and printed back by SymPy, so that spacing, ``\\left(``,
``\\cdot`` or ``\\times`` do not matter; a line the parser cannot read is compared as its
whitespace-free text.  Lines more than half of the class wrote are dropped, as are very short ones.

The score of a pair is the share of the smaller side's fingerprints (lines) that the other side
has too.  Pairs are found through an index of who has which fingerprint, so a large class is not
compared pair by pair.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import keyword
import re
import tokenize
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from grader.reading.submission import ANSWERS_FILE, Submission, SubmissionFileError, find_root

#: Tokens in one hashed k-gram, and hashes in one winnowing window.
K_TOKENS = 12
WINDOW = 6
#: A fingerprint (or line) more than this share of the class has is what the task dictates.
COMMON_SHARE = 0.5
#: Shorter normalized derivation lines are not evidence (``x = y``).
MIN_LINE_CHARS = 10
#: What changes how math looks, not what it says (for lines the parser cannot read).
_TYPOGRAPHY = re.compile(r"\\(left|right|big+l?r?|Big+l?r?|cdot|,|;|!|quad|qquad)(?![A-Za-z])|[{}]")

#: A pair needs at least this many shared fingerprints (lines) to be listed.
MIN_SHARED_CODE = 4
MIN_SHARED_LINES = 3


@dataclass(frozen=True)
class Fingerprint:
    """One selected hash of a file, and the lines its tokens span."""

    hash: int
    """The k-gram's hash."""
    file: str
    """The contract file (``backprop.py``)."""
    first_line: int
    """1-based line of the k-gram's first token."""
    last_line: int
    """1-based line of its last token."""


@dataclass(frozen=True)
class Work:
    """What one submission is compared by."""

    name: str
    """The submission's name."""
    code: tuple[Fingerprint, ...]
    """The code's fingerprints (starter code's removed)."""
    sources: Mapping[str, str]
    """Each contract file's text (for the side-by-side view)."""
    lines: Mapping[str, str]
    """Normalized derivation line -> the line as the student wrote it."""


def code_tokens(text: str) -> list[tuple[str, int]]:
    """(normalized token, line) of Python source; reading stops quietly at a tokenizer error."""
    tokens: list[tuple[str, int]] = []
    previous = ""
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            kind, value = token.type, token.string
            if kind in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER, tokenize.ENCODING):
                continue
            if kind == tokenize.NAME:
                value = value if keyword.iskeyword(value) or previous == "." else "V"
            elif kind == tokenize.NUMBER:
                value = "0"
            elif kind == tokenize.STRING or kind == getattr(tokenize, "FSTRING_START", -1):
                value = "S"
            tokens.append((value, token.start[0]))
            previous = token.string
    except (tokenize.TokenError, IndentationError, SyntaxError, ValueError):
        pass
    return tokens


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


def winnow(tokens: Sequence[tuple[str, int]], file: str, k: int = K_TOKENS, window: int = WINDOW) -> list[Fingerprint]:
    """The winnowed fingerprints of a token sequence (the rightmost smallest hash of each window)."""
    grams = [(_hash(" ".join(t for t, _ in tokens[i : i + k])), tokens[i][1], tokens[i + k - 1][1]) for i in range(len(tokens) - k + 1)]
    if not grams:
        return []
    chosen: dict[int, Fingerprint] = {}
    for start in range(max(1, len(grams) - window + 1)):
        span = grams[start : start + window]
        low = min(range(len(span)), key=lambda i: (span[i][0], -i))
        h, first, last = span[low]
        chosen.setdefault(start + low, Fingerprint(h, file, first, last))
    return list(chosen.values())


def derivation_lines(text: str) -> dict[str, str]:
    """Normalized display-math line -> as written, over every section of answers.md."""
    from grader.mathparse import parse_line
    from grader.reading.answers_md import read_answers_document

    lines: dict[str, str] = {}
    for section in read_answers_document(text).sections:
        for line in section.derivation:
            source = line.text.strip()
            try:
                parsed = parse_line(source)
                relations = (*parsed.relations, "")
                normalized = (parsed.leading_relation or "") + "".join(f"{term}{rel}" for term, rel in zip(parsed.terms, relations))
            except Exception:  # unreadable math: its text without spacing, sizing and grouping
                normalized = "".join(_TYPOGRAPHY.sub("", source).split())
            if len(normalized) >= MIN_LINE_CHARS:
                lines.setdefault(normalized, source)
    return lines


def starter_hashes() -> set[int]:
    """Fingerprints of the starter files every student was given."""
    from grader.apps.kit import starter_files

    hashes: set[int] = set()
    for name, text in starter_files().items():
        if name.endswith(".py"):
            hashes |= {f.hash for f in winnow(code_tokens(text), name)}
    return hashes


def read_work(name: str, folder: Path, starter: set[int], files: Sequence[str] | None = None) -> Work:
    """A submission's code and derivation lines (`files`: the course's, `grader.course.course.known_files`;
    the default course's when not given)."""
    if files is None:
        from grader.course.course import known_files

        files = known_files()
    submission = Submission(find_root(folder, known=files))
    sources: dict[str, str] = {}
    code: list[Fingerprint] = []
    for file in files:
        if file == ANSWERS_FILE:
            continue
        try:
            text = submission.read_text(file)
        except SubmissionFileError:
            continue
        sources[file] = text
        code.extend(f for f in winnow(code_tokens(text), file) if f.hash not in starter)
    try:
        lines = derivation_lines(submission.read_text(ANSWERS_FILE))
    except SubmissionFileError:
        lines = {}
    return Work(name, tuple(code), sources, lines)


@dataclass(frozen=True)
class Region:
    """Lines of one file of each side that share fingerprints."""

    file: str
    """The contract file."""
    left: tuple[int, int]
    """First and last line on the left side."""
    right: tuple[int, int]
    """First and last line on the right side."""


@dataclass(frozen=True)
class Pair:
    """Two submissions and how much of their work they share."""

    left: str
    """One submission's name (the first in name order)."""
    right: str
    """The other's."""
    code: float
    """Share of the smaller side's code fingerprints the other has too (0 to 1)."""
    derivations: float
    """Share of the smaller side's derivation lines the other wrote too (0 to 1)."""
    regions: tuple[Region, ...] = ()
    """The matching code, by file, merged into line ranges."""
    shared_lines: tuple[tuple[str, str], ...] = ()
    """The derivation lines both wrote (as each wrote them)."""

    @property
    def score(self) -> float:
        return max(self.code, self.derivations)


@dataclass(frozen=True)
class SimilarityReport:
    """The most similar pairs of a class."""

    pairs: tuple[Pair, ...]
    """Most similar first."""
    works: Mapping[str, Work] = field(default_factory=dict)
    """Every submission compared, by name."""
    dropped_common: int = 0
    """Fingerprints and lines dropped because more than half of the class has them."""


def _common(sets: Iterable[set], count: int) -> set:
    tally: Counter = Counter()
    for items in sets:
        tally.update(items)
    if count < 4:
        return set()
    return {item for item, n in tally.items() if n > COMMON_SHARE * count}


def _regions(left: Work, right: Work, shared: set[int], limit: int = 12) -> tuple[Region, ...]:
    """Matching fingerprints paired by hash, merged where both sides run on (a few lines apart)."""
    regions: list[Region] = []
    for file in left.sources:  # the code files the left one holds, in course order (only those can match)
        on_left = {f.hash: f for f in left.code if f.file == file and f.hash in shared}
        on_right = {f.hash: f for f in right.code if f.file == file and f.hash in shared}
        matches = sorted(
            (on_left[h].first_line, on_left[h].last_line, on_right[h].first_line, on_right[h].last_line) for h in on_left.keys() & on_right.keys()
        )
        merged: list[list[int]] = []
        for lf, ll, rf, rl in matches:
            last = merged[-1] if merged else None
            if last and lf <= last[1] + 2 and last[2] - 2 <= rf <= last[3] + 2:
                last[1], last[3] = max(last[1], ll), max(last[3], rl)
            else:
                merged.append([lf, ll, rf, rl])
        regions.extend(Region(file, (lf, ll), (rf, rl)) for lf, ll, rf, rl in merged)
    return tuple(regions[:limit])


def compare(works: Sequence[Work], top: int = 50) -> SimilarityReport:
    """The `top` most similar pairs (see the module's docstring)."""
    code_sets = {w.name: {f.hash for f in w.code} for w in works}
    line_sets = {w.name: set(w.lines) for w in works}
    common_code = _common(code_sets.values(), len(works))
    common_lines = _common(line_sets.values(), len(works))
    code_sets = {n: s - common_code for n, s in code_sets.items()}
    line_sets = {n: s - common_lines for n, s in line_sets.items()}
    shared_code: Counter = Counter()
    shared_lines: Counter = Counter()
    for sets, tally in ((code_sets, shared_code), (line_sets, shared_lines)):
        owners: dict = defaultdict(list)
        for name, items in sets.items():
            for item in items:
                owners[item].append(name)
        for names in owners.values():
            for pair in itertools.combinations(sorted(names), 2):
                tally[pair] += 1
    by_name = {w.name: w for w in works}
    pairs = []
    for a, b in set(shared_code) | set(shared_lines):
        code = shared_code[(a, b)] / max(1, min(len(code_sets[a]), len(code_sets[b]))) if shared_code[(a, b)] >= MIN_SHARED_CODE else 0.0
        lines = shared_lines[(a, b)] / max(1, min(len(line_sets[a]), len(line_sets[b]))) if shared_lines[(a, b)] >= MIN_SHARED_LINES else 0.0
        if code or lines:
            pairs.append((a, b, code, lines))
    pairs.sort(key=lambda p: (-max(p[2], p[3]), p[0], p[1]))
    result = []
    for a, b, code, lines in pairs[:top]:
        common = code_sets[a] & code_sets[b]
        both = sorted(line_sets[a] & line_sets[b])
        result.append(
            Pair(a, b, code, lines, _regions(by_name[a], by_name[b], common), tuple((by_name[a].lines[n], by_name[b].lines[n]) for n in both))
        )
    return SimilarityReport(tuple(result), by_name, len(common_code) + len(common_lines))


def similarity_of_class(root: str | Path, top: int = 50, exclude: Sequence[Path] = ()) -> SimilarityReport:
    """Read every submission of ROOT (any layout, archives unpacked safely, notebooks read) and compare."""
    from grader.apps.course_notebooks import course_notebook_view
    from grader.course.course import known_files
    from grader.reading.layouts import materialized, recognise
    from grader.reading.zipsafe import UnsafeZip

    starter = starter_hashes()
    files = known_files()
    works = []
    for entry in recognise(root, exclude=exclude, known=files).entries:
        try:
            with materialized(entry) as unpacked, course_notebook_view(unpacked) as folder:
                works.append(read_work(entry.name, folder, starter, files))
        except UnsafeZip:
            continue  # a refused archive has nothing to compare (grade batch says why)
    return compare(works, top)


def side_by_side(report: SimilarityReport, pair: Pair, context: int = 2) -> list[dict]:
    """For the HTML page: each region's lines of both sides, matching ones marked."""
    views = []
    for region in pair.regions:
        sides = []
        for name, (first, last) in ((pair.left, region.left), (pair.right, region.right)):
            text = report.works[name].sources.get(region.file, "").splitlines()
            start, end = max(1, first - context), min(len(text), last + context)
            sides.append([{"number": n, "text": text[n - 1], "match": first <= n <= last} for n in range(start, end + 1)][:400])
        views.append({"file": region.file, "left": sides[0], "right": sides[1]})
    return views


def render_html(report: SimilarityReport, lang: str = "en") -> str:
    from grader import __version__
    from grader.presentation.render import render_template

    pairs = [{"pair": p, "views": side_by_side(report, p)} for p in report.pairs]
    return render_template("similarity.html.j2", lang, report=report, pairs=pairs, count=len(report.works), grader_version=__version__)


from grader.results.i18n import define  # noqa: E402  (the page's words, beside the code that fills it)

define(
    {
        "ui.similarity.title": ("Similar submissions", "相似的提交"),
        "ui.similarity.counts": ("{count} submissions compared; the {pairs} most similar pairs.", "比较了 {count} 份提交；列出最相似的 {pairs} 对。"),
        "ui.similarity.method": (
            ("Code: winnowed fingerprints of Python tokens (names and numbers normalized), the starter code and what more than half of the class shares removed. "
            "Derivations: display-math lines parsed and printed back, lines more than half of the class wrote removed. "
            "A percentage is the share of the smaller side found in the other. Similar is not copied: a person decides."),
            ("代码：Python 词法单元的 winnowing 指纹（名称与数字已规范化），已去除起始代码和半数以上学生共有的部分。"
            "推导：解析后重新打印的公式行，已去除半数以上学生都写出的行。百分比是较小一方在另一方中出现的比例。相似不等于抄袭：由人来判断。"),
        ),
        "ui.similarity.code": ("Code", "代码"),
        "ui.similarity.derivations": ("Derivations", "推导"),
        "ui.similarity.shared_lines": ("Derivation lines both wrote", "双方都写出的推导行"),
    }
)
