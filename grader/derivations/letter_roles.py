"""The author's letters for the course's quantities, read from the ROLE they play where no definition names
them: the index and the bound of the sum over the samples (`\\prod_{n=0}^{N-1}`: n the sample index, N the
number of samples), and the probability of the whole data set (`P(\\bm T \\mid \\bm X)`: the likelihood).

A TA reads these from the notation itself, before any step is judged: the renaming is fixed once for the
derivation from how the letters are written (never from whether a step then holds), and used on every line."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import permutations
from types import SimpleNamespace
from typing import Any

import sympy

from grader.derivations.definitions import INDEXED_NAME
from grader.derivations.faults import deadline_passed
from grader.derivations.written_lines import parse_or_none
from grader.mathengine.equivalence import Checker, names_in
from grader.mathengine.evaluate import EvaluationError, Timeout
from grader.mathengine.two_classes import TwoClassReading, two_class_terms
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
        found.append(SampleSum(lower.group(1), upper.group(1), first, minus_one))
    return found


@dataclass(frozen=True)
class RoleReading:
    """The author's letters read from their roles in one derivation."""

    renaming: Mapping[str, str]
    """The author's letter -> the problem's, renamed together on every line (`N` -> `n`, the index `n` -> `i`,
    the labels `t` -> `Y`)."""

    likelihood: str | None
    """The problem's likelihood as a call (`L(\\theta)`) that the probability of the whole data set
    (`P(\\bm T \\mid \\bm X)`) is read as; None where the problem has none."""

    def rewritten(self, source: Any) -> Any:
        """The line as read under this reading (the line itself where it writes none of the letters)."""
        return role_rewritten(source, self.renaming, self.likelihood)

    def noted(self, lines: Sequence[DerivationLine]) -> list[DerivationLine]:
        """The lines, the first one that writes a letter read from its role saying how the letters were read
        (once, as a valid remark before its links: the reading holds on every line)."""
        lines = list(lines)
        used = self._used(" ".join(line.source for line in lines))
        for number, line in enumerate(lines):
            if used and self._used(line.source) and line.error is None:
                note = LinkResult(line.source, "", "", True, Message("derivation.role_letters", {"letters": ", ".join(used)}))
                lines[number] = replace(line, links=(note, *line.links))
                break
        return lines

    def _used(self, text: str) -> list[str]:
        """`N → n`, `P(\\bm{T}|\\bm{X}) → L(\\theta)`: the readings by role that `text` uses."""
        used = [f"{letter} → {target}" for letter, target in self.renaming.items() if letters_renamed(text, {letter: target}) != text]
        if self.likelihood is not None:
            used += [f"{written} → {self.likelihood}" for written in dict.fromkeys(m.group(0) for m in _DATASET_PROBABILITY.finditer(text))]
        return used


def sample_letters(sources: Sequence[Any], notation: Notation, known: set[str]) -> dict[str, str]:
    """The author's sample index and number of samples, read where they index and bound a sum that counts
    a range of the problem's (`\\prod_{n=0}^{N-1}` with the samples i = 1..n: N read as n, the index n as i).
    A bound matches a range by its letter up to case (N for n) or by an index of the problem's (`\\sum_{i=1}^m`:
    m is the count of i's range); a letter read two ways, or given a value of its own, is not read at all."""
    ranges = {index: upper for index, (lower, upper) in notation.index_ranges.items()
              if str(lower) == "1" and re.fullmatch(r"[A-Za-z]", str(upper))}
    given = {m.group(1) for source in sources for m in [_GIVEN_VALUE.match(source.text)] if m}
    written = _lone_letters(sources)
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
    # two of the author's letters read as one of the problem's: neither is
    taken = list(aliases.values())
    aliases = {letter: target for letter, target in aliases.items() if taken.count(target) == 1}
    # a problem letter the author writes for a quantity of their own (their index n) must be renamed away itself
    while any(target in written and target not in aliases for target in aliases.values()):
        aliases = {letter: target for letter, target in aliases.items() if target not in written or target in aliases}
    return aliases


def _sum_reading(found: SampleSum, ranges: Mapping[str, str], known: set[str], written: set[str],
                 called: set[str]) -> list[tuple[str, str]]:
    """The (author's letter, problem's letter) pairs one sample sum gives; none where its letters are not
    read from it (the bound a name of the problem's, no range of that count)."""
    if found.index in ranges or {found.index, found.bound} & called:
        return []  # the problem's own index (its bound is read by `bound_letters`); a function's name (`N(t | \mu)`)
    counts = [upper for upper in ranges.values() if found.bound.lower() == upper.lower()]
    if len(set(counts)) != 1 or (found.bound in known and found.bound != counts[0]):
        return []
    upper = counts[0]
    # the problem's index of that range that the derivation never writes itself (so no letter is read two ways)
    free = [index for index, count in sorted(ranges.items()) if count == upper and index not in written]
    if (found.index in known and found.index != upper) or not free or found.index == found.bound:
        return []
    pairs = [(found.index, free[0])]
    if found.bound != upper:
        pairs.append((found.bound, upper))
    return pairs


