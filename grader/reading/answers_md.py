"""Reading a student's answers.md into sections, answer lines and derivation lines.

The reader follows the course contract (ASSIGNMENT.md section 2) and is
lenient wherever a student would expect it to be: it turns text into plain
strings with positions and never parses math.  It never raises for any
text: whatever it cannot make sense of is prose, and whatever it had to
give up on is reported as a warning `Message`.

A first pass blanks front matter, fenced code and HTML comments (keeping
line numbers); then one pass over the lines finds headings and answer lines,
and each display block is read from the whole text at once, up to its
closing delimiter or the next section, whichever comes first.

This module holds the results and the pass over the lines; what each kind of
line or block means is in `grader.reading`: `answers_text` (the prepared
lines), `answers_headings`, `answer_lines`, `display_math` and `block_prose`
(what the sentence before a block says about it). The reader is our own, not
a CommonMark parser: the README ("Dependencies") says which readings
CommonMark would change.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from itertools import accumulate

from grader.reading.answer_lines import ANSWER, ANSWER_HEADING, MATH_START, TRAILING_PUNCTUATION, inline_math, plain
from grader.reading.answers_headings import DECORATION, HEADING_WORD, NOT_PARAGRAPH, SECTION_BREAK, SETEXT, heading_id, heading_level, heading_text
from grader.reading.answers_text import MAX_CHARS, MAX_LINES, blank_ignored, next_line_of, normalized_lines
from grader.reading.author_macros import expanded_lines
from grader.reading.block_prose import MAX_GIVEN, block_condition, label_assumption, stated_equations
from grader.reading.display_math import CLOSERS, INLINE_TOKEN, block_content, closing, find_opener, opens_at_start, split_block
from grader.reading.known_macros import well_known_note
from grader.reading.named_letters import MAX_NAMED, named_letters
from grader.results.i18n import define
from grader.results.models import Message

__all__ = ["MAX_CHARS", "MAX_LINES", "AnswerLine", "AnswersDocument", "Section", "SourceLine", "read_answers_document"]

#: Beyond these limits the rest is ignored with a warning (a real answers.md is far smaller;
#: MAX_CHARS and MAX_LINES, for the whole text, are those of `grader.reading.answers_text`).
MAX_BLOCK_LINES = 20_000
MAX_BLOCKS = 10_000
MAX_DERIVATION_LINES = 20_000  # per section
MAX_DOCUMENT_LINES = 100_000
MAX_WARNINGS_OF_A_KIND = 10

define(
    {
        "answers.duplicate_section": (
            "answers.md has a second section '## {problem}' (line {line}); only the one at line {first_line} is graded.",
            "answers.md 中第 {line} 行又出现了 “## {problem}” 一节；只评第 {first_line} 行的那一节。",
        ),
        "answers.duplicate_answer": (
            "Section '{problem}' has a second '{answer}:' line (line {line}); only the one at line {first_line} counts.",
            "“{problem}” 一节第 {line} 行又有一行 “{answer}:”；只计第 {first_line} 行的那一行。",
        ),
        "answers.truncated": (
            "answers.md is too long; everything after line {line} was ignored.",
            "answers.md 过长；第 {line} 行之后的内容被忽略。",
        ),
        "answers.block_truncated": (
            "The display-math block at line {line} has more than {limit} lines; the rest of it was ignored.",
            "第 {line} 行开始的公式块超过 {limit} 行；其余部分被忽略。",
        ),
        "answers.too_many_blocks": (
            "answers.md has more than {limit} display-math blocks; the rest were ignored.",
            "answers.md 中的公式块超过 {limit} 个；其余的被忽略。",
        ),
        "answers.too_many_lines": (
            "Section '{problem}' has more than {limit} derivation lines; the rest were ignored.",
            "“{problem}” 一节的推导超过 {limit} 行；其余的被忽略。",
        ),
        "answers.document_too_many_lines": (
            "answers.md has more than {limit} derivation lines; the rest were ignored.",
            "answers.md 中的推导超过 {limit} 行；其余的被忽略。",
        ),
        "answers.unclosed_math": (
            "The display math opened at line {line} is never closed; it was read up to the next section.",
            "第 {line} 行开始的公式块没有闭合；已读到下一节为止。",
        ),
        "answers.unclosed_fence": (
            "The code block opened at line {line} is never closed; it was ignored up to the next section.",
            "第 {line} 行开始的代码块没有闭合；直到下一节为止的内容被忽略。",
        ),
        "answers.unclosed_comment": (
            "The HTML comment opened at line {line} is never closed; it was ignored up to the next section.",
            "第 {line} 行开始的 HTML 注释没有闭合；直到下一节为止的内容被忽略。",
        ),
        "answers.heading_read_as": (
            ("The heading '{heading}' (line {line}) was read as the start of problem {problem}; "
            "the contract asks for a level-2 heading whose first word is the id: '## {problem}'."),
            ("第 {line} 行的标题 “{heading}” 被当作题目 {problem} 的开始；"
            "按约定应写成第一个词为题号的二级标题：“## {problem}”。"),
        ),
        "answers.unreadable": (
            "answers.md could not be read ({error}).",
            "无法读取 answers.md（{error}）。",
        ),
    }
)


@dataclass(frozen=True)
class AnswerLine:
    """A line that starts with `Answer:` (or `Answer (a):`, `答案：`, ...)."""

    label: str
    """``""`` for `Answer:`, ``"a"``/``"b"``/... for `Answer (a):`."""

    math: str
    """The math of the line (several ``$...$`` joined by a space), or the rest of the line; stripped."""

    line: int
    """1-based line number in the file."""


@dataclass(frozen=True)
class SourceLine:
    """One derivation line: a piece of a display block between top-level ``\\\\``."""

    number: int
    """1-based over the section's derivation lines (the contract's counting)."""

    text: str
    """The piece, with alignment ``&``, environment markers, tags and labels removed; whitespace collapsed."""

    block: int
    """1-based index of the display block in the section."""

    file_line: int
    """1-based line of the file where the piece starts."""

    condition: str = ""
    """An index condition stated in the sentence just before the piece's display block ("If
    $k = i$:", "for $k \\neq i$ we get", "当 $k=i$ 时"), as math (``k = i``); "" if none."""

    assumption: str = ""
    """One-hot labels the section's prose assumed before the piece's block ("$Y_j = 1$ and the
    others 0", ``$Y = [0, \\cdots, 1, \\cdots, 0]$`` with ``Y_j`` written), as math (``Y_j = 1``);
    "" if none. It holds from that prose to the end of the section."""

    given: tuple[str, ...] = ()
    """Equations the section's prose states in inline math before the piece's block, in order
    (``$S = \\sum_{j=1}^K e^{z_j}$``): the author may define a name there (read by the checker)."""

    named: tuple[tuple[str, str], ...] = ()
    """The letters the section's prose named the label or the prediction before the piece's block
    ("$\\hat y$ denotes the true label"), as ``(name, role)`` (``("hat_y", "label")``; see `named_letters`)."""


