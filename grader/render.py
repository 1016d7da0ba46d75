"""Rendering a `GradingResult` for people and machines: json, text, md, html."""

from __future__ import annotations

import json

from .i18n import render as render_message
from .models import GradingResult
from .report import result_to_dict

FORMATS = ("text", "md", "html", "json")


def render_result(result: GradingResult, fmt: str = "text", lang: str = "en") -> str:
    if fmt == "json":
        return json.dumps(result_to_dict(result, lang), ensure_ascii=False, indent=2) + "\n"
    return _plain_text(result, lang)


def _plain_text(result: GradingResult, lang: str) -> str:
    lines = [f"{result.submission}: {result.score:g} / {result.max_score:g}  (seed {result.seed})"]
    for problem in result.problems:
        lines.append(f"  {problem.id:<18} {problem.score:>5g} / {problem.max_score:<4g} {problem.status}")
        if problem.error is not None:
            lines.append(f"      {render_message(problem.error, lang)}")
        for part in problem.parts:
            lines.append(f"    {part.id:<22} {part.score:>5g} / {part.max_score:g}")
            for message in part.feedback:
                lines.append(f"      - {render_message(message, lang)}")
    return "\n".join(lines) + "\n"
