"""What a student reads about a derivation, and the share of its points it earns, from the checker's findings."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import sympy

from grader.derivations.link_mistakes import named_link_mistakes
from grader.derivations.remarks import unknown_notation
from grader.derivations.terms import Term
from grader.mathengine.equivalence import Checker
from grader.mathengine.names import names_in
from grader.results.formatting import counterexample_point, link_latex
from grader.results.models import DerivationLine, Message

if TYPE_CHECKING:
    from grader.derivations.derivation import DerivationCheck
    from grader.derivations.derivation_problem import DerivationProblem, DerivationRubric

def derivation_feedback(problem: DerivationProblem, check: DerivationCheck, starts_ok: bool, goal_ok: bool,
                        checker: Checker) -> tuple[list[Message], list[str]]:
    """The messages on a derivation (its first invalid step, the steps not checked, a missing start or goal,
    the known mistakes it shows) and the ids of those mistakes; "every step is valid" where there is nothing to say."""
    feedback = [*_invalid_feedback(check), *_unchecked_feedback(check)]
    if not starts_ok:
        starts = tuple(problem.derivation.starts[:2])
        feedback.append(Message("derivation.no_start", {"start": " or ".join(starts)}, math=starts))
    mistakes: list[str] = []
    if not goal_ok:
        feedback.append(Message("derivation.no_goal", {"goal": problem.derivation.goals[0]}, math=(problem.derivation.goals[0],)))
        mistakes.extend(_mistakes_stopped_at(problem, check, checker))
    mistakes.extend(named_link_mistakes(problem, check, checker))  # a catalogued wrong step (grader.derivations.link_mistakes)
    feedback.extend(Message(f"mistake.{problem.id}.{mistake_id}") for mistake_id in mistakes)
    if not feedback:
        feedback.append(Message("derivation.all_valid"))
    return feedback, mistakes


def _invalid_feedback(check: DerivationCheck) -> list[Message]:
    """The first invalid line (unreadable, or its first invalid link with the step as math and the
    counterexample), and how many lines are invalid in all."""
    if check.first_invalid is None:
        return []
    line = next(l for l in check.lines if l.number == check.first_invalid)
    if line.error is not None:
        feedback = [Message("derivation.first_unreadable", {"line": line.number, "reason": line.error})]
    else:
        link = next(k for k in line.links if k.valid is False)
        feedback = [Message(
            "derivation.first_invalid",
            {"line": line.number, "left": link.left, "relation": link.relation, "right": link.right, "reason": link.reason},
            # the step itself is shown apart from the sentence, as math
            math=(link_latex(link),),
        )]
        if link.counterexample is not None and link.counterexample.point:
            feedback.append(Message("derivation.counterexample", {"point": counterexample_point(link.counterexample.point)}))
    if len(check.invalid_lines) > 1:
        feedback.append(Message("derivation.more_invalid", {"count": len(check.invalid_lines), "lines": ", ".join(map(str, check.invalid_lines))}))
    return feedback


def _unchecked_feedback(check: DerivationCheck) -> list[Message]:
    """The lines that could not be checked, with the first one's reason."""
    if not check.unchecked_lines:
        return []
    first = next(l for l in check.lines if l.number == check.unchecked_lines[0])
    unchecked = next((k for k in first.links if k.valid is None and k.reason is not None), None)
    reason = first.error if first.error is not None else (unchecked.reason if unchecked else "")
    params = {"lines": ", ".join(map(str, check.unchecked_lines)), "line": first.number, "reason": reason}
    return [Message("derivation.unchecked", params)]


def _mistakes_stopped_at(problem: DerivationProblem, check: DerivationCheck, checker: Checker) -> list[str]:
    """The problem's known wrong places to end a derivation where the student stopped (not a term passed on the way)."""
    return [mistake.id for mistake in problem.mistakes if mistake.part == "derivation"
            and problem._reaches(check.terms[-1:], checker, tuple((w,) for w in problem._parsed["mistakes"][mistake.id]), at_start=False)]


def score_derivation(rubric: DerivationRubric, check: DerivationCheck, starts_ok: bool, goal_ok: bool) -> float:
    """The share of the derivation's points earned (0..1)."""
    share = 1.0
    if check.invalid_lines:
        share -= rubric.first_invalid_line + rubric.per_further_invalid_line * (len(check.invalid_lines) - 1)
    share -= rubric.per_unchecked_line * len(check.unchecked_lines)
    if not starts_ok:
        share -= rubric.missing_start
    if not goal_ok:
        share -= rubric.missing_goal
    return min(1.0, max(0.0, share))


def undecidable(line: Any, check: DerivationCheck, problem: DerivationProblem) -> bool:
    """A line whose start or goal the grader could not have seen: unreadable for its notation,
    or with a step that could not be checked (`\\mathbb{E}_i[...]`), charged once as that. Only in a
    derivation with a step that was checked and holds: one that checks nothing (a lone line with an unknown
    relation, or letters that have no value) earns no start or goal on trust, or it would keep 75 % of its points."""
    return _unsure(line, check) and _some_step_holds(check, problem)


