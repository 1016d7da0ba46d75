"""Cutting source text into tokens, each remembering where it came from."""

from __future__ import annotations

from .errors import MathParseError
from .vocabulary import GAP_COMMANDS, IGNORED_COMMANDS, SKIPPED_WITH_ARGUMENT, SUPERSCRIPTS, TEXT_COMMANDS, UNICODE, WORD_COMMANDS

NUM, LETTERS, CMD, OP, WORD, END = "num", "letters", "cmd", "op", "word", "end"
TEXT = "text"
"""Prose in a text command (``\\text{(by independence)}``): never math."""

_MULTI_CHAR_OPS = ("<=>", "=>", ":=", "<=", ">=", "**", "||")
_SINGLE_CHAR_OPS = frozenset("+-*/^_()[]{}|!,=<>:;.'")
_SPACING_IN_WORDS = ("\\,", "\\;", "\\:", "\\!", "\\ ", "~", "\\quad", "\\qquad")
_DIGITS = frozenset("0123456789")


class Token:
    """One token: its kind, its text and its offset in the source.

    ``gap``: wide spacing (``\\quad``) stood right before it, starting at offset ``gap_at``;
    ``textual``: a WORD or TEXT written with a text-mode command (``\\text{...}``, not
    ``\\mathrm{...}``).
    """

    __slots__ = ("end", "gap", "gap_at", "kind", "pos", "text", "textual")

    def __init__(self, kind: str, text: str, pos: int, end: int | None = None) -> None:
        self.kind, self.text, self.pos = kind, text, pos
        self.end = pos + len(text) if end is None else end
        self.gap = self.textual = False
        self.gap_at = pos

    def is_op(self, *texts: str) -> bool:
        return self.kind == OP and self.text in texts

    def is_cmd(self, *texts: str) -> bool:
        return self.kind == CMD and self.text in texts

    def split_first(self) -> Token:
        """Cut off this token's first character (LaTeX reads `x^23` as `x^2 3`); keep the rest."""
        first = Token(self.kind, self.text[0], self.pos, self.pos + 1)
        self.text, self.pos = self.text[1:], self.pos + 1
        return first

    def __repr__(self) -> str:
        return f"{self.kind}:{self.text}@{self.pos}"


def looks_like_latex(src: str) -> bool:
    return any(c in src for c in "\\{}")


def tokenize(src: str, latex: bool) -> list[Token]:
    """The tokens of `src`, spacing and layout commands dropped; ends with an END token."""
    scan = _Scan(src, latex)
    tokens = scan.tokens
    i, n = 0, len(src)
    while i < n:
        before = len(tokens)
        i = scan.next_token(i)
        if len(tokens) > before:
            if scan.gap is not None:
                tokens[before].gap, tokens[before].gap_at = True, scan.gap
            scan.gap = None
    tokens.append(Token(END, "", n))
    if scan.gap is not None:
        tokens[-1].gap, tokens[-1].gap_at = True, scan.gap
    return tokens


