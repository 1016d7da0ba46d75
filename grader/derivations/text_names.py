r"""The author's names in words: `\text{Cross-Entropy Loss}`, `\mathrm{NLL}(\theta)`, `CrossEntropy(Y, y)`.

Authors name quantities in words and in multi-letter names.  A TA reads such a name as one name, as the author
wrote it:

- a name on the left of a line's first `=` (`\text{Cross-Entropy Loss} = \sum_i H_i / m`) is the
  author's definition of a quantity, as a letter's is (`definitions`): the lines after it use the name;
- a name that is one of the usual names of the problem's loss (cross entropy, NLL, negative log-likelihood,
  loss, cost, error) is read as that loss: the cross entropy E of a problem whose one scalar quantity is the
  cross entropy, the negative log-likelihood -log L of a problem whose likelihood is L (only the likelihood's
  own names there: "the cross-entropy loss" of a data set is its sum for one author and its mean for another).

Where a loss's name is defined on a line (`\text{NLL}(\theta) = -\sum_i \log p(c_i | x_i)`), the line is read
once, before any step is judged: what it says equal to the name is compared with the problem's loss.  Equal:
the name is the loss, and the line is a step that holds.  Equal to the loss divided by a count of the problem
(the mean over the samples, which many authors call by the same name): the author's own quantity, defined there.
Neither: the name is still read as the loss, so the wrong definition is charged like any wrong step (a sign slip
in a definition of the NLL is no free definition) -- except a name that as often names another quantity ("the
error" is also the backprop signal y - Y): that one is the loss only where a line defines it as the loss, and a
name written with a subscript (`\text{error}_i`) is never the problem's one loss.  What a line says that cannot be
evaluated leaves the name the author's own (a definition, not charged).

The phrases are words (letters, digits, spaces and hyphens; a first word that is not a connective of prose such
as "if", "for", "where"); one word in a text command (`\text{NLL}`) is read by the parser already and is
rewritten here only where it names the loss.  A bare word in capitals and small letters (`CrossEntropy`) is read
as one name, never as the product of its letters.  The rewriting is a text rewriting, as `letter_roles` makes:
the feedback says, on the first line that uses it, how a name was read.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sympy

from grader.derivations.author_notation import SCANNED_LINES
from grader.derivations.faults import value_or_fallback
from grader.derivations.letter_renaming import Likelihood
from grader.derivations.written_lines import parse_or_none
from grader.mathengine.equivalence import Checker
from grader.mathparse import Notation
from grader.results.i18n import define
from grader.results.models import DerivationLine, LinkResult, Message

define(
    {
        "text_names.loss": (
            "The name {names} is read as the problem's {target} on every line (a usual name of that quantity).",
            "名称 {names} 在每一行都读作题目中的 {target}（该量的常用名称）。",
        ),
    }
)

#: The text commands a name in words is set in.
_COMMANDS = r"\\(?:text|textrm|textnormal|textit|textsf|mathrm|mathit|mathsf|operatorname)\s*"

#: The words a phrase is made of: letters (and digits after the first), joined by spaces or hyphens.
_PHRASE = r"[A-Za-z][A-Za-z0-9]*(?:(?:\s+|\s*-\s*)[A-Za-z][A-Za-z0-9]*){0,4}"

#: A bare name in capitals and small letters (`CrossEntropy`, `LogLik`), not a command's name nor a font's argument.
_CAMEL = r"(?<![\\A-Za-z{])[A-Z][a-z]+(?:[A-Z][a-z]*)+(?![A-Za-z])"

#: A bare acronym of the loss written without a text command (`NLL`, `CE`): read only where it names the loss.
_ACRONYM = r"(?<![\\A-Za-z{_^])(?:NLL|CE|XENT)(?![A-Za-z])"

#: A phrase at any place: in a text command, a bare CamelCase word, a bare acronym.
_ANYWHERE = re.compile(rf"{_COMMANDS}\{{\s*(?P<phrase>{_PHRASE})\s*\}}|(?P<camel>{_CAMEL})|(?P<acronym>{_ACRONYM})")

#: An argument list right after a name (`(\theta)`, `(Y, y)`, `\left(w, b\right)`): names and separators, no operator.
_ARGUMENTS = re.compile(r"\s*(?:\\left\s*)?\((?:[^()+=]|\([^()]*\))*?(?:\\right\s*)?\)")

#: The head of a line: where the line's first relation `=` (or `:=`) comes after a name and its arguments.
_HEAD = re.compile(r"^\s*(?:\\boxed\s*\{\s*|&\s*)?(?P<name>" + _ANYWHERE.pattern + r")"
                   r"(?P<args>\s*(?:\\left\s*)?\((?:[^()=]|\([^()]*\))*(?:\\right\s*)?\))?\s*&?\s*(?::=|=|\\coloneqq|\\triangleq)")

#: A loss's letter marked with a name of the loss (`J_{\text{CE}}`, `\mathcal{L}_{\mathrm{NLL}}`, `L_{CE}`).
_MARKED_LETTER = re.compile(r"(?:\\mathcal\s*\{\s*L\s*\}|\\ell|(?<![A-Za-z\\])[LJEC])\s*_\s*\{\s*(?:" + _COMMANDS + r"\{\s*)?"
                            r"(?P<word>[A-Za-z]+(?:\s*-\s*[A-Za-z]+)?)\s*\}?\s*\}")

#: The first words of prose set in a text command (`\text{for all } i`, `\text{where } Z = ...`): never a name.
_PROSE_STARTS = frozenset({
    "if", "for", "where", "when", "with", "since", "because", "and", "or", "then", "so", "thus", "hence", "by", "as",
    "let", "note", "given", "otherwise", "else", "all", "each", "every", "is", "are", "we", "the", "of", "in", "on",
    "at", "to", "from", "using", "use", "apply", "applying", "see", "i", "e", "s", "t", "st", "wrt", "subject",
})

#: The usual names of a loss (the phrase with spaces, hyphens and case taken out).
_LOSS_WORDS = frozenset({
    "loss", "cost", "error", "ce", "celoss", "crossentropy", "crossentropyloss", "crossentropyerror", "crossentropycost",
    "xent", "logloss", "softmaxloss", "softmaxcrossentropy", "categoricalcrossentropy", "nll", "nllloss",
    "negativeloglikelihood", "negloglikelihood", "negativeloglik", "negloglik",
})

#: The loss's names that as often name another quantity: "the error" is also the backprop signal y - Y (the error
#: at the output).  Read as the loss only where a line defines the name as the loss itself; a definition that is
#: not the loss is the author's own quantity, and a use nothing defines is the author's too (never charged as the loss).
_AMBIGUOUS_WORDS = frozenset({"error"})

#: The names of the negative log-likelihood (the only names of the loss a likelihood problem reads).
_NLL_WORDS = frozenset({"nll", "nllloss", "negativeloglikelihood", "negloglikelihood", "negativeloglik", "negloglik"})

#: The last words that make a phrase of several words a name wherever it stands (`\text{Total Loss}`).
_NAME_ENDINGS = frozenset({"loss", "cost", "error", "entropy", "likelihood", "risk", "objective", "lik"})


#: A subscript or superscript opening just before a phrase.
_SCRIPT_BEFORE = re.compile(r"[_^]\s*\{?\s*$")

#: A subscript right after a phrase (`\text{error}_i`, `\text{Loss}_{\text{train}}`).
_SUBSCRIPT_AFTER = re.compile(r"\s*_")


def _compact(written: str) -> str:
    return re.sub(r"\s+", "", written)


def _words(phrase: str) -> list[str]:
    return [word for word in re.split(r"[\s\-]+", phrase.strip()) if word]


def _key(phrase: str) -> str:
    """A phrase as compared: its words joined, in small letters (`Cross-Entropy Loss` -> `crossentropyloss`)."""
    return "".join(_words(phrase)).lower()


def _name_of(phrase: str) -> str:
    """The one name a phrase is read as: its words joined, each capitalised (`Cross-Entropy Loss` -> `CrossEntropyLoss`)."""
    words = _words(phrase)
    if len(words) == 1:
        return words[0]
    return "".join(word[:1].upper() + word[1:] for word in words)


def _phrase(match: re.Match) -> tuple[str, bool] | None:
    """The phrase a match of `_ANYWHERE` writes and whether it is of several words (or CamelCase); None for prose."""
    if _SCRIPT_BEFORE.search(match.string, max(0, match.start() - 12), match.start()):
        return None  # `J_{\text{CE}}`, `\hat w_{\mathrm{MAP}}`: a mark on a letter, part of that letter's name
    if match.group("camel"):
        return match.group("camel"), True
    if match.group("acronym"):
        return match.group("acronym"), False
    phrase = match.group("phrase")
    words = _words(phrase)
    if not words or words[0].lower() in _PROSE_STARTS:
        return None
    return phrase, len(words) > 1


@dataclass(frozen=True)
class TextNameReading:
    """How the derivation's names in words are read: the author's own, or the problem's loss."""

    own: Mapping[str, str]
    """The phrases (as compared, `_key`) that name a quantity of the author's, read as one name each -> the argument
    list the line that defines it writes (`(\\theta)`; "" for none), which a bare use of the name is read with."""

    losses: Mapping[str, str]
    """The phrases read as the problem's loss -> the loss as LaTeX (`E`, `\\left(-\\log L(\\theta)\\right)`)."""

    target_name: str = ""
    """How the feedback names the loss (`E`, `-\\log L(\\theta)`)."""

    marked: frozenset[str] = frozenset()
    """The loss's letters marked with its name (`J_{\\text{CE}}`, spaces taken out) that no line defines: read as the loss."""

    target_latex: str = ""
    """The loss as LaTeX, which the marked letters are read as."""

    def rewritten(self, text: str) -> str:
        """`text` with every phrase this reading knows written as the name it is read as."""
        if self.marked:  # `J_{\text{CE}}(\theta)`: the loss, its argument list with it
            text = re.sub(_MARKED_LETTER.pattern + r"(?:" + _ARGUMENTS.pattern + r")?",
                          lambda m: f" {self.target_latex} " if _compact(m.group(0)).startswith(tuple(self.marked)) else m.group(0), text)
        if not self.own and not self.losses:
            return text
        out, end = [], 0
        for match in _ANYWHERE.finditer(text):
            found = _phrase(match)
            if found is None or match.start() < end:
                continue
            key = _key(found[0])
            if key in self.losses:
                arguments = _ARGUMENTS.match(text, match.end())
                out += [text[end:match.start()], f" {self.losses[key]} "]
                end = arguments.end() if arguments is not None else match.end()
            elif key in self.own:
                # `\text{NLL}` after `\text{NLL}(\theta) = ...`: the function at the arguments it was defined with
                bare = self.own[key] and _ARGUMENTS.match(text, match.end()) is None
                written = rf"\mathrm{{{_name_of(found[0])}}}" if found[1] or match.group("camel") else match.group(0)
                out += [text[end:match.start()], written + (self.own[key] if bare else "")]
                end = match.end()
        return "".join(out) + text[end:] if out else text

    def used(self, text: str) -> list[str]:
        """The phrases of `text` read as the problem's loss, as written."""
        found = [match.group(0).strip() for match in _ANYWHERE.finditer(text)
                 if (phrase := _phrase(match)) is not None and _key(phrase[0]) in self.losses]
        found += [match.group(0).strip() for match in _MARKED_LETTER.finditer(text) if _compact(match.group(0)) in self.marked]
        return list(dict.fromkeys(found))

    def noted(self, lines: Sequence[DerivationLine]) -> list[DerivationLine]:
        """The lines, the first that writes a name read as the loss saying so (a valid note before its links)."""
        lines = list(lines)
        everything = self.used(" ".join(line.source for line in lines))
        for number, line in enumerate(lines):
            if everything and self.used(line.source) and line.error is None:
                note = LinkResult(line.source, "", "", True, Message("text_names.loss", {"names": ", ".join(everything), "target": self.target_name}))
                lines[number] = DerivationLine(number=line.number, source=line.source, links=(note, *line.links), error=line.error)
                break
        return lines


