r"""Notation people write, rewritten into the notation the grammar reads, before tokenizing.

Each rewrite keeps the meaning a careful TA reads and is purely textual (no evaluation):

- ``\not=`` / ``\not =`` is ``\neq``; ``{=}`` (an equals sign set as an ordinary symbol, `[k{=}c]`) is ``=``;
- ``\text{min}``, ``\mathrm{max}``, ``\operatorname{min}`` are ``\min`` / ``\max`` (and
  ``\text{argmin}`` is ``\arg\min``);
- ``\mathop{\text{min}}`` is ``\min``, and ``\text{arg } \min`` (the word set apart from the operator) is
  ``\arg\min``;
- a line that is only a sentence quoting one formula, ``\text{since V is orthogonal: $VV^T = I$}``, is that
  formula (the claim a TA checks; the words are its reason);
- ``\qty(...)`` (the physics package) is the bracket it wraps;
- a bold or calligraphic font on one bare character, ``\mathbf Y``, is ``\mathbf{Y}``; plain TeX's font
  switches ``{\bf X}``, ``{\cal L}`` are ``\mathbf{X}``, ``\mathcal{L}``; the notes' macro for a bold
  letter, ``\Bw`` (a backslash, `B`, one letter), is ``\mathbf{w}``;
- a tag at the end of a line, ``(*)``, ``(**)``, ``\tag{*}``, is a label;
- a sample or layer superscript in parentheses, ``y^{(i)}``, ``Y^{(i)}_k``, ``a_j^{(l)}``, is an
  index: ``y_{i}``, ``Y_{ik}``, ``a_{jl}`` (a power is never written in parentheses alone);
- an index written with its case, ``y_{k=i}``, is that entry (``y_{i}``); ``y_{k \neq i}`` is ``y_{k}``
  with the condition ``k \neq i`` stated after the math (as ``\quad k \neq i`` would);
- an empty sub- or superscript, ``y_{}^{}`` (an editor's leftover), is no script;
- a primed index, ``\sum_{k^{\prime}=1}^{K} w_{k^{\prime}}`` (``k'``), is another letter the line does not use,
  where every use of it is a subscript (a renamed bound index means the same);
- a diagonal matrix written out with ellipses (``\begin{bmatrix} a_1 & 0 & \cdots & 0 \\ 0 & a_2 & \cdots & 0
  \\ \vdots & & \ddots & \vdots \\ 0 & 0 & \cdots & a_n \end{bmatrix}``) is ``\mathrm{diag}(a_i)``;
- ``\ell`` inside a subscript (``\sum_{\ell}``, ``Y_\ell``) is the index ``l``;
- ``{a \over b}`` is ``\frac{a}{b}``;
- terms around an ellipsis that differ only in an index 1, 2, ..., N (``a_1 + a_2 + \cdots + a_K``)
  are the sum ``\sum_{k=1}^{K} a_k`` (see `ellipsis_sums`);
- the samples listed with an ellipsis as a call's argument, ``L(\hat y, \sigma \mid y_1, y_2, \dots, y_n)``, are
  the vector of the family (``\mathbf{y}``), as a bare family in a call reads (the entries 1, 2 and the end
  one letter: a list with a case in its middle is not this); a product written out around an ellipsis is the
  product over its index (see `elided_lists`);
- ``\text{ or equivalently }``, ``\text{i.e.}`` between two statements is ``\Leftrightarrow``; an arrow between two
  equations (``A = B \rightarrow C = D``) is ``\Rightarrow`` (see `arrow_statements`); an index in a bracket (``w[i]``) is
  a subscript (see `bracket_indices`);
- ``\triangledown`` (drawn for the gradient) is ``\nabla``; ``\nabla{w}`` is ``\nabla_{w}``; a norm's power before its subscript, ``\|w\|^2_2``, is ``\|w\|_2^2``;
- ``y(\mathbf z)_i`` (an output as a function of the vector z) is ``y_i``;
- ``\mathrm{softmax}(z)_i`` (``softmax(\mathbf{z})_i``) is ``e^{z_i} / \sum_j e^{z_j}`` written out; a bare
  ``softmax(z)`` is ``\operatorname{softmax}(z)``, a call.
"""

