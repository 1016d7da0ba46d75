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
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from itertools import accumulate

from .i18n import define
from .models import Message

__all__ = ["AnswerLine", "AnswersDocument", "Section", "SourceLine", "read_answers_document"]

#: Beyond these limits the rest is ignored with a warning (a real answers.md is far smaller).
MAX_CHARS = 2_000_000
MAX_LINES = 50_000
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


# --- Markdown patterns -------------------------------------------------------------------------

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_HEADING_WORD = re.compile(r"[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*")
_PROBLEM_NUMBER = re.compile(r"^\d+[.)、]")
_DECORATION = "*_`:：.,;()[]（）【】\"'“”‘’-—– \t"
_ATX = re.compile(r"[ \t]{0,3}(#{1,6})(?:[ \t]+(.*))?$")
_ATX_TIGHT = re.compile(r"[ \t]{0,3}##([^#\s].*)$")  # "##mle-mse": CommonMark wants the space, students do not
_SECTION_BREAK = re.compile(r"^[ \t]{0,3}(?:##?(?:[ \t]|$)|##[^#\s])", re.MULTILINE)  # level 1 or 2
_DATA_URI = re.compile(r"data:[\w/+.-]{1,100};base64,[A-Za-z0-9+/=]{200,}")
_SETEXT = re.compile(r" {0,3}(?:(={2,})|(-{2,}))[ \t]*$")
_NOT_PARAGRAPH = re.compile(r"[ \t]*(?:>|[-*+][ \t]|\d{1,9}[.)][ \t]|([-*_=])[ \t]*(?:\1[ \t]*)+$|\|)")
_FENCE = re.compile(r"[ \t>]*(`{3,}|~{3,})(.*)$")
_FRONT_MATTER_END = re.compile(r"(?:---|\.\.\.)[ \t]*$")
# Every run of blanks below is followed by something that is not a blank, so that no two
# quantifiers compete for the same run (which would take quadratic time on a long line).
_LINE_MARKS = r"[ \t]*(?:>[ \t]*)*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)*"  # quotes and list items
_PREFIX = _LINE_MARKS + r"(?:\[[ xX]\][ \t]+)?(?:#{1,6}[ \t]+)?"
_MARKER = r"(?:final[ \t]+answer|answer|(?:最终)?答案[为是]?)[ \t]*"
_LABEL = r"[(（][ \t]*(?P<label>[a-z0-9]{1,4})[ \t]*[)）][ \t]*"
_ANSWER = re.compile(
    _PREFIX + r"(?:(?P<open>\*\*|__|\*|_)[ \t]*)?" + _MARKER
    + r"(?:" + _LABEL + r"|(?<=[ \t])(?P<bare>[a-z])[ \t]*(?=(?:\*\*|__|\*|_)?[ \t]*[:：]))?"
    + r"(?:(?P=open)[ \t]*)?[:：][ \t]*(?:(?P=open)(?![*_]))?",
    re.IGNORECASE,
)
#: A heading `## Answer` (no colon) is an answer line too, with its math on the lines below.
_ANSWER_HEADING = re.compile(
    r"[ \t]{0,3}#{1,6}[ \t]+(?:[*_]+[ \t]*)?" + _MARKER + r"(?:" + _LABEL + r")?(?:[*_]+[ \t]*)?$", re.IGNORECASE
)

# --- Math delimiters ---------------------------------------------------------------------------

#: Environments that may stand alone as display math, and whose markers are dropped inside a block.
_TRANSPARENT_ENVS = frozenset(
    name + star
    for name in (
        "aligned", "align", "split", "gather", "gathered", "equation", "eqnarray",
        "multline", "flalign", "alignat", "alignedat", "displaymath",
        "array",  # `\begin{array}{rll}` standing alone lays out a derivation's lines as aligned does
    )
    for star in ("", "*")
)
_MATH_START = re.compile(_LINE_MARKS + r"(?:(\$|\\\(|\\\[)|\\begin\s*\{)")
_OUTER_TOKEN = re.compile(r"`+|\\begin\s*\{\s*([A-Za-z]+\*?)\s*\}|\\.|\$\$|\$")
_ENV_MARK = re.compile(r"\\(begin|end)\s*\{\s*([A-Za-z]+\*?)\s*\}")
_INLINE_TOKEN = re.compile(r"\\.|\$\$|\$")
_TEX_COMMENT = re.compile(r"\\[\s\S]|%[^\n]*")
_QUOTE_MARKS = re.compile(r"^[ \t]*>(?:[ \t]*>)*", re.MULTILINE)
_BLOCK_TOKEN = re.compile(  # each alternative is one named group, told apart by `lastgroup`
    r"(?P<begin>\\begin\s*\{\s*([A-Za-z]+\*?)\s*\}(?:\s*\{\s*\d+\s*\}|\s*\[[tbc]\]|\s*\{[lcr| ]+\})?)"
    r"|(?P<end>\\end\s*\{\s*([A-Za-z]+\*?)\s*\})"
    r"|(?P<newline>(?:\\\\(?:\s*\[\s*-?(?:\d+(?:\.\d*)?|\.\d+)\s*(?:pt|em|ex|mm|cm|in|mu|bp|pc|dd|sp|cc)\s*\])?\s*)+)"
    r"|(?P<drop>\\(?:nonumber|notag)(?![A-Za-z])|\\(?:tag\*?|label)\s*\{[^{}]*\})"
    r"|(?P<left>\\left(?![A-Za-z]))|(?P<right>\\right(?![A-Za-z]))"
    r"|(?P<escape>\\[\s\S])|(?P<open>\{+)|(?P<close>\}+)|(?P<amp>&(?:[&\s]*&)?)"
)
_CLOSERS = {"$": "$", "$$": "$$", "\\(": "\\)", "\\[": "\\]"}
_TRAILING_PUNCTUATION = re.compile(r"(?<!\\)[.,;。，；]\s*$")  # "Answer: $x$." or "$\\frac{1}{n}.$"
_WRAPPERS = ("```", "``", "`", "**", "__", "*", "_")