@dataclass(frozen=True)
class Section:
    """The part of answers.md under one level-2 heading."""

    id: str
    title: str
    line: int
    answers: tuple[AnswerLine, ...]
    derivation: tuple[SourceLine, ...]

    def answer(self, label: str = "") -> AnswerLine | None:
        """The answer line with this label (``""`` for a plain `Answer:`): the first one
        that has math, else the first one (an empty `Answer:` left from a template yields)."""
        label = label.strip().lower()
        matching = [a for a in self.answers if a.label == label]
        return next((a for a in matching if a.math), matching[0] if matching else None)


@dataclass(frozen=True)
class AnswersDocument:
    sections: tuple[Section, ...]
    warnings: tuple[Message, ...] = ()

    def section(self, problem_id: str) -> Section | None:
        problem_id = problem_id.strip().lower()
        return next((s for s in self.sections if s.id == problem_id), None)


def read_answers_document(text: str, problem_ids: tuple[str, ...] = ()) -> AnswersDocument:
    """Read answers.md; never raises for any str input (nor for bytes, which are decoded).

    `problem_ids`, the course's ids, let the reader be lenient about headings that name a
    problem in another way than the contract's `## id` (`## Problem ce-mle`, `# mle-mse`,
    `### softmax-ce-grad`); each such reading is reported as a warning of that problem.
    """
    if isinstance(text, (bytes, bytearray)):
        text = bytes(text).decode("utf-8", errors="replace")
    try:
        return _Reader(str(text), problem_ids).read()
    except Exception as exc:  # a bug of ours must not cost the student every other problem
        return AnswersDocument((), (Message("answers.unreadable", {"error": type(exc).__name__}),))



