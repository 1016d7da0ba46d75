r"""A density the author does not name: `L(w, b) = \prod_{i=1}^{n} f(x_i)`, `\mathcal{L} = \prod_i p(x_i)`.

Authors state the likelihood as the product over the samples of "the density" before they write it out: a letter
used as a function of each sample, which no line defines and the problem does not know.  A TA reads such a line as
the author's announcement of what comes next, a remark: there is nothing to check in it (the density is the model's
only once the next line writes it), and it costs nothing.  Never "f has no value": the line is not a step.

Only where the line is one equality whose one side is that product and nothing else, the other side is the
likelihood itself (the problem's likelihood or `L`, `\mathcal{L}`, a density or probability of the data `p(...)`,
`P(...)`, `p_X(...)`, `\text{Likelihood}`: never its logarithm, a derivative, or another quantity, for which the
product would be a wrong step), the letter is one the derivation never defines (`f(x) = ...`, `f = ...`) and the
problem does not know, and its argument is written with the product's index (the sample's own data).  Where the
letter has a value (the author defined it), the line is checked as any other.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet

from grader.derivations.letter_renaming import Likelihood
from grader.mathengine.equivalence import Verdict
from grader.results.i18n import define
from grader.results.models import Message

define(
    {
        "derivation.unnamed_density": (
            ("The likelihood as the product of a density the derivation does not name ({letter}): an announcement of "
             "what follows, not a step; not checked, and it costs nothing."),
            "似然写成推导中未命名的密度（{letter}）之积：这是对下文的说明，不是推导步骤；不检查，也不扣分。",
        ),
    }
)

#: `= \prod_{i=1}^{n} f(x_i)` closing the line: the index, the letter (with a subscript of letters: `p_X`), the argument.
_DENSITY_PRODUCT = re.compile(
    r"=\s*\\prod\s*_\s*\{?\s*(?P<index>[a-z])\s*(?:=[^{}^]*)?\}?\s*(?:\^\s*(?:\{[^{}]*\}|\w))?\s*"
    r"(?P<letter>[A-Za-z])(?:_\s*\{?[A-Za-z]\}?)?\s*(?:\\left\s*)?\((?P<argument>[^()=]*)(?:\\right\s*)?\)\s*[.,]?\s*$")


#: The name of the likelihood on the left of the line: a letter (with a subscript of letters: `p_X`), `\mathcal{L}`,
#: or the word in a text command; its argument list (if any) is checked apart.
_LIKELIHOOD_NAME = re.compile(r"^\s*(?:&\s*)?(?:(?P<letter>[A-Za-z])(?P<subscript>_\s*(?:\{\s*[A-Za-z]+\s*\}|[A-Za-z]))?"
                              r"|(?P<calligraphic>\\mathcal\s*(?:\{\s*L\s*\}|L))"
                              r"|\\(?:text|textrm|mathrm|operatorname)\s*\{\s*(?:[Ll]ikelihood|[Ll]ik)\s*\})\s*")

#: The letters that name the likelihood or a density or probability of the data, where the problem gives them no
#: other meaning (`p`, `P` only called: alone they are a number).
_LIKELIHOOD_LETTERS = frozenset({"L"})
_DENSITY_LETTERS = frozenset({"p", "P"})


def _likelihood_side(left: str, named: AbstractSet[str], likelihood: Likelihood | None) -> bool:
    """Whether `left` (the text before the line's `=`) is the likelihood itself: its name, alone or called with one
    argument list that closes the side."""
    match = _LIKELIHOOD_NAME.match(left)
    if match is None:
        return False
    rest = re.sub(r"\\(?:left|right|big|Big|bigg|Bigg)(?![A-Za-z])", "", left[match.end():]).strip().rstrip("&").strip()
    called = bool(rest)
    if called and not _one_group(rest):
        return False
    letter = match.group("letter")
    if letter is None:  # `\mathcal{L}` (where the problem gives it no meaning of its own), `\text{Likelihood}`
        return match.group("calligraphic") is None or "Lcal" not in named or (likelihood is not None and likelihood.name == "Lcal")
    if match.group("subscript"):  # `p_X(x_1, ..., x_n)`: the data's density; a subscripted L is one of several
        return letter in _DENSITY_LETTERS and called
    if (likelihood is not None and letter == likelihood.name) or (letter in _LIKELIHOOD_LETTERS and letter not in named):
        return True
    return letter in _DENSITY_LETTERS and called


def _one_group(text: str) -> bool:
    """Whether `text` is one parenthesised group, `(` first and its closing `)` last."""
    if not text.startswith("("):
        return False
    depth = 0
    for position, character in enumerate(text):
        depth += {"(": 1, ")": -1}.get(character, 0)
        if depth == 0:
            return position == len(text) - 1
    return False


def unnamed_density_verdict(text: str, named: AbstractSet[str], verdict: Verdict, likelihood: Likelihood | None = None) -> Verdict | None:
    """The remark of a line that states the likelihood as the product of a density nobody names; None otherwise
    (and where the link could be decided: a letter with a value is checked; where the other side is not the
    likelihood, the line is a step as any other)."""
    if verdict.holds is not None or re.sub(r"_\s*\{[^{}]*\}", "", text).count("=") != 1:  # one equality (a limit's `=` aside)
        return None
    match = _DENSITY_PRODUCT.search(text)
    if match is None or match.group("letter") in named or not _likelihood_side(text[:match.start()], named, likelihood):
        return None
    index = match.group("index")
    if re.search(rf"(?<![A-Za-z\\])[A-Za-z]\s*_\s*\{{?\s*\(?\s*{index}\s*\)?\s*\}}?|\^\s*\{{\s*\(\s*{index}\s*\)\s*\}}", match.group("argument")) is None:
        return None  # the argument is not the sample's own (`f(w)`): not a density of the samples
    return Verdict(None, Message("derivation.unnamed_density", {"letter": match.group("letter")}))
