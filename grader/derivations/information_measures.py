r"""General identities of information theory, stated for any distributions before the derivation.

Authors of a cross-entropy derivation first recall the definitions they build on, in letters of their own for
generic distributions: `H(X) = -\sum p(x)\log p(x)`, `H(p,q) = -\sum_x p(x)\log q(x)`, `D_{KL}(p||q) = H(p,q) - H(p)
= \sum p(x)\log\frac{p(x)}{q(x)}`, `D_{KL}(\hat P_{data} \| p_{model}) = \mathbb E_{x\sim\hat p_{data}}[\log \hat
p_{data} - \log p_{model}]`, `H(p,\hat p) = -\mathbb E_{x\sim p}[\log\hat p(x)]`.  These are not steps about the
problem's quantities: a careful TA reads them as statements about ANY distributions p, q and checks that they hold
(a definition restated rightly is fine, an identity between the measures is a valid step, a dropped minus or a
swapped difference is a wrong one).

This reader takes such a line apart with a small grammar of its own (nothing of the text is evaluated): every side
is a sum of multiples of

- the entropy `H(p)` (also of a random variable, `H(X)`, where the line names exactly one distribution), the cross
  entropy `H(p, q)`, the divergence `D_{KL}(p \| q)` (`||`, `\|`, `\parallel`, `KL`, `D_{\mathrm{KL}}`);
- a sum over outcomes `\sum_x p(x) \log q(x)` (limits left out or written `_x`), `\log \frac{p(x)}{q(x)}`;
- an expectation `\mathbb E_{x \sim p}[\log q(x) - \log r(x)]` (brackets may be left out for one log);

where every distribution inside a sum or an expectation is taken at its own outcome letter (`_x`, `x \sim p`, or the
first one written), or all of them are written bare (`\sum p \log q`, a shorthand): a term at another letter
(`\sum_x p(x) \log q(z)`) does not depend on the outcome summed and is not that measure, so the line is not read;

and each of these is a combination of the basic terms C(a, b) = Σ_x a(x) log b(x): H(p) = -C(p,p), H(p,q) = -C(p,q),
D_KL(p‖q) = C(p,p) - C(p,q).  Two sides are the same function of the distributions exactly when their
combinations agree (the C(a, b) of distinct pairs are independent functions of the distributions), so the check is
exact; where it fails, distributions are drawn on three outcomes to show the two values.  An inequality between such
sides (`D_{KL}(p \\| q) \\geq 0`, `H(p, q) \\ge H(p)`) is tried at many distributions drawn (a fixed seed), and charged
at the first where it fails; a strict one (`>`) also where the distributions are equal (Gibbs' inequality is `≥`,
an equality at p = q), and is never taken as proven (a point mass can make it an equality).

Only a line that names an information measure or an expectation over a distribution (`\sim`) is read here, and
only where every side reads completely; anything else (the problem's own sums, `\sum_k Y_k \log y_k`) is left to
the derivation's checker.  A line starting with `=` right after such a line continues its last side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from grader.derivations.line_state import LineState
from grader.results.i18n import define
from grader.results.models import Counterexample, DerivationLine, LinkResult, Message

__all__ = ["InformationLine", "information_line", "information_line_recorded"]

define(
    {
        "information_measures.holds": (
            ("Valid: a general statement of information theory, for any distributions {names} (read with "
             "H(p) = -Σ p log p, H(p, q) = -Σ p log q, D_KL(p‖q) = Σ p log(p/q)); it holds."),
            ("成立：对任意分布 {names} 的信息论一般命题（按 H(p) = -Σ p log p、H(p, q) = -Σ p log q、"
             "D_KL(p‖q) = Σ p log(p/q) 理解）；它成立。"),
        ),
        "information_measures.other_letters": (
            ("This could not be checked: read as a general statement of information theory, its two sides name "
             "different distributions ({names})."),
            "无法检查：作为信息论的一般命题，两边使用了不同的分布（{names}）。",
        ),
        "information_measures.strict_unproven": (
            ("This could not be checked: read as a general statement for any distributions {names}, a strict "
             "inequality between these measures can turn into an equality where a distribution puts all its weight "
             "on one outcome; it is not taken as proven (the non-strict one, ≥ or ≤, is the usual statement)."),
            ("无法检查：作为对任意分布 {names} 的一般命题，当某个分布把全部概率放在一个结果上时，这些量之间的严格不等式"
             "可能变成等式；因此不视为已证明（通常的命题是非严格的 ≥ 或 ≤）。"),
        ),
        "information_measures.fails": (
            ("Not valid: read as a general statement for any distributions {names} (H(p) = -Σ p log p, "
             "H(p, q) = -Σ p log q, D_KL(p‖q) = Σ p log(p/q)), the two sides differ for the distributions shown."),
            ("不成立：作为对任意分布 {names} 的一般命题（H(p) = -Σ p log p、H(p, q) = -Σ p log q、"
             "D_KL(p‖q) = Σ p log(p/q)），两边在所示分布下不相等。"),
        ),
    }
)

MAX_CHARS = 600
"""Longest line read here (a definition of a measure is short)."""
OUTCOMES = 3
"""Outcomes of the distributions drawn for a counterexample."""
MAX_DEPTH = 8
"""Brackets read inside one another (a statement of this kind nests two or three)."""
DRAWS = 64
"""Draws of the distributions an inequality is tried at."""

Combination = dict[tuple[str, str], Fraction]
"""A side as a combination of the basic terms C(a, b) = Σ_x a(x) log b(x), keyed by the distributions' names."""


