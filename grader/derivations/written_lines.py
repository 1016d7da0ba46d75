"""A written line put in the form the checker reads: joined equalities, cases, premises, prose conditions."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from types import SimpleNamespace
from typing import Any

from grader.derivations.continued_expressions import operator_lines_joined
from grader.derivations.continued_sides import continued_sides_shown
from grader.derivations.hard_label_families import hard_label_named
from grader.derivations.named_jacobians import jacobian_named
from grader.mathengine.equivalence import Checker
from grader.mathparse import MathParseError, Notation, parse_line
from grader.results.models import DerivationLine

_ENDS_WITH_EQUALS = re.compile(r"(?<![<>!:\\])=\s*(?:\\quad|\\qquad|\\,|\\;)*\s*$")


def equalities_joined(sources: Sequence[Any], notation: Notation) -> list[Any]:
    """A line ending with `=` continues on the next line (an equality split across two displays):
    the first line's equality is completed with the next line's first expression, where the step
    is judged; the next line stays as written (both keep their numbers)."""
    joined: list[Any] = []
    for source in sources:
        if joined and _ENDS_WITH_EQUALS.search(joined[-1].text) and source.text.strip():
            parsed = parse_or_none(source.text, notation)
            if parsed is not None and parsed.leading_relation is None and parsed.term_sources:
                joined[-1] = with_text(joined[-1], joined[-1].text.rstrip() + " " + parsed.term_sources[0])
            else:  # the `=` moves to the start of the next line, which then continues the first
                joined[-1] = with_text(joined[-1], _ENDS_WITH_EQUALS.sub("", joined[-1].text).rstrip())
                if not source.text.lstrip().startswith("="):
                    source = with_text(source, "= " + source.text.strip())
        joined.append(source)
    return operator_lines_joined(joined, with_text)  # `... + \\ \quad + c`: a side broken at an operator, one side


def with_text(source: Any, text: str) -> Any:
    """The source line with another text (a dataclass replaced; a plain object with number and text rebuilt);
    the line itself where the text is its own."""
    if text == source.text:
        return source
    try:
        return replace(source, text=text)
    except TypeError:  # not a dataclass: a plain object with number and text
        return SimpleNamespace(number=source.number, text=text)


_CASES = re.compile(r"^(?P<head>.*?=)\s*(?:\\left\.?\s*)?\\begin\{[dr]?cases\*?\}(?P<body>.*?)\\end\{[dr]?cases\*?\}(?:\s*\\right\.)?\s*[.,]?\s*$", re.DOTALL)


_CONDITION_WORD = re.compile(r"^\s*,?\s*(?:\\(?:text|mathrm|textrm|textit)\s*\{\s*(?:if|for|when|where|当|若)\s*\}|if\b|for\b|when\b|当|若)\s*", re.IGNORECASE)


_OTHERWISE = re.compile(r"^\s*,?\s*(?:\\(?:text|mathrm|textrm|textit)\s*\{\s*(?:otherwise|else|o\.w\.|other\s*cases?|否则|其他|其它)\s*\.?\s*\}|otherwise|else|否则|其他|其它)\s*$", re.IGNORECASE)


_INDEX_CONDITION = re.compile(r"^\s*\(?\s*([a-z])\s*(=|\\neq|\\ne|\\not\s*=|!=)\s*([a-z])\s*\)?\s*[.,]?\s*(?:时)?\s*$")


def cases_expanded(sources: Sequence[Any]) -> list[Any]:
    """`A = \\begin{cases} B & \\text{if } k = i \\\\ C & \\text{otherwise} \\end{cases}`: one check per
    branch, each under its condition (`A = B \\quad (k = i)`, `A = C \\quad k \\neq i`), on the line's number."""
    expanded: list[Any] = []
    for at, source in enumerate(sources):
        match = _CASES.match(source.text) if "cases" in source.text else None
        branches = _branches(match.group("body")) if match else None
        if not branches or match is None:
            expanded.append(source)
            continue
        head = jacobian_named(match.group("head"), [c for _, c in branches], [s.text for s in sources[max(0, at - 40):at]])  # `Jacobian =`
        for value, condition in branches:
            expanded.append(with_text(source, f"{head} {value}{condition}"))
    return expanded


