"""The kit without the key's scenarios: a step that holds only where the solution puts an unknown is
left to the grader ("not decided here"), never called wrong; grading still draws those scenarios."""

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from grader.apps.kit import check_submission, export_student_kit, render_check
from grader.apps.kit_check import WHEN_GRADED, when_graded
from grader.course.course import course_modules, load_problem, load_spec
from grader.course.problem import derive_seed
from grader.derivations.derivation import check_derivation
from grader.derivations.derivation_problem import DerivationProblem
from grader.derivations.spec import DerivationKey
from grader.reading.answers_md import read_answers_document

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

#: The problems whose keys hold scenarios the kit never draws.
WITH_KEY_SCENARIOS = {"l2-shrinkage", "l1-soft-threshold", "xavier-variance", "perceptron-convergence"}


@pytest.fixture(scope="module")
def kits(tmp_path_factory):
    made = {}
    for course in ("default", "extended"):
        directory = tmp_path_factory.mktemp(f"kit-{course}")
        export_student_kit(directory, course=course)
        made[course] = directory
    return made


def graded_lines(submission: Path, course: str) -> dict[str, dict[int, bool]]:
    """Problem id -> line number -> whether the grader (the full problem, the key's scenarios included)
    judges every link of that line valid."""
    problems = [p for p in map(load_problem, course_modules(course)) if isinstance(p, DerivationProblem)]
    document = read_answers_document((submission / "answers.md").read_text(encoding="utf-8"), tuple(p.id for p in problems))
    found = {}
    for problem in problems:
        section = document.section(problem.id)
        check = check_derivation(section.derivation, problem.notation, problem.checker(derive_seed(0, problem.id)),
                                 problem.known_names, two_classes=getattr(problem.derivation, "two_classes", None))
        found[problem.id] = {line.number: line.error is None and all(k.valid is not False for k in line.links) for line in check.lines}
    return found


@pytest.mark.parametrize(("course", "example"), [("default", "good"), ("extended", "extended")])
def test_the_kit_calls_no_step_the_grader_accepts_wrong_and_leaves_the_key_scenarios_steps_to_it(kits, course, example):
    result = check_submission(EXAMPLES / example, kits[course])
    graded = graded_lines(EXAMPLES / example, course)
    left = set()
    for derivation in result.derivations:
        for line in derivation.lines:
            if any(k.valid is False for k in line.links) or line.error is not None:
                assert not graded[derivation.problem][line.number], (derivation.problem, line.number)
            if when_graded(line):
                left.add(derivation.problem)
                assert graded[derivation.problem][line.number], (derivation.problem, line.number)
    assert result.counts()[1] == 0
    expected = {"l2-shrinkage", "xavier-variance"} | ({"l1-soft-threshold", "perceptron-convergence"} if course == "extended" else set())
    assert left == expected
    text = render_check(result, "en")
    assert "not decided here" in text and "checked when graded" in text and "All public checks passed" in text


def test_a_step_wrong_at_every_point_is_undecided_in_the_kit_and_wrong_when_graded(kits, tmp_path):
    submission = tmp_path / "sub"
    shutil.copytree(EXAMPLES / "good", submission)
    answers = submission / "answers.md"
    text = answers.read_text(encoding="utf-8")
    assert r"\Rightarrow (H + \alpha I)\tilde w = H w^*" in text
    answers.write_text(text.replace(r"\Rightarrow (H + \alpha I)\tilde w = H w^*", r"\Rightarrow (H + \alpha I)\tilde w = w^*"), encoding="utf-8")
    result = check_submission(submission, kits["default"])
    l2 = next(d for d in result.derivations if d.problem == "l2-shrinkage")
    changed = next(line for line in l2.lines if r"\tilde w = w^*" in line.source)
    assert when_graded(changed) and not any(k.valid is False for k in changed.links)
    assert any(k.reason is not None and k.reason.key == WHEN_GRADED and k.counterexample is not None for k in changed.links)
    assert graded_lines(submission, "default")["l2-shrinkage"][changed.number] is False


def test_a_wrong_step_of_a_problem_without_key_scenarios_is_still_wrong_in_the_kit(kits, tmp_path):
    submission = tmp_path / "sub"
    shutil.copytree(EXAMPLES / "good", submission)
    answers = submission / "answers.md"
    text = answers.read_text(encoding="utf-8")
    assert "= y_i - Y_i" in text
    answers.write_text(text.replace("= y_i - Y_i", "= y_i + Y_i", 1), encoding="utf-8")
    result = check_submission(submission, kits["default"])
    softmax = next(d for d in result.derivations if d.problem == "softmax-ce-grad")
    assert not load_spec("softmax_ce_grad").key_scenarios
    assert any(k.valid is False for line in softmax.lines for k in line.links)
    assert not any(when_graded(line) for line in softmax.lines)


def test_the_public_problem_still_reads_a_derivative_set_to_zero_as_the_minimizers_condition():
    """The kit knows the key's scenarios by name: l2-shrinkage minimizes, so `... = 0` is its condition."""
    public = load_spec("l2_shrinkage").public_problem()
    assert "optimum" in public.unseen_scenarios and "optimum" not in {s.name for s in public.scenarios}
    assert public.checker(1).unseen == public.unseen_scenarios


def test_a_key_and_a_spec_that_name_other_scenarios_are_refused():
    module_spec = load_spec("l2_shrinkage")
    key = load_problem("l2_shrinkage")
    assert [s.name for s in key.scenarios] == ["generic", "optimum"]
    import grader.problems.l2_shrinkage as l2

    with pytest.raises(ValueError, match="scenarios"):
        module_spec.problem(replace(l2.KEY, scenarios=()))
    with pytest.raises(ValueError, match="scenarios"):
        replace(module_spec, key_scenarios=("optimum", "elsewhere")).problem(l2.KEY)
    assert isinstance(l2.KEY, DerivationKey) and module_spec.problem(l2.KEY).scenarios == key.scenarios
