"""What a report says before the details, computed once for every format.

The templates place these values; deciding them lives here so that the text,
Markdown and HTML reports agree: where the points went (`lost_points`), which
parts a file-level failure explains on its own (`file_failure`), and which
entries of an expected-versus-yours table differ (`array_difference`).
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass, replace

from grader.presentation.labels import label
from grader.presentation.mistakes import mistake_text
from grader.presentation.safe_text import one_line
from grader.results.formatting import number
from grader.results.i18n import render
from grader.results.models import ArrayPreview, GradingResult, PartResult, ProblemResult

#: A reason in the summary is cut to about this many columns (a CJK character counts two).
REASON_WIDTH = 72


@dataclass(frozen=True)
class LostPoints:
    """One line of the summary: a part (or a whole problem) that lost points."""

    problem: str
    """The problem id."""

    part: str | None
    """The part id, or None when the problem as a whole lost its points (missing, not gradable)."""

    points: float
    """Points lost."""

    reason: str
    """Why, in a few words, in the report's language."""

    anchor: str
    """The id of the detail's element in the HTML report (link target ``#anchor``)."""

    parts: tuple[str, ...] = ()
    """For a file-level failure (`part` None): the parts it cost points, summed up in one line."""

    part_title: str = ""
    """The part as the report names it ("Answer (b)"), or "n functions" for a file-level failure."""

    problems: tuple[str, ...] = ()
    """Further problems that lost points to the same failure (one missing answers.md costs every
    derivation problem): summed into this line, which then names no part."""

    @property
    def problem_ids(self) -> tuple[str, ...]:
        """The problem and the further ones of `problems`, in order."""
        return (self.problem,) + tuple(self.problems)


@dataclass(frozen=True)
class FileFailure:
    """A failure of a whole file (missing, broken, timed out at import), said once per problem."""

    sentence: str
    """The failure in words (the problem's error)."""

    parts: tuple[str, ...]
    """The parts (functions) it alone explains; their own repetitions of it are left out."""

    titles: tuple[str, ...] = ()
    """The same parts as the report names them ("Answer (a)", "affine_forward")."""


@dataclass(frozen=True)
class LargestDifference:
    """The entry of a shown excerpt where yours is farthest from the expected value."""

    row: int
    column: int
    expected: float
    got: float
    difference: float
    """|expected - got| (inf where one of them is not finite and the other is)."""


@dataclass(frozen=True)
class ArrayDifference:
    """Which shown entries of an expected-versus-yours pair differ."""

    differs: tuple[tuple[bool, ...], ...]
    """Per entry of the student's excerpt: True where it differs from the expected entry at the same place."""

    largest: LargestDifference | None
    """The largest difference, if any shown entry differs."""


def display_width(text: str) -> int:
    """Columns `text` takes on a terminal: wide and full-width (CJK) characters count two,
    combining marks none."""
    if text.isascii():
        return len(text)
    return sum(map(_char_width, text))


@functools.lru_cache(maxsize=8192)
def _char_width(char: str) -> int:
    # a Chinese report measures the same few hundred characters over and over
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def pad(text: object, width: int, right: bool = False) -> str:
    """`text` padded with spaces to `width` terminal columns (on the left if `right`)."""
    try:
        return _padded(str(text), width, right)
    except TypeError:  # a width that is no key (not hashable) is no width either: as before
        return _pad(str(text), width, right)


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * max(0, width - display_width(text))
    return fill + text if right else text + fill


#: A text report pads the same ids, part names and scores in every report: each width is measured once.
_padded = functools.lru_cache(maxsize=4096)(_pad)


_CLAUSE_END = re.compile(r"(?<=\S)(?:[:;]\s|\.\s|[：；。]|\.$)")

#: Feedback that the derivation's own listing says again at the line it is about (HTML, Markdown).
SAID_AT_THE_LINE = frozenset({"derivation.first_invalid", "derivation.first_unreadable", "derivation.counterexample"})


def short_reason(sentence: str, width: int = REASON_WIDTH) -> str:
    """The first clause of `sentence`, cut to about `width` columns."""
    try:
        return _short_reason(sentence, width)
    except TypeError:  # not hashable: no sentence of ours, measured as it is
        return _short_reason.__wrapped__(sentence, width)


@functools.lru_cache(maxsize=4096)
def _short_reason(sentence: str, width: int) -> str:
    # the summary of every report cuts the same sentences again: each is measured once
    text = one_line(sentence)
    match = _first_clause_end(text)
    if match:
        text = text[: match.start()].rstrip(" ,，")
    if display_width(text) > width:
        text = text[: _fitting(text, width - 1)].rstrip() + "…"
    return text


