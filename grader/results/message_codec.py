"""A `Message` as plain JSON data and back: how a batch's manifest and the gradebook keep sentences.

A parameter that is a message itself is kept as one (nested); a number or a truth value as it is;
anything else as its text, so that a manifest never holds an object JSON cannot write.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from grader.results.models import Message


def _param_to_plain(value: Any) -> Any:
    if isinstance(value, Message):
        return message_to_plain(value)
    return value if isinstance(value, (int, float, bool)) else str(value)


def message_to_plain(message: Message | None) -> dict[str, Any] | None:
    """``{"key": ..., "params": {...}}`` (None for no message)."""
    if message is None:
        return None
    return {"key": message.key, "params": {k: _param_to_plain(v) for k, v in message.params.items()}}


def message_from_plain(data: Any) -> Message | None:
    """The message `message_to_plain` wrote (None for anything that is not one: a manifest may be old or edited)."""
    if not isinstance(data, Mapping) or "key" not in data:
        return None
    params = {k: message_from_plain(v) if isinstance(v, Mapping) else v for k, v in dict(data.get("params") or {}).items()}
    return Message(str(data["key"]), params)