from __future__ import annotations

import re

from grader.mathparse.derivative_arguments import derivative_arguments_dropped
from grader.reading.author_macros import definitions_blanked

from .arrow_statements import arrows_as_implications
from .bar_spellings import conditional_bars
from .bracket_indices import bracket_indices
from .diagonal_lists import diagonal_lists
from .elided_lists import elided_arguments, elided_products
from .ellipses import diagonal_matrices, distinguished_term, ellipsis_sums
from .function_words import probability_spelled
from .indicator_spellings import indicators_spelled
from .renderer_markup import renderer_markup
from .spacing_braces import marks_unbraced
from .symbol_spellings import symbols_spelled

_NOT_EQUAL = re.compile(r"\\not\s*=|\\not\s*\\equiv")
#: `max({{z}_i})`, `min(z_i)`: the largest (smallest) entry of a family, written without the backslash (only
#: this form: `max(a, b)` in plain text stays refused, as a word the grammar does not take)
_BARE_EXTREMUM = re.compile(r"(?<![\\A-Za-z])(max|min)\s*\((?=[\s{]*[A-Za-z]\s*\}?\s*_\s*\{?\s*[A-Za-z]\s*\}?[\s}]*\))")
#: (`\text{maximize } A \iff \text{minimize } B`: the verb of an optimisation problem is its `\max` / `\min`)
_OPERATOR_WORDS = re.compile(
    r"\\(?:text|mathrm|operatorname|textrm|rm)\s*\{\s*(arg\s*min|arg\s*max|argmin|argmax|min|max|(?:max|min)imi[sz]e)\s*\}")
#: `{\bf X}`, `{ \bf T }`, `\bf X`: plain TeX's font switches on the letters that follow.
_FONT_SWITCH_GROUP = re.compile(r"\{\s*\\(bf|cal|rm|it|bm)\s+([A-Za-z0-9]+)\s*\}")
_FONT_SWITCH = re.compile(r"\\(bf|cal)\s*([A-Za-z])(?![A-Za-z0-9])")
_SWITCHED_FONT = {"bf": "\\mathbf", "cal": "\\mathcal", "rm": "\\mathrm", "it": "", "bm": "\\mathbf"}
#: `\Bw`: the macro notes built on the deep learning book define for a bold letter (`\B` and one letter;
#: TeX's own `\Big`, `\Bbb`, `\Box` have more letters)
_BOLD_MACRO = re.compile(r"\\B([A-Za-z])(?![A-Za-z])")
#: `\boldsymbol{\omega; X, y}`: a bold font over a whole argument list (its letters bold, the list plain).
_BOLD_LIST = re.compile(r"\\(?:mathbf|boldsymbol|bm)\s*\{((?:[^{}]|\{[^{}]*\})*[;,](?:[^{}]|\{[^{}]*\})*)\}")
_BARE_FONT = re.compile(r"\\(mathbf|boldsymbol|bm|mathcal)\s+([A-Za-z0-9])(?![A-Za-z0-9])")
# `y(\mathbf z)_i`: the i-th output of y as a function of z (a subscript cannot follow a bracket otherwise)
_FUNCTION_OF_VECTOR = re.compile(r"(?<![A-Za-z\\])([A-Za-z])\s*\(\s*(?:\\(?:mathbf|boldsymbol|bm|vec)\s*\{?\s*[A-Za-z]\s*\}?|[A-Za-z])\s*\)\s*_")
_NABLA_BRACED = re.compile(r"\\nabla\s*\{(?=\s*\\?[A-Za-z]+\s*\})")
_NORM_POWER_FIRST = re.compile(r"(\\\||\|\||\\Vert|\\rVert)\s*\^\s*\{?\s*(2)\s*\}?\s*_\s*\{?\s*(2|F)\s*\}?")
# `\text{ 或等价于 }`, `\text{ o equivalentemente }`, `\text{ 즉 }`: "or equivalently", "that is" as other languages write it
_SAME_STATEMENT = re.compile(r"\\text\s*\{\s*(?:,?\s*or\s+equivalently|equivalently|i\.\s*e\.|that\s+is|即|(?:或者?\s*)?等价(?:于|地)|也就是(?:说)?|亦即"
                             r"|o\s+equivalentemente|es\s+decir|c'est-à-dire|ou\s+encore|d\.\s*h\.|즉)\s*[,，]?\s*\}")