class _Scan:
    """The tokenizer's state: the tokens so far, the place in the text, and where wide spacing began.

    Each ``scan_*`` method looks at the character at ``i``: where it starts what the method reads, the
    method appends its tokens (if any) and returns where the reading ends; else it returns None and the
    next scanner is asked.  The order of `_SCANNERS` decides between readings (a digit before a dot).
    """

    def __init__(self, src: str, latex: bool) -> None:
        self.src, self.latex = src, latex
        self.tokens: list[Token] = []
        self.gap: int | None = None
        """Where wide spacing (`\\quad`) not yet attached to a token started."""

    def next_token(self, i: int) -> int:
        """Read what starts at `i`; return where it ends."""
        for scanner in _ASCII_SCANNERS.get(self.src[i], _SCANNERS):
            end = scanner(self, i)
            if end is not None:
                return end
        raise MathParseError("unknown_character", self.src, i, token=self.src[i])

    def scan_blank(self, i: int) -> int | None:
        c = self.src[i]
        return i + 1 if c.isspace() or c in "~&" else None

    def scan_comment(self, i: int) -> int | None:
        if self.src[i] != "%":
            return None
        end = self.src.find("\n", i)
        return len(self.src) if end < 0 else end

    def scan_number(self, i: int) -> int | None:
        src, c = self.src, self.src[i]
        # `.5` is a number, but not right after one (`1.2.3` is not `1.2` then `.3`)
        leading_dot = (c == "." and i + 1 < len(src) and src[i + 1] in _DIGITS
                       and not (self.tokens and self.tokens[-1].kind == NUM))
        if c not in _DIGITS and not leading_dot:
            return None
        j = _number_end(src, i, self.latex)
        self.tokens.append(Token(NUM, src[i:j], i))
        return j

    def scan_letters(self, i: int) -> int | None:
        if not _is_ascii_letter(self.src[i]):
            return None
        j = i
        while j < len(self.src) and _is_ascii_letter(self.src[j]):
            j += 1
        self.tokens.append(Token(LETTERS, self.src[i:j], i))
        return j

    def scan_command(self, i: int) -> int | None:
        if self.src[i] != "\\":
            return None
        end, spacing = _command(self.src, i, self.tokens)
        if spacing and self.gap is None:
            self.gap = i
        return end

    def scan_operator(self, i: int) -> int | None:
        src = self.src
        if src.startswith(_MULTI_CHAR_OPS, i):
            op = next(o for o in _MULTI_CHAR_OPS if src.startswith(o, i))
            self.tokens.append(Token(OP, "^" if op == "**" else op, i, i + len(op)))
            return i + len(op)
        if src[i] in _SINGLE_CHAR_OPS:
            self.tokens.append(Token(OP, src[i], i))
            return i + 1
        return None

    def scan_unicode(self, i: int) -> int | None:
        c = self.src[i]
        if c in UNICODE:
            text = UNICODE[c]
            self.tokens.append(Token(CMD if text.startswith("\\") else OP, text, i, i + 1))
            return i + 1
        if c in SUPERSCRIPTS:  # `x²`: a superscript digit or letter is `^` and that character
            self.tokens.append(Token(OP, "^", i, i))
            self.tokens.append(Token(NUM if SUPERSCRIPTS[c] in _DIGITS else LETTERS, SUPERSCRIPTS[c], i, i + 1))
            return i + 1
        return None

    def scan_cjk(self, i: int) -> int | None:
        """Chinese or Japanese words inside the math (`\\quad 由链式法则` in an aligned block): prose."""
        src, tokens = self.src, self.tokens
        if not _is_cjk(src[i]):
            return None
        j = i
        while j < len(src) and src[j] not in UNICODE and (_is_cjk(src[j]) or src[j] == " "):
            j += 1
        words = src[i:j].strip()
        if words in _CJK_THEREFORE and tokens and tokens[-1].kind != END:
            # `A = 1，所以 B = C`: "so" between two statements is an implication
            if tokens[-1].kind == OP and tokens[-1].text == ",":
                tokens.pop()
            tokens.append(Token(CMD, "\\Rightarrow", i, j))
        else:
            tokens.append(Token(TEXT, words, i, j))
            tokens[-1].textual = True
        return j




def _is_ascii_letter(c: str) -> bool:
    return c.isascii() and c.isalpha()


#: Chinese words for "so", "hence" between two statements.
_CJK_THEREFORE = frozenset({"所以", "因此", "故", "于是", "从而", "可得", "得到", "推出", "所以有", "因此有", "故有", "则有"})


def _is_cjk(c: str) -> bool:
    """CJK ideographs, kana, and their full-width punctuation (，。：；（）)."""
    code = ord(c)
    return 0x3000 <= code <= 0x30FF or 0x3400 <= code <= 0x9FFF or 0xFF01 <= code <= 0xFF65 or 0xF900 <= code <= 0xFAFF


def _number_end(src: str, i: int, latex: bool) -> int:
    n = len(src)
    j = i
    while j < n and src[j] in _DIGITS:
        j += 1
    if j + 1 < n and src[j] == "." and src[j + 1] in _DIGITS:
        j += 1
        while j < n and src[j] in _DIGITS:
            j += 1
    if not latex and j < n and src[j] in "eE":
        k = j + 1
        if k < n and src[k] in "+-":
            k += 1
        if k < n and src[k] in _DIGITS:
            while k < n and src[k] in _DIGITS:
                k += 1
            j = k
    return j


def _command(src: str, i: int, tokens: list[Token]) -> tuple[int, bool]:
    """Read the command at `src[i] == "\\"`; append its token (if it means anything).

    Returns where the command ends and whether it was wide spacing (`\\quad`).
    """
    n = len(src)
    j = i + 1
    if j < n and src[j].isascii() and src[j].isalpha():
        while j < n and src[j].isascii() and src[j].isalpha():
            j += 1
        if j < n and src[j] == "*" and src[i:j] in ("\\operatorname", "\\tag", "\\hspace"):
            j += 1
    elif j < n:
        j += 1
    name = src[i:j].rstrip("*") if j - i > 2 else src[i:j]
    gap = name in GAP_COMMANDS
    return _command_token(src, i, j, name, tokens), gap


