"""What `grade batch` refuses before grading anything, as exceptions the CLI turns into a message.

Apart from `grader.apps.batch` so that the CLI can catch them on every command without importing
the batch and what it brings (its workers, the gradebook, the class summary): a single `grade
SUBMISSION` never needs those.
"""

from __future__ import annotations


class OutputInSubmissions(Exception):
    """``--out`` would write into the class's submissions; `str()` says why."""


class UnknownSubmission(Exception):
    """``--only`` named a submission that is not in ROOT."""

    def __init__(self, names: list[str], known: list[str]):
        shown = ", ".join(known[:20]) + (", ..." if len(known) > 20 else "")
        super().__init__(f"no submission named {', '.join(names)} in ROOT (there are: {shown or 'none'})")
