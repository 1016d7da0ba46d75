"""The author's letters for the course's quantities, read from the ROLE they play where no definition names
them: the index and the bound of the sum over the samples (`\\prod_{n=0}^{N-1}`: n the sample index, N the
number of samples), and the probability of the whole data set (`P(\\bm T \\mid \\bm X)`: the likelihood).

A TA reads these from the notation itself, before any step is judged: the renaming is fixed once for the
derivation from how the letters are written (never from whether a step then holds), and used on every line."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from grader.derivations.bayes_letters import BayesReading, bayes_reading
from grader.derivations.class_letters import ClassReading, class_reading
from grader.derivations.dropout_letters import DropoutReading, dropout_names, dropout_reading
from grader.derivations.faults import value_or_fallback
from grader.derivations.function_letters import data_arguments_dropped
from grader.derivations.iterate_letters import IterateReading, iterate_names, iterate_reading
from grader.derivations.layer_letters import LayerReading, layer_reading
from grader.derivations.letter_renaming import Likelihood, letters_renamed, likelihood_of
from grader.derivations.model_statements import model_letters
from grader.derivations.parameter_vector import ParameterVector, parameter_vector
from grader.derivations.restated_letters import lone_letters, restated_letters
from grader.derivations.text_names import TextNameReading, text_name_reading
from grader.derivations.written_lines import with_text
from grader.mathengine.equivalence import Checker
from grader.mathengine.two_classes import TwoClassReading
from grader.mathparse import Notation
from grader.results.models import DerivationLine, LinkResult, Message

#: `\\sum_n^N`, `\\prod_{n=0}^{N-1}`, `\\sum_{i=1}^{m}`, `\\sum^{m}_{i=1}`: a sum or product with a lower and an
#: upper limit (either order), each braced or one character as TeX reads it.
_LIMITED_SUM = re.compile(
    r"\\(?:sum|prod)\s*(?:_\s*(?P<sub>\{[^{}]*\}|[A-Za-z])\s*\^\s*(?P<sup>\{[^{}]*\}|[A-Za-z0-9])"
    r"|\^\s*(?P<sup2>\{[^{}]*\}|[A-Za-z0-9])\s*_\s*(?P<sub2>\{[^{}]*\}|[A-Za-z]))")

#: The lower limit: `n`, `n=1`, `n = 0` (the index letter and the first value).
_LOWER = re.compile(r"^\s*([A-Za-z])\s*(?:=\s*([01])\s*)?$")

#: The upper limit: `N`, `N-1` (the bound letter and what is taken from it).
_UPPER = re.compile(r"^\s*([A-Za-z])\s*(?:-\s*(1)\s*)?$")

#: `N(`, `n \\left(`: a letter written as a function's name.
_CALLED = re.compile(r"(?<![A-Za-z\\])([A-Za-z])\s*(?:\\left\s*)?\(")

#: `N = 5`, `m := ...`: a line that gives a letter a value of its own.
_GIVEN_VALUE = re.compile(r"^\s*\\?([A-Za-z]+)\s*(?::=|=)")


@dataclass(frozen=True)
class SampleSum:
    """One sum or product over the samples as the author wrote its limits."""

    index: str
    """The author's index letter (`n` of `\\prod_{n=0}^{N-1}`)."""

    bound: str
    """The author's letter for the number of terms (`N`)."""

    first: str | None
    """The written first value of the index (`0`, `1`), None where the lower limit names only the index."""

    minus_one: bool
    """Whether the upper limit is the bound less one (`N-1`), as it must be where the index starts at 0."""

    upper_first: bool = False
    """Whether the upper limit is written before the lower (`\\sum^{m}_{i=1}`)."""


def sample_sums(text: str) -> list[SampleSum]:
    """The sums and products of `text` whose limits name an index and a bound letter, counting the bound's
    terms: from 0 to N-1, or from 1 (or unstated) to N."""
    found = []
    for match in _LIMITED_SUM.finditer(text):
        lower = _LOWER.match((match.group("sub") or match.group("sub2")).strip("{}"))
        upper = _UPPER.match((match.group("sup") or match.group("sup2")).strip("{}"))
        if lower is None or upper is None:
            continue
        first, minus_one = lower.group(2), upper.group(2) is not None
        if minus_one != (first == "0"):
            continue  # `\sum_{n=0}^{N}` or `\sum_{n=1}^{N-1}`: not N terms, so N is not read as the count
        found.append(SampleSum(lower.group(1), upper.group(1), first, minus_one, match.group("sup2") is not None))
    return found