#: `y_i(z_i) = ...`, `a_j(\mathbf{z}) =`: an indexed name written as a function of its variables
#: (names only, no operator: `a_i(1 - a_i) = ...` stays a product).
_INDEXED_FUNCTION_HEAD = re.compile(
    r"^(\s*(?:\\(?:hat|tilde|bar)\s*\{?\s*)?[A-Za-z]\}?\s*_\s*(?:\{[A-Za-z ,]+\}|[A-Za-z]))\s*"
    r"\((?:\s*(?:\\(?:mathbf|boldsymbol|bm|vec)\s*\{\s*[A-Za-z]\s*\}|\\theta|[A-Za-z])(?:_\s*(?:\{[A-Za-z]\}|[A-Za-z]))?\s*,?)+\)(\s*(?:=|:=|\\coloneqq))"
)


def function_head_dropped(source: Any) -> Any:
    """`y_i(z_i) = e^{z_i} / ...` defines (or restates) y_i: the argument list is no product."""
    match = _INDEXED_FUNCTION_HEAD.match(source.text)
    if match is None:
        return source
    return with_text(source, match.group(1) + match.group(2) + source.text[match.end():])


#: "Given A, so B" written in the line: `且已知 \\sum_j Y_j = 1，所以 ...`, `\\text{given } A \\text{, so } B`.  A is
#: what the author assumes; the step is B.  ("Since A" or "from A" may cite a result of the author's, which
#: is a step to check: those lines are read whole.)
_GIVEN_THEN_SO = re.compile(
    r"^\s*(?:(?:且|并且|而且|又|另)?\s*(?:已知|假设|假定|设)|\\text\s*\{\s*(?:given|assuming|assume)\s*\})"
    r"(?P<premise>.+?)"
    r"(?:[,，;；]\s*)?(?:所以有|因此有|故有|则有|所以|因此|故|于是|从而|可得|得到|\\text\s*\{\s*,?\s*(?:so|hence|thus|therefore)\s*,?\s*\}|\\therefore|∴)"
    r"(?P<step>.+)$",
    re.DOTALL,
)


def premise_dropped(source: Any) -> Any:
    """`且已知 \\sum_j q_j = 1，所以 f(z) = g(z)`: the premise is what the author
    assumes (a TA does not mark it as a step); the line's step is the statement after "so"."""
    match = _GIVEN_THEN_SO.match(source.text)
    if match is None or "=" not in match.group("step"):
        return source
    step = match.group("step").strip()
    if re.search(r"[\u3400-\u9fff]", source.text):
        step = re.sub(r"\s*[!！]+$", "", step)  # a sentence of prose ends with "!": punctuation, not a factorial
    return with_text(source, step)


def under_prose_condition(source: Any, inequalities: bool = False) -> Any:
    """A line of a block that prose put under a condition ("If $k = i$:") is read with the
    condition after its math, as if the student had written `\\quad (k = i)` there (an
    inequality only where the notation reads inequalities)."""
    condition = getattr(source, "condition", "")
    if not condition or "cases" in source.text or (not inequalities and re.search(r"[<>]|\\[lg]e|\\[lg]t", condition)):
        return source
    return with_text(source, f"{source.text} \\quad ({condition})")


_ASSUMED_ONE_HOT = re.compile(r"^(?P<family>[A-Za-z])_(?P<index>[a-z]) = 1$")