# --- The reader --------------------------------------------------------------------------------


class _SectionDraft:
    def __init__(self, id: str, title: str, line: int, lenient: bool = False):
        self.id, self.title, self.line = id, title, line
        self.lenient = lenient  # started by a heading that is not the contract's `## id`
        self.answers: list[list] = []  # [label, math, line]: math may still grow from a block
        self.blocks: list[list[tuple[str, int]]] = []
        self.conditions: list[str] = []  # per block: the condition its prose states, or ""
        self.assumptions: list[str] = []  # per block: the one-hot labels prose assumed so far, or ""
        self.given: list[tuple[str, ...]] = []  # per block: the equations prose stated so far
        self.start_offset = 0  # text offset where the section's own prose starts
        self.lines_left = MAX_DERIVATION_LINES  # derivation lines this section may still give
        self.flooded = False

    def build(self) -> Section:
        answers = tuple(
            AnswerLine(label, _TRAILING_PUNCTUATION.sub("", math).strip(), line) for label, math, line in self.answers
        )
        numbered = (
            (index, text, file_line, condition, assumption, given)
            for index, (pieces, condition, assumption, given)
            in enumerate(zip(self.blocks, self.conditions, self.assumptions, self.given), start=1)
            for text, file_line in pieces
        )
        derivation = tuple(
            SourceLine(number, text, block, file_line, condition, assumption, given)
            for number, (block, text, file_line, condition, assumption, given) in enumerate(numbered, start=1)
        )
        return Section(self.id, self.title, self.line, answers, derivation)

    def is_empty(self) -> bool:
        return not self.answers and not any(self.blocks)