def _first_clause_end(text: str) -> re.Match | None:
    """The first end of a clause at least 8 columns into `text` (its width summed once, in order)."""
    if text.isascii():
        return next((m for m in _CLAUSE_END.finditer(text) if m.start() >= 8), None)
    measured = 0  # characters of text measured so far
    columns = 0
    for match in _CLAUSE_END.finditer(text):
        columns += display_width(text[measured: match.start()])
        measured = match.start()
        if columns >= 8:
            return match
    return None


def _fitting(text: str, columns: int) -> int:
    """How many characters of `text`, from its start, fit into `columns` terminal columns
    (every character that takes none included): widths are summed once, not per cut."""
    if text.isascii():
        return max(0, min(len(text), columns))
    used = 0
    fits = 0
    for index, char in enumerate(text):
        used += _char_width(char)
        if used > columns:
            break
        fits = index + 1
    return fits


def part_title(part: PartResult, lang: str) -> str:
    """A part as a reader names it: "Answer (b)", "Derivation", or the function's name."""
    try:
        return _part_title(part.id, lang)
    except TypeError:  # an id that is no key
        return _part_title.__wrapped__(part.id, lang)


@functools.lru_cache(maxsize=1024)
def _part_title(part_id: str, lang: str) -> str:
    # every report names every part (the text report twice): the name depends on the id alone
    if part_id == "answer":
        return label("part.answer", lang)
    if part_id.startswith("answer-"):
        return label("part.answer_labeled", lang, label=part_id[len("answer-"):])
    if part_id == "derivation":
        return label("part.derivation", lang)
    return part_id


def _mistake_sentence(mistake: str, problem: ProblemResult, lang: str) -> str:
    return mistake_text(mistake, lang, problem.id)


