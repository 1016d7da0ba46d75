"""LaTeX as MathML for the HTML report, and as `$...$` for the Markdown report.

Browsers render MathML natively (Chromium since 109, Firefox, Safari): the page
stays self-contained, with no script and nothing fetched.  The conversion is
latex2mathml's (a maintained, pure-Python converter that only tokenizes and
parses LaTeX, it evaluates nothing), applied to the student's own LaTeX and to
ours (goals, expected answers, derivation steps) alike.

latex2mathml copies some input through as markup (``\\text{<b>x</b>}`` becomes
``<mtext><b>x</b></mtext>``, ``\\href`` an ``href`` attribute), so its output
is never trusted: it is parsed and written out again with MathML elements and
presentation attributes only, every text escaped.  Whatever fails to convert
or to pass that filter is shown as its LaTeX source in a code span instead.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from html import escape
from xml.etree import ElementTree

from grader.presentation.safe_text import one_line

_latex2mathml: Callable[..., str] | None
try:  # a declared dependency; without it every formula falls back to its source
    from latex2mathml.converter import convert as _latex2mathml
except ImportError:  # pragma: no cover - exercised only on an incomplete install
    _latex2mathml = None

#: Longer formulas are shown as source: the conversion's cost stays bounded whatever a student writes.
MAX_LATEX = 1000

#: LaTeX characters converted per report; past it, formulas are shown as source.  A typical report
#: converts about 5,000; 20,000 lines of hostile LaTeX must not keep the grader busy for minutes.
REPORT_BUDGET = 40_000


class ConversionBudget:
    """What is left of one report's `REPORT_BUDGET` (each rendering has its own)."""

    def __init__(self, characters: int = REPORT_BUDGET):
        self.left = characters

    def spend(self, latex: str) -> bool:
        """Take `latex`'s length from the budget; False (and nothing taken) if it does not fit."""
        if len(latex) > self.left:
            return False
        self.left -= len(latex)
        return True

_MATHML = "{http://www.w3.org/1998/Math/MathML}"
_ELEMENTS = frozenset(
    "math mrow mi mn mo ms mtext mspace msub msup msubsup mfrac msqrt mroot mover munder munderover "
    "mtable mtr mtd mlabeledtr mstyle mpadded mphantom menclose merror mfenced mmultiscripts mprescripts none".split()
)
_ATTRIBUTES = frozenset(
    "display stretchy fence form accent accentunder mathvariant displaystyle scriptlevel linethickness "
    "columnalign rowalign rowspacing columnspacing columnlines rowlines frame lspace rspace width height depth "
    "separator separators notation minsize maxsize movablelimits largeop symmetric open close align "
    "equalrows equalcolumns mathsize".split()
)
#: Operator names latex2mathml leaves as their source (``<mi>\\arg</mi>``), written as operator names.
_OPERATOR_NAMES = re.compile(r"\\(arg|argmax|argmin)(?![A-Za-z])")


class _Refused(ValueError):
    """latex2mathml produced something outside the MathML subset we pass on."""


def _write(element: ElementTree.Element, out: list[str]) -> None:
    tag = element.tag.removeprefix(_MATHML)
    if tag not in _ELEMENTS:
        raise _Refused(tag)
    attributes = []
    for name, value in element.attrib.items():
        if name not in _ATTRIBUTES:
            raise _Refused(name)
        attributes.append(f' {name}="{escape(value, quote=True)}"')
    out.append(f"<{tag}{''.join(attributes)}>")
    if element.text:
        if "\\" in element.text:
            raise _Refused("LaTeX left unconverted")
        out.append(escape(element.text, quote=False))
    for child in element:
        _write(child, out)
        if child.tail:
            out.append(escape(child.tail, quote=False))
    out.append(f"</{tag}>")


@functools.lru_cache(maxsize=4096)
def to_mathml(latex: str, display: bool = False) -> str | None:
    """`latex` as a sanitized ``<math>`` element for an HTML page (where it needs no namespace
    declaration), or None where it does not convert cleanly."""
    source = one_line(latex)
    if _latex2mathml is None or not source or len(source) > MAX_LATEX:
        return None
    source = _OPERATOR_NAMES.sub(lambda m: r"\operatorname{" + {"argmax": "arg max", "argmin": "arg min"}.get(m.group(1), m.group(1)) + "}", source)
    try:
        converted = _latex2mathml(source, display="block" if display else "inline")
        tree = ElementTree.fromstring(converted)
        out: list[str] = []
        _write(tree, out)
    except Exception:  # any failure of the converter means: show the source
        return None
    return "".join(out)


#: What would end a Markdown `$...$` early or be read as markup inside it, and its LaTeX spelling.
_MARKDOWN_MATH_ESCAPES = {"<": r"\lt ", ">": r"\gt ", "|": r"\vert "}


def markdown_math(latex: str, budget: ConversionBudget | None = None) -> str | None:
    """`latex` between ``$`` for Markdown renderers (GitHub, Gradescope), or None where it
    would not survive there (it does not convert, or holds ``$`` or a backtick)."""
    source = one_line(latex)
    if not source or "$" in source or "`" in source:
        return None
    if (budget is not None and not budget.spend(source)) or to_mathml(source) is None:
        return None
    for char, spelled in _MARKDOWN_MATH_ESCAPES.items():
        source = source.replace(char, spelled)
    return "$" + " ".join(source.split()) + "$"
