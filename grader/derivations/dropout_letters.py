"""The author's letters for dropout, read from the line that defines the dropped-out output (as authors write it):
the activation (`a`, `\\mathbf h`, `\\mathbf{a}_{:, m}^{[1]}`), the mask (`d`, `\\mathbf m`, `r_j`), the keep probability
and the output's name (`\\tilde{\\mathbf a}`, `a_{\\text{train}}`) as the problem's h, m, p and its training outputs.

A TA reads `\\tilde{\\mathbf a} = \\frac{\\mathbf a \\odot \\mathbf d}{p}` as inverted dropout whatever the letters: the
output's own letter with a mark is the activation, the other factor the mask, what divides them the keep probability.
The unit's and layer's marks (`_{:, m}`, `^{[1]}`, `_j`) name one unit of the author's layer: the problem's h is one
unit, so they are read away (a power `^2` stays; a test-time mark `_{\\text{test}}` stays, for the test-time rule).

The author's convention for p is read from the author's own statement of the mask, never guessed:
`m \\sim \\mathrm{Bernoulli}(1-p)` says the author's p is the DROP probability, so every p of theirs reads as the
problem's `1 - p` (answers too); so does `m \\sim \\mathrm{Bernoulli}(q)` with `q = 1 - p` (q reads as the problem's
p, their p as its 1 - p).  An inverted output divided by `1-p` with no such statement is NOT one: it is the keep/drop
confusion the problem names, read in the problem's convention and charged (the wrong step must not define the
convention into agreement); a letter of the author's own that divides it (`q`) is their keep probability, unless a
line defines it from another letter (`q = 1 - p`) with no statement of the mask (then q is left as they defined it).
A test-time rule is checked in the convention read (`a_{\\text{test}} = a (1-p)` after an inverted output: charged).

Where one name is first the standard output (`\\tilde h = h \\odot m`) and later the inverted one
(`\\tilde h = \\frac{h \\odot m}{1-p}`), the lines from the first definition to the second read it as the standard
output (the problem's \\hat h)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from grader.results.i18n import define

define(
    {
        "dropout_letters.read": (
            ("Your dropout letters are read by their role in the line that defines the dropped-out output, on every "
            "line ({letters}): the output's own letter is the activation, the other factor the mask, what divides them "
            "the keep probability (as your own statement of the mask says); the unit's marks are read away."),
            ("你的 dropout 字母按其在定义丢弃后输出的那一行中的作用理解，每一行都如此（{letters}）：输出自身的字母是激活值，"
            "另一个因子是掩码，除以的量是保留概率（依你对掩码的说明）；单元的标记不计。"),
        ),
    }
)

#: A letter with its style (`\\mathbf{a}`, `\\mathbf a`, `a`), closing braces of a decoration (`\\tilde{\\mathbf a}`)
#: and its marks (`_{:, m}`, `^{[1]}`, `_j`, `^2`, `_{\\text{test}}`).
_LETTER = (r"(?:\\(?:mathbf|boldsymbol|bm)\s*\{{\s*{0}\s*\}}|\\(?:mathbf|boldsymbol|bm)\s+{1}|(?:(?<![A-Za-z\\])|(?<=[_^][A-Za-z0-9])){2})"
           r"(?![A-Za-z])(?P<close>(?:\s*\}})*)(?P<marks>(?:\s*[_^]\s*(?:\{{(?:[^{{}}]|\{{[^{{}}]*\}})*\}}|[A-Za-z0-9]))*)")

#: One mark: `_{...}`, `^{...}`, `_j`, `^2`.
_MARK = re.compile(r"\s*([_^])\s*(\{(?:[^{}]|\{[^{}]*\})*\}|[A-Za-z0-9])")

#: A mark's words for the test-time or the training output.
_TEST = re.compile(r"(?:\\text\s*\{\s*|\\mathrm\s*\{\s*)?(?:test|testing|inference|eval)\s*\}?")
_TRAIN = re.compile(r"(?:\\text\s*\{\s*|\\mathrm\s*\{\s*)?(?:train|training)\s*\}?")

#: `m \\sim \\mathrm{Bernoulli}(1 - p)`: the mask's letter and its keep probability.
_BERNOULLI = re.compile(r"(?:\\(?:mathbf|boldsymbol|bm)\s*\{?\s*)?([A-Za-z])\s*\}?(?:\s*_\s*(?:\{[^{}]*\}|[A-Za-z0-9]))?\s*\\sim\s*"
                        r"(?:\\(?:text|mathrm|operatorname)\s*\{\s*)?Bern(?:oulli)?\s*\}?\s*(?:\\left\s*)?\(\s*([^()]*?)\s*(?:\\right\s*)?\)")

#: The keep probability as written: a letter or one less a letter.
_KEEP = re.compile(r"^\(?\s*(?:(?P<one>1\s*-\s*)?(?P<letter>[A-Za-z]))\s*\)?$")

#: A decoration of the output's letter.
_DECORATED = r"\\(?:tilde|widetilde|hat|widehat)\s*\{{?\s*(?:\\(?:mathbf|boldsymbol|bm)\s*\{{?\s*|)\s*{0}(?![A-Za-z])"


@dataclass(frozen=True)
class DropoutNames:
    """The problem's letters: the activation, the mask, the keep probability, its inverted and standard outputs."""

    activation: str
    mask: str
    keep: str
    inverted: str
    standard: str


