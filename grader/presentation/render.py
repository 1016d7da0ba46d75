"""Rendering a `GradingResult` for people and machines: text, md, html (Jinja templates) and json.

The templates live in `grader.templates`.  They see the result models as they
are and turn every `Message` into a sentence with the filter ``t`` and every
fixed word with ``label(key)``, both in the report's language.  HTML is
autoescaped; Markdown puts student text into code spans (`code` filter).
"""

from __future__ import annotations

import functools
import importlib
import json
import re
import types
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
import jinja2.runtime
from markupsafe import Markup

from grader import __version__
from grader.presentation.compiled_templates import PrecompiledLoader
from grader.presentation.formats import FORMATS
from grader.presentation.labels import label as ui_label
from grader.presentation.labels import problem_title as _problem_title
from grader.presentation.labels import protections_text
from grader.presentation.mathml import ConversionBudget, markdown_math, to_mathml
from grader.presentation.mistakes import mistake_text
from grader.presentation.plot import bars, histogram, trajectory_plot
from grader.presentation.report import json_text, result_to_dict
from grader.presentation.report_view import SAID_AT_THE_LINE, anchor, array_difference, file_failure, lost_points, pad, part_title, repeated_failures, short_reason
from grader.presentation.safe_text import one_line, without_controls
from grader.results.formatting import counterexample_point, link_latex, number, relation_symbol, shape_text, value_text
from grader.results.i18n import LANGUAGES
from grader.results.i18n import render as render_message
from grader.results.models import GradingResult, Message, PartResult, ProblemResult
from grader.results.phrases import objective_name, translated

_TEMPLATE_OF = {"text": "report.txt.j2", "md": "report.md.j2", "html": "report.html.j2"}

def templates_dir() -> Path:
    # templates/ is grader.templates once installed (package-dir), and in a checkout through the
    # path grader/__init__.py extends: imported by name, so that the type checker sees the same
    # module either way
    templates = importlib.import_module("grader.templates")
    assert templates.__file__ is not None, "grader.templates is a package of files"
    return Path(templates.__file__).parent


class _Rendering:
    """What one rendering keeps while its template runs: its language, each sentence put into
    words once (a report says most of them more than once: summary, detail, comparisons) and
    each problem's file-level failure.  Its bound methods are the template's globals for that
    rendering: a plain callable costs Jinja a call, where a `pass_context` one called inside a
    loop costs a copy of the template's context each time."""

    def __init__(self, lang: str):
        self.lang = lang
        self.sentences: dict[int, tuple[Message, str]] = {}
        self.failures: dict[str, Any] = {}
        self.labels: dict[str, str] = {}

    def sentence(self, message: Message | None) -> str:
        if message is None:
            return ""
        # the message is kept with its text, so that its id stays its own while it is used
        known_text = self.sentences.get(id(message))
        if known_text is None or known_text[0] is not message:
            known_text = self.sentences[id(message)] = (message, render_message(message, self.lang))
        return known_text[1]

    def label(self, key: str, **params: Any) -> str:
        if params:
            return ui_label(key, self.lang, **params)
        found = self.labels.get(key)
        if found is None:
            found = self.labels[key] = ui_label(key, self.lang)
        return found

    def file_failure(self, problem: Any, lang: str | None = None) -> Any:
        """`report_view.file_failure`, once per problem and rendering."""
        if problem.id not in self.failures:
            self.failures[problem.id] = file_failure(problem, self.lang)
        return self.failures[problem.id]

    def failed_check_groups(self, part: PartResult) -> list[tuple[list[Any], str]]:
        """A part's failed checks, those that fail for the same reason together (a file that
        does not import fails every check alike: its sentence is said once), in order."""
        groups: dict[str, list[Any]] = {}
        for check in part.checks:
            if not check.passed:
                groups.setdefault(self.sentence(check.message), []).append(check)
        return [(checks, sentence) for sentence, checks in groups.items()]

    def largest_difference(self, difference: Any) -> str:
        """Where yours is farthest from the expected excerpt, in words ("" if nothing differs)."""
        largest = difference.largest if difference is not None else None
        if largest is None:
            return ""
        return self.label("largest_difference", row=largest.row, column=largest.column,
                          expected=value_text(largest.expected), got=value_text(largest.got))

    def lost_points(self, result: GradingResult, lang: str | None = None) -> Any:
        return lost_points(result, self.lang, self.failures)

    def protections(self, details: Any) -> Any:
        return protections_text(details, self.lang)

    def template_globals(self) -> dict[str, Any]:
        return {
            "rendering": self,
            "label": self.label,
            "file_failure": self.file_failure,
            "failed_check_groups": self.failed_check_groups,
            "lost_points": self.lost_points,
            "largest_difference": self.largest_difference,
            "protections": self.protections,
        }


@jinja2.pass_context
def _sentences(context: Any, items: Any, attribute: str | None = None) -> list[str]:
    """Each message of `items` (or each item's `attribute`, a check's "name") in words: one
    filter where ``map("t")`` costs Jinja a filter lookup per item."""
    rendering = context.get("rendering")
    say = rendering.sentence if rendering is not None else (lambda message: _t(context, message))
    if attribute is None:
        return [say(message) for message in items]
    return [say(getattr(item, attribute)) for item in items]


@jinja2.pass_context
def _t(context: Any, message: Message | None) -> str:
    rendering = context.get("rendering")
    if rendering is None:
        return "" if message is None else render_message(message, context.get("lang", "en"))
    return rendering.sentence(message)


_BACKTICKS = re.compile("`+")


def code_span(text: Any) -> str:
    """`text` as a Markdown code span that no backtick inside it can close."""
    text = " ".join(str(text).split())
    longest = max(map(len, _BACKTICKS.findall(text)), default=0) if "`" in text else 0
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


