"""Checking a derivation line by line.

Input: the section's derivation lines (plain strings from `grader.reading.answers_md`) and a
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

This module holds the line loop: a `Reading` shared by one pass over the lines, a `LineState`
carried from line to line, and the steps of one line (read, classified as a remark, prose, an
unreadable line or a chain, its head definitions, its links judged, then recorded for the lines
after it).  What each step decides lives in `grader.derivations`: `written_lines` (a line put in
the form the checker reads), `author_letters`, `definitions`, `remarks`, `restatements`,
`statements`, `equality_looks` and `link_readings` (the second looks at a link), `slips` and
`later_definitions` (what makes a pass read the derivation again), `faults` (what a fault of ours
becomes) and `messages` (the catalog).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from grader.derivations import batch_entries, messages  # noqa: F401  (messages: the catalog of the keys used below)
from grader.derivations.applied_functions import student_function_names
from grader.derivations.approximations import remark_relation_judged
from grader.derivations.author_functions import author_links_read, chain_functions_recorded
from grader.derivations.author_letters import LONE_LETTER, bound_letters, clashing_letters, course_letters, with_student_words, without_commands
from grader.derivations.author_notation import SCANNED_LINES, glued_indices_read
from grader.derivations.author_probabilities import joint_probabilities, with_likelihood_readings
from grader.derivations.bare_functions import bare_calls_read
from grader.derivations.bridged_lines import bridged, passed_over
from grader.derivations.carried_results import charged_result_noted
from grader.derivations.chain_letters import chain_letter_defined
from grader.derivations.defined_shapes import with_defined_shapes
from grader.derivations.definitions import declared_functions, defined_by_derivative, extend_notation, given_definition, index_beyond_head, name_to_define, record_definition
from grader.derivations.elided_lines import continued_from, continued_over
from grader.derivations.equality_looks import equality_looked_at
from grader.derivations.faults import contained_fault, deadline_passed, judge, judge_slip
from grader.derivations.function_letters import argument_letters, function_letters, renaming_noted, with_aliases
from grader.derivations.information_measures import information_line_recorded
from grader.derivations.later_definitions import functions_defined_below, later_definition_noted, unchecked_for_want_of
from grader.derivations.letter_roles import RoleReading, role_reading
from grader.derivations.line_state import LineChain, LineState, Reading
from grader.derivations.link_readings import free_indices, with_readings
from grader.derivations.loss_letters import with_loss_and_labels
from grader.derivations.optimisation_claims import optima_compared
from grader.derivations.own_signatures import own_signatures_noted, own_signatures_read
from grader.derivations.prose_equations import prose_equations
from grader.derivations.remarks import NOTATION_ERRORS, REMARK_RELATIONS, follows_unreadable, states_no_step, terms_after, unknown_notation
from grader.derivations.restatements import head_key, restates, superscript_index
from grader.derivations.sample_classes import sample_class_noted, sample_classes
from grader.derivations.sample_densities import products_noted, sample_products
from grader.derivations.scalar_cases import one_dimensional_checker, scalar_reader
from grader.derivations.slips import slip_noted
from grader.derivations.statement_lists import statements_split
from grader.derivations.statements import statement_holds
from grader.derivations.terms import LOGICAL, Term, has_inequality, mentions, resolve, segment_of, statement_segments, statement_with_relations
from grader.derivations.test_time_outputs import test_time_defined
from grader.derivations.transformed_expressions import transformed_links
from grader.derivations.whole_datasets import dataset_noted, whole_datasets
from grader.derivations.written_lines import branches_merged, cases_expanded, continues, equalities_joined, function_head_dropped, premise_dropped, under_assumption, under_prose_condition
from grader.mathengine.equivalence import ArgOpt, Checker, Verdict, names_in
from grader.mathengine.evaluate import FunctionDefinition
from grader.mathengine.inequalities import INEQUALITY_RELATIONS, chain_holds, inequality_holds
from grader.mathengine.piecewise import conditioned, parse_with_cases, split_condition
from grader.mathengine.two_classes import TwoClassReading, two_class_terms
from grader.mathparse import NoStep, Notation, Remark, TupleDefinition, Unreadable, read_statement
from grader.mathparse.nodes import ParsedLine
from grader.results.models import DerivationLine, LinkResult, Message


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
    """The author's own letters for the course's quantities (`{"a": "z", "p": "y"}`), found through their definitions; the answers are read with them too."""

    roles: RoleReading | None = None
    """The author's letters read from their roles (`letter_roles`); the answers are read under it too."""


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
    (`Var(z_t) = Var(z_{t-1})`, then `z_t = w_t a_t + b_t`), known from the first line on.

    Each line is read (`_line_read`), then classified: a remark, prose or an unreadable line is recorded as
    such; a line that parses becomes a chain (`_line_chain`), whose head may be a definition
    (`_head_defined`, `_derivative_defined`), whose links are checked (`_judged_link`), and which is then
    linked to the lines after it (`_line_recorded`).  What this pass found further down may make it read
    the derivation again, each for its own reason and with its own acceptance: letters slipped (every line
    read again), functions used above their definition (every line read again), and names defined after
    their use (only the lines that wanted them, where every step then holds: `_with_later_definitions`)."""
    reading = _prepared_reading(sources, notation, checker, known_names, slips, two_classes,
                                known_from_start=set(forward or {}) | set(defined_below or {}))
    state = LineState(definitions={**(defined_below or {}), **(forward or {})})
    for source in reading.sources:
        _read_line(reading, state, source)

    def reread(slips: dict[str, str] | None, defined_below: dict[str, FunctionDefinition] | None,
               forward: Mapping[str, FunctionDefinition] | None) -> DerivationCheck:
        return check_derivation(sources, notation, checker, known_names, slips, defined_below, two_classes, forward=forward)

    if state.found_slips and not deadline_passed(checker.deadline):
        return reread(state.found_slips, defined_below, forward)  # read again with the letters as the author meant them, every line (the slip shows only later)
    used_before = functions_defined_below(state.lines, state.definitions, defined_below)
    if used_before and not deadline_passed(checker.deadline):
        return reread(slips, {**(defined_below or {}), **used_before}, forward)  # a TA reads a function the author defines a line further down as defined where it is used
    state.date_new_definitions(reading.known_from_start)
    lines = branches_merged(state.lines, reading.originals)
    lines = reading.roles.noted([slip_noted(line, slips) if slips else line for line in lines])
    lines = products_noted(own_signatures_noted(renaming_noted(lines, reading.role_letters), sources, notation, known_names), reading.sources, sources)
    lines = batch_entries.batch_lines_read(sample_class_noted(dataset_noted(lines, reading.sources, sources), reading.sources, sources, notation, checker), reading.sources, notation, checker, known_names, state.all_terms)
    if forward is None:
        lines = _with_later_definitions(state, lines, checker, lambda later: reread(slips, defined_below, later))
    return _derivation_check(reading, state, bridged(lines, state.all_terms, lambda: checker.with_definitions(state.definitions)))


# -- the reading one pass shares ------------------------------------------------------------------


def _prepared_reading(sources: Sequence[Any], notation: Notation, checker: Checker, known_names: set[str],
                      slips: dict[str, str] | None, two_classes: TwoClassReading | None, known_from_start: set[str]) -> Reading:
    """The lines put in the form the checker reads, and the notation they are read with."""
    originals = {source.number: source.text for source in sources}
    roles = role_reading(sources[:SCANNED_LINES], notation, checker, known_names, two_classes)  # the author's letters, functions, words: in the first lines
    read = statements_split([roles.rewritten(source) for source in sources], notation, checker)  # `A = B, \quad C = D`: each statement
    read = equalities_joined(glued_indices_read(own_signatures_read(read, notation, known_names), known_names), notation)  # `x1` for x_1
    read = [under_prose_condition(function_head_dropped(premise_dropped(source)), notation.inequalities) for source in read]
    read = sample_classes(whole_datasets(sample_products(joint_probabilities(cases_expanded(read)), notation.index_ranges), checker, notation.index_ranges), notation, checker, known_names)
    scanned = read[:SCANNED_LINES]
    student_functions = student_function_names([source.text for source in scanned], notation, known_names)
    line_notation, role_letters = _line_notation(scanned, notation, checker, known_names, student_functions, slips)
    found_aliases = {k: v for k, v in line_notation.aliases.items() if notation.aliases.get(k) != v}
    return Reading(
        sources=read, originals=originals, notation=notation, line_notation=line_notation, checker=checker,
        known_names=known_names, two_classes=two_classes, slips=slips, known_from_start=known_from_start,
        found_aliases=found_aliases, clashing=clashing_letters(scanned, found_aliases, notation),
        # E[...], Var(...): the problem's operators, not the author's functions
        operators=frozenset(getattr(checker, "special", {})), student_functions=tuple(dict.fromkeys(student_functions)),
        roles=roles, role_letters=role_letters,
    )


def _line_notation(sources: Sequence[Any], notation: Notation, checker: Checker, known_names: set[str],
                   student_functions: list[str], slips: dict[str, str] | None) -> tuple[Notation, dict[str, str]]:
    """The problem's notation with the author's functions and words, the slips a first reading found, the
    author's letters for the number of classes or samples, and the author's letters for the course's quantities
    (and, apart, those recognised from their role, which the feedback names)."""
    line_notation = with_student_words(bare_calls_read(extend_notation(notation, student_functions), sources), sources)  # `\\arg\\max \\ell`
    if slips:
        line_notation = replace(line_notation, aliases={**dict(line_notation.aliases), **slips})
    bounds = bound_letters(sources, line_notation, known_names)
    if bounds:
        line_notation = replace(line_notation, aliases={**bounds, **dict(line_notation.aliases)})
    arguments = argument_letters(sources, line_notation, known_names)  # `J(\\omega)`: ω the weights, before the definitions
    read = course_letters(sources, with_aliases(line_notation, arguments), checker, known_names)
    roles = with_loss_and_labels({**arguments, **function_letters(sources, read, checker, known_names)}, sources, read, checker, known_names)
    return with_aliases(read, roles), roles


# -- one line: read, classified, checked, linked -----------------------------------------------------


@dataclass(frozen=True)
class _ReadLine:
    """A line the parser read (directly, or as a tuple of names given to a result)."""

    parsed: ParsedLine
    """The line as parsed."""

    inequality_condition: Any
    """An inequality condition written after the math (`..., \\quad w_i^* > 0`), or None."""

    names_defined: str | None
    """`\\hat w, \\hat b` of `\\hat w, \\hat b = \\arg\\max ...`: names for the result (None: none)."""


def _read_line(reading: Reading, state: LineState, source: Any) -> None:
    """Read, check and link one line; a fault of ours on it leaves it 'could not be checked'."""
    lines_before, terms_before = len(state.lines), len(state.all_terms)
    state.date_new_definitions(reading.known_from_start)
    _read_prose_equations(reading, state, source)
    defined_before = set(state.definitions)
    state.follow_prose_cases(source, continues(source.text))
    line_checker = reading.roles.checker_for(under_assumption(reading.checker, source, reading.line_notation), source.text)  # `c` the true class
    with contained_fault("derivation line %d could not be checked: %r", source.number, str(source.text)[:300]) as fault:
        _check_line(reading, state, source, line_checker, defined_before)
    if fault.happened:  # logged for staff; the student reads a plain reason, and the next line starts afresh
        del state.lines[lines_before:], state.all_terms[terms_before:]
        state.lines.append(DerivationLine(number=source.number, source=source.text,
                                          links=(LinkResult(source.text, "=", "", None, Message("derivation.could_not_check")),)))
        state.previous_terms = state.previous_segment = None


def _read_prose_equations(reading: Reading, state: LineState, source: Any) -> None:
    """The equations the prose before this line's block states (`$\\sum_K = ...$`) and not read yet, and the words after its math."""
    for equation in prose_equations(source, state.given_read):  # also `\\text{As $P[y_i | x_i] = ...$}` after the math
        given_definition(equation, reading.line_notation, reading.known_names | state.names_taken(), state.definitions, state.argopt_names)


