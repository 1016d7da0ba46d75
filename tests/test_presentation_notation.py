"""One formatter each for numbers, shapes, relations and counterexamples (`grader.presentation.notation`),
and the places that now share them: the gradebook's cells, a TA's adjustment, the batch's progress
line, the text report's counterexample and Gradescope's part outputs."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pytest
from report_samples import sample_result

from grader.apps.gradebook import number as gradebook_number
from grader.presentation.notation import (
    counterexample_point,
    link_latex,
    number,
    relation_latex,
    relation_symbol,
    score_cell,
    shape_text,
)
from grader.presentation.render import render_part_text, render_result
from grader.results.message_codec import message_from_plain, message_to_plain
from grader.results.models import Counterexample, DerivationLine, GradingResult, LinkResult, Message, PartResult, ProblemResult


@pytest.mark.parametrize(
    ("value", "text"),
    [(7.5, "7.5"), (20, "20"), (20.0, "20"), (10 / 3, "3.33"), (-0.004, "-0"), (2.675, "2.67"), ("n/a", "n/a"), (math.inf, "inf")],
)
def test_a_number_is_written_as_people_write_a_score(value, text):
    assert number(value) == text


def test_a_score_cell_is_empty_for_what_is_no_score():
    assert [score_cell(v) for v in (7.5, 20, None, True, math.nan, -math.inf, "7")] == ["7.5", "20", "", "", "", "", ""]
    assert gradebook_number is score_cell  # the gradebook's cells and the batch's lines write the same


def test_shapes_relations_and_counterexamples_are_written_one_way():
    assert [shape_text(s) for s in ((3, 4), (5,), (), "scalar")] == ["(3, 4)", "(5,)", "()", "scalar"]
    assert [relation_symbol(r) for r in ("=", "=>", "<=>", "<=")] == ["=", "⇒", "⇔", "<="]
    assert relation_latex("=>") == r"\Rightarrow"
    assert link_latex(SimpleNamespace(left="a", relation="<=>", right="b")) == r"a \Leftrightarrow b"
    assert counterexample_point({"x": 1, "w": "-2"}) == "x = 1, w = -2"
    assert counterexample_point({}) == ""


def test_the_reports_write_a_counterexample_with_the_shared_formatter():
    example = Counterexample({"x": "1", "w": "-2"}, "3", "4")
    link = LinkResult("(x + w)^2", "=", "x^2 + w^2", False, counterexample=example)
    part = PartResult("derivation", 0.0, 2.0, invalid_line=1, lines=(DerivationLine(1, "(x + w)^2 = x^2 + w^2", (link,)),))
    result = GradingResult("zoe", 1, (ProblemResult("square", "A square", "derivation", "graded", 0.0, 2.0, (part,)),))
    assert "Counterexample: x = 1, w = -2; left side = 3, right side = 4" in render_result(result, "text", "en")
    assert "Counterexample: `x = 1, w = -2`; left side = `3`, right side = `4`" in render_result(result, "md", "en")
    assert "✗ (x + w)^2 = x^2 + w^2" in render_part_text(result.problems[0], part, "en")


def test_gradescope_part_output_is_the_reports_part_block_unindented():
    result = sample_result()
    report = render_result(result, "text", "zh")
    for problem in result.problems:
        for part in problem.parts:
            if problem.error is not None:
                continue  # the report says a problem's shared failure once, above its parts
            alone = render_part_text(problem, part, "zh")
            assert alone
            assert "\n".join("  " + line if line else line for line in alone.splitlines()) in report


def test_a_message_survives_the_manifests_json_with_its_nested_messages():
    inner = Message("zip.too_large", {"limit": 5})
    message = Message("batch.internal_error", {"error": "E", "why": inner, "count": 2, "odd": object()})
    plain = message_to_plain(message)
    back = message_from_plain(plain)
    assert back is not None and back.key == message.key
    assert back.params["why"] == inner and back.params["count"] == 2 and isinstance(back.params["odd"], str)
    assert message_to_plain(None) is None
    assert message_from_plain({"params": {}}) is None and message_from_plain("text") is None
