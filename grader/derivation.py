"""Checking a derivation line by line.

Input: the section's derivation lines (plain strings from `grader.answers_md`) and a
`Checker` that knows the problem's definitions and assumptions.  Output: a `DerivationCheck`
with every link judged, the first invalid line, and whether the chain runs from the
problem's starting point to its goal.

Semantics (the course contract, section 2):

- a line is a chain ``e1 REL e2 REL ...``; a line starting with a relation continues from
  the last expression (for ``=``) or the last statement (for ``=>``, ``<=>``) of the line before;
- ``=`` links two expressions that must be equal under the problem's assumptions (between
  arg-min/arg-max terms: the same minimizers);
- ``=>`` and ``<=>`` link statements (``=``-chains); the statement on the right must hold
  wherever the one on the left does: we check that it holds at points that satisfy the
  problem's conditions (the solved form substituted back);
- ``NAME = expr`` with NAME not yet known defines NAME for the lines after it; a name the
  problem defines is checked against the problem's definition instead.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from types import SimpleNamespace
from typing import Any, TypeVar, cast

import sympy
from sympy.core.function import AppliedUndef

from .equivalence import ArgOpt, Checker, Verdict, close, could_not_evaluate, evaluation_reason, names_in
from .evaluate import EvaluationError, FunctionDefinition, Timeout
from .free_letters import identity_in_free_letters
from .i18n import define
from .inequalities import INEQUALITY_RELATIONS, chain_holds, inequality_holds
from .mathparse import MathParseError, Notation, parse_line
from .mathparse.nodes import ParsedLine
from .models import DerivationLine, LinkResult, Message
from .moments import cross_terms_disagree
from .piecewise import conditioned, parse_with_cases, split_condition
from .two_classes import TwoClassReading, two_class_terms

define(
    {
        "derivation.defines": ("Defines {name}.", "定义了 {name}。"),
        "derivation.continues_unreadable": (
            "This line continues a line that could not be read, so its first step was not checked.",
            "此行接续一行无法读取的内容，因此其第一步未检查。",
        ),
        "derivation.no_step": (
            "No equation or implication here (a list, a mapping, prose): not a step, so not checked, and it costs nothing.",
            "此处没有等式或推导（列举、映射或文字说明）：不是推导步骤，不检查，也不扣分。",
        ),
        "derivation.not_a_statement": (
            "The right side of {relation} should be an equation; this step was not checked.",
            "{relation} 的右边应当是一个等式；此步未检查。",
        ),
        "derivation.statement_fails": (
            "The statement on the right does not follow: it does not hold under the problem's assumptions.",
            "右边的结论不能由左边推出：在题目的假设下它不成立。",
        ),
        "derivation.remark": (
            "A statement with `{relation}` (an assumption or a remark): not checked, and it costs nothing.",
            "含 `{relation}` 的陈述（假设或说明）：不检查，也不扣分。",
        ),
        "derivation.follows_by_solving": (
            "Follows from the statement before it, solved for {name}.",
            "由前一个式子解出 {name} 得到。",
        ),
        "derivation.follows": (
            "Part of a statement that follows from the one before it.",
            "属于由前一个式子推出的结论。",
        ),
        "derivation.cross_terms": (
            ("The expansion is wrong: its cross terms (products of different variables) do not have the "
            "coefficients of the square written out. The two sides agree only because those terms have "
            "expectation 0 (independence, zero means), which the expansion itself does not use."),
            ("展开式有误：交叉项（不同变量之积）的系数与平方展开后的系数不一致。两边相等只是因为这些项的期望为 0"
            "（独立、零均值），而展开式本身并未用到这一点。"),
        ),
        "derivation.stationary": (
            "The derivative set to zero: the condition that defines the minimizer (a condition, not an identity).",
            "令导数为零：这是定义最小值点的条件（是条件，而非恒等式）。",
        ),
        "derivation.reading": ("Valid, read as {reading}.", "成立，按{reading}理解。"),
        "derivation.reading_sum_scope": (
            "the sum running over every term that uses its index (no index left free)",
            "求和符号作用于所有含其下标的项（不留自由下标）",
        ),
        "derivation.reading_log_product": (
            "the logarithm of the whole product after it",
            "对其后整个乘积取对数",
        ),
        "derivation.reading_uniform_variance": (
            "the variance of the uniform distribution named, (b - a)^2 / 12 for U(a, b)",
            "所写均匀分布的方差，U(a, b) 的方差为 (b - a)^2 / 12",
        ),
        "derivation.reading_two_classes": (
            "the two-class case (y_i the second class's probability, 1 - y_i the first's), checked with K = 2",
            "二分类情形（y_i 为第二类的概率，1 - y_i 为第一类的概率），按 K = 2 检查",
        ),
        "derivation.reading_componentwise": (
            "the same equation for each component (the vectors' k-th entries)",
            "对每个分量成立的同一等式（向量的第 k 个分量）",
        ),
        "derivation.reading_later_definition": (
            "{names} as the derivation defines it further down",
            "推导后文对 {names} 的定义",
        ),
        "derivation.reading_one_hot": (
            "one-hot labels ({assumption}, every other label 0), as the text before the display assumes",
            "独热标签（{assumption}，其余标签为 0），即公式前文字所作的假设",
        ),
        "derivation.same_moments": (
            "Both sides are random: they have the same mean and the same variance.",
            "两边都是随机量：它们的均值与方差相同。",
        ),
        "derivation.holds_where_distinct": (
            "Valid where {first} ≠ {second}, as the two letters were read (it does not hold for {first} = {second}).",
            "在 {first} ≠ {second} 时成立（按两个不同字母理解；{first} = {second} 时不成立）。",
        ),
        "derivation.recovers": (
            ("Equal to {start}, the expression this chain computes: the mistake is the line before's (charged there), "
            "this line is right."),
            "等于本链所求的 {start}：错误在上一行（已在那里扣分），此行正确。",
        ),
        "derivation.slip": (
            "Valid, reading {letter} as {target} (a slip of the pen: a later line of the derivation writes {target} there).",
            "成立，将 {letter} 读作 {target}（笔误：推导的后续行在该处写的是 {target}）。",
        ),
        "derivation.assumes": (
            ("Two of the problem's quantities set equal: an assumption (a case the author considers), not a step; "
            "not checked, and it costs nothing."),
            "令题目中的两个量相等：这是假设（作者考虑的一种情形），不是推导步骤；不检查，也不扣分。",
        ),
        "derivation.letter_clash": (
            ("This step could not be checked: the derivation writes {letter} for a quantity of its own, while another "
            "of its letters stands for the course's {letter}, so the two cannot be told apart here."),
            "此步无法检查：推导中 {letter} 表示作者自己的量，而另一个字母代表课程中的 {letter}，此处二者无法区分。",
        ),
        "derivation.rounded": (
            "Equal at the precision written ({digits} decimals).",
            "在所写的精度（{digits} 位小数）下相等。",
        ),
        "derivation.could_not_check": (
            "This step could not be checked: the grader cannot handle its notation yet (it costs as a step that cannot be checked).",
            "此步无法检查：评分程序尚不能处理其写法（按无法检查的步骤计）。",
        ),
        "derivation.timeout": (
            "Checking this step took too long and was stopped.",
            "检查此步耗时过长，已停止。",
        ),
    }
)

LOGICAL = ("=>", "<=>")

#: Faults of the checker itself: logged for staff, never shown to a student.
LOG = logging.getLogger("grader.derivation")

#: Relations that state an assumption or a remark (`\epsilon_i \sim N(0, \sigma^2)`,
#: `L \propto ...`, `J(w) \approx ...`): a line with one is shown, not checked, not charged.
REMARK_RELATIONS = frozenset({
    "\\sim", "\\propto", "\\approx", "\\simeq", "\\cong", "\\in", "\\notin", "\\neq", "\\ne",
    "\\le", "\\leq", "\\ge", "\\geq", "<", ">", "\\lt", "\\gt", "\\perp", "\\subset", "\\subseteq", "~",
    # an update rule (`w \leftarrow w - \eta g`), an order of growth (`\asymp`), a map (`\mapsto`): remarks
    # (`\to`, `\rightarrow` are not: students write them for "tends to" and for "implies" inside a step)
    "\\leftarrow", "\\gets", "\\longleftarrow", "\\asymp", "\\mapsto", "\\longmapsto", "\\leftrightarrow", "\\ll", "\\gg",
    # an arrow with its label, `\xrightarrow{n \to \infty}`: a limit, or a transformation named in the label
    # (`\xrightarrow{\log}`), neither an equation the checker could hold the author to
    "\\xrightarrow", "\\xleftarrow",
})

#: ``NAME(args) =`` at the start of a line: a function the student defines.
_FUNCTION_DEFINITION = re.compile(
    r"^\s*(?:\\(?:mathrm|operatorname|text|textrm|mathit)\{([A-Za-z]+)\}|\\mathcal\{([A-Za-z]+)\}"
    r"|\\(hat|tilde|bar)\s*\{?\s*([A-Za-z])\s*\}?"  # `\hat J(w) = ...`
    r"|\\(ell|[A-Za-z]+)|([A-Z]{2,}[A-Za-z]*|[A-Za-z]))\s*\(([^()]*)\)\s*(?:=|:=|\\coloneqq)"
)


@dataclass(frozen=True)
class Term:
    """One expression of the derivation, with where it stands."""

    expr: Any
    source: str
    line: int


@dataclass(frozen=True)
class DerivationCheck:
    """What the derivation checker found."""

    lines: tuple[DerivationLine, ...]
    """Every line with its links."""

    terms: tuple[Term, ...]
    """Every expression in order (continuations not repeated)."""

    first_invalid: int | None
    """The first line with an invalid link or that could not be read."""

    invalid_lines: tuple[int, ...]
    """Every line with an invalid link or a parse error."""

    unchecked_lines: tuple[int, ...]
    """Lines with a link that could not be decided (and none invalid)."""

    student_definitions: dict[str, FunctionDefinition] = field(default_factory=dict)
    """Names the student defined, usable when matching the start and goal and in the answers."""

    student_functions: tuple[str, ...] = ()
    """Function names the student's lines define (``S(w,b) = ...``), for reading the answers."""

    remark_lines: tuple[int, ...] = ()
    """Lines that state an assumption or a remark (`\\sim`, `\\propto`, ...): shown, not checked."""

    aliases: dict[str, str] = field(default_factory=dict)
    """The author's own letters for the course's quantities (`{"a": "z", "p": "y"}`), found through
    their definitions; the answers are read with them too."""


_ENDS_WITH_EQUALS = re.compile(r"(?<![<>!:\\])=\s*(?:\\quad|\\qquad|\\,|\\;)*\s*$")


def _equalities_joined(sources: Sequence[Any], notation: Notation) -> list[Any]:
    """A line ending with `=` continues on the next line (an equality split across two displays):
    the first line's equality is completed with the next line's first expression, where the step
    is judged; the next line stays as written (both keep their numbers)."""
    joined: list[Any] = []
    for source in sources:
        if joined and _ENDS_WITH_EQUALS.search(joined[-1].text) and source.text.strip():
            parsed = _parse_or_none(source.text, notation)
            if parsed is not None and parsed.leading_relation is None and parsed.term_sources:
                joined[-1] = _with_text(joined[-1], joined[-1].text.rstrip() + " " + parsed.term_sources[0])
            else:  # the `=` moves to the start of the next line, which then continues the first
                joined[-1] = _with_text(joined[-1], _ENDS_WITH_EQUALS.sub("", joined[-1].text).rstrip())
                if not source.text.lstrip().startswith("="):
                    source = _with_text(source, "= " + source.text.strip())
        joined.append(source)
    return joined


def _with_text(source: Any, text: str) -> Any:
    try:
        return replace(source, text=text)
    except TypeError:  # not a dataclass: a plain object with number and text
        return SimpleNamespace(number=source.number, text=text)