# --- The reader --------------------------------------------------------------------------------


class _SectionDraft:
    def __init__(self, id: str, title: str, line: int, lenient: bool = False):
        self.id, self.title, self.line = id, title, line
        self.lenient = lenient  # started by a heading that is not the contract's `## id`
        self.answers: list[list] = []  # [label, math, line]: math may still grow from a block
        self.blocks: list[list[tuple[str, int]]] = []
        self.conditions: list[str] = []  # per block: the condition its prose states, or ""
        self.heading = ""  # the condition of the case heading whose displays are being read, or ""
        self.assumptions: list[str] = []  # per block: the one-hot labels prose assumed so far, or ""
        self.given: list[tuple[str, ...]] = []  # per block: the equations prose stated so far
        self.named: list[tuple[tuple[str, str], ...]] = []  # per block: the letters prose named label or prediction so far
        self.start_offset = 0  # text offset where the section's own prose starts
        self.lines_left = MAX_DERIVATION_LINES  # derivation lines this section may still give
        self.flooded = False

    def build(self) -> Section:
        answers = tuple(
            AnswerLine(label, TRAILING_PUNCTUATION.sub("", math).strip(), line) for label, math, line in self.answers
        )
        numbered = (
            (index, text, file_line, condition, assumption, given, named)
            for index, (pieces, condition, assumption, given, named)
            in enumerate(zip(self.blocks, self.conditions, self.assumptions, self.given, self.named), start=1)
            for text, file_line in pieces
        )
        derivation = tuple(
            SourceLine(number, text, block, file_line, condition, assumption, given, named)
            for number, (block, text, file_line, condition, assumption, given, named) in enumerate(numbered, start=1)
        )
        return Section(self.id, self.title, self.line, answers, derivation)

    def is_empty(self) -> bool:
        return not self.answers and not any(self.blocks)

    def add_block(self, pieces: list[tuple[str, int]], condition: str, prose: str) -> None:
        """A display block's lines, with what the prose before it says: the condition of the
        sentence just before it, and the one-hot labels and equations the section stated so far."""
        self.blocks.append(pieces)
        self.conditions.append(condition)
        self.assumptions.append(label_assumption(prose, self.assumptions[-1] if self.assumptions else ""))
        self.given.append(((self.given[-1] if self.given else ()) + stated_equations(prose))[:MAX_GIVEN])
        self.named.append(((self.named[-1] if self.named else ()) + named_letters(prose))[:MAX_NAMED])


