"""The density of the vector of labels given the design, written with the author's per-sample density:
`p(\\vec y \\mid X, w, b)` where the derivation also writes `p(y_i \\mid x_i, w, b)`.  Under the model's
independence a TA reads it as the product over the samples, `\\prod_{i=1}^{n} p(y_i \\mid x_i, w, b)`; before, the
grader evaluated the author's per-sample definition at the whole vector ("p is defined for y[i], not for y").

Only where the derivation writes the same letter for one sample's density (with a sample index the problem counts,
and the same arguments after the input) as for the vector's: the vector written `\\vec y`, `\\mathbf y`,
`\\boldsymbol y`, `\\bm y`, the design the capital of the input's letter (`X`, `\\mathbf X`).  The reading is said on
the line that uses it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from grader.derivations.written_lines import with_text
from grader.mathparse.brackets import closing_bracket
from grader.results.models import DerivationLine, Message

#: A letter written as a vector: `\\vec y`, `\\vec{y}`, `\\mathbf{y}`, `\\boldsymbol y`, `\\bm{y}` (the letter in a group).
_VECTOR = r"\\(?:vec|mathbf|boldsymbol|bm)\s*(?:\{\s*({letter})\s*\}|\s({letter}))"

#: One sample's label or input: `y_i`, `y_{i}`, `y^{(i)}`, also bold (`\\boldsymbol{x}^{(i)}`) (letter, index).
_SAMPLE = r"(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*)?({letter})\s*\}?\s*(?:_\s*\{?\s*([a-z])\s*\}?|\^\s*\{\s*\(\s*([a-z])\s*\)\s*\})"

#: A one-letter density name opening its argument list (its name in group 1).
_CALL = re.compile(r"(?<![A-Za-z\\])([pPqf])\s*(?:\\left\s*)?\(")


def _calls(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, name, inside) of each call of a one-letter density in `text` (brackets inside counted)."""
    found = []
    for match in _CALL.finditer(text):
        end = closing_bracket(text, match.end())
        if end is not None:
            inside = re.sub(r"\\right\s*$", "", text[match.end():end])
            found.append((match.start(), end + 1, match.group(1), inside))
    return found

#: The bar of a condition.
_BAR = re.compile(r"\s*(?:\\mid|\\vert|\|)\s*")


def _parts(inside: str) -> tuple[str, str, str] | None:
    """(event, condition, the rest after the condition's first argument) of a call's inside; None without a bar."""
    pieces = _BAR.split(inside, maxsplit=1)
    if len(pieces) != 2:
        return None
    condition = re.split(r"[,;]", pieces[1], maxsplit=1)[0]
    return pieces[0].strip(), condition.strip(), re.sub(r"\s+", "", pieces[1][len(condition):])


def _per_sample_calls(texts: Sequence[str], ranges: Mapping[str, tuple[str, str]]) -> dict[tuple[str, str, str, str], str]:
    """(name, label letter, input letter, rest) -> one sample's call as written (`p(y_i | x_i, w, b)`), for the
    calls whose label and input are written at the same index, one the problem counts from 1."""
    found: dict[tuple[str, str, str, str], str] = {}
    for text in texts:
        for start, end, name, inside in _calls(text):
            parts = _parts(inside)
            if parts is None:
                continue
            label = re.fullmatch(_SAMPLE.replace("{letter}", "[a-z]"), parts[0])
            given = re.fullmatch(_SAMPLE.replace("{letter}", "[a-z]"), parts[1])
            if label is None or given is None:
                continue
            index = label.group(2) or label.group(3)
            if index != (given.group(2) or given.group(3)) or str(ranges.get(index, ("",))[0]) != "1":
                continue
            found.setdefault((name, label.group(1), given.group(1), parts[2]), text[start:end])
    return found


def sample_products(sources: Sequence[Any], ranges: Mapping[str, tuple[str, str]]) -> list[Any]:
    """The lines with each density of the vector of labels given the design written as the product over the samples
    of the same letter's density for one sample (see the module's note); the lines themselves where none is."""
    texts = [str(source.text) for source in sources]
    if not any("|" in text or "\\mid" in text for text in texts):
        return list(sources)
    per_sample = _per_sample_calls(texts, ranges)
    if not per_sample:
        return list(sources)
    return [with_text(source, _products_written(text, per_sample, ranges)) for source, text in zip(sources, texts)]


