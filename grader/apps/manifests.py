"""A submission's manifest (``status.json`` in its output folder): its `BatchRecord` written
and read back, the last file the batch writes for a submission."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from grader.apps.batch_record import BatchRecord
from grader.reading.files import write_atomic
from grader.reading.layouts import Entry
from grader.results.message_codec import message_to_plain
from grader.results.models import Message

STATUS_FILE = "status.json"


def read_record(directory: Path) -> dict[str, Any] | None:
    """The submission's manifest as JSON data (None: none, or unreadable)."""
    try:
        data = json.loads((directory / STATUS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def load_record(directory: Path) -> BatchRecord | None:
    """The submission's manifest as a `BatchRecord` (None: none, unreadable, or not a manifest)."""
    data = read_record(directory)
    return BatchRecord.from_plain(data) if data is not None else None


def failed_record(entry: Entry, key: str, reason: Message, seconds: float = 0.0, timeout_seconds: float | None = None) -> BatchRecord:
    return BatchRecord.failed(entry, key, message_to_plain(reason), seconds, timeout_seconds)


def write_record(out: Path, record: BatchRecord) -> None:
    write_atomic(out / record.name / STATUS_FILE, json.dumps(record.to_plain(), ensure_ascii=False, indent=1))
