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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import sympy

from grader.derivations import messages  # noqa: F401  (the catalog of the keys used below)
from grader.derivations.author_letters import LONE_LETTER, bound_letters, course_letters, with_student_words, without_commands
from grader.derivations.definitions import (
    declared_functions,
    defined_by_derivative,
    extend_notation,
    given_definition,
    index_beyond_head,
    name_to_define,
    named_by_position,
    record_definition,
    tuple_definition,
)
from grader.derivations.faults import LOG, deadline_passed, judge, judge_slip
from grader.derivations.later_definitions import functions_defined_below, later_definition_noted, unchecked_for_want_of
from grader.derivations.link_readings import (
    distinct_indices,
    expansion_checked,
    free_indices,
    is_derivative,
    is_zero,
    minimizes,
    no_value,
    random_outside_expectation,
    rounded_equal,
    same_moments,
    two_quantities,
    with_readings,
)
from grader.derivations.remarks import NOTATION_ERRORS, REMARK_RELATIONS, after_remark, follows_unreadable, remark_relation, states_no_step, unknown_notation
from grader.derivations.restatements import head_key, restates, superscript_index
from grader.derivations.slips import index_typo, letter_slip, slip_noted
from grader.derivations.statements import statement_holds
from grader.derivations.terms import LOGICAL, Term, has_inequality, mentions, resolve, segment_of, statement_segments, statement_with_relations
from grader.derivations.written_lines import (
    branches_merged,
    cases_expanded,
    continues,
    equalities_joined,
    function_head_dropped,
    parse_or_none,
    premise_dropped,
    under_assumption,
    under_prose_condition,
)