def new_inputs(checks: Any) -> list[bool]:
    """For each check of a group: are its inputs there and not those shown last (checks run on
    the same inputs show them once)."""
    shown = None
    marks = []
    for check in checks:
        new = bool(check.inputs) and check.inputs != shown
        if new:
            shown = check.inputs
        marks.append(new)
    return marks


def without_breaks(value: Any) -> str:
    """`value` as text with its line breaks taken out (an input's value on one line)."""
    return str(value).replace("\n", "")


def first_key(mapping: Any) -> Any:
    """The first key of `mapping` (None if it has none): pairs are separated before all others."""
    return next(iter(mapping), None)


def says_math(messages: Any) -> bool:
    """Whether any of the messages shows LaTeX of its own."""
    return any(message.math for message in messages)


@jinja2.pass_context
def _phrase(context: Any, text: Any) -> Any:
    """A phrase the grader wrote as plain text (a case's inputs), in the report's language."""
    return translated(text, context.get("lang", "en")) if isinstance(text, str) else text


def _finalize(value: Any) -> Any:
    """Every value a template prints: no control characters (terminal escapes, carriage
    returns, bidi overrides) and, in plain text, no line break of its own."""
    if type(value) is str and value.isprintable():  # neither a control nor a line break: most values
        return value
    if isinstance(value, Markup):
        return Markup(without_controls(value))
    if isinstance(value, str):
        return without_controls(value).replace("\n", " ")
    return value


def md_text(text: Any) -> str:
    """Plain text (a rendered sentence) made safe for a Markdown line: no HTML, no table breaks."""
    text = " ".join(str(text).split())
    return text.replace("\\", "\\\\").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")


#: What Jinja may call without handing it a context: plain functions, bound methods, builtins
#: and classes (zip), unless marked `pass_context` and its kin.
_PLAIN_CALLABLES = frozenset({types.FunctionType, types.MethodType, types.BuiltinFunctionType, type})


class _ReportContext(jinja2.runtime.Context):
    """Jinja's template context, calling a plain function at once: Jinja's own `call` asks
    every callable twice whether it wants the context (`pass_context` and its kin), which is
    most of what a call costs in a report that makes hundreds of them."""

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: PYI063 - Jinja's own signature (Context.call)
        if type(__obj) not in _PLAIN_CALLABLES or hasattr(__obj, "jinja_pass_arg"):
            return super().call(__obj, *args, **kwargs)
        kwargs.pop("_block_vars", None)
        kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:  # as Jinja's call: a StopIteration must not end the template's generator
            return __self.environment.undefined("value was undefined because a callable raised a StopIteration exception")


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=PrecompiledLoader(str(templates_dir())),
        finalize=_finalize,
        autoescape=lambda name: name is not None and ".html" in name,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.ChainableUndefined,
    )
    env.context_class = _ReportContext
    env.filters.update(
        t=_t,
        sentences=_sentences,
        nobreaks=without_breaks,
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
        relation=relation_symbol,
        point=counterexample_point,
        tojson_compact=lambda v: json.dumps(v, ensure_ascii=False),
    )
    env.globals.update(
        trajectory_plot=trajectory_plot,
        part_title=part_title,
        problem_title=lambda problem, lang: _problem_title(problem.id, problem.title, lang),
        mistake_text=mistake_text,
        repeated_failures=repeated_failures,
        array_difference=array_difference,
        anchor=anchor,
        link_latex=link_latex,
        md_array=md_array,
        said_at_the_line=SAID_AT_THE_LINE,
        grader_version=__version__,
        zip=zip,
        new_inputs=new_inputs,
        first_key=first_key,
        says_math=says_math,
    )
    return env


def _template_values(lang: str, values: dict[str, Any]) -> dict[str, Any]:
    """What every template of a rendering sees besides `values`: the language, its colon, the
    rendering's own globals and a budget for math."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    values.setdefault("colon", "：" if lang == "zh" else ": ")  # after a label: full-width in Chinese
    values.setdefault("math_budget", ConversionBudget())
    return {**_Rendering(lang).template_globals(), **values, "lang": lang}


def render_template(name: str, lang: str = "en", **values: Any) -> str:
    return environment().get_template(name).render(_template_values(lang, values))


def render_result(result: GradingResult, fmt: str = "text", lang: str = "en") -> str:
    """The report of one submission in `fmt` (one of FORMATS) and `lang` ("en" or "zh")."""
    if fmt == "json":
        return json_text(result_to_dict(result, lang)) + "\n"
    if fmt not in _TEMPLATE_OF:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt != "html":  # only the page draws the score chart
        return render_template(_TEMPLATE_OF[fmt], lang, result=result)
    chart = bars([(p.id, p.score, p.max_score) for p in result.problems])
    return render_template(_TEMPLATE_OF[fmt], lang, result=result, chart=chart)


def render_part_text(problem: ProblemResult, part: PartResult, lang: str = "en") -> str:
    """One part's lines of the text report, not indented (Gradescope's output of the part's test):
    the same macro the report calls for each part, called alone."""
    module = environment().get_template("report_part.txt.j2").make_module(_template_values(lang, {}))
    lines = getattr(module, "part_lines")  # noqa: B009  (a macro of the template: no attribute mypy knows)
    return str(lines(problem, (part,), None, (), "")).strip()


def render_summary(summary: Mapping[str, Any], lang: str = "en") -> str:
    """The class summary page of a batch (see `grader.apps.batch.class_summary`)."""
    hist = histogram(summary.get("totals", []), float(summary.get("max_score") or 0))
    return render_template("summary.html.j2", lang, summary=summary, hist=hist)
