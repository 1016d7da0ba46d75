r"""Each sample's true class as a letter in a likelihood over classes: `p(c_i \mid x_i; \theta)`, `y_{i c_i}`, `[k = c_i]`.

Derivations of the cross-entropy as a likelihood often name the class of sample i by a letter of their own, `c_i`, and
write the model's probability of it: `L(\theta) = \prod_i p(c_i \mid x_i; \theta) = \prod_i y_{i c_i}`,
`-\sum_k Y_{ik} \log y_{ik} = -\log y_{i c_i}`, with the one-hot labels `Y_{ik} = \mathbf{1}[k = c_i]` (or
`\delta_{k c_i}`, `\mathbb{1}\{k = c_i\}`).  A careful TA reads `c_i` as the class where the labels' row i is one: the
model's entry at it is `\sum_k Y_{ik} y_{ik}`, its probability `p(Y_i \mid x_i; \theta)` (the problem's own name for
the probability of the label's row), and the indicator of it the label `Y_{ik}`.

Only in a problem whose labels are a two-index family drawn one-hot by rows (the sample's row, the class's column)
and whose model probabilities are the other two-index family with rows on the simplex; only a letter the problem
does not know, written at the sample index (`c_i`, `c_{i}`), and only in these forms: the probabilities' entry at
`(i, c_i)`, `p(c_i | ...)` of the problem's probability function, and an indicator or Kronecker delta of `k = c_i`
for a class index k.  A swapped index (`y_{c_i i}`) is not read (it stays unchecked).  The reading is said on the
first line that uses it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import sympy

from grader.derivations.written_lines import with_text
from grader.mathengine.equivalence import Checker
from grader.mathparse import Notation
from grader.results.i18n import define
from grader.results.models import DerivationLine, Message

define(
    {
        "derivation.sample_class": (
            ("Read with {letter}_{sample} as the true class of sample {sample}, where the label row {labels}_{sample} is one: "
             "{probabilities} at it is the sum over the classes of {labels} times {probabilities}, its indicator the label {labels}."),
            "把 {letter}_{sample} 读作样本 {sample} 的真实类别（标签行 {labels}_{sample} 为 1 的位置）：{probabilities} 在该处的值即对类别求 {labels} 与 {probabilities} 之积的和，其指示函数即标签 {labels}。",
        ),
    }
)


@dataclass(frozen=True)
class _Families:
    """The problem's labels and model probabilities, and its sample and class indices with their bounds."""

    labels: str
    """The two-index family drawn one-hot by rows (`Y`)."""
    probabilities: str
    """The two-index family with rows on the simplex (`y`)."""
    sample: str
    """The sample index (`i`)."""
    classes: tuple[str, ...]
    """The class indices (`k`, `j`)."""
    bound: str
    """The number of classes (`K`)."""


def _families(notation: Notation, checker: Checker) -> _Families | None:
    drawn = _drawn_families(notation, checker)
    limits = _likelihood_limits(checker)
    if drawn is None or limits is None or len(limits) < 2:
        return None
    sample, bound = str(limits[-1][0]), str(limits[0][2])
    classes = tuple(index for index, (_low, high) in notation.index_ranges.items() if str(high) == bound)
    if sample in classes or not classes:
        return None
    return _Families(drawn[0], drawn[1], sample, classes, bound)


def _drawn_families(notation: Notation, checker: Checker) -> tuple[str, str] | None:
    """(labels, probabilities): the problem's two two-index families, one drawn one-hot by rows, the other on the simplex."""
    two = [name for name, count in notation.indexed.items() if count == 2 and len(name) == 1]
    points = [p for s in getattr(checker, "scenarios", ())[:1] for p in checker.points(s)[:3]]
    if len(two) != 2 or not points:
        return None
    kinds = {name: _kind(points, name) for name in two}
    labels = [n for n, kind in kinds.items() if kind == "one-hot"]
    probabilities = [n for n, kind in kinds.items() if kind == "simplex"]
    return (labels[0], probabilities[0]) if len(labels) == 1 and len(probabilities) == 1 else None


def _likelihood_limits(checker: Checker) -> tuple | None:
    """The limits of the problem's likelihood, a product over the classes and the samples (the samples outermost)."""
    likelihood = getattr(checker, "definitions", {}).get("L")
    return likelihood.body.limits if likelihood is not None and isinstance(likelihood.body, sympy.Product) else None


def _kind(points: Sequence[Mapping[str, Any]], name: str) -> str | None:
    """`one-hot` where every row of the family is a unit vector, `simplex` where every row sums to 1 otherwise."""
    kinds = set()
    for point in points:
        value = point.get(name)
        if not isinstance(value, np.ndarray) or value.ndim != 2 or not np.allclose(value.sum(axis=1), 1.0):
            return None
        kinds.add("one-hot" if np.all((value == 0) | (value == 1)) else "simplex")
    return kinds.pop() if len(kinds) == 1 else None


def sample_classes(sources: Sequence[Any], notation: Notation, checker: Checker, known: set[str]) -> list[Any]:
    """The lines with each sample's class letter read as the class where its label row is one (see the module's note)."""
    if not any(re.search(r"[a-z]\s*_\s*\{?\s*[a-z]\s*\}?\s*(?:\\?\}|\||\\mid|\])", str(source.text)) for source in sources):
        return list(sources)  # no letter at an index ending a subscript, an event or an indicator: nothing to read
    families = _families(notation, checker)
    if families is None:
        return list(sources)
    letter = _class_letter([str(s.text) for s in sources], families, notation, known)
    if letter is None:
        return list(sources)
    return [with_text(source, _read(str(source.text), letter, families, notation)) for source in sources]


