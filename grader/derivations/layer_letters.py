"""The author's letters for a linear layer's random variables, read from their roles in the layer's sum.

A problem about one layer's variances (`z = \\sum_j w_j a_j`) is derived by authors in their own letters:
`o_i = \\sum_j w_{ij} x_j`, `\\mathbf{E}[h_i] = \\sum_j \\mathbf{E}[W_{ij} x_j]`, `z_j^{(l)} = \\sum_i W_{ij}^{(l)} h_i^{(l-1)}`,
`Var(y_t) = Var(\\sum_{i=1}^{l_t} w_t^i x_t^i)`.  A TA reads the letters from the sum: what is summed over the
fan-in is a weight times an input (the weights the factor written with the problem's weight letter, or with
two indices, or first), what the sum defines (or whose mean or variance it gives) is the output; the index the
sum runs over is the input's index, the other marks are the output's index and the layer's name
(`(l)`, `t`), not powers or free indices.  The author's letter for the fan-in (`l_t`) is the layer's size.

The reading is fixed once, from how the layer's sum is written (never from whether a step holds), and used on
every line: a marking of another layer (`y_{t-1}`, `h^{(l)}` where the input is `h^{(l-1)}`) is left as written.
No reading is taken where the author states a mean of the weights or inputs other than 0 (`\\mathbb{E}[x_j] = \\mu`):
the problem's variables are zero-mean, the author's are not, and their lines stay unchecked (never read as the
problem's, where `Var(Wx) = Var(W)Var(x)` would follow).

The author's variance letters (`\\sigma^2`, `\\gamma^2`) are read where the author states them
(`\\mathrm{Var}(w) = \\sigma^2`, `\\mathbf{E}[x_j^2] = \\gamma^2`, `W \\sim \\mathcal{N}(0, \\sigma^2)`), or else where
they first stand in a chain in place of the moments the term before wrote (`\\sum_j E[w_j^2] E[x_j^2] =
n \\sigma^2 \\gamma^2`: σ² for the weights', γ² for the inputs', in the order written).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from typing import Any

from grader.mathengine.gradients import backward_pass_of
from grader.mathparse.brackets import closing_bracket
from grader.results.i18n import define

define(
    {
        "layer_letters.read": (
            ("Your letters are read by their role in the layer's sum, on every line ({letters}): the factor summed "
            "with the weights is the layer's input, what the sum gives is its output, the other marks (the output's "
            "index, the layer's name) are no powers; a variance letter is the variance it stands for."),
            ("你的字母按其在该层求和式中的作用理解，每一行都如此（{letters}）：与权重相乘求和的是该层的输入，求和所得是输出，"
            "其余标记（输出的下标、层的名字）不是幂；方差字母即它所代表的方差。"),
        ),
        "layer_letters.capital": (
            ("Your capital letter is read as the problem's weights on every line ({letters}): you state its variance "
            "or mean, and the derivation writes no other letter for the weights."),
            "你的大写字母在每一行都读作题目中的权重（{letters}）：你给出了它的方差或均值，推导中没有别的字母表示权重。",
        ),
    }
)

#: A letter's marks: `_{ij}`, `^{(l)}`, `^2`, `_t`, `^i` (each braced, a command, or one character).
_MARKS = r"(?:\s*[_^]\s*(?:\{(?:[^{}]|\{[^{}]*\})*\}|\\[A-Za-z]+|[A-Za-z0-9]))*"

#: `\\sum_{j=1}`, `\\sum_j`, `\\sum^{n}_{j=1}`: the sum's index letter (its upper limit is read apart).
_SUM = re.compile(r"\\sum\s*(?P<upper_first>\^\s*(?:\{(?:[^{}]|\{[^{}]*\})*\}|[A-Za-z0-9])\s*)?"
                  r"_\s*(?:\{\s*(?P<braced>[A-Za-z])\s*(?:=\s*[01]\s*)?\}|(?P<plain>[A-Za-z]))")

#: What may stand between a sum and its first factor, or between the two factors: spaces, `\\,`, an opening
#: bracket, the mean operator (`\\mathbf{E}[`, `E(`), a product sign.
_BETWEEN = re.compile(r"(?:\s|\\[,;!:]|\\left|\\cdot|\\times|[\[(]|\\(?:mathbf|mathbb|mathrm)\s*\{\s*E\s*\}\s*[\[(]|E\s*[\[(])*")

#: A moment's head at the start of a line: `E[`, `\\mathbf{E}[`, `Var(`, `\\text{Var}[`, `\\mathrm{Var}(`.
_MOMENT_HEAD = re.compile(r"^\s*(?:\\(?:mathbf|mathbb|mathrm|text|operatorname)\s*\{\s*(?:E|Var)\s*\}|E|Var)\s*(?:\\left\s*|\\qty\s*)?[\[(]")

#: The styled words a letter may stand inside without being one (`\\mathrm{in}`, `\\text{ or }`).
_WORDS = re.compile(r"(\\(?:text|mathrm|operatorname|mathcal|mathbb|mathscr)\s*\{[^{}]*\})")

#: Greek letters an author names a variance with (squared).
_VARIANCE_LETTERS = ("sigma", "gamma", "tau", "nu", "rho", "lambda", "beta", "alpha", "eta", "kappa", "psi", "phi", "omega", "xi", "zeta")

#: A squared variance letter: `\\sigma^2`, `\\sigma^{2}`.
_SQUARED = re.compile(rf"(\\(?:{'|'.join(_VARIANCE_LETTERS)})|(?<![A-Za-z\\])[a-z])(?![A-Za-z])\s*\^\s*(?:2|\{{\s*2\s*\}})")


@dataclass(frozen=True)
class _Marks:
    """One writing of a letter: its index slots, its other marks, its power."""

    slots: tuple[tuple[str, str], ...]
    """(`sub0`, `i`), (`sub1`, `j`), (`sup0`, `(l)`): each subscript letter, or a whole subscript that is no list
    of letters (`t-1`), and each superscript that is no power, by place."""

    power: str
    """The power written (`2` of `W^2_{ij}`), '' for none."""


@lru_cache(maxsize=4096)
def _marks(written: str) -> _Marks:
    """The marks of one writing (`_{ij}^{(l)}`, `^2_{ij}`); cached: a derivation writes the same few marks on
    every line."""
    slots: list[tuple[str, str]] = []
    power = ""
    subs = sups = 0
    for kind, content in re.findall(r"([_^])\s*(\{(?:[^{}]|\{[^{}]*\})*\}|\\[A-Za-z]+|[A-Za-z0-9])", written):
        inner = content[1:-1].strip() if content.startswith("{") else content
        if kind == "^" and re.fullmatch(r"\d+", inner):
            power = inner
        elif kind == "_" and re.fullmatch(r"[A-Za-z](?:\s*,?\s*[A-Za-z])*", inner):
            for letter in re.findall(r"[A-Za-z]", inner):
                slots.append((f"sub{subs}", letter))
                subs += 1
        else:
            slots.append((f"sub{subs}" if kind == "_" else f"sup{sups}", re.sub(r"\s+", "", inner)))
            if kind == "_":
                subs += 1
            else:
                sups += 1
    return _Marks(tuple(slots), power)


@dataclass(frozen=True)
class LayerFamily:
    """One of the author's letters for the layer's random variables, as the layer's sum writes it."""

    letter: str
    """The author's letter (`W`, `x`, `h`)."""

    target: str
    """The problem's letter it is read as (`w`, `a`, `z`)."""

    index_slot: str
    """The place of the index the sum runs over (`sub1` of `W_{ij}`, `sup0` of `w_t^i`); '' for the output."""

    marks: tuple[tuple[str, str], ...]
    """The other marks at the layer's sum (the output's index, the layer's name): a writing with another value
    at one of these places is another layer's, left as written."""

    shown: str = ""
    """The letter with its marks as the layer's sum writes it (`W_{ij}`), for the feedback."""

    def read(self, written: str, summed: frozenset[str] = frozenset()) -> str | None:
        """The problem's letter for one writing of this letter with its marks; None where it is another layer's.

        `summed`: the output's index letters a sum of the line runs over (the backward pass's
        `\\sum_j W_{ij} \\frac{\\partial L}{\\partial z_j}`): there they stay the output's index (`w_{ij}`, `z_{j}`)."""
        return _family_read(self, written, summed)

    def _read(self, written: str, summed: frozenset[str]) -> str | None:
        marks = _marks(written)
        own = dict(self.marks)
        indices: list[str] = []
        for place, value in marks.slots:
            if self.index_slot and place == self.index_slot:
                indices.insert(0, value)
            elif place not in own or own[place] != value:
                return None
            elif value in summed:
                indices.append(value)
        text = self.target + (f"_{{{' '.join(indices)}}}" if indices else "")
        return text + (f"^{{{marks.power}}}" if marks.power else "")

    def output_indices(self) -> frozenset[str]:
        """The one-letter marks of the layer's sum that are no index of the sum (the output's index, a layer `t`)."""
        return frozenset(value for _, value in self.marks if re.fullmatch(r"[A-Za-z]", value))


