"""Rendering a `GradingResult` for people and machines: text, md, html (Jinja templates) and json.

The templates live in `grader.templates`.  They see the result models as they
are and turn every `Message` into a sentence with the filter ``t`` and every
fixed word with ``label(key)``, both in the report's language.  HTML is
autoescaped; Markdown puts student text into code spans (`code` filter).
"""

from __future__ import annotations

import functools
import json
import math
import re
from pathlib import Path
from typing import Any, Mapping

import jinja2
import markupsafe

from . import __version__
from .formats import FORMATS, value_text
from .i18n import LANGUAGES, known
from .i18n import render as render_message
from .labels import label as ui_label
from .models import GradingResult, Message, PartResult
from .plot import bars, histogram, trajectory_plot
from .report import result_to_dict

_TEMPLATE_OF = {"text": "report.txt.j2", "md": "report.md.j2", "html": "report.html.j2"}

RELATION_SYMBOLS = {"=": "=", "=>": "⇒", "<=>": "⇔"}


def templates_dir() -> Path:
    from . import templates

    return Path(templates.__file__).parent


@jinja2.pass_context
def _t(context: Any, message: Message | None) -> str:
    if message is None:
        return ""
    return render_message(message, context.get("lang", "en"))


@jinja2.pass_context
def _label(context: Any, key: str, **params: Any) -> str:
    return ui_label(key, context.get("lang", "en"), **params)


def number(value: Any, digits: int = 2) -> str:
    """A score as people write it: 7.5, 10, 3.33 (never 3.3333333)."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        return str(value)
    if not math.isfinite(value):
        return str(value)
    rounded = round(value, digits)
    return f"{rounded:g}" if abs(rounded) < 1e6 else f"{value:.3g}"


def code_span(text: Any) -> str:
    """`text` as a Markdown code span that no backtick inside it can close."""
    text = " ".join(str(text).split())
    longest = 0
    run = 0
    for char in text:
        run = run + 1 if char == "`" else 0
        longest = max(longest, run)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def md_text(text: Any) -> str:
    """Plain text (a rendered sentence) made safe for a Markdown line: no HTML, no table breaks."""
    text = " ".join(str(text).split())
    return text.replace("\\", "\\\\").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")


def part_title(part: PartResult, lang: str) -> str:
    if part.id == "answer":
        return ui_label("part.answer", lang)
    if part.id.startswith("answer-"):
        return ui_label("part.answer_labeled", lang, label=part.id[len("answer-"):])
    if part.id == "derivation":
        return ui_label("part.derivation", lang)
    return part.id


def mistake_text(mistake_id: str, lang: str, problem_id: str | None = None) -> str:
    """A diagnosed mistake in words, if the catalog has them, else its id.

    Derivation problems name theirs ``mistake.<problem>.<id>``; the code checks'
    catalog (grader.reference.mutants, loaded only when needed) ``mistake.<id>``.
    """
    keys = ([f"mistake.{problem_id}.{mistake_id}"] if problem_id else []) + [f"mistake.{mistake_id}"]
    for attempt in range(2):
        for key in keys:
            if known(key):
                return render_message(Message(key), lang)
        if attempt == 0:
            try:
                import grader.reference.mutants  # noqa: F401  (defines the code mistakes' sentences)
            except Exception:
                break
    return mistake_id


def shape_text(shape: Any) -> str:
    try:
        items = tuple(int(n) for n in shape)
    except (TypeError, ValueError):
        return str(shape)
    return "(" + ", ".join(str(n) for n in items) + ("," if len(items) == 1 else "") + ")"


#: Characters that drive a terminal or reorder what it shows: C0 controls but tab and newline, DEL,
#: C1 controls (0x9b is a one-byte CSI on some terminals), and the bidirectional overrides and
#: isolates ("Trojan source").  A submission controls exception texts, output tails, type names and
#: answers: none of these may repaint the instructor's terminal ("Total: 100 / 100" over the real one).
TERMINAL_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def without_controls(value: Any) -> Any:
    """Every value a template prints, with the characters above replaced by U+FFFD (Markup stays Markup)."""
    if isinstance(value, str) and TERMINAL_CONTROLS.search(value):
        cleaned = TERMINAL_CONTROLS.sub("\ufffd", value)
        return markupsafe.Markup(cleaned) if isinstance(value, markupsafe.Markup) else cleaned
    return value


def terminal_safe_json(text: str) -> str:
    """JSON whose C1 controls and bidi overrides (which json.dumps leaves raw with ensure_ascii=False) are
    written as \\u escapes: the same data once decoded, nothing that drives the terminal it is printed on."""
    return TERMINAL_CONTROLS.sub(lambda found: "\\u%04x" % ord(found.group()), text)


@functools.lru_cache(maxsize=None)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        autoescape=lambda name: bool(name) and ".html" in name,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.ChainableUndefined,
        finalize=without_controls,
    )
    env.filters.update(
        t=_t,
        num=number,
        value=value_text,
        code=code_span,
        mdtext=md_text,
        shape=shape_text,
        relation=lambda r: RELATION_SYMBOLS.get(r, r),
        tojson_compact=lambda v: json.dumps(v, ensure_ascii=False),
    )
    env.globals.update(
        label=_label,
        trajectory_plot=trajectory_plot,
        part_title=part_title,
        mistake_text=mistake_text,
        grader_version=__version__,
    )
    return env


def render_template(name: str, lang: str = "en", **values: Any) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    return environment().get_template(name).render(lang=lang, **values)


def render_result(result: GradingResult, fmt: str = "text", lang: str = "en") -> str:
    """The report of one submission in `fmt` (one of FORMATS) and `lang` ("en" or "zh")."""
    if fmt == "json":
        return terminal_safe_json(json.dumps(result_to_dict(result, lang), ensure_ascii=False, indent=2)) + "\n"
    if fmt not in _TEMPLATE_OF:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    chart = bars([(p.id, p.score, p.max_score) for p in result.problems])
    return render_template(_TEMPLATE_OF[fmt], lang, result=result, chart=chart)


def render_summary(summary: Mapping[str, Any], lang: str = "en") -> str:
    """The class summary page of a batch (see `grader.batch.class_summary`)."""
    hist = histogram(summary.get("totals", []), float(summary.get("max_score") or 0))
    return render_template("summary.html.j2", lang, summary=summary, hist=hist)
