r"""Notation people write, rewritten into the notation the grammar reads, before tokenizing.

Each rewrite keeps the meaning a careful TA reads and is purely textual (no evaluation):

- ``\not=`` / ``\not =`` is ``\neq``;
- ``\text{min}``, ``\mathrm{max}``, ``\operatorname{min}`` are ``\min`` / ``\max`` (and
  ``\text{argmin}`` is ``\arg\min``);
- ``\qty(...)`` (the physics package) is the bracket it wraps;
- a tag at the end of a line, ``(*)``, ``(**)``, ``\tag{*}``, is a label;
- a sample or layer superscript in parentheses, ``y^{(i)}``, ``Y^{(i)}_k``, ``a_j^{(l)}``, is an
  index: ``y_{i}``, ``Y_{ik}``, ``a_{jl}`` (a power is never written in parentheses alone);
- ``\ell`` inside a subscript (``\sum_{\ell}``, ``Y_\ell``) is the index ``l``;
- ``{a \over b}`` is ``\frac{a}{b}``;
- ``\mathrm{softmax}(z)_i`` (``softmax(\mathbf{z})_i``) is ``e^{z_i} / \sum_j e^{z_j}`` written out.
"""

from __future__ import annotations

import re

_NOT_EQUAL = re.compile(r"\\not\s*=|\\not\s*\\equiv")
_OPERATOR_WORDS = re.compile(r"\\(?:text|mathrm|operatorname|textrm|rm)\s*\{\s*(arg\s*min|arg\s*max|argmin|argmax|min|max)\s*\}")
_QTY = re.compile(r"\\qty\s*(?=[(\[{]|\\\{)")
_TAG = re.compile(r"(?:\\q?quad|\\,|\\;|\s)*(?:\(\s*\*+\s*\)|\\tag\*?\s*\{[^{}]*\})\s*[.,]?\s*$")
_INDEX = r"(?:[A-Za-z]|\\ell)"
# `Y^{(i)}_k`, `Y^{(i)}_{k}`: the superscript index first, then the subscript's
_SUPER_THEN_SUB = re.compile(r"\^\s*\{\s*\(\s*(" + _INDEX + r")\s*\)\s*\}\s*_\s*(?:\{\s*(" + _INDEX + r"+)\s*\}|(" + _INDEX + r"))")
# `a_j^{(l)}`, `a_{j}^{(l)}`: the subscript, then the superscript index
_SUB_THEN_SUPER = re.compile(r"_\s*(?:\{\s*(" + _INDEX + r"+)\s*\}|(" + _INDEX + r"))\s*\^\s*\{\s*\(\s*(" + _INDEX + r")\s*\)\s*\}")
_SUPER_INDEX = re.compile(r"\^\s*\{\s*\(\s*(" + _INDEX + r")\s*\)\s*\}")
_SUBSCRIPT_ELL = re.compile(r"_\s*(\{[^{}]*\\ell[^{}]*\}|\\ell\b)")


_SOFTMAX = re.compile(
    r"(?:\\(?:mathrm|operatorname|text|textrm|mathit)\s*\{\s*softmax\s*\}|\\softmax\b|(?<![A-Za-z\\])softmax)\s*"
    r"(?:\\left)?\(\s*(?:\\(?:mathbf|boldsymbol|bm|vec)\s*\{\s*([A-Za-z])\s*\}|([A-Za-z]))\s*(?:\\right)?\)\s*"
    r"_\s*(?:\{\s*([A-Za-z])\s*\}|([A-Za-z]))"
)


def _softmax(match: re.Match) -> str:
    """`\\mathrm{softmax}(z)_i` is the softmax of z at i, written out (its sum over another index)."""
    vector, index = match.group(1) or match.group(2), match.group(3) or match.group(4)
    other = next(letter for letter in "jklm" if letter != index)
    return f"\\left(\\frac{{e^{{{vector}_{{{index}}}}}}}{{\\sum_{{{other}}} e^{{{vector}_{{{other}}}}}}}\\right)"


def rewrite(src: str) -> str:
    """`src` with the notations above rewritten (the text is returned unchanged where none occurs)."""
    if "\\" not in src and "^" not in src and "(" not in src:
        return src
    text = _NOT_EQUAL.sub(r"\\neq ", src)
    text = _OPERATOR_WORDS.sub(_operator_word, text)
    text = _QTY.sub("", text)
    text = _TAG.sub("", text)
    if "^" in text:
        text = _SUPER_THEN_SUB.sub(lambda m: "_{" + _idx(m.group(1)) + _idx(m.group(2) or m.group(3)) + "}", text)
        text = _SUB_THEN_SUPER.sub(lambda m: "_{" + _idx(m.group(1) or m.group(2)) + _idx(m.group(3)) + "}", text)
        text = _SUPER_INDEX.sub(lambda m: "_{" + _idx(m.group(1)) + "}", text)
    if "\\ell" in text:
        text = _SUBSCRIPT_ELL.sub(lambda m: "_" + m.group(1).replace("\\ell", "l"), text)
    if "softmax" in text:
        text = _SOFTMAX.sub(_softmax, text)
    if "\\over" in text:
        text = _over(text)
    return text


def _idx(text: str) -> str:
    return text.replace("\\ell", "l").replace(" ", "")


def _operator_word(match: re.Match) -> str:
    word = match.group(1).replace(" ", "")
    return "\\arg\\" + word[3:] + " " if word.startswith("arg") else "\\" + word + " "


_OVER = re.compile(r"\\over(?![A-Za-z])")


def _over(text: str) -> str:
    """`{a \\over b}` as `\\frac{a}{b}`: the innermost brace group around each `\\over`."""
    for _ in range(20):  # each pass rewrites one; a bounded number of passes
        match = _OVER.search(text)
        if match is None:
            return text
        at = match.start()
        depth, open_at = 0, None
        for k in range(at - 1, -1, -1):
            ch = text[k]
            if ch == "}" and text[k - 1 : k] != "\\":
                depth += 1
            elif ch == "{" and text[k - 1 : k] != "\\":
                if depth == 0:
                    open_at = k
                    break
                depth -= 1
        depth, close_at = 0, None
        for k in range(match.end(), len(text)):
            ch = text[k]
            if ch == "{" and text[k - 1] != "\\":
                depth += 1
            elif ch == "}" and text[k - 1] != "\\":
                if depth == 0:
                    close_at = k
                    break
                depth -= 1
        if open_at is None or close_at is None:
            return text  # `a \over b` at the top level: left for the parser to refuse
        numerator, denominator = text[open_at + 1 : at], text[match.end() : close_at]
        text = text[:open_at] + "\\frac{" + numerator.strip() + "}{" + denominator.strip() + "}" + text[close_at + 1 :]
    return text