@dataclass(frozen=True)
class InformationLine:
    """A line read as general identities of distributions."""

    links: tuple[LinkResult, ...]
    """One judged link per `=` (the first one against the continued side where the line starts with `=`)."""

    last_side: Combination
    """The line's last side, which a next line starting with `=` continues."""


class _NotRead(Exception):
    """The text is not an information identity this grammar reads."""


_DROPPED = re.compile(
    r"\\(?:left|right|big|Big|bigg|Bigg|bigl|bigr|Bigl|Bigr|displaystyle|limits|nolimits)(?![A-Za-z])|\\[,;:! ]|\\quad|\\qquad|&"
    r"|\\tag\*?\s*\{[^{}]*\}|\\(?:mathbf|boldsymbol|bm|mathsf|mathit|mathrm|rm|text|operatorname|textrm)(?![A-Za-z])")
_LOG = re.compile(r"\\(?:log|ln)(?![A-Za-z])")
_KL = re.compile(r"D\s*_\s*\{\s*\{?\s*KL\s*\}?\s*\}|D\s*_\s*KL|\\KL(?![A-Za-z])|(?<![A-Za-z])KL(?=\s*\()")
_EXPECTATION = re.compile(r"\\mathbb\s*\{\s*E\s*\}|\\mathbb\s+E|\\E(?![A-Za-z])")
_SEPARATOR = re.compile(r"\\\||\|\||\\parallel(?![A-Za-z])|\\Vert(?![A-Za-z])")
_TRAILING = re.compile(r"[\s.,;]+$")
_TOKEN = re.compile(r"\\[A-Za-z]+|[A-Za-z]|\d+|\S")
#: The relations read (as the tokens spell them) and their names in a link.
_RELATIONS = {"=": "=", "\\geq": ">=", "\\ge": ">=", "\\geqslant": ">=", "\\leq": "<=", "\\le": "<=", "\\leqslant": "<=",
              ">": ">", "<": "<", "≥": ">=", "≤": "<="}
_RELATION_WRITTEN = re.compile(r"=|≥|≤|\\geq(?:slant)?(?![A-Za-z])|\\ge(?![A-Za-z])|\\leq(?:slant)?(?![A-Za-z])|\\le(?![A-Za-z])|[<>]")
_COMPARISONS = {"=": lambda d: abs(d) <= 1e-9, ">=": lambda d: d >= -1e-9, "<=": lambda d: d <= 1e-9,
                ">": lambda d: d > 1e-9, "<": lambda d: d < -1e-9}
