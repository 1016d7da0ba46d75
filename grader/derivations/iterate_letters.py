"""The author's letters for an algorithm's iterates, read from their role (the perceptron's convergence proof as
authors write it): the iterate before and after the update (`w_t`, `w_{t+1}`; `W_t`; `\\vec w_{k+1}`, `w^{k+1}`)
as the problem's (`w_{k-1}`, `w_k`), the separating vector dotted with the iterates (`w^*`, `W_f`, `\\vec w^*`) as
the problem's (`w_{opt}`), the sample the update adds (`y_t x_t`, `y_{n(t)} x_{n(t)}`) as the problem's (`y_i x_i`)
and the margin the update count multiplies (`k \\epsilon`) as the problem's (`\\gamma`).

A TA reads the index of an update's two iterates as a name for "before" and "after": a step written one index
later (`w_{k+1} \\ge w_k + \\gamma`) is the same step.  Where the author counts the iterates from 1 (`w_{0+1} = 0`,
`w_1 = 0` the start, no `w_0`), every iterate index is the problem's plus one, on every line (`w^{k+1} \\ge k\\gamma`
is the problem's `w_k \\ge k\\gamma`).  Where the author's index letter is the problem's update count k and nothing
says where the count starts, only a line that writes the update's two iterates and no other k is read one index
earlier (a bound in k there would change with the reading).  The iterates are found from the problem's
notation: two vectors `w_k`, `w_{k-1}` (the index and the one before), a vector of the same letter named by a word
(`w_{opt}`), a vector `x_i` with a number `y_i` (the sample), and the problem's one Greek number (the margin)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from grader.mathparse.vocabulary import GREEK
from grader.results.i18n import define

define(
    {
        "iterate_letters.read": (
            ("Your names for the update are read as the problem's on every line ({letters}): the iterate after an "
            "update and the one before it, the separating vector, the sample the update adds and the margin."),
            "你对更新的记号在每一行都读作题目中的量（{letters}）：更新后与更新前的迭代向量、分离向量、更新所加的样本以及间隔。",
        ),
    }
)

#: A one-letter name with its style (`\\vec{w}`, `\\mathbf w`, `W`), a transposition written before its mark
#: (`W^T_f`) and its mark: a subscript or superscript (`_{k+1}`, `^{0+1}`, `^*`, `_f`, `^\\ast`).
_MARKED = re.compile(
    r"(?P<name>\\(?:vec|mathbf|boldsymbol|bm)\s*\{\s*(?P<b1>[A-Za-z])\s*\}|\\(?:vec|mathbf|boldsymbol|bm)\s+(?P<b2>[A-Za-z])"
    r"|(?:(?<![A-Za-z\\])|(?<=[_^][A-Za-z0-9]))(?P<b3>[A-Za-z]))(?![A-Za-z])"
    r"(?P<tr>\s*\^\s*(?:T|\\top|\{\s*(?:T|\\top)\s*\})(?=\s*_))?"
    r"\s*(?P<op>[_^])\s*(?P<mark>\{(?:[^{}]|\{[^{}]*\})*\}|\\ast|\\star|[A-Za-z0-9*])")

#: The marks of a separating vector: a star (`w^*`, `w_{\\ast}`).
_STARS = frozenset({"*", "\\ast", "\\star"})

#: Letters that index (`w_j`: another iterate, any weight vector): never a separator's mark, which is a star or a
#: word or letter of its own (`w^*`, `W_f`, `w_{opt}`).
_INDEX_LETTERS = frozenset("ijklmnst")

#: An index of the author's iterates: a letter, the letter plus or minus one, a number, `0+1`.
_INDEX = re.compile(r"^(?:(?P<letter>[A-Za-z])(?:(?P<sign>[+-])1)?|(?P<number>[0-9])(?:\+(?P<plus>1))?)$")

#: What may stand between two factors of a product of vectors: spaces, brackets, `\\cdot`, a transposition.
_PRODUCT_GAP = re.compile(r"^(?:\s|\(|\)|\\left|\\right|\\cdot|\^\s*(?:T|\\top|\{\s*(?:T|\\top)\s*\}))*$")

#: A sample's letter with its index: `x_t`, `y_{n(t)}`, `\\mathbf{x}_t`.
_SAMPLE = re.compile(r"(?:\\(?:mathbf|boldsymbol|bm|vec)\s*\{\s*(?P<s1>[xy])\s*\}|(?:(?<![A-Za-z\\])|(?<=[_^][A-Za-z0-9]))(?P<s2>[xy]))(?![A-Za-z])"
                     r"\s*_\s*(?P<index>\{(?:[^{}]|\{[^{}]*\})*\}|[A-Za-z])")

#: `\\text{...}` and other words: not the author's letters.
_WORDS = re.compile(r"(\\(?:text|mathrm|operatorname)\s*\{[^{}]*\})")


@dataclass(frozen=True)
class IterateNames:
    """The problem's names for the update: its iterates' letter and index, the separator, the sample, the margin."""

    letter: str
    """The iterates' letter (`w`)."""

    index: str
    """The update count (`k`): the iterate after the update is `w_k`, the one before `w_{k-1}`."""

    separator: str
    """The separating vector as LaTeX (`w_{opt}`)."""

    sample: tuple[str, str, str]
    """The sample's input letter, label letter and index (`x`, `y`, `i`)."""

    margin: str
    """The margin's Greek letter (`gamma`); '' where the problem has no one Greek number."""


