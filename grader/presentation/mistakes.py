"""A diagnosed mistake in words, from the message catalog (a report, its summary line and the
gradebook's reasons all say a mistake the same way)."""

from __future__ import annotations

from grader.results.i18n import known
from grader.results.i18n import render as render_message
from grader.results.models import Message

#: Mistakes already put into words (the catalog only grows: a sentence once found stays right).
_MISTAKE_TEXTS: dict[tuple[str, str, str | None], str] = {}


def mistake_text(mistake_id: str, lang: str, problem_id: str | None = None) -> str:
    """A diagnosed mistake in words, if the catalog has them, else its id.

    Derivation problems name theirs ``mistake.<problem>.<id>``; the code checks'
    catalog (grader.reference.mutants, loaded only when needed) ``mistake.<id>``.
    """
    found = _MISTAKE_TEXTS.get((mistake_id, lang, problem_id))
    if found is not None:
        return found
    keys = ([f"mistake.{problem_id}.{mistake_id}"] if problem_id else []) + [f"mistake.{mistake_id}"]
    for attempt in range(2):
        for key in keys:
            if known(key):
                found = _MISTAKE_TEXTS[(mistake_id, lang, problem_id)] = render_message(Message(key), lang)
                return found
        if attempt == 0:
            try:
                import grader.reference.mutants  # noqa: F401  (defines the code mistakes' sentences)
            except Exception:
                break
    return mistake_id
