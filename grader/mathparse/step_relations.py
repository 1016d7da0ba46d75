"""Which relations state a step the checker holds the author to, and which only remark.

A derivation line is a chain of equations and implications.  A line whose relation states an
assumption or a remark (`\\epsilon_i \\sim N(0, \\sigma^2)`, `L \\propto ...`), or a line with no
equation or implication at all (prose, a set of data, a bare matrix), claims no step a TA could
mark wrong.  `statements.read_statement` uses both tests to say what a line the parser cannot read
as a chain is.
"""

from __future__ import annotations

import re

from grader.reading.author_macros import definitions_blanked

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


#: A text group (`\text{since $VV^T = I$}`): prose, whatever math it quotes.
_TEXT_GROUP = re.compile(r"\\(?:text|textrm|textit|textbf|mbox|textnormal)\s*\{")


_INLINE_MATH = re.compile(r"\$([^$]*)\$")


#: What makes a line a step: an equation, or an implication between statements.
_STEP_RELATION = re.compile(
    r"=|\\(?:Rightarrow|Longrightarrow|implies|iff|Leftrightarrow|Longleftrightarrow|therefore|because|equiv|coloneqq|triangleq|doteq|eqqcolon|stackrel|overset|xrightarrow|xLeftrightarrow|xRightarrow)(?![A-Za-z])"
)


def states_no_step(text: str) -> bool:
    """Whether a line the parser could not read states no step at all: no equation, no implication.

    A line of prose, a set of data (`\\{x_i, Y_i\\}_{i=1}^n`), a mapping of labels to one-hot vectors
    (`a \\rightarrow [0, 1, 0]`), a bare matrix or the author's macro definitions (`\\newcommand`) claims nothing a TA could mark wrong.  An arrow between
    expressions is not an implication (that needs statements, which have equations).
    """
    return _STEP_RELATION.search(_without_scripts(_without_prose(definitions_blanked(text)))) is None


def _without_prose(text: str) -> str:
    """`text` with the words of every `\\text{...}` group removed; the math it quotes in `$...$` is kept
    (`\\text{since $V^{-1} = V$}` states a fact that can be wrong)."""
    out, at = [], 0
    for match in _TEXT_GROUP.finditer(text):
        if match.start() < at:
            continue
        out.append(text[at:match.start()])
        end = _group_end(text, match.end())
        out.extend(_INLINE_MATH.findall(text[match.end():end]))
        at = end
    out.append(text[at:])
    return " ".join(out)


def _without_scripts(text: str) -> str:
    """`text` without its braced sub- and superscripts: `_{i=1}` names a range, it states nothing."""
    out, at = [], 0
    for match in re.finditer(r"[_^]\s*\{", text):
        if match.start() < at:
            continue
        out.append(text[at:match.start()])
        at = _group_end(text, match.end())
    out.append(text[at:])
    return "".join(out)


def _group_end(text: str, start: int) -> int:
    """The offset just after the `}` that closes a group opened before `start` (the end of `text` if none)."""
    depth, end = 1, start
    while end < len(text) and depth:
        depth += {"{": 1, "}": -1}.get(text[end], 0)
        end += 1
    return end