def _command_token(src: str, i: int, j: int, name: str, tokens: list[Token]) -> int:
    """Append the token of the command `name` (`src[i:j]`), if it means anything; return where it ends."""
    if name in ("\\left", "\\right") and j < len(src) and src[j] == ".":
        return j + 1  # `\left.`: an invisible delimiter
    if name in IGNORED_COMMANDS or name == "\\":
        return j
    if name == "\\\\":
        tokens.append(Token(OP, "\\\\", i))
        return j
    if name in SKIPPED_WITH_ARGUMENT:
        return _after_skipped_argument(src, j)
    if name in WORD_COMMANDS:
        return _word_command(src, i, j, name, tokens)
    tokens.append(Token(CMD, name, i, j))
    return j


def _after_skipped_argument(src: str, j: int) -> int:
    """Where a command that is dropped with its brace argument (`\\label{...}`) ends."""
    k = _skip_spaces(src, j)
    if k < len(src) and src[k] == "{":
        end = matching_brace(src, k)
        return end + 1 if end is not None else len(src)
    return j


def _word_command(src: str, i: int, j: int, name: str, tokens: list[Token]) -> int:
    """`\\mathrm{Var}`, `\\text{for all}`: a WORD where the braces hold a name or words, prose (TEXT) where a
    text command holds anything else; where neither, the braces that follow are read as they stand."""
    k = _skip_spaces(src, j)
    end = matching_brace(src, k) if k < len(src) and src[k] == "{" else None
    if end is None:
        return j  # `\\mathrm{\\Lambda}` and the like: the braces that follow are read as they stand.
    raw = src[k + 1 : end]
    word = raw.replace("\\_", "_")  # `\\mathrm{one\\_hot}`: the underscore escaped to be typeset is part of the name
    for spacing in _SPACING_IN_WORDS:
        word = word.replace(spacing, " ")
    if word.strip() and all((ch.isascii() and ch.isalnum()) or ch in " _" for ch in word):
        tokens.append(Token(WORD, " ".join(word.split()), i, end + 1))
        tokens[-1].textual = name in TEXT_COMMANDS
        return end + 1
    if name not in TEXT_COMMANDS:
        return j
    # prose (`\\text{(by independence)}`) is one token; blank text is spacing
    if raw.strip():
        tokens.append(Token(TEXT, " ".join(raw.split()), i, end + 1))
        tokens[-1].textual = True
    return end + 1


def _skip_spaces(src: str, k: int) -> int:
    while k < len(src) and src[k].isspace():
        k += 1
    return k


def matching_brace(src: str, k: int) -> int | None:
    """The `}` that closes the `{` at `k` (escaped braces `\\{`, `\\}` skipped); None where the text ends first."""
    depth = 0
    j = k
    while j < len(src):
        ch = src[j]
        if ch == "\\":
            j += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return j
        j += 1
    return None


_SCANNERS = (_Scan.scan_blank, _Scan.scan_comment, _Scan.scan_number, _Scan.scan_letters, _Scan.scan_command,
             _Scan.scan_operator, _Scan.scan_unicode, _Scan.scan_cjk)
_FIRST_CHARACTERS = {  # a superset of the characters each scanner starts at
    _Scan.scan_blank: lambda c: c.isspace() or c in "~&",
    _Scan.scan_comment: lambda c: c == "%",
    _Scan.scan_number: lambda c: c in _DIGITS or c == ".",
    _Scan.scan_letters: _is_ascii_letter,
    _Scan.scan_command: lambda c: c == "\\",
    _Scan.scan_operator: lambda c: c in _SINGLE_CHAR_OPS or any(op[0] == c for op in _MULTI_CHAR_OPS),
    _Scan.scan_unicode: lambda c: c in UNICODE or c in SUPERSCRIPTS,
    _Scan.scan_cjk: _is_cjk,
}
_ASCII_SCANNERS = {chr(code): tuple(scanner for scanner in _SCANNERS if _FIRST_CHARACTERS[scanner](chr(code)))
                   for code in range(128)}
"""The scanners to ask, in order, for each ASCII character (only `.` has two: `.5` or the operator): a
lookup instead of asking every scanner in turn, which made tokenizing half again as slow."""