@dataclass(frozen=True)
class RoleReading:
    """The author's letters read from their roles in one derivation."""

    renaming: Mapping[str, str]
    """The author's letter -> the problem's, renamed together on every line (`N` -> `n`, the index `n` -> `i`,
    the labels `t` -> `Y`, the parameters `a_0` -> `b`)."""

    likelihood: Likelihood | None
    """The problem's likelihood, which the probability of the whole data set (`P(\\bm T \\mid \\bm X)`) and the
    author's call of it with their own arguments are read as; None where the problem has none."""

    known: frozenset[str] = frozenset()
    """The names the problem knows (an argument of the likelihood besides its parameters must be one)."""

    vector: ParameterVector | None = None
    """The author's letter for the vector of the problem's parameters (`\\theta` of `L(\\theta)`, `\\theta^T x^{(i)}`)."""

    classes: ClassReading | None = None
    """How the derivation writes the sample's class (`c` the true class, `e_c`, `p(\\text{label}=i)`, `z_i(x)`), if it does."""

    layer: LayerReading | None = None
    """The author's letters for the layer's weights, input, output and variances (`layer_letters`)."""

    iterates: IterateReading | None = None
    """The author's names for an update's iterates, separator, sample and margin (`iterate_letters`)."""

    dropout: DropoutReading | None = None
    """The author's letters for dropout's activation, mask, keep probability and outputs (`dropout_letters`)."""

    bayes: BayesReading | None = None
    """The author's letters for a MAP derivation's parameter and data, and `P` for p (`bayes_letters`)."""

    functions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """The problem's functions, whose data after `;` are read away (`\\tilde J(\\omega; X, y)`: `data_arguments_dropped`)."""

    text_names: TextNameReading | None = None
    """The author's names in words (`\\text{Cross-Entropy Loss}`, `\\text{NLL}`), read last on every line (`text_names`)."""

    @property
    def reads_letters(self) -> bool:
        """Whether any of the author's letters is read by its role (then the answers are read again under it)."""
        return (bool(self.renaming) or self.vector is not None or self.classes is not None or self.layer is not None
                or self.iterates is not None or self.dropout is not None or self.bayes is not None or self.text_names is not None)

    @property
    def answers_changed(self) -> bool:
        """Whether this reading changes what an answer in the problem's own letters means (the author's p the drop
        probability): the answers are then judged under it even where they earned full points as written."""
        return self.dropout is not None and self.dropout.flips_keep

    def text(self, written: str, number: int | None = None) -> str:
        """Math as read under this reading (a line's, numbered `number`; an answer's): the letters by role, then the
        names in words."""
        text = self._letters_read(written, number)
        return self.text_names.rewritten(text) if self.text_names is not None else text

    def _letters_read(self, written: str, number: int | None = None) -> str:
        written = data_arguments_dropped(written, self.functions)
        if self.bayes is not None:
            written = self.bayes.rewritten(written)
        if self.dropout is not None:
            written = self.dropout.rewritten(written, number)
        if self.iterates is not None:
            written = self.iterates.rewritten(written)
        if self.layer is not None:
            written = self.layer.rewritten(written)
        if self.classes is not None:
            written = self.classes.text(written)
        if not self.renaming and self.likelihood is None and self.vector is None:
            return written
        text, likelihood = written, self.likelihood
        if likelihood is not None:
            text = _DATASET_PROBABILITY.sub(lambda _m: likelihood.call, likelihood.arguments_read(text, self.renaming, set(self.known)))
        text = letters_renamed(text, self.renaming)
        return self.vector.rewritten(text) if self.vector is not None else text

    def checker_for(self, checker: Checker, text: str) -> Checker:
        """The checker for a line or an answer as read (`text`): the true class drawn where it writes the letter."""
        return self.classes.checker_for(checker, text) if self.classes is not None else checker

    def one_class(self, line: int, lines: Sequence[DerivationLine]) -> bool:
        """Whether line number `line` writes the true class's letter: its result holds for that class's one-hot
        labels only, no result for any labels the problem allows (so not the problem's goal)."""
        return self.classes is not None and any(self.classes.writes_letter(self.classes.text(l.source)) or self.classes.writes_vector(l.source)
                                                for l in lines if l.number == line)

    def answer_read(self, written: str, checker: Checker) -> tuple[str, Checker]:
        """An answer's math as read under this reading, and the checker it is judged with."""
        text = self.text(written)
        return text, self.checker_for(checker, text)

    def rewritten(self, source: Any) -> Any:
        """The line as read under this reading (the line itself where it writes none of the letters)."""
        return with_text(source, self.text(source.text, getattr(source, "number", None)))

    def noted(self, lines: Sequence[DerivationLine]) -> list[DerivationLine]:
        """The lines, the first one that writes a letter read from its role saying how the letters were read
        (once, as a valid remark before its links: the reading holds on every line)."""
        lines = list(lines) if self.classes is None else self.classes.noted(lines)
        lines = lines if self.text_names is None else self.text_names.noted(lines)
        everything = " ".join(line.source for line in lines)
        used = self._used(everything)
        # only the layer's letters: said in the layer's words (no sample sum, no likelihood)
        key = self.layer.message if self.layer is not None and used == self.layer.used(everything) else "derivation.role_letters"
        key = "iterate_letters.read" if self.iterates is not None and used == self.iterates.used(everything) else key
        key = "dropout_letters.read" if self.dropout is not None and used == self.dropout.used(everything) else key
        key = "bayes_letters.read" if self.bayes is not None and used == self.bayes.used(everything) else key
        for number, line in enumerate(lines):
            if used and self._used(line.source) and line.error is None:
                note = LinkResult(line.source, "", "", True, Message(key, {"letters": ", ".join(used)}))
                lines[number] = replace(line, links=(note, *line.links))
                break
        return lines

    def _used(self, text: str) -> list[str]:
        """`N → n`, `P(\\bm{T}|\\bm{X}) → L(\\theta)`: the readings by role that `text` uses."""
        used = self.layer.used(text) if self.layer is not None else []
        used += self.iterates.used(text) if self.iterates is not None else []
        used += self.dropout.used(text) if self.dropout is not None else []
        used += self.bayes.used(text) if self.bayes is not None else []
        used += [f"{letter} → {target}" for letter, target in self.renaming.items() if letters_renamed(text, {letter: target}) != text]
        if self.vector is not None and self.vector.rewritten(text) != text:
            used.append(f"{self.vector.letter} → ({', '.join(self.vector.likelihood.params)})")
        if self.likelihood is not None:
            used += [f"{written} → {self.likelihood.call}" for written in dict.fromkeys(m.group(0) for m in _DATASET_PROBABILITY.finditer(text))]
        return used