def _check_line(reading: Reading, state: LineState, source: Any, line_checker: Checker, defined_before: set[str]) -> None:
    """One line's links judged and the line recorded (a remark, prose or an unreadable line as such)."""
    if deadline_passed(reading.checker.deadline):
        # reading a line costs time too: past the problem's time limit the rest is not even read
        state.lines.append(DerivationLine(number=source.number, source=source.text,
                                          links=(LinkResult("", "=", "", None, Message("derivation.timeout")),)))
        state.previous_terms = state.previous_segment = None
        return
    if information_line_recorded(state, source):  # `H(p,q) = -\\sum_x p(x)\\log q(x)`: an identity for any distributions
        return
    read = _line_read(reading, state, source)
    if read is None:
        return
    line, links = _line_chain(reading, state, source, read, line_checker)
    if read.names_defined is not None:
        # `\hat w, \hat b = \arg\max ...`: names for the result, nothing to check
        links.insert(0, LinkResult(read.names_defined, "=", line.chain[0].source, True,
                                   Message("derivation.defines", {"name": read.names_defined})))
    for definition_found in (test_time_defined, _head_defined, _derivative_defined, chain_letter_defined):  # `h_{test} = ...` by its rule; `NAME = ...`; `d NAME / d v = ...`; `... = e^{z_k} / Z`
        defined = definition_found(reading, state, line)
        if defined is not None:
            links.append(defined)
    line.segments = statement_segments(line.chain, line.relations)
    links.extend(_judged_link(reading, state, line, k) for k in range(line.start_index, len(line.relations)))
    links.extend(transformed_links(state, line))  # a bare expression after another: its log, or it up to a constant
    if getattr(line.parsed, "readings", ()):
        links = with_readings(links, line.parsed.readings)
    links = author_links_read(reading, state, line, _restatement_read(reading, state, line, links, defined_before), defined_before)
    _line_recorded(reading, state, line, links)


