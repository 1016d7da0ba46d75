r"""Derivation rows, round 9 (issue 11), branch rowvec: vector and matrix calculus as authors write it.

- a line written in whole vectors (`\nabla_{\mathbf y} E = -\frac{\mathbf Y}{\mathbf y}`, `\text{diag}(\mathbf y)
  - \mathbf y^\top \mathbf y`, the author's Jacobian `\mathbf J_{\mathbf z}(\mathbf y)`) is read entry by entry,
  with the vectors as rows, else as columns (the orientation read is named in the feedback);
- a matrix drawn with elided entries (`\cdots`, `\vdots`, `\ddots`, `...` as whole entries) is an illustration:
  shown, not checked, not charged; a "matrix" of comma lists stays unreadable;
- a line through a matrix the author names in words (`\mathbf S^{\text{repeated row}}`) is passed over: the line
  after it is checked against the line before it.

Each reading comes with wrong variants that stay charged.  The fixtures are written for these tests in the
pattern of real derivations (the corpus's sm14, sm08, sm09), not copied from them.
"""

from __future__ import annotations

import pytest
import sympy
from test_derivations_table import _line_verdicts, grade_section

from grader.course.course import load_problem
from grader.mathparse import MathParseError, parse_line, read_statement
from grader.mathparse.pictured_matrices import pictured_matrix
from grader.mathparse.statements import NoStep, Unreadable

SOFTMAX = load_problem("softmax_ce_grad").notation

# a derivation in whole row vectors, in the order such authors take: the Jacobian, the loss, its gradient by
# the outputs, the chain rule, and the simplification through a matrix named in words
JACOBIAN = r"\mathbf J_{\mathbf z}(\mathbf y) = \mathrm{diag}(\mathbf y) - \mathbf y^{T} \mathbf y"
LOSS = r"E = -\sum_{k=1}^{K} Y_k \log y_k \\ &= -\mathbf Y \, \log \mathbf y^{T}"
BY_OUTPUTS = (r"\nabla_{\mathbf y} E = -\nabla_{\mathbf y} \left(\mathbf Y \log \mathbf y^{T}\right) \\ "
              r"&= -\mathbf Y \, \nabla_{\mathbf y} \log \mathbf y \\ "
              r"&= -\mathbf Y \, \mathrm{diag}\left(\frac{\mathbf 1}{\mathbf y}\right) \\ "
              r"&= -\frac{\mathbf Y}{\mathbf y}")
CHAIN = r"\nabla_{\mathbf z} E = \nabla_{\mathbf y} E \; \mathbf J_{\mathbf z}(\mathbf y)"
SIMPLIFIED = (r"\nabla_{\mathbf z} E = -\frac{\mathbf Y}{\mathbf y} \left[\mathrm{diag}(\mathbf y) - \mathbf y^{T} \mathbf y\right] \\ "
              r"&= \frac{\mathbf Y}{\mathbf y} \mathbf y^{T} \mathbf y - \frac{\mathbf Y}{\mathbf y} \mathrm{diag}(\mathbf y) \\ "
              r"&= \mathbf Y \, \mathbf R^{\text{rows of y}} - \mathbf Y \\ "
              r"&= \mathbf y - \mathbf Y")
ANSWER = "\nAnswer: $\\nabla_{\\mathbf z} E = \\mathbf y - \\mathbf Y$\n"


def _displays(*blocks: str) -> str:
    body = "\n\n".join(f"$$\n\\begin{{aligned}}\n{block}\n\\end{{aligned}}\n$$" if "&=" in block else f"$$\n{block}\n$$"
                       for block in blocks)
    return "## softmax-ce-grad\n\n" + body + "\n" + ANSWER


def _derivation(markdown: str):
    return next(p for p in grade_section("softmax_ce_grad", markdown).parts if p.id == "derivation")


def _verdicts(*blocks: str) -> list:
    return _line_verdicts("softmax_ce_grad", _displays(*blocks))


# -- the whole derivation ------------------------------------------------------------------------------------


def test_a_derivation_in_row_vectors_earns_full_points():
    derivation = _derivation(_displays(JACOBIAN, LOSS, BY_OUTPUTS, CHAIN, SIMPLIFIED))
    assert derivation.score == derivation.max_score, [(l.number, l.error, l.links) for l in derivation.lines]
    notes = [k.reason.params["reading"].key for l in derivation.lines for k in l.links
             if k.reason is not None and k.reason.key == "derivation.reading"]
    assert notes and set(notes) == {"derivation.reading_row_vectors"}