class _Reader:
    def __init__(self, text: str, problem_ids: tuple[str, ...] = ()):
        self.known_ids = frozenset(i.strip().lower() for i in problem_ids)
        self.warnings: list[Message] = []
        self._warned: dict[str, int] = {}
        self.lines = _blank_ignored(_normalized_lines(text, self.warnings), self._warn)
        # Display blocks are read from the whole text at once, so a block costs no per-line work.
        self.text = "\n".join(self.lines)
        self.starts = [0, *accumulate(len(line) + 1 for line in self.lines)]
        self.breaks = [self._line_of(m.start()) for m in _SECTION_BREAK.finditer(self.text)]
        self.sections: list[_SectionDraft] = []
        self.section: _SectionDraft | None = None
        self.blocks_read = 0
        self.last_block_end = 0  # text offset where the last display block closed
        self.document_lines_left = MAX_DOCUMENT_LINES

    def read(self) -> AnswersDocument:
        lines = self.lines
        paragraph_start = None  # first line of the current plain paragraph (a setext heading candidate)
        pending_answer = None  # an empty `Answer:` line whose math may be the display block just below
        i = 0
        while i < len(lines):
            line = lines[i]
            if not line or line.isspace():
                paragraph_start = None
                i += 1
                continue
            level = _heading_level(line)
            answer_heading = level and (_ANSWER.match(line) or _ANSWER_HEADING.match(line))
            if answer_heading:  # "## Answer: $x$" gives an answer; it does not start a problem
                i, pending_answer = self._answer(answer_heading, i)
                paragraph_start = None
                continue
            setext: re.Match[str] | None = _SETEXT.match(line) if paragraph_start is not None else None
            if setext and paragraph_start is not None:
                text = " ".join(lines[j].strip() for j in range(paragraph_start, i))
                self._heading(1 if setext.group(1) else 2, text, paragraph_start + 1)
            elif level:
                self._heading(level, _heading_text(line), i + 1)
            if setext or level in (1, 2):
                paragraph_start = pending_answer = None
                i += 1
                continue
            if pending_answer is not None:
                answer, pending_answer = pending_answer, None
                math = _MATH_START.match(line)
                if math and math.group(1):
                    i, _ = self._answer_math(answer, i, 0)
                    paragraph_start = None
                    continue
                if math and _opens_at_start(line):  # \begin{equation} standing alone
                    after = self._scan(i, 0, answer)
                    i, paragraph_start = (i + 1 if after is None else after), None
                    continue
            match = _ANSWER.match(line)
            if match:
                i, pending_answer = self._answer(match, i)
                paragraph_start = None
                continue
            if "$" in line or "\\" in line:
                after = self._scan(i, 0)
                if after is not None:
                    i, paragraph_start = after, None
                    continue
            if paragraph_start is None and not level and not _NOT_PARAGRAPH.match(line):
                paragraph_start = i
            i += 1
        return AnswersDocument(self._built_sections(), tuple(self.warnings))

    def _warn(self, key: str, params: dict) -> None:
        """Record a warning; a flood of the same one is cut to its first few."""
        self._warned[key] = self._warned.get(key, 0) + 1
        if self._warned[key] <= MAX_WARNINGS_OF_A_KIND:
            self.warnings.append(Message(key, params))

    def _line_of(self, offset: int) -> int:
        """The 0-based line holding a text offset."""
        return bisect.bisect_right(self.starts, offset) - 1

    # -- headings --

    def _heading(self, level: int, text: str, line: int) -> None:
        if level == 2:
            id, title = _heading_id(text)
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
        words = {w.strip(_DECORATION).lower().replace("_", "-") for w in _HEADING_WORD.findall(text[:2000])}
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

    def _answer(self, match: re.Match, i: int) -> tuple[int, list | None]:
        """Record the answer line at `i`; returns the next line to read and a pending empty answer."""
        label = (match.group("label") or match.groupdict().get("bare") or "").lower()
        answer = [label, "", i + 1]
        if self.section is not None:
            self.section.answers.append(answer)
        return self._answer_math(answer, i, match.end())

    def _answer_math(self, answer: list, i: int, column: int) -> tuple[int, list | None]:
        """Fill `answer` with the math of line `i` from `column`; the next line to read, and
        the answer again if it is still empty and may take the math of the lines below."""
        rest = self.lines[i][column:]
        pieces, unclosed, start = _inline_math(rest)
        if pieces is not None and unclosed == "$":
            more, i = self._inline_continuation(rest[start:], i)
            pieces.append(more)
        elif pieces is not None and unclosed == "\\(":
            pieces.append(rest[start:])
        answer[1] = " ".join(p.strip() for p in pieces if p.strip()) if pieces is not None else _plain(rest)
        if unclosed in ("$$", "\\["):
            # An unclosed $$ or \[ opens a display block that gives this answer.
            after = self._scan(i, column + start, answer, opened=_CLOSERS[unclosed])
            assert after is not None, "a block opened at `column` is always read"
            return after, None
        return i + 1, (answer if pieces is None and not answer[1] else None)

    def _inline_continuation(self, head: str, i: int) -> tuple[str, int]:
        """An answer's `$` closed on a later line of the same paragraph: the math, and the last line used."""
        parts = [head]
        for j in range(i + 1, min(i + 10, len(self.lines))):
            line = self.lines[j]
            if not line.strip() or _heading_level(line):
                break
            close = next((m for m in _INLINE_TOKEN.finditer(line) if m.group()[0] == "$"), None)
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
                found = _find_opener(self.lines[i], column)
                while found is not None and found[0] == "\\]" and not self._display_bracket(i, found[1], found[2]):
                    # `\[` in prose that nothing closes is Markdown's escaped bracket, not a display block
                    found = _find_opener(self.lines[i], found[2])
                if found is None:
                    return i + 1 if read_any else None
                opened, _, column = found
            read_any = True
            self.blocks_read += 1
            end = self._read_block(i, column, opened, answer)
            answer = opened = None
            if end is None:  # unclosed: it ran up to the next section
                return _next(self.breaks, i, len(self.lines))
            i, column = end

    def _display_bracket(self, i: int, opener: int, column: int) -> bool:
        """Whether `\\[` at `opener` on line `i` opens display math rather than being Markdown's
        escaped bracket: something closes it within the section, and inside a sentence (`see \\[1\\]`)
        what it holds looks like math (a command, a relation or a script)."""
        start = self.starts[i] + column
        limit = self.starts[_next(self.breaks, i, len(self.lines))] - 1
        end = _closing(self.text, start, max(start, limit), "\\]")
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
        if _quoted(self.lines[i]) and "\n" in content:
            first = content.index("\n")
            content = content[:first] + _QUOTE_MARKS.sub(lambda m: " " * len(m.group()), content[first:])
        if "%" in content:
            content = _TEX_COMMENT.sub(lambda m: m.group() if m.group()[0] == "\\" else " " * len(m.group()), content)
        room = MAX_BLOCK_LINES
        if section is not None:  # one problem's flood must not leave the others without derivations
            room = min(room, section.lines_left, self.document_lines_left)
        pieces = [(text, self._line_of(start + offset) + 1) for text, offset in _split_block(content, room + 1)]
        if len(pieces) > room:
            del pieces[room:]
            if room == MAX_BLOCK_LINES:
                self._warn("answers.block_truncated", {"line": i + 1, "limit": MAX_BLOCK_LINES})
            elif section is not None and room == section.lines_left and not section.flooded:
                section.flooded = True
                self._warn("answers.too_many_lines", {"problem": section.id, "limit": MAX_DERIVATION_LINES})
            elif section is not None and room < section.lines_left and "answers.document_too_many_lines" not in self._warned:
                self._warn("answers.document_too_many_lines", {"limit": MAX_DOCUMENT_LINES})
        if section is not None:
            section.lines_left -= len(pieces)
            self.document_lines_left -= len(pieces)
        return pieces

    def _read_block(self, i: int, column: int, closer: str, answer: list | None) -> tuple[int, int] | None:
        """Read one block from line `i`, `column` up to `closer`; where it ends (line, column), or None if unclosed."""
        start = self.starts[i] + column
        limit = self.starts[_next(self.breaks, i, len(self.lines))] - 1
        end = _closing(self.text, start, max(start, limit), closer)
        if end is None:
            self._warn("answers.unclosed_math", {"line": i + 1})
        section = self.section if answer is None else None
        if answer is not None or section is not None:  # blocks outside any problem are skipped unread
            pieces = self._pieces(self.text[start : end[0] if end else limit], start, i, section)
            if answer is not None:
                answer[1] = " ".join(p for p in [answer[1], *(text for text, _ in pieces)] if p)
            elif section is not None:
                section.blocks.append(pieces)
                section.conditions.append(_prose_condition(self.text[max(self.last_block_end, start - 400) : start]))
                prose = self.text[max(self.last_block_end, section.start_offset, start - 2000) : start]
                section.assumptions.append(_one_hot_assumption(prose) or (section.assumptions[-1] if section.assumptions else ""))
                stated = tuple(m.group("math").strip() for m in _INLINE_MATH.finditer(prose) if _given_equation(m.group("math")))
                section.given.append(((section.given[-1] if section.given else ()) + stated)[:_MAX_GIVEN])
        if end is None:
            return None
        self.last_block_end = end[1]
        line = self._line_of(end[1])
        return line, end[1] - self.starts[line]