def iterate_names(matrices: Mapping[str, Any], symbols: Sequence[str], known: set[str]) -> IterateNames | None:
    """The problem's names for an update of iterates, from its notation; None where it declares no iterates."""
    iterates = [name.split("_", 1) for name in matrices if "_" in name]
    pairs = [(base, index) for base, index in iterates if re.fullmatch(r"[a-z]", index) and f"{base}_{index}-1" in matrices]
    if len(pairs) != 1:
        return None
    letter, index = pairs[0]
    separators = [mark for base, mark in iterates if base == letter and re.fullmatch(r"[a-z]{2,}", mark)]
    samples = [(base, mark) for base, mark in iterates
               if base != letter and re.fullmatch(r"[a-z]", mark) and mark != index and any(s.endswith(f"_{mark}") for s in symbols)]
    if len(separators) != 1 or not samples:
        return None
    return IterateNames(letter, index, f"{letter}_{{{separators[0]}}}", _sample_names(samples[0], symbols), _margin(known))


def _sample_names(sample: tuple[str, str], symbols: Sequence[str]) -> tuple[str, str, str]:
    """The sample's input letter, its label's letter (the number of the same index) and the index."""
    label = next(s.split("_")[0] for s in symbols if s.endswith(f"_{sample[1]}"))
    return sample[0], label, sample[1]


def _margin(known: set[str]) -> str:
    """The problem's one Greek number (`gamma`), '' where it has none or several."""
    margins = [name for name in known if name in GREEK]
    return margins[0] if len(margins) == 1 else ""


@dataclass(frozen=True)
class _Written:
    """One marked letter as written in a line."""

    start: int
    end: int
    letter: str
    transposed: bool
    op: str
    mark: str


def _marked(text: str) -> list[_Written]:
    found = []
    for match in _MARKED.finditer(text):
        mark = match.group("mark")
        mark = mark[1:-1].strip() if mark.startswith("{") else mark
        found.append(_Written(match.start(), match.end(), match.group("b1") or match.group("b2") or match.group("b3"),
                              bool(match.group("tr")), match.group("op"), re.sub(r"\s+", "", mark)))
    return found


