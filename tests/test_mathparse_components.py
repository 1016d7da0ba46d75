r"""A vector equation over a problem's index, read as the equation of its k-th components."""

from __future__ import annotations

import pytest
import sympy

from grader.course.course import load_problem
from grader.mathparse import MathParseError, parse_line

SOFTMAX = load_problem("softmax_ce_grad").notation
MLE = load_problem("mle_mse").notation
y, Y, z = (sympy.IndexedBase(name) for name in ("y", "Y", "z"))


@pytest.mark.parametrize(
    "line",
    [
        r"\frac{\partial E}{\partial \mathbf{z}} = \mathbf{y} - \mathbf{Y}",
        r"\frac{\partial E}{\partial \mathbf z} = \left( \begin{matrix} y_1 - Y_1 \\ y_2 - Y_2 \\ \vdots \\ y_K - Y_K \end{matrix} \right)",
        r"\frac{\partial E}{\partial z} = \begin{bmatrix} y_1 - Y_1 \\ \vdots \\ y_{K-1} - Y_{K-1} \\ y_{K} - Y_{K} \end{bmatrix}",
    ],
)
def test_a_vector_equation_is_read_per_component(line):
    parsed = parse_line(line, SOFTMAX)
    index = parsed.terms[1].atoms(sympy.Indexed).pop().indices[0]  # a problem index the line does not use
    assert str(index) in SOFTMAX.index_ranges
    assert parsed.terms == (sympy.Derivative(sympy.Symbol("E"), z[index]), y[index] - Y[index]), parsed
    assert "componentwise" in parsed.readings


@pytest.mark.parametrize(
    "column",
    [
        # the second row is not the pattern's second entry
        r"\begin{pmatrix} y_1 - Y_1 \\ y_3 - Y_2 \\ \vdots \\ y_K - Y_K \end{pmatrix}",
        # the first row differs from the last row's pattern
        r"\begin{pmatrix} y_1 - Y_1 \\ \vdots \\ y_K + Y_K \end{pmatrix}",
        # no row of the pattern's end: nothing to read the generic entry from
        r"\begin{pmatrix} y_1 - Y_1 \\ y_2 - Y_2 \\ \vdots \end{pmatrix}",
    ],
)
def test_a_column_whose_rows_do_not_follow_one_pattern_is_not_read(column):
    with pytest.raises(MathParseError):
        parse_line(r"\frac{\partial E}{\partial \mathbf z} = " + column, SOFTMAX)


@pytest.mark.parametrize(
    "line",
    [
        r"y = w x + b",  # the model written with vectors: no derivative, no per-component reading
        r"\frac{\partial E}{\partial z} = y_i - Y",  # an entry beside a bare family: not one vector equation
    ],
)
def test_other_lines_with_bare_families_are_read_as_before(line):
    notation = MLE if "w x" in line else SOFTMAX
    assert "componentwise" not in parse_line(line, notation).readings


@pytest.mark.parametrize(
    "written, read",
    [
        (r"L(\hat{y}, \sigma \mid y_1, y_2, \dots, y_n)", r"L(\hat{y}, \sigma \mid \mathbf{y})"),
        (r"p(x_1, \ldots, x_n)", r"p(\mathbf{x})"),
    ],
)
def test_a_family_listed_with_an_ellipsis_as_an_argument_is_its_vector(written, read):
    from grader.mathparse.rewrites import rewrite

    assert rewrite(written) == read
    assert parse_line(written + " = 1", MLE).terms == parse_line(read + " = 1", MLE).terms


@pytest.mark.parametrize(
    "text",
    [
        r"a=[a_1,a_2,\cdots,a_j,\cdots,a_n]",  # a case in the middle of the list: not the plain vector
        r"f(a_1, \dots, b_n)",  # two families: not one vector
        r"f(a_1, a_3, \dots, a_n)",  # not 1, 2, ...
    ],
)
def test_other_lists_with_an_ellipsis_are_not_read_as_a_vector(text):
    from grader.mathparse.rewrites import rewrite

    assert "\\mathbf" not in rewrite(text)


@pytest.mark.parametrize(
    "line",
    [
        r"\frac{\partial E}{\partial \mathbf z} = \mathbf y \cdot \mathbf Y",  # a dot product, or elementwise?
        r"\frac{\partial E}{\partial \mathbf z} = \log \mathbf y",  # a function of a vector
        r"\|\mathbf y - \mathbf Y\|^2",  # a norm: a sum over the entries, not an entry
        r"\mathbf y^T \mathbf Y",
    ],
)
def test_only_expressions_linear_in_the_vectors_are_read_per_component(line):
    assert "componentwise" not in parse_line(line, SOFTMAX).readings


def test_the_gradient_by_a_vector_is_the_partial_derivative_by_its_entry():
    parsed = parse_line(r"\nabla_{\mathbf z} E = \mathbf y - \mathbf Y", SOFTMAX)
    index = parsed.terms[1].atoms(sympy.Indexed).pop().indices[0]
    assert parsed.terms[0] == sympy.Derivative(sympy.Symbol("E"), z[index])


def test_the_largest_entry_of_the_authors_own_family():
    # Z is no family of the problem: Z_i with i free is one name, but max({Z}_i) still runs over i
    term = parse_line(r"c = \max({{Z}_i})", SOFTMAX).terms[1]
    assert isinstance(term, sympy.Sum) and sympy.IndexedBase("Z") in term.atoms(sympy.IndexedBase)
