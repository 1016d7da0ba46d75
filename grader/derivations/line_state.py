"""What the derivation checker's line loop knows: the reading shared by every line, the state it carries
from line to line, and one line's chain as its links are judged."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any

from grader.derivations.carried_results import ChargedResult
from grader.derivations.general_rules import StatedRule, continued_past_rule
from grader.derivations.letter_roles import RoleReading
from grader.derivations.terms import Term
from grader.mathengine.equivalence import ArgOpt, Checker
from grader.mathengine.evaluate import FunctionDefinition
from grader.mathengine.two_classes import TwoClassReading
from grader.mathparse import Notation
from grader.mathparse.nodes import ParsedLine
from grader.results.models import DerivationLine


@dataclass(frozen=True)
class Reading:
    """How one pass reads the derivation: what every line of it shares."""

    sources: Sequence[Any]
    """The lines as the checker reads them (equalities joined, cases expanded, premises dropped)."""

    originals: dict[int, str]
    """Each line's text as the student wrote it, by number (shown in the result)."""

    notation: Notation
    """The problem's notation, as the problem declares it."""

    line_notation: Notation
    """The notation the lines are parsed with: the author's functions, words, slips and letters added."""

    checker: Checker
    """The problem's checker (definitions, assumptions, scenarios, deadline)."""

    known_names: set[str]
    """The names the problem knows."""

    two_classes: TwoClassReading | None
    """How the problem reads a line written for two classes, if it does."""

    slips: dict[str, str] | None
    """Letters read as another from the first line on (None: this pass looks for such slips)."""

    known_from_start: AbstractSet[str]
    """The author's names an earlier pass found defined further down, known from the first line on."""

    found_aliases: dict[str, str]
    """The author's letters for the course's quantities this pass found (beyond the problem's own)."""

    clashing: frozenset[str]
    """Course letters another letter was read as, which the author also writes for a quantity of their own."""

    operators: frozenset[str]
    """The problem's operators (E[...], Var(...)): not the author's functions."""

    student_functions: tuple[str, ...]
    """Function names the author's lines define."""

    roles: RoleReading = field(default_factory=lambda: RoleReading({}, None))
    """The author's letters read from their roles (the sample sum's index and bound, the data set's probability)."""

    role_letters: Mapping[str, str] = field(default_factory=dict)
    """The author's letters recognised from their role (`function_letters`), shown in the feedback."""


