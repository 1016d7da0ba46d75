r"""Derivation rows: assumptions and cases stated in prose before a display (issue 11, round 5).

One-hot labels assumed in a sentence ("$Y_j = 1$ and the others 0", or a vector of zeros and a
single one with the true class written as `Y_j`) hold for the displays after it; a case written as
a paragraph of its own (`$i = j$`) holds for the display after it. A wrong step stays wrong.
"""

from __future__ import annotations

import pytest
from test_derivations_table import _line_verdicts

from grader.reading.answers_md import read_answers_document

ONE_HOT = "The labels are one-hot: $Y_j = 1$ and the others 0.\n"
ONE_HOT_LIST = "With $Y = [0, \\cdots, 0, 1, 0, \\cdots, 0]$ the loss is $E = -Y_j \\log y_j$ only.\n"


def _verdicts(prose: str, display: str):
    return _line_verdicts("softmax_ce_grad", f"## softmax-ce-grad\n{prose}$$\n{display}\n$$\n")


def _assumptions(markdown: str, section: str = "softmax-ce-grad") -> list[str]:
    return [line.assumption for line in read_answers_document(markdown).section(section).derivation]


@pytest.mark.parametrize(
    "prose, expected",
    [
        ("The labels are one-hot: $Y_j = 1$ and the others 0.", "Y_j = 1"),
        ("Let $Y_c = 1$ for the true class and $Y_k = 0$ for $k \\neq c$.", "Y_c = 1"),
        ("标签为独热向量：$Y_j = 1$，其余为 0。", "Y_j = 1"),
        ("$Y_j = 1, Y_k = 0 \\ (k \\neq j)$", "Y_j = 1"),
        # a vector of zeros and one 1: the true class is the one letter written on Y outside a sum
        ("$E = -\\sum_{i=1}^n Y_i \\log y_i$, $Y = [0, 0, \\cdots, 1, \\cdots, 0]$, $E = -Y_j \\log y_j$", "Y_j = 1"),
        # no letter, or two: which class is true is not said
        ("$Y = [0, 1, 0]$", ""),
        ("$Y = [0, \\cdots, 1, \\cdots, 0]$ and $Y_i$, $Y_k$", ""),
        # one entry set to one, nothing about the others (a sentence ended before "others")
        ("Suppose $Y_j = 1$. The others follow.", ""),
        ("Here $y_i = 1$ is a value.", ""),
    ],
)
def test_one_hot_labels_assumed_in_prose_are_kept_with_the_lines_after(prose, expected):
    markdown = f"## softmax-ce-grad\n$$\nA = B\n$$\n{prose}\n$$\nC = D\n$$\nmore words\n$$\nE = F\n$$\n"
    assert _assumptions(markdown) == ["", expected, expected]


def test_an_assumption_ends_with_its_section():
    markdown = f"## softmax-ce-grad\n{ONE_HOT}$$\nA = B\n$$\n## ce-mle\n$$\nC = D\n$$\n"
    assert _assumptions(markdown) == ["Y_j = 1"]
    assert _assumptions(markdown, "ce-mle") == [""]


@pytest.mark.parametrize(
    "prose, display, expected",
    [
        # sm08's pattern: the true class j, the derivative of the loss at j and at another class
        (ONE_HOT, r"\frac{\partial E}{\partial z_j} = y_j - 1", [(True, "derivation.reading")]),
        (ONE_HOT_LIST, r"\frac{\partial E}{\partial z_j} = y_j - 1", [(True, "derivation.reading")]),
        (ONE_HOT, r"E = -\log y_j", [(True, "derivation.reading")]),
        (ONE_HOT + "\n当 $i \\neq j$：\n", r"\frac{\partial E}{\partial z_i} = y_i", [(True, "derivation.reading")]),
        # a step that holds for any labels needs no note
        (ONE_HOT, r"\frac{\partial E}{\partial z_i} = y_i - Y_i", [(True, None)]),
        # without the assumption the same steps are wrong for soft labels
        ("", r"\frac{\partial E}{\partial z_j} = y_j - 1", [(False, "equivalence.differs")]),
        ("The labels sum to one: $\\sum_k Y_k = 1$.\n", r"\frac{\partial E}{\partial z_j} = y_j - 1", [(False, "equivalence.differs")]),
        # under the assumption, a wrong step is still caught
        (ONE_HOT, r"\frac{\partial E}{\partial z_j} = y_j + 1", [(False, "equivalence.differs")]),
        (ONE_HOT, r"E = -\log y_i", [(False, "equivalence.differs")]),
        (ONE_HOT + "\n当 $i \\neq j$：\n", r"\frac{\partial E}{\partial z_i} = -y_i", [(False, "equivalence.differs")]),
        # the other class without its case: i may be the true class
        (ONE_HOT, r"\frac{\partial E}{\partial z_i} = y_i", [(False, "equivalence.differs")]),
    ],
)
def test_steps_under_one_hot_labels_stated_in_prose(prose, display, expected):
    assert _verdicts(prose, display) == expected