def trust_withheld(check: DerivationCheck, problem: DerivationProblem) -> bool:
    """Whether a first or last line that could not be read or checked was given no start or goal on trust because
    nothing else in the derivation holds (`undecidable`): the student is told why."""
    return bool(check.lines) and (_unsure(check.lines[0], check) or _unsure(check.lines[-1], check)) and not _some_step_holds(check, problem)


def _unsure(line: Any, check: DerivationCheck) -> bool:
    return unknown_notation(line) or line.number in check.unchecked_lines


def _some_step_holds(check: DerivationCheck, problem: DerivationProblem) -> bool:
    """Whether a link holds on a line that writes one of the problem's quantities (read through the author's
    letters; its index letters are no quantity): an identity in letters the problem does not know,
    `(u + v)^2 = u^2 + 2uv + v^2`, holds in a derivation of anything."""
    names = problem.known_names - set(problem.notation.index_ranges)
    of_the_problem = {term.line for term in check.terms if names_in(term.expr) & names}
    return any(_holds_as_a_step(k) for line in check.lines if line.number in of_the_problem for k in line.links)


def _holds_as_a_step(link: Any) -> bool:
    """A link that holds and shows something of this derivation. Not a definition or a remark, and not a link that
    any text could hold whatever it derives (`a = a`, `1 + 1 = 2`, an identity in letters the derivation never
    defines, a general rule of variances or entropies): with those alone, unreadable first and last lines would
    still earn the start and the goal on trust (red team round 12)."""
    if link.valid is not True:
        return False
    key = link.reason.key if link.reason is not None else ""
    if key in _NO_STEP_KEYS or key.startswith(_READINGS_THAT_HOLD_ANYWHERE):
        return False
    return not _says_nothing(link)


def _says_nothing(link: Any) -> bool:
    """A link that holds in any text whatever it derives: the same side twice (`a = a`), or numbers only (`1 + 1 = 2`)."""
    left, right = _SPACES.sub("", link.left), _SPACES.sub("", link.right)
    return left == right or _LETTER.search(_NUMERIC_COMMAND.sub("", left + right)) is None


#: The reasons of links that are no step of the derivation (a name defined, a remark).
_NO_STEP_KEYS = ("derivation.defines", "derivation.remark", "derivation.no_step")

#: The readings that check a link whatever the problem is (identities in undefined letters, general rules).
_READINGS_THAT_HOLD_ANYWHERE = ("free_letters.", "free_random_letters.", "general_rules.", "information_measures.")

_SPACES = re.compile(r"\\[,;:! ]|\\quad|\\qquad|\s+|\{|\}")
#: The commands a statement about numbers alone writes (`\\frac{1}{2}`, `\\log 1`): any other (`\\alpha`, an author's
#: `\\vw`) names a quantity.
_NUMERIC_COMMAND = re.compile(
    r"\\(?:[dt]?frac|cdot|times|div|left|right|big|Big|bigg|Bigg|sqrt|log|ln|exp|sin|cos|tan|mathrm|text|operatorname)(?![A-Za-z])")
_LETTER = re.compile(r"[A-Za-z]")


def has_steps(check: DerivationCheck) -> bool:
    """Whether the derivation has a link to check at all (names defined, remarks and links that say nothing, such as
    `1 + 1 = 2`, are no steps)."""
    return any(
        (k.reason is None or k.reason.key not in _NO_STEP_KEYS) and not (k.valid is True and _says_nothing(k))
        for line in check.lines
        for k in line.links
    ) or any(line.error is not None for line in check.lines)


def with_roots_taken(terms: Sequence[Term], lines: Sequence[DerivationLine] = ()) -> list[Term]:
    """`terms`, and after `\\sqrt{A} = B` (one line) the statement it is equivalent to, `A = B^2`:
    "or equivalently \\sqrt{Var(w)} = \\sqrt{2/(n_in + n_out)}" states the goal. Only an equality:
    `\\sqrt{k} \\le R/\\gamma` is a bound left unsquared, which a problem may name as a mistake."""
    equalities = {(line.number, link.left, link.right) for line in lines for link in line.links if link.relation == "="}
    out: list[Term] = []
    for k, term in enumerate(terms):
        out.append(term)
        before = terms[k - 1] if k else None
        if (before is not None and before.line == term.line and (term.line, before.source, term.source) in equalities
                and _square_root(before.expr) is not None and isinstance(term.expr, sympy.Expr)):
            out.append(Term(term.expr**2, term.source, term.line))  # `\\sqrt{2}\\sqrt{1/n}` squared: 2/n
    return out


def _square_root(expr: Any) -> Any:
    """What `expr` is the square root of, if it is one."""
    if isinstance(expr, sympy.Pow) and expr.exp == sympy.Rational(1, 2):
        return expr.base
    return None