@dataclass(frozen=True)
class IterateReading:
    """How one derivation writes the update's names, and the text read in the problem's."""

    names: IterateNames
    """The problem's names."""

    letter: str
    """The author's letter for the iterates (`w`, `W`)."""

    index: str
    """The author's index letter (`t`, `k`)."""

    shift: str
    """How the author's indices read: "next" (`L+1` after, `L` before, on every line), "from_one" (every index less
    one: the author counts from 1), "line" (`L+1` and `L` one index earlier, on a line that writes both and no other
    `L`), "same" (`L` after, `L-1` before)."""

    separators: frozenset[str] = frozenset()
    """The author's marks of the separating vector (`*`, `f`)."""

    sample: str = ""
    """The author's index of the update's sample (`t`, `n(t)`), '' where it is the problem's."""

    margin: str = ""
    """The author's margin letter (`epsilon`), '' where it is the problem's."""

    _done: dict[str, str] = field(default_factory=dict, compare=False, hash=False, repr=False)
    """The texts read so far (a line is read by several readers)."""

    def rewritten(self, text: str) -> str:
        """`text` with the author's names as the problem's."""
        done = self._done.get(text)
        if done is None:
            parts = _WORDS.split(text)
            done = self._done[text] = "".join(part if k % 2 else self._read(part) for k, part in enumerate(parts))
        return done

    def used(self, text: str) -> list[str]:
        """How the names `text` writes were read (`w_{t+1} → w_k`), for the feedback."""
        notes = []
        for written in _marked(text):
            # one step written one index later: said once, for the iterate after it (`text` may join every line)
            step = self.shift == "line" and written.letter == self.letter and written.mark == f"{self.index}+1"
            target = f"{self.names.letter}_{{{self.names.index}}}" if step else self._target(written, text)
            if target is not None:
                notes.append(f"{text[written.start:written.end].strip()} → {target}")
        sample, label, index = self.names.sample
        if self.sample and re.search(rf"_\s*\{{?\s*{re.escape(self.sample)}", text):
            notes.append(f"{sample}_{{{self.sample}}}, {label}_{{{self.sample}}} → {sample}_{index}, {label}_{index}")
        if self.margin and re.search(rf"\\{self.margin}(?![A-Za-z])", text):
            notes.append(f"\\{self.margin} → \\{self.names.margin}")
        return list(dict.fromkeys(notes))

    def _read(self, text: str) -> str:
        pieces, at = [], 0
        for written in _marked(text):
            target = self._target(written, text)
            if target is not None:
                pieces += [text[at:written.start], target + ("^T" if written.transposed else "")]
                at = written.end
        text = "".join(pieces) + text[at:]
        if self.sample:
            index = self.names.sample[2]

            def sample_read(match: re.Match) -> str:
                written = re.sub(r"\s+", "", match.group("index").strip("{}"))
                return f"{match.group('s1') or match.group('s2')}_{{{index}}}" if written == self.sample else match.group(0)

            text = _SAMPLE.sub(sample_read, text)
        if self.margin:
            text = re.sub(rf"\\{self.margin}(?![A-Za-z])", rf"\\{self.names.margin}", text)
        return text

    def _target(self, written: _Written, line: str) -> str | None:
        """The problem's name for one marked letter of `line`; None where it is not the author's iterate or separator."""
        if written.letter != self.letter:
            return None
        if written.mark in self.separators:
            return self.names.separator
        index = _INDEX.match(written.mark)
        if index is None or (written.op == "^" and not re.search(r"[+-]", written.mark)):
            return None
        read = self._index_read(index, line)
        if read is None or (written.letter == self.names.letter and read == written.mark and not written.transposed):
            return None  # the problem's own name, as the problem writes it
        return f"{self.names.letter}_{{{read}}}"

    def _index_read(self, index: re.Match, line: str) -> str | None:
        """The problem's index for the author's (`t+1` -> `k`), in the reading this derivation takes."""
        k = self.names.index
        if index.group("number") is not None:
            number = int(index.group("number")) + (1 if index.group("plus") else 0)
            if self.shift == "from_one":
                return str(number - 1) if number >= 1 else None
            return str(number)
        if index.group("letter") != self.index:
            return None
        sign = index.group("sign")
        if self.shift == "same":
            return {None: k, "-": f"{k}-1"}.get(sign)
        if self.shift == "line" and not self._steps_on(line):
            return None if sign else (k if self.index == k else None)
        return {"+": k, None: f"{k}-1"}.get(sign)

    def _steps_on(self, line: str) -> bool:
        """Whether `line` writes the update's two iterates (`L+1` and `L`) and the index letter nowhere else."""
        marks = {w.mark for w in _marked(line) if w.letter == self.letter}
        if not {f"{self.index}+1", self.index} <= marks:
            return False
        rest = _MARKED.sub(lambda m: " " if (m.group("b1") or m.group("b2") or m.group("b3")) == self.letter else m.group(0), line)
        return re.search(rf"(?<![A-Za-z\\]){self.index}(?![A-Za-z])", rest) is None


def iterate_reading(sources: Sequence[Any], names: IterateNames | None, known: set[str]) -> IterateReading | None:
    """How the derivation's lines write the update (`IterateReading`); None where they write it as the problem does."""
    if names is None:
        return None
    texts = [_WORDS.sub(" ", source.text) for source in sources]
    written = [w for text in texts for w in _marked(text)]
    letters = {w.letter for w in written if w.letter.lower() == names.letter and _INDEX.match(w.mark) and w.op == "_"}
    letters |= {w.letter for w in written if w.letter.lower() == names.letter and w.op == "^" and re.fullmatch(r"[A-Za-z0-9][+-]1", w.mark)}
    if len(letters) != 1:
        return None
    letter = letters.pop()
    marks = {w.mark for w in written if w.letter == letter}
    index_letters = {m[0] for m in marks if re.fullmatch(r"[A-Za-z][+-]1", m)}
    if len(index_letters) != 1:
        return _same_index(letter, names, marks, texts, known)
    index = index_letters.pop()
    shift = _shift(index, marks, names, texts)
    if shift is None:
        return None
    separators = _separators(letter, index, marks, texts, names, known)
    reading = IterateReading(names, letter, index, shift, separators)
    return _with_sample_and_margin(reading, texts, known)