def sample_letters(sources: Sequence[Any], notation: Notation, known: set[str]) -> dict[str, str]:
    """The author's sample index and number of samples, read where they index and bound a sum that counts
    a range of the problem's (`\\prod_{n=0}^{N-1}` with the samples i = 1..n: N read as n, the index n as i).
    A bound matches a range by its letter up to case (N for n) or by an index of the problem's (`\\sum_{i=1}^m`:
    m is the count of i's range); a letter read two ways, or given a value of its own, is not read at all."""
    ranges = {index: upper for index, (lower, upper) in notation.index_ranges.items()
              if str(lower) == "1" and re.fullmatch(r"[A-Za-z]", str(upper))}
    given = {m.group(1) for source in sources for m in [_GIVEN_VALUE.match(source.text)] if m}
    written = lone_letters(sources)
    called = {m.group(1) for source in sources for m in _CALLED.finditer(source.text)}
    readings: dict[str, set[str]] = {}
    for source in sources:
        for found in sample_sums(source.text):
            pairs = _sum_reading(found, ranges, known, written, called)
            if not pairs and found.index not in ranges:  # a sum of the author's that counts no range: its letters are theirs
                readings.setdefault(found.index, set()).add("")
            for letter, target in pairs:
                readings.setdefault(letter, set()).add(target)
    aliases = {letter: next(iter(targets)) for letter, targets in readings.items()
               if len(targets) == 1 and "" not in targets and letter not in given and letter not in notation.aliases}
    return _one_reading_each(aliases, written)


def _one_reading_each(aliases: Mapping[str, str], written: set[str]) -> dict[str, str]:
    """`aliases` without two of the author's letters read as one of the problem's (neither is), and without a
    reading onto a problem letter the author writes for a quantity of their own (their index n) unless that
    letter is renamed away itself."""
    taken = list(aliases.values())
    kept = {letter: target for letter, target in aliases.items() if taken.count(target) == 1}
    while any(target in written and target not in kept for target in kept.values()):
        kept = {letter: target for letter, target in kept.items() if target not in written or target in kept}
    return kept


