"""The author's own letters for the course's quantities, found through their definitions."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from typing import Any

import sympy

from grader.derivations.definitions import INDEXED_NAME
from grader.derivations.faults import deadline_passed
from grader.derivations.link_readings import random_outside_expectation, same_moments
from grader.derivations.terms import Term
from grader.derivations.written_lines import parse_or_none
from grader.mathengine.equivalence import Checker, names_in
from grader.mathengine.evaluate import EvaluationError, Timeout
from grader.mathparse import Notation
from grader.mathparse.superscript_entries import entries_written_above

#: `p_i = ...`, `L = ...`, `\\hat p_{k} = ...`: a line that may define one letter (one `=`).
#: `s(\\mathbf{x})_i = ...` too: the author's function of the vector, its i-th output.
_DEFINITION_HEAD = re.compile(r"^\s*(?:\\[A-Za-z]+\s*\{?\s*)?([A-Za-z])\s*\}?\s*(?:\([^()=]*\))?\s*(?:_\s*\{?[A-Za-z0-9 ,]*\}?)?\s*=")


#: At most this many renamings are tried for one definition (a few letters, a few quantities).
MAX_RENAMINGS = 40


@dataclass(frozen=True)
class _LetterSearch:
    """What reading the author's definitions for their letters shares, for one derivation."""

    notation: Notation
    """The notation the lines are read with (before the author's letters are added)."""

    checker: Checker
    """The problem's checker, which judges a definition under a renaming."""

    known_names: set[str]
    """The names the problem knows."""

    targets: list[str]
    """The course's quantities an author's letter may stand for (indexed ones and the problem's definitions)."""

    heads_known: set[str]
    """Letters whose definition cannot name a course quantity (the problem's own, less index letters the
    derivation never writes as an index: `l` of `l = -\\sum_i y_i \\log p_i` may be the author's loss)."""


def course_letters(sources: Sequence[Any], notation: Notation, checker: Checker, known_names: set[str]) -> Notation:
    """The author's own letters for the course's quantities, followed through their definitions:
    `p_i = e^{a_i} / \\sum_k e^{a_k}` defines p as the softmax of a, which holds when a is the logits z
    and p the outputs y; `L = -\\sum_k t_k \\log p_k` then holds with t the labels Y and L the loss E.
    A definition whose letters are all new and which holds under one renaming to the problem's
    quantities (and no definition of the problem is left out of it) makes those letters aliases."""
    indexed = set(notation.indexed)
    index_only = set(notation.index_ranges) - indexed - set(checker.definitions)
    search = _LetterSearch(
        notation=notation, checker=checker, known_names=known_names,
        targets=sorted((indexed | set(checker.definitions)) & known_names),
        heads_known=set(known_names) - {letter for letter in index_only if not _written_as_index(letter, sources)},
    )
    aliases = dict(notation.aliases)
    for source in sources:
        if deadline_passed(checker.deadline):
            break
        text = entries_written_above(source.text, notation)[0]  # `s^i = ...`: the author's s_i, its index written above
        found = _definition_renamed(search, derivative_as_definition(text) or text, aliases)
        if found:
            aliases.update(found)
    return replace(notation, aliases=aliases) if aliases != dict(notation.aliases) else notation


#: `\\frac{\\partial` (or `\\dfrac`), opening a derivative written as a fraction.
_DERIVATIVE_OPEN = re.compile(r"\s*\\d?frac\s*(?=\{)")


def derivative_as_definition(text: str) -> str | None:
    """`\\frac{\\partial \\hat y_i}{\\partial \\theta_i} = \\frac{\\partial \\frac{e^{\\theta_i}}{\\sum_j e^{\\theta_j}}}{\\partial \\theta_i}`:
    the derivative of a name written as the derivative of an expression in the same variable says what the
    name is, `\\hat y_i = \\frac{e^{\\theta_i}}{\\sum_j e^{\\theta_j}}` (what a condition after it says aside); None otherwise."""
    sides = []
    rest = text
    for _ in range(2):
        opened = _DERIVATIVE_OPEN.match(rest)
        top = _braced(rest, opened.end()) if opened else None
        bottom = _braced(rest, top[1]) if top else None
        if top is None or bottom is None or not top[0].lstrip().startswith("\\partial") or not bottom[0].lstrip().startswith("\\partial"):
            return None
        sides.append((top[0].lstrip()[len("\\partial"):].strip(), bottom[0].strip()))
        rest = rest[bottom[1]:]
        if not sides[1:]:
            if not rest.lstrip().startswith("="):
                return None
            rest = rest.lstrip()[1:]
    (head, variable), (body, again) = sides
    if variable != again or not head or not body:
        return None
    return f"{head} = {body}"


