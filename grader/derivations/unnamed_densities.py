r"""A density the author does not name: `L(w, b) = \prod_{i=1}^{n} f(x_i)`, `\mathcal{L} = \prod_i p(x_i)`.

Authors state the likelihood as the product over the samples of "the density" before they write it out: a letter
used as a function of each sample, which no line defines and the problem does not know.  A TA reads such a line as
the author's announcement of what comes next, a remark: there is nothing to check in it (the density is the model's
only once the next line writes it), and it costs nothing.  Never "f has no value": the line is not a step.

Only where the line is one equality whose one side is that product and nothing else, the letter is one the
derivation never defines (`f(x) = ...`, `f = ...`) and the problem does not know, and its argument is written with
the product's index (the sample's own data).  Where the letter has a value (the author defined it), the line is
checked as any other.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet

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


def unnamed_density_verdict(text: str, named: AbstractSet[str], verdict: Verdict) -> Verdict | None:
    """The remark of a line that states the likelihood as the product of a density nobody names; None otherwise
    (and where the link could be decided: a letter with a value is checked)."""
    if verdict.holds is not None or re.sub(r"_\s*\{[^{}]*\}", "", text).count("=") != 1:  # one equality (a limit's `=` aside)
        return None
    match = _DENSITY_PRODUCT.search(text)
    if match is None or match.group("letter") in named:
        return None
    index = match.group("index")
    if re.search(rf"(?<![A-Za-z\\])[A-Za-z]\s*_\s*\{{?\s*\(?\s*{index}\s*\)?\s*\}}?|\^\s*\{{\s*\(\s*{index}\s*\)\s*\}}", match.group("argument")) is None:
        return None  # the argument is not the sample's own (`f(w)`): not a density of the samples
    return Verdict(None, Message("derivation.unnamed_density", {"letter": match.group("letter")}))
