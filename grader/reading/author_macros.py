r"""The author's own macros: defined anywhere in answers.md, expanded in the math that follows.

Authors who write a lot of LaTeX define short names for what they type often, and a renderer (MathJax, KaTeX)
expands them wherever they are used after the definition, whatever block or section that is in:

- ``\newcommand{\sumN}{\sum_{i=1}^n}``, ``\renewcommand``, ``\providecommand`` (and their starred forms), with
  arguments ``\newcommand{\pd}[2]{\frac{\partial #1}{\partial #2}}`` and an optional first argument with its
  default ``\newcommand{\E}[1][x]{\mathbb{E}_{#1}}`` (used as ``\E`` or ``\E[y]``); the braces round the name
  may be left out (``\newcommand\pd[2]{...}``);
- plain TeX's ``\def\x{...}`` and ``\gdef``, with undelimited parameters ``\def\pd#1#2{...}``;
- ``\DeclareMathOperator{\softmax}{softmax}`` is ``\operatorname{softmax}``, the starred form
  ``\DeclareMathOperator*{\argmax}{arg\,max}`` ``\operatorname*{arg\,max}`` (its limits set below).

A TA reads the math as it renders, so each later use of a macro is replaced by its body, its arguments put in
(a text rewrite: nothing is evaluated). The definitions themselves stay in the text; the math parser reads them
as nothing (`definitions_blanked`), so a line that only defines is a line that states no step.

Expansion is bounded: at most `MAX_MACROS` definitions, a body of at most `MAX_BODY` characters, at most
`MAX_DEPTH` rounds of macros inside macros, and a line may grow to at most `MAX_LINE` characters. A macro that
uses itself, or grows beyond these, is refused: the line keeps what it could not expand (the parser then says
it cannot read that command) and the document gets a plain warning naming the macro.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from grader.reading.known_macros import well_known_used
from grader.reading.math_spans import MathSpans, in_spans
from grader.results.i18n import define

__all__ = ["Expansion", "Macro", "Refusal", "definitions_blanked", "expanded_lines"]

MAX_MACROS = 200
"""Definitions kept per document (a real answers.md has a few dozen at most)."""
MAX_BODY = 1000
"""Characters of a macro's body (a shorthand is short)."""
MAX_DEPTH = 12
"""Rounds of expansion of one line: a macro used in another's body takes one more round."""
MAX_LINE = 8000
"""Characters a line may grow to by expansion (twice the parser's own limit on a line)."""
MAX_GROWTH = 1_000_000
"""Characters the whole document may grow by (past it, nothing more is expanded)."""

define(
    {
        "answers.macro_refused": (
            "The macro {name} (line {line}) was not expanded: it uses itself, or grows longer than a line can be.",
            "第 {line} 行的宏 {name} 没有展开：它引用了自身，或展开后超过一行的长度上限。",
        ),
        "answers.macro_not_taken": (
            (
                "The definition of {name} (line {line}) was not used: it stands outside the math (in prose, in inline "
                "code or in a \\text argument), or it redefines a command that renders as spacing or layout."
            ),
            (
                "第 {line} 行对 {name} 的定义没有采用：它在数学公式之外（正文、行内代码或 \\text 参数中），"
                "或者重新定义了一个显示为空白或排版的命令。"
            ),
        ),
        "answers.macros_well_known": (
            "Line {line} on uses shorthands the answer does not define; they were read as in {source}: {readings}.",
            "从第 {line} 行起使用了答案中没有定义的简写；按 {source} 中的含义读作：{readings}。",
        ),
        "answers.macros_too_long": (
            "The macros were not expanded from line {line} on ({name} there): answers.md grows too long with them.",
            "从第 {line} 行起（那里的 {name}）宏不再展开：展开后 answers.md 过长。",
        ),
    }
)