def _braced(text: str, start: int) -> tuple[str, int] | None:
    """The content of the brace group opening at `start` (spaces before it skipped) and the index after it."""
    while start < len(text) and text[start].isspace():
        start += 1
    if start >= len(text) or text[start] != "{":
        return None
    depth = 0
    for end in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[end], 0)
        if depth == 0:
            return text[start + 1:end], end + 1
    return None


def _definition_renamed(search: _LetterSearch, text: str, aliases: dict[str, str]) -> dict | None:
    """The renaming under which the line, a definition of a new letter (or of one an earlier definition
    renamed, or of a course quantity in the author's letters), holds; None where the line is no such
    definition or none holds."""
    notation = search.notation
    head_letter = _new_head_letter(search, text, aliases)
    if head_letter is None:
        return None
    # a letter an earlier definition renamed (p read as y from `L = -\\sum_i y_i \\log p_i`), defined
    # again in letters of the author's (`p_i = e^{o_i} / \\sum_j e^{o_j}`): those letters are still to read
    renamed_head = head_letter in aliases and head_letter not in notation.aliases
    # `y_i = e^{a_i} / \\sum_k e^{a_k}`: one of the course's quantities, defined in the author's letters (a the logits)
    course_head = head_letter in search.heads_known
    renamed_head = renamed_head or course_head
    current = replace(notation, aliases=aliases) if aliases != dict(notation.aliases) else notation
    parsed = parse_or_none(text, current)
    if parsed is None or parsed.leading_relation is not None or parsed.relations != ("=",):
        return None
    head, body = parsed.terms
    head_base = _head_base(search, head, head_letter, renamed_head, aliases)
    if head_base is None:
        return None
    unknown = _unknown_letters(search, body, aliases)
    if len(unknown) > 2 or (renamed_head and not unknown) or head_base in unknown:
        return None  # `a = a`, `a = 2a - a`: a letter written on both sides defines nothing, whatever it is renamed to
    letters = unknown if renamed_head else [head_base, *unknown]
    return _renamed_letters(search, text, letters, [head, *_leaves(body)], aliases, course_head)


def _renamed_letters(search: _LetterSearch, text: str, letters: list[str], written: list[Any], aliases: dict[str, str],
                     course_head: bool) -> dict | None:
    """The renaming of `letters` under which the definition `text` holds (`written`: its head and leaves)."""
    notation = search.notation
    indexed_letters = {_letter_base(n, notation) for n in written if _is_indexed_use(n, notation)}
    written_known = {b for b in (_letter_base(n, notation) for n in written) if b in search.known_names}
    # a course quantity's definition names the quantities it is made of, which the problem does not define
    # (`E = -\\sum_k Y_k \\log u_k` with u read as the outputs y would pass a softmax left out)
    targets = [t for t in search.targets if t not in search.checker.definitions] if course_head else search.targets
    return _renaming(text, letters, targets, notation, aliases, search.checker, indexed_letters, written_known)


def _head_base(search: _LetterSearch, head: Any, head_letter: str, renamed_head: bool, aliases: dict[str, str]) -> str | None:
    """The letter the parsed head names, where it is one to rename (new, or renamed before); else None."""
    head_base = _letter_base(head, search.notation)
    if head_base is None and isinstance(head, sympy.Symbol) and head.name == head_letter and head.name not in search.heads_known:
        head_base = head.name  # `l`, an index letter of the problem's, named as the author's loss
    if head_base is None or (not renamed_head and (head_base in search.heads_known or head_base in aliases)):
        return None
    return head_base


