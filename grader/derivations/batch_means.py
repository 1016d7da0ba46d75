r"""A result restated as the mean over a batch: `\frac{\partial E}{\partial z} = \frac{1}{N}(y - Y)`.

After deriving one sample's gradient, authors often add the batch version, the loss averaged over N samples,
whose gradient with respect to one sample's logits is 1/N times that sample's: `\frac{1}{N}(y - Y)`,
`\frac{1}{m}(\hat y - y)`.  N is the author's batch size, a letter the problem does not know and no line
defines.  A careful TA reads the line as that remark, not as a claim that the one sample's gradient is divided
by N.  The reading is taken only where the letter appears once, as the factor 1/N of one whole side, the other
side is free of it and is a derivative (a gradient restated), and the side without the factor is what the other
side is: one sample, N = 1.  A wrong result restated so stays unchecked (charged as such, never passed), its
feedback saying it does not hold for one sample; the feedback says which reading was taken.
"""

from __future__ import annotations

from typing import Any

import sympy

from grader.mathengine.equivalence import Checker, Verdict
from grader.mathparse.nodes import Gradient
from grader.results.i18n import define
from grader.results.models import Message

define(
    {
        "derivation.reading_batch_mean": (
            "the mean over a batch of {size} samples ({size} the author's batch size), checked for one sample ({size} = 1)",
            "对 {size} 个样本的批取平均（{size} 为作者的批大小），按单个样本（{size} = 1）检查",
        ),
        "derivation.batch_mean_differs": (
            ("This could not be checked: {size} has no value here, and read as the author's batch size (the mean over "
             "{size} samples) it does not hold for one sample ({size} = 1)."),
            "无法检查：{size} 在此没有取值；若把 {size} 读作作者的批大小（对 {size} 个样本取平均），此式对单个样本（{size} = 1）也不成立。",
        ),
    }
)


def batch_mean_read(checker: Checker, left: Any, right: Any, verdict: Verdict, known: set[str]) -> Verdict:
    """The verdict on `A = \\frac{1}{N} B` (or the sides swapped) read as the batch mean of B, where N is a letter
    with no value here; `verdict` itself where the reading does not apply."""
    size = _missing_letter(verdict)
    if size is None or size in known or not isinstance(left, sympy.Expr) or not isinstance(right, sympy.Expr):
        return verdict
    letter = sympy.Symbol(size)
    for one, mean in ((left, right), (right, left)):
        per_sample = _without_mean(mean, letter)
        if per_sample is None or letter in one.free_symbols:
            continue
        if not one.has(sympy.Derivative, Gradient):
            continue  # `y_i = \frac{e^{z_i}}{S}`: S is the author's own name, not a batch's size
        if checker.same_values(one, per_sample).holds:
            reading = Message("derivation.reading_batch_mean", {"size": size})
            return Verdict(True, Message("derivation.reading", {"reading": reading}))
        return Verdict(None, Message("derivation.batch_mean_differs", {"size": size}))
    return verdict


def _missing_letter(verdict: Verdict) -> str | None:
    """The one-letter name a step could not be checked for want of a value of, if that is why."""
    reason = verdict.reason
    if verdict.holds is not None or reason is None or reason.key != "equivalence.could_not_evaluate":
        return None
    error = reason.params.get("error")
    name = error.params.get("name") if isinstance(error, Message) else None
    return name if isinstance(name, str) and len(name) == 1 and name.isalpha() else None


def _without_mean(side: sympy.Expr, letter: sympy.Symbol) -> sympy.Expr | None:
    """`B` of a side written `\\frac{1}{N} B` (N appearing nowhere else), else None."""
    if letter not in side.free_symbols:
        return None
    rest = sympy.expand(side * letter) if not isinstance(side, sympy.Mul) else side * letter
    if letter in rest.free_symbols:
        return None
    return rest
