"""What students write around the math: boxes, braces with notes, proof marks and remarks.

All of it works on the token list before the grammar sees it, and only ever removes tokens:

- ``\\boxed{X}``, ``\\cancel{X}`` (``\\bcancel``, ``\\xcancel``), ``\\cancelto{v}{X}``,
  ``\\underbrace{X}_{note}``, ``\\overbrace{X}^{note}`` are X (the note is dropped);
  the braces stay as a group unless X holds a relation (``\\boxed{w = ...}``).
- a leading ``\\therefore`` / ``\\because`` and a trailing ``\\blacksquare``, ``\\qed``,
  ``\\square``, ``\\Box`` are dropped.
- a remark after the math (``\\quad \\text{for } k \\neq i``, ``, \\quad k \\neq i``,
  ``\\quad (\\text{by independence})``, ``\\text{(...)}``) runs to the end of the line.
"""

from __future__ import annotations

from .cursor import is_unsupported_relation, relation_of, split_tokens
from .tokens import CMD, END, LETTERS, OP, TEXT, WORD, Token
from .vocabulary import ANNOTATED, CONNECTIVE_WORDS, LEADING_MARKS, REMARK_WORDS, TRAILING_MARKS, WRAPPERS

_OPEN = frozenset({"(", "[", "{"})
_CLOSE = frozenset({")", "]", "}"})
_NEQ = frozenset({"\\neq", "\\ne"})
_QUANTIFIERS = frozenset({"\\forall", "\\exists"})
_ENDS_NOTHING = frozenset({"+", "-", "*", "/", "^", "_", "(", "[", "{", "|"})
"""Operators after which no term is complete: a text there is not a remark."""


def _depth_step(tok: Token) -> int:
    if tok.kind == OP and tok.text in _OPEN:
        return 1
    if tok.kind == OP and tok.text in _CLOSE:
        return -1
    return 0


def matching(toks: list[Token], j: int) -> int | None:
    """The index of the token closing the bracket opened at `toks[j]` (any of ( [ { closes any)."""
    depth = 0
    for k in range(j, len(toks)):
        depth += _depth_step(toks[k])
        if depth == 0:
            return k
        if toks[k].kind == END:
            return None
    return None


def _has_relation(toks: list[Token]) -> bool:
    depth = 0
    for tok in toks:
        depth += _depth_step(tok)
        if depth == 0 and (relation_of(tok) or is_unsupported_relation(tok)):
            return True
    return False


def unwrap(toks: list[Token]) -> list[Token]:
    """Remove boxes, cancels and under/over-braces (with their notes), keeping what they hold."""
    j = 0
    while j < len(toks):
        tok = toks[j]
        if tok.kind != CMD or not toks[j + 1 : j + 2] or not toks[j + 1].is_op("{"):
            j += 1
            continue
        if tok.text == "\\cancelto":
            close = matching(toks, j + 1)
            if close is None or not toks[close + 1].is_op("{"):
                j += 1
                continue
            del toks[j + 1 : close + 1]  # `\cancelto{v}{X}`: the value it cancels to goes
        elif tok.text not in WRAPPERS and tok.text not in ANNOTATED:
            j += 1
            continue
        close = matching(toks, j + 1)
        if close is None:
            j += 1
            continue
        marker = ANNOTATED.get(tok.text)
        if marker and toks[close + 1].is_op(marker):
            del toks[close + 1 : _script_end(toks, close + 2)]
        if _has_relation(toks[j + 2 : close]):
            del toks[close]
            del toks[j + 1]
        del toks[j]
    return toks


def _script_end(toks: list[Token], k: int) -> int:
    """Where the script argument starting at `toks[k]` ends (exclusive)."""
    tok = toks[k]
    if tok.kind == END:
        return k
    if tok.is_op("{"):
        close = matching(toks, k)
        return len(toks) - 1 if close is None else close + 1
    k += 1
    if tok.kind == CMD:  # `_\frac{a}{b}`, `_\text{...}`: the command's brace arguments too
        for _ in range(2):
            if not toks[k].is_op("{"):
                break
            close = matching(toks, k)
            if close is None:
                return len(toks) - 1
            k = close + 1
    return k


_LEADING_WORDS = frozenset({"so", "then", "hence", "thus", "therefore", "and", "now", "finally", "since"})


