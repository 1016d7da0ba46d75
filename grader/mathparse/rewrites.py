r"""Notation people write, rewritten into the notation the grammar reads, before tokenizing.

Each rewrite keeps the meaning a careful TA reads and is purely textual (no evaluation):

- ``\not=`` / ``\not =`` is ``\neq``;
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
  one letter: a list with a case in its middle is not this);
- ``\text{ or equivalently }``, ``\text{i.e.}`` between two statements is ``\Leftrightarrow``;
- ``\triangledown`` (drawn for the gradient) is ``\nabla``; ``\nabla{w}`` is ``\nabla_{w}``; a norm's power before its subscript, ``\|w\|^2_2``, is ``\|w\|_2^2``;
- ``y(\mathbf z)_i`` (an output as a function of the vector z) is ``y_i``;
- ``\mathrm{softmax}(z)_i`` (``softmax(\mathbf{z})_i``) is ``e^{z_i} / \sum_j e^{z_j}`` written out; a bare
  ``softmax(z)`` is ``\operatorname{softmax}(z)``, a call.
"""

from __future__ import annotations

import re

_NOT_EQUAL = re.compile(r"\\not\s*=|\\not\s*\\equiv")
#: `(y_1, y_2, \dots, y_n)`, `\mid x_1, \ldots, x_n)`: the whole family as a call's last argument.
_ELIDED_ARGUMENTS = re.compile(
    r"(?P<before>(?:\(|,|\\mid|\|)\s*)(?P<base>[A-Za-z])_\{?1\}?\s*,\s*(?:(?P=base)_\{?2\}?\s*,\s*)?"
    r"(?:\\dots|\\ldots|\\cdots|\.\.\.)\s*,\s*(?P=base)_\{?[A-Za-z]\}?(?=\s*\))")
#: `max({{z}_i})`, `min(z_i)`: the largest (smallest) entry of a family, written without the backslash (only
#: this form: `max(a, b)` in plain text stays refused, as a word the grammar does not take)
_BARE_EXTREMUM = re.compile(r"(?<![\\A-Za-z])(max|min)\s*\((?=[\s{]*[A-Za-z]\s*\}?\s*_\s*\{?\s*[A-Za-z]\s*\}?[\s}]*\))")
_OPERATOR_WORDS = re.compile(r"\\(?:text|mathrm|operatorname|textrm|rm)\s*\{\s*(arg\s*min|arg\s*max|argmin|argmax|min|max)\s*\}")
#: `{\bf X}`, `{ \bf T }`, `\bf X`: plain TeX's font switches on the letters that follow.
_FONT_SWITCH_GROUP = re.compile(r"\{\s*\\(bf|cal|rm|it|bm)\s+([A-Za-z0-9]+)\s*\}")
_FONT_SWITCH = re.compile(r"\\(bf|cal)\s*([A-Za-z])(?![A-Za-z0-9])")
_SWITCHED_FONT = {"bf": "\\mathbf", "cal": "\\mathcal", "rm": "\\mathrm", "it": "", "bm": "\\mathbf"}
#: `\Bw`: the macro notes built on the deep learning book define for a bold letter (`\B` and one letter;
#: TeX's own `\Big`, `\Bbb`, `\Box` have more letters)
_BOLD_MACRO = re.compile(r"\\B([A-Za-z])(?![A-Za-z])")
_BARE_FONT = re.compile(r"\\(mathbf|boldsymbol|bm|mathcal)\s+([A-Za-z0-9])(?![A-Za-z0-9])")
# `y(\mathbf z)_i`: the i-th output of y as a function of z (a subscript cannot follow a bracket otherwise)
_FUNCTION_OF_VECTOR = re.compile(r"(?<![A-Za-z\\])([A-Za-z])\s*\(\s*(?:\\(?:mathbf|boldsymbol|bm|vec)\s*\{?\s*[A-Za-z]\s*\}?|[A-Za-z])\s*\)\s*_")
_NABLA_BRACED = re.compile(r"\\nabla\s*\{(?=\s*\\?[A-Za-z]+\s*\})")
_NORM_POWER_FIRST = re.compile(r"(\\\||\|\||\\Vert|\\rVert)\s*\^\s*\{?\s*(2)\s*\}?\s*_\s*\{?\s*(2|F)\s*\}?")
_SAME_STATEMENT = re.compile(r"\\text\s*\{\s*(?:,?\s*or\s+equivalently|equivalently|i\.\s*e\.|that\s+is|即|等价于)\s*,?\s*\}")
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
    r"_\s*(?:\{\s*([A-Za-z])\s*\}|([A-Za-z]))"
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
    return f"\\frac{{d}}{{d{arg}}} {name}({arg})"