@lru_cache(maxsize=4096)
def _family_read(family: LayerFamily, written: str, summed: frozenset[str]) -> str | None:
    """`LayerFamily.read`, cached: the same writings come back on every line."""
    return family._read(written, summed)


@dataclass(frozen=True)
class LayerReading:
    """The author's letters for the layer, read from its sum (see the module's docstring)."""

    families: tuple[LayerFamily, ...]
    """The weights', the inputs' and the output's letters."""

    fan_in: str
    """The author's name for the fan-in as written (`l_t`), read as the problem's n; '' where it is the problem's."""

    variances: Mapping[str, str] = field(default_factory=dict)
    """The author's variance letters (`sigma`) -> the problem's letter whose variance they are (`w`)."""

    message: str = "layer_letters.read"
    """The feedback's key that says how the letters were read (from the layer's sum, or a capital's statements)."""

    own: Mapping[str, str] = field(default_factory=dict)
    """The author's own letters that are the problem's letters for the layer (`a` for a bound, where the inputs are
    `x`) -> the Greek letter they are read as (`\\alpha`), so that the two quantities stay apart."""

    _done: dict[str, str] = field(default_factory=dict, compare=False, hash=False, repr=False)
    """The texts rewritten so far (a line is rewritten by several readers: once is enough; keyed by the text alone)."""

    def rewritten(self, text: str) -> str:
        """`text` with the layer's letters as the problem's (all at once), the fan-in as n, the variance letters as
        the variances they name."""
        done = self._done.get(text)
        if done is None:
            done = self._done[text] = self._rewritten(text)
        return done

    def _rewritten(self, text: str) -> str:
        parts = _WORDS.split(text)
        summed = frozenset(found.group("braced") or found.group("plain") for found in _SUM.finditer(text))
        return "".join(part if k % 2 else self._part_read(part, summed) for k, part in enumerate(parts))

    def _part_read(self, text: str, summed: frozenset[str]) -> str:
        by_letter: dict[str, LayerFamily | str] = {family.letter: family for family in self.families}
        by_letter.update(self.own)
        if self.fan_in:
            text = re.sub(rf"(?<![A-Za-z\\]){_written_name(self.fan_in)}(?![A-Za-z0-9])", "n", text)
        if by_letter:
            text = self._letters_read(text, by_letter, summed)
        for letter, target in self.variances.items():
            written = rf"(?<![A-Za-z\\]){re.escape(letter)}(?![A-Za-z])"
            text = re.sub(rf"{written}\s*\^\s*(?:2|\{{\s*2\s*\}})", rf"\\mathrm{{Var}}({target})", text)
            text = re.sub(written, rf"\\sqrt{{\\mathrm{{Var}}({target})}}", text)
        return text

    @staticmethod
    def _letters_read(text: str, by_letter: Mapping[str, LayerFamily | str], summed: frozenset[str]) -> str:
        """The layer's letters in `text` as the problem's (all at once: `x -> a` and `a -> z` do not chain)."""
        letters = "|".join(re.escape(letter) for letter in sorted(by_letter, key=len, reverse=True))
        # a letter right after a one-character index (`W_ix_i`) is a letter of its own
        pattern = re.compile(rf"(?:(?<![A-Za-z\\])|(?<=[_^][A-Za-z0-9]))(?P<letter>{letters})(?![A-Za-z])(?P<marks>{_MARKS})")

        families = [family for family in by_letter.values() if not isinstance(family, str)]
        kept = summed & frozenset().union(*(family.output_indices() for family in families)) if families else frozenset()

        def read(match: re.Match) -> str:
            family = by_letter[match.group("letter")]
            if isinstance(family, str):
                return family + match.group("marks")
            found = family.read(match.group("marks"), kept)
            return match.group(0) if found is None else found

        return pattern.sub(read, text)

    def used(self, text: str) -> list[str]:
        """How the letters `text` writes were read (`W_{ij} → w_j`), for the feedback."""
        notes = []
        words_out = _WORDS.sub(" ", text)
        for family in self.families:
            if _family_used(family, words_out):
                notes.append(f"{family.shown} → {family.read(family.shown[len(family.letter):]) or family.target}")
        if self.fan_in and re.search(rf"(?<![A-Za-z\\]){_written_name(self.fan_in)}(?![A-Za-z0-9])", words_out):
            notes.append(f"{self.fan_in} → n")
        for letter, target in self.variances.items():
            if re.search(rf"(?<![A-Za-z\\]){re.escape(letter)}(?![A-Za-z])", _WORDS.sub(" ", text)):
                notes.append(f"{letter}^2 → Var({target})")
        notes += [f"{letter} → {greek}" for letter, greek in self.own.items()
                  if re.search(rf"(?<![A-Za-z\\]){letter}(?![A-Za-z])", _WORDS.sub(" ", text))]
        return notes