def text_name_reading(sources: Sequence[Any], notation: Notation, checker: Checker, known: set[str],
                      likelihood: Likelihood | None) -> TextNameReading | None:
    """The derivation's names in words, read from its first lines; None where it writes none a TA would read."""
    texts = [source.text for source in sources[:SCANNED_LINES]]
    written, heads, arguments, subscripted = _phrases_written(texts)
    target, target_name, words = _loss_target(notation, checker, likelihood)
    counts = _sample_counts(checker, likelihood)
    taken = {name.lower() for name in known}
    own: dict[str, str] = {}
    losses: dict[str, str] = {}
    for key, several in written.items():
        if key in taken:
            continue  # a name the problem knows (`NLL` of a problem that defines it): the problem's
        if target and key in words and key not in subscripted and _read_as_loss(key, heads.get(key), target, counts, notation, checker):
            losses[key] = target
        elif (several and (key in heads or any(key.endswith(ending) for ending in _NAME_ENDINGS))) or (key in heads and key in _LOSS_WORDS):
            own[key] = arguments.get(key, "")
    marked = _marked_letters(texts, words, known) if target else frozenset()
    if not own and not losses and not marked:
        return None
    return TextNameReading(own, losses, target_name, marked, target)


def _marked_letters(texts: Sequence[str], words: frozenset[str], known: set[str]) -> frozenset[str]:
    """The loss's letters marked with a name of the loss that the lines write and no line defines (`J_{\\text{CE}} = ...`
    at a head: the author's own), nor the problem knows (`J_{CE}` of a problem that names its own losses so)."""
    written = {_compact(m.group(0)) for text in texts for m in _MARKED_LETTER.finditer(text) if _key(m.group("word")) in words}
    defined = {_compact(m.group(0)) for text in texts for m in [_MARKED_LETTER.match(text.strip())]
               if m is not None and re.match(r"\s*(?:\((?:[^()]|\([^()]*\))*\))?\s*&?\s*(?::=|=)", text.strip()[m.end():])}
    problem = {name.replace("_", "") for name in known if "_" in name}
    return frozenset(mark for mark in written - defined if re.sub(r"[^A-Za-z]", "", mark.replace("text", "").replace("mathrm", "")) not in problem)