def rewrite(src: str) -> str:
    """`src` with the notations above rewritten (the text is returned unchanged where none occurs)."""
    if "\\" not in src and "^" not in src and "(" not in src and ".." not in src and "…" not in src:
        return src
    sentence = _SENTENCE_WITH_ONE_FORMULA.fullmatch(src) if "$" in src else None
    if sentence is not None and "=" not in sentence.group("math"):
        sentence = None  # `\text{$\Lambda$ is diagonal}` names a symbol; it claims no equation
    text = _NOT_EQUAL.sub(r"\\neq ", sentence.group("math") if sentence else src)
    text = _OPERATOR_WORDS.sub(_operator_word, text)
    if "\\mathop" in text:
        text = _MATHOP.sub(r"\1 ", text)  # `\mathop{\min}` is `\min`
    if "arg" in text:
        text = _ARG_WORD.sub(r"\\arg\1", text)  # `\text{arg }\min` is `\arg\min`
    text = _QTY.sub("", text)
    if "\\text" in text:
        text = _SAME_STATEMENT.sub(r" \\Leftrightarrow ", text)  # `\text{ or equivalently }` joins two statements
    if "\\bf" in text or "\\cal" in text or "\\rm" in text or "\\it" in text or "\\bm " in text:
        text = _FONT_SWITCH_GROUP.sub(_font_switched, text)
        text = _FONT_SWITCH.sub(lambda m: f"{_SWITCHED_FONT[m.group(1)]}{{{m.group(2)}}}", text)
    if "\\B" in text:
        text = _BOLD_MACRO.sub(r"\\mathbf{\1}", text)
    text = _BARE_FONT.sub(lambda m: f"\\{m.group(1)}{{{m.group(2)}}}", text)  # `\mathbf Y` is `\mathbf{Y}`
    text = _TAG.sub("", text)
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
    if "matrix" in text and ("dots" in text or ".." in text or "…" in text):
        text = _diagonal_matrices(text)  # a diagonal written out with ellipses is diag(a_i)
    if ("dots" in text or "..." in text) and "," in text:
        text = _ELIDED_ARGUMENTS.sub(lambda m: m.group("before") + "\\mathbf{" + m.group("base") + "}", text)
    if "dots" in text or "..." in text or "…" in text:
        text = ellipsis_sums(_distinguished_term(text))
    if "{" in text:
        text = _EMPTY_LIMIT.sub(lambda m: m.group(1) + (m.group(2) or ""), text)  # `\sum_{k}^{ }`: a limit left empty is a limit not written
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
    if ")_" in text:
        text = _FUNCTION_OF_VECTOR.sub(r"\1_", text)
    if "max(" in text or "min(" in text:
        text = _BARE_EXTREMUM.sub(r"\\\1(", text)  # `max(z_i)` written without its backslash is `\max(z_i)`
    if "softmax" in text:
        text = _SOFTMAX.sub(_softmax, text)
        text = _SOFTMAX_CALL.sub(r"\\operatorname{softmax}(", text)  # `softmax(z)`: a call, not s·o·f·t·max
    if "\\over" in text:
        text = _over(text)
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


_MATRIX = re.compile(r"\\begin\s*\{([bpB]?matrix)\}(.*?)\\end\s*\{\1\}", re.DOTALL)
_CELL_ELLIPSIS = re.compile(r"(?:\.{2,}|…|\\[lcvd]?dots[bcmoi]?)(?:\\ )?")


def _diagonal_matrices(text: str) -> str:
    """Each matrix written out as a diagonal with ellipses, as `\\mathrm{diag}` of its pattern."""
    return _MATRIX.sub(lambda m: _diagonal(m.group(2), text) or m.group(0), text)