@pytest.mark.parametrize("block, written, wrong", [
    (BY_OUTPUTS, r"&= -\frac{\mathbf Y}{\mathbf y}", r"&= \frac{\mathbf Y}{\mathbf y}"),  # the sign flipped
    (BY_OUTPUTS, r"\mathrm{diag}\left(\frac{\mathbf 1}{\mathbf y}\right)", r"\mathrm{diag}\left(\mathbf y\right)"),
    (BY_OUTPUTS, r"-\mathbf Y \, \nabla_{\mathbf y} \log \mathbf y", r"-\mathbf Y \, \nabla_{\mathbf y} \mathbf y"),
    (CHAIN, r"\; \mathbf J_{\mathbf z}(\mathbf y)", ""),  # the Jacobian left out of the chain rule
    (SIMPLIFIED, r"&= \frac{\mathbf Y}{\mathbf y} \mathbf y^{T}", r"&= -\frac{\mathbf Y}{\mathbf y} \mathbf y^{T}"),
])
def test_a_wrong_step_in_row_vectors_is_charged(block, written, wrong):
    assert written in block
    blocks = [b.replace(written, wrong, 1) if b is block else b for b in (JACOBIAN, LOSS, BY_OUTPUTS, CHAIN, SIMPLIFIED)]
    verdicts = _verdicts(*blocks)
    assert any(valid is False for valid, _ in verdicts), verdicts


def test_a_jacobian_with_its_outer_product_lost_is_wrong_math():
    statement = read_statement(r"\mathbf J_{\mathbf z}(\mathbf y) = \mathrm{diag}(\mathbf y) - \mathbf y^{T}", SOFTMAX)
    assert isinstance(statement, Unreadable) and statement.error.key == "parse.shape"
    derivation = _derivation(_displays(r"\mathbf J_{\mathbf z}(\mathbf y) = \mathrm{diag}(\mathbf y) - \mathbf y^{T}", CHAIN))
    assert derivation.invalid_line == 1


@pytest.mark.parametrize("written, holds", [
    (JACOBIAN, True),
    (r"\mathbf J_{\mathbf z}(\mathbf y) = \mathrm{diag}(\mathbf y) - \mathbf y \mathbf y^{T}", True),  # columns
    (r"\mathbf J_{\mathbf z}(\mathbf y) = \mathrm{diag}(\mathbf y) + \mathbf y^{T} \mathbf y", False),
    (r"\mathbf J_{\mathbf z}(\mathbf y) = \mathbf y^{T} \mathbf y - \mathrm{diag}(\mathbf y)", False),
    (r"\mathbf J_{\mathbf z}(\mathbf y) = \mathrm{diag}(\mathbf y)", False),
])
def test_the_authors_jacobian_is_checked_entry_by_entry(written, holds):
    assert _verdicts(written)[0][0] is holds


def test_the_orientation_read_is_named():
    rows = parse_line(JACOBIAN, SOFTMAX)
    columns = parse_line(r"\mathbf J_{\mathbf z}(\mathbf y) = \mathrm{diag}(\mathbf y) - \mathbf y \mathbf y^{T}", SOFTMAX)
    assert rows.readings == ("row_vectors",) and columns.readings == ("column_vectors",)


def test_a_derivation_in_column_vectors_is_read_as_columns():
    blocks = (r"\mathbf J_{\mathbf z}(\mathbf y) = \mathrm{diag}(\mathbf y) - \mathbf y \mathbf y^{T}",
              (r"\nabla_{\mathbf z} E = \mathbf J_{\mathbf z}(\mathbf y)^{T} \nabla_{\mathbf y} E \\ "
               r"&= \left[\mathrm{diag}(\mathbf y) - \mathbf y \mathbf y^{T}\right] \left(-\frac{\mathbf Y}{\mathbf y}\right) \\ "
               r"&= \mathbf y - \mathbf Y"))
    assert _verdicts(*blocks) == [(True, "derivation.reading")] * 4
    wrong = (blocks[0], blocks[1].replace(r"\mathbf y - \mathbf Y", r"\mathbf y - 2 \mathbf Y"))
    assert _verdicts(*wrong)[-1][0] is False


def test_entries_are_read_at_a_fresh_index():
    parsed = parse_line(r"\nabla_{\mathbf y} E = -\frac{\mathbf Y}{\mathbf y}", SOFTMAX)
    y, big_y = sympy.IndexedBase("y"), sympy.IndexedBase("Y")
    i = sympy.Symbol("i")
    assert parsed.terms == (sympy.Derivative(sympy.Symbol("E"), y[i]), -big_y[i] / y[i])