#: "If $k = i$:", "for $k \neq i$ we get", "当 $k=i$ 时", "Case $k = i$." at the end of the prose
#: just before a display block: the block's lines hold under that index condition.
_PROSE_CONDITION = re.compile(
    r"(?:\b(?:if|for|when|where|case|in\s+the\s+case)\b|当|若|如果|对于)\s*:?\s*\$\s*(?P<math>[a-z]\s*(?:=|\\neq|\\ne|\\not\s*=|!=)\s*[a-z]"
    # an inequality ("If $w_i^* > \frac{\alpha}{H_{i,i}}$:"): read only by notations that read inequalities
    r"|[^$]{1,120}?(?:\\leq?|\\geq?|\\lt|\\gt|<|>)[^$]{1,120}?)\s*\$"
    r"(?P<rest>[^$\n]{0,40})$",
    re.IGNORECASE,
)


#: A paragraph that is only the condition, with or without a colon: "$i = j$:", "- $k \neq i$:",
#: "$i = j$" on a line of its own (a heading of the case the display after it works out).
_CONDITION_ALONE = re.compile(
    r"(?:^|\n)[ \t>*+-]*(?:\*\*)?\$\s*(?P<math>[a-z]\s*(?:=|\\neq|\\ne|\\not\s*=|!=)\s*[a-z])\s*\$(?:\*\*)?\s*(?P<rest>[:：]?)\s*$"
)


def _prose_condition(prose: str) -> str:
    """The index condition the prose before a block ends with, as math (`k = i`), or ""."""
    tail = prose.rstrip()
    for opener in ("$$", "\\[", "\\begin"):  # the block's own opener
        if tail.endswith(opener):
            tail = tail[: -len(opener)].rstrip()
    tail = tail[-200:]
    match = _PROSE_CONDITION.search(tail) or _CONDITION_ALONE.search(tail)
    if match is None or re.search(r"[.。]\s*\S", match.group("rest")):
        return ""  # a sentence ended after the condition: it is not about this block
    return " ".join(match.group("math").split())