@dataclass(frozen=True)
class DropoutReading:
    """How one derivation writes dropout, and its lines read in the problem's letters."""

    names: DropoutNames
    """The problem's letters."""

    activation: str
    """The author's activation letter (`a`)."""

    mask: str
    """The author's mask letter (`d`)."""

    keep: str
    """The author's keep probability as written (`p`, `1-p`, `q`)."""

    train_output: str = ""
    """The problem's output the author's training-marked name (`a_{\\text{train}}`) reads as, '' where none is written."""

    standard_lines: tuple[int, int] = (0, 0)
    """The lines (first, last) where the author's decorated name is the standard output, (0, 0) where none."""

    drop: str = ""
    """The author's letter for the drop probability where their keep letter is defined from it (`q = 1 - p` with
    `m \\sim \\mathrm{Bernoulli}(q)`: p), '' where none is."""

    _done: dict[tuple[str, bool], str] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def rewritten(self, text: str, number: int | None = None) -> str:
        """`text` (of line `number`, None for an answer) in the problem's letters."""
        standard = number is not None and self.standard_lines[0] <= number <= self.standard_lines[1]
        done = self._done.get((text, standard))
        if done is None:
            done = self._done[(text, standard)] = self._read(text, standard)
        return done

    def used(self, text: str) -> list[str]:
        """How the letters `text` writes were read (`a → h`), for the feedback."""
        notes = []
        for letter, target in ((self.activation, self.names.activation), (self.mask, self.names.mask)):
            if letter != target and re.search(_LETTER.format(*[re.escape(letter)] * 3), text):
                notes.append(f"{letter} → {target}")
        dropped = self._drop_letter()
        if dropped and re.search(rf"(?<![A-Za-z\\]){dropped}(?![A-Za-z])", text):
            notes.append(f"{dropped} → 1 - {self.names.keep}")
        kept = _KEEP.match(self.keep)
        if kept and not kept.group("one") and kept.group("letter") != self.names.keep and re.search(rf"(?<![A-Za-z\\]){kept.group('letter')}(?![A-Za-z])", text):
            notes.append(f"{kept.group('letter')} → {self.names.keep}")
        return notes

    @property
    def flips_keep(self) -> bool:
        """Whether the author's keep probability is one less the problem's letter (`1-p`: the author's p drops)."""
        return self._drop_letter() == self.names.keep

    def _drop_letter(self) -> str:
        kept = _KEEP.match(self.keep)
        return kept.group("letter") if kept and kept.group("one") else self.drop

    def _read(self, text: str, standard: bool) -> str:
        if standard:
            text = re.sub(_DECORATED.format(re.escape(self.activation)), lambda m: m.group(0).replace("tilde", "hat"), text)
        letters = {self.activation: self.names.activation, self.mask: self.names.mask}
        kept = _KEEP.match(self.keep)
        if kept and kept.group("one"):
            letters[kept.group("letter")] = f"(1 - {self.names.keep})"
        elif kept and kept.group("letter") != self.names.keep:
            letters[kept.group("letter")] = self.names.keep
        if self.drop:
            letters[self.drop] = f"(1 - {self.names.keep})"
        alternatives = "|".join(re.escape(letter) for letter in letters)
        pattern = re.compile(_LETTER.format(*(f"(?P<letter{k}>{alternatives})" for k in range(3))))
        differentials = _differentials(text) if "d" in letters else set()
        return pattern.sub(lambda match: self._letter_read(match, letters, differentials), text)

    def _letter_read(self, match: re.Match, letters: dict[str, str], differentials: set[int]) -> str:
        which = next(k for k in range(3) if match.group(f"letter{k}"))
        if match.start(f"letter{which}") in differentials:
            return match.group(0)  # `\\frac{d}{dp}`: the differential, not the author's mask d
        letter = match.group(f"letter{which}")
        target = letters[letter]
        kept = []
        for mark in _MARK.finditer(match.group("marks")):
            content = (mark.group(2)[1:-1] if mark.group(2).startswith("{") else mark.group(2)).strip()
            if mark.group(1) == "_" and _TEST.fullmatch(content) and letter == self.activation:
                kept.append(f"_{{{content}}}")
            elif mark.group(1) == "_" and _TRAIN.fullmatch(content) and letter == self.activation and self.train_output:
                return self.train_output + match.group("close")
            elif mark.group(1) == "^" and not re.fullmatch(r"[\[(].*[\])]", content):
                kept.append(mark.group(0))  # a power, not a layer's mark
            elif target.startswith("(") and mark.group(1) == "_":
                kept.append(mark.group(0))
        if target.startswith("(") and match.group("marks").strip():
            return match.group(0)  # the drop letter with marks of its own: another quantity
        return target + match.group("close") + "".join(kept)


