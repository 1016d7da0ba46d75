r"""Lists written with an ellipsis that a reader fills in: the samples as a call's argument, a product written out.

`ellipses` reads a sum written out (`a_1 + a_2 + \cdots + a_K`) and a diagonal matrix; this module reads two other
elisions people write in likelihood derivations, as textual rewrites (see `rewrites`):

- the family of samples listed as an argument, `L(w, b; y_1, \dots, y_n)`, `p(y_1, \ldots, y_n \mid x_1, \ldots, x_n)`,
  `p_X(\mathbf{x}_1, \dots, \mathbf{x}_N)`: the vector of the family (`\mathbf{y}`), as a bare family in a call
  reads.  Only where the list's first entry is at index 1 (an optional second at 2) and its last entry is the same
  letter at one index letter (`y_n`, `Y_N`): `x_1, \dots, x_{n-1}` (the samples before the n-th) is no family and
  stays as written;
- a product written out, `p(y_1 \mid x_1) \cdot p(y_2 \mid x_2) \cdots p(y_n \mid x_n)`, `a_1 a_2 \cdots a_n`,
  `f(1) f(2) \cdots f(n)`: the product over the index, `\prod_{k=1}^{n} p(y_k \mid x_k)`, where the factors around
  the ellipsis are one expression at index 1 (and 2) and at one last index.

Where a pattern is not that clear the text is left as written: the line is then an elided list the checker does
not read (`elided_at`), never a wrong step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .ellipses import unused_letter

#: An ellipsis as people write it.
ELLIPSIS = re.compile(r"\\[lc]?dots(?:[bcmoi])?(?![A-Za-z])|\.{3,}|…|\\ldotp\\ldotp\\ldotp")

#: A letter in a font or bare (`x`, `\mathbf{x}`, `\textbf x`, `\boldsymbol{x}`): group `letter`.
_FAMILY_LETTER = r"(?:\\(?:mathbf|textbf|boldsymbol|bm|vec)\s*\{\s*(?P<{name}>[A-Za-z])\s*\}|\\(?:mathbf|textbf|boldsymbol|bm|vec)\s+(?P<{name}s>[A-Za-z])|(?P<{name}b>[A-Za-z]))"


def _named(name: str) -> str:
    """The family letter's pattern, its groups named after `name`."""
    return _FAMILY_LETTER.replace("{name}", name)


#: `y_1, [y_2,] \dots, y_n` right after an opening, a comma, a semicolon or a bar, and before a closing or a separator.
_FAMILY = re.compile(
    r"(?P<before>(?:\(|,|;|\\mid|\\vert|\|)\s*)" + _named("first") + r"\s*_\s*\{?\s*1\s*\}?\s*,\s*"
    r"(?:(?P<second>[^,()]{1,40}?)\s*,\s*)?(?:" + ELLIPSIS.pattern + r")\s*,\s*"
    + _named("last") + r"\s*_\s*\{?\s*(?P<bound>[A-Za-z])\s*\}?(?=\s*(?:\)|\\right|,|;|\\mid|\\vert|\|))"
)


def _letter(match: re.Match, name: str) -> str | None:
    return match.group(name) or match.group(name + "s") or match.group(name + "b")


def elided_arguments(text: str) -> str:
    """Each family of samples listed with an ellipsis as an argument, as the vector of the family (see the module's note)."""
    if "," not in text or ELLIPSIS.search(text) is None:
        return text

    def one(match: re.Match) -> str:
        first, last = _letter(match, "first"), _letter(match, "last")
        second = match.group("second")
        if first != last or (second is not None and not _at_index(second, first, "2")):
            return match.group(0)
        return match.group("before") + "\\mathbf{" + str(first) + "}"

    return _FAMILY.sub(one, text)


def _at_index(entry: str, letter: str | None, index: str) -> bool:
    """Whether `entry` is the family's letter (in a font or bare) at `index`."""
    found = re.fullmatch(_named("x") + r"\s*_\s*\{?\s*" + index + r"\s*\}?", entry.strip())
    return found is not None and _letter(found, "x") == letter