_CASES = re.compile(r"^(?P<head>.*?=)\s*(?:\\left\.?\s*)?\\begin\{[dr]?cases\*?\}(?P<body>.*?)\\end\{[dr]?cases\*?\}(?:\s*\\right\.)?\s*[.,]?\s*$", re.DOTALL)
_CONDITION_WORD = re.compile(r"^\s*,?\s*(?:\\(?:text|mathrm|textrm|textit)\s*\{\s*(?:if|for|when|where|当|若)\s*\}|if\b|for\b|when\b|当|若)\s*", re.IGNORECASE)
_OTHERWISE = re.compile(r"^\s*,?\s*(?:\\(?:text|mathrm|textrm|textit)\s*\{\s*(?:otherwise|else|o\.w\.|other\s*cases?|否则|其他|其它)\s*\.?\s*\}|otherwise|else|否则|其他|其它)\s*$", re.IGNORECASE)
_INDEX_CONDITION = re.compile(r"^\s*\(?\s*([a-z])\s*(=|\\neq|\\ne|\\not\s*=|!=)\s*([a-z])\s*\)?\s*[.,]?\s*(?:时)?\s*$")


def _cases_expanded(sources: Sequence[Any]) -> list[Any]:
    """`A = \\begin{cases} B & \\text{if } k = i \\\\ C & \\text{otherwise} \\end{cases}`: one check per
    branch, each under its condition (`A = B \\quad (k = i)`, `A = C \\quad k \\neq i`), on the line's number."""
    expanded: list[Any] = []
    for source in sources:
        match = _CASES.match(source.text) if "cases" in source.text else None
        branches = _branches(match.group("body")) if match else None
        if not branches or match is None:
            expanded.append(source)
            continue
        head = match.group("head")
        for value, condition in branches:
            expanded.append(_with_text(source, f"{head} {value}{condition}"))
    return expanded


#: `y_i(z_i) = ...`, `a_j(\mathbf{z}) =`: an indexed name written as a function of its variables
#: (names only, no operator: `y_i(1 - y_i) = ...` stays a product).
_INDEXED_FUNCTION_HEAD = re.compile(
    r"^(\s*(?:\\(?:hat|tilde|bar)\s*\{?\s*)?[A-Za-z]\}?\s*_\s*(?:\{[A-Za-z ,]+\}|[A-Za-z]))\s*"
    r"\((?:\s*(?:\\(?:mathbf|boldsymbol|bm|vec)\s*\{\s*[A-Za-z]\s*\}|\\theta|[A-Za-z])(?:_\s*(?:\{[A-Za-z]\}|[A-Za-z]))?\s*,?)+\)(\s*(?:=|:=|\\coloneqq))"
)


def _function_head_dropped(source: Any) -> Any:
    """`y_i(z_i) = e^{z_i} / ...` defines (or restates) y_i: the argument list is no product."""
    match = _INDEXED_FUNCTION_HEAD.match(source.text)
    if match is None:
        return source
    return _with_text(source, match.group(1) + match.group(2) + source.text[match.end():])


#: "Given A, so B" written in the line: `且已知 \\sum_j Y_j = 1，所以 ...`, `\\text{given } A \\text{, so } B`.  A is
#: what the author assumes; the step is B.  ("Since A" or "from A" may cite a result of the author's, which
#: is a step to check: those lines are read whole.)
_GIVEN_THEN_SO = re.compile(
    r"^\s*(?:(?:且|并且|而且|又|另)?\s*(?:已知|假设|假定|设)|\\text\s*\{\s*(?:given|assuming|assume)\s*\})"
    r"(?P<premise>.+?)"
    r"(?:[,，;；]\s*)?(?:所以有|因此有|故有|则有|所以|因此|故|于是|从而|可得|得到|\\text\s*\{\s*,?\s*(?:so|hence|thus|therefore)\s*,?\s*\}|\\therefore|∴)"
    r"(?P<step>.+)$",
    re.DOTALL,
)


def _premise_dropped(source: Any) -> Any:
    """`且已知 \\sum_j Y_j = 1，所以 \\frac{\\partial E}{\\partial z_i} = y_i - Y_i`: the premise is what the author
    assumes (a TA does not mark it as a step); the line's step is the statement after "so"."""
    match = _GIVEN_THEN_SO.match(source.text)
    if match is None or "=" not in match.group("step"):
        return source
    step = match.group("step").strip()
    if re.search(r"[\u3400-\u9fff]", source.text):
        step = re.sub(r"\s*[!！]+$", "", step)  # a sentence of prose ends with "!": punctuation, not a factorial
    return _with_text(source, step)


#: `p_i = ...`, `L = ...`, `\\hat p_{k} = ...`: a line that may define one letter (one `=`).
#: `s(\\mathbf{x})_i = ...` too: the author's function of the vector, its i-th output.
_DEFINITION_HEAD = re.compile(r"^\s*(?:\\[A-Za-z]+\s*\{?\s*)?([A-Za-z])\s*\}?\s*(?:\([^()=]*\))?\s*(?:_\s*\{?[A-Za-z0-9 ,]*\}?)?\s*=")

#: At most this many renamings are tried for one definition (a few letters, a few quantities).
MAX_RENAMINGS = 40


def _course_letters(sources: Sequence[Any], notation: Notation, checker: Checker, known_names: set[str]) -> Notation:
    """The author's own letters for the course's quantities, followed through their definitions:
    `p_i = e^{a_i} / \\sum_k e^{a_k}` defines p as the softmax of a, which holds when a is the logits z
    and p the outputs y; `L = -\\sum_k t_k \\log p_k` then holds with t the labels Y and L the loss E.
    A definition whose letters are all new and which holds under one renaming to the problem's
    quantities (and no definition of the problem is left out of it) makes those letters aliases."""
    indexed = set(notation.indexed)
    targets = sorted((indexed | set(checker.definitions)) & known_names)
    aliases = dict(notation.aliases)
    # a letter the problem knows only as an index (`l` of `l = -\\sum_i y_i \\log p_i`) may be the author's name,
    # where the derivation never writes it as an index (renamed, `y_l` would read as y_E)
    index_only = set(notation.index_ranges) - indexed - set(checker.definitions)
    heads_known = set(known_names) - {letter for letter in index_only if not _written_as_index(letter, sources)}
    for source in sources:
        if deadline_passed(checker.deadline):
            break
        head = _DEFINITION_HEAD.match(source.text)
        if head is None or head.group(1) in heads_known:
            continue  # only a definition of a new letter can name a course quantity (and reading costs time)
        head_letter = head.group(1)
        # a letter an earlier definition renamed (p read as y from `L = -\\sum_i y_i \\log p_i`), defined
        # again in letters of the author's (`p_i = e^{o_i} / \\sum_j e^{o_j}`): those letters are still to read
        renamed_head = head.group(1) in aliases and head.group(1) not in notation.aliases
        if head.group(1) in aliases and not renamed_head:
            continue
        current = replace(notation, aliases=aliases) if aliases != dict(notation.aliases) else notation
        parsed = _parse_or_none(source.text, current)
        if parsed is None or parsed.leading_relation is not None or parsed.relations != ("=",):
            continue
        head, body = parsed.terms
        head_base = _letter_base(head, notation)
        if head_base is None and isinstance(head, sympy.Symbol) and head.name == head_letter and head.name not in heads_known:
            head_base = head.name  # `l`, an index letter of the problem's, named as the author's loss
        if head_base is None or (not renamed_head and (head_base in heads_known or head_base in aliases)):
            continue
        unknown = sorted(b for b in (_letter_base(n, notation) for n in _leaves(body)) if b and b not in known_names and b not in aliases)
        unknown = list(dict.fromkeys(unknown))
        if len(unknown) > 2 or (renamed_head and not unknown):
            continue
        letters = unknown if renamed_head else [head_base, *unknown]
        indexed_letters = {_letter_base(n, notation) for n in [head, *_leaves(body)] if _is_indexed_use(n, notation)}
        written_known = {b for b in (_letter_base(n, notation) for n in [head, *_leaves(body)]) if b in known_names}
        found = _renaming(source.text, letters, targets, notation, aliases, checker, indexed_letters, written_known)
        if found:
            aliases.update(found)
    return replace(notation, aliases=aliases) if aliases != dict(notation.aliases) else notation


def _written_as_index(letter: str, sources: Sequence[Any]) -> bool:
    """Whether a line writes `letter` in a subscript (`y_l`, `\\sum_{l=1}^K`, `w_{kl}`)."""
    pattern = re.compile(rf"_\s*(?:\{{[^{{}}]*{letter}[^{{}}]*\}}|{letter})")
    return any(pattern.search(re.sub(r"\\[A-Za-z]+", " ", source.text)) for source in sources)  # commands' letters aside


#: A letter standing alone (not part of a word or a command), as written.
_LONE_LETTER = re.compile(r"(?<![A-Za-z\\])([A-Za-z])(?![A-Za-z])")


def _without_commands(text: str) -> str:
    """`text` without its commands (`\\frac`, `\\log`) and `\\text{...}` words, so that their letters are not read."""
    return re.sub(r"\\[A-Za-z]+", " ", re.sub(r"\\text\s*\{[^{}]*\}", " ", text))


def _renaming(text: str, letters: list[str], targets: list[str], notation: Notation, aliases: dict, checker: Checker,
              indexed_letters: set, written: AbstractSet[str] = frozenset()) -> dict | None:
    """`written`: the problem's letters the definition itself writes (y in `l = -\\sum_i y_i \\log p_i`)."""
    from itertools import permutations

    tried = 0
    # the author's W for the problem's w first: where a product makes two renamings hold (w_i a_i read as
    # W_i x_i either way), the one that keeps a letter up to its case is what a TA reads
    ordered = sorted(permutations(targets, len(letters)),
                     key=lambda chosen: -sum(letter.lower() == target.lower() for letter, target in zip(letters, chosen)))
    for chosen in ordered:
        # an indexed letter (a_i) stands for an indexed quantity (z_i), a lone one (L) for a lone one (E)
        if any((letter in indexed_letters) != (target in notation.indexed) for letter, target in zip(letters, chosen)):
            continue
        for swapped in _swaps(written, letters, chosen, targets, notation):
            if tried >= MAX_RENAMINGS:
                return None
            tried += 1
            renaming = {**dict(zip(letters, chosen)), **swapped}
            trial = {**aliases, **renaming}
            parsed = _parse_or_none(text, replace(notation, aliases=trial))
            if parsed is None or len(parsed.terms) != 2:
                continue
            try:
                if names_in(parsed.terms[1]) & set(letters):
                    continue  # a letter the renaming did not reach
                verdict = checker.same_values(parsed.terms[0], parsed.terms[1])
                if verdict.holds is None and _random_outside_expectation(checker, verdict):
                    # `y = \\sum_i W_i x_i`, random on both sides (xavier's z): the same mean and variance
                    verdict = _same_moments(checker, Term(parsed.terms[0], "", 0), Term(parsed.terms[1], "", 0), verdict)
                if verdict.holds:
                    return renaming
            except (EvaluationError, Timeout, TypeError, ValueError, AttributeError):
                continue
    return None


def _swaps(written: AbstractSet[str], letters: list[str], chosen: tuple, targets: list[str], notation: Notation) -> list[dict]:
    """The renamings of the course letters a renaming takes that the author also writes for a quantity of
    their own (p read as the outputs y while the author's y are the labels: y read as Y), each to another
    of the problem's quantities of the same kind; `[{}]` where the author writes none of them."""
    clashing = [target for target in chosen if target in written and target not in letters]
    if not clashing:
        return [{}]
    if len(clashing) > 1:
        return []  # two course letters written for the author's own quantities: too many readings
    target = clashing[0]
    return [{target: other} for other in targets
            if other not in chosen and other != target and (other in notation.indexed) == (target in notation.indexed)]