_MATHOP = re.compile(r"\\mathop\s*\{\s*(\\(?:min|max|arg\\?min|arg\\?max))\s*\}")
_ARG_WORD = re.compile(r"\\(?:text|mathrm|operatorname|textrm|rm)\s*\{\s*arg\s*\}\s*(?:\\[,;: ]\s*)*(\\(?:min|max))(?![A-Za-z])")
#: A whole line in words around one `$...$` formula (the words hold no braces or dollars).
_SENTENCE_WITH_ONE_FORMULA = re.compile(r"\s*\\text\s*\{[^{}$]*\$(?P<math>[^$]+)\$[^{}$]*\}\s*(?:\\\\)?\s*")
_QTY = re.compile(r"\\qty\s*(?=[(\[{]|\\\{)")
_TAG = re.compile(r"(?:\\q?quad|\\,|\\;|\s)*(?:\(\s*\*+\s*\)|\\tag\*?\s*\{[^{}]*\})\s*[.,]?\s*$")
_INDEX = r"(?:[A-Za-z]|\\ell)"
# `Y^{(i)}_k`, `Y^{(i)}_{k}`: the superscript index first, then the subscript's
_SUPER_THEN_SUB = re.compile(r"\^\s*\{\s*\(\s*(" + _INDEX + r")\s*\)\s*\}\s*_\s*(?:\{\s*(" + _INDEX + r"+)\s*\}|(" + _INDEX + r"))")
# `a_j^{(l)}`, `a_{j}^{(l)}`: the subscript, then the superscript index
_SUB_THEN_SUPER = re.compile(r"_\s*(?:\{\s*(" + _INDEX + r"+)\s*\}|(" + _INDEX + r"))\s*\^\s*\{\s*\(\s*(" + _INDEX + r")\s*\)\s*\}")
_SUPER_INDEX = re.compile(r"\^\s*\{\s*\(\s*(" + _INDEX + r")\s*\)\s*\}")
# `y_{k=i}`, `e^{z_{k \neq i}}`: a one-letter name's subscript that states its index's case (not a sum's limits)
_SUBSCRIPT_CASE = re.compile(r"(?<![A-Za-z\\])([A-Za-z])\s*_\s*\{\s*([A-Za-z])\s*(=|\\neq?(?![A-Za-z]))\s*([A-Za-z])\s*\}")
_SUBSCRIPT_ELL = re.compile(r"_\s*(\{[^{}]*\\ell[^{}]*\}|\\ell\b)")


_SOFTMAX = re.compile(
    r"(?:\\(?:mathrm|operatorname|text|textrm|mathit)\s*\{\s*softmax\s*\}|\\softmax\b|(?<![A-Za-z\\])softmax)\s*"
    r"(?:\\left)?\(\s*(?:\\(?:mathbf|boldsymbol|bm|vec)\s*\{\s*([A-Za-z])\s*\}|([A-Za-z]))\s*(?:\\right)?\)\s*"
    r"_\s*(?:\{\s*([A-Za-z]|[A-Za-z]{3,})\s*\}|([A-Za-z]))"
)


