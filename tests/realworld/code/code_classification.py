"""How one graded function compares with the TA's label: the categories of the table."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from code_corpus import Label

#: The categories, from the worst to the best; a function graded under several seeds is put
#: in the worst category any seed gave it (and flagged when its score differs across seeds).
CATEGORIES = (
    "missed bug",
    "false deduction",
    "convention difference charged",
    "misnamed mistake",
    "correct but vague",
    "correct, concrete failing case",
    "correct, mistake named",
    "no deduction, none due",
)

#: Keys of check messages that say precisely what is wrong without a values table.
PRECISE_MESSAGES = (
    "codecheck.arity",
    "codecheck.type",
    "codecheck.missing_key",
    "codecheck.not_stored",
    "codecheck.shape",
    "codecheck.finite",
    "codecheck.status.missing_function",
    "codecheck.status.timeout",
)


@dataclass(frozen=True)
class Outcome:
    """One function of one fixture graded under one seed, and its category."""

    seed: int
    """The grading seed."""
    score: float
    """Points earned."""
    max_score: float
    """Points possible."""
    names: tuple[str, ...]
    """Known mistakes the feedback names (ids of `reference/mutants.py`)."""
    category: str
    """One of CATEGORIES."""
    detail: str
    """Why this category (the first failing check, or the wrong name), in one line."""
    inputs_as_shapes: bool = False
    """A deduction whose first failing check shows some input only as "array of shape ..."
    (the student cannot rerun that case from the feedback)."""


def visible_difference(check) -> bool:
    """Whether a failed check's expected/got previews show an entry that differs (a preview
    is cut to a few rows and columns: the differing entries may lie outside it)."""
    if check.expected is None or check.got is None:
        return False
    if tuple(check.expected.shape) != tuple(check.got.shape):
        return True
    for row_e, row_g in zip(check.expected.values, check.got.values):
        for e, g in zip(row_e, row_g):
            if e != e or g != g:  # noqa: PLR0124 - a NaN on either side is a visible difference
                if (e != e) != (g != g):  # noqa: PLR0124 - NaN on one side only
                    return True
                continue
            if abs(e - g) > 1e-6 * max(1.0, abs(e)):
                return True
    return False


def rerunnable(check) -> bool:
    """Whether a check failed by an exception shows a case the student can rerun: the line it was
    raised at in their file and every input by its values (not "array of shape ...")."""
    detail = str(check.message.params.get("detail", "")) if check.message else ""
    shown = bool(check.inputs) and not any("array of shape" in str(v) for v in check.inputs.values())
    return shown and ", line " in detail


def concrete(part) -> tuple[bool, str]:
    """Whether a deduction shows a concrete failing case, and the first failing check in words."""
    failed = [c for c in part.checks if not c.passed]
    if not failed:
        return False, "no failed check shown"
    from grader.results.i18n import render

    first = failed[0]
    text = render(first.name) + ": " + (render(first.message) if first.message else "failed")
    for check in failed:
        key = check.message.key if check.message else ""
        if key in PRECISE_MESSAGES:
            return True, text
        if key == "codecheck.values" and check.inputs and visible_difference(check):
            return True, text
        if key == "codecheck.status.error" and rerunnable(check):
            return True, text
    return False, text


def classify(label: Label, part, seed: int) -> Outcome:
    """The category of one graded part (a `PartResult`) against its label."""
    names = tuple(m.key[len("mistake."):] for m in part.feedback if m.key.startswith("mistake."))
    deducted = part.score < part.max_score - 1e-9
    is_concrete, first = concrete(part) if deducted else (False, "")
    failed = [c for c in part.checks if not c.passed]
    shapes_only = deducted and bool(failed) and any("array of shape" in str(v) for v in failed[0].inputs.values())
    if label.verdict == "correct":
        category = "false deduction" if deducted else "no deduction, none due"
        detail = first + (f" (named: {', '.join(names)})" if names else "")
    elif label.verdict == "convention":
        category = "convention difference charged" if deducted else "no deduction, none due"
        detail = first + (f" (named: {', '.join(names)})" if names else "")
    elif not deducted:
        category, detail = "missed bug", f"full marks for: {label.mistake}"
    elif set(names) & set(label.names):
        category, detail = "correct, mistake named", ", ".join(names)
    elif names:
        category, detail = "misnamed mistake", f"named {', '.join(names)} for: {label.mistake}"
    elif is_concrete:
        category, detail = "correct, concrete failing case", first
    else:
        category, detail = "correct but vague", first
    return Outcome(
        seed=seed, score=part.score, max_score=part.max_score, names=names, category=category, detail=detail,
        inputs_as_shapes=shapes_only,
    )


def worst(outcomes: Sequence[Outcome]) -> Outcome:
    """The outcome of the worst category (the first seed giving it)."""
    return min(outcomes, key=lambda o: CATEGORIES.index(o.category))