def _at_sample(letter: str, sample: str) -> str:
    return rf"{letter}\s*_\s*(?:\{{\s*{sample}\s*\}}|{sample})"


def _class_letter(texts: Sequence[str], families: _Families, notation: Notation, known: set[str]) -> str | None:
    """The one letter written at the sample index inside the probabilities' second index or as the event of `p`."""
    s = families.sample
    entry = re.compile(rf"(?<![A-Za-z\\]){families.probabilities}\s*\}}?\s*_\s*\{{\s*{s}\s*,?\s*([a-z])\s*_\s*\{{?\s*{s}\s*\}}?\s*\}}")
    event = re.compile(rf"(?<![A-Za-z\\])[pP]\s*(?:\\left\s*)?\(\s*([a-z])\s*_\s*\{{?\s*{s}\s*\}}?\s*(?:\||\\mid)")
    classes = "".join(families.classes)
    indicator = re.compile(rf"(?:\[|\\\{{|\{{)\s*[{classes}]\s*=\s*([a-z])\s*_\s*\{{?\s*{s}\s*\}}?\s*(?:\]|\\\}}|\}})")
    delta = re.compile(rf"\\delta\s*_\s*\{{\s*[{classes}]\s*,?\s*([a-z])\s*_\s*\{{?\s*{s}\s*\}}?\s*\}}")
    found = {m.group(1) for text in texts for pattern in (entry, event, indicator, delta) for m in pattern.finditer(text)}
    taken = {*known, *notation.indexed, *notation.functions, *notation.index_ranges, *notation.symbols}
    letters = {c for c in found if c not in taken}
    return letters.pop() if len(letters) == 1 else None


def _read(text: str, letter: str, families: _Families, notation: Notation) -> str:
    s, labels, probabilities = families.sample, families.labels, families.probabilities
    at = _at_sample(letter, s)
    fresh = next((k for k in families.classes if not re.search(rf"(?<![A-Za-z\\]){k}(?![A-Za-z])", text)), None)
    if fresh is not None:
        entry = re.compile(rf"(?P<family>(?<![A-Za-z\\]){probabilities}|\\hat\s*\{{\s*{probabilities}\s*\}}|\\hat\s+{probabilities})\s*_\s*\{{\s*{s}\s*,?\s*{at}\s*\}}")
        text = entry.sub(lambda m: rf"\left(\sum_{{{fresh}=1}}^{{{families.bound}}} {labels}_{{{s}{fresh}}} {m.group('family')}_{{{s}{fresh}}}\right)", text)
    if "p" in notation.functions:
        # `P(c_i \mid x_i; \theta)`: the problem's probability of the label's row (its own letter, p)
        text = re.sub(rf"(?<![A-Za-z\\])[pP](\s*(?:\\left\s*)?\(\s*){at}(?=\s*(?:\||\\mid))", rf"p\1{labels}_{{{s}}}", text)
    classes = "".join(families.classes)
    indicator = (rf"(?:\\(?:mathbf|mathbb|boldsymbol|bm)\s*\{{\s*1\s*\}}|\\mathbb\s*1|\\mathbf\s*1|1|\\delta)?\s*_?\s*(?:\[|\\\{{|\\left\s*\[|\\left\s*\\\{{|\{{)"
                 rf"\s*(?P<k>[{classes}])\s*=\s*{at}\s*(?:\]|\\\}}|\\right\s*\]|\\right\s*\\\}}|\}})")
    text = re.sub(indicator, lambda m: f"{labels}_{{{s}{m.group('k')}}}", text)
    delta = rf"\\delta\s*_\s*\{{\s*(?:(?P<k>[{classes}])\s*,?\s*{at}|{at}\s*,?\s*(?P<k2>[{classes}]))\s*\}}"
    return re.sub(delta, lambda m: f"{labels}_{{{s}{m.group('k') or m.group('k2')}}}", text)


def sample_class_noted(lines: Sequence[DerivationLine], read: Sequence[Any], sources: Sequence[Any], notation: Notation,
                       checker: Checker) -> list[DerivationLine]:
    """The lines, the first whose class letter was read saying so (on its first plainly valid link; `read`: the lines as
    read, `sources`: as written)."""
    read_texts = {source.number: str(source.text) for source in read}
    if all(read_texts.get(s.number) == str(s.text) for s in sources):
        return list(lines)
    families = _families(notation, checker)
    letter = _class_letter([str(s.text) for s in sources], families, notation, set()) if families is not None else None
    if families is None or letter is None:
        return list(lines)
    at = re.compile(_at_sample(letter, families.sample))
    changed = {s.number for s in sources if at.search(str(s.text)) and not at.search(read_texts.get(s.number, ""))}
    out = list(lines)
    for number, line in enumerate(out):
        plain = next((k for k, link in enumerate(line.links) if link.valid and link.reason is None), None)
        if line.number in changed and plain is not None:
            note = Message("derivation.sample_class", {"letter": letter, "sample": families.sample, "labels": families.labels,
                                                      "probabilities": families.probabilities})
            links = list(line.links)
            links[plain] = replace(links[plain], reason=note)
            out[number] = replace(line, links=tuple(links))
            break
    return out