def _read_as_loss(key: str, head: str | None, target: str, counts: tuple[Any, ...], notation: Notation, checker: Checker) -> bool:
    """Whether a usual name of the loss is read as the loss: where no line defines it, or its definition is the loss
    or a wrong one (charged); a name that as often names another quantity (`_AMBIGUOUS_WORDS`) only where its
    definition is the loss itself."""
    if key in _AMBIGUOUS_WORDS:
        return head is not None and _head_reading(head, target, counts, notation, checker) == "loss"
    return head is None or _head_reading(head, target, counts, notation, checker) in ("loss", "charged")


def _phrases_written(texts: Sequence[str]) -> tuple[dict[str, bool], dict[str, str], dict[str, str], set[str]]:
    """The phrases the lines write (as compared -> whether of several words), the first line that defines each one
    defined at a head, the argument list written after it there, and the phrases written with a subscript somewhere
    (`\\text{error}_i`: one of several quantities, never the problem's one loss)."""
    heads: dict[str, str] = {}
    arguments: dict[str, str] = {}
    written: dict[str, bool] = {}
    subscripted: set[str] = set()
    for text in texts:
        head = _HEAD.match(text)
        found = _phrase(_ANYWHERE.match(head.group("name"))) if head is not None else None  # type: ignore[arg-type]
        if head is not None and found is not None and _key(found[0]) not in heads:
            heads[_key(found[0])] = text
            arguments[_key(found[0])] = (head.group("args") or "").strip()
        for match in _ANYWHERE.finditer(text):
            found = _phrase(match)
            if found is not None:
                written[_key(found[0])] = written.get(_key(found[0]), False) or found[1] or bool(match.group("camel"))
                if _SUBSCRIPT_AFTER.match(text, match.end()):
                    subscripted.add(_key(found[0]))
    return written, heads, arguments, subscripted