def elided_at(snippet: str) -> bool:
    """Whether a parse error's snippet starts at an ellipsis: the line is unread because of what it elides."""
    return ELLIPSIS.match(snippet.lstrip()) is not None


#: What may stand beside an ellipsis in a part of a chain that elides its steps only (`= \dots =`): spacing.
_BARE = re.compile(r"(?:\s|&|\\[,;:! ]|\\q?quad(?![A-Za-z])|\\\\)*")


@dataclass(frozen=True)
class ElidedChain:
    r"""What is left to check of a chain with a part written with an ellipsis that the parser does not fill in."""

    kept: str | None
    r"""The chain to check: without its parts that are an ellipsis alone (`A = \dots = B`: steps left out, so `A = B`
    must hold), and up to a part with written terms at its end (`A = B = a_1 b_1 + \dots`: `A = B`); None where no
    step is left."""
    claim_after: bool
    r"""Whether a relation follows a part with written terms (`A = -a_1 - a_2 - \dots = B`): a step from terms that
    are not read (they may be wrong), so `kept` (`A = B`) is charged where it does not hold and never passed."""
    tail: bool
    """Whether `kept` stops before a part with written terms at the chain's end: the step into it is not checked (and
    costs what an unchecked step costs), and the next line continues from that part, which is not read, so from nothing."""


def elided_chain(text: str) -> ElidedChain:
    r"""The chain of `text` (a line the parser stops on at an ellipsis) as far as it is checked (see `ElidedChain`)."""
    segments = _top_level_split(text, "=")
    written = next((k for k, segment in enumerate(segments) if _written_elided(segment)), None)
    claim_after = written is not None and any(segment.strip() for segment in segments[written + 1:])
    tail = written is not None and not claim_after
    leading = not segments[0].strip()  # `= ...`: the line continues the one before
    # a step from written terms: the chain around them, whose steps are charged where wrong and never passed
    kept = [segment.strip() for segment in segments[:None if claim_after else written] if segment.strip() and ELLIPSIS.search(segment) is None]
    nothing_dropped = written is None and len(kept) == len([segment for segment in segments if segment.strip()])
    if len(kept) + (1 if leading else 0) < 2 or nothing_dropped:
        # `A = a_1 + a_2 + \dots`, `= a_1 + \dots` alone: a step to written terms that are not read (they may be
        # wrong, as the first terms of a sign-slipped gradient): not passed, not free either; a list with no relation is
        return ElidedChain(None, written is not None and len(segments) > 1, tail)
    return ElidedChain(("= " if leading else "") + " = ".join(kept), claim_after, tail)


def _written_elided(segment: str) -> bool:
    """Whether a part of a chain holds an ellipsis beside written terms."""
    return ELLIPSIS.search(segment) is not None and not bare_ellipsis(segment)


def bare_ellipsis(segment: str) -> bool:
    r"""Whether a part of a chain is an ellipsis alone (`\dots`, `\quad \cdots`): steps left out, no terms written."""
    rest = ELLIPSIS.sub("", segment)
    return ELLIPSIS.search(segment) is not None and _BARE.fullmatch(rest) is not None


def written_elision(text: str) -> bool:
    """Whether a line holds a part written with terms and an ellipsis (not an ellipsis alone)."""
    return any(_written_elided(segment) for segment in _top_level_split(text, "="))


def _top_level_split(text: str, separator: str) -> list[str]:
    """`text` cut at each `separator` outside brackets and braces."""
    pieces, depth, start = [], 0, 0
    for k, ch in enumerate(text):
        escaped = k > 0 and text[k - 1] == "\\"
        if ch in "([{" and not escaped:
            depth += 1
        elif ch in ")]}" and not escaped:
            depth -= 1
        elif ch == separator and depth == 0:
            pieces.append(text[start:k])
            start = k + 1
    pieces.append(text[start:])
    return pieces