def _family_used(family: LayerFamily, text: str) -> bool:
    """Whether `text` (styled words out) writes the family's letter where the layer's reading changes it (the first
    such writing ends the search: no rewriting of the whole text)."""
    pattern = re.compile(rf"(?:(?<![A-Za-z\\])|(?<=[_^][A-Za-z0-9])){re.escape(family.letter)}(?![A-Za-z])(?P<marks>{_MARKS})")
    for match in pattern.finditer(text):
        found = family.read(match.group("marks"))
        if found is not None and found != match.group(0):
            return True
    return False


def _written_name(name: str) -> str:
    """How a name with a subscript may be written (`l_t`, `l_{t}`)."""
    base, _, sub = name.partition("_")
    if not sub:
        return re.escape(base)
    return rf"{re.escape(base)}\s*_\s*(?:\{{\s*{re.escape(sub)}\s*\}}|{re.escape(sub)})"


# -- finding the layer's sum -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Writing:
    """A letter with its marks as one line writes it."""

    letter: str
    """The letter (`W`)."""

    marks: str
    """Its marks as written (`_{ij}^{(l)}`), '' for none."""

    end: int
    """Where the writing ends in the line's text."""


_LETTER_AT = re.compile(rf"(?P<letter>[A-Za-z])(?![A-Za-z])(?P<marks>{_MARKS})")


