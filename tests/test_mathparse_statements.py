r"""The parser says what a derivation line states (issue 16 item 4): `read_statement` returns one node,
a chain (`ParsedLine`), a `TupleDefinition`, a `Remark`, `NoStep` or an `Unreadable` line, and the
checker dispatches on the node's class instead of decoding the parser's exceptions."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest
from test_derivations_table import grade_section

from grader.mathparse import (
    NOTATION_ERRORS,
    MathParseError,
    NoStep,
    Notation,
    ParsedLine,
    Remark,
    TupleDefinition,
    Unreadable,
    parse_line,
    read_statement,
)
from grader.mathparse.step_relations import REMARK_RELATIONS, states_no_step

ROOT = Path(__file__).resolve().parent.parent


# -- one node per kind of line ---------------------------------------------------------------------


def test_a_chain_is_the_parsed_line_itself():
    statement = read_statement(r"\frac{d}{dx} x^2 = 2 x = 2x")
    assert isinstance(statement, ParsedLine)
    assert statement == parse_line(r"\frac{d}{dx} x^2 = 2 x = 2x")
    assert statement.relations == ("=", "=")


def test_a_continuation_is_a_chain_with_its_leading_relation():
    statement = read_statement(r"= y_i - Y_i")
    assert isinstance(statement, ParsedLine) and statement.leading_relation == "="


@pytest.mark.parametrize(
    "text, names, first_source",
    [
        (r"\hat w, \hat b = \arg\min_{w,b} \sum_{i=1}^n (y_i - w x_i - b)^2", r"\hat w, \hat b", r"\arg\min_{w,b} \sum_{i=1}^n (y_i - w x_i - b)^2"),
        (r"(w^*, b^*) := x + 1", "w^*, b^*", "x + 1"),
        # the same names under two labels name one result
        (r"(w, b)_{\text{MLE}} = (w, b)_{\text{OLS}} = x + 1", "w, b", "x + 1"),
    ],
)
def test_a_tuple_of_names_gives_names_to_the_chain_after_it(text, names, first_source):
    statement = read_statement(text)
    assert isinstance(statement, TupleDefinition)
    assert statement.names == names
    assert statement.line.term_sources[0] == first_source and statement.line.leading_relation is None


def test_a_tuple_before_a_relation_or_before_unreadable_math_is_no_definition():
    # `(a, b) = = x`: what follows the names starts with a relation, so there is no result to name
    assert isinstance(read_statement(r"(a, b) = = x"), Unreadable)
    assert isinstance(read_statement(r"a, b = \frobnicate{x}"), Unreadable)


@pytest.mark.parametrize(
    "text, relation, after",
    [
        (r"\epsilon_i \sim N(0, \sigma^2)", r"\sim", ("N(0, \\sigma^2)",)),
        (r"L \propto A = B", r"\propto", ("A", "B")),
        (r"w \leftarrow w - \eta g", r"\leftarrow", (r"w - \eta g",)),
        (r"x \neq 0 = y", r"\neq", ("0", "y")),
    ],
)
def test_a_remark_names_its_relation_and_the_chain_after_it(text, relation, after):
    statement = read_statement(text)
    assert isinstance(statement, Remark)
    assert statement.relation == relation and statement.relation in REMARK_RELATIONS
    assert statement.after is not None and statement.after.term_sources == after


@pytest.mark.parametrize("text", [r"L \propto \frobnicate{A}", r"x \sim", r"\sim", r"L \propto = A"])
def test_a_remark_whose_tail_does_not_read_has_nothing_to_continue_from(text):
    statement = read_statement(text)
    assert isinstance(statement, Remark) and statement.after is None


@pytest.mark.parametrize("text", [r"\{x_i, Y_i\}_{i=1}^n", r"a \rightarrow [0, 1, 0]", r"\text{since V is orthogonal}", ""])
def test_prose_data_and_arrows_state_no_step(text):
    assert read_statement(text) == NoStep()


@pytest.mark.parametrize(
    "text, key",
    [
        (r"\frac{1}{2} = \foo", "parse.unknown_command"),
        (r"=", "parse.missing_term"),
        (r"\text{hence} \frac{1}{2} = 3", "parse.text"),
    ],
)
def test_a_step_the_parser_cannot_read_carries_its_error(text, key):
    statement = read_statement(text)
    assert isinstance(statement, Unreadable)
    assert statement.error.key == key
    with pytest.raises(MathParseError) as raised:
        parse_line(text)
    assert raised.value.message == statement.error  # the same message, column included


def test_the_notation_errors_are_told_from_wrong_math():
    assert read_statement(r"a = \foo b").error.key in NOTATION_ERRORS
    wrong_shapes = read_statement(r"A B = C", Notation(matrices={"A": ("m", "n"), "B": ("m", "n"), "C": ("m", "n")}))
    assert isinstance(wrong_shapes, Unreadable) and wrong_shapes.error.key == "parse.shape"
    assert wrong_shapes.error.key not in NOTATION_ERRORS


def test_no_step_looks_past_prose_and_ranges_but_not_at_quoted_math():
    assert states_no_step(r"\text{where $i = 1, \dots, n$ is the sample}") is False  # quoted math states a fact
    assert states_no_step(r"\text{for each sample = the pair} (x_i, y_i)")
    assert states_no_step(r"\prod_{i=1}^{n} p_i")
    assert not states_no_step(r"a \Rightarrow b")


def test_the_nodes_are_frozen():
    remark = read_statement(r"L \propto A")
    with pytest.raises(dataclasses.FrozenInstanceError):
        remark.relation = "="  # type: ignore[misc]


# -- what the caller chooses: the part read as a chain, and the chain reader -------------------------------


def test_only_the_math_part_is_read_as_a_chain():
    written = r"x = y, \quad \text{whatever} \frobnicate"
    statement = read_statement(written, math="x = y")
    assert isinstance(statement, ParsedLine) and statement.term_sources == ("x", "y")


def test_the_other_readings_look_at_the_line_as_written():
    # the math part fails; the tuple of names is found on the whole line
    statement = read_statement(r"(a, b) = x + 1", math=r"\frobnicate")
    assert isinstance(statement, TupleDefinition) and statement.line.term_sources == ("x + 1",)


def test_the_callers_chain_reader_is_used_and_its_errors_classified():
    seen: list[str] = []

    def reader(text: str, notation: Notation) -> ParsedLine:
        seen.append(text)
        return ParsedLine(terms=(), relations=(), leading_relation=None, term_sources=())

    assert read_statement("anything at all", read_chain=reader) == ParsedLine((), (), None, ())
    assert seen == ["anything at all"]

    def refusing(text: str, notation: Notation) -> ParsedLine:
        return parse_line(text + r" \sim x", notation)

    refused = read_statement("a", read_chain=refusing)
    assert isinstance(refused, Remark) and refused.relation == r"\sim"


@pytest.mark.parametrize("text", ["\\frac{", "}" * 5, "(" * 500, "x" * 50_000, r"\begin{cases} 1 \end{cases} = ", "\x00", "$$"])
def test_no_text_makes_it_raise(text):
    assert isinstance(read_statement(text), ParsedLine | TupleDefinition | Remark | NoStep | Unreadable)


# -- the checker dispatches on the node; it decodes no parse exception ---------------------------------


def _derivation(module: str, markdown: str):
    return next(p for p in grade_section(module, markdown).parts if p.id == "derivation")


def test_the_checker_continues_after_a_remark_from_its_last_term():
    derivation = _derivation("ce_mle", (
        "## ce-mle\n$$\nL(\\theta) \\propto \\prod_{i=1}^{n}\\prod_{k=1}^{K} y_{ik}^{Y_{ik}} \\\\\n"
        "= \\prod_{i=1}^{n}\\prod_{k=1}^{K} y_{ik}\n$$\n"))
    remark, step = derivation.lines[0], derivation.lines[1]
    # a `\\propto` whose sides have values is checked (grader.derivations.proportionality): this one holds
    assert [(k.relation, k.valid, k.reason.key if k.reason else None) for k in remark.links] == [("\\propto", True, "derivation.proportional")]
    # the next line is judged against the term after `\propto`, and it is wrong
    assert step.links[0].left == r"\prod_{i=1}^{n}\prod_{k=1}^{K} y_{ik}^{Y_{ik}}" and step.links[0].valid is False


def test_the_checker_records_prose_as_no_step_and_an_unreadable_step_with_its_error():
    derivation = _derivation("softmax_ce_grad", (
        "## softmax-ce-grad\n$$\n\\frac{\\partial E}{\\partial z_i} = -\\sum_{k=1}^{K} Y_k (\\delta_{ik} - y_i) \\\\\n"
        "\\text{since the labels sum to one} \\\\\n= -Y_i + \\frobnicate{y_i}\n$$\n"))
    prose, unreadable = derivation.lines[1], derivation.lines[2]
    assert [k.reason.key for k in prose.links if k.reason] == ["derivation.no_step"] and prose.error is None
    assert unreadable.error is not None and unreadable.error.key == "parse.unknown_command" and not unreadable.links


def test_the_checker_reads_a_tuple_of_names_as_names_for_the_result():
    derivation = _derivation("mle_mse", (
        "## mle-mse\n$$\n(\\hat w, \\hat b) = \\arg\\max_{w,b} L(w,b) = \\arg\\min_{w,b} \\sum_{i=1}^{n}(y_i - w x_i - b)^2\n$$\n"))
    first = derivation.lines[0].links[0]
    assert (first.left, first.valid, first.reason.key if first.reason else None) == (r"\hat w, \hat b", True, "derivation.defines")


@pytest.mark.parametrize("module", ["grader/derivations/derivation.py", "grader/derivations/remarks.py"])
def test_the_line_loop_decodes_no_parse_exception(module):
    tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
    names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)} | {
        alias.asname or alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for alias in node.names}
    assert "MathParseError" not in names
    assert not [node for node in ast.walk(tree) if isinstance(node, ast.Attribute) and node.attr == "column"]


def test_the_old_names_still_work():
    from grader.derivations import derivation, remarks
    from grader.derivations.definitions import tuple_definition

    assert derivation.REMARK_RELATIONS is REMARK_RELATIONS and remarks.NOTATION_ERRORS is NOTATION_ERRORS
    assert derivation.states_no_step is states_no_step
    assert tuple_definition(r"(w^*, b^*) = x") == ("w^*, b^*", " x")