# -- products written out -----------------------------------------------------------------------------


#: One atom of a product: `\left(...\right)`, a command with its braced arguments, a letter or number, or a
#: bracket; each with its sub- and superscripts.
_SEPARATORS = ("\\cdot", "\\times", "\\ast")
_BOUNDARY = re.compile(r"[+\-=<>,;|&]|\\(?:mid|vert|quad|qquad|sum|prod|int|Rightarrow|Leftrightarrow|iff|implies|propto|approx|sim|le|ge|leq|geq|neq)(?![A-Za-z])")
_COMMAND = re.compile(r"\\[A-Za-z]+")
_INDEX_ONE = re.compile(r"_\s*\{\s*1\s*\}|_\s*1(?![0-9])|(?<=\()\s*1\s*(?=\))")


@dataclass(frozen=True)
class _Atom:
    """A piece of a product as written."""

    start: int
    """Where it starts in the text."""
    end: int
    """Where it ends."""
    separator: bool = False
    """Whether it is a written product sign (`\\cdot`, `\\times`) rather than a factor's part."""


#: How many ellipses of a line a product is looked for around.
_TRIED = 8


def elided_products(text: str) -> str:
    """Each product written out around an ellipsis, as `\\prod` over its index (see the module's note)."""
    for _ in range(4):  # a few ellipses per line
        # the first few ellipses only: a line of many is read as written (each try scans the product around it)
        rewritten = next((r for r in (_one_product(text, m) for m in list(ELLIPSIS.finditer(text))[:_TRIED]) if r is not None), None)
        if rewritten is None:
            return text
        text = rewritten
    return text


def _one_product(text: str, match: re.Match) -> str | None:
    before, after = _atoms(text, match.start(), backward=True), _atoms(text, match.end())
    if not before or not after:
        return None
    before_factors, after_factors = _factors(before[::-1]), _factors(after)
    candidates = list(_candidates(before_factors, after_factors))
    for first, second, last in candidates:
        found = _product(text, first, second, last)
        if found is not None:
            return found
    # the ends written in one form but the last not the first at its index (a slip in one term): the terms up to the
    # last one by the first's pattern, and the last as written, where the last names one index (never passed unread)
    return next((r for r in (_product_with_last_apart(text, first, second, last) for first, second, last in candidates) if r is not None), None)


def _product_with_last_apart(text: str, first: tuple[int, int], second: tuple[int, int] | None, last: tuple[int, int]) -> str | None:
    """The product read up to its last factor by the first's pattern, the last as written; a second factor written
    between the first and the ellipsis must be that pattern at 2 (it is replaced with the rest: never dropped unread)."""
    first_text, last_text = text[first[0]:first[1]], text[last[0]:last[1]]
    if _INDEX_ONE.search(first_text) is None or _heads(first_text) != _heads(last_text):
        return None
    bounds = _index_letters(last_text) - _index_letters(first_text)
    letter = unused_letter(text, "kjlmq")
    if len(bounds) != 1 or letter is None:
        return None
    (bound,) = bounds
    template = _INDEX_ONE.sub(lambda m: ("_{" + letter + "}") if m.group(0).lstrip().startswith("_") else letter, first_text)
    if second is not None and not _at_two(text, second, template, letter):
        return None
    return (text[:first[0]] + f"\\left(\\prod_{{{letter}=1}}^{{{bound}-1}} \\left({template}\\right)\\right) \\left({last_text}\\right)"
            + text[last[1]:])


#: A one-letter index: a subscript (`_n`, `_{n}`) or a call's lone argument (`(n)`).
_INDEX_LETTER = re.compile(r"_\s*(?:\{\s*([A-Za-z])\s*\}|([A-Za-z]))|\(\s*([A-Za-z])\s*\)")


