r"""Round 10 (issue 11), helper katex: an expression broken over two lines at an operator is one expression.

Authors break a long side where the rendered line ends: the next line begins with `+`, `\cdot`, `\times`
(`&\quad + \frac{n}{2}\log(2\pi\sigma^2)`), or the line ends with one.  A TA reads one side: the first line's step
is judged with the tail, and a next `= ...` line continues from the whole side.  Wrong variants stay charged: a
wrong coefficient or sign in the tail, a dropped factor, and an unindented `-` line that states something new is
not taken as a tail.
"""

from __future__ import annotations

import pytest
from test_derivations_table import grade_section

from grader.derivations.continued_expressions import operator_lines_joined
from grader.derivations.written_lines import with_text

_DB = r"\frac{\partial}{\partial b} \frac{1}{2\sigma^2}\sum_{i=1}^n (y_i - w x_i - b)^2"


def _links(module: str, body: str) -> list[list[bool | None]]:
    section = module.replace("_", "-")
    derivation = next(p for p in grade_section(module, f"## {section}\n\n$$\n\\begin{{aligned}}\n{body}\n\\end{{aligned}}\n$$\n").parts
                      if p.id == "derivation")
    return [[k.valid for k in line.links] for line in derivation.lines]


class _Line:
    def __init__(self, number: int, text: str) -> None:
        self.number, self.text = number, text


def _joined(*texts: str) -> list[str]:
    return [line.text for line in operator_lines_joined([_Line(n, t) for n, t in enumerate(texts, 1)], with_text)]


@pytest.mark.parametrize("texts, read", [
    (("L = a + b", r"\quad + c", "= d"), ["L = a + b + c", "a + b + c", "= d"]),
    (("L = a + b +", "c", "= d"), ["L = a + b + c", "a + b + c", "= d"]),
    (("u = p q", r"\cdot r = s"), [r"u = p q \cdot r", "= s"]),
    (("u = p q", r"\qquad \times r"), [r"u = p q \times r", r"p q \times r"]),
    (("u = p", r"\quad - q"), ["u = p - q", "p - q"]),  # an indented minus
    (("u = p +", r"q \\", r"\quad + t = s"), ["u = p + q + t", "p + q + t", "= s"]),  # three lines
])
def test_a_side_broken_at_an_operator_is_joined(texts, read):
    assert _joined(*texts) == read


@pytest.mark.parametrize("texts", [
    ("u = p", r"-\log q = r"),  # an unindented minus: may state something new
    ("u = p =", r"+ q"),  # an equality left open: the equalities' own join
    (r"u = p \quad \text{so}", r"+ q"),  # prose before
    ("u = p", "q = r"),  # no operator
    ("u = p -", "= q"),  # nothing to carry
    ("u = H w^*", r"\tilde w = v"),  # a star above is no product
    (r"u = H w^\ast", "v = r"),
    ("u = H w_{*}", "v"),
    (r"\{0, 1, \dots, K\}", r"\cdot \rightarrow 0"),  # a bullet before a relation: no tail
])
def test_lines_that_do_not_continue_a_side_are_left(texts):
    assert _joined(*texts) == list(texts)


def test_a_valid_side_broken_at_a_plus_is_valid():
    body = _DB + r" &= -\frac{1}{\sigma^2}\sum_{i=1}^n y_i \\ &\quad + \frac{1}{\sigma^2}\sum_{i=1}^n (w x_i + b)"
    assert _links("mle_mse", body)[0] == [True]


@pytest.mark.parametrize("tail", [
    r"&\quad + \frac{2}{\sigma^2}\sum_{i=1}^n (w x_i + b)",  # wrong coefficient in the tail
    r"&\quad - \frac{1}{\sigma^2}\sum_{i=1}^n (w x_i + b)",  # sign slip in the tail
    r"&\quad + \frac{1}{\sigma^2}\sum_{i=1}^n w x_i",  # a term dropped
    r"&\quad \cdot \frac{1}{\sigma^2}\sum_{i=1}^n (w x_i + b)",  # a product for a sum
])
def test_a_wrong_tail_is_charged_on_the_first_line(tail):
    body = _DB + r" &= -\frac{1}{\sigma^2}\sum_{i=1}^n y_i \\ " + tail
    assert _links("mle_mse", body)[0] == [False]


def test_the_next_equality_continues_from_the_whole_side():
    body = (r"\frac{\partial E}{\partial z_i} &= -Y_i + y_i \\ &\quad \cdot \sum_k Y_k \\ &= y_i - Y_i")
    assert _links("softmax_ce_grad", body)[-1] == [True]
    wrong = (r"\frac{\partial E}{\partial z_i} &= -Y_i + y_i \\ &\quad \cdot \sum_k Y_k \\ &= Y_i - y_i")
    assert _links("softmax_ce_grad", wrong)[-1] == [False]


def test_a_tail_read_alone_no_longer_makes_a_wrong_step_pass():
    """`+ c = d` was checked as `c = d`: here `\\sum_k Y_k = 1` holds alone, `y_i - Y_i + \\sum_k Y_k = 1` does not."""
    body = r"\frac{\partial E}{\partial z_i} &= y_i - Y_i \\ &\quad + \sum_k Y_k \\ &= 1"
    assert _links("softmax_ce_grad", body)[-1] == [False]
