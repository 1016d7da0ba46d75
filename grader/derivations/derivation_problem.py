"""Declarative derivation problems, and how they are graded.

A problem module says what the problem is, in the course's own notation::

    PROBLEM = DerivationProblem(
        id="squared-distance",
        title="The point nearest to a sample",
        notation=Notation(indexed={"x": 1}, index_ranges={"i": ("1", "n")}, functions={"S": ("c",)}),
        definitions=(r"S(c) = \\sum_{i=1}^{n} ...",),
        scenarios=(Scenario("generic", sample_point),),
        parameters=("c",),
        answers=(Answer("answer", "", (r"...",), points=4),),
        derivation=Derivation(points=6, starts=(r"S(c)",), goals=(r"...",)),
        mistakes=(Mistake("a-named-mistake", "answer", (r"...",), feedback=("...", "..."), credit=0.5),),
    )

(an invented problem: the course's own are in `problems/`, each with its key below its marker)

All LaTeX here is ours (trusted) and goes through the same parser as the students' text.
Scoring rules are in `score_derivation` and documented in the README.
"""

from __future__ import annotations

import dataclasses
import logging
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import sympy
from sympy.core.function import AppliedUndef

from grader.course.problem import GradingContext, derive_seed, problem_result
from grader.derivations.derivation import DerivationCheck, Term, check_derivation, deadline_passed, declared_functions, extend_notation, free_indices, judge, mentions
from grader.derivations.faults import contained_fault
from grader.derivations.feedback import derivation_feedback, has_steps, score_derivation, trust_withheld, undecidable, with_roots_taken
from grader.derivations.label_entries import with_label_entries
from grader.derivations.witness import Witness
from grader.mathengine.equivalence import ArgOpt, Checker, Scenario, Verdict, names_in
from grader.mathengine.evaluate import Deadline, FunctionDefinition, SpecialFunction
from grader.mathengine.piecewise import cases_term
from grader.mathengine.two_classes import TwoClassReading
from grader.mathparse import MathParseError, Notation, parse_line
from grader.reading.submission import Submission
from grader.results.formatting import counterexample_point
from grader.results.i18n import define
from grader.results.models import GRADED, MISSING, Message, PartResult, ProblemResult, ProblemStatus

#: Faults of the grader on a student's math: logged for staff, never shown to the student.
LOG = logging.getLogger("grader.derivations.derivation_problem")

define(
    {
        "answer.correct": ("Correct.", "正确。"),
        "answer.could_not_check": (
            "This answer could not be checked: the grader cannot handle its notation yet. A member of staff will look at it.",
            "无法检查此答案：评分程序尚不能处理其写法。工作人员会查看它。",
        ),
        "derivation.whole_could_not_check": (
            "This derivation could not be checked: the grader cannot handle its notation yet. A member of staff will look at it.",
            "无法检查此推导：评分程序尚不能处理其写法。工作人员会查看它。",
        ),
        "answer.missing_section": (
            "answers.md has no section '## {problem}', so this part has no answer.",
            "answers.md 中没有 “## {problem}” 一节，因此本部分没有答案。",
        ),
        "answer.missing": (
            "No answer line found: write `{marker}` followed by the math.",
            "没有找到答案行：请写 `{marker}` 并在其后写出数学表达式。",
        ),
        "answer.unreadable": ("The answer could not be read: {error}", "无法读取答案：{error}"),
        "answer.wrong": (
            "The answer is not correct: at {point} it equals {got}, but the correct answer equals {expected}.",
            "答案不正确：当 {point} 时它等于 {got}，而正确答案等于 {expected}。",
        ),
        "answer.wrong_shape": (
            "The answer has the wrong kind of value: {detail}.",
            "答案的类型不对：{detail}。",
        ),
        "answer.undecided": ("The answer could not be checked: {reason}", "无法检查答案：{reason}"),
        "answer.not_closed_form": (
            "The answer still contains {name}: give it in closed form.",
            "答案中仍含有 {name}：请给出闭式表达式。",
        ),
        "answer.point": ("At {point}.", "取值：{point}。"),
        "answer.up_to_constant": (
            "Right up to an unnamed constant ({name}): the question asks for the expression itself, so write out what the constant is.",
            "除一个未写明的常数（{name}）外正确：题目要求给出表达式本身，请写出该常数具体是什么。",
        ),
        "derivation.missing": (
            "No derivation found: write the steps in display math ($$ ... $$) under the heading.",
            "没有找到推导过程：请在标题下用行间公式（$$ ... $$）写出推导步骤。",
        ),
        "derivation.all_valid": ("Every step of the derivation is valid.", "推导的每一步都成立。"),
        "derivation.first_invalid": (
            "Line {line} is the first invalid step: {reason}",
            "第 {line} 行是第一个错误的步骤：{reason}",
        ),
        "derivation.first_unreadable": (
            "Line {line} is the first invalid step: it could not be read: {reason}",
            "第 {line} 行是第一个错误的步骤：无法读取：{reason}",
        ),
        "derivation.more_invalid": (
            "{count} lines have invalid steps in all: {lines}.",
            "共有 {count} 行含有错误步骤：{lines}。",
        ),
        "derivation.unchecked": (
            "Some steps could not be checked (lines {lines}; line {line}: {reason}); they earn no credit until they can be verified.",
            "有些步骤无法检查（第 {lines} 行；第 {line} 行：{reason}）；在能够验证之前不计分。",
        ),
        "derivation.no_steps": (
            "The derivation has no step to check: write it as a chain of expressions joined by = (or \\Rightarrow).",
            "推导中没有可检查的步骤：请写成用 =（或 \\Rightarrow）连接的一串表达式。",
        ),
        "derivation.no_start": (
            "The derivation does not start from the expression the problem gives (shown here).",
            "推导没有从题目给出的表达式（见此处）出发。",
        ),
        "derivation.no_goal": (
            "The derivation does not reach the result it should end with (shown here).",
            "推导没有得到应有的结果（见此处）。",
        ),
        "derivation.nothing_checked": (
            "No step of this derivation could be checked, so its start and result were not taken on trust: write the steps in the problem's notation.",
            "这个推导中没有任何一步能够检查，因此无法认定它的起点和结果：请用题目的记号写出各步。",
        ),
        "derivation.counterexample": ("Counterexample: {point}.", "反例：{point}。"),
        "problem.answers_unreadable": ("answers.md could not be read: {reason}", "无法读取 answers.md：{reason}"),
    }
)


