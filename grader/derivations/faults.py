"""Faults of the checker itself: turned into 'could not be checked', logged for staff, MemoryError let through."""

from __future__ import annotations

import logging
from typing import Any

from grader.equivalence import Verdict, could_not_evaluate
from grader.evaluate import EvaluationError, Timeout
from grader.models import Message

#: Faults of the checker itself: logged for staff, never shown to a student.
LOG = logging.getLogger("grader.derivation")


def deadline_passed(deadline: Any) -> bool:
    """Whether a checker's cooperative deadline (None: none) has passed."""
    if deadline is None:
        return False
    try:
        deadline.check()
    except Timeout:
        return True
    return False


def judge(compare) -> Verdict:
    """A comparison's verdict, with running out of time or of values turned into 'could not be checked'."""
    try:
        return compare()
    except Timeout:
        return Verdict(None, Message("derivation.timeout"))
    except EvaluationError as exc:
        return Verdict(None, could_not_evaluate(str(exc)))
    except MemoryError:  # the answers child's address-space limit: charged there, not here
        raise
    except Exception:  # a fault of ours: logged for staff, the student reads a plain reason
        LOG.warning("a comparison failed", exc_info=True)
        return Verdict(None, Message("derivation.could_not_check"))


def judge_slip(find) -> tuple[str, str] | None:
    try:
        return find()
    except Timeout:
        return None
    except MemoryError:  # the answers child's address-space limit: charged there, not here
        raise
    except Exception:  # a fault of ours: logged for staff; the line keeps its verdict
        LOG.warning("looking for a slip of a letter failed", exc_info=True)
        return None