def _writing_at(text: str, at: int) -> _Writing | None:
    """The letter with its marks written at `at`, None where a letter does not start there (a word's, a command's)."""
    match = _LETTER_AT.match(text, at)
    glued = at > 1 and text[at - 2] in "_^"  # `W_ix_i`: a letter right after a one-character index
    if match is None or (at > 0 and not glued and (text[at - 1].isalpha() or text[at - 1] == "\\")):
        return None
    return _Writing(match.group("letter"), match.group("marks"), match.end())


def _sum_factors(text: str, after: int, index: str) -> tuple[_Writing, _Writing] | None:
    """The two factors right after a sum (`W_{ij} x_j`, `\\mathbf{E}[W_{ij} x_j]`), each marked with `index`."""
    at = _BETWEEN.match(text, after).end()  # type: ignore[union-attr]  # the pattern matches the empty text
    first = _writing_at(text, at)
    if first is None:
        return None
    second = _writing_at(text, _BETWEEN.match(text, first.end).end())  # type: ignore[union-attr]
    if second is None or first.letter == second.letter:
        return None
    if not all(index in dict(_marks(w.marks).slots).values() for w in (first, second)):
        return None
    return first, second


def _after_group(text: str, at: int, mark: str) -> int:
    """Where the text goes on after a `mark` group starting at `at` (`^{n_{\\text{in}}}`, `^n`): `at` where none."""
    match = re.compile(rf"\s*\{mark}\s*").match(text, at)
    if match is None:
        return at
    start = match.end()
    if start < len(text) and text[start] == "{":
        close = closing_bracket(text, start + 1)
        return close + 1 if close is not None else at
    return start + 1 if start < len(text) else at