def _sum_reading(found: SampleSum, ranges: Mapping[str, str], known: set[str], written: set[str],
                 called: set[str]) -> list[tuple[str, str]]:
    """The (author's letter, problem's letter) pairs one sample sum gives; none where its letters are not
    read from it (the bound a name of the problem's, no range of that count)."""
    if found.index in ranges or {found.index, found.bound} & called:
        return _own_index_reading(found, ranges, known | called)
    counts = [upper for upper in ranges.values() if found.bound.lower() == upper.lower()]
    if len(set(counts)) != 1 or (found.bound in known and found.bound != counts[0]):
        return []
    upper = counts[0]
    # the problem's index of that range that the derivation never writes itself (so no letter is read two ways)
    free = [index for index, count in sorted(ranges.items()) if count == upper and index not in written]
    if (found.index in known and found.index != upper) or not free or found.index == found.bound:
        return []
    if found.bound == upper and found.index not in known:
        return []  # `\\sum_{m=1}^{n}`: the problem's count, and an index of the sum's own that clashes with nothing
    pairs = [(found.index, free[0])]
    if found.bound != upper:
        pairs.append((found.bound, upper))
    return pairs


def _own_index_reading(found: SampleSum, ranges: Mapping[str, str], taken: set[str]) -> list[tuple[str, str]]:
    """A sum over the problem's own index: its bound read as that range's count only where written above the
    index first (`\\sum^{m}_{i=1}`, which `bound_letters` does not read); none over a function's name (`N(t | \\mu)`)."""
    if found.index in ranges and found.upper_first and found.bound not in taken and found.bound != ranges[found.index]:
        return [(found.bound, ranges[found.index])]
    return []


#: A bold letter: `\\bm{T}`, `\\mathbf{X}`, `\\mathbf X`, `\\boldsymbol{y}`, `{ \\bf T }`.
_BOLD = r"(?:\\(?:bm|mathbf|boldsymbol)\s*(?:\{\s*[A-Za-z]\s*\}|\s[A-Za-z])|\{\s*\\bf\s*[A-Za-z]\s*\})"

#: `P(\\bm T \\mid \\bm X)`, `p(\\mathbf{y} | \\mathbf{X}; \\theta)`: the probability of all the labels given all
#: the inputs (both bold: the data set's matrices), the parameters after `;` if written.
_DATASET_PROBABILITY = re.compile(
    rf"(?<![A-Za-z\\])[Pp]\s*(?:\\left\s*)?\(\s*{_BOLD}\s*(?:\||\\mid|\\vert)\s*{_BOLD}\s*(?:;[^()]*)?(?:\\right\s*)?\)")


def role_reading(sources: Sequence[Any], notation: Notation, checker: Checker, known: set[str],
                 two_classes: TwoClassReading | None = None) -> RoleReading:
    """How the derivation's letters read from their roles: the author's sample index and count as the problem's
    (`\\prod_{n=0}^{N-1} t_n` as `\\prod_{i=0}^{n-1} t_i`: renamed together, so the author's index n and the
    problem's count n do not mix), the probability of the whole data set as the problem's likelihood, and the
    letters the first restatement of a quantity of the problem's fixes (`restated_letters`)."""
    renaming = sample_letters(sources, notation, known)
    likelihood = likelihood_of(notation.functions, checker.definitions)
    layer = value_or_fallback(lambda: layer_reading(sources, checker, known), None, "the layer's letters could not be read")
    renamed = [letters_renamed(layer.rewritten(source.text) if layer else source.text, renaming) for source in sources]
    # `y^{(i)} = \\alpha + \\beta x^{(i)} + \\varepsilon^{(i)}`: the author's letters for the parameters, from the model stated
    renaming = {**renaming, **model_letters([with_text(source, text) for source, text in zip(sources, renamed)], notation, checker, known, likelihood)}
    iterates = iterate_reading(sources, iterate_names(notation.matrices, notation.symbols, known), known)  # `w_{t+1}`, `w^*`
    reading = RoleReading(renaming, likelihood, frozenset(known), parameter_vector(renamed, likelihood, checker.definitions, known),
                          class_reading(renamed, notation, checker, known), layer, iterates, dropout_reading(sources, dropout_names(checker)),
                          bayes_reading(sources, notation, known), notation.functions)
    restated = restated_letters([reading.rewritten(source) for source in sources], notation, checker, known, two_classes, likelihood)
    reading = replace(reading, renaming={**renaming, **restated}) if restated else reading
    # the names in words, read in the lines as the letters read them (`\text{NLL}` beside the author's N read as n)
    names = value_or_fallback(lambda: text_name_reading([reading.rewritten(source) for source in sources], notation, checker, known, likelihood),
                              None, "the names in words could not be read")
    return replace(reading, text_names=names) if names is not None else reading

