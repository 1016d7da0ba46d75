"""The report formats, and how a value is written in them (a module of its own, without Jinja:
the CLI and the student kit's tool use it too)."""

from __future__ import annotations

import math
from typing import Any

FORMATS = ("text", "md", "html", "json")


def value_text(value: Any) -> str:
    """One array value for an expected-versus-got table."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        return str(value)
    if math.isnan(value) or math.isinf(value):
        return str(value)
    return f"{value:.6g}"