@dataclass
class LineState:
    """What the line loop carries from one line to the next."""

    definitions: dict[str, FunctionDefinition]
    """The author's names and what they stand for, so far (those known from the start included)."""

    defined_on: dict[str, int] = field(default_factory=dict)
    """The line after which each of the author's names was first defined."""

    given_read: list[str] = field(default_factory=list)
    """Equations of the prose before the blocks, read so far."""

    argopt_names: dict[str, ArgOpt] = field(default_factory=dict)
    """The author's names for an arg-min or arg-max (`w^* = \\arg\\min_w J(w)`)."""

    lines: list[DerivationLine] = field(default_factory=list)
    """Every line judged so far."""

    remarks: list[int] = field(default_factory=list)
    """The numbers of the lines that state a remark or an assumption (not charged)."""

    all_terms: list[Term] = field(default_factory=list)
    """Every expression in order (continuations not repeated)."""

    previous_terms: list[Term] | None = field(default_factory=list)
    """The last line's chain, which a line starting with `=` continues (None: the last line was unreadable)."""

    previous_segment: list[Term] | None = field(default_factory=list)
    """The last line's last statement, which a line starting with `=>` continues."""

    stated_heads: set[str] = field(default_factory=set)
    """Names the derivation has already stated `NAME = ...` for (a second statement is a step)."""

    found_slips: dict[str, str] = field(default_factory=dict)
    """An undefined letter a later step shows to stand for the problem's (`\\delta` for `\\sigma`)."""

    chain_start: Term | None = None
    """The expression an `=` chain (continued over lines) computes."""

    carried_condition: tuple[Any, Any] | None = None
    """The conditions of the last statement, for `\\Rightarrow` lines continuing it."""

    case_anchor: tuple[Any, Any] | None = None
    """The chain a case of prose ("If $i = j$:") continues, so that the next case continues it too."""

    last_block: Any = None
    """The block of the last line (its prose condition changes between blocks)."""

    last_condition: str = ""
    """The prose condition of the last line's block."""

    charged_results: list[ChargedResult] = field(default_factory=list)
    """Derivatives the author gave a value through a chain with a charged step (carried into later steps)."""

    chain_charged: bool = False
    """Whether the `=` chain the last line ends has a charged step."""

    quotient_parts: dict[str, str] = field(default_factory=dict)
    """The letters a quotient rule the author stated named the parts of the problem's quotient with (`g`, `h`):
    which part each is (`numerator`, `denominator`), for the note on the lines that use them."""

    named_through: dict[str, Any] = field(default_factory=dict)
    """A name the author states through one of their chain functions (`E = g_1(x_1) = ...`: E, `g_1(x_1)`), for
    the chain rule over them (the problem's E keeps its own definition)."""

    stated_rule: StatedRule | None = None
    """The last general rule quoted in the author's own letters, and what the derivation computed before it."""

    information_side: Any = None
    """The last side of the line just before, where that line was a general identity of distributions
    (`information_measures`): what a next line starting with `=` continues (None: the line before was not one)."""

    def rule_passed(self, terms: Sequence[Term], lead: str | None) -> None:
        """A line starting with `=` right after a general rule continues the chain before the rule (unless it
        writes the rule's letters): that chain is the one continued (see `general_rules`)."""
        before = continued_past_rule(self.stated_rule, self.lines[-1].number if self.lines else None, [t.expr for t in terms], lead)
        if before is not None:
            self.previous_terms, self.previous_segment, self.chain_start, self.chain_charged = before

    def follow_prose_cases(self, source: Any, continued: bool) -> None:
        """`\\frac{\\partial y_j}{\\partial z_i} = ...`, then "If $i = j$:" `= ...`, then "If $i \\neq j$:" `= ...`:
        each case continues the expression split into cases, not the other case's last line (`continued`: the line
        starts with a relation)."""
        condition, block = getattr(source, "condition", ""), getattr(source, "block", None)
        if block == self.last_block:
            return
        if condition and not self.last_condition:
            self.case_anchor = (self.previous_terms, self.previous_segment)
        elif condition and condition != self.last_condition and self.case_anchor is not None and continued:
            self.previous_terms, self.previous_segment = self.case_anchor
        if not condition:
            self.case_anchor = None
        self.last_block, self.last_condition = block, condition

    def date_new_definitions(self, known_from_start: AbstractSet[str]) -> None:
        """Note, for each name defined since, the line after which it was defined (the last line judged)."""
        for defined in set(self.definitions) - set(self.defined_on) - set(known_from_start):
            self.defined_on[defined] = self.lines[-1].number if self.lines else 0

    def names_taken(self) -> set[str]:
        """The names the author has defined so far (definitions and arg-min names)."""
        return set(self.definitions) | set(self.argopt_names)


@dataclass
class LineChain:
    """One line's chain of terms and relations, as its links are judged."""

    source: Any
    """The line (``number``, ``text`` and what the prose says about it)."""

    parsed: ParsedLine
    """The line as parsed."""

    chain: list[Term]
    """The terms the links join: the line's own, after the term it continues from."""

    relations: list[str]
    """The relation of each link (one fewer than the terms)."""

    lead: str | None
    """The relation the line starts with (None: it starts with an expression)."""

    line_checker: Checker
    """The checker for this line: the problem's, under the prose's assumption if there is one."""

    current: Checker
    """The checker the links are judged with: the author's definitions and the line's conditions added."""

    inequality_condition: Any
    """An inequality condition written after the line's math (None: none)."""

    start_index: int = 0
    """The first link to judge (a definition at the head, or a continued statement, is not)."""

    segments: list[list[Term]] = field(default_factory=list)
    """The chain's statements, split at its logical links."""

    solved: set[int] = field(default_factory=set)
    """Statements that follow from the one before by solving it."""
