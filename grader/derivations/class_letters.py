r"""The sample's class as authors write it: a letter for the true class, the one-hot vector of that class, the
model's probability of a class in words, and the logits written as functions of the input.

Many derivations of the cross-entropy's gradient work one sample with a hard label and name its class by a
letter of their own: `E(z, c) = -\log y_c = -z_c + \log\sum_j e^{z_j}`, then
`\frac{\partial E}{\partial z_i} = y_i - \mathbf{1}\{i = c\}` (or `\delta_{ic}`, or `y - e_c` for the vector).
A careful TA reads c as the sample's true class, the labels the one-hot vector of c (`Y_k = [k = c]`), and
`e_c` as that vector.  The reading is taken for a letter the problem does not know, that no line defines and
no sum binds, and only where the derivation writes the loss with it (the loss called with it, `E(z, c)`, or a
line headed by the loss that takes an entry of a family at it, `E = -\log y_c`).  A line that writes the
letter is then checked at points that draw the class (any of the K classes) with the labels one-hot there;
every other line keeps the problem's labels, so a step that needs one-hot labels without saying so is still
charged.  The derivation's first line that writes the letter says how it was read.

Two small readings go with it, where the problem's loss is a cross-entropy `-\sum_k Y_k \log y_k` (the
labels a family drawn on the simplex, the model's probabilities the family inside the log):
- `p(\text{label} = i)` (also `class`), the model's probability of class i, is that family's entry `y_i`;
- a family of the problem written as a function of an input letter the problem does not know, `z_i(x)`,
  `z(x)`, is the family itself (the logits of the sample's input: the derivation never varies x).
The text is rewritten (no evaluation); the feedback shows the line as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import sympy

from grader.derivations.true_class import drawn_as_labels
from grader.mathengine.equivalence import Checker
from grader.mathengine.verdict import Scenario
from grader.mathparse import Notation
from grader.mathparse.rewrites import rewrite
from grader.results.i18n import define
from grader.results.models import DerivationLine, LinkResult, Message

define(
    {
        "derivation.reading_class_letter": (
            ("the labels one-hot at the sample's true class {letter} ({labels}_k = 1 where k = {letter}, every other label 0)"
             "{vector}: the lines that write {letter} are checked for every class it may be"),
            "在样本真实类别 {letter} 处为独热的标签（k = {letter} 时 {labels}_k = 1，其余为 0）{vector}，写出 {letter} 的行对每个可能的类别都检查",
        ),
        "derivation.reading_class_vector": (", e_{letter} that one-hot vector ({labels})", "，e_{letter} 即该独热向量（{labels}）"),
        "derivation.reading_class_probability": (
            "the model's probability of class {index}, {probability}_{index}, for p(label = {index})",
            "模型给出类别 {index} 的概率 {probability}_{index}（即 p(label = {index})）",
        ),
    }
)

#: `\mathbf{e}_c`, `\boldsymbol e_{c}`, `e_c`: the unit vector of a class, before its letter.
_UNIT_VECTOR_HEAD = r"(?<![A-Za-z\\])(?:\\(?:mathbf|boldsymbol|bm|vec)\s*\{\s*e\s*\}|\\(?:mathbf|boldsymbol|bm)\s+e|e)\s*_\s*"


def _unit_vector(letter: str) -> re.Pattern:
    """The unit vector of the class `letter` (`e_c`, `e_{c}`, `\\mathbf{e}_c`)."""
    return re.compile(_UNIT_VECTOR_HEAD + rf"(?:\{{\s*{re.escape(letter)}\s*\}}|{re.escape(letter)})(?![A-Za-z0-9])")


#: `\mathrm{one\_hot}(c)`, `\operatorname{onehot}(c)`, `\text{one-hot}(c)`: the one-hot vector of a class, named in words.
_ONE_HOT_CALL = re.compile(r"\\(?:mathrm|operatorname|text|textrm|mathit)\s*\{\s*one\s*(?:\\_|_|-|\s)?\s*hot\s*\}\s*(?:\\left\s*)?\(\s*([A-Za-z])\s*(?:\\right\s*)?\)")

#: `p(\text{label}=i)`, `P(\mathrm{class} = c \mid x)`: the probability of a class named in words.
_CLASS_PROBABILITY = re.compile(
    r"(?<![A-Za-z\\])[pP]\s*(?:\\left\s*)?\(\s*\\(?:text|mathrm|textrm|operatorname|mathit)\s*\{\s*(?:label|class|Label|Class)\s*\}"
    r"\s*=\s*(?:\{\s*(?P<braced>[A-Za-z])\s*\}|(?P<plain>[A-Za-z]))\s*(?:(?:\\mid|\|)\s*[^()]*)?(?:\\right\s*)?\)")

#: `z_i = p(\text{label}=i)`: a letter given the probability of a class named in words.
_NAMED_PROBABILITY = re.compile(r"(?<![A-Za-z\\])([A-Za-z])\s*_\s*(?:\{\s*[A-Za-z]\s*\}|[A-Za-z])\s*=\s*[pP]\s*(?:\\left\s*)?\(\s*\\(?:text|mathrm|textrm|operatorname|mathit)\s*\{\s*(?:label|class|Label|Class)\s*\}")

#: `z_i(x)`, `z_{j}(\mathbf x)`, `z(x)`: a one-letter family, its subscript if any, called with one letter.
_CALLED_FAMILY = re.compile(
    r"(?<![A-Za-z\\])(?P<family>[A-Za-z])(?P<sub>\s*_\s*(?:\{\s*[A-Za-z]\s*\}|[A-Za-z]))?\s*(?:\\left\s*)?\(\s*"
    r"(?:\\(?:mathbf|boldsymbol|bm|vec)\s*\{?\s*(?P<bold>[A-Za-z])\s*\}?|(?P<plain>[A-Za-z]))\s*(?:\\right\s*)?\)")

#: A subscript of index letters written together (`_{ic}`, `_{c,i}`).
_INDEX_PAIRS = re.compile(r"_\s*\{\s*([A-Za-z](?:\s*,?\s*[A-Za-z]){1,2})\s*\}")

#: A sum or product over a letter (`\sum_c`, `\sum_{c=1}^K`, `\prod_{c}`): the letter is the sum's, bound.
_BOUND = r"\\(?:sum|prod)\s*(?:\\limits\s*)?_\s*\{{?\s*{0}(?![A-Za-z])"

#: A line that gives the letter a value of its own (`c = 3`, `c := \arg\max_k Y_k`).
_GIVEN = r"^\s*{0}\s*(?::=|=)"


@dataclass(frozen=True)
class ClassReading:
    """How one derivation writes the sample's class (see the module's docstring)."""

    labels: str
    """The problem's labels, a family drawn on the simplex (`Y`)."""

    probability: str
    """The model's probabilities, the family inside the loss's log (`y`)."""

    letter: str | None
    """The author's letter for the sample's true class (`c`), None where the derivation writes none."""

    inputs: Mapping[str, str]
    """The problem's one-index families, by letter, whose calls with an unknown letter are the family itself."""

    known: frozenset[str]
    """The letters the problem knows (an input letter must not be one)."""

    indices: tuple[str, ...] = ()
    """The problem's index letters (a line's class is drawn at each of those it writes, and away from them)."""

    probabilities: bool = True
    """Whether `p(\\text{label}=i)` is read as the model's probability (not where the derivation gives it another
    of the problem's letters, `z_i = p(\\text{label}=i)`: the author's letters are then not the course's)."""

    def text(self, written: str) -> str:
        """`written` with the class's probability, the class's unit vector and the families' inputs as read."""
        text = _CLASS_PROBABILITY.sub(lambda m: f"{self.probability}_{{{_class_named(m)}}}", written) if self.probabilities else written
        text = _CALLED_FAMILY.sub(self._family_uncalled, text)
        if self.letter is not None and not re.match(_GIVEN.format("e_\\{?" + self.letter), text):
            text = _ONE_HOT_CALL.sub(lambda m: f"e_{{{m.group(1)}}}" if m.group(1) == self.letter else m.group(0), text)  # `\mathrm{onehot}(c)` is e_c
            text = _unit_vector(self.letter).sub(self.labels, text)  # the labels, one-hot at the class
        return text

    def _family_uncalled(self, match: re.Match) -> str:
        family, argument = match.group("family"), match.group("bold") or match.group("plain")
        if family not in self.inputs or argument in self.known or argument == self.letter:
            return match.group(0)
        return family + (match.group("sub") or "")

    def writes_letter(self, text: str) -> bool:
        """Whether `text` writes the class letter."""
        if self.letter is None:
            return False
        return (re.search(rf"(?<![A-Za-z\\]){self.letter}(?![A-Za-z])", text) is not None
                or any(self.letter in indices for indices in _INDEX_PAIRS.findall(text)))  # `\\delta_{ic}`

    def writes_vector(self, text: str) -> bool:
        """Whether `text` writes the class's unit vector (`e_c`)."""
        return self.letter is not None and _unit_vector(self.letter).search(text) is not None

    def checker_for(self, checker: Checker, text: str) -> Checker:
        """The checker for a line (or an answer) that writes the class letter: the class drawn, the labels one-hot
        there; `checker` itself for any other text."""
        if self.letter is None or not self.writes_letter(text):
            return checker
        letter, labels = self.letter, self.labels
        indices = tuple(index for index in self.indices if re.search(rf"(?<![A-Za-z\\]){index}(?![A-Za-z])", text)
                        or any(index in pair for pair in _INDEX_PAIRS.findall(text))) or self.indices  # none written: a vector's entry
        name = f"+class {letter} at {','.join(indices)}"  # points cached by name: one set per class letter and indices written
        return checker.with_scenarios(tuple(Scenario(s.name + name, _class_drawn(s.sample, letter, labels, indices)) for s in checker.scenarios))

    def noted(self, lines: Sequence[DerivationLine]) -> list[DerivationLine]:
        """The lines, the first that writes the class letter (and the first that names a class's probability in
        words) saying how it was read, as a valid note before its links."""
        lines = list(lines)
        notes = []
        if self.letter is not None:
            vector = any(self.writes_vector(line.source) for line in lines)
            extra = Message("derivation.reading_class_vector", {"letter": self.letter, "labels": self.labels}) if vector else ""
            notes.append((lambda text: self.writes_letter(self.text(text)),
                          Message("derivation.reading_class_letter", {"letter": self.letter, "labels": self.labels, "vector": extra})))
        named = next((_class_named(m) for line in lines for m in _CLASS_PROBABILITY.finditer(line.source)), None)
        if named is not None:  # once, for the first class so named: the reading is the same for every class
            notes.append((lambda text: any(_class_named(m) == named for m in _CLASS_PROBABILITY.finditer(text)),
                          Message("derivation.reading_class_probability", {"index": named, "probability": self.probability})))
        for applies, message in notes:
            at = next((n for n, line in enumerate(lines) if line.error is None and applies(line.source)), None)
            if at is not None:
                note = LinkResult(lines[at].source, "", "", True, Message("derivation.reading", {"reading": message}))
                lines[at] = replace(lines[at], links=(note, *lines[at].links))
        return lines


