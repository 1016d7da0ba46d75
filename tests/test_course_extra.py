"""An instructor adds or replaces problems from a directory of problem modules."""

import json
import textwrap

from click.testing import CliRunner

from grader.apps.cli import main

NEW_PROBLEM = '''
from grader.derivations.derivation_problem import Answer, Derivation, DerivationProblem
from grader.mathengine.equivalence import Scenario
from grader.mathparse import Notation


def any_point(rng, size):
    return {"x": rng.uniform(0.5, 2.0), "a": rng.uniform(0.5, 2.0)}


PROBLEM = DerivationProblem(
    id="square-derivative",
    title="Derivative of a x^2",
    notation=Notation(),
    scenarios=(Scenario("generic", any_point),),
    answers=(Answer("answer", "", (r"2 a x",), points=2),),
    derivation=Derivation(points=1, starts=(r"\\frac{d}{dx} a x^2",), goals=(r"2 a x",)),
)
'''


def test_an_instructor_problem_is_graded_beside_the_course(tmp_path):
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "square_derivative.py").write_text(textwrap.dedent(NEW_PROBLEM))
    submission = tmp_path / "s"
    submission.mkdir()
    (submission / "answers.md").write_text(
        "## square-derivative\n\n$$\n\\frac{d}{dx} a x^2 = 2 a x\n$$\n\nAnswer: $2ax$\n"
    )
    result = CliRunner().invoke(main, [str(submission), "--format", "json", "--problems", str(extra)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    added = report["problems"][-1]
    assert added["id"] == "square-derivative"
    assert added["score"] == 3 and added["max_score"] == 3
    assert len(report["problems"]) == 10