def _part_reason(problem: ProblemResult, part: PartResult, lang: str, failure: FileFailure | None) -> str:
    if failure is not None and part.id in failure.parts:
        return short_reason(failure.sentence)
    if part.mistakes:
        return short_reason(_mistake_sentence(part.mistakes[0], problem, lang))
    if part.invalid_line is not None:
        where = label("first_invalid", lang, number=part.invalid_line)
        line = next((line for line in part.lines if line.number == part.invalid_line), None)
        why = None
        if line is not None:
            why = line.error or next((link.reason for link in line.links if link.valid is False and link.reason), None)
        if why is None:
            return where
        return label("reason_with_detail", lang, what=where, detail=short_reason(render(why, lang), REASON_WIDTH // 2))
    failed = [check for check in part.checks if not check.passed]
    if failed:
        names = [render(check.name, lang) for check in failed]
        more = label("more_checks", lang, count=len(names) - 1) if len(names) > 1 else ""
        return short_reason(names[0]) + more
    if part.feedback:
        return short_reason(render(part.feedback[0], lang))
    return label("lost_points", lang, points=number(part.max_score - part.score))


def anchor(problem_id: str, part_id: str | None = None) -> str:
    """The HTML id of a problem's section or of one of its parts."""
    return f"problem-{problem_id}" if part_id is None else f"part-{problem_id}-{part_id}"


def lost_points(result: GradingResult, lang: str = "en", failures: dict | None = None) -> tuple[LostPoints, ...]:
    """Every part that lost points, in course order (a problem without parts as one line).
    `failures` keeps each problem's `file_failure` for whoever asks again."""
    failures = {} if failures is None else failures
    lines: list[LostPoints] = []
    said: dict[str, int] = {}  # a problem-level sentence -> its line, which later problems join

    def problem_line(problem: ProblemResult, sentence: str | None, line: LostPoints) -> None:
        if sentence is not None and sentence in said:
            first = lines[said[sentence]]
            lines[said[sentence]] = replace(first, points=first.points + line.points, part=None, parts=(), part_title="", problems=first.problems + (problem.id,))
            return
        if sentence is not None:
            said[sentence] = len(lines)
        lines.append(line)

    for problem in result.problems:
        if not problem.parts:
            lost = problem.max_score - problem.score
            if lost > 1e-9:
                sentence = render(problem.error, lang) if problem.error else None
                reason = short_reason(sentence) if sentence else label(f"status.{problem.status}", lang)
                problem_line(problem, sentence, LostPoints(problem.id, None, lost, reason, anchor(problem.id)))
            continue
        if problem.id not in failures:
            failures[problem.id] = file_failure(problem, lang)
        failure = failures[problem.id]
        if failure is not None:
            lost = sum(part.max_score - part.score for part in problem.parts if part.id in failure.parts)
            count = label("functions_count" if problem.kind == "code" else "parts_count", lang, count=len(failure.parts))
            line = LostPoints(problem.id, None, lost, short_reason(failure.sentence), anchor(problem.id) + "-error", failure.parts, count)
            problem_line(problem, failure.sentence, line)
        for part in problem.parts:
            if failure is not None and part.id in failure.parts:
                continue
            lost = part.max_score - part.score
            if lost > 1e-9:
                reason = _part_reason(problem, part, lang, failure)
                lines.append(LostPoints(problem.id, part.id, lost, reason, anchor(problem.id, part.id), part_title=part_title(part, lang)))
    return tuple(lines)


def _failed_sentences(part: PartResult, lang: str) -> list[str]:
    return [render(check.message, lang) for check in part.checks if not check.passed and check.message is not None]


def _explained_by(part: PartResult, sentence: str, lang: str) -> bool:
    """Whether the file's failure (`sentence`) alone explains what `part` lost: each failed check
    gives that reason, or (no check failed) its feedback says it, and it says nothing of its own."""
    if part.score >= part.max_score or part.mistakes:
        return False
    if any(render(m, lang) != sentence and m.key != "codecheck.function_failed" for m in part.feedback):
        return False  # a sentence of its own besides the "n of m checks failed" count
    failed = [check for check in part.checks if not check.passed]
    if failed:
        reasons = _failed_sentences(part, lang)
        return len(reasons) == len(failed) and all(r == sentence for r in reasons)
    return any(render(m, lang) == sentence for m in part.feedback)


def file_failure(problem: ProblemResult, lang: str = "en") -> FileFailure | None:
    """The problem's file-level failure and the parts it alone explains (`_explained_by`), or None."""
    if problem.error is None or not problem.parts:
        return None
    sentence = render(problem.error, lang)
    explained = [part.id for part in problem.parts if _explained_by(part, sentence, lang)]
    if not explained:
        return None
    titles = tuple(part_title(part, lang) for part in problem.parts if part.id in explained)
    return FileFailure(sentence, tuple(explained), titles)


def array_difference(expected: ArrayPreview | None, got: ArrayPreview | None) -> ArrayDifference | None:
    """Where the student's excerpt differs from the expected one (same places, same tolerance
    as people read a table: relative 1e-6), and the largest difference."""
    if expected is None or got is None:
        return None
    marks: list[tuple[bool, ...]] = []
    largest: tuple[int, int, float, float, float] | None = None
    for i, row in enumerate(got.values):
        try:
            wants = expected.values[i]
        except (IndexError, TypeError):
            marks.append(tuple(False for _ in row))  # nothing expected there: no entry of the row is marked
            continue
        row_marks = []
        for j, value in enumerate(row):
            try:
                want = float(wants[j])
                have = float(value)
            except (IndexError, TypeError, ValueError):
                row_marks.append(False)
                continue
            # numpy.isclose's rule (relative 1e-6, absolute 1e-12; NaN equals NaN, an infinity only
            # itself) without numpy's per-call cost, written out: it runs for every entry of every table
            if have == want:
                row_marks.append(False)
                continue
            if math.isnan(have) or math.isnan(want):  # NaN: the same only as NaN
                same = math.isnan(have) and math.isnan(want)
            elif math.isinf(have) or math.isinf(want):
                same = False  # an infinity is close only to itself, and they are not equal
            else:
                same = abs(have - want) <= 1e-12 + 1e-6 * abs(want)
            row_marks.append(not same)
            if same:
                continue
            gap = abs(have - want) if math.isfinite(have) and math.isfinite(want) else math.inf
            if largest is None or gap > largest[4]:
                largest = (i, j, want, have, gap)  # the dataclass made once, at the end
        marks.append(tuple(row_marks))
    return ArrayDifference(tuple(marks), None if largest is None else LargestDifference(*largest))


def repeated_failures(result: GradingResult, lang: str = "en") -> dict[str, str]:
    """Problems whose error is, word for word, an earlier problem's: problem id -> that earlier
    problem's id.  The report says the sentence at the first and refers to it after."""
    first: dict[str, str] = {}
    repeats: dict[str, str] = {}
    for problem in result.problems:
        if problem.error is None:
            continue
        sentence = render(problem.error, lang)
        if sentence in first:
            repeats[problem.id] = first[sentence]
        else:
            first[sentence] = problem.id
    return repeats
