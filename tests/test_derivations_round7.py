r"""Derivation rows, round 7 (issue 11): notation the parser must read.

- a chain with steps left out at an ellipsis (`A = B = \dots = C`): B to C is checked as one step;
- a vector written as the list of its entries with ellipses (`[y_1, y_2, \cdots, y_j - 1, \cdots, y_K]`),
  one entry set apart at the place j: read as its k-th entry;
- the author's alias of a problem's letter reaches its decorated and starred forms (`\tilde\omega`,
  `\omega^*` for the author's ω standing for w);
- the author's own letters for vectors and matrices (`J(w^* + u)`, `Q(D + \alpha I)Q^T`), which the parser
  took for numbers, are read in the shape the line needs instead of charging the line as wrong math.

Each reading comes with a wrong variant that is still caught (or left unchecked, never passed).
"""

from __future__ import annotations

import dataclasses

import pytest
from test_derivations_table import _line_verdicts

from grader.course.course import load_problem
from grader.mathparse import MathParseError, parse_line

SOFTMAX = load_problem("softmax_ce_grad").notation
L2 = load_problem("l2_shrinkage").notation
ONE_HOT = "The labels are one-hot: $Y_j = 1$ and the others 0.\n"


def _softmax(display: str, prose: str = "") -> list:
    return _line_verdicts("softmax_ce_grad", f"## softmax-ce-grad\n{prose}$$\n{display}\n$$\n")


def _l2(display: str) -> list:
    return _line_verdicts("l2_shrinkage", f"## l2-shrinkage\n$$\n{display}\n$$\n")


# -- steps left out at an ellipsis ----------------------------------------------------------------------


@pytest.mark.parametrize("src", [
    r"a = b = \dots = c",
    r"a = b = \cdots = c",
    r"a = b = \ldots = c",
    r"a = b = ... = c",
])
def test_a_chain_with_elided_steps_links_the_sides_around_the_ellipsis(src):
    parsed = parse_line(src)
    assert [str(t) for t in parsed.terms] == ["a", "b", "c"]
    assert parsed.relations == ("=", "=")
    assert "elided_steps" in parsed.readings


def test_a_continued_line_may_start_with_elided_steps():
    parsed = parse_line(r"= \dots = c")
    assert parsed.leading_relation == "=" and [str(t) for t in parsed.terms] == ["c"]


@pytest.mark.parametrize("src", [
    r"a = \dots",  # nothing after the ellipsis
    r"a = b + \dots + c",  # an ellipsis inside an expression is no left-out step
])
def test_an_ellipsis_that_stands_for_no_steps_stays_unread(src):
    with pytest.raises(MathParseError):
        parse_line(src)


def test_elided_steps_between_two_relations_that_differ_are_not_read_as_one():
    with pytest.raises(MathParseError):
        parse_line(r"a = \dots \Rightarrow c")


@pytest.mark.parametrize("end, expected", [
    ("y_i(1 - y_i)", (True, None)),
    ("y_i - y_i^2", (True, None)),
    # the steps left out must still arrive at the right result
    ("y_i(1 + y_i)", (False, "equivalence.differs")),
    ("1 - y_i", (False, "equivalence.differs")),
])
def test_the_step_across_an_ellipsis_is_checked(end, expected):
    display = (r"\frac{\partial y_i}{\partial z_i} = \frac{\partial}{\partial z_i} \frac{e^{z_i}}{\sum_{k=1}^{K} e^{z_k}}"
               rf" = \dots = {end}")
    verdicts = _softmax(display)
    assert verdicts[-1] == expected, verdicts


# -- a vector listed with ellipses ------------------------------------------------------------------------


