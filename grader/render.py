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
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from . import __version__
from .formats import FORMATS, value_text
from .i18n import LANGUAGES, known
from .i18n import render as render_message
from .labels import label as ui_label
from .labels import problem_title as _problem_title
from .labels import protections_text
from .mathml import ConversionBudget, markdown_math, to_mathml
from .models import GradingResult, Message, PartResult
from .phrases import objective_name, translated
from .plot import bars, histogram, trajectory_plot
from .report import result_to_dict
from .report_view import (
    SAID_AT_THE_LINE,
    anchor,
    array_difference,
    file_failure,
    lost_points,
    pad,
    part_title,
    repeated_failures,
    short_reason,
)
from .safe_text import one_line, without_controls

_TEMPLATE_OF = {"text": "report.txt.j2", "md": "report.md.j2", "html": "report.html.j2"}

RELATION_SYMBOLS = {"=": "=", "=>": "⇒", "<=>": "⇔"}
RELATION_LATEX = {"=": "=", "=>": r"\Rightarrow", "<=>": r"\Leftrightarrow"}


def templates_dir() -> Path:
    from . import templates  # type: ignore[attr-defined]  # templates/ as grader.templates (package-dir), unknown to mypy

    return Path(templates.__file__).parent


@jinja2.pass_context
def _t(context: Any, message: Message | None) -> str:
    if message is None:
        return ""
    # a report says most sentences more than once (summary, detail, comparisons): each is put
    # into words once per rendering (the message is kept with its text, so its id stays its own)
    said = context.get("sentences")
    if said is None:
        return render_message(message, context.get("lang", "en"))
    known_text = said.get(id(message))
    if known_text is None or known_text[0] is not message:
        known_text = said[id(message)] = (message, render_message(message, context.get("lang", "en")))
    return known_text[1]


@jinja2.pass_context
def _failed_check_groups(context: Any, part: PartResult) -> list[tuple[list[Any], str]]:
    """A part's failed checks, those that fail for the same reason together (a file that
    does not import fails every check alike: its sentence is said once), in order."""
    groups: dict[str, list[Any]] = {}
    for check in part.checks:
        if not check.passed:
            groups.setdefault(_t(context, check.message), []).append(check)
    return [(checks, sentence) for sentence, checks in groups.items()]


@jinja2.pass_context
def _file_failure(context: Any, problem: Any, lang: str = "en") -> Any:
    """`report_view.file_failure`, once per problem and rendering."""
    failures = context.get("failures")
    if failures is None:
        return file_failure(problem, context.get("lang", "en"))
    if problem.id not in failures:
        failures[problem.id] = file_failure(problem, context.get("lang", "en"))
    return failures[problem.id]


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


@jinja2.pass_context
def html_math(context: Any, latex: Any, display: bool = False) -> Markup:
    """LaTeX as MathML, or its source in a code span where it does not convert (or the
    report's conversion budget is spent)."""
    budget = context.get("math_budget")
    source = str(latex)
    converted = to_mathml(source, display) if budget is None or budget.spend(source) else None
    if converted is not None:
        return Markup(f'<span class="math{" display" if display else ""}">{converted}</span>')
    return Markup('<code class="math">{}</code>').format(one_line(latex))


@jinja2.pass_context
def md_math(context: Any, latex: Any, display: bool = False) -> str:
    """LaTeX for Markdown: ``$...$`` (``$$...$$`` on a line of its own if `display`), or a
    code span where a Markdown renderer would not read it as math."""
    inline = markdown_math(str(latex), context.get("math_budget"))
    if inline is None:
        return code_span(latex)
    return f"${inline}$" if display else inline


def md_array(preview: Any, difference: Any = None) -> str:
    """An array excerpt on one Markdown line: rows split by ``;``, each entry a code span, those
    that differ from the expected value in bold."""
    rows = []
    for i, row in enumerate(preview.values):
        marks = difference.differs[i] if difference is not None and i < len(difference.differs) else ()
        cells = [f"**{code_span(value_text(v))}**" if j < len(marks) and marks[j] else code_span(value_text(v)) for j, v in enumerate(row)]
        rows.append(", ".join(cells) + (", …" if preview.truncated else ""))
    return "; ".join(rows)