def _sum_upper(text: str, found: re.Match) -> str:
    """The sum's upper limit as written (`n_\\mathrm{in}`, `l_t`), '' where none."""
    if found.group("upper_first"):
        written = found.group("upper_first").strip()[1:].strip()
    else:
        written = text[found.end():_after_group(text, found.end(), "^")].strip()[1:].strip()
    return written[1:-1].strip() if written.startswith("{") and written.endswith("}") else written


def _output_of(text: str, sum_start: int) -> _Writing | None:
    """What the sum gives: the head of `HEAD = \\sum ...`, or the letter of a moment at the line's start
    (`\\mathbf{E}[h_i] = \\sum_j ...`, `Var(y_t) = Var(\\sum ...)`)."""
    head = re.match(r"^\s*", text)
    start = head.end() if head else 0
    moment = _MOMENT_HEAD.match(text)
    if moment is not None:
        writing = _writing_at(text, moment.end() + len(text[moment.end():]) - len(text[moment.end():].lstrip()))
        if writing is not None and re.match(r"\s*(?:\\right\s*)?[\])]\s*&?\s*=", text[writing.end:]):
            return writing
        return None
    writing = _writing_at(text, start)
    if writing is not None and re.fullmatch(r"\s*&?\s*=\s*", text[writing.end:sum_start]):
        return writing
    return None


def _plain(name: str) -> str:
    """A name with its styling dropped (`n_{\\mathrm{in}}` -> `n_in`)."""
    return re.sub(r"[{}\s]|\\(?:mathrm|text|operatorname)", "", name)


def _families(output: _Writing, first: _Writing, second: _Writing, index: str, weights: str, inputs: str,
              outputs: str) -> tuple[LayerFamily, ...] | None:
    """The three letters of the layer (weights, input, output), or None where two are one letter."""
    first_slots, second_slots = _marks(first.marks).slots, _marks(second.marks).slots
    if second.letter.lower() == weights or (first.letter.lower() != weights and len(second_slots) > len(first_slots)):
        first, second = second, first
    if len({output.letter, first.letter, second.letter}) != 3:
        return None
    families = []
    for writing, target in ((first, weights), (second, inputs), (output, outputs)):
        slots = _marks(writing.marks).slots
        place = next((p for p, value in slots if value == index), "") if target != outputs else ""
        families.append(LayerFamily(writing.letter, target, place, tuple((p, v) for p, v in slots if p != place),
                                    writing.letter + writing.marks.strip()))
    return tuple(families)


def layer_reading(sources: Sequence[Any], checker: Any, known: set[str]) -> LayerReading | None:
    """The layer's letters the first sum of a weight times an input over the fan-in fixes (see the module's
    docstring); None where the problem models no layer or no line writes one."""
    layer = backward_pass_of(getattr(checker, "special", {}))
    if layer is None or len(layer.inputs) != 1 or len(layer.outputs) != 1:
        return None
    texts = [source.text for source in sources]
    if not any(_SUM.search(text) for text in texts):
        return _capital_weights(texts, layer.weights, known)
    for text in texts:
        for found in _SUM.finditer(text):
            index = found.group("braced") or found.group("plain")
            factors = _sum_factors(text, _after_group(text, found.end(), "^") if not found.group("upper_first") else found.end(), index)
            output = _output_of(text, found.start()) if factors is not None else None
            if factors is None or output is None:
                continue
            families = _families(output, *factors, index, layer.weights, layer.inputs[0], layer.outputs[0])
            if families is not None:
                return _reading_of(texts, text, found, families, known)
    return None