#: A differential d: a derivative's (`\\frac{d}{dp}`, `\\frac{d\\,\\mathrm{Var}}{d p}`: the numerator's and the denominator's
#: leading d) or one set upright (`\\mathrm{d}p`).
_DIFFERENTIAL = re.compile(r"\\d?frac\s*\{\s*(?P<top>d)(?![A-Za-z])(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}\s*\{\s*(?P<bottom>d)"
                           r"|\\(?:mathrm|text|operatorname)\s*\{\s*(?P<upright>d)\s*\}")


def _differentials(text: str) -> set[int]:
    """Where `text` writes d as a differential (its offsets): never the author's mask letter d."""
    found = set()
    for match in _DIFFERENTIAL.finditer(text):
        found |= {match.start(group) for group in ("top", "bottom", "upright") if match.group(group)}
    return found


def dropout_names(checker: Any) -> DropoutNames | None:
    """The problem's dropout letters, where its checker names them (`TrainingOutputsChecker.letters`)."""
    letters = getattr(checker, "letters", ())
    outputs = getattr(checker, "training_outputs", ())
    if len(letters) != 3 or len(outputs) != 2:
        return None
    return DropoutNames(*letters, *outputs)


#: What the factors of a dropped-out output may be joined with (a product of one unit's values).
_JOIN = re.compile(r"\\(?:cdot|odot|bigodot|circ|times|ast)|\*|\s+")