class _Reader:
    def __init__(self, text: str, problem_ids: tuple[str, ...] = ()):
        self.known_ids = frozenset(i.strip().lower() for i in problem_ids)
        self.warnings: list[Message] = []
        self._warned: dict[str, int] = {}
        self.lines = blank_ignored(normalized_lines(text, self.warnings), self._warn)
        macros = expanded_lines(self.lines)  # `\newcommand{\pd}[2]{...}`: the author's macros, expanded where used
        self.lines = macros.lines
        for refused in macros.refusals:
            self._warn(refused.key, {"name": refused.name, "line": refused.line})
        if macros.well_known:  # `\vw` without a definition: say once which reading was taken
            self._warn("answers.macros_well_known", well_known_note(macros.well_known))
        # Display blocks are read from the whole text at once, so a block costs no per-line work.
        self.text = "\n".join(self.lines)
        self.starts = [0, *accumulate(len(line) + 1 for line in self.lines)]
        self.breaks = [self._line_of(m.start()) for m in SECTION_BREAK.finditer(self.text)]
        self.sections: list[_SectionDraft] = []
        self.section: _SectionDraft | None = None
        self.blocks_read = 0
        self.last_block_end = 0  # text offset where the last display block closed
        self.document_lines_left = MAX_DOCUMENT_LINES
        self.paragraph_start: int | None = None  # first line of the current plain paragraph (a setext heading candidate)
        self.pending_answer: list | None = None  # an empty `Answer:` line whose math may be the display block just below

    def read(self) -> AnswersDocument:
        i = 0
        while i < len(self.lines):
            i = self._read_line(i)
        return AnswersDocument(self._built_sections(), tuple(self.warnings))

    def _read_line(self, i: int) -> int:
        """Read line `i`, and the lines a display block opened on it takes; the line to read next."""
        line = self.lines[i]
        if not line or line.isspace():
            self.paragraph_start = None
            return i + 1
        level = heading_level(line)
        answer_heading = (ANSWER.match(line) or ANSWER_HEADING.match(line)) if level else None
        if answer_heading:  # "## Answer: $x$" gives an answer; it does not start a problem
            return self._answer(answer_heading, i)
        if self._read_heading(line, level, i):
            return i + 1
        after = self._math_below_answer(line, i) if self.pending_answer is not None else None
        if after is not None:
            return after
        match = ANSWER.match(line)
        if match:
            return self._answer(match, i)
        after = self._scan(i, 0) if "$" in line or "\\" in line else None
        if after is not None:
            self.paragraph_start = None
            return after
        if self.paragraph_start is None and not level and not NOT_PARAGRAPH.match(line):
            self.paragraph_start = i
        return i + 1

    def _warn(self, key: str, params: dict) -> None:
        """Record a warning; a flood of the same one is cut to its first few."""
        self._warned[key] = self._warned.get(key, 0) + 1
        if self._warned[key] <= MAX_WARNINGS_OF_A_KIND:
            self.warnings.append(Message(key, params))

    def _line_of(self, offset: int) -> int:
        """The 0-based line holding a text offset."""
        return bisect.bisect_right(self.starts, offset) - 1

    def _section_end(self, i: int) -> int:
        """The text offset where the section holding line `i` ends (the next level-1/2 heading)."""
        return self.starts[next_line_of(self.breaks, i, len(self.lines))] - 1

    # -- headings --

    def _read_heading(self, line: str, level: int, i: int) -> bool:
        """Read the heading on line `i` (ATX, or the setext underline of the paragraph above);
        whether the line is done with (a level-1/2 or a setext heading, which end a paragraph)."""
        setext = SETEXT.match(line) if self.paragraph_start is not None else None
        if setext and self.paragraph_start is not None:
            text = " ".join(self.lines[j].strip() for j in range(self.paragraph_start, i))
            self._heading(1 if setext.group(1) else 2, text, self.paragraph_start + 1)
        elif level:
            self._heading(level, heading_text(line), i + 1)
        if setext or level in (1, 2):
            self.paragraph_start = self.pending_answer = None
            return True
        return False

    def _heading(self, level: int, text: str, line: int) -> None:
        if level == 2:
            id, title = heading_id(text)
            if id and (id in self.known_ids or not self.known_ids):
                self._start_section(id, title, line)
                return
        named = self._named_problem(text)
        # a lower heading names a problem only outside a section written as the contract says
        # (inside one, "### from ce-mle we know" is a sub-heading)
        if named and (level <= 2 or self.section is None or self.section.lenient) and (self.section is None or named != self.section.id):
            self._start_section(named, text.strip(), line, lenient=True)
            self._warn("answers.heading_read_as", {"problem": named, "heading": text.strip()[:80], "line": line})
        elif level <= 2:  # a level-1 or level-2 heading that names no problem of the course ends the section
            self.section = None
            if level == 2 and id:  # a section of a problem this course does not have is kept (never graded),
                self._start_section(id, title, line, lenient=True)  # and a heading below it may name one

    def _start_section(self, id: str, title: str, line: int, lenient: bool = False) -> None:
        self.section = _SectionDraft(id, title, line, lenient)
        self.section.start_offset = self.starts[min(max(line, 0), len(self.starts) - 1)]
        self.sections.append(self.section)

    def _named_problem(self, text: str) -> str | None:
        """The one course problem a heading names anywhere in it (None for none or several)."""
        if not self.known_ids:
            return None
        words = {w.strip(DECORATION).lower().replace("_", "-") for w in HEADING_WORD.findall(text[:2000])}
        named = self.known_ids & words
        return next(iter(named)) if len(named) == 1 else None

    def _built_sections(self) -> tuple[Section, ...]:
        chosen: dict[str, _SectionDraft] = {}
        for draft in self.sections:
            first = chosen.get(draft.id)
            if first is None:
                chosen[draft.id] = draft
                continue
            # The first counts; but an empty first (a template's heading left behind) yields to a filled
            # one, and one read from a heading off the contract yields to one written as `## id`.
            later_wins = (first.is_empty() and not draft.is_empty()) or (first.lenient and not draft.lenient)
            kept, dropped = (draft, first) if later_wins else (first, draft)
            chosen[draft.id] = kept
            self._warn("answers.duplicate_section", {"problem": draft.id, "line": dropped.line, "first_line": kept.line})
        built = []
        for draft in chosen.values():
            built.append(draft.build())
            self._warn_duplicate_answers(built[-1])
        return tuple(sorted(built, key=lambda s: s.line))

    def _warn_duplicate_answers(self, section: Section) -> None:
        for label in dict.fromkeys(a.label for a in section.answers):
            counted = section.answer(label)
            for other in section.answers:
                if other.label == label and other is not counted and counted is not None:
                    shown = f"Answer ({label})" if label else "Answer"
                    params = {"problem": section.id, "answer": shown, "label": label, "line": other.line, "first_line": counted.line}
                    self._warn("answers.duplicate_answer", params)

    # -- answer lines --

    def _answer(self, match: re.Match, i: int) -> int:
        """Record the answer line at `i`; the next line to read (an empty answer is left pending)."""
        label = (match.group("label") or match.groupdict().get("bare") or "").lower()
        answer = [label, "", i + 1]
        if self.section is not None:
            self.section.answers.append(answer)
        after, self.pending_answer = self._answer_math(answer, i, match.end())
        self.paragraph_start = None
        return after

    def _math_below_answer(self, line: str, i: int) -> int | None:
        """Give the pending empty answer the math that starts line `i`; the next line to read,
        or None if the line does not start with math (the answer then stays empty)."""
        answer, self.pending_answer = self.pending_answer, None
        math = MATH_START.match(line)
        if math is None or answer is None:
            return None
        if math.group(1):
            after, _ = self._answer_math(answer, i, 0)
        elif opens_at_start(line):  # \begin{equation} standing alone
            opened = self._scan(i, 0, answer)
            after = i + 1 if opened is None else opened
        else:
            return None
        self.paragraph_start = None
        return after

    def _answer_math(self, answer: list, i: int, column: int) -> tuple[int, list | None]:
        """Fill `answer` with the math of line `i` from `column`; the next line to read, and
        the answer again if it is still empty and may take the math of the lines below."""
        rest = self.lines[i][column:]
        pieces, unclosed, start = inline_math(rest)
        if pieces is not None and unclosed == "$":
            more, i = self._inline_continuation(rest[start:], i)
            pieces.append(more)
        elif pieces is not None and unclosed == "\\(":
            pieces.append(rest[start:])
        answer[1] = " ".join(p.strip() for p in pieces if p.strip()) if pieces is not None else plain(rest)
        if unclosed in ("$$", "\\["):
            # An unclosed $$ or \[ opens a display block that gives this answer.
            after = self._scan(i, column + start, answer, opened=CLOSERS[unclosed])
            assert after is not None, "a block opened at `column` is always read"
            return after, None
        return i + 1, (answer if pieces is None and not answer[1] else None)

    def _inline_continuation(self, head: str, i: int) -> tuple[str, int]:
        """An answer's `$` closed on a later line of the same paragraph: the math, and the last line used."""
        parts = [head]
        for j in range(i + 1, min(i + 10, len(self.lines))):
            line = self.lines[j]
            if not line.strip() or heading_level(line):
                break
            close = next((m for m in INLINE_TOKEN.finditer(line) if m.group()[0] == "$"), None)
            if close is not None:
                parts.append(line[: close.start()])
                return " ".join(parts), j
            parts.append(line)
        return head, i

    # -- display blocks --

    def _scan(self, i: int, column: int, answer: list | None = None, opened: str | None = None) -> int | None:
        """Read the display blocks opening on line `i` from `column` (or open at `column` with closer
        `opened`); the line to read next, or None if no block opens there."""
        read_any = False
        while True:
            if self.blocks_read >= MAX_BLOCKS:
                if "answers.too_many_blocks" not in self._warned:
                    self._warn("answers.too_many_blocks", {"limit": MAX_BLOCKS})
                return i + 1 if read_any or opened else None
            if opened is None:
                found = self._display_opener(i, column)
                if found is None:
                    return i + 1 if read_any else None
                opened, column = found
            read_any = True
            self.blocks_read += 1
            end = self._read_block(i, column, opened, answer)
            answer = opened = None
            if end is None:  # unclosed: it ran up to the next section
                return next_line_of(self.breaks, i, len(self.lines))
            i, column = end

    def _display_opener(self, i: int, column: int) -> tuple[str, int] | None:
        """The next display block opened on line `i` from `column`: (its closer, where its content starts)."""
        found = find_opener(self.lines[i], column)
        while found is not None and found[0] == "\\]" and not self._display_bracket(i, found[1], found[2]):
            # `\[` in prose that nothing closes is Markdown's escaped bracket, not a display block
            found = find_opener(self.lines[i], found[2])
        return None if found is None else (found[0], found[2])

    def _display_bracket(self, i: int, opener: int, column: int) -> bool:
        """Whether `\\[` at `opener` on line `i` opens display math rather than being Markdown's
        escaped bracket: something closes it within the section, and inside a sentence (`see \\[1\\]`)
        what it holds looks like math (a command, a relation or a script)."""
        start = self.starts[i] + column
        end = closing(self.text, start, max(start, self._section_end(i)), "\\]")
        if end is None or "$" in self.text[start : end[0]]:
            return False  # nothing closes it, or other math opens before it closes
        in_sentence = any(ch.isalpha() for ch in self.lines[i][:opener])
        return not in_sentence or bool(re.search(r"[\\=^_]", self.text[start : end[0]]))

    def _pieces(self, content: str, start: int, i: int, section: _SectionDraft | None) -> list[tuple[str, int]]:
        """The derivation lines of a block's `content` (at text offset `start`, opened on line `i`):
        (text, file line), within the limits of the block, of its section and of the document."""
        if content.count("\n") >= MAX_BLOCK_LINES:
            content = "\n".join(content.split("\n", MAX_BLOCK_LINES)[:MAX_BLOCK_LINES])
            self._warn("answers.block_truncated", {"line": i + 1, "limit": MAX_BLOCK_LINES})
        content = block_content(content, quoted=self.lines[i].lstrip(" \t").startswith(">"))
        room = MAX_BLOCK_LINES
        if section is not None:  # one problem's flood must not leave the others without derivations
            room = min(room, section.lines_left, self.document_lines_left)
        pieces = [(text, self._line_of(start + offset) + 1) for text, offset in split_block(content, room + 1)]
        if len(pieces) > room:
            del pieces[room:]
            self._warn_flood(room, i, section)
        if section is not None:
            section.lines_left -= len(pieces)
            self.document_lines_left -= len(pieces)
        return pieces

    def _warn_flood(self, room: int, i: int, section: _SectionDraft | None) -> None:
        """Say which limit cut the lines of the block opened on line `i` to `room`."""
        if room == MAX_BLOCK_LINES:
            self._warn("answers.block_truncated", {"line": i + 1, "limit": MAX_BLOCK_LINES})
        elif section is not None and room == section.lines_left and not section.flooded:
            section.flooded = True
            self._warn("answers.too_many_lines", {"problem": section.id, "limit": MAX_DERIVATION_LINES})
        elif section is not None and room < section.lines_left and "answers.document_too_many_lines" not in self._warned:
            self._warn("answers.document_too_many_lines", {"limit": MAX_DOCUMENT_LINES})

    def _read_block(self, i: int, column: int, closer: str, answer: list | None) -> tuple[int, int] | None:
        """Read one block from line `i`, `column` up to `closer`; where it ends (line, column), or None if unclosed."""
        start = self.starts[i] + column
        limit = self._section_end(i)
        end = closing(self.text, start, max(start, limit), closer)
        if end is None:
            self._warn("answers.unclosed_math", {"line": i + 1})
        section = self.section if answer is None else None
        if answer is not None or section is not None:  # blocks outside any problem are skipped unread
            pieces = self._pieces(self.text[start : end[0] if end else limit], start, i, section)
            if answer is not None:
                answer[1] = " ".join(p for p in [answer[1], *(text for text, _ in pieces)] if p)
            elif section is not None:
                block = " ".join(text for text, _ in pieces)  # a case heading reaches the displays right after it
                condition, section.heading = block_condition(self.text[max(self.last_block_end, start - 400) : start], section.heading, block)
                section.add_block(pieces, condition, self.text[max(self.last_block_end, section.start_offset, start - 2000) : start])
        if end is None:
            return None
        self.last_block_end = end[1]
        line = self._line_of(end[1])
        return line, end[1] - self.starts[line]