@pytest.mark.parametrize("line", [
    r"\frac{\partial E}{\partial \mathbf z} = \mathbf y - \mathbf Y",  # the componentwise reading's, as before
    r"\mathbf y = \mathbf W \mathbf x",  # the author's own matrix: not read here
    r"E = \|\mathbf y - \mathbf Y\|^2",
])
def test_other_vector_lines_keep_their_reading(line):
    try:
        parsed = parse_line(line, SOFTMAX)
    except MathParseError:
        return
    assert "row_vectors" not in parsed.readings and "column_vectors" not in parsed.readings


# -- a matrix drawn with elided entries --------------------------------------------------------------------------


DRAWN = (r"\frac{\partial \mathbf y}{\partial \mathbf z} = \begin{bmatrix} \frac{\partial y_1}{\partial z_1} & \cdots & "
         r"\frac{\partial y_1}{\partial z_K} \\ \vdots & \ddots & \vdots \\ \frac{\partial y_K}{\partial z_1} & \cdots & "
         r"\frac{\partial y_K}{\partial z_K} \end{bmatrix}")


@pytest.mark.parametrize("text, drawn", [
    (DRAWN, True),
    (r"J = \begin{pmatrix} a - a^2 & ... & -a b \\ ... & ... & ... \\ -b a & ... & b - b^2 \end{pmatrix}", True),
    (r"\begin{pmatrix} z_1 \\ \vdots \\ z_K \end{pmatrix} \mapsto \begin{pmatrix} y_1 \\ \vdots \\ y_K \end{pmatrix}", True),
    (r"G = \begin{bmatrix} f(z_1-Y_1),f(z_2-Y_1),...,f(z_9-Y_1) \\ ... \\ f(z_1-Y_n),...,f(z_9-Y_n) \end{bmatrix}", False),
    (r"A = \begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}", False),  # nothing elided: a matrix to read
    # a column equated to a gradient states its entries: a step, not a drawing
    (r"\frac{\partial L}{\partial \mathbf x} = \begin{pmatrix} p_1 - t_1 \\ \vdots \\ p_n - t_n \end{pmatrix}", False),
    (r"A = \begin{bmatrix} 1 & \cdots \end{bmatrix}", False),  # one row: no layout drawn
])
def test_a_drawn_matrix_is_told_from_other_matrices(text, drawn):
    assert pictured_matrix(text) is drawn


def test_a_drawn_jacobian_costs_nothing():
    derivation = _derivation(_displays(DRAWN, JACOBIAN))
    assert derivation.lines[0].links[0].reason.key == "derivation.drawn_matrix"
    assert read_statement(DRAWN, SOFTMAX) == NoStep("drawn_matrix")


def test_a_matrix_of_comma_lists_stays_charged():
    line = (r"\frac{\partial E}{\partial z}=\begin{bmatrix} f(z_{10}-Y_1),f(z_{11}-Y_1),...,f(z_{19}-Y_1)\\ ...\\ "
            r"f(z_{n0}-Y_n),f(z_{n1}-Y_n),...,f(z_{n9}-Y_n)\\ \end{bmatrix}")
    statement = read_statement(line, SOFTMAX)
    assert isinstance(statement, Unreadable)


# -- a step through a matrix named in words ----------------------------------------------------------------------


def test_the_line_after_a_named_matrix_is_checked_against_the_line_before():
    derivation = _derivation(_displays(SIMPLIFIED))
    keys = [[k.reason.key if k.reason else None for k in l.links] for l in derivation.lines]
    assert keys[2] == ["derivation.passed_over"] and keys[3] == ["derivation.over_named_matrix"]
    assert derivation.lines[3].links[0].valid is True and derivation.score == derivation.max_score


@pytest.mark.parametrize("last", [r"\mathbf y + \mathbf Y", r"\mathbf Y - \mathbf y", r"2\mathbf y - \mathbf Y"])
def test_a_wrong_line_after_a_named_matrix_is_charged(last):
    derivation = _derivation(_displays(SIMPLIFIED.replace(r"&= \mathbf y - \mathbf Y", f"&= {last}")))
    assert derivation.lines[3].links[0].valid is False
    assert derivation.lines[3].links[0].reason.key == "derivation.over_named_matrix_fails"
    assert derivation.score < derivation.max_score


def test_a_matrix_named_without_words_is_not_passed_over():
    unnamed = SIMPLIFIED.replace(r"\mathbf R^{\text{rows of y}}", r"\mathbf R")
    derivation = _derivation(_displays(unnamed))
    assert all(k.reason is None or k.reason.key != "derivation.passed_over" for l in derivation.lines for k in l.links)
    assert derivation.score < derivation.max_score