_SOFTMAX_CALL = re.compile(r"(?<![A-Za-z\\{])softmax\s*\(")


def _softmax(match: re.Match) -> str:
    """`\\mathrm{softmax}(z)_i` is the softmax of z at i, written out (its sum over another index)."""
    vector, index = match.group(1) or match.group(2), match.group(3) or match.group(4)
    other = next(letter for letter in "jklm" if letter != index)
    return f"\\left(\\frac{{e^{{{vector}_{{{index}}}}}}}{{\\sum_{{{other}}} e^{{{vector}_{{{other}}}}}}}\\right)"


#: An empty limit of a sum or product (`\sum_{k}^{ }`, `\prod^{}_{i}`), as an editor leaves it.
_EMPTY_LIMIT = re.compile(r"(\\(?:sum|prod)(?![A-Za-z]))(\s*_\s*\{[^{}]*\}|\s*_\s*[A-Za-z0-9])?\s*\^\s*\{\s*\}")


#: `J'(w)`, `\hat J'(w)`, `f'(x)`: the derivative of a one-letter function of one variable, at that variable.
_PRIME_OF_FUNCTION = re.compile(
    r"(?<![A-Za-z\\])(?P<name>(?:\\(?:hat|tilde|bar)\s*\{?\s*)?[A-Za-z]\s*\}?)\s*'\s*"
    r"\(\s*(?P<arg>[A-Za-z](?:\s*\^\s*\{?\s*(?:\*|\\ast|\\star)\s*\}?)?|\\(?:omega|theta|beta|alpha|mu|sigma)(?![A-Za-z]))\s*\)"
)


def _prime_as_gradient(match: re.Match) -> str:
    """`J'(w)` as `\\frac{d}{dw} J(w)`: the derivative with respect to the function's own argument (for a
    vector w, its gradient)."""
    name, arg = match.group("name").strip(), match.group("arg").strip()
    if "^" in arg:
        return match.group(0)  # `J'(w^*)`: the derivative at a point, not a function of the variable
    written = f"\\frac{{d}}{{d{arg}}} {name}({arg})"
    # `f'(x) h(x)`: braced where a factor follows, a product, not the derivative of one
    return f"{{{written}}}" if re.match(r"\s*(?:[A-Za-z(]|\\(?!right|cdot|times|over|quad|qquad|[,;!]))", match.string[match.end():]) else written


#: Where none of these occurs, no rewrite applies (the common plain line costs one scan).
_REWRITTEN_MARKS = ("\\", "^", "(", "..", "…", "max", "min")


def rewrite(src: str) -> str:
    """`src` with the notations above rewritten (the text is returned unchanged where none occurs).

    The steps run in this order: a later one reads what an earlier one wrote (an operator word made `\\min`
    before the extremum, indices in plain subscripts before the ellipses are matched against them)."""
    # the author's `\\newcommand{..}{..}` is read as nothing (its uses were expanded when answers.md was read);
    src = renderer_markup(definitions_blanked(src))  # `\\color{red}{x}`, `\\lbrace`, `x₁`: what a renderer shows, in the grammar's notation
    src = arrows_as_implications(bracket_indices(indicators_spelled(probability_spelled(conditional_bars(marks_unbraced(src))))))  # `\\mathds{1}(k = i)` is `\\mathbb{1}[k = i]`; `A = B \\rightarrow C = D` is `\\Rightarrow`; `w[i]` is `w_{i}`; `k{=}c` is `k = c`; `\\Pr(y \\vert x)` is `P(y \\mid x)`
    if not any(mark in src for mark in _REWRITTEN_MARKS):
        return src
    # `\partial E(\mathbf z) / \partial z_i`; `\max\lbrace`, `cos(u, v)`
    text = _operator_words(_quoted_formula(symbols_spelled(derivative_arguments_dropped(src))))
    text = _TAG.sub("", _fonts(text))
    text = _sums_written_out(_indices(text))
    text = _functions(_derivatives_and_norms(text))
    if "\\over" in text:
        text = _over(text)
    return text