#: Share of an answer's points for one right but for an unnamed constant (`... + C`).
UNNAMED_CONSTANT_CREDIT = 0.75


@dataclass(frozen=True)
class Answer:
    """A final answer the problem asks for."""

    part: str
    """The part id in the report: ``"answer"``, ``"answer-a"``, ``"answer-b"``."""

    label: str
    """The label on the student's line: ``""`` for ``Answer:``, ``"a"`` for ``Answer (a):``."""

    accepted: tuple[str, ...]
    """Correct answers (LaTeX); any expression equal to one of them earns the points."""

    points: float
    """Points for a correct answer."""

    scenario: str | None = None
    """The scenario the answer is compared in (default: every scenario, any one suffices)."""

    forbidden: tuple[str, ...] = ()
    """Names that may not appear in the answer (it must be in closed form)."""


@dataclass(frozen=True)
class Derivation:
    """What the derivation must do."""

    points: float
    """Points for a complete, valid derivation."""

    starts: tuple[str, ...]
    """Where it may start (LaTeX): a term equal to, or containing, one of these."""

    goals: tuple[str, ...]
    """Where it must arrive (LaTeX): a term equal to one of these."""

    part: str = "derivation"

    two_classes: TwoClassReading | None = None
    """How a line written for two classes (`y_i`, `1 - y_i`) is read, where the problem has K classes."""


@dataclass(frozen=True)
class Mistake:
    """A known wrong answer (or wrong place to end a derivation), with targeted feedback."""

    id: str
    """A stable id (used in class statistics)."""

    part: str
    """The part it concerns (``"answer"``, ``"answer-b"``, ``"derivation"``)."""

    written: tuple[str, ...]
    """The wrong expression(s) (LaTeX)."""

    feedback: tuple[str, str]
    """What to tell the student, in English and Chinese."""

    credit: float = 0.0
    """Share of the part's points still earned (answers only)."""


@dataclass(frozen=True)
class DerivationRubric:
    """How a derivation's points shrink (see the README)."""

    first_invalid_line: float = 0.5
    """The first line with an invalid step removes this share."""

    per_further_invalid_line: float = 0.25
    """Each further invalid line removes this share (an error often breaks the next step too)."""

    per_unchecked_line: float = 0.25
    """Each line that could not be checked removes this share."""

    missing_start: float = 0.25
    """Share removed when the chain does not start at the problem's starting point."""

    missing_goal: float = 0.25
    """Share removed when the chain does not reach the goal."""