def _leading_prose(tok: Token) -> bool:
    """Words before the math (`综上，`, `\\text{so }`): prose that opens the line, not a name."""
    if tok.kind != TEXT:
        return False
    if any(ord(ch) >= 0x3000 for ch in tok.text):
        return True
    return tok.textual and _first_word(tok.text) in _LEADING_WORDS


def strip_leading_marks(toks: list[Token]) -> int | None:
    """Drop `\\therefore` / `\\because` and opening prose (`综上，`) at the start; the offset
    after them, if any were."""
    origin = None
    while len(toks) >= 2 and ((toks[0].kind == CMD and toks[0].text in LEADING_MARKS) or _leading_prose(toks[0])
                              or (origin is not None and toks[0].is_op(",", ":"))):
        origin = toks[0].end
        del toks[0]
    return origin


def drop_trailing(toks: list[Token]) -> None:
    """A sentence's `.` or `,`, a line break or a proof mark after the math is not part of it."""
    while len(toks) >= 2 and (toks[-2].is_op(".", ",", ";", "\\\\") or toks[-2].is_cmd(*TRAILING_MARKS)):
        toks[-1].pos = toks[-2].gap_at
        del toks[-2]


def _first_word(text: str) -> str:
    for word in text.split():
        cleaned = "".join(ch for ch in word if ch.isalnum()).lower()
        if cleaned:
            return cleaned
    return ""


def _is_prose(tok: Token, names: set[str], at_end: bool) -> bool:
    """Whether a text token after the math opens a remark."""
    if not tok.textual or tok.kind not in (WORD, TEXT):
        return False
    if tok.kind == WORD and tok.text in names:
        return False
    first = _first_word(tok.text)
    if first in CONNECTIVE_WORDS:
        return False
    if tok.kind == TEXT or first in REMARK_WORDS or " " in tok.text:
        return True
    return tok.gap and at_end  # `\quad \text{MSE}` at the end: a label


def _term_before(toks: list[Token], start: int) -> bool:
    """Whether the tokens before `start` end a term (so what starts there may be a remark)."""
    k = start - 1
    while k >= 0 and toks[k].is_op(",", ";", "."):
        k -= 1
    if k < 0:
        return False
    tok = toks[k]
    if relation_of(tok) or is_unsupported_relation(tok) or tok.is_cmd("\\stackrel", "\\overset"):
        return False
    if tok.is_op("*") and k > 0 and toks[k - 1].is_op("^", "_"):
        return True  # `w^*`
    return not (tok.kind == OP and tok.text in _ENDS_NOTHING)


def _with_punctuation(toks: list[Token], start: int) -> int:
    while start > 0 and toks[start - 1].is_op(",", ";"):
        start -= 1
    return start


def _condition_ahead(toks: list[Token], j: int) -> bool:
    """From `toks[j]` to the end at this level: a condition (`k \\neq i`, `\\forall k`), no checked relation."""
    return _conditions_from(toks)[j]


def _conditions_from(toks: list[Token]) -> list[bool]:
    """For each index at bracket depth 0: whether `_condition_ahead` holds there (one pass each way)."""
    depths, depth = [], 0
    for tok in toks:
        depth += _depth_step(tok)
        depths.append(depth)
    result = [False] * len(toks)
    found = blocked = False
    for j in range(len(toks) - 1, -1, -1):
        tok = toks[j]
        if tok.kind != END:
            if depths[j] < 0 or (depths[j] == 0 and (relation_of(tok) or tok.is_cmd("\\stackrel", "\\overset"))):
                blocked = True
            elif depths[j] == 0 and (is_unsupported_relation(tok) or tok.is_cmd(*_QUANTIFIERS)):
                found = True
        if tok.is_cmd(*_QUANTIFIERS):
            result[j] = True
        elif relation_of(tok) or is_unsupported_relation(tok):
            result[j] = False
        else:
            result[j] = found and not blocked
    return result


def _remark_group(toks: list[Token], j: int, names: set[str]) -> bool:
    """`(\\text{by independence})` anywhere, or `\\quad (k \\neq i)` after spacing or a comma."""
    close = matching(toks, j)
    if close is None or close + 1 >= len(toks):
        return False
    inner = toks[j + 1 : close]
    if not inner:
        return False
    if _is_prose(inner[0], names, False) or inner[0].is_cmd(*LEADING_MARKS):
        return True  # `(\text{by independence})`, `(∵ \nabla J(w^*) = 0)`
    spaced = toks[j].gap or (j > 0 and toks[j - 1].is_op(","))
    if not spaced:
        return False
    if any(t.kind == TEXT for t in inner):
        return True
    if len(inner) == 1 and inner[0].textual and inner[0].text not in names:
        return True  # `\quad (\text{MSE})`
    return bool(inner) and _condition_ahead(inner + [Token(END, "", close)], 0)