def _letter_base(expr: Any, notation: Notation) -> str | None:
    """The letter a term names: `p` of `p_i` (as the symbol p_i or p[i]) or of a scalar `L`."""
    if isinstance(expr, sympy.Indexed):
        return getattr(expr.base.label, "name", None)
    if isinstance(expr, sympy.Symbol):
        match = _INDEXED_NAME.fullmatch(expr.name)
        if match and match.group(2) in notation.index_ranges:
            return match.group(1)
        return expr.name if expr.name not in notation.index_ranges else None
    return None


def _is_indexed_use(expr: Any, notation: Notation) -> bool:
    if isinstance(expr, sympy.Indexed):
        return True
    match = _INDEXED_NAME.fullmatch(expr.name) if isinstance(expr, sympy.Symbol) else None
    return bool(match and match.group(2) in notation.index_ranges)


def _leaves(expr: Any) -> list:
    if not isinstance(expr, sympy.Basic):
        return []
    return [node for node in sympy.preorder_traversal(expr) if isinstance(node, (sympy.Symbol, sympy.Indexed))]


def _under_prose_condition(source: Any, inequalities: bool = False) -> Any:
    """A line of a block that prose put under a condition ("If $k = i$:") is read with the
    condition after its math, as if the student had written `\\quad (k = i)` there (an
    inequality only where the notation reads inequalities)."""
    condition = getattr(source, "condition", "")
    if not condition or "cases" in source.text or (not inequalities and re.search(r"[<>]|\\[lg]e|\\[lg]t", condition)):
        return source
    return _with_text(source, f"{source.text} \\quad ({condition})")


_ASSUMED_ONE_HOT = re.compile(r"^(?P<family>[A-Za-z])_(?P<index>[a-z]) = 1$")


def _under_assumption(checker: Checker, source: Any, notation: Notation) -> Checker:
    """The checker for a line the section's prose put under one-hot labels ("$Y_j = 1$ and
    the others 0"): its points have the labels one-hot at the index named, as a TA reads the
    lines after such a sentence. The author's letter for the labels is followed through the
    notation's renamings; a family the problem does not draw as one vector is left as it is
    (the points then keep their labels, and a step that needs the assumption is not accepted)."""
    found = _ASSUMED_ONE_HOT.match(getattr(source, "assumption", "") or "")
    if found is None:
        return checker
    family = notation.aliases.get(found.group("family"), found.group("family"))
    index = notation.aliases.get(found.group("index"), found.group("index"))
    if notation.indexed.get(family) != 1 or index not in notation.index_ranges:
        return checker
    return checker.with_one_hot(family, index)


def _branches(body: str) -> list[tuple[str, str]] | None:
    """The branches of a `cases` body as (value, condition written after the math); None if a
    condition is not one this reader knows (the line is then read as written)."""
    rows = [row for row in re.split(r"\\\\", body) if row.strip()]
    parsed: list[tuple[str, tuple[str, str, str] | None]] = []
    for row in rows:
        value, _, condition = row.partition("&")
        if not _:  # `y_i(1-y_i) \text{ if } k = i` without an ampersand
            at = re.search(r"\\text\s*\{\s*(?:if|for|when|otherwise)", row)
            if at is None:
                return None
            value, condition = row[: at.start()], row[at.start():]
        if _OTHERWISE.match(condition):
            parsed.append((value.strip().rstrip(","), None))
            continue
        condition = re.sub(r"\\(?:[,;:!> ]|q?quad)|&", " ", condition)  # `\text{if }\; k = i`, `if & i = j`: spacing
        condition = re.sub(r"\\text\s*\{\s*(?:if|for|when)?\s*\$([^$]*)\$\s*[,.]?\s*\}", r" \1 ", condition)  # `\text{if $i = j$,}`
        found = _INDEX_CONDITION.match(_CONDITION_WORD.sub("", condition, count=1))
        if found is None:
            return None
        parsed.append((value.strip().rstrip(","), (found.group(1), "=" if found.group(2) == "=" else "!=", found.group(3))))
    stated = [c for _, c in parsed if c is not None]
    branches = []
    for value, condition in parsed:
        if condition is None:  # `otherwise`: the opposite of the one other condition
            if len(stated) != 1:
                return None
            left, relation, right = stated[0]
            condition = (left, "!=" if relation == "=" else "=", right)
        left, relation, right = condition
        branches.append((value, f" \\quad ({left} = {right})" if relation == "=" else f" \\quad ({left} \\neq {right})"))
    return branches


def _branches_merged(lines: list[DerivationLine], originals: dict[int, str]) -> list[DerivationLine]:
    """The lines of a `cases` line's branches as one line again, as the student wrote it."""
    merged: list[DerivationLine] = []
    for line in lines:
        if merged and merged[-1].number == line.number:
            previous = merged[-1]
            links = previous.links + line.links
            if previous.error is not None or line.error is not None:
                error = previous.error or line.error
                merged[-1] = DerivationLine(number=line.number, source=originals.get(line.number, line.source), links=(), error=error)
            else:
                merged[-1] = DerivationLine(number=line.number, source=originals.get(line.number, line.source), links=links)
        else:
            merged.append(replace(line, source=originals.get(line.number, line.source)) if line.source != originals.get(line.number, line.source) and line.number in originals else line)
    return merged


def declared_functions(text: str) -> tuple[str, ...]:
    """Function names a line defines (``\\ell(w, b) = ...``), canonical as the parser names them."""
    match = _FUNCTION_DEFINITION.match(text)
    if not match:
        return ()
    if match.group(2):
        return (match.group(2) + "cal",)  # the parser's name of \mathcal{L}
    if match.group(3):
        return (f"{match.group(3)}_{match.group(4)}",)  # the parser's name of \hat J: hat_J
    name = match.group(1) or match.group(5) or match.group(6)
    return (name,)


def extend_notation(notation: Notation, functions: Sequence[str]) -> Notation:
    new = {name: () for name in functions if name not in notation.functions}
    if not new:
        return notation
    return replace(notation, functions={**dict(notation.functions), **new})


#: ``obj = ...``, ``\\text{loss} = ...`` at the start of a line: a word the student names a quantity with.
_WORD_DEFINITION = re.compile(r"^\s*(?:\\(?:mathrm|text|operatorname|textrm|mathit)\s*\{\s*)?([A-Za-z]{3,})\s*\}?\s*(?::=|=)")


def _with_student_words(notation: Notation, sources: Sequence[Any]) -> Notation:
    """`notation` where a word the derivation defines (`obj = -\\sum_i ...`) is one name, not a product of
    letters (o b j), in every line: a TA reads the student's name as the student wrote it."""
    from .mathparse.vocabulary import ASCII_GREEK_WORDS, ASCII_WORDS, PROSE_WORDS, RESERVED_WORDS

    taken = (ASCII_WORDS | ASCII_GREEK_WORDS | RESERVED_WORDS | PROSE_WORDS | set(notation.symbols)
             | set(notation.functions) | set(notation.indexed) | set(notation.matrices))
    words = []
    for source in sources:
        match = _WORD_DEFINITION.match(source.text)
        if match and match.group(1) not in taken and match.group(1).lower() not in {w.lower() for w in taken}:
            words.append(match.group(1))
    if not words:
        return notation
    return replace(notation, symbols=tuple(dict.fromkeys([*notation.symbols, *words])))