_DECORATIONS = ("\\hat", "\\tilde", "\\bar", "\\widehat", "\\widetilde", "\\overline")
#: The letters a distribution is written with (the measures' heads H and D are read apart).
_DISTRIBUTION_LETTERS = frozenset("pqrPQR")


def information_line_recorded(state: LineState, source: Any) -> bool:
    """Whether the line `source` is a general identity of distributions: if so its links are recorded (it computes
    nothing of the problem's, so a next `= ...` continues it alone, and no later step continues from it)."""
    read = information_line(source.text, state.information_side)
    state.information_side = None if read is None else read.last_side
    if read is None:
        return False
    state.lines.append(DerivationLine(number=source.number, source=source.text, links=read.links))
    state.previous_terms = state.previous_segment = None
    return True


def information_line(text: str, continued: Combination | None) -> InformationLine | None:
    """`text` judged as general identities of distributions; None where it is not one this reader takes (`continued`:
    the last side of the information line just before, which a line starting with `=` continues)."""
    if len(text) > MAX_CHARS or _RELATION_WRITTEN.search(text) is None:
        return None
    tokens = _tokens(text)
    if tokens is None or not _names_a_measure(tokens, continued):
        return None
    try:
        sides, relations = _Reader(tokens).line()
    except (_NotRead, IndexError):
        return None
    sources = _written_sides(text, len(sides))
    if sides[0] is None:
        if continued is None:
            return None
        sides[0], sources[0] = continued, "…"
    if any(side is None for side in sides) or len(sides) < 2:
        return None
    resolved = _random_variables_bound([side for side in sides if side is not None])
    if resolved is None:
        return None
    links = tuple(_link(sources[k], relations[k], sources[k + 1], resolved[k], resolved[k + 1]) for k in range(len(resolved) - 1))
    return InformationLine(links, resolved[-1])


def _written_sides(text: str, count: int) -> list[str]:
    """The line's sides as written, split at its relations outside brackets (the whole line for each side where
    the split does not give `count` of them)."""
    sides, depth, at, k = [], 0, 0, 0
    while k < len(text):
        if text[k] in "({[":
            depth += 1
        elif text[k] in ")}]":
            depth -= 1
        elif depth == 0 and (match := _RELATION_WRITTEN.match(text, k)) is not None:
            sides.append(text[at:k].strip())
            at = k = match.end()
            continue
        k += 1
    sides.append(text[at:].strip())
    return sides if len(sides) == count else [text.strip()] * count


def _tokens(text: str) -> list[str] | None:
    """The line's tokens, with the spellings of log, KL, the expectation and the divergence's bar made one token
    each (`LOG`, `KL`, `EXP`, `SEP`: written as commands no author types, so that no letters run into them)."""
    if "\\INFO" in text:
        return None  # the author typed one of the marks: nothing read here
    text = _TRAILING.sub("", _DROPPED.sub(" ", text))
    text = _KL.sub(r" \\INFOKL ", _EXPECTATION.sub(r" \\INFOEXP ", _LOG.sub(r" \\INFOLOG ", _SEPARATOR.sub(r" \\INFOSEP ", text))))
    text = re.sub(r"(?<![A-Za-z\\])(?:log|ln)", r" \\INFOLOG ", text)  # `log(q(x))`, `logq(x)`: log typed as letters
    return [_WORDS.get(token, token) for token in _TOKEN.findall(text)]


_WORDS = {"\\INFOLOG": "LOG", "\\INFOKL": "KL", "\\INFOEXP": "EXP", "\\INFOSEP": "SEP"}


def _names_a_measure(tokens: list[str], continued: Combination | None) -> bool:
    """Whether the line names an information measure (`H(p`, `KL`) or an expectation over a distribution (`\\sim`),
    or continues an information line."""
    if continued is not None and tokens and tokens[0] == "=":
        return True
    heads = any(tokens[k] == "H" and tokens[k + 1] == "(" for k in range(len(tokens) - 1))
    return heads or "KL" in tokens or ("EXP" in tokens and "\\sim" in tokens)