def _class_named(match: re.Match) -> str:
    """The class a probability in words names (`i` of `p(\\text{label}=i)`)."""
    return match.group("braced") or match.group("plain")


def class_reading(texts: Sequence[str], notation: Notation, checker: Checker, known: set[str]) -> ClassReading | None:
    """How the derivation's `texts` write the sample's class, where the problem's loss is a cross-entropy of
    labels drawn on the simplex; None where it is not, or where the derivation writes none of it."""
    families = cross_entropy_families(notation, checker)
    if families is None:
        return None
    labels, probability, loss = families
    taken = frozenset({*known, *notation.indexed, *notation.symbols, *notation.functions, *notation.matrices,
                       *notation.index_ranges, *notation.aliases, *notation.aliases.values()})
    inputs = {name: name for name, count in notation.indexed.items() if count == 1 and len(name) == 1}
    indices = tuple(sorted(notation.index_ranges))
    named = {m.group(1) for text in texts for m in _NAMED_PROBABILITY.finditer(text)}
    reading = ClassReading(labels, probability, None, inputs, taken, indices, probabilities=named <= {probability})
    read = [reading.text(text) for text in texts]
    letter = _class_letter(read, notation, loss, taken)
    if letter is None and read == list(texts):
        return None
    return replace(reading, letter=letter)


