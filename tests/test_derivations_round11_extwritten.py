r"""Derivation rows, round 11 (issue 11): the extended course's derivations in the author's own letters.

- The perceptron's convergence proof as authors write it: the update's two iterates at the author's index
  (`w_{t+1}`, `w_t`; `W_{t+1}`; `\vec w_{k+1}`, `w^{k+1}`), the separating vector dotted with them (`w^*`, `W_f`,
  `\vec w^*`), the sample the update adds (`y_t x_t`, `y_{n(t)} x_{n(t)}`) and a margin the update count multiplies
  (`k\delta`) read as the problem's `w_k`, `w_{k-1}`, `w_{opt}`, `y_i x_i`, `\gamma`.  A proof that counts its
  iterates from 1 (`w_{0+1} = 0`) is read one index lower on every line; where the author's index letter is the
  problem's k and the start is not written, only a line with the one step (and no other k) is.

Each reading comes with wrong variants that stay charged (a sign slip, a dropped factor, indices swapped, a wrong
coefficient), and the feedback says which reading was taken.
"""

from __future__ import annotations

import pytest
from test_extended_derivations import derivation_part, grade_section


def _lines(module: str, title: str, displays: list[str]) -> list[list[tuple[bool | None, str | None]]]:
    markdown = f"## {title}\n\n" + "\n\n".join(f"$$\n{display}\n$$" for display in displays) + "\n"
    derivation = derivation_part(grade_section(module, markdown))
    return [[(k.valid, k.reason.key if k.reason else None) for k in line.links] for line in derivation.lines]


def _step_verdicts(module: str, title: str, displays: list[str]) -> list[bool | None]:
    """Each line's verdict on its steps (notes aside)."""
    return [next((valid for valid, key in links if key is None or not key.endswith(".read")), None)
            if any(key is None or not key.endswith(".read") for _, key in links) else True
            for links in _lines(module, title, displays)]


def _perceptron(displays: list[str]) -> list[bool | None]:
    return _step_verdicts("perceptron_convergence", "perceptron-convergence", displays)


# -- the perceptron's update in the author's names -------------------------------------------------------------


@pytest.mark.parametrize(
    "display, expected",
    [
        # the author's t for the update before, t+1 after, a star on the separator, bold vectors
        (r"\mathbf{w}_{t+1}^\top \mathbf{w}^* = \mathbf{w}_t^\top \mathbf{w}^* + y_t \mathbf{x}_t^\top \mathbf{w}^*", True),
        (r"\mathbf{w}_{t+1}^\top \mathbf{w}^* = \mathbf{w}_t^\top \mathbf{w}^* - y_t \mathbf{x}_t^\top \mathbf{w}^*", False),  # sign slip
        (r"\|w_{t+1}\|^2 = \|w_t\|^2 + 2 y_t w_t^T x_t + \|x_t\|^2", True),
        (r"\|w_{t+1}\|^2 = \|w_t\|^2 - 2 y_t w_t^T x_t + \|x_t\|^2", False),  # sign slip
        (r"\|w_{t+1}\|^2 = \|w_t\|^2 + y_t w_t^T x_t + \|x_t\|^2", False),  # the 2 dropped
        # a capital letter, the separator named by a letter (`W_f`), a transposition written before the mark
        (r"W^T_f W_{s+1} = W_f^T (W_s + y_{j} x_{j})", True),
        (r"W^T_f W_{s+1} = W_f^T (W_s + x_{j})", False),  # the label dropped
        (r"W^T_f W_{s} = W_f^T (W_{s+1} + y_{j} x_{j})", False),  # before and after swapped
    ],
)
def test_the_update_in_the_authors_letters_is_the_problems(display, expected):
    assert _perceptron([display]) == [expected]


def test_an_author_who_counts_iterates_from_one_is_read_one_index_lower_on_every_line():
    verdicts = _perceptron([
        r"\|\vec w_{0+1}\|^2 = 0",
        r"\|\vec w_{k+1}\|^2 \le \|\vec w_k\|^2 + R^2",
        r"\|\vec w_{k+1}\|^2 \le k R^2",  # after k updates: the problem's w_k
        r"\vec w_{k+1} \cdot \vec w^* \ge k \delta",  # the margin the count multiplies: the problem's gamma
    ])
    assert verdicts == [True, True, True, True]
    wrong = _perceptron([r"\|\vec w_{0+1}\|^2 = 0", r"\|\vec w_{k+1}\|^2 \le (k-1) R^2"])  # a wrong coefficient
    assert wrong == [True, False]
    wrong = _perceptron([r"\|\vec w_{0+1}\|^2 = 0", r"\|\vec w_{k+1}\|^2 \le \|\vec w_k\|^2 - R^2"])
    assert wrong == [True, False]


def test_a_step_written_one_index_later_is_the_problems_step_where_the_count_is_k():
    verdicts = _perceptron([
        r"w_{k+1}^T w_{opt} \ge w_k^T w_{opt} + \gamma",  # the one step, one index later
        r"w_k^T w_{opt} \ge k\gamma",  # a bound in k: the problem's own w_k, not shifted
        r"\|w_{k+1}\|^2 \le \|w_k\|^2 + R^2",
        r"\|w_{k+1}\|^2 \le \|w_k\|^2 - R^2",  # sign slip
    ])
    assert verdicts == [True, True, True, False]
    # a line that writes the count beside the step is not read one index later (the bound would change)
    assert _perceptron([r"\|w_{k+1}\|^2 \le \|w_{k}\|^2 + R^2 + k"]) == [None]


def test_the_feedback_names_the_iterates_as_read():
    lines = derivation_part(grade_section(
        "perceptron_convergence", "## perceptron-convergence\n\n$$\nW^T_f W_{s+1} = W_f^T (W_s + y_{j} x_{j})\n$$\n")).lines
    note = lines[0].links[0]
    assert note.reason is not None and note.reason.key == "iterate_letters.read"
    assert "w_{k}" in note.reason.params["letters"] and "w_{opt}" in note.reason.params["letters"]
    assert "x_i" in note.reason.params["letters"]


def test_three_iterates_of_the_author_are_not_read_onto_the_problems_two():
    # `w_{t-1}`, `w_t`, `w_{t+1}`: no reading; the lines stay unchecked (never passed on a guess)
    assert _perceptron([r"w_{t+1}^T w^* \ge w_t^T w^* + \gamma", r"w_t^T w^* \ge w_{t-1}^T w^* + \gamma"]) == [None, None]


def test_a_vector_of_another_letter_dotted_with_the_update_is_any_vector():
    # `u`: not read as the separator; the update's identity holds for any u, a sign slip is never passed
    assert _perceptron([r"w_{t+1}^T u = w_t^T u + y_t x_t^T u"]) == [True]
    assert _perceptron([r"w_{t+1}^T u = w_t^T u - y_t x_t^T u"]) in ([False], [None])
