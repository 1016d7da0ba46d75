"""Lines that state no step: remarks, assumptions, prose, and notation the parser does not know."""

from __future__ import annotations

import re

from grader.derivations.terms import Term
from grader.derivations.written_lines import parse_or_none
from grader.mathparse import MathParseError, Notation
from grader.results.models import DerivationLine, LinkResult

#: Relations that state an assumption or a remark (`\epsilon_i \sim N(0, \sigma^2)`,
#: `L \propto ...`, `J(w) \approx ...`): a line with one is shown, not checked, not charged.
REMARK_RELATIONS = frozenset({
    "\\sim", "\\propto", "\\approx", "\\simeq", "\\cong", "\\in", "\\notin", "\\neq", "\\ne",
    "\\le", "\\leq", "\\ge", "\\geq", "<", ">", "\\lt", "\\gt", "\\perp", "\\subset", "\\subseteq", "~",
    # an update rule (`w \leftarrow w - \eta g`), an order of growth (`\asymp`), a map (`\mapsto`): remarks
    # (`\to`, `\rightarrow` are not: students write them for "tends to" and for "implies" inside a step)
    "\\leftarrow", "\\gets", "\\longleftarrow", "\\asymp", "\\mapsto", "\\longmapsto", "\\leftrightarrow", "\\ll", "\\gg",
    # an arrow with its label, `\xrightarrow{n \to \infty}`: a limit, or a transformation named in the label
    # (`\xrightarrow{\log}`), neither an equation the checker could hold the author to
    "\\xrightarrow", "\\xleftarrow",
})


#: Parse errors that say the notation is unknown to the parser, not that the math is wrong.
NOTATION_ERRORS = frozenset(
    f"parse.{key}" for key in ("unknown_command", "unknown_character", "unsupported", "unsupported_relation", "text", "unexpected", "internal",
                               # an index without a range, limits or a derivative written otherwise: notation, not wrong math
                               "index_range", "bad_limits", "derivative", "function_args", "index_count")
)


def unknown_notation(line: DerivationLine) -> bool:
    """Whether a line could not be read because of notation the parser does not know."""
    return line.error is not None and line.error.key in NOTATION_ERRORS


def after_remark(text: str, error: MathParseError, notation: Notation, number: int) -> list[Term] | None:
    """The terms after a remark's relation (`A` in `L \\propto A`), to continue from; None if unreadable."""
    token = str(error.message.params.get("token", "")).strip()
    at = text.find(token, max(0, error.column - 1))
    if at < 0:
        return None
    parsed = parse_or_none(text[at + len(token):], notation)
    if parsed is None or parsed.leading_relation is not None or not parsed.terms:
        return None
    return [Term(e, src, number) for e, src in zip(parsed.terms, parsed.term_sources)][-1:]


#: A text group (`\text{since $VV^T = I$}`): prose, whatever math it quotes.
_TEXT_GROUP = re.compile(r"\\(?:text|textrm|textit|textbf|mbox|textnormal)\s*\{")


_INLINE_MATH = re.compile(r"\$([^$]*)\$")


#: What makes a line a step: an equation, or an implication between statements.
_STEP_RELATION = re.compile(
    r"=|\\(?:Rightarrow|Longrightarrow|implies|iff|Leftrightarrow|Longleftrightarrow|therefore|because|equiv|coloneqq|triangleq|doteq|eqqcolon|stackrel|overset|xrightarrow|xLeftrightarrow|xRightarrow)(?![A-Za-z])"
)


def _without_prose(text: str) -> str:
    """`text` with the words of every `\\text{...}` group removed; the math it quotes in `$...$` is kept
    (`\\text{since $V^{-1} = V$}` states a fact that can be wrong)."""
    out, at = [], 0
    for match in _TEXT_GROUP.finditer(text):
        if match.start() < at:
            continue
        out.append(text[at:match.start()])
        depth, end = 1, match.end()
        while end < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[end], 0)
            end += 1
        out.extend(_INLINE_MATH.findall(text[match.end():end]))
        at = end
    out.append(text[at:])
    return " ".join(out)


def states_no_step(text: str) -> bool:
    """Whether a line the parser could not read states no step at all: no equation, no implication.

    A line of prose, a set of data (`\\{x_i, Y_i\\}_{i=1}^n`), a mapping of labels to one-hot vectors
    (`a \\rightarrow [0, 1, 0]`) or a bare matrix claims nothing a TA could mark wrong.  An arrow between
    expressions is not an implication (that needs statements, which have equations).
    """
    return _STEP_RELATION.search(_without_scripts(_without_prose(text))) is None


def _without_scripts(text: str) -> str:
    """`text` without its braced sub- and superscripts: `_{i=1}` names a range, it states nothing."""
    out, at = [], 0
    for match in re.finditer(r"[_^]\s*\{", text):
        if match.start() < at:
            continue
        out.append(text[at:match.start()])
        depth, end = 1, match.end()
        while end < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[end], 0)
            end += 1
        at = end
    out.append(text[at:])
    return "".join(out)


def remark_relation(error: MathParseError) -> str | None:
    """The relation that made a line unreadable, where it states an assumption or a remark."""
    if error.key != "parse.unsupported_relation":
        return None
    token = str(error.message.params.get("token", "")).strip()
    return token if token in REMARK_RELATIONS else None


def follows_unreadable(link: LinkResult) -> bool:
    """A continuation of an unreadable line is not counted again: the unreadable line already was."""
    return link.reason is not None and link.reason.key == "derivation.continues_unreadable"