def _line_read(reading: Reading, state: LineState, source: Any) -> _ReadLine | None:
    """The line as the parser reads it; None where it is not math the checker reads (recorded by `_unreadable_line_recorded`)."""
    text, inequality_condition = split_condition(source.text, reading.line_notation)  # `..., \quad w_i^* > 0`
    # the author's matrices and vectors in their definitions' shapes (`D = (A + B)^{-1} A` of the problem's matrices A, B)
    notation = with_defined_shapes(reading.line_notation, state.definitions)
    statement = read_statement(source.text, notation, math=text, read_chain=scalar_reader(parse_with_cases))  # `cases` values; 1-D cases
    match statement:
        case ParsedLine():  # `q_\\theta(Y_i|x_i)` the model's probability, `y_{ij}` at the label: said in the feedback
            return _ReadLine(with_likelihood_readings(statement, reading.checker, notation, state.definitions), inequality_condition, None)
        case TupleDefinition(names=names, line=parsed):
            return _ReadLine(parsed, inequality_condition, names)
        case Remark() | NoStep() | Unreadable():
            _unreadable_line_recorded(state, source, statement, remark_relation_judged(reading.checker, notation, source.text, statement))
            return None


def _unreadable_line_recorded(state: LineState, source: Any, statement: Remark | NoStep | Unreadable, judged: LinkResult | None = None) -> None:
    """A line not read as a chain: a remark (`\\sim`, `\\propto`: `judged` where checked), a no-step line, or math the parser rejects."""
    before_prose = (state.previous_terms, state.previous_segment)
    state.previous_terms = state.previous_segment = None
    match statement:
        case Remark(relation=relation):
            state.lines.append(DerivationLine(number=source.number, source=source.text, links=(
                judged or LinkResult(source.text, relation, "", None, Message("derivation.remark", {"relation": relation})),)))
            state.remarks.extend([source.number] if judged is None else [])
            after = terms_after(statement, source.number)  # `L \propto A \\ = B`: the next line's `= B` is checked against A
            if after is not None:
                state.previous_terms = state.previous_segment = after
                state.all_terms.extend(after)
        case NoStep(kind=kind):
            # `\{x_i, Y_i\}_{i=1}^n`, `a \rightarrow [0, 1, 0]`, `\text{since V is orthogonal}`: no equation, so no step a TA could mark; shown as read, not charged
            state.lines.append(DerivationLine(number=source.number, source=source.text,
                                              links=(LinkResult(source.text, "", "", None, Message(f"derivation.{kind}")),)))
            state.remarks.append(source.number)
            # prose between two steps (`\text{$\Lambda$ is diagonal}`), an elided `= ...`: a next `= ...` continues the math before it
            state.previous_terms, state.previous_segment = continued_over(kind, source.text, before_prose)
        case Unreadable(error=error):
            state.lines.append(DerivationLine(number=source.number, source=source.text, error=error))


