r"""Claims between optimisation problems, as authors of a likelihood derivation write them.

Authors state "maximum likelihood is least squares" as a chain of optimisation problems, and the
relation between two problems says what is claimed:

- `=` between two optima's VALUES (`\max_{w,b} A = \max_{w,b} B`, no `\arg`): the maxima are equal.  A
  TA compares values: dropping a term constant in the parameters keeps the maximizers but changes the
  maximum, so `= \max_{w,b} \sum_i -\frac{1}{2\sigma^2}(y_i - w x_i - b)^2` after the log-likelihood
  with its constant is a wrong step under `=` (and a right one under `\arg\max`, `\propto` or `\iff`).
  Where the objectives are equal the maxima are; where they differ by a constant or a positive factor
  the maxima differ (the maximizers are the same: the feedback says to claim that instead); where the
  maximizers differ, the step is wrong as a claim of either kind.  A maximum and a minimum equated
  (`\max_w A = \min_w B`) keep the looser reading, the same optimizers, as before.
- `\propto`, `\leftrightarrow` (and `\iff`, `=` between `\arg\max` / `\arg\min`) between two whole
  optimisation problems: "the two problems have the same optimizers" (`\max_{w,b} A \leftrightarrow
  \min_{w,b} B`, `\arg\min_{w,b} -\log L \propto \arg\min_{w,b} \sum_i (y_i - w x_i - b)^2`), checked as
  such (`grader.mathengine.minimizers`), not left a remark and not compared as values.

An optimum written without its variables (`\max p(Y)`, `\text{maximize } \ell(w, b)`) is over the
problem's parameters (the parser notes the reading); the feedback names them.
"""

from __future__ import annotations

from typing import Any

from grader.mathengine.equivalence import ArgOpt, Checker, Verdict
from grader.mathengine.minimizers import bound_renamed, variables_differ
from grader.mathparse import MathParseError, Notation, Remark, parse_line
from grader.results.i18n import define
from grader.results.models import LinkResult, Message

define(
    {
        "derivation.optimum_values_equal": (
            "The {kind} over {variables} are compared as values (an `=` between optima): the objectives are equal, so the {kind} are.",
            "在 {variables} 上的{kind}按值比较（最优值之间的 `=`）：两个目标函数相等，所以{kind}相等。",
        ),
        "derivation.optimum_values_differ": (
            ("Under `=` the {kind} over {variables} are compared as values, and they differ. {relation} To claim the same "
             "optimizers, write arg max / arg min, or ⟺."),
            "`=` 两边在 {variables} 上的{kind}按值比较，它们并不相等。{relation} 若要表达最优点相同，请写 arg max / arg min 或 ⟺。",
        ),
        "derivation.kind_maxima": ("maxima", "最大值"),
        "derivation.kind_minima": ("minima", "最小值"),
        "derivation.reading_optimum_over_parameters": (
            "an optimum written without its variables as the optimum over the problem's parameters",
            "未写出变量的最优值表示在本题参数上的最优值",
        ),
    }
)

#: Relations between two whole optimisation problems that claim the same optimizers (the parser keeps them as
#: remarks: between expressions they are an author's loose "corresponds to").
SAME_OPTIMIZERS = ("\\propto", "\\leftrightarrow")

#: The relations the minimizers' comparison names where the objectives order every point alike yet differ.
_SAME_OPTIMIZERS_OTHER_VALUES = frozenset({
    "equivalence.constant_shift", "equivalence.positive_factor", "equivalence.positive_affine", "equivalence.monotone",
})


def optima_compared(checker: Checker, left: Any, right: Any, relation: str) -> Verdict:
    """A link between two terms where either may be an optimisation problem: two optima's values under `=` are
    compared as values (see the module's note); anything else as `Checker.same_values` compares it."""
    if not (relation == "=" and _value_of(left) and _value_of(right) and left.kind == right.kind):
        return checker.same_values(left, right)
    right = bound_renamed(left, right)  # `\max_k z_k = \max_j z_j`: one variable by two names
    other_variables = variables_differ(left, right)
    if other_variables is not None:  # `\min_\sigma S = \min_{w,b} S`: equal objectives, other problems
        return Verdict(None, other_variables)
    kind = Message("derivation.kind_maxima" if left.kind == "max" else "derivation.kind_minima")
    variables = ", ".join(str(v) for v in left.variables or right.variables) or ", ".join(checker.parameters)
    values = checker.same_values(left.objective, right.objective)
    if values.holds:
        return Verdict(True, Message("derivation.optimum_values_equal", {"kind": kind, "variables": variables}))
    if values.holds is None:
        return values
    optimizers = checker.same_minimizers(left, right)
    if optimizers.holds and optimizers.reason is not None and optimizers.reason.key in _SAME_OPTIMIZERS_OTHER_VALUES:
        message = Message("derivation.optimum_values_differ", {"kind": kind, "variables": variables, "relation": optimizers.reason})
        return Verdict(False, message, values.counterexample)
    # other optimizers: wrong either way; undecided (nothing varied, no values): not charged on one point's values
    return optimizers if optimizers.holds is not True else values


def _value_of(term: Any) -> bool:
    return isinstance(term, ArgOpt) and term.value


def optimisation_relation_judged(checker: Checker, notation: Notation, text: str, statement: Any) -> LinkResult | None:
    """`A \\propto B`, `A \\leftrightarrow B` between two whole optimisation problems: the link judged as the claim
    that they have the same optimizers; None where the line is not written so (it stays what it was)."""
    if not (isinstance(statement, Remark) and statement.relation in SAME_OPTIMIZERS and statement.after is not None):
        return None
    after = statement.after
    at = text.find(statement.relation)
    if at < 0 or after.relations or len(after.terms) != 1 or not isinstance(after.terms[0], ArgOpt):
        return None
    try:
        before = parse_line(text[:at], notation)
    except MathParseError:
        return None
    if before.relations or before.leading_relation is not None or len(before.terms) != 1 or not isinstance(before.terms[0], ArgOpt):
        return None
    verdict = checker.same_minimizers(before.terms[0], after.terms[0])
    if verdict.holds is None:
        return None
    return LinkResult(before.term_sources[0], statement.relation, after.term_sources[0], verdict.holds, verdict.reason, verdict.counterexample)