def _loss_target(notation: Notation, checker: Checker, likelihood: Likelihood | None) -> tuple[str, str, frozenset[str]]:
    """The problem's loss as LaTeX, as the feedback names it, and the phrases that name it; empty where none.

    The loss is the problem's one scalar quantity whose definition takes a logarithm (the cross entropy E), or the
    negative log-likelihood of the problem's likelihood (named by its own names only)."""
    definitions = getattr(checker, "definitions", {}) or {}
    scalars = [name for name in notation.symbols if name in definitions and not definitions[name].params]
    if len(scalars) == 1 and isinstance(definitions[scalars[0]].body, sympy.Basic) and definitions[scalars[0]].body.has(sympy.log):
        return scalars[0], scalars[0], _LOSS_WORDS
    if likelihood is not None:
        return rf"\left(-\log {likelihood.call}\right)", rf"-\log {likelihood.call}", _NLL_WORDS
    return "", "", frozenset()


def _sample_counts(checker: Checker, likelihood: Likelihood | None) -> tuple[Any, ...]:
    """The count a mean of the loss divides by: the bound of the likelihood's product over the samples (n); none
    where the problem has no likelihood (a loss of one sample: its sum over the classes has no mean)."""
    definition = (getattr(checker, "definitions", {}) or {}).get(likelihood.name) if likelihood is not None else None
    body = getattr(definition, "body", None)
    if not isinstance(body, sympy.Product):
        return ()
    upper = body.limits[-1][2]  # the outermost product: over the samples
    return (sympy.Symbol(str(upper)),) if isinstance(upper, sympy.Symbol) else ()