def _line_chain(reading: Reading, state: LineState, source: Any, read: _ReadLine, line_checker: Checker) -> tuple[LineChain, list[LinkResult]]:
    """The line's chain (after the term it continues from), the checker of its links, and a continued line's unread first step."""
    parsed, inequality_condition = _condition_carried(reading, state, read)
    binary = two_class_terms(parsed.terms, reading.two_classes, reading.line_notation.index_ranges) if reading.two_classes is not None else None
    if reading.two_classes is not None and binary is not None:
        # `\prod_i y_i^{Y_i} (1 - y_i)^{1 - Y_i}`: the two-class case, checked where there are two classes
        parsed = replace(parsed, terms=binary, readings=("two_classes", *parsed.readings))
        line_checker = line_checker.with_scenarios((reading.two_classes.scenario,))
    chain_functions_recorded(parsed.terms, parsed.relations, reading.student_functions, state.definitions, state.named_through)  # `E = g_1(x_1) = ...`
    current = _checker_for(line_checker, state.definitions, parsed, inequality_condition)
    terms = [Term(e, s, source.number) for e, s in zip(parsed.terms, parsed.term_sources)]
    state.all_terms.extend(terms)
    lead = parsed.leading_relation
    state.rule_passed(terms, lead)  # `= n Var(w) Var(a)` after a rule quoted in other letters continues the line before it
    chain, relations, links = _continued(state, terms, list(parsed.relations), lead)
    line = LineChain(source, parsed, chain, relations, lead, line_checker, current, inequality_condition)
    if lead is not None and lead in LOGICAL and state.previous_terms:
        line.start_index = len(state.previous_segment or state.previous_terms[-1:]) - 1  # judge from the logical link on
    return line, links