class _Reader:
    """A recursive-descent reader over the tokens of one line."""

    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.at = 0
        self.summing = False
        """Whether the reader is inside a sum over outcomes (where `p_k` is p at outcome k)."""
        self.outcome: str | None = None
        """The outcome's letter of the sum or expectation being read (`_x`, `x \\sim p`, else the first written):
        every distribution in it is taken at that letter, or the term is not a function of the outcome summed."""
        self.forms: set[str] = set()
        """How the distributions of that sum or expectation are written: `at` an outcome (`p(x)`, `p_k`) or `bare`
        (`\\sum p \\log q`, a shorthand); a mix (`\\sum_x p(x) \\log q`) is not read."""
        self.binds = 0
        """Outcomes written so far (a distribution that adds none is written bare)."""
        self.depth = 0
        """Brackets open around the side being read."""

    def peek(self, ahead: int = 0) -> str | None:
        k = self.at + ahead
        return self.tokens[k] if k < len(self.tokens) else None

    def take(self, expected: str | None = None) -> str:
        token = self.peek()
        if token is None or (expected is not None and token != expected):
            raise _NotRead
        self.at += 1
        return token

    def line(self) -> tuple[list[Combination | None], list[str]]:
        """The sides between the line's relations (None for the empty first side of a continued line), and the
        relations (`=`, `>=`, `<=`, `>`, `<`)."""
        sides: list[Combination | None] = []
        relations: list[str] = []
        while True:
            sides.append(None if self.peek() in (*_RELATIONS, None) else self.side())
            if self.peek() is None:
                return sides, relations
            relation = self.take()
            if relation not in _RELATIONS:
                raise _NotRead
            relations.append(_RELATIONS[relation])

    def side(self) -> Combination:
        total: Combination = {}
        sign = 1
        if self.peek() in ("+", "-"):
            sign = -1 if self.take() == "-" else 1
        while True:
            _add(total, self.term(), sign)
            if self.peek() not in ("+", "-"):
                return total
            sign = -1 if self.take() == "-" else 1

    def term(self) -> Combination:
        coefficient = Fraction(1)
        if self.peek() is not None and self.peek().isdigit():  # type: ignore[union-attr]
            coefficient = Fraction(int(self.take()))
            if coefficient == 0 and self.peek() in (*_RELATIONS, "+", "-", None):
                return {}  # the 0 of `D_{KL}(p || q) >= 0`
            if self.peek() == "\\cdot":
                self.take()
        value = self.factor()
        return {pair: coefficient * c for pair, c in value.items()}

    def factor(self) -> Combination:
        token = self.peek()
        if token == "KL":
            self.take()
            self.take("(")
            first = self.distribution()
            if self.take() not in ("SEP", ","):
                raise _NotRead
            second = self.distribution()
            self.take(")")
            return {(first, first): Fraction(1), (first, second): Fraction(-1)}
        if token == "H" and self.peek(1) == "(":
            return self.entropy()
        if token == "\\sum":
            return self.total()
        if token == "EXP":
            return self.expectation()
        if token in ("(", "{"):
            closer = ")" if self.take() == "(" else "}"
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise _NotRead  # brackets in brackets beyond any statement of this kind: not read (and no deep recursion)
            inner = self.side()
            self.depth -= 1
            self.take(closer)
            return inner
        raise _NotRead

    def entropy(self) -> Combination:
        """`H(p)`, `H(X)` (the random variable's distribution, bound later), `H(p, q)` (the cross entropy)."""
        self.take("H")
        self.take("(")
        first = self.distribution(variable=True)
        if self.peek() == ",":
            self.take()
            second = self.distribution()
            self.take(")")
            if first.startswith("?"):
                raise _NotRead  # `H(X, Y)`: a joint entropy, not read here
            return {(first, second): Fraction(-1)}
        self.take(")")
        return {(first, first): Fraction(-1)}

    def total(self) -> Combination:
        """`\\sum_x p(x) \\log q(x)`, `\\sum p \\log \\frac{p}{q}` (limits left out, or the outcome's letter)."""
        self.take("\\sum")
        self.open_outcome(None)
        if self.peek() == "_":
            self.take()
            self.outcome = self.summed_letter()
        self.summing = True
        if self.peek() in ("(", "{") and self._summand_in_brackets():
            closer = ")" if self.take() == "(" else "}"
            value = self.summand()
            self.take(closer)
        else:
            value = self.summand()
        self.summing = False
        self.close_outcome()
        return value

    def summed_letter(self) -> str:
        """The letter under a sum (`_x`, `_{k}`, `_{x \\in \\mathcal X}`); anything else (limits) is not read."""
        tokens = [self.take()] if self.peek() != "{" else self.group_tokens()
        if not tokens or not re.fullmatch(r"[a-zA-Z]", tokens[0]) or (len(tokens) > 1 and tokens[1] != "\\in"):
            raise _NotRead
        return tokens[0]

    def bind(self, letter: str) -> None:
        """`letter` written as the outcome of a distribution: the sum's (or expectation's) own letter, or the term
        does not depend on the outcome summed (`\\sum_x p(x) \\log q(z)`) and the line is not read here."""
        if self.outcome is None:
            self.outcome = letter
        elif letter != self.outcome:
            raise _NotRead
        self.forms.add("at")
        self.binds += 1

    def open_outcome(self, letter: str | None) -> None:
        self.outcome, self.forms = letter, set()

    def close_outcome(self) -> None:
        """The end of a sum or expectation: its distributions all at the outcome, or all bare (else not read)."""
        if len(self.forms) > 1:
            raise _NotRead
        self.open_outcome(None)

    def _summand_in_brackets(self) -> bool:
        """Whether a bracket after `\\sum` holds the whole summand (`\\sum (p(x) \\log q(x))`)."""
        return self.peek(1) in _DISTRIBUTION_LETTERS or self.peek(1) in _DECORATIONS

    def summand(self) -> Combination:
        weight = self.distribution_at()
        if self.peek() == "\\cdot":
            self.take()
        self.take("LOG")
        return self.logarithm(weight)

    def expectation(self) -> Combination:
        """`\\mathbb E_{x \\sim p}[\\log q(x) - \\log r(x)]`, or one log without brackets."""
        self.take("EXP")
        self.take("_")
        self.take("{")
        self.open_outcome(self.variable())
        self.take("\\sim")
        weight = self.distribution()
        self.take("}")
        if self.peek() in ("[", "("):
            closer = "]" if self.take() == "[" else ")"
            total: Combination = {}
            sign = -1 if self.peek() == "-" else 1
            if self.peek() in ("+", "-"):
                self.take()
            while True:
                self.take("LOG")
                _add(total, self.logarithm(weight), sign)
                if self.peek() not in ("+", "-"):
                    break
                sign = -1 if self.take() == "-" else 1
            self.take(closer)
            self.close_outcome()
            return total
        self.take("LOG")
        value = self.logarithm(weight)
        self.close_outcome()
        return value

    def logarithm(self, weight: str) -> Combination:
        """What follows a log: `q(x)`, `(q(x))`, `\\frac{p(x)}{q(x)}`, `(\\frac{p}{q})`."""
        if self.peek() == "(" and self.peek(1) in ("\\frac", "("):
            self.take("(")
            value = self.logarithm(weight)
            self.take(")")
            return value
        if self.peek() == "\\frac":
            self.take()
            self.take("{")
            top = self.distribution_at()
            self.take("}")
            self.take("{")
            bottom = self.distribution_at()
            self.take("}")
            return {(weight, top): Fraction(1), (weight, bottom): Fraction(-1)} if top != bottom else {}
        if self.peek() == "(":
            self.take()
            inner = self.distribution_at()
            self.take(")")
            return {(weight, inner): Fraction(1)}
        return {(weight, self.distribution_at()): Fraction(1)}

    def distribution_at(self) -> str:
        """A distribution, with its outcome if written (`p(x)`, `\\hat p(\\mathbf x)`, `p_{model}`)."""
        binds = self.binds
        name = self.distribution()
        if self.peek() == "(" and self._outcome_follows():
            self.take("(")
            self.bind(self.variable())
            self.take(")")
        elif self.binds == binds:  # no argument, and not `p_k` at the sum's letter either: written bare
            self.forms.add("bare")
        return name

    def _outcome_follows(self) -> bool:
        k = 1
        while self.peek(k) == "{":
            k += 1
        return self.peek(k) is not None and bool(re.fullmatch(r"[a-zA-Z]", self.peek(k) or "")) and self.peek(k + 1) in (")", "}")

    def variable(self) -> str:
        """An outcome's letter, in as many braces as a font left (`{{x}}`)."""
        opened = 0
        while self.peek() == "{":
            self.take()
            opened += 1
        letter = self.take()
        if not re.fullmatch(r"[a-zA-Z]", letter):
            raise _NotRead
        for _ in range(opened):
            self.take("}")
        return letter

    def distribution(self, variable: bool = False) -> str:
        """A distribution's name (`p`, `\\hat{p}`, `q_\\theta`, `p_{model}`, `\\hat P_{data}`); with `variable`, an
        upper-case random variable (`H(X)`) as `?X`, bound to the line's distribution afterwards."""
        decoration = ""
        if self.peek() in _DECORATIONS:
            decoration = self.take().lstrip("\\").replace("wide", "").replace("overline", "bar")
            letter = self.group_or_token()
        else:
            letter = self.take()
        if letter not in _DISTRIBUTION_LETTERS:
            if variable and not decoration and re.fullmatch(r"[A-Z]", letter) and self.peek() in (")", ","):
                return "?" + letter
            raise _NotRead
        subscript = ""
        if self.peek() == "_":
            self.take()
            subscript = self.group_or_token()
        if len(subscript) > 1 and subscript.isalpha():  # `\hat P_{data}`, `\hat p_{data}`: the data's, whatever the case
            letter = letter.lower()
        if self.summing and len(subscript) == 1 and subscript.isalpha() and not self._at_outcome():
            self.bind(subscript)  # `\sum_k p_k \log q_k`: p at outcome k (`p_d(x)`: the distribution p_d at x)
            subscript = ""
        return f"{decoration} {letter}_{subscript}".strip()

    def _at_outcome(self) -> bool:
        return self.peek() == "(" and self._outcome_follows()

    def group_or_token(self) -> str:
        """A braced group's tokens joined (nested braces dropped), or one token."""
        if self.peek() != "{":
            return self.take()
        return "".join(self.group_tokens())

    def group_tokens(self) -> list[str]:
        """A braced group's tokens (nested braces dropped)."""
        self.take("{")
        depth, parts = 1, list[str]()
        while True:
            token = self.take()
            if token == "{":
                depth += 1
            elif token == "}":
                depth -= 1
                if depth == 0:
                    return parts
            else:  # `_{x \in \mathcal X}` too: the sum's outcomes named, nothing more
                parts.append(token)