def _head_reading(line: str, target: str, counts: tuple[Any, ...], notation: Notation, checker: Checker) -> str:
    """How a line that defines a name of the loss is read: "loss" where what it says equal to the name is the loss,
    "charged" where it is not (a wrong definition), "own" where it is the loss over a count (the author's mean) or
    cannot be evaluated."""
    head = _HEAD.match(line)
    if head is None:
        return "own"
    rest = line[head.end("args") if head.group("args") else head.end("name"):]
    if re.match(r"^\s*\\boxed", line):  # `\boxed{NAME = ...}`: the box's closing brace goes with it
        rest = re.sub(r"\}\s*$", "", rest)
    as_loss = target + rest
    parsed = value_or_fallback(lambda: parse_or_none(as_loss, notation), None, "a loss's name could not be read: %r", line[:300])
    if parsed is None or parsed.leading_relation is not None or len(parsed.terms) < 2:
        return "own"
    loss, charged = parsed.terms[0], False
    for side, relation in zip(parsed.terms[1:], parsed.relations):
        if relation != "=" or not isinstance(side, sympy.Basic):
            break
        verdict = _holds(checker, loss, side)
        if verdict:
            return "loss"
        if verdict is False:
            if any(_holds(checker, loss / count, side) for count in counts):
                return "own"
            charged = True
    return "charged" if charged else "own"


def _holds(checker: Checker, left: Any, right: Any) -> bool | None:
    """Whether `left = right` at the problem's points (None: undecided, or a fault of ours, logged)."""
    def compared() -> bool | None:
        return checker.same_values(left, right).holds
    return value_or_fallback(compared, None, "a name of the loss could not be compared with the loss")
