"""The prose just before a display block of answers.md, read for what it says about the block.

A derivation's lines may hold only under a case the sentence before them states ("If $k = i$:"),
under one-hot labels the section assumed ("$Y_j = 1$ and the others 0"), or with names the prose
defined in inline math ("$S = \\sum_j e^{z_j}$"). These readings are plain strings of math: the
derivation checker parses them with its own parser.
"""

from __future__ import annotations

import re

from grader.reading.hard_labels import hard_label_assumption, label_assumption_withdrawn

__all__ = ["MAX_GIVEN", "block_condition", "heading_condition", "label_assumption", "one_hot_assumption", "prose_condition", "stated_equations"]

#: One side of an index condition: a letter (an index word, `i = class`, is not read: the condition after the math takes letters).
_SIDE = r"[a-z]"
#: The number or letter a case heading is listed with: `1)`, `2.`, `(a)`, `b)`, `(ii)`, and `Case 1:` (with or
#: without the colon before the math).
_ENUMERATOR = r"(?:(?:\(?[0-9]{1,2}[).:]|\(?[a-z]{1,3}\)|[Cc]ase\s+[0-9]{1,2}\s*[:.]?)\s*)?"

#: "If $k = i$:", "for $k \neq i$ we get", "当 $k=i$ 时", "Case $k = i$." at the end of the prose
#: just before a display block: the block's lines hold under that index condition.
_PROSE_CONDITION = re.compile(
    r"(?:\b(?:if|for|when|where|case(?:\s+(?:\d{1,2}|[a-z]|\([a-z0-9]{1,3}\)))?|in\s+the\s+case)\b\)?|当|若|如果|对于)\s*:?\s*\$\s*(?P<math>"
    + _SIDE + r"\s*(?:=|\\neq|\\ne|\\not\s*=|!=)\s*" + _SIDE +
    # an inequality ("If $w_i^* > \frac{\alpha}{H_{i,i}}$:"): read only by notations that read inequalities
    r"|[^$]{1,120}?(?:\\leq?|\\geq?|\\lt|\\gt|<|>)[^$]{1,120}?)\s*\$"
    r"(?P<rest>[^$\n]{0,40})$",
    re.IGNORECASE,
)


#: A paragraph that is only the condition, with or without a colon: "$i = j$:", "- $k \neq i$:",
#: "$i = j$" on a line of its own (a heading of the case the display after it works out).
_CONDITION_ALONE = re.compile(
    r"(?:^|\n)[ \t>*+-]*(?:\*\*)?" + _ENUMERATOR + r"(?:\*\*)?\s*\$\s*(?P<math>" + _SIDE + r"\s*(?:=|\\neq|\\ne|\\not\s*=|!=)\s*" + _SIDE
    + r")\s*\$(?:\*\*)?\s*(?P<rest>[:：]?)\s*$"
)


def block_condition(prose: str, heading: str, block: str) -> tuple[str, str]:
    """The index condition a display block is read under, and the case heading in force after it.

    The condition is the one the prose just before the block ends with; where no prose stands between the block and
    the one before, it is the condition of the case HEADING in force (`heading`: "Case 1: $i = c$", "2) $k \\neq
    i$", "$i = j$:" on a line of its own; never a sentence such as "if $i \\neq j$, ...", whose condition reaches
    its own display only): a case's displays one after another.  A display that writes both cases at once (a `cases`
    environment, a Kronecker delta or an indicator) is read as written, and ends the heading's reach."""
    if _without_opener(prose).strip():
        condition = prose_condition(prose)
        return condition, heading_condition(prose, condition)
    if heading and not _BOTH_CASES.search(block):
        return heading, heading
    return "", ""


def heading_condition(prose: str, condition: str | None = None) -> str:
    """The condition of a case heading the prose ends with (a condition on a line of its own, numbered or not, or
    after `Case 1:`), or "" (a sentence's condition reaches its own display only); `condition`: the prose's
    condition where the caller has read it already (the prose before every display is read: once is enough)."""
    condition = prose_condition(prose) if condition is None else condition
    if not condition:
        return ""
    tail = _without_opener(prose)[-200:]
    if condition and (_CONDITION_ALONE.search(tail) or re.search(r"(?:^|\n)[ \t>*+-]*(?:\*\*)?case\b[^\n$]{0,12}\$[^$\n]*\$[:.：]?\s*$", tail, re.IGNORECASE)):
        return condition
    return ""


#: What writes both cases of an index condition at once: `cases`, `\delta_{ij}`, `[i = j]`, `\mathbb{1}`, `1\{`.
_BOTH_CASES = re.compile(r"\\begin\s*\{\s*[dr]?cases|\\delta|\[\s*[a-z]\s*=\s*[a-z]\s*\]|\\math(?:bb|bf)\s*\{\s*1\s*\}|(?<![0-9.])1\s*\\\{")


def _without_opener(prose: str) -> str:
    tail = prose.rstrip()
    for opener in ("$$", "\\[", "\\begin"):  # the block's own opener
        if tail.endswith(opener):
            tail = tail[: -len(opener)].rstrip()
    return tail


def prose_condition(prose: str) -> str:
    """The index condition the prose before a block ends with, as math (`k = i`), or ""."""
    tail = _without_opener(prose)[-200:]
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


def stated_equations(prose: str) -> tuple[str, ...]:
    """The equations the prose states in inline math that may define a name, in order."""
    return tuple(m.group("math").strip() for m in _INLINE_MATH.finditer(prose) if _given_equation(m.group("math")))


def _given_equation(math: str) -> bool:
    """An inline equation of the prose that may define a name: `=` outside braces (`\\sum_{j=1}^K` keeps its own),
    once or as a chain (`$L = H(y, a) = -\\log a_j$`: the name is its first side), no other relation."""
    if "=" not in math:  # most inline math of a prose states no equation: skip the brace stripping
        return False
    outside = math
    for _ in range(5):
        outside = re.sub(r"\{[^{}]*\}", "", outside)
    return outside.count("=") >= 1 and _OTHER_RELATION.search(math) is None


MAX_GIVEN = 40  # equations of a section's prose read (each is parsed: a long essay is bounded)
_LIST_ITEM = re.compile(r"0|1|\\[cl]?dots|\\ldots|\.\.\.")


def one_hot_assumption(prose: str) -> str:
    r"""The one-hot labels the prose before a block assumes, as math (`Y_j = 1`), or "".

    Two forms: an entry set to one with the others said to be 0 (`$Y_j = 1$` and the others
    0, also `$Y_j = 1, Y_k = 0 \ (k \neq j)$`); a vector of zeros and a single one
    (`$Y = [0, \cdots, 1, \cdots, 0]$`) whose true class is the one index letter the prose's math
    writes on the family outside a sum (`$E = -Y_j \log y_j$`). Several letters: none is taken."""
    # both forms set something equal: prose without `=` (most prose) goes straight to the hard-label phrasing
    maths = [(m.group("math"), m.end()) for m in _INLINE_MATH.finditer(prose)] if "=" in prose else []
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
    return hard_label_assumption(_without_opener(prose))  # "If $k$ is the correct label,": the labels one-hot at k


def label_assumption(prose: str, carried: str) -> str:
    """The one-hot labels a display is read under: what the prose before it assumes, else what the section assumed
    before (`carried`), unless this prose speaks of soft or general labels."""
    return one_hot_assumption(prose) or ("" if not carried or label_assumption_withdrawn(prose) else carried)