def _quoted_formula(src: str) -> str:
    """A line that is only a sentence around one `$...$` equation is that equation."""
    sentence = _SENTENCE_WITH_ONE_FORMULA.fullmatch(src) if "$" in src else None
    if sentence is None or "=" not in sentence.group("math"):
        return src  # `\text{$\Lambda$ is diagonal}` names a symbol; it claims no equation
    return sentence.group("math")


def _operator_words(text: str) -> str:
    """`\\not=`, `\\text{min}`, `\\mathop{\\min}`, `\\text{arg }\\min`, `\\qty(...)`, `\\text{ or equivalently }`."""
    text = _NOT_EQUAL.sub(r"\\neq ", text)
    if "{=}" in text or "{ = }" in text:
        # `[k{=}c]`: an equals sign set as an ordinary symbol (no spacing) is `=` (not a command's argument: `\stackrel{def}{=}`)
        text = re.sub(r"(?<!})\{\s*=\s*\}", "=", text)
    text = _OPERATOR_WORDS.sub(_operator_word, text)
    if "\\mathop" in text:
        text = _MATHOP.sub(r"\1 ", text)  # `\mathop{\min}` is `\min`
    if "arg" in text:
        text = _ARG_WORD.sub(r"\\arg\1", text)  # `\text{arg }\min` is `\arg\min`
    text = _QTY.sub("", text)
    if "\\text" in text:
        text = _SAME_STATEMENT.sub(r" \\Leftrightarrow ", text)  # `\text{ or equivalently }` joins two statements
    return text


def bold_lists_plain(text: str) -> str:
    """`text` with a bold font over a whole argument list (`\\boldsymbol{\\omega; X, y}`) taken off: the letters of the
    list read as the letters they are."""
    return _BOLD_LIST.sub(r"\1", text) if ";" in text or "," in text else text


def _fonts(text: str) -> str:
    """Plain TeX's font switches (`{\\bf X}`), the notes' `\\Bw`, and a font on a bare character (`\\mathbf Y`)."""
    if "\\bf" in text or "\\cal" in text or "\\rm" in text or "\\it" in text or "\\bm " in text:
        text = _FONT_SWITCH_GROUP.sub(_font_switched, text)
        text = _FONT_SWITCH.sub(lambda m: f"{_SWITCHED_FONT[m.group(1)]}{{{m.group(2)}}}", text)
    if "\\B" in text:
        text = _BOLD_MACRO.sub(r"\\mathbf{\1}", text)
    text = bold_lists_plain(text)
    return _BARE_FONT.sub(lambda m: f"\\{m.group(1)}{{{m.group(2)}}}", text)  # `\mathbf Y` is `\mathbf{Y}`


def _indices(text: str) -> str:
    """Indices written otherwise than as a plain subscript: `y_{k=i}`, `y^{(i)}`, `y_{}^{}`, `\\ell`."""
    if "_" in text and ("=" in text or "\\ne" in text):
        text = _subscript_cases(text)
    if "^" in text:
        text = _SUPER_THEN_SUB.sub(lambda m: "_{" + _idx(m.group(1)) + _idx(m.group(2) or m.group(3)) + "}", text)
        text = _SUB_THEN_SUPER.sub(lambda m: "_{" + _idx(m.group(1) or m.group(2)) + _idx(m.group(3)) + "}", text)
        text = _SUPER_INDEX.sub(lambda m: "_{" + _idx(m.group(1)) + "}", text)
    if "{" in text and "}" in text:
        text = _EMPTY_SCRIPT.sub("", text)  # `y_{}^{}`: a script left empty is no script
    if "\\ell" in text:
        text = _SUBSCRIPT_ELL.sub(lambda m: "_" + m.group(1).replace("\\ell", "l"), text)
    return text