def _unknown_letters(search: _LetterSearch, body: Any, aliases: dict[str, str]) -> list[str]:
    """The letters of a definition's body that neither the problem nor an earlier renaming knows, in order."""
    bases = (_letter_base(n, search.notation) for n in _leaves(body))
    return list(dict.fromkeys(sorted(b for b in bases if b and b not in search.known_names and b not in aliases)))


def _new_head_letter(search: _LetterSearch, text: str, aliases: dict[str, str]) -> str | None:
    """The letter a line `X_i = ...` defines, where it may name a course quantity: a new letter, or one an
    earlier definition of the author's renamed, or a course quantity (`y_i = e^{a_i} / ...`: its body's letters
    are then the ones to read).  (Only such a definition is read: reading costs time.)"""
    head = _DEFINITION_HEAD.match(text)
    if head is None or (head.group(1) in search.heads_known and head.group(1) not in search.targets):
        return None
    letter = head.group(1)
    if letter in aliases and letter in search.notation.aliases:
        return None  # the problem's own alias, not the author's letter
    return letter


def _written_as_index(letter: str, sources: Sequence[Any]) -> bool:
    """Whether a line writes `letter` in a subscript (`y_l`, `\\sum_{l=1}^K`, `w_{kl}`)."""
    pattern = re.compile(rf"_\s*(?:\{{[^{{}}]*{letter}[^{{}}]*\}}|{letter})")
    return any(pattern.search(re.sub(r"\\[A-Za-z]+", " ", source.text)) for source in sources)  # commands' letters aside


def clashing_letters(sources: Sequence[Any], found_aliases: dict[str, str], notation: Notation) -> frozenset[str]:
    """A course letter another of the author's letters was read as, which the author also writes for a
    quantity of their own (p read as the outputs y, while the author's y are the labels): the two cannot be
    told apart on a line that writes it, so no step there is called wrong for it.  (A course letter the
    author writes, itself renamed, is no clash; nor is the problem's size, a count two letters can only both name.)"""
    written = {m for source in sources for m in LONE_LETTER.findall(without_commands(source.text))} - {end for _, end in notation.index_ranges.values()}
    # a plain letter beside its hat that a renaming reads (the author's y read as the labels Y) clashes no more
    return frozenset(target for letter, target in found_aliases.items()
                     if target in written and letter != target and target not in found_aliases
                     and not problem_function_argument(target, sources, notation)) | (hatted_clashes(sources, notation) - set(found_aliases))


def problem_function_argument(letter: str, sources: Sequence[Any], notation: Notation) -> bool:
    """Whether the derivation writes one of the problem's functions of `letter` (`\\tilde J(w; X, y)`, `J(w)`): the
    author's letter there is the course's, the same quantity the other letter was read as (θ in `J(\\theta)`, then
    w), not one of their own."""
    heads = "|".join(re.escape(name.rpartition("_")[2]) for name in notation.functions if name.rpartition("_")[2].isupper())
    if not heads:
        return False
    call = re.compile(rf"(?<![A-Za-z\\])(?:{heads})\s*\}}?\s*(?:\\left\s*)?\(\s*{re.escape(letter)}\s*[;,)|]")
    return any(call.search(source.text) for source in sources)


def hatted_clashes(sources: Sequence[Any], notation: Notation) -> frozenset[str]:
    """Course letters the problem lets students write with a hat (`\\hat y_i` for the outputs y_i) where the
    derivation writes both the hatted and the plain letter: the plain one is the author's own quantity (their
    labels y beside their outputs ŷ), which the grader cannot tell from the course's on a line that writes it."""
    clashes = set()
    for alias, target in notation.aliases.items():
        if alias != f"hat_{target}" or len(target) != 1:
            continue
        hatted = re.compile(rf"\\(?:hat|widehat)\s*\{{?\s*(?:\\mathbf\s*\{{?\s*)?{target}")
        texts = [source.text for source in sources]
        if any(hatted.search(text) for text in texts) and any(
                target in LONE_LETTER.findall(without_commands(hatted.sub(" ", text))) for text in texts):
            clashes.add(target)
    return frozenset(clashes)


#: A letter standing alone (not part of a word or a command), as written.
LONE_LETTER = re.compile(r"(?<![A-Za-z\\])([A-Za-z])(?![A-Za-z])")


