"""One formatter each for numbers, shapes, relations and counterexamples (`grader.results.formatting`),
and the places that now share them: the gradebook's cells, a TA's adjustment, the batch's progress
line, the text report's counterexample, Gradescope's part outputs, the JSON files' scores, the math
parser's shape errors, a witness's bound and the student kit's self-check; and a scan of the source
that finds no second table of relation symbols nor a second hand-written counterexample join."""

from __future__ import annotations

import ast
import math
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
import sympy
from report_samples import sample_result

from grader.apps.gradebook import number as gradebook_number
from grader.apps.gradescope import results_for
from grader.mathparse import MathParseError, Notation, parse_expression
from grader.presentation.render import render_part_text, render_result
from grader.presentation.report import result_to_dict
from grader.results.formatting import (
    counterexample_point,
    inequality_symbol,
    json_number,
    link_latex,
    number,
    relation_latex,
    relation_symbol,
    score_cell,
    shape_text,
    value_text,
)
from grader.results.message_codec import message_from_plain, message_to_plain
from grader.results.models import Counterexample, DerivationLine, GradingResult, LinkResult, Message, PartResult, ProblemResult

ROOT = Path(__file__).resolve().parent.parent


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


@pytest.mark.parametrize(
    ("value", "report", "gradescope"),
    [(7, 7, 7.0), (7.0, 7, 7.0), (10 / 3, 3.3333, 3.3333), (2.00004, 2, 2.0), (-0.5, -0.5, -0.5)],
)
def test_a_json_score_is_a_whole_int_in_the_report_and_always_a_float_for_gradescope(value, report, gradescope):
    assert json_number(value) == report and type(json_number(value)) is type(report)
    assert json_number(value, gradescope=True) == gradescope and type(json_number(value, gradescope=True)) is float


def test_a_json_score_that_is_not_finite_is_zero_in_the_report_and_left_alone_for_gradescope():
    assert json_number(math.nan) == 0 and json_number(-math.inf) == 0
    assert math.isnan(json_number(math.nan, gradescope=True)) and json_number(math.inf, gradescope=True) == math.inf


def test_the_json_report_and_gradescope_write_the_same_scores_each_in_its_own_convention():
    result = sample_result()
    report = result_to_dict(result, "en")
    gradescope = results_for(result, "en", execution_time=1.0)
    assert report["score"] == gradescope["score"] and type(gradescope["score"]) is float
    for problem in report["problems"]:
        for part in problem["parts"]:
            for key in ("score", "max_score"):
                assert part[key] == json_number(part[key]) and (type(part[key]) is int) == (part[key] == int(part[key]))
    assert all(type(test["score"]) is float and type(test["max_score"]) is float for test in gradescope["tests"])


@pytest.mark.parametrize(
    ("value", "digits", "text"),
    [(1 / 3, 6, "0.333333"), (1e-8, 6, "1e-08"), (2.0, 6, "2"), (123456789.0, 6, "1.23457e+08"), (1 / 3, 3, "0.333"),
     (np.float32(0.1), 6, "0.1"), (np.int64(7), 6, "7"), (math.nan, 6, "nan"), (-math.inf, 6, "-inf"), ("n/a", 6, "n/a"), (None, 6, "None")],
)
def test_a_value_is_written_to_six_significant_digits(value, digits, text):
    assert value_text(value, digits) == text


def test_a_matrix_size_is_written_rows_by_columns_even_with_symbolic_dimensions():
    assert shape_text((3, 1), matrix=True) == "3×1"
    assert shape_text((sympy.Symbol("d"), 1), matrix=True) == "d×1"
    with pytest.raises(MathParseError, match="d×1 and d×d"):
        parse_expression("w H", Notation(matrices={"H": ("d", "d"), "w": ("d", "1")}))


def test_a_bound_is_written_with_its_inequality_sign_and_a_link_keeps_the_parsers_relation():
    assert [inequality_symbol(r) for r in ("<", "<=", ">", ">=")] == ["<", "≤", ">", "≥"]
    with pytest.raises(KeyError):
        inequality_symbol("=>")  # a bound is an inequality: anything else is a caller's bug
    # a derivation's inequality link is written as the parser gives it, as the reports always did
    assert relation_symbol(">=") == ">=" and relation_latex("<") == "<"


def test_the_kit_self_check_writes_shapes_relations_and_counterexamples_with_the_shared_formatters():
    from grader.apps import kit_render

    link = SimpleNamespace(left="a", relation="=>", right="b", valid=False, reason=None,
                           counterexample=Counterexample({"x": "1", "w": "-2"}, "3", "4"))
    lines = kit_render._failing_link(link, lambda message: str(message), "en")
    assert lines[0].endswith("a ⇒ b") and "x = 1, w = -2;" in lines[1]
    preview = SimpleNamespace(shape=(5,), values=((1 / 3, 2.0),), truncated=False)
    assert "(5,): 0.333333, 2" in kit_render._preview("expected", preview, "en")


def _python_files() -> list[Path]:
    return sorted(p for folder in ("grader", "problems", "reference") for p in (ROOT / folder).rglob("*.py")
                  if "__pycache__" not in p.parts)


def _relation_table(node: ast.AST) -> bool:
    """A dict literal that maps a relation (``=>``, ``<=``) to how it is written (``⇒``, ``\\Rightarrow``, ``≤``)."""
    if not isinstance(node, ast.Dict):
        return False
    keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
    values = {v.value for v in node.values if isinstance(v, ast.Constant)}
    return bool(keys & {"=>", "<=>", "<=", ">="}) and bool(values & {"⇒", "⇔", "≤", "≥", r"\Rightarrow", r"\Leftrightarrow"})


def _point_join(node: ast.AST) -> bool:
    """``", ".join(f"{name} = {value}" for ...)``: a counterexample's point written by hand."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "join"
            and isinstance(node.func.value, ast.Constant) and node.func.value.value == ", " and node.args
            and isinstance(node.args[0], ast.GeneratorExp) and isinstance(node.args[0].elt, ast.JoinedStr)):
        return False
    parts = node.args[0].elt.values
    return len(parts) == 3 and isinstance(parts[1], ast.Constant) and parts[1].value == " = "


def test_no_module_keeps_its_own_relation_table_or_counterexample_join():
    home = ROOT / "grader" / "results" / "formatting.py"
    copies = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in _python_files() if path != home
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if _relation_table(node) or _point_join(node)
    ]
    assert copies == []
    # the scan finds what it looks for: the home itself holds both
    found = [node for node in ast.walk(ast.parse(home.read_text(encoding="utf-8"))) if _relation_table(node) or _point_join(node)]
    assert len(found) == 4  # RELATION_SYMBOLS, RELATION_LATEX, INEQUALITY_SYMBOLS, counterexample_point's join