def _sums_written_out(text: str) -> str:
    """What an ellipsis elides (a diagonal matrix, a family as an argument, the terms of a sum), and a sum's
    limit left empty."""
    if "matrix" in text and ("dots" in text or ".." in text or "…" in text):
        text = diagonal_matrices(text)  # a diagonal written out with ellipses is diag(a_i)
    if "iag" in text and ("dots" in text or ".." in text or "…" in text):
        text = diagonal_lists(text)  # `\operatorname{diag}(\lambda_1, \dots, \lambda_d)` is diag(lambda_i)
    if "dots" in text or "..." in text or "…" in text:
        text = elided_products(ellipsis_sums(distinguished_term(elided_arguments(text))))  # `L(w; y_1, \dots, y_n)`; `p_1 \cdots p_n`
    if "{" in text:
        text = _EMPTY_LIMIT.sub(lambda m: m.group(1) + (m.group(2) or ""), text)  # `\sum_{k}^{ }`: a limit left empty is a limit not written
    return text


def _derivatives_and_norms(text: str) -> str:
    """`\\triangledown`, `J'(w)`, a primed bound index `k'`, `\\nabla{w}`, and `\\|w\\|^2_2`."""
    if "triangledown" in text:
        text = re.sub(r"\\(?:big)?triangledown(?![A-Za-z])", r"\\nabla", text)  # the symbol drawn for the gradient
    if "'" in text:
        text = _PRIME_OF_FUNCTION.sub(_prime_as_gradient, text)  # `J'(w)` is `\frac{d}{dw} J(w)`
    if "'" in text or "prime" in text:
        text = _primed_indices(text)  # `\sum_{k'=1}^{K} w_{k'}`: a bound index renamed
    if "\\nabla" in text:
        text = _NABLA_BRACED.sub(r"\\nabla_{", text)  # `\nabla{w} J` is `\nabla_{w} J`
    if "^" in text and "_" in text:
        text = _NORM_POWER_FIRST.sub(r"\1_{\3}^{\2}", text)  # `\|w\|^2_2` is `\|w\|_2^2`
    return text


def _functions(text: str) -> str:
    """`y(\\mathbf z)_i`, `max(z_i)` without its backslash, and the softmax written as a function."""
    if ")_" in text:
        text = _FUNCTION_OF_VECTOR.sub(r"\1_", text)
    if "max(" in text or "min(" in text:
        text = _BARE_EXTREMUM.sub(r"\\\1(", text)  # `max(z_i)` written without its backslash is `\max(z_i)`
    if "softmax" in text:
        text = _SOFTMAX.sub(_softmax, text)
        text = _SOFTMAX_CALL.sub(r"\\operatorname{softmax}(", text)  # `softmax(z)`: a call, not s·o·f·t·max
    return text


def _subscript_cases(text: str) -> str:
    """`y_{k=i}` is `y_{i}`; `y_{k \\neq i}` is `y_{k}`, and each such case is stated once after the math."""
    conditions: list[str] = []

    def one(match: re.Match) -> str:
        name, index, relation, other = match.groups()
        if relation == "=":
            return f"{name}_{{{other}}}"
        condition = f"{index} \\neq {other}"
        if condition not in conditions:
            conditions.append(condition)
        return f"{name}_{{{index}}}"

    text = _SUBSCRIPT_CASE.sub(one, text)
    if conditions:
        text = text.rstrip() + " \\quad " + ", ".join(conditions)
    return text


_EMPTY_SCRIPT = re.compile(r"(?<=[A-Za-z0-9}])\s*[_^]\s*\{\s*\}")
_PRIMED = re.compile(r"([a-z])\s*(?:\^\s*\{\s*\\prime\s*\}|\^\s*\\prime(?![A-Za-z])|')")