def _index_letters(text: str) -> set[str]:
    return {"".join(groups) for groups in _INDEX_LETTER.findall(text)}


def _heads(text: str) -> list[str]:
    """The commands and letters a term is written with, scripts and numbers left out (its form)."""
    return re.findall(r"\\[A-Za-z]+|(?<![_\\])[A-Za-z]+(?!\s*\})", re.sub(r"[_^]\s*(?:\{[^{}]*\}|[A-Za-z0-9])", "", text))


def _factors(atoms: list[_Atom]) -> list[_Atom] | list[list[_Atom]]:
    """The atoms grouped into factors between written product signs; one group per atom where none is written."""
    if not any(a.separator for a in atoms):
        return [[a] for a in atoms]
    groups: list[list[_Atom]] = [[]]
    for atom in atoms:
        if atom.separator:
            groups.append([])
        else:
            groups[-1].append(atom)
    return [g for g in groups if g]


def _candidates(before: list, after: list):
    """(first, second or None, last) spans of atoms to try: runs of one to six atoms where no product sign is written."""
    signed = any(len(g) > 1 for g in before + after) or (len(before) == 1 and len(after) == 1)
    widths = (1,) if signed else range(1, 7)
    for width in widths:
        if len(before) < width or len(after) < width:
            break
        last = _span(after[:width])
        near = _span(before[-width:])
        yield near, None, last
        if len(before) >= 2 * width:
            yield _span(before[-2 * width:-width]), near, last


def _span(groups: list) -> tuple[int, int]:
    atoms = [a for g in groups for a in (g if isinstance(g, list) else [g])]
    return atoms[0].start, atoms[-1].end


def _product(text: str, first: tuple[int, int], second: tuple[int, int] | None, last: tuple[int, int]) -> str | None:
    first_text = text[first[0]:first[1]]
    if _INDEX_ONE.search(first_text) is None:
        return None
    letter = unused_letter(text, "kjlmq")
    if letter is None:
        return None
    template = _INDEX_ONE.sub(lambda m: ("_{" + letter + "}") if m.group(0).lstrip().startswith("_") else letter, first_text)
    pattern = _pattern(template, letter)
    if second is not None and not _at_two(text, second, template, letter):
        return None
    found = re.fullmatch(pattern, _squash(text[last[0]:last[1]]))
    if found is None or len(set(found.groups())) != 1 or found.group(1) in ("1", "2"):
        return None
    bound = found.group(1).strip("{}")
    return text[:first[0]] + f"\\prod_{{{letter}=1}}^{{{bound}}} \\left({template}\\right)" + text[last[1]:]


def _at_two(text: str, second: tuple[int, int], template: str, letter: str) -> bool:
    """Whether the factor written second is the first's pattern at index 2."""
    at_two = re.fullmatch(_pattern(template, letter), _squash(text[second[0]:second[1]]))
    return at_two is not None and set(at_two.groups()) == {"2"}


def _pattern(template: str, letter: str) -> str:
    """The template as a regular expression over squashed text, each index place a group."""
    squashed = re.escape(_squash(template))
    squashed = squashed.replace(re.escape("_{" + letter + "}"), r"_\{?([A-Za-z0-9]+|\{[^{}]*\})\}?")
    return re.sub(r"(?<=\\\()" + re.escape(letter) + r"(?=\\\))", r"([A-Za-z0-9]+)", squashed)


def _squash(text: str) -> str:
    text = re.sub(r"_\s*([A-Za-z0-9])", r"_{\1}", text)
    return re.sub(r"\s+", "", text)


def _atoms(text: str, at: int, backward: bool = False) -> list[_Atom]:
    """The atoms of the product next to position `at` (forward, or backward and then in reverse order), up to a
    boundary: a sum's sign, a relation, an opening or closing bracket of the group the ellipsis stands in."""
    atoms: list[_Atom] = []
    k = at
    for _ in range(40):
        atom = _atom_before(text, k) if backward else _atom_after(text, k)
        if atom is None:
            return atoms
        atoms.append(atom)
        k = atom.start if backward else atom.end
    return atoms