def remark_start(toks: list[Token], names: set[str]) -> int | None:
    """The index where a remark after the math begins, if the line has one."""
    conditions = _conditions_from(toks)
    depth = 0
    for j, tok in enumerate(toks):
        if tok.kind == END:
            return None
        if depth == 0 and j > 0 and _term_before(toks, j):
            at_end = toks[j + 1].kind == END
            if _is_prose(tok, names, at_end):
                return _with_punctuation(toks, j)
            if tok.is_op("(", "[") and _remark_group(toks, j, names):
                return _with_punctuation(toks, j)
            # `... \forall j \in 1..K`: a quantifier after a complete term starts a remark, spaced or not, where
            # no relation follows it (`a \forall b = c` hides no equation in a remark)
            spaced = tok.gap or toks[j - 1].is_op(",") or (
                tok.is_cmd(*_QUANTIFIERS) and not any(relation_of(t) for t in toks[j + 1 :]))
            if spaced and conditions[j]:
                return _with_punctuation(toks, j)
        depth += _depth_step(tok)
    return None


def condition_parts(remark: list[Token]) -> list[tuple[list[Token], list[Token]]]:
    """The `left \\neq right` pieces of a remark, as token lists."""
    pieces: list[list[Token]] = [[]]
    for tok in remark:
        if (tok.kind in (TEXT, WORD) and tok.textual) or tok.is_cmd(*_QUANTIFIERS):
            pieces.append([])
        else:
            pieces[-1].append(tok)
    found = []
    for piece in pieces:
        for part in split_tokens(piece, (",", ";")):
            while len(part) >= 2 and part[0].is_op("(", "[") and matching(part, 0) == len(part) - 1:
                part = part[1:-1]
            while part and part[0].is_op("(", "["):
                part = part[1:]
            while part and part[-1].is_op(")", "]"):
                part = part[:-1]
            depth, cuts = 0, []
            for k, tok in enumerate(part):
                depth += _depth_step(tok)
                if depth == 0 and tok.kind == CMD and tok.text in _NEQ:
                    cuts.append(k)
            if len(cuts) == 1 and 0 < cuts[0] < len(part) - 1:
                found.append((part[: cuts[0]], part[cuts[0] + 1 :]))
    return found


_CONDITION_WORDS = frozenset({"if", "for", "when", "where", "with", "case", "当", "若", "如果", "其中"})


def trailing_equality(toks: list[Token]) -> tuple[int, Token, Token] | None:
    """A condition `k = i` after the math (`, \\quad i = k`, `\\quad (i = k)`, `\\text{if } k = i`):
    (where it starts, its left name, its right name), or None.

    Only two single-letter names count (an index condition): `\\quad b = 0` is math, not a condition,
    and the condition must be set apart by spacing, a comma, a bracket or a word such as `if`."""
    end = len(toks) - 1  # toks[end] is END
    k = end - 1
    closed = k >= 0 and toks[k].is_op(")")
    if closed:
        k -= 1
    if k < 2 or not _index_name(toks[k]) or not toks[k - 1].is_op("=") or not _index_name(toks[k - 2]):
        return None
    right, left = toks[k], toks[k - 2]
    start = k - 2
    set_apart = left.gap
    if closed:
        if start < 1 or not toks[start - 1].is_op("("):
            return None
        start -= 1
        set_apart = set_apart or toks[start].gap
    if start >= 1 and toks[start - 1].kind in (TEXT, WORD) and _first_word(toks[start - 1].text) in _CONDITION_WORDS:
        start -= 1
        set_apart = True
    if start >= 1 and toks[start - 1].is_op(","):
        start -= 1
        set_apart = True
    if not set_apart or start < 1:
        return None
    if relation_of(toks[start - 1]) or toks[start - 1].is_op("+", "-", "(", "[", "{", "^", "_"):
        return None
    return start, left, right


def _index_name(tok: Token) -> bool:
    return tok.kind == LETTERS and len(tok.text) == 1 and tok.text.islower()