def _reading_of(texts: Sequence[str], text: str, found: re.Match, families: tuple[LayerFamily, ...],
                known: set[str]) -> LayerReading | None:
    """The reading the layer's sum `found` in `text` fixes; None where it is left to another reading, or
    would mix two quantities."""
    upper = _sum_upper(text, found)
    fan_in = upper if upper and _plain(upper) not in known and re.fullmatch(r"[A-Za-z](?:_[A-Za-z0-9]+)?", _plain(upper)) else ""
    plain = all(not family.marks and family.index_slot in ("", "sub0") for family in families)
    if plain and (_defines(text) or all(family.letter == family.target for family in families)):
        # `y = \\sum_i W_i x_i`: the problem's definition restated in other letters (`restated_givens`); the
        # problem's own letters: nothing to read
        return None
    own = _own_letters(texts, families)
    if own is None or _through_layers(texts, families[2]) or _mean_stated(texts, [f.letter for f in families if f.index_slot]):
        return None
    reading = LayerReading(families, fan_in, {}, own=own)
    return LayerReading(families, fan_in, variance_letters([reading.rewritten(t) for t in texts], families, known), own=own)


def _capital_weights(texts: Sequence[str], weights: str, known: set[str]) -> LayerReading | None:
    """`V_{ar}(W) = ...`, `\\mathrm{Var}(W) = ...` in a derivation that writes no layer's sum: the capital of the
    problem's weight letter, where the problem knows no such capital and the derivation never writes the letter
    itself, is the weights (the author states a moment of it)."""
    capital = weights.upper()
    if capital == weights or capital in known:
        return None
    written = " ".join(_WORDS.sub(" ", text) for text in texts)
    if re.search(rf"(?<![A-Za-z\\]){weights}(?![A-Za-z])", written):
        return None
    # a moment of it (a lone `W \\sim U(...)` is the author's assumption about a letter of theirs: a remark)
    stated = rf"(?:Var|_\s*\{{\s*ar\s*\}}|E)\s*\}}?\s*(?:\\left\s*)?[\[(]\s*{capital}(?![A-Za-z])"
    if not re.search(stated, " ".join(texts)) or _mean_stated(texts, [capital]):
        return None
    return LayerReading((LayerFamily(capital, weights, "sub0", (), capital),), "", message="layer_letters.capital")


def _through_layers(texts: Sequence[str], output: LayerFamily) -> bool:
    """Whether the derivation writes the output's letter with another layer's marks (`Var(y_t) = Var(y_{t-1})`):
    a derivation through the layers, whose outputs are the next layer's inputs; one layer's reading would mix them."""
    pattern = re.compile(rf"(?:(?<![A-Za-z\\])|(?<=[_^][A-Za-z0-9])){re.escape(output.letter)}(?![A-Za-z])(?P<marks>{_MARKS})")
    return any(output.read(match.group("marks")) is None for text in texts for match in pattern.finditer(_WORDS.sub(" ", text)))


#: A mean of one letter: `E[x_j]`, `\\mathbb{E}[W_{ij}]`, `\\mathbf{E}(x)`, `E_{x}[x_j]` (the letter and its marks named).
_MEAN_OF = (r"(?:\\(?:mathbb|mathbf|mathrm|operatorname|text)\s*\{{\s*E\s*\}}|\\mathbb\s+E|(?<![A-Za-z\\])E)\s*"
            r"(?:_\s*(?:\{{[^{{}}]*\}}|[A-Za-z]))?\s*(?:\\left\s*|\\qty\s*|\\big\s*)?[\[(]\s*{letter}(?![A-Za-z])(?P<marks>{marks})"
            r"\s*(?:\\right\s*|\\big\s*)?[\])]")


