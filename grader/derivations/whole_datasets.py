r"""The data set as a whole: `P(D; \theta)`, `p(\mathcal{D} \mid w, b)`, `\mathcal{L}(\theta; D)`, `\sum_{(x, y) \in D}`.

Authors of likelihood derivations name the data set and write its probability before they write it out: `\log
P(D; \theta)`, `-\ln p(\mathcal{D} \mid w, b)`, `\mathcal{L}(\theta; \mathcal{D})`, and sum or multiply over its
pairs, `\sum_{(\mathbf{x}, y) \in D} \log p(y \mid \mathbf{x}; \theta)`.  Where the problem is a likelihood problem
(it defines its likelihood as a product over the samples), a TA reads:

- the probability of the data set given the parameters, and the likelihood with the data set named, as the
  problem's likelihood: the product over the samples of the model's probability of each label (the samples
  independent, as the problem states);
- a sum or product over the pairs of the data set as the sum or product over the sample index, each pair's letters
  that sample's (`x` is `x_i` inside it).

Only a data set written `D`, `\mathcal{D}` or `\mathscr{D}` as the event of a probability letter (`p`, `P`, `\Pr`) or
after the `;` / `|` of a likelihood letter, and only in a problem whose likelihood is a product; the reading is said
in the feedback on the line that uses it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import sympy

from grader.derivations.written_lines import with_text
from grader.mathengine.equivalence import Checker
from grader.results.i18n import define
from grader.results.models import DerivationLine, Message

define(
    {
        "derivation.whole_dataset": (
            ("Read with the data set as a whole: its probability (or the likelihood given it) as the likelihood of all "
             "samples, the product over i of the model's probability of each label, and a sum over its pairs as the sum over i."),
            "把数据集作为整体读取：它的概率（或给定它的似然）即所有样本的似然，也就是对 i 连乘模型给出的每个标签的概率；对其样本对求和即对 i 求和。",
        ),
    }
)

#: The data set's letter.
_DATA = r"(?:\\math(?:cal|scr)\s*\{\s*D\s*\}|\\math(?:cal|scr)\s+D|D)(?![A-Za-z])"
#: `P(D; \theta)`, `p(\mathcal{D} | w, b)`, `p(\mathcal D)`: a probability of the data set (what it is given may follow).
_PROBABILITY_OF_DATA = re.compile(
    r"(?<![A-Za-z\\])(?:\\Pr|\\mathbb\s*\{\s*P\s*\}|[pP])\s*(?:\\left\s*)?\(\s*" + _DATA
    + r"\s*(?:(?:\||\\mid|\\vert|;|,)[^()]*?)?\s*(?:\\right\s*)?\)")
#: `p(D)`, `P(\mathcal{D})`: the data set's probability given nothing written.
_BARE = re.compile(r"[^(]*\(\s*" + _DATA + r"\s*(?:\\right\s*)?\)")
#: `\mid \mathcal{D})`: something given the data set (a posterior, a prediction).
_GIVEN_DATA = re.compile(r"(?:\||\\mid|\\vert)\s*" + _DATA + r"\s*(?:\\right\s*)?\)")
#: `L(\theta; D)`, `\mathcal{L}(w, b \mid \mathcal{D})`: the likelihood with the data set named after its parameters.
_LIKELIHOOD_OF_DATA = re.compile(
    r"(?<![A-Za-z\\])(?:\\mathcal\s*\{\s*L\s*\}|\\mathcal\s+L|L)\s*(?:\\left\s*)?\([^()]*?(?:;|\||\\mid|\\vert)\s*" + _DATA
    + r"\s*(?:\\right\s*)?\)")
#: `L(\theta) = -\log P(D \mid \theta)`, `\mathcal{L} = -\frac{1}{N} \log ...`: the likelihood's letter given to a log of it
#: (the author's own loss, not the problem's likelihood).
_LETTER_FOR_A_LOG = re.compile(r"\s*(?:\\mathcal\s*\{\s*L\s*\}|\\mathcal\s+L|L)\s*(?:\([^=]*\))?\s*=\s*-?\s*(?:\\frac\s*\{[^{}]*\}\s*\{[^{}]*\}\s*)?-?\s*\\(?:log|ln)(?![A-Za-z])")
#: One letter of a pair, in a font or bare, without an index (`x`, `\mathbf{x}`, `\boldsymbol x`).
_PAIR_LETTER = r"(?:\\(?:mathbf|boldsymbol|bm|vec)\s*\{\s*[A-Za-z]\s*\}|\\(?:mathbf|boldsymbol|bm|vec)\s+[A-Za-z]|[A-Za-z])"
#: `\sum_{(x, y) \in D}`, `\prod_{(\mathbf{x}, y) \in \mathcal{D}}`: over the pairs of the data set.
_OVER_PAIRS = re.compile(
    r"\\(?P<op>sum|prod)\s*_\s*\{\s*\(\s*(?P<first>" + _PAIR_LETTER + r")\s*,\s*(?P<second>" + _PAIR_LETTER + r")\s*\)\s*\\in\s*"
    + _DATA + r"\s*\}")
#: `\sum_{(x_i, y_i) \in D}`: over the pairs, each written at its index.
_OVER_INDEXED_PAIRS = re.compile(
    r"\\(?P<op>sum|prod)\s*_\s*\{\s*\(\s*" + _PAIR_LETTER + r"\s*_\s*\{?\s*(?P<index>[a-z])\s*\}?\s*,\s*" + _PAIR_LETTER
    + r"\s*_\s*\{?\s*(?P=index)\s*\}?\s*\)\s*\\in\s*" + _DATA + r"\s*\}")


def likelihood_call(checker: Checker) -> str | None:
    """The problem's likelihood as a call in its own parameters (`L(w, b)`), where it defines it as a product over
    the samples; None in any other problem."""
    definition = getattr(checker, "definitions", {}).get("L")
    if definition is None or not isinstance(definition.body, sympy.Product) or not definition.params:
        return None
    if not all(isinstance(p, sympy.Symbol) for p in definition.params):
        return None
    return "L(" + ", ".join(sympy.latex(p) for p in definition.params) + ")"


def whole_datasets(sources: Sequence[Any], checker: Checker, ranges: Mapping[str, tuple[str, str]]) -> list[Any]:
    """The lines with the data set's probability, the likelihood given it, and sums over its pairs read as the
    problem's likelihood and sums over the samples (see the module's note); the lines themselves elsewhere."""
    if not any(re.search(_DATA, str(source.text)) for source in sources):
        return list(sources)
    call = likelihood_call(checker)
    if call is None or any(_LETTER_FOR_A_LOG.match(str(source.text)) for source in sources):
        return list(sources)  # `L(\theta) = -\log P(D | \theta)`: the author's L is a loss, the likelihood has no letter to read in
    # `p(\theta \mid D)` somewhere: the derivation weighs a posterior, where a bare `p(D)` is the evidence, not the likelihood
    bare = not any(_GIVEN_DATA.search(str(source.text)) for source in sources)
    return [with_text(source, dataset_read(str(source.text), call, ranges, bare)) for source in sources]


def dataset_read(text: str, call: str, ranges: Mapping[str, tuple[str, str]], bare: bool = True) -> str:
    """One line's text with the data set read as a whole (`call`: the problem's likelihood as a call; `bare`: whether a
    probability of the data set given nothing, `p(D)`, is read so too)."""
    text = _PROBABILITY_OF_DATA.sub(lambda m: call if bare or not _BARE.fullmatch(m.group(0)) else m.group(0), text)
    text = _LIKELIHOOD_OF_DATA.sub(lambda _m: call, text)
    text = _OVER_INDEXED_PAIRS.sub(lambda m: _limits(m.group("op"), m.group("index"), ranges), text)
    for _ in range(3):  # a few sums over pairs on a line
        match = _OVER_PAIRS.search(text)
        if match is None:
            break
        text = _pairs_indexed(text, match, ranges)
    return text


def _limits(op: str, index: str, ranges: Mapping[str, tuple[str, str]]) -> str:
    low, high = ranges.get(index, ("1", "n"))
    return f"\\{op}_{{{index}={low}}}^{{{high}}}"


def _pairs_indexed(text: str, match: re.Match, ranges: Mapping[str, tuple[str, str]]) -> str:
    """The sum over the pairs at `match` as a sum over the sample index, its letters indexed up to the end of its term
    (the next relation at its depth)."""
    index = next((c for c in "ijnm" if c in ranges and not re.search(rf"(?<![A-Za-z\\]){c}(?![A-Za-z])", text)), None)
    if index is None:
        return text
    end = _scope_end(text, match.end())
    body = text[match.end():end]
    for letter in (match.group("first"), match.group("second")):
        body = re.sub(r"(?<![A-Za-z\\{])" + re.escape(letter) + r"(?![A-Za-z_}])" if len(letter) == 1 else re.escape(letter) + r"(?!\s*_)",
                      lambda m: m.group(0) + "_{" + index + "}", body)
    return text[:match.start()] + _limits(match.group("op"), index, ranges) + body + text[end:]


def _scope_end(text: str, at: int) -> int:
    """Where the term a sum starting at `at` stands in ends: the next relation or closing bracket at its depth."""
    depth = 0
    for k in range(at, len(text)):
        ch = text[k]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            if depth == 0:
                return k
            depth -= 1
        elif depth == 0 and (ch == "=" or text.startswith("\\propto", k) or text.startswith("\\approx", k)):
            return k
    return len(text)


def dataset_noted(lines: Sequence[DerivationLine], read: Sequence[Any], sources: Sequence[Any]) -> list[DerivationLine]:
    """The lines, each whose data set was read as a whole saying so (on its first plainly valid link; `read`: the lines
    as read, `sources`: as written)."""
    read_texts = {source.number: str(source.text) for source in read}
    noting = {source.number for source in sources
              if _writes_dataset(str(source.text)) and not _writes_dataset(read_texts.get(source.number, str(source.text)))}
    if not noting:
        return list(lines)
    noted = []
    for line in lines:
        links = list(line.links)
        plain = next((at for at, link in enumerate(links) if link.valid and link.reason is None), None)
        if plain is not None and line.number in noting:
            links[plain] = replace(links[plain], reason=Message("derivation.whole_dataset"))
        noted.append(replace(line, links=tuple(links)))
    return noted


def _writes_dataset(text: str) -> bool:
    return any(pattern.search(text) for pattern in (_PROBABILITY_OF_DATA, _LIKELIHOOD_OF_DATA, _OVER_PAIRS, _OVER_INDEXED_PAIRS))