def _same_index(letter: str, names: IterateNames, marks: set[str], texts: list[str], known: set[str]) -> IterateReading | None:
    """A derivation whose iterates carry no `L+1`: only the separator, the sample and the margin may be the author's
    (and the iterates' letter, where its case differs: `W_k` for `w_k`)."""
    separators = _separators(letter, names.index, marks, texts, names, known)
    reading = IterateReading(names, letter, names.index, "same", separators)
    reading = _with_sample_and_margin(reading, texts, known)
    if letter == names.letter and not separators and not reading.sample and not reading.margin:
        return None
    return reading


def _shift(index: str, marks: set[str], names: IterateNames, texts: list[str]) -> str | None:
    """The reading of the author's iterate indices (see `IterateReading.shift`)."""
    if f"{index}-1" in marks:
        return None  # `L-1`, `L` and `L+1` all written: three iterates, no reading onto the problem's two
    if index != names.index:
        return "next"
    starts_at_one = "0+1" in marks or ("1" in marks and "0" not in marks and any(
        re.search(rf"{names.letter}\s*_\s*\{{?\s*1\s*\}}?\s*=\s*0(?![0-9.])", text, re.IGNORECASE) for text in texts))
    return "from_one" if starts_at_one and "0" not in marks else "line"


def _separators(letter: str, index: str, marks: set[str], texts: list[str], names: IterateNames, known: set[str]) -> frozenset[str]:
    """The author's marks of the separating vector: a star, or a word or letter that is no index, on a letter
    written in a product with an iterate (`w_k \\cdot (w^*)^T`, `W_f^T W_t`) on some line."""
    candidates = {m for m in marks if m in _STARS or (re.fullmatch(r"[A-Za-z]+", m) and m != index and not _INDEX.match(m))}
    candidates |= {m for m in marks if re.fullmatch(r"[A-Za-z]", m) and m != index and m not in _INDEX_LETTERS}
    found = set()
    for mark in candidates:
        if letter == names.letter and f"{letter}_{mark}" in known:
            continue  # the problem's own name (`w_{opt}`, `w_k`)
        if any(_in_product(text, letter, mark) for text in texts):
            found.add(mark)
    return frozenset(found) if len(found) == 1 else frozenset()


def _in_product(text: str, letter: str, mark: str) -> bool:
    """Whether `text` writes the letter with `mark` next to the letter with an index (a product of the two vectors)."""
    written = [w for w in _marked(text) if w.letter == letter]
    for one in written:
        for other in written:
            if one.mark == mark and other.mark != mark and _INDEX.match(other.mark):
                gap = text[one.end:other.start] if one.end <= other.start else text[other.end:one.start]
                if _PRODUCT_GAP.match(gap):
                    return True
    return False


def _with_sample_and_margin(reading: IterateReading, texts: list[str], known: set[str]) -> IterateReading:
    """`reading` with the author's sample index (written on `x` in a line with two iterates) and margin letter
    (a Greek letter the update count multiplies, where the problem's is never written)."""
    sample_letter, label_letter, _ = reading.names.sample
    indices: set[str] = set()
    labelled: set[str] = set()
    for text in texts:
        iterates = {w.mark for w in _marked(text) if w.letter == reading.letter and _INDEX.match(w.mark)}
        if len(iterates) < 2:
            continue
        by_letter: dict[str, set[str]] = {}
        for match in _SAMPLE.finditer(text):
            by_letter.setdefault(match.group("s1") or match.group("s2"), set()).add(re.sub(r"\s+", "", match.group("index").strip("{}")))
        own = {index for index in by_letter.get(sample_letter, set()) if f"{sample_letter}_{index}" not in known and not index.isdigit()}
        labelled |= own & by_letter.get(label_letter, set())
        indices |= own
    # the input the update adds with its label; else the one input written (a label dropped: the author's slip, checked)
    indices = labelled or indices
    sample = indices.pop() if len(indices) == 1 else ""
    margin = ""
    everything = " ".join(texts)
    if reading.names.margin and not re.search(rf"\\{reading.names.margin}(?![A-Za-z])", everything):
        count = reading.names.index
        greek = "|".join(sorted((g for g in GREEK if g not in known), key=len, reverse=True))
        counted = {m.group(1) for m in re.finditer(rf"(?:(?<![A-Za-z\\]){count}\s*(?:\^\s*\{{?\s*2\s*\}}?)?|\))\s*\\({greek})(?![A-Za-z])", everything)}
        margin = counted.pop() if len(counted) == 1 else ""
    return IterateReading(reading.names, reading.letter, reading.index, reading.shift, reading.separators, sample, margin)
