"""The batch's progress on the instructor's terminal: a bar with the time left, or one line per submission."""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable, Mapping
from typing import Any, TextIO

from grader.apps.batch_record import SubmissionStatus
from grader.results.formatting import score_cell
from grader.results.i18n import render as render_message
from grader.results.message_codec import message_from_plain

GRADED = SubmissionStatus.GRADED
FAILED = SubmissionStatus.FAILED


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def terminal_text(text: str) -> str:
    """`text` with every control character shown as an escape (``\x1b``, ``\n``): a student's file
    name or zip entry reaches the instructor's terminal, where an escape sequence or a carriage
    return could rewrite what is on the screen (another student's line, a forged score)."""
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1] if m.group() in "\n\r\t" else f"\\u{ord(m.group()):04x}", str(text))


def _clock(seconds: float) -> str:
    """``1:05:09``, ``4:07``: a duration as a clock reads it."""
    seconds = max(0, int(round(seconds)))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


class Progress:
    """A bar with the elapsed time and an estimate of the time left on a terminal, one plain line
    per submission otherwise.

    The estimate is the mean time per graded submission so far times those left, divided by
    nothing else: submissions skipped as unchanged take no time and are not counted in the mean
    (a generic bar's per-item rate, click's included, would count them and promise far too little).
    """

    def __init__(self, total: int, stream: TextIO | None = None, lang: str = "en", clock: Callable[[], float] = time.monotonic):
        self.total = total
        self.done = 0
        self.failed = 0
        self.graded = 0
        self.stream = stream if stream is not None else sys.stderr
        self.lang = lang
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.clock = clock
        self.started = clock()

    def timing(self) -> str:
        """``elapsed 2:10, about 14:05 left`` (no estimate before the first submission is graded)."""
        elapsed = self.clock() - self.started
        text = f"elapsed {_clock(elapsed)}"
        if self.graded and self.done < self.total:
            text += f", about {_clock(elapsed / self.graded * (self.total - self.done))} left"
        return text

    def update(self, record: Mapping[str, Any], skipped: bool = False) -> None:
        self.done += 1
        if not skipped:
            self.graded += 1
        if record.get("status") == FAILED:
            self.failed += 1
        if self.tty:
            width = 30
            filled = int(width * self.done / max(1, self.total))
            self.stream.write(
                f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}"
                f"  {self.failed} failed  {self.timing():<32}  {terminal_text(str(record.get('name', '')))[:30]:<30}"
            )
            if self.done == self.total:
                self.stream.write("\n")
        else:
            timing = "" if skipped else f"  [{self.timing()}]"
            line = f"{record.get('name')}: {describe(record, self.lang)}"
            self.stream.write(f"[{self.done}/{self.total}] {terminal_text(line)}{' (unchanged, skipped)' if skipped else ''}{timing}\n")
        self.stream.flush()


def describe(record: Mapping[str, Any], lang: str = "en") -> str:
    if record.get("status") == FAILED:
        reason = message_from_plain(record.get("reason"))
        return f"{FAILED}: {render_message(reason, lang) if reason else '?'}"
    said = [str(record["status"])] if record.get("status") != GRADED else []
    # a TA's row or a late penalty changed the score: the instructor sees it on the line, not only in the gradebook
    said += [str(a.get("text", "")) for a in record.get("adjustments") or [] if a.get("text")]
    return f"{score_cell(record.get('score'))} / {score_cell(record.get('max_score'))}" + (f" ({'; '.join(said)})" if said else "")