def _plain(text: str) -> str:
    """`text` without styles, unit marks (not powers) and product signs: `\\frac{\\mathbf{a}_{:, m} \\odot \\mathbf d_m}{p}`
    -> `\\frac{ad}{p}`."""
    text = re.sub(r"\\(?:mathbf|boldsymbol|bm)\s*\{\s*([A-Za-z])\s*\}|\\(?:mathbf|boldsymbol|bm)\s+([A-Za-z])", r"\1\2", text)
    text = re.sub(r"\\left|\\right|\\,|\\;|\\!|\\quad", "", text)
    text = re.sub(r"_\s*(?:\{(?:[^{}]|\{[^{}]*\})*\}|[A-Za-z0-9])|\^\s*\{\s*[\[(][^{}]*[\])]\s*\}", "", text)
    return _JOIN.sub("", text).replace("\\dfrac", "\\frac")


#: The right side of an output's definition, plain: the two factors and what divides them.
_INVERTED = (
    re.compile(r"^\\frac\{(?P<x>[A-Za-z])(?P<y>[A-Za-z])\}\{(?P<k>[^{}]+)\}$"),
    re.compile(r"^(?P<x>[A-Za-z])\\frac\{(?P<y>[A-Za-z])\}\{(?P<k>[^{}]+)\}$"),
    re.compile(r"^\\frac\{(?P<x>[A-Za-z])\}\{(?P<k>[^{}]+)\}(?P<y>[A-Za-z])$"),
    re.compile(r"^\\frac\{1\}\{(?P<k>[^{}]+)\}(?P<x>[A-Za-z])(?P<y>[A-Za-z])$"),
    re.compile(r"^\(?(?P<x>[A-Za-z])(?P<y>[A-Za-z])\)?/(?P<k>\([^()]+\)|[A-Za-z])$"),
)
_STANDARD = re.compile(r"^(?P<x>[A-Za-z])(?P<y>[A-Za-z])$")

#: An output's head: its letter decorated (`\\tilde{\\mathbf a}`) or marked for training (`a_{\\text{train}}`).
_HEAD = re.compile(r"^\s*(?:\\(?:tilde|widetilde|hat|widehat)\s*\{?\s*(?:\\(?:mathbf|boldsymbol|bm)\s*\{?\s*)?(?P<d>[A-Za-z])\s*\}?\s*\}?"
                   r"|(?:\\(?:mathbf|boldsymbol|bm)\s*\{?\s*)?(?P<t>[A-Za-z])\s*\}?\s*_\s*\{\s*(?:\\text\s*\{|\\mathrm\s*\{)?\s*train(?:ing)?\s*\}?\s*\})"
                   r"(?:\s*[_^]\s*(?:\{(?:[^{}]|\{[^{}]*\})*\}|[A-Za-z0-9]))*\s*=(?P<body>[^=]*)$")


@dataclass(frozen=True)
class _Definition:
    number: int
    activation: str
    mask: str
    keep: str | None
    trained: bool
    """Whether the head is marked for training (`a_{\\text{train}}`) rather than decorated."""

    tilde: bool = False
    """Whether the head is the letter with a tilde (`\\tilde a`), the problem's mark for the inverted output."""


def _definition(source: Any, masks: set[str]) -> _Definition | None:
    """The output a line defines (its letters), or None."""
    head = _HEAD.match(source.text)
    if head is None:
        return None
    own = head.group("d") or head.group("t")
    body = _plain(head.group("body")).strip()
    for pattern in _INVERTED:
        found = pattern.match(body)
        if found:
            keep = found.group("k").strip("()").replace(" ", "")
            return _factors(source.number, own, found.group("x"), found.group("y"), keep, masks, bool(head.group("t")))
    found = _STANDARD.match(body)
    if found is None:
        return None
    defined = _factors(source.number, own, found.group("x"), found.group("y"), None, masks, bool(head.group("t")))
    return replace(defined, tilde=bool(re.match(r"\s*\\(?:tilde|widetilde)", source.text))) if defined else None