#: The commands that define a macro, with what follows the name.
_DEFINER = re.compile(r"\\(newcommand|renewcommand|providecommand|def|gdef|DeclareMathOperator)(?![A-Za-z])(\*?)")
_DEFINER_WORDS = ("\\newcommand", "\\renewcommand", "\\providecommand", "\\def", "\\gdef", "\\DeclareMathOperator")
_NAME = re.compile(r"\s*(?:\{\s*(\\[A-Za-z]+)\s*\}|(\\[A-Za-z]+))")
_COUNT = re.compile(r"\s*\[\s*([0-9])\s*\]")
_TEX_PARAMETERS = re.compile(r"(?:#[1-9])*")
_ARGUMENT_MARK = re.compile(r"#([1-9#])")
#: Names a macro may not take: the definers themselves, the structure of the text around the math, and the commands
#: that render as spacing, sizing or layout (a line whose `\\quad` were redefined would read other than it looks
#: wherever the definition is not rendered).
_RESERVED = frozenset({
    *_DEFINER_WORDS, "\\begin", "\\end", "\\left", "\\right", "\\middle", "\\text", "\\mbox", "\\quad",
    "\\qquad", "\\enspace", "\\thinspace", "\\medspace", "\\thickspace", "\\negthinspace", "\\negmedspace",
    "\\negthickspace", "\\space", "\\hspace", "\\hskip", "\\kern", "\\mkern", "\\mskip", "\\phantom",
    "\\hphantom", "\\vphantom", "\\nonumber", "\\notag", "\\tag", "\\label", "\\displaystyle",
    "\\textstyle", "\\limits", "\\nolimits", "\\big", "\\Big", "\\bigg", "\\Bigg", "\\bigl", "\\bigr",
    "\\Bigl", "\\Bigr", "\\biggl", "\\biggr", "\\Biggl", "\\Biggr", "\\color", "\\relax",
})
#: The definers a line of its own may hold outside the math: the ones that define a NEW name (a renderer shows such
#: a line as text; an author who writes it there means it, and it cannot silently redefine what the math shows).
_FRESH = frozenset({"newcommand", "providecommand", "DeclareMathOperator"})
#: What opens or closes math or inline code (`$`, a backtick, `\[`, `\)`...; not the `\\[2pt]` of a line break).
_DELIMITER = re.compile(r"[$`]|(?<!\\)\\[][()]")
#: Commands whose argument is text, where a renderer defines nothing.
_TEXT_ARGUMENT = re.compile(r"\\(?:text[a-z]*|mbox|hbox|fbox)\s*\{")


@dataclass(frozen=True)
class Macro:
    """One definition of the author's."""

    name: str
    """The command as used, backslash included (``\\sumN``)."""

    parameters: int
    """How many arguments a use takes (0 to 9)."""

    default: str | None
    """The first argument's default where it is optional (``\\newcommand{\\E}[1][x]{...}``), else None."""

    body: str
    """What a use is replaced by, ``#1``...``#9`` standing for its arguments."""

    line: int
    """The 1-based line of answers.md where it was defined."""


@dataclass(frozen=True)
class Refusal:
    """A macro whose use was left unexpanded, or whose definition was not taken, and why."""

    name: str
    """The command (``\\x``)."""

    line: int
    """The 1-based line of answers.md where the use was."""

    key: str
    """Why, as the catalog's message key (``answers.macro_refused``: it uses itself or grows too long;
    ``answers.macros_too_long``: the document's expansions reached `MAX_GROWTH`; ``answers.macro_not_taken``: the
    definition stands outside the math, or renames spacing or layout, and is not used)."""


@dataclass(frozen=True)
class Expansion:
    """The lines of answers.md with the author's macros expanded."""

    lines: list[str]
    """Every line, in order, with each use of a macro defined before it replaced by its body."""

    refusals: tuple[Refusal, ...]
    """The uses left unexpanded (one per macro and line)."""

    well_known: tuple[Refusal, ...] = ()
    """The shorthands of a well-known set (`known_macros`) read without a definition of the author's: one per name,
    at its first use, with the key ``answers.macros_well_known`` (the reader says so once, for all of them)."""


@dataclass(frozen=True)
class _Definition:
    """A definition found in a text: what it defines (None where it is not one we take) and where it ends."""

    macro: Macro | None
    end: int