def _diagonal(body: str, text: str) -> str | None:
    rows = [row for row in re.split(r"\\\\(?:\[[^\]]*\])?", body) if row.strip()]
    cells = [[cell.strip() for cell in row.split("&")] for row in rows]
    size = len(cells)
    if size < 3 or any(len(row) != size for row in cells):
        return None
    if not any(_CELL_ELLIPSIS.fullmatch(cell) for row in cells for cell in row):
        return None  # written out in full: a matrix of that size, not a pattern
    entries = []
    for r, row in enumerate(cells):
        for c, cell in enumerate(row):
            if not cell or _CELL_ELLIPSIS.fullmatch(cell):
                continue  # an ellipsis, or a cell left blank in a row of them
            if r != c:
                if cell != "0":
                    return None
                continue
            entries.append((r, cell))
    if len(entries) < 2 or entries[0][0] != 0 or entries[-1][0] != size - 1:
        return None
    first = entries[0][1]
    if not _FIRST_INDEX.search(first):
        return None
    letter = next((c for c in "ijkl" if not re.search(rf"(?<![A-Za-z\\]){c}(?![A-Za-z])", text)), None)
    if letter is None:
        return None
    template = _FIRST_INDEX.sub("_{" + letter + "}", first)
    pattern = re.escape(_squash(template)).replace(re.escape("_{" + letter + "}"), r"_\{?([A-Za-z0-9]+)\}?")
    for at, entry in entries[1:]:
        found = re.fullmatch(pattern, _squash(entry))
        if found is None or len(set(found.groups())) != 1:
            return None
        value = found.group(1)
        if at < size - 1 and value != str(at + 1):
            return None  # a middle entry is the (row+1)-th: a_2 on the second row
        if at == size - 1 and value.isdigit() and value != str(size):
            return None
    return f"\\mathrm{{diag}}\\left({template}\\right)"


def _font_switched(match: re.Match) -> str:
    font = _SWITCHED_FONT[match.group(1)]
    return f"{font}{{{match.group(2)}}}" if font else match.group(2)


def _idx(text: str) -> str:
    return text.replace("\\ell", "l").replace(" ", "")


def _operator_word(match: re.Match) -> str:
    word = match.group(1).replace(" ", "")
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
        if open_at is None and close_at is None and text[:at].strip() and not _STATEMENT.search(text):
            # `\lambda_i \over {\lambda_i + \alpha}` alone: as TeX reads it, the whole formula over the whole rest
            return "\\frac{" + text[:at].strip() + "}{" + text[match.end():].strip() + "}"
        if open_at is None or close_at is None:
            return text  # `a = b \over c` at the top level: left for the parser to refuse
        numerator, denominator = text[open_at + 1 : at], text[match.end() : close_at]
        text = text[:open_at] + "\\frac{" + numerator.strip() + "}{" + denominator.strip() + "}" + text[close_at + 1 :]
    return text


_ELLIPSIS = re.compile(r"\\[lc]?dots(?:[bcmoi])?(?![A-Za-z])|\.{3,}|…")
_OPEN_BRACKETS, _CLOSE_BRACKETS = "([{", ")]}"
_FIRST_INDEX = re.compile(r"_\s*\{\s*1\s*\}|_\s*1(?![0-9])")


_SUBSCRIPT_LETTER = re.compile(r"_\s*\{?\s*([a-z])\s*\}?")


def _distinguished_term(text: str) -> str:
    """`a_1 + a_2 + \\dots + S + \\dots + a_K`: the terms a_k for every k but one, and S in the place of that
    one (the k = i term, i being the one index S is written with), as `\\sum_{k=1, k \\neq i}^{K} a_k + S` reads.
    Left as written unless the text has exactly that shape."""
    found = list(_ELLIPSIS.finditer(text))
    if len(found) != 2:
        return text
    first, second = found
    middle = text[first.end():second.start()].strip()
    if not (middle.startswith("+") and middle.endswith("+")) or len(middle) < 3:
        return text
    special = middle[1:-1].strip()
    if not special or any(ch in special for ch in "=") or _ELLIPSIS.search(special):
        return text
    letters = set(_SUBSCRIPT_LETTER.findall(special))
    if len(letters) != 1:
        return text
    (excluded,) = letters
    joined = text[:first.end()] + " + " + text[second.end():].lstrip().lstrip("+").lstrip()
    summed = ellipsis_sums(joined)
    match = re.search(r"\\sum_\{([a-z])=1\}\^\{([^{}]+)\} \\left\((.*?)\\right\)", summed)
    if summed == joined or match is None or match.group(1) == excluded:
        return text
    letter, bound, template = match.groups()
    replaced = (f"\\left(\\sum_{{{letter}=1, {letter} \\neq {excluded}}}^{{{bound}}} \\left({template}\\right) + {special}\\right)")
    return summed[:match.start()] + replaced + summed[match.end():]


def ellipsis_sums(text: str) -> str:
    """`-Y_1\\log y_1 - Y_2\\log y_2 - \\cdots - Y_K\\log y_K` is `\\sum_{q=1}^{K} (-Y_q \\log y_q)`: the terms
    around an ellipsis that differ only in an index running 1, 2, ..., N, as a reader fills them in.
    Left as written where the pattern is not that clear."""
    for _ in range(4):  # a few ellipses per line
        match = _ELLIPSIS.search(text)
        if match is None:
            return text
        rewritten = _one_ellipsis(text, match)
        if rewritten is None:
            return text
        text = rewritten
    return text


