"""A derivation problem in two halves: its public spec (what a student may see) and its key (what
only the grader may see).

A problem module of `problems/` states its `DerivationSpec` above the key marker
(`grader.course.problem.KEY_MARKER`) and its `DerivationKey` below it, and builds its problem from both:
``PROBLEM = SPEC.problem(KEY)``.  The student kit holds the module up to the marker, where
``SPEC.public_problem()`` is a problem that checks every line of a derivation but has no answer
to compare with.  A scenario that puts an unknown where the solution puts it (the minimizer) computes
the answer: it is the key's (`DerivationKey.scenarios`), drawn by the grader after the spec's and known
to the public problem by name only (`DerivationSpec.key_scenarios`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from grader.derivations.derivation_problem import Answer, Derivation, DerivationProblem, Mistake
from grader.derivations.witness import Witness
from grader.mathengine.equivalence import Scenario
from grader.mathengine.evaluate import SpecialFunction
from grader.mathengine.two_classes import TwoClassReading
from grader.mathparse import Notation


@dataclass(frozen=True)
class AnswerSlot:
    """Where an answer goes and what it is worth: an answer without the answers it accepts."""

    part: str
    """The part id in the report (``"answer"``, ``"answer-a"``)."""

    label: str
    """The label on the student's line (``""`` for ``Answer:``, ``"a"`` for ``Answer (a):``)."""

    points: float
    """Points for an accepted answer."""

    scenario: str | None = None
    """The scenario the answer is compared in (None: every scenario)."""

    forbidden: tuple[str, ...] = ()
    """Names the answer may not contain (it must be in closed form)."""

    def answer(self, accepted: tuple[str, ...]) -> Answer:
        """The grader's answer of this slot: the same slot, accepting `accepted`."""
        return Answer(self.part, self.label, accepted, self.points, scenario=self.scenario, forbidden=self.forbidden)


@dataclass(frozen=True)
class DerivationKey:
    """What only the grader sees of a derivation problem."""

    accepted: Mapping[str, tuple[str, ...]]
    """The accepted answers (LaTeX), by the label of their answer slot."""

    starts: tuple[str, ...]
    """Where the derivation may start."""

    goals: tuple[str, ...]
    """Where the derivation must arrive."""

    mistakes: tuple[Mistake, ...] = ()
    """Known wrong answers and goals, with their feedback and credit."""

    two_classes: TwoClassReading | None = None
    """How a line in the two-class notation is read (`grader.mathengine.two_classes`), if the problem has one."""

    witness_mistakes: Mapping[str, str] = field(default_factory=dict)
    """The mistake id a witness's point without the property is named as, by the witness's label."""

    scenarios: tuple[Scenario, ...] = ()
    """Scenarios that put an unknown where the solution puts it (the minimizer, Glorot's variance), or
    that run the algorithm a code problem asks for: their code computes the answer, so only the grader
    draws them, after the spec's (named, in order, by the spec's `key_scenarios`)."""


@dataclass(frozen=True)
class DerivationSpec:
    """What a student may see of a derivation problem: its notation, definitions, scenarios, the
    answers it asks for and their points."""

    id: str
    """The problem's id (``"ce-mle"``), the heading of its section of answers.md."""

    title: str
    """Its title in reports."""

    notation: Notation
    """How its formulas are read (indexed letters, functions, matrices, multi-letter symbols)."""

    scenarios: tuple[Scenario, ...]
    """Ways of drawing points that satisfy its assumptions (a step holds if it holds at every point of one)."""

    answers: tuple[AnswerSlot | Witness, ...]
    """The answers it asks for: slots, and witnesses (a point where a stated property holds)."""

    derivation_points: float
    """Points of the derivation."""

    definitions: tuple[str, ...] = ()
    """Names it defines, in LaTeX (``L(w,b) = \\prod ...``)."""

    parameters: tuple[str, ...] = ()
    """The names an arg min or arg max is over."""

    special: Mapping[str, SpecialFunction] = field(default_factory=dict)
    """Special functions its formulas may use (`grader.mathengine.unspecified`, `grader.mathengine.moments`)."""

    time_limit: float = 10.0
    """Seconds the answers child may spend on it."""

    problem_type: type[DerivationProblem] = DerivationProblem
    """The problem's class (a subclass may draw its points its own way)."""

    key_scenarios: tuple[str, ...] = ()
    """The names of the key's scenarios, in order.  The kit's self-check cannot draw them, so a step
    that fails at every point it draws may still hold there: it is left undecided, "checked when
    graded", never called wrong."""

    kit_scenarios: tuple[Scenario, ...] = ()
    """Scenarios only the kit's self-check draws, where the key's would otherwise leave it none (a free
    update of the perceptron where the key runs the algorithm); never used to grade."""

    def _problem(self, answers: tuple[Answer | Witness, ...], derivation: Derivation, mistakes: tuple[Mistake, ...],
                 scenarios: tuple[Scenario, ...], unseen: tuple[str, ...] = ()) -> DerivationProblem:
        return self.problem_type(
            id=self.id,
            title=self.title,
            notation=self.notation,
            definitions=self.definitions,
            scenarios=scenarios,
            unseen_scenarios=unseen,
            parameters=self.parameters,
            special=self.special,
            answers=answers,
            derivation=derivation,
            mistakes=mistakes,
            time_limit=self.time_limit,
        )

    def problem(self, key: DerivationKey) -> DerivationProblem:
        """The problem the grader grades: this spec with `key`'s answers, goals and mistakes.

        ValueError when the key and the spec do not name the same answers or the same scenarios."""
        if tuple(s.name for s in key.scenarios) != self.key_scenarios:
            raise ValueError(f"{self.id}: the key's scenarios ({[s.name for s in key.scenarios]}) are not the spec's ({list(self.key_scenarios)})")
        slots = {slot.label for slot in self.answers if isinstance(slot, AnswerSlot)}
        if set(key.accepted) != slots or not set(key.witness_mistakes) <= {w.label for w in self.answers if isinstance(w, Witness)}:
            raise ValueError(f"{self.id}: the key's answers ({sorted(key.accepted)}) are not the spec's ({sorted(slots)})")
        answers = tuple(
            slot.answer(key.accepted[slot.label]) if isinstance(slot, AnswerSlot) else replace(slot, mistake=key.witness_mistakes.get(slot.label))
            for slot in self.answers
        )
        derivation = Derivation(self.derivation_points, key.starts, key.goals, two_classes=key.two_classes)
        return self._problem(answers, derivation, key.mistakes, self.scenarios + key.scenarios)

    def public_problem(self) -> DerivationProblem:
        """A problem without its key: it checks a derivation's lines and reads the answer lines, and
        accepts no answer and names no mistake (the student kit's self-check).  It draws the spec's
        scenarios and the kit's, and knows the key's only by name (`unseen_scenarios`)."""
        answers = tuple(slot.answer(()) if isinstance(slot, AnswerSlot) else replace(slot, mistake=None) for slot in self.answers)
        return self._problem(answers, Derivation(self.derivation_points, (), ()), (), self.scenarios + self.kit_scenarios, self.key_scenarios)