def cross_entropy_families(notation: Notation, checker: Checker) -> tuple[str, str, str] | None:
    """(labels, probabilities, loss) where one of the problem's names is defined as `-\\sum_k Y_k \\log y_k`:
    the labels a family drawn on the simplex, the probabilities the family inside the log; None otherwise."""
    for loss in notation.symbols:
        definition = checker.definitions.get(loss)
        if definition is None or definition.params or not isinstance(definition.body, sympy.Basic):
            continue
        body = definition.body
        inside = {str(node.base) for log in body.atoms(sympy.log) for node in log.atoms(sympy.Indexed)}
        outside = {str(node.base) for node in body.atoms(sympy.Indexed)} - inside
        labels = [name for name in sorted(outside) if notation.indexed.get(name) == 1 and drawn_as_labels(checker, name)]
        probabilities = [name for name in sorted(inside) if notation.indexed.get(name) == 1 and name in checker.definitions]
        if len(labels) == 1 and len(probabilities) == 1:
            return labels[0], probabilities[0], loss
    return None


def _class_letter(texts: Sequence[str], notation: Notation, loss: str, taken: frozenset[str]) -> str | None:
    """The one letter the derivation writes the loss with (`E(z, c)`, `E = -\\log y_c`) that the problem does not
    know, no line gives a value and no sum binds; None where there is none, or more than one."""
    families = "".join(sorted(name for name, count in notation.indexed.items() if count == 1 and len(name) == 1))
    if not families:
        return None
    called = re.compile(rf"(?<![A-Za-z\\]){re.escape(loss)}\s*(?:\\left\s*)?\([^=]*?,\s*([A-Za-z])\s*(?:\\right\s*)?\)")
    headed = re.compile(rf"^\s*{re.escape(loss)}\s*(?:\([^=]*\))?\s*=")
    entry = re.compile(rf"(?<![A-Za-z\\])[{families}]\s*\}}?\s*_\s*(?:\{{\s*([A-Za-z])\s*\}}|([A-Za-z]))(?![A-Za-z])")  # `\\hat{y}_c` too
    found: set[str] = set()
    for text in texts:
        found.update(m.group(1) for m in called.finditer(text))
        if headed.match(text):  # `E = -\\log(\\mathrm{softmax}(z)[c])`: the entry as the parser reads it (`z_{c}`)
            found.update(m.group(1) or m.group(2) for m in entry.finditer(rewrite(text) if "[" in text or "softmax" in text else text))
    letters = {letter for letter in found if letter not in taken and letter != "e"
               and not any(re.search(_BOUND.format(letter), text) or re.match(_GIVEN.format(letter), text) for text in texts)}
    return letters.pop() if len(letters) == 1 else None


def _class_drawn(sample: Callable[[np.random.Generator, int], dict[str, Any]], letter: str, labels: str,
                 indices: Sequence[str]) -> Callable[[np.random.Generator, int], dict[str, Any]]:
    """`sample` with the class letter drawn among the labels' classes and the labels one-hot there: every other
    point at the value of one of the line's `indices` (in turn), the others where it can at a class none of them
    takes, so that a line is checked both at its index's class and away from it, whatever the seed."""
    drawn = 0

    def draw(rng: np.random.Generator, size: int) -> dict[str, Any]:
        nonlocal drawn
        point = dict(sample(rng, size))
        values = point.get(labels)
        if isinstance(values, np.ndarray) and values.ndim == 1 and values.size:
            taken = [int(point[index]) for index in indices if isinstance(point.get(index), (int, np.integer))]
            others = [k for k in range(1, values.size + 1) if k not in taken]
            if drawn % 2 == 0 and taken:
                at = taken[(drawn // 2) % len(taken)]
            else:
                choices = others or list(range(1, values.size + 1))
                at = choices[int(rng.integers(0, len(choices)))]
            point[letter], point[labels] = at, np.eye(values.size)[at - 1]
        drawn += 1
        return point

    return draw