def _add(total: Combination, value: Combination, sign: int) -> None:
    for pair, coefficient in value.items():
        total[pair] = total.get(pair, Fraction(0)) + sign * coefficient


def _random_variables_bound(sides: list[Combination]) -> list[Combination] | None:
    """`H(X)` read as the entropy of the one distribution the line names (None where it names none or several)."""
    names = {name for side in sides for pair in side for name in pair}
    variables = {name for name in names if name.startswith("?")}
    if not variables:
        return sides
    distributions = names - variables
    if len(variables) != 1 or len(distributions) != 1:
        return None
    (variable,), (distribution,) = variables, distributions
    bound = []
    for side in sides:
        renamed: Combination = {}
        for (a, b), coefficient in side.items():
            _add(renamed, {(distribution if a == variable else a, distribution if b == variable else b): coefficient}, 1)
        bound.append(renamed)
    return bound


def _cleaned(side: Combination) -> Combination:
    return {pair: coefficient for pair, coefficient in side.items() if coefficient != 0}


def _link(left_source: str, relation: str, right_source: str, left: Combination, right: Combination) -> LinkResult:
    """The link between two sides: an equality valid where their combinations agree, an inequality where it holds
    at every distribution drawn; else charged with distributions where it fails."""
    names = sorted({name for side in (left, right) for pair in side for name in pair})
    shown = ", ".join(_shown(name) for name in names)
    written = [{name for pair in _cleaned(side) for name in pair} for side in (left, right)]
    if written[0] and written[1] and not written[0] & written[1]:  # `H(p) = -\sum_i r_i \log r_i`: no common letter
        return LinkResult(left_source, relation, right_source, None, Message("information_measures.other_letters", {"names": shown}))
    failing = _failing_draw(names, left, relation, right)
    if failing is None and relation in (">", "<"):
        failing = _failing_where_equal(names, left, relation, right)
        if failing is None:  # strict at every draw and where the distributions agree: still not everywhere (point masses)
            return LinkResult(left_source, relation, right_source, None, Message("information_measures.strict_unproven", {"names": shown}))
    if failing is None:
        return LinkResult(left_source, relation, right_source, True, Message("information_measures.holds", {"names": shown}))
    return LinkResult(left_source, relation, right_source, False, Message("information_measures.fails", {"names": shown}), failing)