def _atom_after(text: str, at: int) -> _Atom | None:
    k = at
    while k < len(text) and text[k].isspace():
        k += 1
    if k >= len(text) or _BOUNDARY.match(text, k) or text[k] in ")]}" or ELLIPSIS.match(text, k):
        return None
    command = _COMMAND.match(text, k)
    if command and command.group(0) in _SEPARATORS:
        return _Atom(k, command.end(), separator=True)
    if command and command.group(0) in ("\\right", "\\big", "\\Big"):
        return None
    end = _closing(text, k) if (text[k] in "([{" or (command and command.group(0) == "\\left")) else _arguments_end(text, command, k)
    return _Atom(k, _scripts_after(text, end)) if end is not None else None


def _arguments_end(text: str, command: re.Match | None, at: int) -> int | None:
    """The end of a letter (at `at`), or of a command and its braced arguments."""
    if command is None:
        return at + 1
    end: int | None = command.end()
    while end is not None and end < len(text) and text[end] == "{":
        end = _closing(text, end)
    return end


def _scripts_after(text: str, end: int) -> int:
    """The end of the sub- and superscripts after position `end`."""
    while True:
        m = re.match(r"\s*[_^]\s*(?:\{|\\[A-Za-z]+|[A-Za-z0-9])", text[end:])
        if m is None:
            return end
        if m.group(0).endswith("{"):
            close = _closing(text, end + m.end() - 1)
            if close is None:
                return end
            end = close
        else:
            end += m.end()


def _atom_before(text: str, at: int) -> _Atom | None:
    """The atom ending at `at` (found by reading the text forward from the boundary before it)."""
    start = _run_start(text, at)
    atoms, k = [], start
    while k < at:
        atom = _atom_after(text, k)
        if atom is None or atom.end > at:
            return None
        atoms.append(atom)
        k = atom.end
        while k < at and text[k].isspace():
            k += 1
    return atoms[-1] if atoms else None


def _run_start(text: str, at: int) -> int:
    """Where the product that ends at `at` starts: after the nearest boundary at the ellipsis's depth."""
    depth = 0
    for k in range(at - 1, -1, -1):
        ch = text[k]
        escaped = k > 0 and text[k - 1] == "\\"
        if ch in ")]}" and not escaped:
            depth += 1
        elif ch in "([{" and not escaped:
            if depth == 0:
                return k + 1
            depth -= 1
        elif depth == 0 and (_BOUNDARY.match(text, k) and not _in_command(text, k)):
            command = _COMMAND.match(text, k) if text[k] == "\\" else None
            return command.end() if command is not None else k + 1
    return 0


def _in_command(text: str, k: int) -> bool:
    """Whether position `k` lies inside a command's name (the `t` of `\\times`)."""
    m = re.search(r"\\[A-Za-z]*$", text[:k + 1])
    return m is not None and m.start() < k


def _closing(text: str, at: int) -> int | None:
    """The end (just after) of the bracket group opened at `at` (`(`, `[`, `{` or `\\left` and its delimiter)."""
    depth, k = 0, at
    while k < len(text):
        sized = _SIZED.match(text, k)
        if sized is not None:
            depth += 1 if sized.group(1) == "left" else -1
            k = sized.end()
            if depth == 0:
                return k
            continue
        ch = text[k]
        escaped = k > 0 and text[k - 1] == "\\"
        if ch in "([{" and not escaped:
            depth += 1
        elif ch in ")]}" and not escaped:
            depth -= 1
            if depth == 0:
                return k + 1
        k += 1
    return None


#: `\\left(` or `\\right\\}`: a sized bracket and its delimiter.
_SIZED = re.compile(r"\\(left|right)(?![A-Za-z])\s*(?:\\[A-Za-z]+|\\[{}|]|[()\[\]|.])")