from .equivalence import ArgOpt, Checker, Verdict, names_in
from .evaluate import FunctionDefinition
from .free_letters import identity_in_free_letters
from .inequalities import INEQUALITY_RELATIONS, chain_holds, inequality_holds
from .mathparse import MathParseError, Notation, parse_line
from .mathparse.nodes import ParsedLine
from .models import DerivationLine, LinkResult, Message
from .piecewise import conditioned, parse_with_cases, split_condition
from .two_classes import TwoClassReading, two_class_terms


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

    `slips`: letters read as another (`{"delta": "sigma"}`), found by a first reading (see `letter_slip`).
    `defined_below`: the author's functions a first reading found used on a line before the line that
    defines them (`= \\sum_i l(Y_i, y_i)`, then `l(Y_i, y_i) = ...`), known from the first line on.
    `two_classes`: how the problem reads a line written for two classes (see `two_classes.py`), if it does.
    `forward`: the author's definitions a first reading found only after a line that uses them
    (`Var(z_t) = Var(z_{t-1})`, then `z_t = w_t a_t + b_t`), known from the first line on."""
    given_sources = sources
    originals = {source.number: source.text for source in sources}
    sources = equalities_joined(sources, notation)
    sources = cases_expanded([under_prose_condition(function_head_dropped(premise_dropped(source)), notation.inequalities)
                               for source in sources])
    student_functions: list[str] = []
    for source in sources:
        student_functions.extend(n for n in declared_functions(source.text) if n not in known_names)
    line_notation = extend_notation(notation, student_functions)
    line_notation = with_student_words(line_notation, sources)
    if slips:
        line_notation = replace(line_notation, aliases={**dict(line_notation.aliases), **slips})
    bounds = bound_letters(sources, line_notation, known_names)
    if bounds:
        line_notation = replace(line_notation, aliases={**bounds, **dict(line_notation.aliases)})
    lettered = course_letters(sources, line_notation, checker, known_names)
    found_aliases = {k: v for k, v in lettered.aliases.items() if notation.aliases.get(k) != v}
    line_notation = lettered
    # a course letter another of the author's letters was read as, which the author also writes for a
    # quantity of their own (p read as the outputs y, while the author's y are the labels): the two
    # cannot be told apart on a line that writes it, so no step there is called wrong for it
    written = {m for source in sources for m in LONE_LETTER.findall(without_commands(source.text))}
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
            given_definition(equation, line_notation, known_names | set(definitions) | set(argopt_names), definitions, argopt_names)
        defined_before = set(definitions)
        condition, block = getattr(source, "condition", ""), getattr(source, "block", None)
        if block != last_block:
            if condition and not last_condition:
                case_anchor = (previous_terms, previous_segment)
            elif condition and condition != last_condition and case_anchor is not None and continues(source.text):
                previous_terms, previous_segment = case_anchor
            if not condition:
                case_anchor = None
            last_block, last_condition = block, condition
        line_checker = under_assumption(checker, source, line_notation)
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
                split = tuple_definition(source.text)
                parsed = parse_or_none(split[1], line_notation) if split else None
                if split is None or parsed is None or parsed.leading_relation is not None:
                    remark = remark_relation(error)
                    before_prose = (previous_terms, previous_segment)
                    previous_terms = previous_segment = None
                    if remark is not None:
                        reason = Message("derivation.remark", {"relation": remark})
                        lines.append(DerivationLine(number=source.number, source=source.text, links=(LinkResult(source.text, remark, "", None, reason),)))
                        remarks.append(source.number)
                        # `L \propto A \\ = B`: the next line's `= B` is checked against A
                        after = after_remark(source.text, error, line_notation, source.number)
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
                name = name_to_define(chain[0].expr, known_names | set(definitions) | set(argopt_names),
                                 set(line_notation.index_ranges) - set(definitions) - set(argopt_names))
                if name is not None and not index_beyond_head(chain[0].expr, chain[1].expr, notation):
                    record_definition(name, chain[0].expr, resolve(chain[1].expr, argopt_names), definitions, argopt_names, notation)
                    links.append(LinkResult(chain[0].source, "=", chain[1].source, True, Message("derivation.defines", {"name": chain[0].source})))
                    start_index = 1
                    current = line_checker.with_definitions(definitions).with_conditions(parsed.conditions, parsed.equalities)
                    if inequality_condition is not None:
                        current = conditioned(current, (inequality_condition,))

            if lead is None and start_index == 0 and chain_relations and chain_relations[0] == "=":
                # `\\frac{\\partial \\hat y_i}{\\partial \\theta_i} = \\frac{\\partial}{\\partial \\theta_i} \\frac{e^{\\theta_i}}{\\sum_j e^{\\theta_j}}`:
                # the derivative of a name nobody defined, written as the derivative of an expression, says
                # what the name is (the author's definition, as a TA reads it); its later derivatives are checked
                by_derivative = defined_by_derivative(chain[0].expr, resolve(chain[1].expr, argopt_names),
                                                       known_names | set(definitions) | set(argopt_names) | stated_heads,
                                                       set(known_names) - set(checker.definitions) - set(definitions))
                if by_derivative is not None:
                    name, head, body = by_derivative
                    record_definition(name, head, body, definitions, argopt_names, notation)
                    links.append(LinkResult(chain[0].source, "=", chain[1].source, True, Message("derivation.defines", {"name": chain[0].source})))
                    start_index = 1
                    # the next step is checked from the derivative of the name, which the definition makes equal
                    chain[1] = replace(chain[1], expr=chain[0].expr)
                    current = line_checker.with_definitions(definitions).with_conditions(parsed.conditions, parsed.equalities)
                    if inequality_condition is not None:
                        current = conditioned(current, (inequality_condition,))

            segments = statement_segments(chain, chain_relations)
            solved: set[int] = set()  # segments that follow from the one before by solving it
            for k in range(start_index, len(chain_relations)):
                left, right, relation = chain[k], chain[k + 1], chain_relations[k]
                lone_argopts = (
                    relation in LOGICAL
                    and len(segments[segment_of(k, chain_relations)]) == 1
                    and len(segments[segment_of(k + 1, chain_relations)]) == 1
                    and isinstance(resolve(left.expr, argopt_names), ArgOpt)
                    and isinstance(resolve(right.expr, argopt_names), ArgOpt)
                )
                if relation in INEQUALITY_RELATIONS:
                    verdict = judge(lambda: inequality_holds(current, resolve(left.expr, argopt_names), resolve(right.expr, argopt_names), relation))
                elif relation == "=" or lone_argopts:  # `\arg\max L \iff \arg\min -\log L`: the same minimizers
                    verdict = judge(lambda: current.same_values(resolve(left.expr, argopt_names), resolve(right.expr, argopt_names)))
                elif has_inequality(chain_relations, k + 1):
                    # `... \Rightarrow a \ge b`: the statement's own links hold where the problem's assumptions do
                    statement, statement_relations = statement_with_relations(chain, chain_relations, k + 1)
                    verdict = judge(lambda: chain_holds(current, [resolve(t.expr, argopt_names) for t in statement], statement_relations))
                    if verdict.holds is False:
                        verdict = Verdict(False, Message("derivation.statement_fails"), verdict.counterexample)
                else:
                    statement = segments[segment_of(k + 1, chain_relations)]
                    premise = segments[segment_of(k, chain_relations)]
                    verdict = judge(lambda: statement_holds(current, statement, argopt_names, relation, premise))
                if relation in LOGICAL:
                    left_text = " = ".join(t.source for t in segments[segment_of(k, chain_relations)])
                    right_text = " = ".join(t.source for t in segments[segment_of(k + 1, chain_relations)])
                else:
                    left_text, right_text = left.source, right.source
                if relation == "=" and verdict.holds and "E" in getattr(current, "special", {}):
                    verdict = judge(lambda: expansion_checked(current, left, right, verdict))
                if relation == "=" and verdict.holds is None and random_outside_expectation(current, verdict):
                    verdict = judge(lambda: same_moments(current, left, right, verdict))
                if relation == "=" and verdict.holds is False and not parsed.conditions and not parsed.equalities:
                    verdict = judge(lambda: distinct_indices(current, left, right, notation, verdict))
                if relation == "=" and verdict.holds and verdict.reason is None and line_checker is not checker:
                    # valid under the one-hot labels the prose assumed: say so where the step needs it
                    plain = checker.with_definitions(definitions).with_conditions(parsed.conditions, parsed.equalities)
                    if inequality_condition is not None:
                        plain = conditioned(plain, (inequality_condition,))
                    unassumed = judge(lambda: plain.same_values(resolve(left.expr, argopt_names), resolve(right.expr, argopt_names)))
                    if unassumed.holds is False:
                        reading = Message("derivation.reading_one_hot", {"assumption": source.assumption})
                        verdict = Verdict(True, Message("derivation.reading", {"reading": reading}))
                if relation == "=" and verdict.holds is None and no_value(verdict):
                    # the author's own letters, never defined: a step that holds whatever they stand for
                    free = judge(lambda: identity_in_free_letters(current, resolve(left.expr, argopt_names), resolve(right.expr, argopt_names),
                                                                  (left.source, right.source)))
                    if free is not None and free.holds:
                        verdict = free
                if relation == "=" and verdict.holds is None and no_value(verdict) and slips is None and len(found_slips) < 3:
                    slip = judge_slip(lambda: letter_slip(current, left.expr, right.expr, known_names | set(definitions), line_notation))
                    if slip is not None:
                        found_slips.setdefault(*slip)
                if relation == "=" and verdict.holds is None and no_value(verdict) and k == 0 and lead == "=":
                    # `E = -\\sum_j Y_j \\log y_j` then `= -\\sum_j \\ell_j`: the author names the term ℓ_j = Y_j log y_j
                    named = named_by_position(left.expr, right.expr, known_names | set(definitions) | set(argopt_names))
                    if named is not None:
                        name, params, body = named
                        definitions[name] = FunctionDefinition(params, body)
                        if params and isinstance(params[0], sympy.Symbol):
                            definitions.setdefault(f"{name}_{params[0].name}", FunctionDefinition((), body))
                        verdict = Verdict(True, Message("derivation.defines", {"name": right.source}))
                if (relation == "=" and not verdict.holds and k == len(chain_relations) - 1 and is_zero(right.expr)
                        and is_derivative(chain[0].expr) and len(chain) > 2 and minimizes(current)):
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
                    recovered = judge(lambda: current.same_values(resolve(chain_start.expr, argopt_names), resolve(right.expr, argopt_names))) \
                        if typo_charged else Verdict(False)
                    if recovered.holds and index_typo(current, left.expr, chain_start.expr, notation):
                        verdict = Verdict(True, Message("derivation.recovers", {"start": chain_start.source}))
                if (relation == "=" and verdict.holds is False and lead is None and len(chain) == 2
                        and two_quantities(left.expr, right.expr, known_names, notation)):
                    # `n_{in} = n_{out}`: two of the problem's quantities, free of each other, set equal: the
                    # author's assumption (a case considered), not a step
                    verdict = Verdict(None, Message("derivation.assumes"))
                    remarks.append(source.number)
                if relation == "=" and verdict.holds is False:
                    rounded = rounded_equal(current, left, right)
                    if rounded is not None:
                        verdict = rounded
                if verdict.holds is False and clashing:
                    clash = next((t for t in sorted(clashing) if t in LONE_LETTER.findall(without_commands(source.text))), None)
                    if clash is not None:
                        verdict = Verdict(None, Message("derivation.letter_clash", {"letter": clash}))
                if relation in LOGICAL and verdict.reason is not None and verdict.reason.key == "derivation.follows_by_solving":
                    solved.add(segment_of(k + 1, chain_relations))
                elif relation == "=" and not verdict.holds and segment_of(k, chain_relations) in solved:
                    verdict = Verdict(True, Message("derivation.follows"))
                links.append(LinkResult(left_text, relation, right_text, verdict.holds, verdict.reason, verdict.counterexample))
            if getattr(parsed, "readings", ()):
                links = with_readings(links, parsed.readings)
            if lead is None and chain_relations == ["="] and restates(chain[0].expr, links, known_names, defined_before | stated_heads,
                                                                     operators, chain[1].expr, line_notation) \
                    and not index_beyond_head(chain[0].expr, chain[1].expr, line_notation):
                # `L(w,b) = \prod_i p(y_i | x_i)`, `N(y | \mu, \sigma^2) = ...`: a definition in the student's
                # own terms that cannot be evaluated states what they mean; free, as a TA reads it
                links = [replace(links[-1], valid=True, reason=Message("derivation.defines", {"name": chain[0].source}))]
            elif (lead is None and len(chain_relations) > 1 and all(r == "=" for r in chain_relations) and len(links) == len(chain_relations)
                  and restates(chain[0].expr, links[:1], known_names, defined_before | stated_heads, operators, chain[1].expr, line_notation)):
                # `L(\\theta) = \\prod_i p(y_i | x_i; \\theta) = \\prod_i \\frac{1}{\\sqrt{2\\pi\\sigma^2}} ...`: the same first
                # statement at the head of a chain; the steps after it are checked as they are
                links = [replace(links[0], valid=True, reason=Message("derivation.defines", {"name": chain[0].source})), *links[1:]]
            stated = head_key(chain[0].expr, operators) or superscript_index(chain[0].expr, line_notation) if chain else None
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
    used_before = functions_defined_below(lines, definitions, defined_below)
    if used_before and not deadline_passed(checker.deadline):
        # a TA reads a function the author defines a line further down as defined where it is used
        return check_derivation(given_sources, notation, checker, known_names, slips,
                                {**(defined_below or {}), **used_before}, two_classes, forward=forward)
    for defined in set(definitions) - set(defined_on) - set(forward or {}) - set(defined_below or {}):
        defined_on[defined] = lines[-1].number if lines else 0
    later = {name: definitions[name] for name, number in defined_on.items()
             if any(line.number < number and unchecked_for_want_of(line, name) for line in lines)}
    lines = branches_merged(lines, originals)
    if slips:
        lines = [slip_noted(line, slips) for line in lines]
    if later and forward is None and not deadline_passed(checker.deadline):
        # a name the author defines only after the line that uses it (`Var(z_t) = Var(z_{t-1})`, then
        # `z_t = w_t a_t + b_t`): that line is read again with the definition known, as a TA reads it once
        # the definition is given; taken where every step then holds (a step found wrong that way may rest
        # on what else the reading changes, so the line stays unchecked, never passed)
        again = check_derivation(given_sources, notation, checker, known_names, slips, defined_below, two_classes, forward=later)
        wanting = {line.number for line in lines if any(unchecked_for_want_of(line, name) for name in later)}
        holding = {line.number: line for line in again.lines
                   if line.number in wanting and line.error is None and line.links and all(k.valid for k in line.links)}
        lines = [later_definition_noted(holding[line.number], line, later) if line.number in holding else line for line in lines]
    # a line the parser cannot read for its notation is charged as a step that cannot be checked;
    # one whose math is wrong (shapes that do not fit) as an invalid step
    invalid = tuple(
        l.number for l in lines if (l.error is not None and not unknown_notation(l)) or any(k.valid is False for k in l.links)
    )
    unchecked = tuple(
        l.number
        for l in lines
        if l.number not in invalid and l.number not in remarks
        and (unknown_notation(l) or any(k.valid is None and not follows_unreadable(k) for k in l.links))
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


#: The names this module has always offered (its helpers now live in `grader.derivations`).
__all__ = [
    "LOGICAL", "NOTATION_ERRORS", "REMARK_RELATIONS", "DerivationCheck", "Term", "check_derivation", "deadline_passed",
    "declared_functions", "extend_notation", "free_indices", "judge", "judge_slip", "mentions", "names_in", "states_no_step",
    "unknown_notation",
]
