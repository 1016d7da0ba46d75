"""The two bracket helpers the shape readings share (grader/mathparse/brackets.py)."""

from __future__ import annotations

import pytest

from grader.mathparse.brackets import closing_bracket, split_outside_brackets


@pytest.mark.parametrize("text, start, expected", [
    ("p(y | x) + 1", 2, 7),             # the parenthesis opened before `start`
    ("f(g(x), [a, b]) z", 2, 14),       # nested brackets of every kind count
    ("q_\\theta(y \\right) x", 9, 17),  # `\right)` closes like `)`
    ("(a]", 1, 2),                      # a square bracket closes too: the caller checks its kind
    ("f(x", 2, None),                   # never closed
])
def test_the_closing_bracket_of_the_one_just_opened(text, start, expected):
    assert closing_bracket(text, start) == expected


@pytest.mark.parametrize("text, separator, expected", [
    ("a, b, c", ",", ["a", " b", " c"]),
    ("f(a, b), [c, d], {e, f}", ",", ["f(a, b)", " [c, d]", " {e, f}"]),
    ("y = [a = b] = c", "=", ["y ", " [a = b] ", " c"]),
    ("abc", ",", ["abc"]),
    ("a,", ",", ["a", ""]),
])
def test_the_text_is_cut_only_outside_brackets(text, separator, expected):
    assert split_outside_brackets(text, separator) == expected