def link_latex(link: Any) -> str:
    """A derivation link as one formula: ``left REL right``."""
    return f"{link.left} {RELATION_LATEX.get(link.relation, link.relation)} {link.right}"


@jinja2.pass_context
def _phrase(context: Any, text: Any) -> Any:
    """A phrase the grader wrote as plain text (a case's inputs), in the report's language."""
    return translated(text, context.get("lang", "en")) if isinstance(text, str) else text


def _finalize(value: Any) -> Any:
    """Every value a template prints: no control characters (terminal escapes, carriage
    returns, bidi overrides) and, in plain text, no line break of its own."""
    if isinstance(value, Markup):
        return Markup(without_controls(value))
    if isinstance(value, str):
        return without_controls(value).replace("\n", " ")
    return value


def md_text(text: Any) -> str:
    """Plain text (a rendered sentence) made safe for a Markdown line: no HTML, no table breaks."""
    text = " ".join(str(text).split())
    return text.replace("\\", "\\\\").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")


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


def shape_text(shape: Any) -> str:
    try:
        items = tuple(int(n) for n in shape)
    except (TypeError, ValueError):
        return str(shape)
    return "(" + ", ".join(str(n) for n in items) + ("," if len(items) == 1 else "") + ")"


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        finalize=_finalize,
        autoescape=lambda name: name is not None and ".html" in name,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.ChainableUndefined,
    )
    env.filters.update(
        t=_t,
        num=number,
        value=value_text,
        code=code_span,
        mdtext=md_text,
        shape=shape_text,
        math=html_math,
        mdmath=md_math,
        pad=pad,
        oneline=one_line,
        phrase=_phrase,
        short=short_reason,
        objective=jinja2.pass_context(lambda context, name: objective_name(str(name), context.get("lang", "en"))),
        relation=lambda r: RELATION_SYMBOLS.get(r, r),
        tojson_compact=lambda v: json.dumps(v, ensure_ascii=False),
    )
    env.globals.update(
        label=_label,
        protections=jinja2.pass_context(lambda context, details: protections_text(details, context.get("lang", "en"))),
        trajectory_plot=trajectory_plot,
        part_title=part_title,
        problem_title=lambda problem, lang: _problem_title(problem.id, problem.title, lang),
        mistake_text=mistake_text,
        lost_points=jinja2.pass_context(lambda context, result, lang: lost_points(result, lang, context.get("failures"))),
        file_failure=_file_failure,
        failed_check_groups=_failed_check_groups,
        repeated_failures=repeated_failures,
        array_difference=array_difference,
        anchor=anchor,
        link_latex=link_latex,
        md_array=md_array,
        said_at_the_line=SAID_AT_THE_LINE,
        grader_version=__version__,
    )
    return env


_RAW_CONTROLS = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape_controls(text: str) -> str:
    """JSON text with the controls that json.dumps leaves raw (DEL, C1, bidi) written as \\uXXXX:
    the same data, harmless on a terminal."""
    return _RAW_CONTROLS.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def render_template(name: str, lang: str = "en", **values: Any) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    values.setdefault("colon", "：" if lang == "zh" else ": ")  # after a label: full-width in Chinese
    values.setdefault("math_budget", ConversionBudget())
    values.setdefault("sentences", {})
    values.setdefault("failures", {})
    return environment().get_template(name).render(lang=lang, **values)


def render_result(result: GradingResult, fmt: str = "text", lang: str = "en") -> str:
    """The report of one submission in `fmt` (one of FORMATS) and `lang` ("en" or "zh")."""
    if fmt == "json":
        return _escape_controls(json.dumps(result_to_dict(result, lang), ensure_ascii=False, indent=2)) + "\n"
    if fmt not in _TEMPLATE_OF:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    chart = bars([(p.id, p.score, p.max_score) for p in result.problems])
    return render_template(_TEMPLATE_OF[fmt], lang, result=result, chart=chart)


def render_summary(summary: Mapping[str, Any], lang: str = "en") -> str:
    """The class summary page of a batch (see `grader.batch.class_summary`)."""
    hist = histogram(summary.get("totals", []), float(summary.get("max_score") or 0))
    return render_template("summary.html.j2", lang, summary=summary, hist=hist)