#: Inline math of the prose (`$...$`, not `$$`).
_INLINE_MATH = re.compile(r"(?<![$\\])\$(?!\$)(?P<math>[^$\n]{1,300}?)\$")
#: `Y = [0, 0, \cdots, 1, \cdots, 0]`: a label vector written as zeros and a single one.
_ONE_HOT_LIST = re.compile(r"^\s*(?P<family>[A-Za-z])\s*=\s*(?:\\left\s*)?[\[(](?P<items>[^\[\]()]*?)(?:\\right\s*)?[\])]\s*[,.]?\s*$")
#: `Y_j = 1`: one label entry set to one (the others must be said to be 0).
_ENTRY_ONE = re.compile(r"^\s*(?P<family>[A-Za-z])_\{?\s*(?P<index>[a-z])\s*\}?\s*=\s*1\s*(?P<rest>[,;].*)?$")
_ENTRY = r"(?<![A-Za-z\\]){family}_\{{?\s*([a-z])\s*\}}?"
#: "and the others 0", "其余为 0", "Y_k = 0 for k \neq j": the rest of the labels said to be zero.
_OTHERS_ZERO = re.compile(r"(?:other|rest|remaining|else|其余|其他|其它|\\neq|\\ne\b).{0,60}?(?:(?<![\d.])0(?![\d.])|zero|零)"
                          r"|(?:(?<![\d.])0(?![\d.])|zero|零).{0,30}?(?:other|rest|remaining|elsewhere|其余|其他|其它|\\neq|\\ne\b)",
                          re.IGNORECASE | re.DOTALL)
#: A relation other than `=` (the prose's math is then a condition or a bound, not a definition).
_OTHER_RELATION = re.compile(r"[<>]|\\(?:neq?|not|[lg]eq?|[lg]t|approx|sim|propto|in|to|rightarrow|Rightarrow)(?![A-Za-z])|!=")


def _given_equation(math: str) -> bool:
    """An inline equation of the prose that may define a name: one `=` outside braces (`\\sum_{j=1}^K`
    keeps its own), no other relation."""
    outside = math
    for _ in range(5):
        outside = re.sub(r"\{[^{}]*\}", "", outside)
    return outside.count("=") == 1 and _OTHER_RELATION.search(math) is None


_MAX_GIVEN = 40  # equations of a section's prose read (each is parsed: a long essay is bounded)
_LIST_ITEM = re.compile(r"0|1|\\[cl]?dots|\\ldots|\.\.\.")


def _one_hot_assumption(prose: str) -> str:
    r"""The one-hot labels the prose before a block assumes, as math (`Y_j = 1`), or "".

    Two forms: an entry set to one with the others said to be 0 (`$Y_j = 1$` and the others
    0, also `$Y_j = 1, Y_k = 0 \ (k \neq j)$`); a vector of zeros and a single one
    (`$Y = [0, \cdots, 1, \cdots, 0]$`) whose true class is the one index letter the prose's math
    writes on the family outside a sum (`$E = -Y_j \log y_j$`). Several letters: none is taken."""
    maths = [(m.group("math"), m.end()) for m in _INLINE_MATH.finditer(prose)]
    for math, end in maths:
        entry = _ENTRY_ONE.match(math)
        if entry is None:
            continue
        after = (entry.group("rest") or "") + " " + re.split(r"(?<!\d)[.。](?!\d)|\n\s*\n", prose[end : end + 160])[0]
        if _OTHERS_ZERO.search(after) or re.search(r"one[- ]?hot|独热|one hot", prose, re.IGNORECASE):
            return f"{entry.group('family')}_{entry.group('index')} = 1"
    for math, _ in maths:
        listed = _ONE_HOT_LIST.match(math)
        if listed is None:
            continue
        items = [item.strip() for item in listed.group("items").split(",")]
        if not all(_LIST_ITEM.fullmatch(item) for item in items) or items.count("1") != 1 or "0" not in items:
            continue
        family = listed.group("family")
        letters = set()
        for other, _ in maths:
            bound = set(re.findall(r"\\(?:sum|prod)\s*_\{?\s*([a-z])", other))
            letters |= {letter for letter in re.findall(_ENTRY.format(family=family), other) if letter not in bound}
        if len(letters) == 1:
            return f"{family}_{letters.pop()} = 1"
    return ""


# --- Text preparation --------------------------------------------------------------------------