# -- vectors listed as their entries -----------------------------------------------------------------------------


@pytest.mark.parametrize("text, listed", [
    (r"y=[y_1,y_2,\cdots,y_j,\cdots,y_K],Y=[0,0,\cdots,1,\cdots,0]", True),  # two on a line, a comma between
    (r"\mathbf Y = [0, \cdots, 0, 1, 0, \cdots, 0]", True),  # the one-hot assumption
    (r"p=[p_1,p_{2},\dots,p_n], \quad t=[0,\ldots,1,\ldots,0]", True),  # the author's letters, spaced
    (r"y=[y_1,y_2,\cdots,y_j-1,\cdots,y_K],Y=[0,0,\cdots,1,\cdots,0]", False),  # an entry to check
    (r"y=[Y_1,Y_2,\cdots,Y_K]", False),  # another vector's entries: a claim
    (r"Y=[0,0,\cdots,2,\cdots,0]", False),
    (r"y=[y_1, y_2, y_3]", False),  # no ellipsis: a vector to read
])
def test_a_line_that_only_lists_vectors_is_told_apart(text, listed):
    from grader.mathparse.vector_listings import listed_vectors

    assert listed_vectors(text) is listed


def test_listed_vectors_cost_nothing_and_a_wrong_entry_stays_charged():
    listed = _derivation(_displays(r"y=[y_1,y_2,\cdots,y_j,\cdots,y_K],Y=[0,0,\cdots,1,\cdots,0]", JACOBIAN))
    assert listed.lines[0].links[0].reason.key == "derivation.listed_vectors"
    wrong = read_statement(r"y=[y_1,y_2,\cdots,y_j-1,\cdots,y_K],Y=[0,0,\cdots,1,\cdots,0]", SOFTMAX)
    assert isinstance(wrong, Unreadable)


# -- the same class written with partial fractions, \odot and the ones vector ------------------------------------


@pytest.mark.parametrize("written, holds", [
    (r"\frac{\partial E}{\partial \mathbf y} = -\frac{\mathbf Y}{\mathbf y}", True),
    (r"\frac{\partial E}{\partial \mathbf y} = \frac{\mathbf Y}{\mathbf y}", False),
    (r"\frac{\partial \mathbf y}{\partial \mathbf z} = \mathrm{diag}(\mathbf y) - \mathbf y^{T} \mathbf y", True),
    (r"\frac{\partial \mathbf y}{\partial \mathbf z} = \mathrm{diag}(\mathbf y) - 2\mathbf y^{T} \mathbf y", False),
    (r"\frac{\partial E}{\partial \mathbf z} = \frac{\partial E}{\partial \mathbf y} \frac{\partial \mathbf y}{\partial \mathbf z}", True),
    (r"\frac{\partial E}{\partial \mathbf z} = \frac{\partial E}{\partial \mathbf y}", False),
    (r"\nabla_{\mathbf y} E = -\mathbf Y \odot \frac{\mathbf 1}{\mathbf y}", True),
    (r"\nabla_{\mathbf y} E = -\mathbf Y \odot \mathbf y", False),
    (r"\mathbf 1^{T} \mathbf Y = 1", True),  # the labels sum to one (columns: a number)
    (r"\mathbf 1^{T} \mathbf Y = 2", False),
])
def test_vector_calculus_written_other_ways(written, holds):
    assert _verdicts(written)[0][0] is holds


def test_a_jacobian_equated_to_a_vector_is_wrong_math():
    statement = read_statement(r"\frac{\partial \mathbf y}{\partial \mathbf z} = \mathbf y", SOFTMAX)
    assert isinstance(statement, Unreadable) and statement.error.key == "parse.shape"


def test_a_wrong_line_before_a_named_matrix_is_charged_once():
    wrong = SIMPLIFIED.replace(r"&= \frac{\mathbf Y}{\mathbf y} \mathbf y^{T}", r"&= 2\frac{\mathbf Y}{\mathbf y} \mathbf y^{T}")
    derivation = _derivation(_displays(wrong))
    assert derivation.lines[1].links[0].valid is False
    assert derivation.lines[3].links[0].valid is not True and derivation.invalid_line == 2


def test_a_fault_of_the_vector_reading_leaves_the_parsers_reading(monkeypatch):
    import grader.mathparse.line as line_module

    def broken(*_args, **_kwargs):
        raise TypeError("a SymPy surprise")

    monkeypatch.setattr(line_module, "row_vector_line", broken)
    parsed = parse_line(r"\mathbf y - \mathbf Y = \mathbf y^\top - \mathbf Y^\top", SOFTMAX)
    assert "row_vectors" not in parsed.readings