@pytest.mark.parametrize("src", [
    r"\frac{\partial E}{\partial y} = [0, 0, 0, \cdots, -\frac{1}{y_j}, \cdots, 0]",
    r"\frac{\partial E}{\partial z} = [y_1, y_2, \cdots, y_j - 1, \cdots, y_n] = y - Y",
    r"\frac{\partial E}{\partial z} = [y_1 - Y_1, y_2 - Y_2, \dots, y_K - Y_K]",
    r"\frac{\partial E}{\partial z} = \left[y_1 - Y_1, \ldots, y_K - Y_K\right]",
])
def test_a_list_with_ellipses_is_read_as_its_generic_entry(src):
    parsed = parse_line(src, SOFTMAX)
    assert "componentwise" in parsed.readings
    assert not any(e.base.label.name in ("y", "Y") and len(e.indices) != 1 for t in parsed.terms for e in t.atoms(__import__("sympy").Indexed))


@pytest.mark.parametrize("src", [
    r"\frac{\partial E}{\partial z} = [y_1, y_3, \cdots, y_K]",  # the second entry is not the pattern at 2
    r"\frac{\partial E}{\partial z} = [y_1, y_2, \cdots, y_i]",  # it ends at a place, not at the list's length
    r"\frac{\partial E}{\partial z} = [y_1, \cdots, y_j - 1, y_i, \cdots, y_K]",  # two entries set apart
    r"\frac{\partial E}{\partial z} = [y_1, \cdots, 1, \cdots, y_K]",  # an entry set apart with no place
    r"\frac{\partial E}{\partial z} = \mathbb{E} [y_1, \dots, y_K]",  # a bracket after a name is no list
])
def test_a_list_whose_pattern_is_not_clear_stays_as_written(src):
    with pytest.raises(MathParseError):
        parse_line(src, SOFTMAX)


@pytest.mark.parametrize("display, expected", [
    (r"\frac{\partial E}{\partial y} = [0, 0, 0, \cdots, -\frac{1}{y_j}, \cdots, 0]", True),
    (r"\frac{\partial E}{\partial z} = [y_1, y_2, \cdots, y_j - 1, \cdots, y_K]", True),
    (r"\frac{\partial E}{\partial z} = [y_1, y_2, \cdots, y_j - 1, \cdots, y_n] = y - Y", True),
    # a wrong entry set apart, a wrong generic entry: still caught
    (r"\frac{\partial E}{\partial z} = [y_1, y_2, \cdots, y_j + 1, \cdots, y_K]", False),
    (r"\frac{\partial E}{\partial y} = [0, 0, 0, \cdots, \frac{1}{y_j}, \cdots, 0]", False),
    (r"\frac{\partial E}{\partial z} = [2y_1, 2y_2, \cdots, y_j - 1, \cdots, 2y_K]", False),
])
def test_a_listed_gradient_under_one_hot_labels(display, expected):
    verdicts = _softmax(display, ONE_HOT)
    assert [valid for valid, _ in verdicts] == [expected] * len(verdicts), verdicts


def test_a_listed_one_hot_gradient_is_wrong_for_labels_that_are_not_one_hot():
    verdicts = _softmax(r"\frac{\partial E}{\partial z} = [y_1, y_2, \cdots, y_j - 1, \cdots, y_K]")
    assert verdicts == [(False, "equivalence.differs")]


# -- the author's alias, decorated --------------------------------------------------------------------


@pytest.mark.parametrize("src, expected", [
    (r"\tilde\omega", "tilde_w"),
    (r"\omega^*", "w_star"),
    (r"\omega^\ast", "w_star"),
    (r"\omega", "w"),
    # the problem has no hat_w: the author's decorated letter stays their own
    (r"\hat\omega", "hat_omega"),
])
def test_an_alias_reaches_the_decorated_and_starred_letter(src, expected):
    notation = dataclasses.replace(L2, aliases={**L2.aliases, "omega": "w"})
    parsed = parse_line(f"{src} = 0", notation)
    assert str(parsed.terms[0]) == expected


# -- the author's vectors and matrices ----------------------------------------------------------------


