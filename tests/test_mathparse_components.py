r"""A vector equation over a problem's index, read as the equation of its k-th components."""

from __future__ import annotations

import pytest
import sympy

from grader.course import load_problem
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