def _mean_stated(texts: Sequence[str], letters: Sequence[str]) -> bool:
    """Whether the derivation states a mean of one of `letters` (the weights', the inputs') other than 0
    (`E[x_j] = \\mu`, `E[x_j] = m \\neq 0`, `E[W] \\neq 0`, `x_j \\sim \\mathcal{N}(\\mu, 1)`): the author's variables are
    then not the problem's, which are zero-mean, and a step that needs the zero mean must not follow from them."""
    for letter in letters:
        mean = re.compile(_MEAN_OF.format(letter=re.escape(letter), marks=_MARKS))
        normal = re.compile(rf"(?<![A-Za-z\\]){re.escape(letter)}(?![A-Za-z]){_MARKS}\s*\\sim\s*(?:\\mathcal\s*\{{\s*N\s*\}}|N)"
                            rf"\s*(?:\\left\s*)?\(\s*(?P<mean>[^,()]*),")
        for text in texts:
            plain = re.sub(r"\\text\s*\{[^{}]*\}", " ", text)  # words, not `\\mathbb{E}`
            if any(found.group("mean").strip() not in ("0", "0.0") for found in normal.finditer(plain)):
                return True
            if any(_states_nonzero(plain, found) for found in mean.finditer(plain) if not _marks(found.group("marks")).power):
                return True
    return False


def _states_nonzero(text: str, found: re.Match) -> bool:
    """Whether the mean `found` is stated other than 0 where it is written: `E[x] \\neq 0`, or a term of an
    equality that is neither 0 nor another mean (`E[W] = E[x] = 0` states two zero means)."""
    after = text[found.end():]
    if re.match(r"\s*(?:\\neq|\\ne(?![A-Za-z])|!=)", after):
        return True
    terms = [term.strip(" &,.;") for term in re.split(r"(?<![<>!\\])=", text)]
    here = next((k for k, term in enumerate(terms) if found.group(0) in term), None)
    if here is None or terms[here] != found.group(0).strip() or len(terms) < 2:
        return False  # a mean inside a longer term (`E[x]^2`, `E[W] E[x]`) states no value of its own
    others = [re.sub(r"\\(?:quad|qquad|,)\s*.*$", "", term).strip() for k, term in enumerate(terms) if k != here]
    return any(other not in ("0", "0.0") and not re.fullmatch(_MEAN_OF.format(letter=r"[A-Za-z]", marks=_MARKS), other)
               for other in others)


def _defines(text: str) -> bool:
    """Whether the layer's sum is written as the definition of its output (`HEAD = \\sum ...`)."""
    return _MOMENT_HEAD.match(text) is None


#: The Greek letter an author's own letter is read as where the problem's layer uses it.
_GREEK = {"a": "\\alpha", "z": "\\zeta", "w": "\\omega"}


def _own_letters(texts: Sequence[str], families: Sequence[LayerFamily]) -> dict[str, str] | None:
    """The problem's letters for the layer that the author writes for quantities of their own -> a Greek letter
    the derivation does not write; None where there is none free (the layer is then not read)."""
    letters = {family.letter for family in families}
    written = " ".join(_WORDS.sub(" ", text) for text in texts)
    own = {}
    for family in families:
        target = family.target
        if target in letters or not re.search(rf"(?:(?<![A-Za-z\\])|(?<=[_^][A-Za-z0-9])){target}(?![A-Za-z])", written):
            continue
        greek = _GREEK.get(target)
        if greek is None or greek in written:
            return None
        own[target] = greek
    return own


# -- the author's variance letters ----------------------------------------------------------------------


def _moment_of(target: str) -> str:
    """A moment of the problem's letter `target` as the rewritten text writes it: `Var(w)`, `E[w_{j}^{2}]`."""
    return rf"(?:E|Var)\s*\}}?\s*(?:\\left\s*|\\qty\s*)?[\[(]\s*{re.escape(target)}(?![A-Za-z])"