def _condition_carried(reading: Reading, state: LineState, read: _ReadLine) -> tuple[ParsedLine, Any]:
    """`\\Rightarrow ...` continues a statement made under a condition: the same condition (where the notation reads inequalities); the line's own conditions are carried to the next line."""
    parsed, inequality_condition = read.parsed, read.inequality_condition
    if (reading.line_notation.inequalities and parsed.leading_relation in LOGICAL and not parsed.conditions
            and inequality_condition is None and state.carried_condition is not None):
        parsed, inequality_condition = replace(parsed, conditions=state.carried_condition[0]), state.carried_condition[1]
    state.carried_condition = (parsed.conditions, inequality_condition) if parsed.conditions or inequality_condition is not None else None
    return parsed, inequality_condition


def _checker_for(line_checker: Checker, definitions: dict[str, FunctionDefinition], parsed: ParsedLine, inequality_condition: Any) -> Checker:
    """The checker a line's links are judged with: the author's definitions and the line's conditions."""
    current = one_dimensional_checker(line_checker, parsed).with_definitions(definitions).with_conditions(parsed.conditions, parsed.equalities)
    if inequality_condition is not None:
        current = conditioned(current, (inequality_condition,))
    return current


def _continued(state: LineState, terms: list[Term], relations: list[str], lead: str | None) -> tuple[list[Term], list[str], list[LinkResult]]:
    """The chain a line judges: `= ...` (or an inequality) continues from the line before's last term, `=> ...` from its last statement."""
    if lead is None:
        return terms, relations, []
    if not state.previous_terms:
        unreadable = LinkResult(left="", relation=lead, right=terms[0].source if terms else "", valid=None,
                                reason=Message("derivation.continues_unreadable"))
        return terms, relations, [unreadable]
    if lead == "=" or lead in INEQUALITY_RELATIONS:
        return [state.previous_terms[-1], *terms], [lead, *relations], []
    carried = state.previous_segment or state.previous_terms[-1:]
    return [*carried, *terms], [*(["="] * (len(carried) - 1)), lead, *relations], []