def expanded_lines(lines: list[str]) -> Expansion:
    """`lines` with the author's macros expanded (the same list where the text defines none)."""
    text = "\n".join(lines)  # one scan per definer over the whole text: the common answers.md defines nothing
    known = well_known_used(text)
    if not known and not any(word in text for word in _DEFINER_WORDS):
        return Expansion(lines, ())
    expander, math = _Expander(known), MathSpans()
    out = [
        expander.line(line, number, spans) if "\\" in line else line
        for number, (line, spans) in enumerate(((line, math.line(line)) for line in lines), start=1)
    ]
    return Expansion(out, tuple(expander.refusals), tuple(expander.well_known_read.values()))


def definitions_blanked(text: str) -> str:
    """`text` with every definition of a macro replaced by spaces of its length (the math around it keeps its
    columns): the parser reads a definition as nothing."""
    if "\\" not in text or not any(word in text for word in _DEFINER_WORDS):
        return text
    out, at = [], 0
    for match in _DEFINER.finditer(text):
        if match.start() < at or _escaped(text, match.start()):
            continue
        found = _definition(text, match, 0)
        out.append(text[at:match.start()])
        out.append(" " * (found.end - match.start()))
        at = found.end
    out.append(text[at:])
    return "".join(out)


def _in_text_argument(line: str, spans: list[tuple[int, int]], at: int) -> bool:
    """Whether column `at` of `line` is inside the argument of `\\text{...}` (or `\\mbox`...) within its math
    span, where a renderer defines nothing (a `\\text{` left open runs to the end of the line)."""
    start = next((begin for begin, end in spans if begin <= at < end), 0)
    for match in _TEXT_ARGUMENT.finditer(line, start, at):
        close = _closing(line, match.end() - 1, "{", "}")
        if close is None or close > at:
            return True
    return False


def _escaped(text: str, at: int) -> bool:
    """Whether the backslash at `at` is the second of `\\\\` (a line break, not a command)."""
    slashes = 0
    while at - slashes - 1 >= 0 and text[at - slashes - 1] == "\\":
        slashes += 1
    return slashes % 2 == 1


