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
    tokens: list[Token] = []
    i, n = 0, len(src)
    gap: int | None = None
    while i < n:
        c = src[i]
        before = len(tokens)
        if c.isspace() or c in "~&":
            i += 1
        elif c == "%":
            while i < n and src[i] != "\n":
                i += 1
        elif c in _DIGITS or (c == "." and i + 1 < n and src[i + 1] in _DIGITS
                             and not (tokens and tokens[-1].kind == NUM)):
            j = _number_end(src, i, latex)
            tokens.append(Token(NUM, src[i:j], i))
            i = j
        elif c.isascii() and c.isalpha():
            j = i
            while j < n and src[j].isascii() and src[j].isalpha():
                j += 1
            tokens.append(Token(LETTERS, src[i:j], i))
            i = j
        elif c == "\\":
            start = i
            i, spacing = _command(src, i, tokens)
            if spacing and gap is None:
                gap = start
        elif src.startswith(_MULTI_CHAR_OPS, i):
            op = next(o for o in _MULTI_CHAR_OPS if src.startswith(o, i))
            tokens.append(Token(OP, "^" if op == "**" else op, i, i + len(op)))
            i += len(op)
        elif c in _SINGLE_CHAR_OPS:
            tokens.append(Token(OP, c, i))
            i += 1
        elif c in UNICODE:
            text = UNICODE[c]
            tokens.append(Token(CMD if text.startswith("\\") else OP, text, i, i + 1))
            i += 1
        elif c in SUPERSCRIPTS:
            tokens.append(Token(OP, "^", i, i))
            tokens.append(Token(NUM if SUPERSCRIPTS[c] in _DIGITS else LETTERS, SUPERSCRIPTS[c], i, i + 1))
            i += 1
        elif _is_cjk(c):
            # Chinese or Japanese words inside the math (`\quad 由链式法则` in an aligned block): prose
            j = i
            while j < n and src[j] not in UNICODE and (_is_cjk(src[j]) or src[j] == " "):
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
            i = j
        else:
            raise MathParseError("unknown_character", src, i, token=c)
        if len(tokens) > before:
            if gap is not None:
                tokens[before].gap, tokens[before].gap_at = True, gap
            gap = None
    tokens.append(Token(END, "", n))
    if gap is not None:
        tokens[-1].gap, tokens[-1].gap_at = True, gap
    return tokens


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
    n = len(src)
    if name in ("\\left", "\\right") and j < n and src[j] == ".":
        return j + 1
    if name in IGNORED_COMMANDS:
        return j
    if name == "\\\\":
        tokens.append(Token(OP, "\\\\", i))
        return j
    if name in SKIPPED_WITH_ARGUMENT:
        k = _skip_spaces(src, j)
        if k < n and src[k] == "{":
            end = _matching_brace(src, k)
            return end + 1 if end is not None else n
        return j
    if name in WORD_COMMANDS:
        k = _skip_spaces(src, j)
        if k < n and src[k] == "{":
            end = _matching_brace(src, k)
            if end is not None:
                raw = src[k + 1 : end]
                word = raw
                for spacing in _SPACING_IN_WORDS:
                    word = word.replace(spacing, " ")
                if word.strip() and all((ch.isascii() and ch.isalnum()) or ch in " _" for ch in word):
                    tokens.append(Token(WORD, " ".join(word.split()), i, end + 1))
                    tokens[-1].textual = name in TEXT_COMMANDS
                    return end + 1
                if name in TEXT_COMMANDS:
                    # prose (`\\text{(by independence)}`) is one token; blank text is spacing
                    if raw.strip():
                        tokens.append(Token(TEXT, " ".join(raw.split()), i, end + 1))
                        tokens[-1].textual = True
                    return end + 1
        # `\\mathrm{\\Lambda}` and the like: the braces that follow are read as they stand.
        return j
    if name == "\\":
        return j
    tokens.append(Token(CMD, name, i, j))
    return j


def _skip_spaces(src: str, k: int) -> int:
    while k < len(src) and src[k].isspace():
        k += 1
    return k


def _matching_brace(src: str, k: int) -> int | None:
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