def _head_defined(reading: Reading, state: LineState, line: LineChain) -> LinkResult | None:
    """`NAME = expr` with NAME not yet known defines NAME for the lines after it (not where the body uses an
    index the head does not have: a step to check); the link that says so, or None."""
    chain = line.chain
    if not (line.lead is None and line.relations and line.relations[0] == "="):
        return None
    name = name_to_define(chain[0].expr, reading.known_names | state.names_taken(), set(reading.line_notation.index_ranges) - set(state.definitions) - set(state.argopt_names))
    if name is None or index_beyond_head(chain[0].expr, chain[1].expr, reading.notation):
        return None
    record_definition(name, chain[0].expr, resolve(chain[1].expr, state.argopt_names), state.definitions, state.argopt_names, reading.notation)
    line.start_index = 1
    line.current = _checker_for(line.line_checker, state.definitions, line.parsed, line.inequality_condition)
    return LinkResult(chain[0].source, "=", chain[1].source, True, Message("derivation.defines", {"name": chain[0].source}))


def _derivative_defined(reading: Reading, state: LineState, line: LineChain) -> LinkResult | None:
    """`\\frac{\\partial \\hat y_i}{\\partial \\theta_i} = \\frac{\\partial}{\\partial \\theta_i} \\frac{e^{\\theta_i}}{\\sum_j e^{\\theta_j}}`:
    the derivative of a name nobody defined, written as the derivative of an expression, says what the name
    is (the author's definition, as a TA reads it); its later derivatives are checked.  The link, or None."""
    chain = line.chain
    if not (line.lead is None and line.start_index == 0 and line.relations and line.relations[0] == "="):
        return None
    by_derivative = defined_by_derivative(chain[0].expr, resolve(chain[1].expr, state.argopt_names),
                                          reading.known_names | state.names_taken() | state.stated_heads,
                                          set(reading.known_names) - set(reading.checker.definitions) - set(state.definitions))
    if by_derivative is None:
        return None
    name, head, body = by_derivative
    record_definition(name, head, body, state.definitions, state.argopt_names, reading.notation)
    link = LinkResult(chain[0].source, "=", chain[1].source, True, Message("derivation.defines", {"name": chain[0].source}))
    line.start_index = 1
    # the next step is checked from the derivative of the name, which the definition makes equal
    chain[1] = replace(chain[1], expr=chain[0].expr)
    line.current = _checker_for(line.line_checker, state.definitions, line.parsed, line.inequality_condition)
    return link


def _judged_link(reading: Reading, state: LineState, line: LineChain, k: int) -> LinkResult:
    """Link `k` of the line, judged: its first comparison, then (for `=`) the second looks a TA takes."""
    relation = line.relations[k]
    verdict = _first_verdict(state, line, k)
    if relation == "=":
        verdict = equality_looked_at(reading, state, line, k, verdict)
    verdict = _clash_noted(reading, line, verdict)
    verdict = _solved_followed(line, k, verdict)
    if relation in LOGICAL:
        left_text = " = ".join(t.source for t in line.segments[segment_of(k, line.relations)])
        right_text = " = ".join(t.source for t in line.segments[segment_of(k + 1, line.relations)])
    else:
        left_text, right_text = line.chain[k].source, line.chain[k + 1].source
    return LinkResult(left_text, relation, right_text, verdict.holds, verdict.reason, verdict.counterexample)