def check_derivation(
    sources: Sequence[Any],
    notation: Notation,
    checker: Checker,
    known_names: set[str],
    slips: dict[str, str] | None = None,
    defined_below: dict[str, FunctionDefinition] | None = None,
    two_classes: TwoClassReading | None = None,
    forward: Mapping[str, FunctionDefinition] | None = None,
) -> DerivationCheck:
    """Judge every link of every line (`sources`: objects with ``number`` and ``text``).

    `slips`: letters read as another (`{"delta": "sigma"}`), found by a first reading (see `_letter_slip`).
    `defined_below`: the author's functions a first reading found used on a line before the line that
    defines them (`= \\sum_i l(Y_i, y_i)`, then `l(Y_i, y_i) = ...`), known from the first line on.
    `two_classes`: how the problem reads a line written for two classes (see `two_classes.py`), if it does.
    `forward`: the author's definitions a first reading found only after a line that uses them
    (`Var(z_t) = Var(z_{t-1})`, then `z_t = w_t a_t + b_t`), known from the first line on."""
    given_sources = sources
    originals = {source.number: source.text for source in sources}
    sources = _equalities_joined(sources, notation)
    sources = _cases_expanded([_under_prose_condition(_function_head_dropped(_premise_dropped(source)), notation.inequalities)
                               for source in sources])
    student_functions: list[str] = []
    for source in sources:
        student_functions.extend(n for n in declared_functions(source.text) if n not in known_names)
    line_notation = extend_notation(notation, student_functions)
    line_notation = _with_student_words(line_notation, sources)
    if slips:
        line_notation = replace(line_notation, aliases={**dict(line_notation.aliases), **slips})
    bounds = _bound_letters(sources, line_notation, known_names)
    if bounds:
        line_notation = replace(line_notation, aliases={**bounds, **dict(line_notation.aliases)})
    lettered = _course_letters(sources, line_notation, checker, known_names)
    found_aliases = {k: v for k, v in lettered.aliases.items() if notation.aliases.get(k) != v}
    line_notation = lettered
    # a course letter another of the author's letters was read as, which the author also writes for a
    # quantity of their own (p read as the outputs y, while the author's y are the labels): the two
    # cannot be told apart on a line that writes it, so no step there is called wrong for it
    written = {m for source in sources for m in _LONE_LETTER.findall(_without_commands(source.text))}
    clashing = {target for letter, target in found_aliases.items() if target in written and letter != target
                and target not in found_aliases}  # (a course letter the author writes, itself renamed, is no clash)

    definitions: dict[str, FunctionDefinition] = {**(defined_below or {}), **(forward or {})}
    defined_on: dict[str, int] = {}  # the line that first defined each of the author's names
    given_read: list[str] = []  # equations of the prose before the blocks, read so far
    argopt_names: dict[str, ArgOpt] = {}
    lines: list[DerivationLine] = []
    remarks: list[int] = []
    all_terms: list[Term] = []
    previous_terms: list[Term] | None = []
    previous_segment: list[Term] | None = []

    operators = set(getattr(checker, "special", {}))  # E[...], Var(...): the problem's operators, not the author's functions
    stated_heads: set[str] = set()
    found_slips: dict[str, str] = {}  # an undefined letter a later step shows to stand for the problem's (`\\delta` for `\\sigma`)
    chain_start: Term | None = None  # the expression an `=` chain (continued over lines) computes  # names the derivation has already stated `NAME = ...` for (a second statement is a step)
    carried_condition = None  # the conditions of the last statement, for `\Rightarrow` lines continuing it
    # `\frac{\partial y_j}{\partial z_i} = ...`, then "If $i = j$:" `= ...`, then "If $i \neq j$:" `= ...`: each
    # case continues the expression split into cases, not the other case's last line
    case_anchor: tuple | None = None
    last_block, last_condition = None, ""
    for source in sources:
        lines_before, terms_before = len(lines), len(all_terms)
        for defined in set(definitions) - set(defined_on) - set(forward or {}) - set(defined_below or {}):
            defined_on[defined] = lines[-1].number if lines else 0
        for equation in getattr(source, "given", ())[len(given_read):]:
            given_read.append(equation)
            _given_definition(equation, line_notation, known_names | set(definitions) | set(argopt_names), definitions, argopt_names)
        defined_before = set(definitions)
        condition, block = getattr(source, "condition", ""), getattr(source, "block", None)
        if block != last_block:
            if condition and not last_condition:
                case_anchor = (previous_terms, previous_segment)
            elif condition and condition != last_condition and case_anchor is not None and _continues(source.text):
                previous_terms, previous_segment = case_anchor
            if not condition:
                case_anchor = None
            last_block, last_condition = block, condition
        line_checker = _under_assumption(checker, source, line_notation)
        try:
            if deadline_passed(checker.deadline):
                # reading a line costs time too: past the problem's time limit the rest is not even read
                lines.append(DerivationLine(number=source.number, source=source.text,
                                            links=(LinkResult("", "=", "", None, Message("derivation.timeout")),)))
                previous_terms = previous_segment = None
                continue
            names_defined = None
            parsed: ParsedLine | None
            try:
                text, inequality_condition = split_condition(source.text, line_notation)  # `..., \quad w_i^* > 0`
                if line_notation.inequalities and "cases" in text:  # a `cases` value with inequality conditions
                    parsed = parse_with_cases(text, line_notation)
                else:
                    parsed = parse_line(text, line_notation)
            except MathParseError as error:
                split = _tuple_definition(source.text)
                parsed = _parse_or_none(split[1], line_notation) if split else None
                if split is None or parsed is None or parsed.leading_relation is not None:
                    remark = _remark_relation(error)
                    before_prose = (previous_terms, previous_segment)
                    previous_terms = previous_segment = None
                    if remark is not None:
                        reason = Message("derivation.remark", {"relation": remark})
                        lines.append(DerivationLine(number=source.number, source=source.text, links=(LinkResult(source.text, remark, "", None, reason),)))
                        remarks.append(source.number)
                        # `L \propto A \\ = B`: the next line's `= B` is checked against A
                        after = _after_remark(source.text, error, line_notation, source.number)
                        if after is not None:
                            previous_terms = previous_segment = after
                            all_terms.extend(after)
                    elif states_no_step(source.text):
                        # `\{x_i, Y_i\}_{i=1}^n`, `a \rightarrow [0, 1, 0]`, `\text{since V is orthogonal}`: no
                        # equation, so no step a TA could mark; shown as read, not charged
                        lines.append(DerivationLine(number=source.number, source=source.text,
                                                    links=(LinkResult(source.text, "", "", None, Message("derivation.no_step")),)))
                        remarks.append(source.number)
                        # prose between two steps (`\text{$\Lambda$ is diagonal}`): a next `= ...` continues the math before it
                        previous_terms, previous_segment = before_prose
                    else:
                        lines.append(DerivationLine(number=source.number, source=source.text, error=error.message))
                    continue
                names_defined = split[0]
            if (line_notation.inequalities and parsed.leading_relation in LOGICAL and not parsed.conditions
                    and inequality_condition is None and carried_condition is not None):
                # `\Rightarrow ...` continues a statement made under a condition: the same condition
                parsed, inequality_condition = replace(parsed, conditions=carried_condition[0]), carried_condition[1]
            carried_condition = (parsed.conditions, inequality_condition) if parsed.conditions or inequality_condition is not None else None
            binary = two_class_terms(parsed.terms, two_classes, line_notation.index_ranges) if two_classes is not None else None
            if two_classes is not None and binary is not None:
                # `\prod_i y_i^{Y_i} (1 - y_i)^{1 - Y_i}`: the two-class case, checked where there are two classes
                parsed = replace(parsed, terms=binary, readings=("two_classes", *parsed.readings))
                line_checker = line_checker.with_scenarios((two_classes.scenario,))
            current = line_checker.with_definitions(definitions).with_conditions(parsed.conditions, parsed.equalities)
            if inequality_condition is not None:
                current = conditioned(current, (inequality_condition,))
            terms = [Term(e, s, source.number) for e, s in zip(parsed.terms, parsed.term_sources)]
            all_terms.extend(terms)
            relations = list(parsed.relations)
            links: list[LinkResult] = []
            if names_defined is not None:
                # `\hat w, \hat b = \arg\max ...`: names for the result, nothing to check.
                links.append(LinkResult(names_defined, "=", terms[0].source, True, Message("derivation.defines", {"name": names_defined})))
            lead = parsed.leading_relation

            if lead is not None:
                if not previous_terms:
                    links.append(
                        LinkResult(left="", relation=lead, right=terms[0].source if terms else "", valid=None,
                                   reason=Message("derivation.continues_unreadable"))
                    )
                    chain, chain_relations = terms, relations
                elif lead == "=" or lead in INEQUALITY_RELATIONS:  # `\le ...` continues from the last term too
                    chain, chain_relations = [previous_terms[-1], *terms], [lead, *relations]
                else:
                    # `=> ...` continues from the last statement; its own links were judged on its line
                    carried = previous_segment or previous_terms[-1:]
                    chain = [*carried, *terms]
                    chain_relations = [*(["="] * (len(carried) - 1)), lead, *relations]
            else:
                chain, chain_relations = terms, relations

            start_index = 0
            if lead is not None and lead in LOGICAL and previous_terms:
                start_index = len(previous_segment or previous_terms[-1:]) - 1  # judge from the logical link on
            if lead is None and chain_relations and chain_relations[0] == "=":
                name = _new_name(chain[0].expr, known_names | set(definitions) | set(argopt_names),
                                 set(line_notation.index_ranges) - set(definitions) - set(argopt_names))
                if name is not None and not _index_beyond_head(chain[0].expr, chain[1].expr, notation):
                    _record_definition(name, chain[0].expr, _resolve(chain[1].expr, argopt_names), definitions, argopt_names, notation)
                    links.append(LinkResult(chain[0].source, "=", chain[1].source, True, Message("derivation.defines", {"name": chain[0].source})))
                    start_index = 1
                    current = line_checker.with_definitions(definitions).with_conditions(parsed.conditions, parsed.equalities)
                    if inequality_condition is not None:
                        current = conditioned(current, (inequality_condition,))

            if lead is None and start_index == 0 and chain_relations and chain_relations[0] == "=":
                # `\\frac{\\partial \\hat y_i}{\\partial \\theta_i} = \\frac{\\partial}{\\partial \\theta_i} \\frac{e^{\\theta_i}}{\\sum_j e^{\\theta_j}}`:
                # the derivative of a name nobody defined, written as the derivative of an expression, says
                # what the name is (the author's definition, as a TA reads it); its later derivatives are checked
                by_derivative = _defined_by_derivative(chain[0].expr, _resolve(chain[1].expr, argopt_names),
                                                       known_names | set(definitions) | set(argopt_names) | stated_heads,
                                                       set(known_names) - set(checker.definitions) - set(definitions))
                if by_derivative is not None:
                    name, head, body = by_derivative
                    _record_definition(name, head, body, definitions, argopt_names, notation)
                    links.append(LinkResult(chain[0].source, "=", chain[1].source, True, Message("derivation.defines", {"name": chain[0].source})))
                    start_index = 1
                    # the next step is checked from the derivative of the name, which the definition makes equal
                    chain[1] = replace(chain[1], expr=chain[0].expr)
                    current = line_checker.with_definitions(definitions).with_conditions(parsed.conditions, parsed.equalities)
                    if inequality_condition is not None:
                        current = conditioned(current, (inequality_condition,))

            segments = _segments(chain, chain_relations)
            solved: set[int] = set()  # segments that follow from the one before by solving it
            for k in range(start_index, len(chain_relations)):
                left, right, relation = chain[k], chain[k + 1], chain_relations[k]
                lone_argopts = (
                    relation in LOGICAL
                    and len(segments[_segment_of(k, chain_relations)]) == 1
                    and len(segments[_segment_of(k + 1, chain_relations)]) == 1
                    and isinstance(_resolve(left.expr, argopt_names), ArgOpt)
                    and isinstance(_resolve(right.expr, argopt_names), ArgOpt)
                )
                if relation in INEQUALITY_RELATIONS:
                    verdict = judge(lambda: inequality_holds(current, _resolve(left.expr, argopt_names), _resolve(right.expr, argopt_names), relation))
                elif relation == "=" or lone_argopts:  # `\arg\max L \iff \arg\min -\log L`: the same minimizers
                    verdict = judge(lambda: current.same_values(_resolve(left.expr, argopt_names), _resolve(right.expr, argopt_names)))
                elif _has_inequality(chain_relations, k + 1):
                    # `... \Rightarrow a \ge b`: the statement's own links hold where the problem's assumptions do
                    statement, statement_relations = _statement_with_relations(chain, chain_relations, k + 1)
                    verdict = judge(lambda: chain_holds(current, [_resolve(t.expr, argopt_names) for t in statement], statement_relations))
                    if verdict.holds is False:
                        verdict = Verdict(False, Message("derivation.statement_fails"), verdict.counterexample)
                else:
                    statement = segments[_segment_of(k + 1, chain_relations)]
                    premise = segments[_segment_of(k, chain_relations)]
                    verdict = judge(lambda: _statement_holds(current, statement, argopt_names, relation, premise))
                if relation in LOGICAL:
                    left_text = " = ".join(t.source for t in segments[_segment_of(k, chain_relations)])
                    right_text = " = ".join(t.source for t in segments[_segment_of(k + 1, chain_relations)])
                else:
                    left_text, right_text = left.source, right.source
                if relation == "=" and verdict.holds and "E" in getattr(current, "special", {}):
                    verdict = judge(lambda: _expansion_checked(current, left, right, verdict))
                if relation == "=" and verdict.holds is None and _random_outside_expectation(current, verdict):
                    verdict = judge(lambda: _same_moments(current, left, right, verdict))
                if relation == "=" and verdict.holds is False and not parsed.conditions and not parsed.equalities:
                    verdict = judge(lambda: _distinct_indices(current, left, right, notation, verdict))
                if relation == "=" and verdict.holds and verdict.reason is None and line_checker is not checker:
                    # valid under the one-hot labels the prose assumed: say so where the step needs it
                    plain = checker.with_definitions(definitions).with_conditions(parsed.conditions, parsed.equalities)
                    if inequality_condition is not None:
                        plain = conditioned(plain, (inequality_condition,))
                    unassumed = judge(lambda: plain.same_values(_resolve(left.expr, argopt_names), _resolve(right.expr, argopt_names)))
                    if unassumed.holds is False:
                        reading = Message("derivation.reading_one_hot", {"assumption": source.assumption})
                        verdict = Verdict(True, Message("derivation.reading", {"reading": reading}))
                if relation == "=" and verdict.holds is None and _no_value(verdict):
                    # the author's own letters, never defined: a step that holds whatever they stand for
                    free = judge(lambda: identity_in_free_letters(current, _resolve(left.expr, argopt_names), _resolve(right.expr, argopt_names),
                                                                  (left.source, right.source)))
                    if free is not None and free.holds:
                        verdict = free
                if relation == "=" and verdict.holds is None and _no_value(verdict) and slips is None and len(found_slips) < 3:
                    slip = judge_slip(lambda: _letter_slip(current, left.expr, right.expr, known_names | set(definitions), line_notation))
                    if slip is not None:
                        found_slips.setdefault(*slip)
                if relation == "=" and verdict.holds is None and _no_value(verdict) and k == 0 and lead == "=":
                    # `E = -\\sum_j Y_j \\log y_j` then `= -\\sum_j \\ell_j`: the author names the term ℓ_j = Y_j log y_j
                    named = _named_by_position(left.expr, right.expr, known_names | set(definitions) | set(argopt_names))
                    if named is not None:
                        name, params, body = named
                        definitions[name] = FunctionDefinition(params, body)
                        if params and isinstance(params[0], sympy.Symbol):
                            definitions.setdefault(f"{name}_{params[0].name}", FunctionDefinition((), body))
                        verdict = Verdict(True, Message("derivation.defines", {"name": right.source}))
                if (relation == "=" and not verdict.holds and k == len(chain_relations) - 1 and _is_zero(right.expr)
                        and _is_derivative(chain[0].expr) and len(chain) > 2 and _minimizes(current)):
                    # `\nabla_w \hat J(w) = H(w - w^*) = 0`: the derivative set to zero, the condition that
                    # defines the minimizer; the steps before it were checked as identities
                    verdict = Verdict(True, Message("derivation.stationary"))
                if (relation == "=" and verdict.holds is False and k == 0 and lead == "=" and chain_start is not None
                        and chain_start is not left):
                    # `= y_i(1 - y_i)` after a line with a typo: a TA judges the value against the expression the
                    # chain computes, and charges the mistake once, on the line that made it
                    # (only after a typo: the line before is right with one index letter read as another, as the
                    # TA reads `\\sum_k e^{z_j}` for `\\sum_k e^{z_k}`; a real mistake followed by the right result
                    # is a step that does not follow, and is charged)
                    # (and only where the line before was charged: after a step that was judged right, a line
                    # that differs from it is a new mistake, even where it lands on the chain's true value)
                    typo_charged = bool(lines) and bool(lines[-1].links) and lines[-1].links[-1].valid is False
                    recovered = judge(lambda: current.same_values(_resolve(chain_start.expr, argopt_names), _resolve(right.expr, argopt_names))) \
                        if typo_charged else Verdict(False)
                    if recovered.holds and _index_typo(current, left.expr, chain_start.expr, notation):
                        verdict = Verdict(True, Message("derivation.recovers", {"start": chain_start.source}))
                if (relation == "=" and verdict.holds is False and lead is None and len(chain) == 2
                        and _two_quantities(left.expr, right.expr, known_names, notation)):
                    # `n_{in} = n_{out}`: two of the problem's quantities, free of each other, set equal: the
                    # author's assumption (a case considered), not a step
                    verdict = Verdict(None, Message("derivation.assumes"))
                    remarks.append(source.number)
                if relation == "=" and verdict.holds is False:
                    rounded = _rounded_equal(current, left, right)
                    if rounded is not None:
                        verdict = rounded
                if verdict.holds is False and clashing:
                    clash = next((t for t in sorted(clashing) if t in _LONE_LETTER.findall(_without_commands(source.text))), None)
                    if clash is not None:
                        verdict = Verdict(None, Message("derivation.letter_clash", {"letter": clash}))
                if relation in LOGICAL and verdict.reason is not None and verdict.reason.key == "derivation.follows_by_solving":
                    solved.add(_segment_of(k + 1, chain_relations))
                elif relation == "=" and not verdict.holds and _segment_of(k, chain_relations) in solved:
                    verdict = Verdict(True, Message("derivation.follows"))
                links.append(LinkResult(left_text, relation, right_text, verdict.holds, verdict.reason, verdict.counterexample))
            if getattr(parsed, "readings", ()):
                links = _with_readings(links, parsed.readings)
            if lead is None and chain_relations == ["="] and _restates(chain[0].expr, links, known_names, defined_before | stated_heads,
                                                                     operators, chain[1].expr, line_notation) \
                    and not _index_beyond_head(chain[0].expr, chain[1].expr, line_notation):
                # `L(w,b) = \prod_i p(y_i | x_i)`, `N(y | \mu, \sigma^2) = ...`: a definition in the student's
                # own terms that cannot be evaluated states what they mean; free, as a TA reads it
                links = [replace(links[-1], valid=True, reason=Message("derivation.defines", {"name": chain[0].source}))]
            elif (lead is None and len(chain_relations) > 1 and all(r == "=" for r in chain_relations) and len(links) == len(chain_relations)
                  and _restates(chain[0].expr, links[:1], known_names, defined_before | stated_heads, operators, chain[1].expr, line_notation)):
                # `L(\\theta) = \\prod_i p(y_i | x_i; \\theta) = \\prod_i \\frac{1}{\\sqrt{2\\pi\\sigma^2}} ...`: the same first
                # statement at the head of a chain; the steps after it are checked as they are
                links = [replace(links[0], valid=True, reason=Message("derivation.defines", {"name": chain[0].source})), *links[1:]]
            stated = _head_key(chain[0].expr, operators) or _superscript_index(chain[0].expr, line_notation) if chain else None
            if lead is None and chain_relations and chain_relations[0] == "=" and stated is not None:
                stated_heads.add(stated)
            lines.append(DerivationLine(number=source.number, source=source.text, links=tuple(links)))
            previous_terms = chain
            if lead is None:
                chain_start = chain[0] if chain_relations and chain_relations[0] == "=" else None
                if chain_start is not None and len(chain) > 1 and links and (links[0].valid is None or (
                        links[0].reason is not None and links[0].reason.key == "derivation.defines")):
                    # `D_j y_i = \\frac{\\partial y_i}{\\partial z_j}`: the author's name for what the chain computes,
                    # which has no value of its own; its definition does
                    chain_start = chain[1]
            elif lead != "=":
                chain_start = None
            previous_segment = segments[-1] if segments else chain[-1:]
        except MemoryError:  # the answers child's address-space limit: charged there, not here
            raise
        except Exception:  # a fault of ours on this line: logged for staff; the student reads a plain reason
            LOG.warning("derivation line %d could not be checked: %r", source.number, str(source.text)[:300], exc_info=True)
            del lines[lines_before:], all_terms[terms_before:]
            lines.append(DerivationLine(number=source.number, source=source.text,
                                        links=(LinkResult(source.text, "=", "", None, Message("derivation.could_not_check")),)))
            previous_terms = previous_segment = None


    if found_slips and not deadline_passed(checker.deadline):
        # read again with the letters as the author meant them, every line (the slip shows only later)
        return check_derivation(given_sources, notation, checker, known_names, found_slips, defined_below, two_classes, forward=forward)
    used_before = _functions_defined_below(lines, definitions, defined_below)
    if used_before and not deadline_passed(checker.deadline):
        # a TA reads a function the author defines a line further down as defined where it is used
        return check_derivation(given_sources, notation, checker, known_names, slips,
                                {**(defined_below or {}), **used_before}, two_classes, forward=forward)
    for defined in set(definitions) - set(defined_on) - set(forward or {}) - set(defined_below or {}):
        defined_on[defined] = lines[-1].number if lines else 0
    later = {name: definitions[name] for name, number in defined_on.items()
             if any(line.number < number and _unchecked_for_want_of(line, name) for line in lines)}
    lines = _branches_merged(lines, originals)
    if slips:
        lines = [_slip_noted(line, slips) for line in lines]
    if later and forward is None and not deadline_passed(checker.deadline):
        # a name the author defines only after the line that uses it (`Var(z_t) = Var(z_{t-1})`, then
        # `z_t = w_t a_t + b_t`): that line is read again with the definition known, as a TA reads it once
        # the definition is given; taken where every step then holds (a step found wrong that way may rest
        # on what else the reading changes, so the line stays unchecked, never passed)
        again = check_derivation(given_sources, notation, checker, known_names, slips, defined_below, two_classes, forward=later)
        wanting = {line.number for line in lines if any(_unchecked_for_want_of(line, name) for name in later)}
        holding = {line.number: line for line in again.lines
                   if line.number in wanting and line.error is None and line.links and all(k.valid for k in line.links)}
        lines = [_later_definition_noted(holding[line.number], line, later) if line.number in holding else line for line in lines]
    # a line the parser cannot read for its notation is charged as a step that cannot be checked;
    # one whose math is wrong (shapes that do not fit) as an invalid step
    invalid = tuple(
        l.number for l in lines if (l.error is not None and not unknown_notation(l)) or any(k.valid is False for k in l.links)
    )
    unchecked = tuple(
        l.number
        for l in lines
        if l.number not in invalid and l.number not in remarks
        and (unknown_notation(l) or any(k.valid is None and not _follows_unreadable(k) for k in l.links))
    )
    return DerivationCheck(
        lines=tuple(lines),
        terms=tuple(all_terms),
        first_invalid=invalid[0] if invalid else None,
        invalid_lines=invalid,
        unchecked_lines=unchecked,
        student_definitions=definitions,
        student_functions=tuple(dict.fromkeys(student_functions)),
        remark_lines=tuple(remarks),
        aliases=found_aliases,
    )