def variance_letters(texts: Sequence[str], families: Sequence[LayerFamily], known: set[str]) -> dict[str, str]:
    """The author's variance letters -> the problem's letter whose variance each names: stated
    (`\\mathrm{Var}(w) = \\sigma^2`, `w \\sim \\mathcal{N}(0, \\sigma^2)`), or else standing in a chain where the term
    before wrote that letter's moment (see the module's docstring)."""
    targets = [family.target for family in families if family.index_slot]
    # a letter with a meaning of its own is no variance letter: the problem's, the layer's, a size or an index
    taken = set(known) | {family.letter for family in families} | {family.target for family in families} | set("nedijklm")
    stated: dict[str, str] = {}
    for text in texts:
        for target in targets:
            for pattern in (rf"{_moment_of(target)}[^=]*=\s*{_SQUARED.pattern}\s*$",
                            rf"^\s*{_SQUARED.pattern}\s*=\s*(?:\\mathrm\{{|\\mathbf\{{|\\text\{{)?{_moment_of(target)}",
                            rf"(?<![A-Za-z\\]){re.escape(target)}\s*\\sim\s*(?:\\mathcal\s*\{{\s*N\s*\}}|N)\s*(?:\\!)?\s*(?:\\left\s*)?\(\s*0\s*,\s*{_SQUARED.pattern}"):
                match = re.search(pattern, text)
                if match is not None and match.group(1) not in taken:
                    stated.setdefault(match.group(1), target)
    if stated:
        found = {letter: target for letter, target in stated.items() if list(stated.values()).count(target) == 1}
    else:
        output = next((family.target for family in families if not family.index_slot), "")
        found = _letters_in_chain(texts, targets, output, taken)
    # `\\sigma(z)`: a letter the author applies is their function, not a variance
    return {letter: target for letter, target in found.items()
            if not any(re.search(rf"(?<![A-Za-z\\]){re.escape(letter)}(?![A-Za-z])\s*(?:\\left\s*)?\(", text) for text in texts)}


def _letters_in_chain(texts: Sequence[str], targets: Sequence[str], output: str, taken: set[str]) -> dict[str, str]:
    """The first term of the derivation that writes squared variance letters where the term before wrote the
    moments of the layer's letters (or the output's variance, which holds them all): paired in the order written."""
    previous = ""
    for text in texts:
        terms = re.split(r"(?<![<>!\\])=", text)
        if terms and not terms[0].strip(" &") and previous:
            terms[0] = previous  # a line that goes on `= ...` from the line before
        for before, term in pairwise(terms):
            letters = [letter for letter in dict.fromkeys(_SQUARED.findall(term)) if letter not in taken]
            if not letters:
                continue
            if not _factors_only(term, letters):
                return {}
            moments = [t for t in _in_written_order(before, targets) if not re.search(_moment_of(t), term)]
            if not moments and re.search(_moment_of(output), before):
                moments = [t for t in targets if not re.search(_moment_of(t), term)]
            if len(moments) == len(letters):
                return dict(zip(letters, moments))
            return {}
        if terms:
            previous = terms[-1]
    return {}


def _factors_only(term: str, letters: Sequence[str]) -> bool:
    """Whether the squared letters stand as factors of a product (`n \\sigma^2 \\gamma^2`), not in a sum or a
    fraction (`2 / ((1 + \\alpha^2) n)`): only there do they stand in place of the moments."""
    depth_zero = []
    depth = 0
    for char in term:
        depth += char in "([{"
        depth -= char in ")]}"
        depth_zero.append(depth)
    if re.search(r"\\frac|\\over|/", term):
        return False
    for match in _SQUARED.finditer(term):
        if depth_zero[match.start()] != 0:
            return False
    return not re.search(r"(?<!^)[+-]", term.strip())


def _in_written_order(text: str, targets: Sequence[str]) -> list[str]:
    """The letters of `targets` whose moment `text` writes, in the order written."""
    found = [(match.start(), target) for target in targets for match in [re.search(_moment_of(target), text)] if match]
    return [target for _, target in sorted(found)]