@dataclass(frozen=True)
class DerivationProblem:
    """A problem of answers.md, described declaratively."""

    id: str
    title: str
    notation: Notation
    scenarios: tuple[Scenario, ...]
    answers: tuple[Answer | Witness, ...]
    derivation: Derivation
    definitions: tuple[str, ...] = ()
    parameters: tuple[str, ...] = ()
    mistakes: tuple[Mistake, ...] = ()
    special: Mapping[str, SpecialFunction] = field(default_factory=dict)
    rubric: DerivationRubric = DerivationRubric()
    kind: str = "derivation"
    time_limit: float = 10.0
    unseen_scenarios: tuple[str, ...] = ()
    """Scenarios of the problem this copy cannot draw (the key's, in the student kit's public problem):
    a relation that fails at every point it draws may hold there."""

    def __post_init__(self) -> None:
        for mistake in self.mistakes:
            # the feedback is plain text (it may well say `(H + αI)^{-1}`), not a template
            en, zh = (text.replace("{", "{{").replace("}", "}}") for text in mistake.feedback)
            define({f"mistake.{self.id}.{mistake.id}": (en, zh)})

    # -- parsed once --------------------------------------------------------------

    @cached_property
    def parsed_definitions(self) -> dict[str, FunctionDefinition]:
        definitions: dict[str, FunctionDefinition] = {}
        for text in self.definitions:
            line = parse_line(text, self.notation)
            head, body = line.terms[0], line.terms[-1]
            name, definition = _head_name(head), FunctionDefinition(_head_params(head), body)
            if name in definitions:  # the same name for another kind of argument: a further reading
                earlier = definitions[name]
                definition = dataclasses.replace(earlier, other_readings=earlier.other_readings + (definition,))
            definitions[name] = definition
        return definitions

    @cached_property
    def _parsed(self) -> dict[str, Any]:
        parse = lambda text: _last_term(parse_line(text, self.notation))  # noqa: E731
        return {
            "accepted": {a.part: tuple(parse(t) for t in a.accepted) for a in self.answers},
            "starts": tuple(parse_line(t, self.notation).terms for t in self.derivation.starts),
            "goals": tuple(parse(t) for t in self.derivation.goals),
            "mistakes": {m.id: tuple(parse(t) for t in m.written) for m in self.mistakes},
        }

    @cached_property
    def known_names(self) -> set[str]:
        known = set(self.notation.indexed) | set(self.notation.functions) | set(self.notation.matrices)
        known |= set(self.notation.symbols) | set(self.notation.index_ranges) | set(self.special)
        known |= set(self.parsed_definitions)
        for scenario in self.scenarios:
            known |= set(scenario.sample(np.random.default_rng(0), 2))
        if self.notation.identity:
            known.add(self.notation.identity)
        return known

    @property
    def max_score(self) -> float:
        return sum(a.points for a in self.answers) + self.derivation.points

    def checker(self, seed: int, deadline: Deadline | None = None) -> Checker:
        return Checker(
            self.scenarios,
            self.parsed_definitions,
            self.special,
            self.parameters,
            seed=seed,
            deadline=deadline,
            unseen=self.unseen_scenarios,
        )

    # -- grading ------------------------------------------------------------------

    def grade(self, submission: Submission, context: GradingContext) -> ProblemResult:
        seed = derive_seed(context.seed, self.id)
        points = dict(context.options.points.get(self.id, {}))
        section = context.answers.section(self.id) if context.answers is not None else None
        if section is None:
            reason = (
                Message("problem.answers_unreadable", {"reason": context.answers_error})
                if context.answers is None and context.answers_error is not None
                else Message("answer.missing_section", {"problem": self.id})
            )
            missing = tuple(
                PartResult(p.part, 0.0, points.get(p.part, p.points), (reason,)) for p in self.answers
            ) + (PartResult(self.derivation.part, 0.0, points.get(self.derivation.part, self.derivation.points), (reason,)),)
            return self._result(MISSING, missing, seed, error=reason)
        deadline = Deadline(self.time_limit)
        checker = self.checker(seed, deadline)
        parts = [self._answer_guarded(a, section, checker, points.get(a.part, a.points)) for a in self.answers]
        derivation, check = self._derivation_guarded(section, checker, points.get(self.derivation.part, self.derivation.points))
        if check is not None and (check.student_definitions or check.student_functions or check.aliases or (check.roles and check.roles.reads_letters)):
            # a name the derivation defines (`\hat y_i = w x_i + b`) holds on the answer lines after it;
            # the answers were graded first, within the time limit, so that a derivation cannot starve them
            informed = self.checker(seed, Deadline(self.time_limit / 2)).with_definitions(check.student_definitions)
            for index, answer in enumerate(self.answers):
                if parts[index].score < parts[index].max_score or (check.roles is not None and check.roles.answers_changed):  # their p drops
                    parts[index] = self._answer_guarded(answer, section, informed, parts[index].max_score, check)
        parts.append(derivation)
        warnings = tuple(w for w in getattr(context.answers, "warnings", ()) if w.params.get("problem") == self.id)
        if warnings:  # what the reader set aside in this section (a second copy, lines past the limit)
            parts[-1] = dataclasses.replace(parts[-1], feedback=parts[-1].feedback + warnings)
        return self._result(GRADED, tuple(parts), seed)

    def _result(self, status: ProblemStatus, parts: tuple[PartResult, ...], seed: int, error: Message | None = None) -> ProblemResult:
        return problem_result(self, status, parts, error=error, seed=seed)

    def part_points(self, context: GradingContext) -> dict[str, float]:
        """Points per part (each answer, then the derivation): the problem's, or the rubric's where it names them."""
        points = dict(context.options.points.get(self.id, {}))
        declared = {a.part: a.points for a in self.answers}
        declared[self.derivation.part] = self.derivation.points
        return {part: points.get(part, default) for part, default in declared.items()}

    def _answer_guarded(self, answer: Answer | Witness, section: Any, checker: Checker, points: float, derivation: DerivationCheck | None = None) -> PartResult:
        """`grade_answer`, with a fault of ours turned into 'could not be checked' (logged for staff)."""
        with contained_fault("%s: the answer %r could not be checked", self.id, answer.part, log=LOG):
            return self.grade_answer(answer, section, checker, points, derivation)
        line = section.answer(answer.label)
        return PartResult(answer.part, 0.0, points, (Message("answer.could_not_check"),),
                          student_answer=line.math if line is not None else None)

    def _derivation_guarded(self, section: Any, checker: Checker, points: float) -> tuple[PartResult, DerivationCheck | None]:
        """`grade_derivation`, with a fault of ours turned into 'could not be checked' (logged for staff)."""
        with contained_fault("%s: the derivation could not be checked", self.id, log=LOG):
            return self.grade_derivation(section, checker, points)
        return PartResult(self.derivation.part, 0.0, points, (Message("derivation.whole_could_not_check"),)), None

    def grade_answer(self, answer: Answer | Witness, section: Any, checker: Checker, points: float, derivation: DerivationCheck | None = None) -> PartResult:
        if isinstance(answer, Witness):  # a point where a property holds, not an expression
            return answer.grade(self, section, checker, points)
        line = section.answer(answer.label)
        if line is None or not line.math.strip():
            marker = f"Answer ({answer.label}):" if answer.label else "Answer:"
            return PartResult(answer.part, 0.0, points, (Message("answer.missing", {"marker": marker}),))
        functions = [n for n in declared_functions(line.math) if n not in self.known_names]
        if derivation is not None:
            functions.extend(derivation.student_functions)
        notation = extend_notation(self.notation, functions)
        if derivation is not None and derivation.aliases:  # the author's letters for the course's quantities
            notation = dataclasses.replace(notation, aliases={**notation.aliases, **derivation.aliases})
        unreadable = None
        try:
            math, checker = derivation.roles.answer_read(line.math, checker) if derivation is not None and derivation.roles else (line.math, checker)
            term = _last_term(with_label_entries(parse_line(math, notation), checker, notation))  # `\\log y_{ij}`, j the label's class
        except MathParseError as error:
            term = cases_term(line.math, notation)  # `\begin{cases} ... \end{cases}`: one piecewise value
            unreadable = error.message
        if term is None:
            return PartResult(answer.part, 0.0, points, (Message("answer.unreadable", {"error": unreadable}),), student_answer=line.math)
        student_names = derivation.student_definitions if derivation is not None else {}
        _verdict, feedback, mistakes, credit = self.judge_answer(answer, term, checker, student_names)
        return PartResult(
            answer.part,
            _round_points(points * credit),
            points,
            tuple(feedback),
            student_answer=line.math,
            mistakes=tuple(mistakes),
        )

    def judge_answer(
        self, answer: Answer, term: Any, checker: Checker, student_names: Mapping[str, FunctionDefinition] | None = None
    ) -> tuple[Verdict, list[Message], list[str], float]:
        """Rungs: closed form -> equal to an accepted answer -> a known mistake -> wrong."""
        used = _names_through(term, student_names or {})
        for name in answer.forbidden:
            if name in used or (isinstance(term, sympy.Basic) and _has_unevaluated(term, name)):
                return Verdict(False), [Message("answer.not_closed_form", {"name": _display(name)})], [], 0.0
        scenarios = self._scenarios(answer.scenario, checker)
        constants = checker.unnamed_constants(term)
        first: Verdict | None = None
        for accepted in self._parsed["accepted"][answer.part]:
            renamed = self._index_renamings(term, accepted)[-1]  # `a_j + b_j` for `a_i + b_i`
            verdict = judge(lambda: checker.same_values(renamed, accepted, scenarios))
            if verdict.holds and constants:
                # `... + C`: right but for the constant the question asks for
                names = ", ".join(sorted(constants))
                return verdict, [Message("answer.up_to_constant", {"name": names})], ["unnamed-constant"], UNNAMED_CONSTANT_CREDIT
            if verdict.holds:
                return verdict, [Message("answer.correct")], [], 1.0
            if first is None or (first.holds is None and verdict.holds is False):
                first = verdict
        for mistake in self.mistakes:
            if mistake.part != answer.part:
                continue
            for wrong in self._parsed["mistakes"][mistake.id]:
                if judge(lambda: checker.same_values(term, wrong, scenarios)).holds:
                    return Verdict(False), [Message(f"mistake.{self.id}.{mistake.id}")], [mistake.id], mistake.credit
        assert first is not None
        if first.holds is None:
            return first, [first.reason or Message("answer.undecided", {"reason": ""})], [], 0.0
        feedback = [_wrong_answer(first)]
        return first, feedback, [], 0.0

    def _scenarios(self, name: str | None, checker: Checker | None = None) -> tuple[Scenario, ...]:
        if name is None:  # the checker's own: a reading of the answer may draw its points (the sample's class)
            return checker.scenarios if checker is not None else self.scenarios
        return tuple(s for s in self.scenarios if s.name == name)

    def grade_derivation(self, section: Any, checker: Checker, points: float) -> tuple[PartResult, DerivationCheck | None]:
        part = self.derivation.part
        if not section.derivation:
            return PartResult(part, 0.0, points, (Message("derivation.missing"),)), None
        check = check_derivation(section.derivation, self.notation, checker, self.known_names,
                                 two_classes=self.derivation.two_classes)
        full_checker = checker.with_definitions(check.student_definitions)
        start = self._reached(check.terms, full_checker, self._parsed["starts"], at_start=True)
        # the goal must be another term than the start (a lone line stating the result's value derives nothing), in closed form as the
        # answers must be (a sum of derivatives still to be taken may have the goal's value but is not the goal), for any labels (not `y - e_c`)
        closed = [t for t in with_roots_taken(check.terms, check.lines) if t is not start and self._closed_form(t.expr, check.student_definitions)
                  and not (check.roles is not None and check.roles.one_class(t.line, check.lines))]
        goal = self._reached(closed, full_checker, tuple((g,) for g in self._parsed["goals"]), at_start=False)
        starts_ok, goal_ok = start is not None, goal is not None
        # a start or goal that may stand on a line written in notation the parser does not know is
        # charged once, as that line (a line that is wrong math, such as a product of mismatched
        # shapes, is no start or goal)
        if not starts_ok and check.lines and undecidable(check.lines[0], check, self):
            starts_ok = True
        if not goal_ok and check.lines and undecidable(check.lines[-1], check, self):
            goal_ok = True
        feedback, mistakes = self._derivation_feedback(check, starts_ok, goal_ok, full_checker)
        if not (starts_ok and goal_ok) and trust_withheld(check, self):
            feedback = [Message("derivation.nothing_checked"), *feedback]
        share = score_derivation(self.rubric, check, starts_ok, goal_ok)
        if not has_steps(check):
            feedback, share = [Message("derivation.no_steps")], 0.0
        return PartResult(
            part,
            _round_points(points * share),
            points,
            tuple(feedback),
            invalid_line=check.first_invalid,
            lines=check.lines,
            mistakes=tuple(mistakes),
        ), check

    def _closed_form(self, expr: Any, student_names: Mapping[str, FunctionDefinition]) -> bool:
        """No name the answers must not contain, as written (a name the student defined, such as
        `g(\\theta) = ...` used in `\\arg\\min g`, is theirs)."""
        forbidden = {name for answer in self.answers for name in answer.forbidden}
        target = expr.objective if isinstance(expr, ArgOpt) else expr
        if "Derivative" in forbidden and isinstance(target, sympy.Basic) and target.has(sympy.Derivative):
            return False
        return not ((names_in(expr) - set(student_names)) & forbidden)

    def _reaches(self, terms: Sequence[Term], checker: Checker, targets: Sequence[tuple], at_start: bool) -> bool:
        return self._reached(terms, checker, targets, at_start) is not None

    def _reached(self, terms: Sequence[Term], checker: Checker, targets: Sequence[tuple], at_start: bool) -> Term | None:
        """The term that is (or, for the start, contains) one of the targets, if any.

        Starts are looked for from the first line on and goals from the last line back, so
        the usual derivation is decided by its first or last term.
        """
        candidates = list(terms) if at_start else list(reversed(terms))
        generic = checker.scenarios[:1]
        for target_terms in targets:
            for candidate in candidates:
                if deadline_passed(getattr(checker, "deadline", None)):
                    return None  # past the problem's time limit: not found in time
                for target in target_terms:
                    if isinstance(target, sympy.Number):
                        continue
                    for expr in self._index_renamings(candidate.expr, target):
                        if at_start and mentions(expr, target):
                            return candidate
                        if _matches(expr, target, checker, generic):
                            return candidate
        return None

    def _index_renamings(self, expr: Any, target: Any) -> list[Any]:
        """`expr`, and `expr` with its free index renamed to the target's (`∂E/∂z_j = y_j - Y_j` derives
        the result for every j, so for i too): a derivation may use another letter for the free index."""
        try:
            indices = {sympy.Symbol(name) for name in self.notation.index_ranges}
            own, wanted = free_indices(expr, indices), free_indices(target, indices)
            mine, theirs = own - wanted, wanted - own
            if len(mine) == 1 and len(theirs) == 1:
                return [expr, expr.xreplace({next(iter(mine)): next(iter(theirs))})]
        except (AttributeError, TypeError):
            pass
        return [expr]

    def _derivation_feedback(
        self, check: DerivationCheck, starts_ok: bool, goal_ok: bool, checker: Checker
    ) -> tuple[list[Message], list[str]]:
        return derivation_feedback(self, check, starts_ok, goal_ok, checker)