def _given_definition(equation: str, notation: Notation, known: set[str], definitions: dict[str, FunctionDefinition],
                      argopt_names: dict[str, ArgOpt]) -> None:
    """An equation the prose states in inline math before a display (`$\\sum_K = \\sum_{j=1}^K \\exp(z_j)$`)
    defines a name nobody knows yet, for the lines after it, as a definition on a line of its own would.
    Not an index (`$i = j$`: a case), nor a number (`$K = 3$`: an example's size), nor what does not parse."""
    try:
        parsed = parse_line(equation, notation)
    except MathParseError:
        return
    except MemoryError:  # the answers child's address-space limit: charged there, not here
        raise
    except Exception:  # a fault of ours on the prose's math: logged for staff; the equation is not read
        LOG.warning("prose equation could not be read: %r", equation[:300], exc_info=True)
        return
    if parsed.leading_relation is not None or list(parsed.relations) != ["="] or len(parsed.terms) != 2:
        return
    head, body = parsed.terms
    name = _new_name(head, known)
    if name is None or name in notation.index_ranges or not isinstance(body, sympy.Basic) or body.is_number:
        return
    if _index_beyond_head(head, body, notation):
        return
    _record_definition(name, head, body, definitions, argopt_names, notation)


def _later_definition_noted(line: DerivationLine, first: DerivationLine, later: Mapping[str, FunctionDefinition]) -> DerivationLine:
    """The line as read with the author's later definitions, saying which (on its first plainly valid link)."""
    names = ", ".join(sorted(name for name in later if _unchecked_for_want_of(first, name)))
    for at, link in enumerate(line.links):
        if link.valid and link.reason is None:
            note = Message("derivation.reading", {"reading": Message("derivation.reading_later_definition", {"names": names})})
            return replace(line, links=(*line.links[:at], replace(link, reason=note), *line.links[at + 1:]))
    return line


def _unchecked_for_want_of(line: DerivationLine, name: str) -> bool:
    """A line left unchecked because `name` had no value there (the author defines it later)."""
    for link in line.links:
        if link.valid is None and link.reason is not None and link.reason.key == "equivalence.could_not_evaluate":
            error = link.reason.params.get("error")
            missing = error.params.get("name") if isinstance(error, Message) else None
            if missing is not None and missing in (name, name.split("_", 1)[0]):
                return True
    return False


#: Parse errors that say the notation is unknown to the parser, not that the math is wrong.
NOTATION_ERRORS = frozenset(
    f"parse.{key}" for key in ("unknown_command", "unknown_character", "unsupported", "unsupported_relation", "text", "unexpected", "internal",
                               # an index without a range, limits or a derivative written otherwise: notation, not wrong math
                               "index_range", "bad_limits", "derivative", "function_args", "index_count")
)


def unknown_notation(line: DerivationLine) -> bool:
    """Whether a line could not be read because of notation the parser does not know."""
    return line.error is not None and line.error.key in NOTATION_ERRORS


def _after_remark(text: str, error: MathParseError, notation: Notation, number: int) -> list[Term] | None:
    """The terms after a remark's relation (`A` in `L \\propto A`), to continue from; None if unreadable."""
    token = str(error.message.params.get("token", "")).strip()
    at = text.find(token, max(0, error.column - 1))
    if at < 0:
        return None
    parsed = _parse_or_none(text[at + len(token):], notation)
    if parsed is None or parsed.leading_relation is not None or not parsed.terms:
        return None
    return [Term(e, src, number) for e, src in zip(parsed.terms, parsed.term_sources)][-1:]


_DECIMAL = re.compile(r"^\s*[-+]?\s*\d*\.(\d+)\s*[.,]?\s*$")


def _random_outside_expectation(checker: Checker, verdict: Verdict) -> bool:
    """Whether a link went undecided only because a random variable stands outside E[...] or Var(...)."""
    variances = getattr(getattr(checker, "special", {}).get("E"), "variances", None)
    if not variances or verdict.reason is None or verdict.reason.key != "equivalence.could_not_evaluate":
        return False
    error = verdict.reason.params.get("error")
    name = str(error.params.get("name", "")) if isinstance(error, Message) else ""
    return name.split("_")[0] in variances or name in variances