def _failing_draw(names: list[str], left: Combination, relation: str, right: Combination) -> Counterexample | None:
    """Distributions on `OUTCOMES` outcomes (drawn with a fixed seed) where the relation fails; None where it holds
    (an equality exactly, its combinations being the same; an inequality at every one of `DRAWS` draws)."""
    if relation == "=" and _cleaned(left) == _cleaned(right):
        return None
    generator = np.random.default_rng(2026)
    for _ in range(DRAWS):
        drawn = {name: generator.dirichlet(np.full(OUTCOMES, 0.7)) for name in names}
        a, b = _value(left, drawn), _value(right, drawn)
        if not _COMPARISONS[relation](a - b):
            point = {_shown(name): "(" + ", ".join(f"{v:.3g}" for v in drawn[name]) + ")" for name in names}
            return Counterexample(point, f"{a:.6g}", f"{b:.6g}")
    if relation == "=":  # combinations that differ cannot agree at every draw (the terms are independent): a fault
        raise ValueError("an identity that differs as combinations agreed at every draw")
    return None


def _failing_where_equal(names: list[str], left: Combination, relation: str, right: Combination) -> Counterexample | None:
    """Every distribution the same one (where D_KL(p‖q) = 0 and H(p, q) = H(p)): the point where a strict inequality
    between the measures fails though it holds at every draw (Gibbs' inequality is `≥`, equal exactly at p = q)."""
    shared = np.random.default_rng(2026).dirichlet(np.full(OUTCOMES, 0.7))
    drawn = dict.fromkeys(names, shared)
    a, b = _value(left, drawn), _value(right, drawn)
    if _COMPARISONS[relation](a - b):
        return None
    written = "(" + ", ".join(f"{v:.3g}" for v in shared) + ")"
    return Counterexample({_shown(name): written for name in names}, f"{a:.6g}", f"{b:.6g}")


def _value(side: Combination, drawn: dict[str, np.ndarray]) -> float:
    return float(sum(float(c) * float(np.sum(drawn[a] * np.log(drawn[b]))) for (a, b), c in side.items()))


def _shown(name: str) -> str:
    """`hat p_data` as `\\hat p_{data}`, `q_` as `q`."""
    decoration, _, rest = name.rpartition(" ")
    letter, _, subscript = rest.partition("_")
    written = f"{letter}_{{{subscript}}}" if subscript else letter
    return f"\\{decoration} {written}" if decoration else written