def _lone_letters(sources: Sequence[Any]) -> set[str]:
    """The single letters the derivation writes (commands and `\\text{...}` aside)."""
    letters = set()
    for source in sources:
        text = re.sub(r"\\[A-Za-z]+", " ", re.sub(r"\\text\s*\{[^{}]*\}", " ", source.text))
        letters |= set(re.findall(r"(?<![A-Za-z])([A-Za-z])(?![A-Za-z])", text))
    return letters


#: A bold letter: `\\bm{T}`, `\\mathbf{X}`, `\\mathbf X`, `\\boldsymbol{y}`, `{ \\bf T }`.
_BOLD = r"(?:\\(?:bm|mathbf|boldsymbol)\s*(?:\{\s*[A-Za-z]\s*\}|\s[A-Za-z])|\{\s*\\bf\s*[A-Za-z]\s*\})"

#: `P(\\bm T \\mid \\bm X)`, `p(\\mathbf{y} | \\mathbf{X}; \\theta)`: the probability of all the labels given all
#: the inputs (both bold: the data set's matrices), the parameters after `;` if written.
_DATASET_PROBABILITY = re.compile(
    rf"(?<![A-Za-z\\])[Pp]\s*(?:\\left\s*)?\(\s*{_BOLD}\s*(?:\||\\mid|\\vert)\s*{_BOLD}\s*(?:;[^()]*)?(?:\\right\s*)?\)")


def likelihood_call(functions: Mapping[str, tuple[str, ...]], definitions: Mapping[str, Any]) -> str | None:
    """The problem's likelihood written as a call (`L(\\theta)`, `L(w, b)`): its function whose definition is a
    product over the samples; None where the problem defines none or more than one."""
    found = [name for name, definition in definitions.items()
             if name in functions and functions[name] and isinstance(getattr(definition, "body", None), sympy.Product)]
    if len(found) != 1:
        return None
    name = found[0]
    params = ", ".join(f"\\{p}" if len(p) > 1 and p.isalpha() else p for p in functions[name])
    return f"{name}({params})"


def role_reading(sources: Sequence[Any], notation: Notation, checker: Checker, known: set[str],
                 two_classes: TwoClassReading | None = None) -> RoleReading:
    """How the derivation's letters read from their roles: the author's sample index and count as the problem's
    (`\\prod_{n=0}^{N-1} t_n` as `\\prod_{i=0}^{n-1} t_i`: renamed together, so the author's index n and the
    problem's count n do not mix), the probability of the whole data set as the problem's likelihood, and the
    letters the first restatement of a quantity of the problem's fixes (`restated_letters`)."""
    renaming = sample_letters(sources, notation, known)
    reading = RoleReading(renaming, likelihood_call(notation.functions, checker.definitions))
    labels = restated_letters([reading.rewritten(source) for source in sources], notation, checker, known, two_classes)
    return replace(reading, renaming={**renaming, **labels}) if labels else reading


def letters_renamed(text: str, renaming: Mapping[str, str]) -> str:
    """`text` with each lone letter of `renaming` (not a command's, not a word's, not in `\\text{...}`) renamed,
    all at once."""
    if not renaming:
        return text
    letter = re.compile(rf"(?<![A-Za-z\\])({'|'.join(map(re.escape, renaming))})(?![A-Za-z])")
    parts = re.split(r"(\\(?:text|mathrm|operatorname)\s*\{[^{}]*\})", text)
    return "".join(part if k % 2 else letter.sub(lambda m: renaming[m.group(1)], part) for k, part in enumerate(parts))


def role_rewritten(source: Any, renaming: Mapping[str, str], likelihood: str | None) -> Any:
    """One line with its letters renamed and the probability of the whole data set (`P(\\bm T \\mid \\bm X)`)
    written as the problem's likelihood, which is what it is (the product of the samples' probabilities)."""
    text = letters_renamed(source.text, renaming)
    if likelihood is not None:
        text = _DATASET_PROBABILITY.sub(lambda _m: likelihood, text)
    if text == source.text:
        return source
    try:
        return replace(source, text=text)
    except TypeError:  # not a dataclass: a plain object with number and text
        return SimpleNamespace(number=source.number, text=text)