def _same_moments(checker: Checker, left: Term, right: Term, verdict: Verdict) -> Verdict:
    """`z = w_1 a_1 + \\dots + w_n a_n` (random on both sides): the two sides have the same mean and
    the same variance (the step restates the model); a different mean or variance refutes it."""
    if not (isinstance(left.expr, sympy.Expr) and isinstance(right.expr, sympy.Expr)):
        return verdict
    if any(isinstance(f, AppliedUndef) and f.func.__name__ in ("E", "Var") for t in (left.expr, right.expr) for f in t.atoms(AppliedUndef)):
        return verdict
    mean, variance = sympy.Function("E"), sympy.Function("Var")
    for moment in (mean, variance):
        compared = checker.same_values(moment(left.expr), moment(right.expr))
        if not compared.holds:
            return compared if compared.holds is False else verdict
    return Verdict(True, Message("derivation.same_moments"))


def _distinct_indices(checker: Checker, left: Term, right: Term, notation: Notation, verdict: Verdict) -> Verdict:
    """`\\frac{\\partial y_i}{\\partial z_j} = -y_i y_j`: two different letters for two free indices
    are read as different indices, as a reader does; the step holds where they differ, and the
    feedback says so.  (Where they are equal is not assumed: one letter would be written.)"""
    indices = {sympy.Symbol(name) for name in notation.index_ranges}
    free = sorted(free_indices(left.expr, indices) | free_indices(right.expr, indices), key=str)
    if len(free) != 2:
        return verdict
    first, second = free
    under = checker.with_conditions(((first, second),))
    if not under.points(checker.scenarios[0]):
        return verdict
    held = under.same_values(left.expr, right.expr)
    if held.holds:
        return Verdict(True, Message("derivation.holds_where_distinct", {"first": str(first), "second": str(second)}))
    return verdict


def free_indices(expr: Any, indices: set) -> set:
    """The index symbols free in `expr`, those of a derivative's variables (`∂E/∂z_j`) included."""
    if not isinstance(expr, sympy.Basic):
        return set()
    free = set(expr.free_symbols)
    for derivative in expr.atoms(sympy.Derivative):
        for variable in derivative.variables:
            free |= variable.free_symbols
    return free & indices


def _expansion_checked(checker: Checker, left: Term, right: Term, verdict: Verdict) -> Verdict:
    """An equality of expectations that holds only because wrongly written cross terms vanish in
    expectation (`2\\sum_{j \\neq k}` for `\\sum_{j \\neq k}`) is a wrong expansion."""
    points = checker.points(checker.scenarios[0])
    if not points or not cross_terms_disagree(checker.evaluator(points[0]), left.expr, right.expr):
        return verdict
    return Verdict(False, Message("derivation.cross_terms"))


def _rounded_equal(checker: Checker, left: Term, right: Term) -> Verdict | None:
    """`-\\log(0.245) = 1.406`: a number written to d decimals is right when the other side rounds
    to it (within half a unit of its last digit); None when this does not apply."""
    for written, other in ((right, left), (left, right)):
        match = _DECIMAL.match(written.source)
        if match is None or not isinstance(other.expr, sympy.Basic) or other.expr.free_symbols:
            continue
        try:
            value = checker.evaluator({}).value(other.expr)
            number = checker.evaluator({}).value(written.expr)
        except (EvaluationError, Timeout):
            return None
        if isinstance(value, complex) and abs(value.imag) > 1e-12:
            return None
        decimals = len(match.group(1))
        if abs(complex(value) - complex(number)) <= 0.5 * 10 ** -decimals * (1 + 1e-9):
            return Verdict(True, Message("derivation.rounded", {"digits": decimals}))
    return None


def _with_readings(links: list[LinkResult], readings: tuple[str, ...]) -> list[LinkResult]:
    """Say which reading was taken where the text allows two (on the line's first plainly valid link)."""
    for at, link in enumerate(links):
        if link.valid and link.reason is None:
            note = Message("derivation.reading", {"reading": Message(f"derivation.reading_{readings[0]}")})
            return [*links[:at], replace(link, reason=note), *links[at + 1:]]
    return links


def _restates(head: Any, links: list[LinkResult], known_names: set[str], defined_before: AbstractSet[str] = frozenset(),
              operators: AbstractSet[str] = frozenset(), body: Any = None, notation: Notation | None = None) -> bool:
    """Whether a one-link line `HEAD = ...` that could not be evaluated is a definition or restatement:
    HEAD is a name, an indexed name or a function of names (not an expression to check), stated for
    the first time in the derivation (`defined_before`: the names already stated or defined)."""
    if len(links) != 1 or links[0].valid is not None or links[0].reason is None:
        return False
    if links[0].reason.key == "equivalence.mixed_argopt":
        return isinstance(head, (sympy.Symbol, sympy.MatrixSymbol))  # `w^* = \\arg\\min_w J(w)` names the minimizer
    if links[0].reason.key != "equivalence.could_not_evaluate":
        return False
    if isinstance(head, AppliedUndef) and head.func.__name__ in operators:
        # `\\mathrm{Var}(w_t) = \\frac{2}{n_t}`: the first statement of the variance (or mean) of the author's
        # own variable says what it is; a second statement of the same one is a step
        # (`Var(Y_t) = 2 Var(Y_{t-1})` relates two moments: a claim, not a definition)
        return (_head_key(head, operators) not in defined_before
                and all(isinstance(a, (sympy.Symbol, sympy.Indexed, sympy.MatrixSymbol)) for a in head.args)
                and not (isinstance(body, sympy.Basic) and any(isinstance(n, AppliedUndef) and n.func.__name__ in operators
                                                               for n in sympy.preorder_traversal(body))))
    head_name = _head_name(head) or _superscript_index(head, notation)
    if head_name is None:
        return False
    if head_name in defined_before and (isinstance(head, (sympy.Symbol, sympy.Indexed, sympy.MatrixSymbol, sympy.Pow))):
        return False  # `loss = ...` again: a second statement of a name the derivation stated is a step
    if head_name in known_names:
        # a name of the problem stated for the first time in notation that cannot be evaluated
        # (`L(\\theta) = \\prod_i p(Y_i \\mid x_i; \\theta)`, `E = -\\sum_i^N Y^i \\ln y^i`) says what the author
        # means by it, where its letters are the problem's own (another index structure, a bound of the
        # author's): a TA reads it as the author's definition.  A letter the problem does not know
        # (`E = -Y_i / u_i`) may make the restatement wrong: a step that could not be checked.
        error = links[0].reason.params.get("error")
        if not (isinstance(error, Message) and error.key == _UNDEFINED_FUNCTION_KEY) and not (
                isinstance(error, str) and re.match(r"\S+ takes \d+ arguments", error)) and not _in_known_letters(body, known_names, notation):
            return False
    if isinstance(head, (sympy.Symbol, sympy.Indexed, sympy.MatrixSymbol)):
        return True
    if isinstance(head, AppliedUndef):
        if head_name not in known_names and head_name not in defined_before:
            # `N(y_i \\mid w x_i + b, \\sigma^2) = \\frac{1}{\\sqrt{2\\pi\\sigma^2}} ...`: a density of the author's, written
            # with its parameters
            return not any(isinstance(a, sympy.Basic) and a.has(sympy.Sum, sympy.Product) for a in head.args)
        return all(isinstance(a, (sympy.Symbol, sympy.Indexed, sympy.MatrixSymbol, sympy.Number)) or _is_name_like(a) for a in head.args)
    # `y^i = \\frac{(e^z)^i}{\\sum_j (e^z)^j}`: the author's y_i, its index written above
    return _superscript_index(head, notation) is not None


def _index_beyond_head(head: Any, body: Any, notation: Notation) -> bool:
    """Whether `HEAD_j = body` uses an index of the problem that is neither the head's nor bound by a sum
    (`S_j = e^{a_i} / \\sum_k e^{a_k}`): no definition of S_j, a statement a TA checks (here, a typo)."""
    if isinstance(head, sympy.Indexed):
        own = {str(i) for i in head.indices}
    elif isinstance(head, sympy.Symbol) and "_" in head.name:
        own = {head.name.rpartition("_")[2]}  # the author's S_j: one name, its index written in it
    else:
        return False
    if not isinstance(body, sympy.Basic):
        return False
    ranges = getattr(notation, "index_ranges", None) or {}
    bound = {str(limit[0]) for node in body.atoms(sympy.Sum, sympy.Product) for limit in node.limits}
    used = {str(i) for entry in body.atoms(sympy.Indexed) for i in entry.indices if isinstance(i, sympy.Symbol)}
    used |= {s.name.rpartition("_")[2] for s in body.atoms(sympy.Symbol) if "_" in s.name}  # the author's a_i: one name
    return bool({name for name in used - bound - own if name in ranges})


def _superscript_index(head: Any, notation: Notation | None) -> str | None:
    """The name of `y^i` read as the author's indexed y_i (an index letter as the exponent), else None."""
    ranges = getattr(notation, "index_ranges", None) or {}
    if (isinstance(head, sympy.Pow) and isinstance(head.base, sympy.Symbol) and isinstance(head.exp, sympy.Symbol)
            and head.exp.name in ranges):
        return head.base.name
    return None


def _functions_defined_below(lines: list[DerivationLine], definitions: dict[str, FunctionDefinition],
                             known: dict[str, FunctionDefinition] | None) -> dict[str, FunctionDefinition]:
    """The author's functions a line could not apply for want of a definition that a later line gave
    (the definitions at the end of the reading), less those already known from the first line on."""
    found: dict[str, FunctionDefinition] = {}
    for line in lines:
        for link in line.links:
            error = link.reason.params.get("error") if link.valid is None and link.reason is not None else None
            if not (isinstance(error, Message) and error.key == _UNDEFINED_FUNCTION_KEY):
                continue
            name = error.params.get("name")
            if isinstance(name, str) and name in definitions and name not in (known or {}) and definitions[name].params:
                found[name] = definitions[name]
    return found


#: The evaluator's "the function X is not defined", as its catalog key.
_UNDEFINED_FUNCTION_KEY = cast(Message, evaluation_reason("no definition of the function f")).key  # a known reason: a Message


def _head_name(head: Any) -> str | None:
    if isinstance(head, (sympy.Symbol, sympy.MatrixSymbol)):
        return head.name
    if isinstance(head, sympy.Indexed):
        return getattr(head.base.label, "name", None)
    if isinstance(head, AppliedUndef):
        return head.func.__name__
    return None


def _in_known_letters(body: Any, known_names: set[str], notation: Notation | None) -> bool:
    """Whether every name `body` mentions is the problem's, up to its indices (`Y_i`, `y_{ij}` for the
    problem's Y, y), a bound of a sum or product (`N` of `\\sum_i^N`) or an argument of a function
    (`X` of `p(\\vec y \\mid X; w, b)`)."""
    if not isinstance(body, sympy.Basic):
        return False
    bounds: set[str] = set()
    for node in sympy.preorder_traversal(body):
        if isinstance(node, AppliedUndef):  # `p(\\vec y \\mid X; w, b)`: what a probability is conditioned on names no value
            bounds |= names_in(*node.args) | {node.func.__name__}
        if isinstance(node, (sympy.Sum, sympy.Product)):
            for limit in node.limits:
                bounds |= {s.name for part in limit[1:] for s in getattr(part, "free_symbols", ())}
    ranges = set(getattr(notation, "index_ranges", {}) or {})
    for name in names_in(body):
        base = _INDEXED_NAME.fullmatch(name)
        if name in known_names or name in bounds or name in ranges or (base and base.group(1) in known_names):
            continue
        return False
    return True