@pytest.mark.parametrize("src, shapes", [
    (r"J(w^* + u) = J(w^*) + u^T \nabla J(w^*) + \frac{1}{2}u^T H u", {"u": ("d", "1")}),
    (r"\alpha \tilde \omega + H(\tilde \omega - \omega^*) = 0", {"tilde_omega": ("d", "1"), "omega_star": ("d", "1")}),
    (r"(Q(D + \alpha I)Q^T)^{-1} = Q(D + \alpha I)^{-1} Q^T", {"D": ("d", "d")}),
])
def test_the_authors_letters_take_the_shape_the_line_needs(src, shapes):
    parsed = parse_line(src, L2)
    assert "vector_letters" in parsed.readings
    for name, shape in shapes.items():
        found = [m for t in parsed.terms for m in t.atoms(__import__("sympy").MatrixSymbol) if m.name == name]
        assert found and tuple(str(n) for n in found[0].shape) == shape


@pytest.mark.parametrize("src", [
    r"w + 1 = H w",  # a number added to the problem's vector: no letter of the author's to blame
    r"H + w = 0",  # two of the problem's shapes that do not fit
])
def test_a_shape_error_in_the_problems_own_names_stays_an_error(src):
    with pytest.raises(MathParseError) as caught:
        parse_line(src, L2)
    assert caught.value.key == "parse.shape"


@pytest.mark.parametrize("display", [
    r"J(w^* + u) = J(w^*) + u^T \nabla J(w^*) + \frac{1}{2}u^T H u",
    # wrong: a factor lost; the letters have no value, so the step is left unchecked, never passed
    r"J(w^* + u) = J(w^*) + u^T \nabla J(w^*) + u^T H u",
])
def test_a_step_in_the_authors_vectors_is_not_charged_as_wrong_math(display):
    verdicts = _l2(display)
    assert verdicts and all(valid is None for valid, _ in verdicts), verdicts


# -- the softmax of a whole vector --------------------------------------------------------------------


@pytest.mark.parametrize("display, expected", [
    (r"\frac{\partial E}{\partial z} = softmax(z) - Y", (True, "derivation.reading")),
    (r"\frac{\partial E}{\partial \mathbf z} = \mathrm{softmax}(\mathbf z) - \mathbf Y", (True, "derivation.reading")),
    # the sign flipped, the labels dropped: still caught
    (r"\frac{\partial E}{\partial z} = Y - softmax(z)", (False, "equivalence.differs")),
    (r"\frac{\partial E}{\partial z} = softmax(z)", (False, "equivalence.differs")),
])
def test_the_softmax_of_the_whole_vector_in_a_vector_equation(display, expected):
    assert _softmax(display) == [expected]


def test_the_softmax_of_one_entry_is_not_read_as_the_vector():
    parsed = parse_line(r"\frac{\partial E}{\partial z} = softmax(z_i) - Y", SOFTMAX)
    assert "componentwise" not in parsed.readings


@pytest.mark.parametrize("src, sides", [
    (r"\frac{\partial E}{\partial z}=[y_1,y_2,\cdots,y_j-1,\cdots,y_n]=y-Y",
     (r"\frac{\partial E}{\partial z}", r"[y_1,y_2,\cdots,y_j-1,\cdots,y_n]", "y-Y")),
    (r"\frac{\partial E}{\partial z} = \begin{pmatrix} y_1 - Y_1 \\ \vdots \\ y_K - Y_K \end{pmatrix}",
     (r"\frac{\partial E}{\partial z}", r"\begin{pmatrix} y_1 - Y_1 \\ \vdots \\ y_K - Y_K \end{pmatrix}")),
    (r"\frac{\partial E}{\partial z} = softmax(z) - Y", (r"\frac{\partial E}{\partial z}", "softmax(z) - Y")),
])
def test_a_side_read_by_its_entries_is_quoted_as_written(src, sides):
    """Feedback quotes the student's math, not the text the reading rewrote it to."""
    assert parse_line(src, SOFTMAX).term_sources == sides