def _first_verdict(state: LineState, line: LineChain, k: int) -> Verdict:
    """The comparison a link's relation asks for: an inequality, two equal values (or the same minimizers),
    a statement with inequalities, or a statement that follows from the one before."""
    left, right, relation, argopts = line.chain[k], line.chain[k + 1], line.relations[k], state.argopt_names
    if relation in INEQUALITY_RELATIONS:
        return judge(lambda: inequality_holds(line.current, resolve(left.expr, argopts), resolve(right.expr, argopts), relation))
    if relation == "=" or _lone_argopts(state, line, k):  # `\arg\max L \iff \arg\min -\log L`: the same minimizers
        return judge(lambda: optima_compared(line.current, resolve(left.expr, argopts), resolve(right.expr, argopts), relation))
    if has_inequality(line.relations, k + 1):
        # `... \Rightarrow a \ge b`: the statement's own links hold where the problem's assumptions do
        statement, statement_relations = statement_with_relations(line.chain, line.relations, k + 1)
        verdict = judge(lambda: chain_holds(line.current, [resolve(t.expr, argopts) for t in statement], statement_relations))
        return Verdict(False, Message("derivation.statement_fails"), verdict.counterexample) if verdict.holds is False else verdict
    statement = line.segments[segment_of(k + 1, line.relations)]
    premise = line.segments[segment_of(k, line.relations)]
    return judge(lambda: statement_holds(line.current, statement, argopts, relation, premise))


def _lone_argopts(state: LineState, line: LineChain, k: int) -> bool:
    """Whether link `k` is a logical link between two statements that are each one arg-min or arg-max."""
    return (line.relations[k] in LOGICAL
            and len(line.segments[segment_of(k, line.relations)]) == 1 and len(line.segments[segment_of(k + 1, line.relations)]) == 1
            and isinstance(resolve(line.chain[k].expr, state.argopt_names), ArgOpt)
            and isinstance(resolve(line.chain[k + 1].expr, state.argopt_names), ArgOpt))


def _clash_noted(reading: Reading, line: LineChain, verdict: Verdict) -> Verdict:
    """A step found wrong on a line that writes a clashing course letter (see `clashing_letters`): not checked."""
    if verdict.holds is False and reading.clashing:
        written = LONE_LETTER.findall(without_commands(line.source.text))
        clash = next((t for t in sorted(reading.clashing) if t in written), None)
        if clash is not None:
            return Verdict(None, Message("derivation.letter_clash", {"letter": clash}))
    return verdict


def _solved_followed(line: LineChain, k: int, verdict: Verdict) -> Verdict:
    """A statement that solves the one before for a name is noted; its own `=` links then follow with it."""
    if line.relations[k] in LOGICAL and verdict.reason is not None and verdict.reason.key == "derivation.follows_by_solving":
        line.solved.add(segment_of(k + 1, line.relations))
    elif line.relations[k] == "=" and not verdict.holds and segment_of(k, line.relations) in line.solved:
        return Verdict(True, Message("derivation.follows"))
    return verdict


def _restatement_read(reading: Reading, state: LineState, line: LineChain, links: list[LinkResult], defined_before: set[str]) -> list[LinkResult]:
    """`L(w,b) = \\prod_i p(y_i | x_i)`, `N(y | \\mu, \\sigma^2) = ...`: a definition in the author's own terms
    that cannot be evaluated states what they mean; free, as a TA reads it (at the head of a chain too)."""
    chain, relations, stated = line.chain, line.relations, defined_before | state.stated_heads
    if line.lead is not None:
        return links
    if relations == ["="] and restates(chain[0].expr, links, reading.known_names, stated, reading.operators, chain[1].expr, reading.line_notation) \
            and not index_beyond_head(chain[0].expr, chain[1].expr, reading.line_notation):
        return [replace(links[-1], valid=True, reason=Message("derivation.defines", {"name": chain[0].source}))]
    if (len(relations) > 1 and all(r == "=" for r in relations) and len(links) == len(relations)
            and restates(chain[0].expr, links[:1], reading.known_names, stated, reading.operators, chain[1].expr, reading.line_notation)):
        # `L(\\theta) = \\prod_i p(y_i | x_i; \\theta) = \\prod_i ...`: the steps after the first statement are checked as they are
        return [replace(links[0], valid=True, reason=Message("derivation.defines", {"name": chain[0].source})), *links[1:]]
    return links


