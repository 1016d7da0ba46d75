"""Faults of the checker itself: turned into 'could not be checked', logged for staff, MemoryError let through.

Every broad handler of the derivation side goes through `contained_fault` (or `value_or_fallback`, built on
it), so that one place says what a fault of ours becomes and that the answers child's memory limit is never
mistaken for one: a MemoryError must reach the child's loop, which charges the problem with its limit (where
an allocation failed must not decide whether the problem or only a line is charged).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from grader.mathengine.equivalence import Verdict, could_not_evaluate
from grader.mathengine.evaluate import EvaluationError, Timeout
from grader.results.models import Message

#: Faults of the checker itself: logged for staff, never shown to a student.
LOG = logging.getLogger("grader.derivations.derivation")

_T = TypeVar("_T")
#: What a comparison gives: a verdict, or (for a look that may not apply) None.
_Compared = TypeVar("_Compared", Verdict, Verdict | None)


@dataclass
class FaultRecord:
    """Whether the block a `contained_fault` guarded ended in a fault of ours (filled in as it ends)."""

    happened: bool = False
    """True once the block raised (anything but a MemoryError), which was logged and contained."""


@contextmanager
def contained_fault(what: str, *args: object, log: logging.Logger | None = LOG) -> Iterator[FaultRecord]:
    """Run the block; a fault of ours in it is logged for staff (`what % args`, with the traceback; nothing
    where `log` is None) and contained, and the record says so.  A MemoryError passes (see the module)."""
    record = FaultRecord()
    try:
        yield record
    except MemoryError:
        raise
    except Exception:
        if log is not None:
            log.warning(what, *args, exc_info=True)
        record.happened = True


def value_or_fallback(attempt: Callable[[], _T], fallback: _T, what: str, *args: object, log: logging.Logger | None = LOG) -> _T:
    """`attempt()`, or `fallback` where it ends in a fault of ours (contained as `contained_fault` does)."""
    with contained_fault(what, *args, log=log):
        return attempt()
    return fallback


def deadline_passed(deadline: Any) -> bool:
    """Whether a checker's cooperative deadline (None: none) has passed."""
    if deadline is None:
        return False
    try:
        deadline.check()
    except Timeout:
        return True
    return False


#: What a student reads where a comparison failed for a fault of ours.
_COULD_NOT_CHECK = Verdict(None, Message("derivation.could_not_check"))


def judge(compare: Callable[[], _Compared]) -> _Compared | Verdict:
    """A comparison's verdict, with running out of time or of values turned into 'could not be checked'."""

    def compared() -> _Compared | Verdict:
        try:
            return compare()
        except Timeout:
            return Verdict(None, Message("derivation.timeout"))
        except EvaluationError as exc:
            return Verdict(None, could_not_evaluate(str(exc)))

    fallback: _Compared | Verdict = _COULD_NOT_CHECK
    return value_or_fallback(compared, fallback, "a comparison failed")


def judge_slip(find: Callable[[], tuple[str, str] | None]) -> tuple[str, str] | None:
    """The slip of a letter `find` shows (see `slips.letter_slip`), or None: out of time, or a fault of ours
    (logged; the line keeps its verdict)."""

    def found() -> tuple[str, str] | None:
        try:
            return find()
        except Timeout:
            return None

    return value_or_fallback(found, None, "looking for a slip of a letter failed")