#: `\\sum_k^C`, `\\sum_{j=1}^{C}`, `\\prod_{n=1}^N`: a sum's index and the letter of its upper bound.
#: (an unbraced bound is one letter, as TeX reads it: `\\sum_{i=1}^Cy_i` is bounded by C, then y_i)
_SUM_BOUND = re.compile(r"\\(?:sum|prod)\s*_\s*\{?\s*([A-Za-z])\s*(?:=\s*[01]\s*)?\}?\s*\^\s*(?:\{\s*([A-Za-z])\s*\}|([A-Za-z])(?![_{]))")


def _bound_letters(sources: Sequence[Any], notation: Notation, known: set[str]) -> dict[str, str]:
    """The author's letter for the number of classes or samples, read where it bounds a sum over one
    of the problem's indices (`\\sum_k^C` with k running 1..K: C is the author's K), if the
    derivation never uses it for two ranges nor gives it a value."""
    found: dict[str, set[str]] = {}
    for source in sources:
        for index, braced, bare in _SUM_BOUND.findall(source.text):
            bound = braced or bare
            upper = (notation.index_ranges.get(index) or (None, None))[1]
            if bound in known or bound in notation.aliases or upper is None or not re.fullmatch(r"[A-Za-z]\w*", str(upper)):
                continue
            found.setdefault(bound, set()).add(str(upper))
    defined = {m.group(1) for source in sources for m in [_DEFINITION_HEAD.match(source.text)] if m}
    return {bound: next(iter(uppers)) for bound, uppers in found.items()
            if len(uppers) == 1 and bound not in defined and bound != next(iter(uppers))}


def _named_by_position(before: Any, after: Any, known: set[str]) -> tuple[str, tuple, Any] | None:
    """`after` is `before` with one of its parts replaced by a new name (`-\\sum_j \\ell_j` for
    `-\\sum_j Y_j \\log y_j`): the name, its index parameters and the part it stands for; else None."""
    if not isinstance(before, sympy.Basic) or not isinstance(after, sympy.Basic):
        return None
    found: dict[str, tuple[tuple, Any]] = {}

    def new_name(node: Any) -> tuple[str, tuple] | None:
        if isinstance(node, sympy.Indexed) and getattr(node.base.label, "name", None) not in known:
            if all(isinstance(i, sympy.Symbol) for i in node.indices):
                return node.base.label.name, tuple(node.indices)
        if isinstance(node, sympy.Symbol) and node.name not in known and not node.name[:1].isdigit():
            return node.name, ()
        return None

    def match(a: Any, b: Any, depth: int = 0) -> bool:
        if depth > 12:
            return False
        named = new_name(b)
        if named is not None:
            name, params = named
            if name in found:
                return found[name] == (params, a)
            found[name] = (params, a)
            return True
        if a == b:
            return True
        if type(a) is not type(b) or not a.args:
            return False
        if isinstance(a, (sympy.Add, sympy.Mul)):
            rest_a = [x for x in a.args if x not in b.args]
            rest_b = [x for x in b.args if x not in a.args]
            if len(rest_b) != 1 or not rest_a:
                return False
            return match(type(a)(*rest_a), rest_b[0], depth + 1)
        if len(a.args) != len(b.args):
            return False
        return all(match(x, y, depth + 1) for x, y in zip(a.args, b.args))

    if not match(before, after) or len(found) != 1:
        return None
    (name, (params, body)), = found.items()
    if not isinstance(body, sympy.Basic) or isinstance(body, (sympy.Number, sympy.Symbol)):
        return None  # a name for a single letter or a number is a renaming, not a part named
    return name, params, body


def _two_quantities(left: Any, right: Any, known: set[str], notation: Notation) -> bool:
    """Whether both sides are bare names of the problem's quantities (no index letter, no operator)."""
    return all(isinstance(side, sympy.Symbol) and side.name in known and side.name not in notation.index_ranges
               for side in (left, right)) and left != right


def judge_slip(find) -> tuple[str, str] | None:
    try:
        return find()
    except Timeout:
        return None
    except MemoryError:  # the answers child's address-space limit: charged there, not here
        raise
    except Exception:  # a fault of ours: logged for staff; the line keeps its verdict
        LOG.warning("looking for a slip of a letter failed", exc_info=True)
        return None


def _letter_slip(checker: Checker, left: Any, right: Any, known: set[str], notation: Notation) -> tuple[str, str] | None:
    """`\\frac{1}{\\sqrt{2\\pi}\\delta} ... = \\frac{1}{\\sqrt{2\\pi}\\sigma} ...`: one side has a letter nobody defined
    where the other has one of the problem's; the step holds with the first read as the second.  The
    slip of the pen a TA reads as meant, since the author's next line shows it (the pair, or None)."""
    if not isinstance(left, sympy.Basic) or not isinstance(right, sympy.Basic):
        return None
    for written, shown in ((left, right), (right, left)):
        plain_written = {s.name: s for s in written.atoms(sympy.Symbol)}
        plain_shown = {s.name: s for s in shown.atoms(sympy.Symbol)}
        unknown = [n for n in names_in(written) - names_in(shown) if n in plain_written and n not in known
                   and n not in notation.index_ranges]
        targets = sorted(n for n in names_in(shown) if n in plain_shown and n in known
                         and n not in notation.index_ranges and n not in notation.indexed)
        if len(unknown) != 1 or not 1 <= len(targets) <= 4:
            continue
        for target in targets:
            if checker.same_values(written.xreplace({plain_written[unknown[0]]: plain_shown[target]}), shown).holds:
                return unknown[0], target
    return None


def _slip_noted(line: DerivationLine, slips: dict[str, str]) -> DerivationLine:
    """A line that uses a slipped letter says how it was read (on its checked links without a reason)."""
    used = [(letter, target) for letter, target in slips.items() if re.search(rf"\\{letter}(?![A-Za-z])|(?<![A-Za-z\\]){letter}(?![A-Za-z])", line.source)]
    if not used or line.error is not None:
        return line
    letter, target = used[0]
    note = Message("derivation.slip", {"letter": letter, "target": target})
    return replace(line, links=tuple(replace(k, reason=note) if k.valid and k.reason is None else k for k in line.links))


#: At most this many index renamings are tried to read a wrong line as a typo.
MAX_TYPO_RENAMINGS = 12


def _index_typo(checker: Checker, wrong: Any, meant: Any, notation: Notation) -> bool:
    """Whether `wrong` equals `meant` once one index letter in it is read as another (`\\sum_k e^{z_j}`
    written for `\\sum_k e^{z_k}`): a slip of the pen, not of the reasoning."""
    if not isinstance(wrong, sympy.Basic) or not isinstance(meant, sympy.Basic):
        return False
    letters = sorted({s for s in wrong.atoms(sympy.Symbol) if s.name in notation.index_ranges}, key=str)
    tried = 0
    for old in letters:
        for new in letters:
            if old == new:
                continue
            if tried >= MAX_TYPO_RENAMINGS:
                return False
            tried += 1
            try:
                if checker.same_values(meant, wrong.xreplace({old: new})).holds:
                    return True
            except (EvaluationError, Timeout, TypeError, ValueError, AttributeError):
                continue
    return False


def _head_key(head: Any, operators: AbstractSet[str]) -> str | None:
    """What a line `HEAD = ...` states: the name it gives a value (`L` of `L(\\theta)`), or the moment
    of a variable (`Var(w_t)`), so that a second statement of it is known as one."""
    if isinstance(head, AppliedUndef) and head.func.__name__ in operators:
        return str(head)
    return _head_name(head)


def _is_name_like(expr: Any) -> bool:
    return isinstance(expr, sympy.Basic) and len(expr.free_symbols) <= 3 and not expr.has(sympy.Sum, sympy.Product)


#: A text group (`\text{since $VV^T = I$}`): prose, whatever math it quotes.
_TEXT_GROUP = re.compile(r"\\(?:text|textrm|textit|textbf|mbox|textnormal)\s*\{")

_INLINE_MATH = re.compile(r"\$([^$]*)\$")

#: What makes a line a step: an equation, or an implication between statements.
_STEP_RELATION = re.compile(
    r"=|\\(?:Rightarrow|Longrightarrow|implies|iff|Leftrightarrow|Longleftrightarrow|therefore|because|equiv|coloneqq|triangleq|doteq|eqqcolon|stackrel|overset|xrightarrow|xLeftrightarrow|xRightarrow)(?![A-Za-z])"
)


def _without_prose(text: str) -> str:
    """`text` with the words of every `\\text{...}` group removed; the math it quotes in `$...$` is kept
    (`\\text{since $V^{-1} = V$}` states a fact that can be wrong)."""
    out, at = [], 0
    for match in _TEXT_GROUP.finditer(text):
        if match.start() < at:
            continue
        out.append(text[at:match.start()])
        depth, end = 1, match.end()
        while end < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[end], 0)
            end += 1
        out.extend(_INLINE_MATH.findall(text[match.end():end]))
        at = end
    out.append(text[at:])
    return " ".join(out)


def states_no_step(text: str) -> bool:
    """Whether a line the parser could not read states no step at all: no equation, no implication.

    A line of prose, a set of data (`\\{x_i, Y_i\\}_{i=1}^n`), a mapping of labels to one-hot vectors
    (`a \\rightarrow [0, 1, 0]`) or a bare matrix claims nothing a TA could mark wrong.  An arrow between
    expressions is not an implication (that needs statements, which have equations).
    """
    return _STEP_RELATION.search(_without_scripts(_without_prose(text))) is None


def _without_scripts(text: str) -> str:
    """`text` without its braced sub- and superscripts: `_{i=1}` names a range, it states nothing."""
    out, at = [], 0
    for match in re.finditer(r"[_^]\s*\{", text):
        if match.start() < at:
            continue
        out.append(text[at:match.start()])
        depth, end = 1, match.end()
        while end < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[end], 0)
            end += 1
        at = end
    out.append(text[at:])
    return "".join(out)


def _remark_relation(error: MathParseError) -> str | None:
    """The relation that made a line unreadable, where it states an assumption or a remark."""
    if error.key != "parse.unsupported_relation":
        return None
    token = str(error.message.params.get("token", "")).strip()
    return token if token in REMARK_RELATIONS else None


#: ``\hat w, \hat b = ...`` or ``(w^*, b^*) = ...``: a tuple of names the student gives the result.
#: A label after the tuple, ``(w, b)_{\text{MLE}} = ...``, names the estimate; it is not an index.
_TUPLE_OF_NAMES = re.compile(
    r"^\s*\(?(?P<names>[\\A-Za-z_^*{}' ]+(?:,[\\A-Za-z_^*{}' ]+)+)\)?"
    r"(?:_\s*\{\s*(?:\\(?:text|mathrm|rm)\s*\{\s*[A-Za-z]+\s*\}|[A-Za-z]+)\s*\})?\s*(?::=|=)(?P<rest>.*)$", re.DOTALL)


def _tuple_definition(text: str) -> tuple[str, str] | None:
    match = _TUPLE_OF_NAMES.match(text)
    if match is None or not match.group("rest").strip():
        return None
    rest = match.group("rest")
    again = _TUPLE_OF_NAMES.match(rest)
    while again is not None and again.group("rest").strip() and _same_names(again.group("names"), match.group("names")):
        # `(\hat w, \hat b)_{MLE} = (\hat w, \hat b)_{OLS} = ...`: the same names under another label, one result
        rest = again.group("rest")
        again = _TUPLE_OF_NAMES.match(rest)
    return match.group("names").strip(), rest


def _same_names(first: str, second: str) -> bool:
    return re.sub(r"\s+", "", first) == re.sub(r"\s+", "", second)


def _parse_or_none(text: str, notation: Notation) -> Any:
    try:
        return parse_line(text, notation)
    except MathParseError:
        return None


def _minimizes(checker: Checker) -> bool:
    """Whether the problem minimizes an objective (it has parameters or an optimum to look at): only there
    is a derivative set to zero the condition of the result, not a claim that it vanishes."""
    return bool(getattr(checker, "parameters", ())) or any(s.name == "optimum" for s in checker.scenarios)