def writes_dataset_probability(text: str) -> bool:
    """Whether `text` writes the probability of the whole data set (`P(\\mathbf Y \\mid \\mathbf X)`)."""
    return bool(_DATASET_PROBABILITY.search(text))


#: At most this many renamings are tried on the line that fixes the author's letters (a few letters, a few quantities).
MAX_ROLE_RENAMINGS = 24


def restated_letters(sources: Sequence[Any], notation: Notation, checker: Checker, known: set[str],
                     two_classes: TwoClassReading | None) -> dict[str, str]:
    """The author's letters for the problem's indexed quantities, read from the first line that restates one of
    the problem's own quantities (its likelihood `L(\\theta)`, written first on the line, with nothing unknown) as
    an expression in them: `L(\\theta) = \\prod_{i} y_i^{t_i} (1-y_i)^{1-t_i}` reads t as the labels Y.  The
    renaming is the one under which that restatement holds, fixed there and used on every line; a line where
    none or two hold fixes nothing, and no later line is looked at to choose it (so a wrong later step written in
    those letters stays wrong).  Only to quantities the derivation never writes itself (one letter, one reading)."""
    written = _lone_letters(sources)
    for source in sources:
        if deadline_passed(checker.deadline):
            return {}
        parsed = parse_or_none(source.text, notation)
        if parsed is None or len(parsed.terms) < 2 or parsed.leading_relation is not None or set(parsed.relations) != {"="}:
            continue
        first = parsed.terms[0]
        if not isinstance(first, sympy.Basic) or not first.free_symbols or names_in(first) - known:
            continue  # the restatement starts from a quantity of the problem's, all its names known
        letters = sorted({letter for term in parsed.terms[1:] for letter in _unknown_families(term, notation, known)})
        renaming = _restating_renaming(source.text, letters, notation, checker, two_classes, written) if 0 < len(letters) <= 2 else None
        if renaming is not None:
            return renaming
    return {}


def _unknown_families(term: Any, notation: Notation, known: set[str]) -> list[str]:
    """The letters of `term` written with an index of the problem's (`t_i`) that the problem does not know;
    [] where it writes another unknown name (a function, a plain letter: then it is no restatement to read)."""
    if not isinstance(term, sympy.Basic):
        return []
    bases = {node.base.label.name for node in sympy.preorder_traversal(term) if isinstance(node, sympy.Indexed)}
    families = set()
    for name in names_in(term) - known - set(notation.index_ranges):
        match = INDEXED_NAME.fullmatch(name)
        if name in bases:
            families.add(name)
        elif match is not None and match.group(2) in notation.index_ranges and match.group(1) not in known:
            families.add(match.group(1))
        elif match is None or match.group(2) not in notation.index_ranges:
            return []
    return sorted(families)


def _restating_renaming(text: str, letters: list[str], notation: Notation, checker: Checker,
                        two_classes: TwoClassReading | None, written: set[str]) -> dict[str, str] | None:
    """The one renaming of `letters` to the problem's indexed quantities under which the line's first term
    equals the first term written in them; None where none or more than one does."""
    targets = sorted(set(notation.indexed) - set(notation.aliases) - written)
    holding = []
    for tried, chosen in enumerate(permutations(targets, len(letters))):
        if tried >= MAX_ROLE_RENAMINGS:
            return None
        renaming = dict(zip(letters, chosen))
        parsed = parse_or_none(letters_renamed(text, renaming), notation)
        if parsed is None:
            continue
        terms, line_checker = parsed.terms, checker
        binary = two_class_terms(terms, two_classes, notation.index_ranges) if two_classes is not None else None
        if two_classes is not None and binary is not None:
            terms, line_checker = binary, checker.with_scenarios((two_classes.scenario,))
        if any(_holds(line_checker, terms[0], term) for term in terms[1:] if set(letters) & _written_families(term, renaming)):
            holding.append(renaming)
    return holding[0] if len(holding) == 1 else None


def _written_families(term: Any, renaming: Mapping[str, str]) -> set[str]:
    """The author's letters (by the families they were renamed to) a parsed term writes."""
    if not isinstance(term, sympy.Basic):
        return set()
    names = {match.group(1) if match else name for name in names_in(term) for match in [INDEXED_NAME.fullmatch(name)]}
    return {letter for letter, target in renaming.items() if target in names}


def _holds(checker: Checker, first: Any, other: Any) -> bool:
    try:
        return bool(checker.same_values(first, other).holds)
    except (EvaluationError, Timeout, TypeError, ValueError, AttributeError):
        return False