def _one_ellipsis(text: str, match: re.Match) -> str | None:
    start, end = _span_around(text, match.start()), _span_around(text, match.end(), forward=True)
    before_text, after_text = text[start:match.start()].rstrip(), text[match.end():end].lstrip()
    if not before_text or before_text[-1] not in "+-" or not after_text or after_text[0] not in "+-":
        return None  # the ellipsis must stand between two operators: `+ \cdots +`
    ellipsis_sign = before_text[-1]
    before, rest = _signed_terms(before_text[:-1]), _signed_terms(after_text)
    if not rest or not before or not all(t for _, t in before + rest):
        return None
    first_at = len(before) - 2 if len(before) >= 2 and _FIRST_INDEX.search(before[-2][1]) else len(before) - 1
    first_sign, first = before[first_at]
    if not _FIRST_INDEX.search(first):
        return None
    letter = next((c for c in "kjlmq" if not re.search(rf"(?<![A-Za-z\\]){c}(?![A-Za-z])", text)), None)
    if letter is None:
        return None
    template = _FIRST_INDEX.sub("_{" + letter + "}", first)
    signs = {first_sign, ellipsis_sign, rest[0][0]} | ({before[-1][0]} if first_at != len(before) - 1 else set())
    if len(signs) != 1:
        return None
    if first_at != len(before) - 1 and _squash(template.replace("_{" + letter + "}", "_{2}")) != _squash(before[-1][1]):
        return None
    pattern = re.escape(_squash(template)).replace(re.escape("_{" + letter + "}"), r"_\{?([A-Za-z0-9]+|\{[^{}]*\})\}?")
    last = re.fullmatch(pattern, _squash(rest[0][1]))
    if last is None or len(set(last.groups())) != 1:
        return None
    bound = last.group(1).strip("{}")
    sign = "-" if first_sign == "-" else "+"
    head = "".join(f" {s} {t}" if k or s == "-" else f" {t}" for k, (s, t) in enumerate(before[:first_at]))
    tail = "".join(f" {s} {t}" for s, t in rest[1:])
    summed = f"\\sum_{{{letter}=1}}^{{{bound}}} \\left({template}\\right)"
    joined = (head + (f" {sign} " if head or sign == "-" else " ") + summed + tail).strip()
    return text[:start] + " " + joined + " " + text[end:]


def _squash(text: str) -> str:
    text = re.sub(r"_\s*([A-Za-z0-9])", r"_{\1}", text)  # `w_na_n` is `w_{n}a_{n}`, as LaTeX reads it
    return re.sub(r"\s+", "", text)


def _span_around(text: str, at: int, forward: bool = False) -> int:
    """Where the expression holding position `at` ends (forward) or starts: the enclosing bracket or a relation."""
    depth = 0
    positions = range(at, len(text)) if forward else range(at - 1, -1, -1)
    for k in positions:
        ch = text[k]
        escaped = k > 0 and text[k - 1] == "\\"
        if ch in (_CLOSE_BRACKETS if forward else _OPEN_BRACKETS) and not escaped:
            if depth == 0:
                return k if forward else k + 1
            depth -= 1
        elif ch in (_OPEN_BRACKETS if forward else _CLOSE_BRACKETS) and not escaped:
            depth += 1
        elif depth == 0 and (ch == "=" or text.startswith("\\right", k) or (not forward and text.startswith("\\left", k))):
            return k if forward else k + (6 if text.startswith("\\left", k) else 1)
    return len(text) if forward else 0


def _signed_terms(text: str) -> list[tuple[str, str]]:
    """The top-level terms of `text` with their signs (`+` for the first unless written)."""
    terms: list[tuple[str, str]] = []
    depth, sign = 0, "+"
    current: list[str] = []
    for k, ch in enumerate(text):
        escaped = k > 0 and text[k - 1] == "\\"
        if ch in _OPEN_BRACKETS and not escaped:
            depth += 1
        elif ch in _CLOSE_BRACKETS and not escaped:
            depth -= 1
        if depth == 0 and ch in "+-" and not (current and current[-1] in "^_"):
            if "".join(current).strip() or terms:
                terms.append((sign, "".join(current).strip()))
            sign, current = ch, []
            continue
        current.append(ch)
    terms.append((sign, "".join(current).strip()))
    return terms