def _is_zero(expr: Any) -> bool:
    """Whether a term is written as 0 (a number or a zero matrix)."""
    return isinstance(expr, (sympy.Expr, sympy.MatrixExpr)) and (expr == 0 or isinstance(expr, sympy.ZeroMatrix))


def _is_derivative(expr: Any) -> bool:
    """Whether a term is a derivative or a gradient (of an objective): `\\nabla_w J(w)`, `\\frac{dJ}{dw}`."""
    from .mathparse.nodes import Gradient, MatrixGradient

    return isinstance(expr, (sympy.Derivative, Gradient, MatrixGradient))


def _continues(text: str) -> bool:
    """Whether a line starts with `=` (after an alignment `&`): it continues an expression before it."""
    return text.lstrip().lstrip("&").lstrip().startswith("=")


def _no_value(verdict: Verdict) -> bool:
    """Whether a step could not be checked for want of values (not for time, nor for a fault of ours)."""
    return verdict.reason is not None and verdict.reason.key == "equivalence.could_not_evaluate"


def _follows_unreadable(link: LinkResult) -> bool:
    """A continuation of an unreadable line is not counted again: the unreadable line already was."""
    return link.reason is not None and link.reason.key == "derivation.continues_unreadable"


def deadline_passed(deadline: Any) -> bool:
    """Whether a checker's cooperative deadline (None: none) has passed."""
    if deadline is None:
        return False
    try:
        deadline.check()
    except Timeout:
        return True
    return False


def judge(compare) -> Verdict:
    """A comparison's verdict, with running out of time or of values turned into 'could not be checked'."""
    try:
        return compare()
    except Timeout:
        return Verdict(None, Message("derivation.timeout"))
    except EvaluationError as exc:
        return Verdict(None, could_not_evaluate(str(exc)))
    except MemoryError:  # the answers child's address-space limit: charged there, not here
        raise
    except Exception:  # a fault of ours: logged for staff, the student reads a plain reason
        LOG.warning("a comparison failed", exc_info=True)
        return Verdict(None, Message("derivation.could_not_check"))


_T = TypeVar("_T")


def _statement_with_relations(chain: list[_T], relations: list[str], start: int) -> tuple[list[_T], list[str]]:
    """The statement that begins at term `start` (up to the next logical relation) and its relations."""
    end = start
    while end < len(relations) and relations[end] not in LOGICAL:
        end += 1
    return chain[start : end + 1], relations[start:end]


def _has_inequality(relations: list[str], start: int) -> bool:
    return any(r in INEQUALITY_RELATIONS for r in _statement_with_relations([None] * (len(relations) + 1), relations, start)[1])


def _segments(chain: list[Term], relations: list[str]) -> list[list[Term]]:
    segments: list[list[Term]] = [[chain[0]]] if chain else []
    for term, relation in zip(chain[1:], relations):
        if relation in LOGICAL:
            segments.append([term])
        else:
            segments[-1].append(term)
    return segments


def _segment_of(term_index: int, relations: list[str]) -> int:
    return sum(1 for r in relations[:term_index] if r in LOGICAL)


def _statement_holds(checker: Checker, statement: list[Term], argopt_names: dict, relation: str, premise: list[Term] | None = None) -> Verdict:
    """The statement on the right of `=>`/`<=>` holds in some scenario.

    Where it holds in none, the counterexample comes from a scenario where the premise holds
    (a point where the premise is false refutes nothing); a scenario where some pair cannot be
    evaluated and none fails leaves the step undecided rather than wrong."""
    if len(statement) < 2:
        return Verdict(None, Message("derivation.not_a_statement", {"relation": relation}))
    pairs = [(_resolve(a.expr, argopt_names), _resolve(b.expr, argopt_names)) for a, b in itertools.pairwise(statement)]
    premise_pairs = [(_resolve(a.expr, argopt_names), _resolve(b.expr, argopt_names)) for a, b in zip(premise or [], (premise or [])[1:])]
    failed: Verdict | None = None
    failed_where_premise_holds: Verdict | None = None
    undecided: Verdict | None = None
    for scenario in checker.scenarios:
        verdicts = [checker.same_values(a, b, [scenario]) for a, b in pairs]
        if all(v.holds for v in verdicts):
            return Verdict(True)
        failing = next((v for v in verdicts if v.holds is False), None)
        if failing is None:
            if any(v.holds for v in verdicts):  # partly confirmed here, the rest not evaluable (a name unknown)
                undecided = undecided or next(v for v in verdicts if not v.holds)
            continue
        verdict = Verdict(False, Message("derivation.statement_fails"), failing.counterexample)
        failed = failed or verdict
        if failed_where_premise_holds is None and premise_pairs and all(checker.same_values(a, b, [scenario]).holds for a, b in premise_pairs):
            failed_where_premise_holds = verdict
    if undecided is not None:
        return undecided
    solved_for = _follows_by_solving(checker, pairs, premise_pairs) if premise_pairs else None
    if solved_for is not None:
        shown = next((t.source for t in statement if getattr(t.expr, "name", None) == solved_for), solved_for)
        return Verdict(True, Message("derivation.follows_by_solving", {"name": shown}))
    return failed_where_premise_holds or failed or Verdict(None, could_not_evaluate("no usable point"))


def _follows_by_solving(checker: Checker, pairs: list[tuple], premise_pairs: list[tuple]) -> str | None:
    """`... = ... \\Rightarrow X = E`, with X a name E does not mention: the premise holds once X
    takes E's value and fails for another value of X (the conclusion solves the premise for X),
    whether or not the premise is true (a consequence of an earlier wrong step is right for that
    step).  The name X, or None."""
    if len(pairs) != 1:
        return None
    name_side, value_side = pairs[0]
    if not isinstance(name_side, (sympy.Symbol, sympy.MatrixSymbol)):
        name_side, value_side = value_side, name_side
    if not isinstance(name_side, (sympy.Symbol, sympy.MatrixSymbol)) or name_side.name in names_in(value_side):
        return None
    usable, constrains = 0, False
    for point in checker.points(checker.scenarios[0]):
        try:
            value = checker.evaluator(point).value(value_side)
            solved = checker.evaluator({**point, name_side.name: value})
            if not all(close(solved.value(a), solved.value(b)) for a, b in premise_pairs):
                return None
            moved = checker.evaluator({**point, name_side.name: value * 1.25 + 0.5})
            constrains = constrains or not all(close(moved.value(a), moved.value(b)) for a, b in premise_pairs)
        except EvaluationError:
            continue
        usable += 1
    return name_side.name if usable >= 2 and constrains else None


def _new_name(expr: Any, known: set[str], index_letters: AbstractSet[str] = frozenset()) -> str | None:
    """The name a term would define, if it is a bare name nobody knows yet.

    `index_letters`: letters the problem knows only as indices; one applied to arguments
    (`l(\\mathbf{y}, \\hat{\\mathbf{y}}) = ...`, the author's loss) names a function of the author's."""
    if isinstance(expr, sympy.Symbol) and expr.name not in known:
        return expr.name
    if isinstance(expr, AppliedUndef) and (expr.func.__name__ not in known or expr.func.__name__ in index_letters):
        # `p(y_i \mid x_i; w, b) = ...`: an indexed argument stands for its index
        if all(isinstance(a, (sympy.Symbol, sympy.MatrixSymbol, sympy.Indexed)) for a in expr.args):
            return expr.func.__name__
    if isinstance(expr, sympy.MatrixSymbol) and expr.name not in known:
        return expr.name
    return None


def _defined_by_derivative(left: Any, right: Any, known: set[str], data: AbstractSet[str] = frozenset()) -> tuple[str, Any, Any] | None:
    """`d NAME / d v = d BODY / d v` (or a sum of such derivatives, each by v, times numbers) with NAME new:
    the name, its head and BODY (the derivatives taken off), or None.

    Only where the right side is linear in its derivatives (sums, numbers, derivatives by v): BODY is then
    what NAME stands for, up to a term free of v, as the author writes it.  `data`: the problem's names that
    no definition ties to anything (its labels, its indices), which may stand before a derivative."""
    if not isinstance(left, sympy.Derivative) or len(left.variable_count) != 1 or left.variable_count[0][1] != 1:
        return None
    variable = left.variable_count[0][0]
    head = left.expr
    if isinstance(head, sympy.Indexed):
        name = getattr(head.base.label, "name", None)
        if name is None or name in known or not all(isinstance(i, sympy.Symbol) for i in head.indices):
            return None
        head = sympy.Symbol(f"{name}_{'_'.join(str(i) for i in head.indices)}") if len(head.indices) == 1 else None
        if head is None:
            return None
    name = _new_name(head, known)
    if name is None or name in known or not isinstance(right, sympy.Basic):
        return None

    found = []
    # the quantity differentiated by (z of z_i, not the index i): a factor naming it moves with it
    by_name = {getattr(variable.base.label, "name", "")} if isinstance(variable, sympy.Indexed) else names_in(variable)

    def linear(node: Any) -> bool:
        if isinstance(node, sympy.Derivative):
            if node.variable_count != ((variable, 1),) or node.expr.has(sympy.Derivative):
                return False
            found.append(node)
            return True
        if isinstance(node, sympy.Add):
            return all(linear(term) for term in node.args)
        if isinstance(node, sympy.Mul):
            # only a number may stand before the derivative: a letter there (`-\\frac{1}{a_j}
            # \\frac{\\partial a_j}{\\partial z}`) may depend on the variable (the chain rule, not a definition)
            # (or the problem's own data, such as the labels Y_k, which nothing of the author's moves)
            factors = [f for f in node.args if not isinstance(f, sympy.Number)
                       and not (not f.has(sympy.Derivative) and names_in(f) and names_in(f) <= data
                                and not names_in(f) & by_name)]
            return len(factors) == 1 and linear(factors[0])
        if isinstance(node, sympy.Sum):
            bound = {limit[0] for limit in node.limits}
            return not (bound & variable.free_symbols) and linear(node.function)
        return False

    if not linear(right) or not found:
        return None
    body = right.xreplace({node: node.expr for node in found})
    if name in names_in(body):
        return None  # defined in terms of itself
    return name, head, body


def _record_definition(name: str, head: Any, body: Any, definitions: dict, argopt_names: dict, notation: Notation | None = None) -> None:
    if isinstance(body, ArgOpt):
        argopt_names[name] = body
        return
    params = tuple(head.args) if isinstance(head, AppliedUndef) else ()
    definitions[name] = FunctionDefinition(params, body)
    # `\hat y_i = w x_i + b` reads as the name hat_y_i alone, but as hat_y[i] inside a sum:
    # the same definition serves both, indexed by the problem's summation index
    indexed = _INDEXED_NAME.fullmatch(name)
    if indexed and notation is not None and indexed.group(2) in notation.index_ranges:
        base = indexed.group(1)
        if base not in definitions and base not in notation.indexed:
            definitions[base] = FunctionDefinition((sympy.Symbol(indexed.group(2)),), body)


_INDEXED_NAME = re.compile(r"(.+)_([A-Za-z])")


def _resolve(expr: Any, argopt_names: dict[str, ArgOpt]) -> Any:
    if isinstance(expr, sympy.Symbol) and expr.name in argopt_names:
        return argopt_names[expr.name]
    return expr


def mentions(term: Any, target: Any) -> bool:
    """Whether `target` (such as ``L(w, b)``) appears inside `term`."""
    if isinstance(term, ArgOpt):
        return mentions(term.objective, target)
    if not isinstance(term, sympy.Basic) or not isinstance(target, sympy.Basic):
        return False
    try:
        return term == target or term.has(target)
    except MemoryError:  # the answers child's address-space limit: charged there, not here
        raise
    except Exception:
        return False


__all__ = ["DerivationCheck", "Term", "check_derivation", "declared_functions", "judge", "mentions", "names_in"]