def without_commands(text: str) -> str:
    """`text` without its commands (`\\frac`, `\\log`) and `\\text{...}` words, so that their letters are not read."""
    return re.sub(r"\\[A-Za-z]+", " ", re.sub(r"\\text\s*\{[^{}]*\}", " ", text))


def _renaming(text: str, letters: list[str], targets: list[str], notation: Notation, aliases: dict, checker: Checker,
              indexed_letters: set, written: AbstractSet[str] = frozenset()) -> dict | None:
    """`written`: the problem's letters the definition itself writes (y in `l = -\\sum_i y_i \\log p_i`)."""
    from itertools import permutations

    tried = 0
    # the author's W for the problem's w first: where a product makes two renamings hold (w_i a_i read as
    # W_i x_i either way), the one that keeps a letter up to its case is what a TA reads
    ordered = sorted(permutations(targets, len(letters)),
                     key=lambda chosen: -sum(letter.lower() == target.lower() for letter, target in zip(letters, chosen)))
    for chosen in ordered:
        # an indexed letter (a_i) stands for an indexed quantity (z_i), a lone one (L) for a lone one (E)
        if any((letter in indexed_letters) != (target in notation.indexed) for letter, target in zip(letters, chosen)):
            continue
        for swapped in _swaps(written, letters, chosen, targets, notation, aliases, text):
            if tried >= MAX_RENAMINGS:
                return None
            tried += 1
            renaming = {**dict(zip(letters, chosen)), **swapped}
            trial = {**aliases, **renaming}
            parsed = parse_or_none(text, replace(notation, aliases=trial))
            if parsed is None or len(parsed.terms) != 2:
                continue
            try:
                if names_in(parsed.terms[1]) & set(letters):
                    continue  # a letter the renaming did not reach
                verdict = checker.same_values(parsed.terms[0], parsed.terms[1])
                if verdict.holds is None and random_outside_expectation(checker, verdict):
                    # `y = \\sum_i W_i x_i`, random on both sides (xavier's z): the same mean and variance
                    verdict = same_moments(checker, Term(parsed.terms[0], "", 0), Term(parsed.terms[1], "", 0), verdict)
                if verdict.holds:
                    return renaming
            except (EvaluationError, Timeout, TypeError, ValueError, AttributeError):
                continue
    return None


def _swaps(written: AbstractSet[str], letters: list[str], chosen: tuple, targets: list[str], notation: Notation,
           aliases: Mapping[str, str], text: str) -> list[dict]:
    """The renamings of the course letters a renaming takes that the author also writes for a quantity of
    their own (p read as the outputs y while the author's y are the labels: y read as Y), each to another
    of the problem's quantities of the same kind; `[{}]` where the author writes none of them.  A course
    letter an earlier definition of the author's took counts too (`a_j = e^{z_j} / \\sum_k e^{z_k}` read a as y,
    then `L = -\\sum_k y_k \\log a_k`: the author's y are the labels)."""
    by_earlier = {target for letter, target in aliases.items() if letter != target and notation.aliases.get(letter) != target}
    # a letter an earlier renaming took clashes where the author writes it, not where the renaming put it (p_k read as y_k)
    by_earlier &= set(LONE_LETTER.findall(without_commands(text)))
    taken = {*chosen, *by_earlier}
    clashing = [target for target in chosen if target in written and target not in letters]
    clashing += [target for target in sorted(by_earlier - set(chosen)) if target in written and target not in letters and target not in aliases]
    if not clashing:
        return [{}]
    if len(clashing) > 1:
        return []  # two course letters written for the author's own quantities: too many readings
    target = clashing[0]
    return [{target: other} for other in targets
            if other not in taken and other != target and (other in notation.indexed) == (target in notation.indexed)]


def _letter_base(expr: Any, notation: Notation) -> str | None:
    """The letter a term names: `p` of `p_i` (as the symbol p_i or p[i]) or of a scalar `L`."""
    if isinstance(expr, sympy.Indexed):
        return getattr(expr.base.label, "name", None)
    if isinstance(expr, sympy.Symbol):
        match = INDEXED_NAME.fullmatch(expr.name)
        if match and match.group(2) in notation.index_ranges:
            return match.group(1)
        return expr.name if expr.name not in notation.index_ranges else None
    return None