def _primed_indices(text: str) -> str:
    """`k^{\\prime}` / `k'` as a fresh letter, where every occurrence stands inside a subscript."""
    matches = list(_PRIMED.finditer(text))
    if not matches or not all(_in_subscript(text, m.start()) for m in matches):
        return text
    letters = iter(c for c in "qrstuvmpg" if not re.search(rf"(?<![A-Za-z\\]){c}(?![A-Za-z])", text))
    fresh: dict[str, str] = {}
    for m in matches:
        if m.group(1) not in fresh:
            letter = next(letters, None)
            if letter is None:
                return text
            fresh[m.group(1)] = letter
    return _PRIMED.sub(lambda m: fresh[m.group(1)], text)


def _in_subscript(text: str, at: int) -> bool:
    """Whether position `at` lies inside a braced subscript `_{...}`."""
    stack: list[bool] = []
    for k in range(at):
        ch = text[k]
        if ch == "{" and (k == 0 or text[k - 1] != "\\"):
            before = text[:k].rstrip()
            stack.append(before.endswith("_"))
        elif ch == "}" and (k == 0 or text[k - 1] != "\\") and stack:
            stack.pop()
    return any(stack)


def _font_switched(match: re.Match) -> str:
    font = _SWITCHED_FONT[match.group(1)]
    return f"{font}{{{match.group(2)}}}" if font else match.group(2)


def _idx(text: str) -> str:
    return text.replace("\\ell", "l").replace(" ", "")


def _operator_word(match: re.Match) -> str:
    word = match.group(1).replace(" ", "")
    word = word[:3] if word.endswith("e") else word  # the verb (`minimize`) is its operator (`\min`)
    return "\\arg\\" + word[3:] + " " if word.startswith("arg") else "\\" + word + " "


_OVER = re.compile(r"\\over(?![A-Za-z])")
#: A relation or a second `\over` outside braces: the whole formula is not one fraction.
_STATEMENT = re.compile(r"=|<|>|\\(?:Rightarrow|Leftrightarrow|Longrightarrow|iff|implies|neq?|leq?|geq?|to|sim|approx|quad|text)(?![A-Za-z])|\\over.*\\over", re.DOTALL)


def _over(text: str) -> str:
    """`{a \\over b}` as `\\frac{a}{b}`: the innermost brace group around each `\\over`."""
    for _ in range(20):  # each pass rewrites one; a bounded number of passes
        match = _OVER.search(text)
        if match is None:
            return text
        at = match.start()
        open_at, close_at = _brace_opening_before(text, at), _brace_closing_after(text, match.end())
        if open_at is None and close_at is None and text[:at].strip() and not _STATEMENT.search(text):
            # `\lambda_i \over {\lambda_i + \alpha}` alone: as TeX reads it, the whole formula over the whole rest
            return "\\frac{" + text[:at].strip() + "}{" + text[match.end():].strip() + "}"
        if open_at is None or close_at is None:
            return text  # `a = b \over c` at the top level: left for the parser to refuse
        numerator, denominator = text[open_at + 1 : at], text[match.end() : close_at]
        text = text[:open_at] + "\\frac{" + numerator.strip() + "}{" + denominator.strip() + "}" + text[close_at + 1 :]
    return text


def _brace_opening_before(text: str, at: int) -> int | None:
    """The unescaped `{` that opens the brace group holding position `at`; None at the top level."""
    depth = 0
    for k in range(at - 1, -1, -1):
        ch = text[k]
        if ch == "}" and text[k - 1 : k] != "\\":
            depth += 1
        elif ch == "{" and text[k - 1 : k] != "\\":
            if depth == 0:
                return k
            depth -= 1
    return None


def _brace_closing_after(text: str, at: int) -> int | None:
    """The unescaped `}` that closes the brace group holding position `at`; None at the top level."""
    depth = 0
    for k in range(at, len(text)):
        ch = text[k]
        if ch == "{" and text[k - 1] != "\\":
            depth += 1
        elif ch == "}" and text[k - 1] != "\\":
            if depth == 0:
                return k
            depth -= 1
    return None