def under_assumption(checker: Checker, source: Any, notation: Notation) -> Checker:
    """The checker for a line the section's prose put under one-hot labels ("$Y_j = 1$ and
    the others 0"): its points have the labels one-hot at the index named, as a TA reads the
    lines after such a sentence. The author's letter for the labels is followed through the
    notation's renamings; a family the problem does not draw as one vector is left as it is
    (the points then keep their labels, and a step that needs the assumption is not accepted)."""
    found = _ASSUMED_ONE_HOT.match(hard_label_named(getattr(source, "assumption", "") or "", notation, checker))  # "If $k$ is the correct label,"
    if found is None:
        return checker
    family = notation.aliases.get(found.group("family"), found.group("family"))
    index = notation.aliases.get(found.group("index"), found.group("index"))
    if notation.indexed.get(family) != 1 or index not in notation.index_ranges:
        return checker
    return checker.with_one_hot(family, index)


def _branches(body: str) -> list[tuple[str, str]] | None:
    """The branches of a `cases` body as (value, condition written after the math); None if a
    condition is not one this reader knows (the line is then read as written)."""
    rows = [row for row in re.split(r"\\\\", body) if row.strip()]
    parsed: list[tuple[str, tuple[str, str, str] | None]] = []
    for row in rows:
        value, _, condition = row.partition("&")
        if not _:  # `a_i(1-a_i) \text{ if } k = i` without an ampersand
            at = re.search(r"\\text\s*\{\s*(?:if|for|when|otherwise)", row)
            if at is None:
                return None
            value, condition = row[: at.start()], row[at.start():]
        if _OTHERWISE.match(condition):
            parsed.append((value.strip().rstrip(","), None))
            continue
        condition = re.sub(r"\\(?:[,;:!> ]|q?quad)|&", " ", condition)  # `\text{if }\; k = i`, `if & i = j`: spacing
        condition = re.sub(r"\\text\s*\{\s*(?:if|for|when)?\s*\$([^$]*)\$\s*[,.]?\s*\}", r" \1 ", condition)  # `\text{if $i = j$,}`
        found = _INDEX_CONDITION.match(_CONDITION_WORD.sub("", condition, count=1))
        if found is None:
            return None
        parsed.append((value.strip().rstrip(","), (found.group(1), "=" if found.group(2) == "=" else "!=", found.group(3))))
    stated = [c for _, c in parsed if c is not None]
    branches = []
    for value, condition in parsed:
        if condition is None:  # `otherwise`: the opposite of the one other condition
            if len(stated) != 1:
                return None
            left, relation, right = stated[0]
            condition = (left, "!=" if relation == "=" else "=", right)
        left, relation, right = condition
        branches.append((value, f" \\quad ({left} = {right})" if relation == "=" else f" \\quad ({left} \\neq {right})"))
    return branches


def branches_merged(lines: list[DerivationLine], originals: dict[int, str]) -> list[DerivationLine]:
    """The lines of a `cases` line's branches as one line again, as the student wrote it (and a lone expression
    completing the line before it shown with that step: `continued_sides`)."""
    merged: list[DerivationLine] = []
    for line in lines:
        if merged and merged[-1].number == line.number:
            previous = merged[-1]
            links = previous.links + line.links
            if previous.error is not None or line.error is not None:
                error = previous.error or line.error
                merged[-1] = DerivationLine(number=line.number, source=originals.get(line.number, line.source), links=(), error=error)
            else:
                merged[-1] = DerivationLine(number=line.number, source=originals.get(line.number, line.source), links=links)
        else:
            merged.append(replace(line, source=originals.get(line.number, line.source)) if line.source != originals.get(line.number, line.source) and line.number in originals else line)
    return continued_sides_shown(merged, originals)  # `A = B =`, then `C` alone: C shown with the step it completes


def parse_or_none(text: str, notation: Notation) -> Any:
    try:
        return parse_line(text, notation)
    except MathParseError:
        return None


def continues(text: str) -> bool:
    """Whether a line starts with `=` (after an alignment `&`): it continues an expression before it."""
    return text.lstrip().lstrip("&").lstrip().startswith("=")