def _is_indexed_use(expr: Any, notation: Notation) -> bool:
    if isinstance(expr, sympy.Indexed):
        return True
    match = INDEXED_NAME.fullmatch(expr.name) if isinstance(expr, sympy.Symbol) else None
    return bool(match and match.group(2) in notation.index_ranges)


def _leaves(expr: Any) -> list:
    if not isinstance(expr, sympy.Basic):
        return []
    return [node for node in sympy.preorder_traversal(expr) if isinstance(node, (sympy.Symbol, sympy.Indexed))]


#: ``obj = ...``, ``\\text{loss} = ...`` at the start of a line: a word the student names a quantity with.
_WORD_DEFINITION = re.compile(r"^\s*(?:\\(?:mathrm|text|operatorname|textrm|mathit)\s*\{\s*)?([A-Za-z]{3,}|[A-Z]{2})\s*\}?\s*(?::=|=)")


def _a_word(word: str, notation: Notation) -> bool:
    """Whether a defined head is the author's word: three letters or more, or two capitals (`CE`, `KL`) neither
    of which the problem knows (`AB = ...` with A and B the problem's matrices is their product)."""
    known = set(notation.symbols) | set(notation.functions) | set(notation.indexed) | set(notation.matrices) | set(notation.index_ranges)
    return len(word) > 2 or not any(letter in known for letter in word)


def with_student_words(notation: Notation, sources: Sequence[Any]) -> Notation:
    """`notation` where a word the derivation defines (`obj = -\\sum_i ...`) is one name, not a product of
    letters (o b j), in every line: a TA reads the student's name as the student wrote it.  The author's
    entries written above (`y^i`), where a line writes one, are read so on every line (`y^1` too)."""
    from grader.mathparse.superscript_entries import with_entries_above
    from grader.mathparse.vocabulary import ASCII_GREEK_WORDS, ASCII_WORDS, PROSE_WORDS, RESERVED_WORDS

    notation = with_entries_above(notation, (source.text for source in sources))
    taken = (ASCII_WORDS | ASCII_GREEK_WORDS | RESERVED_WORDS | PROSE_WORDS | set(notation.symbols)
             | set(notation.functions) | set(notation.indexed) | set(notation.matrices))
    words = []
    for source in sources:
        match = _WORD_DEFINITION.match(source.text)
        if match and match.group(1) not in taken and match.group(1).lower() not in {w.lower() for w in taken} and _a_word(match.group(1), notation):
            words.append(match.group(1))
    if not words:
        return notation
    return replace(notation, symbols=tuple(dict.fromkeys([*notation.symbols, *words])))


#: `\\sum_k^C`, `\\sum_{j=1}^{C}`, `\\prod_{n=1}^N`: a sum's index and the letter of its upper bound.
#: (an unbraced bound is one letter, as TeX reads it: `\\sum_{i=1}^Cy_i` is bounded by C, then y_i)
_SUM_BOUND = re.compile(r"\\(?:sum|prod)\s*_\s*\{?\s*([A-Za-z])\s*(?:=\s*[01]\s*)?\}?\s*\^\s*(?:\{\s*([A-Za-z])\s*\}|([A-Za-z])(?![_{]))")


def bound_letters(sources: Sequence[Any], notation: Notation, known: set[str]) -> dict[str, str]:
    """The author's letter for the number of classes or samples, read where it bounds a sum over one
    of the problem's indices (`\\sum_k^C` with k running 1..K: C is the author's K), if the
    derivation never uses it for two ranges nor gives it a value."""
    found: dict[str, set[str]] = {}
    for source in sources:
        for index, braced, bare in _SUM_BOUND.findall(source.text):
            bound = braced or bare
            upper = (notation.index_ranges.get(index) or (None, None))[1]
            if bound in known or bound in notation.aliases or upper is None or not re.fullmatch(r"[A-Za-z]\w*", str(upper)):
                continue
            found.setdefault(bound, set()).add(str(upper))
    defined = {m.group(1) for source in sources for m in [_DEFINITION_HEAD.match(source.text)] if m}
    return {bound: next(iter(uppers)) for bound, uppers in found.items()
            if len(uppers) == 1 and bound not in defined and bound != next(iter(uppers))}