def _definition(text: str, match: re.Match, line: int) -> _Definition:
    """The definition whose command `match` found: the macro (None where its form is not one we take) and where
    the definition ends (just after the command where nothing of it reads)."""
    kind, starred = match.group(1), match.group(2)
    name_match = _NAME.match(text, match.end())
    if name_match is None:
        return _Definition(None, match.end())
    name = name_match.group(1) or name_match.group(2)
    at = name_match.end()
    if kind == "DeclareMathOperator":
        word = _group(text, at)
        if word is None:
            return _Definition(None, at)
        spelled = text[word[0] + 1:word[1]]
        body = f"\\operatorname{starred}{{{spelled}}}"
        return _Definition(_macro(name, 0, None, body, line), word[1] + 1)
    parameters, default = 0, None
    if kind in ("def", "gdef"):
        marks = _TEX_PARAMETERS.match(text, at)
        written = marks.group(0) if marks else ""
        if written != "".join(f"#{k}" for k in range(1, len(written) // 2 + 1)):
            return _Definition(None, at)  # `#2#1`: not the parameters in order
        parameters, at = len(written) // 2, at + len(written)
    else:
        count = _COUNT.match(text, at)
        if count is not None:
            parameters, at = int(count.group(1)), count.end()
            optional = _bracketed(text, at)
            if optional is not None and parameters:
                default, at = text[optional[0] + 1:optional[1]], optional[1] + 1
    body_group = _group(text, at)
    if body_group is None:
        return _Definition(None, at)
    return _Definition(_macro(name, parameters, default, text[body_group[0] + 1:body_group[1]], line), body_group[1] + 1)


def _macro(name: str, parameters: int, default: str | None, body: str, line: int) -> Macro | None:
    """The macro, where its name and body are ones we take (a body that opens or closes math, or inline code, would
    move where the math of answers.md is read, away from where the page shows it: not taken)."""
    if len(body) > MAX_BODY or "\n" in body or _DELIMITER.search(body):
        return None
    return Macro(name, parameters, default, body, line)


def _group(text: str, at: int) -> tuple[int, int] | None:
    """The brace group that starts at `at` (after spaces): where its `{` and its `}` are."""
    while at < len(text) and text[at].isspace():
        at += 1
    if at >= len(text) or text[at] != "{":
        return None
    close = _closing(text, at, "{", "}")
    return None if close is None else (at, close)


def _bracketed(text: str, at: int) -> tuple[int, int] | None:
    """The `[...]` that starts at `at` (after spaces): where its brackets are."""
    while at < len(text) and text[at].isspace():
        at += 1
    if at >= len(text) or text[at] != "[":
        return None
    close = _closing(text, at, "[", "]")
    return None if close is None else (at, close)


def _closing(text: str, at: int, opener: str, closer: str) -> int | None:
    """The `closer` matching the `opener` at `at` (escaped ones skipped; for `[`, brace groups inside skipped)."""
    depth, braces, k = 0, 0, at
    while k < len(text):
        ch = text[k]
        if ch == "\\":
            k += 2
            continue
        if opener == "[" and ch in "{}":
            braces += 1 if ch == "{" else -1
        elif braces == 0 and ch == opener:
            depth += 1
        elif braces == 0 and ch == closer:
            depth -= 1
            if depth == 0:
                return k
        k += 1
    return None


class _Expander:
    """The macros defined so far in the document, and what expanding them has cost."""

    def __init__(self, known: dict[str, str]) -> None:
        # A well-known shorthand the text uses is a macro from the start, until the author defines the name.
        self.macros: dict[str, Macro] = {name: Macro(name, 0, None, body, 0) for name, body in known.items()}
        self.well_known = set(known)
        self.well_known_read: dict[str, Refusal] = {}
        self.refusals: list[Refusal] = []
        self.growth_left = MAX_GROWTH

    def line(self, line: str, number: int, spans: list[tuple[int, int]]) -> str:
        """One line: its definitions recorded where a renderer takes them (kept as written), the math between them
        expanded with the macros defined so far. `spans` are the line's math (`MathSpans`)."""
        out, at = [], 0
        alone = not definitions_blanked(line).strip() and "`" not in line  # a line that only defines (see `_FRESH`)
        for match in _DEFINER.finditer(line):
            if match.start() < at or _escaped(line, match.start()):
                continue
            out.append(self.expanded(line[at:match.start()], number))
            found = _definition(line, match, number)
            taken = (alone and match.group(1) in _FRESH) or (
                in_spans(spans, match.start()) and not _in_text_argument(line, spans, match.start()))
            self.record(found.macro, match.group(1) == "providecommand", taken)
            out.append(line[match.start():found.end])
            at = found.end
        out.append(self.expanded(line[at:], number))
        return "".join(out)

    def record(self, macro: Macro | None, provided: bool, taken: bool) -> None:
        """Keep a definition (`\\providecommand` defines only a name not defined yet); one a renderer does not
        take (`taken` False: outside the math) or that renames spacing or layout is left, with a warning."""
        if macro is None or (provided and macro.name in self.macros and macro.name not in self.well_known):
            return
        if not taken or macro.name in _RESERVED:
            self.refusals.append(Refusal(macro.name, macro.line, "answers.macro_not_taken"))
            return
        if macro.name in self.macros or len(self.macros) < MAX_MACROS:
            self.macros[macro.name] = macro
            self.well_known.discard(macro.name)

    def expanded(self, text: str, number: int) -> str:
        """`text` with every use of the macros replaced by its body, round after round while the bodies hold
        more; left as written where it would not end or grow too long (the macro is then refused, and dropped)."""
        if not self.macros or "\\" not in text:
            return text
        pattern = _uses(tuple(self.macros))
        if self.well_known:
            self.note_well_known(pattern, text, number)
        current = text
        for _ in range(MAX_DEPTH + 1):
            if _first_use(pattern, current) is None:
                self.growth_left -= max(0, len(current) - len(text))
                return current
            expanded = _one_round(current, pattern, self.macros) if self.growth_left > 0 else None
            if expanded is None:
                break
            current = expanded
        used = _first_use(pattern, current) or _first_use(pattern, text)
        if used is not None:
            if self.growth_left <= 0:
                self.refusals.append(Refusal(used.group(0), number, "answers.macros_too_long"))
                self.macros.clear()
            else:
                self.refusals.append(Refusal(used.group(0), number, "answers.macro_refused"))
                self.macros.pop(used.group(0), None)
        return text


    def note_well_known(self, pattern: re.Pattern, text: str, number: int) -> None:
        """Record the first use of each well-known shorthand the author did not define (the feedback names the
        reading taken)."""
        for match in pattern.finditer(text):
            name = match.group(0)
            if name in self.well_known and name not in self.well_known_read:
                self.well_known_read[name] = Refusal(name, number, "answers.macros_well_known")


@functools.lru_cache(maxsize=64)
def _uses(names: tuple[str, ...]) -> re.Pattern:
    """A pattern that finds a use of any of `names` (the whole command name, not a longer one)."""
    return re.compile(r"(?:" + "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True)) + r")(?![A-Za-z])")


def _first_use(pattern: re.Pattern, text: str) -> re.Match | None:
    """The first use of a macro in `text` (not the letters after a `\\\\` line break)."""
    return next((match for match in pattern.finditer(text) if not _escaped(text, match.start())), None)


def _one_round(text: str, pattern: re.Pattern, macros: dict[str, Macro]) -> str | None:
    """Every use in `text` replaced once (what the bodies bring in is for the next round); None where the text
    grows beyond `MAX_LINE`."""
    out: list[str] = []
    at, size = 0, 0
    for match in pattern.finditer(text):
        if match.start() < at or _escaped(text, match.start()):
            continue
        macro = macros[match.group(0)]
        replaced = _use(text, match.end(), macro)
        if replaced is None:
            continue  # arguments missing: left as written, for the parser to name
        body, end = replaced
        if end < len(text) and text[end].isalpha() and re.search(r"\\[A-Za-z]+$", body):
            body += " "  # `\R x`: the body's last command must not run into the letters after the use
        piece = text[at:match.start()]
        out.extend((piece, body))
        size += len(piece) + len(body)
        if size > MAX_LINE:
            return None
        at = end
    out.append(text[at:])
    result = "".join(out)
    return result if len(result) <= MAX_LINE else None


def _use(text: str, at: int, macro: Macro) -> tuple[str, int] | None:
    """The body of `macro` with the arguments of its use (which start at `at`) put in, and where the use ends;
    None where the arguments are not all there."""
    arguments: list[str] = []
    if macro.default is not None:
        optional = _bracketed(text, at)
        if optional is not None:
            arguments.append(text[optional[0] + 1:optional[1]])
            at = optional[1] + 1
        else:
            arguments.append(macro.default)
    while len(arguments) < macro.parameters:
        read = _argument(text, at)
        if read is None:
            return None
        arguments.append(read[0])
        at = read[1]
    body = _ARGUMENT_MARK.sub(lambda m: "#" if m.group(1) == "#" else _argument_text(arguments, int(m.group(1))), macro.body)
    return body, at


def _argument_text(arguments: list[str], k: int) -> str:
    """Argument `k`; a command given alone ends with a space (`\\theta` must not run into letters after `#1`)."""
    argument = arguments[k - 1] if k <= len(arguments) else ""
    return argument + " " if re.fullmatch(r"\\[A-Za-z]+", argument) else argument


def _argument(text: str, at: int) -> tuple[str, int] | None:
    """One undelimited argument at `at` (after spaces): a brace group's content, a command, or one character."""
    while at < len(text) and text[at].isspace():
        at += 1
    if at >= len(text) or text[at] in "}]":
        return None
    if text[at] == "{":
        close = _closing(text, at, "{", "}")
        return None if close is None else (text[at + 1:close], close + 1)
    if text[at] == "\\":
        end = at + 1
        while end < len(text) and text[end].isalpha():
            end += 1
        end = max(end, at + 2)
        return text[at:end], end
    return text[at], at + 1