@pytest.mark.parametrize(
    "prose, condition",
    [
        ("$i = j$", "i = j"),
        ("$i \\neq j$", "i \\neq j"),
        ("- $k \\neq i$:", "k \\neq i"),
        # an equation in a sentence is no case
        ("so $i = j$ here", ""),
    ],
)
def test_a_case_written_as_a_paragraph_of_its_own_holds_for_the_display_after_it(prose, condition):
    markdown = f"## softmax-ce-grad\n{prose}\n\n$$\nA = B\n$$\n"
    assert [line.condition for line in read_answers_document(markdown).section("softmax-ce-grad").derivation] == [condition]


def test_a_case_paragraph_without_colon_restricts_the_check():
    display = r"\frac{\partial y_i}{\partial z_j} = -y_i y_j"
    assert _verdicts("$i \\neq j$\n\n", display) == [(True, "derivation.reading")]  # valid in the case, which the feedback names
    assert _verdicts("$i = j$\n\n", display) == [(False, "equivalence.differs")]


def _with_later_definition(first: str, definition: str = r"S = \sum_{i=1}^n (y_i - w x_i - b)^2"):
    return _line_verdicts("mle_mse", f"## mle-mse\n$$\n{first}\n$$\nwhere\n$$\n{definition}\n$$\n")


@pytest.mark.parametrize(
    "first, expected",
    [
        # the author's S, defined on the line after the one that uses it ("where S = ..."): read with it
        (r"-\log L(w,b) = \frac{n}{2}\log(2\pi\sigma^2) + \frac{1}{2\sigma^2} S", (True, "derivation.reading")),
        # a wrong step with it is not passed (it stays unchecked: the reading may rest on more than the definition)
        (r"-\log L(w,b) = \frac{n}{2}\log(2\pi\sigma^2) + \frac{1}{\sigma^2} S", (None, "equivalence.could_not_evaluate")),
        # another name than the one defined has no value still
        (r"-\log L(w,b) = \frac{n}{2}\log(2\pi\sigma^2) + \frac{1}{2\sigma^2} S_n", (None, "equivalence.could_not_evaluate")),
    ],
)
def test_a_name_the_author_defines_after_the_line_that_uses_it(first, expected):
    assert _with_later_definition(first) == [expected, (True, "derivation.defines")]


GIVEN_S = "with ($S = \\displaystyle\\sum_{j=1}^{K} e^{z_j}$, $K = 3$)\n\n"


def test_equations_of_the_prose_are_kept_with_the_lines_after():
    markdown = f"## softmax-ce-grad\n$$\nA = B\n$$\n{GIVEN_S}$$\nC = D\n$$\nso $i < j$ and $i = j$\n$$\nE = F\n$$\n"
    given = [line.given for line in read_answers_document(markdown).section("softmax-ce-grad").derivation]
    s = "S = \\displaystyle\\sum_{j=1}^{K} e^{z_j}"
    assert given == [(), (s, "K = 3"), (s, "K = 3", "i = j")]


@pytest.mark.parametrize(
    "prose, display, expected",
    [
        # sm04's pattern: the author's shorthand for the softmax denominator, defined in prose
        (GIVEN_S, r"y_i = \frac{e^{z_i}}{S}", [(True, None)]),
        (GIVEN_S, r"\frac{\partial y_i}{\partial z_i} = \frac{e^{z_i} S - e^{z_i} e^{z_i}}{S^2}", [(True, None)]),
        # a wrong step with it is caught
        (GIVEN_S, r"y_i = \frac{e^{z_j}}{S}", [(False, "equivalence.differs")]),
        (GIVEN_S, r"\frac{\partial y_i}{\partial z_i} = \frac{e^{z_i} S + e^{z_i} e^{z_i}}{S^2}", [(False, "equivalence.differs")]),
        # without the prose, S has no value
        ("", r"y_i = \frac{e^{z_i}}{S}", [(None, "equivalence.could_not_evaluate")]),
        # a size given as an example is no definition of the problem's K, nor is a case one of an index
        ("with $K = 3$ classes\n\n", r"\sum_{k=1}^{K} Y_k = 1", [(True, None)]),
        ("when $i = j$ we get\n\n", r"\frac{\partial y_i}{\partial z_j} = y_i (1 - y_j)", [(True, "derivation.reading")]),  # valid in the case, which the feedback names
        ("when $i = j$ we get\n\n", r"\frac{\partial y_i}{\partial z_j} = -y_i y_j", [(False, "equivalence.differs")]),
        # the problem's own E stated in prose is not redefined: a wrong display of it is still caught
        ("where $E = -\\log y_i$\n\n", r"E = -\sum_{k=1}^{K} Y_k \log y_k + 1", [(False, "equivalence.differs")]),
    ],
)
def test_a_name_the_prose_defines_before_a_display(prose, display, expected):
    assert _verdicts(prose, display) == expected
