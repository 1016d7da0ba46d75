r"""The author's spellings of symbols the grammar writes otherwise: a max or min over a set, an absolute value
drawn with `\mid`, the cosine of the angle between two vectors.

The soft threshold as people write it: `\max \left\lbrace |w_i^*| - \frac{\alpha}{H_{i,i}}, 0 \right\rbrace`
(Goodfellow's notes), `max\{\mid w_i^* \mid - \frac{\alpha}{H_{i,i}}, 0\}` (the word without its backslash, the
bars as `\mid`).  A TA reads the max of the listed values and the absolute value between the bars.  So, before
tokenizing:

- `\lbrace` / `\rbrace` are the set braces `\{` / `\}` they draw;
- `max` / `min` without the backslash, right before a set brace `\{` (or `\left\{`), are `\max` / `\min` (the
  word before a braced list of values is the operator; a letter product m·a·x never stands before a set);
- `\mid X \mid` where the first bar stands where a value must begin (at the start, after an opening bracket, a
  comma, an operator or a relation) is `|X|`.  A conditional bar always follows a value (`p(x \mid y)`), so it
  never opens one, and it is left as written;
- `\cos(u, v)` (`cos(u, v)`), the cosine of the angle between two vectors, is `\frac{(u) \cdot (v)}{\|u\| \|v\|}`,
  its definition (a cosine of one argument is the function and stays).

Purely textual: nothing is evaluated.
"""

from __future__ import annotations

import re

from .brackets import closing_bracket, split_outside_brackets

_BRACE_WORDS = re.compile(r"\\(l|r)brace(?![A-Za-z])")
_BARE_EXTREMUM_OVER_SET = re.compile(r"(?<![\\A-Za-z])(max|min)(?=\s*(?:\\left\s*)?\\\{)")
_COSINE_OF_TWO = re.compile(r"(?<![A-Za-z])\\?cos\s*(?:\\left\s*)?\(")
_MID = re.compile(r"\\mid(?![A-Za-z])")
#: What may stand right before a bar that opens a value: nothing, an opening bracket, a comma, an operator, a relation.
_OPENS_A_VALUE = re.compile(r"(?:^|[{(\[,+\-=*/<>&]|\\[{]|\\(?:left|cdot|times|le|leq|ge|geq|neq|max|min|sqrt|frac)|\\[,;: ])\s*$")


def symbols_spelled(text: str) -> str:
    """`text` with the spellings above rewritten (unchanged where none occurs)."""
    if "brace" in text:
        text = _BRACE_WORDS.sub(lambda m: "\\{" if m.group(1) == "l" else "\\}", text)
    if "max" in text or "min" in text:
        text = _BARE_EXTREMUM_OVER_SET.sub(r"\\\1", text)
    if "\\mid" in text:
        text = _absolute_bars(text)
    if "cos" in text:
        text = _cosines_of_angles(text)
    return text


def _cosines_of_angles(text: str) -> str:
    """Each `cos(u, v)` with two arguments written as the inner product over the norms."""
    out: list[str] = []
    position = 0
    for match in _COSINE_OF_TWO.finditer(text):
        if match.start() < position:
            continue
        close = closing_bracket(text, match.end())
        if close is None:
            continue
        arguments = split_outside_brackets(text[match.end():close].removesuffix("\\right"), ",")
        if len(arguments) != 2 or not all(a.strip() for a in arguments):
            continue
        u, v = (a.strip() for a in arguments)
        out.append(f"{text[position:match.start()]}\\frac{{({u}) \\cdot ({v})}}{{\\|{u}\\| \\|{v}\\|}}")
        position = close + 1
    out.append(text[position:])
    return "".join(out)


def _absolute_bars(text: str) -> str:
    """Each `\\mid` that opens a value, with the next `\\mid` on the same bracket depth, drawn as `|...|`."""
    out: list[str] = []
    position = 0
    while True:
        opening = _next_opening_bar(text, position)
        if opening is None:
            break
        closing = _closing_bar(text, opening.end())
        if closing is None:
            break
        out.append(text[position:opening.start()] + "|" + text[opening.end():closing.start()] + "|")
        position = closing.end()
    out.append(text[position:])
    return "".join(out)


def _next_opening_bar(text: str, start: int) -> re.Match | None:
    for bar in _MID.finditer(text, start):
        if _opens_a_value(text, bar.start()):
            return bar
    return None


def _opens_a_value(text: str, end: int) -> bool:
    """Whether what stands right before `end` opens a value.  Only the few characters before the blanks that
    precede the bar are looked at (the longest opener is `\\times`): a search of the whole text before every bar
    would make a long line of bars quadratic."""
    last = end
    while last > 0 and text[last - 1].isspace():
        last -= 1
    return _OPENS_A_VALUE.search(text, max(0, last - 8), min(end, last + 1)) is not None


def _closing_bar(text: str, start: int) -> re.Match | None:
    """The next `\\mid` after `start` that is not inside a bracket opened after `start`."""
    depth = 0
    for index in range(start, len(text)):
        char = text[index]
        if char in "({[":
            depth += 1
        elif char in ")}]":
            depth -= 1
            if depth < 0:
                return None
        elif char == "\\" and depth == 0:
            bar = _MID.match(text, index)
            if bar is not None:
                return bar
    return None