def _products_written(text: str, per_sample: Mapping[tuple[str, str, str, str], str], ranges: Mapping[str, tuple[str, str]]) -> str:
    pieces, at = [], 0
    for start, end, name, inside in _calls(text):
        parts = _parts(inside)
        if parts is None or start < at:
            continue
        vector = re.fullmatch(_VECTOR.replace("{letter}", "[a-z]"), parts[0])
        design = re.fullmatch(r"(?:\\(?:mathbf|boldsymbol|bm)\s*\{?\s*)?([A-Z])\s*\}?", parts[1])
        if vector is None or design is None:
            continue
        call = per_sample.get((name, vector.group(1) or vector.group(2), design.group(1).lower(), parts[2]))
        if call is None:
            continue
        index = _index_of(call)
        pieces += [text[at:start], f"(\\prod_{{{index}=1}}^{{{ranges[index][1]}}} {call})"]
        at = end
    return "".join(pieces) + text[at:]


def _index_of(call: str) -> str:
    """The sample index a per-sample call writes (`i` of `p(y^{(i)} | x^{(i)})`)."""
    inside = call[call.index("(") + 1:]
    label = re.search(_SAMPLE.replace("{letter}", "[a-z]"), inside)
    return (label.group(2) or label.group(3)) if label else "i"


#: Where `sample_products` wrote a product in: `(\\prod_{i=1}^{n} ` (its closing parenthesis found by counting).
_INSERTED = re.compile(r"\(\\prod_\{[a-z]=1\}\^\{[^{}]*\} ")


def _inserted(text: str) -> list[str]:
    """The products `sample_products` wrote into a line's text, as they stand there."""
    found = []
    for match in _INSERTED.finditer(text):
        end = closing_bracket(text, match.start() + 1)
        if end is not None:
            found.append(text[match.start():end + 1])
    return found


def _vector_calls(text: str) -> list[str]:
    """The densities of a vector of labels given a design that a line writes, as written."""
    found = []
    for start, end, _name, inside in _calls(text):
        parts = _parts(inside)
        if (parts is not None and re.fullmatch(_VECTOR.replace("{letter}", "[a-z]"), parts[0])
                and re.fullmatch(r"(?:\\(?:mathbf|boldsymbol|bm)\s*\{?\s*)?[A-Z]\s*\}?", parts[1])):
            found.append(text[start:end])
    return found


def products_noted(lines: Sequence[DerivationLine], read: Sequence[Any], sources: Sequence[Any]) -> list[DerivationLine]:
    """The lines, each whose density of the vector was read as the product over the samples saying so (on its first
    plainly valid link, as a reading taken where the text allows two is said), every link showing the density as
    the author wrote it, also where a next line continues from it (`read`: the lines as read, `sources`: as written)."""
    read_texts = {source.number: str(source.text) for source in read}
    shown: dict[str, str] = {}
    noting = set()
    for source in sources:
        products, calls = _inserted(read_texts.get(source.number, "")), _vector_calls(str(source.text))
        if products and len(products) == len(calls):
            shown.update(zip(products, calls))
            noting.add(source.number)
    if not shown:
        return list(lines)
    only = next(iter(set(shown.values()))) if len(set(shown.values())) == 1 else None
    noted = []
    for line in lines:
        links = [replace(link, left=_restored(link.left, shown, only), right=_restored(link.right, shown, only)) for link in line.links]
        plain = next((at for at, link in enumerate(links) if link.valid and link.reason is None), None)
        if plain is not None and line.number in noting:
            links[plain] = replace(links[plain], reason=Message("derivation.sample_product"))
        noted.append(replace(line, links=tuple(links)))
    return noted


def _restored(text: str, shown: Mapping[str, str], only: str | None) -> str:
    """A link's text with each product read in shown as the density the author wrote (the parser may have written
    the product's call over, `y^{(i)}` as `y_{i}`: where the derivation writes one vector density, every product is it)."""
    for product in _inserted(text):
        call = shown.get(product, only)
        if call is not None:
            text = text.replace(product, call)
    return text