def _names_through(term: Any, definitions: Mapping[str, FunctionDefinition]) -> set[str]:
    """The names a term uses, and those of the student's definitions it goes through."""
    used: set[str] = set()
    todo = [term]
    while todo:
        for name in names_in(todo.pop()) - used:
            used.add(name)
            if name in definitions:
                todo.append(definitions[name].body)
    return used


def _round_points(value: float) -> float:
    """Points are given in quarters, as a TA would."""
    return math.floor(value * 4 + 1e-9) / 4


def _matches(candidate: Any, target: Any, checker: Checker, scenarios: Sequence[Scenario]) -> bool:
    if isinstance(target, ArgOpt):
        if not isinstance(candidate, ArgOpt) or candidate.kind != target.kind:
            return False
        return bool(judge(lambda: checker.same_values(candidate.objective, target.objective, scenarios)).holds)
    if isinstance(candidate, ArgOpt):
        return False
    return bool(judge(lambda: checker.same_values(candidate, target, scenarios)).holds)


def _wrong_answer(verdict: Verdict) -> Message:
    example = verdict.counterexample
    if example is None:
        return Message("answer.undecided", {"reason": verdict.reason}) if verdict.reason else Message("answer.wrong", {})
    return Message("answer.wrong", {"got": example.left, "expected": example.right, "point": counterexample_point(example.point)})


def _last_term(line: Any) -> Any:
    return line.terms[-1]


def _head_name(head: Any) -> str:
    if isinstance(head, AppliedUndef):
        return head.func.__name__
    if isinstance(head, sympy.Indexed):
        return head.base.label.name
    return head.name


def _head_params(head: Any) -> tuple:
    if isinstance(head, AppliedUndef):
        return tuple(head.args)
    if isinstance(head, sympy.Indexed):
        return tuple(head.indices)
    return ()


def _has_unevaluated(term: sympy.Basic, name: str) -> bool:
    if name == "Derivative":
        return term.has(sympy.Derivative)
    return False


def _display(name: str) -> str:
    return {"Derivative": "a derivative"}.get(name, name)