def _normalized_lines(text: str, warnings: list[Message]) -> list[str]:
    """Lines of `text` without BOM, NULs and zero-width characters, cut at the size limits."""
    truncated = False
    if "base64," in text:  # an embedded image is never an answer, and may be megabytes long
        text = _DATA_URI.sub("data:", text)
    if len(text) > MAX_CHARS:
        cut = text.rfind("\n", 0, MAX_CHARS)
        text = text[: cut if cut > MAX_CHARS // 2 else MAX_CHARS]
        truncated = True
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    for invisible in ("\ufeff", "\u200b", "\u2060"):
        if invisible in text:
            text = text.replace(invisible, "")
    if "\x00" in text:
        text = text.replace("\x00", " ")
    lines = text.split("\n")
    if len(lines) > MAX_LINES:
        del lines[MAX_LINES:]
        truncated = True
    if truncated:
        warnings.append(Message("answers.truncated", {"line": len(lines)}))
    return lines


def _blank_ignored(lines: list[str], warn) -> list[str]:
    """Blank out front matter, fenced code and HTML comments, keeping every line number.

    An unclosed fence or comment runs to the next level-1/2 heading only (CommonMark would
    run it to the end of the file, costing the student every later problem).
    """
    if lines and lines[0].strip() == "---":
        end = next((j for j in range(1, min(len(lines), 200)) if _FRONT_MATTER_END.match(lines[j])), None)
        if end is not None:
            lines[: end + 1] = [""] * (end + 1)
    joined = "\n".join(lines)
    if "```" not in joined and "~~~" not in joined and "<!--" not in joined:
        return lines
    headings = [j for j, line in enumerate(lines) if line.lstrip(" \t").startswith("#") and _heading_level(line) in (1, 2)]
    closers = _fence_closers(lines)
    last_comment_end = max((j for j, line in enumerate(lines) if "-->" in line), default=-1)
    out = list(lines)
    i = 0
    while i < len(lines):
        line = lines[i]
        fence = _FENCE.match(line) if ("```" in line or "~~~" in line) else None
        if fence and not (fence.group(1)[0] == "`" and "`" in fence.group(2)):
            run = fence.group(1)
            end = _fence_end(closers[run[0]], i, len(run))
            if end is None:
                warn("answers.unclosed_fence", {"line": i + 1})
                end = _next(headings, i, len(lines)) - 1
            for j in range(i, end + 1):
                out[j] = ""
            i = end + 1
            continue
        line, start = _blank_comments(line)
        lines[i] = out[i] = line
        if start < 0:
            i += 1
            continue
        # A comment that goes on over the next lines: blank them, and look again after it.
        if last_comment_end <= i:
            warn("answers.unclosed_comment", {"line": i + 1})
            end = _next(headings, i, len(lines))
            out[i] = line[:start]
            for j in range(i + 1, end):
                out[j] = ""
            i = end
            continue
        out[i] = line[:start]
        j = i + 1
        while "-->" not in lines[j]:
            out[j] = ""
            j += 1
        tail = lines[j][lines[j].find("-->") + 3 :]
        lines[j] = out[j] = " " * (len(lines[j]) - len(tail)) + tail
        i = j
    return out


def _blank_comments(line: str) -> tuple[str, int]:
    """The line with its closed HTML comments blanked, and where an unclosed one starts (or -1)."""
    parts, kept_from, ticks, counted = [], 0, 0, 0
    start = line.find("<!--")
    while start >= 0:
        ticks += line.count("`", counted, start)
        counted = start
        if ticks % 2:  # inside a code span: text, not a comment
            start = line.find("<!--", start + 4)
            continue
        close = line.find("-->", start + 4)
        if close < 0:
            break
        parts += [line[kept_from:start], " " * (close + 3 - start)]
        kept_from = counted = close + 3
        start = line.find("<!--", kept_from)
    if not parts:
        return line, start
    parts.append(line[kept_from:])
    return "".join(parts), start


def _fence_closers(lines: list[str]) -> dict[str, tuple[list[int], list[int], list[int]]]:
    """For each fence character: lines that could close a fence, their run lengths, and suffix maxima."""
    found: dict[str, tuple[list[int], list[int]]] = {"`": ([], []), "~": ([], [])}
    for j, line in enumerate(lines):
        if "```" in line or "~~~" in line:
            fence = _FENCE.match(line)
            if fence and not fence.group(2).strip():
                found[fence.group(1)[0]][0].append(j)
                found[fence.group(1)[0]][1].append(len(fence.group(1)))
    result = {}
    for char, (where, lengths) in found.items():
        suffix = lengths[:]
        for k in range(len(suffix) - 2, -1, -1):
            suffix[k] = max(suffix[k], suffix[k + 1])
        result[char] = (where, lengths, suffix)
    return result


def _fence_end(closers: tuple[list[int], list[int], list[int]], opened: int, length: int) -> int | None:
    where, lengths, suffix = closers
    k = bisect.bisect_right(where, opened)
    if k >= len(where) or suffix[k] < length:
        return None
    while lengths[k] < length:
        k += 1
    return where[k]


def _next(sorted_lines: list[int], after: int, default: int) -> int:
    k = bisect.bisect_right(sorted_lines, after)
    return sorted_lines[k] if k < len(sorted_lines) else default


# --- Headings ----------------------------------------------------------------------------------


def _heading_level(line: str) -> int:
    """1..6 for an ATX heading (`##mle-mse` counts as level 2), 0 otherwise."""
    if "#" not in line[:4]:
        return 0
    atx = _ATX.match(line)
    if atx:
        return len(atx.group(1))
    return 2 if _ATX_TIGHT.match(line) else 0


def _heading_text(line: str) -> str:
    atx = _ATX.match(line)
    tight = None if atx else _ATX_TIGHT.match(line)
    text = (atx.group(2) or "") if atx else (tight.group(1) if tight else "")  # called on headings only
    text = text.rstrip()
    closing = text.rstrip("#")
    if closing != text and (not closing or closing[-1] in " \t"):
        text = closing.rstrip()
    return text


def _heading_id(text: str) -> tuple[str, str]:
    """The problem id (first word that looks like one) and the title after it."""
    rest = text[:2000]
    while rest:
        word, *more = rest.split(None, 1)
        rest = more[0] if more else ""
        candidate = _PROBLEM_NUMBER.sub("", word.strip(_DECORATION).lower().replace("_", "-"))
        if not candidate or (candidate.isdigit() and rest):
            continue  # a problem number: "## 1. mle-mse"
        id = _ID.match(candidate)
        if id:  # the id may be glued to what follows: "mle-mse：高斯噪声", "mle-mse(Gaussian)"
            glued = word.lower().replace("_", "-")
            glued = word[glued.find(id.group()) + len(id.group()) :]
            return id.group(), f"{glued} {rest}".lstrip(_DECORATION).rstrip("*_`# \t")
    return "", text.strip()


# --- Math --------------------------------------------------------------------------------------


def _inline_math(text: str) -> tuple[list[str] | None, str | None, int]:
    """The math of an answer line: (pieces or None where there is no delimiter, unclosed opener, its end).

    Pieces after the first are kept only while the text between them is math too (`$a$ + $b$`)
    or the math so far is unfinished (`$r =$ $\\sqrt{...}$`); after prose (`$y_i - Y_i$, where
    $y_i$ is ...`, `(with $n = n_{in}$)`) the rest of the line is a remark.
    """
    pieces: list[str] = []
    delimited = False
    opener, start, closed_at = None, 0, 0
    for m in _INLINE_TOKEN.finditer(text):
        token = m.group()
        if opener is None:
            if token in _CLOSERS:
                gap = text[closed_at : m.start()]
                point = gap.strip() == "," and _NUMBER_ASSIGNMENT.fullmatch(pieces[-1]) if pieces else False
                if pieces and not point and not _OPERATOR_GAP.fullmatch(gap) and not _UNFINISHED.search(" ".join(pieces)):
                    return pieces, None, start
                if pieces and gap.strip():
                    pieces.append(gap.strip())
                opener, start, delimited = token, m.end(), True
        elif token == _CLOSERS[opener]:
            pieces.append(text[start : m.start()])
            opener, closed_at = None, m.end()
        elif opener == "$" and token == "$$":  # "$a$$b$": one closes, one opens
            pieces.append(text[start : m.start()])
            start = m.end()
    return (pieces if delimited else None), opener, start


_OPERATOR_GAP = re.compile(r"[\s+\-*/=·×]*")
#: `$w_1 = 1$, $w_2 = -3$, ...`: a witness point written one coordinate per `$...$` (the pieces stay together).
_NUMBER_ASSIGNMENT = re.compile(r"\s*[A-Za-z\\{}_0-9]+\s*=\s*[-+]?\s*(?:\d+(?:\.\d*)?|\.\d+|\\frac\{\d+\}\{\d+\})\s*")
_UNFINISHED = re.compile(r"(?:^|[=+\-*/(]|\\cdot|\\times)\s*$")


def _plain(text: str) -> str:
    """The rest of an answer line without math delimiters: unwrapped from bold and backticks."""
    text = text.strip()
    unwrapped = True
    while unwrapped:
        unwrapped = False
        for wrapper in _WRAPPERS:
            if len(text) > 2 * len(wrapper) and text.startswith(wrapper) and text.endswith(wrapper):
                text = text[len(wrapper) : -len(wrapper)].strip()
                unwrapped = True
                break
    if text.startswith(("**", "__")):  # the closing half of `**Answer:**` written apart
        text = text[2:].strip()
    return text


def _find_opener(line: str, column: int) -> tuple[str, int, int] | None:
    """The next display-math opener outside inline math and code spans: (closer, start, end)."""
    inline = False
    pos = column
    while True:
        m = _OUTER_TOKEN.search(line, pos)
        if m is None:
            return None
        token = m.group()
        pos = m.end()
        if token[0] == "`":
            close = line.find(token, pos)
            if close >= 0:
                pos = close + len(token)
        elif token == "$":
            inline = not inline
        elif inline:
            continue
        elif token == "$$":
            return "$$", m.start(), m.end()
        elif token == "\\[":
            return "\\]", m.start(), m.end()
        elif m.group(1) in _TRANSPARENT_ENVS:
            return m.group(1), m.start(), m.end()


def _opens_at_start(line: str) -> bool:
    """Whether the line's first thing (after quote and list marks) opens a display block."""
    found = _find_opener(line, 0)
    return found is not None and not line[: found[1]].strip(" \t>-*+0123456789.)")


def _quoted(line: str) -> bool:
    return line.lstrip(" \t").startswith(">")


def _closing(text: str, start: int, limit: int, closer: str) -> tuple[int, int] | None:
    """Where the block opened at `start` closes before `limit`: (start, end) of the closer."""
    if closer in ("$$", "\\]"):
        k = start
        while True:
            k = text.find(closer, k, limit)
            if k < 0:
                return None
            escapes = k
            while escapes > start and text[escapes - 1] == "\\":
                escapes -= 1
            if (k - escapes) % 2 == 0:  # an odd run of backslashes escapes the closer's first character
                return k, k + len(closer)
            k += 1
    depth = 1
    for m in _ENV_MARK.finditer(text, start, limit):
        if m.group(2) == closer:
            depth += 1 if m.group(1) == "begin" else -1
            if depth == 0:
                return m.start(), m.end()
    return None


def _split_block(text: str, limit: int) -> list[tuple[str, int]]:
    """A block's first `limit` derivation lines: (cleaned text, offset where it starts), split on top-level `\\\\`."""
    pieces, balanced = _split(text, grouping=True, limit=limit)
    # A missing `}` or `\right` would glue the rest of the block into one line: then split as
    # if there were no groups, so that only the broken line is lost.
    return pieces if balanced else _split(text, grouping=False, limit=limit)[0]


def _split(text: str, grouping: bool, limit: int) -> tuple[list[tuple[str, int]], bool]:
    pieces: list[tuple[str, int]] = []
    kept: list[tuple[int, str]] = []  # (offset, text) kept since the last split
    last = depth = opaque = 0  # depth: `{...}` groups; opaque: `\left...\right` and environments like cases
    layouts: list[bool] = []  # per open aligned-like environment: whether it lays out the block's lines
    blank = True  # nothing but space in the line so far

    def flush() -> None:
        words = "".join(part for _, part in kept).split()
        if words:
            offset, part = next((o, p) for o, p in kept if p and not p.isspace())
            pieces.append((" ".join(words), offset + len(part) - len(part.lstrip())))
        kept.clear()

    for m in _BLOCK_TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "escape":
            continue
        if kind in ("open", "close", "left", "right"):
            if grouping:
                if kind == "open":
                    depth += m.end() - m.start()
                elif kind == "close":
                    depth = max(0, depth - (m.end() - m.start()))
                else:
                    opaque = opaque + 1 if kind == "left" else max(0, opaque - 1)
            continue
        top = depth == 0 and opaque == 0
        remove = kind == "drop" or (kind in ("newline", "amp") and top)
        if kind == "begin":
            # `\begin{aligned}` lays out the block's lines only where it starts a line; after
            # `x = ` it is one multi-line expression, like `cases`.
            blank = blank and not text[last : m.start()].strip()
            layout = m.group(2) in _TRANSPARENT_ENVS and top and blank
            if m.group(2) in _TRANSPARENT_ENVS:
                layouts.append(layout)
            remove = layout
            opaque += 0 if layout else 1
        elif kind == "end":
            layout = (layouts.pop() if layouts else True) if m.group(4) in _TRANSPARENT_ENVS else False
            remove = layout
            opaque = opaque if layout else max(0, opaque - 1)
        if remove:
            if last < m.start():
                kept.append((last, text[last : m.start()]))
            if kind != "newline":  # a space keeps `\lambda&x` from becoming `\lambdax`
                kept.append((m.start(), " "))
            last = m.end()
            if kind == "newline":
                flush()
                blank = True
                if len(pieces) >= limit:
                    return pieces, True
    kept.append((last, text[last:]))
    flush()
    return pieces, depth == 0 and opaque == 0