def _line_recorded(reading: Reading, state: LineState, line: LineChain, links: list[LinkResult]) -> None:
    """The line kept with its links, and what the next lines continue from: its chain, its last statement,
    the head it states, and the expression an `=` chain computes."""
    chain, relations, lead = line.chain, line.relations, line.lead
    stated = head_key(chain[0].expr, reading.operators) or superscript_index(chain[0].expr, reading.line_notation) if chain else None
    if lead is None and relations and relations[0] == "=" and stated is not None:
        state.stated_heads.add(stated)
    state.lines.append(DerivationLine(number=line.source.number, source=line.source.text, links=tuple(links)))
    if lead is None:
        state.chain_start = chain[0] if relations and relations[0] == "=" else None
        if state.chain_start is not None and len(chain) > 1 and links and (links[0].valid is None or (
                links[0].reason is not None and links[0].reason.key == "derivation.defines")):
            # `D_j y_i = \\frac{\\partial y_i}{\\partial z_j}`: the author's name for what the chain computes,
            # which has no value of its own; its definition does
            state.chain_start = chain[1]
    elif lead != "=":
        state.chain_start = None
    state.chain_charged = charged_result_noted(state.charged_results, state.chain_charged, line.source.number, state.chain_start,
                                               chain, links, lead, getattr(line.source, "condition", ""))
    state.previous_terms, state.previous_segment = continued_from(line.parsed, chain, line.segments[-1] if line.segments else chain[-1:])


# -- after the last line -------------------------------------------------------------------------------


def _with_later_definitions(state: LineState, lines: list[DerivationLine], checker: Checker,
                            reread: Callable[[Mapping[str, FunctionDefinition]], DerivationCheck]) -> list[DerivationLine]:
    """A name the author defines only after the line that uses it (`Var(z_t) = Var(z_{t-1})`, then
    `z_t = w_t a_t + b_t`): that line is read again with the definition known, as a TA reads it once the
    definition is given; taken where every step then holds (a step found wrong that way may rest on what
    else the reading changes, so the line stays unchecked, never passed)."""
    later = {name: state.definitions[name] for name, number in state.defined_on.items()
             if any(line.number < number and unchecked_for_want_of(line, name) for line in state.lines)}
    if not later or deadline_passed(checker.deadline):
        return lines
    again = reread(later)
    wanting = {line.number for line in lines if any(unchecked_for_want_of(line, name) for name in later)}
    holding = {line.number: line for line in again.lines
               if line.number in wanting and line.error is None and line.links and all(k.valid for k in line.links)}
    return [later_definition_noted(holding[line.number], line, later) if line.number in holding else line for line in lines]


def _derivation_check(reading: Reading, state: LineState, lines: list[DerivationLine]) -> DerivationCheck:
    """The result: a line the parser cannot read for its notation is charged as a step that cannot be
    checked; one whose math is wrong (shapes that do not fit) as an invalid step."""
    invalid = tuple(
        l.number for l in lines if (l.error is not None and not unknown_notation(l)) or any(k.valid is False for k in l.links)
    )
    unchecked = tuple(
        l.number
        for l in lines
        if l.number not in invalid and l.number not in state.remarks
        and (unknown_notation(l) or any(k.valid is None and not follows_unreadable(k) and not passed_over(k) for k in l.links))
    )
    return DerivationCheck(
        lines=tuple(lines),
        terms=tuple(state.all_terms),
        first_invalid=invalid[0] if invalid else None,
        invalid_lines=invalid,
        unchecked_lines=unchecked,
        student_definitions=state.definitions,
        student_functions=reading.student_functions,
        remark_lines=tuple(state.remarks),
        aliases=reading.found_aliases, roles=reading.roles,
    )


#: The names this module has always offered (its helpers now live in `grader.derivations`).
__all__ = [
    "LOGICAL", "NOTATION_ERRORS", "REMARK_RELATIONS", "DerivationCheck", "Term", "check_derivation", "deadline_passed",
    "declared_functions", "extend_notation", "free_indices", "judge", "judge_slip", "mentions", "names_in", "states_no_step", "unknown_notation",
]