def _factors(number: int, own: str, x: str, y: str, keep: str | None, masks: set[str], trained: bool) -> _Definition | None:
    """The definition's activation (the output's own letter) and mask (the other factor)."""
    if own not in (x, y) or x == y:
        return None
    mask = y if x == own else x
    if masks and mask not in masks:
        return None
    return _Definition(number, own, mask, keep, trained)


def dropout_reading(sources: Sequence[Any], names: DropoutNames | None) -> DropoutReading | None:
    """How the derivation's lines write dropout; None where it writes the problem's letters or defines no output."""
    if names is None:
        return None
    stated = {(m.group(1), m.group(2).replace(" ", "")) for source in sources for m in _BERNOULLI.finditer(source.text)}
    masks = {mask for mask, _ in stated}
    definitions = [found for source in sources if (found := _definition(source, masks)) is not None]
    if not definitions or len({(d.activation, d.mask) for d in definitions}) != 1:
        return None
    keep = _keep(stated, definitions, names)
    if keep is None:
        return None
    keep, drop = _keep_and_drop(keep, {parameter for _, parameter in stated}, sources, names)
    first = definitions[0]
    train = next((names.inverted if d.keep is not None else names.standard for d in definitions if d.trained), "")
    reading = DropoutReading(names, first.activation, first.mask, keep, train, _standard_lines(definitions), drop)
    if (reading.activation, reading.mask, keep, train, reading.standard_lines, drop) == (names.activation, names.mask, names.keep, "", (0, 0), ""):
        return None
    return reading


def _keep(stated: set[tuple[str, str]], definitions: list[_Definition], names: DropoutNames) -> str | None:
    """The author's keep probability, where their statements give one (the mask's Bernoulli parameter, what an
    inverted output divides by); None where they give none or two.  One less a letter read from a division alone
    (no statement of the mask) is not the author's convention but the keep/drop confusion: the problem's own p."""
    said = {keep for _, keep in stated}
    keeps = said | {d.keep for d in definitions if d.keep is not None}
    if len(keeps) != 1:
        return None
    keep = keeps.pop()
    kept = _KEEP.match(keep)
    if kept is None:
        return None
    return names.keep if kept.group("one") and not said else keep


def _keep_and_drop(keep: str, said: set[str], sources: Sequence[Any], names: DropoutNames) -> tuple[str, str]:
    """The author's keep letter and the drop letter it is defined from (`q = 1 - p`: q and p); with no statement of the
    mask (`said`: its Bernoulli parameters), a keep letter so defined is not read (the problem's p, no drop letter)."""
    kept = _KEEP.match(keep)
    drop = _defined_from(keep, sources) if kept and not kept.group("one") and keep != names.keep else ""
    if drop and keep not in said:
        return names.keep, ""  # their q as they defined it
    return keep, drop


def _defined_from(keep: str, sources: Sequence[Any]) -> str:
    """The letter the author's keep letter is one less of, by a line of theirs (`q = 1 - p`, `p = 1 - q`), or ''."""
    for source in sources:
        for one, other in ((keep, "(?P<other>[A-Za-z])"), ("(?P<other>[A-Za-z])", keep)):
            found = re.fullmatch(rf"\s*{one}\s*=\s*1\s*-\s*{other}\s*", source.text)
            if found and found.group("other") != keep:
                return found.group("other")
    return ""


def _standard_lines(definitions: list[_Definition]) -> tuple[int, int]:
    """The lines where the author's tilde names the standard output: from its standard definition to the line
    before it names the inverted one (to the end where it never does); (0, 0) where it never names the standard one."""
    first = definitions[0]
    if first.keep is not None or not first.tilde:
        return (0, 0)
    later = [d.number for d in definitions if d.keep is not None and not d.trained]
    return (first.number, later[0] - 1) if later else (first.number, 10**9)
