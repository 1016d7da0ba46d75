r"""Derivation rows: vector equations of the softmax gradient, checked per component (issue 11)."""

from __future__ import annotations

import pytest

from test_derivations_table import _line_verdicts


def _verdicts(display: str):
    return _line_verdicts("softmax_ce_grad", f"## softmax-ce-grad\n$$\n{display}\n$$\n")


@pytest.mark.parametrize(
    "display, expected",
    [
        (r"\frac{\partial E}{\partial \mathbf z} = \mathbf y - \mathbf Y", [(True, "derivation.reading")]),
        # the same with a sign slip: a wrong vector equation is charged
        (r"\frac{\partial E}{\partial \mathbf z} = \mathbf Y - \mathbf y", [(False, "equivalence.differs")]),
        (r"\frac{\partial E}{\partial \mathbf{z}} = \left( \begin{matrix} y_1 - Y_1 \\ y_2 - Y_2 \\ \vdots \\ "
         r"y_K - Y_K \end{matrix} \right)", [(True, "derivation.reading")]),
        # a column whose every row is wrong the same way
        (r"\frac{\partial E}{\partial \mathbf{z}} = \begin{pmatrix} y_1 + Y_1 \\ y_2 + Y_2 \\ \vdots \\ "
         r"y_K + Y_K \end{pmatrix}", [(False, "equivalence.differs")]),
    ],
)
def test_a_vector_gradient_is_checked_per_component(display, expected):
    assert _verdicts(display) == expected
